"""``clip_grad_norm_`` and ``clip_grad_value_``, as ``torch.nn.utils``."""
import math

import tinytensor as tt
from tinytensor.autograd import no_grad


def _params(parameters):
    if isinstance(parameters, tt.Tensor):
        parameters = [parameters]
    return [p for p in parameters if p.grad is not None]


def clip_grad_norm_(parameters, max_norm, norm_type=2.0, error_if_nonfinite=False):
    """Rescale the gradients in place so that their joint norm is at most `max_norm`::

        total = (sum over p, i of |p.grad[i]| ** norm_type) ** (1 / norm_type)   # inf: max |g|
        if max_norm / (total + 1e-6) < 1:
            for p in parameters: p.grad *= max_norm / (total + 1e-6)

    Parameters
    ----------
    parameters : Tensor or iterable of Tensor
        The parameters; those without a gradient are skipped.
    max_norm : float
        The largest norm allowed.
    norm_type : float, default 2.0
        The order of the norm (> 0, or ``math.inf``).
    error_if_nonfinite : bool, default False
        Raise instead of scaling by a non-finite norm.

    Returns
    -------
    Tensor
        The total norm before clipping, 0-d, in the gradients' dtype (float32 0 when no
        parameter has a gradient).

    Raises
    ------
    ValueError
        If `norm_type` is not > 0.
    RuntimeError
        With `error_if_nonfinite`, when the total norm is inf or nan.

    Examples
    --------
    >>> from tinytensor.nn.utils import clip_grad_norm_
    >>> w = tt.tensor([0.0, 0.0], requires_grad=True)
    >>> (w * tt.tensor([3.0, 4.0])).sum().backward()      # grad = [3, 4], norm 5
    >>> clip_grad_norm_([w], max_norm=1.0)
    tensor(5.)
    >>> [round(v, 4) for v in w.grad.tolist()]
    [0.6, 0.8]
    """
    params = _params(parameters)
    norm_type = float(norm_type)
    if not params:
        return tt.tensor(0.0, dtype=tt.float32)
    with no_grad():
        if norm_type == math.inf:
            total = max(float(tt.abs(p.grad).max().item()) if p.grad.size else 0.0 for p in params)
        elif norm_type > 0:
            total = sum(float((tt.abs(p.grad) ** norm_type).sum().item()) for p in params) ** (1.0 / norm_type)
        else:
            raise ValueError("norm_type must be > 0 or inf, got %r" % (norm_type,))
        if error_if_nonfinite and not math.isfinite(total):
            raise RuntimeError("The total norm of order %s for gradients from `parameters` is non-finite, "
                               "so it cannot be clipped. To disable this error and scale the gradients by the "
                               "non-finite norm anyway, set `error_if_nonfinite=False`" % norm_type)
        coef = float(max_norm) / (total + 1e-6)
        if coef < 1.0:
            for p in params:
                p.grad *= coef
    return tt.tensor(total, dtype=params[0].grad.dtype)


def clip_grad_value_(parameters, clip_value):
    """Clip every gradient element to [-clip_value, clip_value], in place:
    ``p.grad[i] = min(max(p.grad[i], -clip_value), clip_value)``.

    Parameters
    ----------
    parameters : Tensor or iterable of Tensor
        The parameters; those without a gradient are skipped.
    clip_value : float
        The bound.

    Examples
    --------
    >>> from tinytensor.nn.utils import clip_grad_value_
    >>> w = tt.tensor([0.0, 0.0], requires_grad=True)
    >>> (w * tt.tensor([-3.0, 0.5])).sum().backward()
    >>> clip_grad_value_(w, 1.0)
    >>> w.grad
    tensor([-1. ,  0.5])
    """
    with no_grad():
        for p in _params(parameters):
            p.grad[...] = tt.clip(p.grad, -clip_value, clip_value)
