#!/usr/bin/env python3
"""torch.mm (and numpy for float64) on the GEMM shapes of the comparison, thread CPU time, one thread.
Counterpart of src/test/java/radlab/bench/GemmFloor.java (bench/pytorch/README.md, "GEMM floor")."""
import time

import torch

torch.set_num_threads(1)
for m, k, n in [(64, 784, 256), (64, 256, 256), (2000, 784, 256), (10000, 256, 256), (10000, 256, 784), (50, 8000, 784)]:
    dt = torch.float64 if k == 8000 else torch.float32
    a, b = torch.rand(m, k, dtype=dt), torch.rand(k, n, dtype=dt)
    out = torch.empty(m, n, dtype=dt)
    fl = 2.0 * m * k * n
    reps = int(max(3, 3e9 / fl))
    for _ in range(max(2, reps // 5)):
        torch.mm(a, b, out=out)
    c0 = time.thread_time()
    for _ in range(reps):
        torch.mm(a, b, out=out)
    s = (time.thread_time() - c0) / reps
    print(f"torch mm        {str(dt)[6:]:7s} {m:5d}x{k:5d}x{n:5d}  {s * 1e3:8.3f} ms  {fl / s / 1e9:6.1f} GFLOP/s")
    if dt == torch.float64:
        an, bn = a.numpy(), b.numpy()
        c0 = time.thread_time()
        for _ in range(reps):
            an @ bn
        s = (time.thread_time() - c0) / reps
        print(f"numpy @         float64 {m:5d}x{k:5d}x{n:5d}  {s * 1e3:8.3f} ms  {fl / s / 1e9:6.1f} GFLOP/s")
