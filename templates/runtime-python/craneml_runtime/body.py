"""
Request bodies: read up to max_body_bytes (413 past it, before buffering more), compressed bodies
refused (415), all bodies held at once bounded (503 past the budget, as main/http/body.ts), JSON
parsed (400 when malformed), multipart/form-data files taken apart (image_parts).
"""

from __future__ import annotations

import json
import re

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


def _not_json(word: str) -> object:
    raise ValueError(f"{word} is not a JSON value")


def parse_json(body: bytes) -> object:
    """
    The body as JSON, refused (400) when it is not; without the NaN, Infinity and -Infinity Python
    reads beyond JSON, which the Node runtime's JSON.parse refuses too. (Cog's own route keeps
    json.loads, as Cog does.)
    """
    if not body:
        raise bad_request("the request body is empty; send JSON")
    try:
        return json.loads(body, parse_constant=_not_json)
    except RecursionError:
        raise bad_request("malformed JSON: nested deeper than this server reads") from None
    except (ValueError, UnicodeDecodeError) as error:
        raise bad_request(f"malformed JSON: {str(error)[:200]}") from None


IMAGE_FIELDS = ("image", "images", "image[]")
_DISPOSITION_PARAM = re.compile(r';\s*([\w*-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;\s]*))')


def _boundary(content_type: str) -> bytes:
    for match in _DISPOSITION_PARAM.finditer(content_type):
        if match.group(1).lower() == "boundary":
            value = match.group(2) if match.group(2) is not None else match.group(3)
            if value and len(value) <= 70:
                return value.encode("latin-1")
    raise bad_request("malformed multipart/form-data: no boundary in its Content-Type")


def form_files(body: bytes, content_type: str, max_files: int) -> list[tuple[str, bytes]]:
    """
    The files of a multipart/form-data body read whole, as (field, bytes) in the order they came: a part
    with a filename, or with content (a browser sends an empty, unnamed part for a file input left empty),
    as main/http/multipart.ts keeps them. 413 past `max_files` files, 400 when malformed.
    """
    delimiter = b"--" + _boundary(content_type)
    start = body.find(delimiter)
    if start < 0:
        raise bad_request("malformed multipart/form-data: the boundary never appears in the body")
    files: list[tuple[str, bytes]] = []
    parts = body[start + len(delimiter) :].split(b"\r\n" + delimiter)
    for part in parts:
        if part.startswith(b"--"):
            break
        head, separator, content = part.partition(b"\r\n\r\n")
        if not separator:
            raise bad_request("malformed multipart/form-data: a part has no header end")
        field, filename = "", None
        for line in head.split(b"\r\n"):
            name, _, value = line.decode("latin-1").partition(":")
            if name.strip().lower() != "content-disposition":
                continue
            for match in _DISPOSITION_PARAM.finditer(value):
                key, text = match.group(1).lower(), match.group(2) if match.group(2) is not None else match.group(3)
                if key == "name":
                    field = text
                elif key == "filename":
                    filename = text
        if filename is None:
            continue  # a text field
        if content or filename:
            files.append((field, content))
            if len(files) > max_files:
                raise too_large(f"at most {max_files} files per request")
    else:
        raise bad_request("malformed multipart/form-data: the closing boundary is missing")
    return files


def image_parts(body: bytes, content_type: str, max_files: int) -> list[bytes]:
    """The files sent in the "image" field, in order (else every file of the form), as templates/runtime-node/src/multipart.ts reads them."""
    files = form_files(body, content_type, max_files)
    chosen = [content for field, content in files if field in IMAGE_FIELDS] or [content for _, content in files]
    if not chosen:
        raise HttpError(422, "INPUT_INVALID", 'the form has no file: send the picture in the field "image"')
    return chosen
