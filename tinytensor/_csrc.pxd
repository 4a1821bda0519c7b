# Declarations of the C kernels in csrc/ (no Python there; see csrc/*.h for the contracts).
from libc.stdint cimport int64_t, uint16_t

cdef extern from "tt.h" nogil:
    enum: TT_MAXDIM
    enum: TT_ALIGN
    enum:
        TT_BOOL, TT_INT8, TT_UINT8, TT_INT16, TT_UINT16, TT_INT32, TT_UINT32, TT_INT64, TT_UINT64,
        TT_FLOAT16, TT_FLOAT32, TT_FLOAT64, TT_NTYPES
    enum:
        TT_OK, TT_ERR_NOMEM, TT_ERR_OVERFLOW, TT_ERR_VALUE, TT_ERR_UNSUPPORTED
    size_t tt_itemsize(int dtype)
    double tt_f16_to_double(uint16_t bits)
    uint16_t tt_double_to_f16(double v)
    void *tt_alloc(size_t nbytes, int zero)
    void tt_free(void *p)

cdef extern from "threads.h" nogil:
    enum: TT_MAX_THREADS
    int tt_get_num_threads()
    int tt_set_num_threads(int n)
    int tt_have_threads()
    int tt_pool_workers()

cdef extern from "cpu.h" nogil:
    void tt_cpu_init()
    int tt_cpu_level()
    int tt_cpu_detected()
    int tt_cpu_set_level(int level)
    const char *tt_cpu_level_name(int level)

cdef extern from "iter.h" nogil:
    enum: TT_MAXOP
    enum: TT_PARALLEL_THRESHOLD
    enum: TT_PARALLEL_THRESHOLD_HEAVY
    ctypedef void (*tt_inner_fn)(char **ptrs, const Py_ssize_t *strides, Py_ssize_t n, void *ctx) noexcept nogil
    ctypedef struct tt_iter:
        int nop
        int ndim
        Py_ssize_t size
    void tt_iter_prepare(tt_iter *it, int nop, int ndim, const Py_ssize_t *shape,
                         char **ptrs, const Py_ssize_t *strides, int key_op)
    void tt_iter_run(const tt_iter *it, tt_inner_fn fn, void *ctx, Py_ssize_t min_parallel)
    void tt_iter_run_reduce(const tt_iter *it, tt_inner_fn fn, tt_inner_fn combine, void *ctx, size_t itemsize)

cdef extern from "elementwise.h" nogil:
    # the op numbers (TT_ADD, ...) are declared in _optable.pxi, generated from the op table
    ctypedef struct tt_loop_ctx:
        int err
        double param[4]
    tt_inner_fn tt_binary_loop(int op, int dtype)
    tt_inner_fn tt_unary_loop(int op, int dtype)
    tt_inner_fn tt_cast_loop(int src, int dst)
    tt_inner_fn tt_where_loop(int itemsize)

cdef extern from "reduce.h" nogil:
    ctypedef struct tt_arg_ctx:
        Py_ssize_t len
        Py_ssize_t stride
    int tt_reduce_out_dtype(int op, int in_dtype)
    tt_inner_fn tt_reduce_loop(int op, int in_dtype)
    tt_inner_fn tt_argreduce_loop(int is_min, int dtype)
    int tt_argreduce_rows(int is_min, int dtype, const char *inp, Py_ssize_t m, Py_ssize_t n,
                          Py_ssize_t rs, Py_ssize_t cs, int64_t *out)

cdef extern from "gemm.h" nogil:
    int tt_gemm_f32(Py_ssize_t M, Py_ssize_t N, Py_ssize_t K,
                    const float *A, Py_ssize_t rsa, Py_ssize_t csa,
                    const float *B, Py_ssize_t rsb, Py_ssize_t csb,
                    float *C, Py_ssize_t rsc, Py_ssize_t csc,
                    const float *bias, Py_ssize_t bias_stride, int relu, int accumulate)
    int tt_gemm_f64(Py_ssize_t M, Py_ssize_t N, Py_ssize_t K,
                    const double *A, Py_ssize_t rsa, Py_ssize_t csa,
                    const double *B, Py_ssize_t rsb, Py_ssize_t csb,
                    double *C, Py_ssize_t rsc, Py_ssize_t csc,
                    const double *bias, Py_ssize_t bias_stride, int relu, int accumulate)

