"""Optimizers: SGD (momentum, Nesterov), RMSprop, Adam, AdamW. Updates are in place, under no_grad.

The core's fused in-place update kernels (``_sgd_update_`` and friends in ``tinytensor._core``,
one pass over a parameter) are used when the parameter, its gradient and its state are
C-contiguous tensors of one float dtype and shape; otherwise (odd layouts, mixed dtypes) the same
update runs as a few in-place tensor ops. Parameters may be given at construction (PyTorch style)
or later with ``set_params`` (what the Keras-style ``compile`` does with an optimizer built before
the model). Per-parameter state lives in ``self.state[i]`` for the i-th parameter.

Every optimizer also takes:

- ``weight_decay``: PyTorch's L2 form for SGD, RMSprop and Adam (``g <- g + wd p`` before the
  update); AdamW's (and every Keras optimizer's, see ``tinytensor.keras.optimizers``) decoupled
  form ``p <- p - lr wd p`` before the update.
- ``clipnorm`` (each gradient rescaled to at most this L2 norm), ``global_clipnorm`` (all
  gradients together), ``clipvalue`` (each element clipped to [-v, v]), as Keras.
- a learning rate that is a number or a schedule: any callable ``schedule(step) -> lr``
  (``tinytensor.keras.optimizers.schedules``); step counts from 0 (``self.iterations``, the
  number of updates done so far). ``optimizer.learning_rate`` reads the current value; assigning
  a number replaces the schedule.
- ``state_dict()`` / ``load_state_dict(d)``: hyper-parameters, ``iterations`` and the
  per-parameter state (tensors copied), in PyTorch's layout ``{"state": {i: {...}},
  "param_groups": [{..., "params": [0, 1, ...]}]}``.

Where epsilon goes (``eps_style``)::

    RMSprop, v <- rho v + (1 - rho) g^2:
      - "keras": p <- p - lr g / sqrt(v + eps)            (TensorFlow/Keras; eps inside the root)
      - "torch": p <- p - lr g / (sqrt(v) + eps)          (PyTorch)
    Adam, m <- b1 m + (1 - b1) g, v <- b2 v + (1 - b2) g^2, t <- t + 1:
      - "keras": p <- p - lr sqrt(1 - b2^t) / (1 - b1^t) * m / (sqrt(v) + eps)
                 (Kingma & Ba's "epsilon hat": eps is added to the un-corrected root)
      - "torch": p <- p - lr / (1 - b1^t) * m / (sqrt(v) / sqrt(1 - b2^t) + eps)
                 (eps is added to the bias-corrected root; Algorithm 1 of the paper)

The two agree as eps -> 0. Defaults follow Keras (eps 1e-7) for SGD, RMSprop and Adam; pass
``eps_style="torch", eps=1e-8`` (and for RMSprop ``rho=0.99, lr=1e-2``) for PyTorch's defaults.
``AdamW`` is new and follows PyTorch: ``eps_style="torch"``, eps 1e-8, weight_decay 1e-2.

SGD with momentum uses PyTorch's form b <- m b + g; p <- p - lr b (Nesterov: p <- p - lr (g + m b)),
which equals Keras's v <- m v - lr g; p <- p + v for a constant learning rate.
"""
import math
import numbers
from collections.abc import Iterable
from typing import Any

import tinytensor as tt
from tinytensor import _core   # the fused update kernels (_sgd_update_, ...), private to the core
from tinytensor.autograd import no_grad


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


def _is_number(x):
    return isinstance(x, numbers.Real) and not isinstance(x, bool)


def _check_nonneg(name, value, allow_none=False):
    if value is None and allow_none:
        return None
    if not _is_number(value) or not value >= 0 or not math.isfinite(value):
        raise ValueError("%s must be a finite number >= 0, got %r" % (name, value))
    return float(value)


