"""Indexing follows NumPy's rules exactly, for reading and for writing (issue 10, findings 1,
5, 6, 7): keys mixing integers, slices, None, Ellipsis, integer arrays, boolean masks and 0-d
booleans, checked against NumPy on random keys (tests/index_keys.py) and on the cases that
were wrong:

- a key that adds dimensions is refused with IndexError before anything past the 32-entry
  shape arrays is written (`t[(None,)*32]`, an Ellipsis or a mask adding several at once);
- a 0-d boolean (Python, NumPy or tensor) adds an axis of length 1 or 0: x[cond] = 0 writes
  nothing when cond is False;
- an integer next to an index array is an advanced index: separated advanced indices (by a
  slice, None, or an Ellipsis even when it covers no axis) put the index axes first;
- x[idx] = value where value shares memory with x reads value before writing.
"""
import math

import numpy as np
import pytest
from hypothesis import given, note, settings
from hypothesis import strategies as st

import tinytensor as tt
from index_keys import assigned_values, keys, numpy_result_shape, read_first
from oracle import ERRORS, same_outcome

shapes = st.lists(st.integers(0, 4), min_size=0, max_size=4).map(tuple)


@settings(max_examples=300)
@given(st.data(), shapes)
def test_getitem_matches_numpy(data, shape):
    a = np.arange(int(np.prod(shape)), dtype=np.int64).reshape(shape)
    t = tt.tensor(a)
    key, tkey = data.draw(keys(shape), label="key")
    note(f"a{shape}[{key!r}]")
    same_outcome(lambda: np.asarray(a[key]), lambda: t[tkey], f"a{shape}[{key!r}]")


@settings(max_examples=300)
@given(st.data(), shapes, st.sampled_from(["int64", "uint8", "float32", "bool"]))
def test_setitem_matches_numpy(data, shape, dtype):
    """Writes land where NumPy's do, with values converted by NumPy's assignment rules,
    including values that overlap the target and out-of-range Python scalars."""
    a = (np.arange(int(np.prod(shape))) % 7).astype(dtype).reshape(shape)
    t = tt.tensor(a)
    key, tkey = data.draw(keys(shape), label="key")
    result_shape = numpy_result_shape(a, key)
    if result_shape is None:
        with pytest.raises(ERRORS):
            t[tkey] = 0
        return
    va, vt = data.draw(assigned_values(a, t, result_shape), label="value")
    note(f"a{shape}[{key!r}] = {va!r:.80}")

    def set_np():
        with np.errstate(all="ignore"):
            a[key] = read_first(a, va)
        return a

    def set_tt():
        t[tkey] = vt
        return t

    before = t.copy()
    items = key if isinstance(key, tuple) else (key,)
    if len(items) == len(shape) and all(type(k) is int for k in items) and np.ndim(va) > 0:
        # a key naming one element takes one element: a sequence raises ValueError for every
        # dtype (NumPy: TypeError for lists into ints, bool(value) into a bool array)
        with pytest.raises(ValueError, match="setting an array element with a sequence"):
            t[tkey] = vt
        np.testing.assert_array_equal(np.asarray(t), np.asarray(before))
        return
    if same_outcome(set_np, set_tt, f"a{shape}[{key!r}] = {va!r:.60}") is None:
        np.testing.assert_array_equal(np.asarray(t), np.asarray(before),
                                      err_msg="a refused assignment must write nothing")


# ---- finding 1: the rank limit is checked before anything is written -----------------------

@pytest.mark.parametrize("make, key", [
    (lambda: tt.ones(3), (None,) * 32),                    # 33 dims
    (lambda: tt.ones((1,) * 32), (None,) * 32),            # 64 dims (crashed)
    (lambda: tt.ones((1,) * 32), (Ellipsis, None)),        # the Ellipsis adds 32 at once
    (lambda: tt.ones((1,) * 31 + (2,)), (None, tt.tensor([True, False]))),  # a mask after a full view
    (lambda: tt.ones((1,) * 32), (None,) * 40 + (0,) * 32),
    (lambda: tt.ones(3), (tt.zeros((1,) * 32, dtype=tt.int64), None)),   # index dims + None
])
def test_too_many_dimensions_raise_index_error(make, key):
    t = make()
    with pytest.raises(IndexError, match="at most 32"):
        t[key]
    with pytest.raises(IndexError, match="at most 32"):
        t[key] = 1.0


@given(st.integers(0, 32), st.integers(0, 40))
def test_rank_limit_is_exact(ndim, n_new):
    """t[(None,)*n] works up to 32 dimensions in total and raises IndexError past them."""
    t = tt.ones((1,) * ndim)
    key = (None,) * n_new
    if ndim + n_new <= 32:
        assert t[key].shape == (1,) * (ndim + n_new)
    else:
        with pytest.raises(IndexError):
            t[key]


def test_many_zero_d_booleans_add_one_axis():
    """Each 0-d boolean does not add its own axis: they broadcast to one (NumPy's result)."""
    assert tt.ones(3)[(True,) * 40].shape == (1, 3)
    assert tt.ones(3)[(True,) * 39 + (False,)].shape == (0, 3)


# ---- finding 5: 0-d booleans ---------------------------------------------------------------

@pytest.mark.parametrize("cond", [True, False, np.True_, np.False_])
@pytest.mark.parametrize("form", ["python", "numpy", "tensor"])
def test_zero_d_bool_index(cond, form):
    a = np.arange(12.0).reshape(3, 4)
    key = {"python": bool(cond), "numpy": np.bool_(cond), "tensor": tt.tensor(bool(cond))}[form]
    t = tt.tensor(a)
    got = t[key]
    assert got.shape == a[bool(cond)].shape == ((1, 3, 4) if cond else (0, 3, 4))
    np.testing.assert_array_equal(np.asarray(got), a[bool(cond)])
    t[key] = -1.0
    a[bool(cond)] = -1.0
    np.testing.assert_array_equal(np.asarray(t), a)


