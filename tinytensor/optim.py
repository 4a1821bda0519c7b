"""Optimizers: SGD (momentum, Nesterov), RMSprop, Adam. Updates are in place, under no_grad.

The core's fused in-place update kernels (``_core._sgd_update_`` and friends, one pass over a
parameter) are used when the parameter, its gradient and its state are C-contiguous tensors of one
float dtype and shape; otherwise (odd layouts, mixed dtypes) the same update runs as a few
in-place tensor ops. Parameters may be given at construction (PyTorch style) or later with ``set_params`` (what the
Keras-style ``compile`` does with an optimizer built before the model). Per-parameter state lives
in ``self.state[i]`` for the i-th parameter.

Where epsilon goes (``eps_style``):

RMSprop, v <- rho v + (1 - rho) g^2:
  - "keras": p <- p - lr g / sqrt(v + eps)            (TensorFlow/Keras; eps inside the root)
  - "torch": p <- p - lr g / (sqrt(v) + eps)          (PyTorch)
Adam, m <- b1 m + (1 - b1) g, v <- b2 v + (1 - b2) g^2, t <- t + 1:
  - "keras": p <- p - lr sqrt(1 - b2^t) / (1 - b1^t) * m / (sqrt(v) + eps)
             (Kingma & Ba's "epsilon hat": eps is added to the un-corrected root)
  - "torch": p <- p - lr / (1 - b1^t) * m / (sqrt(v) / sqrt(1 - b2^t) + eps)
             (eps is added to the bias-corrected root; Algorithm 1 of the paper)
The two agree as eps -> 0. Defaults follow Keras (eps 1e-7); pass ``eps_style="torch", eps=1e-8``
(and for RMSprop ``rho=0.99, lr=1e-2``) for PyTorch's defaults.

SGD with momentum uses PyTorch's form b <- m b + g; p <- p - lr b (Nesterov: p <- p - lr (g + m b)),
which equals Keras's v <- m v - lr g; p <- p + v for a constant learning rate.
"""
import math

import tinytensor as tt
from . import _core
from .autograd import no_grad


_FLOATS = (tt.float32, tt.float64)


def _fused(name, p, g, *rest):
    """Run the core's fused in-place update ``name`` when the tensors suit it (C-contiguous, one
    float dtype and shape) and return True; return False so the caller uses tensor ops."""
    tensors = (p, g) + tuple(a for a in rest if isinstance(a, tt.Tensor))
    for t in tensors:
        if not (isinstance(t, tt.Tensor) and t.is_contiguous() and t.dtype == p.dtype and t.shape == p.shape):
            return False
    if p.dtype not in _FLOATS:
        return False
    getattr(_core, name)(p, g, *rest)
    return True


class Optimizer:
    def __init__(self, params=None, lr=0.01):
        if lr < 0:
            raise ValueError("learning rate must be >= 0, got %r" % (lr,))
        self.lr = lr
        self.params = []
        self.state = {}
        self.iterations = 0
        if params is not None:
            self.set_params(params)

    def set_params(self, params):
        params = list(params)
        for p in params:
            if not isinstance(p, tt.Tensor) or not p.requires_grad:
                raise ValueError("optimizer parameters must be Tensors with requires_grad=True")
        self.params = params
        self.state = {}
        self.iterations = 0
        return self

    @property
    def learning_rate(self):
        return self.lr

    @learning_rate.setter
    def learning_rate(self, value):
        self.lr = value

    def zero_grad(self):
        for p in self.params:
            p.grad = None

    def step(self):
        """Apply one update to every parameter that has a gradient."""
        self.iterations += 1
        with no_grad():
            for i, p in enumerate(self.params):
                if p.grad is not None:
                    self.update(p, p.grad, self.state.setdefault(i, {}))

    def update(self, p, g, state):
        raise NotImplementedError


def _check_style(eps_style):
    if eps_style not in ("keras", "torch"):
        raise ValueError("eps_style must be 'keras' or 'torch', not %r" % (eps_style,))
    return eps_style


