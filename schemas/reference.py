"""Reference tables as Pandera models: core.regions, core.region_codes_bps, core.voters,
core.anchors, core.accountability_reports. They are the project's own files, so a failure
stops the run with the file and row named."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from hibah.parse.vocabulary import (
    BODIES,
    LEVELS,
    PROVINCE_CODE_PATTERN,
    REGION_CODE_PATTERN,
    level_of_code,
)

REGION_CODE = f"^{REGION_CODE_PATTERN}$"


class RegionSchema(pa.DataFrameModel):
    region_code: Series[str] = pa.Field(unique=True, str_matches=REGION_CODE)
    region_name: Series[str]
    province_code: Series[str] = pa.Field(str_matches=f"^{PROVINCE_CODE_PATTERN}$")
    level: Series[str] = pa.Field(isin=LEVELS)
    votes_2024: Series[bool]

    @pa.dataframe_check(name="level-matches-code")
    def level_matches_code(cls, df: pd.DataFrame) -> Series[bool]:
        return df["level"] == df["region_code"].map(level_of_code)

    @pa.dataframe_check(name="province-is-prefix")
    def province_is_prefix(cls, df: pd.DataFrame) -> Series[bool]:
        return df["region_code"].str[:2] == df["province_code"]

    class Config:
        strict = True


class BpsCodeSchema(pa.DataFrameModel):
    """BPS's bridge from its codes to Kemendagri's: one BPS code per region, both ways."""

    bps_code: Series[str] = pa.Field(unique=True, str_matches=r"^\d{2}(\d{2})?$")
    bps_name: Series[str]
    kemendagri_2020_code: Series[str] = pa.Field(unique=True, str_matches=REGION_CODE)
    region_code: Series[str] = pa.Field(unique=True, str_matches=REGION_CODE)

    @pa.dataframe_check(name="same-level")
    def same_level(cls, df: pd.DataFrame) -> Series[bool]:
        return df["bps_code"].str.len() == df["region_code"].str.replace(".", "").str.len()

    class Config:
        strict = True


class VoterSchema(pa.DataFrameModel):
    region_code: Series[str] = pa.Field(unique=True, str_matches=REGION_CODE)
    dpt: Series[int] = pa.Field(gt=0)
    as_of: Series[dt.date] = pa.Field(nullable=True)
    source: Series[str]

    class Config:
        strict = True


class AnchorSchema(pa.DataFrameModel):
    region_code: Series[str] = pa.Field(unique=True, str_matches=REGION_CODE)
    anchor_date: Series[dt.date]
    basis: Series[str]
    source: Series[str] = pa.Field(nullable=True)

    class Config:
        strict = True


class AccountabilitySchema(pa.DataFrameModel):
    region_code: Series[str] = pa.Field(str_matches=REGION_CODE)
    body: Series[str] = pa.Field(isin=BODIES)
    filed_on: Series[dt.date]
    source_url: Series[str] = pa.Field(nullable=True)

    class Config:
        strict = True


class RawUnitSchema(pa.DataFrameModel):
    """raw.rows: every unit read (a table row, a wide table's amount cell, a text's amount)."""

    source_file: Series[str]
    row_number: Series[int] = pa.Field(ge=1)
    locator: Series[str]
    line_text: Series[str]
    cells: Series[str] = pa.Field(nullable=True)

    @pa.dataframe_check(name="one-unit-per-place")
    def one_unit_per_place(cls, df: pd.DataFrame) -> Series[bool]:
        return ~df.duplicated(["source_file", "locator"], keep=False)

    class Config:
        strict = True


# raw.rows' columns as the readers make them (the model's, in its order)
UNIT_COLUMNS: list[str] = list(RawUnitSchema.__annotations__)
