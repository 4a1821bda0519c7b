"""tinytensor.linalg: norms, and the array API's linear-algebra names for tinytensor's products.

    import tinytensor as tt
    tt.linalg.vector_norm(x)                 # sqrt(sum(x ** 2)) over all elements
    tt.linalg.matrix_norm(a, ord=1)          # the largest column sum of |a|
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
    """The norm of the matrices in the last two axes of x (the array API's and NumPy's
    matrix_norm): ord "fro" sqrt(sum |a_ij| ** 2), 1 / -1 the largest / smallest column sum of
    |a|, inf / -inf the largest / smallest row sum. ord 2, -2 and "nuc" need an SVD and raise
    NotImplementedError."""
    x = _float(x)
    if x.ndim < 2:
        raise _core.AxisError(f"axis -2 is out of bounds for array of dimension {x.ndim}")
    return _matrix_norm(x, x.ndim - 2, x.ndim - 1, ord, keepdims)


def norm(x, ord=None, axis=None, keepdims=False):
    """NumPy's linalg.norm: a vector norm over one axis, a matrix norm over two. With axis=None,
    the 2-norm of the flattened x (ord None), or the matrix norm of a 2-D x / vector norm of a
    1-D x for the given ord.

        norm(v) == sqrt(sum(v ** 2))         norm(a, 1) == max(sum(|a|, axis=0))
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
    """out[i, j] = x1[i] * x2[j] of two vectors."""
    return _core.outer(x1, x2)


def diagonal(x, /, *, offset=0):
    """The diagonals of the matrices in the last two axes (a view), as NumPy's linalg.diagonal."""
    return _core.diagonal(x, offset, -2, -1)


def trace(x, /, *, offset=0, dtype=None):
    """The sums of the diagonals of the matrices in the last two axes, as NumPy's linalg.trace."""
    return sum(_core.diagonal(x, offset, -2, -1), axis=-1, dtype=dtype)
