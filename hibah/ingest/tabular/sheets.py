"""Files into sheets: a CSV's rows, an XLSX's sheets with merged cells filled in, every cell
as text."""

from __future__ import annotations

import bisect
import concurrent.futures
import contextlib
import csv
import datetime as dt
import gc
import html
import io
import itertools
import posixpath
import re
import zipfile
from collections.abc import Iterator
from typing import NamedTuple
from xml.etree import ElementTree

import numpy as np

from hibah.ingest.files import RawFile, decode, sniff_delimiter
from hibah.ingest.tabular.model import FileReadError, Sheet

_LINE_END = re.compile(r"\r\n|\r|\n")


def _csv_sheet(file: RawFile, data: bytes) -> Sheet:
    text = decode(data)
    if not text.strip():
        raise FileReadError(f"{file.path}: file is empty")
    # lines as the csv reader ends them (str.splitlines also ends one at a form feed, at
    # U+2028 and others a cell may hold)
    lines = _LINE_END.split(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(text))
    rows, end = [], 0
    try:
        for cells in reader:
            start, end = end + 1, reader.line_num
            rows.append((start, cells, "\n".join(lines[start - 1 : end])))
    except csv.Error as exc:
        raise FileReadError(f"{file.path}: row {end + 1}: {exc}") from exc
    return Sheet(None, rows)


def _xlsx_sheets(file: RawFile, data: bytes) -> Iterator[Sheet]:
    """Each worksheet's rows, a sheet at a time (a workbook of several sheets of a million
    rows is never held whole). Calamine (python-calamine, Rust) reads them three times
    faster than openpyxl, but into a dense grid from the first cell to the last: a stray
    cell at XFD1048576 would ask 17 billion cells and abort the process. So it reads only a
    workbook whose cells are proven to span at most `DENSE_CELLS` (`_calamine_proof`); any
    other is read by openpyxl's sheet parser, which reads only what is there
    (`_openpyxl_sheets`); when calamine fails on a sheet, openpyxl reads the workbook from
    that sheet on."""
    proof = _calamine_proof(data)
    done = 0
    if proof is not None and proof.extent <= DENSE_CELLS:
        try:
            for sheet in _calamine_sheets(data, proof.errors):
                yield sheet
                done += 1
            return
        except BaseException as exc:  # openpyxl's reading says what is wrong with it
            if not _calamine_failed(exc):
                raise
    yield from itertools.islice(_openpyxl_sheets(file, data), done, None)


def _calamine_failed(exc: BaseException) -> bool:
    """Whether ``exc`` is calamine failing on a workbook: an error it raises, or a panic in
    its Rust, which is no Exception (an interrupt or a generator's close is neither)."""
    return isinstance(exc, Exception) or type(exc).__name__ == "PanicException"


