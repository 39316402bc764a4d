"""One register's rows into raw.line_rows in one pass of DuckDB's CSV reader, with the
amount already read where SQL can read it; the lines it did not read as rows (wrong width,
blank, above the header) returned for raw.rows."""

from __future__ import annotations

import csv
import io

import duckdb
import pandas as pd

from hibah.bulk_load.values import read_values
from hibah.duck import insert_frame, scalar
from hibah.ingest.bulk import (
    TEXT_COLUMNS,
    BulkPlan,
    line_unit,
    number_lines,
    read_csv_sql,
    text_columns,
    utf8_text,
)
from hibah.ingest.tabular.model import Column
from hibah.parse.regions import Gazetteer

# Amounts SQL reads exactly as hibah.parse.amounts does: an optional Rp/IDR, then plain
# digits, dot thousands or comma thousands, then an optional ",00" or ",-".
# tests/test_bulk.py holds SQL to the Python parser on generated text. A full match is
# cheap; extracting is not, so a text without a comma (dot thousands, plain digits: nearly
# every rupiah amount) loses its prefix and dots instead.
_SQL_AMOUNT_FORM = r"\s*(?:(?:[Rr][Pp]|IDR|idr)\.?\s*)?({number})(?:,0{{1,2}}|,-)?\s*".format(
    number=r"[0-9]{1,3}(?:\.[0-9]{3})+|[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+"
)


def sql_amount(col: str) -> str:
    """SQL reading the amount text ``col``: a bigint, or null for the Python parser."""
    return f"""case when regexp_full_match({col}, '{_SQL_AMOUNT_FORM}') then
        case when contains({col}, ',')
            then try_cast(replace(replace(regexp_extract({col}, '^{_SQL_AMOUNT_FORM}$', 1),
                '.', ''), ',', '') as bigint)
            else try_cast(replace(regexp_replace({col}, '^\\s*(?:[Rr][Pp]|IDR|idr)\\.?\\s*', ''),
                '.', '') as bigint)
        end
    end"""


def load_register(
    con: duckdb.DuckDBPyConnection, plan: BulkPlan, gazetteer: Gazetteer | None
) -> tuple[list[dict], list[dict]]:
    """Load one register's rows; return (rejected units, skipped units) of the lines that
    are not data rows (wrong width, blank, above the header), for raw.rows."""
    file = plan.file
    file_id = scalar(con, "select count(*) + 1 from raw.line_files")
    if plan.rows is not None:  # tables Python read: their rows and numbering are known
        first_rowid, n_rows = _insert_rows(con, plan, file_id)
        segments = pd.DataFrame(
            plan.rows.segments,
            columns=["first_ordinal", "line_offset", "sheet", "locator_prefix", "locator_suffix"],
        ).assign(source_file=file.path)
        _record_file(con, plan, file_id, first_rowid, n_rows, segments)
        read_values(con, plan, file_id, gazetteer)
        return plan.rows.rejected, plan.rows.skipped
    assert plan.scan is not None and plan.head is not None
    first_rowid, records, rejected = _read_rows(con, plan, file_id)
    numbers = number_lines(plan, records, [(r[0], r[2]) for r in rejected], plan.spans)
    if numbers is None:  # the plan found them to meet; only a file changed since could not
        raise RuntimeError(f"{file.path}: its lines changed while it was read")
    n_rows = scalar(con, "select count(*) from raw.line_rows") - first_rowid
    if plan.wide:
        segments = _wide_segments(con, plan, numbers.segments)
    else:
        segments = pd.DataFrame(
            [(ordinal, offset, "") for ordinal, offset in numbers.segments.items()],
            columns=["first_ordinal", "line_offset", "locator_suffix"],
        )
    segments = segments.assign(source_file=file.path, locator_prefix="")
    _record_file(con, plan, file_id, first_rowid, n_rows, segments)
    read_values(con, plan, file_id, gazetteer)

    rejects = []
    for line, error_type, text in rejected:
        text = (text or "").lstrip("\r\n")  # DuckDB may give the blank lines before it
        observed = str(error_type)
        if observed in ("MISSING COLUMNS", "TOO MANY COLUMNS"):  # as the row reader counts
            observed = str(len(next(csv.reader(io.StringIO(text), delimiter=plan.sep), [])))
        rejects.append(
            line_unit(file.path, numbers.rejected[int(line)], text)
            | {
                "rule_id": "row-malformed",
                "column": None,
                "observed": observed,
                "expected": str(plan.width),
            }
        )
    skipped = [
        line_unit(file.path, number, as_read)
        | {"reason": "title row above the header" if any(c.strip() for c in row) else "blank row"}
        for number, row, as_read in plan.head.rows[: -plan.header_rows]  # then the header
    ] + [line_unit(file.path, line, "") | {"reason": "blank row"} for line in numbers.blank_lines]
    return rejects, skipped


