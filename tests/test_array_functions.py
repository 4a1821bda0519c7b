"""The array API 2024.12 functions and the NumPy functions people reach for first, against NumPy:
moveaxis, roll, unstack, tril/triu, tensordot, vecdot, einsum, diagonal/diag/trace, vstack/hstack,
argwhere, identity, isclose/allclose/array_equal, clip with tensor bounds, var/std correction=,
sum/prod/mean dtype=, repeat, take_along_axis, device= on creation functions, can_cast,
result_type, finfo/iinfo and tinytensor.linalg (vector_norm, matrix_norm, norm).

Each function runs on contiguous, transposed, sliced, broadcast, 0-d and empty inputs of every
dtype the namespace has (tt.__array_namespace_info__().dtypes(), so new dtypes are picked up)
and float16, raises NumPy's exception types, and is differentiable: a float64 central-difference
check and, where torch is installed, torch's gradient.
"""
import inspect
import math
import warnings

import numpy as np
import pytest

import tinytensor as tt
from conftest import assert_same, layouts, random_array
from gradcheck import gradcheck, leaf

# the namespace's dtypes plus float16, which tinytensor has though the standard does not name it
DTYPES = list(tt.__array_namespace_info__().dtypes()) + ["float16"]
NUMERIC = [d for d in DTYPES if d != "bool"]
FLOATS = list(tt.__array_namespace_info__().dtypes(kind="real floating")) + ["float16"]
INTS = list(tt.__array_namespace_info__().dtypes(kind="integral"))
# float results computed in another order than NumPy's (float16 rounds once from float32)
_RTOL = {"float16": 2e-3, "float32": 1e-5}


def _np(t):
    return np.asarray(t)


def _leaf(shape, seed=0, lo=-2.0, hi=2.0):
    return leaf(tt.asarray(np.random.default_rng(seed).uniform(lo, hi, size=shape)))


def _torch_grads(f_tt, f_torch, inputs, seed=5):
    """Gradients of sum(f(*inputs) * w) from tinytensor and torch (skipped without torch)."""
    torch = pytest.importorskip("torch")
    out = f_tt(*inputs)
    w = np.random.default_rng(seed).standard_normal(out.shape)
    (out * tt.asarray(w)).sum().backward()
    tin = [torch.tensor(_np(x.detach()), requires_grad=True) for x in inputs]
    tout = f_torch(torch, *tin)
    (tout * torch.tensor(w)).sum().backward()
    np.testing.assert_allclose(_np(out.detach()), tout.detach().numpy(), rtol=1e-10, atol=1e-12)
    for x, tx in zip(inputs, tin):
        np.testing.assert_allclose(_np(x.grad), tx.grad.numpy(), rtol=1e-9, atol=1e-12)


# ---- moveaxis, roll, unstack --------------------------------------------------------------

MOVES = [(0, -1), (-1, 0), ((0, 1), (1, 0)), ((0, 2), (-1, 0)), (1, 1)]


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("shape", [(2, 3, 4), (0, 3, 2)])
def test_moveaxis_matches_numpy(dtype, shape):
    for name, a, t in layouts(shape, dtype):
        for src, dst in MOVES:
            r = tt.moveaxis(t, src, dst)
            assert_same(r, np.moveaxis(a, src, dst))
            assert r.data_ptr == t.data_ptr         # a view


def test_moveaxis_errors():
    t = tt.zeros((2, 3))
    with pytest.raises(np.exceptions.AxisError):
        np.moveaxis(np.zeros((2, 3)), 2, 0)
    with pytest.raises(tt.AxisError):
        tt.moveaxis(t, 2, 0)
    with pytest.raises(IndexError):         # AxisError is an IndexError too (the array API's)
        tt.moveaxis(t, 0, -3)
    with pytest.raises(ValueError, match="repeated axis"):
        tt.moveaxis(t, (0, 0), (0, 1))
    with pytest.raises(ValueError, match="same number"):
        tt.moveaxis(t, (0,), (0, 1))
    with pytest.raises(TypeError):
        tt.moveaxis(t, 0.5, 0)


ROLLS = [(1, None), (-7, None), (2, 0), (-1, -1), ((1, 2), (0, 1)), (1, (0, 1)), ((1, -3), 1),
         (3, (0, 0))]


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("shape", [(3, 4), (0, 4), (2, 3, 2)])
def test_roll_matches_numpy(dtype, shape):
    for name, a, t in layouts(shape, dtype):
        for shift, axis in ROLLS:
            r = tt.roll(t, shift, axis=axis)
            assert_same(r, np.roll(a, shift, axis=axis))
            if t.size:
                assert r.data_ptr != t.data_ptr      # always a new tensor, as NumPy


def test_roll_0d_and_errors():
    assert_same(tt.roll(tt.asarray(3.0), 5), np.roll(np.asarray(3.0), 5))
    t = tt.arange(6).reshape(2, 3)
    with pytest.raises(tt.AxisError):
        tt.roll(t, 1, axis=2)
    with pytest.raises(tt.AxisError):
        tt.roll(tt.asarray(1.0), 1, axis=0)
    with pytest.raises(ValueError):
        tt.roll(t, (1, 2, 3), axis=(0, 1))
    with pytest.raises(TypeError):
        tt.roll(t, 1.5, axis=0)


@pytest.mark.parametrize("dtype", DTYPES)
def test_unstack_matches_numpy(dtype):
    for name, a, t in layouts((2, 3, 4), dtype):
        for axis in (0, 1, -1):
            parts = tt.unstack(t, axis=axis)
            expected = np.unstack(a, axis=axis)
            assert isinstance(parts, tuple) and len(parts) == len(expected)
            for p, e in zip(parts, expected):
                assert_same(p, e)
    assert tt.unstack(tt.zeros((0, 3))) == ()
    with pytest.raises(ValueError, match="at least 1-d"):
        tt.unstack(tt.asarray(1.0))
    with pytest.raises(tt.AxisError):
        tt.unstack(tt.zeros((2, 3)), axis=2)


# ---- tril, triu ---------------------------------------------------------------------------

@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("shape", [(3, 4), (4, 3), (2, 3, 3), (0, 3), (5,)])
def test_tril_triu_match_numpy(dtype, shape):
    for name, a, t in layouts(shape, dtype):
        for k in (0, 1, -1, 5, -5):
            assert_same(tt.tril(t, k=k), np.tril(a, k=k))
            assert_same(tt.triu(t, k), np.triu(a, k))
        assert_same(tt.tril(t, 2**70), np.tril(a, 100))        # NumPy overflows on such a k
        assert_same(tt.triu(t, -2**70), np.triu(a, -100))


