"""NumPy interop: the buffer protocol both ways, __array__ with NumPy 2's copy semantics, what
ufuncs/operators/functions give with a Tensor operand, pickle and deepcopy."""
import array
import copy
import functools
import gc
import pickle
import weakref

import numpy as np
import pytest

import tinytensor as tt

DTYPES = ["bool", "uint8", "int32", "int64", "float32", "float64"]
LAYOUTS = {
    "contiguous": lambda x: x,
    "transposed": lambda x: x.T,
    "sliced": lambda x: x[1:, ::2],
    "negative": lambda x: x[::-1, ::-2],
    "scalar": lambda x: x[2, 3],
    "empty": lambda x: x[:, 3:3],
    "column": lambda x: x[:, 1:2],
}


def reference(dtype):
    base = np.arange(1, 25).reshape(4, 6)
    return (base % 3 == 0) if dtype == "bool" else base.astype(dtype)


def value(dtype):
    return True if dtype == "bool" else 42


def first(x):
    return (0,) * x.ndim


# ---- buffer protocol: tinytensor -> NumPy / memoryview ----

@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("layout", LAYOUTS)
def test_np_asarray_shares_memory_and_is_writable(dtype, layout):
    ref = LAYOUTS[layout](reference(dtype))
    t = LAYOUTS[layout](tt.tensor(reference(dtype)))
    a = np.asarray(t)
    assert a.dtype == ref.dtype and a.shape == ref.shape and a.strides == t.strides
    np.testing.assert_array_equal(a, ref)
    assert a.flags.writeable
    if t.size:
        assert a.ctypes.data == t.data_ptr
        a[first(a)] = value(dtype)
        assert t[first(t)].item() == value(dtype)


def test_memoryview_of_tensor():
    t = tt.arange(12, dtype=tt.int32).reshape(3, 4)[:, ::2]
    m = memoryview(t)
    assert (m.format, m.itemsize, m.shape, m.strides, m.readonly) == ("i", 4, (3, 2), (16, 8), False)
    assert m.tolist() == t.tolist()
    assert memoryview(tt.zeros((), dtype=tt.bool_)).format == "?"


def test_read_only_tensor_exports_read_only_buffer():
    b = tt.broadcast_to(tt.arange(3.0), (2, 3))
    assert not b.flags.writeable
    assert memoryview(b).readonly
    a = np.asarray(b)
    assert not a.flags.writeable and a.strides == (0, 8)
    with pytest.raises(ValueError):
        a[0, 0] = 1.0
    with pytest.raises((BufferError, TypeError)):
        import ctypes
        ctypes.c_char.from_buffer(b)            # asks for a writable buffer


def test_numpy_view_outlives_tensor():
    root = tt.arange(10.0)
    w = weakref.ref(root)
    a = np.asarray(root[::3])
    del root
    gc.collect()
    assert w() is not None
    np.testing.assert_array_equal(a, [0.0, 3.0, 6.0, 9.0])
    del a
    gc.collect()
    assert w() is None


# ---- buffer protocol: NumPy / memoryview / array.array -> tinytensor ----

@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("layout", LAYOUTS)
def test_tt_asarray_shares_numpy_memory(dtype, layout):
    a = LAYOUTS[layout](reference(dtype))
    a = np.array(a) if layout == "scalar" else a
    t = tt.asarray(a)
    assert t.dtype == a.dtype and t.shape == a.shape
    assert t.strides == a.strides or not a.size     # NumPy exports an empty array's strides as it likes
    np.testing.assert_array_equal(np.asarray(t), a)
    assert t.base is a
    if a.size:
        t[first(t)] = value(dtype)
        assert a[first(a)] == value(dtype)


def test_tt_asarray_of_memoryview_and_array_array_share_memory():
    buf = bytearray(b"\x01\x02\x03\x04")
    t = tt.asarray(memoryview(buf))
    assert t.dtype == tt.uint8 and t.tolist() == [1, 2, 3, 4]
    t[0] = 9
    assert buf[0] == 9
    arr = array.array("d", [1.0, 2.0, 3.0])
    u = tt.asarray(arr)
    u[2] = -1.0
    assert arr[2] == -1.0
    m = memoryview(np.arange(12, dtype=np.int64)).cast("B").cast("q", (3, 4))
    v = tt.asarray(m)
    assert v.shape == (3, 4) and v.tolist() == np.arange(12).reshape(3, 4).tolist()


