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
    """
    One worker process; `call` runs one model call, `kill` ends it. The event loop reads and writes
    the socket itself (no thread), in the framing of multiprocessing's Connection, which the worker uses.
    """

    def __init__(self, manifest: dict, project: str):
        self.manifest = manifest
        self.project = project
        self.batchable = False
        self._sock: socket.socket | None = None
        self._process: subprocess.Popen | None = None

    async def _send(self, message: object) -> None:
        assert self._sock is not None
        data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
        header = struct.pack("!i", len(data)) if len(data) <= 0x7FFFFFFF else struct.pack("!iQ", -1, len(data))
        await asyncio.get_running_loop().sock_sendall(self._sock, header + data)

    async def _exactly(self, size: int) -> bytearray:
        assert self._sock is not None
        loop = asyncio.get_running_loop()
        buffer = bytearray(size)
        view = memoryview(buffer)
        got = 0
        while got < size:
            try:
                count = await loop.sock_recv_into(self._sock, view[got:])
            except OSError:
                count = 0
            if count == 0:
                code = self._process.poll() if self._process else None
                raise WorkerGone(f"the model process exited (exit code {code})")
            got += count
        return buffer

    async def _receive(self) -> tuple:
        (size,) = struct.unpack("!i", await self._exactly(4))
        if size == -1:
            (size,) = struct.unpack("!Q", await self._exactly(8))
        return pickle.loads(await self._exactly(size))

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
