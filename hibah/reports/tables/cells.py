"""Cells: amounts, dates, links, anchors and evidence as the tables show them, each escaped
or built from validated values; and the faster frame great-tables fills cells into."""

from __future__ import annotations

import html
import json
import re
from urllib.parse import urlparse

import pandas as pd
from great_tables import _tbl_data

from hibah.parse.amounts import rupiah
from hibah.parse.vocabulary import BODIES, STAGES, is_province_code, is_region_code

# great-tables reads and fills a table one cell at a time, each with a pandas `.iloc`
# lookup (about 60 µs to set, 5 µs to read), and fills into a frame of pandas' "string" dtype,
# which validates every value it is given. Reading and filling took more than half the time
# of drawing the site. Here the frame it fills is of object dtype and each cell is read and
# set with `.iat` (about 2 µs and 6 µs): the same pages (tests/test_reports.py draws them
# both ways), drawn in half the time. These are great-tables' own hooks for a kind of frame
# (singledispatch functions of its _tbl_data module), replaced for pandas frames only.
FAST_CELLS = True


def _empty_cells(frame: pd.DataFrame) -> pd.DataFrame:
    if not FAST_CELLS:
        return _plain["create_empty_frame"](frame)
    return pd.DataFrame(pd.NA, index=frame.index, columns=frame.columns, dtype=object)


def _get_cell(frame: pd.DataFrame, row: int, column: str):
    if not FAST_CELLS:
        return _plain["_get_cell"](frame, row, column)
    return frame.iat[row, _position(frame, column)]


def _set_cell(frame: pd.DataFrame, row: int, column: str, value) -> None:
    if not FAST_CELLS:
        return _plain["_set_cell"](frame, row, column, value)
    frame.iat[row, _position(frame, column)] = value


def _position(frame: pd.DataFrame, column: str) -> int:
    position = frame.columns.get_loc(column)
    if not isinstance(position, int):  # as great-tables: a name must be one column's
        raise ValueError(f"Column named {column} matches multiple columns.")
    return position


_HOOKS = {"create_empty_frame": _empty_cells, "_get_cell": _get_cell, "_set_cell": _set_cell}
_plain = {}  # great-tables' own, for pandas frames
# Its private API: a release without these hooks draws its own (slower) way, and
# tests/test_reports.py fails until they are looked at again.
if all(hasattr(_tbl_data, name) for name in _HOOKS):
    for name, hook in _HOOKS.items():
        dispatcher = getattr(_tbl_data, name)
        _plain[name] = dispatcher.dispatch(pd.DataFrame)
        dispatcher.register(pd.DataFrame, hook)


NOT_DISCLOSED = "tidak diungkap"


STAGE_LABELS = {
    "nphd": "NPHD (perjanjian hibah)",
    "budget": "Anggaran (budget)",
    "tranche_1": "Tahap I (tranche 1)",
    "tranche_2": "Tahap II (tranche 2)",
    "disbursed": "Pencairan (disbursed)",
    "realized": "Realisasi (realized)",
    "returned": "Pengembalian (returned)",
}


def wib(moment) -> str:
    """A run's time as auditors read it: Western Indonesia Time, to the minute."""
    stamp = pd.Timestamp(moment)
    if stamp.tzinfo is None:
        stamp = stamp.tz_localize("UTC")
    return stamp.tz_convert("Asia/Jakarta").strftime("%Y-%m-%d %H:%M WIB")


def format_idr(value) -> str | None:
    """Rp13.825.543.000; None for a missing figure."""
    if value is None or pd.isna(value):
        return None
    return rupiah(int(value))


def anchor(region_code: str, body: str, stage: str) -> str:
    """Id of a figure's source list: f-65-03-KPU-nphd. Built from validated values only."""
    if not is_region_code(region_code) or body not in BODIES or stage not in STAGES:
        raise ValueError(f"not a figure key: {region_code!r} {body!r} {stage!r}")
    return f"f-{region_code.replace('.', '-')}-{body}-{stage}"


def sources_page(province_code: str) -> str:
    if not is_province_code(province_code):
        raise ValueError(f"not a province code: {province_code!r}")
    return f"sources-{province_code}.html"


def province_page(province_code: str) -> str:
    if not is_province_code(province_code):
        raise ValueError(f"not a province code: {province_code!r}")
    return f"province-{province_code}.html"


