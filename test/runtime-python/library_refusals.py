"""Prints, as JSON, what row_refusals.value_refusal makes of the errors scikit-learn itself raises for values it cannot take, and of one it raises for another reason."""

import json
import math

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.tree import DecisionTreeClassifier

from craneml_runtime.row_refusals import value_refusal

X = np.array([[0.0, 1.0], [1.0, 0.0], [2.0, 1.0], [3.0, 0.0]])
y = np.array([0, 1, 0, 1])
tree = DecisionTreeClassifier(random_state=0).fit(X, y)
linear = LogisticRegression().fit(X, y)


def worker_message(call) -> str:
    """The message the worker sends for a failing predict: "Type: message" (worker._serve)."""
    try:
        call()
    except Exception as error:  # noqa: BLE001
        return f"{type(error).__name__}: {error}"
    return ""


cases = {
    "too large for float32 (a tree)": lambda: tree.predict_proba(np.array([[1e308, 0.0]])),
    "NaN (a linear model)": lambda: linear.predict_proba(np.array([[math.nan, 0.0]])),
    "infinity (a linear model)": lambda: linear.predict_proba(np.array([[math.inf, 0.0]])),
    "wrong feature count (not a value)": lambda: linear.predict_proba(np.array([[1.0, 2.0, 3.0]])),
}
report = {}
for name, call in cases.items():
    message = worker_message(call)
    refusal = value_refusal(message)
    report[name] = {"raised": message.splitlines()[0][:160], "refusal": None if refusal is None else [refusal.status, refusal.message]}
print(json.dumps(report))
