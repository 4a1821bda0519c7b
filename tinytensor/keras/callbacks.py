"""Keras-style callbacks: ``Callback``, ``History``, ``EarlyStopping``, ``ModelCheckpoint``,
``LearningRateScheduler``, ``ReduceLROnPlateau``, ``CSVLogger``, ``TerminateOnNaN``,
``LambdaCallback``.

``fit`` calls, in order: ``on_train_begin``, then per epoch ``on_epoch_begin``,
``on_train_batch_begin``/``on_train_batch_end`` per batch, ``on_epoch_end`` (with the epoch's
logs, validation included), and finally ``on_train_end``. Setting ``model.stop_training = True``
ends training after the current batch.
"""
import csv
import math
import os


class Callback:
    """Base class of the callbacks: ``fit`` calls their hooks, in this order::

        set_model(model); set_params({"verbose", "epochs", "steps"})
        on_train_begin()
        for epoch in range(initial_epoch, epochs):
            on_epoch_begin(epoch)
            for batch, (x, y) in enumerate(batches):
                on_train_batch_begin(batch); ...one optimizer step...; on_train_batch_end(batch, logs)
            on_epoch_end(epoch, logs)            # logs: loss, metrics, val_* of the epoch
            if model.stop_training: break
        on_train_end(logs)

    Each hook does nothing here; subclasses override the ones they need. ``self.model`` is the
    model being trained, ``self.params`` fit's parameters.

    Examples
    --------
    >>> tt.random.seed(0)
    >>> model = tt.keras.Sequential([tt.keras.layers.Dense(1, input_shape=(2,))])
    >>> model.compile(tt.keras.optimizers.SGD(0.1), "mse")
    >>> x, y = tt.ones((8, 2)), tt.ones((8, 1))
    >>> class Losses(tt.keras.callbacks.Callback):
    ...     def on_train_begin(self, logs=None):
    ...         self.seen = []
    ...     def on_epoch_end(self, epoch, logs=None):
    ...         self.seen.append((epoch, round(logs["loss"], 6)))
    >>> cb = Losses()
    >>> _ = model.fit(x, y, epochs=2, verbose=0, callbacks=[cb])
    >>> [epoch for epoch, _ in cb.seen], cb.params["steps"]
    ([0, 1], 1)
    """

    def __init__(self):
        self.model = None
        self.params = {}

    def set_model(self, model):
        """Called by ``fit`` first: keep the model being trained as ``self.model``.

        Parameters
        ----------
        model : tinytensor.keras.Sequential
            The model.

        Examples
        --------
        >>> cb = tt.keras.callbacks.Callback()
        >>> model = tt.keras.Sequential([tt.keras.layers.Dense(1, input_shape=(1,))])
        >>> cb.set_model(model)
        >>> cb.model is model
        True
        """
        self.model = model

    def on_train_begin(self, logs=None):
        """Called once when training starts.

        Parameters
        ----------
        logs : dict, optional
            Unused (None).

        Examples
        --------
        >>> cb = tt.keras.callbacks.LambdaCallback(on_train_begin=lambda *args: print("on_train_begin", *args))
        >>> model = tt.keras.Sequential([tt.keras.layers.Dense(1, input_shape=(1,))])
        >>> model.compile("sgd", "mse")
        >>> _ = model.fit(tt.ones((2, 1)), tt.ones((2, 1)), epochs=1, verbose=0, callbacks=[cb])
        on_train_begin
        """
        pass

    def on_train_end(self, logs=None):
        """Called once when training ends (after the last epoch or an early stop).

        Parameters
        ----------
        logs : dict, optional
            The last epoch's logs.

        Examples
        --------
        >>> cb = tt.keras.callbacks.LambdaCallback(on_train_end=lambda *args: print("on_train_end", *args))
        >>> model = tt.keras.Sequential([tt.keras.layers.Dense(1, input_shape=(1,))])
        >>> model.compile("sgd", "mse")
        >>> _ = model.fit(tt.ones((2, 1)), tt.ones((2, 1)), epochs=1, verbose=0, callbacks=[cb])
        on_train_end {'loss': ...}
        """
        pass

    def on_epoch_begin(self, epoch, logs=None):
        """Called at the start of each epoch.

        Parameters
        ----------
        epoch : int
            The epoch index, from 0.
        logs : dict, optional
            Unused (None).

        Examples
        --------
        >>> cb = tt.keras.callbacks.LambdaCallback(on_epoch_begin=lambda *args: print("on_epoch_begin", *args))
        >>> model = tt.keras.Sequential([tt.keras.layers.Dense(1, input_shape=(1,))])
        >>> model.compile("sgd", "mse")
        >>> _ = model.fit(tt.ones((2, 1)), tt.ones((2, 1)), epochs=2, verbose=0, callbacks=[cb])
        on_epoch_begin 0
        on_epoch_begin 1
        """
        pass

    def on_epoch_end(self, epoch, logs=None):
        """Called at the end of each epoch with its logs (training loss and metrics averaged over the
        epoch, and the ``val_`` values); a callback may add entries to `logs`.

        Parameters
        ----------
        epoch : int
            The epoch index, from 0.
        logs : dict, optional
            The epoch's values, e.g. ``{"loss": 0.1, "val_loss": 0.2}``.

        Examples
        --------
        >>> cb = tt.keras.callbacks.LambdaCallback(on_epoch_end=lambda *args: print("on_epoch_end", *args))
        >>> model = tt.keras.Sequential([tt.keras.layers.Dense(1, input_shape=(1,))])
        >>> model.compile("sgd", "mse")
        >>> _ = model.fit(tt.ones((2, 1)), tt.ones((2, 1)), epochs=1, verbose=0, callbacks=[cb])
        on_epoch_end 0 {'loss': ...}
        """
        pass

    def set_params(self, params):
        """Called by ``fit`` before training: keep its parameters as ``self.params``.

        Parameters
        ----------
        params : dict
            ``{"verbose", "epochs", "steps"}`` (steps per epoch, None when unknown).

        Examples
        --------
        >>> cb = tt.keras.callbacks.Callback()
        >>> model = tt.keras.Sequential([tt.keras.layers.Dense(1, input_shape=(1,))])
        >>> model.compile("sgd", "mse")
        >>> _ = model.fit(tt.ones((4, 1)), tt.ones((4, 1)), batch_size=2, epochs=3, verbose=0, callbacks=[cb])
        >>> cb.params
        {'verbose': 0, 'epochs': 3, 'steps': 2}
        """
        self.params = params

    def on_train_batch_begin(self, batch, logs=None):
        """Called before each training batch.

        Parameters
        ----------
        batch : int
            The batch index within the epoch, from 0.
        logs : dict, optional
            Unused (None).

        Examples
        --------
        >>> cb = tt.keras.callbacks.LambdaCallback(on_train_batch_begin=lambda *args: print("on_train_batch_begin", *args))
        >>> model = tt.keras.Sequential([tt.keras.layers.Dense(1, input_shape=(1,))])
        >>> model.compile("sgd", "mse")
        >>> _ = model.fit(tt.ones((2, 1)), tt.ones((2, 1)), epochs=1, verbose=0, callbacks=[cb])
        on_train_batch_begin 0
        """
        pass

    def on_train_batch_end(self, batch, logs=None):
        """Called after each training batch (after the optimizer step).

        Parameters
        ----------
        batch : int
            The batch index within the epoch, from 0.
        logs : dict, optional
            ``{"loss": ...}``: the running mean of the epoch so far, and the metrics.

        Examples
        --------
        >>> cb = tt.keras.callbacks.LambdaCallback(on_train_batch_end=lambda *args: print("on_train_batch_end", *args))
        >>> model = tt.keras.Sequential([tt.keras.layers.Dense(1, input_shape=(1,))])
        >>> model.compile("sgd", "mse")
        >>> _ = model.fit(tt.ones((2, 1)), tt.ones((2, 1)), epochs=1, verbose=0, callbacks=[cb])
        on_train_batch_end 0 {'loss': ...}
        """
        pass


