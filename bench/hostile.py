"""Hostile and broken input: each case as `hibah run` meets it, timed, with its peak memory.

    uv run python bench/hostile.py            # every case
    uv run python bench/hostile.py nul xfd    # some (names below)

Each case is a raw/ folder of its own: the shipped region reference and one hostile file
(synthetic, for defect tests, built on a real figure: Nunukan's KPU grant). `hibah run`
reads it against one Prefect server started for all cases (so none pays for starting
one), into a warehouse of its own. The script prints, per case, the exit code, the wall
time, the peak RSS of the run (its process and those it waited for), the records loaded
and the findings on the hostile file by rule: whether the case became data or a finding,
within 1 GiB and seconds.
"""

from __future__ import annotations

import argparse
import io
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import duckdb
from openpyxl import Workbook
from scale import prefect_server  # bench/scale.py

ROOT = Path(__file__).resolve().parent.parent
HEADER = "No;Kode Wilayah;Pemerintah Daerah;Lembaga;Tahap;Nilai;Tanggal;Sumber"
SRC = "https://example.org/synthetic-hostile"
ROW = f"65.03;Kabupaten Nunukan;KPU;NPHD;Rp 34.000.000.000;31/10/2024;{SRC}"
PRESS = (
    "Nunukan - Pada Kamis (20/3), Bupati menyerahkan hibah ke KPU Kabupaten Nunukan "
    "sebesar Rp 34 miliar. "
)


def _table(rows: list[str]) -> str:
    return "\n".join([HEADER, *rows]) + "\n"


def _xlsx(raw: Path, edit: Callable[[str], str], fill: Callable | None = None) -> None:
    """A small register as XLSX, its sheet XML then edited (what openpyxl would not write)."""
    book = Workbook()
    sheet = book.active
    for row in (HEADER.split(";"), ["1", *ROW.split(";")]):
        sheet.append(row)
    if fill:
        fill(sheet)
    buffer = io.BytesIO()
    book.save(buffer)
    with zipfile.ZipFile(buffer) as src, zipfile.ZipFile(raw / "register.xlsx", "w") as out:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = edit(data.decode()).encode()
            out.writestr(item, data, compress_type=zipfile.ZIP_DEFLATED)


def big_csv(raw: Path, rows: int = 1_600_000, spanning: int = 0, mixed: bool = False) -> None:
    """About 200 MB: a register of 1.6 million lines; with ``spanning``, every so many rows'
    last cell is typed over two lines (quoted), as a spreadsheet exports a line break; with
    ``mixed``, every other line ends in \\r\\n, as in files joined from two systems (and
    the line break within a cell with it)."""
    line = f"65.03;Kabupaten Nunukan;KPU;NPHD;Rp 1.250.000;31/10/2024;{SRC};"
    one = "x" * 30
    with (raw / "big.csv").open("w", encoding="utf-8", newline="") as f:
        f.write(HEADER + ";Uraian\n")
        for i in range(rows):
            end = "\r\n" if mixed and i % 2 else "\n"
            two = '"' + "x" * 15 + end + "x" * 15 + '"'
            f.write(f"{i + 1};{line}{two if spanning and i % spanning == 0 else one}{end}")


def outside_link(raw: Path) -> None:
    outside = raw.parent / "outside.csv"
    outside.write_text(_table([f"1;{ROW.replace('34.000', '777.000')}"]), encoding="utf-8")
    (raw / "link.csv").symlink_to(outside)


def press(raw: Path, text: str, published: str = "2024-03-21") -> None:
    (raw / "press").mkdir(exist_ok=True)
    (raw / "press" / "release.txt").write_text(text, encoding="utf-8")
    (raw / "sources.csv").write_text(
        "file;title;publisher;kind;edition;licence;source_url;published;notes\n"
        f"press/release.txt;t;p;press;;;{SRC};{published};synthetic\n",
        encoding="utf-8",
    )


def html_page(raw: Path) -> None:
    press(raw, "")
    (raw / "press" / "release.txt").rename(raw / "press" / "page.html")
    body = "<p>" + PRESS + "</p>" + "<div>x</div>" * 4_200_000
    (raw / "press" / "page.html").write_text(f"<html><body>{body}</body></html>", "utf-8")
    manifest = raw / "sources.csv"
    manifest.write_text(manifest.read_text().replace("release.txt", "page.html"), "utf-8")


def merged(xml: str) -> str:
    return re.sub(r'<mergeCell ref="[^"]+"/>', '<mergeCell ref="A5:XFD1048576"/>', xml)


