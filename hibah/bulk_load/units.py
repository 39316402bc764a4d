"""The checks and sums of the bulk registers' rows: checked in units of rows alike in every
cell but the line item, amount, date and note; a line-item register's valid units summed
into its figures."""

from __future__ import annotations

import duckdb

from hibah.bulk_load.failures import write_failures
from hibah.bulk_load.values import check_values
from hibah.duck import scalar
from hibah.schemas.allocation import allocation_schema
from hibah.schemas.sql import failure_predicates, ident, literal
from hibah.validate import superseded_sql

# The cells a unit of a line-item register is keyed by: rows alike in all of them (and
# whose own amount, date and line item pass) are checked and summed as one unit.
_UNIT_KEYS = (
    "file_id",
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
    _check_units(con, checks)
    observed = _observed(checks)
    _group_figures(con, observed)
    _locate_figures(con)
    _write_figures(con)
    _flag_juta_below_peers(con)
    write_failures(con, observed, run_id)
    con.execute("drop table line_groups_numbered")
    con.execute("drop table line_groups")


def _check_units(con: duckdb.DuckDBPyConnection, checks: list[tuple[str, str | None, str]]):
    """line_checked: the units of rows (raw.line_values_of) with the rules each fails; the
    units of many rows that fail or are skipped split back into their rows."""
    by_value = check_values(con, checks)
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


def _observed(checks: list[tuple[str, str | None, str]]) -> dict[str, tuple[str, str]]:
    """rule → (the column its finding names, SQL of the value observed)."""
    return {
        "amount-unreadable": ("amount", "amount_text"),
        "date-unreadable": ("as_of", "as_of_text"),
        **{
            name: (column or "grantor_level", f"{ident(column or 'grantor_level')}::varchar")
            for name, column, _ in checks
        },
    }


def _group_figures(con: duckdb.DuckDBPyConnection, observed: dict[str, tuple[str, str]]):
    """line_groups: the checked units as figures (a line-item register's valid units of one
    region, body, stage, recipient and source summed; every other unit alone)."""
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


def _locate_figures(con: duckdb.DuckDBPyConnection) -> None:
    """line_groups_numbered: line_groups with the first and last line of each in its file
    and the sheets they are on (raw.line_segments maps a row's ordinal to its line)."""
    con.execute(
        """
        create temp table line_groups_numbered as
        select
            groups.*,
            (groups.first_ordinal + first.line_offset)::bigint as first_row,
            (groups.last_ordinal + last.line_offset)::bigint as last_row,
            first.locator_prefix,
            first.locator_suffix,
            last.locator_prefix as last_locator_prefix,
            last.locator_suffix as last_locator_suffix
        from line_groups as groups
        asof inner join raw.line_segments as first
            on groups.source_file = first.source_file
            and groups.first_ordinal >= first.first_ordinal
        asof inner join raw.line_segments as last
            on groups.source_file = last.source_file
            and groups.last_ordinal >= last.first_ordinal
        """
    )


def _write_figures(con: duckdb.DuckDBPyConnection) -> None:
    """The valid figures into core.allocations; the units not loaded into raw.line_status."""
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
                else locator_prefix || 'row ' || first_row || locator_suffix end), 16)
                as allocation_id,
            region_code, region_name, province_code, grantor_level, election, body,
            recipient_unit, stage, amount_idr, amount_precision_idr, approximate, as_of,
            case when line_items then n || ' line items' else amount_text end as amount_text,
            source_url, source_file, first_row::integer as row_number,
            case
                when not line_items then locator_prefix || 'row ' || first_row || locator_suffix
                when locator_prefix = last_locator_prefix
                    and locator_suffix = last_locator_suffix then locator_prefix || 'rows '
                    || first_row || '-' || last_row || locator_suffix
                    || ' (' || n || ' line items)'
                else locator_prefix || 'row ' || first_row || locator_suffix || ' to '
                    || last_locator_prefix || 'row ' || last_row || last_locator_suffix
                    || ' (' || n || ' line items)'
            end as locator,
            case when line_items then 'sum of ' || n || ' line items, e.g. ' || evidence
                else evidence end as evidence,
            region_as_written, note, flags
        from line_groups_numbered
        where skip_reason is null and len(rules) = 0
        """
    )


def _flag_juta_below_peers(con: duckdb.DuckDBPyConnection, factor: int = 200) -> None:
    """juta-below-peers on the figures of registers of figures (not of line items), as
    hibah.parse.amounts.juta_below_peers flags those of a table read row by row: written in
    juta (not miliar, not triliun) yet ``factor`` times or more below the median of the
    register's other positive figures. The peers are the row reader's: every row whose
    amount, date and region read, whether or not it then passes the checks. The median of
    the others: with the positive peers sorted (p, 1-based) and mid = (n - 1) // 2, it is
    p[mid + 2] when p[mid + 1] is at least the figure, else p[mid + 1]. Only a register
    with a figure in juta has its peers sorted, and only p[mid + 1] and p[mid + 2] meet the
    figures (a register of millions)."""
    con.execute(
        f"""
        update core.allocations as a
        set flags = list_append(coalesce(a.flags, []), 'juta-below-peers')
        from (
            with
            figures as (
                select allocation_id, source_file, amount_idr, amount_text
                from core.allocations
                where source_file in (select source_file from raw.line_files where not line_items)
            ),
            candidates as (
                select * from figures
                where amount_idr > 0
                    and (amount_text ilike '%juta%' or amount_text ilike '%jt%')
                    and regexp_matches(amount_text, '(?i)\\b(?:juta|jt)\\b')
                    and not regexp_matches(amount_text, '(?i)miliar|milyar|triliun')
            ),
            peers as (  -- the rows whose amount, date and region read, valid or not
                select source_file, amount_idr from line_groups_numbered
                where not line_items and skip_reason is null and amount_idr > 0
                    and region_rule_id is null
                    and not list_has_any(rules, ['amount-unreadable', 'date-unreadable'])
                    and source_file in (select source_file from candidates)
            ),
            sorted as (
                select source_file, list_sort(list(amount_idr)) as p, (count(*) - 1) // 2 as mid
                from peers
                group by source_file
            ),
            bounds as (
                select source_file, len(p) as n, p[mid + 1] as low, p[mid + 2] as high
                from sorted
            )
            select candidates.allocation_id
            from candidates inner join bounds using (source_file)
            where bounds.n >= 3
                and case when bounds.low >= candidates.amount_idr then bounds.high
                    else bounds.low end >= {int(factor)} * candidates.amount_idr
        ) as hit
        where a.allocation_id = hit.allocation_id
        """
    )


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
        inner join raw.line_files as files using (file_id)
        left join raw.read_dates as dates
            on dates.source_file = files.source_file and dates.date_text = rows.as_of_text
    """


