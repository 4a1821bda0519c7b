"""MNIST, as ``keras.datasets.mnist.load_data``: ``(x_train, y_train), (x_test, y_test)`` as uint8
Tensors shaped (60000, 28, 28), (60000,), (10000, 28, 28), (10000,).

The four IDX files (gzip or raw) are found, or downloaded once into the per-user cache, as
:mod:`tinytensor.datasets._fetch` describes: ``path``, ``$TINYTENSOR_DATA``,
``~/.cache/tinytensor/datasets/mnist`` (XDG_CACHE_HOME respected), a checkout's ``data/mnist``,
then the public mirrors. So ``load_data()`` works from any directory after ``pip install .``.

Checksums: the SHA256 of the repository's ``data/mnist`` files (its SHA256SUMS; a test checks
they agree), and of the original files the mirrors serve (compressed differently: same IDX
bytes, other gzip bytes; from public checksum lists, not verified by a download here).
"""
import os

from tinytensor import Tensor

from . import _fetch
from .idx import read_idx

NAME = "mnist"
FILES = {"x_train": "train-images-idx3-ubyte", "y_train": "train-labels-idx1-ubyte",
         "x_test": "t10k-images-idx3-ubyte", "y_test": "t10k-labels-idx1-ubyte"}
SHAPES = {"x_train": (60000, 28, 28), "y_train": (60000,), "x_test": (10000, 28, 28), "y_test": (10000,)}

#: file -> accepted SHA256 digests: (the repository's data/mnist file, the mirrors' original)
SHA256 = {
    "train-images-idx3-ubyte.gz": ("0b367032e93c5d0cea0925647cfdb18614af8ee15f83e6f2fc2ad904a6835971",
                                   "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609"),
    "train-labels-idx1-ubyte.gz": ("1787548bbe0bff1ec2ecdc0ef292b02df999e2d1a6002d27500982c652b17203",
                                   "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c"),
    "t10k-images-idx3-ubyte.gz": ("1a1a05eab793c14bb050b398624a11b0ffd1a2953baed553b1b9bd079e2a20be",
                                  "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6"),
    "t10k-labels-idx1-ubyte.gz": ("b91679a0acfe4ba0e50a2437a903084cba1f5f92592b016a25a7dfd00455798b",
                                  "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6"),
}

MIRRORS = ("https://ossci-datasets.s3.amazonaws.com/mnist/",
           "https://storage.googleapis.com/cvdf-datasets/mnist/",
           "http://yann.lecun.com/exdb/mnist/")


def find_files(path: str | os.PathLike[str] | None = None, download: bool = True) -> dict[str, str]:
    """``{key: file path}``, downloading into the cache when needed (see the module docstring)."""
    return _fetch.find(NAME, FILES, SHA256, MIRRORS, path=path, download=download)


def load(files: dict[str, str], shapes: dict[str, tuple[int, ...]],
         where: str) -> tuple[tuple[Tensor, Tensor], tuple[Tensor, Tensor]]:
    out: dict[str, Tensor] = {}
    for key, p in files.items():
        t = read_idx(p)
        if tuple(t.shape) != shapes[key]:
            raise ValueError("%s: expected shape %s for %s, got %s" % (p, shapes[key], key, tuple(t.shape)))
        out[key] = t
    return (out["x_train"], out["y_train"]), (out["x_test"], out["y_test"])


def load_data(path: str | os.PathLike[str] | None = None) -> tuple[tuple[Tensor, Tensor], tuple[Tensor, Tensor]]:
    """``(x_train, y_train), (x_test, y_test)``; ``path``: a directory holding the four files."""
    return load(find_files(path), SHAPES, NAME)
