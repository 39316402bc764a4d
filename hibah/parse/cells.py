"""A table's cells read one at a time, as both table readers read them: the row reader
(ingest/tabular/records.py) for each row, the bulk loader (bulk_load/values.py) once for
each distinct value of a register."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from hibah.parse.amounts import Amount, AmountParseError, parse_amount
from hibah.parse.dates import DateParseError, read_date
from hibah.parse.regions import Gazetteer, describe


@dataclass(frozen=True)
class CellRead:
    """What a cell holds, or ``problem``: why it cannot be read."""

    amount: Amount | None = None
    date: dt.date | None = None
    weekday_mismatch: bool = False
    problem: str | None = None


@dataclass(frozen=True)
class RegionRead:
    """The region of a row's code and name cells: its code, or the rule it breaks."""

    code: str | None
    rule_id: str | None = None
    expected: str | None = None
    detail: str | None = None
    note: str | None = None


def read_amount_cell(text: str, scale: str | None) -> CellRead:
    """An amount cell, in the scale its header states when the cell names none
    ("Nilai (Rp juta)": 651 → 651 juta)."""
    to_parse = f"{text} {scale}" if scale and not any(ch.isalpha() for ch in text) else text
    try:
        return CellRead(amount=parse_amount(to_parse))
    except AmountParseError as exc:
        return CellRead(problem=str(exc))


def read_date_cell(text: str) -> CellRead:
    try:
        mention = read_date(text.strip())
    except DateParseError as exc:
        return CellRead(problem=str(exc))
    return CellRead(date=mention.date, weekday_mismatch=mention.weekday_ok is False)


def read_region_cells(
    code: str | None, name: str | None, system: str | None, gazetteer: Gazetteer | None
) -> RegionRead:
    """The region of a code (in the code system its header names, or either) checked
    against its name, or found by its name alone; as written when there is no gazetteer."""
    if gazetteer is None:
        return RegionRead(code)
    if code:
        reading = gazetteer.read_code(code, name or "", system)
        return RegionRead(
            reading.code or code, reading.rule_id, reading.expected, reading.detail, reading.note
        )
    if name:
        found = gazetteer.match(name)
        if found.code:
            return RegionRead(found.code, note=f"region from its name: {describe(found)}")
        return RegionRead(None, "region-unresolved")
    return RegionRead("")
