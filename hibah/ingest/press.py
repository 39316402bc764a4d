"""Press releases and news items (.txt, .md, .html) → allocation records.

Every amount in the text is one row for the accounting: it becomes a record, or is skipped
with the extractor's reason (a previous election's figure, a total split between bodies,
spending ...), or is quarantined (no granting region could be found).
"""

from __future__ import annotations

import bisect
import datetime as dt
import html
import re
from html.parser import HTMLParser

from hibah.ingest.files import RawFile, decode, replaced_note
from hibah.ingest.tabular import FileReadError, TableRead, allocation_id
from hibah.parse.press import PressRecord, Skipped, extract
from hibah.parse.regions import Gazetteer, describe
from hibah.parse.vocabulary import ELECTION_OF_LEVEL, level_of_code


class _Text(HTMLParser):
    """Visible text of an HTML page: block elements become line breaks; scripts dropped."""

    _BLOCKS = frozenset(
        {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "tr", "section", "article"}
    )

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        elif tag in self._BLOCKS:
            self.parts.append("\n\n")

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip = max(0, self._skip - 1)
        elif tag in self._BLOCKS:
            self.parts.append("\n\n")

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def document_text(file: RawFile, data: bytes | None = None) -> str:
    """The readable text of a press file: HTML reduced to its visible text."""
    text = decode(data if data is not None else file.abs_path.read_bytes())
    if file.format in ("html", "htm"):
        parser = _Text()
        parser.feed(text)
        text = html.unescape("".join(parser.parts))
        text = re.sub(r"[ \t]+", " ", text)
        text = re.sub(r"\n\s*\n(\s*\n)+", "\n\n", text).strip()
    # Text and Markdown are read as they stand, so character offsets point into the file.
    return text


TEXT_BUDGET = 500_000  # characters of text a press file is read to; a news item has ~5,000
# bytes of a press file, markup included, read at all: a news page is rarely over 2 MB, and
# parsing HTML costs about a second per 5 MB of tags
BYTES_BUDGET = 10_000_000


def read_press(file: RawFile, gazetteer: Gazetteer) -> TableRead:
    """Records, skips and rejects of one press file, one row per amount read. A text longer
    than `TEXT_BUDGET`, or a file over `BYTES_BUDGET`, is not read: `FileReadError` naming
    the budget (file-unreadable)."""
    data, text = _within_budget(file)
    published = _published(file)
    skipped: list[Skipped] = []
    records = extract(text, gazetteer, published, skipped)
    default_source = file.provenance.get("source_url") or None

    mentions = sorted(
        [(r.start, r) for r in records] + [(s.start, s) for s in skipped], key=lambda pair: pair[0]
    )
    rows, out, rejects, skips = [], [], [], []
    newlines = [m.start() for m in re.finditer("\n", text)]  # a mention's line by bisection
    for ordinal, (start, item) in enumerate(mentions, start=1):
        line = bisect.bisect_left(newlines, start) + 1
        amount_text = item.amount.text if isinstance(item, PressRecord) else item.text
        end = start + len(amount_text)
        locator = f"line {line}, chars {start}-{end}"
        rows.append(
            {
                "source_file": file.path,
                "row_number": ordinal,
                "locator": locator,
                "line_text": amount_text,
                "cells": None,
            }
        )
        base = {"source_file": file.path, "row_number": ordinal, "locator": locator}
        if isinstance(item, Skipped):
            reason = f"not a grant to one body: {item.reason}"
            skips.append(base | {"reason": reason, "evidence": _sentence_around(text, start)})
        elif "aggregate-figure" in item.flags:
            reason = "not a grant to one body: province-wide aggregate"
            skips.append(base | {"reason": reason, "evidence": item.sentence})
        elif not item.region.code:
            rejects.append(
                base
                | {
                    "evidence": item.sentence,
                    "rule_id": "region-unresolved",
                    "column": "region_code",
                    "observed": item.body,
                    "expected": "",
                    "detail": amount_text,
                }
            )
        else:
            out.append(_record(file, item, ordinal, locator, default_source))
    return TableRead(
        rows=rows,
        records=out,
        rejects=rejects,
        skipped=skips,
        notes=replaced_note(file, data),
    )


