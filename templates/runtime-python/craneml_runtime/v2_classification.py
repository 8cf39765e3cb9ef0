"""
The classification extension of the Open Inference Protocol, as the Node runtime's v2-classification.ts
answers it: an output requested with `parameters.classification = k` comes back as the k largest
values along its last axis, BYTES strings "value:index" or "value:index:label", the batch axes kept.
"""

from __future__ import annotations

import math
from decimal import Decimal

from .errors import bad_request
from .tensor_answers import ranked

MAX_CLASS_COUNT = 10_000


def classification_count(outputs: list | None, name: str) -> int | None:
    """The k asked for `name`, checked; None when the output is wanted as a plain tensor."""
    wanted = next((o for o in outputs or [] if isinstance(o, dict) and o.get("name") == name), None)
    value = ((wanted or {}).get("parameters") or {}).get("classification")
    if value is None:
        return None
    if not isinstance(value, (int, float)) or isinstance(value, bool) or value != int(value) or not 1 <= value <= MAX_CLASS_COUNT:
        raise bad_request(f'output "{name[:100]}": parameters.classification must be a whole number from 1 to {MAX_CLASS_COUNT}')
    return int(value)


def check_classification(outputs: list | None) -> None:
    """Checks every requested output's classification count, before the model runs."""
    for output in outputs or []:
        if isinstance(output, dict) and isinstance(output.get("name"), str):
            classification_count(outputs, output["name"])


def js_number(value: float) -> str:
    """A number as JavaScript's String(n) writes it: 3 not 3.0, 1e-7 not 1e-07, 1e+21, NaN, Infinity."""
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    if value == 0:
        return "0"
    sign, digits, exponent = Decimal(repr(value)).as_tuple()
    text = "".join(map(str, digits)).rstrip("0") or "0"
    point = len(digits) + int(exponent)  # where the decimal point falls after the first digit of `text`
    minus = "-" if sign else ""
    if len(text) <= point <= 21:
        return minus + text + "0" * (point - len(text))
    if 0 < point <= 21:
        return minus + text[:point] + "." + text[point:]
    if -6 < point <= 0:
        return minus + "0." + "0" * -point + text
    rest = "." + text[1:] if len(text) > 1 else ""
    return f"{minus}{text[0]}{rest}e{'+' if point - 1 >= 0 else '-'}{abs(point - 1)}"


def classify_tensor(tensor: dict, count: int, labels: list[str] | None) -> dict:
    """The top `count` entries along the last axis of a V2 output tensor, as a BYTES tensor of its leading shape plus [k]."""
    if tensor["datatype"] in ("BYTES", "BOOL"):
        held = "string" if tensor["datatype"] == "BYTES" else "bool"
        raise bad_request(f"parameters.classification needs a numeric output, but this one holds {held} values")
    values = [math.nan if v is None else float(v) for v in tensor["data"]]
    shape = tensor["shape"]
    classes = shape[-1] if shape else 1
    rows = len(values) // classes if classes > 0 else 0
    k = min(count, classes)
    out = []
    for row in range(rows):
        scores = values[row * classes : (row + 1) * classes]
        for index in ranked(scores)[:k]:
            text = f"{js_number(scores[index])}:{index}"
            out.append(f"{text}:{labels[index]}" if labels is not None and index < len(labels) else text)
    return {"name": tensor["name"], "datatype": "BYTES", "shape": [*shape[:-1], k], "data": out}


def classified(outputs: list[dict], wanted: list | None, labelled: str | None, labels: list[str] | None) -> list[dict]:
    """The answer's output tensors, each requested with parameters.classification replaced by its top k (labels on the `labelled` output)."""
    answered = []
    for tensor in outputs:
        count = classification_count(wanted, tensor["name"])
        answered.append(tensor if count is None else classify_tensor(tensor, count, labels if tensor["name"] == labelled else None))
    return answered
