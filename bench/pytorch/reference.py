#!/usr/bin/env python3
"""PyTorch (and numpy) reference timings for radlab's performance workloads (issue #14).

Same shapes and the same algorithms as src/test/java/radlab/bench/PyTorchComparisonBenchmark.java:
784-256-256-10 ReLU MLP (workloads cnn-*: the CNN cnn:c32k5-p2-c64k5-p2-d128), float32, the shipped 10,000-digit MNIST subset (first 8,000 rows train, last 2,000 test),
batch 64, Adam 1e-3, lambda 0.01. One thread (torch.set_num_threads(1), OMP_NUM_THREADS=1 set by run.sh).

Usage: reference.py WORKLOAD [--reps N]   prints one line "WORKLOAD seconds_median seconds_min cpu_seconds_median"
"""
import argparse
import gzip
import os
import statistics
import struct
import sys
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "..", "src", "main", "resources", "radlab", "data", "mnist")
LAMBDA = 0.01


def load_mnist():
    with gzip.open(os.path.join(DATA, "images-idx3-ubyte.gz")) as f:
        raw = f.read()
    _, n, r, c = struct.unpack(">IIII", raw[:16])
    x = np.frombuffer(raw, dtype=np.uint8, offset=16).reshape(n, r * c).astype(np.float32) / np.float32(255)
    with gzip.open(os.path.join(DATA, "labels-idx1-ubyte.gz")) as f:
        raw = f.read()
    y = np.frombuffer(raw, dtype=np.uint8, offset=8).astype(np.int64)
    return x, y


THREADS = 1  # --threads: 0 keeps PyTorch's defaults (intra-op threads = cores, unless OMP_NUM_THREADS says otherwise)


def torch_setup():
    import torch
    if THREADS > 0:
        torch.set_num_threads(THREADS)
        torch.set_num_interop_threads(THREADS)
    return torch


def mlp(torch, seed=1):
    torch.manual_seed(seed)
    net = torch.nn.Sequential(torch.nn.Linear(784, 256), torch.nn.ReLU(), torch.nn.Linear(256, 256), torch.nn.ReLU(),
                              torch.nn.Linear(256, 10))
    for m in net:
        if isinstance(m, torch.nn.Linear):  # He-normal weights, zero biases, as radlab's Mlp.initialize
            torch.nn.init.normal_(m.weight, 0.0, (2.0 / m.in_features) ** 0.5)
            torch.nn.init.zeros_(m.bias)
    return net


def cnn(torch, seed=1):
    """radlab's cnn:c32k5-p2-c64k5-p2-d128 on 1x28x28: conv 32 5x5, ReLU, max-pool 2, conv 64 5x5, ReLU, max-pool 2,
    dense 128, ReLU, dense 10; He-normal weights, zero biases."""
    torch.manual_seed(seed)
    nn = torch.nn
    net = nn.Sequential(nn.Unflatten(1, (1, 28, 28)), nn.Conv2d(1, 32, 5), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(32, 64, 5),
                        nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(), nn.Linear(64 * 4 * 4, 128), nn.ReLU(), nn.Linear(128, 10))
    for m in net:
        if isinstance(m, (nn.Linear, nn.Conv2d)):
            fan_in = m.weight[0].numel()
            torch.nn.init.normal_(m.weight, 0.0, (2.0 / fan_in) ** 0.5)
            torch.nn.init.zeros_(m.bias)
    return net


def jacobian_rows(torch, net, x, seeds):
    """Rows v^T J(x_b) for every seed v (seeds: S x B x K), batched with vmap, graph kept for double backprop."""
    x = x.requires_grad_(True)
    out = net(x)
    (g,) = torch.autograd.grad(out, x, grad_outputs=seeds, is_grads_batched=True, create_graph=True)
    return out, g  # g: S x B x 784