def test_read_only_buffers_import_read_only():
    t = tt.asarray(b"abc")
    assert not t.flags.writeable and t.tolist() == [97, 98, 99]
    with pytest.raises(ValueError, match="read-only"):
        t[0] = 1
    a = np.arange(3.0)
    a.flags.writeable = False
    with pytest.raises(ValueError, match="read-only"):
        tt.asarray(a)[0] = 5.0


def test_buffer_of_a_dtype_tinytensor_lacks():
    with pytest.raises(TypeError, match="buffer format 'Zd'"):
        tt.asarray(memoryview(np.zeros(2, np.complex128)))
    t = tt.asarray(np.arange(3, dtype=np.int16))      # shared: tinytensor has int16
    assert t.tolist() == [0, 1, 2] and t.dtype == tt.int16


def test_numpy_takes_tinytensor_dtypes():
    for dt in (tt.bool_, tt.uint8, tt.int32, tt.int64, tt.float32, tt.float64):
        assert np.dtype(dt) == np.dtype(dt.name) and np.zeros(2, dtype=dt).dtype == dt.name
    t = tt.arange(3, dtype=tt.int32)
    assert np.asarray(t, dtype=tt.float64).dtype == np.float64
    assert t.__array__(tt.int32, copy=False).ctypes.data == t.data_ptr


def test_tensor_outlives_numpy_array_and_releases_it():
    a = np.arange(8.0)
    w = weakref.ref(a)
    t = tt.asarray(a)[2:5]
    del a
    gc.collect()
    assert w() is not None
    assert t.tolist() == [2.0, 3.0, 4.0]
    del t
    gc.collect()
    assert w() is None


def test_asarray_copy_keyword_with_buffers():
    a = np.arange(4, dtype=np.int32)
    assert tt.asarray(a, copy=False).data_ptr == a.ctypes.data
    assert tt.asarray(a, copy=True).data_ptr != a.ctypes.data
    with pytest.raises(ValueError):
        tt.asarray(a, dtype=tt.float32, copy=False)
    assert tt.tensor(a).data_ptr != a.ctypes.data


# ---- __array__ and NumPy 2's copy keyword ----

def test_array_dunder_copy_semantics():
    t = tt.arange(6, dtype=tt.float32).reshape(2, 3)
    assert t.__array__().ctypes.data == t.data_ptr
    assert t.__array__(copy=False).ctypes.data == t.data_ptr
    assert t.__array__(copy=True).ctypes.data != t.data_ptr
    a64 = t.__array__(np.float64)
    assert a64.dtype == np.float64 and a64.tolist() == t.tolist()
    assert t.__array__(np.float32, copy=False).ctypes.data == t.data_ptr
    with pytest.raises(ValueError):
        t.__array__(np.float64, copy=False)
    assert np.array(t, copy=False).ctypes.data == t.data_ptr
    assert np.array(t).ctypes.data != t.data_ptr
    with pytest.raises(ValueError):
        np.array(t, dtype=np.float64, copy=False)
    assert np.asarray(tt.tensor(3.5)).shape == ()
    assert t.numpy().ctypes.data == t.data_ptr


# ---- ufuncs, operators and functions (the rule is in docs/interop.md) ----

def test_operators_with_ndarray_on_the_left_give_tensors():
    t = tt.arange(1, 7, dtype=tt.float32).reshape(2, 3)
    a = np.full((2, 3), 2.0, dtype=np.float32)
    tn = np.asarray(t)
    for op in ("+", "-", "*", "/", "//", "%", "**", "==", "!=", "<", "<=", ">", ">="):
        r = eval(f"a {op} t")
        assert isinstance(r, tt.Tensor), op
        np.testing.assert_array_equal(np.asarray(r), eval(f"a {op} tn"), err_msg=op)
    r = a @ t.T
    assert isinstance(r, tt.Tensor) and r.tolist() == (a @ tn.T).tolist()
    assert isinstance(np.float32(2) * t, tt.Tensor)


