"""A small workload for tools/valgrind.sh: creation, views, elementwise, reductions, matmul,
indexing, joins, exports -- every path once or twice, on small tensors (valgrind is ~50x slower)."""
import pickle

import tinytensor as tt

for dt in (tt.bool_, tt.uint8, tt.int32, tt.int64, tt.float32, tt.float64):
    a = tt.arange(24).astype(dt).reshape(2, 3, 4)
    z = tt.zeros((3, 4), dtype=dt)
    o = tt.ones((4,), dtype=dt)
    f = tt.full((2, 1, 4), 1, dtype=dt)
    e = tt.empty((0, 3), dtype=dt)
    v = a.transpose(2, 0, 1)[::-1, :, 1:]
    b = tt.broadcast_to(o, (3, 4))
    s = a[1, ::-2, None]
    for x in (a, v, b, s, e):
        x.copy(), x.reshape(-1), x.tolist(), repr(x), x.astype(tt.float64)
    if dt != tt.bool_:
        for x, y in ((a, o), (v, v), (z, b), (a, f)):
            x + y, x * y, x - y, x // (y + 1), x % (y + 1), tt.maximum(x, y)
            x / (y + 1), x == y, x < y
        -a, abs(v), tt.square(s)
    tt.exp(a), tt.log(v + 1), tt.sqrt(b), tt.tanh(a), tt.sigmoid(v)
    tt.logical_not(a), tt.where(a > 1, a, a)
    for ax in (None, 0, -1, (0, 2)):
        a.sum(axis=ax), a.max(axis=ax), a.min(axis=ax, keepdims=True), a.any(axis=ax), a.all(axis=ax)
        a.mean(axis=ax), a.prod(axis=ax)
    a.argmax(), a.argmin(axis=1), e.sum(axis=0)
    m = tt.arange(35).astype(dt).reshape(5, 7)
    m @ m.T, m.T @ m, m[1] @ m.T, tt.matmul(a, a.transpose(0, 2, 1)), tt.dot(m, m[0])
    m[tt.tensor([0, 4, -1])], m[m > 3], m[:, tt.tensor([1, 2])], m[tt.tensor([0, 1]), tt.tensor([2, 3])]
    w = m.copy()
    w[tt.tensor([1, 3])] = 1
    w[w > 20] = 0
    w[0] = m[1]
    tt.concatenate([m, m], axis=1), tt.stack([m, m]), tt.split(m, [1, 3]), tt.flip(m, 0)
    tt.clip(m, 1, 5), tt.tile(m, (2, 1)), tt.pad(m, 1), tt.take(m, tt.tensor([1, 2]))
    pickle.loads(pickle.dumps(v)), memoryview(m).tobytes(), bytes(memoryview(v.copy()))

x = tt.arange(300 * 300, dtype=tt.float32).reshape(300, 300) / 1e4
(x @ x).sum(), (x * 2.0 + 1.0).exp().sum(axis=0), x.T.copy().max(axis=1)   # large: threaded, GIL released
tt.softmax(x, axis=-1), tt.log_softmax(x[:5])
tt.linear(x[:4], x[:, :8], x[0, :8], activation="relu")
tt.softmax_cross_entropy(x[:4, :10], tt.tensor([1, 2, 3, 4]))
tt.one_hot(tt.tensor([0, 2]), 3), tt.eye(4), tt.linspace(0, 1, 5)
for bad in (lambda: tt.ones(3) + tt.ones(4), lambda: tt.ones(3)[5], lambda: tt.zeros((2**40, 2**40)),
            lambda: tt.empty((2**40,)), lambda: tt.tensor([[1], [2, 3]])):
    try:
        bad()
    except (ValueError, IndexError, MemoryError):
        pass
print("valgrind workload done")
