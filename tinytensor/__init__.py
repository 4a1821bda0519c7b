"""tinytensor: a small, readable, fast tensor library.

    import tinytensor as tt
    x = tt.tensor([[1., 2.], [3., 4.]], dtype=tt.float32)
    y = x @ x.T + 1.0          # C kernels under a NumPy-like API

The Tensor and its operations live in tinytensor._core (Cython over the C kernels in csrc/).
"""
import typing as _typing

from tinytensor import _core
from tinytensor._core import (  # noqa: F401
    Tensor, DType, AxisError, dtype, result_type,
    bool_, uint8, int32, int64, float32, float64,
    tensor, asarray, empty, zeros, ones, full, empty_like, zeros_like, ones_like, full_like,
    arange, linspace, eye, from_dlpack,
    add, subtract, multiply, divide, true_divide, floor_divide, remainder, mod, power, pow,
    maximum, minimum, equal, not_equal, less, less_equal, greater, greater_equal,
    logical_and, logical_or, logical_xor, logical_not,
    negative, abs, absolute, sign, square, exp, log, sqrt, tanh, sigmoid, relu, step,
    where, clip, nonzero,
    bitwise_and, bitwise_or, bitwise_xor, bitwise_left_shift, bitwise_right_shift, bitwise_invert,
    atan2, hypot, logaddexp, copysign, nextafter, reciprocal, exp2, expm1, log2, log10, log1p,
    sin, cos, tan, asin, acos, atan, sinh, cosh, asinh, acosh, atanh, floor, ceil, trunc, round,
    isnan, isinf, isfinite, signbit, positive, real, conj, conjugate, imag,
    int8, int16, uint16, uint32, uint64, float16,
    sum, prod, max, min, amax, amin, any, all, argmax, argmin, mean, var, std,
    reshape, transpose, permute_dims, swapaxes, ravel, expand_dims, squeeze, broadcast_to,
    broadcast_shapes, matmul, dot, outer, vdot, inner,
    set_num_threads, get_num_threads, is_grad_enabled,
    softmax, log_softmax, softmax_cross_entropy, softmax_cross_entropy_with_grad, linear,
    concatenate, concat, cat, stack, split, flip, repeat, tile, pad, meshgrid, take, take_along_axis,
    one_hot,
)

from tinytensor._core import (  # noqa: F401,E402  (convolution and pooling)
    conv2d, conv1d, max_pool2d, avg_pool2d,
)
from tinytensor._core import (  # noqa: F401,E402  (sorting and scans: tinytensor/_sort.pxi)
    sort, argsort, searchsorted, unique, unique_all, unique_counts, unique_inverse, unique_values,
    cumulative_sum, cumulative_prod, cumsum, cumprod, diff, median, quantile, percentile,
    count_nonzero,
)

from tinytensor._array_api import (  # noqa: F401,E402  (the array API standard's spellings)
    __array_api_version__, __array_namespace_info__, isdtype, astype, finfo, iinfo, can_cast,
    matrix_transpose, broadcast_arrays, e, pi, inf, nan, newaxis,
)
# array API and NumPy functions: manipulation, products, diagonals, comparisons, einsum, linalg
from tinytensor._core import diagonal  # noqa: F401,E402
from tinytensor._composite import (  # noqa: F401,E402
    moveaxis, roll, unstack, tril, triu, tensordot, vecdot, diag, trace, identity, vstack, hstack,
    isclose, allclose, array_equal, argwhere,
)
from tinytensor._einsum import einsum  # noqa: F401,E402
from tinytensor import linalg  # noqa: E402

bool = bool_  # noqa: A001  (tt.bool, as NumPy's np.bool)

from tinytensor import random  # noqa: E402  (tt.random.default_rng, tt.random.seed, ...)
from tinytensor.random import rand, randn  # noqa: E402
from tinytensor.random import seed as manual_seed  # noqa: E402  (PyTorch's spelling)
# autograd installs its hooks into the core on import: x.backward() works after `import tinytensor`
from tinytensor import autograd  # noqa: E402
from tinytensor.autograd import no_grad, enable_grad, set_grad_enabled  # noqa: E402
from tinytensor import _threadpool  # noqa: E402  (threadpoolctl's limits reach tinytensor's threads)
_threadpool.install()
from tinytensor._format import set_printoptions, get_printoptions, printoptions  # noqa: E402
from tinytensor.serialization import save, load  # noqa: E402

_SUBMODULES = ("nn", "optim", "data", "keras", "datasets", "models", "layers", "callbacks", "utils",
               "serialization", "naive")


def __getattr__(name):
    """tt.nn, tt.optim, tt.data, tt.keras, ... are imported on first use (import tinytensor
    stays light)."""
    if name in _SUBMODULES:
        import importlib
        return importlib.import_module("tinytensor." + name)
    raise AttributeError(f"module 'tinytensor' has no attribute {name!r}")

