"""What a warehouse is built from besides the data: the SQL files of the repository's
sql/ (linked into the package) and the identity of the run that builds it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent
SQL_DIR = PACKAGE / "sql"  # the repository's sql/ (linked), in the wheel a folder


@dataclass(frozen=True)
class RunInfo:
    run_id: str
    flow_run_id: str | None
    started_at: dt.datetime


def sql_files(folder: str) -> list[Path]:
    return sorted((SQL_DIR / folder).glob("*.sql"))
