"""``clip_grad_norm_`` and ``clip_grad_value_``, as ``torch.nn.utils``."""
import math

import tinytensor as tt
from tinytensor.autograd import no_grad


def _params(parameters):
    if isinstance(parameters, tt.Tensor):
        parameters = [parameters]
    return [p for p in parameters if p.grad is not None]


def clip_grad_norm_(parameters, max_norm, norm_type=2.0, error_if_nonfinite=False):
    """Scale every gradient in place by ``max_norm / (total_norm + 1e-6)`` when that is below 1,
    where total_norm is the ``norm_type`` norm of all gradients taken as one vector (``inf``: the
    largest absolute value). Returns the total norm as a 0-d float tensor (before clipping)."""
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
    """Clip every gradient element to [-clip_value, clip_value], in place."""
    with no_grad():
        for p in _params(parameters):
            p.grad[...] = tt.clip(p.grad, -clip_value, clip_value)
