"""Registers read in bulk by DuckDB: same records as the row reader, line items summed, every
defective row quarantined with its rule and its line, and the Pandera checks compiled to SQL
failing exactly where Pandera fails. The registers written here are synthetic (defect tests)."""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import functools
import io
import re
import shutil
from dataclasses import replace
from pathlib import Path

import duckdb
import pandas as pd
import pandera.pandas as pa
import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from hibah import stages, warehouse
from hibah.bulk_load import sql_amount
from hibah.ingest.files import LineScan, _LineCounter
from hibah.ingest.tabular.records import _TOTALS
from hibah.parse.amounts import parse_amount
from hibah.schemas.allocation import ALLOCATION_COLUMNS, allocation_schema
from hibah.schemas.sql import failure_predicates

ROOT = Path(__file__).resolve().parent.parent
RUN = warehouse.RunInfo("test-run", None, dt.datetime(2025, 1, 1, tzinfo=dt.UTC))


def build(raw: Path, tmp: Path, bulk_min_rows: int) -> duckdb.DuckDBPyConnection:
    ingested = stages.ingest(raw, None, bulk_min_rows=bulk_min_rows)
    checked = stages.validate(ingested)
    db = tmp / f"w{bulk_min_rows}.duckdb"
    stages.build_warehouse(db, RUN, ingested, checked)
    return duckdb.connect(str(db), read_only=True)


def raw_folder(root: Path) -> Path:
    """A raw folder under ``root`` holding only the gazetteer (reference/regions.csv)."""
    raw = root / "raw"
    (raw / "reference").mkdir(parents=True)
    shutil.copy(ROOT / "raw" / "reference" / "regions.csv", raw / "reference")
    return raw


def read_both(raw: Path, tmp: Path) -> tuple[duckdb.DuckDBPyConnection, duckdb.DuckDBPyConnection]:
    """``raw``'s one table read by DuckDB (bulk_min_rows=0) and by the row reader, asserted
    alike (`assert_read_alike`): the two warehouses."""
    in_bulk = build(raw, tmp, bulk_min_rows=0)
    assert in_bulk.execute("select count(*) from raw.line_files").fetchone()[0] == 1
    by_rows = build(raw, tmp, bulk_min_rows=10**9)
    assert_read_alike(in_bulk, by_rows)
    return in_bulk, by_rows


def assert_read_alike(in_bulk: duckdb.DuckDBPyConnection, by_rows: duckdb.DuckDBPyConnection):
    """The same figures (but their evidence), findings and accounting in both warehouses."""
    figures = (
        "select * exclude (evidence) from core.allocations order by source_file, row_number, "
        "locator, body, stage"
    )
    assert in_bulk.execute(figures).fetchall() == by_rows.execute(figures).fetchall()
    findings = (
        "select rule_id, source_file, row_number, locator, observed, message "
        "from audit.findings order by all"
    )
    assert in_bulk.execute(findings).fetchall() == by_rows.execute(findings).fetchall()
    accounting = "select * exclude (run_id) from audit.file_accounting order by source_file"
    assert in_bulk.execute(accounting).fetchall() == by_rows.execute(accounting).fetchall()


def read_table_both(tmp_path: Path, name: str, text: str) -> duckdb.DuckDBPyConnection:
    """``text`` (lines of ``;``-separated cells) as the CSV or the workbook (one sheet,
    "Rekap") ``name``, read both ways and asserted alike (`read_both`): DuckDB's warehouse."""
    raw = raw_folder(tmp_path)
    if name.endswith(".csv"):
        (raw / name).write_text(text)
    else:
        _workbook(raw / name, {"Rekap": _lines(text)})
    (raw / "sources.csv").write_text(f"file;title;source_url\n{name};t;https://example.org/\n")
    return read_both(raw, tmp_path)[0]


def test_bulk_reads_the_shipped_registers_as_the_row_reader_does(tmp_path):
    by_rows = build(ROOT / "raw", tmp_path, bulk_min_rows=10**9)
    in_bulk = build(ROOT / "raw", tmp_path, bulk_min_rows=0)
    assert in_bulk.execute("select count(*) from raw.line_files").fetchone()[0] >= 7
    assert_read_alike(in_bulk, by_rows)


def test_an_xls_workbook_reads_alike_in_bulk_and_row_by_row(tmp_path):
    # Excel 97-2003 (tests/fixtures/xls/rekap.xls): a wide sheet and a long one, read by
    # calamine, then as any workbook's sheets
    raw = raw_folder(tmp_path)
    shutil.copy(ROOT / "tests" / "fixtures" / "xls" / "rekap.xls", raw)
    (raw / "sources.csv").write_text("file;title;source_url\nrekap.xls;t;https://example.org/\n")
    in_bulk, _ = read_both(raw, tmp_path)
    accounting = "select rows_read, loaded, quarantined, skipped from audit.file_accounting"
    assert in_bulk.execute(accounting).fetchall() == [(9, 6, 0, 3)]


def test_columns_of_one_field_read_alike_in_bulk_and_row_by_row(tmp_path):
    # two recipient columns (the first is read) and a province beside the regency (the
    # regency is the region): DuckDB and the row reader take the same columns
    raw = raw_folder(tmp_path)
    (raw / "lpj.csv").write_text(
        "Provinsi;Kabupaten/Kota;Penerima Hibah;Nama Penerima;Lembaga;Tahap;Nilai (Rp)\n"
        "Kalimantan Utara;Kabupaten Nunukan;KPU Nunukan;Sekretariat;KPU;NPHD;34.000.000.000\n"
        "Kalimantan Utara;Kabupaten Nunukan;Bawaslu Nunukan;Sekretariat;Bawaslu;NPHD;"
        "13.825.543.000\n"
    )
    (raw / "sources.csv").write_text("file;title;source_url\nlpj.csv;t;https://example.org/\n")
    in_bulk, _ = read_both(raw, tmp_path)
    assert in_bulk.execute(
        "select region_code, recipient_unit, amount_idr from core.allocations order by 3"
    ).fetchall() == [
        ("65.03", "Bawaslu Nunukan", 13_825_543_000),
        ("65.03", "KPU Nunukan", 34_000_000_000),
    ]


# A table of regions with a column for each body, as provincial recaps lay them out: the
# stage in the title, the row's total last (not read); and one with a stage column.
BODIES_AS_COLUMNS = [
    (
        "REKAPITULASI NPHD PILKADA 2024\n"
        "No;Kabupaten/Kota;KPU;Bawaslu;Polres;Kodim;Jumlah\n"
        "1;Kabupaten Nunukan;34.000.000.000;13.825.543.000;5.971.710.000;1.028.290.000;"
        "54.825.543.000\n"
        "2;Jumlah;34.000.000.000;13.825.543.000;5.971.710.000;1.028.290.000;54.825.543.000\n",
        [
            ("row 3, Bawaslu", "Bawaslu", "nphd", 13_825_543_000),
            ("row 3, KPU", "KPU", "nphd", 34_000_000_000),
            ("row 3, Kodim", "TNI", "nphd", 1_028_290_000),
            ("row 3, Polres", "Polri", "nphd", 5_971_710_000),
        ],
    ),
    (
        "Kabupaten/Kota;Tahap;KPU (Rp);Bawaslu (Rp)\n"
        "Kabupaten Nunukan;NPHD;34.000.000.000;13.825.543.000\n"
        "Kabupaten Nunukan;Tahap I;13.600.000.000;\n",
        [
            ("row 2, Bawaslu (Rp)", "Bawaslu", "nphd", 13_825_543_000),
            ("row 2, KPU (Rp)", "KPU", "nphd", 34_000_000_000),
            ("row 3, KPU (Rp)", "KPU", "tranche_1", 13_600_000_000),
        ],
    ),
    (  # a stage column, and amount columns naming no stage (DuckDB's load once failed here)
        "Kode Wilayah;Pemerintah Daerah;Lembaga;Tahap;Nilai;Jumlah\n"
        "65.03;Kabupaten Nunukan;KPU;NPHD;34.000.000.000;\n"
        "65.03;Kabupaten Nunukan;Bawaslu;NPHD;;13.825.543.000\n",
        [
            ("row 2, Nilai", "KPU", "nphd", 34_000_000_000),
            ("row 3, Jumlah", "Bawaslu", "nphd", 13_825_543_000),
        ],
    ),
]


@pytest.mark.parametrize(("text", "expected"), BODIES_AS_COLUMNS)
@pytest.mark.parametrize("name", ["rekap.csv", "rekap.xlsx"])
def test_a_table_with_a_column_a_body_reads_alike_in_bulk_and_row_by_row(
    tmp_path, text, expected, name
):
    in_bulk = read_table_both(tmp_path, name, text)
    figures = (
        "select regexp_replace(locator, '^sheet ''Rekap'' ', ''), body, stage, amount_idr "
        "from core.allocations order by 1"
    )
    assert in_bulk.execute(figures).fetchall() == expected


@pytest.mark.parametrize("numbers", ["1;2;3;4;5;6", "(1);(2);(3);(4);(5);(6)=(5)"])
@pytest.mark.parametrize("name", ["lpj.csv", "lpj.xlsx"])
def test_a_row_numbering_the_columns_under_the_header_is_skipped(tmp_path, numbers, name):
    # as official formats print it; and a code not written as a code is reported as such,
    # not also as unknown, by both readers
    text = (
        "Daftar hibah\n"
        "No;Kode Wilayah;Pemerintah Daerah;Lembaga;Tahap;Nilai (Rp)\n"
        f"{numbers}\n"
        "1;65.03;Kabupaten Nunukan;KPU;NPHD;34.000.000.000\n"
        "2;2;Kabupaten Nunukan;Bawaslu;NPHD;13.825.543.000\n"
    )
    in_bulk = read_table_both(tmp_path, name, text)
    skipped = "select row_number, reason from raw.rows where disposition = 'skipped' order by 1"
    assert in_bulk.execute(skipped).fetchall() == [
        (1, "title row above the header"),
        (3, "column numbers under the header"),
    ]
    quarantined = "select row_number, rule_ids from audit.quarantine"
    assert in_bulk.execute(quarantined).fetchall() == [(5, ["region-code-format"])]
    accounting = "select rows_read, loaded, quarantined, skipped from audit.file_accounting"
    assert in_bulk.execute(accounting).fetchall() == [(4, 1, 1, 2)]


# Excel's Accounting format shows zero as a dash, and a CSV saved from it writes one: such
# a cell holds no figure (not an unreadable one), and a row of them none at all.
DASHES = [
    (  # a wide table: the row of dashes skipped, none quarantined
        "Kode Wilayah;Pemerintah Daerah;Lembaga;Nilai NPHD (Rp);Tahap I (Rp);Tahap II (Rp)\n"
        "65.03;Kabupaten Nunukan;KPU;34.000.000.000; Rp 13.600.000.000 ; Rp -   \n"
        "65.03;Kabupaten Nunukan;Bawaslu;13.825.543.000;-;\u2013\n"
        "65.03;Kabupaten Nunukan;Polri; - ;-,-;Rp. -\n",
        [
            ("row 2, Nilai NPHD (Rp)", 34_000_000_000),
            ("row 2, Tahap I (Rp)", 13_600_000_000),
            ("row 3, Nilai NPHD (Rp)", 13_825_543_000),
        ],
        (4, 3, 0, 1),
    ),
    (  # a long one
        "Kode Wilayah;Pemerintah Daerah;Lembaga;Tahap;Nilai (Rp)\n"
        "65.03;Kabupaten Nunukan;KPU;NPHD;34.000.000.000\n"
        "65.03;Kabupaten Nunukan;Bawaslu;NPHD; Rp -  \n",
        [("row 2", 34_000_000_000)],
        (2, 1, 0, 1),
    ),
]


@pytest.mark.parametrize(("text", "figures", "counts"), DASHES)
@pytest.mark.parametrize("name", ["rekap.csv", "rekap.xlsx"])
def test_a_dash_alone_in_an_amount_cell_is_no_figure(tmp_path, name, text, figures, counts):
    in_bulk = read_table_both(tmp_path, name, text)
    read = (
        "select regexp_replace(locator, '^sheet ''Rekap'' ', ''), amount_idr "
        "from core.allocations order by 1"
    )
    assert in_bulk.execute(read).fetchall() == figures
    accounting = "select rows_read, loaded, quarantined, skipped from audit.file_accounting"
    assert in_bulk.execute(accounting).fetchall() == [counts]


