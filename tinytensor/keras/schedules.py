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
    def __call__(self, step):
        raise NotImplementedError

    def get_config(self):
        raise NotImplementedError

    @classmethod
    def from_config(cls, config):
        return cls(**config)


def _positive(name, value):
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not value > 0:
        raise ValueError("%s must be > 0, got %r" % (name, value))
    return value


class ExponentialDecay(LearningRateSchedule):
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
    return {"class_name": type(schedule).__name__, "config": schedule.get_config()}


def deserialize(config, custom_objects=None):
    table = dict(SCHEDULES, **(custom_objects or {}))
    try:
        cls = table[config["class_name"]]
    except (KeyError, TypeError):
        raise ValueError("unknown learning-rate schedule %r (a custom one needs custom_objects=)"
                         % (config,)) from None
    return cls.from_config(config["config"])
