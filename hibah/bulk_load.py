"""Loading a register in bulk into the warehouse under construction (hibah/warehouse.py calls
this; it is the only other code that writes the warehouse).

One pass of DuckDB's CSV reader writes every data row's cells into raw.line_rows, with the
amount already read where SQL can read it. Python then reads each *distinct* region, body,
stage, date and remaining amount text once, with the same parsers every other table uses,
into the small raw.read_* tables; raw.line_records joins them back. The record checks are the
Pandera model's, compiled to SQL (schemas/sql.py); the rows of a line-item register are
checked in units of rows alike in every cell but the line item, amount, date and note, so
that a register of millions of lines costs one grouping scan. What fails is written to
audit.findings and audit.quarantine in SQL, in the shape validate.py gives any other table's
(messages by validate.finding_text, once per distinct rule and value).
"""

from __future__ import annotations

import duckdb
import pandas as pd

from hibah.duck import insert_frame, scalar
from hibah.ingest.bulk import BulkPlan, read_csv_sql
from hibah.ingest.files import scan_lines
from hibah.parse.amounts import AmountParseError, parse_amount
from hibah.parse.dates import DateParseError, read_date
from hibah.parse.regions import Gazetteer, describe
from hibah.parse.vocabulary import parse_body, parse_stage
from hibah.schemas.allocation import allocation_schema
from hibah.schemas.sql import failure_predicates, ident, literal
from hibah.validate import finding_text

_BIGINT_MAX = 2**63 - 1
# Amounts SQL reads exactly as hibah.parse.amounts does: an optional Rp/IDR, then plain
# digits, dot thousands or comma thousands, then an optional ",00" or ",-".
# tests/test_bulk.py holds SQL to the Python parser on generated text. A full match is
# cheap; extracting is not, so a text without a comma (dot thousands, plain digits: nearly
# every rupiah amount) loses its prefix and dots instead.
_SQL_AMOUNT_FORM = r"\s*(?:(?:[Rr][Pp]|IDR|idr)\.?\s*)?({number})(?:,0{{1,2}}|,-)?\s*".format(
    number=r"[0-9]{1,3}(?:\.[0-9]{3})+|[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+"
)


def sql_amount(col: str) -> str:
    """SQL reading the amount text ``col``: a bigint, or null for the Python parser."""
    return f"""case when regexp_full_match({col}, '{_SQL_AMOUNT_FORM}') then
        case when contains({col}, ',')
            then try_cast(replace(replace(regexp_extract({col}, '^{_SQL_AMOUNT_FORM}$', 1),
                '.', ''), ',', '') as bigint)
            else try_cast(replace(regexp_replace({col}, '^\\s*(?:[Rr][Pp]|IDR|idr)\\.?\\s*', ''),
                '.', '') as bigint)
        end
    end"""


TEXT_COLUMNS = {
    "region_code_text": ("region_code_kemendagri", "region_code_bps", "region_code"),
    "region_name_text": ("region_name",),
    "recipient_unit_text": ("recipient_unit",),
    "body_text": ("body",),
    "stage_text": ("stage",),
    "line_item_text": ("line_item",),
    "amount_text": ("amount",),
    "as_of_text": ("as_of",),
    "source_url_text": ("source_url",),
    "note_text": ("note",),
}


