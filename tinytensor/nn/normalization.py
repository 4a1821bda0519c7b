"""``BatchNorm1d`` and ``BatchNorm2d``, PyTorch style.

Per channel c (axis 1), in training mode with the batch's statistics, in eval mode with the
running ones:

    y = (x - mean[c]) / sqrt(var[c] + eps) * weight[c] + bias[c]

Training updates ``running_mean`` and ``running_var`` (buffers, in ``state_dict()``):
running = (1 - momentum) * running + momentum * batch, the batch variance unbiased (n / (n - 1))
as PyTorch; ``momentum=None`` keeps a cumulative average (1 / num_batches_tracked).
``weight`` starts at ones and ``bias`` at zeros (``affine=True``).
"""
import tinytensor as tt
from . import functional as F
from .module import Module, Parameter


class _BatchNorm(Module):
    dims: tuple[int, ...] = ()          # the input ranks the layer accepts

    def __init__(self, num_features, eps=1e-5, momentum=0.1, affine=True, track_running_stats=True,
                 dtype=tt.float32):
        super().__init__()
        if isinstance(num_features, bool) or not isinstance(num_features, int) or num_features < 1:
            raise ValueError("%s: num_features must be a positive int, got %r" % (type(self).__name__, num_features))
        self.num_features, self.eps, self.momentum = num_features, eps, momentum
        self.affine, self.track_running_stats = affine, track_running_stats
        self.weight = Parameter(tt.ones(num_features, dtype=dtype)) if affine else None
        self.bias = Parameter(tt.zeros(num_features, dtype=dtype)) if affine else None
        if track_running_stats:
            self.register_buffer("running_mean", tt.zeros(num_features, dtype=dtype))
            self.register_buffer("running_var", tt.ones(num_features, dtype=dtype))
            self.register_buffer("num_batches_tracked", tt.tensor(0, dtype=tt.int64))
        else:
            self.running_mean = self.running_var = self.num_batches_tracked = None

    def reset_running_stats(self):
        """Running mean back to 0, running variance to 1, the batch count to 0.

        Examples
        --------
        >>> bn = tt.nn.BatchNorm1d(1)
        >>> _ = bn(tt.tensor([[1.0], [3.0]], dtype=tt.float32))
        >>> bn.reset_running_stats()
        >>> bn.running_mean.tolist(), bn.num_batches_tracked.item()
        ([0.0], 0)
        """
        if self.track_running_stats:
            self.running_mean[...] = 0.0
            self.running_var[...] = 1.0
            self.num_batches_tracked[...] = 0

    def forward(self, x):
        if not isinstance(x, tt.Tensor):
            x = tt.asarray(x)
        if x.ndim not in self.dims:
            raise ValueError("%s: expected %s input (got %dD input of shape %s)"
                             % (type(self).__name__, " or ".join("%dD" % d for d in self.dims), x.ndim,
                                tuple(x.shape)))
        if self.weight is not None and x.dtype != self.weight.dtype:
            raise RuntimeError("%s: expected the input's dtype %s to be the layer's %s (convert with .astype)"
                               % (type(self).__name__, x.dtype.name, self.weight.dtype.name))
        momentum = 0.0 if self.momentum is None else self.momentum
        if self.training and self.track_running_stats:
            self.num_batches_tracked[...] = self.num_batches_tracked + 1
            if self.momentum is None:       # a cumulative average
                momentum = 1.0 / self.num_batches_tracked.item()
        # without running statistics, eval mode normalises with the batch's too (as PyTorch)
        return F.normalize_channels(x, 1, self.running_mean, self.running_var, self.weight, self.bias,
                                    self.training, momentum, self.eps, unbiased_running=True)

    def extra_repr(self):
        """The constructor arguments shown inside ``repr(layer)``.

        Returns
        -------
        str

        Examples
        --------
        >>> tt.nn.BatchNorm2d(8).extra_repr()
        '8, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True'
        """
        return "%d, eps=%g, momentum=%s, affine=%s, track_running_stats=%s" % (
            self.num_features, self.eps, self.momentum, self.affine, self.track_running_stats)


class BatchNorm1d(_BatchNorm):
    """Batch normalisation of (N, C) or (N, C, L) inputs, per channel (see the module docstring)::

        y[:, c] = (x[:, c] - mean[c]) / sqrt(var[c] + eps) * weight[c] + bias[c]

    Parameters
    ----------
    num_features : int
        C, the channels (axis 1).
    eps : float, default 1e-5
        Added to the variance inside the root.
    momentum : float or None, default 0.1
        Weight of the new batch in the running statistics; None: a cumulative average.
    affine : bool, default True
        Learn ``weight`` (ones at first) and ``bias`` (zeros).
    track_running_stats : bool, default True
        Keep ``running_mean``/``running_var`` buffers (else the batch's statistics always).
    dtype : DType, default tt.float32
        The parameters' dtype; the input must have the same one.

    Raises
    ------
    ValueError
        If `num_features` is not a positive int; in forward, for an input of another rank, or
        a single value per channel while training.
    RuntimeError
        In forward, for an input of another dtype.

    Examples
    --------
    >>> bn = tt.nn.BatchNorm1d(2)
    >>> bn(tt.tensor([[1.0, 10.0], [3.0, 30.0]], dtype=tt.float32)).tolist()
    [[-0.99999..., -1.0], [0.99999..., 1.0]]
    >>> bn.running_mean.tolist()                     # 0.9 * 0 + 0.1 * batch mean
    [0.2..., 2.0...]
    """

    dims = (2, 3)


class BatchNorm2d(_BatchNorm):
    """Batch normalisation of (N, C, H, W) images, per channel (see the module docstring)::

        y[:, c] = (x[:, c] - mean[c]) / sqrt(var[c] + eps) * weight[c] + bias[c]

    with mean and var over N, H and W.

    Parameters
    ----------
    num_features : int
        C, the channels (axis 1).
    eps : float, default 1e-5
        Added to the variance inside the root.
    momentum : float or None, default 0.1
        Weight of the new batch in the running statistics; None: a cumulative average.
    affine : bool, default True
        Learn ``weight`` (ones at first) and ``bias`` (zeros).
    track_running_stats : bool, default True
        Keep ``running_mean``/``running_var`` buffers (else the batch's statistics always).
    dtype : DType, default tt.float32
        The parameters' dtype; the input must have the same one.

    Raises
    ------
    ValueError
        If `num_features` is not a positive int; in forward, for an input of another rank, or
        a single value per channel while training.
    RuntimeError
        In forward, for an input of another dtype.

    Examples
    --------
    >>> bn = tt.nn.BatchNorm2d(3)
    >>> y = bn(tt.random.normal(5.0, 2.0, size=(4, 3, 2, 2), dtype="float32"))
    >>> [round(v, 4) + 0.0 for v in y.mean(axis=(0, 2, 3)).tolist()]
    [0.0, 0.0, 0.0]
    >>> bn.eval().training, sorted(bn.state_dict())
    (False, ['bias', 'num_batches_tracked', 'running_mean', 'running_var', 'weight'])
    """

    dims = (4,)
