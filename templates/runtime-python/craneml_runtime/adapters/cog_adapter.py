"""
Serves a Cog project unchanged: setup() once, then one run(**row) call per row (predict(**row) in
projects written before Cog 0.22; a plain function where cog.yaml names one), inputs checked
against its signature. An async run or setup runs on the adapter's own event loop.
"""

from __future__ import annotations

import asyncio
import inspect
import pathlib
import threading
from typing import Any, Callable

from .answers import jsonable
from .cog_files import materialised
from .cog_signature import CogInput, checked_row, read_inputs
from .errors import InvalidRow, RefusedModel
from .project_code import project_object


def cog_types() -> tuple[type, type]:
    """The types predict expects for Path and Secret inputs: the image's cog module's, else the plain ones."""
    try:
        from cog import Path, Secret

        return Path, Secret
    except ImportError:
        return pathlib.Path, str


def in_scope(call: Callable[[], Any]) -> Any:
    """One call in a metrics scope of its own, where the image's cog module keeps them."""
    try:
        from cog import in_scope as scoped
    except ImportError:
        return call()
    return scoped(call)


def own_method(cls: type, name: str) -> bool:
    """Whether the project's class (or a class of its own above it) defines `name`, not Cog's base classes."""
    for owner in cls.__mro__:
        if owner.__module__ == "cog" or owner is object:
            return False
        if callable(owner.__dict__.get(name)):
            return True
    return False


def entry_method(cls: type) -> str:
    """The method Cog calls: run, or predict in a project written before Cog 0.22; never both."""
    defines = [name for name in ("run", "predict") if own_method(cls, name)]
    if len(defines) == 2:
        raise RefusedModel(f"{cls.__name__} defines both run() and predict(); Cog takes one, so define run() only")
    if not defines:
        raise RefusedModel(f"{cls.__name__} defines no run() or predict() method")
    return defines[0]


class CogAdapter:
    # Cog calls run with one row's keyword arguments: rows cannot be joined into one call.
    batchable = False

    def __init__(self, source: dict[str, Any], project_dir: str) -> None:
        self.project_dir = project_dir
        self.file: str = source.get("file", "predict.py")
        self.class_name: str = source.get("class", "Predictor")
        self.predictor: Any = None
        self.entry: Callable[..., Any] | None = None
        self.inputs: list[CogInput] = []
        self.ready = False
        self.loop: asyncio.AbstractEventLoop | None = None
        # One call at a time on the loop: the server's threads may ask at once.
        self.loop_lock = threading.Lock()

    def setup(self) -> None:
        found = project_object(self.project_dir, self.file, self.class_name)
        if isinstance(found, type):
            self.predictor = found()
            self.entry = getattr(self.predictor, entry_method(found))
            self.inputs = read_inputs(self.entry)
            self.settled(self.predictor.setup())
        elif callable(found):
            self.entry = found
            self.inputs = read_inputs(found)
        else:
            raise RefusedModel(f"{self.file}'s {self.class_name} is neither a class nor a function")
        self.ready = True

    def settled(self, value: Any) -> Any:
        """What an async setup or run gives: awaited, or an async generator read to its end, on the adapter's loop."""
        if not inspect.isawaitable(value) and not inspect.isasyncgen(value):
            return value
        if self.loop is None:
            self.loop = asyncio.new_event_loop()

        async def gathered() -> Any:
            return [item async for item in value] if inspect.isasyncgen(value) else await value

        with self.loop_lock:
            return self.loop.run_until_complete(gathered())

    def check(self, row: Any) -> dict[str, Any]:
        """One row's predict arguments, or InvalidRow naming the input."""
        return checked_row(self.inputs, row)

    def predict(self, rows: list[Any]) -> list[Any]:
        checked: list[dict[str, Any]] = []
        for number, row in enumerate(rows):
            try:
                checked.append(self.check(row))
            except InvalidRow as error:
                raise InvalidRow(error.column, error.reason, number if len(rows) > 1 else None) from None
        return [self.predict_one(arguments) for arguments in checked]

    def predict_one(self, arguments: dict[str, Any]) -> Any:
        path, secret = cog_types()
        for spec in self.inputs:
            if spec.kind == "secret" and isinstance(arguments.get(spec.name), str):
                arguments[spec.name] = secret(arguments[spec.name])
        assert self.entry is not None, "setup() runs first"
        entry = self.entry
        with materialised(self.inputs, arguments, path) as ready:
            # A generator (Cog's Iterator output) is read to the end while its input files still exist;
            # what the call records with record_metric ends with it.
            return in_scope(lambda: jsonable(self.settled(entry(**ready))))

    def extra_routes(self, predict: Any = None, ready: Any = None) -> list[Any]:
        """Cog's POST /predictions and GET /health-check; `predict` and `ready` are the server's, where the model runs elsewhere."""
        from .cog_routes import cog_routes

        return cog_routes(self, predict, ready)
