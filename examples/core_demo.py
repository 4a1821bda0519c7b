"""A tour of tinytensor's core: the seed's naive loops next to the C operations that replace them.

    python examples/core_demo.py
"""
import time
from collections.abc import Callable

import tinytensor as tt
from tinytensor.naive import naive_add, naive_add_matrix_and_vector, naive_matrix_dot, naive_vector_dot


def timed(f: Callable[..., tt.Tensor], *args: tt.Tensor) -> tuple[tt.Tensor, float]:
    t0 = time.perf_counter()
    out = f(*args)
    return out, time.perf_counter() - t0


def main() -> None:
    x = tt.arange(12, dtype=tt.float32).reshape(3, 4)
    y = tt.ones((3, 4), dtype=tt.float32)
    print("x =\n", x, "\nshape", x.shape, "strides", x.strides, "dtype", x.dtype)

    z, t_naive = timed(naive_add, x, y)
    w, t_c = timed(tt.add, x, y)
    print("\nnaive_add(x, y) == x + y:", bool((z == w).all()), f"  ({t_naive * 1e6:.0f} us vs {t_c * 1e6:.1f} us)")

    v = tt.tensor([10., 20., 30., 40.], dtype=tt.float32)
    print("\nbroadcasting: x + v adds v to every row (v is read with stride 0, never copied):")
    print(x + v)
    print("naive_add_matrix_and_vector agrees:", bool((naive_add_matrix_and_vector(x, v) == x + v).all()))
    print("v broadcast to (3, 4) has strides", tt.broadcast_to(v, (3, 4)).strides)

    print("\ndot: naive_vector_dot(v, v) =", naive_vector_dot(v, v), " tt.dot(v, v) =", tt.dot(v, v).item())
    a = tt.arange(6, dtype=tt.float64).reshape(2, 3)
    b = tt.arange(12, dtype=tt.float64).reshape(3, 4)
    print("naive_matrix_dot(a, b) == a @ b:", bool((naive_matrix_dot(a, b) == a @ b).all()))
    print(a @ b)

    r = tt.tensor([[0., 1.], [2., 3.], [4., 5.]])
    print("\nreshape (3, 2) -> (6, 1) is a view of the same memory:")
    s = r.reshape((6, 1))
    print(s.T, " shares memory:", s.base is r)
    print("the transpose is a view too: r.T.strides =", r.T.strides)
    tt.show_config()


if __name__ == "__main__":
    main()
