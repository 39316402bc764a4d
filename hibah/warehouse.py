"""The DuckDB warehouse: the only code that writes it.

A run builds a complete new warehouse in its own run folder, checks the accounting,
checkpoints and closes it; hibah/publish.py switches it in together with the run's site.
A crash before the switch leaves the previous warehouse as it was; an analyst's read-only
connection keeps the file it opened.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import hashlib
import importlib.metadata
import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from hibah.bulk_load import check_and_sum, load_register
from hibah.duck import insert_frame, one_row, scalar
from hibah.ingest.bulk import BulkPlan
from hibah.ingest.files import RawFile
from hibah.parse.amounts import parse_amount
from hibah.parse.regions import Gazetteer
from hibah.rules import parameters_frame, rule_catalogue, run_rules
from hibah.schemas.reference import UNIT_COLUMNS
from hibah.validate import file_finding, reject_findings

PACKAGE = Path(__file__).resolve().parent
SQL_DIR = PACKAGE / "sql"  # the repository's sql/ (linked), in the wheel a folder
# What the figures and pages depend on besides raw/: the code that reads, checks, sums and
# draws them, and the libraries it calls on.
_CODE_DIRS = (PACKAGE, PACKAGE / "schemas", SQL_DIR)
_LIBRARIES = ("duckdb", "pandas", "pandera", "openpyxl", "great_tables")


class AccountingError(RuntimeError):
    """Rows read did not equal rows loaded + quarantined + skipped: a pipeline bug."""


@dataclass(frozen=True)
class RunInfo:
    run_id: str
    flow_run_id: str | None
    started_at: dt.datetime


def sql_files(folder: str) -> list[Path]:
    return sorted((SQL_DIR / folder).glob("*.sql"))


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
    ``bulk`` are read here, by DuckDB, straight into the warehouse (hibah/bulk_load.py).

    Returns the run's counts and, under ``accounting``, the per-file accounting rows.
    """
    for leftover in (path, path.with_name(path.name + ".wal")):
        leftover.unlink(missing_ok=True)
    files = list(files)
    con = duckdb.connect(str(path))
    try:
        for ddl in sql_files("ddl"):
            con.execute(ddl.read_text())
        lost = _carry_history(con, previous)
        insert_frame(con, "raw.files", _files_frame(files, read_errors))
        insert_frame(con, "core.regions", regions)
        for table, frame in (references or {}).items():
            insert_frame(con, table, frame)
        skipped = list(skipped)
        bulk_units, bulk_rejects = [], []
        for plan in bulk or []:
            rejects, skips = load_register(con, plan, gazetteer)
            bulk_units += [*rejects, *skips]
            bulk_rejects += rejects
            skipped += skips
        if bulk:
            check_and_sum(con, list(regions["region_code"]), run.run_id)
        insert_frame(con, "raw.rows", raw_rows.assign(disposition=None, reason=None))
        insert_frame(con, "raw.rows", _unit_rows(bulk_units))
        insert_frame(con, "core.allocations", allocations)
        amount_readings(con)
        bulk_quarantine, bulk_findings = reject_findings(bulk_rejects)
        for frame in (quarantine, bulk_quarantine):
            insert_frame(con, "audit.quarantine", frame.assign(run_id=run.run_id))
        if lost and previous is not None:  # the run goes on; its history starts again here
            findings = pd.concat(
                [
                    findings,
                    pd.DataFrame(
                        [file_finding("history-unavailable", previous.name, observed=lost)]
                    ),
                ]
            )
        for frame in (findings, bulk_findings):
            insert_frame(con, "audit.findings", frame.assign(run_id=run.run_id))
        _mark_rows(con, skipped)
        accounting = _account(con, run.run_id)
        insert_frame(con, "audit.parameters", parameters_frame(rule_params))
        for mart in sql_files("marts"):
            con.execute(mart.read_text())
        insert_frame(con, "audit.rules", rule_catalogue())
        _apply_rules(con, run.run_id)
        _update_finding_history(con, run.run_id)
        counts = _record_run(
            con, run, files, accounting, len(unchanged or []), inputs_fingerprint(files)
        )
        con.execute("checkpoint")
    finally:
        con.close()
    return counts | {"accounting": accounting.to_dict("records")}


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


