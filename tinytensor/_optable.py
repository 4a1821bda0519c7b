"""The op table: every operation of tinytensor, declared once.

Each row names an op and says

* ``kind``: how the core computes it -- ``"binary"`` / ``"unary"`` (an elementwise C loop,
  looked up per dtype in csrc/elementwise_impl.h), ``"reduce"`` (a C reduction loop,
  csrc/reduce.c), or ``"other"`` (a Cython function over other kernels: GEMM, gathers, ...);
* ``loops``: for elementwise and reduction ops, the input dtypes that have a C kernel;
* ``vector``: float elementwise ops whose float32/float64 loops call a vectorised array function
  of csrc/vmath.h per CPU level (``tt_v<name>_f32``/``_f64``; float16 through float32), not a
  scalar op of csrc/scalar_ops.h; being 20-60 instructions an element, their loops start
  threads on fewer elements (TT_PARALLEL_THRESHOLD_HEAVY in csrc/iter.h);
* ``rule``: the dtype rule the core applies before looking the kernel up (see below);
* ``grad``: its gradient status --
    ``DIFF``      a Function of the same name in tinytensor/autograd/ops.py records it;
    ``NONDIFF``   not differentiable by nature: the result is bool or integer, so it never
                  requires grad (comparisons, argmax, nonzero, ...);
    ``NOT_YET``   no gradient yet: on an input that requires grad the op raises
                  ``RuntimeError("derivative for 'floor_divide' is not implemented")``, as PyTorch;
    ``COMPOSITE`` built from other ops of this table, each of which records itself.

Everything else follows from the table:

* ``tools/gen_optable.py`` writes the C enums (``csrc/ops.h``: ``TT_ADD``, ``TT_RED_SUM``, ...) and
  the core's view of the table (``tinytensor/_optable.pxi``: op ids ``OP_ADD``, their names,
  gradient status, kernel numbers and dtype rules); ``tests/test_optable.py`` fails when those
  files are stale;
* the core's one recording gate (``tinytensor/_gate.pxi``) reads the gradient status: an op on
  an input that requires grad either records a node (``DIFF``), leaves the result out of the
  graph (``NONDIFF``: it cannot require grad), or raises (``NOT_YET``);
* tinytensor.autograd checks at import that its Functions are exactly the ``DIFF`` rows;
* tests/test_optable.py walks the table: every op is called on tensors that require grad and
  must record, raise or be non-differentiable as declared; every declared C loop must exist.

Dtype rules (``rule``):
  binary: ``promote`` NEP 50 promotion, the op runs in the result dtype;
          ``true_divide`` as promote, but integers divide in float64;
          ``compare`` promote, then write bool; a Python int outside the tensor's range
          compares exactly (``int64 tensor < 2**63`` is all True);
          ``logical`` operands converted to bool, result bool.
  unary:  ``same`` the input dtype (bool rejected where NumPy rejects it);
          ``float`` transcendental: integers and bool compute in a float dtype;
          ``logical`` input converted to bool, result bool.
"""

DIFF = "differentiable"
NONDIFF = "not differentiable"
NOT_YET = "no gradient yet"
COMPOSITE = "composite"

GRAD_STATUSES = (DIFF, NONDIFF, NOT_YET, COMPOSITE)

# dtype groups, in the core's dtype order (csrc/tt.h)
BOOL = ("bool",)
SIGNED = ("int8", "int16", "int32", "int64")
UNSIGNED = ("uint8", "uint16", "uint32", "uint64")
INTEGER = ("int8", "uint8", "int16", "uint16", "int32", "uint32", "int64", "uint64")
FLOAT = ("float16", "float32", "float64")
NUMERIC = INTEGER + FLOAT
ALL = BOOL + NUMERIC
BITS = BOOL + INTEGER


def _in_dtype_order(names):
    return tuple(d for d in ALL if d in names)


