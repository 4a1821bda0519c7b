"""Epoch-wise learning-rate schedulers, as ``torch.optim.lr_scheduler``.

Construct with the optimizer (this sets the learning rate for epoch 0), then call
``scheduler.step()`` once per epoch after the epoch's ``optimizer.step()`` calls::

    sched = StepLR(opt, step_size=30, gamma=0.1)
    for epoch in range(100):
        train(...)          # opt.step() per batch
        sched.step()

- ``StepLR``: lr = base_lr * gamma ** (epoch // step_size)
- ``CosineAnnealingLR``: lr = eta_min + (base_lr - eta_min) (1 + cos(pi epoch / T_max)) / 2
  (the closed form; PyTorch's recursive form gives the same values when nothing else changes
  the rate)

``get_last_lr()`` returns ``[lr]``; ``state_dict()`` / ``load_state_dict()`` keep the epoch.
"""
import math


class LRScheduler:
    def __init__(self, optimizer, last_epoch=-1):
        if not hasattr(optimizer, "learning_rate"):
            raise TypeError("%s needs an optimizer, got %s" % (type(self).__name__, type(optimizer).__name__))
        if getattr(optimizer, "schedule", None) is not None:
            raise ValueError("the optimizer already follows a learning-rate schedule")
        self.optimizer = optimizer
        self.base_lr = float(optimizer.learning_rate)
        self.last_epoch = last_epoch
        self.step()

    def get_lr(self):
        raise NotImplementedError

    def step(self):
        self.last_epoch += 1
        self.optimizer.learning_rate = self.get_lr()

    def get_last_lr(self):
        return [float(self.optimizer.learning_rate)]

    def state_dict(self):
        return {"base_lr": self.base_lr, "last_epoch": self.last_epoch}

    def load_state_dict(self, state):
        self.base_lr, self.last_epoch = float(state["base_lr"]), int(state["last_epoch"])
        self.optimizer.learning_rate = self.get_lr()


class StepLR(LRScheduler):
    def __init__(self, optimizer, step_size, gamma=0.1, last_epoch=-1):
        if isinstance(step_size, bool) or not isinstance(step_size, int) or step_size < 1:
            raise ValueError("step_size must be a positive integer, got %r" % (step_size,))
        self.step_size, self.gamma = step_size, gamma
        super().__init__(optimizer, last_epoch)

    def get_lr(self):
        return self.base_lr * self.gamma ** (self.last_epoch // self.step_size)


class CosineAnnealingLR(LRScheduler):
    def __init__(self, optimizer, T_max, eta_min=0.0, last_epoch=-1):
        if isinstance(T_max, bool) or not isinstance(T_max, int) or T_max < 1:
            raise ValueError("T_max must be a positive integer, got %r" % (T_max,))
        self.T_max, self.eta_min = T_max, eta_min
        super().__init__(optimizer, last_epoch)

    def get_lr(self):
        return self.eta_min + (self.base_lr - self.eta_min) * (1 + math.cos(math.pi * self.last_epoch / self.T_max)) / 2
