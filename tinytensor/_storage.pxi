# ---- storage: the Tensor's memory, shape, strides and views -------------------------------
#
#
# A Tensor is a pointer into a block of memory plus a shape and strides in bytes:
#
#     element [i0, i1, ..., ik] lives at  data + i0*strides[0] + i1*strides[1] + ... + ik*strides[k]
#
# A root tensor owns its block (64-byte aligned, from tt_alloc); a view shares its root's block
# and keeps the root alive through `_base`. Views never copy: transpose permutes strides,
# slicing moves `data` and multiplies strides, broadcasting sets a stride to 0.

from cpython.exc cimport PyErr_CheckSignals

# Loops that scale with the data (creation, index gather/scatter) run in chunks of about this
# many elements, without the GIL when large, and check for Ctrl-C between chunks.
cdef Py_ssize_t _CHUNK = 1 << 20


cdef class _BufferHolder:
    """Keeps a foreign buffer (a NumPy array, a memoryview, bytes...) exported while a
    tensor uses its memory."""
    cdef Py_buffer view
    cdef bint held
    cdef object obj

    def __dealloc__(self):
        if self.held:
            PyBuffer_Release(&self.view)
            self.held = False


cdef class _Flags:
    """NumPy-style flags: t.flags['C_CONTIGUOUS'], t.flags.writeable, ..."""
    cdef Tensor t

    def __getitem__(self, key):
        key = {"C": "C_CONTIGUOUS", "F": "F_CONTIGUOUS", "W": "WRITEABLE", "O": "OWNDATA",
               "CONTIGUOUS": "C_CONTIGUOUS", "FORTRAN": "F_CONTIGUOUS"}.get(key, key)
        if key == "C_CONTIGUOUS":
            return self.t._c_contig
        if key == "F_CONTIGUOUS":
            return self.t._f_contig
        if key == "WRITEABLE":
            return not self.t._readonly
        if key == "OWNDATA":
            return self.t._alloc != NULL
        raise KeyError(key)

    @property
    def c_contiguous(self): return self["C_CONTIGUOUS"]
    @property
    def f_contiguous(self): return self["F_CONTIGUOUS"]
    @property
    def owndata(self): return self["OWNDATA"]
    @property
    def writeable(self): return self["WRITEABLE"]

    def __repr__(self):
        return "\n".join(f"  {k} : {self[k]}" for k in ("C_CONTIGUOUS", "F_CONTIGUOUS", "OWNDATA", "WRITEABLE"))


cdef class _VersionCounter:
    """Counts in-place writes to a block of memory; shared by a root and all its views so
    autograd can tell that a tensor it saved has been overwritten."""
    cdef public Py_ssize_t value


# What a kernel needs of one operand: its data pointer, shape and byte strides.


cdef struct Operand:
    char *data
    int ndim
    Py_ssize_t *shape
    Py_ssize_t *strides


cdef inline Operand _operand(Tensor t) noexcept:
    cdef Operand o
    o.data = t.data
    o.ndim = t._ndim
    o.shape = t._shape
    o.strides = t._strides
    return o


cdef str _shape_str(int ndim, const Py_ssize_t *shape):
    """(2,3) as NumPy's error messages print shapes: no spaces, (4,) for one dimension."""
    if ndim == 1:
        return f"({shape[0]},)"
    return "(" + ",".join([str(shape[i]) for i in range(ndim)]) + ")"


cdef Py_ssize_t _parse_dim(object d) except -1:
    cdef Py_ssize_t v
    try:
        v = operator.index(d)
    except TypeError:
        raise TypeError(f"'{type(d).__name__}' object cannot be interpreted as an integer") from None
    except OverflowError:
        raise ValueError(f"dimension {d} is too large") from None
    if v < 0:
        raise ValueError("negative dimensions are not allowed")
    return v


cdef int _parse_shape(object shape, Py_ssize_t *out) except -1:
    """A shape argument (an int or a sequence of ints) into out; returns ndim."""
    cdef int n = 0
    if isinstance(shape, Tensor):
        shape = shape.tolist()
    try:
        seq = [shape.__index__()] if hasattr(shape, "__index__") else list(shape)
    except TypeError:
        raise TypeError(f"expected a sequence of integers or a single integer, got '{shape!r}'") from None
    if len(seq) > TT_MAXDIM:
        raise ValueError(f"maximum supported dimension for a tensor is {TT_MAXDIM}, found {len(seq)}")
    for d in seq:
        out[n] = _parse_dim(d)
        n += 1
    return n


