"""Liveness and readiness, natively (/healthz, /readyz) and as the V2 protocol has them."""

from __future__ import annotations

from starlette.responses import Response

from ..app import Call
from ..errors import JSON_TYPE

RETRY = {"Retry-After": "1"}


def _json(status: int, body: str, headers: dict[str, str] | None = None) -> Response:
    return Response(body, status_code=status, media_type=JSON_TYPE, headers=headers)


async def healthz(call: Call) -> Response:
    return _json(200, '{"status":"ok"}')


async def readyz(call: Call) -> Response:
    """200 once set-up and the warm-up call are done; 503 while loading, replacing a stuck worker or draining."""
    server = call.server
    if server.model.ready and not server.draining:
        return _json(200, '{"status":"ready"}')
    state = "draining" if server.draining else server.model.state
    return _json(503, f'{{"status":"{state}"}}', RETRY)


async def v2_live(call: Call) -> Response:
    return _json(200, '{"live":true}')


async def v2_ready(call: Call) -> Response:
    ready = call.server.model.ready and not call.server.draining
    return _json(200, '{"ready":true}') if ready else _json(503, '{"ready":false}', RETRY)
