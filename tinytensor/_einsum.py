"""einsum: Einstein summation, planned here and computed by ops of the op table.

    einsum("ij,jk->ik", a, b)      for i, k: out[i, k] = sum(a[i, j] * b[j, k] for j)

Every subscript letter names an axis; letters shared by operands are multiplied together, letters
missing from the output are summed over. The plan:

1. parse the subscripts: explicit ("ij,jk->ik") or implicit output ("ij,jk": the letters used
   once, in alphabetical order), "..." for broadcast axes, and NumPy's sublist form
   einsum(a, [0, 1], b, [1, 2], [0, 2]);
2. per operand, a repeated letter ("ii") becomes a diagonal (a strided view, no copy) and a letter
   no other operand and not the output uses is summed away at once;
3. the operands are contracted two at a time, greedily taking the pair whose result is smallest.
   A pair with shared summed letters is one (batched) matmul through the packed GEMM: axes are
   permuted to (batch..., free, summed) @ (batch..., summed, free); a pair without any is a
   broadcast multiply (an outer product); batched dot products (nothing free on either side)
   multiply and sum, which is cheaper than many 1 x 1 GEMMs;
4. the last tensor's axes are put in the output's order.

No Python loop runs over elements, and each step is a recorded table op (diagonal, sum,
permute_dims, reshape, matmul, multiply, astype), so einsum is differentiable as it is.
"""
import operator

from tinytensor._core import (
    Tensor, asarray, broadcast_to, diagonal, matmul, multiply, permute_dims, result_type, sum,
)


def _sublist_letter(v):
    """NumPy's sublist labels: ints 0..51 stand for the letters A..Z, a..z."""
    if v is Ellipsis:
        return "..."
    v = operator.index(v)
    if not 0 <= v < 52:
        raise ValueError(f"subscript is not within the valid range [0, 52): {v}")
    return chr(ord("A") + v) if v < 26 else chr(ord("a") + v - 26)


def _from_sublists(args):
    """einsum(op0, sublist0, op1, sublist1, ..., [sublist_out]) -> (subscripts, operands)."""
    operands = list(args[0::2])
    terms = ["".join(_sublist_letter(v) for v in sub) for sub in args[1::2]]
    if len(args) % 2:           # a trailing output sublist
        out = "".join(_sublist_letter(v) for v in operands.pop())
        return ",".join(terms) + "->" + out, operands
    return ",".join(terms), operands


def _split_ellipsis(term, where):
    """(letters before '...', has '...', letters after) of one term."""
    if "." not in term:
        return term, False, ""
    before, _, after = term.partition("...")
    if "." in before or "." in after:
        raise ValueError("einstein sum subscripts string contains a '.' that is not part of an "
                         f"ellipsis ('...') in {where}")
    return before, True, after


def _parse(subscripts, tensors):
    """The labels of every operand's axes and of the output. Letters are str labels; the axes
    under '...' get int labels 0..E-1, right-aligned across operands (they broadcast)."""
    s = subscripts.replace(" ", "")
    for c in s:
        if not (c.isascii() and c.isalpha()) and c not in ",.->":
            raise ValueError(f"invalid subscript '{c}' in einstein sum subscripts string, "
                             "subscripts must be letters")
    lhs, arrow, rhs = s.partition("->")
    if "-" in lhs + rhs or ">" in lhs + rhs:
        raise ValueError("einstein sum subscripts string has a '-' or '>' that is not one output "
                         "arrow '->'")
    terms = lhs.split(",")
    if len(terms) > len(tensors):
        raise ValueError("fewer operands provided to einstein sum function than specified in the "
                         "subscripts string")
    if len(terms) < len(tensors):
        raise ValueError("more operands provided to einstein sum function than specified in the "
                         "subscripts string")
    parts, width = [], 0
    for i, (term, t) in enumerate(zip(terms, tensors)):
        before, ell, after = _split_ellipsis(term, f"operand {i}")
        w = t.ndim - len(before) - len(after)
        if w < 0:
            raise ValueError(f"einstein sum subscripts string contains too many subscripts for operand {i}")
        if w > 0 and not ell:
            raise ValueError(f"operand {i} has more dimensions than subscripts given in einstein sum, "
                             "but no '...' ellipsis provided to broadcast the extra dimensions.")
        parts.append((before, w, after))
        width = max(width, w)
    labels = [list(b) + list(range(width - w, width)) + list(a) for b, w, a in parts]
    letters = [c for term in terms for c in term if c.isalpha()]
    if arrow:
        before, ell, after = _split_ellipsis(rhs, "the output")
        if width and not ell:
            raise ValueError("output has more dimensions than subscripts given in einstein sum, but "
                             "no '...' ellipsis provided to broadcast the extra dimensions.")
        for c in before + after:
            if (before + after).count(c) > 1:
                raise ValueError(f"einstein sum subscripts string includes output subscript '{c}' "
                                 "multiple times")
            if c not in letters:
                raise ValueError(f"einstein sum subscripts string included output subscript '{c}' "
                                 "which never appeared in an input")
        out = list(before) + (list(range(width)) if ell else []) + list(after)
    else:
        out = list(range(width)) + sorted(c for c in set(letters) if letters.count(c) == 1)
    return labels, out