def test_tril_triu_nan_and_errors():
    a = np.array([[np.nan, 1.0], [np.inf, np.nan]])
    assert_same(tt.tril(tt.asarray(a)), np.tril(a))       # masked NaNs become 0, as NumPy
    assert_same(tt.triu(tt.asarray(a)), np.triu(a))
    with pytest.raises(ValueError):
        tt.tril(tt.asarray(1.0))
    with pytest.raises(TypeError):
        tt.triu(tt.zeros((2, 2)), k=0.5)


# ---- tensordot, vecdot ----------------------------------------------------------------------

TENSORDOTS = [((2, 3, 4), (3, 4, 5), 2), ((2, 3), (3, 4), 1), ((2, 3), (4, 5), 0), ((2, 3), (3, 2), ([1, 0], [0, 1])),
              ((3, 4, 2), (2, 3), ([0, 2], [1, 0])), ((0, 3), (3, 4), 1), ((2, 0), (0, 3), 1), ((), (), 0),
              ((2, 3), (3,), ([1], [0])), ((3,), (3,), (0, 0))]


@pytest.mark.parametrize("dtype", DTYPES)
def test_tensordot_matches_numpy(dtype):
    rng = np.random.default_rng(3)
    for sa, sb, axes in TENSORDOTS:
        a, b = random_array(sa, dtype, rng, low=0, high=3), random_array(sb, dtype, rng, low=0, high=3)
        for ta, na in ((tt.asarray(a.copy()), a), (tt.asarray(a.T.copy()).T, a)):
            r = tt.tensordot(ta, tt.asarray(b.copy()), axes=axes)
            e = np.tensordot(na, b, axes=axes)
            if dtype == "bool":     # NumPy's tensordot of bools is a sum of products in bool
                e = e.astype(bool)
            assert_same(r, e, rtol=1e-5 if dtype == "float32" else None)


def test_tensordot_mixed_dtypes_and_errors():
    a, b = np.arange(6, dtype=np.int32).reshape(2, 3), np.ones((3, 2), np.float32)
    assert_same(tt.tensordot(tt.asarray(a), tt.asarray(b), axes=1), np.tensordot(a, b, axes=1))
    t = tt.zeros((2, 3))
    with pytest.raises(ValueError, match="shape-mismatch"):
        tt.tensordot(t, tt.zeros((4, 2)), axes=1)
    with pytest.raises(ValueError, match="shape-mismatch"):
        tt.tensordot(t, t, axes=([0], [0, 1]))
    with pytest.raises(ValueError):
        tt.tensordot(t, t, axes=3)
    with pytest.raises(ValueError):
        tt.tensordot(t, t, axes=-1)
    with pytest.raises(tt.AxisError):
        tt.tensordot(t, t, axes=([2], [0]))


@pytest.mark.parametrize("dtype", DTYPES)
def test_vecdot_matches_numpy(dtype):
    rng = np.random.default_rng(4)
    cases = [((2, 3), (2, 3), -1), ((4, 1, 3), (2, 3), -1), ((3,), (5, 3), -1), ((2, 3), (2, 3), 0),
             ((0, 3), (3,), -1), ((3, 0), (3, 0), -1), ((2, 3, 4), (3, 4), -2)]
    for sa, sb, axis in cases:
        for name, a, t in layouts(sa, dtype, rng, low=0, high=4):
            b = random_array(sb, dtype, rng, low=0, high=4)
            r = tt.vecdot(t, tt.asarray(b.copy()), axis=axis)
            e = np.vecdot(a, b, axis=axis)
            assert_same(r, e, rtol=1e-5 if dtype == "float32" else None)


def test_vecdot_errors():
    with pytest.raises(ValueError):
        tt.vecdot(tt.zeros((2, 3)), tt.zeros((2, 1)))       # the vectors' lengths never broadcast
    with pytest.raises(ValueError):
        tt.vecdot(tt.zeros((2, 3)), tt.zeros((4, 3)))       # the other axes must broadcast
    with pytest.raises(ValueError):
        tt.vecdot(tt.asarray(1.0), tt.asarray(1.0))
    with pytest.raises(tt.AxisError):
        tt.vecdot(tt.zeros(3), tt.zeros(3), axis=1)


# ---- einsum -------------------------------------------------------------------------------

EINSUMS = [
    ("ij,jk->ik", [(3, 4), (4, 5)]), ("ij,jk", [(3, 4), (4, 5)]), ("ii", [(4, 4)]), ("ii->i", [(4, 4)]),
    ("ij->ji", [(3, 4)]), ("ij->", [(3, 4)]), ("ij", [(3, 4)]), ("ji", [(3, 4)]), ("i,i", [(5,), (5,)]),
    ("i,j->ij", [(3,), (4,)]), ("bij,bjk->bik", [(2, 3, 4), (2, 4, 5)]), ("bij,bjk->bki", [(2, 3, 4), (2, 4, 5)]),
    ("ij,ij->i", [(3, 4), (3, 4)]), ("ij,ij->ij", [(1, 4), (3, 4)]), ("ij,kj->", [(2, 1), (4, 3)]),
    ("...ij,...jk", [(5, 1, 2, 3), (4, 3, 2)]), ("...i,...i->...", [(2, 3), (3,)]), ("i...->...", [(2, 3)]),
    ("ij,jk,kl->il", [(2, 3), (3, 4), (4, 5)]), ("ij,jk,k->i", [(2, 3), (3, 4), (4,)]),
    ("iij->ji", [(3, 3, 2)]), ("iji->j", [(3, 2, 3)]), ("ijk,ikl,lm->jm", [(2, 3, 4), (2, 4, 5), (5, 2)]),
    ("Ba,aC", [(2, 3), (3, 4)]), ("bA,AC", [(2, 3), (3, 4)]), ("", [()]), (",", [(), ()]), ("i,->i", [(3,), ()]),
    ("ij,jk->ik", [(0, 4), (4, 5)]), ("ij,jk->ik", [(3, 0), (0, 5)]), ("i,i->", [(0,), (0,)]),
    ("abc,cd,de->abe", [(2, 2, 3), (3, 4), (4, 2)]), ("ij,ji->", [(3, 4), (4, 3)]),
]


def _einsum_expected(subs, arrays, dtype):
    e = np.einsum(subs, *arrays)
    return np.asarray(e).astype(np.result_type(*arrays)) if dtype != "bool" else np.asarray(e).astype(bool)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("subs,shapes", EINSUMS, ids=[s or "empty" for s, _ in EINSUMS])
