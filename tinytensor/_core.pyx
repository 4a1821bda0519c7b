# cython: language_level=3
"""tinytensor's compiled core: the Tensor type and the operations on it.

The files included below are one module split for reading:
  _dtype.pxi   dtypes and NumPy 2 type promotion
  _tensor.pxi  storage, views, the broadcasting rule, and _execute (the door to the C kernels)
  _create.pxi  tensor(), asarray(), zeros(), arange(), ...
  _ops.pxi     elementwise operations, reductions, matrix products
  _index.pxi   basic (view) and advanced (gather/scatter) indexing
  _fused.pxi   softmax, cross-entropy and the dense layer as single kernels
  _join.pxi    concatenate, stack, split, tile, pad, take, one_hot, ...
  _dlpack.pxi  DLPack export and import (the capsules NumPy and PyTorch exchange)
This module knows nothing of autograd beyond two hooks (set_autograd_hooks): when grad mode is
on and an input requires grad, a differentiable op hands its call to tinytensor.autograd.
"""
cimport cython
from cpython.buffer cimport (PyObject_GetBuffer, PyBuffer_Release, PyObject_CheckBuffer,
                             PyBUF_RECORDS_RO, PyBUF_WRITABLE, PyBUF_FORMAT, PyBUF_ND, PyBUF_STRIDES,
                             PyBUF_C_CONTIGUOUS, PyBUF_F_CONTIGUOUS, PyBUF_ANY_CONTIGUOUS)
from libc.string cimport memcpy, memset
from libc.stdint cimport int64_t, int32_t, uint8_t
from tinytensor._csrc cimport *

import builtins as _builtins
import operator

tt_cpu_init()

include "_dtype.pxi"
include "_tensor.pxi"
include "_create.pxi"
include "_ops.pxi"
include "_index.pxi"
include "_fused.pxi"
include "_join.pxi"
include "_dlpack.pxi"


# ---- autograd hooks ----------------------------------------------------------------------

cdef bint _grad_enabled = True
cdef object _dispatch_hook = None
cdef object _backward_hook = None


def set_autograd_hooks(dispatch, backward):
    """Installed by tinytensor.autograd: dispatch(name, args, kwargs) computes a differentiable
    op and records it; backward(tensor, gradient, retain_graph) runs the graph."""
    global _dispatch_hook, _backward_hook
    _dispatch_hook = dispatch
    _backward_hook = backward


def set_grad_enabled(bint flag):
    """Turns graph recording on or off; returns the previous setting."""
    global _grad_enabled
    prev = _grad_enabled
    _grad_enabled = flag
    return prev


def is_grad_enabled():
    return _grad_enabled


cdef inline bint _rg(object x) noexcept:
    return isinstance(x, Tensor) and (<Tensor>x)._requires_grad


cdef inline bint _track1(object a) noexcept:
    return _grad_enabled and _dispatch_hook is not None and _rg(a)


cdef inline bint _track2(object a, object b) noexcept:
    return _grad_enabled and _dispatch_hook is not None and (_rg(a) or _rg(b))


cdef bint _track_seq(object seq):
    if not (_grad_enabled and _dispatch_hook is not None):
        return False
    for x in seq:
        if _rg(x):
            return True
    return False


cdef object _binop(int op, str name, object a, object b):
    if _track2(a, b):
        return _dispatch_hook(name, (a, b), {})
    return _binary(op, a, b)


cdef object _unop(int op, str name, object x):
    if _track1(x):
        return _dispatch_hook(name, (x,), {})
    return _unary(op, x)


