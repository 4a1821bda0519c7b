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
    if (op == OP_POWER and _is_int(dt) and (ta is None or ta._size) and (tb is None or tb._size)):
        _check_power_exponent(dt, tb, b)     # (an empty result raises nothing, as NumPy)
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
    _execute(fn, &ctx, nd, shape, ops, 3, 0, True, NULL, 0, 1, _parallel_from(op))
    if ctx.err == TT_ERR_VALUE:
        raise ValueError("Integers to negative integer powers are not allowed.")
    if target is not res:
        _copy_into(res, target)
    if out is not None:
        _bump_version(out)
    return res


cdef inline Py_ssize_t _parallel_from(int op):
    """Elements from which op's loop starts threads: vmath's transcendental loops cost 10-20
    adds an element, so they pay for waking a worker on a quarter of the elements."""
    return TT_PARALLEL_THRESHOLD_HEAVY if _OP_VECTOR[op] else TT_PARALLEL_THRESHOLD


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
    _execute(fn, NULL, t._ndim, t._shape, ops, 2, 0, True, NULL, 0, 1, _parallel_from(op))
    return out


cdef Tensor _where(object cond, object x, object y):
    """out[i] = x[i] if cond[i] else y[i], all three broadcast together."""
    cdef Tensor c = cond if isinstance(cond, Tensor) else asarray(cond)
    cdef Tensor tx, ty, out
    cdef int nd
    cdef Py_ssize_t shape[TT_MAXDIM]
    cdef Operand ops[4]
    # branches that are neither tensors nor Python scalars are converted first, as every other
    # op converts its operands (result_type would read a str or bytes as a dtype name)
    if not isinstance(x, Tensor) and _scalar_kind(x) < 0:
        x = asarray(x)
    if not isinstance(y, Tensor) and _scalar_kind(y) < 0:
        y = asarray(y)
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
    """Sum of `a` and `b`, elementwise with broadcasting (the ``+`` operator).

    ::

        for i in ndindex(out.shape):        # a and b broadcast to out.shape
            out[i] = a[i] + b[i]

    Parameters
    ----------
    a, b : Tensor or scalar
        The operands, broadcast together (NumPy's rules). A Python scalar is weak (NEP 50): it takes
        the dtype of the tensor it meets. Nested sequences are converted as by ``tt.asarray``.

    Returns
    -------
    Tensor
        The broadcast shape of `a` and `b`, in NumPy's promoted dtype of the two
        (``tt.result_type``): an int8 tensor with the Python int 1 stays int8, with 1.5 it becomes
        float64, with a float32 tensor it becomes float32. For two bool operands the sum is logical
        or, a bool result (as NumPy).

    Raises
    ------
    ValueError
        If `a` and `b` do not broadcast together.
    OverflowError
        If a Python int operand does not fit the integer dtype of the tensor it meets (a uint8
        tensor with 300), as in NumPy 2.
    TypeError
        If an operand is not a number (a string, None).

    Notes
    -----
    Differentiable: both operands get the gradient `g` unchanged (summed over the axes their
    broadcasting added). Integer results wrap around on overflow, as NumPy's. Unlike NumPy's ufuncs,
    the elementwise functions take no ``out=``, ``where=`` or ``dtype=`` arguments.

    See Also
    --------
    subtract, multiply

    Examples
    --------
    >>> tt.add(tt.tensor([1, 2, 3]), 10)
    tensor([11, 12, 13])
    >>> tt.add(tt.tensor([[1.0], [2.0]]), tt.tensor([10.0, 20.0, 30.0]))   # (2, 1) with (3,)
    tensor([[11., 21., 31.],
            [12., 22., 32.]])
    >>> tt.add(tt.tensor([1, 2], dtype=tt.int8), 1.5)    # a Python float makes float64
    tensor([2.5, 3.5])
    """
    return _binop(OP_ADD, a, b)

def subtract(a, b):
    """Difference of `a` and `b`, elementwise with broadcasting (the ``-`` operator).

    ::

        for i in ndindex(out.shape):        # a and b broadcast to out.shape
            out[i] = a[i] - b[i]

    Parameters
    ----------
    a, b : Tensor or scalar
        The operands, broadcast together (NumPy's rules). A Python scalar is weak (NEP 50): it takes
        the dtype of the tensor it meets. Nested sequences are converted as by ``tt.asarray``.

    Returns
    -------
    Tensor
        The broadcast shape of `a` and `b`, in NumPy's promoted dtype of the two
        (``tt.result_type``): an int8 tensor with the Python int 1 stays int8, with 1.5 it becomes
        float64, with a float32 tensor it becomes float32.

    Raises
    ------
    ValueError
        If `a` and `b` do not broadcast together.
    OverflowError
        If a Python int operand does not fit the integer dtype of the tensor it meets (a uint8
        tensor with 300), as in NumPy 2.
    TypeError
        If both operands are bool (NumPy refuses boolean subtract: use ``logical_xor``), or an
        operand is not a number.

    Notes
    -----
    Differentiable: ``d/da = 1``, ``d/db = -1``. Integer results wrap around on overflow.

    See Also
    --------
    add, negative

    Examples
    --------
    >>> tt.subtract(tt.tensor([5, 7, 9]), tt.tensor([1, 2, 3]))
    tensor([4, 5, 6])
    >>> tt.subtract(10, tt.tensor([[1.0], [2.0]]))       # a scalar on the left
    tensor([[9.],
            [8.]])
    """
    return _binop(OP_SUBTRACT, a, b)

def multiply(a, b):
    """Product of `a` and `b`, elementwise with broadcasting (the ``*`` operator).

    ::

        for i in ndindex(out.shape):        # a and b broadcast to out.shape
            out[i] = a[i] * b[i]

    Parameters
    ----------
    a, b : Tensor or scalar
        The operands, broadcast together (NumPy's rules). A Python scalar is weak (NEP 50): it takes
        the dtype of the tensor it meets. Nested sequences are converted as by ``tt.asarray``.

    Returns
    -------
    Tensor
        The broadcast shape of `a` and `b`, in NumPy's promoted dtype of the two
        (``tt.result_type``): an int8 tensor with the Python int 1 stays int8, with 1.5 it becomes
        float64, with a float32 tensor it becomes float32. For two bool operands the product is
        logical and, a bool result (as NumPy).

    Raises
    ------
    ValueError
        If `a` and `b` do not broadcast together.
    OverflowError
        If a Python int operand does not fit the integer dtype of the tensor it meets (a uint8
        tensor with 300), as in NumPy 2.
    TypeError
        If an operand is not a number (a string, None).

    Notes
    -----
    Differentiable: ``d/da = b``, ``d/db = a``. Integer results wrap around on overflow, as NumPy's
    (an int8 100 times 2 is -56).

    See Also
    --------
    matmul : the matrix product.

    Examples
    --------
    >>> tt.multiply(tt.tensor([[1, 2], [3, 4]]), tt.tensor([10, 100]))   # a row broadcast
    tensor([[ 10, 200],
            [ 30, 400]])
    >>> tt.multiply(tt.tensor([100], dtype=tt.int8), 2)                  # wraps, as NumPy
    tensor([-56], dtype=int8)
    """
    return _binop(OP_MULTIPLY, a, b)

def divide(a, b):
    """True quotient of `a` and `b`, elementwise with broadcasting (the ``/`` operator).

    ::

        for i in ndindex(out.shape):        # a and b broadcast to out.shape
            out[i] = a[i] / b[i]

    Parameters
    ----------
    a, b : Tensor or scalar
        The operands, broadcast together (NumPy's rules). A Python scalar is weak (NEP 50): it takes
        the dtype of the tensor it meets. Nested sequences are converted as by ``tt.asarray``.

    Returns
    -------
    Tensor
        The broadcast shape of `a` and `b`. Floats divide in their promoted float dtype; integers
        and bool divide in float64 (as NumPy: an int8 tensor over an int8 tensor is float64, and a
        uint8 tensor over 300 is fine).

    Raises
    ------
    ValueError
        If `a` and `b` do not broadcast together.
    TypeError
        If an operand is not a number (a string, None).

    Notes
    -----
    Division by zero follows IEEE 754: ``1 / 0`` is inf, ``0 / 0`` is NaN (no warning is issued,
    unlike NumPy). Differentiable: ``d/da = 1 / b``, ``d/db = -a / b**2``.

    See Also
    --------
    floor_divide, remainder

    Examples
    --------
    >>> tt.divide(tt.tensor([1, 2, 3]), 2)               # integers divide in float64
    tensor([0.5, 1. , 1.5])
    >>> tt.divide(tt.tensor([1.0, -1.0, 0.0]), 0.0)
    tensor([ inf, -inf,  nan])
    """
    return _binop(OP_DIVIDE, a, b)

true_divide = divide

def floor_divide(a, b):
    """Quotient of `a` and `b` rounded towards minus infinity, elementwise (the ``//`` operator).

    ::

        for i in ndindex(out.shape):        # a and b broadcast to out.shape
            out[i] = floor(a[i] / b[i])     # as Python's a // b

    Parameters
    ----------
    a, b : Tensor or scalar
        The operands, broadcast together (NumPy's rules). A Python scalar is weak (NEP 50): it takes
        the dtype of the tensor it meets. Nested sequences are converted as by ``tt.asarray``.

    Returns
    -------
    Tensor
        The broadcast shape of `a` and `b`, in NumPy's promoted dtype of the two
        (``tt.result_type``): an int8 tensor with the Python int 1 stays int8, with 1.5 it becomes
        float64, with a float32 tensor it becomes float32. Two bool operands divide in int8.

    Raises
    ------
    ValueError
        If `a` and `b` do not broadcast together.
    OverflowError
        If a Python int operand does not fit the integer dtype of the tensor it meets (a uint8
        tensor with 300), as in NumPy 2.
    TypeError
        If an operand is not a number (a string, None).
    RuntimeError
        If an operand requires grad while grad mode is on: floor division has no derivative
        (``derivative for 'floor_divide' is not implemented``, as PyTorch).

    Notes
    -----
    Integer division by zero gives 0, as NumPy (which also warns); float division by zero gives inf
    or NaN.

    See Also
    --------
    divide, remainder

    Examples
    --------
    >>> tt.floor_divide(tt.tensor([7, -7]), 2)           # -3.5 rounds down to -4
    tensor([ 3, -4])
    >>> tt.floor_divide(tt.tensor([7.5, -7.5]), 2.0)
    tensor([ 3., -4.])
    """
    return _binop(OP_FLOOR_DIVIDE, a, b)

