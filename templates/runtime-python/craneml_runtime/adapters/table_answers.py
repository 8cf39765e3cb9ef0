"""
A table model's answers in the Node runtime's shapes: {label, index, score, top_k} for a classifier,
{value} for a regressor. Plain JSON values already (a score that is not finite is null), so the worker
sends them as they are.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np


def ranked(scores: list[float]) -> list[int]:
    """Class indices from high score to low; NaN last, ties in index order (as the Node runtime's byScore)."""
    return sorted(range(len(scores)), key=lambda i: (-(scores[i] if not math.isnan(scores[i]) else -math.inf), i))


def classify(scores: np.ndarray, labels: list[str], top_k: int, predicted: list[str] | None) -> list[dict[str, Any]]:
    """One answer per row; the label is the model's own predict() where it has one, else the best score."""
    answers: list[dict[str, Any]] = []
    for row, values in enumerate(scores.tolist()):
        order = ranked(values)
        index = order[0]
        if predicted is not None and predicted[row] in labels:
            index = labels.index(predicted[row])
        shown = [value if math.isfinite(value) else None for value in values]
        answers.append(
            {
                "label": labels[index] if index < len(labels) else str(index),
                "index": index,
                "score": shown[index],
                "top_k": [{"label": labels[i] if i < len(labels) else str(i), "score": shown[i]} for i in order[:top_k]],
            }
        )
    return answers


def values(raw: Any, rows: int) -> list[dict[str, Any]]:
    """A regressor's {value} per row: a number, or a list for a multi-output regressor; NaN as null."""
    table = np.asarray(raw, dtype=np.float64).reshape(rows, -1).tolist()
    plain = [[v if math.isfinite(v) else None for v in row] for row in table]
    return [{"value": row[0] if len(row) == 1 else row} for row in plain]
