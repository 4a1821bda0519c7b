"""The graph node: one ``Function`` subclass per differentiable op, and ``unbroadcast``.

The core computes every op once; when an input requires grad, its recording gate hands the
result to :func:`~tinytensor.autograd.engine.record`, which creates the op's Function and calls
``setup(out, *inputs, **params)`` with exactly what the op was called with (and what it computed
on the way, such as the cross-entropy's gradient). ``setup`` declares which inputs can receive
a gradient (``set_inputs``) and keeps what backward needs (``save``); it never computes.
``backward(grad)`` returns one gradient per declared input (None where there is none). Gradients
are always reduced to an input's shape by :func:`unbroadcast`.
"""
import tinytensor as tt

Tensor = tt.Tensor
_FLOAT = (tt.float16, tt.float32, tt.float64)


def _track(t):
    """The tensor's version, making sure the core counts its in-place writes from now on."""
    return t._track_version()


def is_float(t):
    """Whether `t` has a float dtype that carries gradients (float32 or float64).

    Parameters
    ----------
    t : Tensor

    Returns
    -------
    bool

    Examples
    --------
    >>> from tinytensor.autograd.function import is_float
    >>> is_float(tt.zeros(1)), is_float(tt.arange(2))
    (True, False)
    """
    return t.dtype in _FLOAT


def unbroadcast(grad, shape):
    """Sum `grad` over the axes that broadcasting added or stretched, so that it has `shape`.

    The one place where broadcast gradients are reduced::

        lead = grad.ndim - len(shape)                         # axes broadcasting prepended
        axes = range(lead) + [lead + i for i where shape[i] == 1 and grad.shape[lead + i] != 1]
        return grad.sum(axis=axes, keepdims=True).reshape(shape)

    Parameters
    ----------
    grad : Tensor
        The gradient of a broadcast result.
    shape : tuple of int
        The input's shape (broadcastable to ``grad.shape``).

    Returns
    -------
    Tensor
        Of `shape` (`grad` itself when the shapes already agree).

    Examples
    --------
    >>> g = tt.ones((2, 3))
    >>> tt.autograd.unbroadcast(g, (3,))            # x of shape (3,) was added to each row
    tensor([2., 2., 2.])
    >>> tt.autograd.unbroadcast(g, (2, 1))
    tensor([[3.],
            [3.]])
    """
    shape = tuple(shape)
    if grad.shape == shape:
        return grad
    lead = grad.ndim - len(shape)
    axes = tuple(range(lead)) + tuple(lead + i for i, n in enumerate(shape)
                                      if n == 1 and grad.shape[lead + i] != 1)
    if axes:
        grad = grad.sum(axis=axes, keepdims=True)
    return grad.reshape(shape)


