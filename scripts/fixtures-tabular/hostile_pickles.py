"""Writes <out>/hostile/: pickles that would run code if loaded, and good notebook models beside them.

CraneML reads these statically (main/notebook/pickle/); the tests assert the hostile ones are refused and
that <out>/hostile/RAN, which each hostile payload would create, never appears. Nothing here loads them.
"""

import json
import os
import pickle
import subprocess
import sys
import zipfile
import zlib

import joblib
import lightgbm as lgb
import numpy as np
import pandas as pd
import skops.io as sio
import xgboost as xgb
from sklearn.compose import ColumnTransformer
from sklearn.ensemble import RandomForestClassifier
from sklearn.linear_model import LinearRegression, LogisticRegression
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import FunctionTransformer, OneHotEncoder, StandardScaler

OUT = os.path.join(sys.argv[1], "hostile")
MARKER = os.path.join(OUT, "RAN")
TOUCH = f"touch '{MARKER}'"


class CallsOsSystem:
    def __reduce__(self):
        return (os.system, (TOUCH,))


class CallsPopen:
    def __reduce__(self):
        return (subprocess.Popen, (["touch", MARKER],))


class CallsExec:
    def __reduce__(self):
        return (exec, (f"import os; os.system({TOUCH!r})",))


class CallsEval:
    def __reduce__(self):
        return (eval, (f"__import__('os').system({TOUCH!r})",))


def text(value):
    """SHORT_BINUNICODE: a string opcode of a pickle written by hand."""
    data = value.encode()
    return b"\x8c" + bytes([len(data)]) + data


def path(name):
    return os.path.join(OUT, name)


def write(name, data):
    with open(path(name), "wb") as f:
        f.write(data)


def table(rows=120, seed=0):
    rng = np.random.default_rng(seed)
    frame = pd.DataFrame(
        {
            "age": rng.uniform(1, 80, rows),
            "fare": rng.uniform(5, 200, rows),
            "sex": rng.choice(["female", "male"], rows),
            "embarked": rng.choice(["C", "Q", "S"], rows),
        }
    )
    target = ((frame["sex"] == "female") | (frame["age"] < 12)).astype(int)
    return frame, target


def string_pipeline():
    frame, target = table()
    columns = ColumnTransformer(
        [
            ("num", StandardScaler(), ["age", "fare"]),
            ("cat", OneHotEncoder(handle_unknown="ignore"), ["sex", "embarked"]),
        ]
    )
    return Pipeline([("columns", columns), ("model", LogisticRegression())]).fit(frame, target)


def numeric_data(rows=200, features=4, seed=1):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(rows, features))
    return x, (x[:, 0] + x[:, 1] > 0).astype(int)


def hostile():
    for protocol in (2, 5):
        write(f"os_system_p{protocol}.pkl", pickle.dumps(CallsOsSystem(), protocol=protocol))
    write("os_system_p0.pkl", pickle.dumps(CallsOsSystem(), protocol=0))
    write("popen.pkl", pickle.dumps(CallsPopen(), protocol=4))
    write("exec.pkl", pickle.dumps(CallsExec(), protocol=4))
    write("eval.pkl", pickle.dumps(CallsEval(), protocol=3))
    # A real estimator whose state holds the payload: only a walk of the whole pickle finds it.
    scaler = StandardScaler().fit(numeric_data()[0])
    scaler.notes = {"why": CallsOsSystem()}
    write("nested_reduce.pkl", pickle.dumps(scaler, protocol=4))
    joblib.dump({"model": string_pipeline(), "extra": CallsOsSystem()}, path("hidden.joblib"), compress=3)
    # The payload inside an object array: joblib writes it as a nested pickle after the wrapper.
    names = np.array(["a", CallsEval()], dtype=object)
    joblib.dump({"model": scaler_only(), "names": names}, path("object_array.joblib"))
    # Written opcode by opcode, as an attacker would.
    # ufunc reconstruction imports by name: allowed only for numpy's own functions.
    write("ufunc_os.pkl", b"\x80\x04cnumpy._core\n_ufunc_reconstruct\n" + text("os") + text("system") + b"\x86R.")
    # functools.partial is allowed only around scikit-learn's check_array (HistGradientBoosting keeps one).
    write("partial_system.pkl", b"\x80\x04cfunctools\npartial\ncposix\nsystem\n\x85R.")
    pipeline_class = text("sklearn.pipeline") + text("Pipeline") + b"\x93"
    write("getattr.pkl", b"\x80\x04" + text("builtins") + text("getattr") + b"\x93" + pipeline_class + text("fit") + b"\x86R.")
    # A dotted name reaches a function's module globals through an allowed class.
    write("dotted.pkl", b"\x80\x04" + text("sklearn.pipeline") + text("Pipeline.fit.__globals__") + b"\x93.")
    # An object the pickle built, called: only named globals may be called.
    scaler_class = text("sklearn.preprocessing._data") + text("StandardScaler") + b"\x93"
    write("called_object.pkl", b"\x80\x04" + scaler_class + b")\x81)R.")
    # STACK_GLOBAL's names from the memo, as protocol 4 writes them, and a protocol 0 GLOBAL.
    memo_names = text("os") + b"\x94" + text("system") + b"\x94h\x00h\x01\x93"
    write("memo_names.pkl", b"\x80\x04" + memo_names + text("true") + b"\x85R.")
    write("text_global.pkl", b"cos\nsystem\n(S'true'\ntR.")
    evil_skops()


