#!/usr/bin/env python3
"""The PyTorch peer of bdl4j's Fashion-MNIST benchmarks: what a Python user would run instead.

Follows the protocol of docs/benchmarks.md: pixels x/255 as float32; the 60,000 training images
permuted with seed 12345, the first 55,000 trained on; Adam lr 1e-3 with coupled L2 weight decay
5e-4, batch 128, reshuffled every epoch by a seeded generator, the last partial batch kept.
  --arch mlp : 784-256-256-10, ReLU, dropout 0.1 after each hidden layer (W1)
  --arch cnn : conv(6, 5x5, pad 2) - maxpool 2 - conv(16, 5x5) - maxpool 2 - 120 - 84 - 10, ReLU,
               dropout 0.1 after the two hidden dense layers (W6's LeNet-5)
  --arch ub-lenet : the LeNet-5 of google/uncertainty-baselines: conv(6, 5x5, pad 2) - maxpool 2 -
               conv(16, 5x5, pad 2) - maxpool 2 - conv(120, 5x5, pad 2) - 84 - 10, ReLU, dropout 0.1
               after the hidden dense layer (W6 --networks ub-lenet)
Prints one JSON line per epoch (seconds) and, after the last, the test accuracy and NLL.
  --members M : a deep ensemble (W3): M networks trained one after the other, member m from seed 1 + m
               (initialisation, dropout and shuffling), as a Python user trains one; a last line gives
               the total training seconds and the test accuracy and NLL of the averaged probabilities.

  --mc-samples T : MC dropout (W2, --arch mlp): after training, T stochastic passes over the 10,000 test
               images with dropout on, timed three times each in two forms, the plain loop of T whole
               forwards and the prefix-cached one (the first layer and its ReLU once, the rest T times on
               the repeated activations); a last line gives the medians and the test accuracy and NLL of
               the averaged probabilities.

  --flush-denormal : torch.set_flush_denormal(True). Without it, past the fourth epoch of W1 the
               arithmetic meets float32 denormals and an epoch took about three times as long on a 2-core
               Intel Xeon; bdl4j's Adam flushes them.

Usage: python3 scripts/peers/fashion_peer.py --arch cnn --epochs 3 [--threads 2] [--members M]
       [--mc-samples T] [--flush-denormal] [--data /usr/share/datasets/fashion-mnist]
Needs PyTorch (Debian: python3-torch) and numpy, with an optimised BLAS: Debian's torch calls the system
libblas.so.3, which is the reference (netlib) BLAS unless OpenBLAS is installed (apt-get install
libopenblas0-pthread); with the reference BLAS a W1 epoch took 12.5 s here instead of about 2.
"""
import argparse
import gzip
import json
import math
import time

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn


