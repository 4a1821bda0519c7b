"""DLPack: tinytensor <-> NumPy / PyTorch without copies, capsule names, versions, flags,
lifetimes (deleters) and errors."""
import ctypes
import gc
import weakref

import numpy as np
import pytest

import tinytensor as tt

DTYPES = ["bool", "int8", "uint8", "int16", "uint16", "int32", "uint32", "int64", "uint64",
          "float16", "float32", "float64"]


def make(dtype, layout):
    """A tensor of dtype in one of several memory layouts (and the NumPy array it equals)."""
    base = np.arange(1, 25).reshape(4, 6)
    if dtype == "bool":
        base = base % 3 == 0
    base = base.astype(dtype)
    t = tt.tensor(base)
    views = {
        "contiguous": lambda x: x,
        "transposed": lambda x: x.T,
        "sliced": lambda x: x[1:, ::2],
        "negative": lambda x: x[::-1, 1::3],
        "scalar": lambda x: x[2, 3],
        "empty": lambda x: x[:, 2:2],
    }
    f = views[layout]
    return f(t), f(base)


LAYOUTS = ["contiguous", "transposed", "sliced", "negative", "scalar", "empty"]
TORCH_LAYOUTS = ["contiguous", "transposed", "sliced", "scalar", "empty"]   # torch has no negative strides


def one_value(dtype):
    return True if dtype == "bool" else 77


# ---- tinytensor -> NumPy ----

@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("layout", LAYOUTS)
def test_numpy_from_dlpack_shares_memory(dtype, layout):
    t, ref = make(dtype, layout)
    a = np.from_dlpack(t)
    assert a.dtype == ref.dtype and a.shape == ref.shape
    np.testing.assert_array_equal(a, ref)
    if t.size:
        assert a.ctypes.data == t.data_ptr
        assert a.flags.writeable
        a[(0,) * a.ndim] = one_value(dtype)
        assert t[(0,) * t.ndim].item() == one_value(dtype)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("layout", LAYOUTS)
def test_tt_from_dlpack_of_numpy_shares_memory(dtype, layout):
    _, ref = make(dtype, layout)
    ref = np.array(ref) if layout == "scalar" else ref   # a 0-d array (NumPy scalars have no __dlpack__)
    t = tt.from_dlpack(ref)
    assert t.dtype == ref.dtype and t.shape == ref.shape
    # an empty array's strides are arbitrary: NumPy 2.2 (the newest for Python 3.10) exports other
    # ones for x[:, 2:2] through DLPack than NumPy 2.4 does (found by the 3.10 wheel test)
    assert t.strides == ref.strides or ref.size == 0
    np.testing.assert_array_equal(np.asarray(t), ref)
    if ref.size:
        t[(0,) * t.ndim] = one_value(dtype)
        assert ref[(0,) * ref.ndim] == one_value(dtype)


def test_roundtrip_through_tinytensor_itself():
    t = tt.arange(10, dtype=tt.float32)[::3]
    u = tt.from_dlpack(t)
    assert u.data_ptr == t.data_ptr and u.strides == t.strides
    u[1] = -5
    assert t[1].item() == -5


# ---- capsules, versions and flags ----

def _capsule_pointer(capsule, name):
    get = ctypes.pythonapi.PyCapsule_GetPointer
    get.restype = ctypes.c_void_p
    get.argtypes = [ctypes.py_object, ctypes.c_char_p]
    return get(capsule, name)


def _versioned_header(capsule):
    """(major, minor, flags, data pointer) read from a DLManagedTensorVersioned: version is two
    uint32 at offset 0, manager_ctx and deleter pointers follow, flags (uint64) at 24, then the
    DLTensor whose first field is the data pointer."""
    p = _capsule_pointer(capsule, b"dltensor_versioned")
    major, minor = (ctypes.c_uint32 * 2).from_address(p)
    flags = ctypes.c_uint64.from_address(p + 24).value
    data = ctypes.c_void_p.from_address(p + 32).value
    return major, minor, flags, data


