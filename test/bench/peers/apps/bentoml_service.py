"""The digits model as a BentoML service with adaptive batching, the way BentoML's docs show.

Run: MODEL_PATH=model.onnx bentoml serve bentoml_service:Digits --host 127.0.0.1 --port 3000
"""

import os
from typing import Annotated

import bentoml
import numpy as np
from bentoml.validators import DType, Shape
from PIL.Image import Image

LABELS = [str(i) for i in range(10)]


@bentoml.service
class Digits:
    def __init__(self) -> None:
        import onnxruntime as ort

        self.session = ort.InferenceSession(os.environ["MODEL_PATH"], providers=["CPUExecutionProvider"])
        self.input_name = self.session.get_inputs()[0].name

    def classify(self, batch: np.ndarray) -> list[dict]:
        logits = self.session.run(None, {self.input_name: batch})[0]
        exp = np.exp(logits - logits.max(axis=1, keepdims=True))
        probs = exp / exp.sum(axis=1, keepdims=True)
        return [{"label": LABELS[i], "score": float(p[i])} for p, i in zip(probs, probs.argmax(axis=1))]

    @bentoml.api(batchable=True, max_batch_size=32)
    def predict(self, instances: Annotated[np.ndarray, DType("float32"), Shape((-1, 1, 28, 28))]) -> list[dict]:
        return self.classify(instances)

    @bentoml.api(batchable=True, max_batch_size=32)
    def predict_image(self, image: list[Image]) -> list[dict]:
        batch = []
        for picture in image:
            pixels = np.asarray(picture.convert("L").resize((28, 28)), dtype=np.float32) / 255.0
            if pixels.mean() > 0.5:  # dark ink on light paper: the model wants light on dark
                pixels = 1.0 - pixels
            batch.append(pixels[None])
        return self.classify(np.stack(batch))
