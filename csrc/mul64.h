/* The full 128-bit product of two 64-bit words (rng.c's PCG steps, vmath's Payne-Hanek
 * argument reduction). Uses unsigned __int128 where the compiler has it; TT_NO_INT128 forces
 * the portable 32-bit-limb version (tests build both). */
#ifndef TT_MUL64_H
#define TT_MUL64_H
#include <stdint.h>

static inline void tt_mul_64x64(uint64_t a, uint64_t b, uint64_t *hi, uint64_t *lo)
{
#if defined(__SIZEOF_INT128__) && !defined(TT_NO_INT128)
    __extension__ typedef unsigned __int128 u128;   /* __extension__: quiet under -pedantic */
    u128 p = (u128)a * b;
    *hi = (uint64_t)(p >> 64);
    *lo = (uint64_t)p;
#else
    /* Schoolbook on 32-bit limbs: a = a1*2^32 + a0, b = b1*2^32 + b0. */
    uint64_t a0 = a & 0xffffffffu, a1 = a >> 32, b0 = b & 0xffffffffu, b1 = b >> 32;
    uint64_t p00 = a0 * b0, p01 = a0 * b1, p10 = a1 * b0, p11 = a1 * b1;
    uint64_t mid = (p00 >> 32) + (p01 & 0xffffffffu) + (p10 & 0xffffffffu);
    *lo = (mid << 32) | (p00 & 0xffffffffu);
    *hi = p11 + (p01 >> 32) + (p10 >> 32) + (mid >> 32);
#endif
}

#endif
