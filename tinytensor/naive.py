"""The loops the C kernels replace, written out in plain Python as the seed text writes them.

Each function keeps the text's asserts and walks the tensors element by element through
ordinary indexing, so it can be read next to the kernel that does the same work
(csrc/elementwise.c for naive_add, csrc/gemm.c for naive_matrix_dot). They are the slow end
of the benchmarks, and the tests check each one equals the tinytensor operation.
"""
import tinytensor as tt
from tinytensor import Tensor


def naive_relu(x: Tensor) -> Tensor:
    """relu of a 2-D tensor, one element at a time."""
    assert len(x.shape) == 2
    x = x.copy()
    for i in range(x.shape[0]):
        for j in range(x.shape[1]):
            x[i, j] = max(x[i, j].item(), 0)
    return x


def naive_add(x: Tensor, y: Tensor) -> Tensor:
    """Elementwise sum of two 2-D tensors of the same shape."""
    assert len(x.shape) == 2
    assert x.shape == y.shape
    x = x.copy()
    for i in range(x.shape[0]):
        for j in range(x.shape[1]):
            x[i, j] += y[i, j]
    return x


def naive_add_matrix_and_vector(x: Tensor, y: Tensor) -> Tensor:
    """Adds the vector y to every row of the matrix x: broadcasting, spelled out."""
    assert len(x.shape) == 2
    assert len(y.shape) == 1
    assert x.shape[1] == y.shape[0]
    x = x.copy()
    for i in range(x.shape[0]):
        for j in range(x.shape[1]):
            x[i, j] += y[j]
    return x


def naive_vector_dot(x: Tensor, y: Tensor) -> float:
    """sum(x[i] * y[i]) of two vectors of one length."""
    assert len(x.shape) == 1
    assert len(y.shape) == 1
    assert x.shape[0] == y.shape[0]
    z = 0.
    for i in range(x.shape[0]):
        z += x[i].item() * y[i].item()
    return z


def naive_matrix_vector_dot(x: Tensor, y: Tensor) -> Tensor:
    """z[i] = sum_j x[i, j] * y[j]."""
    assert len(x.shape) == 2
    assert len(y.shape) == 1
    assert x.shape[1] == y.shape[0]
    z = tt.zeros(x.shape[0])
    for i in range(x.shape[0]):
        for j in range(x.shape[1]):
            z[i] += x[i, j].item() * y[j].item()
    return z


def naive_matrix_dot(x: Tensor, y: Tensor) -> Tensor:
    """z[i, j] = the dot product of row i of x with column j of y."""
    assert len(x.shape) == 2
    assert len(y.shape) == 2
    assert x.shape[1] == y.shape[0]
    z = tt.zeros((x.shape[0], y.shape[1]))
    for i in range(x.shape[0]):
        for j in range(y.shape[1]):
            row_x = x[i, :]
            column_y = y[:, j]
            z[i, j] = naive_vector_dot(row_x, column_y)
    return z


def naive_reshape(x: Tensor, shape: tuple[int, ...]) -> Tensor:
    """The elements of x, read in row-major order, written into a tensor of a new shape
    (what reshape means; tinytensor's reshape usually only rewrites the strides)."""
    shape = tuple(shape)
    size = 1
    for d in shape:
        size *= d
    assert size == x.size, f"cannot reshape {x.size} elements into shape {shape}"
    flat = x.tolist()
    for _ in range(len(x.shape) - 1):
        flat = [v for row in flat for v in row]
    if len(x.shape) == 0:
        flat = [flat]
    out = tt.empty(shape, dtype=x.dtype)
    for k, v in enumerate(flat):
        index = []
        rem = k
        for d in reversed(shape):
            index.append(rem % d)
            rem //= d
        out[tuple(reversed(index))] = v
    return out