def _xls_sheets(file: RawFile, data: bytes) -> Iterator[Sheet]:
    """Each worksheet of an Excel 97-2003 workbook (.xls, as many offices still save them),
    as calamine reads it, a sheet at a time. Its grid needs no proof (`_calamine_proof`):
    such a sheet holds at most 65,536 rows by 256 columns, fewer cells than `DENSE_CELLS`.
    A cell holding an error (#N/A) is read as blank."""
    try:
        yield from _calamine_sheets(data, {})
    except BaseException as exc:  # calamine's errors name what it could not read
        if not _calamine_failed(exc):
            raise
        raise FileReadError(f"{file.path}: not a readable XLS workbook ({exc})") from exc


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cycle collector paused. Reading a table makes lists for each of its rows
    and no cycle, yet each list counts towards collections that walk every row read so
    far: at a million rows, they took half the reading's time and two thirds of planning
    its register. The collector is the process's: reads in other threads go without it
    meanwhile, and the first read to pause it resumes it."""
    paused = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()


# A sheet of columns A to Z to Excel's last row: the largest grid a register of up to 26
# columns makes (about 0.9 GB in calamine's grid, were it all blank).
DENSE_CELLS = 1_048_576 * 26

_CHUNK = 1 << 24


def _cells_but(reference: bytes) -> tuple[re.Pattern[bytes], ...]:
    """Patterns finding a cell (<c>, or <x:c> with a namespace prefix) whose first
    attribute is not r="``reference``": one for each prefix, as a pattern that starts with
    a literal is searched for four times faster than one starting with [<:]."""
    rest = rb"c(?![^\s>/])(?! r=\"" + reference + rb"\")"
    return re.compile(b"<" + rest), re.compile(b":" + rest)


_NOT_NEAR = _cells_but(rb"[A-Za-z][0-9]{1,6}")  # not in columns A to Z, rows 1 to 999,999
_NOT_A_REFERENCE = _cells_but(rb"[A-Za-z]{1,3}[0-9]{1,7}")
# a cell holding an error (t="e"), its reference first, and what it holds (nothing when
# it closes itself)
_ERROR_CELL = re.compile(
    rb'[<:]c r="([A-Za-z]{1,3})([0-9]{1,7})"[^>]*?\st=["\']e["\'][^>/]*'
    rb"(?:/>|>(.*?)</(?:[\w.-]+:)?c>)",
    re.S,
)
_VALUE = re.compile(rb"<(?:[\w.-]+:)?v>([^<]*)</")
_WIDE = re.compile(rb'c r="([A-Za-z]{2,3})[0-9]{1,7}"')  # column AA or later
_DEEP = re.compile(rb'c r="[A-Za-z]{1,3}([0-9]{7})"')  # row 1,000,000 or later
_LAST_ROW = re.compile(rb'row r="([0-9]{1,10})"')
_ROW = re.compile(rb'c r="[A-Za-z]{1,3}([0-9]{1,7})"')


class _Proof(NamedTuple):
    """What calamine may read of a workbook (`_calamine_proof`)."""

    extent: int  # the most cells its grid of any sheet may hold
    errors: dict[str, list[tuple[int, int, str]]]  # part → (row, column, text) of each error


def _calamine_proof(data: bytes) -> _Proof | None:
    """The most cells calamine's grid of any sheet of the workbook may hold (rows by columns
    from A1 to its farthest cell), proven from the XML of every part without reading its
    cells one by one: a sheet whose cells all lie in columns A to Z and rows 1 to 999,999
    spans at most 26 by 999,999 cells, whatever it holds. And the cells holding an error
    (#N/A, #DIV/0!), which calamine reads as blank: they are put back as openpyxl reads
    them, and the findings name them. None when calamine is not to read the workbook: a
    cell whose first attribute is not its reference (calamine would place it by its row),
    an error cell not found where it is, a file that is no zip or a part that does not
    inflate."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = [i for i in archive.infolist() if i.filename.lower().endswith(".xml")]
            extent, errors = 0, {}
            for part in parts:
                part_extent, part_errors = _part_extent(archive, part)
                extent = max(extent, part_extent)
                if part_errors:
                    errors[part.filename] = part_errors
            return _Proof(extent, errors)
    except Exception:  # anything not proven (a damaged part: zlib.error too): openpyxl's
        return None  # reading says what is wrong with it


def _part_extent(
    archive: zipfile.ZipFile, part: zipfile.ZipInfo
) -> tuple[int, list[tuple[int, int, str]]]:
    """`_calamine_proof` of one part: its extent and its error cells. One pass over its XML
    looks for errors and for a cell outside A1:Z999999, and counts its cells: a sheet of
    far fewer cells than rows (a stray cell far below a small table) raises, as calamine's
    grid would be mostly blank and openpyxl reads only what is there. Only a sheet with a
    far cell is read again, for how far its cells reach (and a wide one once more, for the
    rows of all its cells)."""
    far = False
    cells = last_row = 0
    errors: list[tuple[int, int, str]] = []
    for chunk in _xml_chunks(archive, part):
        errors += _error_cells(chunk, part)
        far = far or any(p.search(chunk) for p in _NOT_NEAR)
        cells += chunk.count(b'c r="')
        at = chunk.rfind(b'row r="')
        found = _LAST_ROW.match(chunk, at) if at >= 0 else None
        last_row = int(found[1]) if found else last_row
    if last_row > 2 * cells + BLANK_RUN:
        raise ValueError(f"{part.filename}: far fewer cells than rows")
    if not far:
        return 26 * 999_999, errors
    columns, rows = 26, 999_999
    for chunk in _xml_chunks(archive, part):
        if any(p.search(chunk) for p in _NOT_A_REFERENCE):
            raise ValueError(f"{part.filename}: a cell whose first attribute is not its reference")
        columns = max([columns, *(_column_number(c) for c in _WIDE.findall(chunk))])
        rows = max([rows, *(int(row) for row in _DEEP.findall(chunk))])
    if columns > 26:  # cells of columns A to Z may lie on rows below 1,000,000 too
        rows = max(int(row) for chunk in _xml_chunks(archive, part) for row in _ROW.findall(chunk))
    return columns * rows, errors


def _error_cells(chunk: bytes, part: zipfile.ZipInfo) -> list[tuple[int, int, str]]:
    """The error cells of a piece of a part's XML, as (row, column, text); raises when one
    is not read whole (its reference not first, or the piece cut inside it)."""
    marks = chunk.count(b't="e"') + chunk.count(b"t='e'")
    if not marks:
        return []
    cells = _ERROR_CELL.findall(chunk)
    if len(cells) != marks:
        raise ValueError(f"{part.filename}: an error cell not read whole")
    found = []
    for letters, row, inner in cells:
        value = _VALUE.search(inner)
        text = html.unescape(value[1].decode("utf-8")).strip() if value else ""
        if text:
            found.append((int(row), _column_number(letters), text))
    return found


def _xml_chunks(archive: zipfile.ZipFile, part: zipfile.ZipInfo):
    """A part's XML in pieces of about 16 MB, each cut after a row's tag (no cell spans
    two), or after a ">" in a part without rows (no tag spans two)."""
    tail = b""
    with archive.open(part) as stream:
        while chunk := stream.read(_CHUNK):
            chunk = tail + chunk
            at = chunk.rfind(b"row>")
            cut = at + 4 if at >= 0 else chunk.rfind(b">") + 1
            yield chunk[:cut]
            tail = chunk[cut:]
    yield tail


def _column_number(letters: bytes) -> int:
    from openpyxl.utils.cell import column_index_from_string  # only a wide or error cell

    return column_index_from_string(letters.decode("ascii").upper())


def _worksheet_parts(data: bytes) -> dict[str, str]:
    """Each worksheet's name → its part in the archive, as the workbook's relationships
    say (a sheet whose part they do not name raises)."""
    relationships = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
        links = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {link.get("Id"): link.get("Target") or "" for link in links}
    parts = {}
    for sheet in book.iter("{http://schemas.openxmlformats.org/spreadsheetml/2006/main}sheet"):
        target = targets[sheet.get(relationships)]
        parts[sheet.get("name") or ""] = (
            target.lstrip("/") if target.startswith("/") else posixpath.normpath("xl/" + target)
        )
    return parts


class _Range(NamedTuple):
    """A merged range, 1-based, as openpyxl's CellRange gives it."""

    min_row: int
    min_col: int
    max_row: int
    max_col: int


def _calamine_sheets(data: bytes, errors: dict[str, list[tuple[int, int, str]]]) -> Iterator[Sheet]:
    """Each worksheet as calamine reads it, its cells column by column (`_calamine_sheet`),
    with the ``errors`` cells put back (part → row, column, text: `_calamine_proof`); a
    sheet at a time, its grid let go before it is yielded. Calamine parses a sheet's XML
    without Python's lock, so the next sheet is parsed in a thread of its own while this
    one's cells are taken: at most two grids are held, the one being read and the next."""
    from python_calamine import CalamineWorkbook, SheetTypeEnum  # only XLSX needs it

    parts = _worksheet_parts(data) if errors else {}
    if set(errors) - set(parts.values()):
        raise ValueError("error cells in a part no worksheet names")
    workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
    names = [m.name for m in workbook.sheets_metadata if m.typ == SheetTypeEnum.WorkSheet]
    # each text once: calamine gives every cell a string of its own, where openpyxl gives
    # the cells of one shared string the same (a register's regions, bodies and stages
    # repeat on every row: a million rows held 600 MB more)
    seen: dict[str, str] = {}
    # one thread parses every sheet, in order, and is the only one to use the workbook
    with concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="calamine") as parser:

        def parse(at: int) -> concurrent.futures.Future | None:
            return parser.submit(workbook.get_sheet_by_name, names[at]) if at < len(names) else None

        try:
            parsed = parse(0)
            for at, name in enumerate(names):
                assert parsed is not None
                sheet = parsed.result()
                parsed = parse(at + 1)  # while this one's cells are taken
                read = _calamine_sheet(sheet, name, errors.get(parts.get(name, ""), []), seen)
                del sheet  # its grid let go before its cells are the register's
                yield read
        finally:  # once the sheet being parsed is (the executor waits for it)
            parser.submit(workbook.close)