def load_register(
    con: duckdb.DuckDBPyConnection, plan: BulkPlan, gazetteer: Gazetteer | None
) -> tuple[list[dict], list[dict]]:
    """Load one register's rows; return (rejected units, skipped units) of the lines DuckDB
    did not read as rows (wrong width, blank, above the header), for raw.rows."""
    file = plan.file
    first_rowid = scalar(con, "select count(*) from raw.line_rows")
    rejects_table = "bulk_rejects"
    source, params = read_csv_sql(plan, rejects=rejects_table)
    cells = []
    for fields in TEXT_COLUMNS.values():
        index = next((plan.columns[f] for f in fields if f in plan.columns), None)
        # as written: raw.line_values_of trims, on the few units the checks read
        cells.append(f"c{index}" if index is not None else "null")
    amount = sql_amount(cells[6]) if plan.amount_scale is None else "null"
    con.execute(
        f"insert into raw.line_rows select $file, {', '.join(cells)}, {amount} from {source}",
        params | {"file": file.path},
    )
    n_rows = scalar(con, "select count(*) from raw.line_rows") - first_rowid
    rejected = con.execute(
        f"select line, any_value(error_type), any_value(csv_line) from {rejects_table} "
        "group by line order by line"
    ).fetchall()
    con.execute(f"drop table {rejects_table}")
    con.execute(f"drop table {rejects_table}_scan")
    blanks = []
    if plan.skip_lines + n_rows + len(rejected) != plan.scan.lines:
        # rows DuckDB did not return and did not reject: blank lines, which it skips
        blank_lines = plan.scan.blank_lines
        if blank_lines is None:
            blank_lines = scan_lines(file.abs_path).blank_lines or ()
        blanks = [line for line in blank_lines if line > plan.skip_lines]
    holes = sorted({*blanks, *(int(line) for line, _, _ in rejected)})
    con.execute(
        "insert into raw.line_files values ($file, $first, $n, $skip, $items, $stage, $scale, "
        "$source, $sha)",
        {
            "file": file.path,
            "first": first_rowid,
            "n": n_rows,
            "skip": plan.skip_lines,
            "items": plan.line_items,
            "stage": plan.amount_stage,
            "scale": plan.amount_scale,
            "source": file.provenance.get("source_url") or None,
            "sha": file.sha256,
        },
    )
    insert_frame(con, "raw.line_segments", _segments(file.path, plan.skip_lines, holes))
    _read_values(con, plan, gazetteer)

    rejects = [
        _unit(file.path, int(line), text or "")
        | {
            "rule_id": "row-malformed",
            "column": None,
            "observed": str(error_type),
            "expected": str(plan.width),
        }
        for line, error_type, text in rejected
    ]
    skipped = [
        _unit(file.path, number, as_read)
        | {"reason": "title row above the header" if any(c.strip() for c in row) else "blank row"}
        for number, row, as_read in plan.head.rows[:-1]  # the last is the header itself
    ] + [_unit(file.path, line, "") | {"reason": "blank row"} for line in blanks]
    return rejects, skipped


# The cells a unit of a line-item register is keyed by: rows alike in all of them (and
# whose own amount, date and line item pass) are checked and summed as one unit.
_UNIT_KEYS = (
    "source_file",
    "region_code_text",
    "region_name_text",
    "recipient_unit_text",
    "body_text",
    "stage_text",
    "source_url_text",
)


