"""Writes bdl4j-core's TorchScript module for libtorch's fused Adam step.

DJL's Adam update (PtNDArrayEx.adamUpdate) runs Adam as about ten separate tensor operations, several of
them allocating a temporary the size of the parameter; on a 5-member stacked MLP (1.35 million weights)
that took about 3 ms a step. torch._fused_adam_ (libtorch's vectorised CPU kernel since PyTorch 2.4) reads
each weight, gradient and moment once. org.bdl4j.train.FlushingAdam calls this module.

    python3 scripts/torchscript/fused_adam.py \
        bdl4j-core/src/main/resources/org/bdl4j/train/fused_adam.pt

Written with Debian's python3-torch (1.13, whose op registry already has the operator's schema);
libtorch 2.7.1, which has the CPU kernel, loads it.
"""
import sys
from typing import List

import torch


class FusedAdam(torch.nn.Module):
    def forward(self, params: List[torch.Tensor], grads: List[torch.Tensor], exp_avgs: List[torch.Tensor],
                exp_avg_sqs: List[torch.Tensor], step: torch.Tensor, lr: float, beta1: float, beta2: float,
                weight_decay: float, eps: float):
        steps = [step for _ in range(len(params))]
        no_max: List[torch.Tensor] = []
        torch._fused_adam_(params, grads, exp_avgs, exp_avg_sqs, no_max, steps, lr=lr, beta1=beta1,
                           beta2=beta2, weight_decay=weight_decay, eps=eps, amsgrad=False, maximize=False)
        return step


if __name__ == "__main__":
    torch.jit.script(FusedAdam()).save(sys.argv[1])
