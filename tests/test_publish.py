"""Publishing is atomic: a run killed at any point leaves the previous warehouse and reports
whole, and an analyst's read-only connection is never refused nor sees half a run."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import duckdb
import pytest

from flows import stages, warehouse
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
    import pathlib, sys, time, duckdb
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
        time.sleep(0.01)
    print(" ".join(dict.fromkeys(seen)))
    """
)


def build_and_publish(raw: Path, db: Path, run_id: str) -> None:
    ingested = stages.ingest(raw)
    checked = stages.validate(ingested)
    staging = warehouse.staging_path(db, run_id)
    run = warehouse.RunInfo(run_id, None, dt.datetime.now(dt.UTC))
    stages.build_warehouse(staging, run, ingested, checked, previous=db)
    warehouse.publish(staging, db)


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
