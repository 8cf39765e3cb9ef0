"""What the Python-runtime fixture scripts share: held-out rows and the expectations.json they write.

expectations.json follows test/contract/expectations-schema.ts (schema_version 1): the rows, the same rows
as CSV, and the answers the library itself gave for them (predict and predict_proba), so no test asks a
predictor of CraneML's what the right answer is.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import sklearn

SEED = 7
HELD_OUT_ROWS = 8
TOLERANCE = {"absolute": 1e-6, "relative": 1e-6}
VERSION = "1.0.0"


def cell(value: Any) -> Any:
    """A pandas cell as JSON: numpy scalars as Python numbers, NaN as null."""
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def column_type(series: pd.Series) -> str:
    if pd.api.types.is_bool_dtype(series):
        return "boolean"
    if pd.api.types.is_integer_dtype(series):
        return "integer"
    if pd.api.types.is_numeric_dtype(series):
        return "number"
    return "string"


def write_expectations(folder: Path, name: str, model: Any, held_out: pd.DataFrame, **extra: Any) -> None:
    """expectations.json in `folder`: the held-out rows and `model`'s own predict (and predict_proba)."""
    rows = held_out.head(HELD_OUT_ROWS)
    classifier = hasattr(model, "predict_proba")
    expectations: dict[str, Any] = {
        "schema_version": 1,
        "model": {"name": name, "version": VERSION},
        "library": {"name": "scikit-learn", "version": sklearn.__version__},
        "task": "classification" if classifier else "regression",
        "columns": [{"name": str(c), "type": column_type(rows[c])} for c in rows.columns],
        "rows": [{str(c): cell(v) for c, v in row.items()} for _, row in rows.iterrows()],
        "csv": rows.to_csv(index=False, lineterminator="\n"),
        "tolerance": TOLERANCE,
        **extra,
    }
    if classifier:
        expectations["classes"] = [str(c) for c in model.classes_]
        labels = model.predict(rows)
        probabilities = model.predict_proba(rows)
        expectations["answers"] = [
            {"label": str(cell(label)), "probabilities": [float(p) for p in row]} for label, row in zip(labels, probabilities)
        ]
    else:
        expectations["answers"] = [{"value": float(v)} for v in model.predict(rows)]
    (folder / "expectations.json").write_text(json.dumps(expectations, indent=1) + "\n")


def conversion_failure(model: Any, frame: pd.DataFrame) -> str:
    """skl2onnx's own error for `model`; stops the set-up if it converts (the fixture would prove nothing)."""
    from skl2onnx import convert_sklearn
    from skl2onnx.common.data_types import FloatTensorType

    try:
        convert_sklearn(model, initial_types=[("X", FloatTensorType([None, frame.shape[1]]))])
    except Exception as error:  # noqa: BLE001 - any failure is what this fixture is for
        return f"{type(error).__name__}: {str(error).strip().splitlines()[0]}"
    raise SystemExit(f"{type(model).__name__} converted with skl2onnx: it no longer needs the Python runtime")