cdef Py_ssize_t _checked_nbytes(int ndim, const Py_ssize_t *shape, int dt) except -1:
    cdef Py_ssize_t n = <Py_ssize_t>tt_itemsize(dt)
    cdef int i
    for i in range(ndim):
        if tt_mul_overflow(n, shape[i], &n):
            raise ValueError("array is too big; `arr.size * arr.dtype.itemsize` is larger than the maximum possible size.")
    return n


cdef void _set_c_strides(Tensor t) noexcept:
    cdef Py_ssize_t s = t._itemsize
    cdef int i
    for i in range(t._ndim - 1, -1, -1):
        t._strides[i] = s
        s *= t._shape[i] if t._shape[i] > 0 else 1


cdef void _update_layout(Tensor t) noexcept:
    """Recomputes size and the contiguity flags from shape and strides (size-1 axes and empty
    tensors are contiguous whatever their strides, as in NumPy)."""
    cdef Py_ssize_t expect, size = 1
    cdef bint c = True, f = True
    cdef int i
    for i in range(t._ndim):
        size *= t._shape[i]
    t._size = size
    if size != 0:
        expect = t._itemsize
        for i in range(t._ndim - 1, -1, -1):
            if t._shape[i] != 1:
                if t._strides[i] != expect:
                    c = False
                    break
                expect *= t._shape[i]
        expect = t._itemsize
        for i in range(t._ndim):
            if t._shape[i] != 1:
                if t._strides[i] != expect:
                    f = False
                    break
                expect *= t._shape[i]
    t._c_contig = c
    t._f_contig = f


cdef Tensor _empty(int ndim, const Py_ssize_t *shape, int dt, bint zero=False):
    """A new C-contiguous root tensor (sizes checked for overflow before allocating)."""
    cdef Py_ssize_t nbytes = _checked_nbytes(ndim, shape, dt)
    cdef Tensor t = Tensor.__new__(Tensor)
    cdef int i
    t._alloc = tt_alloc(<size_t>nbytes, zero)
    if t._alloc == NULL:
        shp = tuple([shape[i] for i in range(ndim)])
        raise MemoryError(f"Unable to allocate {nbytes} bytes for a tensor with shape {shp} "
                          f"and data type {_DTYPE_NAMES[dt]}")
    t.data = <char *>t._alloc
    t._ndim = ndim
    t._dtype = dt
    t._itemsize = <int>tt_itemsize(dt)
    for i in range(ndim):
        t._shape[i] = shape[i]
    _set_c_strides(t)
    _update_layout(t)
    t._c_contig = True
    return t


cdef Tensor _view(Tensor src, int ndim, const Py_ssize_t *shape, const Py_ssize_t *strides, char *data):
    """A tensor sharing src's memory. Its base is the root that keeps the memory alive."""
    cdef Tensor t = Tensor.__new__(Tensor)
    cdef int i
    t.data = data
    t._ndim = ndim
    t._dtype = src._dtype
    t._itemsize = src._itemsize
    t._readonly = src._readonly
    for i in range(ndim):
        t._shape[i] = shape[i]
        t._strides[i] = strides[i]
    if src._alloc != NULL or not isinstance(src._base, Tensor):
        t._base = src
    else:
        t._base = src._base
    _update_layout(t)
    return t


cdef inline Tensor _root(Tensor t):
    return t._base if isinstance(t._base, Tensor) else t


cdef inline void _bump_version(Tensor t):
    cdef Tensor r = _root(t)
    if r._version_counter is not None:
        (<_VersionCounter>r._version_counter).value += 1


cdef bint _fits_into(int nd, const Py_ssize_t *shape, Tensor out) noexcept:
    """Whether a result of `shape` broadcasts into out's shape without changing it."""
    cdef int i
    if nd > out._ndim:
        return False
    for i in range(1, nd + 1):
        if shape[nd - i] != out._shape[out._ndim - i] and shape[nd - i] != 1:
            return False
    return True


cdef int _check_writeable(Tensor t) except -1:
    if t._readonly:
        if _may_self_overlap(t):
            raise ValueError("assignment destination is read-only: elements of this tensor share "
                             "memory (a broadcast view, or an import with stride 0 or overlapping "
                             "strides); write to a copy, e.g. tt.tensor(x)")
        raise ValueError("assignment destination is read-only")
    if tt_grad_enabled and t._requires_grad:
        raise RuntimeError("an in-place operation on a tensor that requires grad is not allowed "
                           "while grad mode is enabled; wrap it in `with tt.no_grad():`")
    return 0


