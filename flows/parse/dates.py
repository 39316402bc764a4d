"""Dates as Indonesian tables and releases write them (the forms a spreadsheet cell holds)."""

from __future__ import annotations

import datetime as dt
import re

MONTHS: dict[str, int] = {
    "januari": 1, "jan": 1,
    "februari": 2, "pebruari": 2, "feb": 2, "peb": 2,
    "maret": 3, "mar": 3,
    "april": 4, "apr": 4,
    "mei": 5,
    "juni": 6, "jun": 6,
    "juli": 7, "jul": 7,
    "agustus": 8, "agu": 8, "agt": 8, "ags": 8, "agus": 8,
    "september": 9, "sep": 9, "sept": 9,
    "oktober": 10, "okt": 10, "oct": 10,
    "november": 11, "nov": 11, "nop": 11, "nopember": 11,
    "desember": 12, "des": 12, "dec": 12,
}  # fmt: skip

_NUMERIC = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_WORDS = re.compile(r"^(\d{1,2})\s+([a-z]+)\.?\s+(\d{4})$")


class DateParseError(ValueError):
    """The text is not a date this parser can read without guessing."""


def parse_date(text: str) -> dt.date:
    """Read ``31/10/2024``, ``31-10-2024``, ``2024-10-31`` or ``31 Oktober 2024``."""
    s = re.sub(r"\s+", " ", str(text or "").strip().lower())
    if not s:
        raise DateParseError("empty date")
    try:
        if m := _ISO.match(s):
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
        if m := _NUMERIC.match(s):
            return dt.date(int(m[3]), int(m[2]), int(m[1]))
        if (m := _WORDS.match(s)) and m[2] in MONTHS:
            return dt.date(int(m[3]), MONTHS[m[2]], int(m[1]))
    except ValueError as exc:  # 31/02/2024 and the like
        raise DateParseError(f"no such date: {text!r}") from exc
    raise DateParseError(f"cannot read date {text!r}")
