"""The loops the C kernels replace, written out in plain Python as the seed text writes them.

Each function keeps the text's asserts and walks the tensors element by element through
ordinary indexing, so it can be read next to the kernel that does the same work
(csrc/elementwise.c for naive_add, csrc/gemm.c for naive_matrix_dot, csrc/conv.c for
naive_conv2d and naive_max_pool2d). They are the slow end of the benchmarks, and the tests check
each one equals the tinytensor operation.

The convolution comes twice: ``naive_conv2d`` is the six nested loops of its definition, and
``naive_im2col`` + a matrix product is the same sum reorganised the way tinytensor computes it
(``naive_conv2d_as_matmul``): every receptive field copied into one row of a matrix, the kernels
flattened into columns, one GEMM for the whole batch.
"""
import tinytensor as tt
from tinytensor import Tensor


def naive_relu(x: Tensor) -> Tensor:
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


def naive_add(x: Tensor, y: Tensor) -> Tensor:
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


def naive_add_matrix_and_vector(x: Tensor, y: Tensor) -> Tensor:
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


def naive_vector_dot(x: Tensor, y: Tensor) -> float:
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


def naive_matrix_vector_dot(x: Tensor, y: Tensor) -> Tensor:
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


def naive_matrix_dot(x: Tensor, y: Tensor) -> Tensor:
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


def naive_reshape(x: Tensor, shape: tuple[int, ...]) -> Tensor:
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


def _pair(v):
    return tuple(v) if isinstance(v, (tuple, list)) else (v, v)


def naive_conv2d(x, w, b=None, stride=1, padding=0):
    """2-D convolution of images `x` (N, C, H, W) with kernels `w` (OC, C, KH, KW), as six loops::

        out[n, oc, oh, ow] = b[oc] + sum over c, kh, kw of
            x[n, c, oh * sh - ph + kh, ow * sw - pw + kw] * w[oc, c, kh, kw]

    (positions outside the image are the zero padding).

    Parameters
    ----------
    x : Tensor
        Images (N, C, H, W).
    w : Tensor
        Kernels (OC, C, KH, KW).
    b : Tensor, optional
        One bias per output channel.
    stride, padding : int or (int, int), default 1, 0
        The step between windows, the zeros on each side.

    Returns
    -------
    Tensor
        (N, OC, OH, OW), equal to ``tt.conv2d(x, w, b, stride, padding)``.

    Raises
    ------
    AssertionError
        If the ranks or channels do not fit, or the kernel is larger than the padded image.

    Examples
    --------
    >>> from tinytensor.naive import naive_conv2d
    >>> x = tt.arange(9, dtype=tt.float32).reshape(1, 1, 3, 3)
    >>> naive_conv2d(x, tt.ones((1, 1, 2, 2), dtype=tt.float32))
    tensor([[[[ 8., 12.],
              [20., 24.]]]], dtype=float32)
    """
    assert len(x.shape) == 4 and len(w.shape) == 4
    N, C, H, W = x.shape
    OC, C2, KH, KW = w.shape
    assert C == C2, "the kernels' channels must match the images'"
    sh, sw = _pair(stride)
    ph, pw = _pair(padding)
    OH = (H + 2 * ph - KH) // sh + 1
    OW = (W + 2 * pw - KW) // sw + 1
    assert OH > 0 and OW > 0, "the kernel is larger than the padded image"
    out = tt.zeros((N, OC, OH, OW), dtype=x.dtype)
    for n in range(N):
        for oc in range(OC):
            for oh in range(OH):
                for ow in range(OW):
                    total = 0. if b is None else b[oc].item()
                    for c in range(C):
                        for kh in range(KH):
                            for kw in range(KW):
                                ih = oh * sh - ph + kh
                                iw = ow * sw - pw + kw
                                if 0 <= ih < H and 0 <= iw < W:
                                    total += x[n, c, ih, iw].item() * w[oc, c, kh, kw].item()
                    out[n, oc, oh, ow] = total
    return out


