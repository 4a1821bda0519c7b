# ---- sorting and scans: sort, argsort, searchsorted, unique, cumulative sums and products,
#      diff, median / quantile / percentile, count_nonzero ------------------------------------
#
# The sorts run csrc/sort.c over ROWS: the axis being sorted is moved last and the tensor made
# C-contiguous (no copy when it already is), so every row is n consecutive elements. A sort is a
# job the C side does a budget of elements at a time without the GIL; between two budgets we
# check for Ctrl-C. The scans (csrc/scan.c) run through the strided iterator over the other
# axes, in chunks of the scanned axis, with the same check between chunks.

from cpython.exc cimport PyErr_CheckSignals
from collections import namedtuple
import math

# elements of work between two Ctrl-C checks (a few milliseconds)
cdef Py_ssize_t _SORT_BUDGET = 1 << 22


cdef Tensor _rows_along(Tensor t, int ax):
    """t with axis `ax` moved last, C-contiguous (t itself when it already is)."""
    if ax == t._ndim - 1 and t._c_contig:
        return t
    perm = tuple([i for i in range(t._ndim) if i != ax]) + (ax,)
    return _contiguous_copy(_permute(t, perm))


cdef Tensor _rows_back(Tensor rows, int ax):
    """Undoes _rows_along: the last axis of the C-contiguous `rows` back at position `ax`,
    as a C-contiguous tensor (what NumPy returns)."""
    cdef int nd = rows._ndim
    if ax == nd - 1:
        return rows
    perm = list(range(nd - 1))
    perm.insert(ax, nd - 1)
    return _contiguous_copy(_permute(rows, tuple(perm)))


cdef str _dtype_error(str what, int dt):
    return f"{what} is not supported for dtype {_DTYPE_NAMES[dt]}"


cdef int _run_sort(Tensor rows, Tensor values, Tensor indices, bint descending) except -1:
    """Sorts every row (last axis) of the C-contiguous `rows` into `values` and/or `indices`
    (C-contiguous, rows' shape; either may be None) with csrc/sort.c."""
    cdef Py_ssize_t n = rows._shape[rows._ndim - 1] if rows._ndim else 1
    cdef Py_ssize_t nrows
    cdef int err = 0, done = 0
    cdef tt_sort_job *job
    if rows._size == 0:
        return 0
    nrows = rows._size // n
    job = tt_sort_job_new(rows._dtype, rows.data, values.data if values is not None else NULL,
                          <int64_t *>indices.data if indices is not None else NULL,
                          nrows, n, descending, &err)
    if job == NULL:
        if err == TT_ERR_NOMEM:
            raise MemoryError(f"not enough memory to sort {rows._size} elements")
        raise TypeError(_dtype_error("sorting", rows._dtype))
    try:
        if rows._size <= 32768:             # releasing the GIL costs more than a small sort
            while not tt_sort_job_run(job, _SORT_BUDGET):
                pass
        else:
            while not done:
                with nogil:
                    done = tt_sort_job_run(job, _SORT_BUDGET)
                if not done:
                    PyErr_CheckSignals()
    finally:
        tt_sort_job_free(job)
    return 0


cdef tuple _sorted_along(Tensor t, int ax, bint descending, bint want_values, bint want_indices):
    """(values, indices) of t sorted along axis `ax` (None for the one not wanted)."""
    cdef Tensor rows = _rows_along(t, ax)
    cdef Tensor values = _empty(rows._ndim, rows._shape, rows._dtype) if want_values else None
    cdef Tensor indices = _empty(rows._ndim, rows._shape, TT_INT64) if want_indices else None
    _run_sort(rows, values, indices, descending)
    return (_rows_back(values, ax) if want_values else None,
            _rows_back(indices, ax) if want_indices else None)


cdef int _check_sort_kind(object kind, object stable, object order) except -1:
    """NumPy's kind= ('quicksort', 'mergesort', 'heapsort', 'stable', or their first letters)
    and stable= (not both), and order= (only for structured arrays, which tinytensor has not).
    Every tinytensor sort is stable, whichever kind is asked for."""
    if order is not None:
        raise ValueError("Cannot specify order when the array has no fields.")
    if kind is not None:
        if stable is not None:
            raise ValueError("`kind` and `stable` parameters can't be provided at the same time. "
                             "Use only one of them.")
        if not isinstance(kind, str) or not kind or kind[0].lower() not in "qmhs":
            raise ValueError(f"sort kind must be one of 'quick', 'heap', or 'stable' (got {kind!r})")
    return 0


cdef tuple _sort_axis(Tensor t, object axis):
    """(tensor, axis) to sort along: axis None sorts the flattened tensor."""
    if axis is None:
        return _reshape(t, (-1,)), 0
    return t, _normalize_axis(axis, t._ndim)


def sort(x, axis=-1, kind=None, order=None, *, descending=False, stable=None):
    """A sorted copy of `x` along `axis` (the flattened `x` when None), NaNs last, stable.

    As the array API's ``sort(x, axis=-1, descending=False, stable=True)`` and NumPy's
    ``np.sort(a, axis, kind)``::

        for each row r along axis:
            out[r] = sorted(x[r])            # NaNs last; ties keep their order

    Every sort is stable (a radix sort, or a merge sort for short rows, csrc/sort.c). NaNs
    sort after every number, as NumPy's; with ``descending=True`` the order is exactly
    reversed (NaNs first) while equal elements keep their original order. -0.0 and 0.0 are
    equal (they keep their order).

    Parameters
    ----------
    x : Tensor or array_like
        The input, at least 1-D unless `axis` is None.
    axis : int or None, default -1
        The axis to sort along; None sorts the flattened `x`.
    kind : str, optional
        NumPy's kind= ('quicksort', 'mergesort', 'heapsort', 'stable', or their first
        letters): accepted and checked, but every sort is stable whichever is asked for.
    order : None
        NumPy's order= for structured arrays, which tinytensor does not have: must be None.
    descending : bool, default False
        Keyword only. Sort from largest to smallest (NaNs first); equal elements still keep
        their original order.
    stable : bool, optional
        Keyword only. The array API's flag: accepted, every sort is stable. Give at most one
        of `kind` and `stable`.

    Returns
    -------
    Tensor
        A new tensor of `x`'s dtype and shape (1-D when `axis` is None).

    Raises
    ------
    ValueError
        If `kind` is unknown, both `kind` and `stable` are given, or `order` is not None.
    AxisError
        If `axis` is out of range.

    Notes
    -----
    Differentiable: the gradient of each output element flows back to the element it came
    from. ``Tensor.sort`` does not exist on purpose: NumPy's ``a.sort()`` sorts in place and
    PyTorch's ``x.sort()`` returns ``(values, indices)``; write ``tt.sort(x)`` /
    ``tt.argsort(x)``.

    See Also
    --------
    tinytensor.argsort, tinytensor.unique

    Examples
    --------
    >>> x = tt.tensor([[3.0, 1.0, 2.0], [float("nan"), 0.0, -1.0]])
    >>> tt.sort(x)
    tensor([[ 1.,  2.,  3.],
            [-1.,  0., nan]])
    >>> tt.sort(x, axis=0)
    tensor([[ 3.,  0., -1.],
            [nan,  1.,  2.]])
    >>> tt.sort(x, descending=True)
    tensor([[ 3.,  2.,  1.],
            [nan,  0., -1.]])
    >>> tt.sort(x, axis=None)
    tensor([-1.,  0.,  1.,  2.,  3., nan])
    """
    cdef Tensor t = asarray(x)
    _check_sort_kind(kind, stable, order)
    cdef bint rec = _needs_grad(x) and _gate(OP_SORT)
    st, ax = _sort_axis(t, axis)
    values, indices = _sorted_along(st, ax, descending, True, rec)
    if rec:
        _record(OP_SORT, values, (x,), {"axis": axis, "indices": indices})
    return values