def check_and_sum(con: duckdb.DuckDBPyConnection, region_codes: list[str], run_id: str) -> None:
    """Check every data row of the bulk registers and write what follows: the figures into
    core.allocations (a line-item register's valid rows summed per region, body, stage,
    recipient and source; any other register's one by one), the rows not loaded into
    raw.line_status, and each failing row's findings into audit.findings and
    audit.quarantine (run ``run_id``), as validate.py writes those of other tables.

    The checks are the Pandera model's, compiled to SQL. They run in two steps, so that
    millions of line items cost one scan: the checks on a row's own amount, date and line
    item run on every row, as the rows of a line-item register are grouped into units of rows
    alike in every other cell (raw.line_values_of then reads each unit once); the checks
    on the other cells run on the units. A unit that fails or is skipped is split back
    into its rows. The rows of other registers are units of one row."""
    checks = failure_predicates(allocation_schema(region_codes))
    by_value = _check_values(con, checks)
    per_row = [(n, c, p) for n, c, p in checks if n not in by_value]
    on_amount = [p for _, c, p in per_row if c == "amount_idr"]
    _group_units(con, on_amount)
    con.execute(f"create temp table line_checked as {_checked_units_sql(per_row, 'line_units')}")
    split = scalar(
        con,
        "select count(*) from line_checked "
        "where n > 1 and (skip_reason is not null or len(rules) > 0)",
    )
    if split:
        _split_units(con, on_amount)
        con.execute(
            "delete from line_checked where n > 1 and (skip_reason is not null or len(rules) > 0)"
        )
        con.execute(f"insert into line_checked {_checked_units_sql(per_row, 'line_units_split')}")
        con.execute("drop table line_units_split")
    con.execute("drop table line_units")
    # rule → (the column its finding names, SQL of the value observed)
    observed = {
        "amount-unreadable": ("amount", "amount_text"),
        "date-unreadable": ("as_of", "as_of_text"),
        **{
            name: (column or "grantor_level", f"{ident(column or 'grantor_level')}::varchar")
            for name, column, _ in checks
        },
    }
    con.execute(
        f"""
        create temp table line_groups as
        with
        keyed as (
            select
                *,
                case when skip_reason is not null or len(rules) > 0 or not line_items
                    then ordinal end as single
            from line_checked
        )
        select
            source_file, single, region_code, body, stage, recipient_unit, source_url,
            any_value(line_items) as line_items,
            any_value(sha256) as sha256,
            any_value(skip_reason) as skip_reason,
            any_value(rules) as rules,
            {
            ", ".join(
                f"any_value({expr}) as {ident('observed ' + rule)}"
                for rule, (_, expr) in observed.items()
            )
        },
            any_value(amount_detail) as amount_detail,
            any_value(date_detail) as date_detail,
            any_value(region_rule_id) as region_rule_id,
            any_value(region_observed) as region_observed,
            any_value(region_expected) as region_expected,
            any_value(region_detail) as region_detail,
            any_value(region_name) as region_name,
            any_value(province_code) as province_code,
            any_value(grantor_level) as grantor_level,
            any_value(election) as election,
            sum(amount_idr)::bigint as amount_idr,
            max(amount_precision_idr)::bigint as amount_precision_idr,
            bool_or(approximate) as approximate,
            max(as_of) as as_of,
            any_value(amount_text) as amount_text,
            arg_min(evidence, ordinal) as evidence,
            any_value(region_as_written) as region_as_written,
            arg_min(note, ordinal) as note,
            coalesce(flatten(list(distinct flags)), []) as flags,
            sum(n)::bigint as n,
            min(ordinal) as first_ordinal,
            max(last_ordinal) as last_ordinal
        from keyed
        group by source_file, single, region_code, body, stage, recipient_unit, source_url
        """
    )
    con.execute("drop table line_checked")
    con.execute(
        """
        create temp table line_groups_numbered as
        select
            groups.*,
            (groups.first_ordinal + first.line_offset)::bigint as first_row,
            (groups.last_ordinal + last.line_offset)::bigint as last_row
        from line_groups as groups
        asof inner join raw.line_segments as first
            on groups.source_file = first.source_file
            and groups.first_ordinal >= first.first_ordinal
        asof inner join raw.line_segments as last
            on groups.source_file = last.source_file
            and groups.last_ordinal >= last.first_ordinal
        """
    )
    con.execute(
        """
        insert into raw.line_status
        select source_file, single, first_row, skip_reason, rules
        from line_groups_numbered
        where skip_reason is not null or len(rules) > 0
        """
    )
    con.execute(
        """
        insert into core.allocations by name
        select
            left(sha256(sha256 || ':' || case when line_items then concat_ws('|', region_code,
                body, stage, coalesce(recipient_unit, ''), coalesce(source_url, ''))
                else 'row ' || first_row end), 16) as allocation_id,
            region_code, region_name, province_code, grantor_level, election, body,
            recipient_unit, stage, amount_idr, amount_precision_idr, approximate, as_of,
            case when line_items then n || ' line items' else amount_text end as amount_text,
            source_url, source_file, first_row::integer as row_number,
            case when line_items
                then 'rows ' || first_row || '-' || last_row || ' (' || n || ' line items)'
                else 'row ' || first_row end as locator,
            case when line_items then 'sum of ' || n || ' line items, e.g. ' || evidence
                else evidence end as evidence,
            region_as_written, note, flags
        from line_groups_numbered
        where skip_reason is null and len(rules) = 0
        """
    )
    _write_failures(con, observed, run_id)
    con.execute("drop table line_groups_numbered")
    con.execute("drop table line_groups")


def _write_failures(
    con: duckdb.DuckDBPyConnection, observed: dict[str, tuple[str, str]], run_id: str
) -> None:
    """Each failing (row, rule) of line_groups_numbered into audit.findings, each failing
    row into audit.quarantine, as validate.py writes those of any other table. Messages
    are written by Python once per distinct (rule, observed, expected, detail)."""
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
            source_file, first_row::integer as row_number, 'row ' || first_row as locator,
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
    if not scalar(con, "select count(*) from line_failures"):
        con.execute("drop table line_failures")
        return
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


def _row_units_sql(on_amount: list[str], rows: str = "raw.line_rows") -> str:
    """raw.line_rows with each row's date and ``prechecked``: a line item whose amount SQL
    read and passes the checks on the amount, whose date (if any) reads and passes its
    checks, and that is no totals row. ``rows``: raw.line_rows or a part of it."""
    amount_fails = " or ".join(on_amount) or "false"
    return f"""
        select rows.*, dates.as_of, dates.weekday_mismatch,
            files.line_items and rows.amount_sql is not null
                and not raw.is_totals_text(rows.line_item_text)
                and not coalesce({amount_fails}, false)
                and (rows.as_of_text is null or (dates.as_of is not null
                     and coalesce(len(dates.rules), 0) = 0)) as prechecked
        from (select *, amount_sql as amount_idr from {rows}) as rows
        inner join raw.line_files as files using (source_file)
        left join raw.read_dates as dates
            on dates.source_file = rows.source_file and dates.date_text = rows.as_of_text
    """


