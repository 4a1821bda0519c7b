/* The thread pool (see threads.h for what it promises and why).
 *
 * One job at a time is open. Its chunks are handed out by one 64-bit atomic word,
 *
 *     job_word = generation << 32 | next_chunk      (next_chunk == CLOSED: no job open)
 *
 * The caller publishes a job by writing its fields (fn, arg, nchunks, nthreads) and then the
 * word {new generation, 0} (release). It claims chunks with fetch_add; a worker claims with a
 * compare-and-swap of the exact word it read, so a claim only succeeds while the job it read
 * the fields of is still open (the word never takes the same value twice: the generation only
 * grows, the index only grows within a generation, and the caller closes the word before it
 * rewrites the fields). job_done counts finished chunks; the caller returns when it reaches
 * nchunks, i.e. it waits only for chunks someone claimed. Then it closes the word.
 *
 * Sleeping and waking use one 32-bit counter each (futex words): workers sleep on wake_seq,
 * which the caller increments for each job; the caller sleeps on job_done. A sleeper first
 * announces itself (sleepers / caller_sleeping) and the waker checks that announcement after
 * its own update, both sequentially consistent, so no wake-up is lost.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "threads.h"

#ifndef TT_HAVE_THREADS
#define TT_HAVE_THREADS 1
#endif

static int num_threads = 0;          /* 0: not read yet (tt_default_num_threads) */

static int parse_positive(const char *s)
{
    if (!s) return 0;
    char *end;
    long v = strtol(s, &end, 10);
    if (end == s || v < 1) return 0;
    return v > TT_MAX_THREADS ? TT_MAX_THREADS : (int)v;
}

int tt_default_num_threads(void)
{
#if TT_HAVE_THREADS
    int n = parse_positive(getenv("OMP_NUM_THREADS"));   /* "4" or "4,2": the first level */
    if (n > 0) return n;
#ifdef CPU_COUNT
    cpu_set_t set;
    if (sched_getaffinity(0, sizeof set, &set) == 0 && CPU_COUNT(&set) > 0)
        n = CPU_COUNT(&set);
#endif
    if (n <= 0) {
        long c = sysconf(_SC_NPROCESSORS_ONLN);
        n = c > 0 ? (int)c : 1;
    }
    return n > TT_MAX_THREADS ? TT_MAX_THREADS : n;
#else
    return 1;
#endif
}

int tt_get_num_threads(void)
{
    int n = __atomic_load_n(&num_threads, __ATOMIC_RELAXED);
    if (n <= 0) {
        n = tt_default_num_threads();
        __atomic_store_n(&num_threads, n, __ATOMIC_RELAXED);
    }
    return n;
}

int tt_set_num_threads(int n)
{
    if (n < 1 || n > TT_MAX_THREADS) return TT_ERR_VALUE;
    __atomic_store_n(&num_threads, n, __ATOMIC_RELAXED);
    return TT_OK;
}

int tt_have_threads(void) { return TT_HAVE_THREADS; }

static void run_serial(tt_ssize nchunks, tt_chunk_fn fn, void *arg)
{
    for (tt_ssize c = 0; c < nchunks; c++) fn(arg, c, 0);
}

#if !TT_HAVE_THREADS

void tt_parallel_run(tt_ssize nchunks, int nthreads, tt_chunk_fn fn, void *arg)
{
    (void)nthreads;
    run_serial(nchunks, fn, arg);
}

int tt_pool_workers(void) { return 0; }

#else /* TT_HAVE_THREADS */

#include <pthread.h>
#ifdef __linux__
#include <linux/futex.h>
#include <sys/syscall.h>
#endif

#define CLOSED 0xffffffffu
#define MAX_CHUNKS 0x7fffffff      /* chunk indices stay below CLOSED even after overshooting */

static _Atomic uint64_t job_word = CLOSED;    /* generation 0, closed */
static _Atomic(tt_chunk_fn) job_fn;
static _Atomic(void *) job_arg;
static _Atomic tt_ssize job_nchunks;
static _Atomic int job_nthreads;
static _Atomic uint32_t job_done;             /* futex word: the caller waits on it */
static _Atomic int caller_sleeping;
static _Atomic uint32_t wake_seq;             /* futex word: idle workers wait on it */
static _Atomic int sleepers;
static atomic_flag pool_busy = ATOMIC_FLAG_INIT;
static int nworkers;                          /* started; changed only by the pool's holder */
static int workers_off = -1;                  /* TINYTENSOR_WORKERS_OFF (-1: not read yet) */
static long worker_delay_us;                  /* TINYTENSOR_WORKER_DELAY_US */
static long spin_ns = -1;                     /* TINYTENSOR_SPIN_US, default below */

