"""Adapter test (driven by adapters.test.ts): pickle, joblib and skops models made here, served by the pickle adapter next to the libraries' own answers, as JSON on stdout."""

from __future__ import annotations

import json
import os
import pickle
import sys
from contextlib import contextmanager

import joblib
import numpy as np
import pandas as pd
import skops.io
from sklearn.datasets import load_breast_cancer, load_diabetes, load_iris
from sklearn.linear_model import LogisticRegression, Ridge
from sklearn.model_selection import FixedThresholdClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import FunctionTransformer, SplineTransformer, StandardScaler
from sklearn.svm import LinearSVC
from sklearn.tree import DecisionTreeClassifier

from craneml_runtime.adapters import RefusedModel, load_adapter

WORK = sys.argv[1]


def manifest(file: str, kind: str, columns: list[str], allowed: list[str], task: str, labels: list[str] | None = None) -> dict:
    return {
        "task": task,
        **({"labels": labels} if labels else {}),
        "postprocess": {"top_k": 2},
        "input": {"kind": "table", "columns": [{"name": name, "type": "number", "tensor": "X"} for name in columns]},
        "python": {"source": {"kind": "pickle", "file": file, "source_kind": kind, "estimator": "test", "allowed_globals": allowed}},
    }


def approved_globals(file: str, kind: str) -> list[str]:
    """Every global the file names, as init's allow-list would list them: found by loading with none approved and adding each refused name."""
    if kind == "skops":
        return sorted(skops.io.get_untrusted_types(file=os.path.join(WORK, file)))
    allowed: list[str] = []
    while True:
        adapter = load_adapter(manifest(file, kind, [], allowed, "regression"), WORK)
        try:
            adapter.setup()
            return allowed
        except RefusedModel as error:
            allowed.append(str(error).split("names ", 1)[1].split(",", 1)[0])


def served(file: str, kind: str, frame: pd.DataFrame, task: str, labels: list[str] | None = None) -> list:
    spec = manifest(file, kind, list(frame.columns), approved_globals(file, kind), task, labels)
    for column in spec["input"]["columns"]:
        if frame[column["name"]].dtype == object:
            column["type"] = "string"
    adapter = load_adapter(spec, WORK)
    adapter.setup()
    assert adapter.batchable
    return adapter.predict(frame.to_dict(orient="records"))


def classifier_case(name: str, model, file: str, kind: str, frame: pd.DataFrame, fitted_on: object) -> dict:
    return {
        "answers": served(file, kind, frame, "classification"),
        "own_labels": [str(label) for label in model.predict(fitted_on)],
        "own_scores": (model.predict_proba(fitted_on) if hasattr(model, "predict_proba") else model.decision_function(fitted_on)).tolist(),
        "classes": [str(c) for c in model.classes_],
    }


@contextmanager
def counting(cls: type, method: str):
    """The number of rows each call of cls.method got while the real method answers (which calls the adapter makes)."""
    own = cls.__dict__.get(method)
    real = getattr(cls, method)
    calls: list[int] = []

    def counted(self, data, *args, **kwargs):
        calls.append(len(data))
        return real(self, data, *args, **kwargs)

    setattr(cls, method, counted)
    try:
        yield calls
    finally:
        if own is None:
            delattr(cls, method)
        else:
            setattr(cls, method, own)


def predict_calls(model, file: str, frame: pd.DataFrame) -> dict:
    """The model pickled, served, next to its own answers, with the rows of each predict() call the adapter made."""
    with open(os.path.join(WORK, file), "wb") as handle:
        pickle.dump(model, handle)
    allowed = approved_globals(file, "pickle")
    adapter = load_adapter(manifest(file, "pickle", list(frame.columns), allowed, "classification"), WORK)
    adapter.setup()
    with counting(type(model), "predict") as calls:
        answers = adapter.predict(frame.to_dict(orient="records"))
    scores = model.predict_proba(frame)
    return {
        "answers": answers,
        "predict_calls": calls,
        "own_labels": [str(label) for label in model.predict(frame)],
        "own_scores": scores.tolist(),
        "classes": [str(c) for c in model.classes_],
        "labels_not_best_score": int((model.classes_[scores.argmax(axis=1)] != model.predict(frame)).sum()),
    }


