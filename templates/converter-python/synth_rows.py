"""Rows synthesised from what a model knows about its columns: categories, centres and spreads, both sides of tree thresholds."""

from __future__ import annotations

import numpy as np
import pandas as pd

from columns import Column

ROWS = 256
SEED = 20260521


def numbers(column: Column, rng: np.random.Generator, rows: int) -> np.ndarray:
    thresholds = np.unique(np.asarray(column.thresholds, dtype=float))
    spread = column.spread or (float(np.std(thresholds)) if thresholds.size > 1 else 1.0) or 1.0
    center = column.center if column.center is not None else (float(np.median(thresholds)) if thresholds.size else 0.0)
    spread_values = center + spread * rng.standard_normal(rows)
    if thresholds.size == 0:
        values = spread_values
    else:
        picked = thresholds[rng.integers(0, thresholds.size, rows)]
        side = rng.choice([-1.0, 1.0], rows)
        step = np.maximum(np.abs(picked) * 1e-3, spread * 1e-3)
        values = np.where(rng.random(rows) < 0.7, picked + side * step, spread_values)
    if column.type == "integer":
        values = np.round(values)
    if column.nullable:
        values = np.where(rng.random(rows) < 0.1, np.nan, values)
    return values


def synth_rows(columns: list[Column], rows: int = ROWS, seed: int = SEED) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    data: dict[str, object] = {}
    for column in columns:
        if column.categories:
            picks = rng.integers(0, len(column.categories), rows)
            data[column.name] = pd.Series([column.categories[i] for i in picks], dtype=object if column.type == "string" else None)
        elif column.type == "boolean":
            data[column.name] = rng.random(rows) < 0.5
        else:
            data[column.name] = numbers(column, rng, rows)
    return pd.DataFrame(data)
