"""The loops the C kernels replace, written out in plain Python as the seed text writes them.

Each function keeps the text's asserts and walks the tensors element by element through
ordinary indexing, so it can be read next to the kernel that does the same work
(csrc/elementwise.c for naive_add, csrc/gemm.c for naive_matrix_dot). They are the slow end
of the benchmarks, and the tests check each one equals the tinytensor operation.
"""
import tinytensor as tt


def naive_relu(x):
    """relu of a 2-D tensor, one element at a time::

        for i in range(rows): for j in range(cols): out[i, j] = max(x[i, j], 0)

    Parameters
    ----------
    x : Tensor
        A 2-D tensor.

    Returns
    -------
    Tensor
        A new tensor (`x` is not changed), equal to ``tt.relu(x)``.

    Raises
    ------
    AssertionError
        If `x` is not 2-D (the seed text's asserts).

    Examples
    --------
    >>> from tinytensor.naive import naive_relu
    >>> naive_relu(tt.tensor([[-1.0, 2.0]]))
    tensor([[0., 2.]])
    """
    assert len(x.shape) == 2
    x = x.copy()
    for i in range(x.shape[0]):
        for j in range(x.shape[1]):
            x[i, j] = max(x[i, j].item(), 0)
    return x


def naive_add(x, y):
    """Elementwise sum of two 2-D tensors of the same shape::

        for i in range(rows): for j in range(cols): out[i, j] = x[i, j] + y[i, j]

    Parameters
    ----------
    x, y : Tensor
        2-D tensors of one shape.

    Returns
    -------
    Tensor
        A new tensor, equal to ``x + y``.

    Raises
    ------
    AssertionError
        If `x` is not 2-D or the shapes differ (the seed text's asserts).

    Examples
    --------
    >>> from tinytensor.naive import naive_add
    >>> naive_add(tt.tensor([[1, 2]]), tt.tensor([[10, 20]]))
    tensor([[11, 22]])
    """
    assert len(x.shape) == 2
    assert x.shape == y.shape
    x = x.copy()
    for i in range(x.shape[0]):
        for j in range(x.shape[1]):
            x[i, j] += y[i, j]
    return x


def naive_add_matrix_and_vector(x, y):
    """Adds the vector `y` to every row of the matrix `x`: broadcasting, spelled out::

        for i in range(rows): for j in range(cols): out[i, j] = x[i, j] + y[j]

    Parameters
    ----------
    x : Tensor
        A 2-D tensor.
    y : Tensor
        A 1-D tensor of ``x.shape[1]`` elements.

    Returns
    -------
    Tensor
        A new tensor, equal to ``x + y``.

    Raises
    ------
    AssertionError
        If the shapes do not fit (the seed text's asserts).

    Examples
    --------
    >>> from tinytensor.naive import naive_add_matrix_and_vector
    >>> naive_add_matrix_and_vector(tt.tensor([[1, 2], [3, 4]]), tt.tensor([10, 20]))
    tensor([[11, 22],
            [13, 24]])
    """
    assert len(x.shape) == 2
    assert len(y.shape) == 1
    assert x.shape[1] == y.shape[0]
    x = x.copy()
    for i in range(x.shape[0]):
        for j in range(x.shape[1]):
            x[i, j] += y[j]
    return x


def naive_vector_dot(x, y):
    """The dot product of two vectors of one length: ``z = 0; for i: z += x[i] * y[i]``.

    Parameters
    ----------
    x, y : Tensor
        1-D tensors of one length.

    Returns
    -------
    float
        Accumulated in a Python float.

    Raises
    ------
    AssertionError
        If the shapes do not fit (the seed text's asserts).

    Examples
    --------
    >>> from tinytensor.naive import naive_vector_dot
    >>> naive_vector_dot(tt.tensor([1.0, 2.0, 3.0]), tt.tensor([4.0, 5.0, 6.0]))
    32.0
    """
    assert len(x.shape) == 1
    assert len(y.shape) == 1
    assert x.shape[0] == y.shape[0]
    z = 0.
    for i in range(x.shape[0]):
        z += x[i].item() * y[i].item()
    return z


def naive_matrix_vector_dot(x, y):
    """Matrix times vector::

        for i in range(rows): for j in range(cols): z[i] += x[i, j] * y[j]

    Parameters
    ----------
    x : Tensor
        A 2-D tensor.
    y : Tensor
        A 1-D tensor of ``x.shape[1]`` elements.

    Returns
    -------
    Tensor
        float64, shape (rows,), equal to ``x @ y``.

    Raises
    ------
    AssertionError
        If the shapes do not fit (the seed text's asserts).

    Examples
    --------
    >>> from tinytensor.naive import naive_matrix_vector_dot
    >>> naive_matrix_vector_dot(tt.tensor([[1.0, 2.0], [3.0, 4.0]]), tt.tensor([1.0, 1.0]))
    tensor([3., 7.])
    """
    assert len(x.shape) == 2
    assert len(y.shape) == 1
    assert x.shape[1] == y.shape[0]
    z = tt.zeros(x.shape[0])
    for i in range(x.shape[0]):
        for j in range(x.shape[1]):
            z[i] += x[i, j].item() * y[j].item()
    return z


def naive_matrix_dot(x, y):
    """Matrix product: ``z[i, j]`` is the dot product of row i of `x` with column j of `y`::

        for i in range(x.shape[0]): for j in range(y.shape[1]):
            z[i, j] = naive_vector_dot(x[i, :], y[:, j])

    Parameters
    ----------
    x, y : Tensor
        2-D tensors with ``x.shape[1] == y.shape[0]``.

    Returns
    -------
    Tensor
        float64, shape (x.shape[0], y.shape[1]), equal to ``x @ y``.

    Raises
    ------
    AssertionError
        If the shapes do not fit (the seed text's asserts).

    Examples
    --------
    >>> from tinytensor.naive import naive_matrix_dot
    >>> naive_matrix_dot(tt.tensor([[1.0, 2.0]]), tt.tensor([[3.0], [4.0]]))
    tensor([[11.]])
    """
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


def naive_reshape(x, shape):
    """The elements of `x`, read in row-major order, written into a tensor of a new shape (what
    reshape means; tinytensor's reshape usually only rewrites the strides)::

        for k, v in enumerate(x in row-major order):
            out[unravel_index(k, shape)] = v

    Parameters
    ----------
    x : Tensor
        Any tensor.
    shape : tuple of int
        The new shape, of ``x.size`` elements.

    Returns
    -------
    Tensor
        A new tensor of `x`'s dtype, equal to ``x.reshape(shape)``.

    Raises
    ------
    AssertionError
        If the sizes differ (the seed text's asserts).

    Examples
    --------
    >>> from tinytensor.naive import naive_reshape
    >>> naive_reshape(tt.arange(6), (2, 3))
    tensor([[0, 1, 2],
            [3, 4, 5]])
    """
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