class Optimizer:
    """Base class of the optimizers: holds the parameters, the learning rate (a number or a
    schedule), the per-parameter state and the update count; subclasses define `update`.

    One `step` is::

        lr = learning_rate(iterations)        # a number, or schedule(step)
        for i, p in enumerate(params):
            if p.grad is None: continue
            g = clipped(p.grad)               # clipnorm / global_clipnorm / clipvalue
            apply weight decay                # to g (L2) or to p (decoupled)
            update(p, g, state[i], lr)        # in place, under no_grad
        iterations += 1

    Parameters
    ----------
    params : iterable of Tensor, optional
        Tensors with ``requires_grad=True``; or later through `set_params`.
    lr : float or callable, default 0.01
        The learning rate, or a schedule ``f(step) -> lr`` (step counts updates from 0).
    weight_decay : float, default 0.0
        PyTorch's L2 form: ``g <- g + weight_decay * p`` before the update.
    clipnorm, global_clipnorm, clipvalue : float, optional
        Keras's gradient clipping: each gradient rescaled to at most `clipnorm` in L2 norm, or
        all of them together to `global_clipnorm`, or each element clipped to
        [-clipvalue, clipvalue]. At most one of the two norms.

    Raises
    ------
    ValueError
        If a hyper-parameter is negative or not finite, both clip norms are given, or a
        parameter does not require grad.

    Examples
    --------
    >>> w = tt.tensor([1.0, 2.0], requires_grad=True)
    >>> opt = tt.optim.SGD([w], lr=0.5)
    >>> (w * w).sum().backward()              # grad = 2 w
    >>> opt.step()
    >>> w.tolist(), opt.iterations
    ([0.0, 0.0], 1)
    """

    #: True: weight decay is p <- p - lr wd p (AdamW, Keras); False: g <- g + wd p (PyTorch's L2)
    decoupled_weight_decay = False
    #: hyper-parameters saved by state_dict (besides lr)
    hyper: tuple[str, ...] = ()

    def __init__(self, params: Iterable[tt.Tensor] | None = None, lr: float = 0.01, weight_decay: float = 0.0,
                 clipnorm: float | None = None, clipvalue: float | None = None,
                 global_clipnorm: float | None = None) -> None:
        self.learning_rate = lr
        self.weight_decay = _check_nonneg("weight_decay", weight_decay)
        self.clipnorm = _check_nonneg("clipnorm", clipnorm, allow_none=True)
        self.clipvalue = _check_nonneg("clipvalue", clipvalue, allow_none=True)
        self.global_clipnorm = _check_nonneg("global_clipnorm", global_clipnorm, allow_none=True)
        if self.clipnorm is not None and self.global_clipnorm is not None:
            raise ValueError("pass at most one of clipnorm and global_clipnorm")
        self.params: list[tt.Tensor] = []
        self.state: dict[int, dict[str, Any]] = {}
        self.iterations = 0
        if params is not None:
            self.set_params(params)

    def set_params(self, params):
        """Set the parameters to optimise (clears the state and the update count); what Keras's
        ``compile`` does with an optimizer built before the model.

        Parameters
        ----------
        params : iterable of Tensor
            Tensors with ``requires_grad=True``.

        Returns
        -------
        Optimizer
            self.

        Raises
        ------
        ValueError
            If an item is not a Tensor that requires grad.

        Examples
        --------
        >>> opt = tt.optim.Adam().set_params(tt.nn.Linear(2, 1).parameters())
        >>> len(opt.params)
        2
        """
        params = list(params)
        for p in params:
            if not isinstance(p, tt.Tensor) or not p.requires_grad:
                raise ValueError("optimizer parameters must be Tensors with requires_grad=True")
        self.params = params
        self.state = {}
        self.iterations = 0
        return self

    # ---- the learning rate: a number or a schedule(step)
    @property
    def learning_rate(self):
        """The learning rate for the next update (a schedule evaluated at ``iterations``)."""
        if self._schedule is not None:
            return float(self._schedule(self.iterations))
        return self._lr

    @learning_rate.setter
    def learning_rate(self, value):
        if callable(value) and not _is_number(value):
            self._schedule, self._lr = value, None
            return
        self._schedule = None
        self._lr = _check_nonneg("learning rate", value)

    lr = learning_rate

    @property
    def schedule(self):
        return self._schedule

    def zero_grad(self, set_to_none: bool = True) -> None:
        """Forget the gradients before the next backward, as PyTorch.

        ``set_to_none=True`` (the default) drops them (``p.grad = None``); ``False`` fills each
        existing ``.grad`` with zeros in place, so the next backward adds into the same buffers
        (a dense layer's GEMM accumulates straight into them) instead of allocating new ones
        every step. A ``.grad`` that cannot be zeroed in place (read-only, or part of a graph)
        is dropped.

        Parameters
        ----------
        set_to_none : bool, default True
            Drop the gradients rather than zero them.

        Examples
        --------
        >>> w = tt.tensor([1.0], requires_grad=True)
        >>> opt = tt.optim.SGD([w])
        >>> (w * 3.0).sum().backward()
        >>> buffer = w.grad
        >>> opt.zero_grad(set_to_none=False)
        >>> w.grad is buffer, w.grad.tolist()
        (True, [0.0])
        >>> opt.zero_grad()
        >>> w.grad is None
        True
        """
        for p in self.params:
            grad = p.grad
            if grad is None or set_to_none:
                p.grad = None
            elif grad.flags.writeable and not grad.requires_grad:
                with no_grad():
                    grad.zero_()
            else:
                p.grad = None

    # ---- one step
    def _clipped(self, grads):
        """The gradients after clipnorm / global_clipnorm / clipvalue (new tensors where changed)."""
        if self.global_clipnorm is not None:
            total = math.sqrt(sum(float((g * g).sum().item()) for g in grads if g is not None))
            if total > self.global_clipnorm:
                scale = self.global_clipnorm / total
                grads = [None if g is None else g * scale for g in grads]
        if self.clipnorm is not None:
            out = []
            for g in grads:
                if g is not None:
                    norm = math.sqrt(float((g * g).sum().item()))
                    if norm > self.clipnorm:
                        g = g * (self.clipnorm / norm)
                out.append(g)
            grads = out
        if self.clipvalue is not None:
            grads = [None if g is None else tt.clip(g, -self.clipvalue, self.clipvalue) for g in grads]
        return grads

    def step(self) -> None:
        """Apply one update to every parameter that has a gradient (the loop in the class
        docstring) and count it in ``iterations``.

        Examples
        --------
        >>> w = tt.tensor([3.0], requires_grad=True)
        >>> opt = tt.optim.SGD([w], lr=0.1)
        >>> for _ in range(2):
        ...     opt.zero_grad()
        ...     (w * w).sum().backward()
        ...     opt.step()
        >>> round(w.item(), 6)                # 3 * 0.8 * 0.8
        1.92
        """
        lr = self.learning_rate
        with no_grad():
            grads = [p.grad for p in self.params]
            if self.clipnorm is not None or self.clipvalue is not None or self.global_clipnorm is not None:
                grads = self._clipped(grads)
            for i, (p, g) in enumerate(zip(self.params, grads)):
                if g is None:
                    continue
                if self.weight_decay:
                    if self.decoupled_weight_decay:
                        p *= 1.0 - lr * self.weight_decay
                    else:
                        g = g + p * self.weight_decay
                self.update(p, g, self.state.setdefault(i, {}), lr)
        self.iterations += 1

    def update(self, p, g, state, lr):
        """Update one parameter in place from its (clipped, decayed) gradient; each optimizer
        defines it (its class docstring shows the rule).

        Parameters
        ----------
        p : Tensor
            The parameter, changed in place.
        g : Tensor
            Its gradient.
        state : dict
            This parameter's state (``optimizer.state[i]``), created empty and kept between steps.
        lr : float
            The learning rate of this step.

        Raises
        ------
        NotImplementedError
            On the base class.

        Examples
        --------
        >>> p = tt.tensor([1.0])
        >>> tt.optim.SGD().update(p, tt.tensor([2.0]), {}, 0.25)
        >>> p
        tensor([0.5])
        """
        raise NotImplementedError

    # ---- state
    def get_config(self):
        """The hyper-parameters, JSON-safe (a schedule as ``{"class_name", "config"}``).

        Returns
        -------
        dict

        Raises
        ------
        ValueError
            If the learning-rate schedule has no ``get_config`` (a plain function).

        Examples
        --------
        >>> tt.optim.SGD(lr=0.1, momentum=0.9).get_config()
        {'learning_rate': 0.1, 'weight_decay': 0.0, 'clipnorm': None, 'clipvalue': None, 'global_clipnorm': None, 'momentum': 0.9, 'nesterov': False}
        """
        config = {"learning_rate": self._lr, "weight_decay": self.weight_decay, "clipnorm": self.clipnorm,
                  "clipvalue": self.clipvalue, "global_clipnorm": self.global_clipnorm}
        if self._schedule is not None:
            get = getattr(self._schedule, "get_config", None)
            if get is None:
                raise ValueError("the learning-rate schedule %r cannot be saved (it has no get_config)"
                                 % (self._schedule,))
            config["learning_rate"] = {"class_name": type(self._schedule).__name__, "config": get()}
        config.update((k, getattr(self, k)) for k in self.hyper)
        return config

    def state_dict(self):
        """The optimizer's state in PyTorch's layout: ``{"state": {i: {name: tensor copy or
        number}}, "param_groups": [hyper-parameters + "params": indices + "iterations"]}``.

        Returns
        -------
        dict

        Examples
        --------
        >>> w = tt.tensor([1.0], requires_grad=True)
        >>> opt = tt.optim.SGD([w], lr=0.1, momentum=0.9)
        >>> (w * w).sum().backward(); opt.step()
        >>> sd = opt.state_dict()
        >>> sd["state"], sd["param_groups"][0]["iterations"]
        ({0: {'momentum': tensor([2.])}}, 1)
        """
        state = {i: {k: (v.detach().copy() if isinstance(v, tt.Tensor) else v) for k, v in s.items()}
                 for i, s in self.state.items()}
        group = self.get_config()
        if self._schedule is None:
            group["lr"] = group.pop("learning_rate")
        group["params"] = list(range(len(self.params)))
        group["iterations"] = self.iterations
        return {"state": state, "param_groups": [group]}

    def load_state_dict(self, state_dict):
        """Restore what `state_dict` returned (also after a save/load round trip). The parameters
        must be set already and match the saved count and shapes; saved tensors are copied in
        the parameters' dtype.

        Parameters
        ----------
        state_dict : dict
            As returned by `state_dict`.

        Raises
        ------
        ValueError
            If it is not an optimizer state_dict, has several groups, or its parameter count or
            a state shape does not match.

        Examples
        --------
        >>> w = tt.tensor([1.0], requires_grad=True)
        >>> opt = tt.optim.Adam([w])
        >>> (w * w).sum().backward(); opt.step()
        >>> fresh = tt.optim.Adam([w])
        >>> fresh.load_state_dict(opt.state_dict())
        >>> fresh.iterations, fresh.state[0]["t"]
        (1, 1)
        """
        try:
            groups, saved = state_dict["param_groups"], state_dict["state"]
        except (KeyError, TypeError):
            raise ValueError("an optimizer state_dict has 'state' and 'param_groups'") from None
        if len(groups) != 1:
            raise ValueError("expected one parameter group, got %d" % len(groups))
        group = dict(groups[0])
        if len(group.get("params", ())) != len(self.params):
            raise ValueError("the state_dict is for %d parameters, this optimizer has %d"
                             % (len(group.get("params", ())), len(self.params)))
        new_state = {}
        for key, slots in saved.items():
            i = int(key)
            if not 0 <= i < len(self.params):
                raise ValueError("state for parameter %r, which this optimizer does not have" % (key,))
            p, restored = self.params[i], {}
            for name, v in slots.items():
                if isinstance(v, tt.Tensor) or hasattr(v, "__dlpack__") or hasattr(v, "__array__"):
                    v = tt.asarray(v)
                    if tuple(v.shape) != tuple(p.shape):
                        raise ValueError("state %r of parameter %d has shape %s, the parameter %s"
                                         % (name, i, tuple(v.shape), tuple(p.shape)))
                    v = v.astype(p.dtype)          # a fresh, writable copy in the parameter's dtype
                restored[name] = v
            new_state[i] = restored
        lr = group.pop("lr", group.pop("learning_rate", None))
        if isinstance(lr, dict):
            from tinytensor.keras import schedules
            lr = schedules.deserialize(lr)
        for k in self.hyper:
            if k in group:
                setattr(self, k, tuple(group[k]) if isinstance(group[k], list) else group[k])
        for k in ("weight_decay", "clipnorm", "clipvalue", "global_clipnorm"):
            if k in group:
                setattr(self, k, group[k])
        if lr is not None:
            self.learning_rate = lr
        self.state = new_state
        self.iterations = int(group.get("iterations", 0))