REGISTER = """\
LAPORAN PERTANGGUNGJAWABAN HIBAH PILKADA 2024 (data sintetis untuk uji)
Kode Wilayah;Pemerintah Daerah;Lembaga;Tahap;Uraian;Nilai (Rp);Tanggal
65.03;Kabupaten Nunukan;KPU;Realisasi;Honor PPK;Rp 1.000.000;12/03/2024
65.03;Kabupaten Nunukan;KPU;Realisasi;Honor PPS;2.500.000;12/03/2024

65.03;Kabupaten Nunukan;KPU;Realisasi;Sewa gudang logistik;Rp 3 juta;13/03/2024
65.03;Kabupaten Nunukan;Bawaslu;Realisasi;Honor Panwascam;Rp 7.000.000;13/03/2024
65.03;Kabupaten Nunukan;Bawaslu;Realisasi;Alat tulis;Rp 12,50;13/03/2024
99.99;Kabupaten Entah;KPU;Realisasi;Honor;Rp 1.000.000;13/03/2024
65.03;Kabupaten Nunukan;Pramuka;Realisasi;Honor;Rp 1.000.000;13/03/2024
65.03;Kabupaten Nunukan;KPU;Realisasi;Honor;Rp 1.000.000;31/02/2024
65.03;Kabupaten Nunukan;KPU;Realisasi;Honor;Rp 1.000.000
65.03;Kabupaten Nunukan;Polri;Realisasi;Honor;0;13/03/2024
65.03;Kabupaten Nunukan;TNI;Realisasi;Honor;Rp 4.000.000;13/03/2022
;;;;Jumlah;Rp 19.500.000;
65;Provinsi Kalimantan Utara;Polri;Realisasi;Pengamanan TPS;Rp 2.000.000;14/03/2024
"""


@pytest.fixture
def register_raw(tmp_path) -> Path:
    raw = raw_folder(tmp_path)
    (raw / "lpj-sintetis.csv").write_text(REGISTER, encoding="utf-8")
    (raw / "sources.csv").write_text(
        "file;title;source_url\nlpj-sintetis.csv;synthetic register;https://example.org/lpj\n"
    )
    return raw


def test_line_items_are_summed_and_every_defect_kept_with_its_line(register_raw, tmp_path):
    con = build(register_raw, tmp_path, bulk_min_rows=10**9)  # line items go bulk at any size
    figures = con.execute(
        "select region_code, body, stage, amount_idr, locator from core.allocations order by all"
    ).fetchall()
    assert figures == [
        ("65", "Polri", "realized", 2_000_000, "rows 16-16 (1 line items)"),
        ("65.03", "Bawaslu", "realized", 7_000_000, "rows 7-7 (1 line items)"),
        ("65.03", "KPU", "realized", 6_500_000, "rows 3-6 (3 line items)"),
    ]
    items = con.execute(
        "select row_number, line_item, amount_idr from core.line_items "
        "where body = 'KPU' order by row_number"
    ).fetchall()
    assert items == [
        (3, "Honor PPK", 1_000_000),
        (4, "Honor PPS", 2_500_000),
        (6, "Sewa gudang logistik", 3_000_000),
    ]
    quarantined = con.execute(
        "select row_number, rule_id from audit.findings where severity = 'error' order by all"
    ).fetchall()
    assert quarantined == [
        (8, "amount-unreadable"),
        (9, "region-unknown"),
        (10, "body-unknown"),
        (11, "date-unreadable"),
        (12, "row-malformed"),
        (13, "amount-not-positive"),
        (14, "date-outside-calendar"),
    ]
    skipped = con.execute(
        "select row_number, reason from raw.rows where disposition = 'skipped' order by all"
    ).fetchall()
    assert skipped == [(1, "title row above the header"), (5, "blank row")]
    totals = con.execute(
        "select row_number, skip_reason from raw.line_records where skip_reason is not null"
    ).fetchall()
    assert totals == [(15, "totals row (not a grant)")]
    accounting = con.execute(
        "select rows_read, loaded, quarantined, skipped, balanced from audit.file_accounting"
    ).fetchall()
    assert accounting == [(15, 5, 7, 3, True)]


# Rows alike in every cell but the line item, amount, date and note are checked as one unit;
# a unit that fails or is skipped must still report each of its rows on its own line.
UNITS = """\
Kode Wilayah;Pemerintah Daerah;Lembaga;Tahap;Uraian;Nilai (Rp);Tanggal
99.99;Kabupaten Entah;KPU;Realisasi;Honor PPK;Rp 1.000.000;12/03/2024
99.99;Kabupaten Entah;KPU;Realisasi;Honor PPS;Rp 2.000.000;13/03/2024
65.03;Kabupaten Nunukan;KPU;Realisasi;Honor PPK;Rp 1.000.000;12/03/2024
65.03;Kabupaten Nunukan; KPU ;Realisasi;Honor PPS;Rp 2.000.000;Rabu, 14/03/2024
65.03;Kabupaten Nunukan;KPU;Realisasi;Sewa gudang;Rp 3.000.000;13/03/2024
;Jumlah;KPU;Realisasi;Honor;Rp 6.000.000;13/03/2024
;Jumlah;KPU;Realisasi;Sewa;Rp 3.000.000;13/03/2024
"""


def test_rows_checked_as_one_unit_are_reported_each_on_its_line(register_raw, tmp_path):
    (register_raw / "lpj-sintetis.csv").write_text(UNITS, encoding="utf-8")
    con = build(register_raw, tmp_path, bulk_min_rows=10**9)
    figures = con.execute(
        "select region_code, body, amount_idr, as_of, locator, flags from core.allocations"
    ).fetchall()
    # " KPU " reads as KPU: one figure; its latest date; 14/03/2024 was a Thursday
    assert figures == [
        (
            "65.03",
            "KPU",
            6_000_000,
            dt.date(2024, 3, 14),
            "rows 4-6 (3 line items)",
            ["weekday-mismatch"],
        ),
    ]
    failing = con.execute(
        "select row_number, rule_id from audit.findings where severity = 'error' order by all"
    ).fetchall()
    assert failing == [(2, "region-unknown"), (3, "region-unknown")]
    skipped = con.execute(
        "select row_number, skip_reason from raw.line_records "
        "where skip_reason is not null order by all"
    ).fetchall()
    assert skipped == [(7, "totals row (not a grant)"), (8, "totals row (not a grant)")]
    assert con.execute(
        "select rows_read, loaded, quarantined, skipped, balanced from audit.file_accounting"
    ).fetchall() == [(7, 3, 2, 2, True)]


# --- the same checks in two places must fail on the same rows ------------------------------

ROSTER = ["65", "65.03", "65.71", "11.01"]
codes = st.sampled_from([*ROSTER, "65.3", "6503", "99", "99.99", "٦٥", "65\n", "65.03 "])
texts = st.sampled_from(["KPU", "Bawaslu", "Polri", "TNI", "kpu", "", "nphd", "budget", "x"])
levels = st.sampled_from(["provinsi", "kabupaten", "kota", None])
elections = st.sampled_from(["gubernur", "bupati", "walikota", None])
dates = st.one_of(st.none(), st.dates(dt.date(2022, 6, 1), dt.date(2026, 6, 1)))
amounts = st.integers(-(10**13), 10**13)


@st.composite
def records(draw) -> pd.DataFrame:
    n = draw(st.integers(1, 12))
    rows = []
    for i in range(n):
        rows.append(
            {
                "allocation_id": f"id{i}",
                "region_code": draw(codes),
                "region_name": None,
                "province_code": None,
                "grantor_level": draw(levels),
                "election": draw(elections),
                "body": draw(texts),
                "recipient_unit": None,
                "stage": draw(st.sampled_from(["nphd", "budget", "tranche_1", "x", "NPHD"])),
                "amount_idr": draw(amounts),
                "amount_precision_idr": 1,
                "approximate": False,
                "as_of": draw(dates),
                "amount_text": "",
                "source_url": None,
                "source_file": "f.csv",
                "row_number": i,
                "locator": f"row {i}",
                "evidence": "",
            }
        )
    frame = pd.DataFrame(rows, columns=ALLOCATION_COLUMNS)
    for col in ("region_name", "province_code", "recipient_unit", "source_url"):
        frame[col] = frame[col].astype("str")
    frame["as_of"] = frame["as_of"].astype("object").where(frame["as_of"].notna(), None)
    return frame


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(records())
def test_pandera_and_its_sql_fail_the_same_rows_check_by_check(frame):
    schema = allocation_schema(ROSTER)
    try:
        schema.validate(frame, lazy=True)
        by_pandera: set[tuple[int, str]] = set()
    except pa.errors.SchemaErrors as exc:
        cases = exc.failure_cases
        by_pandera = {
            (int(r.index), str(r.check)) for r in cases.itertuples() if r.index == r.index
        }
    con = duckdb.connect()
    con.register("frame", frame.assign(ordinal=range(len(frame))))
    by_sql = set()
    for name, _, predicate in failure_predicates(schema):
        for (ordinal,) in con.execute(f"select ordinal from frame where {predicate}").fetchall():
            by_sql.add((int(ordinal), name))
    assert by_sql == by_pandera


amount_texts = st.one_of(
    st.integers(0, 10**15).map(lambda v: f"{v:,}".replace(",", ".")),
    st.integers(0, 10**15).map(lambda v: f"{v:,}"),
    st.integers(0, 10**15).map(str),
    st.builds(
        lambda prefix, body, tail: f"{prefix}{body}{tail}",
        st.sampled_from(["", "Rp", "Rp ", "Rp. ", "RP", "IDR ", "rp.", " "]),
        st.integers(0, 10**12).map(lambda v: f"{v:,}".replace(",", ".")),
        st.sampled_from(["", ",00", ",-", " ", ",5", " juta", ".5"]),
    ),
    st.text(alphabet="0123456789.,Rp -", max_size=20),
)


@settings(max_examples=400, deadline=None)
@given(amount_texts)
def test_sql_reads_an_amount_only_as_the_python_parser_does(text):
    con = duckdb.connect()
    value = con.execute(f"select {sql_amount('$t')}", {"t": text}).fetchone()[0]
    if value is None:
        return  # SQL leaves it to the Python parser
    amount = parse_amount(text)  # must not raise: SQL read something Python would refuse
    assert (amount.value, amount.precision, amount.approximate, amount.flags) == (
        value,
        1,
        False,
        (),
    )


def test_sql_leaves_to_python_what_it_cannot_read_exactly():
    con = duckdb.connect()
    for text in [
        "Rp 5.000.000,50",
        "12.50",
        "1,5",
        "Rp13,8 miliar",
        "1.23.456",
        "-5.000",
        "1 juta",
    ]:
        value = con.execute(f"select {sql_amount('$t')}", {"t": text}).fetchone()[0]
        assert value is None, text


