"""One register's rows into raw.line_rows in one pass of DuckDB's CSV reader, with the
amount already read where SQL can read it; the lines it did not read as rows (wrong width,
blank, above the header) returned for raw.rows."""

from __future__ import annotations

import contextlib
import csv
import io
import tempfile
from collections.abc import Iterator
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from hibah.bulk_load.values import read_values
from hibah.duck import insert_frame, scalar
from hibah.ingest.bulk import (
    TEXT_COLUMNS,
    BulkPlan,
    LineNumbers,
    line_unit,
    number_lines,
    read_csv_sql,
    record_texts,
    text_columns,
    utf8_text,
)
from hibah.ingest.tabular.header import COLUMN_NUMBERS
from hibah.ingest.tabular.model import Column
from hibah.parse.regions import Gazetteer
from hibah.schemas.sql import literal

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
    with _wide_scratch(con) if plan.wide else contextlib.nullcontext():
        first_rowid, records, rejected = _read_rows(con, plan, file_id)
        numbers = number_lines(plan, records, [(r[0], r[2]) for r in rejected], plan.spans)
        if numbers is None:  # the plan found them to meet; only a file changed since could not
            raise RuntimeError(f"{file.path}: its lines changed while it was read")
        if plan.newlines and plan.spans:
            _as_written(con, plan, numbers, first_rowid)
        if plan.wide:
            _insert_wide_rows(con, plan, file_id)
        n_rows = scalar(con, "select count(*) from raw.line_rows") - first_rowid
        if plan.wide:
            segments = _wide_segments(con, plan, numbers)
        else:
            segments = pd.DataFrame(
                {
                    "first_ordinal": numbers.firsts,
                    "line_offset": numbers.offsets,
                    "locator_suffix": "",
                }
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
    if plan.numbered is not None:
        number, _, as_read = plan.numbered
        skipped.append(line_unit(file.path, number, as_read) | {"reason": COLUMN_NUMBERS})
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
    the load), the amount read where SQL can; a wide table's rows by way of the scratch
    table `_WIDE_ROWS` (`_wide_blocks`). Returns the first row's id, how many records DuckDB
    read, and the lines it rejected (line, error, text)."""
    first_rowid = scalar(con, "select count(*) from raw.line_rows")
    rejects_table = "bulk_rejects"
    with utf8_text(plan) as path:
        source, params = read_csv_sql(plan, rejects=rejects_table, path=path)
        if plan.wide:
            cells = ", ".join(_wide_cells(plan))
            con.execute(f"create table {_WIDE_ROWS} as select {cells} from {source}", params)
        else:
            cells, amount = _block_cells(plan, None)
            con.execute(
                f"insert into raw.line_rows select $id, {cells}, {amount} from {source}",
                params | {"id": file_id},
            )
    if plan.wide:
        records = scalar(con, f"select count(*) from {_WIDE_ROWS}")
    else:
        records = scalar(con, "select count(*) from raw.line_rows") - first_rowid
    rejected = con.execute(
        f"select line, any_value(error_type), any_value(csv_line) from {rejects_table} "
        "group by line order by line"
    ).fetchall()
    con.execute(f"drop table {rejects_table}")
    con.execute(f"drop table {rejects_table}_scan")
    return first_rowid, records, rejected


def _wide_cells(plan: BulkPlan) -> list[str]:
    """The cells of a wide table's records `_WIDE_ROWS` holds: those the register maps."""
    used = {i for i in text_columns(plan.columns).values() if i is not None}
    return [f"c{i}" for i in sorted(used | {c.index for c in plan.wide})]


