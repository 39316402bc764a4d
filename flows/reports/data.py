"""What the reports show, read from the warehouse (marts and audit) and nothing else."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd


INFO_ROWS_LISTED = 50


@dataclass
class ReportData:
    run: dict  # the latest audit.runs row
    files: pd.DataFrame  # raw.files joined with audit.file_accounting
    totals: pd.DataFrame  # marts.region_body_totals
    findings: pd.DataFrame  # audit.findings of the run (info rules with many rows left out)
    quarantine: pd.DataFrame  # audit.quarantine of the run
    findings_by_rule: pd.DataFrame  # rule_id, severity, findings: every rule that fired


def load(db_path: Path) -> ReportData:
    """Read everything the index page shows, in one read-only connection."""
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        run = con.execute("select * from audit.runs order by started_at desc limit 1").df()
        if run.empty:
            raise ValueError(f"{db_path}: no run recorded in audit.runs")
        run_id = run.at[0, "run_id"]
        params = {"run_id": run_id}
        files = con.execute(
            """
            select f.source_file, f.role, f.title, f.publisher, f.read_error,
                   a.rows_read, a.loaded, a.quarantined, a.skipped
            from raw.files as f
            left join audit.file_accounting as a
                on a.source_file = f.source_file and a.run_id = $run_id
            order by f.role, f.source_file
            """,
            params,
        ).df()
        totals = con.execute(
            """
            select * exclude (allocation_ids)
            from marts.region_body_totals
            order by province_code, level <> 'provinsi', region_code, body, stage
            """
        ).df()
        by_rule = con.execute(
            """
            select rule_id, severity, count(*)::integer as findings
            from audit.findings where run_id = $run_id
            group by rule_id, severity
            order by case severity when 'error' then 0 when 'warning' then 1 else 2 end, rule_id
            """,
            params,
        ).df()
        # Info rules that fire for hundreds of regions (not-disclosed) are counted, not listed.
        findings = con.execute(
            """
            with counted as (
                select *, count(*) over (partition by rule_id) as n
                from audit.findings where run_id = $run_id
            )
            select rule_id, severity, message, source_file, row_number, locator, evidence
            from counted
            where severity <> 'info' or n <= $info_rows
            order by case severity when 'error' then 0 when 'warning' then 1 else 2 end,
                     rule_id, source_file, row_number
            """,
            params | {"info_rows": INFO_ROWS_LISTED},
        ).df()
        quarantine = con.execute(
            """
            select source_file, row_number, locator, rule_ids, reasons, evidence
            from audit.quarantine where run_id = $run_id
            order by source_file, row_number
            """,
            params,
        ).df()
    finally:
        con.close()
    return ReportData(run.iloc[0].to_dict(), files, totals, findings, quarantine, by_rule)