# ---- the Tensor ----------------------------------------------------------------------------

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
        return self._size

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

    def requires_grad_(self, requires_grad=True):
        self.requires_grad = requires_grad
        return self

    def detach(self):
        """A view of the same memory that is not part of any graph."""
        return _view(self, self._ndim, self._shape, self._strides, self.data)

    def backward(self, gradient=None, retain_graph=False):
        """Backpropagates from this tensor (see tinytensor.autograd)."""
        if _backward_hook is None:
            raise RuntimeError("tinytensor.autograd is not loaded")
        return _backward_hook(self, gradient, retain_graph)

    def zero_(self):
        _check_writeable(self)
        _copy_into(self, 0)
        _bump_version(self)
        return self

    def fill_(self, value):
        _check_writeable(self)
        _copy_into(self, value)
        _bump_version(self)
        return self

    def fill(self, value):
        """Sets every element to value (in place, as NumPy's fill)."""
        self.fill_(value)

    def copy_(self, src):
        """Copies src (broadcast, converted) into this tensor in place."""
        _check_writeable(self)
        _copy_into(self, src)
        _bump_version(self)
        return self

    # -- conversion --
    def astype(self, dtype, copy=True):
        """A copy converted to dtype (or self when it already has it and copy=False)."""
        cdef int dt = _dtype_num(dtype)
        if dt == self._dtype and not copy:
            return self
        if _track1(self):
            return _dispatch_hook("astype", (self, _DTYPES[dt]), {})
        return _cast(self, dt)

    def copy(self):
        """A C-contiguous copy (not part of any graph; use tt.tensor(x) semantics)."""
        cdef Tensor out = _empty(self._ndim, self._shape, self._dtype)
        cdef Operand ops[2]
        if self._c_contig:
            memcpy(out.data, self.data, self._size * self._itemsize)
        else:
            ops[0] = _operand(out)
            ops[1] = _operand(self)
            _execute(tt_cast_loop(self._dtype, self._dtype), NULL, self._ndim, self._shape, ops, 2, 0, True)
        return out

    def contiguous(self):
        """self when C-contiguous, else a C-contiguous copy."""
        if self._c_contig:
            return self
        if _track1(self):
            return self.astype(_DTYPES[self._dtype])       # a recorded copy
        return self.copy()

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
        buffer.readonly = self._readonly
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
        if _track1(self):
            return _dispatch_hook("reshape", (self, _resolve_shape(self, shape)), {})
        return _reshape(self, shape)

    def view(self, *shape):
        """reshape that must not copy (PyTorch's view)."""
        if len(shape) == 1 and not hasattr(shape[0], "__index__"):
            shape = tuple(shape[0])
        res = self.reshape(shape)
        if (<Tensor>res).data != self.data and self._size:
            raise RuntimeError("view size is not compatible with input tensor's size and stride; use .reshape(...) instead")
        return res

    def ravel(self):
        """A 1-D view when possible, else a copy."""
        return self.reshape(-1)

    def flatten(self):
        """A 1-D copy."""
        if _track1(self):
            return self.reshape(-1).astype(_DTYPES[self._dtype])    # recorded: a view, then a copy
        cdef Tensor out = self.copy()
        out._ndim = 1
        out._shape[0] = self._size
        out._strides[0] = self._itemsize
        return out

    def transpose(self, *axes):
        """The axes permuted (reversed when none are given): a view."""
        if len(axes) == 1 and (axes[0] is None or isinstance(axes[0], (tuple, list))):
            axes = axes[0]
        perm = _check_perm(self, axes if axes else None)
        if _track1(self):
            return _dispatch_hook("permute_dims", (self, perm), {})
        return _permute(self, perm)

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
        if _track1(self):
            return _dispatch_hook("getitem", (self, key), {})
        return _getitem(self, key)

    def __setitem__(self, key, value):
        cdef _Parsed p
        _check_writeable(self)
        p = _parse_key(self, key)
        if p.adv_index:
            _scatter(p, value)
        else:
            _copy_into(p.view, value)
        _bump_version(self)

    # -- arithmetic (a + b goes to _binary in _ops.pxi, then to csrc/elementwise.c) --
    def __add__(self, other): return _binop(TT_ADD, "add", self, other)
    def __radd__(self, other): return _binop(TT_ADD, "add", other, self)
    def __sub__(self, other): return _binop(TT_SUB, "subtract", self, other)
    def __rsub__(self, other): return _binop(TT_SUB, "subtract", other, self)
    def __mul__(self, other): return _binop(TT_MUL, "multiply", self, other)
    def __rmul__(self, other): return _binop(TT_MUL, "multiply", other, self)
    def __truediv__(self, other): return _binop(TT_DIV, "divide", self, other)
    def __rtruediv__(self, other): return _binop(TT_DIV, "divide", other, self)
    def __floordiv__(self, other): return _binary(TT_FLOORDIV, self, other)
    def __rfloordiv__(self, other): return _binary(TT_FLOORDIV, other, self)
    def __mod__(self, other): return _binary(TT_MOD, self, other)
    def __rmod__(self, other): return _binary(TT_MOD, other, self)
    def __pow__(self, other, mod):
        if mod is not None:
            return NotImplemented
        return _binop(TT_POW, "power", self, other)
    def __rpow__(self, other, mod):
        if mod is not None:
            return NotImplemented
        return _binop(TT_POW, "power", other, self)
    def __matmul__(self, other): return matmul(self, other)
    def __rmatmul__(self, other): return matmul(other, self)
    def __neg__(self): return _unop(TT_NEG, "negative", self)
    def __pos__(self): return self
    def __abs__(self): return _unop(TT_ABS, "abs", self)
    def __invert__(self):
        if self._dtype != TT_BOOL:
            raise TypeError("~ is supported for bool tensors only in tinytensor")
        return _unary(TT_LOGICAL_NOT, self)
    def __and__(self, other): return _logical(TT_LOGICAL_AND, self, other)
    def __rand__(self, other): return _logical(TT_LOGICAL_AND, other, self)
    def __or__(self, other): return _logical(TT_LOGICAL_OR, self, other)
    def __ror__(self, other): return _logical(TT_LOGICAL_OR, other, self)
    def __xor__(self, other): return _logical(TT_LOGICAL_XOR, self, other)
    def __rxor__(self, other): return _logical(TT_LOGICAL_XOR, other, self)

    def __iadd__(self, other): return _binary(TT_ADD, self, other, self)
    def __isub__(self, other): return _binary(TT_SUB, self, other, self)
    def __imul__(self, other): return _binary(TT_MUL, self, other, self)
    def __itruediv__(self, other): return _binary(TT_DIV, self, other, self)
    def __ifloordiv__(self, other): return _binary(TT_FLOORDIV, self, other, self)
    def __imod__(self, other): return _binary(TT_MOD, self, other, self)
    def __ipow__(self, other): return _binary(TT_POW, self, other, self)

    def __eq__(self, other):
        if not isinstance(other, (Tensor, int, float, bool, list, tuple)) and not PyObject_CheckBuffer(other):
            return NotImplemented
        return _binary(TT_EQ, self, other)
    def __ne__(self, other):
        if not isinstance(other, (Tensor, int, float, bool, list, tuple)) and not PyObject_CheckBuffer(other):
            return NotImplemented
        return _binary(TT_NE, self, other)
    def __lt__(self, other): return _binary(TT_LT, self, other)
    def __le__(self, other): return _binary(TT_LE, self, other)
    def __gt__(self, other): return _binary(TT_GT, self, other)
    def __ge__(self, other): return _binary(TT_GE, self, other)
    __hash__ = None

    # -- methods mirroring the module functions --
    def sum(self, axis=None, keepdims=False, dtype=None): return sum(self, axis, keepdims=keepdims, dtype=dtype)
    def mean(self, axis=None, keepdims=False): return mean(self, axis, keepdims=keepdims)
    def prod(self, axis=None, keepdims=False): return prod(self, axis, keepdims=keepdims)
    def max(self, axis=None, keepdims=False): return max(self, axis, keepdims=keepdims)
    def min(self, axis=None, keepdims=False): return min(self, axis, keepdims=keepdims)
    def argmax(self, axis=None, keepdims=False): return argmax(self, axis, keepdims=keepdims)
    def argmin(self, axis=None, keepdims=False): return argmin(self, axis, keepdims=keepdims)
    def var(self, axis=None, ddof=0, keepdims=False): return var(self, axis, ddof=ddof, keepdims=keepdims)
    def std(self, axis=None, ddof=0, keepdims=False): return std(self, axis, ddof=ddof, keepdims=keepdims)
    def any(self, axis=None, keepdims=False): return any(self, axis, keepdims=keepdims)
    def all(self, axis=None, keepdims=False): return all(self, axis, keepdims=keepdims)
    def clip(self, min=None, max=None): return clip(self, min, max)
    def dot(self, other): return dot(self, other)
    def exp(self): return exp(self)
    def log(self): return log(self)
    def sqrt(self): return sqrt(self)
    def tanh(self): return tanh(self)
    def sigmoid(self): return sigmoid(self)
    def relu(self): return relu(self)
    def abs(self): return abs(self)
    def square(self): return square(self)

    # -- copying and pickling --
    def __copy__(self):
        return self.copy()

    def __deepcopy__(self, memo):
        cdef Tensor c = self.copy()
        c._requires_grad = self._requires_grad
        if self.grad is not None:
            c.grad = (<Tensor>self.grad).copy()
        return c

    def __reduce__(self):
        cdef Tensor c = self if self._c_contig else self.copy()
        return (_rebuild, (bytes(memoryview(c)), _DTYPE_NAMES[self._dtype], self.shape, self._requires_grad))

    def __reduce_ex__(self, protocol):
        """Protocol 5 (PEP 574) hands pickle the tensor's memory as a PickleBuffer instead of a
        bytes copy: with a buffer_callback (Dask, multiprocessing) it travels out-of-band and
        _rebuild_shared wraps the received buffer without copying. Protocols 0-4 use __reduce__."""
        if protocol < 5:
            return self.__reduce__()
        import pickle
        cdef Tensor c = self if self._c_contig else self.copy()    # a view of the bytes to send
        return (_rebuild_shared, (pickle.PickleBuffer(c), _DTYPE_NAMES[self._dtype], self.shape,
                                  self._requires_grad))

    # -- DLPack and the array API --
    def __dlpack__(self, *, stream=None, max_version=None, dl_device=None, copy=None):
        from tinytensor._dlpack import to_dlpack
        return to_dlpack(self, stream=stream, max_version=max_version, dl_device=dl_device, copy=copy)

    def __dlpack_device__(self):
        return (1, 0)    # kDLCPU, device 0

    def __array_namespace__(self, *, api_version=None):
        if api_version is not None and api_version not in ("2021.12", "2022.12", "2023.12"):
            raise ValueError(f"tinytensor implements the array API up to 2023.12, not {api_version!r}")
        import tinytensor
        return tinytensor

    @property
    def device(self):
        return "cpu"

    def to_device(self, device, *, stream=None):
        if device != "cpu":
            raise ValueError(f"tinytensor only has the 'cpu' device, not {device!r}")
        return self


