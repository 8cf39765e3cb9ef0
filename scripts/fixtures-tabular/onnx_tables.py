"""Tables already converted to ONNX, each a ready CraneML project, for the runtime's table tests.

Writes <out>/onnx-tables/<model>/: model.onnx (skl2onnx, zipmap off), craneml.json (table input,
labels, task, a conversion record with the parity measured here), rows.csv (as pandas writes it) and
expected.json (the rows as JSON objects and the scikit-learn model's own predict/predict_proba).
These let the runtime be tested without the converter container.

Usage: python onnx_tables.py <out>
"""

import hashlib
import json
import math
import sys
import time
from pathlib import Path

import numpy as np
import onnx
import onnxruntime as ort
import pandas as pd
import skl2onnx
import sklearn
from skl2onnx import to_onnx
from skl2onnx.common.data_types import (
    BooleanTensorType,
    DoubleTensorType,
    FloatTensorType,
    Int64TensorType,
    StringTensorType,
)
from sklearn.compose import ColumnTransformer
from sklearn.datasets import load_breast_cancer, load_diabetes
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LinearRegression, LogisticRegression, Ridge
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

TARGET_OPSET = {"": 17, "ai.onnx.ml": 3}
ROWS = 40


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def json_value(value):
    """A cell as JSON: NaN becomes null, numpy scalars plain numbers."""
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        return None if math.isnan(value) else float(value)
    return value


def tensor_spec(value_info) -> dict:
    elem = value_info.type.tensor_type.elem_type
    dtype = {
        onnx.TensorProto.FLOAT: "float32",
        onnx.TensorProto.DOUBLE: "float64",
        onnx.TensorProto.INT64: "int64",
        onnx.TensorProto.STRING: "string",
        onnx.TensorProto.BOOL: "bool",
    }[elem]
    shape = [d.dim_value if d.HasField("dim_value") else -1 for d in value_info.type.tensor_type.shape.dim]
    return {"name": value_info.name, "dtype": dtype, "shape": shape}


def onnx_feeds(frame: pd.DataFrame, columns: list[dict], inputs: list[dict]) -> dict:
    """The ONNX model's inputs for a frame, placed by the columns' tensor and index."""
    numpy_type = {"float32": np.float32, "float64": np.float64, "int64": np.int64, "string": object, "bool": np.bool_}
    feeds = {}
    for spec in inputs:
        mine = sorted((c for c in columns if c["tensor"] == spec["name"]), key=lambda c: c["index"])
        feeds[spec["name"]] = frame[[c["name"] for c in mine]].to_numpy().astype(numpy_type[spec["dtype"]])
    return feeds


def parity(model, frame: pd.DataFrame, session: ort.InferenceSession, feeds: dict, task: str, score_output: str, dtype: str) -> dict:
    """The parity figures as CraneML's converter records them: labels, max abs/rel diff of scores or values."""
    got = dict(zip([o.name for o in session.get_outputs()], session.run(None, feeds)))
    if task == "classification":
        want = model.predict_proba(frame)
        labels = np.asarray(got["label"]).astype(str)
        agree = int((labels == model.predict(frame).astype(str)).sum())
    else:
        want = np.asarray(model.predict(frame), dtype=np.float64).reshape(len(frame), -1)
        agree = None
    scores = np.asarray(got[score_output], dtype=np.float64).reshape(want.shape)
    diff = np.abs(scores - want)
    report = {
        "rows": len(frame),
        "sample": "synthesised",
        "max_abs_diff": float(diff.max()),
        "max_rel_diff": float((diff / np.maximum(np.abs(want), 1e-12)).max()),
        "tolerance": 1e-4,
        "passed": bool(diff.max() <= 1e-4 and (agree is None or agree == len(frame))),
        "dtype": dtype,
    }
    if agree is not None:
        report["labels_agree"] = agree
    return report


