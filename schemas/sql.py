"""A Pandera schema's checks compiled to SQL, so that registers read in bulk are checked
where their rows are (DuckDB) by the same declaration that checks small frames.

Each check kind the models use has one SQL form here; a rule is never written twice.
`failure_predicates` gives, per named check, a boolean SQL expression that is true on the
rows the check fails — null-safe as Pandera is (``ignore_na``: a null passes a value check).
tests/test_schema_sql.py runs both on generated frames and compares them check by check.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pandera.pandas as pa

from hibah.parse.vocabulary import ELECTION_OF_LEVEL, REGION_CODE_PATTERN
from hibah.schemas.allocation import check_kind


class UnsupportedCheck(ValueError):
    """A check kind with no SQL form: add one here before a model uses it."""


def literal(value: object) -> str:
    """A constant as SQL text: strings quoted, dates typed, numbers as they are."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, dt.date):
        return f"date '{value.isoformat()}'"
    return "'" + str(value).replace("'", "''") + "'"


def ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _isin(col: str, s: dict) -> str:
    values = ", ".join(literal(v) for v in s["allowed_values"])
    return f"{col} not in ({values})"


def _in_range(col: str, s: dict) -> str:
    low = ">=" if s.get("include_min", True) else ">"
    high = "<=" if s.get("include_max", True) else "<"
    return f"not ({col} {low} {literal(s['min_value'])} and {col} {high} {literal(s['max_value'])})"


_COLUMN_KINDS: dict[str, Callable[[str, dict], str]] = {
    "isin": _isin,
    "notin": lambda col, s: f"{col} in ({', '.join(literal(v) for v in s['forbidden_values'])})",
    "greater_than": lambda col, s: f"not ({col} > {literal(s['min_value'])})",
    "greater_than_or_equal_to": lambda col, s: f"not ({col} >= {literal(s['min_value'])})",
    "less_than": lambda col, s: f"not ({col} < {literal(s['max_value'])})",
    "less_than_or_equal_to": lambda col, s: f"not ({col} <= {literal(s['max_value'])})",
    "in_range": _in_range,
    "str_fullmatch": lambda col, s: f"not regexp_full_match({col}, {literal(s['pattern'])})",
}


def _level_matches_code(s: dict) -> str:
    code, level, election = (
        ident(s["code_column"]),
        ident(s["level_column"]),
        ident(s["election_column"]),
    )
    expected = (
        f"case when {code} not like '%.%' then 'provinsi' "
        f"when try_cast(split_part({code}, '.', 2) as integer) >= 71 then 'kota' "
        f"else 'kabupaten' end"
    )
    election_of = " ".join(
        f"when {literal(k)} then {literal(v)}" for k, v in ELECTION_OF_LEVEL.items()
    )
    pattern = literal(REGION_CODE_PATTERN)
    known = f"{level} is not null and coalesce(regexp_full_match({code}, {pattern}), false)"
    return (
        f"({known}) and not ({level} = {expected} and "
        f"({election} is null or {election} = (case {level} {election_of} end)))"
    )


_FRAME_KINDS: dict[str, Callable[[dict], str]] = {"level_matches_code": _level_matches_code}


def failure_predicates(schema: pa.DataFrameSchema) -> list[tuple[str, str | None, str]]:
    """(check name, column or None, SQL true where the row fails) for every named check."""
    out = []
    for name, column in schema.columns.items():
        col = ident(name)
        for check in column.checks:
            kind = check_kind(check)
            if kind not in _COLUMN_KINDS:
                raise UnsupportedCheck(f"{name}: check {kind!r} has no SQL form")
            predicate = _COLUMN_KINDS[kind](col, check.statistics)
            guard = f"{col} is not null and " if check.ignore_na else ""
            out.append((check.name, name, f"coalesce({guard}{predicate}, true)"))
    for check in schema.checks:
        kind = check_kind(check)
        if kind not in _FRAME_KINDS:
            raise UnsupportedCheck(f"frame check {kind!r} has no SQL form")
        out.append((check.name, None, f"coalesce({_FRAME_KINDS[kind](check.statistics)}, false)"))
    return out
