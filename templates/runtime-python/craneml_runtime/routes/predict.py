"""POST /predict: JSON instances (rows by column name, arrays in column order, tensors) or a CSV body, answered as JSON or, with Accept: text/csv, as CSV."""

from __future__ import annotations


from starlette.responses import Response

from ..jsontext import dumps

from ..app import Call
from ..body import media_type, parse_json, read_body
from ..csv_io import CSV_TYPE, csv_answer, echo_instances, prefers_csv, read_csv
from ..errors import JSON_TYPE, HttpError, InputInvalid, bad_request, too_large

SUPPORTED = "send application/json or text/csv (a table)"
FORM_TYPE = "application/x-www-form-urlencoded"


def _looks_like_json_object(body: bytes) -> bool:
    return body.lstrip()[:1] == b"{"


def _check_count(count: int, max_rows: int) -> None:
    if count == 0:
        raise InputInvalid("instances is empty: send at least one")
    if count > max_rows:
        raise too_large(f"{count} instances in one request; the limit is {max_rows}")


def _from_json(call: Call, body: bytes, csv: bool) -> tuple[list, tuple | None]:
    server = call.server
    parsed = parse_json(body)
    server.contract.check("predictJsonBody", parsed)
    if not isinstance(parsed, dict):
        raise bad_request("body: must be an object with \"instances\" (an array)")
    given = [key for key in ("instances", "image", "images") if parsed.get(key) is not None]
    if len(given) != 1:
        raise bad_request('body: give exactly one of "instances" (an array), "image" (base64) or "images" (an array of base64 strings)')
    if given[0] != "instances":
        raise HttpError(415, "UNSUPPORTED_MEDIA", f"this model takes no images: {SUPPORTED}")
    instances = parsed["instances"]
    if not isinstance(instances, list):
        raise bad_request("instances: must be an array")
    _check_count(len(instances), server.manifest["server"]["max_queue"])
    table = server.model.table
    rows = table.rows_from_instances(instances)
    return rows, echo_instances(table.names, instances) if csv else None


def _from_csv(call: Call, body: bytes) -> tuple[list, tuple]:
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise InputInvalid("the CSV is not UTF-8 text") from None
    header, records, lines = read_csv(text, call.server.manifest["server"]["max_queue"])
    return call.server.model.table.rows_from_csv(header, records, lines), (header, records)


async def _rows_of(call: Call, csv: bool) -> tuple[list, tuple | None]:
    request = call.request
    kind = media_type(request)
    limit = call.server.manifest["server"]["max_body_bytes"]
    if kind == CSV_TYPE:
        return _from_csv(call, await read_body(request, limit, call.holding))
    if kind in ("application/json", "") or kind.endswith("+json"):
        return _from_json(call, await read_body(request, limit, call.holding), csv)
    if kind == FORM_TYPE:
        # curl -d '{"instances": ...}' sends JSON with the form type.
        body = await read_body(request, limit, call.holding)
        if _looks_like_json_object(body):
            return _from_json(call, body, csv)
    hint = "this model takes no images" if kind.startswith("image/") or kind == "multipart/form-data" else SUPPORTED
    raise HttpError(415, "UNSUPPORTED_MEDIA", f'Content-Type "{kind[:80]}" is not supported: {hint}')


async def predict(call: Call) -> Response:
    server = call.server
    model = server.model
    batcher = model.require()
    table = model.table
    csv = prefers_csv(call.request.headers.get("accept"))
    with batcher.reading():
        rows, echo = await _rows_of(call, csv)
    call.samples = len(rows)
    predictions = await model.predict(batcher, rows, call.started)
    # The answer depends on Accept, which caches must know.
    vary = {"Vary": "Accept"}
    if csv and echo is not None:
        header, cells = echo
        if not table.typed and not header:
            raise InputInvalid("a CSV answer needs instances as objects by column name")
        return Response(csv_answer(server.manifest, header, cells, predictions), media_type=f"{CSV_TYPE}; charset=utf-8", headers=vary)
    model_json = server.cached("model_json", lambda: dumps({"name": server.manifest["name"], "version": server.manifest["version"]}))
    body = f'{{"predictions":{dumps(model.trimmed(predictions))},"model":{model_json}}}'
    return Response(body, media_type=JSON_TYPE, headers=vary)
