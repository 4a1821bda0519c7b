"""Functions of the convolution and pooling ops (tinytensor/_conv.pxi).

The core computed the forward pass; the backward passes run in C as well: the transposed
products of the convolution (through the same packed GEMM) with col2im's scatter-add, and the
pooling gradients routed to each window's maximum or spread evenly over it.
"""
from tinytensor import _core
from .engine import register
from .function import Function

@register
class Conv2d(Function):
    """Graph node of ``tt.conv2d``: ``out = conv2d(x, weight) + bias`` (then relu when
    ``activation="relu"``), differentiated in one core call.

    With ``col`` the im2col matrix of ``x`` (one row per output pixel, one column per (channel,
    kernel row, kernel column)) and ``W`` the weight as a matrix, the forward is ``out = col @ W^T
    + bias``; backward (csrc/conv.c, through the same packed GEMM) computes::

        dout = where(out > 0, g, 0) if activation == "relu" else g
        dx = col2im(dout @ W)               # col2im scatter-adds overlapping windows
        dW = dout^T @ col
        dbias = dout summed over images and pixels

    per group, for either ``data_format``. Inputs that do not require grad are skipped.

    Examples
    --------
    >>> x = tt.ones((1, 1, 3, 3), requires_grad=True)
    >>> w = tt.ones((1, 1, 2, 2), requires_grad=True)
    >>> b = tt.zeros(1, requires_grad=True)
    >>> tt.conv2d(x, w, b).sum().backward()
    >>> x.grad                          # how many 2x2 windows cover each pixel
    tensor([[[[1., 2., 1.],
              [2., 4., 2.],
              [1., 2., 1.]]]])
    >>> w.grad                          # each weight saw 4 ones
    tensor([[[[4., 4.],
              [4., 4.]]]])
    >>> b.grad                          # 4 output pixels
    tensor([4.])
    """
    name = "conv2d"
    fresh = True

    def setup(self, out, x, weight, bias=None, spec=None, data_format="channels_first", activation=None):
        self.set_inputs(x, weight, bias)
        self.spec, self.data_format, self.activation = spec, data_format, activation
        self.save(x, weight, out) if activation == "relu" else self.save(x, weight)

    def backward(self, g):
        x, weight, *out = self.saved        # out: the result, when the relu was fused (its mask)
        return _core._conv2d_backward(g, x, weight, self.spec, self.data_format, *self.needs,
                                      out[0] if out else None)


@register
class MaxPool2d(Function):
    """Graph node of ``tt.max_pool2d``: each gradient element goes to the input position its
    window's maximum came from.

    The core finds that position again by comparing the window with the result (no index tensor is
    kept); backward computes::

        dx = zeros(x.shape)
        for each output pixel o, with window w(o) of x:
            dx[first position p in w(o) where x[p] == out[o]] += g[o]

    Examples
    --------
    >>> x = tt.arange(16.0).reshape(1, 1, 4, 4)
    >>> x.requires_grad = True
    >>> tt.max_pool2d(x, 2).sum().backward()
    >>> x.grad                          # each 2x2 window's bottom-right element wins
    tensor([[[[0., 0., 0., 0.],
              [0., 1., 0., 1.],
              [0., 0., 0., 0.],
              [0., 1., 0., 1.]]]])
    """
    name = "max_pool2d"
    fresh = True

    def setup(self, out, x, spec=None, data_format="channels_first"):
        self.set_inputs(x)
        self.spec, self.data_format = spec, data_format
        self.save(x, out)

    def backward(self, g):
        x, out = self.saved
        return (_core._max_pool2d_backward(g, x, out, self.spec, self.data_format),)


@register
class AvgPool2d(Function):
    """Graph node of ``tt.avg_pool2d``: each gradient element is spread evenly over the inputs of
    its window.

    backward computes (``count`` the window's size, or, with ``count_include_pad=False``, the
    number of its elements inside the input)::

        dx = zeros(x.shape)
        for each output pixel o, with window w(o) of x:
            for p in w(o) inside x:
                dx[p] += g[o] / count

    Examples
    --------
    >>> x = tt.ones((1, 1, 3, 3), requires_grad=True)
    >>> tt.avg_pool2d(x, 2, stride=1).sum().backward()      # four overlapping 2x2 windows
    >>> x.grad
    tensor([[[[0.25, 0.5 , 0.25],
              [0.5 , 1.  , 0.5 ],
              [0.25, 0.5 , 0.25]]]])
    """
    name = "avg_pool2d"
    fresh = True

    def setup(self, out, x, spec=None, count_include_pad=True, data_format="channels_first"):
        self.set_inputs(x)
        self.x_shape, self.spec, self.data_format = tuple(x.shape), spec, data_format
        self.count_include_pad = count_include_pad

    def backward(self, g):
        return (_core._avg_pool2d_backward(g, self.x_shape, self.spec, self.count_include_pad, self.data_format),)
