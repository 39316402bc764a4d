"""A small warehouse per test: the real DDL and marts, the real region reference, and the
allocation records the test writes. `run` executes one rule file and returns its rows."""

from __future__ import annotations

import datetime as dt
import itertools
import shutil
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from hibah import stages, warehouse
from hibah.ingest.files import RawFile
from hibah.ingest.reference import read_regions
from hibah.rules import SQL_RULES, parameters_frame, parse_rule, run_rule, stored_parameters
from hibah.validate import records_frame
from tests.conftest import HEADER, RAW

_ids = itertools.count(1)


@pytest.fixture(scope="session")
def regions() -> pd.DataFrame:
    file = RawFile(
        "reference/regions.csv", RAW / "reference" / "regions.csv", "x", 0, "csv", "reference"
    )
    return read_regions(file)


def alloc(**overrides) -> dict:
    """One valid allocation record (Kabupaten Nunukan's KPU NPHD unless told otherwise)."""
    n = next(_ids)
    record = {
        "allocation_id": f"a{n:03d}",
        "region_code": "65.03",
        "region_name": "Kabupaten Nunukan",
        "province_code": "65",
        "grantor_level": "kabupaten",
        "election": "bupati",
        "body": "KPU",
        "recipient_unit": None,
        "stage": "nphd",
        "amount_idr": 34_000_000_000,
        "amount_precision_idr": 1,
        "approximate": False,
        "as_of": dt.date(2024, 10, 31),
        "amount_text": "Rp 34.000.000.000",
        "source_url": f"https://example.org/s{n}",
        "source_file": "t.csv",
        "row_number": n + 1,
        "locator": f"row {n + 1}",
        "evidence": "...",
        "region_as_written": None,
        "note": None,
        "flags": [],
    }
    return record | overrides


def read(folder: Path, rows: list[str], press: str | None = None) -> list[dict]:
    """The records hibah's own readers make of a table (``rows`` under the register header
    of tests/conftest.py; date and address filled in when left out) and, optionally, a
    press text: for rules whose deciding is done while reading. Synthetic rows on real
    figures (Nunukan's grants), for rule tests."""
    raw = folder / "raw"
    (raw / "reference").mkdir(parents=True)
    shutil.copy(RAW / "reference" / "regions.csv", raw / "reference" / "regions.csv")
    src = "https://example.org/synthetic-rule-test"
    lines = [HEADER] + [r if r.count(";") == 8 else f"{r};31/10/2024;{src}" for r in rows]
    (raw / "grants.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    if press is not None:
        (raw / "press").mkdir()
        (raw / "press" / "release.txt").write_text(press, encoding="utf-8")
    checked = stages.validate(stages.ingest(raw))
    assert checked.quarantine.empty, checked.quarantine
    return checked.allocations.to_dict("records")


@pytest.fixture
def build(regions):
    """build(records, voters=..., anchors=..., reports=..., params=...) → connection with
    the intermediate views and marts; ``params`` override the rule parameters' defaults in
    audit.parameters."""
    opened = []

    def _build(records, voters=None, anchors=None, reports=None, params=None):
        con = duckdb.connect()
        opened.append(con)
        for ddl in warehouse.sql_files("ddl"):
            con.execute(ddl.read_text())
        for table, frame in (
            ("core.regions", regions),
            ("core.allocations", records_frame(records)),
            ("core.voters", pd.DataFrame(voters or [])),
            ("core.anchors", pd.DataFrame(anchors or [])),
            ("core.accountability_reports", pd.DataFrame(reports or [])),
            ("audit.parameters", parameters_frame(params)),
        ):
            if not frame.empty:
                con.register("incoming", frame)
                con.execute(f"insert into {table} by name select * from incoming")
                con.unregister("incoming")
        warehouse.amount_readings(con)
        for view in [*warehouse.sql_files("intermediate"), *warehouse.sql_files("marts")]:
            con.execute(view.read_text())
        return con

    yield _build
    for con in opened:
        con.close()


def run(con, rule_id: str, **params) -> pd.DataFrame:
    """The failing rows of one rule, sorted for stable comparison: with the warehouse's
    audit.parameters, or with ``params`` over the defaults when given."""
    values = stored_parameters(con) | params
    rows = run_rule(con, parse_rule(SQL_RULES / f"{rule_id}.sql"), values)
    return rows.sort_values(["region_code", "body", "allocation_id"], na_position="first")


def ids(rows: pd.DataFrame) -> list:
    return rows["allocation_id"].tolist()
