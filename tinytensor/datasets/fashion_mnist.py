"""Fashion-MNIST (Zalando), as ``keras.datasets.fashion_mnist.load_data``: the same layout and
shapes as MNIST (28x28 uint8 images, labels 0-9: T-shirt/top, Trouser, Pullover, Dress, Coat,
Sandal, Shirt, Sneaker, Bag, Ankle boot), found or downloaded by the same code
(:mod:`tinytensor.datasets._fetch`) into ``~/.cache/tinytensor/datasets/fashion_mnist``.

The SHA256 digests below are those published for the original files (two independent public
checksum lists agree on them); they have not been checked against a download from here.
"""
import os

from tinytensor import Tensor

from . import _fetch
from .mnist import FILES, SHAPES, load

NAME = "fashion_mnist"
LABELS = ("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag",
          "Ankle boot")
SHA256 = {
    "train-images-idx3-ubyte.gz": ("08dc20ab1689590a0bcd66e874647b6ee8464e2d501b5a3f1f78831db19a3fdc",),
    "train-labels-idx1-ubyte.gz": ("b0197879cbda89f3dc7b894f9fd52b858e68ea4182b6947c9d8c2b67e5f18dcc",),
    "t10k-images-idx3-ubyte.gz": ("78dcbbfb5a27efaf1b6c1d616caca68560be8766c5bffcb2791df9273a534229",),
    "t10k-labels-idx1-ubyte.gz": ("42bd18137a62d5998cdeae52bf3a0676ac6b706f5cf8439b47bb5b151ae3dccf",),
}
MIRRORS = ("https://storage.googleapis.com/tensorflow/tf-keras-datasets/",
           "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/")


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
    >>> from tinytensor.datasets import fashion_mnist, idx
    >>> folder = tempfile.mkdtemp()
    >>> for key, stem in fashion_mnist.FILES.items():            # four tiny stand-in files
    ...     shape = (3, 2, 2) if key.startswith("x") else (3,)
    ...     idx.write_idx(os.path.join(folder, stem + ".gz"), tt.zeros(shape, dtype=tt.uint8))
    >>> sorted(os.path.basename(p) for p in fashion_mnist.find_files(folder).values())
    ['t10k-images-idx3-ubyte.gz', 't10k-labels-idx1-ubyte.gz', 'train-images-idx3-ubyte.gz', 'train-labels-idx1-ubyte.gz']
    >>> import shutil; shutil.rmtree(folder)
    """
    return _fetch.find(NAME, FILES, SHA256, MIRRORS, path=path, download=download)


def load_data(path: str | os.PathLike[str] | None = None) -> tuple[tuple[Tensor, Tensor], tuple[Tensor, Tensor]]:
    """The Fashion-MNIST data set, as Keras's ``load_data``: ``(x_train, y_train), (x_test, y_test)``,
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
    >>> from tinytensor.datasets import fashion_mnist, idx
    >>> folder = tempfile.mkdtemp()
    >>> for key, stem in fashion_mnist.FILES.items():            # four tiny stand-in files
    ...     shape = (3, 2, 2) if key.startswith("x") else (3,)
    ...     idx.write_idx(os.path.join(folder, stem + ".gz"), tt.zeros(shape, dtype=tt.uint8))
    >>> fashion_mnist.load_data(path=folder)
    Traceback (most recent call last):
    ...
    ValueError: ...train-images-idx3-ubyte.gz: expected shape (60000, 28, 28) for x_train, got (3, 2, 2)
    >>> shutil.rmtree(folder)
    """
    return load(find_files(path), SHAPES, NAME)
