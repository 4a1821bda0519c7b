"""A reusable float64 central-difference gradient check.

    from gradcheck import gradcheck
    gradcheck(lambda a, b: a * b, [x, y])

``inputs`` are float64 Tensors (any layout: transposed, sliced, broadcast views are fine); the ones
with ``requires_grad`` set are checked. The output is reduced with a fixed random weighting
``sum(f(*inputs) * R)`` so every output element contributes with a different weight. Raises
AssertionError with the worst element when analytic and numeric gradients differ.
"""
import itertools
import random

import tinytensor as tt
from tinytensor.autograd import no_grad


def _weights(shape, seed):
    rnd = random.Random(seed)
    n = 1
    for s in shape:
        n *= s
    return tt.tensor([rnd.uniform(0.5, 1.5) * rnd.choice((-1, 1)) for _ in range(n)],
                     dtype=tt.float64).reshape(tuple(shape))


def numeric_grad(f, inputs, i, R, eps=1e-6):
    x = inputs[i]
    g = tt.zeros(tuple(x.shape), dtype=tt.float64)
    with no_grad():
        for idx in itertools.product(*[range(n) for n in x.shape]):
            orig = x[idx].item()
            x[idx] = orig + eps
            fp = (tt.asarray(f(*inputs)) * R).sum().item()
            x[idx] = orig - eps
            fm = (tt.asarray(f(*inputs)) * R).sum().item()
            x[idx] = orig
            g[idx] = (fp - fm) / (2 * eps)
    return g


def analytic_grads(f, inputs, R):
    for x in inputs:
        if x.requires_grad:
            x.grad = None
    out = f(*inputs)
    (out * R).sum().backward()
    return [x.grad for x in inputs]


def gradcheck(f, inputs, eps=1e-6, atol=1e-5, rtol=1e-4, seed=0):
    for x in inputs:
        assert x.dtype == tt.float64, "gradcheck wants float64 inputs"
    with no_grad():
        shape = tuple(tt.asarray(f(*inputs)).shape)
    R = _weights(shape, seed)
    grads = analytic_grads(f, inputs, R)
    checked = 0
    for i, x in enumerate(inputs):
        if not x.requires_grad:
            continue
        checked += 1
        ga = grads[i]
        assert ga is not None, "input %d got no gradient" % i
        assert tuple(ga.shape) == tuple(x.shape), "input %d: grad shape %s != %s" % (
            i, tuple(ga.shape), tuple(x.shape))
        assert ga.dtype == tt.float64, "input %d: grad dtype %s" % (i, ga.dtype)
        gn = numeric_grad(f, inputs, i, R, eps)
        worst = None
        for idx in itertools.product(*[range(n) for n in x.shape]):
            a, n = ga[idx].item(), gn[idx].item()
            err = abs(a - n) - (atol + rtol * abs(n))
            if err > 0 and (worst is None or err > worst[0]):
                worst = (err, idx, a, n)
        assert worst is None, "input %d: analytic %r != numeric %r at %s" % (i, worst[2], worst[3], worst[1])
    assert checked, "no input requires grad"
    return True


def leaf(t):
    """``t`` (any view) as a float64 leaf that requires grad, keeping its layout."""
    t = t.detach()
    t.requires_grad = True
    return t
