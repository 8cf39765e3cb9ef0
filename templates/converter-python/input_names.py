"""Lays columns out on the ONNX model's inputs: one float matrix X, or one input per column named validly."""

from __future__ import annotations

import re

from columns import Column


def onnx_name(name: str, taken: set[str]) -> str:
    """A C-identifier-like input name for a column ("mean radius" -> "mean_radius"), unique among `taken`."""
    base = re.sub(r"\W", "_", name, flags=re.ASCII).strip("_") or "column"
    if base[0].isdigit():
        base = f"c_{base}"
    candidate, suffix = base, 2
    while candidate in taken:
        candidate, suffix = f"{base}_{suffix}", suffix + 1
    taken.add(candidate)
    return candidate


def lay_out(columns: list[Column]) -> bool:
    """Numbers only: all columns go to X [N, n] at their position. Any string column: one [N, 1] input each. True for the latter."""
    per_column = any(column.type == "string" for column in columns)
    taken: set[str] = set()
    for index, column in enumerate(columns):
        column.tensor, column.index = (onnx_name(column.name, taken), 0) if per_column else ("X", index)
    return per_column