def _label_sizes(tensors, labels):
    """label -> its length; a length of 1 broadcasts against any other (as NumPy's einsum)."""
    sizes = {}
    for i, (t, labs) in enumerate(zip(tensors, labels)):
        own = {}
        for lab, n in zip(labs, t.shape):
            if lab in own and own[lab] != n:
                raise ValueError(f"dimensions in operand {i} for collapsing index '{lab}' don't "
                                 f"match ({own[lab]} != {n})")
            own[lab] = n
        for lab, n in own.items():
            m = sizes.get(lab, 1)
            if m != 1 and n != 1 and m != n:
                name = f"'{lab}'" if isinstance(lab, str) else "'...'"
                raise ValueError(f"operands could not be broadcast together: subscript {name} has "
                                 f"length {m} in one operand and {n} in operand {i}")
            sizes[lab] = n if m == 1 else m
    return sizes


def _sum_unneeded(t, labs, needed):
    """Sums t over the axes whose labels are not needed later."""
    gone = tuple(k for k, lab in enumerate(labs) if lab not in needed)
    if not gone:
        return t, labs
    return sum(t, axis=gone), [lab for lab in labs if lab in needed]


def _take_diagonals(t, labs):
    """A label repeated within one operand ("ii") selects a diagonal: a strided view."""
    for lab in list(labs):
        while labs.count(lab) > 1:
            p = labs.index(lab)
            q = labs.index(lab, p + 1)
            t = diagonal(t, 0, p, q)            # the diagonal becomes the last axis
            labs = [x for k, x in enumerate(labs) if k not in (p, q)] + [lab]
    return t, labs


def _prod(values):
    n = 1
    for v in values:
        n *= v
    return n


def _permuted(t, labs, order):
    return permute_dims(t, tuple(labs.index(lab) for lab in order))


def _contract(a, la, b, lb, keep):
    """The product of two operands summed over their shared labels that `keep` (the labels the
    output and the other operands need) does not hold. Returns (tensor, labels)."""
    a, la = _sum_unneeded(a, la, set(lb) | keep)
    b, lb = _sum_unneeded(b, lb, set(la) | keep)
    # a summed label of length 1 on one side only broadcasts: sum the other side over it
    # (summing the length-1 side over it only drops the axis)
    for lab in [x for x in la if x in lb and x not in keep]:
        if a.shape[la.index(lab)] != b.shape[lb.index(lab)]:
            a, la = sum(a, axis=la.index(lab)), [x for x in la if x != lab]
            b, lb = sum(b, axis=lb.index(lab)), [x for x in lb if x != lab]
    summed = [x for x in la if x in lb and x not in keep]
    batch = [x for x in la if x in lb and x in keep]
    left = [x for x in la if x not in lb]
    right = [x for x in lb if x not in la]
    size_a = dict(zip(la, a.shape))
    size_b = dict(zip(lb, b.shape))
    if not summed:
        # outer product over the batch labels: a broadcast multiply
        ta = _permuted(a, la, batch + left).reshape(
            tuple(size_a[x] for x in batch + left) + (1,) * len(right))
        tb = _permuted(b, lb, batch + right).reshape(
            tuple(size_b[x] for x in batch) + (1,) * len(left) + tuple(size_b[x] for x in right))
        return multiply(ta, tb), batch + left + right
    if not left and not right and batch:
        # batched dot products: multiply, then sum over the summed labels
        prod = multiply(_permuted(a, la, batch + summed), _permuted(b, lb, batch + summed))
        return sum(prod, axis=tuple(range(len(batch), len(batch) + len(summed)))), batch
    # one (batched) GEMM: (batch..., L, K) @ (batch..., K, R)
    k = _prod(size_a[x] for x in summed)
    ta = _permuted(a, la, batch + left + summed).reshape(
        tuple(size_a[x] for x in batch) + (_prod(size_a[x] for x in left), k))
    tb = _permuted(b, lb, batch + summed + right).reshape(
        tuple(size_b[x] for x in batch) + (k, _prod(size_b[x] for x in right)))
    out = matmul(ta, tb)
    shape = tuple(out.shape[:len(batch)]) + tuple(size_a[x] for x in left) + tuple(size_b[x] for x in right)
    return out.reshape(shape), batch + left + right