cdef bint _may_self_overlap(Tensor t) noexcept:
    """Whether two elements of t may share bytes (stride 0 on an axis longer than 1, or strides
    that interleave). Checked the sufficient way: with the axes longer than 1 sorted by |stride|,
    each stride must reach past everything the smaller axes span (itemsize + sum (n-1)*|s|).
    A layout that fails it but is in fact disjoint (rare, hand-made strides) counts as
    overlapping: the answer errs on the safe side."""
    cdef Py_ssize_t s[TT_MAXDIM]
    cdef Py_ssize_t n[TT_MAXDIM]
    cdef Py_ssize_t extent = t._itemsize, a, b
    cdef int m = 0, i, j
    if t._size <= 1:
        return False
    for i in range(t._ndim):
        if t._shape[i] > 1:
            a = t._strides[i] if t._strides[i] >= 0 else -t._strides[i]
            j = m
            while j > 0 and s[j - 1] > a:          # insertion sort by |stride|
                s[j] = s[j - 1]
                n[j] = n[j - 1]
                j -= 1
            s[j] = a
            n[j] = t._shape[i]
            m += 1
    for i in range(m):
        if s[i] < extent:
            return True
        extent += (n[i] - 1) * s[i]
    return False


cdef int _normalize_axis(object axis, int ndim) except -100:
    cdef Py_ssize_t a
    try:
        a = operator.index(axis)
    except TypeError:
        raise TypeError(f"'{type(axis).__name__}' object cannot be interpreted as an integer") from None
    if a < -ndim or a >= ndim:
        raise AxisError(f"axis {axis} is out of bounds for array of dimension {ndim}")
    return <int>(a + ndim if a < 0 else a)


cdef list _normalize_axes(object axis, int ndim):
    """axis None (all), an int or a tuple of ints -> a sorted list of distinct axes."""
    if axis is None:
        return list(range(ndim))
    if isinstance(axis, (tuple, list)):
        axes = [_normalize_axis(a, ndim) for a in axis]
        if len(set(axes)) != len(axes):
            raise ValueError("duplicate value in 'axis'")
        return sorted(axes)
    return [_normalize_axis(axis, ndim)]


cdef bint _zero_d_int_axis(object axis, int ndim) except -1:
    """NumPy's 0-d quirk: a 0-d input with an int axis of 0 or -1 (not a tuple). Its reductions
    (sum, max, argmax, count_nonzero, ...) and squeeze then reduce over nothing; repeat and take
    treat the input as 1-d."""
    if ndim != 0 or axis is None or isinstance(axis, (tuple, list)):
        return False
    try:
        a = operator.index(axis)
    except TypeError:
        return False
    return a == 0 or a == -1


class AxisError(ValueError, IndexError):
    """An axis argument out of range: both a ValueError and an IndexError, as NumPy's.

    Raised, before anything is computed, by every function that takes an axis (reductions,
    ``moveaxis``, ``squeeze``, ``expand_dims``, ``concatenate``, ``sort``, ...) when an axis is
    not in ``[-ndim, ndim)``. Catching ValueError or IndexError catches it too, so code
    written for NumPy's ``numpy.exceptions.AxisError`` works unchanged. Unlike NumPy's, the
    constructor takes only the message.

    Parameters
    ----------
    \\*args
        The message, as for any exception (``AxisError("axis 2 is out of bounds ...")``).

    See Also
    --------
    tinytensor.moveaxis, tinytensor.sum

    Examples
    --------
    >>> try:
    ...     tt.ones((2, 3)).sum(axis=2)
    ... except tt.AxisError as e:
    ...     print(isinstance(e, ValueError), isinstance(e, IndexError), e)
    True True axis 2 is out of bounds for array of dimension 2
    """
    pass


