"""Builders: frames in, great-tables objects out. Pure, so they are tested on small frames.

Source-derived text (names as written, outlets, evidence, messages) goes into cells as plain
strings, which great-tables escapes. The only markup passed through (`fmt_markdown`) is
links this module writes itself from validated values: amounts it formats, Kemendagri codes
(digits and a dot), bodies and stages from the fixed vocabulary, rule ids (`finding_links`),
and publication addresses, escaped into an attribute or else as text (`source_link`). The
sources table's group headings pass through too, so their labels are escaped there
(`build_sources`).

One module a kind of table: cells (formatting and links), comparison, run (summary, files,
findings), sources (conflicts, tranches, each figure's records)."""

from __future__ import annotations

from hibah.reports.tables.cells import (
    NOT_DISCLOSED,
    STAGE_LABELS,
    anchor,
    breakable,
    date_text,
    figure_link,
    finding_anchor,
    finding_href,
    finding_links,
    format_idr,
    markdown_text,
    province_page,
    shown_evidence,
    source_link,
    sources_page,
    wib,
)
from hibah.reports.tables.comparison import (
    BODY_COLOURS,
    DISPUTE_RULE,
    bar,
    build_body_totals,
    build_comparison,
    build_national,
    comparison_frame,
    disputed_cell,
    national_frame,
)
from hibah.reports.tables.run import (
    PASS_FILL,
    SEVERITY_EDGE,
    SEVERITY_FILL,
    SEVERITY_ORDER,
    build_changes,
    build_files,
    build_findings,
    build_not_disclosed,
    build_quarantine,
    build_rule_overview,
    build_run_summary,
    build_statuses,
    not_disclosed_frame,
    rule_overview_frame,
)
from hibah.reports.tables.sources import (
    OVER_COLOUR,
    TRANCHE_COLOURS,
    _tranche_bar,
    build_conflicts,
    build_sources,
    build_tranches,
)

__all__ = [
    "BODY_COLOURS",
    "DISPUTE_RULE",
    "NOT_DISCLOSED",
    "OVER_COLOUR",
    "PASS_FILL",
    "SEVERITY_EDGE",
    "SEVERITY_FILL",
    "SEVERITY_ORDER",
    "STAGE_LABELS",
    "TRANCHE_COLOURS",
    "_tranche_bar",
    "anchor",
    "bar",
    "breakable",
    "build_body_totals",
    "build_changes",
    "build_comparison",
    "build_conflicts",
    "build_files",
    "build_findings",
    "build_national",
    "build_not_disclosed",
    "build_quarantine",
    "build_rule_overview",
    "build_run_summary",
    "build_sources",
    "build_statuses",
    "build_tranches",
    "comparison_frame",
    "date_text",
    "disputed_cell",
    "figure_link",
    "finding_anchor",
    "finding_href",
    "finding_links",
    "format_idr",
    "markdown_text",
    "national_frame",
    "not_disclosed_frame",
    "province_page",
    "rule_overview_frame",
    "shown_evidence",
    "source_link",
    "sources_page",
    "wib",
]
