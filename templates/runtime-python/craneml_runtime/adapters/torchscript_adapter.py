"""Serves a TorchScript file (torch.jit.save): loaded on the CPU in eval mode, called and answered as torch_model.py says."""

from __future__ import annotations

from typing import Any

from .torch_model import TorchAdapter


def load_torchscript(path: str) -> Any:
    import torch

    return torch.jit.load(path, map_location="cpu").eval()


class TorchScriptAdapter(TorchAdapter):
    def __init__(self, manifest: dict[str, Any], project_dir: str) -> None:
        super().__init__(manifest, project_dir, load_torchscript)
