"""Rows into records: each unit (a row, or a wide table's amount cell) becomes a candidate
record, a reject with the rule it broke, or a skip with its reason."""

from __future__ import annotations

import json
import re

import pandas as pd

from hibah.ingest.files import RawFile
from hibah.ingest.tabular.header import _find_header
from hibah.ingest.tabular.model import Column, Sheet, TableRead, allocation_id
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

_TOTALS = re.compile(r"^\s*(jumlah|total|sub\s*total|grand\s*total)\b", re.IGNORECASE)


def _read_sheet(
    file: RawFile,
    sheet: Sheet,
    regions: dict[str, dict[str, str]],
    gazetteer: Gazetteer | None,
) -> TableRead:
    header_first, header_at, columns, header_labels, repeated = _find_header(file, sheet)
    where = f"{file.path}" + (f": sheet {sheet.name!r}" if sheet.name else "")
    notes = [
        (
            "header-repeated",
            f"{where}: the header names {label!r} more than once; the columns "
            f"are kept apart, the second as {label + ' (2)'!r}: check which one holds the figure",
        )
        for label in repeated
    ]
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
                _base(unit)
                | {
                    "rule_id": "row-malformed",
                    "column": None,
                    "observed": str(len(cells)),
                    "expected": str(len(header_labels)),
                }
            )
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
                file,
                unit,
                value,
                padded[column.index].strip(),
                column,
                regions,
                gazetteer,
                default_source,
            )
            if problems:
                rejects.extend(_base(unit) | p for p in problems)
            else:
                records.append(record)
    peers = [
        Amount(
            r["amount_idr"],
            r["approximate"],
            r["amount_precision_idr"],
            False,
            (),
            r["amount_text"],
        )
        for r in records
    ]
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
    amount = None
    to_parse = amount_text
    if column.scale and not re.search(r"[a-zA-Z]", amount_text):
        to_parse = f"{amount_text} {column.scale}"  # "Nilai (Rp juta)": 651 → 651 juta
    try:
        amount = parse_amount(to_parse)
    except AmountParseError as exc:
        problems.append(
            {
                "rule_id": "amount-unreadable",
                "column": "amount",
                "observed": amount_text,
                "expected": "",
                "detail": str(exc),
            }
        )
    as_of, date_flags = None, []
    if value.get("as_of"):
        try:
            mention = read_date(value["as_of"])
            as_of = mention.date
            date_flags = ["weekday-mismatch"] if mention.weekday_ok is False else []
        except DateParseError as exc:
            problems.append(
                {
                    "rule_id": "date-unreadable",
                    "column": "as_of",
                    "observed": value["as_of"],
                    "expected": "",
                    "detail": str(exc),
                }
            )
    code, system = _code_cell(value)
    name = value.get("region_name", "")
    region_note = None
    if code and gazetteer is not None:
        reading = gazetteer.read_code(code, name, system)
        if reading.rule_id:
            problems.append(
                {
                    "rule_id": reading.rule_id,
                    "column": "region_code",
                    "observed": code,
                    "expected": reading.expected,
                    "detail": reading.detail,
                }
            )
        code, region_note = reading.code or code, reading.note
    elif not code and name and gazetteer is not None:
        found = gazetteer.match(name)
        if found.code:
            code, region_note = found.code, f"region from its name: {describe(found)}"
        else:
            problems.append(
                {
                    "rule_id": "region-unresolved",
                    "column": "region_name",
                    "observed": name,
                    "expected": "",
                    "detail": amount_text,
                }
            )
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
