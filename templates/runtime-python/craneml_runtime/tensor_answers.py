"""
A tensor model's answers, by the rules of the Node runtime's postprocess.ts: from each row's raw
outputs ({"outputs": {name: {dtype, shape, data}}}, as the torch adapters answer), a classifier's
{label, index, score, top_k} (softmax when postprocess.softmax), a regressor's {value}, else the raw
outputs; and V2's output tensors, the raw outputs stacked on the batch axis.
"""

from __future__ import annotations

import math

from .tensor_rows import V2_OF_DTYPE, batch_axis

# The python.source kinds whose model takes tensors and answers tensors.
TENSOR_SOURCES = ("torchscript", "torch_export")


def is_tensor_model(manifest: dict) -> bool:
    return ((manifest.get("python") or {}).get("source") or {}).get("kind") in TENSOR_SOURCES


def score_output_name(manifest: dict) -> str:
    """The output holding class scores (classifier) or values (regressor): postprocess.output, else the first declared."""
    return (manifest.get("postprocess") or {}).get("output") or manifest["signature"]["outputs"][0]["name"]


def softmax(values: list[float]) -> list[float]:
    top = max(values, default=0.0)
    exps = [math.exp(v - top) for v in values]
    total = sum(exps)
    return [e / total for e in exps]


def _number(value: object) -> float:
    return math.nan if value is None else float(value)  # type: ignore[arg-type]


def _finite_or_none(value: float) -> float | None:
    return None if math.isnan(value) else value


def ranked(scores: list[float]) -> list[int]:
    """Indices from high score to low; NaN ranks last and equal scores keep their index order (byScore)."""
    return sorted(range(len(scores)), key=lambda i: (-scores[i] if not math.isnan(scores[i]) else math.inf, i))


def classify(manifest: dict, data: list) -> dict:
    scores = [_number(v) for v in data]
    if (manifest.get("postprocess") or {}).get("softmax"):
        scores = softmax(scores)
    labels = manifest.get("labels") or []
    order = ranked(scores)
    top_k = int((manifest.get("postprocess") or {}).get("top_k", 3))

    def label_of(index: int) -> str:
        return labels[index] if index < len(labels) else str(index)

    best = order[0] if order else 0
    return {
        "label": label_of(best),
        "index": best,
        "score": _finite_or_none(scores[best]) if scores else 0,
        "top_k": [{"label": label_of(i), "score": _finite_or_none(scores[i])} for i in order[:top_k]],
    }


def regression_value(data: list) -> dict:
    """One number when the output holds one per row, else the list (a multi-output regressor); NaN as null."""
    values = [None if v is None or math.isnan(float(v)) else float(v) for v in data]
    return {"value": values[0] if len(values) == 1 else values}


def prediction(manifest: dict, raw: dict) -> dict:
    """The answer for one row's outputs (toPrediction)."""
    scores = raw["outputs"].get(score_output_name(manifest))
    if scores is not None and manifest.get("labels"):
        return classify(manifest, scores["data"])
    if scores is not None and manifest.get("task") == "regression":
        return regression_value(scores["data"])
    return raw


def predictions(manifest: dict, raws: list) -> list:
    return [prediction(manifest, raw) for raw in raws]


def stacked_outputs(manifest: dict, raws: list) -> list[dict]:
    """V2 output tensors: each output's rows stacked on the batch axis (a model without one answered the request in one row)."""
    whole = batch_axis(manifest["signature"]["inputs"])[0] == "none"
    tensors = []
    for name, first in raws[0]["outputs"].items():
        shape = first["shape"] if whole else [len(raws), *first["shape"]]
        data = first["data"] if whole else [v for raw in raws for v in raw["outputs"][name]["data"]]
        tensors.append({"name": name, "datatype": V2_OF_DTYPE.get(first["dtype"], "FP32"), "shape": shape, "data": data})
    return tensors
