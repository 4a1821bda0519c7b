# cython: language_level=3
"""tinytensor's compiled core: the Tensor type and the operations on it.

One module, split into files named for what they hold (included below, in this order):
  _optable.pxi      the op table (generated from _optable.py by tools/gen_optable.py)
  _dtype.pxi        dtypes and NumPy 2 type promotion
  _storage.pxi      memory blocks, shape/strides/offset, views, scalars in and out of memory
  _broadcast.pxi    the broadcasting rule and _execute (the door to the strided C iterator)
  _gate.pxi         grad mode and the recording gate every op passes (the op table: _optable.py)
  _tensor.pxi       class Tensor: attributes, operators and methods
  _elementwise.pxi  elementwise ops: promotion, casting, add ... sigmoid, where, clip
  _reduce.pxi       reductions: sum, prod, max, min, argmax, mean, var, ...
  _shape.pxi        reshape, transpose, expand_dims, squeeze (views)
  _create.pxi       tensor(), asarray(), zeros(), arange(), eye(), ...
  _index.pxi        basic (view) and advanced (gather/scatter) indexing
  _join.pxi         concatenate, stack, split, tile, pad, take, one_hot, ...
  _linalg.pxi       matmul, dot, linear: one GEMM call wrapper over csrc/gemm.c
  _fused.pxi        softmax, cross-entropy and the optimiser updates as single kernels
  _conv.pxi         conv2d, conv1d, max_pool2d, avg_pool2d: im2col + the GEMM, pooling loops
  _sort.pxi         sort, argsort, searchsorted, unique, cumulative sums/products, diff, quantiles
  _interop.pxi      the buffer protocol, DLPack both ways, pickle
  _config.pxi       threads and CPU level
  _funcs.pxi        diagonal (a strided view), linalg.vector_norm, repeat's gather index
This module knows nothing of autograd beyond the recording gate (_gate.pxi): when grad mode is on
and an input requires grad, an op hands its result to tinytensor.autograd to record.
"""
cimport cython
from cpython.buffer cimport (PyObject_GetBuffer, PyBuffer_Release, PyObject_CheckBuffer,
                             PyBUF_RECORDS_RO, PyBUF_WRITABLE, PyBUF_FORMAT, PyBUF_ND, PyBUF_STRIDES,
                             PyBUF_C_CONTIGUOUS, PyBUF_F_CONTIGUOUS, PyBUF_ANY_CONTIGUOUS)
from libc.string cimport memcpy, memset
from libc.stdint cimport int8_t, int16_t, int32_t, int64_t, uint8_t, uint16_t, uint32_t, uint64_t
from tinytensor._csrc cimport *
from cpython.pycapsule cimport PyCapsule_New, PyCapsule_IsValid, PyCapsule_GetPointer, PyCapsule_SetName
from cpython.ref cimport PyObject, Py_INCREF, Py_XDECREF
from cpython.exc cimport PyErr_Fetch, PyErr_Restore, PyErr_CheckSignals
from libc.stdlib cimport malloc, free

import builtins as _builtins
import operator

tt_cpu_init()


include "_optable.pxi"
include "_dtype.pxi"
include "_storage.pxi"
include "_broadcast.pxi"
include "_gate.pxi"
include "_tensor.pxi"
include "_elementwise.pxi"
include "_reduce.pxi"
include "_shape.pxi"
include "_create.pxi"
include "_index.pxi"
include "_join.pxi"
include "_linalg.pxi"
include "_fused.pxi"
include "_conv.pxi"
include "_sort.pxi"
include "_interop.pxi"
include "_config.pxi"
include "_funcs.pxi"
