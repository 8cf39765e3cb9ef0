"""CatBoost .cbm files: loaded as the classifier or regressor they were trained as, described, and exported by CatBoost's own ONNX exporter without its ZipMap."""

from __future__ import annotations

import os
import tempfile
from typing import Any

import onnx
from onnx import TensorProto, helper

from columns import Column, plain
from steps import StepFailed
from versions import installed

# Losses CatBoostClassifier trains with; any other single-target loss is a regressor's.
CLASSIFIER_LOSSES = ("Logloss", "CrossEntropy", "MultiClass", "MultiClassOneVsAll")
SCORE_OUTPUT = "probabilities"
INPUT = "X"


def loss_name(model: Any) -> str:
    """The loss the model was trained with: from its parameters, else from the model itself (a file converted from another format)."""
    loss = (model.get_all_params() or {}).get("loss_function")
    if not loss:
        loss = model._object._get_loss_function_name()
    return str(loss).split(":")[0]


def load_catboost(path: str) -> Any:
    """The file as a CatBoostClassifier or CatBoostRegressor, so predict and predict_proba answer as the user's did."""
    try:
        import catboost
    except ImportError as error:
        # version-set.ts gives CatBoost files their own image: this one was built for other kinds.
        raise StepFailed("load", f"this converter image has no catboost ({error})") from error
    try:
        probe = catboost.CatBoost().load_model(path)
    except catboost.CatBoostError as error:
        raise StepFailed("load", f"CatBoost cannot read the file: it is truncated or damaged ({str(error).splitlines()[0]})") from error
    loss = loss_name(probe)
    model = catboost.CatBoostClassifier() if loss in CLASSIFIER_LOSSES else catboost.CatBoostRegressor()
    model.load_model(path)
    return model


def as_estimator(model: Any) -> Any:
    """A pickled CatBoost model as the classifier or regressor its loss makes it (a plain CatBoost or a ranker goes through a .cbm)."""
    import catboost

    if isinstance(model, (catboost.CatBoostClassifier, catboost.CatBoostRegressor)):
        return model
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "model.cbm")
        model.save_model(path)
        return load_catboost(path)


def describe_catboost(model: Any) -> tuple[str, str, list[Any] | None, list[Column]]:
    """Estimator name, task, classes and columns; categorical, text and embedding columns are typed string (the export refuses them)."""
    loss = loss_name(model)
    classifier = loss in CLASSIFIER_LOSSES
    classes = [plain(value) for value in model.classes_] if classifier else None
    if classifier and not classes:
        # CrossEntropy learns from probabilities: its classes are 0 and 1.
        classes = [0, 1]
    words = set(model.get_cat_feature_indices()) | set(model.get_text_feature_indices()) | set(model.get_embedding_feature_indices())
    columns = [Column(str(name), "string" if index in words else "number") for index, name in enumerate(model.feature_names_)]
    return f"{type(model).__name__} ({loss})", "classification" if classifier else "regression", classes, columns


def refuse_non_numeric(model: Any) -> None:
    names = list(model.feature_names_)
    for kind, indices in (
        ("categorical", model.get_cat_feature_indices()),
        ("text", model.get_text_feature_indices()),
        ("embedding", model.get_embedding_feature_indices()),
    ):
        if len(indices) > 0:
            columns = ", ".join(f'"{names[i]}"' for i in indices)
            raise StepFailed(
                "convert",
                f"CatBoost's ONNX export does not support {kind} features, and this model has {len(indices)} ({columns}); "
                "a model trained on numeric columns only converts",
            )


def without_zipmap(model: onnx.ModelProto) -> onnx.ModelProto:
    """A classifier's probabilities as the float tensor [N, C] the ZipMap node reads, not ZipMap's list of maps."""
    zipmaps = [node for node in model.graph.node if node.op_type == "ZipMap"]
    if not zipmaps:
        return model
    zipmap = zipmaps[0]
    tensor = zipmap.input[0]
    ensemble = next(node for node in model.graph.node if tensor in node.output)
    classes = next(len(attribute.ints) or len(attribute.strings) for attribute in ensemble.attribute if attribute.name.startswith("classlabels"))
    model.graph.node.remove(zipmap)
    for node in model.graph.node:
        node.output[:] = [SCORE_OUTPUT if name == tensor else name for name in node.output]
    kept = [output for output in model.graph.output if output.name != zipmap.output[0]]
    del model.graph.output[:]
    model.graph.output.extend(kept + [helper.make_tensor_value_info(SCORE_OUTPUT, TensorProto.FLOAT, ["N", classes])])
    return model


def renamed_input(model: onnx.ModelProto) -> onnx.ModelProto:
    """CatBoost names its input "features"; every float-matrix conversion here calls it X."""
    old = model.graph.input[0].name
    model.graph.input[0].name = INPUT
    for node in model.graph.node:
        node.input[:] = [INPUT if name == old else name for name in node.input]
    return model


def catboost_to_onnx(model: Any) -> onnx.ModelProto:
    refuse_non_numeric(model)
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "model.onnx")
        model.save_model(path, format="onnx")
        converted = onnx.load(path)
    converted = renamed_input(without_zipmap(converted))
    # CatBoost writes its build's whole multi-line git info there; the release is what a reader wants.
    converted.producer_version = installed("catboost") or converted.producer_version
    onnx.checker.check_model(converted)
    return converted


def catboost_thresholds(model: Any) -> dict[int, list[float]]:
    """Each numeric feature's split borders (CatBoost splits on x > border): rows are synthesised on both sides of them."""
    return {int(index): [float(border) for border in borders] for index, borders in model.get_borders().items()}
