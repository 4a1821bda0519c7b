"""reshape, transpose, indexing, views and their lifetime."""
import gc

import numpy as np
import pytest
from hypothesis import given, strategies as st
from hypothesis.extra.numpy import array_shapes, basic_indices

import tinytensor as tt
from conftest import (DTYPES, SHAPES, assert_same, assert_strides_equiv, layouts, random_array,
                      to_np)


# ---------------------------------------------------------------- reshape

@pytest.mark.parametrize("shape,new", [
    ((6,), (2, 3)), ((6,), (3, -1)), ((2, 3), (6,)), ((2, 3), (-1,)), ((2, 3), (3, 2)),
    ((2, 3, 4), (4, 6)), ((2, 3, 4), (2, -1, 2)), ((1,), ()), ((), (1, 1)), ((), (-1,)),
    ((0,), (0, 5)), ((0, 3), (3, 0)), ((0, 3), (-1,)), ((4, 1), (1, 4)), ((24,), (2, 3, 2, 2)),
])
@pytest.mark.parametrize("dtype", ["float64", "int32", "bool"])
def test_reshape_values(shape, new, dtype):
    for name, a, t in layouts(shape, dtype):
        assert_same(t.reshape(new), a.reshape(new))
        assert_same(t.reshape(*new) if new else t.reshape(()), a.reshape(new))
        assert_same(tt.reshape(t, new), np.reshape(a, new))


def test_reshape_is_view_when_possible():
    t = tt.arange(12.0)
    r = t.reshape(3, 4)
    assert r.base is t
    r[1, 1] = -5.0
    assert t[5].item() == -5.0
    r2 = r[:, 1:3].reshape(3, 2, 1)            # not contiguous but reshapeable: still a view
    assert r2.base is t
    r2[0, 0, 0] = 100.0
    assert t[1].item() == 100.0
    s = t[::2].reshape(2, 3)                   # strided 1-d split: a view
    assert s.base is t
    s[1, 2] = 42.0
    assert t[10].item() == 42.0


def test_reshape_copies_when_needed():
    a = np.arange(12.0).reshape(3, 4)
    t = tt.asarray(a.copy())
    f = t.T.reshape(12)
    assert_same(f, a.T.reshape(12))
    f[0] = 99.0
    assert t[0, 0].item() == 0.0              # a copy: the original is untouched


@pytest.mark.parametrize("shape,new,msg", [
    ((6,), (4, 2), "cannot reshape array of size 6 into shape (4,2)"),
    ((2, 3), (5,), "cannot reshape array of size 6 into shape (5,)"),
    ((2, 3), (-1, 4), None),
    ((2, 3), (-1, -1), None),
])
def test_reshape_errors(shape, new, msg):
    a = np.zeros(shape)
    with pytest.raises(ValueError) as e_np:
        a.reshape(new)
    t = tt.zeros(shape)
    with pytest.raises(ValueError) as e:
        t.reshape(new)
    if msg is not None:
        assert msg in str(e.value)
        assert msg in str(e_np.value)


@given(array_shapes(min_dims=0, max_dims=4, min_side=0, max_side=4), st.data())
def test_reshape_hypothesis(shape, data):
    n = int(np.prod(shape))
    # a new shape with the same size: shuffle the sides, merge neighbours, add some 1s
    sides = data.draw(st.permutations(list(shape)))
    new = []
    for s in sides:
        if new and data.draw(st.booleans()):
            new[-1] *= s
        else:
            new.append(s)
        if data.draw(st.integers(0, 4)) == 0:
            new.append(1)
    new = tuple(new)
    assert int(np.prod(new)) == n
    dtype = data.draw(st.sampled_from(["float32", "int64", "uint8"]))
    for name, a, t in layouts(shape, dtype):
        assert_same(t.reshape(new), a.reshape(new))
        if n and new and data.draw(st.booleans()):
            k = data.draw(st.integers(0, len(new) - 1))
            minus = new[:k] + (-1,) + new[k + 1:]
            assert_same(t.reshape(minus), a.reshape(minus))


# ---------------------------------------------------------------- transpose family

