"""Structured logs: one JSON line per request or event on stdout (CRANEML_LOG=off: none), as the Node runtime writes them."""

from __future__ import annotations

import json
import sys
from datetime import datetime, timezone


# Health checks that answer 503 while the model loads, warms or drains: the server's state, not a failure.
READINESS_ROUTES = frozenset({"/readyz", "/v2/health/ready"})


def level_of(route: str, status: int) -> str:
    """A request's log level: a 5xx is an error, except a readiness check's 503 (a starting container answers it many times)."""
    if status == 503 and route in READINESS_ROUTES:
        return "info"
    return "error" if status >= 500 else "info"


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
            level = level_of(entry.get("route", ""), entry.get("status", 0))
            self._write({"time": _now(), "level": level, "msg": "request", **entry})

    def event(self, level: str, message: str, **fields) -> None:
        if self.enabled:
            self._write({"time": _now(), "level": level, "msg": message, **fields})
