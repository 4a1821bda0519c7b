# ---- reductions ------------------------------------------------------------------------

cdef str _reduce_name(int op):
    return ("sum", "prod", "maximum", "minimum", "any", "all")[op]


cdef Tensor _reduce(int op, object x, object axis, bint keepdims, Tensor initial=None):
    """Reduces x over `axis` with one of csrc/reduce.c's loops.

        out = identity; for idx in ndindex(x.shape): out[idx without the axes] (+)= x[idx]

    The output is made in keepdims form (size 1 along reduced axes), which the broadcasting in
    _execute turns into stride 0: every element of a reduced run lands on one accumulator.
    """
    cdef Tensor t = x if isinstance(x, Tensor) else asarray(x)
    cdef list axes = [] if _zero_d_int_axis(axis, t._ndim) else _normalize_axes(axis, t._ndim)
    cdef Py_ssize_t kshape[TT_MAXDIM]
    cdef Py_ssize_t first_strides[TT_MAXDIM]
    cdef Py_ssize_t count = 1
    cdef int i, odt
    cdef Operand ops[2]
    cdef Tensor out, first
    if op == TT_RED_ANY or op == TT_RED_ALL:
        if t._dtype != TT_BOOL:
            t = _cast(t, TT_BOOL)
    odt = tt_reduce_out_dtype(op, t._dtype)
    for i in range(t._ndim):
        kshape[i] = 1 if i in axes else t._shape[i]
        if i in axes:
            count *= t._shape[i]
    out = _empty(t._ndim, kshape, odt)
    if op == TT_RED_MAX or op == TT_RED_MIN:
        if count == 0:       # an empty run has no first element (even when the result is empty)
            raise ValueError(f"zero-size array to reduction operation {_reduce_name(op)} which has no identity")
        # start from the first element of every reduced run
        for i in range(t._ndim):
            first_strides[i] = t._strides[i]
        if out._size:
            first = _view(t, t._ndim, kshape, first_strides, t.data)
            _copy_into(out, first)
    else:
        _fill_identity(out, op)
    if t._size:
        ops[0] = _operand(out)
        ops[1] = _operand(t)
        _execute(tt_reduce_loop(op, t._dtype), NULL, t._ndim, t._shape, ops, 2, 1, False,
                 tt_reduce_loop(op, odt), out._itemsize)
    if keepdims:
        return out
    cdef Py_ssize_t oshape[TT_MAXDIM]
    cdef int n = 0
    for i in range(t._ndim):
        if i not in axes:
            oshape[n] = t._shape[i]
            n += 1
    return out.reshape(tuple([oshape[i] for i in range(n)]))


cdef int _fill_identity(Tensor out, int op) except -1:
    if op == TT_RED_PROD or op == TT_RED_ALL:
        _copy_into(out, 1 if op == TT_RED_PROD else True)
    else:
        memset(out.data, 0, out._size * out._itemsize)
    return 0


