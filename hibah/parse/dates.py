"""Dates as Indonesian tables and releases write them.

Cells: ``31/10/2024``, ``31-10-2024``, ``2024-10-31`` (``2024/10/31``, a time after it),
``31 Oktober 2024``, ``Kamis, 31/10/2024``, Excel's ``31-Okt-24`` and its day number ``45231``.
Prose: ``Kamis (31/10/2024)``, ``Senin (4/12/2023)``, ``(20/3)`` with the year taken from the
document date, ``Senin 2 Oktober 2023``, ``SENIN, 03 JULI 2023 | 23:11 WIB``, month
abbreviations (``Agt``, ``Okt``, ``Des``), ``Ahad`` for Sunday. A weekday that contradicts
its date is reported (``weekday_ok``), never silently trusted or dropped.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

MONTHS: dict[str, int] = {
    "januari": 1,
    "jan": 1,
    "februari": 2,
    "pebruari": 2,
    "feb": 2,
    "peb": 2,
    "maret": 3,
    "mar": 3,
    "april": 4,
    "apr": 4,
    "mei": 5,
    "juni": 6,
    "jun": 6,
    "juli": 7,
    "jul": 7,
    "agustus": 8,
    "agu": 8,
    "agt": 8,
    "agst": 8,
    "ags": 8,
    "agus": 8,
    "september": 9,
    "sep": 9,
    "sept": 9,
    "oktober": 10,
    "okt": 10,
    "oct": 10,
    "november": 11,
    "nov": 11,
    "nop": 11,
    "nopember": 11,
    "desember": 12,
    "des": 12,
    "dec": 12,
}
WEEKDAYS: dict[str, int] = {
    "senin": 0,
    "selasa": 1,
    "rabu": 2,
    "kamis": 3,
    "jumat": 4,
    "jum'at": 4,
    "jum\u2019at": 4,
    "sabtu": 5,
    "minggu": 6,
    "ahad": 6,
}

_WEEKDAY = r"(?P<weekday>senin|selasa|rabu|kamis|jum['\u2019]?at|sabtu|minggu|ahad)"
_MONTH = r"(?P<month_name>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_NUMERIC = r"(?P<d>\d{1,2})[/.-](?P<m>\d{1,2})(?:[/.-](?P<y>\d{4}|\d{2}))?"
_WORDS = r"(?P<wd>\d{1,2})\s+" + _MONTH + r"(?:\s+(?P<wy>\d{4}))?"
# A weekday, then the date directly, after a comma, or in parentheses.
_PROSE = re.compile(
    r"(?:\b" + _WEEKDAY + r"\s*,?\s*(?:\(\s*)?)?"
    r"(?:(?<![\d/.-])" + _NUMERIC + r"(?![\d/.-]*\d)(?:\s*\))?|\b" + _WORDS + r"\b)",
    re.IGNORECASE,
)


_YEAR_FIRST = re.compile(
    r"(\d{4})([-/])(\d{1,2})\2(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
)
_DAY_MONTH_YEAR = re.compile(r"(?P<day>\d{1,2})-(?P<month>[A-Za-z]{3,9})\.?-(?P<year>\d{2}|\d{4})")

_SERIAL = re.compile(r"(\d{5})(?:[.,]\d+)?")
_EXCEL_DAY_ZERO = dt.date(1899, 12, 30)  # Excel's day 0, its leap day of 1900 counted
_SERIALS = (
    (dt.date(2000, 1, 1) - _EXCEL_DAY_ZERO).days,
    (dt.date(2099, 12, 31) - _EXCEL_DAY_ZERO).days,
)


class DateParseError(ValueError):
    """The text is not a date this parser can read without guessing."""


@dataclass(frozen=True)
class DateMention:
    date: dt.date
    start: int
    end: int
    text: str
    weekday: str | None  # as written
    weekday_ok: bool | None  # None when no weekday was written
    year_inferred: bool  # "(20/3)": year taken from the document date


def find_dates(text: str, reference: dt.date | None = None) -> list[DateMention]:
    """Every date in a text. ``(20/3)`` needs ``reference`` (the document date) for its year."""
    out = []
    for m in _PROSE.finditer(text):
        numeric = m.group("d") is not None
        if (
            numeric
            and m.group("y") is None
            and not (m.group("weekday") or _in_parentheses(text, m.start("d")))
        ):
            continue  # a bare "4/12" in prose is too often a ratio or a score
        try:
            mention = _mention(m, reference)
        except DateParseError:
            continue
        if mention is not None:
            out.append(mention)
    return out


def parse_date(text: str, reference: dt.date | None = None) -> dt.date:
    """Read a cell holding one date (optionally with its weekday); raise when it cannot."""
    return read_date(text, reference).date


def read_date(text: str, reference: dt.date | None = None) -> DateMention:
    """Like `parse_date`, with the weekday check and where the year came from."""
    s = str(text or "").strip()
    if not s:
        raise DateParseError("empty date")
    # year first (a time after it, as databases and pandas write a date): 2024-10-31,
    # 2024/10/31, 2024-10-31 00:00:00, 2024-10-31T09:30:00
    iso = _YEAR_FIRST.fullmatch(s)
    if iso:
        date = _date(int(iso[1]), int(iso[3]), int(iso[4]), text)
        return DateMention(date, 0, len(s), s, None, None, False)
    # a month's name between hyphens, as Excel's dd-mmm-yy writes it: 31-Okt-24, 31-Oct-2024
    excel = _DAY_MONTH_YEAR.fullmatch(s)
    if excel and excel["month"].lower() in MONTHS:
        year = int(excel["year"]) + (2000 if len(excel["year"]) == 2 else 0)
        date = _date(year, MONTHS[excel["month"].lower()], int(excel["day"]), text)
        return DateMention(date, 0, len(s), s, None, None, False)
    # Excel's number for a date, as a CSV saved from a column not formatted as dates holds
    # it (45231 is 1 November 2023; a fraction is the time of day): 2000 to 2099 only
    serial = _SERIAL.fullmatch(s)
    if serial and _SERIALS[0] <= int(serial[1]) <= _SERIALS[1]:
        date = _EXCEL_DAY_ZERO + dt.timedelta(days=int(serial[1]))
        return DateMention(date, 0, len(s), s, None, None, False)
    m = _PROSE.search(s)
    rest = _PROSE.sub("", s, count=1) if m else s
    if not m or re.sub(r"[\s,()|:wib\d]", "", rest.lower()):
        raise DateParseError(f"cannot read date {text!r}")
    mention = _mention(m, reference)
    if mention is None:
        raise DateParseError(f"cannot read date {text!r}")
    return mention


def _mention(m: re.Match, reference: dt.date | None) -> DateMention | None:
    if m.group("d") is not None:
        day, month, year_text = int(m.group("d")), int(m.group("m")), m.group("y")
    else:
        day, month = int(m.group("wd")), MONTHS[m.group("month_name").lower()]
        year_text = m.group("wy")
    inferred = year_text is None
    weekday = m.group("weekday")
    stated = None if weekday is None else WEEKDAYS[weekday.lower().replace("\u2019", "'")]
    if inferred:
        if reference is None:
            return None
        date = _infer_year(day, month, reference, stated, m.group(0))
    else:
        year = int(year_text) + (2000 if len(year_text) == 2 else 0)
        if m.group("d") is not None and month > 12 >= day:  # 10/31/2024: not read, but said
            raise DateParseError(
                f"no such date: {m.group(0)!r} (month {month}; the month first, as US "
                "software writes dates, is not read)"
            )
        date = _date(year, month, day, m.group(0))
    ok = None if stated is None else stated == date.weekday()
    return DateMention(date, m.start(), m.end(), m.group(0), weekday, ok, inferred)


def _infer_year(
    day: int, month: int, reference: dt.date, weekday: int | None, text: str
) -> dt.date:
    """The year of "(20/3)": the document's, or the one before when that would put the date
    well after the document; a stated weekday that fits only the other year decides."""
    this_year = _date(reference.year, month, day, text)
    last_year = _date(reference.year - 1, month, day, text)
    candidates = [this_year, last_year]
    if (this_year - reference).days > 31:  # (reference + 31 days overflows at 9999-12-31)
        candidates.reverse()
    if weekday is not None:
        for candidate in candidates:
            if candidate.weekday() == weekday:
                return candidate
    return candidates[0]


def _date(year: int, month: int, day: int, text: str) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError as exc:
        raise DateParseError(f"no such date: {text!r}") from exc


def _in_parentheses(text: str, pos: int) -> bool:
    return text[:pos].rstrip().endswith("(")