cdef Tensor _copy_into(Tensor dst, object src):
    """dst[...] = src: src (a tensor or a scalar) broadcast to dst's shape and converted to
    dst's dtype. Copies through a temporary when src's memory overlaps dst's differently.
    Python scalars and sequences follow NumPy's assignment rules (_as_value)."""
    cdef Tensor s
    cdef Operand ops[2]
    cdef int nd
    cdef Py_ssize_t shape[TT_MAXDIM]
    cdef tt_inner_fn fn
    cdef int64_t buf                    # one scalar of any dtype, aligned for the kernel
    if isinstance(src, Tensor):
        s = <Tensor>src
        if _overlaps(dst, s) and not _same_layout(dst, s):
            s = s.copy()
        ops[1] = _operand(s)
        fn = tt_cast_loop(s._dtype, dst._dtype)
    else:
        if _scalar_kind(src) < 0:
            return _copy_into(dst, _as_value(src, dst._dtype))
        _store_scalar(<char *>&buf, dst._dtype, src)
        ops[1].data = <char *>&buf
        ops[1].ndim = 0
        fn = tt_cast_loop(dst._dtype, dst._dtype)
    ops[0] = _operand(dst)
    _broadcast_shapes(ops, 2, &nd, shape)
    if nd != dst._ndim or not _fits_into(nd, shape, dst):
        raise ValueError(f"could not broadcast input array from shape "
                         f"{_shape_str(ops[1].ndim, ops[1].shape) if ops[1].ndim else '()'} into shape "
                         f"{_shape_str(dst._ndim, dst._shape) if dst._ndim else '()'}")
    _execute(fn, NULL, dst._ndim, dst._shape, ops, 2, 0, True)
    return dst


cdef Tensor _as_value(object v, int dt):
    """A value being assigned (t[k] = v, fill, copy_) as a tensor. Tensors stay as they are
    (the copy converts them as astype does); Python scalars and nested sequences are converted
    element by element to dt with NumPy's assignment rules: an int or float out of dt's range
    raises OverflowError (300 or 300.7 or 1e20 into uint8; inf too), NaN into an integer dtype
    ValueError; other array-likes (NumPy arrays) convert as arrays do, like astype."""
    if isinstance(v, Tensor):
        return <Tensor>v
    if _scalar_kind(v) >= 0 or isinstance(v, (list, tuple)):
        return asarray(v, dtype=_DTYPES[dt])
    return asarray(v)


cdef Tensor _drop_leading_ones(Tensor t, int nd):
    """t without leading axes of length 1 beyond nd dimensions (a value of shape (1, 2) fits a
    target of shape (2,), as in NumPy's assignment); t itself when there are none to drop."""
    cdef int drop = 0
    while t._ndim - drop > nd and t._shape[drop] == 1:
        drop += 1
    if drop == 0:
        return t
    return _view(t, t._ndim - drop, &t._shape[drop], &t._strides[drop], t.data)


cdef void _extent(Tensor t, char **lo, char **hi) noexcept:
    cdef char *a = t.data
    cdef char *b = t.data
    cdef int i
    for i in range(t._ndim):
        if t._shape[i] == 0:
            lo[0] = t.data
            hi[0] = t.data
            return
        if t._strides[i] > 0:
            b += t._strides[i] * (t._shape[i] - 1)
        else:
            a += t._strides[i] * (t._shape[i] - 1)
    lo[0] = a
    hi[0] = b + t._itemsize


cdef bint _overlaps(Tensor a, Tensor b) noexcept:
    cdef char *alo
    cdef char *ahi
    cdef char *blo
    cdef char *bhi
    _extent(a, &alo, &ahi)
    _extent(b, &blo, &bhi)
    return alo < bhi and blo < ahi


cdef bint _same_layout(Tensor a, Tensor b) noexcept:
    cdef int i
    if a.data != b.data or a._ndim != b._ndim or a._itemsize != b._itemsize:
        return False
    for i in range(a._ndim):
        if a._shape[i] != b._shape[i] or (a._shape[i] > 1 and a._strides[i] != b._strides[i]):
            return False
    return True


cdef bint _elem_aligned(Tensor t) noexcept:
    """Whether t's data and strides are whole elements apart (what every C kernel reads)."""
    cdef int i
    for i in range(t._ndim):
        if t._strides[i] % t._itemsize:
            return False
    return (<size_t>t.data) % t._itemsize == 0


cdef Tensor _aligned(Tensor t, object copy):
    """t itself when its data and strides are whole elements apart (what every C kernel reads),
    else a copy into an aligned block, element by element with memcpy (never a typed load): a
    foreign buffer at an odd address (e.g. np.frombuffer(..., offset=1)) is copied on import,
    never handed to the kernels as it is. copy=False refuses that copy with BufferError."""
    cdef Tensor out
    cdef Operand ops[2]
    cdef size_t itemsize = t._itemsize
    if _elem_aligned(t):
        return t
    if copy is False:
        raise BufferError("the buffer is not aligned to its element size; tinytensor must copy it "
                          "(copy=False forbids that)")
    out = _empty(t._ndim, t._shape, t._dtype)
    ops[0] = _operand(out)
    ops[1] = _operand(t)
    _execute(tt_copy_bytes_loop, &itemsize, t._ndim, t._shape, ops, 2, 0, True)
    return out