cdef Tensor _argreduce(bint is_min, object x, object axis, bint keepdims):
    """Index of the first maximum (minimum) along one axis; NaN wins, as in NumPy."""
    cdef Tensor t = x if isinstance(x, Tensor) else asarray(x)
    cdef int ax, i, n = 0
    cdef Py_ssize_t oshape[TT_MAXDIM]
    cdef Py_ssize_t ostrides[TT_MAXDIM]
    cdef tt_arg_ctx ctx
    cdef Operand ops[2]
    cdef Tensor out, rest
    name = "argmin" if is_min else "argmax"
    if axis is None:
        if t._size == 0:
            raise ValueError(f"attempt to get {name} of an empty sequence")
        res = _argreduce(is_min, _reshape(t, (-1,)), 0, False)
        if keepdims:
            return res.reshape((1,) * t._ndim)
        return res
    if _zero_d_int_axis(axis, t._ndim):      # a 0-d input: its one element is at index 0
        return zeros((), dtype=int64)
    ax = _normalize_axis(axis, t._ndim)
    if t._shape[ax] == 0:
        raise ValueError(f"attempt to get {name} of an empty sequence")
    for i in range(t._ndim):
        if i != ax:
            oshape[n] = t._shape[i]
            ostrides[n] = t._strides[i]
            n += 1
    out = _empty(n, oshape, TT_INT64)
    cdef int rc
    if n == 1 and t._shape[ax] > 1 and (t._strides[ax] if t._strides[ax] > 0 else -t._strides[ax]) > \
            (ostrides[0] if ostrides[0] > 0 else -ostrides[0]):
        # the reduced axis is the outer one in memory: keep a running best per column
        with nogil:
            rc = tt_argreduce_rows(is_min, t._dtype, t.data, t._shape[ax], oshape[0], t._strides[ax],
                                   ostrides[0], <int64_t *>out.data)
        if rc == TT_ERR_NOMEM:
            raise MemoryError(f"out of memory in {name}")
        if keepdims:
            return out.reshape(tuple([1 if i == ax else t._shape[i] for i in range(t._ndim)]))
        return out
    rest = _view(t, n, oshape, ostrides, t.data)
    ctx.len = t._shape[ax]
    ctx.stride = t._strides[ax]
    ops[0] = _operand(out)
    ops[1] = _operand(rest)
    _execute(tt_argreduce_loop(is_min, t._dtype), &ctx, n, oshape, ops, 2, 0, True)
    if keepdims:
        return out.reshape(tuple([1 if i == ax else t._shape[i] for i in range(t._ndim)]))
    return out


cdef object _reduction_op(int op, int kernel, object x, object axis, bint keepdims):
    """A reduction's public path: gate, compute, record (the axes and keepdims go with it)."""
    cdef bint rec = _needs_grad(x) and _gate(op)
    out = _reduce(kernel, x, axis, keepdims)
    if rec:
        _record(op, out, (x,), {"axis": axis, "keepdims": keepdims})
    return out


cdef object _in_dtype(object x, object dtype):
    """x converted to a reduction's dtype= before reducing (so float32 data sums in float64
    when asked, as NumPy); the conversion is recorded like any astype."""
    cdef Tensor t = x if isinstance(x, Tensor) else asarray(x)
    return t.astype(dtype, copy=False)


def sum(x, axis=None, dtype=None, keepdims=False, *, dim=None, keepdim=None):
    """Sum of the elements of `x` over `axis` (all of them by default).

    What it computes, for each output element (the C loop adds floats pairwise, in a balanced
    tree, so float32 sums stay accurate)::

        total = 0
        for v in x[reduced run]:
            total += v

    Parameters
    ----------
    x : Tensor or array_like
        The input.
    axis : int or tuple of int, optional
        The axis or axes to reduce; None (the default) reduces all of them. Negative values
        count from the last axis.
    dtype : dtype, optional
        Convert `x` to this dtype first: the sum accumulates in it, and the result has it.
    keepdims : bool, default False
        Keep the reduced axes in the result with length 1, so it broadcasts against `x`.
    dim : int or tuple of int, optional
        PyTorch's name for `axis` (keyword only); give one of `axis` and `dim`.
    keepdim : bool, optional
        PyTorch's name for `keepdims` (keyword only); when given it wins over `keepdims`.

    Returns
    -------
    Tensor
        The sums: `x`'s shape without the reduced axes (length 1 with `keepdims`), a 0-d tensor
        when every axis is reduced. The dtype is `dtype` when given, else NumPy's rule: bool and
        signed integers sum in int64, unsigned ones in uint64, floats in their own dtype.

    Raises
    ------
    AxisError
        If an axis is out of range for `x` (AxisError is both a ValueError and an IndexError).
    TypeError
        If both `axis` and `dim` are given.

    Notes
    -----
    Differentiable: the gradient broadcasts the output gradient back over the reduced axes.
    The sum of no elements is 0.

    See Also
    --------
    tinytensor.prod, tinytensor.mean, tinytensor.cumulative_sum

    Examples
    --------
    >>> x = tt.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
    >>> tt.sum(x)
    tensor(21.)
    >>> tt.sum(x, axis=0)
    tensor([5., 7., 9.])
    >>> tt.sum(x, axis=1, keepdims=True)
    tensor([[ 6.],
            [15.]])
    >>> tt.sum(tt.tensor([1, 2, 3], dtype=tt.int8)).dtype
    dtype('int64')
    """
    if dtype is not None:
        x = _in_dtype(x, dtype)
    res = _reduction_op(OP_SUM, TT_RED_SUM, x, _axis_arg(axis, dim), _keep_arg(keepdims, keepdim))
    return res if dtype is None or res.dtype == dtype else res.astype(dtype)


