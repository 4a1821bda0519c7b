"""The Keras-style front (tinytensor.keras): metrics, compile, inputs, callbacks, optimizers,
schedules, whole-model files, the progress line."""
import io
import json
import math
import os
import zipfile

import numpy as np
import pytest

import tinytensor as tt
from tinytensor import keras, nn
from tinytensor.data import DataLoader, TensorDataset
from tinytensor.keras import callbacks, layers, metrics, models, optimizers, schedules
from tinytensor.keras.progress import Progress
from tinytensor.nn import init


def problem(n=200, classes=3, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, 5)).astype(np.float32)
    y = (x[:, 0] > 0).astype(np.int64) + (x[:, 1] > 0.5).astype(np.int64)
    return x, y % classes


def model(out=3, activation="softmax", seed=0):
    init.seed(seed)
    return models.Sequential([layers.Dense(8, activation="relu", input_shape=(5,)),
                              layers.Dense(out, activation=activation)])


def onehot(y, k=3):
    return np.eye(k, dtype=np.float32)[y]


# ------------------------------------------------------------------ metrics see probabilities
def mean_prob(y_true, y_pred):
    return y_pred.sum(-1).mean()


@pytest.mark.parametrize("loss,labels", [("categorical_crossentropy", "onehot"),
                                         ("sparse_categorical_crossentropy", "int"),
                                         ("mse", "onehot")])
@pytest.mark.parametrize("batch_size", [32, 7])
def test_evaluate_metrics_equal_metrics_from_predict(loss, labels, batch_size):
    x, y = problem()
    t = onehot(y) if labels == "onehot" else y
    m = model()
    m.compile(optimizer="adam", loss=loss, metrics=["accuracy", "mae", "mse", mean_prob])
    m.fit(x, t, epochs=2, batch_size=16, verbose=0)
    got = m.evaluate(x, t, batch_size=batch_size, verbose=0, return_dict=True)
    p = np.asarray(m.predict(x, batch_size=batch_size))
    assert p.shape == (200, 3) and np.allclose(p.sum(-1), 1, atol=1e-5)   # probabilities
    t1 = onehot(y)
    assert got["accuracy"] == pytest.approx(np.mean(p.argmax(-1) == y), abs=1e-6)
    target = t1 if labels == "onehot" else y[:, None]      # Keras broadcasts labels against (B, 3)
    assert got["mae"] == pytest.approx(np.mean(np.abs(p - target)), rel=1e-5)
    assert got["mse"] == pytest.approx(np.mean((p - target) ** 2), rel=1e-5)
    assert got["mean_prob"] == pytest.approx(1.0, abs=1e-5)


def test_binary_sigmoid_metrics_see_probabilities():
    x, y = problem(classes=2)
    y = (y > 0).astype(np.float32)[:, None]
    m = model(out=1, activation="sigmoid")
    m.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy", "mse"])
    m.fit(x, y, epochs=2, verbose=0)
    got = m.evaluate(x, y, verbose=0, return_dict=True)
    p = np.asarray(m.predict(x))
    assert ((p > 0) & (p < 1)).all()
    assert got["mse"] == pytest.approx(np.mean((p - y) ** 2), rel=1e-5)
    assert got["accuracy"] == pytest.approx(np.mean((p > 0.5) == (y > 0.5)), abs=1e-6)


def test_training_metrics_are_of_probabilities_too():
    x, y = problem()
    m = model()
    m.compile(optimizer="sgd", loss="categorical_crossentropy", metrics=[mean_prob])
    h = m.fit(x, onehot(y), epochs=1, batch_size=50, verbose=0, shuffle=False)
    assert h.history["mean_prob"][0] == pytest.approx(1.0, abs=1e-5)


def test_metric_objects_weighting():
    acc = metrics.get("accuracy", "sparse_categorical_crossentropy")
    acc.update_state(tt.tensor([0, 1]), tt.tensor([[0.9, 0.1], [0.8, 0.2]]))
    acc.update_state(tt.tensor([1]), tt.tensor([[0.1, 0.9]]), sample_weight=tt.tensor([2.0]))
    assert acc.result() == pytest.approx((1 + 0 + 2) / 4)
    acc.reset_state()
    assert math.isnan(acc.result())
    with pytest.raises(ValueError, match="unknown metric 'f1'"):
        metrics.get("f1")


