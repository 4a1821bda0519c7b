# ---- broadcasting and the executor ----------------------------------------------------------
#
# NumPy's broadcasting rule (_broadcast_shapes, the one place it lives) and _execute, the door
# through which every elementwise kernel and reduction reaches the strided iterator (csrc/iter.c).


cdef int _broadcast_shapes(Operand *ops, int nops, int *out_ndim, Py_ssize_t *out_shape) except -1:
    """NumPy's broadcasting rule, the one place it lives: right-align the shapes; along each
    axis the sizes must be equal or 1, and the result takes the larger."""
    cdef int nd = 0, i, k, ax
    cdef Py_ssize_t d, o
    for k in range(nops):
        if ops[k].ndim > nd:
            nd = ops[k].ndim
    if nd > TT_MAXDIM:
        raise ValueError(f"broadcast result would have {nd} dimensions; at most {TT_MAXDIM} are supported")
    for i in range(nd):
        out_shape[i] = 1
    for k in range(nops):
        for i in range(ops[k].ndim):
            ax = nd - ops[k].ndim + i
            d = ops[k].shape[i]
            o = out_shape[ax]
            if d == o or d == 1:
                continue
            if o == 1:
                out_shape[ax] = d
                continue
            shapes = " ".join([_shape_str(ops[j].ndim, ops[j].shape) for j in range(nops)])
            raise ValueError(f"operands could not be broadcast together with shapes {shapes} ")
    out_ndim[0] = nd
    return 0


cdef int _execute(tt_inner_fn fn, void *ctx, int ndim, const Py_ssize_t *shape,
                  Operand *ops, int nop, int key, bint parallel,
                  tt_inner_fn combine=NULL, size_t out_itemsize=0, Py_ssize_t per_position=1,
                  Py_ssize_t parallel_from=TT_PARALLEL_THRESHOLD) except -1:
    """Runs one kernel over operands broadcast to `shape` (operand 0 is written). The shapes
    were checked by the caller; here each operand's strides are right-aligned, with stride 0
    along axes where it has size 1, and the strided iterator (csrc/iter.c) does the rest.
    A reduction passes `combine` (its output dtype's loop) to be run in parallel safely.
    `per_position`: elements the kernel handles at each position (a scan's length), so that
    the GIL is released for large work even over few positions. `parallel_from`: the element
    count from which threads are started (lower for costly loops)."""
    cdef Py_ssize_t strides[TT_MAXOP * TT_MAXDIM]
    cdef char *ptrs[TT_MAXOP]
    cdef tt_iter it
    cdef int k, i, off
    cdef Py_ssize_t total = 1
    for i in range(ndim):
        total *= shape[i]
    for k in range(nop):
        ptrs[k] = ops[k].data
        off = ndim - ops[k].ndim
        for i in range(ndim):
            if i < off or ops[k].shape[i - off] == 1:
                strides[k * ndim + i] = 0
            else:
                strides[k * ndim + i] = ops[k].strides[i - off]
    if total * per_position < 32768:       # releasing the GIL costs more than a small kernel
        tt_iter_prepare(&it, nop, ndim, shape, ptrs, strides, key)
        tt_iter_run(&it, fn, ctx, 0)
    else:
        with nogil:
            tt_iter_prepare(&it, nop, ndim, shape, ptrs, strides, key)
            if combine != NULL:
                tt_iter_run_reduce(&it, fn, combine, ctx, out_itemsize)
            else:
                tt_iter_run(&it, fn, ctx, parallel_from if parallel else 0)
    return 0


