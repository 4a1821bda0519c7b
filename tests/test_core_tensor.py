"""Tensor attributes, dtypes, promotion, creation, the Python protocol and repr."""
import operator

import numpy as np
import pytest
from hypothesis import given, strategies as st
from hypothesis.extra.numpy import arrays, array_shapes

import tinytensor as tt
from conftest import (assert_strides_equiv, np_kwargs, DTYPES, INT_DTYPES, SHAPES, assert_same, layouts,
                      random_array, to_np, tt_dtype)


# ---------------------------------------------------------------- the very first check

def test_first_roundtrip_tolist_and_buffer():
    data = [[1.5, -2.0, 3.25], [4.0, 0.0, -6.5]]
    t = tt.tensor(data)
    a = np.array(data)
    assert t.tolist() == a.tolist()            # independent of the buffer export
    assert isinstance(t, tt.Tensor)
    assert t.shape == (2, 3)
    assert str(t.dtype) == "float64"
    got = np.asarray(t)                        # buffer protocol
    assert got.dtype == np.float64 and got.shape == (2, 3)
    np.testing.assert_array_equal(got, a)
    # a strided view exports its strides too
    v = t.T[::-1]
    assert v.tolist() == a.T[::-1].tolist()
    np.testing.assert_array_equal(np.asarray(v), a.T[::-1])


@pytest.mark.parametrize("dtype", DTYPES)
def test_tolist_and_buffer_every_dtype(dtype):
    a = random_array((2, 3), dtype)
    t = tt.tensor(a.tolist(), dtype=dtype)
    assert t.tolist() == a.tolist()
    assert_same(t, a)


# ---------------------------------------------------------------- attributes

@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("shape", SHAPES)
def test_attributes_match_numpy(shape, dtype):
    for name, a, t in layouts(shape, dtype):
        assert isinstance(t.shape, tuple) and t.shape == a.shape, name
        assert t.ndim == a.ndim, name
        assert t.size == a.size, name
        assert t.itemsize == a.itemsize, name
        assert t.nbytes == a.nbytes, name
        assert isinstance(t.strides, tuple), name
        if name == "contiguous" and a.size:          # (NumPy >= 2.x gives empties 0 strides)
            assert t.strides == a.strides, (t.strides, a.strides)
            assert t.T.strides == a.T.strides
        assert_strides_equiv(t, a)
        assert_strides_equiv(t.T, a.T)
        assert str(t.dtype) == dtype
        assert t.T.shape == a.T.shape
        if a.size:
            assert t.flags["C_CONTIGUOUS"] == a.flags["C_CONTIGUOUS"], name
            assert t.flags["F_CONTIGUOUS"] == a.flags["F_CONTIGUOUS"], name
            assert t.is_contiguous() == a.flags["C_CONTIGUOUS"], name


def test_flags_size1_and_empty_as_numpy():
    # NumPy ignores the strides of size-1 axes, and every empty array is contiguous
    for a, t in [(np.zeros((3, 1)).T, tt.zeros((3, 1)).T), (np.zeros((1, 4))[:, ::2], tt.zeros((1, 4))[:, ::2]),
                 (np.zeros((4, 0))[::2], tt.zeros((4, 0))[::2]), (np.zeros((2, 3)).T[:0], tt.zeros((2, 3)).T[:0])]:
        assert t.flags["C_CONTIGUOUS"] == a.flags["C_CONTIGUOUS"]
        assert t.flags["F_CONTIGUOUS"] == a.flags["F_CONTIGUOUS"]


def test_flags_simple_cases():
    t = tt.zeros((3, 4))
    assert t.flags["C_CONTIGUOUS"] and not t.flags["F_CONTIGUOUS"]
    assert t.flags["WRITEABLE"]
    assert t.is_contiguous()
    assert not t.T.flags["C_CONTIGUOUS"] and t.T.flags["F_CONTIGUOUS"]
    assert not t.T.is_contiguous()
    assert not t[:, ::2].flags["C_CONTIGUOUS"]
    assert not t[:, ::2].flags["F_CONTIGUOUS"]
    assert t[1:].is_contiguous()