def remainder(a, b):
    """Remainder of the floor division of `a` by `b`, elementwise, with the sign of `b` (the ``%``
    operator, as Python's).

    ::

        for i in ndindex(out.shape):        # a and b broadcast to out.shape
            out[i] = a[i] - floor(a[i] / b[i]) * b[i]

    Parameters
    ----------
    a, b : Tensor or scalar
        The operands, broadcast together (NumPy's rules). A Python scalar is weak (NEP 50): it takes
        the dtype of the tensor it meets. Nested sequences are converted as by ``tt.asarray``.

    Returns
    -------
    Tensor
        The broadcast shape of `a` and `b`, in NumPy's promoted dtype of the two
        (``tt.result_type``): an int8 tensor with the Python int 1 stays int8, with 1.5 it becomes
        float64, with a float32 tensor it becomes float32. Two bool operands compute in int8.

    Raises
    ------
    ValueError
        If `a` and `b` do not broadcast together.
    OverflowError
        If a Python int operand does not fit the integer dtype of the tensor it meets (a uint8
        tensor with 300), as in NumPy 2.
    TypeError
        If an operand is not a number (a string, None).

    Notes
    -----
    An integer remainder by zero is 0, as NumPy (which also warns); a float one is NaN.
    Differentiable (as PyTorch): ``d/da = 1``, ``d/db = -floor(a / b)``.

    See Also
    --------
    floor_divide

    Examples
    --------
    >>> tt.remainder(tt.tensor([7, -7]), 3)
    tensor([1, 2])
    >>> tt.remainder(tt.tensor([7, -7]), -3)             # the sign of the divisor
    tensor([-2, -1])
    >>> tt.remainder(tt.tensor([7.5, -7.5]), 2.0)
    tensor([1.5, 0.5])
    """
    return _binop(OP_REMAINDER, a, b)

mod = remainder

def power(a, b):
    """`a` raised to the power `b`, elementwise with broadcasting (the ``**`` operator).

    ::

        for i in ndindex(out.shape):        # a and b broadcast to out.shape
            out[i] = a[i] ** b[i]

    Parameters
    ----------
    a, b : Tensor or scalar
        The bases and the exponents, broadcast together. A Python scalar is weak (NEP 50): it takes
        the dtype of the tensor it meets. Nested sequences are converted as by ``tt.asarray``.

    Returns
    -------
    Tensor
        The broadcast shape of `a` and `b`, in NumPy's promoted dtype of the two
        (``tt.result_type``): an int8 tensor with the Python int 1 stays int8, with 1.5 it becomes
        float64, with a float32 tensor it becomes float32. Two bool operands compute in int8.

    Raises
    ------
    ValueError
        If `a` and `b` do not broadcast, or both are integers and an exponent is negative
        (``Integers to negative integer powers are not allowed.``, as NumPy); this is checked before
        anything is written.
    OverflowError
        If a Python int operand does not fit the integer dtype of the tensor it meets (a uint8
        tensor with 300), as in NumPy 2.
    TypeError
        If an operand is not a number (a string, None).

    Notes
    -----
    A negative float base to a non-integer power is NaN; ``0.0 ** -1`` is inf. Integer results wrap
    around on overflow. Differentiable (as PyTorch): ``d/da = b * a**(b - 1)``, taken as 0 where
    ``b == 0``; ``d/db = a**b * log(a)``, taken as 0 where ``a == 0`` and ``b >= 0``.

    See Also
    --------
    exp, square, sqrt

    Examples
    --------
    >>> tt.power(tt.tensor([2, 3]), tt.tensor([[0], [2]]))    # (2,) with (2, 1)
    tensor([[1, 1],
            [4, 9]])
    >>> tt.power(2, tt.tensor([0.5, -1.0]))
    tensor([1.41421356, 0.5       ])
    """
    return _binop(OP_POWER, a, b)

pow = power

def maximum(a, b):
    """The larger of `a` and `b`, elementwise with broadcasting; NaN propagates.

    ::

        for i in ndindex(out.shape):        # a and b broadcast to out.shape
            out[i] = nan if isnan(a[i]) or isnan(b[i]) else max(a[i], b[i])

    Parameters
    ----------
    a, b : Tensor or scalar
        The operands, broadcast together (NumPy's rules). A Python scalar is weak (NEP 50): it takes
        the dtype of the tensor it meets. Nested sequences are converted as by ``tt.asarray``.

    Returns
    -------
    Tensor
        The broadcast shape of `a` and `b`, in NumPy's promoted dtype of the two
        (``tt.result_type``): an int8 tensor with the Python int 1 stays int8, with 1.5 it becomes
        float64, with a float32 tensor it becomes float32.

    Raises
    ------
    ValueError
        If `a` and `b` do not broadcast together.
    OverflowError
        If a Python int operand does not fit the integer dtype of the tensor it meets (a uint8
        tensor with 300), as in NumPy 2.
    TypeError
        If an operand is not a number (a string, None).

    Notes
    -----
    Differentiable (as PyTorch): the gradient goes to the larger operand; where the two are equal,
    each gets half of it.

    See Also
    --------
    minimum, clip, max : the largest element along axes.

    Examples
    --------
    >>> tt.maximum(tt.tensor([1.0, float("nan"), 3.0]), tt.tensor([2.0, 0.0, 1.0]))
    tensor([ 2., nan,  3.])
    >>> tt.maximum(tt.tensor([[-1, 5]]), tt.tensor([[0], [2]]))     # (1, 2) with (2, 1)
    tensor([[0, 5],
            [2, 5]])
    """
    return _binop(OP_MAXIMUM, a, b)

def minimum(a, b):
    """The smaller of `a` and `b`, elementwise with broadcasting; NaN propagates.

    ::

        for i in ndindex(out.shape):        # a and b broadcast to out.shape
            out[i] = nan if isnan(a[i]) or isnan(b[i]) else min(a[i], b[i])

    Parameters
    ----------
    a, b : Tensor or scalar
        The operands, broadcast together (NumPy's rules). A Python scalar is weak (NEP 50): it takes
        the dtype of the tensor it meets. Nested sequences are converted as by ``tt.asarray``.

    Returns
    -------
    Tensor
        The broadcast shape of `a` and `b`, in NumPy's promoted dtype of the two
        (``tt.result_type``): an int8 tensor with the Python int 1 stays int8, with 1.5 it becomes
        float64, with a float32 tensor it becomes float32.

    Raises
    ------
    ValueError
        If `a` and `b` do not broadcast together.
    OverflowError
        If a Python int operand does not fit the integer dtype of the tensor it meets (a uint8
        tensor with 300), as in NumPy 2.
    TypeError
        If an operand is not a number (a string, None).

    Notes
    -----
    Differentiable (as PyTorch): the gradient goes to the smaller operand; where the two are equal,
    each gets half of it.

    See Also
    --------
    maximum, clip, min : the smallest element along axes.

    Examples
    --------
    >>> tt.minimum(tt.tensor([1.0, float("nan"), 3.0]), 2.0)
    tensor([ 1., nan,  2.])
    """
    return _binop(OP_MINIMUM, a, b)

def equal(a, b):
    """Whether ``a == b``, elementwise with broadcasting (the ``==`` operator).

    ::

        for i in ndindex(out.shape):        # a and b broadcast to out.shape
            out[i] = a[i] == b[i]

    Parameters
    ----------
    a, b : Tensor or scalar
        The operands, any dtype, broadcast together. Nested sequences are converted as by
        ``tt.asarray``.

    Returns
    -------
    Tensor
        bool, the broadcast shape of `a` and `b`. The comparison is made in the promoted dtype of
        the operands; a Python int outside the range of the integer tensor it meets compares exactly
        (an int64 tensor is less than ``2**63`` everywhere), as NumPy 2.

    Raises
    ------
    ValueError
        If `a` and `b` do not broadcast together.
    TypeError
        If an operand is not a number (a string, None).

    Notes
    -----
    NaN compares unequal to everything, itself included. Not differentiable: the result is bool and
    never requires grad.

    Examples
    --------
    >>> tt.equal(tt.tensor([1, 2, 3]), tt.tensor([1.0, 0.0, 3.0]))
    tensor([ True, False,  True])
    >>> tt.equal(tt.tensor([0.0, float("nan")]), float("nan"))    # NaN equals nothing
    tensor([False, False])
    """
    return _binop(OP_EQUAL, a, b)

def not_equal(a, b):
    """Whether ``a != b``, elementwise with broadcasting (the ``!=`` operator).

    ::

        for i in ndindex(out.shape):        # a and b broadcast to out.shape
            out[i] = a[i] != b[i]

    Parameters
    ----------
    a, b : Tensor or scalar
        The operands, any dtype, broadcast together. Nested sequences are converted as by
        ``tt.asarray``.

    Returns
    -------
    Tensor
        bool, the broadcast shape of `a` and `b`. The comparison is made in the promoted dtype of
        the operands; a Python int outside the range of the integer tensor it meets compares exactly
        (an int64 tensor is less than ``2**63`` everywhere), as NumPy 2.

    Raises
    ------
    ValueError
        If `a` and `b` do not broadcast together.
    TypeError
        If an operand is not a number (a string, None).

    Notes
    -----
    NaN differs from everything, itself included. Not differentiable: the result is bool and never
    requires grad.

    Examples
    --------
    >>> tt.not_equal(tt.tensor([1, 2, 3]), 2)
    tensor([ True, False,  True])
    >>> tt.not_equal(tt.tensor([1.0, float("nan")]), tt.tensor([1.0, float("nan")]))
    tensor([False,  True])
    """
    return _binop(OP_NOT_EQUAL, a, b)

def less(a, b):
    """Whether ``a < b``, elementwise with broadcasting (the ``<`` operator).

    ::

        for i in ndindex(out.shape):        # a and b broadcast to out.shape
            out[i] = a[i] < b[i]

    Parameters
    ----------
    a, b : Tensor or scalar
        The operands, any dtype, broadcast together. Nested sequences are converted as by
        ``tt.asarray``.

    Returns
    -------
    Tensor
        bool, the broadcast shape of `a` and `b`. The comparison is made in the promoted dtype of
        the operands; a Python int outside the range of the integer tensor it meets compares exactly
        (an int64 tensor is less than ``2**63`` everywhere), as NumPy 2.

    Raises
    ------
    ValueError
        If `a` and `b` do not broadcast together.
    TypeError
        If an operand is not a number (a string, None).

    Notes
    -----
    Any comparison with NaN is False. Not differentiable: the result is bool and never requires
    grad.

    Examples
    --------
    >>> tt.less(tt.tensor([1.0, 2.0, float("nan")]), 2.0)
    tensor([ True, False, False])
    >>> tt.less(tt.tensor([1, 2, 3], dtype=tt.int8), 1000)       # beyond int8: exact answer
    tensor([True, True, True])
    """
    return _binop(OP_LESS, a, b)

def less_equal(a, b):
    """Whether ``a <= b``, elementwise with broadcasting (the ``<=`` operator).

    ::

        for i in ndindex(out.shape):        # a and b broadcast to out.shape
            out[i] = a[i] <= b[i]

    Parameters
    ----------
    a, b : Tensor or scalar
        The operands, any dtype, broadcast together. Nested sequences are converted as by
        ``tt.asarray``.

    Returns
    -------
    Tensor
        bool, the broadcast shape of `a` and `b`. The comparison is made in the promoted dtype of
        the operands; a Python int outside the range of the integer tensor it meets compares exactly
        (an int64 tensor is less than ``2**63`` everywhere), as NumPy 2.

    Raises
    ------
    ValueError
        If `a` and `b` do not broadcast together.
    TypeError
        If an operand is not a number (a string, None).

    Notes
    -----
    Any comparison with NaN is False. Not differentiable: the result is bool and never requires
    grad.

    Examples
    --------
    >>> tt.less_equal(tt.tensor([1, 2, 3]), 2)
    tensor([ True,  True, False])
    """
    return _binop(OP_LESS_EQUAL, a, b)