def broadcast_to(x, shape):
    """A read-only view of `x` repeated to `shape` without copying: stride 0 on the new and the
    stretched axes.

    ::

        out[i0, ..., ik] = x[j]   # j: the last x.ndim indices of i, 0 where x has length 1

    Parameters
    ----------
    x : Tensor, array_like or scalar
        The input.
    shape : int or tuple of int
        The target shape; x's shape must broadcast to it (NumPy's rules: aligned at the right,
        each length equal or 1).

    Returns
    -------
    Tensor
        A view of `shape` sharing x's memory and dtype; read-only when elements repeat (writes
        would land in several places). In the graph when x requires grad (the gradient is
        summed back to x's shape).

    Raises
    ------
    ValueError
        When x's shape does not broadcast to `shape`, `shape` has a negative entry, or the
        result would be too large to address.

    See Also
    --------
    tinytensor.broadcast_shapes, Tensor.broadcast_to

    Examples
    --------
    >>> b = tt.broadcast_to(tt.tensor([[1], [2]]), (2, 3))
    >>> b
    tensor([[1, 1, 1],
            [2, 2, 2]])
    >>> b.strides, b.flags.writeable
    ((8, 0), False)
    >>> tt.broadcast_to(tt.tensor([1, 2, 3]), (2, 2))
    Traceback (most recent call last):
        ...
    ValueError: operands could not be broadcast together with remapped shapes [original->remapped]: (3,)  and requested shape (2,2)
    """
    cdef Tensor t = asarray(x)
    cdef Py_ssize_t cshape[TT_MAXDIM]
    cdef Py_ssize_t strides[TT_MAXDIM]
    cdef int nd = _parse_shape(shape, cshape), i, off
    _checked_nbytes(nd, cshape, t._dtype)
    off = nd - t._ndim
    ok = off >= 0
    if ok:
        for i in range(nd):
            if i < off:
                strides[i] = 0
            elif t._shape[i - off] == cshape[i]:
                strides[i] = t._strides[i - off]
            elif t._shape[i - off] == 1:
                strides[i] = 0
            else:
                ok = False
                break
    if not ok:
        raise ValueError(f"operands could not be broadcast together with remapped shapes "
                         f"[original->remapped]: {_shape_str(t._ndim, t._shape) if t._ndim else '()'}  and requested shape "
                         f"{_shape_str(nd, cshape) if nd else '()'}")
    cdef bint rec = _needs_grad(t) and _gate(OP_BROADCAST_TO)
    cdef Tensor v = _view(t, nd, cshape, strides, t.data)
    if v._size > 1 and _builtins.any([strides[i] == 0 and cshape[i] > 1 for i in range(nd)]):
        v._readonly = True
    if rec:
        _record(OP_BROADCAST_TO, v, (t,))
    return v


def broadcast_shapes(*shapes):
    r"""The shape that the given shapes broadcast to (NumPy's rule).

    ::

        aligned at the right; for each position: out = the length that is not 1
        (all equal, or 1) -- different lengths, neither 1, do not broadcast

    Parameters
    ----------
    \*shapes : int or tuple of int
        The shapes (an int is a 1-D shape).

    Returns
    -------
    tuple of int
        The broadcast shape; ``()`` for no shapes.

    Raises
    ------
    ValueError
        When two lengths differ and neither is 1, or a length is negative.
    TypeError
        When a shape entry is not an integer.

    See Also
    --------
    tinytensor.broadcast_to, tinytensor.broadcast_arrays

    Examples
    --------
    >>> tt.broadcast_shapes((2, 1), (3,))
    (2, 3)
    >>> tt.broadcast_shapes((5, 1, 4), (3, 1), ())
    (5, 3, 4)
    >>> tt.broadcast_shapes((0,), (1,))
    (0,)
    """
    return _broadcast_shape_tuples(shapes)


def _broadcast_shape_tuples(shapes):
    cdef Operand ops[TT_MAXOP]
    cdef Py_ssize_t store[TT_MAXOP][TT_MAXDIM]
    cdef Py_ssize_t out[TT_MAXDIM]
    cdef int nd, k, i
    result = ()
    for start in range(0, len(shapes), TT_MAXOP - 1):
        group = ([result] if start else []) + list(shapes[start:start + TT_MAXOP - 1])   # () is no shape
        for k, s in enumerate(group):
            ops[k].ndim = _parse_shape(s, store[k])
            ops[k].shape = store[k]
        _broadcast_shapes(ops, len(group), &nd, out)
        result = tuple([out[i] for i in range(nd)])
    return result
