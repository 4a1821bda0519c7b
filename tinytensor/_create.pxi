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
    """A tensor from `obj`, without copying when it can: a tensor of the right dtype is returned
    as it is, and a buffer-protocol object (a NumPy array, memoryview, bytes) is shared.
    copy=True always copies; copy=False raises ValueError when a copy is needed.

    An array-like tinytensor cannot share (a NumPy array of a dtype it lacks, such as longdouble,
    or any object with __array__ but no buffer) is converted by value, keeping its shape: floats
    become float64, integers int64, booleans bool (unless dtype says otherwise)."""
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
    """A new tensor holding a copy of `data` (nested lists, scalars, tensors, or any
    buffer-protocol object such as a NumPy array)."""
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
    """A new tensor of `shape` whose elements are not initialised (float64 by default)."""
    cdef Py_ssize_t cshape[TT_MAXDIM]
    cdef int nd = _parse_shape(_shape_arg((shape,) + more), cshape)
    return _finish(_empty(nd, cshape, _default_float(dtype)), device, requires_grad)


def zeros(shape, *more, dtype=None, device=None, requires_grad=False):
    """A new tensor of `shape` filled with 0 (float64 by default)."""
    cdef Py_ssize_t cshape[TT_MAXDIM]
    cdef int nd = _parse_shape(_shape_arg((shape,) + more), cshape)
    return _finish(_empty(nd, cshape, _default_float(dtype), True), device, requires_grad)


def full(shape, fill_value, dtype=None, *, device=None, requires_grad=False):
    """A new tensor of `shape` filled with `fill_value` (dtype inferred from it by default)."""
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
    """A new tensor of `shape` filled with 1 (float64 by default)."""
    return full(_shape_arg((shape,) + more), 1, dtype=_DTYPES[_default_float(dtype)], device=device,
                requires_grad=requires_grad)


def _like_dtype(Tensor a, dtype):
    return _DTYPES[a._dtype] if dtype is None else dtype


def empty_like(a, dtype=None, shape=None, *, device=None, requires_grad=False):
    """A new uninitialised tensor of a's shape and dtype (unless given)."""
    a = asarray(a)
    return empty(a.shape if shape is None else shape, dtype=_like_dtype(a, dtype), device=device,
                 requires_grad=requires_grad)


def zeros_like(a, dtype=None, shape=None, *, device=None, requires_grad=False):
    """A new tensor of zeros with a's shape and dtype (unless given)."""
    a = asarray(a)
    return zeros(a.shape if shape is None else shape, dtype=_like_dtype(a, dtype), device=device,
                 requires_grad=requires_grad)


def ones_like(a, dtype=None, shape=None, *, device=None, requires_grad=False):
    """A new tensor of ones with a's shape and dtype (unless given)."""
    a = asarray(a)
    return ones(a.shape if shape is None else shape, dtype=_like_dtype(a, dtype), device=device,
                requires_grad=requires_grad)


def full_like(a, fill_value, dtype=None, shape=None, *, device=None, requires_grad=False):
    """A new tensor of a's shape and dtype (unless given) filled with fill_value."""
    a = asarray(a)
    return full(a.shape if shape is None else shape, fill_value, dtype=_like_dtype(a, dtype),
                device=device, requires_grad=requires_grad)


def arange(start, stop=None, step=None, dtype=None, *, device=None):
    """Evenly spaced values in [start, stop): NumPy's length ceil((stop - start) / step) and
    dtype (int64 for integer arguments, float64 when any is a float), and NumPy's fill:

        out[0] = start; out[1] = start + step      (assigned: must fit the dtype)
        for i in range(2, n): out[i] = out[0] + i * (out[1] - out[0])   in the dtype (wraps)
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
    """`num` evenly spaced values from start to stop (inclusive when endpoint), as NumPy:

        step = (stop - start) / div          div = num - 1 if endpoint else num
        out[i] = i * step + start;  out[num - 1] = stop when endpoint

    computed in float64, rounded down (floor) for an integer dtype, then converted."""
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
    """A 2-D tensor with ones on the k-th diagonal and zeros elsewhere (k > 0 above the main
    diagonal; float64 by default): out[i, i + k] = 1 for every i where 0 <= i + k < M."""
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
