# ---- interop: the buffer protocol, DLPack and pickle ----------------------------------------
#
# Importing foreign memory (buffer protocol: NumPy arrays, memoryview, bytes), DLPack capsules
# both ways (the structs and deleters), and the pickle rebuild. Tensor's own protocol methods
# (__getbuffer__, __array__, __dlpack__, __reduce__) are in _tensor.pxi and call these.


cdef int _format_dtype(str fmt, Py_ssize_t itemsize) except -2:
    """A PEP 3118 format string -> dtype number, or -1 when tinytensor has no such dtype. C's
    integer characters name a size, not a dtype: the item size decides (l is 8 bytes here)."""
    if fmt[:1] in ("<", "=", "@", "!", ">"):
        if fmt[0] in (">", "!"):
            return -1
        fmt = fmt[1:]
    if fmt in ("b", "h", "i", "l", "q", "n"):
        return {1: TT_INT8, 2: TT_INT16, 4: TT_INT32, 8: TT_INT64}.get(itemsize, -1)
    if fmt in ("B", "H", "I", "L", "Q", "N"):
        return {1: TT_UINT8, 2: TT_UINT16, 4: TT_UINT32, 8: TT_UINT64}.get(itemsize, -1)
    return {"?": TT_BOOL, "e": TT_FLOAT16, "f": TT_FLOAT32, "d": TT_FLOAT64}.get(fmt, -1)


cdef Tensor _from_buffer(object obj, object copy):
    """A tensor sharing the memory of a buffer-protocol object (a NumPy array, memoryview,
    bytes, array.array...), or None if the object has no buffer (or, for an array, a format
    tinytensor has no dtype for). copy: True copies, None copies only when _imported must,
    False raises ValueError then."""
    cdef _BufferHolder h = _BufferHolder.__new__(_BufferHolder)
    cdef int dt, i
    cdef Tensor t
    if PyObject_GetBuffer(obj, &h.view, PyBUF_RECORDS_RO) != 0:
        return None
    h.held = True
    h.obj = obj
    fmt = h.view.format.decode() if h.view.format != NULL else "B"
    dt = _format_dtype(fmt, h.view.itemsize)
    if dt < 0:
        if not hasattr(obj, "__array__"):       # arrays fall back to conversion by value
            raise TypeError(f"tinytensor has no dtype for the buffer format {fmt!r} (itemsize "
                            f"{h.view.itemsize}); it has " + ", ".join(_DTYPE_NAMES))
        return None
    if h.view.ndim > TT_MAXDIM:
        raise ValueError(f"buffer has {h.view.ndim} dimensions; at most {TT_MAXDIM} are supported")
    t = Tensor.__new__(Tensor)
    t.data = <char *>h.view.buf
    t._ndim = h.view.ndim
    t._dtype = dt
    t._itemsize = <int>tt_itemsize(dt)
    t._readonly = h.view.readonly
    if h.view.ndim == 0:
        pass
    elif h.view.shape == NULL:
        t._ndim = 1
        t._shape[0] = h.view.len // t._itemsize
        t._strides[0] = t._itemsize
    else:
        for i in range(h.view.ndim):
            t._shape[i] = h.view.shape[i]
            t._strides[i] = h.view.strides[i] if h.view.strides != NULL else 0
        if h.view.strides == NULL:
            _set_c_strides(t)
    t._base = h
    _update_layout(t)
    try:
        t = _imported(t, copy)
    except BufferError as e:
        raise ValueError(f"Unable to avoid copy: {e}") from None
    return t.copy() if copy and t._base is h else t


cdef Tensor _imported(Tensor t, object copy):
    """What every import (buffer protocol, DLPack) does to foreign memory before tinytensor's
    kernels see it. Returns t itself, or a copy when one is needed (copy=False: BufferError):
    - data or strides not a multiple of the itemsize: an aligned copy (_aligned);
    - a bool buffer holding bytes other than 0 and 1 (a uint8 array viewed as bool): a copy
      with every non-zero byte made 1, so sum, ==, logical_and... all see NumPy's truth
      values. Buffers of 0s and 1s (every real bool array) stay shared: the check is a scan;
    - memory whose elements overlap each other (stride 0, as_strided, torch's expand): shared
      read-only, since a write through one element would change others (t += 1 would add
      several times); tt.tensor(x) or copy=True gives a writable copy."""
    cdef Operand ops[2]
    cdef tt_loop_flag flag
    cdef Tensor out
    t = _aligned(t, copy)
    if t._dtype == TT_BOOL and t._size:
        flag.found = 0
        ops[0] = _operand(t)
        _execute(tt_bool_check_loop, &flag, t._ndim, t._shape, ops, 1, 0, False)
        if flag.found:
            if copy is False:
                raise BufferError("the bool buffer holds bytes other than 0 and 1; tinytensor must "
                                  "copy it to make them 0/1 (copy=False forbids that)")
            out = _empty(t._ndim, t._shape, TT_BOOL)
            ops[0] = _operand(out)
            ops[1] = _operand(t)
            _execute(tt_cast_loop(TT_BOOL, TT_BOOL), NULL, t._ndim, t._shape, ops, 2, 0, True)
            t = out
    if not t._readonly and _may_self_overlap(t):
        t._readonly = True
    return t


