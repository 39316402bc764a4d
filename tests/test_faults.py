"""Faults from outside the data: `hibah run` itself, started as a user starts it (against the
session's Prefect server), killed at every progress line it prints, or stopped by a folder
it may not write, a full disk or an address-space limit. After each: the warehouse and the
site are one complete run's, the failed run said so in one line and left nothing behind
(no run folder, no process), and the next run succeeds."""

from __future__ import annotations

import os
import re
import resource
import shutil
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import duckdb
import pytest

from hibah import publish
from hibah.prctl import PR_CAPBSET_DROP, prctl
from tests.conftest import ROOT

pytestmark = [pytest.mark.flow, pytest.mark.usefixtures("prefect_server")]

SMALL = ROOT / "tests" / "fixtures" / "every_rule"


def _env() -> dict[str, str]:
    from prefect.settings import PREFECT_API_URL

    return os.environ | {"PREFECT_API_URL": PREFECT_API_URL.value(), "PYTHONPATH": str(ROOT)}


def _argv(raw: Path, db: Path, reports: Path, *more: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "hibah.cli",
        "run",
        *more,
        "--raw",
        str(raw),
        "--db",
        str(db),
        "--reports",
        str(reports),
    ]


def hibah_run(raw: Path, db: Path, reports: Path, preexec=None) -> subprocess.CompletedProcess:
    return subprocess.run(
        _argv(raw, db, reports),
        env=_env(),
        capture_output=True,
        text=True,
        preexec_fn=preexec,
        timeout=600,
    )


def change_input(raw: Path, n: int) -> None:
    """A figure of its own in a file of its own: the next run reads everything again."""
    (raw / "grants-extra.csv").write_text(
        "Kode Wilayah;Lembaga;Tahap;Nilai;Sumber\n"
        f"65.03;TNI;Pencairan;Rp {n}.000.000;https://example.org/synthetic-fault\n",
        encoding="utf-8",
    )


def published(db: Path, reports: Path) -> str:
    """The published run, after checking that the warehouse is whole (its run row and its
    data agree), every page names that run, every link of the index leads to a page and
    every export is there: the warehouse and the site are one complete run's."""
    with duckdb.connect(str(db), read_only=True) as con:
        run_id, loaded = con.execute(
            "select run_id, loaded from audit.runs order by started_at desc limit 1"
        ).fetchone()
        assert con.execute("select count(*) from core.allocations").fetchone()[0] == loaded
    index = (reports / "index.html").read_text(encoding="utf-8")
    for page in reports.glob("*.html"):
        if page.is_symlink() and not page.exists():
            # made for a page of a run killed before its switch: no page links to it, and
            # the next run removes it
            assert page.name not in index
            continue
        lead = page.read_text(encoding="utf-8").split('<p class="lead">', 1)[1][:80]
        assert lead.startswith(f"Run {run_id} "), (page.name, lead, run_id)
    for href in set(re.findall(r'href="([a-z0-9-]+\.html)', index)):
        assert (reports / href).is_file(), href
    assert len([p for p in (reports / "exports").iterdir() if p.is_file()]) == 9
    return run_id


def nothing_left(db: Path, run_id: str) -> None:
    """Only the published run's folder (and the one before it) remain, and no process
    started for the run is still alive."""
    kept = {p.name for p in publish.runs_dir(db).iterdir()} - {"current"}
    assert run_id in kept and len(kept) <= 2, kept
    ps = subprocess.run(["ps", "-eo", "args"], capture_output=True, text=True).stdout
    assert str(db) not in ps


PROGRESS = re.compile(r"^\d\d:\d\d:\d\d\.\d+ \| INFO +\| (.*)$")


