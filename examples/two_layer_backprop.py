"""Backpropagation by hand and by autograd, on the seed's small two-layer network.

    python examples/two_layer_backprop.py [--out DIR] [--no-plot]

1. The seed's NumPy listing, line for line in tinytensor: N=3 samples of D_in=3 features,
   a hidden layer of H=2 sigmoid units, D_out=1 linear output,
       h = sigmoid(x w1),  y_pred = h w2,  loss = sum((y_pred - y)^2),
   the gradients written out by the chain rule, step 1e-4, 20 iterations, the loss printed.
2. The same network with autograd: loss.backward() fills w1.grad and w2.grad, and they agree
   with the hand-written gradients at every step.
3. The computational graph f(x, y, z) = (x + y) z, q = x + y: df/dx = df/dq dq/dx = z,
   df/dy = z, df/dz = q (downstream gradient = upstream gradient * local gradient).
4. The vector rule for D = W X (W 5x10, X 10x3): given dD, dW = dD X^T and dX = W^T dD,
   checked against autograd.
5. Pictures of the graphs of 3. and 2. (tt.autograd.to_dot / draw), after backward so the leaves
   show their gradients: DIR/graph_scalar.{dot,png} and DIR/graph_two_layer.{dot,png} (DIR is
   --out, default ./tinytensor-pictures; the PNGs need `pip install "tinytensor-lab[graph]"` and
   Graphviz's dot program, the .dot text files are always written).
"""
import argparse
import os

import tinytensor as tt
from tinytensor.autograd import no_grad  # loading autograd makes backward() work

N, D_in, H, D_out = 3, 3, 2, 1
LEARNING_RATE = 1e-4
ITERATIONS = 20


def data(seed: int = 0) -> tuple[tt.Tensor, tt.Tensor, tt.Tensor, tt.Tensor]:
    """x, y and the initial w1, w2, all standard normal, as the seed draws them."""
    rng = tt.random.default_rng(seed)
    x = rng.standard_normal((N, D_in))
    y = rng.standard_normal((N, D_out))
    w1 = rng.standard_normal((D_in, H))
    w2 = rng.standard_normal((H, D_out))
    return x, y, w1, w2


def hand_written(iterations: int = ITERATIONS, seed: int = 0,
                 verbose: bool = True) -> tuple[list[float], list[tuple[tt.Tensor, tt.Tensor]]]:
    """The seed's loop. Returns the losses and, per step, the gradients (grad_w1, grad_w2)."""
    x, y, w1, w2 = data(seed)
    losses: list[float] = []
    grads: list[tuple[tt.Tensor, tt.Tensor]] = []
    for t in range(iterations):
        # forward
        h = tt.sigmoid(x @ w1)                       # (N, H)
        y_pred = h @ w2                              # (N, D_out)
        loss = float(tt.square(y_pred - y).sum())
        losses.append(loss)
        if verbose:
            print(f"{t:2d} {loss:.10f}")
        # backward: the chain rule, one line per edge of the graph
        grad_y_pred = 2.0 * (y_pred - y)
        grad_w2 = h.T @ grad_y_pred
        grad_h = grad_y_pred @ w2.T
        grad_w1 = x.T @ (grad_h * h * (1 - h))       # sigmoid'(z) = h (1 - h)
        grads.append((grad_w1, grad_w2))
        w1 -= LEARNING_RATE * grad_w1
        w2 -= LEARNING_RATE * grad_w2
    return losses, grads


def with_autograd(iterations: int = ITERATIONS, seed: int = 0,
                  reference: list[tuple[tt.Tensor, tt.Tensor]] | None = None,
                  verbose: bool = True) -> tuple[list[float], float]:
    """The same loop with loss.backward(). With reference = hand_written's gradients, checks
    both gradients agree at every step; returns (losses, the largest difference seen)."""
    x, y, w1, w2 = data(seed)
    w1.requires_grad = True
    w2.requires_grad = True
    losses: list[float] = []
    worst = 0.0
    for t in range(iterations):
        y_pred = tt.sigmoid(x @ w1) @ w2
        loss = tt.square(y_pred - y).sum()
        losses.append(float(loss))
        loss.backward()
        assert w1.grad is not None and w2.grad is not None    # backward() filled them
        if reference is not None:
            for got, want in zip((w1.grad, w2.grad), reference[t]):
                worst = max(worst, float(tt.abs(got - want).max()))
        with no_grad():
            w1 -= LEARNING_RATE * w1.grad
            w2 -= LEARNING_RATE * w2.grad
        w1.grad = None
        w2.grad = None
    if verbose:
        print(f"autograd: loss {losses[0]:.10f} -> {losses[-1]:.10f}; "
              f"largest |autograd - hand-written| gradient difference over {iterations} steps: {worst:.2e}")
    return losses, worst