cdef char *_FORMAT_CSTRINGS[6]
_FORMAT_CSTRINGS[0] = "?"
_FORMAT_CSTRINGS[1] = "B"
_FORMAT_CSTRINGS[2] = "i"
_FORMAT_CSTRINGS[3] = "q"
_FORMAT_CSTRINGS[4] = "f"
_FORMAT_CSTRINGS[5] = "d"


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
    cdef Tensor t = tensor(bytearray(data), dtype=uint8)
    cdef Tensor out = empty(shape, dtype=dtype_name)
    if out.nbytes != len(data):
        raise ValueError("corrupt pickled tensor: byte count does not match its shape")
    memcpy(out.data, t.data, len(data))
    if requires_grad:
        out.requires_grad = True
    return out


cdef object _tolist(char *p, int axis, Tensor t):
    if axis == t._ndim:
        return _load_scalar(p, t._dtype)
    return [_tolist(p + i * t._strides[axis], axis + 1, t) for i in range(t._shape[axis])]


cdef object _logical(int op, object a, object b):
    """& | ^ on bool tensors (tinytensor has no bitwise integer operators)."""
    for v in (a, b):
        if isinstance(v, Tensor) and (<Tensor>v)._dtype != TT_BOOL:
            raise TypeError("& | ^ are supported for bool tensors only in tinytensor; "
                            "use tt.logical_and/or/xor")
    return _binary(op, a, b)


