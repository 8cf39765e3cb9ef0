"""Open Inference Protocol (KServe V2): server and model metadata, readiness, and infer (one input per column, or one 2-D tensor of the columns)."""

from __future__ import annotations

import json

from starlette.responses import Response

from ..jsontext import dumps

from .. import RUNTIME_VERSION
from ..app import Call
from ..body import media_type, parse_json, read_body
from ..errors import JSON_TYPE, HttpError, InputInvalid, bad_request, too_large
from ..signature import column_datatypes, v2_metadata
from ..v2_binary import attach_binary_inputs, split_binary_body, tensor_bytes, wants_binary
from ..tensor_rows import TensorRows, nest
from ..v2_classification import check_classification, classified
from ..v2_outputs import labelled_output, output_tensors


def check_model(call: Call) -> None:
    """404 unless the path names this server's model (and its version, when given)."""
    manifest = call.server.manifest
    name, version = call.params.get("name"), call.params.get("version")
    if name != manifest["name"]:
        raise HttpError(404, "NOT_FOUND", f'model "{str(name)[:100]}" not found; this server serves "{manifest["name"]}"')
    if version is not None and version != manifest["version"]:
        raise HttpError(404, "NOT_FOUND", f'model "{manifest["name"]}" has no version "{version[:100]}"; it has "{manifest["version"]}"')


def _json(status: int, body: object, headers: dict[str, str] | None = None) -> Response:
    return Response(dumps(body), status_code=status, media_type=JSON_TYPE, headers=headers)


async def v2_server(call: Call) -> Response:
    return _json(200, {"name": "craneml-python", "version": RUNTIME_VERSION, "extensions": ["binary_tensor_data"]})


async def v2_model(call: Call) -> Response:
    check_model(call)
    return _json(200, call.server.cached("v2_metadata", lambda: v2_metadata(call.server.manifest)))


async def v2_model_ready(call: Call) -> Response:
    check_model(call)
    ready = call.server.model.ready and not call.server.draining
    body = {"name": call.server.manifest["name"], "ready": ready}
    return _json(200, body) if ready else _json(503, body, {"Retry-After": "1"})


def _flat(name: str, data: list) -> list:
    while data and isinstance(data[0], list):
        data = [cell for part in data for cell in (part if isinstance(part, list) else [part])]
    if any(isinstance(cell, list) for cell in data):
        raise InputInvalid(f'input "{name}": data is nested unevenly')
    return data


def _count(shape: list[int]) -> int:
    total = 1
    for size in shape:
        total *= size
    return total


def _rows_of(call: Call, inputs: list[dict]) -> list:
    """The request's rows: one input per column ([N] or [N, 1]), or one tensor of N rows ([N, columns] for a table)."""
    table = call.server.model.table
    if isinstance(table, TensorRows):
        return table.rows_from_v2(inputs, call.server.manifest["server"]["max_queue"])
    flats = {}
    for item in inputs:
        data = _flat(item["name"], item["data"])
        if len(data) != _count(item["shape"]):
            raise InputInvalid(f'input "{item["name"]}" has {len(data)} values but shape [{", ".join(map(str, item["shape"]))}]')
        if item["name"] in flats:
            raise InputInvalid(f'input "{item["name"]}" is given twice')
        flats[item["name"]] = data
    per_column = all(len(i["shape"]) in (1, 2) and (len(i["shape"]) == 1 or i["shape"][1] == 1) for i in inputs)
    if table.typed and not all(i["name"] in table.by_name for i in inputs):
        if len(inputs) == 1 and len(inputs[0]["shape"]) == 2 and inputs[0]["shape"][1] == len(table.columns):
            whole = inputs[0]
            width = len(table.columns)
            data = flats[whole["name"]]
            # A BYTES tensor holds text: its cells are read as a CSV's are.
            source = "csv" if whole["datatype"] == "BYTES" else "json"
            rows = []
            for row in range(whole["shape"][0]):
                try:
                    rows.append(table.row_from_values(data[row * width : (row + 1) * width], source))
                except InputInvalid as error:
                    raise InputInvalid(f"row {row}: {error.message}") from None
            return rows
        unknown = next(i["name"] for i in inputs if i["name"] not in table.by_name)
        names = ", ".join(json.dumps(n) for n in table.names[:20])
        raise InputInvalid(
            f'the model has no column "{unknown[:100]}"; its columns are {names}, or send one [N, {len(table.columns)}] tensor in that order'
        )
    if table.typed or per_column:
        counts = {i["shape"][0] for i in inputs}
        if len(counts) != 1:
            raise InputInvalid("the inputs disagree on the number of rows (their first dimension)")
        if table.typed:
            for item in inputs:
                column = table.by_name[item["name"]]
                accepted = column_datatypes(column["type"])
                if item["datatype"] not in accepted:
                    raise InputInvalid(f'column "{column["name"]}" ({column["type"]}) has datatype {item["datatype"]}; send {" or ".join(accepted)}')
        return table.rows_from_columns(flats, counts.pop())
    if len(inputs) != 1:
        raise InputInvalid("send one input per field, each [N] or [N, 1], or one tensor of N rows")
    item = inputs[0]
    return [nest(flats[item["name"]][r * _count(item["shape"][1:]) : (r + 1) * _count(item["shape"][1:])], item["shape"][1:]) for r in range(item["shape"][0])]


