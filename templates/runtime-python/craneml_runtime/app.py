"""
The ASGI application: routing, methods, CORS, API key, error bodies, request ids, request logs and
metrics around every answer, Connection: close while draining. Routes are plain functions
(routes/*), found by a dict lookup (and a pattern for /v2/models/...), not by a middleware stack.
"""

from __future__ import annotations

import itertools
import os
import re
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response
from starlette.routing import Match, Route

from .access import Cors, key_check
from .body import BodyBudget, Holding
from .contract import Contract
from .errors import HttpError, error_response
from .log import Logger
from .metrics import Metrics
from .model import Model
from .settings import Settings
from .try_page import PageFile

MAX_URL_LENGTH = 4096
CLIENT_ID = re.compile(r"^[\w.:-]{1,128}$")
BOOT = os.urandom(3).hex()
V2_MODEL = re.compile(r"^/v2/models/([^/]+)(?:/versions/([^/]+))?(/ready|/infer)?$")


@dataclass
class Call:
    """One request as a route sees it: the request, the server, the path's parameters, and what the log records."""

    request: Request
    server: "Server"
    params: dict[str, str]
    started: float
    route: str = "unmatched"
    samples: int | None = None
    holding: Holding = field(default_factory=lambda: Holding(BodyBudget(0)))


Handler = Callable[[Call], Awaitable[Response]]


def method_not_allowed(method: str, where: str, allow: str) -> HttpError:
    """The 405 for a method a route does not take, its own or an adapter's: the method to use, and Allow."""
    return HttpError(405, "METHOD_NOT_ALLOWED", f"{method} is not allowed on {where}; use {allow.split(',')[0]}", {"Allow": allow})


@dataclass
class RouteSpec:
    label: str
    get: Handler | None = None
    post: Handler | None = None
    open: bool = False

    @property
    def allow(self) -> str:
        return ", ".join([*(["GET", "HEAD"] if self.get else []), *(["POST"] if self.post else []), "OPTIONS"])


@dataclass
class Server:
    """What every route shares: settings, manifest, model, metrics, logs, access rules, cached answers."""

    settings: Settings
    model: Model
    metrics: Metrics
    log: Logger
    routes: dict[str, RouteSpec]
    extra_routes: list[Route] = field(default_factory=list)
    # The try-it page's files by path (try_page.load_page), or None: / is then the status page.
    page: dict[str, PageFile] | None = None
    draining: bool = False
    cache: dict[str, object] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.manifest = self.settings.manifest
        self.cors = Cors(self.settings.cors_origins)
        self.check_key = key_check(self.settings.api_key)
        self.contract = Contract.load()
        self._ids = itertools.count(1)
        max_body = int(self.manifest["server"]["max_body_bytes"])
        self.bodies = BodyBudget(self.settings.body_budget_bytes or max(256 * 1024 * 1024, 2 * max_body))

    def cached(self, key: str, make: Callable[[], object]) -> object:
        if key not in self.cache:
            self.cache[key] = make()
        return self.cache[key]

    def next_id(self) -> str:
        return f"{BOOT}-{next(self._ids):x}"

    def match(self, path: str) -> tuple[RouteSpec, dict[str, str]] | None:
        found = self.routes.get(path)
        if found:
            return found, {}
        if path.startswith("/v2/models/"):
            m = V2_MODEL.match(path)
            if m:
                name, version, tail = m.groups()
                label = "/v2/models/{name}" + ("/versions/{version}" if version is not None else "") + (tail or "")
                params = {"name": name, **({"version": version} if version is not None else {})}
                return self.routes[label], params
        return None



def require_key(server: "Server", request: Request) -> None:
    """Refuses the request (401) when the server has an API key and the request does not carry it."""
    check = server.check_key
    if check and not check(request.headers):
        raise HttpError(
            401,
            "UNAUTHORIZED",
            'an API key is required: send "Authorization: Bearer <key>" or "X-API-Key: <key>"',
            {"WWW-Authenticate": "Bearer"},
        )

