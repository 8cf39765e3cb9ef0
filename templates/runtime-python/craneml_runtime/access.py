"""Who may call: the optional API key (Bearer or X-API-Key, compared in constant time) and CORS for the configured origins, as auth.ts and cors.ts."""

from __future__ import annotations

import hashlib
import hmac
import re

ALLOWED_HEADERS = "Content-Type, Authorization, X-API-Key, X-Request-Id"
EXPOSED = "Retry-After, X-Request-Id"
ANY_PORT = re.compile(r"^(https?://[^/:]+):\*$")
PORT_SUFFIX = re.compile(r":\d{1,5}$")


def key_check(key: str | None):
    """A checker of request headers for one key; None when no key is set (every request passes)."""
    if not key:
        return None
    expected = hashlib.sha256(key.encode()).digest()

    def check(headers) -> bool:
        authorization = headers.get("authorization", "")
        if authorization[:7].lower() == "bearer ":
            given = authorization[7:].strip()
        elif "x-api-key" in headers:
            given = headers["x-api-key"]
        else:
            return False
        return hmac.compare_digest(hashlib.sha256(given.encode()).digest(), expected)

    return check


class Cors:
    def __init__(self, origins: list[str]):
        self.any = "*" in origins
        trimmed = [o.rstrip("/") for o in origins]
        self.allowed = {o for o in trimmed if not ANY_PORT.match(o)}
        self.any_port = {m.group(1) for o in trimmed if (m := ANY_PORT.match(o))}
        self.enabled = bool(self.allowed or self.any_port)

    def _allows(self, origin: str | None) -> bool:
        return origin is not None and (
            self.any or origin in self.allowed or (bool(PORT_SUFFIX.search(origin)) and PORT_SUFFIX.sub("", origin) in self.any_port)
        )

    def headers(self, origin: str | None) -> dict[str, str]:
        """Headers to add to an answer (none when the origin is not allowed)."""
        if not self.enabled or not self._allows(origin):
            return {}
        if self.any:
            return {"Access-Control-Allow-Origin": "*", "Access-Control-Expose-Headers": EXPOSED}
        return {"Access-Control-Allow-Origin": origin or "", "Vary": "Origin", "Access-Control-Expose-Headers": EXPOSED}

    def preflight(self, origin: str | None, allow: str) -> dict[str, str]:
        base = self.headers(origin)
        if not base:
            return {"Allow": allow}
        return {
            **base,
            "Allow": allow,
            "Access-Control-Allow-Methods": allow,
            "Access-Control-Allow-Headers": ALLOWED_HEADERS,
            "Access-Control-Max-Age": "600",
        }
