"""Convolution and pooling layers, PyTorch style: ``Conv1d``, ``Conv2d``, ``MaxPool2d``, ``AvgPool2d``.

Images are channels-first, (N, C, H, W) (``Conv1d``: (N, C, L)), and ``Conv2d.weight`` is
(out_channels, in_channels / groups, KH, KW) as PyTorch's, so a torch ``state_dict()`` loads.
Default initialisation as PyTorch: weight and bias from U(-1/sqrt(fan_in), 1/sqrt(fan_in)) with
fan_in = in_channels / groups * KH * KW (PyTorch's kaiming_uniform_(a=sqrt(5)) is exactly this).
The core op is ``tt.conv2d`` (im2col + the packed GEMM); ``activation="relu"`` fuses the relu.
"""
import math

import tinytensor as tt
from . import init
from .layers import _check_dtype
from .module import Module, Parameter


def _pair(v, what):
    if isinstance(v, (tuple, list)):
        if len(v) != 2:
            raise ValueError("%s must be an int or a pair of ints, got %r" % (what, v))
        return tuple(v)
    return (v, v)


def _check_int(v, what, minimum):
    if isinstance(v, bool) or not isinstance(v, int):
        raise TypeError("%s must be an int, got %r" % (what, v))
    if v < minimum:
        raise ValueError("%s must be at least %d, got %d" % (what, minimum, v))
    return v


