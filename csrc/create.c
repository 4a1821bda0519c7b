/* Creation and import loops (see create.h). */
#include <math.h>
#include <string.h>
#include "create.h"

/* Integers fill in uint64 arithmetic: start + i*delta wraps modulo 2**64 (defined behaviour,
 * unlike signed overflow), and keeping the low bits is NumPy's wrap in the narrower dtype. */
static uint64_t arange_int(uint64_t start, uint64_t delta, tt_ssize i)
{
    return start + (uint64_t)i * delta;
}

void tt_arange_fill(int dtype, char *out, tt_ssize begin, tt_ssize end)
{
    tt_ssize i = begin > 2 ? begin : 2;
    switch (dtype) {
    /* integers: start and delta sign- or zero-extended to 64 bits, the sum wrapped back */
    case TT_INT8: {
        int8_t *o = (int8_t *)out;
        uint64_t start = (uint64_t)(int64_t)o[0], delta = (uint64_t)(int64_t)o[1] - start;
        for (; i < end; i++) o[i] = (int8_t)(uint8_t)arange_int(start, delta, i);
        break;
    }
    case TT_UINT8: {
        uint8_t *o = (uint8_t *)out;
        uint64_t start = o[0], delta = (uint64_t)o[1] - o[0];
        for (; i < end; i++) o[i] = (uint8_t)arange_int(start, delta, i);
        break;
    }
    case TT_INT16: {
        int16_t *o = (int16_t *)out;
        uint64_t start = (uint64_t)(int64_t)o[0], delta = (uint64_t)(int64_t)o[1] - start;
        for (; i < end; i++) o[i] = (int16_t)(uint16_t)arange_int(start, delta, i);
        break;
    }
    case TT_UINT16: {
        uint16_t *o = (uint16_t *)out;
        uint64_t start = o[0], delta = (uint64_t)o[1] - o[0];
        for (; i < end; i++) o[i] = (uint16_t)arange_int(start, delta, i);
        break;
    }
    case TT_INT32: {
        int32_t *o = (int32_t *)out;
        uint64_t start = (uint64_t)(int64_t)o[0], delta = (uint64_t)(int64_t)o[1] - start;
        for (; i < end; i++) o[i] = (int32_t)(uint32_t)arange_int(start, delta, i);
        break;
    }
    case TT_UINT32: {
        uint32_t *o = (uint32_t *)out;
        uint64_t start = o[0], delta = (uint64_t)o[1] - o[0];
        for (; i < end; i++) o[i] = (uint32_t)arange_int(start, delta, i);
        break;
    }
    case TT_INT64: {
        int64_t *o = (int64_t *)out;
        uint64_t start = (uint64_t)o[0], delta = (uint64_t)o[1] - start;
        for (; i < end; i++) o[i] = (int64_t)arange_int(start, delta, i);
        break;
    }
    case TT_UINT64: {
        uint64_t *o = (uint64_t *)out;
        uint64_t start = o[0], delta = o[1] - o[0];
        for (; i < end; i++) o[i] = arange_int(start, delta, i);
        break;
    }
    /* float16 as NumPy's HALF_fill: start and delta in float32, each value rounded once */
    case TT_FLOAT16: {
        uint16_t *o = (uint16_t *)out;
        float start = (float)tt_f16_to_double(o[0]);
        float delta = (float)tt_f16_to_double(o[1]) - start;
        for (; i < end; i++) o[i] = tt_double_to_f16((double)(start + (float)i * delta));
        break;
    }
    case TT_FLOAT32: {
        float *o = (float *)out;
        float start = o[0], delta = o[1] - o[0];
        for (; i < end; i++) o[i] = start + (float)i * delta;
        break;
    }
    case TT_FLOAT64: {
        double *o = (double *)out;
        double start = o[0], delta = o[1] - o[0];
        for (; i < end; i++) o[i] = start + (double)i * delta;
        break;
    }
    default:        /* bool: the caller fills at most two elements itself */
        break;
    }
}

void tt_linspace_fill(double *out, tt_ssize begin, tt_ssize end, double start, double step,
                      double delta, double div, int round_down)
{
    if (step != 0.0) {
        for (tt_ssize i = begin; i < end; i++) out[i] = (double)i * step + start;
    } else {
        for (tt_ssize i = begin; i < end; i++) out[i] = ((double)i / div) * delta + start;
    }
    if (round_down) {
        for (tt_ssize i = begin; i < end; i++) out[i] = floor(out[i]);
    }
}

void tt_fill_strided(char *out, tt_ssize stride, tt_ssize begin, tt_ssize end,
                     const void *value, size_t itemsize)
{
    for (tt_ssize i = begin; i < end; i++) memcpy(out + i * stride, value, itemsize);
}

tt_ssize tt_labels_check(const int64_t *labels, tt_ssize begin, tt_ssize end, int64_t classes)
{
    for (tt_ssize i = begin; i < end; i++)
        if (labels[i] < 0 || labels[i] >= classes) return i;
    return -1;
}

void tt_one_hot_fill(char *out, tt_ssize row_stride, tt_ssize col_stride, const int64_t *labels,
                     tt_ssize begin, tt_ssize end, const void *one, size_t itemsize)
{
    for (tt_ssize i = begin; i < end; i++)
        memcpy(out + i * row_stride + (tt_ssize)labels[i] * col_stride, one, itemsize);
}

void tt_copy_bytes_loop(char **ptrs, const tt_ssize *strides, tt_ssize n, void *ctx)
{
    size_t itemsize = *(const size_t *)ctx;
    char *o = ptrs[0];
    const char *a = ptrs[1];
    for (tt_ssize i = 0; i < n; i++, o += strides[0], a += strides[1]) memcpy(o, a, itemsize);
}

void tt_bool_check_loop(char **ptrs, const tt_ssize *strides, tt_ssize n, void *ctx)
{
    const uint8_t *a = (const uint8_t *)ptrs[0];
    uint8_t bad = 0;
    for (tt_ssize i = 0; i < n; i++, a += strides[0]) bad |= (uint8_t)(*a > 1);
    if (bad) ((tt_loop_flag *)ctx)->found = 1;
}
