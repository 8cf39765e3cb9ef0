"""Converts a loaded model to ONNX with skl2onnx or onnxmltools: no ZipMap, named or per-column inputs, chosen opsets."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

import onnx

from describe import Description
from onnx_compat import accept_boolean_ints
from onnx_registry import register_boosters
from safe_load import Loaded
from steps import StepFailed
from versions import installed

MAIN_OPSET = 18
ML_OPSET = 3


class NoDoubleSupport(Exception):
    """The converter cannot take float64 inputs for this model."""


@dataclass
class Converted:
    model: onnx.ModelProto
    converter: str
    version: str
    score_output: str
    label_output: str | None
    opsets: dict[str, int]


def tensor_types(description: Description, dtype: str, onnxmltools_types: bool = False) -> list[tuple[str, Any]]:
    """skl2onnx's types, or onnxmltools' own for its standalone booster converters (they refuse skl2onnx's)."""
    if onnxmltools_types:
        from onnxmltools.convert.common.data_types import DoubleTensorType, FloatTensorType, StringTensorType
    else:
        from skl2onnx.common.data_types import DoubleTensorType, FloatTensorType, StringTensorType

    number = DoubleTensorType if dtype == "float64" else FloatTensorType
    if not description.per_column:
        return [("X", number([None, len(description.columns)]))]
    return [(column.tensor, StringTensorType([None, 1]) if column.type == "string" else number([None, 1])) for column in description.columns]


def parts(model: Any) -> list[Any]:
    """The model and every estimator inside it (pipeline steps, column transformers' transformers)."""
    found = [model]
    for _, step in getattr(model, "steps", []) or []:
        found += parts(step)
    for _, transformer, _ in getattr(model, "transformers_", []) or []:
        if not isinstance(transformer, str):
            found += parts(transformer)
    return found


def output_classifiers(model: Any) -> list[Any]:
    """The classifier whose answers are the model's: the model, or a pipeline's last step, recursively."""
    steps = getattr(model, "steps", None)
    if steps:
        return output_classifiers(steps[-1][1])
    return [model] if hasattr(model, "classes_") else []


def rename_booster_features(model: Any) -> None:
    """onnxmltools reads XGBoost splits as "f<index>": a copy's booster loses its feature names."""
    for part in parts(model):
        if type(part).__module__.startswith("xgboost") and hasattr(part, "get_booster"):
            part.get_booster().feature_names = None


def address_columns_by_tensor(model: Any, description: Description) -> None:
    """A column transformer's columns, by the ONNX input (per column) or by position in X."""
    first = model.steps[0][1] if type(model).__name__ == "Pipeline" else model
    if type(first).__name__ != "ColumnTransformer":
        return
    names = [column.name for column in description.columns]
    target = [column.tensor for column in description.columns] if description.per_column else list(range(len(names)))

    def address(spec: Any) -> Any:
        if isinstance(spec, str) and spec in names:
            return [target[names.index(spec)]]
        if isinstance(spec, (list, tuple)) and all(isinstance(item, str) for item in spec):
            return [target[names.index(item)] for item in spec]
        if description.per_column and isinstance(spec, slice):
            return target[spec]
        if description.per_column and isinstance(spec, (list, tuple)) and spec and all(isinstance(item, int) for item in spec):
            return [target[item] for item in spec]
        return spec

    first.transformers_ = [(name, transformer, address(spec)) for name, transformer, spec in first.transformers_]


def sklearn_to_onnx(loaded: Loaded, description: Description, dtype: str) -> onnx.ModelProto:
    from skl2onnx import convert_sklearn

    if any(type(part).__module__.startswith(("xgboost", "lightgbm")) for part in parts(loaded.model)):
        register_boosters()
    accept_boolean_ints()
    work = copy.deepcopy(loaded.model)
    rename_booster_features(work)
    address_columns_by_tensor(work, description)
    options = {id(classifier): {"zipmap": False} for classifier in output_classifiers(work)}
    try:
        return convert_sklearn(work, initial_types=tensor_types(description, dtype), options=options, target_opset={"": MAIN_OPSET, "ai.onnx.ml": ML_OPSET})
    except (NotImplementedError, RuntimeError, TypeError) as error:
        if dtype == "float64":
            raise NoDoubleSupport(str(error)) from error
        raise


def booster_to_onnx(loaded: Loaded, description: Description, dtype: str) -> onnx.ModelProto:
    import onnxmltools
    from onnxmltools.convert.common.onnx_ex import get_maximum_opset_supported

    opset = min(MAIN_OPSET, get_maximum_opset_supported())
    if dtype == "float64":
        raise NoDoubleSupport("onnxmltools converts boosters with float32 inputs only")
    types = tensor_types(description, dtype, onnxmltools_types=True)
    if loaded.family == "xgboost-booster":
        booster = loaded.model.copy()
        booster.feature_names = None
        return onnxmltools.convert_xgboost(booster, initial_types=types, target_opset=opset)
    return onnxmltools.convert_lightgbm(loaded.model, initial_types=types, zipmap=False, target_opset=opset)


def catboost_onnx(loaded: Loaded, dtype: str) -> onnx.ModelProto:
    from catboost_model import catboost_to_onnx

    if dtype == "float64":
        raise NoDoubleSupport("CatBoost exports ONNX with float32 inputs only")
    return catboost_to_onnx(loaded.model)


def outputs(model: onnx.ModelProto, task: str) -> tuple[str, str | None]:
    names = [output.name for output in model.graph.output]
    tensors = [output.name for output in model.graph.output if output.type.HasField("tensor_type")]
    if task == "regression":
        return tensors[0], None
    if len(names) < 2 or names[1] not in tensors:
        raise StepFailed("convert", f"the converted classifier has outputs {names}, not a label and a tensor of probabilities")
    return names[1], names[0]


def to_onnx(loaded: Loaded, description: Description, dtype: str) -> Converted:
    if loaded.family == "sklearn":
        model, converter = sklearn_to_onnx(loaded, description, dtype), "skl2onnx"
    elif loaded.family == "catboost":
        model, converter = catboost_onnx(loaded, dtype), "catboost"
    else:
        model, converter = booster_to_onnx(loaded, description, dtype), "onnxmltools"
    score_output, label_output = outputs(model, description.task)
    opsets = {entry.domain or "ai.onnx": int(entry.version) for entry in model.opset_import}
    return Converted(model, converter, installed(converter) or "?", score_output, label_output, opsets)
