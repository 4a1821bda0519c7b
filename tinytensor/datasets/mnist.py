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
    """The paths of the four IDX files, ``{"x_train": path, "y_train": ..., "x_test": ...,
    "y_test": ...}``: found in `path`, ``$TINYTENSOR_DATA``, the per-user cache or a checkout's
    ``data/`` folder, else downloaded once into the cache (checksums verified).

    Parameters
    ----------
    path : str or os.PathLike, optional
        A directory holding the files (gzip or raw); nothing is downloaded when it is given.
    download : bool, default True
        Download what is missing.

    Returns
    -------
    dict of str to str

    Raises
    ------
    FileNotFoundError
        (``DataNotFoundError``) If the files are not found and cannot (or may not) be
        downloaded.
    ValueError
        (``ChecksumError``) If a download does not match its checksum.

    Examples
    --------
    >>> import os, tempfile
    >>> from tinytensor.datasets import mnist, idx
    >>> folder = tempfile.mkdtemp()
    >>> for key, stem in mnist.FILES.items():            # four tiny stand-in files
    ...     shape = (3, 2, 2) if key.startswith("x") else (3,)
    ...     idx.write_idx(os.path.join(folder, stem + ".gz"), tt.zeros(shape, dtype=tt.uint8))
    >>> sorted(os.path.basename(p) for p in mnist.find_files(folder).values())
    ['t10k-images-idx3-ubyte.gz', 't10k-labels-idx1-ubyte.gz', 'train-images-idx3-ubyte.gz', 'train-labels-idx1-ubyte.gz']
    >>> import shutil; shutil.rmtree(folder)
    """
    return _fetch.find(NAME, FILES, SHA256, MIRRORS, path=path, download=download)


def load(files: dict[str, str], shapes: dict[str, tuple[int, ...]],
         where: str) -> tuple[tuple[Tensor, Tensor], tuple[Tensor, Tensor]]:
    """Read the four IDX files and check their shapes: the common part of the ``load_data``
    functions.

    Parameters
    ----------
    files : dict of str to path
        ``{"x_train", "y_train", "x_test", "y_test"}`` -> IDX file (gzip or raw).
    shapes : dict of str to tuple
        The expected shape of each.
    where : str
        The data set's name (unused in the result).

    Returns
    -------
    ((Tensor, Tensor), (Tensor, Tensor))
        ``(x_train, y_train), (x_test, y_test)``.

    Raises
    ------
    ValueError
        If a file is not valid IDX or has another shape.

    Examples
    --------
    >>> import os, tempfile
    >>> from tinytensor.datasets import mnist, idx
    >>> folder = tempfile.mkdtemp()
    >>> for key, stem in mnist.FILES.items():            # four tiny stand-in files
    ...     shape = (3, 2, 2) if key.startswith("x") else (3,)
    ...     idx.write_idx(os.path.join(folder, stem + ".gz"), tt.zeros(shape, dtype=tt.uint8))
    >>> shapes = {"x_train": (3, 2, 2), "y_train": (3,), "x_test": (3, 2, 2), "y_test": (3,)}
    >>> (x, y), _ = mnist.load(mnist.find_files(folder), shapes, "mnist")
    >>> x.shape, y.dtype
    ((3, 2, 2), dtype('uint8'))
    >>> import shutil; shutil.rmtree(folder)
    """
    out: dict[str, Tensor] = {}
    for key, p in files.items():
        t = read_idx(p)
        if tuple(t.shape) != shapes[key]:
            raise ValueError("%s: expected shape %s for %s, got %s" % (p, shapes[key], key, tuple(t.shape)))
        out[key] = t
    return (out["x_train"], out["y_train"]), (out["x_test"], out["y_test"])


def load_data(path: str | os.PathLike[str] | None = None) -> tuple[tuple[Tensor, Tensor], tuple[Tensor, Tensor]]:
    """The MNIST data set, as Keras's ``load_data``: ``(x_train, y_train), (x_test, y_test)``,
    uint8 tensors of shapes (60000, 28, 28), (60000,), (10000, 28, 28), (10000,).

    Parameters
    ----------
    path : str or os.PathLike, optional
        A directory holding the four files; by default they are found or downloaded as
        `find_files` does.

    Returns
    -------
    ((Tensor, Tensor), (Tensor, Tensor))

    Raises
    ------
    FileNotFoundError
        (``DataNotFoundError``) If the files are not found and cannot be downloaded.
    ValueError
        If a file is not valid IDX (``IDXError``) or has another shape than expected.

    Examples
    --------
    >>> import os, shutil, tempfile
    >>> from tinytensor.datasets import mnist, idx
    >>> folder = tempfile.mkdtemp()
    >>> for key, stem in mnist.FILES.items():            # four tiny stand-in files
    ...     shape = (3, 2, 2) if key.startswith("x") else (3,)
    ...     idx.write_idx(os.path.join(folder, stem + ".gz"), tt.zeros(shape, dtype=tt.uint8))
    >>> mnist.load_data(path=folder)
    Traceback (most recent call last):
    ...
    ValueError: ...train-images-idx3-ubyte.gz: expected shape (60000, 28, 28) for x_train, got (3, 2, 2)
    >>> shutil.rmtree(folder)
    >>> (x_train, y_train), (x_test, y_test) = mnist.load_data()   # the checkout's data/mnist
    >>> x_train.shape, x_train.dtype, y_train[:5].tolist(), x_test.shape
    ((60000, 28, 28), dtype('uint8'), [5, 0, 4, 1, 9], (10000, 28, 28))
    """
    return load(find_files(path), SHAPES, NAME)