class History(Callback):
    """Records the logs of every epoch; ``fit`` returns it (and keeps it as ``model.history``).

    ``history.history`` maps each logged name ("loss", "accuracy", "val_loss", ...) to a list
    with one value per epoch; ``history.epoch`` lists the epoch indices; ``history.params`` is
    ``{"verbose": ..., "epochs": ..., "steps": ...}`` (steps per epoch, None when unknown).

    Examples
    --------
    >>> tt.random.seed(0)
    >>> model = tt.keras.Sequential([tt.keras.layers.Dense(1, input_shape=(2,))])
    >>> model.compile(tt.keras.optimizers.SGD(0.1), "mse")
    >>> x, y = tt.ones((8, 2)), tt.ones((8, 1))
    >>> history = model.fit(x, y, epochs=3, batch_size=4, verbose=0, validation_split=0.25)
    >>> history.epoch, sorted(history.history), len(history.history["loss"])
    ([0, 1, 2], ['loss', 'val_loss'], 3)
    """

    def __init__(self):
        super().__init__()
        self.history = {}
        self.epoch = []
        self.params = {}

    def on_train_begin(self, logs=None):
        self.epoch = []
        self.history = {}

    def on_epoch_end(self, epoch, logs=None):
        self.epoch.append(epoch)
        for k, v in (logs or {}).items():
            self.history.setdefault(k, []).append(v)


