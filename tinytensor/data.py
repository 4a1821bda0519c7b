"""Mini-batches: ``batches(x, y, batch_size=32, shuffle=True, seed=0)``.

``Batches`` is re-iterable: each pass is one epoch. With ``shuffle`` every epoch draws a new
permutation from a generator seeded once with ``seed`` (so a run is reproducible and epochs differ);
with ``seed=None`` it draws from the module-level generator (``tinytensor.nn.init.seed``).
Without shuffling the batches are views (slices); shuffled batches are gathered copies.
"""
import tinytensor as tt


def _permutation(rng, n):
    p = rng.permutation(n)
    return p if isinstance(p, tt.Tensor) else tt.asarray(p, dtype=tt.int64)


class Batches:
    def __init__(self, *arrays, batch_size=32, shuffle=False, seed=None, drop_last=False):
        if not arrays:
            raise ValueError("Batches needs at least one array")
        if batch_size < 1:
            raise ValueError("batch_size must be >= 1, got %r" % (batch_size,))
        self.arrays = [a if isinstance(a, tt.Tensor) else tt.asarray(a) for a in arrays]
        n = len(self.arrays[0])
        for a in self.arrays[1:]:
            if len(a) != n:
                raise ValueError("all arrays must have the same length (first axis): %s"
                                 % [len(a) for a in self.arrays])
        self.n, self.batch_size, self.shuffle, self.drop_last = n, batch_size, shuffle, drop_last
        self.seed = seed
        self._rng = None
        if shuffle:
            from .nn.init import _rng, generator
            # seed=None follows the module-level state (nn.init.seed / tt.random.seed)
            self._rng = _rng(None) if seed is None else generator(seed)

    def __len__(self):
        return self.n // self.batch_size if self.drop_last else -(-self.n // self.batch_size)

    def __iter__(self):
        n, bs = self.n, self.batch_size
        order = _permutation(self._rng, n).astype(tt.int64) if self.shuffle else None
        stop = n - n % bs if self.drop_last else n
        for start in range(0, stop, bs):
            end = min(start + bs, n)
            if order is None:
                batch = tuple(a[start:end] for a in self.arrays)
            else:
                idx = order[start:end]
                batch = tuple(a[idx] for a in self.arrays)
            yield batch if len(batch) > 1 else batch[0]


def batches(*arrays, batch_size=32, shuffle=False, seed=None, drop_last=False):
    return Batches(*arrays, batch_size=batch_size, shuffle=shuffle, seed=seed, drop_last=drop_last)
