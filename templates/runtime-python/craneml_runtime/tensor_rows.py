"""
A tensor model's inputs checked against its declared signature before it runs, as the Node runtime's
tensor-from-json.ts and v2-infer.ts check them: JSON instances and V2 tensors become rows (one dict
by input name, each value a nested list of the sample's shape); a wrong shape or value is a 422
naming what the model expects and what came.
"""

from __future__ import annotations

import json
import math

from .cells import past_float_range
from .errors import HttpError, InputInvalid, each_instance, too_large

MAX_TENSOR_RANK = 16
MAX_ELEMENTS = 50_000_000
FLOAT16_MAX = 65504
SAFE_INTEGER = 2**53 - 1
INTEGER_RANGE = {
    "int8": (-128, 127), "uint8": (0, 255), "int16": (-32768, 32767), "uint16": (0, 65535),
    "int32": (-(2**31), 2**31 - 1), "uint32": (0, 2**32 - 1), "int64": (-SAFE_INTEGER, SAFE_INTEGER), "uint64": (0, SAFE_INTEGER),
}  # fmt: skip
V2_OF_DTYPE = {
    "float32": "FP32", "float64": "FP64", "float16": "FP16", "int8": "INT8", "int16": "INT16", "int32": "INT32",
    "int64": "INT64", "uint8": "UINT8", "uint16": "UINT16", "uint32": "UINT32", "uint64": "UINT64",
    "bool": "BOOL", "string": "BYTES",
}  # fmt: skip
DTYPE_OF_V2 = {datatype: dtype for dtype, datatype in V2_OF_DTYPE.items()}


def format_shape(shape: list[int]) -> str:
    """A shape as people read it, -1 for a dynamic dimension: "[-1, 28, 28]" (formatShape)."""
    return "[" + ", ".join(str(d) for d in shape) + "]"


def batch_axis(inputs: list[dict]) -> tuple[str, int]:
    """("dynamic", -1) when every input's first axis is open, ("fixed", B) for a traced batch of B > 1, else ("none", 0) (batchAxisOf)."""
    if inputs and all(spec["shape"][:1] == [-1] for spec in inputs):
        return "dynamic", -1
    first = inputs[0]["shape"][0] if inputs and inputs[0]["shape"] else None
    if first is not None and first > 1 and all(len(s["shape"]) >= 2 and s["shape"][0] == first for s in inputs):
        return "fixed", first
    return "none", 0


def sample_shape(inputs: list[dict], spec: dict) -> list[int]:
    """One instance's shape of an input: without the batch axis when the model has one."""
    return spec["shape"] if batch_axis(inputs)[0] == "none" else spec["shape"][1:]


def fixed_size(shape: list[int]) -> int | None:
    return math.prod(shape) if all(d >= 0 for d in shape) else None


def nested_shape(value: object, name: str) -> list[int]:
    shape: list[int] = []
    level = value
    while isinstance(level, list):
        if len(shape) >= MAX_TENSOR_RANK:
            raise InputInvalid(f'input "{name}" is nested deeper than {MAX_TENSOR_RANK} levels')
        shape.append(len(level))
        if not level:
            break
        level = level[0]
    return shape


def flatten(value: object, shape: list[int], name: str) -> list:
    items = [value]
    for depth, size in enumerate(shape):
        level = []
        for item in items:
            if not isinstance(item, list) or len(item) != size:
                raise InputInvalid(f'input "{name}" is not rectangular: expected {len(shape)} levels of arrays with shape {format_shape(shape)}')
            level.extend(item)
        items = level
    return items


def nest(flat: list, shape: list[int]) -> object:
    """Row-major values as nested lists of `shape`."""
    if not shape:
        return flat[0]
    if len(shape) == 1:
        return flat
    step = len(flat) // shape[0] if shape[0] else 0
    return [nest(flat[i * step : (i + 1) * step], shape[1:]) for i in range(shape[0])]


def _shown(value: object) -> str:
    return json.dumps(value)[:40] if not isinstance(value, float) or math.isfinite(value) else str(value)


