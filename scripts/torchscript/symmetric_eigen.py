"""Writes bdl4j-core's TorchScript module for the symmetric eigendecomposition.

bdl4j runs on DJL's PyTorch engine, whose Java API offers no eigensolver. This module calls
torch.linalg.eigh (LAPACK's divide-and-conquer syevd in libtorch's oneMKL) or, when the flag is 0,
torch.linalg.eigvalsh, so that org.bdl4j.linalg.EngineEigen can decompose large symmetric matrices in
the engine instead of in EJML on one thread.

    python3 scripts/torchscript/symmetric_eigen.py \
        bdl4j-core/src/main/resources/org/bdl4j/linalg/symmetric_eigen.pt

Written with Debian's python3-torch (1.13); libtorch 2.7.1 loads it (TorchScript files load in later
versions).
"""
import sys

import torch


class SymmetricEigen(torch.nn.Module):
    def forward(self, a: torch.Tensor, vectors: torch.Tensor):
        if bool(vectors.item() != 0):
            w, v = torch.linalg.eigh(a)
            return w, v
        return torch.linalg.eigvalsh(a), torch.empty(0, dtype=a.dtype)


if __name__ == "__main__":
    torch.jit.script(SymmetricEigen()).save(sys.argv[1])
