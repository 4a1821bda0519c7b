"""Array API and NumPy functions built from ops of the op table (tinytensor/_optable.py).

Each function here is a short composition of table ops -- permute_dims, reshape, getitem,
concatenate, where, matmul, multiply, sum, diagonal -- and every one of those records itself on
the autograd graph, so these need no gradient code of their own (their table rows say
COMPOSITE). The loops they stand for are in their docstrings.
"""
import operator

from tinytensor._core import (
    AxisError, Tensor, arange, asarray, concatenate, diagonal, eye, matmul, multiply, nonzero,
    pad, permute_dims, result_type, stack, sum, where, zeros, int64,
)


def _axis_index(axis, ndim, what="axis"):
    """One axis as a non-negative int (AxisError, an IndexError and ValueError, when out of range)."""
    a = operator.index(axis)
    if not -ndim <= a < ndim:
        prefix = "" if what == "axis" else f"{what}: "
        raise AxisError(f"{prefix}axis {a} is out of bounds for array of dimension {ndim}")
    return a % ndim if ndim else a


def _axis_tuple(axes, ndim, what):
    """An int or a sequence of ints as a tuple of distinct non-negative axes."""
    if isinstance(axes, (tuple, list)):
        out = tuple(_axis_index(a, ndim, what) for a in axes)
    else:
        out = (_axis_index(axes, ndim, what),)
    if len(set(out)) != len(out):
        raise ValueError(f"repeated axis in `{what}` argument")
    return out


# ---- manipulation ---------------------------------------------------------------------------

def moveaxis(x, source, destination, /):
    """x with the axes `source` moved to positions `destination` (a view; the other axes keep
    their order), as NumPy's and the array API's moveaxis:

        moveaxis(x, 0, -1).shape == x.shape[1:] + x.shape[:1]
    """
    x = asarray(x)
    src = _axis_tuple(source, x.ndim, "source")
    dst = _axis_tuple(destination, x.ndim, "destination")
    if len(src) != len(dst):
        raise ValueError("`source` and `destination` arguments must have the same number of elements")
    order = [a for a in range(x.ndim) if a not in src]
    for d, s in sorted(zip(dst, src)):
        order.insert(d, s)
    return permute_dims(x, tuple(order))


def roll(x, /, shift, axis=None):
    """Elements shifted cyclically by `shift` along `axis` (of the flattened x when None), as
    NumPy's roll; shift and axis may be tuples of the same length (or one of them an int), and
    shifts along a repeated axis add up. Always a new tensor:

        out[(i + shift) % n] = x[i]        # along each axis of length n
    """
    x = asarray(x)
    if axis is None:
        return roll(x.reshape(-1), shift, axis=0).reshape(x.shape)
    shifts = tuple(shift) if isinstance(shift, (tuple, list)) else (shift,)
    axes = tuple(axis) if isinstance(axis, (tuple, list)) else (axis,)
    if len(shifts) == 1:
        shifts = shifts * len(axes)
    elif len(axes) == 1:
        axes = axes * len(shifts)
    if len(shifts) != len(axes):
        raise ValueError(f"shape mismatch: shift has {len(shifts)} values and axis {len(axes)}")
    total = [0] * x.ndim
    for s, a in zip(shifts, axes):
        total[_axis_index(a, x.ndim)] += operator.index(s)
    out = x
    for a, s in enumerate(total):
        n = x.shape[a]
        if n == 0 or s % n == 0:
            continue
        cut = n - s % n
        lead = (slice(None),) * a
        out = concatenate([out[lead + (slice(cut, None),)], out[lead + (slice(None, cut),)]], axis=a)
    return x.copy() if out is x else out


def unstack(x, /, *, axis=0):
    """The views x[..., i, ...] along `axis`, as a tuple (the inverse of stack)."""
    x = asarray(x)
    if x.ndim == 0:
        raise ValueError("Input array must be at least 1-d.")
    a = _axis_index(axis, x.ndim)
    lead = (slice(None),) * a
    return tuple(x[lead + (i,)] for i in range(x.shape[a]))


def _triangle(x, k, lower):
    x = asarray(x)
    if x.ndim == 0:
        raise ValueError(f"{'tril' if lower else 'triu'} needs an array of at least one dimension")
    k = operator.index(k)
    rows, cols = x.shape[-2:] if x.ndim >= 2 else (x.shape[0], x.shape[0])
    offset = arange(cols).reshape(1, cols) - arange(rows).reshape(rows, 1)      # j - i
    keep = offset <= k if lower else offset >= k
    return where(keep, x, zeros((), dtype=x.dtype))


