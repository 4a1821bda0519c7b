# The Tensor's C-level layout, shared with other Cython modules of the package.

cdef class Tensor:
    cdef char *data                 # first element
    cdef void *_alloc               # the block this tensor owns, or NULL for a view
    cdef int _ndim
    cdef int _dtype                 # a csrc/tt.h dtype number
    cdef int _itemsize
    cdef Py_ssize_t _size
    cdef Py_ssize_t _shape[32]      # 32 == TT_MAXDIM (csrc/tt.h)
    cdef Py_ssize_t _strides[32]    # bytes
    cdef bint _c_contig
    cdef bint _f_contig
    cdef bint _readonly
    cdef bint _requires_grad
    cdef object _base               # the root tensor (or foreign buffer holder) keeping data alive
    cdef object _version_counter    # shared by a root and its views; created on demand
    cdef public object grad
    cdef public object grad_fn
    cdef object __weakref__
