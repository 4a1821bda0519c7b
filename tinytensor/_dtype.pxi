# ---- dtypes and type promotion ------------------------------------------------------------
#
# Twelve dtypes, numbered in csrc/tt.h: bool, the integers int8 ... uint64 and the floats
# float16, float32, float64. Promotion follows NumPy 2 (NEP 50): a Python scalar is "weak" and
# takes the tensor's dtype when its kind allows (float32 tensor + 1.0 -> float32), while two
# tensors (0-d ones included) promote by _PROMOTE, which _promote_pair fills from NumPy's rule.

cdef tuple _DTYPE_NAMES = ("bool", "int8", "uint8", "int16", "uint16", "int32", "uint32", "int64",
                           "uint64", "float16", "float32", "float64")
cdef tuple _DTYPE_FORMATS = ("?", "b", "B", "h", "H", "i", "I", "q", "Q", "e", "f", "d")
cdef tuple _DTYPE_KINDS = ("b", "i", "u", "i", "u", "i", "u", "i", "u", "f", "f", "f")

cdef inline bint _is_float(int dt) noexcept:
    return dt >= TT_FLOAT16

cdef inline bint _is_int(int dt) noexcept:
    """An integer dtype (bool is not one)."""
    return dt > TT_BOOL and dt < TT_FLOAT16

cdef inline bint _is_unsigned(int dt) noexcept:
    return dt == TT_UINT8 or dt == TT_UINT16 or dt == TT_UINT32 or dt == TT_UINT64

cdef inline bint _dtype_is_signed(int dt) noexcept:
    """Whether the dtype holds negative values (signed integers and floats)."""
    return dt != TT_BOOL and not _is_unsigned(dt)


cdef int _promote_pair(int a, int b) noexcept:
    """NumPy 2's promotion of two dtypes:

        bool with anything -> the other; two floats or two integers of one signedness -> the
        wider; a signed and an unsigned integer -> the signed one if it is wider, else the
        next wider signed one (uint64 with any signed -> float64); a float with an integer ->
        the wider of the float and the smallest float holding the integer's values
        (8-bit -> float16, 16-bit -> float32, wider -> float64).
    """
    cdef int size_a = <int>tt_itemsize(a), size_b = <int>tt_itemsize(b)
    if a == b or b == TT_BOOL:
        return a
    if a == TT_BOOL:
        return b
    if _is_float(a) and _is_float(b):
        return a if size_a >= size_b else b
    if _is_float(a) or _is_float(b):
        fl, it = (a, b) if _is_float(a) else (b, a)
        holds = (TT_FLOAT16, TT_FLOAT32, TT_FLOAT64, TT_FLOAT64)[(1, 2, 4, 8).index(tt_itemsize(it))]
        return fl if tt_itemsize(fl) >= tt_itemsize(holds) else holds
    if _is_unsigned(a) == _is_unsigned(b):
        return a if size_a >= size_b else b
    cdef int s = a if not _is_unsigned(a) else b
    cdef int u = b if s == a else a
    if tt_itemsize(s) > tt_itemsize(u):
        return s
    return {1: TT_INT16, 2: TT_INT32, 4: TT_INT64, 8: TT_FLOAT64}[tt_itemsize(u)]


# _PROMOTE[a][b]: the dtype two tensors of dtypes a and b compute in.
cdef int _PROMOTE[TT_NTYPES][TT_NTYPES]
for _a in range(TT_NTYPES):
    for _b in range(TT_NTYPES):
        _PROMOTE[_a][_b] = _promote_pair(_a, _b)


cdef int _float_for(int dt) noexcept:
    """The float dtype a transcendental function of dtype dt computes in (NumPy's rule: the
    smallest float holding the values: bool and 8-bit integers -> float16, 16-bit -> float32,
    wider -> float64; floats stay)."""
    if _is_float(dt):
        return dt
    return _promote_pair(dt, TT_FLOAT16)


