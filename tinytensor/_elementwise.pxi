# ---- elementwise operations --------------------------------------------------------------
#
# Where `a + b` goes: Tensor.__add__ -> _binop(OP_ADD, a, b) (the recording gate, _gate.pxi)
# -> _binary: dtype promotion and broadcasting here -> _execute -> the strided iterator
# (csrc/iter.c) -> the inner loop add_f32 in csrc/elementwise_impl.h, which is, element by
# element, `out[i] = a[i] + b[i]`. The ops, their kernels and dtype rules are rows of the op
# table (_optable.py); an op id (OP_ADD) indexes its row, _OP_KERNEL[op] is its C loop number.

cdef inline bint _is_comparison(int op) noexcept:
    return _OP_RULE[op] == RULE_COMPARE

cdef inline bint _is_logical(int op) noexcept:
    return _OP_RULE[op] == RULE_LOGICAL


cdef bint _can_cast_same_kind(int src, int dst) noexcept:
    """NumPy's 'same_kind' rule for writing results into an existing tensor."""
    if _PROMOTE[src][dst] == dst:
        return True
    return _DTYPE_KINDS[src] == _DTYPE_KINDS[dst]


cdef Tensor _cast(Tensor t, int dt):
    """A C-contiguous copy of t converted to dtype dt."""
    cdef Tensor out = _empty(t._ndim, t._shape, dt)
    cdef Operand ops[2]
    ops[0] = _operand(out)
    ops[1] = _operand(t)
    _execute(tt_cast_loop(t._dtype, dt), NULL, t._ndim, t._shape, ops, 2, 0, True)
    return out


# _binary_dtype's answer for a comparison whose result every element shares: a Python int beyond
# the range of the integer dtype it meets (int64 tensor < 2**63 is True everywhere, as NumPy 2)
cdef enum:
    _ALL_FALSE = -3
    _ALL_TRUE = -2


cdef int _binary_dtype(int op, Tensor ta, int ka, object a, Tensor tb, int kb, object b) except -100:
    """The dtype an elementwise op computes in: NEP 50 promotion, then the op's own rule."""
    cdef int dt
    cdef object scalar = None
    if ta is not None and tb is not None:
        if _OP_RULE[op] == RULE_FLOAT:      # each operand's float, then promoted (NumPy's loops)
            return _PROMOTE[_float_for(ta._dtype)][_float_for(tb._dtype)]
        dt = _PROMOTE[ta._dtype][tb._dtype]
    elif ta is not None:
        dt = _weak_result(ta._dtype, kb)
        scalar = b if kb == 1 else None
    elif tb is not None:
        dt = _weak_result(tb._dtype, ka)
        scalar = a if ka == 1 else None
    else:
        dt = (TT_BOOL, TT_INT64, TT_FLOAT64)[ka if ka > kb else kb]
    if _is_logical(op):
        return TT_BOOL      # operands convert to bool: a Python int never overflows here
    if _OP_RULE[op] == RULE_TRUE_DIVIDE and not _is_float(dt):
        return TT_FLOAT64   # integers divide in float64: uint8 / 300 is fine, as in NumPy
    if _OP_RULE[op] == RULE_FLOAT and not _is_float(dt):
        return _float_for(dt)   # atan2 of int8s computes in float16, as NumPy
    if scalar is not None and _is_int(dt):
        lo, hi = _INT_BOUNDS[dt]
        if not (lo <= scalar <= hi):
            if not _is_comparison(op):
                raise OverflowError(f"Python integer {scalar} out of bounds for {_DTYPE_NAMES[dt]}")
            return _out_of_range_comparison(op, scalar > hi, scalar is b)
    if dt == TT_BOOL:
        return _bool_operand_dtype(op, True)
    return dt


cdef int _bool_operand_dtype(int op, bint binary) except -1:
    """What an op computes in when its operands are bool: bool where it has a bool loop, else
    NumPy's refusal (TypeError) or, for arithmetic, int8."""
    if (tt_binary_loop(_OP_KERNEL[op], TT_BOOL) if binary else tt_unary_loop(_OP_KERNEL[op], TT_BOOL)) != NULL:
        return TT_BOOL
    if _OP_BOOL_ERROR[op] is not None:
        raise TypeError(_OP_BOOL_ERROR[op])
    return TT_INT8