totals_texts = st.lists(
    st.sampled_from(
        [
            "jumlah",
            "JUMLAH",
            "Jumlah:",
            "total",
            "TOTAL",
            "Sub Total",
            "sub\ttotal",
            "Grand",
            "grand total",
            "totalitas",
            "subtotal",
            "Jml",
            "Honor",
            " ",
            "  ",
            ":",
            "x",
            "1",
            "-",
        ]
    ),
    max_size=5,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(totals_texts)
def test_sql_finds_a_totals_cell_as_the_row_reader_does(text):
    """raw.is_totals_text (a quick ilike before its expression) against the row reader's."""
    con = duckdb.connect()
    ddl = (ROOT / "sql" / "ddl" / "05_lines.sql").read_text()
    macro = ddl[ddl.index("create macro raw.is_totals_text") :].split(";")[0]
    con.execute("create schema raw")
    con.execute(macro)
    found = con.execute("select raw.is_totals_text($t)", {"t": text}).fetchone()[0]
    assert found == bool(_TOTALS.match(text)), text


@settings(max_examples=300, deadline=None)
@given(st.lists(totals_texts | st.text(max_size=6), min_size=1, max_size=5))
def test_a_row_the_row_reader_finds_a_totals_row_names_jumlah_or_total(cells):
    """plan_sheets looks for totals rows only where the row, lowered, names jumlah or total."""
    from hibah.ingest.tabular.records import _is_totals_row

    value = {"region_name": cells[0], "region_code": cells[-1]}
    low = " | ".join(cells).lower()
    assert not _is_totals_row(value, cells) or "jumlah" in low or "total" in low


def test_the_designs_canonical_columns_are_read_in_bulk_and_row_by_row(tmp_path):
    raw = raw_folder(tmp_path)
    (raw / "canonical.csv").write_text(
        "region_code,region_name,body,recipient_unit,stage,amount_idr,as_of,source_url\n"
        "65.03,Kabupaten Nunukan,KPU,KPU Kabupaten Nunukan,nphd,34000000000,2024-10-31,"
        "https://example.org/a\n"
        "65,Provinsi Kalimantan Utara,Bawaslu,,nphd,47000000000,2023-11-09,https://example.org/b\n"
    )
    query = "select region_code, body, stage, amount_idr, as_of from core.allocations order by 1"
    expected = [
        ("65", "Bawaslu", "nphd", 47_000_000_000, dt.date(2023, 11, 9)),
        ("65.03", "KPU", "nphd", 34_000_000_000, dt.date(2024, 10, 31)),
    ]
    assert build(raw, tmp_path, bulk_min_rows=0).execute(query).fetchall() == expected
    assert build(raw, tmp_path, bulk_min_rows=10**9).execute(query).fetchall() == expected


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=40).map(lambda b: bytes(b'ab\n\r"'[x % 5] for x in b)), st.integers(1, 9))
def test_lines_and_blank_lines_are_counted_alike_whatever_the_chunks(data, size):
    counter = _LineCounter()
    for start in range(0, len(data), size):
        counter.feed(data[start : start + size])
    lines = data.split(b"\n") if data else []
    if data.endswith(b"\n"):
        lines = lines[:-1]
    blanks = tuple(i for i, line in enumerate(lines, start=1) if line in (b"", b"\r"))
    crlf, lf = data.count(b"\r\n"), data.count(b"\n")
    ends = (
        ("cr and lf" if lf else "cr")
        if data.count(b"\r") > crlf
        else "lf"
        if crlf == 0
        else "crlf"
        if crlf == lf
        else "mixed"
    )
    # Python's lines: each ends in \n, \r\n or \r alone, or at the end of the data
    python_lines = len(io.StringIO(data.decode(), newline="").readlines())
    expected = LineScan(len(lines), blanks, b'"' in data, line_ends=ends, python_lines=python_lines)
    assert counter.result() == expected
    lines_only = _LineCounter(find_blanks=False)
    for start in range(0, len(data), size):
        lines_only.feed(data[start : start + size])
    assert lines_only.result() == replace(expected, blank_lines=None)


@settings(max_examples=300, deadline=None)
@given(
    st.text(alphabet='ab\n\r"\u2013\U0001d11e', max_size=20),
    st.sampled_from(["utf-16-le", "utf-16-be"]),
    st.booleans(),
    st.integers(1, 9),
)
def test_a_utf16_files_text_is_counted_and_read_as_its_utf8_whatever_the_chunks(
    tmp_path_factory, text, encoding, cut_short, size
):
    from hibah.ingest.files import open_utf8, scan_lines

    bom = codecs.BOM_UTF16_LE if encoding == "utf-16-le" else codecs.BOM_UTF16_BE
    data = bom + text.encode(encoding) + b"\x00" * cut_short  # an odd byte last: U+FFFD
    utf8 = (text + "\ufffd" * cut_short).encode()
    counter = _LineCounter(utf16=True)
    for start in range(0, len(data), size):
        counter.feed(data[start : start + size])
    of_utf8 = _LineCounter()
    of_utf8.feed(utf8)
    expected = replace(of_utf8.result(), utf16=True, replaced=int(cut_short))
    assert counter.result() == expected
    path = tmp_path_factory.mktemp("utf16") / "t.csv"
    path.write_bytes(data)
    assert scan_lines(path) == expected
    with open_utf8(path) as handle:
        assert b"".join(iter(lambda: handle.read(size), b"")) == utf8


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=40).map(lambda b: bytes(b'ab\n\r"'[x % 5] for x in b)), st.integers(1, 9))
def test_a_files_lines_end_in_newlines_as_pythons_csv_reader_ends_them_whatever_the_chunks(
    data, size
):
    from hibah.ingest.files import chunks

    copy = b"".join(chunks(io.BytesIO(data), newlines=True, size=size))
    # Python's lines (newline=""): each ends in \r, \n or \r\n, or at the end of the data
    lines = [
        (line.rstrip("\r\n"), line[len(line.rstrip("\r\n")) :])
        for line in io.StringIO(data.decode(), newline="").readlines()
    ]
    assert copy == b"".join(body.encode() + b"\n" * bool(end) for body, end in lines)
    assert b"".join(chunks(io.BytesIO(data), size=size)) == data


@settings(max_examples=300, deadline=None)
@given(
    st.binary(min_size=1, max_size=40).map(lambda b: bytes(b"ab\n\r"[x % 4] for x in b)),
    st.integers(1, 9),
    st.data(),
)
def test_records_are_taken_from_the_register_as_written_whatever_the_chunks(data, size, draw):
    # the records of a register read from a copy whose lines end in newlines, as the
    # register itself writes them: its lines as Python's csv reader ends them, line ends kept
    import tempfile
    import types
    from unittest import mock

    from hibah.ingest import bulk

    lines = io.StringIO(data.decode(), newline="").readlines()
    starts = sorted(draw.draw(st.sets(st.integers(1, len(lines)), min_size=1, max_size=4)))
    ends = [*starts[1:], len(lines) + 1]  # a record runs at most to the next one
    records = {s: draw.draw(st.integers(0, e - s - 1)) for s, e in zip(starts, ends, strict=True)}
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "register.csv"
        path.write_bytes(data)
        plan = types.SimpleNamespace(file=types.SimpleNamespace(abs_path=path), encoding="utf-8")
        with mock.patch.object(bulk, "CHUNK_BYTES", size):
            texts = dict(bulk.record_texts(plan, records))
    assert texts == {s: "".join(lines[s - 1 : s + past]) for s, past in records.items()}


@pytest.mark.parametrize("tail", [b"", b"\n", b'"x"\r\n', b"\r"])
def test_a_large_file_counted_in_a_thread_gives_the_same_hash_and_lines(
    tmp_path, monkeypatch, tail
):
    """The threaded path of raw_file (large files) against the inline one, with chunks
    cut in the middle of lines."""
    from hibah.ingest import files

    path = tmp_path / "register.csv"
    path.write_bytes(b"".join(b"65.03;KPU;Rp %d\n" % i for i in range(20_000)) + tail)
    inline = files.raw_file(path, "register.csv")
    monkeypatch.setattr(files, "THREADED_HASH_BYTES", 0)
    monkeypatch.setattr(files, "THREADED_CHUNK_BYTES", 4099)
    threaded = files.raw_file(path, "register.csv")
    assert threaded == inline
    ends = {b"": "lf", b"\n": "lf", b'"x"\r\n': "mixed", b"\r": "cr and lf"}[tail]
    assert inline.lines == LineScan(
        20_000 + bool(tail), None, b'"' in tail, line_ends=ends, python_lines=20_000 + bool(tail)
    )