def test_einsum_matches_numpy(subs, shapes, dtype):
    rng = np.random.default_rng(7)
    arrays = [random_array(s, dtype, rng, low=0, high=3) for s in shapes]
    r = tt.einsum(subs, *[tt.asarray(a.copy()) for a in arrays])
    assert_same(r, _einsum_expected(subs, arrays, dtype), rtol=1e-5 if dtype == "float32" else None)


@pytest.mark.parametrize("subs,shapes", [("ij,jk->ik", [(3, 4), (4, 5)]), ("ii->i", [(4, 4)]),
                                         ("bij,bjk->bik", [(2, 3, 4), (2, 4, 5)]), ("ij,ij->i", [(3, 4), (3, 4)])])
def test_einsum_layouts(subs, shapes):
    rng = np.random.default_rng(8)
    others = [tt.asarray(random_array(s, "float64", rng)) for s in shapes[1:]]
    for name, a, t in layouts(shapes[0], "float64", rng):
        e = np.einsum(subs, a, *[_np(o) for o in others])
        assert_same(tt.einsum(subs, t, *others), e)


def test_einsum_sublists_dtype_and_mixed():
    a, b = np.arange(6.0).reshape(2, 3), np.arange(3.0)
    assert_same(tt.einsum(tt.asarray(a), [0, 1], tt.asarray(b), [1], [0]), np.einsum(a, [0, 1], b, [1], [0]))
    assert_same(tt.einsum(tt.asarray(a), [Ellipsis, 1], tt.asarray(b), [1]), np.einsum(a, [Ellipsis, 1], b, [1]))
    r = tt.einsum("ij,j", tt.asarray(a), tt.asarray(b), dtype=tt.float32)
    assert r.dtype == tt.float32
    i32, f32 = np.array([1, 2], np.int32), np.array([2.0, 3.0], np.float32)
    assert_same(tt.einsum("i,i->", tt.asarray(i32), tt.asarray(f32)), np.einsum("i,i->", i32, f32))
    u8 = np.array([1, 2], np.uint8), np.array([200, 100], np.uint8)
    assert_same(tt.einsum("i,i->", *map(tt.asarray, u8)), np.einsum("i,i->", *u8))    # wraps, as NumPy
    assert tt.einsum("ij,jk", tt.ones((2, 3)), tt.ones((3, 4)), optimize=True).shape == (2, 4)


def test_einsum_diagonal_is_a_view_and_transpose_is_a_view():
    a = tt.arange(9.0).reshape(3, 3)
    assert tt.einsum("ij->ji", a).data_ptr == a.data_ptr


@pytest.mark.parametrize("subs,shapes,match", [
    ("ii", [(2, 3)], "collapsing index"), ("i,i", [(2,), (3,)], "broadcast"), ("ij,jk", [(2, 3)], "fewer operands"),
    ("i", [(3,), (3,)], "more operands"), ("ij", [(3,)], "too many subscripts"), ("i", [(3, 3)], "more dimensions"),
    ("i->ii", [(2,)], "multiple times"), ("ij->k", [(2, 3)], "never appeared"), ("i$", [(2,)], "invalid subscript"),
    (".i", [(3,)], "ellipsis"), ("...i->i", [(2, 3)], "ellipsis"), ("i->i->", [(2,)], "->"),
])
def test_einsum_errors(subs, shapes, match):
    with pytest.raises(ValueError):
        np.einsum(subs, *[np.ones(s) for s in shapes])
    with pytest.raises(ValueError, match=match):
        tt.einsum(subs, *[tt.ones(s) for s in shapes])


def test_einsum_needs_an_operand_and_refuses_out():
    with pytest.raises(ValueError):
        tt.einsum("")
    with pytest.raises(TypeError):
        tt.einsum("i", tt.ones(2), out=tt.ones(2))


@pytest.mark.parametrize("subs,shapes", [("ij,jk->ik", [(2, 3), (3, 4)]), ("ii->i", [(3, 3)]), ("ii", [(3, 3)]),
                                         ("bij,bjk->bik", [(2, 2, 3), (2, 3, 2)]), ("ij,ij->i", [(2, 3), (2, 3)]),
                                         ("i,j->ij", [(2,), (3,)]), ("ij,jk,kl->il", [(2, 3), (3, 2), (2, 2)]),
                                         ("...ij,...jk", [(2, 1, 2, 3), (2, 3, 2)]), ("ij,ij->ij", [(1, 3), (2, 3)]),
                                         ("iij->ji", [(2, 2, 3)])])
def test_einsum_gradient(subs, shapes):
    inputs = [_leaf(s, seed=i) for i, s in enumerate(shapes)]
    f = lambda *xs: tt.einsum(subs, *xs)     # noqa: E731
    gradcheck(f, inputs)
    for x in inputs:
        x.grad = None
    _torch_grads(f, lambda torch, *xs: torch.einsum(subs, *xs), inputs)


# ---- diagonal, diag, trace ------------------------------------------------------------------

@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("shape", [(3, 4), (4, 3), (2, 3, 4), (0, 3), (3, 3)])
def test_diagonal_matches_numpy_and_is_a_read_only_view(dtype, shape):
    for name, a, t in layouts(shape, dtype):
        for offset in (0, 1, -1, 2, -7):
            for axes in ((0, 1), (1, 0), (-1, 0)) if len(shape) == 3 else ((0, 1), (1, 0)):
                r = tt.diagonal(t, offset, *axes)
                assert_same(r, np.diagonal(a, offset, *axes))
                assert not r.flags.writeable
                if r.size and t.size:
                    assert r.base is not None        # shares t's memory
        assert_same(t.diagonal(), a.diagonal())
        assert_same(tt.diagonal(t, 2**70), np.diagonal(a, 100))      # NumPy overflows on such an offset


def test_diagonal_errors():
    with pytest.raises(ValueError, match="at least two dimensions"):
        tt.diagonal(tt.zeros(3))
    with pytest.raises(ValueError, match="cannot be the same"):
        tt.diagonal(tt.zeros((2, 2)), 0, 1, 1)
    with pytest.raises(tt.AxisError):
        tt.diagonal(tt.zeros((2, 2)), 0, 0, 2)
    with pytest.raises(ValueError, match="read-only"):
        tt.diagonal(tt.zeros((2, 2)))[0] = 1.0


