"""Tables of grant figures as offices publish them → rows as read + records.

CSV (UTF-8 with or without BOM, or cp1252; ``;`` ``,`` or tab separated) and XLSX (every
sheet). The header is found wherever it is: title rows above it are skipped with that
reason, a header over two rows (a merged "Pencairan" over "Tahap I" and "Tahap II") is read
as one, and merged cells are filled in. Two layouts are read:

- long: one figure per row, with a stage column (``Tahap``) and an amount column (``Nilai``);
- wide: one row per recipient with an amount column per stage (``Nilai NPHD``,
  ``Tahap I``, ``Tahap II``, ``Realisasi``, ``Pengembalian``): one figure per filled cell.

Every cell is read as text and parsed by hibah.parse (type inference would turn region code
``65.10`` into ``65.1``); numbers stored as numbers and as text read alike, and a header that
states a scale (``Nilai (Rp juta)``) scales its column. The unit of accounting is the figure's
place (``row 5``, or ``row 5, Tahap II`` in a wide table): each ends up as exactly one of a
candidate record, a reject with the rule it broke, or a skip with its reason.
"""

from __future__ import annotations

import bisect
import csv
import datetime as dt
import hashlib
import io
import json
import re
import zipfile
from dataclasses import dataclass, field

import pandas as pd

from hibah.ingest.files import RawFile, decode, replaced_note, sniff_delimiter
from hibah.parse.amounts import Amount, AmountParseError, juta_below_peers, parse_amount
from hibah.parse.dates import DateParseError, read_date
from hibah.parse.regions import Gazetteer, describe
from hibah.parse.vocabulary import (
    ELECTION_OF_LEVEL,
    level_of_code,
    parse_body,
    parse_stage,
)
from hibah.schemas.reference import UNIT_COLUMNS

# Normalised header text → canonical field. Headers are lower-cased and reduced to words.
HEADER_ALIASES: dict[str, str] = {
    "no": "row_no", "nomor": "row_no", "no urut": "row_no",
    "kode wilayah": "region_code", "kode": "region_code", "kode daerah": "region_code",
    "kode pemda": "region_code",
    "kode kemendagri": "region_code_kemendagri", "kode dagri": "region_code_kemendagri",
    "kode wilayah kemendagri": "region_code_kemendagri",
    "kode bps": "region_code_bps", "kode wilayah bps": "region_code_bps",
    "kode bps kabupaten kota": "region_code_bps",
    "pemerintah daerah": "region_name", "pemda": "region_name", "wilayah": "region_name",
    "daerah": "region_name", "nama daerah": "region_name", "pemberi hibah": "region_name",
    "kabupaten kota": "region_name", "provinsi kabupaten kota": "region_name",
    "penerima hibah": "recipient_unit", "penerima": "recipient_unit",
    "nama penerima": "recipient_unit",
    "lembaga": "body", "instansi": "body", "jenis penerima": "body",
    "tahap": "stage", "tahapan": "stage",
    "nilai": "amount", "nilai rp": "amount", "nilai hibah": "amount", "nilai hibah rp": "amount",
    "jumlah": "amount", "jumlah rp": "amount", "anggaran": "amount", "anggaran rp": "amount",
    "nominal": "amount",
    "tanggal": "as_of", "tgl": "as_of", "tanggal nphd": "as_of",
    "sumber": "source_url", "sumber berita": "source_url", "url": "source_url",
    "tautan": "source_url", "alamat sumber": "source_url",
    "keterangan": "note", "catatan": "note", "ket": "note",
    # A line-item register (LPJ, RKA): each row is a part of one figure, summed per region,
    # body, stage and source (hibah/ingest/bulk.py).
    "uraian": "line_item", "uraian kegiatan": "line_item", "rincian": "line_item",
    "rincian belanja": "line_item", "kegiatan": "line_item", "kode rekening": "line_item",
    "uraian belanja": "line_item", "rincian kegiatan": "line_item", "line item": "line_item",
    # The canonical record's own column names (DESIGN.md, and hibah's exports).
    "region code": "region_code", "region name": "region_name", "body": "body",
    "recipient unit": "recipient_unit", "stage": "stage", "amount idr": "amount",
    "amount": "amount", "as of": "as_of", "source url": "source_url",
}  # fmt: skip
# Words that make a header an amount column for one stage ("Nilai NPHD", "Tahap II").
_STAGE_WORDS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"\b(?:tahap|termin) (?:i|1|pertama)\b"), "tranche_1"),
    (re.compile(r"\b(?:tahap|termin) (?:ii|2|kedua)\b"), "tranche_2"),
    (re.compile(r"\b(?:pengembalian|dikembalikan|sisa)\b"), "returned"),
    (re.compile(r"\brealisasi\b"), "realized"),
    (re.compile(r"\b(?:pencairan|penyaluran|disalurkan|dicairkan)\b"), "disbursed"),
    (re.compile(r"\b(?:nphd|perjanjian)\b"), "nphd"),
    (re.compile(r"\b(?:pagu|usulan|dianggarkan|apbd)\b"), "budget"),
]
_HEADER_SCALE = re.compile(
    r"\b(?:rp\s*)?(miliar|milyar|juta|ribu)\b|\bdalam (miliar|jutaan|ribuan)"
)
_TOTALS = re.compile(r"^\s*(jumlah|total|sub\s*total|grand\s*total)\b", re.IGNORECASE)
_HEADER_SEARCH_ROWS = 20