def greater(a, b):
    """Whether ``a > b``, elementwise with broadcasting (the ``>`` operator).

    ::

        for i in ndindex(out.shape):        # a and b broadcast to out.shape
            out[i] = a[i] > b[i]

    Parameters
    ----------
    a, b : Tensor or scalar
        The operands, any dtype, broadcast together. Nested sequences are converted as by
        ``tt.asarray``.

    Returns
    -------
    Tensor
        bool, the broadcast shape of `a` and `b`. The comparison is made in the promoted dtype of
        the operands; a Python int outside the range of the integer tensor it meets compares exactly
        (an int64 tensor is less than ``2**63`` everywhere), as NumPy 2.

    Raises
    ------
    ValueError
        If `a` and `b` do not broadcast together.
    TypeError
        If an operand is not a number (a string, None).

    Notes
    -----
    Any comparison with NaN is False. Not differentiable: the result is bool and never requires
    grad.

    Examples
    --------
    >>> tt.greater(tt.tensor([[1], [2]]), tt.tensor([0, 1, 2]))   # (2, 1) with (3,)
    tensor([[ True, False, False],
            [ True,  True, False]])
    """
    return _binop(OP_GREATER, a, b)

def greater_equal(a, b):
    """Whether ``a >= b``, elementwise with broadcasting (the ``>=`` operator).

    ::

        for i in ndindex(out.shape):        # a and b broadcast to out.shape
            out[i] = a[i] >= b[i]

    Parameters
    ----------
    a, b : Tensor or scalar
        The operands, any dtype, broadcast together. Nested sequences are converted as by
        ``tt.asarray``.

    Returns
    -------
    Tensor
        bool, the broadcast shape of `a` and `b`. The comparison is made in the promoted dtype of
        the operands; a Python int outside the range of the integer tensor it meets compares exactly
        (an int64 tensor is less than ``2**63`` everywhere), as NumPy 2.

    Raises
    ------
    ValueError
        If `a` and `b` do not broadcast together.
    TypeError
        If an operand is not a number (a string, None).

    Notes
    -----
    Any comparison with NaN is False. Not differentiable: the result is bool and never requires
    grad.

    Examples
    --------
    >>> tt.greater_equal(tt.tensor([1.0, 2.0, 3.0]), 2)
    tensor([False,  True,  True])
    """
    return _binop(OP_GREATER_EQUAL, a, b)

def logical_and(a, b):
    """Logical and of the truth values of `a` and `b`, elementwise with broadcasting.

    ::

        for i in ndindex(out.shape):        # a and b broadcast to out.shape
            out[i] = bool(a[i]) and bool(b[i])

    Parameters
    ----------
    a, b : Tensor or scalar
        The operands, any dtype, broadcast together; each element counts as true when it is non-zero
        (NaN is true).

    Returns
    -------
    Tensor
        bool, the broadcast shape of `a` and `b`.

    Raises
    ------
    ValueError
        If `a` and `b` do not broadcast together.
    TypeError
        If an operand is not a number (a string, None).

    Notes
    -----
    Not differentiable: the result is bool and never requires grad.

    Examples
    --------
    >>> tt.logical_and(tt.tensor([True, True, False]), tt.tensor([True, False, False]))
    tensor([ True, False, False])
    >>> tt.logical_and(tt.tensor([0, 1, 2]), tt.tensor([1.0, 0.0, 0.5]))    # non-zero is true
    tensor([False, False,  True])
    """
    return _binop(OP_LOGICAL_AND, a, b)

def logical_or(a, b):
    """Logical or of the truth values of `a` and `b`, elementwise with broadcasting.

    ::

        for i in ndindex(out.shape):        # a and b broadcast to out.shape
            out[i] = bool(a[i]) or bool(b[i])

    Parameters
    ----------
    a, b : Tensor or scalar
        The operands, any dtype, broadcast together; each element counts as true when it is non-zero
        (NaN is true).

    Returns
    -------
    Tensor
        bool, the broadcast shape of `a` and `b`.

    Raises
    ------
    ValueError
        If `a` and `b` do not broadcast together.
    TypeError
        If an operand is not a number (a string, None).

    Notes
    -----
    Not differentiable: the result is bool and never requires grad.

    Examples
    --------
    >>> tt.logical_or(tt.tensor([True, True, False]), tt.tensor([True, False, False]))
    tensor([ True,  True, False])
    >>> tt.logical_or(tt.tensor([0, 1, 0]), 0)
    tensor([False,  True, False])
    """
    return _binop(OP_LOGICAL_OR, a, b)

def logical_xor(a, b):
    """Logical exclusive or of the truth values of `a` and `b`, elementwise, broadcast.

    ::

        for i in ndindex(out.shape):        # a and b broadcast to out.shape
            out[i] = bool(a[i]) != bool(b[i])

    Parameters
    ----------
    a, b : Tensor or scalar
        The operands, any dtype, broadcast together; each element counts as true when it is non-zero
        (NaN is true).

    Returns
    -------
    Tensor
        bool, the broadcast shape of `a` and `b`.

    Raises
    ------
    ValueError
        If `a` and `b` do not broadcast together.
    TypeError
        If an operand is not a number (a string, None).

    Notes
    -----
    Not differentiable: the result is bool and never requires grad.

    Examples
    --------
    >>> tt.logical_xor(tt.tensor([True, True, False]), tt.tensor([True, False, False]))
    tensor([False,  True, False])
    >>> tt.logical_xor(tt.tensor([0.0, 2.0]), True)
    tensor([ True, False])
    """
    return _binop(OP_LOGICAL_XOR, a, b)

def logical_not(x):
    """Logical not of the truth value of `x`, elementwise: ``out[i] = not x[i]``.

    Parameters
    ----------
    x : Tensor or scalar
        The input, any dtype; an element counts as true when it is non-zero (NaN is true).

    Returns
    -------
    Tensor
        bool, the shape of `x`.

    Raises
    ------
    TypeError
        If `x` is not a number (a string, None).

    Notes
    -----
    Not differentiable: the result is bool and never requires grad.

    Examples
    --------
    >>> tt.logical_not(tt.tensor([True, False]))
    tensor([False,  True])
    >>> tt.logical_not(tt.tensor([0.0, 2.0, float("nan")]))
    tensor([ True, False, False])
    """
    return _unop(OP_LOGICAL_NOT, x)

def negative(x):
    """The negation of `x`, elementwise (the unary ``-`` operator): ``out[i] = -x[i]``.

    Parameters
    ----------
    x : Tensor or scalar
        The input, any shape and numeric dtype; a Python scalar or nested sequence is converted as
        by ``tt.asarray``.

    Returns
    -------
    Tensor
        Same shape and dtype as `x`.

    Raises
    ------
    TypeError
        If `x` is bool (NumPy refuses boolean negative: use ``logical_not`` or ``~``), or not a
        number.

    Notes
    -----
    Unsigned integers wrap around (``-1`` of uint8 is 255) and the most negative signed integer is
    its own negation, as NumPy. Differentiable: ``d/dx = -1``.

    Examples
    --------
    >>> tt.negative(tt.tensor([1.0, -2.0, 0.0]))
    tensor([-1.,  2., -0.])
    >>> tt.negative(tt.tensor([1, 2], dtype=tt.uint8))          # wraps around
    tensor([255, 254], dtype=uint8)
    """
    return _unop(OP_NEGATIVE, x)

def abs(x):
    """The absolute value, elementwise (``abs(x)``): ``out[i] = x[i] if x[i] >= 0 else -x[i]``.

    Parameters
    ----------
    x : Tensor or scalar
        The input, any shape and dtype; a Python scalar or nested sequence is converted as by
        ``tt.asarray``.

    Returns
    -------
    Tensor
        Same shape and dtype as `x` (bool stays bool).

    Raises
    ------
    TypeError
        If `x` is not a number (a string, None).

    Notes
    -----
    ``abs(-0.0)`` is 0.0 and NaN stays NaN. The most negative signed integer is its own absolute
    value (int8 -128 stays -128), as NumPy. Differentiable: ``d/dx = sign(x)``, so 0 at ``x == 0``
    (as PyTorch).

    Examples
    --------
    >>> tt.abs(tt.tensor([-1.5, 0.0, 2.0]))
    tensor([1.5, 0. , 2. ])
    >>> tt.abs(tt.tensor([-128, -5], dtype=tt.int8))             # -128 has no int8 opposite
    tensor([-128,    5], dtype=int8)
    """
    return _unop(OP_ABS, x)

absolute = abs

def sign(x):
    """The sign of `x`, elementwise: ``out[i]`` is -1, 0 or 1 as ``x[i]`` is negative, zero or
    positive.

    Parameters
    ----------
    x : Tensor or scalar
        The input, any shape and numeric dtype; a Python scalar or nested sequence is converted as
        by ``tt.asarray``.

    Returns
    -------
    Tensor
        Same shape and dtype as `x`; NaN stays NaN.

    Raises
    ------
    TypeError
        If `x` is bool (NumPy has no bool loop for sign either), or not a number.

    Notes
    -----
    Both zeros give 0. The gradient is zero everywhere (as PyTorch's); the op records, so
    ``backward`` passes zeros through.

    Examples
    --------
    >>> tt.sign(tt.tensor([-2.0, 0.0, 3.0, float("nan")]))
    tensor([-1.,  0.,  1., nan])
    >>> tt.sign(tt.tensor([-7, 0, 7], dtype=tt.int8))
    tensor([-1,  0,  1], dtype=int8)
    """
    return _unop(OP_SIGN, x)

def square(x):
    """The square of `x`, elementwise: ``out[i] = x[i] * x[i]``.

    Parameters
    ----------
    x : Tensor or scalar
        The input, any shape and dtype; a Python scalar or nested sequence is converted as by
        ``tt.asarray``.

    Returns
    -------
    Tensor
        Same shape and dtype as `x`; bool computes in int8, as NumPy.

    Raises
    ------
    TypeError
        If `x` is not a number (a string, None).

    Notes
    -----
    Integer squares wrap around on overflow (int8 100 squared is 16), as NumPy. Differentiable:
    ``d/dx = 2 x``.

    Examples
    --------
    >>> tt.square(tt.tensor([-3.0, 0.5]))
    tensor([9.  , 0.25])
    >>> tt.square(tt.tensor([True, False]))                     # bool computes in int8
    tensor([1, 0], dtype=int8)
    """
    return _unop(OP_SQUARE, x)

def exp(x):
    """The exponential, elementwise: ``out[i] = e ** x[i]``.

    Parameters
    ----------
    x : Tensor or scalar
        The input, any shape and dtype; a Python scalar or nested sequence is converted as by
        ``tt.asarray``.

    Returns
    -------
    Tensor
        Same shape as `x`. A float `x` keeps its dtype; integers and bool compute in the smallest
        float that holds their values, as NumPy: bool, int8 and uint8 in float16, int16 and uint16
        in float32, wider integers in float64.

    Raises
    ------
    TypeError
        If `x` is not a number (a string, None).

    Notes
    -----
    Overflow gives inf, and ``exp(-inf)`` is 0. Differentiable: ``d/dx = exp(x)``.

    Examples
    --------
    >>> tt.exp(tt.tensor([0.0, 1.0, float("-inf")]))
    tensor([1.        , 2.71828183, 0.        ])
    >>> tt.exp(tt.tensor([0, 1], dtype=tt.int8))             # int8 computes in float16
    tensor([1.   , 2.719], dtype=float16)
    """
    return _unop(OP_EXP, x)