class _ConvNd(Module):
    """What Conv1d and Conv2d share: checks, weight layout and PyTorch's initialisation."""
    n_dims = 2

    def __init__(self, in_channels, out_channels, kernel_size, stride, padding, dilation, groups, bias,
                 padding_mode, activation, dtype):
        super().__init__()
        name = type(self).__name__
        _check_int(in_channels, "%s: in_channels" % name, 1)
        _check_int(out_channels, "%s: out_channels" % name, 1)
        _check_int(groups, "%s: groups" % name, 1)
        if in_channels % groups:
            raise ValueError("%s: in_channels=%d must be divisible by groups=%d" % (name, in_channels, groups))
        if out_channels % groups:
            raise ValueError("%s: out_channels=%d must be divisible by groups=%d" % (name, out_channels, groups))
        if padding_mode != "zeros":
            raise ValueError("%s: only padding_mode='zeros' is supported, not %r" % (name, padding_mode))
        if activation not in (None, "relu"):
            raise ValueError("%s's fused activation is None or 'relu', not %r" % (name, activation))
        ks = _pair(kernel_size, "kernel_size") if self.n_dims == 2 else (_one(kernel_size, "kernel_size"),)
        for k in ks:
            _check_int(k, "%s: kernel_size" % name, 1)
        if isinstance(padding, str):
            if padding not in ("valid", "same"):
                raise ValueError("%s: padding must be 'valid', 'same', an int or a tuple, not %r" % (name, padding))
            strides = _pair(stride, "stride") if self.n_dims == 2 else (_one(stride, "stride"),)
            if padding == "same" and any(s != 1 for s in strides):
                raise ValueError("padding='same' is not supported for strided convolutions")
        # stored as PyTorch stores them: tuples of n_dims ints (a padding string stays a string)
        tup = (lambda v, what: _pair(v, what)) if self.n_dims == 2 else (lambda v, what: (_one(v, what),))
        self.in_channels, self.out_channels, self.kernel_size = in_channels, out_channels, ks
        self.stride, self.dilation, self.groups = tup(stride, "stride"), tup(dilation, "dilation"), groups
        self.padding = padding if isinstance(padding, str) else tup(padding, "padding")
        self.padding_mode, self.activation = padding_mode, activation
        fan_in = in_channels // groups * math.prod(ks)
        bound = 1.0 / math.sqrt(fan_in)
        self.weight = Parameter(init.uniform((out_channels, in_channels // groups) + ks, -bound, bound, dtype))
        self.bias = Parameter(init.uniform((out_channels,), -bound, bound, dtype)) if bias else None

    def extra_repr(self):
        s = "%d, %d, kernel_size=%s, stride=%s" % (self.in_channels, self.out_channels, self.kernel_size,
                                                   self.stride)
        if self.padding not in ((0, 0), (0,)):
            s += ", padding=%s" % (self.padding,)
        if self.dilation not in ((1, 1), (1,)):
            s += ", dilation=%s" % (self.dilation,)
        if self.groups != 1:
            s += ", groups=%d" % self.groups
        if self.bias is None:
            s += ", bias=False"
        return s


def _one(v, what):
    if isinstance(v, (tuple, list)):
        if len(v) != 1:
            raise ValueError("%s must be an int or a 1-tuple, got %r" % (what, v))
        return v[0]
    return v


class Conv2d(_ConvNd):
    """2-D convolution over (N, C, H, W) images:

        out[n, oc] = bias[oc] + sum over c of cross_correlate(x[n, c], weight[oc, c])

    (see ``tt.conv2d`` for the loop). ``padding``: an int, a pair, "valid" or "same" (stride 1).
    """

    def __init__(self, in_channels, out_channels, kernel_size, stride=1, padding=0, dilation=1, groups=1,
                 bias=True, padding_mode="zeros", activation=None, dtype=tt.float32):
        super().__init__(in_channels, out_channels, kernel_size, stride, padding, dilation, groups, bias,
                         padding_mode, activation, dtype)

    def forward(self, x):
        _check_dtype(x, self.weight, "Conv2d")
        return tt.conv2d(x, self.weight, self.bias, self.stride, self.padding, self.dilation, self.groups,
                         activation=self.activation)


class Conv1d(_ConvNd):
    """1-D convolution over (N, C, L) sequences (``tt.conv1d``: a conv2d one row high)."""
    n_dims = 1

    def __init__(self, in_channels, out_channels, kernel_size, stride=1, padding=0, dilation=1, groups=1,
                 bias=True, padding_mode="zeros", activation=None, dtype=tt.float32):
        super().__init__(in_channels, out_channels, kernel_size, stride, padding, dilation, groups, bias,
                         padding_mode, activation, dtype)

    def forward(self, x):
        _check_dtype(x, self.weight, "Conv1d")
        padding = self.padding if isinstance(self.padding, str) else self.padding[0]
        return tt.conv1d(x, self.weight, self.bias, self.stride[0], padding, self.dilation[0], self.groups,
                         activation=self.activation)


class MaxPool2d(Module):
    """The largest value of each kernel_size window (``tt.max_pool2d``); stride defaults to
    kernel_size. With ``return_indices`` it returns ``(out, indices)`` as PyTorch's."""

    def __init__(self, kernel_size, stride=None, padding=0, dilation=1, return_indices=False, ceil_mode=False):
        super().__init__()
        self.kernel_size, self.stride, self.padding, self.dilation = kernel_size, stride, padding, dilation
        self.return_indices, self.ceil_mode = return_indices, ceil_mode

    def forward(self, x):
        return tt.max_pool2d(x, self.kernel_size, self.stride, self.padding, self.dilation, self.ceil_mode,
                             self.return_indices)

    def extra_repr(self):
        return "kernel_size=%s, stride=%s, padding=%s, dilation=%s, ceil_mode=%s" % (
            self.kernel_size, self.kernel_size if self.stride is None else self.stride, self.padding,
            self.dilation, self.ceil_mode)


class AvgPool2d(Module):
    """The mean of each kernel_size window (``tt.avg_pool2d``); stride defaults to kernel_size."""

    def __init__(self, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True,
                 divisor_override=None):
        super().__init__()
        if divisor_override is not None:
            raise ValueError("AvgPool2d: divisor_override is not supported")
        self.kernel_size, self.stride, self.padding = kernel_size, stride, padding
        self.ceil_mode, self.count_include_pad = ceil_mode, count_include_pad

    def forward(self, x):
        return tt.avg_pool2d(x, self.kernel_size, self.stride, self.padding, self.ceil_mode,
                             self.count_include_pad)

    def extra_repr(self):
        return "kernel_size=%s, stride=%s, padding=%s" % (
            self.kernel_size, self.kernel_size if self.stride is None else self.stride, self.padding)
