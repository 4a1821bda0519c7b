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
    return " - ".join("%s: %.4f" % (k, v) for k, v in logs.items())


class Progress:
    def __init__(self, total, verbose=1, file=None, width=None):
        """``total`` steps (None when unknown); ``width`` overrides the terminal's columns."""
        self.total, self.verbose, self.file = total, verbose, file or sys.stdout
        self.start = self.last = time.monotonic()
        self.seen = 0
        isatty = getattr(self.file, "isatty", None)
        self.live = verbose == 1 and bool(isatty and isatty())
        self.width = width
        self._shown = 0

    def columns(self):
        if self.width is not None:
            return self.width
        return shutil.get_terminal_size((80, 24)).columns

    def update(self, n, logs):
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
        if self.verbose == 0:
            return
        self._write(self.line(logs, done=True), end="\n")