cdef class DType:
    """A tensor element type: ``tt.float32`` etc.

    There is one object per dtype (``tt.bool_``, ``tt.int8``, ``tt.uint8``, ``tt.int16``,
    ``tt.uint16``, ``tt.int32``, ``tt.uint32``, ``tt.int64``, ``tt.uint64``, ``tt.float16``,
    ``tt.float32``, ``tt.float64``); get one from a name with ``tt.dtype``. A DType compares
    equal to itself, to its name (``tt.float32 == 'float32'``), and to NumPy's dtype of the
    same name, so code written for NumPy reads naturally; it hashes as its name.

    Attributes
    ----------
    name : str
        ``"float32"``, ...
    itemsize : int
        Bytes per element.
    kind : str
        NumPy's kind character: ``"b"`` bool, ``"i"`` signed, ``"u"`` unsigned, ``"f"`` float.
    char : str
        The buffer-protocol (struct) format character, ``"f"`` for float32.
    num : int
        The dtype's number in tinytensor's C tables.
    type : type
        The Python type of one element: bool, int or float.
    dtype : numpy.dtype
        NumPy's dtype of the same name (needs NumPy), so ``np.zeros(3, dtype=tt.float32)``
        works.

    See Also
    --------
    tinytensor.dtype, tinytensor.result_type

    Examples
    --------
    >>> d = tt.float32
    >>> d, d.name, d.itemsize, d.kind, d.type
    (dtype('float32'), 'float32', 4, 'f', <class 'float'>)
    >>> d == "float32", d == tt.float64
    (True, False)
    >>> tt.tensor([1, 2]).dtype
    dtype('int64')
    """
    cdef readonly int num
    cdef readonly str name
    cdef readonly int itemsize
    cdef readonly str kind
    cdef readonly str char

    def __repr__(self):
        return f"dtype('{self.name}')"

    def __str__(self):
        return self.name

    def __hash__(self):
        return hash(self.name)

    def __eq__(self, other):
        if isinstance(other, DType):
            return (<DType>other).num == self.num
        try:
            return _dtype_num(other) == self.num
        except (TypeError, ValueError):
            return False

    def __ne__(self, other):
        return not self.__eq__(other)

    def __reduce__(self):
        return (dtype, (self.name,))

    @property
    def type(self):
        """The Python type of one element (bool, int or float)."""
        return bool if self.num == TT_BOOL else (float if _is_float(self.num) else int)

    @property
    def dtype(self):
        """The NumPy dtype of the same name, so NumPy takes tt dtypes (np.zeros(3, dtype=tt.float32))."""
        import numpy
        return numpy.dtype(self.name)


cdef list _DTYPES = []
for _i in range(TT_NTYPES):
    _d = DType.__new__(DType)
    (<DType>_d).num = _i
    (<DType>_d).name = _DTYPE_NAMES[_i]
    (<DType>_d).itemsize = tt_itemsize(_i)
    (<DType>_d).kind = _DTYPE_KINDS[_i]
    (<DType>_d).char = _DTYPE_FORMATS[_i]
    _DTYPES.append(_d)

bool_ = _DTYPES[TT_BOOL]
int8 = _DTYPES[TT_INT8]
uint8 = _DTYPES[TT_UINT8]
int16 = _DTYPES[TT_INT16]
uint16 = _DTYPES[TT_UINT16]
int32 = _DTYPES[TT_INT32]
uint32 = _DTYPES[TT_UINT32]
int64 = _DTYPES[TT_INT64]
uint64 = _DTYPES[TT_UINT64]
float16 = _DTYPES[TT_FLOAT16]
float32 = _DTYPES[TT_FLOAT32]
float64 = _DTYPES[TT_FLOAT64]

