# ---- dtypes and type promotion ------------------------------------------------------------
#
# Six dtypes, numbered in csrc/tt.h. Promotion follows NumPy 2 (NEP 50): a Python scalar is
# "weak" and takes the tensor's dtype when its kind allows (float32 tensor + 1.0 -> float32),
# while two tensors (0-d ones included) promote by the table below.

cdef tuple _DTYPE_NAMES = ("bool", "uint8", "int32", "int64", "float32", "float64")
cdef tuple _DTYPE_FORMATS = ("?", "B", "i", "q", "f", "d")
cdef tuple _DTYPE_KINDS = ("b", "u", "i", "i", "f", "f")

# _PROMOTE[a][b]: the dtype two tensors of dtypes a and b compute in.
cdef int _PROMOTE[6][6]
_PROMOTE[:] = [
    #  bool        uint8       int32       int64       float32     float64
    [TT_BOOL,    TT_UINT8,   TT_INT32,   TT_INT64,   TT_FLOAT32, TT_FLOAT64],   # bool
    [TT_UINT8,   TT_UINT8,   TT_INT32,   TT_INT64,   TT_FLOAT32, TT_FLOAT64],   # uint8
    [TT_INT32,   TT_INT32,   TT_INT32,   TT_INT64,   TT_FLOAT64, TT_FLOAT64],   # int32
    [TT_INT64,   TT_INT64,   TT_INT64,   TT_INT64,   TT_FLOAT64, TT_FLOAT64],   # int64
    [TT_FLOAT32, TT_FLOAT32, TT_FLOAT64, TT_FLOAT64, TT_FLOAT32, TT_FLOAT64],   # float32
    [TT_FLOAT64, TT_FLOAT64, TT_FLOAT64, TT_FLOAT64, TT_FLOAT64, TT_FLOAT64],   # float64
]

cdef inline bint _is_float(int dt) noexcept:
    return dt == TT_FLOAT32 or dt == TT_FLOAT64

cdef inline bint _is_int(int dt) noexcept:
    return dt == TT_UINT8 or dt == TT_INT32 or dt == TT_INT64

cdef inline bint _dtype_is_signed(int dt) noexcept:
    return dt == TT_INT32 or dt == TT_INT64 or dt == TT_FLOAT32 or dt == TT_FLOAT64


cdef class DType:
    """A tensor element type: ``tt.float32`` etc.

    Compares equal to itself, to its name (``tt.float32 == 'float32'``), and to NumPy's
    dtype of the same name, so code written for NumPy reads naturally.
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
        return (bool, int, int, int, float, float)[self.num]

    @property
    def dtype(self):
        """The NumPy dtype of the same name, so NumPy takes tt dtypes: np.zeros(3, dtype=tt.float32)."""
        import numpy
        return numpy.dtype(self.name)


cdef list _DTYPES = []
for _i in range(6):
    _d = DType.__new__(DType)
    (<DType>_d).num = _i
    (<DType>_d).name = _DTYPE_NAMES[_i]
    (<DType>_d).itemsize = tt_itemsize(_i)
    (<DType>_d).kind = _DTYPE_KINDS[_i]
    (<DType>_d).char = _DTYPE_FORMATS[_i]
    _DTYPES.append(_d)

bool_ = _DTYPES[TT_BOOL]
uint8 = _DTYPES[TT_UINT8]
int32 = _DTYPES[TT_INT32]
int64 = _DTYPES[TT_INT64]
float32 = _DTYPES[TT_FLOAT32]
float64 = _DTYPES[TT_FLOAT64]

cdef dict _DTYPE_ALIASES = {
    "bool": TT_BOOL, "bool_": TT_BOOL, "?": TT_BOOL, "b1": TT_BOOL,
    "uint8": TT_UINT8, "u1": TT_UINT8, "B": TT_UINT8, "ubyte": TT_UINT8,
    "int32": TT_INT32, "i4": TT_INT32, "i": TT_INT32, "intc": TT_INT32,
    "int64": TT_INT64, "i8": TT_INT64, "q": TT_INT64, "l": TT_INT64, "int": TT_INT64, "long": TT_INT64,
    "float32": TT_FLOAT32, "f4": TT_FLOAT32, "f": TT_FLOAT32, "single": TT_FLOAT32,
    "float64": TT_FLOAT64, "f8": TT_FLOAT64, "d": TT_FLOAT64, "float": TT_FLOAT64, "double": TT_FLOAT64,
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
            if key and key[0] == ">" or obj in ("float16", "int8", "int16", "uint16", "uint32", "uint64",
                                                "complex64", "complex128", "f2", "i1", "i2"):
                raise TypeError(f"tinytensor does not support the dtype {obj!r}; "
                                "supported: bool, uint8, int32, int64, float32, float64")
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
    """The tt dtype for ``obj`` (a dtype, a name such as 'float32', or a Python type)."""
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


cdef tuple _INT_BOUNDS = ((0, 1), (0, 255), (-2**31, 2**31 - 1), (-2**63, 2**63 - 1))


cdef int _check_int_fits(object value, int dt) except -1:
    lo, hi = _INT_BOUNDS[dt]
    if not (lo <= value <= hi):
        raise OverflowError(f"Python integer {value} out of bounds for {_DTYPE_NAMES[dt]}")
    return 0


def result_type(*arrays_and_dtypes):
    """The dtype NumPy 2 would compute in for these tensors, dtypes and Python scalars
    (scalars are weak: they only raise the kind, never the size)."""
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