/* How long an idle worker, and a caller waiting for claimed chunks, spin before sleeping.
 * Short: kernels come back to back in a training loop (a sleeping worker takes ~5-50 us to
 * wake), but a spinning thread also takes CPU time from a busy neighbour process and from our
 * own caller, so after this it sleeps. */
#define DEFAULT_SPIN_NS 30000

/* ---- waiting: futex on Linux, one condition variable elsewhere ---- */

#ifdef __linux__
static void wait_while_equal(_Atomic uint32_t *addr, uint32_t value)
{
    syscall(SYS_futex, (uint32_t *)addr, FUTEX_WAIT_PRIVATE, value, NULL, NULL, 0);
}
static void wake(_Atomic uint32_t *addr, int n)
{
    syscall(SYS_futex, (uint32_t *)addr, FUTEX_WAKE_PRIVATE, n, NULL, NULL, 0);
}
#else
static pthread_mutex_t wait_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t wait_cond = PTHREAD_COND_INITIALIZER;
static void wait_while_equal(_Atomic uint32_t *addr, uint32_t value)
{
    pthread_mutex_lock(&wait_lock);
    if (atomic_load(addr) == value) pthread_cond_wait(&wait_cond, &wait_lock);
    pthread_mutex_unlock(&wait_lock);
}
static void wake(_Atomic uint32_t *addr, int n)
{
    (void)addr; (void)n;
    pthread_mutex_lock(&wait_lock);
    pthread_cond_broadcast(&wait_cond);
    pthread_mutex_unlock(&wait_lock);
}
#endif

static inline void cpu_relax(void)
{
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#elif defined(__aarch64__)
    __asm__ __volatile__("yield");
#endif
}

static long long now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* Spins until *addr != value or about spin_ns passed; returns the value last seen. Every 64
 * turns it yields the CPU: with more runnable threads than cores (a busy neighbour) the
 * scheduler may have put a woken worker on the caller's own core, and a spin that never
 * yields would then hold the caller, or the worker it waits for, off that core for the whole
 * spin. On a core of its own, sched_yield returns at once. */
static uint32_t spin_while_equal(_Atomic uint32_t *addr, uint32_t value)
{
    uint32_t v = atomic_load_explicit(addr, memory_order_acquire);
    if (v != value || spin_ns <= 0) return v;
    long long deadline = now_ns() + spin_ns;
    for (unsigned i = 1;; i++) {
        cpu_relax();
        v = atomic_load_explicit(addr, memory_order_acquire);
        if (v != value) return v;
        if ((i & 63) == 0) {
            if (now_ns() > deadline) return v;
            sched_yield();
        }
    }
}

/* ---- the workers ---- */

/* Claims and runs chunks of the open job while there are any (a worker's side). */
static void work(int slot)
{
    for (;;) {
        uint64_t v = atomic_load_explicit(&job_word, memory_order_acquire);
        uint32_t idx = (uint32_t)v;
        if (idx == CLOSED) return;
        tt_ssize n = atomic_load_explicit(&job_nchunks, memory_order_relaxed);
        int nt = atomic_load_explicit(&job_nthreads, memory_order_relaxed);
        if (slot >= nt || (tt_ssize)idx >= n) return;
        /* the claim succeeds only if the word is still v: then the fields read above are
         * this job's, and the job stays open until the chunk is counted done */
        if (!atomic_compare_exchange_weak_explicit(&job_word, &v, v + 1, memory_order_acq_rel,
                                                   memory_order_relaxed))
            continue;
        tt_chunk_fn fn = atomic_load_explicit(&job_fn, memory_order_relaxed);
        fn(atomic_load_explicit(&job_arg, memory_order_relaxed), (tt_ssize)idx, slot);
        uint32_t done = atomic_fetch_add(&job_done, 1) + 1;
        if ((tt_ssize)done == n && atomic_load(&caller_sleeping)) wake(&job_done, 1);
    }
}

static void *worker_main(void *p)
{
    int slot = (int)(intptr_t)p;
    uint32_t seen = atomic_load(&wake_seq);
    work(slot);                                   /* the job it was started for */
    for (;;) {
        uint32_t now = spin_while_equal(&wake_seq, seen);
        while (now == seen) {
            atomic_fetch_add(&sleepers, 1);
            if (atomic_load(&wake_seq) == seen) wait_while_equal(&wake_seq, seen);
            atomic_fetch_sub(&sleepers, 1);
            now = atomic_load(&wake_seq);
        }
        seen = now;
        if (worker_delay_us > 0) usleep((useconds_t)worker_delay_us);
        work(slot);
    }
    return NULL;
}

