"""The runtime's side of the shared restricted unpickler: its loaders by kind, a refusal raised as RefusedModel."""

from __future__ import annotations

import os
import sys
from typing import Any, Callable

from .errors import RefusedModel

try:
    # In the image: main/runtimes/python/runtime-folder.ts copies templates/python-shared/restricted_unpickle.py here.
    from .restricted_unpickle import LOADERS as SHARED_LOADERS, Approval, Refused
except ModuleNotFoundError as missing:
    # Run from the source tree (tests): the one copy, in templates/python-shared.
    if missing.name != f"{__package__}.restricted_unpickle":
        raise
    sys.path.append(os.path.join(os.path.dirname(__file__), "..", "..", "..", "python-shared"))
    from restricted_unpickle import LOADERS as SHARED_LOADERS, Approval, Refused  # type: ignore[no-redef]

APPROVED_WHERE = "at init (python.source.allowed_globals)"


def runtime_loader(load: Callable[[str, Approval], Any]) -> Callable[[str, frozenset[str]], Any]:
    def load_approved(path: str, allowed: frozenset[str]) -> Any:
        try:
            return load(path, Approval(allowed, APPROVED_WHERE))
        except Refused as error:
            raise RefusedModel(f"{error}; refusing to load it") from error

    return load_approved


LOADERS: dict[str, Callable[[str, frozenset[str]], Any]] = {kind: runtime_loader(load) for kind, load in SHARED_LOADERS.items()}
