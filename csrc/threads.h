/* tinytensor's thread pool: the one way kernels use more than one thread.
 *
 * A parallel kernel cuts its work into chunks (more chunks than threads where that is cheap)
 * and calls
 *
 *     tt_parallel_run(nchunks, nthreads, fn, arg);
 *
 * which computes, in some order and on up to nthreads threads,
 *
 *     for chunk in range(nchunks): fn(arg, chunk, slot)
 *
 * slot (0 <= slot < nthreads) names the thread running the chunk, for per-thread scratch
 * space; no two chunks run at once with the same slot. The calling thread is slot 0.
 *
 * Why not OpenMP: an OpenMP parallel region hands each thread its share up front and the join
 * waits for every thread, so a worker that the OS has not scheduled (another process is busy on
 * its core) stalls the caller for a whole scheduler time slice. Here chunks are CLAIMED one at a
 * time from an atomic counter; the caller claims chunks too, and when none are left it waits
 * only for the chunks a worker actually claimed. A worker that wakes late finds nothing to do,
 * and one that never wakes costs nothing. Idle workers spin briefly (back-to-back kernels) and
 * then sleep (futex on Linux, a condition variable elsewhere).
 *
 * A call made while the pool is serving another call (another Python thread, or a kernel
 * called from inside a chunk) runs all its chunks on the calling thread: always correct, never
 * a deadlock. After fork() the child starts with an empty pool and creates workers again on
 * its first parallel call. Built with TT_HAVE_THREADS=0 (setup.py: TINYTENSOR_NO_THREADS=1),
 * every call is serial.
 *
 * The thread count: tt_set_num_threads(n), 1 <= n <= TT_MAX_THREADS; by default
 * OMP_NUM_THREADS when set (the first number of a list), else the CPUs this process may run on.
 *
 * Testing hooks (environment, read once): TINYTENSOR_WORKER_DELAY_US=d makes every worker sleep
 * d microseconds after each wake-up before claiming (workers that start late);
 * TINYTENSOR_WORKERS_OFF=1 never starts the worker threads (workers that never come). Results
 * must be the same either way (tests/test_threads.py).
 */
#ifndef TT_THREADS_H
#define TT_THREADS_H
#include "tt.h"

#define TT_MAX_THREADS 1024  /* the largest thread count tt_set_num_threads accepts */

typedef void (*tt_chunk_fn)(void *arg, tt_ssize chunk, int slot);

/* Runs fn(arg, c, slot) for every c in [0, nchunks) and returns when all have finished.
 * nthreads <= 1 or nchunks <= 1 runs everything on the caller. */
void tt_parallel_run(tt_ssize nchunks, int nthreads, tt_chunk_fn fn, void *arg);

/* The number of chunks to cut `units` independent pieces of work into for nthreads threads:
 * per_thread chunks per thread, never more than units. */
static inline tt_ssize tt_parallel_chunks(tt_ssize units, int nthreads, int per_thread)
{
    tt_ssize want = (tt_ssize)nthreads * per_thread;
    return units < want ? units : want;
}

/* Threads kernels may use (>= 1). */
int tt_get_num_threads(void);
/* Sets it; returns TT_ERR_VALUE (and changes nothing) unless 1 <= n <= TT_MAX_THREADS. */
int tt_set_num_threads(int n);
/* The default count (OMP_NUM_THREADS, else the usable CPUs), as tt_get_num_threads before any set. */
int tt_default_num_threads(void);
/* 1 when built with the pool, 0 for a serial build. */
int tt_have_threads(void);
/* Worker threads started so far (for tests and show_config). */
int tt_pool_workers(void);

#endif
