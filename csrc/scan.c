/* Cumulative sums and products (see scan.h); the loop lives in scan_kernel.h, included once
 * per (dtype, operation) below. Integer sums and products wrap around, as NumPy's. */
#include <stdint.h>
#include "scan.h"

/* integer arithmetic in unsigned types: wrapping is defined there */
#define ADD(a, b) ((a) + (b))
#define MUL(a, b) ((a) * (b))
#define OR(a, b) ((uint8_t)((a) | (b)))
#define AND(a, b) ((uint8_t)((a) & (b)))
#define ADD_U8(a, b) ((uint8_t)((a) + (b)))
#define MUL_U8(a, b) ((uint8_t)((a) * (b)))
#define ADD_I32(a, b) ((int32_t)((uint32_t)(a) + (uint32_t)(b)))
#define MUL_I32(a, b) ((int32_t)((uint32_t)(a) * (uint32_t)(b)))
#define ADD_I64(a, b) ((int64_t)((uint64_t)(a) + (uint64_t)(b)))
#define MUL_I64(a, b) ((int64_t)((uint64_t)(a) * (uint64_t)(b)))

#define T uint8_t
#define SFX cumsum_bool
#define OP OR
#define IDENTITY 0
#include "scan_kernel.h"

#define T uint8_t
#define SFX cumprod_bool
#define OP AND
#define IDENTITY 1
#include "scan_kernel.h"

#define T uint8_t
#define SFX cumsum_u8
#define OP ADD_U8
#define IDENTITY 0
#include "scan_kernel.h"

#define T uint8_t
#define SFX cumprod_u8
#define OP MUL_U8
#define IDENTITY 1
#include "scan_kernel.h"

#define T int32_t
#define SFX cumsum_i32
#define OP ADD_I32
#define IDENTITY 0
#include "scan_kernel.h"

#define T int32_t
#define SFX cumprod_i32
#define OP MUL_I32
#define IDENTITY 1
#include "scan_kernel.h"

#define T int64_t
#define SFX cumsum_i64
#define OP ADD_I64
#define IDENTITY 0
#include "scan_kernel.h"

#define T int64_t
#define SFX cumprod_i64
#define OP MUL_I64
#define IDENTITY 1
#include "scan_kernel.h"

#define T float
#define SFX cumsum_f32
#define OP ADD
#define IDENTITY 0
#include "scan_kernel.h"

#define T float
#define SFX cumprod_f32
#define OP MUL
#define IDENTITY 1
#include "scan_kernel.h"

#define T double
#define SFX cumsum_f64
#define OP ADD
#define IDENTITY 0
#include "scan_kernel.h"

#define T double
#define SFX cumprod_f64
#define OP MUL
#define IDENTITY 1
#include "scan_kernel.h"

static const tt_inner_fn cumsum_loops[TT_NTYPES] = {
    [TT_BOOL] = scan_cumsum_bool, [TT_UINT8] = scan_cumsum_u8, [TT_INT32] = scan_cumsum_i32,
    [TT_INT64] = scan_cumsum_i64, [TT_FLOAT32] = scan_cumsum_f32, [TT_FLOAT64] = scan_cumsum_f64,
};
static const tt_inner_fn cumprod_loops[TT_NTYPES] = {
    [TT_BOOL] = scan_cumprod_bool, [TT_UINT8] = scan_cumprod_u8, [TT_INT32] = scan_cumprod_i32,
    [TT_INT64] = scan_cumprod_i64, [TT_FLOAT32] = scan_cumprod_f32, [TT_FLOAT64] = scan_cumprod_f64,
};

tt_inner_fn tt_cumsum_loop(int dtype)
{
    return (dtype >= 0 && dtype < TT_NTYPES) ? cumsum_loops[dtype] : NULL;
}

tt_inner_fn tt_cumprod_loop(int dtype)
{
    return (dtype >= 0 && dtype < TT_NTYPES) ? cumprod_loops[dtype] : NULL;
}