def test_ufuncs_give_tensors():
    t = tt.arange(1, 7, dtype=tt.float32).reshape(2, 3)
    for uf in (np.exp, np.log, np.sqrt, np.tanh, np.negative, np.square, np.sin, np.floor):
        r = uf(t)
        assert isinstance(r, tt.Tensor), uf
        np.testing.assert_allclose(np.asarray(r), uf(np.asarray(t)), rtol=2e-6, err_msg=str(uf))
    r = np.add(t, t)
    assert isinstance(r, tt.Tensor) and r.dtype == tt.float32
    r = np.bitwise_and(tt.arange(6), np.int64(3))          # NumPy computes, the result is a Tensor
    assert isinstance(r, tt.Tensor) and r.tolist() == [0, 1, 2, 3, 0, 1]
    assert isinstance(np.add.reduce(t, axis=0), tt.Tensor)
    assert np.sin(tt.zeros(2, dtype=tt.float32)).dtype == tt.float32
    r = np.sin(tt.tensor(0.5))                              # a 0-d result is a 0-d Tensor
    assert isinstance(r, tt.Tensor) and r.shape == () and r.item() == np.sin(0.5)
    r = np.add.reduce(tt.arange(5), axis=None)
    assert isinstance(r, tt.Tensor) and r.item() == 10


def test_ufunc_out_and_in_place_ndarray_operator():
    t = tt.zeros(3)
    out = np.add(np.ones(3), np.ones(3), out=t)
    assert out is t and t.tolist() == [2.0, 2.0, 2.0]
    a = np.ones(3)
    before = a
    a += tt.arange(3.0)
    assert a is before and a.tolist() == [1.0, 2.0, 3.0]
    r = np.spacing(np.float16(1))
    assert not isinstance(r, tt.Tensor)


def test_ufunc_result_without_tinytensor_dtype_stays_ndarray():
    r = np.divide(tt.arange(3), 2, dtype=np.complex64)
    assert isinstance(r, np.ndarray) and r.dtype == np.complex64
    h = np.divide(tt.arange(3), 2, dtype=np.float16)    # a dtype tinytensor has: a Tensor
    assert isinstance(h, tt.Tensor) and h.dtype == tt.float16


# NumPy function calls that tinytensor implements: (call, tinytensor function that must compute it)
_FUNCTION_CALLS = [
    (lambda np_, x: np_.sum(x), "sum"),
    (lambda np_, x: np_.sum(x, 0, "f4"), "sum"),                     # positional dtype, not keepdims
    (lambda np_, x: np_.sum(x, axis=1, keepdims=True, out=None), "sum"),
    (lambda np_, x: np_.prod(x, axis=0, dtype=np.float64), "prod"),
    (lambda np_, x: np_.max(x, axis=1), "max"),
    (lambda np_, x: np_.amin(x, axis=0, keepdims=True), "amin"),
    (lambda np_, x: np_.mean(x, 0, "f4"), "mean"),                  # dtype: computes in float32
    (lambda np_, x: np_.mean(x, axis=(0, 1)), "mean"),
    (lambda np_, x: np_.var(x, axis=0, ddof=1), "var"),
    (lambda np_, x: np_.std(x, axis=1, keepdims=True), "std"),
    (lambda np_, x: np_.argmax(x, axis=1, keepdims=True), "argmax"),
    (lambda np_, x: np_.argmin(x), "argmin"),
    (lambda np_, x: np_.any(x > 3, axis=0), "any"),
    (lambda np_, x: np_.all(x > 0), "all"),
    (lambda np_, x: np_.reshape(x, (3, 2)), "reshape"),
    (lambda np_, x: np_.transpose(x), "transpose"),
    (lambda np_, x: np_.permute_dims(x, (1, 0)), "transpose"),
    (lambda np_, x: np_.swapaxes(x, 0, 1), "swapaxes"),
    (lambda np_, x: np_.ravel(x), "ravel"),
    (lambda np_, x: np_.expand_dims(x, 1), "expand_dims"),
    (lambda np_, x: np_.squeeze(x[:1]), "squeeze"),
    (lambda np_, x: np_.broadcast_to(x[:1], (4, 3)), "broadcast_to"),
    (lambda np_, x: np_.dot(x, x.T), "dot"),
    (lambda np_, x: np_.outer(x[0], x[1]), "outer"),
    (lambda np_, x: np_.concatenate([x, x], axis=1), "concatenate"),
    (lambda np_, x: np_.concat([x, x]), "concatenate"),
    (lambda np_, x: np_.stack([x, x], axis=-1), "stack"),
    (lambda np_, x: np_.flip(x, axis=0), "flip"),
    (lambda np_, x: np_.repeat(x, 2, axis=1), "repeat"),
    (lambda np_, x: np_.tile(x, (2, 1)), "tile"),
    (lambda np_, x: np_.take(x, [2, 0], axis=1), "take"),
    (lambda np_, x: np_.where(x > 2, x, 0), "where"),
    (lambda np_, x: np_.clip(x, 1, 4), "clip"),
    (lambda np_, x: np_.zeros_like(x, dtype="int32"), "zeros_like"),
    (lambda np_, x: np_.full_like(x, 7, shape=(4,)), "full_like"),
    (lambda np_, x: np_.astype(x, np.int32), "astype"),
]


