"""Building a complete warehouse for a run: DDL, the records read and checked, the registers
read in bulk, the reference tables, the accounting, the rule catalogue and the marts."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import duckdb
import pandas as pd

from hibah.bulk_load import check_and_sum, load_register
from hibah.duck import insert_frame
from hibah.ingest.bulk import BulkPlan
from hibah.ingest.files import RawFile
from hibah.parse.amounts import parse_amount
from hibah.parse.regions import Gazetteer
from hibah.rules import parameters_frame, rule_catalogue, run_rules
from hibah.schemas.reference import UNIT_COLUMNS
from hibah.validate import file_finding, reject_findings
from hibah.warehouse.accounting import account, mark_rows
from hibah.warehouse.confirm import inputs_fingerprint
from hibah.warehouse.history import carry_history, record_run, update_finding_history
from hibah.warehouse.layout import RunInfo, sql_files


def build(
    path: Path,
    *,
    run: RunInfo,
    previous: Path | None,
    files: Iterable[RawFile],
    read_errors: dict[str, str],
    regions: pd.DataFrame,
    raw_rows: pd.DataFrame,
    skipped: Iterable[dict],
    allocations: pd.DataFrame,
    quarantine: pd.DataFrame,
    findings: pd.DataFrame,
    references: dict[str, pd.DataFrame] | None = None,
    rule_params: dict[str, object] | None = None,
    unchanged: list[str] | None = None,
    bulk: list[BulkPlan] | None = None,
    gazetteer: Gazetteer | None = None,
) -> dict:
    """Build a complete warehouse at ``path`` (replacing any leftover there). Registers in
    ``bulk`` are read here, by DuckDB, straight into the warehouse (hibah/bulk_load/).

    Returns the run's counts and, under ``accounting``, the per-file accounting rows.
    """
    discard(path)
    files = list(files)
    con = duckdb.connect(str(path))
    try:
        for ddl in sql_files("ddl"):
            con.execute(ddl.read_text())
        lost = carry_history(con, previous)
        if lost and previous is not None:  # the run goes on; its history starts again here
            finding = file_finding("history-unavailable", previous.name, observed=lost)
            findings = pd.concat([findings, pd.DataFrame([finding])])
        insert_frame(con, "raw.files", _files_frame(files, read_errors))
        insert_frame(con, "core.regions", regions)
        for table, frame in (references or {}).items():
            insert_frame(con, table, frame)
        skipped = [*skipped, *_load_bulk(con, bulk or [], gazetteer, regions, run.run_id)]
        insert_frame(con, "raw.rows", raw_rows.assign(disposition=None, reason=None))
        insert_frame(con, "core.allocations", allocations)
        amount_readings(con)
        insert_frame(con, "audit.quarantine", quarantine.assign(run_id=run.run_id))
        insert_frame(con, "audit.findings", findings.assign(run_id=run.run_id))
        mark_rows(con, skipped)
        accounting = account(con, run.run_id)
        insert_frame(con, "audit.parameters", parameters_frame(rule_params))
        _check_dataset(con, run.run_id)
        counts = record_run(
            con, run, files, accounting, len(unchanged or []), inputs_fingerprint(files)
        )
        con.execute("checkpoint")
    finally:
        con.close()
    return counts | {"accounting": accounting.to_dict("records")}


def _load_bulk(
    con: duckdb.DuckDBPyConnection,
    plans: list[BulkPlan],
    gazetteer: Gazetteer | None,
    regions: pd.DataFrame,
    run_id: str,
) -> list[dict]:
    """Read the registers in ``plans`` straight into the warehouse, check and sum their rows
    (hibah/bulk_load/); their lines that are not data rows go into raw.rows, the malformed
    ones quarantined. Returns the lines skipped, with their reasons."""
    units, rejects, skipped = [], [], []
    for plan in plans:
        plan_rejects, plan_skips = load_register(con, plan, gazetteer)
        units += [*plan_rejects, *plan_skips]
        rejects += plan_rejects
        skipped += plan_skips
    if plans:
        check_and_sum(con, list(regions["region_code"]), run_id)
    insert_frame(con, "raw.rows", _unit_rows(units))
    quarantine, findings = reject_findings(rejects)
    insert_frame(con, "audit.quarantine", quarantine.assign(run_id=run_id))
    insert_frame(con, "audit.findings", findings.assign(run_id=run_id))
    return skipped


def _check_dataset(con: duckdb.DuckDBPyConnection, run_id: str) -> None:
    """The dataset's checks, in the one order findings may flow: the intermediate views on
    core (sql/intermediate/), the SQL rules reading them, the finding history; only then the
    marts, which read audit.findings (a mart never reads a table written after it)."""
    for view in sql_files("intermediate"):
        con.execute(view.read_text())
    insert_frame(con, "audit.rules", rule_catalogue())
    _apply_rules(con, run_id)
    update_finding_history(con, run_id)
    for mart in sql_files("marts"):
        con.execute(mart.read_text())


def discard(staging: Path) -> None:
    """Remove a staging warehouse a failed run left behind."""
    for leftover in (staging, staging.with_name(staging.name + ".wal")):
        leftover.unlink(missing_ok=True)


def _unit_rows(units: list[dict]) -> pd.DataFrame:
    """raw.rows for the lines of bulk registers that are not data rows DuckDB read (title,
    blank and malformed lines); the data rows are in raw.line_rows."""
    return pd.DataFrame(
        [
            {
                "source_file": u["source_file"],
                "row_number": u["row_number"],
                "locator": u["locator"],
                "line_text": u["evidence"],
                "cells": None,
                "disposition": None,
                "reason": None,
            }
            for u in units
        ],
        columns=[*UNIT_COLUMNS, "disposition", "reason"],
    ).drop_duplicates(["source_file", "locator"])


def _files_frame(files: list[RawFile], read_errors: dict[str, str]) -> pd.DataFrame:
    keys = ("title", "publisher", "kind", "edition", "licence", "source_url", "notes")
    return pd.DataFrame(
        [
            {
                "source_file": f.path,
                "sha256": f.sha256,
                "size_bytes": f.size_bytes,
                "format": f.format,
                "role": f.role,
                **{k: f.provenance.get(k) or None for k in keys},
                "read_error": read_errors.get(f.path),
            }
            for f in files
        ],
        columns=["source_file", "sha256", "size_bytes", "format", "role", *keys, "read_error"],
    )


def amount_readings(con: duckdb.DuckDBPyConnection) -> None:
    """core.amount_readings: each distinct amount text read as doubtful (the parser's
    word-amount-not-round), read again for what was probably meant, where that is clear."""
    texts = con.execute(
        """
        select amount_text from core.allocations
        where list_contains(flags, 'word-amount-not-round')
        union
        select amount_text from raw.read_amounts
        where list_contains(flags, 'word-amount-not-round')
        """
    ).fetchall()
    rows = []
    for (text,) in texts:
        amount = parse_amount(text)
        if amount.probable is not None:
            rows.append(
                {
                    "amount_text": text,
                    "literal_idr": amount.value,
                    "probable_idr": amount.probable,
                    "basis": amount.probable_basis,
                }
            )
    insert_frame(
        con,
        "core.amount_readings",
        pd.DataFrame(rows, columns=["amount_text", "literal_idr", "probable_idr", "basis"]),
    )


def _apply_rules(con: duckdb.DuckDBPyConnection, run_id: str) -> None:
    """Run the SQL rule catalogue with the run's audit.parameters and record its findings;
    then give every finding of the run the region, body and stage it is about. The records
    themselves are not touched: marts read which records are flagged from audit.findings."""
    findings = run_rules(con)
    insert_frame(con, "audit.findings", findings.assign(run_id=run_id))
    con.execute(
        """
        update audit.findings as f
        set region_code = coalesce(f.region_code, a.region_code),
            body = coalesce(f.body, a.body), stage = coalesce(f.stage, a.stage)
        from core.allocations as a
        where a.allocation_id = f.allocation_id and f.run_id = $run_id
        """,
        {"run_id": run_id},
    )
    con.execute(
        """
        update audit.findings as f
        set region_code = coalesce(f.region_code, q.region_code),
            body = coalesce(f.body, q.body), stage = coalesce(f.stage, q.stage)
        from (select distinct run_id, source_file, locator, region_code, body, stage
              from audit.quarantine) as q
        where q.run_id = f.run_id and q.source_file = f.source_file and q.locator = f.locator
          and f.run_id = $run_id
        """,
        {"run_id": run_id},
    )
    con.execute(
        """
        update audit.findings as f set region_name = r.region_name
        from core.regions as r
        where r.region_code = f.region_code and f.run_id = $run_id
        """,
        {"run_id": run_id},
    )
