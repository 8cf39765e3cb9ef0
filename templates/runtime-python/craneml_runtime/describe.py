"""`python -m craneml_runtime.describe <project_dir> [file.py:Class]`: a Cog predictor's inputs as the manifest's table columns, in JSON."""

from __future__ import annotations

import json
import os
import re
import sys
from typing import Any

from .adapters.cog_adapter import entry_method
from .adapters.cog_signature import COLUMN_TYPES, REQUIRED, CogInput, read_inputs
from .adapters.errors import RefusedModel
from .adapters.project_code import project_object

PREDICT_LINE = re.compile(r"""^(?:run|predict):\s*["']?([^"'\s#]+\.py):(\w+)["']?\s*(#.*)?$""", re.M)


def predictor_ref(project_dir: str, given: str | None) -> tuple[str, str]:
    """The predictor named on the command line, else by cog.yaml's `run:` (or `predict:`), else predict.py:Predictor."""
    if given:
        file, _, name = given.partition(":")
        return file, name or "Predictor"
    try:
        with open(os.path.join(project_dir, "cog.yaml"), encoding="utf-8") as handle:
            found = PREDICT_LINE.search(handle.read())
    except FileNotFoundError:
        found = None
    return (found[1], found[2]) if found else ("predict.py", "Predictor")


def column(spec: CogInput) -> dict[str, Any]:
    described: dict[str, Any] = {"name": spec.name, "type": COLUMN_TYPES[spec.kind]}
    if spec.choices is not None:
        described["values"] = [str(choice) for choice in spec.choices]
    if spec.default is not REQUIRED and isinstance(spec.default, (bool, int, float, str)):
        described["default"] = spec.default
    if spec.ge is not None:
        described["minimum"] = spec.ge
    if spec.le is not None:
        described["maximum"] = spec.le
    if spec.description:
        described["description"] = spec.description
    if spec.kind in ("path", "file"):
        described["file"] = True
    if spec.default is None and spec.optional:
        described["optional"] = True  # Optional[...] with no default: may be left out, reaching predict as None
    return described


def describe(project_dir: str, given: str | None = None) -> dict[str, Any]:
    file, name = predictor_ref(project_dir, given)
    # The class is read, neither made nor set up: its run (or predict) signature is all a description needs.
    found = project_object(project_dir, file, name)
    if not callable(found):
        raise RefusedModel(f"{file}'s {name} is neither a class nor a function")
    entry = getattr(found, entry_method(found)) if isinstance(found, type) else found
    return {"predictor": f"{file}:{name}", "columns": [column(spec) for spec in read_inputs(entry)]}


def main(argv: list[str]) -> int:
    if not 1 <= len(argv) <= 2:
        print("usage: python -m craneml_runtime.describe <project_dir> [file.py:Class]", file=sys.stderr)
        return 2
    try:
        print(json.dumps(describe(os.path.abspath(argv[0]), argv[1] if len(argv) == 2 else None)))
    except RefusedModel as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    except Exception as error:  # noqa: BLE001 - the project's own code failed to import: one line, as the server says it
        print(f"error: {type(error).__name__}: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
