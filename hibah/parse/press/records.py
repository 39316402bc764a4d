"""What press extraction gives: a grant record read from prose, and an amount left out with why."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from hibah.parse.amounts import Amount
from hibah.parse.regions import RegionMatch


@dataclass
class PressRecord:
    """One grant figure read from prose, with where and why."""

    body: str
    amount: Amount
    stage: str
    region: RegionMatch
    as_of: dt.date | None
    start: int  # character span of the amount in the text
    end: int
    sentence: str
    sentence_start: int
    recipient_unit: str | None
    flags: list[str] = field(default_factory=list)
    basis: str = ""  # how the body was found: left, right, anaphora, carried, document
    stage_cued: bool = True  # False: no word of its own or of the figure before said the stage


@dataclass(frozen=True)
class Skipped:
    """An amount read but not taken as a grant, and why."""

    text: str
    start: int
    reason: str
