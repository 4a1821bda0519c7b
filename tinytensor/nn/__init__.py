"""PyTorch-style neural-network building blocks over tinytensor.autograd.

``Module`` finds its parameters without registration calls: every Tensor attribute that requires
grad when it is assigned (``Parameter(...)`` makes one) is a parameter, every Module attribute a
child. Weights of ``Linear`` are stored (in_features, out_features), the layout ``tt.linear`` takes.
"""
from .module import Module, Parameter, Sequential
from .layers import Linear, ReLU, Sigmoid, Tanh, Softmax, LogSoftmax, Step, Identity, Flatten, Dropout
from .losses import (MSELoss, HalfSSELoss, CategoricalCrossentropy, SparseCategoricalCrossentropy,
                     BinaryCrossentropy, CrossEntropyLoss)
from . import init, functional

__all__ = ["Module", "Parameter", "Sequential", "Linear", "ReLU", "Sigmoid", "Tanh", "Softmax",
           "LogSoftmax", "Step", "Identity", "Flatten", "Dropout", "MSELoss", "HalfSSELoss",
           "CategoricalCrossentropy", "SparseCategoricalCrossentropy", "BinaryCrossentropy",
           "CrossEntropyLoss", "init", "functional"]
