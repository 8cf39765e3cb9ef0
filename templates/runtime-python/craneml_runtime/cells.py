"""One cell of a table read as its column's type says, from JSON or CSV text: the rules of main/inference/table-cells.ts, plus defaults and bounds."""

from __future__ import annotations

import json
import math
import re

from .errors import InputInvalid

DECIMAL = re.compile(r"^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$")
INTEGER = re.compile(r"^[+-]?\d+$")
NOT_A_NUMBER = re.compile(r"^nan$", re.IGNORECASE)
TRUE = {"true", "1"}
FALSE = {"false", "0"}
MISSING = object()


def shown(value: object) -> str:
    if isinstance(value, str):
        return json.dumps(value if len(value) <= 40 else value[:40] + "…")
    try:
        return json.dumps(value)[:40]
    except (TypeError, ValueError):
        return type(value).__name__


def refuse(column: dict, wants: str, value: object) -> InputInvalid:
    return InputInvalid(f'column "{column["name"]}" expects {wants}, got {shown(value)}')


def _number(column: dict, value: object, source: str) -> float | int:
    integer = column["type"] == "integer"
    wants = "an integer" if integer else "a number"
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        number: float | int = value
    elif value is None and source == "json":
        number = math.nan
    elif isinstance(value, str) and source == "csv":
        text = value.strip()
        if text == "" or NOT_A_NUMBER.match(text):
            number = math.nan
        elif integer and INTEGER.match(text):
            number = int(text)
        elif DECIMAL.match(text):
            number = float(text)
        else:
            raise refuse(column, wants, value)
    else:
        raise refuse(column, wants, value)
    if isinstance(number, float) and math.isnan(number):
        # Imputers fill gaps in number columns; an integer column has no way to say "missing".
        if integer:
            raise refuse(column, f"{wants} (it cannot be empty)", value)
        return number
    if isinstance(number, float) and (math.isinf(number) or (integer and not number.is_integer())):
        raise refuse(column, wants, value)
    number = int(number) if integer else float(number)
    low, high = column.get("minimum"), column.get("maximum")
    if low is not None and number < low:
        raise InputInvalid(f'column "{column["name"]}" must be at least {low}, got {shown(value)}')
    if high is not None and number > high:
        raise InputInvalid(f'column "{column["name"]}" must be at most {high}, got {shown(value)}')
    return number


def _boolean(column: dict, value: object) -> bool:
    if isinstance(value, bool):
        return value
    if value in (0, 1) and isinstance(value, (int, float)):
        return value == 1
    if isinstance(value, str):
        text = value.strip().lower()
        if text in TRUE:
            return True
        if text in FALSE:
            return False
    raise refuse(column, "true or false", value)


def may_be_left_out(column: dict) -> bool:
    """A column with a default, or an optional one (Cog's default=None), need not be given."""
    return "default" in column or bool(column.get("optional"))


def read_cell(column: dict, value: object, source: str) -> object:
    """A cell as its column's type says (number → float, NaN for a gap; integer → int; boolean; string); 422 naming the column otherwise."""
    optional = bool(column.get("optional"))
    if value is MISSING or (source == "csv" and value == "" and may_be_left_out(column)) or (value is None and optional):
        if "default" in column:
            return column["default"]
        if optional:
            return None
        raise InputInvalid(f'missing column "{column["name"]}"')
    kind = column["type"]
    if kind in ("number", "integer"):
        return _number(column, value, source)
    if kind == "boolean":
        return _boolean(column, value)
    if not isinstance(value, str):
        raise refuse(column, "a string", value)
    return value


def untyped_csv_cell(text: str) -> object:
    """A cell of a table without declared columns: text that reads as a number is a number."""
    stripped = text.strip()
    if INTEGER.match(stripped):
        return int(stripped)
    if DECIMAL.match(stripped):
        return float(stripped)
    return text