def one_call_cases(frame: pd.DataFrame, target: np.ndarray) -> dict:
    """A classifier whose label is its best score answers from predict_proba alone; one whose label is not, or a tie, calls predict."""
    argmax = make_pipeline(FunctionTransformer(np.log1p), LogisticRegression(max_iter=1000)).fit(frame, target)
    cancer = load_breast_cancer(as_frame=True)
    threshold = FixedThresholdClassifier(make_pipeline(StandardScaler(), LogisticRegression()), threshold=0.9).fit(cancer.data, cancer.target)
    positive = threshold.estimator_.predict_proba(cancer.data)[:, 1]
    between = cancer.data[(positive > 0.5) & (positive < 0.9)]
    tie = DecisionTreeClassifier(max_depth=1).fit(pd.DataFrame({"x": [0.0, 0.0, 1.0]}), ["a", "b", "b"])
    return {
        "argmax": predict_calls(argmax, "argmax.pkl", frame.iloc[::15]),
        "threshold": predict_calls(threshold, "threshold.pkl", pd.concat([between.head(3), cancer.data.head(3)])),
        "tie": predict_calls(tie, "tie.pkl", pd.DataFrame({"x": [0.0, 1.0]})),
        "no-tie": predict_calls(tie, "tie.pkl", pd.DataFrame({"x": [1.0, 1.0]})),
    }


def category_cases(xgboost, lightgbm) -> dict:
    """Boosters fitted on a DataFrame with a category column, which they take only as a category again; rows come as strings."""
    rng = np.random.default_rng(3)
    shops = pd.DataFrame({"city": rng.choice(["a", "b", "c", "d"], 300), "x": rng.normal(size=300), "y": rng.normal(size=300)})
    bought = ((shops.x + (shops.city == "a")) > 0.5).astype(int)
    fitted = shops.astype({"city": "category"})
    rows = shops.iloc[::40].reset_index(drop=True)
    own = rows.astype({"city": fitted.city.dtype})
    boosters = {
        "xgboost-categories": xgboost.XGBClassifier(n_estimators=8, max_depth=2, enable_categorical=True, tree_method="hist"),
        "lightgbm-categories": lightgbm.LGBMClassifier(n_estimators=8, num_leaves=4, min_child_samples=5, verbose=-1),
    }
    cases = {}
    for name, booster in boosters.items():
        booster.fit(fitted, bought)
        with open(os.path.join(WORK, f"{name}.pkl"), "wb") as handle:
            pickle.dump(booster, handle)
        cases[name] = classifier_case(name, booster, f"{name}.pkl", "pickle", rows, own)
    return cases