async def _read(call: Call) -> dict:
    request = call.request
    kind = media_type(request)
    header_length = request.headers.get("inference-header-content-length")
    json_type = kind in ("", "application/json") or kind.endswith("+json")
    if not json_type and not (header_length is not None and kind == "application/octet-stream"):
        raise HttpError(415, "UNSUPPORTED_MEDIA", f'Content-Type "{kind[:80]}" is not supported; send application/json')
    body = await read_body(request, call.server.manifest["server"]["max_body_bytes"], call.holding)
    head, binary = split_binary_body(body, header_length) if header_length is not None else (body, b"")
    parsed = parse_json(head)
    if header_length is not None:
        attach_binary_inputs(parsed, binary)
    call.server.contract.check("v2InferRequest", parsed)
    if not isinstance(parsed, dict) or not isinstance(parsed.get("inputs"), list) or not parsed["inputs"]:
        raise bad_request("inputs: must be a non-empty array")
    for item in parsed["inputs"]:
        if not (isinstance(item, dict) and isinstance(item.get("name"), str) and isinstance(item.get("shape"), list)
                and isinstance(item.get("data"), list) and isinstance(item.get("datatype"), str)):
            raise bad_request("inputs: each input needs name, shape, datatype and data")
    return parsed


async def v2_infer(call: Call) -> Response:
    check_model(call)
    server = call.server
    batcher = server.model.require()
    with batcher.reading():
        request = await _read(call)
        check_classification(request.get("outputs"))
        rows = _rows_of(call, request["inputs"])
    if not rows:
        raise InputInvalid("the batch is empty: send at least one row")
    max_rows = server.manifest["server"]["max_queue"]
    if len(rows) > max_rows:
        raise too_large(f"a batch of {len(rows)} rows; the limit is {max_rows}")
    call.samples = len(rows)
    predictions = await server.model.predict(batcher, rows, call.started, raw=True)
    outputs = output_tensors(server.manifest, predictions)
    wanted = request.get("outputs")
    if wanted:
        by_name = {o["name"]: o for o in outputs}
        missing = [w.get("name") for w in wanted if w.get("name") not in by_name]
        if missing:
            raise bad_request(f'the model has no output "{str(missing[0])[:100]}"; its outputs are {", ".join(by_name)}')
        outputs = classified([by_name[w["name"]] for w in wanted], wanted, labelled_output(server.manifest), server.manifest.get("labels"))
    head: dict = {"model_name": server.manifest["name"], "model_version": server.manifest["version"]}
    if request.get("id") is not None:
        head["id"] = request["id"]
    binaries = []
    tensors = []
    for output in outputs:
        if wants_binary(request, output["name"]):
            data = tensor_bytes(output["datatype"], output["data"])
            binaries.append(data)
            tensors.append({k: v for k, v in output.items() if k != "data"} | {"parameters": {"binary_data_size": len(data)}})
        else:
            tensors.append(output)
    text = dumps({**head, "outputs": tensors}).encode()
    if not binaries:
        return Response(text, media_type=JSON_TYPE)
    return Response(
        text + b"".join(binaries), media_type="application/octet-stream", headers={"Inference-Header-Content-Length": str(len(text))}
    )
