"""Prints, as JSON, every batch of table rows the pickle adapter hands its model differently (model_rows) than a frame built row by row and put in the fitted order.

Rows as the Python runtime reads them (number cells as floats or NaN, integers, booleans, strings or None
where a column is optional), for models fitted with the columns in another order, in the same order, or
with no names at all; numbers only and mixed.
"""

import json
import math
import random

import numpy as np
import pandas as pd

from craneml_runtime.adapters.pickle_adapter import PickleAdapter

KINDS = {
    "number": lambda rng: rng.choice([0.5, -3.0, 1e300, math.nan, 2.0]),
    "integer": lambda rng: rng.choice([0, 7, -2]),
    "boolean": lambda rng: rng.choice([True, False]),
    "string": lambda rng: rng.choice(["a", "b", "", None]),
}
TABLES = [["number"] * 4, ["number", "string", "number", "integer"], ["boolean", "number"], ["string"], ["number"]]


def reference(adapter: PickleAdapter, rows: list[dict]) -> object:
    """The frame built row by row, in the declared order, then reordered as the model was fitted."""
    frame = pd.DataFrame([[row.get(name) for name in adapter.columns] for row in rows], columns=adapter.columns)
    if adapter.fitted is not None:
        return frame[adapter.order]
    return frame.to_numpy(dtype=np.float64, na_value=np.nan) if all(d.kind in "biuf" for d in frame.dtypes) else frame.to_numpy()


def same(got: object, expected: object) -> bool:
    """Equal frames (dtypes and cells), or equal arrays of the same dtype; a gap equals a gap."""
    if not isinstance(expected, pd.DataFrame):
        if not isinstance(got, np.ndarray) or got.dtype != expected.dtype:
            return False
        got, expected = pd.DataFrame(got), pd.DataFrame(expected)
    try:
        pd.testing.assert_frame_equal(got, expected, check_exact=True)
        return True
    except AssertionError:
        return False


rng = random.Random(25)
differences = []
checked = 0
for kinds in TABLES:
    names = [f"c{i}" for i in range(len(kinds))]
    columns = [{"name": name, "type": kind} for name, kind in zip(names, kinds)]
    for fitted in (list(reversed(names)), names, None):
        adapter = PickleAdapter({"input": {"kind": "table", "columns": columns}, "python": {"source": {"file": "x", "source_kind": "pickle"}}}, ".")
        adapter.fitted = fitted
        adapter.order = fitted if fitted is not None else adapter.columns
        for size in (1, 2, 30):
            rows = [{name: KINDS[kind](rng) for name, kind in zip(names, kinds)} for _ in range(size)]
            checked += 1
            if not same(adapter.model_rows(rows), reference(adapter, rows)):
                differences.append({"kinds": kinds, "fitted": fitted, "rows": repr(rows)[:300]})
print(json.dumps({"checked": checked, "differences": differences}))