def test_pages_list_a_bounded_number_of_defective_rows_and_export_them_all(tmp_path):
    from hibah.reports import data as report_data
    from hibah.reports.page import ROWS_LISTED, write_site

    raw = raw_folder(tmp_path)
    lines = ["Kode Wilayah;Lembaga;Tahap;Uraian;Nilai (Rp)"]
    lines += [f"65.03;Pramuka;Realisasi;Honor {i};Rp 1.000.000" for i in range(ROWS_LISTED + 50)]
    lines += ["65.03;KPU;Realisasi;Honor PPK;Rp 2.000.000"]
    (raw / "lpj.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    con = build(raw, tmp_path, bulk_min_rows=10**9)
    assert con.execute("select count(*) from audit.quarantine").fetchone()[0] == ROWS_LISTED + 50
    db = tmp_path / f"w{10**9}.duckdb"
    con.close()
    site = write_site(report_data.load(db), tmp_path / "site").parent
    findings = (site / "findings.html").read_text(encoding="utf-8")
    assert f"The first {ROWS_LISTED} of {ROWS_LISTED + 50:,} are listed" in findings
    # each listed row names the body twice (message, evidence), in the rule and the quarantine
    assert findings.count("Pramuka") == 4 * ROWS_LISTED
    exported = pd.read_csv(site / "exports" / "findings.csv", encoding="utf-8-sig")
    assert (exported["rule_id"] == "body-unknown").sum() == ROWS_LISTED + 50


# --- tables Python reads (workbooks, CSVs DuckDB cannot read line for line) ----------------


def _workbook(path: Path, sheets: dict[str, list[list[str]]]) -> None:
    """An XLSX whose cells are all text, as many offices type them."""
    import openpyxl

    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for number, cells in enumerate(rows, 1):
            for column, text in enumerate(cells, 1):
                if text:
                    sheet.cell(number, column, text).data_type = "s"
    book.save(path)


def _lines(text: str) -> list[list[str]]:
    return [line.split(";") if line else [] for line in text.splitlines()]


def test_the_shipped_registers_as_workbooks_read_alike_by_duckdb_and_row_by_row(tmp_path):
    # Each long-layout register of raw/ as a one-sheet workbook of text cells: its rows
    # checked and loaded by DuckDB must give the row reader's figures, findings and counts.
    from hibah.ingest.bulk import plan_bulk
    from hibah.ingest.files import inventory
    from hibah.ingest.tabular import _csv_sheet

    raw = tmp_path / "raw"
    shutil.copytree(ROOT / "raw" / "reference", raw / "reference")
    sources = (ROOT / "raw" / "sources.csv").read_text(encoding="utf-8")
    converted = []
    for file in inventory(ROOT / "raw"):
        if file.role != "allocations" or plan_bulk(file, 0) is None:
            continue
        sheet = _csv_sheet(file, file.abs_path.read_bytes())
        _workbook(raw / f"{file.abs_path.stem}.xlsx", {"Data": [row for _, row, _ in sheet.rows]})
        sources = sources.replace(f"\n{file.path};", f"\n{file.abs_path.stem}.xlsx;")
        converted.append(file.path)
    (raw / "sources.csv").write_text(sources, encoding="utf-8")
    assert len(converted) >= 7
    by_rows = build(raw, tmp_path, bulk_min_rows=10**9)
    in_bulk = build(raw, tmp_path, bulk_min_rows=0)
    assert in_bulk.execute("select count(*) from raw.line_files").fetchone()[0] == len(converted)
    assert by_rows.execute("select count(*) from raw.line_files").fetchone()[0] == 0
    assert in_bulk.execute("select count(*) from core.allocations").fetchone()[0] > 50
    assert_read_alike(in_bulk, by_rows)


REKAP = [
    ["Kode Wilayah", "Pemerintah Daerah", "Lembaga", "Tahap", "Nilai (Rp)"],
    ["65.03", "Kabupaten Nunukan", "KPU", "NPHD", "Rp 34.000.000.000"],
]


def test_a_workbooks_line_item_sheets_are_summed_as_one_register(register_raw, tmp_path):
    # A summary sheet read row by row beside two sheets of line items: the line items of
    # both are one register's, summed per region, body and stage across the sheets.
    lines = _lines(REGISTER)
    header = lines[1]
    (register_raw / "lpj-sintetis.csv").unlink()
    _workbook(
        register_raw / "lpj.xlsx",
        {
            "Rekap": REKAP,
            "Rincian 1": lines[:7],  # title, header, KPU x2, a blank row, KPU, Bawaslu
            "Rincian 2": [header, *lines[7:]],  # the defective rows, totals, a Polri row
        },
    )
    (register_raw / "sources.csv").write_text(
        "file;title;source_url\nlpj.xlsx;synthetic register;https://example.org/lpj\n"
    )
    con = build(register_raw, tmp_path, bulk_min_rows=10**9)
    figures = con.execute(
        "select region_code, body, stage, amount_idr, locator from core.allocations order by all"
    ).fetchall()
    assert figures == [
        ("65", "Polri", "realized", 2_000_000, "sheet 'Rincian 2' rows 10-10 (1 line items)"),
        ("65.03", "Bawaslu", "realized", 7_000_000, "sheet 'Rincian 1' rows 7-7 (1 line items)"),
        ("65.03", "KPU", "nphd", 34_000_000_000, "sheet 'Rekap' row 2"),
        # the row without a date (line 12 of the CSV) is no short row in a sheet: it counts
        (
            "65.03",
            "KPU",
            "realized",
            7_500_000,
            "sheet 'Rincian 1' row 3 to sheet 'Rincian 2' row 6 (4 line items)",
        ),
    ]
    quarantined = con.execute(
        "select locator, rule_id from audit.findings where severity = 'error' order by all"
    ).fetchall()
    assert quarantined == [
        ("sheet 'Rincian 2' row 2", "amount-unreadable"),
        ("sheet 'Rincian 2' row 3", "region-unknown"),
        ("sheet 'Rincian 2' row 4", "body-unknown"),
        ("sheet 'Rincian 2' row 5", "date-unreadable"),
        ("sheet 'Rincian 2' row 7", "amount-not-positive"),
        ("sheet 'Rincian 2' row 8", "date-outside-calendar"),
    ]
    items = con.execute(
        "select locator, line_item, amount_idr from core.line_items "
        "where body = 'KPU' order by source_file, row_number, locator"
    ).fetchall()
    assert sorted(items) == sorted(
        [
            ("sheet 'Rincian 1' row 3", "Honor PPK", 1_000_000),
            ("sheet 'Rincian 1' row 4", "Honor PPS", 2_500_000),
            ("sheet 'Rincian 1' row 6", "Sewa gudang logistik", 3_000_000),
            ("sheet 'Rincian 2' row 6", "Honor", 1_000_000),
        ]
    )
    skipped = con.execute(
        "select locator, reason from raw.rows where disposition = 'skipped' "
        "union all select locator, skip_reason from raw.line_records "
        "where skip_reason is not null order by all"
    ).fetchall()
    assert skipped == [
        ("sheet 'Rincian 1' row 1", "title row above the header"),
        ("sheet 'Rincian 1' row 5", "blank row"),
        ("sheet 'Rincian 2' row 9", "totals row (not a grant)"),
    ]
    # every row read is loaded, quarantined or skipped: the summary's row and the line items
    assert con.execute(
        "select rows_read, loaded, quarantined, skipped, balanced from audit.file_accounting"
    ).fetchall() == [(16, 7, 6, 3, True)]


def test_a_register_in_cp1252_is_summed_as_the_same_in_utf8(register_raw, tmp_path):
    # Not UTF-8 (a cp1252 dash in its title), as Excel saves a CSV: DuckDB reads a UTF-8
    # copy of it; its rows are checked and summed as the UTF-8 register's are.
    for name in ("utf8", "cp1252"):
        (tmp_path / name).mkdir()
    utf8 = build(register_raw, tmp_path / "utf8", bulk_min_rows=10**9)
    (register_raw / "lpj-sintetis.csv").write_bytes(
        REGISTER.replace("PILKADA 2024 (", "PILKADA 2024 \u2013 (").encode("cp1252")
    )
    cp1252 = build(register_raw, tmp_path / "cp1252", bulk_min_rows=10**9)
    assert cp1252.execute("select count(*) from raw.line_files").fetchone()[0] == 1
    figures = "select * exclude (allocation_id, evidence) from core.allocations order by all"
    assert cp1252.execute(figures).fetchall() == utf8.execute(figures).fetchall()
    findings = "select rule_id, row_number, locator from audit.findings order by all"
    assert cp1252.execute(findings).fetchall() == utf8.execute(findings).fetchall()
    assert cp1252.execute(
        "select observed, expected from audit.findings where rule_id = 'row-malformed'"
    ).fetchall() == [("6", "7")]  # cells in the row, cells in the header
    accounting = "select * exclude (run_id) from audit.file_accounting"
    assert cp1252.execute(accounting).fetchall() == utf8.execute(accounting).fetchall()


def test_a_workbook_register_comes_back_from_the_read_cache_as_read(register_raw, tmp_path):
    from hibah.ingest.cache import decode, encode
    from hibah.ingest.files import inventory
    from hibah.ingest.tabular import read_table

    _workbook(register_raw / "lpj.xlsx", {"Rekap": REKAP, "Rincian": _lines(REGISTER)})
    file = next(f for f in inventory(register_raw) if f.path == "lpj.xlsx")
    table = read_table(file, {}, None, bulk_min_rows=10**9)
    assert table.register is not None and len(table.records) == 1  # the summary's row
    assert decode(encode(table)).register == table.register


# An LPJ as it is often laid out: one row per line item, an amount column per stage.
WIDE = """\
Kode Wilayah;Pemerintah Daerah;Lembaga;Uraian;Pagu Anggaran (Rp);Realisasi (Rp);Sisa (Rp)
65.03;Kabupaten Nunukan;KPU;Honor PPK;1.000.000;900.000;100.000
65.03;Kabupaten Nunukan;KPU;Honor PPS;2.000.000;2.000.000;
65.03;Kabupaten Nunukan;KPU;Sewa gudang;3.000.000;;
65.03;Kabupaten Nunukan;KPU;Konsumsi;;;
65.03;Kabupaten Nunukan;Bawaslu;Honor Panwascam;5.000.000;4.500.000;Rp 12,50
;Jumlah;;;11.000.000;7.400.000;600.000
"""


def test_a_line_item_table_with_an_amount_column_per_stage_is_summed_per_stage(
    register_raw, tmp_path
):
    (register_raw / "lpj-sintetis.csv").write_text(WIDE, encoding="utf-8")
    con = build(register_raw, tmp_path, bulk_min_rows=10**9)
    figures = con.execute(
        "select body, stage, amount_idr, locator from core.allocations order by all"
    ).fetchall()
    assert figures == [
        ("Bawaslu", "budget", 5_000_000, "rows 6-6, Pagu Anggaran (Rp) (1 line items)"),
        ("Bawaslu", "realized", 4_500_000, "rows 6-6, Realisasi (Rp) (1 line items)"),
        ("KPU", "budget", 6_000_000, "rows 2-4, Pagu Anggaran (Rp) (3 line items)"),
        ("KPU", "realized", 2_900_000, "rows 2-3, Realisasi (Rp) (2 line items)"),
        ("KPU", "returned", 100_000, "rows 2-2, Sisa (Rp) (1 line items)"),
    ]
    assert con.execute(
        "select locator, rule_id from audit.findings where severity = 'error'"
    ).fetchall() == [("row 6, Sisa (Rp)", "amount-unreadable")]
    # DuckDB read the CSV itself: the rows skipped whole are one unit each of the register
    assert con.execute(
        "select locator, skip_reason from raw.line_records where skip_reason is not null "
        "order by all"
    ).fetchall() == [("row 5", "no amount in the row"), ("row 7", "totals row (not a grant)")]
    # each filled amount cell is a unit, as the row reader counts them
    assert con.execute(
        "select rows_read, loaded, quarantined, skipped, balanced from audit.file_accounting"
    ).fetchall() == [(11, 8, 1, 2, True)]


@st.composite
def wide_registers(draw, line_items: bool) -> str:
    """A wide register (an amount column per stage) as offices write them, for defect tests:
    its header on one row or two (``Pencairan`` over ``Tahap I`` and ``Tahap II``), its
    amount cells filled, blank or badly written in any pattern, rows with no amount, totals,
    the header repeated; a register of figures has blank lines and short rows too (a
    line-item one is compared with a workbook, where rows have no width of their own)."""
    labels = ["Kode Wilayah", "Pemerintah Daerah", "Lembaga"]
    headers = (
        [[*labels, "NPHD (Rp)", "Tahap I (Rp)", "Realisasi (Rp)", "Keterangan"]]
        if draw(st.booleans())
        else [
            [*labels, "Pencairan (Rp)", "", "Realisasi (Rp)", "Keterangan"],
            ["", "", "", "Tahap I", "Tahap II", "", ""],
        ]
    )
    for cells in headers:
        if line_items:
            cells.insert(3, "Uraian" if cells[0] else "")
    header = [";".join(cells) for cells in headers]
    places = [("65.03", "Kabupaten Nunukan"), ("65", "Provinsi Kalimantan Utara"), ("99.99", "X")]
    amounts = st.sampled_from(
        ["Rp 1.000.000", "2.500.000", "Rp 3 juta", "Rp 12,50", "0", "", " ", "-", " Rp -  "]
    )
    kinds = ["row"] * 8 + ["totals", "header", "none"] + ([] if line_items else ["blank", "short"])
    lines = list(header)
    for kind in draw(st.lists(st.sampled_from(kinds), min_size=1, max_size=12)):
        code, name = draw(st.sampled_from(places))
        cells = [code, name, draw(st.sampled_from(["KPU", "Bawaslu", "Pramuka"]))]
        cells += [draw(st.sampled_from(["Honor PPK", "Sewa gudang"]))] if line_items else []
        cells += [draw(amounts) for _ in range(3)] + [draw(st.sampled_from(["", "catatan"]))]
        if kind == "blank":
            lines.append("")
        elif kind == "header":
            lines += header
        elif kind == "totals":
            lines.append(";".join(["", "Jumlah", *cells[2:]]))
        elif kind == "none":
            lines.append(";".join([*cells[:-4], "", "", "", cells[-1]]))
        else:
            lines.append(";".join(cells[:-1] if kind == "short" else cells))
    return "\n".join(lines) + "\n"


def _read_wide_by_duckdb(con: duckdb.DuckDBPyConnection) -> None:
    """Assert that DuckDB read the register's CSV itself (its header cells are recorded), not
    Python's reading of its cells."""
    assert con.execute(
        "select count(*) from raw.line_files where header_cells is not null"
    ).fetchone() == (1,)


@settings(
    max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(wide_registers(line_items=False), st.sampled_from(["utf-8", "cp1252"]))
@example(  # a header over two rows, repeated, and every way a row is skipped
    "Kode Wilayah;Pemerintah Daerah;Lembaga;Pencairan (Rp);;Realisasi (Rp);Keterangan\n"
    ";;;Tahap I;Tahap II;;\n"
    "65.03;Kabupaten Nunukan;KPU;Rp 1.000.000;;2.500.000;catatan\n"
    "\n"
    "65.03;Kabupaten Nunukan;KPU;;;;catatan\n"
    "Kode Wilayah;Pemerintah Daerah;Lembaga;Pencairan (Rp);;Realisasi (Rp);Keterangan\n"
    ";;;Tahap I;Tahap II;;\n"
    "65;Provinsi Kalimantan Utara;Pramuka;Rp 12,50;0;Rp 3 juta;\n"
    ";Jumlah;KPU;Rp 1.000.000;;2.500.000;\n"
    "65.03;Kabupaten Nunukan;KPU;Rp 1.000.000;;\n",
    "utf-8",
)
def test_any_wide_register_of_figures_reads_alike_in_bulk_and_row_by_row(
    tmp_path_factory, text, encoding
):
    tmp = tmp_path_factory.mktemp("register")
    raw = raw_folder(tmp)
    (raw / "rekap.csv").write_bytes(text.encode(encoding))
    (raw / "sources.csv").write_text("file;title;source_url\nrekap.csv;t;https://example.org/\n")
    in_bulk, _ = read_both(raw, tmp)
    _read_wide_by_duckdb(in_bulk)


@settings(
    max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(wide_registers(line_items=True))
def test_any_wide_line_item_register_sums_alike_from_csv_and_from_a_workbook(
    tmp_path_factory, text
):
    # The CSV is read by DuckDB itself, a wide row's filled amount cells each a row of the
    # register; the workbook's cells by Python (`plan_sheets`), as before.
    from_csv, from_xlsx = read_csv_and_workbook(tmp_path_factory, text)
    _read_wide_by_duckdb(from_csv)
    assert_summed_alike(from_csv, from_xlsx)


# A register of figures (no line items), one of them written in juta where miliar was meant.
FIGURES = """\
Kode Wilayah;Pemerintah Daerah;Lembaga;Tahap;Nilai
65.03;Kabupaten Nunukan;KPU;NPHD;Rp 34 juta
65.03;Kabupaten Nunukan;Bawaslu;NPHD;Rp 13,8 miliar
65.03;Kabupaten Nunukan;Polri;NPHD;Rp 15.971.710.000
65.03;Kabupaten Nunukan;TNI;NPHD;Rp 11.028.290.000
65.02;Kabupaten Malinau;KPU;NPHD;Rp 900 juta
65.02;Kabupaten Malinau;Bawaslu;NPHD;Rp 20 miliar
"""


@pytest.mark.parametrize("register", [FIGURES, FIGURES.replace("Rp 34 juta", "Rp 34 miliar")])
def test_juta_below_its_registers_figures_is_flagged_in_bulk_as_row_by_row(
    register_raw, tmp_path, register
):
    (register_raw / "lpj-sintetis.csv").write_text(register, encoding="utf-8")
    flags = "select locator, flags from core.allocations order by locator"
    by_rows = build(register_raw, tmp_path, bulk_min_rows=10**9).execute(flags).fetchall()
    in_bulk = build(register_raw, tmp_path, bulk_min_rows=0)
    assert in_bulk.execute("select count(*) from raw.line_files").fetchone()[0] == 1
    assert in_bulk.execute(flags).fetchall() == by_rows
    flagged = [locator for locator, f in by_rows if "juta-below-peers" in f]
    # Rp 34 juta is 405 times below the median of the others; Rp 900 juta 15 times
    assert flagged == (["row 2"] if "34 juta" in register else [])


# --- records whose quoted cells span lines (Alt+Enter in a spreadsheet cell) ----------------

# A line-item register whose cells run over lines: an item over two lines, one with a blank
# line inside its quotes, a blank line between records and a short row over two lines.
SPANNING = """\
Kode Wilayah;Pemerintah Daerah;Lembaga;Tahap;Uraian;Nilai (Rp);Tanggal
65.03;Kabupaten Nunukan;KPU;Realisasi;"Honor PPK
(3 kecamatan)";Rp 1.000.000;12/03/2024
65.03;Kabupaten Nunukan;KPU;Realisasi;"Sewa gudang

logistik";Rp 3.000.000;13/03/2024

65.03;Kabupaten Nunukan;KPU;Realisasi;"Honor
PPS";Rp 2.000.000
65.03;Kabupaten Nunukan;Pramuka;Realisasi;Honor;Rp 1.000.000;13/03/2024
65.03;Kabupaten Nunukan;Bawaslu;Realisasi;Honor Panwascam;Rp 7.000.000;13/03/2024
"""


def test_a_register_whose_cells_span_lines_is_read_by_duckdb_on_the_files_own_lines(
    register_raw, tmp_path
):
    from hibah.ingest.bulk import plan_bulk
    from hibah.ingest.files import inventory

    for name in ("utf8", "cp1252"):
        (tmp_path / name).mkdir()
    (register_raw / "lpj-sintetis.csv").write_text(SPANNING, encoding="utf-8")
    file = next(f for f in inventory(register_raw) if f.path == "lpj-sintetis.csv")
    plan = plan_bulk(file)
    assert plan is not None
    assert (plan.spans.ordinals.tolist(), plan.spans.pasts.tolist()) == ([0, 1], [1, 2])
    con = build(register_raw, tmp_path / "utf8", bulk_min_rows=10**9)
    assert con.execute(
        "select row_number, line_item, amount_idr from core.line_items order by row_number"
    ).fetchall() == [
        (2, "Honor PPK\n(3 kecamatan)", 1_000_000),
        (4, "Sewa gudang\n\nlogistik", 3_000_000),
        (11, "Honor Panwascam", 7_000_000),
    ]
    findings = "select row_number, rule_id from audit.findings where severity = 'error'"
    assert sorted(con.execute(findings).fetchall()) == [(8, "row-malformed"), (10, "body-unknown")]
    skipped = "select row_number, reason from raw.rows where disposition = 'skipped'"
    assert con.execute(skipped).fetchall() == [(7, "blank row")]
    accounting = (
        "select rows_read, loaded, quarantined, skipped, balanced from audit.file_accounting"
    )
    assert con.execute(accounting).fetchall() == [(6, 3, 2, 1, True)]
    # the same register in cp1252 (DuckDB reads a UTF-8 copy of it): the same lines
    (register_raw / "lpj-sintetis.csv").write_bytes(
        b"LPJ \x96 data sintetis\n" + SPANNING.encode("cp1252")
    )
    decoded = build(register_raw, tmp_path / "cp1252", bulk_min_rows=10**9)
    assert decoded.execute(
        "select row_number - 1, line_item from core.line_items order by row_number"
    ).fetchall() == [
        (2, "Honor PPK\n(3 kecamatan)"),
        (4, "Sewa gudang\n\nlogistik"),
        (11, "Honor Panwascam"),
    ]
    assert sorted((n - 1, rule) for n, rule in decoded.execute(findings).fetchall()) == [
        (8, "row-malformed"),
        (10, "body-unknown"),
    ]
    malformed = (
        "select observed, expected, message from audit.findings where rule_id = 'row-malformed'"
    )
    assert con.execute(malformed).fetchall() == decoded.execute(malformed).fetchall()
    assert con.execute(malformed).fetchall() == [("6", "7", "row has 6 cells, the header has 7")]


def test_a_register_of_figures_whose_notes_span_lines_reads_as_row_by_row(tmp_path):
    # A shipped register with its notes over lines and a blank line among its rows: DuckDB
    # (bulk_min_rows=0) gives the row reader's figures, findings and accounting.
    raw = raw_folder(tmp_path)
    lines = (ROOT / "raw" / "jawa-nphd-2023.csv").read_text(encoding="utf-8").splitlines()
    rows = [lines[0]]
    for i, line in enumerate(lines[1:]):
        *cells, note = line.split(";")
        rows.append(";".join([*cells, f'"{note}\ncatatan baris {i}"' if i % 2 else note]))
        if i == 2:
            rows.append("")
    (raw / "jawa-nphd-2023.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    read_both(raw, tmp_path)


def test_a_title_and_a_header_cell_over_two_lines_are_read_by_duckdb_on_the_files_lines(
    register_raw, tmp_path
):
    # DuckDB's skip counts records, not lines: it is given the rows above the data.
    from hibah.ingest.bulk import plan_bulk
    from hibah.ingest.files import inventory

    text = '"LAPORAN HIBAH\nPILKADA 2024"\n' + SPANNING.replace(
        ";Nilai (Rp);", ';"Nilai\n(Rp)";', 1
    )
    (register_raw / "lpj-sintetis.csv").write_text(text, encoding="utf-8")
    file = next(f for f in inventory(register_raw) if f.path == "lpj-sintetis.csv")
    assert plan_bulk(file) is not None
    con = build(register_raw, tmp_path, bulk_min_rows=10**9)
    items = "select row_number from core.line_items order by row_number"
    assert con.execute(items).fetchall() == [
        (5,),
        (7,),
        (14,),
    ]
    findings = "select row_number, rule_id from audit.findings where severity = 'error'"
    assert sorted(con.execute(findings).fetchall()) == [(11, "row-malformed"), (13, "body-unknown")]
    skipped = "select row_number, reason from raw.rows where disposition = 'skipped' order by all"
    assert con.execute(skipped).fetchall() == [(1, "title row above the header"), (10, "blank row")]
    # a break in the head that is not the file's own (CRLF in an LF file), which DuckDB's
    # skip may count otherwise (the plan then finds the lines do not add up, and Python
    # reads the file): the lines are the file's either way
    (register_raw / "lpj-sintetis.csv").write_bytes(text.replace("Nilai\n", "Nilai\r\n").encode())
    (tmp_path / "crlf").mkdir()
    con = build(register_raw, tmp_path / "crlf", bulk_min_rows=10**9)
    assert con.execute(items).fetchall() == [
        (5,),
        (7,),
        (14,),
    ]
    # without the title, DuckDB's skip misses the header's end in the file as it is: it
    # reads a copy whose lines all end in a newline, on the file's lines
    (register_raw / "lpj-sintetis.csv").write_bytes(
        text.split("\n", 2)[2].replace("Nilai\n", "Nilai\r\n").encode()
    )
    file = next(f for f in inventory(register_raw) if f.path == "lpj-sintetis.csv")
    plan = plan_bulk(file)
    assert plan is not None and plan.newlines
    (tmp_path / "copy").mkdir()
    con = build(register_raw, tmp_path / "copy", bulk_min_rows=10**9)
    read = "select count(*) from raw.line_files where header_cells is not null"
    assert con.execute(read).fetchone() == (1,)
    assert con.execute(items).fetchall() == [
        (3,),
        (5,),
        (12,),
    ]


@st.composite
def spanning_registers(draw) -> tuple[str, list[int], list[int], list[int]]:
    """A register's text with records over lines, blank lines (between records and inside
    quotes) and rows of the wrong width; and its data rows', rejected rows' and blank
    lines' first lines, counted as written."""
    end, inside = draw(st.sampled_from(["\n", "\r\n"])), draw(st.sampled_from(["\n", "\r\n"]))
    # a title above the header, on no line, one, or two (quoted), and the header's own cell
    # over two lines or one. Their breaks are the file's own: DuckDB's skip misses the end
    # of a head whose quoted break differs (CRLF in an LF file); the plan then finds its
    # lines do not add up and leaves the file to the row reader.
    title = draw(st.sampled_from(["", "LAPORAN HIBAH" + end, f'"LAPORAN{end}HIBAH"{end}']))
    amount = draw(st.sampled_from(["Nilai (Rp)", f'"Nilai{end}(Rp)"']))
    text = title + "Kode Wilayah;Lembaga;Tahap;Uraian;" + amount + end
    line, data, rejected, blanks = 1 + (title + amount).count("\n") + 1, [], [], []
    for kind, breaks, blank in draw(
        st.lists(
            st.tuples(
                st.sampled_from(["data", "data", "data", "blank", "short", "long"]),
                st.integers(0, 2),
                st.booleans(),
            ),
            max_size=25,
        )
    ):
        if kind == "blank":
            text, line = text + end, line + 1
            blanks.append(line - 1)
            continue
        parts = ["Honor"] + [""] * (blank and breaks > 0) + ["x"] * breaks  # "" a blank line
        item = inside.join(parts)
        cells = ["65.03", "KPU", "Realisasi", f'"{item}"' if breaks else item, "Rp 1.000"]
        cells = cells[:-1] if kind == "short" else [*cells, "x"] if kind == "long" else cells
        (data if kind == "data" else rejected).append(line)
        text += ";".join(cells) + end
        line += len(parts)
    return text, data, rejected, blanks


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(spanning_registers())
def test_every_record_of_a_register_is_numbered_on_its_first_line(tmp_path, register):
    from hibah.ingest.bulk import number_lines, plan_bulk, read_csv_sql
    from hibah.ingest.files import raw_file

    text, data, rejected, blanks = register
    path = tmp_path / "lpj.csv"
    path.write_bytes(text.encode("utf-8"))
    plan = plan_bulk(raw_file(path, "lpj.csv"), min_rows=0)
    if plan is None:  # a header alone, or with blank lines: no register
        assert not data and not rejected
        return
    con = duckdb.connect()
    source, params = read_csv_sql(plan, rejects="rejects", path=path)
    records = con.execute(f"select count(*) from {source}", params).fetchall()[0][0]
    read = con.execute(
        "select line, any_value(csv_line) from rejects group by line order by line"
    ).fetchall()
    numbers = number_lines(plan, records, read, plan.spans)
    assert numbers is not None
    assert (numbers.firsts[1:] > numbers.firsts[:-1]).all()  # one offset from each first on
    offsets = list(zip(numbers.firsts.tolist(), numbers.offsets.tolist(), strict=True))
    lines = [o + next(v for first, v in reversed(offsets) if first <= o) for o in range(records)]
    assert lines == data
    assert sorted(numbers.rejected.values()) == rejected
    assert numbers.blank_lines == blanks


@functools.cache
def _warehouse_ddl() -> duckdb.DuckDBPyConnection:
    from hibah.warehouse.layout import sql_files

    con = duckdb.connect()
    for ddl in sql_files("ddl"):
        con.execute(ddl.read_text())
    return con


_SPACES = "".join(c for c in map(chr, range(0x3001)) if c.isspace())


@settings(max_examples=300, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(
            [*_SPACES[:6], "\xa0", "-", "\u2013", "\u2014", ",", "R", "p", ".", "I", "1", "x"]
        ),
        max_size=8,
    )
)
@example("Rp -")
@example(" Rp. -,- ")
def test_sql_tells_an_amount_cell_with_a_figure_as_the_row_reader_does(text):
    # a dash alone (Excel's Accounting zero) is no figure, in DuckDB's checks as in Python's
    from hibah.parse.amounts import amount_written

    con = _warehouse_ddl()
    assert con.execute("select raw.amount_written($1)", [text]).fetchone() == (
        amount_written(text),
    )


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from([*_SPACES, "a", "é", "\u0301", "-"]), max_size=8))
def test_sql_trims_a_cell_as_the_row_reader_strips_it(text):
    con = _warehouse_ddl()
    assert con.execute("select raw.trimmed($1)", [text]).fetchall() == [(text.strip() or None,)]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                b"a",
                b"\n",
                b'"',
                "é".encode(),
                "–".encode(),
                "😀".encode(),
                b"\x96",
                b"\xc3",
                b"\x80",
                b"\x81",
                b"\x9d",
            ]
        )
    ).map(b"".join),
    st.integers(1, 9),
)
def test_a_file_is_found_utf8_or_not_whatever_the_chunks(data, size):
    # and, when it is not, the bytes cp1252 has no character for are counted
    undefined = sum(data.count(bytes([b])) for b in (0x81, 0x8D, 0x8F, 0x90, 0x9D))
    for find_blanks in (True, False):
        counter = _LineCounter(find_blanks=find_blanks)
        for start in range(0, len(data), size):
            counter.feed(data[start : start + size])
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            assert (counter.result().utf8, counter.result().replaced) == (False, undefined)
        else:
            assert (counter.result().utf8, counter.result().replaced) == (True, 0)