CASES: dict[str, tuple[str, Callable[[Path], None]]] = {
    "digits-40": (
        "a cell with a 40-digit amount",
        lambda raw: (raw / "a.csv").write_text(
            _table([f"1;{ROW.replace('34.000.000.000', '1' * 40)}"]), encoding="utf-8"
        ),
    ),
    "triliun": (
        '"Rp 99999999 triliun"',
        lambda raw: (raw / "a.csv").write_text(
            _table([f"1;{ROW.replace('34.000.000.000', '99999999 triliun')}"]), encoding="utf-8"
        ),
    ),
    "header-repeated": (
        "a header naming a column twice",
        lambda raw: (raw / "a.csv").write_text(
            "No;Nilai;Nilai;Kode Wilayah;Pemerintah Daerah;Lembaga;Tahap;Sumber\n"
            f"1;Rp 34 miliar;Rp 34 miliar;65.03;Kabupaten Nunukan;KPU;NPHD;{SRC}\n",
            encoding="utf-8",
        ),
    ),
    "published-9999": (
        'published 9999-12-31 with a "(20/3)" date in the text',
        lambda raw: press(raw, PRESS, "9999-12-31"),
    ),
    "link-outside": ("a link in raw/ to a CSV outside it", outside_link),
    "nul": (
        "a NUL byte inside a cell",
        lambda raw: (raw / "a.csv").write_text(
            f"{HEADER};Keterangan\n1;{ROW};catatan\x00rusak\n", encoding="utf-8"
        ),
    ),
    "xfd": (
        "an XLSX with one cell at XFD1048576",
        lambda raw: _xlsx(raw, lambda x: x, lambda sheet: sheet.cell(1048576, 16384, "x")),
    ),
    "merged": (
        "an XLSX with a merged range A5:XFD1048576",
        lambda raw: _xlsx(raw, merged, lambda sheet: sheet.merge_cells("A5:B6")),
    ),
    "rp-100k": (
        'a press text of 100,000 times "Rp1 miliar"',
        lambda raw: press(raw, PRESS + "Rp1 miliar " * 100_000),
    ),
    "digits-30k": (
        'a 30 KB run of "1.1.1.1…" in a press text',
        lambda raw: press(raw, PRESS + "Rp " + "1." * 15_000),
    ),
    "digits-60k": (
        'a 60 KB run of "1.1.1.1…" in a press text',
        lambda raw: press(raw, PRESS + "Rp " + "1." * 30_000),
    ),
    "sentences-100k": (
        "100,000 grant sentences in one press text",
        lambda raw: press(raw, PRESS * 100_000),
    ),
    "csv-200mb": ("a 200 MB CSV (1.6 million rows)", big_csv),
    "csv-spanning": (
        "the 200 MB CSV with a cell over two lines every 1,000 rows",
        lambda raw: big_csv(raw, spanning=1_000),
    ),
    "csv-mixed-ends": (
        "the 200 MB CSV, every other line ending in \\r\\n",
        lambda raw: big_csv(raw, mixed=True),
    ),
    "csv-mixed-spanning": (
        "the same, with a cell over two lines every 1,001 rows",
        lambda raw: big_csv(raw, spanning=1_001, mixed=True),
    ),
    "html-50mb": ("a 50 MB HTML page", html_page),
    "binary": (
        "binary bytes named .csv",
        lambda raw: (raw / "a.csv").write_bytes(os.urandom(5_000_000)),
    ),
    "line-10mb": (
        "a press text of one 10 MB line, no full stop",
        lambda raw: press(raw, "Rp 34 miliar KPU Nunukan " * 400_000),
    ),
}


def run_case(name: str, folder: Path, url: str) -> dict:
    raw = folder / "raw"
    (raw / "reference").mkdir(parents=True)
    shutil.copy(ROOT / "raw" / "reference" / "regions.csv", raw / "reference")
    CASES[name][1](raw)
    db = folder / "hibah.duckdb"
    argv = [
        str(Path(sys.executable).with_name("hibah")),
        "run",
        "--raw",
        str(raw),
        "--db",
        str(db),
        "--reports",
        str(folder / "reports"),
    ]
    env = os.environ | {"PREFECT_API_URL": url}
    started = time.perf_counter()
    with (folder / "stderr.txt").open("w+") as err:
        run = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(run.pid, 0)
        seconds = time.perf_counter() - started
        err.seek(0)
        said = err.read().strip().splitlines()
    out = {
        "code": os.waitstatus_to_exitcode(status),
        "s": seconds,
        "rss_mib": usage.ru_maxrss / 1024,
        "said": said[-1] if said else "",
    }
    if out["code"] == 0:
        with duckdb.connect(str(db), read_only=True) as con:
            out["loaded"] = con.execute(
                "select count(*) from core.allocations where source_file <> ''"
            ).fetchone()[0]
            out["findings"] = con.execute(
                "select rule_id || ' ' || count(*) from audit.findings "
                "where source_file not like 'reference/%' and severity <> 'info' "
                "group by rule_id order by rule_id"
            ).fetchall()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("cases", nargs="*", help=f"cases to run (default: all): {', '.join(CASES)}")
    names = parser.parse_args().cases or list(CASES)
    if unknown := set(names) - set(CASES):
        parser.error(f"unknown cases: {', '.join(sorted(unknown))}")
    with (
        tempfile.TemporaryDirectory(prefix="hibah-hostile-") as tmp,
        prefect_server(Path(tmp)) as url,
    ):
        print(f"{'case':<18} {'exit':>4} {'s':>7} {'RSS MiB':>8} {'loaded':>7}  findings")
        for name in names:
            out = run_case(name, Path(tmp) / name, url)
            found = ", ".join(f[0] for f in out.get("findings", [])) or "-"
            print(
                f"{name:<18} {out['code']:>4} {out['s']:7.1f} {out['rss_mib']:8.0f} "
                f"{out.get('loaded', '-'):>7}  {found}",
                flush=True,
            )
            if out["code"] != 0:
                print(f"{'':<18} {out['said']}")
        print("\n" + "\n".join(f"{name:<18} {CASES[name][0]}" for name in names))


if __name__ == "__main__":
    main()