def test_capsule_names_follow_max_version():
    t = tt.arange(4.0)
    assert "dltensor" in repr(t.__dlpack__()) and "versioned" not in repr(t.__dlpack__())
    assert "versioned" not in repr(t.__dlpack__(max_version=(0, 8)))
    assert '"dltensor_versioned"' in repr(t.__dlpack__(max_version=(1, 0)))
    assert '"dltensor_versioned"' in repr(t.__dlpack__(max_version=(2, 3)))


def test_versioned_capsule_header():
    t = tt.arange(6.0)
    assert _versioned_header(t.__dlpack__(max_version=(1, 0)))[:3] == (1, 0, 0)
    major, minor, flags, data = _versioned_header(t.__dlpack__(max_version=(1, 5)))
    assert (major, minor, flags, data) == (1, 1, 0, t.data_ptr)
    ro = tt.broadcast_to(t, (2, 6))
    assert _versioned_header(ro.__dlpack__(max_version=(1, 0)))[2] == 1          # READ_ONLY
    major, minor, flags, data = _versioned_header(t.__dlpack__(max_version=(1, 0), copy=True))
    assert flags == 2 and data != t.data_ptr                                      # IS_COPIED


def _patched(t, **fields):
    """A versioned capsule of t with DLTensor fields overwritten in place, as a foreign producer
    might fill them. DLTensor starts at offset 32: data @32, device type/id @40/@44, ndim @48,
    dtype code/bits/lanes @52/@53/@54, shape @56, strides @64, byte_offset @72."""
    cap = t.__dlpack__(max_version=(1, 0))
    p = _capsule_pointer(cap, b"dltensor_versioned")
    layout = {"major": (0, ctypes.c_uint32), "data": (32, ctypes.c_void_p), "device_type": (40, ctypes.c_int32),
              "lanes": (54, ctypes.c_uint16), "strides": (64, ctypes.c_void_p), "byte_offset": (72, ctypes.c_uint64)}
    for name, value in fields.items():
        off, ctype = layout[name]
        ctype.from_address(p + off).value = value
    return cap


def test_consumer_reads_byte_offset_and_null_strides():
    t = tt.arange(6, dtype=tt.int64).reshape(2, 3)
    u = tt.from_dlpack(_patched(t, data=t.data_ptr - 16, byte_offset=16))
    assert u.data_ptr == t.data_ptr and u.tolist() == t.tolist()
    v = tt.from_dlpack(_patched(t, strides=None))           # NULL strides: C-contiguous
    assert v.strides == (24, 8) and v.tolist() == t.tolist()


def test_consumer_refuses_what_it_cannot_read_and_the_producer_still_cleans_up():
    t = tt.arange(4.0)
    w = weakref.ref(t)
    for fields, message in (({"major": 2}, "DLPack 2"), ({"device_type": 2}, "CPU memory only"),
                            ({"lanes": 4}, "no dtype")):
        cap = _patched(t, **fields)
        with pytest.raises(BufferError, match=message):
            tt.from_dlpack(cap)
        assert '"dltensor_versioned"' in repr(cap)           # not consumed
        del cap
    del t
    gc.collect()
    assert w() is None                                      # each capsule ran our deleter


def test_consumed_capsule_is_renamed_and_cannot_be_used_twice():
    t = tt.arange(3)
    for kw, used in (({}, "used_dltensor"), ({"max_version": (1, 0)}, "used_dltensor_versioned")):
        c = t.__dlpack__(**kw)
        u = tt.from_dlpack(c)
        assert f'"{used}"' in repr(c)
        assert u.tolist() == [0, 1, 2]
        with pytest.raises(ValueError, match="capsule"):
            tt.from_dlpack(c)