@pytest.mark.parametrize("shape", [(), (3,), (2, 3), (2, 3, 4), (1, 2, 0, 3)])
def test_transpose(shape):
    for name, a, t in layouts(shape, "float64"):
        assert_same(t.T, a.T)
        assert_same(t.transpose(), a.transpose())
        for axes in [tuple(np.random.default_rng(i).permutation(len(shape))) for i in range(3)]:
            axes = tuple(int(x) for x in axes)
            assert_same(t.transpose(axes), a.transpose(axes))
            assert_same(t.transpose(*axes) if axes else t.transpose(), a.transpose(axes))
            assert_same(tt.permute_dims(t, axes), np.permute_dims(a, axes))
            neg = tuple(x - len(shape) for x in axes)
            assert_same(t.transpose(neg), a.transpose(neg))


def test_transpose_is_view_and_strides():
    a = np.arange(24.0).reshape(2, 3, 4)
    t = tt.asarray(a.copy())
    p = t.transpose(2, 0, 1)
    assert p.strides == a.transpose(2, 0, 1).strides
    assert p.base is t
    p[3, 1, 2] = -1.0
    assert t[1, 2, 3].item() == -1.0
    assert t.T.T.strides == t.strides


@pytest.mark.parametrize("axes", [(0, 0, 1), (0, 1), (0, 1, 3), (0, 1, 2, 3), (0, 1, -4)])
def test_transpose_errors(axes):
    a = np.zeros((2, 3, 4))
    with pytest.raises(ValueError):
        a.transpose(axes)
    with pytest.raises(ValueError):
        tt.zeros((2, 3, 4)).transpose(axes)
    with pytest.raises(ValueError):
        tt.permute_dims(tt.zeros((2, 3, 4)), axes)


@pytest.mark.parametrize("shape,a1,a2", [((2, 3), 0, 1), ((2, 3, 4), 0, 2), ((2, 3, 4), -1, 1),
                                         ((5,), 0, 0), ((2, 3, 4), 1, 1)])
def test_swapaxes(shape, a1, a2):
    for name, a, t in layouts(shape, "int32"):
        assert_same(t.swapaxes(a1, a2), a.swapaxes(a1, a2))
        assert_same(tt.swapaxes(t, a1, a2), np.swapaxes(a, a1, a2))
    with pytest.raises(ValueError):
        tt.zeros(shape).swapaxes(0, len(shape))


@pytest.mark.parametrize("shape,axis", [((), 0), ((3,), 0), ((3,), 1), ((3,), -1), ((2, 3), 1),
                                        ((2, 3), (0, 2)), ((2, 3), (0, -1)), ((2, 3), (3, 0, 1)),
                                        ((0, 2), -2)])
def test_expand_dims(shape, axis):
    for name, a, t in layouts(shape, "float32"):
        r = t.expand_dims(axis) if hasattr(t, "expand_dims") else tt.expand_dims(t, axis)
        assert_same(r, np.expand_dims(a, axis))
        assert_same(tt.expand_dims(t, axis), np.expand_dims(a, axis))


@pytest.mark.parametrize("shape,axis", [((3,), 2), ((3,), -3), ((2, 3), (0, 0)), ((2,), (0, 3))])
def test_expand_dims_errors(shape, axis):
    with pytest.raises(ValueError):
        np.expand_dims(np.zeros(shape), axis)
    with pytest.raises(ValueError):
        tt.expand_dims(tt.zeros(shape), axis)


def test_expand_dims_is_view():
    t = tt.zeros((2, 3))
    e = tt.expand_dims(t, 1)
    assert e.base is t
    e[1, 0, 2] = 5.0
    assert t[1, 2].item() == 5.0


@pytest.mark.parametrize("shape,axis", [((1, 3, 1), None), ((1, 3, 1), 0), ((1, 3, 1), -1),
                                        ((1, 3, 1), (0, 2)), ((1,), None), ((1,), 0), ((), None),
                                        ((3,), None), ((1, 1), (0, 1)), ((0, 1), 1)])
def test_squeeze(shape, axis):
    for name, a, t in layouts(shape, "uint8"):
        assert_same(t.squeeze(axis), a.squeeze(axis))
        assert_same(tt.squeeze(t, axis), np.squeeze(a, axis))
    assert_same(tt.zeros(shape).squeeze(), np.zeros(shape).squeeze())


@pytest.mark.parametrize("shape,axis", [((1, 3, 1), 1), ((1, 3), (0, 1)), ((1, 3), 2), ((1, 3), -3),
                                        ((0, 1), 0)])
