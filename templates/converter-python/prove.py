"""Converts, then compares on the same rows: float32 inputs first, float64 when float32's answers differ."""

from __future__ import annotations

import sys
import traceback
from typing import Any

import pandas as pd

from answers import Answers, onnx_answers, original_answers
from class_scores import label_text
from describe import Description
from parity import compare, explain
from safe_load import Loaded
from step_errors import failing_part, in_step, readable
from steps import Step, StepFailed, note, progress
from to_onnx import Converted, to_onnx
from versions import installed


def convert_once(loaded: Loaded, description: Description, dtype: str) -> Converted:
    progress("convert", f"converting {description.estimator} with {dtype} inputs")
    try:
        return to_onnx(loaded, description, dtype)
    except StepFailed:
        raise
    except Exception as error:
        traceback.print_exc(file=sys.stderr)
        converter = {"sklearn": "skl2onnx", "catboost": "catboost"}.get(loaded.family, "onnxmltools")
        part = failing_part(loaded.model, str(error), description.estimator)
        raise StepFailed("convert", f"{converter} {installed(converter) or '?'} cannot convert {part}: {readable(error)}") from error


def prove(loaded: Loaded, description: Description, frame: pd.DataFrame, sample: str, tolerance: float) -> tuple[Converted, dict[str, Any]]:
    """The conversion whose answers matched, or StepFailed("parity") with the figures of the last one compared."""
    original: Answers | None = None
    rows_step: Step = "sample" if sample == "user" else "parity"
    best: tuple[Converted, dict[str, Any]] | None = None
    classes = [label_text(value) for value in description.classes or []]
    for dtype in ("float32", "float64"):
        try:
            converted = convert_once(loaded, description, dtype)
            progress("parity", f"comparing answers on {len(frame)} {sample} rows ({dtype})")
            answers = in_step("parity", lambda: onnx_answers(converted, description, frame, dtype))
        except StepFailed as failure:
            if best is None:
                raise
            note(f"no float64 conversion to compare: {failure.message}")
            break
        if original is None:
            original = in_step(rows_step, lambda: original_answers(loaded, description, frame))
        best = (converted, in_step("parity", lambda: compare(original, answers, tolerance, sample, dtype, classes)))
        if best[1]["passed"]:
            return best
    assert best is not None
    raise StepFailed("parity", explain(best[1]), best[1])