def test_base_owner_and_views():
    t = tt.arange(12.0)
    assert t.base is None
    v = t[2:]
    assert v.base is t
    w = v[::2]
    assert w.base is t                      # collapsed to the root owner
    r = t.reshape(3, 4)
    assert r.base is t
    assert r.T.base is t
    assert r.T[1].base is t
    c = r.copy()
    assert c.base is None


def test_base_of_foreign_buffer():
    a = np.arange(6.0)
    t = tt.asarray(a)
    assert t.base is a
    assert t[1:].base is not None
    m = memoryview(bytearray(16))
    tm = tt.asarray(m)
    assert tm.base is m
    assert tm.shape == (16,) and str(tm.dtype) == "uint8"


# ---------------------------------------------------------------- dtypes

@pytest.mark.parametrize("name", DTYPES)
def test_dtype_objects(name):
    d = tt_dtype(name)
    assert tt.dtype(name) == d
    assert d == name
    assert d.name == name
    assert str(d) == name
    assert d.itemsize == np.dtype(name).itemsize
    assert tt.dtype(d) == d
    assert tt.dtype(np.dtype(name)) == d
    others = [n for n in DTYPES if n != name]
    for o in others:
        assert d != tt_dtype(o)
        assert d != o
    assert tt.zeros(2, dtype=name).dtype == d
    assert tt.zeros(2, dtype=d).dtype == d
    assert tt.zeros(2, dtype=np.dtype(name).type).dtype == d


def test_dtype_python_types():
    assert tt.dtype(float) == tt.float64
    assert tt.dtype(int) == tt.int64
    assert tt.dtype(bool) == tt.bool
    assert tt.zeros(2, dtype=float).dtype == tt.float64
    assert tt.zeros(2, dtype=int).dtype == tt.int64
    assert tt.zeros(2, dtype=bool).dtype == tt.bool
    assert tt.ones(2, dtype=np.float32).dtype == tt.float32
    assert tt.tensor([1, 2], dtype=np.uint8).dtype == tt.uint8
    assert tt.float32 == tt.dtype("float32")
    assert hash(tt.float32) == hash(tt.dtype("float32"))


def test_dtype_bad_names():
    with pytest.raises(TypeError):
        tt.dtype("nonsense")
    with pytest.raises((TypeError, ValueError)):
        tt.zeros(3, dtype="complex64")
    with pytest.raises((TypeError, ValueError)):
        tt.zeros(3, dtype="complex128")
    with pytest.raises(TypeError):
        tt.zeros(3, dtype=object)


def _castable_values(src, dst, rng, shape=(3, 4)):
    """Values of dtype src whose cast to dst is defined (no float->int overflow/NaN)."""
    if np.dtype(src).kind == "f" and np.dtype(dst).kind in "ui":
        lo, hi = (0, 250) if dst == "uint8" else (-100, 100)
        return rng.uniform(lo, hi, size=shape).astype(src)
    if src in ("int32", "int64") and dst == "uint8":
        return rng.integers(-300, 300, size=shape).astype(src)   # wraps, as C and NumPy
    return random_array(shape, src, rng)


@pytest.mark.parametrize("src", DTYPES)
@pytest.mark.parametrize("dst", DTYPES)
def test_astype(src, dst, rng):
    a = _castable_values(src, dst, rng)
    for name, av, t in layouts(a.shape, src, make=lambda s: _castable_values(src, dst, rng, s)):
        r = t.astype(dst)
        assert_same(r, av.astype(dst))
        r2 = t.astype(tt_dtype(dst))
        assert_same(r2, av.astype(dst))
    t = tt.asarray(a.copy())
    r = t.astype(src)
    assert r is not t                        # astype copies, as NumPy's default
    r[...] = a.ravel()[0].item()
    assert t.tolist() == a.tolist()


