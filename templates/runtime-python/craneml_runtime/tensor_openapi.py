"""A tensor model's instances in JSON Schema, as the Node runtime's openapi-model.ts writes them: nested arrays of the sample's shape."""

from __future__ import annotations

import math

from .tensor_rows import sample_shape

ELEMENTS = {"string": {"type": "string"}, "bool": {"type": "boolean"}}
INTEGER_DTYPES = ("int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64")


def element_schema(dtype: str) -> dict:
    return ELEMENTS.get(dtype) or {"type": "integer" if dtype in INTEGER_DTYPES else "number"}


def nested_schema(spec: dict, shape: list[int]) -> dict:
    """A nested array of `shape` (fixed sizes as minItems/maxItems); with every size known and rank 2 or more, a flat array of as many values too."""
    schema = element_schema(spec["dtype"])
    for size in reversed(shape):
        schema = {"type": "array", "items": schema, **({"minItems": size, "maxItems": size} if size >= 0 else {})}
    description = f'input "{spec["name"]}": {spec["dtype"]} [{", ".join("?" if d < 0 else str(d) for d in shape)}]'
    if len(shape) < 2 or any(d < 0 for d in shape):
        return {**schema, "description": description}
    count = math.prod(shape)
    flat = {"type": "array", "items": element_schema(spec["dtype"]), "minItems": count, "maxItems": count}
    return {"oneOf": [schema, flat], "description": f"{description}, nested or flat ({count} values)"}


def instance_schema(manifest: dict) -> dict:
    """One instance: a nested array for a one-input model, else an object by input name."""
    inputs = manifest["signature"]["inputs"]
    if len(inputs) == 1:
        return nested_schema(inputs[0], sample_shape(inputs, inputs[0]))
    properties = {spec["name"]: nested_schema(spec, sample_shape(inputs, spec)) for spec in inputs}
    return {"type": "object", "properties": properties, "required": list(properties)}
