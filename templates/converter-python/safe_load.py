"""Loads a model file by its kind, letting a pickle build only the types the host's static scan approved."""

from __future__ import annotations

import _compat_pickle
import io
import json
import pickle
import types
import warnings
from dataclasses import dataclass
from typing import Any, Callable, Literal

from steps import StepFailed, note
from versions import installed, is_newer

Family = Literal["sklearn", "xgboost-booster", "lightgbm-booster", "catboost"]


@dataclass
class Loaded:
    model: Any
    family: Family
    library: str
    library_version: str | None


def restricted_find_class(allowed: frozenset[str], find: Callable[[str, str], Any]) -> Callable[[str, str], Any]:
    def find_class(module: str, name: str) -> Any:
        qualified = f"{module}.{name}"
        if qualified not in allowed:
            raise StepFailed("load", f"the file names {qualified}, which is not among the types approved when it was scanned")
        try:
            found = find(module, name)
        except (ImportError, AttributeError) as error:
            raise StepFailed(
                "load", f"the file needs {qualified}, which this converter's libraries do not have ({error}); was it saved with another version?"
            ) from error
        check_home(qualified, module, found)
        return found

    return find_class


def check_home(qualified: str, module: str, found: Any) -> None:
    """An approved name must be what its package defines, not another package's object it imports (sklearn's re-export of pathlib.Path)."""
    home = getattr(found, "__module__", None)
    if not isinstance(home, str):
        if type(found).__name__ == "ufunc":
            return
        raise StepFailed("load", f"the file names {qualified}, which is not a class or function of a trusted library")
    wanted = {module.split(".")[0], _compat_pickle.IMPORT_MAPPING.get(module, module).split(".")[0]}
    if home.split(".")[0] not in wanted:
        raise StepFailed("load", f"the file names {qualified}, which is {home}.{getattr(found, '__qualname__', '?')}: not a type of {module.split('.')[0]}")


class RestrictedUnpickler(pickle.Unpickler):
    def __init__(self, file: Any, allowed: frozenset[str]) -> None:
        super().__init__(file)
        self._find = restricted_find_class(allowed, super().find_class)

    def find_class(self, module: str, name: str) -> Any:
        return self._find(module, name)


def restricted_pickle_module(allowed: frozenset[str]) -> types.ModuleType:
    """The pickle module as an older joblib sees it: its nested object-array pickles load restricted too."""
    shim = types.ModuleType("pickle")
    shim.__dict__.update(pickle.__dict__)
    shim.load = lambda file, **_: RestrictedUnpickler(file, allowed).load()  # type: ignore[attr-defined]
    shim.loads = lambda data, **_: RestrictedUnpickler(io.BytesIO(data), allowed).load()  # type: ignore[attr-defined]
    return shim


def load_pickle(path: str, allowed: frozenset[str]) -> Any:
    with open(path, "rb") as handle:
        return RestrictedUnpickler(handle, allowed).load()


def load_joblib(path: str, allowed: frozenset[str]) -> Any:
    from joblib import numpy_pickle

    base = numpy_pickle.NumpyUnpickler

    class RestrictedNumpyUnpickler(base):  # type: ignore[misc, valid-type]
        def find_class(self, module: str, name: str) -> Any:
            return restricted_find_class(allowed, super().find_class)(module, name)

    def refuse_legacy(_: Any) -> Any:
        raise StepFailed("load", "the file was written by joblib older than 0.10 (arrays in companion files), which is not supported")

    saved = (numpy_pickle.NumpyUnpickler, numpy_pickle.pickle, numpy_pickle.load_compatibility)
    numpy_pickle.NumpyUnpickler = RestrictedNumpyUnpickler
    numpy_pickle.pickle = restricted_pickle_module(allowed)
    numpy_pickle.load_compatibility = refuse_legacy
    try:
        return numpy_pickle.load(path)
    finally:
        numpy_pickle.NumpyUnpickler, numpy_pickle.pickle, numpy_pickle.load_compatibility = saved


def load_skops(path: str, allowed: frozenset[str]) -> Any:
    import skops.io

    untrusted = [name for name in skops.io.get_untrusted_types(file=path) if name not in allowed]
    if untrusted:
        raise StepFailed("load", f"the file names {', '.join(untrusted)}, which is not among the types approved when it was scanned")
    return skops.io.load(path, trusted=sorted(allowed))


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
    readers: dict[str, Callable[[str, frozenset[str]], Any]] = {"pickle": load_pickle, "joblib": load_joblib, "skops": load_skops}
    if kind in ("xgboost-json", "xgboost-ubj"):
        return load_xgboost(path)
    if kind == "lightgbm-text":
        return load_lightgbm(path)
    if kind == "catboost":
        return load_catboost_file(path)
    if kind not in readers:
        raise StepFailed("load", f"unknown kind of file: {kind}")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            model = readers[kind](path, allowed)
        except (EOFError, pickle.UnpicklingError) as error:
            raise StepFailed("load", f"the file is not a complete {kind} file: it is truncated or damaged ({error or 'ends early'})") from error
    for warning in caught:
        note(f"warning while loading: {warning.message}")
    saved_with = sklearn_saved_version(caught)
    current = installed("scikit-learn") or "?"
    if saved_with and is_newer(saved_with, current):
        raise StepFailed("load", f"the file was saved with scikit-learn {saved_with}, newer than this converter's scikit-learn {current}")
    return classify(model, saved_with)
