"""Request bodies: read up to max_body_bytes (413 past it, before buffering more), compressed bodies refused (415), JSON parsed (400 when malformed)."""

from __future__ import annotations

import json

from starlette.requests import Request

from .errors import HttpError, bad_request, too_large


def media_type(request: Request) -> str:
    """The Content-Type's media type, lower-cased, without parameters ('' when absent)."""
    return request.headers.get("content-type", "").split(";", 1)[0].strip().lower()


async def read_body(request: Request, limit: int) -> bytes:
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
        chunks.append(chunk)
    return b"".join(chunks)


def parse_json(body: bytes) -> object:
    if not body:
        raise bad_request("the request body is empty; send JSON")
    try:
        return json.loads(body)
    except (ValueError, UnicodeDecodeError) as error:
        raise bad_request(f"malformed JSON: {str(error)[:200]}") from None
