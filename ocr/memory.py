"""Give the memory a card freed back to the system before the next card.

A 12 MP photo is decoded, copied, straightened and fed to ONNX in buffers of tens of MB. glibc
raises its mmap threshold each time such a buffer is freed, so later ones come from the heap,
which fragments and never shrinks: a worker's resident size ratchets up card after card
(measured: 747-789 MB after eight large photos, against 501-571 MB for any one of them). Fixing
the thresholds keeps big buffers in their own mappings, returned on free, and ``malloc_trim``
after each card gives back the rest. Elsewhere than glibc this does nothing.
"""

from __future__ import annotations

import ctypes
import sys
from collections.abc import Callable


def _glibc() -> ctypes.CDLL | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL("libc.so.6")
    except OSError:  # musl and others: no malloc_trim
        return None
    return libc if hasattr(libc, "malloc_trim") and hasattr(libc, "mallopt") else None


_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3  # glibc's mallopt parameters
# Buffers from 2 MB up (image planes, model tensors) get their own mappings. Measured on the 8
# largest real development photos read in turn by one worker: peak 747 MB with glibc's dynamic
# threshold, 551 MB at 2 MB (8 MB: 608 MB), for ~15% more CPU time (page faults).
_THRESHOLD = 2 * 1024 * 1024

_LIBC = _glibc()
_TRIM: Callable[[int], int] | None = _LIBC.malloc_trim if _LIBC else None
if _LIBC:
    _LIBC.mallopt(_M_TRIM_THRESHOLD, _THRESHOLD)
    _LIBC.mallopt(_M_MMAP_THRESHOLD, _THRESHOLD)


def release_memory() -> None:
    """Hand freed heap pages back to the system (a few milliseconds)."""
    if _TRIM is not None:
        _TRIM(0)
