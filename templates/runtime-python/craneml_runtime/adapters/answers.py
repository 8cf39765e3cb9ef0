"""A model's own answer made JSON-able: NumPy values as numbers and lists, generators as lists, files as data URLs."""

from __future__ import annotations

import base64
import dataclasses
import io
import math
import mimetypes
import os
import types
from typing import Any


def file_data_url(path: str) -> str:
    kind = mimetypes.guess_type(path)[0] or "application/octet-stream"
    with open(path, "rb") as handle:
        return f"data:{kind};base64,{base64.b64encode(handle.read()).decode()}"


def jsonable(value: Any) -> Any:
    """Example: jsonable(np.float32(0.5)) == 0.5; jsonable(x for x in "ab") == ["a", "b"]; a Path output is a data URL."""
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        return None if math.isnan(value) or math.isinf(value) else value
    if isinstance(value, os.PathLike):
        return file_data_url(os.fspath(value))
    if isinstance(value, io.IOBase):
        data = value.read()
        return f"data:application/octet-stream;base64,{base64.b64encode(data if isinstance(data, bytes) else data.encode()).decode()}"
    if isinstance(value, dict):
        return {str(key): jsonable(item) for key, item in value.items()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {field.name: jsonable(getattr(value, field.name)) for field in dataclasses.fields(value)}
    if hasattr(value, "tolist"):  # NumPy arrays and scalars, torch tensors
        return jsonable(value.tolist())
    if isinstance(value, (list, tuple, set, frozenset, types.GeneratorType)) or hasattr(value, "__next__"):
        return [jsonable(item) for item in value]
    if isinstance(value, bytes):
        return base64.b64encode(value).decode()
    raise TypeError(f"the model answered a {type(value).__name__}, which has no JSON form")
