"""Writes bdl4j-core's TorchScript module for libtorch's fused Adam step.

DJL's Adam update (PtNDArrayEx.adamUpdate) runs Adam as about ten separate tensor operations, several of
them allocating a temporary the size of the parameter; on a 5-member stacked MLP (1.35 million weights)
that took about 3 ms a step. torch._fused_adam_ (libtorch's vectorised CPU kernel since PyTorch 2.4) reads
each weight, gradient and moment once. org.bdl4j.train.FlushingAdam calls this module, one parameter at a
time.

The kernel walks the four tensors in memory order, so a tensor that is not contiguous (a transposed view,
or a gradient laid out unlike its weight) would be paired with the wrong elements; such tensors are
updated through contiguous copies, written back afterwards.

    python3 scripts/torchscript/fused_adam.py \
        bdl4j-core/src/main/resources/org/bdl4j/train/fused_adam.pt

Written with Debian's python3-torch (1.13, whose op registry already has the operator's schema);
libtorch 2.7.1, which has the CPU kernel, loads it.
"""
import sys
from typing import List

import torch


class FusedAdam(torch.nn.Module):
    def forward(self, param: torch.Tensor, grad: torch.Tensor, exp_avg: torch.Tensor, exp_avg_sq: torch.Tensor,
                step: torch.Tensor, lr: float, beta1: float, beta2: float, weight_decay: float, eps: float):
        params = [param.contiguous()]
        exp_avgs = [exp_avg.contiguous()]
        exp_avg_sqs = [exp_avg_sq.contiguous()]
        no_max: List[torch.Tensor] = []
        torch._fused_adam_(params, [grad.contiguous()], exp_avgs, exp_avg_sqs, no_max, [step], lr=lr, beta1=beta1,
                           beta2=beta2, weight_decay=weight_decay, eps=eps, amsgrad=False, maximize=False)
        # the lists are read after the step, so that the compiler keeps it (a step on lists read by nothing
        # was removed as dead code)
        if not param.is_contiguous():
            param.copy_(params[0])
        if not exp_avg.is_contiguous():
            exp_avg.copy_(exp_avgs[0])
        if not exp_avg_sq.is_contiguous():
            exp_avg_sq.copy_(exp_avg_sqs[0])
        return params[0]


if __name__ == "__main__":
    torch.jit.script(FusedAdam()).save(sys.argv[1])