def write_model(out: Path, name: str, description: str, model, frame: pd.DataFrame, onx, columns: list[dict], task: str, dtype: str, started: float) -> None:
    folder = out / name
    folder.mkdir(parents=True, exist_ok=True)
    model_file = folder / "model.onnx"
    model_file.write_bytes(onx.SerializeToString())
    inputs = [tensor_spec(i) for i in onx.graph.input]
    outputs = [tensor_spec(o) for o in onx.graph.output]
    score_output = "probabilities" if task == "classification" else outputs[0]["name"]
    session = ort.InferenceSession(str(model_file), providers=["CPUExecutionProvider"])
    feeds = onnx_feeds(frame, columns, inputs)
    report = parity(model, frame, session, feeds, task, score_output, dtype)
    assert report["passed"], f"{name}: ONNX disagrees with scikit-learn: {report}"
    for column in columns:
        column["example"] = json_value(frame[column["name"]].dropna().iloc[0])
    manifest = {
        "schema_version": 1,
        "name": name,
        "version": "1.0.0",
        "description": description,
        "format": "onnx",
        "model": {"entry": "model.onnx", "files": [{"path": "model.onnx", "sha256": sha256(model_file), "bytes": model_file.stat().st_size}]},
        "signature": {"inputs": inputs, "outputs": outputs},
        "input": {"kind": "table", "columns": columns},
        "task": task,
        "postprocess": {"output": score_output, "softmax": False, "top_k": 3},
        # What craneml init writes for a table model (main/project.ts).
        "server": {"max_queue": 16384, "max_batch_size": 1024},
        "conversion": {
            "source": {
                "file": f"{name}.joblib",
                "sha256": hashlib.sha256(name.encode()).hexdigest(),
                "bytes": 0,
                "kind": "joblib",
                "library": "scikit-learn",
                "library_version": sklearn.__version__,
                "estimator": type(model).__name__ if not isinstance(model, Pipeline) else f"Pipeline({', '.join(type(s).__name__ for _, s in model.steps)})",
            },
            "converter": {
                "name": "skl2onnx",
                "version": skl2onnx.__version__,
                "packages": {"scikit-learn": sklearn.__version__, "skl2onnx": skl2onnx.__version__, "onnx": onnx.__version__, "onnxruntime": ort.__version__},
                "opset": {(i.domain or "ai.onnx"): i.version for i in onx.opset_import},
            },
            "parity": report,
            "seconds": round(time.perf_counter() - started, 3),
        },
    }
    expected = {"rows": [{c["name"]: json_value(row[c["name"]]) for c in columns} for _, row in frame.iterrows()]}
    if task == "classification":
        manifest["labels"] = [str(c) for c in model.classes_]
        expected["classes"] = manifest["labels"]
        expected["predict"] = [str(v) for v in model.predict(frame)]
        expected["predict_proba"] = model.predict_proba(frame).tolist()
    else:
        predicted = np.asarray(model.predict(frame), dtype=np.float64)
        expected["predict"] = predicted.tolist()
    (folder / "craneml.json").write_text(json.dumps(manifest, indent=2))
    (folder / "expected.json").write_text(json.dumps(expected, indent=2))
    frame[[c["name"] for c in columns]].to_csv(folder / "rows.csv", index=False)


def cancer(out: Path) -> None:
    """Numeric classifier: the 30 named columns (with spaces) of scikit-learn's breast cancer set in one X [N, 30]."""
    started = time.perf_counter()
    data = load_breast_cancer(as_frame=True)
    frame = data.frame.drop(columns=["target"])
    target = data.target.map(lambda t: data.target_names[t])
    model = make_pipeline(StandardScaler(), LogisticRegression(max_iter=5000)).fit(frame, target)
    onx = to_onnx(
        model,
        initial_types=[("X", FloatTensorType([None, frame.shape[1]]))],
        options={LogisticRegression: {"zipmap": False}},
        target_opset=TARGET_OPSET,
    )
    columns = [{"name": name, "type": "number", "tensor": "X", "index": i} for i, name in enumerate(frame.columns)]
    write_model(out, "cancer", "Breast cancer: malignant or benign from 30 measurements", model, frame.iloc[:ROWS].reset_index(drop=True), onx, columns, "classification", "float32", started)


def passengers(count: int, seed: int) -> pd.DataFrame:
    """A generated table with string, integer, number (with gaps) and boolean columns."""
    rng = np.random.default_rng(seed)
    frame = pd.DataFrame(
        {
            "sex": rng.choice(["female", "male"], count),
            "embarked": rng.choice(["C", "Q", "S"], count, p=[0.2, 0.1, 0.7]),
            "pclass": rng.integers(1, 4, count).astype(np.int64),
            "age": rng.normal(30, 12, count).clip(1, 80).round(1),
            "fare": rng.gamma(2.0, 15.0, count).round(2),
            "alone": rng.random(count) < 0.5,
        }
    )
    frame.loc[rng.random(count) < 0.1, "age"] = np.nan
    return frame


