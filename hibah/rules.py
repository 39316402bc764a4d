"""The SQL rule catalogue: one file per rule under sql/rules/, named after its id.

Each file starts with a header of ``-- key: value`` lines (id, title, severity, message,
legal-basis, params) and selects the rows that fail, with the columns ``allocation_id,
region_code, body, stage, observed, expected, difference, detail``; zero rows means the
rule holds. `run_rules` runs them all against a warehouse connection with bound parameters
and returns findings in the shape of audit.findings.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd

from hibah.catalogue import RULES, SEVERITIES
from hibah.parse.amounts import rupiah
from hibah.validate import FINDING_COLUMNS

SQL_RULES = Path(__file__).resolve().parent / "sql" / "rules"  # the repository's sql/rules
OUTPUT_COLUMNS = [
    "allocation_id",
    "region_code",
    "body",
    "stage",
    "observed",
    "expected",
    "difference",
    "detail",
]
HEADER_KEYS = ("id", "title", "severity", "message", "legal-basis", "params")

# The rules' parameters: name -> (default, what it means). A run may override any value;
# the run's values go into audit.parameters, which rules, marts and reports read.
PARAMETERS: dict[str, tuple[object, str]] = {
    "conflict_min_relative": (
        0.01,
        "A conflict is material from this share of the larger figure ...",
    ),
    "conflict_min_absolute": (10_000_000, "... and from this many rupiah."),
    "tranche_1_share": (
        0.40,
        "Share of the NPHD tranche 1 pays (Permendagri 41/2020: 40%).",
    ),
    "tranche_share_tolerance": (0.05, "How far tranche 1's share may stray from it."),
    "tranche_2_deadline": (
        "2024-06-27",
        "Tranche 2 paid by this date: five months before voting day, 27 November 2024.",
    ),
    "default_anchor_date": (
        "2025-01-10",
        "Start of the months for the remainder and the report where "
        "raw/reference/anchors.csv has no date of the region's own: the reported due dates "
        "of 10 April 2025 (Karanganyar, Penajam Paser Utara) put the proposal to ratify the "
        "winners on 10 January 2025.",
    ),
    "return_months": (3, "Months after the anchor date to return the remainder and report."),
    "scale_factor": (300, "A figure this many times off its peers' median is a scale suspect."),
    "scale_min_peers": (3, "Peers needed before a scale suspicion is raised."),
    "voter_cost_factor": (
        3.0,
        "Cost per voter this many times off its peers' median is an outlier.",
    ),
    "voter_min_peers": (3, "Peers needed before a per-voter outlier is raised."),
}
DEFAULT_PARAMS: dict[str, object] = {name: value for name, (value, _) in PARAMETERS.items()}


def parameters_frame(params: dict[str, object] | None = None) -> pd.DataFrame:
    """The run's parameter values (defaults, overridden by ``params``), as audit.parameters."""
    unknown = sorted(set(params or {}) - set(PARAMETERS))
    if unknown:
        raise ValueError(f"unknown rule parameter(s): {', '.join(unknown)}")
    values = DEFAULT_PARAMS | (params or {})
    return pd.DataFrame(
        [
            {"name": n, "value": str(values[n]), "description": d}
            for n, (_, d) in PARAMETERS.items()
        ],
        columns=["name", "value", "description"],
    )


class RuleFileError(ValueError):
    """A rule file whose header is missing or malformed."""


@dataclass(frozen=True)
class SqlRule:
    id: str
    title: str
    severity: str
    message: str
    legal_basis: str
    params: tuple[str, ...]
    sql: str
    path: Path = field(compare=False)


def load_rules(folder: Path = SQL_RULES) -> list[SqlRule]:
    """Every rule file, its header checked; raises `RuleFileError` naming the file.
    A rule's id is its file name, so ids are unique by construction."""
    return [parse_rule(path) for path in sorted(folder.glob("*.sql"))]


# The schemas a rule may read: what was read and checked, and the views on it built before
# any rule runs. Never audit (the findings it would read are being written) nor marts (they
# read the findings).
RULE_READS = ("raw", "core", "intermediate")


