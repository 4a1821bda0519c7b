"""tinytensor on Dask: Tensors as the chunks of Dask arrays, and data-parallel training over a
Dask cluster (``pip install "tinytensor-lab[dask]"``; docs/scaling.md).

    import tinytensor as tt
    import tinytensor.dask as ttd
    x = ttd.from_tensor(tt.arange(12.0).reshape(3, 4), chunks=(2, 2))
    (x * 2).sum(axis=0).compute()          # a Tensor; every chunk computed by tinytensor

    history = ttd.fit(model, x_train, y_train, client=client, batch_size=128, epochs=5)

Importing this package registers Tensor with Dask's array dispatch (``register()``) and the
"tinytensor" array backend (``dask.config.set({"array.backend": "tinytensor"})``). The core
(``import tinytensor``) never imports Dask.
"""
try:
    import dask.array  # noqa: F401
except ImportError as _err:                                # pragma: no cover - depends on the env
    raise ImportError('tinytensor.dask needs Dask: pip install "tinytensor-lab[dask]" '
                      '(or pip install "dask[array,distributed]")') from _err

from tinytensor.dask.array import (  # noqa: E402
    BACKEND, TinytensorBackend, from_tensor, register, to_tinytensor_dispatch,
)
from tinytensor.dask.parallel import DataParallel, fit, shard_plan  # noqa: E402

register()

__all__ = ["BACKEND", "TinytensorBackend", "from_tensor", "register", "to_tinytensor_dispatch",
           "DataParallel", "fit", "shard_plan"]
