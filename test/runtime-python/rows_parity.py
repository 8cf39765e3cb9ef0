"""Prints, as JSON, every request whose rows the Python runtime reads differently a column at a time (Table.rows_from_instances) than row by row.

Tables of quick columns only, and with an integer, a boolean, a bounded, a defaulted and an optional column,
meet random instances: mostly cells each column takes, some of every other shape, and instances with their
names reordered, missing, added, or not an object at all.
"""

import json
import math
import random

from craneml_runtime.errors import each_instance
from craneml_runtime.table import Table

QUICK = [{"name": "a", "type": "number"}, {"name": "b", "type": "string"}, {"name": "c", "type": "number"}]
TABLES = [
    QUICK,
    QUICK[:1],
    QUICK + [{"name": "i", "type": "integer"}],
    QUICK + [{"name": "flag", "type": "boolean"}],
    QUICK + [{"name": "bounded", "type": "number", "minimum": 0, "maximum": 10}],
    QUICK + [{"name": "defaulted", "type": "number", "default": 3.0}],
    QUICK + [{"name": "optional", "type": "string", "optional": True}],
]
ODD = [True, False, None, math.nan, math.inf, -math.inf, 10**400, "1.5", "", "x", [], {}, 7, -0.0, 1e308]
GOOD = {"number": [0.5, -2.25, 3, 0, 1e300, -1e-300], "string": ["x", "", "large"], "integer": [1, 2.0, -3], "boolean": [True, False]}


def cell(column: dict, rng: random.Random) -> object:
    if rng.random() < 0.03:
        return rng.choice(ODD)
    good = GOOD[column["type"]]
    return rng.choice(good) if column.get("maximum") is None else rng.choice([0.5, 3, 10])


def instance(columns: list[dict], rng: random.Random) -> object:
    record = {c["name"]: cell(c, rng) for c in columns}
    roll = rng.random()
    if roll < 0.01:
        return list(record.values())
    if roll < 0.02:
        return "not an object"
    if roll < 0.03:
        return dict(reversed(record.items()))
    if roll < 0.04:
        record.pop(rng.choice(list(record)))
    elif roll < 0.05:
        record["extra"] = 1.0
    return record


def outcome(read) -> list:
    try:
        rows = read()
        return ["rows", repr(rows), [[type(v).__name__ for v in row.values()] if isinstance(row, dict) else None for row in rows]]
    except Exception as error:  # the message is part of the contract
        return ["error", type(error).__name__, str(error)]


rng = random.Random(26)
differences = []
checked = by_column = 0
for columns in TABLES:
    table = Table({"input": {"kind": "table", "columns": columns}})
    for _ in range(300):
        instances = [instance(columns, rng) for _ in range(rng.choice([0, 1, 2, 5, 40]))]
        checked += 1
        by_column += table._rows_by_column(instances) is not None
        expected = outcome(lambda: each_instance(instances, table.row_from_instance))
        got = outcome(lambda: table.rows_from_instances(instances))
        if got != expected:
            differences.append({"columns": [c["name"] for c in columns], "instances": repr(instances)[:400], "row_by_row": expected, "by_column": got})
print(json.dumps({"checked": checked, "by_column": by_column, "differences": differences[:5]}))
