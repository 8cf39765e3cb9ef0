"""Rows of a request (JSON instances, CSV records, V2 columns) → the rows the adapter gets: dicts by column name, typed by the declared columns."""

from __future__ import annotations

import math
from operator import itemgetter

from .cells import MISSING, cell_reader, may_be_left_out, quick_kind, untyped_csv_cell
from .errors import InputInvalid, each_instance, quoted


def names_problem(missing: list[str], unknown: list[str]) -> str:
    """'missing column "sex"; unknown column "Sex"', as table-rows.ts says it."""
    parts = []
    if missing:
        parts.append(f"missing column{'s' if len(missing) > 1 else ''} {quoted(missing)}")
    if unknown:
        parts.append(f"unknown column{'s' if len(unknown) > 1 else ''} {quoted(unknown)}")
    return "; ".join(parts)


def _as_floats(column: tuple) -> list | None:
    """Every number as a float (JSON's 1001 is the number column's 1001.0); None for an int past a float's range."""
    try:
        return list(map(float, column))
    except OverflowError:
        return None


class Table:
    """The manifest's input: `table` (declared columns), `rows` (JSON as sent) or `tensor` (arrays as sent)."""

    def __init__(self, manifest: dict):
        codec = manifest.get("input") or {"kind": "rows"}
        self.kind: str = codec.get("kind", "rows")
        self.columns: list[dict] = list(codec.get("columns") or []) if self.kind == "table" else []
        self.names = [c["name"] for c in self.columns]
        self.by_name = {c["name"]: c for c in self.columns}
        self.readers = [(c["name"], cell_reader(c)) for c in self.columns]
        self.quick_kinds = [quick_kind(c) for c in self.columns]
        names = tuple(self.names)
        self._names = names
        # itemgetter of one name gives the cell itself, not a tuple of one.
        self._cells_of = itemgetter(*names) if len(names) > 1 else (lambda record: tuple(record[name] for name in names))

    @property
    def typed(self) -> bool:
        return self.kind == "table"

    def row_from_record(self, record: dict, source: str) -> dict:
        """A row by column name: every declared column (or its default), no other."""
        if record.keys() != self.by_name.keys():
            unknown = [name for name in record if name not in self.by_name]
            missing = [c["name"] for c in self.columns if c["name"] not in record and not may_be_left_out(c)]
            if unknown or missing:
                raise InputInvalid(names_problem(missing, unknown))
        return {name: read(record.get(name, MISSING), source) for name, read in self.readers}

    def row_from_values(self, values: list, source: str) -> dict:
        if len(values) != len(self.columns):
            raise InputInvalid(
                f"an instance given as an array needs {len(self.columns)} values, one per column in order "
                f"({quoted(self.names)}); got {len(values)}"
            )
        return {name: read(v, source) for (name, read), v in zip(self.readers, values)}

    def row_from_instance(self, instance: object) -> object:
        if not self.typed:
            return instance
        if isinstance(instance, list):
            return self.row_from_values(instance, "json")
        if not isinstance(instance, dict):
            raise InputInvalid(
                f"each instance must be an object by column name ({quoted(self.names)}), "
                f"or an array of {len(self.columns)} values in that order"
            )
        return self.row_from_record(instance, "json")

    def rows_from_instances(self, instances: list) -> list:
        if not self.typed:
            return instances
        rows = self._rows_by_column(instances)
        return rows if rows is not None else each_instance(instances, self.row_from_instance)

    def _rows_by_column(self, instances: list) -> list | None:
        """
        The rows read a column at a time, when every instance is an object with exactly the declared
        columns in their order; None on any cell the readers refuse, and the row-by-row reading then
        says which. A column of finite floats (a number column) or of strings (a string column) is taken
        as it is, checked in C (set, map, sum); the instances are then the rows themselves. 100 rows of
        30 columns (some numbers sent as JSON integers): 0.26 ms, against 0.45 row by row.
        """
        names = self._names
        # One row reads faster cell by cell (5 µs against 12).
        if len(instances) < 2 or set(map(type, instances)) != {dict} or not all(map(names.__eq__, map(tuple, instances))):
            return None
        columns = list(zip(*map(self._cells_of, instances)))
        read_columns: list = []
        changed = False
        for (_, read), kind, column in zip(self.readers, self.quick_kinds, columns):
            types = set(map(type, column))
            if kind == "string" and types == {str}:
                read_columns.append(column)
                continue
            if kind == "number" and types <= {float, int}:
                floats = column if int not in types else _as_floats(column)
                # A sum is finite only when every term is (an overflow just takes the cell-by-cell way).
                if floats is not None and math.isfinite(sum(floats)):
                    read_columns.append(floats)
                    changed = changed or floats is not column
                    continue
            try:
                read_columns.append([read(value, "json") for value in column])
            except InputInvalid:
                return None
            changed = True
        return [dict(zip(names, values)) for values in zip(*read_columns)] if changed else instances

    def csv_positions(self, header: list[str]) -> list[int | None]:
        """Where each column is in a CSV header; extra columns are allowed (and sent back), a missing one without a default is a 422."""
        at: dict[str, int] = {}
        for i, name in enumerate(header):
            at.setdefault(name, i)
        missing = [c["name"] for c in self.columns if c["name"] not in at and not may_be_left_out(c)]
        if missing:
            unknown = [name for name in header if name not in self.by_name]
            also = f" (it has {quoted(unknown)}, which the model does not know)" if unknown else ""
            raise InputInvalid(f"the CSV header has no column{'s' if len(missing) > 1 else ''} {quoted(missing)}{also}")
        return [at.get(c["name"]) for c in self.columns]

    def rows_from_csv(self, header: list[str], records: list[list[str]], lines: list[int]) -> list:
        if not self.typed:
            return [{name: untyped_csv_cell(cell) for name, cell in zip(header, record)} for record in records]
        positions = self.csv_positions(header)
        rows = []
        for record, line in zip(records, lines):
            try:
                rows.append(
                    {
                        name: read(record[p] if p is not None else MISSING, "csv")
                        for (name, read), p in zip(self.readers, positions)
                    }
                )
            except InputInvalid as error:
                raise InputInvalid(f"line {line}: {error.message}") from None
        return rows

    def rows_from_columns(self, columns: dict[str, list], count: int) -> list:
        """Rows from whole columns (V2: one input per column); a bad cell names its row."""
        if self.typed:
            missing = [c["name"] for c in self.columns if c["name"] not in columns and not may_be_left_out(c)]
            if missing:
                raise InputInvalid(names_problem(missing, []))
        rows = []
        for row in range(count):
            record = {name: cells[row] for name, cells in columns.items()}
            try:
                rows.append(self.row_from_record(record, "json") if self.typed else record)
            except InputInvalid as error:
                raise InputInvalid(f"row {row}: {error.message}") from None
        return rows
