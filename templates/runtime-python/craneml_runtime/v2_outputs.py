"""
The adapter's answers as V2 output tensors, and the outputs V2 model metadata declares for them: a
classifier's "label" [N] and "probabilities" [N, classes] (as the Node runtime answers a converted
table model), a regressor's "value" [N] or [N, targets], anything else one "predictions" tensor.
"""

from __future__ import annotations

from .jsontext import dumps
from .tensor_answers import is_tensor_model, score_output_name, stacked_outputs


def is_classifier(manifest: dict) -> bool:
    return manifest.get("task") == "classification" and bool(manifest.get("labels"))


def is_regressor(manifest: dict) -> bool:
    return manifest.get("task") == "regression"


def declared_outputs(manifest: dict, default: list[dict]) -> list[dict]:
    """The outputs V2 model metadata lists (datatype and shape), the same names infer answers (a tensor model's own)."""
    if is_tensor_model(manifest):
        return default
    if is_classifier(manifest):
        return [
            {"name": "label", "datatype": "BYTES", "shape": [-1]},
            {"name": "probabilities", "datatype": "FP64", "shape": [-1, len(manifest["labels"])]},
        ]
    if is_regressor(manifest):
        return [{"name": "value", "datatype": "FP64", "shape": [-1]}]
    return default


def _is_number(value: object) -> bool:
    return (isinstance(value, (int, float)) and not isinstance(value, bool)) or value is None


def _tensor(name: str, cells: list) -> dict:
    n = len(cells)
    if cells and all(isinstance(c, bool) for c in cells):
        return {"name": name, "datatype": "BOOL", "shape": [n], "data": cells}
    if cells and all(_is_number(c) for c in cells):
        return {"name": name, "datatype": "FP64", "shape": [n], "data": [None if c is None else float(c) for c in cells]}
    if cells and all(isinstance(c, list) and len(c) == len(cells[0]) and all(_is_number(v) for v in c) for c in cells):
        data = [None if v is None else float(v) for c in cells for v in c]
        return {"name": name, "datatype": "FP64", "shape": [n, len(cells[0])], "data": data}
    return {"name": name, "datatype": "BYTES", "shape": [n], "data": [c if isinstance(c, str) else dumps(c) for c in cells]}


def _probabilities(labels: list[str], prediction: dict) -> list:
    scores = {entry.get("label"): entry.get("score") for entry in prediction.get("top_k") or []}
    return [scores.get(label) for label in labels]


def labelled_output(manifest: dict) -> str | None:
    """The output whose last axis the labels name (for the classification extension), if any."""
    if is_tensor_model(manifest):
        return score_output_name(manifest) if manifest.get("labels") else None
    return "probabilities" if is_classifier(manifest) else None


def output_tensors(manifest: dict, predictions: list) -> list[dict]:
    """The answer's tensors; a tensor model's `predictions` are its rows' raw outputs (Model.predict with raw)."""
    if is_tensor_model(manifest):
        return stacked_outputs(manifest, predictions)
    dicts = bool(predictions) and all(isinstance(p, dict) for p in predictions)
    if is_classifier(manifest) and dicts and all("label" in p for p in predictions):
        labels = manifest["labels"]
        return [
            {"name": "label", "datatype": "BYTES", "shape": [len(predictions)], "data": [str(p["label"]) for p in predictions]},
            {**_tensor("probabilities", [_probabilities(labels, p) for p in predictions]), "name": "probabilities"},
        ]
    if is_regressor(manifest) and dicts and all(set(p) == {"value"} for p in predictions):
        return [_tensor("value", [p["value"] for p in predictions])]
    return [_tensor("predictions", predictions)]
