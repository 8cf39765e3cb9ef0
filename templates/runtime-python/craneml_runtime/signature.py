"""What the model declares, as /metadata and V2 model metadata describe it: inputs (one per column, or rows), outputs, datatypes."""

from __future__ import annotations

from . import RUNTIME_NAME, RUNTIME_VERSION
from .v2_outputs import declared_outputs

NUMERIC = ["FP16", "FP32", "FP64", "INT8", "INT16", "INT32", "INT64", "UINT8", "UINT16", "UINT32", "UINT64"]
DTYPE_OF_COLUMN = {"number": "float64", "integer": "int64", "string": "string", "boolean": "bool"}
V2_OF_DTYPE = {
    "float32": "FP32", "float64": "FP64", "float16": "FP16", "int8": "INT8", "int16": "INT16", "int32": "INT32",
    "int64": "INT64", "uint8": "UINT8", "uint16": "UINT16", "uint32": "UINT32", "uint64": "UINT64",
    "bool": "BOOL", "string": "BYTES",
}  # fmt: skip
DEFAULT_MAX_IMAGE_PIXELS = 40_000_000


def column_datatypes(kind: str) -> list[str]:
    """The V2 datatypes a column of each type accepts (as table-v2.ts)."""
    if kind == "string":
        return ["BYTES"]
    if kind == "boolean":
        return ["BOOL"]
    return NUMERIC


def columns_of(manifest: dict) -> list[dict]:
    codec = manifest.get("input") or {}
    return list(codec.get("columns") or []) if codec.get("kind") == "table" else []


def inputs_of(manifest: dict) -> list[dict]:
    """The signature's inputs, else one per column (number → float64, ...), else one "rows" input."""
    signature = manifest.get("signature") or {}
    if signature.get("inputs"):
        return signature["inputs"]
    columns = columns_of(manifest)
    if columns:
        return [{"name": c["name"], "dtype": DTYPE_OF_COLUMN[c["type"]], "shape": [-1]} for c in columns]
    return [{"name": "rows", "dtype": "string", "shape": [-1]}]


def outputs_of(manifest: dict) -> list[dict]:
    signature = manifest.get("signature") or {}
    return signature.get("outputs") or [{"name": "predictions", "dtype": "string", "shape": [-1]}]


def platform_of(manifest: dict) -> str:
    kind = ((manifest.get("python") or {}).get("source") or {}).get("kind", "predictor")
    return f"python_{kind}"


def metadata_of(manifest: dict, batchable: bool) -> dict:
    """The /metadata document (metadataSchema of main/shared/http-contract.ts)."""
    server = manifest["server"]
    python = manifest.get("python") or {}
    doc: dict = {"name": manifest["name"], "version": manifest["version"]}
    if manifest.get("description"):
        doc["description"] = manifest["description"]
    doc |= {
        "format": manifest.get("format", "python"),
        "platform": platform_of(manifest),
        "inputs": inputs_of(manifest),
        "outputs": outputs_of(manifest),
    }
    if manifest.get("labels"):
        doc["labels"] = manifest["labels"]
    doc["input"] = manifest["input"]
    if manifest.get("task"):
        doc["task"] = manifest["task"]
    doc |= {
        "postprocess": manifest["postprocess"],
        "batching": {"batchable": batchable, "max_batch_size": server["max_batch_size"], "max_wait_ms": server["max_wait_ms"]},
        "limits": {
            "max_body_bytes": server["max_body_bytes"],
            "max_image_pixels": server.get("max_image_pixels", DEFAULT_MAX_IMAGE_PIXELS),
            "max_queue": server["max_queue"],
        },
        "runtime": {"name": RUNTIME_NAME, "version": RUNTIME_VERSION},
    }
    if python:
        source = python.get("source") or {}
        doc["python"] = {
            "version": python.get("version"),
            "source": {k: v for k, v in source.items() if k != "allowed_globals"},
            **({"reason": python["reason"]} if python.get("reason") else {}),
        }
    return doc


def v2_metadata(manifest: dict) -> dict:
    """The V2 model metadata: a table by its columns (one input each, [-1, 1]), else the signature's inputs."""
    columns = columns_of(manifest)
    if columns:
        inputs = [
            {"name": c["name"], "datatype": "BYTES" if c["type"] == "string" else "BOOL" if c["type"] == "boolean" else "INT64" if c["type"] == "integer" else "FP64", "shape": [-1, 1]}
            for c in columns
        ]
    else:
        inputs = [{"name": s["name"], "datatype": V2_OF_DTYPE.get(s["dtype"], "BYTES"), "shape": s["shape"]} for s in inputs_of(manifest)]
    default = [{"name": s["name"], "datatype": V2_OF_DTYPE.get(s["dtype"], "BYTES"), "shape": s["shape"]} for s in outputs_of(manifest)]
    outputs = declared_outputs(manifest, default)
    return {"name": manifest["name"], "versions": [manifest["version"]], "platform": platform_of(manifest), "inputs": inputs, "outputs": outputs}
