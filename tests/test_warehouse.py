"""The warehouse built from the stage functions: contract, accounting, exact amounts, publish."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import duckdb
import pytest

from hibah import publish, stages, warehouse
from tests.conftest import RAW


def build(raw: Path, db: Path, run_id: str = "test-run", previous: Path | None = None) -> dict:
    ingested = stages.ingest(raw)
    checked = stages.validate(ingested)
    run = warehouse.RunInfo(run_id, None, dt.datetime.now(dt.UTC))
    return stages.build_warehouse(db, run, ingested, checked, previous=previous)


@pytest.fixture(scope="module")
def shipped_db(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("wh") / "hibah.duckdb"
    build(RAW, db)
    return db


def test_schemas_and_tables_of_the_contract(shipped_db):
    with duckdb.connect(str(shipped_db), read_only=True) as con:
        tables = set(
            con.execute(
                "select schema_name || '.' || table_name from duckdb_tables() "
                "union all select schema_name || '.' || view_name from duckdb_views() "
                "where not internal"
            ).fetchall()
        )
    names = {t for (t,) in tables}
    assert {
        "raw.files",
        "raw.rows",
        "core.regions",
        "core.allocations",
        "audit.findings",
        "audit.quarantine",
        "audit.runs",
        "audit.file_accounting",
        "marts.region_body_totals",
    } <= names


def test_every_table_view_and_column_is_described(shipped_db):
    with duckdb.connect(str(shipped_db), read_only=True) as con:
        undocumented = con.execute(
            """
            select schema_name || '.' || table_name || '.' || column_name
            from duckdb_columns()
            where schema_name in ('raw', 'core', 'audit', 'marts')
              and (comment is null or comment = '')
            union all
            select schema_name || '.' || table_name from duckdb_tables()
            where schema_name in ('raw', 'core', 'audit', 'marts') and comment is null
            union all
            select schema_name || '.' || view_name from duckdb_views()
            where schema_name in ('raw', 'core', 'audit', 'intermediate', 'marts')
              and comment is null
            """
        ).fetchall()
    assert undocumented == []


def test_regions_roster_has_545_voting_regions(shipped_db):
    with duckdb.connect(str(shipped_db), read_only=True) as con:
        counts = dict(
            con.execute(
                "select level, count(*) from core.regions where votes_2024 group by level"
            ).fetchall()
        )
        nunukan = con.execute(
            "select region_name, province_code, level from core.regions where region_code = '65.03'"
        ).fetchone()
    assert counts == {"provinsi": 37, "kabupaten": 415, "kota": 93}
    assert nunukan == ("Kabupaten Nunukan", "65", "kabupaten")


def test_accounting_balances_per_file(shipped_db):
    with duckdb.connect(str(shipped_db), read_only=True) as con:
        acc = con.execute("select * from audit.file_accounting").df()
        dispositions = con.execute(
            "select count(*) from raw.rows where disposition is null"
        ).fetchone()[0]
    assert acc["balanced"].all()
    assert (acc["rows_read"] == acc["loaded"] + acc["quarantined"] + acc["skipped"]).all()
    assert dispositions == 0


def test_amounts_stay_exact_integers(shipped_db):
    with duckdb.connect(str(shipped_db), read_only=True) as con:
        types = dict(
            con.execute(
                "select column_name, data_type from duckdb_columns() "
                "where schema_name = 'marts' and table_name = 'region_body_totals'"
            ).fetchall()
        )
        row = con.execute(
            "select amount_idr from marts.region_body_totals "
            "where region_code = '18' and body = 'KPU' and stage = 'nphd'"
        ).df()
    assert types["amount_idr"] == "BIGINT"
    assert row["amount_idr"].dtype == "int64"
    assert row["amount_idr"].tolist() == [295_956_908_000]  # Lampung, daswati.id, to the rupiah


def test_totals_sum_units_of_one_source_but_never_sources(shipped_db):
    with duckdb.connect(str(shipped_db), read_only=True) as con:
        totals = con.execute(
            "select region_code, body, amount_idr, n_sources, sources_agree "
            "from marts.region_body_totals where stage = 'nphd' "
            "and region_code in ('74.02', '11.12', '65.03') order by all"
        ).df()
    got = {
        (r.region_code, r.body): (r.amount_idr, r.n_sources, r.sources_agree)
        for r in totals.itertuples()
    }
    # Konawe: Polres Konawe 7,8 + Polresta Kendari 1,1 miliar in one publication.
    assert got[("74.02", "Polri")] == (8_900_000_000, 1, True)
    # Aceh Barat Daya: two ANTARA reports, Rp24,1 vs Rp22,5 miliar: a real disagreement.
    assert got[("11.12", "KPU")] == (24_100_000_000, 2, False)
    # Nunukan TNI: 1.028.290.000 (press release) and "1 miliar" (infobanua) agree at 1 miliar.
    assert got[("65.03", "TNI")] == (1_028_290_000, 2, True)


def test_quarantine_and_findings_land_in_audit(defect_raw, tmp_path):
    db = tmp_path / "d.duckdb"
    counts = build(defect_raw, db)
    assert counts["rows_read"] == 7
    assert (counts["loaded"], counts["quarantined"], counts["skipped"]) == (1, 4, 2)
    with duckdb.connect(str(db), read_only=True) as con:
        q = con.execute(
            "select row_number, rule_ids, source_file from audit.quarantine order by row_number"
        ).fetchall()
        rows = dict(con.execute("select row_number, disposition from raw.rows").fetchall())
    assert q == [
        (3, ["amount-not-positive"], "defects.csv"),
        (4, ["body-unknown"], "defects.csv"),
        (5, ["region-code-format"], "defects.csv"),
        (7, ["amount-unreadable"], "defects.csv"),
    ]
    assert rows == {
        2: "loaded",
        3: "quarantined",
        4: "quarantined",
        5: "quarantined",
        6: "skipped",
        7: "quarantined",
        8: "skipped",
    }


def test_accounting_that_does_not_balance_fails_the_run(tmp_path):
    ingested = stages.ingest(RAW)
    checked = stages.validate(ingested)
    with pytest.raises(warehouse.AccountingError, match=r"kaltara-2024\.csv"):
        warehouse.build(
            tmp_path / "x.duckdb",
            run=warehouse.RunInfo("r", None, dt.datetime.now(dt.UTC)),
            previous=None,
            files=ingested.files,
            read_errors={},
            regions=ingested.regions,
            raw_rows=ingested.raw_rows,
            skipped=[],
            # one record lost between validation and load
            allocations=checked.allocations[
                ~(
                    (checked.allocations["source_file"] == "kaltara-2024.csv")
                    & (checked.allocations["row_number"] == 2)
                )
            ],
            quarantine=checked.quarantine,
            findings=checked.findings,
        )


def _build_run(db: Path, run_id: str, page: str = "index.html") -> None:
    """A run's folder: its warehouse (history carried from ``db``) and a one-page site."""
    staging = publish.staging_db(db, run_id)
    site = publish.staging_site(db, run_id)
    site.mkdir(parents=True)
    build(RAW, staging, run_id=run_id, previous=db)
    (site / page).write_text(f"<p>{run_id}</p>", encoding="utf-8")