def argsort(x, axis=-1, kind=None, order=None, *, descending=False, stable=None, dim=None):
    """The int64 indices that sort `x` along `axis` (the flattened `x` when None), stable.

    As the array API's ``argsort(x, axis=-1, descending=False, stable=True)``, NumPy's
    ``np.argsort`` and PyTorch's ``argsort(dim=, descending=)``::

        for each row r along axis:
            out[r] = sorted(range(n), key=lambda i: x[r][i])     # stable: ties in index order

    NaNs last (first when descending, where ties still keep index order).

    Parameters
    ----------
    x : Tensor or array_like
        The input; a 0-d `x` is argsorted as a 1-element 1-D one, as NumPy.
    axis : int or None, default -1
        The axis to sort along; None sorts the flattened `x`.
    kind : str, optional
        NumPy's kind= ('quicksort', 'mergesort', 'heapsort', 'stable', or their first
        letters): accepted and checked, but every sort is stable whichever is asked for.
    order : None
        NumPy's order= for structured arrays, which tinytensor does not have: must be None.
    descending : bool, default False
        Keyword only. Sort from largest to smallest (NaNs first); equal elements still keep
        their original order.
    stable : bool, optional
        Keyword only. The array API's flag: accepted, every sort is stable. Give at most one
        of `kind` and `stable`.
    dim : int, optional
        PyTorch's name for `axis` (keyword only); when given it is used instead of `axis`.

    Returns
    -------
    Tensor
        int64 indices, `x`'s shape (1-D when `axis` is None), such that
        ``tt.take_along_axis(x, out, axis)`` is sorted.

    Raises
    ------
    ValueError
        If `kind` is unknown, both `kind` and `stable` are given, or `order` is not None.
    AxisError
        If `axis` is out of range.

    Notes
    -----
    Integer indices: no gradient (not recorded by autograd).

    See Also
    --------
    tinytensor.sort, tinytensor.take_along_axis

    Examples
    --------
    >>> x = tt.tensor([[3.0, 1.0, 2.0], [float("nan"), 0.0, -1.0]])
    >>> tt.argsort(x)
    tensor([[1, 2, 0],
            [2, 1, 0]])
    >>> tt.argsort(tt.tensor([2, 1, 2, 1]), descending=True)
    tensor([0, 2, 1, 3])
    """
    cdef Tensor t = asarray(x)
    _check_sort_kind(kind, stable, order)
    if dim is not None:
        if axis != -1 and axis != dim:          # axis's default is -1: only a given axis conflicts
            raise TypeError("give axis= or dim=, not both")
        axis = dim
    if t._ndim == 0:
        t = _reshape(t, (1,))       # NumPy argsorts a 0-d array as a 1-d one (np.sort raises)
    st, ax = _sort_axis(t, axis)
    return _sorted_along(st, ax, descending, False, True)[1]


# ---- searchsorted ------------------------------------------------------------------------------

cdef Tensor _needles(Tensor a, object v):
    """searchsorted's needles as a C-contiguous tensor of the dtype both sides are compared in.
    As NumPy's searchsorted, a Python number counts as a tensor of its own default dtype (bool,
    int64, float64: a float32 tensor is searched for 0.1 the float64, not 0.1 rounded to
    float32), and the two dtypes promote."""
    cdef Tensor t
    cdef int dt
    if _scalar_kind(v) == 1 and not (-2**63 <= v < 2**63):
        v = float(v)
    t = asarray(v)
    dt = _PROMOTE[a._dtype][t._dtype]
    if t._dtype != dt or not t._c_contig:
        t = _cast(t, dt)
    return t