def evil_skops():
    """A skops file whose schema names os.system as a function, where the model's estimator was."""
    source = path("evil_source.skops")
    sio.dump(scaler_only(), source)
    with zipfile.ZipFile(source) as archive:
        entries = {name: archive.read(name) for name in archive.namelist()}
    os.remove(source)
    schema = json.loads(entries["schema.json"])
    system = {"__class__": "system", "__module__": "posix", "__loader__": "FunctionNode", "__id__": 1}
    schema["content"]["content"]["with_mean"] = system
    entries["schema.json"] = json.dumps(schema).encode()
    with zipfile.ZipFile(path("evil.skops"), "w") as archive:
        for name, data in entries.items():
            archive.writestr(name, data)


def scaler_only():
    return StandardScaler().fit(numeric_data()[0])


def bad():
    good = pickle.dumps(string_pipeline(), protocol=4)
    write("truncated.pkl", good[: len(good) // 2])
    write("plain_dict.pkl", pickle.dumps({"weights": [1.0, 2.0], "name": "not a model"}, protocol=4))
    # A pickle of 1 GB of bytes in about 1 MB of zlib: refused by its expansion, never inflated whole.
    bomb = zlib.compressobj(9)
    chunk = b"\x00" * (1 << 20)
    head = b"\x80\x04\x8e" + (1 << 30).to_bytes(8, "little")
    data = bomb.compress(head) + b"".join(bomb.compress(chunk) for _ in range(1024))
    data += bomb.compress(b".") + bomb.flush()
    write("bomb.joblib", data)


def good():
    pipe = string_pipeline()
    for protocol in (0, 1, 2, 3, 4, 5):
        write(f"pipeline_p{protocol}.pkl", pickle.dumps(pipe, protocol=protocol))
    joblib.dump(pipe, path("pipeline.joblib"))
    joblib.dump(pipe, path("pipeline_z3.joblib"), compress=3)
    joblib.dump(pipe, path("pipeline_gzip.joblib"), compress=("gzip", 3))
    joblib.dump(pipe, path("pipeline_bz2.joblib"), compress=("bz2", 3))
    joblib.dump(pipe, path("pipeline_xz.joblib"), compress=("xz", 3))
    joblib.dump(pipe, path("pipeline_lzma.joblib"), compress=("lzma", 3))
    sio.dump(pipe, path("pipeline.skops"))

    x, y = numeric_data()
    joblib.dump(RandomForestClassifier(n_estimators=5, max_depth=4, random_state=0).fit(x, y), path("forest.joblib"))
    log_model = Pipeline([("log", FunctionTransformer(np.log1p)), ("model", LinearRegression())])
    write("log1p.pkl", pickle.dumps(log_model.fit(np.abs(x), x[:, 0]), protocol=4))

    booster = xgb.XGBClassifier(n_estimators=3, max_depth=2).fit(x, y)
    booster.save_model(path("xgb.json"))
    booster.save_model(path("xgb.ubj"))
    joblib.dump(booster, path("xgb_sklearn.joblib"))

    frame = pd.DataFrame(x, columns=list("abcd"))
    light = lgb.LGBMClassifier(n_estimators=3, num_leaves=4, verbose=-1).fit(frame, y)
    light.booster_.save_model(path("lgbm.txt"))
    joblib.dump(light, path("lgbm_sklearn.joblib"))


def big_forest():
    """About 100 MB on disk, for the scanner's speed: arrays it must skip, not read."""
    rng = np.random.default_rng(2)
    x = rng.normal(size=(20000, 8))
    y = rng.integers(0, 2, 20000)
    forest = RandomForestClassifier(n_estimators=48, random_state=0, n_jobs=2).fit(x, y)
    joblib.dump(forest, path("big_forest.joblib"))


os.makedirs(OUT, exist_ok=True)
if os.path.exists(MARKER):
    os.remove(MARKER)
hostile()
bad()
good()
big_forest()
print(f"hostile_pickles: wrote {len(os.listdir(OUT))} files to {OUT}")
