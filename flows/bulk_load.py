"""Loading a register in bulk into the warehouse under construction (flows/warehouse.py calls
this; it is the only other code that writes the warehouse).

One pass of DuckDB's CSV reader writes every data row's cells into raw.line_rows, with the
amount already read where SQL can read it. Python then reads each *distinct* region, body,
stage, date and remaining amount text once, with the same parsers every other table uses,
into the small raw.read_* tables; raw.line_records joins them back. The record checks are the
Pandera model's, compiled to SQL (schemas/sql.py). What fails is returned as rejects, which
validate.py turns into findings and quarantine exactly as for any other table.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from flows.ingest.bulk import BulkPlan, read_csv_sql
from flows.parse.amounts import AmountParseError, parse_amount
from flows.parse.dates import DateParseError, read_date
from flows.parse.regions import Gazetteer, describe
from flows.parse.vocabulary import parse_body, parse_stage
from schemas.allocation import ALLOCATION_COLUMNS, allocation_schema
from schemas.sql import failure_predicates, ident

_BIGINT_MAX = 2**63 - 1
# Amounts SQL reads exactly as flows.parse.amounts does: an optional Rp/IDR, then plain
# digits, dot thousands or comma thousands, then an optional ",00" or ",-".
# tests/test_bulk.py holds SQL to the Python parser on generated text.
SQL_AMOUNT = r"""try_cast(replace(replace(regexp_extract({col},
    '^\s*(?:(?:[Rr][Pp]|IDR|idr)\.?\s*)?([0-9]{{1,3}}(?:\.[0-9]{{3}})+|[0-9]{{1,3}}(?:,[0-9]{{3}})+|[0-9]+)(?:,0{{1,2}}|,-)?\s*$',
    1), '.', ''), ',', '') as bigint)"""
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
    first_rowid = con.execute("select count(*) from raw.line_rows").fetchone()[0]
    rejects_table = "bulk_rejects"
    source, params = read_csv_sql(plan, rejects=rejects_table)
    cells = []
    for fields in TEXT_COLUMNS.values():
        index = next((plan.columns[f] for f in fields if f in plan.columns), None)
        cells.append(f"nullif(trim(c{index}), '')" if index is not None else "null")
    amount = SQL_AMOUNT.format(col=cells[6]) if plan.amount_scale is None else "null"
    con.execute(
        f"insert into raw.line_rows select $file, {', '.join(cells)}, {amount} from {source}",
        params | {"file": file.path},
    )
    n_rows = con.execute("select count(*) from raw.line_rows").fetchone()[0] - first_rowid
    rejected = con.execute(
        f"select line, any_value(error_type), any_value(csv_line) from {rejects_table} "
        "group by line order by line"
    ).fetchall()
    con.execute(f"drop table {rejects_table}")
    con.execute(f"drop table {rejects_table}_scan")
    blanks = [line for line in plan.scan.blank_lines if line > plan.skip_lines]
    holes = sorted({*blanks, *(int(line) for line, _, _ in rejected)})
    con.execute(
        "insert into raw.line_files values ($file, $first, $n, $skip, $items, $stage, $scale, "
        "$source, $sha)",
        {"file": file.path, "first": first_rowid, "n": n_rows, "skip": plan.skip_lines,
         "items": plan.line_items, "stage": plan.amount_stage, "scale": plan.amount_scale,
         "source": file.provenance.get("source_url") or None, "sha": file.sha256},
    )  # fmt: skip
    _insert(con, "raw.line_segments", _segments(file.path, plan.skip_lines, holes))
    _read_values(con, plan, gazetteer)

    rejects = [
        _unit(file.path, int(line), text or "")
        | {"rule_id": "row-malformed", "column": None, "observed": str(error_type),
           "expected": str(plan.width)}
        for line, error_type, text in rejected
    ]  # fmt: skip
    skipped = [
        _unit(file.path, number, as_read)
        | {"reason": "title row above the header" if any(c.strip() for c in row) else "blank row"}
        for number, row, as_read in plan.head.rows[:-1]  # the last is the header itself
    ] + [_unit(file.path, line, "") | {"reason": "blank row"} for line in blanks]
    return rejects, skipped


def line_rejects(con: duckdb.DuckDBPyConnection, region_codes: list[str]) -> list[dict]:
    """Every failing (row, rule) of the bulk registers: what could not be read, and what the
    Pandera model's checks (compiled to SQL) refuse. Same shape as the row reader's rejects."""
    checks = failure_predicates(allocation_schema(region_codes))
    cases = [
        "case when amount_unreadable then 'amount-unreadable' end",
        "case when date_unreadable then 'date-unreadable' end",
        "region_rule_id",
        *(f"case when region_rule_id is null and {p} then {_lit(n)} end" for n, _, p in checks),
    ]
    # rule → (column the finding names, SQL of the value observed)
    observed = {
        "amount-unreadable": ("amount", "amount_text"),
        "date-unreadable": ("as_of", "as_of_text"),
        **{name: (column or "grantor_level", f"{ident(column or 'grantor_level')}::varchar")
           for name, column, _ in checks},
    }  # fmt: skip
    rules = list(observed)
    pick = " ".join(f"when {_lit(r)} then {expr}" for r, (_, expr) in observed.items())
    selected = ", ".join(c for c in ALLOCATION_COLUMNS if c not in ("allocation_id", "row_number"))
    rows = con.execute(
        f"""
        with
        candidates as (
            select row_number, {selected}, amount_unreadable, date_unreadable, amount_detail,
                   date_detail, as_of_text,
                   region_rule_id, region_observed, region_expected, region_detail
            from raw.line_records
            where skip_reason is null
        ),
        failing as (
            select *, list_filter([{", ".join(cases)}], lambda rule: rule is not null) as rules
            from candidates
        ),
        unnested as (
            select *, unnest(rules) as rule_id from failing where len(rules) > 0
        )
        select source_file, row_number, evidence, rule_id,
               case rule_id {pick} end as observed_value,
               amount_detail, date_detail, region_rule_id, region_observed, region_expected,
               region_detail, region_code
        from unnested
        order by source_file, row_number
        """
    ).fetchall()
    out = []
    for row in rows:
        (source_file, row_number, evidence, rule_id, value, amount_detail, date_detail,
         region_rule_id, region_observed, region_expected, region_detail, code) = row  # fmt: skip
        base = _unit(source_file, int(row_number), evidence) | {"rule_id": rule_id}
        if rule_id == region_rule_id:
            out.append(base | {"column": "region_code", "observed": region_observed or "",
                               "expected": region_expected or "",
                               "detail": region_detail or ""})  # fmt: skip
            continue
        detail = {"amount-unreadable": amount_detail, "date-unreadable": date_detail,
                  "grantor-level-mismatch": code}.get(rule_id) or ""  # fmt: skip
        out.append(base | {"column": observed[rule_id][0] if rule_id in rules else None,
                           "observed": "" if value is None else str(value),
                           "expected": "", "detail": detail})  # fmt: skip
    return out


def insert_figures(con: duckdb.DuckDBPyConnection) -> None:
    """core.allocations from the bulk registers: a line-item register's valid rows summed per
    region, body, stage, recipient and source; any other register's valid rows one by one."""
    key = "concat_ws('|', region_code, body, stage, coalesce(recipient_unit, ''), " \
          "coalesce(source_url, ''))"  # fmt: skip
    con.execute(
        f"""
        insert into core.allocations by name
        with
        valid as (
            select * from raw.line_records as r
            where skip_reason is null and not exists (
                select 1 from audit.quarantine as q
                where q.source_file = r.source_file and q.row_number = r.row_number)
        ),
        items as (
            select
                left(sha256(any_value(sha256) || ':' || {key}), 16) as allocation_id,
                region_code, any_value(region_name) as region_name,
                any_value(province_code) as province_code,
                any_value(grantor_level) as grantor_level,
                any_value(election) as election,
                body, recipient_unit, stage,
                sum(amount_idr)::bigint as amount_idr,
                max(amount_precision_idr)::bigint as amount_precision_idr,
                bool_or(approximate) as approximate,
                max(as_of) as as_of,
                count(*) || ' line items' as amount_text,
                source_url, source_file,
                min(row_number)::integer as row_number,
                'rows ' || min(row_number) || '-' || max(row_number) || ' (' || count(*)
                    || ' line items)' as locator,
                'sum of ' || count(*) || ' line items, e.g. ' || any_value(evidence)
                    as evidence,
                any_value(region_as_written) as region_as_written,
                any_value(note) as note,
                flatten(list(distinct flags)) as flags
            from valid
            where line_items
            group by region_code, body, stage, recipient_unit, source_url, source_file
        ),
        figures as (
            select
                left(sha256(sha256 || ':' || locator), 16) as allocation_id,
                region_code, region_name, province_code, grantor_level, election, body,
                recipient_unit,
                stage, amount_idr, amount_precision_idr, approximate, as_of, amount_text,
                source_url, source_file, row_number::integer as row_number, locator, evidence,
                region_as_written, note, flags
            from valid
            where not line_items
        ),
        final as (
            select * from items
            union all by name
            select * from figures
        )
        select * from final
        """
    )


