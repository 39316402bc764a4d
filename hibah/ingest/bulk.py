"""Registers read in bulk: Python decides a table's layout from its first rows; DuckDB reads,
parses, checks and loads the body of the table (hibah/bulk_load/), never as Python rows.

A CSV goes this way when it is a line-item register (a column ``Uraian``, ``Rincian``,
``Kegiatan``, ``Kode Rekening``...: its rows are parts of one figure) or when it has more
than `BULK_MIN_ROWS` rows, and when DuckDB can read it line for line: one amount column
(the long layout) or several of one scale (the wide layout: an amount column per stage,
each filled cell a row of the register), under a header of one row or two. A register in
cp1252 (Excel's CSV on Windows) is read from a UTF-8 copy (`utf8_text`); one whose lines
end in a carriage return alone or both ways, from a copy whose line ends are all newlines
(`BulkPlan.newlines`), unless DuckDB reads it line for line as it is: every line end a
carriage return alone (`BulkPlan.cr`), or quoted cells that `_spans` finds it reads so. A
record of such a copy whose quoted cell runs over lines takes its cells from the register
again (`record_texts`), as the copy holds a newline where the cell may hold CR LF.

Other tables have their cells read by Python (hibah/ingest/tabular/): a workbook's sheets, a
CSV whose amount columns state different scales. Those that are line-item
registers or as large are then handed to DuckDB (`plan_sheets`) and checked and summed as
a CSV register's rows are, so that a register means the same in any format; the rest are
read row by row, as small and irregular tables always were.

Row numbers stay the file's own lines: the plan knows the header's lines, every blank line
(DuckDB skips them) and every record whose quoted cells span lines (`BulkPlan.spans`), and
the load adds the lines DuckDB rejects; the rows between those are numbered in order
(`number_lines`).
"""

from __future__ import annotations

import bisect
import contextlib
import csv
import io
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import BinaryIO

import duckdb
import numpy as np

from hibah.ingest.files import (
    CHUNK_BYTES,
    LineScan,
    RawFile,
    chunks,
    decode,
    open_utf8,
    replaced_count_note,
    scan_lines,
    sniff_delimiter,
)
from hibah.ingest.tabular import FileReadError, Sheet, _csv_sheet, _find_header
from hibah.ingest.tabular.header import COLUMN_NUMBERS, HEADER_SEARCH_ROWS, numbers_columns
from hibah.ingest.tabular.model import Column
from hibah.ingest.tabular.records import (
    HEADER_REPEATED,
    _is_totals_row,
    page_header,
    repeated_notes,
    repeats_header,
)
from hibah.ingest.tabular.sheets import SheetGrid
from hibah.parse.amounts import amount_written

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


# raw.line_rows' text columns, each the first of its fields a table maps.
TEXT_COLUMNS = {
    "region_code_text": ("region_code_kemendagri", "region_code_bps", "region_code"),
    "region_name_text": ("region_name",),
    "recipient_unit_text": ("recipient_unit",),
    "body_text": ("body",),
    "stage_text": ("stage",),
    "line_item_text": ("line_item",),
    "amount_text": ("amount",),
    "as_of_text": ("as_of",),
    "source_url_text": ("source_url",),
    "note_text": ("note",),
}


@dataclass(frozen=True, eq=False)
class Spans:
    """The data rows whose quoted cells span lines: each one's ordinal, and the lines it
    runs on past its first, in order. Arrays, not Python objects: a register exported from a
    spreadsheet may hold a line break in a cell of every one of its millions of rows."""

    ordinals: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    pasts: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))

    def __len__(self) -> int:
        return len(self.ordinals)

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, Spans)
            and np.array_equal(self.ordinals, other.ordinals)
            and np.array_equal(self.pasts, other.pasts)
        )

    __hash__ = None  # type: ignore[assignment]


