"""Loss modules (``loss(input, target)``, PyTorch order); see nn.functional for the formulas."""
from . import functional as F
from .module import Module


class MSELoss(Module):
    """Mean squared error ``sum_i (input[i] - target[i]) ** 2 / N`` (`tinytensor.nn.functional.mse_loss`).

    Called as ``loss(input, target)`` (PyTorch's order); returns a 0-d tensor.

    Examples
    --------
    >>> tt.nn.MSELoss()(tt.tensor([1.0, 2.0]), tt.tensor([1.0, 4.0]))
    tensor(2.)
    """

    def forward(self, input, target):
        return F.mse_loss(input, target)


class L1Loss(Module):
    """Mean absolute error ``sum_i |input[i] - target[i]| / N`` (`tinytensor.nn.functional.l1_loss`).

    Called as ``loss(input, target)``; returns a 0-d tensor.

    Examples
    --------
    >>> tt.nn.L1Loss()(tt.tensor([1.0, 2.0]), tt.tensor([0.0, 4.0]))
    tensor(1.5)
    """

    def forward(self, input, target):
        return F.l1_loss(input, target)


class HalfSSELoss(Module):
    """Higham & Higham's cost ``(1/N) sum_i 1/2 ||y_i - t_i||**2`` over the N rows
    (`tinytensor.nn.functional.half_sse_loss`).

    Called as ``loss(input, target)``; returns a 0-d tensor.

    Examples
    --------
    >>> tt.nn.HalfSSELoss()(tt.tensor([[1.0, 2.0], [0.0, 0.0]]), tt.zeros((2, 2)))
    tensor(1.25)
    """

    def forward(self, input, target):
        return F.half_sse_loss(input, target)


class CategoricalCrossentropy(Module):
    """Keras's categorical cross-entropy with one-hot (or soft) targets:
    ``mean over samples of -sum(target * log(p))`` (`tinytensor.nn.functional.categorical_crossentropy`).

    Called as ``loss(input, target)``; returns a 0-d tensor.

    Parameters
    ----------
    from_logits : bool, default False
        Whether the input holds logits (softmax applied inside, stably) or probabilities.

    Examples
    --------
    >>> loss = tt.nn.CategoricalCrossentropy(from_logits=True)
    >>> tt.round(loss(tt.tensor([[0.0, 0.0]]), tt.tensor([[0.0, 1.0]])), 6)
    tensor(0.693147)
    """

    def __init__(self, from_logits=False):
        super().__init__()
        self.from_logits = from_logits

    def forward(self, input, target):
        return F.categorical_crossentropy(input, target, from_logits=self.from_logits)


class SparseCategoricalCrossentropy(CategoricalCrossentropy):
    """Categorical cross-entropy with integer labels: ``mean over b of -log(p[b, target[b]])``
    (`tinytensor.nn.functional.sparse_categorical_crossentropy`).

    Called as ``loss(input, target)`` with labels of shape (B,) or (B, 1); returns a 0-d tensor.

    Parameters
    ----------
    from_logits : bool, default False
        Whether the input holds logits or probabilities.

    Examples
    --------
    >>> loss = tt.nn.SparseCategoricalCrossentropy()
    >>> tt.round(loss(tt.tensor([[0.5, 0.5], [0.25, 0.75]]), tt.tensor([0, 1])), 6)
    tensor(0.490415)
    """

    def forward(self, input, target):
        return F.sparse_categorical_crossentropy(input, target, from_logits=self.from_logits)


class BinaryCrossentropy(CategoricalCrossentropy):
    """Binary cross-entropy ``mean(-(t log p + (1 - t) log(1 - p)))``
    (`tinytensor.nn.functional.binary_crossentropy`).

    Called as ``loss(input, target)``; returns a 0-d tensor.

    Parameters
    ----------
    from_logits : bool, default False
        Whether the input holds logits (the stable ``max(x, 0) - x t + log(1 + exp(-|x|))``) or
        probabilities.

    Examples
    --------
    >>> tt.round(tt.nn.BinaryCrossentropy()(tt.tensor([0.5, 0.9]), tt.tensor([1.0, 1.0])), 6)
    tensor(0.399254)
    """

    def forward(self, input, target):
        return F.binary_crossentropy(input, target, from_logits=self.from_logits)


class CrossEntropyLoss(Module):
    """PyTorch's CrossEntropyLoss: logits and integer labels (or class probabilities),
    ``mean over b of -log_softmax(input[b])[target[b]]`` (`tinytensor.nn.functional.cross_entropy`).

    Called as ``loss(input, target)``; returns a 0-d tensor.

    Examples
    --------
    >>> tt.round(tt.nn.CrossEntropyLoss()(tt.tensor([[0.0, 0.0]]), tt.tensor([1])), 6)
    tensor(0.693147)
    """

    def forward(self, input, target):
        return F.cross_entropy(input, target)