# Every spelling a dtype= argument takes: NumPy's names, kind+size codes and buffer characters
# (the one alias table: the RNG and the interop code look dtypes up here too).
cdef dict _DTYPE_ALIASES = {
    "bool": TT_BOOL, "bool_": TT_BOOL, "?": TT_BOOL, "b1": TT_BOOL,
    "int8": TT_INT8, "i1": TT_INT8, "b": TT_INT8, "byte": TT_INT8,
    "uint8": TT_UINT8, "u1": TT_UINT8, "B": TT_UINT8, "ubyte": TT_UINT8,
    "int16": TT_INT16, "i2": TT_INT16, "h": TT_INT16, "short": TT_INT16,
    "uint16": TT_UINT16, "u2": TT_UINT16, "H": TT_UINT16, "ushort": TT_UINT16,
    "int32": TT_INT32, "i4": TT_INT32, "i": TT_INT32, "intc": TT_INT32,
    "uint32": TT_UINT32, "u4": TT_UINT32, "I": TT_UINT32, "uintc": TT_UINT32,
    "int64": TT_INT64, "i8": TT_INT64, "q": TT_INT64, "l": TT_INT64, "int": TT_INT64, "long": TT_INT64,
    "int_": TT_INT64, "intp": TT_INT64, "longlong": TT_INT64,
    "uint64": TT_UINT64, "u8": TT_UINT64, "Q": TT_UINT64, "L": TT_UINT64, "uint": TT_UINT64,
    "ulong": TT_UINT64, "uintp": TT_UINT64, "ulonglong": TT_UINT64,
    "float16": TT_FLOAT16, "f2": TT_FLOAT16, "e": TT_FLOAT16, "half": TT_FLOAT16,
    "float32": TT_FLOAT32, "f4": TT_FLOAT32, "f": TT_FLOAT32, "single": TT_FLOAT32,
    "float64": TT_FLOAT64, "f8": TT_FLOAT64, "d": TT_FLOAT64, "float": TT_FLOAT64, "double": TT_FLOAT64,
    "float_": TT_FLOAT64,
}


cdef int _dtype_num(object obj) except -1:
    """The dtype number for anything a ``dtype=`` argument takes: a tt dtype, a NumPy-style
    name ('float32', 'f4', '<f4'), a Python type (float, int, bool) or a NumPy dtype/type."""
    if isinstance(obj, DType):
        return (<DType>obj).num
    if obj is float:
        return TT_FLOAT64
    if obj is int:
        return TT_INT64
    if obj is bool:
        return TT_BOOL
    if isinstance(obj, str):
        key = obj[1:] if obj[:1] in ("<", "=", "|") else obj
        num = _DTYPE_ALIASES.get(key)
        if num is None:
            if key and key[0] == ">" or key.startswith(("complex", "c8", "c16", "float128", "longdouble",
                                                        "datetime", "timedelta", "object", "str", "bytes")):
                raise TypeError(f"tinytensor does not support the dtype {obj!r}; supported: "
                                + ", ".join(_DTYPE_NAMES))
            raise TypeError(f"data type {obj!r} not understood")
        return num
    # NumPy dtypes (np.dtype('float32')) and scalar types (np.float32) name themselves.
    name = getattr(obj, "name", None) if not isinstance(obj, type) else getattr(obj, "__name__", None)
    if isinstance(name, str) and type(obj).__module__.split(".")[0] in ("numpy", "builtins") \
            and (not isinstance(obj, type) or obj.__module__.split(".")[0] == "numpy"):
        return _dtype_num(name)
    if obj is None:
        raise TypeError("dtype must not be None here")
    raise TypeError(f"data type {obj!r} not understood")


def dtype(obj):
    """The tt dtype for `obj`: a dtype, a name such as ``'float32'``, a Python type, or a NumPy
    dtype or scalar type.

    Parameters
    ----------
    obj : DType, str, type or numpy.dtype
        A tt dtype; a NumPy-style name or code (``"float32"``, ``"f4"``, ``"<f4"``, ``"float"``
        is float64, ``"int"`` int64); ``float``, ``int`` or ``bool`` (float64, int64, bool, as
        NumPy); ``numpy.float32`` or ``numpy.dtype("float32")``.

    Returns
    -------
    DType
        The one object of that dtype (``tt.dtype("float32") is tt.float32``).

    Raises
    ------
    TypeError
        When `obj` names no dtype, names one tinytensor does not have (complex, big-endian,
        datetime, string...), or is None.

    See Also
    --------
    tinytensor.DType, tinytensor.result_type

    Examples
    --------
    >>> tt.dtype("float32")
    dtype('float32')
    >>> tt.dtype(int), tt.dtype("f2"), tt.dtype("<u4")
    (dtype('int64'), dtype('float16'), dtype('uint32'))
    >>> tt.dtype("complex64")
    Traceback (most recent call last):
        ...
    TypeError: tinytensor does not support the dtype 'complex64'; supported: bool, int8, uint8, int16, uint16, int32, uint32, int64, uint64, float16, float32, float64
    """
    return _DTYPES[_dtype_num(obj)]


cdef inline DType _dt(int num):
    return <DType>_DTYPES[num]


