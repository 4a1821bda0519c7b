"""Clear Python exceptions (never a crash) for bad shapes, axes, dtypes, indices and sizes."""
import subprocess
import sys
import textwrap

import numpy as np
import pytest

import tinytensor as tt
from conftest import ROOT

CREATORS = [
    lambda s: tt.zeros(s), lambda s: tt.ones(s), lambda s: tt.empty(s),
    lambda s: tt.full(s, 1.0), lambda s: tt.zeros(s, dtype=tt.uint8),
]


@pytest.mark.parametrize("make", CREATORS)
@pytest.mark.parametrize("shape", [(2**40, 2**40), (2**62, 4), (2**31, 2**31, 2**31), (2**63 - 1, 2)])
def test_size_overflow_is_value_error(make, shape):
    with pytest.raises(ValueError):
        make(shape)


@pytest.mark.parametrize("make", CREATORS)
@pytest.mark.parametrize("shape", [-1, (-1,), (2, -3), (0, -1), (-2, -2)])
def test_negative_dimension_is_value_error(make, shape):
    with pytest.raises(ValueError):
        make(shape)


@pytest.mark.parametrize("make", CREATORS)
def test_huge_valid_size_is_memory_error(make):
    with pytest.raises(MemoryError):
        make((2**52,))                   # 4 PiB of float64 (or 4 PiB of uint8): valid, but no
    with pytest.raises(MemoryError):
        make((2**25, 2**25, 4))


def test_too_big_dimension():
    with pytest.raises((ValueError, OverflowError)):
        tt.zeros(2**63)
    with pytest.raises((ValueError, OverflowError)):
        tt.zeros((2**64, 1))


@pytest.mark.parametrize("shape", [2.5, (2, 2.0), ("a",), "abc", (None,), [[2]]])
def test_bad_shape_types(shape):
    with pytest.raises(TypeError):
        tt.zeros(shape)


def test_too_many_dimensions():
    with pytest.raises(ValueError):
        tt.zeros((1,) * 100)
    with pytest.raises(ValueError):
        tt.zeros((1,) * 10).reshape((1,) * 100)


@pytest.mark.parametrize("call,exc", [
    (lambda t: t.reshape(2**40, 2**40), ValueError),
    (lambda t: t.reshape(-1, 2**40, 2**40), ValueError),
    (lambda t: tt.broadcast_to(t, (2**40, 2**40, 4)), ValueError),   # size overflows int64
    (lambda t: t.reshape(-1, -4), ValueError),
    (lambda t: tt.arange(0, 1e30, 1e-30), ValueError),                 # NumPy: ValueError
    (lambda t: tt.linspace(0, 1, -1), ValueError),
    (lambda t: tt.eye(-1), ValueError),
    (lambda t: tt.arange("a"), TypeError),
])
def test_size_and_argument_errors(call, exc):
    with pytest.raises(exc):
        call(tt.zeros(4))


@pytest.mark.parametrize("bad", ["complex128", "float128", "complex64", "str", "nope", object, ">f4"])
def test_bad_dtype(bad):
    with pytest.raises((TypeError, ValueError)):
        tt.zeros(2, dtype=bad)
    with pytest.raises((TypeError, ValueError)):
        tt.ones(2).astype(bad)
    with pytest.raises((TypeError, ValueError)):
        tt.tensor([1, 2], dtype=bad)


def test_asarray_unsupported_numpy_dtype():
    for a in (np.zeros(3, dtype=np.complex128),
              np.array(["a", "b"]), np.array([object()], dtype=object)):
        with pytest.raises((TypeError, ValueError)):
            tt.asarray(a)
        with pytest.raises((TypeError, ValueError)):
            tt.tensor(a)


@pytest.mark.parametrize("op", [
    lambda t: t.sum(axis=3), lambda t: t.mean(axis=-4), lambda t: t.max(axis=5),
    lambda t: t.argmax(axis=3), lambda t: tt.expand_dims(t, 5), lambda t: t.squeeze(3),
    lambda t: t.transpose(0, 1, 3), lambda t: t.swapaxes(0, 3), lambda t: tt.var(t, axis=(0, 3)),
    lambda t: t.std(axis=-5), lambda t: tt.any(t, axis=3), lambda t: tt.all(t, axis=(1, 1)),
])
def test_axis_errors_value_error(op):
    t = tt.zeros((2, 3, 1))
    with pytest.raises(ValueError):
        op(t)


