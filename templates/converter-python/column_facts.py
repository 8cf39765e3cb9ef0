"""Walks a fitted model to learn about its raw input columns: categories, scaler statistics, tree thresholds."""

from __future__ import annotations

from typing import Any, Callable

import numpy as np

from columns import Column, category_type, is_missing, plain

# A transformed feature traced back to a raw column: raw value = feature * scale + offset.
Link = tuple[str, float, float] | None
MAX_THRESHOLDS = 4096
Walker = Callable[[Any, list[Link], dict[str, Column]], list[Link] | None]

def learn(model: Any, columns: list[Column]) -> None:
    facts = {column.name: column for column in columns}
    walk(model, [(column.name, 1.0, 0.0) for column in columns], facts)


def walk(model: Any, links: list[Link], facts: dict[str, Column]) -> list[Link] | None:
    if model is None or (isinstance(model, str) and model == "passthrough"):
        return links
    if isinstance(model, str):
        return []
    walker = WALKERS.get(type(model).__name__)
    if walker is not None:
        return walker(model, links, facts)
    if hasattr(model, "tree_") or hasattr(model, "estimators_"):
        return trees(model, links, facts)
    return None


def pipeline(model: Any, links: list[Link], facts: dict[str, Column]) -> list[Link] | None:
    current: list[Link] | None = links
    for _, step in model.steps:
        if current is None:
            return None
        current = walk(step, current, facts)
    return current


def column_indices(model: Any, spec: Any, width: int) -> list[int]:
    names = [str(name) for name in getattr(model, "feature_names_in_", [])]
    if isinstance(spec, slice):
        return list(range(width))[spec]
    if isinstance(spec, (str, int, np.integer)):
        spec = [spec]
    listed = list(spec)
    if listed and all(isinstance(item, (bool, np.bool_)) for item in listed):
        return [i for i, keep in enumerate(listed) if keep]
    return [names.index(str(item)) if isinstance(item, str) else int(item) for item in listed]


def column_transformer(model: Any, links: list[Link], facts: dict[str, Column]) -> list[Link] | None:
    out: list[Link] | None = []
    for _, transformer, spec in model.transformers_:
        if isinstance(transformer, str) and transformer == "drop":
            continue
        picked = [links[i] for i in column_indices(model, spec, len(links)) if i < len(links)]
        result = walk(transformer, picked, facts)
        out = out + result if out is not None and result is not None else None
    return out


def imputer(model: Any, links: list[Link], facts: dict[str, Column]) -> list[Link] | None:
    statistics = getattr(model, "statistics_", None)
    for j, link in enumerate(links):
        if link is None or statistics is None or j >= len(statistics):
            continue
        column = facts[link[0]]
        column.nullable = column.nullable or is_missing(plain(model.missing_values))
        value = plain(statistics[j])
        if isinstance(value, (int, float)) and not is_missing(value) and column.center is None:
            column.center = float(value) * link[1] + link[2]
    indicator = getattr(model, "indicator_", None)
    return links + [None] * len(indicator.features_) if indicator is not None else links


def affine(links: list[Link], facts: dict[str, Column], center: Any, scale: Any) -> list[Link]:
    """A feature f' = (f - center) / scale: records the raw centre and spread, and traces f' to the raw column."""
    out: list[Link] = []
    for j, link in enumerate(links):
        c = float(center[j]) if center is not None else 0.0
        s = float(scale[j]) if scale is not None else 1.0
        if link is None:
            out.append(None)
            continue
        raw, a, b = link
        column = facts[raw]
        if column.center is None and center is not None:
            column.center = c * a + b
        if column.spread is None and scale is not None:
            column.spread = abs(s * a)
        out.append((raw, s * a, c * a + b))
    return out


def standard_scaler(model: Any, links: list[Link], facts: dict[str, Column]) -> list[Link]:
    return affine(links, facts, model.mean_, model.scale_)


def robust_scaler(model: Any, links: list[Link], facts: dict[str, Column]) -> list[Link]:
    return affine(links, facts, model.center_, model.scale_)


def max_abs_scaler(model: Any, links: list[Link], facts: dict[str, Column]) -> list[Link]:
    return affine(links, facts, None, model.scale_)


def min_max_scaler(model: Any, links: list[Link], facts: dict[str, Column]) -> list[Link]:
    """f' = f * scale_ + min_; the raw column's centre and spread come from the range it was fitted on."""
    low, high = np.asarray(model.data_min_, dtype=float), np.asarray(model.data_max_, dtype=float)
    for j, link in enumerate(links):
        if link is not None:
            column = facts[link[0]]
            column.center = column.center if column.center is not None else (low[j] + high[j]) / 2 * link[1] + link[2]
            column.spread = column.spread if column.spread is not None else abs((high[j] - low[j]) / 4 * link[1])
    scale = np.asarray(model.scale_, dtype=float)
    return affine(links, facts, -np.asarray(model.min_, dtype=float) / scale, 1 / scale)


