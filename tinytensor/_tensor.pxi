# ---- the Tensor ------------------------------------------------------------------------------


# PyTorch's device names: t.to("cuda") is a device request (refused), not a dtype name
_DEVICE_NAMES = frozenset(["cuda", "mps", "xpu", "meta", "hip", "xla", "vulkan", "ipu", "hpu", "mtia"])


cdef class Tensor:
    r"""An n-dimensional array of one dtype: a pointer into memory plus a shape and byte strides.

    Element ``[i, j]`` of a 2-D tensor lives at ``data + i*strides[0] + j*strides[1]``; views
    (slices, transposes, broadcasts, most reshapes) share memory by changing only those numbers::

        address(x[i0, ..., ik]) = x.data_ptr + i0 * x.strides[0] + ... + ik * x.strides[k]

    Tensors are not constructed by calling the class: create them with ``tt.tensor``,
    ``tt.asarray``, ``tt.zeros``, ``tt.empty``, ``tt.arange``, ... Arithmetic, comparison and
    bitwise operators (``+ - * / // % ** @ == < & | ^ ~ << >>``) broadcast as NumPy's do and
    record autograd nodes for tensors that require grad; the in-place forms (``+=`` ...) write
    into the tensor and are never recorded.

    Parameters
    ----------
    \*args, \*\*kwargs
        Not accepted: calling ``Tensor(...)`` raises TypeError (see Raises).

    Attributes
    ----------
    shape : tuple of int
        The length of each axis.
    ndim : int
        The number of axes.
    size : int
        The number of elements (NumPy's ``x.size``); calling it, ``x.size()`` or
        ``x.size(d)``, gives PyTorch's shape or axis length.
    dtype : DType
        The element type, one of ``tt.bool_``, ``tt.int8``, ..., ``tt.float64``.
    itemsize, nbytes : int
        Bytes per element, and bytes of all elements.
    strides : tuple of int
        Bytes to step along each axis (0 on broadcast axes, negative after a reversal).
    T, mT : Tensor
        The transpose (axes reversed), and the last two axes swapped: views.
    base : object or None
        None for a tensor that owns its memory, else the owner (the root tensor, or the foreign
        object whose buffer it shares).
    flags : object
        ``flags.c_contiguous``, ``f_contiguous``, ``owndata``, ``writeable`` (also by NumPy's
        upper-case keys, ``flags["C_CONTIGUOUS"]``).
    data_ptr : int
        The address of the first element.
    requires_grad : bool
        Whether autograd tracks ops on this tensor (float dtypes only).
    grad : Tensor or None
        The gradient ``backward`` accumulated into this leaf.
    grad_fn : object or None
        The graph node that computed this tensor (None for a leaf).
    is_leaf : bool
        True when ``grad_fn`` is None.
    device : str
        Always ``"cpu"``.

    Raises
    ------
    TypeError
        When the class is called directly, ``tt.Tensor(...)``.

    See Also
    --------
    tinytensor.tensor, tinytensor.asarray, tinytensor.zeros

    Examples
    --------
    >>> x = tt.tensor([[1, 2, 3], [4, 5, 6]], dtype=tt.int32)
    >>> x.shape, x.dtype, x.strides
    ((2, 3), dtype('int32'), (12, 4))
    >>> x.T.strides                  # a view: the same memory, the strides swapped
    (4, 12)
    >>> x.size, x.size(), x.size(1)
    (6, (2, 3), 3)
    >>> x + 1.5                      # operators broadcast and promote as NumPy's
    tensor([[2.5, 3.5, 4.5],
            [5.5, 6.5, 7.5]])
    >>> tt.Tensor()
    Traceback (most recent call last):
        ...
    TypeError: create tensors with tt.tensor(data), tt.asarray, tt.zeros, tt.empty, ...
    """
    __array_priority__ = 1000

    def __init__(self, *args, **kwargs):
        raise TypeError("create tensors with tt.tensor(data), tt.asarray, tt.zeros, tt.empty, ...")

    def __dealloc__(self):
        if self._alloc != NULL:
            tt_free(self._alloc)
            self._alloc = NULL

    # -- attributes --
    @property
    def shape(self):
        return tuple([self._shape[i] for i in range(self._ndim)])

    @property
    def ndim(self):
        return self._ndim

    @property
    def size(self):
        """The number of elements, an int (NumPy's t.size) that can also be called as PyTorch's
        t.size() -> the shape, t.size(d) -> the length of axis d."""
        return _Size(self._size, self.shape)

    @property
    def dtype(self):
        return _DTYPES[self._dtype]

    @property
    def itemsize(self):
        return self._itemsize

    @property
    def nbytes(self):
        return self._size * self._itemsize

    @property
    def strides(self):
        return tuple([self._strides[i] for i in range(self._ndim)])

    @property
    def base(self):
        """None for a tensor owning its memory, else the object that does (the root tensor, or
        the foreign object whose buffer this tensor shares)."""
        if isinstance(self._base, _BufferHolder):
            return (<_BufferHolder>self._base).obj
        return self._base

    @property
    def flags(self):
        f = _Flags.__new__(_Flags)
        (<_Flags>f).t = self
        return f

    def is_contiguous(self):
        """Whether the elements lie in C (row-major) order without gaps.

        Returns
        -------
        bool
            True when the strides are the C-contiguous ones for the shape (views made by
            transposes, steps or broadcasts usually are not).

        See Also
        --------
        Tensor.contiguous

        Examples
        --------
        >>> x = tt.arange(6).reshape(2, 3)
        >>> x.is_contiguous(), x.T.is_contiguous(), x.T.contiguous().is_contiguous()
        (True, False, True)
        """
        return self._c_contig

    @property
    def T(self):
        """The transpose, the axes reversed (a view)."""
        return self.transpose()

    @property
    def mT(self):
        """The last two axes swapped (a view)."""
        return self.swapaxes(-1, -2)

    @property
    def data_ptr(self):
        """The address of the first element (for interop and tests)."""
        return <size_t>self.data

    # -- autograd plumbing (the meaning lives in tinytensor.autograd) --
    @property
    def requires_grad(self):
        return self._requires_grad

    @requires_grad.setter
    def requires_grad(self, value):
        if value and not _is_float(self._dtype):
            raise RuntimeError("only Tensors of floating point dtype can require gradients")
        self._requires_grad = bool(value)

    @property
    def is_leaf(self):
        return self.grad_fn is None

    @property
    def _version(self):
        cdef Tensor r = _root(self)
        return 0 if r._version_counter is None else (<_VersionCounter>r._version_counter).value

    def _track_version(self):
        """Makes sure in-place writes are counted (autograd calls this on tensors it saves)."""
        cdef Tensor r = _root(self)
        if r._version_counter is None:
            r._version_counter = _VersionCounter.__new__(_VersionCounter)
        return (<_VersionCounter>r._version_counter).value

    def _check_inplace(self, value=None):
        """Raises as an in-place write into this tensor would (for writers outside the core)."""
        _check_inplace(self, value)

    def _mark_written(self):
        """Counts an in-place write done outside the core (NumPy's out=) in the version counter."""
        _bump_version(self)

    def requires_grad_(self, requires_grad=True):
        """Sets ``requires_grad`` in place and returns the tensor (PyTorch's spelling).

        Parameters
        ----------
        requires_grad : bool, default True
            Whether autograd should track the ops that use this tensor.

        Returns
        -------
        Tensor
            self.

        Raises
        ------
        RuntimeError
            When asked to require grad on a tensor whose dtype is not a float dtype.

        Examples
        --------
        >>> w = tt.tensor([1.0, 2.0]).requires_grad_()
        >>> w
        tensor([1., 2.], requires_grad=True)
        >>> w.requires_grad_(False).requires_grad
        False
        >>> tt.tensor([1, 2]).requires_grad_()
        Traceback (most recent call last):
            ...
        RuntimeError: only Tensors of floating point dtype can require gradients
        """
        self.requires_grad = requires_grad
        return self

    def detach(self):
        """A view of the same memory that is not part of any graph (the one way out of it).

        Returns
        -------
        Tensor
            Same shape, dtype and memory as self, with ``requires_grad`` False and no ``grad_fn``;
            writes to one show in the other.

        See Also
        --------
        tinytensor.no_grad

        Examples
        --------
        >>> w = tt.tensor([1.0, 2.0], requires_grad=True)
        >>> y = (w * 2).detach()
        >>> y, y.requires_grad, y.grad_fn
        (tensor([2., 4.]), False, None)
        >>> w.detach().data_ptr == w.data_ptr
        True
        """
        return _view(self, self._ndim, self._shape, self._strides, self.data)

    def backward(self, gradient=None, retain_graph=False):
        """Backpropagates from this tensor: adds d(self)/d(leaf) into the ``grad`` of every leaf that
        requires grad (see tinytensor.autograd).

        For a tensor of one element the seed gradient is 1; otherwise pass `gradient` (the gradient
        of some scalar with respect to self), as in PyTorch::

            for leaf in the leaves self depends on:
                leaf.grad += sum over elements j of gradient[j] * d self[j] / d leaf

        Parameters
        ----------
        gradient : Tensor or array_like, optional
            The seed, of self's shape. Optional (1) when self has exactly one element.
        retain_graph : bool, default False
            Keep the graph's saved tensors so that ``backward`` can run through it again; by default
            they are freed.

        Returns
        -------
        None

        Raises
        ------
        RuntimeError
            When self has more than one element and no `gradient` is given; when self does not
            require grad (no graph leads to it); when the graph was already freed by an earlier
            ``backward`` without ``retain_graph=True``; when a saved tensor was modified in place
            since it was saved; when tinytensor.autograd is not loaded.

        Examples
        --------
        >>> w = tt.tensor([1.0, 2.0, 3.0], requires_grad=True)
        >>> loss = (w * w).sum()
        >>> loss.backward()
        >>> w.grad
        tensor([2., 4., 6.])
        >>> (w * 2).backward(tt.ones(3))     # not a scalar: the seed is given; grads accumulate
        >>> w.grad
        tensor([4., 6., 8.])
        """
        if _backward_hook is None:
            raise RuntimeError("tinytensor.autograd is not loaded")
        return _backward_hook(self, gradient, retain_graph)

    def zero_(self):
        """Sets every element to 0, in place.

        Returns
        -------
        Tensor
            self, with every element 0 (False for bool).

        Raises
        ------
        ValueError
            When self is read-only (a broadcast view, a read-only import).
        RuntimeError
            When self requires grad and grad mode is on (wrap the write in ``with tt.no_grad():``).

        Notes
        -----
        Never recorded in the graph. The write bumps the tensor's version counter: a later
        ``backward`` through a graph that saved this tensor raises RuntimeError instead of using
        the overwritten values.

        See Also
        --------
        Tensor.fill, tinytensor.zeros_like

        Examples
        --------
        >>> x = tt.tensor([[1.5, 2.0], [3.0, 4.0]])
        >>> x.zero_()
        tensor([[0., 0.],
                [0., 0.]])
        >>> x
        tensor([[0., 0.],
                [0., 0.]])
        """
        _check_inplace(self, None)
        if self._c_contig:          # all-zero bytes are 0 in every dtype: one memset
            memset(self.data, 0, self._size * self._itemsize)
        else:
            _copy_into(self, 0)
        _bump_version(self)
        return self

    def fill_(self, value):
        """Sets every element to `value`, in place (PyTorch's spelling; it returns the tensor).

        Parameters
        ----------
        value : scalar or Tensor
            A Python number, or a tensor that broadcasts to self's shape (a 0-d one in practice). It
            is converted to self's dtype: floats into an integer tensor truncate toward zero.

        Returns
        -------
        Tensor
            self.

        Raises
        ------
        ValueError
            When self is read-only, or a tensor `value` does not broadcast to self's shape.
        RuntimeError
            When self requires grad and grad mode is on.
        OverflowError
            When a Python integer does not fit self's integer dtype.
        TypeError
            When `value` is not a number (a string, ...).

        See Also
        --------
        Tensor.fill, tinytensor.full

        Examples
        --------
        >>> x = tt.zeros(3)
        >>> x.fill_(7)
        tensor([7., 7., 7.])
        >>> tt.zeros(2, dtype=tt.int32).fill_(2.7)
        tensor([2, 2], dtype=int32)
        >>> tt.zeros(2, dtype=tt.uint8).fill_(300)
        Traceback (most recent call last):
            ...
        OverflowError: Python integer 300 out of bounds for uint8
        """
        _check_inplace(self, value)
        _copy_into(self, value)
        _bump_version(self)
        return self

    def fill(self, value):
        """Sets every element to `value`, in place, as NumPy's ``ndarray.fill`` (it returns None).

        Parameters
        ----------
        value : scalar or Tensor
            As for ``fill_``: converted to self's dtype.

        Returns
        -------
        None

        Raises
        ------
        ValueError, RuntimeError, OverflowError, TypeError
            As ``fill_``: a read-only tensor, a tensor that requires grad in grad mode, an integer out
            of the dtype's range, a value that is not a number.

        See Also
        --------
        tinytensor.full

        Examples
        --------
        >>> x = tt.zeros((2, 2), dtype=tt.int64)
        >>> x.fill(5)
        >>> x
        tensor([[5, 5],
                [5, 5]])
        """
        self.fill_(value)

    def copy_(self, src):
        """Copies `src` into this tensor in place: broadcast to self's shape, converted to self's dtype.

        ::

            for i in ndindex(self.shape):       # src broadcast to self.shape
                self[i] = dtype_of_self(src[i])

        Memory that overlaps between `src` and self is handled (copied through a temporary).

        Parameters
        ----------
        src : Tensor, array_like or scalar
            The values; a nested sequence follows NumPy's assignment rules.

        Returns
        -------
        Tensor
            self.

        Raises
        ------
        ValueError
            When `src` does not broadcast to self's shape, or self is read-only.
        RuntimeError
            When self requires grad and grad mode is on.
        OverflowError, TypeError
            When a Python value does not fit self's dtype, or is not a number.

        Examples
        --------
        >>> x = tt.zeros((2, 3))
        >>> x.copy_(tt.tensor([1, 2, 3]))       # broadcast along the rows, int to float
        tensor([[1., 2., 3.],
                [1., 2., 3.]])
        >>> x.copy_(tt.tensor([1, 2]))
        Traceback (most recent call last):
            ...
        ValueError: operands could not be broadcast together with shapes (2,3) (2,)
        """
        _check_inplace(self, src)
        _copy_into(self, src)
        _bump_version(self)
        return self

    # -- conversion --
    def astype(self, dtype, copy=True):
        """A copy converted to `dtype` (or self when it already has it and ``copy=False``).

        ::

            out[i] = dtype(self[i])     # floats to integers truncate toward zero, to bool: != 0

        Parameters
        ----------
        dtype : dtype or str or type
            The target: a tt dtype, a NumPy-style name (``"float32"``, ``"f4"``), a Python type
            (``float`` is float64, ``int`` int64) or a NumPy dtype.
        copy : bool, default True
            False returns self unchanged when it has `dtype` already.

        Returns
        -------
        Tensor
            Self's shape with dtype `dtype`, C-contiguous (or self, see `copy`).

        Raises
        ------
        TypeError
            When `dtype` is not a dtype tinytensor knows (``"complex64"``, a big-endian ``">f4"``...).

        Notes
        -----
        Recorded in the graph when the result is a float dtype (the gradient is converted back); a
        cast of a tensor that requires grad to an integer or bool dtype gives a tensor outside the
        graph, as PyTorch's.

        See Also
        --------
        tinytensor.astype, Tensor.to

        Examples
        --------
        >>> x = tt.tensor([1.5, -2.7, 0.0])
        >>> x.astype(tt.int32)
        tensor([ 1, -2,  0], dtype=int32)
        >>> x.astype("bool")
        tensor([ True,  True, False])
        >>> x.astype(x.dtype, copy=False) is x
        True
        """
        cdef int dt = _dtype_num(dtype)
        if dt == self._dtype and not copy:
            return self
        cdef bint rec = _needs_grad(self) and _gate(OP_ASTYPE)
        out = _cast(self, dt)
        if rec:
            _record(OP_ASTYPE, out, (self,))
        return out

    def copy(self):
        """A C-contiguous copy of the tensor (NumPy's ``copy``, PyTorch's ``clone``).

        Returns
        -------
        Tensor
            New memory, self's shape and dtype, C-contiguous strides.

        Notes
        -----
        In the graph when self requires grad (the gradient passes through unchanged), as PyTorch's
        ``clone``.

        See Also
        --------
        Tensor.clone, Tensor.contiguous

        Examples
        --------
        >>> x = tt.arange(6).reshape(2, 3).T
        >>> x.strides, x.copy().strides
        ((8, 24), (16, 8))
        """
        cdef bint rec = _needs_grad(self) and _gate(OP_COPY)
        out = _contiguous_copy(self)
        if rec:
            _record(OP_COPY, out, (self,))
        return out

    def clone(self):
        """A C-contiguous copy (PyTorch's name for ``copy``).

        Returns
        -------
        Tensor
            New memory, self's shape and dtype; in the graph when self requires grad.

        See Also
        --------
        Tensor.copy

        Examples
        --------
        >>> w = tt.tensor([1.0, 2.0], requires_grad=True)
        >>> c = w.clone()
        >>> c, c.data_ptr == w.data_ptr
        (tensor([1., 2.], grad_fn=<CopyBackward0>), False)
        """
        return self.copy()

    def contiguous(self):
        """Self when it is C-contiguous, else a C-contiguous copy.

        Returns
        -------
        Tensor
            self, or a copy (in the graph when self requires grad).

        See Also
        --------
        Tensor.is_contiguous, Tensor.copy

        Examples
        --------
        >>> x = tt.arange(6).reshape(2, 3)
        >>> x.contiguous() is x
        True
        >>> x.T.contiguous().is_contiguous()
        True
        """
        return self if self._c_contig else self.copy()

    def to(self, *args, dtype=None, device=None, copy=False):
        r"""PyTorch's conversion: ``t.to(tt.float32)``, ``t.to("cpu")``, ``t.to(other)``,
        ``t.to(device=..., dtype=...)``; self when nothing changes (and `copy` is False).

        Parameters
        ----------
        \*args : dtype, str or Tensor
            Positional targets: a dtype (or dtype name), the device ``"cpu"`` / ``"cpu:0"``, or a
            tensor whose dtype to take.
        dtype : dtype, optional
            The target dtype; None keeps self's.
        device : str, optional
            ``"cpu"`` or ``"cpu:0"``, tinytensor's only device.
        copy : bool, default False
            True always returns new memory.

        Returns
        -------
        Tensor
            self, or a converted copy (``astype(dtype, copy=copy)``).

        Raises
        ------
        ValueError
            When the device (positional, e.g. ``t.to("cuda")``, or keyword) is not the CPU.
        TypeError
            When a positional string is neither a device nor a dtype name.

        See Also
        --------
        Tensor.astype

        Examples
        --------
        >>> x = tt.tensor([1.5, 2.5])
        >>> x.to(tt.float32)
        tensor([1.5, 2.5], dtype=float32)
        >>> x.to("cpu") is x
        True
        >>> x.to(tt.tensor([0], dtype=tt.int64))
        tensor([1, 2])
        """
        for a in args:
            if isinstance(a, Tensor):
                dtype = (<Tensor>a).dtype
            elif isinstance(a, str) and (a in ("cpu", "cpu:0") or a.split(":")[0] in _DEVICE_NAMES):
                device = a          # checked below: only the CPU exists
            else:
                dtype = a
        if device is not None and device not in ("cpu", "cpu:0"):
            raise ValueError(f"tinytensor only has the 'cpu' device, not {device!r}")
        if dtype is None:
            return self.copy() if copy else self
        return self.astype(dtype, copy=copy)

    def float(self):
        """A float32 copy (self when it is float32 already), as PyTorch's ``.float()``.

        Returns
        -------
        Tensor
            Self's shape, dtype float32.

        See Also
        --------
        Tensor.astype

        Examples
        --------
        >>> tt.tensor([1, 2]).float()
        tensor([1., 2.], dtype=float32)
        """
        return self.astype(float32, copy=False)

    def double(self):
        """A float64 copy (self when it is float64 already), as PyTorch's ``.double()``.

        Returns
        -------
        Tensor
            Self's shape, dtype float64.

        See Also
        --------
        Tensor.astype

        Examples
        --------
        >>> tt.tensor([1, 2], dtype=tt.int8).double()
        tensor([1., 2.])
        """
        return self.astype(float64, copy=False)

    def long(self):
        """An int64 copy (self when it is int64 already), as PyTorch's ``.long()``.

        Returns
        -------
        Tensor
            Self's shape, dtype int64 (floats truncate toward zero).

        See Also
        --------
        Tensor.astype

        Examples
        --------
        >>> tt.tensor([1.7, -1.7]).long()
        tensor([ 1, -1])
        """
        return self.astype(int64, copy=False)

    def int(self):
        """An int32 copy (self when it is int32 already), as PyTorch's ``.int()``.

        Returns
        -------
        Tensor
            Self's shape, dtype int32 (floats truncate toward zero).

        See Also
        --------
        Tensor.astype

        Examples
        --------
        >>> tt.tensor([1.7, -1.7]).int()
        tensor([ 1, -1], dtype=int32)
        """
        return self.astype(int32, copy=False)

    def bool(self):
        """A bool copy (self when it is bool already): True where an element is non-zero.

        Returns
        -------
        Tensor
            Self's shape, dtype bool (never requires grad).

        See Also
        --------
        Tensor.astype

        Examples
        --------
        >>> tt.tensor([0.0, 2.0, -0.5]).bool()
        tensor([False,  True,  True])
        """
        return self.astype(bool_, copy=False)

    def numel(self):
        """The number of elements (PyTorch's name for ``size``).

        Returns
        -------
        int
            The product of the shape (1 for a 0-d tensor).

        Examples
        --------
        >>> tt.zeros((2, 3)).numel()
        6
        >>> tt.tensor(5).numel()
        1
        """
        return self._size

    def dim(self):
        """The number of axes (PyTorch's name for ``ndim``).

        Returns
        -------
        int

        Examples
        --------
        >>> tt.zeros((2, 3)).dim()
        2
        >>> tt.tensor(5).dim()
        0
        """
        return self._ndim

    def numpy(self):
        """A NumPy array sharing this tensor's memory (through the buffer protocol, no copy).

        Returns
        -------
        numpy.ndarray
            Same shape, dtype and strides; writes to either show in the other. It is read-only when
            the tensor is (a broadcast view) or requires grad (writes would bypass autograd: use
            ``t.detach().numpy()``).

        Raises
        ------
        ImportError
            When NumPy is not installed (tinytensor itself does not need it).

        Examples
        --------
        >>> x = tt.tensor([[1.5, 2.5], [3.5, 4.5]])
        >>> a = x.numpy()
        >>> a
        array([[1.5, 2.5],
               [3.5, 4.5]])
        >>> a[0, 0] = 9.0
        >>> x
        tensor([[9. , 2.5],
                [3.5, 4.5]])
        """
        import numpy
        return numpy.asarray(self)

    def item(self, *args):
        r"""The element as a Python scalar: the only one, or the one at a flat index or an index tuple
        (NumPy's ``item``).

        Parameters
        ----------
        \*args : int or tuple of int
            None: self must have exactly one element. One int: a flat index in C order (negative
            counts from the end). Several ints, or one tuple: the index of the element.

        Returns
        -------
        bool, int or float
            The element as the Python type of the dtype (``self.dtype.type``).

        Raises
        ------
        ValueError
            When called without arguments on a tensor that does not have exactly one element.
        IndexError
            When an index is out of bounds, or there are more indices than axes.
        TypeError
            When an index is not an integer.

        See Also
        --------
        Tensor.tolist

        Examples
        --------
        >>> tt.tensor([7]).item()
        7
        >>> x = tt.tensor([[1.5, 2.5], [3.5, 4.5]])
        >>> x.item(3), x.item(-1), x.item(1, 0), x.item((0, 1))
        (4.5, 4.5, 3.5, 2.5)
        >>> x.item()
        Traceback (most recent call last):
            ...
        ValueError: can only convert an array of size 1 to a Python scalar
        """
        cdef Py_ssize_t flat, i, rem
        cdef char *p = self.data
        if not args:
            if self._size != 1:
                raise ValueError("can only convert an array of size 1 to a Python scalar")
            return _load_scalar(p, self._dtype)
        if len(args) == 1 and not isinstance(args[0], tuple):
            flat = operator.index(args[0])
            if flat < -self._size or flat >= self._size:
                raise IndexError(f"index {flat} is out of bounds for size {self._size}")
            if flat < 0:
                flat += self._size
            rem = flat
            for i in range(self._ndim - 1, -1, -1):
                p += (rem % self._shape[i]) * self._strides[i]
                rem //= self._shape[i]
            return _load_scalar(p, self._dtype)
        key = args[0] if len(args) == 1 else args
        return self[tuple(key)].item()

    def tolist(self):
        """The elements as nested Python lists of Python scalars (a scalar for a 0-d tensor).

        Returns
        -------
        list or bool or int or float
            ``ndim`` levels of lists, in C order whatever the strides; elements as in ``item``.

        Examples
        --------
        >>> x = tt.tensor([[1.5, 2.5], [3.5, 4.5]])
        >>> x.T.tolist()
        [[1.5, 3.5], [2.5, 4.5]]
        >>> tt.tensor(3).tolist()
        3
        """
        return _tolist(self.data, 0, self)

    def __len__(self):
        if self._ndim == 0:
            raise TypeError("len() of unsized object")
        return self._shape[0]

    def __iter__(self):
        if self._ndim == 0:     # raised by iter() itself, as NumPy does, not at the first next()
            raise TypeError("iteration over a 0-d array")
        return (self[i] for i in range(self._shape[0]))

    def __bool__(self):
        if self._size == 1:
            return bool(_load_scalar(self.data, self._dtype))
        if self._size == 0:
            raise ValueError("The truth value of an empty array is ambiguous. Use `array.size > 0` "
                             "to check that an array is not empty.")
        raise ValueError("The truth value of an array with more than one element is ambiguous. "
                         "Use a.any() or a.all()")

    def __float__(self):
        if self._size != 1:
            raise TypeError("only length-1 arrays can be converted to Python scalars")
        return float(_load_scalar(self.data, self._dtype))

    def __int__(self):
        if self._size != 1:
            raise TypeError("only length-1 arrays can be converted to Python scalars")
        return int(_load_scalar(self.data, self._dtype))

    def __complex__(self):
        if self._size != 1:
            raise TypeError("only length-1 arrays can be converted to Python scalars")
        return complex(_load_scalar(self.data, self._dtype))

    def __index__(self):
        if self._ndim != 0 or not _is_int(self._dtype):
            raise TypeError("only integer scalar arrays can be converted to a scalar index")
        return _load_scalar(self.data, self._dtype)

    def __repr__(self):
        from tinytensor._format import tensor_repr
        return tensor_repr(self)

    def __str__(self):
        from tinytensor._format import tensor_str
        return tensor_str(self)

    def __format__(self, spec):
        if self._ndim == 0:
            return format(self.item(), spec)
        return format(str(self), spec)

    # -- buffer protocol (PEP 3118): NumPy and memoryview share our memory --
    def __getbuffer__(self, Py_buffer *buffer, int flags):
        if (flags & PyBUF_WRITABLE) and self._readonly:
            raise BufferError("tensor is read-only")
        if (flags & PyBUF_WRITABLE) and self._requires_grad:
            raise BufferError("a tensor that requires grad is shared read-only (writes would bypass "
                              "autograd); use t.detach()")
        if (flags & PyBUF_C_CONTIGUOUS) == PyBUF_C_CONTIGUOUS and not self._c_contig:
            raise BufferError("tensor is not C-contiguous")
        if (flags & PyBUF_F_CONTIGUOUS) == PyBUF_F_CONTIGUOUS and not self._f_contig:
            raise BufferError("tensor is not Fortran-contiguous")
        if (flags & PyBUF_ANY_CONTIGUOUS) == PyBUF_ANY_CONTIGUOUS and not (self._c_contig or self._f_contig):
            raise BufferError("tensor is not contiguous")
        if (flags & PyBUF_STRIDES) != PyBUF_STRIDES and not self._c_contig:
            raise BufferError("tensor is not C-contiguous; the consumer must accept strides")
        buffer.buf = self.data
        buffer.obj = self
        buffer.len = self._size * self._itemsize
        buffer.readonly = self._readonly or self._requires_grad
        buffer.itemsize = self._itemsize
        buffer.format = <char *>_FORMAT_CSTRINGS[self._dtype] if (flags & PyBUF_FORMAT) else NULL
        buffer.ndim = self._ndim
        buffer.shape = self._shape if (flags & PyBUF_ND) == PyBUF_ND else NULL
        buffer.strides = self._strides if (flags & PyBUF_STRIDES) == PyBUF_STRIDES else NULL
        buffer.suboffsets = NULL
        buffer.internal = NULL

    def __releasebuffer__(self, Py_buffer *buffer):
        pass

    def __array__(self, dtype=None, copy=None):
        """NumPy's conversion protocol (NumPy 2 copy semantics): shares memory unless a copy is
        asked for or needed for a dtype change (which copy=False refuses)."""
        import numpy
        arr = numpy.asarray(memoryview(self)) if self._ndim else numpy.asarray(memoryview(self)).reshape(())
        if dtype is not None and numpy.dtype(dtype) != arr.dtype:
            if copy is False:
                raise ValueError("Unable to avoid a copy while converting the tensor to the requested dtype")
            return arr.astype(dtype)
        return arr.copy() if copy else arr

    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        """NumPy ufuncs and operators with a Tensor operand give Tensors (tinytensor/_numpy_interop.py)."""
        from tinytensor._numpy_interop import array_ufunc
        return array_ufunc(ufunc, method, inputs, kwargs)

    def __array_function__(self, func, types, args, kwargs):
        """Other NumPy functions run in NumPy on views of the tensors (tinytensor/_numpy_interop.py)."""
        from tinytensor._numpy_interop import array_function
        return array_function(func, types, args, kwargs)

    # -- shape manipulation (views) --
    def reshape(self, *shape, order="C"):
        r"""The same elements in a new shape: a view when the strides allow it, else a copy.

        The elements are read and written in C (row-major) order::

            flat = [self[i] for i in ndindex(self.shape)]
            out[j] = flat[ravel_multi_index(j, shape)]     # for j in ndindex(shape)

        Parameters
        ----------
        \*shape : int, or one tuple or list of int
            The new shape, as ``reshape(2, 3)`` or ``reshape((2, 3))``; one entry may be -1, inferred
            from the size. A 1-D integer tensor is taken as a shape too.
        order : {"C"}, default "C"
            Only C order is supported.

        Returns
        -------
        Tensor
            `shape`, self's dtype; a view sharing self's memory when the strides allow, else a copy.
            In the graph when self requires grad.

        Raises
        ------
        ValueError
            When the shape's size differs from self's, more than one entry is -1, or `order` is not
            ``"C"``.

        See Also
        --------
        tinytensor.reshape, Tensor.view

        Examples
        --------
        >>> x = tt.arange(6)
        >>> x.reshape(2, 3)
        tensor([[0, 1, 2],
                [3, 4, 5]])
        >>> x.reshape((3, -1)).shape
        (3, 2)
        >>> x.reshape(2, 3).T.reshape(6)         # not C-contiguous: a copy in C order
        tensor([0, 3, 1, 4, 2, 5])
        >>> x.reshape(4, 2)
        Traceback (most recent call last):
            ...
        ValueError: cannot reshape array of size 6 into shape (4,2)
        """
        if order != "C":
            raise ValueError("tinytensor reshapes in C order only")
        if len(shape) == 1 and not isinstance(shape[0], int) and not hasattr(shape[0], "__index__"):
            shape = tuple(shape[0])
        elif len(shape) == 1 and isinstance(shape[0], Tensor):
            shape = tuple(shape[0].tolist())
        return _reshape_op(self, shape)

    def view(self, *shape):
        r"""``reshape`` that must not copy (PyTorch's ``view``): always a view of self's memory.

        Parameters
        ----------
        \*shape : int, or one tuple or list of int
            The new shape, one entry may be -1. PyTorch's ``view(dtype)`` (reinterpreting the bytes)
            is not supported.

        Returns
        -------
        Tensor
            A view of `shape` sharing self's memory (in the graph when self requires grad).

        Raises
        ------
        RuntimeError
            When the strides do not allow a view (a copy would be needed: use ``reshape``).
        ValueError
            When the shape's size differs from self's.
        TypeError
            When given a dtype instead of a shape.

        See Also
        --------
        Tensor.reshape

        Examples
        --------
        >>> x = tt.arange(6).reshape(2, 3)
        >>> x.view(3, 2)
        tensor([[0, 1],
                [2, 3],
                [4, 5]])
        >>> x.T.view(6)
        Traceback (most recent call last):
            ...
        RuntimeError: view size is not compatible with input tensor's size and stride; use .reshape(...) instead
        """
        if len(shape) == 1 and isinstance(shape[0], (DType, str, type)):
            raise TypeError(f"view({shape[0]!r}): reinterpreting the bytes as another dtype is not "
                            "supported; astype converts the values")
        if len(shape) == 1 and not hasattr(shape[0], "__index__"):
            shape = tuple(shape[0])
        res = self.reshape(shape)
        if (<Tensor>res).data != self.data and self._size:
            raise RuntimeError("view size is not compatible with input tensor's size and stride; use .reshape(...) instead")
        return res

    def ravel(self):
        """The elements as a 1-D tensor in C order: a view when possible, else a copy.

        Returns
        -------
        Tensor
            Shape ``(self.size,)``, self's dtype (``reshape(-1)``).

        See Also
        --------
        Tensor.flatten, tinytensor.ravel

        Examples
        --------
        >>> x = tt.arange(6).reshape(2, 3)
        >>> x.ravel()
        tensor([0, 1, 2, 3, 4, 5])
        >>> x.T.ravel()
        tensor([0, 3, 1, 4, 2, 5])
        """
        return self.reshape(-1)

    def flatten(self, start_dim=0, end_dim=-1):
        """Axes `start_dim` to `end_dim` merged into one (all of them by default: a 1-D tensor).

        Always a copy, as NumPy's ``flatten``; PyTorch's ``flatten(start_dim, end_dim)`` spelling is
        accepted::

            out.shape = shape[:start_dim] + (prod(shape[start_dim:end_dim + 1]),) + shape[end_dim + 1:]

        Parameters
        ----------
        start_dim : int, default 0
            The first axis to merge (negative counts from the end).
        end_dim : int, default -1
            The last axis to merge, included.

        Returns
        -------
        Tensor
            A C-contiguous copy of self's dtype (in the graph when self requires grad); a 0-d tensor
            gives shape ``(1,)``.

        Raises
        ------
        ValueError
            When `start_dim` comes after `end_dim`.
        AxisError
            When an axis is out of range.

        See Also
        --------
        Tensor.ravel

        Examples
        --------
        >>> x = tt.arange(6).reshape(2, 3)
        >>> x.flatten()
        tensor([0, 1, 2, 3, 4, 5])
        >>> tt.zeros((2, 3, 4)).flatten(1).shape
        (2, 12)
        >>> tt.zeros((2, 3, 4)).flatten(0, 1).shape
        (6, 4)
        """
        if self._ndim == 0:
            return self.reshape(1).copy()
        a = _normalize_axis(start_dim, self._ndim)
        b = _normalize_axis(end_dim, self._ndim)
        if a > b:
            raise ValueError("flatten() has invalid args: start_dim cannot come after end_dim")
        shape = self.shape
        n = 1
        for d in shape[a:b + 1]:
            n *= d
        return self.reshape(shape[:a] + (n,) + shape[b + 1:]).copy()

    def transpose(self, *axes):
        r"""The axes permuted (reversed when none are given): a view, as NumPy's ``transpose``.

        ::

            out[i0, ..., ik] = self[j]  where  j[axes[d]] = i_d       # out.shape[d] = shape[axes[d]]

        Unlike PyTorch's ``transpose(dim0, dim1)``, two axes of a 3-D or larger tensor are not a
        valid argument: swap two axes with ``swapaxes``.

        Parameters
        ----------
        \*axes : int, or one tuple or list of int, or None
            A permutation of ``range(ndim)`` (negative axes count from the end), as
            ``transpose(1, 0, 2)`` or ``transpose((1, 0, 2))``; none (or None) reverses the axes.

        Returns
        -------
        Tensor
            A view sharing self's memory, with the shape and strides permuted (in the graph when
            self requires grad).

        Raises
        ------
        ValueError
            When `axes` is not a permutation of all the axes (wrong length, repeated axis).
        AxisError
            When an axis is out of range.

        See Also
        --------
        tinytensor.permute_dims, Tensor.permute, Tensor.swapaxes

        Examples
        --------
        >>> x = tt.arange(24).reshape(2, 3, 4)
        >>> x.transpose().shape
        (4, 3, 2)
        >>> x.transpose(1, 0, 2).shape
        (3, 2, 4)
        >>> tt.tensor([[1, 2], [3, 4]]).transpose()
        tensor([[1, 3],
                [2, 4]])
        """
        if len(axes) == 1 and (axes[0] is None or isinstance(axes[0], (tuple, list))):
            axes = axes[0]
        return _permute_op(self, _check_perm(self, axes if axes else None))

    def permute(self, *axes):
        r"""The axes in the given order: a view (PyTorch's name for ``transpose(axes)``).

        Parameters
        ----------
        \*axes : int, or one tuple or list of int
            A permutation of ``range(ndim)``: ``permute(2, 0, 1)`` or ``permute((2, 0, 1))``.

        Returns
        -------
        Tensor
            A view with ``out.shape[d] == self.shape[axes[d]]``.

        Raises
        ------
        ValueError
            When `axes` is not a permutation of all the axes.
        AxisError
            When an axis is out of range.

        See Also
        --------
        Tensor.transpose, tinytensor.permute_dims

        Examples
        --------
        >>> x = tt.zeros((2, 3, 4))
        >>> x.permute(2, 0, 1).shape
        (4, 2, 3)
        >>> x.permute(0, 1)
        Traceback (most recent call last):
            ...
        ValueError: axes don't match array
        """
        if len(axes) == 1 and isinstance(axes[0], (tuple, list)):
            axes = axes[0]
        return self.transpose(tuple(axes))

    def swapaxes(self, axis1, axis2):
        """Two axes exchanged: a view (PyTorch's ``transpose(dim0, dim1)``).

        Parameters
        ----------
        axis1, axis2 : int
            The two axes (negative counts from the end).

        Returns
        -------
        Tensor
            A view with the two axes' lengths and strides exchanged.

        Raises
        ------
        AxisError
            When an axis is out of range.

        See Also
        --------
        tinytensor.swapaxes, Tensor.transpose

        Examples
        --------
        >>> x = tt.zeros((2, 3, 4))
        >>> x.swapaxes(0, 2).shape
        (4, 3, 2)
        >>> tt.tensor([[1, 2, 3]]).swapaxes(0, -1)
        tensor([[1],
                [2],
                [3]])
        """
        a = _normalize_axis(axis1, self._ndim)
        b = _normalize_axis(axis2, self._ndim)
        perm = list(range(self._ndim))
        perm[a], perm[b] = perm[b], perm[a]
        return self.transpose(tuple(perm))

    def squeeze(self, axis=None):
        """A view without the given axes of length 1 (all of them when `axis` is None).

        Parameters
        ----------
        axis : int or tuple of int, optional
            The axes to remove; each must have length 1. None (the default) removes every axis of
            length 1.

        Returns
        -------
        Tensor
            A view of self's memory and dtype (in the graph when self requires grad).

        Raises
        ------
        ValueError
            When a selected axis does not have length 1.
        AxisError
            When an axis is out of range.

        See Also
        --------
        tinytensor.squeeze, Tensor.unsqueeze

        Examples
        --------
        >>> x = tt.zeros((2, 1, 3, 1))
        >>> x.squeeze().shape
        (2, 3)
        >>> x.squeeze(1).shape
        (2, 3, 1)
        >>> x.squeeze(0)
        Traceback (most recent call last):
            ...
        ValueError: cannot select an axis to squeeze out which has size not equal to one
        """
        return squeeze(self, axis)

    def unsqueeze(self, dim):
        """A view with a new axis of length 1 at position `dim` (PyTorch's name for ``expand_dims``).

        Parameters
        ----------
        dim : int or tuple of int
            The position of the new axis in the result (negative counts from the end of the
            result: -1 appends).

        Returns
        -------
        Tensor
            A view with ``ndim + 1`` axes (more for a tuple).

        Raises
        ------
        AxisError
            When `dim` is out of range for the result.

        See Also
        --------
        Tensor.expand_dims, Tensor.squeeze

        Examples
        --------
        >>> x = tt.tensor([1, 2, 3])
        >>> x.unsqueeze(0)
        tensor([[1, 2, 3]])
        >>> x.unsqueeze(-1).shape
        (3, 1)
        """
        return expand_dims(self, dim)

    def expand_dims(self, axis):
        """A view with new axes of length 1 at the given positions (of the result), as NumPy's.

        Parameters
        ----------
        axis : int or tuple of int
            The positions of the new axes in the result (negative counts from its end).

        Returns
        -------
        Tensor
            A view with ``ndim + len(axis)`` axes (in the graph when self requires grad).

        Raises
        ------
        AxisError
            When a position is out of range for the result.
        ValueError
            When a position is repeated.

        See Also
        --------
        tinytensor.expand_dims, Tensor.unsqueeze

        Examples
        --------
        >>> x = tt.zeros((2, 3))
        >>> x.expand_dims(0).shape
        (1, 2, 3)
        >>> x.expand_dims((0, 3)).shape
        (1, 2, 3, 1)
        """
        return expand_dims(self, axis)

    def broadcast_to(self, shape):
        """A read-only view of self repeated to `shape` without copying (stride 0 on new axes).

        Parameters
        ----------
        shape : int or tuple of int
            The target shape; self's shape must broadcast to it (NumPy's rules, aligned at the
            right).

        Returns
        -------
        Tensor
            A view of `shape` sharing self's memory; read-only where elements repeat.

        Raises
        ------
        ValueError
            When self's shape does not broadcast to `shape`, or `shape` has a negative entry.

        See Also
        --------
        tinytensor.broadcast_to

        Examples
        --------
        >>> tt.tensor([1, 2, 3]).broadcast_to((2, 3))
        tensor([[1, 2, 3],
                [1, 2, 3]])
        """
        return broadcast_to(self, shape)

    # -- indexing --
    def __getitem__(self, key):
        cdef bint rec = _needs_grad(self) and _gate(OP_GETITEM)
        out = _getitem(self, key)
        if rec:
            _record(OP_GETITEM, out, (self,), {"key": key})
        return out

    def __setitem__(self, key, value):
        _check_inplace(self, value)
        _setitem(self, key, value)          # _index.pxi

    # -- arithmetic: a + b goes through the gate (_binop, _gate.pxi) to _binary (_elementwise.pxi) --
    def __add__(self, other): return _operator(OP_ADD, self, other)
    def __radd__(self, other): return _operator(OP_ADD, other, self)
    def __sub__(self, other): return _operator(OP_SUBTRACT, self, other)
    def __rsub__(self, other): return _operator(OP_SUBTRACT, other, self)
    def __mul__(self, other): return _operator(OP_MULTIPLY, self, other)
    def __rmul__(self, other): return _operator(OP_MULTIPLY, other, self)
    def __truediv__(self, other): return _operator(OP_DIVIDE, self, other)
    def __rtruediv__(self, other): return _operator(OP_DIVIDE, other, self)
    def __floordiv__(self, other): return _operator(OP_FLOOR_DIVIDE, self, other)
    def __rfloordiv__(self, other): return _operator(OP_FLOOR_DIVIDE, other, self)
    def __mod__(self, other): return _operator(OP_REMAINDER, self, other)
    def __rmod__(self, other): return _operator(OP_REMAINDER, other, self)
    def __pow__(self, other, mod):
        if mod is not None:
            return NotImplemented
        return _operator(OP_POWER, self, other)

    def __rpow__(self, other, mod):
        if mod is not None:
            return NotImplemented
        return _operator(OP_POWER, other, self)

    def __matmul__(self, other): return NotImplemented if _operator_defers(other) else matmul(self, other)
    def __rmatmul__(self, other): return NotImplemented if _operator_defers(other) else matmul(other, self)
    def __neg__(self): return _unop(OP_NEGATIVE, self)
    def __pos__(self): return self
    def __abs__(self): return _unop(OP_ABS, self)
    def __invert__(self): return _unop(OP_BITWISE_INVERT, self)
    def __and__(self, other): return _operator(OP_BITWISE_AND, self, other)
    def __rand__(self, other): return _operator(OP_BITWISE_AND, other, self)
    def __or__(self, other): return _operator(OP_BITWISE_OR, self, other)
    def __ror__(self, other): return _operator(OP_BITWISE_OR, other, self)
    def __xor__(self, other): return _operator(OP_BITWISE_XOR, self, other)
    def __rxor__(self, other): return _operator(OP_BITWISE_XOR, other, self)
    def __lshift__(self, other): return _operator(OP_BITWISE_LEFT_SHIFT, self, other)
    def __rlshift__(self, other): return _operator(OP_BITWISE_LEFT_SHIFT, other, self)
    def __rshift__(self, other): return _operator(OP_BITWISE_RIGHT_SHIFT, self, other)
    def __rrshift__(self, other): return _operator(OP_BITWISE_RIGHT_SHIFT, other, self)

    # in place: a += b writes into a (never recorded; refused when it would hide a write from
    # the graph, see _check_inplace)
    def __iadd__(self, other): return _inplace(OP_ADD, self, other)
    def __isub__(self, other): return _inplace(OP_SUBTRACT, self, other)
    def __imul__(self, other): return _inplace(OP_MULTIPLY, self, other)
    def __itruediv__(self, other): return _inplace(OP_DIVIDE, self, other)
    def __ifloordiv__(self, other): return _inplace(OP_FLOOR_DIVIDE, self, other)
    def __imod__(self, other): return _inplace(OP_REMAINDER, self, other)
    def __ipow__(self, other): return _inplace(OP_POWER, self, other)
    def __iand__(self, other): return _inplace(OP_BITWISE_AND, self, other)
    def __ior__(self, other): return _inplace(OP_BITWISE_OR, self, other)
    def __ixor__(self, other): return _inplace(OP_BITWISE_XOR, self, other)
    def __ilshift__(self, other): return _inplace(OP_BITWISE_LEFT_SHIFT, self, other)
    def __irshift__(self, other): return _inplace(OP_BITWISE_RIGHT_SHIFT, self, other)

    def __eq__(self, other):
        if not isinstance(other, (Tensor, int, float, bool, list, tuple)) and not PyObject_CheckBuffer(other):
            return NotImplemented
        return _binary(OP_EQUAL, self, other)

    def __ne__(self, other):
        if not isinstance(other, (Tensor, int, float, bool, list, tuple)) and not PyObject_CheckBuffer(other):
            return NotImplemented
        return _binary(OP_NOT_EQUAL, self, other)

    def __lt__(self, other): return NotImplemented if _operator_defers(other) else _binary(OP_LESS, self, other)
    def __le__(self, other): return NotImplemented if _operator_defers(other) else _binary(OP_LESS_EQUAL, self, other)
    def __gt__(self, other): return NotImplemented if _operator_defers(other) else _binary(OP_GREATER, self, other)
    def __ge__(self, other): return NotImplemented if _operator_defers(other) else _binary(OP_GREATER_EQUAL, self, other)
    __hash__ = None

    # -- methods mirroring the module functions (PyTorch's dim=/keepdim= spellings too) --
    def sum(self, axis=None, keepdims=False, dtype=None, *, dim=None, keepdim=None):
        """The sum of the elements over `axis` (all of them by default), as ``tt.sum``.

        ::

            total = 0
            for v in self: total += v      # the C loop adds floats pairwise (a balanced tree)

        Parameters
        ----------
        axis : int or tuple of int, optional
            The axes to reduce (negative counts from the end); None (the default) reduces every
            element.
        keepdims : bool, default False
            Keep the reduced axes as axes of length 1, so that the result broadcasts against self.
        dtype : dtype, optional
            Convert self to this dtype first: the sum accumulates in it and the result has it.
        dim : int or tuple of int, optional
            PyTorch's name for `axis` (give one of them).
        keepdim : bool, optional
            PyTorch's name for `keepdims`; when given it takes precedence.

        Returns
        -------
        Tensor
            Self's shape without the reduced axes (kept as length 1 with `keepdims`); 0-d for a full reduction. Dtype: `dtype` when given, else int64 for bool and signed
            integers, uint64 for unsigned integers, self's dtype for floats (NumPy's rule).

        Raises
        ------
        AxisError
            When an axis is out of range.
        ValueError
            When an axis is repeated.
        TypeError
            When both `axis` and `dim` are given.

        Notes
        -----
        Differentiable (the gradient of every element is the incoming gradient). Floats are summed pairwise, so
        float32 sums stay accurate.

        See Also
        --------
        tinytensor.sum, Tensor.mean, Tensor.cumsum

        Examples
        --------
        >>> x = tt.tensor([[1, 2, 3], [4, 5, 6]])
        >>> x.sum()
        tensor(21)
        >>> x.sum(axis=0)
        tensor([5, 7, 9])
        >>> x.sum(dim=1, keepdim=True)
        tensor([[ 6],
                [15]])
        >>> x.sum(dtype=tt.float32)
        tensor(21., dtype=float32)
        """
        return sum(self, axis, dtype=dtype, keepdims=keepdims, dim=dim, keepdim=keepdim)

    def mean(self, axis=None, keepdims=False, *, dtype=None, dim=None, keepdim=None):
        """The arithmetic mean over `axis` (all elements by default), as ``tt.mean``.

        ::

            mean = sum(self over axis) / (number of elements reduced)

        Parameters
        ----------
        axis : int or tuple of int, optional
            The axes to reduce (negative counts from the end); None (the default) reduces every
            element.
        keepdims : bool, default False
            Keep the reduced axes as axes of length 1, so that the result broadcasts against self.
        dtype : dtype, optional
            A float dtype to convert self to first (so float32 data can average in float64).
        dim : int or tuple of int, optional
            PyTorch's name for `axis` (give one of them).
        keepdim : bool, optional
            PyTorch's name for `keepdims`; when given it takes precedence.

        Returns
        -------
        Tensor
            Self's shape without the reduced axes (kept as length 1 with `keepdims`); 0-d for a full reduction. Dtype: `dtype` when given, float64 for bool and integers
            (they average in float64), else self's dtype. An empty reduction gives NaN.

        Raises
        ------
        AxisError
            When an axis is out of range.
        ValueError
            When an axis is repeated.
        TypeError
            When both `axis` and `dim` are given.

        Notes
        -----
        Differentiable.

        See Also
        --------
        tinytensor.mean, Tensor.sum

        Examples
        --------
        >>> x = tt.tensor([[1, 2, 3], [4, 5, 6]])
        >>> x.mean()
        tensor(3.5)
        >>> x.mean(axis=1)
        tensor([2., 5.])
        >>> x.float().mean(dtype=tt.float64)
        tensor(3.5)
        """
        return mean(self, axis, keepdims=keepdims, dtype=dtype, dim=dim, keepdim=keepdim)

    def prod(self, axis=None, keepdims=False, dtype=None, *, dim=None, keepdim=None):
        """The product of the elements over `axis` (all of them by default), as ``tt.prod``.

        ::

            total = 1
            for v in self: total *= v

        Parameters
        ----------
        axis : int or tuple of int, optional
            The axes to reduce (negative counts from the end); None (the default) reduces every
            element.
        keepdims : bool, default False
            Keep the reduced axes as axes of length 1, so that the result broadcasts against self.
        dtype : dtype, optional
            Convert self to this dtype first: the product accumulates in it and the result has it.
        dim : int or tuple of int, optional
            PyTorch's name for `axis` (give one of them).
        keepdim : bool, optional
            PyTorch's name for `keepdims`; when given it takes precedence.

        Returns
        -------
        Tensor
            Self's shape without the reduced axes (kept as length 1 with `keepdims`); 0-d for a full reduction. Dtype as in ``sum``: `dtype`, else int64 for bool and
            signed integers, uint64 for unsigned ones, self's dtype for floats. Integer products
            wrap around on overflow, as NumPy's.

        Raises
        ------
        AxisError
            When an axis is out of range.
        ValueError
            When an axis is repeated.
        TypeError
            When both `axis` and `dim` are given.

        Notes
        -----
        Differentiable.

        See Also
        --------
        tinytensor.prod, Tensor.cumprod

        Examples
        --------
        >>> x = tt.tensor([[1, 2, 3], [4, 5, 6]])
        >>> x.prod()
        tensor(720)
        >>> x.prod(axis=1)
        tensor([  6, 120])
        """
        return prod(self, axis, dtype=dtype, keepdims=keepdims, dim=dim, keepdim=keepdim)

    def max(self, axis=None, keepdims=False, *, dim=None, keepdim=None):
        """The largest element over `axis` (all elements by default), as ``tt.max``; NaN propagates.

        ::

            best = first element
            for v in self: best = v if isnan(v) or v > best else best

        Parameters
        ----------
        axis : int or tuple of int, optional
            The axes to reduce (negative counts from the end); None (the default) reduces every
            element.
        keepdims : bool, default False
            Keep the reduced axes as axes of length 1, so that the result broadcasts against self.
        dim : int or tuple of int, optional
            PyTorch's name for `axis` (give one of them).
        keepdim : bool, optional
            PyTorch's name for `keepdims`; when given it takes precedence.

        Returns
        -------
        Tensor
            Self's shape without the reduced axes (kept as length 1 with `keepdims`); 0-d for a full reduction. Self's dtype.

        Raises
        ------
        ValueError
            When a reduction is over zero elements (a maximum has no identity), or an axis is
            repeated.
        AxisError
            When an axis is out of range.
        TypeError
            When both `axis` and `dim` are given.

        Notes
        -----
        Differentiable. Unlike PyTorch's ``max(dim)``, no indices are returned: use ``argmax``.

        See Also
        --------
        tinytensor.max, Tensor.argmax

        Examples
        --------
        >>> x = tt.tensor([[1, 5, 3], [4, 2, 6]])
        >>> x.max()
        tensor(6)
        >>> x.max(axis=0)
        tensor([4, 5, 6])
        >>> tt.tensor([1.0, float("nan"), 3.0]).max()
        tensor(nan)
        """
        return max(self, axis, keepdims=keepdims, dim=dim, keepdim=keepdim)

    def min(self, axis=None, keepdims=False, *, dim=None, keepdim=None):
        """The smallest element over `axis` (all elements by default), as ``tt.min``; NaN propagates.

        ::

            best = first element
            for v in self: best = v if isnan(v) or v < best else best

        Parameters
        ----------
        axis : int or tuple of int, optional
            The axes to reduce (negative counts from the end); None (the default) reduces every
            element.
        keepdims : bool, default False
            Keep the reduced axes as axes of length 1, so that the result broadcasts against self.
        dim : int or tuple of int, optional
            PyTorch's name for `axis` (give one of them).
        keepdim : bool, optional
            PyTorch's name for `keepdims`; when given it takes precedence.

        Returns
        -------
        Tensor
            Self's shape without the reduced axes (kept as length 1 with `keepdims`); 0-d for a full reduction. Self's dtype.

        Raises
        ------
        ValueError
            When a reduction is over zero elements (a minimum has no identity), or an axis is
            repeated.
        AxisError
            When an axis is out of range.
        TypeError
            When both `axis` and `dim` are given.

        Notes
        -----
        Differentiable. Unlike PyTorch's ``max(dim)``, no indices are returned: use ``argmin``.

        See Also
        --------
        tinytensor.min, Tensor.argmin

        Examples
        --------
        >>> x = tt.tensor([[1, 5, 3], [4, 2, 6]])
        >>> x.min()
        tensor(1)
        >>> x.min(axis=0)
        tensor([1, 2, 3])
        >>> tt.tensor([1.0, float("nan"), 3.0]).min()
        tensor(nan)
        """
        return min(self, axis, keepdims=keepdims, dim=dim, keepdim=keepdim)

    def argmax(self, axis=None, keepdims=False, *, dim=None, keepdim=None):
        """The index of the first maximum along `axis` (of the flattened tensor when `axis` is None), as ``tt.argmax``.

        ::

            out[r] = first i with self[r][i] == max(self[r])     # a NaN counts as the maximum

        Parameters
        ----------
        axis : int, optional
            The axis to search along; None (the default) searches the flattened tensor.
        keepdims : bool, default False
            Keep the reduced axes as axes of length 1, so that the result broadcasts against self.
        dim : int, optional
            PyTorch's name for `axis` (give one of them).
        keepdim : bool, optional
            PyTorch's name for `keepdims`; when given it takes precedence.

        Returns
        -------
        Tensor
            int64 indices: self's shape without `axis` (kept as length 1 with `keepdims`), 0-d
            for ``axis=None`` (a flat index in C order).

        Raises
        ------
        ValueError
            When the tensor (or the searched axis) is empty.
        AxisError
            When `axis` is out of range.
        TypeError
            When both `axis` and `dim` are given.

        Notes
        -----
        No gradient by nature (integer indices; never recorded).

        See Also
        --------
        tinytensor.argmax, Tensor.max

        Examples
        --------
        >>> x = tt.tensor([[1, 5, 3], [4, 2, 6]])
        >>> x.argmax()
        tensor(5)
        >>> x.argmax(axis=1)
        tensor([1, 2])
        >>> tt.tensor([1, 5, 2, 5]).argmax()
        tensor(1)
        """
        return argmax(self, axis, keepdims=keepdims, dim=dim, keepdim=keepdim)

    def argmin(self, axis=None, keepdims=False, *, dim=None, keepdim=None):
        """The index of the first minimum along `axis` (of the flattened tensor when `axis` is None), as ``tt.argmin``.

        ::

            out[r] = first i with self[r][i] == min(self[r])     # a NaN counts as the minimum

        Parameters
        ----------
        axis : int, optional
            The axis to search along; None (the default) searches the flattened tensor.
        keepdims : bool, default False
            Keep the reduced axes as axes of length 1, so that the result broadcasts against self.
        dim : int, optional
            PyTorch's name for `axis` (give one of them).
        keepdim : bool, optional
            PyTorch's name for `keepdims`; when given it takes precedence.

        Returns
        -------
        Tensor
            int64 indices: self's shape without `axis` (kept as length 1 with `keepdims`), 0-d
            for ``axis=None`` (a flat index in C order).

        Raises
        ------
        ValueError
            When the tensor (or the searched axis) is empty.
        AxisError
            When `axis` is out of range.
        TypeError
            When both `axis` and `dim` are given.

        Notes
        -----
        No gradient by nature (integer indices; never recorded).

        See Also
        --------
        tinytensor.argmin, Tensor.min

        Examples
        --------
        >>> x = tt.tensor([[1, 5, 3], [4, 2, 6]])
        >>> x.argmin()
        tensor(0)
        >>> x.argmin(axis=1)
        tensor([0, 1])
        >>> tt.tensor([1, 5, 2, 5]).argmin()
        tensor(0)
        """
        return argmin(self, axis, keepdims=keepdims, dim=dim, keepdim=keepdim)

    def var(self, axis=None, ddof=None, keepdims=False, *, correction=None, dim=None, keepdim=None):
        """The variance over `axis` (all elements by default), as ``tt.var``.

        ::

            var = sum((self - mean(self)) ** 2) / (n - correction)

        Parameters
        ----------
        axis : int or tuple of int, optional
            The axes to reduce (negative counts from the end); None (the default) reduces every
            element.
        ddof : int or float, optional
            NumPy's "delta degrees of freedom": the count is divided by ``n - ddof``. Default 0
            (the population variance); 1 gives the sample one.
        keepdims : bool, default False
            Keep the reduced axes as axes of length 1, so that the result broadcasts against self.
        correction : int or float, optional
            The array API's (and PyTorch's) name for `ddof`; give one of them.
        dim : int or tuple of int, optional
            PyTorch's name for `axis` (give one of them).
        keepdim : bool, optional
            PyTorch's name for `keepdims`; when given it takes precedence.

        Returns
        -------
        Tensor
            Self's shape without the reduced axes (kept as length 1 with `keepdims`); 0-d for a full reduction. Float64 for bool and integers, else self's dtype.

        Raises
        ------
        ValueError
            When both `ddof` and `correction` are given, or an axis is repeated.
        AxisError
            When an axis is out of range.
        TypeError
            When both `axis` and `dim` are given.

        Notes
        -----
        Differentiable: built from recorded ops (subtract, square, sum, divide).

        See Also
        --------
        tinytensor.var, Tensor.mean

        Examples
        --------
        >>> x = tt.tensor([1.0, 2.0, 4.0])
        >>> x.var()
        tensor(1.55555556)
        >>> x.var(ddof=1)
        tensor(2.33333333)
        >>> tt.tensor([[1, 2], [3, 5]]).var(axis=1)
        tensor([0.25, 1.  ])
        """
        return var(self, axis, ddof=ddof, keepdims=keepdims, correction=correction, dim=dim, keepdim=keepdim)

    def std(self, axis=None, ddof=None, keepdims=False, *, correction=None, dim=None, keepdim=None):
        """The standard deviation over `axis` (all elements by default), as ``tt.std``.

        ::

            var = sum((self - mean(self)) ** 2) / (n - correction)
            std = sqrt(var)

        Parameters
        ----------
        axis : int or tuple of int, optional
            The axes to reduce (negative counts from the end); None (the default) reduces every
            element.
        ddof : int or float, optional
            NumPy's "delta degrees of freedom": the count is divided by ``n - ddof``. Default 0
            (the population standard deviation); 1 gives the sample one.
        keepdims : bool, default False
            Keep the reduced axes as axes of length 1, so that the result broadcasts against self.
        correction : int or float, optional
            The array API's (and PyTorch's) name for `ddof`; give one of them.
        dim : int or tuple of int, optional
            PyTorch's name for `axis` (give one of them).
        keepdim : bool, optional
            PyTorch's name for `keepdims`; when given it takes precedence.

        Returns
        -------
        Tensor
            Self's shape without the reduced axes (kept as length 1 with `keepdims`); 0-d for a full reduction. Float64 for bool and integers, else self's dtype.

        Raises
        ------
        ValueError
            When both `ddof` and `correction` are given, or an axis is repeated.
        AxisError
            When an axis is out of range.
        TypeError
            When both `axis` and `dim` are given.

        Notes
        -----
        Differentiable: built from recorded ops (subtract, square, sum, divide, sqrt).

        See Also
        --------
        tinytensor.std, Tensor.mean

        Examples
        --------
        >>> x = tt.tensor([1.0, 2.0, 4.0])
        >>> x.std()
        tensor(1.24721913)
        >>> x.std(correction=1)
        tensor(1.52752523)
        """
        return std(self, axis, ddof=ddof, keepdims=keepdims, correction=correction, dim=dim, keepdim=keepdim)

    def any(self, axis=None, keepdims=False, *, dim=None, keepdim=None):
        """Whether some element over `axis` is true (non-zero; NaN counts as true), as ``tt.any``.

        ::

            out = False
            for v in self: out = out or v != 0

        Parameters
        ----------
        axis : int or tuple of int, optional
            The axes to reduce (negative counts from the end); None (the default) reduces every
            element.
        keepdims : bool, default False
            Keep the reduced axes as axes of length 1, so that the result broadcasts against self.
        dim : int or tuple of int, optional
            PyTorch's name for `axis` (give one of them).
        keepdim : bool, optional
            PyTorch's name for `keepdims`; when given it takes precedence.

        Returns
        -------
        Tensor
            bool: Self's shape without the reduced axes (kept as length 1 with `keepdims`); 0-d for a full reduction. An empty reduction gives False.

        Raises
        ------
        AxisError
            When an axis is out of range.
        ValueError
            When an axis is repeated.
        TypeError
            When both `axis` and `dim` are given.

        Notes
        -----
        No gradient by nature (a bool result; never recorded).

        See Also
        --------
        tinytensor.any

        Examples
        --------
        >>> b = tt.tensor([[True, False], [True, True]])
        >>> b.any()
        tensor(True)
        >>> b.any(axis=1)
        tensor([True, True])
        >>> tt.tensor([0, 2, 0]).any()
        tensor(True)
        """
        return any(self, axis, keepdims=keepdims, dim=dim, keepdim=keepdim)

    def all(self, axis=None, keepdims=False, *, dim=None, keepdim=None):
        """Whether every element over `axis` is true (non-zero; NaN counts as true), as ``tt.all``.

        ::

            out = True
            for v in self: out = out and v != 0

        Parameters
        ----------
        axis : int or tuple of int, optional
            The axes to reduce (negative counts from the end); None (the default) reduces every
            element.
        keepdims : bool, default False
            Keep the reduced axes as axes of length 1, so that the result broadcasts against self.
        dim : int or tuple of int, optional
            PyTorch's name for `axis` (give one of them).
        keepdim : bool, optional
            PyTorch's name for `keepdims`; when given it takes precedence.

        Returns
        -------
        Tensor
            bool: Self's shape without the reduced axes (kept as length 1 with `keepdims`); 0-d for a full reduction. An empty reduction gives True.

        Raises
        ------
        AxisError
            When an axis is out of range.
        ValueError
            When an axis is repeated.
        TypeError
            When both `axis` and `dim` are given.

        Notes
        -----
        No gradient by nature (a bool result; never recorded).

        See Also
        --------
        tinytensor.all

        Examples
        --------
        >>> b = tt.tensor([[True, False], [True, True]])
        >>> b.all()
        tensor(False)
        >>> b.all(axis=1)
        tensor([False,  True])
        >>> tt.tensor([0, 2, 0]).all()
        tensor(False)
        """
        return all(self, axis, keepdims=keepdims, dim=dim, keepdim=keepdim)

    def clip(self, min=None, max=None):
        """Self limited to ``[min, max]`` elementwise, as ``tt.clip`` (NumPy's and the array API's).

        ::

            for i in ndindex(out.shape):      # self and the bounds broadcast together
                out[i] = minimum(maximum(self[i], min[i]), max[i])

        Parameters
        ----------
        min : scalar or Tensor, optional
            The lower bound; None is no bound. A tensor bound broadcasts with self.
        max : scalar or Tensor, optional
            The upper bound; None is no bound.

        Returns
        -------
        Tensor
            The broadcast shape, self's dtype (promoted with tensor bounds); a copy of self when
            both bounds are None.

        Raises
        ------
        ValueError
            When a tensor bound does not broadcast with self.

        Notes
        -----
        NaN in self or in a bound gives NaN; where ``min > max`` the result is `max`, as NumPy and
        PyTorch. Differentiable: self gets the gradient where ``min <= self <= max``, tensor bounds
        where they are the result.

        See Also
        --------
        tinytensor.clip

        Examples
        --------
        >>> x = tt.tensor([[1, 2, 3], [4, 5, 6]])
        >>> x.clip(2, 5)
        tensor([[2, 2, 3],
                [4, 5, 5]])
        >>> x.clip(max=4)
        tensor([[1, 2, 3],
                [4, 4, 4]])
        """
        return clip(self, min, max)

    def dot(self, other):
        """NumPy's ``dot`` of self and `other`: scalars multiply, 1-D with 1-D is the inner product, 2-D
        with 2-D is the matrix product, and N-D sums over self's last axis and other's
        second-to-last.

        ::

            out = sum(self[k] * other[k] for k in range(n))        # both 1-D

        Parameters
        ----------
        other : Tensor, array_like or scalar
            The right operand.

        Returns
        -------
        Tensor
            The product; dtype: the two promoted.

        Raises
        ------
        ValueError
            When the summed axes have different lengths.

        Notes
        -----
        Differentiable.

        See Also
        --------
        tinytensor.dot, tinytensor.matmul

        Examples
        --------
        >>> tt.tensor([1.0, 2.0]).dot(tt.tensor([3.0, 4.0]))
        tensor(11.)
        >>> tt.tensor([[1, 2, 3], [4, 5, 6]]).dot(tt.tensor([1, 0, 1]))
        tensor([ 4, 10])
        """
        return dot(self, other)

    def diagonal(self, offset=0, axis1=0, axis2=1):
        """The `offset`-th diagonal of the matrices spanned by `axis1` and `axis2`: a read-only view,
        the diagonal as its last axis (NumPy's ``diagonal``).

        ::

            out[..., i] = self[..., i, i + offset]        # offset < 0: self[..., i - offset, i]

        Parameters
        ----------
        offset : int, default 0
            Above the main diagonal when positive, below when negative.
        axis1, axis2 : int, default 0 and 1
            The two axes of the matrices.

        Returns
        -------
        Tensor
            A read-only view; the other axes first, then the diagonal (in the graph when self
            requires grad).

        Raises
        ------
        ValueError
            When `axis1` and `axis2` are the same axis, or self has fewer than 2 axes.
        AxisError
            When an axis is out of range.

        See Also
        --------
        tinytensor.diagonal, Tensor.trace

        Examples
        --------
        >>> m = tt.arange(9).reshape(3, 3)
        >>> m.diagonal()
        tensor([0, 4, 8])
        >>> m.diagonal(offset=1)
        tensor([1, 5])
        """
        return diagonal(self, offset, axis1, axis2)

    def trace(self, offset=0, axis1=0, axis2=1, dtype=None):
        """The sum along a diagonal, as NumPy's ``trace``.

        ::

            out[...] = sum(self[..., i, i + offset] for i)      # over the axis1, axis2 matrices

        Parameters
        ----------
        offset : int, default 0
            The diagonal, as in ``diagonal``.
        axis1, axis2 : int, default 0 and 1
            The two axes of the matrices.
        dtype : dtype, optional
            The dtype to sum in (as ``sum``'s).

        Returns
        -------
        Tensor
            Self's shape without `axis1` and `axis2` (0-d for a matrix); dtype as ``sum``'s.

        Raises
        ------
        ValueError
            When self has fewer than 2 axes, or `axis1` and `axis2` are the same axis.

        Notes
        -----
        Differentiable (``sum`` of ``diagonal``).

        See Also
        --------
        tinytensor.trace, Tensor.diagonal

        Examples
        --------
        >>> m = tt.arange(9).reshape(3, 3)
        >>> m.trace()
        tensor(12)
        >>> m.trace(offset=-1, dtype=tt.float64)
        tensor(10.)
        """
        from tinytensor._composite import trace
        return trace(self, offset, axis1, axis2, dtype)

    def exp(self):
        """e raised to each element, as ``tt.exp``.

        ::

            out[i] = e ** self[i]

        Returns
        -------
        Tensor
            Self's shape; floats keep their dtype, integers and bool compute in
            the smallest float holding their values (8-bit: float16, 16-bit: float32, wider: float64).

        Notes
        -----
        Differentiable: the gradient is ``g * out``.

        See Also
        --------
        tinytensor.exp, Tensor.log

        Examples
        --------
        >>> tt.tensor([0.0, 1.0, 2.0]).exp()
        tensor([1.        , 2.71828183, 7.3890561 ])
        """
        return exp(self)

    def log(self):
        """The natural logarithm of each element, as ``tt.log``.

        ::

            out[i] = ln(self[i])     # ln(0) = -inf, ln(x < 0) = nan

        Returns
        -------
        Tensor
            Self's shape; floats keep their dtype, integers and bool compute in
            the smallest float holding their values (8-bit: float16, 16-bit: float32, wider: float64).

        Notes
        -----
        Differentiable: the gradient is ``g / self``.

        See Also
        --------
        tinytensor.log, Tensor.exp

        Examples
        --------
        >>> tt.tensor([1.0, 4.0, 0.0, -1.0]).log()
        tensor([0.        , 1.38629436,       -inf,        nan])
        """
        return log(self)

    def sqrt(self):
        """The square root of each element, as ``tt.sqrt``.

        ::

            out[i] = self[i] ** 0.5     # negative: nan

        Returns
        -------
        Tensor
            Self's shape; floats keep their dtype, integers and bool compute in
            the smallest float holding their values (8-bit: float16, 16-bit: float32, wider: float64).

        Notes
        -----
        Differentiable: the gradient is ``g / (2 * out)``.

        See Also
        --------
        tinytensor.sqrt, Tensor.square

        Examples
        --------
        >>> tt.tensor([0.0, 4.0, 2.0]).sqrt()
        tensor([0.        , 2.        , 1.41421356])
        >>> tt.tensor([1, 4], dtype=tt.int8).sqrt()
        tensor([1., 2.], dtype=float16)
        """
        return sqrt(self)

    def tanh(self):
        """The hyperbolic tangent of each element, as ``tt.tanh``.

        ::

            out[i] = tanh(self[i])      # in (-1, 1)

        Returns
        -------
        Tensor
            Self's shape; floats keep their dtype, integers and bool compute in
            the smallest float holding their values (8-bit: float16, 16-bit: float32, wider: float64).

        Notes
        -----
        Differentiable: the gradient is ``g * (1 - out ** 2)``.

        See Also
        --------
        tinytensor.tanh, Tensor.sigmoid

        Examples
        --------
        >>> tt.tensor([0.0, 1.0, -2.0]).tanh()
        tensor([ 0.        ,  0.76159416, -0.96402758])
        """
        return tanh(self)

    def sigmoid(self):
        """The logistic function of each element, as ``tt.sigmoid``.

        ::

            out[i] = 1 / (1 + exp(-self[i]))     # in (0, 1)

        Returns
        -------
        Tensor
            Self's shape; floats keep their dtype, integers and bool compute in
            the smallest float holding their values (8-bit: float16, 16-bit: float32, wider: float64).

        Notes
        -----
        Differentiable: the gradient is ``g * out * (1 - out)``.

        See Also
        --------
        tinytensor.sigmoid, Tensor.tanh

        Examples
        --------
        >>> tt.tensor([0.0, 1.0, 4.0]).sigmoid()
        tensor([0.5       , 0.73105858, 0.98201379])
        """
        return sigmoid(self)

    def relu(self):
        """The rectified linear unit of each element, as ``tt.relu``.

        ::

            out[i] = self[i] if self[i] > 0 else 0     # NaN stays NaN

        Returns
        -------
        Tensor
            Self's shape; self's dtype.

        Notes
        -----
        Differentiable: the gradient is g where self > 0, else 0.

        See Also
        --------
        tinytensor.relu

        Examples
        --------
        >>> tt.tensor([-1.0, 0.0, 2.0]).relu()
        tensor([0., 0., 2.])
        >>> tt.tensor([-1, 2]).relu()
        tensor([0, 2])
        """
        return relu(self)

    def abs(self):
        """The absolute value of each element, as ``tt.abs`` (``abs(x)`` too).

        ::

            out[i] = -self[i] if self[i] < 0 else self[i]

        Returns
        -------
        Tensor
            Self's shape; self's dtype (the most negative integer stays negative, as NumPy's).

        Notes
        -----
        Differentiable: the gradient is ``g * sign(self)`` (0 at 0).

        See Also
        --------
        tinytensor.abs

        Examples
        --------
        >>> tt.tensor([-2, 0, 3]).abs()
        tensor([2, 0, 3])
        >>> tt.tensor([-1.5, 2.0]).abs()
        tensor([1.5, 2. ])
        """
        return abs(self)

    def square(self):
        """Each element times itself, as ``tt.square``.

        ::

            out[i] = self[i] * self[i]

        Returns
        -------
        Tensor
            Self's shape; self's dtype (bool gives int8, as NumPy's).

        Notes
        -----
        Differentiable: the gradient is ``2 * g * self``.

        See Also
        --------
        tinytensor.square, Tensor.sqrt

        Examples
        --------
        >>> tt.tensor([-2, 0, 3]).square()
        tensor([4, 0, 9])
        >>> tt.tensor([1.5]).square()
        tensor([2.25])
        """
        return square(self)

    # ---- sorting and scans (_sort.pxi) ----
    def argsort(self, axis=-1, kind=None, order=None, *, descending=False, stable=None, dim=None):
        """The indices that sort self along `axis` (int64), as ``tt.argsort``: always a stable sort.

        ::

            out[r] = sorted(range(n), key=lambda i: self[r][i])   # stable: ties keep index order

        Parameters
        ----------
        axis : int or None, default -1
            The axis to sort along; None sorts the flattened tensor.
        kind : str, optional
            NumPy's sorting algorithm name: accepted and ignored (the sort is always stable).
        order : None
            NumPy's field order for structured arrays: must be None.
        descending : bool, default False
            Largest first (ties still in index order).
        stable : bool, optional
            The array API's flag: accepted and ignored (always stable).
        dim : int, optional
            PyTorch's name for `axis`; when given it is used.

        Returns
        -------
        Tensor
            int64 indices of self's shape (1-D for ``axis=None``).

        Raises
        ------
        ValueError
            When `order` is not None.
        AxisError
            When `axis` is out of range.

        Notes
        -----
        NaNs sort last (first when `descending`). No gradient by nature (integer indices).

        See Also
        --------
        tinytensor.argsort, tinytensor.sort

        Examples
        --------
        >>> x = tt.tensor([[3, 1, 2], [9, 7, 8]])
        >>> x.argsort()
        tensor([[1, 2, 0],
                [1, 2, 0]])
        >>> x.argsort(axis=0, descending=True)
        tensor([[1, 1, 1],
                [0, 0, 0]])
        >>> x.argsort(axis=None)
        tensor([1, 2, 0, 4, 5, 3])
        """
        return argsort(self, axis, kind, order, descending=descending, stable=stable, dim=dim)

    def cumsum(self, axis=None, dtype=None, *, dim=None):
        """The running sum along `axis` (of the flattened tensor when `axis` is None), as NumPy's
        ``np.cumsum``.

        ::

            acc = self[0]; out[0] = acc
            for i in range(1, n): acc = acc + self[i]; out[i] = acc      # along the axis

        Parameters
        ----------
        axis : int, optional
            The axis to scan; None (the default) scans the flattened tensor.
        dtype : dtype, optional
            Convert self to this dtype first: the scan accumulates in it and the result has it.
        dim : int, optional
            PyTorch's name for `axis`.

        Returns
        -------
        Tensor
            Self's shape (1-D of ``self.size`` for ``axis=None``); dtype `dtype`, else int64 for
            bool and signed integers, uint64 for unsigned ones, self's dtype for floats.

        Raises
        ------
        AxisError
            When `axis` is out of range.
        TypeError
            When `axis` is not an integer (a tuple, ...).

        Notes
        -----
        Differentiable.

        See Also
        --------
        tinytensor.cumsum, Tensor.sum

        Examples
        --------
        >>> x = tt.tensor([[3, 1, 2], [9, 7, 8]])
        >>> x.cumsum()
        tensor([ 3,  4,  6, 15, 22, 30])
        >>> x.cumsum(axis=1)
        tensor([[ 3,  4,  6],
                [ 9, 16, 24]])
        """
        return cumsum(self, axis, dtype, dim=dim)

    def cumprod(self, axis=None, dtype=None, *, dim=None):
        """The running product along `axis` (of the flattened tensor when `axis` is None), as NumPy's
        ``np.cumprod``.

        ::

            acc = self[0]; out[0] = acc
            for i in range(1, n): acc = acc * self[i]; out[i] = acc      # along the axis

        Parameters
        ----------
        axis : int, optional
            The axis to scan; None (the default) scans the flattened tensor.
        dtype : dtype, optional
            Convert self to this dtype first: the scan accumulates in it and the result has it.
        dim : int, optional
            PyTorch's name for `axis`.

        Returns
        -------
        Tensor
            Self's shape (1-D of ``self.size`` for ``axis=None``); dtype `dtype`, else int64 for
            bool and signed integers, uint64 for unsigned ones, self's dtype for floats.

        Raises
        ------
        AxisError
            When `axis` is out of range.
        TypeError
            When `axis` is not an integer (a tuple, ...).

        Notes
        -----
        Differentiable.

        See Also
        --------
        tinytensor.cumprod, Tensor.prod

        Examples
        --------
        >>> x = tt.tensor([[3, 1, 2], [9, 7, 8]])
        >>> x.cumprod()
        tensor([    3,     3,     6,    54,   378,  3024])
        >>> x.cumprod(axis=1)
        tensor([[  3,   3,   6],
                [  9,  63, 504]])
        """
        return cumprod(self, axis, dtype, dim=dim)

    def searchsorted(self, v, side="left", sorter=None):
        """Where the elements of `v` would be inserted into self (sorted, 1-D) to keep it sorted, as
        ``tt.searchsorted(self, v)``.

        ::

            out[i] = first j with self[j] >= v[i]      # side="left"
            out[i] = first j with self[j] >  v[i]      # side="right"

        Parameters
        ----------
        v : Tensor, array_like or scalar
            The values to place.
        side : {"left", "right"}, default "left"
            Which position to give for values equal to an element of self.
        sorter : Tensor, optional
            Indices that sort self (``self.argsort()``) when self is not sorted itself; each in
            ``[0, len(self))``.

        Returns
        -------
        Tensor
            int64 positions, `v`'s shape (0-d for a scalar).

        Raises
        ------
        ValueError
            When self is not 1-D, `side` is neither "left" nor "right", or `sorter` has an index out
            of range.

        Notes
        -----
        NaNs count as larger than every number, as in sort. No gradient by nature.

        See Also
        --------
        tinytensor.searchsorted

        Examples
        --------
        >>> s = tt.tensor([1, 3, 5, 7])
        >>> s.searchsorted(tt.tensor([0, 3, 8]))
        tensor([0, 1, 4])
        >>> s.searchsorted(3, side="right")
        tensor(2)
        """
        return searchsorted(self, v, side, sorter)

    @property
    def sort(self):
        """Not a method on purpose: NumPy's a.sort() sorts in place and returns None, PyTorch's
        x.sort() returns (values, indices); one spelling cannot be both."""
        raise AttributeError("Tensor has no sort method (NumPy's a.sort() sorts in place, "
                             "PyTorch's x.sort() returns (values, indices)); use tt.sort(x) for "
                             "a sorted copy and tt.argsort(x) for the indices")

    # -- copying and pickling --
    def __copy__(self):
        return self.copy()

    def __deepcopy__(self, memo):
        cdef Tensor c = _contiguous_copy(self)
        c._requires_grad = self._requires_grad
        if self.grad is not None:
            c.grad = _contiguous_copy(<Tensor>self.grad)
        return c

    def __reduce__(self):
        cdef Tensor c = self if self._c_contig else _contiguous_copy(self)
        return (_rebuild, (bytes(memoryview(c)), _DTYPE_NAMES[self._dtype], self.shape, self._requires_grad))

    def __reduce_ex__(self, protocol):
        """Protocol 5 (PEP 574) hands pickle the tensor's memory as a PickleBuffer instead of a
        bytes copy: with a buffer_callback (Dask, multiprocessing) it travels out-of-band and
        _rebuild_shared wraps the received buffer without copying. Protocols 0-4 use __reduce__."""
        if protocol < 5:
            return self.__reduce__()
        import pickle
        cdef Tensor c = self if self._c_contig else _contiguous_copy(self)   # the bytes to send
        # detach(): a tensor that requires grad exports a read-only buffer, and pickle would
        # make the received copy read-only too; the copy is as writable as the tensor itself
        return (_rebuild_shared, (pickle.PickleBuffer(c.detach()), _DTYPE_NAMES[self._dtype],
                                  self.shape, self._requires_grad))

    # -- DLPack and the array API --
    def __dlpack__(self, *, stream=None, max_version=None, dl_device=None, copy=None):
        return _to_dlpack(self, stream, max_version, dl_device, copy)

    def __dlpack_device__(self):
        return (1, 0)    # kDLCPU, device 0

    def __array_namespace__(self, *, api_version=None):
        if api_version is not None and api_version not in ("2021.12", "2022.12", "2023.12", "2024.12"):
            raise ValueError(f"tinytensor implements the array API up to 2024.12, not {api_version!r}")
        import tinytensor
        return tinytensor

    @property
    def device(self):
        return "cpu"

    def to_device(self, device, /, *, stream=None):
        """Self: ``"cpu"`` (or ``"cpu:0"``) is tinytensor's only device (the array API's
        ``to_device``).

        Parameters
        ----------
        device : str
            ``"cpu"`` or ``"cpu:0"``.
        stream : object, optional
            Accepted for the array API and ignored.

        Returns
        -------
        Tensor
            self.

        Raises
        ------
        ValueError
            When `device` is not the CPU.

        Examples
        --------
        >>> x = tt.tensor([1.0, 2.0])
        >>> x.to_device("cpu") is x
        True
        >>> x.to_device("cuda")
        Traceback (most recent call last):
            ...
        ValueError: tinytensor only has the 'cpu' device, not 'cuda'
        """
        if device not in ("cpu", "cpu:0"):
            raise ValueError(f"tinytensor only has the 'cpu' device, not {device!r}")
        return self


# the buffer-protocol format character of each dtype (the C strings live as long as the module)
cdef list _FORMAT_BYTES = [f.encode() for f in _DTYPE_FORMATS]
cdef char *_FORMAT_CSTRINGS[TT_NTYPES]
for _i in range(TT_NTYPES):
    _FORMAT_CSTRINGS[_i] = _FORMAT_BYTES[_i]
