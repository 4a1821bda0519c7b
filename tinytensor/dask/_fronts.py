"""The one place that knows tinytensor's two training fronts (follow their API changes here).

Data-parallel training needs four things from a model, whichever front built it:

* ``params``: the trainable parameters, in a fixed order (the gradients travel in that order);
* ``loss(xb, yb)``: the loss of a batch as a MEAN over its samples (every built-in loss is), so
  that the shard losses weighted by their share of the batch sum to the full batch's loss;
* ``optimizer``: an object whose ``step()`` updates ``params`` from their ``.grad``;
* ``evaluate(x, y)``: a dict of validation numbers.

It uses only public calls: ``model.parameters()`` / ``trainable_parameters()``,
``model.layers``, ``layer.logits``, ``model.loss`` / ``model.optimizer`` (set by ``compile``),
``model.evaluate``, the functional losses, ``Tensor.grad``, ``backward()``, ``optimizer.step()``
and ``optimizer.set_params``/``state``/``iterations``.
"""
import tinytensor as tt
from tinytensor.autograd import no_grad
from tinytensor.nn import functional as F

# Keras losses the front computes from the logits of the last Dense layer when its activation
# is the matching one (as model.fit does): loss name -> (activation, the from_logits loss).
_FROM_LOGITS = {
    "categorical_crossentropy": ("softmax", F.categorical_crossentropy),
    "sparse_categorical_crossentropy": ("softmax", F.sparse_categorical_crossentropy),
    "binary_crossentropy": ("sigmoid", lambda z, y, from_logits: F.binary_crossentropy(
        z, tt.asarray(y).astype(z.dtype), from_logits=from_logits)),
}


def _is_keras(model):
    return hasattr(model, "compile") and hasattr(model, "layers")


class Front:
    """``Front(model, loss=None, optimizer=None)``: a Keras-style ``Sequential`` (compiled, or
    given ``loss``/``optimizer``) or an ``nn.Module`` with a loss ``loss(output, target)`` and an
    optimizer built on its parameters."""

    def __init__(self, model, loss=None, optimizer=None):
        self.model = model
        self.keras = _is_keras(model)
        if self.keras:
            loss = model.loss if loss is None else loss
            optimizer = getattr(model, "optimizer", None) if optimizer is None else optimizer
            if loss is None or optimizer is None:
                raise ValueError("compile the model first (model.compile(optimizer, loss)) or "
                                 "pass loss= and optimizer=")
        elif loss is None or optimizer is None:
            raise ValueError("an nn.Module needs loss= (called loss(output, target)) and "
                             "optimizer= (built on model.parameters())")
        if isinstance(optimizer, str):
            from tinytensor import optim
            optimizer = optim.get(optimizer)
        self.loss_fn = self._keras_loss(loss) if self.keras else (lambda xb, yb: loss(model(xb), yb))
        self.optimizer = optimizer

    # ---- model structure
    def build(self, x):
        """Creates the weights of a Keras model that has none yet, from the data's shape, and
        binds the optimizer to the parameters (what model.fit does first)."""
        if self.keras and not self.model.built:
            self.model.build((None,) + tuple(x.shape[1:]))
        params = self.params
        if not params:
            raise ValueError("the model has no trainable parameters")
        bound = getattr(self.optimizer, "params", None)
        if bound is None or len(bound) != len(params) or any(a is not b for a, b in zip(bound, params)):
            self.optimizer.set_params(params)

    @property
    def params(self):
        if self.keras and hasattr(self.model, "trainable_parameters"):
            return list(self.model.trainable_parameters())
        return [p for p in self.model.parameters() if p.requires_grad]

    def _keras_loss(self, loss):
        from tinytensor import models, nn
        model = self.model
        if isinstance(loss, str):
            name = models.ALIASES.get(loss, loss)
            if name not in models.LOSSES:
                raise ValueError("unknown loss %r" % (loss,))
            last = model.layers[-1] if model.layers else None
            activation, fused = _FROM_LOGITS.get(name, (None, None))
            if fused is not None and getattr(last, "activation_name", None) == activation \
                    and hasattr(last, "logits"):

                def from_logits(xb, yb):
                    h = xb
                    for layer in model.layers[:-1]:
                        h = layer(h)
                    return fused(last.logits(h), yb, from_logits=True)
                return from_logits
            keras_fn = models.LOSSES[name]
            return lambda xb, yb: keras_fn(yb, model(xb))
        if isinstance(loss, nn.Module):                      # nn losses take (output, target)
            return lambda xb, yb: loss(model(xb), yb)
        return lambda xb, yb: loss(yb, model(xb))           # Keras callables take (y_true, y_pred)

    def prepare_x(self, x):
        """The input as the fronts take it: a Tensor, float32 unless it is float already."""
        x = x if isinstance(x, tt.Tensor) else tt.asarray(x)
        return x if x.dtype in (tt.float32, tt.float64) else x.astype(tt.float32)

    # ---- training steps
    def gradients(self, xb, yb, weight):
        """(gradients of weight * loss(xb, yb), one per parameter, None for a parameter the
        loss does not reach (the optimizer then skips it, as in one process); the loss)."""
        params = self.params
        for p in params:
            p.grad = None
        loss = self.loss_fn(xb, yb)
        (loss * weight).backward()
        grads = tuple(p.grad for p in params)
        for p in params:
            p.grad = None
        return grads, loss.item()

    def step(self, grads):
        """One optimizer step with the given (summed) gradients."""
        params = self.params
        for p, g in zip(params, grads):
            p.grad = g
        self.optimizer.step()
        for p in params:
            p.grad = None

    def get_weights(self):
        return tuple(p.detach().copy() for p in self.params)

    def set_weights(self, weights):
        with no_grad():
            for p, w in zip(self.params, weights):
                if w is not p:
                    p[...] = w

    def optimizer_state(self):
        return self.optimizer.state, self.optimizer.iterations

    def set_optimizer_state(self, state):
        self.optimizer.state, self.optimizer.iterations = state

    def evaluate(self, x, y, batch_size):
        if self.keras:
            return self.model.evaluate(x, y, batch_size=batch_size, verbose=0, return_dict=True)
        total, n = 0.0, len(x)
        with no_grad():
            for start in range(0, n, batch_size):
                xb, yb = x[start:start + batch_size], y[start:start + batch_size]
                total += self.loss_fn(xb, yb).item() * len(xb)
        return {"loss": total / max(n, 1)}