def test_astype_float_to_int_truncates():
    t = tt.tensor([-2.7, -0.5, 0.5, 2.7, 3.0])
    assert_same(t.astype(tt.int32), np.array([-2.7, -0.5, 0.5, 2.7, 3.0]).astype(np.int32))
    assert_same(tt.tensor([0.0, -0.0, 0.1, np.nan, np.inf]).astype("bool"),
                np.array([0.0, -0.0, 0.1, np.nan, np.inf]).astype(bool))


@pytest.mark.parametrize("d1", DTYPES)
@pytest.mark.parametrize("d2", DTYPES)
def test_result_type_dtype_pairs(d1, d2):
    expected = str(np.result_type(np.dtype(d1), np.dtype(d2)))
    assert tt.result_type(tt_dtype(d1), tt_dtype(d2)) == expected
    assert str(tt.result_type(tt.zeros(2, dtype=d1), tt.zeros(3, dtype=d2))) == expected
    assert str(tt.result_type(d1, d2)) == expected


@pytest.mark.parametrize("d", DTYPES)
@pytest.mark.parametrize("scalar", [True, 1, 1.0])
def test_result_type_weak_scalars(d, scalar):
    expected = np.result_type(np.zeros(2, dtype=d), scalar)
    assert str(tt.result_type(tt.zeros(2, dtype=d), scalar)) == str(expected)
    assert str(tt.result_type(tt_dtype(d), scalar)) == str(expected)


def test_result_type_examples():
    assert tt.result_type(tt.float32, 1.0) == tt.float32
    assert tt.result_type(tt.int32, 1.5) == tt.float64
    assert tt.result_type(tt.bool, 1) == tt.int64
    assert tt.result_type(tt.uint8, 3) == tt.uint8
    assert tt.result_type(tt.uint8, tt.int32) == tt.int32
    assert tt.result_type(tt.int64, tt.float32) == tt.float64
    # 0-d tensors are not weak
    assert tt.result_type(tt.zeros(3, dtype=tt.float32), tt.tensor(1.0)) == tt.float64
    assert tt.result_type(tt.zeros(3, dtype=tt.uint8), tt.tensor(1)) == tt.int64
    assert tt.result_type(1, 2.0) == tt.float64
    assert tt.result_type(True, 2) == tt.int64


# ---------------------------------------------------------------- creation: tensor/asarray

@pytest.mark.parametrize("data", [
    1, 2.5, True, -3, [], [1, 2, 3], [1.0, 2], [True, False], [True, 2], [True, 2.5],
    [[1, 2], [3, 4]], [[1.5], [2.5]], [[[1, 2]], [[3, 4]]], [[]], [[], []],
    [0.1, -0.0, float("inf"), float("nan")],
])
def test_tensor_from_python(data):
    t = tt.tensor(data)
    a = np.array(data)
    assert_same(t, a)
    assert t.tolist() == a.tolist() or np.isnan(a).any()


@pytest.mark.parametrize("dtype", DTYPES)
def test_tensor_dtype_argument(dtype):
    data = [[0, 1, 2], [3, 1, 0]]
    a = np.array(data, dtype=dtype)
    assert_same(tt.tensor(data, dtype=dtype), a)
    assert_same(tt.tensor(data, dtype=tt_dtype(dtype)), a)
    assert_same(tt.tensor(data, dtype=np.dtype(dtype)), a)
    assert_same(tt.asarray(data, dtype=dtype), a)
    assert_same(tt.tensor(a.astype(np.float64), dtype=dtype), a)


def test_tensor_dtype_python_types():
    assert_same(tt.tensor([1, 2], dtype=float), np.array([1, 2], dtype=float))
    assert_same(tt.tensor([1.7, 2], dtype=int), np.array([1.7, 2]).astype(int))
    assert_same(tt.tensor([0, 2], dtype=bool), np.array([0, 2], dtype=bool))