class EarlyStopping(Callback):
    """Stop training when `monitor` has stopped improving. At each epoch's end::

        if value improves on best by more than min_delta: best = value; wait = 0
        else: wait += 1; if wait >= patience: model.stop_training = True
              (and put back the best epoch's weights with restore_best_weights)

    Parameters
    ----------
    monitor : str, default "val_loss"
        The logged value to watch (epochs without it are skipped).
    min_delta : float, default 0.0
        The smallest change that counts as an improvement.
    patience : int, default 0
        Epochs without improvement before stopping.
    verbose : int, default 0
        1 prints a line when stopping.
    mode : {"auto", "min", "max"}, default "auto"
        Whether smaller or larger is better; "auto": larger for names with "acc" or ending in
        "auc", else smaller.
    baseline : float, optional
        Keep counting (no reset of the wait) until the value beats this.
    restore_best_weights : bool, default False
        Restore the best epoch's weights when stopping.
    start_from_epoch : int, default 0
        Epochs to wait before watching.

    Raises
    ------
    ValueError
        If `mode` is unknown.

    Examples
    --------
    >>> tt.random.seed(0)
    >>> model = tt.keras.Sequential([tt.keras.layers.Dense(1, input_shape=(2,))])
    >>> model.compile(tt.keras.optimizers.SGD(0.1), "mse")
    >>> x, y = tt.ones((8, 2)), tt.ones((8, 1))
    >>> stop = tt.keras.callbacks.EarlyStopping(monitor="loss", min_delta=10.0, patience=1)
    >>> history = model.fit(x, y, epochs=10, verbose=0, callbacks=[stop])
    >>> len(history.epoch), stop.stopped_epoch
    (2, 1)
    """

    def __init__(self, monitor="val_loss", min_delta=0.0, patience=0, verbose=0, mode="auto",
                 baseline=None, restore_best_weights=False, start_from_epoch=0):
        super().__init__()
        if mode not in ("auto", "min", "max"):
            raise ValueError("mode must be 'auto', 'min' or 'max', not %r" % (mode,))
        if mode == "auto":
            mode = "max" if ("acc" in monitor or monitor.endswith("auc")) else "min"
        self.monitor, self.min_delta, self.patience, self.verbose = monitor, abs(min_delta), patience, verbose
        self.mode, self.baseline, self.restore_best_weights = mode, baseline, restore_best_weights
        self.start_from_epoch = start_from_epoch

    def _improved(self, value, reference):
        if reference is None:
            return True
        if self.mode == "min":
            return value + self.min_delta < reference
        return value - self.min_delta > reference

    def on_train_begin(self, logs=None):
        self.wait = 0
        self.stopped_epoch = 0
        self.best = None
        self.best_epoch = 0
        self.best_weights = None

    def on_epoch_end(self, epoch, logs=None):
        value = (logs or {}).get(self.monitor)
        if value is None or (isinstance(value, float) and math.isnan(value)) or epoch < self.start_from_epoch:
            return
        if self.restore_best_weights and self.best_weights is None:
            self.best_weights = self.model.get_weights()
        self.wait += 1
        if self._improved(value, self.best):
            self.best, self.best_epoch = value, epoch
            if self.restore_best_weights:
                self.best_weights = self.model.get_weights()
            if self.baseline is None or self._improved(value, self.baseline):
                self.wait = 0
                return
        if self.wait >= self.patience and epoch > 0:
            self.stopped_epoch = epoch
            self.model.stop_training = True
            if self.restore_best_weights and self.best_weights is not None:
                self.model.set_weights(self.best_weights)
            if self.verbose:
                print("Epoch %d: early stopping" % (epoch + 1))


