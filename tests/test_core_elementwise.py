"""Elementwise operations with broadcasting, NumPy as the oracle, for all twelve dtypes
(tinytensor's one deviation here: no division warnings)."""
import itertools
import operator
import subprocess
import sys
import textwrap
import zlib

import numpy as np
import pytest
from hypothesis import given, strategies as st
from hypothesis.extra.numpy import arrays, mutually_broadcastable_shapes

import tinytensor as tt
from conftest import (DTYPES, FLOAT_DTYPES, INT_DTYPES, ROOT, assert_same, assert_values,
                      layouts, random_array, to_np)

BUILTIN_EXC = (OverflowError, ZeroDivisionError, TypeError, IndexError, ValueError)

BINARY = {
    # name: (python operator or None, reflected-capable)
    "add": operator.add, "subtract": operator.sub, "multiply": operator.mul,
    "divide": operator.truediv, "floor_divide": operator.floordiv, "remainder": operator.mod,
    "power": operator.pow, "maximum": None, "minimum": None,
    "equal": operator.eq, "not_equal": operator.ne, "less": operator.lt,
    "less_equal": operator.le, "greater": operator.gt, "greater_equal": operator.ge,
}
INPLACE = {"add": operator.iadd, "subtract": operator.isub, "multiply": operator.imul,
           "divide": operator.itruediv, "floor_divide": operator.ifloordiv,
           "remainder": operator.imod, "power": operator.ipow}


def is_bool(x):
    return isinstance(x, (bool, np.bool_)) or (isinstance(x, np.ndarray) and x.dtype == np.bool_)


def np_binary(name, a, b):
    """NumPy's answer."""
    with np.errstate(all="ignore"):
        r = getattr(np, name)(a, b)
    return np.asarray(r)


def expected_exception(fn):
    """Run NumPy's side; return (result, None) or (None, the builtin exception class)."""
    try:
        return fn(), None
    except BUILTIN_EXC as e:
        for cls in BUILTIN_EXC:
            if isinstance(e, cls):
                return None, cls
        raise


def rtol_for(name, dtype):
    if name == "power":
        return 1e-5 if dtype == "float32" else 1e-10
    return None


def check_binary(name, a, b, ta, tb, forms=("func", "op")):
    e, exc = expected_exception(lambda: np_binary(name, a, b))
    for form in forms:
        if form == "func":
            f = getattr(tt, name)
        else:
            f = BINARY[name]
            if f is None:
                continue
        if exc is not None:
            with pytest.raises(exc):
                f(ta, tb)
        else:
            r = f(ta, tb)
            assert_same(r, e, rtol=rtol_for(name, str(e.dtype)))
    return e


def operands(name, dtype_a, dtype_b, rng):
    """make(shape) functions for the two operands with values suited to op `name`."""
    def make_a(shape):
        if name == "power" and np.dtype(dtype_a).kind == "f":
            return random_array(shape, dtype_a, rng, low=0.2, high=3.0)
        if name == "power":
            return random_array(shape, dtype_a, rng, low=0 if dtype_a == "uint8" else -5, high=5)
        return random_array(shape, dtype_a, rng)

    def make_b(shape):
        if name == "power":
            if np.dtype(dtype_b).kind == "f":
                return random_array(shape, dtype_b, rng, low=-2.0, high=2.0)
            return random_array(shape, dtype_b, rng, low=0, high=4)
        if name in ("divide", "floor_divide", "remainder") and np.dtype(dtype_b).kind == "f":
            return random_array(shape, dtype_b, rng, nonzero=True)
        return random_array(shape, dtype_b, rng)
    return make_a, make_b


# ---------------------------------------------------------------- every op x dtype pair x layout

@pytest.mark.parametrize("name", list(BINARY))
@pytest.mark.parametrize("da", DTYPES)
@pytest.mark.parametrize("db", DTYPES)
def test_binary_dtype_pairs_layouts(name, da, db):
    rng = np.random.default_rng(zlib.crc32(f"{name}{da}{db}".encode()))
    make_a, make_b = operands(name, da, db, rng)
    shape = (3, 4)
    for (na, a, ta), (nb, b, tb) in zip(layouts(shape, da, make=make_a),
                                         itertools.chain(list(layouts(shape, db, make=make_b))[1:],
                                                         layouts(shape, db, make=make_b))):
        check_binary(name, a, b, ta, tb)