cdef int _out_of_range_comparison(int op, bint above, bint scalar_right) noexcept:
    """The shared answer of `tensor OP scalar` (or `scalar OP tensor`) when the Python int scalar
    lies above (or below) every value the tensor's integer dtype can hold."""
    if not scalar_right:                # scalar < tensor is tensor > scalar
        op = {OP_LESS: OP_GREATER, OP_LESS_EQUAL: OP_GREATER_EQUAL, OP_GREATER: OP_LESS,
              OP_GREATER_EQUAL: OP_LESS_EQUAL}.get(op, op)
    if op == OP_NOT_EQUAL:
        return _ALL_TRUE
    if op == OP_EQUAL:
        return _ALL_FALSE
    if op == OP_LESS or op == OP_LESS_EQUAL:
        return _ALL_TRUE if above else _ALL_FALSE
    return _ALL_FALSE if above else _ALL_TRUE


cdef int _check_power_exponent(int dt, Tensor tb, object b) except -1:
    """Integers to negative integer powers raise (as NumPy), checked before anything is
    written: an in-place a **= b must not leave a partly raised a."""
    if tb is None:
        if b < 0:
            raise ValueError("Integers to negative integer powers are not allowed.")
    elif tb._size and _dtype_is_signed(tb._dtype) and (<Tensor>_reduce(TT_RED_MIN, tb, None, False)).item() < 0:
        raise ValueError("Integers to negative integer powers are not allowed.")
    return 0


cdef object _binary(int op, object a, object b, Tensor out=None):
    """out = a OP b elementwise, with NumPy's broadcasting and NEP 50 promotion.

    The loop it runs, for two tensors of one shape:

        for i in ndindex(shape): out[i] = a[i] OP b[i]
    """
    cdef Tensor ta = None, tb = None, res, target
    cdef int ka = -1, kb = -1, dt, odt, nd
    cdef Py_ssize_t shape[TT_MAXDIM]
    cdef Operand ops[3]
    cdef char abuf[8]
    cdef char bbuf[8]
    cdef tt_loop_ctx ctx
    cdef tt_inner_fn fn
    if isinstance(a, Tensor):
        ta = <Tensor>a
    else:
        ka = _scalar_kind(a)
        if ka < 0:
            ta = asarray(a)
    if isinstance(b, Tensor):
        tb = <Tensor>b
    else:
        kb = _scalar_kind(b)
        if kb < 0:
            tb = asarray(b)
    dt = _binary_dtype(op, ta, ka, a, tb, kb, b)
    if dt == _ALL_TRUE or dt == _ALL_FALSE:
        res = full((ta if ta is not None else tb).shape, dt == _ALL_TRUE, dtype=bool_)
        return res if out is None else _copy_into(out, res)
    if op == OP_POWER and _is_int(dt):
        _check_power_exponent(dt, tb, b)
    odt = TT_BOOL if _OP_BOOL_OUT[op] else dt
    fn = tt_binary_loop(_OP_KERNEL[op], dt)
    if fn == NULL:
        raise TypeError(f"ufunc '{_OP_NAMES[op]}' not supported for the input types "
                        f"({_DTYPE_NAMES[dt]})")
    # operands in the compute dtype: tensors converted when needed, scalars into a buffer
    if ta is not None:
        if ta._dtype != dt:
            ta = _cast(ta, dt)
        ops[1] = _operand(ta)
    else:
        _store_scalar(abuf, dt, a)
        ops[1].data = abuf
        ops[1].ndim = 0
    if tb is not None:
        if tb._dtype != dt:
            tb = _cast(tb, dt)
        ops[2] = _operand(tb)
    else:
        _store_scalar(bbuf, dt, b)
        ops[2].data = bbuf
        ops[2].ndim = 0
    _broadcast_shapes(&ops[1], 2, &nd, shape)
    if out is None:
        res = _empty(nd, shape, odt)
        target = res
    else:
        if not _fits_into(nd, shape, out):
            raise ValueError(f"non-broadcastable output operand with shape "
                             f"{_shape_str(out._ndim, out._shape) if out._ndim else '()'} doesn't match the "
                             f"broadcast shape {_shape_str(nd, shape) if nd else '()'}")
        if not _can_cast_same_kind(odt, out._dtype):
            raise TypeError(f"Cannot cast ufunc '{_OP_NAMES[op]}' output from dtype('{_DTYPE_NAMES[odt]}') "
                            f"to dtype('{_DTYPE_NAMES[out._dtype]}') with casting rule 'same_kind'")
        _check_writeable(out)
        res = out
        if odt != out._dtype:
            target = _empty(out._ndim, out._shape, odt)
        else:
            target = out
            # an input that overlaps the output in a different layout is read from a copy
            if ta is not None and _overlaps(target, ta) and not _same_layout(target, ta):
                ta = ta.copy()
                ops[1] = _operand(ta)
            if tb is not None and _overlaps(target, tb) and not _same_layout(target, tb):
                tb = tb.copy()
                ops[2] = _operand(tb)
        nd = out._ndim
        for i in range(nd):
            shape[i] = out._shape[i]
    ops[0] = _operand(target)
    ctx.err = 0
    _execute(fn, &ctx, nd, shape, ops, 3, 0, True)
    if ctx.err == TT_ERR_VALUE:
        raise ValueError("Integers to negative integer powers are not allowed.")
    if target is not res:
        _copy_into(res, target)
    if out is not None:
        _bump_version(out)
    return res