def _check_style(eps_style):
    if eps_style not in ("keras", "torch"):
        raise ValueError("eps_style must be 'keras' or 'torch', not %r" % (eps_style,))
    return eps_style


class SGD(Optimizer):
    """Stochastic gradient descent, with PyTorch's momentum form. For each parameter ``p`` with
    gradient ``g``::

        if momentum == 0:  p -= lr * g
        else:
            b = g if first step else momentum * b + g          # state["momentum"]
            p -= lr * (g + momentum * b if nesterov else b)

    which equals Keras's ``v = momentum v - lr g; p += v`` for a constant learning rate.

    Parameters
    ----------
    params : iterable of Tensor, optional
        The parameters (or later through `set_params`).
    lr : float or callable, default 0.01
        The learning rate or a schedule ``f(step)``; `learning_rate` is Keras's name for it.
    momentum : float, default 0.0
        The momentum factor (>= 0).
    nesterov : bool, default False
        Nesterov momentum (needs momentum > 0).
    learning_rate : float or callable, optional
        Wins over `lr` when given.
    weight_decay : float, default 0.0
        PyTorch's L2 form: ``g <- g + weight_decay * p`` before the update.
    clipnorm, global_clipnorm, clipvalue : float, optional
        Keras's gradient clipping: each gradient rescaled to at most `clipnorm` in L2 norm, or
        all of them together to `global_clipnorm`, or each element clipped to
        [-clipvalue, clipvalue]. At most one of the two norms.

    Raises
    ------
    ValueError
        If momentum < 0, Nesterov without momentum, or a bad common hyper-parameter.

    Examples
    --------
    >>> w = tt.tensor([1.0], requires_grad=True)
    >>> opt = tt.optim.SGD([w], lr=0.1, momentum=0.5)
    >>> for _ in range(2):
    ...     opt.zero_grad(); w.sum().backward(); opt.step()     # g = 1 each time
    >>> round(w.item(), 6)                  # 1 - 0.1 * 1 - 0.1 * 1.5
    0.75
    """

    hyper = ("momentum", "nesterov")

    def __init__(self, params: Iterable[tt.Tensor] | None = None, lr: float = 0.01, momentum: float = 0.0,
                 nesterov: bool = False, learning_rate: float | None = None,
                 weight_decay: float = 0.0, **clipping: Any) -> None:  # clipnorm, clipvalue, global_clipnorm
        super().__init__(params, lr if learning_rate is None else learning_rate, weight_decay, **clipping)
        if momentum < 0:
            raise ValueError("momentum must be >= 0")
        if nesterov and momentum == 0:
            raise ValueError("Nesterov momentum needs momentum > 0")
        self.momentum, self.nesterov = momentum, nesterov

    def update(self, p, g, state, lr):
        """One SGD step on `p` (the rule in the class docstring), in place.

        Parameters
        ----------
        p : Tensor
            The parameter.
        g : Tensor
            Its gradient.
        state : dict
            Holds the momentum buffer ``"momentum"``.
        lr : float
            The learning rate.

        Examples
        --------
        >>> p = tt.tensor([1.0])
        >>> tt.optim.SGD().update(p, tt.tensor([2.0]), {}, 0.25)
        >>> p
        tensor([0.5])
        """
        if self.momentum == 0:
            if not _fused("_sgd_update_", p, g, p, lr, 0.0, False):
                p -= g * lr
            return
        if "momentum" not in state:
            buf = tt.zeros_like(p)      # the fused first step gives buf = g, as below
            if _fused("_sgd_update_", p, g, buf, lr, self.momentum, self.nesterov):
                state["momentum"] = buf
                return
        elif _fused("_sgd_update_", p, g, state["momentum"], lr, self.momentum, self.nesterov):
            return
        buf = state.get("momentum")
        if buf is None:
            buf = state["momentum"] = g.copy()
        else:
            buf *= self.momentum
            buf += g
        if self.nesterov:
            p -= (g + buf * self.momentum) * lr
        else:
            p -= buf * lr


