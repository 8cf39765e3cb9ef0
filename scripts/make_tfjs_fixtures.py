"""Writes the TF.js fixtures of test/fixtures/tfjs, converted by the real Python `tensorflowjs` converter.

Tooling only; the outputs are committed so tests never run Python. Needs, from PyPI:
    python3 -m venv /tmp/tfjs-venv
    /tmp/tfjs-venv/bin/pip install tensorflowjs==4.22.0 ydf==0.13.0
(tensorflowjs pulls tensorflow, tf-keras and keras; ydf is pinned because newer releases need a
protobuf newer than tensorflow allows, and tensorflowjs imports it through tensorflow-decision-forests.)
    /tmp/tfjs-venv/bin/python scripts/make_tfjs_fixtures.py

Each folder gets the converter's model.json and weight shard(s), plus expected.json: a few input
batches and the outputs Keras itself computes for them, which the tests compare TF.js against.
keras3_layers has no expected.json: TF.js cannot read a Keras 3 topology, and the tests check that
CraneML says so. The converter writes graph attributes in no fixed order, so a rerun may reorder
keys in keras_savedmodel_graph/model.json without changing the model.
"""

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
import tensorflowjs as tfjs  # noqa: E402
import tf_keras  # noqa: E402  the Keras 2 that tensorflowjs writes layers models from
from fixture_out import FIXTURES  # noqa: E402

OUT = FIXTURES / "tfjs"


def seeded_weights(model, seed):
    """Replaces every weight by small values from a fixed seed, so the fixture does not depend on initialisers."""
    rng = np.random.default_rng(seed)
    model.set_weights([rng.uniform(-0.5, 0.5, w.shape).astype(np.float32) for w in model.get_weights()])


def rounded(array, decimals=6):
    return np.round(np.asarray(array, dtype=np.float64), decimals).tolist()


def write_expected(folder, cases):
    """cases: [{"inputs": {name: array}, "outputs": {name: array}}]"""
    data = {
        "tolerance": 1e-4,
        "cases": [
            {
                "inputs": {k: {"shape": list(v.shape), "data": rounded(v.reshape(-1), 4)} for k, v in c["inputs"].items()},
                "outputs": {k: {"shape": list(v.shape), "data": rounded(v.reshape(-1))} for k, v in c["outputs"].items()},
            }
            for c in cases
        ],
    }
    (folder / "expected.json").write_text(json.dumps(data, separators=(",", ":")) + "\n")


def fresh(folder):
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    return folder


def image_batches():
    """Two batches of 28x28x1 images, values rounded to 4 decimals so what the JSON says is what Keras saw."""
    rng = np.random.default_rng(7)
    return [np.round(rng.uniform(0, 1, (n, 28, 28, 1)), 4).astype(np.float32) for n in (1, 2)]


def keras_savedmodel_graph():
    """Keras 3 image classifier → model.export (SavedModel) → tensorflowjs_converter --input_format=tf_saved_model."""
    keras = tf.keras
    inputs = keras.Input(shape=(28, 28, 1), name="image")
    x = keras.layers.Conv2D(4, 3, activation="relu", name="conv")(inputs)
    x = keras.layers.GlobalAveragePooling2D(name="pool")(x)
    outputs = keras.layers.Dense(10, activation="softmax", name="digits")(x)
    model = keras.Model(inputs, outputs, name="tiny_cnn")
    seeded_weights(model, 1)
    folder = fresh(OUT / "keras_savedmodel_graph")
    with tempfile.TemporaryDirectory() as tmp:
        saved = Path(tmp) / "saved_model"
        model.export(str(saved))
        subprocess.run(
            [Path(sys.executable).parent / "tensorflowjs_converter", "--input_format=tf_saved_model", str(saved), str(folder)],
            check=True,
        )
        served = tf.saved_model.load(str(saved)).signatures["serving_default"]
        cases = []
        for batch in image_batches():
            (name, served_out), = served(tf.constant(batch)).items()  # the signature's name: output_0
            keras_out = model(batch, training=False).numpy()
            assert np.allclose(served_out.numpy(), keras_out, atol=1e-6), "the SavedModel and Keras disagree"
            cases.append({"inputs": {"image": batch}, "outputs": {name: keras_out}})
    write_expected(folder, cases)


def keras_layers():
    """Keras 2 (tf_keras) model with two named inputs → tensorflowjs.converters.save_keras_model (layers model)."""
    keras = tf_keras
    features = keras.Input(shape=(4,), name="features")
    extra = keras.Input(shape=(2,), name="extra")
    x = keras.layers.Concatenate(name="joined")([features, extra])
    x = keras.layers.Dense(8, activation="relu", name="hidden")(x)
    scores = keras.layers.Dense(3, activation="softmax", name="scores")(x)
    model = keras.Model([features, extra], scores, name="two_inputs")
    seeded_weights(model, 2)
    folder = fresh(OUT / "keras_layers")
    tfjs.converters.save_keras_model(model, str(folder))
    batches = [
        {"features": np.array([[1, 2, 3, 4]], np.float32), "extra": np.array([[0.5, -0.5]], np.float32)},
        {
            "features": np.array([[0, 0, 0, 0], [-1.5, 0.25, 2, 0.75], [3, -2, 1, 0]], np.float32),
            "extra": np.array([[0, 0], [1, 1], [-0.25, 2]], np.float32),
        },
    ]
    cases = [{"inputs": b, "outputs": {"scores": model.predict([b["features"], b["extra"]], verbose=0)}} for b in batches]
    write_expected(folder, cases)


def keras3_layers():
    """A Keras 3 model through save_keras_model: TF.js cannot read its topology, and CraneML says so (no expected.json)."""
    keras = tf.keras
    features = keras.Input(shape=(4,), name="features")
    scores = keras.layers.Dense(3, activation="softmax", name="scores")(features)
    model = keras.Model(features, scores)
    seeded_weights(model, 3)
    tfjs.converters.save_keras_model(model, str(fresh(OUT / "keras3_layers")))


if __name__ == "__main__":
    keras_savedmodel_graph()
    keras_layers()
    keras3_layers()
    for folder in sorted(OUT.iterdir()):
        size = sum(f.stat().st_size for f in folder.iterdir())
        print(f"{folder.relative_to(OUT.parents[2])}: {sorted(f.name for f in folder.iterdir())}, {size} bytes")
        assert size < 100_000, f"{folder} is too large for a fixture"
