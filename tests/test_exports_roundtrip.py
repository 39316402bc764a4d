"""hibah reads back what it exports: the allocations export, as CSV or XLSX, run again as a
raw file, gives the same figures; the Parquet export holds them with their types."""

from __future__ import annotations

import datetime as dt
import shutil

import duckdb
import pytest

from hibah import stages, warehouse
from hibah.reports import data as report_data
from hibah.reports.exports import write_exports
from tests.conftest import RAW

RUN = warehouse.RunInfo("round-trip", None, dt.datetime(2025, 1, 1, tzinfo=dt.UTC))
FIGURES = (
    "select region_code, body, stage, amount_idr, as_of, coalesce(source_url, '') "
    "from core.allocations order by all"
)


def build(raw, db):
    ingested = stages.ingest(raw, None)
    stages.build_warehouse(db, RUN, ingested, stages.validate(ingested))
    return db


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    out = tmp_path_factory.mktemp("exported")
    db = build(RAW, out / "first.duckdb")
    write_exports(report_data.load(db), out / "exports")
    with duckdb.connect(str(db), read_only=True) as con:
        figures = con.execute(FIGURES).fetchall()
    return out, figures


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_an_export_run_again_gives_the_same_figures(exported, tmp_path, suffix):
    out, figures = exported
    raw = tmp_path / "raw"
    (raw / "reference").mkdir(parents=True)
    shutil.copy(RAW / "reference" / "regions.csv", raw / "reference")
    shutil.copy(out / "exports" / f"allocations.{suffix}", raw)
    with duckdb.connect(str(build(raw, tmp_path / "again.duckdb")), read_only=True) as con:
        assert con.execute(FIGURES).fetchall() == figures
        assert con.execute("select count(*) from audit.quarantine").fetchone()[0] == 0


def test_the_parquet_export_keeps_types_and_figures(exported):
    out, figures = exported
    path = str(out / "exports" / "allocations.parquet")
    con = duckdb.connect()
    types = dict(
        con.execute(
            "select column_name, column_type from (describe select * from read_parquet($p))",
            {"p": path},
        ).fetchall()
    )
    assert types["amount_idr"] == "BIGINT" and types["as_of"] == "DATE"
    rows = con.execute(
        "select region_code, body, stage, amount_idr, as_of, coalesce(source_url, '') "
        "from read_parquet($p) order by all",
        {"p": path},
    ).fetchall()
    assert rows == figures
