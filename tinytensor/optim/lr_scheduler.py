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
    """Base class of the epoch-wise schedulers: constructing one sets the optimizer's learning
    rate for epoch 0; each `step` moves to the next epoch and sets ``get_lr()`` for it.

    Parameters
    ----------
    optimizer : tinytensor.optim.Optimizer
        The optimizer whose learning rate is set (its current rate is ``base_lr``).
    last_epoch : int, default -1
        The index of the last epoch done (-1: start from scratch).

    Raises
    ------
    TypeError
        If `optimizer` has no learning rate.
    ValueError
        If the optimizer already follows a learning-rate schedule.

    Examples
    --------
    >>> opt = tt.optim.SGD([tt.tensor([1.0], requires_grad=True)], lr=1.0)
    >>> sched = tt.optim.lr_scheduler.StepLR(opt, step_size=2, gamma=0.5)
    >>> lrs = []
    >>> for epoch in range(5):
    ...     lrs.append(sched.get_last_lr()[0])    # train the epoch with this rate
    ...     sched.step()
    >>> lrs
    [1.0, 1.0, 0.5, 0.5, 0.25]
    """

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
        """The learning rate of epoch ``last_epoch``, from ``base_lr``; each scheduler defines it.

        Returns
        -------
        float

        Raises
        ------
        NotImplementedError
            On the base class.

        Examples
        --------
        >>> opt = tt.optim.SGD([tt.tensor([1.0], requires_grad=True)], lr=1.0)
        >>> tt.optim.lr_scheduler.StepLR(opt, 1, gamma=0.5, last_epoch=1).get_lr()   # epoch 2
        0.25
        """
        raise NotImplementedError

    def step(self):
        """Move to the next epoch and set the optimizer's learning rate for it (call once per
        epoch, after the epoch's ``optimizer.step()`` calls).

        Examples
        --------
        >>> opt = tt.optim.SGD([tt.tensor([1.0], requires_grad=True)], lr=1.0)
        >>> sched = tt.optim.lr_scheduler.StepLR(opt, step_size=1, gamma=0.5)
        >>> sched.step()
        >>> opt.learning_rate
        0.5
        """
        self.last_epoch += 1
        self.optimizer.learning_rate = self.get_lr()

    def get_last_lr(self):
        """The learning rate the optimizer has now, as a one-element list (PyTorch's form).

        Returns
        -------
        list of float

        Examples
        --------
        >>> opt = tt.optim.SGD([tt.tensor([1.0], requires_grad=True)], lr=0.1)
        >>> tt.optim.lr_scheduler.StepLR(opt, step_size=10).get_last_lr()
        [0.1]
        """
        return [float(self.optimizer.learning_rate)]

    def state_dict(self):
        """What `load_state_dict` needs to resume: ``{"base_lr", "last_epoch"}``.

        Returns
        -------
        dict

        Examples
        --------
        >>> opt = tt.optim.SGD([tt.tensor([1.0], requires_grad=True)], lr=0.1)
        >>> tt.optim.lr_scheduler.StepLR(opt, step_size=10).state_dict()
        {'base_lr': 0.1, 'last_epoch': 0}
        """
        return {"base_lr": self.base_lr, "last_epoch": self.last_epoch}

    def load_state_dict(self, state):
        """Resume from `state_dict`'s result and set the optimizer's rate for that epoch.

        Parameters
        ----------
        state : dict
            With "base_lr" and "last_epoch".

        Raises
        ------
        KeyError
            If a key is missing.

        Examples
        --------
        >>> opt = tt.optim.SGD([tt.tensor([1.0], requires_grad=True)], lr=1.0)
        >>> sched = tt.optim.lr_scheduler.StepLR(opt, step_size=1, gamma=0.5)
        >>> sched.load_state_dict({"base_lr": 1.0, "last_epoch": 3})
        >>> opt.learning_rate
        0.125
        """
        self.base_lr, self.last_epoch = float(state["base_lr"]), int(state["last_epoch"])
        self.optimizer.learning_rate = self.get_lr()