class FileReadError(Exception):
    """A file that cannot be read as a table of grant figures; the message is one line."""


@dataclass
class Sheet:
    name: str | None  # None for CSV
    rows: list[tuple[int, list[str], str]]  # (row number, cells, the row as read)


@dataclass
class TableRead:
    """What one file yielded; records + rejects + skips cover every unit read."""

    rows: pd.DataFrame  # every unit as read: source_file, row_number, locator, line_text, cells
    records: pd.DataFrame  # candidate allocation records, with parse flags
    rejects: list[dict]  # units refused while parsing, one entry per reason
    skipped: list[dict]  # units skipped with a stated reason
    sheet_notes: list[str] = field(default_factory=list)  # sheets with no table, and why
    # what the reader noted about the file, as (rule id, text): header-repeated, bytes-replaced
    notes: list[tuple[str, str]] = field(default_factory=list)


@dataclass(frozen=True)
class Column:
    index: int
    label: str
    field: str  # a HEADER_ALIASES field, or "amount" with a stage
    stage: str | None = None
    scale: str | None = None  # "miliar", "juta", "ribu" from the header


def normalise_header(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


def allocation_id(file_sha256: str, locator: str) -> str:
    """Stable id of a record: its file's content hash and its place in the file."""
    return hashlib.sha256(f"{file_sha256}:{locator}".encode()).hexdigest()[:16]


def read_table(
    file: RawFile,
    regions: dict[str, dict[str, str]],
    gazetteer: Gazetteer | None = None,
    data: bytes | None = None,
) -> TableRead:
    """Read one table file; raise `FileReadError` when no sheet of it can be read."""
    data = data if data is not None else file.abs_path.read_bytes()
    sheets = (
        _xlsx_sheets(file, data) if file.format in ("xlsx", "xlsm") else [_csv_sheet(file, data)]
    )
    reads, errors = [], []
    for sheet in sheets:
        try:
            reads.append(_read_sheet(file, sheet, regions, gazetteer))
        except FileReadError as exc:
            errors.append(str(exc))
    if not reads:
        raise FileReadError(errors[0] if len(errors) == 1 else "; ".join(errors))
    return TableRead(
        rows=pd.concat([r.rows for r in reads], ignore_index=True),
        records=pd.concat([r.records for r in reads if not r.records.empty], ignore_index=True)
        if any(not r.records.empty for r in reads)
        else pd.DataFrame(),
        rejects=[x for r in reads for x in r.rejects],
        skipped=[x for r in reads for x in r.skipped],
        sheet_notes=errors,
        notes=[
            *(replaced_note(file, data) if file.format in ("csv", "tsv") else []),
            *(x for r in reads for x in r.notes),
        ],
    )


# --- reading files into sheets ------------------------------------------------------------


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
                    source, ws._shared_strings, data_only=True, epoch=workbook.epoch,
                    date_formats=workbook._date_formats,
                    timedelta_formats=workbook._timedelta_formats,
                )  # fmt: skip
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


# --- the header -----------------------------------------------------------------------------


