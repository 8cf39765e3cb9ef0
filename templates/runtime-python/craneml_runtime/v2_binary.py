"""The Open Inference Protocol's binary tensor data extension: a JSON header of Inference-Header-Content-Length bytes, then raw tensors (as v2-binary.ts)."""

from __future__ import annotations

import struct

from .errors import bad_request

FORMATS = {
    "BOOL": "?", "UINT8": "B", "INT8": "b", "UINT16": "H", "INT16": "h", "FP16": "e",
    "UINT32": "I", "INT32": "i", "FP32": "f", "UINT64": "Q", "INT64": "q", "FP64": "d",
}  # fmt: skip


def split_binary_body(body: bytes, header_length: str) -> tuple[bytes, bytes]:
    text = header_length.strip()
    if not text.isdigit() or int(text) > len(body):
        raise bad_request(f"Inference-Header-Content-Length is {header_length[:20]}, but the body has {len(body)} bytes")
    return body[: int(text)], body[int(text) :]


def _strings(data: bytes, name: str) -> list[str]:
    out, offset = [], 0
    while offset < len(data):
        if offset + 4 > len(data):
            raise bad_request(f'input "{name}": BYTES data ends inside a length prefix')
        (size,) = struct.unpack_from("<I", data, offset)
        offset += 4
        if offset + size > len(data):
            raise bad_request(f'input "{name}": a BYTES element runs past its binary data')
        out.append(data[offset : offset + size].decode("utf-8", "replace"))
        offset += size
    return out


def _numbers(data: bytes, datatype: str, name: str) -> list:
    code = FORMATS.get(datatype)
    if code is None:
        raise bad_request(f'input "{name}": {datatype} cannot be sent as binary data; send it as JSON')
    size = struct.calcsize(code)
    if len(data) % size:
        raise bad_request(f'input "{name}": {len(data)} bytes is not a whole number of {datatype} values')
    return list(struct.unpack(f"<{len(data) // size}{code}", data))


def attach_binary_inputs(request: object, binary: bytes) -> None:
    """Fills `data` of every input naming a binary_data_size, in order, so the request then takes the JSON path's checks."""
    inputs = request.get("inputs") if isinstance(request, dict) else None
    offset = 0
    for item in inputs if isinstance(inputs, list) else []:
        parameters = item.get("parameters") if isinstance(item, dict) else None
        size = parameters.get("binary_data_size") if isinstance(parameters, dict) else None
        if size is None:
            continue
        name = str(item.get("name"))[:100]
        if not isinstance(size, int) or isinstance(size, bool) or size < 0:
            raise bad_request(f'input "{name}": binary_data_size must be a byte count')
        if "data" in item:
            raise bad_request(f'input "{name}" has both data and binary_data_size')
        if offset + size > len(binary):
            raise bad_request(f'input "{name}": binary_data_size runs past the end of the body')
        chunk = binary[offset : offset + size]
        offset += size
        item["data"] = _strings(chunk, name) if item.get("datatype") == "BYTES" else _numbers(chunk, str(item.get("datatype")), name)
    if offset != len(binary):
        raise bad_request(f"{len(binary) - offset} bytes after the JSON header belong to no input")


def tensor_bytes(datatype: str, data: list) -> bytes:
    """A tensor's raw little-endian bytes (BYTES: a 4-byte length, then the UTF-8 bytes, per element)."""
    if datatype == "BYTES":
        parts = []
        for value in data:
            text = str(value).encode()
            parts.append(struct.pack("<I", len(text)) + text)
        return b"".join(parts)
    if datatype.startswith("FP"):
        data = [float("nan") if v is None else v for v in data]  # JSON's null for NaN
    return struct.pack(f"<{len(data)}{FORMATS[datatype]}", *data)


def wants_binary(request: dict, name: str) -> bool:
    """Whether the client asked for `name` in binary: per output, or for all outputs at once."""
    for output in request.get("outputs") or []:
        if output.get("name") == name:
            own = (output.get("parameters") or {}).get("binary_data")
            if isinstance(own, bool):
                return own
    return (request.get("parameters") or {}).get("binary_data_output") is True