def _calamine_sheet(
    sheet, name: str, errors: list[tuple[int, int, str]], seen: dict[str, str]
) -> Sheet:
    """A sheet as calamine read it, its cells held column by column (`SheetGrid`): each as
    text, stripped, each text once (``seen``); the ``errors`` cells put back and merged
    values filled in, as `_sheet_rows` does for rows."""
    columns: list[list[str] | None] = []
    rows = 0
    if sheet.start is not None and sheet.end is not None:  # else the sheet is empty
        # rows from row 1 (blank rows above the first in use), a slice at a time; columns
        # from the first in use, those left of it blank
        read: list[list[str]] = []
        parts = sheet.iter_rows()
        while chunk := list(itertools.islice(parts, _ROWS_AT_ONCE)):
            read = read or [[] for _ in chunk[0]]
            rows += len(chunk)
            for held, values in zip(read, zip(*chunk, strict=True), strict=True):
                texts = [v.strip() if v.__class__ is str else _calamine_text(v) for v in values]
                held += map(seen.setdefault, texts, texts)
        if rows != sheet.end[0] + 1:  # rows would have shifted
            raise ValueError(f"sheet {name!r}: {rows} rows, to row {sheet.end[0] + 1}")
        columns = [None] * sheet.start[1] + read
    for row, index, text in errors:
        if row > rows:
            for column in columns:
                if column is not None:
                    column += [""] * (row - rows)
            rows = row
        columns += [None] * (index - len(columns))
        column = columns[index - 1]
        if column is None:
            column = columns[index - 1] = [""] * rows
        column[row - 1] = text
    used = np.zeros(rows + 1, dtype=bool)  # by row number: whether it holds something
    for column in columns:
        if column is not None:
            used[1:] |= np.fromiter(map(bool, column), dtype=bool, count=rows)
    in_use = np.flatnonzero(used)
    merged = [
        _Range(top + 1, left + 1, bottom + 1, right + 1)
        for (top, left), (bottom, right) in sheet.merged_cell_ranges or []
    ]
    if merged and len(in_use):
        _fill_merged(columns, rows, in_use, merged)
    return Sheet(name, grid=SheetGrid(columns, in_use, rows))


