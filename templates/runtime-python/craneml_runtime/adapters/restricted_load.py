"""The runtime's side of the shared restricted unpickler: its loaders by kind, a refusal raised as RefusedModel."""

from __future__ import annotations

from typing import Any, Callable

from .errors import RefusedModel
from .restricted_unpickle import LOADERS as SHARED_LOADERS, Approval, Refused

APPROVED_WHERE = "at init (python.source.allowed_globals)"


def runtime_loader(load: Callable[[str, Approval], Any]) -> Callable[[str, frozenset[str]], Any]:
    def load_approved(path: str, allowed: frozenset[str]) -> Any:
        try:
            return load(path, Approval(allowed, APPROVED_WHERE))
        except Refused as error:
            raise RefusedModel(f"{error}; refusing to load it") from error

    return load_approved


LOADERS: dict[str, Callable[[str, frozenset[str]], Any]] = {kind: runtime_loader(load) for kind, load in SHARED_LOADERS.items()}
