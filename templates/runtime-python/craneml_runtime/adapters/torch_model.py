"""
What the TorchScript and torch.export adapters share: a module on the CPU in eval mode, with as many
threads as the container has CPUs, called under inference_mode with one batched tensor per declared
input; each row answered with its raw outputs by the declared output names (the server turns them into
labels or values, tensor_answers.py); a warm-up on zeros of the declared shapes that checks the outputs.
"""

from __future__ import annotations

import os
from typing import Any, Callable

from ..cpus import container_cpus
from ..tensor_answers import score_output_name
from ..tensor_rows import batch_axis, format_shape, sample_shape
from .errors import ModelOutputError, RefusedModel

TORCH_DTYPES = {
    "float32": "float32", "float64": "float64", "float16": "float16", "int8": "int8", "int16": "int16", "int32": "int32",
    "int64": "int64", "uint8": "uint8", "uint16": "uint16", "uint32": "uint32", "uint64": "uint64", "bool": "bool",
}  # fmt: skip


def _shape_of(value: Any) -> tuple[int, ...]:
    shape = []
    while isinstance(value, list):
        shape.append(len(value))
        if not value:
            break
        value = value[0]
    return tuple(shape)


class TorchAdapter:
    """One torch module behind the server; `load(path)` gives the callable module (torch.jit.load, or torch.export's module())."""

    batchable = True

    def __init__(self, manifest: dict[str, Any], project_dir: str, load: Callable[[str], Any]) -> None:
        self.path = os.path.join(project_dir, manifest["python"]["source"]["file"])
        self.load = load
        self.inputs: list[dict] = manifest["signature"]["inputs"]
        self.output_names = [spec["name"] for spec in manifest["signature"]["outputs"]]
        self.axis, self.batch = batch_axis(self.inputs)
        self.shapes = {spec["name"]: sample_shape(self.inputs, spec) for spec in self.inputs}
        self.labels: list[str] = list(manifest.get("labels") or [])
        self.score_output = score_output_name(manifest)
        self.module: Any = None

    def setup(self) -> None:
        import torch

        torch.set_num_threads(container_cpus())
        self.module = self.load(self.path)
        self.warm_up()

    def warm_up(self) -> None:
        """One call on zeros of the declared shapes (open dimensions 1): the model must run, and a labelled model's score output hold one score per label."""
        row = {spec["name"]: _zeros([1 if d < 0 else d for d in self.shapes[spec["name"]]], spec["dtype"]) for spec in self.inputs}
        try:
            outputs = self.call([row])[0]["outputs"]
        except ModelOutputError:
            raise
        except Exception as error:  # noqa: BLE001 - the model's own failure, named by its last line
            shapes = ", ".join(f'{spec["name"]} {format_shape(spec["shape"])}' for spec in self.inputs)
            message = str(error).strip().splitlines()[-1:] or [type(error).__name__]
            raise RefusedModel(f"the model cannot run on its declared input shape ({shapes}): {message[0]}") from None
        if self.labels:
            scores = outputs.get(self.score_output)
            if scores is None:
                raise RefusedModel(f'the score output "{self.score_output}" is not among the model\'s outputs ({", ".join(outputs)})')
            if len(scores["data"]) != len(self.labels):
                raise RefusedModel(
                    f'{len(self.labels)} labels given, but the model\'s output "{self.score_output}" holds {len(scores["data"])} '
                    f"scores per row {format_shape(scores['shape'])}: give one label per score"
                )

    def predict(self, rows: list[Any]) -> list[Any]:
        answers: list[Any] = [None] * len(rows)
        groups: dict[tuple, list[int]] = {}
        for i, row in enumerate(rows):
            key = tuple(_shape_of(row.get(spec["name"]) if isinstance(row, dict) else row) for spec in self.inputs)
            groups.setdefault(key, []).append(i)
        for indices in groups.values():
            group = [rows[i] for i in indices]
            if self.axis == "none":
                outputs = [answer for row in group for answer in self.call([row])]
            elif self.axis == "fixed":
                outputs = []
                for start in range(0, len(group), self.batch):
                    part = group[start : start + self.batch]
                    # A short call is filled by repeating its last row; the filler's answers are dropped.
                    outputs.extend(self.call(part + [part[-1]] * (self.batch - len(part)))[: len(part)])
            else:
                outputs = self.call(group)
            for i, output in zip(indices, outputs):
                answers[i] = output
        return answers

    def call(self, rows: list[Any]) -> list[dict]:
        """One model call on `rows` stacked on the batch axis (a model without one gets one row as its whole input)."""
        import torch

        tensors = []
        for spec in self.inputs:
            values = [row[spec["name"]] if isinstance(row, dict) else row for row in rows]
            dtype = getattr(torch, TORCH_DTYPES.get(spec["dtype"], "float32"))
            tensor = torch.tensor(values if self.axis != "none" else values[0], dtype=dtype)
            wanted = self.shapes[spec["name"]]
            if all(d >= 0 for d in wanted):
                tensor = tensor.reshape([len(rows), *wanted] if self.axis != "none" else wanted)
            tensors.append(tensor)
        with torch.inference_mode():
            result = self.module(*tensors)
        return self.split(self.named(result), len(rows) if self.axis != "none" else None)

    def named(self, result: Any) -> dict[str, Any]:
        """The model's outputs by the declared names: one tensor, a tuple or list in order, or a dict by its own keys."""
        import torch

        if isinstance(result, torch.Tensor):
            items = [result]
        elif isinstance(result, (tuple, list)) and all(isinstance(t, torch.Tensor) for t in result):
            items = list(result)
        elif isinstance(result, dict) and all(isinstance(t, torch.Tensor) for t in result.values()):
            return {str(k): v for k, v in result.items()}
        else:
            raise ModelOutputError(f"the model answered a {type(result).__name__}, not tensors (one, a tuple or a dict of them)")
        names = self.output_names + [f"output_{i}" for i in range(len(self.output_names), len(items))]
        return dict(zip(names, items))

    def split(self, outputs: dict[str, Any], count: int | None) -> list[dict]:
        """Each row's outputs ({"outputs": {name: {dtype, shape, data}}}, data flat); an output without the batch axis goes to every row."""
        import torch

        rows: list[dict] = [{"outputs": {}} for _ in range(count or 1)]
        for name, tensor in outputs.items():
            tensor = tensor.detach()
            if tensor.dtype == torch.bfloat16:
                tensor = tensor.float()
            dtype = "bool" if tensor.dtype == torch.bool else str(tensor.dtype).removeprefix("torch.")
            if tensor.dtype == torch.bool:
                tensor = tensor.to(torch.uint8)
            shape = list(tensor.shape)
            if count is None or not shape or shape[0] != count:
                whole = {"dtype": dtype, "shape": shape, "data": tensor.reshape(-1).tolist()}
                for row in rows:
                    row["outputs"][name] = whole
                continue
            data = tensor.reshape(count, -1).tolist()
            for row, values in zip(rows, data):
                row["outputs"][name] = {"dtype": dtype, "shape": shape[1:], "data": values}
        return rows

    def extra_routes(self, predict: Any = None, ready: Any = None) -> list[Any]:
        return []


def _zeros(shape: list[int], dtype: str) -> Any:
    zero: Any = False if dtype == "bool" else 0
    for size in reversed(shape):
        zero = [zero] * size if not isinstance(zero, list) else [list(zero) for _ in range(size)]
    return zero
