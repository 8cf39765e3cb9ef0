"""Prints, as JSON, every table answer the pickle adapter makes that the worker's jsonable would still change (the adapter says answers_are_json, so the worker sends them as they are).

Classifier scores and regressor outputs of random shapes with NaN, infinities and ordinary numbers.
"""

import json
import math
import random

import numpy as np

from craneml_runtime.adapters.pickle_adapter import PickleAdapter
from craneml_runtime.adapters.table_answers import classify, values
from craneml_runtime.worker import jsonable

CELLS = [0.25, 0.75, 0.0, 1.0, -2.5, 1e300, math.nan, math.inf, -math.inf]

rng = random.Random(7)
differences = []
checked = 0
for _ in range(200):
    rows, width = rng.choice([1, 3, 20]), rng.choice([1, 2, 3, 5])
    scores = np.array([[rng.choice(CELLS) for _ in range(width)] for _ in range(rows)], dtype=np.float64)
    labels = [f"class {i}" for i in range(rng.choice([width, width - 1]))]
    predicted = rng.choice([None, [rng.choice(labels or ["x"]) for _ in range(rows)]])
    for answers in (classify(scores, labels, rng.choice([1, 2, 9]), predicted), values(scores, rows)):
        checked += 1
        text = json.dumps(answers, allow_nan=True)
        if jsonable(answers) != answers or json.dumps(jsonable(answers)) != text:
            differences.append(text[:300])
print(json.dumps({"checked": checked, "says_plain": PickleAdapter.answers_are_json, "differences": differences[:5]}))
