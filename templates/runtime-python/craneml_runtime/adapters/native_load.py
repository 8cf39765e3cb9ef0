"""Opens the model files that are not pickles (XGBoost JSON/UBJ, LightGBM text, CatBoost): no globals to approve."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

NATIVE_KINDS = ("xgboost-json", "xgboost-ubj", "lightgbm-text", "catboost")


@dataclass
class NativeModel:
    model: Any
    # A raw booster answers probabilities or values from predict(); an estimator has predict_proba.
    booster: str | None


def load_native(path: str, kind: str, task: str) -> NativeModel:
    if kind == "lightgbm-text":
        import lightgbm

        return NativeModel(lightgbm.Booster(model_file=path), "lightgbm")
    if kind == "catboost":
        import catboost

        model = catboost.CatBoostClassifier() if task == "classification" else catboost.CatBoostRegressor()
        model.load_model(path)
        return NativeModel(model, None)
    import xgboost

    booster = xgboost.Booster(model_file=path)
    wrapped = json.loads(booster.attr("scikit_learn") or "{}").get("_estimator_type")
    if wrapped in ("classifier", "regressor"):
        model = xgboost.XGBClassifier() if wrapped == "classifier" else xgboost.XGBRegressor()
        model.load_model(path)
        return NativeModel(model, None)
    return NativeModel(booster, "xgboost")


def booster_predict(native: NativeModel, rows: Any) -> Any:
    """A raw booster's predict: P(class) or the value per row."""
    if native.booster == "xgboost":
        import xgboost

        return native.model.predict(xgboost.DMatrix(rows, feature_names=native.model.feature_names))
    return native.model.predict(rows)