def encoder(model: Any, links: list[Link], facts: dict[str, Column]) -> list[Link] | None:
    for j, link in enumerate(links):
        if link is None or j >= len(model.categories_):
            continue
        categories = [plain(value) for value in model.categories_[j]]
        column = facts[link[0]]
        column.nullable = column.nullable or any(is_missing(value) for value in categories)
        column.categories = [value for value in categories if not is_missing(value)]
        column.type = category_type(column.categories)
    try:
        return [None] * len(model.get_feature_names_out())
    except Exception:
        return None


def function_transformer(model: Any, links: list[Link], facts: dict[str, Column]) -> list[Link] | None:
    return links if model.func is None else None


def add_thresholds(link: Link, values: Any, facts: dict[str, Column]) -> None:
    """Thresholds of one raw column, at most MAX_THRESHOLDS of them: enough to synthesise rows on both sides."""
    if link is None:
        return
    raw, a, b = link
    column = facts[raw]
    room = MAX_THRESHOLDS - len(column.thresholds)
    if room > 0:
        column.thresholds.extend((np.asarray(values, dtype=float)[:room] * a + b).tolist())


def tree_thresholds(tree: Any, links: list[Link], facts: dict[str, Column]) -> None:
    features, thresholds = np.asarray(tree.feature), np.asarray(tree.threshold)
    for index in np.unique(features[(features >= 0) & (features < len(links))]):
        add_thresholds(links[int(index)], thresholds[features == index], facts)


def trees(model: Any, links: list[Link], facts: dict[str, Column]) -> None:
    if hasattr(model, "tree_"):
        tree_thresholds(model.tree_, links, facts)
        return None
    for estimator in np.ravel(np.asarray(getattr(model, "estimators_", []), dtype=object)):
        if hasattr(estimator, "tree_"):
            tree_thresholds(estimator.tree_, links, facts)
    return None


def hist_gradient_boosting(model: Any, links: list[Link], facts: dict[str, Column]) -> None:
    """It takes missing values in any column; fitted on a DataFrame with category columns, it encodes them itself (_preprocessor)."""
    for link in links:
        if link is not None:
            facts[link[0]].nullable = True
    preprocessor = getattr(model, "_preprocessor", None)
    if preprocessor is not None:
        walk(preprocessor, links, facts)
    return None


def booster_categories(model: Any, facts: dict[str, Column]) -> None:
    """Columns an XGBoost or LightGBM model was fitted on as pandas categories take strings: its categories where it keeps them."""
    from category_columns import category_columns

    for name, categories in category_columns(model).items():
        column = facts.get(name)
        if column is None:
            continue
        known = None if categories is None else [plain(value) for value in categories if not is_missing(plain(value))]
        column.categories = known
        column.type = category_type(known) if known else "string"


def xgboost_model(model: Any, links: list[Link], facts: dict[str, Column]) -> None:
    booster_categories(model, facts)
    booster = model.get_booster() if hasattr(model, "get_booster") else model
    names = booster.feature_names or []
    table = booster.trees_to_dataframe()
    for feature, split in zip(table["Feature"], table["Split"]):
        if feature == "Leaf" or is_missing(plain(split)):
            continue
        index = names.index(feature) if feature in names else int(feature[1:]) if feature[1:].isdigit() else -1
        if 0 <= index < len(links):
            add_thresholds(links[index], [float(split)], facts)
    return None


def lightgbm_model(model: Any, links: list[Link], facts: dict[str, Column]) -> None:
    booster_categories(model, facts)
    booster = model.booster_ if hasattr(model, "booster_") else model

    def visit(node: dict[str, Any]) -> None:
        if "split_feature" in node and isinstance(node.get("threshold"), (int, float)):
            index = int(node["split_feature"])
            if 0 <= index < len(links):
                add_thresholds(links[index], [float(node["threshold"])], facts)
        for child in ("left_child", "right_child"):
            if child in node:
                visit(node[child])

    for tree in booster.dump_model()["tree_info"]:
        visit(tree["tree_structure"])
    return None


def catboost_model(model: Any, links: list[Link], facts: dict[str, Column]) -> None:
    from catboost_model import catboost_thresholds

    for index, borders in catboost_thresholds(model).items():
        if 0 <= index < len(links):
            add_thresholds(links[index], borders, facts)
    return None


WALKERS: dict[str, Walker] = {
    "Pipeline": pipeline,
    "ColumnTransformer": column_transformer,
    "SimpleImputer": imputer,
    "StandardScaler": standard_scaler,
    "RobustScaler": robust_scaler,
    "MaxAbsScaler": max_abs_scaler,
    "MinMaxScaler": min_max_scaler,
    "OneHotEncoder": encoder,
    "OrdinalEncoder": encoder,
    "FunctionTransformer": function_transformer,
    "HistGradientBoostingClassifier": hist_gradient_boosting,
    "HistGradientBoostingRegressor": hist_gradient_boosting,
    "XGBClassifier": xgboost_model,
    "XGBRegressor": xgboost_model,
    "Booster": lambda m, l, f: xgboost_model(m, l, f) if type(m).__module__.startswith("xgboost") else lightgbm_model(m, l, f),
    "LGBMClassifier": lightgbm_model,
    "LGBMRegressor": lightgbm_model,
    "CatBoostClassifier": catboost_model,
    "CatBoostRegressor": catboost_model,
}