def naive_im2col(x, kernel_size, stride=1, padding=0):
    """The matrix im2col builds from images `x` (N, C, H, W): one row per output pixel
    (n, oh, ow), holding the C * KH * KW inputs its kernel covers in (c, kh, kw) order::

        col[(n * OH + oh) * OW + ow, (c * KH + kh) * KW + kw] = x[n, c, oh * sh - ph + kh, ow * sw - pw + kw]

    (zeros in the padding).

    Parameters
    ----------
    x : Tensor
        Images (N, C, H, W).
    kernel_size : int or (int, int)
        KH, KW.
    stride, padding : int or (int, int), default 1, 0
        As `naive_conv2d`.

    Returns
    -------
    Tensor
        (N * OH * OW, C * KH * KW).

    Raises
    ------
    AssertionError
        If `x` is not 4-D or the kernel is larger than the padded image.

    Examples
    --------
    >>> from tinytensor.naive import naive_im2col
    >>> naive_im2col(tt.arange(9, dtype=tt.float32).reshape(1, 1, 3, 3), 2)
    tensor([[0., 1., 3., 4.],
            [1., 2., 4., 5.],
            [3., 4., 6., 7.],
            [4., 5., 7., 8.]], dtype=float32)
    """
    assert len(x.shape) == 4
    N, C, H, W = x.shape
    KH, KW = _pair(kernel_size)
    sh, sw = _pair(stride)
    ph, pw = _pair(padding)
    OH = (H + 2 * ph - KH) // sh + 1
    OW = (W + 2 * pw - KW) // sw + 1
    assert OH > 0 and OW > 0, "the kernel is larger than the padded image"
    col = tt.zeros((N * OH * OW, C * KH * KW), dtype=x.dtype)
    for n in range(N):
        for oh in range(OH):
            for ow in range(OW):
                row = (n * OH + oh) * OW + ow
                for c in range(C):
                    for kh in range(KH):
                        for kw in range(KW):
                            ih = oh * sh - ph + kh
                            iw = ow * sw - pw + kw
                            if 0 <= ih < H and 0 <= iw < W:
                                col[row, (c * KH + kh) * KW + kw] = x[n, c, ih, iw]
    return col


def naive_conv2d_as_matmul(x, w, b=None, stride=1, padding=0):
    """`naive_conv2d` as one matrix product, the way the core computes it::

        out = naive_im2col(x) @ w.reshape(OC, C * KH * KW).T + b      # (N * OH * OW, OC)
        out.reshape(N, OH, OW, OC).transpose(0, 3, 1, 2)             # back to images

    Parameters
    ----------
    x, w, b, stride, padding
        As `naive_conv2d`.

    Returns
    -------
    Tensor
        (N, OC, OH, OW), equal to `naive_conv2d`'s.

    Raises
    ------
    AssertionError
        As `naive_im2col`.

    Examples
    --------
    >>> from tinytensor.naive import naive_conv2d_as_matmul
    >>> x = tt.arange(9, dtype=tt.float32).reshape(1, 1, 3, 3)
    >>> naive_conv2d_as_matmul(x, tt.ones((1, 1, 2, 2), dtype=tt.float32)).tolist()
    [[[[8.0, 12.0], [20.0, 24.0]]]]
    """
    N, C, H, W = x.shape
    OC, _, KH, KW = w.shape
    col = naive_im2col(x, (KH, KW), stride, padding)
    out = col @ w.reshape(OC, C * KH * KW).T           # the GEMM: (pixels, OC)
    if b is not None:
        out = out + b
    (sh, sw), (ph, pw) = _pair(stride), _pair(padding)
    OH = (H + 2 * ph - KH) // sh + 1
    OW = (W + 2 * pw - KW) // sw + 1
    return out.reshape(N, OH, OW, OC).transpose(0, 3, 1, 2)


def naive_max_pool2d(x, kernel_size, stride=None):
    """Max pooling of images `x` (N, C, H, W), as loops::

        out[n, c, oh, ow] = max over kh, kw of x[n, c, oh * sh + kh, ow * sw + kw]

    Parameters
    ----------
    x : Tensor
        Images (N, C, H, W).
    kernel_size : int or (int, int)
        The window.
    stride : int or (int, int), optional
        Defaults to the window, so the windows tile the image.

    Returns
    -------
    Tensor
        (N, C, OH, OW).

    Raises
    ------
    AssertionError
        If `x` is not 4-D or the window is larger than the image.

    Examples
    --------
    >>> from tinytensor.naive import naive_max_pool2d
    >>> naive_max_pool2d(tt.arange(16, dtype=tt.float32).reshape(1, 1, 4, 4), 2)
    tensor([[[[ 5.,  7.],
              [13., 15.]]]], dtype=float32)
    """
    assert len(x.shape) == 4
    N, C, H, W = x.shape
    KH, KW = _pair(kernel_size)
    sh, sw = _pair(kernel_size if stride is None else stride)
    OH = (H - KH) // sh + 1
    OW = (W - KW) // sw + 1
    assert OH > 0 and OW > 0, "the window is larger than the image"
    out = tt.zeros((N, C, OH, OW), dtype=x.dtype)
    for n in range(N):
        for c in range(C):
            for oh in range(OH):
                for ow in range(OW):
                    best = x[n, c, oh * sh, ow * sw].item()
                    for kh in range(KH):
                        for kw in range(KW):
                            best = max(best, x[n, c, oh * sh + kh, ow * sw + kw].item())
                    out[n, c, oh, ow] = best
    return out