def test_squeeze_errors(shape, axis):
    with pytest.raises(ValueError):
        np.squeeze(np.zeros(shape), axis)
    with pytest.raises(ValueError):
        tt.zeros(shape).squeeze(axis)


@pytest.mark.parametrize("shape,to", [((3,), (2, 3)), ((1,), (4,)), ((), (2, 2)), ((2, 1), (2, 5)),
                                      ((1, 3), (0, 3)), ((3,), (3,)), ((2, 1, 3), (4, 2, 2, 3)),
                                      ((1,), (1,))])
def test_broadcast_to(shape, to):
    for name, a, t in layouts(shape, "int64"):
        r = tt.broadcast_to(t, to)
        e = np.broadcast_to(a, to)
        assert_same(r, e)
        assert_strides_equiv(r, e)
    t = tt.ones(shape)
    assert tt.broadcast_to(t, to).base is t


@pytest.mark.parametrize("shape,to", [((3,), (4,)), ((2, 3), (3,)), ((2,), (2, 3)), ((3,), ()),
                                      ((2, 3), (2, 1))])
def test_broadcast_to_errors(shape, to):
    with pytest.raises(ValueError):
        np.broadcast_to(np.zeros(shape), to)
    with pytest.raises(ValueError):
        tt.broadcast_to(tt.zeros(shape), to)


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("dtype", ["float64", "bool"])
def test_ravel_flatten(shape, dtype):
    for name, a, t in layouts(shape, dtype):
        assert_same(t.ravel(), a.ravel())
        assert_same(tt.ravel(t), np.ravel(a))
        assert_same(t.flatten(), a.flatten())


def test_ravel_view_flatten_copy():
    t = tt.arange(6.0).reshape(2, 3)
    r = t.ravel()
    assert r.base is t.base
    r[0] = 10.0
    assert t[0, 0].item() == 10.0
    f = t.flatten()
    f[1] = 20.0
    assert t[0, 1].item() == 1.0
    rt = t.T.ravel()                               # not possible as a view: a copy
    rt[0] = -3.0
    assert t[0, 0].item() == 10.0


def test_flatten_and_copy_own_their_data():
    t = tt.arange(6.0).reshape(2, 3)
    assert t.copy().base is None
    assert t.flatten().base is None                # a fresh owner, as NumPy's flatten()
    assert t.T.flatten().base is None


def test_copy_and_contiguous():
    a = np.arange(12.0).reshape(3, 4)
    t = tt.asarray(a.copy())
    c = t.copy()
    assert c is not t and c.base is None
    assert_same(c, a)
    c[0, 0] = 7.0
    assert t[0, 0].item() == 0.0
    assert t.contiguous() is t
    v = t.T[::-1]
    cv = v.contiguous()
    assert cv is not v
    assert cv.is_contiguous() and cv.flags["C_CONTIGUOUS"]
    assert_same(cv, a.T[::-1])
    assert cv.strides == np.ascontiguousarray(a.T[::-1]).strides
    cv[0, 0] = -1.0
    assert t[0, 3].item() == 3.0
    vc = v.copy()
    assert vc.is_contiguous()
    assert_same(vc, a.T[::-1])
    assert tt.zeros((2, 0)).T.contiguous().shape == (0, 2)


# ---------------------------------------------------------------- basic indexing

@given(array_shapes(min_dims=0, max_dims=4, min_side=0, max_side=5).flatmap(
    lambda s: st.tuples(st.just(s), basic_indices(s, allow_newaxis=True, allow_ellipsis=True))),
    st.sampled_from(["float64", "int32", "bool"]))
def test_basic_indexing_hypothesis(shape_key, dtype):
    shape, key = shape_key
    for name, a, t in layouts(shape, dtype):
        e = a[key]
        r = t[key]
        if isinstance(r, tt.Tensor):
            assert_same(r, np.asarray(e))
        else:                                      # a Python scalar for a full integer index
            assert np.ndim(e) == 0
            assert r == e.item() and type(r) is type(e.item())


@given(array_shapes(min_dims=1, max_dims=4, min_side=1, max_side=5).flatmap(
    lambda s: st.tuples(st.just(s), basic_indices(s, allow_newaxis=True, allow_ellipsis=True))))