def log(x):
    """The natural logarithm, elementwise: ``out[i] = log(x[i])``.

    Parameters
    ----------
    x : Tensor or scalar
        The input, any shape and dtype; a Python scalar or nested sequence is converted as by
        ``tt.asarray``.

    Returns
    -------
    Tensor
        Same shape as `x`. A float `x` keeps its dtype; integers and bool compute in the smallest
        float that holds their values, as NumPy: bool, int8 and uint8 in float16, int16 and uint16
        in float32, wider integers in float64.

    Raises
    ------
    TypeError
        If `x` is not a number (a string, None).

    Notes
    -----
    ``log(0)`` is -inf and a negative `x` gives NaN (no warning is issued, unlike NumPy).
    Differentiable: ``d/dx = 1 / x``.

    Examples
    --------
    >>> tt.log(tt.tensor([1.0, 0.0, -1.0]))
    tensor([  0., -inf,  nan])
    >>> tt.log(tt.tensor([1, 10], dtype=tt.int16))           # int16 computes in float32
    tensor([0.       , 2.3025851], dtype=float32)
    """
    return _unop(OP_LOG, x)

def sqrt(x):
    """The non-negative square root, elementwise: ``out[i] = sqrt(x[i])``.

    Parameters
    ----------
    x : Tensor or scalar
        The input, any shape and dtype; a Python scalar or nested sequence is converted as by
        ``tt.asarray``.

    Returns
    -------
    Tensor
        Same shape as `x`. A float `x` keeps its dtype; integers and bool compute in the smallest
        float that holds their values, as NumPy: bool, int8 and uint8 in float16, int16 and uint16
        in float32, wider integers in float64.

    Raises
    ------
    TypeError
        If `x` is not a number (a string, None).

    Notes
    -----
    A negative `x` gives NaN (no warning is issued, unlike NumPy). Differentiable:
    ``d/dx = 0.5 / sqrt(x)``.

    Examples
    --------
    >>> tt.sqrt(tt.tensor([4.0, 2.0, -1.0]))
    tensor([2.        , 1.41421356,        nan])
    >>> tt.sqrt(tt.tensor([4, 2], dtype=tt.int16))           # int16 computes in float32
    tensor([2.       , 1.4142135], dtype=float32)
    """
    return _unop(OP_SQRT, x)

def tanh(x):
    """The hyperbolic tangent, elementwise: ``out[i] = tanh(x[i])``.

    Parameters
    ----------
    x : Tensor or scalar
        The input, any shape and dtype; a Python scalar or nested sequence is converted as by
        ``tt.asarray``.

    Returns
    -------
    Tensor
        Same shape as `x`. A float `x` keeps its dtype; integers and bool compute in the smallest
        float that holds their values, as NumPy: bool, int8 and uint8 in float16, int16 and uint16
        in float32, wider integers in float64.

    Raises
    ------
    TypeError
        If `x` is not a number (a string, None).

    Notes
    -----
    The result lies in [-1, 1] and large `x` saturate without overflow. Differentiable:
    ``d/dx = 1 - tanh(x)**2``.

    Examples
    --------
    >>> tt.tanh(tt.tensor([0.0, 1.0, 20.0]))
    tensor([0.        , 0.76159416, 1.        ])
    """
    return _unop(OP_TANH, x)

def sigmoid(x):
    """The logistic sigmoid, elementwise: ``out[i] = 1 / (1 + exp(-x[i]))``.

    Parameters
    ----------
    x : Tensor or scalar
        The input, any shape and dtype; a Python scalar or nested sequence is converted as by
        ``tt.asarray``.

    Returns
    -------
    Tensor
        Same shape as `x`. A float `x` keeps its dtype; integers and bool compute in the smallest
        float that holds their values, as NumPy: bool, int8 and uint8 in float16, int16 and uint16
        in float32, wider integers in float64.

    Raises
    ------
    TypeError
        If `x` is not a number (a string, None).

    Notes
    -----
    The result lies in [0, 1]; large negative `x` give 0 without overflow. Differentiable:
    ``d/dx = s * (1 - s)`` with ``s = sigmoid(x)``. NumPy has no sigmoid; this is PyTorch's
    ``torch.sigmoid`` (SciPy's ``expit``).

    Examples
    --------
    >>> tt.sigmoid(tt.tensor([0.0, 2.0, -1000.0]))
    tensor([0.5       , 0.88079708, 0.        ])
    """
    return _unop(OP_SIGMOID, x)

def relu(x):
    """The rectified linear unit, elementwise: ``out[i] = x[i] if x[i] > 0 else 0``.

    Parameters
    ----------
    x : Tensor or scalar
        The input, any shape and dtype; a Python scalar or nested sequence is converted as by
        ``tt.asarray``.

    Returns
    -------
    Tensor
        Same shape and dtype as `x`; NaN stays NaN.

    Raises
    ------
    TypeError
        If `x` is not a number (a string, None).

    Notes
    -----
    Differentiable: ``d/dx`` is 1 where ``x > 0`` and 0 elsewhere, 0 at ``x == 0`` as PyTorch. NumPy
    has no relu; the values are those of ``maximum(x, 0)``.

    Examples
    --------
    >>> tt.relu(tt.tensor([-1.0, 0.0, 2.0, float("nan")]))
    tensor([ 0.,  0.,  2., nan])
    >>> tt.relu(tt.tensor([-3, 4], dtype=tt.int16))
    tensor([0, 4], dtype=int16)
    """
    return _unop(OP_RELU, x)

def step(x):
    """The unit step, elementwise: ``out[i] = 1 if x[i] >= 0 else 0``.

    Parameters
    ----------
    x : Tensor or scalar
        The input, any shape and dtype; a Python scalar or nested sequence is converted as by
        ``tt.asarray``.

    Returns
    -------
    Tensor
        Same shape and dtype as `x` (NaN gives 0; for bool every element is True, as ``x >= 0``).

    Raises
    ------
    TypeError
        If `x` is not a number (a string, None).

    Notes
    -----
    The gradient is zero everywhere (the derivative of a step almost everywhere); the op records, so
    ``backward`` passes zeros through.

    Examples
    --------
    >>> tt.step(tt.tensor([-0.5, 0.0, 3.0, float("nan")]))
    tensor([0., 1., 1., 0.])
    >>> tt.step(tt.tensor([-2, 0, 2]))
    tensor([0, 1, 1])
    """
    return _unop(OP_STEP, x)


def bitwise_and(a, b):
    """Bitwise and of `a` and `b`, elementwise with broadcasting (the ``&`` operator).

    ::

        for i in ndindex(out.shape):        # a and b broadcast to out.shape
            out[i] = a[i] & b[i]

    Parameters
    ----------
    a, b : Tensor or int or bool
        The operands, integer or bool, broadcast together. A Python int is weak (NEP 50): it takes
        the dtype of the tensor it meets.

    Returns
    -------
    Tensor
        The broadcast shape of `a` and `b`, in their promoted integer (or bool) dtype.

    Raises
    ------
    ValueError
        If `a` and `b` do not broadcast together.
    OverflowError
        If a Python int operand does not fit the integer dtype of the tensor it meets (a uint8
        tensor with 300), as in NumPy 2.
    TypeError
        If an operand is a float, or the two promote to no integer dtype (uint64 with int64 promotes
        to float64), as in NumPy.

    Notes
    -----
    For bool operands it is logical and. Not differentiable: an integer or bool result never
    requires grad.

    Examples
    --------
    >>> tt.bitwise_and(tt.tensor([12, 10]), 6)            # 0b1100 & 0b0110, 0b1010 & 0b0110
    tensor([4, 2])
    >>> tt.bitwise_and(tt.tensor([True, True]), tt.tensor([True, False]))
    tensor([ True, False])
    """
    return _binop(OP_BITWISE_AND, a, b)


def bitwise_or(a, b):
    """Bitwise or of `a` and `b`, elementwise with broadcasting (the ``|`` operator).

    ::

        for i in ndindex(out.shape):        # a and b broadcast to out.shape
            out[i] = a[i] | b[i]

    Parameters
    ----------
    a, b : Tensor or int or bool
        The operands, integer or bool, broadcast together. A Python int is weak (NEP 50): it takes
        the dtype of the tensor it meets.

    Returns
    -------
    Tensor
        The broadcast shape of `a` and `b`, in their promoted integer (or bool) dtype.

    Raises
    ------
    ValueError
        If `a` and `b` do not broadcast together.
    OverflowError
        If a Python int operand does not fit the integer dtype of the tensor it meets (a uint8
        tensor with 300), as in NumPy 2.
    TypeError
        If an operand is a float, or the two promote to no integer dtype (uint64 with int64 promotes
        to float64), as in NumPy.

    Notes
    -----
    For bool operands it is logical or. Not differentiable: an integer or bool result never requires
    grad.

    Examples
    --------
    >>> tt.bitwise_or(tt.tensor([12, 10]), 1)
    tensor([13, 11])
    >>> tt.bitwise_or(tt.tensor([True, False]), tt.tensor([False, False]))
    tensor([ True, False])
    """
    return _binop(OP_BITWISE_OR, a, b)


def bitwise_xor(a, b):
    """Bitwise exclusive or of `a` and `b`, elementwise, broadcast (the ``^`` operator).

    ::

        for i in ndindex(out.shape):        # a and b broadcast to out.shape
            out[i] = a[i] ^ b[i]

    Parameters
    ----------
    a, b : Tensor or int or bool
        The operands, integer or bool, broadcast together. A Python int is weak (NEP 50): it takes
        the dtype of the tensor it meets.

    Returns
    -------
    Tensor
        The broadcast shape of `a` and `b`, in their promoted integer (or bool) dtype.

    Raises
    ------
    ValueError
        If `a` and `b` do not broadcast together.
    OverflowError
        If a Python int operand does not fit the integer dtype of the tensor it meets (a uint8
        tensor with 300), as in NumPy 2.
    TypeError
        If an operand is a float, or the two promote to no integer dtype (uint64 with int64 promotes
        to float64), as in NumPy.

    Notes
    -----
    For bool operands it is logical xor. Not differentiable: an integer or bool result never
    requires grad.

    Examples
    --------
    >>> tt.bitwise_xor(tt.tensor([12, 10], dtype=tt.uint8), 255)
    tensor([243, 245], dtype=uint8)
    """
    return _binop(OP_BITWISE_XOR, a, b)


