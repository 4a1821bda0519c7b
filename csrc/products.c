/* Integer and bool matrix products (see products.h). */
#include <stdint.h>
#include <string.h>
#include "products.h"

#define DEFINE_IMATMUL(NAME, T, UT)                                                       \
static void NAME(tt_ssize M, tt_ssize N, tt_ssize K, const char *A, tt_ssize rsa,          \
                 tt_ssize csa, const char *B, tt_ssize rsb, tt_ssize csb, char *C,         \
                 tt_ssize rsc, tt_ssize csc)                                              \
{                                                                                         \
    for (tt_ssize i = 0; i < M; i++) {                                                    \
        for (tt_ssize j = 0; j < N; j++) *(T *)(C + i * rsc + j * csc) = 0;               \
        for (tt_ssize k = 0; k < K; k++) {                                                \
            UT a = (UT)*(const T *)(A + i * rsa + k * csa);                               \
            if (!a) continue;                                                             \
            for (tt_ssize j = 0; j < N; j++) {                                            \
                T *c = (T *)(C + i * rsc + j * csc);                                      \
                *c = (T)((UT)*c + a * (UT)*(const T *)(B + k * rsb + j * csb));           \
            }                                                                             \
        }                                                                                 \
    }                                                                                     \
}
DEFINE_IMATMUL(matmul_i8, int8_t, unsigned int)
DEFINE_IMATMUL(matmul_u8, uint8_t, unsigned int)
DEFINE_IMATMUL(matmul_i16, int16_t, unsigned int)
DEFINE_IMATMUL(matmul_u16, uint16_t, unsigned int)
DEFINE_IMATMUL(matmul_i32, int32_t, uint32_t)
DEFINE_IMATMUL(matmul_u32, uint32_t, uint32_t)
DEFINE_IMATMUL(matmul_i64, int64_t, uint64_t)
DEFINE_IMATMUL(matmul_u64, uint64_t, uint64_t)

static void matmul_bool(tt_ssize M, tt_ssize N, tt_ssize K, const char *A, tt_ssize rsa,
                        tt_ssize csa, const char *B, tt_ssize rsb, tt_ssize csb, char *C,
                        tt_ssize rsc, tt_ssize csc)
{
    for (tt_ssize i = 0; i < M; i++)
        for (tt_ssize j = 0; j < N; j++) {
            uint8_t acc = 0;
            for (tt_ssize k = 0; k < K && !acc; k++)
                acc = *(const uint8_t *)(A + i * rsa + k * csa) && *(const uint8_t *)(B + k * rsb + j * csb);
            *(uint8_t *)(C + i * rsc + j * csc) = acc;
        }
}

int tt_matmul_int(int dtype, tt_ssize M, tt_ssize N, tt_ssize K,
                  const char *A, tt_ssize rsa, tt_ssize csa,
                  const char *B, tt_ssize rsb, tt_ssize csb,
                  char *C, tt_ssize rsc, tt_ssize csc)
{
    switch (dtype) {
    case TT_BOOL: matmul_bool(M, N, K, A, rsa, csa, B, rsb, csb, C, rsc, csc); return TT_OK;
    case TT_INT8: matmul_i8(M, N, K, A, rsa, csa, B, rsb, csb, C, rsc, csc); return TT_OK;
    case TT_UINT8: matmul_u8(M, N, K, A, rsa, csa, B, rsb, csb, C, rsc, csc); return TT_OK;
    case TT_INT16: matmul_i16(M, N, K, A, rsa, csa, B, rsb, csb, C, rsc, csc); return TT_OK;
    case TT_UINT16: matmul_u16(M, N, K, A, rsa, csa, B, rsb, csb, C, rsc, csc); return TT_OK;
    case TT_INT32: matmul_i32(M, N, K, A, rsa, csa, B, rsb, csb, C, rsc, csc); return TT_OK;
    case TT_UINT32: matmul_u32(M, N, K, A, rsa, csa, B, rsb, csb, C, rsc, csc); return TT_OK;
    case TT_INT64: matmul_i64(M, N, K, A, rsa, csa, B, rsb, csb, C, rsc, csc); return TT_OK;
    case TT_UINT64: matmul_u64(M, N, K, A, rsa, csa, B, rsb, csb, C, rsc, csc); return TT_OK;
    default: return TT_ERR_UNSUPPORTED;
    }
}