def test_a_register_in_cp1252_past_its_head_is_decoded_as_cp1252_not_quarantined(
    register_raw, tmp_path
):
    # Excel saves a CSV in cp1252: ASCII for 100 KB, then an en dash. Read as UTF-8, DuckDB
    # would reject that row; the whole file is decoded as cp1252, as the row reader does.
    rows = REGISTER.splitlines()[1:3]
    filler = [
        f"65.03;Kabupaten Nunukan;KPU;Realisasi;Honor KPPS {i};Rp 1.000;12/03/2024"
        for i in range(1_500)
    ]
    late = "65.03;Kabupaten Nunukan;KPU;Realisasi;Sewa gudang \u2013 tahap II;Rp 5.000;12/03/2024"
    (register_raw / "lpj-sintetis.csv").write_bytes(
        "\n".join([*rows, *filler, late, ""]).encode("cp1252")
    )
    con = build(register_raw, tmp_path, bulk_min_rows=10**9)
    assert con.execute(
        "select count(*) from audit.findings where severity = 'error'"
    ).fetchone() == (0,)
    assert con.execute(
        "select row_number, line_item from core.line_items where line_item like 'Sewa%'"
    ).fetchall() == [(1_503, "Sewa gudang \u2013 tahap II")]
    from hibah.ingest.bulk import plan_bulk
    from hibah.ingest.files import inventory

    file = next(f for f in inventory(register_raw) if f.path == "lpj-sintetis.csv")
    assert plan_bulk(file).encoding == "cp1252"  # read by DuckDB, from a UTF-8 copy
    assert con.execute("select amount_idr from core.allocations").fetchall() == [
        (1_000_000 + 1_500 * 1_000 + 5_000,)
    ]


