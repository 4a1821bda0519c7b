"""Hypothesis strategies for NumPy-style indexing keys and assigned values, shared by the
indexing regression tests (tests/test_core_index_rules.py) and the differential fuzzer
(tests/test_fuzz.py).

`keys(shape)` draws a (numpy_key, tinytensor_key) pair for an array of `shape`: a tuple (or a
single item) mixing integers (sometimes out of range), slices, None, at most one Ellipsis
(sometimes covering no axis), integer index arrays (lists, NumPy arrays of several integer
dtypes, tensors; 0-d to 2-d; negative entries; separated from each other by slices, None or an
Ellipsis), boolean masks (sometimes of the wrong shape) and 0-d booleans (Python bool, NumPy
bool, 0-d bool array or tensor). The tinytensor key holds tensors where the NumPy key holds
arrays, so both sides see the same key.

`assigned_values(...)` draws what `x[key] = value` assigns: Python scalars (including ones out
of the target dtype's range, inf and NaN), fresh arrays of the indexing result's shape (or a
broadcastable one, or one with extra leading axes of length 1), and views of the target itself
(a[::-1], a reshaped...) that overlap the memory being written.
"""
import math

import numpy as np
from hypothesis import strategies as st

import tinytensor as tt

INT_INDEX_DTYPES = ["int64", "int32", "uint8"]


def to_tt(item):
    """The tinytensor form of one key item (NumPy arrays and scalars become tensors)."""
    if isinstance(item, np.ndarray):
        return tt.tensor(item)
    return item                     # Python scalars and NumPy bool scalars as they are


def tt_key(key):
    return tuple(to_tt(k) for k in key) if isinstance(key, tuple) else to_tt(key)


@st.composite
def int_arrays(draw, size, max_ndim=2):
    """An integer index array for an axis of `size` (mostly valid, sometimes out of range)."""
    nd = draw(st.integers(1, max_ndim))
    shape = tuple(draw(st.lists(st.integers(0, 3), min_size=nd, max_size=nd)))
    n = int(np.prod(shape))
    lo, hi = (-size, size - 1) if size else (0, 0)
    if size == 0 or draw(st.integers(0, 9)) == 0:
        lo, hi = -size - 2, size + 1                 # may be out of bounds
    vals = draw(st.lists(st.integers(lo, hi), min_size=n, max_size=n))
    form = draw(st.sampled_from(["list", "array", "array", "tensor"]))
    arr = np.array(vals, dtype=np.int64).reshape(shape)
    if form == "list":
        return arr.tolist()
    dtype = draw(st.sampled_from(INT_INDEX_DTYPES))
    if dtype == "uint8" and (arr < 0).any():
        dtype = "int64"
    return arr.astype(dtype)


def bool0(draw):
    value = draw(st.booleans())
    return draw(st.sampled_from([value, np.bool_(value), np.array(value)]))


@st.composite
def keys(draw, shape):
    """A (numpy_key, tinytensor_key) pair for an array of `shape` (see the module docstring)."""
    items = []
    axis = 0
    ellipsis_used = False
    n_items = draw(st.integers(0, len(shape) + 3))
    for _ in range(n_items):
        kind = draw(st.sampled_from(["int", "slice", "slice", "none", "ellipsis", "array", "array",
                                     "mask", "bool0"]))
        size = shape[axis] if axis < len(shape) else 0
        if kind == "none":
            items.append(None)
        elif kind == "ellipsis":
            if ellipsis_used:
                continue
            ellipsis_used = True
            items.append(Ellipsis)
            # the Ellipsis covers the axes the rest of the key leaves; skip some of them here
            # (none at all is the case NumPy treats as a separator between index arrays)
            axis += draw(st.integers(0, max(len(shape) - axis - 1, 0)))
        elif kind == "bool0":
            items.append(bool0(draw))
        elif axis >= len(shape) and draw(st.integers(0, 7)):
            continue                                 # mostly stay within the rank
        elif kind == "int":
            lo, hi = (-size, size - 1) if size else (-1, 0)
            if draw(st.integers(0, 9)) == 0:
                lo, hi = -size - 1, size
            items.append(draw(st.integers(lo, hi)))
            axis += 1
        elif kind == "slice":
            start = draw(st.one_of(st.none(), st.integers(-size - 2, size + 2)))
            stop = draw(st.one_of(st.none(), st.integers(-size - 2, size + 2)))
            step = draw(st.sampled_from([None, 1, 2, -1, -2, 3]))
            items.append(slice(start, stop, step))
            axis += 1
        elif kind == "array":
            items.append(draw(int_arrays(size)))
            axis += 1
        else:                                        # a boolean mask over 1 or 2 axes
            nd = draw(st.integers(1, 2)) if axis + 1 < len(shape) else 1
            mshape = tuple(shape[axis:axis + nd]) or (1,)
            if draw(st.integers(0, 7)) == 0:
                mshape = mshape[:-1] + (mshape[-1] + 1,)    # wrong shape: IndexError
            n = int(np.prod(mshape))
            mask = np.array(draw(st.lists(st.booleans(), min_size=n, max_size=n)), dtype=bool).reshape(mshape)
            items.append(mask if draw(st.integers(0, 3)) else mask.tolist())
            axis += nd
    if len(items) == 1 and draw(st.booleans()):
        key = items[0]
    else:
        key = tuple(items)
    return key, tt_key(key)