# ---- DLPack: sharing tensors with NumPy, PyTorch, ... without copying -----------------------
#
# A DLPack exchange is one C struct in a PyCapsule. The producer (__dlpack__) fills in a
# DLTensor (pointer, shape, strides in ELEMENTS, dtype, device) inside a managed struct whose
# deleter the consumer calls when it no longer needs the memory. The capsule is named
# "dltensor_versioned" (DLPack >= 1.0: DLManagedTensorVersioned, with a version and flags such
# as read-only) or "dltensor" (the legacy DLManagedTensor, for consumers that pass no
# max_version). A consumer renames the capsule to "used_dltensor(_versioned)"; a capsule that
# dies unconsumed calls the deleter itself.
#
# Our deleter drops the reference to the Tensor that the struct keeps in manager_ctx; our
# imported tensors keep a _DLPackOwner as their base, which calls the producer's deleter.
# The structs below are written from the DLPack specification (dlpack.h, version 1.x).


cdef extern from "Python.h":
    int Py_IsInitialized() nogil


cdef struct DLPackVersion:
    uint32_t major
    uint32_t minor

cdef struct DLDevice:
    int32_t device_type             # a DLDeviceType (a C enum, int-sized); kDLCPU == 1
    int32_t device_id

cdef struct DLDataType:
    uint8_t code                    # kDLInt 0, kDLUInt 1, kDLFloat 2, kDLBool 6
    uint8_t bits
    uint16_t lanes                  # 1 for scalars (more: SIMD vector types, refused)

cdef struct DLTensor:
    void *data
    DLDevice device
    int32_t ndim
    DLDataType dtype
    int64_t *shape
    int64_t *strides                # in elements; NULL means C-contiguous
    uint64_t byte_offset            # added to data to reach the first element

cdef struct DLManagedTensor:        # the legacy (pre-1.0) struct, capsule "dltensor"
    DLTensor dl_tensor
    void *manager_ctx
    void (*deleter)(DLManagedTensor *) noexcept nogil

cdef struct DLManagedTensorVersioned:   # DLPack 1.x, capsule "dltensor_versioned"
    DLPackVersion version
    void *manager_ctx
    void (*deleter)(DLManagedTensorVersioned *) noexcept nogil
    uint64_t flags
    DLTensor dl_tensor

cdef enum:
    _kDLCPU = 1
    _DLPACK_FLAG_READ_ONLY = 1
    _DLPACK_FLAG_IS_COPIED = 2

# tinytensor dtype number -> (DLDataTypeCode, bits)
cdef uint8_t _DL_CODE[TT_NTYPES]
cdef uint8_t _DL_BITS[TT_NTYPES]
#             bool int8 uint8 int16 uint16 int32 uint32 int64 uint64 float16 float32 float64
_DL_CODE[:] = [6,   0,   1,    0,    1,     0,    1,     0,    1,     2,      2,      2]
_DL_BITS[:] = [8,   8,   8,    16,   16,    32,   32,    64,   64,    16,     32,     64]


cdef int _dl_dtype_num(DLDataType d) except -2:
    """The tinytensor dtype for a DLDataType, or -1 when there is none."""
    cdef int i
    if d.lanes != 1:
        return -1
    for i in range(TT_NTYPES):
        if _DL_CODE[i] == d.code and _DL_BITS[i] == d.bits:
            return i
    return -1


# -- producing --

cdef void _release_manager_ctx(void *ctx) noexcept nogil:
    """Drops the reference to the exported Tensor (the consumer may call this without the GIL)."""
    if ctx != NULL and Py_IsInitialized():
        with gil:
            Py_XDECREF(<PyObject *>ctx)


cdef void _deleter_legacy(DLManagedTensor *self) noexcept nogil:
    if self != NULL:
        _release_manager_ctx(self.manager_ctx)
        free(self)


cdef void _deleter_versioned(DLManagedTensorVersioned *self) noexcept nogil:
    if self != NULL:
        _release_manager_ctx(self.manager_ctx)
        free(self)


