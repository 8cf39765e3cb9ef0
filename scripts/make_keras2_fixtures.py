"""Writes the Keras 2 fixtures of test/fixtures/keras2 with real Keras 2 (tf-keras, the Keras 2 that
TensorFlow keeps for TF_USE_LEGACY_KERAS): a small Dense classifier saved as a Keras 2 .h5 (HDF5 with
`model_config` and `model_weights`, keras_version 2.x), plus Keras's own predictions on fixed inputs
(predictions.json), which CraneML must match within 1e-4.

Tooling only; the outputs are committed so tests never run Python. In a venv (about 2 GB):
    python3 -m venv ~/.cache/craneml/keras2-venv
    ~/.cache/craneml/keras2-venv/bin/pip install tensorflow-cpu==2.21.0 tf-keras==2.21.0
    ~/.cache/craneml/keras2-venv/bin/python scripts/make_keras2_fixtures.py
"""

import json
import os

os.environ["TF_USE_LEGACY_KERAS"] = "1"
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
import tf_keras as keras  # noqa: E402
from fixture_out import fixture_dir  # noqa: E402
from tf_keras import layers  # noqa: E402


def dense_classifier():
    keras.utils.set_random_seed(21)
    return keras.Sequential(
        [
            layers.Dense(16, activation="relu", input_shape=(6,), name="hidden"),
            layers.Dropout(0.2, name="dropout"),
            layers.Dense(4, activation="softmax", name="scores"),
        ],
        name="keras2_dense_classifier",
    )


if __name__ == "__main__":
    out = fixture_dir("keras2")
    model = dense_classifier()
    # Keras 2's own HDF5 format (save_format="h5"), as tutorials and courses of the TF 2.x years wrote it.
    model.save(out / "dense_classifier.h5", save_format="h5")
    x = np.random.default_rng(11).uniform(-1, 1, (5, 6)).astype(np.float32)
    y = model.predict(x, verbose=0)
    expected = {
        "keras_version": keras.__version__,
        "tensorflow_version": tf.__version__,
        "models": {"dense_classifier": {"inputs": x.tolist(), "outputs": np.asarray(y).tolist()}},
    }
    (out / "predictions.json").write_text(json.dumps(expected) + "\n")