/* The child of fork() has only the thread that forked: forget the parent's workers (they do
 * not exist here) and any job in flight; the next parallel call starts new workers. */
static void child_after_fork(void)
{
    nworkers = 0;
    atomic_store(&job_word, (uint64_t)CLOSED);
    atomic_store(&job_done, 0);
    atomic_store(&caller_sleeping, 0);
    atomic_store(&sleepers, 0);
    atomic_flag_clear(&pool_busy);
}

static pthread_once_t init_once = PTHREAD_ONCE_INIT;

static void init_pool(void)
{
    const char *off = getenv("TINYTENSOR_WORKERS_OFF");
    workers_off = off && *off && strcmp(off, "0") != 0;
    const char *delay = getenv("TINYTENSOR_WORKER_DELAY_US");
    worker_delay_us = delay ? atol(delay) : 0;
    const char *spin = getenv("TINYTENSOR_SPIN_US");
    spin_ns = spin ? atol(spin) * 1000L : DEFAULT_SPIN_NS;
    pthread_atfork(NULL, NULL, child_after_fork);
}

/* Starts workers until there are `want` (the pool's holder only). Workers block every signal:
 * signals go to the Python threads. */
static void start_workers(int want)
{
    if (want > TT_MAX_THREADS - 1) want = TT_MAX_THREADS - 1;
    if (nworkers >= want) return;
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, &old);
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    while (nworkers < want) {
        pthread_t t;
        if (pthread_create(&t, &attr, worker_main, (void *)(intptr_t)(nworkers + 1)) != 0)
            break;                                 /* fewer threads: still correct */
        nworkers++;
    }
    pthread_attr_destroy(&attr);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
}

int tt_pool_workers(void) { return nworkers; }

void tt_parallel_run(tt_ssize nchunks, int nthreads, tt_chunk_fn fn, void *arg)
{
    if (nchunks <= 0) return;
    if (nthreads > TT_MAX_THREADS) nthreads = TT_MAX_THREADS;
    if (nthreads <= 1 || nchunks == 1 || nchunks > MAX_CHUNKS) { run_serial(nchunks, fn, arg); return; }
    pthread_once(&init_once, init_pool);
    if (workers_off || atomic_flag_test_and_set_explicit(&pool_busy, memory_order_acquire)) {
        run_serial(nchunks, fn, arg);             /* the pool serves another call */
        return;
    }
    if (nthreads > nchunks) nthreads = (int)nchunks;
    start_workers(nthreads - 1);
    if (nthreads > nworkers + 1) nthreads = nworkers + 1;
    if (nthreads <= 1) {
        atomic_flag_clear_explicit(&pool_busy, memory_order_release);
        run_serial(nchunks, fn, arg);
        return;
    }

    /* publish: fields first, then the open word (release) */
    uint32_t gen = (uint32_t)(atomic_load_explicit(&job_word, memory_order_relaxed) >> 32) + 1;
    atomic_store_explicit(&job_fn, fn, memory_order_relaxed);
    atomic_store_explicit(&job_arg, arg, memory_order_relaxed);
    atomic_store_explicit(&job_nchunks, nchunks, memory_order_relaxed);
    atomic_store_explicit(&job_nthreads, nthreads, memory_order_relaxed);
    atomic_store_explicit(&job_done, 0, memory_order_relaxed);
    atomic_store_explicit(&job_word, (uint64_t)gen << 32, memory_order_release);
    atomic_fetch_add(&wake_seq, 1);
    if (atomic_load(&sleepers) > 0) wake(&wake_seq, INT_MAX);

    /* the caller's share: every chunk no worker has claimed */
    for (;;) {
        uint32_t idx = (uint32_t)atomic_fetch_add_explicit(&job_word, 1, memory_order_acq_rel);
        if ((tt_ssize)idx >= nchunks) break;
        fn(arg, (tt_ssize)idx, 0);
        atomic_fetch_add(&job_done, 1);
    }

    /* the join: only chunks that a worker claimed are still running */
    uint32_t done = atomic_load(&job_done);
    while ((tt_ssize)done < nchunks) {
        done = spin_while_equal(&job_done, done);
        if ((tt_ssize)done >= nchunks) break;
        atomic_store(&caller_sleeping, 1);
        if (atomic_load(&job_done) == done) wait_while_equal(&job_done, done);
        atomic_store(&caller_sleeping, 0);
        done = atomic_load(&job_done);
    }
    atomic_store_explicit(&job_word, (uint64_t)gen << 32 | CLOSED, memory_order_release);
    atomic_flag_clear_explicit(&pool_busy, memory_order_release);
}

#endif /* TT_HAVE_THREADS */
