"""The small `cog` module a Cog project's predict.py imports, so CraneML serves it unchanged (no Cog install)."""

from __future__ import annotations

import io
import pathlib
from dataclasses import dataclass, field
from dataclasses import dataclass as _dataclass
from typing import Any, Iterator, TypeVar

__all__ = ["BaseModel", "BasePredictor", "ConcatenateIterator", "File", "Input", "Path", "Secret"]


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


class File(io.IOBase):
    """Cog's older file type: an input arrives as a readable binary stream."""


class Secret(str):
    """A string the model should not log; served as a plain string here."""

    def get_secret_value(self) -> str:
        return str(self)


T = TypeVar("T")


class ConcatenateIterator(Iterator[T]):
    """An output of many parts (tokens); the runtime joins what the generator yields into a list."""


class BaseModel:
    """A structured output: subclasses become dataclasses, answered as objects."""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        _dataclass(cls)


class BasePredictor:
    """A Cog predictor: `setup()` once, then `predict(**inputs)` for each prediction."""

    def setup(self) -> None:
        return None

    def predict(self, **kwargs: Any) -> Any:
        raise NotImplementedError("predict() is not implemented")
