"""Adapter test (driven by adapters.test.ts): predict.py and Cog projects served by their adapters, what they answered and refused as JSON on stdout."""

from __future__ import annotations

import asyncio
import base64
import json
import os
import sys
from typing import Any

from craneml_runtime.adapters import InvalidRow, ModelOutputError, load_adapter
from craneml_runtime.describe import describe

PROJECTS = sys.argv[1]


def adapter(kind: str, folder: str, class_name: str, file: str = "predict.py") -> Any:
    made = load_adapter({"python": {"source": {"kind": kind, "file": file, "class": class_name}}}, os.path.join(PROJECTS, folder))
    made.setup()
    return made


def refusal(call: Any) -> dict[str, Any]:
    try:
        return {"answered": call()}
    except InvalidRow as error:
        return {"invalid": str(error), "column": error.column, "status": error.status}
    except ModelOutputError as error:
        return {"output_error": str(error)}


def data_url(text: str) -> str:
    return "data:text/plain;base64," + base64.b64encode(text.encode()).decode()


def asgi(app: Any, method: str, path: str, body: Any = None) -> dict[str, Any]:
    """One request through the real Starlette app, with no socket: the status and the JSON answer."""
    payload = json.dumps(body).encode() if body is not None else b""
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": payload, "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {"type": "http", "method": method, "path": path, "raw_path": path.encode(), "query_string": b"", "headers": [(b"content-type", b"application/json")], "http_version": "1.1", "scheme": "http", "server": ("test", 80), "client": ("test", 1), "root_path": ""}
    asyncio.run(app(scope, receive, send))
    start = next(m for m in sent if m["type"] == "http.response.start")
    text = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    retry = [value.decode() for key, value in start["headers"] if key == b"retry-after"]
    return {"status": start["status"], "body": json.loads(text), **({"retry_after": retry[0]} if retry else {})}


def through_server(document: str) -> dict[str, Any]:
    """The routes as the server mounts them: the adapter set up in another process, rows run by the server's predict (here: a full queue)."""
    from starlette.applications import Starlette

    from craneml_runtime.errors import HttpError, InputInvalid

    class Server(Starlette):
        async def predict(self, instances: list) -> list:
            if instances[0].get("times", 0) > 3:
                raise InputInvalid(f'column "times" must be at most 3, got {instances[0]["times"]}')
            raise HttpError(503, "QUEUE_FULL", "the queue is full; retry shortly", {"Retry-After": "1"})

    unset = load_adapter({"python": {"source": {"kind": "cog", "file": "predict.py", "class": "Predictor"}}}, os.path.join(PROJECTS, "adapters-cog"))
    app = Server(routes=unset.extra_routes(ready=lambda: True))
    # The adapter is not set up in this process: the server's table and worker check rows, and refuse them in their words.
    return {
        "refused_by_server": asgi(app, "POST", "/predictions", {"input": {"document": document, "times": 9}}),
        "queue_full": asgi(app, "POST", "/predictions", {"input": {"document": document, "times": 1}}),
        "health_check": asgi(app, "GET", "/health-check"),
    }


def predictor_report() -> dict[str, Any]:
    own = adapter("predictor", "adapters-predictor", "Predictor")
    return {
        "batchable": own.batchable,
        "answers": own.predict([{"a": 1, "b": 2}, {"a": 0.5, "b": -1}]),
        "scalars": adapter("predictor", "adapters-predictor", "Scalars").predict([{"a": 1}, {"a": 4}]),
        "one_short": refusal(lambda: adapter("predictor", "adapters-predictor", "OneShort").predict([{"a": 1}, {"a": 2}, {"a": 3}])),
        "not_a_list": refusal(lambda: adapter("predictor", "adapters-predictor", "OneAnswer").predict([{"a": 1}])),
    }


def cog_report() -> dict[str, Any]:
    from starlette.applications import Starlette

    cog = adapter("cog", "adapters-cog", "Predictor")
    document = data_url("Hello")
    report: dict[str, Any] = {
        "batchable": cog.batchable,
        "defaults": cog.predict([{"document": document}]),
        "given": cog.predict([{"document": document, "times": 3, "case": "lower", "weight": 1, "loud": True, "note": "n"}]),
        "inputs_left": [os.path.exists(path) for path in cog.predictor.seen_inputs],
        "input_suffix": os.path.splitext(cog.predictor.seen_inputs[0])[1],
        "missing": refusal(lambda: cog.predict([{"times": 2}])),
        "above_le": refusal(lambda: cog.predict([{"document": document, "times": 4}])),
        "below_ge": refusal(lambda: cog.predict([{"document": document, "weight": -0.1}])),
        "not_a_choice": refusal(lambda: cog.predict([{"document": document, "case": "title"}])),
        "not_an_integer": refusal(lambda: cog.predict([{"document": document, "times": 1.5}])),
        "not_a_data_url": refusal(lambda: cog.predict([{"document": "/etc/passwd"}])),
        "second_row_bad": refusal(lambda: cog.predict([{"document": document}, {"document": document, "case": "x"}])),
        "calls": cog.predictor.calls,
    }
    app = Starlette(routes=cog.extra_routes())
    report["predictions"] = asgi(app, "POST", "/predictions", {"input": {"document": document, "times": 1}})
    report["predictions_put"] = asgi(app, "PUT", "/predictions/run-42", {"input": {"document": document, "times": 1}})
    report["predictions_invalid"] = asgi(app, "POST", "/predictions", {"input": {"document": document, "times": 9}})
    report["predictions_failed"] = asgi(app, "POST", "/predictions", {"input": {"document": "data:text/plain;base64,/w=="}})
    report["health_check"] = asgi(app, "GET", "/health-check")
    report["through_server"] = through_server(document)
    report["stream"] = adapter("cog", "adapters-cog", "Streamer").predict([{"words": 2}, {}])
    report["describe"] = describe(os.path.join(PROJECTS, "adapters-cog"))
    return report


def runner_report() -> dict[str, Any]:
    """A project as Cog 0.22 writes it: run.py's BaseRunner with run(), async, metrics, a function named by cog.yaml."""
    from starlette.applications import Starlette

    def runner(class_name: str) -> Any:
        return adapter("cog", "adapters-cog-runner", class_name, file="run.py")

    greeter = runner("Runner")
    report: dict[str, Any] = {
        "answers": greeter.predict([{"name": "Ada"}, {"name": "Bo", "times": 2}]),
        "above_le": refusal(lambda: greeter.predict([{"name": "Ada", "times": 4}])),
        "predictions": asgi(Starlette(routes=greeter.extra_routes()), "POST", "/predictions", {"input": {"name": "Cy"}}),
        "stream": runner("Streamer").predict([{"words": 3}, {}]),
        "tokens": runner("Tokens").predict([{"count": 3}]),
        "metrics": runner("Counted").predict([{"step": 2}, {"step": 5}]),
        "legacy": runner("Legacy").predict([{"text": "old"}]),
        "function": runner("shout").predict([{"text": "hey"}, {"text": "ho", "marks": 3}]),
        "describe": describe(os.path.join(PROJECTS, "adapters-cog-runner")),
    }
    try:
        runner("Both")
    except Exception as error:  # noqa: BLE001 - the refusal is what is reported
        report["both"] = f"{type(error).__name__}: {error}"
    return report


print(json.dumps({"predictor": predictor_report(), "cog": cog_report(), "runner": runner_report()}))
