"""The op table (tinytensor/_optable.py) is the single source of truth: this file walks it.

* the generated files (csrc/ops.h, tinytensor/_optable.pxi) are up to date, and the compiled core
  sees the same table (names, gradient status);
* every elementwise and reduction op has a C loop for exactly the dtypes the table lists;
* autograd has a Function for exactly the differentiable ops;
* every op, called on tensors that require grad, records a node of its own Function (DIFF), a
  node of its parts (COMPOSITE), nothing (NONDIFF: the result cannot require grad), or raises
  "derivative for '<op>' is not implemented" before computing (NOT_YET) -- never a silent
  detach; differentiable samples pass a float64 central-difference check and, where torch is
  installed, agree with torch's gradient;
* every public function and Tensor method is an op of the table or listed as not being one.
"""
import os
import importlib.util
import subprocess
import sys

import numpy as np
import pytest

import tinytensor as tt
from tinytensor import _optable
from tinytensor.autograd import engine

from gradcheck import gradcheck, leaf

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _load_generator():
    spec = importlib.util.spec_from_file_location("gen_optable", os.path.join(ROOT, "tools", "gen_optable.py"))
    gen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen)
    return gen


def test_generated_files_are_current():
    """The generated C sources (and, in a checkout, the .pxi) match the table of the tinytensor under
    test. Against an installed wheel (tools/test_installed.sh) the tests run from a copy holding csrc/
    but no tinytensor/ sources: the wheel's own table is then compared with those C files."""
    gen = _load_generator()
    expected = {gen.HEADER_PATH: gen.header(_optable), gen.LOOPS_PATH: gen.loops(_optable)}
    if os.path.isdir(os.path.join(ROOT, "tinytensor")):
        expected[gen.PXI_PATH] = gen.pxi(_optable)
        p = subprocess.run([sys.executable, os.path.join(ROOT, "tools", "gen_optable.py"), "--check"],
                           capture_output=True, text=True)
        assert p.returncode == 0, p.stdout + p.stderr
    stale = [os.path.relpath(path, ROOT) for path, text in expected.items()
             if not os.path.exists(path) or open(path).read() != text]
    assert stale == [], f"stale (run python tools/gen_optable.py): {stale}"


def test_core_compiled_the_same_table():
    view = tt._core._op_table_view()
    assert list(view) == [op.name for op in _optable.OPS]
    for op in _optable.OPS:
        assert view[op.name][0] == op.grad, op.name
        assert (view[op.name][1] >= 0) == (op.kind != "other"), op.name


@pytest.mark.parametrize("op", [op for op in _optable.OPS if op.kind != "other"], ids=lambda op: op.name)
def test_c_loops_exist_for_exactly_the_listed_dtypes(op):
    kernel = tt._core._op_table_view()[op.name][1]
    assert tt._core._loop_dtypes(op.kind, kernel) == op.loops


def test_autograd_registry_is_the_differentiable_rows():
    diff = {op.name for op in _optable.OPS if op.grad == _optable.DIFF}
    assert set(engine.REGISTRY) == diff
    for name, cls in engine.REGISTRY.items():
        assert cls.name == name


def test_register_refuses_an_op_the_table_does_not_list():
    class Bogus(tt.autograd.Function):
        name = "no_such_op"
    with pytest.raises(RuntimeError, match="op table"):
        engine.register(Bogus)


# ---- every op on tensors that require grad ------------------------------------------------

def _x(shape=(2, 3), lo=0.5, hi=2.0, seed=0):
    rng = np.random.default_rng(seed)
    return leaf(tt.asarray(rng.uniform(lo, hi, size=shape)))