def test_a_register_of_figures_in_cp1252_reads_in_bulk_as_row_by_row(tmp_path):
    # A shipped register saved in cp1252, with a dash and a byte cp1252 has no character
    # for (0x81): DuckDB reads a UTF-8 copy and notes the byte as the row reader does.
    raw = raw_folder(tmp_path)
    text = (ROOT / "raw" / "jawa-nphd-2023.csv").read_text(encoding="utf-8")
    data = text.replace("40% 2023", "40% \u2013 2023").encode("cp1252").replace(b"60%", b"60\x81%")
    (raw / "jawa-nphd-2023.csv").write_bytes(data)
    in_bulk, _ = read_both(raw, tmp_path)
    assert in_bulk.execute(
        "select observed from audit.findings where rule_id = 'bytes-replaced'"
    ).fetchall() == [
        (
            "jawa-nphd-2023.csv: not UTF-8, read as Windows-1252; 1 byte(s) that have no "
            "character there are shown as U+FFFD",
        )
    ]
    assert in_bulk.execute(
        "select count(*) from core.allocations where note like '%40% \u2013 2023%'"
    ).fetchone() == (1,)


def test_a_header_naming_a_column_twice_is_noted_in_bulk_as_row_by_row(tmp_path):
    raw = raw_folder(tmp_path)
    text = (ROOT / "raw" / "jawa-nphd-2023.csv").read_text(encoding="utf-8")
    (raw / "jawa-nphd-2023.csv").write_text(
        text.replace(";Sumber;Keterangan\n", ";Sumber;Sumber\n", 1), encoding="utf-8"
    )
    in_bulk, _ = read_both(raw, tmp_path)
    assert in_bulk.execute(
        "select count(*) from audit.findings where rule_id = 'header-repeated'"
    ).fetchone() == (1,)


def test_a_header_repeated_at_each_page_is_skipped_in_bulk_as_row_by_row(tmp_path):
    # A register converted from a PDF page by page repeats its header on each page: those
    # rows are skipped with their reason, not quarantined as figures that do not read.
    raw = raw_folder(tmp_path)
    lines = (ROOT / "raw" / "jawa-nphd-2023.csv").read_text(encoding="utf-8").splitlines()
    paged = [lines[0], *lines[1:3], lines[0].upper(), *lines[3:], f" {lines[0]} "]
    (raw / "jawa-nphd-2023.csv").write_text("\n".join(paged) + "\n", encoding="utf-8")
    in_bulk, by_rows = read_both(raw, tmp_path)
    skipped = [(line, "header row repeated (a page break)") for line in (4, len(paged))]
    assert (
        by_rows.execute(
            "select row_number, reason from raw.rows where disposition = 'skipped' order by all"
        ).fetchall()
        == skipped
    )
    assert (
        in_bulk.execute(
            "select row_number, skip_reason from raw.line_records where skip_reason is not null "
            "order by all"
        ).fetchall()
        == skipped
    )
    assert in_bulk.execute(
        "select count(*) from audit.findings where severity = 'error'"
    ).fetchone() == (0,)


def test_a_line_item_register_skips_its_repeated_headers_in_csv_and_in_a_workbook(
    register_raw, tmp_path
):
    header = REGISTER.splitlines()[1]
    paged = REGISTER.replace(
        "65;Provinsi Kalimantan Utara", header + "\n65;Provinsi Kalimantan Utara"
    )
    (register_raw / "lpj-sintetis.csv").write_text(paged, encoding="utf-8")
    for name in ("csv", "xlsx"):
        (tmp_path / name).mkdir()
    from_csv = build(register_raw, tmp_path / "csv", bulk_min_rows=10**9)
    (register_raw / "lpj-sintetis.csv").unlink()
    _workbook(register_raw / "lpj-sintetis.xlsx", {"Rincian": _lines(paged)})
    (register_raw / "sources.csv").write_text(
        (register_raw / "sources.csv").read_text().replace(".csv;", ".xlsx;")
    )
    from_xlsx = build(register_raw, tmp_path / "xlsx", bulk_min_rows=10**9)
    for con, skipped in ((from_csv, "raw.line_records"), (from_xlsx, "raw.rows")):
        reason = "skip_reason" if skipped == "raw.line_records" else "reason"
        assert (16, "header row repeated (a page break)") in con.execute(
            f"select row_number, {reason} from {skipped} where {reason} is not null"
        ).fetchall()
    accounting = (
        "select rows_read, loaded, quarantined, skipped, balanced from audit.file_accounting"
    )
    assert from_csv.execute(accounting).fetchall() == [(16, 5, 7, 4, True)]


@st.composite
def figure_registers(draw) -> tuple[str, str]:
    """A register of figures as offices write them, for defect tests: figures well and badly
    written, blank lines, short rows, totals, the header repeated, notes over two lines, a
    quoted cell with text after its quote (``"Kabupaten" Nunukan``: DuckDB's reader rejects
    it, Python's reads ``Kabupaten Nunukan``); and the encoding it is saved in."""
    header = "Kode Wilayah;Pemerintah Daerah;Lembaga;Tahap;Nilai (Rp);Tanggal;Keterangan"
    places = [("65.03", "Kabupaten Nunukan"), ("65", "Provinsi Kalimantan Utara"), ("99.99", "X")]
    places += [("65.03", '"Kabupaten" Nunukan'), ("2", "X")]  # (not written as a code)
    lines = [header]
    for kind in draw(
        st.lists(
            st.sampled_from(["figure"] * 6 + ["blank", "short", "totals", "header"]),
            min_size=1,
            max_size=12,
        )
    ):
        if kind == "blank":
            lines.append("")
        elif kind == "totals":
            lines.append(";Jumlah;;;Rp 5.000.000;;")
        elif kind == "header":
            lines.append(header)
        else:
            code, name = draw(st.sampled_from(places))
            cells = [
                code,
                name,
                draw(st.sampled_from(["KPU", "Bawaslu", " Polri ", "TNI", "Pramuka"])),
                draw(st.sampled_from(["Realisasi", "NPHD", "Tahap I", "x", "Tahap II (60%)"])),
                draw(
                    st.sampled_from(
                        [
                            "Rp 1.000.000",
                            "2.500.000",
                            "Rp 3 juta",
                            "Rp 12,50",
                            "0",
                            "Rp 1,5 miliar",
                            "Rp -",  # Excel's Accounting zero: no figure
                        ]
                    )
                ),
                draw(
                    st.sampled_from(
                        ["12/03/2024", "31/02/2024", "", "Rabu, 14/03/2024", "45231", "31-Okt-24"]
                    )
                ),
                draw(
                    st.sampled_from(
                        [
                            "",
                            "catatan",
                            '"dua\nbaris"',
                            "  spasi  ",
                            "tanda \u2013 pisah",
                            '"kutip" lalu teks',
                        ]
                    )
                ),
            ]
            lines.append(";".join(cells[:-1] if kind == "short" else cells))
    return "\n".join(lines) + "\n", draw(st.sampled_from(["utf-8", "cp1252", "utf-16"]))


