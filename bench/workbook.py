"""Line-item registers as workbooks: hibah's stages on an XLSX against reading its cells alone.

    uv run python bench/workbook.py                # 10k and 100k rows
    uv run python bench/workbook.py --rows 300000  # one size
    uv run python bench/workbook.py --rows 1000000 --sheets 4  # its rows over 4 sheets

The workbook is synthetic, for scale only: bench/scale.py's register (Indonesian headers,
dot thousands, about 0.5% defective rows) written as one sheet of text cells with
XlsxWriter, with shared strings as Excel writes them; with ``--sheets N``, its rows over N
sheets, each under the header, as a register of a sheet per province is. Its short rows
are left out: a spreadsheet row that stops early is no defect. In one run, per size, it times

- reading the workbook's cells alone, as hibah reads them (calamine, once the workbook's
  XML is proven to lie near A1), and as openpyxl's sheet parser reads them (hibah's reader
  for any other workbook, and for every one before calamine);
- hibah's stages up to the built warehouse (ingest → validate → warehouse), plain
  functions, no Prefect;

each in a process of its own with its peak RSS, and prints the ratio, the figures the
register gave, whether their sums equal the generator's sums of its clean rows, and whether
every defective row is quarantined with its rule.
"""

from __future__ import annotations

import argparse
import itertools
import json
import shutil
import tempfile
import time
from pathlib import Path

from scale import ROOT, _rss_mb, children, generate


def write_workbook(csv: Path, xlsx: Path, sheets: int = 1) -> None:
    import xlsxwriter

    def rows():  # a short row is left out: a spreadsheet has none
        with csv.open(encoding="utf-8") as lines:
            header = next(lines).rstrip("\n").split(";")
            yield header
            for line in lines:
                if len(cells := line.rstrip("\n").split(";")) == len(header):
                    yield cells

    # the CSV's rows read as they are written, never all held
    per_sheet = -(-(sum(1 for _ in rows()) - 1) // sheets)
    book = xlsxwriter.Workbook(str(xlsx))
    read = rows()
    header = next(read)
    for number in range(sheets):
        sheet = book.add_worksheet(f"Rincian {number + 1}" if sheets > 1 else "Rincian")
        sheet.write_row(0, 0, header)
        for row, cells in enumerate(itertools.islice(read, per_sheet), 1):
            for column, text in enumerate(cells):
                sheet.write_string(row, column, text)
    book.close()


def child(kind: str, raw: Path, work: Path) -> dict:
    if kind in ("cells", "openpyxl"):
        from hibah.ingest.files import inventory
        from hibah.ingest.tabular.sheets import _openpyxl_sheets, _xlsx_sheets, collector_paused

        file = next(f for f in inventory(raw) if f.path == "register.xlsx")
        read = _xlsx_sheets if kind == "cells" else _openpyxl_sheets
        started = time.perf_counter()
        with collector_paused():  # as hibah's table reader reads
            sheets = list(read(file, file.abs_path.read_bytes()))  # a sheet at a time
        return {
            "total": time.perf_counter() - started,
            "rows": sum(len(s.rows) for s in sheets),
            "rss_mb": _rss_mb(),
        }
    import datetime as dt

    import duckdb

    from hibah import publish, stages, warehouse

    started = time.perf_counter()
    times = {}
    t = time.perf_counter()
    ingested = stages.ingest(raw, None)
    times["ingest"] = time.perf_counter() - t
    t = time.perf_counter()
    checked = stages.validate(ingested)
    times["validate"] = time.perf_counter() - t
    t = time.perf_counter()
    run = warehouse.RunInfo("bench", None, dt.datetime.now(dt.UTC))
    staging = publish.staging_db(work / "hibah.duckdb", run.run_id)
    staging.parent.mkdir(parents=True)
    stages.build_warehouse(staging, run, ingested, checked)
    times["warehouse"] = time.perf_counter() - t
    total = time.perf_counter() - started
    con = duckdb.connect(str(staging), read_only=True)
    sums = dict(
        con.execute(
            "select region_code || '|' || body, sum(amount_idr)::bigint from core.allocations "
            "group by all"
        ).fetchall()
    )
    figures = con.execute("select count(*) from core.allocations").fetchone()[0]
    defects = dict(
        con.execute(
            "select rule_id, count(*) from audit.findings where severity = 'error' group by all"
        ).fetchall()
    )
    con.close()
    return {
        "total": total,
        "times": times,
        "figures": figures,
        "sums": sums,
        "defects": defects,
        "rss_mb": _rss_mb(),
    }


def measure(rows: int, sheets: int) -> None:
    with tempfile.TemporaryDirectory(prefix="hibah-workbook-") as folder:
        raw, work = Path(folder) / "raw", Path(folder) / "work"
        (raw / "reference").mkdir(parents=True)
        work.mkdir()
        shutil.copy(ROOT / "raw/reference/regions.csv", raw / "reference")
        (raw / "sources.csv").write_text(
            "file;title;notes\nregister.xlsx;Synthetic line-item register;generated by "
            "bench/workbook.py for scale only\n"
        )
        expected = generate(Path(folder) / "register.csv", rows)
        write_workbook(Path(folder) / "register.csv", raw / "register.xlsx", sheets)
        size_mb = (raw / "register.xlsx").stat().st_size / 1e6
        results = children(__file__, ("cells", "openpyxl", "hibah"), raw, work, rows)
        cells, openpyxl, hibah = results["cells"], results["openpyxl"], results["hibah"]
        defects = {k: v for k, v in expected["defects"].items() if v and k != "row-malformed"}
        defects_ok = {k: hibah["defects"].get(k, 0) for k in defects} == defects
        stages_text = ", ".join(f"{k} {v:.2f} s" for k, v in hibah["times"].items())
        print(
            f"{rows:>9,} rows in {sheets} sheet(s) ({size_mb:,.1f} MB): "
            f"cells read {cells['total']:.2f} s "
            f"({cells['rss_mb']:,.0f} MB RSS; by openpyxl {openpyxl['total']:.2f} s = "
            f"{openpyxl['total'] / cells['total']:.1f}x, {openpyxl['rss_mb']:,.0f} MB RSS); "
            f"hibah to warehouse {hibah['total']:.2f} s "
            f"= {hibah['total'] / cells['total']:.2f}x ({stages_text}; "
            f"{hibah['rss_mb']:,.0f} MB RSS); {hibah['figures']:,} figures; "
            f"sums equal: {hibah['sums'] == expected['sums']}; "
            f"defects quarantined by rule: {defects_ok} {defects}",
            flush=True,
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, action="append", help="register size (repeatable)")
    parser.add_argument("--sheets", type=int, default=1, help="sheets the rows are spread over")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, raw, work = args.child
        print(json.dumps(child(kind, Path(raw), Path(work))))
        return
    for rows in args.rows or [10_000, 100_000]:
        measure(rows, args.sheets)


if __name__ == "__main__":
    main()