def sql_code(sql: str) -> str:
    """SQL without its comments and with its quoted text emptied: what it reads."""
    code = "\n".join(line.split("--", 1)[0] for line in sql.splitlines())
    return re.sub(r"'(?:[^']|'')*'", "''", code)


def reads(sql: str) -> list[str]:
    """The schemas a query names (comments and quoted text aside), in order of first mention."""
    found = re.findall(r"\b(raw|core|audit|intermediate|marts)\.[a-z_]", sql_code(sql))
    return list(dict.fromkeys(found))


def parse_rule(path: Path) -> SqlRule:
    text = path.read_text(encoding="utf-8")
    header: dict[str, str] = {}
    for line in text.splitlines():
        m = re.match(r"^--\s*([a-z-]+):\s?(.*)$", line)
        if not m:
            break
        header[m.group(1)] = m.group(2).strip()
    missing = [k for k in HEADER_KEYS if k not in header]
    if missing:
        raise RuleFileError(f"{path.name}: header lacks {', '.join(missing)}")
    if header["id"] != path.stem:
        raise RuleFileError(f"{path.name}: id {header['id']!r} does not match the file name")
    if header["severity"] not in SEVERITIES:
        raise RuleFileError(
            f"{path.name}: severity {header['severity']!r} is not one of {SEVERITIES}"
        )
    if not header["message"]:
        raise RuleFileError(f"{path.name}: empty message")
    read = sorted(set(reads(text)) - set(RULE_READS))
    if read:
        raise RuleFileError(
            f"{path.name}: reads {', '.join(read)}; a rule reads only "
            f"{', '.join(RULE_READS)} (findings flow one way: rules → audit.findings → marts)"
        )
    params = tuple(p.strip() for p in header["params"].split(",") if p.strip())
    used = set(re.findall(r"\$([a-z_][a-z0-9_]*)", text))
    if used != set(params):
        raise RuleFileError(
            f"{path.name}: params header {sorted(params)} but the query uses {sorted(used)}"
        )
    return SqlRule(
        header["id"],
        header["title"],
        header["severity"],
        header["message"],
        header["legal-basis"],
        params,
        text,
        path,
    )


def run_rule(
    con: duckdb.DuckDBPyConnection, rule: SqlRule, params: dict[str, object] | None = None
) -> pd.DataFrame:
    """The failing rows of one rule, in OUTPUT_COLUMNS order."""
    values = DEFAULT_PARAMS | (params or {})
    bound = {name: values[name] for name in rule.params}
    frame = con.execute(rule.sql, bound).df() if bound else con.execute(rule.sql).df()
    missing = [c for c in OUTPUT_COLUMNS if c not in frame.columns]
    if missing:
        raise RuleFileError(f"{rule.path.name}: result lacks column(s) {', '.join(missing)}")
    return frame[OUTPUT_COLUMNS]


def stored_parameters(con: duckdb.DuckDBPyConnection) -> dict[str, object]:
    """The parameter values in the warehouse's audit.parameters, each of its default's type."""
    stored = dict(con.execute("select name, value from audit.parameters").fetchall())
    return {name: _as_type_of(DEFAULT_PARAMS[name], value) for name, value in stored.items()}


def _as_type_of(default: object, value: str) -> object:
    """``value`` (stored as text) read as the type of the parameter's default."""
    kind: type = type(default)
    return kind(value)


def run_rules(
    con: duckdb.DuckDBPyConnection, params: dict[str, object] | None = None
) -> pd.DataFrame:
    """Findings of every SQL rule, with messages, locations and fingerprints. Parameters
    are those in the warehouse's audit.parameters unless ``params`` is given."""
    if params is None:
        params = stored_parameters(con)
    names = dict(con.execute("select region_code, region_name from core.regions").fetchall())
    allocations = (
        con.execute(
            "select allocation_id, source_file, row_number, locator, evidence, amount_text, "
            "coalesce(source_url, source_file) as source from core.allocations"
        )
        .df()
        .set_index("allocation_id")
    )
    rows = []
    for rule in load_rules():
        for hit in run_rule(con, rule, params).to_dict("records"):
            rows.append(_finding(rule, hit, names, allocations))
    return pd.DataFrame(rows, columns=FINDING_COLUMNS)


