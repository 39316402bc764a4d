"""Report build time and size: the shipped raw/ against a synthetic national dataset.

    uv run python bench/reports.py

The synthetic set is for scale only: every one of the 545 regions that voted gets an NPHD
figure for each of the four bodies from two publications (one of them rounded), plus
tranches for KPU; amounts are drawn around Nunukan's real figures. Prints, for each, the
time to build the warehouse and to build the report site, the number of pages and their size.
Then it draws the national site again with great-tables' own cell hooks (`FAST_CELLS` off in
hibah/reports/tables/cells.py), alternating with hibah's, and prints both medians.
"""

from __future__ import annotations

import datetime as dt
import random
import shutil
import statistics
import tempfile
import time
from pathlib import Path

import duckdb

from hibah import stages, warehouse
from hibah.reports import data as report_data
from hibah.reports import tables
from hibah.reports.page import write_site

ROOT = Path(__file__).resolve().parent.parent
BASE = {
    "KPU": 34_000_000_000,
    "Bawaslu": 13_825_543_000,
    "Polri": 5_971_710_000,
    "TNI": 1_028_290_000,
}


def synthetic_raw(folder: Path, seed: int = 2024) -> Path:
    rng = random.Random(seed)
    (folder / "reference").mkdir(parents=True)
    shutil.copy(ROOT / "raw" / "reference" / "regions.csv", folder / "reference")
    shutil.copy(ROOT / "raw" / "reference" / "dpt.csv", folder / "reference")
    lines = ["Kode Wilayah;Penerima Hibah;Lembaga;Tahap;Nilai;Tanggal;Sumber"]
    regions = (ROOT / "raw" / "reference" / "regions.csv").read_text().splitlines()[1:]
    for line in regions:
        code, name, _, level, votes = line.split(";")
        if votes != "ya":
            continue
        scale = 8 if level == "provinsi" else 1
        for body, base in BASE.items():
            amount = int(base * scale * rng.uniform(0.4, 2.5)) // 1000 * 1000
            lines.append(
                f"{code};{body} {name};{body};NPHD;Rp {amount:,};10/11/2023;"
                f"https://example.org/a/{code}".replace(",", ".")
            )
            rounded = f"Rp{amount / 1e9:.1f} miliar".replace(".", ",")
            lines.append(
                f"{code};{body};{body};NPHD;{rounded};11/11/2023;https://example.org/b/{code}"
            )
            if body == "KPU":
                t1 = amount * 2 // 5
                lines.append(
                    f"{code};{body};{body};Tahap I;Rp {t1:,};24/11/2023;"
                    f"https://example.org/a/{code}".replace(",", ".")
                )
                lines.append(
                    f"{code};{body};{body};Tahap II;Rp {amount - t1:,};20/06/2024;"
                    f"https://example.org/a/{code}".replace(",", ".")
                )
    (folder / "national.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def measure(raw: Path, out: Path) -> dict:
    out.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    ingested = stages.ingest(raw)
    checked = stages.validate(ingested)
    db = out / "hibah.duckdb"
    stages.build_warehouse(
        db, warehouse.RunInfo("bench", None, dt.datetime.now(dt.UTC)), ingested, checked
    )
    built = time.perf_counter()
    site = write_site(report_data.load(db), out / "reports").parent
    done = time.perf_counter()
    pages = list(site.glob("*.html"))
    exports = list((site / "exports").iterdir())
    with duckdb.connect(str(db), read_only=True) as con:
        # registers are loaded by DuckDB, not into `checked`: count what the warehouse holds
        (records,) = con.execute("select count(*) from core.allocations").fetchone()
    return {
        "records": records,
        "warehouse_s": built - start,
        "reports_s": done - built,
        "pages": len(pages),
        "html_mb": sum(p.stat().st_size for p in pages) / 1e6,
        "largest": max(pages, key=lambda p: p.stat().st_size).name,
        "largest_mb": max(p.stat().st_size for p in pages) / 1e6,
        "exports_mb": sum(p.stat().st_size for p in exports) / 1e6,
    }


def cells_compared(db: Path, out: Path, rounds: int = 2) -> dict[bool, float]:
    """Median time to draw the site from ``db`` with hibah's cell hooks and with
    great-tables' own, alternating (True, False, False, True, ...)."""
    times: dict[bool, list[float]] = {True: [], False: []}
    for round_ in range(rounds):
        for fast in (True, False) if round_ % 2 == 0 else (False, True):
            tables.cells.FAST_CELLS = fast
            start = time.perf_counter()
            write_site(report_data.load(db), out / f"{fast}-{round_}")
            times[fast].append(time.perf_counter() - start)
    tables.cells.FAST_CELLS = True
    return {fast: statistics.median(t) for fast, t in times.items()}


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        results = {
            "shipped raw/": measure(ROOT / "raw", (tmp / "a").resolve()),
            "545 regions (synthetic)": measure(synthetic_raw(tmp / "raw"), tmp / "b"),
        }
        cells = cells_compared(tmp / "b" / "hibah.duckdb", tmp / "c")
    for name, r in results.items():
        print(
            f"{name}: {r['records']} records · warehouse {r['warehouse_s']:.1f} s · "
            f"reports {r['reports_s']:.1f} s · {r['pages']} pages, {r['html_mb']:.1f} MB "
            f"(largest {r['largest']} {r['largest_mb']:.1f} MB) · exports "
            f"{r['exports_mb']:.1f} MB"
        )
    a, b = results.values()
    print(
        f"report build ratio, national / shipped: {b['reports_s'] / a['reports_s']:.1f}x for "
        f"{b['records'] / a['records']:.0f}x the records"
    )
    print(
        f"national site, median of 2: hibah's cell hooks {cells[True]:.1f} s, great-tables' "
        f"own {cells[False]:.1f} s ({cells[False] / cells[True]:.1f}x)"
    )


if __name__ == "__main__":
    main()
