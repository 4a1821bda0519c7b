"""The neuron, and a 12-3-2 sigmoid network that tells a 4x3-pixel "0" from a "1".

    python examples/neuron_digits.py            # trains, prints, draws tinytensor-pictures/digits_*.png (--out DIR)
    python examples/neuron_digits.py --no-plot  # the same without pictures

A neuron weighs its inputs, adds a bias b (b = -theta, minus the threshold) and applies an
activation a: y = a(w1 x1 + ... + wn xn + b). The historical activation is the unit step
u(z) = 1 if z >= 0 else 0; the smooth one, which gradient descent can work with, is the
sigmoid 1 / (1 + exp(-z)).

The images are 4 rows by 3 columns of black/white pixels, numbered 1..12 row by row:

     1  2  3
     4  5  6
     7  8  9
    10 11 12

A "0" is a ring: pixels 4, 7 (left side), 6, 9 (right side), 2 (top centre) and 11 (bottom
centre). A "1" is the centre column: 2, 5, 8, 11. The 64 training images (32 of each) are these
two shapes varied by missing, extra and shifted pixels, built by `training_set()` below with no
randomness at all, so every run sees the same images.

The network: 12 inputs -> 3 hidden sigmoid units -> 2 sigmoid outputs (one per digit; the
answer is the larger), trained by full-batch gradient descent on the squared error
E = 1/2 sum over images and outputs of (a - t)^2, with the gradients written out by hand.
"""
import argparse
import os
from collections.abc import Iterable, Sequence
from typing import Any

import tinytensor as tt

# pictures go to --out (default: this folder under the current directory), never into the
# repository; `tools/make_images.sh` regenerates docs/images with --out docs/images
IMAGES = "tinytensor-pictures"

ZERO = (2, 4, 6, 7, 9, 11)     # the ring
ONE = (2, 5, 8, 11)            # the centre column

Params = tuple[tt.Tensor, tt.Tensor, tt.Tensor, tt.Tensor]   # W1, b1, W2, b2
History = list[tuple[int, float, float]]                      # (step, squared error, accuracy)


def _rc(p: int) -> tuple[int, int]:
    """Pixel number 1..12 -> (row, column)."""
    return (p - 1) // 3, (p - 1) % 3


def _neighbours(p: int) -> list[int]:
    """The pixels left, right, above and below pixel p."""
    r, c = _rc(p)
    out = []
    for dr, dc in ((-1, 0), (1, 0), (0, -1), (0, 1)):
        if 0 <= r + dr < 4 and 0 <= c + dc < 3:
            out.append((r + dr) * 3 + (c + dc) + 1)
    return out


def _variants(base: Iterable[int]) -> list[set[int]]:
    """base itself, then base with one pixel missing, one extra, and one shifted to a neighbour."""
    base = set(base)
    off = [p for p in range(1, 13) if p not in base]
    out = [base]
    out += [base - {p} for p in sorted(base)]                          # a pixel missing
    out += [base | {p} for p in off]                                   # an extra pixel
    out += [(base - {p}) | {q} for p in sorted(base) for q in _neighbours(p) if q not in base]  # shifted
    return out


def training_set() -> tuple[tt.Tensor, list[int]]:
    """The 64 labelled images as (X, labels): X is (64, 12) float64 with 1 = dark pixel,
    labels a list of 64 ints (0 or 1).

    Zeros (32): the ring; each of its 6 pixels missing; each of the 6 other pixels added;
    each of the 14 ways to shift one ring pixel to a free neighbour; and 5 rings with corners
    filled in ({1, 3}, {10, 12}, all four, {1, 12}, {3, 10}).
    Ones (32): the centre column; each of its 4 pixels missing; each of the 8 other pixels
    added; each of the 8 ways to shift one of its pixels sideways (up/down neighbours are
    already lit); the whole column moved to the left or right edge (2) and each of those with
    one pixel missing (8); and a "1" with a foot (pixels 10 and 12 added).
    """
    zeros = _variants(ZERO)
    zeros += [set(ZERO) | set(c) for c in ((1, 3), (10, 12), (1, 3, 10, 12), (1, 12), (3, 10))]
    ones = _variants(ONE)
    for col in ((1, 4, 7, 10), (3, 6, 9, 12)):
        ones.append(set(col))
        ones += [set(col) - {p} for p in col]
    ones.append(set(ONE) | {10, 12})
    assert len(zeros) == 32 and len(ones) == 32, (len(zeros), len(ones))
    images = zeros + ones
    labels = [0] * 32 + [1] * 32
    keys = [frozenset(s) for s in images]
    assert len(set(keys)) == 64, "every training image is different"
    X = tt.tensor([[1.0 if p in s else 0.0 for p in range(1, 13)] for s in images])
    return X, labels