cdef Tensor _unary(int op, object x, Tensor out=None):
    """out[i] = f(x[i]) elementwise. Transcendental functions of integers compute in the
    smallest float holding their values (int8 -> float16, int16 -> float32, ... as NumPy)."""
    cdef Tensor t = x if isinstance(x, Tensor) else asarray(x)
    cdef int dt = t._dtype
    cdef Operand ops[2]
    cdef tt_inner_fn fn
    if _OP_RULE[op] == RULE_FLOAT:
        dt = _float_for(dt)
    elif _OP_RULE[op] == RULE_LOGICAL:
        dt = TT_BOOL
    elif dt == TT_BOOL:
        dt = _bool_operand_dtype(op, False)
    if t._dtype != dt:
        t = _cast(t, dt)
    fn = tt_unary_loop(_OP_KERNEL[op], dt)
    if fn == NULL:
        raise TypeError(f"ufunc '{_OP_NAMES[op]}' not supported for the input type {_DTYPE_NAMES[dt]}")
    cdef int odt = TT_BOOL if _OP_BOOL_OUT[op] else dt
    if out is None:
        out = _empty(t._ndim, t._shape, odt)
    else:
        _check_writeable(out)
        if out._dtype != odt or out._ndim != t._ndim:
            return _copy_into(out, _unary(op, t))
    ops[0] = _operand(out)
    ops[1] = _operand(t)
    _execute(fn, NULL, t._ndim, t._shape, ops, 2, 0, True)
    return out


cdef Tensor _where(object cond, object x, object y):
    """out[i] = x[i] if cond[i] else y[i], all three broadcast together."""
    cdef Tensor c = cond if isinstance(cond, Tensor) else asarray(cond)
    cdef Tensor tx, ty, out
    cdef int nd
    cdef Py_ssize_t shape[TT_MAXDIM]
    cdef Operand ops[4]
    dt = result_type(x, y).num if not (_scalar_kind(x) >= 0 and _scalar_kind(y) >= 0) else \
        (TT_BOOL, TT_INT64, TT_FLOAT64)[_builtins.max(_scalar_kind(x), _scalar_kind(y))]
    if c._dtype != TT_BOOL:
        c = _cast(c, TT_BOOL)
    tx = _as_dtype_operand(x, dt)
    ty = _as_dtype_operand(y, dt)
    ops[1] = _operand(c)
    ops[2] = _operand(tx)
    ops[3] = _operand(ty)
    _broadcast_shapes(&ops[1], 3, &nd, shape)
    out = _empty(nd, shape, dt)
    ops[0] = _operand(out)
    _execute(tt_where_loop(out._itemsize), NULL, nd, shape, ops, 4, 0, True)
    return out


cdef Tensor _as_dtype_operand(object v, int dt):
    """v as a tensor of dtype dt (Python scalars become 0-d tensors; no copy when it already is)."""
    cdef Tensor t
    if isinstance(v, Tensor):
        t = <Tensor>v
        return t if t._dtype == dt else _cast(t, dt)
    if _scalar_kind(v) >= 0:
        if _is_int(dt) and isinstance(v, int) and not isinstance(v, bool):
            _check_int_fits(v, dt)
        t = _empty(0, NULL, dt)
        _store_scalar(t.data, dt, v)
        return t
    t = asarray(v)
    return t if t._dtype == dt else _cast(t, dt)