def test_tensor_nested_tensors_and_tuples():
    assert_same(tt.tensor((1, 2, 3)), np.array((1, 2, 3)))
    assert_same(tt.tensor([(1.0, 2.0), (3.0, 4.0)]), np.array([(1.0, 2.0), (3.0, 4.0)]))
    x = tt.tensor([1.0, 2.0])
    assert_same(tt.tensor(x), np.array([1.0, 2.0]))


@pytest.mark.parametrize("dtype", DTYPES)
def test_tensor_copies(dtype):
    a = random_array((3, 2), dtype)
    t = tt.tensor(a)
    assert_same(t, a)
    before = a.copy()
    a[...] = np.zeros((), dtype=dtype) if dtype != "bool" else ~a
    assert_same(t, before)                     # the tensor did not see the write
    u = tt.tensor(t)
    assert u is not t
    u[0] = 1
    assert_same(t, before)                     # a copy of a tensor is a copy


def test_tensor_from_numpy_views():
    a = np.arange(24.0).reshape(2, 3, 4)
    for v in (a.T, a[:, ::-1, 1::2], a[1], np.broadcast_to(a[0, 0], (3, 4))):
        assert_same(tt.tensor(v), v)
        assert_same(tt.asarray(v), v)


def test_tensor_from_numpy_scalars():
    assert_same(tt.tensor(np.float32(1.5)), np.array(1.5, dtype=np.float32))
    assert_same(tt.tensor(np.int32(-7)), np.array(-7, dtype=np.int32))


def test_asarray_same_dtype_returns_self():
    t = tt.tensor([1.0, 2.0])
    assert tt.asarray(t) is t
    assert tt.asarray(t, dtype=tt.float64) is t
    assert tt.asarray(t, dtype="float64") is t
    u = tt.asarray(t, dtype=tt.float32)
    assert u is not t and u.dtype == tt.float32
    assert_same(u, np.array([1.0, 2.0], dtype=np.float32))


@pytest.mark.parametrize("dtype", DTYPES)
def test_asarray_shares_numpy_buffer(dtype):
    a = random_array((3, 4), dtype)
    t = tt.asarray(a)
    assert_same(t, a)
    one = np.ones((), dtype=dtype)
    a[1, 2] = one if not a[1, 2] else np.zeros((), dtype=dtype)
    assert t[1, 2].item() == a[1, 2].item()    # numpy -> tt
    t[0, 0] = 1
    assert a[0, 0] == 1                          # tt -> numpy
    np.testing.assert_array_equal(to_np(t), a)


def test_asarray_shares_strided_numpy_view():
    base = np.arange(20.0)
    a = base[::-3]
    t = tt.asarray(a)
    assert_same(t, a)
    t[1] = -1.0
    assert base[16] == -1.0
    base[13] = 99.0
    assert t[2].item() == 99.0


def test_asarray_memoryview_shared():
    buf = bytearray(b"\x01\x02\x03\x04")
    t = tt.asarray(memoryview(buf))
    assert t.dtype == tt.uint8 and t.shape == (4,)
    assert t.tolist() == [1, 2, 3, 4]
    t[0] = 200
    assert buf[0] == 200
    buf[3] = 7
    assert t[3].item() == 7
    import array
    ar = array.array("d", [1.0, 2.0, 3.0])
    ta = tt.asarray(ar)
    assert ta.dtype == tt.float64 and ta.tolist() == [1.0, 2.0, 3.0]
    ta[1] = 5.0
    assert ar[1] == 5.0


def test_asarray_from_list():
    assert_same(tt.asarray([[1, 2], [3, 4]]), np.asarray([[1, 2], [3, 4]]))
    assert_same(tt.asarray(3.5), np.asarray(3.5))


@pytest.mark.parametrize("bad", [[[1, 2], [3]], [1, [2, 3]], [[1], 2], [[[1, 2]], [[1]]], [1, [2]],
                                 [[1, 2], 3], [[[1]], [2]], [[], [1]], [[1, 2], [3, [4]]],
                                 [1.0, []], [[1.0], [[2.0]]], [(1, 2), (3,)]])