def show(image: tt.Tensor | Sequence[float]) -> str:
    """A 12-pixel image (list or 1-D tensor) as 4 lines of '#' and '.'."""
    v = image.tolist() if hasattr(image, "tolist") else list(image)
    return "\n".join("".join("#" if v[3 * r + c] > 0.5 else "." for c in range(3)) for r in range(4))


# ---- one neuron ----------------------------------------------------------------------------

def neuron_demo() -> int:
    """A single neuron by hand: weights 1 on pixels 5 and 8 (the middle of the centre column),
    threshold theta = 1.5, so b = -1.5. With the unit step it fires only when both pixels are
    dark: a detector for the pixel pair (5, 8), which a "1" has and a "0" has not."""
    w = tt.zeros(12)
    w[4] = 1.0                     # pixel 5
    w[7] = 1.0                     # pixel 8
    b = -1.5
    X, labels = training_set()
    z = X @ w + b                  # weighted inputs of all 64 images at once
    fired = tt.step(z)             # u(z): 1 if z >= 0 else 0
    soft = tt.sigmoid(4 * z)       # a sigmoid neuron (weights and bias scaled by 4)
    print("one neuron: w = 1 on pixels 5 and 8, b = -theta = -1.5")
    for i in (0, 32):
        print(show(X[i]).replace("\n", " "), f" label {labels[i]}: z = {z[i].item():+.1f}, "
              f"step(z) = {fired[i].item():.0f}, sigmoid(4z) = {soft[i].item():.3f}")
    agree = sum(int(fired[i].item()) == labels[i] for i in range(64))
    print(f"the step neuron alone says '1' correctly for {agree}/64 training images\n")
    return agree


# ---- the 12-3-2 network --------------------------------------------------------------------

def forward(X: tt.Tensor, W1: tt.Tensor, b1: tt.Tensor, W2: tt.Tensor,
            b2: tt.Tensor) -> tuple[tt.Tensor, tt.Tensor]:
    """Hidden and output activations for a batch X (rows are images). W1 is (12, 3), W2 (3, 2)."""
    h = tt.sigmoid(X @ W1 + b1)
    a = tt.sigmoid(h @ W2 + b2)
    return h, a


def accuracy(a: tt.Tensor, labels: list[int]) -> float:
    pred: list[int] = tt.argmax(a, axis=1).tolist()
    return sum(p == t for p, t in zip(pred, labels)) / len(labels)


def train(steps: int = 2000, lr: float = 0.5, seed: int = 2, log_every: int = 250,
          verbose: bool = True, record_every: int = 10) -> tuple[Params, History]:
    """Full-batch gradient descent on E = 1/2 sum (a - t)^2. Returns (params, history), the
    history a list of (step, E, training accuracy) every record_every steps."""
    X, labels = training_set()
    T = tt.one_hot(tt.tensor(labels), 2, dtype=tt.float64)    # targets (1, 0) for "0", (0, 1) for "1"
    rng = tt.random.default_rng(seed)
    W1 = rng.normal(0.0, 0.5, size=(12, 3))
    b1 = tt.zeros(3)
    W2 = rng.normal(0.0, 0.5, size=(3, 2))
    b2 = tt.zeros(2)
    history: History = []
    for step in range(steps + 1):
        h, a = forward(X, W1, b1, W2, b2)
        err = a - T
        loss = 0.5 * float((err * err).sum())
        if step % record_every == 0 or step == steps:
            acc = accuracy(a, labels)
            history.append((step, loss, acc))
            if verbose and (step % log_every == 0 or step == steps):
                print(f"step {step:5d}  squared error {loss:9.5f}  training accuracy {acc:6.1%}")
        if step == steps:
            break
        # backward, by the chain rule; sigmoid'(z) = s (1 - s)
        d2 = err * a * (1 - a)                 # dE/dz2, (64, 2)
        d1 = (d2 @ W2.T) * h * (1 - h)         # dE/dz1, (64, 3)
        W2 -= lr * (h.T @ d2)
        b2 -= lr * d2.sum(axis=0)
        W1 -= lr * (X.T @ d1)
        b1 -= lr * d1.sum(axis=0)
    return (W1, b1, W2, b2), history


PAIRS = ((4, 7), (5, 8), (6, 9))   # left side, centre, right side of the middle two rows