@settings(
    max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(figure_registers())
def test_any_register_of_figures_reads_alike_in_bulk_and_row_by_row(tmp_path_factory, register):
    text, encoding = register
    tmp = tmp_path_factory.mktemp("register")
    raw = raw_folder(tmp)
    (raw / "lpj.csv").write_bytes(text.encode(encoding))
    (raw / "sources.csv").write_text("file;title;source_url\nlpj.csv;t;https://example.org/\n")
    read_both(raw, tmp)


# Quoted cells with text after the closing quote: DuckDB's reader rejects such a record (an
# UNQUOTED VALUE), Python's reads it ("Kabupaten" Nunukan → Kabupaten Nunukan); one runs
# over two lines.
UNQUOTED = (
    "Kode Wilayah;Pemerintah Daerah;Lembaga;Tahap;Nilai (Rp);Tanggal;Keterangan\n"
    '65.03;"Kabupaten" Nunukan;KPU;NPHD;Rp 1.000.000;12/03/2024;"kutip" lalu teks\n'
    '65.03;Kabupaten Nunukan;Bawaslu;NPHD;2.500.000;;"dua\nbaris"\n'
    '65.03;"Kabupaten" Nunukan;Polri;NPHD;0;;tanda \u2013 pisah\n'
    '65;"Provinsi" Kalimantan Utara;TNI;NPHD;Rp 3 miliar;12/03/2024;"tiga\nbaris"\n'
    '65;Provinsi Kalimantan Utara;KPU;NPHD;Rp 4 miliar;;"kutip" lalu\n'
)


@pytest.mark.parametrize("encoding", ["utf-8", "cp1252", "utf-16"])
def test_a_record_duckdb_rejects_and_python_reads_is_read_as_python_reads_it(tmp_path, encoding):
    from hibah.ingest.bulk import plan_bulk
    from hibah.ingest.files import inventory

    raw = raw_folder(tmp_path)
    (raw / "lpj.csv").write_bytes(UNQUOTED.encode(encoding))
    (raw / "sources.csv").write_text("file;title;source_url\nlpj.csv;t;https://example.org/\n")
    file = next(f for f in inventory(raw) if f.path == "lpj.csv")
    # DuckDB reads a copy holding those records as Python reads them, on their own lines
    assert plan_bulk(file, 0).requote == ((2, 0), (5, 0), (6, 1), (8, 0))
    in_bulk, _ = read_both(raw, tmp_path)
    assert in_bulk.execute(
        "select locator, region_name, amount_idr, note from core.allocations order by all"
    ).fetchall() == [
        ("row 2", "Kabupaten Nunukan", 1_000_000, "kutip lalu teks"),
        ("row 3", "Kabupaten Nunukan", 2_500_000, "dua\nbaris"),
        ("row 6", "Provinsi Kalimantan Utara", 3_000_000_000, "tiga\nbaris"),
        ("row 8", "Provinsi Kalimantan Utara", 4_000_000_000, "kutip lalu"),
    ]
    assert in_bulk.execute("select locator, rule_ids from audit.quarantine").fetchall() == [
        ("row 5", ["amount-not-positive"])
    ]


_ROWS = [
    "65.03;Kabupaten Nunukan;KPU;NPHD;Rp 1.000.000",
    "65.03;Kabupaten Nunukan;Bawaslu;NPHD;2.500.000",
    "65;Provinsi Kalimantan Utara;TNI;NPHD;Rp 3 miliar",
]


@pytest.mark.parametrize(
    "ends",
    [
        ["\r\n", "\n", "\r\n", "\n"],  # both ways, as files joined from two systems are
        ["\r\n", "\r\n", "\r\n", "\r\n"],
        ["\r", "\r", "\r", "\r"],  # a carriage return alone, as classic Mac OS ends lines
    ],
)
@pytest.mark.parametrize(
    "notes",
    [
        ["x", "y", "z"],
        ['"a;b"', "x", '"kutip" lalu'],  # quoted, each record on its line
        ['"dua\nbaris"', "x", '"a;b"'],  # a quoted cell over two lines
        ['"dua\rbaris"', "x", '"a;b"'],  # the same, its line break a carriage return
    ],
)
def test_a_register_whose_lines_end_any_way_reads_as_row_by_row(tmp_path, ends, notes):
    header = "Kode Wilayah;Pemerintah Daerah;Lembaga;Tahap;Nilai (Rp);Keterangan"
    lines = [header] + [f"{row};{note}" for row, note in zip(_ROWS, notes, strict=True)]
    raw = raw_folder(tmp_path)
    (raw / "lpj.csv").write_bytes("".join(map(str.__add__, lines, ends)).encode())
    (raw / "sources.csv").write_text("file;title;source_url\nlpj.csv;t;https://example.org/\n")
    in_bulk, _ = read_both(raw, tmp_path)
    assert in_bulk.execute("select count(*) from core.allocations").fetchone() == (3,)
    # DuckDB's reader takes one line end for a whole file: it reads a line break within a
    # quoted cell of a register whose lines all end in CR LF (as Excel writes them on
    # Windows) or in CR alone (as Excel's "CSV (Macintosh)" does) in the register as it
    # is; any other, from a copy whose lines all end in a newline, and a cell over lines
    # then takes its line ends from the register again
    assert in_bulk.execute(
        "select count(*) from raw.line_files where header_cells is not null"
    ).fetchone() == (1,)
    cells = csv.reader(
        io.StringIO("".join(map(str.__add__, lines, ends)), newline=""), delimiter=";"
    )
    written = [(row[-1],) for row in list(cells)[1:]]
    assert (
        in_bulk.execute("select note_text from raw.line_rows order by rowid").fetchall() == written
    )


@pytest.mark.parametrize("last", ["\r", "", "\n"])
def test_a_register_whose_lines_all_end_in_carriage_returns_is_read_as_it_is(tmp_path, last):
    # no quote, no newline: DuckDB reads the file itself, no copy, and numbers its lines as
    # Python's csv reader does (a blank line, a short row, a blank line last); a newline
    # anywhere (its last line's end) and it reads a copy whose lines end in newlines
    from hibah.ingest.bulk import plan_bulk
    from hibah.ingest.files import inventory

    lines = [
        "Daftar rincian hibah",
        "Kode Wilayah;Pemerintah Daerah;Lembaga;Tahap;Nilai (Rp);Keterangan",
        f"{_ROWS[0]};x",
        "",
        "65.03;Kabupaten Nunukan;Bawaslu;NPHD",  # short: row 5
        f"{_ROWS[1]};y",
        f"{_ROWS[2]};z",
        "",
    ]
    raw = raw_folder(tmp_path)
    (raw / "lpj.csv").write_bytes("\r".join(lines).encode() + last.encode())
    (raw / "sources.csv").write_text("file;title;source_url\nlpj.csv;t;https://example.org/\n")
    plan = plan_bulk(next(f for f in inventory(raw) if f.path == "lpj.csv"), 0)
    assert plan is not None and (plan.cr, plan.newlines) == (last != "\n", last == "\n")
    in_bulk, _ = read_both(raw, tmp_path)
    assert in_bulk.execute("select locator from core.allocations order by 1").fetchall() == [
        ("row 3",),
        ("row 6",),
        ("row 7",),
    ]
    quarantined = "select row_number, rule_ids from audit.quarantine"
    assert in_bulk.execute(quarantined).fetchall() == [(5, ["row-malformed"])]
    skipped = "select row_number, reason from raw.rows where disposition = 'skipped' order by 1"
    blank_last = [(8, "blank row")] if last == "\r" else []  # "\r\n": one line end
    assert in_bulk.execute(skipped).fetchall() == [
        (1, "title row above the header"),
        (4, "blank row"),
        *blank_last,
    ]


@pytest.mark.parametrize("bom", [codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE])
def test_a_register_saved_as_unicode_text_is_read_by_duckdb_from_a_utf8_copy(tmp_path, bom):
    # Excel's "Unicode Text": UTF-16, tabs, lines ending CR LF, a newline alone within a
    # cell; here also a character beyond U+FFFF, and an odd byte last (a file cut short)
    from hibah.ingest.bulk import plan_bulk, utf8_text
    from hibah.ingest.files import inventory

    lines = [
        "Kode Wilayah\tPemerintah Daerah\tLembaga\tTahap\tNilai (Rp)\tKeterangan",
        *(row.replace(";", "\t") + "\t" + note for row, note in zip(_ROWS, NOTES, strict=False)),
        "65.03\tKabupaten Nunukan\tBawaslu\tNPHD",  # short: row 6 (the first is over two)
    ]
    encoding = "utf-16-le" if bom == codecs.BOM_UTF16_LE else "utf-16-be"
    raw = raw_folder(tmp_path)
    (raw / "lpj.tsv").write_bytes(bom + "\r\n".join(lines).encode(encoding) + b"\x00")
    (raw / "sources.csv").write_text("file;title;source_url\nlpj.tsv;t;https://example.org/\n")
    plan = plan_bulk(next(f for f in inventory(raw) if f.path == "lpj.tsv"), 0)
    assert plan is not None and plan.scan is not None and plan.scan.utf16
    assert (plan.encoding, plan.scan.line_ends, plan.scan.replaced) == ("utf-8", "mixed", 1)
    with utf8_text(plan) as path:
        assert path.read_bytes().startswith(lines[0].encode() + b"\r\n")
    in_bulk, _ = read_both(raw, tmp_path)
    assert in_bulk.execute(
        "select count(*) from raw.line_files where header_cells is not null"
    ).fetchone() == (1,)
    notes = "select note_text from raw.line_rows order by rowid"
    assert in_bulk.execute(notes).fetchall() == [(n.strip('"'),) for n in NOTES]
    quarantined = "select row_number, rule_ids from audit.quarantine"
    assert in_bulk.execute(quarantined).fetchall() == [(6, ["row-malformed"])]
    replaced = "select observed from audit.findings where rule_id = 'bytes-replaced'"
    assert in_bulk.execute(replaced).fetchall() == [
        (
            "lpj.tsv: read as UTF-16 (its byte order mark); 1 character(s) are U+FFFD, bytes "
            "that are not UTF-16 text",
        )
    ]


NOTES = ['"Honor\nPPK \U0001d11e"', "tanda \u2013 pisah", "x"]


@pytest.mark.parametrize(("wide", "at_once"), [(False, 1), (True, 1), (False, 65_536)])
def test_cells_over_lines_of_a_register_whose_lines_end_both_ways_keep_their_line_ends(
    tmp_path, monkeypatch, wide, at_once
):
    # joined from two systems, its lines end in CR LF and in LF: DuckDB reads a copy whose
    # lines all end in LF; a cell over lines keeps the line end the register writes, as
    # the row reader keeps it, and a short row over lines is shown as the row reader
    # shows it (its lines joined by newlines)
    header = "Kode Wilayah;Pemerintah Daerah;Lembaga;Tahap;Nilai (Rp);Keterangan"
    first, second = ("NPHD", "NPHD") if not wide else ("1.000.000", "3.000.000")
    if wide:
        header = "Kode Wilayah;Pemerintah Daerah;Lembaga;Pagu (Rp);Realisasi (Rp);Keterangan"
    lines = [
        header + "\r\n",
        f'65.03;Kabupaten Nunukan;KPU;{first};"Rp 900.000";"Honor\r\nPPK"\n',
        '65.03;Kabupaten Nunukan;Bawaslu;"dua\r\nbaris"\r\n',  # short: rows 4 and 5
        f'65;Provinsi Kalimantan Utara;TNI;{second};2.000.000;"a\r\nb"\n',
    ]
    monkeypatch.setattr("hibah.bulk_load.register._FIXES_AT_ONCE", at_once)  # rows updated
    raw = raw_folder(tmp_path)
    (raw / "lpj.csv").write_bytes("".join(lines).encode())
    (raw / "sources.csv").write_text("file;title;source_url\nlpj.csv;t;https://example.org/\n")
    in_bulk, by_rows = read_both(raw, tmp_path)
    read = "select count(*) from raw.line_files where header_cells is not null"
    assert in_bulk.execute(read).fetchone() == (1,)
    notes = "select distinct note from core.allocations order by 1"
    assert in_bulk.execute(notes).fetchall() == [("Honor\r\nPPK",), ("a\r\nb",)]
    quarantined = "select row_number, rule_ids, evidence from audit.quarantine"
    assert in_bulk.execute(quarantined).fetchall() == by_rows.execute(quarantined).fetchall()
    assert in_bulk.execute(quarantined).fetchall()[0][:2] == (4, ["row-malformed"])
    line_items = "select note_text from raw.line_rows order by rowid"
    assert ("Honor\r\nPPK",) in in_bulk.execute(line_items).fetchall()


def test_a_short_row_over_two_lines_ending_in_carriage_returns_keeps_the_next_rows_lines(
    tmp_path,
):
    # lines as Excel's "CSV (Macintosh)" writes them: each ends in CR alone, a cell's line
    # break too; a row of the wrong width over two lines is quarantined on its first line,
    # and the rows after it keep their own. DuckDB reads the register as it is, no copy.
    from hibah.ingest.bulk import plan_bulk
    from hibah.ingest.files import inventory

    header = "Kode Wilayah;Pemerintah Daerah;Lembaga;Tahap;Nilai (Rp);Keterangan"
    lines = [
        header,
        f"{_ROWS[0]};x",
        '65.03;Kabupaten Nunukan;Bawaslu;"dua\rbaris"',  # short, over lines 3 and 4
        f"{_ROWS[2]};z",
    ]
    raw = raw_folder(tmp_path)
    (raw / "lpj.csv").write_bytes("\r".join(lines).encode() + b"\r")
    (raw / "sources.csv").write_text("file;title;source_url\nlpj.csv;t;https://example.org/\n")
    plan = plan_bulk(next(f for f in inventory(raw) if f.path == "lpj.csv"), 0)
    assert plan is not None and plan.cr and not plan.newlines
    in_bulk, _ = read_both(raw, tmp_path)
    assert in_bulk.execute("select locator from core.allocations order by 1").fetchall() == [
        ("row 2",),
        ("row 5",),
    ]
    assert in_bulk.execute("select locator, rule_ids from audit.quarantine").fetchall() == [
        ("row 3", ["row-malformed"])
    ]


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(figure_registers(), st.lists(st.sampled_from(["\r", "\r\n", "\n"]), min_size=1))
@example(  # the header alone, its line ending in CR LF
    register=("Kode Wilayah;Pemerintah Daerah;Lembaga;Tahap;Nilai (Rp);Tanggal\n\n", "utf-8"),
    ends=["\r", "\n"],
)
def test_any_register_whose_lines_end_in_carriage_returns_reads_alike_in_bulk_and_row_by_row(
    tmp_path_factory, register, ends
):
    text, encoding = register
    assume("\r" in ends)
    lines = text.split("\n")  # every line end, within quoted cells too, one of ends in turn
    text = "".join(line + ends[i % len(ends)] for i, line in enumerate(lines[:-1])) + lines[-1]
    tmp = tmp_path_factory.mktemp("register")
    raw = raw_folder(tmp)
    (raw / "lpj.csv").write_bytes(text.encode(encoding))
    (raw / "sources.csv").write_text("file;title;source_url\nlpj.csv;t;https://example.org/\n")
    in_bulk, _ = read_both(raw, tmp)
    # DuckDB reads it, as it is or from a copy whose lines end in a newline; but where it
    # rejects a record ("kutip" lalu) after one over lines, the text it gives of it is not
    # the record's, its lines do not add up, and Python's row reader reads the file
    # (a register of its header alone, no line after it, is read by Python whatever its
    # line ends: DuckDB would have nothing to read)
    read = "select count(*) from raw.line_files where header_cells is not null"
    spans = '"dua\r' in text or '"dua\n' in text
    unquoted = '"Kabupaten" ' in text or '"kutip" ' in text  # DuckDB rejects: UNQUOTED VALUE
    header_only = re.split(r"\r\n|\r|\n", text, maxsplit=1)[1:] in ([], [""])
    if not (spans and unquoted) and not header_only:
        assert in_bulk.execute(read).fetchone() == (1,)


@st.composite
def line_item_registers(draw) -> str:
    """A line-item register as an LPJ lists it, for defect tests: items well and badly
    written, totals, the header repeated; every row of the header's width and none blank
    (a sheet's row may stop early where a CSV's may not, and a sheet holds no empty row)."""
    header = "Kode Wilayah;Pemerintah Daerah;Lembaga;Tahap;Uraian;Nilai (Rp);Tanggal"
    places = [("65.03", "Kabupaten Nunukan"), ("65", "Provinsi Kalimantan Utara"), ("99.99", "X")]
    lines = [header]
    kinds = st.sampled_from(["item"] * 8 + ["totals", "header"])
    for kind in draw(st.lists(kinds, min_size=1, max_size=14)):
        if kind == "totals":
            lines.append(";Jumlah;KPU;Realisasi;;Rp 5.000.000;")
        elif kind == "header":
            lines.append(header)
        else:
            code, name = draw(st.sampled_from(places))
            body = draw(st.sampled_from(["KPU", "Bawaslu", "Pramuka"]))
            stage = draw(st.sampled_from(["Realisasi", "Pengembalian", "x"]))
            item = draw(st.sampled_from(["Honor PPK", "Sewa gudang", " Konsumsi ", "Honor"]))
            amount = draw(
                st.sampled_from(
                    ["Rp 1.000.000", "2.500.000", "Rp 3 juta", "Rp 12,50", "0", "", "-"]
                )
            )
            date = draw(st.sampled_from(["12/03/2024", "31/02/2024", "", "Rabu, 14/03/2024"]))
            lines.append(";".join([code, name, body, stage, item, amount, date]))
    return "\n".join(lines) + "\n"


@settings(
    max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(line_item_registers())
def test_any_line_item_register_sums_alike_from_csv_and_from_a_workbook(tmp_path_factory, text):
    # The CSV is read by DuckDB itself; the workbook's cells by Python, then checked and
    # summed by DuckDB (`plan_sheets`): a register must mean the same in either format.
    assert_summed_alike(*read_csv_and_workbook(tmp_path_factory, text))


def read_csv_and_workbook(tmp_path_factory, text: str) -> list[duckdb.DuckDBPyConnection]:
    """The warehouses of ``text`` as lpj.csv and as lpj.xlsx (a sheet "Rincian" of its lines)."""
    warehouses = []
    for name in ("lpj.csv", "lpj.xlsx"):
        tmp = tmp_path_factory.mktemp("register")
        raw = raw_folder(tmp)
        if name.endswith(".csv"):
            (raw / name).write_text(text, encoding="utf-8")
        else:
            _workbook(raw / name, {"Rincian": _lines(text)})
        (raw / "sources.csv").write_text(f"file;title;source_url\n{name};t;https://example.org/\n")
        warehouses.append(build(raw, tmp, bulk_min_rows=10**9))
    return warehouses


def assert_summed_alike(from_csv: duckdb.DuckDBPyConnection, from_xlsx: duckdb.DuckDBPyConnection):
    """The same figures, findings and counts of a register lpj.csv and of lpj.xlsx, their
    names and locators aside (a sheet's name is in the workbook's)."""
    queries = [
        "select region_code, body, stage, amount_idr, as_of, row_number, amount_text, flags, "
        "regexp_replace(locator, '^sheet ''[^'']*'' ', '') from core.allocations order by all",
        "select rule_id, row_number, observed, regexp_replace(message, 'lpj.(csv|xlsx)', '') "
        "from audit.findings where source_file like 'lpj.%' order by all",
        "select rows_read, loaded, quarantined, skipped, balanced from audit.file_accounting "
        "where source_file like 'lpj.%'",
    ]
    for query in queries:
        assert from_csv.execute(query).fetchall() == from_xlsx.execute(query).fetchall()


def test_a_registers_blank_lines_are_looked_for_once(register_raw, tmp_path, monkeypatch):
    # A register with quotes and a blank line: the plan finds its blank lines to number its
    # records over several lines, and the load numbers them again from the plan's, without
    # another pass over the file.
    from hibah.ingest import bulk

    (register_raw / "lpj-sintetis.csv").write_text(SPANNING, encoding="utf-8")
    passes = []
    scan_lines = bulk.scan_lines
    monkeypatch.setattr(
        bulk, "scan_lines", lambda path, *a: passes.append(path) or scan_lines(path, *a)
    )
    con = build(register_raw, tmp_path, bulk_min_rows=10**9)
    assert [p.name for p in passes] == ["lpj-sintetis.csv"]
    skipped = "select row_number, reason from raw.rows where disposition = 'skipped'"
    assert con.execute(skipped).fetchall() == [(7, "blank row")]


@st.composite
def register_workbooks(draw) -> bytes:
    """Workbooks of one to three register sheets, long, wide or under a header of two rows,
    each with what a sheet may hold around its rows: titles above the header, a table not
    starting in column A, rows blank alone and in runs longer than `BLANK_RUN`, totals rows,
    the header again, rows without an amount, region names merged over their rows, amounts
    as numbers, as text or as an error."""
    import openpyxl

    from hibah.ingest.tabular.sheets import BLANK_RUN

    book = openpyxl.Workbook()
    book.remove(book.active)
    for number in range(draw(st.integers(1, 3))):
        sheet = book.create_sheet(f"Rincian {number + 1}")
        at = 1 + draw(st.integers(0, 2))  # titles above, or blank rows
        if at > 1 and draw(st.booleans()):
            sheet.cell(1, 1, "Rincian Penggunaan Dana Hibah Pilkada 2024")
        left = draw(st.sampled_from([1, 1, 2]))
        layout = draw(st.sampled_from(["long", "wide", "two rows"]))
        header = ["Kode Wilayah", "Pemerintah Daerah", "Lembaga", "Tahap", "Nilai (Rp)"]
        if layout == "wide":
            header.append("Realisasi (Rp)")
        elif layout == "two rows":  # "Pencairan (Rp)" over "Tahap I" and "Tahap II"
            header[3:] = ["Pencairan (Rp)", ""]
        if draw(st.booleans()):
            header.insert(3, "Uraian")

        def put(row: int, cells: list, sheet=sheet, left=left) -> None:
            for column, value in enumerate(cells, left):
                if value is not None and value != "":
                    sheet.cell(row, column, value)

        def put_header(
            row: int, header=header, layout=layout, put=put, sheet=sheet, left=left
        ) -> int:
            put(row, header)
            if layout != "two rows":
                return row
            put(row + 1, [""] * (len(header) - 2) + ["Tahap I", "Tahap II"])
            end = left + len(header) - 1
            sheet.merge_cells(start_row=row, start_column=end - 1, end_row=row, end_column=end)
            return row + 1

        at = put_header(at)
        stages = 2 if layout != "long" else 1
        amounts = st.one_of(
            st.integers(1, 10**12),
            st.sampled_from(["Rp 1.500.000", "2.000.000", "#N/A", "", " ", "n/a", "-"]),
        )
        for _ in range(draw(st.integers(0, 25))):
            at += 1
            kind = draw(
                st.sampled_from(["data"] * 6 + ["blank", "run", "totals", "header", "merged"])
            )
            cells = ["65.03", "Kabupaten Nunukan", "KPU"]
            if "Uraian" in header:
                cells.append(draw(st.sampled_from(["Honor PPK", "Sewa gedung", ""])))
            if layout == "long":
                cells.append("NPHD")
            cells += [draw(amounts) for _ in range(stages)]
            if kind == "blank":
                continue
            if kind == "run":
                at += draw(st.integers(BLANK_RUN - 1, BLANK_RUN + 2))
            elif kind == "totals":
                cells[1] = draw(st.sampled_from(["Jumlah", "TOTAL Provinsi", "Subtotal"]))
            elif kind == "header":
                at = put_header(at)
                continue
            elif kind == "merged":  # the region's name over its two rows
                put(at, cells)
                put(at + 1, cells)
                sheet.merge_cells(
                    start_row=at, start_column=left + 1, end_row=at + 1, end_column=left + 1
                )
                at += 1
                continue
            put(at, cells)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@settings(max_examples=60, deadline=None)
@given(register_workbooks(), st.integers(0, 30))
def test_a_sheet_held_column_by_column_gives_the_register_its_rows_give(data, min_rows):
    # calamine's sheets go to the register from their columns (their rows made only for the
    # few that may not be data rows); openpyxl's from their rows: the same register, the
    # same sheets left to the row reader
    from hibah.ingest.bulk import plan_sheets
    from hibah.ingest.files import RawFile
    from hibah.ingest.tabular import sheets

    file = RawFile("lpj.xlsx", ROOT / "lpj.xlsx", "sha", 0, "xlsx", "allocations")
    proof = sheets._calamine_proof(data)
    assume(proof is not None)  # not when far fewer cells than rows: openpyxl reads it
    assert proof is not None
    by_columns = list(sheets._calamine_sheets(data, proof.errors))
    assert all(sheet.grid is not None for sheet in by_columns)
    by_rows = list(sheets._openpyxl_sheets(file, data))
    register, rest = plan_sheets(file, by_columns, min_rows)
    expected, expected_rest = plan_sheets(file, by_rows, min_rows)
    assert register == expected
    assert [(s.name, s.rows) for s in rest] == [(s.name, s.rows) for s in expected_rest]


@pytest.mark.parametrize("past", [-1, 0, 1])
def test_blank_rows_at_the_edge_of_a_run_are_counted_alike_by_columns_and_by_rows(past):
    # blank rows in a run of at most BLANK_RUN are units of their own ("blank row"); a
    # longer run holds none: alike whether the sheet is held column by column or as rows
    import openpyxl

    from hibah.ingest.bulk import plan_sheets
    from hibah.ingest.files import RawFile
    from hibah.ingest.tabular import sheets

    run = sheets.BLANK_RUN + past
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Kode Wilayah", "Pemerintah Daerah", "Lembaga", "Tahap", "Uraian", "Nilai"])
    # forty rows, then ``run`` blank rows before each of two more (enough cells for the
    # rows they span: calamine reads the sheet)
    for at in [*range(2, 42), 42 + run, 43 + 2 * run]:
        for column, value in enumerate(
            ["65.03", "Kabupaten Nunukan", "KPU", "NPHD", "Honor", 1_000_000], 1
        ):
            sheet.cell(at, column, value)
    out = io.BytesIO()
    book.save(out)
    data = out.getvalue()
    file = RawFile("lpj.xlsx", ROOT / "lpj.xlsx", "sha", 0, "xlsx", "allocations")
    proof = sheets._calamine_proof(data)
    assert proof is not None
    by_columns = list(sheets._calamine_sheets(data, proof.errors))
    assert by_columns[0].grid is not None
    register, _ = plan_sheets(file, by_columns, 0)
    expected, _ = plan_sheets(file, sheets._openpyxl_sheets(file, data), 0)
    assert register == expected
    assert len(register.skipped) == (2 * run if past <= 0 else 0)
