"""predict.py projects with a generated model: the committed sources of test/fixtures/python-projects/e2e-*
that load a model, copied with that model (made here by the real library) to <out>/<name>/.

<out>/e2e-features/ is an iris classifier with its own feature code (features.py derives petal area and a
log ratio; predict.py loads model.joblib and labels.json). <out>/e2e-features.answers.json holds held-out
rows and what the project's own Predictor answered for them in this venv: the answers the Python runtime
must give. (Python runs the user's code here only because this is the test set-up.)
"""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

import joblib
import pandas as pd
from sklearn.datasets import load_iris
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split

from _fixtures import HELD_OUT_ROWS, SEED, cell

SOURCES = Path(__file__).resolve().parents[2] / "test" / "fixtures" / "python-projects"
COLUMNS = ["sepal_length", "sepal_width", "petal_length", "petal_width"]


def project_answers(project: Path, rows: list[dict]) -> list:
    """The project's own Predictor, run the way the runtime runs it: its folder as the working directory."""
    here = os.getcwd()
    sys.path.insert(0, str(project))
    os.chdir(project)
    try:
        import predict  # noqa: PLC0415 - the project's module, importable only now

        predictor = predict.Predictor()
        predictor.setup()
        return predictor.predict(rows)
    finally:
        os.chdir(here)
        sys.path.remove(str(project))
        for module in ("predict", "features"):
            sys.modules.pop(module, None)


def features(out: Path) -> None:
    project = out / "e2e-features"
    shutil.copytree(SOURCES / "e2e-features", project, ignore=shutil.ignore_patterns("__pycache__"))
    sys.path.insert(0, str(project))
    from features import with_features  # noqa: PLC0415 - the project's own feature code

    sys.path.remove(str(project))
    iris = load_iris()
    frame = pd.DataFrame(iris.data, columns=COLUMNS)
    train, held_out, y_train, _ = train_test_split(frame, iris.target, test_size=0.2, random_state=SEED)
    model = LogisticRegression(max_iter=2000).fit(with_features(train), y_train)
    joblib.dump(model, project / "model.joblib")
    rows = [{c: cell(v) for c, v in row.items()} for _, row in held_out.head(HELD_OUT_ROWS).iterrows()]
    answers = project_answers(project, rows)
    shutil.rmtree(project / "__pycache__", ignore_errors=True)
    expected = {"project": "e2e-features", "rows": rows, "answers": answers, "tolerance": {"absolute": 1e-6}}
    (out / "e2e-features.answers.json").write_text(json.dumps(expected, indent=1) + "\n")


def main() -> None:
    features(Path(sys.argv[1]))


if __name__ == "__main__":
    main()
