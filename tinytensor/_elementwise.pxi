# ---- elementwise operations --------------------------------------------------------------
#
# Where `a + b` goes: Tensor.__add__ -> _binary(TT_ADD, a, b) -> dtype promotion and
# broadcasting here -> _execute -> the strided iterator (csrc/iter.c) -> the inner loop
# add_f32 in csrc/elementwise.c, which is, element by element, `out[i] = a[i] + b[i]`.

cdef dict _BINARY_NAMES = {
    TT_ADD: "add", TT_SUB: "subtract", TT_MUL: "multiply", TT_DIV: "divide",
    TT_FLOORDIV: "floor_divide", TT_MOD: "remainder", TT_POW: "power", TT_MAXIMUM: "maximum",
    TT_MINIMUM: "minimum", TT_EQ: "equal", TT_NE: "not_equal", TT_LT: "less", TT_LE: "less_equal",
    TT_GT: "greater", TT_GE: "greater_equal", TT_LOGICAL_AND: "logical_and",
    TT_LOGICAL_OR: "logical_or", TT_LOGICAL_XOR: "logical_xor",
}

cdef inline bint _is_comparison(int op) noexcept:
    return op >= TT_EQ and op <= TT_GE

cdef inline bint _is_logical(int op) noexcept:
    return op >= TT_LOGICAL_AND


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