# op name -> a call on leaves that require grad (float64). The inputs are made fresh per test.
SAMPLES = {
    "add": lambda: ((_x(), _x((3,), seed=1)), lambda a, b: a + b),
    "subtract": lambda: ((_x(), _x((3,), seed=1)), lambda a, b: a - b),
    "multiply": lambda: ((_x(), _x((2, 1), seed=1)), lambda a, b: a * b),
    "divide": lambda: ((_x(), _x((3,), seed=1)), lambda a, b: a / b),
    "floor_divide": lambda: ((_x(),), lambda a: a // 0.7),
    "remainder": lambda: ((_x(), _x((3,), 0.3, 0.6, seed=1)), lambda a, b: a % b),
    "power": lambda: ((_x(), _x((3,), seed=1)), lambda a, b: a ** b),
    "maximum": lambda: ((_x(), _x((3,), seed=1)), tt.maximum),
    "minimum": lambda: ((_x(), _x((3,), seed=1)), tt.minimum),
    "equal": lambda: ((_x(),), lambda a: a == 1.0),
    "not_equal": lambda: ((_x(),), lambda a: a != 1.0),
    "less": lambda: ((_x(),), lambda a: a < 1.0),
    "less_equal": lambda: ((_x(),), lambda a: a <= 1.0),
    "greater": lambda: ((_x(),), lambda a: a > 1.0),
    "greater_equal": lambda: ((_x(),), lambda a: a >= 1.0),
    "logical_and": lambda: ((_x(),), lambda a: tt.logical_and(a, a)),
    "logical_or": lambda: ((_x(),), lambda a: tt.logical_or(a, 0.0)),
    "logical_xor": lambda: ((_x(),), lambda a: tt.logical_xor(a, 1.0)),
    "logical_not": lambda: ((_x(),), tt.logical_not),
    "negative": lambda: ((_x(),), lambda a: -a),
    "abs": lambda: ((_x(lo=-2.0),), abs),
    "sign": lambda: ((_x(lo=-2.0),), tt.sign),
    "square": lambda: ((_x(),), tt.square),
    "exp": lambda: ((_x(),), tt.exp),
    "log": lambda: ((_x(),), tt.log),
    "sqrt": lambda: ((_x(),), tt.sqrt),
    "tanh": lambda: ((_x(),), tt.tanh),
    "sigmoid": lambda: ((_x(),), tt.sigmoid),
    "relu": lambda: ((_x(lo=-2.0),), tt.relu),
    "step": lambda: ((_x(lo=-2.0),), tt.step),
    "sum": lambda: ((_x(),), lambda a: a.sum(axis=0)),
    "prod": lambda: ((_x(),), lambda a: tt.prod(a, axis=1)),
    "max": lambda: ((_x(),), lambda a: a.max(axis=1)),
    "min": lambda: ((_x(),), lambda a: a.min()),
    "any": lambda: ((_x(),), lambda a: a.any()),
    "all": lambda: ((_x(),), lambda a: tt.all(a, axis=0)),
    "argmax": lambda: ((_x(),), lambda a: a.argmax(axis=1)),
    "argmin": lambda: ((_x(),), tt.argmin),
    "mean": lambda: ((_x(),), lambda a: a.mean(axis=1)),
    "var": lambda: ((_x(),), lambda a: a.var(axis=0, ddof=1)),
    "std": lambda: ((_x(),), lambda a: a.std()),
    "nonzero": lambda: ((_x(),), lambda a: tt.nonzero(a)[0]),
    "where": lambda: ((_x(), _x((3,), seed=1)), lambda a, b: tt.where(a > 1.0, a, b)),
    "clip": lambda: ((_x(),), lambda a: tt.clip(a, 0.8, 1.5)),
    "astype": lambda: ((_x(),), lambda a: a.T.astype(tt.float64)),
    "copy": lambda: ((_x(),), lambda a: a.T.copy()),
    "reshape": lambda: ((_x(),), lambda a: a.reshape(3, 2)),
    "permute_dims": lambda: ((_x(),), lambda a: a.T),
    "expand_dims": lambda: ((_x(),), lambda a: tt.expand_dims(a, 1)),
    "squeeze": lambda: ((_x((2, 1, 3)),), tt.squeeze),
    "broadcast_to": lambda: ((_x((3,)),), lambda a: tt.broadcast_to(a, (2, 3))),
    "getitem": lambda: ((_x(),), lambda a: a[1, ::-1]),
    "pad": lambda: ((_x(),), lambda a: tt.pad(a, ((1, 0), (0, 2)))),
    "concatenate": lambda: ((_x(), _x((1, 3), seed=1)), lambda a, b: tt.concatenate([a, b])),
    "stack": lambda: ((_x(), _x(seed=1)), lambda a, b: tt.stack([a, b], axis=1)),
    "matmul": lambda: ((_x(), _x((3, 4), seed=1)), lambda a, b: a @ b),
    "dot": lambda: ((_x(), _x((3,), seed=1)), tt.dot),
    "linear": lambda: ((_x(), _x((3, 4), seed=1), _x((4,), seed=2)),
                       lambda x, w, b: tt.linear(x, w, b, activation="relu")),
    "softmax": lambda: ((_x(),), lambda a: tt.softmax(a, axis=0)),
    "log_softmax": lambda: ((_x(),), tt.log_softmax),
    "softmax_cross_entropy": lambda: ((_x(), _x(seed=1)), tt.softmax_cross_entropy),
    "outer": lambda: ((_x((2,)), _x((3,), seed=1)), tt.outer),
    "vdot": lambda: ((_x(), _x(seed=1)), tt.vdot),
    "inner": lambda: ((_x(), _x((4, 3), seed=1)), tt.inner),
    "split": lambda: ((_x(),), lambda a: tt.split(a, [1], axis=1)[1]),
    "flip": lambda: ((_x(),), lambda a: tt.flip(a, 1)),
    "take": lambda: ((_x(),), lambda a: tt.take(a, tt.tensor([2, 0, 2]), axis=1)),
    "take_along_axis": lambda: ((_x(),), lambda a: tt.take_along_axis(a, tt.tensor([[0], [2]]), axis=1)),
    "repeat": lambda: ((_x(),), lambda a: tt.repeat(a, 2, axis=0)),
    "tile": lambda: ((_x(),), lambda a: tt.tile(a, (2, 1))),
    "meshgrid": lambda: ((_x((2,)), _x((3,), seed=1)), lambda a, b: tt.meshgrid(a, b)[0] * tt.meshgrid(a, b)[1]),
    "one_hot": lambda: ((_x(),), lambda a: tt.one_hot(tt.tensor([0, 2]), 3) * 1.0),
    # ---- array API and NumPy functions
    "moveaxis": lambda: ((_x((2, 3, 4)),), lambda a: tt.moveaxis(a, 0, -1)),
    "roll": lambda: ((_x(),), lambda a: tt.roll(a, (1, -1), axis=(0, 1))),
    "unstack": lambda: ((_x(),), lambda a: tt.unstack(a, axis=1)[2]),
    "tril": lambda: ((_x((3, 3)),), lambda a: tt.tril(a, k=-1)),
    "triu": lambda: ((_x((3, 4)),), lambda a: tt.triu(a, k=1)),
    "tensordot": lambda: ((_x((2, 3, 4)), _x((3, 4, 2), seed=1)), lambda a, b: tt.tensordot(a, b, axes=2)),
    "vecdot": lambda: ((_x((2, 3)), _x((3,), seed=1)), tt.vecdot),
    "einsum": lambda: ((_x((2, 3)), _x((3, 4), seed=1), _x((4,), seed=2)),
                       lambda a, b, c: tt.einsum("ij,jk,k->i", a, b, c)),
    "diagonal": lambda: ((_x((3, 4)),), lambda a: tt.diagonal(a, 1)),
    "diag": lambda: ((_x((3,)),), lambda a: tt.diag(a, k=1)),
    "trace": lambda: ((_x((3, 3)),), tt.trace),
    "vstack": lambda: ((_x((3,)), _x((2, 3), seed=1)), lambda a, b: tt.vstack([a, b])),
    "hstack": lambda: ((_x((2,)), _x((3,), seed=1)), lambda a, b: tt.hstack([a, b])),
    "isclose": lambda: ((_x(), _x(seed=1)), tt.isclose),
    "argwhere": lambda: ((_x(),), lambda a: tt.argwhere(a > 1.0)),
    "vector_norm": lambda: ((_x(lo=-2.0),), lambda a: tt.linalg.vector_norm(a, axis=1, ord=3)),
    "matrix_norm": lambda: ((_x((2, 3, 3), lo=-2.0),), lambda a: tt.linalg.matrix_norm(a, ord=1)),
    "norm": lambda: ((_x(),), tt.linalg.norm),
    # elementwise ops of the array API (issue 11)
    "bitwise_and": lambda: ((_x(),), lambda a: tt.bitwise_and(a > 1, True)),
    "bitwise_or": lambda: ((_x(),), lambda a: (a > 1) | (a < 0.7)),
    "bitwise_xor": lambda: ((_x(),), lambda a: (a > 1) ^ True),
    "bitwise_left_shift": lambda: ((_x(),), lambda a: tt.bitwise_left_shift(a.astype(tt.int32), 2)),
    "bitwise_right_shift": lambda: ((_x(),), lambda a: a.astype(tt.int64) >> 1),
    "bitwise_invert": lambda: ((_x(),), lambda a: ~(a > 1)),
    "atan2": lambda: ((_x(), _x((3,), -1.0, 1.0, seed=1)), tt.atan2),
    "hypot": lambda: ((_x(), _x((3,), -1.0, 1.0, seed=1)), tt.hypot),
    "logaddexp": lambda: ((_x(), _x((3,), -1.0, 1.0, seed=1)), tt.logaddexp),
    "copysign": lambda: ((_x(lo=-2.0), _x((3,), -1.0, 1.0, seed=1)), tt.copysign),
    "nextafter": lambda: ((_x(), _x(seed=1)), tt.nextafter),
    "reciprocal": lambda: ((_x(),), tt.reciprocal),
    "exp2": lambda: ((_x(),), tt.exp2),
    "expm1": lambda: ((_x(lo=-1.0),), tt.expm1),
    "log2": lambda: ((_x(),), tt.log2),
    "log10": lambda: ((_x(),), tt.log10),
    "log1p": lambda: ((_x(lo=-0.5),), tt.log1p),
    "sin": lambda: ((_x(lo=-3.0, hi=3.0),), tt.sin),
    "cos": lambda: ((_x(lo=-3.0, hi=3.0),), tt.cos),
    "tan": lambda: ((_x(lo=-1.0, hi=1.0),), tt.tan),
    "asin": lambda: ((_x(lo=-0.9, hi=0.9),), tt.asin),
    "acos": lambda: ((_x(lo=-0.9, hi=0.9),), tt.acos),
    "atan": lambda: ((_x(lo=-3.0, hi=3.0),), tt.atan),
    "sinh": lambda: ((_x(lo=-2.0),), tt.sinh),
    "cosh": lambda: ((_x(lo=-2.0),), tt.cosh),
    "asinh": lambda: ((_x(lo=-2.0),), tt.asinh),
    "acosh": lambda: ((_x(lo=1.2, hi=3.0),), tt.acosh),
    "atanh": lambda: ((_x(lo=-0.9, hi=0.9),), tt.atanh),
    "floor": lambda: ((_x(lo=-2.0, hi=2.0),), tt.floor),
    "ceil": lambda: ((_x(lo=-2.0, hi=2.0),), tt.ceil),
    "trunc": lambda: ((_x(lo=-2.0, hi=2.0),), tt.trunc),
    "round": lambda: ((_x(lo=-2.0, hi=2.0),), tt.round),
    "isnan": lambda: ((_x(),), tt.isnan),
    "isinf": lambda: ((_x(),), tt.isinf),
    "isfinite": lambda: ((_x(),), tt.isfinite),
    "signbit": lambda: ((_x(lo=-1.0),), tt.signbit),
    "positive": lambda: ((_x(),), tt.positive),
    "real": lambda: ((_x(),), lambda a: tt.real(a) * 2.0),
    "conj": lambda: ((_x(),), tt.conj),
    "imag": lambda: ((_x(),), tt.imag),
    # convolution and pooling
    "conv2d": lambda: ((_x((1, 2, 4, 5), lo=-1.0), _x((3, 2, 2, 3), lo=-1.0, seed=1), _x((3,), seed=2)),
                       lambda x, w, b: tt.conv2d(x, w, b, stride=(1, 2), padding=1)),
    "conv1d": lambda: ((_x((2, 2, 5), lo=-1.0), _x((3, 2, 2), lo=-1.0, seed=1)),
                       lambda x, w: tt.conv1d(x, w, padding=1)),
    "max_pool2d": lambda: ((_x((1, 2, 4, 5)),), lambda x: tt.max_pool2d(x, 2, stride=(1, 2))),
    "avg_pool2d": lambda: ((_x((1, 2, 4, 5)),), lambda x: tt.avg_pool2d(x, 3, stride=2, padding=1)),
    # sorting and scans
    "sort": lambda: ((_x((3, 4)),), lambda a: tt.sort(a, axis=0, descending=True)),
    "argsort": lambda: ((_x(),), tt.argsort),
    "searchsorted": lambda: ((_x((5,)),), lambda a: tt.searchsorted(tt.sort(a), a)),
    "unique": lambda: ((_x(),), tt.unique_values),
    "cumulative_sum": lambda: ((_x(),), lambda a: tt.cumulative_sum(a, axis=1, include_initial=True)),
    "cumulative_prod": lambda: ((_x(),), lambda a: tt.cumulative_prod(a * tt.asarray([1.0, 0.0, 1.0]), axis=1)),
    "diff": lambda: ((_x((2, 4)),), lambda a: tt.diff(a, n=2, prepend=1.0)),
    "median": lambda: ((_x((3, 4)),), lambda a: tt.median(a, axis=1)),
    "quantile": lambda: ((_x((3, 4)),), lambda a: tt.quantile(a, 0.3, axis=0)),
    "count_nonzero": lambda: ((_x(),), lambda a: tt.count_nonzero(a, axis=0)),
}

# torch spellings of the differentiable samples, for the gradient comparison
TORCH = {
    "add": lambda t, a, b: a + b, "subtract": lambda t, a, b: a - b, "multiply": lambda t, a, b: a * b,
    "divide": lambda t, a, b: a / b, "remainder": lambda t, a, b: a % b, "power": lambda t, a, b: a ** b,
    "maximum": lambda t, a, b: t.maximum(a, b), "minimum": lambda t, a, b: t.minimum(a, b),
    "negative": lambda t, a: -a, "abs": lambda t, a: a.abs(), "sign": lambda t, a: a.sign(),
    "square": lambda t, a: a.square(), "exp": lambda t, a: a.exp(), "log": lambda t, a: a.log(),
    "sqrt": lambda t, a: a.sqrt(), "tanh": lambda t, a: a.tanh(), "sigmoid": lambda t, a: a.sigmoid(),
    "relu": lambda t, a: a.relu(), "sum": lambda t, a: a.sum(0), "prod": lambda t, a: a.prod(1),
    "max": lambda t, a: a.amax(1), "min": lambda t, a: a.min(), "mean": lambda t, a: a.mean(1),
    "var": lambda t, a: a.var(0, correction=1), "std": lambda t, a: a.std(correction=0),
    "where": lambda t, a, b: t.where(a > 1.0, a, b), "clip": lambda t, a: a.clamp(0.8, 1.5),
    "reshape": lambda t, a: a.reshape(3, 2), "permute_dims": lambda t, a: a.T,
    "pad": lambda t, a: t.nn.functional.pad(a, (0, 2, 1, 0)),
    "concatenate": lambda t, a, b: t.cat([a, b]), "stack": lambda t, a, b: t.stack([a, b], 1),
    "matmul": lambda t, a, b: a @ b,
    "linear": lambda t, x, w, b: t.relu(x @ w + b),
    "softmax": lambda t, a: a.softmax(0), "log_softmax": lambda t, a: a.log_softmax(-1),
    "softmax_cross_entropy": lambda t, a, b: t.nn.functional.cross_entropy(a, b),
    "outer": lambda t, a, b: t.outer(a, b), "flip": lambda t, a: a.flip(1),
    "repeat": lambda t, a: a.repeat_interleave(2, 0), "tile": lambda t, a: a.tile((2, 1)),
    # ---- array API and NumPy functions
    "moveaxis": lambda t, a: t.moveaxis(a, 0, -1), "roll": lambda t, a: t.roll(a, (1, -1), (0, 1)),
    "unstack": lambda t, a: t.unbind(a, 1)[2], "tril": lambda t, a: t.tril(a, -1),
    "triu": lambda t, a: t.triu(a, 1), "tensordot": lambda t, a, b: t.tensordot(a, b, 2),
    "vecdot": lambda t, a, b: t.linalg.vecdot(a, b),
    "einsum": lambda t, a, b, c: t.einsum("ij,jk,k->i", a, b, c),
    "diagonal": lambda t, a: t.diagonal(a, 1), "diag": lambda t, a: t.diag(a, 1),
    "trace": lambda t, a: t.trace(a), "vstack": lambda t, a, b: t.vstack([a, b]),
    "hstack": lambda t, a, b: t.hstack([a, b]),
    "vector_norm": lambda t, a: t.linalg.vector_norm(a, ord=3, dim=1),
    "matrix_norm": lambda t, a: t.linalg.matrix_norm(a, ord=1), "norm": lambda t, a: t.linalg.norm(a),
    "atan2": lambda t, a, b: t.atan2(a, b), "hypot": lambda t, a, b: t.hypot(a, b),
    "logaddexp": lambda t, a, b: t.logaddexp(a, b), "copysign": lambda t, a, b: t.copysign(a, b),
    "reciprocal": lambda t, a: a.reciprocal(), "exp2": lambda t, a: t.exp2(a),
    "expm1": lambda t, a: a.expm1(), "log2": lambda t, a: a.log2(), "log10": lambda t, a: a.log10(),
    "log1p": lambda t, a: a.log1p(), "sin": lambda t, a: a.sin(), "cos": lambda t, a: a.cos(),
    "tan": lambda t, a: a.tan(), "asin": lambda t, a: a.asin(), "acos": lambda t, a: a.acos(),
    "atan": lambda t, a: a.atan(), "sinh": lambda t, a: a.sinh(), "cosh": lambda t, a: a.cosh(),
    "asinh": lambda t, a: a.asinh(), "acosh": lambda t, a: a.acosh(), "atanh": lambda t, a: a.atanh(),
    "floor": lambda t, a: a.floor(), "ceil": lambda t, a: a.ceil(), "trunc": lambda t, a: a.trunc(),
    "round": lambda t, a: a.round(), "positive": lambda t, a: t.positive(a), "conj": lambda t, a: a.conj(),
    "conv2d": lambda t, x, w, b: t.nn.functional.conv2d(x, w, b, stride=(1, 2), padding=1),
    "conv1d": lambda t, x, w: t.nn.functional.conv1d(x, w, padding=1),
    "max_pool2d": lambda t, x: t.nn.functional.max_pool2d(x, 2, stride=(1, 2)),
    "avg_pool2d": lambda t, x: t.nn.functional.avg_pool2d(x, 3, stride=2, padding=1),
    # sorting and scans
    "sort": lambda t, a: t.sort(a, dim=0, descending=True, stable=True).values,
    "cumulative_sum": lambda t, a: t.nn.functional.pad(a.cumsum(1), (1, 0)),
    "cumulative_prod": lambda t, a: (a * t.tensor([1.0, 0.0, 1.0], dtype=a.dtype)).cumprod(1),
    "diff": lambda t, a: t.diff(a, n=2, prepend=t.ones(2, 1, dtype=a.dtype)),
    "median": lambda t, a: t.quantile(a, 0.5, dim=1),
    "quantile": lambda t, a: t.quantile(a, 0.3, dim=0),
}


def test_every_op_has_a_sample():
    assert sorted(SAMPLES) == sorted(op.name for op in _optable.OPS)


@pytest.mark.parametrize("op", _optable.OPS, ids=lambda op: op.name)
def test_op_on_inputs_that_require_grad(op):
    inputs, f = SAMPLES[op.name]()
    if op.grad == _optable.NOT_YET:
        with pytest.raises(RuntimeError, match=f"derivative for '{op.name}' is not implemented"):
            f(*inputs)
        with tt.no_grad():
            f(*inputs)          # without grad mode it computes
        return
    out = f(*inputs)
    if op.grad == _optable.NONDIFF:
        assert not out.requires_grad and out.grad_fn is None
        return
    assert out.requires_grad and out.grad_fn is not None, f"{op.name} left the graph"
    if op.grad == _optable.DIFF and op.name != "one_hot":
        if op.name not in ("expand_dims", "squeeze"):
            assert out.grad_fn.name == op.name, (out.grad_fn, op.name)
    gradcheck(f, list(inputs))


@pytest.mark.parametrize("name", sorted(TORCH))
def test_gradient_agrees_with_torch(name):
    torch = pytest.importorskip("torch")
    inputs, f = SAMPLES[name]()
    out = f(*inputs)
    rng = np.random.default_rng(5)
    w = rng.standard_normal(out.shape)
    (out * tt.asarray(w)).sum().backward()
    tin = [torch.tensor(np.asarray(x.detach()), requires_grad=True) for x in inputs]
    tout = TORCH[name](torch, *tin)
    (tout * torch.tensor(w)).sum().backward()
    np.testing.assert_allclose(np.asarray(out.detach()), tout.detach().numpy(), rtol=1e-10, atol=1e-12)
    for x, tx in zip(inputs, tin):
        np.testing.assert_allclose(np.asarray(x.grad), tx.grad.numpy(), rtol=1e-9, atol=1e-12)


# ---- the public surface is the table plus a known list of non-ops --------------------------

# Public names that are not ops on tensor data: creation, dtypes, configuration, modules, and
# PyTorch/NumPy spellings of table ops (aliases map to the op they call).
NOT_OPS = {
    # creation and conversion (results never require grad, as in PyTorch)
    "tensor", "asarray", "empty", "zeros", "ones", "full", "empty_like", "zeros_like", "ones_like",
    "full_like", "arange", "linspace", "eye", "from_dlpack", "rand", "randn",
    # dtypes and promotion
    "DType", "dtype", "result_type", "bool_", "bool", "int8", "uint8", "int16", "uint16", "int32",
    "uint32", "int64", "uint64", "float16", "float32", "float64",
    "isdtype", "finfo", "iinfo", "can_cast", "identity",
    # predicates answering with a Python bool
    "allclose", "array_equal",
    # shape arithmetic, configuration, grad mode, modules
    "broadcast_shapes", "set_num_threads", "get_num_threads", "is_grad_enabled", "no_grad",
    "enable_grad", "set_grad_enabled", "show_config", "AxisError", "Tensor",
    "random", "autograd", "manual_seed", "set_printoptions", "get_printoptions", "printoptions",
    "save", "load",
    # array API constants and namespace info
    "e", "pi", "inf", "nan", "newaxis", "__array_api_version__", "__array_namespace_info__",
    # the fused loss's gradient pass (it IS the backward)
    "softmax_cross_entropy_with_grad",
}
ALIASES = {
    "true_divide": "divide", "mod": "remainder", "pow": "power", "absolute": "abs", "amax": "max",
    "amin": "min", "transpose": "permute_dims", "swapaxes": "permute_dims", "ravel": "reshape",
    "concat": "concatenate", "cat": "concatenate", "matrix_transpose": "permute_dims",
    "conjugate": "conj",
    "astype": "astype", "broadcast_arrays": "broadcast_to",
    # sorting and scans
    "unique_all": "unique", "unique_counts": "unique", "unique_inverse": "unique", "unique_values": "unique",
    "cumsum": "cumulative_sum", "cumprod": "cumulative_prod", "percentile": "quantile",
}


def test_every_public_function_is_an_op_or_known_not_to_be():
    names = [n for n in dir(tt) if not n.startswith("_") and not isinstance(getattr(tt, n), type(os))]
    unknown = [n for n in names if n not in _optable.BY_NAME and n not in NOT_OPS and n not in ALIASES]
    assert not unknown, f"public names missing from the op table (or NOT_OPS): {unknown}"


def _as_float16_leaves(inputs):
    out = []
    for t in inputs:
        if isinstance(t, tt.Tensor) and t.dtype == tt.float64:
            h = t.detach().astype(tt.float16)
            h.requires_grad = t.requires_grad
            out.append(h)
        else:
            out.append(t)
    return out


@pytest.mark.parametrize("op", [op for op in _optable.OPS if op.grad in (_optable.DIFF, _optable.COMPOSITE)],
                         ids=lambda op: op.name)
def test_float16_inputs_that_require_grad_stay_in_the_graph(op):
    """float16 is a float dtype: an op on float16 leaves that require grad records its node (or
    refuses the dtype with TypeError), and backward gives float16 gradients of the leaves' shapes."""
    inputs, f = SAMPLES[op.name]()
    leaves = _as_float16_leaves(inputs)
    try:
        out = f(*leaves)
    except TypeError:
        return                                   # the op refuses float16 inputs: an error, not a detach
    if out.dtype not in (tt.float16, tt.float32, tt.float64):
        return                                   # e.g. one_hot: an integer result carries no gradient
    assert out.requires_grad and out.grad_fn is not None, f"{op.name} left the graph on float16"
    out.sum().backward()
    for t in leaves:
        if isinstance(t, tt.Tensor) and t.requires_grad:
            assert t.grad is not None and t.grad.shape == t.shape and t.grad.dtype == tt.float16


# ---- gradients at the edges (NaN operands, ties, the origin) agree with torch ------------------

EDGE_A = [1.0, 5.0, 2.0, float("nan"), 3.0, float("nan"), 0.0, -0.0, 0.0]
EDGE_B = [3.0, 4.0, 2.0, 1.0, float("nan"), float("nan"), 0.0, 0.0, -1.0]


@pytest.mark.parametrize("name", ["maximum", "minimum", "atan2", "hypot"])
def test_binary_gradient_at_nan_ties_and_zero_agrees_with_torch(name):
    torch = pytest.importorskip("torch")
    a = tt.tensor(EDGE_A, dtype=tt.float64, requires_grad=True)
    b = tt.tensor(EDGE_B, dtype=tt.float64, requires_grad=True)
    getattr(tt, name)(a, b).sum().backward()
    ta = torch.tensor(EDGE_A, dtype=torch.float64, requires_grad=True)
    tb = torch.tensor(EDGE_B, dtype=torch.float64, requires_grad=True)
    getattr(torch, name)(ta, tb).sum().backward()
    for got, want in ((a.grad, ta.grad), (b.grad, tb.grad)):
        assert got.shape == tuple(want.shape) and got.dtype == tt.float64
        np.testing.assert_array_equal(np.asarray(got), want.numpy())     # NaN where torch has NaN
