"""How much of `hibah run` is Prefect: the whole command against the same stages called as
plain functions (no flow, no server), each in a fresh process, on the shipped raw/.

    uv run python bench/prefect_overhead.py [--repeat 3]

Prints the median wall time of each and their ratio. Run by hand; not a test.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PLAIN = """
import datetime as dt, sys, time
from pathlib import Path
from hibah import publish, stages, warehouse
from hibah.reports import data, page
raw, out = Path(sys.argv[1]), Path(sys.argv[2])
db = out / "hibah.duckdb"
run = warehouse.RunInfo(f"bench-{time.time_ns()}", None, dt.datetime.now(dt.UTC))
ingested = stages.ingest(raw)
checked = stages.validate(ingested)
staging = publish.staging_db(db, run.run_id)
staging.parent.mkdir(parents=True)
stages.build_warehouse(staging, run, ingested, checked, previous=db)
page.write_site(data.load(staging), publish.staging_site(db, run.run_id))
publish.publish(db, out / "reports", run.run_id)
"""


def timed(cmd: list[str]) -> float:
    env = os.environ | {"UV_COMPILE_BYTECODE": "1"}
    start = time.perf_counter()
    subprocess.run(cmd, check=True, cwd=ROOT, env=env, capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    hibah = str(Path(sys.executable).with_name("hibah"))
    flow_times, plain_times, import_times = [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        for _ in range(args.repeat):
            flow_times.append(
                timed([hibah, "run", "--db", str(out / "f.duckdb"), "--reports", str(out / "fr")])
            )
            plain_times.append(timed([sys.executable, "-c", PLAIN, str(ROOT / "raw"), str(out)]))
            import_times.append(timed([sys.executable, "-c", "import prefect"]))
    flow, plain, imp = (statistics.median(t) for t in (flow_times, plain_times, import_times))
    print(f"hibah run (Prefect flow, temporary server): {flow:6.2f} s  (median of {args.repeat})")
    print(f"same stages as plain functions:            {plain:6.2f} s")
    print(f"import prefect alone:                      {imp:6.2f} s")
    print(
        f"Prefect's share of hibah run: {flow - plain:.2f} s ({(flow - plain) / flow:.0%}); "
        f"flow / plain = {flow / plain:.1f}x"
    )


if __name__ == "__main__":
    main()