def prod(x, axis=None, dtype=None, keepdims=False, *, dim=None, keepdim=None):
    """Product of the elements of `x` over `axis` (all of them by default).

    For each output element::

        total = 1
        for v in x[reduced run]:
            total *= v

    Parameters
    ----------
    x : Tensor or array_like
        The input.
    axis : int or tuple of int, optional
        The axis or axes to reduce; None (the default) reduces all of them. Negative values
        count from the last axis.
    dtype : dtype, optional
        Convert `x` to this dtype first: the product accumulates in it, and the result has it
        (as in `tinytensor.sum`).
    keepdims : bool, default False
        Keep the reduced axes in the result with length 1, so it broadcasts against `x`.
    dim : int or tuple of int, optional
        PyTorch's name for `axis` (keyword only); give one of `axis` and `dim`.
    keepdim : bool, optional
        PyTorch's name for `keepdims` (keyword only); when given it wins over `keepdims`.

    Returns
    -------
    Tensor
        The products, `x`'s shape without the reduced axes (length 1 with `keepdims`). The dtype
        follows `tinytensor.sum`'s rule (bool and signed integers in int64, unsigned in uint64,
        floats in their own dtype) unless `dtype` is given. Integer products wrap on overflow,
        as NumPy's.

    Raises
    ------
    AxisError
        If an axis is out of range for `x` (AxisError is both a ValueError and an IndexError).
    TypeError
        If both `axis` and `dim` are given.

    Notes
    -----
    Differentiable. The product of no elements is 1.

    See Also
    --------
    tinytensor.sum, tinytensor.cumulative_prod

    Examples
    --------
    >>> x = tt.tensor([[1, 2], [3, 4]])
    >>> tt.prod(x)
    tensor(24)
    >>> tt.prod(x, axis=1)
    tensor([ 2, 12])
    >>> tt.prod(tt.tensor([], dtype=tt.float32))
    tensor(1., dtype=float32)
    """
    if dtype is not None:
        x = _in_dtype(x, dtype)
    res = _reduction_op(OP_PROD, TT_RED_PROD, x, _axis_arg(axis, dim), _keep_arg(keepdims, keepdim))
    return res if dtype is None or res.dtype == dtype else res.astype(dtype)