cdef object _inplace(int op, Tensor target, object value):
    """target OP= value: checked (_check_inplace), then computed straight into target."""
    _check_inplace(target, value)
    return _binary(op, target, value, target)


# ---- module-level functions (NumPy's names); each passes the recording gate ---------------

def add(a, b):
    """a + b elementwise, broadcast: for i in ndindex(shape): out[i] = a[i] + b[i]."""
    return _binop(OP_ADD, a, b)

def subtract(a, b):
    """a - b elementwise, broadcast."""
    return _binop(OP_SUBTRACT, a, b)

def multiply(a, b):
    """a * b elementwise, broadcast."""
    return _binop(OP_MULTIPLY, a, b)

def divide(a, b):
    """a / b elementwise, broadcast; integers divide in float64."""
    return _binop(OP_DIVIDE, a, b)

true_divide = divide

def floor_divide(a, b):
    """a // b elementwise, rounded towards -inf (as Python's //); no gradient."""
    return _binop(OP_FLOOR_DIVIDE, a, b)

def remainder(a, b):
    """a % b elementwise, with the sign of b (as Python's %)."""
    return _binop(OP_REMAINDER, a, b)

mod = remainder

def power(a, b):
    """a ** b elementwise, broadcast; integers to negative integer powers raise ValueError."""
    return _binop(OP_POWER, a, b)

pow = power

def maximum(a, b):
    """The larger of a[i] and b[i] elementwise; NaN propagates."""
    return _binop(OP_MAXIMUM, a, b)

def minimum(a, b):
    """The smaller of a[i] and b[i] elementwise; NaN propagates."""
    return _binop(OP_MINIMUM, a, b)

def equal(a, b):
    """a == b elementwise (bool)."""
    return _binop(OP_EQUAL, a, b)

def not_equal(a, b):
    """a != b elementwise (bool)."""
    return _binop(OP_NOT_EQUAL, a, b)

def less(a, b):
    """a < b elementwise (bool)."""
    return _binop(OP_LESS, a, b)

def less_equal(a, b):
    """a <= b elementwise (bool)."""
    return _binop(OP_LESS_EQUAL, a, b)

def greater(a, b):
    """a > b elementwise (bool)."""
    return _binop(OP_GREATER, a, b)

def greater_equal(a, b):
    """a >= b elementwise (bool)."""
    return _binop(OP_GREATER_EQUAL, a, b)

def logical_and(a, b):
    """a and b elementwise, on truth values (bool)."""
    return _binop(OP_LOGICAL_AND, a, b)

def logical_or(a, b):
    """a or b elementwise, on truth values (bool)."""
    return _binop(OP_LOGICAL_OR, a, b)

def logical_xor(a, b):
    """a xor b elementwise, on truth values (bool)."""
    return _binop(OP_LOGICAL_XOR, a, b)

def logical_not(x):
    """not x elementwise, on truth values (bool)."""
    return _unop(OP_LOGICAL_NOT, x)

def negative(x):
    """-x elementwise."""
    return _unop(OP_NEGATIVE, x)

def abs(x):
    """|x| elementwise."""
    return _unop(OP_ABS, x)

absolute = abs

def sign(x):
    """-1, 0 or 1 by the sign of x (NaN stays NaN); its gradient is zero, as PyTorch's."""
    return _unop(OP_SIGN, x)

def square(x):
    """x * x elementwise."""
    return _unop(OP_SQUARE, x)

def exp(x):
    """e ** x elementwise (integers compute in float)."""
    return _unop(OP_EXP, x)

def log(x):
    """The natural logarithm elementwise (integers compute in float)."""
    return _unop(OP_LOG, x)

def sqrt(x):
    """The square root elementwise (integers compute in float)."""
    return _unop(OP_SQRT, x)

def tanh(x):
    """The hyperbolic tangent elementwise (integers compute in float)."""
    return _unop(OP_TANH, x)

def sigmoid(x):
    """The logistic function 1 / (1 + exp(-x)), elementwise."""
    return _unop(OP_SIGMOID, x)

def relu(x):
    """max(x, 0) elementwise (NaN stays NaN)."""
    return _unop(OP_RELU, x)