def _group_units(con: duckdb.DuckDBPyConnection, on_amount: list[str]) -> None:
    """line_units: the prechecked rows grouped by _UNIT_KEYS, every other row alone; each
    unit carries its first row's line item, amount text and note (for its evidence), taken
    by one arg_min of them together (four arg_mins cost a fifth of the grouping)."""
    keys = ", ".join(_UNIT_KEYS)
    firsts = ("line_item_text", "amount_text", "note_text", "as_of_text")
    con.execute(
        f"""
        create temp table line_units as
        select * exclude (firsts), firsts.* from (
        select
            {keys},
            arg_min({{{", ".join(f"{c!r}: {c}" for c in firsts)}}}, row_id) as firsts,
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
        )
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
                on checked.row_id = units.row_id and checked.n > 1
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

    unread = [
        "case when amount_unreadable then 'amount-unreadable' end",
        "case when date_unreadable then 'date-unreadable' end",
        "region_rule_id",
    ]
    checked = [f"case when {check(c, p)} then {literal(n)} end" for n, c, p in per_row]
    failing = " or ".join(
        [
            "amount_unreadable",
            "date_unreadable",
            "region_rule_id is not null",
            "len(value_rules) > 0",
            *(check(c, p) for _, c, p in per_row),
        ]
    )
    found = (
        f"list_concat(list_filter([{', '.join(checked)}], lambda rule: rule is not null), "
        "value_rules)"
    )
    # a row whose amount, date or region does not read is reported for that alone, as the
    # row reader reports it: its record is never built, so no check runs on it
    return f"""
        select
            *,
            case
                when skip_reason is not null or not ({failing}) then []
                when amount_unreadable or date_unreadable or region_rule_id is not null
                    then list_filter([{", ".join(unread)}], lambda rule: rule is not null)
                else {superseded_sql(found)}
            end as rules
        from raw.line_values_of('{units}')
    """