def bitwise_left_shift(a, b):
    """`a` shifted left by `b` bits, elementwise, broadcast (the ``<<`` operator).

    ::

        for i in ndindex(out.shape):        # a and b broadcast to out.shape
            out[i] = a[i] << b[i]     # 0 once b[i] reaches the bit width

    Parameters
    ----------
    a, b : Tensor or int or bool
        The operands, integer or bool, broadcast together. A Python int is weak (NEP 50): it takes
        the dtype of the tensor it meets.

    Returns
    -------
    Tensor
        The broadcast shape of `a` and `b`, in their promoted integer (or bool) dtype.

    Raises
    ------
    ValueError
        If `a` and `b` do not broadcast together.
    OverflowError
        If a Python int operand does not fit the integer dtype of the tensor it meets (a uint8
        tensor with 300), as in NumPy 2.
    TypeError
        If an operand is a float, or the two promote to no integer dtype (uint64 with int64 promotes
        to float64), as in NumPy.

    Notes
    -----
    A shift by the bit width of the dtype or more (or by a negative count) gives 0, as NumPy; bits
    shifted past the top are lost (int8 1 << 7 is -128). Bool operands compute in int8. Not
    differentiable: an integer or bool result never requires grad.

    Examples
    --------
    >>> ones = tt.tensor([1, 1, 1], dtype=tt.int8)
    >>> tt.bitwise_left_shift(ones, tt.tensor([1, 7, 8], dtype=tt.int8))    # 1 << 8 is 0 in int8
    tensor([   2, -128,    0], dtype=int8)
    >>> tt.bitwise_left_shift(tt.tensor([3]), tt.tensor([[0], [4]]))
    tensor([[ 3],
            [48]])
    """
    return _binop(OP_BITWISE_LEFT_SHIFT, a, b)


def bitwise_right_shift(a, b):
    """`a` shifted right by `b` bits, elementwise, broadcast (the ``>>`` operator).

    ::

        for i in ndindex(out.shape):        # a and b broadcast to out.shape
            out[i] = a[i] >> b[i]     # arithmetic: a signed a keeps its sign

    Parameters
    ----------
    a, b : Tensor or int or bool
        The operands, integer or bool, broadcast together. A Python int is weak (NEP 50): it takes
        the dtype of the tensor it meets.

    Returns
    -------
    Tensor
        The broadcast shape of `a` and `b`, in their promoted integer (or bool) dtype.

    Raises
    ------
    ValueError
        If `a` and `b` do not broadcast together.
    OverflowError
        If a Python int operand does not fit the integer dtype of the tensor it meets (a uint8
        tensor with 300), as in NumPy 2.
    TypeError
        If an operand is a float, or the two promote to no integer dtype (uint64 with int64 promotes
        to float64), as in NumPy.

    Notes
    -----
    The shift is arithmetic for signed integers (the sign bit fills in, so -8 >> 1 is -4); a shift
    by the bit width or more gives 0, or -1 for a negative signed `a`, as NumPy. Bool operands
    compute in int8. Not differentiable: an integer or bool result never requires grad.

    Examples
    --------
    >>> tt.bitwise_right_shift(tt.tensor([-8, 8]), 1)
    tensor([-4,  4])
    >>> tt.bitwise_right_shift(tt.tensor([-8, 8]), 70)       # beyond the width of int64
    tensor([-1,  0])
    """
    return _binop(OP_BITWISE_RIGHT_SHIFT, a, b)


def atan2(a, b):
    """The angle of the point (`b`, `a`) in radians, elementwise: the arc tangent of ``a / b`` in
    the right quadrant.

    ::

        for i in ndindex(out.shape):        # a and b broadcast to out.shape
            out[i] = atan2(a[i], b[i])         # in [-pi, pi]

    Parameters
    ----------
    a, b : Tensor or scalar
        The operands, broadcast together (NumPy's rules). A Python scalar is weak (NEP 50): it takes
        the dtype of the tensor it meets. Nested sequences are converted as by ``tt.asarray``.

    Returns
    -------
    Tensor
        The broadcast shape of `a` and `b`. Floats promote as usual; integers and bool compute in
        the smallest float that holds their values, as NumPy (bool, int8, uint8: float16; int16,
        uint16: float32; wider integers: float64), then promote with the other operand.

    Raises
    ------
    ValueError
        If `a` and `b` do not broadcast together.
    TypeError
        If an operand is not a number (a string, None).

    Notes
    -----
    The result lies in [-pi, pi]; the signs of both operands choose the quadrant, and ``b == 0`` is
    fine (pi/2 or -pi/2 for a non-zero `a`). Differentiable: ``d/da = b / (a**2 + b**2)``,
    ``d/db = -a / (a**2 + b**2)``.

    Examples
    --------
    >>> tt.atan2(tt.tensor([1.0, 1.0, -1.0]), tt.tensor([1.0, -1.0, -1.0]))
    tensor([ 0.78539816,  2.35619449, -2.35619449])
    >>> tt.atan2(tt.tensor([1, 1], dtype=tt.int8), 1)       # int8 computes in float16
    tensor([0.785, 0.785], dtype=float16)
    """
    return _binop(OP_ATAN2, a, b)


def hypot(a, b):
    """The hypotenuse ``sqrt(a**2 + b**2)``, elementwise, without overflow in the squares.

    ::

        for i in ndindex(out.shape):        # a and b broadcast to out.shape
            out[i] = sqrt(a[i]**2 + b[i]**2)   # scaled: no overflow on the way

    Parameters
    ----------
    a, b : Tensor or scalar
        The operands, broadcast together (NumPy's rules). A Python scalar is weak (NEP 50): it takes
        the dtype of the tensor it meets. Nested sequences are converted as by ``tt.asarray``.

    Returns
    -------
    Tensor
        The broadcast shape of `a` and `b`. Floats promote as usual; integers and bool compute in
        the smallest float that holds their values, as NumPy (bool, int8, uint8: float16; int16,
        uint16: float32; wider integers: float64), then promote with the other operand.

    Raises
    ------
    ValueError
        If `a` and `b` do not broadcast together.
    TypeError
        If an operand is not a number (a string, None).

    Notes
    -----
    The operands are scaled by a power of two first, so the squares neither overflow nor underflow:
    ``hypot(1e300, 1e300)`` is finite. Differentiable: ``d/da = a / r``, ``d/db = b / r`` with
    ``r = hypot(a, b)``.

    Examples
    --------
    >>> tt.hypot(tt.tensor([3.0, 1e300]), tt.tensor([4.0, 1e300]))
    tensor([5.00000000e+00, 1.41421356e+300])
    >>> tt.hypot(tt.tensor([3, 5]), 4)                     # integers compute in float
    tensor([5.        , 6.40312424])
    """
    return _binop(OP_HYPOT, a, b)


def logaddexp(a, b):
    """``log(exp(a) + exp(b))``, elementwise, without overflow.

    ::

        for i in ndindex(out.shape):        # a and b broadcast to out.shape
            out[i] = log(exp(a[i]) + exp(b[i]))  # as max + log1p(exp(-|a - b|))

    Parameters
    ----------
    a, b : Tensor or scalar
        The operands, broadcast together (NumPy's rules). A Python scalar is weak (NEP 50): it takes
        the dtype of the tensor it meets. Nested sequences are converted as by ``tt.asarray``.

    Returns
    -------
    Tensor
        The broadcast shape of `a` and `b`. Floats promote as usual; integers and bool compute in
        the smallest float that holds their values, as NumPy (bool, int8, uint8: float16; int16,
        uint16: float32; wider integers: float64), then promote with the other operand.

    Raises
    ------
    ValueError
        If `a` and `b` do not broadcast together.
    TypeError
        If an operand is not a number (a string, None).

    Notes
    -----
    Computed as ``max(a, b) + log1p(exp(-abs(a - b)))``, so large inputs do not overflow.
    Differentiable: ``d/da = exp(a - r)``, ``d/db = exp(b - r)`` with ``r = logaddexp(a, b)``.

    Examples
    --------
    >>> tt.logaddexp(tt.tensor([0.0, 1000.0]), tt.tensor([0.0, 1000.0]))   # log 2, 1000 + log 2
    tensor([6.93147181e-01, 1.00069315e+03])
    """
    return _binop(OP_LOGADDEXP, a, b)


def copysign(a, b):
    """The magnitude of `a` with the sign of `b`, elementwise with broadcasting.

    ::

        for i in ndindex(out.shape):        # a and b broadcast to out.shape
            out[i] = -abs(a[i]) if signbit(b[i]) else abs(a[i])

    Parameters
    ----------
    a, b : Tensor or scalar
        The operands, broadcast together (NumPy's rules). A Python scalar is weak (NEP 50): it takes
        the dtype of the tensor it meets. Nested sequences are converted as by ``tt.asarray``.

    Returns
    -------
    Tensor
        The broadcast shape of `a` and `b`. Floats promote as usual; integers and bool compute in
        the smallest float that holds their values, as NumPy (bool, int8, uint8: float16; int16,
        uint16: float32; wider integers: float64), then promote with the other operand.

    Raises
    ------
    ValueError
        If `a` and `b` do not broadcast together.
    TypeError
        If an operand is not a number (a string, None).

    Notes
    -----
    The sign bit of `b` counts, so ``-0.0`` is negative. Differentiable (as PyTorch): ``d/da`` is +1
    or -1 (``copysign(a, b) / a``, taken as 0 where ``a == 0``), ``d/db = 0``.

    Examples
    --------
    >>> tt.copysign(tt.tensor([1.0, -2.0, 3.0]), tt.tensor([-1.0, 1.0, -0.0]))
    tensor([-1.,  2., -3.])
    >>> tt.copysign(tt.tensor([1, 2]), -1)                  # integers compute in float
    tensor([-1., -2.])
    """
    return _binop(OP_COPYSIGN, a, b)


def nextafter(a, b):
    """The next representable float after `a` in the direction of `b`, elementwise.

    ::

        for i in ndindex(out.shape):        # a and b broadcast to out.shape
            out[i] = the float of out's dtype next to a[i], towards b[i]

    Parameters
    ----------
    a, b : Tensor or scalar
        The operands, broadcast together (NumPy's rules). A Python scalar is weak (NEP 50): it takes
        the dtype of the tensor it meets. Nested sequences are converted as by ``tt.asarray``.

    Returns
    -------
    Tensor
        The broadcast shape of `a` and `b`. Floats promote as usual; integers and bool compute in
        the smallest float that holds their values, as NumPy (bool, int8, uint8: float16; int16,
        uint16: float32; wider integers: float64), then promote with the other operand.

    Raises
    ------
    ValueError
        If `a` and `b` do not broadcast together.
    TypeError
        If an operand is not a number (a string, None).
    RuntimeError
        If an operand requires grad while grad mode is on: nextafter has no derivative
        (``derivative for 'nextafter' is not implemented``).

    Notes
    -----
    Where ``a == b`` the result is `b`. The step is one unit in the last place of the result dtype,
    so it depends on the dtype and the direction (from 1.0 in float32: up by 2**-23, down by
    2**-24).

    Examples
    --------
    >>> x = tt.tensor([1.0, 1.0], dtype=tt.float32)
    >>> tt.nextafter(x, tt.tensor([2.0, 0.0], dtype=tt.float32)) - x   # up, then down
    tensor([ 1.1920929e-07, -5.9604645e-08], dtype=float32)
    """
    return _binop(OP_NEXTAFTER, a, b)


