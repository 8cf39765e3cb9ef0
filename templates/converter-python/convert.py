"""The converter container's entry point: loads a notebook model, converts it to ONNX, proves parity, writes /out/report.json.

python convert.py --model /in/<file> --kind <SourceKind> --allowed /in/allowed.json --out /out [--sample /in/sample.csv] --tolerance 1e-4
Progress goes to stdout as one JSON object a line; anything else to stderr. A handled failure is a report
with ok: false and exit 0; a crash exits non-zero.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from typing import Any

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from steps import StepFailed, note, progress  # noqa: E402


def arguments(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Converts a notebook model to ONNX and proves parity.")
    parser.add_argument("--model", required=True)
    parser.add_argument("--kind", required=True)
    parser.add_argument("--allowed")
    parser.add_argument("--out", required=True)
    parser.add_argument("--sample")
    parser.add_argument("--tolerance", type=float, default=1e-4)
    args = parser.parse_args(argv)
    if not args.tolerance > 0:
        parser.error("--tolerance must be a positive number")
    return args


def read_allowed(path: str | None) -> frozenset[str]:
    """The "module.qualname" globals the host's static scan approved; none for files that are not pickles."""
    if not path:
        return frozenset()
    with open(path) as handle:
        return frozenset(str(name) for name in json.load(handle))


def described(description: Any, learnt: dict[str, Any]) -> dict[str, Any]:
    """The model as describe learnt it: estimator, task, classes, library."""
    from class_scores import label_text

    model = {"estimator": description.estimator, "task": description.task, **learnt}
    if description.classes is not None:
        model["classes"] = [label_text(value) for value in description.classes]
    return model


def success(description: Any, learnt: dict[str, Any], converted: Any, parity: dict[str, Any]) -> dict[str, Any]:
    from versions import installed_packages

    model = described(description, learnt)
    onnx = {"file": "model.onnx", "score_output": converted.score_output}
    if converted.label_output:
        onnx["label_output"] = converted.label_output
    return {
        "ok": True,
        "model": model,
        "columns": [column.to_json() for column in description.columns],
        "onnx": onnx,
        "converter": {"name": converted.converter, "version": converted.version, "packages": installed_packages(), "opset": converted.opsets},
        "parity": parity,
    }


def run(args: argparse.Namespace) -> dict[str, Any]:
    progress("load", f"loading {os.path.basename(args.model)} as {args.kind}")
    from describe import describe
    from prove import prove
    from safe_load import load_model
    from sample_csv import read_sample
    from step_errors import in_step
    from synth_rows import synth_rows

    learnt: dict[str, Any] = {}
    description = None
    try:
        allowed = read_allowed(args.allowed)
        loaded = in_step("load", lambda: load_model(args.model, args.kind, allowed))
        learnt = {"library": loaded.library, **({"library_version": loaded.library_version} if loaded.library_version else {})}
        progress("describe", "reading its columns, classes and statistics")
        description = in_step("describe", lambda: describe(loaded))
        learnt["estimator"] = description.estimator
        frame = read_sample(args.sample, description.columns) if args.sample else in_step("parity", lambda: synth_rows(description.columns))
        converted, parity = prove(loaded, description, frame, "user" if args.sample else "synthesised", args.tolerance)
        with open(os.path.join(args.out, "model.onnx"), "wb") as handle:
            handle.write(converted.model.SerializeToString())
        return success(description, learnt, converted, parity)
    except StepFailed as failure:
        error: dict[str, Any] = {"step": failure.step, "message": failure.message}
        if failure.parity:
            error["parity"] = failure.parity
        if description is None:
            return {"ok": False, "error": error, **({"model": learnt} if learnt else {})}
        # Described before it failed: the host serves it with the Python runtime by these columns and classes.
        columns = [column.to_json(served_by_python=True) for column in description.columns]
        return {"ok": False, "error": error, "model": described(description, learnt), "columns": columns}


def main(argv: list[str]) -> int:
    args = arguments(argv)
    started = time.monotonic()
    report = run(args)
    outcome = "converted" if report["ok"] else f"failed at {report['error']['step']}"
    note(f"{outcome} in {time.monotonic() - started:.2f} s")
    with open(os.path.join(args.out, "report.json"), "w") as handle:
        json.dump(report, handle, indent=1, allow_nan=False)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
