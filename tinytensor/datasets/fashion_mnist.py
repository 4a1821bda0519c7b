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
    return _fetch.find(NAME, FILES, SHA256, MIRRORS, path=path, download=download)


def load_data(path: str | os.PathLike[str] | None = None) -> tuple[tuple[Tensor, Tensor], tuple[Tensor, Tensor]]:
    """``(x_train, y_train), (x_test, y_test)``; ``path``: a directory holding the four files."""
    return load(find_files(path), SHAPES, NAME)
