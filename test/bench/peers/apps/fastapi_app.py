"""The digits model behind FastAPI, the way its docs show: a pydantic body, UploadFile, uvicorn.

Run: MODEL_PATH=model.onnx uvicorn fastapi_app:app --host 127.0.0.1 --port 8000 [--workers 2]
"""

import io
import os

import numpy as np
import onnxruntime as ort
from fastapi import FastAPI, Request, UploadFile
from PIL import Image
from pydantic import BaseModel

session = ort.InferenceSession(os.environ["MODEL_PATH"], providers=["CPUExecutionProvider"])
input_name = session.get_inputs()[0].name
labels = [str(i) for i in range(10)]

app = FastAPI()


class Instances(BaseModel):
    instances: list[list[list[list[float]]]]  # [N, 1, 28, 28]


def classify(batch: np.ndarray) -> list[dict]:
    logits = session.run(None, {input_name: batch})[0]
    exp = np.exp(logits - logits.max(axis=1, keepdims=True))
    probs = exp / exp.sum(axis=1, keepdims=True)
    return [{"label": labels[i], "score": float(p[i])} for p, i in zip(probs, probs.argmax(axis=1))]


def to_tensor(png: bytes) -> np.ndarray:
    image = Image.open(io.BytesIO(png)).convert("L").resize((28, 28), Image.BILINEAR)
    pixels = np.asarray(image, dtype=np.float32) / 255.0
    if pixels.mean() > 0.5:  # dark ink on light paper: the model wants light on dark
        pixels = 1.0 - pixels
    return pixels[None, None]


@app.get("/health")
def health():
    return {"status": "ok"}


@app.post("/predict")
def predict(body: Instances):
    return {"predictions": classify(np.asarray(body.instances, dtype=np.float32))}


@app.post("/predict/png")
async def predict_png(request: Request):
    return {"predictions": classify(to_tensor(await request.body()))}


@app.post("/predict/file")
async def predict_file(image: UploadFile):
    return {"predictions": classify(to_tensor(await image.read()))}