# ------------------------------------------------------------------ compile is atomic
def test_failed_compile_changes_nothing():
    x, y = problem()
    m = model()
    m.compile(optimizer="sgd", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    opt, loss = m.optimizer, m.loss
    for bad in [dict(optimizer="adam", loss="mse", metrics=["accuracy", "no_such_metric"]),
                dict(optimizer="nope", loss="mse"), dict(optimizer="adam", loss="nope"),
                dict(optimizer="adam", loss="mse", metrics="accuracy")]:
        with pytest.raises((ValueError, TypeError)):
            m.compile(**bad)
        assert m.optimizer is opt and m.loss is loss and [k.name for k in m._metrics] == ["accuracy"]
    h = m.fit(x, y, epochs=1, verbose=0)
    assert set(h.history) == {"loss", "accuracy"}


def test_uncompiled_model_refuses_fit():
    with pytest.raises(RuntimeError, match="compile"):
        model().fit(*problem(), verbose=0)


# ------------------------------------------------------------------ inputs
def fitted(x, y=None, **kw):
    m = model()
    m.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return m, m.fit(x, y, verbose=0, **kw)


def test_arrays_of_every_kind_give_the_same_training():
    x, y = problem()
    runs = []
    for xs, ys in [(x, y), (tt.asarray(x), tt.asarray(y)), (x.tolist(), y.tolist())]:
        m, h = fitted(xs, ys, epochs=2, shuffle=False, batch_size=20)
        runs.append(h.history["loss"])
    assert runs[0] == pytest.approx(runs[1]) and runs[0] == pytest.approx(runs[2])


def test_float64_input_is_cast_to_the_layers_dtype():
    x, y = problem()
    m, _ = fitted(x.astype(np.float64), y, epochs=1)
    out = m.predict(x.astype(np.float64))
    assert out.dtype == tt.float32
    assert m(tt.asarray(x[:3], dtype=tt.int64)).dtype == tt.float32


def test_generator_with_steps_per_epoch():
    x, y = problem()

    def gen():
        while True:
            for i in range(0, 200, 25):
                yield x[i:i + 25], y[i:i + 25]

    m, h = fitted(gen(), epochs=3, steps_per_epoch=8)
    assert h.params == {"verbose": 0, "epochs": 3, "steps": 8} and h.epoch == [0, 1, 2]
    assert len(h.history["loss"]) == 3


def test_finite_generator_without_steps_warns_on_the_second_epoch():
    x, y = problem()
    gen = ((x[i:i + 50], y[i:i + 50]) for i in range(0, 200, 50))
    with pytest.warns(UserWarning, match="ran out of data"):
        m, h = fitted(gen, epochs=3)
    assert len(h.history["loss"]) == 1


def test_sample_weights_in_batches_and_arrays():
    x, y = problem()
    w = np.ones(200, np.float32)
    w[:100] = 0.0
    m = model()
    m.compile(optimizer="sgd", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    got = m.evaluate(x, y, sample_weight=w, verbose=0, return_dict=True)
    ref = m.evaluate(x[100:], y[100:], verbose=0, return_dict=True)
    assert got["accuracy"] == pytest.approx(ref["accuracy"])
    assert got["loss"] == pytest.approx(ref["loss"] / 2, rel=1e-5)   # sum over batch size
    batches = [(x[i:i + 40], y[i:i + 40], w[i:i + 40]) for i in range(0, 200, 40)]
    got2 = m.evaluate(iter(batches), verbose=0, return_dict=True)
    assert got2["accuracy"] == pytest.approx(ref["accuracy"])


def test_pydataset_like_and_dataloader_and_iterable():
    x, y = problem()

    class Seq:
        def __init__(self):
            self.ends = 0

        def __len__(self):
            return 4

        def __getitem__(self, i):
            return x[i * 50:(i + 1) * 50], y[i * 50:(i + 1) * 50]

        def on_epoch_end(self):
            self.ends += 1

    seq = Seq()
    _, h = fitted(seq, epochs=2)
    assert h.params["steps"] == 4 and seq.ends == 2
    loader = DataLoader(TensorDataset(x, y), batch_size=64, shuffle=True, seed=0)
    _, h = fitted(loader, epochs=2)
    assert h.params["steps"] == 4
    _, h = fitted(TensorDataset(x, y), epochs=1, batch_size=100)       # samples: batched
    assert h.params["steps"] == 2
    with pytest.raises(ValueError, match="given by the data itself"):
        fitted(loader, y, epochs=1)
    with pytest.raises(TypeError, match="cannot take data"):
        fitted(object(), epochs=1)


def test_torch_inputs_share_memory():
    torch = pytest.importorskip("torch")
    from tinytensor.data import to_tensor
    t = torch.arange(6, dtype=torch.float32).reshape(2, 3)
    a = to_tensor(t)
    t[0, 0] = 42.0
    assert a[0, 0].item() == 42.0                                    # no copy
    x, y = problem()
    ds = torch.utils.data.TensorDataset(torch.from_numpy(x), torch.from_numpy(y))
    _, h = fitted(ds, epochs=1, batch_size=50)
    assert h.params["steps"] == 4
    _, h = fitted(torch.utils.data.DataLoader(ds, batch_size=40), epochs=1)
    assert h.params["steps"] == 5 and h.history["accuracy"][0] > 0


# ------------------------------------------------------------------ callbacks
def test_callbacks_checkpoint_csv_lambda_scheduler(tmp_path):
    x, y = problem()
    seen = []
    lr_log = []
    cbs = [callbacks.ModelCheckpoint(str(tmp_path / "best.keras"), monitor="val_loss", save_best_only=True),
           callbacks.ModelCheckpoint(str(tmp_path / "w-{epoch:02d}.weights.npz"), save_weights_only=True),
           callbacks.LearningRateScheduler(lambda epoch, lr: 0.01 * 0.5 ** epoch),   # before the logger
           callbacks.CSVLogger(str(tmp_path / "log.csv")),
           callbacks.LambdaCallback(on_epoch_end=lambda e, logs: seen.append(e),
                                    on_train_batch_end=lambda b, logs: lr_log.append(b))]
    m, h = fitted(x, y, epochs=3, validation_split=0.2, callbacks=cbs)
    assert seen == [0, 1, 2] and len(lr_log) == 3 * 5
    assert h.history["learning_rate"] == pytest.approx([0.01, 0.005, 0.0025])
    assert sorted(os.listdir(tmp_path)) == ["best.keras", "log.csv", "w-01.weights.npz", "w-02.weights.npz",
                                            "w-03.weights.npz"]
    rows = (tmp_path / "log.csv").read_text().splitlines()
    assert rows[0] == "epoch,accuracy,learning_rate,loss,val_accuracy,val_loss" and len(rows) == 4
    best = min(h.history["val_loss"])
    again = models.load_model(str(tmp_path / "best.keras"))
    assert again.evaluate(x[160:], y[160:], verbose=0, return_dict=True)["loss"] == pytest.approx(best, rel=1e-5)


def test_reduce_lr_on_plateau_by_hand():
    class M:
        stop_training = False
        optimizer = optimizers.SGD(learning_rate=1.0)

    cb = callbacks.ReduceLROnPlateau(monitor="loss", factor=0.5, patience=2, cooldown=1, min_lr=0.1)
    cb.set_model(M())
    cb.on_train_begin()
    lrs = []
    for e, v in enumerate([1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0]):
        logs = {"loss": v}
        cb.on_epoch_end(e, logs)
        lrs.append(M.optimizer.learning_rate)
    # Keras's rule: the cooldown epoch also counts toward the next patience window
    assert lrs == [1.0, 1.0, 0.5, 0.5, 0.25, 0.25, 0.125, 0.125, 0.1, 0.1]
    with pytest.raises(ValueError):
        callbacks.ReduceLROnPlateau(factor=1.0)


def test_terminate_on_nan_stops_within_the_epoch():
    x, y = problem()
    m = model()

    def nan_loss(y_true, y_pred):
        return y_pred.sum() * float("nan")

    m.compile(optimizer="sgd", loss=nan_loss)
    batches = []
    h = m.fit(x, y, epochs=3, batch_size=50, verbose=0, callbacks=[
        callbacks.TerminateOnNaN(), callbacks.LambdaCallback(on_train_batch_end=lambda b, l: batches.append(b))])
    assert batches == [0] and len(h.history["loss"]) == 1


def test_checkpoint_name_rules():
    with pytest.raises(ValueError, match=".keras"):
        callbacks.ModelCheckpoint("x.h5")
    with pytest.raises(ValueError, match=".npz"):
        callbacks.ModelCheckpoint("x.weights.h5", save_weights_only=True)
    with pytest.raises(TypeError, match="unknown hook"):
        callbacks.LambdaCallback(on_batch_stop=print)


# ------------------------------------------------------------------ optimizers, schedules
def test_schedules_values():
    e = schedules.ExponentialDecay(0.1, decay_steps=10, decay_rate=0.5)
    assert e(0) == 0.1 and e(10) == pytest.approx(0.05) and e(5) == pytest.approx(0.1 * 0.5 ** 0.5)
    assert schedules.ExponentialDecay(0.1, 10, 0.5, staircase=True)(19) == pytest.approx(0.05)
    c = schedules.CosineDecay(1.0, decay_steps=100, alpha=0.1)
    assert c(0) == 1.0 and c(50) == pytest.approx(0.55) and c(100) == pytest.approx(0.1) and c(500) == pytest.approx(0.1)
    w = schedules.CosineDecay(0.0, 10, warmup_target=1.0, warmup_steps=5)
    assert w(0) == 0.0 and w(2) == pytest.approx(0.4) and w(5) == pytest.approx(1.0) and w(15) == pytest.approx(0.0)
    p = schedules.PiecewiseConstantDecay([10, 20], [1.0, 0.5, 0.1])
    assert [p(s) for s in (0, 10, 11, 20, 21)] == [1.0, 1.0, 0.5, 0.5, 0.1]
    with pytest.raises(ValueError, match="one more value"):
        schedules.PiecewiseConstantDecay([1], [1.0])


def test_optimizer_follows_a_schedule_per_step():
    p = tt.tensor([1.0], dtype=tt.float64)
    p.requires_grad = True
    opt = optimizers.SGD(learning_rate=schedules.PiecewiseConstantDecay([1], [1.0, 0.1]))
    opt.set_params([p])
    for _ in range(3):
        p.grad = tt.tensor([1.0], dtype=tt.float64)
        opt.step()
    assert p.item() == pytest.approx(1.0 - 1.0 - 1.0 - 0.1)      # steps 0 and 1 at 1.0, step 2 at 0.1
    assert opt.learning_rate == pytest.approx(0.1) and opt.iterations == 3


def test_keras_weight_decay_is_decoupled_and_clipping():
    p = tt.tensor([2.0, -4.0], dtype=tt.float64)
    p.requires_grad = True
    opt = optimizers.SGD(learning_rate=0.1, weight_decay=0.5)
    opt.set_params([p])
    p.grad = tt.tensor([0.0, 0.0], dtype=tt.float64)
    opt.step()
    assert p.tolist() == pytest.approx([2.0 * 0.95, -4.0 * 0.95])
    for kw, want in [(dict(clipnorm=1.0), [0.6, 0.8]), (dict(clipvalue=0.5), [0.5, 0.5]),
                     (dict(global_clipnorm=2.5), [1.5, 2.0])]:
        q = tt.tensor([0.0, 0.0], dtype=tt.float64)
        q.requires_grad = True
        o = optimizers.SGD(learning_rate=1.0, **kw)
        o.set_params([q])
        q.grad = tt.tensor([3.0, 4.0], dtype=tt.float64)
        o.step()
        assert (-q).tolist() == pytest.approx(want)
    with pytest.raises(ValueError, match="weight_decay"):
        optimizers.Adam(weight_decay=-1)


# ------------------------------------------------------------------ files
def test_model_save_and_load_model_round_trip(tmp_path):
    x, y = problem()
    m = model()
    m.compile(optimizer=optimizers.Adam(learning_rate=schedules.ExponentialDecay(0.01, 10, 0.9)),
              loss="sparse_categorical_crossentropy", metrics=["accuracy", mean_prob])
    m.fit(x, y, epochs=2, verbose=0)
    path = str(tmp_path / "m.keras")
    m.save(path)
    with zipfile.ZipFile(path) as zf:
        names = set(zf.namelist())
        config = json.loads(zf.read("config.json"))
    assert names == {"config.json", "model.weights.npz", "optimizer.npz", "optimizer.json"}
    assert not any(n.endswith((".pkl", ".pickle")) for n in names)
    assert [l["class_name"] for l in config["config"]["layers"]] == ["Dense", "Dense"]
    with pytest.raises(ValueError, match="custom_objects"):
        models.load_model(path)                      # mean_prob is custom
    b = models.load_model(path, custom_objects={"mean_prob": mean_prob})
    assert np.array_equal(np.asarray(b.predict(x)), np.asarray(m.predict(x)))
    assert b.optimizer.iterations == m.optimizer.iterations
    assert b.optimizer.learning_rate == pytest.approx(m.optimizer.learning_rate)
    # the optimizer state came along: one more identical step on both gives identical weights
    m.fit(x[:32], y[:32], epochs=1, batch_size=32, verbose=0, shuffle=False)
    b.fit(x[:32], y[:32], epochs=1, batch_size=32, verbose=0, shuffle=False)
    for wa, wb in zip(m.get_weights(), b.get_weights()):
        assert np.allclose(np.asarray(wa), np.asarray(wb), rtol=0, atol=1e-7)
    nocompile = models.load_model(path, compile=False)
    assert not nocompile.compiled


def test_model_save_rules(tmp_path):
    m = model()
    with pytest.raises(ValueError, match="must end in .keras"):
        m.save(str(tmp_path / "m.h5"))
    for name in ("w.weights.h5", "w.hdf5"):
        with pytest.raises(ValueError, match="HDF5 weight files are not supported"):
            m.save_weights(str(tmp_path / name))
        with pytest.raises(ValueError, match="HDF5"):
            m.load_weights(str(tmp_path / name))
    assert os.listdir(tmp_path) == []
    bad = tmp_path / "bad.keras"
    bad.write_bytes(b"not a zip")
    with pytest.raises(ValueError, match="not a valid"):
        models.load_model(str(bad))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("config.json", "{]")
        zf.writestr("model.weights.npz", b"")
    bad.write_bytes(buf.getvalue())
    with pytest.raises(ValueError, match="not a tinytensor .keras model"):
        models.load_model(str(bad))


# ------------------------------------------------------------------ progress
class FakeTTY(io.StringIO):
    def isatty(self):
        return True


@pytest.mark.parametrize("columns", [40, 60, 80, 120])
def test_progress_fits_the_terminal_and_updates_in_place(columns):
    out = FakeTTY()
    bar = Progress(469, verbose=1, file=out, width=columns)
    logs = {"loss": 0.123456, "accuracy": 0.987654, "val_loss": 1.5, "val_accuracy": 0.5}
    for i in range(469):
        bar.last = -1.0              # draw every update
        bar.update(1, logs)
    bar.close(logs)
    text = out.getvalue()
    assert text.count("\n") == 1                      # in place: one finished line
    frames = text.replace("\n", "").split("\r")[1:]
    assert len(frames) >= 469
    assert all(len(f) <= columns - 1 for f in frames), max(map(len, frames))
    assert frames[-1].startswith("469/469")


def test_progress_not_a_tty_prints_one_line_per_epoch(capsys):
    x, y = problem()
    m = model()
    m.compile(optimizer="sgd", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    m.fit(x, y, epochs=3, batch_size=8, verbose=1)
    out = capsys.readouterr().out
    assert "\r" not in out
    lines = out.splitlines()
    assert len(lines) == 6 and lines[0] == "Epoch 1/3" and lines[1].startswith("25/25 [")
    m.fit(x, y, epochs=2, batch_size=8, verbose=2)
    assert len(capsys.readouterr().out.splitlines()) == 4


def test_keras_package_layout():
    from tinytensor import models as old_models, layers as old_layers, callbacks as old_callbacks
    assert old_models is keras.models and old_layers is keras.layers and old_callbacks is keras.callbacks
    assert keras.Sequential is keras.models.Sequential
