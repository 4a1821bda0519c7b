/* Runtime CPU detection, the TINYTENSOR_CPU override, and aligned storage. See cpu.h. */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include "cpu.h"
#include "dispatch.h"
#include "tt.h"

/* The kernels of the level in force: the portable baseline until tt_cpu_init has run. */
const tt_kernel_table *tt_kernels = &tt_kernels_baseline;

static int detected_level = -1;
static int active_level = TT_CPU_BASELINE;

static void use_level(int level)
{
    active_level = level;
#if TT_X86_LEVELS
    if (level == TT_CPU_AVX512) { tt_kernels = &tt_kernels_avx512; return; }
    if (level == TT_CPU_AVX2) { tt_kernels = &tt_kernels_avx2; return; }
#endif
    tt_kernels = &tt_kernels_baseline;
}

static int detect(void)
{
#if TT_X86_LEVELS
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl") &&
        __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512dq") &&
        __builtin_cpu_supports("fma") && __builtin_cpu_supports("avx2"))
        return TT_CPU_AVX512;
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"))
        return TT_CPU_AVX2;
#endif
    return TT_CPU_BASELINE;
}

void tt_cpu_init(void)
{
    if (detected_level >= 0) return;
    detected_level = detect();
    active_level = detected_level;
    const char *env = getenv("TINYTENSOR_CPU");
    if (env && *env) {
        int want = -1;
        if (!strcmp(env, "baseline")) want = TT_CPU_BASELINE;
        else if (!strcmp(env, "avx2")) want = TT_CPU_AVX2;
        else if (!strcmp(env, "avx512")) want = TT_CPU_AVX512;
        if (want >= 0 && want < active_level) active_level = want;
    }
    use_level(active_level);
}

int tt_cpu_level(void) { return active_level; }
int tt_cpu_detected(void) { tt_cpu_init(); return detected_level; }

int tt_cpu_set_level(int level)
{
    tt_cpu_init();
    if (level < TT_CPU_BASELINE) level = TT_CPU_BASELINE;
    if (level > detected_level) level = detected_level;
    use_level(level);
    return active_level;
}

const char *tt_cpu_level_name(int level)
{
    switch (level) {
    case TT_CPU_AVX512: return "avx512";
    case TT_CPU_AVX2: return "avx2";
    default: return "baseline";
    }
}

/* ---- aligned storage ---- */
/* Blocks of 4 MiB and more start on a 2 MiB boundary and ask for transparent huge pages
 * (as NumPy does): first-touch page faults are then 512 times fewer. */
#define TT_HUGE_THRESHOLD (4u << 20)
#define TT_HUGE_ALIGN (2u << 20)

void *tt_alloc(size_t nbytes, int zero)
{
    if (nbytes > (size_t)PTRDIFF_MAX - TT_HUGE_ALIGN) return NULL;
    size_t align = nbytes >= TT_HUGE_THRESHOLD ? TT_HUGE_ALIGN : TT_ALIGN;
    size_t rounded = (nbytes + align - 1) / align * align;
    if (rounded == 0) rounded = TT_ALIGN;
    void *p = NULL;
    if (posix_memalign(&p, align, rounded) != 0) return NULL;
#ifdef MADV_HUGEPAGE
    if (align == TT_HUGE_ALIGN) madvise(p, rounded, MADV_HUGEPAGE);
#endif
    if (zero) memset(p, 0, rounded);
    return p;
}

void tt_free(void *p) { free(p); }