@pytest.mark.parametrize("case", range(len(_FUNCTION_CALLS)))
@pytest.mark.parametrize("layout", ["contiguous", "transposed"])
def test_numpy_functions_tinytensor_implements_run_as_tinytensor_ops(case, layout, monkeypatch):
    call, name = _FUNCTION_CALLS[case]
    base = np.arange(1.0, 7.0).reshape(2, 3) if layout == "contiguous" else np.arange(1.0, 7.0).reshape(3, 2).T
    t = tt.asarray(base.copy()) if layout == "contiguous" else tt.asarray(base.T.copy()).T
    calls = []
    real = getattr(tt, name)

    @functools.wraps(real)              # keeps tt.<name>'s signature, which the dispatch reads
    def spy(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)
    monkeypatch.setattr(tt, name, spy)
    got = call(np, t)
    want = call(np, base)
    assert calls, f"np call did not reach tt.{name}"
    assert isinstance(got, tt.Tensor), type(got)
    assert got.shape == np.shape(want) and str(got.dtype) == str(np.asarray(want).dtype)
    np.testing.assert_allclose(np.asarray(got), want, rtol=1e-6)


def test_numpy_functions_tinytensor_lacks_or_cannot_express_run_in_numpy():
    t = tt.arange(6, dtype=tt.float64).reshape(2, 3)
    assert np.allclose(t, np.asarray(t)) is True
    assert np.shape(t) == (2, 3)
    np.testing.assert_array_equal(t, np.arange(6.0).reshape(2, 3))
    for got, want in [
        (np.partition(t[:, ::-1], 1, axis=1), np.arange(6.0).reshape(2, 3)),  # no tt.partition
        (np.sum(t, where=np.asarray(t) > 1), 14.0),                          # where= tt lacks
        (np.reshape(t, (3, 2), order="F"), np.arange(6.0).reshape(2, 3).reshape(3, 2, order="F")),
        (np.concatenate([t, np.ones((1, 3), dtype=np.complex64)]),           # complex operand
         np.concatenate([np.arange(6.0).reshape(2, 3), np.ones((1, 3), dtype=np.complex128)])),
    ]:
        assert isinstance(got, (np.ndarray, np.generic)), type(got)
        np.testing.assert_array_equal(got, want)
    out = np.zeros(3)
    assert np.sum(t, axis=0, out=out) is out and out.tolist() == [3.0, 5.0, 7.0]
    clipped = np.clip(t, min=1.0)          # tt.clip takes the standard's min=/max=: it stays a Tensor
    assert isinstance(clipped, tt.Tensor) and clipped.tolist() == [[1.0, 1.0, 2.0], [3.0, 4.0, 5.0]]


def test_numpy_function_errors_and_tinytensor_dtypes():
    t = tt.arange(6, dtype=tt.float64).reshape(2, 3)
    with pytest.raises(TypeError):                       # not a valid NumPy call: NumPy's error
        np.sum(t, bogus=1)
    with pytest.raises(TypeError):                       # tinytensor has no structured dtypes
        np.empty_like(t, dtype=[("vals", "f8"), ("arg", "i8")])
    with pytest.raises(ValueError):
        np.reshape(t, (4, 2))
    r = np.sum(tt.arange(4, dtype=tt.int32))             # NumPy's promotion: int32 sums to int64
    assert isinstance(r, tt.Tensor) and r.dtype == tt.int64 and r.shape == () and r.item() == 6