class RMSprop(Optimizer):
    """RMSprop: divide the gradient by a running root mean square. For each parameter::

        v = rho * v + (1 - rho) * g**2              # state["square_avg"], zeros at first
        p -= lr * g / sqrt(v + eps)                 # eps_style="keras" (TensorFlow/Keras)
        p -= lr * g / (sqrt(v) + eps)               # eps_style="torch" (PyTorch)

    Defaults are Keras's; ``RMSprop(params, lr=1e-2, rho=0.99, eps=1e-8, eps_style="torch")``
    is PyTorch's.

    Parameters
    ----------
    params : iterable of Tensor, optional
        The parameters (or later through `set_params`).
    lr : float or callable, default 1e-3
        The learning rate or a schedule ``f(step)``.
    rho : float, default 0.9
        Decay of the running average of g**2 (PyTorch's ``alpha``).
    eps : float, default 1e-7
        Keeps the division finite; `epsilon` is Keras's name.
    eps_style : {"keras", "torch"}, default "keras"
        Where `eps` goes (above).
    learning_rate, epsilon : optional
        Keras's names for `lr` and `eps`; win when given.
    weight_decay : float, default 0.0
        PyTorch's L2 form: ``g <- g + weight_decay * p`` before the update.
    clipnorm, global_clipnorm, clipvalue : float, optional
        Keras's gradient clipping: each gradient rescaled to at most `clipnorm` in L2 norm, or
        all of them together to `global_clipnorm`, or each element clipped to
        [-clipvalue, clipvalue]. At most one of the two norms.

    Raises
    ------
    ValueError
        If `eps_style` is unknown or a common hyper-parameter is bad.

    Examples
    --------
    >>> w = tt.tensor([1.0], requires_grad=True)
    >>> opt = tt.optim.RMSprop([w], lr=0.01, rho=0.9, eps=0.0)
    >>> w.sum().backward(); opt.step()          # v = 0.1, step = 0.01 / sqrt(0.1)
    >>> round(w.item(), 6)
    0.968377
    """

    hyper = ("rho", "eps", "eps_style")

    def __init__(self, params: Iterable[tt.Tensor] | None = None, lr: float = 1e-3, rho: float = 0.9, eps: float = 1e-7,
                 eps_style: str = "keras", learning_rate: float | None = None,
                 epsilon: float | None = None, weight_decay: float = 0.0,
                 **clipping: Any) -> None:  # clipnorm, clipvalue, global_clipnorm
        super().__init__(params, lr if learning_rate is None else learning_rate, weight_decay, **clipping)
        self.rho = rho
        self.eps = eps if epsilon is None else epsilon
        self.eps_style = _check_style(eps_style)

    def update(self, p, g, state, lr):
        """One RMSprop step on `p` (the rule in the class docstring), in place.

        Parameters
        ----------
        p : Tensor
            The parameter.
        g : Tensor
            Its gradient.
        state : dict
            Holds the running average ``"square_avg"``.
        lr : float
            The learning rate.

        Examples
        --------
        >>> p, state = tt.tensor([1.0]), {}
        >>> tt.optim.RMSprop(rho=0.75, eps=0.0).update(p, tt.tensor([2.0]), state, 0.5)
        >>> p, state["square_avg"]                 # v = 0.25 * 4, p = 1 - 0.5 * 2 / 1
        (tensor([0.]), tensor([1.]))
        """
        v = state.get("square_avg")
        if v is None:
            v = state["square_avg"] = tt.zeros_like(p)
        if _fused("_rmsprop_update_", p, g, v, lr, self.rho, self.eps, self.eps_style == "keras"):
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
        step *= lr
        p -= step


