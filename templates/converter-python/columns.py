"""A table column as the converter sees it: what the report says about it, and what synthesising rows needs."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any


def plain(value: Any) -> Any:
    """A numpy scalar as the Python value it holds."""
    return value.item() if hasattr(value, "item") else value


def is_missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


@dataclass
class Column:
    name: str
    type: str = "number"
    categories: list[Any] | None = None
    center: float | None = None
    spread: float | None = None
    thresholds: list[float] = field(default_factory=list)
    nullable: bool = False
    tensor: str = "X"
    index: int = 0

    def values(self) -> list[str] | None:
        if self.categories is None or self.type not in ("string", "boolean"):
            return None
        return [str(value) for value in self.categories]

    def example(self) -> float | int | str | bool:
        if self.categories:
            return plain(self.categories[0])
        if self.type == "boolean":
            return False
        if self.type == "string":
            # A string column whose values the model does not keep (CatBoost hashes its categories).
            return ""
        number = self.center if self.center is not None else (sorted(self.thresholds)[len(self.thresholds) // 2] if self.thresholds else 0.0)
        return int(round(number)) if self.type == "integer" else float(f"{number:.4g}")

    def to_json(self, served_by_python: bool = False) -> dict[str, Any]:
        """
        The column as the report lists it. Served by the Python runtime, a string column the model fills
        in itself (an imputer of NaN over it, or an encoder that learnt a missing category) may be left
        empty, and the model is handed NaN; a converted model's string input has no missing value.
        """
        described: dict[str, Any] = {"name": self.name, "type": self.type, "tensor": self.tensor, "index": self.index, "example": self.example()}
        values = self.values()
        if values is not None:
            described["values"] = values
        if served_by_python and self.nullable and self.type == "string":
            described["optional"] = True
        return described


def category_type(categories: list[Any]) -> str:
    known = [plain(value) for value in categories if not is_missing(plain(value))]
    if known and all(isinstance(value, bool) for value in known):
        return "boolean"
    if known and all(isinstance(value, (int, float)) and not isinstance(value, bool) for value in known):
        return "integer" if all(float(value).is_integer() for value in known) else "number"
    return "string"
