"""Offline stand-ins for 000's listing, run in the listing's own process before it (``ListingCheck``): MNIST
cannot be downloaded here, so ``fetch_openml`` (the loader's current replacement) returns synthetic MNIST of
the same layout: 60 000 training rows (the listing's own split) and 100 test rows of 784 pixels in 0..255,
labels as strings (as fetch_openml gives them).  ``fetch_mldata`` is not provided: the printed listing
meets scikit-learn as it is.  This file imports neither the harness nor the catalogue.
"""

from __future__ import annotations

import numpy as np

TRAIN, TEST, PIXELS, CLASSES = 60_000, 100, 784, 10


def synthetic_mnist(seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Ten random stroke masks (one per digit), each image its digit's mask in ink plus pixel noise."""
    rng = np.random.default_rng(seed)
    masks = rng.random((CLASSES, PIXELS)) < 0.15
    labels = rng.integers(0, CLASSES, TRAIN + TEST)
    images = (masks[labels] * 200 + rng.integers(0, 40, (TRAIN + TEST, PIXELS))).astype(np.uint8)
    return images, labels


def install(seed: int) -> None:
    import sklearn.datasets
    from sklearn.utils import Bunch

    def fetch_openml(name=None, *, version="active", as_frame="auto", data_home=None, **kwargs):
        if name != "mnist_784":
            raise OSError(f"offline: only mnist_784 has a stand-in here, not {name!r}")
        images, labels = synthetic_mnist(seed)
        return Bunch(data=images, target=labels.astype(str).astype(object))

    sklearn.datasets.fetch_openml = fetch_openml