def _monitor_mode(mode, monitor):
    if mode not in ("auto", "min", "max"):
        raise ValueError("mode must be 'auto', 'min' or 'max', not %r" % (mode,))
    if mode == "auto":
        return "max" if ("acc" in monitor or monitor.endswith("auc")) else "min"
    return mode


def _is_number(value):
    return isinstance(value, (int, float)) and not (isinstance(value, float) and math.isnan(value))


class ModelCheckpoint(Callback):
    """Save the model (``model.save``; a ``.keras`` name) or its weights (``save_weights_only``;
    a ``.weights.npz`` name) at the end of each epoch.

    Parameters
    ----------
    filepath : str or os.PathLike
        May hold format fields filled from the epoch (counted from 1, as Keras) and the logs:
        ``"ckpt-{epoch:02d}-{val_loss:.3f}.keras"``.
    monitor : str, default "val_loss"
        The value compared with `save_best_only`.
    verbose : int, default 0
        1 prints a line per save.
    save_best_only : bool, default False
        Write only when `monitor` improved (an epoch without that value is skipped).
    save_weights_only : bool, default False
        Write the weights only (``.npz``).
    mode : {"auto", "min", "max"}, default "auto"
        As `EarlyStopping`.
    initial_value_threshold : float, optional
        The value to beat for the first save with `save_best_only`.

    Raises
    ------
    ValueError
        If the file name's extension does not fit `save_weights_only`, or `mode` is unknown.

    Examples
    --------
    >>> tt.random.seed(0)
    >>> model = tt.keras.Sequential([tt.keras.layers.Dense(1, input_shape=(2,))])
    >>> model.compile(tt.keras.optimizers.SGD(0.1), "mse")
    >>> x, y = tt.ones((8, 2)), tt.ones((8, 1))
    >>> import os, tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     ckpt = tt.keras.callbacks.ModelCheckpoint(os.path.join(folder, "m-{epoch}.keras"), monitor="loss")
    ...     _ = model.fit(x, y, epochs=2, verbose=0, callbacks=[ckpt])
    ...     sorted(os.listdir(folder))
    ['m-1.keras', 'm-2.keras']
    """

    def __init__(self, filepath, monitor="val_loss", verbose=0, save_best_only=False,
                 save_weights_only=False, mode="auto", initial_value_threshold=None):
        super().__init__()
        self.filepath = os.fspath(filepath)
        self.monitor, self.verbose, self.save_best_only = monitor, verbose, save_best_only
        self.save_weights_only = save_weights_only
        self.mode = _monitor_mode(mode, monitor)
        self.best = initial_value_threshold
        if save_weights_only:
            if not self.filepath.endswith(".npz"):
                raise ValueError("with save_weights_only the checkpoint is an .npz file (e.g. "
                                 "'ckpt.weights.npz'), not %r" % (self.filepath,))
        elif not self.filepath.endswith(".keras"):
            raise ValueError("a full-model checkpoint must end in .keras, not %r (or pass "
                             "save_weights_only=True with a .weights.npz name)" % (self.filepath,))

    def _better(self, value):
        if self.best is None:
            return True
        return value < self.best if self.mode == "min" else value > self.best

    def on_epoch_end(self, epoch, logs=None):
        logs = logs or {}
        path = self.filepath.format(epoch=epoch + 1, **logs)
        if self.save_best_only:
            value = logs.get(self.monitor)
            if not _is_number(value) or not self._better(value):
                return
            if self.verbose:
                print("Epoch %d: %s improved from %s to %.5f, saving model to %s"
                      % (epoch + 1, self.monitor, self.best, value, path))
            self.best = value
        elif self.verbose:
            print("Epoch %d: saving model to %s" % (epoch + 1, path))
        if self.save_weights_only:
            self.model.save_weights(path)
        else:
            self.model.save(path)


