"""Check kinds the record models use beyond Pandera's built-ins, each with the statistics it
is declared with, so that a model's checks can also be compiled to SQL (schemas/sql.py).

A check kind is a vocabulary word, not a rule: the rules are the models' named checks.
"""

from __future__ import annotations

import pandas as pd
from pandera.api.extensions import register_check_method

from hibah.parse.vocabulary import ELECTION_OF_LEVEL, level_of_code


@register_check_method(statistics=["pattern"], supported_types=pd.Series)
def str_fullmatch(series: pd.Series, *, pattern: str) -> pd.Series:
    """The whole text matches ``pattern`` (re.fullmatch; write ``[0-9]``, not ``\\d``, so
    that Python and DuckDB's RE2 agree on what a digit is)."""
    return series.str.fullmatch(pattern).fillna(False).astype(bool)


@register_check_method(
    statistics=["code_column", "level_column", "election_column"],
    supported_types=pd.DataFrame,
)
def level_matches_code(
    df: pd.DataFrame, *, code_column: str, level_column: str, election_column: str
) -> pd.Series:
    """The grantor level is the one the region code implies (``65`` provinsi, ``65.71`` and
    up kota, else kabupaten) and the election follows from the level; unknowns pass."""
    expected = df[code_column].map(level_of_code)
    unknown = df[level_column].isna() | expected.isna()
    election_ok = df[election_column].isna() | (
        df[election_column] == df[level_column].map(ELECTION_OF_LEVEL)
    )
    return unknown | ((df[level_column] == expected) & election_ok)