def figure_link(value, region_code: str, body: str, stage: str) -> str | None:
    """A formatted amount linking to the records that make it up."""
    text = format_idr(value)
    if text is None:
        return None
    href = f"{sources_page(region_code[:2])}#{anchor(region_code, body, stage)}"
    return f"[{text}]({href})"


_RULE_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


_ALLOCATION_ID = re.compile(r"^[0-9a-f]{16}$")


def finding_anchor(rule_id: str, allocation_id: str) -> str:
    """Id of one finding on findings.html: finding-<rule>-<record>. Validated values only."""
    if not _RULE_ID.match(str(rule_id)) or not _ALLOCATION_ID.match(str(allocation_id)):
        raise ValueError(f"not a finding key: {rule_id!r} {allocation_id!r}")
    return f"finding-{rule_id}-{allocation_id}"


def finding_href(rule_id: str, allocation_id, listed: frozenset) -> str:
    """Where a record's finding is: its own row on findings.html when the page lists it,
    else the rule's section (which says where the rest are)."""
    if not _RULE_ID.match(str(rule_id)):
        raise ValueError(f"not a rule id: {rule_id!r}")
    if (rule_id, allocation_id) in listed:
        return f"findings.html#{finding_anchor(rule_id, allocation_id)}"
    return f"findings.html#rule-{rule_id}"


def finding_links(rule_ids, allocation_id=None, listed: frozenset = frozenset()) -> str:
    """Markdown links from a record to the findings of the rules that flag it. Rule ids come
    from the rule catalogue; anything else is refused."""
    ids = list(rule_ids) if rule_ids is not None and not isinstance(rule_ids, float) else []
    return " · ".join(f"[⚑ {r}]({finding_href(r, allocation_id, listed)})" for r in ids)


def date_text(values) -> list[str]:
    """Dates as 2024-10-31; a missing date as an empty cell."""
    out = []
    for v in values:
        missing = v is None or (not isinstance(v, str) and pd.isna(v))
        out.append("" if missing else str(v)[:10])
    return out


def breakable(text) -> str:
    """A long address that may wrap after / - _ ? & = (a zero-width space; still plain text)."""
    if not isinstance(text, str):
        return ""
    return re.sub(r"([/\-_?&=.])", "\\1\u200b", text)


def shown_evidence(evidence, cells=None, url=None) -> str:
    """The original text of a record as a reader takes it in: a table row as its cells by
    header ("Kode Wilayah: 65.03 · Nilai: 34 miliar rupiah"), not the raw line with its
    separators; the address is left out where the page shows it beside. Plain text."""
    if isinstance(cells, str) and cells:
        try:
            by_header = json.loads(cells)
        except ValueError:
            by_header = None
        if isinstance(by_header, dict):
            shown = [
                f"{k}: {v}"
                for k, v in by_header.items()
                if isinstance(v, str) and v.strip() and v.strip() != (url or "")
            ]
            if shown:
                return " · ".join(shown)
    return evidence if isinstance(evidence, str) else ""


_HOST = re.compile(r"^[A-Za-z0-9.\-]+(:\d+)?$")


def markdown_text(text: str) -> str:
    """Any text as markdown that renders exactly as that text: every ASCII punctuation
    character backslash-escaped (CommonMark), so nothing in it becomes markup."""
    return re.sub(r"([!-/:-@\[-`{-~])", r"\\\1", text)


def source_link(url) -> str:
    """A publication's address as a short link (its host, then …) instead of a URL wrapped
    over ten lines; markdown for `fmt_markdown`. A link is made only of an http(s) address
    with a plain host name, the address escaped into the attribute; anything else is shown
    as text (`markdown_text`)."""
    if not isinstance(url, str) or not url:
        return ""
    parts = urlparse(url)
    if parts.scheme not in ("http", "https") or not _HOST.match(parts.netloc):
        return markdown_text(url)
    label = parts.netloc.removeprefix("www.")
    more = "/…" if parts.path.strip("/") or parts.query else ""
    href = html.escape(url, quote=True)
    return f'<a href="{href}" title="{href}" rel="noreferrer">{label}{more}</a>'


def _evidence_column(frame: pd.DataFrame, with_url: bool = False) -> list[str]:
    """`shown_evidence` for each row of a frame with evidence (and cells, source_url)."""
    cells = frame["cells"] if "cells" in frame else [None] * len(frame)
    urls = frame["source_url"] if with_url and "source_url" in frame else [None] * len(frame)
    return [shown_evidence(e, c, u) for e, c, u in zip(frame["evidence"], cells, urls, strict=True)]
