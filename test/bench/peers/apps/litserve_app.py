"""The digits model on LitServe with batching, the way LitServe's docs show.

Run: MODEL_PATH=model.onnx PORT=8000 python litserve_app.py
POST /predict takes {"instances": [...]} (JSON) or a form with the picture in the field "image".
"""

import io
import os

import litserve as ls
import numpy as np
from PIL import Image

LABELS = [str(i) for i in range(10)]


class DigitsAPI(ls.LitAPI):
    def setup(self, device):
        import onnxruntime as ort

        self.session = ort.InferenceSession(os.environ["MODEL_PATH"], providers=["CPUExecutionProvider"])
        self.input_name = self.session.get_inputs()[0].name

    def decode_request(self, request):
        if "image" in request:  # multipart form
            picture = Image.open(io.BytesIO(request["image"].file.read())).convert("L").resize((28, 28))
            pixels = np.asarray(picture, dtype=np.float32) / 255.0
            if pixels.mean() > 0.5:  # dark ink on light paper: the model wants light on dark
                pixels = 1.0 - pixels
            return pixels[None]
        return np.asarray(request["instances"][0], dtype=np.float32)

    def batch(self, inputs):
        return np.stack(inputs)

    def predict(self, batch):
        logits = self.session.run(None, {self.input_name: batch})[0]
        exp = np.exp(logits - logits.max(axis=1, keepdims=True))
        return exp / exp.sum(axis=1, keepdims=True)

    def unbatch(self, output):
        return list(output)

    def encode_response(self, probs):
        i = int(probs.argmax())
        return {"predictions": [{"label": LABELS[i], "score": float(probs[i])}]}


if __name__ == "__main__":
    api = DigitsAPI(max_batch_size=32, batch_timeout=0.002)
    server = ls.LitServer(api, accelerator="cpu")
    server.run(host="127.0.0.1", port=int(os.environ.get("PORT", "8000")), generate_client_file=False)
