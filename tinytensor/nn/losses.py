"""Loss modules (``loss(input, target)``, PyTorch order); see nn.functional for the formulas."""
from . import functional as F
from .module import Module


class MSELoss(Module):
    def forward(self, input, target):
        return F.mse_loss(input, target)


class L1Loss(Module):
    def forward(self, input, target):
        return F.l1_loss(input, target)


class HalfSSELoss(Module):
    """Higham & Higham's cost (1/N) sum_i 1/2 ||y_i - t_i||^2."""

    def forward(self, input, target):
        return F.half_sse_loss(input, target)


class CategoricalCrossentropy(Module):
    def __init__(self, from_logits=False):
        super().__init__()
        self.from_logits = from_logits

    def forward(self, input, target):
        return F.categorical_crossentropy(input, target, from_logits=self.from_logits)


class SparseCategoricalCrossentropy(CategoricalCrossentropy):
    def forward(self, input, target):
        return F.sparse_categorical_crossentropy(input, target, from_logits=self.from_logits)


class BinaryCrossentropy(CategoricalCrossentropy):
    def forward(self, input, target):
        return F.binary_crossentropy(input, target, from_logits=self.from_logits)


class CrossEntropyLoss(Module):
    """PyTorch's CrossEntropyLoss: logits and integer labels (or probabilities)."""

    def forward(self, input, target):
        return F.cross_entropy(input, target)