@pytest.mark.parametrize("dtype", DTYPES)
def test_diag_and_trace_match_numpy(dtype):
    rng = np.random.default_rng(9)
    sum_dtype = str(tt.sum(tt.ones(1, dtype=dtype)).dtype)     # trace sums as tt.sum does
    for n in (0, 1, 4):
        v = random_array((n,), dtype, rng)
        for k in (0, 1, -2):
            assert_same(tt.diag(tt.asarray(v.copy()), k=k), np.diag(v, k=k))
    for name, a, t in layouts((3, 4), dtype, rng):
        for k in (0, 1, -1, 9):
            assert_same(tt.diag(t, k), np.diag(a, k))
            assert_same(tt.trace(t, k), np.asarray(np.trace(a, k)).astype(sum_dtype))
    for name, a, t in layouts((2, 3, 3), dtype, rng):
        assert_same(tt.trace(t, 0, 1, 2), np.trace(a, 0, 1, 2).astype(sum_dtype))
        assert_same(t.trace(axis1=-1, axis2=0), a.trace(axis1=-1, axis2=0).astype(sum_dtype))
    with pytest.raises(ValueError):
        tt.diag(tt.asarray(1.0))
    with pytest.raises(ValueError):
        tt.diag(tt.zeros((2, 2, 2)))
    with pytest.raises(ValueError):
        tt.trace(tt.zeros(3))


def test_diagonal_diag_trace_gradients():
    for f, t, shape in ((lambda a: tt.diagonal(a, -1), lambda torch, a: torch.diagonal(a, -1), (3, 4)),
                        (lambda a: tt.diagonal(a, 1, 2, 0), lambda torch, a: torch.diagonal(a, 1, 2, 0), (3, 2, 4)),
                        (lambda a: tt.diag(a, -2), lambda torch, a: torch.diag(a, -2), (3,)),
                        (lambda a: tt.diag(a, 1), lambda torch, a: torch.diag(a, 1), (3, 3)),
                        (lambda a: tt.trace(a, 1), None, (3, 3)),
                        (tt.linalg.trace, None, (2, 3, 3))):
        x = _leaf(shape)
        gradcheck(f, [x])
        if t is not None:
            x.grad = None
            _torch_grads(f, t, [x])
    x = _leaf((3, 3))
    assert tt.diagonal(x).grad_fn.name == "diagonal"


# ---- vstack, hstack, argwhere, identity -----------------------------------------------------

@pytest.mark.parametrize("dtype", DTYPES)
def test_stacks_match_numpy(dtype):
    rng = np.random.default_rng(10)
    groups = [[(3,), (3,)], [(2, 3), (3,)], [(), ()], [(2, 3), (1, 3)], [(0, 3), (2, 3)], [(2, 3, 2), (1, 3, 2)]]
    for shapes in groups:
        arrays = [random_array(s, dtype, rng) for s in shapes]
        tensors = [tt.asarray(a.copy()) for a in arrays]
        assert_same(tt.vstack(tensors), np.vstack(arrays))
    for shapes in [[(3,), (2,)], [(2, 3), (2, 1)], [(), ()], [(2, 0), (2, 3)], [(2, 3, 2), (2, 1, 2)]]:
        arrays = [random_array(s, dtype, rng) for s in shapes]
        assert_same(tt.hstack([tt.asarray(a.copy()) for a in arrays]), np.hstack(arrays))
    assert tt.vstack([tt.ones(2)], dtype=tt.int32).dtype == tt.int32
    with pytest.raises(ValueError):
        tt.vstack([])
    with pytest.raises(ValueError):
        tt.hstack([tt.zeros((2, 3)), tt.zeros((3, 3))])


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("shape", [(3, 4), (5,), (0, 3), (2, 3, 2)])
def test_argwhere_matches_numpy(dtype, shape):
    rng = np.random.default_rng(11)
    for name, a, t in layouts(shape, dtype, rng, low=0, high=2):
        assert_same(tt.argwhere(t), np.argwhere(a))
    for v in (0, 3):
        assert_same(tt.argwhere(tt.asarray(v)), np.argwhere(np.asarray(v)))


def test_identity():
    assert_same(tt.identity(3), np.identity(3))
    assert_same(tt.identity(2, dtype=tt.int32), np.identity(2, dtype=np.int32))
    assert_same(tt.identity(0), np.identity(0))
    with pytest.raises(ValueError):
        tt.identity(-1)


# ---- isclose, allclose, array_equal ---------------------------------------------------------

SPECIAL = np.array([0.0, -0.0, 1.0, 1.0 + 1e-9, np.inf, -np.inf, np.nan, 1e-9, 2.0])


@pytest.mark.parametrize("dtype", DTYPES)
def test_isclose_matches_numpy(dtype):
    rng = np.random.default_rng(12)
    for name, a, t in layouts((3, 4), dtype, rng):
        b = random_array((4,), dtype, rng)
        for kw in ({}, {"rtol": 0.5}, {"atol": 3}):
            assert_same(tt.isclose(t, tt.asarray(b.copy()), **kw), np.isclose(a, b, **kw))
            assert tt.allclose(t, tt.asarray(b.copy()), **kw) == np.allclose(a, b, **kw)
    assert_same(tt.isclose(tt.zeros((0, 3)), tt.zeros(3)), np.isclose(np.zeros((0, 3)), np.zeros(3)))


def test_isclose_special_values():
    x, y = SPECIAL[:, None], SPECIAL[None, :]
    for kw in ({}, {"equal_nan": True}, {"atol": 0.0, "rtol": 0.0}):
        assert_same(tt.isclose(tt.asarray(x), tt.asarray(y), **kw), np.isclose(x, y, **kw))
    assert_same(tt.isclose(tt.asarray(1.0), 1.0 + 1e-9), np.asarray(np.isclose(1.0, 1.0 + 1e-9)))
    u = np.array([0, 255], np.uint8)
    assert_same(tt.isclose(tt.asarray(u), tt.asarray(u[::-1])), np.isclose(u, u[::-1]))   # no wraparound
    assert tt.allclose([1.0, np.nan], [1.0, np.nan], equal_nan=True) is True
    with pytest.raises(ValueError):
        tt.isclose(tt.zeros(2), tt.zeros(3))


def test_isclose_leaves_the_graph_quietly():
    x = _leaf((3,))
    r = tt.isclose(x, x)
    assert r.dtype == tt.bool and not r.requires_grad and r.grad_fn is None


def test_array_equal():
    a = np.array([1.0, np.nan])
    for x, y, kw in ((a, a, {}), (a, a, {"equal_nan": True}), ([1, 2], [1, 2], {}), ([1, 2], [1, 2, 3], {}),
                     ([[1, 2]], [1, 2], {}), ([1, 2], [1.0, 2.0], {}), (np.zeros((0, 2)), np.zeros((0, 2)), {})):
        got = tt.array_equal(tt.asarray(x), tt.asarray(y), **kw)
        assert got is bool(np.array_equal(x, y, **kw)), (x, y, kw)


