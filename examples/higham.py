"""Higham & Higham's first example: a 2-2-3-2 sigmoid network that splits the unit square.

    python examples/higham.py                       # 1e6 SGD steps, hand-written backprop
    python examples/higham.py --variant autograd    # the same steps, gradients by autograd
    python examples/higham.py --steps 200000 --no-plot

From C. F. Higham and D. J. Higham, "Deep learning: an introduction for applied
mathematicians", SIAM Review 61(4), 2019, section 2 and the MATLAB code in its section 4:
ten points of the unit square in two categories, A (the first five, target (1, 0)) and
B (the last five, target (0, 1)); layers a = sigma(W a_prev + b) with the sigmoid everywhere,
widths 2 -> 2 -> 3 -> 2, so 2*2+2 + 3*2+3 + 2*3+2 = 23 weights and biases, all drawn from
0.5 * standard normal; the cost

    Cost = (1/10) sum_i 1/2 || y(x_i) - F(x_i) ||^2

minimised by stochastic gradient descent: each step picks one of the ten points at random and
moves every parameter against the gradient of that point's term, with learning rate 0.05, for
1e6 steps. The trained F draws the decision boundary F1(x) = F2(x) across the square.

Two versions of the step (--variant):
  manual    the paper's backpropagation written out with Tensor operations (delta4, delta3,
            delta2, then the updates), a few small C calls per line;
  autograd  the forward pass and the point's cost, then cost.backward() and p -= eta * p.grad.
Our random generator is not MATLAB's, so the numbers differ from the paper's figures while
telling the same story.
"""
import argparse
import os
import time
from collections.abc import Callable
from typing import Any

import tinytensor as tt
from tinytensor.autograd import no_grad  # loading autograd makes backward() work

# pictures go to --out (default: this folder under the current directory), never into the
# repository; `tools/make_images.sh` regenerates docs/images with --out docs/images
IMAGES = "tinytensor-pictures"

X1 = [0.1, 0.3, 0.1, 0.6, 0.4, 0.6, 0.5, 0.9, 0.4, 0.7]
X2 = [0.1, 0.4, 0.5, 0.9, 0.2, 0.3, 0.6, 0.2, 0.4, 0.6]
CATEGORY = ["A"] * 5 + ["B"] * 5
ETA = 0.05
SEED = 5000        # the paper seeds MATLAB's generator with rng(5000); ours is PCG64-DXSM

Params = list[tt.Tensor]                                  # [W2, W3, W4, b2, b3, b4]
Step = Callable[[tt.Tensor, tt.Tensor, tt.Tensor], None]  # step(x, x^T, y): one SGD update


def dataset() -> tuple[tt.Tensor, tt.Tensor]:
    """X (2, 10): one point per column; Y (2, 10): its target, (1, 0) for A and (0, 1) for B."""
    X = tt.tensor([X1, X2])
    Y = tt.tensor([[1.0] * 5 + [0.0] * 5, [0.0] * 5 + [1.0] * 5])
    return X, Y


def init_params(seed: int = SEED) -> Params:
    """[W2, W3, W4, b2, b3, b4], each 0.5 * standard normal, in the paper's order and shapes
    (biases are columns, so one code path serves one point or all ten)."""
    rng = tt.random.default_rng(seed)
    shapes = [(2, 2), (3, 2), (2, 3), (2, 1), (3, 1), (2, 1)]
    return [0.5 * rng.standard_normal(s) for s in shapes]


def count_params(params: Params) -> int:
    return sum(p.size for p in params)


def forward(params: Params, X: tt.Tensor) -> tuple[tt.Tensor, tt.Tensor, tt.Tensor]:
    """F(X) for points as columns of X (2, n): returns a2, a3, a4."""
    W2, W3, W4, b2, b3, b4 = params
    a2 = tt.sigmoid(W2 @ X + b2)
    a3 = tt.sigmoid(W3 @ a2 + b3)
    a4 = tt.sigmoid(W4 @ a3 + b4)
    return a2, a3, a4


def cost(params: Params, X: tt.Tensor | None = None, Y: tt.Tensor | None = None) -> float:
    """(1/N) sum_i 1/2 ||y(x_i) - F(x_i)||^2 over the ten points, as a float."""
    if X is None:
        X, Y = dataset()
    assert Y is not None, "cost needs the targets Y of the points X"
    with no_grad():
        a4 = forward(params, X)[2]
        return 0.5 * float(tt.square(Y - a4).sum()) / X.shape[1]


