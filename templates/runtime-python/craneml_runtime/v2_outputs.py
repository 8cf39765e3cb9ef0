"""The adapter's answers as V2 output tensors: a dict answer gives one tensor per key (label BYTES [N], score FP64 [N], value FP64 [N] or [N, k]...), any other answer one "predictions" tensor."""

from __future__ import annotations

import json


def _is_number(value: object) -> bool:
    return (isinstance(value, (int, float)) and not isinstance(value, bool)) or value is None


def _tensor(name: str, cells: list) -> dict:
    n = len(cells)
    if all(isinstance(c, bool) for c in cells):
        return {"name": name, "datatype": "BOOL", "shape": [n], "data": cells}
    if all(isinstance(c, int) and not isinstance(c, bool) for c in cells):
        return {"name": name, "datatype": "INT64", "shape": [n], "data": cells}
    if all(_is_number(c) for c in cells):
        return {"name": name, "datatype": "FP64", "shape": [n], "data": [None if c is None else float(c) for c in cells]}
    if cells and all(isinstance(c, list) and len(c) == len(cells[0]) and all(_is_number(v) for v in c) for c in cells):
        width = len(cells[0])
        data = [None if v is None else float(v) for c in cells for v in c]
        return {"name": name, "datatype": "FP64", "shape": [n, width], "data": data}
    return {"name": name, "datatype": "BYTES", "shape": [n], "data": [c if isinstance(c, str) else json.dumps(c) for c in cells]}


def output_tensors(predictions: list) -> list[dict]:
    if predictions and all(isinstance(p, dict) for p in predictions):
        names = list(dict.fromkeys(k for p in predictions for k in p))
        return [_tensor(name, [p.get(name) for p in predictions]) for name in names]
    return [_tensor("predictions", predictions)]