def check_values(dtype: str, values: list, name: str) -> None:
    """Every value fits the input's dtype: finite numbers, integers in range, booleans, strings (typedData)."""
    if len(values) > MAX_ELEMENTS:
        raise HttpError(413, "INPUT_TOO_LARGE", f'input "{name}" has more than {MAX_ELEMENTS} elements')
    if dtype == "string":
        for v in values:
            if not isinstance(v, str):
                raise InputInvalid(f'input "{name}" expects strings, got {type(v).__name__}')
        return
    if dtype == "bool":
        for v in values:
            if not (isinstance(v, bool) or (type(v) is int and v in (0, 1))):
                raise InputInvalid(f'input "{name}" expects booleans, got {_shown(v)}')
        return
    bounds = INTEGER_RANGE.get(dtype)
    for v in values:
        if isinstance(v, bool) or not isinstance(v, (int, float)) or (isinstance(v, float) and not math.isfinite(v)) or past_float_range(v):
            raise InputInvalid(f'input "{name}" expects finite numbers ({dtype}), got {_shown(v)}')
        if bounds and (v != int(v) or not bounds[0] <= v <= bounds[1]):
            raise InputInvalid(f'input "{name}" expects {dtype} integers, got {_shown(v)}')
        if dtype == "float16" and abs(v) > FLOAT16_MAX:
            raise InputInvalid(f'input "{name}" expects float16 numbers (at most {FLOAT16_MAX} in size), got {_shown(v)}')


def check_shape(name: str, expected: list[int], shape: list[int], what: str = "shape") -> None:
    fits = not expected or (len(shape) == len(expected) and all(d < 0 or d == s for d, s in zip(expected, shape)))
    if not fits:
        raise InputInvalid(f'input "{name}" has {what} {format_shape(shape)} but the model expects {format_shape(expected)}')


def sample_from_value(spec: dict, expected: list[int], value: object) -> object:
    """One input of one instance as nested lists of the sample's shape: nested as sent, or a flat list of exactly as many values (tensorFromNested)."""
    name, dtype = spec["name"], spec["dtype"]
    shape = nested_shape(value, name)
    size = fixed_size(expected)
    if len(shape) == 1 and len(expected) > 1 and size == shape[0]:
        check_values(dtype, value, name)  # type: ignore[arg-type]
        return nest(value, expected)  # type: ignore[arg-type]
    try:
        check_shape(name, expected, shape)
    except InputInvalid as error:
        if len(shape) != 1 or len(expected) < 2 or size is None:
            raise
        raise InputInvalid(f"{error.message}, or {size} values in one flat list") from None
    check_values(dtype, [value] if not shape else flatten(value, shape, name), name)
    return value