def tril(x, /, k=0):
    """x with the elements above the k-th diagonal set to zero (the last two axes are the
    matrices; a 1-D x is its rows, as NumPy):

        out[..., i, j] = x[..., i, j] if j - i <= k else 0
    """
    return _triangle(x, k, True)


def triu(x, /, k=0):
    """x with the elements below the k-th diagonal set to zero:

        out[..., i, j] = x[..., i, j] if j - i >= k else 0
    """
    return _triangle(x, k, False)


def _atleast(x, ndim):
    """x with leading axes of length 1 added up to ndim dimensions (NumPy's atleast_1d/2d)."""
    x = asarray(x)
    return x if x.ndim >= ndim else x.reshape((1,) * (ndim - x.ndim) + x.shape)


def vstack(tup, *, dtype=None):
    """The tensors joined along the first axis, 0-d and 1-d ones as rows (NumPy's vstack):
    vstack([a, b]) of two (n,) vectors is (2, n)."""
    arrays = [_atleast(t, 2) for t in tup]
    if dtype is not None:
        arrays = [t.astype(dtype, copy=False) for t in arrays]
    return concatenate(arrays, axis=0)


def hstack(tup, *, dtype=None):
    """The tensors joined along the second axis, or the first for 1-d ones (NumPy's hstack):
    hstack([a, b]) of two (n,) vectors is (2n,)."""
    arrays = [_atleast(t, 1) for t in tup]
    if dtype is not None:
        arrays = [t.astype(dtype, copy=False) for t in arrays]
    return concatenate(arrays, axis=0 if arrays and arrays[0].ndim == 1 else 1)


# ---- products -------------------------------------------------------------------------------

def _prod(values):
    n = 1
    for v in values:
        n *= v
    return n


def tensordot(x1, x2, /, *, axes=2):
    """The sum over paired axes, as NumPy's and the array API's tensordot. axes=N pairs the
    last N axes of x1 with the first N of x2; axes=(a_axes, b_axes) names them. One matmul
    (the packed GEMM) after the paired axes are moved together:

        out[i..., j...] = sum(x1[i..., k...] * x2[k..., j...] for k...)
    """
    a, b = asarray(x1), asarray(x2)
    if isinstance(axes, (tuple, list)):
        if len(axes) != 2:
            raise ValueError("axes must be an int or a pair of axis sequences")
        axes_a, axes_b = ([ax] if not isinstance(ax, (tuple, list)) else list(ax) for ax in axes)
        if len(axes_a) != len(axes_b):
            raise ValueError("shape-mismatch for sum")
        axes_a = list(_axis_tuple(axes_a, a.ndim, "axes"))
        axes_b = list(_axis_tuple(axes_b, b.ndim, "axes"))
    else:
        n = operator.index(axes)
        if n < 0:
            raise ValueError(f"axes must be a non-negative int, not {n}")
        if n > a.ndim or n > b.ndim:
            raise ValueError(f"axes={n} exceeds the dimensions of an operand ({a.ndim} and {b.ndim})")
        axes_a, axes_b = list(range(a.ndim - n, a.ndim)), list(range(n))
    for i, j in zip(axes_a, axes_b):
        if a.shape[i] != b.shape[j]:
            raise ValueError(f"shape-mismatch for sum: axis {i} of x1 has length {a.shape[i]}, "
                             f"axis {j} of x2 has {b.shape[j]}")
    free_a = [i for i in range(a.ndim) if i not in axes_a]
    free_b = [j for j in range(b.ndim) if j not in axes_b]
    k = _prod(a.shape[i] for i in axes_a)
    a2 = permute_dims(a, free_a + axes_a).reshape(_prod(a.shape[i] for i in free_a), k)
    b2 = permute_dims(b, axes_b + free_b).reshape(k, _prod(b.shape[j] for j in free_b))
    return matmul(a2, b2).reshape(tuple(a.shape[i] for i in free_a) + tuple(b.shape[j] for j in free_b))