def test_autograd_sees_mapped_numpy_functions():
    x = tt.tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
    np.sum(np.mean(x, axis=0) * np.concatenate([x[0], x[1]])[:2]).backward()
    # d/dx of sum_j mean_i(x_ij) * x_0j: (x_0j / 2) + [i == 0] * mean_i(x_ij)
    assert x.grad.tolist() == [[0.5 + 2.0, 1.0 + 3.0], [0.5, 1.0]]


def test_autograd_sees_mapped_ufuncs():
    x = tt.tensor([1.0, 2.0], requires_grad=True)
    try:
        import tinytensor.autograd  # noqa: F401
    except ImportError:
        pytest.skip("tinytensor.autograd is not on this branch")
    y = np.multiply(np.float64(3.0), x)
    assert isinstance(y, tt.Tensor) and y.requires_grad


# ---- pickle and copy ----

def _cases():
    for dtype in DTYPES:
        for layout in LAYOUTS:
            yield dtype, layout


@pytest.mark.parametrize("dtype,layout", list(_cases()))
def test_pickle_and_deepcopy_roundtrip(dtype, layout):
    t = LAYOUTS[layout](tt.tensor(reference(dtype)))
    ref = np.asarray(t).copy()
    for protocol in (2, pickle.HIGHEST_PROTOCOL):
        u = pickle.loads(pickle.dumps(t, protocol=protocol))
        assert u.dtype == t.dtype and u.shape == t.shape and u.flags.c_contiguous
        np.testing.assert_array_equal(np.asarray(u), ref)
    for c in (copy.deepcopy(t), copy.copy(t)):
        assert c.dtype == t.dtype and c.shape == t.shape
        np.testing.assert_array_equal(np.asarray(c), ref)
        if t.size:
            assert c.data_ptr != t.data_ptr
            c[first(c)] = value(dtype) if dtype != "bool" else not ref[first(ref)]
            assert np.asarray(t)[first(t)] == ref[first(ref)]


def test_pickle_keeps_requires_grad_and_deepcopy_memo():
    t = tt.tensor([1.0, 2.0], requires_grad=True)
    assert pickle.loads(pickle.dumps(t)).requires_grad
    assert copy.deepcopy(t).requires_grad
    pair = copy.deepcopy([t, t])
    assert pair[0] is pair[1] and pair[0] is not t
    b = tt.broadcast_to(tt.arange(3), (2, 3))
    assert pickle.loads(pickle.dumps(b)).tolist() == b.tolist()
    assert copy.deepcopy(b).flags.writeable


@pytest.mark.parametrize("dtype,layout", list(_cases()))
def test_pickle_protocol_5_sends_one_out_of_band_buffer_and_loads_without_copy(dtype, layout):
    t = LAYOUTS[layout](tt.tensor(reference(dtype)))
    ref = np.asarray(t).copy()
    buffers = []
    blob = pickle.dumps(t, protocol=5, buffer_callback=buffers.append)
    assert len(buffers) == 1 and isinstance(buffers[0], pickle.PickleBuffer)
    assert buffers[0].raw().nbytes == t.nbytes and len(blob) < 200     # the data is not in blob
    # what a receiving process gets: the bytes in a buffer of its own; the tensor wraps it
    received = bytearray(buffers[0].raw())
    u = pickle.loads(blob, buffers=[received])
    assert u.dtype == t.dtype and u.shape == t.shape and u.flags.c_contiguous and u.flags.writeable
    np.testing.assert_array_equal(np.asarray(u), ref)
    if t.size:
        assert u.data_ptr == np.frombuffer(received, dtype=np.uint8).ctypes.data     # no copy
        received[:] = bytes(len(received))                          # the tensor sees the buffer
        assert not np.asarray(u).any()
    if layout == "contiguous":                                      # in-process: the same memory
        assert pickle.loads(blob, buffers=buffers).data_ptr == t.data_ptr


