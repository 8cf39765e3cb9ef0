"""The model behind the routes: its worker process, the batcher in front of it, warm-up, request deadlines and the replacement of a stuck worker."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

from .batcher import BatchLimits, Batcher
from .errors import HttpError, unavailable
from .row_refusals import RowName, gap_failure, refuse_unfilled_gaps, value_refusal
from .table import Table
from .tensor_answers import is_tensor_model, predictions
from .tensor_rows import TensorRows
from .worker import CallTimeout, PredictFailed, SetupError, Worker, WorkerGone


def warmup_row(table: Table) -> dict | None:
    """A row from the columns' examples or defaults, when every column has one."""
    if not table.typed:
        return None
    row = {}
    for column in table.columns:
        if "example" in column:
            row[column["name"]] = column["example"]
        elif "default" in column:
            row[column["name"]] = column["default"]
        else:
            return None
    return row


class Model:
    """States: loading → ready ⇄ replacing (a stuck worker is being replaced) → draining; failed when set-up fails."""

    def __init__(self, manifest: dict, project: str, deadline_ms: float, metrics, log, on_fatal: Callable[[str], None]):
        self.manifest = manifest
        self.project = project
        self.deadline = deadline_ms / 1000
        self.metrics = metrics
        self.log = log
        self.on_fatal = on_fatal
        self.tensors = is_tensor_model(manifest)
        self.table: Table | TensorRows = TensorRows(manifest) if self.tensors else Table(manifest)
        self.state = "loading"
        self.worker: Worker | None = None
        self.batcher: Batcher | None = None
        self._replacing: asyncio.Task | None = None

    @property
    def ready(self) -> bool:
        return self.state == "ready"

    async def load(self) -> None:
        """Starts the worker (set-up), then one warm-up call; SetupError when set-up fails."""
        started = time.perf_counter()
        self.worker = Worker(self.manifest, self.project)
        await self.worker.start()
        self.batcher = Batcher(self._run, BatchLimits.of(self.manifest["server"], self.worker.batchable), self.metrics)
        row = warmup_row(self.table)
        if row is not None:
            try:
                await self.worker.call(self.table.rows_from_instances([row]), self.deadline)
            except (PredictFailed, CallTimeout, WorkerGone, HttpError) as error:
                self.log.event("warn", "the warm-up call failed; serving anyway", error=str(error) or type(error).__name__)
                if not self.worker.alive:
                    await self._replace()
        if self.state == "loading":
            self.state = "ready"
        self.log.event("info", "model loaded", model=self.manifest["name"], version=self.manifest["version"],
                       ms=round((time.perf_counter() - started) * 1000))

    async def _replace(self) -> None:
        """A new worker for one that was killed or died; a set-up that fails now stops the server."""
        if self.state == "ready":
            self.state = "replacing"
        self.log.event("warn", "replacing the model worker")
        worker = Worker(self.manifest, self.project)
        try:
            await worker.start()
        except SetupError as error:
            self.state = "failed"
            self.on_fatal(str(error))
            return
        self.worker = worker
        if self.state == "replacing":
            self.state = "ready"
        self.log.event("info", "model worker replaced")

    async def _run(self, rows: list) -> list:
        if self._replacing:
            await self._replacing
            self._replacing = None
        assert self.worker is not None
        try:
            return await self.worker.call(rows, self.deadline)
        except (CallTimeout, WorkerGone):
            self.worker.close()
            self._replacing = asyncio.get_running_loop().create_task(self._replace())
            raise

    def require(self) -> Batcher:
        """The batcher, or 503 while loading (requests are still served while draining or replacing a worker)."""
        if self.batcher is None or self.state in ("loading", "failed"):
            raise unavailable("NOT_READY", "the model failed to load" if self.state == "failed" else "the model is still loading; retry shortly")
        return self.batcher

    async def predict(self, batcher: Batcher, rows: list, started: float, raw: bool = False, where: RowName | None = None) -> list:
        """
        The answers for one request's rows, by its deadline: 503 while still queued at the deadline, 504
        when the model ran past it. A tensor model's rows are answered from their outputs (tensor_answers.py),
        or with the outputs themselves when `raw` (V2). A value the library's input check refuses is a 422,
        and with `where` (a table's /predict, naming a row) so is a gap the model cannot fill (row_refusals.py).
        """
        chunks = batcher.submit(rows)
        left = started + self.deadline - time.perf_counter()
        futures = [chunk.future for chunk in chunks]
        done, _ = await asyncio.wait(futures, timeout=max(0.0, left))
        if len(done) < len(futures):
            waiting = [chunk for chunk in chunks if not chunk.future.done()]
            if all(batcher.withdraw(chunk) for chunk in waiting):
                raise unavailable("OVERLOADED", f"the request was not answered within its deadline of {self.deadline:g} s; retry shortly")
            raise HttpError(
                504,
                "INTERNAL",
                f"the model did not answer within the deadline of {self.deadline:g} s; its worker is stopped and replaced",
            )
        answers: list = []
        for future in futures:
            error = future.exception()
            if isinstance(error, CallTimeout):
                raise HttpError(504, "INTERNAL", f"the model did not answer within the deadline of {self.deadline:g} s; its worker is stopped and replaced")
            if isinstance(error, PredictFailed):
                refusal = (gap_failure(rows, str(error), where) if where is not None else None) or value_refusal(str(error))
                if refusal is not None:
                    raise refusal
            if isinstance(error, (PredictFailed, WorkerGone)):
                raise HttpError(500, "INTERNAL", str(error))
            if error is not None:
                raise error
            answers.extend(future.result())
        if where is not None:
            refuse_unfilled_gaps(rows, answers, where)
        return predictions(self.manifest, answers) if self.tensors and not raw else answers

    def trimmed(self, predictions: list) -> list:
        """Class answers cut to postprocess.top_k (the worker answers every class's score: worker.with_every_score)."""
        k = int(self.manifest["postprocess"].get("top_k", 3))
        return [
            {**p, "top_k": p["top_k"][:k]} if isinstance(p, dict) and isinstance(p.get("top_k"), list) and len(p["top_k"]) > k else p
            for p in predictions
        ]

    async def drain(self) -> None:
        self.state = "draining"
        if self.batcher:
            await self.batcher.drain()

    def close(self) -> None:
        if self.batcher:
            self.batcher.close()
        if self.worker:
            self.worker.close()
