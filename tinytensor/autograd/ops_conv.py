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
    """out = conv2d(x, weight) + bias (then relu): dx = col2im(dout @ W^T), dW = col^T @ dout,
    dbias = dout summed over images and pixels (dout masked by out > 0 for the fused relu), all
    in one core call."""
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
    """Each gradient element goes to the input position its window's maximum came from (the core
    finds it again by comparing the window with the result: no index tensor is kept)."""
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
    """Each gradient element is spread evenly over the inputs of its window."""
    name = "avg_pool2d"
    fresh = True

    def setup(self, out, x, spec=None, count_include_pad=True, data_format="channels_first"):
        self.set_inputs(x)
        self.x_shape, self.spec, self.data_format = tuple(x.shape), spec, data_format
        self.count_include_pad = count_include_pad

    def backward(self, g):
        return (_core._avg_pool2d_backward(g, self.x_shape, self.spec, self.count_include_pad, self.data_format),)
