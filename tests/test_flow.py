"""The Prefect flow end to end, on the shipped raw/ and on defects (one test server)."""

from __future__ import annotations

import duckdb
import pytest

from hibah.cli import main
from tests.conftest import RAW, ROOT

pytestmark = [pytest.mark.flow, pytest.mark.usefixtures("prefect_server")]


def test_flow_on_shipped_raw_publishes_warehouse_and_report(tmp_path):
    from hibah.pipeline import hibah_flow

    db, reports = tmp_path / "hibah.duckdb", tmp_path / "reports"
    summary = hibah_flow(raw_dir=RAW, db_path=db, reports_dir=reports)

    assert summary.report_path == reports / "index.html"
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        ".hibah-cache",
        ".hibah-runs",
        "hibah.duckdb",
        "hibah.duckdb.lock",
        "reports",
    ]
    # the warehouse and every page lead into the run's own folder, switched in as one
    assert db.resolve().parent == (reports / "index.html").resolve().parent.parent
    assert db.resolve().parent.name == summary.run_id
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
    from hibah.pipeline import hibah_flow
    from hibah.rules import load_rules

    raw = ROOT / "tests" / "fixtures" / "every_rule"
    db = tmp_path / "hibah.duckdb"
    summary = hibah_flow(raw_dir=raw, db_path=db, reports_dir=tmp_path / "reports")
    with duckdb.connect(str(db), read_only=True) as con:
        found = con.execute(
            "select rule_id, source_file, locator from audit.findings order by rule_id"
        ).fetchall()
        balanced = con.execute("select bool_and(balanced) from audit.file_accounting").fetchone()
    assert sorted(found) == sorted(
        [
            ("disbursed-exceeds-nphd", "grants.csv", "row 28"),
            ("disbursed-exceeds-tranches", "grants.csv", "row 31"),
            ("dot-thousands-before-scale", "grants.csv", "row 14"),
            ("duplicate-record", "grants.csv", "row 3"),
            ("juta-below-peers", "grants.csv", "row 22"),
            ("not-disclosed", None, "65.04"),
            ("per-voter-outlier", "grants.csv", "row 22"),
            ("realized-exceeds-nphd", "grants.csv", "row 25"),
            ("report-late", None, "65.03"),
            ("return-late", "grants.csv", "row 21"),
            ("scale-suspect", "grants.csv", "row 22"),
            ("scale-word-restated", "grants.csv", "row 32"),
            ("source-conflict", "grants.csv", "row 20"),
            ("spending-unbalanced", "grants.csv", "row 26"),
            ("tranche-2-late", "grants.csv", "row 12"),
            ("tranche-share", "grants.csv", "row 11"),
            ("tranches-exceed-nphd", "grants.csv", "row 5"),
            ("weekday-mismatch", "grants.csv", "row 23"),
            ("word-amount-not-round", "grants.csv", "row 17"),
        ]
    )
    # figure-restated needs a previous run: test_second_run_* covers it.
    assert {rule for rule, _, _ in found} == {r.id for r in load_rules()} - {"figure-restated"}
    assert balanced == (True,)
    assert summary.counts["rows_read"] == 31 == summary.counts["loaded"]


def test_second_run_skips_unchanged_files_and_reports_what_changed(tmp_path, raw_copy):
    from hibah.pipeline import hibah_flow

    db, reports = tmp_path / "w" / "hibah.duckdb", tmp_path / "reports"
    first = hibah_flow(raw_dir=raw_copy, db_path=db, reports_dir=reports)
    assert first.counts["files_unchanged"] == 0
    # A publisher silently restates one figure: Bondowoso's KPU, Rp 52,3 → 53,3 miliar.
    table = raw_copy / "jawa-nphd-2023.csv"
    table.write_text(table.read_text().replace("Rp 52.300.000.000,00", "Rp 53.300.000.000,00"))
    second = hibah_flow(raw_dir=raw_copy, db_path=db, reports_dir=reports)
    # Every allocations and press file but the edited one is reused, not parsed again.
    read_files = [r["source_file"] for r in second.accounting]
    assert second.counts["files_unchanged"] == len(read_files) - 1
    with duckdb.connect(str(db), read_only=True) as con:
        runs = con.execute("select run_id from audit.runs order by started_at").fetchall()
        changes = con.execute(
            "select change, region_code, body, previous_amounts, current_amounts "
            "from marts.changes_since_last_run"
        ).fetchall()
        restated = con.execute(
            "select source_file, row_number, status from audit.findings "
            "where rule_id = 'figure-restated'"
        ).fetchall()
        statuses = dict(
            con.execute(
                "select status, count(*) from audit.finding_history group by status"
            ).fetchall()
        )
    assert [r for (r,) in runs] == [first.run_id, second.run_id]
    assert changes == [("changed", "35.11", "KPU", "52300000000", "53300000000")]
    assert restated == [("jawa-nphd-2023.csv", 5, "new")]
    assert statuses["persisting"] > 0 and statuses["new"] == 1
    index = (reports / "index.html").read_text(encoding="utf-8")
    assert "berubah (changed)" in index and "Rp53.300.000.000" in index

    # Nothing changes now. The next run reads every file again all the same (the second
    # found a restated figure, which it would not find again); the one after confirms it.
    third = hibah_flow(raw_dir=raw_copy, db_path=db, reports_dir=reports)
    fourth = hibah_flow(raw_dir=raw_copy, db_path=db, reports_dir=reports)
    with duckdb.connect(str(db), read_only=True) as con:
        runs = con.execute(
            "select run_id, figures_from_run from audit.runs order by started_at"
        ).fetchall()
    assert runs[2:] == [(third.run_id, third.run_id), (fourth.run_id, third.run_id)]
    assert fourth.confirmed == third.run_id and third.confirmed is None
    assert fourth.counts == third.counts | {"files_unchanged": len(fourth.accounting)}
    assert f"Run {fourth.run_id} " in (reports / "province-35.html").read_text(encoding="utf-8")
    assert not [p for p in reports.iterdir() if p.name.startswith(".")]  # no staging left