# ---- views ----------------------------------------------------------------------------------

cdef tuple _resolve_shape(Tensor t, object shape):
    """A reshape target with its -1 filled in, checked against t's size (NumPy's messages)."""
    cdef Py_ssize_t known = 1, d
    cdef int unknown = -1, i = 0
    dims = []
    for s in shape:
        d = operator.index(s)
        if d == -1:
            if unknown >= 0:
                raise ValueError("can only specify one unknown dimension")
            unknown = i
        elif d < 0:
            raise ValueError("negative dimensions not allowed")
        else:
            if tt_mul_overflow(known, d, &known):
                raise ValueError("array is too big; `arr.size * arr.dtype.itemsize` is larger than the maximum possible size.")
        dims.append(d)
        i += 1
    if len(dims) > TT_MAXDIM:
        raise ValueError(f"maximum supported dimension for a tensor is {TT_MAXDIM}, found {len(dims)}")
    if unknown >= 0:
        if known == 0 or t._size % known:
            raise ValueError(f"cannot reshape array of size {t._size} into shape {_shape_repr(dims)}")
        dims[unknown] = t._size // known
    elif known != t._size:
        raise ValueError(f"cannot reshape array of size {t._size} into shape {_shape_repr(dims)}")
    return tuple(dims)


cdef str _shape_repr(list dims):
    if len(dims) == 1:
        return f"({dims[0]},)"
    return "(" + ",".join([str(d) for d in dims]) + ")"


