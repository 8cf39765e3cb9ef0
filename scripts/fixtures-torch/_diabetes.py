"""diabetes_reg.pt2: a torch.export regressor on scikit-learn's diabetes data (10 features → 1 value), the
feature and target scaling inside the module."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import torch
from sklearn.datasets import load_diabetes
from sklearn.model_selection import train_test_split
from torch import nn

from _common import HELD_OUT_ROWS, SEED, as_json, outputs, train


class DiabetesNet(nn.Module):
    def __init__(self, x: torch.Tensor, y: torch.Tensor) -> None:
        super().__init__()
        self.register_buffer("x_mean", x.mean(dim=0))
        self.register_buffer("x_scale", x.std(dim=0))
        self.register_buffer("y_mean", y.mean())
        self.register_buffer("y_scale", y.std())
        self.layers = nn.Sequential(nn.Linear(x.shape[1], 32), nn.ReLU(), nn.Linear(32, 1))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.layers((x - self.x_mean) / self.x_scale) * self.y_scale + self.y_mean


def make(out: Path) -> dict[str, Any]:
    data = load_diabetes()
    x_train, x_test, y_train, y_test = train_test_split(
        data.data.astype("float32"), data.target.astype("float32"), test_size=0.2, random_state=SEED
    )
    x, y = torch.from_numpy(x_train), torch.from_numpy(y_train).reshape(-1, 1)
    model = DiabetesNet(x, y)
    train(model, x, y, nn.MSELoss(), epochs=80, batch=32, lr=3e-3)
    x_test_t = torch.from_numpy(x_test)
    with torch.no_grad():
        error = (model(x_test_t).reshape(-1) - torch.from_numpy(y_test)).abs().mean()
    print(f"[torch-fixtures] diabetes regressor: held-out mean absolute error {error:.1f}")
    held_out = x_test_t[:HELD_OUT_ROWS]
    batch = torch.export.Dim("batch", min=1, max=1024)
    exported = torch.export.export(model, (held_out,), dynamic_shapes=({0: batch},))
    torch.export.save(exported, str(out / "diabetes_reg.pt2"))
    return {
        "diabetes_reg.pt2": {
            "input_shape": [10],
            "inputs": as_json(held_out),
            "outputs": outputs(model, held_out),
            "targets": as_json(y_test[:HELD_OUT_ROWS]),
        }
    }
