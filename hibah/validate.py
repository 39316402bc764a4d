"""Record-level validation: the Pandera model over the parsed records, and the mapping of
every failure (parse, schema, file) into findings and quarantine.

A record with an ``error`` finding is quarantined with all its reasons; warnings stay on
loaded records. Nothing here touches the warehouse.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd
import pandera.pandas as pa

from hibah.catalogue import RULES, message
from hibah.parse.amounts import MAX_PLAUSIBLE_IDR, dotted
from hibah.parse.vocabulary import STAGES
from hibah.schemas.allocation import (
    ALLOCATION_COLUMNS,
    CALENDAR_END,
    CALENDAR_START,
    allocation_schema,
)

# Columns that travel with a record beyond the schema's.
EXTRA_COLUMNS = ["region_as_written", "note", "flags"]
RECORD_COLUMNS = ALLOCATION_COLUMNS + EXTRA_COLUMNS
FINDING_COLUMNS = [
    "rule_id",
    "severity",
    "message",
    "column_name",
    "observed",
    "expected",
    "allocation_id",
    "region_code",
    "region_name",
    "body",
    "stage",
    "source_file",
    "row_number",
    "locator",
    "evidence",
    "fingerprint",
]
QUARANTINE_COLUMNS = [
    "allocation_id",
    "source_file",
    "row_number",
    "locator",
    "rule_ids",
    "reasons",
    "region_code",
    "body",
    "stage",
    "amount_text",
    "evidence",
]
_STRING_COLUMNS = [
    "allocation_id",
    "region_code",
    "region_name",
    "province_code",
    "grantor_level",
    "election",
    "body",
    "recipient_unit",
    "stage",
    "amount_text",
    "source_url",
    "source_file",
    "locator",
    "evidence",
    "region_as_written",
    "note",
]
_EXPECTED = {
    "stage-unknown": ", ".join(STAGES),
    "amount-implausible": dotted(MAX_PLAUSIBLE_IDR),
    "date-outside-calendar": f"{CALENDAR_START} .. {CALENDAR_END}",
}


@dataclass
class Validated:
    allocations: pd.DataFrame  # RECORD_COLUMNS, valid records only
    quarantine: pd.DataFrame  # QUARANTINE_COLUMNS
    findings: pd.DataFrame  # FINDING_COLUMNS


def records_frame(records: Iterable[dict] | pd.DataFrame) -> pd.DataFrame:
    """Records (dicts, or a frame of them) with the dtypes the schema expects, whatever rows
    (or none) there are."""
    if isinstance(records, pd.DataFrame):
        df = records.reindex(columns=RECORD_COLUMNS)
    else:
        df = pd.DataFrame(list(records), columns=RECORD_COLUMNS)
    for col in _STRING_COLUMNS:
        df[col] = df[col].astype("str")
    for col in ("amount_idr", "amount_precision_idr", "row_number"):
        df[col] = df[col].astype("int64")
    df["approximate"] = df["approximate"].astype("bool")
    df["as_of"] = df["as_of"].astype("object").where(df["as_of"].notna(), None)
    df["flags"] = df["flags"].map(lambda v: list(v) if isinstance(v, list | tuple) else [])
    return df.reset_index(drop=True)


def validate_records(
    records: pd.DataFrame,
    rejects: Iterable[dict],
    region_codes: Iterable[str],
    file_findings: Iterable[dict] = (),
) -> Validated:
    """Run the schema over ``records``; fold parse rejects and file problems in."""
    records = records.reset_index(drop=True)
    findings: list[dict] = [dict(f) for f in file_findings]
    failures = _schema_failures(records, region_codes)

    failed_ids = set()
    for idx, rule_id, column, observed in failures:
        row = records.loc[idx]
        failed_ids.add(row["allocation_id"])
        detail = row["region_code"] if rule_id == "grantor-level-mismatch" else ""
        findings.append(_finding(rule_id, row, column=column, observed=observed, detail=detail))

    quarantine = [
        *_quarantine_from_records(records, findings, failed_ids),
        *_quarantine_from_rejects(list(rejects), findings),
    ]
    valid = records[~records["allocation_id"].isin(failed_ids)].reset_index(drop=True)
    return Validated(
        allocations=valid,
        quarantine=pd.DataFrame(quarantine, columns=QUARANTINE_COLUMNS),
        findings=pd.DataFrame(findings, columns=FINDING_COLUMNS),
    )


def reject_findings(rejects: list[dict]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(quarantine, findings) for units refused before they became records (a register read
    in bulk reports its failing rows this way)."""
    findings: list[dict] = []
    quarantine = _quarantine_from_rejects(rejects, findings)
    return (
        pd.DataFrame(quarantine, columns=QUARANTINE_COLUMNS),
        pd.DataFrame(findings, columns=FINDING_COLUMNS),
    )


def file_finding(rule_id: str, source_file: str, observed: str, expected: str = "") -> dict:
    """A finding about a whole file (unreadable, unsupported, without provenance)."""
    row = {
        "allocation_id": None,
        "source_file": source_file,
        "row_number": None,
        "locator": "file",
        "evidence": "",
    }
    return _finding(rule_id, row, column=None, observed=observed, expected=expected)


