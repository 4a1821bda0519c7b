"""tinytensor.linalg: norms, and the array API's linear-algebra names for tinytensor's products.

::

    import tinytensor as tt
    tt.linalg.vector_norm(x)                 # sqrt(sum(x ** 2)) over all elements
    tt.linalg.matrix_norm(a, ord=1)          # the largest column sum of abs(a)
    tt.linalg.norm(a)                        # NumPy's norm: Frobenius / 2-norm by default

Every function is differentiable: vector_norm has its own gradient (0 at a zero norm, as
PyTorch), matrix_norm and norm are built from recorded ops.

Not here yet (they need a singular value or eigenvalue decomposition, which tinytensor does not
have): the matrix 2-norm, -2 and the nuclear norm raise NotImplementedError, and the linalg
extension's solve, inv, det, svd, eigh, cholesky, qr are missing -- so tinytensor does not claim
the array API's linalg extension.
"""
import math

from tinytensor import _core
from tinytensor._core import asarray, matmul, max, min, squeeze, sum, vector_norm  # noqa: F401
from tinytensor._composite import tensordot, vecdot, _axis_index  # noqa: F401
from tinytensor._array_api import matrix_transpose  # noqa: F401

__all__ = ["vector_norm", "matrix_norm", "norm", "matmul", "matrix_transpose", "tensordot",
           "vecdot", "outer", "diagonal", "trace"]


def _float(x):
    """x as a float tensor: a float tensor keeps its dtype (float16 too), bool and integer ones
    have float64 norms, as NumPy."""
    x = asarray(x)
    return x if x.dtype.kind == "f" else x.astype(_core.float64)


def _matrix_norm(x, row, col, ord, keepdims):
    """The matrix norm over axes (row, col) of a float tensor x."""
    if ord in ("fro", "f"):
        return vector_norm(x, axis=(row, col), keepdims=keepdims)
    if ord == "nuc" or ord in (2, -2):
        raise NotImplementedError(f"the matrix norm ord={ord!r} needs singular values (an SVD), "
                                  "which tinytensor does not have yet")
    if isinstance(ord, str) or ord not in (1, -1, math.inf, -math.inf):
        raise ValueError("Invalid norm order for matrices.")
    # ord 1: the largest column sum of |x|; inf: the largest row sum (-1, -inf: the smallest)
    sums = sum(abs(x), axis=row if ord in (1, -1) else col, keepdims=True)
    along = col if ord in (1, -1) else row
    if ord > 0 and sums.shape[along] == 0:
        out = sum(sums, axis=along, keepdims=True)       # no columns (rows): 0, as NumPy
    else:
        out = (max if ord > 0 else min)(sums, axis=along, keepdims=True)
    return out if keepdims else squeeze(out, axis=(row, col))


def matrix_norm(x, /, *, keepdims=False, ord="fro"):
    """The norm of each matrix in the last two axes of `x` (the array API's matrix_norm).

    For each matrix ``a``::

        "fro":      sqrt(sum(abs(a[i, j]) ** 2 for i, j))
        1 / -1:     max / min over j of sum(abs(a[i, j]) for i)      # column sums
        inf / -inf: max / min over i of sum(abs(a[i, j]) for j)      # row sums

    Parameters
    ----------
    x : Tensor or array_like
        The input, at least 2-D (positional only); leading axes are batch axes.
    keepdims : bool, default False
        Keyword only. Keep the two matrix axes with length 1.
    ord : {"fro", 1, -1, inf, -inf}, default "fro"
        Keyword only. The norm. 2, -2 and "nuc" need singular values (an SVD) and raise
        NotImplementedError.

    Returns
    -------
    Tensor
        ``x.shape[:-2]`` (with keepdims: ``x.shape[:-2] + (1, 1)``). Float inputs keep their
        dtype; integer and bool inputs give float64.

    Raises
    ------
    AxisError
        If `x` has fewer than 2 dimensions.
    ValueError
        If `ord` is not one of the orders above.
    NotImplementedError
        For ``ord`` 2, -2 and "nuc".

    Notes
    -----
    Differentiable (built from recorded ops). The 1 and inf norms of a matrix without
    columns (rows) are 0, as NumPy.

    See Also
    --------
    tinytensor.linalg.norm, tinytensor.linalg.vector_norm

    Examples
    --------
    >>> a = tt.tensor([[1.0, -2.0], [3.0, 4.0]])
    >>> tt.linalg.matrix_norm(a)
    tensor(5.47722558)
    >>> tt.linalg.matrix_norm(a, ord=1)
    tensor(6.)
    >>> tt.linalg.matrix_norm(a, ord=float("inf"))
    tensor(7.)
    >>> tt.linalg.matrix_norm(tt.ones((3, 2, 2)), keepdims=True).shape
    (3, 1, 1)
    """
    x = _float(x)
    if x.ndim < 2:
        raise _core.AxisError(f"axis -2 is out of bounds for array of dimension {x.ndim}")
    return _matrix_norm(x, x.ndim - 2, x.ndim - 1, ord, keepdims)


