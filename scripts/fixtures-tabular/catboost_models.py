"""Trains the CatBoost fixtures on scikit-learn's bundled data sets and writes them with CatBoost's own save_model (.cbm).

Writes <out>/catboost/: cancer_catboost.cbm (Logloss; cancer_catboost.joblib holds the same classifier,
pickled), iris_catboost.cbm (MultiClass, named classes), diabetes_catboost.cbm (RMSE), each with
<stem>.expected.json and <stem>.sample.csv as models.py writes them; and categorical_catboost.cbm, with
categorical columns CatBoost's ONNX export refuses.
"""

from __future__ import annotations

import sys
from pathlib import Path

import catboost
import joblib
import numpy as np
import pandas as pd
from sklearn.datasets import load_breast_cancer, load_diabetes, load_iris

from models import SEED, titanic_like, write_expected

# Few, shallow trees on one thread: small files, made the same way on every machine.
SETTINGS = {"iterations": 40, "depth": 4, "random_seed": SEED, "thread_count": 1, "verbose": 0, "allow_writing_files": False}


def cancer(out: Path) -> None:
    data = load_breast_cancer(as_frame=True)
    model = catboost.CatBoostClassifier(**SETTINGS).fit(data.data, data.target)
    model.save_model(str(out / "cancer_catboost.cbm"))
    joblib.dump(model, out / "cancer_catboost.joblib")
    write_expected(out, "cancer_catboost", data.data, model.predict, model.predict_proba)


def iris(out: Path) -> None:
    data = load_iris(as_frame=True)
    names = np.asarray(data.target_names)[data.target]
    model = catboost.CatBoostClassifier(loss_function="MultiClass", **SETTINGS).fit(data.data, names)
    model.save_model(str(out / "iris_catboost.cbm"))
    write_expected(out, "iris_catboost", data.data, lambda frame: np.ravel(model.predict(frame)), model.predict_proba)


def diabetes(out: Path) -> None:
    data = load_diabetes(as_frame=True)
    model = catboost.CatBoostRegressor(**SETTINGS).fit(data.data, data.target)
    model.save_model(str(out / "diabetes_catboost.cbm"))
    write_expected(out, "diabetes_catboost", data.data, model.predict, None)


def categorical(out: Path) -> None:
    frame, survived = titanic_like()
    model = catboost.CatBoostClassifier(cat_features=["sex", "embarked"], **SETTINGS).fit(frame, survived)
    model.save_model(str(out / "categorical_catboost.cbm"))


def main() -> None:
    out = Path(sys.argv[1]) / "catboost"
    out.mkdir(parents=True, exist_ok=True)
    for make in (cancer, iris, diabetes, categorical):
        make(out)


if __name__ == "__main__":
    main()