cdef void _capsule_destructor(object capsule) noexcept:
    """Runs when a capsule dies: one nobody consumed still owns its struct, so it calls the
    deleter; a "used_..." capsule belongs to its consumer and is left alone."""
    cdef PyObject *etype
    cdef PyObject *evalue
    cdef PyObject *etb
    cdef DLManagedTensorVersioned *mv
    cdef DLManagedTensor *ml
    PyErr_Fetch(&etype, &evalue, &etb)
    if PyCapsule_IsValid(capsule, b"dltensor_versioned"):
        mv = <DLManagedTensorVersioned *>PyCapsule_GetPointer(capsule, b"dltensor_versioned")
        if mv.deleter != NULL:
            mv.deleter(mv)
    elif PyCapsule_IsValid(capsule, b"dltensor"):
        ml = <DLManagedTensor *>PyCapsule_GetPointer(capsule, b"dltensor")
        if ml.deleter != NULL:
            ml.deleter(ml)
    PyErr_Restore(etype, evalue, etb)


cdef object _export(Tensor t, bint versioned, uint32_t minor, bint copied):
    """A capsule holding a DLPack struct that describes t (and keeps t alive)."""
    cdef int nd = t._ndim, i
    cdef size_t head = sizeof(DLManagedTensorVersioned) if versioned else sizeof(DLManagedTensor)
    # one block: the managed struct, then shape[nd] and strides[nd] (head is a multiple of 8)
    cdef char *block = <char *>malloc(head + 2 * (nd + 1) * sizeof(int64_t))
    cdef DLManagedTensorVersioned *mv = <DLManagedTensorVersioned *>block
    cdef DLManagedTensor *ml = <DLManagedTensor *>block
    cdef DLTensor *dl
    if block == NULL:
        raise MemoryError("cannot allocate a DLPack struct")
    if versioned:
        mv.version.major = 1
        mv.version.minor = minor
        mv.manager_ctx = <void *>t
        mv.deleter = _deleter_versioned
        mv.flags = (_DLPACK_FLAG_READ_ONLY if t._readonly or t._requires_grad else 0) | (_DLPACK_FLAG_IS_COPIED if copied else 0)
        dl = &mv.dl_tensor
    else:
        ml.manager_ctx = <void *>t
        ml.deleter = _deleter_legacy
        dl = &ml.dl_tensor
    Py_INCREF(t)                    # released by the deleter
    dl.data = <void *>t.data
    dl.device.device_type = _kDLCPU
    dl.device.device_id = 0
    dl.ndim = nd
    dl.dtype.code = _DL_CODE[t._dtype]
    dl.dtype.bits = _DL_BITS[t._dtype]
    dl.dtype.lanes = 1
    dl.shape = <int64_t *>(block + head)
    dl.strides = dl.shape + nd + 1
    dl.byte_offset = 0
    for i in range(nd):
        dl.shape[i] = t._shape[i]
        dl.strides[i] = t._strides[i] // t._itemsize
    try:
        return PyCapsule_New(<void *>block, b"dltensor_versioned" if versioned else b"dltensor",
                             _capsule_destructor)
    except BaseException:
        if versioned:
            _deleter_versioned(mv)
        else:
            _deleter_legacy(ml)
        raise


cdef bint _strides_in_elements(Tensor t) noexcept:
    cdef int i
    for i in range(t._ndim):
        if t._strides[i] % t._itemsize:
            return False
    return True


def _to_dlpack(Tensor t, stream=None, max_version=None, dl_device=None, copy=None):
    """Tensor.__dlpack__: a "dltensor_versioned" capsule when the consumer passes
    max_version >= (1, 0), else a legacy "dltensor" one. copy=True exports a copy (flagged
    IS_COPIED); copy=False and None share t's memory or raise BufferError when they cannot."""
    if stream is not None:
        raise BufferError(f"tinytensor tensors live on the CPU, which has no streams: stream must "
                          f"be None, not {stream!r}")
    if dl_device is not None:
        try:
            dev_type, dev_id = dl_device
            dev_type, dev_id = operator.index(dev_type), operator.index(dev_id)
        except (TypeError, ValueError):
            raise ValueError(f"dl_device must be a (device_type, device_id) pair, not {dl_device!r}") from None
        if (dev_type, dev_id) != (_kDLCPU, 0):
            raise BufferError(f"tinytensor can only export to the CPU, DLPack device (1, 0); "
                              f"{dl_device!r} was requested")
    if copy is not None and not isinstance(copy, bool):
        raise ValueError(f"copy must be True, False or None, not {copy!r}")
    versioned = False
    minor = 0
    if max_version is not None:
        major, minor = operator.index(max_version[0]), operator.index(max_version[1])
        versioned = major >= 1
        minor = minor if major == 1 and minor < 1 else 1     # we speak 1.0 and 1.1 alike
    if copy:
        return _export(_contiguous_copy(t), versioned, minor, True)
    if not _strides_in_elements(t):
        raise BufferError("DLPack strides count elements, and this tensor's byte strides "
                          f"{t.strides} are not multiples of its itemsize {t._itemsize}; "
                          "pass copy=True to export a copy")
    if (t._readonly or t._requires_grad) and not versioned:
        raise BufferError("cannot export a read-only tensor (or one that requires grad, which is "
                          "shared read-only) as a legacy DLPack capsule (it has no read-only flag); "
                          "pass max_version=(1, 0), copy=True, or export t.detach()")
    return _export(t, versioned, minor, False)