from tinytensor._version import __version__  # noqa: E402  (pyproject.toml reads the same file)


def show_config() -> None:
    """Print how this tinytensor is built and runs: version, CPU level, threads, thread pool.

    The CPU level is the instruction set the kernels dispatch to (``baseline``, ``avx2`` or
    ``avx512``); the environment variable ``TINYTENSOR_CPU`` forces a lower one. The thread
    count is ``tt.get_num_threads()``; the pool line says whether the build has the pthread pool
    (csrc/threads.c) or is serial.

    Returns
    -------
    None
        It prints to standard output.

    See Also
    --------
    tinytensor.get_num_threads, tinytensor.set_num_threads

    Examples
    --------
    >>> tt.show_config()
    tinytensor ...
      cpu level : ...
      threads   : ...
      pool      : ...
    """
    print(f"tinytensor {__version__}")
    print(f"  cpu level : {_core._cpu_level()} (detected: {_core._cpu_detected()}; "
          "TINYTENSOR_CPU=baseline|avx2|avx512 forces a lower one)")
    print(f"  threads   : {get_num_threads()}")
    print(f"  pool      : {'yes (csrc/threads.c)' if _core._have_threads() else 'no (serial build)'}")


if _typing.TYPE_CHECKING:   # the submodules __getattr__ imports on first use, spelled out for type checkers
    from tinytensor import (nn, optim, data, keras, datasets, models, layers, callbacks,  # noqa: F401
                            utils, serialization, naive)

# The public names, for `from tinytensor import *` and for type checkers (mypy --strict reads only
# what __all__ lists as exported). tests/test_types.py fails when a public name is missing here.
__all__ = [
    "Tensor", "DType", "AxisError", "dtype", "result_type", "bool_", "uint8", "int32", "int64",
    "float32", "float64", "tensor", "asarray", "empty", "zeros", "ones", "full", "empty_like",
    "zeros_like", "ones_like", "full_like", "arange", "linspace", "eye", "from_dlpack", "add",
    "subtract", "multiply", "divide", "true_divide", "floor_divide", "remainder", "mod",
    "power", "pow", "maximum", "minimum", "equal", "not_equal", "less", "less_equal", "greater",
    "greater_equal", "logical_and", "logical_or", "logical_xor", "logical_not", "negative",
    "abs", "absolute", "sign", "square", "exp", "log", "sqrt", "tanh", "sigmoid", "relu",
    "step", "where", "clip", "nonzero", "bitwise_and", "bitwise_or", "bitwise_xor",
    "bitwise_left_shift", "bitwise_right_shift", "bitwise_invert", "atan2", "hypot",
    "logaddexp", "copysign", "nextafter", "reciprocal", "exp2", "expm1", "log2", "log10",
    "log1p", "sin", "cos", "tan", "asin", "acos", "atan", "sinh", "cosh", "asinh", "acosh",
    "atanh", "floor", "ceil", "trunc", "round", "isnan", "isinf", "isfinite", "signbit",
    "positive", "real", "conj", "conjugate", "imag", "int8", "int16", "uint16", "uint32",
    "uint64", "float16", "sum", "prod", "max", "min", "amax", "amin", "any", "all", "argmax",
    "argmin", "mean", "var", "std", "reshape", "transpose", "permute_dims", "swapaxes", "ravel",
    "expand_dims", "squeeze", "broadcast_to", "broadcast_shapes", "matmul", "dot", "outer",
    "vdot", "inner", "set_num_threads", "get_num_threads", "is_grad_enabled", "softmax",
    "log_softmax", "softmax_cross_entropy", "softmax_cross_entropy_with_grad", "linear",
    "concatenate", "concat", "cat", "stack", "split", "flip", "repeat", "tile", "pad",
    "meshgrid", "take", "take_along_axis", "one_hot", "conv2d", "conv1d", "max_pool2d",
    "avg_pool2d", "sort", "argsort", "searchsorted", "unique", "unique_all", "unique_counts",
    "unique_inverse", "unique_values", "cumulative_sum", "cumulative_prod", "cumsum", "cumprod",
    "diff", "median", "quantile", "percentile", "count_nonzero", "__array_api_version__",
    "__array_namespace_info__", "isdtype", "astype", "finfo", "iinfo", "can_cast",
    "matrix_transpose", "broadcast_arrays", "e", "pi", "inf", "nan", "newaxis", "diagonal",
    "moveaxis", "roll", "unstack", "tril", "triu", "tensordot", "vecdot", "diag", "trace",
    "identity", "vstack", "hstack", "isclose", "allclose", "array_equal", "argwhere", "einsum",
    "linalg", "bool", "random", "rand", "randn", "manual_seed", "autograd", "no_grad",
    "enable_grad", "set_grad_enabled", "set_printoptions", "get_printoptions", "printoptions",
    "save", "load", "show_config",
]
