"""Prints, as JSON, every cell on which the Python runtime's per-column readers (cell_reader) and read_cell differ.

Each column kind (with and without bounds, a default, optional) meets JSON and CSV cells of every shape:
numbers, gaps, infinities, numeric and other strings, booleans, containers, the missing marker.
"""

import json
import math

from craneml_runtime.cells import MISSING, cell_reader, read_cell

COLUMNS = [
    {"name": "n", "type": "number"},
    {"name": "i", "type": "integer"},
    {"name": "s", "type": "string"},
    {"name": "b", "type": "boolean"},
    {"name": "bounded", "type": "number", "minimum": 0, "maximum": 10},
    {"name": "at least", "type": "number", "minimum": 0},
    {"name": "defaulted", "type": "number", "default": 3.0},
    {"name": "optional", "type": "string", "optional": True},
]
VALUES = [1.5, -0.0, 0.0, 3, -7, 11, -1, 10**30, 10**400, -(10**400), 2.5e308, True, False, None, math.nan, math.inf, -math.inf,
          "1.5", "", " 2 ", "nan", "x", "abc", [], {}, MISSING]


def outcome(read) -> list:
    try:
        value = read()
        return ["value", repr(value), type(value).__name__]
    except Exception as error:  # the message is part of the contract
        return ["error", type(error).__name__, str(error)]


differences = []
checked = 0
for column in COLUMNS:
    reader = cell_reader(column)
    for value in VALUES:
        for source in ("json", "csv"):
            checked += 1
            expected = outcome(lambda: read_cell(column, value, source))
            got = outcome(lambda: reader(value, source))
            if got != expected:
                differences.append({"column": column["name"], "value": repr(value), "source": source, "read_cell": expected, "reader": got})
print(json.dumps({"checked": checked, "differences": differences}))
