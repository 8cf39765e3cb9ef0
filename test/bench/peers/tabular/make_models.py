"""The tabular models of the peer bench, made with the real libraries from data scikit-learn ships.

- cancer.pkl: StandardScaler + LogisticRegression on the breast-cancer data (30 named number columns).
- boosted.pkl: the same data with two of its columns cut into words (string columns), one-hot encoded by
  a ColumnTransformer ahead of a GradientBoostingClassifier.
Each model also gets <name>.rows.json: the first 100 rows of its frame as records (the request rows).

Run: python make_models.py OUT_DIR (with the test set-up's venv: scripts/tabular-venv.sh)
"""

import json
import pickle
import sys
from pathlib import Path

import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.datasets import load_breast_cancer
from sklearn.ensemble import GradientBoostingClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

SEED = 0
ROWS = 100


def dump(out: Path, name: str, model, frame: pd.DataFrame) -> None:
    with open(out / f"{name}.pkl", "wb") as handle:
        pickle.dump(model, handle, protocol=5)
    rows = json.loads(frame.head(ROWS).to_json(orient="records"))
    (out / f"{name}.rows.json").write_text(json.dumps(rows))


def words(column: pd.Series, names: list[str]) -> pd.Series:
    """Cuts a number column into len(names) equal-count bins named by `names`."""
    return pd.qcut(column, len(names), labels=names).astype(str).astype(object)


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    data = load_breast_cancer(as_frame=True)
    frame, target = data.data, data.target

    cancer = make_pipeline(StandardScaler(), LogisticRegression(max_iter=5000)).fit(frame, target)
    dump(out, "cancer", cancer, frame)

    mixed = frame.drop(columns=["mean radius", "mean texture"])
    mixed.insert(0, "size", words(frame["mean radius"], ["small", "medium", "large"]))
    mixed.insert(1, "texture", words(frame["mean texture"], ["smooth", "even", "grainy", "rough"]))
    numbers = [c for c in mixed.columns if c not in ("size", "texture")]
    boosted = make_pipeline(
        ColumnTransformer(
            [
                ("words", OneHotEncoder(handle_unknown="ignore", sparse_output=False), ["size", "texture"]),
                ("numbers", "passthrough", numbers),
            ]
        ),
        GradientBoostingClassifier(n_estimators=100, max_depth=3, random_state=SEED),
    ).fit(mixed, target)
    dump(out, "boosted", boosted, mixed)


if __name__ == "__main__":
    main(Path(sys.argv[1]))
