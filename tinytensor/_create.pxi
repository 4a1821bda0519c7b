# ---- creating tensors ---------------------------------------------------------------------
#
# The fills that scale with the data (arange, linspace, eye) are C loops (csrc/create.c), run
# in chunks without the GIL and with a check for Ctrl-C between chunks.

from libc.math cimport floor as math_floor


cdef object _infer(object obj, list shape, int depth, list flat, list leaf_depth):
    """Walks nested lists: fills `shape` on the first path, checks every other path matches,
    collects the leaves in `flat`, and returns the widest scalar kind (0 bool, 1 int, 2 float)."""
    cdef int kind = -1, k
    cdef Tensor t
    if isinstance(obj, (list, tuple)):
        if depth >= TT_MAXDIM:      # checked before going deeper: a list nested 60000 deep is refused here
            raise ValueError(f"setting an array element with a sequence. The requested array would "
                             f"exceed the maximum number of dimensions of {TT_MAXDIM} (sequences nested "
                             f"deeper than {TT_MAXDIM} levels)")
        n = len(obj)
        if leaf_depth[0] is not None and depth >= leaf_depth[0]:
            raise ValueError("setting an array element with a sequence. The requested array has an "
                             f"inhomogeneous shape after {leaf_depth[0]} dimensions.")
        if depth == len(shape):
            shape.append(n)
        elif depth > len(shape) or shape[depth] != n:
            raise ValueError("setting an array element with a sequence. The requested array has an "
                             f"inhomogeneous shape after {depth} dimensions.")
        for item in obj:
            k = _infer(item, shape, depth + 1, flat, leaf_depth)
            if k > kind:
                kind = k
        if n == 0 and depth + 1 < len(shape):
            raise ValueError("setting an array element with a sequence. The requested array has an "
                             f"inhomogeneous shape after {depth} dimensions.")
        return kind if n else -1
    if depth < len(shape):
        raise ValueError("setting an array element with a sequence. The requested array has an "
                         f"inhomogeneous shape after {depth} dimensions.")
    if leaf_depth[0] is None:
        leaf_depth[0] = depth
    if isinstance(obj, Tensor):
        t = <Tensor>obj
        if t._ndim:
            raise ValueError("nested tensors inside lists must be 0-d")
        obj = t.item()
    k = _scalar_kind(obj)
    if k < 0:
        if hasattr(obj, "item") and getattr(obj, "ndim", 1) == 0:     # NumPy scalars
            obj = obj.item()
            k = _scalar_kind(obj)
        if k < 0 and hasattr(obj, "__float__") and not isinstance(obj, (str, bytes, complex)):
            obj = float(obj)
            k = 2
    if k < 0:
        raise TypeError(f"tinytensor holds numbers only; cannot convert {type(obj).__name__} "
                        f"{obj!r:.40} to a tensor element")
    flat.append(obj)
    return k


cdef Tensor _from_nested(object obj, object dtype):
    cdef list shape = []
    cdef list flat = []
    cdef Py_ssize_t cshape[TT_MAXDIM]
    cdef int kind, dt, i
    cdef Tensor t
    cdef char *p
    kind = _infer(obj, shape, 0, flat, [None])
    if dtype is not None:
        dt = _dtype_num(dtype)
    elif kind < 0:
        dt = TT_FLOAT64         # [] -> float64, as NumPy
    else:
        dt = (TT_BOOL, TT_INT64, TT_FLOAT64)[kind]
    for i in range(len(shape)):
        cshape[i] = shape[i]
    t = _empty(len(shape), cshape, dt)
    p = t.data
    if dt == TT_FLOAT64 and kind == 2:
        for v in flat:
            (<double *>p)[0] = v
            p += 8
    else:
        for v in flat:
            if dt != TT_FLOAT64 and dt != TT_FLOAT32 and isinstance(v, int) and not isinstance(v, bool) \
                    and dtype is None and not (-2**63 <= v < 2**63):
                raise OverflowError(f"Python int too large to convert to C long")
            _store_scalar(p, dt, v)
            p += t._itemsize
    return t


