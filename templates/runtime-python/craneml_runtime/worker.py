"""The model in a worker process: the adapter is loaded, set up and called there, so a call that hangs can be killed and the worker replaced."""

from __future__ import annotations

import asyncio
import math
import multiprocessing
import os
import signal
import traceback
from concurrent.futures import ThreadPoolExecutor
from multiprocessing.connection import Connection

from .errors import HttpError


class SetupError(Exception):
    """The adapter could not be loaded or set up; the message is the exception's last line."""


class PredictFailed(RuntimeError):
    """The adapter's predict raised; the message is "Type: message" (answered 500 INTERNAL)."""


class CallTimeout(Exception):
    """A model call ran past its deadline; the worker was killed."""


class WorkerGone(Exception):
    """The worker process died during a call (killed, out of memory, a crash in native code)."""


def last_line(error: BaseException) -> str:
    """The last line of a traceback: "ValueError: bad weights"."""
    return traceback.format_exception_only(type(error), error)[-1].strip()


def jsonable(value: object) -> object:
    """numpy scalars and arrays, tuples and NaN as JSON-able Python values (NaN → null, as the Node runtime answers it)."""
    if isinstance(value, float):
        return None if math.isnan(value) or math.isinf(value) else value
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    tolist = getattr(value, "tolist", None)
    if callable(tolist):
        return jsonable(tolist())
    item = getattr(value, "item", None)
    if callable(item):
        return jsonable(item())
    raise TypeError(f"the answer holds a {type(value).__name__}, which is not JSON")


def _serve(conn: Connection, manifest: dict, project: str) -> None:
    """The worker's loop: set up, report, then answer ("predict", rows) messages until the pipe closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    try:
        os.chdir(project)
        from .adapters import load_adapter

        adapter = load_adapter(manifest, project)
        adapter.setup()
    except BaseException as error:  # noqa: BLE001 - any failure in the user's set-up is reported, not raised
        conn.send(("setup_error", last_line(error)))
        return
    conn.send(("ready", bool(getattr(adapter, "batchable", False))))
    while True:
        try:
            rows = conn.recv()
        except (EOFError, OSError):
            return
        try:
            answers = adapter.predict(rows)
            if not isinstance(answers, list) or len(answers) != len(rows):
                got = len(answers) if isinstance(answers, list) else type(answers).__name__
                raise ValueError(f"predict answered {got} for {len(rows)} rows; it must answer a list with one answer per row")
            conn.send(("ok", jsonable(answers)))
        except HttpError as error:  # a row the adapter refuses (422 naming the column)
            conn.send(("http", (error.status, error.code, error.message)))
        except Exception as error:  # noqa: BLE001 - the callers get a 500 naming it; the worker lives on
            conn.send(("error", f"{type(error).__name__}: {error}"[:2000]))


class Worker:
    """One worker process and the thread that waits on its pipe; `call` runs one model call, `kill` ends it."""

    def __init__(self, manifest: dict, project: str):
        self.manifest = manifest
        self.project = project
        self.batchable = False
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="model-pipe")
        self._conn: Connection | None = None
        self._process: multiprocessing.process.BaseProcess | None = None

    async def start(self) -> None:
        """Starts the process and waits for its set-up; SetupError names the failure."""
        context = multiprocessing.get_context("spawn")
        parent, child = context.Pipe()
        self._process = context.Process(target=_serve, args=(child, self.manifest, self.project), daemon=True, name="craneml-model")
        self._process.start()
        child.close()
        self._conn = parent
        loop = asyncio.get_running_loop()
        try:
            kind, value = await loop.run_in_executor(self._pool, parent.recv)
        except (EOFError, OSError):
            code = self._process.exitcode if self._process else None
            raise SetupError(f"the model process exited during set-up (exit code {code})") from None
        if kind != "ready":
            self.kill()
            raise SetupError(value)
        self.batchable = value

    def _round_trip(self, rows: list) -> tuple[str, object]:
        assert self._conn is not None
        self._conn.send(rows)
        return self._conn.recv()

    async def call(self, rows: list, timeout: float) -> list:
        """The adapter's answers for `rows`; PredictFailed or HttpError when predict raised, CallTimeout past `timeout` s, WorkerGone."""
        loop = asyncio.get_running_loop()
        future = loop.run_in_executor(self._pool, self._round_trip, rows)
        # After a kill nobody awaits the pipe's thread; its EOF must not be logged as unretrieved.
        future.add_done_callback(lambda done: done.cancelled() or done.exception())
        try:
            kind, value = await asyncio.wait_for(asyncio.shield(future), timeout)
        except asyncio.TimeoutError:
            self.kill()
            raise CallTimeout() from None
        except (EOFError, OSError, BrokenPipeError):
            code = self._process.exitcode if self._process else None
            raise WorkerGone(f"the model process died during the call (exit code {code})") from None
        if kind == "error":
            raise PredictFailed(value)
        if kind == "http":
            status, code, message = value  # type: ignore[misc]
            raise HttpError(status, code, message)
        return value  # type: ignore[return-value]

    @property
    def alive(self) -> bool:
        return self._process is not None and self._process.is_alive()

    def kill(self) -> None:
        """Ends the process at once (its pipe then wakes the waiting thread)."""
        if self._process and self._process.is_alive():
            self._process.kill()
            self._process.join(5)
        if self._conn:
            self._conn.close()
            self._conn = None

    def close(self) -> None:
        self.kill()
        self._pool.shutdown(wait=False)