def _mark_rows(con: duckdb.DuckDBPyConnection, skipped: list[dict]) -> None:
    if skipped:
        frame = pd.DataFrame(skipped)[["source_file", "locator", "reason"]]
        con.register("skipped_rows", frame)
        con.execute(
            """
            update raw.rows set disposition = 'skipped', reason = s.reason
            from skipped_rows as s
            where raw.rows.source_file = s.source_file and raw.rows.locator = s.locator
            """
        )
        con.unregister("skipped_rows")
    con.execute(
        """
        update raw.rows set disposition = 'loaded'
        from core.allocations as a
        where raw.rows.source_file = a.source_file and raw.rows.locator = a.locator
        """
    )
    con.execute(
        """
        update raw.rows set disposition = 'quarantined'
        from audit.quarantine as q
        where raw.rows.source_file = q.source_file and raw.rows.locator = q.locator
        """
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


def _account(con: duckdb.DuckDBPyConnection, run_id: str) -> pd.DataFrame:
    """Per file: rows read = loaded + quarantined + skipped, each counted from its own table."""
    con.execute(
        """
        insert into audit.file_accounting
        with
        files as (select source_file from raw.files where role in ('allocations', 'press')),
        bulk_files as (select source_file from raw.line_files),
        bulk_status as (
            select source_file, count(skip_reason) as skipped, count(*) as not_loaded
            from raw.line_status group by source_file
        ),
        bulk_rows as (
            -- a bulk data row is loaded unless raw.line_status says otherwise
            select source_file, n_rows - coalesce(not_loaded, 0) as loaded,
                   coalesce(skipped, 0) as skipped
            from raw.line_files left join bulk_status using (source_file)
        ),
        read as (
            select source_file, sum(n) as n from (
                select source_file, count(*) as n from raw.rows group by source_file
                union all
                select source_file, n_rows from raw.line_files
            ) group by source_file
        ),
        loaded as (
            select source_file, sum(n) as n from (
                select source_file, count(*) as n from core.allocations
                where source_file not in (select source_file from bulk_files)
                group by source_file
                union all
                select source_file, loaded from bulk_rows
            ) group by source_file
        ),
        quarantined as (
            select source_file, count(distinct locator) as n
            from audit.quarantine group by source_file
        ),
        skipped as (
            select source_file, sum(n) as n from (
                select source_file, count(*) as n
                from raw.rows where disposition = 'skipped' group by source_file
                union all
                select source_file, skipped from bulk_rows
            ) group by source_file
        ),
        final as (
            select
                $run_id as run_id,
                files.source_file,
                coalesce(read.n, 0) as rows_read,
                coalesce(loaded.n, 0) as loaded,
                coalesce(quarantined.n, 0) as quarantined,
                coalesce(skipped.n, 0) as skipped
            from files
            left join read using (source_file)
            left join loaded using (source_file)
            left join quarantined using (source_file)
            left join skipped using (source_file)
        )
        select *, rows_read = loaded + quarantined + skipped as balanced
        from final
        order by source_file
        """,
        {"run_id": run_id},
    )
    accounting = con.execute(
        "select * from audit.file_accounting where run_id = $run_id order by source_file",
        {"run_id": run_id},
    ).df()
    unaccounted = con.execute(
        "select source_file, locator from raw.rows where disposition is null limit 5"
    ).fetchall()
    broken = accounting[~accounting["balanced"]]
    if not broken.empty or unaccounted:
        raise AccountingError(
            "rows read do not match loaded + quarantined + skipped: "
            + "; ".join(
                f"{r.source_file}: read {r.rows_read}, loaded {r.loaded}, "
                f"quarantined {r.quarantined}, skipped {r.skipped}"
                for r in broken.itertuples()
            )
            + "".join(f"; {f} {loc} has no disposition" for f, loc in unaccounted)
        )
    return accounting


class WarehouseBusy(RuntimeError):
    """The published warehouse is held open for writing by another program: its history
    cannot be carried over, and a run must not go on without it."""


def _carry_history(con: duckdb.DuckDBPyConnection, previous: Path | None) -> str | None:
    """Copy from the published warehouse, when there is one that opens: earlier runs, the
    finding history, and the last run's figures (for marts.changes_since_last_run)."""
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
            _PREVIOUS_FIGURES.format(db="previous."),
        ):
            with contextlib.suppress(duckdb.CatalogException, duckdb.BinderException):
                con.execute(statement)  # an older warehouse lacks a table: that history starts now
    finally:
        con.execute("detach previous")
    return None