def step(x):
    """The unit step u(z) = 1 if z >= 0 else 0, elementwise, in x's dtype (NaN -> 0)."""
    return _unop(OP_STEP, x)


def bitwise_and(a, b):
    """a & b bit by bit (integers and bool)."""
    return _binop(OP_BITWISE_AND, a, b)


def bitwise_or(a, b):
    """a | b bit by bit (integers and bool)."""
    return _binop(OP_BITWISE_OR, a, b)


def bitwise_xor(a, b):
    """a ^ b bit by bit (integers and bool)."""
    return _binop(OP_BITWISE_XOR, a, b)


def bitwise_left_shift(a, b):
    """a << b (integers): 0 once b reaches the bit width, as NumPy."""
    return _binop(OP_BITWISE_LEFT_SHIFT, a, b)


def bitwise_right_shift(a, b):
    """a >> b (integers), arithmetic for signed a."""
    return _binop(OP_BITWISE_RIGHT_SHIFT, a, b)


def atan2(a, b):
    """The angle of the point (b, a) in radians, elementwise: atan(a / b) in the right quadrant."""
    return _binop(OP_ATAN2, a, b)


def hypot(a, b):
    """sqrt(a**2 + b**2) elementwise, without overflow in the squares."""
    return _binop(OP_HYPOT, a, b)


def logaddexp(a, b):
    """log(exp(a) + exp(b)) elementwise, without overflow."""
    return _binop(OP_LOGADDEXP, a, b)


def copysign(a, b):
    """|a| with the sign of b, elementwise."""
    return _binop(OP_COPYSIGN, a, b)


def nextafter(a, b):
    """The next representable float after a in the direction of b (no gradient)."""
    return _binop(OP_NEXTAFTER, a, b)


def reciprocal(x):
    """1 / x elementwise (integers: NumPy's integer reciprocal)."""
    return _unop(OP_RECIPROCAL, x)


def exp2(x):
    """2 ** x elementwise."""
    return _unop(OP_EXP2, x)


def expm1(x):
    """exp(x) - 1 elementwise, exact for small x."""
    return _unop(OP_EXPM1, x)


def log2(x):
    """The base-2 logarithm elementwise."""
    return _unop(OP_LOG2, x)


def log10(x):
    """The base-10 logarithm elementwise."""
    return _unop(OP_LOG10, x)


def log1p(x):
    """log(1 + x) elementwise, exact for small x."""
    return _unop(OP_LOG1P, x)


def sin(x):
    """The sine elementwise (radians)."""
    return _unop(OP_SIN, x)


def cos(x):
    """The cosine elementwise (radians)."""
    return _unop(OP_COS, x)


def tan(x):
    """The tangent elementwise (radians)."""
    return _unop(OP_TAN, x)


def asin(x):
    """The inverse sine elementwise, in [-pi/2, pi/2]."""
    return _unop(OP_ASIN, x)


def acos(x):
    """The inverse cosine elementwise, in [0, pi]."""
    return _unop(OP_ACOS, x)


def atan(x):
    """The inverse tangent elementwise, in [-pi/2, pi/2]."""
    return _unop(OP_ATAN, x)


def sinh(x):
    """The hyperbolic sine elementwise."""
    return _unop(OP_SINH, x)


def cosh(x):
    """The hyperbolic cosine elementwise."""
    return _unop(OP_COSH, x)


def asinh(x):
    """The inverse hyperbolic sine elementwise."""
    return _unop(OP_ASINH, x)


def acosh(x):
    """The inverse hyperbolic cosine elementwise."""
    return _unop(OP_ACOSH, x)


def atanh(x):
    """The inverse hyperbolic tangent elementwise."""
    return _unop(OP_ATANH, x)


def floor(x):
    """The largest integer <= x, elementwise (integers unchanged); zero gradient."""
    return _unop(OP_FLOOR, x)


def ceil(x):
    """The smallest integer >= x, elementwise (integers unchanged); zero gradient."""
    return _unop(OP_CEIL, x)


def trunc(x):
    """x rounded towards 0, elementwise (integers unchanged); zero gradient."""
    return _unop(OP_TRUNC, x)


def isnan(x):
    """Whether x is NaN, elementwise (bool)."""
    return _unop(OP_ISNAN, x)


def isinf(x):
    """Whether x is +inf or -inf, elementwise (bool)."""
    return _unop(OP_ISINF, x)


