"""Writes the Keras fixtures of test/fixtures/keras with real Keras 3: each model as .h5 and .keras,
plus Keras's own predictions on fixed inputs (predictions.json), which CraneML must match within 1e-4.

Tooling only (needs keras, a backend such as jax, and h5py from PyPI); the outputs are committed so
tests never run Python.
    KERAS_BACKEND=jax python3 scripts/make_keras_fixtures.py
"""

import json
import os

os.environ.setdefault("KERAS_BACKEND", "jax")

import keras  # noqa: E402
import numpy as np  # noqa: E402
from fixture_out import fixture_dir  # noqa: E402
from keras import layers  # noqa: E402


def dense_classifier():
    keras.utils.set_random_seed(1)
    return keras.Sequential(
        [keras.Input((6,)), layers.Dense(16, activation="relu"), layers.Dense(4, activation="softmax")], name="dense_classifier"
    )


def cnn():
    keras.utils.set_random_seed(2)
    return keras.Sequential(
        [
            keras.Input((12, 12, 1)),
            layers.Conv2D(4, 3, activation="relu"),
            layers.BatchNormalization(),
            layers.MaxPooling2D(2),
            layers.Dropout(0.25),
            layers.Flatten(),
            layers.Dense(3, activation="softmax"),
        ],
        name="cnn",
    )


def depthwise():
    keras.utils.set_random_seed(3)
    return keras.Sequential(
        [
            keras.Input((8, 8, 3)),
            layers.DepthwiseConv2D(3, padding="same", activation="relu"),
            layers.Conv2D(4, 1),
            layers.GlobalAveragePooling2D(),
            layers.Dense(2),
        ],
        name="depthwise",
    )


def two_branch():
    keras.utils.set_random_seed(4)
    inputs = keras.Input((5,), name="features")
    left = layers.Dense(6, activation="tanh", name="left")(inputs)
    right = layers.Dense(6, activation="relu", name="right")(inputs)
    merged = layers.Concatenate(name="merge")([left, right])
    outputs = layers.Dense(3, activation="softmax", name="scores")(merged)
    return keras.Model(inputs, outputs, name="two_branch")


@keras.saving.register_keras_serializable(package="fixtures")
class Scale(layers.Layer):
    """A custom layer, which no other tool can rebuild without its Python code."""

    def call(self, inputs):
        return inputs * 2.0


def custom_layer():
    keras.utils.set_random_seed(5)
    return keras.Sequential([keras.Input((3,)), Scale(name="scale"), layers.Dense(2)], name="custom_layer")


def randomise_batch_norm(model):
    """Moving statistics away from 0 and 1, so that a wrong weight order shows in the predictions."""
    for layer in model.layers:
        if isinstance(layer, layers.BatchNormalization):
            gamma, beta, mean, var = layer.get_weights()
            layer.set_weights([gamma * 1.5, beta + 0.1, mean + 0.2, var * 2.0])


def save(model, out, rng, expected):
    """Writes the model as .h5 and .keras and records its predictions on inputs drawn from rng."""
    model.save(out / f"{model.name}.h5")
    model.save(out / f"{model.name}.keras")
    shape = (3, *model.input_shape[1:])
    x = rng.uniform(0, 1, shape).astype(np.float32)
    y = model.predict(x, verbose=0)
    expected[model.name] = {"inputs": x.tolist(), "outputs": np.asarray(y).tolist()}


if __name__ == "__main__":
    out = fixture_dir("keras")
    rng = np.random.default_rng(7)
    expected = {}
    for build in (dense_classifier, cnn, depthwise, two_branch):
        model = build()
        randomise_batch_norm(model)
        save(model, out, rng, expected)
    custom = custom_layer()
    custom.save(out / "custom_layer.h5")
    custom.save(out / "custom_layer.keras")
    (out / "predictions.json").write_text(json.dumps({"keras_version": keras.__version__, "models": expected}) + "\n")
