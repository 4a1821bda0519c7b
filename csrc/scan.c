/* Cumulative sums and products (see scan.h); the loop lives in scan_kernel.h, included once
 * per (dtype, operation) below. Each step is computed in CT and rounded back to T:
 * integers in an unsigned type at least as wide as `unsigned int` (wrapping is defined there,
 * and NumPy's integer sums wrap), float16 in float rounded to half at every step (NumPy's
 * float16 accumulate does the same), bool as logic (sum: or, product: and). */
#include <stdint.h>
#include "scan.h"

#define T tt_bool
#define SFX cumsum_bool
#define OP(a, b) ((T)((a) | (b)))
#define IDENTITY 0
#include "scan_kernel.h"

#define T tt_bool
#define SFX cumprod_bool
#define OP(a, b) ((T)((a) & (b)))
#define IDENTITY 1
#include "scan_kernel.h"

#define T int8_t
#define CT unsigned int
#define SFX cumsum_i8
#define OP(a, b) ((T)((CT)(a) + (CT)(b)))
#define IDENTITY 0
#include "scan_kernel.h"

#define T int8_t
#define CT unsigned int
#define SFX cumprod_i8
#define OP(a, b) ((T)((CT)(a) * (CT)(b)))
#define IDENTITY 1
#include "scan_kernel.h"

#define T uint8_t
#define CT unsigned int
#define SFX cumsum_u8
#define OP(a, b) ((T)((CT)(a) + (CT)(b)))
#define IDENTITY 0
#include "scan_kernel.h"

#define T uint8_t
#define CT unsigned int
#define SFX cumprod_u8
#define OP(a, b) ((T)((CT)(a) * (CT)(b)))
#define IDENTITY 1
#include "scan_kernel.h"

#define T int16_t
#define CT unsigned int
#define SFX cumsum_i16
#define OP(a, b) ((T)((CT)(a) + (CT)(b)))
#define IDENTITY 0
#include "scan_kernel.h"

#define T int16_t
#define CT unsigned int
#define SFX cumprod_i16
#define OP(a, b) ((T)((CT)(a) * (CT)(b)))
#define IDENTITY 1
#include "scan_kernel.h"

#define T uint16_t
#define CT unsigned int
#define SFX cumsum_u16
#define OP(a, b) ((T)((CT)(a) + (CT)(b)))
#define IDENTITY 0
#include "scan_kernel.h"

#define T uint16_t
#define CT unsigned int
#define SFX cumprod_u16
#define OP(a, b) ((T)((CT)(a) * (CT)(b)))
#define IDENTITY 1
#include "scan_kernel.h"

#define T int32_t
#define CT uint32_t
#define SFX cumsum_i32
#define OP(a, b) ((T)((CT)(a) + (CT)(b)))
#define IDENTITY 0
#include "scan_kernel.h"

#define T int32_t
#define CT uint32_t
#define SFX cumprod_i32
#define OP(a, b) ((T)((CT)(a) * (CT)(b)))
#define IDENTITY 1
#include "scan_kernel.h"

#define T uint32_t
#define CT uint32_t
#define SFX cumsum_u32
#define OP(a, b) ((T)((CT)(a) + (CT)(b)))
#define IDENTITY 0
#include "scan_kernel.h"

#define T uint32_t
#define CT uint32_t
#define SFX cumprod_u32
#define OP(a, b) ((T)((CT)(a) * (CT)(b)))
#define IDENTITY 1
#include "scan_kernel.h"

#define T int64_t
#define CT uint64_t
#define SFX cumsum_i64
#define OP(a, b) ((T)((CT)(a) + (CT)(b)))
#define IDENTITY 0
#include "scan_kernel.h"

#define T int64_t
#define CT uint64_t
#define SFX cumprod_i64
#define OP(a, b) ((T)((CT)(a) * (CT)(b)))
#define IDENTITY 1
#include "scan_kernel.h"

#define T uint64_t
#define CT uint64_t
#define SFX cumsum_u64
#define OP(a, b) ((T)((CT)(a) + (CT)(b)))
#define IDENTITY 0
#include "scan_kernel.h"

#define T uint64_t
#define CT uint64_t
#define SFX cumprod_u64
#define OP(a, b) ((T)((CT)(a) * (CT)(b)))
#define IDENTITY 1
#include "scan_kernel.h"

#define T tt_f16
#define CT float
#define SFX cumsum_f16
#define OP(a, b) ((T)((CT)(a) + (CT)(b)))
#define IDENTITY 0
#include "scan_kernel.h"

#define T tt_f16
#define CT float
#define SFX cumprod_f16
#define OP(a, b) ((T)((CT)(a) * (CT)(b)))
#define IDENTITY 1
#include "scan_kernel.h"

#define T float
#define CT float
#define SFX cumsum_f32
#define OP(a, b) ((T)((CT)(a) + (CT)(b)))
#define IDENTITY 0
#include "scan_kernel.h"

#define T float
#define CT float
#define SFX cumprod_f32
#define OP(a, b) ((T)((CT)(a) * (CT)(b)))
#define IDENTITY 1
#include "scan_kernel.h"

#define T double
#define CT double
#define SFX cumsum_f64
#define OP(a, b) ((T)((CT)(a) + (CT)(b)))
#define IDENTITY 0
#include "scan_kernel.h"

#define T double
#define CT double
#define SFX cumprod_f64
#define OP(a, b) ((T)((CT)(a) * (CT)(b)))
#define IDENTITY 1
#include "scan_kernel.h"

static const tt_inner_fn cumsum_loops[TT_NTYPES] = {
    [TT_BOOL] = scan_cumsum_bool,
    [TT_INT8] = scan_cumsum_i8,
    [TT_UINT8] = scan_cumsum_u8,
    [TT_INT16] = scan_cumsum_i16,
    [TT_UINT16] = scan_cumsum_u16,
    [TT_INT32] = scan_cumsum_i32,
    [TT_UINT32] = scan_cumsum_u32,
    [TT_INT64] = scan_cumsum_i64,
    [TT_UINT64] = scan_cumsum_u64,
    [TT_FLOAT16] = scan_cumsum_f16,
    [TT_FLOAT32] = scan_cumsum_f32,
    [TT_FLOAT64] = scan_cumsum_f64,
};
static const tt_inner_fn cumprod_loops[TT_NTYPES] = {
    [TT_BOOL] = scan_cumprod_bool,
    [TT_INT8] = scan_cumprod_i8,
    [TT_UINT8] = scan_cumprod_u8,
    [TT_INT16] = scan_cumprod_i16,
    [TT_UINT16] = scan_cumprod_u16,
    [TT_INT32] = scan_cumprod_i32,
    [TT_UINT32] = scan_cumprod_u32,
    [TT_INT64] = scan_cumprod_i64,
    [TT_UINT64] = scan_cumprod_u64,
    [TT_FLOAT16] = scan_cumprod_f16,
    [TT_FLOAT32] = scan_cumprod_f32,
    [TT_FLOAT64] = scan_cumprod_f64,
};

tt_inner_fn tt_cumsum_loop(int dtype)
{
    return (dtype >= 0 && dtype < TT_NTYPES) ? cumsum_loops[dtype] : NULL;
}

tt_inner_fn tt_cumprod_loop(int dtype)
{
    return (dtype >= 0 && dtype < TT_NTYPES) ? cumprod_loops[dtype] : NULL;
}
