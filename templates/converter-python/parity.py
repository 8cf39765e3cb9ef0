"""Compares the original model's answers with the ONNX model's: labels on every row, scores within a tolerance."""

from __future__ import annotations

import sys
from typing import Any

import numpy as np

from answers import Answers

LARGEST = sys.float_info.max


def finite(value: float) -> float:
    return value if np.isfinite(value) else LARGEST


def agrees(expected: str, got: str, scores: np.ndarray, classes: list[str], tolerance: float) -> bool:
    """The same label, or a tie: the original scored the ONNX model's label within the tolerance of its own."""
    if expected == got:
        return True
    if got not in classes or scores.shape[0] != len(classes):
        return False
    return bool(scores[classes.index(got)] >= scores.max() - tolerance)


def compare(original: Answers, converted: Answers, tolerance: float, sample: str, dtype: str, classes: list[str]) -> dict[str, Any]:
    rows = len(original.scores)
    expected = original.scores
    got = converted.scores
    if got.shape != expected.shape and expected.shape[1] == 1 and got.shape[1] == 2:
        got = got[:, 1:]
    if got.shape != expected.shape:
        raise ValueError(f"the ONNX model answers {got.shape[1]} values per row, the original {expected.shape[1]}")
    both_missing = np.isnan(expected) & np.isnan(got)
    difference = np.where(both_missing, 0.0, np.abs(got - expected))
    difference = np.where(np.isnan(difference), np.inf, difference)
    max_abs = float(difference.max()) if difference.size else 0.0
    max_rel = float((difference / np.maximum(np.abs(np.nan_to_num(expected)), tolerance)).max()) if difference.size else 0.0
    report: dict[str, Any] = {
        "rows": rows,
        "sample": sample,
        "max_abs_diff": finite(max_abs),
        "max_rel_diff": finite(max_rel),
        "tolerance": tolerance,
        "dtype": dtype,
    }
    labels_agree = True
    if original.labels is not None:
        pairs = zip(original.labels, converted.labels or [], original.scores)
        agreeing = sum(agrees(expected, got, scores, classes, tolerance) for expected, got, scores in pairs)
        report["labels_agree"] = agreeing
        labels_agree = agreeing == rows
    report["passed"] = labels_agree and max_abs <= tolerance
    return report


def explain(report: dict[str, Any]) -> str:
    parts = []
    if "labels_agree" in report and report["labels_agree"] != report["rows"]:
        parts.append(f"labels differ on {report['rows'] - report['labels_agree']} of {report['rows']} rows")
    if report["max_abs_diff"] > report["tolerance"]:
        parts.append(f"largest difference {report['max_abs_diff']:.3g} is over the tolerance {report['tolerance']:.3g}")
    return f"the ONNX model does not answer as the original ({'; '.join(parts)}; {report['dtype']} inputs)"
