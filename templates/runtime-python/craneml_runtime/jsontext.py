"""JSON text as the Node runtime writes it: compact, and never NaN (which JSON has not)."""

import json


def dumps(value: object) -> str:
    return json.dumps(value, separators=(",", ":"), allow_nan=False)