class Adam(Optimizer):
    """Adam (Kingma & Ba): momentum on g and on g**2, bias-corrected. For each parameter::

        t += 1                                          # state["t"]
        m = beta_1 * m + (1 - beta_1) * g               # state["m"], zeros at first
        v = beta_2 * v + (1 - beta_2) * g**2            # state["v"]
        lr_t = lr * sqrt(1 - beta_2**t) / (1 - beta_1**t)
        p -= lr_t * m / (sqrt(v) + eps)                         # eps_style="keras"
        p -= lr_t * m / (sqrt(v) + eps * sqrt(1 - beta_2**t))  # eps_style="torch"

    ("torch" adds eps to the bias-corrected root, as PyTorch; the two agree as eps -> 0.)
    Defaults are Keras's; ``eps=1e-8, eps_style="torch"`` gives PyTorch's.

    Parameters
    ----------
    params : iterable of Tensor, optional
        The parameters (or later through `set_params`).
    lr : float or callable, default 1e-3
        The learning rate or a schedule ``f(step)``.
    beta_1, beta_2 : float, default 0.9, 0.999
        Decays of the two averages, in [0, 1).
    eps : float, default 1e-7
        Keeps the division finite.
    eps_style : {"keras", "torch"}, default "keras"
        Where `eps` goes (above).
    learning_rate, epsilon : optional
        Keras's names for `lr` and `eps`; win when given.
    betas : (float, float), optional
        PyTorch's spelling of ``(beta_1, beta_2)``; wins when given.
    weight_decay : float, default 0.0
        PyTorch's L2 form: ``g <- g + weight_decay * p`` before the update.
    clipnorm, global_clipnorm, clipvalue : float, optional
        Keras's gradient clipping: each gradient rescaled to at most `clipnorm` in L2 norm, or
        all of them together to `global_clipnorm`, or each element clipped to
        [-clipvalue, clipvalue]. At most one of the two norms.

    Raises
    ------
    ValueError
        If a beta is not in [0, 1), `eps_style` is unknown or a common hyper-parameter is bad.

    Examples
    --------
    >>> w = tt.tensor([1.0], requires_grad=True)
    >>> opt = tt.optim.Adam([w], lr=0.1, eps=0.0)
    >>> w.sum().backward(); opt.step()          # the first step moves by lr * sign(g)
    >>> round(w.item(), 6)
    0.9
    """

    hyper = ("beta_1", "beta_2", "eps", "eps_style")

    def __init__(self, params: Iterable[tt.Tensor] | None = None, lr: float = 1e-3, beta_1: float = 0.9,
                 beta_2: float = 0.999, eps: float = 1e-7, eps_style: str = "keras",
                 learning_rate: float | None = None, epsilon: float | None = None,
                 betas: tuple[float, float] | None = None, weight_decay: float = 0.0,
                 **clipping: Any) -> None:  # clipnorm, clipvalue, global_clipnorm
        super().__init__(params, lr if learning_rate is None else learning_rate, weight_decay, **clipping)
        if betas is not None:
            beta_1, beta_2 = betas
        for name, b in (("beta_1", beta_1), ("beta_2", beta_2)):
            if not _is_number(b) or not 0.0 <= b < 1.0:
                raise ValueError("%s must be in [0, 1), got %r" % (name, b))
        self.beta_1, self.beta_2 = beta_1, beta_2
        self.eps = eps if epsilon is None else epsilon
        self.eps_style = _check_style(eps_style)

    def update(self, p, g, state, lr):
        """One Adam step on `p` (the rule in the class docstring), in place.

        Parameters
        ----------
        p : Tensor
            The parameter.
        g : Tensor
            Its gradient.
        state : dict
            Holds ``"m"``, ``"v"`` and the step count ``"t"``.
        lr : float
            The learning rate.

        Examples
        --------
        >>> p, state = tt.tensor([1.0]), {}
        >>> tt.optim.Adam(eps=0.0).update(p, tt.tensor([-3.0]), state, 0.5)
        >>> p, state["t"]
        (tensor([1.5]), 1)
        """
        if "m" not in state:
            state["m"], state["v"], state["t"] = tt.zeros_like(p), tt.zeros_like(p), 0
        m, v = state["m"], state["v"]
        state["t"] = t = state["t"] + 1
        b1, b2 = self.beta_1, self.beta_2
        bc1, bc2 = 1.0 - b1 ** t, 1.0 - b2 ** t
        # both styles are p -= lr_t * m / (sqrt(v) + eps_t) with lr_t = lr sqrt(bc2) / bc1;
        # torch's eps on the corrected root becomes eps_t = eps sqrt(bc2)
        eps_t = self.eps if self.eps_style == "keras" else self.eps * math.sqrt(bc2)
        if _fused("_adam_update_", p, g, m, v, lr * math.sqrt(bc2) / bc1, b1, b2, eps_t):
            return
        m *= b1
        m += g * (1.0 - b1)
        g2 = g * g
        g2 *= 1.0 - b2
        v *= b2
        v += g2
        denom = tt.sqrt(v)
        denom += eps_t
        step = m / denom
        step *= lr * math.sqrt(bc2) / bc1
        p -= step


