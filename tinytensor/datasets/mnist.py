"""MNIST, as ``keras.datasets.mnist.load_data``: ``(x_train, y_train), (x_test, y_test)`` as uint8
Tensors shaped (60000, 28, 28), (60000,), (10000, 28, 28), (10000,).

The four IDX files (gzip or raw) are looked for, in order, in: the ``path`` argument, the directory
in ``$TINYTENSOR_DATA`` (or its ``mnist/`` sub-directory), the repository's ``data/mnist`` (beside
the tinytensor package), and ``data/mnist`` under the current directory.
"""
import os

from .idx import read_idx

FILES = {"x_train": "train-images-idx3-ubyte", "y_train": "train-labels-idx1-ubyte",
         "x_test": "t10k-images-idx3-ubyte", "y_test": "t10k-labels-idx1-ubyte"}
SHAPES = {"x_train": (60000, 28, 28), "y_train": (60000,), "x_test": (10000, 28, 28), "y_test": (10000,)}

HOW_TO_GET = (
    "MNIST files not found (looked in: {dirs}). Put train-images-idx3-ubyte.gz, "
    "train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz and t10k-labels-idx1-ubyte.gz (gzip or "
    "uncompressed) in one directory and pass it as load_data(path=...) or set TINYTENSOR_DATA to it. "
    "The tinytensor repository ships them in data/mnist; the originals are at "
    "http://yann.lecun.com/exdb/mnist/ (mirror: https://ossci-datasets.s3.amazonaws.com/mnist/).")


def candidate_dirs(path=None):
    dirs = []
    if path is not None:
        dirs.append(os.fspath(path))
    env = os.environ.get("TINYTENSOR_DATA")
    if env:
        dirs += [env, os.path.join(env, "mnist")]
    package_parent = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    dirs.append(os.path.join(package_parent, "data", "mnist"))
    dirs.append(os.path.join(os.getcwd(), "data", "mnist"))
    return dirs


def _find(directory, stem):
    for name in (stem + ".gz", stem, stem.replace("-idx", ".idx")):
        p = os.path.join(directory, name)
        if os.path.isfile(p):
            return p
    return None


def find_files(path=None):
    """``{key: file path}`` from the first directory holding all four files."""
    dirs = candidate_dirs(path)
    for d in dirs:
        found = {k: _find(d, stem) for k, stem in FILES.items()}
        if all(found.values()):
            return found
    raise FileNotFoundError(HOW_TO_GET.format(dirs=", ".join(dirs)))


def load_data(path=None):
    files = find_files(path)
    out = {}
    for key, p in files.items():
        t = read_idx(p)
        if tuple(t.shape) != SHAPES[key]:
            raise ValueError("%s: expected shape %s for %s, got %s" % (p, SHAPES[key], key, tuple(t.shape)))
        out[key] = t
    return (out["x_train"], out["y_train"]), (out["x_test"], out["y_test"])