@dataclass(frozen=True)
class BulkPlan:
    """How to read one register in bulk: everything DuckDB needs, decided from its head.
    A CSV DuckDB reads itself has ``sep`` … ``scan``; tables Python read (`SheetRows`) have
    ``rows`` instead."""

    file: RawFile
    amount_stage: str | None  # the stage the amount header names ("Nilai NPHD"), if any
    amount_scale: str | None  # "miliar", "juta", "ribu" from the amount header
    code_system: str | None  # "kemendagri", "bps", or None when the header says neither
    line_items: bool  # rows are parts of one figure, summed
    skip_lines: int  # physical lines up to and including the header (of the first table)
    sep: str = ""
    width: int = 0  # cells per row, as the header has them
    columns: dict[str, int] = field(default_factory=dict)  # field → 0-based column index
    # a wide table's amount columns (one per stage: Pagu, Realisasi, Sisa), in order; ()
    # for a long one (its amount is columns["amount"])
    wide: tuple[Column, ...] = ()
    head: Sheet | None = None  # the rows above the header, and the header, as read
    # the row below the header that numbers its columns (`numbers_columns`), skipped
    numbered: tuple[int, list[str], str] | None = None
    header_rows: int = 1  # the header's rows, the last of head's: two when labels sit over
    # sub-labels ("Pencairan" over "Tahap I" and "Tahap II")
    scan: LineScan | None = None
    spans: Spans = field(default_factory=Spans)  # the data rows whose quoted cells span lines
    # of the bytes `open_utf8` gives (a UTF-16 file's, UTF-8); or cp1252: then, and for
    # UTF-16, DuckDB reads a UTF-8 copy (`utf8_text`)
    encoding: str = "utf-8"
    # records DuckDB rejects that Python's csv reader reads ("Baru" X), as (line, lines
    # past it): the copy it reads has them as Python reads them
    requote: tuple[tuple[int, int], ...] = ()
    # DuckDB reads a copy whose every line end is a newline (`chunks`): the file's
    # lines end in a carriage return alone, or both ways (the records of ``spans`` then
    # take their cells from the file again: `record_texts`)
    newlines: bool = False
    # DuckDB reads the file as it is, though its lines end in a carriage return alone (its
    # reader ends a line at either): a UTF-8 register with no newline anywhere, or one with
    # quotes as Excel's "CSV (Macintosh)" writes it, a line break within a cell a newline
    # (`_spans` finds whether it may)
    cr: bool = False
    notes: tuple[tuple[str, str], ...] = ()  # (rule id, text): header-repeated, bytes-replaced
    rows: SheetRows | None = None


@dataclass
class SheetRows:
    """Tables Python read (an XLSX's sheets, a CSV DuckDB cannot read line for line) whose
    rows DuckDB checks and sums as a register's (`plan_sheets`): the data rows' mapped cells
    in order, how their ordinals map to rows, and the rows that are not data rows."""

    amount_scale: str | None
    code_system: str | None
    line_items: bool
    skip_lines: int
    cells: dict[str, list[str | None]]  # raw.line_rows text column → each data row's cell
    # (first ordinal, its row's number less the ordinal, sheet, the locators' prefix and
    # suffix: ", Realisasi" for a wide table's column)
    segments: list[tuple[int, int, str | None, str, str]]
    stage_labels: dict[str, str]  # amount headers that name a stage → the stage
    skipped: list[dict]  # title, blank, totals and amount-less rows, with their reason
    rejected: list[dict]  # rows of the wrong width (a CSV's), with the rule they break
    notes: list[tuple[str, str]]  # what the headers gave to note (header-repeated)

    def plan(self, file: RawFile) -> BulkPlan:
        return BulkPlan(
            file=file,
            amount_stage=None,  # a header's stage is in stage_labels
            amount_scale=self.amount_scale,
            code_system=self.code_system,
            line_items=self.line_items,
            skip_lines=self.skip_lines,
            rows=self,
        )


def plan_bulk(file: RawFile, min_rows: int = BULK_MIN_ROWS) -> BulkPlan | None:
    """The plan to read ``file`` in bulk, or None when it is read row by row (not a CSV,
    amount columns of different scales, or small)."""
    if file.format not in ("csv", "tsv"):
        return None
    with open_utf8(file.abs_path) as handle:
        head_bytes = handle.read(HEAD_BYTES)
    if len(head_bytes) == HEAD_BYTES:  # whole lines only (a line may end in CR alone)
        head_bytes = head_bytes[: max(head_bytes.rfind(b"\n"), head_bytes.rfind(b"\r")) + 1]
    head_text = decode(head_bytes)  # UTF-8, or cp1252 as the row reader reads it
    if not head_text.strip():
        return None
    sep = sniff_delimiter(head_text)
    sheet = _csv_sheet(file, head_bytes)
    try:
        header_first, header_at, columns, labels, repeated = _find_header(file, sheet)
    except FileReadError:
        return None  # the row reader reports it with its reason
    amounts = [c for c in columns if c.field == "amount"]
    numbered = numbers_columns(sheet, header_at)  # a row numbering the columns, skipped
    data_at = header_at + 1 + numbered
    if len({c.scale for c in amounts}) != 1 or data_at >= len(sheet.rows):
        return None  # amount columns of different scales are read row by row
    mapped = _mapped(columns)
    scan = file.lines or scan_lines(file.abs_path)
    ends = scan.line_ends
    # lines ending in a carriage return alone, in a UTF-8 register, are read as they are:
    # DuckDB's reader ends a line at one as Python's does, when no newline ends one too
    # (it fails), or when a newline is within a quoted cell only (`_spans` finds whether)
    lone_cr = ends in ("cr", "cr and lf")
    cr = lone_cr and scan.utf8 and not scan.utf16 and (ends == "cr" or scan.has_quote)
    if lone_cr:  # its lines as Python's csv reader counts them
        assert scan.python_lines is not None
        scan = replace(scan, lines=scan.python_lines, blank_lines=None)
    skip_lines = sheet.rows[data_at][0] - 1  # the first data row's line, less one
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
        amount_stage=amounts[0].stage if len(amounts) == 1 else None,
        amount_scale=amounts[0].scale,
        code_system=_code_system(mapped),
        line_items=line_items,
        wide=tuple(amounts) if len(amounts) > 1 else (),
        head=Sheet(None, sheet.rows[: header_at + 1]),
        header_rows=header_at - header_first + 1,
        numbered=sheet.rows[header_at + 1] if numbered else None,
        scan=scan,
        # lines ending both ways: DuckDB's reader refuses them, unless its own reading
        # of quoted cells finds each record's end (`_spans`); lines ending in CR alone
        # are read as they are only in the register itself (`_copy` cuts at newlines)
        newlines=(lone_cr and not cr) or (ends == "mixed" and not scan.has_quote),
        cr=cr,
        encoding="utf-8" if scan.utf8 else "cp1252",  # as `decode` reads the whole file
        notes=(  # what the row reader would note: header-repeated, bytes-replaced
            *repeated_notes(file, sheet, repeated),
            *replaced_count_note(file, scan.replaced, scan.utf16),
        ),
    )
    if scan.has_quote:  # a quoted cell may span lines: find the records that do
        return _spans(plan)  # None: DuckDB's records do not meet the file's lines
    return plan