def _columns(labels: list[str]) -> list[Column]:
    columns = []
    for i, label in enumerate(labels):
        norm = normalise_header(label)
        scale_match = _HEADER_SCALE.search(norm)
        scale = None
        if scale_match:
            word = scale_match.group(1) or scale_match.group(2)
            scale = {"milyar": "miliar", "jutaan": "juta", "ribuan": "ribu"}.get(word, word)
            norm = normalise_header(_HEADER_SCALE.sub(" ", norm))
        field = HEADER_ALIASES.get(norm)
        if field and field != "amount":
            columns.append(Column(i, label, field))
            continue
        stage = next((s for pattern, s in _STAGE_WORDS if pattern.search(norm)), None)
        if field == "amount" or (
            stage
            and re.search(
                r"\b(?:nilai|jumlah|rp|hibah|tahap|"
                r"pencairan|realisasi|pengembalian|sisa|"
                r"nphd|pagu|anggaran|termin)\b",
                norm,
            )
        ):
            columns.append(Column(i, label, "amount", stage, scale))
    return columns


def _usable(columns: list[Column]) -> list[str]:
    """What the header lacks to be read, as words for the error message."""
    fields = {c.field for c in columns}
    amounts = [c for c in columns if c.field == "amount"]
    missing = []
    if not fields & {"region_code", "region_code_kemendagri", "region_code_bps", "region_name"}:
        missing.append("region (Kode Wilayah, Kode BPS or Pemerintah Daerah)")
    if not amounts:
        missing.append("amount (Nilai)")
    elif "stage" not in fields and any(c.stage is None for c in amounts):
        missing.append("stage (Tahap, or a stage in the amount header)")
    if not fields & {"body", "recipient_unit"}:
        missing.append("body or recipient (Lembaga or Penerima Hibah)")
    return missing


def distinct_labels(labels: list[str]) -> tuple[list[str], list[str]]:
    """Header labels made distinct ("Nilai", "Nilai" → "Nilai", "Nilai (2)"), so that every
    cell keeps its own place, and the labels that were repeated."""
    seen: dict[str, int] = {}
    out, repeated = [], []
    for label in labels:
        key = label.strip()
        if not key:
            out.append(label)
            continue
        seen[key] = seen.get(key, 0) + 1
        if seen[key] == 2:
            repeated.append(key)
        out.append(label if seen[key] == 1 else f"{key} ({seen[key]})")
    return out, repeated


def _find_header(
    file: RawFile, sheet: Sheet
) -> tuple[int, int, list[Column], list[str], list[str]]:
    """Indexes of the header's first and last rows in ``sheet.rows``, its columns, all its
    labels (made distinct: `distinct_labels`) and the labels it gives more than once."""
    first_problem = None
    for i, (_, cells, _) in enumerate(sheet.rows[:_HEADER_SEARCH_ROWS]):
        if not any(c.strip() for c in cells):
            continue
        candidates = [(i, cells)]
        if i + 1 < len(sheet.rows) and _sub_header(cells, sheet.rows[i + 1][1]):
            # A header over two rows: parent label + sub-label ("Pencairan" + "Tahap I").
            below = sheet.rows[i + 1][1]
            width = max(len(cells), len(below))  # spreadsheet rows end at their last cell
            joined = [
                a if a == b or not b else (b if not a else f"{a} {b}")
                for a, b in zip(cells + [""] * (width - len(cells)),
                                below + [""] * (width - len(below)), strict=True)
            ]  # fmt: skip
            candidates.insert(0, (i + 1, joined))
        for last, given in candidates:
            labels, repeated = distinct_labels(given)
            columns = _columns(labels)
            missing = _usable(columns)
            if not missing:
                return i, last, columns, labels, repeated
            if first_problem is None and len(columns) >= 2:
                first_problem = (sheet.rows[i][0], labels, missing)
    where = f"{file.path}" + (f": sheet {sheet.name!r}" if sheet.name else "")
    if first_problem:
        row, labels, missing = first_problem
        raise FileReadError(
            f"{where}: row {row}: header {labels!r} lacks column(s) for {', '.join(missing)}"
        )
    raise FileReadError(f"{where}: no header row with a region, an amount and a body found")