def isfinite(x):
    """Whether x is neither NaN nor infinite, elementwise (bool)."""
    return _unop(OP_ISFINITE, x)


def signbit(x):
    """Whether the sign bit of x is set (also for -0.0 and -NaN), elementwise (bool)."""
    return _unop(OP_SIGNBIT, x)


def bitwise_invert(x):
    """~x bit by bit (integers; bool: not)."""
    return _unop(OP_BITWISE_INVERT, x)


def round(x, decimals=0):
    """x rounded to `decimals` decimal places, halves to even (NumPy's round); zero gradient.

        for i in ndindex(x.shape): out[i] = rint(x[i] * 10**decimals) / 10**decimals
    """
    decimals = operator.index(decimals)
    cdef Tensor t = asarray(x)
    if t._dtype == TT_BOOL:
        t = _cast(t, TT_FLOAT16)        # NumPy rounds bool as float16
    if decimals == 0:
        return _unop(OP_ROUND, x if t is x else t)
    if not _is_float(t._dtype):
        if decimals >= 0:
            return t.copy()
        scale = 10 ** (-decimals)       # integers round to tens, hundreds, ... (halves to even)
        return (_unop(OP_ROUND, t / scale) * scale).astype(_DTYPES[t._dtype])
    scale = 10.0 ** decimals
    return _unop(OP_ROUND, t * scale) / scale


def positive(x):
    """+x: a copy of x (bool refused, as NumPy)."""
    cdef Tensor t = asarray(x)
    if t._dtype == TT_BOOL:
        raise TypeError("ufunc 'positive' did not contain a loop with signature matching types bool")
    return t.copy()


def real(x):
    """The real part: x itself for tinytensor's real dtypes."""
    return asarray(x)


def conj(x):
    """The complex conjugate: a copy of x for tinytensor's real dtypes."""
    return asarray(x).copy()


conjugate = conj


def imag(x):
    """The imaginary part: zeros of x's shape and dtype for tinytensor's real dtypes."""
    cdef Tensor t = asarray(x)
    return zeros(t.shape, dtype=_DTYPES[t._dtype])


def where(condition, x=None, y=None):
    """x where condition holds, else y (all three broadcast together). With only a condition,
    the indices of its true elements (as nonzero).

        for i in ndindex(shape): out[i] = x[i] if condition[i] else y[i]
    """
    if x is None and y is None:
        return nonzero(condition)
    if x is None or y is None:
        raise ValueError("either both or neither of x and y should be given")
    cdef bint rec = _needs_grad2(x, y) and _gate(OP_WHERE)
    out = _where(condition, x, y)
    if rec:
        _record(OP_WHERE, out, (condition, x, y))
    return out


def clip(x, min=None, max=None, *, a_min=None, a_max=None):
    """x limited to [min, max] elementwise (the array API's and NumPy 2's names; NumPy's older
    a_min=/a_max= are accepted too). Bounds are scalars or tensors that broadcast with x; a
    bound that is None is no bound, and without bounds the result is a copy of x.

        for i in ndindex(shape): out[i] = minimum(maximum(x[i], min[i]), max[i])

    NaN in x or in a bound gives NaN; where min > max the result is max (as NumPy and
    PyTorch). Gradients (PyTorch's): x gets g where min <= x <= max, a tensor min where
    x < min, a tensor max where x > max (or max < min)."""
    if a_min is not None:
        if min is not None:
            raise TypeError("clip: give min= or a_min=, not both")
        min = a_min
    if a_max is not None:
        if max is not None:
            raise TypeError("clip: give max= or a_max=, not both")
        max = a_max
    cdef Tensor t = x if isinstance(x, Tensor) else asarray(x)
    if _is_int(t._dtype):
        lo, hi = _INT_BOUNDS[t._dtype]      # NumPy 2: an int bound beyond the dtype is no bound
        if type(min) is int and min < lo:
            min = None
        if type(max) is int and max > hi:
            max = None
    cdef bint rec = tt_grad_enabled and (_rg(t) or _rg(min) or _rg(max)) and _gate(OP_CLIP)
    res = t
    if min is not None:
        res = _binary(OP_MAXIMUM, res, min)
    if max is not None:
        res = _binary(OP_MINIMUM, res, max)
    if res is t:
        res = _contiguous_copy(t)
    if rec:
        _record(OP_CLIP, res, (t, min, max))
    return res
