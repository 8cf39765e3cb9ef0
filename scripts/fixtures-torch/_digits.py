"""digits_cnn.pt: a small TorchScript CNN on scikit-learn's digits, drawn MNIST-like (the 8x8 digit scaled to
20x20 in a 28x28 frame, white ink on black, values 0..1) → 10 logits."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import torch
import torch.nn.functional as F
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split
from torch import nn

from _common import HELD_OUT_ROWS, SEED, as_json, outputs, train

LABELS = [str(digit) for digit in range(10)]


class DigitsCnn(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(1, 8, 3), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(8, 16, 3), nn.ReLU(), nn.MaxPool2d(2)
        )
        self.classify = nn.Linear(16 * 5 * 5, len(LABELS))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.classify(self.features(x).flatten(1))


def mnist_like(pixels: torch.Tensor) -> torch.Tensor:
    """8x8 digits (0..16) → [N, 1, 28, 28] in 0..1: 20x20 of ink centred in a 4-pixel black border, as MNIST."""
    scaled = F.interpolate((pixels / 16.0).reshape(-1, 1, 8, 8), size=(20, 20), mode="bilinear", align_corners=False)
    return F.pad(scaled, (4, 4, 4, 4)).clamp(0.0, 1.0)


def make(out: Path) -> dict[str, Any]:
    data = load_digits()
    train_pixels, test_pixels, y_train, y_test = train_test_split(
        data.data.astype("float32"), data.target, test_size=0.2, random_state=SEED, stratify=data.target
    )
    x, y = mnist_like(torch.from_numpy(train_pixels)), torch.from_numpy(y_train).long()
    model = DigitsCnn()
    train(model, x, y, nn.CrossEntropyLoss(), epochs=12, batch=64, lr=3e-3)
    x_test = mnist_like(torch.from_numpy(test_pixels))
    with torch.no_grad():
        accuracy = (model(x_test).argmax(dim=1).numpy() == y_test).mean()
    print(f"[torch-fixtures] digits CNN: held-out accuracy {accuracy:.3f}")
    torch.jit.script(model).save(str(out / "digits_cnn.pt"))
    held_out = x_test[:HELD_OUT_ROWS]
    return {
        "digits_cnn.pt": {
            "input_shape": [1, 28, 28],
            "inputs": as_json(held_out),
            "outputs": outputs(model, held_out),
            "targets": y_test[:HELD_OUT_ROWS].tolist(),
            "labels": LABELS,
            "pixels_8x8": test_pixels[:HELD_OUT_ROWS].reshape(-1, 8, 8).astype(int).tolist(),
            "held_out_accuracy": float(accuracy),
        }
    }
