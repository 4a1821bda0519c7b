/* Runtime CPU dispatch.
 *
 * The hot kernels are compiled three times in one build (baseline x86-64, x86-64-v3 =
 * AVX2+FMA, x86-64-v4 = AVX-512) with `#pragma GCC target`, never -march=native, and one
 * variant is chosen once, at import, from what the CPU supports (dispatch.h: the kernel
 * tables). On other architectures only the portable baseline is built. TINYTENSOR_CPU=baseline|avx2|avx512
 * forces a lower level (a higher one than the CPU has is refused and the detected one kept).
 */
#ifndef TT_CPU_H
#define TT_CPU_H

/* The levels (macros, not an enum: kernels_level.h tests them in #if). */
#define TT_CPU_BASELINE 0
#define TT_CPU_AVX2 1
#define TT_CPU_AVX512 2

/* Detects the CPU and reads TINYTENSOR_CPU; call once before any kernel. Idempotent. */
void tt_cpu_init(void);
/* The level the kernels use (after tt_cpu_init). */
int tt_cpu_level(void);
/* The highest level this CPU supports. */
int tt_cpu_detected(void);
/* Force a level at run time (clamped to the detected level); returns the level in force. */
int tt_cpu_set_level(int level);
const char *tt_cpu_level_name(int level);

/* The x86 levels are built by GCC on x86 only (clang ignores `#pragma GCC target`; other
 * architectures have no such instructions): elsewhere the baseline is the only level. */
#if defined(__GNUC__) && !defined(__clang__) && (defined(__x86_64__) || defined(__i386__))
#define TT_X86_LEVELS 1
#else
#define TT_X86_LEVELS 0
#endif

/* Compiles what follows for an ISA level: TT_TARGET(TT_TARGET_AVX2). `#pragma GCC target(MACRO)`
 * does not expand the macro (silently building baseline code); _Pragma through two levels does.
 * Clang ignores GCC target pragmas, so only the baseline variant is tuned there. */
#define TT_DO_PRAGMA(x) _Pragma(#x)
#define TT_TARGET(isa) TT_DO_PRAGMA(GCC target(isa))

/* `#pragma GCC target` strings for each level, used by the per-ISA kernel sources. */
#define TT_TARGET_AVX2 "avx,avx2,fma,bmi,bmi2,f16c,popcnt,lzcnt,movbe"
#define TT_TARGET_AVX512 "avx,avx2,fma,bmi,bmi2,f16c,popcnt,lzcnt,movbe,avx512f,avx512vl,avx512bw,avx512dq,avx512cd,prefer-vector-width=512"

#endif
