"""One run at a time per warehouse: the lock beside it refuses or makes a second run wait,
names its holder, and dies with its holder. Synchronised on the holder's own words (it says
when it holds the lock) and on events, never on sleeps."""

from __future__ import annotations

import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from hibah.cli import main
from hibah.lock import RunLocked, lock_path, run_lock
from tests.conftest import RAW, ROOT

_HOLD = """
import sys
from pathlib import Path
from hibah.lock import run_lock
with run_lock(Path(sys.argv[1])):
    print("held", flush=True)
    sys.stdin.read()  # until told to let go
"""


@pytest.fixture
def holder(tmp_path):
    """Another process holding the lock of tmp_path/hibah.duckdb until its stdin closes."""
    process = subprocess.Popen(
        [sys.executable, "-c", _HOLD, str(tmp_path / "hibah.duckdb")],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout.readline().strip() == "held"
    yield process
    if process.poll() is None:
        process.stdin.close()
        process.wait(timeout=60)


def test_a_second_run_is_refused_at_once_naming_the_first(tmp_path, holder, capsys):
    db, reports = tmp_path / "hibah.duckdb", tmp_path / "reports"
    reports.mkdir()
    assert main(["run", "--raw", str(RAW), "--db", str(db), "--reports", str(reports)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "another hibah run is writing this warehouse" in err
    assert f"pid {holder.pid}" in err and "--wait" in err
    assert not db.exists() and not any(reports.iterdir())  # nothing of it was started
    holder.stdin.close()
    holder.wait(timeout=60)
    with run_lock(db):  # free again once the holder is done
        pass


def test_wait_blocks_until_the_holder_is_done(tmp_path, holder):
    waiting, got = threading.Event(), threading.Event()
    told = []

    def second_run():
        with run_lock(
            tmp_path / "hibah.duckdb",
            wait=True,
            on_wait=lambda who: (told.append(who), waiting.set()),
        ):
            got.set()

    thread = threading.Thread(target=second_run)
    thread.start()
    assert waiting.wait(timeout=60) and not got.is_set()
    assert told == [told[0]] and f"pid {holder.pid}" in told[0]
    holder.stdin.close()  # the first run ends ...
    thread.join(timeout=60)
    assert got.is_set()  # ... and the second one goes on


def test_a_killed_holder_never_blocks_the_next_run(tmp_path, holder):
    holder.send_signal(signal.SIGKILL)
    holder.wait(timeout=60)
    with run_lock(tmp_path / "hibah.duckdb"):
        assert lock_path(tmp_path / "hibah.duckdb").exists()


def test_the_lock_is_reentrant_within_a_thread_and_exclusive_across(tmp_path, holder):
    with pytest.raises(RunLocked), run_lock(tmp_path / "hibah.duckdb"):  # another process
        pass
    other = tmp_path / "other" / "hibah.duckdb"
    other.parent.mkdir()
    refused = []

    def second_thread():
        try:
            with run_lock(other):
                pass
        except RunLocked as exc:
            refused.append(exc)

    with run_lock(other), run_lock(other):  # the CLI and then its flow take it
        thread = threading.Thread(target=second_thread)
        thread.start()
        thread.join(timeout=60)
    assert len(refused) == 1  # another thread of this process is another run


def test_leftovers_of_killed_runs_are_cleared_and_nothing_else(tmp_path):
    from hibah.publish import clear_leftovers

    db, reports = tmp_path / "hibah.duckdb", tmp_path / "reports"
    (reports / ".20261202T010101Z-abcdef.building").mkdir(parents=True)
    leftovers = [
        tmp_path / ".hibah.duckdb.20261202T010101Z-abcdef.building",
        tmp_path / ".hibah.duckdb.20261202T010101Z-abcdef.building.wal",
    ]
    for path in [*leftovers, db, reports / "index.html"]:
        path.write_bytes(b"x")
    assert len(clear_leftovers(db, reports)) == 3
    assert sorted(p.name for p in tmp_path.iterdir()) == ["hibah.duckdb", "reports"]
    assert [p.name for p in reports.iterdir()] == ["index.html"]


def test_the_lock_file_is_not_committed():
    assert lock_path(Path("hibah.duckdb")) == Path("hibah.duckdb.lock")
    assert "*.duckdb.lock" in (ROOT / ".gitignore").read_text().splitlines()
