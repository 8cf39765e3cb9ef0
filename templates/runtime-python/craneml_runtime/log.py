"""Structured logs: one JSON line per request or event on stdout (CRANEML_LOG=off: none), as the Node runtime writes them."""

from __future__ import annotations

import json
import sys
from datetime import datetime, timezone


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


class Logger:
    def __init__(self, enabled: bool = True, out=None):
        self.enabled = enabled
        self.out = out or sys.stdout

    def _write(self, entry: dict) -> None:
        try:
            self.out.write(json.dumps(entry, default=str) + "\n")
        except (OSError, ValueError):
            pass  # A closed stdout must not take the server down.

    def request(self, **entry) -> None:
        if self.enabled:
            path = entry.get("path", "")
            entry["path"] = path if len(path) <= 300 else path[:300] + "…"
            level = "error" if entry.get("status", 0) >= 500 else "info"
            self._write({"time": _now(), "level": level, "msg": "request", **entry})

    def event(self, level: str, message: str, **fields) -> None:
        if self.enabled:
            self._write({"time": _now(), "level": level, "msg": message, **fields})
