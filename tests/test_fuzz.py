"""Differential fuzzing: random programs of tinytensor operations checked against NumPy.

Each hypothesis example builds a few input tensors (random dtype, 0-d to 4-d shapes with empty
and size-1 axes, contiguous / transposed / sliced with negative steps / broadcast layouts, values
including NaN, inf, -0.0 and integer extremes), then runs a random sequence of operations, each
on operands drawn from the tensors made so far. Every step is run by NumPy as well and the two
must agree on the value (NaN-aware, float32 tolerances), shape and dtype, or both must raise
exceptions of the same class (ValueError, TypeError, IndexError, OverflowError, ...).

The quick run (default tests) is bounded and derandomized; tools/fuzz_long.sh raises
TT_FUZZ_EXAMPLES (and TT_FUZZ_SEED picks another random stream). With TT_FUZZ_STATS=path the
number of programs, steps and checks is written to that file.

Indexing and assignment draw NumPy-style keys from tests/index_keys.py (integers, slices, None,
Ellipsis, index arrays separated or not, masks, 0-d booleans); assignments draw values that
overlap the target, out-of-range Python scalars, inf and NaN; Python floats go into integer
tensors by every route (assignment, fill, construction); scalar operands include the integer
boundaries of every dtype. The array API / NumPy functions (moveaxis, roll, tril, einsum,
tensordot, ...) are one step.

Known deliberate deviations from NumPy (not flagged): indexing with ints gives 0-d tensors; a
sequence assigned to one element (x[i, j] = [v]) raises ValueError for every dtype.
"""
import math
import operator
import os

import numpy as np
import pytest
from hypothesis import HealthCheck, given, note, seed, settings
from hypothesis import strategies as st

import tinytensor as tt
from index_keys import assigned_values, keys, numpy_result_shape, out_of_range_scalars, read_first

if int(np.__version__.split(".")[0]) < 2:
    pytest.skip("the oracle is NumPy 2's promotion rules (NEP 50)", allow_module_level=True)

DTYPES = ["bool", "int8", "uint8", "int16", "uint16", "int32", "uint32", "int64", "uint64",
          "float16", "float32", "float64"]
MAX_EXAMPLES = int(os.environ.get("TT_FUZZ_EXAMPLES", "400"))
SEED = os.environ.get("TT_FUZZ_SEED")
STATS = {"programs": 0, "steps": 0, "checked_values": 0, "checked_raises": 0}
ERROR_CLASSES = (IndexError, OverflowError, ZeroDivisionError, TypeError, ValueError)

INT_EXTREMES = {"int8": [-2**7, 2**7 - 1], "uint8": [0, 2**8 - 1], "int16": [-2**15, 2**15 - 1],
                "uint16": [0, 2**16 - 1], "int32": [-2**31, 2**31 - 1], "uint32": [0, 2**32 - 1],
                "int64": [-2**63, 2**63 - 1], "uint64": [0, 2**64 - 1]}
# float results are compared to NumPy's within these relative tolerances
RTOL = {"float16": 2e-3, "float32": 2e-5, "float64": 1e-12}


# ---- inputs --------------------------------------------------------------------------------

def elements(dtype):
    if dtype == "bool":
        return st.booleans()
    if dtype in INT_EXTREMES:
        lo, hi = INT_EXTREMES[dtype]
        small = st.integers(max(lo, -9), min(hi, 9))
        return st.one_of(small, small, small, small, st.sampled_from(INT_EXTREMES[dtype]))
    special = st.sampled_from([math.nan, math.inf, -math.inf, -0.0, 0.5, -2.5, 1e30, 1e-30])
    return st.one_of(st.integers(-9, 9).map(float), st.integers(-9, 9).map(float),
                     st.floats(-10, 10, width=32), special)


# values drawn one by one per tensor; bigger bases are filled from a drawn palette
DRAWN_VALUES_MAX = 4096


@st.composite
def shapes(draw, min_dims=0, max_dims=4):
    nd = draw(st.integers(min_dims, max_dims))
    return tuple(draw(st.lists(st.sampled_from([0, 1, 1, 2, 2, 3, 3, 4, 5]), min_size=nd, max_size=nd)))


