"""Cog's own HTTP API beside CraneML's: POST /predictions ({"input": {...}} -> {"output", "status"}), its idempotent PUT /predictions/<id>, and GET /health-check."""

from __future__ import annotations

import json
import re
import time
import uuid
from typing import TYPE_CHECKING, Any, Awaitable, Callable

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from ..errors import HttpError
from .errors import InvalidRow

if TYPE_CHECKING:
    from .cog_adapter import CogAdapter

Predict = Callable[[list[Any]], Awaitable[list[Any]]]
NAMED_COLUMN = re.compile(r'column "([^"]+)"')


class CogJson(JSONResponse):
    """Starlette's JSON answer (UTF-8, as Cog's FastAPI writes it); a lone surrogate echoed from the request, which no UTF-8 holds, is written escaped instead of failing."""

    def render(self, content: Any) -> bytes:
        try:
            return super().render(content)
        except UnicodeEncodeError:
            return json.dumps(content, ensure_ascii=True, allow_nan=False, separators=(",", ":")).encode("ascii")


def invalid(message: str, column: str | None, reason: str) -> JSONResponse:
    """Cog's answer to input it refuses: 422 with FastAPI-style detail (CraneML's error text as well)."""
    where = ["body", "input"] + ([column] if column else [])
    return CogJson({"detail": [{"loc": where, "msg": reason, "type": "value_error"}], "error": message, "status": "failed"}, status_code=422)


def failed(prediction_id: str, message: str, status: int = 200, headers: dict[str, str] | None = None) -> JSONResponse:
    """A prediction that failed: Cog answers a model's own failure as data (200), not ready or out of time by its status."""
    return CogJson({"id": prediction_id, "output": None, "error": message, "logs": "", "status": "failed"}, status_code=status, headers=headers)


def server_predict(request: Request) -> Predict | None:
    """The server's way to run rows (its table typing, queue, deadline and worker), which it puts in the scope as `app.predict`."""
    predict = getattr(request.scope.get("app"), "predict", None)
    return predict if callable(predict) else None


def cog_routes(adapter: CogAdapter, predict: Predict | None = None, ready: Callable[[], bool] | None = None) -> list[Route]:
    """Without the server's predict (given, or found on the scope's app), the adapter's own predict runs in a thread;
    without the server's `ready`, the adapter's own set-up is what /health-check reports."""
    is_ready = ready or (lambda: adapter.ready)

    async def predictions(request: Request) -> JSONResponse:
        """POST /predictions, and PUT /predictions/<id> (Cog's idempotent form: the id is the path's)."""
        try:
            body = json.loads(await request.body() or b"{}")
        except (ValueError, RecursionError):
            return invalid("the body is not JSON", None, "the body is not JSON")
        row = body.get("input", {}) if isinstance(body, dict) else None
        if not isinstance(row, dict):
            return invalid("input must be an object of named inputs", None, "input must be an object")
        prediction_id = str(request.path_params.get("prediction_id") or body.get("id") or uuid.uuid4().hex)
        run = predict or server_predict(request) or (lambda rows: run_in_threadpool(adapter.predict, rows))
        started = time.perf_counter()
        try:
            if adapter.inputs:  # set up in this process: check here; else the server's table and worker check
                adapter.check(row)
            outputs = await run([row])
        except InvalidRow as error:
            return invalid(str(error), error.column, error.reason)
        except HttpError as error:
            if error.status == 422:  # the server's table or the worker refused it: its message names the column
                named = NAMED_COLUMN.search(error.message)
                return invalid(error.message, named[1] if named else None, error.message)
            return failed(prediction_id, error.message, 200 if error.status == 500 else error.status, error.headers)
        except Exception as error:  # noqa: BLE001 - the model's own failure is answered, the server stays up
            return failed(prediction_id, f"{type(error).__name__}: {error}")
        metrics = {"predict_time": time.perf_counter() - started}
        return CogJson({"id": prediction_id, "output": outputs[0], "logs": "", "status": "succeeded", "metrics": metrics})

    async def health_check(_: Request) -> JSONResponse:
        up = is_ready()
        return CogJson({"status": "READY" if up else "STARTING", "setup": {"status": "succeeded" if up else "starting"}})

    return [
        Route("/predictions", predictions, methods=["POST"]),
        Route("/predictions/{prediction_id}", predictions, methods=["PUT"]),
        Route("/health-check", health_check, methods=["GET"]),
    ]
