"""Opens a pickle, joblib or skops file letting it build exactly the approved globals; shared by the converter and the Python runtime images."""

from __future__ import annotations

import _compat_pickle
import functools
import importlib
import io
import pickle
import types
from typing import Any, Callable

UFUNC_RECONSTRUCT = {"numpy.core._ufunc_reconstruct", "numpy._core._ufunc_reconstruct"}
UFUNC_HOMES = {"numpy", "scipy.special"}
PARTIAL = "functools.partial"
# What a functools.partial may bind (main/notebook/allow-list.ts PARTIAL_FUNCTIONS): HistGradientBoosting
# fitted on a DataFrame with category columns keeps FunctionTransformer(partial(check_array, dtype=...)).
PARTIAL_FUNCTIONS = {("sklearn.utils.validation", "check_array")}

Finder = Callable[[str, str], Any]


class Refused(Exception):
    """A model file that will not be loaded; each image raises it as its own error (converter: StepFailed, runtime: RefusedModel)."""


class Approval:
    """The globals a file may build, and where they were approved (for the messages: "at init (…)", "when it was scanned")."""

    def __init__(self, allowed: frozenset[str], approved_where: str) -> None:
        self.allowed = allowed
        self.approved_where = approved_where

    def unapproved(self, qualified: str) -> Refused:
        return refused(qualified, f"which is not among the globals approved {self.approved_where}")


def refused(qualified: str, why: str) -> Refused:
    return Refused(f"the model file names {qualified}, {why}")


def guarded_ufunc_reconstruct(module: str, name: str) -> Any:
    """numpy's _ufunc_reconstruct imports any module it is told: only NumPy's and scipy.special's functions pass."""
    if module not in UFUNC_HOMES:
        raise refused(f"{module}.{name}", "which is not a NumPy or scipy.special function")
    found = getattr(importlib.import_module(module), name, None)
    if type(found).__name__ != "ufunc":
        raise refused(f"{module}.{name}", "which is not a NumPy ufunc")
    return found


def check_partial_function(func: Any) -> None:
    """The function a partial binds must be one of PARTIAL_FUNCTIONS itself, not an object claiming its name."""
    for module, name in PARTIAL_FUNCTIONS:
        if func is getattr(importlib.import_module(module), name, None):
            return
    what = f"{getattr(func, '__module__', '?')}.{getattr(func, '__qualname__', type(func).__name__)}"
    raise refused(f"{PARTIAL}({what})", "which binds a function other than scikit-learn's check_array")


class GuardedPartial(functools.partial):  # type: ignore[type-arg]
    """functools.partial as a model file may build it: made (REDUCE) or set anew (BUILD) only around an approved function."""

    def __new__(cls, func: Any, /, *args: Any, **keywords: Any) -> GuardedPartial:
        check_partial_function(func)
        return super().__new__(cls, func, *args, **keywords)

    def __setstate__(self, state: Any) -> None:
        if not isinstance(state, tuple) or not state:
            raise refused(PARTIAL, "whose state is not a partial's")
        check_partial_function(state[0])
        super().__setstate__(state)


def check_home(qualified: str, module: str, found: Any) -> None:
    """An approved name must be what its own package defines, not another package's object it re-exports (sklearn's pathlib.Path)."""
    home = getattr(found, "__module__", None)
    if not isinstance(home, str):
        if type(found).__name__ == "ufunc":
            return
        raise refused(qualified, "which is not a class or function of its package")
    roots = {module.split(".")[0], _compat_pickle.IMPORT_MAPPING.get(module, module).split(".")[0]}
    if home.split(".")[0] not in roots:
        raise refused(qualified, f"which is {home}.{getattr(found, '__qualname__', '?')}, not a type of its package")


def approving(approval: Approval, find: Finder) -> Finder:
    """A find_class that admits exactly the approved globals."""

    def find_class(module: str, name: str) -> Any:
        qualified = f"{module}.{name}"
        if qualified not in approval.allowed:
            raise approval.unapproved(qualified)
        if qualified in UFUNC_RECONSTRUCT:
            return guarded_ufunc_reconstruct
        if qualified == PARTIAL:
            return GuardedPartial
        try:
            found = find(module, name)
        except (ImportError, AttributeError) as error:
            raise Refused(
                f"the model file needs {qualified}, which this image's libraries do not have ({error}); was it saved with other versions?"
            ) from error
        check_home(qualified, module, found)
        return found

    return find_class


class ApprovingUnpickler(pickle.Unpickler):
    def __init__(self, file: Any, approval: Approval) -> None:
        super().__init__(file)
        self._find = approving(approval, super().find_class)

    def find_class(self, module: str, name: str) -> Any:
        return self._find(module, name)


def load_pickle(path: str, approval: Approval) -> Any:
    with open(path, "rb") as handle:
        return ApprovingUnpickler(handle, approval).load()


def approving_pickle_module(approval: Approval) -> types.ModuleType:
    """`pickle` as joblib's numpy_pickle calls it for object arrays (string class labels): approving too."""
    module = types.ModuleType("pickle")
    module.__dict__.update(pickle.__dict__)
    module.load = lambda file, **_: ApprovingUnpickler(file, approval).load()  # type: ignore[attr-defined]
    module.loads = lambda data, **_: ApprovingUnpickler(io.BytesIO(data), approval).load()  # type: ignore[attr-defined]
    return module


def load_joblib(path: str, approval: Approval) -> Any:
    """joblib files (compressed too): its own unpickler and the nested object-array pickles both approve every global."""
    from joblib import numpy_pickle

    class ApprovingNumpyUnpickler(numpy_pickle.NumpyUnpickler):  # type: ignore[misc, name-defined]
        def find_class(self, module: str, name: str) -> Any:
            return approving(approval, super().find_class)(module, name)

    def no_legacy(*_: Any, **__: Any) -> Any:
        raise Refused("the model file was written by joblib older than 0.10 (arrays in companion files), which is not supported")

    kept = numpy_pickle.NumpyUnpickler, numpy_pickle.pickle, numpy_pickle.load_compatibility
    numpy_pickle.NumpyUnpickler = ApprovingNumpyUnpickler
    numpy_pickle.pickle = approving_pickle_module(approval)
    numpy_pickle.load_compatibility = no_legacy
    try:
        return numpy_pickle.load(path)
    finally:
        numpy_pickle.NumpyUnpickler, numpy_pickle.pickle, numpy_pickle.load_compatibility = kept


def load_skops(path: str, approval: Approval) -> Any:
    import skops.io

    unapproved = [name for name in skops.io.get_untrusted_types(file=path) if name not in approval.allowed]
    if unapproved:
        raise approval.unapproved(", ".join(unapproved))
    return skops.io.load(path, trusted=sorted(approval.allowed))


LOADERS: dict[str, Callable[[str, Approval], Any]] = {"pickle": load_pickle, "joblib": load_joblib, "skops": load_skops}
