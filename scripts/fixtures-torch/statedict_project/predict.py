"""A PyTorch project as a data scientist hands it over: the network's class, its weights, and a Predictor.

setup() builds CancerNet and loads weights.pt (torch.save(model.state_dict())); predict(rows) takes rows of
named breast-cancer measurements and answers {"label": ..., "score": ...} per row.
"""

from __future__ import annotations

import torch
from torch import nn

FEATURES = [
    "mean_radius", "mean_texture", "mean_perimeter", "mean_area", "mean_smoothness",
    "mean_compactness", "mean_concavity", "mean_concave_points", "mean_symmetry", "mean_fractal_dimension",
    "radius_error", "texture_error", "perimeter_error", "area_error", "smoothness_error",
    "compactness_error", "concavity_error", "concave_points_error", "symmetry_error", "fractal_dimension_error",
    "worst_radius", "worst_texture", "worst_perimeter", "worst_area", "worst_smoothness",
    "worst_compactness", "worst_concavity", "worst_concave_points", "worst_symmetry", "worst_fractal_dimension",
]
LABELS = ["malignant", "benign"]


class CancerNet(nn.Module):
    """30 raw measurements → 2 logits; the standardisation lives in the module (buffers), not in the caller."""

    def __init__(self) -> None:
        super().__init__()
        self.register_buffer("mean", torch.zeros(len(FEATURES)))
        self.register_buffer("scale", torch.ones(len(FEATURES)))
        self.layers = nn.Sequential(nn.Linear(len(FEATURES), 16), nn.ReLU(), nn.Linear(16, len(LABELS)))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.layers((x - self.mean) / self.scale)


class Predictor:
    def setup(self) -> None:
        self.model = CancerNet()
        self.model.load_state_dict(torch.load("weights.pt", weights_only=True))
        self.model.eval()

    def predict(self, rows: list[dict]) -> list[dict]:
        features = torch.tensor([[float(row[name]) for name in FEATURES] for row in rows], dtype=torch.float32)
        with torch.no_grad():
            probabilities = torch.softmax(self.model(features), dim=1)
        scores, indices = probabilities.max(dim=1)
        return [{"label": LABELS[int(i)], "score": float(s)} for i, s in zip(indices, scores)]
