"""Tables of grant figures (CSV, ``;`` ``,`` or tab separated) → rows as read + records.

Every cell is read as text and parsed by flows.parse; type inference never sees it (it
would turn region code ``65.10`` into ``65.1``). Each data row ends up as exactly one of:
a candidate record, a reject (with the rule it broke), or a skip (with its reason).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from dataclasses import dataclass

import pandas as pd

from flows.ingest.files import RawFile, decode, sniff_delimiter
from flows.parse.amounts import AmountParseError, parse_amount
from flows.parse.dates import DateParseError, read_date
from flows.parse.vocabulary import ELECTION_OF_LEVEL, level_of_code, parse_body, parse_stage

# Normalised header text → canonical field. Headers are lower-cased and reduced to words.
HEADER_ALIASES: dict[str, str] = {
    "no": "row_no", "nomor": "row_no", "no urut": "row_no",
    "kode wilayah": "region_code", "kode": "region_code", "kode kemendagri": "region_code",
    "kode daerah": "region_code", "kode pemda": "region_code",
    "pemerintah daerah": "region_name", "pemda": "region_name", "wilayah": "region_name",
    "daerah": "region_name", "nama daerah": "region_name", "pemberi hibah": "region_name",
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
}  # fmt: skip
REQUIRED_FIELDS = ("region_code", "stage", "amount")
_TOTALS = re.compile(r"^\s*(jumlah|total|sub\s*total|grand\s*total)\b", re.IGNORECASE)


class FileReadError(Exception):
    """A file that cannot be read as a table of grant figures; the message is one line."""


@dataclass
class TableRead:
    """What one table yielded; rows + records + rejects + skips cover every data row."""

    rows: pd.DataFrame  # every data row as read: source_file, row_number, line_text, cells
    records: pd.DataFrame  # candidate allocation records, with parse flags
    rejects: list[dict]  # rows refused while parsing, one entry per reason
    skipped: list[dict]  # rows skipped with a stated reason


def normalise_header(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


def read_table(
    file: RawFile, regions: dict[str, dict[str, str]], data: bytes | None = None
) -> TableRead:
    """Read one allocations table; raise `FileReadError` when it cannot be read at all."""
    text = decode(data if data is not None else file.abs_path.read_bytes())
    if not text.strip():
        raise FileReadError(f"{file.path}: file is empty")
    lines = text.splitlines()
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(text))
    try:
        header = next(reader)
    except (StopIteration, csv.Error) as exc:
        raise FileReadError(f"{file.path}: no header row ({exc})") from exc
    fields = [HEADER_ALIASES.get(normalise_header(h)) for h in header]
    missing = [f for f in REQUIRED_FIELDS if f not in fields]
    if "body" not in fields and "recipient_unit" not in fields:
        missing.append("body or recipient_unit")
    if missing:
        raise FileReadError(
            f"{file.path}: row 1: header {header!r} lacks column(s) for {', '.join(missing)}"
        )

    rows, records, rejects, skipped = [], [], [], []
    default_source = file.provenance.get("source_url", "") or None
    end = reader.line_num
    try:
        for cells in reader:
            start, end = end + 1, reader.line_num
            line_text = "\n".join(lines[start - 1 : end])
            rows.append(
                {
                    "source_file": file.path,
                    "row_number": start,
                    "line_text": line_text,
                    "cells": json.dumps(dict(zip(header, cells, strict=False)), ensure_ascii=False),
                }
            )
            base = {"source_file": file.path, "row_number": start, "evidence": line_text}
            if not any(c.strip() for c in cells):
                skipped.append(base | {"reason": "blank row"})
                continue
            if len(cells) != len(header):
                rejects.append(
                    base
                    | {
                        "rule_id": "row-malformed",
                        "column": None,
                        "observed": str(len(cells)),
                        "expected": str(len(header)),
                    }
                )
                continue
            value = {f: c.strip() for f, c in zip(fields, cells, strict=True) if f}
            if _is_totals_row(value, cells):
                skipped.append(base | {"reason": "totals row (not a grant)"})
                continue
            record, problems = _record(file, start, line_text, value, regions, default_source)
            if problems:
                rejects.extend(base | p for p in problems)
            else:
                records.append(record)
    except csv.Error as exc:
        raise FileReadError(f"{file.path}: row {end + 1}: {exc}") from exc

    return TableRead(
        rows=pd.DataFrame(rows, columns=["source_file", "row_number", "line_text", "cells"]),
        records=pd.DataFrame(records),
        rejects=rejects,
        skipped=skipped,
    )


def allocation_id(file_sha256: str, locator: str) -> str:
    """Stable id of a record: its file's content hash and its place in the file."""
    return hashlib.sha256(f"{file_sha256}:{locator}".encode()).hexdigest()[:16]


def _is_totals_row(value: dict[str, str], cells: list[str]) -> bool:
    labels = [value.get("region_name", ""), value.get("region_code", ""), cells[0]]
    return any(_TOTALS.match(label or "") for label in labels)


def _record(
    file: RawFile,
    row_number: int,
    line_text: str,
    value: dict[str, str],
    regions: dict[str, dict[str, str]],
    default_source: str | None,
) -> tuple[dict, list[dict]]:
    problems: list[dict] = []
    amount = None
    try:
        amount = parse_amount(value["amount"])
    except AmountParseError as exc:
        problems.append(
            {
                "rule_id": "amount-unreadable",
                "column": "amount",
                "observed": value["amount"],
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
    if problems:
        return {}, problems

    code = value["region_code"]
    region = regions.get(code)
    level = region["level"] if region else level_of_code(code)
    unit = value.get("recipient_unit") or None
    body_text = value.get("body") or unit or ""
    locator = f"row {row_number}"
    record = {
        "allocation_id": allocation_id(file.sha256, locator),
        "region_code": code,
        "region_name": region["region_name"] if region else None,
        "province_code": region["province_code"] if region else None,
        "grantor_level": level,
        "election": ELECTION_OF_LEVEL.get(level) if level else None,
        "body": parse_body(body_text) or body_text,
        "recipient_unit": unit,
        "stage": parse_stage(value["stage"]) or value["stage"],
        "amount_idr": amount.value,
        "amount_precision_idr": amount.precision,
        "approximate": amount.approximate,
        "as_of": as_of,
        "amount_text": value["amount"],
        "source_url": value.get("source_url") or default_source,
        "source_file": file.path,
        "row_number": row_number,
        "locator": locator,
        "evidence": line_text,
        "region_as_written": value.get("region_name") or None,
        "note": value.get("note") or None,
        "flags": [*amount.flags, *date_flags],
    }
    return record, []
