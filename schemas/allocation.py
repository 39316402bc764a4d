"""The canonical allocation record (core.allocations), as a Pandera model.

Every constraint is a named check whose name is the rule id findings carry
(flows/catalogue.py gives its severity and message).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from flows.parse.amounts import MAX_PLAUSIBLE_IDR
from flows.parse.vocabulary import BODIES, ELECTION_OF_LEVEL, STAGES, level_of_code

CALENDAR_START = dt.date(2023, 1, 1)
CALENDAR_END = dt.date(2025, 12, 31)
REGION_CODE_PATTERN = r"^\d{2}(\.\d{2})?$"


class AllocationSchema(pa.DataFrameModel):
    """One grant figure for one region, body and stage, from one source location."""

    allocation_id: Series[str] = pa.Field(unique=True)
    region_code: Series[str]
    region_name: Series[str] = pa.Field(nullable=True)
    province_code: Series[str] = pa.Field(nullable=True)
    grantor_level: Series[str] = pa.Field(nullable=True)
    election: Series[str] = pa.Field(nullable=True)
    body: Series[str]
    recipient_unit: Series[str] = pa.Field(nullable=True)
    stage: Series[str]
    amount_idr: Series[int]
    amount_precision_idr: Series[int]
    approximate: Series[bool]
    as_of: Series[dt.date] = pa.Field(nullable=True)
    amount_text: Series[str]
    source_url: Series[str] = pa.Field(nullable=True)
    source_file: Series[str]
    row_number: Series[int]
    locator: Series[str]
    evidence: Series[str]

    @pa.check("region_code", name="region-code-format")
    def region_code_format(cls, code: Series[str]) -> Series[bool]:
        return code.str.fullmatch(REGION_CODE_PATTERN)

    @pa.check("body", name="body-unknown")
    def body_known(cls, body: Series[str]) -> Series[bool]:
        return body.isin(BODIES)

    @pa.check("stage", name="stage-unknown")
    def stage_known(cls, stage: Series[str]) -> Series[bool]:
        return stage.isin(STAGES)

    @pa.check("amount_idr", name="amount-not-positive")
    def amount_positive(cls, amount: Series[int]) -> Series[bool]:
        return amount > 0

    @pa.check("amount_idr", name="amount-implausible")
    def amount_plausible(cls, amount: Series[int]) -> Series[bool]:
        return amount <= MAX_PLAUSIBLE_IDR

    @pa.check("as_of", name="date-outside-calendar")
    def date_in_calendar(cls, as_of: Series[dt.date]) -> Series[bool]:
        return as_of.isna() | as_of.between(CALENDAR_START, CALENDAR_END)

    @pa.dataframe_check(name="grantor-level-mismatch")
    def grantor_level_matches_code(cls, df: pd.DataFrame) -> Series[bool]:
        expected = df["region_code"].map(level_of_code)
        unknown = df["grantor_level"].isna() | expected.isna()
        election_ok = df["election"].isna() | (
            df["election"] == df["grantor_level"].map(ELECTION_OF_LEVEL)
        )
        return unknown | ((df["grantor_level"] == expected) & election_ok)

    class Config:
        strict = True
        coerce = False


def allocation_schema(region_codes: Iterable[str]) -> pa.DataFrameSchema:
    """The model with the region roster attached: codes must exist in core.regions.

    A malformed code fails region-code-format as well; validate.py reports it once.
    """
    roster = frozenset(region_codes)

    def region_known(code: pd.Series) -> pd.Series:
        return code.isin(roster)

    schema = AllocationSchema.to_schema()
    column = schema.columns["region_code"]
    check = pa.Check(region_known, name="region-unknown")
    return schema.update_column("region_code", checks=[*column.checks, check])


ALLOCATION_COLUMNS: list[str] = list(AllocationSchema.to_schema().columns)
