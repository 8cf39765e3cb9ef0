"""
Request bodies: read up to max_body_bytes (413 past it, before buffering more), compressed bodies
refused (415), all bodies held at once bounded (503 past the budget, as main/http/body.ts), JSON
parsed (400 when malformed).
"""

from __future__ import annotations

import json

from starlette.requests import Request

from .errors import HttpError, bad_request, too_large, unavailable


class BodyBudget:
    """Bytes of request bodies held in memory by all requests together (default max(256 MB, 2 x max_body_bytes))."""

    def __init__(self, max_bytes: int):
        self.max = max_bytes
        self.held = 0

    def take(self, size: int) -> bool:
        if self.held + size > self.max:
            return False
        self.held += size
        return True

    def give(self, size: int) -> None:
        self.held -= size


class Holding:
    """What one request holds of the budget, given back when it is answered."""

    def __init__(self, budget: BodyBudget):
        self.budget = budget
        self.bytes = 0

    def take(self, size: int) -> bool:
        if not self.budget.take(size):
            return False
        self.bytes += size
        return True

    def release(self) -> None:
        self.budget.give(self.bytes)
        self.bytes = 0


def media_type(request: Request) -> str:
    """The Content-Type's media type, lower-cased, without parameters ('' when absent)."""
    return request.headers.get("content-type", "").split(";", 1)[0].strip().lower()


async def read_body(request: Request, limit: int, holding: Holding) -> bytes:
    encoding = request.headers.get("content-encoding")
    if encoding and encoding.lower() != "identity":
        raise HttpError(415, "UNSUPPORTED_MEDIA", f'Content-Encoding "{encoding[:40]}" is not supported; send the body uncompressed')
    declared = request.headers.get("content-length")
    message = f"the request body is larger than the limit of {limit} bytes"
    if declared and declared.isdigit() and int(declared) > limit:
        raise too_large(message)
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise too_large(message)
        if not holding.take(len(chunk)):
            raise unavailable("OVERLOADED", "the server holds too many request bodies right now; retry shortly")
        chunks.append(chunk)
    return b"".join(chunks)


def parse_json(body: bytes) -> object:
    if not body:
        raise bad_request("the request body is empty; send JSON")
    try:
        return json.loads(body)
    except (ValueError, UnicodeDecodeError) as error:
        raise bad_request(f"malformed JSON: {str(error)[:200]}") from None