def test_read_only_tensor_exports_read_only():
    ro = tt.broadcast_to(tt.arange(3.0), (2, 3))
    a = np.from_dlpack(ro)
    assert not a.flags.writeable and a.strides == (0, 8)
    np.testing.assert_array_equal(a, [[0, 1, 2], [0, 1, 2]])
    with pytest.raises(BufferError, match="read-only"):
        ro.__dlpack__()                         # a legacy capsule cannot say "read-only"
    c = tt.from_dlpack(ro.__dlpack__(copy=True))
    assert c.flags.writeable and c.tolist() == ro.tolist()


def test_read_only_numpy_imports_read_only():
    a = np.arange(4.0)
    a.flags.writeable = False
    t = tt.from_dlpack(a)
    assert not t.flags.writeable
    with pytest.raises(ValueError, match="read-only"):
        t[0] = 1.0
    assert tt.from_dlpack(a, copy=True).flags.writeable


# ---- copy, device, stream ----

def test_copy_keyword():
    t = tt.arange(5, dtype=tt.int32)
    assert np.from_dlpack(t, copy=False).ctypes.data == t.data_ptr
    c = np.from_dlpack(t, copy=True)
    assert c.ctypes.data != t.data_ptr and c.tolist() == t.tolist()
    a = np.arange(5.0)
    assert tt.from_dlpack(a, copy=False).data_ptr == a.ctypes.data
    assert tt.from_dlpack(a).data_ptr == a.ctypes.data
    u = tt.from_dlpack(a, copy=True)
    assert u.data_ptr != a.ctypes.data and u.tolist() == a.tolist()


def test_byte_strides_that_are_not_whole_elements():
    rec = np.zeros(4, dtype=[("a", "u1"), ("b", "<i4")])       # packed: field b has stride 5
    rec["b"] = [1, 2, 3, 4]
    # the kernels never see misaligned elements: such a buffer is copied on import ...
    t = tt.asarray(rec["b"])
    assert t.strides == (4,) and t.tolist() == [1, 2, 3, 4] and t.base is None
    assert t.data_ptr % 4 == 0
    # ... which copy=False refuses
    with pytest.raises(ValueError, match="not aligned"):
        tt.asarray(rec["b"], copy=False)
    assert np.from_dlpack(t).tolist() == [1, 2, 3, 4]


def test_device_and_stream():
    t = tt.zeros(3)
    assert t.__dlpack_device__() == (1, 0)
    assert "dltensor" in repr(t.__dlpack__(dl_device=(1, 0)))
    with pytest.raises(BufferError):
        t.__dlpack__(dl_device=(2, 0))          # CUDA
    with pytest.raises(BufferError):
        t.__dlpack__(dl_device=(1, 1))
    with pytest.raises(ValueError):
        t.__dlpack__(dl_device="cpu")
    with pytest.raises(BufferError, match="stream"):
        t.__dlpack__(stream=1)
    with pytest.raises(ValueError, match="cpu"):
        tt.from_dlpack(np.zeros(3), device="cuda")
    assert tt.from_dlpack(np.zeros(3), device="cpu").shape == (3,)


def test_from_dlpack_errors():
    with pytest.raises(TypeError, match="__dlpack__"):
        tt.from_dlpack([1, 2, 3])
    with pytest.raises(BufferError, match="no dtype"):
        tt.from_dlpack(np.zeros(3, dtype=np.complex64))
    with pytest.raises(BufferError, match="no dtype"):
        tt.from_dlpack(np.zeros(3, dtype=np.complex128))


class _OldProducer:
    """A producer from before the 2023.12 keywords: __dlpack__(stream=None) only."""

    def __init__(self, arr):
        self.arr = arr

    def __dlpack__(self, stream=None):
        return self.arr.__dlpack__(stream=stream)

    def __dlpack_device__(self):
        return self.arr.__dlpack_device__()


def test_legacy_producer():
    a = np.arange(6.0).reshape(2, 3)
    t = tt.from_dlpack(_OldProducer(a))
    assert t.data_ptr == a.ctypes.data and t.tolist() == a.tolist()
    c = tt.from_dlpack(_OldProducer(a), copy=True)
    assert c.data_ptr != a.ctypes.data and c.tolist() == a.tolist()
    assert tt.from_dlpack(a.__dlpack__()).tolist() == a.tolist()          # a bare capsule


