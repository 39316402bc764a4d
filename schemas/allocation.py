"""The canonical allocation record (core.allocations), as a Pandera model.

Every constraint is a named check whose name is the rule id findings carry
(hibah/catalogue.py gives its severity and message).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import pandera.pandas as pa
from pandera.typing import Series

from hibah.parse.amounts import MAX_PLAUSIBLE_IDR
from hibah.parse.vocabulary import BODIES, REGION_CODE_PATTERN, STAGES
from hibah.schemas import checks as _checks  # noqa: F401  (registers the check kinds the model uses)

CALENDAR_START = dt.date(2023, 1, 1)
CALENDAR_END = dt.date(2025, 12, 31)


class AllocationSchema(pa.DataFrameModel):
    """One grant figure for one region, body and stage, from one source location.

    Constraints are Pandera's built-in checks (and the kinds in schemas/checks.py), so the
    same declaration runs on a frame here and compiles to SQL for registers read in bulk
    (schemas/sql.py). `CHECK_RULES` names each check with the rule id findings carry.
    """

    allocation_id: Series[str] = pa.Field(unique=True)
    region_code: Series[str] = pa.Field(str_fullmatch={"pattern": REGION_CODE_PATTERN})
    region_name: Series[str] = pa.Field(nullable=True)
    province_code: Series[str] = pa.Field(nullable=True)
    grantor_level: Series[str] = pa.Field(nullable=True)
    election: Series[str] = pa.Field(nullable=True)
    body: Series[str] = pa.Field(isin=BODIES)
    recipient_unit: Series[str] = pa.Field(nullable=True)
    stage: Series[str] = pa.Field(isin=STAGES)
    amount_idr: Series[int] = pa.Field(gt=0, le=MAX_PLAUSIBLE_IDR)
    amount_precision_idr: Series[int]
    approximate: Series[bool]
    as_of: Series[dt.date] = pa.Field(
        nullable=True, in_range={"min_value": CALENDAR_START, "max_value": CALENDAR_END}
    )
    amount_text: Series[str]
    source_url: Series[str] = pa.Field(nullable=True)
    source_file: Series[str]
    row_number: Series[int]
    locator: Series[str]
    evidence: Series[str]

    class Config:
        strict = True
        coerce = False
        level_matches_code = {  # noqa: RUF012  (Pandera reads frame checks from Config)
            "code_column": "region_code",
            "level_column": "grantor_level",
            "election_column": "election",
        }


# (column or None for the whole frame, check kind) → rule id (hibah/catalogue.py).
CHECK_RULES: dict[tuple[str | None, str], str] = {
    ("region_code", "str_fullmatch"): "region-code-format",
    ("region_code", "isin"): "region-unknown",
    ("body", "isin"): "body-unknown",
    ("stage", "isin"): "stage-unknown",
    ("amount_idr", "greater_than"): "amount-not-positive",
    ("amount_idr", "less_than_or_equal_to"): "amount-implausible",
    ("as_of", "in_range"): "date-outside-calendar",
    (None, "level_matches_code"): "grantor-level-mismatch",
}


def check_kind(check: pa.Check) -> str:
    """The built-in or registered kind of a check (``isin``, ``in_range`` ...)."""
    fn = check._check_fn
    return getattr(fn, "func", fn).__name__  # registered kinds come wrapped in a partial


def _named(checks: list[pa.Check], column: str | None) -> list[pa.Check]:
    for check in checks:
        check.name = check.error = CHECK_RULES[(column, check_kind(check))]
    return checks


def allocation_schema(region_codes: Iterable[str]) -> pa.DataFrameSchema:
    """The model with the region roster attached: codes must exist in core.regions.

    A malformed code fails region-code-format as well; validate.py reports it once.
    """
    schema = AllocationSchema.to_schema()
    roster = pa.Check.isin(sorted(set(region_codes)))
    schema = schema.update_column(
        "region_code", checks=[*schema.columns["region_code"].checks, roster]
    )
    for name, column in schema.columns.items():
        _named(column.checks, name)
    _named(schema.checks, None)
    return schema


# The model's fields in order, read without building the schema: building it at import would
# make every process that imports this module pay for pandera's look for dask (0.7 s).
ALLOCATION_COLUMNS: list[str] = list(AllocationSchema.__annotations__)
