"""The breast-cancer MLP: TorchScript (cancer_mlp.pt), torch.export (cancer_mlp.pt2), a bare state_dict
(weights_only.pt), a pickled whole module (whole_module.pt) and a predict.py project (statedict-project/)."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path
from typing import Any

import torch
from sklearn.datasets import load_breast_cancer
from sklearn.model_selection import train_test_split
from torch import nn

from _common import HELD_OUT_ROWS, SEED, as_json, outputs, train

PROJECT_SOURCES = Path(__file__).resolve().parent / "statedict_project"
sys.path.insert(0, str(PROJECT_SOURCES))
from predict import FEATURES, LABELS, CancerNet, Predictor  # noqa: E402 - the project's own network class

sys.path.remove(str(PROJECT_SOURCES))


def trained() -> tuple[CancerNet, torch.Tensor, torch.Tensor]:
    data = load_breast_cancer()
    x_train, x_test, y_train, y_test = train_test_split(
        data.data.astype("float32"), data.target, test_size=0.2, random_state=SEED, stratify=data.target
    )
    x, y = torch.from_numpy(x_train), torch.from_numpy(y_train).long()
    model = CancerNet()
    model.mean.copy_(x.mean(dim=0))
    model.scale.copy_(x.std(dim=0))
    train(model, x, y, nn.CrossEntropyLoss(), epochs=15, batch=32, lr=2e-3)
    x_test_t = torch.from_numpy(x_test)
    with torch.no_grad():
        accuracy = (model(x_test_t).argmax(dim=1).numpy() == y_test).mean()
    print(f"[torch-fixtures] cancer MLP: held-out accuracy {accuracy:.3f}")
    return model, x_test_t[:HELD_OUT_ROWS], torch.from_numpy(y_test[:HELD_OUT_ROWS])


def project(out: Path, model: CancerNet, x: torch.Tensor) -> dict[str, Any]:
    """statedict-project/: predict.py and requirements.txt as committed, weights.pt made here, and what the
    project's own Predictor answers (run in its folder, as the runtime runs it)."""
    folder = out / "statedict-project"
    shutil.copytree(PROJECT_SOURCES, folder, ignore=shutil.ignore_patterns("__pycache__"))
    torch.save(model.state_dict(), folder / "weights.pt")
    rows = [dict(zip(FEATURES, row)) for row in as_json(x)]
    here = os.getcwd()
    os.chdir(folder)
    try:
        predictor = Predictor()
        predictor.setup()
        answers = predictor.predict(rows)
    finally:
        os.chdir(here)
    return {"rows": rows, "answers": answers}


def make(out: Path) -> dict[str, Any]:
    model, x, targets = trained()
    torch.jit.script(model).save(str(out / "cancer_mlp.pt"))
    batch = torch.export.Dim("batch", min=1, max=1024)
    exported = torch.export.export(model, (x,), dynamic_shapes=({0: batch},))
    torch.export.save(exported, str(out / "cancer_mlp.pt2"))
    torch.save(model.state_dict(), out / "weights_only.pt")
    torch.save(model, out / "whole_module.pt")
    expected = {"inputs": as_json(x), "outputs": outputs(model, x), "targets": targets.tolist(), "labels": LABELS}
    with torch.no_grad():
        expected["probabilities"] = as_json(torch.softmax(model(x), dim=1))
    return {
        "cancer_mlp.pt": {**expected, "input_shape": [len(FEATURES)]},
        "cancer_mlp.pt2": {**expected, "input_shape": [len(FEATURES)]},
        "statedict-project": project(out, model, x),
    }