def classify(params: Params, X: tt.Tensor | None = None) -> list[str]:
    """'A' or 'B' for each point: the output unit with the larger value."""
    if X is None:
        X = dataset()[0]
    with no_grad():
        a4 = forward(params, X)[2]
    return ["A" if v == 0 else "B" for v in tt.argmax(a4, axis=0).tolist()]


# ---- the two steps ---------------------------------------------------------------------

def manual_trainer(params: Params, eta: float = ETA) -> Step:
    """One SGD step on point (x, y), backpropagation by hand, as the paper's MATLAB code:

        delta4 = a4 (1 - a4) (a4 - y)          the output layer's error
        delta3 = a3 (1 - a3) (W4^T delta4)      passed back through W4
        delta2 = a2 (1 - a2) (W3^T delta3)
        W_l -= eta delta_l a_{l-1}^T,  b_l -= eta delta_l

    Every tensor here has 2 or 3 elements, so the time goes into the calls, not the arithmetic;
    the step is written with few calls: eta is folded into delta4 (the deltas are linear in it),
    the transposes W4^T and W3^T are views made once (they see the in-place updates), and the
    outer product delta a^T is a broadcast multiply of a column by a row.
    """
    W2, W3, W4, b2, b3, b4 = params
    W4t, W3t = W4.T, W3.T

    def step(x: tt.Tensor, xT: tt.Tensor, y: tt.Tensor) -> None:
        nonlocal W2, W3, W4, b2, b3, b4                 # updated in place by -=
        a2 = tt.sigmoid(W2 @ x + b2)
        a3 = tt.sigmoid(W3 @ a2 + b3)
        a4 = tt.sigmoid(W4 @ a3 + b4)
        d4 = (a4 - y) * eta * a4 * (1 - a4)             # eta * delta4
        d3 = (W4t @ d4) * a3 * (1 - a3)                 # eta * delta3
        d2 = (W3t @ d3) * a2 * (1 - a2)                 # eta * delta2
        W4 -= d4 * a3.T
        b4 -= d4
        W3 -= d3 * a2.T
        b3 -= d3
        W2 -= d2 * xT
        b2 -= d2
    return step


def autograd_trainer(params: Params, eta: float = ETA) -> Step:
    """One SGD step on point (x, y) with autograd: the point's cost 1/2 ||y - F(x)||^2, its
    backward pass, then p -= eta * p.grad for each of the six parameter tensors."""
    for p in params:
        p.requires_grad = True

    def step(x: tt.Tensor, xT: tt.Tensor, y: tt.Tensor) -> None:
        a4 = forward(params, x)[2]
        c = 0.5 * tt.square(a4 - y).sum()
        c.backward()
        with no_grad():
            for p in params:
                assert p.grad is not None                # backward() filled it
                p -= eta * p.grad
                p.grad = None
    return step


TRAINERS: dict[str, Callable[[Params, float], Step]] = {"manual": manual_trainer, "autograd": autograd_trainer}


