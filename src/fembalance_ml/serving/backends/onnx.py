"""ONNX Runtime backend: one thread, sequential, float64 graphs built from the specs.

skl2onnx 1.20 cannot convert HistGradientBoostingRegressor against onnx 1.23 (it passes
booleans where ONNX wants ints) and writes float32 thresholds and imputers (ORT has no
float64 Imputer kernel). The graphs here use float64 ops only (standard ops for the linear
pipeline, ai.onnx.ml TreeEnsemble v5 for trees), so they agree with sklearn to float64
rounding. Other estimators go through skl2onnx in float32 where it can convert them.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import onnxruntime as ort
from onnx import ModelProto, TensorProto, helper, numpy_helper
from sklearn.base import is_classifier

from fembalance_ml.serving.backends.base import Kernel
from fembalance_ml.serving.backends.specs import (
    LinearPipelineSpec,
    NotAnEstimatorError,
    NotCompilableError,
    TreeEnsembleSpec,
    spec_for,
)

OPSETS = [helper.make_opsetid("", 17), helper.make_opsetid("ai.onnx.ml", 5)]
_DOUBLE = TensorProto.DOUBLE


class OnnxBackend:
    """Compiles each part to an ONNX Runtime session on one CPU thread."""

    name = "onnx"
    device = "cpu"

    def __init__(self, threads: int = 1) -> None:
        self.threads = threads

    def compile(self, part: str, estimator: Any) -> Kernel | None:
        """An ORT kernel for the estimator, or NotCompilableError."""
        try:
            spec = spec_for(estimator)
        except NotAnEstimatorError:
            raise
        except NotCompilableError:
            return self._session_kernel(*_skl2onnx_model(estimator, part))
        model = _tree_model(spec) if isinstance(spec, TreeEnsembleSpec) else _linear_model(spec)
        return self._session_kernel(model, np.float64, None)

    def _session_kernel(self, model: ModelProto, dtype: type, column: int | None) -> Kernel:
        options = ort.SessionOptions()
        options.intra_op_num_threads = self.threads
        options.inter_op_num_threads = 1
        options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        session = ort.InferenceSession(
            model.SerializeToString(), options, providers=["CPUExecutionProvider"]
        )
        name = session.get_inputs()[0].name
        output = session.get_outputs()[-1].name

        def run(rows: np.ndarray) -> np.ndarray:
            result = session.run([output], {name: np.ascontiguousarray(rows, dtype=dtype)})[0]
            picked = result[:, column] if column is not None and result.ndim == 2 else result
            return np.asarray(picked, dtype=np.float64)

        return run


def _graph(
    nodes: list[Any], width: int, initializers: list[Any], out_shape: list[Any]
) -> ModelProto:
    graph = helper.make_graph(
        nodes,
        "kernel",
        [helper.make_tensor_value_info("X", _DOUBLE, [None, width])],
        [helper.make_tensor_value_info("Y", _DOUBLE, out_shape)],
        initializers,
    )
    return helper.make_model(graph, opset_imports=OPSETS)


def _linear_model(spec: LinearPipelineSpec) -> ModelProto:
    """Where(IsNaN(X), fill, X) -> Sub(mean) -> Div(scale) [-> MatMul, Add, Sigmoid]."""
    constants = {"fill": spec.fill, "mean": spec.mean, "scale": spec.scale}
    nodes = [
        helper.make_node("IsNaN", ["X"], ["missing"]),
        helper.make_node("Where", ["missing", "fill", "X"], ["filled"]),
        helper.make_node("Sub", ["filled", "mean"], ["centred"]),
    ]
    if spec.coef is None:
        nodes.append(helper.make_node("Div", ["centred", "scale"], ["Y"]))
        out_shape: list[Any] = [None, spec.mean.size]
    else:
        constants |= {"coef": spec.coef, "intercept": np.array(spec.intercept)}
        nodes += [
            helper.make_node("Div", ["centred", "scale"], ["standardised"]),
            helper.make_node("MatMul", ["standardised", "coef"], ["logit"]),
            helper.make_node("Add", ["logit", "intercept"], ["shifted"]),
            helper.make_node("Sigmoid", ["shifted"], ["Y"]),
        ]
        out_shape = [None]
    initializers = [
        numpy_helper.from_array(np.asarray(v, np.float64), k) for k, v in constants.items()
    ]
    return _graph(nodes, spec.mean.size, initializers, out_shape)


def _tree_model(spec: TreeEnsembleSpec) -> ModelProto:
    """One ai.onnx.ml TreeEnsemble (v5) node: float64 splits, leaves and output."""
    inner = np.flatnonzero(~spec.is_leaf)
    leaves = np.flatnonzero(spec.is_leaf)
    inner_index = {int(node): i for i, node in enumerate(inner)}
    leaf_index = {int(node): i for i, node in enumerate(leaves)}

    def target(child: int) -> tuple[int, int]:
        is_leaf = bool(spec.is_leaf[child])
        return (leaf_index if is_leaf else inner_index)[child], int(is_leaf)

    true_ids, true_leafs = zip(*(target(int(spec.left[n])) for n in inner), strict=True)
    false_ids, false_leafs = zip(*(target(int(spec.right[n])) for n in inner), strict=True)
    if any(spec.is_leaf[spec.roots]):
        raise NotCompilableError("a tree that is a single leaf")
    node = helper.make_node(
        "TreeEnsemble",
        ["X"],
        ["raw"],
        domain="ai.onnx.ml",
        aggregate_function=1,
        post_transform=0,
        n_targets=1,
        tree_roots=[inner_index[int(root)] for root in spec.roots],
        nodes_featureids=spec.feature[inner].tolist(),
        nodes_splits=numpy_helper.from_array(spec.threshold[inner].astype(np.float64)),
        nodes_modes=numpy_helper.from_array(np.zeros(inner.size, dtype=np.uint8)),
        nodes_truenodeids=list(true_ids),
        nodes_trueleafs=list(true_leafs),
        nodes_falsenodeids=list(false_ids),
        nodes_falseleafs=list(false_leafs),
        nodes_missing_value_tracks_true=spec.missing_left[inner].astype(int).tolist(),
        leaf_targetids=[0] * leaves.size,
        leaf_weights=numpy_helper.from_array(spec.value[leaves].astype(np.float64)),
    )
    baseline = numpy_helper.from_array(np.array([spec.baseline]), "baseline")
    shape = numpy_helper.from_array(np.array([-1], dtype=np.int64), "flat")
    nodes = [
        node,
        helper.make_node("Add", ["raw", "baseline"], ["shifted"]),
        helper.make_node("Reshape", ["shifted", "flat"], ["Y"]),
    ]
    return _graph(nodes, spec.n_features, [baseline, shape], [None])


def _skl2onnx_model(estimator: Any, part: str) -> tuple[ModelProto, type, int | None]:
    """skl2onnx's float32 conversion, zipmap off, for estimators without a spec."""
    from skl2onnx import to_onnx
    from skl2onnx.common.data_types import FloatTensorType

    width = getattr(estimator, "n_features_in_", None)
    if width is None:
        raise NotCompilableError(f"{part}: {type(estimator).__name__} is not a fitted estimator")
    options = {"zipmap": False} if is_classifier(estimator) else None
    model = to_onnx(
        estimator,
        initial_types=[("X", FloatTensorType([None, int(width)]))],
        options=options,
        target_opset={"": 17, "ai.onnx.ml": 3},
    )
    return model, np.float32, 1 if is_classifier(estimator) else None