def _read_values(con: duckdb.DuckDBPyConnection, plan: BulkPlan, gazetteer: Gazetteer | None):
    """Each distinct value of the register read once, by the parsers every table uses."""
    file = plan.file.path
    params = {"file": file}

    def distinct(sql: str) -> list[tuple]:
        return con.execute(sql, params).fetchall()

    regions = []
    for code, name in distinct(
        "select distinct region_code_text, region_name_text from raw.line_rows "
        "where source_file = $file"
    ):
        regions.append({"source_file": file, "code_text": code, "name_text": name}
                       | _read_region(code, name, plan.code_system, gazetteer))  # fmt: skip
    _insert(con, "raw.read_regions", pd.DataFrame(regions))
    bodies = [
        {"source_file": file, "body_text": text, "body": parse_body(text) or text}
        for (text,) in distinct(
            "select distinct coalesce(body_text, recipient_unit_text, '') from raw.line_rows "
            "where source_file = $file"
        )
    ]
    _insert(con, "raw.read_bodies", pd.DataFrame(bodies))
    stages = [
        {"source_file": file, "stage_text": text, "stage": parse_stage(text) or text}
        for (text,) in distinct(
            "select distinct coalesce(stage_text, '') from raw.line_rows where source_file = $file"
        )
    ]
    _insert(con, "raw.read_stages", pd.DataFrame(stages))
    dates = []
    for (text,) in distinct(
        "select distinct as_of_text from raw.line_rows "
        "where source_file = $file and as_of_text is not null"
    ):
        try:
            mention = read_date(text)
            dates.append({"as_of": mention.date, "weekday_mismatch": mention.weekday_ok is False,
                          "detail": None})  # fmt: skip
        except DateParseError as exc:
            dates.append({"as_of": None, "weekday_mismatch": False, "detail": str(exc)})
        dates[-1] |= {"source_file": file, "date_text": text}
    _insert(con, "raw.read_dates", pd.DataFrame(dates))
    amounts = []
    for (text,) in distinct(
        "select distinct amount_text from raw.line_rows where source_file = $file "
        "and amount_sql is null and amount_text is not null"
    ):
        amounts.append({"source_file": file, "amount_text": text}
                       | _read_amount(text, plan.amount_scale))  # fmt: skip
    _insert(con, "raw.read_amounts", pd.DataFrame(amounts))