def test_reading_and_drawing_on_dask_give_the_same_warehouse_and_site(tmp_path):
    from hibah.cluster import local_cluster
    from hibah.pipeline import hibah_flow, with_runner

    raw = ROOT / "tests" / "fixtures" / "every_rule"
    alone = hibah_flow(
        raw_dir=raw, db_path=tmp_path / "a" / "h.duckdb", reports_dir=tmp_path / "ra"
    )
    with local_cluster(2) as address:
        spread = with_runner(hibah_flow, address)(
            raw_dir=raw,
            db_path=tmp_path / "b" / "h.duckdb",
            reports_dir=tmp_path / "rb",
            parts=4,
        )
    query = "select * exclude (run_id, fingerprint, status, runs_seen) from audit.findings"
    figures = "select * from core.allocations order by allocation_id"
    with (
        duckdb.connect(str(alone.db_path), read_only=True) as a,
        duckdb.connect(str(spread.db_path), read_only=True) as b,
    ):
        assert a.execute(figures).fetchall() == b.execute(figures).fetchall()
        assert sorted(a.execute(query).fetchall(), key=str) == sorted(
            b.execute(query).fetchall(), key=str
        )

    def accounting(summary):
        return [{k: v for k, v in row.items() if k != "run_id"} for row in summary.accounting]

    assert accounting(alone) == accounting(spread)
    # the pages drawn in several tasks: the same site
    ra, rb = tmp_path / "ra", tmp_path / "rb"
    files = sorted(p.relative_to(ra) for p in ra.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(rb) for p in rb.rglob("*") if p.is_file())
    for name in ("allocations.csv", "findings.csv"):
        assert (ra / "exports" / name).read_bytes() == (rb / "exports" / name).read_bytes()


def test_runs_on_one_warehouse_take_turns_and_every_completed_one_is_kept(tmp_path):
    """Two runs together: the second refuses at once (nothing of it left), or with wait
    goes on when the first is done; audit.runs and the finding history keep both."""
    import subprocess
    import sys
    import threading

    from hibah.lock import RunLocked
    from hibah.pipeline import hibah_flow

    db, reports = tmp_path / "hibah.duckdb", tmp_path / "reports"
    raw = ROOT / "tests" / "fixtures" / "every_rule"
    first = hibah_flow(raw_dir=raw, db_path=db, reports_dir=reports)
    hold = (
        "import sys; from pathlib import Path; from hibah.lock import run_lock\n"
        "with run_lock(Path(sys.argv[1])):\n"
        "    print('held', flush=True); sys.stdin.read()"
    )
    other = subprocess.Popen(
        [sys.executable, "-c", hold, str(db)],
        cwd=ROOT,
        text=True,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
    )
    try:
        assert other.stdout.readline().strip() == "held"  # another run is writing
        with pytest.raises(RunLocked, match=f"pid {other.pid}"):
            hibah_flow(raw_dir=raw, db_path=db, reports_dir=reports)
        assert sorted(p.name for p in tmp_path.iterdir() if p.name.endswith(".building")) == []
        done = []
        waiting = threading.Thread(
            target=lambda: done.append(
                hibah_flow(raw_dir=raw, db_path=db, reports_dir=reports, wait=True)
            )
        )
        waiting.start()
    finally:
        other.stdin.close()  # the other run ends
        other.wait(timeout=60)
    waiting.join(timeout=300)
    assert len(done) == 1
    with duckdb.connect(str(db), read_only=True) as con:
        runs = [
            r
            for (r,) in con.execute("select run_id from audit.runs order by started_at").fetchall()
        ]
        seen = dict(
            con.execute(
                "select last_seen_run, count(*) from audit.finding_history group by all"
            ).fetchall()
        )
    assert runs == [first.run_id, done[0].run_id]
    assert seen.get(done[0].run_id, 0) > 0  # the history carries on into the second run


