"""Datasets: the IDX reader, MNIST and Fashion-MNIST (found locally or downloaded once into
``~/.cache/tinytensor/datasets``; see ``tinytensor.datasets._fetch``)."""
from . import idx, mnist, fashion_mnist

__all__ = ["idx", "mnist", "fashion_mnist"]
