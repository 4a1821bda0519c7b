# ---- joining, splitting, rearranging ------------------------------------------------------

def concatenate(arrays, axis=0, *, dim=None):
    """Tensors joined end to end along an existing axis (``axis=None``: flattened first).

    For axis 0 (any other axis likewise)::

        row = 0
        for t in arrays:
            out[row:row + len(t)] = t
            row += len(t)

    Parameters
    ----------
    arrays : sequence of Tensor or array_like
        The tensors; all of one number of dimensions and of equal lengths except along `axis`.
        Their dtypes promote to one (``tt.result_type``).
    axis : int or None, default 0
        The axis to join along; None flattens every input first.
    dim : int, optional
        PyTorch's name for `axis` (keyword only); when given it is used instead of `axis`.

    Returns
    -------
    Tensor
        A new tensor whose length along `axis` is the sum of the inputs' lengths.

    Raises
    ------
    ValueError
        If `arrays` is empty, an input is 0-d, or the numbers of dimensions or the other
        lengths differ.
    AxisError
        If `axis` is out of range.

    Notes
    -----
    ``tinytensor.concat`` (the array API's name) is the same function, and
    `tinytensor.cat` is PyTorch's. Differentiable: each input gets its slice of the gradient.

    See Also
    --------
    tinytensor.stack, tinytensor.split

    Examples
    --------
    >>> a = tt.tensor([[1, 2], [3, 4]])
    >>> b = tt.tensor([[5, 6]])
    >>> tt.concatenate([a, b])
    tensor([[1, 2],
            [3, 4],
            [5, 6]])
    >>> tt.concatenate([a, b.T], axis=1)
    tensor([[1, 2, 5],
            [3, 4, 6]])
    >>> tt.concatenate([a, b], axis=None)
    tensor([1, 2, 3, 4, 5, 6])
    >>> tt.concatenate([a, tt.tensor([[0.5, 1.5]])]).dtype
    dtype('float64')
    """
    axis = _axis_arg(None if dim is not None else axis, dim)
    arrays = list(arrays)
    cdef bint rec = _needs_grad_seq(arrays) and _gate(OP_CONCATENATE)
    out = _concatenate(arrays, axis)
    if rec:
        _record(OP_CONCATENATE, out, tuple(arrays), {"axis": axis})
    return out


cdef Tensor _concatenate(list arrays, object axis):
    if not arrays:
        raise ValueError("need at least one array to concatenate")
    cdef list ts = [a if isinstance(a, Tensor) else asarray(a) for a in arrays]
    if axis is None:
        ts = [_reshape(t, (-1,)) for t in ts]
        axis = 0
    cdef Tensor first = ts[0]
    if first._ndim == 0:
        raise ValueError("zero-dimensional arrays cannot be concatenated")
    ax = _normalize_axis(axis, first._ndim)
    total = 0
    for k, t in enumerate(ts):
        if (<Tensor>t)._ndim != first._ndim:
            raise ValueError("all the input array dimensions except for the concatenation axis must match "
                             f"exactly, but the array at index 0 has {first._ndim} dimension(s) and the array "
                             f"at index {k} has {(<Tensor>t)._ndim} dimension(s)")
        for d in range(first._ndim):
            if d != ax and (<Tensor>t)._shape[d] != first._shape[d]:
                raise ValueError("all the input array dimensions except for the concatenation axis must "
                                 f"match exactly, but along dimension {d}, the array at index 0 has size "
                                 f"{first._shape[d]} and the array at index {k} has size {(<Tensor>t)._shape[d]}")
        total += (<Tensor>t)._shape[ax]
    shape = list(first.shape)
    shape[ax] = total
    out = empty(shape, dtype=result_type(*ts))
    start = 0
    idx = [slice(None)] * first._ndim
    for t in ts:
        n = (<Tensor>t)._shape[ax]
        idx[ax] = slice(start, start + n)
        _copy_into(_getitem(out, tuple(idx)), t)
        start += n
    return out