# Python scalars: their kind (bool < int < float) and their default dtype when alone.
cdef inline int _scalar_kind(object v) except -2:
    """0 bool, 1 int, 2 float, -1 not a Python scalar. NumPy's scalars (np.float64 subclasses
    float) carry a dtype and are strong, as in NumPy 2: they are not Python scalars here."""
    cdef type tp = type(v)
    if tp is float:
        return 2
    if tp is int:
        return 1
    if tp is bool:
        return 0
    if hasattr(v, "dtype"):
        return -1
    if isinstance(v, bool):
        return 0
    if isinstance(v, int):
        return 1
    if isinstance(v, float):
        return 2
    return -1


cdef int _weak_result(int tensor_dt, int kind) noexcept:
    """The dtype a tensor of tensor_dt and a weak Python scalar of `kind` compute in."""
    if kind == 0:
        return tensor_dt
    if kind == 1:
        return TT_INT64 if tensor_dt == TT_BOOL else tensor_dt
    return tensor_dt if _is_float(tensor_dt) else TT_FLOAT64


# (lowest, highest) value of each integer dtype (bool: 0, 1), by dtype number
cdef tuple _INT_BOUNDS = ((0, 1), (-2**7, 2**7 - 1), (0, 2**8 - 1), (-2**15, 2**15 - 1), (0, 2**16 - 1),
                          (-2**31, 2**31 - 1), (0, 2**32 - 1), (-2**63, 2**63 - 1), (0, 2**64 - 1))


cdef int _check_int_fits(object value, int dt) except -1:
    lo, hi = _INT_BOUNDS[dt]
    if not (lo <= value <= hi):
        raise OverflowError(f"Python integer {value} out of bounds for {_DTYPE_NAMES[dt]}")
    return 0


def result_type(*arrays_and_dtypes):
    r"""The dtype NumPy 2 would compute in for these tensors, dtypes and Python scalars.

    Tensors, dtypes and NumPy arrays or scalars promote pairwise (``tt.int8`` with ``tt.uint8``
    is int16, an integer with a float is the float wide enough, uint64 with int64 is float64).
    Python scalars are weak: they only raise the kind (bool < int < float), never the size::

        dt = promote(promote(dtype(a0), dtype(a1)), ...)        # the strong arguments
        if the strongest scalar's kind is above dt's kind: dt = the default of that kind
                                       # int64 for int over bool, float64 for float over integers

    Parameters
    ----------
    \*arrays_and_dtypes : Tensor, dtype, numpy.ndarray or Python scalar
        What to combine; at least one.

    Returns
    -------
    DType
        The promoted dtype. Only Python scalars: bool, int64 or float64 by their kind.

    Raises
    ------
    ValueError
        When called with no argument.
    TypeError
        When an argument is neither a tensor, a scalar nor a dtype tinytensor knows.

    See Also
    --------
    tinytensor.dtype, tinytensor.can_cast

    Examples
    --------
    >>> tt.result_type(tt.int8, tt.uint8)
    dtype('int16')
    >>> tt.result_type(tt.int32, tt.float32)
    dtype('float64')
    >>> x = tt.tensor([1.0], dtype=tt.float32)
    >>> tt.result_type(x, 2.5)            # a weak Python float keeps float32
    dtype('float32')
    >>> tt.result_type(tt.int8, 1000)     # a weak int keeps the integer dtype
    dtype('int8')
    """
    cdef int dt = -1, kind = -1, k
    for obj in arrays_and_dtypes:
        if isinstance(obj, Tensor):
            d = (<Tensor>obj)._dtype
        elif hasattr(obj, "dtype") and not isinstance(obj, type) and _scalar_kind(obj) < 0:
            d = _dtype_num(obj.dtype)      # a NumPy array or scalar: strong, by its dtype
        else:
            k = _scalar_kind(obj)
            if k >= 0:
                kind = k if k > kind else kind
                continue
            d = _dtype_num(obj)
        dt = d if dt < 0 else _PROMOTE[dt][d]
    if dt < 0:
        if kind < 0:
            raise ValueError("at least one array or dtype is required")
        return _DTYPES[(TT_BOOL, TT_INT64, TT_FLOAT64)[kind]]
    if kind >= 0:
        dt = _weak_result(dt, kind)
    return _DTYPES[dt]
