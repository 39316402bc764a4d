"""Each distinct value of a register (region, body, stage, date, an amount SQL could not
read) read once, by the parsers every table uses, into the raw.read_* tables; and the
record checks that concern one such value run once per value, on those tables."""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

import duckdb
import pandas as pd

from hibah.duck import insert_frame
from hibah.ingest.bulk import BulkPlan
from hibah.parse.cells import read_amount_cell, read_date_cell, read_region_cells
from hibah.parse.regions import Gazetteer
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


def read_values(
    con: duckdb.DuckDBPyConnection, plan: BulkPlan, file_id: int, gazetteer: Gazetteer | None
):
    """Each distinct value of the register (raw.line_files.file_id ``file_id``) read once, by
    the parsers every table uses."""
    labels = (  # amount headers that name a stage (a wide table's)
        plan.rows.stage_labels
        if plan.rows
        else {c.label.strip(): c.stage for c in plan.wide if c.stage}
    )
    readings = {
        "raw.read_regions": _Reading(
            "region_code_text, region_name_text",
            "true",
            f"{_trimmed('region_code_text')} as code_text, "
            f"{_trimmed('region_name_text')} as name_text",
            lambda code, name: _read_region(code, name, plan.code_system, gazetteer),
        ),
        "raw.read_bodies": _Reading(
            "body_text, recipient_unit_text",
            "true",
            f"coalesce({_trimmed('body_text')}, {_trimmed('recipient_unit_text')}, '') "
            "as body_text",
            lambda text: {"body": parse_body(text) or text},
        ),
        "raw.read_stages": _Reading(
            "stage_text",
            "true",
            f"coalesce({_trimmed('stage_text')}, '') as stage_text",
            lambda text: {
                "stage": plan.amount_stage or labels.get(text) or parse_stage(text) or text
            },
        ),
        "raw.read_dates": _Reading(  # keyed as written: the checks join each row to its date
            "as_of_text",
            "as_of_text is not null",
            "as_of_text as date_text",
            _read_date,
            kept=lambda text: bool(text.strip()),  # as `_trimmed` trims it
        ),
        "raw.read_amounts": _Reading(
            "amount_text",
            "amount_sql is null and amount_text is not null",
            f"{_trimmed('amount_text')} as amount_text",
            lambda text: _read_amount(text, plan.amount_scale),
            kept=lambda text: text is not None,
        ),
    }
    for table, reading in readings.items():
        cursor = con.execute(
            f"""
            select distinct {reading.values} from (
                select distinct {reading.cells} from raw.line_rows
                where file_id = $id and {reading.rows}
            )
            """,
            {"id": file_id},
        )
        names = [column[0] for column in cursor.description or ()]
        rows = [
            {
                "source_file": plan.file.path,
                **dict(zip(names, values, strict=True)),
                **reading.read(*values),
            }
            for values in cursor.fetchall()
            if reading.kept(*values)
        ]
        insert_frame(con, table, pd.DataFrame(rows))


class _Reading(NamedTuple):
    """How one reading table is filled from a register's rows: its distinct ``cells`` among
    the ``rows`` that have one, their ``values`` (the cells trimmed, `_trimmed`), each
    ``read`` by a parser if ``kept`` (all by default). Cells are trimmed once each distinct
    cell is found: trimming each of millions of rows would cost more than finding them (and
    a filter in SQL on the trimmed cell would be pushed below the distinct, onto every row).
    """

    cells: str
    rows: str
    values: str
    read: Callable[..., dict]
    kept: Callable[..., bool] = lambda *values: True


def _trimmed(column: str) -> str:
    """A cell as raw.line_values_of reads it: trimmed as Python strips it, null when empty."""
    return f"raw.trimmed({column})"


def _read_date(text: str) -> dict:
    read = read_date_cell(text)
    return {"as_of": read.date, "weekday_mismatch": read.weekday_mismatch, "detail": read.problem}


def _read_region(code, name, system, gazetteer) -> dict:
    read = read_region_cells(code, name, system, gazetteer)
    return {
        "region_code": read.code,
        "rule_id": read.rule_id,
        "expected": read.expected,
        "detail": read.detail,
        "note": read.note,
    }


def _read_amount(text: str, scale: str | None) -> dict:
    read = read_amount_cell(text, scale)
    amount, problem = read.amount, read.problem
    if amount is not None and abs(amount.value) > _BIGINT_MAX:
        amount, problem = None, "more digits than any amount can have"
    if amount is None:
        return {
            "amount_idr": None,
            "precision_idr": None,
            "approximate": None,
            "flags": [],
            "detail": problem,
        }
    return {
        "amount_idr": amount.value,
        "precision_idr": amount.precision,
        "approximate": amount.approximate,
        "flags": list(amount.flags),
        "detail": None,
    }