def _finding(rule: SqlRule, hit: dict, names: dict[str, str], allocations: pd.DataFrame) -> dict:
    hit = {k: (None if _missing(v) else v) for k, v in hit.items()}
    allocation = (
        allocations.loc[hit["allocation_id"]]
        if hit["allocation_id"] and hit["allocation_id"] in allocations.index
        else None
    )
    fields = {
        "region_name": names.get(hit["region_code"], hit["region_code"] or ""),
        "body": hit["body"] or "",
        "stage": hit["stage"] or "",
        "observed": _money(hit["observed"]),
        "expected": _money(hit["expected"]),
        "difference": _money(hit["difference"]),
        "detail": hit["detail"] or "",
    }
    # The business key: what the finding is about, not where it was read this time.
    source = allocation["source"] if allocation is not None else ""
    amount_text = allocation["amount_text"] if allocation is not None else ""
    key = "|".join(
        str(x or "")
        for x in (
            rule.id,
            hit["region_code"],
            hit["body"],
            hit["stage"],
            source,
            amount_text,
            hit["observed"] if allocation is None else "",
        )
    )
    return {
        "rule_id": rule.id,
        "severity": rule.severity,
        "message": rule.message.format(**fields),
        "column_name": None,
        "observed": None if hit["observed"] is None else str(hit["observed"]),
        "expected": None if hit["expected"] is None else str(hit["expected"]),
        "allocation_id": hit["allocation_id"],
        "region_code": hit["region_code"],
        "region_name": None,  # filled for every finding of the run from core.regions
        "body": hit["body"],
        "stage": hit["stage"],
        "source_file": allocation["source_file"] if allocation is not None else None,
        "row_number": int(allocation["row_number"]) if allocation is not None else None,
        "locator": allocation["locator"] if allocation is not None else hit["region_code"],
        "evidence": allocation["evidence"] if allocation is not None else None,
        "fingerprint": hashlib.sha256(key.encode()).hexdigest()[:16],
    }


def _missing(value) -> bool:
    try:
        return value is None or bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _money(value) -> str:
    """Whole rupiah as Indonesians write them; anything else as it is."""
    if value is None:
        return ""
    text = str(value)
    return rupiah(int(text)) if re.fullmatch(r"-?\d{5,}", text) else text


def rule_catalogue() -> pd.DataFrame:
    """Every rule, reading/schema and SQL alike, in the shape of audit.rules."""
    rows = [
        {
            "rule_id": r.id,
            "severity": r.severity,
            "checked": "reading or schema",
            "title": r.title,
            "message": r.message,
            "legal_basis": None,
        }
        for r in RULES.values()
    ] + [
        {
            "rule_id": r.id,
            "severity": r.severity,
            "checked": "sql",
            "title": r.title,
            "message": r.message,
            "legal_basis": r.legal_basis or None,
        }
        for r in load_rules()
    ]
    return pd.DataFrame(rows)


def rules_markdown() -> str:
    """The README's rule table, from the rule catalogue and the SQL files' headers."""
    lines = ["| rule | severity | checked | what it catches |", "|---|---|---|---|"]
    for rule in RULES.values():
        lines.append(f"| `{rule.id}` | {rule.severity} | reading, schema | {rule.title} |")
    for sql_rule in load_rules():
        basis = f" Basis: {sql_rule.legal_basis}." if sql_rule.legal_basis else ""
        lines.append(
            f"| `{sql_rule.id}` | {sql_rule.severity} | SQL, "
            f"`sql/rules/{sql_rule.path.name}` | {sql_rule.title}.{basis} |"
        )
    return "\n".join(lines) + "\n"


def write_readme_table(readme: Path) -> None:
    """Replace the table between the README's rules markers with a fresh one."""
    text = readme.read_text(encoding="utf-8")
    start, end = "<!-- rules:start -->\n", "<!-- rules:end -->"
    head, rest = text.split(start, 1)
    tail = rest.split(end, 1)[1]
    readme.write_text(head + start + rules_markdown() + end + tail, encoding="utf-8")


if __name__ == "__main__":  # python -m hibah.rules [README.md]: print or refresh the table
    import sys

    if len(sys.argv) > 1:
        write_readme_table(Path(sys.argv[1]))
    else:
        print(rules_markdown(), end="")
