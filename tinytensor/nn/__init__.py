"""PyTorch-style neural-network building blocks over tinytensor.autograd.

``Module`` finds its parameters without registration calls: every Tensor attribute that requires
grad when it is assigned (``Parameter(...)`` makes one) is a parameter, every Module attribute a
child. ``Linear.weight`` is (out_features, in_features), PyTorch's layout, so a torch model's
``state_dict()`` loads into the same architecture; a layer refuses an input of another dtype
than its weights, as PyTorch does. ``Conv2d``/``Conv1d`` (channels-first, PyTorch's weight
layout), ``MaxPool2d``/``AvgPool2d`` and ``BatchNorm1d``/``BatchNorm2d`` (running statistics kept
as buffers, ``register_buffer``) load a torch ``state_dict()`` too.
"""
from .module import Module, Parameter, Sequential, ModuleList, ModuleDict
from .layers import (Linear, LayerNorm, Embedding, ReLU, Sigmoid, Tanh, GELU, LeakyReLU, ELU, Softplus,
                     Softmax, LogSoftmax, Step, Identity, Flatten, Dropout)
from .losses import (MSELoss, L1Loss, HalfSSELoss, CategoricalCrossentropy, SparseCategoricalCrossentropy,
                     BinaryCrossentropy, CrossEntropyLoss)
from .conv import Conv1d, Conv2d, MaxPool2d, AvgPool2d
from .normalization import BatchNorm1d, BatchNorm2d
from . import init, functional, utils

__all__ = ["Module", "Parameter", "Sequential", "ModuleList", "ModuleDict", "Linear", "LayerNorm",
           "Embedding", "ReLU", "Sigmoid", "Tanh", "GELU", "LeakyReLU", "ELU", "Softplus", "Softmax",
           "LogSoftmax", "Step", "Identity", "Flatten", "Dropout", "MSELoss", "L1Loss", "HalfSSELoss",
           "CategoricalCrossentropy", "SparseCategoricalCrossentropy", "BinaryCrossentropy",
           "CrossEntropyLoss", "Conv1d", "Conv2d", "MaxPool2d", "AvgPool2d", "BatchNorm1d", "BatchNorm2d",
           "init", "functional", "utils"]
