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
    return t.dtype in _FLOAT


def unbroadcast(grad, shape):
    """Sum ``grad`` over the axes that broadcasting added or stretched so it has ``shape``.

    The one place where broadcast gradients are reduced: leading axes that ``shape`` lacks are
    summed away, and axes where ``shape`` has 1 but ``grad`` does not are summed with keepdims.
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
    """Base class of a recorded op.

    Subclasses set ``name`` (the op's name in the op table, tinytensor/_optable.py) and
    implement ``setup(out, *inputs, **params)`` and ``backward(grad)``. ``self.inputs`` holds the
    Tensor arguments that may receive a gradient (in the order backward returns them);
    ``self.needs[i]`` says whether inputs[i] requires grad.

    Set ``fresh = True`` when backward always returns newly allocated tensors that nothing else
    holds (never views of ``grad``, of each other, or of a buffer the Function keeps): the engine
    may then store them as a leaf's ``.grad`` without copying. ``self.retain_graph`` tells
    backward whether the node will run again (so it must not hand out a buffer it keeps).

    Set ``into_leaf_grads = True`` when backward can add a gradient straight into a leaf's
    existing ``.grad`` (a GEMM with accumulate, no temporary): before backward runs, the engine
    sets ``self.leaf_grads``, one entry per input, the leaf's ``.grad`` tensor where adding into
    it in place is allowed (engine.grad_buffer) and None elsewhere. backward returns None for an
    input whose gradient it has added there itself.
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
        """Declare the arguments that can receive gradients (Tensors or anything else)."""
        self.inputs = tuple(t if isinstance(t, Tensor) else None for t in inputs)
        self.needs = tuple(t is not None and t.requires_grad for t in self.inputs)

    def save(self, *tensors):
        """Keep tensors for backward; their in-place version is checked when backward runs."""
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
        self._saved = ()
        self._versions = ()
        self._released = True

    # ---- to implement ------------------------------------------------------------------
    def setup(self, out, *inputs, **params):
        raise NotImplementedError

    def backward(self, grad):
        raise NotImplementedError

    def __repr__(self):
        return "<%s>" % type(self).__name__