concat = concatenate


def cat(tensors, dim=0):
    """PyTorch's name for `tinytensor.concatenate`: the tensors joined along `dim`.

    Parameters
    ----------
    tensors : sequence of Tensor or array_like
        The tensors, of one number of dimensions and equal lengths except along `dim`.
    dim : int, default 0
        The axis to join along.

    Returns
    -------
    Tensor
        A new tensor; see `tinytensor.concatenate`.

    Raises
    ------
    ValueError
        If `tensors` is empty or the shapes do not match except along `dim`.
    AxisError
        If `dim` is out of range.

    See Also
    --------
    tinytensor.concatenate

    Examples
    --------
    >>> a = tt.tensor([[1, 2], [3, 4]])
    >>> tt.cat([a, a], dim=1)
    tensor([[1, 2, 1, 2],
            [3, 4, 3, 4]])
    """
    return concatenate(tensors, axis=dim)


def stack(arrays, axis=0, *, dim=None):
    """Tensors of one shape joined along a new axis.

    ``stack(arrays, axis)`` is ``concatenate([expand_dims(t, axis) for t in arrays], axis)``;
    for axis 0::

        for k, t in enumerate(arrays):
            out[k] = t

    Parameters
    ----------
    arrays : sequence of Tensor or array_like
        The tensors, all of one shape; their dtypes promote to one.
    axis : int, default 0
        The position of the new axis in the result (negative counts from its end).
    dim : int, optional
        PyTorch's name for `axis` (keyword only).

    Returns
    -------
    Tensor
        A new tensor with one more dimension: length ``len(arrays)`` at `axis`.

    Raises
    ------
    ValueError
        If `arrays` is empty or the shapes differ.
    AxisError
        If `axis` is out of range for the result.

    Notes
    -----
    Differentiable.

    See Also
    --------
    tinytensor.concatenate

    Examples
    --------
    >>> a, b = tt.tensor([1, 2]), tt.tensor([3, 4])
    >>> tt.stack([a, b])
    tensor([[1, 2],
            [3, 4]])
    >>> tt.stack([a, b], axis=1)
    tensor([[1, 3],
            [2, 4]])
    """
    axis = _axis_arg(None if dim is not None else axis, dim)
    arrays = list(arrays)
    if not arrays:
        raise ValueError("need at least one array to stack")
    cdef bint rec = _needs_grad_seq(arrays) and _gate(OP_STACK)
    ts = [asarray(a) for a in arrays]
    shape = ts[0].shape
    for t in ts:
        if t.shape != shape:
            raise ValueError("all input arrays must have the same shape")
    ax = _normalize_axis(axis, len(shape) + 1)
    expanded = shape[:ax] + (1,) + shape[ax:]
    out = _concatenate([_reshape(t, expanded) for t in ts], ax)
    if rec:
        _record(OP_STACK, out, tuple(arrays), {"axis": ax})
    return out