def _as_written(
    con: duckdb.DuckDBPyConnection, plan: BulkPlan, numbers: LineNumbers, first_rowid: int
) -> None:
    """The data rows of a copy whose line ends are all newlines (``plan.newlines``) that
    span lines, as the register writes them (`record_texts`): a cell that holds a line end
    other than a newline alone takes it again, in raw.line_rows, or in a wide table's
    `_WIDE_ROWS` before its rows are the register's. (A rejected record's text stays the
    copy's: its lines joined by newlines, as the row reader shows a row.) One pass over
    the file."""
    ordinals = plan.spans.ordinals
    lines = numbers.line_of(ordinals)
    texts = record_texts(plan, dict(zip(lines.tolist(), plan.spans.pasts.tolist(), strict=True)))
    if plan.wide:  # its records' rowids are their ordinals
        table, columns, first = _WIDE_ROWS, {c: int(c[1:]) for c in _wide_cells(plan)}, 0
    else:
        mapped = text_columns(plan.columns).items()
        table, first = "raw.line_rows", first_rowid
        columns = {c: i for c, i in mapped if i is not None}
    # the cells to take, gathered a batch at a time, then one update (amount_sql stays:
    # where SQL reads an amount, a line end is space it skips)
    con.execute(
        "create temp table as_written (row_id bigint, "
        + ", ".join(f"{c} varchar" for c in columns)
        + ")"
    )

    def gather(fixes: list[tuple]) -> None:
        frame = pd.DataFrame(fixes, columns=["row_id", *columns], dtype=object)
        con.register("fixes", frame)
        try:
            con.execute("insert into as_written select * from fixes")
        finally:
            con.unregister("fixes")

    fixes: list[tuple] = []
    indexes = list(columns.values())
    for ordinal, (_, text) in zip(ordinals.tolist(), texts, strict=True):
        if "\r" not in text.rstrip("\r\n"):  # a newline alone within a cell reads alike
            continue
        cells = next(csv.reader(io.StringIO(text, newline=""), delimiter=plan.sep))
        taken = [cells[i] if "\r" in cells[i] else None for i in indexes]
        if any(taken):
            fixes.append((first + ordinal, *taken))
        if len(fixes) == _FIXES_AT_ONCE:
            gather(fixes)
            fixes = []
    if fixes:
        gather(fixes)
    sets = ", ".join(f"{c} = coalesce(f.{c}, t.{c})" for c in columns)
    con.execute(f"update {table} as t set {sets} from as_written as f where t.rowid = f.row_id")
    con.execute("drop table as_written")


_FIXES_AT_ONCE = 65_536  # rows `_as_written` gathers at a time: memory that does not grow


def _insert_wide_rows(con: duckdb.DuckDBPyConnection, plan: BulkPlan, file_id: int) -> None:
    """A wide table's records (`_WIDE_ROWS`) into raw.line_rows, block by block
    (`_wide_blocks`), once the rows skipped whole are flagged."""
    # flagged on the table, not as DuckDB reads the file: its cells are compressed there,
    # and the tests run on each distinct text (ten million rows: 0.9 s, not 2.4)
    con.execute(f"alter table {_WIDE_ROWS} add column whole_row boolean default false")
    con.execute(
        f"update {_WIDE_ROWS} set whole_row = true where {_whole_row_skipped(plan)}",
        {"header": _header_cells(plan)},
    )
    for where, column in _wide_blocks(plan):
        cells, amount = _block_cells(plan, column)
        con.execute(
            f"insert into raw.line_rows select $id, {cells}, {amount} "
            f"from {_WIDE_ROWS} where {where}",
            {"id": file_id},
        )


# The cells raw.skip_reason looks for a totals row's words in (raw.is_totals_text).
_TOTALS_CELLS = ("region_name_text", "region_code_text", "line_item_text", "recipient_unit_text")

# A wide table's records, as DuckDB read them, while their cells become the register's rows.
_WIDE_ROWS = "wide_scratch.wide_rows"


