#!/usr/bin/env python3
"""Writes the TorchScript fixtures of the user-model tests (org.bdl4j.usermodel).

Run from this directory with Debian's python3-torch (apt-get install python3-torch; the ONNX export
needs no other package):
    python3 make_fixtures.py
The files it writes are committed; the tests never run this script.

Each network is trained briefly on data drawn from the rules that UserModelFixtures (test code)
also draws from, with other random numbers, so the tests' rows come from the training distribution:
  classifier: x ~ N(0, I_4), y = argmax(x A) with A below (3 classes);
  regressor:  x ~ N(0, I_2), y = sin(2 x0) + 0.5 x1 + N(0, 0.1^2).
classifier_b is the classifier trained again from other initial weights (an ensemble member).
classifier_extractor and classifier_head are the classifier split at its last layer: the network up to
its features, and the last layer alone (a user whose last layer is a file of its own).
"""
import json
from typing import Tuple

import torch
from torch import nn

A = torch.tensor([[1.0, 0.0, -1.0],
                  [0.0, 1.0, -1.0],
                  [1.0, -1.0, 0.0],
                  [0.5, 0.5, 0.5]])


class Mlp(nn.Module):
    """tanh MLP laid out as bdl4j's: Linear, tanh, ..., Linear. Returns (outputs, penultimate features)."""

    def __init__(self, inputs: int, hidden: int, outputs: int, dropout: float = 0.0):
        super().__init__()
        self.fc1 = nn.Linear(inputs, hidden)
        self.fc2 = nn.Linear(hidden, hidden)
        self.drop = nn.Dropout(dropout)
        self.head = nn.Linear(hidden, outputs)

    def forward(self, x: torch.Tensor) -> Tuple[torch.Tensor, torch.Tensor]:
        h = torch.tanh(self.fc2(torch.tanh(self.fc1(x))))
        h = self.drop(h)
        return self.head(h), h


class Extractor(nn.Module):
    """The classifier's network up to its penultimate features."""

    def __init__(self, net: Mlp):
        super().__init__()
        self.net = net

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.net(x)[1]


class LogitsOnly(nn.Module):
    """The classifier's network returning its logits alone."""

    def __init__(self, net: Mlp):
        super().__init__()
        self.net = net

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.net(x)[0]


def train(net: nn.Module, x: torch.Tensor, y: torch.Tensor, loss, steps: int = 400) -> None:
    opt = torch.optim.Adam(net.parameters(), lr=0.01)
    for _ in range(steps):
        opt.zero_grad()
        loss(net(x)[0], y).backward()
        opt.step()
    net.eval()


def weights_json(net: Mlp, path: str) -> None:
    """The weights in bdl4j's flat order: per Linear layer its weight [out, in] row-major, then its bias."""
    flat = []
    for layer in (net.fc1, net.fc2, net.head):
        flat += layer.weight.detach().reshape(-1).tolist() + layer.bias.detach().tolist()
    with open(path, "w") as f:
        json.dump({"hidden": [net.fc1.out_features, net.fc2.out_features], "activation": "tanh",
                   "theta": flat}, f)


def main() -> None:
    torch.manual_seed(20261206)
    x = torch.randn(600, 4)
    y = (x @ A).argmax(dim=1)
    clf = Mlp(4, 8, 3)
    train(clf, x, y, nn.functional.cross_entropy)
    torch.jit.script(clf).save("classifier.pt")
    torch.jit.script(LogitsOnly(clf)).save("logits_only.pt")
    torch.jit.script(Extractor(clf)).save("classifier_extractor.pt")
    torch.jit.script(clf.head).save("classifier_head.pt")
    weights_json(clf, "classifier-weights.json")
    torch.onnx.export(clf, torch.zeros(2, 4), "classifier.onnx", input_names=["x"],
                      output_names=["logits", "features"],
                      dynamic_axes={"x": {0: "rows"}, "logits": {0: "rows"}, "features": {0: "rows"}})

    xr = torch.randn(400, 2)
    yr = torch.sin(2 * xr[:, 0:1]) + 0.5 * xr[:, 1:2] + 0.1 * torch.randn(400, 1)
    reg = Mlp(2, 16, 1)
    train(reg, xr, yr, nn.functional.mse_loss, steps=800)
    torch.jit.script(reg).save("regressor.pt")

    drop = Mlp(4, 8, 3, dropout=0.2)
    drop.train()
    train(drop, x, y, nn.functional.cross_entropy)
    torch.jit.script(drop).save("dropout_classifier.pt")

    other = Mlp(4, 8, 3)  # a second member for an ensemble of user networks: other initial weights
    train(other, x, y, nn.functional.cross_entropy)
    torch.jit.script(other).save("classifier_b.pt")


if __name__ == "__main__":
    main()