def asarray(obj, dtype=None, copy=None, *, device=None):
    """A tensor from `obj`, without copying when it can (NumPy's and the array API's asarray).

    A tensor of the right dtype is returned as it is, and a buffer-protocol object (a NumPy
    array, a memoryview, bytes) or a DLPack producer is shared, not copied. Nested lists and
    scalars are converted (bool, then int64, then float64: the widest kind present wins).

    Parameters
    ----------
    obj : Tensor, array_like, buffer or scalar
        The data. An array-like that cannot be shared (a NumPy array of a dtype tinytensor
        lacks, such as longdouble, or an object with ``__array__`` but no buffer) is converted
        by value, keeping its shape: floats become float64, integers int64, booleans bool
        (unless `dtype` says otherwise).
    dtype : dtype, optional
        The dtype of the result; by default the data's own (inferred for lists and scalars).
        A different dtype converts (a copy).
    copy : bool, optional
        None (the default): copy only when needed; True: always copy; False: never copy
        (raise instead).
    device : {None, "cpu", "cpu:0"}, optional
        Keyword only; tinytensor has only the CPU.

    Returns
    -------
    Tensor
        `obj` itself, a view of its memory, or a new tensor.

    Raises
    ------
    ValueError
        If `copy` is False but a copy is needed (a list, or a dtype conversion), the nesting is
        ragged, or `device` is not the CPU.
    TypeError
        If an element is not a number (a string, None, ...).
    OverflowError
        If a Python int does not fit the dtype.

    See Also
    --------
    tinytensor.tensor : always copies.

    Examples
    --------
    >>> x = tt.tensor([1.0, 2.0])
    >>> tt.asarray(x) is x
    True
    >>> tt.asarray([[1, 2], [3, 4]], dtype=tt.float32)
    tensor([[1., 2.],
            [3., 4.]], dtype=float32)
    >>> tt.asarray([1, 2.5, True])
    tensor([1. , 2.5, 1. ])
    >>> tt.asarray([1, 2], copy=False)
    Traceback (most recent call last):
        ...
    ValueError: Unable to avoid copy while creating a tensor from this object
    """
    cdef Tensor t
    _check_device(device)
    cdef int dt = -1 if dtype is None else _dtype_num(dtype)
    shape = None
    if isinstance(obj, Tensor):
        t = <Tensor>obj
    else:
        t = None
        if not isinstance(obj, (list, tuple, int, float, bool)):
            if hasattr(obj, "__dlpack__") and not PyObject_CheckBuffer(obj):
                t = from_dlpack(obj)
            else:
                t = _from_buffer(obj, False if copy is False else None) if PyObject_CheckBuffer(obj) else None
                if t is None and hasattr(obj, "__array__") and not isinstance(obj, type):
                    arr = obj.__array__()
                    if PyObject_CheckBuffer(arr):      # an array of a dtype tinytensor has keeps it
                        t = _from_buffer(arr, False if copy is False else None)
                if t is None and hasattr(obj, "__array__") and not isinstance(obj, type):
                    kind = getattr(getattr(arr, "dtype", None), "kind", None)
                    if dt < 0 and kind is not None:
                        dt = {"f": TT_FLOAT64, "i": TT_INT64, "u": TT_INT64, "b": TT_BOOL}.get(kind, -1)
                    shape = tuple(getattr(arr, "shape", ()))
                    obj = arr.tolist()
        if t is None:
            if copy is False:
                raise ValueError("Unable to avoid copy while creating a tensor from this object")
            t = _from_nested(obj, _DTYPES[dt] if dt >= 0 else None)
            if shape is not None and t.shape != shape:
                t = t.reshape(shape)        # an empty (0, 3) array's tolist() is [] alone
            return t
    if dt >= 0 and dt != t._dtype:
        if copy is False:
            raise ValueError("Unable to avoid copy while creating a tensor as requested")
        return _cast(t, dt)
    if copy:
        return t.copy()
    return t