cdef extern from "products.h" nogil:
    int tt_matmul_int(int dtype, Py_ssize_t M, Py_ssize_t N, Py_ssize_t K,
                      const char *A, Py_ssize_t rsa, Py_ssize_t csa,
                      const char *B, Py_ssize_t rsb, Py_ssize_t csb,
                      char *C, Py_ssize_t rsc, Py_ssize_t csc)

cdef extern from "tt.h" nogil:
    int tt_mul_overflow(Py_ssize_t a, Py_ssize_t b, Py_ssize_t *out)

cdef extern from "fused.h" nogil:
    int tt_softmax_f32(const float *x, Py_ssize_t rsx, float *y, Py_ssize_t rsy, Py_ssize_t M, Py_ssize_t N, int take_log)
    int tt_softmax_f64(const double *x, Py_ssize_t rsx, double *y, Py_ssize_t rsy, Py_ssize_t M, Py_ssize_t N, int take_log)
    int tt_softmax_xent_f32(const float *x, Py_ssize_t rsx, const float *t, Py_ssize_t rst,
                            const int64_t *labels, Py_ssize_t M, Py_ssize_t N,
                            float *loss_rows, float *dlogits, Py_ssize_t rsd)
    int tt_softmax_xent_f64(const double *x, Py_ssize_t rsx, const double *t, Py_ssize_t rst,
                            const int64_t *labels, Py_ssize_t M, Py_ssize_t N,
                            double *loss_rows, double *dlogits, Py_ssize_t rsd)
    int tt_relu_backward_bias_f32(const float *dy, Py_ssize_t rsdy, const float *y, Py_ssize_t rsy,
                                  float *dx, Py_ssize_t rsdx, float *dbias, int accumulate,
                                  Py_ssize_t M, Py_ssize_t N)
    int tt_relu_backward_bias_f64(const double *dy, Py_ssize_t rsdy, const double *y, Py_ssize_t rsy,
                                  double *dx, Py_ssize_t rsdx, double *dbias, int accumulate,
                                  Py_ssize_t M, Py_ssize_t N)

cdef extern from "optim.h" nogil:
    void tt_sgd_f32(float *p, const float *g, float *v, Py_ssize_t n, float lr, float momentum, int nesterov)
    void tt_sgd_f64(double *p, const double *g, double *v, Py_ssize_t n, double lr, double momentum, int nesterov)
    void tt_rmsprop_f32(float *p, const float *g, float *v, Py_ssize_t n, float lr, float rho, float eps, int eps_inside)
    void tt_rmsprop_f64(double *p, const double *g, double *v, Py_ssize_t n, double lr, double rho, double eps, int eps_inside)
    void tt_adam_f32(float *p, const float *g, float *m, float *v, Py_ssize_t n, float lr_t, float b1, float b2, float eps_t)
    void tt_adam_f64(double *p, const double *g, double *m, double *v, Py_ssize_t n, double lr_t, double b1, double b2, double eps_t)

cdef extern from "index.h" nogil:
    Py_ssize_t tt_index_wrap(int64_t *idx, Py_ssize_t n, Py_ssize_t size)
    void tt_index_offsets(int nidx, const int64_t *const *idx, const Py_ssize_t *strides,
                          Py_ssize_t begin, Py_ssize_t end, Py_ssize_t *off)
    void tt_strided_offsets(int ndim, const Py_ssize_t *shape, const Py_ssize_t *strides,
                            Py_ssize_t begin, Py_ssize_t end, Py_ssize_t *off)
    void tt_copy_blocks(tt_inner_fn fn, int ndim, const Py_ssize_t *shape,
                        char *dst, const Py_ssize_t *dst_strides, const Py_ssize_t *dst_off,
                        char *src, const Py_ssize_t *src_strides, const Py_ssize_t *src_off,
                        Py_ssize_t begin, Py_ssize_t end)
    Py_ssize_t tt_count_nonzero(const unsigned char *p, Py_ssize_t n)
    void tt_nonzero_coords(const unsigned char *mask, int ndim, const Py_ssize_t *shape, int64_t **coords)

