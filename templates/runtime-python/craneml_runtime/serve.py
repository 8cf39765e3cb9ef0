"""Starts the server: listens at once (/healthz answers, /readyz says 503), sets the model up and warms it in its worker, then is ready; SIGTERM drains."""

from __future__ import annotations

import asyncio
import contextlib
import importlib.util
import os
import signal
import sys

import uvicorn

from .app import App, Server
from .errors import unavailable
from .images import close_codec, start_codec
from .log import Logger
from .metrics import Metrics
from .model import Model
from .routes import route_table
from .settings import Settings
from .try_page import load_page
from .worker import SetupError, last_line


def _extra_routes(app: App) -> list:
    """
    The adapter's own routes (Cog's POST /predictions), from an adapter built here only to ask (its
    set-up and predict run in the worker alone); they run rows through the server's `predict`.
    """
    from .adapters import load_adapter

    server = app.server
    adapter = load_adapter(server.manifest, server.settings.project)
    make = getattr(adapter, "extra_routes", None)
    return list(make(app.predict, lambda: server.model.ready and not server.draining)) if callable(make) else []


class _Uvicorn(uvicorn.Server):
    """uvicorn without its own signal handling: the drain below decides, and a drained server exits 0 instead of re-raising SIGTERM."""

    @contextlib.contextmanager
    def capture_signals(self):
        yield


def _config(app: App, settings: Settings) -> uvicorn.Config:
    fast = importlib.util.find_spec("uvloop") is not None and importlib.util.find_spec("httptools") is not None
    return uvicorn.Config(
        app,
        host=settings.host,
        port=settings.port,
        loop="uvloop" if fast else "asyncio",
        http="httptools" if fast else "h11",
        lifespan="off",
        access_log=False,
        log_level="warning",
        server_header=False,
        timeout_keep_alive=5,
        timeout_graceful_shutdown=settings.drain_ms / 1000 + 1,
    )


async def serve(settings: Settings) -> int:
    """Runs until SIGTERM/SIGINT (exit 0 after the drain) or a failed set-up (exit 1, `error: <last line>` on stderr)."""
    log = Logger(settings.log)
    exit_code = 0
    model: Model
    metrics = Metrics(lambda: model.batcher.depth if model.batcher else 0, lambda: model.ready and not server.draining)

    def fatal(line: str) -> None:
        nonlocal exit_code
        exit_code = 1
        sys.stderr.write(f"error: {line}\n")
        sys.stderr.flush()
        web.should_exit = True

    model = Model(settings.manifest, settings.project, settings.deadline_ms, metrics, log, fatal)
    server = Server(settings, model, metrics, log, route_table(), page=load_page(settings.manifest))
    app = App(server)
    try:
        server.extra_routes = _extra_routes(app)
    except Exception as error:  # noqa: BLE001 - a manifest the adapters refuse: one line, exit 1
        sys.stderr.write(f"error: {last_line(error)}\n")
        return 1
    web = _Uvicorn(_config(app, settings))
    loop = asyncio.get_running_loop()
    signals = 0

    def give_up() -> None:
        """At the end of the drain, requests still waiting for the model are answered 503."""
        if model.batcher:
            for pending in list(model.batcher.queue):
                if not pending.future.done():
                    pending.future.set_exception(unavailable("NOT_READY", "the server is shutting down; retry on another instance"))

    def on_signal(sig: int) -> None:
        nonlocal signals
        signals += 1
        if signals > 1:
            os._exit(130 if sig == signal.SIGINT else 143)
        log.event("info", f"received {signal.Signals(sig).name}")
        log.event("info", "draining: no new connections; finishing requests in flight")
        server.draining = True
        model.state = "draining" if model.state != "failed" else model.state
        if model.batcher:
            loop.create_task(model.batcher.drain())
        loop.call_later(settings.drain_ms / 1000, give_up)
        web.should_exit = True

    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, on_signal, sig)

    async def load() -> None:
        try:
            await start_codec(server)
            await model.load()
        except SetupError as error:
            fatal(str(error))
        except Exception as error:  # noqa: BLE001 - the worker could not even start: as fatal as a failing set-up
            fatal(last_line(error))

    serving = loop.create_task(web.serve())
    loading = loop.create_task(load())
    log.event("info", "listening", url=f"http://{settings.host}:{settings.port}", model=settings.manifest["name"], version=settings.manifest["version"])
    await serving
    loading.cancel()
    model.close()
    close_codec(server)
    log.event("info", "stopped")
    if not web.started and exit_code == 0:
        exit_code = 1
    return exit_code