def tensor(data, dtype=None, requires_grad=False, *, device=None):
    """A new tensor holding a copy of `data` (PyTorch's ``torch.tensor``).

    Unlike `tinytensor.asarray` it never shares memory with `data`.

    Parameters
    ----------
    data : array_like, Tensor, buffer or scalar
        Nested lists, scalars, tensors, or any buffer-protocol object such as a NumPy array.
        Nested lists infer bool, int64 or float64 (the widest kind present).
    dtype : dtype, optional
        The dtype of the result; by default the data's own.
    requires_grad : bool, default False
        Make the result a leaf that autograd tracks (float dtypes only).
    device : {None, "cpu", "cpu:0"}, optional
        Keyword only; tinytensor has only the CPU.

    Returns
    -------
    Tensor
        A new, C-contiguous tensor owning its memory.

    Raises
    ------
    ValueError
        If the nesting is ragged, or `device` is not the CPU.
    TypeError
        If an element is not a number.
    OverflowError
        If a Python int does not fit the dtype.
    RuntimeError
        If `requires_grad` is True for a dtype that is not floating point.

    See Also
    --------
    tinytensor.asarray

    Examples
    --------
    >>> tt.tensor([[1, 2], [3, 4]])
    tensor([[1, 2],
            [3, 4]])
    >>> tt.tensor([1, 2.5])
    tensor([1. , 2.5])
    >>> tt.tensor([0.5, 1.5], dtype=tt.float32, requires_grad=True)
    tensor([0.5, 1.5], dtype=float32, requires_grad=True)
    >>> x = tt.tensor([1.0, 2.0])
    >>> tt.tensor(x) is x
    False
    >>> tt.tensor([[1], [2, 3]])
    Traceback (most recent call last):
        ...
    ValueError: setting an array element with a sequence. ...
    """
    cdef Tensor t = asarray(data, dtype=dtype, device=device)
    if t is data or t._base is not None:
        t = t.copy()
    elif not isinstance(data, (list, tuple, int, float, bool)) and t._alloc == NULL:
        t = t.copy()
    if requires_grad:
        t.requires_grad = True
    return t


cdef object _shape_arg(tuple shape):
    """A creation function's shape: one int or sequence (NumPy), or several ints (PyTorch's
    tt.zeros(2, 3))."""
    if len(shape) == 1:
        return shape[0]
    if not shape:
        raise TypeError("a shape is required")
    return shape


cdef int _default_float(object dtype) except -1:
    """dtype=None means the default floating dtype, float64 (NumPy and the array API)."""
    return TT_FLOAT64 if dtype is None else _dtype_num(dtype)


cdef int _check_device(object device) except -1:
    """device= of every creation function: None, "cpu" (or "cpu:0"); ValueError otherwise."""
    if device is not None and device not in ("cpu", "cpu:0"):
        raise ValueError(f"tinytensor only has the 'cpu' device, not {device!r}")
    return 0


cdef object _finish(Tensor t, object device, bint requires_grad):
    """The options every creation function shares: the device (only "cpu") and requires_grad."""
    _check_device(device)
    if requires_grad:
        t.requires_grad = True
    return t


def empty(shape, *more, dtype=None, device=None, requires_grad=False):
    r"""A new tensor of the given shape whose elements are not initialised.

    Parameters
    ----------
    shape : int or sequence of int
        The shape (NumPy's ``zeros((2, 3))``), or the first of several ints (PyTorch's
        ``zeros(2, 3)``).
    \*more : int
        The other lengths, PyTorch style.
    dtype : dtype, optional
        Keyword only. float64 by default.
    device : {None, "cpu", "cpu:0"}, optional
        Keyword only; tinytensor has only the CPU.
    requires_grad : bool, default False
        Keyword only; make the result a leaf that autograd tracks (float dtypes only).

    Returns
    -------
    Tensor
        C-contiguous, of `shape` and `dtype`; its values are whatever the memory held.

    Raises
    ------
    TypeError
        If the shape is not an int or a sequence of ints, or `dtype` is not a dtype.
    ValueError
        If a length is negative, or `device` is not the CPU.
    RuntimeError
        If `requires_grad` is True for a dtype that is not floating point.

    See Also
    --------
    tinytensor.zeros, tinytensor.empty_like

    Examples
    --------
    >>> x = tt.empty((2, 3))
    >>> x.shape, x.dtype
    ((2, 3), dtype('float64'))
    >>> tt.empty(2, 3, dtype=tt.int32).shape
    (2, 3)
    """
    cdef Py_ssize_t cshape[TT_MAXDIM]
    cdef int nd = _parse_shape(_shape_arg((shape,) + more), cshape)
    return _finish(_empty(nd, cshape, _default_float(dtype)), device, requires_grad)


