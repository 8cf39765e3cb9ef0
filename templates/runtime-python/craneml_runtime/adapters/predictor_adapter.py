"""Serves a folder with predict.py: `Predictor().setup()` once, then `predict(rows)` with one answer per row."""

from __future__ import annotations

from typing import Any

from .answers import jsonable
from .errors import ModelOutputError
from .project_code import predictor_class


class PredictorAdapter:
    batchable = True

    def __init__(self, source: dict[str, Any], project_dir: str) -> None:
        self.project_dir = project_dir
        self.file: str = source.get("file", "predict.py")
        self.class_name: str = source.get("class", "Predictor")
        self.predictor: Any = None

    def setup(self) -> None:
        self.predictor = predictor_class(self.project_dir, self.file, self.class_name)()
        if callable(getattr(self.predictor, "setup", None)):
            self.predictor.setup()

    def predict(self, rows: list[Any]) -> list[Any]:
        answers = self.predictor.predict(rows)
        if hasattr(answers, "tolist"):
            answers = answers.tolist()
        if not isinstance(answers, (list, tuple)):
            raise ModelOutputError(f"{self.class_name}.predict returned a {type(answers).__name__}, not a list with one answer per row")
        if len(answers) != len(rows):
            raise ModelOutputError(f"{self.class_name}.predict returned {len(answers)} answers for {len(rows)} rows: it must return one per row")
        return [jsonable(answer) for answer in answers]

    def extra_routes(self, predict: Any = None, ready: Any = None) -> list[Any]:
        return []