def reciprocal(x):
    """The reciprocal of `x`, elementwise: ``out[i] = 1 / x[i]``.

    Parameters
    ----------
    x : Tensor or scalar
        The input, any shape and dtype; a Python scalar or nested sequence is converted as by
        ``tt.asarray``.

    Returns
    -------
    Tensor
        Same shape and dtype as `x` (integers are not promoted to float); bool computes in int8, as
        NumPy.

    Raises
    ------
    TypeError
        If `x` is not a number (a string, None).

    Notes
    -----
    For integers this is NumPy's integer reciprocal: 1 and -1 are their own reciprocals, every other
    non-zero value gives 0, and 0 gives the C conversion of inf to the dtype (on x86 the most
    negative int32 or int64, 0 for the other integer dtypes), as NumPy. For floats ``1 / 0`` is inf.
    Differentiable: ``d/dx = -1 / x**2``.

    Examples
    --------
    >>> tt.reciprocal(tt.tensor([1.0, 2.0, 0.0]))
    tensor([1. , 0.5, inf])
    >>> tt.reciprocal(tt.tensor([1, 2, -1]))                     # integer reciprocal
    tensor([ 1,  0, -1])
    """
    return _unop(OP_RECIPROCAL, x)


def exp2(x):
    """Two to the power `x`, elementwise: ``out[i] = 2 ** x[i]``.

    Parameters
    ----------
    x : Tensor or scalar
        The input, any shape and dtype; a Python scalar or nested sequence is converted as by
        ``tt.asarray``.

    Returns
    -------
    Tensor
        Same shape as `x`. A float `x` keeps its dtype; integers and bool compute in the smallest
        float that holds their values, as NumPy: bool, int8 and uint8 in float16, int16 and uint16
        in float32, wider integers in float64.

    Raises
    ------
    TypeError
        If `x` is not a number (a string, None).

    Notes
    -----
    Differentiable: ``d/dx = 2**x * log(2)``.

    Examples
    --------
    >>> tt.exp2(tt.tensor([0.0, 3.0, -1.0]))
    tensor([1. , 8. , 0.5])
    """
    return _unop(OP_EXP2, x)


def expm1(x):
    """``exp(x) - 1``, elementwise, accurate for small `x`: ``out[i] = exp(x[i]) - 1``.

    Parameters
    ----------
    x : Tensor or scalar
        The input, any shape and dtype; a Python scalar or nested sequence is converted as by
        ``tt.asarray``.

    Returns
    -------
    Tensor
        Same shape as `x`. A float `x` keeps its dtype; integers and bool compute in the smallest
        float that holds their values, as NumPy: bool, int8 and uint8 in float16, int16 and uint16
        in float32, wider integers in float64.

    Raises
    ------
    TypeError
        If `x` is not a number (a string, None).

    Notes
    -----
    For `x` near 0, ``exp(x) - 1`` loses the digits that ``expm1(x)`` keeps. Differentiable:
    ``d/dx = exp(x)``.

    Examples
    --------
    >>> tt.expm1(tt.tensor([1e-10, 0.0]))
    tensor([1.00000000e-10, 0.00000000e+00])
    >>> tt.exp(tt.tensor([1e-10])) - 1                    # cancellation
    tensor([1.00000008e-10])
    """
    return _unop(OP_EXPM1, x)


def log2(x):
    """The base-2 logarithm, elementwise: ``out[i] = log2(x[i])``.

    Parameters
    ----------
    x : Tensor or scalar
        The input, any shape and dtype; a Python scalar or nested sequence is converted as by
        ``tt.asarray``.

    Returns
    -------
    Tensor
        Same shape as `x`. A float `x` keeps its dtype; integers and bool compute in the smallest
        float that holds their values, as NumPy: bool, int8 and uint8 in float16, int16 and uint16
        in float32, wider integers in float64.

    Raises
    ------
    TypeError
        If `x` is not a number (a string, None).

    Notes
    -----
    ``log2(0)`` is -inf and a negative `x` gives NaN (no warning is issued, unlike NumPy).
    Differentiable: ``d/dx = 1 / (x log(2))``.

    Examples
    --------
    >>> tt.log2(tt.tensor([1.0, 8.0, 0.5]))
    tensor([ 0.,  3., -1.])
    """
    return _unop(OP_LOG2, x)


def log10(x):
    """The base-10 logarithm, elementwise: ``out[i] = log10(x[i])``.

    Parameters
    ----------
    x : Tensor or scalar
        The input, any shape and dtype; a Python scalar or nested sequence is converted as by
        ``tt.asarray``.

    Returns
    -------
    Tensor
        Same shape as `x`. A float `x` keeps its dtype; integers and bool compute in the smallest
        float that holds their values, as NumPy: bool, int8 and uint8 in float16, int16 and uint16
        in float32, wider integers in float64.

    Raises
    ------
    TypeError
        If `x` is not a number (a string, None).

    Notes
    -----
    ``log10(0)`` is -inf and a negative `x` gives NaN (no warning is issued, unlike NumPy).
    Differentiable: ``d/dx = 1 / (x log(10))``.

    Examples
    --------
    >>> tt.log10(tt.tensor([1, 100, 1000]))                  # int64 computes in float64
    tensor([0., 2., 3.])
    """
    return _unop(OP_LOG10, x)


def log1p(x):
    """``log(1 + x)``, elementwise, accurate for small `x`: ``out[i] = log(1 + x[i])``.

    Parameters
    ----------
    x : Tensor or scalar
        The input, any shape and dtype; a Python scalar or nested sequence is converted as by
        ``tt.asarray``.

    Returns
    -------
    Tensor
        Same shape as `x`. A float `x` keeps its dtype; integers and bool compute in the smallest
        float that holds their values, as NumPy: bool, int8 and uint8 in float16, int16 and uint16
        in float32, wider integers in float64.

    Raises
    ------
    TypeError
        If `x` is not a number (a string, None).

    Notes
    -----
    For `x` near 0, ``log(1 + x)`` loses the digits of `x` that ``log1p(x)`` keeps. ``log1p(-1)`` is
    -inf; below -1 the result is NaN (no warning is issued, unlike NumPy). Differentiable:
    ``d/dx = 1 / (1 + x)``.

    Examples
    --------
    >>> tt.log1p(tt.tensor([1e-10, 0.0, -1.0]))
    tensor([1.00000000e-10, 0.00000000e+00,           -inf])
    """
    return _unop(OP_LOG1P, x)


def sin(x):
    """The sine of `x` in radians, elementwise: ``out[i] = sin(x[i])``.

    Parameters
    ----------
    x : Tensor or scalar
        The input, any shape and dtype; a Python scalar or nested sequence is converted as by
        ``tt.asarray``.

    Returns
    -------
    Tensor
        Same shape as `x`. A float `x` keeps its dtype; integers and bool compute in the smallest
        float that holds their values, as NumPy: bool, int8 and uint8 in float16, int16 and uint16
        in float32, wider integers in float64.

    Raises
    ------
    TypeError
        If `x` is not a number (a string, None).

    Notes
    -----
    Differentiable: ``d/dx = cos(x)``.

    Examples
    --------
    >>> tt.sin(tt.tensor([0.0, 0.5, 1.0]))
    tensor([0.        , 0.47942554, 0.84147098])
    """
    return _unop(OP_SIN, x)


def cos(x):
    """The cosine of `x` in radians, elementwise: ``out[i] = cos(x[i])``.

    Parameters
    ----------
    x : Tensor or scalar
        The input, any shape and dtype; a Python scalar or nested sequence is converted as by
        ``tt.asarray``.

    Returns
    -------
    Tensor
        Same shape as `x`. A float `x` keeps its dtype; integers and bool compute in the smallest
        float that holds their values, as NumPy: bool, int8 and uint8 in float16, int16 and uint16
        in float32, wider integers in float64.

    Raises
    ------
    TypeError
        If `x` is not a number (a string, None).

    Notes
    -----
    Differentiable: ``d/dx = -sin(x)``.

    Examples
    --------
    >>> tt.cos(tt.tensor([0.0, 0.5, 1.0]))
    tensor([1.        , 0.87758256, 0.54030231])
    """
    return _unop(OP_COS, x)


def tan(x):
    """The tangent of `x` in radians, elementwise: ``out[i] = tan(x[i])``.

    Parameters
    ----------
    x : Tensor or scalar
        The input, any shape and dtype; a Python scalar or nested sequence is converted as by
        ``tt.asarray``.

    Returns
    -------
    Tensor
        Same shape as `x`. A float `x` keeps its dtype; integers and bool compute in the smallest
        float that holds their values, as NumPy: bool, int8 and uint8 in float16, int16 and uint16
        in float32, wider integers in float64.

    Raises
    ------
    TypeError
        If `x` is not a number (a string, None).

    Notes
    -----
    Differentiable: ``d/dx = 1 + tan(x)**2``.

    Examples
    --------
    >>> tt.tan(tt.tensor([0.0, 0.5, 1.0]))
    tensor([0.        , 0.54630249, 1.55740772])
    """
    return _unop(OP_TAN, x)


def asin(x):
    """The inverse sine, elementwise, in radians in [-pi/2, pi/2]: ``out[i] = asin(x[i])``.

    Parameters
    ----------
    x : Tensor or scalar
        The input, any shape and dtype; a Python scalar or nested sequence is converted as by
        ``tt.asarray``.

    Returns
    -------
    Tensor
        Same shape as `x`. A float `x` keeps its dtype; integers and bool compute in the smallest
        float that holds their values, as NumPy: bool, int8 and uint8 in float16, int16 and uint16
        in float32, wider integers in float64.

    Raises
    ------
    TypeError
        If `x` is not a number (a string, None).

    Notes
    -----
    Outside [-1, 1] the result is NaN (no warning is issued, unlike NumPy). Differentiable:
    ``d/dx = 1 / sqrt(1 - x**2)``.

    Examples
    --------
    >>> tt.asin(tt.tensor([0.0, 0.5, 1.0, 2.0]))
    tensor([0.        , 0.52359878, 1.57079633,        nan])
    """
    return _unop(OP_ASIN, x)


def acos(x):
    """The inverse cosine, elementwise, in radians in [0, pi]: ``out[i] = acos(x[i])``.

    Parameters
    ----------
    x : Tensor or scalar
        The input, any shape and dtype; a Python scalar or nested sequence is converted as by
        ``tt.asarray``.

    Returns
    -------
    Tensor
        Same shape as `x`. A float `x` keeps its dtype; integers and bool compute in the smallest
        float that holds their values, as NumPy: bool, int8 and uint8 in float16, int16 and uint16
        in float32, wider integers in float64.

    Raises
    ------
    TypeError
        If `x` is not a number (a string, None).

    Notes
    -----
    Outside [-1, 1] the result is NaN (no warning is issued, unlike NumPy). Differentiable:
    ``d/dx = -1 / sqrt(1 - x**2)``.

    Examples
    --------
    >>> tt.acos(tt.tensor([1.0, 0.5, -1.0, 2.0]))
    tensor([0.        , 1.04719755, 3.14159265,        nan])
    """
    return _unop(OP_ACOS, x)