def describe_hidden(params: Params) -> None:
    """Prints each hidden unit's 12 weights on the 4x3 grid, its summed weight on each of the
    pixel pairs (4, 7), (5, 8), (6, 9), and its mean output on the 0s and on the 1s."""
    W1, b1, W2, b2 = params
    X, _ = training_set()
    h, _ = forward(X, *params)
    mean0 = h[:32].mean(axis=0).tolist()
    mean1 = h[32:].mean(axis=0).tolist()
    for j in range(W1.shape[1]):
        w = W1[:, j].tolist()
        print(f"hidden unit {j + 1} (bias {b1[j].item():+.2f}):")
        for r in range(4):
            print("   " + " ".join(f"{w[3 * r + c]:+6.2f}" for c in range(3)))
        pairs = ", ".join(f"{a}+{b}: {w[a - 1] + w[b - 1]:+.1f}" for a, b in PAIRS)
        print(f"   pixel pairs {pairs};  mean output on 0s {mean0[j]:.2f}, on 1s {mean1[j]:.2f}")


def _pyplot() -> Any:     # matplotlib.pyplot, or None without matplotlib
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        return plt
    except ImportError:
        print("(no pictures: matplotlib is not installed; `pip install .[plot]` adds it)")
        return None


def plot(params: Params, history: History, outdir: str = IMAGES) -> list[str]:
    plt = _pyplot()
    if plt is None:
        return []
    os.makedirs(outdir, exist_ok=True)
    W1, b1, W2, b2 = params
    X, labels = training_set()
    h, _ = forward(X, W1, b1, W2, b2)
    mean0 = h[:32].mean(axis=0).tolist()
    mean1 = h[32:].mean(axis=0).tolist()
    lim = max(abs(v) for v in W1.ravel().tolist())
    fig, axes = plt.subplots(1, 3, figsize=(8.4, 4.2))
    for j, ax in enumerate(axes):
        w = W1[:, j].reshape(4, 3).tolist()
        im = ax.imshow(w, cmap="RdBu_r", vmin=-lim, vmax=lim)
        for r in range(4):
            for c in range(3):
                ax.text(c, r, f"{3 * r + c + 1}\n{w[r][c]:+.1f}", ha="center", va="center", fontsize=8,
                        color="white" if abs(w[r][c]) > 0.6 * lim else "black")
        ax.set_xticks([])
        ax.set_yticks([])
        ax.set_title(f"hidden unit {j + 1}\nmean output on 0s: {mean0[j]:.2f}\non 1s: {mean1[j]:.2f}", fontsize=9)
    fig.colorbar(im, ax=list(axes), shrink=0.8, label="weight (red excites, blue inhibits)")
    fig.suptitle("12-3-2 network: each hidden unit's weights on the 4x3 pixel grid")
    p1 = os.path.join(outdir, "digits_hidden_units.png")
    fig.savefig(p1, dpi=100)
    plt.close(fig)

    fig, ax = plt.subplots(figsize=(6, 3.6))
    steps = [s for s, _, _ in history]
    ax.plot(steps, [l for _, l, _ in history], "-", label="squared error E")
    ax.set_yscale("log")
    ax.set_xscale("symlog", linthresh=10)
    ax.set_xlabel("gradient-descent step (log scale after 10)")
    ax.set_ylabel("E (log scale)")
    ax2 = ax.twinx()
    ax2.plot(steps, [100 * a for _, _, a in history], "--", color="tab:green", label="training accuracy")
    ax2.set_ylabel("training accuracy (%)")
    ax2.set_ylim(0, 105)
    ax.set_title("4x3 digits: training the 12-3-2 sigmoid network")
    fig.legend(loc="center right", bbox_to_anchor=(0.85, 0.5))
    fig.tight_layout()
    p2 = os.path.join(outdir, "digits_training.png")
    fig.savefig(p2, dpi=100)
    plt.close(fig)
    print("pictures:", p1, p2)
    return [p1, p2]


def main(argv: list[str] | None = None) -> tuple[float, History]:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--steps", type=int, default=2000, help="gradient-descent steps (default 2000)")
    ap.add_argument("--lr", type=float, default=0.5, help="learning rate (default 0.5)")
    ap.add_argument("--seed", type=int, default=2, help="seed of the initial weights")
    ap.add_argument("--no-plot", action="store_true", help="skip the pictures")
    ap.add_argument("--out", "--images", dest="images", default=IMAGES,
                    help="folder for the PNG files (default: ./%s)" % IMAGES)
    args = ap.parse_args(argv)

    X, labels = training_set()
    print("training set: 64 images of 4x3 pixels; the first of each digit:")
    print(show(X[0]), " <- '0' (the ring)\n")
    print(show(X[32]), " <- '1' (the centre column)\n")
    neuron_demo()
    params, history = train(args.steps, args.lr, args.seed, log_every=max(1, args.steps // 8))
    W1, b1, W2, b2 = params
    _, a = forward(X, *params)
    acc = accuracy(a, labels)
    print(f"\nfinal training accuracy: {acc:.1%} ({round(acc * 64)}/64)\n")
    describe_hidden(params)
    if not args.no_plot:
        plot(params, history, args.images)
    return acc, history


if __name__ == "__main__":
    main()
