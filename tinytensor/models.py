"""Keras-style ``Sequential`` model: ``add``, ``compile``, ``fit``, ``evaluate``, ``predict``,
``summary``, ``save_weights`` / ``load_weights``.

Fast path: when the last layer is ``Dense(activation="softmax")`` and the loss is (sparse)
categorical cross-entropy on probabilities, training computes the loss from the logits with the
fused ``tt.softmax_cross_entropy`` (one pass, no log of a clipped probability); likewise
``Dense(activation="sigmoid")`` + binary cross-entropy uses the stable from-logits form. The model's
outputs (``predict``) are unchanged. The two differ from Keras's clipped formula only where a
probability falls below 1e-7.
"""
import sys
import time

import tinytensor as tt
from tinytensor import _core as _ops  # the fused kernels: linear, softmax, ...
from . import nn, optim
from .autograd import no_grad
from .callbacks import Callback, History
from .data import Batches
from .layers import Dense, Layer, _unique_name
from .nn import functional as F
from . import _npz

# ------------------------------------------------------------------ losses (Keras order: y_true, y_pred)
LOSSES = {
    "categorical_crossentropy": lambda t, p: F.categorical_crossentropy(p, t),
    "sparse_categorical_crossentropy": lambda t, p: F.sparse_categorical_crossentropy(p, t),
    "binary_crossentropy": lambda t, p: F.binary_crossentropy(p, t),
    "mean_squared_error": lambda t, p: F.mse_loss(p, t),
    "half_sse": lambda t, p: F.half_sse_loss(p, t),
}
ALIASES = {"mse": "mean_squared_error", "higham": "half_sse", "cce": "categorical_crossentropy",
           "scce": "sparse_categorical_crossentropy", "bce": "binary_crossentropy"}


def _loss_name(loss):
    if isinstance(loss, str):
        name = ALIASES.get(loss, loss)
        if name not in LOSSES:
            raise ValueError("unknown loss %r; known: %s" % (loss, ", ".join(sorted(LOSSES) + sorted(ALIASES))))
        return name
    if isinstance(loss, nn.CategoricalCrossentropy) and not loss.from_logits:
        return {nn.SparseCategoricalCrossentropy: "sparse_categorical_crossentropy",
                nn.BinaryCrossentropy: "binary_crossentropy"}.get(type(loss), "categorical_crossentropy")
    return None


def _as_loss_fn(loss):
    if isinstance(loss, str):
        return LOSSES[_loss_name(loss)]
    if isinstance(loss, nn.Module):        # nn losses take (input, target)
        return lambda t, p: loss(p, t)
    if callable(loss):                     # Keras-style callables take (y_true, y_pred)
        return loss
    raise ValueError("loss must be a name, an nn loss module or a callable(y_true, y_pred)")


# ------------------------------------------------------------------ metrics
def _argmax_equal(y_true, out):
    return (tt.argmax(out, axis=-1) == tt.argmax(y_true, axis=-1)).sum().item()


def _sparse_equal(y_true, out):
    y = y_true.reshape(-1) if y_true.ndim > 1 else y_true
    return (tt.argmax(out, axis=-1) == y.astype(tt.int64)).sum().item()


class _Metric:
    """Accumulates a per-sample mean over an epoch."""

    def __init__(self, name, fn):
        self.name, self.fn = name, fn
        self.reset()

    def reset(self):
        self.total, self.count = 0.0, 0

    def update(self, y_true, out, logits):
        self.total += self.fn(y_true, out, logits)
        self.count += out.shape[0]

    def result(self):
        return self.total / self.count if self.count else float("nan")


