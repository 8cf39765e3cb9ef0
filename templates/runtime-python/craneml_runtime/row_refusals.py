"""
Rows the model cannot take, refused with 422 rather than answered with a label without a score or a
500: a gap (null in JSON, an empty CSV cell: NaN in a number column) the model has no step to fill,
named by row and columns as the Node runtime's refuseUnfilledGaps says it; and a value the library's
own input check refuses (scikit-learn's check_array: "Input X contains infinity or a value too large
for dtype('float32')", JSON's 1e308 in a model that works in float32).
"""

from __future__ import annotations

import math
from collections.abc import Callable

from .errors import InputInvalid, quoted

RowName = Callable[[int], str]


def instance_name(row: int) -> str:
    return f"instance {row}"


def gap_columns(row: object) -> list[str]:
    """The columns of a row (a dict by column name) whose cell is NaN."""
    if not isinstance(row, dict):
        return []
    return [name for name, value in row.items() if isinstance(value, float) and math.isnan(value)]


def answers_a_number(answer: object) -> bool:
    """A classifier's score or a regressor's value is a number (NaN and infinity are sent as null)."""
    if not isinstance(answer, dict):
        return True
    if "score" in answer:
        return answer["score"] is not None
    if "value" in answer:
        value = answer["value"]
        return any(v is not None for v in value) if isinstance(value, list) else value is not None
    return True


def _refusal(rows: list, row: int, where: RowName, after: str = "") -> InputInvalid:
    at = f"{where(row)}: " if len(rows) > 1 else ""
    return InputInvalid(
        f"{at}the model gives no score for a row with a gap ({quoted(gap_columns(rows[row]))} empty): "
        f"it has no step that fills gaps, so give every column a value{after}"
    )


def refuse_unfilled_gaps(rows: list, answers: list, where: RowName = instance_name) -> None:
    """Raises for the first row with a gap whose answer holds no number."""
    for row, (cells, answer) in enumerate(zip(rows, answers)):
        # The answer first: reading every cell of every row would cost more than the rest of a request's check.
        if not answers_a_number(answer) and gap_columns(cells):
            raise _refusal(rows, row, where)


def gap_failure(rows: list, message: str, where: RowName = instance_name) -> InputInvalid | None:
    """The refusal for a model call that failed on a request holding a gap (the library's message after it); None without a gap."""
    for row, cells in enumerate(rows):
        if gap_columns(cells):
            return _refusal(rows, row, where, f" (the model said: {message.splitlines()[0][:200]})")
    return None


# The words scikit-learn's check_array raises with for a value it cannot take (utils/validation.py,
# _assert_all_finite): the caller's to fix. Any other failure stays a 500 naming the exception.
LIBRARY_INPUT_CHECKS = ("ValueError: Input X contains ", "ValueError: Input contains ")


def value_refusal(message: str) -> InputInvalid | None:
    """The refusal for a model call the library's input check failed (its first line said as it is); None for any other failure."""
    first = message.splitlines()[0] if message else ""
    if first.startswith(LIBRARY_INPUT_CHECKS):
        return InputInvalid(f"the model cannot take a value in this request: {first[len('ValueError: '):][:200]}")
    return None
