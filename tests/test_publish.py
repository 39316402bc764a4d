"""Publishing is atomic: a run killed at any point leaves the previous warehouse and reports
whole, and an analyst's read-only connection is never refused nor sees half a run."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import duckdb
import pytest

from flows import publish, stages, warehouse
from tests.conftest import ROOT

KILLER = textwrap.dedent(
    """
    import os, signal, sys
    from pathlib import Path
    import flows.reports.page as page
    import flows.stages as stages
    import flows.warehouse as warehouse

    point, raw, db, reports = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3]), Path(sys.argv[4])

    def die(*args, **kwargs):
        os.kill(os.getpid(), signal.SIGKILL)

    if point == "after-ingest":
        stages.validate = die
    elif point == "during-load":
        warehouse._apply_rules = die  # the staging warehouse is half built
    elif point == "during-reports":
        write, calls = page.write_html, []
        def write_then_die(text, path):
            calls.append(path)
            if len(calls) == 3:
                die()
            write(text, path)
        page.write_html = write_then_die

    from flows.pipeline import hibah_flow
    hibah_flow(raw_dir=raw, db_path=db, reports_dir=reports)
    """
)


def latest_run(db: Path) -> tuple[str, int]:
    with duckdb.connect(str(db), read_only=True) as con:
        run_id, loaded = con.execute(
            "select run_id, loaded from audit.runs order by started_at desc limit 1"
        ).fetchone()
        count = con.execute("select count(*) from core.allocations").fetchone()[0]
    assert count == loaded  # the run row and the data belong together
    return run_id, count


@pytest.mark.flow
@pytest.mark.usefixtures("prefect_server")
@pytest.mark.parametrize("point", ["after-ingest", "during-load", "during-reports"])
def test_a_run_killed_leaves_the_previous_state_whole(tmp_path, raw_copy, point):
    from prefect.settings import PREFECT_API_URL

    from flows.pipeline import hibah_flow

    db, reports = tmp_path / "hibah.duckdb", tmp_path / "reports"
    first = hibah_flow(raw_dir=raw_copy, db_path=db, reports_dir=reports)
    index_before = (reports / "index.html").read_text(encoding="utf-8")
    pages_before = sorted(p.name for p in reports.glob("*.html"))

    (raw_copy / "aceh-kip-nphd.csv").unlink()  # the next run would load fewer figures
    script = tmp_path / "killer.py"
    script.write_text(KILLER)
    env = os.environ | {"PREFECT_API_URL": PREFECT_API_URL.value(), "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, str(script), point, str(raw_copy), str(db), str(reports)],
        env=env, capture_output=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == -9, done.stderr.decode()[-2000:]

    assert latest_run(db) == (first.run_id, first.counts["loaded"])
    assert (reports / "index.html").read_text(encoding="utf-8") == index_before
    assert sorted(p.name for p in reports.glob("*.html")) == pages_before
    # Whatever the killed run left behind does not stop the next one.
    again = hibah_flow(raw_dir=raw_copy, db_path=db, reports_dir=reports)
    assert latest_run(db) == (again.run_id, again.counts["loaded"])
    assert again.counts["loaded"] == first.counts["loaded"] - 12


READER = textwrap.dedent(
    """
    import pathlib, sys, duckdb
    db, stop = sys.argv[1], pathlib.Path(sys.argv[2])
    seen = []
    while True:
        last = stop.exists()  # once told to stop, one more read sees the final state
        con = duckdb.connect(db, read_only=True)  # refused → exception → exit 1
        run_id, loaded = con.execute(
            "select run_id, loaded from audit.runs order by started_at desc limit 1"
        ).fetchone()
        count = con.execute("select count(*) from core.allocations").fetchone()[0]
        con.close()
        if count != loaded:
            print(f"MIX {run_id} {loaded} {count}")
            sys.exit(2)
        if not seen:
            print("ready", flush=True)  # the test publishes under the reader from here on
        seen.append(run_id)
        if last:
            break
    print(" ".join(dict.fromkeys(seen)))
    """
)


def build_and_publish(raw: Path, db: Path, run_id: str) -> None:
    ingested = stages.ingest(raw)
    checked = stages.validate(ingested)
    staging = publish.staging_db(db, run_id)
    publish.staging_site(db, run_id).mkdir(parents=True)
    run = warehouse.RunInfo(run_id, None, dt.datetime.now(dt.UTC))
    stages.build_warehouse(staging, run, ingested, checked, previous=db)
    publish.publish(db, db.parent / "reports", run_id)


def test_readers_are_never_refused_and_never_see_a_mix(tmp_path, raw_copy):
    db = tmp_path / "hibah.duckdb"
    build_and_publish(raw_copy, db, "run-1")
    script = tmp_path / "reader.py"
    script.write_text(READER)
    stop = tmp_path / "reader-stop"
    reader = subprocess.Popen(
        [sys.executable, str(script), str(db), str(stop)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    # the reader has read run-1 when it says so: now publish under it
    assert reader.stdout.readline() == "ready\n", reader.communicate()
    (raw_copy / "aceh-kip-nphd.csv").unlink()
    build_and_publish(raw_copy, db, "run-2")
    build_and_publish(raw_copy, db, "run-3")
    stop.touch()
    out, err = reader.communicate(timeout=600)
    assert reader.returncode == 0, out + err
    seen = out.split()
    assert seen[0] == "run-1" and seen[-1] == "run-3", seen


# A run as the flow makes it, without Prefect (so that killing it costs seconds), saying
# each step as it reaches it: the kill matrix below kills it after each of them.
STEPPED_RUN = textwrap.dedent(
    """
    import datetime as dt, secrets, sys
    from pathlib import Path
    from flows import publish, stages, warehouse
    from flows.ingest.files import inventory
    from flows.lock import run_lock
    from flows.reports import data, page

    raw, db, reports = map(Path, sys.argv[1:4])

    def say(event):
        print(event, flush=True)

    with run_lock(db):
        say("started")
        publish.clear_leftovers(db, reports)
        now = dt.datetime.now(dt.UTC)
        run = warehouse.RunInfo(now.strftime("%Y%m%dT%H%M%S%fZ-") + secrets.token_hex(3),
                                None, now)
        staging, site = publish.staging_db(db, run.run_id), publish.staging_site(db, run.run_id)
        site.mkdir(parents=True)
        files = inventory(raw)
        last = warehouse.confirmable(db, files)
        if last:
            warehouse.confirm(staging, run=run, previous=db, files=files)
            say("confirmed")
            assert page.refresh_site(data.load(staging), reports, site, last)
            say("refreshed")
        else:
            ingested = stages.ingest(raw)
            say("ingested")
            checked = stages.validate(ingested)
            say("validated")
            stages.build_warehouse(staging, run, ingested, checked, previous=db)
            say("built")
            page.write_site(data.load(staging), site)
            say("drawn")
        publish.publish(db, reports, run.run_id, say)
        say("done")
    """
)


def _same_run_everywhere(db: Path, reports: Path) -> str:
    """The warehouse's run, and the check that every page names it and every link of the
    index and every export leads to a file: the site and the warehouse are one run's."""
    run_id, _ = latest_run(db)
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