def _group_units(con: duckdb.DuckDBPyConnection, on_amount: list[str]) -> None:
    """line_units: the prechecked rows grouped by _UNIT_KEYS, every other row alone; each
    unit carries its first row's line item, amount text and note (for its evidence)."""
    keys = ", ".join(_UNIT_KEYS)
    con.execute(
        f"""
        create temp table line_units as
        select
            {keys},
            arg_min(line_item_text, row_id) as line_item_text,
            arg_min(amount_text, row_id) as amount_text,
            arg_min(note_text, row_id) as note_text,
            arg_min(as_of_text, row_id) as as_of_text,
            sum(amount_sql) as amount_sql,
            min(row_id) as row_id,
            max(row_id) as last_row_id,
            count(*) as n,
            bool_and(prechecked) as prechecked,
            case when bool_and(prechecked) then max(as_of) end as as_of,
            case when bool_and(prechecked) then bool_or(weekday_mismatch) end
                as weekday_mismatch
        from ({_row_units_sql(on_amount, "(select *, rowid as row_id from raw.line_rows)")}) as rows
        group by {keys}, case when prechecked then null else row_id end
        """
    )


def _split_units(con: duckdb.DuckDBPyConnection, on_amount: list[str]) -> None:
    """line_units_split: the rows of the units of many rows that fail or are skipped, as
    units of one row each, so that each row is reported with its own line."""
    match = " and ".join(f"rows.{k} is not distinct from units.{k}" for k in _UNIT_KEYS)
    con.execute(
        f"""
        create temp table line_units_split as
        with
        split as (
            select units.* from line_units as units
            semi join line_checked as checked
                on checked.source_file = units.source_file and checked.row_id = units.row_id
                and checked.n > 1
                and (checked.skip_reason is not null or len(checked.rules) > 0)
        ),
        split_rows as (
            select rows.*, rows.rowid as row_id from raw.line_rows as rows
            semi join split as units on {match}
        )
        select
            {", ".join(f"rows.{k}" for k in _UNIT_KEYS)},
            rows.line_item_text, rows.amount_text, rows.note_text, rows.as_of_text,
            rows.amount_sql, rows.row_id, rows.row_id as last_row_id, 1::bigint as n,
            true as prechecked, null::date as as_of, null::boolean as weekday_mismatch
        from ({_row_units_sql(on_amount, "split_rows")}) as rows
        where rows.prechecked
        """
    )


def _checked_units_sql(per_row: list[tuple[str, str | None, str]], units: str) -> str:
    """raw.line_values_of the table ``units`` with the rules each fails: the per-value rules
    (raw.read_*.rules) and the checks that run on each unit. A prechecked unit has passed
    the checks on the amount row by row, so they are not run on its sum."""

    def check(column: str | None, predicate: str) -> str:
        return f"(not prechecked and {predicate})" if column == "amount_idr" else predicate

    cases = [
        "case when amount_unreadable then 'amount-unreadable' end",
        "case when date_unreadable then 'date-unreadable' end",
        "region_rule_id",
        *(f"case when {check(c, p)} then {literal(n)} end" for n, c, p in per_row),
    ]
    failing = " or ".join(
        [
            "amount_unreadable",
            "date_unreadable",
            "region_rule_id is not null",
            "len(value_rules) > 0",
            *(check(c, p) for _, c, p in per_row),
        ]
    )
    return f"""
        select
            *,
            case when skip_reason is null and ({failing}) then list_concat(
                list_filter([{", ".join(cases)}], lambda rule: rule is not null),
                value_rules) else [] end as rules
        from raw.line_values_of('{units}')
    """


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


def _check_values(con: duckdb.DuckDBPyConnection, checks: list[tuple[str, str | None, str]]):
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


def _read_values(con: duckdb.DuckDBPyConnection, plan: BulkPlan, gazetteer: Gazetteer | None):
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


def _segments(file: str, skip_lines: int, holes: list[int]) -> pd.DataFrame:
    """Ordinal → line: rows follow the header in order, each hole (blank or rejected line)
    pushing the rows after it one line down."""
    offset, segments = skip_lines + 1, {0: skip_lines + 1}
    for hole in holes:
        ordinal = hole - offset  # the row that would have stood on the hole's line
        offset += 1
        segments[max(ordinal, 0)] = offset
    return pd.DataFrame(
        [{"source_file": file, "first_ordinal": o, "line_offset": v} for o, v in segments.items()]
    )


def _unit(source_file: str, line: int, text: str) -> dict:
    return {
        "source_file": source_file,
        "row_number": line,
        "locator": f"row {line}",
        "evidence": text,
    }
