"""The columns an XGBoost or LightGBM model was fitted on as pandas categories, which it takes only as categories again.

Both libraries refuse such a column given as strings ("train and valid dataset categorical_feature do not
match"; "Both should be either numeric or categorical"), and both match the values to the training
categories themselves, so a frame's column made categorical from its own values is enough.
"""

from __future__ import annotations

from typing import Any


def category_columns(model: Any) -> dict[str, list[Any] | None]:
    """Each such column's name and training categories, where the model keeps them (LightGBM; XGBoost keeps none we can read)."""
    module = type(model).__module__
    if module.startswith("xgboost"):
        booster = model.get_booster() if hasattr(model, "get_booster") else model
        names, types = booster.feature_names or [], booster.feature_types or []
        return {str(name): None for name, kind in zip(names, types) if kind == "c"}
    if module.startswith("lightgbm"):
        booster = model.booster_ if hasattr(model, "booster_") else model
        categories = getattr(booster, "pandas_categorical", None) or []
        if not categories:
            return {}
        # Every dump holds the feature infos; one tree's dump, not the whole model's, for a model of thousands of trees.
        infos = booster.dump_model(num_iteration=1).get("feature_infos", {})
        # A categorical feature lists the category codes it saw; a number one lists none. Same order as pandas_categorical.
        names = [str(name) for name, info in infos.items() if info.get("values")]
        return dict(zip(names, [list(values) for values in categories]))
    return {}


def as_categories(frame: Any, columns: dict[str, list[Any] | None]) -> Any:
    """`frame` with those of `columns` it holds made pandas categories (a copy when any is)."""
    present = [name for name in columns if name in frame.columns]
    return frame.astype({name: "category" for name in present}) if present else frame