class App:
    """The ASGI callable uvicorn serves."""

    def __init__(self, server: Server):
        self.server = server

    async def predict(self, instances: list) -> list:
        """
        For an adapter's own routes (reached as `request.app.predict`): instances typed by the declared
        columns, then through the batcher and the worker by the request deadline. Raises HttpError
        (status, code, message) as /predict would answer it.
        """
        model = self.server.model
        batcher = model.require()
        rows = model.table.rows_from_instances(instances)
        return model.trimmed(await model.predict(batcher, rows, time.perf_counter()))

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] == "lifespan":
            while True:
                message = await receive()
                if message["type"] == "lifespan.startup":
                    await send({"type": "lifespan.startup.complete"})
                elif message["type"] == "lifespan.shutdown":
                    await send({"type": "lifespan.shutdown.complete"})
                    return
        if scope["type"] != "http":
            return
        server = self.server
        request = Request(scope, receive)
        call = Call(request, server, {}, time.perf_counter(), holding=Holding(server.bodies))
        path = scope["path"]
        v2 = path == "/v2" or path.startswith("/v2/")
        given = request.headers.get("x-request-id")
        request_id = given if given and CLIENT_ID.match(given) else server.next_id()
        origin = request.headers.get("origin")
        try:
            response = await self._route(call, path)
        except ClientDisconnect:
            # Nothing can be sent; the record says 499 like nginx (and the Node runtime).
            call.holding.release()
            server.metrics.request(call.route, scope.get("method", "GET"), 499, time.perf_counter() - call.started, None)
            server.log.request(id=request_id, method=scope.get("method", ""), path=path, route=call.route, status=499, ms=0, bytes_in=0, bytes_out=0)
            return
        except HttpError as error:
            response = error_response(error, v2)
        except Exception as error:  # noqa: BLE001 - answered 500, logged with its cause
            server.log.event("error", "unexpected error while answering a request", id=request_id, route=call.route, error=repr(error))
            response = error_response(HttpError(500, "INTERNAL", "internal server error"), v2)
        headers = response.headers
        headers["X-Request-Id"] = request_id
        for name, value in server.cors.headers(origin).items():
            if name == "Vary" and "vary" in headers:
                headers["Vary"] = f"{value}, {headers['vary']}"
            else:
                headers.setdefault(name, value)
        if server.draining:
            headers["Connection"] = "close"
        call.holding.release()
        await response(scope, receive, send)
        seconds = time.perf_counter() - call.started
        code = getattr(response, "error_code", None)
        method = scope.get("method", "GET")
        server.metrics.request(call.route, method, response.status_code, seconds, code)
        if server.log.enabled:
            entry = {
                "id": request_id,
                "method": method,
                "path": path,
                "route": call.route,
                "status": response.status_code,
                "ms": round(seconds * 10000) / 10,
                "bytes_in": int(request.headers.get("content-length") or 0),
                "bytes_out": int(headers.get("content-length") or 0),
            }
            if code:
                entry["code"] = code
            if call.samples is not None:
                entry["samples"] = call.samples
            server.log.request(**entry)

    async def _route(self, call: Call, path: str) -> Response:
        server = self.server
        request = call.request
        if len(path) + len(request.scope.get("query_string", b"")) > MAX_URL_LENGTH:
            raise HttpError(414, "URI_TOO_LONG", f"the URL is longer than {MAX_URL_LENGTH} characters")
        method = request.method
        found = server.match(path)
        if found is None:
            extra = self._extra(request)
            if extra is not None:
                route, matched = extra
                call.route = route.path
                return await self._extra_answer(call, route, matched)
            raise HttpError(404, "NOT_FOUND", f"no such endpoint: {path[:100]} (see /docs)")
        spec, call.params = found
        call.route = spec.label
        if method == "OPTIONS":
            return Response(status_code=204, headers=server.cors.preflight(request.headers.get("origin"), spec.allow))
        handler = spec.get if method in ("GET", "HEAD") else spec.post if method == "POST" else None
        if handler is None:
            raise method_not_allowed(method, spec.label, spec.allow)
        self._check_key(request, spec.open)
        return await handler(call)

    def _check_key(self, request: Request, open_route: bool) -> None:
        if not open_route:
            require_key(self.server, request)

    def _extra(self, request: Request) -> tuple[Route, dict] | None:
        """The adapter's route for this request, and what matching it adds to the scope (its path parameters)."""
        for route in self.server.extra_routes:
            match, matched = route.matches(request.scope)
            if match != Match.NONE:
                return route, matched
        return None

    async def _extra_answer(self, call: Call, route: Route, matched: dict) -> Response:
        """An adapter's own route (Cog's POST /predictions): behind the same API key; it answers in its own shapes."""
        self._check_key(call.request, False)
        sent: dict = {}

        async def capture(message) -> None:
            if message["type"] == "http.response.start":
                sent["status"] = message["status"]
                sent["headers"] = [(k, v) for k, v in message.get("headers", []) if k.lower() != b"content-length"]
                sent["body"] = b""
            elif message["type"] == "http.response.body":
                sent["body"] += message.get("body", b"")

        if route.methods and call.request.method not in route.methods:
            raise method_not_allowed(call.request.method, route.path, ", ".join(sorted(route.methods - {"HEAD"})))
        scope = {**call.request.scope, **matched, "app": self}
        scope.setdefault("state", {})
        await route.handle(scope, call.request.receive, capture)
        response = Response(sent.get("body", b""), status_code=sent.get("status", 500))
        for key, value in sent.get("headers", []):
            response.headers.append(key.decode("latin-1"), value.decode("latin-1"))
        return response