def _fill_merged(
    columns: list[list[str] | None], rows: int, in_use: np.ndarray, merged: list[_Range]
) -> None:
    """A merged cell's value into its range, as `_sheet_rows` fills it: within the rows in
    use and up to the last column in use, at most `CELL_BUDGET` cells."""
    last_col = 1 + max(i for i, cells in enumerate(columns) if cells is not None and any(cells))
    budget = CELL_BUDGET
    for cells in merged:
        first = columns[cells.min_col - 1] if cells.min_col <= len(columns) else None
        value = first[cells.min_row - 1] if first is not None and cells.min_row <= rows else ""
        if not value:
            continue
        low, high = np.searchsorted(in_use, [cells.min_row, cells.max_row + 1]).tolist()
        stop = min(cells.max_col, last_col)
        budget -= (high - low) * (stop - cells.min_col + 1)
        if budget < 0:
            raise ValueError(f"merged ranges would fill more than {CELL_BUDGET:,} cells")
        for index in range(cells.min_col - 1, stop):
            column = columns[index]
            if column is None:
                column = columns[index] = [""] * rows
            for r in in_use[low:high].tolist():
                column[r - 1] = value


_ROWS_AT_ONCE = 1 << 16  # rows of calamine's grid made Python objects at a time


class SheetGrid:
    """A sheet's cells as text, column by column from column A: ``columns[c][r - 1]`` is
    row r's (None: a column all blank); ``in_use``, the numbers of the rows that hold
    something, in order. Its rows are made only when asked for (`rows`): a register's data
    rows are taken from its columns (hibah.ingest.bulk)."""

    def __init__(self, columns: list[list[str] | None], in_use: np.ndarray, n_rows: int):
        self.columns = columns
        self.in_use = in_use
        self.n_rows = n_rows  # the rows of each column

    def column(self, index: int) -> list[str] | None:
        """Column ``index``'s cells (0 for A), or None when all blank."""
        return self.columns[index] if index < len(self.columns) else None

    def cells(self, number: int) -> list[str]:
        """Row ``number``'s cells, from column A to its last that holds something."""
        cells = [c[number - 1] if c is not None else "" for c in self.columns]
        while cells and not cells[-1]:
            cells.pop()
        return cells

    def rows(self, n: int | None = None) -> list[tuple[int, list[str], str]]:
        """The sheet's rows (its first ``n``), as `_sheet_rows` gives them."""
        numbers = self.in_use.tolist() if n is None else self.in_use[:n].tolist()
        rows = _sheet_rows({number: self.cells(number) for number in numbers}, [])
        return rows if n is None else rows[:n]

    def below(self, number: int) -> tuple[np.ndarray, list[int]]:
        """The rows `rows` gives below row ``number`` (one in use): the numbers of those in
        use, and of the blank ones between them (in runs of at most `BLANK_RUN`)."""
        later = self.in_use[self.in_use > number]
        gaps = np.diff(later, prepend=number) - 1
        short = (gaps > 0) & (gaps <= BLANK_RUN)
        ends, runs = later[short].tolist(), gaps[short].tolist()
        blank = [b for end, run in zip(ends, runs, strict=True) for b in range(end - run, end)]
        return later, blank