def max(x, axis=None, keepdims=False, *, dim=None, keepdim=None):
    """Largest element of `x` over `axis` (all of them by default); NaN propagates.

    For each output element::

        best = first element of the reduced run
        for v in the rest of the run:
            best = v if (v > best or v is NaN) else best

    Parameters
    ----------
    x : Tensor or array_like
        The input.
    axis : int or tuple of int, optional
        The axis or axes to reduce; None (the default) reduces all of them. Negative values
        count from the last axis.
    keepdims : bool, default False
        Keep the reduced axes in the result with length 1, so it broadcasts against `x`.
    dim : int or tuple of int, optional
        PyTorch's name for `axis` (keyword only); give one of `axis` and `dim`.
    keepdim : bool, optional
        PyTorch's name for `keepdims` (keyword only); when given it wins over `keepdims`.

    Returns
    -------
    Tensor
        The maxima, `x`'s dtype, `x`'s shape without the reduced axes (length 1 with
        `keepdims`).

    Raises
    ------
    ValueError
        If a reduced run is empty (the maximum of no elements has no identity), even when
        the result itself would be empty.
    AxisError
        If an axis is out of range for `x` (AxisError is both a ValueError and an IndexError).
    TypeError
        If both `axis` and `dim` are given.

    Notes
    -----
    ``tinytensor.amax`` is the same function. Differentiable: the gradient goes to the
    maximal element of each run (shared equally among tied maxima).

    See Also
    --------
    tinytensor.min, tinytensor.argmax, tinytensor.maximum

    Examples
    --------
    >>> x = tt.tensor([[1.0, 5.0], [3.0, 2.0]])
    >>> tt.max(x)
    tensor(5.)
    >>> tt.max(x, axis=0)
    tensor([3., 5.])
    >>> tt.max(tt.tensor([1.0, float("nan"), 3.0]))
    tensor(nan)
    >>> tt.max(tt.zeros((0, 2)), axis=0)
    Traceback (most recent call last):
        ...
    ValueError: zero-size array to reduction operation maximum which has no identity
    """
    return _reduction_op(OP_MAX, TT_RED_MAX, x, _axis_arg(axis, dim), _keep_arg(keepdims, keepdim))
amax = max


def min(x, axis=None, keepdims=False, *, dim=None, keepdim=None):
    """Smallest element of `x` over `axis` (all of them by default); NaN propagates.

    For each output element::

        best = first element of the reduced run
        for v in the rest of the run:
            best = v if (v < best or v is NaN) else best

    Parameters
    ----------
    x : Tensor or array_like
        The input.
    axis : int or tuple of int, optional
        The axis or axes to reduce; None (the default) reduces all of them. Negative values
        count from the last axis.
    keepdims : bool, default False
        Keep the reduced axes in the result with length 1, so it broadcasts against `x`.
    dim : int or tuple of int, optional
        PyTorch's name for `axis` (keyword only); give one of `axis` and `dim`.
    keepdim : bool, optional
        PyTorch's name for `keepdims` (keyword only); when given it wins over `keepdims`.

    Returns
    -------
    Tensor
        The minima, `x`'s dtype, `x`'s shape without the reduced axes (length 1 with
        `keepdims`).

    Raises
    ------
    ValueError
        If a reduced run is empty (the minimum of no elements has no identity).
    AxisError
        If an axis is out of range for `x` (AxisError is both a ValueError and an IndexError).
    TypeError
        If both `axis` and `dim` are given.

    Notes
    -----
    ``tinytensor.amin`` is the same function. Differentiable: the gradient goes to the
    minimal element of each run (shared equally among tied minima).

    See Also
    --------
    tinytensor.max, tinytensor.argmin, tinytensor.minimum

    Examples
    --------
    >>> x = tt.tensor([[1.0, 5.0], [3.0, 2.0]])
    >>> tt.min(x)
    tensor(1.)
    >>> tt.min(x, dim=1, keepdim=True)
    tensor([[1.],
            [2.]])
    """
    return _reduction_op(OP_MIN, TT_RED_MIN, x, _axis_arg(axis, dim), _keep_arg(keepdims, keepdim))
amin = min