@contextlib.contextmanager
def _wide_scratch(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """A database of its own in the temporary folder for `_WIDE_ROWS`, detached and removed
    after. In a file DuckDB keeps them compressed and lets them go from memory (ten million
    rows: 1.5 GB at the peak of the build against 2.5 GB as a temporary table, measured
    alone), and the warehouse's file keeps no blocks of them."""
    with tempfile.TemporaryDirectory(prefix="hibah-wide-") as folder:
        con.execute(f"attach {literal(str(Path(folder) / 'wide.duckdb'))} as wide_scratch")
        try:
            yield
        finally:
            con.execute("detach wide_scratch")


def _block_cells(plan: BulkPlan, column: Column | None) -> tuple[str, str]:
    """The select list of raw.line_rows' text columns (`_block_text`) and the SQL of the
    amount, read where SQL can read it."""
    cells = _block_text(plan, column)
    amount = sql_amount(cells["amount_text"]) if plan.amount_scale is None else "null"
    return ", ".join(cells.values()), amount


def _block_text(plan: BulkPlan, column: Column | None) -> dict[str, str]:
    """raw.line_rows' text column → the cell it takes, as written (raw.line_values_of trims,
    on the few units the checks read): of the register's rows (``column`` None), or of a
    wide table's amount ``column`` (its stage named by its header, or by the title, given as
    its label, which raw.read_stages knows; its body, when it is a body's column)."""
    cells = {
        name: f"c{index}" if index is not None else "null"
        for name, index in text_columns(plan.columns).items()
    }
    if column is not None:
        cells["amount_text"] = f"c{column.index}"
        if column.stage:
            cells["stage_text"] = literal(column.label.strip())
        if column.body:
            cells["body_text"] = literal(column.body)
    elif plan.wide:  # a whole row: its first filled amount
        filled = (f"when raw.amount_written(c{c.index}) then c{c.index}" for c in plan.wide)
        cells["amount_text"] = f"case {' '.join(filled)} end"
    return cells


def _whole_row_skipped(plan: BulkPlan) -> str:
    """SQL: whether a wide table's row is skipped whole (blank, totals, the header again,
    no amount in any column), as raw.skip_reason finds it of its cells with the first filled
    amount (the register's header cells: the parameter $header). Such a row is one unit,
    as the row reader counts it; each filled amount cell of any other row is one.
    raw.skip_reason trims every cell; it is asked only of the rows that may be so skipped,
    as cheaper tests of the same cells find them."""
    text = _block_text(plan, None)
    trimmed = ", ".join(f"raw.trimmed({cell})" for cell in text.values())
    header = ", ".join(f"{column} varchar" for column in TEXT_COLUMNS)
    amounts = [f"c{c.index}" for c in plan.wide]
    named = [text[c] for c in _TOTALS_CELLS if text[c] != "null"]
    may = [
        " and ".join(f"not raw.amount_written({a})" for a in amounts),  # no amount
        *(f"{cell} ilike '%{word}%'" for cell in named for word in ("jumlah", "total")),
    ]
    label = (_header_cells(plan) or {}).get("amount_text")
    if label:  # the header again: its first amount's label among the amounts
        may += [f"contains(lower({a}), lower({literal(label)}))" for a in amounts]
    return (
        f"case when {' or '.join(may)} then "
        f"raw.skip_reason({trimmed}, $header::struct({header})) is not null else false end"
    )


def _wide_blocks(plan: BulkPlan) -> list[tuple[str, Column | None]]:
    """A wide table's rows in raw.line_rows, block by block: first the rows skipped whole
    (column None), then each amount column's filled cells of the other rows, column by
    column, as `hibah.ingest.bulk.plan_sheets` takes a wide sheet's. (where, column)."""
    blocks: list[tuple[str, Column | None]] = [("whole_row", None)]
    for column in plan.wide:
        cell = f"c{column.index}"
        blocks.append((f"not whole_row and raw.amount_written({cell})", column))
    return blocks


def _wide_segments(
    con: duckdb.DuckDBPyConnection, plan: BulkPlan, numbers: LineNumbers
) -> pd.DataFrame:
    """raw.line_segments of a wide table's rows (`_wide_blocks`): each block's rows are a
    part of the records, whose lines ``numbers`` gives; an amount column's rows have its
    header in their locator (``row 5, Realisasi``), as the row reader's. A segment starts
    wherever a row's line less its ordinal changes: after a record the block leaves out,
    and where the records' lines do."""
    parts, start = [], 0
    for where, column in _wide_blocks(plan):
        # in the table's order, as the block's rows were inserted
        found = con.execute(f"select rowid from {_WIDE_ROWS} where {where}").fetchnumpy()
        record = np.asarray(found["rowid"], dtype=np.int64)
        ordinal = np.arange(start, start + len(record), dtype=np.int64)
        shift = numbers.line_of(record) - ordinal
        at = np.flatnonzero(np.diff(shift, prepend=shift[:1] - 1))
        parts.append(
            pd.DataFrame(
                {
                    "first_ordinal": ordinal[at],
                    "line_offset": shift[at],
                    "locator_suffix": f", {column.label}" if column else "",
                }
            )
        )
        start += len(record)
    return pd.concat(parts)


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
