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
    """Move axes of a tensor to new positions; the other axes keep their order.

    As NumPy's and the array API's ``moveaxis``: the result is a view of `x` (``permute_dims``
    with the order worked out here)::

        moveaxis(x, 0, -1).shape == x.shape[1:] + x.shape[:1]

    Parameters
    ----------
    x : Tensor or array_like
        The input (anything ``tt.asarray`` takes), any shape and dtype.
    source : int or sequence of int
        The axes to move (negative counts from the end); distinct.
    destination : int or sequence of int
        Where they go, one position per axis in `source`; distinct.

    Returns
    -------
    Tensor
        A view of `x` with the same dtype and its axes permuted.

    Raises
    ------
    AxisError
        An axis is out of range (the message says whether of `source` or `destination`).
    ValueError
        An axis is repeated, or `source` and `destination` differ in length.
    TypeError
        An axis is not an integer.

    Notes
    -----
    Differentiable: the view is a recorded ``permute_dims``.

    See Also
    --------
    tinytensor.permute_dims, tinytensor.swapaxes

    Examples
    --------
    >>> x = tt.zeros((2, 3, 4))
    >>> tt.moveaxis(x, 0, -1).shape
    (3, 4, 2)
    >>> tt.moveaxis(x, [0, 1], [-1, -2]).shape
    (4, 3, 2)
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
    """Shift elements cyclically along axes; what falls off one end comes back at the other.

    As NumPy's ``roll``. Along each axis of length ``n``::

        out[(i + shift) % n] = x[i]

    Parameters
    ----------
    x : Tensor or array_like
        The input, any shape and dtype.
    shift : int or tuple of int
        How many places to shift (negative shifts to the left). A tuple gives one shift per axis
        in `axis`; one int applies to every axis in `axis`.
    axis : int or tuple of int, optional
        The axes to shift along. Default None: the flattened `x` is shifted and the result has
        the shape of `x` again. Shifts along a repeated axis add up.

    Returns
    -------
    Tensor
        A new tensor (never a view, even for a zero shift) of the shape and dtype of `x`.

    Raises
    ------
    ValueError
        `shift` and `axis` are both tuples of different lengths.
    AxisError
        An axis is out of range.
    TypeError
        A shift or an axis is not an integer.

    Notes
    -----
    Differentiable: built from recorded slices and ``concatenate``.

    Examples
    --------
    >>> tt.roll(tt.arange(5), 2)
    tensor([3, 4, 0, 1, 2])
    >>> tt.roll(tt.arange(6).reshape(2, 3), 1, axis=1)
    tensor([[2, 0, 1],
            [5, 3, 4]])
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
    """Split a tensor into the views along one axis: the inverse of ``stack``.

    ::

        out = tuple(x[..., i, ...] for i in range(x.shape[axis]))    # i at position axis

    Parameters
    ----------
    x : Tensor or array_like
        The input, at least one dimension.
    axis : int, optional
        The axis to unstack along (keyword-only). Default 0.

    Returns
    -------
    tuple of Tensor
        ``x.shape[axis]`` views of `x`, each of ``x.ndim - 1`` dimensions and the dtype of `x`.

    Raises
    ------
    ValueError
        `x` is 0-d.
    AxisError
        `axis` is out of range.

    Notes
    -----
    Differentiable: each view is a recorded indexing of `x`.

    See Also
    --------
    tinytensor.stack

    Examples
    --------
    >>> tt.unstack(tt.arange(6).reshape(2, 3))
    (tensor([0, 1, 2]), tensor([3, 4, 5]))
    >>> tt.unstack(tt.arange(6).reshape(2, 3), axis=1)
    (tensor([0, 3]), tensor([1, 4]), tensor([2, 5]))
    """
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
    """Lower triangle: `x` with the elements above the k-th diagonal set to zero.

    The last two axes are the matrices (the ones before them are a batch)::

        out[..., i, j] = x[..., i, j] if j - i <= k else 0

    Parameters
    ----------
    x : Tensor or array_like
        The input, at least one dimension. A 1-D `x` of length ``n`` stands for the ``n x n``
        matrix whose every row is `x`, as in NumPy.
    k : int, optional
        The diagonal above which to zero: 0 the main diagonal, positive above it, negative below.
        Default 0.

    Returns
    -------
    Tensor
        A new tensor with the dtype of `x` and its shape (``(n, n)`` for a 1-D `x`).

    Raises
    ------
    ValueError
        `x` is 0-d.
    TypeError
        `k` is not an integer.

    Notes
    -----
    Differentiable (a recorded ``where``): the gradient flows to the kept elements only.

    See Also
    --------
    tinytensor.triu

    Examples
    --------
    >>> tt.tril(tt.ones((3, 3)))
    tensor([[1., 0., 0.],
            [1., 1., 0.],
            [1., 1., 1.]])
    >>> tt.tril(tt.ones((3, 3), dtype=tt.int32), k=-1)
    tensor([[0, 0, 0],
            [1, 0, 0],
            [1, 1, 0]], dtype=int32)
    """
    return _triangle(x, k, True)


