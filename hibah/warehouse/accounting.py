"""The accounting promise, checked on every build: per file, rows read = loaded +
quarantined + skipped with a stated reason, each counted from its own table."""

from __future__ import annotations

import duckdb
import pandas as pd


class AccountingError(RuntimeError):
    """Rows read did not equal rows loaded + quarantined + skipped: a pipeline bug."""


def mark_rows(con: duckdb.DuckDBPyConnection, skipped: list[dict]) -> None:
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


# Per file of data: rows read, and how many were loaded, quarantined and skipped, each
# counted from its own table (raw.rows and core.allocations; for registers read in bulk,
# raw.line_files and raw.line_status), and whether they balance.
_ACCOUNTING = """
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
            -- figures read row by row: of a file with no register read in bulk, or of a
            -- workbook's sheets the row reader read (their units are in raw.rows)
            select source_file, count(*) as n from core.allocations as a
            where source_file not in (select source_file from bulk_files)
                or exists (
                    select 1 from raw.rows as r
                    where r.source_file = a.source_file and r.locator = a.locator
                )
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
"""


def account(con: duckdb.DuckDBPyConnection, run_id: str) -> pd.DataFrame:
    """Per file: rows read = loaded + quarantined + skipped, each counted from its own table."""
    con.execute(_ACCOUNTING, {"run_id": run_id})
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