def norm(x, ord=None, axis=None, keepdims=False):
    """NumPy's linalg.norm: a vector norm over one axis, a matrix norm over two.

    With ``axis=None``: the 2-norm of the flattened `x` when `ord` is None, else the matrix
    norm of a 2-D `x` or the vector norm of a 1-D `x` for that `ord`::

        norm(v) == sqrt(sum(v ** 2))
        norm(a, 1) == max(sum(abs(a), axis=0))

    Parameters
    ----------
    x : Tensor or array_like
        The input.
    ord : {None, int, float, inf, -inf, "fro", "f"}, optional
        The order: for vectors any number as in `tinytensor.linalg.vector_norm` (None: 2);
        for matrices as in `tinytensor.linalg.matrix_norm` (None: "fro").
    axis : int or tuple of int, optional
        One axis (a vector norm), two axes (a matrix norm), or None (see above).
    keepdims : bool, default False
        Keep the reduced axes with length 1.

    Returns
    -------
    Tensor
        The norms, `x`'s shape without the reduced axes. Float inputs keep their dtype;
        integer and bool inputs give float64.

    Raises
    ------
    ValueError
        If `ord` is invalid for the kind of norm (a string for a vector norm, an unknown
        matrix order), the two axes are the same, or more than two axes are given (or
        ``axis=None`` with a given `ord` and an `x` of more than 2 dimensions).
    TypeError
        If `axis` is not None, an int or a tuple of ints.
    NotImplementedError
        For the matrix orders 2, -2 and "nuc" (they need an SVD).
    AxisError
        If an axis is out of range.

    Notes
    -----
    Differentiable (vector norms through `vector_norm`'s gradient, matrix norms built from
    recorded ops).

    See Also
    --------
    tinytensor.linalg.vector_norm, tinytensor.linalg.matrix_norm

    Examples
    --------
    >>> a = tt.tensor([[1.0, -2.0], [3.0, 4.0]])
    >>> tt.linalg.norm(a)
    tensor(5.47722558)
    >>> tt.linalg.norm(a, 1)
    tensor(6.)
    >>> tt.linalg.norm(a, axis=1)
    tensor([2.23606798, 5.        ])
    >>> tt.linalg.norm(tt.tensor([3, 4]))
    tensor(5.)
    """
    x = _float(x)
    if axis is None:
        if ord is None or (ord in ("f", "fro") and x.ndim == 2) or (ord == 2 and x.ndim == 1):
            out = vector_norm(x)
            return out.reshape((1,) * x.ndim) if keepdims else out
        axis = tuple(range(x.ndim))
    elif not isinstance(axis, tuple):
        try:
            axis = (int(axis),)
        except Exception as exc:
            raise TypeError("'axis' must be None, an integer or a tuple of integers") from exc
    if len(axis) == 1:
        if isinstance(ord, str):
            raise ValueError(f"Invalid norm order '{ord}' for vectors")
        return vector_norm(x, axis=axis, keepdims=keepdims, ord=2 if ord is None else ord)
    if len(axis) == 2:
        row, col = (_axis_index(a, x.ndim) for a in axis)
        if row == col:
            raise ValueError("Duplicate axes given.")
        return _matrix_norm(x, row, col, "fro" if ord is None else ord, keepdims)
    raise ValueError("Improper number of dimensions to norm.")