# ---- Python scalars in and out of memory ----

cdef object _load_scalar(const char *p, int dt):
    """The element at p as a Python bool, int or float."""
    if dt == TT_FLOAT64:
        return (<const double *>p)[0]
    if dt == TT_FLOAT32:
        return <double>(<const float *>p)[0]
    if dt == TT_FLOAT16:
        return tt_f16_to_double((<const uint16_t *>p)[0])
    if dt == TT_INT64:
        return (<const int64_t *>p)[0]
    if dt == TT_UINT64:
        return (<const uint64_t *>p)[0]
    if dt == TT_INT32:
        return (<const int32_t *>p)[0]
    if dt == TT_UINT32:
        return (<const uint32_t *>p)[0]
    if dt == TT_INT16:
        return (<const int16_t *>p)[0]
    if dt == TT_UINT16:
        return (<const uint16_t *>p)[0]
    if dt == TT_INT8:
        return (<const int8_t *>p)[0]
    if dt == TT_UINT8:
        return (<const uint8_t *>p)[0]
    return (<const uint8_t *>p)[0] != 0


cdef int _store_scalar(char *p, int dt, object v) except -1:
    """Writes a Python bool/int/float as dtype dt with NumPy's assignment rules: a float into
    an integer dtype truncates toward zero (int(v)) and must then fit, as a Python int must
    (NumPy 2): 300.7 into uint8 and 1e20 into int64 raise OverflowError, inf OverflowError,
    NaN ValueError (Python's own messages for int(inf), int(nan)). Anything goes into bool
    by its truth value (NaN is True)."""
    if dt == TT_FLOAT64:
        (<double *>p)[0] = float(v)
    elif dt == TT_FLOAT32:
        (<float *>p)[0] = <float>float(v)
    elif dt == TT_FLOAT16:
        (<uint16_t *>p)[0] = tt_double_to_f16(float(v))
    elif dt == TT_BOOL:
        (<uint8_t *>p)[0] = 1 if v else 0
    else:
        v = int(v) if isinstance(v, float) else operator.index(v)
        _check_int_fits(v, dt)
        if dt == TT_INT64:
            (<int64_t *>p)[0] = v
        elif dt == TT_UINT64:
            (<uint64_t *>p)[0] = v
        elif dt == TT_INT32:
            (<int32_t *>p)[0] = v
        elif dt == TT_UINT32:
            (<uint32_t *>p)[0] = v
        elif dt == TT_INT16:
            (<int16_t *>p)[0] = v
        elif dt == TT_UINT16:
            (<uint16_t *>p)[0] = v
        elif dt == TT_INT8:
            (<int8_t *>p)[0] = v
        else:
            (<uint8_t *>p)[0] = v
    return 0


cdef object _tolist(char *p, int axis, Tensor t):
    if axis == t._ndim:
        return _load_scalar(p, t._dtype)
    return [_tolist(p + i * t._strides[axis], axis + 1, t) for i in range(t._shape[axis])]


cdef Tensor _contiguous_copy(Tensor t):
    """A new C-contiguous root tensor with t's elements (the copy under copy(), clone(), pickling)."""
    cdef Tensor out = _empty(t._ndim, t._shape, t._dtype)
    cdef Operand ops[2]
    if t._c_contig:
        memcpy(out.data, t.data, t._size * t._itemsize)
    else:
        ops[0] = _operand(out)
        ops[1] = _operand(t)
        _execute(tt_cast_loop(t._dtype, t._dtype), NULL, t._ndim, t._shape, ops, 2, 0, True)
    return out


class _Size(int):
    """Tensor.size: an int for NumPy users (t.size == 6), callable for PyTorch users
    (t.size() == (2, 3), t.size(0) == 2)."""

    def __new__(cls, n, shape):
        self = int.__new__(cls, n)
        self._shape = shape
        return self

    def __call__(self, dim=None):
        if dim is None:
            return self._shape
        return self._shape[_normalize_axis(dim, len(self._shape))]


cdef object _axis_arg(object axis, object dim):
    """axis= (NumPy) or dim= (PyTorch), not both."""
    if dim is None:
        return axis
    if axis is not None:
        raise TypeError("give axis= or dim=, not both")
    return dim


cdef bint _keep_arg(object keepdims, object keepdim) except -1:
    """keepdims= (NumPy) or keepdim= (PyTorch); contradicting each other is an error."""
    if keepdim is None:
        return bool(keepdims)
    if keepdims and not keepdim:
        raise TypeError("give keepdims= or keepdim=, not both")
    return bool(keepdim)
