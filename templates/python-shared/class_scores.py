"""A classifier's answers read alike by the converter and the Python runtime images: a class as its label's text, a binary model's one column as two."""

from __future__ import annotations

from typing import Any

import numpy as np


def label_text(value: Any) -> str:
    """A class as the manifest's labels write it: 1.0 is "1", b"a" is "a"."""
    value = value.item() if hasattr(value, "item") else value
    if isinstance(value, bytes):
        value = value.decode()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def two_from_probability(raw: Any) -> np.ndarray:
    """A binary model's P(class 1) per row as [P(0), P(1)]; two or more columns stay as they are."""
    values = np.asarray(raw, dtype=np.float64)
    return np.column_stack([1 - values, values]) if values.ndim == 1 else values


def two_from_margin(raw: Any) -> np.ndarray:
    """A binary model's decision function d per row as [-d, d], the scores skl2onnx gives a classifier without probabilities."""
    values = np.asarray(raw, dtype=np.float64)
    return np.column_stack([-values, values]) if values.ndim == 1 else values