def _set_lr(model, value):
    model.optimizer.learning_rate = float(value)


def _get_lr(model):
    return float(model.optimizer.learning_rate)


class LearningRateScheduler(Callback):
    """At the start of each epoch set the optimizer's learning rate to ``schedule(epoch, lr)``
    (or ``schedule(epoch)`` for a one-argument function); the epoch's logs get
    ``learning_rate``.

    Parameters
    ----------
    schedule : callable
        ``f(epoch, lr) -> float`` or ``f(epoch) -> float``; epoch counts from 0.
    verbose : int, default 0
        1 prints the rate each epoch.

    Raises
    ------
    ValueError
        From ``fit``, if the schedule returns something else than a finite number.

    Examples
    --------
    >>> tt.random.seed(0)
    >>> model = tt.keras.Sequential([tt.keras.layers.Dense(1, input_shape=(2,))])
    >>> model.compile(tt.keras.optimizers.SGD(0.1), "mse")
    >>> x, y = tt.ones((8, 2)), tt.ones((8, 1))
    >>> cb = tt.keras.callbacks.LearningRateScheduler(lambda epoch, lr: 0.1 / (epoch + 1))
    >>> history = model.fit(x, y, epochs=3, verbose=0, callbacks=[cb])
    >>> [round(v, 4) for v in history.history["learning_rate"]]
    [0.1, 0.05, 0.0333]
    """

    def __init__(self, schedule, verbose=0):
        super().__init__()
        self.schedule, self.verbose = schedule, verbose

    def on_epoch_begin(self, epoch, logs=None):
        lr = _get_lr(self.model)
        try:
            new = self.schedule(epoch, lr)
        except TypeError:
            new = self.schedule(epoch)
        if not isinstance(new, (int, float)) or isinstance(new, bool) or not math.isfinite(new):
            raise ValueError("the schedule must return a finite float learning rate, got %r" % (new,))
        _set_lr(self.model, new)
        if self.verbose:
            print("Epoch %d: LearningRateScheduler setting learning rate to %s." % (epoch + 1, new))

    def on_epoch_end(self, epoch, logs=None):
        if logs is not None:
            logs["learning_rate"] = _get_lr(self.model)