# ---- clip -----------------------------------------------------------------------------------

@pytest.mark.parametrize("dtype", NUMERIC)
def test_clip_tensor_bounds_match_numpy(dtype):
    rng = np.random.default_rng(13)
    for name, a, t in layouts((3, 4), dtype, rng):
        lo, hi = random_array((4,), dtype, rng), random_array((3, 1), dtype, rng)
        assert_same(tt.clip(t, tt.asarray(lo), tt.asarray(hi)), np.clip(a, lo, hi))
        assert_same(tt.clip(t, min=tt.asarray(lo)), np.clip(a, min=lo))
        assert_same(tt.clip(t, max=tt.asarray(hi)), np.clip(a, max=hi))
        assert_same(tt.clip(t, a_min=2, a_max=3), np.clip(a, a_min=2, a_max=3))
        assert_same(t.clip(1, None), a.clip(1, None))
        c = tt.clip(t)                       # no bounds: a copy, as NumPy 2 and the array API
        assert_same(c, np.clip(a)) and c.data_ptr != t.data_ptr
    assert_same(tt.clip(tt.zeros((0, 2), dtype=dtype), 0, 1), np.clip(np.zeros((0, 2), dtype), 0, 1))
    assert_same(tt.clip(tt.asarray(np.array(5, dtype)), 0, 3), np.clip(np.array(5, dtype), 0, 3))


def test_clip_nan_bounds_and_crossed_bounds():
    x = np.array([np.nan, -1.0, 0.5, 5.0])
    for lo, hi in ((np.nan, 1.0), (0.0, np.nan), (2.0, 1.0), (np.array([0.0, np.nan, 0.0, 9.0]), 1.0)):
        assert_same(tt.clip(tt.asarray(x), tt.asarray(lo), tt.asarray(hi)), np.clip(x, lo, hi))


def test_clip_argument_errors():
    t = tt.ones(3)
    with pytest.raises(TypeError):
        tt.clip(t, 0, a_min=0)
    with pytest.raises(TypeError):
        tt.clip(t, max=1, a_max=1)
    with pytest.raises(ValueError):
        tt.clip(t, tt.zeros(2))


def test_clip_gradient_of_tensor_bounds():
    x = _leaf((3, 4), seed=1)
    lo = _leaf((4,), seed=2, lo=-1.5, hi=0.0)
    hi = _leaf((3, 1), seed=3, lo=0.0, hi=1.5)
    f = lambda a, b, c: tt.clip(a, b, c)    # noqa: E731
    gradcheck(f, [x, lo, hi])
    for v in (x, lo, hi):
        v.grad = None
    _torch_grads(f, lambda torch, a, b, c: torch.clamp(a, b, c), [x, lo, hi])
    # crossed bounds: the result is max, and max gets the gradient (PyTorch's rule)
    x, lo, hi = _leaf((5,), seed=4), _leaf((5,), seed=5, lo=1.0, hi=2.0), _leaf((5,), seed=6, lo=-2.0, hi=-1.0)
    _torch_grads(f, lambda torch, a, b, c: torch.clamp(a, b, c), [x, lo, hi])
    x = _leaf((4,))
    gradcheck(lambda a: tt.clip(a), [x])


# ---- statistics: var/std correction=, sum/prod/mean dtype= ----------------------------------

@pytest.mark.parametrize("dtype", NUMERIC)
def test_var_std_correction(dtype):
    rng = np.random.default_rng(14)
    for name, a, t in layouts((4, 5), dtype, rng):
        for corr in (0, 1, 1.5):
            for axis in (None, 0, (0, 1)):
                for fn in ("var", "std"):
                    e = getattr(np, fn)(a, axis=axis, correction=corr)
                    if dtype == "float32":
                        e = e.astype(np.float32)
                    r = getattr(tt, fn)(t, axis=axis, correction=corr)
                    # float16: tinytensor rounds once from float32, NumPy rounds each step
                    rtol = 2e-3 if dtype == "float16" else 1e-5
                    assert_same(r, np.asarray(e, dtype=r.dtype.name), rtol=rtol)
                    assert_same(getattr(t, fn)(axis=axis, correction=corr), np.asarray(e, dtype=r.dtype.name), rtol=rtol)
                    assert_same(getattr(tt, fn)(t, axis, ddof=corr), np.asarray(e, dtype=r.dtype.name), rtol=rtol)
    with pytest.raises(ValueError, match="simultaneously"):
        tt.var(tt.ones(3), ddof=1, correction=1)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        assert_same(tt.var(tt.ones(1), correction=1), np.var(np.ones(1), correction=1))


def test_var_std_correction_gradient():
    x = _leaf((3, 4))
    for fn, t in ((lambda a: tt.var(a, axis=0, correction=1), lambda torch, a: torch.var(a, 0, correction=1)),
                  (lambda a: tt.std(a, correction=2), lambda torch, a: torch.std(a, correction=2))):
        gradcheck(fn, [x])
        x.grad = None
        _torch_grads(fn, t, [x])
        x.grad = None


@pytest.mark.parametrize("dtype", DTYPES)
def test_sum_prod_dtype(dtype):
    rng = np.random.default_rng(15)
    for name, a, t in layouts((3, 4), dtype, rng, low=0, high=3):
        for out in ("int64", "float64", "float32"):
            for fn in ("sum", "prod"):
                for axis in (None, 1):
                    r = getattr(tt, fn)(t, axis=axis, dtype=out)
                    assert_same(r, np.asarray(getattr(np, fn)(a, axis=axis, dtype=out)), rtol=1e-6)
        assert_same(t.prod(0, dtype="float64"), a.prod(0, dtype="float64"))


def test_sum_dtype_accumulates_in_that_dtype():
    # float32 values whose float32 running sum would lose the small terms
    a = np.array([1e8] + [1.0] * 100 + [-1e8], dtype=np.float32)
    assert tt.sum(tt.asarray(a), dtype=tt.float64).item() == 100.0
    assert tt.mean(tt.asarray(a), dtype=tt.float64).item() == pytest.approx(100 / 102)
    i = np.array([200, 100], np.int64)
    assert_same(tt.sum(tt.asarray(i), dtype=tt.uint8), np.sum(i, dtype=np.uint8))     # wraps, as NumPy


def test_reduction_dtype_gradient():
    x = _leaf((3, 4))
    for f in (lambda a: tt.sum(a, axis=0, dtype=tt.float64), lambda a: tt.prod(a, axis=1, dtype=tt.float64),
              lambda a: tt.mean(a, dtype=tt.float64)):
        out = f(x)
        assert out.requires_grad
        gradcheck(f, [x])


