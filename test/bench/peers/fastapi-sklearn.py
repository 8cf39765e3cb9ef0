"""A scikit-learn pickle behind FastAPI, written by hand the way people do: joblib.load, a DataFrame of the
posted rows, predict_proba. The benchmark's reference for the Python runtime (test/bench/python-runtime.ts).

Run: uvicorn app:app --host 127.0.0.1 --port 8000 (model.pkl in the working directory)
"""

import joblib
import pandas as pd
from fastapi import FastAPI

model = joblib.load("model.pkl")
app = FastAPI()


@app.get("/health")
def health():
    return {"status": "ok"}


@app.post("/predict")
def predict(body: dict):
    frame = pd.DataFrame(body["instances"])
    probabilities = model.predict_proba(frame)
    best = probabilities.argmax(axis=1)
    return {
        "predictions": [
            {"label": str(model.classes_[i]), "score": float(p[i])} for i, p in zip(best, probabilities)
        ]
    }