def _read_region(code, name, system, gazetteer) -> dict:
    """The row reader's region reading (flows/ingest/tabular.py `_record`), for one value."""
    out = {"region_code": code, "rule_id": None, "expected": None, "detail": None, "note": None}
    if gazetteer is None:
        return out
    if code:
        reading = gazetteer.read_code(code, name or "", system)
        return out | {"region_code": reading.code or code, "rule_id": reading.rule_id,
                      "expected": reading.expected, "detail": reading.detail,
                      "note": reading.note}  # fmt: skip
    if name:
        found = gazetteer.match(name)
        if found.code:
            return out | {"region_code": found.code,
                          "note": f"region from its name: {describe(found)}"}  # fmt: skip
        return out | {"region_code": None, "rule_id": "region-unresolved"}
    return out | {"region_code": ""}


def _read_amount(text: str, scale: str | None) -> dict:
    to_parse = f"{text} {scale}" if scale and not any(ch.isalpha() for ch in text) else text
    try:
        amount = parse_amount(to_parse)
    except AmountParseError as exc:
        return {"amount_idr": None, "precision_idr": None, "approximate": None, "flags": [],
                "detail": str(exc)}  # fmt: skip
    if abs(amount.value) > _BIGINT_MAX:
        return {"amount_idr": None, "precision_idr": None, "approximate": None, "flags": [],
                "detail": "more digits than any amount can have"}  # fmt: skip
    return {"amount_idr": amount.value, "precision_idr": amount.precision,
            "approximate": amount.approximate, "flags": list(amount.flags),
            "detail": None}  # fmt: skip


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
    return {"source_file": source_file, "row_number": line, "locator": f"row {line}",
            "evidence": text}  # fmt: skip


def _lit(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _insert(con: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame) -> None:
    if frame.empty:
        return
    con.register("incoming_values", frame)
    try:
        con.execute(f"insert into {table} by name select * from incoming_values")
    finally:
        con.unregister("incoming_values")