# ---- repeat, take_along_axis ----------------------------------------------------------------

@pytest.mark.parametrize("dtype", DTYPES)
def test_repeat_array_api_semantics(dtype):
    rng = np.random.default_rng(16)
    for name, a, t in layouts((3, 4), dtype, rng):
        for reps, axis in ((2, None), (0, 1), (tt.asarray([1, 0, 2]), 0), (tt.asarray([3]), 1),
                           (tt.asarray(2), 0), ([1, 2, 0, 1], 1), (np.array([2, 1, 1]), 0),
                           (np.int64(2), 0), (tt.asarray([True, False, True]), 0)):
            r = tt.repeat(t, reps, axis=axis)
            assert_same(r, np.repeat(a, np.asarray(reps) if isinstance(reps, tt.Tensor) else reps, axis=axis))
    # the bug: an empty tensor with a one-element repeats tensor
    assert_same(tt.repeat(tt.zeros(0, dtype=dtype), tt.asarray([2])), np.repeat(np.zeros(0, dtype), np.array([2])))
    assert_same(tt.repeat(tt.zeros((2, 0), dtype=dtype), tt.asarray([3]), axis=1),
                np.repeat(np.zeros((2, 0), dtype), np.array([3]), axis=1))
    assert_same(tt.repeat(tt.asarray(np.array(7, dtype)), 3), np.repeat(np.array(7, dtype), 3))


def test_repeat_errors():
    t = tt.arange(3)
    with pytest.raises(TypeError):
        tt.repeat(t, tt.asarray([1.0, 2.0, 3.0]))
    with pytest.raises(ValueError):
        tt.repeat(t, tt.asarray([[1, 2, 3]]))
    with pytest.raises(ValueError, match="negative"):
        tt.repeat(t, tt.asarray([1, -1, 2]))
    with pytest.raises(ValueError, match="negative"):
        tt.repeat(t, -1)
    with pytest.raises(ValueError):
        tt.repeat(t, tt.asarray([1, 2]))
    with pytest.raises(tt.AxisError):
        tt.repeat(t, 2, axis=1)


def test_repeat_gradient():
    x = _leaf((3, 2))
    f = lambda a: tt.repeat(a, tt.asarray([2, 0, 1]), axis=0)    # noqa: E731
    gradcheck(f, [x])
    x.grad = None
    _torch_grads(f, lambda torch, a: torch.repeat_interleave(a, torch.tensor([2, 0, 1]), 0), [x])


def test_take_along_axis_default_axis():
    a = np.array([[3.0, 1.0, 2.0], [0.0, 5.0, 4.0]])
    idx = np.argsort(a, axis=-1)
    assert_same(tt.take_along_axis(tt.asarray(a), tt.asarray(idx)), np.take_along_axis(a, idx, axis=-1))
    params = inspect.signature(tt.take_along_axis).parameters
    assert list(params)[:3] == ["arr", "indices", "axis"] and params["axis"].default == -1


# ---- creation: device=, signatures ------------------------------------------------------------

CREATION = {
    "asarray": lambda **kw: tt.asarray([1, 2], **kw), "tensor": lambda **kw: tt.tensor([1, 2], **kw),
    "empty": lambda **kw: tt.empty((2,), **kw), "zeros": lambda **kw: tt.zeros(2, **kw),
    "ones": lambda **kw: tt.ones((2, 3), **kw), "full": lambda **kw: tt.full((2,), 7, **kw),
    "arange": lambda **kw: tt.arange(3, **kw), "linspace": lambda **kw: tt.linspace(0, 1, 5, **kw),
    "eye": lambda **kw: tt.eye(3, **kw), "identity": lambda **kw: tt.identity(2, **kw),
    "empty_like": lambda **kw: tt.empty_like(tt.ones(2), **kw), "zeros_like": lambda **kw: tt.zeros_like(tt.ones(2), **kw),
    "ones_like": lambda **kw: tt.ones_like(tt.ones(2), **kw), "full_like": lambda **kw: tt.full_like(tt.ones(2), 3, **kw),
    "from_dlpack": lambda **kw: tt.from_dlpack(tt.ones(2), **kw), "astype": lambda **kw: tt.astype(tt.ones(2), tt.int32, **kw),
}


@pytest.mark.parametrize("name", sorted(CREATION))
def test_creation_functions_take_device(name):
    for dev in (None, "cpu", tt.ones(1).device, tt.__array_namespace_info__().default_device()):
        t = CREATION[name](device=dev)
        assert t.device == "cpu"
        assert t.to_device("cpu") is t
    with pytest.raises(ValueError, match="cpu"):
        CREATION[name](device="cuda")


def test_creation_defaults_and_signatures():
    assert tt.ones((2,), dtype=None).dtype == tt.float64
    assert tt.zeros(2, dtype=None).dtype == tt.float64 and tt.empty(2, dtype=None).dtype == tt.float64
    assert tt.eye(2).dtype == tt.float64 and tt.eye(2, dtype=None).dtype == tt.float64
    assert tt.zeros(2, 3).shape == (2, 3) and tt.zeros(shape=(2, 3)).shape == (2, 3)    # both spellings
    for fn in (tt.zeros, tt.ones, tt.empty):
        first = list(inspect.signature(fn).parameters.values())[0]
        assert first.name == "shape" and first.kind == inspect.Parameter.POSITIONAL_OR_KEYWORD
    with pytest.raises(TypeError):
        tt.zeros()
    assert_same(tt.eye(3, 4, k=1), np.eye(3, 4, k=1))
    assert_same(tt.eye(3, 2, k=-5, dtype=tt.int32), np.eye(3, 2, k=-5, dtype=np.int32))
    assert_same(tt.eye(2, k=2**70), np.zeros((2, 2)))
    x = tt.reshape(tt.arange(6), (2, 3), copy=True)
    assert x.shape == (2, 3)


def test_tensor_device_and_namespace():
    t = tt.ones(2)
    assert t.__array_namespace__(api_version="2024.12") is tt
    assert tt.__array_api_version__ == "2024.12"
    with pytest.raises(ValueError):
        t.to_device("cuda")


# ---- data-type functions ----------------------------------------------------------------------

@pytest.mark.parametrize("src", DTYPES)
def test_can_cast_matches_numpy(src):
    for dst in DTYPES:
        expected = np.can_cast(np.dtype(src), np.dtype(dst))
        assert tt.can_cast(getattr(tt, src), getattr(tt, dst)) is expected, (src, dst)
        assert tt.can_cast(tt.zeros(1, dtype=src), getattr(tt, dst)) is expected
    with pytest.raises(TypeError):
        tt.can_cast(1, tt.int64)


