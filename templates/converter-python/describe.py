"""What a loaded model is: its task, classes, input columns (names, types, typical values) and a readable name."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from column_facts import learn
from columns import Column, plain
from input_names import lay_out
from safe_load import Loaded
from steps import StepFailed


@dataclass
class Description:
    estimator: str
    task: str
    classes: list[Any] | None
    columns: list[Column]
    fitted_on_frame: bool
    per_column: bool


def estimator_name(model: Any) -> str:
    kind = type(model).__name__
    if isinstance(model, str):
        return model
    if kind == "Pipeline":
        return f"Pipeline({', '.join(estimator_name(step) for _, step in model.steps if step not in (None, 'passthrough'))})"
    if kind == "ColumnTransformer":
        parts = [estimator_name(t) for _, t, _ in getattr(model, "transformers_", model.transformers) if not (isinstance(t, str) and t == "drop")]
        return f"ColumnTransformer({', '.join(parts)})"
    if kind == "FunctionTransformer" and model.func is not None:
        module = getattr(model.func, "__module__", None) or ("numpy" if type(model.func).__name__ == "ufunc" else "")
        prefix = "np." if module.startswith("numpy") else f"{module}." if module else ""
        return f"FunctionTransformer({prefix}{getattr(model.func, '__name__', repr(model.func))})"
    return kind


def xgboost_objective(booster: Any) -> tuple[str, int]:
    learner = json.loads(booster.save_config())["learner"]
    return str(learner["objective"]["name"]), int(learner["learner_model_param"].get("num_class", "0") or 0)


def lightgbm_objective(booster: Any) -> tuple[str, int]:
    dumped = booster.dump_model(num_iteration=0)
    return str(dumped.get("objective", "")).split(" ")[0], int(dumped.get("num_class", 1))


def booster_task(loaded: Loaded) -> tuple[str, str, list[Any] | None]:
    if loaded.family == "xgboost-booster":
        objective, classes = xgboost_objective(loaded.model)
        classifier = objective.startswith(("binary:", "multi:"))
        name = f"XGBoost Booster ({objective})"
    else:
        objective, classes = lightgbm_objective(loaded.model)
        classifier = objective in ("binary", "multiclass", "multiclassova")
        name = f"LightGBM Booster ({objective})"
    return name, "classification" if classifier else "regression", list(range(max(classes, 2))) if classifier else None


def sklearn_names(model: Any) -> tuple[list[str], bool]:
    names = getattr(model, "feature_names_in_", None)
    if names is not None:
        return [str(name) for name in names], True
    width = getattr(model, "n_features_in_", None)
    if width is None:
        raise StepFailed("describe", f"{estimator_name(model)} does not record how many columns it takes: is it fitted?")
    return [f"x{i}" for i in range(int(width))], False


def booster_names(loaded: Loaded) -> tuple[list[str], list[str]]:
    booster = loaded.model
    if loaded.family == "xgboost-booster":
        width = booster.num_features()
        return list(booster.feature_names or [f"f{i}" for i in range(width)]), list(booster.feature_types or ["float"] * width)
    return list(booster.feature_name()), ["float"] * booster.num_feature()


def describe(loaded: Loaded) -> Description:
    model = loaded.model
    if loaded.family == "catboost":
        from catboost_model import describe_catboost

        estimator, task, classes, columns = describe_catboost(model)
        on_frame = False
    elif loaded.family == "sklearn":
        names, on_frame = sklearn_names(model)
        classes = [plain(c) for c in model.classes_] if hasattr(model, "classes_") else None
        task = "classification" if classes is not None else "regression"
        columns = [Column(name) for name in names]
        estimator = estimator_name(model)
    else:
        estimator, task, classes = booster_task(loaded)
        names, types = booster_names(loaded)
        on_frame = loaded.family == "xgboost-booster" and bool(model.feature_names)
        columns = [Column(name, "integer" if kind in ("int", "i") else "number") for name, kind in zip(names, types)]
    learn(model, columns)
    per_column = lay_out(columns)
    return Description(estimator, task, classes, columns, on_frame, per_column)