@st.composite
def tensor_pairs(draw, dtype=None, shape=None):
    """A (tinytensor, numpy) pair holding the same values in the same kind of layout."""
    dtype = dtype or draw(st.sampled_from(DTYPES))
    shape = shape if shape is not None else draw(shapes())
    layout = draw(st.sampled_from(["contiguous", "transposed", "sliced", "broadcast"]))
    if layout == "transposed" and len(shape) >= 2:
        base_shape = tuple(reversed(shape))
    elif layout == "sliced" and len(shape) >= 1:
        base_shape = tuple(2 * d + 1 for d in shape)
    elif layout == "broadcast" and len(shape) >= 1:
        base_shape = tuple(d if draw(st.booleans()) else 1 for d in shape)[draw(st.integers(0, len(shape))):]
    else:
        layout, base_shape = "contiguous", shape
    n = int(np.prod(base_shape)) if base_shape else 1
    if n <= DRAWN_VALUES_MAX:
        vals = draw(st.lists(elements(dtype), min_size=n, max_size=n))
    else:
        # a sliced 4-d base holds up to 11**4 values, more than Hypothesis draws in one list
        # (8192): draw a palette of values and spread it with a drawn seed
        palette = draw(st.lists(elements(dtype), min_size=1, max_size=DRAWN_VALUES_MAX // 4))
        pick = np.random.default_rng(draw(st.integers(0, 2**32 - 1))).integers(0, len(palette), n)
        vals = [palette[i] for i in pick]
    base = np.array(vals, dtype=dtype).reshape(base_shape)
    t, a = tt.tensor(base), base.copy()
    if layout == "transposed":
        t, a = t.T, a.T
    elif layout == "sliced":
        key = tuple(slice(2 * d - 1, None, -2) if d and draw(st.booleans()) else slice(0, 2 * d, 2)
                    for d in shape)
        t, a = t[key], a[key]
    elif layout == "broadcast":
        t, a = tt.broadcast_to(t, shape), np.broadcast_to(a, shape)
    assert t.shape == a.shape == shape
    return t, a


# ---- comparison ------------------------------------------------------------------------------

def same_error_class(e_tt, e_np):
    return any(isinstance(e_tt, c) and isinstance(e_np, c) for c in ERROR_CLASSES)


def to_numpy(r):
    if isinstance(r, tt.Tensor):
        return np.array(r)          # a copy: the pool keeps it independent of later writes
    return np.asarray(r)


def check_equal(got, want, *, rtol=None, atol=0.0, what=""):
    got = to_numpy(got)
    want = np.asarray(want)
    assert got.shape == want.shape, f"{what}: shape {got.shape} != numpy {want.shape}"
    assert got.dtype == want.dtype, f"{what}: dtype {got.dtype} != numpy {want.dtype}"
    if got.dtype.kind == "f":
        if rtol is None:
            rtol = RTOL[got.dtype.name]
        np.testing.assert_allclose(got, want, rtol=rtol, atol=atol, equal_nan=True, err_msg=what)
    else:
        np.testing.assert_array_equal(got, want, err_msg=what)
    STATS["checked_values"] += 1


def run_both(fn_tt, fn_np, what, *, expect=None, **tol):
    """Runs both sides; both raise (same class) or both give the same result. `expect` adapts
    NumPy's result for a documented deviation (e.g. a dtype NumPy has and tinytensor lacks)."""
    try:
        with np.errstate(all="ignore"):
            want = fn_np()
        np_exc = None
    except ERROR_CLASSES as e:     # noqa: PERF203
        np_exc = e
    try:
        got = fn_tt()
        tt_exc = None
    except Exception as e:          # noqa: BLE001  -- any exception class is compared below
        tt_exc = e
    if np_exc is not None or tt_exc is not None:
        assert np_exc is not None and tt_exc is not None and same_error_class(tt_exc, np_exc), \
            f"{what}: numpy raised {np_exc!r}, tinytensor raised {tt_exc!r}"
        STATS["checked_raises"] += 1
        return None
    if expect is not None:
        want = expect(want)
    check_equal(got, want, what=what, **tol)
    return got


# ---- operations ----------------------------------------------------------------------------

BINARY = {
    "add": (tt.add, np.add), "subtract": (tt.subtract, np.subtract),
    "multiply": (tt.multiply, np.multiply), "divide": (tt.divide, np.divide),
    "floor_divide": (tt.floor_divide, np.floor_divide), "remainder": (tt.remainder, np.remainder),
    "power": (tt.power, np.power), "maximum": (tt.maximum, np.maximum),
    "minimum": (tt.minimum, np.minimum), "equal": (tt.equal, np.equal),
    "not_equal": (tt.not_equal, np.not_equal), "less": (tt.less, np.less),
    "less_equal": (tt.less_equal, np.less_equal), "greater": (tt.greater, np.greater),
    "greater_equal": (tt.greater_equal, np.greater_equal),
    "logical_and": (tt.logical_and, np.logical_and), "logical_or": (tt.logical_or, np.logical_or),
    "logical_xor": (tt.logical_xor, np.logical_xor),
}
OPERATORS = {"add": operator.add, "subtract": operator.sub, "multiply": operator.mul,
             "divide": operator.truediv, "floor_divide": operator.floordiv,
             "remainder": operator.mod, "power": operator.pow, "equal": operator.eq,
             "less": operator.lt, "greater_equal": operator.ge}
UNARY = {
    "negative": (tt.negative, np.negative), "abs": (tt.abs, np.abs), "sign": (tt.sign, np.sign),
    "square": (tt.square, np.square), "exp": (tt.exp, np.exp), "log": (tt.log, np.log),
    "sqrt": (tt.sqrt, np.sqrt), "tanh": (tt.tanh, np.tanh),
    "logical_not": (tt.logical_not, np.logical_not),
}
TRANSCENDENTAL = {"exp", "log", "sqrt", "tanh"}
REDUCTIONS = {
    "sum": (tt.sum, np.sum), "prod": (tt.prod, np.prod), "max": (tt.max, np.max),
    "min": (tt.min, np.min), "any": (tt.any, np.any), "all": (tt.all, np.all),
    "mean": (tt.mean, np.mean), "argmax": (tt.argmax, np.argmax), "argmin": (tt.argmin, np.argmin),
}


INT_BOUNDARIES = [127, 128, -129, 255, 256, -1, 2**15, -2**15 - 1, 2**16, 2**31 - 1, 2**31, -2**31, -2**31 - 1,
                  2**32, 2**63 - 1, 2**63, -2**63, 2**64 - 1,
                  -2**63 - 1, 2**64]


def scalar_operand(draw):
    return draw(st.one_of(st.booleans(), st.integers(-5, 5), st.sampled_from([300, -2**40, 2**70]),
                          st.sampled_from(INT_BOUNDARIES),
                          st.sampled_from([0.5, -1.5, 2.0, math.nan, math.inf, -0.0])))


def np_dtype_name(x):
    if isinstance(x, (bool, int, float)):
        return None
    return x.dtype.name


def step_binary(data, pool):
    name = data.draw(st.sampled_from(sorted(BINARY)), label="op")
    f_tt, f_np = BINARY[name]
    form = data.draw(st.sampled_from(["tt", "tt", "scalar_right", "scalar_left"]), label="form")
    t1, a1 = data.draw(st.sampled_from(pool), label="x")
    if form == "tt":
        t2, a2 = data.draw(st.sampled_from(pool), label="y")
    else:
        s = scalar_operand(data.draw)
        t2 = a2 = s
        if form == "scalar_left":
            (t1, a1), (t2, a2) = (t2, a2), (t1, a1)
    if name in ("equal", "not_equal", "less", "less_equal", "greater", "greater_equal", "logical_and",
                "logical_or", "logical_xor") and \
            any(type(x) is int and not -2**63 <= x < 2**63 for x in (a1, a2)) and \
            (name.startswith("logical") or "bool" in (np_dtype_name(a1), np_dtype_name(a2))):
        # deviation: tinytensor tests the truth of ints beyond int64, and compares them with bool
        # tensors, where NumPy raises (integer tensors compare exactly, as NumPy's do)
        return None
    use_op = name in OPERATORS and data.draw(st.booleans(), label="operator form")
    if use_op:
        f_tt = f_np = OPERATORS[name]
    d1, d2 = np_dtype_name(a1), np_dtype_name(a2)
    note(f"{name} {d1 or repr(a1)} {d2 or repr(a2)} form={form} op={use_op}")
    return run_both(lambda: f_tt(t1, t2), lambda: f_np(a1, a2), f"{name}({d1 or repr(a1)}, {d2 or repr(a2)})")


def step_unary(data, pool):
    name = data.draw(st.sampled_from(sorted(UNARY)), label="op")
    f_tt, f_np = UNARY[name]
    t, a = data.draw(st.sampled_from(pool), label="x")
    note(f"{name} {a.dtype} {a.shape}")
    tol = {}
    if name in TRANSCENDENTAL and a.dtype == np.float32:
        tol["rtol"] = 3e-6
    return run_both(lambda: f_tt(t), lambda: f_np(a), f"{name}({a.dtype})", **tol)


def draw_axis(data, ndim):
    kind = data.draw(st.sampled_from(["none", "int", "int", "tuple", "bad"]), label="axis kind")
    if kind == "none":
        return None
    if kind == "int" or ndim == 0:
        return data.draw(st.integers(-ndim - 1, ndim), label="axis")
    if kind == "tuple":
        return tuple(data.draw(st.lists(st.integers(-ndim, ndim - 1), max_size=ndim, unique=True), label="axes"))
    return data.draw(st.sampled_from([ndim, -ndim - 1, 1.5, "0", (0, 0)]), label="bad axis")


def step_reduce(data, pool):
    name = data.draw(st.sampled_from(sorted(REDUCTIONS)), label="op")
    f_tt, f_np = REDUCTIONS[name]
    t, a = data.draw(st.sampled_from(pool), label="x")
    axis = draw_axis(data, a.ndim)
    keepdims = data.draw(st.booleans(), label="keepdims")
    if name.startswith("arg") and isinstance(axis, tuple):
        axis = axis[0] if axis else None
    note(f"{name} {a.dtype} {a.shape} axis={axis!r} keepdims={keepdims}")

    tol = {}
    if a.dtype.kind == "f" or name == "mean":
        n = max(a.size, 1)
        eps = {"float16": 1e-3, "float32": 1e-7}.get(a.dtype.name, 1e-15)
        with np.errstate(all="ignore"):
            scale = float(np.nanmax(np.abs(np.where(np.isfinite(a), a, 0)), initial=0.0)) if a.size else 0.0
        tol = {"rtol": 4 * n * eps + RTOL.get(a.dtype.name, 1e-12),
               "atol": 4 * n * eps * scale * (n if name == "prod" else 1)}
        if name == "prod":
            tol["rtol"] = 8 * n * eps + tol["rtol"]
    return run_both(lambda: f_tt(t, axis=axis, keepdims=keepdims),
                    lambda: f_np(a, axis=axis, keepdims=keepdims), f"{name}({a.dtype}{a.shape}, {axis!r})",
                    **tol)


def step_view(data, pool):
    t, a = data.draw(st.sampled_from(pool), label="x")
    kind = data.draw(st.sampled_from(["reshape", "transpose", "slice", "expand_dims", "squeeze",
                                      "broadcast_to", "T"]), label="view")
    if kind == "reshape":
        if a.size and data.draw(st.booleans(), label="valid"):
            dims, rest = [], a.size
            for p in (2, 3, 5):
                while rest % p == 0 and data.draw(st.booleans(), label="split"):
                    dims.append(p)
                    rest //= p
            dims.append(rest)
            dims = data.draw(st.permutations(dims), label="perm")
            if data.draw(st.booleans(), label="use -1"):
                dims[data.draw(st.integers(0, len(dims) - 1), label="where -1")] = -1
            shape = tuple(dims)
        else:
            # not below -1: NumPy reads any negative size as "unknown" (deviation: tinytensor raises)
            shape = tuple(data.draw(st.lists(st.integers(-1, 4), max_size=4), label="shape"))
        note(f"reshape {a.shape} -> {shape}")
        return run_both(lambda: t.reshape(shape), lambda: a.reshape(shape), f"reshape{a.shape}->{shape}")
    if kind == "transpose":
        perm = tuple(data.draw(st.permutations(range(a.ndim)), label="perm"))
        if data.draw(st.booleans(), label="negative axes") and perm:
            perm = tuple(p - a.ndim for p in perm)
        return run_both(lambda: t.transpose(perm), lambda: a.transpose(perm), f"transpose{perm}")
    if kind == "T":
        return run_both(lambda: t.T, lambda: a.T, "T")
    if kind == "slice":
        key = []
        for d in a.shape[:data.draw(st.integers(0, a.ndim), label="nkeys")]:
            start = data.draw(st.one_of(st.none(), st.integers(-d - 2, d + 2)), label="start")
            stop = data.draw(st.one_of(st.none(), st.integers(-d - 2, d + 2)), label="stop")
            step = data.draw(st.sampled_from([None, 1, 2, -1, -2, 3, -3]), label="step")
            key.append(slice(start, stop, step))
        if data.draw(st.booleans(), label="ellipsis"):
            key.insert(data.draw(st.integers(0, len(key)), label="where"), Ellipsis)
        if data.draw(st.booleans(), label="newaxis"):
            key.insert(data.draw(st.integers(0, len(key)), label="where"), None)
        key = tuple(key)
        note(f"slice {a.shape} [{key}]")
        return run_both(lambda: t[key], lambda: a[key], f"slice {a.shape}[{key}]")
    if kind == "expand_dims":
        axis = data.draw(st.integers(-a.ndim - 2, a.ndim + 1), label="axis")
        return run_both(lambda: tt.expand_dims(t, axis), lambda: np.expand_dims(a, axis), f"expand_dims {axis}")
    if kind == "squeeze":
        ones = [i for i, d in enumerate(a.shape) if d == 1]
        axis = data.draw(st.one_of(st.none(), st.integers(-a.ndim - 1, a.ndim),
                                   st.just(tuple(ones))), label="axis")
        return run_both(lambda: tt.squeeze(t, axis), lambda: np.squeeze(a, axis), f"squeeze {a.shape} {axis}")
    shape = data.draw(st.one_of(shapes(0, 4), st.just((2,) + a.shape), st.just(a.shape),
                                st.just(tuple(1 if d == 1 and data.draw(st.booleans()) else d for d in a.shape))),
                      label="target")
    note(f"broadcast_to {a.shape} -> {shape}")
    return run_both(lambda: tt.broadcast_to(t, shape), lambda: np.broadcast_to(a, shape),
                    f"broadcast_to {a.shape}->{shape}")


def step_matmul(data, pool):
    dtype = data.draw(st.sampled_from(DTYPES), label="dtype")
    m, k, n = (data.draw(st.integers(0, 6), label=c) for c in "mkn")
    batch = data.draw(st.sampled_from([(), (), (2,), (1,), (3, 1)]), label="batch")
    sa = batch + (m, k) if data.draw(st.booleans(), label="a 2-d") else (k,)
    sb = (k, n) if data.draw(st.booleans(), label="b 2-d") else (k,)
    if data.draw(st.integers(0, 5), label="mismatch") == 0:
        sb = (k + 1,) + sb[1:]
    t1, a1 = data.draw(tensor_pairs(dtype=dtype, shape=sa), label="a")
    t2, a2 = data.draw(tensor_pairs(dtype=data.draw(st.sampled_from([dtype, "float32", "int32"])), shape=sb), label="b")
    note(f"matmul {a1.dtype}{a1.shape} @ {a2.dtype}{a2.shape}")
    tol = {}
    if np.result_type(a1, a2).kind == "f":
        try:
            with np.errstate(all="ignore"):
                mag = np.abs(np.where(np.isfinite(a1), a1, 0)).astype(np.float64) @ \
                    np.abs(np.where(np.isfinite(a2), a2, 0)).astype(np.float64)
        except ValueError:
            mag = np.zeros(0)
        eps = 1e-7 if np.result_type(a1, a2) == np.float32 else 1e-15
        tol = {"rtol": 1e-5 if eps > 1e-10 else 1e-12, "atol": float(np.max(mag, initial=0.0)) * (k + 2) * eps * 4}
    if data.draw(st.booleans(), label="operator"):
        return run_both(lambda: t1 @ t2, lambda: a1 @ a2, "a @ b", **tol)
    return run_both(lambda: tt.matmul(t1, t2), lambda: np.matmul(a1, a2), "matmul", **tol)


def step_where_clip(data, pool):
    t1, a1 = data.draw(st.sampled_from(pool), label="x")
    if data.draw(st.booleans(), label="where"):
        tc, ac = data.draw(st.sampled_from(pool), label="cond")
        if data.draw(st.booleans(), label="scalar y"):
            t2 = a2 = scalar_operand(data.draw)
        else:
            t2, a2 = data.draw(st.sampled_from(pool), label="y")
        note(f"where {ac.dtype}{ac.shape} {a1.dtype}{a1.shape} {a2!r:.30}")
        if type(a2) is int and a1.dtype.kind in "iub" and \
                not (np.iinfo(a1.dtype).min if a1.dtype.kind != "b" else 0) <= a2 <= \
                (np.iinfo(a1.dtype).max if a1.dtype.kind != "b" else 1):
            return None     # deviation: NumPy's where wraps an out-of-range Python int, tinytensor raises
        return run_both(lambda: tt.where(tc, t1, t2), lambda: np.where(ac, a1, a2), "where")
    lo = data.draw(st.one_of(st.none(), st.integers(-3, 3), st.floats(-3, 3)), label="lo")
    hi = data.draw(st.one_of(st.none(), st.integers(-3, 3), st.floats(-3, 3)), label="hi")
    note(f"clip {a1.dtype} {lo} {hi}")
    if a1.dtype == np.bool_:
        return None        # NumPy 2 clips bools through its own (object-like) rules
    return run_both(lambda: tt.clip(t1, lo, hi), lambda: np.clip(a1, lo, hi), f"clip {a1.dtype} {lo} {hi}")


def step_concat(data, pool):
    t1, a1 = data.draw(st.sampled_from(pool), label="x")
    if data.draw(st.booleans(), label="same shape") and a1.ndim:
        shape = list(a1.shape)
        ax = data.draw(st.integers(0, a1.ndim - 1), label="vary")
        shape[ax] = data.draw(st.integers(0, 3), label="size")
        t2, a2 = data.draw(tensor_pairs(shape=tuple(shape)), label="y")
    else:
        t2, a2 = data.draw(st.sampled_from(pool), label="y")
    axis = data.draw(st.integers(-a1.ndim - 1, a1.ndim), label="axis")
    note(f"concatenate {a1.dtype}{a1.shape} {a2.dtype}{a2.shape} axis={axis}")
    return run_both(lambda: tt.concatenate([t1, t2], axis=axis), lambda: np.concatenate([a1, a2], axis=axis),
                    "concatenate")


def step_index(data, pool):
    t, a = data.draw(st.sampled_from(pool), label="x")
    if data.draw(st.integers(0, 2), label="key family"):
        key, tkey = data.draw(keys(a.shape), label="key")
        note(f"index {a.dtype}{a.shape} [{key!r}]")
        return run_both(lambda: t[tkey], lambda: np.asarray(a[key]), f"index {a.shape}[{key!r}]")
    kind = data.draw(st.sampled_from(["int", "intarray", "mask", "mixed"]), label="index kind")
    if kind == "int":
        key = tuple(data.draw(st.integers(-d - 1, d), label="i") for d in a.shape[:data.draw(st.integers(0, a.ndim + 1))])
        key = key if len(key) != 1 or data.draw(st.booleans()) else key[0]
    elif kind == "intarray":
        d = a.shape[0] if a.ndim else 0
        idx = data.draw(st.lists(st.integers(-d - 1, d), max_size=5), label="idx")
        idx_dtype = data.draw(st.sampled_from(["int64", "int32", "uint8", "list"]), label="idx dtype")
        if idx_dtype == "uint8":
            idx = [i % 256 for i in idx]
        key = idx if idx_dtype == "list" else np.array(idx, dtype=idx_dtype)
    elif kind == "mask":
        nd = data.draw(st.integers(1, max(a.ndim, 1)), label="mask ndim")
        mshape = a.shape[:nd] if a.ndim else (1,)
        if data.draw(st.integers(0, 4), label="bad mask") == 0:
            mshape = mshape[:-1] + (mshape[-1] + 1,) if mshape else (1,)
        key = np.array(data.draw(st.lists(st.booleans(), min_size=int(np.prod(mshape)),
                                          max_size=int(np.prod(mshape)))), dtype=bool).reshape(mshape)
    else:
        if a.ndim < 2:
            return None
        i0 = np.array(data.draw(st.lists(st.integers(0, max(a.shape[0] - 1, 0)), min_size=1, max_size=3)))
        i1 = data.draw(st.integers(-a.shape[1], max(a.shape[1] - 1, 0)), label="j")
        key = data.draw(st.sampled_from([(i0, slice(None)), (slice(None), [i1]), (i0, [i1]),
                                         (Ellipsis, [i1]), (slice(None, None, -1), i0 % max(a.shape[1], 1))]))
    tkey = tuple(tt.tensor(k) if isinstance(k, np.ndarray) else k for k in key) if isinstance(key, tuple) else \
        (tt.tensor(key) if isinstance(key, np.ndarray) else key)
    note(f"index {a.dtype}{a.shape} [{key!r}]")
    return run_both(lambda: t[tkey], lambda: np.asarray(a[key]), f"index {a.shape}[{key!r}]")


def _names_one_element(key, ndim):
    items = key if isinstance(key, tuple) else (key,)
    return len(items) == ndim and all(type(k) is int for k in items)


def step_setitem(data, pool):
    """x[key] = value on a writable copy of a pool tensor: keys of every kind, values that
    overlap the target (views of it), arrays, lists, and Python scalars in and out of range."""
    t0, a0 = data.draw(st.sampled_from(pool), label="x")
    a = a0.copy()
    t = tt.tensor(a)
    key, tkey = data.draw(keys(a.shape), label="key")
    rshape = numpy_result_shape(a, key)
    if rshape is None:
        va = vt = 0
    else:
        va, vt = data.draw(assigned_values(a, t, rshape), label="value")
        if _names_one_element(key, a.ndim) and np.ndim(va) > 0:
            return None     # deviation: a sequence into one element raises ValueError for every dtype
    note(f"setitem {a.dtype}{a.shape} [{key!r}] = {va!r:.60}")

    def set_np():
        a[key] = read_first(a, va)
        return a

    def set_tt():
        t[tkey] = vt
        return t

    return run_both(set_tt, set_np, f"setitem {a.dtype}{a.shape}[{key!r}] = {va!r:.40}")


FLOAT_INTO = {
    "a[i] = v": lambda lib, a, v: (a.__setitem__(0, v), a)[1],
    "a[:] = v": lambda lib, a, v: (a.__setitem__(slice(None), v), a)[1],
    "a[[i]] = v": lambda lib, a, v: (a.__setitem__([0], v), a)[1],
    "a[:1] = [v]": lambda lib, a, v: (a.__setitem__(slice(0, 1), [v]), a)[1],
    "a.fill(v)": lambda lib, a, v: (a.fill(v), a)[1],
    "tensor([v], dtype)": lambda lib, a, v: (np.array if lib is np else tt.tensor)([v], dtype=a.dtype),
    "tensor([[1, v]], dtype)": lambda lib, a, v: (np.array if lib is np else tt.tensor)([[1, v]], dtype=a.dtype),
    "asarray(v, dtype)": lambda lib, a, v: lib.asarray(v, dtype=a.dtype),
}


def step_float_into_int(data, pool):
    """A Python float (or int) stored into an integer or bool tensor by every route: NumPy's
    assignment rule (truncate, then it must fit: OverflowError; NaN: ValueError)."""
    dtype = data.draw(st.sampled_from(["bool", "uint8", "int32", "int64"]), label="dtype")
    v = data.draw(st.one_of(st.sampled_from(out_of_range_scalars(dtype) if dtype != "bool" else [math.nan]),
                            st.floats(allow_nan=True, allow_infinity=True),
                            st.floats(-300, 300), st.sampled_from(INT_BOUNDARIES)), label="v")
    how = data.draw(st.sampled_from(sorted(FLOAT_INTO)), label="route")
    f = FLOAT_INTO[how]
    a = np.zeros(2, dtype=dtype)
    t = tt.zeros(2, dtype=dtype)
    note(f"{how} v={v!r} dtype={dtype}")
    return run_both(lambda: f(tt, t, v), lambda: f(np, a, v), f"{how} v={v!r} into {dtype}")


def step_astype(data, pool):
    t, a = data.draw(st.sampled_from(pool), label="x")
    dtype = data.draw(st.sampled_from(DTYPES), label="dtype")
    note(f"astype {a.dtype} -> {dtype}")
    # out-of-range floats, NaN and inf included: tinytensor gives NumPy 2.4's x86-64 values
    return run_both(lambda: t.astype(dtype), lambda: a.astype(dtype), f"astype {a.dtype}->{dtype}")


# ---- sorting and scans (tinytensor/_sort.pxi) ------------------------------------------------
# Deliberate deviations: argsort is always stable (compared with kind='stable'); descending is
# NumPy's flip(sort(flip(x))); count_nonzero gives a 0-d tensor where NumPy gives an int.

def _np_descending(f, a, axis):
    if f is np.argsort and a.ndim == 0:
        a = a.reshape(1)             # np.argsort treats a 0-d array as 1-d
    if axis is None:
        a, axis = a.reshape(-1), 0
    flipped = f(np.flip(a, axis), axis=axis, kind="stable")
    if f is np.argsort:
        return a.shape[axis] - 1 - np.flip(flipped, axis)
    return np.flip(flipped, axis)


def step_sort_scan(data, pool):
    t, a = data.draw(st.sampled_from(pool), label="x")
    name = data.draw(st.sampled_from(["sort", "argsort", "cumsum", "cumprod", "cumulative_sum", "diff",
                                      "count_nonzero", "median", "quantile", "searchsorted", "unique"]),
                     label="op")
    axis = data.draw(st.one_of(st.none(), st.integers(-max(a.ndim, 1), max(a.ndim, 1) - 1)), label="axis")
    note(f"{name} {a.dtype}{a.shape} axis={axis!r}")
    what = f"{name}({a.dtype}{a.shape}, axis={axis!r})"
    if name in ("sort", "argsort"):
        desc = data.draw(st.booleans(), label="descending")
        f_tt, f_np = getattr(tt, name), getattr(np, name)
        if desc:
            return run_both(lambda: f_tt(t, axis=axis, descending=True), lambda: _np_descending(f_np, a, axis), what)
        return run_both(lambda: f_tt(t, axis=axis), lambda: f_np(a, axis=axis, kind="stable"), what)
    if name in ("cumsum", "cumprod"):
        return run_both(lambda: getattr(tt, name)(t, axis), lambda: getattr(np, name)(a, axis), what)
    if name == "cumulative_sum":
        inc = data.draw(st.booleans(), label="include_initial")
        return run_both(lambda: tt.cumulative_sum(t, axis=axis, include_initial=inc),
                        lambda: np.cumulative_sum(a, axis=axis, include_initial=inc), what)
    if name == "diff":
        n = data.draw(st.integers(0, 3), label="n")
        ax = -1 if axis is None else axis
        return run_both(lambda: tt.diff(t, n=n, axis=ax), lambda: np.diff(a, n=n, axis=ax), what)
    if name == "count_nonzero":
        return run_both(lambda: tt.count_nonzero(t, axis=axis),
                        lambda: np.asarray(np.count_nonzero(a, axis=axis), dtype=np.int64), what)
    if name == "median":
        if a.size == 0 or (axis is not None and a.ndim == 0):
            return None          # NumPy warns and gives NaN (empty), or accepts axis 0 of a 0-d array
        return run_both(lambda: tt.median(t, axis=axis), lambda: np.median(a, axis=axis), what)
    if name == "quantile":
        q = data.draw(st.sampled_from([0.0, 0.25, 0.5, 1.0, [0.1, 0.9]]), label="q")
        method = data.draw(st.sampled_from(["linear", "lower", "nearest", "midpoint", "hazen"]), label="method")
        if axis is not None and a.ndim == 0:
            return None
        qt = tt.asarray(q) if isinstance(q, list) else q
        return run_both(lambda: tt.quantile(t, qt, axis=axis, method=method),
                        lambda: np.quantile(a, q, axis=axis, method=method), what)
    if name == "searchsorted":
        t2, a2 = data.draw(st.sampled_from(pool), label="needles")
        side = data.draw(st.sampled_from(["left", "right"]), label="side")
        haystack = np.sort(a.reshape(-1), kind="stable")
        return run_both(lambda: tt.searchsorted(tt.asarray(haystack), t2, side=side),
                        lambda: np.searchsorted(haystack, a2, side=side), what)
    kind = data.draw(st.sampled_from(["values", "counts", "numpy"]), label="unique")
    if kind == "values":
        return run_both(lambda: tt.unique_values(t), lambda: np.unique(a, equal_nan=False), what)
    if kind == "counts":
        return run_both(lambda: tt.unique_counts(t).counts,
                        lambda: np.unique(a, return_counts=True, equal_nan=False)[1], what)
    return run_both(lambda: tt.unique(t, return_inverse=True)[1], lambda: np.unique(a, return_inverse=True)[1], what)
def step_array_function(data, pool):
    """The array API / NumPy functions: moveaxis, roll, tril, triu, diagonal, unstack, repeat,
    argwhere, isclose on the pool's tensors; einsum and tensordot on new integer operands (exact:
    NumPy sums floats in another order)."""
    t, a = data.draw(st.sampled_from(pool), label="x")
    kind = data.draw(st.sampled_from(["moveaxis", "roll", "tril", "triu", "diagonal", "unstack",
                                      "repeat", "argwhere", "isclose", "einsum", "tensordot"]), label="fn")
    note(f"{kind} {a.dtype}{a.shape}")
    if kind == "moveaxis":
        src = data.draw(st.integers(-a.ndim - 1, a.ndim), label="source")
        dst = data.draw(st.integers(-a.ndim - 1, a.ndim), label="destination")
        return run_both(lambda: tt.moveaxis(t, src, dst), lambda: np.moveaxis(a, src, dst), f"moveaxis {src} {dst}")
    if kind == "roll":
        shift = data.draw(st.integers(-7, 7), label="shift")
        axis = data.draw(st.one_of(st.none(), st.integers(-a.ndim - 1, a.ndim)), label="axis")
        return run_both(lambda: tt.roll(t, shift, axis=axis), lambda: np.roll(a, shift, axis=axis), f"roll {shift} {axis}")
    if kind in ("tril", "triu"):
        if a.ndim == 0:
            return None     # deviation: tinytensor raises ValueError, NumPy a TypeError from inside tri
        k = data.draw(st.integers(-4, 4), label="k")
        return run_both(lambda: getattr(tt, kind)(t, k), lambda: getattr(np, kind)(a, k), f"{kind} {k}")
    if kind == "diagonal":
        off = data.draw(st.integers(-4, 4), label="offset")
        a1, a2 = (data.draw(st.integers(-a.ndim - 1, a.ndim), label=n) for n in ("axis1", "axis2"))
        return run_both(lambda: tt.diagonal(t, off, a1, a2), lambda: np.diagonal(a, off, a1, a2), f"diagonal {off} {a1} {a2}")
    if kind == "unstack":
        axis = data.draw(st.integers(-a.ndim - 1, a.ndim), label="axis")
        if a.ndim == 0 or not -a.ndim <= axis < a.ndim or a.shape[axis] == 0:
            return run_both(lambda: len(tt.unstack(t, axis=axis)), lambda: len(np.unstack(a, axis=axis)),
                            f"unstack {axis}")
        return run_both(lambda: tt.stack(tt.unstack(t, axis=axis), axis=axis),
                        lambda: np.stack(np.unstack(a, axis=axis), axis=axis), f"unstack {axis}")
    if kind == "repeat":
        reps = data.draw(st.one_of(st.integers(0, 3), st.lists(st.integers(0, 3), min_size=1, max_size=4)), label="reps")
        axis = data.draw(st.one_of(st.none(), st.integers(-a.ndim - 1, a.ndim)), label="axis")
        return run_both(lambda: tt.repeat(t, tt.asarray(reps) if isinstance(reps, list) else reps, axis=axis),
                        lambda: np.repeat(a, reps, axis=axis), f"repeat {reps} {axis}")
    if kind == "argwhere":
        return run_both(lambda: tt.argwhere(t), lambda: np.argwhere(a), "argwhere")
    if kind == "isclose":
        t2, a2 = data.draw(st.sampled_from(pool), label="y")
        equal_nan = data.draw(st.booleans(), label="equal_nan")
        return run_both(lambda: tt.isclose(t, t2, equal_nan=equal_nan), lambda: np.isclose(a, a2, equal_nan=equal_nan),
                        "isclose")
    dtype = data.draw(st.sampled_from(["int32", "int64", "uint8", "bool"]), label="dtype")
    i, j, k, b = (data.draw(st.integers(0, 4), label=c) for c in "ijkb")
    if kind == "tensordot":
        t1, a1 = data.draw(tensor_pairs(dtype=dtype, shape=(i, j, k)), label="a")
        t2, a2 = data.draw(tensor_pairs(dtype=dtype, shape=(j, k, b)), label="b")
        fix = (lambda r: r.astype(bool)) if dtype == "bool" else None       # NumPy's dot of bools sums
        return run_both(lambda: tt.tensordot(t1, t2, axes=2), lambda: np.tensordot(a1, a2, axes=2), "tensordot",
                        expect=fix)
    subs, shp = data.draw(st.sampled_from([("ij,jk->ik", ((i, j), (j, k))), ("bij,bjk", ((b, i, j), (b, j, k))),
                                           ("ii->i", ((i, i),)), ("ij,ij->j", ((i, j), (i, j))),
                                           ("i,j", ((i,), (j,))), ("...j,j", ((b, i, j), (j,))),
                                           ("ij,jk,k->", ((i, j), (j, k), (k,)))]), label="subscripts")
    ops = [data.draw(tensor_pairs(dtype=dtype, shape=s), label="operand") for s in shp]
    return run_both(lambda: tt.einsum(subs, *[o[0] for o in ops]), lambda: np.einsum(subs, *[o[1] for o in ops]),
                    f"einsum {subs}")


STEPS = [step_binary, step_binary, step_binary, step_unary, step_unary, step_reduce, step_reduce,
         step_view, step_view, step_matmul, step_where_clip, step_concat, step_index, step_index,
         step_setitem, step_setitem, step_float_into_int, step_astype, step_sort_scan,
         step_array_function]


def _settings():
    kw = dict(max_examples=MAX_EXAMPLES, deadline=None, derandomize=SEED is None,
              suppress_health_check=list(HealthCheck), database=None)
    return settings(**kw)


@_settings()
@given(st.data())
def test_random_programs(data):
    STATS["programs"] += 1
    pool = [data.draw(tensor_pairs(), label="input") for _ in range(data.draw(st.integers(1, 3), label="n inputs"))]
    for _ in range(data.draw(st.integers(1, 6), label="n steps")):
        step = data.draw(st.sampled_from(STEPS), label="step")
        got = step(data, pool)
        STATS["steps"] += 1
        if isinstance(got, tt.Tensor) and got.size <= 64:
            pool.append((got, to_numpy(got)))


if SEED is not None:
    test_random_programs = seed(int(SEED))(test_random_programs)


def test_fuzz_ran_enough():
    """The fuzzer really ran (hypothesis could otherwise skip everything silently)."""
    if STATS["programs"] == 0:
        pytest.skip("test_random_programs did not run in this session")
    assert STATS["programs"] >= min(MAX_EXAMPLES, 50)
    assert STATS["checked_values"] + STATS["checked_raises"] >= STATS["programs"]
    path = os.environ.get("TT_FUZZ_STATS")
    line = (f"fuzz: {STATS['programs']} programs, {STATS['steps']} steps, "
            f"{STATS['checked_values']} results and {STATS['checked_raises']} raises checked against NumPy")
    print(line)
    if path:
        with open(path, "a") as f:
            f.write(line + "\n")