def make_objective(torch, kind):
    ce = torch.nn.functional.cross_entropy
    eye = None

    def plain(net, x, y):
        return ce(net(x), y)

    def exact_rows(net, x):
        """Output and every row of the input Jacobian, with the one-hot seeds built once per batch size."""
        nonlocal eye
        b = x.shape[0]
        if eye is None or eye.shape[1] != b:
            eye = torch.eye(10).unsqueeze(1).expand(10, b, 10).contiguous()
        out, g = jacobian_rows(torch, net, x, eye)
        return out, g, b

    def l2_exact(net, x, y):
        out, g, b = exact_rows(net, x)
        return ce(out, y) + LAMBDA * g.pow(2).sum() / b

    def l2_proj1(net, x, y):
        b = x.shape[0]
        v = torch.randn(1, b, 10)
        v = v / v.norm(dim=2, keepdim=True)
        x = x.requires_grad_(True)
        out = net(x)
        (g,) = torch.autograd.grad(out, x, grad_outputs=v[0], create_graph=True)
        return ce(out, y) + LAMBDA * 10.0 * g.pow(2).sum() / b

    def l1_exact(net, x, y):
        out, g, b = exact_rows(net, x)
        return ce(out, y) + LAMBDA * g.abs().sum() / b

    return {"plain": plain, "l2-exact": l2_exact, "l2-proj1": l2_proj1, "l1-exact": l1_exact}[kind]


class TrainEpoch:
    """One epoch over 8,000 digits (125 batches of 64: shuffle, gather, objective, backward, Adam) plus the
    evaluation of train and test loss/accuracy that radlab's Trainer does after each epoch."""

    def __init__(self, kind, arch="mlp"):
        self.torch = torch = torch_setup()
        x, y = load_mnist()
        self.xtr, self.ytr = torch.from_numpy(x[:8000].copy()), torch.from_numpy(y[:8000].copy())
        self.xte, self.yte = torch.from_numpy(x[8000:].copy()), torch.from_numpy(y[8000:].copy())
        self.net = mlp(torch) if arch == "mlp" else cnn(torch)
        self.opt = torch.optim.Adam(self.net.parameters(), lr=1e-3)
        self.obj = make_objective(torch, kind)
        self.epoch = 0

    def run(self):
        torch = self.torch
        self.epoch += 1
        g = torch.Generator().manual_seed(self.epoch)
        order = torch.randperm(8000, generator=g)
        for b in range(0, 8000, 64):
            idx = order[b:b + 64]
            loss = self.obj(self.net, self.xtr[idx], self.ytr[idx])
            self.opt.zero_grad(set_to_none=True)
            loss.backward()
            self.opt.step()
        with torch.no_grad():
            s = 0.0
            for xs, ys in ((self.xtr, self.ytr), (self.xte, self.yte)):
                out = self.net(xs)
                s += torch.nn.functional.cross_entropy(out, ys).item() + (out.argmax(1) == ys).float().mean().item()
        return s


class Jacobians:
    """Full input Jacobians (1,000 x 10 x 784) of 1,000 digits, batched (10,000 seed rows); the CNN in 4 batches of
    250 digits, as radlab's evaluation chunks them."""

    def __init__(self, arch="mlp"):
        self.torch = torch = torch_setup()
        x, _ = load_mnist()
        self.x = torch.from_numpy(x[:1000].copy())
        self.net = mlp(torch) if arch == "mlp" else cnn(torch)
        self.batch = 1000 if arch == "mlp" else 250
        self.eye = torch.eye(10).unsqueeze(1).expand(10, self.batch, 10).contiguous()

    def run(self):
        torch = self.torch
        s = 0.0
        for b in range(0, 1000, self.batch):
            x = self.x[b:b + self.batch].clone().requires_grad_(True)
            out = self.net(x)
            (g,) = torch.autograd.grad(out, x, grad_outputs=self.eye, is_grads_batched=True)
            s += g.transpose(0, 1).sum().item()
        return s


