"""Learning-rate schedules, as ``keras.optimizers.schedules``: callables ``schedule(step) -> lr``
that an optimizer evaluates before each update (step = updates done so far, from 0).

- ``ExponentialDecay(initial_learning_rate, decay_steps, decay_rate, staircase=False)``:
  ``lr0 * decay_rate ** (step / decay_steps)`` (the exponent floored with ``staircase``)
- ``CosineDecay(initial_learning_rate, decay_steps, alpha=0.0, warmup_target=None, warmup_steps=0)``:
  optional linear warm-up from lr0 to ``warmup_target`` over ``warmup_steps``, then
  ``lr * ((1 - alpha) * (1 + cos(pi * min(s, decay_steps) / decay_steps)) / 2 + alpha)``
- ``PiecewiseConstantDecay(boundaries, values)``: ``values[0]`` while step <= boundaries[0],
  ``values[i]`` while boundaries[i-1] < step <= boundaries[i], ``values[-1]`` after the last
"""
import math


class LearningRateSchedule:
    """Base class of the schedules: ``schedule(step) -> lr``, evaluated by an optimizer before
    each update (step = updates done so far, from 0). Subclasses define ``__call__`` and
    `get_config`.

    Examples
    --------
    >>> class Halving(tt.keras.schedules.LearningRateSchedule):
    ...     def __init__(self, lr0):
    ...         self.lr0 = lr0
    ...     def __call__(self, step):
    ...         return self.lr0 / 2 ** step
    ...     def get_config(self):
    ...         return {"lr0": self.lr0}
    >>> opt = tt.optim.SGD([tt.tensor([1.0], requires_grad=True)], lr=Halving(1.0))
    >>> opt.learning_rate, Halving.from_config({"lr0": 4.0})(2)
    (1.0, 1.0)
    """

    def __call__(self, step):
        raise NotImplementedError

    def get_config(self):
        """The constructor arguments, JSON-safe (what `serialize` and ``model.save`` store).

        Returns
        -------
        dict

        Raises
        ------
        NotImplementedError
            On the base class.

        Examples
        --------
        >>> tt.keras.schedules.PiecewiseConstantDecay([10], [0.1, 0.01]).get_config()
        {'boundaries': [10], 'values': [0.1, 0.01]}
        """
        raise NotImplementedError

    @classmethod
    def from_config(cls, config):
        """A new schedule from `get_config`'s result: ``cls(**config)``.

        Parameters
        ----------
        config : dict
            As `get_config` returns it.

        Returns
        -------
        LearningRateSchedule

        Examples
        --------
        >>> s = tt.keras.schedules.ExponentialDecay(0.1, 10, 0.5)
        >>> tt.keras.schedules.ExponentialDecay.from_config(s.get_config())(20)
        0.025
        """
        return cls(**config)


def _positive(name, value):
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not value > 0:
        raise ValueError("%s must be > 0, got %r" % (name, value))
    return value


class ExponentialDecay(LearningRateSchedule):
    """``lr = initial_learning_rate * decay_rate ** (step / decay_steps)``; with `staircase` the
    exponent is floored (the rate drops every `decay_steps` steps).

    Parameters
    ----------
    initial_learning_rate : float
        The rate at step 0.
    decay_steps : int or float
        Steps per factor of `decay_rate` (> 0).
    decay_rate : float
        The factor.
    staircase : bool, default False
        Floor ``step / decay_steps``.
    name : str, optional
        Accepted for Keras compatibility; unused.

    Raises
    ------
    ValueError
        If `decay_steps` is not > 0.

    Examples
    --------
    >>> s = tt.keras.schedules.ExponentialDecay(1.0, decay_steps=2, decay_rate=0.5, staircase=True)
    >>> [s(step) for step in range(5)]
    [1.0, 1.0, 0.5, 0.5, 0.25]
    >>> tt.keras.schedules.ExponentialDecay(1.0, 2, 0.25)(1)
    0.5
    """

    def __init__(self, initial_learning_rate, decay_steps, decay_rate, staircase=False, name=None):
        self.initial_learning_rate = float(initial_learning_rate)
        self.decay_steps = _positive("decay_steps", decay_steps)
        self.decay_rate = float(decay_rate)
        self.staircase = bool(staircase)

    def __call__(self, step):
        p = step / self.decay_steps
        if self.staircase:
            p = math.floor(p)
        return self.initial_learning_rate * self.decay_rate ** p

    def get_config(self):
        return {"initial_learning_rate": self.initial_learning_rate, "decay_steps": self.decay_steps,
                "decay_rate": self.decay_rate, "staircase": self.staircase}