# ---- lifetimes ----

def test_unconsumed_capsule_releases_the_tensor():
    t = tt.arange(8)
    w = weakref.ref(t)
    caps = [t.__dlpack__(), t.__dlpack__(max_version=(1, 0))]
    del t
    gc.collect()
    assert w() is not None
    del caps
    gc.collect()
    assert w() is None


def test_numpy_consumer_outlives_tensor():
    root = tt.arange(20, dtype=tt.float64)
    w = weakref.ref(root)
    a = np.from_dlpack(root.reshape(4, 5)[1:, ::2])
    del root
    gc.collect()
    assert w() is not None                      # the exported view keeps its root alive
    big = [tt.arange(20.0) * 0 for _ in range(10)]  # reuse freed memory, if any was freed
    np.testing.assert_array_equal(a, np.arange(20.0).reshape(4, 5)[1:, ::2])
    del a, big
    gc.collect()
    assert w() is None                          # NumPy called our deleter


def test_tensor_outlives_numpy_producer_and_calls_its_deleter():
    a = np.arange(12.0).reshape(3, 4)
    w = weakref.ref(a)
    t = tt.from_dlpack(a)
    v = t[1:, 1]                                # a view keeps the import alive too
    del a, t
    gc.collect()
    assert w() is not None
    assert v.tolist() == [5.0, 9.0]
    del v
    gc.collect()
    assert w() is None                          # our owner called NumPy's deleter


# ---- PyTorch ----

@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("layout", TORCH_LAYOUTS)
def test_torch_from_dlpack_shares_memory(dtype, layout):
    torch = pytest.importorskip("torch")
    t, ref = make(dtype, layout)
    x = torch.from_dlpack(t)
    assert tuple(x.shape) == ref.shape and str(x.dtype) == "torch." + dtype
    np.testing.assert_array_equal(x.numpy(), ref)
    if t.size:
        assert x.data_ptr() == t.data_ptr
        x[(0,) * x.ndim] = one_value(dtype)
        assert t[(0,) * t.ndim].item() == one_value(dtype)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("layout", TORCH_LAYOUTS)
def test_tt_from_dlpack_of_torch_shares_memory(dtype, layout):
    torch = pytest.importorskip("torch")
    _, ref = make(dtype, layout)
    x = torch.from_numpy(np.ascontiguousarray(ref))
    x = x.T if layout == "transposed" else x
    t = tt.from_dlpack(x)
    assert t.shape == tuple(x.shape) and t.dtype == dtype
    np.testing.assert_array_equal(np.asarray(t), x.numpy())
    if x.numel():
        assert t.data_ptr == x.data_ptr()
        t[(0,) * t.ndim] = one_value(dtype)
        assert x[(0,) * x.ndim].item() == one_value(dtype)


def test_torch_lifetimes_both_ways():
    torch = pytest.importorskip("torch")
    x = torch.arange(10, dtype=torch.float32)
    t = tt.from_dlpack(x[2:])
    del x
    gc.collect()
    assert t.tolist() == [float(i) for i in range(2, 10)]
    s = tt.arange(6, dtype=tt.int64).reshape(2, 3)
    w = weakref.ref(s)
    y = torch.from_dlpack(s.T)
    del s
    gc.collect()
    assert y.tolist() == [[0, 3], [1, 4], [2, 5]]
    del y
    gc.collect()
    assert w() is None


def test_asarray_of_torch_shares_memory():
    torch = pytest.importorskip("torch")
    x = torch.zeros(2, 3)
    t = tt.asarray(x)
    t[1, 2] = 4.0
    assert x[1, 2].item() == 4.0
    assert tt.from_dlpack(x, copy=True).data_ptr != x.data_ptr()
