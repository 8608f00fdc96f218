"""Where the torch judges run: the CPU (the default) or a CUDA device.

The autograd and numeric judges of ``VJPCheck`` evaluate the torch reference on
the device chosen here; printed forms are numpy code and always run on the CPU,
their results are moved to the judges' device for the comparison.  The choice
is process-wide, set by the CLI around a run (``using``), so claims stay
device-agnostic.

Note [device and determinism]: the CPU is the default because a CPU run is
byte-identical from one run to the next and with ``--jobs``; GPU kernels may sum
in another order, so a GPU run can differ in the last digits of the recorded
errors (never in a verdict, which the tolerance policy keeps off rounding).
"""

from __future__ import annotations

import contextlib
from typing import Iterator

import torch

from oracle.errors import DeviceUnavailable

__all__ = ["DeviceUnavailable", "current", "describe", "resolve", "using"]

_current = torch.device("cpu")


def resolve(spec: str) -> torch.device:
    """``cpu``, ``cuda``, ``cuda:N`` or ``auto`` (CUDA when present, else the CPU) as a usable device.

    Raises:
        DeviceUnavailable: an unknown name, or CUDA asked for where there is none.
    """
    text = spec.strip().lower()
    if text == "auto":
        return torch.device("cuda") if torch.cuda.is_available() else torch.device("cpu")
    try:
        device = torch.device(text)
    except (RuntimeError, ValueError):
        raise DeviceUnavailable(f"unknown device {spec!r}: use cpu, cuda, cuda:N or auto") from None
    if device.type == "cpu":
        return device
    if device.type != "cuda":
        raise DeviceUnavailable(f"device {spec!r} is not supported: use cpu, cuda, cuda:N or auto")
    if not torch.cuda.is_available():
        built = "without CUDA" if torch.version.cuda is None else f"with CUDA {torch.version.cuda}"
        raise DeviceUnavailable(f"device {spec!r}: no CUDA device is available (torch {torch.__version__} was built "
                                f"{built}); use --device cpu, or --device auto to fall back to the CPU")
    if device.index is not None and device.index >= torch.cuda.device_count():
        raise DeviceUnavailable(f"device {spec!r}: only {torch.cuda.device_count()} CUDA device(s) here")
    return device


def describe(device: torch.device) -> str:
    """``cpu``, or ``cuda:0 (NVIDIA H100 80GB HBM3)``: what the provenance records."""
    if device.type != "cuda":
        return device.type
    index = device.index if device.index is not None else torch.cuda.current_device()
    return f"cuda:{index} ({torch.cuda.get_device_name(index)})"


def current() -> torch.device:
    """The device the torch judges run on."""
    return _current


@contextlib.contextmanager
def using(device: torch.device) -> Iterator[torch.device]:
    """Run the torch judges on ``device`` inside the block."""
    global _current
    previous, _current = _current, device
    try:
        yield device
    finally:
        _current = previous