def atan(x):
    """The inverse tangent, elementwise, in radians in [-pi/2, pi/2]: ``out[i] = atan(x[i])``.

    Parameters
    ----------
    x : Tensor or scalar
        The input, any shape and dtype; a Python scalar or nested sequence is converted as by
        ``tt.asarray``.

    Returns
    -------
    Tensor
        Same shape as `x`. A float `x` keeps its dtype; integers and bool compute in the smallest
        float that holds their values, as NumPy: bool, int8 and uint8 in float16, int16 and uint16
        in float32, wider integers in float64.

    Raises
    ------
    TypeError
        If `x` is not a number (a string, None).

    Notes
    -----
    Differentiable: ``d/dx = 1 / (1 + x**2)``. For the angle of a point use ``atan2``.

    Examples
    --------
    >>> tt.atan(tt.tensor([0.0, 1.0, float("inf")]))
    tensor([0.        , 0.78539816, 1.57079633])
    """
    return _unop(OP_ATAN, x)


def sinh(x):
    """The hyperbolic sine, elementwise: ``out[i] = sinh(x[i])``.

    Parameters
    ----------
    x : Tensor or scalar
        The input, any shape and dtype; a Python scalar or nested sequence is converted as by
        ``tt.asarray``.

    Returns
    -------
    Tensor
        Same shape as `x`. A float `x` keeps its dtype; integers and bool compute in the smallest
        float that holds their values, as NumPy: bool, int8 and uint8 in float16, int16 and uint16
        in float32, wider integers in float64.

    Raises
    ------
    TypeError
        If `x` is not a number (a string, None).

    Notes
    -----
    Differentiable: ``d/dx = cosh(x)``.

    Examples
    --------
    >>> tt.sinh(tt.tensor([0.0, 1.0]))
    tensor([0.        , 1.17520119])
    """
    return _unop(OP_SINH, x)


def cosh(x):
    """The hyperbolic cosine, elementwise: ``out[i] = cosh(x[i])``.

    Parameters
    ----------
    x : Tensor or scalar
        The input, any shape and dtype; a Python scalar or nested sequence is converted as by
        ``tt.asarray``.

    Returns
    -------
    Tensor
        Same shape as `x`. A float `x` keeps its dtype; integers and bool compute in the smallest
        float that holds their values, as NumPy: bool, int8 and uint8 in float16, int16 and uint16
        in float32, wider integers in float64.

    Raises
    ------
    TypeError
        If `x` is not a number (a string, None).

    Notes
    -----
    Differentiable: ``d/dx = sinh(x)``.

    Examples
    --------
    >>> tt.cosh(tt.tensor([0.0, 1.0]))
    tensor([1.        , 1.54308063])
    """
    return _unop(OP_COSH, x)


def asinh(x):
    """The inverse hyperbolic sine, elementwise: ``out[i] = asinh(x[i])``.

    Parameters
    ----------
    x : Tensor or scalar
        The input, any shape and dtype; a Python scalar or nested sequence is converted as by
        ``tt.asarray``.

    Returns
    -------
    Tensor
        Same shape as `x`. A float `x` keeps its dtype; integers and bool compute in the smallest
        float that holds their values, as NumPy: bool, int8 and uint8 in float16, int16 and uint16
        in float32, wider integers in float64.

    Raises
    ------
    TypeError
        If `x` is not a number (a string, None).

    Notes
    -----
    Differentiable: ``d/dx = 1 / sqrt(x**2 + 1)``.

    Examples
    --------
    >>> tt.asinh(tt.tensor([0.0, 1.0]))
    tensor([0.        , 0.88137359])
    """
    return _unop(OP_ASINH, x)


def acosh(x):
    """The inverse hyperbolic cosine, elementwise: ``out[i] = acosh(x[i])``.

    Parameters
    ----------
    x : Tensor or scalar
        The input, any shape and dtype; a Python scalar or nested sequence is converted as by
        ``tt.asarray``.

    Returns
    -------
    Tensor
        Same shape as `x`. A float `x` keeps its dtype; integers and bool compute in the smallest
        float that holds their values, as NumPy: bool, int8 and uint8 in float16, int16 and uint16
        in float32, wider integers in float64.

    Raises
    ------
    TypeError
        If `x` is not a number (a string, None).

    Notes
    -----
    Below 1 the result is NaN (no warning is issued, unlike NumPy). Differentiable:
    ``d/dx = 1 / sqrt(x**2 - 1)``.

    Examples
    --------
    >>> tt.acosh(tt.tensor([1.0, 2.0, 0.5]))
    tensor([0.       , 1.3169579,       nan])
    """
    return _unop(OP_ACOSH, x)


def atanh(x):
    """The inverse hyperbolic tangent, elementwise: ``out[i] = atanh(x[i])``.

    Parameters
    ----------
    x : Tensor or scalar
        The input, any shape and dtype; a Python scalar or nested sequence is converted as by
        ``tt.asarray``.

    Returns
    -------
    Tensor
        Same shape as `x`. A float `x` keeps its dtype; integers and bool compute in the smallest
        float that holds their values, as NumPy: bool, int8 and uint8 in float16, int16 and uint16
        in float32, wider integers in float64.

    Raises
    ------
    TypeError
        If `x` is not a number (a string, None).

    Notes
    -----
    ``atanh(1)`` is inf and outside [-1, 1] the result is NaN (no warning is issued, unlike NumPy).
    Differentiable: ``d/dx = 1 / (1 - x**2)``.

    Examples
    --------
    >>> tt.atanh(tt.tensor([0.0, 0.5, 1.0, 2.0]))
    tensor([0.        , 0.54930614,        inf,        nan])
    """
    return _unop(OP_ATANH, x)


def floor(x):
    """The largest integer not greater than `x`, elementwise: ``out[i] = floor(x[i])``.

    Parameters
    ----------
    x : Tensor or scalar
        The input, any shape and dtype; a Python scalar or nested sequence is converted as by
        ``tt.asarray``.

    Returns
    -------
    Tensor
        Same shape and dtype as `x`; integers and bool are returned unchanged (a copy), as NumPy 2.

    Raises
    ------
    TypeError
        If `x` is not a number (a string, None).

    Notes
    -----
    Rounds towards minus infinity: -1.5 becomes -2. Infinities and NaN are kept. The gradient is
    zero everywhere (as PyTorch's); the op records, so ``backward`` passes zeros through.

    Examples
    --------
    >>> tt.floor(tt.tensor([-1.5, 0.5, 2.0]))
    tensor([-2.,  0.,  2.])
    >>> tt.floor(tt.tensor([-1, 2]))                           # integers unchanged
    tensor([-1,  2])
    """
    return _unop(OP_FLOOR, x)


def ceil(x):
    """The smallest integer not less than `x`, elementwise: ``out[i] = ceil(x[i])``.

    Parameters
    ----------
    x : Tensor or scalar
        The input, any shape and dtype; a Python scalar or nested sequence is converted as by
        ``tt.asarray``.

    Returns
    -------
    Tensor
        Same shape and dtype as `x`; integers and bool are returned unchanged (a copy), as NumPy 2.

    Raises
    ------
    TypeError
        If `x` is not a number (a string, None).

    Notes
    -----
    Rounds towards plus infinity: -1.5 becomes -1. Infinities and NaN are kept. The gradient is zero
    everywhere (as PyTorch's); the op records, so ``backward`` passes zeros through.

    Examples
    --------
    >>> tt.ceil(tt.tensor([-1.5, 0.5, 2.0]))
    tensor([-1.,  1.,  2.])
    """
    return _unop(OP_CEIL, x)


def trunc(x):
    """`x` rounded towards zero, elementwise: ``out[i] = trunc(x[i])``.

    Parameters
    ----------
    x : Tensor or scalar
        The input, any shape and dtype; a Python scalar or nested sequence is converted as by
        ``tt.asarray``.

    Returns
    -------
    Tensor
        Same shape and dtype as `x`; integers and bool are returned unchanged (a copy), as NumPy 2.

    Raises
    ------
    TypeError
        If `x` is not a number (a string, None).

    Notes
    -----
    Drops the fraction: -1.5 becomes -1 and 2.7 becomes 2. Infinities and NaN are kept. The gradient
    is zero everywhere (as PyTorch's); the op records, so ``backward`` passes zeros through.

    Examples
    --------
    >>> tt.trunc(tt.tensor([-1.5, 0.5, 2.7]))
    tensor([-1.,  0.,  2.])
    """
    return _unop(OP_TRUNC, x)


def isnan(x):
    """Whether `x` is NaN, elementwise: ``out[i] = x[i] != x[i]``.

    Parameters
    ----------
    x : Tensor or scalar
        The input, any shape and dtype; a Python scalar or nested sequence is converted as by
        ``tt.asarray``.

    Returns
    -------
    Tensor
        bool, the shape of `x`.

    Raises
    ------
    TypeError
        If `x` is not a number (a string, None).

    Notes
    -----
    Integers and bool are never NaN. Not differentiable: the result is bool and never requires grad.

    Examples
    --------
    >>> tt.isnan(tt.tensor([1.0, float("nan"), float("inf")]))
    tensor([False,  True, False])
    """
    return _unop(OP_ISNAN, x)


def isinf(x):
    """Whether `x` is plus or minus infinity, elementwise: ``out[i] = abs(x[i]) == inf``.

    Parameters
    ----------
    x : Tensor or scalar
        The input, any shape and dtype; a Python scalar or nested sequence is converted as by
        ``tt.asarray``.

    Returns
    -------
    Tensor
        bool, the shape of `x`.

    Raises
    ------
    TypeError
        If `x` is not a number (a string, None).

    Notes
    -----
    Integers and bool are never infinite; NaN is not infinite. Not differentiable: the result is
    bool and never requires grad.

    Examples
    --------
    >>> tt.isinf(tt.tensor([1.0, float("nan"), float("inf"), float("-inf")]))
    tensor([False, False,  True,  True])
    """
    return _unop(OP_ISINF, x)


def isfinite(x):
    """Whether `x` is neither NaN nor infinite, elementwise.

    Parameters
    ----------
    x : Tensor or scalar
        The input, any shape and dtype; a Python scalar or nested sequence is converted as by
        ``tt.asarray``.

    Returns
    -------
    Tensor
        bool, the shape of `x`.

    Raises
    ------
    TypeError
        If `x` is not a number (a string, None).

    Notes
    -----
    Integers and bool are always finite. Not differentiable: the result is bool and never requires
    grad.

    Examples
    --------
    >>> tt.isfinite(tt.tensor([1.0, float("nan"), float("inf"), float("-inf")]))
    tensor([ True, False, False, False])
    """
    return _unop(OP_ISFINITE, x)


def signbit(x):
    """Whether the sign bit of `x` is set, elementwise: ``out[i] = x[i] < 0`` except that -0.0 and a
    negative NaN count too.

    Parameters
    ----------
    x : Tensor or scalar
        The input, any shape and dtype; a Python scalar or nested sequence is converted as by
        ``tt.asarray``.

    Returns
    -------
    Tensor
        bool, the shape of `x`.

    Raises
    ------
    TypeError
        If `x` is not a number (a string, None).

    Notes
    -----
    Integers and bool are read as floats (bool, int8, uint8 in float16, and so on), so a negative
    integer has its sign bit set. Not differentiable: the result is bool and never requires grad.

    Examples
    --------
    >>> tt.signbit(tt.tensor([1.0, -0.0, -2.0]))
    tensor([False,  True,  True])
    >>> tt.signbit(tt.tensor([3, -3], dtype=tt.int8))
    tensor([False,  True])
    """
    return _unop(OP_SIGNBIT, x)