def idx(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    magic = int.from_bytes(data[0:4], "big")
    dims = magic & 0xFF
    shape = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def network(arch):
    if arch == "mlp":
        return nn.Sequential(nn.Flatten(), nn.Linear(784, 256), nn.ReLU(), nn.Dropout(0.1),
                             nn.Linear(256, 256), nn.ReLU(), nn.Dropout(0.1), nn.Linear(256, 10))
    if arch == "ub-lenet":
        return nn.Sequential(nn.Conv2d(1, 6, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
                             nn.Conv2d(6, 16, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
                             nn.Conv2d(16, 120, 5, padding=2), nn.ReLU(), nn.Flatten(),
                             nn.Linear(120 * 7 * 7, 84), nn.ReLU(), nn.Dropout(0.1), nn.Linear(84, 10))
    return nn.Sequential(nn.Conv2d(1, 6, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
                         nn.Conv2d(6, 16, 5), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(),
                         nn.Linear(16 * 5 * 5, 120), nn.ReLU(), nn.Dropout(0.1),
                         nn.Linear(120, 84), nn.ReLU(), nn.Dropout(0.1), nn.Linear(84, 10))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--arch", choices=["mlp", "cnn", "ub-lenet"], default="cnn")
    p.add_argument("--epochs", type=int, default=3)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--members", type=int, default=1)
    p.add_argument("--mc-samples", type=int, default=0)
    p.add_argument("--data", default="/usr/share/datasets/fashion-mnist")
    p.add_argument("--flush-denormal", action="store_true")
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    if a.flush_denormal:
        torch.set_flush_denormal(True)
    x = idx(a.data + "/train-images-idx3-ubyte.gz").astype(np.float32) / 255.0
    y = idx(a.data + "/train-labels-idx1-ubyte.gz").astype(np.int64)
    order = np.random.RandomState(12345).permutation(len(x))
    x, y = x[order][:55000], y[order][:55000]
    xt = idx(a.data + "/t10k-images-idx3-ubyte.gz").astype(np.float32) / 255.0
    yt = idx(a.data + "/t10k-labels-idx1-ubyte.gz").astype(np.int64)
    x = torch.from_numpy(x).unsqueeze(1)
    y = torch.from_numpy(y)
    xt = torch.from_numpy(xt).unsqueeze(1)
    yt = torch.from_numpy(yt)
    probs = torch.zeros(len(yt), 10)
    total = 0.0
    for member in range(a.members):
        seed = 1 + member
        torch.manual_seed(seed)
        net = network(a.arch)
        opt = torch.optim.Adam(net.parameters(), lr=1e-3, weight_decay=5e-4)
        gen = torch.Generator().manual_seed(seed)
        for epoch in range(1, a.epochs + 1):
            net.train()
            t0 = time.perf_counter()
            perm = torch.randperm(len(x), generator=gen)
            for start in range(0, len(x), 128):
                b = perm[start:start + 128]
                opt.zero_grad()
                loss = F.cross_entropy(net(x[b]), y[b])
                loss.backward()
                opt.step()
            seconds = time.perf_counter() - t0
            total += seconds
            print(json.dumps({"peer": "pytorch " + torch.__version__, "arch": a.arch, "threads": a.threads,
                              "member": member, "epoch": epoch, "seconds": round(seconds, 3)}), flush=True)
        net.eval()
        with torch.no_grad():
            logp = torch.cat([F.log_softmax(net(xt[i:i + 1000]), dim=1) for i in range(0, len(xt), 1000)])
        probs += logp.exp() / a.members
        report(a, "member %d" % member, logp, yt)
        if a.mc_samples > 0:
            mc_dropout(a, net, xt, yt)
    if a.members > 1:
        report(a, "ensemble of %d" % a.members, probs.log(), yt, train_seconds=round(total, 3))


def mc_dropout(a, net, xt, yt):
    """Times T passes with dropout on over the test images: the loop, and the prefix-cached form."""
    if a.arch != "mlp":
        raise SystemExit("--mc-samples needs --arch mlp")
    net.train()  # dropout on; no batch norm here
    flat = xt.reshape(len(xt), -1)
    prefix, rest = net[1:3], net[3:]

    def loop():
        p = torch.zeros(len(flat), 10)
        for _ in range(a.mc_samples):
            p += F.softmax(net(flat), dim=1)
        return p / a.mc_samples

    def cached():
        p = torch.zeros(len(flat), 10)
        h = prefix(flat)
        for _ in range(a.mc_samples):
            p += F.softmax(rest(h), dim=1)
        return p / a.mc_samples

    times = {"loop": [], "prefix_cached": []}
    with torch.no_grad():
        torch.manual_seed(7)
        cached()  # warm-up
        for _ in range(3):
            for name, f in (("loop", loop), ("prefix_cached", cached)):
                t0 = time.perf_counter()
                probs = f()
                times[name].append(time.perf_counter() - t0)
    report(a, "mc dropout, T = %d" % a.mc_samples, probs.clamp(min=1e-12).log(), yt,
           seconds_loop=round(sorted(times["loop"])[1], 3),
           seconds_prefix_cached=round(sorted(times["prefix_cached"])[1], 3))


def report(a, what, logp, yt, **extra):
    nll = -logp[torch.arange(len(yt)), yt].clamp(min=math.log(1e-12)).mean().item()
    acc = (logp.argmax(1) == yt).float().mean().item()
    print(json.dumps({"peer": "pytorch " + torch.__version__, "arch": a.arch, "model": what, "epochs": a.epochs,
                      "test_accuracy": round(acc, 4), "test_nll": round(nll, 4), **extra}), flush=True)

if __name__ == "__main__":
    main()
