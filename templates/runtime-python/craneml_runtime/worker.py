"""The model in a worker process: the adapter is loaded, set up and called there, so a call that hangs can be killed and the worker replaced."""

from __future__ import annotations

import asyncio
import math
import os
import pickle
import signal
import socket
import struct
import subprocess
import sys
import traceback
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


def with_every_score(manifest: dict) -> dict:
    """
    A classifier's manifest asking for every class's score (top_k = the number of labels): V2's
    "probabilities" and the CSV answer's p(<class>) columns need them; /predict trims top_k back.
    """
    labels = manifest.get("labels") or []
    if manifest.get("task") != "classification" or not labels:
        return manifest
    return {**manifest, "postprocess": {**manifest.get("postprocess", {}), "top_k": len(labels)}}


def _serve(conn: Connection, manifest: dict, project: str) -> None:
    """The worker's loop: set up, report, then answer ("predict", rows) messages until the pipe closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    try:
        os.chdir(project)
        from .adapters import load_adapter

        adapter = load_adapter(with_every_score(manifest), project)
        adapter.setup()
    except BaseException as error:  # noqa: BLE001 - any failure in the user's set-up is reported, not raised
        conn.send(("setup_error", last_line(error)))
        return
    conn.send(("ready", bool(getattr(adapter, "batchable", False))))
    plain = bool(getattr(adapter, "answers_are_json", False))
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
            conn.send(("ok", answers if plain else jsonable(answers)))
        except HttpError as error:  # a row the adapter refuses (422 naming the column)
            conn.send(("http", (error.status, error.code, error.message)))
        except Exception as error:  # noqa: BLE001 - the callers get a 500 naming it; the worker lives on
            conn.send(("error", f"{type(error).__name__}: {error}"[:2000]))


class Worker:
    """
    One worker process; `call` runs one model call, `kill` ends it. The event loop reads and writes
    the socket itself (no thread; one reader registered for the worker's life), in the framing of
    multiprocessing's Connection, which the worker uses.
    """

    def __init__(self, manifest: dict, project: str):
        self.manifest = manifest
        self.project = project
        self.batchable = False
        self._sock: socket.socket | None = None
        self._buffer = bytearray()
        self._waiting: asyncio.Future | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._reading = False
        self._process: subprocess.Popen | None = None

    async def _send(self, message: object) -> None:
        """Writes at once what the socket takes; the loop writes any rest (a message past the socket's buffer)."""
        assert self._sock is not None
        data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
        frame = (struct.pack("!i", len(data)) if len(data) <= 0x7FFFFFFF else struct.pack("!iQ", -1, len(data))) + data
        try:
            sent = self._sock.send(frame)
        except BlockingIOError:
            sent = 0
        if sent < len(frame):
            await asyncio.get_running_loop().sock_sendall(self._sock, memoryview(frame)[sent:])

    def _message(self) -> tuple | None:
        """A whole message from the buffer, or None while it is still arriving."""
        buffer = self._buffer
        if len(buffer) < 4:
            return None
        (size,) = struct.unpack_from("!i", buffer)
        start = 4
        if size == -1:
            if len(buffer) < 12:
                return None
            (size,) = struct.unpack_from("!Q", buffer, 4)
            start = 12
        if len(buffer) < start + size:
            return None
        message = pickle.loads(memoryview(buffer)[start : start + size])
        del buffer[: start + size]
        return message

    def _on_readable(self) -> None:
        """The loop's one reader of the socket (registered once): buffers what came and hands over a whole message."""
        assert self._sock is not None
        try:
            chunk = self._sock.recv(1 << 20)
        except BlockingIOError:
            return
        except OSError:
            chunk = b""
        waiting = self._waiting
        if not chunk:
            self._stop_reading()
            code = self._process.poll() if self._process else None
            if waiting and not waiting.done():
                waiting.set_exception(WorkerGone(f"the model process exited (exit code {code})"))
            return
        self._buffer += chunk
        if waiting is None or waiting.done():
            return  # kept in the buffer for the next _receive
        message = self._message()
        if message is not None:
            self._waiting = None
            waiting.set_result(message)

    def _stop_reading(self) -> None:
        if self._loop and self._sock and self._reading:
            self._loop.remove_reader(self._sock.fileno())
            self._reading = False

    async def _receive(self) -> tuple:
        assert self._loop is not None
        if not self._reading:
            code = self._process.poll() if self._process else None
            raise WorkerGone(f"the model process exited (exit code {code})")
        message = self._message()
        if message is not None:
            return message
        self._waiting = self._loop.create_future()
        return await self._waiting

    async def start(self) -> None:
        """Starts the process and waits for its set-up; SetupError names the failure."""
        # A plain child process on a socket pair (not multiprocessing's spawn, which adds a resource-tracker process of its own).
        parent, child = socket.socketpair()
        self._process = subprocess.Popen(
            [sys.executable, "-m", "craneml_runtime.worker", str(child.fileno())],
            pass_fds=[child.fileno()],
            stdin=subprocess.DEVNULL,
        )
        child.close()
        parent.setblocking(False)
        self._sock = parent
        self._loop = asyncio.get_running_loop()
        self._loop.add_reader(parent.fileno(), self._on_readable)
        self._reading = True
        try:
            await self._send((self.manifest, self.project))
            kind, value = await self._receive()
        except WorkerGone:
            code = self._process.wait()
            raise SetupError(f"the model process exited during set-up (exit code {code})") from None
        if kind != "ready":
            self.kill()
            raise SetupError(value)
        self.batchable = value

    async def call(self, rows: list, timeout: float) -> list:
        """The adapter's answers for `rows`; PredictFailed or HttpError when predict raised, CallTimeout past `timeout` s, WorkerGone."""
        if self._sock is None:
            raise WorkerGone("the model process is gone")
        try:
            await self._send(rows)
            kind, value = await asyncio.wait_for(self._receive(), timeout)
        except asyncio.TimeoutError:
            self.kill()
            raise CallTimeout() from None
        except OSError as error:
            raise WorkerGone(f"the model process cannot be reached: {error}") from None
        if kind == "error":
            raise PredictFailed(value)
        if kind == "http":
            status, code, message = value  # type: ignore[misc]
            raise HttpError(status, code, message)
        return value  # type: ignore[return-value]

    @property
    def alive(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def kill(self) -> None:
        """Ends the process at once."""
        self._stop_reading()
        if self._process and self._process.poll() is None:
            self._process.kill()
            self._process.wait(5)
        if self._sock:
            self._sock.close()
            self._sock = None

    def close(self) -> None:
        self.kill()

if __name__ == "__main__":
    # python -m craneml_runtime.worker <fd>: the socket's other end sends (manifest, project) first.
    channel = Connection(int(sys.argv[1]))
    _serve(channel, *channel.recv())