def outer(x1, x2, /):
    """Outer product of two vectors (the array API's linalg.outer): ``out[i, j] = x1[i] * x2[j]``.

    ::

        for i in range(len(x1)):
            for j in range(len(x2)):
                out[i, j] = x1[i] * x2[j]

    Parameters
    ----------
    x1 : Tensor or array_like
        The first vector (positional only).
    x2 : Tensor or array_like
        The second vector (positional only).

    Returns
    -------
    Tensor
        Shape ``(len(x1), len(x2))``, the promoted dtype.

    Raises
    ------
    ValueError
        When either input is not 1-D (as ``np.linalg.outer``; `tinytensor.outer`, like
        ``np.outer``, flattens them instead).

    Notes
    -----
    Differentiable.

    See Also
    --------
    tinytensor.outer

    Examples
    --------
    >>> tt.linalg.outer(tt.tensor([1, 2]), tt.tensor([3, 4, 5]))
    tensor([[ 3,  4,  5],
            [ 6,  8, 10]])
    """
    x1, x2 = _core.asarray(x1), _core.asarray(x2)
    if x1.ndim != 1 or x2.ndim != 1:
        raise ValueError("Input arrays must be one-dimensional, but they are "
                         f"x1.ndim={x1.ndim} and x2.ndim={x2.ndim}.")
    return _core.outer(x1, x2)


def diagonal(x, /, *, offset=0):
    """The diagonals of the matrices in the last two axes of `x`: a read-only view.

    ::

        out[..., i] = x[..., i, i + offset]        # offset >= 0
        out[..., i] = x[..., i - offset, i]        # offset < 0

    Parameters
    ----------
    x : Tensor or array_like
        The input, at least 2-D (positional only).
    offset : int, default 0
        Keyword only. The diagonal: 0 the main one, > 0 above it, < 0 below it.

    Returns
    -------
    Tensor
        A read-only view of shape ``x.shape[:-2] + (length of the diagonal,)``.

    Raises
    ------
    ValueError
        If `x` has fewer than 2 dimensions.

    Notes
    -----
    Differentiable. ``tt.diagonal(x, offset, -2, -1)``; note that `tinytensor.diagonal`
    defaults to the first two axes instead (NumPy's ``np.diagonal``).

    See Also
    --------
    tinytensor.diagonal, tinytensor.linalg.trace

    Examples
    --------
    >>> tt.linalg.diagonal(tt.arange(8).reshape((2, 2, 2)))
    tensor([[0, 3],
            [4, 7]])
    >>> tt.linalg.diagonal(tt.arange(9).reshape((3, 3)), offset=1)
    tensor([1, 5])
    """
    return _core.diagonal(x, offset, -2, -1)


def trace(x, /, *, offset=0, dtype=None):
    """The sum of the `offset`-th diagonal of each matrix in the last two axes of `x`.

    ::

        out[...] = sum(x[..., i, i + offset] for i)       # offset < 0: x[..., i - offset, i]

    Parameters
    ----------
    x : Tensor or array_like
        The input, at least 2-D (positional only).
    offset : int, default 0
        Keyword only. The diagonal: 0 the main one, > 0 above it, < 0 below it.
    dtype : dtype, optional
        Keyword only. The dtype to sum in and return (as `tinytensor.sum`'s).

    Returns
    -------
    Tensor
        Shape ``x.shape[:-2]``; the dtype of `tinytensor.sum` of the diagonal (int64 for
        signed integers, uint64 for unsigned ones) unless `dtype` is given.

    Raises
    ------
    ValueError
        If `x` has fewer than 2 dimensions.

    Notes
    -----
    Differentiable.

    See Also
    --------
    tinytensor.linalg.diagonal

    Examples
    --------
    >>> tt.linalg.trace(tt.arange(9).reshape((3, 3)))
    tensor(12)
    >>> tt.linalg.trace(tt.arange(8).reshape((2, 2, 2)))
    tensor([ 3, 11])
    >>> tt.linalg.trace(tt.arange(9).reshape((3, 3)), offset=-1, dtype=tt.float32)
    tensor(10., dtype=float32)
    """
    return sum(_core.diagonal(x, offset, -2, -1), axis=-1, dtype=dtype)
