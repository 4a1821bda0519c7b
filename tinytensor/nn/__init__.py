"""PyTorch-style neural-network building blocks over tinytensor.autograd.

``Module`` finds its parameters without registration calls: every Tensor attribute that requires
grad when it is assigned (``Parameter(...)`` makes one) is a parameter, every Module attribute a
child. ``Linear.weight`` is (out_features, in_features), PyTorch's layout, so a torch model's
``state_dict()`` loads into the same architecture; a layer refuses an input of another dtype
than its weights, as PyTorch does.
"""
from .module import Module, Parameter, Sequential, ModuleList, ModuleDict
from .layers import (Linear, LayerNorm, Embedding, ReLU, Sigmoid, Tanh, GELU, LeakyReLU, ELU, Softplus,
                     Softmax, LogSoftmax, Step, Identity, Flatten, Dropout)
from .losses import (MSELoss, L1Loss, HalfSSELoss, CategoricalCrossentropy, SparseCategoricalCrossentropy,
                     BinaryCrossentropy, CrossEntropyLoss)
from . import init, functional, utils

__all__ = ["Module", "Parameter", "Sequential", "ModuleList", "ModuleDict", "Linear", "LayerNorm",
           "Embedding", "ReLU", "Sigmoid", "Tanh", "GELU", "LeakyReLU", "ELU", "Softplus", "Softmax",
           "LogSoftmax", "Step", "Identity", "Flatten", "Dropout", "MSELoss", "L1Loss", "HalfSSELoss",
           "CategoricalCrossentropy", "SparseCategoricalCrossentropy", "BinaryCrossentropy",
           "CrossEntropyLoss", "init", "functional", "utils"]