def searchsorted(x1, x2, side="left", sorter=None):
    """Where the elements of `x2` would be inserted into the sorted 1-D `x1` to keep it sorted.

    As the array API's ``searchsorted(x1, x2, side=, sorter=)`` and NumPy's
    ``np.searchsorted(a, v, side, sorter)``, a binary search per element of `x2` in C::

        out[i] = first j with x1[j] >= x2[i]      # side="left"  (len(x1) if none)
        out[i] = first j with x1[j] >  x2[i]      # side="right"

    Parameters
    ----------
    x1 : Tensor or array_like
        1-D, sorted ascending (NaNs last), or in the order `sorter` gives.
    x2 : Tensor, array_like or scalar
        The values to place. A Python number counts as a tensor of its default dtype
        (bool, int64, float64), and the two dtypes promote: a float32 `x1` is searched for
        0.1 the float64, not 0.1 rounded to float32.
    side : {"left", "right"}, default "left"
        Which of equal elements' positions to return: before them or after them.
    sorter : Tensor or array_like, optional
        Integer indices that sort `x1` (e.g. ``tt.argsort(x1)``): `x1` is read as
        ``x1[sorter]``. Each entry must lie in ``[0, len(x1))``.

    Returns
    -------
    Tensor
        int64, `x2`'s shape, values in ``[0, len(x1)]``.

    Raises
    ------
    ValueError
        If `side` is neither "left" nor "right", `x1` is not 1-D, `sorter` does not have
        ``len(x1)`` elements, or a `sorter` entry is out of range.
    TypeError
        If `sorter` is not of an integer dtype, or the dtype cannot be searched.

    Notes
    -----
    NaNs count as larger than every number, as in sort. Integer indices: no gradient.

    See Also
    --------
    tinytensor.sort, tinytensor.argsort

    Examples
    --------
    >>> a = tt.tensor([1, 2, 2, 3])
    >>> tt.searchsorted(a, tt.tensor([2, 5, 0]))
    tensor([1, 4, 0])
    >>> tt.searchsorted(a, 2, side="right")
    tensor(3)
    >>> tt.searchsorted(tt.tensor([3, 1, 2]), 2, sorter=tt.tensor([1, 2, 0]))
    tensor(1)
    """
    cdef Tensor a = asarray(x1)
    cdef Tensor srt = None, v, out
    cdef int dt, rc = 0
    cdef Py_ssize_t n, m, bad, q0, q1
    cdef const int64_t *sp = NULL
    if side not in ("left", "right"):
        raise ValueError(f"search side must be 'left' or 'right' (got {side!r})")
    if a._ndim == 0:
        raise ValueError("object of too small depth for desired array")
    if a._ndim > 1:
        raise ValueError("object too deep for desired array")
    n = a._shape[0]
    v = _needles(a, x2)
    dt = v._dtype
    if a._dtype != dt:
        a = _cast(a, dt)
    if sorter is not None:
        srt = asarray(sorter)
        if not _is_int(srt._dtype):
            raise TypeError("sorter must only contain integers")
        if srt._ndim != 1 or srt._size != n:
            raise ValueError("sorter.size must equal a.size")
        if srt._dtype != TT_INT64 or not srt._c_contig:
            srt = _cast(srt, TT_INT64)
        sp = <const int64_t *>srt.data
        bad = tt_first_out_of_range(sp, n, n)
        if bad >= 0:
            raise ValueError(f"Sorter index out of range: sorter[{bad}] = {sp[bad]} for size {n}.")
    m = v._size
    out = _empty(v._ndim, v._shape, TT_INT64)
    cdef int right = side == "right"
    cdef Py_ssize_t chunk = _builtins.max(1, _SORT_BUDGET // (1 + _builtins.max(1, n).bit_length()))
    for q0 in range(0, m, chunk):
        q1 = _builtins.min(m, q0 + chunk)
        with nogil:
            rc = tt_searchsorted(dt, a.data, a._strides[0], n, sp, v.data + q0 * v._itemsize, q1 - q0,
                                 right, <int64_t *>out.data + q0)
        if rc != TT_OK:
            raise TypeError(_dtype_error("searchsorted", dt))
        PyErr_CheckSignals()
    return out


# ---- unique ------------------------------------------------------------------------------------

UniqueAllResult = namedtuple("UniqueAllResult", ["values", "indices", "inverse_indices", "counts"])
UniqueCountsResult = namedtuple("UniqueCountsResult", ["values", "counts"])
UniqueInverseResult = namedtuple("UniqueInverseResult", ["values", "inverse_indices"])
for _cls in (UniqueAllResult, UniqueCountsResult, UniqueInverseResult):
    _cls.__module__ = "tinytensor"


cdef Tensor _gather_rows(Tensor src, Tensor idx):
    """out[r, i] = src[r, idx[r, i]] for C-contiguous 2-D src and int64 idx (indices trusted)."""
    cdef Py_ssize_t shape[2]
    cdef Tensor out
    shape[0] = idx._shape[0]
    shape[1] = idx._shape[1]
    out = _empty(2, shape, src._dtype)
    if out._size:
        with nogil:
            tt_gather_rows(src._itemsize, src.data, src._shape[1], <const int64_t *>idx.data,
                           idx._shape[1], idx._shape[0], out.data)
    return out


cdef tuple _unique_flat(Tensor t, bint nan_equal, bint want_index, bint want_inverse, bint want_counts):
    """(values, first indices, inverse, counts) of the flattened t, values sorted; the parts not
    wanted are None. One stable argsort, then the runs of equal neighbours."""
    cdef Tensor flat = _rows_along(_reshape(t, (-1,)), 0)
    cdef Py_ssize_t n = flat._size, nruns, r, i, end
    cdef Py_ssize_t shape2[2]
    cdef Tensor perm, sorted_, starts, values, index = None, inverse = None, counts = None
    cdef int64_t *sp
    cdef int64_t *pp
    cdef int64_t *op
    perm = _empty(1, flat._shape, TT_INT64)
    _run_sort(flat, None, perm, False)
    shape2[0] = 1
    shape2[1] = n
    sorted_ = _gather_rows(_reshape(flat, (1, n)), _reshape(perm, (1, n)))
    starts = _empty(1, flat._shape, TT_INT64)
    sp = <int64_t *>starts.data
    with nogil:
        nruns = tt_sorted_runs(flat._dtype, sorted_.data, n, nan_equal, sp)
    if nruns < 0:
        raise TypeError(_dtype_error("unique", flat._dtype))
    run_starts = _reshape(starts[:nruns], (1, nruns))
    values = _reshape(_gather_rows(sorted_, run_starts), (nruns,))
    if want_index:
        index = _reshape(_gather_rows(_reshape(perm, (1, n)), run_starts), (nruns,))
    if want_counts:
        shape2[0] = nruns
        counts = _empty(1, shape2, TT_INT64)
        op = <int64_t *>counts.data
        for r in range(nruns):
            end = sp[r + 1] if r + 1 < nruns else n
            op[r] = end - sp[r]
    if want_inverse:
        inverse = _empty(1, flat._shape, TT_INT64)
        op = <int64_t *>inverse.data
        pp = <int64_t *>perm.data
        with nogil:
            for r in range(nruns):
                end = sp[r + 1] if r + 1 < nruns else n
                for i in range(sp[r], end):
                    op[pp[i]] = r
    return values, index, inverse, counts


cdef int _unique_gate(object x) except -1:
    if _needs_grad(x):
        _gate(OP_UNIQUE)
    return 0


def unique_all(x):
    """The distinct values of `x`, sorted, with first indices, inverse indices and counts.

    ::

        values = sorted(set(x.ravel()))                  # NaNs last, each distinct
        indices[k] = first i with x.ravel()[i] == values[k]
        inverse_indices[i...] = k with values[k] == x[i...]
        counts[k] = number of i with x.ravel()[i] == values[k]

    Parameters
    ----------
    x : Tensor or array_like
        The input, any shape (it is flattened).

    Returns
    -------
    UniqueAllResult
        A named tuple ``(values, indices, inverse_indices, counts)``: `values` of `x`'s
        dtype, the others int64; `inverse_indices` has `x`'s shape, so
        ``values[inverse_indices]`` rebuilds `x`.

    Raises
    ------
    RuntimeError
        If `x` requires grad while gradients are recorded (no derivative).

    Notes
    -----
    The array API's semantics: each NaN is a distinct value (`tinytensor.unique` with
    ``equal_nan=True`` makes them one); -0.0 equals 0.0. Not differentiable: raises
    RuntimeError when `x` requires grad and gradients are being recorded.

    See Also
    --------
    tinytensor.unique, tinytensor.unique_counts, tinytensor.unique_inverse,
    tinytensor.unique_values

    Examples
    --------
    >>> r = tt.unique_all(tt.tensor([3, 1, 3]))
    >>> r.values, r.indices
    (tensor([1, 3]), tensor([1, 0]))
    >>> r.inverse_indices, r.counts
    (tensor([1, 0, 1]), tensor([1, 2]))
    """
    _unique_gate(x)
    cdef Tensor t = asarray(x)
    values, index, inverse, counts = _unique_flat(t, False, True, True, True)
    return UniqueAllResult(values, index, inverse.reshape(t.shape), counts)


def unique_counts(x):
    """The distinct values of `x`, sorted, and how often each occurs (array API).

    ::

        values = sorted(set(x.ravel()))
        counts[k] = number of elements equal to values[k]

    Parameters
    ----------
    x : Tensor or array_like
        The input, any shape (it is flattened).

    Returns
    -------
    UniqueCountsResult
        A named tuple ``(values, counts)``: `values` 1-D of `x`'s dtype, `counts` int64.

    Raises
    ------
    RuntimeError
        If `x` requires grad while gradients are recorded (no derivative).

    Notes
    -----
    The array API's semantics: each NaN is a distinct value (`tinytensor.unique` with
    ``equal_nan=True`` makes them one); -0.0 equals 0.0. Not differentiable: raises
    RuntimeError when `x` requires grad and gradients are being recorded.

    See Also
    --------
    tinytensor.unique_all, tinytensor.unique

    Examples
    --------
    >>> values, counts = tt.unique_counts(tt.tensor([3, 1, 3, 3]))
    >>> values
    tensor([1, 3])
    >>> counts
    tensor([1, 3])
    """
    _unique_gate(x)
    values, _, _, counts = _unique_flat(asarray(x), False, False, False, True)
    return UniqueCountsResult(values, counts)


def unique_inverse(x):
    """The distinct values of `x`, sorted, and for every element the index of its value (array API).

    ::

        values = sorted(set(x.ravel()))
        inverse_indices[i...] = k with values[k] == x[i...]    # values[inverse_indices] == x

    Parameters
    ----------
    x : Tensor or array_like
        The input, any shape (it is flattened).

    Returns
    -------
    UniqueInverseResult
        A named tuple ``(values, inverse_indices)``: `values` 1-D of `x`'s dtype,
        `inverse_indices` int64 of `x`'s shape.

    Raises
    ------
    RuntimeError
        If `x` requires grad while gradients are recorded (no derivative).

    Notes
    -----
    The array API's semantics: each NaN is a distinct value (`tinytensor.unique` with
    ``equal_nan=True`` makes them one); -0.0 equals 0.0. Not differentiable: raises
    RuntimeError when `x` requires grad and gradients are being recorded.

    See Also
    --------
    tinytensor.unique_all, tinytensor.unique

    Examples
    --------
    >>> tt.unique_inverse(tt.tensor([[3, 1], [3, 2]]))
    UniqueInverseResult(values=tensor([1, 2, 3]), inverse_indices=tensor([[2, 0],
            [2, 1]]))
    """
    _unique_gate(x)
    cdef Tensor t = asarray(x)
    values, _, inverse, _ = _unique_flat(t, False, False, True, False)
    return UniqueInverseResult(values, inverse.reshape(t.shape))


def unique_values(x):
    """The distinct values of `x`, sorted (array API; each NaN distinct).

    ::

        out = sorted(set(x.ravel()))          # NaNs last, every NaN kept

    Parameters
    ----------
    x : Tensor or array_like
        The input, any shape (it is flattened).

    Returns
    -------
    Tensor
        1-D, `x`'s dtype.

    Raises
    ------
    RuntimeError
        If `x` requires grad while gradients are recorded (no derivative).

    Notes
    -----
    The array API's semantics: each NaN is a distinct value (`tinytensor.unique` with
    ``equal_nan=True`` makes them one); -0.0 equals 0.0. Not differentiable: raises
    RuntimeError when `x` requires grad and gradients are being recorded.

    See Also
    --------
    tinytensor.unique

    Examples
    --------
    >>> tt.unique_values(tt.tensor([3, 1, 3, 2]))
    tensor([1, 2, 3])
    >>> tt.unique_values(tt.tensor([float("nan"), 1.0, float("nan")]))
    tensor([ 1., nan, nan])
    """
    _unique_gate(x)
    return _unique_flat(asarray(x), False, False, False, False)[0]


cdef tuple _unique_along(Tensor t, int ax, bint want_index, bint want_inverse, bint want_counts):
    """np.unique(axis=ax): the distinct slices along ax, in lexicographic order (each slice
    flattened, compared element by element by the sort's order; NaNs never equal)."""
    cdef Py_ssize_t n = t._shape[ax], width, c, nruns = 0, r, i, end
    cdef Tensor order, column, col_order
    cdef Tensor starts
    cdef int64_t *sp
    cdef int64_t *op
    cdef int64_t *pp
    cdef Py_ssize_t shape2[2]
    # slices as rows of a (n, width) matrix
    moved = _contiguous_copy(_permute(t, tuple([ax] + [i for i in range(t._ndim) if i != ax])))
    width = moved._size // n if n else 0
    mat = _reshape(moved, (n, width))
    order = arange(n)
    # least significant column first: stable sorts keep the earlier columns' order
    for c in range(width - 1, -1, -1):
        column = _contiguous_copy(_reshape(mat[:, c], (n,)))
        column = _reshape(_gather_rows(_reshape(column, (1, n)), _reshape(order, (1, n))), (n,))
        col_order = _empty(1, column._shape, TT_INT64)
        _run_sort(column, None, col_order, False)
        order = _reshape(_gather_rows(_reshape(order, (1, n)), _reshape(col_order, (1, n))), (n,))
    sorted_mat = _contiguous_copy(mat[order])
    starts = _empty(1, order._shape, TT_INT64)
    sp = <int64_t *>starts.data
    for i in range(n):
        if i == 0 or not tt_rows_equal(t._dtype, sorted_mat.data + (i - 1) * width * t._itemsize,
                                       t._itemsize, sorted_mat.data + i * width * t._itemsize,
                                       t._itemsize, width, 0):
            sp[nruns] = i
            nruns += 1
    picked = starts[:nruns]
    values_rows = sorted_mat[picked]
    shape = [t._shape[i] for i in range(t._ndim) if i != ax]
    values = _reshape(_contiguous_copy(values_rows), tuple([nruns] + shape))
    perm_back = list(range(1, t._ndim))
    perm_back.insert(ax, 0)
    values = _contiguous_copy(_permute(values, tuple(perm_back)))
    index = order[picked] if want_index else None
    counts = inverse = None
    if want_counts:
        shape2[0] = nruns
        counts = _empty(1, shape2, TT_INT64)
        op = <int64_t *>counts.data
        for r in range(nruns):
            end = sp[r + 1] if r + 1 < nruns else n
            op[r] = end - sp[r]
    if want_inverse:
        inverse = _empty(1, order._shape, TT_INT64)
        op = <int64_t *>inverse.data
        pp = <int64_t *>order.data
        for r in range(nruns):
            end = sp[r + 1] if r + 1 < nruns else n
            for i in range(sp[r], end):
                op[pp[i]] = r
    return values, index, inverse, counts


def unique(ar, return_index=False, return_inverse=False, return_counts=False, axis=None, *,
           equal_nan=True, sorted=True):
    """NumPy's unique: the sorted distinct values of `ar`, and on request where and how often.

    With ``axis=None``::

        values = sorted(set(ar.ravel()))        # equal_nan=True: all NaNs are one value
        index[k] = first i with ar.ravel()[i] == values[k]
        inverse[i...] = k with values[k] == ar[i...]      # values[inverse] rebuilds ar
        counts[k] = number of elements equal to values[k]

    With an `axis`, the distinct slices along that axis, in lexicographic order.

    Parameters
    ----------
    ar : Tensor or array_like
        The input.
    return_index : bool, default False
        Also return the index of each value's first occurrence (in the flattened `ar`, or
        along `axis`).
    return_inverse : bool, default False
        Also return, for each element (slice), the index of its value.
    return_counts : bool, default False
        Also return how often each value occurs.
    axis : int, optional
        Find distinct slices along this axis instead of distinct elements of the flattened
        `ar`.
    equal_nan : bool, default True
        Keyword only. Treat all NaNs as one value (NumPy's default); False keeps each NaN.
        With `axis`, NaNs never compare equal (as NumPy's).
    sorted : bool, default True
        Keyword only. NumPy 2.3's flag; accepted, the values are always sorted.

    Returns
    -------
    values : Tensor
        The distinct values (1-D) or slices, `ar`'s dtype.
    index : Tensor
        int64; only with `return_index`.
    inverse : Tensor
        int64, `ar`'s shape when `axis` is None (the axis' length otherwise); only with
        `return_inverse`.
    counts : Tensor
        int64; only with `return_counts`.

    When only `values` is asked for, it is returned alone; otherwise a tuple in this order.

    Raises
    ------
    ValueError
        With `axis`: if the array is empty along the other axes but not along `axis` (or the
        reverse).
    AxisError
        If `axis` is out of range.
    RuntimeError
        If `ar` requires grad while gradients are recorded (no derivative).

    See Also
    --------
    tinytensor.unique_all, tinytensor.unique_values, tinytensor.sort

    Examples
    --------
    >>> x = tt.tensor([3, 1, 3, 2, 1])
    >>> tt.unique(x)
    tensor([1, 2, 3])
    >>> tt.unique(x, return_index=True, return_inverse=True, return_counts=True)
    (tensor([1, 2, 3]), tensor([1, 3, 0]), tensor([2, 0, 2, 1, 0]), tensor([2, 1, 2]))
    >>> tt.unique(tt.tensor([float("nan"), 1.0, float("nan")]))
    tensor([ 1., nan])
    >>> tt.unique(tt.tensor([[1, 2], [1, 2], [0, 5]]), axis=0)
    tensor([[0, 5],
            [1, 2]])
    """
    _unique_gate(ar)
    cdef Tensor t = asarray(ar)
    if axis is None:
        values, index, inverse, counts = _unique_flat(t, bool(equal_nan), return_index,
                                                      return_inverse, return_counts)
        if return_inverse:
            inverse = inverse.reshape(t.shape)
    else:
        ax = _normalize_axis(axis, t._ndim)
        if t._shape[ax] == 0 or t._size == 0:
            if t._size != 0 or t._shape[ax] != 0:
                raise ValueError("cannot uniquify an array whose non-unique axis has zero length"
                                 if t._shape[ax] != 0 else "cannot uniquify an empty axis")
        values, index, inverse, counts = _unique_along(t, ax, return_index, return_inverse,
                                                       return_counts)
    if not (return_index or return_inverse or return_counts):
        return values
    result = [values]
    if return_index:
        result.append(index)
    if return_inverse:
        result.append(inverse)
    if return_counts:
        result.append(counts)
    return tuple(result)


# ---- cumulative sums and products ----------------------------------------------------------------

cdef Tensor _scan(bint is_prod, Tensor t, int ax, int dt, bint include_initial):
    """The running sums (products) of t along axis ax, accumulated and returned in dtype dt;
    with include_initial the result starts with the identity (one more element along ax)."""
    cdef tt_inner_fn fn = tt_cumprod_loop(dt) if is_prod else tt_cumsum_loop(dt)
    cdef Py_ssize_t shape[TT_MAXDIM]
    cdef Py_ssize_t other_shape[TT_MAXDIM]
    cdef Py_ssize_t out_strides[TT_MAXDIM]
    cdef Py_ssize_t in_strides[TT_MAXDIM]
    cdef Py_ssize_t length = t._shape[ax], outer = 1, chunk, k0
    cdef int i, n = 0
    cdef tt_scan_ctx ctx
    cdef Operand ops[2]
    cdef Tensor out, src
    if fn == NULL:
        raise TypeError(_dtype_error("cumulative_prod" if is_prod else "cumulative_sum", dt))
    src = t if t._dtype == dt else _cast(t, dt)
    for i in range(t._ndim):
        shape[i] = t._shape[i] + (1 if i == ax and include_initial else 0)
    out = _empty(t._ndim, shape, dt)
    if include_initial:
        first = out[tuple([slice(0, 1) if i == ax else slice(None) for i in range(t._ndim)])]
        _copy_into(first, 1 if is_prod else 0)
    if src._size == 0:
        return out
    for i in range(t._ndim):
        if i != ax:
            other_shape[n] = t._shape[i]
            out_strides[n] = out._strides[i]
            in_strides[n] = src._strides[i]
            outer *= t._shape[i]
            n += 1
    ctx.out_stride = out._strides[ax]
    ctx.in_stride = src._strides[ax]
    chunk = _builtins.max(1, _SORT_BUDGET // outer)
    ops[0].ndim = ops[1].ndim = n
    ops[0].shape = ops[1].shape = other_shape
    ops[0].strides = out_strides
    ops[1].strides = in_strides
    for k0 in range(0, length, chunk):
        ctx.len = _builtins.min(chunk, length - k0)
        ctx.first = k0 == 0
        ops[0].data = out.data + (k0 + (1 if include_initial else 0)) * out._strides[ax]
        ops[1].data = src.data + k0 * src._strides[ax]
        _execute(fn, &ctx, n, other_shape, ops, 2, 0, True, NULL, 0, ctx.len)
        if k0 + chunk < length:
            PyErr_CheckSignals()
    return out


cdef object _cumulative(int op, bint is_prod, object x, object axis, object dtype,
                        bint include_initial, bint numpy_axis):
    """cumulative_sum / cumulative_prod (array API) and cumsum / cumprod (NumPy: axis None
    scans the flattened tensor): gate, compute, record."""
    cdef Tensor t = asarray(x)
    cdef int dt, ax
    cdef bint flat = False
    if dtype is not None:
        dt = _dtype_num(dtype)
    else:
        dt = tt_reduce_out_dtype(TT_RED_PROD if is_prod else TT_RED_SUM, t._dtype)
        if dt < 0:
            dt = t._dtype
    if axis is None:
        if t._ndim > 1 and not numpy_axis:
            raise ValueError("For arrays which have more than one dimension ``axis`` argument is required.")
        flat = t._ndim != 1
        ax = 0
    else:
        ax = _normalize_axis(axis, _builtins.max(t._ndim, 1))     # a 0-d tensor scans as 1-d, as NumPy
        flat = t._ndim == 0
    cdef bint rec = _needs_grad(x) and _gate(op)
    src = _reshape(t, (-1,)) if flat else t
    out = _scan(is_prod, src, ax, dt, include_initial)
    if rec:
        _record(op, out, (x,), {"axis": ax, "include_initial": include_initial, "flat": flat})
    return out


def cumulative_sum(x, axis=None, *, dtype=None, include_initial=False):
    """Running sums of `x` along `axis` (the array API's cumulative_sum).

    ::

        acc = 0
        for i in range(n):            # along axis, in C
            acc += x[i]
            out[i] = acc

    Parameters
    ----------
    x : Tensor or array_like
        The input.
    axis : int, optional
        The axis to accumulate along; may be omitted only for a 1-D (or 0-d) `x`.
    dtype : dtype, optional
        Keyword only. The dtype to accumulate in and return.
    include_initial : bool, default False
        Keyword only. Start the result with the identity (0): one more element along
        `axis`.

    Returns
    -------
    Tensor
        `x`'s shape (one longer along `axis` with `include_initial`). Bool and signed
        integers accumulate in int64, unsigned ones in uint64, floats in their own dtype
        (sequentially, as NumPy), unless `dtype` is given.

    Raises
    ------
    ValueError
        If `axis` is omitted for a tensor of more than one dimension.
    AxisError
        If `axis` is out of range.
    TypeError
        If the dtype cannot be accumulated.

    Notes
    -----
    Differentiable: the gradient is the reverse running sum of the output gradient.

    See Also
    --------
    tinytensor.cumsum, tinytensor.cumulative_prod, tinytensor.sum

    Examples
    --------
    >>> tt.cumulative_sum(tt.tensor([1, 2, 3]))
    tensor([1, 3, 6])
    >>> tt.cumulative_sum(tt.tensor([[1, 2], [3, 4]]), axis=0, include_initial=True)
    tensor([[0, 0],
            [1, 2],
            [4, 6]])
    >>> tt.cumulative_sum(tt.tensor([1, 2], dtype=tt.int8)).dtype
    dtype('int64')
    """
    return _cumulative(OP_CUMULATIVE_SUM, False, x, axis, dtype, include_initial, False)


def cumulative_prod(x, axis=None, *, dtype=None, include_initial=False):
    """Running products of `x` along `axis` (the array API's cumulative_prod).

    ::

        acc = 1
        for i in range(n):            # along axis, in C
            acc *= x[i]
            out[i] = acc

    Parameters
    ----------
    x : Tensor or array_like
        The input.
    axis : int, optional
        The axis to accumulate along; may be omitted only for a 1-D (or 0-d) `x`.
    dtype : dtype, optional
        Keyword only. The dtype to accumulate in and return.
    include_initial : bool, default False
        Keyword only. Start the result with the identity (1): one more element along
        `axis`.

    Returns
    -------
    Tensor
        `x`'s shape (one longer along `axis` with `include_initial`). Bool and signed
        integers accumulate in int64, unsigned ones in uint64, floats in their own dtype
        (sequentially, as NumPy), unless `dtype` is given.

    Raises
    ------
    ValueError
        If `axis` is omitted for a tensor of more than one dimension.
    AxisError
        If `axis` is out of range.
    TypeError
        If the dtype cannot be accumulated.

    Notes
    -----
    Differentiable, exactly also where `x` has zeros.

    See Also
    --------
    tinytensor.cumprod, tinytensor.cumulative_sum, tinytensor.prod

    Examples
    --------
    >>> tt.cumulative_prod(tt.tensor([1.0, 2.0, 3.0]))
    tensor([1., 2., 6.])
    >>> tt.cumulative_prod(tt.tensor([1.0, 2.0, 3.0]), include_initial=True)
    tensor([1., 1., 2., 6.])
    """
    return _cumulative(OP_CUMULATIVE_PROD, True, x, axis, dtype, include_initial, False)


def cumsum(a, axis=None, dtype=None, *, dim=None):
    """Running sums of `a` along `axis`, of the flattened `a` by default (NumPy's cumsum).

    ::

        acc = 0
        for i in range(n):
            acc += a[i]
            out[i] = acc

    PyTorch's ``cumsum(x, dim)`` also works.

    Parameters
    ----------
    a : Tensor or array_like
        The input.
    axis : int, optional
        The axis to accumulate along; None (the default) scans the flattened `a`.
    dtype : dtype, optional
        The dtype to accumulate in and return.
    dim : int, optional
        PyTorch's name for `axis` (keyword only); give one of `axis` and `dim`.

    Returns
    -------
    Tensor
        `a`'s shape, or 1-D (``a.size`` elements) when `axis` is None. The dtype rule of
        `tinytensor.cumulative_sum` (bool and signed integers in int64, unsigned in uint64,
        floats their own).

    Raises
    ------
    AxisError
        If `axis` is out of range.
    TypeError
        If both `axis` and `dim` are given, or the dtype cannot be accumulated.

    Notes
    -----
    Differentiable, as `tinytensor.cumulative_sum`.

    See Also
    --------
    tinytensor.cumulative_sum, tinytensor.cumprod

    Examples
    --------
    >>> x = tt.tensor([[1, 2], [3, 4]])
    >>> tt.cumsum(x)
    tensor([ 1,  3,  6, 10])
    >>> tt.cumsum(x, axis=1)
    tensor([[1, 3],
            [3, 7]])
    >>> tt.cumsum(tt.tensor([1.0, 2.0]), dtype=tt.float32)
    tensor([1., 3.], dtype=float32)
    """
    return _cumulative(OP_CUMULATIVE_SUM, False, a, _axis_arg(axis, dim), dtype, False, True)


def cumprod(a, axis=None, dtype=None, *, dim=None):
    """Running products of `a` along `axis`, of the flattened `a` by default (NumPy's cumprod).

    ::

        acc = 1
        for i in range(n):
            acc *= a[i]
            out[i] = acc

    Parameters
    ----------
    a : Tensor or array_like
        The input.
    axis : int, optional
        The axis to accumulate along; None (the default) scans the flattened `a`.
    dtype : dtype, optional
        The dtype to accumulate in and return.
    dim : int, optional
        PyTorch's name for `axis` (keyword only); give one of `axis` and `dim`.

    Returns
    -------
    Tensor
        `a`'s shape, or 1-D (``a.size`` elements) when `axis` is None. The dtype rule of
        `tinytensor.cumulative_prod` (bool and signed integers in int64, unsigned in uint64,
        floats their own).

    Raises
    ------
    AxisError
        If `axis` is out of range.
    TypeError
        If both `axis` and `dim` are given, or the dtype cannot be accumulated.

    Notes
    -----
    Differentiable, as `tinytensor.cumulative_prod`.

    See Also
    --------
    tinytensor.cumulative_prod, tinytensor.cumsum

    Examples
    --------
    >>> x = tt.tensor([[1, 2], [3, 4]])
    >>> tt.cumprod(x)
    tensor([ 1,  2,  6, 24])
    >>> tt.cumprod(x, axis=0)
    tensor([[1, 2],
            [3, 8]])
    """
    return _cumulative(OP_CUMULATIVE_PROD, True, a, _axis_arg(axis, dim), dtype, False, True)


cdef object _diff_edge(object v, tuple edge_shape):
    """A prepend / append value of diff: a 0-d one is repeated along the other axes."""
    e = asarray(v)
    if (<Tensor>e)._ndim == 0:
        return broadcast_to(e, edge_shape)
    return v


def diff(x, n=1, axis=-1, prepend=None, append=None):
    """The n-th discrete differences of `x` along `axis` (NumPy's and the array API's ``diff``).

    ::

        for _ in range(n):
            x = x[1:] - x[:-1]        # along axis (bool: x[1:] != x[:-1])
        out = x

    Parameters
    ----------
    x : Tensor or array_like
        The input, at least 1-D.
    n : int, default 1
        How many times to difference; 0 returns `x` itself.
    axis : int, default -1
        The axis to difference along.
    prepend : scalar or Tensor or array_like, optional
        Joined to `x` before the differences, at the start of `axis`; a 0-d value is
        broadcast to length 1 along the axis and `x`'s lengths on the others.
    append : scalar or Tensor or array_like, optional
        Joined at the end, as `prepend`.

    Returns
    -------
    Tensor
        `x`'s shape with ``n`` fewer elements along `axis` (more with prepend/append); the
        dtype of ``x - x`` (bool stays bool).

    Raises
    ------
    ValueError
        If `n` is negative or `x` is 0-d.
    AxisError
        If `axis` is out of range.

    Notes
    -----
    Made of slices, subtract and concatenate, each recorded, so it is differentiable.

    See Also
    --------
    tinytensor.cumsum

    Examples
    --------
    >>> x = tt.tensor([1, 4, 9, 16])
    >>> tt.diff(x)
    tensor([3, 5, 7])
    >>> tt.diff(x, n=2)
    tensor([2, 2])
    >>> tt.diff(tt.tensor([1, 4]), prepend=0, append=tt.tensor([10]))
    tensor([1, 3, 6])
    >>> tt.diff(tt.tensor([[1, 2], [4, 8]]), axis=0)
    tensor([[3, 6]])
    """
    cdef Tensor t = asarray(x)
    n = operator.index(n)
    if n == 0:
        return t        # NumPy returns the input before looking at anything else
    if n < 0:
        raise ValueError(f"order must be non-negative but got {n!r}")
    if t._ndim == 0:
        raise ValueError("diff requires input that is at least one dimensional")
    ax = _normalize_axis(axis, t._ndim)
    edge_shape = tuple([1 if i == ax else t._shape[i] for i in range(t._ndim)])
    parts = [x]
    if prepend is not None:
        parts.insert(0, _diff_edge(prepend, edge_shape))
    if append is not None:
        parts.append(_diff_edge(append, edge_shape))
    out = concatenate(parts, axis=ax) if len(parts) > 1 else x
    out = asarray(out)
    head = tuple([slice(1, None) if i == ax else slice(None) for i in range(t._ndim)])
    tail = tuple([slice(None, -1) if i == ax else slice(None) for i in range(t._ndim)])
    for _ in range(n):
        if (<Tensor>out)._dtype == TT_BOOL:
            out = not_equal(out[head], out[tail])
        else:
            out = subtract(out[head], out[tail])
    return out


# ---- median, quantile, percentile, count_nonzero ---------------------------------------------

cdef tuple _reduced_rows(Tensor t, object axis):
    """t with the reduced axes moved last and flattened into one, C-contiguous:
    (rows of shape kept + (N,), the permutation, kept, N, the keepdims shape)."""
    axes = _normalize_axes(axis, t._ndim)
    kept_axes = [i for i in range(t._ndim) if i not in axes]
    perm = tuple(kept_axes + axes)
    cdef Py_ssize_t N = 1
    for a in axes:
        N *= t._shape[a]
    kept = tuple([t._shape[i] for i in kept_axes])
    rows = _reshape(_contiguous_copy(_permute(t, perm)), kept + (N,))
    keep_shape = tuple([1 if i in axes else t._shape[i] for i in range(t._ndim)])
    return rows, perm, kept, N, keep_shape


cdef Tensor _take_last(Tensor rows, list positions):
    """rows[..., positions]: out[..., k] = rows[..., positions[k]] (C-contiguous rows)."""
    cdef Py_ssize_t n = rows._shape[rows._ndim - 1], m = len(positions), R, r, k
    R = rows._size // n if n else 0
    cdef Py_ssize_t shape2[2]
    shape2[0] = R
    shape2[1] = m
    cdef Tensor idx = _empty(2, shape2, TT_INT64)
    cdef int64_t *ip = <int64_t *>idx.data
    for k in range(m):
        ip[k] = positions[k]
    for r in range(1, R):
        memcpy(ip + r * m, ip, m * sizeof(int64_t))
    out = _gather_rows(_reshape(rows, (R, n)), idx)
    return _reshape(out, tuple([rows._shape[i] for i in range(rows._ndim - 1)]) + (m,))


cdef Tensor _q_first(Tensor picked, tuple qshape):
    """picked (kept + (m,)) as qshape + kept: the quantiles' axes lead, as NumPy's."""
    cdef int nd = picked._ndim
    moved = _contiguous_copy(_permute(picked, tuple([nd - 1] + list(range(nd - 1)))))
    return _reshape(moved, qshape + tuple([picked._shape[i] for i in range(nd - 1)]))


cdef Tensor _nan_rows(Tensor sorted_rows):
    """For each row sorted NaN-last: whether it holds a NaN (its last element is NaN)."""
    cdef Py_ssize_t n = sorted_rows._shape[sorted_rows._ndim - 1]
    last = _take_last(sorted_rows, [n - 1])
    last = _reshape(last, tuple([sorted_rows._shape[i] for i in range(sorted_rows._ndim - 1)]))
    return _binary(OP_NOT_EQUAL, last, last)


_QUANTILE_METHODS = ("inverted_cdf", "averaged_inverted_cdf", "closest_observation",
                     "interpolated_inverted_cdf", "hazen", "weibull", "linear", "median_unbiased",
                     "normal_unbiased", "lower", "higher", "midpoint", "nearest")
# (alpha, beta) of the continuous methods (Hyndman & Fan): virtual index n*q + alpha + q*(1-alpha-beta) - 1
_CONTINUOUS = {"interpolated_inverted_cdf": (0.0, 1.0), "hazen": (0.5, 0.5), "weibull": (0.0, 0.0),
               "median_unbiased": (1 / 3.0, 1 / 3.0), "normal_unbiased": (3 / 8.0, 3 / 8.0)}


cdef tuple _quantile_point(str method, Py_ssize_t n, double q):
    """Where NumPy's method reads the q-th quantile of n sorted values: (lower index, upper
    index, weight of the upper, whether it interpolates). Python floats are C doubles, so the
    arithmetic is NumPy's float64 arithmetic."""
    cdef double v, g, fl
    if method == "lower":
        return int(math.floor((n - 1) * q)), int(math.floor((n - 1) * q)), 0.0, False
    if method == "higher":
        return int(math.ceil((n - 1) * q)), int(math.ceil((n - 1) * q)), 0.0, False
    if method == "nearest":
        k = int(round((n - 1) * q))          # round half to even, as np.around
        return k, k, 0.0, False
    if method in ("inverted_cdf", "closest_observation"):
        v = n * q - 1 - (0.5 if method == "closest_observation" else 0.0)
        fl = math.floor(v)
        g = v - fl
        take_prev = g == 0 if method == "inverted_cdf" else (g == 0 and fl % 2 == 1)
        k = int(fl if take_prev else fl + 1)
        k = _builtins.max(k, 0)
        return k, k, 0.0, False
    if method == "linear":
        v = (n - 1) * q
    elif method == "midpoint":
        v = 0.5 * (math.floor((n - 1) * q) + math.ceil((n - 1) * q))
    elif method == "averaged_inverted_cdf":
        v = n * q - 1
    else:
        alpha, beta = _CONTINUOUS[method]
        v = n * q + (alpha + q * (1 - alpha - beta)) - 1
    fl = math.floor(v)
    g = v - fl
    if method == "midpoint":
        g = 0.0 if v % 1 == 0 else 0.5
    elif method == "averaged_inverted_cdf":
        g = 0.5 if g == 0 else 1.0
    if v >= n - 1:
        return n - 1, n - 1, g, True
    if v < 0:
        return 0, 0, g, True
    return int(fl), int(fl) + 1, g, True


cdef object _quantile(int op, object x, object q, object axis, bint keepdims, str method,
                      double scale, str qname):
    """quantile (scale 1) and percentile (scale 100): NumPy's algorithm on a sorted copy."""
    if method not in _QUANTILE_METHODS:
        raise ValueError(f"{method!r} is not a valid method. Use one of: {_QUANTILE_METHODS}")
    cdef Tensor t = asarray(x)
    cdef bint weak = type(q) in (int, float)
    cdef Tensor qt = None
    # NumPy computes the linear method's index (n - 1) * q in q's dtype: for integer q (0 or 1)
    # it is an exact index, read without interpolating, so the result keeps a's dtype
    cdef bint exact_index = False
    if weak:
        exact_index = type(q) is int and scale == 1
        qvals = [q / scale if scale != 1 else float(q)]
        qshape = ()
    else:
        qt = asarray(q)
        if qt._ndim > 2:
            raise ValueError("q must be a scalar or 1d")
        exact_index = not _is_float(qt._dtype) and scale == 1
        if not _is_float(qt._dtype):
            qt = _cast(qt, TT_FLOAT64)
        if scale != 1:
            qt = _binary(OP_DIVIDE, qt, scale)
        qvals = qt.reshape(-1).tolist()
        qshape = tuple(qt.shape)
    for v in qvals:
        if not (0 <= v <= 1):
            raise ValueError(f"{qname} must be in the range [0, {'1' if scale == 1 else '100'}]")
    cdef bint rec = _needs_grad(x) and _gate(op)
    cdef Tensor rows, values, order
    rows, perm, kept, N, keep_shape = _reduced_rows(t, axis)
    if N == 0:
        raise IndexError("index -1 is out of bounds for axis 0 with size 0")
    if exact_index and method == "linear":
        points = [(int((N - 1) * v), int((N - 1) * v), 0.0, False) for v in qvals]
    else:
        points = [_quantile_point(method, N, v) for v in qvals]
    interpolates = points[0][3] if points else True
    if interpolates and t._dtype == TT_BOOL:
        raise TypeError("numpy boolean subtract, the `-` operator, is not supported, use the "
                        "bitwise_xor, the `^` operator, or the logical_xor function instead.")
    values, order = _sorted_along(rows, rows._ndim - 1, False, True, rec)
    lo = _q_first(_take_last(values, [p[0] for p in points]), qshape)
    result_lead = qshape + kept
    if interpolates:
        hi = _q_first(_take_last(values, [p[1] for p in points]), qshape)
        if weak:
            gamma = points[0][2]
            big = gamma >= 0.5
        else:
            gamma = _cast(asarray([p[2] for p in points]), qt._dtype).reshape(qshape + (1,) * len(kept))
            big = _binary(OP_GREATER_EQUAL, gamma, 0.5)
        step = _binary(OP_SUBTRACT, hi, lo)
        low_side = _binary(OP_ADD, lo, _binary(OP_MULTIPLY, step, gamma))
        rest = (1.0 - gamma) if weak else _binary(OP_SUBTRACT, 1, gamma)   # a weak scalar stays weak
        high_side = _binary(OP_SUBTRACT, hi, _binary(OP_MULTIPLY, step, rest))
        if weak:
            out = high_side if big else low_side
        else:
            out = _where(big, high_side, low_side)
    else:
        out = lo
    if _is_float(t._dtype):
        out = _where(_nan_rows(values), float("nan"), out)
    final_shape = qshape + (keep_shape if keepdims else kept)
    out = _reshape(asarray(out), final_shape)
    if rec:
        pos_lo = _reshape(_q_first(_take_last(order, [p[0] for p in points]), qshape), final_shape + (1,))
        if interpolates:
            pos_hi = _reshape(_q_first(_take_last(order, [p[1] for p in points]), qshape), final_shape + (1,))
            if weak:
                weights = (1.0 - gamma, gamma)
            else:
                w = gamma.reshape(tuple(gamma.shape) + (1,) * (len(final_shape) - len(gamma.shape) + 1))
                weights = (_binary(OP_SUBTRACT, 1.0, w), w)
            positions = (pos_lo, pos_hi)
        else:
            positions, weights = (pos_lo,), (1.0,)
        _record(op, out, (x,), {"perm": perm, "moved_shape": kept + (N,), "qndim": len(qshape),
                                "positions": positions, "weights": weights})
    return out


def quantile(a, q, axis=None, keepdims=False, *, method="linear"):
    """The q-th quantiles of `a` along `axis` (NumPy's ``np.quantile``, all 13 methods).

    For the default method, per reduced row::

        s = sorted(a[r]); v = (n - 1) * q; i = floor(v); t = v - i
        out = s[i] + (s[i+1] - s[i]) * t       # NumPy's lerp (from s[i+1] when t >= 0.5)

    Parameters
    ----------
    a : Tensor or array_like
        The input.
    q : float or Tensor or array_like
        The probabilities (a number or a 0-d, 1-d or 2-d tensor or sequence), in [0, 1]; its axes
        lead the result.
    axis : int or tuple of int, optional
        The axes to reduce; None (the default) uses all elements.
    keepdims : bool, default False
        Keep the reduced axes with length 1.
    method : str, default "linear"
        Keyword only. NumPy's method: "linear", "lower", "higher", "midpoint", "nearest",
        "inverted_cdf", "averaged_inverted_cdf", "closest_observation",
        "interpolated_inverted_cdf", "hazen", "weibull", "median_unbiased" or
        "normal_unbiased".

    Returns
    -------
    Tensor
        ``q.shape`` followed by the shape of `a` without the reduced axes. Float inputs keep
        their dtype; integers give float64, except that the index methods ("lower", "higher",
        "nearest", "inverted_cdf", "closest_observation") keep the dtype. A row holding a NaN
        gives NaN.

    Raises
    ------
    ValueError
        If a `q` is outside [0, 1], or `method` is unknown.
    AxisError
        If an axis is out of range.

    Notes
    -----
    Differentiable, as PyTorch's quantile: the gradient goes to the (one or two) elements
    each result was read from, weighted like them.

    See Also
    --------
    tinytensor.percentile, tinytensor.median

    Examples
    --------
    >>> x = tt.tensor([1.0, 2.0, 3.0, 4.0])
    >>> tt.quantile(x, 0.5)
    tensor(2.5)
    >>> tt.quantile(x, tt.tensor([0.25, 0.75]))
    tensor([1.75, 3.25])
    >>> tt.quantile(tt.tensor([[1, 2, 3], [4, 5, 6]]), 0.5, axis=1)
    tensor([2., 5.])
    >>> tt.quantile(tt.tensor([1, 2, 3, 4]), 0.5, method="lower")
    tensor(2)
    """
    return _quantile(OP_QUANTILE, a, q, axis, keepdims, method, 1.0, "Quantiles")


def percentile(a, q, axis=None, keepdims=False, *, method="linear"):
    """The q-th percentiles of `a` along `axis`: ``quantile(a, q / 100)``, as NumPy's percentile.

    For the default method, per reduced row::

        s = sorted(a[r]); v = (n - 1) * q / 100; i = floor(v); t = v - i
        out = s[i] + (s[i+1] - s[i]) * t

    Parameters
    ----------
    a : Tensor or array_like
        The input.
    q : float or Tensor or array_like
        The percentages (a number or a 0-d, 1-d or 2-d tensor or sequence), in [0, 100]; its axes
        lead the result.
    axis : int or tuple of int, optional
        The axes to reduce; None (the default) uses all elements.
    keepdims : bool, default False
        Keep the reduced axes with length 1.
    method : str, default "linear"
        Keyword only. NumPy's method: "linear", "lower", "higher", "midpoint", "nearest",
        "inverted_cdf", "averaged_inverted_cdf", "closest_observation",
        "interpolated_inverted_cdf", "hazen", "weibull", "median_unbiased" or
        "normal_unbiased".

    Returns
    -------
    Tensor
        ``q.shape`` followed by the shape of `a` without the reduced axes. Float inputs keep
        their dtype; integers give float64, except that the index methods ("lower", "higher",
        "nearest", "inverted_cdf", "closest_observation") keep the dtype. A row holding a NaN
        gives NaN.

    Raises
    ------
    ValueError
        If a `q` is outside [0, 100], or `method` is unknown.
    AxisError
        If an axis is out of range.

    Notes
    -----
    Differentiable, as `tinytensor.quantile`.

    See Also
    --------
    tinytensor.quantile, tinytensor.median

    Examples
    --------
    >>> x = tt.tensor([1.0, 2.0, 3.0, 4.0])
    >>> tt.percentile(x, 50)
    tensor(2.5)
    >>> tt.percentile(x, [25, 100])
    tensor([1.75, 4.  ])
    """
    return _quantile(OP_QUANTILE, a, q, axis, keepdims, method, 100.0, "Percentiles")


def median(a, axis=None, keepdims=False):
    """The median of `a` along `axis` (NumPy's ``np.median``).

    Per reduced row::

        s = sorted(a[r]); n = len(s)
        out = s[n // 2] if n % 2 else (s[n // 2 - 1] + s[n // 2]) / 2

    Parameters
    ----------
    a : Tensor or array_like
        The input.
    axis : int or tuple of int, optional
        The axes to reduce; None (the default) uses all elements.
    keepdims : bool, default False
        Keep the reduced axes with length 1.

    Returns
    -------
    Tensor
        `a`'s shape without the reduced axes. Float inputs keep their dtype (float16 averages
        its middle pair in float32); integers and bool give float64. A row holding a NaN
        gives NaN, an empty row NaN.

    Raises
    ------
    AxisError
        If an axis is out of range.

    Notes
    -----
    Differentiable: the gradient goes to the middle element(s), half each when there are
    two.

    See Also
    --------
    tinytensor.quantile, tinytensor.mean

    Examples
    --------
    >>> tt.median(tt.tensor([3, 1, 2, 4]))
    tensor(2.5)
    >>> tt.median(tt.tensor([[3.0, 1.0, 2.0], [float("nan"), 0.0, 1.0]]), axis=1)
    tensor([ 2., nan])
    """
    cdef Tensor t = asarray(a)
    cdef bint rec = _needs_grad(a) and _gate(OP_MEDIAN)
    cdef Tensor rows, values, order, pair
    rows, perm, kept, N, keep_shape = _reduced_rows(t, axis)
    final_shape = keep_shape if keepdims else kept
    cdef int odt = t._dtype if _is_float(t._dtype) else TT_FLOAT64
    if N == 0:
        return full(final_shape, float("nan"), dtype=_DTYPES[odt])
    values, order = _sorted_along(rows, rows._ndim - 1, False, True, rec)
    mid = [(N - 1) // 2, N // 2]
    # the mean of the two middle values in float32 for float16 (NumPy's mean accumulates there:
    # 60000 and 60000 give 60000, not inf), in the result dtype otherwise
    cdef int work = TT_FLOAT32 if odt == TT_FLOAT16 else odt
    pair = _take_last(values, mid)
    if pair._dtype != work:
        pair = _cast(pair, work)
    lo = _reshape(pair[..., 0], kept)
    if N % 2:
        out = _contiguous_copy(lo)
    else:
        out = _binary(OP_DIVIDE, _binary(OP_ADD, lo, _reshape(pair[..., 1], kept)), 2)
    if work != odt:
        out = _cast(out, odt)
    if _is_float(t._dtype):
        out = _where(_nan_rows(values), float("nan"), out)
    out = _reshape(asarray(out), final_shape)
    if rec:
        where = _take_last(order, mid)
        positions = (_reshape(where[..., 0], final_shape + (1,)), _reshape(where[..., 1], final_shape + (1,)))
        _record(OP_MEDIAN, out, (a,), {"perm": perm, "moved_shape": kept + (N,), "qndim": 0,
                                       "positions": positions, "weights": (0.5, 0.5)})
    return out


def count_nonzero(x, axis=None, keepdims=False):
    """How many elements of `x` along `axis` are not zero (NaN counts), as an int64 tensor.

    ::

        out = sum(1 for v in x[reduced run] if v != 0)

    Parameters
    ----------
    x : Tensor or array_like
        The input.
    axis : int or tuple of int, optional
        The axes to count over; None (the default) counts all elements.
    keepdims : bool, default False
        Keep the reduced axes with length 1.

    Returns
    -------
    Tensor
        int64, `x`'s shape without the reduced axes. NumPy's ``np.count_nonzero`` gives a
        Python int for ``axis=None``; here it is a 0-d tensor (as the array API).

    Raises
    ------
    AxisError
        If an axis is out of range.

    Notes
    -----
    Integer counts: no gradient (not recorded by autograd).

    Examples
    --------
    >>> x = tt.tensor([[0.0, 1.0, 2.0], [0.0, 0.0, float("nan")]])
    >>> tt.count_nonzero(x)
    tensor(3)
    >>> tt.count_nonzero(x, axis=1)
    tensor([2, 1])
    """
    cdef Tensor t = asarray(x)
    return _reduce(TT_RED_SUM, t if t._dtype == TT_BOOL else _cast(t, TT_BOOL), axis, keepdims)
