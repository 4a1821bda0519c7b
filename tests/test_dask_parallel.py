"""Data-parallel training over a Dask cluster (tinytensor.dask.fit / DataParallel).

The equivalence tests train on a real LocalCluster of 2 worker processes (loopback, bounded
waits) and check that the parameters equal those of ONE process training on the same batches
(float tolerance: only the order of the float additions in the gradient differs). Skipped when
dask/distributed are not installed.
"""
import copy

import numpy as np
import pytest

import tinytensor as tt

pytest.importorskip("dask.array")
pytest.importorskip("distributed")
import tinytensor.dask as ttd  # noqa: E402
from tinytensor import layers, models, nn, optim  # noqa: E402

from conftest import DASK_WAIT as WAIT  # noqa: E402


def _data(n=203, d=12, classes=3, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((n, d)).astype(np.float32)
    y = (x[:, :classes] + 0.3 * rng.standard_normal((n, classes))).argmax(axis=1)
    return tt.asarray(x), tt.asarray(y.astype(np.int64))


def _net(d=12, classes=3, seed=0):
    nn.init.seed(seed)
    return nn.Sequential(nn.Linear(d, 16), nn.ReLU(), nn.Linear(16, classes))


def _train_one_process(net, opt, loss, x, y, batches):
    for rows in batches:
        opt.zero_grad()
        loss(net(x[rows]), y[rows]).backward()
        opt.step()


def _assert_same_params(a, b, rtol=2e-5):
    pa, pb = list(a), list(b)
    assert len(pa) == len(pb)
    for p, q in zip(pa, pb):
        assert p.shape == q.shape and p.dtype == q.dtype
        scale = float(np.abs(np.asarray(q)).max()) or 1.0
        np.testing.assert_allclose(np.asarray(p), np.asarray(q), rtol=rtol, atol=rtol * scale)


# ---- the plan: which rows each worker holds and each step takes --------------------------------

@pytest.mark.parametrize("n,batch,workers", [(10, 4, 2), (203, 32, 2), (7, 3, 3), (128, 128, 2), (5, 8, 1)])
def test_shard_plan_partitions_every_epoch_into_the_batches(n, batch, workers):
    plan = ttd.shard_plan(n, batch, workers)
    assert plan.steps == -(-n // batch) and sum(plan.batch_sizes) == n
    assert sorted(tt.concatenate(plan.rows).tolist()) == list(range(n))
    plain = plan.global_batches(epoch=0, seed=None)
    assert [b.tolist() for b in plain] == [list(range(k * batch, min(n, (k + 1) * batch)))
                                          for k in range(plan.steps)]   # = model.fit(shuffle=False)
    for k in range(plan.steps):                                         # every worker helps
        assert sum(plan.counts[i][k] for i in range(workers)) == plan.batch_sizes[k]
        assert max(plan.counts[i][k] for i in range(workers)) - min(plan.counts[i][k] for i in range(workers)) <= 1
    e0, e1 = plan.global_batches(0, seed=5), plan.global_batches(1, seed=5)
    for batches in (e0, e1):
        assert [len(b) for b in batches] == plan.batch_sizes
        assert sorted(tt.concatenate(batches).tolist()) == list(range(n))
    assert [b.tolist() for b in plan.global_batches(0, seed=5)] == [b.tolist() for b in e0]
    if n > batch:
        assert [b.tolist() for b in e0] != [b.tolist() for b in e1]


def test_shard_plan_bad_arguments():
    with pytest.raises(ValueError, match="smaller than the number of workers"):
        ttd.shard_plan(10, 1, 2)
    for bad in ((0, 4, 2), (10, 0, 1), (10, 4, 0), (10.0, 4, 2), (10, True, 1)):
        with pytest.raises(ValueError):
            ttd.shard_plan(*bad)


# ---- equivalence with one process ----------------------------------------------------------------

@pytest.mark.parametrize("shuffle", [False, True])
@pytest.mark.parametrize("make_opt", [
    lambda p: optim.SGD(p, lr=0.1, momentum=0.9),
    lambda p: optim.Adam(p, lr=1e-2),
], ids=["sgd_momentum", "adam"])
def test_pytorch_front_two_workers_equal_one_process(cluster_client, shuffle, make_opt):
    x, y = _data()
    net, ref = _net(), _net()
    opt, ref_opt = make_opt(net.parameters()), make_opt(ref.parameters())
    loss = nn.CrossEntropyLoss()
    history = ttd.fit(net, x, y, client=cluster_client, loss=loss, optimizer=opt, batch_size=32,
                      epochs=2, shuffle=shuffle, seed=11, verbose=0, timeout=WAIT)
    plan = ttd.shard_plan(len(x), 32, 2)
    for epoch in range(2):
        _train_one_process(ref, ref_opt, loss, x, y, plan.global_batches(epoch, 11 if shuffle else None))
    _assert_same_params(net.parameters(), ref.parameters())
    assert opt.iterations == ref_opt.iterations == 2 * plan.steps
    assert set(history) == {"loss", "time"} and len(history["loss"]) == 2
    assert history["loss"][1] < history["loss"][0] and all(t > 0 for t in history["time"])


def test_keras_front_equals_model_fit(cluster_client):
    x, y = _data(n=150)
    y1h = tt.one_hot(y, 3).astype(tt.float32)
    nn.init.seed(3)
    model = models.Sequential([layers.Dense(16, activation="relu", input_shape=(12,)),
                               layers.Dense(3, activation="softmax")])
    model.compile(optimizer="rmsprop", loss="categorical_crossentropy", metrics=["accuracy"])
    ref = copy.deepcopy(model)
    ref_hist = ref.fit(x, y1h, batch_size=32, epochs=2, shuffle=False, verbose=0)
    hist = ttd.fit(model, x, y1h, client=cluster_client, batch_size=32, epochs=2, shuffle=False,
                   verbose=0, timeout=WAIT, validation_data=(x[:50], y1h[:50]))
    _assert_same_params(model.parameters(), ref.parameters())
    np.testing.assert_allclose(hist["loss"], ref_hist.history["loss"], rtol=1e-5)
    assert model.optimizer.iterations == ref.optimizer.iterations == 2 * 5
    want = ref.evaluate(x[:50], y1h[:50], verbose=0, return_dict=True)
    assert set(hist) == {"loss", "time", "val_loss", "val_accuracy"}
    assert hist["val_loss"][-1] == pytest.approx(want["loss"], rel=1e-5)
    assert hist["val_accuracy"][-1] == pytest.approx(want["accuracy"])


def test_keras_front_sparse_labels_binary_and_an_unfused_loss(cluster_client):
    x, y = _data(n=96, seed=4)
    for loss, target, units, last in (
            ("sparse_categorical_crossentropy", y, 3, "softmax"),
            ("mse", tt.one_hot(y, 3).astype(tt.float32), 3, "softmax"),
            ("binary_crossentropy", (y == 1).astype(tt.float32).reshape(-1, 1), 1, "sigmoid")):
        nn.init.seed(5)
        model = models.Sequential([layers.Dense(8, activation="tanh", input_shape=(12,)),
                                   layers.Dense(units, activation=last)])
        model.compile(optimizer=optim.SGD(lr=0.5), loss=loss)
        ref = copy.deepcopy(model)
        ref.fit(x, target, batch_size=24, epochs=1, shuffle=False, verbose=0)
        ttd.fit(model, x, target, client=cluster_client, batch_size=24, epochs=1, shuffle=False,
                verbose=0, timeout=WAIT)
        _assert_same_params(model.parameters(), ref.parameters())


def test_optimizer_state_comes_back_so_training_can_continue_in_one_process(cluster_client):
    x, y = _data(n=96)
    net, ref = _net(seed=2), _net(seed=2)
    opt, ref_opt = optim.RMSprop(net.parameters(), lr=1e-2), optim.RMSprop(ref.parameters(), lr=1e-2)
    loss = nn.CrossEntropyLoss()
    dp = ttd.DataParallel(net, loss=loss, optimizer=opt, client=cluster_client, workers=1)
    dp.fit(x, y, batch_size=16, epochs=1, shuffle=False, verbose=0, timeout=WAIT)   # one worker
    plan = ttd.shard_plan(len(x), 16, 1)
    _train_one_process(net, opt, loss, x, y, plan.global_batches())   # then one process again
    _train_one_process(ref, ref_opt, loss, x, y, plan.global_batches() * 2)
    _assert_same_params(net.parameters(), ref.parameters())


def test_bad_arguments_raise_before_anything_runs(cluster_client):
    x, y = _data(n=20)
    net = _net()
    opt = optim.SGD(net.parameters(), lr=0.1)
    before = [p.tolist() for p in net.parameters()]
    with pytest.raises(ValueError, match="loss"):
        ttd.DataParallel(net, optimizer=opt, client=cluster_client)
    with pytest.raises(ValueError, match="compile"):
        ttd.DataParallel(models.Sequential([layers.Dense(2, input_shape=(12,))]), client=cluster_client)
    dp = ttd.DataParallel(net, loss=nn.CrossEntropyLoss(), optimizer=opt, client=cluster_client)
    with pytest.raises(ValueError, match="different numbers of samples"):
        dp.fit(x, y[:-1], verbose=0)
    with pytest.raises(ValueError, match="smaller than the number of workers"):
        dp.fit(x, y, batch_size=1, verbose=0)
    with pytest.raises(ValueError, match="epochs"):
        dp.fit(x, y, epochs=-1, verbose=0)
    for workers in (3, ["tcp://127.0.0.1:1"], []):
        with pytest.raises(ValueError):
            ttd.DataParallel(net, loss=nn.CrossEntropyLoss(), optimizer=opt, client=cluster_client,
                             workers=workers).fit(x, y, verbose=0)
    assert [p.tolist() for p in net.parameters()] == before


def test_mnist_example_on_the_cluster(cluster_client):
    """examples/mnist_dask.py, shortened: 1024 rows, one epoch, 2 workers."""
    import importlib.util
    import os
    path = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "examples", "mnist_dask.py")
    spec = importlib.util.spec_from_file_location("example_mnist_dask", path)
    example = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(example)
    train, test = example.load(limit=1024)
    assert train[0].shape == (1024, 784) and train[1].shape == (1024, 10) and test[0].shape == (1024, 784)
    r = example.run_on_cluster(cluster_client, 2, train, test, epochs=1, batch_size=128, seed=0, threads=1)
    assert r["workers"] == 2 and len(r["epoch_s"]) == 1 and r["epoch_s"][0] > 0
    assert 0.6 < r["test_accuracy"] <= 1.0          # one epoch on 1024 digits: well above chance


def test_timeout_stops_the_run_and_the_cluster_stays_usable(cluster_client):
    x, y = _data(n=400)
    net = _net()
    before = [p.tolist() for p in net.parameters()]
    dp = ttd.DataParallel(net, loss=nn.CrossEntropyLoss(), optimizer=optim.SGD(net.parameters(), lr=0.1),
                          client=cluster_client)
    with pytest.raises(TimeoutError):
        dp.fit(x, y, batch_size=8, epochs=3, verbose=0, timeout=1e-3)
    assert [p.tolist() for p in net.parameters()] == before        # nothing half-applied
    h = dp.fit(x[:64], y[:64], batch_size=32, epochs=0, verbose=0, timeout=WAIT)
    assert h == {"loss": [], "time": []}
    h = dp.fit(x[:64], y[:64], batch_size=32, epochs=1, verbose=0, timeout=WAIT)
    assert len(h["loss"]) == 1 and np.isfinite(h["loss"][0])