def any(x, axis=None, keepdims=False, *, dim=None, keepdim=None):
    """Whether some element of `x` over `axis` is true (non-zero; NaN counts as true).

    For each output element::

        out = False
        for v in x[reduced run]:
            out = out or bool(v)

    Parameters
    ----------
    x : Tensor or array_like
        The input, any dtype (converted to bool first).
    axis : int or tuple of int, optional
        The axis or axes to reduce; None (the default) reduces all of them. Negative values
        count from the last axis.
    keepdims : bool, default False
        Keep the reduced axes in the result with length 1, so it broadcasts against `x`.
    dim : int or tuple of int, optional
        PyTorch's name for `axis` (keyword only); give one of `axis` and `dim`.
    keepdim : bool, optional
        PyTorch's name for `keepdims` (keyword only); when given it wins over `keepdims`.

    Returns
    -------
    Tensor
        bool, `x`'s shape without the reduced axes (length 1 with `keepdims`). Of no elements:
        False.

    Raises
    ------
    AxisError
        If an axis is out of range for `x` (AxisError is both a ValueError and an IndexError).
    TypeError
        If both `axis` and `dim` are given.

    Notes
    -----
    A bool result: no gradient flows through it (not recorded by autograd).

    See Also
    --------
    tinytensor.all

    Examples
    --------
    >>> x = tt.tensor([[0, 0], [0, 3]])
    >>> tt.any(x)
    tensor(True)
    >>> tt.any(x, axis=1)
    tensor([False,  True])
    """
    return _reduce(TT_RED_ANY, x, _axis_arg(axis, dim), _keep_arg(keepdims, keepdim))


def all(x, axis=None, keepdims=False, *, dim=None, keepdim=None):
    """Whether every element of `x` over `axis` is true (non-zero; NaN counts as true).

    For each output element::

        out = True
        for v in x[reduced run]:
            out = out and bool(v)

    Parameters
    ----------
    x : Tensor or array_like
        The input, any dtype (converted to bool first).
    axis : int or tuple of int, optional
        The axis or axes to reduce; None (the default) reduces all of them. Negative values
        count from the last axis.
    keepdims : bool, default False
        Keep the reduced axes in the result with length 1, so it broadcasts against `x`.
    dim : int or tuple of int, optional
        PyTorch's name for `axis` (keyword only); give one of `axis` and `dim`.
    keepdim : bool, optional
        PyTorch's name for `keepdims` (keyword only); when given it wins over `keepdims`.

    Returns
    -------
    Tensor
        bool, `x`'s shape without the reduced axes (length 1 with `keepdims`). Of no elements:
        True.

    Raises
    ------
    AxisError
        If an axis is out of range for `x` (AxisError is both a ValueError and an IndexError).
    TypeError
        If both `axis` and `dim` are given.

    Notes
    -----
    A bool result: no gradient flows through it (not recorded by autograd).

    See Also
    --------
    tinytensor.any

    Examples
    --------
    >>> x = tt.tensor([[1, 2], [0, 3]])
    >>> tt.all(x)
    tensor(False)
    >>> tt.all(x, axis=0)
    tensor([False,  True])
    >>> tt.all(tt.zeros((0,)))
    tensor(True)
    """
    return _reduce(TT_RED_ALL, x, _axis_arg(axis, dim), _keep_arg(keepdims, keepdim))


def argmax(x, axis=None, keepdims=False, *, dim=None, keepdim=None):
    """Index of the first maximum of `x` along `axis` (of the flattened `x` when None).

    NaN wins, as in NumPy (the index of the first NaN). For each row along the axis::

        best = 0
        for i in range(1, n):
            if x[i] > x[best] or (x[i] is NaN and x[best] is not NaN):
                best = i
        out = best

    Parameters
    ----------
    x : Tensor or array_like
        The input.
    axis : int, optional
        The axis to search along; None (the default) searches the flattened tensor.
    keepdims : bool, default False
        Keep the reduced axes in the result with length 1, so it broadcasts against `x`
        (with axis None: every axis).
    dim : int, optional
        PyTorch's name for `axis` (keyword only); give one of `axis` and `dim`.
    keepdim : bool, optional
        PyTorch's name for `keepdims` (keyword only); when given it wins over `keepdims`.

    Returns
    -------
    Tensor
        int64 indices, `x`'s shape without `axis` (a 0-d tensor when axis is None; length 1
        along the axis, or along every axis when axis is None, with `keepdims`).

    Raises
    ------
    ValueError
        If the searched axis (or `x`, with axis None) is empty.
    AxisError
        If an axis is out of range for `x` (AxisError is both a ValueError and an IndexError).
    TypeError
        If both `axis` and `dim` are given.

    Notes
    -----
    Integer indices: no gradient (not recorded by autograd).

    See Also
    --------
    tinytensor.max, tinytensor.argsort

    Examples
    --------
    >>> x = tt.tensor([[3.0, 7.0, 7.0], [9.0, 1.0, 4.0]])
    >>> tt.argmax(x)
    tensor(3)
    >>> tt.argmax(x, axis=1)
    tensor([1, 0])
    >>> tt.argmax(x, axis=0, keepdims=True)
    tensor([[1, 0, 0]])
    """
    return _argreduce(False, x, _axis_arg(axis, dim), _keep_arg(keepdims, keepdim))


