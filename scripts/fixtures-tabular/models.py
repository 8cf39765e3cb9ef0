"""Trains the notebook-model fixtures on scikit-learn's bundled data sets and generated tables (no downloads).

Writes <out>/models/: each good model's answers to its first rows go to <stem>.expected.json and its first
rows to <stem>.sample.csv, where <stem> is the model file's name without its extension (cancer.joblib and
cancer.skops hold the same pipeline, wine_xgb.json and wine_xgb.ubj the same booster).
"""

from __future__ import annotations

import csv
import json
import math
import pickle
import sys
from pathlib import Path
from typing import Any, Callable

import joblib
import lightgbm
import numpy as np
import pandas as pd
import skops.io
import sklearn.base
import xgboost
from sklearn.compose import ColumnTransformer, make_column_selector, make_column_transformer
from sklearn.datasets import load_breast_cancer, load_diabetes, load_iris, load_wine
from sklearn.ensemble import GradientBoostingRegressor, HistGradientBoostingClassifier, RandomForestClassifier
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LinearRegression, LogisticRegression, SGDClassifier
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import FunctionTransformer, OneHotEncoder, StandardScaler

SEED = 7
SAMPLE_ROWS = 20
EXPECTED_ROWS = 5


def json_safe(value: Any) -> Any:
    if isinstance(value, (np.generic,)):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def write_expected(
    out: Path, name: str, frame: pd.DataFrame, predict: Callable[[pd.DataFrame], Any], proba: Callable[[pd.DataFrame], Any] | None
) -> None:
    head = frame.head(EXPECTED_ROWS)
    expected: dict[str, Any] = {
        "columns": [str(c) for c in frame.columns],
        "rows": [{str(c): json_safe(v) for c, v in row.items()} for _, row in head.iterrows()],
        "predict": [json_safe(v) for v in np.asarray(predict(head)).tolist()],
    }
    if proba is not None:
        expected["predict_proba"] = np.asarray(proba(head), dtype=float).tolist()
    (out / f"{name}.expected.json").write_text(json.dumps(expected, indent=1) + "\n")
    with open(out / f"{name}.sample.csv", "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([str(c) for c in frame.columns])
        for _, row in frame.head(SAMPLE_ROWS).iterrows():
            writer.writerow(["" if json_safe(v) is None else json_safe(v) for v in row.tolist()])


def titanic_like(rows: int = 600) -> tuple[pd.DataFrame, np.ndarray]:
    rng = np.random.default_rng(SEED)
    sex = rng.choice(["female", "male"], size=rows, p=[0.35, 0.65])
    embarked = rng.choice(["S", "C", "Q"], size=rows, p=[0.7, 0.2, 0.1])
    age = np.round(rng.normal(30, 13, size=rows).clip(1, 80), 1)
    age[rng.random(rows) < 0.2] = np.nan
    fare = np.round(rng.lognormal(3, 0.9, size=rows), 2)
    logit = -0.8 + 2.3 * (sex == "female") + 0.6 * (embarked == "C") + 0.012 * fare - 0.02 * np.nan_to_num(age, nan=30)
    survived = (rng.random(rows) < 1 / (1 + np.exp(-logit))).astype(int)
    frame = pd.DataFrame({"sex": sex, "embarked": embarked, "age": age, "fare": fare})
    frame["sex"] = frame["sex"].astype(object)
    frame["embarked"] = frame["embarked"].astype(object)
    return frame, survived


def dump_pickle(path: Path, model: Any) -> None:
    with open(path, "wb") as handle:
        pickle.dump(model, handle, protocol=5)


def cancer(out: Path) -> None:
    data = load_breast_cancer(as_frame=True)
    frame, target = data.data, data.target
    pipe = make_pipeline(StandardScaler(), LogisticRegression(max_iter=5000))
    pipe.fit(frame, target)
    joblib.dump(pipe, out / "cancer.joblib")
    write_expected(out, "cancer", frame, pipe.predict, pipe.predict_proba)

    skops.io.dump(pipe, out / "cancer.skops")

    log1p = make_pipeline(FunctionTransformer(np.log1p), LogisticRegression(max_iter=5000)).fit(frame, target)
    dump_pickle(out / "log1p_pipeline.pkl", log1p)


def titanic(out: Path) -> None:
    frame, survived = titanic_like()
    pre = ColumnTransformer(
        [
            ("num", SimpleImputer(strategy="median"), ["age", "fare"]),
            ("cat", OneHotEncoder(handle_unknown="ignore"), ["sex", "embarked"]),
        ]
    )
    pipe = Pipeline([("pre", pre), ("forest", RandomForestClassifier(n_estimators=40, max_depth=6, random_state=SEED))])
    pipe.fit(frame, survived)
    dump_pickle(out / "titanic_like.pkl", pipe)
    write_expected(out, "titanic_like", frame, pipe.predict, pipe.predict_proba)


def titanic_selected(out: Path) -> None:
    """Columns picked by dtype (make_column_selector), as many notebooks write it."""
    frame, survived = titanic_like()
    pre = make_column_transformer(
        (OneHotEncoder(handle_unknown="ignore"), make_column_selector(dtype_include=object)),
        (make_pipeline(SimpleImputer(strategy="median"), StandardScaler()), make_column_selector(dtype_include="number")),
    )
    pipe = make_pipeline(pre, LogisticRegression(max_iter=1000)).fit(frame, survived)
    dump_pickle(out / "titanic_selected.pkl", pipe)
    write_expected(out, "titanic_selected", frame, pipe.predict, pipe.predict_proba)


def iris_forest(out: Path) -> None:
    data = load_iris()
    forest = RandomForestClassifier(n_estimators=30, max_depth=5, random_state=SEED).fit(data.data, data.target)
    joblib.dump(forest, out / "forest.joblib", compress=3)
    frame = pd.DataFrame(data.data, columns=[f"x{i}" for i in range(data.data.shape[1])])
    write_expected(out, "forest", frame, lambda f: forest.predict(f.to_numpy()), lambda f: forest.predict_proba(f.to_numpy()))


def diabetes(out: Path) -> None:
    data = load_diabetes(as_frame=True)
    model = GradientBoostingRegressor(n_estimators=80, max_depth=3, random_state=SEED).fit(data.data, data.target)
    dump_pickle(out / "diabetes_regressor.pkl", model)
    write_expected(out, "diabetes_regressor", data.data, model.predict, None)


def wine_boosters(out: Path) -> None:
    data = load_wine(as_frame=True)
    frame, target = data.data, data.target
    xgb = xgboost.XGBClassifier(n_estimators=30, max_depth=3, learning_rate=0.3, random_state=SEED, n_jobs=1).fit(frame, target)
    xgb.save_model(out / "wine_xgb.json")
    xgb.save_model(out / "wine_xgb.ubj")
    write_expected(out, "wine_xgb", frame, xgb.predict, xgb.predict_proba)

    lgbm = lightgbm.LGBMClassifier(n_estimators=30, num_leaves=8, random_state=SEED, n_jobs=1, verbose=-1).fit(frame, target)
    lgbm.booster_.save_model(out / "wine_lgbm.txt")
    write_expected(out, "wine_lgbm", frame, lgbm.predict, lgbm.predict_proba)


def titanic_booster_categories(out: Path) -> None:
    """LightGBM and XGBoost fitted with pandas category columns, which they take only as categories again."""
    frame, survived = titanic_like()
    frame = frame.astype({"sex": "category", "embarked": "category"})
    lgbm = lightgbm.LGBMClassifier(n_estimators=20, num_leaves=8, random_state=SEED, n_jobs=1, verbose=-1).fit(frame, survived)
    joblib.dump(lgbm, out / "titanic_lgbm_categories.joblib")
    boosted = xgboost.XGBClassifier(n_estimators=20, max_depth=3, enable_categorical=True, tree_method="hist", n_jobs=1)
    dump_pickle(out / "titanic_xgb_categories.pkl", boosted.fit(frame, survived))


def wine_hist_gradient_boosting(out: Path) -> None:
    """scikit-learn's own gradient boosting, whose trees route missing values per node."""
    data = load_wine(as_frame=True)
    model = HistGradientBoostingClassifier(max_iter=30, max_leaf_nodes=8, random_state=SEED).fit(data.data, data.target)
    joblib.dump(model, out / "wine_hgb.joblib")
    write_expected(out, "wine_hgb", data.data, model.predict, model.predict_proba)


def house_prices(out: Path) -> None:
    """Prices near a million: float32 inputs cannot hold them to 1e-4, so conversion retries with float64."""
    rng = np.random.default_rng(SEED)
    rows = 400
    frame = pd.DataFrame(
        {
            "area (m²)": np.round(rng.uniform(30, 250, rows), 1),
            "rooms": rng.integers(1, 8, rows).astype(float),
            "year built": rng.integers(1900, 2025, rows).astype(float),
        }
    )
    price = 4200 * frame["area (m²)"] + 15000 * frame["rooms"] + 800 * (frame["year built"] - 1900) + rng.normal(0, 20000, rows)
    model = LinearRegression().fit(frame, price)
    dump_pickle(out / "house_prices.pkl", model)
    write_expected(out, "house_prices", frame, model.predict, None)


def newer_sklearn(out: Path) -> None:
    """sklearn's own __getstate__ stamps the running version, so the stamp is replaced while dumping."""
    data = load_breast_cancer(as_frame=True)
    pipe = make_pipeline(StandardScaler(), LogisticRegression(max_iter=5000)).fit(data.data, data.target)
    original = sklearn.base.BaseEstimator.__getstate__

    def stamped(self: Any) -> Any:
        state = original(self)
        state["_sklearn_version"] = "99.0"
        return state

    sklearn.base.BaseEstimator.__getstate__ = stamped  # type: ignore[method-assign]
    try:
        dump_pickle(out / "newer_sklearn.pkl", pipe)
    finally:
        sklearn.base.BaseEstimator.__getstate__ = original  # type: ignore[method-assign]


def margin_classifier(out: Path) -> None:
    """A classifier with no predict_proba (hinge loss): parity compares its decision function."""
    data = load_breast_cancer(as_frame=True)
    pipe = make_pipeline(StandardScaler(), SGDClassifier(loss="hinge", random_state=SEED)).fit(data.data, data.target)
    joblib.dump(pipe, out / "margin_sgd.joblib")
    write_expected(out, "margin_sgd", data.data, pipe.predict, None)


def main() -> None:
    out = Path(sys.argv[1]) / "models"
    out.mkdir(parents=True, exist_ok=True)
    for make in (cancer, titanic, titanic_selected, iris_forest, diabetes, wine_boosters, titanic_booster_categories, wine_hist_gradient_boosting, house_prices, newer_sklearn, margin_classifier):
        make(out)


if __name__ == "__main__":
    main()
