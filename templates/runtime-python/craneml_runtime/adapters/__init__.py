"""Chooses the adapter that loads and calls a project's model, by the manifest's python.source.kind."""

from __future__ import annotations

import os
from typing import Any, Protocol

from .errors import InvalidRow, ModelOutputError, RefusedModel

# The modules shared with the converter (templates/python-shared): main/runtimes/python/runtime-folder.ts copies them
# into this package for the image; run from the source tree (tests), the package finds the one copy there.
SHARED_SOURCE = os.path.join(os.path.dirname(__file__), "..", "..", "..", "python-shared")
if os.path.isdir(SHARED_SOURCE):
    __path__.append(os.path.normpath(SHARED_SOURCE))

__all__ = ["Adapter", "InvalidRow", "ModelOutputError", "RefusedModel", "load_adapter"]


class Adapter(Protocol):
    """
    What the server calls: setup() once before ready, then predict(rows) with one answer per row. An
    adapter whose answers are plain JSON values already (NaN as None) says so with answers_are_json = True;
    the worker makes every other's JSON-able.
    """

    batchable: bool

    def setup(self) -> None: ...

    def predict(self, rows: list[Any]) -> list[Any]: ...

    def extra_routes(self, predict: Any = None, ready: Any = None) -> list[Any]:
        """Routes of the model's own API (Cog's /predictions); `predict(rows)` (async) and `ready()` are the server's when given."""
        ...


def load_adapter(manifest: dict[str, Any], project_dir: str) -> Adapter:
    """The adapter for a manifest's python.source; nothing is loaded until setup().

    Example: load_adapter(json.load(open("/model/craneml.json")), "/model").setup()
    """
    source = (manifest.get("python") or {}).get("source") or {}
    kind = source.get("kind")
    if kind == "pickle":
        from .pickle_adapter import PickleAdapter

        return PickleAdapter(manifest, project_dir)
    if kind == "predictor":
        from .predictor_adapter import PredictorAdapter

        return PredictorAdapter(source, project_dir)
    if kind == "cog":
        from .cog_adapter import CogAdapter

        return CogAdapter(source, project_dir)
    if kind == "torchscript":
        from .torchscript_adapter import TorchScriptAdapter

        return TorchScriptAdapter(manifest, project_dir)
    if kind == "torch_export":
        from .torch_export_adapter import TorchExportAdapter

        return TorchExportAdapter(manifest, project_dir)
    raise RefusedModel(
        f'craneml.json: python.source.kind is {kind!r}; the Python runtime serves "pickle", "predictor", "cog", "torchscript" or "torch_export"'
    )