def _record_file(
    con: duckdb.DuckDBPyConnection,
    plan: BulkPlan,
    file_id: int,
    first_rowid: int,
    n_rows: int,
    segments: pd.DataFrame,
) -> None:
    """The register's entry in raw.line_files and its line numbering in raw.line_segments."""
    file = plan.file
    con.execute(
        "insert into raw.line_files values ($id, $file, $first, $n, $skip, $items, $stage, "
        "$scale, $source, $sha, $header)",
        {
            "id": file_id,
            "file": file.path,
            "first": first_rowid,
            "n": n_rows,
            "skip": plan.skip_lines,
            "items": plan.line_items,
            "stage": plan.amount_stage,
            "scale": plan.amount_scale,
            "source": file.provenance.get("source_url") or None,
            "sha": file.sha256,
            "header": _header_cells(plan),
        },
    )
    insert_frame(con, "raw.line_segments", segments)


def _insert_rows(con: duckdb.DuckDBPyConnection, plan: BulkPlan, file_id: int) -> tuple[int, int]:
    """The data rows of tables Python read (`SheetRows`) into raw.line_rows, in order, the
    amount read where SQL can. Returns the first row's id and how many rows."""
    assert plan.rows is not None
    first_rowid = scalar(con, "select count(*) from raw.line_rows")
    frame = pd.DataFrame(plan.rows.cells, columns=list(TEXT_COLUMNS), dtype=object)
    amount = sql_amount("amount_text") if plan.amount_scale is None else "null"
    con.register("sheet_rows", frame)
    try:
        con.execute(
            f"insert into raw.line_rows select $id, {', '.join(TEXT_COLUMNS)}, {amount} "
            "from sheet_rows",
            {"id": file_id},
        )
    finally:
        con.unregister("sheet_rows")
    return first_rowid, len(frame)


def _read_rows(
    con: duckdb.DuckDBPyConnection, plan: BulkPlan, file_id: int
) -> tuple[int, int, list[tuple]]:
    """One pass of DuckDB's CSV reader: every data row's cells into raw.line_rows (under the
    register's number, not its name: a name on each of millions of rows costs a tenth of
    the load), the amount read where SQL can; a wide table's rows by way of the temporary
    table wide_rows (`_wide_blocks`). Returns the first row's id, how many records DuckDB
    read, and the lines it rejected (line, error, text)."""
    first_rowid = scalar(con, "select count(*) from raw.line_rows")
    rejects_table = "bulk_rejects"
    with utf8_text(plan) as path:
        source, params = read_csv_sql(plan, rejects=rejects_table, path=path)
        if plan.wide:
            used = sorted(
                {i for i in text_columns(plan.columns).values() if i is not None}
                | {c.index for c in plan.wide}
            )  # the cells the register maps, no others
            con.execute(
                f"create temp table wide_rows as select {', '.join(f'c{i}' for i in used)}, "
                f"{_whole_row_skipped(plan)} as whole_row from {source}",
                params | {"header": _header_cells(plan)},
            )
        else:
            cells, amount = _block_cells(plan, None)
            con.execute(
                f"insert into raw.line_rows select $id, {cells}, {amount} from {source}",
                params | {"id": file_id},
            )
    if plan.wide:
        records = scalar(con, "select count(*) from wide_rows")
        for where, column in _wide_blocks(plan):
            cells, amount = _block_cells(plan, column)
            con.execute(
                f"insert into raw.line_rows select $id, {cells}, {amount} "
                f"from wide_rows where {where}",
                {"id": file_id} | ({"label": column.label.strip()} if column else {}),
            )
    else:
        records = scalar(con, "select count(*) from raw.line_rows") - first_rowid
    rejected = con.execute(
        f"select line, any_value(error_type), any_value(csv_line) from {rejects_table} "
        "group by line order by line"
    ).fetchall()
    con.execute(f"drop table {rejects_table}")
    con.execute(f"drop table {rejects_table}_scan")
    return first_rowid, records, rejected