class StepLR(LRScheduler):
    """Decay by `gamma` every `step_size` epochs: ``lr = base_lr * gamma ** (epoch // step_size)``.

    Parameters
    ----------
    optimizer : tinytensor.optim.Optimizer
        The optimizer.
    step_size : int
        Epochs between decays (>= 1).
    gamma : float, default 0.1
        The factor.
    last_epoch : int, default -1
        The last epoch done.

    Raises
    ------
    ValueError
        If `step_size` is not a positive int (or as `LRScheduler`).
    TypeError
        As `LRScheduler`.

    Examples
    --------
    >>> opt = tt.optim.SGD([tt.tensor([1.0], requires_grad=True)], lr=1.0)
    >>> sched = tt.optim.lr_scheduler.StepLR(opt, step_size=2, gamma=0.1)
    >>> [sched.get_lr() for sched.last_epoch in range(5)]
    [1.0, 1.0, 0.1, 0.1, 0.010000000000000002]
    """

    def __init__(self, optimizer, step_size, gamma=0.1, last_epoch=-1):
        if isinstance(step_size, bool) or not isinstance(step_size, int) or step_size < 1:
            raise ValueError("step_size must be a positive integer, got %r" % (step_size,))
        self.step_size, self.gamma = step_size, gamma
        super().__init__(optimizer, last_epoch)

    def get_lr(self):
        """``base_lr * gamma ** (last_epoch // step_size)``.

        Returns
        -------
        float

        Examples
        --------
        >>> opt = tt.optim.SGD([tt.tensor([1.0], requires_grad=True)], lr=2.0)
        >>> tt.optim.lr_scheduler.StepLR(opt, step_size=3, gamma=0.5, last_epoch=2).get_lr()
        1.0
        """
        return self.base_lr * self.gamma ** (self.last_epoch // self.step_size)


class CosineAnnealingLR(LRScheduler):
    """Cosine annealing from ``base_lr`` down to `eta_min` over `T_max` epochs (the closed form;
    PyTorch's recursive form gives the same values when nothing else changes the rate)::

        lr = eta_min + (base_lr - eta_min) * (1 + cos(pi * epoch / T_max)) / 2

    Parameters
    ----------
    optimizer : tinytensor.optim.Optimizer
        The optimizer.
    T_max : int
        Epochs of the half cosine (>= 1).
    eta_min : float, default 0.0
        The final rate.
    last_epoch : int, default -1
        The last epoch done.

    Raises
    ------
    ValueError
        If `T_max` is not a positive int (or as `LRScheduler`).
    TypeError
        As `LRScheduler`.

    Examples
    --------
    >>> opt = tt.optim.SGD([tt.tensor([1.0], requires_grad=True)], lr=1.0)
    >>> sched = tt.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=4)
    >>> [round(sched.get_lr(), 4) for sched.last_epoch in range(5)]
    [1.0, 0.8536, 0.5, 0.1464, 0.0]
    """

    def __init__(self, optimizer, T_max, eta_min=0.0, last_epoch=-1):
        if isinstance(T_max, bool) or not isinstance(T_max, int) or T_max < 1:
            raise ValueError("T_max must be a positive integer, got %r" % (T_max,))
        self.T_max, self.eta_min = T_max, eta_min
        super().__init__(optimizer, last_epoch)

    def get_lr(self):
        """``eta_min + (base_lr - eta_min) * (1 + cos(pi * last_epoch / T_max)) / 2``.

        Returns
        -------
        float

        Examples
        --------
        >>> opt = tt.optim.SGD([tt.tensor([1.0], requires_grad=True)], lr=1.0)
        >>> tt.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=2, last_epoch=0).get_lr()
        0.5
        """
        return self.eta_min + (self.base_lr - self.eta_min) * (1 + math.cos(math.pi * self.last_epoch / self.T_max)) / 2