class AdamW(Adam):
    """Adam with decoupled weight decay (Loshchilov & Hutter), with PyTorch's defaults::

        p *= 1 - lr * weight_decay        # before the gradient step
        then the Adam step (see `Adam`), eps on the bias-corrected root

    Parameters
    ----------
    params : iterable of Tensor, optional
        The parameters (or later through `set_params`).
    lr : float or callable, default 1e-3
        The learning rate or a schedule ``f(step)``.
    betas : (float, float), default (0.9, 0.999)
        Decays of the two averages.
    eps : float, default 1e-8
        Keeps the division finite.
    weight_decay : float, default 1e-2
        The decoupled decay rate.
    eps_style : {"torch", "keras"}, default "torch"
        Where `eps` goes (see `Adam`).
    learning_rate, beta_1, beta_2, epsilon : optional
        Keras's names; win when given.
    clipnorm, global_clipnorm, clipvalue : float, optional
        Gradient clipping, as `Optimizer`.

    Raises
    ------
    ValueError
        As `Adam`.

    Examples
    --------
    >>> w = tt.tensor([1.0], requires_grad=True)
    >>> opt = tt.optim.AdamW([w], lr=0.1, weight_decay=0.5, eps=0.0)
    >>> w.sum().backward(); opt.step()          # 1 * (1 - 0.05) - 0.1
    >>> round(w.item(), 6)
    0.85
    """

    decoupled_weight_decay = True

    def __init__(self, params: Iterable[tt.Tensor] | None = None, lr: float = 1e-3,
                 betas: tuple[float, float] = (0.9, 0.999), eps: float = 1e-8,
                 weight_decay: float = 1e-2, eps_style: str = "torch",
                 learning_rate: float | None = None, beta_1: float | None = None,
                 beta_2: float | None = None, epsilon: float | None = None,
                 **clipping: Any) -> None:  # clipnorm, clipvalue, global_clipnorm
        if beta_1 is not None or beta_2 is not None:
            betas = (betas[0] if beta_1 is None else beta_1, betas[1] if beta_2 is None else beta_2)
        super().__init__(params, lr, betas=betas, eps=eps, eps_style=eps_style, learning_rate=learning_rate,
                         epsilon=epsilon, weight_decay=weight_decay, **clipping)


def get(identifier):
    """An optimizer from a Keras name ("sgd", "rmsprop", "adam", "adamw"; Keras's defaults) or
    config, or the optimizer itself.

    Parameters
    ----------
    identifier : str, dict or Optimizer
        The name, a ``{"class_name", "config"}`` dict, or an optimizer (returned as is).

    Returns
    -------
    Optimizer

    Raises
    ------
    ValueError
        If the name is unknown.

    Examples
    --------
    >>> type(tt.optim.get("rmsprop")).__name__
    'RMSprop'
    """
    if isinstance(identifier, Optimizer):
        return identifier
    from tinytensor.keras import optimizers
    return optimizers.get(identifier)


from . import lr_scheduler  # noqa: E402,F401  (optim.lr_scheduler.StepLR, as torch)