class Op:
    """One row of the table (see the module docstring)."""
    __slots__ = ("name", "kind", "grad", "loops", "rule", "out", "vector", "bool_error", "doc")

    def __init__(self, name, kind, grad, loops=(), rule=None, doc="", out="same", vector=False,
                 bool_error=None):
        if grad not in GRAD_STATUSES:
            raise ValueError(f"{name}: unknown gradient status {grad!r}")
        self.name, self.kind, self.grad, self.rule, self.doc = name, kind, grad, rule, doc
        self.loops = _in_dtype_order(loops)
        self.out, self.vector, self.bool_error = out, vector, bool_error

    def __repr__(self):
        return f"Op({self.name!r}, {self.kind!r}, {self.grad!r})"


def _binary(name, grad, loops, rule="promote", doc="", **kw):
    return Op(name, "binary", grad, loops, rule, doc, **kw)


def _unary(name, grad, loops, rule="same", doc="", **kw):
    return Op(name, "unary", grad, loops, rule, doc, **kw)


def _reduce(name, grad, loops=ALL, doc=""):
    return Op(name, "reduce", grad, loops, None, doc)


def _other(name, grad, doc=""):
    return Op(name, "other", grad, (), None, doc)


# NumPy's refusals of bool operands, word for word
_NO_BOOL_SUBTRACT = ("numpy boolean subtract, the `-` operator, is not supported, use the bitwise_xor, "
                     "the `^` operator, or the logical_xor function instead.")
_NO_BOOL_NEGATIVE = ("The numpy boolean negative, the `-` operator, is not supported, use the `~` "
                     "operator or the logical_not function instead.")


def _no_bool_loop(name):
    return f"ufunc '{name}' did not contain a loop with signature matching types bool"


