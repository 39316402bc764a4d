"""Rows into records: each unit (a row, or a wide table's amount cell) becomes a candidate
record, a reject with the rule it broke, or a skip with its reason."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from hibah.ingest.files import RawFile
from hibah.ingest.tabular.header import COLUMN_NUMBERS, _find_header, numbers_columns
from hibah.ingest.tabular.model import Column, Sheet, TableRead, allocation_id
from hibah.parse.amounts import Amount, amount_written, juta_below_peers
from hibah.parse.cells import CellRead, read_amount_cell, read_date_cell, read_region_cells
from hibah.parse.regions import Gazetteer
from hibah.parse.vocabulary import (
    ELECTION_OF_LEVEL,
    level_of_code,
    parse_body,
    parse_stage,
)

_TOTALS = re.compile(r"^\s*(jumlah|total|sub\s*total|grand\s*total)\b", re.IGNORECASE)


def _read_sheet(
    file: RawFile,
    sheet: Sheet,
    regions: dict[str, dict[str, str]],
    gazetteer: Gazetteer | None,
) -> TableRead:
    header_first, header_at, columns, header_labels, repeated = _find_header(file, sheet)
    notes = repeated_notes(file, sheet, repeated)
    reader = _SheetReader(
        file, sheet, columns, header_labels, regions, gazetteer, header=sheet.rows[header_at][1]
    )
    for number, cells, as_read in sheet.rows[:header_first]:
        blank = not any(c.strip() for c in cells)
        reason = "blank row" if blank else "title row above the header"
        reader.skip(f"{reader.prefix}row {number}", number, cells, as_read, reason)
    data_at = header_at + 1
    if numbers_columns(sheet, header_at):
        number, cells, as_read = sheet.rows[data_at]
        reader.skip(f"{reader.prefix}row {number}", number, cells, as_read, COLUMN_NUMBERS)
        data_at += 1
    for number, cells, as_read in sheet.rows[data_at:]:
        reader.read_row(number, cells, as_read)
    peers = [
        Amount(
            r["amount_idr"],
            r["approximate"],
            r["amount_precision_idr"],
            False,
            (),
            r["amount_text"],
        )
        for r in reader.records
    ]
    for record, suspect in zip(reader.records, juta_below_peers(peers), strict=True):
        if suspect:
            record["flags"].append("juta-below-peers")
    return TableRead(
        rows=reader.rows,
        records=reader.records,
        rejects=reader.rejects,
        skipped=reader.skipped,
        notes=notes,
    )


def repeated_notes(file: RawFile, sheet: Sheet, repeated: list[str]) -> list[tuple[str, str]]:
    """header-repeated notes of a sheet whose header names ``repeated`` more than once."""
    where = f"{file.path}" + (f": sheet {sheet.name!r}" if sheet.name else "")
    return [
        (
            "header-repeated",
            f"{where}: the header names {label!r} more than once; the columns "
            f"are kept apart, the second as {label + ' (2)'!r}: check which one holds the figure",
        )
        for label in repeated
    ]


@dataclass
class _SheetReader:
    """The rows of one table below its header, each read into raw.rows and into a record,
    a reject with the rule it broke, or a skip with its reason."""

    file: RawFile
    sheet: Sheet
    columns: list[Column]
    labels: list[str]
    regions: dict[str, dict[str, str]]
    gazetteer: Gazetteer | None
    header: list[str] = field(default_factory=list)  # the header row's cells
    rows: list[dict] = field(default_factory=list)
    records: list[dict] = field(default_factory=list)
    rejects: list[dict] = field(default_factory=list)
    skipped: list[dict] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.amounts = [c for c in self.columns if c.field == "amount"]
        self.others = [c for c in self.columns if c.field != "amount"]
        self.width = max(len(self.labels), max(c.index for c in self.columns) + 1)
        self.prefix = f"sheet {self.sheet.name!r} " if self.sheet.name else ""
        self.default_source = self.file.provenance.get("source_url", "") or None
        self.page_header = page_header(self.header, self.columns)

    def unit(self, locator: str, number: int, cells: list[str], as_read: str) -> dict:
        unit = _unit(self.file, locator, number, as_read, cells, self.labels)
        self.rows.append(unit)
        return unit

    def skip(self, locator: str, number: int, cells: list[str], as_read: str, reason: str):
        self.skipped.append(_base(self.unit(locator, number, cells, as_read)) | {"reason": reason})

    def read_row(self, number: int, cells: list[str], as_read: str) -> None:
        locator = f"{self.prefix}row {number}"
        blank = not any(c.strip() for c in cells)
        padded = cells + [""] * (self.width - len(cells))
        value = {c.field: padded[c.index].strip() for c in self.others}
        if blank or _is_totals_row(value, padded):
            reason = "blank row" if blank else "totals row (not a grant)"
            return self.skip(locator, number, cells, as_read, reason)
        if repeats_header(padded, self.page_header):
            return self.skip(locator, number, cells, as_read, HEADER_REPEATED)
        if self.sheet.name is None and len(cells) != len(self.labels):
            unit = self.unit(locator, number, cells, as_read)
            problem = _problem("row-malformed", None, str(len(cells)), None, str(len(self.labels)))
            self.rejects.append(_base(unit) | problem)
            return None
        filled = [c for c in self.amounts if amount_written(padded[c.index])]
        if not filled:
            return self.skip(locator, number, cells, as_read, "no amount in the row")
        for column in filled:
            cell = locator if len(self.amounts) == 1 else f"{locator}, {column.label}"
            unit = self.unit(cell, number, cells, as_read)
            record, problems = _record(
                self.file,
                unit,
                value,
                padded[column.index].strip(),
                column,
                self.regions,
                self.gazetteer,
                self.default_source,
            )
            if problems:
                self.rejects.extend(_base(unit) | p for p in problems)
            else:
                self.records.append(record)
        return None


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


HEADER_REPEATED = "header row repeated (a page break)"


def page_header(header: list[str], columns: list[Column]) -> list[tuple[int, str]]:
    """What a row repeating the header holds (`repeats_header`): each mapped column whose
    header cell is filled, with that cell (case and spaces aside), the amount's first (a
    data row differs there); none when fewer than two such columns or no amount among them
    (no row is then taken for the header)."""
    labelled = [c for c in columns if c.index < len(header) and header[c.index].strip()]
    if len(labelled) < 2 or not any(c.field == "amount" for c in labelled):
        return []
    labelled.sort(key=lambda c: c.field != "amount")
    return [(c.index, header[c.index].strip().lower()) for c in labelled]


def repeats_header(cells: list[str], header: list[tuple[int, str]]) -> bool:
    """Whether a row repeats the header's cells (`page_header`), as a table converted from
    a PDF or printed page by page does at each page. raw.line_values_of asks the same in
    SQL."""
    if not header:
        return False
    index, text = header[0]  # the amount: a data row differs there, and is done
    if index >= len(cells) or cells[index].strip().lower() != text:
        return False
    return all(i < len(cells) and cells[i].strip().lower() == t for i, t in header[1:])


def _is_totals_row(value: dict[str, str], cells: list[str]) -> bool:
    first = next((c for c in cells if c.strip()), "")
    labels = [value.get("region_name", ""), _code_cell(value)[0], first]
    return any(_TOTALS.match(label or "") for label in labels)


def _code_cell(value: dict[str, str]) -> tuple[str, str | None]:
    """(code as written, the code system its header names): Kode Kemendagri, Kode BPS, or a
    bare Kode / Kode Wilayah that says neither."""
    for field_name, system in (
        ("region_code_kemendagri", "kemendagri"),
        ("region_code_bps", "bps"),
        ("region_code", None),
    ):
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
    amount = read_amount_cell(amount_text, column.scale)
    if amount.problem:
        problems.append(_problem("amount-unreadable", "amount", amount_text, amount.problem))
    date = read_date_cell(value["as_of"]) if value.get("as_of") else CellRead()
    if date.problem:
        problems.append(_problem("date-unreadable", "as_of", value["as_of"], date.problem))
    code, system = _code_cell(value)
    name = value.get("region_name", "")
    region = read_region_cells(code, name, system, gazetteer)
    if region.rule_id == "region-unresolved":
        problems.append(_problem("region-unresolved", "region_name", name, amount_text))
    elif region.rule_id:
        problems.append(
            _problem(region.rule_id, "region_code", code, region.detail, region.expected)
        )
    if problems:
        return {}, problems
    assert amount.amount is not None  # read, or a problem was returned above
    unit_name = value.get("recipient_unit") or None
    body_text = column.body or value.get("body") or unit_name or ""
    stage_text = value.get("stage") or ""
    notes = [n for n in (value.get("note"), region.note) if n]
    record = {
        "allocation_id": allocation_id(file.sha256, unit["locator"]),
        **_region_fields(region.code or "", regions),
        "body": parse_body(body_text) or body_text,
        "recipient_unit": unit_name,
        "stage": column.stage or parse_stage(stage_text) or stage_text,
        "amount_idr": amount.amount.value,
        "amount_precision_idr": amount.amount.precision,
        "approximate": amount.amount.approximate,
        "as_of": date.date,
        "amount_text": amount_text,
        "source_url": value.get("source_url") or default_source,
        "source_file": file.path,
        "row_number": unit["row_number"],
        "locator": unit["locator"],
        "evidence": unit["line_text"],
        "region_as_written": name or None,
        "note": "; ".join(notes) or None,
        "flags": [*amount.amount.flags, *(["weekday-mismatch"] if date.weekday_mismatch else [])],
    }
    return record, []


def _region_fields(code: str, regions: dict[str, dict[str, str]]) -> dict:
    """A record's region columns: from the roster, or what the code itself says."""
    region = regions.get(code)
    level = region["level"] if region else level_of_code(code)
    return {
        "region_code": code,
        "region_name": region["region_name"] if region else None,
        "province_code": region["province_code"] if region else None,
        "grantor_level": level,
        "election": ELECTION_OF_LEVEL.get(level) if level else None,
    }


def _problem(
    rule_id: str,
    column: str | None,
    observed: str,
    detail: str | None,
    expected: str | None = "",
) -> dict:
    return {
        "rule_id": rule_id,
        "column": column,
        "observed": observed,
        "expected": expected,
        "detail": detail,
    }