def test_tensor_ragged_is_value_error(bad):
    with pytest.raises(ValueError):
        tt.tensor(bad)
    with pytest.raises(ValueError):
        tt.asarray(bad)


@pytest.mark.parametrize("bad", ["abc", ["a", "b"], [1, "a"], None, [None], [1, None],
                                 object(), {1: 2}, [object()]])
def test_tensor_non_numeric_is_type_error(bad):
    with pytest.raises(TypeError):
        tt.tensor(bad)
    with pytest.raises(TypeError):
        tt.asarray(bad)


# ---------------------------------------------------------------- creation: fillers

@pytest.mark.parametrize("shape", [0, 3, (), (0,), (2, 3), (2, 0, 4), [2, 2], (1, 1, 1, 1)])
def test_zeros_ones_empty_full(shape):
    assert_same(tt.zeros(shape), np.zeros(shape))
    assert_same(tt.ones(shape), np.ones(shape))
    e = tt.empty(shape)
    assert e.shape == np.empty(shape).shape and e.dtype == tt.float64
    assert_same(tt.full(shape, 2.5), np.full(shape, 2.5))
    for d in DTYPES:
        assert_same(tt.zeros(shape, dtype=d), np.zeros(shape, dtype=d))
        assert_same(tt.ones(shape, dtype=d), np.ones(shape, dtype=d))
        assert_same(tt.full(shape, 1, dtype=d), np.full(shape, 1, dtype=d))
        e = tt.empty(shape, dtype=d)
        assert e.shape == np.empty(shape).shape and str(e.dtype) == d


def test_full_values():
    assert_same(tt.full((2, 2), -7, dtype=tt.int32), np.full((2, 2), -7, dtype=np.int32))
    assert_same(tt.full(3, float("nan")), np.full(3, np.nan))
    assert_same(tt.full((2,), True, dtype=bool), np.full((2,), True, dtype=bool))
    assert_same(tt.full((2,), 0.5, dtype=tt.float32), np.full((2,), 0.5, dtype=np.float32))


@pytest.mark.parametrize("dtype", DTYPES)
def test_like_functions(dtype):
    for name, a, t in layouts((3, 4), dtype):
        assert_same(tt.zeros_like(t), np.zeros_like(a))
        assert_same(tt.ones_like(t), np.ones_like(a))
        assert_same(tt.full_like(t, 1), np.full_like(a, 1))
        e = tt.empty_like(t)
        assert e.shape == a.shape and str(e.dtype) == dtype
        assert_same(tt.zeros_like(t, dtype=tt.float32), np.zeros_like(a, dtype=np.float32))
        assert_same(tt.ones_like(t, dtype="int32"), np.ones_like(a, dtype=np.int32))
        z = tt.zeros_like(t)
        z[...] = 1                             # a fresh, writeable tensor
        np.testing.assert_array_equal(to_np(t), a)
    assert_same(tt.zeros_like(tt.tensor(3.0)), np.zeros_like(np.array(3.0)))


@pytest.mark.parametrize("args,kw", [
    ((5,), {}), ((0,), {}), ((-3,), {}), ((1, 10, 3), {}), ((10, 0, -3), {}), ((5, 1), {}),
    ((0, 1, 0.1), {}), ((0.0, 5), {}), ((1, 2.5, 0.5), {}), ((5,), {"dtype": "float32"}),
    ((5,), {"dtype": float}), ((2, 10, 2), {"dtype": tt.int32}), ((0, 1, 0.25), {"dtype": "float32"}),
    ((-1.5, 1.5, 0.5), {}), ((3,), {"dtype": "uint8"}), ((10, -10, -1.5), {}),
    ((0, 10), {"step": 3}), ((1e-3, 1.0, 0.1), {}),
])
def test_arange(args, kw):
    assert_same(tt.arange(*args, **kw), np.arange(*args, **np_kwargs(kw)))


def test_arange_zero_step():
    with pytest.raises((ZeroDivisionError, ValueError)):
        tt.arange(0, 5, 0)


