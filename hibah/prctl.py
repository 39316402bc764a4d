"""Linux process controls (prctl(2)) that serve and the run watcher use; none elsewhere."""

from __future__ import annotations

import ctypes
import sys

PR_SET_PDEATHSIG = 1  # linux/prctl.h: a signal for this process when its parent dies
PR_SET_CHILD_SUBREAPER = 36  # this process adopts its descendants' orphans
PR_CAPBSET_DROP = 24  # drop a capability from the bounding set

# Loaded at import, never in a forked child before exec (loading a library there can
# deadlock).
_LIBC = ctypes.CDLL(None, use_errno=True) if sys.platform.startswith("linux") else None


def prctl(option: int, value: int) -> None:
    """Set a process control; nothing where there are none (not Linux). A refusal raises
    OSError."""
    if _LIBC is not None and _LIBC.prctl(option, value, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), f"prctl({option}, {value}) refused")
