"""Writes the classifier fixtures of test/fixtures/onnx/classifiers: models that once led
`craneml init --labels` to a silently wrong answer (wrong score output, unsqueezed class axis,
logits taken for probabilities), each with the shape that caught it.

Tooling only (needs onnx and numpy from PyPI); the outputs are committed so tests never run Python.
    python3 scripts/make_classifier_fixtures.py
"""

import numpy as np
import onnx
from fixture_out import FIXTURES
from onnx import TensorProto, helper, numpy_helper

OUT = FIXTURES / "onnx" / "classifiers"
RNG = np.random.default_rng(12)


def save(graph, name):
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)], producer_name="craneml-classifier-fixture")
    model.ir_version = 8
    onnx.checker.check_model(model)
    onnx.save(model, str(OUT / name))


def weights(name, shape, scale=1.0):
    return numpy_helper.from_array((RNG.normal(0, scale, shape)).astype(np.float32), name)


def fixed_batch_label_probabilities():
    """Fixed batch of 3 (as a tracing exporter writes it): an int64 label [3] first, then probabilities [3, 3]."""
    graph = helper.make_graph(
        [
            helper.make_node("MatMul", ["features", "w"], ["logits"]),
            helper.make_node("ArgMax", ["logits"], ["label"], axis=1, keepdims=0),
            helper.make_node("Softmax", ["logits"], ["probabilities"], axis=-1),
        ],
        "fixed_batch_label_probabilities",
        [helper.make_tensor_value_info("features", TensorProto.FLOAT, [3, 4])],
        [
            helper.make_tensor_value_info("label", TensorProto.INT64, [3]),
            helper.make_tensor_value_info("probabilities", TensorProto.FLOAT, [3, 3]),
        ],
        [weights("w", (4, 3), 2.0)],
    )
    save(graph, "fixed_batch_label_probabilities.onnx")


def nc11_image_classifier():
    """A model-zoo style image classifier: 1x1 convolution and global pooling give [N, 1000, 1, 1] logits."""
    graph = helper.make_graph(
        [
            helper.make_node("Conv", ["image", "w"], ["maps"]),
            helper.make_node("GlobalAveragePool", ["maps"], ["logits"]),
        ],
        "nc11_image_classifier",
        [helper.make_tensor_value_info("image", TensorProto.FLOAT, ["N", 3, 8, 8])],
        [helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["N", 1000, 1, 1])],
        [weights("w", (1000, 3, 1, 1), 3.0)],
    )
    save(graph, "nc11_image_classifier.onnx")


def text_dynamic_sequence():
    """A text classifier: int64 token ids [N, seq], embedding, mean over the sequence, two logits."""
    graph = helper.make_graph(
        [
            helper.make_node("Gather", ["embedding", "tokens"], ["vectors"], axis=0),
            helper.make_node("ReduceMean", ["vectors"], ["pooled"], axes=[1], keepdims=0),
            helper.make_node("MatMul", ["pooled", "w"], ["logits"]),
        ],
        "text_dynamic_sequence",
        [helper.make_tensor_value_info("tokens", TensorProto.INT64, ["batch", "sequence"])],
        [helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["batch", 2])],
        [weights("embedding", (50, 8), 1.0), weights("w", (8, 2), 3.0)],
    )
    save(graph, "text_dynamic_sequence.onnx")


def ends_in(kind):
    """A tabular classifier [N, 4] -> 3 classes ending in Softmax (probabilities) or in MatMul (logits)."""
    nodes = [helper.make_node("MatMul", ["features", "w"], ["logits" if kind == "logits" else "raw"])]
    if kind == "softmax":
        nodes.append(helper.make_node("Softmax", ["raw"], ["probabilities"], axis=-1))
    out = "logits" if kind == "logits" else "probabilities"
    graph = helper.make_graph(
        nodes,
        f"ends_in_{kind}",
        [helper.make_tensor_value_info("features", TensorProto.FLOAT, ["N", 4])],
        [helper.make_tensor_value_info(out, TensorProto.FLOAT, ["N", 3])],
        [weights("w", (4, 3), 3.0)],
    )
    save(graph, f"ends_in_{kind}.onnx")


def two_score_heads():
    """Two float outputs with one entry per class (logits and probabilities): init cannot pick one alone."""
    graph = helper.make_graph(
        [
            helper.make_node("MatMul", ["features", "w"], ["logits"]),
            helper.make_node("Softmax", ["logits"], ["probabilities"], axis=-1),
        ],
        "two_score_heads",
        [helper.make_tensor_value_info("features", TensorProto.FLOAT, ["N", 4])],
        [
            helper.make_tensor_value_info("logits", TensorProto.FLOAT, ["N", 3]),
            helper.make_tensor_value_info("probabilities", TensorProto.FLOAT, ["N", 3]),
        ],
        [weights("w", (4, 3), 3.0)],
    )
    save(graph, "two_score_heads.onnx")


if __name__ == "__main__":
    OUT.mkdir(parents=True, exist_ok=True)
    fixed_batch_label_probabilities()
    nc11_image_classifier()
    text_dynamic_sequence()
    ends_in("softmax")
    ends_in("logits")
    two_score_heads()