def triu(x, /, k=0):
    """Upper triangle: `x` with the elements below the k-th diagonal set to zero.

    The last two axes are the matrices (the ones before them are a batch)::

        out[..., i, j] = x[..., i, j] if j - i >= k else 0

    Parameters
    ----------
    x : Tensor or array_like
        The input, at least one dimension. A 1-D `x` of length ``n`` stands for the ``n x n``
        matrix whose every row is `x`, as in NumPy.
    k : int, optional
        The diagonal below which to zero: 0 the main diagonal, positive above it, negative below.
        Default 0.

    Returns
    -------
    Tensor
        A new tensor with the dtype of `x` and its shape (``(n, n)`` for a 1-D `x`).

    Raises
    ------
    ValueError
        `x` is 0-d.
    TypeError
        `k` is not an integer.

    Notes
    -----
    Differentiable (a recorded ``where``): the gradient flows to the kept elements only.

    See Also
    --------
    tinytensor.tril

    Examples
    --------
    >>> tt.triu(tt.arange(1, 10).reshape(3, 3), k=1)
    tensor([[0, 2, 3],
            [0, 0, 6],
            [0, 0, 0]])
    >>> tt.triu(tt.tensor([1, 2, 3]))
    tensor([[1, 2, 3],
            [0, 2, 3],
            [0, 0, 3]])
    """
    return _triangle(x, k, False)


def _atleast(x, ndim):
    """x with leading axes of length 1 added up to ndim dimensions (NumPy's atleast_1d/2d)."""
    x = asarray(x)
    return x if x.ndim >= ndim else x.reshape((1,) * (ndim - x.ndim) + x.shape)


def vstack(tup, *, dtype=None):
    """Join tensors along the first axis, 0-d and 1-d ones as rows (NumPy's ``vstack``).

    Each input becomes at least 2-D (a 1-D ``(n,)`` one is the row ``(1, n)``), then they are
    concatenated along axis 0: ``vstack([a, b])`` of two ``(n,)`` vectors is ``(2, n)``.

    Parameters
    ----------
    tup : sequence of Tensor or array_like
        The tensors; all but their first axis (after the promotion to 2-D) must match.
    dtype : dtype, optional
        Keyword-only. Convert every input to this dtype first (unchecked, as
        ``astype(dtype)``). Default None: the promoted dtype of the inputs.

    Returns
    -------
    Tensor
        A new tensor of at least two dimensions.

    Raises
    ------
    ValueError
        `tup` is empty, or the shapes do not match beyond the first axis.

    Notes
    -----
    Differentiable (a recorded ``concatenate``).

    See Also
    --------
    tinytensor.hstack, tinytensor.concatenate, tinytensor.stack

    Examples
    --------
    >>> tt.vstack([tt.tensor([1, 2]), tt.tensor([3, 4])])
    tensor([[1, 2],
            [3, 4]])
    >>> tt.vstack([tt.ones((1, 2)), tt.tensor([3, 4])], dtype=tt.float32)
    tensor([[1., 1.],
            [3., 4.]], dtype=float32)
    """
    arrays = [_atleast(t, 2) for t in tup]
    if dtype is not None:
        arrays = [t.astype(dtype, copy=False) for t in arrays]
    return concatenate(arrays, axis=0)


