"""How a run speaks: its Prefect settings, its log file beside the warehouse, and the one
line that says it failed."""

from __future__ import annotations

import logging
import os
import sys
import warnings
from pathlib import Path


def failed(exc: Exception, details: str) -> int:
    """Say in one line that the run failed, and why; exit 1. Warnings are silenced from then
    on: what the run's half-done tasks warn of as the process ends (a coroutine never
    awaited) would otherwise print after the line and bury it."""
    first = str(exc).strip().split("\n", 1)[0]  # DuckDB's messages run over lines
    if not first and isinstance(exc, MemoryError):
        first = "out of memory"
    sys.stderr.write(f"hibah: run failed: {type(exc).__name__}: {first} ({details})\n")
    sys.stderr.flush()
    warnings.simplefilter("ignore")
    return 1


class _NoFailureOnConsole(logging.Filter):
    """Keeps errors and tracebacks off the terminal: the run's failure is said there in one
    line, and written whole to the log beside the warehouse."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno < logging.ERROR and not record.exc_info


class _RunLog(logging.FileHandler):
    """The run's log file beside the warehouse."""


def log_beside(db: Path) -> str:
    """Start the run's log, `hibah.duckdb.log` beside the warehouse: warnings, errors and
    their tracebacks (and progress, with -v). The terminal keeps progress and warnings.
    Where the details of a failure are, for its one line."""
    path = db.with_name(db.name + ".log")
    root = logging.getLogger()
    for old in [h for h in root.handlers if isinstance(h, _RunLog)]:
        root.removeHandler(old)  # an earlier run of this process
        old.close()
    try:
        handler: logging.FileHandler = _RunLog(path, mode="w", encoding="utf-8")
    except OSError as exc:  # the run says what it cannot write when it tries the folder
        return f"no log: {exc.strerror}: {path}"
    handler.setLevel(logging.INFO)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s - %(message)s"))
    root.addHandler(handler)
    # A handler that fails to write (out of memory, disk full) would print a traceback of
    # its own to the terminal: the run's failure is said once, by the run.
    logging.raiseExceptions = False
    consoles = [
        h
        for h in root.handlers
        if isinstance(h, logging.StreamHandler)
        and not isinstance(h, _RunLog)
        and not any(isinstance(f, _NoFailureOnConsole) for f in h.filters)
    ]
    for console in consoles:
        console.addFilter(_NoFailureOnConsole())
    return f"details: {path}"


def prefect_settings(*, verbose: bool) -> None:
    """No telemetry; progress lines (each stage and file) when verbose, else only warnings;
    and time for the temporary server's first start, which creates its database (over
    20 s, Prefect's default wait)."""
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("DO_NOT_TRACK", "1")
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")
    if not verbose:
        os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