class ReduceLROnPlateau(Callback):
    """Lower the learning rate when `monitor` stops improving (Keras's rule). At each epoch's end::

        if in cooldown: cooldown_counter -= 1; wait = 0
        if value improves on best by more than min_delta: best = value; wait = 0
        elif not in cooldown:
            wait += 1
            if wait >= patience and lr > min_lr:
                lr = max(lr * factor, min_lr); cooldown_counter = cooldown; wait = 0

    The epoch's logs get ``learning_rate``.

    Parameters
    ----------
    monitor : str, default "val_loss"
        The logged value to watch.
    factor : float, default 0.1
        The multiplier, in (0, 1).
    patience : int, default 10
        Epochs without improvement before lowering.
    verbose : int, default 0
        1 prints a line when lowering.
    mode : {"auto", "min", "max"}, default "auto"
        As `EarlyStopping`.
    min_delta : float, default 1e-4
        The smallest change that counts as an improvement.
    cooldown : int, default 0
        Epochs to wait after a reduction before counting again.
    min_lr : float, default 0.0
        The floor.

    Raises
    ------
    ValueError
        If `factor` is not in (0, 1) or `mode` is unknown.

    Examples
    --------
    >>> tt.random.seed(0)
    >>> model = tt.keras.Sequential([tt.keras.layers.Dense(1, input_shape=(2,))])
    >>> model.compile(tt.keras.optimizers.SGD(0.1), "mse")
    >>> x, y = tt.ones((8, 2)), tt.ones((8, 1))
    >>> cb = tt.keras.callbacks.ReduceLROnPlateau(monitor="loss", factor=0.5, patience=1, min_delta=10.0)
    >>> history = model.fit(x, y, epochs=3, verbose=0, callbacks=[cb])
    >>> history.history["learning_rate"], model.optimizer.learning_rate   # logged before the epoch's cut
    ([0.1, 0.1, 0.05], 0.025)
    """

    def __init__(self, monitor="val_loss", factor=0.1, patience=10, verbose=0, mode="auto",
                 min_delta=1e-4, cooldown=0, min_lr=0.0):
        super().__init__()
        if not 0.0 < factor < 1.0:
            raise ValueError("ReduceLROnPlateau needs 0 < factor < 1, got %r" % (factor,))
        self.monitor, self.factor, self.patience, self.verbose = monitor, factor, patience, verbose
        self.mode = _monitor_mode(mode, monitor)
        self.min_delta, self.cooldown, self.min_lr = min_delta, cooldown, min_lr
        self._reset()

    def _reset(self):
        self.best = math.inf if self.mode == "min" else -math.inf
        self.wait = 0
        self.cooldown_counter = 0

    def on_train_begin(self, logs=None):
        self._reset()

    def _improved(self, value):
        if self.mode == "min":
            return value < self.best - self.min_delta
        return value > self.best + self.min_delta

    def on_epoch_end(self, epoch, logs=None):
        logs = logs if logs is not None else {}
        logs["learning_rate"] = _get_lr(self.model)
        value = logs.get(self.monitor)
        if not _is_number(value):
            return
        if self.cooldown_counter > 0:
            self.cooldown_counter -= 1
            self.wait = 0
        if self._improved(value):
            self.best, self.wait = value, 0
        elif self.cooldown_counter == 0:
            self.wait += 1
            if self.wait >= self.patience:
                old = _get_lr(self.model)
                if old > self.min_lr:
                    new = max(old * self.factor, self.min_lr)
                    _set_lr(self.model, new)
                    if self.verbose:
                        print("Epoch %d: ReduceLROnPlateau reducing learning rate to %s." % (epoch + 1, new))
                    self.cooldown_counter = self.cooldown
                    self.wait = 0


