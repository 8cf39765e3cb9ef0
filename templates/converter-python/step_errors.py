"""Turns an exception raised inside a step into that step's failure, in words a data scientist can act on."""

from __future__ import annotations

import re
import sys
import traceback
from typing import Any, Callable, TypeVar

from steps import Step, StepFailed

T = TypeVar("T")


def readable(error: BaseException) -> str:
    """The first line of an exception's message, without a converter's advice to file an issue."""
    text = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    return re.sub(r"\s*You may raise an issue.*$", "", text).strip()[:500]


def in_step(step: Step, work: Callable[[], T]) -> T:
    """Runs one step; an unexpected exception in it becomes that step's failure, with its trace on stderr."""
    try:
        return work()
    except StepFailed:
        raise
    except (MemoryError, KeyboardInterrupt):
        raise
    except Exception as error:
        traceback.print_exc(file=sys.stderr)
        raise StepFailed(step, f"{type(error).__name__}: {readable(error)}") from error


def failing_part(model: Any, message: str, whole: str) -> str:
    """The estimator inside `model` that a converter's message names, e.g. "FunctionTransformer(np.log1p)"."""
    from describe import estimator_name
    from to_onnx import parts

    for part in parts(model):
        if part is not model and type(part).__name__ in message:
            return estimator_name(part)
    return whole
