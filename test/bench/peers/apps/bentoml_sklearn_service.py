"""A scikit-learn pickle as a BentoML service: a DataFrame parameter (records), the way BentoML's docs show
tabular input, and predict_proba. Not batchable: with a DataFrame parameter BentoML 1.4.40's adaptive batching
never answers (its dispatcher's optimizer fails on the batch size, "unsupported operand type(s) for +: 'int'
and 'tuple'", and each request gets a 503 after 60 s). A DataFrame of 100 rows is a batch already.

Run: MODEL_PATH=model.pkl bentoml serve bentoml_sklearn_service:Tabular --host 127.0.0.1 --port 3000
"""

import os
from typing import Annotated

import bentoml
import joblib
import pandas as pd
from bentoml.validators import DataframeSchema


@bentoml.service
class Tabular:
    def __init__(self) -> None:
        self.model = joblib.load(os.environ["MODEL_PATH"])

    @bentoml.api
    def predict(self, rows: Annotated[pd.DataFrame, DataframeSchema(orient="records")]) -> list[dict]:
        probabilities = self.model.predict_proba(rows)
        best = probabilities.argmax(axis=1)
        return [{"label": str(self.model.classes_[i]), "score": float(p[i])} for i, p in zip(best, probabilities)]