cdef Tensor _reshape(Tensor t, object shape):
    """A view with the new shape when t's strides allow it, else a reshaped copy. The view
    exists when each group of old axes that maps onto a group of new axes is contiguous
    within itself; the new strides are then products of the old ones."""
    cdef tuple dims = _resolve_shape(t, shape)
    cdef int nnew = len(dims), nold = 0, i, oi, oj, ni, nj
    cdef Py_ssize_t new_shape[TT_MAXDIM]
    cdef Py_ssize_t new_strides[TT_MAXDIM]
    cdef Py_ssize_t old_shape[TT_MAXDIM]
    cdef Py_ssize_t old_strides[TT_MAXDIM]
    cdef Py_ssize_t np_, op_
    cdef bint ok = True
    for i in range(nnew):
        new_shape[i] = dims[i]
    if t._c_contig or t._size == 0:
        for i in range(nnew - 1, -1, -1):
            new_strides[i] = t._itemsize if i == nnew - 1 else new_strides[i + 1] * (new_shape[i + 1] or 1)
        return _view(t, nnew, new_shape, new_strides, t.data)
    for i in range(t._ndim):
        if t._shape[i] != 1:
            old_shape[nold] = t._shape[i]
            old_strides[nold] = t._strides[i]
            nold += 1
    oi = 0
    ni = 0
    while ni < nnew and oi < nold:
        np_ = new_shape[ni]
        op_ = old_shape[oi]
        nj = ni + 1
        oj = oi + 1
        while np_ != op_:
            if np_ < op_:
                np_ *= new_shape[nj]
                nj += 1
            else:
                op_ *= old_shape[oj]
                oj += 1
        for i in range(oi, oj - 1):
            if old_strides[i] != old_shape[i + 1] * old_strides[i + 1]:
                ok = False
                break
        if not ok:
            break
        new_strides[nj - 1] = old_strides[oj - 1]
        for i in range(nj - 1, ni, -1):
            new_strides[i - 1] = new_strides[i] * new_shape[i]
        ni = nj
        oi = oj
    if ok:
        for i in range(ni, nnew):
            new_strides[i] = t._itemsize
        return _view(t, nnew, new_shape, new_strides, t.data)
    return _reshape(t.copy(), dims)


cdef tuple _check_perm(Tensor t, object axes):
    if axes is None:
        return tuple(range(t._ndim - 1, -1, -1))
    axes = tuple(axes)
    if len(axes) != t._ndim:
        raise ValueError("axes don't match array")
    perm = tuple([_normalize_axis(a, t._ndim) for a in axes])
    if len(set(perm)) != len(perm):
        raise ValueError("repeated axis in transpose")
    return perm


cdef Tensor _permute(Tensor t, tuple perm):
    cdef Py_ssize_t shape[TT_MAXDIM]
    cdef Py_ssize_t strides[TT_MAXDIM]
    cdef int i, a
    for i in range(t._ndim):
        a = perm[i]
        shape[i] = t._shape[a]
        strides[i] = t._strides[a]
    return _view(t, t._ndim, shape, strides, t.data)


cdef object _getitem(Tensor t, object key):
    cdef _Parsed p = _parse_key(t, key)
    if p.adv_index:
        return _gather(p)
    return p.view


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


def nonzero(x):
    """A tuple of int64 tensors, the coordinates of the non-zero elements (C order)."""
    cdef Tensor t = asarray(x)
    if t._ndim == 0:
        raise ValueError("Calling nonzero on 0d arrays is not allowed. Use np.atleast_1d(scalar).nonzero() instead.")
    if t._dtype != TT_BOOL:
        t = _cast(t, TT_BOOL)
    return tuple(_nonzero(t))


