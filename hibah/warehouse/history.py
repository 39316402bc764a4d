"""What a warehouse carries from run to run: earlier runs, the finding history (new,
persisting, regressed, resolved) and the last run's figures."""

from __future__ import annotations

import contextlib
from pathlib import Path

import duckdb
import pandas as pd

from hibah.ingest.files import RawFile
from hibah.warehouse.layout import RunInfo


class WarehouseBusy(RuntimeError):
    """The published warehouse is held open for writing by another program: its history
    cannot be carried over, and a run must not go on without it."""


def carry_history(con: duckdb.DuckDBPyConnection, previous: Path | None) -> str | None:
    """Copy from the published warehouse, when there is one that opens: earlier runs, the
    finding history, and the last run's figures (for intermediate.figure_changes)."""
    if previous is None or not previous.exists():
        return None
    try:
        con.execute("attach $path as previous (read_only)", {"path": str(previous)})
    except duckdb.Error as exc:  # said, never a silent reset of the history
        if isinstance(exc, duckdb.IOException) and "lock" in str(exc).lower():
            raise WarehouseBusy(  # a program holds it open for writing
                f"{previous}: another program holds the warehouse open for writing "
                f"({str(exc).split(': ', 1)[-1].split('. See')[0]}); close that connection "
                "(analysts: connect with read_only=True) and run again"
            ) from None
        return f"{previous.name}: the previous warehouse cannot be opened ({exc})"
    try:
        for statement in (
            "insert into audit.runs by name select * from previous.audit.runs",
            "insert into audit.finding_history by name "
            "select * from previous.audit.finding_history",
            PREVIOUS_FIGURES.format(db="previous."),
        ):
            with contextlib.suppress(duckdb.CatalogException, duckdb.BinderException):
                con.execute(statement)  # an older warehouse lacks a table: that history starts now
    finally:
        con.execute("detach previous")
    return None


# The last run's figures, for intermediate.figure_changes ({db}: the warehouse they are in).
PREVIOUS_FIGURES = """
    insert into audit.previous_figures
    select (select run_id from {db}audit.runs order by started_at desc limit 1),
           region_code, body, stage, coalesce(source_url, source_file),
           coalesce(recipient_unit, ''),
           string_agg(amount_idr::varchar, ',' order by amount_idr),
           min(source_file), min(locator)
    from {db}core.allocations
    group by all
"""


def update_finding_history(con: duckdb.DuckDBPyConnection, run_id: str) -> None:
    """new / persisting / regressed for this run's findings; resolved for those gone."""
    con.execute(
        """
        create temp table current_findings as
        select fingerprint, any_value(rule_id) as rule_id, any_value(severity) as severity,
               any_value(message) as message
        from audit.findings where run_id = $run_id group by fingerprint
        """,
        {"run_id": run_id},
    )
    con.execute(
        """
        create temp table next_history as
        select
            coalesce(c.fingerprint, h.fingerprint) as fingerprint,
            coalesce(c.rule_id, h.rule_id) as rule_id,
            coalesce(c.severity, h.severity) as severity,
            coalesce(h.first_seen_run, $run_id) as first_seen_run,
            case when c.fingerprint is null then h.last_seen_run else $run_id end as last_seen_run,
            coalesce(h.runs_seen, 0) + (c.fingerprint is not null)::integer as runs_seen,
            case
                when c.fingerprint is null then 'resolved'
                when h.fingerprint is null then 'new'
                when h.status = 'resolved' then 'regressed'
                else 'persisting'
            end as status,
            coalesce(c.message, h.message) as message
        from current_findings as c
        full outer join audit.finding_history as h using (fingerprint)
        """,
        {"run_id": run_id},
    )
    con.execute("delete from audit.finding_history")
    con.execute("insert into audit.finding_history select * from next_history")
    con.execute(
        """
        update audit.findings as f set status = h.status, runs_seen = h.runs_seen
        from audit.finding_history as h
        where f.fingerprint = h.fingerprint and f.run_id = $run_id
        """,
        {"run_id": run_id},
    )
    con.execute("drop table current_findings")
    con.execute("drop table next_history")


def record_run(
    con: duckdb.DuckDBPyConnection,
    run: RunInfo,
    files: list[RawFile],
    accounting: pd.DataFrame,
    unchanged: int,
    inputs: str,
    figures_from: str | None = None,
) -> dict:
    severities = dict(
        con.execute(
            "select severity, count(*) from audit.findings where run_id = $run_id "
            "group by severity",
            {"run_id": run.run_id},
        ).fetchall()
    )
    counts = {
        "files": len(files),
        "files_unchanged": unchanged,
        "rows_read": int(accounting["rows_read"].sum()),
        "loaded": int(accounting["loaded"].sum()),
        "quarantined": int(accounting["quarantined"].sum()),
        "skipped": int(accounting["skipped"].sum()),
        "errors": int(severities.get("error", 0)),
        "warnings": int(severities.get("warning", 0)),
        "infos": int(severities.get("info", 0)),
    }
    con.execute(
        """
        insert into audit.runs by name
        select $run_id as run_id, $flow_run_id as flow_run_id, $started_at as started_at,
               now() as finished_at, 'completed' as status, $files as files,
               $files_unchanged as files_unchanged,
               $rows_read as rows_read, $loaded as loaded, $quarantined as quarantined,
               $skipped as skipped, $errors as errors, $warnings as warnings, $infos as infos,
               $inputs as inputs_sha256, $figures_from as figures_from_run
        """,
        {
            "run_id": run.run_id,
            "flow_run_id": run.flow_run_id,
            "started_at": run.started_at,
            "inputs": inputs,
            "figures_from": figures_from or run.run_id,
            **counts,
        },
    )
    return counts