def _openpyxl_sheets(file: RawFile, data: bytes) -> Iterator[Sheet]:
    """Each worksheet's rows, from the cells its XML defines (`_sheet_rows`), a sheet at a
    time. openpyxl's own worksheets are not used: loading one gives every cell of a merged
    range an object (a range to the sheet's end took 5.9 GB), and iterating one walks its
    declared size (a single cell at XFD1048576 took 7.8 GB). Its read-only mode with its
    sheet parser reads only what is there."""
    from openpyxl import load_workbook  # only XLSX needs it

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise FileReadError(f"{file.path}: not a readable XLSX workbook ({exc})") from exc
    try:
        for ws in workbook.worksheets:
            try:
                sheet = _openpyxl_sheet(workbook, ws)
            except (ValueError, KeyError, IndexError, SyntaxError, zipfile.BadZipFile) as exc:
                # a damaged sheet (XML that does not parse, cells that point nowhere)
                raise FileReadError(f"{file.path}: not a readable XLSX workbook ({exc})") from exc
            yield sheet
    finally:
        workbook.close()


def _openpyxl_sheet(workbook, ws) -> Sheet:
    from openpyxl.worksheet._reader import WorkSheetParser
    from openpyxl.worksheet.cell_range import CellRange

    cells_of: dict[int, dict[int, str]] = {}
    with ws._get_source() as source:
        parser = WorkSheetParser(
            source,
            ws._shared_strings,
            data_only=True,
            epoch=workbook.epoch,
            date_formats=workbook._date_formats,
            timedelta_formats=workbook._timedelta_formats,
        )
        for _, cells in parser.parse():
            for cell in cells:
                text = _cell_text(cell["value"])
                if text:
                    cells_of.setdefault(cell["row"], {})[cell["column"]] = text
        merged = parser.merged_cells.mergeCell if parser.merged_cells else []
    ranges = [CellRange(m.ref) for m in merged]
    values = {
        row: [cells.get(c, "") for c in range(1, max(cells) + 1)] for row, cells in cells_of.items()
    }
    return Sheet(ws.title, _sheet_rows(values, ranges))