def mixed(out: Path) -> None:
    """Mixed classifier of three classes: string, integer, number and boolean columns, one ONNX input each."""
    started = time.perf_counter()
    frame = passengers(600, 21)
    score = (frame["sex"] == "female") * 1.5 + (3 - frame["pclass"]) * 0.8 + frame["fare"] / 40 - frame["age"].fillna(30) / 30 + frame["alone"] * 0.3
    target = pd.cut(score + np.random.default_rng(5).normal(0, 0.4, len(frame)), [-np.inf, 0.5, 1.8, np.inf], labels=["low", "mid", "high"]).astype(str)
    preprocess = ColumnTransformer(
        [
            ("categories", OneHotEncoder(handle_unknown="ignore"), ["sex", "embarked"]),
            ("numbers", make_pipeline(SimpleImputer(strategy="median"), StandardScaler()), ["age", "fare"]),
            ("counts", StandardScaler(), ["pclass"]),
            ("flags", "passthrough", ["alone"]),
        ]
    )
    model = Pipeline([("preprocess", preprocess), ("classify", LogisticRegression(max_iter=2000))]).fit(frame, target)
    types = {"sex": StringTensorType, "embarked": StringTensorType, "pclass": Int64TensorType, "age": FloatTensorType, "fare": FloatTensorType, "alone": BooleanTensorType}
    onx = to_onnx(
        model,
        initial_types=[(name, types[name]([None, 1])) for name in frame.columns],
        options={LogisticRegression: {"zipmap": False}},
        target_opset=TARGET_OPSET,
    )
    column_type = {"sex": "string", "embarked": "string", "pclass": "integer", "age": "number", "fare": "number", "alone": "boolean"}
    columns = [{"name": name, "type": column_type[name], "tensor": name, "index": 0} for name in frame.columns]
    for column in columns:
        if column["type"] == "string":
            column["values"] = sorted(frame[column["name"]].unique().tolist())
    write_model(out, "mixed", "Fare class from a passenger's sex, port, class, age, fare and whether they travel alone", model, frame.iloc[:ROWS].reset_index(drop=True), onx, columns, "classification", "float32", started)


def diabetes(out: Path) -> None:
    """Regressor: diabetes progression from 10 columns, in float64."""
    started = time.perf_counter()
    data = load_diabetes(as_frame=True, scaled=False)
    frame = data.frame.drop(columns=["target"])
    model = make_pipeline(StandardScaler(), Ridge(alpha=1.0)).fit(frame, data.target)
    onx = to_onnx(model, initial_types=[("X", DoubleTensorType([None, frame.shape[1]]))], target_opset=TARGET_OPSET)
    columns = [{"name": name, "type": "number", "tensor": "X", "index": i} for i, name in enumerate(frame.columns)]
    write_model(out, "diabetes", "Diabetes progression after one year", model, frame.iloc[:ROWS].reset_index(drop=True), onx, columns, "regression", "float64", started)


def diabetes_two(out: Path) -> None:
    """Multi-output regressor: two targets from the diabetes columns, in float32."""
    started = time.perf_counter()
    data = load_diabetes(as_frame=True, scaled=False)
    frame = data.frame.drop(columns=["target"])
    targets = np.column_stack([data.target, data.target / 10 + frame["bmi"]])
    model = LinearRegression().fit(frame, targets)
    onx = to_onnx(model, initial_types=[("X", FloatTensorType([None, frame.shape[1]]))], target_opset=TARGET_OPSET)
    columns = [{"name": name, "type": "number", "tensor": "X", "index": i} for i, name in enumerate(frame.columns)]
    write_model(out, "diabetes-two", "Two values a row", model, frame.iloc[:ROWS].reset_index(drop=True), onx, columns, "regression", "float32", started)


def main() -> None:
    out = Path(sys.argv[1]) / "onnx-tables"
    out.mkdir(parents=True, exist_ok=True)
    cancer(out)
    mixed(out)
    diabetes(out)
    diabetes_two(out)
    print(f"onnx-tables: wrote {', '.join(sorted(p.name for p in out.iterdir()))}")


if __name__ == "__main__":
    main()