def test_condition_from_a_reduction_writes_nothing_when_false():
    x = tt.tensor([1.0, 2.0, 3.0])
    x[x.sum() > 100] = 0
    assert x.tolist() == [1.0, 2.0, 3.0]
    x[x.sum() > 1] = 0
    assert x.tolist() == [0.0, 0.0, 0.0]
    assert tt.ones(4)[tt.tensor(False)].shape == (0, 4)


# ---- finding 7: where the index axes go ----------------------------------------------------

@pytest.mark.parametrize("key", [
    (0, slice(None), [0, 1, 2]),                 # int and array separated by a slice
    (slice(None), 0, [0, 1, 2]),                 # adjacent: in place
    (0, Ellipsis, [0, 1]),
    ([0, 1], Ellipsis, [0, 1]),                  # an Ellipsis covering one axis
    (slice(None), [0, 1], Ellipsis, [0, 1]),     # an Ellipsis covering no axis separates
    ([0, 1], None, [0, 1]),
    (0, None, [0, 1]),
    ([[0], [1]], 0, [0, 1, 2]),
    (True, slice(None), [0, 1]),
    (1, True),
    (slice(None), [True, False, True], 0),
])
def test_advanced_index_placement(key):
    a = np.arange(2 * 3 * 3).reshape(2, 3, 3)
    t = tt.tensor(a)
    tkey = key
    got = t[tkey]
    want = a[key]
    assert got.shape == want.shape
    np.testing.assert_array_equal(np.asarray(got), want)
    b = a.copy()
    b[key] = np.arange(want.size).reshape(want.shape) + 100
    t[tkey] = tt.arange(want.size).reshape(want.shape) + 100
    np.testing.assert_array_equal(np.asarray(t), b)


# ---- finding 6: assigned values that overlap the target ------------------------------------

@pytest.mark.parametrize("key, value", [
    ([4, 3, 2, 1, 0], lambda x: x),
    (slice(None), lambda x: x[::-1]),
    ([0, 1, 2, 3, 4], lambda x: x[::-1]),
    ([1, 2, 3], lambda x: x[:3]),
    (np.array([True, False, True, True, False]), lambda x: x[1:4]),
    (np.array([True, False, True, True, False]), lambda x: x[::-1][:3]),   # NumPy differs
    ([True, False, True, True, False], lambda x: x[::-1][:3]),             # NumPy differs
    ([[0], [4]], lambda x: x[2:4].reshape(2, 1)),
])
def test_overlapping_value_is_read_before_writing(key, value):
    """The whole value is read before anything is written, whatever the key: NumPy with the
    value copied first. (NumPy's own boolean-mask assignment from x[::-1][:3] copies element
    by element and gives [4, 1, 3, 3, 4]; see README's deviations.)"""
    a = np.arange(5.0)
    t = tt.arange(5.0)
    tkey = tt.tensor(key) if isinstance(key, np.ndarray) else key
    a[key] = value(a).copy()
    t[tkey] = value(t)
    np.testing.assert_array_equal(np.asarray(t), a)


def test_boolean_mask_from_an_overlapping_value_is_not_numpys_order_dependent_answer():
    a = np.arange(5)
    a[[True, False, True, True, False]] = a[::-1][:3]
    t = tt.arange(5)
    t[[True, False, True, True, False]] = t[::-1][:3]
    assert a.tolist() == [4, 1, 3, 3, 4]          # NumPy: element by element, order-dependent
    assert t.tolist() == [4, 1, 3, 2, 4] and t.dtype == tt.int64


def test_readme_overlap_example():
    a = tt.arange(5.0)
    a[[4, 3, 2, 1, 0]] = a
    assert a.tolist() == [4.0, 3.0, 2.0, 1.0, 0.0]


def test_advanced_assignment_of_a_2d_block_from_itself():
    a = np.arange(12.0).reshape(3, 4)
    t = tt.tensor(a)
    a[[2, 0], 1:] = a[:2, :3]
    t[[2, 0], 1:] = t[:2, :3]
    np.testing.assert_array_equal(np.asarray(t), a)
    a[:, [3, 2, 1, 0]] = a.T[:4, :3].T
    t[:, [3, 2, 1, 0]] = t.T[:4, :3].T
    np.testing.assert_array_equal(np.asarray(t), a)


@pytest.mark.parametrize("xs, ks", [((3,), (0,)), ((1,), (0,)), ((2, 3), (2, 0)), ((2, 3), (0, 3)),
                                    ((2, 3), (0, 0)), ((1, 3), (0,)), ((5, 3, 2), (0, 3)),
                                    ((3,), (1,)), ((0,), (1,)), ((5, 3), (2, 0)), ((5, 3), (0, 7))])
def test_mask_axes_of_length_zero_match_any_axis(xs, ks):
    """A mask axis of length 0 selects nothing whatever the indexed axis' length (NumPy; the array
    API's masking rule, found by array-api-tests); any other length must match (IndexError)."""
    a, key = np.arange(math.prod(xs), dtype=np.float64).reshape(xs), np.zeros(ks, dtype=bool)
    t, tkey = tt.asarray(a), tt.asarray(key)
    try:
        want = a[key]
    except IndexError:
        with pytest.raises(IndexError, match="boolean index did not match"):
            t[tkey]
        with pytest.raises(IndexError, match="boolean index did not match"):
            t[tkey] = 1.0
        return
    got = t[tkey]
    assert got.shape == want.shape and got.dtype == tt.float64
    t[tkey] = 1.0
    np.testing.assert_array_equal(np.asarray(t), a)
