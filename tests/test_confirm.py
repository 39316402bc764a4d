"""A run whose inputs are all as the last run read them confirms that run's figures instead of
reading everything again: it must publish exactly what a full run would."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import duckdb

from hibah import stages, warehouse
from hibah.ingest.files import inventory
from hibah.reports import data as report_data
from hibah.reports import page
from tests.conftest import RAW


def full_run(raw: Path, db: Path, run: warehouse.RunInfo, previous: Path | None) -> None:
    ingested = stages.ingest(raw)
    stages.build_warehouse(db, run, ingested, stages.validate(ingested), previous=previous)


# Each table with the columns a run writes by its clock (the rest must be equal)
TABLES = {
    "core.allocations": [],
    "audit.findings": [],
    "audit.quarantine": [],
    "audit.file_accounting": [],
    "audit.finding_history": [],
    "audit.previous_figures": [],
    "audit.runs": ["finished_at", "files_unchanged", "figures_from_run"],
    "marts.region_body_totals": [],
    "marts.changes_since_last_run": [],
}


def rows(db: Path, table: str, clock: list[str]) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        exclude = f" exclude ({', '.join(clock)})" if clock else ""
        return sorted(con.execute(f"select *{exclude} from {table}").fetchall(), key=repr)


def test_a_confirming_run_publishes_what_a_full_run_would(tmp_path):
    first = warehouse.RunInfo("run-1", None, dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    second = warehouse.RunInfo("run-2", None, dt.datetime(2026, 1, 2, tzinfo=dt.UTC))
    published = tmp_path / "published.duckdb"
    full_run(RAW, published, first, None)
    files = inventory(RAW)
    assert warehouse.confirmable(published, files) == "run-1"

    full, confirmed = tmp_path / "full.duckdb", tmp_path / "confirmed.duckdb"
    full_run(RAW, full, second, published)
    counts = warehouse.confirm(confirmed, run=second, previous=published, files=files)

    for table, clock in TABLES.items():
        assert rows(confirmed, table, clock) == rows(full, table, clock), table
    assert counts["files_unchanged"] == sum(f.role in ("allocations", "press") for f in files)
    with duckdb.connect(str(confirmed), read_only=True) as con:
        assert con.execute(
            "select figures_from_run from audit.runs where run_id = 'run-2'"
        ).fetchone() == ("run-1",)
        statuses = {
            s for (s,) in con.execute("select distinct status from audit.findings").fetchall()
        }
    assert statuses == {"persisting"}


def test_a_changed_file_or_a_comparing_finding_means_a_full_run(tmp_path, raw_copy):
    run = warehouse.RunInfo("run-1", None, dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    db = tmp_path / "hibah.duckdb"
    full_run(raw_copy, db, run, None)
    table = raw_copy / "jawa-nphd-2023.csv"
    table.write_text(table.read_text().replace("Rp 52.300.000.000,00", "Rp 53.300.000.000,00"))
    assert warehouse.confirmable(db, inventory(raw_copy)) is None  # a file changed

    restating = warehouse.RunInfo("run-2", None, dt.datetime(2026, 1, 2, tzinfo=dt.UTC))
    second = tmp_path / "second.duckdb"
    full_run(raw_copy, second, restating, db)
    # nothing changes now, but run-2 found a figure restated since run-1: a run now would
    # not find it again, so it reads everything
    assert warehouse.confirmable(second, inventory(raw_copy)) is None


def same_tables(page_text: str) -> str:
    """The page with great-tables' random table ids (one per drawing) numbered instead."""
    for number, table_id in enumerate(re.findall(r'<div id="([a-z]{10})"', page_text)):
        page_text = page_text.replace(table_id, f"table-{number}")
    return page_text


def test_the_confirming_sites_pages_are_the_published_ones_but_for_the_run(tmp_path):
    first = warehouse.RunInfo("run-1", None, dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    second = warehouse.RunInfo("run-2", None, dt.datetime(2026, 1, 2, tzinfo=dt.UTC))
    db, site, refreshed = tmp_path / "h.duckdb", tmp_path / "reports", tmp_path / "new"
    full_run(RAW, db, first, None)
    page.write_site(report_data.load(db), site)
    confirmed = tmp_path / "c.duckdb"
    warehouse.confirm(confirmed, run=second, previous=db, files=inventory(RAW))
    data = report_data.load(confirmed)
    assert page.refresh_site(data, site, refreshed, "run-1")

    drawn = tmp_path / "drawn"
    page.write_site(data, drawn)  # what drawing every page again gives
    names = sorted(p.relative_to(drawn) for p in drawn.rglob("*") if p.is_file())
    assert sorted(p.relative_to(refreshed) for p in refreshed.rglob("*") if p.is_file()) == names
    for name in names:
        if name.suffix == ".html":
            assert same_tables((refreshed / name).read_text()) == same_tables(
                (drawn / name).read_text()
            ), name
    assert "Run run-2 " in (refreshed / "province-65.html").read_text()
    index = (refreshed / "index.html").read_text()
    assert "figures read by run" in index and "run-1" in index
    # a site that is not the last run's is drawn again, as is one with a page of another run
    assert not page.refresh_site(data, site, tmp_path / "other", "run-0")
    stale = (site / "sources-65.html").read_text().replace("Run run-1 ", "Run run-0 ")
    (site / "sources-65.html").write_text(stale)
    assert not page.refresh_site(data, site, tmp_path / "mixed", "run-1")
    assert not (tmp_path / "mixed").exists()
