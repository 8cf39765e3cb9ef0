"""HTTP errors with the contract's codes, and their bodies: native {"error": {"code", "message"}} or V2 {"error": "..."}."""

from __future__ import annotations

import json

from starlette.responses import Response

from .jsontext import dumps

JSON_TYPE = "application/json; charset=utf-8"


class HttpError(Exception):
    """An error with the status and code (main/shared/http-contract.ts ERROR_CODES) the client will see."""

    def __init__(self, status: int, code: str, message: str, headers: dict[str, str] | None = None):
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers or {}


class InputInvalid(HttpError):
    """A row, cell or tensor the model cannot take: 422 naming what is wrong."""

    def __init__(self, message: str):
        super().__init__(422, "INPUT_INVALID", message)


def each_instance(instances: list, row_of) -> list:
    """`row_of(instance)` for every instance; a refusal names its instance when there are several ("instance 2: …")."""
    rows = []
    for i, instance in enumerate(instances):
        try:
            rows.append(row_of(instance))
        except InputInvalid as error:
            raise InputInvalid(f"instance {i}: {error.message}" if len(instances) > 1 else error.message) from None
    return rows


def bad_request(message: str) -> HttpError:
    return HttpError(400, "BAD_REQUEST", message)


def unavailable(code: str, message: str) -> HttpError:
    """503 with Retry-After: a full queue, a model not ready, a server shutting down."""
    return HttpError(503, code, message, {"Retry-After": "1"})


def too_large(message: str) -> HttpError:
    return HttpError(413, "INPUT_TOO_LARGE", message)


def error_body(error: HttpError, v2: bool) -> bytes:
    body = {"error": error.message} if v2 else {"error": {"code": error.code, "message": error.message}}
    return dumps(body).encode()


def error_response(error: HttpError, v2: bool) -> Response:
    response = Response(error_body(error, v2), status_code=error.status, media_type=JSON_TYPE, headers=error.headers)
    response.error_code = error.code  # type: ignore[attr-defined]  # read by the request log and metrics
    return response


def quoted(names: list[str], limit: int = 20) -> str:
    """Names in quotes, at most `limit` of them: '"a", "b" and 3 more' (as table-rows.ts says it)."""
    shown = [json.dumps(n if len(n) <= 100 else n[:100] + "…") for n in names[:limit]]
    return ", ".join(shown) + (f" and {len(names) - limit} more" if len(names) > limit else "")
