"""Saves a scikit-learn pickle as an MLflow model (the sklearn flavour, pyfunc answering predict_proba), the
folder `mlflow models serve` and `mlflow models build-docker` take. Bench set-up only.

Run: python mlflow_save.py MODEL.pkl OUT_DIR (with the mlflow peer's venv)
"""

import pickle
import sys

import mlflow.sklearn
import numpy
import pandas
import scipy
import sklearn

with open(sys.argv[1], "rb") as handle:
    model = pickle.load(handle)
mlflow.sklearn.save_model(
    model,
    sys.argv[2],
    serialization_format=mlflow.sklearn.SERIALIZATION_FORMAT_PICKLE,
    pyfunc_predict_fn="predict_proba",
    # Named here rather than inferred: inference imports the model in a subprocess and takes a while.
    pip_requirements=[
        f"scikit-learn=={sklearn.__version__}",
        f"numpy=={numpy.__version__}",
        f"pandas=={pandas.__version__}",
        f"scipy=={scipy.__version__}",
        f"mlflow=={mlflow.__version__}",
    ],
)
