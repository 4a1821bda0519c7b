"""Datasets: the IDX reader and MNIST."""
from . import idx, mnist

__all__ = ["idx", "mnist"]