def _label(line: str) -> str:
    """A progress line without what differs from run to run (names, ids, counts)."""
    text = PROGRESS.match(line).group(1)
    text = re.sub(r"Flow run '[^']+' - (Beginning flow run|View at).*", r"flow - \1", text)
    text = re.sub(r"Flow run '[^']+'", "flow", text)
    text = re.sub(r"Task run '([a-z-]+?)(-[0-9a-f]{3})?'", r"\1", text)
    text = re.sub(r"Task run '(read|draw) [^']*'", r"\1", text)
    return re.sub(r"\d+", "N", text)[:70]


def kill_after(step: int | str, raw: Path, db: Path, reports: Path) -> list[str]:
    """Start `hibah run -v`, and SIGKILL its process group when it has printed its
    step-th progress line, or the line labelled ``step`` (0: never); the progress it
    printed."""
    run = subprocess.Popen(
        _argv(raw, db, reports, "-v"),
        env=_env(),
        text=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    said = []
    for line in run.stderr:
        if PROGRESS.match(line):
            said.append(_label(line))
            if step in (len(said), said[-1]):
                os.killpg(run.pid, signal.SIGKILL)
                break
    run.wait(timeout=600)
    run.stderr.close()
    assert run.returncode == (-signal.SIGKILL if step else 0), said
    assert not step or said[-1] == step or len(said) == step, said
    return said


def test_a_run_killed_at_every_progress_line_leaves_one_runs_warehouse_and_site(tmp_path):
    """The kill matrix: a full run killed after each progress line it prints (each stage's
    end, each step of the publish); runs that add many pages (the shipped raw/) and drop
    them again, killed around their switch; a confirming run (nothing changed) killed after
    each of its lines. After every kill the warehouse and the site are one run's, complete;
    the next run succeeds and leaves nothing of the killed ones."""
    small, shipped = tmp_path / "small", tmp_path / "shipped"
    shutil.copytree(SMALL, small)
    shutil.copytree(ROOT / "raw", shipped)
    db, reports = tmp_path / "hibah.duckdb", tmp_path / "reports"
    steps = kill_after(0, small, db, reports)
    points: list[str] = []
    switching = [step for step in steps if "publish: " in step][:4]
    for raw, at in ((small, range(1, len(steps))), (shipped, switching), (small, switching)):
        for step in at:
            change_input(raw, len(points) + 1)
            points.append(kill_after(step, raw, db, reports)[-1])
            published(db, reports)
    kill_after(0, small, db, reports)  # a figure changed since the published run: says so
    kill_after(0, small, db, reports)  # the same inputs, nothing changed: no such finding
    confirming = kill_after(0, small, db, reports)  # so this run confirms the last one
    assert any("confirm-warehouse" in step for step in confirming), confirming
    for step in range(1, len(confirming)):
        if any(name in confirming[step - 1] for name in ("confirm", "refresh", "publish")):
            points.append(kill_after(step, small, db, reports)[-1])
            published(db, reports)
    print(f"kill matrix: {len(points)} kills, {len(set(points))} points", *points, sep="\n  ")
    assert len(set(points)) >= 20, points
    finished = "Finished in state Completed()"
    assert {
        "publish - publish: switch",
        "publish - publish: earlier run folders",
        f"build-reports - {finished}",
        f"validate - {finished}",
        f"refresh-reports - {finished}",
    } <= set(points), points
    change_input(small, 999)
    kill_after(0, small, db, reports)
    nothing_left(db, published(db, reports))


@pytest.fixture
def run_once(tmp_path):
    """A small raw/ folder run once: (raw, db, reports, its run id, its index page)."""
    raw, out = tmp_path / "raw", tmp_path / "out"
    shutil.copytree(SMALL, raw)
    out.mkdir()
    db, reports = out / "hibah.duckdb", out / "reports"
    done = hibah_run(raw, db, reports)
    assert done.returncode == 0, done.stderr
    change_input(raw, 7)  # the next run has something new to publish
    return raw, db, reports, published(db, reports), (reports / "index.html").read_text()


def _failed_in_one_line(done: subprocess.CompletedProcess) -> str:
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr, done.stderr[-3000:]
    line = done.stderr.strip().splitlines()[-1]
    assert line.startswith("hibah: run failed: ") and line.endswith(".log)"), line
    return line


def _as_before(run_once) -> None:
    _, db, reports, run_id, index = run_once
    assert published(db, reports) == run_id
    assert (reports / "index.html").read_text() == index
    nothing_left(db, run_id)


CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER = 1, 2, 3


def _without_override() -> None:
    """In the child before it starts: as root, give up the capabilities that let root
    write where the permission bits say no (elsewhere the bits apply anyway)."""
    if os.geteuid() == 0:
        for cap in (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER):
            prctl(PR_CAPBSET_DROP, cap)


@pytest.mark.parametrize("folder", ["reports", "warehouse"])
def test_a_folder_the_run_may_not_write_fails_it_in_one_line(run_once, folder):
    """The warehouse's folder read-only, or a new reports folder in a read-only folder: the
    run fails in one line naming the path; the warehouse and the site stay as they were."""
    raw, db, reports, _, _ = run_once
    if folder == "reports":
        locked, target = [db.parent / "shelf"], db.parent / "shelf" / "reports"
        locked[0].mkdir()
    else:
        locked, target = [db.parent, publish.runs_dir(db)], reports
    for path in locked:
        path.chmod(0o555)
    try:
        done = hibah_run(raw, db, target, preexec=_without_override)
    finally:
        for path in locked:
            path.chmod(0o755)
    line = _failed_in_one_line(done)
    assert "PermissionError" in line and str(locked[-1]) in line, line
    _as_before(run_once)
    assert hibah_run(raw, db, reports).returncode == 0
    nothing_left(db, published(db, reports))


def test_a_full_disk_fails_the_run_in_one_line(run_once):
    """Files may grow to 100 KB only (RLIMIT_FSIZE): the staging warehouse cannot be
    written, as on a full disk."""
    raw, db, reports, _, _ = run_once

    def small_disk() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (100_000, 100_000))

    line = _failed_in_one_line(hibah_run(raw, db, reports, preexec=small_disk))
    assert "File too large" in line or "No space left" in line, line
    _as_before(run_once)


