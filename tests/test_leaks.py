"""Leaks and lifetimes: tensors created, viewed, operated on, indexed, exported and dropped many
times leave resident memory flat; views and exported buffers keep their storage alive exactly as
long as they exist.

The default run does about 200k operations (TT_LEAK_ITERS=4000 rounds of ~50 operations);
TT_LEAK_ITERS=20000 runs about a million.
"""
import gc
import os
import pickle
import sys
import weakref

import numpy as np
import pytest

import tinytensor as tt

ITERS = int(os.environ.get("TT_LEAK_ITERS", "4000"))
PAGE = os.sysconf("SC_PAGE_SIZE")
SANITIZED = bool(os.environ.get("TT_SANITIZED"))     # set by tools/sanitize.sh


def rss_bytes():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * PAGE


def one_round(i):
    """About 50 operations touching every kind of object the core creates."""
    a = tt.arange(64, dtype=tt.float32).reshape(8, 8)
    b = tt.ones((8, 8), dtype=tt.float64)
    v = a.T[::-1, 1:7:2]
    w = tt.broadcast_to(tt.tensor([1, 2, 3], dtype=tt.int32), (4, 3))
    c = a + b
    d = (v * 2.0 - 1).exp().sum(axis=0)
    e = tt.where(a > 3, a, 0.0).max(axis=1, keepdims=True)
    f = a @ a.T
    g = a[tt.tensor([0, 3, 5])]
    h = a[a > 10.0]
    a[tt.tensor([1, 2])] = 7.0
    a[0] = tt.arange(8, dtype=tt.float32)
    k = w.astype(tt.float64).mean()
    m = tt.concatenate([a, v.reshape(-1, 8) if v.size % 8 == 0 else a], axis=0)
    s = a.squeeze().reshape(64)[::3]
    n = tt.clip(c, 0, 5).argmax(axis=0)
    mv = memoryview(a)
    arr = np.asarray(v)
    back = tt.asarray(np.arange(6.0).reshape(2, 3))
    p = pickle.loads(pickle.dumps(v))
    lst = g.tolist()
    q = tt.tensor([[1.5, 2.5], [3.5, 4.5]])
    r = repr(q)
    x = tt.from_dlpack(np.arange(4.0))
    y = np.from_dlpack(a)
    del x, y
    try:
        a + tt.ones((3,))
    except ValueError:
        pass
    try:
        a[100]
    except IndexError:
        pass
    try:
        tt.zeros((2, -1))
    except ValueError:
        pass
    del a, b, v, w, c, d, e, f, g, h, k, m, s, n, mv, arr, back, p, lst, q, r


def test_rss_stays_flat():
    n = ITERS
    warm = max(n // 10, 200)
    for i in range(warm):            # allocator pools and caches reach their steady size
        one_round(i)
    gc.collect()
    before = rss_bytes()
    for i in range(n):
        one_round(i)
    gc.collect()
    grown = rss_bytes() - before
    print(f"leaks: {n} rounds (~{n * 50} operations), RSS grew {grown / 2**20:.2f} MiB")
    if SANITIZED:
        return      # ASan's quarantine holds freed blocks: RSS says nothing there
    # a leak of even one 64-float tensor per round would be n * 256 bytes (1 MiB per 4000 rounds)
    assert grown < 8 * 2**20, f"RSS grew by {grown / 2**20:.1f} MiB over {n} rounds"


def test_large_tensors_are_freed():
    """A big block allocated and dropped repeatedly is returned each time (no cumulative growth)."""
    gc.collect()
    before = rss_bytes()
    for _ in range(40):
        x = tt.ones((1024, 1024), dtype=tt.float64)    # 8 MiB
        y = (x * 2.0).T.copy()
        del x, y
    gc.collect()
    assert SANITIZED or rss_bytes() - before < 48 * 2**20


def _root_and_ref():
    root = tt.arange(1000, dtype=tt.float64)
    return root, weakref.ref(root)


def test_view_keeps_root_alive():
    root, ref = _root_and_ref()
    view = root[10:20][::-1].reshape(2, 5).T
    assert view.base is root
    del root
    gc.collect()
    assert ref() is not None
    assert view.tolist()[0] == [19.0, 14.0]
    del view
    gc.collect()
    assert ref() is None


def test_memoryview_keeps_root_alive():
    root, ref = _root_and_ref()
    mv = memoryview(root[5:])
    del root
    gc.collect()
    assert ref() is not None
    assert mv[0] == 5.0
    mv.release()
    del mv
    gc.collect()
    assert ref() is None


def test_numpy_export_keeps_root_alive():
    root, ref = _root_and_ref()
    arr = np.asarray(root.reshape(10, 100)[:, ::7])
    del root
    gc.collect()
    assert ref() is not None
    assert arr[1, 1] == 107.0
    del arr
    gc.collect()
    assert ref() is None


def test_numpy_import_keeps_array_alive():
    arr = np.arange(12.0)
    r = weakref.ref(arr.base) if arr.base is not None else None
    before = sys.getrefcount(arr)
    t = tt.asarray(arr)
    assert sys.getrefcount(arr) > before          # the tensor holds the array
    del arr
    gc.collect()
    assert t.sum().item() == 66.0
    del t
    gc.collect()
    if r is not None:
        assert r() is None


def test_refcounts_return_after_views_and_exports():
    root = tt.ones((4, 4))
    base = sys.getrefcount(root)
    views = [root.T, root[1:], root.reshape(16), tt.broadcast_to(root, (2, 4, 4)), root[None]]
    assert sys.getrefcount(root) == base + len(views)
    mv = memoryview(root)
    arr = np.asarray(root)
    assert sys.getrefcount(root) > base + len(views)
    del views, mv, arr
    gc.collect()
    assert sys.getrefcount(root) == base
    for _ in range(1000):
        (root + 1).sum()
        root[0, 0]
        root[tt.tensor([0, 1])]
        pickle.loads(pickle.dumps(root))
    assert sys.getrefcount(root) == base


def test_pickle_roundtrip_is_independent():
    root, ref = _root_and_ref()
    blob = pickle.dumps(root[::2])
    del root
    gc.collect()
    assert ref() is None
    t = pickle.loads(blob)
    assert t.shape == (500,) and t[1].item() == 2.0


def test_dlpack_export_keeps_root_alive():
    root, ref = _root_and_ref()
    arr = np.from_dlpack(root[3:])
    del root
    gc.collect()
    assert ref() is not None
    assert arr[0] == 3.0
    del arr
    gc.collect()
    assert ref() is None


def test_dlpack_import_keeps_producer_alive():
    arr = np.arange(10.0)
    t = tt.from_dlpack(arr)
    del arr
    gc.collect()
    assert t.sum().item() == 45.0