def _block_cells(plan: BulkPlan, column: Column | None) -> tuple[str, str]:
    """The select list of raw.line_rows' text columns (`_block_text`) and the SQL of the
    amount, read where SQL can read it."""
    cells = _block_text(plan, column)
    amount = sql_amount(cells["amount_text"]) if plan.amount_scale is None else "null"
    return ", ".join(cells.values()), amount


def _block_text(plan: BulkPlan, column: Column | None) -> dict[str, str]:
    """raw.line_rows' text column → the cell it takes, as written (raw.line_values_of trims,
    on the few units the checks read): of the register's rows (``column`` None), or of a
    wide table's amount ``column`` (its stage named by its header, the parameter $label,
    when the header names one)."""
    cells = {
        name: f"c{index}" if index is not None else "null"
        for name, index in text_columns(plan.columns).items()
    }
    if column is not None:
        cells["amount_text"] = f"c{column.index}"
        if column.stage:
            cells["stage_text"] = "$label"
    elif plan.wide:  # a whole row: its first filled amount
        filled = (f"when raw.trimmed(c{c.index}) is not null then c{c.index}" for c in plan.wide)
        cells["amount_text"] = f"case {' '.join(filled)} end"
    return cells


def _whole_row_skipped(plan: BulkPlan) -> str:
    """SQL: whether a wide table's row is skipped whole (blank, totals, the header again,
    no amount in any column), as raw.skip_reason finds it of its cells with the first filled
    amount (the register's header cells: the parameter $header). Such a row is one unit,
    as the row reader counts it; each filled amount cell of any other row is one."""
    trimmed = ", ".join(f"raw.trimmed({cell})" for cell in _block_text(plan, None).values())
    header = ", ".join(f"{column} varchar" for column in TEXT_COLUMNS)
    return f"raw.skip_reason({trimmed}, $header::struct({header})) is not null"


def _wide_blocks(plan: BulkPlan) -> list[tuple[str, Column | None]]:
    """A wide table's rows in raw.line_rows, block by block: first the rows skipped whole
    (column None), then each amount column's filled cells of the other rows, column by
    column, as `hibah.ingest.bulk.plan_sheets` takes a wide sheet's. (where, column)."""
    blocks: list[tuple[str, Column | None]] = [("whole_row", None)]
    for column in plan.wide:
        blocks.append((f"not whole_row and raw.trimmed(c{column.index}) is not null", column))
    return blocks


def _wide_segments(
    con: duckdb.DuckDBPyConnection, plan: BulkPlan, records: dict[int, int]
) -> pd.DataFrame:
    """raw.line_segments of a wide table's rows (`_wide_blocks`): each block's rows are a
    part of the records, whose lines ``records`` gives (first record → its line less its
    ordinal); an amount column's rows have its header in their locator (``row 5,
    Realisasi``), as the row reader's. Drops wide_rows."""
    con.register(
        "record_lines",
        pd.DataFrame(list(records.items()), columns=["first_record", "line_offset"], dtype="int64"),
    )
    parts, start = [], 0
    for where, column in _wide_blocks(plan):
        found = con.execute(
            f"""
            with
            block as (
                select rowid as record, $start + row_number() over (order by rowid) - 1 as ordinal
                from wide_rows where {where}
            ),
            lines as (
                select block.ordinal, block.record + r.line_offset as line
                from block asof inner join record_lines as r on block.record >= r.first_record
            )
            select min(ordinal) as first_ordinal, line - ordinal as line_offset, count(*) as n
            from lines group by line - ordinal order by first_ordinal
            """,
            {"start": start},
        ).df()
        parts.append(found.assign(locator_suffix=f", {column.label}" if column else ""))
        start += int(found["n"].sum())
    con.unregister("record_lines")
    con.execute("drop table wide_rows")
    return pd.concat(parts).drop(columns="n")


def _header_cells(plan: BulkPlan) -> dict[str, str | None] | None:
    """The header's cell over each column of raw.line_rows (raw.line_files.header_cells), so
    that SQL skips the rows that repeat it; None for tables Python read (it skipped them)."""
    if plan.head is None:
        return None
    header = plan.head.rows[-1][1]
    return {
        column: header[index].strip() or None if index is not None and index < len(header) else None
        for column, index in text_columns(plan.columns).items()
    }