def einsum(subscripts, *operands, dtype=None, optimize=True, out=None):
    r"""Einstein summation over the operands' axes, named by subscript letters (NumPy's ``einsum``).

    Letters shared by operands are multiplied together, letters missing from the output are
    summed over; for ``"ij,jk->ik"``::

        for i, k in ndindex(out.shape):
            out[i, k] = sum(a[i, j] * b[j, k] for j in range(n))

    The forms it takes (see the module ``tinytensor._einsum`` for the plan)::

        einsum("ii", a)             trace            einsum("ij->ji", a)      transpose (a view)
        einsum("ij,jk->ik", a, b)   matmul           einsum("bij,bjk->bik")   batched matmul
        einsum("i,i", a, b)         inner product    einsum("i,j->ij", a, b)  outer product
        einsum("...ij,...jk", a, b) broadcast batch  einsum(a, [0, 1], b, [1, 2])  sublists

    Parameters
    ----------
    subscripts : str or Tensor
        The subscripts: one term of letters per operand, comma-separated, optionally ``->`` and
        the output's letters (without it the output is the letters used once, in alphabetical
        order). ``...`` stands for broadcast axes; a repeated letter in a term takes a diagonal.
        In NumPy's sublist form ``einsum(op0, sublist0, op1, sublist1, ..., [sublist_out])``
        this is the first operand and the sublists are lists of ints 0 to 51 (standing for
        ``A`` to ``Z`` and ``a`` to ``z``) or ``Ellipsis``.
    \*operands : Tensor or array_like
        The operands (alternating with their sublists in the sublist form).
    dtype : dtype, optional
        Keyword-only. Convert the operands to this dtype first. Default None: the operands'
        promoted dtype.
    optimize : bool or str, optional
        Keyword-only; accepted for NumPy compatibility and ignored: the contraction order is
        always the greedy smallest-intermediate one.
    out : None, optional
        Keyword-only; not supported (only None is accepted).

    Returns
    -------
    Tensor
        The axes of the output subscripts (0-d when there are none), the operands' promoted dtype
        (or `dtype`).

    Raises
    ------
    ValueError
        The subscripts are malformed (a character that is not a letter, a stray ``.`` or ``-``,
        an output letter that no input has), name too many or too few axes or operands, or a
        letter has different lengths in different places (and those do not broadcast); a sublist
        label is outside 0 to 51.
    TypeError
        `out` is given.

    Notes
    -----
    Differentiable: every step is a recorded table op (diagonal, sum, permute_dims, reshape,
    matmul, multiply, astype). Pairs with summed letters are contracted by one (batched) matmul
    through the packed GEMM; no Python loop runs over elements.

    See Also
    --------
    tinytensor.tensordot, tinytensor.matmul

    Examples
    --------
    >>> a = tt.arange(6.0).reshape(2, 3)
    >>> b = tt.arange(12.0).reshape(3, 4)
    >>> tt.einsum("ij,jk->ik", a, b)
    tensor([[20., 23., 26., 29.],
            [56., 68., 80., 92.]])
    >>> tt.einsum("ii", tt.arange(9).reshape(3, 3))
    tensor(12)
    >>> tt.einsum("i,j->ij", tt.tensor([1, 2]), tt.tensor([3, 4, 5]))
    tensor([[ 3,  4,  5],
            [ 6,  8, 10]])
    >>> tt.einsum("...ij,...jk", tt.ones((5, 2, 3)), tt.ones((3, 4))).shape
    (5, 2, 4)
    >>> tt.einsum(a, [0, 1], b, [1, 2], [0, 2]).shape
    (2, 4)
    """
    if out is not None:
        raise TypeError("einsum: out= is not supported; assign the result instead")
    if not isinstance(subscripts, str):
        subscripts, operands = _from_sublists((subscripts,) + operands)
    if not operands:
        raise ValueError("must specify the einstein sum subscripts string and at least one operand")
    tensors = [x if isinstance(x, Tensor) else asarray(x) for x in operands]
    if dtype is not None:
        tensors = [t.astype(dtype, copy=False) for t in tensors]
    result_dtype = result_type(*tensors)
    labels, out_labels = _parse(subscripts, tensors)
    sizes = _label_sizes(tensors, labels)
    wanted = set(out_labels)
    ops = []
    for i, (t, labs) in enumerate(zip(tensors, labels)):
        t, labs = _take_diagonals(t, list(labs))
        others = {lab for j, ls in enumerate(labels) if j != i for lab in ls}
        ops.append(_sum_unneeded(t, labs, others | wanted))
    while len(ops) > 1:
        best = None
        for i in range(len(ops)):
            for j in range(i + 1, len(ops)):
                keep = wanted | {lab for k, (_, ls) in enumerate(ops) if k not in (i, j) for lab in ls}
                result = set(ops[i][1]) | set(ops[j][1])
                cost = _prod(sizes[lab] for lab in result if lab in keep)
                if best is None or cost < best[0]:
                    best = (cost, i, j, keep)
        _, i, j, keep = best
        merged = _contract(ops[i][0], ops[i][1], ops[j][0], ops[j][1], keep)
        ops = [op for k, op in enumerate(ops) if k not in (i, j)] + [merged]
    t, labs = _sum_unneeded(*ops[0], wanted)
    t = _permuted(t, labs, out_labels)
    target = tuple(sizes[lab] for lab in out_labels)
    if tuple(t.shape) != target:
        t = broadcast_to(t, target)
    return t.astype(result_dtype, copy=False)