def _within_budget(file: RawFile) -> tuple[bytes, str]:
    """The file's bytes and text, or `FileReadError` naming the budget it is over."""
    size = file.abs_path.stat().st_size  # refused before a byte of it is read
    if size > BYTES_BUDGET:
        raise FileReadError(
            f"{file.path}: {size:,} bytes, more than the {BYTES_BUDGET:,} a press file "
            "is read to (no news page is that large); not read"
        )
    data = file.abs_path.read_bytes()
    text = document_text(file, data)
    if len(text) > TEXT_BUDGET:
        raise FileReadError(
            f"{file.path}: {len(text):,} characters of text, more than the {TEXT_BUDGET:,} a "
            "press text is read to (no news item is that long); not read"
        )
    return data, text


def _record(file: RawFile, r: PressRecord, ordinal: int, locator: str, source: str | None) -> dict:
    code = r.region.code
    assert code is not None  # records without one were quarantined by the caller
    level = level_of_code(code)
    return {
        "allocation_id": allocation_id(file.sha256, locator),
        "region_code": code,
        "region_name": r.region.name,
        "province_code": code.split(".")[0],
        "grantor_level": level,
        "election": ELECTION_OF_LEVEL.get(level) if level else None,
        "body": r.body,
        "recipient_unit": r.recipient_unit,
        "stage": r.stage,
        "amount_idr": r.amount.value,
        "amount_precision_idr": r.amount.precision,
        "approximate": r.amount.approximate,
        "as_of": r.as_of,
        "amount_text": r.amount.text,
        "source_url": source,
        "source_file": file.path,
        "row_number": ordinal,
        "locator": locator,
        "evidence": r.sentence,
        "region_as_written": None,
        "note": f"region: {describe(r.region)}; body: {BASIS_WORDS.get(r.basis, r.basis)}",
        "flags": list(r.flags),
    }


# How the body of a figure was found (PressRecord.basis), for the record's note.
BASIS_WORDS = {
    "left": "named before the figure",
    "right": "named after the figure",
    "pair": "paired in order (masing-masing)",
    "function": "the one of the function named (penyelenggaraan, pengawasan)",
    "carried": "that of the figure before",
    "anaphora": "the one pihaknya/lembaganya refers to",
    "previous sentence": "the only one the sentence before names",
    "next sentence": "the one the next sentence gives it (Dana sebesar itu untuk ...)",
    "document": "the only one the text names",
    "sum": "the one whose figure before the sentence's figures add up to",
}


EARLIEST_PUBLISHED = dt.date(2000, 1, 1)


def published_date(file: RawFile) -> tuple[dt.date | None, str | None]:
    """The publication date raw/sources.csv gives the file, and what is wrong with it: a
    date that cannot be read, or one before 2000 or more than a year ahead, is not used
    (the text's own dates are) and is said, for a finding (published-date-unusable)."""
    value = file.provenance.get("published", "").strip()
    if not value:
        return None, None
    try:
        date = dt.date.fromisoformat(value)
    except ValueError:
        return None, f"{file.path}: published {value!r} in sources.csv is not a date (YYYY-MM-DD)"
    latest = dt.date.today() + dt.timedelta(days=366)
    if not EARLIEST_PUBLISHED <= date <= latest:
        return None, f"{file.path}: published {value} in sources.csv cannot be right"
    return date, None


def _published(file: RawFile) -> dt.date | None:
    return published_date(file)[0]


def _sentence_around(text: str, pos: int) -> str:
    start = max(text.rfind(". ", 0, pos) + 2, text.rfind("\n", 0, pos) + 1, 0)
    end_candidates = [i for i in (text.find(". ", pos), text.find("\n", pos)) if i != -1]
    end = min(end_candidates) + 1 if end_candidates else len(text)
    return text[start:end].strip()
