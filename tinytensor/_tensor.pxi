# ---- the Tensor ------------------------------------------------------------------------------


cdef class Tensor:
    """An n-dimensional array of one dtype: a pointer into memory plus a shape and byte strides.

    Element [i, j] of a 2-D tensor lives at data + i*strides[0] + j*strides[1]; views (slices,
    transposes, broadcasts, most reshapes) share memory by changing only those numbers.
    Create tensors with tt.tensor, tt.asarray, tt.zeros, tt.arange, ...
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
        """The number of elements: an int (NumPy's t.size) that can also be called as PyTorch's
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
        return self._c_contig

    @property
    def T(self):
        """The transpose: the axes reversed (a view)."""
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
        self.requires_grad = requires_grad
        return self

    def detach(self):
        """A view of the same memory that is not part of any graph (the one way out of it)."""
        return _view(self, self._ndim, self._shape, self._strides, self.data)

    def backward(self, gradient=None, retain_graph=False):
        """Backpropagates from this tensor (see tinytensor.autograd)."""
        if _backward_hook is None:
            raise RuntimeError("tinytensor.autograd is not loaded")
        return _backward_hook(self, gradient, retain_graph)

    def zero_(self):
        """Sets every element to 0, in place."""
        _check_inplace(self, None)
        if self._c_contig:          # all-zero bytes are 0 in every dtype: one memset
            memset(self.data, 0, self._size * self._itemsize)
        else:
            _copy_into(self, 0)
        _bump_version(self)
        return self

    def fill_(self, value):
        """Sets every element to value, in place."""
        _check_inplace(self, value)
        _copy_into(self, value)
        _bump_version(self)
        return self

    def fill(self, value):
        """Sets every element to value (in place, as NumPy's fill)."""
        self.fill_(value)

    def copy_(self, src):
        """Copies src (broadcast, converted) into this tensor in place."""
        _check_inplace(self, src)
        _copy_into(self, src)
        _bump_version(self)
        return self

    # -- conversion --
    def astype(self, dtype, copy=True):
        """A copy converted to dtype (or self when it already has it and copy=False)."""
        cdef int dt = _dtype_num(dtype)
        if dt == self._dtype and not copy:
            return self
        cdef bint rec = _needs_grad(self) and _gate(OP_ASTYPE)
        out = _cast(self, dt)
        if rec:
            _record(OP_ASTYPE, out, (self,))
        return out

    def copy(self):
        """A C-contiguous copy; in the graph when self requires grad (PyTorch's clone)."""
        cdef bint rec = _needs_grad(self) and _gate(OP_COPY)
        out = _contiguous_copy(self)
        if rec:
            _record(OP_COPY, out, (self,))
        return out

    def clone(self):
        """A C-contiguous copy (PyTorch's name for copy)."""
        return self.copy()

    def contiguous(self):
        """self when C-contiguous, else a C-contiguous copy."""
        return self if self._c_contig else self.copy()

    def to(self, *args, dtype=None, device=None, copy=False):
        """PyTorch's conversion: t.to(tt.float32), t.to("cpu"), t.to(other), t.to(device=, dtype=).
        Returns self when nothing changes (and copy is False)."""
        for a in args:
            if isinstance(a, Tensor):
                dtype = (<Tensor>a).dtype
            elif isinstance(a, str) and a in ("cpu", "cpu:0"):
                device = a
            else:
                dtype = a
        if device is not None and device not in ("cpu", "cpu:0"):
            raise ValueError(f"tinytensor only has the 'cpu' device, not {device!r}")
        if dtype is None:
            return self.copy() if copy else self
        return self.astype(dtype, copy=copy)

    def float(self):
        """A float32 copy (self when it is float32 already), as PyTorch's .float()."""
        return self.astype(float32, copy=False)

    def double(self):
        """A float64 copy (self when it is float64 already)."""
        return self.astype(float64, copy=False)

    def long(self):
        """An int64 copy (self when it is int64 already)."""
        return self.astype(int64, copy=False)

    def int(self):
        """An int32 copy (self when it is int32 already)."""
        return self.astype(int32, copy=False)

    def bool(self):
        """A bool copy (self when it is bool already)."""
        return self.astype(bool_, copy=False)

    def numel(self):
        """The number of elements (PyTorch's name for size)."""
        return self._size

    def dim(self):
        """The number of dimensions (PyTorch's name for ndim)."""
        return self._ndim

    def numpy(self):
        """A NumPy array sharing this tensor's memory."""
        import numpy
        return numpy.asarray(self)

    def item(self, *args):
        """The element as a Python scalar (the only one, or the one at a flat index/index tuple)."""
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
        """Nested Python lists of Python scalars (a scalar for a 0-d tensor)."""
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
        """The same elements in a new shape: a view when the strides allow it, else a copy.
        One dimension may be -1 (inferred)."""
        if order != "C":
            raise ValueError("tinytensor reshapes in C order only")
        if len(shape) == 1 and not isinstance(shape[0], int) and not hasattr(shape[0], "__index__"):
            shape = tuple(shape[0])
        elif len(shape) == 1 and isinstance(shape[0], Tensor):
            shape = tuple(shape[0].tolist())
        return _reshape_op(self, shape)

    def view(self, *shape):
        """reshape that must not copy (PyTorch's view); t.view(dtype) is not supported."""
        if len(shape) == 1 and not hasattr(shape[0], "__index__"):
            shape = tuple(shape[0])
        res = self.reshape(shape)
        if (<Tensor>res).data != self.data and self._size:
            raise RuntimeError("view size is not compatible with input tensor's size and stride; use .reshape(...) instead")
        return res

    def ravel(self):
        """A 1-D view when possible, else a copy."""
        return self.reshape(-1)

    def flatten(self, start_dim=0, end_dim=-1):
        """Axes start_dim..end_dim merged into one (all: a 1-D tensor). Always a copy, as NumPy's
        flatten; PyTorch's flatten(start_dim, end_dim) spelling is accepted."""
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
        """The axes permuted (reversed when none are given): a view."""
        if len(axes) == 1 and (axes[0] is None or isinstance(axes[0], (tuple, list))):
            axes = axes[0]
        return _permute_op(self, _check_perm(self, axes if axes else None))

    def permute(self, *axes):
        if len(axes) == 1 and isinstance(axes[0], (tuple, list)):
            axes = axes[0]
        return self.transpose(tuple(axes))

    def swapaxes(self, axis1, axis2):
        a = _normalize_axis(axis1, self._ndim)
        b = _normalize_axis(axis2, self._ndim)
        perm = list(range(self._ndim))
        perm[a], perm[b] = perm[b], perm[a]
        return self.transpose(tuple(perm))

    def squeeze(self, axis=None):
        return squeeze(self, axis)

    def unsqueeze(self, dim):
        return expand_dims(self, dim)

    def expand_dims(self, axis):
        return expand_dims(self, axis)

    def broadcast_to(self, shape):
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
        return sum(self, axis, dtype=dtype, keepdims=keepdims, dim=dim, keepdim=keepdim)
    def mean(self, axis=None, keepdims=False, *, dtype=None, dim=None, keepdim=None):
        return mean(self, axis, keepdims=keepdims, dtype=dtype, dim=dim, keepdim=keepdim)
    def prod(self, axis=None, keepdims=False, dtype=None, *, dim=None, keepdim=None):
        return prod(self, axis, dtype=dtype, keepdims=keepdims, dim=dim, keepdim=keepdim)
    def max(self, axis=None, keepdims=False, *, dim=None, keepdim=None):
        return max(self, axis, keepdims=keepdims, dim=dim, keepdim=keepdim)
    def min(self, axis=None, keepdims=False, *, dim=None, keepdim=None):
        return min(self, axis, keepdims=keepdims, dim=dim, keepdim=keepdim)
    def argmax(self, axis=None, keepdims=False, *, dim=None, keepdim=None):
        return argmax(self, axis, keepdims=keepdims, dim=dim, keepdim=keepdim)
    def argmin(self, axis=None, keepdims=False, *, dim=None, keepdim=None):
        return argmin(self, axis, keepdims=keepdims, dim=dim, keepdim=keepdim)
    def var(self, axis=None, ddof=None, keepdims=False, *, correction=None, dim=None, keepdim=None):
        return var(self, axis, ddof=ddof, keepdims=keepdims, correction=correction, dim=dim, keepdim=keepdim)
    def std(self, axis=None, ddof=None, keepdims=False, *, correction=None, dim=None, keepdim=None):
        return std(self, axis, ddof=ddof, keepdims=keepdims, correction=correction, dim=dim, keepdim=keepdim)
    def any(self, axis=None, keepdims=False, *, dim=None, keepdim=None):
        return any(self, axis, keepdims=keepdims, dim=dim, keepdim=keepdim)
    def all(self, axis=None, keepdims=False, *, dim=None, keepdim=None):
        return all(self, axis, keepdims=keepdims, dim=dim, keepdim=keepdim)
    def clip(self, min=None, max=None): return clip(self, min, max)
    def dot(self, other): return dot(self, other)
    def diagonal(self, offset=0, axis1=0, axis2=1): return diagonal(self, offset, axis1, axis2)
    def trace(self, offset=0, axis1=0, axis2=1, dtype=None):
        from tinytensor._composite import trace
        return trace(self, offset, axis1, axis2, dtype)
    def exp(self): return exp(self)
    def log(self): return log(self)
    def sqrt(self): return sqrt(self)
    def tanh(self): return tanh(self)
    def sigmoid(self): return sigmoid(self)
    def relu(self): return relu(self)
    def abs(self): return abs(self)
    def square(self): return square(self)

    # ---- sorting and scans (_sort.pxi) ----
    def argsort(self, axis=-1, kind=None, order=None, *, descending=False, stable=None, dim=None):
        return argsort(self, axis, kind, order, descending=descending, stable=stable, dim=dim)
    def cumsum(self, axis=None, dtype=None, *, dim=None): return cumsum(self, axis, dtype, dim=dim)
    def cumprod(self, axis=None, dtype=None, *, dim=None): return cumprod(self, axis, dtype, dim=dim)
    def searchsorted(self, v, side="left", sorter=None): return searchsorted(self, v, side, sorter)

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
        """self: "cpu" ("cpu:0") is tinytensor's only device."""
        if device not in ("cpu", "cpu:0"):
            raise ValueError(f"tinytensor only has the 'cpu' device, not {device!r}")
        return self


# the buffer-protocol format character of each dtype (the C strings live as long as the module)
cdef list _FORMAT_BYTES = [f.encode() for f in _DTYPE_FORMATS]
cdef char *_FORMAT_CSTRINGS[TT_NTYPES]
for _i in range(TT_NTYPES):
    _FORMAT_CSTRINGS[_i] = _FORMAT_BYTES[_i]
