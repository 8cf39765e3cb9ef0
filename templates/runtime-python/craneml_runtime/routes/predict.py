"""
POST /predict: JSON instances (rows by column name, arrays in column order, tensors) or a CSV body,
answered as JSON or, with Accept: text/csv, as CSV; for a model that takes pictures also a raw PNG/JPEG
body, multipart/form-data pictures and base64 pictures in JSON, as the Node runtime takes them.
"""

from __future__ import annotations


import asyncio
import base64
import binascii

from starlette.responses import Response

from ..jsontext import dumps

from ..app import Call
from ..body import image_parts, media_type, parse_json, read_body
from ..csv_io import CSV_TYPE, csv_answer, echo_instances, prefers_csv, read_csv
from ..errors import JSON_TYPE, HttpError, InputInvalid, bad_request, too_large
from ..images import CODEC_KEY, Codec
from ..row_refusals import instance_name

SUPPORTED = "send application/json or text/csv (a table)"
SUPPORTED_IMAGES = "send application/json, text/csv (a table), multipart/form-data, image/png or image/jpeg"
FORM_TYPE = "application/x-www-form-urlencoded"
IMAGE_TYPES = ("image/png", "image/jpeg", "image/jpg", "image/pjpeg")
# Generic types a PNG or JPEG often arrives with (curl --data-binary sends form-urlencoded); read by content.
SNIFFED_TYPES = ("application/octet-stream", FORM_TYPE)
MAX_IMAGES = 256
# Pictures of one request decoded at the same time (a request with 200 pictures does not take every codec child).
PICTURES_AT_ONCE = 2


def _looks_like_json_object(body: bytes) -> bool:
    return body.lstrip()[:1] == b"{"


def _check_count(count: int, max_rows: int, what: str = "instances") -> None:
    if count == 0:
        raise InputInvalid(f"{what} is empty: send at least one")
    if count > max_rows:
        raise too_large(f"{count} {what} in one request; the limit is {max_rows}")


def _looks_like_image(body: bytes) -> bool:
    return body[:2] in (b"\x89P", b"\xff\xd8")


def _base64_image(text: str) -> bytes:
    payload = text[text.find(",") + 1 :] if text.startswith("data:") else text
    try:
        return base64.b64decode(payload)
    except (binascii.Error, ValueError):
        # Node's Buffer.from(text, 'base64') skips what is not base64; the codec then refuses the bytes.
        return base64.b64decode("".join(c for c in payload if c.isalnum() or c in "+/") + "==", validate=False)


def _codec(call: Call) -> Codec | None:
    codec = call.server.cache.get(CODEC_KEY)
    return codec if isinstance(codec, Codec) else None


async def _from_pictures(call: Call, pictures: list[bytes], previews: list | None) -> tuple[list, None]:
    """One row per picture through the image codec: the input's array (nested as the codec's layout), in order."""
    codec = _codec(call)
    if codec is None:
        raise HttpError(415, "UNSUPPORTED_MEDIA", f'model "{call.server.manifest["name"]}" takes no images: {SUPPORTED}')
    server = call.server
    _check_count(len(pictures), min(server.manifest["server"]["max_queue"], MAX_IMAGES), "images")
    arrays: list = [None] * len(pictures)
    shown: list = [None] * len(pictures)
    gate = asyncio.Semaphore(PICTURES_AT_ONCE)
    failed = False

    async def one(i: int) -> None:
        nonlocal failed
        async with gate:
            if failed:
                return  # a picture before it was refused: the request is answered with that
            try:
                arrays[i], shown[i] = await codec.encode(pictures[i], previews is not None, call.started)
            except HttpError as error:
                failed = True
                if len(pictures) > 1 and error.status in (413, 415, 422):
                    raise HttpError(error.status, error.code, f"image {i}: {error.message}") from None
                raise

    # Pictures in flight finish (a codec child interrupted mid-picture would have to be replaced).
    outcomes = await asyncio.gather(*(one(i) for i in range(len(pictures))), return_exceptions=True)
    refused = next((o for o in outcomes if isinstance(o, BaseException)), None)
    if refused is not None:
        raise refused
    if previews is not None:
        previews.extend(p for p in shown if p)
    model = server.model
    if getattr(model, "tensors", False):
        # A tensor model's row is a dict by input name: the codec's input, else the first.
        name = server.manifest["input"].get("tensor") or server.manifest["signature"]["inputs"][0]["name"]
        rows = [{name: array} for array in arrays]
        model.table.check_count(len(rows))  # a fixed batch of B takes exactly B pictures
        return rows, None
    return arrays, None