@pytest.mark.parametrize("args,kw", [
    ((0, 1), {}), ((0, 1, 5), {}), ((-2.0, 3.0, 7), {"endpoint": False}), ((1, 1, 3), {}),
    ((0, 1, 1), {}), ((0, 1, 0), {}), ((0, 1, 1), {"endpoint": False}), ((5, -5, 11), {}),
    ((0, 1, 4), {"dtype": "float32"}), ((0, 10, 6), {"dtype": tt.float32}), ((0, 1), {"num": 3}),
])
def test_linspace(args, kw):
    assert_same(tt.linspace(*args, **kw), np.linspace(*args, **np_kwargs(kw)), rtol=1e-6)


def test_linspace_endpoint_exact():
    t = tt.linspace(0.0, 1.0, 7)
    assert t[-1].item() == 1.0 and t[0].item() == 0.0


@pytest.mark.parametrize("args,kw", [
    ((3,), {}), ((0,), {}), ((1,), {}), ((3, 5), {}), ((5, 3), {}), ((4,), {"k": 1}),
    ((4,), {"k": -2}), ((3, 5), {"k": 3}), ((3,), {"k": 5}), ((3,), {"k": -5}),
    ((3,), {"dtype": "int32"}), ((2, 3), {"dtype": bool}), ((3,), {"M": 2}),
    ((4, None, 1), {}), ((3,), {"dtype": tt.uint8}),
])
def test_eye(args, kw):
    assert_same(tt.eye(*args, **kw), np.eye(*args, **np_kwargs(kw)))


# ---------------------------------------------------------------- Python protocol

def _np_repr_as_tt(a):
    r = repr(a).replace("array(", "tensor(")
    return r.replace("\n      ", "\n       ")    # one more column for 'tensor(' than 'array('


@pytest.mark.parametrize("a", [
    np.array([[1.0, 2.0]], dtype=np.float32),
    np.array([1.0, 2.0, 3.0]),
    np.array([[1.0, -2.0], [3.5, 4.0]]),
    np.array([0.5, 0.25, -1.0]),
    np.array([[1, 2, 3], [4, 5, 6]]),
    np.array([1, -2, 3], dtype=np.int32),
    np.array([[True, False], [False, True]]),
    np.array([True, False]),
    np.array([1, 2, 255], dtype=np.uint8),
    np.arange(8).reshape(2, 2, 2),
    np.arange(12.0).reshape(2, 3, 2),
    np.arange(6, dtype=np.float32).reshape(1, 2, 3),
    np.array([], dtype=np.float64),
    np.array([], dtype=np.int64),
    np.array([], dtype=np.float32),
    np.array([], dtype=np.int32),
    np.array(1.0),
    np.array(1.5, dtype=np.float32),
    np.array(3),
    np.array(3, dtype=np.int32),
    np.array(True),
    np.array(7, dtype=np.uint8),
    np.array([np.nan, np.inf, -np.inf, 1.0]),
])
def test_repr_matches_numpy(a):
    t = tt.tensor(a)
    assert repr(t) == _np_repr_as_tt(a)


def test_repr_examples():
    assert repr(tt.tensor([[1.0, 2.0]], dtype=tt.float32)) == "tensor([[1., 2.]], dtype=float32)"
    assert repr(tt.tensor([1, 2])) == "tensor([1, 2])"
    assert repr(tt.tensor([[1, 2], [3, 4]])) == "tensor([[1, 2],\n        [3, 4]])"
    assert repr(tt.tensor(2.0)) == "tensor(2.)"


def test_repr_of_view():
    a = np.arange(12.0).reshape(3, 4)
    t = tt.asarray(a.copy())
    assert repr(t.T[::-1]) == _np_repr_as_tt(a.T[::-1])


@pytest.mark.parametrize("a", [np.array(12.0), np.array(0.1), np.array(-2.5), np.array(3),
                               np.array(True), np.array(1.5, dtype=np.float32),
                               np.array(7, dtype=np.uint8), np.array(1e20)])
