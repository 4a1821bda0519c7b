"""The Keras-like progress line of ``fit`` / ``evaluate``.

``469/469 [==============================] - 2s 4ms/step - loss: 0.2541 - accuracy: 0.9268``

- On a terminal (``file.isatty()``) with ``verbose=1`` the line is rewritten in place (carriage
  return, at most every 0.1 s) and never wider than the terminal (``shutil.get_terminal_size``,
  80 columns when unknown) minus one column: the bar shrinks first, then the logs are cut, so
  the line never wraps.
- Not a terminal (a pipe, a log file) or ``verbose=2``: one finished line per epoch, as Keras
  prints; nothing during the epoch, and the line is not cut (no metric is lost from a log).
- ``verbose=0``: nothing.
"""
import shutil
import sys
import time

BAR_WIDTH = 30
MIN_BAR = 10


def format_logs(logs):
    """The logs as ``"name: value - name: value"``, 4 decimals.

    Parameters
    ----------
    logs : dict of str to float

    Returns
    -------
    str

    Examples
    --------
    >>> from tinytensor.keras.progress import format_logs
    >>> format_logs({"loss": 0.25, "accuracy": 0.9})
    'loss: 0.2500 - accuracy: 0.9000'
    """
    return " - ".join("%s: %.4f" % (k, v) for k, v in logs.items())


class Progress:
    r"""The progress line of ``fit`` / ``evaluate``:
    ``count [=====>....] - time - logs``, rewritten in place on a terminal with ``verbose=1``,
    one finished line otherwise (see the module docstring).

    Parameters
    ----------
    total : int or None
        Steps in the epoch (None when unknown).
    verbose : {0, 1, 2}, default 1
        0 silent, 1 live bar on a terminal, 2 one line per epoch.
    file : file-like, optional
        Where to write; ``sys.stdout`` by default.
    width : int, optional
        Overrides the terminal's columns (and cuts the line to it).

    Examples
    --------
    >>> import io
    >>> from tinytensor.keras.progress import Progress
    >>> out = io.StringIO()
    >>> bar = Progress(4, verbose=2, file=out)
    >>> bar.update(4, {})
    >>> bar.close({"loss": 0.5})
    >>> out.getvalue()
    '4/4 [==============================] - ...s ...ms/step - loss: 0.5000\n'
    """

    def __init__(self, total, verbose=1, file=None, width=None):
        self.total, self.verbose, self.file = total, verbose, file or sys.stdout
        self.start = self.last = time.monotonic()
        self.seen = 0
        isatty = getattr(self.file, "isatty", None)
        self.live = verbose == 1 and bool(isatty and isatty())
        self.width = width
        self._shown = 0

    def columns(self):
        """The width available: `width` if given, else the terminal's columns (80 when unknown).

        Returns
        -------
        int

        Examples
        --------
        >>> from tinytensor.keras.progress import Progress
        >>> Progress(10, width=40).columns()
        40
        """
        if self.width is not None:
            return self.width
        return shutil.get_terminal_size((80, 24)).columns

    def update(self, n, logs):
        """Count `n` more steps done; on a live terminal redraw the line (at most every 0.1 s).

        Parameters
        ----------
        n : int
            Steps done since the last call.
        logs : dict
            The running values to show.

        Examples
        --------
        >>> from tinytensor.keras.progress import Progress
        >>> bar = Progress(10, verbose=0)
        >>> bar.update(3, {"loss": 1.0}); bar.seen
        3
        """
        self.seen += n
        if not self.live:
            return
        now = time.monotonic()
        if now - self.last < 0.1 and (self.total is None or self.seen < self.total):
            return
        self.last = now
        self._write(self.line(logs, done=False), end="")

    def _write(self, text, end):
        pad = " " * max(0, self._shown - len(text)) if self.live else ""
        self.file.write(("\r" if self.live else "") + text + pad + end)
        self.file.flush()
        self._shown = 0 if end else len(text)

    def line(self, logs, done):
        # a terminal's line must fit (minus one column: writing the last one wraps on some
        """The text of the progress line (cut to the width on a terminal: the bar shrinks first,
        then the logs are cut with "...").

        Parameters
        ----------
        logs : dict
            The values to show.
        done : bool
            The finished form (total time and time per step) rather than the ETA.

        Returns
        -------
        str

        Examples
        --------
        >>> from tinytensor.keras.progress import Progress
        >>> bar = Progress(10, verbose=0, width=60)
        >>> bar.update(5, {})
        >>> bar.line({"loss": 0.5}, done=False)
        ' 5/10 [===...>...] - ETA: ...s - loss: 0.5000'
        >>> bar.width = 34                       # too narrow for a bar
        >>> bar.line({"loss": 0.5}, done=False)
        ' 5/10 - ETA: ...s - loss: 0.5000'
        """
        # terminals); a log file gets the whole line
        cols = max(20, self.columns()) - 1 if (self.live or self.width is not None) else 1 << 30
        elapsed = time.monotonic() - self.start
        if done:
            per = elapsed / max(self.seen, 1)
            timing = "%ds %dms/step" % (round(elapsed), round(per * 1000))
        elif self.total:
            timing = "ETA: %ds" % round(elapsed / max(self.seen, 1) * (self.total - self.seen))
        else:
            timing = "%ds" % round(elapsed)
        if self.total:
            count = "%*d/%d" % (len(str(self.total)), self.seen, self.total)
        else:
            count = "%d" % self.seen
        text_logs = format_logs(logs) if logs else ""
        head = count + " "
        tail = " - " + timing + (" - " + text_logs if text_logs else "")
        room = cols - len(head) - len(tail) - 2          # 2 for the brackets
        bar_width = min(BAR_WIDTH, room)
        if self.total and bar_width >= MIN_BAR:
            frac = min(self.seen / self.total, 1.0)
            filled = int(bar_width * frac)
            bar = "=" * filled + (">" if filled < bar_width else "") + "." * max(0, bar_width - filled - 1)
            text = head + "[" + bar + "]" + tail
        else:
            text = count + tail
        return text if len(text) <= cols else text[:cols - 3] + "..."

    def close(self, logs):
        r"""Write the finished line with the epoch's logs (nothing with ``verbose=0``).

        Parameters
        ----------
        logs : dict
            The epoch's values.

        Examples
        --------
        >>> import io
        >>> from tinytensor.keras.progress import Progress
        >>> out = io.StringIO()
        >>> Progress(None, verbose=2, file=out).close({})
        >>> out.getvalue()
        '0 - ...s ...ms/step\n'
        """
        if self.verbose == 0:
            return
        self._write(self.line(logs, done=True), end="\n")