async def _from_json(call: Call, body: bytes, csv: bool, previews: list | None) -> tuple[list, tuple | None]:
    server = call.server
    parsed = parse_json(body)
    server.contract.check("predictJsonBody", parsed)
    if not isinstance(parsed, dict):
        raise bad_request("body: must be an object with \"instances\" (an array)")
    given = [key for key in ("instances", "image", "images") if parsed.get(key) is not None]
    if len(given) != 1:
        raise bad_request('body: give exactly one of "instances" (an array), "image" (base64) or "images" (an array of base64 strings)')
    if given[0] != "instances":
        encoded = parsed["images"] if given[0] == "images" else [parsed["image"]]
        if not isinstance(encoded, list) or not all(isinstance(e, str) for e in encoded):
            raise bad_request('body: "image" is a base64 string and "images" an array of them')
        return await _from_pictures(call, [_base64_image(e) for e in encoded], previews)
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


async def _rows_of(call: Call, csv: bool, previews: list | None) -> tuple[list, tuple | None]:
    request = call.request
    kind = media_type(request)
    server = call.server
    limit = server.manifest["server"]["max_body_bytes"]
    images = _codec(call) is not None
    if kind == CSV_TYPE:
        return _from_csv(call, await read_body(request, limit, call.holding))
    if kind in ("application/json", "") or kind.endswith("+json"):
        body = await read_body(request, limit, call.holding)
        if kind == "" and images and _looks_like_image(body):
            return await _from_pictures(call, [body], previews)
        return await _from_json(call, body, csv, previews)
    if images and kind in IMAGE_TYPES:
        return await _from_pictures(call, [await read_body(request, limit, call.holding)], previews)
    if images and kind == "multipart/form-data":
        body = await read_body(request, limit, call.holding)
        max_files = min(server.manifest["server"]["max_queue"], MAX_IMAGES)
        return await _from_pictures(call, image_parts(body, request.headers.get("content-type", ""), max_files), previews)
    if kind in SNIFFED_TYPES and (images or kind == FORM_TYPE):
        body = await read_body(request, limit, call.holding)
        if images and _looks_like_image(body):
            return await _from_pictures(call, [body], previews)
        # curl -d '{"instances": ...}' sends JSON with the form type.
        if kind == FORM_TYPE and _looks_like_json_object(body):
            return await _from_json(call, body, csv, previews)
        if images:
            raise HttpError(415, "UNSUPPORTED_MEDIA", f"the {kind} body is neither a PNG or JPEG picture nor JSON: {SUPPORTED_IMAGES}")
    if images:
        hint = "images must be PNG or JPEG" if kind.startswith("image/") else SUPPORTED_IMAGES
    else:
        hint = "this model takes no images" if kind.startswith("image/") or kind == "multipart/form-data" else SUPPORTED
    raise HttpError(415, "UNSUPPORTED_MEDIA", f'Content-Type "{kind[:80]}" is not supported: {hint}')


def _wants_preview(call: Call) -> bool:
    return call.request.query_params.get("preview") == "true"


async def predict(call: Call) -> Response:
    server = call.server
    model = server.model
    batcher = model.require()
    table = model.table
    csv = prefers_csv(call.request.headers.get("accept"))
    previews: list | None = [] if _wants_preview(call) else None
    with batcher.reading():
        rows, echo = await _rows_of(call, csv, previews)
    call.samples = len(rows)
    from_csv = media_type(call.request) == CSV_TYPE
    where = (lambda row: f"CSV row {row + 1}") if from_csv else instance_name
    predictions = await model.predict(batcher, rows, call.started, where=where if table.typed else None)
    # The answer depends on Accept, which caches must know.
    vary = {"Vary": "Accept"}
    if csv and echo is not None:
        header, cells = echo
        if not table.typed and not header:
            raise InputInvalid("a CSV answer needs instances as objects by column name")
        return Response(csv_answer(server.manifest, header, cells, predictions), media_type=f"{CSV_TYPE}; charset=utf-8", headers=vary)
    model_json = server.cached("model_json", lambda: dumps({"name": server.manifest["name"], "version": server.manifest["version"]}))
    extra = f',"previews":{dumps(previews)}' if previews else ""
    body = f'{{"predictions":{dumps(model.trimmed(predictions))},"model":{model_json}{extra}}}'
    return Response(body, media_type=JSON_TYPE, headers=vary)
