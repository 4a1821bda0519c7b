/* Elementwise loop tables: the lookups go to the kernel table of the CPU level in force
 * (dispatch.h), whose loops are elementwise_impl.h compiled for that level. */
#include "dispatch.h"
#include "elementwise.h"

tt_inner_fn tt_binary_loop(int op, int dtype) { return tt_kernels->binary_loop(op, dtype); }
tt_inner_fn tt_unary_loop(int op, int dtype) { return tt_kernels->unary_loop(op, dtype); }
tt_inner_fn tt_cast_loop(int from, int to) { return tt_kernels->cast_loop(from, to); }
tt_inner_fn tt_where_loop(int itemsize) { return tt_kernels->where_loop(itemsize); }
