"""Reads the user's --sample CSV into rows with the model's columns, naming the column and row of any mistake."""

from __future__ import annotations

import csv
import math

import pandas as pd

from columns import Column
from steps import StepFailed

MAX_ROWS = 100_000
TRUE, FALSE = {"true", "1", "yes"}, {"false", "0", "no"}


def number(text: str, column: Column, row: int) -> float:
    if text.strip() == "":
        return math.nan
    try:
        value = float(text)
    except ValueError:
        raise StepFailed("sample", f"sample CSV line {row}, column \"{column.name}\": \"{text}\" is not a number") from None
    if column.type == "integer" and not math.isnan(value) and not value.is_integer():
        raise StepFailed("sample", f"sample CSV line {row}, column \"{column.name}\": \"{text}\" is not a whole number")
    return value


def boolean(text: str, column: Column, row: int) -> bool:
    word = text.strip().lower()
    if word not in TRUE | FALSE:
        raise StepFailed("sample", f"sample CSV line {row}, column \"{column.name}\": \"{text}\" is not true or false")
    return word in TRUE


def read_sample(path: str, columns: list[Column]) -> pd.DataFrame:
    with open(path, newline="", encoding="utf-8-sig") as handle:
        reader = csv.reader(handle)
        header = next(reader, None)
        if not header or all(cell.strip() == "" for cell in header):
            raise StepFailed("sample", "the sample CSV is empty: it needs a header row naming the columns, then rows")
        known = {column.name for column in columns}
        unknown = [name for name in header if name not in known]
        if unknown:
            raise StepFailed("sample", f"the sample CSV has column \"{unknown[0]}\", which the model does not take (it takes {', '.join(sorted(known))})")
        missing = [column.name for column in columns if column.name not in header]
        if missing:
            raise StepFailed("sample", f"the sample CSV has no column \"{missing[0]}\"")
        position = {name: header.index(name) for name in header}
        data: dict[str, list[object]] = {column.name: [] for column in columns}
        for line, cells in enumerate(reader, start=2):
            if not cells:
                continue
            if len(cells) != len(header):
                raise StepFailed("sample", f"sample CSV line {line} has {len(cells)} fields, the header {len(header)}")
            for column in columns:
                text = cells[position[column.name]]
                value: object = text if column.type == "string" else boolean(text, column, line) if column.type == "boolean" else number(text, column, line)
                data[column.name].append(value)
            if len(data[columns[0].name]) >= MAX_ROWS:
                break
    if not data[columns[0].name]:
        raise StepFailed("sample", "the sample CSV has a header but no rows")
    return pd.DataFrame({name: pd.Series(values, dtype=object if isinstance(values[0], str) else None) for name, values in data.items()})
