"""One run at a time per warehouse: a lock file beside it (`hibah.duckdb.lock`).

The lock is an advisory `flock` on that file, so the operating system releases it when the
process holding it ends, however it ends: a killed run never blocks the next one. The file
says who holds the lock (process id, start time), for the refusal to name them. Within one
thread the lock is re-entrant: `hibah run` takes it before Prefect starts (to refuse at
once), and the flow takes it again (scheduled runs have only the flow); two threads, like
two processes, exclude each other.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import json
import os
import socket
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

_HELD = threading.local()  # per thread: the lock files it holds (.paths)


class RunLocked(RuntimeError):
    """Another run holds the warehouse's lock."""


def lock_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".lock")


def holder(path: Path) -> str:
    """Who holds the lock at ``path``, as the holder wrote it."""
    try:
        info = json.loads(path.read_text(encoding="utf-8") or "{}")
    except (OSError, ValueError):
        info = {}
    if not isinstance(info, dict) or "pid" not in info:
        return "holder unknown"
    return f"pid {info['pid']} on {info.get('host', '?')}, started {info.get('started', '?')}"


@contextlib.contextmanager
def run_lock(
    db_path: Path, wait: bool = False, on_wait: Callable[[str], None] | None = None
) -> Iterator[None]:
    """Hold the warehouse's lock for the block. Another run holding it: `RunLocked` naming
    it, or, with ``wait``, block until it is released (``on_wait`` is told whom for)."""
    path = lock_path(Path(db_path))
    key = path.resolve()
    held = _HELD.__dict__.setdefault("paths", set())
    if key in held:  # this thread holds it already
        yield
        return
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            who = holder(path)
            if not wait:
                raise RunLocked(
                    f"{db_path}: another hibah run is writing this warehouse ({who}); "
                    "run again when it is done, or with --wait"
                ) from None
            if on_wait is not None:
                on_wait(who)
            fcntl.flock(fd, fcntl.LOCK_EX)
        started = dt.datetime.now(dt.UTC).astimezone().isoformat(timespec="seconds")
        info = {"pid": os.getpid(), "host": socket.gethostname(), "started": started}
        os.ftruncate(fd, 0)
        os.pwrite(fd, json.dumps(info).encode(), 0)
        held.add(key)
        try:
            yield
        finally:
            held.discard(key)
            os.ftruncate(fd, 0)
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)