cdef int _binary_dtype(int op, Tensor ta, int ka, object a, Tensor tb, int kb, object b) except -1:
    """The dtype an elementwise op computes in: NEP 50 promotion, then the op's own rule."""
    cdef int dt
    cdef object scalar = None
    if ta is not None and tb is not None:
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
    if op == TT_DIV and not _is_float(dt):
        return TT_FLOAT64   # integers divide in float64: uint8 / 300 is fine, as in NumPy
    if scalar is not None and _is_int(dt):
        lo, hi = _INT_BOUNDS[dt]
        if not (lo <= scalar <= hi):
            if not _is_comparison(op):
                raise OverflowError(f"Python integer {scalar} out of bounds for {_DTYPE_NAMES[dt]}")
            dt = TT_INT64 if -2**63 <= scalar < 2**63 else TT_FLOAT64
    if dt == TT_BOOL:
        if op == TT_SUB:
            raise TypeError("numpy boolean subtract, the `-` operator, is not supported, use the "
                            "bitwise_xor, the `^` operator, or the logical_xor function instead.")
        if op == TT_FLOORDIV or op == TT_MOD or op == TT_POW:
            return TT_UINT8      # NumPy gives int8, which tinytensor does not have
    return dt


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
    odt = TT_BOOL if (_is_comparison(op) or _is_logical(op)) else dt
    fn = tt_binary_loop(op, dt)
    if fn == NULL:
        raise TypeError(f"ufunc '{_BINARY_NAMES[op]}' not supported for the input types "
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
            raise TypeError(f"Cannot cast ufunc '{_BINARY_NAMES[op]}' output from dtype('{_DTYPE_NAMES[odt]}') "
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


cdef dict _UNARY_NAMES = {
    TT_NEG: "negative", TT_ABS: "absolute", TT_SIGN: "sign", TT_SQUARE: "square", TT_EXP: "exp",
    TT_LOG: "log", TT_SQRT: "sqrt", TT_TANH: "tanh", TT_SIGMOID: "sigmoid", TT_RELU: "relu",
    TT_STEP: "step", TT_LOGICAL_NOT: "logical_not",
}


cdef Tensor _unary(int op, object x, Tensor out=None):
    """out[i] = f(x[i]) elementwise. Transcendental functions of integer inputs compute in
    float64 (float32 for bool and uint8, where NumPy uses float16)."""
    cdef Tensor t = x if isinstance(x, Tensor) else asarray(x)
    cdef int dt = t._dtype
    cdef Operand ops[2]
    cdef tt_inner_fn fn
    if op == TT_EXP or op == TT_LOG or op == TT_SQRT or op == TT_TANH or op == TT_SIGMOID:
        if not _is_float(dt):
            dt = TT_FLOAT32 if dt <= TT_UINT8 else TT_FLOAT64
    elif op == TT_LOGICAL_NOT:
        dt = TT_BOOL
    elif dt == TT_BOOL:
        if op == TT_NEG:
            raise TypeError("The numpy boolean negative, the `-` operator, is not supported, use "
                            "the `~` operator or the logical_not function instead.")
        if op == TT_SIGN:
            raise TypeError("ufunc 'sign' did not contain a loop with signature matching types bool")
        if op == TT_SQUARE:
            dt = TT_UINT8
    if t._dtype != dt:
        t = _cast(t, dt)
    fn = tt_unary_loop(op, dt)
    if fn == NULL:
        raise TypeError(f"ufunc '{_UNARY_NAMES[op]}' not supported for the input type {_DTYPE_NAMES[dt]}")
    if out is None:
        out = _empty(t._ndim, t._shape, dt)
    else:
        _check_writeable(out)
        if out._dtype != dt or out._ndim != t._ndim:
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


cdef object _logical(int op, object a, object b):
    """& | ^ on bool tensors (tinytensor has no bitwise integer operators)."""
    for v in (a, b):
        if isinstance(v, Tensor) and (<Tensor>v)._dtype != TT_BOOL:
            raise TypeError("& | ^ are supported for bool tensors only in tinytensor; "
                            "use tt.logical_and/or/xor")
    return _binary(op, a, b)


# ---- module-level functions (NumPy's names) ----------------------------------------------


def add(a, b): return _binop(TT_ADD, "add", a, b)
def subtract(a, b): return _binop(TT_SUB, "subtract", a, b)
def multiply(a, b): return _binop(TT_MUL, "multiply", a, b)
def divide(a, b): return _binop(TT_DIV, "divide", a, b)
true_divide = divide
def floor_divide(a, b): return _binary(TT_FLOORDIV, a, b)
def remainder(a, b): return _binary(TT_MOD, a, b)
mod = remainder
def power(a, b): return _binop(TT_POW, "power", a, b)
pow = power
def maximum(a, b): return _binop(TT_MAXIMUM, "maximum", a, b)
def minimum(a, b): return _binop(TT_MINIMUM, "minimum", a, b)
def equal(a, b): return _binary(TT_EQ, a, b)
def not_equal(a, b): return _binary(TT_NE, a, b)
def less(a, b): return _binary(TT_LT, a, b)
def less_equal(a, b): return _binary(TT_LE, a, b)
def greater(a, b): return _binary(TT_GT, a, b)
def greater_equal(a, b): return _binary(TT_GE, a, b)
def logical_and(a, b): return _binary(TT_LOGICAL_AND, a, b)
def logical_or(a, b): return _binary(TT_LOGICAL_OR, a, b)
def logical_xor(a, b): return _binary(TT_LOGICAL_XOR, a, b)
def logical_not(x): return _unary(TT_LOGICAL_NOT, x)

def negative(x): return _unop(TT_NEG, "negative", x)
def abs(x): return _unop(TT_ABS, "abs", x)
absolute = abs
def sign(x): return _unary(TT_SIGN, x)
def square(x): return _unop(TT_SQUARE, "square", x)
def exp(x): return _unop(TT_EXP, "exp", x)
def log(x): return _unop(TT_LOG, "log", x)
def sqrt(x): return _unop(TT_SQRT, "sqrt", x)
def tanh(x): return _unop(TT_TANH, "tanh", x)
def sigmoid(x):
    """The logistic function 1 / (1 + exp(-x)), elementwise."""
    return _unop(TT_SIGMOID, "sigmoid", x)
def relu(x):
    """max(x, 0) elementwise (NaN stays NaN)."""
    return _unop(TT_RELU, "relu", x)
def step(x):
    """The unit step u(z) = 1 if z >= 0 else 0, elementwise, in x's dtype (NaN -> 0)."""
    return _unop(TT_STEP, "step", x)


def where(condition, x=None, y=None):
    """x where condition holds, else y (all three broadcast together). With only a condition,
    the indices of its true elements (as nonzero)."""
    if x is None and y is None:
        return nonzero(condition)
    if x is None or y is None:
        raise ValueError("either both or neither of x and y should be given")
    if _track_seq((x, y)):
        return _dispatch_hook("where", (condition, x, y), {})
    return _where(condition, x, y)


def clip(x, a_min=None, a_max=None):
    """min(max(x, a_min), a_max) elementwise; either bound may be None (not both)."""
    if a_min is None and a_max is None:
        raise ValueError("One of max or min must be given")
    if isinstance(x, Tensor) and _is_int((<Tensor>x)._dtype) and (<Tensor>x)._dtype != TT_BOOL:
        lo, hi = _INT_BOUNDS[(<Tensor>x)._dtype]    # NumPy 2: a bound beyond the dtype is no bound
        if type(a_min) is int and a_min < lo:
            a_min = None
        if type(a_max) is int and a_max > hi:
            a_max = None
    if _track1(x):
        return _dispatch_hook("clip", (x, a_min, a_max), {})
    res = x
    if a_min is not None:
        res = _binary(TT_MAXIMUM, res, a_min)
    if a_max is not None:
        res = _binary(TT_MINIMUM, res, a_max)
    if res is x:
        res = asarray(x).copy()
    return res