@pytest.mark.parametrize("key", [2, -3, (0, 3), (0, 0, 0), 1.0, "x", [0, 2], (slice(None), [3]),
                                 (Ellipsis, 0, Ellipsis)])
def test_index_errors(key):
    t = tt.zeros((2, 3))
    with pytest.raises(IndexError):
        t[key]
    if not any(isinstance(k, list) for k in (key if isinstance(key, tuple) else (key,))) \
            and not isinstance(key, list):
        with pytest.raises(IndexError):
            t[key] = 1.0                               # basic keys: setting raises the same


def test_shape_mismatch_errors():
    a, b = tt.zeros((2, 3)), tt.zeros((3, 2))
    for f in (tt.add, tt.subtract, tt.multiply, tt.divide, tt.maximum, tt.less, tt.logical_and,
              tt.power, tt.remainder, tt.floor_divide):
        with pytest.raises(ValueError):
            f(a, b)
    with pytest.raises(ValueError):
        a @ a
    with pytest.raises(ValueError):
        tt.dot(a, a.T[:2])
    with pytest.raises(ValueError):
        a.reshape(4, 2)
    with pytest.raises(ValueError):
        tt.where(a > 0, b, 1.0)


def test_non_numeric_inputs():
    for bad in (["a"], "s", [[1, 2], ["x", 3]], None, [{}], {"a": 1}):
        with pytest.raises(TypeError):
            tt.tensor(bad)
    with pytest.raises(TypeError):
        tt.exp(None)
    with pytest.raises(TypeError):
        tt.ones(2) + "a"
    with pytest.raises(TypeError):
        tt.matmul(tt.ones((2, 2)), "x")


def test_operations_on_0d_that_need_dims():
    s = tt.tensor(1.0)
    with pytest.raises(TypeError):
        len(s)
    with pytest.raises(TypeError):
        iter(s)
    with pytest.raises(IndexError):
        s[0]
    with pytest.raises(ValueError):
        s @ s


def test_errors_leave_no_broken_state():
    t = tt.arange(6.0)
    for _ in range(3):
        with pytest.raises(ValueError):
            t.reshape(4, 2)
        with pytest.raises(ValueError):
            t + tt.ones(4)
        with pytest.raises(MemoryError):
            tt.empty(2**52)
    assert t.tolist() == [0.0, 1.0, 2.0, 3.0, 4.0, 5.0]
    assert (t + 1).sum().item() == 21.0


def test_nothing_crashes_in_a_subprocess():
    # A battery of awkward calls run in a child: whatever they raise, the process must not die.
    code = textwrap.dedent("""
        import sys
        sys.path.insert(0, ROOT_PATH)
        import tinytensor as tt
        calls = [
            lambda: tt.zeros((2**40, 2**40)), lambda: tt.empty((2**31, 2**31, 2**31)),
            lambda: tt.zeros(2**52), lambda: tt.zeros((-1,)),
            lambda: tt.tensor([2**63 + 5]), lambda: tt.tensor([[1], [2, 3]]),
            lambda: tt.arange(10)[::-1][100:], lambda: tt.arange(10)[10**20:],
            lambda: tt.arange(10)[-10**20], lambda: tt.arange(10)[::10**20],
            lambda: tt.zeros(0).max(), lambda: tt.zeros((0, 3)).argmax(axis=0),
            lambda: tt.zeros((0, 0)) @ tt.zeros((0, 0)), lambda: tt.tensor(1) // tt.tensor(0),
            lambda: tt.tensor([-2**63]) // -1, lambda: tt.tensor([-2**31], dtype=tt.int32) % -1,
            lambda: tt.broadcast_to(tt.ones(1), (2**62, 2**2)), lambda: tt.ones(3).reshape(-1, 0),
            lambda: tt.ones((2, 3)).transpose(5, 6), lambda: tt.ones(3)[None, None, None, ..., None],
            lambda: tt.asarray(memoryview(b"abc")), lambda: tt.asarray(memoryview(b"")),
            lambda: tt.eye(3, k=10**20), lambda: tt.linspace(0, 1, 10**20),
            lambda: tt.full((3,), float("nan"), dtype=tt.int32), lambda: tt.ones(3).astype(tt.uint8) ** 200,
        ]
        for i, c in enumerate(calls):
            try:
                c()
            except Exception as e:
                assert not isinstance(e, SystemError), (i, e)
        print("survived", len(calls))
    """).replace("ROOT_PATH", repr(ROOT))
    p = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, p.stderr[-2000:]
    assert p.stdout.strip() == "survived 26"