def numpy_result_shape(a, key):
    """The shape NumPy's a[key] has, or None when NumPy refuses the key."""
    try:
        return np.asarray(a[key]).shape
    except (IndexError, ValueError, TypeError, OverflowError):
        return None


def out_of_range_scalars(dtype):
    """Python scalars that do not fit an integer dtype (NumPy's assignment raises for them)."""
    if dtype == "bool" or dtype.startswith("float"):
        return [1e300, -1e300, math.inf, math.nan]
    info = np.iinfo(dtype)
    return [info.max + 1, info.min - 1, float(info.max) + 1.7, float(info.min) - 1.5, 1e20, -1e20,
            math.inf, -math.inf, math.nan, 2**63, -2**63 - 1]


@st.composite
def assigned_values(draw, a, t, result_shape):
    """(numpy_value, tinytensor_value) for a[key] = value, where a[key] has result_shape.
    A 'self' value is a view of the target (a on one side, t on the other) so it overlaps
    the memory being written."""
    kind = draw(st.sampled_from(["scalar", "scalar", "bad scalar", "array", "array", "list",
                                 "leading ones", "self", "self"]))
    dtype = a.dtype.name
    if kind == "scalar":
        v = draw(st.one_of(st.booleans(), st.integers(-3, 3), st.sampled_from([0.5, -1.5, 2.75, -0.0])))
        return v, v
    if kind == "bad scalar":
        v = draw(st.sampled_from(out_of_range_scalars(dtype)))
        return v, v
    n = int(np.prod(result_shape)) if result_shape else 1
    if kind in ("array", "list", "leading ones"):
        shape = result_shape
        if shape and draw(st.booleans()):
            shape = shape[draw(st.integers(0, len(shape))):]        # broadcasts from the right
        if kind == "leading ones":
            shape = (1, 1) + tuple(shape)
        m = int(np.prod(shape)) if shape else 1
        vals = np.array(draw(st.lists(st.integers(-5, 5), min_size=m, max_size=m))).astype(dtype).reshape(shape)
        if kind == "list":
            return vals.tolist(), vals.tolist()
        return vals, tt.tensor(vals)
    # a view of the target itself, of the result's shape when it has that many elements
    flat_a, flat_t = a.reshape(-1), t.reshape(-1)
    if flat_a.size < n or not np.shares_memory(flat_a, a):
        return a.dtype.type(1), 1
    how = draw(st.sampled_from(["reversed", "head", "tail"]))
    if how == "reversed":
        va, vt = flat_a[::-1][:n], flat_t[::-1][:n]
    elif how == "head":
        va, vt = flat_a[:n], flat_t[:n]
    else:
        va, vt = flat_a[flat_a.size - n:], flat_t[flat_t.size - n:]
    return va.reshape(result_shape), vt.reshape(result_shape)


def read_first(a, value):
    """The value NumPy's side of `a[key] = value` should assign: a copy when it overlaps `a`.
    tinytensor reads all of the value before writing, for every key; NumPy does for slices and
    integer keys but not for boolean masks, where a value overlapping the target gives an
    order-dependent result (README, deviations)."""
    if isinstance(value, np.ndarray) and np.shares_memory(value, a):
        return value.copy()
    return value

