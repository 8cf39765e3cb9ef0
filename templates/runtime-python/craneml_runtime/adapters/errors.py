"""The errors adapters raise for the server to answer: a row the model cannot take, an answer it cannot send, a model it will not load."""

from __future__ import annotations

from ..errors import InputInvalid


class InvalidRow(InputInvalid):
    """A row a model refuses before it runs (a missing input, a value out of bounds): the server's 422 naming the column."""

    def __init__(self, column: str, message: str, row: int | None = None) -> None:
        self.column = column
        self.row = row
        self.reason = message
        where = f'row {row}, column "{column}"' if row is not None else f'column "{column}"'
        super().__init__(f"{where}: {message}")


class ModelOutputError(RuntimeError):
    """The model's predict answered something the contract cannot carry (the wrong number of answers)."""


class RefusedModel(RuntimeError):
    """A model the runtime will not load (a pickle naming an unapproved global): raised by setup(), the server exits 1."""