BLANK_RUN = 100  # more blank rows than this in a row are not units (they hold nothing)


CELL_BUDGET = 5_000_000  # cells merged ranges may fill in one sheet


def _sheet_rows(values: dict[int, list[str]], merged: list) -> list[tuple[int, list[str], str]]:
    """A worksheet's rows from those that hold something (row → its cells' text from column
    A to its last cell that holds something), so that its cost follows its content, never
    its declared size. A merged cell's value fills its range within the rows and columns in
    use (at most `CELL_BUDGET` cells); each row runs to its own last cell; a run of more
    than `BLANK_RUN` blank rows is left out (nothing is in it)."""
    if not values:
        return []
    in_use = sorted(values)  # rows that hold something
    last_col = max(len(cells) for cells in values.values())
    budget = CELL_BUDGET
    for cells in merged:
        top = values.get(cells.min_row, [])
        value = top[cells.min_col - 1] if cells.min_col <= len(top) else ""
        if not value:
            continue
        # a merged value fills the rows of its range that hold something else too (a region
        # name over its rows of figures, a parent label over its sub-labels), up to the last
        # column in use
        low = bisect.bisect_left(in_use, cells.min_row)
        high = bisect.bisect_right(in_use, cells.max_row)
        stop = min(cells.max_col, last_col)
        budget -= (high - low) * (stop - cells.min_col + 1)
        if budget < 0:
            raise ValueError(f"merged ranges would fill more than {CELL_BUDGET:,} cells")
        for r in in_use[low:high]:
            row = values[r]
            row.extend([""] * (stop - len(row)))
            row[cells.min_col - 1 : stop] = [value] * (stop - cells.min_col + 1)
    rows: list[tuple[int, list[str], str]] = []
    previous = 0
    for r in in_use:  # never every row number: a cell may lie at row 99,999,999
        if r - previous - 1 <= BLANK_RUN:
            rows += [(b, [], "") for b in range(previous + 1, r)]
        rows.append((r, values[r], " | ".join(values[r])))
        previous = r
    return rows


def _calamine_text(value: object) -> str:
    """`_cell_text` of a cell calamine read, which gives every number as a float: a whole
    number of more than 15 digits (written by a program, not by Excel) may have lost its
    last digits, so it raises, and openpyxl reads the workbook (it keeps them)."""
    if isinstance(value, float) and abs(value) >= 2**53 and value.is_integer():
        raise ValueError(f"a whole number beyond a float's precision: {value!r}")
    return _cell_text(value)


def _cell_text(value: object) -> str:
    """A spreadsheet cell as the text a reader sees; whole numbers without ".0"."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()
