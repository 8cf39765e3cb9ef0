"""MNIST-style centring shared by the digits example's training (train.py) and the Keras fixture
generator (scripts/make_keras_digits.py): both must prepare digits exactly as CraneML's
`center: "mnist"` codec does."""

import numpy as np
from PIL import Image


def recentre(img):
    """MNIST-style centring, as CraneML's `center: "mnist"` codec does: fit the ink box to 20x20, stretch the ink
    to full brightness, centre of mass in the middle. Takes a light-on-dark image of any size."""
    ys, xs = np.nonzero(img > img.max() * 0.2)
    if len(xs) == 0:
        return img
    crop = img[ys.min() : ys.max() + 1, xs.min() : xs.max() + 1]
    h, w = crop.shape
    ratio = 20 / max(h, w)
    nw, nh = max(1, min(28, round(w * ratio))), max(1, min(28, round(h * ratio)))
    scaled = np.asarray(Image.fromarray((crop * 255).astype(np.uint8)).resize((nw, nh), Image.BILINEAR), dtype=np.float32) / 255
    if scaled.max() > 0:
        scaled = scaled / scaled.max()
    total = scaled.sum()
    cy = (scaled.sum(axis=1) * np.arange(nh)).sum() / total if total else (nh - 1) / 2
    cx = (scaled.sum(axis=0) * np.arange(nw)).sum() / total if total else (nw - 1) / 2
    left = int(np.clip(round(13.5 - cx), 0, 28 - nw))
    top = int(np.clip(round(13.5 - cy), 0, 28 - nh))
    out = np.zeros((28, 28), dtype=np.float32)
    out[top : top + nh, left : left + nw] = scaled
    return out