def test_basic_indexing_is_view(shape_key):
    shape, key = shape_key
    a = np.arange(int(np.prod(shape)), dtype=np.float64).reshape(shape)
    t = tt.asarray(a.copy())
    r = t[key]
    if not isinstance(r, tt.Tensor):
        return                                     # a Python scalar for a full integer index
    assert r.base is t
    r[...] = -1.0                                  # a write through the view ...
    a[key] = -1.0
    np.testing.assert_array_equal(to_np(t), a)     # ... is seen by its base


def test_indexing_examples():
    a = np.arange(60.0).reshape(3, 4, 5)
    t = tt.asarray(a.copy())
    for key in [0, -1, (1, 2), (1, 2, 3), (-1, -2, -3), slice(None, None, -1), (slice(1, None), 2),
                (Ellipsis, 1), (None, 0), (0, None, slice(None, None, -2)), (Ellipsis, None),
                (slice(None), slice(3, 0, -1), slice(-1, None, -3)), (slice(10, 20),),
                (slice(-100, 100, 2),), (1, Ellipsis, None, 2), ()]:
        r = t[key]
        e = a[key]
        if isinstance(r, tt.Tensor):
            assert_same(r, e)
        else:
            assert r == e


def test_full_integer_index_value():
    t = tt.tensor([[1.5, 2.5], [3.5, 4.5]])
    r = t[1, 0]
    assert float(r) == 3.5
    if isinstance(r, tt.Tensor):
        assert r.shape == ()
    i = tt.tensor([[1, 2], [3, 4]], dtype=tt.int32)[0, 1]
    assert int(i) == 2


@pytest.mark.parametrize("key", [3, -4, (0, 5), (0, 0, 0), (Ellipsis, Ellipsis), 1.5, "a",
                                 (0, 1.0)])
def test_indexing_errors(key):
    a = np.zeros((3, 4))
    with pytest.raises(IndexError):
        a[key]
    with pytest.raises(IndexError):
        tt.zeros((3, 4))[key]


def test_index_0d_errors():
    with pytest.raises(IndexError):
        np.zeros(())[0]
    with pytest.raises(IndexError):
        tt.tensor(1.0)[0]
    assert_same(tt.tensor(1.0)[...], np.array(1.0)[...])
    assert_same(tt.tensor(1.0)[None], np.array(1.0)[None])


def test_slice_step_zero():
    with pytest.raises(ValueError):
        np.zeros(3)[::0]
    with pytest.raises(ValueError):
        tt.zeros(3)[::0]


def test_index_with_tensor_and_numpy_ints():
    t = tt.arange(10)
    assert int(t[np.int64(3)]) == 3
    assert int(t[tt.tensor(4)]) == 4
    assert_same(t[np.int32(1):np.int64(5)], np.arange(10)[1:5])


# ---------------------------------------------------------------- setting items

@given(array_shapes(min_dims=1, max_dims=3, min_side=1, max_side=4).flatmap(
    lambda s: st.tuples(st.just(s), basic_indices(s, allow_newaxis=True, allow_ellipsis=True))),
    st.sampled_from(["float64", "int32", "uint8", "bool"]), st.booleans())
def test_setitem_hypothesis(shape_key, dtype, scalar):
    shape, key = shape_key
    rng = np.random.default_rng(5)
    a = random_array(shape, dtype, rng)
    t = tt.asarray(a.copy())
    target = a[key]
    tshape = np.shape(target)
    if scalar:
        v = random_array((), dtype, rng).item()
        a[key] = v
        t[key] = v
    else:
        # a value broadcastable to the target: drop leading dims and set some to 1
        vshape = tuple(1 if (i % 2) else n for i, n in enumerate(tshape[1:]))
        v = random_array(vshape, dtype, rng)
        a[key] = v
        t[key] = tt.asarray(v.copy())
    np.testing.assert_array_equal(to_np(t), a)


@pytest.mark.parametrize("dtype", DTYPES)
def test_setitem_examples(dtype):
    for name, a, t in layouts((4, 6), dtype):
        if name == "broadcast":
            continue
        a[1] = 1
        t[1] = 1
        a[:, ::-2] = 0
        t[:, ::-2] = 0
        v = random_array((6,), dtype)
        a[2:] = v
        t[2:] = tt.asarray(v)
        a[..., 1] = a[..., 1][::-1].copy()
        t[..., 1] = tt.asarray(a[..., 1].copy())
        w = random_array((4, 1), dtype)
        a[:, 3:5] = w
        t[:, 3:5] = tt.asarray(w.copy())
        a[-1, -1] = 1
        t[-1, -1] = 1
        assert_same(t, a)