def sum(x, axis=None, dtype=None, keepdims=False):
    """Sum over `axis` (None: all). Floats are summed pairwise, so float32 sums stay accurate:

        total = 0
        for v in x: total += v      # what it computes; the C loop adds in a balanced tree
    """
    if _track1(x):
        return _dispatch_hook("sum", (x,), {"axis": axis, "keepdims": keepdims})
    res = _reduce(TT_RED_SUM, x, axis, keepdims)
    return res if dtype is None else res.astype(dtype)


def prod(x, axis=None, keepdims=False):
    """Product over `axis` (None: all)."""
    return _reduce(TT_RED_PROD, x, axis, keepdims)


def max(x, axis=None, keepdims=False):
    """Largest element over `axis`; NaN propagates."""
    if _track1(x):
        return _dispatch_hook("max", (x,), {"axis": axis, "keepdims": keepdims})
    return _reduce(TT_RED_MAX, x, axis, keepdims)
amax = max


def min(x, axis=None, keepdims=False):
    """Smallest element over `axis`; NaN propagates."""
    if _track1(x):
        return _dispatch_hook("min", (x,), {"axis": axis, "keepdims": keepdims})
    return _reduce(TT_RED_MIN, x, axis, keepdims)
amin = min


def any(x, axis=None, keepdims=False):
    return _reduce(TT_RED_ANY, x, axis, keepdims)


def all(x, axis=None, keepdims=False):
    return _reduce(TT_RED_ALL, x, axis, keepdims)


def argmax(x, axis=None, keepdims=False):
    """Index of the first maximum along axis (of the flattened tensor when axis is None)."""
    return _argreduce(False, x, axis, keepdims)


def argmin(x, axis=None, keepdims=False):
    """Index of the first minimum along axis (of the flattened tensor when axis is None)."""
    return _argreduce(True, x, axis, keepdims)


cdef Py_ssize_t _reduced_count(Tensor t, object axis) except -1:
    cdef Py_ssize_t n = 1
    for a in _normalize_axes(axis, t._ndim):
        n *= t._shape[a]
    return n


def mean(x, axis=None, keepdims=False):
    """sum / count over `axis`; integers average in float64."""
    if _track1(x):
        return _dispatch_hook("mean", (x,), {"axis": axis, "keepdims": keepdims})
    cdef Tensor t = asarray(x)
    cdef Py_ssize_t n = _reduced_count(t, axis)
    if not _is_float(t._dtype):
        t = _cast(t, TT_FLOAT64)    # accumulate in float64, as NumPy: an int64 sum could wrap
    s = _reduce(TT_RED_SUM, t, axis, keepdims)
    return _binary(TT_DIV, s, n if n else float("nan"))


def var(x, axis=None, ddof=0, keepdims=False):
    """mean((x - mean(x))**2) * n / (n - ddof), built from differentiable ops."""
    t = asarray(x) if not isinstance(x, Tensor) else x
    if not _is_float((<Tensor>t)._dtype):
        t = t.astype(float64)
    n = _reduced_count(t, axis)
    centred = t - mean(t, axis, keepdims=True)
    return sum(centred * centred, axis, keepdims=keepdims) / _builtins.max(n - ddof, 0)


def std(x, axis=None, ddof=0, keepdims=False):
    return sqrt(var(x, axis, ddof=ddof, keepdims=keepdims))




def reshape(x, shape):
    return asarray(x).reshape(shape)


def transpose(x, axes=None):
    return asarray(x).transpose(axes)


def permute_dims(x, axes):
    return asarray(x).transpose(tuple(axes))


def swapaxes(x, axis1, axis2):
    return asarray(x).swapaxes(axis1, axis2)


def ravel(x):
    return asarray(x).reshape(-1)


def expand_dims(x, axis):
    """A view with new axes of length 1 at the given positions (of the result)."""
    cdef Tensor t = asarray(x)
    axes = axis if isinstance(axis, (tuple, list)) else (axis,)
    nd = t._ndim + len(axes)
    pos = sorted([_normalize_axis(a, nd) for a in axes])
    if len(set(pos)) != len(pos):
        raise ValueError("repeated axis")
    if _track1(t):
        return _dispatch_hook("expand_dims", (t, axis), {})
    shape = list(t.shape)
    for p in pos:
        shape.insert(p, 1)
    return _reshape(t, tuple(shape))