def zeros(shape, *more, dtype=None, device=None, requires_grad=False):
    r"""A new tensor of the given shape filled with 0.

    Parameters
    ----------
    shape : int or sequence of int
        The shape (NumPy's ``zeros((2, 3))``), or the first of several ints (PyTorch's
        ``zeros(2, 3)``).
    \*more : int
        The other lengths, PyTorch style.
    dtype : dtype, optional
        Keyword only. float64 by default.
    device : {None, "cpu", "cpu:0"}, optional
        Keyword only; tinytensor has only the CPU.
    requires_grad : bool, default False
        Keyword only; make the result a leaf that autograd tracks (float dtypes only).

    Returns
    -------
    Tensor
        C-contiguous zeros of `shape` and `dtype`.

    Raises
    ------
    TypeError
        If the shape is not an int or a sequence of ints, or `dtype` is not a dtype.
    ValueError
        If a length is negative, or `device` is not the CPU.
    RuntimeError
        If `requires_grad` is True for a dtype that is not floating point.

    See Also
    --------
    tinytensor.ones, tinytensor.full, tinytensor.zeros_like

    Examples
    --------
    >>> tt.zeros((2, 3))
    tensor([[0., 0., 0.],
            [0., 0., 0.]])
    >>> tt.zeros(2, dtype=tt.int32)
    tensor([0, 0], dtype=int32)
    >>> tt.zeros(1, 2, requires_grad=True)
    tensor([[0., 0.]], requires_grad=True)
    """
    cdef Py_ssize_t cshape[TT_MAXDIM]
    cdef int nd = _parse_shape(_shape_arg((shape,) + more), cshape)
    return _finish(_empty(nd, cshape, _default_float(dtype), True), device, requires_grad)


def full(shape, fill_value, dtype=None, *, device=None, requires_grad=False):
    """A new tensor of the given shape with every element equal to `fill_value`.

    Parameters
    ----------
    shape : int or sequence of int
        The shape (one int for a 1-D tensor).
    fill_value : scalar or 0-d Tensor
        The value, converted to `dtype` as an assignment would (a float truncates towards zero
        for an integer dtype).
    dtype : dtype, optional
        By default inferred from `fill_value`: bool for a bool, int64 for an int, float64 for a
        float, the tensor's dtype for a tensor.
    device : {None, "cpu", "cpu:0"}, optional
        Keyword only; tinytensor has only the CPU.
    requires_grad : bool, default False
        Keyword only; make the result a leaf that autograd tracks (float dtypes only).

    Returns
    -------
    Tensor
        C-contiguous, of `shape` and `dtype`.

    Raises
    ------
    TypeError
        If the shape is not an int or a sequence of ints.
    ValueError
        If a length is negative, or `device` is not the CPU.
    OverflowError
        If `fill_value` does not fit an integer `dtype`.
    RuntimeError
        If `requires_grad` is True for a dtype that is not floating point.

    See Also
    --------
    tinytensor.full_like, tinytensor.zeros, tinytensor.ones

    Examples
    --------
    >>> tt.full((2, 2), 7)
    tensor([[7, 7],
            [7, 7]])
    >>> tt.full(3, 0.5, dtype=tt.float32)
    tensor([0.5, 0.5, 0.5], dtype=float32)
    >>> tt.full((2,), 300, dtype=tt.uint8)
    Traceback (most recent call last):
        ...
    OverflowError: Python integer 300 out of bounds for uint8
    """
    cdef Py_ssize_t cshape[TT_MAXDIM]
    cdef int nd = _parse_shape(shape, cshape)
    cdef int dt
    if dtype is not None:
        dt = _dtype_num(dtype)
    elif isinstance(fill_value, Tensor):
        dt = (<Tensor>fill_value)._dtype
    else:
        k = _scalar_kind(fill_value)
        if k < 0:
            fill_value = asarray(fill_value)
            dt = (<Tensor>fill_value)._dtype
        else:
            dt = (TT_BOOL, TT_INT64, TT_FLOAT64)[k]
    cdef Tensor t = _empty(nd, cshape, dt)
    _copy_into(t, fill_value)
    return _finish(t, device, requires_grad)