class TensorRows:
    """The rows of a model that takes tensors; the routes read it as they read a Table (it has no columns)."""

    typed = False
    columns: list[dict] = []
    names: list[str] = []
    by_name: dict[str, dict] = {}

    def __init__(self, manifest: dict):
        self.model = manifest["name"]
        self.kind = (manifest.get("input") or {}).get("kind", "tensor")
        self.inputs: list[dict] = manifest["signature"]["inputs"]
        self.axis, self.batch = batch_axis(self.inputs)
        self.shapes = {spec["name"]: sample_shape(self.inputs, spec) for spec in self.inputs}

    def check_count(self, count: int) -> None:
        """A model with a fixed batch of B takes exactly B instances, one a row (anything else would be padded or cut silently)."""
        if self.axis == "fixed" and count != self.batch:
            raise InputInvalid(f'model "{self.model}" has a fixed batch of {self.batch}: send exactly {self.batch} instances, one a row (got {count})')

    def row_from_instance(self, instance: object) -> dict:
        """A nested array for a one-input model, else an object by input name."""
        if len(self.inputs) == 1 and not isinstance(instance, dict):
            spec = self.inputs[0]
            return {spec["name"]: sample_from_value(spec, self.shapes[spec["name"]], instance)}
        if not isinstance(instance, dict):
            raise InputInvalid("each instance must be an object with the inputs " + ", ".join(f'"{s["name"]}"' for s in self.inputs))
        row = {}
        for spec in self.inputs:
            if spec["name"] not in instance:
                raise InputInvalid(f'instance is missing input "{spec["name"]}"')
            row[spec["name"]] = sample_from_value(spec, self.shapes[spec["name"]], instance[spec["name"]])
        return row

    def rows_from_instances(self, instances: list) -> list:
        rows = each_instance(instances, self.row_from_instance)
        self.check_count(len(rows))
        return rows

    def rows_from_csv(self, header: list[str], records: list[list[str]], lines: list[int]) -> list:
        raise HttpError(415, "UNSUPPORTED_MEDIA", f'model "{self.model}" takes {"images" if self.kind == "image" else "tensors"}, not CSV rows')

    def rows_from_v2(self, inputs: list[dict], max_rows: int) -> list:
        """V2 tensors (flat data and a shape, one per declared input) as rows: split on the batch axis, or one row holding them whole."""
        specs = {spec["name"]: spec for spec in self.inputs}
        flats: dict[str, tuple[list, list[int]]] = {}
        for item in inputs:
            spec = specs.get(item["name"])
            if spec is None:
                names = ", ".join(f'"{s["name"]}"' for s in self.inputs)
                raise InputInvalid(f'the model has no input "{item["name"][:100]}"; its inputs are {names}')
            name, shape, data = spec["name"], item["shape"], _flat(spec["name"], item["data"])
            if name in flats:
                raise InputInvalid(f'input "{name}" is given twice')
            own = V2_OF_DTYPE[spec["dtype"]]
            numeric = own not in ("BOOL", "BYTES") and item["datatype"] not in ("BOOL", "BYTES")
            if item["datatype"] != own and not numeric:
                raise InputInvalid(f'input "{name}" has datatype {item["datatype"]} but the model expects {own}')
            if self.axis == "fixed" and len(shape) == len(spec["shape"]) and shape[0] != self.batch:
                raise InputInvalid(
                    f'model "{self.model}" has a fixed batch of {self.batch}: send input "{name}" with exactly {self.batch} rows, '
                    f"shape [{self.batch}, ...] (got {shape[0]})"
                )
            check_shape(name, spec["shape"], shape)
            if len(data) != math.prod(shape):
                raise InputInvalid(f'input "{name}" has {len(data)} values but shape {format_shape(shape)} needs {math.prod(shape)}')
            if item["datatype"] != own:
                # Data sent as another numeric type must also fit the type it claims (e.g. INT8 values in -128..127).
                check_values(DTYPE_OF_V2.get(item["datatype"], spec["dtype"]), data, name)
            check_values(spec["dtype"], data, name)
            flats[name] = (data, shape)
        for spec in self.inputs:
            if spec["name"] not in flats:
                raise InputInvalid(f'input "{spec["name"]}" is missing')
        if self.axis == "none":
            return [{name: nest(data, shape) for name, (data, shape) in flats.items()}]
        counts = {shape[0] for _, shape in flats.values()}
        if len(counts) != 1:
            raise InputInvalid("the inputs disagree on the batch size (their first dimension)")
        count = counts.pop()
        if not count:
            raise InputInvalid("the batch is empty: the first dimension must be at least 1")
        if count > max_rows:
            raise too_large(f"a batch of {count} rows; the limit is {max_rows}")
        rows: list[dict] = [{} for _ in range(count)]
        for name, (data, shape) in flats.items():
            step = math.prod(shape[1:])
            for r in range(count):
                rows[r][name] = nest(data[r * step : (r + 1) * step], shape[1:])
        return rows


def _flat(name: str, data: list) -> list:
    """Row-major data; nested arrays (sent by some clients) flattened, to a bounded depth."""
    depth = 0
    while data and isinstance(data[0], list):
        depth += 1
        if depth > MAX_TENSOR_RANK:
            raise InputInvalid(f'input "{name}": data is nested deeper than {MAX_TENSOR_RANK} levels')
        data = [cell for part in data for cell in (part if isinstance(part, list) else [part])]
    if any(isinstance(cell, list) for cell in data):
        raise InputInvalid(f'input "{name}": data is nested unevenly')
    return data