# -- consuming --

cdef class _DLPackOwner:
    """The base of a tensor imported through DLPack: holds the producer's managed struct and
    calls its deleter when the last tensor using the memory dies."""
    cdef void *managed
    cdef bint versioned

    def __dealloc__(self):
        cdef DLManagedTensorVersioned *mv
        cdef DLManagedTensor *ml
        if self.managed == NULL:
            return
        if self.versioned:
            mv = <DLManagedTensorVersioned *>self.managed
            if mv.deleter != NULL:
                mv.deleter(mv)
        else:
            ml = <DLManagedTensor *>self.managed
            if ml.deleter != NULL:
                ml.deleter(ml)
        self.managed = NULL


cdef Tensor _consume_capsule(object capsule):
    """A tensor over the memory a DLPack capsule describes; the capsule is marked used."""
    cdef DLManagedTensorVersioned *mv = NULL
    cdef DLManagedTensor *ml = NULL
    cdef DLTensor *dl
    cdef uint64_t flags = 0
    cdef int dt, i
    cdef Tensor t
    cdef _DLPackOwner owner
    if PyCapsule_IsValid(capsule, b"dltensor_versioned"):
        mv = <DLManagedTensorVersioned *>PyCapsule_GetPointer(capsule, b"dltensor_versioned")
        if mv.version.major != 1:
            raise BufferError(f"the producer sent a DLPack {mv.version.major}.{mv.version.minor} capsule; "
                              "tinytensor reads DLPack 1.x")
        dl = &mv.dl_tensor
        flags = mv.flags
    elif PyCapsule_IsValid(capsule, b"dltensor"):
        ml = <DLManagedTensor *>PyCapsule_GetPointer(capsule, b"dltensor")
        dl = &ml.dl_tensor
    else:
        raise ValueError("expected an unused DLPack capsule (named 'dltensor' or 'dltensor_versioned'); "
                         "a capsule can be consumed only once")
    if dl.device.device_type != _kDLCPU:
        raise BufferError(f"tinytensor reads CPU memory only; the capsule is on DLPack device "
                          f"({dl.device.device_type}, {dl.device.device_id})")
    dt = _dl_dtype_num(dl.dtype)
    if dt < 0:
        raise BufferError(f"tinytensor has no dtype for DLPack type (code={dl.dtype.code}, "
                          f"bits={dl.dtype.bits}, lanes={dl.dtype.lanes})")
    if dl.ndim < 0 or dl.ndim > TT_MAXDIM:
        raise BufferError(f"DLPack tensor has {dl.ndim} dimensions; tinytensor supports 0 to {TT_MAXDIM}")
    t = Tensor.__new__(Tensor)
    t.data = <char *>dl.data + dl.byte_offset
    t._ndim = dl.ndim
    t._dtype = dt
    t._itemsize = <int>tt_itemsize(dt)
    t._readonly = (flags & _DLPACK_FLAG_READ_ONLY) != 0
    for i in range(dl.ndim):
        t._shape[i] = dl.shape[i]
        if dl.strides != NULL:
            t._strides[i] = dl.strides[i] * t._itemsize
    if dl.strides == NULL:
        _set_c_strides(t)
    owner = _DLPackOwner.__new__(_DLPackOwner)
    if mv != NULL:
        PyCapsule_SetName(capsule, b"used_dltensor_versioned")
        owner.managed = <void *>mv
        owner.versioned = True
    else:
        PyCapsule_SetName(capsule, b"used_dltensor")
        owner.managed = <void *>ml
    t._base = owner
    _update_layout(t)
    return t