def split(x, indices_or_sections, axis=0):
    """A list of views of `x` cut along `axis`: into equal parts, or at the given indices.

    With the cut points ``c`` (``[n // k * i for i in 1..k-1]`` for k parts)::

        bounds = [0] + c + [n]
        out = [x[lo:hi] for lo, hi in zip(bounds[:-1], bounds[1:])]     # along axis

    Parameters
    ----------
    x : Tensor or array_like
        The input.
    indices_or_sections : int or sequence of int or 1-D Tensor
        An int k: k parts of equal length (k must divide the length). A sequence: the indices
        where one part ends and the next begins (an index beyond the end gives an empty part,
        as slicing does).
    axis : int, default 0
        The axis to cut.

    Returns
    -------
    list of Tensor
        Views of `x`, in order.

    Raises
    ------
    ValueError
        If the number of parts is not positive or does not divide the length.
    AxisError
        If `axis` is out of range.

    Notes
    -----
    Differentiable (each part is a recorded slice).

    Examples
    --------
    >>> x = tt.arange(6)
    >>> tt.split(x, 3)
    [tensor([0, 1]), tensor([2, 3]), tensor([4, 5])]
    >>> tt.split(x, [1, 4])
    [tensor([0]), tensor([1, 2, 3]), tensor([4, 5])]
    >>> tt.split(tt.arange(5), 2)
    Traceback (most recent call last):
        ...
    ValueError: array split does not result in an equal division
    """
    cdef Tensor t = asarray(x)
    ax = _normalize_axis(axis, t._ndim)
    n = t._shape[ax]
    if isinstance(indices_or_sections, (int,)) or hasattr(indices_or_sections, "__index__") and \
            not isinstance(indices_or_sections, Tensor):
        sections = operator.index(indices_or_sections)
        if sections <= 0:
            raise ValueError("number sections must be larger than 0.")
        if n % sections:
            raise ValueError("array split does not result in an equal division")
        cuts = [n // sections * i for i in range(1, sections)]
    else:
        cuts = [operator.index(c) for c in (indices_or_sections.tolist() if isinstance(indices_or_sections, Tensor)
                                            else indices_or_sections)]
    bounds = [0] + cuts + [n]
    idx = [slice(None)] * t._ndim
    parts = []
    for lo, hi in zip(bounds[:-1], bounds[1:]):
        idx[ax] = slice(lo, hi)
        parts.append(t[tuple(idx)])
    return parts


def flip(x, axis=None):
    """A view of `x` with the order of its elements reversed along `axis` (all axes when None).

    For a 1-D tensor of length n::

        out[i] = x[n - 1 - i]

    Parameters
    ----------
    x : Tensor or array_like
        The input.
    axis : int or tuple of int, optional
        The axes to reverse; None (the default) reverses every axis.

    Returns
    -------
    Tensor
        A view of `x` (negative strides), same shape and dtype.

    Raises
    ------
    AxisError
        If an axis is out of range.

    Notes
    -----
    Differentiable.

    Examples
    --------
    >>> x = tt.tensor([[1, 2], [3, 4]])
    >>> tt.flip(x)
    tensor([[4, 3],
            [2, 1]])
    >>> tt.flip(x, axis=0)
    tensor([[3, 4],
            [1, 2]])
    """
    cdef Tensor t = asarray(x)
    axes = _normalize_axes(axis, t._ndim)
    idx = tuple([slice(None, None, -1) if i in axes else slice(None) for i in range(t._ndim)])
    return t[idx]


def repeat(x, repeats, axis=None):
    """Each element of `x` repeated along `axis` (of the flattened `x` when `axis` is None).

    NumPy's repeat and the array API's::

        out = [x[i] for i in range(n) for _ in range(repeats[i])]      # along axis

    Parameters
    ----------
    x : Tensor or array_like
        The input.
    repeats : int or sequence of int or Tensor
        One count for every element (an int, or a tensor of one element), or a 1-D integer
        tensor or sequence with a count per element of the axis.
    axis : int, optional
        The axis to repeat along; None (the default) flattens `x` first.

    Returns
    -------
    Tensor
        A new tensor, `x`'s dtype, longer along `axis` (the sum of the counts).

    Raises
    ------
    ValueError
        If a count is negative, `repeats` has more than one dimension, or its length is
        neither 1 nor the length of the axis.
    TypeError
        If `repeats` is not of an integer (or bool) dtype.
    AxisError
        If `axis` is out of range.

    Notes
    -----
    Differentiable (the gradient sums the copies).

    See Also
    --------
    tinytensor.tile

    Examples
    --------
    >>> tt.repeat(tt.tensor([1, 2]), 2)
    tensor([1, 1, 2, 2])
    >>> x = tt.tensor([[1, 2], [3, 4]])
    >>> tt.repeat(x, [1, 2], axis=0)
    tensor([[1, 2],
            [3, 4],
            [3, 4]])
    """
    cdef Tensor t = asarray(x)
    if axis is None:
        t = t.reshape(-1)
        axis = 0
    if _zero_d_int_axis(axis, t._ndim):
        t, axis = _reshape(t, (1,)), 0        # a 0-d input repeats as 1-d (NumPy)
    ax = _normalize_axis(axis, t._ndim)
    cdef Tensor counts
    if not (isinstance(repeats, int) or hasattr(repeats, "__index__") and not isinstance(repeats, Tensor)
            and getattr(repeats, "ndim", 0) == 0):
        counts = asarray(repeats)
        if counts._dtype != TT_BOOL and not _is_int(counts._dtype):
            raise TypeError(f"Cannot cast array data from dtype('{_DTYPE_NAMES[counts._dtype]}') to "
                            "dtype('int64') according to the rule 'safe'")
        if counts._ndim > 1:
            raise ValueError("repeats must be an int or a 1-D array of ints, not a "
                             f"{counts._ndim}-D array")
        if counts._size != 1:
            if counts._size != t._shape[ax]:
                raise ValueError(f"operands could not be broadcast together with shape "
                                 f"({t._shape[ax]},) ({counts._size},)")
            return take(t, _repeat_index(_cast(counts, TT_INT64)), axis=ax)
        repeats = counts.item()
    r = operator.index(repeats)
    if r < 0:
        raise ValueError("negative dimensions are not allowed")
    expanded = expand_dims(t, ax + 1)
    shape = list(expanded.shape)
    shape[ax + 1] = r
    out_shape = list(t.shape)
    out_shape[ax] *= r
    return broadcast_to(expanded, shape).copy().reshape(out_shape)


def tile(x, reps):
    """`x` repeated ``reps[i]`` times along each axis i (NumPy's tile).

    With ``x`` and ``reps`` padded to one length with leading 1s::

        out[i] = x[i % x.shape]          # elementwise modulo, out.shape = reps * x.shape

    Parameters
    ----------
    x : Tensor or array_like
        The input.
    reps : int or sequence of int
        Repetitions per axis; the last entries go with the last axes (a shorter `x` gets
        leading axes of length 1).

    Returns
    -------
    Tensor
        A new tensor of shape ``reps[i] * x.shape[i]`` per axis, `x`'s dtype.

    Raises
    ------
    ValueError
        If a repetition count is negative.
    TypeError
        If a repetition count is not an integer.

    Notes
    -----
    Differentiable.

    See Also
    --------
    tinytensor.repeat, tinytensor.broadcast_to

    Examples
    --------
    >>> tt.tile(tt.tensor([1, 2]), 2)
    tensor([1, 2, 1, 2])
    >>> tt.tile(tt.tensor([1, 2]), (2, 2))
    tensor([[1, 2, 1, 2],
            [1, 2, 1, 2]])
    """
    cdef Tensor t = asarray(x)
    reps = (operator.index(reps),) if not isinstance(reps, (tuple, list)) else tuple([operator.index(r) for r in reps])
    nd = _builtins.max(len(reps), t._ndim)
    reps = (1,) * (nd - len(reps)) + reps
    t = t.reshape((1,) * (nd - t._ndim) + t.shape)
    # interleave: shape (r0, s0, r1, s1, ...) broadcast, then merge pairs
    inter = []
    bshape = []
    for r, s in zip(reps, t.shape):
        inter += [1, s]
        bshape += [r, s]
    return broadcast_to(t.reshape(inter), bshape).copy().reshape([r * s for r, s in zip(reps, t.shape)])


def pad(x, pad_width, mode="constant", constant_values=0):
    """`x` surrounded by `constant_values` (NumPy's pad with ``mode="constant"``).

    With ``(before[d], after[d])`` per axis::

        out = full([s + b + a for s, (b, a) in zip(x.shape, pad_width)], constant_values)
        out[before[0]:before[0] + n0, before[1]:before[1] + n1, ...] = x

    Parameters
    ----------
    x : Tensor or array_like
        The input.
    pad_width : int or sequence
        ``((before, after), ...)`` with one pair per axis, one ``(before, after)`` pair for
        every axis, or one int for both sides of every axis. Non-negative.
    mode : str, default "constant"
        Only "constant" is supported.
    constant_values : scalar, default 0
        The fill value (converted to `x`'s dtype).

    Returns
    -------
    Tensor
        A new tensor, `x`'s dtype, each axis longer by ``before + after``.

    Raises
    ------
    ValueError
        If `mode` is not "constant", `pad_width` has the wrong number of entries, or an entry
        is negative.

    Notes
    -----
    Differentiable (the gradient is the inner slice). NumPy's other modes (reflect, edge,
    ...) are not implemented.

    Examples
    --------
    >>> tt.pad(tt.tensor([1, 2]), 1)
    tensor([0, 1, 2, 0])
    >>> x = tt.tensor([[1, 2], [3, 4]])
    >>> tt.pad(x, ((0, 1), (1, 0)), constant_values=9)
    tensor([[9, 1, 2],
            [9, 3, 4],
            [9, 9, 9]])
    """
    if mode != "constant":
        raise ValueError(f"tinytensor's pad supports mode='constant' only, not {mode!r}")
    cdef Tensor t = asarray(x)
    pw = pad_width
    if isinstance(pw, int):
        pw = [(pw, pw)] * t._ndim
    else:
        pw = [tuple(p) if isinstance(p, (tuple, list)) else (p, p) for p in pw]
        if len(pw) == 1:
            pw = pw * t._ndim
        if len(pw) == 2 and t._ndim != 2 and all_ints(pad_width):
            pw = [tuple(pad_width)] * t._ndim
    if len(pw) != t._ndim:
        raise ValueError(f"pad_width has {len(pw)} entries for an array of {t._ndim} dimensions")
    pw = [(operator.index(before), operator.index(after)) for before, after in pw]
    for before, after in pw:
        if before < 0 or after < 0:
            raise ValueError("index can't contain negative values")
    cdef bint rec = _needs_grad(t) and _gate(OP_PAD)
    out = full([s + b + a for s, (b, a) in zip(t.shape, pw)], constant_values, dtype=t.dtype)
    inner = tuple([slice(b, b + s) for s, (b, a) in zip(t.shape, pw)])
    _copy_into(_getitem(out, inner), t)
    if rec:
        _record(OP_PAD, out, (t,), {"pad_width": pw})
    return out


cdef bint all_ints(object seq):
    for v in seq:
        if not isinstance(v, int):
            return False
    return True


def meshgrid(*xi, indexing="xy"):
    r"""Coordinate tensors from 1-D coordinate vectors (NumPy's meshgrid; copies, not views).

    For two vectors ``x`` (length n) and ``y`` (length m) with ``indexing="xy"``::

        X[j, i] = x[i];  Y[j, i] = y[j]          # both of shape (m, n)

    and with ``indexing="ij"``: ``X[i, j] = x[i]``, ``Y[i, j] = y[j]``, shape (n, m).

    Parameters
    ----------
    \*xi : Tensor or array_like
        The coordinate vectors (each is flattened).
    indexing : {"xy", "ij"}, default "xy"
        Keyword only. "xy" is Cartesian (the first two output axes swapped), "ij" matrix
        indexing.

    Returns
    -------
    list of Tensor
        One tensor per input, each of the full grid shape.

    Raises
    ------
    ValueError
        If `indexing` is neither "xy" nor "ij".

    Notes
    -----
    Differentiable.

    Examples
    --------
    >>> X, Y = tt.meshgrid(tt.tensor([1, 2, 3]), tt.tensor([4, 5]))
    >>> X
    tensor([[1, 2, 3],
            [1, 2, 3]])
    >>> Y
    tensor([[4, 4, 4],
            [5, 5, 5]])
    >>> [g.shape for g in tt.meshgrid(tt.tensor([1, 2, 3]), tt.tensor([4, 5]), indexing="ij")]
    [(3, 2), (3, 2)]
    """
    if indexing not in ("xy", "ij"):
        raise ValueError("Valid values for `indexing` are 'xy' and 'ij'.")
    vecs = [asarray(v).reshape(-1) for v in xi]
    n = len(vecs)
    shapes = [v.shape[0] for v in vecs]
    if indexing == "xy" and n >= 2:
        shapes[0], shapes[1] = shapes[1], shapes[0]
    out = []
    for i, v in enumerate(vecs):
        pos = i
        if indexing == "xy" and n >= 2 and i < 2:
            pos = 1 - i
        s = [1] * n
        s[pos] = v.shape[0]
        out.append(broadcast_to(v.reshape(s), shapes).copy())
    return out


def take(x, indices, axis=None):
    """Elements of `x` at the given indices along `axis` (of the flattened `x` when None).

    For ``axis=None``::

        out[j] = x.ravel()[indices[j]]

    and along an axis k: ``out[..., j, ...] = x[..., indices[j], ...]``.

    Parameters
    ----------
    x : Tensor or array_like
        The input.
    indices : int or sequence of int or Tensor
        Integer indices (negative counts from the end).
    axis : int, optional
        The axis to index; None (the default) indexes the flattened `x`.

    Returns
    -------
    Tensor
        A new tensor, `x`'s dtype; the axis is replaced by the indices' shape.

    Raises
    ------
    IndexError
        If an index is out of range.
    AxisError
        If `axis` is out of range.

    Notes
    -----
    Differentiable (a recorded indexing).

    See Also
    --------
    tinytensor.take_along_axis

    Examples
    --------
    >>> tt.take(tt.tensor([10, 20, 30]), tt.tensor([2, 0]))
    tensor([30, 10])
    >>> tt.take(tt.tensor([[1, 2], [3, 4]]), [1], axis=1)
    tensor([[2],
            [4]])
    >>> tt.take(tt.tensor([10, 20, 30]), 5)
    Traceback (most recent call last):
        ...
    IndexError: index 5 is out of bounds for axis 0 with size 3
    """
    cdef Tensor t = asarray(x)
    if axis is None:
        return t.reshape(-1)[indices]
    if _zero_d_int_axis(axis, t._ndim):
        t, axis = _reshape(t, (1,)), 0        # a 0-d input is taken from as 1-d (NumPy)
    ax = _normalize_axis(axis, t._ndim)
    return t[(slice(None),) * ax + (asarray(indices),)]


def take_along_axis(arr, indices, axis=-1):
    """Values of `arr` picked along `axis` by an index tensor of the same number of dimensions.

    For a 2-D `arr` and axis 1 (in general the indices replace the index along `axis`, the
    other indices broadcast)::

        out[i, j] = arr[i, indices[i, j]]

    Parameters
    ----------
    arr : Tensor or array_like
        The input.
    indices : Tensor or array_like
        Integer indices, ``arr.ndim`` dimensions, broadcastable against `arr` except along
        `axis` (e.g. the result of ``argsort`` or of ``argmax(..., keepdims=True)``).
    axis : int or None, default -1
        The axis to pick along (the array API's default); None works on the flattened `arr`,
        as NumPy's.

    Returns
    -------
    Tensor
        A new tensor, `arr`'s dtype, the broadcast shape of `arr` (with `indices`' length
        along `axis`) and `indices`.

    Raises
    ------
    ValueError
        If `indices` and `arr` differ in the number of dimensions.
    IndexError
        If `indices` is not of an integer dtype or an index is out of range.
    AxisError
        If `axis` is out of range.

    Notes
    -----
    Differentiable (a recorded indexing).

    See Also
    --------
    tinytensor.take, tinytensor.argsort

    Examples
    --------
    >>> x = tt.tensor([[3, 1, 2], [9, 7, 8]])
    >>> tt.take_along_axis(x, tt.tensor([[1], [0]]), axis=1)
    tensor([[1],
            [9]])
    >>> tt.take_along_axis(x, tt.argsort(x, axis=1), axis=1)
    tensor([[1, 2, 3],
            [7, 8, 9]])
    """
    cdef Tensor t = asarray(arr)
    cdef Tensor idx = asarray(indices)
    if axis is None:
        t = t.reshape(-1)
        axis = 0
    ax = _normalize_axis(axis, t._ndim)
    if idx._ndim != t._ndim:
        raise ValueError("`indices` and `arr` must have the same number of dimensions")
    if not _is_int(idx._dtype):
        raise IndexError("`indices` must be an integer array")
    key = []
    for d in range(t._ndim):
        if d == ax:
            key.append(idx)
        else:
            shape = [1] * t._ndim
            shape[d] = t._shape[d]
            key.append(arange(t._shape[d]).reshape(shape))
    return t[tuple(key)]


def one_hot(labels, num_classes, dtype=float32):
    """One-hot rows of integer class labels: ``out[..., labels[...]] = 1``, zeros elsewhere.

    ::

        out = zeros(labels.shape + (num_classes,))
        for i in ndindex(labels.shape):
            out[i + (labels[i],)] = 1

    Parameters
    ----------
    labels : Tensor or array_like
        Integer class labels in ``[0, num_classes)``, any shape.
    num_classes : int
        The number of classes (the length of the new last axis).
    dtype : dtype, default float32
        The dtype of the result.

    Returns
    -------
    Tensor
        Shape ``labels.shape + (num_classes,)``.

    Raises
    ------
    TypeError
        If `labels` is not of an integer dtype.
    IndexError
        If a label is negative or not below `num_classes` (checked before anything is
        written).

    Notes
    -----
    Not differentiable by nature (integer input). Unlike PyTorch's ``one_hot``,
    `num_classes` is required and the default dtype is float32 (Keras's ``to_categorical``).

    Examples
    --------
    >>> tt.one_hot(tt.tensor([0, 2, 1]), 3)
    tensor([[1., 0., 0.],
            [0., 0., 1.],
            [0., 1., 0.]], dtype=float32)
    >>> tt.one_hot(tt.tensor([[0, 1]]), 2, dtype=tt.int64)
    tensor([[[1, 0],
             [0, 1]]])
    >>> tt.one_hot(tt.tensor([3]), 3)
    Traceback (most recent call last):
        ...
    IndexError: label 3 is out of range for 3 classes
    """
    cdef Tensor lab = asarray(labels)
    if not _is_int(lab._dtype):
        raise TypeError("one_hot expects integer class labels")
    num_classes = operator.index(num_classes)
    flat = _cast(lab.reshape(-1), TT_INT64)
    cdef Tensor out = zeros((flat._size, num_classes), dtype=dtype)
    cdef int64_t *p = <int64_t *>flat.data
    cdef int64_t one, classes = num_classes
    cdef Py_ssize_t bad                 # the check and the fill are C loops (csrc/create.c)
    with nogil:
        bad = tt_labels_check(p, 0, flat._size, classes)
    if bad >= 0:
        raise IndexError(f"label {p[bad]} is out of range for {num_classes} classes")
    _store_scalar(<char *>&one, out._dtype, 1)
    with nogil:
        tt_one_hot_fill(out.data, out._strides[0], out._strides[1], p, 0, flat._size, &one, out._itemsize)
    return out.reshape(lab.shape + (num_classes,))
