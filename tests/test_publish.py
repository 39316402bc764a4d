"""Publishing is atomic: an analyst's read-only connection is never refused nor sees half a
run (tests/test_faults.py kills `hibah run` at every step, the publish included)."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import textwrap
from pathlib import Path

from hibah import publish, stages, warehouse

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