def test_pickle_protocol_5_in_band_read_only_and_requires_grad():
    t = tt.arange(6, dtype=tt.float32).reshape(2, 3)
    u = pickle.loads(pickle.dumps(t, protocol=5))                    # in-band: a copy, writable
    assert u.data_ptr != t.data_ptr and u.flags.writeable and u.tolist() == t.tolist()
    u[0, 0] = 9.0
    assert t[0, 0].item() == 0.0
    buffers = []
    blob = pickle.dumps(t, protocol=5, buffer_callback=buffers.append)
    ro = pickle.loads(blob, buffers=[bytes(buffers[0].raw())])       # a bytes buffer: read-only,
    assert not ro.flags.writeable and ro.tolist() == t.tolist()      # as NumPy does
    with pytest.raises(ValueError):
        ro[0, 0] = 1.0
    g = tt.tensor([1.0, 2.0], requires_grad=True)
    buffers = []
    blob = pickle.dumps(g, protocol=5, buffer_callback=buffers.append)
    h = pickle.loads(blob, buffers=[bytearray(b.raw()) for b in buffers])   # out-of-band: a
    assert h.requires_grad and h.tolist() == [1.0, 2.0]                     # parameter sent to a
    with tt.no_grad():                                                      # worker stays writable
        h[0] = 5.0                                                          # for its optimizer
    assert h.tolist() == [5.0, 2.0] and g.tolist() == [1.0, 2.0]
    for protocol in range(2, pickle.HIGHEST_PROTOCOL + 1):
        h = pickle.loads(pickle.dumps(g, protocol=protocol))
        assert h.requires_grad and h.is_leaf and h.tolist() == [1.0, 2.0] and h.dtype == tt.float64
    for protocol in (2, 3, 4):                                       # older protocols: in-band bytes
        blob = pickle.dumps(t, protocol=protocol)
        assert pickle.loads(blob).tolist() == t.tolist() and t.nbytes <= len(blob)


def test_unpickling_protocol_5_with_a_wrong_buffer_fails():
    fn, args = tt.arange(4).__reduce_ex__(5)
    with pytest.raises(ValueError, match="corrupt"):
        fn(bytes(8 * 3), *args[1:])


def test_unpickling_corrupt_data_fails():
    t = tt.arange(4)
    fn, args = t.__reduce__()
    with pytest.raises(ValueError, match="corrupt"):
        fn(args[0][:-1], *args[1:])


# ---- Python operators defer to other array libraries' arrays, as NumPy's ndarray does (NEP 13) --

class _OptsOut:
    """Opts out of NumPy-style ufunc handling: operators must reach its own methods."""
    __array_ufunc__ = None

    def __radd__(self, other):
        return "radd"

    def __rmatmul__(self, other):
        return "rmatmul"

    def __gt__(self, other):          # reflected t < x
        return "gt"


class _ForeignArray:
    """Another library's array: it handles ufuncs itself and offers no buffer to share."""
    def __init__(self, values):
        self.values = values

    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        return "ufunc"

    def __array__(self, dtype=None, copy=None):
        return np.asarray(self.values, dtype=dtype)

    def __rmul__(self, other):
        return ("rmul", other)


def test_operators_defer_to_an_operand_that_opts_out():
    t = tt.ones(3)
    assert t + _OptsOut() == "radd"
    assert t @ _OptsOut() == "rmatmul"
    assert (t < _OptsOut()) == "gt"


def test_operators_defer_to_a_foreign_array_type_but_functions_convert_it():
    t = tt.arange(3.0)
    op, other = t * _ForeignArray([1.0, 2.0, 3.0])
    assert op == "rmul" and other is t
    with pytest.raises(TypeError):        # neither side implements +
        t + _ForeignArray([1.0, 2.0, 3.0])
    r = tt.multiply(t, _ForeignArray([1.0, 2.0, 3.0]))      # a function converts by value
    assert r.dtype == tt.float64 and r.tolist() == [0.0, 2.0, 6.0]


@pytest.mark.parametrize("other", [np.ones(3), np.float32(2.0), np.int64(3), [1, 2, 3], 2, 2.5, True])
def test_operators_still_convert_numpy_arrays_scalars_and_python_values(other):
    t = tt.arange(3.0)
    r = t + other
    assert isinstance(r, tt.Tensor)
    np.testing.assert_array_equal(np.asarray(r), np.arange(3.0) + np.asarray(other))
