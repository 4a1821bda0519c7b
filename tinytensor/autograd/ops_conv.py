"""Functions of the convolution and pooling ops (tinytensor/_conv.pxi).

The core computed the forward pass; the backward passes run in C as well: the transposed
products of the convolution (through the same packed GEMM) with col2im's scatter-add, and the
pooling gradients routed to each window's maximum (by the indices the forward pass kept) or
spread evenly over it.
"""
import tinytensor as tt
from tinytensor import _core
from .engine import register
from .function import Function

# the axes a bias gradient sums over: all but the channel axis
_NOT_CHANNELS = {"channels_first": (0, 2, 3), "channels_last": (0, 1, 2)}


@register
class Conv2d(Function):
    """out = conv2d(x, weight) + bias (then relu): dx = col2im(dout @ W^T), dW = col^T @ dout,
    dbias = dout summed over images and pixels."""
    name = "conv2d"
    fresh = True

    def setup(self, out, x, weight, bias=None, spec=None, data_format="channels_first", activation=None):
        self.set_inputs(x, weight, bias)
        self.spec, self.data_format, self.activation = spec, data_format, activation
        self.save(x, weight, out) if activation == "relu" else self.save(x, weight)

    def backward(self, g):
        if self.activation == "relu":
            x, weight, out = self.saved
            g = tt.where(out > 0, g, 0.0)
        else:
            x, weight = self.saved
        gx, gw = _core._conv2d_backward(g, x, weight, self.spec, self.data_format, self.needs[0], self.needs[1])
        gb = g.sum(axis=_NOT_CHANNELS[self.data_format]) if self.needs[2] else None
        return gx, gw, gb


@register
class MaxPool2d(Function):
    """Each gradient element goes to the input position its window's maximum came from."""
    name = "max_pool2d"
    fresh = True

    def setup(self, out, x, indices=None, spec=None, data_format="channels_first"):
        self.set_inputs(x)
        self.x_shape, self.spec, self.data_format = tuple(x.shape), spec, data_format
        self.save(indices)

    def backward(self, g):
        indices, = self.saved
        return (_core._max_pool2d_backward(g, indices, self.x_shape, self.spec, self.data_format),)


@register
class AvgPool2d(Function):
    """Each gradient element is spread evenly over the inputs of its window."""
    name = "avg_pool2d"
    fresh = True

    def setup(self, out, x, spec=None, count_include_pad=True, data_format="channels_first"):
        self.set_inputs(x)
        self.x_shape, self.spec, self.data_format = tuple(x.shape), spec, data_format
        self.count_include_pad = count_include_pad

    def backward(self, g):
        return (_core._avg_pool2d_backward(g, self.x_shape, self.spec, self.count_include_pad, self.data_format),)
