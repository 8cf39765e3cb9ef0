"""What the torch fixture scripts share: the seed, held-out rows, a training loop and float32 values as JSON."""

from __future__ import annotations

from typing import Any

import numpy as np
import torch
from torch import nn

SEED = 7
HELD_OUT_ROWS = 6


def seeded() -> None:
    """The same weights on every run: one seed, one thread, deterministic kernels."""
    torch.manual_seed(SEED)
    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)


def train(model: nn.Module, x: torch.Tensor, y: torch.Tensor, loss: nn.Module, epochs: int, batch: int, lr: float) -> None:
    """Adam over shuffled mini-batches (a generator of its own, so the order is fixed too)."""
    optimiser = torch.optim.Adam(model.parameters(), lr=lr)
    order = torch.Generator().manual_seed(SEED)
    model.train()
    for _ in range(epochs):
        for indices in torch.randperm(len(x), generator=order).split(batch):
            optimiser.zero_grad()
            loss(model(x[indices]), y[indices]).backward()
            optimiser.step()
    model.eval()


def as_json(values: Any) -> Any:
    """A tensor or array as nested lists of Python floats (a float32 value, printed exactly)."""
    if isinstance(values, torch.Tensor):
        values = values.detach().numpy()
    return np.asarray(values, dtype=np.float32).astype(np.float64).tolist()


def outputs(model: nn.Module, x: torch.Tensor) -> Any:
    with torch.no_grad():
        return as_json(model(x))