def main() -> None:
    iris = load_iris(as_frame=True)
    frame = iris.data.rename(columns=lambda c: c.replace(" (cm)", "").replace(" ", "_"))
    target = iris.target_names[iris.target]  # string classes: joblib keeps them in an object array
    rows = frame.iloc[::15].reset_index(drop=True)
    report: dict = {}

    log_model = make_pipeline(FunctionTransformer(np.log1p), LogisticRegression(max_iter=1000)).fit(frame, target)
    with open(os.path.join(WORK, "log.pkl"), "wb") as handle:
        pickle.dump(log_model, handle)
    joblib.dump(log_model, os.path.join(WORK, "log.joblib"), compress=3)
    skops.io.dump(log_model, os.path.join(WORK, "log.skops"))
    for kind, file in (("pickle", "log.pkl"), ("joblib", "log.joblib"), ("skops", "log.skops")):
        report[f"log-{kind}"] = classifier_case(kind, log_model, file, kind, rows, rows)

    # The manifest lists the columns in another order than the model was fitted with.
    backwards = rows[list(reversed(rows.columns))]
    report["log-reordered"] = {**classifier_case("reordered", log_model, "log.pkl", "pickle", backwards, rows), "columns": list(backwards.columns)}

    # No feature names (fitted on an array) and no predict_proba: margins from decision_function.
    svc = LinearSVC().fit(frame.to_numpy(), iris.target)
    with open(os.path.join(WORK, "svc.pkl"), "wb") as handle:
        pickle.dump(svc, handle)
    report["svc-margins"] = classifier_case("svc", svc, "svc.pkl", "pickle", rows, rows.to_numpy())

    diabetes = load_diabetes(as_frame=True)
    spline = make_pipeline(SplineTransformer(), Ridge()).fit(diabetes.data, diabetes.target)
    joblib.dump(spline, os.path.join(WORK, "spline.joblib"))
    few = diabetes.data.iloc[:5]
    report["spline-regressor"] = {"answers": served("spline.joblib", "joblib", few, "regression"), "own_values": spline.predict(few).tolist()}

    # Files that are not pickles: an XGBoost classifier's JSON, a LightGBM booster's text (no globals to approve).
    import lightgbm
    import xgboost

    booster = xgboost.XGBClassifier(n_estimators=8, max_depth=2).fit(frame, iris.target)
    booster.save_model(os.path.join(WORK, "xgb.json"))
    report["xgboost-json"] = {**classifier_case("xgb", booster, "xgb.json", "xgboost-json", rows, rows), "classes": ["0", "1", "2"]}
    light = lightgbm.train({"objective": "regression", "verbose": -1, "num_leaves": 4}, lightgbm.Dataset(diabetes.data, diabetes.target), 5)
    light.save_model(os.path.join(WORK, "light.txt"))
    report["lightgbm-text"] = {"answers": served("light.txt", "lightgbm-text", few, "regression"), "own_values": light.predict(few).tolist()}

    report.update(category_cases(xgboost, lightgbm))

    # Approved names taken one away: the file is refused, naming what it needs.
    allowed = approved_globals("log.pkl", "pickle")
    short = [name for name in allowed if not name.endswith("LogisticRegression")]
    try:
        load_adapter(manifest("log.pkl", "pickle", list(frame.columns), short, "classification"), WORK).setup()
        report["unapproved"] = "loaded"
    except RefusedModel as error:
        report["unapproved"] = str(error)

    report["hostile"] = hostile()
    report["calls"] = one_call_cases(frame, target)
    print(json.dumps(report))


# Pickles that run code or reach outside the libraries when loaded, each with what init approved.
HOSTILE = {
    "system": (f"cposix\nsystem\n(S'touch {os.path.join(WORK, 'ran')}'\ntR.", ["sklearn.pipeline.Pipeline"]),
    "eval-stack-global": ("\x80\x04\x95\x00\x00\x00\x00\x00\x00\x00\x00\x8c\x08builtins\x8c\x04eval\x93\x8c\x051+1\x85R.", []),
    "re-exported-path": ("csklearn.datasets._base\nPath\n(S'/etc'\ntR.", ["sklearn.datasets._base.Path"]),
    "ufunc-to-os": ("cnumpy.core\n_ufunc_reconstruct\n(S'os'\nS'system'\ntR.", ["numpy.core._ufunc_reconstruct"]),
    # functools.partial binds only check_array, made so or set so by its state, whatever was approved.
    "partial-of-system": ("cfunctools\npartial\n(cposix\nsystem\ntR.", ["functools.partial", "posix.system"]),
    "partial-state-to-system": (
        "cfunctools\npartial\n(csklearn.utils.validation\ncheck_array\ntR"
        f"(cposix\nsystem\n(S'touch {os.path.join(WORK, 'ran')}'\nt(dNtb.",
        ["functools.partial", "sklearn.utils.validation.check_array", "posix.system"],
    ),
}


def hostile() -> dict:
    refusals: dict = {}
    for name, (text, allowed) in HOSTILE.items():
        with open(os.path.join(WORK, f"{name}.pkl"), "wb") as handle:
            handle.write(text.encode("latin-1"))
        try:
            load_adapter(manifest(f"{name}.pkl", "pickle", ["x"], allowed, "regression"), WORK).setup()
            refusals[name] = "loaded"
        except RefusedModel as error:
            refusals[name] = str(error)
    refusals["ran"] = os.path.exists(os.path.join(WORK, "ran"))
    return refusals


main()