@contextlib.contextmanager
def utf8_text(plan: BulkPlan) -> Iterator[Path]:
    """The file DuckDB reads for ``plan``: the register itself when it is UTF-8, else a UTF-8
    copy of it, line for line, decoded as `decode` decodes it (cp1252, UTF-16), in the
    temporary folder and removed after. DuckDB 2.0 reads no cp1252: its latin-1 refuses the
    bytes 0x80-0x9F, where cp1252 has its dashes and quotes. The records of
    ``plan.requote`` are written in the copy as Python's csv reader reads them; with
    ``plan.newlines``, every line of the copy ends in a newline alone."""
    utf16 = plan.scan is not None and plan.scan.utf16
    if plan.encoding == "utf-8" and not utf16 and not plan.requote and not plan.newlines:
        yield plan.file.abs_path
        return
    with tempfile.TemporaryDirectory(prefix="hibah-utf8-") as folder:
        copy = Path(folder) / "register.csv"
        with open_utf8(plan.file.abs_path) as source, copy.open("wb") as out:
            _copy(plan, source, out)
        yield copy


def _copy(plan: BulkPlan, source: BinaryIO, out: BinaryIO) -> None:
    """`utf8_text`'s copy of ``source``, whole lines a chunk at a time (lines as counted: up
    to each newline; with ``plan.newlines``, of the bytes `chunks` gives). A chunk holding
    a record of ``plan.requote`` (or the rest of one) is taken line by line, the record
    written as Python's csv reader reads it: a quoted cell with text after its closing
    quote (``"Baru" X``, which DuckDB's reader rejects as an UNQUOTED VALUE) as ``Baru X``,
    on as many lines. Every other chunk is written whole, ASCII and UTF-8 as they are."""
    records = dict(plan.requote)  # first line → lines past it
    starts = sorted(records)
    line, carry, pending, runs_to = 1, b"", "", 0  # line: the first line of the next chunk
    read = chunks(source, plan.newlines)
    while True:
        chunk = next(read, b"")
        buffer = carry + chunk
        cut = buffer.rfind(b"\n") + 1 if chunk else len(buffer)  # the last line at the end
        whole, carry = buffer[:cut], buffer[cut:]
        lines = whole.count(b"\n") + (0 if chunk or whole.endswith(b"\n") or not whole else 1)
        next_start = bisect.bisect_left(starts, line)
        if pending or (next_start < len(starts) and starts[next_start] < line + lines):
            parts = whole.split(b"\n")
            texts = [part + b"\n" for part in parts[:-1]] + ([parts[-1]] if parts[-1] else [])
            for number, raw in enumerate(texts, line):
                text = raw.decode(plan.encoding, "replace")
                if number in records:
                    runs_to = number + records[number]
                if number <= runs_to:
                    pending += text
                    if number < runs_to:
                        continue
                    text, pending = _as_python_reads(pending, plan.sep), ""
                out.write(text.encode())
        else:
            as_is = whole.isascii() or plan.encoding == "utf-8"
            out.write(whole if as_is else whole.decode(plan.encoding, "replace").encode())
        line += lines
        if not chunk:
            return