def test_setitem_through_views():
    a = np.zeros((4, 5))
    t = tt.asarray(a.copy())
    v = t.T[::-1]
    v[0] = 3.0                                   # last column of t
    a.T[::-1][0] = 3.0
    v[1:3, ::2] = tt.tensor([[1.0], [2.0]])
    a.T[::-1][1:3, ::2] = np.array([[1.0], [2.0]])
    assert_same(t, a)


def test_setitem_broadcast_error_and_index_error():
    t = tt.zeros((3, 4))
    with pytest.raises(ValueError):
        t[0] = tt.ones(3)
    with pytest.raises(ValueError):
        t[:, :2] = tt.ones((3, 3))
    with pytest.raises(IndexError):
        t[3] = 1.0
    with pytest.raises(IndexError):
        t[0, 0, 0] = 1.0


def test_setitem_self_overlap():
    a = np.arange(10.0)
    t = tt.asarray(a.copy())
    a[1:] = a[:-1]
    t[1:] = t[:-1]
    assert_same(t, a)
    a = np.arange(10.0)
    t = tt.asarray(a.copy())
    a[:] = a[::-1]
    t[:] = t[::-1]
    assert_same(t, a)


# ---------------------------------------------------------------- advanced indexing

@pytest.mark.parametrize("dtype", DTYPES)
def test_integer_array_index_axis0(dtype):
    for name, a, t in layouts((5, 3), dtype):
        for idx in ([2, 0, 4, 0], [-1, -5], [], [3]):
            e = a[idx]
            assert_same(t[idx], e)
            assert_same(t[np.array(idx, dtype=np.int64)], e)
            assert_same(t[tt.tensor(idx, dtype=tt.int64)], e)
    a = np.arange(5.0)
    t = tt.asarray(a.copy())
    r = t[[1, 2]]
    r[0] = 100.0
    assert t[1].item() == 1.0                   # a copy


def test_integer_array_index_errors():
    t = tt.zeros((5, 3))
    with pytest.raises(IndexError):
        t[[0, 5]]
    with pytest.raises(IndexError):
        t[np.array([-6])]


@pytest.mark.parametrize("dtype", DTYPES)
def test_bool_mask_index(dtype):
    rng = np.random.default_rng(3)
    for name, a, t in layouts((4, 3), dtype):
        m = rng.random((4, 3)) < 0.5
        assert_same(t[m], a[m])
        assert_same(t[tt.asarray(m.copy())], a[m])
        m0 = np.array([True, False, True, True])
        assert_same(t[m0], a[m0])
        assert_same(t[tt.tensor(m0.tolist())], a[m0])
        assert_same(t[t > 1], a[a > 1])
        none = np.zeros((4, 3), dtype=bool)
        assert_same(t[none], a[none])
    t = tt.arange(6.0)
    r = t[t > 2]
    r[0] = -1.0
    assert t[3].item() == 3.0                   # a copy


def test_bool_mask_wrong_shape():
    with pytest.raises(IndexError):
        np.zeros((4, 3))[np.ones(3, dtype=bool)]
    with pytest.raises(IndexError):
        tt.zeros((4, 3))[np.ones(3, dtype=bool)]


# ---------------------------------------------------------------- lifetime

def test_view_outlives_its_tensor():
    t = tt.arange(1000.0)
    v = t[10:20][::-1]
    w = t.reshape(10, 100).T
    del t
    gc.collect()
    assert v.tolist() == [float(x) for x in range(19, 9, -1)]
    assert w[5, 3].item() == 305.0
    junk = [tt.ones(1000) for _ in range(20)]      # reuse freed memory, if it had been freed
    assert v.tolist() == [float(x) for x in range(19, 9, -1)]
    del junk


def test_foreign_buffer_outlives_numpy_name():
    a = np.arange(100.0)
    t = tt.asarray(a)
    del a
    gc.collect()
    _ = [np.ones(100) for _ in range(20)]
    assert t[99].item() == 99.0 and t.tolist() == [float(i) for i in range(100)]