def _kill_after(step: int, raw: Path, db: Path, reports: Path, script: Path) -> list[str]:
    """Start a stepped run, kill its process group after it says its step-th step; the
    steps it said."""
    env = os.environ | {"PYTHONPATH": str(ROOT)}
    run = subprocess.Popen([sys.executable, str(script), str(raw), str(db), str(reports)],
                           stdout=subprocess.PIPE, text=True, env=env,
                           start_new_session=True)  # fmt: skip
    said = []
    for line in run.stdout:
        said.append(line.strip())
        if len(said) == step:
            os.killpg(run.pid, signal.SIGKILL)
            break
    run.wait(timeout=300)
    run.stdout.close()
    return said


def test_a_run_killed_at_any_step_leaves_one_runs_warehouse_and_site(tmp_path):
    """The kill matrix: full runs (each with an input changed; from a small site to the
    shipped one with many more pages, and back) and confirming runs, killed after each step
    they say, the publish steps included. After every kill the warehouse and the site are
    one run's, complete; the next run succeeds."""
    small, shipped = tmp_path / "small", tmp_path / "shipped"
    shutil.copytree(ROOT / "tests" / "fixtures" / "every_rule", small)
    shutil.copytree(ROOT / "raw", shipped)
    db, reports = tmp_path / "hibah.duckdb", tmp_path / "reports"
    script = tmp_path / "stepped_run.py"
    script.write_text(STEPPED_RUN)
    steps = _kill_after(0, small, db, reports, script)  # 0: not killed, runs to the end
    assert steps[-1] == "done"
    points = []

    def change_input(raw: Path, n: int) -> None:  # a figure of its own: all is read again
        with (raw / "grants-extra.csv").open("w", encoding="utf-8") as f:
            f.write("Kode Wilayah;Lembaga;Tahap;Nilai;Sumber\n65.03;TNI;Pencairan;"
                    f"Rp {n}.000.000;https://example.org/synthetic-kill\n")  # fmt: skip

    publishing = [i for i, step in enumerate(steps, 1) if step.startswith("publish")]
    # every step of a run; then around the switch of a run that adds many pages (the
    # shipped site), and the publish steps of one that drops them again
    for raw, at in ((small, range(1, len(steps))), (shipped, publishing[:3]),
                    (small, publishing)):  # fmt: skip
        for step in at:
            change_input(raw, len(points) + 1)
            said = _kill_after(step, raw, db, reports, script)
            points.append(said[-1])
            _same_run_everywhere(db, reports)
    assert _kill_after(0, small, db, reports, script)[-1] == "done"
    confirming = _kill_after(0, small, db, reports, script)  # nothing changed: confirms
    assert "confirmed" in confirming
    for step in range(1, len(confirming)):
        said = _kill_after(step, small, db, reports, script)
        points.append(said[-1])
        _same_run_everywhere(db, reports)
    assert len(points) >= 20
    assert {"drawn", "refreshed", "publish: switch", "publish: earlier run folders"} <= set(points)
    # and the next run succeeds, from whatever the kills left
    change_input(small, 999)
    assert _kill_after(0, small, db, reports, script)[-1] == "done"
    run_id = _same_run_everywhere(db, reports)
    kept = {p.name for p in publish.runs_dir(db).iterdir()} - {"current"}
    assert run_id in kept and len(kept) <= 2  # killed runs' folders are gone