def record_texts(plan: BulkPlan, records: dict[int, int]) -> Iterator[tuple[int, str]]:
    """(first line, text) of each record of the register itself (not the copy DuckDB read)
    that ``records`` names (first line → lines past it), in order, its line ends as the file
    has them, decoded as `utf8_text` decodes the file; lines as Python's csv reader ends
    them. One streaming pass that splits into lines only the chunks holding those records."""
    wanted = sorted(records.items())
    at, line, carry, parts = 0, 1, b"", list[bytes]()  # line: the first line of ``whole``
    with open_utf8(plan.file.abs_path) as source:
        while at < len(wanted):
            chunk = source.read(CHUNK_BYTES)
            buffer = carry + chunk
            # whole lines; a carriage return last may be the first half of CR LF
            cut = max(buffer.rfind(b"\n"), buffer.rfind(b"\r", 0, len(buffer) - 1)) + 1
            whole, carry = (buffer[:cut], buffer[cut:]) if chunk else (buffer, b"")
            lines = whole.count(b"\n") + whole.count(b"\r") - whole.count(b"\r\n")
            if not whole.endswith((b"\r", b"\n")) and whole:
                lines += 1  # the last line, without a line end
            if parts or wanted[at][0] < line + lines:
                for number, text in enumerate(whole.splitlines(keepends=True), line):
                    first, past = wanted[at]
                    if first <= number <= first + past:
                        parts.append(text)
                    if number == first + past:
                        yield first, b"".join(parts).decode(plan.encoding, "replace")
                        at, parts = at + 1, []
                        if at == len(wanted):
                            break
            line += lines
            if not chunk:
                break


def _as_python_reads(record: str, sep: str) -> str:
    """A CSV record (its lines and line end) written again as Python's csv reader reads it."""
    body = record.rstrip("\r\n")
    cells = next(csv.reader(io.StringIO(body, newline=""), delimiter=sep), [])
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=sep, lineterminator=record[len(body) :]).writerow(cells)
    return buffer.getvalue()


def read_csv_sql(plan: BulkPlan, rejects: str, path: Path) -> tuple[str, dict]:
    """DuckDB's ``read_csv`` of the table's body in ``path`` (`utf8_text`): every cell as
    text, the header's width, rows of another width rejected into the table ``rejects``
    (with their line)."""
    names = ", ".join(f"'c{i}': 'varchar'" for i in range(plan.width))
    options = (
        f"header = false, skip = {_records_above(plan)}, delim = $sep, quote = '\"', "
        f"escape = '\"', auto_detect = false, columns = {{{names}}}, encoding = 'utf-8'"
    )
    options += (
        f", store_rejects = true, rejects_table = '{rejects}', rejects_scan = '{rejects}_scan'"
    )
    return f"read_csv($path, {options})", {"path": str(path), "sep": plan.sep}


def _records_above(plan: BulkPlan) -> int:
    """The records above the first data row (title, blank and header rows), as DuckDB's
    ``skip`` counts them: a title typed over two lines is one."""
    assert plan.head is not None
    return len(plan.head.rows) + (plan.numbered is not None)


def _spans(plan: BulkPlan) -> BulkPlan | None:
    """`_read_spans` of the register as it is, and when that fails of a copy whose line ends
    are all newlines (``plan.newlines``), unless its lines end only so already: DuckDB's
    reader takes one line end for a whole file, and on one whose lines end both ways (as
    files joined from two systems do) it fails, or reads records that are not the file's
    (a newline alone within a quoted cell of a register whose lines end in CR LF, as Excel
    writes them, it reads); and a register whose lines end in a carriage return alone, read
    as it is (``plan.cr``), when some do not."""
    assert plan.scan is not None
    found = _read_spans(plan)
    if found is None and not plan.newlines and (plan.cr or plan.scan.line_ends != "lf"):
        return _read_spans(replace(plan, newlines=True, cr=False))
    return found


