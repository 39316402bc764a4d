"""The findings and quarantine of the rows of bulk registers that fail, written in SQL in
the shape validate.py gives any other table's."""

from __future__ import annotations

import duckdb
import pandas as pd

from hibah.duck import scalar
from hibah.schemas.sql import ident, literal
from hibah.validate import finding_text


def write_failures(
    con: duckdb.DuckDBPyConnection, observed: dict[str, tuple[str, str]], run_id: str
) -> None:
    """Each failing (row, rule) of line_groups_numbered into audit.findings, each failing
    row into audit.quarantine, as validate.py writes those of any other table. Messages
    are written by Python once per distinct (rule, observed, expected, detail)."""
    if not _list_failures(con, observed):
        return
    _write_texts(con)
    con.execute(
        """
        create temp table line_findings as
        select
            $run_id as run_id, f.rule_id, t.severity, t.message, f.column_name, f.observed,
            t.expected_text as expected, null as allocation_id, f.source_file, f.row_number,
            f.locator, f.evidence, f.rule_pos,
            left(sha256(f.rule_id || '|' || f.source_file || '|'
                || coalesce(nullif(f.evidence, ''), f.observed)), 16) as fingerprint
        from line_failures as f
        inner join line_texts as t using (rule_id, observed, expected, detail)
        """,
        {"run_id": run_id},
    )
    con.execute(
        """
        insert into audit.findings by name
        select * exclude (rule_pos) from line_findings
        order by source_file, row_number, rule_pos
        """
    )
    con.execute(
        """
        insert into audit.quarantine by name
        select
            any_value(run_id) as run_id, null as allocation_id, source_file, row_number,
            locator, list(rule_id order by rule_pos) as rule_ids,
            list(message order by rule_pos) as reasons,
            first(observed order by rule_pos) filter (where column_name = 'amount')
                as amount_text,
            any_value(evidence) as evidence
        from line_findings
        group by source_file, row_number, locator
        order by source_file, row_number
        """
    )
    for table in ("line_findings", "line_texts", "line_failures"):
        con.execute(f"drop table {table}")


def _list_failures(con: duckdb.DuckDBPyConnection, observed: dict[str, tuple[str, str]]) -> int:
    """line_failures: one row per failing (row, rule), with the column, value, expectation
    and detail its message is written from. Returns how many (none: the table is dropped)."""
    column = " ".join(f"when {literal(r)} then {literal(c)}" for r, (c, _) in observed.items())
    value = " ".join(f"when {literal(r)} then {ident('observed ' + r)}" for r in observed)
    con.execute(
        f"""
        create temp table line_failures as
        with failures as (
            select *, unnest(rules) as rule_id, generate_subscripts(rules, 1) as rule_pos
            from line_groups_numbered
            where len(rules) > 0
        )
        select
            source_file, first_row::integer as row_number,
            locator_prefix || 'row ' || first_row || locator_suffix as locator,
            evidence, rule_id, rule_pos,
            case when rule_id = region_rule_id then 'region_code'
                else case rule_id {column} end end as column_name,
            coalesce(case when rule_id = region_rule_id then region_observed
                else case rule_id {value} end end, '') as observed,
            coalesce(case when rule_id = region_rule_id then region_expected end, '')
                as expected,
            coalesce(case when rule_id = region_rule_id then region_detail
                when rule_id = 'amount-unreadable' then amount_detail
                when rule_id = 'date-unreadable' then date_detail
                when rule_id = 'grantor-level-mismatch' then region_code end, '') as detail
        from failures
        """
    )
    n = scalar(con, "select count(*) from line_failures")
    if not n:
        con.execute("drop table line_failures")
    return n


def _write_texts(con: duckdb.DuckDBPyConnection) -> None:
    """line_texts: severity and message of each distinct failure, by validate.finding_text."""
    texts = [
        (rule_id, value, expected, detail, *finding_text(rule_id, value, expected, detail))
        for rule_id, value, expected, detail in con.execute(
            "select distinct rule_id, observed, expected, detail from line_failures"
        ).fetchall()
    ]
    frame = pd.DataFrame(
        texts,
        columns=[
            "rule_id",
            "observed",
            "expected",
            "detail",
            "severity",
            "message",
            "expected_text",
        ],
    )
    con.register("line_texts_frame", frame)
    con.execute("create temp table line_texts as select * from line_texts_frame")
    con.unregister("line_texts_frame")