@pytest.mark.parametrize("limit_mib", [1024])
def test_an_address_space_limit_ends_the_run_whole_or_in_one_line(run_once, limit_mib):
    """Under an address-space limit a run either completes or fails in one line, however
    it fails (a MemoryError, DuckDB out of memory, or a C library aborting the process,
    which the watching parent reports): the previous state stays, nothing is left."""
    raw, db, reports, run_id, _ = run_once

    def limited() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (limit_mib << 20, limit_mib << 20))

    done = hibah_run(raw, db, reports, preexec=limited)
    if done.returncode == 0:
        assert published(db, reports) != run_id
    else:
        _failed_in_one_line(done)
        _as_before(run_once)
    assert hibah_run(raw, db, reports).returncode == 0


ORPHAN = textwrap.dedent(
    """
    import subprocess, sys, time
    from hibah import supervise
    supervise._adopt_orphans()
    # a child that starts a long-lived process and dies without stopping it
    subprocess.run([sys.executable, "-c",
                    "import subprocess; print(subprocess.Popen(['sleep', '600']).pid)"],
                   stdout=open(sys.argv[1], "w"), check=True)
    supervise._stop_orphans()
    """
)


def test_what_a_dead_run_started_is_stopped_by_its_watcher(tmp_path):
    """A run that dies leaves its processes (a temporary Prefect server) to the watching
    parent, which stops them."""
    script, pid_file = tmp_path / "orphan.py", tmp_path / "pid"
    script.write_text(ORPHAN)
    env = os.environ | {"PYTHONPATH": str(ROOT)}
    subprocess.run([sys.executable, str(script), str(pid_file)], env=env, check=True, timeout=60)
    pid = int(pid_file.read_text())
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)
