"""Loads a model file by its kind, letting a pickle build only the types the host's static scan approved."""

from __future__ import annotations

import json
import pickle
import warnings
from dataclasses import dataclass
from typing import Any, Literal

from restricted_unpickle import LOADERS, Approval, Refused
from steps import StepFailed, note
from versions import installed, is_newer

Family = Literal["sklearn", "xgboost-booster", "lightgbm-booster", "catboost"]


@dataclass
class Loaded:
    model: Any
    family: Family
    library: str
    library_version: str | None


def load_approved(path: str, kind: str, allowed: frozenset[str]) -> Any:
    """A pickle, joblib or skops file through the shared restricted unpickler, a refusal failing the load step."""
    try:
        return LOADERS[kind](path, Approval(allowed, "when the file was scanned"))
    except Refused as error:
        raise StepFailed("load", str(error)) from error


def load_xgboost(path: str) -> Loaded:
    import xgboost

    booster = xgboost.Booster(model_file=path)
    wrapper = json.loads(booster.attr("scikit_learn") or "{}")
    kind = wrapper.get("_estimator_type")
    version = installed("xgboost")
    if kind in ("classifier", "regressor"):
        model = xgboost.XGBClassifier() if kind == "classifier" else xgboost.XGBRegressor()
        model.load_model(path)
        return Loaded(model, "sklearn", "xgboost", version)
    return Loaded(booster, "xgboost-booster", "xgboost", version)


def load_lightgbm(path: str) -> Loaded:
    import lightgbm

    return Loaded(lightgbm.Booster(model_file=path), "lightgbm-booster", "lightgbm", installed("lightgbm"))


def load_catboost_file(path: str) -> Loaded:
    """A .cbm file is CatBoost's own format, not a pickle: nothing in it is code."""
    from catboost_model import load_catboost

    return Loaded(load_catboost(path), "catboost", "catboost", installed("catboost"))


def classify(model: Any, saved_with: str | None) -> Loaded:
    """What a pickle, joblib or skops file held: a scikit-learn-style estimator or a raw booster."""
    module = type(model).__module__.split(".")[0]
    if module == "xgboost" and type(model).__name__ == "Booster":
        return Loaded(model, "xgboost-booster", "xgboost", installed("xgboost"))
    if module == "lightgbm" and type(model).__name__ == "Booster":
        return Loaded(model, "lightgbm-booster", "lightgbm", installed("lightgbm"))
    if module == "catboost":
        from catboost_model import as_estimator

        return Loaded(as_estimator(model), "catboost", "catboost", installed("catboost"))
    if not callable(getattr(model, "predict", None)) or not hasattr(model, "get_params"):
        kind = type(model).__name__ if module == "builtins" else f"{type(model).__module__}.{type(model).__qualname__}"
        article = "an" if kind[:1].lower() in "aeiou" else "a"
        raise StepFailed("load", f"the file holds {article} {kind}, not a trained model with a predict method")
    library = {"xgboost": "xgboost", "lightgbm": "lightgbm"}.get(module, "scikit-learn")
    version = saved_with if library == "scikit-learn" and saved_with else installed(library)
    return Loaded(model, "sklearn", library, version)


def sklearn_saved_version(caught: list[warnings.WarningMessage]) -> str | None:
    from sklearn.exceptions import InconsistentVersionWarning

    for warning in caught:
        if isinstance(warning.message, InconsistentVersionWarning):
            return str(warning.message.original_sklearn_version)
    return None


def load_model(path: str, kind: str, allowed: frozenset[str]) -> Loaded:
    if kind in ("xgboost-json", "xgboost-ubj"):
        return load_xgboost(path)
    if kind == "lightgbm-text":
        return load_lightgbm(path)
    if kind == "catboost":
        return load_catboost_file(path)
    if kind not in LOADERS:
        raise StepFailed("load", f"unknown kind of file: {kind}")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            model = load_approved(path, kind, allowed)
        except (EOFError, pickle.UnpicklingError) as error:
            raise StepFailed("load", f"the file is not a complete {kind} file: it is truncated or damaged ({error or 'ends early'})") from error
    for warning in caught:
        note(f"warning while loading: {warning.message}")
    saved_with = sklearn_saved_version(caught)
    current = installed("scikit-learn") or "?"
    if saved_with and is_newer(saved_with, current):
        raise StepFailed("load", f"the file was saved with scikit-learn {saved_with}, newer than this converter's scikit-learn {current}")
    return classify(model, saved_with)
