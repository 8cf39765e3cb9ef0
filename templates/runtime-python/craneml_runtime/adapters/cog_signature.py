"""A Cog predictor's inputs read from its predict signature (types, Input defaults, bounds, choices), and one row checked against them."""

from __future__ import annotations

import inspect
import pathlib
import re
import types
import typing
from dataclasses import dataclass, fields
from typing import Any

from cog import InputRules

from .errors import InvalidRow, RefusedModel

REQUIRED = inspect.Parameter.empty
# The input types Cog projects use and the column type each is served as.
COLUMN_TYPES = {"str": "string", "secret": "string", "int": "integer", "float": "number", "bool": "boolean", "path": "string", "file": "string"}
RULE_NAMES = [rule.name for rule in fields(InputRules)]


@dataclass(frozen=True)
class CogInput(InputRules):
    """One input of predict: its name, kind, default and whether it admits None, with the rules Input(...) gave it."""

    name: str
    kind: str  # a key of COLUMN_TYPES
    default: Any = REQUIRED
    optional: bool = False


def kind_of(annotation: Any) -> tuple[str | None, bool]:
    """The input kind of an annotation, and whether it admits None (Optional[...])."""
    args = typing.get_args(annotation)
    if typing.get_origin(annotation) in (typing.Union, types.UnionType) and type(None) in args:
        rest = [arg for arg in args if arg is not type(None)]
        return (kind_of(rest[0])[0] if len(rest) == 1 else None), True
    if annotation in (str, int, float, bool):
        return annotation.__name__, False
    if isinstance(annotation, type):
        if issubclass(annotation, pathlib.PurePath):
            return "path", False
        names = {base.__name__ for base in annotation.__mro__}
        if "File" in names:
            return "file", False
        if "Secret" in names:
            return "secret", False
    return None, False


def read_inputs(predict: Any) -> list[CogInput]:
    """Example: for predict(self, n: int = Input(default=2, ge=1)) -> [CogInput("n", "int", default=2, ge=1)]."""
    hints = typing.get_type_hints(predict)
    inputs: list[CogInput] = []
    parameters = list(inspect.signature(predict).parameters.items())
    if not inspect.ismethod(predict) and parameters and parameters[0][0] == "self":
        parameters = parameters[1:]  # read from the class, not an instance
    for name, parameter in parameters:
        if parameter.kind in (parameter.VAR_POSITIONAL, parameter.VAR_KEYWORD):
            continue
        kind, optional = kind_of(hints.get(name, parameter.annotation))
        if kind is None:
            raise RefusedModel(f'predict input "{name}" has the type {hints.get(name, parameter.annotation)!r}; CraneML serves str, int, float, bool, Path and File inputs')
        declared = parameter.default
        if type(declared).__name__ == "FieldInfo":
            info = {key: getattr(declared, key, None) for key in RULE_NAMES}
            default = REQUIRED if declared.default is None and not optional else declared.default
            inputs.append(CogInput(name, kind, default, optional, **info))
        else:
            inputs.append(CogInput(name, kind, declared, optional))
    return inputs


def number(spec: CogInput, value: Any) -> Any:
    if isinstance(value, str):
        try:
            value = float(value.strip())
        except ValueError:
            raise InvalidRow(spec.name, f"must be a number, not {value!r}") from None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise InvalidRow(spec.name, f"must be a number, not {type(value).__name__}")
    if spec.kind == "int":
        if float(value) != int(value):
            raise InvalidRow(spec.name, f"must be an integer, not {value}")
        return int(value)
    return float(value)


def boolean(spec: CogInput, value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    raise InvalidRow(spec.name, f"must be true or false, not {value!r}")


def checked(spec: CogInput, value: Any) -> Any:
    """One value of an input, typed and within its declared bounds and choices; a file stays its data URL here."""
    if spec.kind in ("int", "float"):
        value = number(spec, value)
        if spec.ge is not None and value < spec.ge:
            raise InvalidRow(spec.name, f"must be at least {spec.ge}, not {value}")
        if spec.le is not None and value > spec.le:
            raise InvalidRow(spec.name, f"must be at most {spec.le}, not {value}")
    elif spec.kind == "bool":
        value = boolean(spec, value)
    elif not isinstance(value, str):
        raise InvalidRow(spec.name, f"must be a string, not {type(value).__name__}")
    elif spec.kind in ("str", "secret"):
        if spec.min_length is not None and len(value) < spec.min_length:
            raise InvalidRow(spec.name, f"must have at least {spec.min_length} characters")
        if spec.max_length is not None and len(value) > spec.max_length:
            raise InvalidRow(spec.name, f"must have at most {spec.max_length} characters")
        if spec.regex is not None and not re.fullmatch(spec.regex, value):
            raise InvalidRow(spec.name, f"must match {spec.regex}")
    if spec.choices is not None and value not in spec.choices:
        raise InvalidRow(spec.name, f"must be one of {', '.join(map(str, spec.choices))}, not {value!r}")
    return value


def checked_row(inputs: list[CogInput], row: Any) -> dict[str, Any]:
    """The keyword arguments of one predict call: given values checked, missing ones their default; unknown keys dropped as Cog does."""
    if not isinstance(row, dict):
        raise InvalidRow(inputs[0].name if inputs else "input", "each row must be an object of named inputs")
    arguments: dict[str, Any] = {}
    for spec in inputs:
        value = row.get(spec.name)
        if value is None:
            if spec.default is REQUIRED:
                raise InvalidRow(spec.name, "is required")
            arguments[spec.name] = spec.default
        else:
            arguments[spec.name] = checked(spec, value)
    return arguments