OPS = (
    # ---- elementwise, two operands (csrc/elementwise_impl.h) -------------------------------
    # bool operands of arithmetic without a bool loop compute in int8, as NumPy's
    _binary("add", DIFF, ALL, doc="a + b (bool: or)"),
    _binary("subtract", DIFF, NUMERIC, doc="a - b", bool_error=_NO_BOOL_SUBTRACT),
    _binary("multiply", DIFF, ALL, doc="a * b (bool: and)"),
    _binary("divide", DIFF, FLOAT, "true_divide", doc="a / b; integers divide in float64"),
    _binary("floor_divide", NOT_YET, NUMERIC, doc="a // b (PyTorch has no derivative either)"),
    _binary("remainder", DIFF, NUMERIC, doc="a % b, the sign of b"),
    _binary("power", DIFF, NUMERIC, doc="a ** b"),
    _binary("maximum", DIFF, ALL, doc="max(a, b), NaN propagates"),
    _binary("minimum", DIFF, ALL, doc="min(a, b), NaN propagates"),
    _binary("equal", NONDIFF, ALL, "compare", out="bool", doc="a == b"),
    _binary("not_equal", NONDIFF, ALL, "compare", out="bool", doc="a != b"),
    _binary("less", NONDIFF, ALL, "compare", out="bool", doc="a < b"),
    _binary("less_equal", NONDIFF, ALL, "compare", out="bool", doc="a <= b"),
    _binary("greater", NONDIFF, ALL, "compare", out="bool", doc="a > b"),
    _binary("greater_equal", NONDIFF, ALL, "compare", out="bool", doc="a >= b"),
    _binary("logical_and", NONDIFF, BOOL, "logical", out="bool", doc="a and b"),
    _binary("logical_or", NONDIFF, BOOL, "logical", out="bool", doc="a or b"),
    _binary("logical_xor", NONDIFF, BOOL, "logical", out="bool", doc="a != b as truth values"),
    _binary("bitwise_and", NONDIFF, BITS, doc="a & b, bit by bit"),
    _binary("bitwise_or", NONDIFF, BITS, doc="a | b, bit by bit"),
    _binary("bitwise_xor", NONDIFF, BITS, doc="a ^ b, bit by bit"),
    _binary("bitwise_left_shift", NONDIFF, INTEGER, doc="a << b (0 once b >= the bit width)"),
    _binary("bitwise_right_shift", NONDIFF, INTEGER, doc="a >> b, arithmetic for signed a"),
    _binary("atan2", DIFF, FLOAT, "float", vector=True, doc="the angle of the point (b, a)"),
    _binary("hypot", DIFF, FLOAT, "float", vector=True, doc="sqrt(a**2 + b**2) without overflow"),
    _binary("logaddexp", DIFF, FLOAT, "float", vector=True, doc="log(exp(a) + exp(b)) without overflow"),
    _binary("copysign", DIFF, FLOAT, "float", doc="|a| with the sign of b"),
    _binary("nextafter", NOT_YET, FLOAT, "float", doc="the next float after a towards b"),

    # ---- elementwise, one operand --------------------------------------------------------
    _unary("negative", DIFF, NUMERIC, doc="-x", bool_error=_NO_BOOL_NEGATIVE),
    _unary("abs", DIFF, ALL, doc="|x|"),
    _unary("sign", DIFF, NUMERIC, doc="-1, 0 or 1 (NaN stays NaN); zero gradient, as PyTorch",
           bool_error=_no_bool_loop("sign")),
    _unary("square", DIFF, NUMERIC, doc="x * x"),
    _unary("reciprocal", DIFF, NUMERIC, doc="1 / x (integers: NumPy's integer reciprocal)"),
    _unary("sqrt", DIFF, FLOAT, "float", doc="square root"),
    _unary("exp", DIFF, FLOAT, "float", vector=True, doc="e ** x"),
    _unary("exp2", DIFF, FLOAT, "float", vector=True, doc="2 ** x"),
    _unary("expm1", DIFF, FLOAT, "float", vector=True, doc="exp(x) - 1, exact near 0"),
    _unary("log", DIFF, FLOAT, "float", vector=True, doc="natural logarithm"),
    _unary("log2", DIFF, FLOAT, "float", vector=True, doc="base-2 logarithm"),
    _unary("log10", DIFF, FLOAT, "float", vector=True, doc="base-10 logarithm"),
    _unary("log1p", DIFF, FLOAT, "float", vector=True, doc="log(1 + x), exact near 0"),
    _unary("sin", DIFF, FLOAT, "float", vector=True, doc="sine"),
    _unary("cos", DIFF, FLOAT, "float", vector=True, doc="cosine"),
    _unary("tan", DIFF, FLOAT, "float", vector=True, doc="tangent"),
    _unary("asin", DIFF, FLOAT, "float", vector=True, doc="inverse sine"),
    _unary("acos", DIFF, FLOAT, "float", vector=True, doc="inverse cosine"),
    _unary("atan", DIFF, FLOAT, "float", vector=True, doc="inverse tangent"),
    _unary("sinh", DIFF, FLOAT, "float", vector=True, doc="hyperbolic sine"),
    _unary("cosh", DIFF, FLOAT, "float", vector=True, doc="hyperbolic cosine"),
    _unary("tanh", DIFF, FLOAT, "float", vector=True, doc="hyperbolic tangent"),
    _unary("asinh", DIFF, FLOAT, "float", vector=True, doc="inverse hyperbolic sine"),
    _unary("acosh", DIFF, FLOAT, "float", vector=True, doc="inverse hyperbolic cosine"),
    _unary("atanh", DIFF, FLOAT, "float", vector=True, doc="inverse hyperbolic tangent"),
    _unary("sigmoid", DIFF, FLOAT, "float", vector=True, doc="1 / (1 + exp(-x))"),
    _unary("relu", DIFF, ALL, doc="max(x, 0)"),
    _unary("step", DIFF, ALL, doc="1 if x >= 0 else 0; zero gradient"),
    _unary("floor", DIFF, ALL, doc="round towards -inf; zero gradient"),
    _unary("ceil", DIFF, ALL, doc="round towards +inf; zero gradient"),
    _unary("trunc", DIFF, ALL, doc="round towards 0; zero gradient"),
    _unary("round", DIFF, ALL, doc="round half to even; zero gradient"),
    _unary("isnan", NONDIFF, ALL, out="bool", doc="x is NaN"),
    _unary("isinf", NONDIFF, ALL, out="bool", doc="x is +-inf"),
    _unary("isfinite", NONDIFF, ALL, out="bool", doc="x is neither NaN nor +-inf"),
    _unary("signbit", NONDIFF, FLOAT, "float", out="bool", doc="the sign bit is set (-0.0 too)"),
    _unary("logical_not", NONDIFF, BOOL, "logical", out="bool", doc="not x"),
    _unary("bitwise_invert", NONDIFF, BITS, doc="~x, bit by bit (bool: not)"),

    # ---- reductions (csrc/reduce.c) -------------------------------------------------------
    _reduce("sum", DIFF, doc="total over axes"),
    _reduce("prod", DIFF, doc="product over axes"),
    _reduce("max", DIFF, doc="largest element over axes"),
    _reduce("min", DIFF, doc="smallest element over axes"),
    _reduce("any", NONDIFF, BOOL, doc="some element true"),
    _reduce("all", NONDIFF, BOOL, doc="every element true"),

    # ---- everything else ------------------------------------------------------------------
    _other("positive", COMPOSITE, "+x, a copy"),
    _other("real", COMPOSITE, "the real part: x itself for real dtypes"),
    _other("conj", COMPOSITE, "the complex conjugate: a copy for real dtypes"),
    _other("imag", NONDIFF, "the imaginary part: zeros for real dtypes"),
    _other("argmax", NONDIFF, "index of the first maximum"),
    _other("argmin", NONDIFF, "index of the first minimum"),
    _other("mean", DIFF, "sum / count"),
    _other("var", COMPOSITE, "mean of squared deviations"),
    _other("std", COMPOSITE, "square root of var"),
    _other("nonzero", NONDIFF, "coordinates of the non-zero elements"),
    _other("where", DIFF, "x where cond else y"),
    _other("clip", DIFF, "min(max(x, lo), hi)"),
    _other("astype", DIFF, "a converted copy (a float result keeps the gradient)"),
    _other("copy", DIFF, "a contiguous copy"),
    _other("reshape", DIFF, "a new shape (a view when strides allow)"),
    _other("permute_dims", DIFF, "axes reordered (a view)"),
    _other("expand_dims", COMPOSITE, "new axes of length 1 (a reshape)"),
    _other("squeeze", COMPOSITE, "axes of length 1 removed (a reshape)"),
    _other("broadcast_to", DIFF, "repeated to a shape by stride 0 (a view)"),
    _other("getitem", DIFF, "x[key]: basic indexing views, advanced indexing gathers"),
    _other("pad", DIFF, "surrounded by a constant"),
    _other("concatenate", DIFF, "joined along an axis"),
    _other("stack", DIFF, "joined along a new axis"),
    _other("matmul", DIFF, "matrix product"),
    _other("dot", DIFF, "NumPy's dot"),
    _other("linear", DIFF, "x @ W + b (then relu), one GEMM"),
    _other("softmax", DIFF, "exp(x) / sum(exp(x)) along an axis"),
    _other("log_softmax", DIFF, "x - log(sum(exp(x))) along an axis"),
    _other("softmax_cross_entropy", DIFF, "mean of -sum(targets * log_softmax(logits))"),
    _other("outer", COMPOSITE, "a[i] * b[j]"),
    _other("vdot", COMPOSITE, "dot of the flattened operands"),
    _other("inner", COMPOSITE, "sum over the last axes"),
    _other("split", COMPOSITE, "views cut along an axis"),
    _other("flip", COMPOSITE, "reversed along axes (a view)"),
    _other("take", COMPOSITE, "elements at indices along an axis"),
    _other("take_along_axis", COMPOSITE, "elements at per-position indices"),
    _other("repeat", COMPOSITE, "each element repeated"),
    _other("tile", COMPOSITE, "the whole tensor repeated"),
    _other("meshgrid", COMPOSITE, "coordinate grids"),
    _other("one_hot", NONDIFF, "class labels as one-hot rows"),

    # ---- convolution and pooling (csrc/conv.c + the GEMM; tinytensor/_conv.pxi) -------------
    _other("conv2d", DIFF, "2-D convolution: im2col + GEMM per group (bias, relu fused)"),
    _other("conv1d", COMPOSITE, "conv2d of images one row high"),
    _other("max_pool2d", DIFF, "largest value of each window"),
    _other("avg_pool2d", DIFF, "mean of each window"),
    # ---- sorting and scans (tinytensor/_sort.pxi, csrc/sort.c, csrc/scan.c) ----------------
    _other("sort", DIFF, "sorted copy along an axis; the gradient goes back through the permutation"),
    _other("argsort", NONDIFF, "indices that sort along an axis"),
    _other("searchsorted", NONDIFF, "insertion points into a sorted 1-D tensor"),
    _other("unique", NOT_YET, "sorted distinct values (unique_all/counts/inverse/values, np.unique)"),
    _other("cumulative_sum", DIFF, "running sums along an axis (cumsum)"),
    _other("cumulative_prod", DIFF, "running products along an axis (cumprod); exact gradient at zeros"),
    _other("diff", COMPOSITE, "n-th differences along an axis (slices and subtract)"),
    _other("median", DIFF, "middle value (mean of the two middle ones) along axes"),
    _other("quantile", DIFF, "q-th quantiles along axes, NumPy's methods (linear by default)"),
    _other("count_nonzero", NONDIFF, "number of non-zero elements along axes"),
    # ---- array API and NumPy functions: manipulation, products, diagonals, norms ----------
    _other("moveaxis", COMPOSITE, "axes moved to new positions (a permute_dims view)"),
    _other("roll", COMPOSITE, "elements shifted cyclically along axes"),
    _other("unstack", COMPOSITE, "views along an axis, as a tuple"),
    _other("tril", COMPOSITE, "zeros above the k-th diagonal"),
    _other("triu", COMPOSITE, "zeros below the k-th diagonal"),
    _other("tensordot", COMPOSITE, "sum over paired axes (one matmul)"),
    _other("vecdot", COMPOSITE, "dot product along an axis, broadcast"),
    _other("einsum", COMPOSITE, "Einstein summation: diagonals, sums and matmuls"),
    _other("diagonal", DIFF, "the k-th diagonal of two axes (a strided view)"),
    _other("diag", COMPOSITE, "a diagonal matrix from a vector, or a matrix's diagonal"),
    _other("trace", COMPOSITE, "sum of a diagonal"),
    _other("vstack", COMPOSITE, "joined along the first axis (1-D as rows)"),
    _other("hstack", COMPOSITE, "joined along the second axis (1-D along the first)"),
    _other("isclose", NONDIFF, "|a - b| <= atol + rtol * |b|"),
    _other("argwhere", NONDIFF, "coordinates of the non-zero elements, one row each"),
    _other("vector_norm", DIFF, "linalg.vector_norm: (sum |x|**ord) ** (1/ord) over axes"),
    _other("matrix_norm", COMPOSITE, "linalg.matrix_norm: Frobenius, 1, -1, inf, -inf"),
    _other("norm", COMPOSITE, "linalg.norm: NumPy's vector or matrix norm"),
)

BY_NAME = {op.name: op for op in OPS}
if len(BY_NAME) != len(OPS):
    raise RuntimeError("tinytensor._optable: duplicate op names")


def ops_of_kind(kind):
    """The rows of one kind, in table order (their C enum order)."""
    return tuple(op for op in OPS if op.kind == kind)
