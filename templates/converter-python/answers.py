"""The same rows answered by the original model and by its ONNX conversion, as labels and scores (or values)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from class_scores import label_text, two_from_margin, two_from_probability
from describe import Description
from safe_load import Loaded
from to_onnx import Converted


@dataclass
class Answers:
    labels: list[str] | None
    scores: np.ndarray


def numbers(frame: pd.DataFrame) -> np.ndarray:
    return frame.to_numpy(dtype=np.float64, na_value=np.nan)


def original_answers(loaded: Loaded, description: Description, frame: pd.DataFrame) -> Answers:
    model = loaded.model
    if loaded.family == "xgboost-booster":
        import xgboost

        out = np.asarray(model.predict(xgboost.DMatrix(numbers(frame), feature_names=model.feature_names)))
    elif loaded.family == "lightgbm-booster":
        out = np.asarray(model.predict(numbers(frame)))
    else:
        from category_columns import as_categories, category_columns

        rows: Any = (
            as_categories(frame, category_columns(model))
            if description.fitted_on_frame
            else (frame.to_numpy() if description.per_column else numbers(frame))
        )
        if description.task == "regression":
            return Answers(None, np.asarray(model.predict(rows), dtype=np.float64).reshape(len(frame), -1))
        labels = [label_text(value) for value in model.predict(rows)]
        if hasattr(model, "predict_proba"):
            return Answers(labels, two_from_probability(model.predict_proba(rows)))
        return Answers(labels, two_from_margin(model.decision_function(rows)))
    if description.task == "regression":
        return Answers(None, out.astype(np.float64).reshape(len(frame), -1))
    scores = two_from_probability(out)
    classes = description.classes or []
    return Answers([label_text(classes[i]) for i in np.argmax(scores, axis=1)], scores)


def onnx_feeds(description: Description, frame: pd.DataFrame, dtype: str) -> dict[str, np.ndarray]:
    if not description.per_column:
        return {"X": numbers(frame).astype(dtype)}
    feeds: dict[str, np.ndarray] = {}
    for column in description.columns:
        values = frame[column.name]
        if column.type == "string":
            feeds[column.tensor] = np.asarray(["" if value is None else str(value) for value in values], dtype=object).reshape(-1, 1)
        else:
            feeds[column.tensor] = values.to_numpy(dtype=np.float64, na_value=np.nan).astype(dtype).reshape(-1, 1)
    return feeds


def onnx_answers(converted: Converted, description: Description, frame: pd.DataFrame, dtype: str) -> Answers:
    import onnxruntime

    onnxruntime.disable_telemetry_events()
    onnxruntime.set_default_logger_severity(3)
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = 1
    session = onnxruntime.InferenceSession(converted.model.SerializeToString(), options, providers=["CPUExecutionProvider"])
    wanted = [converted.score_output] + ([converted.label_output] if converted.label_output else [])
    results = session.run(wanted, onnx_feeds(description, frame, dtype))
    scores = np.asarray(results[0], dtype=np.float64).reshape(len(frame), -1)
    labels = [label_text(value) for value in np.ravel(results[1])] if converted.label_output else None
    return Answers(labels, scores)