def test_publish_switches_warehouse_and_site_together_and_keeps_history(tmp_path):
    db, reports = tmp_path / "hibah.duckdb", tmp_path / "reports"
    _build_run(db, "run-1")
    publish.publish(db, reports, "run-1")
    reader = duckdb.connect(str(db), read_only=True)  # an analyst, open across the switch
    _build_run(db, "run-2", page="province-65.html")
    (publish.staging_site(db, "run-2") / "index.html").write_text("<p>run-2</p>")
    publish.publish(db, reports, "run-2")
    assert reader.execute("select run_id from audit.runs").fetchall() == [("run-1",)]
    reader.close()
    with duckdb.connect(str(db), read_only=True) as con:
        runs = con.execute("select run_id from audit.runs order by run_id").fetchall()
    assert runs == [("run-1",), ("run-2",)]
    assert (reports / "index.html").read_text() == "<p>run-2</p>"
    assert sorted(p.name for p in reports.iterdir()) == ["index.html", "province-65.html"]
    _build_run(db, "run-3")
    publish.publish(db, reports, "run-3")  # a page run-3 does not have is gone
    assert sorted(p.name for p in reports.iterdir()) == ["index.html"]
    # run folders: the published run's and the one before it
    assert sorted(p.name for p in publish.runs_dir(db).iterdir()) == ["current", "run-2", "run-3"]


def test_publish_takes_over_a_warehouse_and_site_of_the_earlier_layout(tmp_path):
    db, reports = tmp_path / "hibah.duckdb", tmp_path / "reports"
    build(RAW, db, run_id="run-0")  # a plain file, as earlier versions published it
    (reports / "exports").mkdir(parents=True)
    (reports / "exports" / "allocations.csv").write_text("old")
    (reports / "index.html").write_text("<p>run-0</p>")
    (reports / ".gitkeep").write_text("")
    _build_run(db, "run-1")
    publish.publish(db, reports, "run-1")
    assert db.is_symlink() and (reports / "index.html").is_symlink()
    assert (reports / "index.html").read_text() == "<p>run-1</p>"
    assert sorted(p.name for p in reports.iterdir()) == [".gitkeep", "index.html"]
    with duckdb.connect(str(db), read_only=True) as con:  # history carried from the file
        runs = con.execute("select run_id from audit.runs order by run_id").fetchall()
    assert runs == [("run-0",), ("run-1",)]


def test_readme_queries_run_on_the_warehouse(shipped_db):
    from tests.conftest import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    queries = re.findall(r"```sql\n(.*?)```", readme, re.S)
    assert len(queries) >= 3
    with duckdb.connect(str(shipped_db), read_only=True) as con:
        results = {q: con.execute(q).df() for q in queries}
    # A first run has no previous run to compare with; every other query finds rows.
    assert all(not r.empty for q, r in results.items() if "changes_since_last_run" not in q)


def test_prune_removes_killed_runs_folders_and_half_made_links(tmp_path):
    db = tmp_path / "hibah.duckdb"
    runs = publish.runs_dir(db)
    for name in ("run-1", "run-2", "run-killed"):
        (runs / name / "site").mkdir(parents=True)
    (runs / "current").symlink_to("run-2")
    (runs / ".current.123.link").symlink_to("run-killed")  # a switch killed half-way
    removed = publish.prune(db, keep={"run-1"})
    assert sorted(p.name for p in removed) == [".current.123.link", "run-killed"]
    assert sorted(p.name for p in runs.iterdir()) == ["current", "run-1", "run-2"]