def _make_metric(m, loss_name):
    if callable(m):
        name = getattr(m, "__name__", "metric")
        return _Metric(name, lambda t, o, logits: float(m(t, o).item()) * o.shape[0])
    name = str(m)
    kind = name
    if name in ("accuracy", "acc"):
        kind = {"categorical_crossentropy": "categorical_accuracy",
                "sparse_categorical_crossentropy": "sparse_categorical_accuracy",
                "binary_crossentropy": "binary_accuracy"}.get(loss_name, "auto_accuracy")
    if kind == "categorical_accuracy":
        return _Metric(name, lambda t, o, lg: _argmax_equal(t, o))
    if kind == "sparse_categorical_accuracy":
        return _Metric(name, lambda t, o, lg: _sparse_equal(t, o))
    if kind == "binary_accuracy":
        return _Metric(name, lambda t, o, lg: ((o > (0.0 if lg else 0.5)).astype(tt.float32)
                                               == t.astype(tt.float32).reshape(o.shape)).sum().item() / _width(o))
    if kind == "auto_accuracy":
        def auto(t, o, lg):
            if o.ndim > 1 and o.shape[-1] > 1:
                return _argmax_equal(t, o) if t.shape == o.shape else _sparse_equal(t, o)
            return ((o > (0.0 if lg else 0.5)).astype(tt.float32) == t.astype(tt.float32).reshape(o.shape)).sum().item() / _width(o)
        return _Metric(name, auto)
    if kind in ("mse", "mean_squared_error"):
        return _Metric(name, lambda t, o, lg: (((o - t.reshape(o.shape)) ** 2).mean().item()) * o.shape[0])
    if kind in ("mae", "mean_absolute_error"):
        return _Metric(name, lambda t, o, lg: tt.abs(o - t.reshape(o.shape)).mean().item() * o.shape[0])
    raise ValueError("unknown metric %r" % (m,))


def _width(o):
    n = 1
    for s in o.shape[1:]:
        n *= s
    return n


# ------------------------------------------------------------------ progress
class Progress:
    """Keras-like progress line: tqdm when installed (and ``use_tqdm``), else a built-in text bar.
    Both show the running loss and metrics."""

    def __init__(self, total, verbose=1, file=None, use_tqdm=None):
        self.total, self.verbose, self.file = total, verbose, file or sys.stdout
        self.start = self.last = time.time()
        self.seen = 0
        self.tqdm = None
        if verbose == 1 and use_tqdm is not False:
            try:
                from tqdm.auto import tqdm
                self.tqdm = tqdm(total=total, file=self.file, unit="step", leave=True, dynamic_ncols=True)
            except ImportError:
                self.tqdm = None

    @staticmethod
    def format_logs(logs):
        return " - ".join("%s: %.4f" % (k, v) for k, v in logs.items())

    def update(self, n, logs):
        self.seen += n
        if self.verbose != 1:
            return
        if self.tqdm is not None:
            self.tqdm.set_postfix_str(self.format_logs(logs), refresh=False)
            self.tqdm.update(n)
            return
        now = time.time()
        if now - self.last < 0.1 and self.seen < self.total:
            return
        self.last = now
        self.file.write("\r" + self._line(logs, done=False))
        self.file.flush()

    def _line(self, logs, done):
        width = 30
        frac = self.seen / self.total if self.total else 1.0
        filled = int(width * frac)
        bar = "=" * filled + (">" if filled < width else "") + "." * max(0, width - filled - 1)
        elapsed = time.time() - self.start
        if done:
            per = elapsed / max(self.seen, 1)
            timing = "%ds %dms/step" % (round(elapsed), round(per * 1000))
        else:
            eta = elapsed / max(self.seen, 1) * (self.total - self.seen)
            timing = "ETA: %ds" % round(eta)
        digits = len(str(self.total))
        text = "%*d/%d [%s] - %s" % (digits, self.seen, self.total, bar, timing)
        return text + (" - " + self.format_logs(logs) if logs else "")

    def close(self, logs):
        if self.verbose == 0:
            return
        if self.tqdm is not None:
            self.tqdm.set_postfix_str(self.format_logs(logs), refresh=True)
            self.tqdm.close()
            return
        self.file.write(("\r" if self.verbose == 1 else "") + self._line(logs, done=True) + "\n")
        self.file.flush()


