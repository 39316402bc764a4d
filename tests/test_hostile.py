"""Hostile and broken input never fails a run: each case becomes a finding on its row or
file, and the warehouse, pages and exports are still written. Synthetic files built on
real figures (Nunukan's grants), for defect tests."""

from __future__ import annotations

import datetime as dt
import shutil

import duckdb
import pytest
from openpyxl import load_workbook

from hibah import stages, warehouse
from hibah.reports import data as report_data
from hibah.reports.page import write_site
from tests.conftest import HEADER, RAW

SRC = "https://example.org/synthetic-hostile"


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("hostile-run")
    raw = out / "raw"
    (raw / "reference").mkdir(parents=True)
    (raw / "press").mkdir()
    shutil.copy(RAW / "reference" / "regions.csv", raw / "reference" / "regions.csv")
    nunukan = "65.03;Kabupaten Nunukan"
    (raw / "amounts.csv").write_text(
        "\n".join(
            [
                HEADER,
                f"1;{nunukan};KPU;KPU;NPHD;Rp {'1234567890' * 4};31/10/2024;{SRC}",
                f"2;{nunukan};Polri;Polri;NPHD;Rp 99999999 triliun;31/10/2024;{SRC}",
                f"3;{nunukan};TNI;TNI;NPHD;1 miliar 28 juta 290 ribu rupiah;31/10/2024;{SRC}",
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    (raw / "repeated.csv").write_text(
        "No;Nilai;Nilai;Kode Wilayah;Pemerintah Daerah;Lembaga;Tahap;Sumber\n"
        f"1;Rp 34 miliar;Rp 34 miliar;{nunukan};KPU;NPHD;{SRC}\n",
        encoding="utf-8",
    )
    (raw / "nul.csv").write_text(
        "Kode Wilayah;Lembaga;Tahap;Nilai;Sumber;Keterangan\n"
        f"65.03;Bawaslu;NPHD;13 miliar 825 juta 543 rupiah;{SRC};catatan\x00rusak\n",
        encoding="utf-8",
    )
    (raw / "press" / "release.txt").write_text(
        "Nunukan - Pada Kamis (20/3), Bupati menyerahkan hibah ke KPU Kabupaten Nunukan "
        "sebesar Rp 34 miliar.\n",
        encoding="utf-8",
    )
    outside = out / "outside.csv"
    outside.write_text(
        HEADER + f"\n1;{nunukan};KPU;KPU;NPHD;Rp 777 miliar;31/10/2024;{SRC}\n", encoding="utf-8"
    )
    (raw / "link.csv").symlink_to(outside)
    manifest = "file;title;publisher;kind;edition;licence;source_url;published;notes\n"
    manifest += f"press/release.txt;t;p;press;;;{SRC};9999-12-31;synthetic\n"
    (raw / "sources.csv").write_text(manifest, encoding="utf-8")
    ingested = stages.ingest(raw)
    checked = stages.validate(ingested)
    db = out / "hibah.duckdb"
    run = warehouse.RunInfo("r1", None, dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    stages.build_warehouse(db, run, ingested, checked)
    write_site(report_data.load(db), out / "reports")
    return db, out / "reports"


def _findings(db) -> list[tuple[str, str, str]]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(
            "select rule_id, source_file, locator from audit.findings order by all"
        ).fetchall()


def test_amounts_past_bigint_are_findings_on_their_rows(hostile_run):
    found = _findings(hostile_run[0])
    assert ("amount-unreadable", "amounts.csv", "row 2") in found
    assert ("amount-unreadable", "amounts.csv", "row 3") in found
    with duckdb.connect(str(hostile_run[0]), read_only=True) as con:  # the good row is kept
        kept = con.execute(
            "select amount_idr from core.allocations where source_file = 'amounts.csv'"
        ).fetchall()
    assert kept == [(1_028_290_000,)]


def test_a_repeated_header_keeps_both_columns_and_says_so(hostile_run):
    assert ("header-repeated", "repeated.csv", "file") in _findings(hostile_run[0])
    with duckdb.connect(str(hostile_run[0]), read_only=True) as con:
        (cells,) = con.execute(
            "select cells from raw.rows where source_file = 'repeated.csv'"
        ).fetchone()
        loaded = con.execute(
            "select count(*) from core.allocations where source_file = 'repeated.csv'"
        ).fetchone()
    assert '"Nilai": "Rp 34 miliar"' in cells and '"Nilai (2)": "Rp 34 miliar"' in cells
    assert loaded == (1,)


def test_a_nul_in_a_cell_is_kept_in_the_warehouse_and_cleaned_in_spreadsheets(hostile_run):
    db, site = hostile_run
    with duckdb.connect(str(db), read_only=True) as con:
        (note,) = con.execute(
            "select note from core.allocations where source_file = 'nul.csv'"
        ).fetchone()
    assert "catatan\x00rusak" in note
    sheet = load_workbook(site / "exports" / "allocations.xlsx").active  # it was written
    (row,) = [row for row in sheet.iter_rows(values_only=True) if "nul.csv" in row]
    assert any("catatan\ufffdrusak" in str(cell) for cell in row)


def test_an_impossible_publication_date_is_a_finding_and_the_text_still_read(hostile_run):
    db = hostile_run[0]
    assert ("published-date-unusable", "press/release.txt", "file") in _findings(db)
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute(
            "select count(*) from core.allocations where source_file = 'press/release.txt'"
        ).fetchone() == (1,)


def test_a_link_out_of_raw_is_refused_and_never_read(hostile_run):
    db = hostile_run[0]
    assert ("file-outside-raw", "link.csv", "file") in _findings(db)
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute(
            "select count(*) from core.allocations where amount_idr = 777000000000"
        ).fetchone() == (0,)
        assert con.execute(
            "select sha256, size_bytes from raw.files where source_file = 'link.csv'"
        ).fetchone() == ("", 0)  # not even opened to hash it


def test_check_refuses_a_link_out_of_the_folder_it_is_given(tmp_path, capsys):
    from hibah.cli import main

    raw = tmp_path / "raw"
    raw.mkdir()
    outside = tmp_path / "outside.csv"
    outside.write_text(
        HEADER + f"\n1;65.03;Kabupaten Nunukan;KPU;KPU;NPHD;Rp 777 miliar;31/10/2024;{SRC}\n",
        encoding="utf-8",
    )
    (raw / "link.csv").symlink_to(outside)
    (raw / "ok.csv").write_text(
        HEADER + f"\n1;65.03;Kabupaten Nunukan;KPU;KPU;NPHD;Rp 34 miliar;31/10/2024;{SRC}\n",
        encoding="utf-8",
    )
    assert main(["check", str(raw)]) == 1  # an error finding, not a crash
    out = capsys.readouterr().out
    assert "file-outside-raw (error): 1" in out and "link.csv" in out
    assert "Rp777" not in out and "loaded 1" in out


def test_a_press_text_over_its_budget_is_a_finding_naming_it(tmp_path, monkeypatch):
    from hibah.ingest import press

    raw = tmp_path / "raw"
    (raw / "reference").mkdir(parents=True)
    (raw / "press").mkdir()
    shutil.copy(RAW / "reference" / "regions.csv", raw / "reference" / "regions.csv")
    (raw / "press" / "huge.txt").write_text("KPU menerima Rp1 miliar. " * 100, encoding="utf-8")
    monkeypatch.setattr(press, "TEXT_BUDGET", 1_000)  # 100,000 figures took 5.9 GB
    ingested = stages.ingest(raw)
    (finding,) = [
        f
        for f in ingested.file_findings
        if f["source_file"] == "press/huge.txt" and f["rule_id"] == "file-unreadable"
    ]
    assert "more than the 1,000 a press text is read to" in finding["message"]


def test_a_press_file_over_its_byte_budget_is_not_parsed(tmp_path, monkeypatch):
    """A page of markup (a 50 MB one took 44 s to parse for one figure) is refused on its
    size, before any parsing, with a finding naming the budget."""
    from hibah.ingest import press

    raw = tmp_path / "raw"
    (raw / "reference").mkdir(parents=True)
    (raw / "press").mkdir()
    shutil.copy(RAW / "reference" / "regions.csv", raw / "reference" / "regions.csv")
    page = "<p>KPU Kabupaten Nunukan menerima Rp34 miliar.</p>" + "<div>x</div>" * 1_000
    (raw / "press" / "page.html").write_text(page, encoding="utf-8")
    monkeypatch.setattr(press, "BYTES_BUDGET", 10_000)
    parsed = []
    monkeypatch.setattr(press, "document_text", lambda *a: parsed.append(a) or "")
    ingested = stages.ingest(raw)
    (finding,) = [
        f
        for f in ingested.file_findings
        if f["source_file"] == "press/page.html" and f["rule_id"] == "file-unreadable"
    ]
    assert (
        f"{len(page.encode()):,} bytes, more than the 10,000 a press file is read to"
        in (finding["message"])
    )
    assert parsed == []


def test_a_previous_warehouse_that_does_not_open_is_said_not_silently_dropped(tmp_path):
    previous = tmp_path / "hibah.duckdb"
    previous.write_bytes(b"not a DuckDB file at all" * 100)
    ingested = stages.ingest(RAW)
    checked = stages.validate(ingested)
    run = warehouse.RunInfo("r2", None, dt.datetime(2026, 1, 2, tzinfo=dt.UTC))
    staging = tmp_path / "staging.duckdb"
    stages.build_warehouse(staging, run, ingested, checked, previous=previous)
    with duckdb.connect(str(staging), read_only=True) as con:
        (message,) = con.execute(
            "select message from audit.findings where rule_id = 'history-unavailable'"
        ).fetchone()
    assert message.startswith("hibah.duckdb: the previous warehouse cannot be opened")


def test_text_that_is_not_utf8_says_what_it_could_not_read(tmp_path):
    raw = tmp_path / "raw"
    (raw / "reference").mkdir(parents=True)
    shutil.copy(RAW / "reference" / "regions.csv", raw / "reference" / "regions.csv")
    row = f"1;65.03;Kabupaten Nunukan;KPU;KPU;NPHD;Rp 34 miliar;31/10/2024;{SRC}\n"
    # cp1252 text: "é" reads as a character, byte 0x81 has none there
    (raw / "cp.csv").write_bytes((HEADER + "\n").encode() + b"\x81" + row.encode("cp1252"))
    ingested = stages.ingest(raw)
    (finding,) = [f for f in ingested.file_findings if f["rule_id"] == "bytes-replaced"]
    assert "1 byte(s)" in finding["message"] and finding["source_file"] == "cp.csv"


def test_a_warehouse_held_open_for_writing_stops_the_run_in_words(tmp_path):
    import subprocess
    import sys

    db = tmp_path / "hibah.duckdb"
    duckdb.connect(str(db)).close()
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import duckdb, sys; c = duckdb.connect(sys.argv[1]); "
            "print('held', flush=True); sys.stdin.read()",
            str(db),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"  # an analyst's read-write session
        ingested = stages.ingest(RAW)
        checked = stages.validate(ingested)
        run = warehouse.RunInfo("r2", None, dt.datetime(2026, 1, 2, tzinfo=dt.UTC))
        with pytest.raises(warehouse.WarehouseBusy, match=f"PID {holder.pid}"):
            stages.build_warehouse(tmp_path / "new.duckdb", run, ingested, checked, previous=db)
    finally:
        holder.stdin.close()
        holder.wait(timeout=60)