@pytest.mark.parametrize("a", DTYPES)
def test_result_type_matches_numpy(a):
    for b in DTYPES:
        assert tt.result_type(getattr(tt, a), getattr(tt, b)) == np.result_type(a, b), (a, b)
        assert tt.result_type(tt.zeros(1, dtype=a), getattr(tt, b)) == np.result_type(a, b)
    for scalar in (True, 1, 1.0):
        assert tt.result_type(getattr(tt, a), scalar) == np.result_type(np.dtype(a), scalar), (a, scalar)
    with pytest.raises(ValueError):
        tt.result_type()


@pytest.mark.parametrize("dt", FLOATS)
def test_finfo_has_numpys_fields(dt):
    f, n = tt.finfo(getattr(tt, dt)), np.finfo(dt)
    for field in ("bits", "eps", "epsneg", "max", "min", "smallest_normal", "tiny", "smallest_subnormal",
                  "precision", "resolution", "nmant", "nexp", "maxexp", "minexp", "machep", "negep", "iexp"):
        got, want = getattr(f, field), getattr(n, field)
        assert got == want, (field, got, want)
        assert type(got) is (int if isinstance(want, int) else float), field
    assert f.dtype == getattr(tt, dt) and tt.finfo(tt.zeros(1, dtype=dt)).bits == n.bits
    assert tt.finfo(dt).eps == n.eps                # a name works too


@pytest.mark.parametrize("dt", INTS)
def test_iinfo_has_numpys_fields(dt):
    i, n = tt.iinfo(getattr(tt, dt)), np.iinfo(dt)
    assert (i.bits, i.min, i.max, i.kind) == (n.bits, n.min, n.max, n.kind)
    assert type(i.max) is int and i.dtype == getattr(tt, dt)


def test_info_functions_reject_other_kinds():
    with pytest.raises(ValueError):
        tt.finfo(tt.int64)
    with pytest.raises(ValueError):
        tt.finfo(tt.bool)
    with pytest.raises(ValueError):
        tt.iinfo(tt.float32)
    with pytest.raises(ValueError):
        tt.iinfo(tt.bool_)
    with pytest.raises(TypeError):
        tt.finfo(1.0)


# ---- linalg: vector_norm, matrix_norm, norm -------------------------------------------------

ORDS = [2, 1, 0, 3, 0.5, -1, math.inf, -math.inf]


@pytest.mark.parametrize("dtype", NUMERIC)
def test_vector_norm_matches_numpy(dtype):
    rng = np.random.default_rng(17)
    for name, a, t in layouts((3, 4), dtype, rng):
        for ord in ORDS:
            for axis in (None, 0, -1, (0, 1)):
                for keepdims in (False, True):
                    with np.errstate(divide="ignore"):
                        e = np.linalg.vector_norm(a, ord=ord, axis=axis, keepdims=keepdims)
                    r = tt.linalg.vector_norm(t, ord=ord, axis=axis, keepdims=keepdims)
                    assert_same(r, np.asarray(e), rtol=_RTOL.get(r.dtype.name, 1e-12))


def test_vector_norm_edge_cases_and_errors():
    for shape, ord, axis in (((0,), math.inf, None), ((0,), 2, None), ((2, 0), math.inf, 1), ((2, 0), 1, 0), ((), 3, None)):
        a = np.zeros(shape)
        assert_same(tt.linalg.vector_norm(tt.asarray(a), ord=ord, axis=axis),
                    np.asarray(np.linalg.vector_norm(a, ord=ord, axis=axis)))
    with pytest.raises(ValueError):
        tt.linalg.vector_norm(tt.zeros(0), ord=-math.inf)     # min of nothing, as NumPy
    with pytest.raises(ValueError, match="norm order"):
        tt.linalg.vector_norm(tt.ones(3), ord="fro")
    with pytest.raises(tt.AxisError):
        tt.linalg.vector_norm(tt.ones(3), axis=1)
    x = np.array([3.0, np.nan])
    assert_same(tt.linalg.vector_norm(tt.asarray(x)), np.asarray(np.linalg.vector_norm(x)))


@pytest.mark.parametrize("ord", [2, 1, 3, 0.5, math.inf, -math.inf, 0])
def test_vector_norm_gradient(ord):
    x = _leaf((3, 4), seed=3)
    f = lambda a: tt.linalg.vector_norm(a, ord=ord, axis=1)    # noqa: E731
    gradcheck(f, [x])
    x.grad = None
    if ord == 0:        # a count: its gradient is zero (torch leaves it out of the graph)
        f(x).sum().backward()
        assert_same(x.grad, np.zeros((3, 4)))
    else:
        _torch_grads(f, lambda torch, a: torch.linalg.vector_norm(a, ord=ord, dim=1), [x])
    out = tt.linalg.vector_norm(x, ord=ord, axis=(0, 1), keepdims=True)
    assert out.grad_fn.name == "vector_norm" and out.shape == (1, 1)


def test_vector_norm_gradient_at_zero_is_zero():
    torch = pytest.importorskip("torch")
    for ord in (2, 3):
        x = leaf(tt.zeros((2, 3)))
        tt.linalg.vector_norm(x, ord=ord).backward()
        tx = torch.zeros((2, 3), dtype=torch.float64, requires_grad=True)
        torch.linalg.vector_norm(tx, ord=ord).backward()
        np.testing.assert_array_equal(_np(x.grad), tx.grad.numpy())


@pytest.mark.parametrize("dtype", NUMERIC)
def test_matrix_norm_and_norm_match_numpy(dtype):
    rng = np.random.default_rng(18)
    for name, a, t in layouts((2, 3, 4), dtype, rng):
        for ord in ("fro", 1, -1, math.inf, -math.inf):
            for keepdims in (False, True):
                e = np.linalg.matrix_norm(a, ord=ord, keepdims=keepdims)
                r = tt.linalg.matrix_norm(t, ord=ord, keepdims=keepdims)
                assert_same(r, e, rtol=_RTOL.get(r.dtype.name, 1e-12))
    for name, a, t in layouts((3, 4), dtype, rng):
        for ord, axis in ((None, None), ("fro", None), (1, None), (-math.inf, None), (None, 0), (3, 1),
                          (None, (1, 0)), (1, (1, 0)), (math.inf, (0, 1))):
            for keepdims in (False, True):
                e = np.linalg.norm(a, ord=ord, axis=axis, keepdims=keepdims)
                r = tt.linalg.norm(t, ord=ord, axis=axis, keepdims=keepdims)
                assert_same(r, np.asarray(e), rtol=_RTOL.get(r.dtype.name, 1e-12))
    v = random_array((5,), dtype, rng)
    for ord in (None, 2, 1, math.inf, 0):
        assert_same(tt.linalg.norm(tt.asarray(v), ord), np.asarray(np.linalg.norm(v, ord)),
                    rtol=1e-5 if dtype == "float32" else 1e-12)


