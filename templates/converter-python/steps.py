"""Progress lines on stdout and the one exception that ends a conversion with ok: false in report.json."""

from __future__ import annotations

import json
import sys
from typing import Any, Literal

Step = Literal["load", "describe", "convert", "parity", "sample"]


class StepFailed(Exception):
    """A failure the user can act on: reported in report.json with its step, never as a crash."""

    def __init__(self, step: Step, message: str, parity: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.step = step
        self.message = message
        self.parity = parity


def progress(step: Literal["load", "describe", "convert", "parity"], message: str) -> None:
    print(json.dumps({"progress": step, "message": message}), flush=True)


def note(message: str) -> None:
    print(message, file=sys.stderr, flush=True)