def ones(shape, *more, dtype=None, device=None, requires_grad=False):
    r"""A new tensor of the given shape filled with 1.

    Parameters
    ----------
    shape : int or sequence of int
        The shape (NumPy's ``zeros((2, 3))``), or the first of several ints (PyTorch's
        ``zeros(2, 3)``).
    \*more : int
        The other lengths, PyTorch style.
    dtype : dtype, optional
        Keyword only. float64 by default.
    device : {None, "cpu", "cpu:0"}, optional
        Keyword only; tinytensor has only the CPU.
    requires_grad : bool, default False
        Keyword only; make the result a leaf that autograd tracks (float dtypes only).

    Returns
    -------
    Tensor
        C-contiguous ones of `shape` and `dtype`.

    Raises
    ------
    TypeError
        If the shape is not an int or a sequence of ints, or `dtype` is not a dtype.
    ValueError
        If a length is negative, or `device` is not the CPU.
    RuntimeError
        If `requires_grad` is True for a dtype that is not floating point.

    See Also
    --------
    tinytensor.zeros, tinytensor.full, tinytensor.ones_like

    Examples
    --------
    >>> tt.ones(3)
    tensor([1., 1., 1.])
    >>> tt.ones((2, 2), dtype=tt.bool)
    tensor([[True, True],
            [True, True]])
    """
    return full(_shape_arg((shape,) + more), 1, dtype=_DTYPES[_default_float(dtype)], device=device,
                requires_grad=requires_grad)


def _like_dtype(Tensor a, dtype):
    return _DTYPES[a._dtype] if dtype is None else dtype


def empty_like(a, dtype=None, shape=None, *, device=None, requires_grad=False):
    """A new uninitialised tensor with the shape and dtype of `a` (unless given).

    Parameters
    ----------
    a : Tensor or array_like
        The tensor whose shape and dtype the result takes.
    dtype : dtype, optional
        The dtype of the result instead of ``a.dtype``.
    shape : int or sequence of int, optional
        The shape of the result instead of ``a.shape``.
    device : {None, "cpu", "cpu:0"}, optional
        Keyword only; tinytensor has only the CPU.
    requires_grad : bool, default False
        Keyword only; make the result a leaf that autograd tracks (float dtypes only).

    Returns
    -------
    Tensor
        C-contiguous, values not initialised.

    Raises
    ------
    ValueError
        If a length of `shape` is negative, or `device` is not the CPU.
    RuntimeError
        If `requires_grad` is True for a dtype that is not floating point.

    See Also
    --------
    tinytensor.empty, tinytensor.zeros_like

    Examples
    --------
    >>> x = tt.empty_like(tt.tensor([[1, 2, 3]]))
    >>> x.shape, x.dtype
    ((1, 3), dtype('int64'))
    """
    a = asarray(a)
    return empty(a.shape if shape is None else shape, dtype=_like_dtype(a, dtype), device=device,
                 requires_grad=requires_grad)


def zeros_like(a, dtype=None, shape=None, *, device=None, requires_grad=False):
    """A new tensor of zeros with the shape and dtype of `a` (unless given).

    Parameters
    ----------
    a : Tensor or array_like
        The tensor whose shape and dtype the result takes.
    dtype : dtype, optional
        The dtype of the result instead of ``a.dtype``.
    shape : int or sequence of int, optional
        The shape of the result instead of ``a.shape``.
    device : {None, "cpu", "cpu:0"}, optional
        Keyword only; tinytensor has only the CPU.
    requires_grad : bool, default False
        Keyword only; make the result a leaf that autograd tracks (float dtypes only).

    Returns
    -------
    Tensor
        C-contiguous zeros.

    Raises
    ------
    ValueError
        If a length of `shape` is negative, or `device` is not the CPU.
    RuntimeError
        If `requires_grad` is True for a dtype that is not floating point.

    See Also
    --------
    tinytensor.zeros, tinytensor.ones_like, tinytensor.full_like

    Examples
    --------
    >>> tt.zeros_like(tt.tensor([[1, 2], [3, 4]]))
    tensor([[0, 0],
            [0, 0]])
    >>> tt.zeros_like(tt.tensor([1, 2]), dtype=tt.float32)
    tensor([0., 0.], dtype=float32)
    """
    a = asarray(a)
    return zeros(a.shape if shape is None else shape, dtype=_like_dtype(a, dtype), device=device,
                 requires_grad=requires_grad)