def _schema_failures(
    records: pd.DataFrame, region_codes: Iterable[str]
) -> list[tuple[int, str, str | None, str]]:
    """(row index, rule id, column, observed) for every failing check, once per row."""
    if records.empty:
        return []
    schema = allocation_schema(region_codes)
    try:
        schema.validate(records[ALLOCATION_COLUMNS], lazy=True)
    except pa.errors.SchemaErrors as exc:
        cases = exc.failure_cases
    else:
        return []
    unknown = set(cases["check"].astype(str)) - set(RULES)
    if unknown:
        # A dtype or column failure means the reader built a bad frame: a bug, not data.
        raise RuntimeError(f"schema failures outside the rule catalogue: {sorted(unknown)}")
    out: dict[tuple[int, str], tuple[int, str, str | None, str]] = {}
    for case in cases.itertuples(index=False):
        idx, rule_id = int(case.index), str(case.check)
        column = case.column if rule_id != "grantor-level-mismatch" else "grantor_level"
        observed = records.at[idx, column] if column in records else case.failure_case
        out.setdefault((idx, rule_id), (idx, rule_id, column, _text(observed)))
    return [
        v
        for (idx, rule_id), v in out.items()
        if not (rule_id in SUPERSEDED_BY and (idx, SUPERSEDED_BY[rule_id]) in out)
    ]


# A rule not reported on a row where another fails too: a code not written as a code is not
# also unknown. Registers read in bulk drop them alike (`superseded_sql`).
SUPERSEDED_BY = {"region-unknown": "region-code-format"}


def superseded_sql(rules: str) -> str:
    """SQL of the list ``rules`` (an expression) without the rules `SUPERSEDED_BY` drops."""
    kept = " and ".join(
        f"not (rule = '{rule}' and list_contains({rules}, '{by}'))"
        for rule, by in SUPERSEDED_BY.items()
    )
    return f"list_filter({rules}, lambda rule: {kept})"


def _quarantine_from_records(
    records: pd.DataFrame, findings: list[dict], failed_ids: set[str]
) -> list[dict]:
    errors: dict[str, list[dict]] = {}
    for f in findings:
        if f["allocation_id"] in failed_ids and f["severity"] == "error":
            errors.setdefault(f["allocation_id"], []).append(f)
    out = []
    for _, row in records[records["allocation_id"].isin(failed_ids)].iterrows():
        found = errors[row["allocation_id"]]
        out.append(
            {
                "allocation_id": row["allocation_id"],
                "source_file": row["source_file"],
                "row_number": int(row["row_number"]),
                "locator": row["locator"],
                "rule_ids": [f["rule_id"] for f in found],
                "reasons": [f["message"] for f in found],
                "region_code": row["region_code"],
                "body": row["body"],
                "stage": row["stage"],
                "amount_text": row["amount_text"],
                "evidence": row["evidence"],
            }
        )
    return out


def _quarantine_from_rejects(rejects: list[dict], findings: list[dict]) -> list[dict]:
    by_row: dict[tuple[str, int], list[dict]] = {}
    for reject in rejects:
        row = {"allocation_id": None, "locator": f"row {reject['row_number']}"} | reject
        finding = _finding(
            reject["rule_id"],
            row,
            column=reject.get("column"),
            observed=reject.get("observed", ""),
            expected=reject.get("expected", ""),
            detail=reject.get("detail", ""),
        )
        findings.append(finding)
        key = (reject["source_file"], row["locator"])
        by_row.setdefault(key, []).append(
            finding | {"evidence": reject["evidence"], "row_number": reject["row_number"]}
        )
    return [
        {
            "allocation_id": None,
            "source_file": source_file,
            "row_number": found[0]["row_number"],
            "locator": locator,
            "rule_ids": [f["rule_id"] for f in found],
            "reasons": [f["message"] for f in found],
            "region_code": None,
            "body": None,
            "stage": None,
            "amount_text": next(
                (f["observed"] for f in found if f["column_name"] == "amount"), None
            ),
            "evidence": found[0]["evidence"],
        }
        for (source_file, locator), found in by_row.items()
    ]


def _finding(
    rule_id: str,
    row,
    *,
    column: str | None,
    observed: str,
    expected: str = "",
    detail: str = "",
) -> dict:
    severity, text, expected = finding_text(rule_id, observed, expected, detail)
    evidence = _text(row["evidence"])
    key = "|".join([rule_id, _text(row["source_file"]), evidence or _text(observed)])
    row_number = row["row_number"]
    return {
        "rule_id": rule_id,
        "severity": severity,
        "message": text,
        "column_name": column,
        "observed": _text(observed),
        "expected": expected,
        "allocation_id": _none(row["allocation_id"]),
        "source_file": row["source_file"],
        "row_number": None if _none(row_number) is None else int(row_number),
        "locator": row["locator"],
        "evidence": evidence,
        "fingerprint": hashlib.sha256(key.encode()).hexdigest()[:16],
    }


def finding_text(rule_id: str, observed, expected: str, detail: str) -> tuple[str, str, str]:
    """(severity, message, expected) of a finding: what its rule says of these values. The
    fingerprint is sha256 of rule id | file | evidence (or, without evidence, observed),
    cut to 16 hex digits; hibah/bulk_load/ computes it in SQL alike."""
    expected = expected or _EXPECTED.get(rule_id, "")
    text = message(rule_id, observed=observed, expected=expected, detail=detail)
    return RULES[rule_id].severity, text, expected


def _none(value):
    return None if value is None or (isinstance(value, float) and pd.isna(value)) else value


def _text(value) -> str:
    value = _none(value)
    return "" if value is None else str(value)