def test_a_failure_after_the_switch_keeps_the_run_it_published(tmp_path, monkeypatch):
    from hibah import publish
    from hibah.pipeline import hibah_flow

    db, reports = tmp_path / "hibah.duckdb", tmp_path / "reports"
    raw = ROOT / "tests" / "fixtures" / "every_rule"

    prune = publish.prune

    def tidying_fails(db_path, keep=None):  # the prune after the switch (it keeps runs)
        if keep:
            raise OSError("disk gone while removing earlier run folders")
        return prune(db_path, keep)

    monkeypatch.setattr(publish, "prune", tidying_fails)
    with pytest.raises(OSError, match="disk gone"):
        hibah_flow(raw_dir=raw, db_path=db, reports_dir=reports)
    run_id = publish.current_run(db)
    assert run_id and (publish.run_folder(db, run_id) / "site" / "index.html").is_file()
    with duckdb.connect(str(db), read_only=True) as con:  # the published run is whole
        assert con.execute("select run_id from audit.runs").fetchall() == [(run_id,)]
    assert f"Run {run_id} " in (reports / "index.html").read_text(encoding="utf-8")


def test_a_failed_run_says_so_in_one_line_and_logs_the_traceback(tmp_path, capfd, monkeypatch):
    from hibah import publish

    def disk_full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(publish, "publish", disk_full)
    db, reports = tmp_path / "hibah.duckdb", tmp_path / "reports"
    raw = ROOT / "tests" / "fixtures" / "every_rule"
    assert main(["run", "--raw", str(raw), "--db", str(db), "--reports", str(reports)]) == 1
    err = capfd.readouterr().err
    # the failure's traceback (it runs through disk_full) is not on the terminal; progress
    # lines may precede the one line, as with -v
    assert "disk_full" not in err, err[-3000:]
    assert err.strip().splitlines()[-1] == (
        f"hibah: run failed: OSError: [Errno 28] No space left on device (details: {db}.log)"
    )
    assert err.count("hibah: run failed") == 1
    log = (tmp_path / "hibah.duckdb.log").read_text(encoding="utf-8")
    assert "Traceback" in log and "disk_full" in log and "No space left on device" in log
    runs = publish.runs_dir(db)
    assert not db.exists() and not (runs.exists() and any(runs.iterdir()))  # nothing left


def test_flow_split_into_parts_publishes_what_one_part_does(tmp_path):
    """With workers (`hibah run --workers 3`: a local cluster of three processes), files are
    read in several tasks and the pages drawn in several (each page that grows with all the
    figures alone, the provinces' in shares), on Dask: the warehouse and the site's pages
    are those of a run in one part, without Dask."""
    from hibah import publish
    from hibah.pipeline import hibah_flow

    def run(parts: int) -> tuple[list, list, dict[str, str]]:
        db, reports = tmp_path / f"p{parts}" / "hibah.duckdb", tmp_path / f"p{parts}" / "r"
        db.parent.mkdir()
        if parts > 1:
            where = ["--raw", str(RAW), "--db", str(db), "--reports", str(reports)]
            assert main(["run", *where, "--workers", str(parts)]) == 0
            run_id = publish.current_run(db)
        else:
            run_id = hibah_flow(raw_dir=RAW, db_path=db, reports_dir=reports).run_id
        with duckdb.connect(str(db), read_only=True) as con:
            figures = con.execute("select * from core.allocations order by all").fetchall()
            findings = con.execute(
                "select * exclude (run_id) from audit.findings order by all"
            ).fetchall()
        pages = {  # the run's id differs; _without_times removes the other run-bound words
            p.name: p.read_text(encoding="utf-8").replace(run_id, "RUN")
            for p in reports.glob("*.html")
        }
        exports = sorted(p.name for p in (reports / "exports").iterdir())
        return figures, findings, pages | {"exports": " ".join(exports)}

    one, three = run(1), run(3)
    assert three[0] == one[0] and three[1] == one[1]
    assert three[2].keys() == one[2].keys() and len(one[2]) > 10
    differ = [
        name for name in one[2] if _without_times(one[2][name]) != _without_times(three[2][name])
    ]
    assert differ == []


def _without_times(text: str) -> str:
    """A page without its times, its Prefect flow run's id and great-tables' random table
    ids."""
    import re

    for table_id in set(re.findall(r'<div id="([a-z]{10})"', text)):
        text = text.replace(table_id, "TABLE")
    text = re.sub(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "FLOW", text)
    return re.sub(r"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2})?( UTC)?", "TIME", text)
