"""scikit-learn models the ONNX converters cannot take, made by the real library on its bundled data sets.

Writes <out>/log1p-cancer/log1p-cancer.pkl (Pipeline(FunctionTransformer(np.log1p), LogisticRegression) on
breast cancer with its named columns, pickled; variant/log1p-cancer.pkl is the same pipeline fitted with
another C, for the benchmark's model-only rebuild) and <out>/spline-diabetes/spline-diabetes.joblib
(Pipeline(SplineTransformer, Ridge) on diabetes, joblib), each with expectations.json: the model's own
answers for held-out rows, and skl2onnx's error (`unconvertible_because`); and <out>/hgb-diabetes/
hgb-diabetes.joblib (HistGradientBoostingRegressor fitted with "sex" as a category column, two held-out
rows missing "bmi"), which skl2onnx takes only with one number input; and <out>/imputed-diabetes/
imputed-diabetes.pkl (a ColumnTransformer pipeline filling gaps itself, "sex" a string column with
gaps: held-out rows miss "sex" and "bmi"), whose SimpleImputer of NaN over strings skl2onnx refuses.
"""

from __future__ import annotations

import pickle
import sys
from pathlib import Path

import joblib
import numpy as np
from sklearn.datasets import load_breast_cancer, load_diabetes
from sklearn.compose import ColumnTransformer
from sklearn.ensemble import HistGradientBoostingRegressor
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression, Ridge
from sklearn.model_selection import train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import FunctionTransformer, OneHotEncoder, SplineTransformer, StandardScaler

from _fixtures import SEED, conversion_failure, write_expectations


def log1p_cancer(out: Path) -> None:
    data = load_breast_cancer(as_frame=True)
    train, held_out, y_train, _ = train_test_split(data.data, data.target, test_size=0.2, random_state=SEED)
    pipe = make_pipeline(FunctionTransformer(np.log1p), LogisticRegression(max_iter=5000)).fit(train, y_train)
    folder = out / "log1p-cancer"
    folder.mkdir(parents=True)
    with open(folder / "log1p-cancer.pkl", "wb") as handle:
        pickle.dump(pipe, handle, protocol=5)
    why = conversion_failure(pipe, train)
    write_expectations(folder, "log1p-cancer", pipe, held_out, unconvertible_because=why)
    variant = make_pipeline(FunctionTransformer(np.log1p), LogisticRegression(C=0.5, max_iter=5000)).fit(train, y_train)
    (folder / "variant").mkdir()
    with open(folder / "variant" / "log1p-cancer.pkl", "wb") as handle:
        pickle.dump(variant, handle, protocol=5)


def spline_diabetes(out: Path) -> None:
    data = load_diabetes(as_frame=True, scaled=False)
    train, held_out, y_train, _ = train_test_split(data.data, data.target, test_size=0.2, random_state=SEED)
    pipe = make_pipeline(SplineTransformer(n_knots=5, degree=3), Ridge(alpha=1e-3)).fit(train, y_train)
    folder = out / "spline-diabetes"
    folder.mkdir(parents=True)
    joblib.dump(pipe, folder / "spline-diabetes.joblib")
    why = conversion_failure(pipe, train)
    write_expectations(folder, "spline-diabetes", pipe, held_out, unconvertible_because=why)


def hgb_diabetes(out: Path) -> None:
    """HistGradientBoosting fitted on a DataFrame with a category column: it encodes it itself, keeping
    FunctionTransformer(partial(check_array)) for the others, and takes gaps in any column."""
    data = load_diabetes(as_frame=True, scaled=False)
    frame = data.data.assign(sex=data.data["sex"].map({1.0: "female", 2.0: "male"}).astype("category"))
    train, held_out, y_train, _ = train_test_split(frame, data.target, test_size=0.2, random_state=SEED)
    model = HistGradientBoostingRegressor(max_iter=50, random_state=SEED).fit(train, y_train)
    held_out = held_out.copy()
    held_out.iloc[[1, 4], held_out.columns.get_loc("bmi")] = np.nan
    folder = out / "hgb-diabetes"
    folder.mkdir(parents=True)
    joblib.dump(model, folder / "hgb-diabetes.joblib")
    write_expectations(folder, "hgb-diabetes", model, held_out)


def imputed_diabetes(out: Path) -> None:
    """The way notebooks fill gaps: an imputer per kind of column, in a ColumnTransformer, "sex" a string
    column with gaps (NaN, as pandas reads an empty cell), filled with its most frequent value."""
    data = load_diabetes(as_frame=True, scaled=False)
    frame = data.data.assign(sex=data.data["sex"].map({1.0: "female", 2.0: "male"}).astype(object))
    rng = np.random.default_rng(SEED)
    frame.loc[rng.random(len(frame)) < 0.1, "sex"] = np.nan
    frame.loc[rng.random(len(frame)) < 0.1, "bmi"] = np.nan
    train, held_out, y_train, _ = train_test_split(frame, data.target, test_size=0.2, random_state=SEED)
    numbers = [name for name in frame.columns if name != "sex"]
    columns = ColumnTransformer(
        [
            ("numbers", make_pipeline(SimpleImputer(), StandardScaler()), numbers),
            ("sex", make_pipeline(SimpleImputer(strategy="most_frequent"), OneHotEncoder(handle_unknown="ignore")), ["sex"]),
        ]
    )
    model = make_pipeline(columns, Ridge(alpha=1e-3)).fit(train, y_train)
    held_out = held_out.copy()
    held_out.iloc[[0, 3], held_out.columns.get_loc("sex")] = np.nan
    held_out.iloc[[3], held_out.columns.get_loc("bmi")] = np.nan
    folder = out / "imputed-diabetes"
    folder.mkdir(parents=True)
    with open(folder / "imputed-diabetes.pkl", "wb") as handle:
        pickle.dump(model, handle, protocol=5)
    write_expectations(folder, "imputed-diabetes", model, held_out)


def main() -> None:
    out = Path(sys.argv[1])
    log1p_cancer(out)
    spline_diabetes(out)
    hgb_diabetes(out)
    imputed_diabetes(out)


if __name__ == "__main__":
    main()
