"""GET /openapi.json: an OpenAPI 3.1 document from the declared columns (name, type, description, bounds, default, example row) and the contract's schemas."""

from __future__ import annotations

import csv
import io
import json

from . import RUNTIME_VERSION
from .cells import may_be_left_out
from .signature import columns_of, v2_metadata
from .tensor_answers import is_tensor_model
from .tensor_openapi import instance_schema

OPEN_PATHS = ["/healthz", "/readyz", "/v2/health/live", "/v2/health/ready"]
ERROR_TEXT = {
    400: "Malformed JSON or a body that does not have the expected form",
    401: "Missing or wrong API key",
    404: "Unknown model or version",
    413: "Body over the size limit, or too many rows",
    415: "Unsupported Content-Type",
    422: "A row the model cannot take: a missing or unknown column, a value of the wrong type or out of bounds",
    500: "The model's predict raised: the message names the exception",
    503: "Model not ready yet, or the queue is full (see Retry-After)",
    504: "The model did not answer within the deadline; its worker is replaced",
}
CONTRACT_NAMES = {
    "PredictResponse": "predictResponse",
    "Error": "errorBody",
    "V2Error": "v2Error",
    "V2InferRequest": "v2InferRequest",
    "V2InferResponse": "v2InferResponse",
    "V2ServerMetadata": "v2ServerMetadata",
    "V2ModelMetadata": "v2ModelMetadata",
    "Metadata": "metadata",
}


def cell_schema(column: dict) -> dict:
    """One column's cell: its type, description, bounds, default, categories and example."""
    kind = column["type"]
    described = column.get("description") or column["name"]
    if kind == "number":
        schema: dict = {"type": ["number", "null"], "description": f"{described}: a number; null for a gap"}
    elif kind == "integer":
        schema = {"type": "integer", "description": f"{described}: an integer"}
    elif kind == "boolean":
        schema = {"type": "boolean", "description": f"{described}: true or false"}
    else:
        schema = {"type": "string", "description": f"{described}: {'a file as a data URL (data:<type>;base64,...)' if column.get('file') else 'text'}"}
        if column.get("values"):
            schema["enum"] = column["values"]
    if column.get("optional") and "null" not in schema["type"]:
        schema["type"] = [schema["type"], "null"]
        schema["description"] += "; may be left out or null"
    for key in ("minimum", "maximum", "default"):
        if key in column:
            schema[key] = column[key]
    if "example" in column:
        schema["examples"] = [column["example"]]
    return schema


def example_cell(column: dict) -> object:
    for key in ("example", "default"):
        if key in column:
            return column[key]
    if column["type"] == "string":
        return (column.get("values") or [""])[0]
    if column["type"] == "boolean":
        return False
    return column.get("minimum", 0)


def row_schema(columns: list[dict]) -> dict:
    properties = {c["name"]: cell_schema(c) for c in columns}
    required = [c["name"] for c in columns if not may_be_left_out(c)]
    return {
        "oneOf": [
            {"type": "object", "title": "Row by column name", "properties": properties, "required": required, "additionalProperties": False},
            {
                "type": "array",
                "title": "Row in column order",
                "prefixItems": [cell_schema(c) for c in columns],
                "items": False,
                "minItems": len(columns),
                "maxItems": len(columns),
            },
        ],
        "description": f"One row of the table: {len(columns)} column(s)",
    }