def test_numpy_view_outlives_tensor():
    t = tt.arange(50.0)[::2]
    n = np.asarray(t)
    del t
    gc.collect()
    _ = [tt.ones(100) for _ in range(20)]
    np.testing.assert_array_equal(n, np.arange(50.0)[::2])


def test_memoryview_of_tensor():
    t = tt.tensor([[1, 2], [3, 4]], dtype=tt.int32)
    m = memoryview(t)
    assert m.shape == (2, 2) and m.itemsize == 4 and m.ndim == 2
    assert m.tolist() == [[1, 2], [3, 4]]
    del t
    gc.collect()
    assert m.tolist() == [[1, 2], [3, 4]]


# ---------------------------------------------------------------- read-only tensors

def test_writeable_flag_and_readonly_views():
    base = tt.ones(3)
    assert base.flags["WRITEABLE"]
    assert base[::2].flags["WRITEABLE"] and base.T.flags["WRITEABLE"]
    b = tt.broadcast_to(base, (4, 3))
    e = np.broadcast_to(np.ones(3), (4, 3))
    assert b.flags["WRITEABLE"] == e.flags["WRITEABLE"]
    with pytest.raises(ValueError):
        e[0, 0] = 5.0
    with pytest.raises(ValueError):
        b[0, 0] = 5.0
    with pytest.raises(ValueError):
        b += 1.0
    assert base.tolist() == [1.0, 1.0, 1.0]          # nothing was written through the broadcast


def test_readonly_foreign_buffers():
    a = np.arange(3.0)
    a.flags.writeable = False
    t = tt.asarray(a)
    assert not t.flags["WRITEABLE"]
    with pytest.raises(ValueError):
        t[0] = 5.0
    with pytest.raises(ValueError):
        t *= 2.0
    assert a.tolist() == [0.0, 1.0, 2.0]
    tb = tt.asarray(b"abc")
    assert tb.tolist() == [97, 98, 99] and not tb.flags["WRITEABLE"]
    with pytest.raises(ValueError):
        tb[0] = 1
    assert tt.tensor(a).flags["WRITEABLE"]           # a copy is writeable
    c = t.copy()
    c[0] = 9.0
    assert c.tolist() == [9.0, 1.0, 2.0]


@given(array_shapes(min_dims=1, max_dims=4, min_side=1, max_side=4), st.data())
def test_reshape_view_iff_numpy_view(shape, data):
    """reshape returns a view exactly when NumPy's does (when the strides allow)."""
    sides = data.draw(st.permutations(list(shape)))
    new = []
    for s in sides:
        if new and data.draw(st.booleans()):
            new[-1] *= s
        else:
            new.append(s)
    new = tuple(new)
    for name, a, t in layouts(shape, "float64"):
        if name == "broadcast":
            continue
        e = a.reshape(new)
        r = t.reshape(new)
        assert_same(r, e)
        np_view = np.shares_memory(e, a)
        before = to_np(t).copy()
        r[(0,) * len(new)] = -12345.0                  # a write through the result ...
        tt_view = not np.array_equal(to_np(t), before)  # ... reaches t iff r is a view
        assert tt_view == np_view, (name, shape, new)


def test_advanced_index_more():
    a = np.arange(24.0).reshape(4, 6)
    t = tt.asarray(a.copy())
    for key in [(slice(None), [0, 2]), ([[0, 1], [2, 0]],), ([0, 3], 1), ([0, 3], [1, 5]),
                (slice(None, None, -1), [5, -6]), ([-1, 0],)]:
        assert_same(t[key], a[key])
    assert_same(t.T[[-1, 0]], a.T[[-1, 0]])
    assert_same(t[::-2][[1, 0]], a[::-2][[1, 0]])


def test_advanced_setitem():
    a = np.arange(24.0).reshape(4, 6)
    t = tt.asarray(a.copy())
    a[a > 15] = 0.0
    t[t > 15] = 0.0
    assert_same(t, a)
    a[[0, 2]] = -1.0
    t[[0, 2]] = -1.0
    assert_same(t, a)
    m = (a % 2) == 0
    a[m] = np.arange(int(m.sum()), dtype=np.float64)
    t[tt.asarray(m.copy())] = tt.arange(float(m.sum()))
    assert_same(t, a)