def hstack(tup, *, dtype=None):
    """Join tensors along the second axis, or along the first for 1-d ones (NumPy's ``hstack``).

    0-d inputs become 1-D first; ``hstack([a, b])`` of two ``(n,)`` vectors is ``(2n,)``, of two
    ``(m, n)`` matrices ``(m, 2n)``.

    Parameters
    ----------
    tup : sequence of Tensor or array_like
        The tensors; all but the joined axis must match.
    dtype : dtype, optional
        Keyword-only. Convert every input to this dtype first (unchecked, as
        ``astype(dtype)``). Default None: the promoted dtype of the inputs.

    Returns
    -------
    Tensor
        A new tensor.

    Raises
    ------
    ValueError
        `tup` is empty, or the shapes do not match beyond the joined axis.

    Notes
    -----
    Differentiable (a recorded ``concatenate``).

    See Also
    --------
    tinytensor.vstack, tinytensor.concatenate

    Examples
    --------
    >>> tt.hstack([tt.tensor([1, 2]), tt.tensor([3])])
    tensor([1, 2, 3])
    >>> tt.hstack([tt.ones((2, 1)), tt.zeros((2, 2))])
    tensor([[1., 0., 0.],
            [1., 0., 0.]])
    """
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
    """Sum of products over paired axes of two tensors (NumPy's and the array API's ``tensordot``).

    ``axes=N`` pairs the last ``N`` axes of `x1` with the first ``N`` of `x2`;
    ``axes=(a_axes, b_axes)`` names the pairs. The free axes of `x1` come first in the result,
    then those of `x2`::

        out[i..., j...] = sum(x1[i..., k...] * x2[k..., j...] for k...)

    It is one matmul (the packed GEMM) after the paired axes are moved together.

    Parameters
    ----------
    x1, x2 : Tensor or array_like
        The operands.
    axes : int or pair of (int or sequence of int), optional
        Keyword-only. A non-negative count of axes, or the axes of `x1` and the axes of `x2` to
        sum over, in pairs. Default 2. ``axes=0`` is the outer product.

    Returns
    -------
    Tensor
        Shape: the free axes of `x1` then those of `x2`; dtype: the promoted dtype of the operands.

    Raises
    ------
    ValueError
        `axes` is negative, exceeds an operand's dimensions, is not an int or a pair, names
        sequences of different lengths or paired axes of different lengths.
    AxisError
        An axis in `axes` is out of range.
    TypeError
        An axis or the count is not an integer.

    Notes
    -----
    Differentiable: a recorded composition of ``permute_dims``, ``reshape`` and ``matmul``.

    See Also
    --------
    tinytensor.matmul, tinytensor.einsum, tinytensor.vecdot

    Examples
    --------
    >>> a = tt.arange(6.0).reshape(2, 3)
    >>> b = tt.arange(12.0).reshape(3, 4)
    >>> tt.tensordot(a, b, axes=1)
    tensor([[20., 23., 26., 29.],
            [56., 68., 80., 92.]])
    >>> tt.tensordot(a, a, axes=([0, 1], [0, 1]))
    tensor(55.)
    >>> tt.tensordot(a, b, axes=0).shape
    (2, 3, 3, 4)
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
    """Dot products of vectors along one axis, the other axes broadcast (the array API's ``vecdot``).

    ::

        out[...] = sum(x1[..., k] * x2[..., k] for k in range(n))   # k along `axis` of each

    Real dtypes only, so there is no conjugation (as NumPy's ``vecdot`` on real input).

    Parameters
    ----------
    x1, x2 : Tensor or array_like
        The operands, at least one dimension each; their `axis` lengths must agree and the other
        axes broadcast.
    axis : int, optional
        Keyword-only. The axis holding the vectors, counted in each operand (-1 the last).
        Default -1.

    Returns
    -------
    Tensor
        The broadcast shape of the operands without `axis`; the promoted dtype of the operands.

    Raises
    ------
    ValueError
        An operand is 0-d, the vectors differ in length, or the other axes do not broadcast.
    AxisError
        `axis` is out of range for an operand.

    Notes
    -----
    Differentiable (recorded ``multiply`` and ``sum``).

    See Also
    --------
    tinytensor.vdot, tinytensor.tensordot

    Examples
    --------
    >>> tt.vecdot(tt.tensor([[1., 2.], [3., 4.]]), tt.tensor([1., 1.]))
    tensor([3., 7.])
    >>> tt.vecdot(tt.tensor([[1., 2.], [3., 4.]]), tt.tensor([[1.], [1.]]), axis=0)
    tensor([4., 6.])
    >>> tt.vecdot(tt.tensor([1, 2]), tt.tensor([3, 4]))
    tensor(11)
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
    """Diagonal matrix from a vector, or the diagonal of a matrix (NumPy's ``diag``).

    For a 1-D `v` of length ``n``, the square matrix of side ``n + abs(k)`` with `v` on its k-th
    diagonal::

        out[i, i + k] = v[i]          # k >= 0; out[i - k, i] = v[i] for k < 0; zeros elsewhere

    For a 2-D `v`, its k-th diagonal as a read-only view (as ``tinytensor.diagonal``).

    Parameters
    ----------
    v : Tensor or array_like
        A 1-D or a 2-D input.
    k : int, optional
        The diagonal: 0 the main one, positive above it, negative below. Default 0.

    Returns
    -------
    Tensor
        2-D for a 1-D `v` (a new tensor), 1-D for a 2-D `v` (a view); the dtype of `v`.

    Raises
    ------
    ValueError
        `v` is neither 1-D nor 2-D.
    TypeError
        `k` is not an integer.

    Notes
    -----
    Differentiable (recorded ``concatenate``, ``reshape``, ``pad`` or ``diagonal``).

    See Also
    --------
    tinytensor.diagonal, tinytensor.eye

    Examples
    --------
    >>> tt.diag(tt.tensor([1, 2]))
    tensor([[1, 0],
            [0, 2]])
    >>> tt.diag(tt.tensor([1, 2]), k=1)
    tensor([[0, 1, 0],
            [0, 0, 2],
            [0, 0, 0]])
    >>> tt.diag(tt.arange(9).reshape(3, 3), k=-1)
    tensor([3, 7])
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
    """Sum along a diagonal (NumPy's ``trace``).

    Over the matrices spanned by `axis1` and `axis2` (the remaining axes are a batch)::

        out[...] = sum(x[..., i, i + offset] for i)

    Parameters
    ----------
    x : Tensor or array_like
        The input, at least two dimensions.
    offset : int, optional
        The diagonal: 0 the main one, positive above it, negative below. Default 0.
    axis1, axis2 : int, optional
        The axes of the matrices. Default 0 and 1.
    dtype : dtype, optional
        The dtype of the sum (as ``tinytensor.sum``). Default None: that of ``sum`` (bool and
        integer inputs sum in int64 or uint64, floats in their own dtype).

    Returns
    -------
    Tensor
        The shape of `x` without `axis1` and `axis2` (0-d for a matrix).

    Raises
    ------
    ValueError
        `x` has fewer than two dimensions, or `axis1` and `axis2` are the same axis.
    AxisError
        `axis1` or `axis2` is out of range.

    Notes
    -----
    Differentiable (recorded ``diagonal`` and ``sum``).

    See Also
    --------
    tinytensor.diagonal, tinytensor.sum

    Examples
    --------
    >>> tt.trace(tt.arange(9).reshape(3, 3))
    tensor(12)
    >>> tt.trace(tt.arange(9).reshape(3, 3), offset=1)
    tensor(6)
    >>> tt.trace(tt.arange(8).reshape(2, 2, 2), axis1=1, axis2=2)
    tensor([ 3, 11])
    """
    return sum(diagonal(x, offset, axis1, axis2), axis=-1, dtype=dtype)


def identity(n, dtype=None, *, device=None):
    """The ``n x n`` identity matrix (NumPy's ``identity``; ``tinytensor.eye(n)``).

    ::

        out[i, j] = 1 if i == j else 0

    Parameters
    ----------
    n : int
        The number of rows and columns, >= 0.
    dtype : dtype, optional
        The dtype of the result. Default None: float64.
    device : str, optional
        Keyword-only. ``"cpu"`` (the only device) or None.

    Returns
    -------
    Tensor
        Shape ``(n, n)``.

    Raises
    ------
    ValueError
        `n` is negative, or `device` is not the CPU.

    See Also
    --------
    tinytensor.eye

    Examples
    --------
    >>> tt.identity(2)
    tensor([[1., 0.],
            [0., 1.]])
    >>> tt.identity(2, dtype=tt.int32)
    tensor([[1, 0],
            [0, 1]], dtype=int32)
    """
    return eye(n, dtype=dtype, device=device)


# ---- comparisons and searching --------------------------------------------------------------

def isclose(a, b, rtol=1e-05, atol=1e-08, equal_nan=False):
    """Whether `a` and `b` are equal within a tolerance, elementwise (NumPy's ``isclose``).

    Not symmetric: the relative tolerance scales with ``abs(b)``. With `a` and `b` broadcast::

        out[i] = abs(a[i] - b[i]) <= atol + rtol * abs(b[i])    # b[i] finite
        out[i] = a[i] == b[i]                                   # b[i] infinite: same sign only

    Parameters
    ----------
    a, b : Tensor or array_like
        The values to compare; they broadcast together.
    rtol : float, optional
        The relative tolerance. Default 1e-05.
    atol : float, optional
        The absolute tolerance. Default 1e-08.
    equal_nan : bool, optional
        Whether NaN counts as close to NaN. Default False.

    Returns
    -------
    Tensor
        bool, of the broadcast shape.

    Raises
    ------
    ValueError
        `a` and `b` do not broadcast.

    Notes
    -----
    The comparison is made in the promoted floating dtype of `a` and `b` (integers compare in
    float64, so there is no wraparound). NaN is close to NaN only with ``equal_nan=True``.
    No gradient by nature: the inputs are detached and the result is bool.

    See Also
    --------
    tinytensor.allclose, tinytensor.array_equal

    Examples
    --------
    >>> tt.isclose(tt.tensor([1.0, 1e-9, float("nan")]), tt.tensor([1.00001, 0.0, float("nan")]))
    tensor([ True,  True, False])
    >>> tt.isclose(tt.tensor([1.0, float("nan")]), tt.tensor([1.0, float("nan")]), equal_nan=True)
    tensor([True, True])
    >>> tt.isclose(tt.tensor([float("inf"), float("-inf")]), float("inf"))
    tensor([ True, False])
    """
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
    """Whether ``isclose(a, b)`` holds for every element, as a Python bool (NumPy's ``allclose``).

    ::

        out = all(abs(a[i] - b[i]) <= atol + rtol * abs(b[i]) for i)   # see isclose

    Parameters
    ----------
    a, b : Tensor or array_like
        The values to compare; they broadcast together.
    rtol : float, optional
        The relative tolerance (scaled by ``abs(b)``). Default 1e-05.
    atol : float, optional
        The absolute tolerance. Default 1e-08.
    equal_nan : bool, optional
        Whether NaN counts as close to NaN. Default False.

    Returns
    -------
    bool
        True when every pair is close (also for empty inputs).

    Raises
    ------
    ValueError
        `a` and `b` do not broadcast.

    See Also
    --------
    tinytensor.isclose, tinytensor.array_equal

    Examples
    --------
    >>> tt.allclose(tt.tensor([1.0, 2.0]), tt.tensor([1.0, 2.0 + 1e-9]))
    True
    >>> tt.allclose(tt.tensor([1.0, 2.0]), 1.0)
    False
    """
    return bool(isclose(a, b, rtol=rtol, atol=atol, equal_nan=equal_nan).all())


def array_equal(a1, a2, equal_nan=False):
    """Whether two tensors have the same shape and elements, as a Python bool (NumPy's
    ``array_equal``).

    ::

        out = a1.shape == a2.shape and all(a1[i] == a2[i] for i)

    Parameters
    ----------
    a1, a2 : Tensor or array_like
        The values to compare. Their dtypes may differ (values are compared, as ``==`` does).
    equal_nan : bool, optional
        Whether NaN counts as equal to NaN. Default False.

    Returns
    -------
    bool
        False for different shapes (no broadcasting), else whether every element is equal.

    See Also
    --------
    tinytensor.allclose, tinytensor.equal

    Examples
    --------
    >>> tt.array_equal(tt.tensor([1, 2]), tt.tensor([1.0, 2.0]))
    True
    >>> tt.array_equal(tt.tensor([1, 2]), tt.tensor([[1, 2]]))
    False
    >>> nan = float("nan")
    >>> tt.array_equal(tt.tensor([1.0, nan]), tt.tensor([1.0, nan]), equal_nan=True)
    True
    """
    a = a1.detach() if isinstance(a1, Tensor) else asarray(a1)
    b = a2.detach() if isinstance(a2, Tensor) else asarray(a2)
    if a.shape != b.shape:
        return False
    same = a == b
    if equal_nan:
        same = same | ((a != a) & (b != b))
    return bool(same.all())


def argwhere(x):
    """The coordinates of the non-zero elements, one row per element (NumPy's ``argwhere``).

    In C order (row by row)::

        out = [i for i in ndindex(x.shape) if x[i] != 0]      # each i a row of x.ndim ints

    That is ``stack(nonzero(x), axis=1)``.

    Parameters
    ----------
    x : Tensor or array_like
        The input, any shape and dtype.

    Returns
    -------
    Tensor
        int64, shape ``(count, x.ndim)``. A 0-d `x` gives shape ``(1, 0)`` when it is non-zero,
        else ``(0, 0)``, as NumPy.

    Notes
    -----
    No gradient by nature (integer coordinates).

    See Also
    --------
    tinytensor.nonzero

    Examples
    --------
    >>> tt.argwhere(tt.tensor([[0, 3], [4, 0]]))
    tensor([[0, 1],
            [1, 0]])
    >>> tt.argwhere(tt.tensor(5))
    tensor([], shape=(1, 0), dtype=int64)
    """
    x = asarray(x)
    if x.ndim == 0:
        return zeros((1 if bool(x) else 0, 0), dtype=int64)
    return stack(nonzero(x), axis=1)