def test_str_0d(a):
    assert str(tt.tensor(a)) == str(a)               # e.g. print(tt.tensor(12.0)) shows 12.0


def test_repr_wraps_long_rows():
    a = np.arange(30.0)
    assert repr(tt.tensor(a)) == _np_repr_as_tt(a)
    b = np.arange(40).reshape(2, 20)
    assert repr(tt.tensor(b)) == _np_repr_as_tt(b)


def test_repr_summarises_large():
    a = np.arange(2000.0)
    assert repr(tt.tensor(a)) == _np_repr_as_tt(a)
    assert str(tt.tensor(a)) == str(a)


def test_str_numpy_style():
    a = np.array([[1.0, 2.5], [3.0, 4.0]])
    s = str(tt.tensor(a))
    assert s == str(a)
    assert str(tt.tensor([1, 2, 3])) == str(np.array([1, 2, 3]))


def test_len():
    assert len(tt.zeros((3, 2))) == 3
    assert len(tt.zeros((0, 2))) == 0
    assert len(tt.zeros(5).T) == 5
    assert len(tt.zeros((2, 7)).T) == 7
    with pytest.raises(TypeError):
        len(tt.tensor(1.0))


def test_iteration():
    a = np.arange(6.0).reshape(3, 2)
    t = tt.asarray(a.copy())
    rows = list(t)
    assert len(rows) == 3
    for r, ra in zip(rows, a):
        assert_same(r, ra)
    rows = list(t.T)
    assert len(rows) == 2
    for r, ra in zip(rows, a.T):
        assert_same(r, ra)
    assert [float(x) for x in tt.tensor([1.0, 2.0, 3.0])] == [1.0, 2.0, 3.0]
    assert list(tt.zeros((0, 3))) == []
    with pytest.raises(TypeError):
        iter(tt.tensor(1.0))


def test_bool():
    assert bool(tt.tensor(1.0)) is True
    assert bool(tt.tensor(0.0)) is False
    assert bool(tt.tensor([3])) is True
    assert bool(tt.tensor([[0]])) is False
    assert bool(tt.tensor(False)) is False
    assert bool(tt.tensor(float("nan"))) is True
    msg = "The truth value of an array with more than one element is ambiguous. Use a.any() or a.all()"
    with pytest.raises(ValueError) as e:
        bool(tt.tensor([1, 2]))
    assert msg in str(e.value)
    with pytest.raises(ValueError):
        bool(tt.zeros(0))
    with pytest.raises(ValueError):
        if tt.ones((2, 2)) > 0:
            pass


@pytest.mark.parametrize("dtype", DTYPES)
def test_float_int(dtype):
    a = np.array(1, dtype=dtype)
    t = tt.tensor(1, dtype=dtype)
    assert float(t) == 1.0 and type(float(t)) is float
    assert int(t) == 1 and type(int(t)) is int
    assert float(tt.tensor(-2.75)) == -2.75
    assert int(tt.tensor(-2.75)) == -2
    assert int(tt.tensor(2**40)) == 2**40
    with pytest.raises(TypeError):
        float(tt.tensor([1.0, 2.0]))
    with pytest.raises(TypeError):
        int(tt.zeros((2, 2), dtype=dtype))
    assert float(a) == float(t)


@pytest.mark.parametrize("dtype", INT_DTYPES)
def test_operator_index_integer(dtype):
    t = tt.tensor(3, dtype=dtype)
    assert operator.index(t) == 3
    assert type(operator.index(t)) is int
    assert [10, 11, 12, 13][t] == 13
    assert list(range(10))[tt.tensor(1, dtype=dtype):tt.tensor(4, dtype=dtype)] == [1, 2, 3]


@pytest.mark.parametrize("t", [lambda: tt.tensor(3.0), lambda: tt.tensor(True),
                               lambda: tt.tensor([1, 2]), lambda: tt.tensor(2.0, dtype=tt.float32)])
def test_operator_index_rejects(t):
    with pytest.raises(TypeError):
        operator.index(t())


