"""National scale: a generated line-item register read by hibah against DuckDB's bare load.

    uv run python bench/scale.py                 # 10k, 100k and 1M rows
    uv run python bench/scale.py --rows 10000000 # one size
    uv run python bench/scale.py --no-server     # without the `hibah run` timings
    uv run python bench/scale.py --wide          # an amount column per stage
    uv run python bench/scale.py --line-end cr   # lines ending in CR alone (or crlf)

The register is synthetic, for scale only: an LPJ-like table with Indonesian headers, ``;``
separators and dot thousands, lines spread over the 545 regions that voted and the four
bodies, with about 0.5% defective rows (unreadable or zero amounts, unknown region codes,
unknown bodies, impossible dates, short rows). In one run, per size, it times

- DuckDB's bare ``create table as select * from read_csv(file, store_rejects = true)`` into
  a new database file (store_rejects: without it the short rows fail the load);
- the same load reading each amount column as well, by the least SQL that reads the
  register's amounts (``Rp 30.808.000``: the prefix and dots dropped, then a cast), with
  no check: a floor for loading the figures rather than only their text;
- the least the warehouse's contract asks, with no check at all: the file's SHA-256
  (``raw.files`` keeps it; figure ids are built from it), then that load with every cell
  stored as written (``all_varchar``: the ``raw`` layer keeps every row as read, unparsed)
  and the amounts read. No reading of hibah's can be cheaper than this, so its ratio to the
  bare load bounds the ratio hibah's stages can reach;
- hibah's stages on the same file as the flow runs them (ingest → validate → warehouse →
  reports, plain functions, no Prefect), each timed;
- ``hibah run`` on the same folder against a Prefect server already up (started once, for
  all sizes), then ``hibah run`` again with no file changed;

and prints the ratio of hibah's stages up to the built warehouse to each load (each
clock started once its modules are imported; hibah's imports are printed apart), peak RSS
of each (a child process each), the size of the pages and of the exports (CSV, XLSX and
Parquet of every figure and finding), whether the warehouse's sums equal the generator's
sums of its clean rows and every defective row is quarantined with its rule, what
``hibah run`` adds to the stages against Prefect's fixed cost (a fresh process running a flow
of one task that does nothing against the same server; and one importing hibah's stack
first and running as many such tasks as hibah's flow runs) and the second run's share of
the first.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import random
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BODIES = ("KPU", "Bawaslu", "Polri", "TNI")
ITEMS = (
    "Honor PPK",
    "Honor PPS",
    "Honor KPPS",
    "Sewa gudang",
    "Logistik TPS",
    "Konsumsi rapat",
    "Perjalanan dinas",
    "Alat tulis kantor",
    "Pengamanan TPS",
    "Sosialisasi",
)
LINE_ENDS = {"lf": "\n", "crlf": "\r\n", "cr": "\r"}  # cr: classic Mac OS, "CSV (Macintosh)"
DEFECTS = {
    "amount-unreadable": lambda r: r | {"amount": "Rp 12,50"},
    "amount-not-positive": lambda r: r | {"amount": "0"},
    "region-unknown": lambda r: r | {"code": "99.99"},
    "body-unknown": lambda r: r | {"body": "Pramuka"},
    "date-unreadable": lambda r: r | {"date": "31/02/2024"},
    "row-malformed": None,  # a short row: the date cell is missing
}


def generate(
    path: Path, rows: int, seed: int = 2024, wide: bool = False, line_end: str = "\n"
) -> dict:
    """Write the register; return the expected sums per region and body and defects by rule
    (the findings each rule gives). ``wide``: an amount column per stage (Pagu and
    Realisasi) instead of a Tahap column, each filled cell a line item of its stage; a defect
    of the region, body or date fails both cells of its row, one of the amount only the
    Realisasi cell. ``line_end``: how each line ends."""
    rng = random.Random(seed)
    regions = [
        line.split(";")
        for line in (ROOT / "raw/reference/regions.csv").read_text().splitlines()[1:]
    ]
    roster = [(code, name) for code, name, _, _, votes in regions if votes == "ya"]
    sums: dict[str, int] = {}
    defects: dict[str, int] = dict.fromkeys(DEFECTS, 0)
    with path.open("w", encoding="utf-8", newline=line_end) as out:
        out.write(
            "Kode Wilayah;Pemerintah Daerah;Lembaga;Uraian;Pagu (Rp);Realisasi (Rp);Tanggal\n"
            if wide
            else "Kode Wilayah;Pemerintah Daerah;Lembaga;Tahap;Uraian;Nilai (Rp);Tanggal\n"
        )
        for i in range(rows):
            code, name = roster[i % len(roster)]
            body = BODIES[(i // len(roster)) % 4]
            amount = rng.randrange(1, 50_000) * 1000
            date = f"{rng.randrange(1, 29):02d}/{rng.randrange(1, 13):02d}/2024"
            budget = amount + rng.randrange(0, 1_000) * 1000 if wide else 0
            stage = f"Rp {budget:,}".replace(",", ".") if wide else "Realisasi"
            key = f"{code}|{body}"
            row = {
                "code": code,
                "name": name,
                "body": body,
                "item": ITEMS[i % len(ITEMS)],
                "amount": f"Rp {amount:,}".replace(",", "."),
                "date": date,
            }
            if rng.random() < 0.005:
                rule = rng.choice(list(DEFECTS))
                whole_row = rule in ("region-unknown", "body-unknown", "date-unreadable")
                defects[rule] += 2 if wide and whole_row else 1
                if rule == "row-malformed":
                    out.write(f"{code};{name};{body};{stage};{row['item']};{row['amount']}\n")
                    continue
                if rule.startswith("amount") and wide:  # the Pagu cell is loaded
                    sums[key] = sums.get(key, 0) + budget
                row = DEFECTS[rule](row)
            else:
                sums[key] = sums.get(key, 0) + amount + budget
            cells = (row["item"], stage) if wide else (stage, row["item"])
            out.write(
                f"{row['code']};{row['name']};{row['body']};{cells[0]};{cells[1]};"
                f"{row['amount']};{row['date']}\n"
            )
    return {"sums": sums, "defects": defects}


def child(kind: str, raw: Path, work: Path) -> dict:
    """One measurement in its own process, so that peak RSS is its own. The clock starts
    once the modules are imported, on both sides: an import is a fixed cost of a process,
    not work on the rows (hibah's is reported apart)."""
    if kind in ("bare", "amounts", "floor"):
        import duckdb

        register = raw / "register.csv"
        select, options = "*", ""
        if kind != "bare":  # each amount column read as well, by the least SQL that can
            with register.open(encoding="utf-8") as lines:
                amounts = [c for c in next(lines).rstrip("\n").split(";") if "(Rp)" in c]
            select += "".join(
                f", try_cast(replace(regexp_replace(\"{c}\", '^\\s*Rp\\.?\\s*', ''), '.', '') "
                f'as bigint) as "{c} read"'
                for c in amounts
            )
        if kind == "floor":  # every cell kept as written, as the warehouse's raw layer does
            options = ", all_varchar = true"
        started = time.perf_counter()
        if kind == "floor":  # the file's SHA-256, which raw.files keeps and figure ids use
            digest = hashlib.sha256()
            with register.open("rb") as data:
                while chunk := data.read(1 << 20):
                    digest.update(chunk)
        con = duckdb.connect(str(work / f"{kind}.duckdb"))
        con.execute(
            # store_rejects: the short rows would fail the bare load; hibah keeps them too
            f"create table t as select {select} from read_csv($f, store_rejects = true{options})",
            {"f": str(register)},
        )
        con.close()
        return {"total": time.perf_counter() - started, "rss_mb": _rss_mb()}
    import datetime as dt

    imported = time.perf_counter()
    from hibah import publish, stages, warehouse
    from hibah.ingest.files import inventory
    from hibah.reports import data as report_data
    from hibah.reports.page import refresh_site, write_site

    started = time.perf_counter()
    times = {}
    t = time.perf_counter()
    ingested = stages.ingest(raw, None)
    times["ingest"] = time.perf_counter() - t
    t = time.perf_counter()
    checked = stages.validate(ingested)
    times["validate"] = time.perf_counter() - t
    t = time.perf_counter()
    db = work / "hibah.duckdb"
    run = warehouse.RunInfo("bench", None, dt.datetime.now(dt.UTC))
    staging = publish.staging_db(db, run.run_id)
    staging.parent.mkdir(parents=True)
    counts = stages.build_warehouse(staging, run, ingested, checked)
    times["warehouse"] = time.perf_counter() - t  # complete; published with its site
    to_warehouse = time.perf_counter() - started
    t = time.perf_counter()
    site = work / "reports"
    write_site(report_data.load(staging), publish.staging_site(db, run.run_id))
    publish.publish(db, site, run.run_id)
    times["reports"] = time.perf_counter() - t
    exports = _size(site / "exports")
    size = _size(site) - exports  # reports/ holds links: the sizes are of what they lead to
    # the stages again with no file changed: the last run's figures are confirmed
    t = time.perf_counter()
    files = inventory(raw)
    last = warehouse.confirmable(db, files)
    again = warehouse.RunInfo("bench-again", None, dt.datetime.now(dt.UTC))
    staging = publish.staging_db(db, again.run_id)
    staging.parent.mkdir(parents=True)
    warehouse.confirm(staging, run=again, previous=db, files=files)
    folder = publish.staging_site(db, again.run_id)
    if last is None or not refresh_site(report_data.load(staging), site, folder, last):
        raise SystemExit("the second run did not confirm the first")
    publish.publish(db, site, again.run_id)
    times["again"] = time.perf_counter() - t
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    sums = dict(
        con.execute(
            "select region_code || '|' || body, sum(amount_idr)::bigint from core.allocations "
            "where source_file = 'register.csv' group by all"
        ).fetchall()
    )
    defects = dict(
        con.execute(
            "select rule_id, count(*) from audit.findings where severity = 'error' group by all"
        ).fetchall()
    )
    con.close()
    counts.pop("accounting")
    return {
        "to_warehouse": to_warehouse,
        "imports": started - imported,
        "times": times,
        "site_mb": size / 1e6,
        "exports_mb": exports / 1e6,
        "rss_mb": _rss_mb(),
        "sums": sums,
        "defects": defects,
        "counts": counts,
    }


def children(
    script: str, kinds: tuple[str, ...], raw: Path, work: Path, rows: int, repeat: int
) -> dict:
    """Each measurement of ``kinds`` in a process of its own (``script --child kind raw
    work``, printing its results as JSON on its last line), so that peak RSS is its own;
    all of them ``repeat`` times, in turn (a machine's drift falls on every kind alike), each
    in a folder of its own. Of each kind, the run of the median time."""
    runs: dict[str, list[dict]] = {kind: [] for kind in kinds}
    for turn in range(repeat):
        folder = work / "measured" / str(turn)
        folder.mkdir(parents=True)
        for kind in kinds:
            out = subprocess.run(
                [sys.executable, script, "--child", kind, str(raw), str(folder)],
                capture_output=True,
                text=True,
                check=False,
                cwd=ROOT,
            )
            if out.returncode:
                raise SystemExit(f"{kind} at {rows:,} rows failed:\n{out.stderr[-3000:]}")
            runs[kind].append(json.loads(out.stdout.strip().splitlines()[-1]))
        shutil.rmtree(folder)
    return {
        kind: sorted(found, key=lambda r: r.get("to_warehouse", r.get("total")))[len(found) // 2]
        for kind, found in runs.items()
    }


def _size(folder: Path) -> int:
    """Bytes of the files below ``folder``, through links (reports/ and reports/exports are
    links into the published run's folder)."""
    return sum(
        os.path.getsize(os.path.join(top, name))
        for top, _, names in os.walk(folder, followlinks=True)
        for name in names
    )


def _rss_mb() -> float:
    """This process's peak RSS in MB: on Linux its own memory's high-water mark (VmHWM).
    getrusage's peak in a child is the parent's, when the parent's was higher as it started
    the child (a parent holding 500 MB: 510 MB by getrusage, 8.7 MB by VmHWM, in a child
    that did nothing); a workbook bench's parent holds the workbook XlsxWriter writes."""
    with contextlib.suppress(OSError):
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@contextlib.contextmanager
def prefect_server(folder: Path):
    """A Prefect server of its own (own PREFECT_HOME, a free port); yields its API URL once
    it answers."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = os.environ | {
        "PREFECT_HOME": str(folder),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "DO_NOT_TRACK": "1",
    }
    prefect = str(Path(sys.executable).with_name("prefect"))
    log = (folder / "server.log").open("w")
    server = subprocess.Popen(
        [prefect, "server", "start", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}/api"
    try:
        deadline = time.monotonic() + 180
        while True:
            try:
                with urllib.request.urlopen(f"{url}/health", timeout=2) as answer:
                    if answer.status == 200:
                        break
            except OSError as exc:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit(f"the Prefect server did not start: see {log.name}") from exc
                time.sleep(0.5)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


# Prefect's fixed cost, as a user pays it: a fresh process that imports Prefect and runs a
# flow of one task that does nothing against the same server; and the same for hibah's
# stack: a process that imports hibah's flow module (Prefect, pandas, pandera, DuckDB,
# great-tables: their imports, and their teardown at exit, 0.3 s more than Prefect's alone)
# and runs a flow of as many tasks that do nothing as a first run of hibah's flow runs
# without workers (inventory, prepare, read, combine, validate, build-warehouse,
# build-reports, publish). What `hibah run` adds beyond its stages is set against these.
HIBAH_TASKS = 8
EMPTY_FLOW = """
import sys
if sys.argv[2] == "stack":
    import hibah.pipeline
from prefect import flow, task

@task
def nothing():
    return None

@flow
def empty(tasks):
    for _ in range(tasks):
        nothing()

empty(int(sys.argv[1]))
"""


def empty_flow(api_url: str, tasks: int = 1, stack: bool = False) -> float:
    """Wall time of a flow of ``tasks`` tasks that do nothing, in a process of its own (that
    first imports hibah's flow module with ``stack``)."""
    env = os.environ | {
        "PREFECT_API_URL": api_url,
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "DO_NOT_TRACK": "1",
        "UV_COMPILE_BYTECODE": "1",
    }
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-c", EMPTY_FLOW, str(tasks), "stack" if stack else "prefect"],
        env=env,
        check=True,
        capture_output=True,
        cwd=ROOT,
    )
    return time.perf_counter() - started


def hibah_run(raw: Path, work: Path, api_url: str) -> float:
    """Wall time of one ``hibah run`` (a process of its own) against the server."""
    env = os.environ | {
        "PREFECT_API_URL": api_url,
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "DO_NOT_TRACK": "1",
        "UV_COMPILE_BYTECODE": "1",
    }
    hibah = str(Path(sys.executable).with_name("hibah"))
    (work / "cli").mkdir(exist_ok=True)
    started = time.perf_counter()
    out = subprocess.run(
        [
            hibah,
            "run",
            "--raw",
            str(raw),
            "--db",
            str(work / "cli" / "hibah.duckdb"),
            "--reports",
            str(work / "cli" / "reports"),
        ],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    if out.returncode:
        raise SystemExit(f"hibah run failed:\n{out.stderr[-3000:]}")
    return time.perf_counter() - started


def measure(
    rows: int,
    api_url: str | None,
    wide: bool = False,
    line_end: str = "lf",
    repeat: int = 3,
) -> None:
    with tempfile.TemporaryDirectory(prefix="hibah-scale-") as folder:
        raw, work = Path(folder) / "raw", Path(folder) / "work"
        (raw / "reference").mkdir(parents=True)
        work.mkdir()
        shutil.copy(ROOT / "raw/reference/regions.csv", raw / "reference")
        (raw / "sources.csv").write_text(
            "file;title;notes\nregister.csv;Synthetic line-item register;generated by "
            "bench/scale.py for scale only\n"
        )
        end = LINE_ENDS[line_end]
        expected = generate(raw / "register.csv", rows, wide=wide, line_end=end)
        size_mb = (raw / "register.csv").stat().st_size / 1e6
        os.sync()  # the register written out, not flushed while a load is timed
        kinds = ("bare", "amounts", "floor", "hibah")
        results = children(__file__, kinds, raw, work, rows, repeat)
        bare, amounts, hibah = results["bare"], results["amounts"], results["hibah"]
        floor = results["floor"]["total"]
        sums_ok = hibah["sums"] == expected["sums"]
        defects = {k: v for k, v in expected["defects"].items() if v}
        defects_ok = {k: hibah["defects"].get(k, 0) for k in defects} == defects
        again = hibah["times"].pop("again")
        stages_text = ", ".join(f"{k} {v:.2f} s" for k, v in hibah["times"].items())
        first_stages = hibah["to_warehouse"] + hibah["times"]["reports"]
        stages_text += (
            f"; the stages again with nothing changed {again:.2f} s = "
            f"{again / first_stages:.0%} of {first_stages:.2f} s"
        )
        served = ""
        if api_url:
            first, rerun = hibah_run(raw, work, api_url), hibah_run(raw, work, api_url)
            empty = empty_flow(api_url)
            stack = empty_flow(api_url, HIBAH_TASKS, stack=True)
            served = (
                f"; hibah run (server up) {first:.2f} s = stages {first_stages:.2f} s + "
                f"{first - first_stages:.2f} s (an empty flow of one task takes {empty:.2f} s; "
                f"of {HIBAH_TASKS} tasks, importing hibah's stack first, {stack:.2f} s; "
                f"hibah's imports {hibah['imports']:.2f} s), again with nothing changed "
                f"{rerun:.2f} s = {rerun / first:.0%} of the first"
            )
        layout = (" (wide)" if wide else "") + (f" ({line_end})" if line_end != "lf" else "")
        print(
            f"{rows:>10,} rows{layout} ({size_mb:,.0f} MB; median of {repeat}): bare load "
            f"{bare['total']:.2f} s "
            f"({bare['rss_mb']:,.0f} MB RSS); hibah to warehouse {hibah['to_warehouse']:.2f} s "
            f"= {hibah['to_warehouse'] / bare['total']:.2f}x (the bare load reading the "
            f"amounts as well {amounts['total']:.2f} s, hibah "
            f"{hibah['to_warehouse'] / amounts['total']:.2f}x it; the least the warehouse's "
            f"contract asks, with no check (the file's SHA-256, every cell stored as written, "
            f"the amounts read) {floor:.2f} s = {floor / bare['total']:.2f}x the bare load; "
            f"{stages_text}; imports "
            f"{hibah['imports']:.2f} s, not counted; "
            f"{hibah['rss_mb']:,.0f} MB RSS); pages {hibah['site_mb']:.1f} MB, exports "
            f"{hibah['exports_mb']:.1f} MB; "
            f"sums equal: {sums_ok}; defects quarantined by rule: {defects_ok} {defects}"
            f"{served}",
            flush=True,
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, action="append", help="register size (repeatable)")
    parser.add_argument(
        "--no-server", action="store_true", help="skip the `hibah run` timings (no Prefect server)"
    )
    parser.add_argument(
        "--wide", action="store_true", help="an amount column per stage (Pagu, Realisasi)"
    )
    parser.add_argument(
        "--line-end", choices=LINE_ENDS, default="lf", help="how the register's lines end"
    )
    parser.add_argument(
        "--repeat",
        type=int,
        default=3,
        help="times each measurement is taken, in turn; the median is reported (default 3)",
    )
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, raw, work = args.child
        print(json.dumps(child(kind, Path(raw), Path(work))))
        return
    sizes = args.rows or [10_000, 100_000, 1_000_000]
    if args.no_server:
        for rows in sizes:
            measure(rows, None, args.wide, args.line_end, args.repeat)
        return
    with (
        tempfile.TemporaryDirectory(prefix="hibah-prefect-") as home,
        prefect_server(Path(home)) as api_url,
    ):
        for rows in sizes:
            measure(rows, api_url, args.wide, args.line_end, args.repeat)


if __name__ == "__main__":
    main()
