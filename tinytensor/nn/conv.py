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
        """The constructor arguments shown inside ``repr(layer)`` (defaults left out).

        Returns
        -------
        str

        Examples
        --------
        >>> tt.nn.Conv2d(1, 2, 3, stride=2, bias=False).extra_repr()
        '1, 2, kernel_size=(3, 3), stride=(2, 2), bias=False'
        """
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
    r"""2-D convolution over (N, C, H, W) images (a cross-correlation, as PyTorch)::

        out[n, oc, i, j] = bias[oc] + sum over c in oc's group, kh, kw of
            x[n, c, i * sh + kh * dh - ph, j * sw + kw * dw - pw] * weight[oc, c, kh, kw]

    (``tt.conv2d``: im2col and the packed GEMM; zero padding). ``weight`` is
    (out_channels, in_channels / groups, KH, KW), PyTorch's layout, initialised from
    U(-1/sqrt(fan_in), 1/sqrt(fan_in)) with fan_in = in_channels / groups * KH * KW (bias too).

    Parameters
    ----------
    in_channels, out_channels : int
        Channels of the input and output (>= 1, divisible by `groups`).
    kernel_size : int or (int, int)
        KH, KW.
    stride, dilation : int or (int, int), default 1
        Step between windows, spacing inside a window.
    padding : int, (int, int), "valid" or "same", default 0
        Zeros added on each side ("same" keeps H and W, stride 1 only).
    groups : int, default 1
        Split the channels into groups convolved separately.
    bias : bool, default True
        Learn a bias per output channel.
    padding_mode : {"zeros"}, default "zeros"
        Only zero padding.
    activation : {None, "relu"}, optional
        A relu fused into the same call.
    dtype : DType, default tt.float32
        The weights' dtype; the input must have the same one.

    Raises
    ------
    TypeError
        If a size is not an int.
    ValueError
        If a size is below 1, the channels are not divisible by `groups`, or a padding, mode
        or activation is not supported.

    Examples
    --------
    >>> conv = tt.nn.Conv2d(3, 8, kernel_size=3, padding=1)
    >>> conv
    Conv2d(3, 8, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1))
    >>> conv(tt.zeros((2, 3, 5, 5), dtype=tt.float32)).shape
    (2, 8, 5, 5)
    >>> tuple(conv.weight.shape)
    (8, 3, 3, 3)
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
    """1-D convolution over (N, C, L) sequences: ``tt.conv1d``, a `Conv2d` one row high::

        out[n, oc, i] = bias[oc] + sum over c, k of x[n, c, i * stride + k * dilation - padding] * weight[oc, c, k]

    Parameters
    ----------
    in_channels, out_channels : int
        Channels of the input and output.
    kernel_size : int
        K.
    stride, padding, dilation, groups, bias, padding_mode, activation, dtype
        As `Conv2d`, with ints (or 1-tuples) for one axis.

    Raises
    ------
    TypeError, ValueError
        As `Conv2d`.

    Examples
    --------
    >>> conv = tt.nn.Conv1d(2, 4, kernel_size=3)
    >>> conv(tt.zeros((1, 2, 10), dtype=tt.float32)).shape
    (1, 4, 8)
    """

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
    """The largest value of each window of (N, C, H, W) input (``tt.max_pool2d``)::

        out[n, c, i, j] = max over kh, kw of x[n, c, i * sh + kh * dh - ph, j * sw + kw * dw - pw]

    (padding counts as -inf).

    Parameters
    ----------
    kernel_size : int or (int, int)
        The window.
    stride : int or (int, int), optional
        Defaults to `kernel_size`.
    padding : int or (int, int), default 0
        Implicit -inf on each side.
    dilation : int or (int, int), default 1
        Spacing inside a window.
    return_indices : bool, default False
        Also return the flat index (in H * W) of each maximum, as PyTorch.
    ceil_mode : bool, default False
        Round the output size up (a last partial window).

    Examples
    --------
    >>> x = tt.arange(16, dtype=tt.float32).reshape(1, 1, 4, 4)
    >>> tt.nn.MaxPool2d(2)(x)
    tensor([[[[ 5.,  7.],
              [13., 15.]]]], dtype=float32)
    """

    def __init__(self, kernel_size, stride=None, padding=0, dilation=1, return_indices=False, ceil_mode=False):
        super().__init__()
        self.kernel_size, self.stride, self.padding, self.dilation = kernel_size, stride, padding, dilation
        self.return_indices, self.ceil_mode = return_indices, ceil_mode

    def forward(self, x):
        return tt.max_pool2d(x, self.kernel_size, self.stride, self.padding, self.dilation, self.ceil_mode,
                             self.return_indices)

    def extra_repr(self):
        """The constructor arguments shown inside ``repr(layer)``.

        Returns
        -------
        str

        Examples
        --------
        >>> tt.nn.MaxPool2d(2).extra_repr()
        'kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False'
        """
        return "kernel_size=%s, stride=%s, padding=%s, dilation=%s, ceil_mode=%s" % (
            self.kernel_size, self.kernel_size if self.stride is None else self.stride, self.padding,
            self.dilation, self.ceil_mode)


class AvgPool2d(Module):
    """The mean of each window of (N, C, H, W) input (``tt.avg_pool2d``)::

        out[n, c, i, j] = mean over kh, kw of x[n, c, i * sh + kh - ph, j * sw + kw - pw]

    Parameters
    ----------
    kernel_size : int or (int, int)
        The window.
    stride : int or (int, int), optional
        Defaults to `kernel_size`.
    padding : int or (int, int), default 0
        Zeros on each side.
    ceil_mode : bool, default False
        Round the output size up.
    count_include_pad : bool, default True
        Count the padding zeros in the mean.
    divisor_override : None
        Not supported.

    Raises
    ------
    ValueError
        If `divisor_override` is given.

    Examples
    --------
    >>> x = tt.arange(16, dtype=tt.float32).reshape(1, 1, 4, 4)
    >>> tt.nn.AvgPool2d(2)(x)
    tensor([[[[ 2.5,  4.5],
              [10.5, 12.5]]]], dtype=float32)
    """

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
        """The constructor arguments shown inside ``repr(layer)``.

        Returns
        -------
        str

        Examples
        --------
        >>> tt.nn.AvgPool2d(3, stride=1).extra_repr()
        'kernel_size=3, stride=1, padding=0'
        """
        return "kernel_size=%s, stride=%s, padding=%s" % (
            self.kernel_size, self.kernel_size if self.stride is None else self.stride, self.padding)