def _read_spans(plan: BulkPlan) -> BulkPlan | None:
    """``plan`` with the data rows whose quoted cells span lines, as (ordinal, lines past
    its first), when DuckDB's records, with the lines it rejects and the blank lines, number
    every line of the file; with the file's scan holding the blank lines `number_lines`
    found (the load need not look for them again); and with the lines DuckDB rejected as an
    UNQUOTED VALUE (``"Baru" X``), which Python's reader reads, for `utf8_text` to write as
    it reads them. None when they do not (a quote DuckDB reads otherwise than Python's csv
    reader: then the row reader reads the file, as Python reads it). A record of a copy
    whose line ends are all newlines (``plan.newlines``) may span lines: the load takes
    its cells as the register writes them (`record_texts`), line ends and all."""
    assert plan.scan is not None
    # the line ends within a cell as Python's csv reader counts lines: \n, \r\n, and a
    # carriage return alone, which only a register read as it is with ``plan.cr`` holds
    # (counting them in every register would cost a quarter more: 0.9 s at 10M rows)
    cells = [
        f"replace(replace(c{i}, chr(13) || chr(10), chr(10)), chr(13), chr(10))"
        if plan.cr
        else f"c{i}"
        for i in range(plan.width)
    ]
    has_newline = " or ".join(f"contains({c}, chr(10))" for c in cells)
    newlines = " + ".join(f"coalesce(len({c}) - len(replace({c}, chr(10), '')), 0)" for c in cells)
    with utf8_text(plan) as path, contextlib.closing(duckdb.connect()) as con:
        source, params = read_csv_sql(plan, rejects="plan_rejects", path=path)
        try:
            found = con.execute(
                f"""
            select count(*) as records,
                coalesce(list(ordinality - 1 order by ordinality)
                    filter (where newlines > 0), []) as starts,
                coalesce(list(newlines order by ordinality) filter (where newlines > 0), [])
                    as pasts
            from (
                select ordinality, case when {has_newline} then {newlines} else 0 end as newlines
                from {source} with ordinality
            )
            """,
                params,
            ).fetchnumpy()  # fetched whole: DuckDB writes the rejects once the query ends
        except duckdb.InvalidInputException:  # lines ending both ways, quotes among them
            return None
        records = int(found["records"][0])
        spans = Spans(*(np.asarray(found[k][0], dtype=np.int64) for k in ("starts", "pasts")))
        rejected = con.execute(
            "select line, any_value(csv_line), bool_or(error_type = 'UNQUOTED VALUE') "
            "from plan_rejects group by line order by line"
        ).fetchall()
    numbers = number_lines(plan, records, [(line, text) for line, text, _ in rejected], spans)
    if numbers is None:
        return None
    requote = tuple(
        (numbers.rejected[int(line)], _lines_past_first(text))
        for line, text, unquoted in rejected
        if unquoted
    )
    if not requote:
        return replace(plan, spans=spans, scan=numbers.scan)
    if plan.requote:  # the copy still has lines DuckDB rejects so: read as Python reads it
        return None
    if plan.cr:  # a copy cuts its lines at newlines: `_spans` tries one with newlines alone
        return None
    # the records of the copy DuckDB will read, those lines among them, once more
    return _read_spans(replace(plan, requote=requote, scan=numbers.scan))


@dataclass(frozen=True, eq=False)
class LineNumbers:
    """Where a CSV register's records stand in its file (`number_lines`)."""

    # segments of records numbered in order: each one's first ordinal, and its rows' line
    # less their ordinal (arrays: a register may have as many segments as rows)
    firsts: np.ndarray
    offsets: np.ndarray
    rejected: dict[int, int]  # DuckDB's number of a rejected record's line → its line
    blank_lines: list[int]  # blank lines between the records (not within a quoted cell)
    scan: LineScan  # the plan's, with its blank lines when they had to be looked for

    def line_of(self, ordinals: np.ndarray) -> np.ndarray:
        """The first line of each record of ``ordinals``."""
        return ordinals + self.offsets[np.searchsorted(self.firsts, ordinals, "right") - 1]


def number_lines(
    plan: BulkPlan, records: int, rejected: list[tuple[int, str | None]], spans: Spans
) -> LineNumbers | None:
    """Number the lines of a register DuckDB read: ``records`` data rows in order, the
    records it ``rejected`` ((its line, its text), the line as DuckDB counts lines: a record
    over several lines is one), the data rows in ``spans`` and the blank lines
    (which DuckDB skips; a blank line within a quoted cell is text). None when they do not
    account for every line of the file exactly. The rejected records and blank lines are
    taken one by one (a register has few); the runs of rows between them, spans and all,
    at once."""
    scan = plan.scan
    assert scan is not None
    rejects = [(int(line), _lines_past_first(text)) for line, text in rejected]
    starts, pasts = spans.ordinals, spans.pasts
    passed = np.concatenate(([0], np.cumsum(pasts)))  # lines past their first, of spans before
    blanks: tuple[int, ...] = ()
    if (
        plan.skip_lines + records + len(rejects) + sum(n for _, n in rejects) + int(passed[-1])
        != scan.lines
    ):
        if scan.blank_lines is None:  # a pass of its own, once a file: the plan keeps them
            found = scan_lines(plan.file.abs_path, plan.newlines or plan.cr).blank_lines
            scan = replace(scan, blank_lines=found or ())
        blanks = tuple(b for b in scan.blank_lines or () if b > plan.skip_lines)
    line = plan.skip_lines + 1  # the next record's line in the file
    counted = _records_above(plan) + 1  # and as DuckDB counts lines
    ordinal = r = s = b = 0
    firsts, offsets = [np.array([0])], [np.array([line])]
    rejected_at: dict[int, int] = {}
    blank_lines: list[int] = []

    def first_line(at: int) -> int:  # of record ``at``, the rows from ``ordinal`` on taken
        return line + at - ordinal + int(passed[np.searchsorted(starts, at)] - passed[s])

    def run(limit: int) -> None:  # the rows up to ``limit``, spans and all
        nonlocal line, counted, ordinal, s
        end = int(np.searchsorted(starts, limit))
        if end > s:  # a segment starts after each span
            firsts.append(starts[s:end] + 1)
            offsets.append(line - ordinal + passed[s + 1 : end + 1] - passed[s])
        line += limit - ordinal + int(passed[end] - passed[s])
        counted, ordinal, s = counted + limit - ordinal, limit, end

    def past(lines: int) -> None:  # the record on ``line`` runs ``lines`` more
        nonlocal line, counted, b
        while b < len(blanks) and blanks[b] <= line + lines:
            b += 1  # a blank line within a quoted cell
        line, counted = line + 1 + lines, counted + 1
        firsts.append(np.array([ordinal]))
        offsets.append(np.array([line - ordinal]))

    while True:
        limit = records  # the rows up to the next rejected record, or all
        if r < len(rejects):
            if rejects[r][0] < counted:
                return None
            limit = min(records, ordinal + rejects[r][0] - counted)
        blank = None  # the row a blank line comes before, up to ``limit``
        while b < len(blanks) and blank is None:
            if blanks[b] < line:
                return None
            low, high = ordinal, limit  # the first row from its first line on
            if first_line(high) < blanks[b]:
                break
            while low < high:
                middle = (low + high) // 2
                low, high = (middle + 1, high) if first_line(middle) < blanks[b] else (low, middle)
            if first_line(low) == blanks[b]:
                blank = low
            else:
                b += 1  # a blank line within a quoted cell of the row before
        if blank is not None:
            run(blank)
            blank_lines.append(line)
            past(0)
            continue
        run(limit)
        if r < len(rejects) and rejects[r][0] == counted:
            rejected_at[counted] = line
            past(rejects[r][1])
            r += 1
        elif ordinal == records and (r, s, b) == (len(rejects), len(starts), len(blanks)):
            break
        else:
            return None
    if line - 1 != scan.lines:
        return None
    first, offset = np.concatenate(firsts), np.concatenate(offsets)
    last = np.append(first[1:] != first[:-1], True)  # a first ordinal twice: the later holds
    return LineNumbers(first[last], offset[last], rejected_at, blank_lines, scan)


