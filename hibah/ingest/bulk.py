"""Registers read in bulk: Python decides a table's layout from its first rows; DuckDB reads,
parses, checks and loads the body of the table (hibah/bulk_load/), never as Python rows.

A CSV goes this way when it is a line-item register (a column ``Uraian``, ``Rincian``,
``Kegiatan``, ``Kode Rekening``...: its rows are parts of one figure) or when it has more
than `BULK_MIN_ROWS` rows, and when DuckDB can read it line for line: UTF-8, one amount
column (the long layout), no record spread over several lines. Anything else is read row by
row (hibah/ingest/tabular/), as small and irregular tables always were.

Row numbers stay the file's own lines: the plan knows the header's lines and every blank line
(DuckDB skips them), and the load adds the lines DuckDB rejects; the rows between those
holes are numbered in order (`segments`).
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from hibah.duck import scalar
from hibah.ingest.files import LineScan, RawFile, scan_lines, sniff_delimiter
from hibah.ingest.tabular import FileReadError, Sheet, _csv_sheet, _find_header

BULK_MIN_ROWS = 5_000
HEAD_BYTES = 64 * 1024  # enough for title rows, the header and the first data rows

# The fields a bulk register maps; each becomes one text column of raw.line_rows.
FIELDS = (
    "region_code",
    "region_code_kemendagri",
    "region_code_bps",
    "region_name",
    "recipient_unit",
    "body",
    "stage",
    "line_item",
    "amount",
    "as_of",
    "source_url",
    "note",
)


@dataclass(frozen=True)
class BulkPlan:
    """How to read one register in bulk: everything DuckDB needs, decided from its head."""

    file: RawFile
    sep: str
    width: int  # cells per row, as the header has them
    skip_lines: int  # physical lines up to and including the header
    columns: dict[str, int]  # field → 0-based column index
    amount_stage: str | None  # the stage the amount header names ("Nilai NPHD"), if any
    amount_scale: str | None  # "miliar", "juta", "ribu" from the amount header
    code_system: str | None  # "kemendagri", "bps", or None when the header says neither
    line_items: bool  # rows are parts of one figure, summed
    head: Sheet  # the rows above the header, and the header, as read
    scan: LineScan


def plan_bulk(file: RawFile, min_rows: int = BULK_MIN_ROWS) -> BulkPlan | None:
    """The plan to read ``file`` in bulk, or None when it is read row by row (not a CSV,
    not UTF-8, a wide layout, a two-row header, a record over several lines, or small)."""
    if file.format not in ("csv", "tsv"):
        return None
    with file.abs_path.open("rb") as handle:
        head_bytes = handle.read(HEAD_BYTES)
    if len(head_bytes) == HEAD_BYTES:
        head_bytes = head_bytes[: head_bytes.rfind(b"\n") + 1]  # whole lines only
    try:
        head_text = head_bytes.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None  # cp1252 and others: the row reader decodes them
    if not head_text.strip():
        return None
    sep = sniff_delimiter(head_text)
    sheet = _csv_sheet(file, head_bytes)
    try:
        header_first, header_at, columns, labels, _ = _find_header(file, sheet)
    except FileReadError:
        return None  # the row reader reports it with its reason
    amounts = [c for c in columns if c.field == "amount"]
    if header_first != header_at or len(amounts) != 1 or header_at + 1 >= len(sheet.rows):
        return None
    mapped: dict[str, int] = {}
    for column in columns:
        if column.field in FIELDS and column.field not in mapped:
            mapped[column.field] = column.index
    scan = file.lines or scan_lines(file.abs_path)
    skip_lines = sheet.rows[header_at + 1][0] - 1  # the first data row's line, less one
    line_items = "line_item" in mapped
    data_lines = scan.lines - skip_lines
    if not line_items and data_lines < min_rows:
        return None
    plan = BulkPlan(
        file=file,
        sep=sep,
        width=len(labels),
        skip_lines=skip_lines,
        columns=mapped,
        amount_stage=amounts[0].stage,
        amount_scale=amounts[0].scale,
        code_system=_code_system(mapped),
        line_items=line_items,
        head=Sheet(None, sheet.rows[: header_at + 1]),
        scan=scan,
    )
    if scan.has_quote and not _one_line_per_record(plan):
        return None  # a quoted cell spans lines: the row reader numbers those exactly
    return plan


def read_csv_sql(plan: BulkPlan, rejects: str) -> tuple[str, dict]:
    """DuckDB's ``read_csv`` of the table's body: every cell as text, the header's width,
    rows of another width rejected into the table ``rejects`` (with their line)."""
    names = ", ".join(f"'c{i}': 'varchar'" for i in range(plan.width))
    options = (
        f"header = false, skip = {int(plan.skip_lines)}, delim = $sep, quote = '\"', "
        f"escape = '\"', auto_detect = false, columns = {{{names}}}, encoding = 'utf-8'"
    )
    options += (
        f", store_rejects = true, rejects_table = '{rejects}', rejects_scan = '{rejects}_scan'"
    )
    return f"read_csv($path, {options})", {"path": str(plan.file.abs_path), "sep": plan.sep}


def _one_line_per_record(plan: BulkPlan) -> bool:
    """Whether every record sits on one line: records + rejects + blank lines = lines."""
    con = duckdb.connect()
    try:
        source, params = read_csv_sql(plan, rejects="plan_rejects")
        records = scalar(con, f"select count(*) from {source}", params)
        rejected = scalar(con, "select count(distinct line) from plan_rejects")
    finally:
        con.close()
    blank_lines = scan_lines(plan.file.abs_path).blank_lines or ()
    blanks = sum(1 for line in blank_lines if line > plan.skip_lines)
    return records + rejected + blanks == plan.scan.lines - plan.skip_lines


def _code_system(mapped: dict[str, int]) -> str | None:
    if "region_code_kemendagri" in mapped:
        return "kemendagri"
    if "region_code_bps" in mapped:
        return "bps"
    return None
