"""Seeds derived from names: every claim, form, region and case draws from its own stream.

A seed is a hash of its parts (``derive_seed(run_seed, claim_id, "printed", "domain")``),
so that results do not depend on the order in which claims run, on how many
processes share them, or on which other claims are selected.
"""

from __future__ import annotations

import zlib
from typing import Any

import numpy as np

__all__ = ["derive_seed", "random_upstream"]


def derive_seed(*parts: Any) -> int:
    """A 31-bit seed from the text of ``parts`` (crc32: stable across processes and Python versions)."""
    return zlib.crc32("|".join(str(p) for p in parts).encode()) & 0x7FFFFFFF


def random_upstream(rng: np.random.Generator, shape: tuple[int, ...]) -> np.ndarray:
    """Entries of magnitude in [0.5, 2] with random signs: never zero, so that no error hides behind one."""
    return rng.choice([-1.0, 1.0], size=shape) * rng.uniform(0.5, 2.0, size=shape)
