"""The record-level rules: stable ids, severities and message templates.

Reading files and the Pandera schema report failures by these ids; the dataset-level rules
live as SQL files under sql/rules/ (hibah/rules.py). The findings table, the quarantine and
the reports show the messages. A rule id never changes meaning once shipped:
saved queries and finding fingerprints depend on it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Rule:
    id: str
    severity: str  # error: record quarantined; warning: kept and flagged; info: review item
    title: str
    message: str  # str.format template over the finding's fields (column, observed, expected)


_RULES = [
    # Files
    Rule("file-unreadable", "error", "File cannot be read", "{observed}"),
    Rule(
        "file-outside-raw",
        "error",
        "File lies outside the raw folder",
        "{observed}: a link out of the raw folder; it is not read",
    ),
    Rule(
        "file-format-unsupported",
        "info",
        "File format not read yet",
        "{observed}: this kind of file is not read yet; its contents are not loaded",
    ),
    Rule(
        "file-duplicate",
        "info",
        "File repeats another byte for byte",
        "{observed}: the same bytes as {expected}; read once, as {expected}",
    ),
    Rule("sheet-without-table", "info", "Sheet holds no table of grant figures", "{observed}"),
    Rule(
        "published-date-unusable",
        "warning",
        "Publication date unusable",
        "{observed}; the text's own dates are read without it",
    ),
    Rule(
        "history-unavailable",
        "warning",
        "Previous warehouse unreadable: history restarts",
        "{observed}; run and finding history start again with this run",
    ),
    Rule("bytes-replaced", "warning", "Bytes without a character replaced", "{observed}"),
    Rule("header-repeated", "warning", "Header names a column twice", "{observed}"),
    Rule(
        "provenance-missing",
        "warning",
        "File has no provenance",
        "{observed} is not listed in raw/sources.csv: say where it came from",
    ),
    # Rows and cells
    Rule(
        "row-malformed",
        "error",
        "Row has the wrong number of cells",
        "row has {observed} cells, the header has {expected}",
    ),
    Rule(
        "amount-unreadable",
        "error",
        "Amount cannot be read",
        "amount {observed!r} cannot be read: {detail}",
    ),
    Rule(
        "date-unreadable",
        "error",
        "Date cannot be read",
        "date {observed!r} cannot be read: {detail}",
    ),
    Rule(
        "region-unresolved",
        "error",
        "No granting region found",
        "the text names no region that grants {observed}'s figure {detail}",
    ),
    Rule(
        "region-code-ambiguous",
        "error",
        "Region code reads as two regions",
        "region code {observed!r} is {expected}: {detail}",
    ),
    Rule(
        "region-code-conflict",
        "error",
        "Region code and name disagree",
        "region code {observed!r} is {expected}, but the row names {detail}",
    ),
    # Schema (named Pandera checks, schemas/allocation.py)
    Rule(
        "region-code-format",
        "error",
        "Region code is not a Kemendagri code",
        "region code {observed!r} is neither a Kemendagri code (65, 65.03) nor a BPS code "
        "in the bridge (6503)",
    ),
    Rule(
        "region-unknown",
        "error",
        "Region code not in the reference list",
        "region code {observed!r} is not in core.regions",
    ),
    Rule(
        "grantor-level-mismatch",
        "error",
        "Grantor level does not match the region code",
        "grantor level {observed!r} does not match region code {detail}",
    ),
    Rule(
        "body-unknown",
        "error",
        "Recipient body not recognised",
        "body {observed!r} is not one of KPU, Bawaslu, Polri, TNI",
    ),
    Rule(
        "stage-unknown",
        "error",
        "Stage not recognised",
        "stage {observed!r} is not one of {expected}",
    ),
    Rule(
        "amount-not-positive",
        "error",
        "Amount is zero or negative",
        "amount {observed} is not a positive number of rupiah",
    ),
    Rule(
        "amount-implausible",
        "error",
        "Amount is implausibly large",
        "amount {observed} exceeds {expected}, more than any single grant",
    ),
    Rule(
        "date-outside-calendar",
        "error",
        "Date outside the election calendar",
        "date {observed} is outside the 2024 election calendar ({expected})",
    ),
]

RULES: dict[str, Rule] = {r.id: r for r in _RULES}
SEVERITIES = ("error", "warning", "info")


def message(rule_id: str, **fields: object) -> str:
    """The rule's message filled from a finding's fields (missing fields read as '')."""
    rule = RULES[rule_id]
    values = {"observed": "", "expected": "", "detail": "", "column": ""} | fields
    return rule.message.format(**values)
