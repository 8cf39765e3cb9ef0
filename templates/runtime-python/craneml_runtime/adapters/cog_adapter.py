"""Serves a Cog project unchanged: BasePredictor.setup() once, then one predict(**row) call per row, inputs checked against its signature."""

from __future__ import annotations

import pathlib
from typing import Any

from .answers import jsonable
from .cog_files import materialised
from .cog_signature import CogInput, checked_row, read_inputs
from .errors import InvalidRow
from .project_code import predictor_class


def cog_types() -> tuple[type, type]:
    """The types predict expects for Path and Secret inputs: the image's cog module's, else the plain ones."""
    try:
        from cog import Path, Secret

        return Path, Secret
    except ImportError:
        return pathlib.Path, str


class CogAdapter:
    # Cog calls predict with one row's keyword arguments: rows cannot be joined into one call.
    batchable = False

    def __init__(self, source: dict[str, Any], project_dir: str) -> None:
        self.project_dir = project_dir
        self.file: str = source.get("file", "predict.py")
        self.class_name: str = source.get("class", "Predictor")
        self.predictor: Any = None
        self.inputs: list[CogInput] = []
        self.ready = False

    def setup(self) -> None:
        self.predictor = predictor_class(self.project_dir, self.file, self.class_name)()
        self.inputs = read_inputs(self.predictor.predict)
        self.predictor.setup()
        self.ready = True

    def check(self, row: Any) -> dict[str, Any]:
        """One row's predict arguments, or InvalidRow naming the input."""
        return checked_row(self.inputs, row)

    def predict(self, rows: list[Any]) -> list[Any]:
        checked: list[dict[str, Any]] = []
        for number, row in enumerate(rows):
            try:
                checked.append(self.check(row))
            except InvalidRow as error:
                raise InvalidRow(error.column, error.reason, number if len(rows) > 1 else None) from None
        return [self.predict_one(arguments) for arguments in checked]

    def predict_one(self, arguments: dict[str, Any]) -> Any:
        path, secret = cog_types()
        for spec in self.inputs:
            if spec.kind == "secret" and isinstance(arguments.get(spec.name), str):
                arguments[spec.name] = secret(arguments[spec.name])
        with materialised(self.inputs, arguments, path) as ready:
            # A generator (Cog's Iterator output) is read to the end while its input files still exist.
            return jsonable(self.predictor.predict(**ready))

    def extra_routes(self, predict: Any = None, ready: Any = None) -> list[Any]:
        """Cog's POST /predictions and GET /health-check; `predict` and `ready` are the server's, where the model runs elsewhere."""
        from .cog_routes import cog_routes

        return cog_routes(self, predict, ready)