def train(steps: int = 1_000_000, variant: str = "manual", seed: int = SEED, eta: float = ETA,
          print_every: int = 100_000, record_every: int | None = None,
          verbose: bool = True) -> tuple[Params, list[tuple[int, float]], float]:
    """SGD for `steps` single-point steps. Returns (params, history, seconds): history holds
    (step, cost) every record_every steps (default steps / 1000), for the plot."""
    X, Y = dataset()
    params = init_params(seed)
    step = TRAINERS[variant](params, eta)
    rng = tt.random.default_rng(seed + 1)          # the stream that picks the points
    points = [(X[:, k:k + 1].copy(), X[:, k:k + 1].T.copy(), Y[:, k:k + 1].copy()) for k in range(10)]
    record_every = record_every or max(1, steps // 1000)
    history = [(0, cost(params, X, Y))]
    if verbose:
        print(f"{variant}: {count_params(params)} parameters, SGD with learning rate {eta} for {steps} steps")
        print(f"step {0:8d}  cost {history[0][1]:.6f}")
    t0 = time.perf_counter()
    done = 0
    block = 100_000
    while done < steps:
        n = min(block, steps - done)
        for i, k in enumerate(rng.integers(0, 10, size=n).tolist(), start=done + 1):
            step(*points[k])
            if i % record_every == 0:
                history.append((i, cost(params, X, Y)))
                if verbose and (i % print_every == 0 or i == steps):
                    print(f"step {i:8d}  cost {history[-1][1]:.6f}")
        done += n
    seconds = time.perf_counter() - t0
    if history[-1][0] != steps:
        history.append((steps, cost(params, X, Y)))
    if verbose:
        print(f"final cost {history[-1][1]:.3e} after {steps} steps in {seconds:.1f} s "
              f"({seconds / max(steps, 1) * 1e6:.1f} us per step)")
    return params, history, seconds


# ---- pictures ----------------------------------------------------------------------------

def _pyplot() -> Any:     # matplotlib.pyplot, or None without matplotlib
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        return plt
    except ImportError:
        print("(no pictures: matplotlib is not installed; `pip install .[plot]` adds it)")
        return None


def plot(params: Params, history: list[tuple[int, float]], variant: str,
         outdir: str = IMAGES) -> list[str]:
    plt = _pyplot()
    if plt is None:
        return []
    os.makedirs(outdir, exist_ok=True)
    fig, ax = plt.subplots(figsize=(6, 3.6))
    ax.semilogy([s for s, _ in history], [c for _, c in history])
    ax.set_xlabel("SGD step")
    ax.set_ylabel("cost (log scale)")
    ax.set_title(f"2-2-3-2 network: SGD cost, eta = {ETA} ({variant})")
    ax.grid(True, which="both", alpha=0.3)
    fig.tight_layout()
    p1 = os.path.join(outdir, "higham_cost.png")
    fig.savefig(p1, dpi=100)
    plt.close(fig)

    n = 201
    g = tt.linspace(0.0, 1.0, n)
    gx, gy = tt.meshgrid(g, g)
    grid = tt.stack([gx.ravel(), gy.ravel()])            # (2, n*n): every grid point a column
    with no_grad():
        a4 = forward(params, grid)[2]
    diff = (a4[0] - a4[1]).reshape(n, n).tolist()        # > 0: category A
    xs = g.tolist()
    fig, ax = plt.subplots(figsize=(4.6, 4.6))
    ax.contourf(xs, xs, diff, levels=[-2, 0, 2], colors=["#f6d7d3", "#d3e4f6"])
    ax.contour(xs, xs, diff, levels=[0], colors="k", linewidths=1.2)
    ax.scatter(X1[:5], X2[:5], marker="o", s=70, c="tab:blue", edgecolors="k", label="A (target (1, 0))")
    ax.scatter(X1[5:], X2[5:], marker="x", s=70, c="tab:red", linewidths=2.5, label="B (target (0, 1))")
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.set_aspect("equal")
    ax.set_title("decision boundary F1(x) = F2(x)")
    ax.legend(loc="upper left", fontsize=8)
    fig.tight_layout()
    p2 = os.path.join(outdir, "higham_boundary.png")
    fig.savefig(p2, dpi=100)
    plt.close(fig)
    print("pictures:", p1, p2)
    return [p1, p2]


def main(argv: list[str] | None = None) -> tuple[Params, list[tuple[int, float]], float]:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--steps", type=int, default=1_000_000, help="SGD steps (default 1e6, the paper's)")
    ap.add_argument("--variant", choices=sorted(TRAINERS), default="manual",
                    help="hand-written backprop (manual, the paper's code) or autograd")
    ap.add_argument("--seed", type=int, default=SEED)
    ap.add_argument("--no-plot", action="store_true", help="skip the pictures")
    ap.add_argument("--out", "--images", dest="images", default=IMAGES,
                    help="folder for the PNG files (default: ./%s)" % IMAGES)
    args = ap.parse_args(argv)
    print_every = 100_000 if args.steps >= 1_000_000 else max(1, args.steps // 10)
    params, history, seconds = train(args.steps, args.variant, args.seed, print_every=print_every)
    labels = classify(params)
    print("classified:", " ".join(labels), " (the data:", " ".join(CATEGORY) + ")")
    print(f"{sum(a == b for a, b in zip(labels, CATEGORY))}/10 points on the right side of the boundary")
    if not args.no_plot:
        plot(params, history, args.variant, args.images)
    return params, history, seconds


if __name__ == "__main__":
    main()