def ones_like(a, dtype=None, shape=None, *, device=None, requires_grad=False):
    """A new tensor of ones with the shape and dtype of `a` (unless given).

    Parameters
    ----------
    a : Tensor or array_like
        The tensor whose shape and dtype the result takes.
    dtype : dtype, optional
        The dtype of the result instead of ``a.dtype``.
    shape : int or sequence of int, optional
        The shape of the result instead of ``a.shape``.
    device : {None, "cpu", "cpu:0"}, optional
        Keyword only; tinytensor has only the CPU.
    requires_grad : bool, default False
        Keyword only; make the result a leaf that autograd tracks (float dtypes only).

    Returns
    -------
    Tensor
        C-contiguous ones.

    Raises
    ------
    ValueError
        If a length of `shape` is negative, or `device` is not the CPU.
    RuntimeError
        If `requires_grad` is True for a dtype that is not floating point.

    See Also
    --------
    tinytensor.ones, tinytensor.zeros_like

    Examples
    --------
    >>> tt.ones_like(tt.tensor([1.5, 2.5]))
    tensor([1., 1.])
    >>> tt.ones_like(tt.tensor([1, 2]), shape=(2, 2))
    tensor([[1, 1],
            [1, 1]])
    """
    a = asarray(a)
    return ones(a.shape if shape is None else shape, dtype=_like_dtype(a, dtype), device=device,
                requires_grad=requires_grad)


def full_like(a, fill_value, dtype=None, shape=None, *, device=None, requires_grad=False):
    """A new tensor with the shape and dtype of `a` (unless given), filled with `fill_value`.

    Parameters
    ----------
    a : Tensor or array_like
        The tensor whose shape and dtype the result takes.
    fill_value : scalar or 0-d Tensor
        The value, converted to the result's dtype as an assignment would (2.7 becomes 2 in
        an integer tensor).
    dtype : dtype, optional
        The dtype of the result instead of ``a.dtype``.
    shape : int or sequence of int, optional
        The shape of the result instead of ``a.shape``.
    device : {None, "cpu", "cpu:0"}, optional
        Keyword only; tinytensor has only the CPU.
    requires_grad : bool, default False
        Keyword only; make the result a leaf that autograd tracks (float dtypes only).

    Returns
    -------
    Tensor
        C-contiguous, every element `fill_value`.

    Raises
    ------
    ValueError
        If a length of `shape` is negative, or `device` is not the CPU.
    RuntimeError
        If `requires_grad` is True for a dtype that is not floating point.
    OverflowError
        If `fill_value` does not fit an integer dtype.

    See Also
    --------
    tinytensor.full

    Examples
    --------
    >>> tt.full_like(tt.tensor([1, 2, 3]), 2.7)
    tensor([2, 2, 2])
    >>> tt.full_like(tt.tensor([1, 2, 3]), 2.7, dtype=tt.float64)
    tensor([2.7, 2.7, 2.7])
    """
    a = asarray(a)
    return full(a.shape if shape is None else shape, fill_value, dtype=_like_dtype(a, dtype),
                device=device, requires_grad=requires_grad)