def scalar_graph(x: float | tt.Tensor = -2.0, y: float | tt.Tensor = 5.0, z: float | tt.Tensor = -4.0,
                 verbose: bool = True) -> tuple[float, float, float, float]:
    """f(x, y, z) = (x + y) z. Returns (f, df/dx, df/dy, df/dz) from autograd."""
    x = tt.tensor(x, requires_grad=True)
    y = tt.tensor(y, requires_grad=True)
    z = tt.tensor(z, requires_grad=True)
    q = x + y                      # q = x + y:  dq/dx = dq/dy = 1
    f = q * z                      # f = q z:    df/dq = z, df/dz = q
    f.backward()
    assert x.grad is not None and y.grad is not None and z.grad is not None
    out = (float(f), float(x.grad), float(y.grad), float(z.grad))
    if verbose:
        print(f"f(x, y, z) = (x + y) z at x={x.item():g}, y={y.item():g}, z={z.item():g}: q = {q.item():g}, "
              f"f = {out[0]:g}")
        print(f"  df/dx = z = {out[1]:g},  df/dy = z = {out[2]:g},  df/dz = q = {out[3]:g}")
    return out


def matrix_rule(seed: int = 1, verbose: bool = True) -> tuple[float, float]:
    """D = W X with W (5, 10), X (10, 3). For an upstream gradient dD, the chain rule gives
    dW = dD X^T and dX = W^T dD; autograd must agree. Returns the two largest differences."""
    rng = tt.random.default_rng(seed)
    W = rng.standard_normal((5, 10))
    X = rng.standard_normal((10, 3))
    dD = rng.standard_normal((5, 3))
    W.requires_grad = True
    X.requires_grad = True
    D = W @ X
    D.backward(dD)                 # backpropagate the upstream gradient dD
    assert W.grad is not None and X.grad is not None
    with no_grad():
        eW = float(tt.abs(W.grad - dD @ X.T).max())
        eX = float(tt.abs(X.grad - W.T @ dD).max())
    if verbose:
        print(f"D = W X, W {tuple(W.shape)}, X {tuple(X.shape)}: |dW - dD X^T| <= {eW:.1e}, "
              f"|dX - W^T dD| <= {eX:.1e}")
    return eW, eX


def graphs() -> list[tuple[str, tt.Tensor, dict[str, tt.Tensor]]]:
    """(f, names) for the (x + y) z graph and (loss, names) for one step of the two-layer net,
    both after backward."""
    x, y, z = (tt.tensor(v, requires_grad=True) for v in (-2.0, 5.0, -4.0))
    f = (x + y) * z
    f.backward()
    xs, ys, w1, w2 = data()
    w1.requires_grad = True
    w2.requires_grad = True
    loss = tt.square(tt.sigmoid(xs @ w1) @ w2 - ys).sum()
    loss.backward()
    return [("graph_scalar", f, {"x": x, "y": y, "z": z, "f": f}),
            ("graph_two_layer", loss, {"x": xs, "y": ys, "w1": w1, "w2": w2, "loss": loss})]


def draw_graphs(outdir: str, render: bool = True) -> list[str]:
    """Writes DIR/<name>.dot for both graphs and, when Graphviz is there, DIR/<name>.png.
    Returns the paths written."""
    from tinytensor.autograd import draw, to_dot
    os.makedirs(outdir, exist_ok=True)
    written = []
    for name, out, names in graphs():
        dot = os.path.join(outdir, name + ".dot")
        with open(dot, "w") as f:
            f.write(to_dot(out, names))
        written.append(dot)
        if render:
            try:
                written.append(draw(out, os.path.join(outdir, name + ".png"), names))
            except (ImportError, RuntimeError) as e:
                print("(no picture: %s)" % e)
                render = False
    print("graphs:", ", ".join(written))
    return written


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", default="tinytensor-pictures", help="folder for the graph pictures")
    ap.add_argument("--no-plot", action="store_true", help="skip the pictures")
    args = ap.parse_args(argv)
    print("1. two-layer network, hand-written gradients (iteration, loss):")
    losses, grads = hand_written()
    print(f"loss fell from {losses[0]:.6f} to {losses[-1]:.6f} in {len(losses)} steps of {LEARNING_RATE:g}\n")
    print("2. the same network with autograd")
    _, worst = with_autograd(reference=grads)
    assert worst < 1e-12, worst
    print("\n3. backpropagation on a graph")
    scalar_graph()
    print("\n4. the vector rule")
    matrix_rule()
    if not args.no_plot:
        print("\n5. the graphs")
        draw_graphs(args.out)


if __name__ == "__main__":
    main()
