"""
Request shapes checked against the definitions of main/shared/http-contract.ts, exported as JSON
Schema to contract.schema.json beside this file (scripts/export-contract-schema.ts): a small
validator of the keywords those definitions use, so no jsonschema package is needed.
"""

from __future__ import annotations

import json
from pathlib import Path

from .errors import bad_request

SCHEMA_FILE = Path(__file__).with_name("contract.schema.json")
_TYPES = {
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "string": lambda v: isinstance(v, str),
    "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
    "integer": lambda v: (isinstance(v, int) and not isinstance(v, bool)) or (isinstance(v, float) and v.is_integer()),
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
}


class Contract:
    def __init__(self, document: dict | None):
        self.defs: dict = (document or {}).get("$defs", {})

    @classmethod
    def load(cls) -> "Contract":
        try:
            return cls(json.loads(SCHEMA_FILE.read_text()))
        except OSError:
            return cls(None)

    def check(self, name: str, value: object) -> None:
        """400 with "path: message" for the first mismatch; a definition the file lacks checks nothing."""
        schema = self.defs.get(name)
        if schema is None:
            return
        problem = self._problem(schema, value, [])
        if problem:
            where, message = problem
            raise bad_request(f"{'.'.join(where) or 'body'}: {message}"[:300])

    def _resolve(self, schema: dict) -> dict:
        while "$ref" in schema:
            schema = self.defs.get(schema["$ref"].rsplit("/", 1)[-1], {})
        return schema

    def _problem(self, schema: dict | bool, value: object, path: list[str]) -> tuple[list[str], str] | None:
        if schema is True or schema == {}:
            return None
        if schema is False:
            return path, "is not allowed"
        schema = self._resolve(schema)
        for key in ("anyOf", "oneOf"):
            if key in schema:
                problems = [self._problem(s, value, path) for s in schema[key]]
                if all(problems):
                    return next(p for p in problems if p)
        for sub in schema.get("allOf", []):
            problem = self._problem(sub, value, path)
            if problem:
                return problem
        kind = schema.get("type")
        kinds = kind if isinstance(kind, list) else [kind] if kind else []
        if kinds and not any(_TYPES[k](value) for k in kinds if k in _TYPES):
            return path, f"must be {' or '.join(kinds)}"
        if "const" in schema and value != schema["const"]:
            return path, f"must be {json.dumps(schema['const'])}"
        if "enum" in schema and value not in schema["enum"]:
            return path, f"must be one of {', '.join(json.dumps(v) for v in schema['enum'][:20])}"
        if isinstance(value, str):
            if len(value) < schema.get("minLength", 0) or len(value) > schema.get("maxLength", float("inf")):
                return path, "has the wrong length"
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            if value < schema.get("minimum", float("-inf")) or value > schema.get("maximum", float("inf")):
                return path, "is out of range"
        if isinstance(value, list):
            if len(value) < schema.get("minItems", 0) or len(value) > schema.get("maxItems", float("inf")):
                return path, f"must have {schema.get('minItems', 0)} to {schema.get('maxItems', 'any number of')} items"
            items = schema.get("items")
            if isinstance(items, dict) and items:
                for i, item in enumerate(value):
                    problem = self._problem(items, item, [*path, str(i)])
                    if problem:
                        return problem
        if isinstance(value, dict):
            for required in schema.get("required", []):
                if required not in value:
                    return [*path, required], "is required"
            properties = schema.get("properties", {})
            for key, sub in properties.items():
                if key in value:
                    problem = self._problem(sub, value[key], [*path, key])
                    if problem:
                        return problem
            extra = schema.get("additionalProperties")
            if extra is False:
                unknown = [k for k in value if k not in properties]
                if unknown:
                    return [*path, unknown[0]], "is not allowed"
            elif isinstance(extra, dict):
                for key, item in value.items():
                    if key not in properties:
                        problem = self._problem(extra, item, [*path, key])
                        if problem:
                            return problem
        return None
