"""The Prefect flow end to end, on the shipped raw/ and on defects (one test server)."""

from __future__ import annotations

import duckdb
import pytest

from flows.cli import main
from tests.conftest import RAW, ROOT

pytestmark = [pytest.mark.flow, pytest.mark.usefixtures("prefect_server")]


def test_flow_on_shipped_raw_publishes_warehouse_and_report(tmp_path):
    from flows.pipeline import hibah_flow

    db, reports = tmp_path / "hibah.duckdb", tmp_path / "reports"
    summary = hibah_flow(raw_dir=RAW, db_path=db, reports_dir=reports)

    assert summary.report_path == reports / "index.html"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["hibah.duckdb", "reports"]
    published = {p.name for p in reports.iterdir()}
    assert {"index.html", "comparison.html", "findings.html", "exports"} <= published
    assert not [p for p in reports.iterdir() if p.name.startswith(".")]  # no staging left
    c = summary.counts
    assert c["rows_read"] == c["loaded"] + c["quarantined"] + c["skipped"]
    assert c["loaded"] >= 30 and c["quarantined"] == 0
    with duckdb.connect(str(db), read_only=True) as con:
        nunukan = dict(
            con.execute(
                "select body, amount_idr from core.allocations where region_code = '65.03' "
                "and source_url like '%nunukankab.go.id%'"
            ).fetchall()
        )
        findings = con.execute(
            "select rule_id, source_file, row_number from audit.findings"
        ).fetchall()
        run = con.execute("select run_id, flow_run_id, status from audit.runs").fetchall()
    assert nunukan == {
        "KPU": 34_000_000_000,
        "Bawaslu": 13_825_000_543,
        "Polri": 5_971_710_000,
        "TNI": 1_028_290_000,
    }
    assert ("word-amount-not-round", "kaltara-2024.csv", 3) in findings
    assert ("word-amount-not-round", "press/nunukan-2024-10-31.txt", 2) in findings
    # The real disagreements between outlets in the shipped registers.
    conflicts = {(f, r) for rule, f, r in findings if rule == "source-conflict"}
    assert conflicts == {
        ("sumatera-nphd-2023-2024.csv", 5),  # Sumut Bawaslu: Rp 233,80 vs Rp223,8 miliar
        ("aceh-kip-nphd.csv", 8),  # Aceh Barat Daya KIP: Rp22,5 vs Rp24,1 miliar
        ("aceh-kip-nphd.csv", 11),  # Gayo Lues KIP: Rp18 vs Rp26,2 miliar
    }
    assert run == [(summary.run_id, run[0][1], "completed")] and run[0][1]

    html = (reports / "province-65.html").read_text(encoding="utf-8")
    for figure in ("Rp34.000.000.000", "Rp5.971.710.000", "Rp1.028.290.000"):
        assert figure in html
    assert "Kabupaten Nunukan" in html
    assert "word-amount-not-round" in (reports / "findings.html").read_text(encoding="utf-8")


def test_cli_run_prints_what_it_did_and_keeps_history(tmp_path, capsys, defect_raw):
    db, reports = tmp_path / "w.duckdb", tmp_path / "r"
    args = ["run", "--raw", str(defect_raw), "--db", str(db), "--reports", str(reports)]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "rows read: 7 = loaded 1 + quarantined 4 + skipped 2" in out
    assert "findings: 4 error, 0 warning, 2179 info" in out  # not-disclosed: 545 x 4 - 1
    assert f"report: {reports / 'index.html'}" in out

    assert main(args) == 0  # a second run on the same input
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("select count(*) from audit.runs").fetchone()[0] == 2
        quarantined = con.execute(
            "select row_number, rule_ids from audit.quarantine order by row_number"
        ).fetchall()
        balanced = con.execute("select bool_and(balanced) from audit.file_accounting").fetchone()
    assert [r for r, _ in quarantined] == [3, 4, 5, 7]
    assert balanced == (True,)
    html = (reports / "index.html").read_text(encoding="utf-8")
    assert "Satpol PP" in html and "amount-not-positive" in html


def test_flow_on_a_fixture_trips_every_rule_exactly_once(tmp_path):
    from flows.pipeline import hibah_flow
    from flows.rules import load_rules

    raw = ROOT / "tests" / "fixtures" / "every_rule"
    db = tmp_path / "hibah.duckdb"
    summary = hibah_flow(raw_dir=raw, db_path=db, reports_dir=tmp_path / "reports")
    with duckdb.connect(str(db), read_only=True) as con:
        found = con.execute(
            "select rule_id, source_file, locator from audit.findings order by rule_id"
        ).fetchall()
        balanced = con.execute("select bool_and(balanced) from audit.file_accounting").fetchone()
    assert sorted(found) == sorted([
        ("dot-thousands-before-scale", "grants.csv", "row 14"),
        ("duplicate-record", "grants.csv", "row 3"),
        ("juta-below-peers", "grants.csv", "row 22"),
        ("not-disclosed", None, "65.04"),
        ("per-voter-outlier", "grants.csv", "row 22"),
        ("report-late", None, "65.03"),
        ("return-late", "grants.csv", "row 21"),
        ("scale-suspect", "grants.csv", "row 22"),
        ("source-conflict", "grants.csv", "row 20"),
        ("tranche-2-late", "grants.csv", "row 12"),
        ("tranche-share", "grants.csv", "row 11"),
        ("tranches-exceed-nphd", "grants.csv", "row 5"),
        ("weekday-mismatch", "grants.csv", "row 23"),
        ("word-amount-not-round", "grants.csv", "row 17"),
    ])  # fmt: skip
    assert {rule for rule, _, _ in found} == {rule.id for rule in load_rules()}
    assert balanced == (True,)
    assert summary.counts["rows_read"] == 23 == summary.counts["loaded"]