class SGD(Optimizer):
    def __init__(self, params=None, lr=0.01, momentum=0.0, nesterov=False, learning_rate=None):
        super().__init__(params, lr if learning_rate is None else learning_rate)
        if momentum < 0:
            raise ValueError("momentum must be >= 0")
        if nesterov and momentum == 0:
            raise ValueError("Nesterov momentum needs momentum > 0")
        self.momentum, self.nesterov = momentum, nesterov

    def update(self, p, g, state):
        if self.momentum == 0:
            if not _fused("_sgd_update_", p, g, p, self.lr, 0.0, False):
                p -= g * self.lr
            return
        if "momentum" not in state:
            buf = tt.zeros_like(p)      # the fused first step gives buf = g, as below
            if _fused("_sgd_update_", p, g, buf, self.lr, self.momentum, self.nesterov):
                state["momentum"] = buf
                return
        elif _fused("_sgd_update_", p, g, state["momentum"], self.lr, self.momentum, self.nesterov):
            return
        buf = state.get("momentum")
        if buf is None:
            buf = state["momentum"] = g.copy()
        else:
            buf *= self.momentum
            buf += g
        if self.nesterov:
            p -= (g + buf * self.momentum) * self.lr
        else:
            p -= buf * self.lr


class RMSprop(Optimizer):
    def __init__(self, params=None, lr=1e-3, rho=0.9, eps=1e-7, eps_style="keras", learning_rate=None,
                 epsilon=None):
        super().__init__(params, lr if learning_rate is None else learning_rate)
        self.rho = rho
        self.eps = eps if epsilon is None else epsilon
        self.eps_style = _check_style(eps_style)

    def update(self, p, g, state):
        v = state.get("square_avg")
        if v is None:
            v = state["square_avg"] = tt.zeros_like(p)
        if _fused("_rmsprop_update_", p, g, v, self.lr, self.rho, self.eps, self.eps_style == "keras"):
            return
        v *= self.rho
        g2 = g * g
        g2 *= 1.0 - self.rho
        v += g2
        if self.eps_style == "keras":
            denom = tt.sqrt(v + self.eps)
        else:
            denom = tt.sqrt(v)
            denom += self.eps
        step = g / denom
        step *= self.lr
        p -= step


class Adam(Optimizer):
    def __init__(self, params=None, lr=1e-3, beta_1=0.9, beta_2=0.999, eps=1e-7, eps_style="keras",
                 learning_rate=None, epsilon=None, betas=None):
        super().__init__(params, lr if learning_rate is None else learning_rate)
        if betas is not None:
            beta_1, beta_2 = betas
        self.beta_1, self.beta_2 = beta_1, beta_2
        self.eps = eps if epsilon is None else epsilon
        self.eps_style = _check_style(eps_style)

    def update(self, p, g, state):
        if "m" not in state:
            state["m"], state["v"], state["t"] = tt.zeros_like(p), tt.zeros_like(p), 0
        m, v = state["m"], state["v"]
        state["t"] = t = state["t"] + 1
        b1, b2 = self.beta_1, self.beta_2
        bc1, bc2 = 1.0 - b1 ** t, 1.0 - b2 ** t
        # both styles are p -= lr_t * m / (sqrt(v) + eps_t) with lr_t = lr sqrt(bc2) / bc1;
        # torch's eps on the corrected root becomes eps_t = eps sqrt(bc2)
        eps_t = self.eps if self.eps_style == "keras" else self.eps * math.sqrt(bc2)
        if _fused("_adam_update_", p, g, m, v, self.lr * math.sqrt(bc2) / bc1, b1, b2, eps_t):
            return
        m *= b1
        m += g * (1.0 - b1)
        g2 = g * g
        g2 *= 1.0 - b2
        v *= b2
        v += g2
        if self.eps_style == "keras":
            denom = tt.sqrt(v)
            denom += self.eps
            step = m / denom
            step *= self.lr * math.sqrt(bc2) / bc1
        else:
            denom = tt.sqrt(v)
            denom *= 1.0 / math.sqrt(bc2)
            denom += self.eps
            step = m / denom
            step *= self.lr / bc1
        p -= step


def get(identifier):
    """An optimizer from a Keras name ("sgd", "rmsprop", "adam") with Keras's defaults, or the object."""
    if isinstance(identifier, Optimizer):
        return identifier
    name = str(identifier).lower()
    if name == "sgd":
        return SGD(lr=0.01)
    if name == "rmsprop":
        return RMSprop(lr=1e-3, rho=0.9, eps=1e-7, eps_style="keras")
    if name == "adam":
        return Adam(lr=1e-3, beta_1=0.9, beta_2=0.999, eps=1e-7, eps_style="keras")
    raise ValueError("unknown optimizer %r; use 'sgd', 'rmsprop', 'adam' or an optimizer object" % (identifier,))