def argmin(x, axis=None, keepdims=False, *, dim=None, keepdim=None):
    """Index of the first minimum of `x` along `axis` (of the flattened `x` when None).

    NaN wins, as in NumPy (the index of the first NaN). For each row along the axis::

        best = 0
        for i in range(1, n):
            if x[i] < x[best] or (x[i] is NaN and x[best] is not NaN):
                best = i
        out = best

    Parameters
    ----------
    x : Tensor or array_like
        The input.
    axis : int, optional
        The axis to search along; None (the default) searches the flattened tensor.
    keepdims : bool, default False
        Keep the reduced axes in the result with length 1, so it broadcasts against `x`
        (with axis None: every axis).
    dim : int, optional
        PyTorch's name for `axis` (keyword only); give one of `axis` and `dim`.
    keepdim : bool, optional
        PyTorch's name for `keepdims` (keyword only); when given it wins over `keepdims`.

    Returns
    -------
    Tensor
        int64 indices, `x`'s shape without `axis` (a 0-d tensor when axis is None; length 1
        along the axis, or along every axis when axis is None, with `keepdims`).

    Raises
    ------
    ValueError
        If the searched axis (or `x`, with axis None) is empty.
    AxisError
        If an axis is out of range for `x` (AxisError is both a ValueError and an IndexError).
    TypeError
        If both `axis` and `dim` are given.

    Notes
    -----
    Integer indices: no gradient (not recorded by autograd).

    See Also
    --------
    tinytensor.min, tinytensor.argsort

    Examples
    --------
    >>> x = tt.tensor([[3.0, 7.0, 7.0], [9.0, 1.0, 4.0]])
    >>> tt.argmin(x)
    tensor(4)
    >>> tt.argmin(x, axis=1)
    tensor([0, 1])
    >>> tt.argmin(x, axis=0, keepdims=True)
    tensor([[0, 1, 1]])
    """
    return _argreduce(True, x, _axis_arg(axis, dim), _keep_arg(keepdims, keepdim))


cdef Py_ssize_t _reduced_count(Tensor t, object axis) except -1:
    cdef Py_ssize_t n = 1
    for a in _normalize_axes(axis, t._ndim):
        n *= t._shape[a]
    return n