def _csv_example(columns: list[dict]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([c["name"] for c in columns])
    writer.writerow([str(example_cell(c)) for c in columns])
    return out.getvalue()


def _content(schema: dict, example: object = None) -> dict:
    return {"application/json": {"schema": schema, **({"example": example} if example is not None else {})}}


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _errors(statuses: list[int], v2: bool = False) -> dict:
    return {str(s): {"description": ERROR_TEXT[s], "content": _content(_ref("V2Error" if v2 else "Error"))} for s in statuses}


def _get(summary: str, schema: dict, extra: dict | None = None) -> dict:
    return {"get": {"summary": summary, "responses": {"200": {"description": "OK", "content": _content(schema)}, **(extra or {})}}}


# A white 28x28 PNG, so the image example decodes (as the Node runtime's openapi-model.ts gives it).
BLANK_PNG_BASE64 = (
    "iVBORw0KGgoAAAANSUhEUgAAABwAAAAcCAIAAAD9b0jDAAAACXBIWXMAAAPoAAAD6AG1e1JrAAAAIklEQVRIx2P4TwPAMGroqKGjho4aOmroqKGjho4aOjIMBQDyYCdYMVRLWwAAAABJRU5ErkJggg=="
)


def _with_images(manifest: dict, body: dict) -> None:
    """A model that takes pictures also takes base64 images in JSON, multipart files and a raw PNG/JPEG body (the Node runtime's openapi.ts)."""
    codec = manifest.get("input") or {}
    if codec.get("kind") != "image":
        return
    described = f"PNG or JPEG; encoded to {codec.get('width')}x{codec.get('height')}, {codec.get('channels')} channel(s), {codec.get('layout')}"
    json_body = body["application/json"]
    json_body["schema"] = {
        "oneOf": [
            json_body["schema"],
            {
                "type": "object",
                "title": "One base64 image",
                "properties": {"image": {"type": "string", "contentEncoding": "base64", "description": "PNG or JPEG, optionally as a data: URL"}},
                "required": ["image"],
            },
            {
                "type": "object",
                "title": "Several base64 images",
                "properties": {"images": {"type": "array", "items": {"type": "string", "contentEncoding": "base64"}}},
                "required": ["images"],
            },
        ]
    }
    json_body["examples"] = {**json_body.get("examples", {}), "image": {"summary": "A blank base64 PNG", "value": {"image": BLANK_PNG_BASE64}}}
    body["multipart/form-data"] = {
        "schema": {
            "type": "object",
            "properties": {
                "image": {
                    "type": "array",
                    "items": {"type": "string", "contentMediaType": "image/png"},
                    "description": f'One or more files in the field "image". {described}',
                }
            },
            "required": ["image"],
        }
    }
    body["image/png"] = {"schema": {"type": "string", "contentMediaType": "image/png", "description": described}}
    body["image/jpeg"] = {"schema": {"type": "string", "contentMediaType": "image/jpeg", "description": described}}
    body.pop("text/csv", None)  # CSV is for rows of a table


def _predict_summary(manifest: dict) -> str:
    if (manifest.get("input") or {}).get("kind") == "image":
        return "Classify tensors or images" if manifest.get("labels") else "Run the model on tensors or images"
    if is_tensor_model(manifest):
        return "Classify tensors" if manifest.get("labels") else "Run the model on tensors"
    return "Classify rows of a table" if manifest.get("labels") else "Predict from rows"


def _predict(manifest: dict) -> dict:
    columns = columns_of(manifest)
    tensors = not columns and is_tensor_model(manifest)
    item = row_schema(columns) if columns else instance_schema(manifest) if tensors else {"description": "One row: any JSON value, handed to predict as sent"}
    example = {c["name"]: example_cell(c) for c in columns} if columns else None
    body: dict = {
        "application/json": {
            "schema": {"type": "object", "title": "Rows", "properties": {"instances": {"type": "array", "items": item, "minItems": 1}}, "required": ["instances"]},
            **({"examples": {"instances": {"summary": "One row by column name", "value": {"instances": [example]}}}} if example else {}),
        },
        "text/csv": {
            "schema": {
                "type": "string",
                "contentMediaType": "text/csv",
                "description": "A header row naming the columns (in any order; other columns are allowed, ignored and sent back in a CSV answer), then one row per prediction.",
            },
            **({"example": _csv_example(columns)} if columns else {}),
        },
    }
    if tensors:
        body.pop("text/csv")  # CSV is for rows of a table
    _with_images(manifest, body)
    answer = {
        "schema": {"type": "string", "contentMediaType": "text/csv", "description": "With Accept: text/csv: the request's columns as sent, then the prediction's."}
    }
    return {
        "post": {
            "summary": _predict_summary(manifest),
            "requestBody": {"required": True, "content": body},
            "responses": {
                "200": {"description": "One prediction per row, in order", "content": {**_content(_ref("PredictResponse")), "text/csv": answer}},
                **_errors([400, 401, 413, 415, 422, 500, 503, 504]),
            },
        }
    }


def _v2_paths(manifest: dict) -> dict:
    name_param = {"name": "name", "in": "path", "required": True, "schema": {"type": "string", "enum": [manifest["name"]]}}
    version_param = {"name": "version", "in": "path", "required": True, "schema": {"type": "string", "enum": [manifest["version"]]}}
    columns = columns_of(manifest)
    example = (
        {"id": "example-1", "inputs": [{"name": m["name"], "shape": [1, 1], "datatype": m["datatype"], "data": [example_cell(c)]} for m, c in zip(v2_metadata(manifest)["inputs"], columns)]}
        if columns
        else None
    )

    def infer(params: list) -> dict:
        return {
            "post": {
                "summary": "Open Inference Protocol (KServe V2) inference: one input per column, or one [N, columns] tensor",
                "parameters": params,
                "requestBody": {"required": True, "content": _content(_ref("V2InferRequest"), example)},
                "responses": {"200": {"description": "Output tensors", "content": _content(_ref("V2InferResponse"))}, **_errors([400, 404, 413, 415, 422, 500, 503, 504], True)},
            }
        }

    def model(params: list) -> dict:
        return {"get": {"summary": "Model metadata", "parameters": params, "responses": {"200": {"description": "OK", "content": _content(_ref("V2ModelMetadata"))}, **_errors([404], True)}}}

    def ready(params: list) -> dict:
        return {"get": {"summary": "Model readiness", "parameters": params, "responses": {"200": {"description": "Ready"}, "503": {"description": "Not ready"}, **_errors([404], True)}}}

    both = [name_param, version_param]
    return {
        "/v2": _get("Server metadata", _ref("V2ServerMetadata")),
        "/v2/health/live": _get("Liveness", {"type": "object", "properties": {"live": {"type": "boolean"}}}),
        "/v2/health/ready": _get("Readiness", {"type": "object", "properties": {"ready": {"type": "boolean"}}}),
        "/v2/models/{name}": model([name_param]),
        "/v2/models/{name}/ready": ready([name_param]),
        "/v2/models/{name}/infer": infer([name_param]),
        "/v2/models/{name}/versions/{version}": model(both),
        "/v2/models/{name}/versions/{version}/ready": ready(both),
        "/v2/models/{name}/versions/{version}/infer": infer(both),
    }


def openapi_document(manifest: dict, contract_defs: dict, api_key: bool) -> dict:
    """The whole document; the component schemas come from contract.schema.json (any schema where it lacks one)."""
    health = {"type": "object", "properties": {"status": {"type": "string"}}}
    paths = {
        "/predict": _predict(manifest),
        "/metadata": _get("Model signature, columns and runtime", _ref("Metadata")),
        "/healthz": _get("Liveness", health),
        "/readyz": _get("Readiness: 200 once set-up and a warm-up prediction are done", health, {"503": {"description": "Loading, replacing a stuck worker, or shutting down"}}),
        "/metrics": {"get": {"summary": "Prometheus metrics", "responses": {"200": {"description": "Prometheus text format", "content": {"text/plain": {"schema": {"type": "string"}}}}}}},
        "/openapi.json": {"get": {"summary": "This document", "responses": {"200": {"description": "OpenAPI 3.1"}}}},
        **_v2_paths(manifest),
    }
    if api_key:
        for path in OPEN_PATHS:
            paths[path]["get"]["security"] = []
    # The contract's own references (#/$defs/x) point into components here.
    defs = json.loads(json.dumps(contract_defs).replace('"#/$defs/', '"#/components/schemas/'))
    schemas = {**defs, **{name: defs.get(key, {}) for name, key in CONTRACT_NAMES.items()}}
    description = manifest.get("description") or f"The {manifest['name']} model"
    reason = (manifest.get("python") or {}).get("reason")
    return {
        "openapi": "3.1.0",
        "jsonSchemaDialect": "https://json-schema.org/draft/2020-12/schema",
        "info": {
            "title": f"{manifest['name']} {manifest['version']}",
            "version": manifest["version"],
            "description": f"{description}\n\nServed by CraneML's Python runtime {RUNTIME_VERSION}."
            + (f" Served by the Python runtime because: {reason}" if reason else ""),
        },
        "servers": [{"url": "/"}],
        **({"security": [{"bearer": []}, {"apiKey": []}]} if api_key else {}),
        "paths": paths,
        "components": {
            "schemas": schemas,
            **(
                {"securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}, "apiKey": {"type": "apiKey", "in": "header", "name": "X-API-Key"}}}
                if api_key
                else {}
            ),
        },
    }
