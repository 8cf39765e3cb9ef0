"""
The small `cog` module a Cog project's run.py or predict.py imports, so CraneML serves it unchanged
(no Cog install): Cog 0.22's names (BaseRunner, run) and the older ones (BasePredictor, predict).
"""

from __future__ import annotations

import contextvars
import io
import pathlib
from dataclasses import dataclass, field
from dataclasses import dataclass as _dataclass
from typing import Any, AsyncIterator, Callable, Iterator, TypeVar

__all__ = [
    "AsyncConcatenateIterator",
    "BaseModel",
    "BasePredictor",
    "BaseRunner",
    "CancelationException",
    "ConcatenateIterator",
    "ExperimentalFeatureWarning",
    "File",
    "Input",
    "Path",
    "Secret",
    "URLFile",
    "URLPath",
    "concurrent",
    "current_scope",
    "emit_metric",
    "streaming",
]


@dataclass(frozen=True, kw_only=True)
class InputRules:
    """What `Input(...)` declares about one argument of predict besides its default; the runtime checks rows against it."""

    description: str | None = None
    ge: float | None = None
    le: float | None = None
    min_length: int | None = None
    max_length: int | None = None
    regex: str | None = None
    choices: list[Any] | None = field(default=None)


@dataclass(frozen=True)
class FieldInfo(InputRules):
    """What `Input(...)` returns: the argument's default and its rules."""

    default: Any = None


def Input(  # noqa: N802 - Cog's public name
    default: Any = None,
    *,
    description: str | None = None,
    ge: float | None = None,
    le: float | None = None,
    min_length: int | None = None,
    max_length: int | None = None,
    regex: str | None = None,
    choices: list[Any] | None = None,
    **_: Any,
) -> Any:
    """Declares a predict argument: its default, description, bounds (ge/le) and allowed values (choices)."""
    listed = list(choices) if choices is not None else None
    return FieldInfo(default, description=description, ge=ge, le=le, min_length=min_length, max_length=max_length, regex=regex, choices=listed)


class Path(pathlib.PosixPath):
    """A file input or output: inputs arrive as a temporary file, outputs are answered as a data URL."""


class URLPath(Path):
    """Cog's type for a file input it fetched; here every file input is a Path."""


class File(io.IOBase):
    """Cog's older file type: an input arrives as a readable binary stream."""


class URLFile(File):
    """Cog's older type for a file input it fetched."""


class Secret(str):
    """A string the model should not log; served as a plain string here."""

    def get_secret_value(self) -> str:
        return str(self)


T = TypeVar("T")


class ConcatenateIterator(Iterator[T]):
    """An output of many parts (tokens); the runtime joins what the generator yields into a list."""


class AsyncConcatenateIterator(AsyncIterator[T]):
    """An async run's output of many parts (tokens); the runtime joins what it yields into a list."""


class CancelationException(BaseException):
    """What Cog raises in a run it cancels; CraneML cancels a call past its deadline by replacing the worker instead."""


class ExperimentalFeatureWarning(FutureWarning):
    """Kept so projects that filter it still import; nothing raises it."""


class BaseModel:
    """A structured output: subclasses become dataclasses, answered as objects."""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        _dataclass(cls)


class Metrics(dict):
    """One prediction's metrics by name, as `record_metric` leaves them."""

    def record(self, key: str, value: Any, mode: str = "replace") -> None:
        if value is None:
            self.pop(key, None)
        elif mode == "replace":
            self[key] = value
        elif mode == "incr":
            self[key] = self.get(key, 0) + value
        elif mode == "append":
            held = self.get(key)
            self[key] = [*(held if isinstance(held, list) else [] if held is None else [held]), value]
        else:
            raise ValueError(f"record_metric mode must be replace, incr or append, not {mode!r}")


class Scope:
    """A prediction's scope: the metrics its run records."""

    def __init__(self) -> None:
        self.metrics = Metrics()

    def record_metric(self, key: str, value: Any, mode: str = "replace") -> None:
        self.metrics.record(key, value, mode)


_scope: contextvars.ContextVar[Scope | None] = contextvars.ContextVar("cog_scope", default=None)


def current_scope() -> Scope:
    """The running prediction's scope; outside one, a scope of its own that nothing reads (as in Cog)."""
    return _scope.get() or Scope()


def in_scope(call: Callable[[], Any]) -> Any:
    """Runs `call` (one prediction) in a scope of its own, so what it records ends with it."""
    token = _scope.set(Scope())
    try:
        return call()
    finally:
        _scope.reset(token)


def emit_metric(name: str, value: Any) -> None:
    """Cog's older way to record a metric."""
    current_scope().record_metric(name, value)


def _decorator(fn: Any = None, **_: Any) -> Any:
    """@streaming, @concurrent and their called forms: the method as written (calls here run one at a time)."""
    return fn if callable(fn) else (lambda inner: inner)


streaming = _decorator
concurrent = _decorator


class BaseRunner:
    """A Cog runner (Cog 0.22's name): `setup()` once, then `run(**inputs)` for each prediction."""

    def setup(self, weights: Any = None) -> None:
        return None

    def run(self, **kwargs: Any) -> Any:
        if type(self).predict is not BaseRunner.predict:
            return self.predict(**kwargs)
        raise NotImplementedError("run() is not implemented")

    def predict(self, **kwargs: Any) -> Any:
        if type(self).run is not BaseRunner.run:
            return self.run(**kwargs)
        raise NotImplementedError("predict() is not implemented")

    @property
    def scope(self) -> Scope:
        return current_scope()

    def record_metric(self, key: str, value: Any, mode: str = "replace") -> None:
        current_scope().record_metric(key, value, mode)


class BasePredictor(BaseRunner):
    """Cog's older name for BaseRunner: `setup()` once, then `predict(**inputs)` for each prediction."""