def mean(x, axis=None, keepdims=False, *, dtype=None, dim=None, keepdim=None):
    """Arithmetic mean of `x` over `axis`: its sum divided by the number of elements reduced.

    For each output element::

        out = sum(x[reduced run]) / len(run)      # NaN when the run is empty

    Parameters
    ----------
    x : Tensor or array_like
        The input.
    axis : int or tuple of int, optional
        The axis or axes to reduce; None (the default) reduces all of them. Negative values
        count from the last axis.
    keepdims : bool, default False
        Keep the reduced axes in the result with length 1.
    dtype : dtype, optional
        A dtype to convert `x` to first (keyword only), so float32 data can average in
        float64; an integer dtype gives NumPy's result: the mean truncated to that dtype.
    dim : int or tuple of int, optional
        PyTorch's name for `axis` (keyword only); give one of `axis` and `dim`.
    keepdim : bool, optional
        PyTorch's name for `keepdims` (keyword only); when given it wins over `keepdims`.

    Returns
    -------
    Tensor
        The means, `x`'s shape without the reduced axes. Float inputs keep their dtype
        (float16 accumulates in float32 and is rounded at the end, as NumPy); integer and bool
        inputs average in float64.

    Raises
    ------
    AxisError
        If an axis is out of range for `x` (AxisError is both a ValueError and an IndexError).
    TypeError
        If both `axis` and `dim` are given.

    Notes
    -----
    Differentiable: each element of a run gets the output gradient divided by the run length.

    See Also
    --------
    tinytensor.sum, tinytensor.var, tinytensor.median

    Examples
    --------
    >>> x = tt.tensor([[1, 2], [3, 4]])
    >>> tt.mean(x)
    tensor(2.5)
    >>> tt.mean(x, axis=0)
    tensor([2., 3.])
    >>> tt.mean(tt.tensor([1.0, 2.0], dtype=tt.float32), dtype=tt.float64).dtype
    dtype('float64')
    """
    axis = _axis_arg(axis, dim)
    keepdims = _keep_arg(keepdims, keepdim)
    if dtype is not None:
        x = _in_dtype(x, dtype)
    cdef bint rec = _needs_grad(x) and _gate(OP_MEAN)
    cdef Tensor t = asarray(x)
    cdef Py_ssize_t n = _reduced_count(t, axis)
    cdef int odt = t._dtype if _is_float(t._dtype) else TT_FLOAT64
    if odt != TT_FLOAT64 and odt != TT_FLOAT32:
        t = _cast(t, TT_FLOAT32)    # float16 averages in float32, as NumPy
    elif not _is_float(t._dtype):
        t = _cast(t, TT_FLOAT64)    # integers in float64, as NumPy: an int64 sum could wrap
    s = _reduce(TT_RED_SUM, t, axis, keepdims)
    out = _binary(OP_DIVIDE, s, n if n else float("nan"))
    if (<Tensor>out)._dtype != odt:
        out = _cast(out, odt)
    if rec:
        _record(OP_MEAN, out, (x,), {"axis": axis, "keepdims": keepdims})
    elif dtype is not None and not _is_float(_dtype_num(dtype)):
        out = _cast(out, _dtype_num(dtype))     # an integer dtype=: NumPy's truncated mean
    return out


cdef object _correction_arg(object ddof, object correction):
    """ddof= (NumPy) or correction= (the array API), not both; 0 by default."""
    if correction is None:
        return 0 if ddof is None else ddof
    if ddof is not None:
        raise ValueError("ddof and correction can't be provided simultaneously.")
    return correction


