"""Serves a torch.export file (.pt2, torch.export.save): its program's module on the CPU, called and answered as torch_model.py says."""

from __future__ import annotations

from typing import Any

from .torch_model import TorchAdapter


def load_exported(path: str) -> Any:
    import torch

    # An exported program runs as traced (its training/eval behaviour was fixed by export); eval() is not called on it.
    return torch.export.load(path).module()


class TorchExportAdapter(TorchAdapter):
    def __init__(self, manifest: dict[str, Any], project_dir: str) -> None:
        super().__init__(manifest, project_dir, load_exported)
