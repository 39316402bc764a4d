"""What the reports show, read from the warehouse (marts, audit, core reference) only."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

INFO_ROWS_LISTED = 50
ROWS_LISTED = 200  # rows of one rule (or of the quarantine) a page lists; the rest: exports


@dataclass
class ReportData:
    run: dict  # the latest audit.runs row
    files: pd.DataFrame  # raw.files joined with audit.file_accounting
    totals: pd.DataFrame  # marts.region_body_totals
    findings: pd.DataFrame  # audit.findings of the run (info rules with many rows left out)
    quarantine: pd.DataFrame  # audit.quarantine of the run
    findings_by_rule: pd.DataFrame  # rule_id, severity, findings: every rule that fired
    figures: pd.DataFrame  # marts.source_figures
    tranches: pd.DataFrame  # marts.tranche_compliance
    provinces: pd.DataFrame  # marts.province_totals
    per_voter: pd.DataFrame  # marts.per_voter_cost
    all_findings: pd.DataFrame  # audit.findings of the run, every row
    rules: pd.DataFrame  # rule_id, severity, title, message, legal_basis
    changes: pd.DataFrame  # marts.changes_since_last_run
    statuses: pd.DataFrame  # finding status counts: status, severity, findings
    roster: pd.DataFrame  # core.regions that voted, with province names
    parameters: dict[str, str]  # audit.parameters: name -> value (text)
    # (rule_id, allocation_id) of the findings findings.html lists, each with its own anchor
    listed: frozenset[tuple[str, str]]


_SEVERITY_ORDER = "case severity when 'error' then 0 when 'warning' then 1 else 2 end"
# What the pages show, one query a frame; $run_id is the latest run's.
_QUERIES = {
    "files": """
        select f.source_file, f.role, f.title, f.publisher, f.source_url, f.read_error,
               a.rows_read, a.loaded, a.quarantined, a.skipped
        from raw.files as f
        left join audit.file_accounting as a
            on a.source_file = f.source_file and a.run_id = $run_id
        order by f.role, f.source_file
        """,
    "totals": """
        select *
        from marts.region_body_totals
        order by province_code, level <> 'provinsi', region_code, body, stage
        """,
    "by_rule": f"""
        select rule_id, severity, count(*)::integer as findings
        from audit.findings where run_id = $run_id
        group by rule_id, severity
        order by {_SEVERITY_ORDER}, rule_id
        """,
    "all_findings": f"""
        select f.rule_id, f.severity, f.message, f.region_code, f.region_name, f.body,
               f.stage, f.allocation_id, f.source_file, f.row_number, f.locator,
               f.evidence, r.cells
        from audit.findings as f
        left join raw.rows as r using (source_file, locator)
        where run_id = $run_id
        order by {_SEVERITY_ORDER}, rule_id, source_file, f.row_number, locator
        """,
    "quarantine": """
        select q.source_file, q.row_number, q.locator, q.rule_ids, q.reasons, q.evidence,
               r.cells
        from audit.quarantine as q
        left join raw.rows as r using (source_file, locator)
        where run_id = $run_id
        order by source_file, q.row_number, locator
        """,
    # raw.rows.cells: a table row's cells by header, shown instead of the raw line
    "figures": """
        select f.*, r.cells
        from marts.source_figures as f
        left join raw.rows as r using (source_file, locator)
        order by province_code, region_code, body, stage, not in_total, source_file, locator
        """,
    "tranches": """
        select * from marts.tranche_compliance
        order by province_code, level <> 'provinsi', region_code, body
        """,
    "provinces": "select * from marts.province_totals order by province_code, body, stage",
    "per_voter": "select * from marts.per_voter_cost",
    "changes": """
        select * from marts.changes_since_last_run order by change, region_code, body, stage
        """,
    # The run's findings by status (so they add up to the counts in every page's lead
    # line), and those of the previous run that are gone (resolved).
    "statuses": """
        select status, severity, count(*)::integer as findings
        from audit.findings where run_id = $run_id
        group by status, severity
        union all
        select status, severity, count(*)::integer
        from audit.finding_history
        where status = 'resolved' and last_seen_run = (
            select run_id from audit.runs order by started_at desc limit 1 offset 1)
        group by status, severity
        order by status, severity
        """,
    "rules": "select * from audit.rules",
    "roster": """
        select r.region_code, r.region_name, r.province_code, p.region_name as province_name
        from core.regions r join core.regions p on p.region_code = r.province_code
        where r.votes_2024 order by r.region_code
        """,
}


def load(db_path: Path) -> ReportData:
    """Read everything the pages show, in one read-only connection."""
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        run = con.execute("select * from audit.runs order by started_at desc limit 1").df()
        if run.empty:
            raise ValueError(f"{db_path}: no run recorded in audit.runs")
        params = {"run_id": run.at[0, "run_id"]}
        frames = {
            name: con.execute(sql, params if "$run_id" in sql else None).df()
            for name, sql in _QUERIES.items()
        }
        parameters = dict(con.execute("select name, value from audit.parameters").fetchall())
    finally:
        con.close()
    all_findings = frames["all_findings"]
    counted = all_findings.groupby("rule_id")["rule_id"].transform("size")
    listed = all_findings[(all_findings["severity"] != "info") | (counted <= INFO_ROWS_LISTED)]
    on_page = (
        all_findings[all_findings["rule_id"] != "not-disclosed"]
        .groupby("rule_id")
        .head(ROWS_LISTED)
    )
    with_record = on_page.dropna(subset=["allocation_id"])
    anchors = frozenset(zip(with_record["rule_id"], with_record["allocation_id"], strict=True))
    return ReportData(
        run=run.iloc[0].to_dict(),
        files=frames["files"],
        totals=frames["totals"],
        findings=listed.reset_index(drop=True),
        quarantine=frames["quarantine"],
        findings_by_rule=frames["by_rule"],
        figures=frames["figures"],
        tranches=frames["tranches"],
        provinces=frames["provinces"],
        per_voter=frames["per_voter"],
        all_findings=all_findings,
        rules=frames["rules"],
        changes=frames["changes"],
        statuses=frames["statuses"],
        roster=frames["roster"],
        parameters=parameters,
        listed=anchors,
    )