def _lines_past_first(text: str | None) -> int:
    """Lines a rejected record's text runs past its first (DuckDB may give it with the
    blank lines before it), its line ends as Python's csv reader counts them."""
    body = (text or "").strip("\r\n")
    return body.count("\n") + body.count("\r") - body.count("\r\n")


def plan_sheets(
    file: RawFile, sheets: Iterable[Sheet], min_rows: int
) -> tuple[SheetRows | None, list[Sheet]]:
    """The tables of ``sheets`` that DuckDB checks and sums as a register's rows, and the
    sheets left to the row reader. A table goes to DuckDB as a register read from CSV does
    when it has a line-item column or at least ``min_rows`` data rows. A file's tables taken
    are one register: they must agree in the scale their amount headers state, their code
    system and whether they list line items; a table that does not is left to the row
    reader. Each filled amount cell is a row of the register, as it is a unit of the row
    reader: a wide table's cells (an amount column per stage) are taken column by column,
    their stage the one their header names (``stage_labels``), their locator the row
    reader's (``row 5, Realisasi``). Rows that are blank, totals rows (`_is_totals_row`),
    rows without an amount and a CSV's rows of the wrong width are decided here, as the
    row reader decides them; the checks on the rest are DuckDB's. The sheets are taken one at
    a time: a sheet's rows are let go once its cells are the register's. A sheet calamine
    read is taken from its columns; only its rows that may not be data rows are made rows
    (`_SheetTable._grid_rows`)."""
    table = _SheetTable(file)
    skip_lines = 0
    rest: list[Sheet] = []
    notes: list[tuple[str, str]] = []
    layout = None
    for sheet in sheets:
        head = sheet.head(HEADER_SEARCH_ROWS + 1)  # where _find_header looks
        try:
            header_first, header_at, columns, labels, repeated = _find_header(file, head)
        except FileReadError:
            rest.append(sheet)  # the row reader reports it with its reason
            continue
        mapped = _mapped(columns)
        if sheet.grid is not None:  # its rows below the header, none made
            in_use, blank = sheet.grid.below(head.rows[header_at][0])
            data_rows = len(in_use) + len(blank)
        else:
            data_rows = len(sheet.rows) - header_at - 1
        scales = {c.scale for c in columns if c.field == "amount"}
        this = (scales, _code_system(mapped), "line_item" in mapped)
        if (
            ("line_item" not in mapped and data_rows < min_rows)
            or len(scales) != 1
            or (layout is not None and this != layout)
        ):
            rest.append(sheet)
            continue
        if layout is None:
            skip_lines = head.rows[header_at][0]
        layout = this
        table.add(sheet, head, header_first, header_at, columns, labels)
        notes += repeated_notes(file, sheet, repeated)
        del sheet  # its rows let go before the next sheet is read
    if layout is None:
        return None, rest
    return SheetRows(
        amount_scale=next(iter(layout[0])),
        code_system=layout[1],
        line_items=layout[2],
        skip_lines=skip_lines,
        cells=table.cells,
        segments=table.segments,
        stage_labels=table.stage_labels,
        skipped=table.skipped,
        rejected=table.rejected,
        notes=notes,
    ), rest


