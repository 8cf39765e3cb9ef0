"""Versions of the packages in this converter, and comparing version strings without third-party code."""

from __future__ import annotations

import re
from importlib import metadata

PACKAGES = ("numpy", "scipy", "scikit-learn", "xgboost", "lightgbm", "skl2onnx", "onnxmltools", "onnx", "onnxruntime", "catboost")


def installed(package: str) -> str | None:
    for name in (package, f"{package}-cpu"):
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    return None


def installed_packages() -> dict[str, str]:
    found = {name: installed(name) for name in PACKAGES}
    return {name: version for name, version in found.items() if version}


def release(version: str) -> tuple[int, ...]:
    """The leading numbers of a version: "1.9.1" -> (1, 9, 1), "1.6.dev0" -> (1, 6)."""
    numbers = re.match(r"^\d+(?:\.\d+)*", version.strip())
    return tuple(int(part) for part in numbers.group(0).split(".")) if numbers else ()


def is_newer(version: str, than: str) -> bool:
    return release(version) > release(than)