# ------------------------------------------------------------------ the model
class Sequential(nn.Module):
    def __init__(self, layers=None, name=None):
        super().__init__()
        self.name = name or _unique_name("sequential")
        self.layers = []
        self.optimizer = None
        self.loss = None
        self.stop_training = False
        self.compiled = False
        for layer in layers or []:
            self.add(layer)

    # ---- structure
    def named_children(self):
        for i, layer in enumerate(self.layers):
            yield "layer%d" % i, layer

    def add(self, layer):
        if not isinstance(layer, Layer):
            raise TypeError("Sequential.add expects a tinytensor.layers Layer, got %r" % (layer,))
        if not self.layers and layer.input_shape is None and not layer.built:
            pass
        self.layers.append(layer)
        if self.layers[0].input_shape is not None:
            self.build((None,) + self.layers[0].input_shape)

    def build(self, input_shape):
        shape = tuple(input_shape)
        for layer in self.layers:
            if not layer.built:
                layer.build(shape)
            shape = layer.compute_output_shape(shape)
        return shape

    @property
    def built(self):
        return bool(self.layers) and all(l.built for l in self.layers)

    def forward(self, x):
        for layer in self.layers:
            x = layer(x)
        return x

    def __call__(self, x):
        return self.forward(self._prep_x(x))

    # ---- compile
    def compile(self, optimizer="rmsprop", loss=None, metrics=None):
        if loss is None:
            raise ValueError("compile needs a loss")
        self.optimizer = optim.get(optimizer)
        self.loss = loss
        self._loss_name = _loss_name(loss)
        self._loss_fn = _as_loss_fn(loss)
        self._metric_specs = list(metrics or [])
        self._metrics = [_make_metric(m, self._loss_name) for m in self._metric_specs]
        self._bound = None
        self.compiled = True

    def _fused(self):
        """"softmax" / "sigmoid" when the last Dense layer's activation can fuse with the loss."""
        last = self.layers[-1] if self.layers else None
        if not isinstance(last, Dense):
            return None
        if last.activation_name == "softmax" and self._loss_name in (
                "categorical_crossentropy", "sparse_categorical_crossentropy"):
            return "softmax"
        if last.activation_name == "sigmoid" and self._loss_name == "binary_crossentropy":
            return "sigmoid"
        return None

    def _bind_optimizer(self):
        params = self.trainable_parameters()
        if self._bound is None or len(self._bound) != len(params) or any(a is not b for a, b in zip(self._bound, params)):
            self.optimizer.set_params(params)
            self._bound = params

    def trainable_parameters(self):
        return [p for l in self.layers if l.trainable for p in l.parameters()]

    # ---- one batch
    def _loss_and_output(self, xb, yb):
        """(loss, output for metrics, output is logits?)"""
        fused = self._fused()
        if fused is None:
            out = self.forward(xb)
            return self._loss_fn(yb, out), out, False
        h = xb
        for layer in self.layers[:-1]:
            h = layer(h)
        z = self.layers[-1].logits(h)
        if fused == "sigmoid":
            return F.binary_crossentropy(z, yb.astype(z.dtype), from_logits=True), z, True
        if self._loss_name == "sparse_categorical_crossentropy":
            y = yb.reshape(-1) if yb.ndim > 1 else yb
            return _ops.softmax_cross_entropy(z, y.astype(tt.int64)), z, True
        return _ops.softmax_cross_entropy(z, yb if yb.dtype == z.dtype else yb.astype(z.dtype)), z, True

    def _prep_x(self, x):
        x = x if isinstance(x, tt.Tensor) else tt.asarray(x)
        if x.dtype not in (tt.float32, tt.float64):
            x = x.astype(tt.float32)
        return x

    def _check_ready(self, x):
        if not self.compiled:
            raise RuntimeError("You must compile your model before training/testing. Use model.compile(optimizer, loss).")
        if not self.built:
            self.build((None,) + tuple(x.shape[1:]))

    # ---- fit / evaluate / predict
    def fit(self, x=None, y=None, batch_size=None, epochs=1, verbose=1, callbacks=None,
            validation_split=0.0, validation_data=None, shuffle=True, initial_epoch=0, seed=None):
        x = self._prep_x(x)
        y = y if isinstance(y, tt.Tensor) else tt.asarray(y)
        if len(x) != len(y):
            raise ValueError("x and y have different numbers of samples: %d and %d" % (len(x), len(y)))
        self._check_ready(x)
        batch_size = batch_size or 32
        if validation_data is None and validation_split:
            if not 0.0 < validation_split < 1.0:
                raise ValueError("validation_split must be in (0, 1)")
            n_train = int(len(x) * (1.0 - validation_split))
            x, y, validation_data = x[:n_train], y[:n_train], (x[n_train:], y[n_train:])
        if validation_data is not None:
            validation_data = (self._prep_x(validation_data[0]), tt.asarray(validation_data[1]))
        self._bind_optimizer()
        history = History()
        cbs = list(callbacks or []) + [history]
        for cb in cbs:
            cb.set_model(self)
        self.stop_training = False
        for cb in cbs:
            cb.on_train_begin()
        batches = Batches(x, y, batch_size=batch_size, shuffle=shuffle, seed=seed)
        opt = self.optimizer
        for epoch in range(initial_epoch, epochs):
            self.train()
            for cb in cbs:
                cb.on_epoch_begin(epoch)
            if verbose:
                print("Epoch %d/%d" % (epoch + 1, epochs), file=sys.stdout)
            bar = Progress(len(batches), verbose)
            for m in self._metrics:
                m.reset()
            total, seen = 0.0, 0
            for step, (xb, yb) in enumerate(batches):
                loss, out, is_logits = self._loss_and_output(xb, yb)
                opt.zero_grad()
                loss.backward()
                opt.step()
                n = xb.shape[0]
                total += loss.item() * n
                seen += n
                logs = {"loss": total / seen}
                with no_grad():
                    out = out.detach()
                    for m in self._metrics:
                        m.update(yb, out, is_logits)
                        logs[m.name] = m.result()
                bar.update(1, logs)
                for cb in cbs:
                    cb.on_train_batch_end(step, logs)
            logs = {"loss": total / max(seen, 1)}
            logs.update((m.name, m.result()) for m in self._metrics)
            if validation_data is not None:
                vals = self.evaluate(*validation_data, batch_size=batch_size, verbose=0, return_dict=True)
                logs.update(("val_" + k, v) for k, v in vals.items())
            bar.close(logs)
            for cb in cbs:
                cb.on_epoch_end(epoch, logs)
            if self.stop_training:
                break
        for cb in cbs:
            cb.on_train_end()
        self.history = history
        return history

    @no_grad()
    def evaluate(self, x=None, y=None, batch_size=None, verbose=1, return_dict=False):
        """``[loss, *metrics]`` averaged over samples (a plain float loss when there are no metrics)."""
        x = self._prep_x(x)
        y = y if isinstance(y, tt.Tensor) else tt.asarray(y)
        if len(x) != len(y):
            raise ValueError("x and y have different numbers of samples: %d and %d" % (len(x), len(y)))
        self._check_ready(x)
        self.eval()
        try:
            metrics = [_make_metric(m, self._loss_name) for m in self._metric_specs]
            total, seen = 0.0, 0
            batches = Batches(x, y, batch_size=batch_size or 32)
            bar = Progress(len(batches), verbose)
            for xb, yb in batches:
                loss, out, is_logits = self._loss_and_output(xb, yb)
                n = xb.shape[0]
                total += loss.item() * n
                seen += n
                for m in metrics:
                    m.update(yb, out, is_logits)
                logs = {"loss": total / seen}
                logs.update((m.name, m.result()) for m in metrics)
                bar.update(1, logs)
            logs = {"loss": total / max(seen, 1)}
            logs.update((m.name, m.result()) for m in metrics)
            bar.close(logs)
        finally:
            self.train()
        if return_dict:
            return logs
        values = list(logs.values())
        return values[0] if len(values) == 1 else values

    @no_grad()
    def predict(self, x, batch_size=None, verbose=0):
        x = self._prep_x(x)
        if not self.built:
            self.build((None,) + tuple(x.shape[1:]))
        self.eval()
        try:
            outs = [self.forward(xb) for xb in Batches(x, batch_size=batch_size or 32)]
        finally:
            self.train()
        return outs[0] if len(outs) == 1 else _ops.concatenate(outs, axis=0)

    # ---- weights
    def _weight_names(self):
        names = []
        for i, layer in enumerate(self.layers):
            for pname, _ in layer.named_parameters():
                names.append("layer%d.%s" % (i, pname))
        return names

    def get_weights(self):
        return [p.detach().copy() for p in self.parameters()]

    def set_weights(self, weights):
        params = self.parameters()
        if len(weights) != len(params):
            raise ValueError("model expects %d weight arrays, got %d" % (len(params), len(weights)))
        with no_grad():
            for p, w in zip(params, weights):
                w = tt.asarray(w)
                if tuple(w.shape) != tuple(p.shape):
                    raise ValueError("weight shape %s does not match %s" % (tuple(w.shape), tuple(p.shape)))
                p[...] = w.astype(p.dtype) if w.dtype != p.dtype else w

    def save_weights(self, filepath):
        """Write every weight to an .npz file (keys "layer<i>.<kernel|bias>"), atomically."""
        if not self.built:
            raise ValueError("the model has no weights yet: build it (give input_shape or call fit) first")
        _npz.save_npz(filepath, dict(zip(self._weight_names(), self.parameters())))

    def load_weights(self, filepath):
        """Load weights saved by ``save_weights``; names and shapes must match exactly."""
        if not self.built:
            raise ValueError("build the model (input_shape, or call it once) before load_weights")
        stored = _npz.load_npz(filepath)
        names = self._weight_names()
        missing = [n for n in names if n not in stored]
        extra = [n for n in stored if n not in names]
        if missing or extra:
            raise ValueError("%s does not match this model: missing %s, unexpected %s" % (filepath, missing, extra))
        for n, p in zip(names, self.parameters()):
            if tuple(stored[n].shape) != tuple(p.shape):
                raise ValueError("%s: %s has shape %s, the model expects %s"
                                 % (filepath, n, tuple(stored[n].shape), tuple(p.shape)))
        self.set_weights([stored[n] for n in names])

    # ---- summary
    def count_params(self):
        return sum(l.count_params() for l in self.layers)

    def summary(self, print_fn=print, line_length=65):
        cols = [29, 26, 10]
        def row(a, b, c):
            return (" " + a).ljust(cols[0]) + b.ljust(cols[1]) + c.ljust(cols[2])
        lines = ['Model: "%s"' % self.name, "_" * line_length,
                 row("Layer (type)", "Output Shape", "Param #"), "=" * line_length]
        shape = (None,) + self.layers[0].input_shape if self.layers and self.layers[0].input_shape else None
        for i, layer in enumerate(self.layers):
            if shape is not None:
                shape = layer.compute_output_shape(shape)
                out = "(" + ", ".join("None" if s is None else str(s) for s in shape) + ("," if len(shape) == 1 else "") + ")"
            else:
                out = "?"
            lines.append(row("%s (%s)" % (layer.name, type(layer).__name__), out,
                             str(layer.count_params()) if layer.built else "0 (unbuilt)"))
            lines.append("=" * line_length if i == len(self.layers) - 1 else " " * line_length)
        trainable = sum(l.count_params() for l in self.layers if l.trainable)
        total = self.count_params()
        lines += ["Total params: {:,}".format(total), "Trainable params: {:,}".format(trainable),
                  "Non-trainable params: {:,}".format(total - trainable), "_" * line_length]
        for line in lines:
            print_fn(line)