class CosineDecay(LearningRateSchedule):
    """Cosine decay with optional linear warm-up::

        if warmup_target is not None and step < warmup_steps:     # warm-up
            return lr0 + step / warmup_steps * (warmup_target - lr0)
        start = lr0 if warmup_target is None else warmup_target
        s = min(step - warmup_steps, decay_steps)                  # warmup_steps counts only with a target
        return start * ((1 - alpha) * (1 + cos(pi * s / decay_steps)) / 2 + alpha)

    Parameters
    ----------
    initial_learning_rate : float
        ``lr0``.
    decay_steps : int or float
        Length of the decay (> 0).
    alpha : float, default 0.0
        The final rate as a fraction of the start.
    name : str, optional
        Accepted for Keras compatibility; unused.
    warmup_target : float, optional
        The rate reached at the end of the warm-up (no warm-up when None).
    warmup_steps : int, default 0
        Length of the warm-up (>= 0).

    Raises
    ------
    ValueError
        If `decay_steps` is not > 0 or `warmup_steps` < 0.

    Examples
    --------
    >>> s = tt.keras.schedules.CosineDecay(1.0, decay_steps=4)
    >>> [round(s(step), 4) for step in range(6)]
    [1.0, 0.8536, 0.5, 0.1464, 0.0, 0.0]
    >>> w = tt.keras.schedules.CosineDecay(0.0, 2, warmup_target=1.0, warmup_steps=2)
    >>> [w(step) for step in range(5)]
    [0.0, 0.5, 1.0, 0.5, 0.0]
    """

    def __init__(self, initial_learning_rate, decay_steps, alpha=0.0, name=None, warmup_target=None,
                 warmup_steps=0):
        self.initial_learning_rate = float(initial_learning_rate)
        self.decay_steps = _positive("decay_steps", decay_steps)
        self.alpha = float(alpha)
        self.warmup_target = None if warmup_target is None else float(warmup_target)
        if warmup_steps < 0:
            raise ValueError("warmup_steps must be >= 0, got %r" % (warmup_steps,))
        self.warmup_steps = warmup_steps

    def __call__(self, step):
        if self.warmup_target is None:
            start = self.initial_learning_rate
        else:
            if step < self.warmup_steps:
                frac = step / self.warmup_steps
                return self.initial_learning_rate + frac * (self.warmup_target - self.initial_learning_rate)
            start = self.warmup_target
            step = step - self.warmup_steps
        s = min(step, self.decay_steps)
        cosine = 0.5 * (1.0 + math.cos(math.pi * s / self.decay_steps))
        return start * ((1.0 - self.alpha) * cosine + self.alpha)

    def get_config(self):
        return {"initial_learning_rate": self.initial_learning_rate, "decay_steps": self.decay_steps,
                "alpha": self.alpha, "warmup_target": self.warmup_target, "warmup_steps": self.warmup_steps}


class PiecewiseConstantDecay(LearningRateSchedule):
    """A step function: ``values[0]`` while ``step <= boundaries[0]``, ``values[i]`` while
    ``boundaries[i-1] < step <= boundaries[i]``, ``values[-1]`` after the last boundary.

    Parameters
    ----------
    boundaries : sequence of int
        Increasing steps.
    values : sequence of float
        One more than `boundaries`.
    name : str, optional
        Accepted for Keras compatibility; unused.

    Raises
    ------
    ValueError
        If the lengths do not fit or the boundaries do not increase.

    Examples
    --------
    >>> s = tt.keras.schedules.PiecewiseConstantDecay([1, 3], [1.0, 0.5, 0.1])
    >>> [s(step) for step in range(5)]
    [1.0, 1.0, 0.5, 0.5, 0.1]
    """

    def __init__(self, boundaries, values, name=None):
        boundaries, values = list(boundaries), list(values)
        if len(values) != len(boundaries) + 1:
            raise ValueError("PiecewiseConstantDecay needs one more value than boundaries: %d boundaries, "
                             "%d values" % (len(boundaries), len(values)))
        if any(b >= c for b, c in zip(boundaries, boundaries[1:])):
            raise ValueError("boundaries must be increasing, got %r" % (boundaries,))
        self.boundaries, self.values = boundaries, [float(v) for v in values]

    def __call__(self, step):
        for b, v in zip(self.boundaries, self.values):
            if step <= b:
                return v
        return self.values[-1]

    def get_config(self):
        return {"boundaries": self.boundaries, "values": self.values}


SCHEDULES = {c.__name__: c for c in (ExponentialDecay, CosineDecay, PiecewiseConstantDecay)}


def serialize(schedule):
    """``{"class_name", "config"}`` of a schedule (JSON-safe; what ``model.save`` stores).

    Parameters
    ----------
    schedule : LearningRateSchedule

    Returns
    -------
    dict

    Examples
    --------
    >>> tt.keras.schedules.serialize(tt.keras.schedules.PiecewiseConstantDecay([5], [1.0, 0.1]))
    {'class_name': 'PiecewiseConstantDecay', 'config': {'boundaries': [5], 'values': [1.0, 0.1]}}
    """
    return {"class_name": type(schedule).__name__, "config": schedule.get_config()}


def deserialize(config, custom_objects=None):
    """A schedule from `serialize`'s output.

    Parameters
    ----------
    config : dict
        ``{"class_name", "config"}``.
    custom_objects : dict, optional
        Class name -> class, for schedules defined outside this module.

    Returns
    -------
    LearningRateSchedule

    Raises
    ------
    ValueError
        If the class name is unknown or `config` is not such a dict.

    Examples
    --------
    >>> s = tt.keras.schedules.deserialize({"class_name": "ExponentialDecay",
    ...     "config": {"initial_learning_rate": 1.0, "decay_steps": 1, "decay_rate": 0.5}})
    >>> s(3)
    0.125
    """
    table = dict(SCHEDULES, **(custom_objects or {}))
    try:
        cls = table[config["class_name"]]
    except (KeyError, TypeError):
        raise ValueError("unknown learning-rate schedule %r (a custom one needs custom_objects=)"
                         % (config,)) from None
    return cls.from_config(config["config"])