@pytest.mark.parametrize("dtype,pytype", [("bool", bool), ("uint8", int), ("int32", int),
                                          ("int64", int), ("float32", float), ("float64", float)])
def test_item_and_tolist_types(dtype, pytype):
    a = random_array((2, 3), dtype)
    t = tt.asarray(a.copy())
    lst = t.tolist()
    assert lst == a.tolist()
    assert all(type(x) is pytype for row in lst for x in row)
    assert t.T.tolist() == a.T.tolist()
    assert t[::-1, ::2].tolist() == a[::-1, ::2].tolist()
    it = t[1, 2].item() if isinstance(t[1, 2], tt.Tensor) else None
    if it is not None:
        assert type(it) is pytype and it == a[1, 2].item()
    x = tt.tensor(a[0, 0].item(), dtype=dtype)
    assert type(x.item()) is pytype and x.item() == a[0, 0].item()
    assert type(x.tolist()) is pytype and x.tolist() == a[0, 0].item()
    assert type(t[1:2, 2:3].item()) is pytype
    with pytest.raises(ValueError):
        t.item()
    with pytest.raises(ValueError):
        tt.zeros(0, dtype=dtype).item()
    assert tt.zeros((2, 0), dtype=dtype).tolist() == [[], []]


def test_tolist_float32_values():
    a = np.array([0.1, 1 / 3], dtype=np.float32)
    assert tt.tensor(a).tolist() == a.tolist()     # float32 values widened exactly


@given(arrays(dtype=st.sampled_from(["bool", "uint8", "int32", "int64", "float32", "float64"]),
              shape=array_shapes(min_dims=0, max_dims=4, min_side=0, max_side=4)))
def test_hypothesis_roundtrip(a):
    t = tt.asarray(a.copy())
    assert_same(t, a)
    assert t.shape == a.shape and t.size == a.size
    assert_strides_equiv(t, a)
    u = tt.tensor(a)
    assert_same(u, a)
    if a.dtype.kind != "f":
        assert u.tolist() == a.tolist()


# ---------------------------------------------------------------- awkward foreign buffers

def test_asarray_awkward_buffers():
    import array
    be = np.arange(5.0).astype(">f8")                 # non-native byte order: values, not bytes
    assert tt.asarray(be).tolist() == [0.0, 1.0, 2.0, 3.0, 4.0]
    assert tt.asarray(np.arange(3).astype(">i4")).tolist() == [0, 1, 2]
    buf = bytearray(8 * 2001 + 1)
    un = np.frombuffer(buf, dtype=np.float64, offset=1, count=2000)   # unaligned float64
    un[:] = np.arange(2000.0)
    t = tt.asarray(un)
    assert t.sum().item() == un.sum()
    np.testing.assert_allclose(to_np(tt.exp(t[:50])), np.exp(un[:50]), rtol=1e-13)
    np.testing.assert_allclose(to_np(t.reshape(40, 50) @ t.reshape(50, 40)),
                               un.reshape(40, 50) @ un.reshape(50, 40), rtol=1e-12)
    mv = memoryview(np.arange(5.0)[::-1])             # negative strides through a memoryview
    assert tt.asarray(mv).tolist() == [4.0, 3.0, 2.0, 1.0, 0.0]
    f = np.asfortranarray(np.arange(6.0).reshape(2, 3))
    assert tt.asarray(f).tolist() == f.tolist()
    for code, name in (("d", "float64"), ("f", "float32"), ("i", "int32"), ("q", "int64"),
                       ("B", "uint8")):
        t = tt.asarray(array.array(code, [1, 2]))
        assert str(t.dtype) == name and t.tolist() == [1, 2]
    assert tt.asarray(memoryview(bytearray(6)).cast("B", (2, 3))).shape == (2, 3)
    assert_same(tt.asarray(np.array(3.5)), np.array(3.5))
    assert_same(tt.asarray(np.float32(3.5)), np.array(3.5, dtype=np.float32))