def _sub_header(above: list[str], below: list[str]) -> bool:
    """Whether ``below`` holds sub-labels of ``above`` rather than data: some of its cells
    differ from the cell above and read as a column label, and none reads as an amount."""
    if sum(1 for a in above if a.strip()) < 2 or not _columns(above):
        return False  # a title row, not the upper half of a header
    labels = [b for a, b in zip(above, below, strict=False) if b.strip() and b != a]
    if not labels or not _columns(labels):
        return False
    for cell in below:
        try:
            if parse_amount(cell).value >= 1000:
                return False
        except AmountParseError:
            continue
    return True


# --- rows into records ----------------------------------------------------------------------


def _read_sheet(
    file: RawFile,
    sheet: Sheet,
    regions: dict[str, dict[str, str]],
    gazetteer: Gazetteer | None,
) -> TableRead:
    header_first, header_at, columns, header_labels, repeated = _find_header(file, sheet)
    where = f"{file.path}" + (f": sheet {sheet.name!r}" if sheet.name else "")
    notes = [
        ("header-repeated", f"{where}: the header names {label!r} more than once; the columns "
         f"are kept apart, the second as {label + ' (2)'!r}: check which one holds the figure")
        for label in repeated
    ]  # fmt: skip
    amounts = [c for c in columns if c.field == "amount"]
    others = [c for c in columns if c.field != "amount"]
    width = max(len(header_labels), max(c.index for c in columns) + 1)
    prefix = f"sheet {sheet.name!r} " if sheet.name else ""
    default_source = file.provenance.get("source_url", "") or None

    rows, records, rejects, skipped = [], [], [], []
    title_rows = sheet.rows[:header_first]
    for number, cells, as_read in title_rows:
        unit = _unit(file, f"{prefix}row {number}", number, as_read, cells, header_labels)
        rows.append(unit)
        blank = not any(c.strip() for c in cells)
        reason = "blank row" if blank else "title row above the header"
        skipped.append(_base(unit) | {"reason": reason})

    for number, cells, as_read in sheet.rows[header_at + 1 :]:
        row_locator = f"{prefix}row {number}"
        blank = not any(c.strip() for c in cells)
        padded = cells + [""] * (width - len(cells))
        value = {c.field: padded[c.index].strip() for c in others}
        if blank or _is_totals_row(value, padded):
            unit = _unit(file, row_locator, number, as_read, cells, header_labels)
            rows.append(unit)
            reason = "blank row" if blank else "totals row (not a grant)"
            skipped.append(_base(unit) | {"reason": reason})
            continue
        if sheet.name is None and len(cells) != len(header_labels):
            unit = _unit(file, row_locator, number, as_read, cells, header_labels)
            rows.append(unit)
            rejects.append(
                _base(unit) | {"rule_id": "row-malformed", "column": None,
                               "observed": str(len(cells)),
                               "expected": str(len(header_labels))}
            )  # fmt: skip
            continue
        filled = [c for c in amounts if padded[c.index].strip()]
        if not filled:
            unit = _unit(file, row_locator, number, as_read, cells, header_labels)
            rows.append(unit)
            skipped.append(_base(unit) | {"reason": "no amount in the row"})
            continue
        for column in filled:
            locator = row_locator if len(amounts) == 1 else f"{row_locator}, {column.label}"
            unit = _unit(file, locator, number, as_read, cells, header_labels)
            rows.append(unit)
            record, problems = _record(
                file, unit, value, padded[column.index].strip(), column, regions, gazetteer,
                default_source,
            )  # fmt: skip
            if problems:
                rejects.extend(_base(unit) | p for p in problems)
            else:
                records.append(record)
    peers = [
        Amount(r["amount_idr"], r["approximate"], r["amount_precision_idr"], False, (),
               r["amount_text"])
        for r in records
    ]  # fmt: skip
    for record, suspect in zip(records, juta_below_peers(peers), strict=True):
        if suspect:
            record["flags"].append("juta-below-peers")
    return TableRead(
        rows=pd.DataFrame(rows, columns=UNIT_COLUMNS),
        records=pd.DataFrame(records),
        rejects=rejects,
        skipped=skipped,
        notes=notes,
    )


def _unit(file, locator, number, as_read, cells, labels) -> dict:
    return {
        "source_file": file.path,
        "row_number": number,
        "locator": locator,
        "line_text": as_read,
        "cells": json.dumps(dict(zip(labels, cells, strict=False)), ensure_ascii=False),
    }