def arange(start, stop=None, step=None, dtype=None, *, device=None):
    """Evenly spaced values in the half-open interval [start, stop), as NumPy's arange.

    ``arange(stop)`` starts at 0. The length is ``ceil((stop - start) / step)`` (0 if
    negative), and the fill is NumPy's::

        out[0] = start
        out[1] = start + step          # both assigned: they must fit the dtype
        for i in range(2, n):
            out[i] = out[0] + i * (out[1] - out[0])     # in the dtype (integers wrap)

    Parameters
    ----------
    start : int or float
        The first value; the end of the interval when `stop` is None (then start is 0).
    stop : int or float, optional
        The end of the interval (not included).
    step : int or float, optional
        The spacing, 1 by default; may be negative, never zero.
    dtype : dtype, optional
        By default int64 when every argument is an int, float64 when any is a float.
    device : {None, "cpu", "cpu:0"}, optional
        Keyword only; tinytensor has only the CPU.

    Returns
    -------
    Tensor
        1-D, of the computed length.

    Raises
    ------
    TypeError
        If an argument is not a number, or a bool result would have more than 2 elements.
    ZeroDivisionError
        If `step` is 0.
    ValueError
        If a bound is infinite or NaN (the length cannot be computed), the result would be
        too large, or `device` is not the CPU.

    Notes
    -----
    Float steps can give one element more or fewer than expected (rounding of the length);
    `tinytensor.linspace` is the safer choice for float grids.

    Examples
    --------
    >>> tt.arange(5)
    tensor([0, 1, 2, 3, 4])
    >>> tt.arange(1, 2, 0.25)
    tensor([1.  , 1.25, 1.5 , 1.75])
    >>> tt.arange(10, 0, -3)
    tensor([10,  7,  4,  1])
    >>> tt.arange(3, dtype=tt.float32)
    tensor([0., 1., 2.], dtype=float32)
    """
    _check_device(device)
    if stop is None:
        start, stop = 0, start
    if step is None:
        step = 1
    for v in (start, stop, step):
        if _scalar_kind(v) < 0:
            raise TypeError(f"arange arguments must be numbers, not {type(v).__name__}")
    if step == 0:
        raise ZeroDivisionError("step must not be zero")
    import math
    try:
        n = int(math.ceil((stop - start) / step))
    except OverflowError:       # an infinite bound
        raise ValueError("Maximum allowed size exceeded") from None
    except ValueError:          # a NaN bound
        raise ValueError("arange: cannot compute length") from None
    if not (-2**63 <= n < 2**63):   # NumPy computes the length as an intp, negative or not
        raise ValueError("Maximum allowed size exceeded")
    n = _builtins.max(n, 0)
    if n > 2**62:
        raise ValueError(f"Maximum allowed size exceeded: arange would have {n} elements")
    kind = _builtins.max(_scalar_kind(start), _scalar_kind(stop), _scalar_kind(step), 1)
    cdef int dt = _dtype_num(dtype) if dtype is not None else (TT_INT64 if kind == 1 else TT_FLOAT64)
    if dt == TT_BOOL and n > 2:
        raise TypeError("arange() is only supported for booleans when the result has at most length 2.")
    cdef Py_ssize_t shape[1]
    shape[0] = n
    cdef Tensor t = _empty(1, shape, dt)
    cdef Py_ssize_t begin, end, total = n
    if total > 0:
        _store_scalar(t.data, dt, start)
    if total > 1:
        _store_scalar(t.data + t._itemsize, dt, start + step)
    if dt != TT_BOOL:
        for begin in range(2, total, _CHUNK):
            end = _builtins.min(begin + _CHUNK, total)
            with nogil:
                tt_arange_fill(dt, t.data, begin, end)
            PyErr_CheckSignals()
    return t


