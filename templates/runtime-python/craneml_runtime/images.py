"""
Pictures → the model's arrays through the Node runtime's own image codec, run as child processes
(`node /app/codec/codec.mjs <project>`, templates/runtime-node/src/codec/stdio-main.ts), so a picture
becomes the very tensor the Node runtime makes of it. One child per CPU up to 2, each with one picture
in flight, started (and warmed) before the server is ready and replaced when one dies or runs past the
request's deadline. Frames: 4-byte big-endian header length, JSON header, `size` bytes.
"""

from __future__ import annotations

import asyncio
import json
import struct
import time
from array import array
from pathlib import Path

from .cpus import container_cpus
from .errors import HttpError, unavailable
from .tensor_rows import nest

CODEC_ENTRY = Path(__file__).resolve().parent.parent / "codec" / "codec.mjs"
MAX_CHILDREN = 2
# The codec's CraneError codes, answered as the Node runtime answers them (main/http/http-errors.ts).
STATUS_OF_CODE = {"INPUT_INVALID": 422, "INPUT_TOO_LARGE": 413, "UNSUPPORTED_MEDIA": 415}


class CodecGone(Exception):
    """The child stopped (crashed, killed) before it answered."""


class Child:
    """One codec process and its pipes; one picture at a time."""

    def __init__(self, project: str):
        self.project = project
        self.process: asyncio.subprocess.Process | None = None
        self._ids = 0

    async def start(self) -> None:
        self.process = await asyncio.create_subprocess_exec(
            "node", str(CODEC_ENTRY), self.project, stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE
        )
        header, _ = await self._read()
        if not header.get("ready"):
            raise CodecGone("the image codec did not start")

    @property
    def alive(self) -> bool:
        return self.process is not None and self.process.returncode is None

    async def _read(self) -> tuple[dict, bytes]:
        assert self.process and self.process.stdout
        try:
            (length,) = struct.unpack(">I", await self.process.stdout.readexactly(4))
            header = json.loads(await self.process.stdout.readexactly(length))
            payload = await self.process.stdout.readexactly(header.get("size", 0)) if header.get("size") else b""
        except asyncio.IncompleteReadError:
            raise CodecGone("the image codec stopped") from None
        return header, payload

    async def encode(self, picture: bytes, preview: bool) -> tuple[dict, bytes]:
        assert self.process and self.process.stdin
        self._ids += 1
        header = json.dumps({"id": self._ids, "size": len(picture), "preview": preview}).encode()
        try:
            self.process.stdin.write(struct.pack(">I", len(header)) + header + picture)
            await self.process.stdin.drain()
        except (BrokenPipeError, ConnectionResetError):
            raise CodecGone("the image codec stopped") from None
        return await self._read()

    def kill(self) -> None:
        if self.alive:
            assert self.process
            self.process.kill()


class Codec:
    """The pool: idle children wait in a queue; a picture takes one, or waits for one until the request's deadline."""

    def __init__(self, project: str, deadline_s: float, log, size: int | None = None, max_waiting: int = 512):
        self.project = project
        self.deadline = deadline_s
        self.log = log
        self.size = size or min(MAX_CHILDREN, container_cpus())
        self.max_waiting = max_waiting
        self.waiting = 0
        self.idle: asyncio.Queue[Child] = asyncio.Queue()
        self.children: set[Child] = set()

    async def start(self) -> None:
        children = [Child(self.project) for _ in range(self.size)]
        self.children.update(children)
        await asyncio.gather(*(child.start() for child in children))
        for child in children:
            self.idle.put_nowait(child)

    async def _replace(self, child: Child) -> None:
        child.kill()
        self.children.discard(child)
        self.log.event("warn", "replacing an image codec process")
        fresh = Child(self.project)
        self.children.add(fresh)
        try:
            await fresh.start()
        except (CodecGone, OSError) as error:
            self.log.event("error", "an image codec process failed to start", error=str(error))
            fresh.kill()
            # Try again shortly rather than shrink the pool for good.
            asyncio.get_running_loop().call_later(1, lambda: asyncio.ensure_future(self._replace(fresh)))
            return
        self.idle.put_nowait(fresh)

    async def _take(self, started: float, late: HttpError) -> Child:
        """An idle child that has not exited, waiting for one until the request's deadline."""
        if self.waiting >= self.max_waiting:
            raise unavailable("OVERLOADED", "too many pictures are waiting for the image codec; retry shortly")
        self.waiting += 1
        try:
            while True:
                child = await asyncio.wait_for(self.idle.get(), max(0.0, started + self.deadline - time.perf_counter()))
                if child.alive:
                    return child
                # It died while idle (killed, out of memory): replaced, and the picture waits for another.
                asyncio.ensure_future(self._replace(child))
        except asyncio.TimeoutError:
            raise late from None
        finally:
            self.waiting -= 1

    async def encode(self, picture: bytes, preview: bool, started: float) -> tuple[list, str | None]:
        """One picture as nested lists in the codec's layout (e.g. [1][28][28]) and, when asked, its preview data URL."""
        late = unavailable("OVERLOADED", f"the request was not answered within its deadline of {self.deadline:g} s; retry shortly")
        # A child killed a moment ago still looks alive until its exit is reaped, and every idle child may
        # have died at once: the picture goes to the next one, up to one more than the pool holds.
        for attempt in range(self.size + 1):
            child = await self._take(started, late)
            try:
                header, payload = await asyncio.wait_for(
                    child.encode(picture, preview), max(0.0, started + self.deadline - time.perf_counter())
                )
                break
            except (asyncio.TimeoutError, CodecGone, asyncio.CancelledError) as error:
                # A child that ran past the deadline (or died) is replaced.
                asyncio.ensure_future(self._replace(child))
                if isinstance(error, asyncio.CancelledError):
                    raise
                if isinstance(error, asyncio.TimeoutError):
                    raise late from None
                if attempt == self.size:
                    raise HttpError(500, "INTERNAL", "the image codec stopped while reading this picture; retry") from None
        self.idle.put_nowait(child)
        if not header.get("ok"):
            problem = header.get("error") or {}
            code = problem.get("code") or "INTERNAL"
            status = STATUS_OF_CODE.get(code, 500)
            raise HttpError(status, code if status != 500 else "INTERNAL", problem.get("message") or "the picture could not be read")
        # The child is on this machine: its Float32Array's byte order is this process's.
        values = array("f")
        values.frombytes(payload)
        return nest(values.tolist(), header["dims"]), header.get("preview")

    def close(self) -> None:
        for child in self.children:
            child.kill()


# Where the server keeps its codec (Server.cache), when the model takes pictures.
CODEC_KEY = "image_codec"


async def start_codec(server) -> Codec | None:
    """For a model that takes pictures: the codec pool, started and warmed (before the server says ready), kept in `server.cache`."""
    manifest = server.manifest
    if (manifest.get("input") or {}).get("kind") != "image":
        return None
    codec = Codec(server.settings.project, server.settings.deadline_ms / 1000, server.log, max_waiting=int(manifest["server"]["max_queue"]))
    try:
        await codec.start()
    except BaseException:
        codec.close()
        raise
    server.cache[CODEC_KEY] = codec
    return codec


def close_codec(server) -> None:
    codec = server.cache.pop(CODEC_KEY, None)
    if isinstance(codec, Codec):
        codec.close()
