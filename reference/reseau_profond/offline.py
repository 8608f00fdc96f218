"""Offline stand-ins for 002's notebook, run in the listing's own process before it (``ListingCheck``): the
course's MNIST files ``data/d09_train_data.npz`` and ``data/d09_test_data.npz`` are not here, so small
synthetic ones of the same layout are written where In [15] loads them: ``x`` of shape (m, 784) in 0..255 and
``y`` of shape (m, 1) (In [15]'s one-hot ``y == np.arange(10)`` needs the column).  As in MNIST, the border
pixels are 0 in every training image.  This file imports neither the harness nor the catalogue.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

TRAIN, TEST, SIDE, CLASSES = 640, 160, 28, 10


def _images(rng: np.random.Generator, masks: np.ndarray, labels: np.ndarray) -> np.ndarray:
    ink = masks[labels] * rng.integers(120, 256, (labels.size, SIDE * SIDE))
    noise = rng.integers(0, 30, (labels.size, SIDE * SIDE))
    return np.clip(ink + noise * masks.any(axis=0), 0, 255).astype(np.float64)


def install(seed: int) -> None:
    rng = np.random.default_rng(seed)
    frame = np.zeros((SIDE, SIDE), dtype=bool)
    frame[3:-3, 3:-3] = True                      # strokes stay off the border, as in MNIST
    masks = (rng.random((CLASSES, SIDE * SIDE)) < 0.2) & frame.ravel()
    Path("data").mkdir(exist_ok=True)
    for name, m in (("train", TRAIN), ("test", TEST)):
        labels = rng.integers(0, CLASSES, m)
        np.savez(f"data/d09_{name}_data.npz", x=_images(rng, masks, labels), y=labels.reshape(m, 1))
