"""`hibah run` from the command line runs the flow in a child process and watches it.

A run can end in ways its own code never sees: the kernel's out-of-memory killer, an
address-space limit that makes a C library abort ("cannot allocate memory for thread-local
data"), a signal, a MemoryError raised as a thread starts (printed, never raised where
the run could catch it; the thread that started it waits for ever). The child then says
nothing (in the last case it is made to end at once), and what it started (Prefect's temporary
server) and built (its run folder) would stay behind. The watching parent, which imports
neither Prefect nor DuckDB, says in one line how the run ended, stops the processes the run
left (on Linux it adopts them, as a child subreaper), and clears the run's leftovers when
no other run holds the warehouse. The child shares the parent's process group, so Ctrl-C
and a kill of the group reach both; SIGTERM or SIGHUP sent to the parent go on to it.

Exit codes pass through: 0 done, 1 the run failed and said why, 2 usage error.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import signal
import subprocess
import sys
from pathlib import Path

from hibah.prctl import PR_SET_CHILD_SUBREAPER, prctl

CHILD = "HIBAH_RUN_CHILD"  # set in the child's environment: it runs the flow itself
SAID = (0, 1, 2)  # exit codes of a child that said how it ended
OUT_OF_MEMORY = 3  # exit code of a child that ran out of memory where no code could catch it


def supervised() -> bool:
    """Whether this process is a watched run (and so must not watch another)."""
    return os.environ.get(CHILD) == "1"


def guard() -> None:
    """In the watched child: an error that no code can catch, because it was raised as a
    thread started (its lock or its thread state could not be allocated), ends the process
    at once with OUT_OF_MEMORY, for the watcher to report and clear up after. Such an error
    is only printed, and whoever started the thread would wait for ever for it to begin.
    So does any MemoryError that is only printed."""
    previous = sys.unraisablehook
    thread_start = "Exception ignored in thread started by"

    def hook(unraisable) -> None:  # allocates nothing before it decides
        if unraisable.err_msg is not None and unraisable.err_msg.startswith(thread_start):
            os._exit(OUT_OF_MEMORY)
        exc, depth = unraisable.exc_value, 0
        while exc is not None and depth < 8:
            if isinstance(exc, MemoryError):
                os._exit(OUT_OF_MEMORY)
            exc, depth = exc.__cause__ or exc.__context__, depth + 1
        previous(unraisable)

    sys.unraisablehook = hook


def watch(argv: list[str], db_path: Path, reports_dir: Path) -> int:
    """Run ``hibah <argv>`` in a child and watch it; its exit code, or 1 with one line
    when it ended without saying why."""
    _adopt_orphans()
    child = subprocess.Popen(
        [sys.executable, "-m", "hibah.cli", *argv], env=os.environ | {CHILD: "1"}
    )
    # The child shares this process group: Ctrl-C and a kill of the group reach it as
    # they reach this process. Signals sent to this process alone are passed on.
    previous = {
        signal.SIGINT: signal.signal(signal.SIGINT, signal.SIG_IGN),
        **{
            s: signal.signal(s, lambda signum, _: child.send_signal(signum))
            for s in (signal.SIGTERM, signal.SIGHUP)
        },
    }
    try:
        code = child.wait()
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)
        _stop_orphans()
    if code in SAID:
        return code
    if code == OUT_OF_MEMORY:
        how = "the run process ran out of memory (a thread it started could not begin)"
    else:
        cause = f"killed by {signal.Signals(-code).name}" if code < 0 else f"exit status {code}"
        how = f"the run process ended without a word ({cause}; out of memory or a resource limit?)"
    cleared = _clear_leftovers(db_path, reports_dir)
    log = db_path.with_name(db_path.name + ".log")
    line = (
        f"hibah: run failed: {how}; {db_path} and {reports_dir} are as the last complete "
        f"run left them{cleared} (details: {log})"
    )
    sys.stderr.write(line + "\n")
    with contextlib.suppress(OSError), log.open("a", encoding="utf-8") as f:
        # (the folder may be why the run failed: the terminal has the line)
        f.write(f"{dt.datetime.now().astimezone():%Y-%m-%d %H:%M:%S} ERROR {line}\n")
    return 1


def _adopt_orphans() -> None:
    """Become the parent of processes the child leaves when it dies (Linux): so they can
    be found and stopped. Elsewhere nothing is adopted."""
    with contextlib.suppress(OSError):
        prctl(PR_SET_CHILD_SUBREAPER, 1)


def _stop_orphans() -> None:
    """Kill and reap what the child started and left running (a temporary Prefect
    server); on a clean end there is nothing."""
    me = str(os.getpid())
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, IndexError, ValueError):
            if stat.read_text().rsplit(")", 1)[1].split()[1] == me:  # its parent is this
                pid = int(stat.parent.name)
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)


def _clear_leftovers(db_path: Path, reports_dir: Path) -> str:
    from hibah.lock import RunLocked, run_lock
    from hibah.publish import clear_leftovers

    try:
        with run_lock(db_path):
            cleared = clear_leftovers(db_path, reports_dir)
    except RunLocked:  # another run started meanwhile: it clears them itself
        return ""
    except OSError as exc:
        return f"; its leftovers could not be removed ({exc})"
    return f"; leftovers removed ({len(cleared)})" if cleared else ""
