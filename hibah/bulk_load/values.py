"""Each distinct value of a register (region, body, stage, date, an amount SQL could not
read) read once, by the parsers every table uses, into the raw.read_* tables; and the
record checks that concern one such value run once per value, on those tables."""

from __future__ import annotations

import duckdb
import pandas as pd

from hibah.duck import insert_frame
from hibah.ingest.bulk import BulkPlan
from hibah.parse.amounts import AmountParseError, parse_amount
from hibah.parse.dates import DateParseError, read_date
from hibah.parse.regions import Gazetteer, describe
from hibah.parse.vocabulary import parse_body, parse_stage
from hibah.schemas.sql import literal

_BIGINT_MAX = 2**63 - 1

# Where each record column a check reads comes from: checks on a column read once per
# distinct value (region, body, stage, date) run once per value, on the reading tables.
_VALUE_TABLES = {
    "region_code": ("raw.region_readings", "raw.read_regions", ("code_text", "name_text")),
    "grantor_level": ("raw.region_readings", "raw.read_regions", ("code_text", "name_text")),
    "election": ("raw.region_readings", "raw.read_regions", ("code_text", "name_text")),
    "body": ("raw.read_bodies", "raw.read_bodies", ("body_text",)),
    "stage": ("raw.read_stages", "raw.read_stages", ("stage_text",)),
    "as_of": ("raw.read_dates", "raw.read_dates", ("date_text",)),
}


def check_values(con: duckdb.DuckDBPyConnection, checks: list[tuple[str, str | None, str]]):
    """Run the checks whose columns all come from one reading table on that table, once per
    distinct value, and store the rules each value fails in its ``rules`` column. Returns
    the names of the checks so run; the others run on every row."""
    placed: dict[tuple, list[tuple[str, str]]] = {}
    for name, column, predicate in checks:
        columns = [column] if column else ["region_code", "grantor_level", "election"]
        tables = {_VALUE_TABLES.get(c) for c in columns}
        table = tables.pop() if len(tables) == 1 else None
        if table is not None:
            placed.setdefault(table, []).append((name, predicate))
    for (view, table, keys), found in placed.items():
        # a region that could not be read is reported as such, not by the checks as well
        guard = "rule_id is null and " if table == "raw.read_regions" else ""
        cases = ", ".join(f"case when {guard}{p} then {literal(n)} end" for n, p in found)
        match = " and ".join(f"t.{k} is not distinct from v.{k}" for k in keys)
        con.execute(
            f"""
            update {table} as t
            set rules = v.rules
            from (
                select source_file, {", ".join(keys)},
                       list_filter([{cases}], lambda rule: rule is not null) as rules
                from {view}
            ) as v
            where t.source_file = v.source_file and {match}
            """
        )
    return {name for found in placed.values() for name, _ in found}


def read_values(con: duckdb.DuckDBPyConnection, plan: BulkPlan, gazetteer: Gazetteer | None):
    """Each distinct value of the register read once, by the parsers every table uses."""
    file = plan.file.path
    params = {"file": file}

    def distinct(sql: str) -> list[tuple]:
        return con.execute(sql, params).fetchall()

    regions = []
    for code, name in distinct(
        f"select distinct {_trimmed('region_code_text')}, {_trimmed('region_name_text')} "
        "from raw.line_rows where source_file = $file"
    ):
        regions.append(
            {"source_file": file, "code_text": code, "name_text": name}
            | _read_region(code, name, plan.code_system, gazetteer)
        )
    insert_frame(con, "raw.read_regions", pd.DataFrame(regions))
    bodies = [
        {"source_file": file, "body_text": text, "body": parse_body(text) or text}
        for (text,) in distinct(
            "select distinct coalesce("
            f"{_trimmed('body_text')}, {_trimmed('recipient_unit_text')}, '') "
            "from raw.line_rows where source_file = $file"
        )
    ]
    insert_frame(con, "raw.read_bodies", pd.DataFrame(bodies))
    stages = [
        {
            "source_file": file,
            "stage_text": text,
            "stage": plan.amount_stage or parse_stage(text) or text,
        }
        for (text,) in distinct(
            f"select distinct coalesce({_trimmed('stage_text')}, '') from raw.line_rows "
            "where source_file = $file"
        )
    ]
    insert_frame(con, "raw.read_stages", pd.DataFrame(stages))
    dates = []
    for (text,) in distinct(
        # keyed as written: the build's checks join each row to its date
        "select distinct as_of_text from raw.line_rows "
        "where source_file = $file and trim(as_of_text) <> ''"
    ):
        try:
            mention = read_date(text.strip())
            dates.append(
                {
                    "as_of": mention.date,
                    "weekday_mismatch": mention.weekday_ok is False,
                    "detail": None,
                }
            )
        except DateParseError as exc:
            dates.append({"as_of": None, "weekday_mismatch": False, "detail": str(exc)})
        dates[-1] |= {"source_file": file, "date_text": text}
    insert_frame(con, "raw.read_dates", pd.DataFrame(dates))
    amounts = []
    for (text,) in distinct(
        f"select distinct {_trimmed('amount_text')} as t from raw.line_rows "
        "where source_file = $file and amount_sql is null and t is not null"
    ):
        amounts.append(
            {"source_file": file, "amount_text": text} | _read_amount(text, plan.amount_scale)
        )
    insert_frame(con, "raw.read_amounts", pd.DataFrame(amounts))


def _trimmed(column: str) -> str:
    """A cell as raw.line_values_of reads it: trimmed, and null when empty."""
    return f"nullif(trim({column}), '')"


def _read_region(code, name, system, gazetteer) -> dict:
    """The row reader's region reading (ingest/tabular/records.py `_record`), for one value."""
    out = {"region_code": code, "rule_id": None, "expected": None, "detail": None, "note": None}
    if gazetteer is None:
        return out
    if code:
        reading = gazetteer.read_code(code, name or "", system)
        return out | {
            "region_code": reading.code or code,
            "rule_id": reading.rule_id,
            "expected": reading.expected,
            "detail": reading.detail,
            "note": reading.note,
        }
    if name:
        found = gazetteer.match(name)
        if found.code:
            return out | {
                "region_code": found.code,
                "note": f"region from its name: {describe(found)}",
            }
        return out | {"region_code": None, "rule_id": "region-unresolved"}
    return out | {"region_code": ""}


def _read_amount(text: str, scale: str | None) -> dict:
    to_parse = f"{text} {scale}" if scale and not any(ch.isalpha() for ch in text) else text
    try:
        amount = parse_amount(to_parse)
    except AmountParseError as exc:
        return {
            "amount_idr": None,
            "precision_idr": None,
            "approximate": None,
            "flags": [],
            "detail": str(exc),
        }
    if abs(amount.value) > _BIGINT_MAX:
        return {
            "amount_idr": None,
            "precision_idr": None,
            "approximate": None,
            "flags": [],
            "detail": "more digits than any amount can have",
        }
    return {
        "amount_idr": amount.value,
        "precision_idr": amount.precision,
        "approximate": amount.approximate,
        "flags": list(amount.flags),
        "detail": None,
    }
