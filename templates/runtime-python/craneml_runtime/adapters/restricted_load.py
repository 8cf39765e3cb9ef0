"""Opens a pickle, joblib or skops file letting it build exactly the globals approved at init (python.source.allowed_globals)."""

from __future__ import annotations

import _compat_pickle
import io
import pickle
import types
from typing import Any, Callable

from .errors import RefusedModel

UFUNC_RECONSTRUCT = {"numpy.core._ufunc_reconstruct", "numpy._core._ufunc_reconstruct"}
UFUNC_HOMES = {"numpy", "scipy.special"}

Finder = Callable[[str, str], Any]


def refused(qualified: str, why: str) -> RefusedModel:
    return RefusedModel(f"the model file names {qualified}, {why}; refusing to load it")


def guarded_ufunc_reconstruct(module: str, name: str) -> Any:
    """numpy's _ufunc_reconstruct imports any module it is told: only NumPy's and scipy.special's functions pass."""
    import importlib

    if module not in UFUNC_HOMES:
        raise refused(f"{module}.{name}", "which is not a NumPy or scipy.special function")
    found = getattr(importlib.import_module(module), name, None)
    if type(found).__name__ != "ufunc":
        raise refused(f"{module}.{name}", "which is not a NumPy ufunc")
    return found


def same_package(module: str, found: Any) -> bool:
    """An approved name must be defined by its own package, not be another package's object it re-exports."""
    home = getattr(found, "__module__", None)
    if not isinstance(home, str):
        return type(found).__name__ == "ufunc"
    roots = {module.split(".")[0], _compat_pickle.IMPORT_MAPPING.get(module, module).split(".")[0]}
    return home.split(".")[0] in roots


def approving(allowed: frozenset[str], find: Finder) -> Finder:
    """A find_class that admits exactly the approved globals."""

    def find_class(module: str, name: str) -> Any:
        qualified = f"{module}.{name}"
        if qualified not in allowed:
            raise refused(qualified, "which is not among the globals approved at init (python.source.allowed_globals)")
        if qualified in UFUNC_RECONSTRUCT:
            return guarded_ufunc_reconstruct
        try:
            found = find(module, name)
        except (ImportError, AttributeError) as error:
            raise RefusedModel(f"the model file needs {qualified}, which the image's libraries do not have ({error})") from error
        if not same_package(module, found):
            raise refused(qualified, f"which is {getattr(found, '__module__', '?')}.{getattr(found, '__qualname__', '?')}, not a type of its package")
        return found

    return find_class


class ApprovingUnpickler(pickle.Unpickler):
    def __init__(self, file: Any, allowed: frozenset[str]) -> None:
        super().__init__(file)
        self._find = approving(allowed, super().find_class)

    def find_class(self, module: str, name: str) -> Any:
        return self._find(module, name)


def load_pickle(path: str, allowed: frozenset[str]) -> Any:
    with open(path, "rb") as handle:
        return ApprovingUnpickler(handle, allowed).load()


def approving_pickle_module(allowed: frozenset[str]) -> types.ModuleType:
    """`pickle` as joblib's numpy_pickle calls it for object arrays (string class labels): approving too."""
    module = types.ModuleType("pickle")
    module.__dict__.update(pickle.__dict__)
    module.load = lambda file, **_: ApprovingUnpickler(file, allowed).load()  # type: ignore[attr-defined]
    module.loads = lambda data, **_: ApprovingUnpickler(io.BytesIO(data), allowed).load()  # type: ignore[attr-defined]
    return module


def load_joblib(path: str, allowed: frozenset[str]) -> Any:
    """joblib files (compressed too): its own unpickler and the nested object-array pickles both approve every global."""
    from joblib import numpy_pickle

    class ApprovingNumpyUnpickler(numpy_pickle.NumpyUnpickler):  # type: ignore[misc, name-defined]
        def find_class(self, module: str, name: str) -> Any:
            return approving(allowed, super().find_class)(module, name)

    def no_legacy(*_: Any, **__: Any) -> Any:
        raise RefusedModel("the model file was written by joblib older than 0.10 (arrays in companion files), which is not supported")

    kept = numpy_pickle.NumpyUnpickler, numpy_pickle.pickle, numpy_pickle.load_compatibility
    numpy_pickle.NumpyUnpickler = ApprovingNumpyUnpickler
    numpy_pickle.pickle = approving_pickle_module(allowed)
    numpy_pickle.load_compatibility = no_legacy
    try:
        return numpy_pickle.load(path)
    finally:
        numpy_pickle.NumpyUnpickler, numpy_pickle.pickle, numpy_pickle.load_compatibility = kept


def load_skops(path: str, allowed: frozenset[str]) -> Any:
    import skops.io

    unapproved = [name for name in skops.io.get_untrusted_types(file=path) if name not in allowed]
    if unapproved:
        raise refused(", ".join(unapproved), "which is not among the globals approved at init (python.source.allowed_globals)")
    return skops.io.load(path, trusted=sorted(allowed))


LOADERS: dict[str, Callable[[str, frozenset[str]], Any]] = {"pickle": load_pickle, "joblib": load_joblib, "skops": load_skops}