# The last run's figures, for marts.changes_since_last_run ({db}: the warehouse they are in).
_PREVIOUS_FIGURES = """
    insert into audit.previous_figures
    select (select run_id from {db}audit.runs order by started_at desc limit 1),
           region_code, body, stage, coalesce(source_url, source_file),
           coalesce(recipient_unit, ''),
           string_agg(amount_idr::varchar, ',' order by amount_idr),
           min(source_file), min(locator)
    from {db}core.allocations
    group by all
"""


def _update_finding_history(con: duckdb.DuckDBPyConnection, run_id: str) -> None:
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


def _record_run(
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


# --- a run whose inputs are the last run's -------------------------------------------------


def inputs_fingerprint(files: Iterable[RawFile]) -> str:
    """SHA-256 of everything a run's figures follow from: each file under raw/ (path and
    content), the code that reads, checks and sums them, and the libraries' versions."""
    digest = hashlib.sha256(_code_fingerprint().encode())
    for file in sorted(files, key=lambda f: f.path):
        digest.update(f"\n{file.path}\t{file.sha256}".encode())
    return digest.hexdigest()


@functools.cache
def _code_fingerprint() -> str:
    digest = hashlib.sha256()
    for folder in _CODE_DIRS:
        for path in sorted(folder.rglob("*")):
            if path.suffix in (".py", ".sql", ".csv") and path.is_file():
                digest.update(str(path.relative_to(PACKAGE)).encode() + b"\0" + path.read_bytes())
    for name in _LIBRARIES:
        digest.update(f"{name}={importlib.metadata.version(name)}".encode())
    return digest.hexdigest()


def confirmable(db_path: Path, files: Iterable[RawFile]) -> str | None:
    """The published warehouse's last run, when this run would give exactly its figures
    and findings: the same inputs, and no finding that compares with the run before it
    (a rule reading marts.changes_since_last_run, which a new run would not repeat)."""
    if not db_path.exists():
        return None
    fingerprint = inputs_fingerprint(files)
    comparing = [p.stem for p in sql_files("rules") if "changes_since_last_run" in p.read_text()]
    try:
        con = duckdb.connect(str(db_path), read_only=True)
    except duckdb.Error:
        return None  # the full run reports what is wrong with it
    try:
        last = con.execute(
            "select run_id, inputs_sha256 from audit.runs order by started_at desc limit 1"
        ).fetchone()
        if last is None or last[1] != fingerprint:
            return None
        compared = scalar(
            con,
            "select count(*) from audit.findings where run_id = $run_id "
            "and list_contains($rules, rule_id)",
            {"run_id": last[0], "rules": comparing},
        )
    except duckdb.Error:
        return None  # an older warehouse, without the columns: read everything
    finally:
        con.close()
    return last[0] if compared == 0 else None


def confirm(path: Path, *, run: RunInfo, previous: Path, files: list[RawFile]) -> dict:
    """Build at ``path`` the warehouse of a run whose inputs are those of ``previous``'s
    last run (`confirmable`): a copy of it in which this run takes the last run's findings,
    quarantine and accounting, the finding history moves on a run, and the figures become
    the ones the next run compares with. What a full run would build, without reading a
    file again. Returns the counts as `build` does."""
    discard(path)
    shutil.copyfile(previous, path)
    con = duckdb.connect(str(path))
    try:
        last, figures_from = one_row(
            con,
            "select run_id, coalesce(figures_from_run, run_id) from audit.runs "
            "order by started_at desc limit 1",
        )
        for table in ("audit.findings", "audit.quarantine", "audit.file_accounting"):
            con.execute(
                f"update {table} set run_id = $run_id where run_id = $last",
                {"run_id": run.run_id, "last": last},
            )
        con.execute("delete from audit.previous_figures")
        con.execute(_PREVIOUS_FIGURES.format(db=""))
        _update_finding_history(con, run.run_id)
        accounting = con.execute(
            "select * from audit.file_accounting where run_id = $run_id order by source_file",
            {"run_id": run.run_id},
        ).df()
        data_files = sum(f.role in ("allocations", "press") for f in files)
        counts = _record_run(
            con, run, files, accounting, data_files, inputs_fingerprint(files), figures_from
        )
        con.execute("checkpoint")
    finally:
        con.close()
    return counts | {"accounting": accounting.to_dict("records")}