def vecdot(x1, x2, /, *, axis=-1):
    """The dot product of vectors along `axis` (counted in each operand, -1 the last), the other
    axes broadcast, as NumPy's and the array API's vecdot (real dtypes: no conjugation). The
    result has the operands' promoted dtype:

        out[...] = sum(x1[..., k] * x2[..., k] for k in range(n))
    """
    a, b = asarray(x1), asarray(x2)
    if a.ndim == 0 or b.ndim == 0:
        raise ValueError("vecdot: an operand does not have enough dimensions (has 0, needs 1)")
    ia, ib = _axis_index(axis, a.ndim), _axis_index(axis, b.ndim)
    if a.shape[ia] != b.shape[ib]:
        raise ValueError(f"vecdot: the vectors differ in length ({a.shape[ia]} != {b.shape[ib]})")
    dt = result_type(a, b)
    out = sum(multiply(moveaxis(a, ia, -1), moveaxis(b, ib, -1)), axis=-1)
    return out.astype(dt, copy=False)


# ---- diagonals ------------------------------------------------------------------------------

def diag(v, k=0):
    """NumPy's diag: for a 1-D v, the square matrix with v on its k-th diagonal; for a 2-D v,
    its k-th diagonal (a read-only view, as diagonal).

        out[i, i + k] = v[i]       (1-D v; zeros elsewhere)
    """
    v = asarray(v)
    k = operator.index(k)
    if v.ndim == 2:
        return diagonal(v, k)
    if v.ndim != 1:
        raise ValueError("Input must be 1- or 2-d.")
    n = v.shape[0]
    if n == 0:
        return zeros((abs(k), abs(k)), dtype=v.dtype)
    # v[i] followed by n zeros, row after row, is the flattened n x n matrix with v on its
    # diagonal (position i * (n + 1)) and n extra zeros at the end
    rows = concatenate([v.reshape(n, 1), zeros((n, n), dtype=v.dtype)], axis=1)
    square = rows.reshape(-1)[: n * n].reshape(n, n)
    if k == 0:
        return square
    return pad(square, ((0, k), (k, 0)) if k > 0 else ((-k, 0), (0, -k)))


def trace(x, offset=0, axis1=0, axis2=1, dtype=None):
    """The sum along a diagonal, as NumPy's trace: sum(x[..., i, i + offset] for i) over the
    matrices spanned by axis1 and axis2."""
    return sum(diagonal(x, offset, axis1, axis2), axis=-1, dtype=dtype)


def identity(n, dtype=None, *, device=None):
    """The n x n identity matrix (float64 by default)."""
    return eye(n, dtype=dtype, device=device)


# ---- comparisons and searching --------------------------------------------------------------

def isclose(a, b, rtol=1e-05, atol=1e-08, equal_nan=False):
    """Whether a and b are equal within a tolerance, elementwise, as NumPy's isclose (not
    symmetric: the tolerance scales with |b|):

        out[i] = |a[i] - b[i]| <= atol + rtol * |b[i]|    (b[i] finite)
        out[i] = a[i] == b[i]                              (infinities: same sign only)

    NaN is close to NaN only with equal_nan=True. Integers compare in float64 (no wraparound)."""
    a = a.detach() if isinstance(a, Tensor) else asarray(a)
    b = b.detach() if isinstance(b, Tensor) else asarray(b)
    dt = result_type(a, b, 1.0)
    x, y = a.astype(dt, copy=False), b.astype(dt, copy=False)
    finite_y = (y - y) == 0                 # inf - inf and NaN - NaN are NaN
    out = ((abs(x - y) <= atol + rtol * abs(y)) & finite_y) | (x == y)
    if equal_nan:
        out = out | ((x != x) & (y != y))
    return out


def allclose(a, b, rtol=1e-05, atol=1e-08, equal_nan=False):
    """True when isclose(a, b) holds everywhere (a Python bool)."""
    return bool(isclose(a, b, rtol=rtol, atol=atol, equal_nan=equal_nan).all())


def array_equal(a1, a2, equal_nan=False):
    """True when a1 and a2 have the same shape and elements (a Python bool); NaNs are equal only
    with equal_nan=True."""
    a = a1.detach() if isinstance(a1, Tensor) else asarray(a1)
    b = a2.detach() if isinstance(a2, Tensor) else asarray(a2)
    if a.shape != b.shape:
        return False
    same = a == b
    if equal_nan:
        same = same | ((a != a) & (b != b))
    return bool(same.all())


def argwhere(x):
    """The coordinates of the non-zero elements, one row each: shape (count, x.ndim), int64.
    (A 0-d x gives shape (1, 0) when it is non-zero, else (0, 0), as NumPy.)"""
    x = asarray(x)
    if x.ndim == 0:
        return zeros((1 if bool(x) else 0, 0), dtype=int64)
    return stack(nonzero(x), axis=1)