def linspace(start, stop, num=50, endpoint=True, dtype=None, *, device=None):
    """`num` evenly spaced values from `start` to `stop` (included when `endpoint`), as NumPy's.

    Computed in float64::

        div = num - 1 if endpoint else num
        step = (stop - start) / div
        for i in range(num):
            out[i] = start + i * step
        if endpoint and num > 1:
            out[num - 1] = stop             # exactly

    then rounded down (floor) for an integer `dtype`, and converted.

    Parameters
    ----------
    start : int or float
        The first value.
    stop : int or float
        The last value (or the end of the interval when `endpoint` is False).
    num : int, default 50
        How many values; non-negative.
    endpoint : bool, default True
        Whether `stop` is the last value.
    dtype : dtype, optional
        float64 by default.
    device : {None, "cpu", "cpu:0"}, optional
        Keyword only; tinytensor has only the CPU.

    Returns
    -------
    Tensor
        1-D, `num` elements.

    Raises
    ------
    ValueError
        If `num` is negative, or `device` is not the CPU.
    TypeError
        If `num` is not an integer.

    See Also
    --------
    tinytensor.arange

    Examples
    --------
    >>> tt.linspace(0, 1, 5)
    tensor([0.  , 0.25, 0.5 , 0.75, 1.  ])
    >>> tt.linspace(0, 1, 4, endpoint=False)
    tensor([0.  , 0.25, 0.5 , 0.75])
    >>> tt.linspace(0, 10, 4, dtype=tt.int64)
    tensor([ 0,  3,  6, 10])
    """
    _check_device(device)
    num = operator.index(num)
    if num < 0:
        raise ValueError(f"Number of samples, {num}, must be non-negative.")
    cdef Py_ssize_t shape[1]
    shape[0] = num
    cdef Tensor t = _empty(1, shape, TT_FLOAT64)
    cdef int dt = TT_FLOAT64 if dtype is None else _dtype_num(dtype)
    cdef bint round_down = _is_int(dt)
    cdef double a = start, b = stop, delta, step, div
    cdef Py_ssize_t begin, end, total = num
    delta = b - a
    div = (num - 1) if endpoint else num
    if div > 0:
        step = delta / div
    else:                       # 0 or 1 values: NumPy's 0 * delta + start
        step = delta
        div = 1.0
    for begin in range(0, total, _CHUNK):
        end = _builtins.min(begin + _CHUNK, total)
        with nogil:
            tt_linspace_fill(<double *>t.data, begin, end, a, step, delta, div, round_down)
        PyErr_CheckSignals()
    if endpoint and num > 1:
        (<double *>t.data)[num - 1] = math_floor(b) if round_down else b
    if dt != TT_FLOAT64:
        return _cast(t, dt)
    return t


def eye(N, M=None, k=0, dtype=None, *, device=None):
    """A 2-D tensor with ones on the k-th diagonal and zeros elsewhere.

    ::

        out = zeros((N, M))
        for i in range(N):
            if 0 <= i + k < M:
                out[i, i + k] = 1

    Parameters
    ----------
    N : int
        The number of rows.
    M : int, optional
        The number of columns; `N` by default.
    k : int, default 0
        The diagonal: 0 the main one, k > 0 above it, k < 0 below it.
    dtype : dtype, optional
        float64 by default.
    device : {None, "cpu", "cpu:0"}, optional
        Keyword only; tinytensor has only the CPU.

    Returns
    -------
    Tensor
        Shape ``(N, M)``.

    Raises
    ------
    ValueError
        If `N` or `M` is negative, or `device` is not the CPU.
    TypeError
        If `k` is not an integer.

    Examples
    --------
    >>> tt.eye(3)
    tensor([[1., 0., 0.],
            [0., 1., 0.],
            [0., 0., 1.]])
    >>> tt.eye(2, 3, k=1, dtype=tt.int64)
    tensor([[0, 1, 0],
            [0, 0, 1]])
    """
    M = N if M is None else M
    k = operator.index(k)
    cdef Tensor t = zeros((N, M), dtype=dtype, device=device)
    cdef Py_ssize_t rows = t._shape[0], cols = t._shape[1], begin, end, count, diag
    cdef int64_t one
    cdef char *first
    count = _builtins.max(0, _builtins.min(rows, cols - k) if k >= 0 else _builtins.min(rows + k, cols))
    if count == 0:
        return t
    diag = k                    # |k| < rows or cols here, so it fits
    first = t.data + (diag * t._strides[1] if diag >= 0 else -diag * t._strides[0])
    _store_scalar(<char *>&one, t._dtype, 1)
    for begin in range(0, count, _CHUNK):
        end = _builtins.min(begin + _CHUNK, count)
        with nogil:
            tt_fill_strided(first, t._strides[0] + t._strides[1], begin, end, &one, t._itemsize)
        PyErr_CheckSignals()
    return t