cdef extern from "create.h" nogil:
    void tt_arange_fill(int dtype, char *out, Py_ssize_t begin, Py_ssize_t end)
    void tt_linspace_fill(double *out, Py_ssize_t begin, Py_ssize_t end, double start, double step,
                          double delta, double div, int round_down)
    void tt_fill_strided(char *out, Py_ssize_t stride, Py_ssize_t begin, Py_ssize_t end,
                         const void *value, size_t itemsize)
    Py_ssize_t tt_labels_check(const int64_t *labels, Py_ssize_t begin, Py_ssize_t end, int64_t classes)
    void tt_one_hot_fill(char *out, Py_ssize_t row_stride, Py_ssize_t col_stride, const int64_t *labels,
                         Py_ssize_t begin, Py_ssize_t end, const void *one, size_t itemsize)
    ctypedef struct tt_loop_flag:
        int found
    void tt_copy_bytes_loop(char **ptrs, const Py_ssize_t *strides, Py_ssize_t n, void *ctx)
    void tt_bool_check_loop(char **ptrs, const Py_ssize_t *strides, Py_ssize_t n, void *ctx)

# ---- convolution and pooling (conv.h; strides in elements, xs = (n, c, h, w)) ----
cdef extern from "conv.h" nogil:
    ctypedef struct tt_conv_geom:
        Py_ssize_t N, C, H, W
        Py_ssize_t OH, OW
        Py_ssize_t KH, KW
        Py_ssize_t stride_h, stride_w
        Py_ssize_t pad_top, pad_left, pad_bottom, pad_right
        Py_ssize_t dil_h, dil_w
    void tt_im2col_rows_f32(const tt_conv_geom *g, const float *x, const Py_ssize_t *xs,
                            Py_ssize_t n0, Py_ssize_t n1, Py_ssize_t c0, Py_ssize_t cg, float *col)
    void tt_im2col_rows_f64(const tt_conv_geom *g, const double *x, const Py_ssize_t *xs,
                            Py_ssize_t n0, Py_ssize_t n1, Py_ssize_t c0, Py_ssize_t cg, double *col)
    void tt_col2im_rows_f32(const tt_conv_geom *g, const float *col, Py_ssize_t n0, Py_ssize_t n1,
                            Py_ssize_t c0, Py_ssize_t cg, float *dx, const Py_ssize_t *dxs)
    void tt_col2im_rows_f64(const tt_conv_geom *g, const double *col, Py_ssize_t n0, Py_ssize_t n1,
                            Py_ssize_t c0, Py_ssize_t cg, double *dx, const Py_ssize_t *dxs)
    void tt_im2col_cols_f32(const tt_conv_geom *g, const float *x, const Py_ssize_t *xs,
                            Py_ssize_t n0, Py_ssize_t n1, float *col)
    void tt_im2col_cols_f64(const tt_conv_geom *g, const double *x, const Py_ssize_t *xs,
                            Py_ssize_t n0, Py_ssize_t n1, double *col)
    void tt_col2im_cols_f32(const tt_conv_geom *g, const float *col, Py_ssize_t n0, Py_ssize_t n1,
                            float *dx, const Py_ssize_t *dxs)
    void tt_col2im_cols_f64(const tt_conv_geom *g, const double *col, Py_ssize_t n0, Py_ssize_t n1,
                            double *dx, const Py_ssize_t *dxs)
    void tt_conv_unpack_f32(const float *mat, Py_ssize_t OC, Py_ssize_t n0, Py_ssize_t n1, Py_ssize_t P,
                            const float *bias, Py_ssize_t bias_stride, int relu, float *out)
    void tt_conv_unpack_f64(const double *mat, Py_ssize_t OC, Py_ssize_t n0, Py_ssize_t n1, Py_ssize_t P,
                            const double *bias, Py_ssize_t bias_stride, int relu, double *out)
    void tt_conv_pack_f32(const float *d, const Py_ssize_t *ds, const float *out, Py_ssize_t OC, Py_ssize_t n0,
                          Py_ssize_t n1, Py_ssize_t OH, Py_ssize_t OW, float *mat, float *bias_grad)
    void tt_conv_pack_f64(const double *d, const Py_ssize_t *ds, const double *out, Py_ssize_t OC, Py_ssize_t n0,
                          Py_ssize_t n1, Py_ssize_t OH, Py_ssize_t OW, double *mat, double *bias_grad)
    int tt_conv_grad_rows_f32(const float *d, Py_ssize_t rs, Py_ssize_t cs, const float *out, Py_ssize_t rows,
                              Py_ssize_t cols, float *dst, float *bias_grad)
    int tt_conv_grad_rows_f64(const double *d, Py_ssize_t rs, Py_ssize_t cs, const double *out, Py_ssize_t rows,
                              Py_ssize_t cols, double *dst, double *bias_grad)
    void tt_max_pool_f32(const tt_conv_geom *g, const float *x, const Py_ssize_t *xs,
                         float *out, int64_t *indices, const Py_ssize_t *os)
    void tt_max_pool_f64(const tt_conv_geom *g, const double *x, const Py_ssize_t *xs,
                         double *out, int64_t *indices, const Py_ssize_t *os)
    void tt_avg_pool_f32(const tt_conv_geom *g, const float *x, const Py_ssize_t *xs,
                         float *out, const Py_ssize_t *os, int count_include_pad)
    void tt_avg_pool_f64(const tt_conv_geom *g, const double *x, const Py_ssize_t *xs,
                         double *out, const Py_ssize_t *os, int count_include_pad)
    void tt_max_pool_backward_f32(const tt_conv_geom *g, const float *x, const Py_ssize_t *xs,
                                  const float *out, const Py_ssize_t *os, const float *dout,
                                  const Py_ssize_t *ds, float *dx, const Py_ssize_t *dxs)
    void tt_max_pool_backward_f64(const tt_conv_geom *g, const double *x, const Py_ssize_t *xs,
                                  const double *out, const Py_ssize_t *os, const double *dout,
                                  const Py_ssize_t *ds, double *dx, const Py_ssize_t *dxs)
    void tt_avg_pool_backward_f32(const tt_conv_geom *g, const float *dout, const Py_ssize_t *ds,
                                  float *dx, const Py_ssize_t *dxs, int count_include_pad)
    void tt_avg_pool_backward_f64(const tt_conv_geom *g, const double *dout, const Py_ssize_t *ds,
                                  double *dx, const Py_ssize_t *dxs, int count_include_pad)
