"""Writes the ONNX fixtures of test/fixtures/onnx, each made by a different exporter.

Tooling only (needs torch, onnx, scikit-learn and skl2onnx from PyPI); the outputs are committed so tests never run Python.
    python3 scripts/make_onnx_fixtures.py
"""

import numpy as np
import onnx
from fixture_out import FIXTURES
from onnx import TensorProto, helper, numpy_helper

OUT = FIXTURES / "onnx"


def save_helper_model(graph, check=True, **fields):
    """Saves a graph made with onnx.helper as OUT/<graph name>.onnx: opset 13, IR version 8, checked unless it is meant to be refused."""
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)], producer_name="onnx-helper-fixture", **fields)
    model.ir_version = 8
    if check:
        onnx.checker.check_model(model)
    onnx.save(model, str(OUT / f"{graph.name}.onnx"))


def torch_mlp_dynamic():
    import torch

    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(4, 8), torch.nn.ReLU(), torch.nn.Linear(8, 3)).eval()
    torch.onnx.export(
        model, torch.zeros(2, 4), str(OUT / "torch_mlp_dynamic.onnx"), dynamo=False, opset_version=17,
        input_names=["features"], output_names=["scores"], dynamic_axes={"features": {0: "batch"}, "scores": {0: "batch"}},
    )


def helper_matmul():
    weights = numpy_helper.from_array(np.array([[1, 0], [0, 1], [1, 1]], dtype=np.float32), "w")
    graph = helper.make_graph(
        [helper.make_node("MatMul", ["x", "w"], ["y"]), helper.make_node("Identity", ["scale"], ["y_count"])],
        "helper_matmul",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["N", 3]), helper.make_tensor_value_info("scale", TensorProto.INT64, [1])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, ["N", 2]), helper.make_tensor_value_info("y_count", TensorProto.INT64, [1])],
        [weights],
    )
    save_helper_model(graph, producer_version="1.0", doc_string="Projects 3 features onto 2 and echoes an int64 input; made with onnx.helper.")


def dynamic_unnamed():
    graph = helper.make_graph(
        [helper.make_node("Flatten", ["img"], ["flat"], axis=1)],
        "dynamic_unnamed",
        [helper.make_tensor_value_info("img", TensorProto.FLOAT, [None, 1, 8, 8])],
        [helper.make_tensor_value_info("flat", TensorProto.FLOAT, [None, 64])],
    )
    save_helper_model(graph)


def torch_dynamo_external():
    """The default exporter since torch 2.9 (dynamo) keeps the weights in a separate model.onnx.data."""
    import torch

    torch.manual_seed(1)
    model = torch.nn.Sequential(torch.nn.Linear(4, 300), torch.nn.ReLU(), torch.nn.Linear(300, 3)).eval()
    out = OUT / "torch_dynamo_external"
    out.mkdir(parents=True, exist_ok=True)
    torch.onnx.export(
        model, (torch.zeros(2, 4),), str(out / "model.onnx"), input_names=["features"], output_names=["scores"],
        dynamic_shapes=({0: torch.export.Dim("batch")},),
    )


def external_escape():
    """A hostile model whose weight claims to live outside its folder."""
    weight = TensorProto(name="w", data_type=TensorProto.FLOAT, dims=[2])
    weight.data_location = TensorProto.EXTERNAL
    weight.external_data.add(key="location", value="../../secret.bin")
    graph = helper.make_graph(
        [helper.make_node("Add", ["x", "w"], ["y"])], "external_escape",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [2])], [helper.make_tensor_value_info("y", TensorProto.FLOAT, [2])], [weight],
    )
    save_helper_model(graph, check=False)


def helper_uint8_image():
    """An image model that takes raw uint8 pixels [N, 8, 8, 3] (NHWC), as TensorFlow exports often do: mean brightness."""
    graph = helper.make_graph(
        [
            helper.make_node("Cast", ["pixels"], ["as_float"], to=TensorProto.FLOAT),
            helper.make_node("ReduceMean", ["as_float"], ["brightness"], axes=[1, 2, 3], keepdims=0),
        ],
        "helper_uint8_image",
        [helper.make_tensor_value_info("pixels", TensorProto.UINT8, ["N", 8, 8, 3])],
        [helper.make_tensor_value_info("brightness", TensorProto.FLOAT, ["N"])],
    )
    save_helper_model(graph)


def skl2onnx_iris_zipmap():
    """scikit-learn through skl2onnx: string class labels and a ZipMap output (a sequence of maps, not a tensor)."""
    from sklearn.datasets import load_iris
    from sklearn.ensemble import RandomForestClassifier
    from skl2onnx import to_onnx

    features, target = load_iris(return_X_y=True)
    names = np.array(["setosa", "versicolor", "virginica"])[target]
    forest = RandomForestClassifier(n_estimators=3, max_depth=3, random_state=0).fit(features.astype(np.float32), names)
    onnx.save(to_onnx(forest, features[:1].astype(np.float32)), str(OUT / "skl2onnx_iris_zipmap.onnx"))


def helper_softmax_digits():
    """A Keras-style digits model that already ends in Softmax ([N, 28, 28, 1] in, probabilities out)."""
    weights = np.random.default_rng(3).normal(0, 0.05, (784, 10)).astype(np.float32)
    graph = helper.make_graph(
        [
            helper.make_node("Flatten", ["image"], ["flat"]),
            helper.make_node("MatMul", ["flat", "weights"], ["logits"]),
            helper.make_node("Softmax", ["logits"], ["probabilities"], axis=-1),
        ],
        "helper_softmax_digits",
        [helper.make_tensor_value_info("image", TensorProto.FLOAT, ["N", 28, 28, 1])],
        [helper.make_tensor_value_info("probabilities", TensorProto.FLOAT, ["N", 10])],
        [numpy_helper.from_array(weights, "weights")],
    )
    save_helper_model(graph)


def skl2onnx_iris_probabilities():
    """scikit-learn through skl2onnx without ZipMap: a label output first, then probabilities."""
    from sklearn.datasets import load_iris
    from sklearn.linear_model import LogisticRegression
    from skl2onnx import to_onnx

    features, target = load_iris(return_X_y=True)
    classifier = LogisticRegression(max_iter=500).fit(features.astype(np.float32), target)
    options = {id(classifier): {"zipmap": False}}
    onnx.save(to_onnx(classifier, features[:1].astype(np.float32), options=options), str(OUT / "skl2onnx_iris_probabilities.onnx"))


if __name__ == "__main__":
    OUT.mkdir(parents=True, exist_ok=True)
    torch_mlp_dynamic()
    helper_matmul()
    dynamic_unnamed()
    torch_dynamo_external()
    external_escape()
    skl2onnx_iris_zipmap()
    helper_uint8_image()
    helper_softmax_digits()
    skl2onnx_iris_probabilities()
