"""
Dynamic batching, as the Node runtime's batcher.ts: rows of concurrent requests wait in one bounded
queue and go to the model together (up to max_batch_size rows, waiting at most max_wait_ms, and only
while other requests are still being read). One call runs at a time; a failing call is retried request
by request so only the failing callers get the error. An adapter that is not batchable gets one
request's rows per call.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from contextlib import contextmanager
from dataclasses import dataclass, field

from .errors import HttpError, unavailable
from .worker import PredictFailed

RunRows = Callable[[list], Awaitable[list]]


@dataclass
class Pending:
    rows: list
    future: asyncio.Future
    enqueued: float = field(default_factory=time.perf_counter)
    running: bool = False


def _fail(pending: Pending, error: Exception) -> None:
    if not pending.future.done():
        pending.future.set_exception(error)
        # Marked as seen: a caller that already answered (its deadline passed) never awaits it.
        pending.future.exception()


@dataclass(frozen=True)
class BatchLimits:
    """The manifest's server bounds, plus whether the adapter takes several requests' rows in one call."""

    max_batch_size: int
    max_wait_ms: float
    max_queue: int
    batchable: bool

    @classmethod
    def of(cls, server: dict, batchable: bool) -> BatchLimits:
        return cls(server["max_batch_size"], server["max_wait_ms"], server["max_queue"], batchable)


class Batcher:
    def __init__(self, run: RunRows, limits: BatchLimits, metrics):
        self.run = run
        self.limits = limits
        self.metrics = metrics
        self.queue: list[Pending] = []
        self.queued_rows = 0
        self.incoming = 0
        self._wake = asyncio.Event()
        self._urgent = False
        self._idle = asyncio.Event()
        self._idle.set()
        self._task = asyncio.get_running_loop().create_task(self._loop())

    @property
    def depth(self) -> int:
        return self.queued_rows

    @contextmanager
    def reading(self):
        """Marks a request whose rows are on their way: batches wait for it (up to max_wait_ms)."""
        self.incoming += 1
        try:
            yield
        finally:
            self.incoming -= 1
            self._wake.set()

    def submit(self, rows: list) -> list[Pending]:
        """Queues one request's rows (in chunks of max_batch_size when batchable); 503 + Retry-After when the queue is full."""
        if self.queued_rows + len(rows) > self.limits.max_queue:
            self.metrics.overloaded()
            raise unavailable("OVERLOADED", f"the server is busy ({self.queued_rows} samples queued); retry shortly")
        loop = asyncio.get_running_loop()
        size = self.limits.max_batch_size if self.limits.batchable else max(1, len(rows))
        chunks = [Pending(rows[i : i + size], loop.create_future()) for i in range(0, len(rows), size)]
        self.queue.extend(chunks)
        self.queued_rows += len(rows)
        self._idle.clear()
        self._wake.set()
        return chunks

    def withdraw(self, pending: Pending) -> bool:
        """Takes a chunk that has not started out of the queue (its request ran out of time); False once it runs."""
        if pending.running or pending not in self.queue:
            return False
        self.queue.remove(pending)
        self.queued_rows -= len(pending.rows)
        return True

    async def drain(self) -> None:
        """Stops waiting for fuller batches; returns once the queue is empty and no call runs."""
        self._urgent = True
        self._wake.set()
        await self._idle.wait()

    def _take(self) -> list[Pending]:
        if not self.limits.batchable:
            batch = [self.queue.pop(0)]
        else:
            batch, rows = [], 0
            while self.queue and (not batch or rows + len(self.queue[0].rows) <= self.limits.max_batch_size):
                rows += len(self.queue[0].rows)
                batch.append(self.queue.pop(0))
        for pending in batch:
            pending.running = True
            self.queued_rows -= len(pending.rows)
        return batch

    async def _wait_for_more(self) -> None:
        """While requests are being read and the batch is not full, wait (at most max_wait_ms from the first row's arrival)."""
        limits = self.limits
        while limits.batchable and not self._urgent and self.incoming > 0 and self.queued_rows < limits.max_batch_size:
            left = self.queue[0].enqueued + limits.max_wait_ms / 1000 - time.perf_counter()
            if left <= 0:
                return
            self._wake.clear()
            try:
                await asyncio.wait_for(self._wake.wait(), left)
            except asyncio.TimeoutError:
                return

    async def _loop(self) -> None:
        while True:
            if not self.queue:
                self._idle.set()
                self._wake.clear()
                await self._wake.wait()
                continue
            # Rows read in this turn of the event loop join the batch.
            await asyncio.sleep(0)
            await self._wait_for_more()
            if not self.queue:
                continue
            batch = self._take()
            started = time.perf_counter()
            for pending in batch:
                self.metrics.waited(started - pending.enqueued)
            await self._call(batch)

    async def _call(self, batch: list[Pending]) -> None:
        rows = [row for pending in batch for row in pending.rows]
        started = time.perf_counter()
        try:
            answers = await self.run(rows)
        except Exception as error:  # noqa: BLE001 - handed to the callers
            self.metrics.batch(len(rows), time.perf_counter() - started)
            await self._isolate(batch, error)
            return
        self.metrics.batch(len(rows), time.perf_counter() - started)
        at = 0
        for pending in batch:
            if not pending.future.done():
                pending.future.set_result(answers[at : at + len(pending.rows)])
            at += len(pending.rows)

    async def _isolate(self, batch: list[Pending], error: Exception) -> None:
        """After a failed call of several requests' rows, runs each alone so only the failing ones get an error."""
        if len(batch) == 1 or not isinstance(error, (PredictFailed, HttpError)):
            for pending in batch:
                _fail(pending, error)
            return
        for pending in batch:
            try:
                answers = await self.run(pending.rows)
                if not pending.future.done():
                    pending.future.set_result(answers)
            except Exception as alone:  # noqa: BLE001
                _fail(pending, alone)

    def close(self) -> None:
        self._task.cancel()