def _base(unit: dict) -> dict:
    return {
        "source_file": unit["source_file"],
        "row_number": unit["row_number"],
        "locator": unit["locator"],
        "evidence": unit["line_text"],
    }


def _is_totals_row(value: dict[str, str], cells: list[str]) -> bool:
    first = next((c for c in cells if c.strip()), "")
    labels = [value.get("region_name", ""), _code_cell(value)[0], first]
    return any(_TOTALS.match(label or "") for label in labels)


def _code_cell(value: dict[str, str]) -> tuple[str, str | None]:
    """(code as written, the code system its header names): Kode Kemendagri, Kode BPS, or a
    bare Kode / Kode Wilayah that says neither."""
    for field_name, system in (("region_code_kemendagri", "kemendagri"),
                               ("region_code_bps", "bps"), ("region_code", None)):  # fmt: skip
        if value.get(field_name, "").strip():
            return value[field_name].strip(), system
    return "", None


def _record(
    file: RawFile,
    unit: dict,
    value: dict[str, str],
    amount_text: str,
    column: Column,
    regions: dict[str, dict[str, str]],
    gazetteer: Gazetteer | None,
    default_source: str | None,
) -> tuple[dict, list[dict]]:
    problems: list[dict] = []
    amount = None
    to_parse = amount_text
    if column.scale and not re.search(r"[a-zA-Z]", amount_text):
        to_parse = f"{amount_text} {column.scale}"  # "Nilai (Rp juta)": 651 → 651 juta
    try:
        amount = parse_amount(to_parse)
    except AmountParseError as exc:
        problems.append(
            {"rule_id": "amount-unreadable", "column": "amount",
             "observed": amount_text, "expected": "", "detail": str(exc)}
        )  # fmt: skip
    as_of, date_flags = None, []
    if value.get("as_of"):
        try:
            mention = read_date(value["as_of"])
            as_of = mention.date
            date_flags = ["weekday-mismatch"] if mention.weekday_ok is False else []
        except DateParseError as exc:
            problems.append(
                {"rule_id": "date-unreadable", "column": "as_of",
                 "observed": value["as_of"], "expected": "", "detail": str(exc)}
            )  # fmt: skip
    code, system = _code_cell(value)
    name = value.get("region_name", "")
    region_note = None
    if code and gazetteer is not None:
        reading = gazetteer.read_code(code, name, system)
        if reading.rule_id:
            problems.append(
                {"rule_id": reading.rule_id, "column": "region_code", "observed": code,
                 "expected": reading.expected, "detail": reading.detail}
            )  # fmt: skip
        code, region_note = reading.code or code, reading.note
    elif not code and name and gazetteer is not None:
        found = gazetteer.match(name)
        if found.code:
            code, region_note = found.code, f"region from its name: {describe(found)}"
        else:
            problems.append(
                {"rule_id": "region-unresolved", "column": "region_name",
                 "observed": name, "expected": "", "detail": amount_text}
            )  # fmt: skip
    if problems:
        return {}, problems
    assert amount is not None  # read, or a problem was returned above

    region = regions.get(code)
    level = region["level"] if region else level_of_code(code)
    unit_name = value.get("recipient_unit") or None
    body_text = value.get("body") or unit_name or ""
    stage_text = value.get("stage") or ""
    stage = column.stage or parse_stage(stage_text) or stage_text
    notes = [n for n in (value.get("note"), region_note) if n]
    record = {
        "allocation_id": allocation_id(file.sha256, unit["locator"]),
        "region_code": code,
        "region_name": region["region_name"] if region else None,
        "province_code": region["province_code"] if region else None,
        "grantor_level": level,
        "election": ELECTION_OF_LEVEL.get(level) if level else None,
        "body": parse_body(body_text) or body_text,
        "recipient_unit": unit_name,
        "stage": stage,
        "amount_idr": amount.value,
        "amount_precision_idr": amount.precision,
        "approximate": amount.approximate,
        "as_of": as_of,
        "amount_text": amount_text,
        "source_url": value.get("source_url") or default_source,
        "source_file": file.path,
        "row_number": unit["row_number"],
        "locator": unit["locator"],
        "evidence": unit["line_text"],
        "region_as_written": name or None,
        "note": "; ".join(notes) or None,
        "flags": [*amount.flags, *date_flags],
    }
    return record, []
