"""Files into sheets: a CSV's rows, an XLSX's sheets with merged cells filled in, every cell
as text."""

from __future__ import annotations

import bisect
import csv
import datetime as dt
import io
import zipfile

from hibah.ingest.files import RawFile, decode, sniff_delimiter
from hibah.ingest.tabular.model import FileReadError, Sheet


def _csv_sheet(file: RawFile, data: bytes) -> Sheet:
    text = decode(data)
    if not text.strip():
        raise FileReadError(f"{file.path}: file is empty")
    lines = text.splitlines()
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(text))
    rows, end = [], 0
    try:
        for cells in reader:
            start, end = end + 1, reader.line_num
            rows.append((start, cells, "\n".join(lines[start - 1 : end])))
    except csv.Error as exc:
        raise FileReadError(f"{file.path}: row {end + 1}: {exc}") from exc
    return Sheet(None, rows)


def _xlsx_sheets(file: RawFile, data: bytes) -> list[Sheet]:
    """Each worksheet's rows, from the cells its XML defines (`_sheet_rows`). openpyxl's own
    worksheets are not used: loading one gives every cell of a merged range an object (a
    range to the sheet's end took 5.9 GB), and iterating one walks its declared size (a
    single cell at XFD1048576 took 7.8 GB). Its read-only mode with its sheet parser reads
    only what is there."""
    from openpyxl import load_workbook  # only XLSX needs it
    from openpyxl.worksheet._reader import WorkSheetParser
    from openpyxl.worksheet.cell_range import CellRange

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise FileReadError(f"{file.path}: not a readable XLSX workbook ({exc})") from exc
    sheets = []
    try:
        for ws in workbook.worksheets:
            values: dict[int, dict[int, str]] = {}
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
                            values.setdefault(cell["row"], {})[cell["column"]] = text
                merged = parser.merged_cells.mergeCell if parser.merged_cells else []
            ranges = [CellRange(m.ref) for m in merged]
            sheets.append(Sheet(ws.title, _sheet_rows(values, ranges)))
    except (ValueError, KeyError, IndexError, SyntaxError, zipfile.BadZipFile) as exc:
        # a damaged sheet (XML that does not parse, cells that point nowhere)
        raise FileReadError(f"{file.path}: not a readable XLSX workbook ({exc})") from exc
    finally:
        workbook.close()
    return sheets


BLANK_RUN = 100  # more blank rows than this in a row are not units (they hold nothing)


CELL_BUDGET = 5_000_000  # cells merged ranges may fill in one sheet


def _sheet_rows(
    values: dict[int, dict[int, str]], merged: list
) -> list[tuple[int, list[str], str]]:
    """A worksheet's rows from the cells that hold something (row → column → text), so that
    its cost follows its content, never its declared size. A merged cell's value fills its
    range within the rows and columns in use (at most `CELL_BUDGET` cells); each row runs to
    its own last cell; a run of more than `BLANK_RUN` blank rows is left out (nothing is in
    it)."""
    if not values:
        return []
    in_use = sorted(values)  # rows that hold something
    last_row = in_use[-1]
    last_col = max(max(cols) for cols in values.values())
    budget = CELL_BUDGET
    for cells in merged:
        value = values.get(cells.min_row, {}).get(cells.min_col)
        if value is None:
            continue
        # a merged value fills the rows of its range that hold something else too (a region
        # name over its rows of figures, a parent label over its sub-labels), up to the last
        # column in use
        low = bisect.bisect_left(in_use, cells.min_row)
        high = bisect.bisect_right(in_use, cells.max_row)
        columns = range(cells.min_col, min(cells.max_col, last_col) + 1)
        budget -= (high - low) * len(columns)
        if budget < 0:
            raise ValueError(f"merged ranges would fill more than {CELL_BUDGET:,} cells")
        for r in in_use[low:high]:
            for c in columns:
                values[r][c] = value
    rows: list[tuple[int, list[str], str]] = []
    blank: list[int] = []
    for r in range(1, last_row + 1):
        if r not in values:
            blank.append(r)
            continue
        if len(blank) <= BLANK_RUN:
            rows += [(b, [], "") for b in blank]
        blank = []
        row = [values[r].get(c, "") for c in range(1, max(values[r]) + 1)]
        rows.append((r, row, " | ".join(row)))
    return rows


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