def test_matrix_norm_edge_cases_and_errors():
    for shape, ord in (((0, 0), 1), ((0, 3), 1), ((3, 0), 1), ((3, 0), math.inf), ((0, 0), "fro")):
        a = np.zeros(shape)
        assert_same(tt.linalg.matrix_norm(tt.asarray(a), ord=ord), np.asarray(np.linalg.matrix_norm(a, ord=ord)))
    with pytest.raises(ValueError):
        tt.linalg.matrix_norm(tt.zeros((0, 0)), ord=-1)
    with pytest.raises(tt.AxisError):
        tt.linalg.matrix_norm(tt.zeros(3))
    with pytest.raises(ValueError, match="norm order"):
        tt.linalg.matrix_norm(tt.ones((2, 2)), ord=3)
    for ord in (2, -2, "nuc"):      # they need singular values: not in tinytensor yet
        with pytest.raises(NotImplementedError, match="SVD"):
            tt.linalg.matrix_norm(tt.ones((2, 2)), ord=ord)
    with pytest.raises(ValueError, match="Duplicate axes"):
        tt.linalg.norm(tt.ones((2, 2)), axis=(0, 0))
    with pytest.raises(ValueError, match="Improper number"):
        tt.linalg.norm(tt.ones((2, 2, 2)), ord=1)
    with pytest.raises(ValueError, match="for vectors"):
        tt.linalg.norm(tt.ones((2, 2)), ord="fro", axis=0)


def test_matrix_norm_gradient():
    x = _leaf((2, 3, 3), seed=4)
    for ord in ("fro", 1, -1, math.inf, -math.inf):
        f = lambda a: tt.linalg.matrix_norm(a, ord=ord)    # noqa: E731
        gradcheck(f, [x])
        x.grad = None
        _torch_grads(f, lambda torch, a: torch.linalg.matrix_norm(a, ord=ord), [x])
        x.grad = None
    y = _leaf((3, 4), seed=5)
    _torch_grads(lambda a: tt.linalg.norm(a, 1), lambda torch, a: torch.linalg.norm(a, 1), [y])


def test_linalg_namespace_products():
    a, b = np.arange(6.0).reshape(2, 3), np.arange(12.0).reshape(3, 4)
    assert_same(tt.linalg.matmul(tt.asarray(a), tt.asarray(b)), a @ b)
    assert_same(tt.linalg.tensordot(tt.asarray(a), tt.asarray(b), axes=1), np.tensordot(a, b, axes=1))
    assert_same(tt.linalg.vecdot(tt.asarray(a), tt.asarray(a)), np.linalg.vecdot(a, a))
    assert_same(tt.linalg.matrix_transpose(tt.asarray(a)), np.linalg.matrix_transpose(a))
    assert_same(tt.linalg.outer(tt.asarray(a[0]), tt.asarray(b[0])), np.linalg.outer(a[0], b[0]))
    c = np.arange(18.0).reshape(2, 3, 3)
    assert_same(tt.linalg.diagonal(tt.asarray(c), offset=1), np.linalg.diagonal(c, offset=1))
    assert_same(tt.linalg.trace(tt.asarray(c), offset=-1), np.linalg.trace(c, offset=-1))


# ---- gradients of the manipulation and product functions ------------------------------------

GRADS = [
    ("moveaxis", lambda a: tt.moveaxis(a, (0, 2), (2, 0)), lambda torch, a: torch.moveaxis(a, (0, 2), (2, 0)), [(2, 3, 4)]),
    ("roll", lambda a: tt.roll(a, 2), lambda torch, a: torch.roll(a, 2), [(2, 3)]),
    ("roll-axes", lambda a: tt.roll(a, (1, -2), axis=(1, 0)), lambda torch, a: torch.roll(a, (1, -2), (1, 0)), [(3, 4)]),
    ("unstack", lambda a: tt.unstack(a, axis=-1)[1], lambda torch, a: torch.unbind(a, -1)[1], [(2, 3)]),
    ("tril", lambda a: tt.tril(a, 1), lambda torch, a: torch.tril(a, 1), [(2, 3, 4)]),
    ("triu", lambda a: tt.triu(a, -1), lambda torch, a: torch.triu(a, -1), [(4, 3)]),
    ("tensordot", lambda a, b: tt.tensordot(a, b, axes=([0, 2], [1, 0])),
     lambda torch, a, b: torch.tensordot(a, b, dims=([0, 2], [1, 0])), [(3, 2, 4), (4, 3, 2)]),
    ("vecdot", lambda a, b: tt.vecdot(a, b, axis=0), lambda torch, a, b: torch.linalg.vecdot(a, b, dim=0), [(3, 2), (3, 1)]),
    ("vstack", lambda a, b: tt.vstack([a, b]), lambda torch, a, b: torch.vstack([a, b]), [(3,), (2, 3)]),
    ("hstack", lambda a, b: tt.hstack([a, b]), lambda torch, a, b: torch.hstack([a, b]), [(2, 1), (2, 3)]),
    # NumPy's dot with an N-D second operand (the core's Dot gradient above 2-D)
    ("dot-3d", lambda a, b: tt.dot(a, b), lambda torch, a, b: torch.tensordot(a, b, dims=([2], [1])), [(2, 3, 4), (5, 4, 2)]),
    ("dot-1d-3d", lambda a, b: tt.dot(a, b), lambda torch, a, b: torch.tensordot(a, b, dims=([0], [1])), [(4,), (2, 4, 3)]),
]


@pytest.mark.parametrize("name,f,torch_f,shapes", GRADS, ids=[g[0] for g in GRADS])
def test_gradients(name, f, torch_f, shapes):
    inputs = [_leaf(s, seed=i) for i, s in enumerate(shapes)]
    out = f(*inputs)
    assert out.requires_grad and out.grad_fn is not None
    gradcheck(f, inputs)
    for x in inputs:
        x.grad = None
    _torch_grads(f, torch_f, inputs)


def test_gradients_through_views_of_leaves():
    base = _leaf((4, 6))
    for view in (base.T, base[::2, 1::2]):
        gradcheck(lambda a: tt.einsum("ij,ij->j", a, a), [leaf(view)])
        gradcheck(lambda a: tt.tensordot(a, a, axes=([0], [0])), [leaf(view)])
