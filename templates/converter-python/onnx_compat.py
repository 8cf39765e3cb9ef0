"""Lets a converter hand onnx booleans where a node attribute holds integers.

skl2onnx 1.20 gives HistGradientBoosting's trees their per-node "missing values go to the true branch"
flags as numpy booleans; onnx 1.23's make_attribute refuses a boolean among integers ("Expected an int,
got a boolean"), so HistGradientBoosting models failed at the convert step. A flag is 0 or 1 either way,
and parity still proves the converted model's answers.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import numpy as np
import onnx.helper

BOOLEANS = (bool, np.bool_)


@cache
def accept_boolean_ints() -> None:
    make_attribute = onnx.helper.make_attribute

    def booleans_as_ints(key: str, value: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(value, (list, tuple)) and any(isinstance(item, BOOLEANS) for item in value):
            value = [int(item) if isinstance(item, BOOLEANS) else item for item in value]
        return make_attribute(key, value, *args, **kwargs)

    onnx.helper.make_attribute = booleans_as_ints