class PgdLinf:
    """PGD-20, l_inf eps=0.1, step 2.5*eps/20, uniform random start, best-loss iterate kept per sample (radlab's Pgd),
    on 1,000 test digits."""

    def __init__(self, arch="mlp"):
        self.torch = torch = torch_setup()
        x, y = load_mnist()
        self.x, self.y = torch.from_numpy(x[8000:9000].copy()), torch.from_numpy(y[8000:9000].copy())
        self.net = mlp(torch) if arch == "mlp" else cnn(torch)
        for p in self.net.parameters():
            p.requires_grad_(False)
        self.eps, self.steps = 0.1, 20
        self.alpha = 2.5 * self.eps / self.steps
        self.gen = torch.Generator().manual_seed(1)

    def run(self):
        torch, net, x0, y, eps = self.torch, self.net, self.x, self.y, self.eps
        ce = torch.nn.functional.cross_entropy
        with torch.no_grad():
            best = x0.clone()
            best_loss = ce(net(x0), y, reduction="none")
            cur = (x0 + (torch.rand(x0.shape, generator=self.gen) * 2 - 1) * eps).clamp_(0, 1)
        for _ in range(self.steps):
            cur.requires_grad_(True)
            loss = ce(net(cur), y, reduction="none")
            (g,) = torch.autograd.grad(loss.sum(), cur)
            with torch.no_grad():
                better = loss > best_loss
                best[better] = cur[better]
                best_loss = torch.where(better, loss, best_loss)
                nxt = cur + self.alpha * g.sign()
                cur = torch.min(torch.max(nxt, x0 - eps), x0 + eps).clamp_(0, 1)
        with torch.no_grad():
            loss = ce(net(cur), y, reduction="none")
            better = loss > best_loss
            best[better] = cur[better]
        return best.sum().item()


class RademacherL2:
    """Monte Carlo Rademacher complexity of {x -> <w,x> : ||w||_2 <= 1} on n=8,000 digits, 1,000 sign draws, numpy
    float64 (sign generation included): sup = ||X^T sigma||_2 / n per draw, in chunks of 50 draws like radlab."""

    def __init__(self):
        x, _ = load_mnist()
        self.x = x[:8000].astype(np.float64)
        self.rng = np.random.default_rng(1)

    def run(self):
        vals = []
        for _ in range(0, 1000, 50):
            s = self.rng.integers(0, 2, size=(50, 8000), dtype=np.int8).astype(np.float64) * 2 - 1
            vals.append(np.linalg.norm(s @ self.x, axis=1) / 8000)
        return float(np.mean(np.concatenate(vals)))


WORKLOADS = {
    "train-plain": lambda: TrainEpoch("plain"),
    "train-l2-exact": lambda: TrainEpoch("l2-exact"),
    "train-l2-proj1": lambda: TrainEpoch("l2-proj1"),
    "train-l1-exact": lambda: TrainEpoch("l1-exact"),
    "jacobians": Jacobians,
    "pgd20-linf": PgdLinf,
    "rademacher-l2": RademacherL2,
    "cnn-train-plain": lambda: TrainEpoch("plain", "cnn"),
    "cnn-train-l2-exact": lambda: TrainEpoch("l2-exact", "cnn"),
    "cnn-jacobians": lambda: Jacobians("cnn"),
    "cnn-pgd20-linf": lambda: PgdLinf("cnn"),
}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("workload", choices=sorted(WORKLOADS))
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--warmup", type=int, default=1)
    ap.add_argument("--threads", type=int, default=1, help="PyTorch threads; 0 = its defaults")
    a = ap.parse_args()
    global THREADS
    THREADS = a.threads
    w = WORKLOADS[a.workload]()
    for _ in range(a.warmup):
        w.run()
    times, cpu = [], []
    for _ in range(a.reps):
        clock = time.process_time if a.workload.startswith("rademacher") else time.thread_time  # as CpuTimeRunner
        t0, c0 = time.perf_counter(), clock()
        w.run()
        times.append(time.perf_counter() - t0)
        cpu.append(clock() - c0)  # CPU time: what other processes' load does not inflate
    print(f"{a.workload} {statistics.median(times):.4f} {min(times):.4f} {statistics.median(cpu):.4f}", flush=True)


if __name__ == "__main__":
    sys.exit(main())
