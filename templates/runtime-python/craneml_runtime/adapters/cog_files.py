"""File inputs of a Cog predictor: a data URL written to a temporary file under /tmp for one call, then removed."""

from __future__ import annotations

import base64
import binascii
import io
import mimetypes
import os
import re
import tempfile
from contextlib import contextmanager
from typing import Any, Iterator

from .cog_signature import CogInput
from .errors import InvalidRow

DATA_URL = re.compile(r"^data:(?P<type>[\w.+-]+/[\w.+-]+)?(?P<params>(;[\w.+-]+=[^;,]*)*)(?P<base64>;base64)?,(?P<data>.*)$", re.S)


def data_url_bytes(spec: CogInput, value: str) -> tuple[bytes, str]:
    """The bytes and the file suffix a data URL carries. Example: data:image/png;base64,iVBOR... -> (b"\\x89PNG...", ".png")."""
    match = DATA_URL.match(value)
    if match is None:
        raise InvalidRow(spec.name, "must be a file as a data URL (data:<type>;base64,...)")
    try:
        data = base64.b64decode(match["data"], validate=True) if match["base64"] else match["data"].encode()
    except binascii.Error:
        raise InvalidRow(spec.name, "holds a data URL whose base64 does not decode") from None
    return data, mimetypes.guess_extension(match["type"] or "") or ""


@contextmanager
def materialised(inputs: list[CogInput], arguments: dict[str, Any], path_type: type) -> Iterator[dict[str, Any]]:
    """The arguments with each file input as a Path (or a stream for File); the files are gone when the call ends."""
    written: list[str] = []
    ready = dict(arguments)
    try:
        for spec in inputs:
            value = arguments.get(spec.name)
            if spec.kind not in ("path", "file") or not isinstance(value, str):
                continue
            data, suffix = data_url_bytes(spec, value)
            if spec.kind == "file":
                ready[spec.name] = io.BytesIO(data)
                continue
            handle, name = tempfile.mkstemp(prefix="cog-input-", suffix=suffix)
            written.append(name)
            with os.fdopen(handle, "wb") as file:
                file.write(data)
            ready[spec.name] = path_type(name)
        yield ready
    finally:
        for name in written:
            os.unlink(name)
