"""Finding a data set's files, and downloading them once into a per-user cache.

``find(name, files, path=None)`` returns ``{file: path}`` from the first place holding every file:

1. the ``path`` argument, if given;
2. ``$TINYTENSOR_DATA`` (the directory itself, or its ``<name>/`` subdirectory);
3. the cache: ``$XDG_CACHE_HOME/tinytensor/datasets/<name>`` (``~/.cache/...`` when
   XDG_CACHE_HOME is unset);
4. a tinytensor checkout's ``data/<name>``: beside the package when it is imported from a
   checkout (an editable install), and under the current directory;
5. otherwise the files are downloaded from the data set's public mirrors, tried in turn (a
   progress line on stderr), checked against their SHA256, and moved into the cache
   atomically (a temporary file in the cache directory, then ``os.replace``): an interrupted or
   corrupt download never leaves a file there.

``TINYTENSOR_DATA_MIRRORS`` (space-separated base URLs) replaces the built-in mirrors (tests
point it at a local server). When nothing works, :class:`DataNotFoundError` (a
FileNotFoundError) says where to put the files; a checksum mismatch on every mirror raises
:class:`ChecksumError` (a ValueError).
"""
import hashlib
import os
import shutil
import sys
import tempfile
import time
import urllib.error
import urllib.request

CHUNK = 1 << 16


class DataNotFoundError(FileNotFoundError):
    pass


class ChecksumError(ValueError):
    pass


def cache_dir(name):
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "tinytensor", "datasets", name)


def checkout_dirs(name):
    """``data/<name>`` of a tinytensor checkout: beside the imported package, and under the
    current directory."""
    package_parent = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    return [os.path.join(package_parent, "data", name), os.path.join(os.getcwd(), "data", name)]


def candidate_dirs(name, path=None):
    dirs = []
    if path is not None:
        dirs.append(os.fspath(path))
    env = os.environ.get("TINYTENSOR_DATA")
    if env:
        dirs += [env, os.path.join(env, name)]
    dirs.append(cache_dir(name))
    dirs += checkout_dirs(name)
    return dirs


def _find_in(directory, stem):
    for fname in (stem + ".gz", stem, stem.replace("-idx", ".idx")):
        p = os.path.join(directory, fname)
        if os.path.isfile(p):
            return p
    return None


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(CHUNK), b""):
            h.update(chunk)
    return h.hexdigest()


class _Bar:
    """Bytes downloaded, in place on a terminal; one line per file otherwise."""

    def __init__(self, label, total, file=None):
        self.label, self.total, self.file = label, total, file or sys.stderr
        self.live = bool(getattr(self.file, "isatty", lambda: False)())
        self.last = 0.0
        self.width = shutil.get_terminal_size((80, 24)).columns - 1

    def text(self, done):
        mb = "%.1f/%s MB" % (done / 1e6, "%.1f" % (self.total / 1e6) if self.total else "?")
        pct = "%3d%% " % (100 * done // self.total) if self.total else ""
        return ("%s %s%s" % (self.label, pct, mb))[:self.width]

    def update(self, done):
        now = time.monotonic()
        if self.live and now - self.last > 0.1:
            self.last = now
            self.file.write("\r" + self.text(done))
            self.file.flush()

    def close(self, done):
        self.file.write(("\r" if self.live else "") + self.text(done) + "\n")
        self.file.flush()


def _download(url, directory, fname, expected, timeout):
    """Download ``url`` into ``directory/fname`` if its SHA256 is in ``expected``; atomic."""
    fd, tmp = tempfile.mkstemp(prefix=".download-", dir=directory)
    try:
        h = hashlib.sha256()
        with os.fdopen(fd, "wb") as out, urllib.request.urlopen(url, timeout=timeout) as response:
            total = int(response.headers.get("Content-Length") or 0)
            bar = _Bar("Downloading %s" % url, total)
            done = 0
            while True:
                chunk = response.read(CHUNK)
                if not chunk:
                    break
                out.write(chunk)
                h.update(chunk)
                done += len(chunk)
                bar.update(done)
            bar.close(done)
        digest = h.hexdigest()
        if digest not in expected:
            raise ChecksumError("%s: SHA256 mismatch (got %s, expected %s)" % (url, digest, " or ".join(expected)))
        target = os.path.join(directory, fname)
        os.replace(tmp, target)
        tmp = None
        return target
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass


def mirrors(default):
    env = os.environ.get("TINYTENSOR_DATA_MIRRORS")
    return env.split() if env else list(default)


def find(name, stems, checksums, default_mirrors, path=None, download=True, timeout=30):
    """``{key: path}`` for ``stems`` ({key: file stem}); see the module docstring."""
    dirs = candidate_dirs(name, path)
    for d in dirs:
        found = {k: _find_in(d, stem) for k, stem in stems.items()}
        if all(found.values()):
            return found
    where = cache_dir(name)
    files = ", ".join(s + ".gz" for s in stems.values())
    how = ("put %s (gzip or uncompressed) in %s, or in a directory named by TINYTENSOR_DATA, or pass "
           "load_data(path=...)" % (files, where))
    if not download or path is not None:
        raise DataNotFoundError("%s files not found (looked in: %s); %s" % (name, ", ".join(dirs), how))
    os.makedirs(where, exist_ok=True)
    found, failures, bad_checksum = {}, [], False
    for key, stem in stems.items():
        existing = _find_in(where, stem)
        if existing:
            found[key] = existing
            continue
        fname = stem + ".gz"
        for base in mirrors(default_mirrors):
            url = base.rstrip("/") + "/" + fname
            try:
                found[key] = _download(url, where, fname, checksums[fname], timeout)
                break
            except ChecksumError as e:
                failures.append(str(e))
                bad_checksum = True
            except (urllib.error.URLError, OSError, ValueError) as e:
                failures.append("%s: %s" % (url, getattr(e, "reason", e)))
        else:
            err = ChecksumError if bad_checksum else DataNotFoundError
            raise err("could not download %s (%s); %s" % (fname, "; ".join(failures), how))
    return found