@dataclass(frozen=True)
class _Table:
    """What `_SheetTable.add` reads a table's rows by."""

    prefix: str  # of the locators: "sheet 'Rincian' "
    amounts: list[Column]
    others: list[Column]
    width: int  # cells a row is padded to
    header: list[tuple[int, str]]  # what a row repeating the header holds (`page_header`)
    labels: int | None  # the cells a CSV's row must have (None: a sheet's row ends anywhere)


@dataclass
class _SheetTable:
    """The register `plan_sheets` builds, one table at a time."""

    file: RawFile
    cells: dict[str, list[str | None]] = field(
        default_factory=lambda: {column: [] for column in TEXT_COLUMNS}
    )
    segments: list[tuple[int, int, str | None, str, str]] = field(default_factory=list)
    stage_labels: dict[str, str] = field(default_factory=dict)
    skipped: list[dict] = field(default_factory=list)
    rejected: list[dict] = field(default_factory=list)

    def unit(self, prefix: str, number: int, as_read: str) -> dict:
        return line_unit(self.file.path, number, as_read, prefix)

    def add(
        self,
        sheet: Sheet,
        head: Sheet,
        header_first: int,
        header_at: int,
        columns: list[Column],
        labels: list[str],
    ) -> None:
        """A table's rows below its header (``head``: its first rows, with the header),
        column by column, as the rows of one register."""
        table = _Table(
            prefix=f"sheet {sheet.name!r} " if sheet.name else "",
            amounts=[c for c in columns if c.field == "amount"],
            others=[c for c in columns if c.field != "amount"],
            width=max(len(labels), max(c.index for c in columns) + 1),
            header=page_header(head.rows[header_at][1], columns),
            labels=len(labels) if sheet.name is None else None,
        )
        for number, row, as_read in head.rows[:header_first]:
            reason = "title row above the header" if any(c.strip() for c in row) else "blank row"
            self.skipped.append(self.unit(table.prefix, number, as_read) | {"reason": reason})
        last = header_at  # the header's last row, or the row numbering its columns below it
        if numbers_columns(head, header_at):
            last += 1
            number, _, as_read = head.rows[last]
            unit = self.unit(table.prefix, number, as_read)
            self.skipped.append(unit | {"reason": COLUMN_NUMBERS})
        numbers, cells, filled = (
            self._grid_rows(sheet.grid, head.rows[last][0], table)
            if sheet.grid is not None
            else self._row_rows(sheet.rows[last + 1 :], table)
        )
        indexes = text_columns(_mapped(table.others))
        for amount in table.amounts:  # column by column, as the rows of one register
            suffix = f", {amount.label}" if len(table.amounts) > 1 else ""
            rows = filled[amount.index]
            first = len(self.cells["amount_text"])
            where = (sheet.name, table.prefix, suffix)
            self._segments(first, [numbers[at] for at in rows], where)
            for column, index in indexes.items():
                if column == "amount_text":
                    index = amount.index
                if column == "stage_text" and amount.stage:
                    # the header names the stage: it holds for every cell below
                    self.stage_labels[amount.label.strip()] = amount.stage
                    self.cells[column] += [amount.label.strip()] * len(rows)
                elif column == "body_text" and amount.body:  # a body's column
                    self.cells[column] += [amount.body] * len(rows)
                elif index is None:
                    self.cells[column] += [None] * len(rows)
                else:  # an empty cell is null, as DuckDB's CSV reader gives it
                    self.cells[column] += cells(index, rows)

    def _data_row(self, table: _Table, number: int, row: list[str], as_read: str):
        """Row ``number``'s cells padded to the table's width when it is a data row with an
        amount; else None, the row a skipped or rejected unit with its reason."""
        padded = row if len(row) >= table.width else row + [""] * (table.width - len(row))
        low = as_read.lower()  # a totals row names "jumlah" or "total" somewhere
        reason = None
        if not row or not "".join(row).strip():
            reason = "blank row"
        elif ("jumlah" in low or "total" in low) and _is_totals_row(
            {c.field: padded[c.index].strip() for c in table.others}, padded
        ):
            reason = "totals row (not a grant)"
        elif repeats_header(padded, table.header):
            reason = HEADER_REPEATED
        elif table.labels is not None and len(row) != table.labels:
            self.rejected.append(
                self.unit(table.prefix, number, as_read)
                | {
                    "rule_id": "row-malformed",
                    "column": None,
                    "observed": str(len(row)),
                    "expected": str(table.labels),
                }
            )
            return None
        elif not any(amount_written(padded[c.index]) for c in table.amounts):
            reason = "no amount in the row"
        if reason is None:
            return padded
        self.skipped.append(self.unit(table.prefix, number, as_read) | {"reason": reason})
        return None

    def _row_rows(self, rows: list[tuple[int, list[str], str]], table: _Table):
        """`add`'s data rows of a table read as rows: their numbers, their cells (column
        ``index`` of data rows ``at``) and for each amount column the data rows whose cell
        there is filled."""
        numbers: list[int] = []
        data: list[list[str]] = []
        filled: dict[int, list[int]] = {c.index: [] for c in table.amounts}
        for number, row, as_read in rows:
            padded = self._data_row(table, number, row, as_read)
            if padded is not None:
                for cell, at in filled.items():
                    if amount_written(padded[cell]):
                        at.append(len(data))
                numbers.append(number)
                data.append(padded)

        def cells(index: int, at: list[int]) -> list[str | None]:
            return [data[i][index] or None for i in at]

        return numbers, cells, filled

    def _grid_rows(self, grid: SheetGrid, header: int, table: _Table):
        """`add`'s data rows of a sheet held column by column, below row ``header``: the
        rows that may not be data rows (blank, totals words, the header's amount label, no
        amount) are found column by column and read as rows (`_data_row`), the others
        taken from the columns as they are. Blank rows are those `SheetGrid.below` gives."""
        later, blank = grid.below(header)
        at = later - 1  # the rows' places in the columns
        count = grid.n_rows

        def holding(column: list[str] | None, texts) -> np.ndarray:
            """Whether each of the rows holds one of ``texts`` in ``column``."""
            if column is None or not texts:
                return np.zeros(len(at), dtype=bool)
            return np.fromiter((t in texts for t in column), dtype=bool, count=count)[at]

        filled = {}
        for amount in table.amounts:
            column = grid.column(amount.index)
            if column is None:
                filled[amount.index] = np.zeros(len(at), dtype=bool)
                continue
            written = {text: amount_written(text) for text in set(column)}  # each text once
            filled[amount.index] = np.fromiter(map(written.__getitem__, column), bool, count)[at]
        maybe = ~np.logical_or.reduce(list(filled.values()))  # no amount
        for column in grid.columns:  # totals words anywhere
            if column is not None:
                lowered = {t: t.lower() for t in set(column)}
                maybe |= holding(
                    column, {t for t, low in lowered.items() if "jumlah" in low or "total" in low}
                )
        if table.header:  # the header again: its amount label first
            index, label = table.header[0]
            column = grid.column(index)
            if column is not None:
                maybe |= holding(column, {t for t in set(column) if t.lower() == label})
        rows_read = sorted([*blank, *later[maybe].tolist()])  # blank rows are units too
        taken = np.ones(len(later), dtype=bool)
        places = dict(zip(later[maybe].tolist(), np.flatnonzero(maybe).tolist(), strict=True))
        for number in rows_read:
            cells = grid.cells(number)
            if self._data_row(table, number, cells, " | ".join(cells)) is None and number in places:
                taken[places[number]] = False
        numbers = later[taken]
        rows = {
            cell: np.flatnonzero(is_filled[taken]).tolist() for cell, is_filled in filled.items()
        }
        kept = (numbers - 1).tolist()

        def cells_of(index: int, rows: list[int]) -> list[str | None]:
            column = grid.column(index)
            if column is None:
                return [None] * len(rows)
            return [column[kept[at]] or None for at in rows]

        return numbers.tolist(), cells_of, rows

    def _segments(self, first: int, numbers: list[int], where: tuple) -> None:
        """raw.line_segments of rows whose ordinals run from ``first``, on rows ``numbers``
        of one table and amount column (``where``: its sheet, locators' prefix and suffix):
        a segment starts wherever a row's number less its ordinal changes."""
        if not numbers:
            return
        offsets = np.asarray(numbers, dtype=np.int64) - np.arange(
            first, first + len(numbers), dtype=np.int64
        )
        starts = np.flatnonzero(np.diff(offsets, prepend=offsets[0] - 1)).tolist()
        if self.segments and self.segments[-1][1:] == (int(offsets[0]), *where):
            starts = starts[1:]  # the last segment runs on
        self.segments += [(first + at, int(offsets[at]), *where) for at in starts]


def text_columns(mapped: dict[str, int]) -> dict[str, int | None]:
    """raw.line_rows' text column → the index of the cell it holds (None: no such column)."""
    return {
        column: next((mapped[f] for f in fields if f in mapped), None)
        for column, fields in TEXT_COLUMNS.items()
    }


def line_unit(source_file: str, number: int, text: str, prefix: str = "") -> dict:
    """A row of a register that is not a data row, as raw.rows and the findings name it."""
    return {
        "source_file": source_file,
        "row_number": number,
        "locator": f"{prefix}row {number}",
        "evidence": text,
    }


def _mapped(columns) -> dict[str, int]:
    """Field → the index of the first column mapped to it."""
    mapped: dict[str, int] = {}
    for column in columns:
        if column.field in FIELDS and column.field not in mapped:
            mapped[column.field] = column.index
    return mapped


def _code_system(mapped: dict[str, int]) -> str | None:
    if "region_code_kemendagri" in mapped:
        return "kemendagri"
    if "region_code_bps" in mapped:
        return "bps"
    return None