def squeeze(x, axis=None):
    """A view without the given axes of length 1 (all of them when axis is None)."""
    cdef Tensor t = asarray(x)
    if axis is None:
        axes = [i for i in range(t._ndim) if t._shape[i] == 1]
    else:
        axes = _normalize_axes(axis, t._ndim)
        for a in axes:
            if t._shape[a] != 1:
                raise ValueError("cannot select an axis to squeeze out which has size not equal to one")
    if _track1(t):
        return _dispatch_hook("squeeze", (t, axis), {})
    return _reshape(t, tuple([t._shape[i] for i in range(t._ndim) if i not in axes]))


def broadcast_to(x, shape):
    """A read-only view of x repeated to `shape` without copying: stride 0 on new axes."""
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
    if _track1(t):
        return _dispatch_hook("broadcast_to", (t, tuple([cshape[i] for i in range(nd)])), {})
    cdef Tensor v = _view(t, nd, cshape, strides, t.data)
    if v._size > 1 and _builtins.any([strides[i] == 0 and cshape[i] > 1 for i in range(nd)]):
        v._readonly = True
    return v


def broadcast_shapes(*shapes):
    """The shape that the given shapes broadcast to."""
    return _broadcast_shape_tuples(shapes)


def _broadcast_shape_tuples(shapes):
    cdef Operand ops[TT_MAXOP]
    cdef Py_ssize_t store[TT_MAXOP][TT_MAXDIM]
    cdef Py_ssize_t out[TT_MAXDIM]
    cdef int nd, k, i
    result = ()
    for start in range(0, len(shapes), TT_MAXOP - 1):
        group = [result] + list(shapes[start:start + TT_MAXOP - 1])
        for k, s in enumerate(group):
            ops[k].ndim = _parse_shape(s, store[k])
            ops[k].shape = store[k]
        _broadcast_shapes(ops, len(group), &nd, out)
        result = tuple([out[i] for i in range(nd)])
    return result


def matmul(a, b):
    """Matrix product with NumPy's rules (1-D promotion, broadcast batch axes); see _matmul."""
    if _track2(a, b):
        return _dispatch_hook("matmul", (a, b), {})
    return _matmul(a, b)


def dot(a, b):
    """NumPy's dot (see _dot)."""
    if _track2(a, b):
        return _dispatch_hook("dot", (a, b), {})
    return _dot(a, b)


def outer(a, b):
    """out[i, j] = a[i] * b[j] for the flattened a and b."""
    a = asarray(a).reshape(-1)
    b = asarray(b).reshape(-1)
    return a.reshape((-1, 1)) * b.reshape((1, -1))


def vdot(a, b):
    return dot(asarray(a).reshape(-1), asarray(b).reshape(-1))


def inner(a, b):
    return dot(a, asarray(b).swapaxes(-1, -2) if asarray(b).ndim > 1 else b)


# ---- threads and CPU dispatch ----------------------------------------------------------

def set_num_threads(int n):
    """How many threads the kernels may use (default: OMP_NUM_THREADS, else all cores)."""
    if n < 1:
        raise ValueError("the number of threads must be at least 1")
    tt_set_num_threads(n)


def get_num_threads():
    return tt_get_num_threads()


def _cpu_level():
    return tt_cpu_level_name(tt_cpu_level()).decode()


def _cpu_detected():
    return tt_cpu_level_name(tt_cpu_detected()).decode()


def _set_cpu_level(name):
    levels = {"baseline": 0, "avx2": 1, "avx512": 2}
    if name not in levels:
        raise ValueError(f"unknown CPU level {name!r}; expected one of {sorted(levels)}")
    return tt_cpu_level_name(tt_cpu_set_level(levels[name])).decode()


def _have_openmp():
    return bool(tt_have_openmp())


def from_dlpack(x, *, device=None, copy=None):
    """A tensor sharing the memory of a DLPack producer (NumPy, PyTorch, ...)."""
    from tinytensor._dlpack import from_dlpack as _from
    return _from(x, device=device, copy=copy)