def bitwise_invert(x):
    """Bitwise not of `x`, elementwise (the ``~`` operator): ``out[i] = ~x[i]``.

    Parameters
    ----------
    x : Tensor or int or bool
        The input, integer or bool.

    Returns
    -------
    Tensor
        Same shape and dtype as `x`. For bool it is logical not; for signed integers
        ``~x == -x - 1`` (two's complement); for unsigned ones ``~x == max - x``.

    Raises
    ------
    TypeError
        If `x` is a float (or not a number).

    Notes
    -----
    Not differentiable: an integer or bool result never requires grad.

    Examples
    --------
    >>> tt.bitwise_invert(tt.tensor([0, 5], dtype=tt.uint8))
    tensor([255, 250], dtype=uint8)
    >>> tt.bitwise_invert(tt.tensor([0, 5]))
    tensor([-1, -6])
    >>> tt.bitwise_invert(tt.tensor([True, False]))
    tensor([False,  True])
    """
    return _unop(OP_BITWISE_INVERT, x)


def round(x, decimals=0):
    """`x` rounded to `decimals` decimal places, elementwise, halves to even (NumPy's round).

    ::

        for i in ndindex(x.shape):          # rint: to the nearest integer, halves to even
            out[i] = rint(x[i] * 10**decimals) / 10**decimals

    Parameters
    ----------
    x : Tensor or scalar
        The input, any shape and dtype; a Python scalar or nested sequence is converted as by
        ``tt.asarray``.
    decimals : int, optional
        The number of decimal places, default 0. A negative value rounds to tens, hundreds, ... left
        of the decimal point.

    Returns
    -------
    Tensor
        Same shape and dtype as `x`, except that bool rounds as float16 (NumPy's rule). An integer
        `x` with ``decimals >= 0`` is returned as a copy; with negative `decimals` it is rounded to
        a multiple of ``10**-decimals`` (halves to even, computed in float64).

    Raises
    ------
    TypeError
        If `decimals` is not an integer (it must pass ``operator.index``), or `x` is not a number.

    Notes
    -----
    As in NumPy, the scaling by ``10**decimals`` happens in floating point, so a decimal that binary
    floats cannot hold exactly may round the other way (1.005 is stored just below 1.005). The
    gradient is zero everywhere (as PyTorch's): with ``decimals == 0`` the op records a
    zero-gradient node; otherwise the multiply, round and divide it is made of record themselves.

    Examples
    --------
    >>> tt.round(tt.tensor([0.5, 1.5, 2.5, -0.5]))            # halves to even
    tensor([ 0.,  2.,  2., -0.])
    >>> tt.round(tt.tensor([1.234, 5.678, 1.005]), 2)
    tensor([1.23, 5.68, 1.  ])
    >>> tt.round(tt.tensor([1234, 1250, 1350]), -2)           # integers to hundreds
    tensor([1200, 1200, 1400])
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
    """A copy of `x`: ``out[i] = +x[i]`` (NumPy's positive).

    Parameters
    ----------
    x : Tensor or scalar
        The input, any shape and numeric dtype; a Python scalar or nested sequence is converted as
        by ``tt.asarray``.

    Returns
    -------
    Tensor
        A new contiguous tensor with the shape, dtype and values of `x`.

    Raises
    ------
    TypeError
        If `x` is bool (NumPy has no bool loop for positive either), or not a number.

    Notes
    -----
    Differentiable: recorded as a copy, the gradient passes through unchanged. The unary ``+``
    operator of a Tensor returns the tensor itself, as PyTorch's, not a copy.

    See Also
    --------
    negative

    Examples
    --------
    >>> x = tt.tensor([1, -2])
    >>> y = tt.positive(x)
    >>> y
    tensor([ 1, -2])
    >>> y is x
    False
    """
    cdef Tensor t = asarray(x)
    if t._dtype == TT_BOOL:
        raise TypeError("ufunc 'positive' did not contain a loop with signature matching types bool")
    return t.copy()


def real(x):
    """The real part of `x`: `x` itself, since every tinytensor dtype is real.

    Parameters
    ----------
    x : Tensor or scalar
        The input, any shape and dtype; a Python scalar or nested sequence is converted as by
        ``tt.asarray``.

    Returns
    -------
    Tensor
        `x` itself when it is a Tensor (no copy), else `x` converted as by ``tt.asarray``.

    Raises
    ------
    TypeError
        If `x` is not a number (a string, None).

    Notes
    -----
    tinytensor has no complex dtypes; ``real``, ``imag`` and ``conj`` exist so that code written for
    NumPy or the array API runs. As the result is `x`, its gradient is `x`'s.

    See Also
    --------
    imag, conj

    Examples
    --------
    >>> x = tt.tensor([1.0, -2.0])
    >>> tt.real(x)
    tensor([ 1., -2.])
    >>> tt.real(x) is x
    True
    """
    return asarray(x)


def conj(x):
    """The complex conjugate of `x`: a copy of `x`, since every tinytensor dtype is real.

    Parameters
    ----------
    x : Tensor or scalar
        The input, any shape and dtype; a Python scalar or nested sequence is converted as by
        ``tt.asarray``.

    Returns
    -------
    Tensor
        A new tensor with the shape, dtype and values of `x`.

    Raises
    ------
    TypeError
        If `x` is not a number (a string, None).

    Notes
    -----
    tinytensor has no complex dtypes (see ``real``). Differentiable: recorded as a copy, the
    gradient passes through unchanged.

    See Also
    --------
    real, imag

    Examples
    --------
    >>> tt.conj(tt.tensor([1.0, -2.0]))
    tensor([ 1., -2.])
    """
    return asarray(x).copy()


conjugate = conj


def imag(x):
    """The imaginary part of `x`: zeros, since every tinytensor dtype is real.

    Parameters
    ----------
    x : Tensor or scalar
        The input, any shape and dtype; a Python scalar or nested sequence is converted as by
        ``tt.asarray``.

    Returns
    -------
    Tensor
        Zeros of the shape and dtype of `x`.

    Raises
    ------
    TypeError
        If `x` is not a number (a string, None).

    Notes
    -----
    tinytensor has no complex dtypes (see ``real``). Not differentiable: the zeros do not depend on
    `x` and never require grad.

    See Also
    --------
    real, conj

    Examples
    --------
    >>> tt.imag(tt.tensor([1.5, -2.0]))
    tensor([0., 0.])
    >>> tt.imag(tt.tensor([1, 2], dtype=tt.int16))
    tensor([0, 0], dtype=int16)
    """
    cdef Tensor t = asarray(x)
    return zeros(t.shape, dtype=_DTYPES[t._dtype])


def where(condition, x=None, y=None):
    """Elements of `x` where `condition` holds and of `y` elsewhere; with only `condition`, the
    indices of its non-zero elements.

    ::

        for i in ndindex(out.shape):        # condition, x and y broadcast to out.shape
            out[i] = x[i] if condition[i] else y[i]

    Parameters
    ----------
    condition : Tensor or array_like
        Any dtype; an element counts as true when it is non-zero.
    x, y : Tensor or scalar, optional
        The values to choose from, broadcast with `condition`; give both or neither. A Python scalar
        is weak (NEP 50): it takes the dtype of the other value when that is a tensor.

    Returns
    -------
    Tensor or tuple of Tensor
        With `x` and `y`: the broadcast shape of the three, in the promoted dtype of `x` and `y`
        (``tt.result_type``; two Python scalars give bool, int64 or float64 by their kind). With
        `condition` alone: ``nonzero(condition)``, one int64 index tensor per dimension.

    Raises
    ------
    ValueError
        If only one of `x` and `y` is given, if the three do not broadcast together, or if
        `condition` alone is 0-d (as NumPy's nonzero).
    OverflowError
        If a Python int does not fit the integer dtype of the other value, as NumPy 2.
    TypeError
        If an argument is not a number (a string).

    Notes
    -----
    Differentiable in `x` and `y`, not in `condition`: `x` gets the gradient where the condition
    holds and `y` where it does not, each summed back to its own shape.

    See Also
    --------
    nonzero, clip

    Examples
    --------
    >>> x = tt.tensor([[1.0, -2.0], [-3.0, 4.0]])
    >>> tt.where(x > 0, x, 0.0)
    tensor([[1., 0.],
            [0., 4.]])
    >>> tt.where(tt.tensor([[True], [False]]), tt.tensor([1, 2, 3]), -1)    # broadcast
    tensor([[ 1,  2,  3],
            [-1, -1, -1]])
    >>> tt.where(x > 0)                                    # the (row, column) indices
    (tensor([0, 1]), tensor([0, 1]))
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
    """`x` limited to the interval [`min`, `max`], elementwise.

    ::

        for i in ndindex(out.shape):        # x, min and max broadcast to out.shape
            out[i] = minimum(maximum(x[i], min[i]), max[i])

    Parameters
    ----------
    x : Tensor or scalar
        The input, any shape and dtype; a Python scalar or nested sequence is converted as by
        ``tt.asarray``.
    min, max : Tensor or scalar, optional
        The lower and upper bounds (the array API's and NumPy 2's names; PyTorch's ``clamp`` uses
        the same), scalars or tensors that broadcast with `x`. None, the default, is no bound.
    a_min, a_max : Tensor or scalar, optional
        Keyword-only: NumPy's older names for `min` and `max`, accepted as aliases.

    Returns
    -------
    Tensor
        A new tensor, never `x` itself (a copy of `x` when there is no bound): the broadcast shape
        of `x` and the bounds, in their promoted dtype (NEP 50: a uint8 tensor with 2 stays uint8,
        with 2.5 it becomes float64). For an integer `x`, a Python int bound outside the dtype's
        range is no bound, as NumPy 2.

    Raises
    ------
    TypeError
        If a bound is given under both names (`min` and `a_min`, or `max` and `a_max`), or is not a
        number.
    ValueError
        If `x` and the bounds do not broadcast together.

    Notes
    -----
    NaN in `x` or in a bound gives NaN. Where ``min > max`` the result is `max`, as NumPy and
    PyTorch. Differentiable with PyTorch's clamp gradients: `x` gets the gradient where
    ``min <= x <= max``, a tensor `min` where ``x < min`` (and ``min < max``), a tensor `max` where
    ``x > max`` or ``max < min``.

    See Also
    --------
    maximum, minimum

    Examples
    --------
    >>> x = tt.tensor([-2.0, 0.5, 3.0, float("nan")])
    >>> tt.clip(x, 0.0, 1.0)
    tensor([0. , 0.5, 1. , nan])
    >>> tt.clip(x, max=1.0)                                # no lower bound
    tensor([-2. ,  0.5,  1. ,  nan])
    >>> tt.clip(tt.tensor([[1, 5, 9], [0, 0, 0]]), tt.tensor([[2], [1]]), 6)  # per-row minimum
    tensor([[2, 5, 6],
            [1, 1, 1]])
    >>> tt.clip(tt.tensor([1, 5, 9], dtype=tt.uint8), -5, 300)   # bounds beyond uint8: none
    tensor([1, 5, 9], dtype=uint8)
    """
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