@pytest.mark.parametrize("name", list(BINARY))
@pytest.mark.parametrize("sa,sb", [((3, 1), (4,)), ((), (2, 3)), ((2, 3), ()), ((0, 3), (3,)),
                                   ((2, 1, 3), (4, 1)), ((1,), (0,)), ((), ()), ((5,), (1,))])
@pytest.mark.parametrize("da,db", [("float64", "float64"), ("float32", "int32"),
                                   ("int64", "uint8"), ("bool", "bool"), ("float32", "float32")])
def test_binary_broadcast_shapes(name, sa, sb, da, db):
    rng = np.random.default_rng(7)
    make_a, make_b = operands(name, da, db, rng)
    for (na, a, ta), (nb, b, tb) in zip(layouts(sa, da, make=make_a), layouts(sb, db, make=make_b)):
        check_binary(name, a, b, ta, tb)


@given(mutually_broadcastable_shapes(num_shapes=2, min_dims=0, max_dims=4, min_side=0, max_side=4),
       st.sampled_from(list(BINARY)), st.sampled_from(DTYPES), st.sampled_from(DTYPES),
       st.integers(0, 2**32 - 1))
def test_binary_hypothesis(shapes, name, da, db, seed):
    rng = np.random.default_rng(seed)
    make_a, make_b = operands(name, da, db, rng)
    sa, sb = shapes.input_shapes
    la = list(layouts(sa, da, make=make_a))
    lb = list(layouts(sb, db, make=make_b))
    (_, a, ta), (_, b, tb) = la[seed % len(la)], lb[(seed // 7) % len(lb)]
    check_binary(name, a, b, ta, tb)


def test_broadcast_error_message():
    msg = "operands could not be broadcast together with shapes (2,3) (4,)"
    with pytest.raises(ValueError) as e:
        tt.zeros((2, 3)) + tt.zeros(4)
    assert msg in str(e.value)
    with pytest.raises(ValueError):
        tt.multiply(tt.zeros((2, 3)), tt.zeros((3, 2)))
    with pytest.raises(ValueError):
        tt.zeros((2, 3)) < tt.zeros((2, 2))
    with pytest.raises(ValueError):
        tt.where(tt.zeros((2, 3)) > 0, tt.zeros(4), 1.0)
    with pytest.raises(ValueError):
        tt.maximum(tt.zeros((0,)), tt.zeros((2,)))


# ---------------------------------------------------------------- Python scalars (weak) and 0-d

SCALARS = [2, -3, 0, 2.5, -0.5, True, False, 300, 2**40]


@pytest.mark.parametrize("name", list(BINARY))
@pytest.mark.parametrize("dtype", DTYPES)
def test_scalar_operands(name, dtype):
    rng = np.random.default_rng(11)
    make_a, _ = operands(name, dtype, dtype, rng)
    f = getattr(tt, name)
    op = BINARY[name]
    for scalar in SCALARS:
        if name in ("equal", "not_equal", "less", "less_equal", "greater", "greater_equal") and \
                type(scalar) is int and np.dtype(dtype).kind in "ui" and \
                not np.iinfo(dtype).min <= scalar <= np.iinfo(dtype).max:
            continue                      # comparisons with out-of-range Python ints: unspecified
        for nm, a, t in layouts((2, 3), dtype, make=make_a):
            where = f"{name}({dtype} {nm}, {scalar!r})"
            # tensor op scalar
            e, exc = expected_exception(lambda: np_binary(name, a, scalar))
            if exc:
                with pytest.raises(exc):
                    f(t, scalar)
            else:
                assert_same(f(t, scalar), e, rtol=rtol_for(name, str(e.dtype)))
                if op is not None:
                    assert_same(op(t, scalar), e, rtol=rtol_for(name, str(e.dtype)))
            # scalar op tensor (reflected)
            e, exc = expected_exception(lambda: np_binary(name, scalar, a))
            if exc:
                with pytest.raises(exc):
                    f(scalar, t)
                if op is not None:
                    with pytest.raises(exc):
                        op(scalar, t)
            else:
                assert_same(f(scalar, t), e, rtol=rtol_for(name, str(e.dtype)))
                if op is not None:
                    assert_same(op(scalar, t), e, rtol=rtol_for(name, str(e.dtype)))


def test_weak_scalar_examples():
    f32 = tt.ones(3, dtype=tt.float32)
    assert (f32 + 1.0).dtype == tt.float32
    assert (1.0 + f32).dtype == tt.float32
    assert (f32 * 2).dtype == tt.float32
    assert (tt.ones(3, dtype=tt.int32) + 1.5).dtype == tt.float64
    assert (tt.ones(3, dtype=tt.int32) + 7).dtype == tt.int32
    assert (tt.ones(3, dtype=tt.bool) + 1).dtype == tt.int64
    assert (tt.ones(3, dtype=tt.bool) + 1.0).dtype == tt.float64
    assert (tt.ones(3, dtype=tt.uint8) + 255).dtype == tt.uint8
    assert (tt.ones(3, dtype=tt.int32) / 2).dtype == tt.float64
    assert (tt.ones(3, dtype=tt.float32) / 2).dtype == tt.float32
    with pytest.raises(OverflowError):
        tt.ones(3, dtype=tt.uint8) + 300
    with pytest.raises(OverflowError):
        tt.ones(3, dtype=tt.uint8) - (-1)
    with pytest.raises(OverflowError):
        tt.ones(3, dtype=tt.int32) * 2**40
    # 0-d tensors are not weak
    assert (f32 + tt.tensor(1.0)).dtype == tt.float64
    assert (tt.ones(3, dtype=tt.uint8) + tt.tensor(1)).dtype == tt.int64
    assert (tt.ones(3, dtype=tt.int32) + tt.tensor(1, dtype=tt.uint8)).dtype == tt.int32
    assert (f32 + tt.tensor(1.0, dtype=tt.float32)).dtype == tt.float32


def test_module_function_names():
    a = np.array([[1.5, -2.0, 3.0], [0.5, 4.0, -1.0]])
    b = np.array([2.0, -1.5, 0.5])
    ta, tb = tt.asarray(a.copy()), tt.asarray(b.copy())
    for name in BINARY:
        assert_same(getattr(tt, name)(ta, tb), np_binary(name, a, b))
    assert_same(tt.mod(ta, tb), np.mod(a, b))
    assert_same(tt.negative(ta), np.negative(a))
    assert_same(tt.abs(ta), np.abs(a))


# ---------------------------------------------------------------- float edge cases

EDGE = [-np.inf, -3.5, -2.0, -1.0, -0.5, -0.0, 0.0, 0.5, 1.0, 2.0, 3.5, np.inf, np.nan]


@pytest.mark.parametrize("name", ["add", "subtract", "multiply", "divide", "floor_divide",
                                  "remainder", "power", "maximum", "minimum", "equal",
                                  "not_equal", "less", "less_equal", "greater", "greater_equal"])
@pytest.mark.parametrize("dtype", FLOAT_DTYPES)
def test_float_edge_values(name, dtype):
    x = np.array(EDGE, dtype=dtype)
    a, b = np.meshgrid(x, x, indexing="ij")
    a, b = a.copy(), b.copy()
    e = np_binary(name, a, b)
    r = getattr(tt, name)(tt.asarray(a.copy()), tt.asarray(b.copy()))
    signed = name not in ("maximum", "minimum")
    assert_same(r, e, rtol=rtol_for(name, dtype), check_signed_zero=signed and e.dtype.kind == "f")


@pytest.mark.parametrize("dtype", INT_DTYPES)
def test_integer_division_by_zero(dtype):
    a = np.array([0, 1, 5, 7, 13], dtype=dtype)
    if dtype != "uint8":
        a = np.concatenate([a, -a]).astype(dtype)
    z = np.zeros_like(a)
    ta, tz = tt.asarray(a.copy()), tt.asarray(z.copy())
    assert_same(ta // tz, np_binary("floor_divide", a, z))
    assert_same(ta % tz, np_binary("remainder", a, z))
    assert_same(ta / tz, np_binary("divide", a, z))
    assert_same(ta // 0, np_binary("floor_divide", a, 0))
    assert_same(ta % 0, np_binary("remainder", a, 0))
    np.testing.assert_array_equal(to_np(ta // tz), 0)


@pytest.mark.parametrize("dtype", ["int32", "int64"])
def test_integer_floor_and_mod_signs(dtype):
    a = np.array([-7, -7, 7, 7, -6, 6, 0, -1], dtype=dtype)
    b = np.array([2, -2, 2, -2, 3, -3, -5, 5], dtype=dtype)
    ta, tb = tt.asarray(a.copy()), tt.asarray(b.copy())
    assert_same(ta // tb, a // b)
    assert_same(ta % tb, a % b)
    assert_same(tt.floor_divide(ta, tb), np.floor_divide(a, b))


def test_int_min_floordiv_minus_one_does_not_crash():
    # INT_MIN // -1 traps in C; NumPy returns INT_MIN (and 0 for %). Run in a subprocess so a
    # SIGFPE cannot take the whole test session down.
    code = textwrap.dedent("""
        import sys
        sys.path.insert(0, ROOT_PATH)
        import tinytensor as tt
        for d, m in (("int64", -2**63), ("int32", -2**31)):
            a = tt.tensor([m, m], dtype=d)
            b = tt.tensor([-1, -1], dtype=d)
            print((a // b).tolist(), (a % b).tolist(), (a // -1).tolist())
    """).replace("ROOT_PATH", repr(ROOT))
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert p.returncode == 0, p.stderr
    lines = p.stdout.split("\n")
    assert lines[0] == "[%d, %d] [0, 0] [%d, %d]" % ((-2**63,) * 4)
    assert lines[1] == "[%d, %d] [0, 0] [%d, %d]" % ((-2**31,) * 4)


@pytest.mark.parametrize("dtype", INT_DTYPES)
def test_integer_overflow_wraps(dtype):
    info = np.iinfo(dtype)
    a = np.array([info.max, info.min, info.max // 2 + 3], dtype=dtype)
    b = np.array([1, 1, 3], dtype=dtype)
    ta, tb = tt.asarray(a.copy()), tt.asarray(b.copy())
    with np.errstate(all="ignore"):
        assert_same(ta + tb, a + b)
        assert_same(ta - tb, a - b)
        assert_same(ta * tb, a * b)
        assert_same(ta * ta, a * a)
        assert_same(-ta, -a)
        assert_same(abs(ta), np.abs(a))
        assert_same(ta ** tt.asarray(np.array([2, 3, 5], dtype=dtype)),
                    a ** np.array([2, 3, 5], dtype=dtype))


@pytest.mark.parametrize("dtype", ["int32", "int64", "uint8"])
def test_int_power_negative_raises(dtype):
    t = tt.tensor([1, 2, 3], dtype=dtype)
    if dtype != "uint8":
        with pytest.raises(ValueError):
            t ** -1
        with pytest.raises(ValueError):
            tt.power(t, -2)
    with pytest.raises(ValueError):
        t ** tt.tensor([1, -1, 2])
    with pytest.raises(ValueError):
        tt.tensor(2) ** tt.tensor([1, -1], dtype=tt.int32)
    with pytest.raises(ValueError):
        2 ** tt.tensor([0, -1])
    assert_same(t ** 0, np.array([1, 2, 3], dtype=dtype) ** 0)
    assert_same(t ** -1.0, np.array([1, 2, 3], dtype=dtype) ** -1.0)


def test_bool_arithmetic():
    a = np.array([True, True, False, False])
    b = np.array([True, False, True, False])
    ta, tb = tt.asarray(a.copy()), tt.asarray(b.copy())
    assert_same(ta + tb, a + b)                             # bool (logical or)
    assert_same(ta * tb, a * b)                             # bool (logical and)
    assert_same(ta / tb, np_binary("divide", a, b))         # float64
    with np.errstate(all="ignore"):
        assert_same(ta // tb, a // b)                       # int8, as NumPy
        assert_same(ta % tb, a % b)
        assert_same(ta ** tb, a ** b)
    with pytest.raises(TypeError):
        ta - tb
    with pytest.raises(TypeError):
        -ta
    with pytest.raises(TypeError):
        tt.negative(ta)
    with pytest.raises(TypeError):
        tt.subtract(ta, True)


# ---------------------------------------------------------------- in-place

@pytest.mark.parametrize("name", list(INPLACE))
@pytest.mark.parametrize("da", DTYPES)
@pytest.mark.parametrize("db", DTYPES)
def test_inplace_dtype_pairs(name, da, db):
    rng = np.random.default_rng(3)
    make_a, make_b = operands(name, da, db, rng)
    lb = list(layouts((3, 4), db, make=make_b))
    for i, (na, a, ta) in enumerate(layouts((3, 4), da, make=make_a)):
        if na == "broadcast":
            continue
        _, b, tb = lb[(i + 1) % len(lb)]
        a0 = a.copy()
        try:
            with np.errstate(all="ignore"):
                INPLACE[name](a, b)
            exc = None
        except BUILTIN_EXC as err:
            exc = next(c for c in BUILTIN_EXC if isinstance(err, c))
        ident = id(ta)
        if exc is not None:
            with pytest.raises(exc):
                ta2 = INPLACE[name](ta, tb)
            np.testing.assert_array_equal(to_np(ta), a0)   # untouched on error
        else:
            ta2 = INPLACE[name](ta, tb)
            assert id(ta2) == ident                        # in place: the same object
            assert str(ta2.dtype) == da
            assert_values(to_np(ta2), a, rtol=rtol_for(name, da))


def test_inplace_examples():
    t = tt.ones(3, dtype=tt.int32)
    t += 2
    assert t.dtype == tt.int32 and t.tolist() == [3, 3, 3]
    with pytest.raises(TypeError):
        t += 1.5
    with pytest.raises(TypeError):
        t /= 2
    with pytest.raises(TypeError):
        t += tt.ones(3)
    f = tt.ones(3, dtype=tt.float32)
    f += tt.ones(3)                                # float64 into float32: same kind, allowed
    assert f.dtype == tt.float32 and f.tolist() == [2.0, 2.0, 2.0]
    b = tt.ones(3, dtype=tt.bool)
    with pytest.raises(TypeError):
        b += tt.ones(3, dtype=tt.int32)
    u = tt.ones(2, dtype=tt.uint8)
    with pytest.raises(OverflowError):
        u += 300
    u += 255
    assert u.tolist() == [0, 0]


def test_inplace_broadcast_target():
    t = tt.zeros(3)
    with pytest.raises(ValueError):
        t += tt.ones((2, 3))
    t2 = tt.zeros((2, 3))
    t2 += tt.ones(3)
    t2 += tt.tensor([[1.0], [2.0]])
    assert t2.tolist() == [[2.0, 2.0, 2.0], [3.0, 3.0, 3.0]]


def test_inplace_through_view_and_overlap():
    a = np.arange(12.0).reshape(3, 4)
    t = tt.asarray(a.copy())
    v = t.T[::-1]
    v *= 2.0
    a.T[::-1] *= 2.0
    assert_same(t, a)
    a = np.arange(8.0)
    t = tt.asarray(a.copy())
    tv = t[1:]
    tv += t[:-1]
    a[1:] += a[:-1]                                 # NumPy copies an overlapping input first
    assert_same(t, a)
    a = np.arange(8.0)
    t = tt.asarray(a.copy())
    t += t[::-1]
    a += a[::-1]
    assert_same(t, a)


# ---------------------------------------------------------------- unary

@pytest.mark.parametrize("dtype", DTYPES)
def test_negative_abs(dtype):
    for name, a, t in layouts((3, 4), dtype):
        if dtype == "bool":
            with pytest.raises(TypeError):
                -t
            assert_same(abs(t), np.abs(a))
            assert_same(tt.abs(t), np.abs(a))
            continue
        with np.errstate(all="ignore"):
            assert_same(-t, -a)
            assert_same(tt.negative(t), np.negative(a))
            assert_same(abs(t), abs(a))
            assert_same(tt.abs(t), np.abs(a))
    x = np.array([-0.0, 0.0, -np.inf, np.nan, -1.5])
    assert_same(-tt.asarray(x.copy()), -x, check_signed_zero=True)
    assert_same(abs(tt.asarray(x.copy())), np.abs(x), check_signed_zero=True)


def _float_result(a):
    """Input cast for exp/log/...: NumPy's (the smallest float holding the values)."""
    if a.dtype.kind == "f":
        return a
    return a.astype(np.result_type(a.dtype, np.float16))


def np_unary(name, a):
    with np.errstate(all="ignore"):
        if name in ("exp", "log", "sqrt", "tanh"):
            return getattr(np, name)(_float_result(a))
        if name == "sigmoid":
            x = _float_result(a)
            return (1 / (1 + np.exp(-x.astype(np.float64)))).astype(x.dtype)
        if name == "relu":
            return np.maximum(a, np.zeros((), a.dtype))
        if name == "step":
            return np.where(a >= 0, 1, 0).astype(a.dtype)
        if name == "sign":
            return np.sign(a)
        if name == "square":
            return np.square(a)
    raise AssertionError(name)


UNARY = ["exp", "log", "sqrt", "tanh", "sigmoid", "relu", "step", "sign", "square"]
UNARY_RTOL = {"float16": 2e-3, "float32": 2e-6, "float64": 1e-13}
UNARY_ATOL = {"float16": 1e-7, "float32": 1e-37, "float64": 1e-300}


@pytest.mark.parametrize("name", UNARY)
@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("shape", [(3, 4), (), (0,), (2, 0, 3), (1, 5)])
def test_unary(name, dtype, shape):
    rng = np.random.default_rng(5)
    for lname, a, t in layouts(shape, dtype, rng):
        f = getattr(tt, name)
        if name == "sign" and dtype == "bool":
            with pytest.raises(TypeError):
                f(t)
            continue
        e = np_unary(name, a)
        r = f(t)
        k = str(e.dtype)
        assert_same(r, e, rtol=UNARY_RTOL.get(k), atol=UNARY_ATOL.get(k, 0.0))


@pytest.mark.parametrize("name", UNARY)
@pytest.mark.parametrize("dtype", FLOAT_DTYPES)
def test_unary_special_values(name, dtype):
    x = np.array([-np.inf, -1000.0, -100.0, -88.5, -20.0, -1.0, -1e-30, -0.0, 0.0, 1e-30, 1e-5,
                  0.5, 1.0, 20.0, 88.5, 100.0, 710.0, 1000.0, np.inf, np.nan], dtype=dtype)
    e = np_unary(name, x)
    r = getattr(tt, name)(tt.asarray(x.copy()))
    signed = name in ("exp", "log", "sqrt", "tanh", "square")
    assert_same(r, e, rtol=UNARY_RTOL[dtype], atol=UNARY_ATOL[dtype], check_signed_zero=signed)


ULP = {"exp": 4, "log": 5, "tanh": 4, "sqrt": 1}


@pytest.mark.parametrize("name", list(ULP))
@pytest.mark.parametrize("dtype", FLOAT_DTYPES)
def test_unary_accuracy_wide_range(name, dtype):
    rng = np.random.default_rng(17)
    if name == "exp":
        x = np.concatenate([np.linspace(-110, 90, 40001), rng.uniform(-5, 5, 10000)])
        if dtype == "float64":
            x = np.concatenate([x, np.linspace(-745, 709, 20001)])
    elif name == "tanh":
        x = np.concatenate([np.linspace(-12, 12, 40001), rng.uniform(-1e-3, 1e-3, 1000)])
    else:
        x = np.concatenate([np.geomspace(1e-30, 1e30, 40001), rng.uniform(0.5, 2.0, 10000)])
    x = x.astype(dtype)
    with np.errstate(all="ignore"):        # the oracle's own overflow warnings
        e = getattr(np, name)(x)
    r = to_np(getattr(tt, name)(tt.asarray(x.copy())))
    assert r.dtype == e.dtype
    np.testing.assert_array_max_ulp(r, e, maxulp=ULP[name])


@pytest.mark.parametrize("dtype", FLOAT_DTYPES)
def test_sigmoid_wide_range(dtype):
    x = np.linspace(-120, 120, 24001).astype(dtype)
    e = 1 / (1 + np.exp(-x.astype(np.float64)))
    r = to_np(tt.sigmoid(tt.asarray(x.copy())))
    assert r.dtype == np.dtype(dtype)
    if dtype == "float16":      # computed in float32, rounded once: within half a float16 ULP
        np.testing.assert_array_equal(r, e.astype(np.float32).astype(np.float16))
        return
    np.testing.assert_allclose(r, e, rtol=6e-7 if dtype == "float32" else 1e-14,
                               atol=1e-37 if dtype == "float32" else 1e-300)


def test_step_relu_examples():
    x = tt.tensor([-2.0, -0.0, 0.0, 3.0, float("nan")])
    assert_same(tt.step(x), np.array([0.0, 1.0, 1.0, 1.0, 0.0]))
    r = tt.relu(x)
    assert_same(r, np.array([0.0, 0.0, 0.0, 3.0, np.nan]))
    assert_same(tt.relu(tt.tensor([-3, 4], dtype=tt.int32)), np.array([0, 4], dtype=np.int32))
    assert_same(tt.step(tt.tensor([-3, 0, 4], dtype=tt.int64)), np.array([0, 1, 1]))
    assert_same(tt.sigmoid(tt.tensor([0.0])), np.array([0.5]))


# ---------------------------------------------------------------- comparisons, logical, where, clip

@pytest.mark.parametrize("name", ["logical_and", "logical_or"])
@pytest.mark.parametrize("da", DTYPES)
@pytest.mark.parametrize("db", ["bool", "int32", "float64"])
def test_logical_binary(name, da, db):
    rng = np.random.default_rng(9)
    make = lambda d: (lambda s: random_array(s, d, rng, low=-1, high=1) if d != "bool"
                      else random_array(s, d, rng))
    for (_, a, ta), (_, b, tb) in zip(layouts((3, 4), da, make=make(da)),
                                      layouts((4,), db, make=make(db))):
        assert_same(getattr(tt, name)(ta, tb), getattr(np, name)(a, b))
    assert_same(getattr(tt, name)(tt.tensor([0.0, np.nan, 2.0]), True),
                getattr(np, name)(np.array([0.0, np.nan, 2.0]), True))


@pytest.mark.parametrize("dtype", DTYPES)
def test_logical_not(dtype):
    rng = np.random.default_rng(10)
    for _, a, t in layouts((2, 5), dtype, make=lambda s: random_array(s, dtype, rng, low=-1, high=1)):
        assert_same(tt.logical_not(t), np.logical_not(a))
    assert_same(tt.logical_not(tt.tensor([np.nan, 0.0, -0.0])), np.logical_not([np.nan, 0.0, -0.0]))


def test_comparisons_with_nan():
    x = np.array([np.nan, 1.0, np.inf, -0.0])
    y = np.array([np.nan, np.nan, np.inf, 0.0])
    tx, ty = tt.asarray(x.copy()), tt.asarray(y.copy())
    for op in (operator.eq, operator.ne, operator.lt, operator.le, operator.gt, operator.ge):
        assert_same(op(tx, ty), op(x, y))
        assert_same(op(tx, 1.0), op(x, 1.0))
        assert_same(op(1.0, tx), op(1.0, x))


@pytest.mark.parametrize("dx,dy", [("float64", "float64"), ("float32", "int32"), ("int64", "uint8"),
                                   ("bool", "bool"), ("uint8", "bool"), ("float32", "float32")])
def test_where(dx, dy):
    rng = np.random.default_rng(12)
    for (_, c, tc), (_, x, tx), (_, y, ty) in zip(layouts((3, 4), "bool", rng),
                                                  layouts((3, 4), dx, rng), layouts((4,), dy, rng)):
        assert_same(tt.where(tc, tx, ty), np.where(c, x, y))
        assert_same(tt.where(tc, tx, 0), np.where(c, x, 0))
        assert_same(tt.where(tc, 1.5, ty), np.where(c, 1.5, y))
    c = np.array([True, False, True])
    assert_same(tt.where(tt.asarray(c.copy()), 1.0, 0.0), np.where(c, 1.0, 0.0))
    assert_same(tt.where(tt.asarray(c.copy()), 1, 0), np.where(c, 1, 0))
    assert_same(tt.where(tt.tensor(True), tt.zeros((2, 2)), tt.ones(2)), np.where(True, np.zeros((2, 2)), np.ones(2)))


def test_where_converts_other_branches_as_every_op_does():
    """A branch that is neither a tensor nor a Python scalar goes through asarray first, like
    any operand of x + y: lists and NumPy arrays keep NumPy's result dtype, bytes are a uint8
    buffer (as in x + b"a"), a str raises tinytensor's TypeError (result_type would have read
    str and bytes as dtype names)."""
    c = np.array([True, False])
    tc = tt.asarray(c.copy())
    assert_same(tt.where(tc, [1, 2], 0.5), np.where(c, [1, 2], 0.5))
    assert_same(tt.where(tc, np.int8([1, 2]), 3), np.where(c, np.int8([1, 2]), 3))
    assert_same(tt.where(tc, 7, np.float32([1, 2])), np.where(c, 7, np.float32([1, 2])))
    got = tt.where(tc, b"ab", 0)
    assert got.dtype == tt.uint8 and got.shape == (2,) and got.tolist() == [97, 0]
    assert got.tolist() == np.where(c, np.frombuffer(b"ab", np.uint8), 0).tolist()
    for bad in ("a", "float64"):
        with pytest.raises(TypeError, match="holds numbers only"):
            tt.where(tc, bad, 0)
        with pytest.raises(TypeError, match="holds numbers only"):
            tt.where(tc, 0, bad)


@pytest.mark.parametrize("dtype", ["float64", "float32", "int32", "int64", "uint8"])
def test_maximum_minimum_clip(dtype):
    rng = np.random.default_rng(13)
    for (_, a, ta), (_, b, tb) in zip(layouts((3, 4), dtype, rng), layouts((3, 4), dtype, rng)):
        assert_same(tt.maximum(ta, tb), np.maximum(a, b))
        assert_same(tt.minimum(ta, tb), np.minimum(a, b))
        assert_same(tt.clip(ta, 2, 10), np.clip(a, 2, 10))
        assert_same(tt.clip(ta, None, 3), np.clip(a, None, 3))
        assert_same(tt.clip(ta, 1, None), np.clip(a, 1, None))
        lo = np.minimum(a, b)
        assert_same(tt.clip(ta, tt.asarray(lo.copy()), 4), np.clip(a, lo, 4))
        assert_same(tt.clip(ta, 10, 2), np.clip(a, 10, 2))        # min > max: max wins
        if hasattr(ta, "clip"):
            assert_same(ta.clip(2, 10), a.clip(2, 10))


def test_clip_nan_and_errors():
    x = np.array([np.nan, -1.0, 5.0, 0.5])
    assert_same(tt.clip(tt.asarray(x.copy()), 0.0, 1.0), np.clip(x, 0.0, 1.0))
    assert_same(tt.maximum(tt.asarray(x.copy()), 0.0), np.maximum(x, 0.0))
    assert_same(tt.minimum(0.0, tt.asarray(x.copy())), np.minimum(0.0, x))
    t = tt.ones(3)
    c = tt.clip(t, None, None)          # no bounds: a copy (NumPy 2, the array API)
    assert_same(c, np.ones(3))
    assert c.data_ptr != t.data_ptr


# ---------------------------------------------------------------- unsupported operand types

def test_bad_operand_types():
    t = tt.ones(3)
    with pytest.raises(TypeError):
        t + "a"
    with pytest.raises(TypeError):
        t * None
    with pytest.raises(TypeError):
        tt.exp("x")
    with pytest.raises(TypeError):
        t < object()


# ---------------------------------------------------------------- large (threaded) sizes

@pytest.mark.parametrize("dtype", ["float32", "float64", "int32", "uint8"])
def test_large_elementwise_layouts(dtype):
    rng = np.random.default_rng(31)
    shape = (400, 500)                 # 200k elements: above the threading threshold
    la = list(layouts(shape, dtype, rng))
    lb = list(layouts(shape, dtype, rng, nonzero=True))
    for i, (na, a, ta) in enumerate(la):
        nb, b, tb = lb[(i + 1) % len(lb)]
        for name in ("add", "multiply", "divide", "maximum", "less", "floor_divide"):
            check_binary(name, a, b, ta, tb, forms=("func",))
        assert_same(tt.where(ta > tb, ta, tb), np.where(a > b, a, b))
        assert_same(tt.exp(ta), np_unary("exp", a), rtol=UNARY_RTOL["float32"] if
                    dtype in ("float32", "uint8") else UNARY_RTOL["float64"])
        if na != "broadcast":
            a2 = a.copy()
            t2 = tt.asarray(a.copy())
            if na == "transposed":
                a2, t2 = a2.T.copy().T, tt.asarray(a.T.copy()).T
            with np.errstate(all="ignore"):
                a2 *= b
            t2 *= tb
            assert_values(to_np(t2), a2)


@given(st.sampled_from(["float32", "float64"]).flatmap(lambda d: st.tuples(st.just(d), arrays(
           dtype=d, shape=st.integers(0, 70),
           elements=st.floats(width=32 if d == "float32" else 64, allow_subnormal=True)))),
       st.sampled_from(["exp", "log", "sqrt", "tanh", "sigmoid", "relu", "step", "sign", "square"]))
def test_unary_any_float_hypothesis(dx, name):
    dtype, x = dx
    e = np_unary(name, x)
    r = getattr(tt, name)(tt.asarray(x.copy()))
    assert_same(r, e, rtol=UNARY_RTOL[dtype], atol=UNARY_ATOL[dtype])


@given(st.sampled_from(["float32", "float64"]).flatmap(lambda d: st.tuples(st.just(d), *[arrays(
           dtype=d, shape=13, elements=st.floats(width=32 if d == "float32" else 64))] * 2)),
       st.sampled_from(["add", "subtract", "multiply", "divide", "floor_divide", "remainder",
                        "maximum", "minimum", "less", "equal", "power"]))
def test_binary_any_float_hypothesis(dab, name):
    dtype, a, b = dab
    e = np_binary(name, a, b)
    r = getattr(tt, name)(tt.asarray(a.copy()), tt.asarray(b.copy()))
    # floor_divide / remainder of huge quotients are ill-conditioned: compare where NumPy's
    # quotient is exactly representable (|a/b| < 2**24 for float32, 2**53 for float64)
    if name in ("floor_divide", "remainder"):
        with np.errstate(all="ignore"):
            ok = ~(np.abs(a / b) >= (2.0 ** 24 if dtype == "float32" else 2.0 ** 53))
        got = to_np(r)
        assert str(r.dtype) == str(e.dtype) and got.shape == e.shape
        assert_values(got[ok], e[ok], rtol=rtol_for(name, dtype))
        return
    assert_same(r, e, rtol=rtol_for(name, dtype))