# ---- sorting and scans (csrc/sort.h, csrc/scan.h) ----
cdef extern from "sort.h" nogil:
    ctypedef struct tt_sort_job:
        pass
    tt_sort_job *tt_sort_job_new(int dtype, const char *src, char *dst, int64_t *idx,
                                 Py_ssize_t rows, Py_ssize_t n, int descending, int *err)
    int tt_sort_job_run(tt_sort_job *job, Py_ssize_t budget)
    void tt_sort_job_free(tt_sort_job *job)
    int tt_searchsorted(int dtype, const char *a, Py_ssize_t a_stride, Py_ssize_t n, const int64_t *sorter,
                        const char *v, Py_ssize_t m, int right, int64_t *out)
    Py_ssize_t tt_sorted_runs(int dtype, const char *sorted, Py_ssize_t n, int nan_equal, int64_t *starts)
    int tt_rows_equal(int dtype, const char *a, Py_ssize_t a_stride, const char *b, Py_ssize_t b_stride,
                      Py_ssize_t n, int nan_equal)
    void tt_gather_rows(size_t itemsize, const char *src, Py_ssize_t n_src, const int64_t *idx,
                        Py_ssize_t n_idx, Py_ssize_t rows, char *dst)
    Py_ssize_t tt_first_out_of_range(const int64_t *idx, Py_ssize_t n, Py_ssize_t bound)

cdef extern from "scan.h" nogil:
    ctypedef struct tt_scan_ctx:
        Py_ssize_t len
        Py_ssize_t out_stride
        Py_ssize_t in_stride
        int first
    tt_inner_fn tt_cumsum_loop(int dtype)
    tt_inner_fn tt_cumprod_loop(int dtype)
