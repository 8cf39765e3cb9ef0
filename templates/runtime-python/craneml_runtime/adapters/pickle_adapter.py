"""Serves a scikit-learn / XGBoost / LightGBM file no converter took: loaded with only its approved globals, answered in the Node runtime's shapes."""

from __future__ import annotations

import os
import warnings
from operator import itemgetter
from typing import Any

import numpy as np

from .best_score import label_is_best_score, unique_best
from .category_columns import as_categories, category_columns
from .class_scores import label_text, two_from_margin, two_from_probability
from .errors import RefusedModel
from .native_load import NATIVE_KINDS, NativeModel, booster_predict, load_native
from .restricted_load import LOADERS
from .table_answers import classify, values


class PickleAdapter:
    batchable = True
    # Its answers are table_answers' plain JSON values: the worker need not walk them (0.2 ms for 100 rows).
    answers_are_json = True

    def __init__(self, manifest: dict[str, Any], project_dir: str) -> None:
        source = manifest["python"]["source"]
        self.path = os.path.join(project_dir, source["file"])
        self.kind: str = source["source_kind"]
        self.allowed = frozenset(source.get("allowed_globals", []))
        declared = (manifest.get("input") or {}).get("columns", [])
        self.columns = [column["name"] for column in declared]
        # Every cell a float (cells.py reads a "number" column so): the rows go to the model as one float array.
        self.numbers_only = bool(declared) and all(column.get("type") == "number" for column in declared)
        # String columns the model fills in itself (the converter marks them optional): an empty cell reaches it as NaN,
        # pandas' and scikit-learn's missing value, not None, which an imputer of NaN takes for a category.
        self.string_gaps = [column["name"] for column in declared if column.get("type") == "string" and column.get("optional")]
        self.labels: list[str] = list(manifest.get("labels") or [])
        self.task: str = manifest.get("task") or ("classification" if self.labels else "regression")
        self.top_k = int((manifest.get("postprocess") or {}).get("top_k", 3))
        self.native = NativeModel(None, None)
        self.fitted: list[str] | None = None
        self.order: list[str] = []
        self.label_from_scores = False
        self.categories: dict[str, list[Any] | None] = {}

    def setup(self) -> None:
        if self.kind in NATIVE_KINDS:
            self.native = load_native(self.path, self.kind, self.task)
        elif self.kind in LOADERS:
            with warnings.catch_warnings():
                # The image pins the version the file was saved with; another one's warning is noise here.
                warnings.simplefilter("ignore")
                self.native = NativeModel(LOADERS[self.kind](self.path, self.allowed), None)
        else:
            raise RefusedModel(f"craneml.json: python.source.source_kind {self.kind!r} is not a kind of model file the Python runtime opens")
        if self.native.booster is None and not callable(getattr(self.native.model, "predict", None)):
            raise RefusedModel(f"the model file holds a {type(self.native.model).__name__}, not a model with a predict method")
        if self.task == "classification" and not self.labels:
            self.labels = [label_text(c) for c in getattr(self.native.model, "classes_", [])]
        if not self.columns:
            self.columns = [str(name) for name in getattr(self.native.model, "feature_names_in_", [])]
        fitted = getattr(self.native.model, "feature_names_in_", None) if self.native.booster is None else None
        self.fitted = None if fitted is None else [str(name) for name in fitted]
        # scikit-learn checks the columns' order too: the order it was fitted in, whatever order the manifest lists them.
        self.order = self.fitted if self.fitted is not None and set(self.fitted) == set(self.columns) else self.columns
        self.label_from_scores = self.native.booster is None and label_is_best_score(self.native.model)
        self.categories = category_columns(self.native.model) if self.native.booster is None else {}

    def cells_in_order(self, rows: list[Any]) -> list[tuple] | None:
        """Each row's cells in the fitted order, when every row is a dict holding them all (the table's rows do); else None."""
        order = self.order
        if not order or not rows or not all(isinstance(row, dict) for row in rows):
            return None
        try:
            return list(map(itemgetter(*order), rows)) if len(order) > 1 else [(row[order[0]],) for row in rows]
        except KeyError:
            return None

    def model_rows(self, rows: list[Any]) -> Any:
        """Rows as the model was fitted: a DataFrame with its columns in order, or an array where it knows no names."""
        import pandas as pd

        cells = self.cells_in_order(rows)
        if cells is not None and self.numbers_only:
            try:
                # One float block in the fitted order: a tenth of the cost of a frame built row by row, then reordered.
                array = np.array(cells, dtype=np.float64)
            except (TypeError, ValueError):
                pass
            else:
                return array if self.fitted is None else pd.DataFrame(array, columns=self.order, copy=False)
        if cells is not None and self.fitted is not None:
            # Column by column, each typed once: 0.41 ms against 0.58 for 100 rows of 30 columns, two of them strings.
            return pd.DataFrame({name: list(column) for name, column in zip(self.order, zip(*cells))}, columns=self.order)
        frame = pd.DataFrame(
            [[row.get(name) for name in self.columns] if isinstance(row, dict) else row for row in rows], columns=self.columns or None
        )
        if self.fitted is not None:
            return frame[self.order] if self.order is not self.columns else frame
        if all(dtype.kind in "biuf" for dtype in frame.dtypes):
            return frame.to_numpy(dtype=np.float64, na_value=np.nan)
        return frame.to_numpy()

    def predict(self, rows: list[Any]) -> list[Any]:
        if not rows:
            return []
        data = self.model_rows(rows)
        if self.string_gaps and hasattr(data, "columns"):
            for name in self.string_gaps:
                cells = data[name].astype(object)
                data[name] = cells.where(cells.notna(), np.nan)
        if self.categories and hasattr(data, "columns"):
            data = as_categories(data, self.categories)
        model = self.native.model
        if self.native.booster is not None:
            raw = booster_predict(self.native, data)
            if self.task == "regression":
                return values(raw, len(rows))
            return classify(two_from_probability(raw).reshape(len(rows), -1), self.labels, self.top_k, None)
        if self.task == "regression":
            return values(model.predict(data), len(rows))
        if callable(getattr(model, "predict_proba", None)):
            scores = two_from_probability(model.predict_proba(data))
            # predict() would run the whole model again for the label the scores already give.
            own = not (self.label_from_scores and unique_best(scores))
        else:
            scores = two_from_margin(model.decision_function(data))
            own = True
        predicted = [label_text(value) for value in model.predict(data)] if own else None
        return classify(scores.reshape(len(rows), -1), self.labels, self.top_k, predicted)

    def extra_routes(self, predict: Any = None, ready: Any = None) -> list[Any]:
        return []