class Function:
    """Base class of a recorded op: the node of the autograd graph attached to a result as
    ``grad_fn``.

    Subclasses set ``name`` (the op's name in the op table, ``tinytensor/_optable.py``),
    implement `setup` and `backward`, and are registered with
    `tinytensor.autograd.engine.register`. ``self.inputs`` holds the Tensor arguments that may
    receive a gradient (in the order `backward` returns them); ``self.needs[i]`` says whether
    ``inputs[i]`` requires grad.

    Set ``fresh = True`` when backward always returns newly allocated tensors that nothing else
    holds (never views of ``grad``, of each other, or of a buffer the Function keeps): the engine
    may then store them as a leaf's ``.grad`` without copying. ``self.retain_graph`` tells
    backward whether the node will run again (so it must not hand out a buffer it keeps).

    Set ``into_leaf_grads = True`` when backward can add a gradient straight into a leaf's
    existing ``.grad`` (a GEMM with accumulate, no temporary): before backward runs, the engine
    sets ``self.leaf_grads``, one entry per input, the leaf's ``.grad`` tensor where adding into
    it in place is allowed (engine.grad_buffer) and None elsewhere. backward returns None for an
    input whose gradient it has added there itself.

    Examples
    --------
    >>> x = tt.tensor([1.0, 2.0], requires_grad=True)
    >>> y = x * 3.0
    >>> fn = y.grad_fn
    >>> type(fn).__name__, fn.name, fn.needs
    ('Multiply', 'multiply', (True, False))
    >>> with tt.no_grad():
    ...     fn.backward(tt.ones(2))                 # d(x * 3)/dx, nothing for the constant
    (tensor([3., 3.]), None)
    """

    name: str | None = None
    fresh = False
    into_leaf_grads = False

    def __init__(self):
        self.inputs = ()
        self.needs = ()
        self._saved = ()
        self._versions = ()
        self._released = False
        self.retain_graph = False
        self.leaf_grads = ()

    # ---- bookkeeping -------------------------------------------------------------------
    def set_inputs(self, *inputs):
        r"""Declare the arguments that can receive gradients (called by `setup`); non-Tensors
        become None, and ``needs`` records which inputs require grad.

        Parameters
        ----------
        \*inputs : Tensor or object
            In the order `backward` returns their gradients.

        Examples
        --------
        >>> fn = tt.autograd.Function()
        >>> fn.set_inputs(tt.tensor([1.0], requires_grad=True), 2.0, tt.zeros(1))
        >>> fn.needs
        (True, False, False)
        """
        self.inputs = tuple(t if isinstance(t, Tensor) else None for t in inputs)
        self.needs = tuple(t is not None and t.requires_grad for t in self.inputs)

    def save(self, *tensors):
        r"""Keep tensors for `backward` (read back as ``self.saved``); their in-place version is
        checked when backward reads them, so a tensor modified in place in between raises.

        Parameters
        ----------
        \*tensors : Tensor or object
            What backward needs.

        Examples
        --------
        >>> a = tt.tensor([1.0])
        >>> fn = tt.autograd.Function()
        >>> fn.save(a)
        >>> a += 1
        >>> fn.saved
        Traceback (most recent call last):
        ...
        RuntimeError: one of the tensors needed for gradient computation has been modified by an in-place operation: ...
        """
        self._saved = tensors
        self._versions = tuple(_track(t) if isinstance(t, Tensor) else None for t in tensors)

    @property
    def saved(self):
        if self._released:
            raise RuntimeError(
                "Trying to backward through the graph a second time (or directly access saved "
                "tensors after they have already been freed). Saved intermediate values of the "
                "graph are freed when you call .backward(). Specify retain_graph=True if you need "
                "to backward through the graph a second time.")
        for t, v in zip(self._saved, self._versions):
            if v is not None and t._version != v:
                raise RuntimeError(
                    "one of the tensors needed for gradient computation has been modified by an "
                    "in-place operation: a %s tensor of shape %s used by %s is at version %d; "
                    "expected version %d instead." % (t.dtype, tuple(t.shape), type(self).__name__,
                                                       t._version, v))
        return self._saved

    def release(self):
        """Drop the saved tensors (after backward without ``retain_graph``); a second backward
        through this node then raises.

        Examples
        --------
        >>> fn = tt.autograd.Function()
        >>> fn.save(tt.zeros(1)); fn.release()
        >>> fn.saved
        Traceback (most recent call last):
        ...
        RuntimeError: Trying to backward through the graph a second time ...
        """
        self._saved = ()
        self._versions = ()
        self._released = True

    # ---- to implement ------------------------------------------------------------------
    def setup(self, out, *inputs, **params):
        r"""Called once when the op is recorded, with exactly what the op was called with: declare
        the inputs (`set_inputs`) and keep what backward needs (`save`). It never computes.

        Parameters
        ----------
        out : Tensor
            The op's result.
        \*inputs
            The op's positional arguments.
        \*\*params
            Its keyword parameters (axis, keepdims, ...).

        Raises
        ------
        NotImplementedError
            On the base class.

        Examples
        --------
        >>> x = tt.tensor([[1.0, 2.0]], requires_grad=True)
        >>> s = x.sum(axis=1)
        >>> type(s.grad_fn).__name__, s.grad_fn.inputs[0] is x
        ('Sum', True)
        """
        raise NotImplementedError

    def backward(self, grad):
        """The gradients of the inputs from the gradient of the output (the chain rule of this
        op), reduced to each input's shape (`unbroadcast`).

        Parameters
        ----------
        grad : Tensor
            d(loss)/d(out), of the output's shape.

        Returns
        -------
        tuple
            One gradient per declared input, None where there is none.

        Raises
        ------
        NotImplementedError
            On the base class.

        Examples
        --------
        >>> a = tt.tensor([1.0, 2.0], requires_grad=True)
        >>> b = tt.tensor([[10.0], [20.0]], requires_grad=True)
        >>> fn = (a * b).grad_fn
        >>> with tt.no_grad():                      # as the engine runs it
        ...     fn.backward(tt.ones((2, 2)))         # b's gradient summed over the broadcast axis
        (tensor([30., 30.]), tensor([[3.],
                [3.]]))
        """
        raise NotImplementedError

    def __repr__(self):
        return "<%s>" % type(self).__name__
