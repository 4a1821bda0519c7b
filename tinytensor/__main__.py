"""``python -m tinytensor``: the build's configuration and a self-check of about two seconds.

It prints ``tinytensor.show_config()``, then checks

- matrix products against the plain Python loop of ``tinytensor.naive.naive_matrix_dot``, on the
  small-matrix path, the packed path with partial tiles, transposed operands and a size that
  splits across threads, in float32, float64 and int64;
- the gradients of a small two-layer network, by reverse-mode autograd, against central finite
  differences in float64,

and exits with status 0 when every check passes, 1 when one fails (an exception counts as a
failure). Needs nothing but tinytensor (no NumPy).
"""
import math
import sys
import time

import tinytensor as tt
from tinytensor.naive import naive_matrix_dot

# (m, k, n, dtype, transpose a, what the case reaches); 65x66 @ 66x70 is above the size (64^3)
# from which the GEMM splits its work across threads
GEMM_CASES = [
    (5, 7, 3, "float64", False, "small-matrix path"),
    (33, 20, 18, "float32", False, "packed path, partial tiles"),
    (31, 40, 17, "float64", True, "packed path, transposed operand"),
    (9, 17, 11, "int64", False, "integer product, exact"),
    (65, 66, 70, "float32", False, "packed path, split across threads"),
]


def _operands(m, k, n, dtype, transpose_a, seed):
    rng = tt.random.default_rng(seed)
    if dtype == "int64":
        a = rng.integers(-50, 50, size=(m, k))
        b = rng.integers(-50, 50, size=(k, n))
    else:
        a = rng.standard_normal((m, k)).astype(dtype)
        b = rng.standard_normal((k, n)).astype(dtype)
    if transpose_a:
        a = a.T.copy().T          # the same values, stored column-major: a transposed view
    return a, b


def check_gemm(m, k, n, dtype, transpose_a, seed=0):
    """Largest |tt.matmul(a, b) - naive loop| and the error bound it must stay under.

    The naive loop adds in double precision; a float product of inner length k may differ from
    it by at most about k * eps * max|a| * max|b| (Higham's bound, here with a factor 4 of room).
    Integer products must be exact.
    """
    a, b = _operands(m, k, n, dtype, transpose_a, seed)
    got = tt.matmul(a, b)
    want = naive_matrix_dot(a.astype("float64"), b.astype("float64"))
    if tuple(got.shape) != (m, n) or str(got.dtype) != dtype:
        raise AssertionError(f"matmul gave shape {tuple(got.shape)} dtype {got.dtype}, "
                             f"expected {(m, n)} {dtype}")
    error = float(tt.abs(got.astype("float64") - want).max())
    if dtype == "int64":
        return error, 0.0
    eps = 2.0 ** -23 if dtype == "float32" else 2.0 ** -52
    bound = 4 * k * eps * float(tt.abs(a).max()) * float(tt.abs(b).max())
    return error, bound


def two_layer_loss(x, w1, b1, w2, target):
    """The mean squared error of sigmoid(tanh(x @ w1 + b1) @ w2) against target."""
    return ((tt.sigmoid(tt.tanh(x @ w1 + b1) @ w2) - target) ** 2).mean()


def check_gradient(loss_fn=None, eps=1e-6, seed=1):
    """Largest |autograd - central difference| over every parameter of ``loss_fn`` (default:
    two_layer_loss), and the number of parameters checked. The central difference
    (f(p + eps) - f(p - eps)) / (2 eps) is accurate to ~1e-9 here in float64."""
    loss_fn = loss_fn or two_layer_loss
    rng = tt.random.default_rng(seed)
    x = rng.standard_normal((6, 4))
    target = rng.uniform(0.0, 1.0, size=(6, 3))
    params = [rng.standard_normal(shape) * 0.5 for shape in ((4, 5), (5,), (5, 3))]
    for p in params:
        p.requires_grad = True
    loss_fn(x, params[0], params[1], params[2], target).backward()
    worst, count = 0.0, 0
    with tt.no_grad():
        for p in params:
            if p.grad is None or tuple(p.grad.shape) != tuple(p.shape):
                raise AssertionError(f"parameter of shape {tuple(p.shape)} got gradient {p.grad!r}")
            flat, grad = p.reshape(-1), p.grad.reshape(-1)   # views: writing flat[i] moves p
            for i in range(flat.shape[0]):
                original = flat[i].item()
                flat[i] = original + eps
                up = loss_fn(x, *params, target).item()
                flat[i] = original - eps
                down = loss_fn(x, *params, target).item()
                flat[i] = original
                worst = max(worst, abs(grad[i].item() - (up - down) / (2 * eps)))
                count += 1
    return worst, count


def main(argv=None):
    tt.show_config()
    print("self-check")
    start = time.perf_counter()
    failures = 0

    def report(name, run):
        nonlocal failures
        try:
            message, ok = run()
        except Exception as exc:     # a crash of a check is a failed check, reported by name
            message, ok = f"{type(exc).__name__}: {exc}", False
        failures += not ok
        print(f"  {'ok    ' if ok else 'FAILED'} {name}: {message}")

    for m, k, n, dtype, transpose_a, what in GEMM_CASES:
        def gemm(m=m, k=k, n=n, dtype=dtype, transpose_a=transpose_a):
            error, bound = check_gemm(m, k, n, dtype, transpose_a)
            return f"max error {error:.3g} (bound {bound:.3g})", error <= bound
        name = f"matmul {dtype} {m}x{k} @ {k}x{n} ({what}) vs naive loop"
        report(name, gemm)

    def gradient():
        worst, count = check_gradient()
        return f"max error {worst:.3g} over {count} parameters (bound 1e-6)", worst <= 1e-6 and count > 0
    report("gradient of a two-layer network vs central differences", gradient)

    elapsed = time.perf_counter() - start
    if failures:
        print(f"self-check FAILED: {failures} check(s) in {elapsed:.1f} s")
        return 1
    print(f"self-check passed in {elapsed:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