class CSVLogger(Callback):
    """Write one CSV row per epoch: ``epoch`` then the logged values in sorted order (as Keras).

    Parameters
    ----------
    filename : str or os.PathLike
        The file (created or truncated when training begins).
    separator : str, default ","
        The field separator.
    append : bool, default False
        Continue an existing file, without writing the header again.

    Examples
    --------
    >>> tt.random.seed(0)
    >>> model = tt.keras.Sequential([tt.keras.layers.Dense(1, input_shape=(2,))])
    >>> model.compile(tt.keras.optimizers.SGD(0.1), "mse")
    >>> x, y = tt.ones((8, 2)), tt.ones((8, 1))
    >>> import os, tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = os.path.join(folder, "log.csv")
    ...     _ = model.fit(x, y, epochs=2, verbose=0, callbacks=[tt.keras.callbacks.CSVLogger(path)])
    ...     print(open(path).read().splitlines()[0], len(open(path).read().splitlines()))
    epoch,loss 3
    """

    def __init__(self, filename, separator=",", append=False):
        super().__init__()
        self.filename, self.sep, self.append = os.fspath(filename), separator, append
        self._file = self._writer = self._keys = None

    def on_train_begin(self, logs=None):
        exists = self.append and os.path.exists(self.filename) and os.path.getsize(self.filename) > 0
        self._file = open(self.filename, "a" if self.append else "w", newline="")
        self._keys = None
        self._header_written = exists

    def on_epoch_end(self, epoch, logs=None):
        logs = logs or {}
        if self._keys is None:
            self._keys = sorted(logs)
            self._writer = csv.DictWriter(self._file, fieldnames=["epoch"] + self._keys, delimiter=self.sep)
            if not self._header_written:
                self._writer.writeheader()
        row = {"epoch": epoch}
        row.update((k, logs.get(k, "NA")) for k in self._keys)
        self._writer.writerow(row)
        self._file.flush()

    def on_train_end(self, logs=None):
        if self._file is not None:
            self._file.close()
            self._file = None


class TerminateOnNaN(Callback):
    """Stop training (``model.stop_training = True``) as soon as a batch's loss is NaN or
    infinite, printing which batch.

    Examples
    --------
    >>> model = tt.keras.Sequential([tt.keras.layers.Dense(1, input_shape=(1,))])
    >>> model.compile("sgd", "mse")
    >>> x = tt.tensor([[1.0], [float("nan")]])
    >>> history = model.fit(x, tt.ones((2, 1)), batch_size=1, epochs=5, verbose=0,
    ...                     shuffle=False, callbacks=[tt.keras.callbacks.TerminateOnNaN()])
    Batch 1: Invalid loss, terminating training
    >>> len(history.epoch)
    1
    """

    def on_train_batch_end(self, batch, logs=None):
        loss = (logs or {}).get("loss")
        if loss is not None and not math.isfinite(loss):
            print("Batch %d: Invalid loss, terminating training" % batch)
            self.model.stop_training = True


class LambdaCallback(Callback):
    r"""A callback made of functions, one per hook.

    Parameters
    ----------
    \*\*hooks : callable
        Any of ``on_epoch_begin(epoch, logs)``, ``on_epoch_end(epoch, logs)``,
        ``on_train_batch_begin(batch, logs)``, ``on_train_batch_end(batch, logs)``,
        ``on_train_begin(logs)``, ``on_train_end(logs)`` (None leaves the hook empty).

    Raises
    ------
    TypeError
        For an unknown hook name.

    Examples
    --------
    >>> tt.random.seed(0)
    >>> model = tt.keras.Sequential([tt.keras.layers.Dense(1, input_shape=(2,))])
    >>> model.compile(tt.keras.optimizers.SGD(0.1), "mse")
    >>> x, y = tt.ones((8, 2)), tt.ones((8, 1))
    >>> cb = tt.keras.callbacks.LambdaCallback(on_epoch_end=lambda epoch, logs: print("epoch", epoch))
    >>> _ = model.fit(x, y, epochs=2, verbose=0, callbacks=[cb])
    epoch 0
    epoch 1
    """

    _HOOKS = ("on_epoch_begin", "on_epoch_end", "on_train_batch_begin", "on_train_batch_end",
              "on_train_begin", "on_train_end")

    def __init__(self, **hooks):
        super().__init__()
        for name, fn in hooks.items():
            if name not in self._HOOKS:
                raise TypeError("LambdaCallback got an unknown hook %r; known: %s" % (name, ", ".join(self._HOOKS)))
            if fn is not None:
                setattr(self, name, fn)