def var(x, axis=None, ddof=None, keepdims=False, *, correction=None, dim=None, keepdim=None):
    """Variance of `x` over `axis`, built from recorded ops (so it is differentiable).

    Computed as::

        m = mean(x, axis, keepdims=True)
        out = sum((x - m) ** 2, axis) / max(n - correction, 0)     # n: elements per run

    Parameters
    ----------
    x : Tensor or array_like
        The input.
    axis : int or tuple of int, optional
        The axis or axes to reduce; None (the default) reduces all of them. Negative values
        count from the last axis.
    ddof : int or float, optional
        NumPy's "delta degrees of freedom": the divisor is ``n - ddof``. 0 by default (the
        population statistic); 1 gives the sample statistic.
    keepdims : bool, default False
        Keep the reduced axes in the result with length 1.
    correction : int or float, optional
        The array API's (and PyTorch's) name for `ddof` (keyword only); give one of them.
    dim : int or tuple of int, optional
        PyTorch's name for `axis` (keyword only); give one of `axis` and `dim`.
    keepdim : bool, optional
        PyTorch's name for `keepdims` (keyword only); when given it wins over `keepdims`.

    Returns
    -------
    Tensor
        The variances, `x`'s shape without the reduced axes. Float inputs keep their dtype
        (float16 computes in float32 and is rounded once at the end, as NumPy); integer and
        bool inputs give float64. ``n - correction <= 0`` gives inf or NaN, as NumPy (without
        its warning).

    Raises
    ------
    ValueError
        If both `ddof` and `correction` are given.
    AxisError
        If an axis is out of range for `x` (AxisError is both a ValueError and an IndexError).
    TypeError
        If both `axis` and `dim` are given.

    See Also
    --------
    tinytensor.std, tinytensor.mean

    Examples
    --------
    >>> x = tt.tensor([1.0, 2.0, 3.0, 4.0])
    >>> tt.var(x)
    tensor(1.25)
    >>> tt.var(x, ddof=1)
    tensor(1.66666667)
    >>> tt.var(tt.tensor([[1, 3], [5, 9]]), axis=1, correction=1)
    tensor([2., 8.])
    """
    axis = _axis_arg(axis, dim)
    keepdims = _keep_arg(keepdims, keepdim)
    ddof = _correction_arg(ddof, correction)
    t = asarray(x) if not isinstance(x, Tensor) else x
    cdef int dt = (<Tensor>t)._dtype
    if not _is_float(dt):
        t = t.astype(float64)
    elif dt == TT_FLOAT16:
        t = t.astype(float32)           # float16 in float32, as NumPy, rounded once at the end
    n = _reduced_count(t, axis)
    centred = t - mean(t, axis, keepdims=True)
    out = sum(centred * centred, axis, keepdims=keepdims) / _builtins.max(n - ddof, 0)
    return out.astype(float16) if dt == TT_FLOAT16 else out


def std(x, axis=None, ddof=None, keepdims=False, *, correction=None, dim=None, keepdim=None):
    """Standard deviation of `x` over `axis`: ``sqrt(var(x, axis, ddof))``, built from recorded ops.

    Computed as::

        m = mean(x, axis, keepdims=True)
        out = sqrt(sum((x - m) ** 2, axis) / max(n - correction, 0))

    Parameters
    ----------
    x : Tensor or array_like
        The input.
    axis : int or tuple of int, optional
        The axis or axes to reduce; None (the default) reduces all of them. Negative values
        count from the last axis.
    ddof : int or float, optional
        NumPy's "delta degrees of freedom": the divisor is ``n - ddof``. 0 by default (the
        population statistic); 1 gives the sample statistic.
    keepdims : bool, default False
        Keep the reduced axes in the result with length 1.
    correction : int or float, optional
        The array API's (and PyTorch's) name for `ddof` (keyword only); give one of them.
    dim : int or tuple of int, optional
        PyTorch's name for `axis` (keyword only); give one of `axis` and `dim`.
    keepdim : bool, optional
        PyTorch's name for `keepdims` (keyword only); when given it wins over `keepdims`.

    Returns
    -------
    Tensor
        The standard deviations, with `tinytensor.var`'s shape and dtype rules.

    Raises
    ------
    ValueError
        If both `ddof` and `correction` are given.
    AxisError
        If an axis is out of range for `x` (AxisError is both a ValueError and an IndexError).
    TypeError
        If both `axis` and `dim` are given.

    Notes
    -----
    Differentiable (through `var` and `sqrt`); the gradient at a zero deviation is NaN, as the
    derivative of sqrt at 0 is infinite.

    See Also
    --------
    tinytensor.var

    Examples
    --------
    >>> x = tt.tensor([1.0, 2.0, 3.0, 4.0])
    >>> tt.std(x)
    tensor(1.11803399)
    >>> tt.std(x, correction=1)
    tensor(1.29099445)
    """
    return sqrt(var(x, _axis_arg(axis, dim), ddof=ddof, keepdims=_keep_arg(keepdims, keepdim),
                    correction=correction))