def from_dlpack(x, *, device=None, copy=None):
    """A tensor sharing the memory of `x`, any object with ``__dlpack__`` (or a DLPack capsule),
    as the array API's ``from_dlpack``.

    ``copy=True`` copies; ``copy=False`` never does (BufferError when it would have to); None
    copies only when needed. Producers on another device are asked to hand over a CPU copy.

    Parameters
    ----------
    x : object
        A NumPy array, a PyTorch tensor, a tinytensor, ... (anything with ``__dlpack__``), or a
        ``"dltensor"`` capsule.
    device : str, optional
        ``"cpu"`` (tinytensor's only device) or None.
    copy : bool, optional
        True: always copy; False: never copy; None (default): share the memory when possible.

    Returns
    -------
    Tensor
        x's shape, dtype and strides; its memory unless a copy was asked for or needed.

    Raises
    ------
    TypeError
        When `x` has no ``__dlpack__`` method and is not a capsule.
    ValueError
        When `device` is not the CPU, `copy` is not True, False or None, or x's dtype or layout
        is not one tinytensor holds.
    BufferError
        When ``copy=False`` and sharing is not possible.

    See Also
    --------
    tinytensor.asarray

    Examples
    --------
    >>> import numpy as np
    >>> a = np.arange(3.0)
    >>> t = tt.from_dlpack(a)
    >>> a[0] = 9.0                      # the memory is shared
    >>> t
    tensor([9., 1., 2.])
    >>> tt.from_dlpack(a, copy=True).data_ptr == t.data_ptr
    False
    """
    if device is not None and device != "cpu":
        raise ValueError(f"tinytensor only has the 'cpu' device, not {device!r}")
    if copy is not None and not isinstance(copy, bool):
        raise ValueError(f"copy must be True, False or None, not {copy!r}")
    if type(x).__name__ == "PyCapsule":
        t = _consume_capsule(x)
        u = _imported(t, copy)
        return u.copy() if copy and u is t else u
    if not hasattr(x, "__dlpack__"):
        raise TypeError(f"from_dlpack needs an object with a __dlpack__ method (a NumPy array, a "
                        f"PyTorch tensor, ...), not {type(x).__name__}")
    kwargs = {"max_version": (1, 1)}
    if copy is not None:
        kwargs["copy"] = copy
    dev = tuple(x.__dlpack_device__()) if hasattr(x, "__dlpack_device__") else (_kDLCPU, 0)
    if dev[0] != _kDLCPU:
        kwargs["dl_device"] = (_kDLCPU, 0)      # ask the producer to bring it to the CPU
    producer_copied = copy is not None
    try:
        capsule = x.__dlpack__(**kwargs)
    except TypeError:                           # a producer older than the 2023.12 keywords
        capsule = x.__dlpack__()
        producer_copied = False
    t = _consume_capsule(capsule)
    u = _imported(t, False if copy is False else None)
    return u.copy() if copy and not producer_copied and u is t else u


def _rebuild_shared(buffer, dtype_name, shape, requires_grad=False):
    """Unpickles a protocol-5 tensor: a tensor of `shape` over `buffer` (the PickleBuffer's bytes,
    in-band or handed over out-of-band), sharing its memory. Like NumPy, it is read-only when the
    buffer is (bytes); an in-band pickle of a writable tensor arrives as a writable bytearray."""
    cdef DType d = dtype(dtype_name)
    raw = memoryview(buffer)
    count = 1
    for n in shape:
        count *= n
    if raw.nbytes != count * d.itemsize:
        raise ValueError("corrupt pickled tensor: byte count does not match its shape")
    cdef Tensor out
    if count == 0:
        out = empty(shape, dtype=d)               # nothing to share (memoryview cannot cast it)
    else:
        out = asarray(raw.cast("B").cast(_DTYPE_FORMATS[d.num])).reshape(shape)
    if requires_grad:
        out.requires_grad = True
    return out


def _rebuild(data, dtype_name, shape, requires_grad=False):
    cdef Operand ops[2]
    cdef Tensor t = tensor(bytearray(data), dtype=uint8)
    cdef Tensor out = empty(shape, dtype=dtype_name)
    if out.nbytes != len(data):
        raise ValueError("corrupt pickled tensor: byte count does not match its shape")
    memcpy(out.data, t.data, len(data))
    if out._dtype == TT_BOOL:               # bytes other than 0/1 in a crafted pickle become 1
        ops[0] = ops[1] = _operand(out)
        _execute(tt_cast_loop(TT_BOOL, TT_BOOL), NULL, out._ndim, out._shape, ops, 2, 0, True)
    if requires_grad:
        out.requires_grad = True
    return out
