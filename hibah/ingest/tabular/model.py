"""What a table read gives, and the names and ids it is built on."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from hibah.ingest.bulk import SheetRows
    from hibah.ingest.tabular.sheets import SheetGrid


class FileReadError(Exception):
    """A file that cannot be read as a table of grant figures; the message is one line."""


class Sheet:
    """A table's rows, each (row number, cells, the row as read). A sheet calamine read holds
    its cells column by column (`grid`), and makes its rows only when they are asked for:
    a register's data rows go to DuckDB from its columns, never as a million lists."""

    def __init__(
        self,
        name: str | None,  # None for CSV
        rows: list[tuple[int, list[str], str]] | None = None,
        grid: SheetGrid | None = None,
    ):
        self.name = name
        self._rows = rows
        self.grid = grid

    @property
    def rows(self) -> list[tuple[int, list[str], str]]:
        if self._rows is None:
            assert self.grid is not None
            self._rows = self.grid.rows()
        return self._rows

    def head(self, n: int) -> Sheet:
        """The sheet's first ``n`` rows, as a sheet of its own (where a header is looked for)."""
        if self._rows is None and self.grid is not None:
            return Sheet(self.name, self.grid.rows(n))
        return Sheet(self.name, self.rows[:n])

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Sheet) and (self.name, self.rows) == (other.name, other.rows)

    __hash__ = None  # type: ignore[assignment]  # as a dataclass's: its rows may change

    def __repr__(self) -> str:
        return f"Sheet({self.name!r}, {'grid' if self._rows is None else len(self._rows)})"


@dataclass
class TableRead:
    """What one file yielded; records + rejects + skips cover every unit read."""

    # Rows of dicts, not frames: a press release yields two or three, and a frame a file
    # cost more than reading the file; the frames are built once for a batch of files.
    rows: list[dict]  # every unit as read: source_file, row_number, locator, line_text, cells
    records: list[dict]  # candidate allocation records, with parse flags
    rejects: list[dict]  # units refused while parsing, one entry per reason
    skipped: list[dict]  # units skipped with a stated reason
    sheet_notes: list[str] = field(default_factory=list)  # sheets with no table, and why
    # what the reader noted about the file, as (rule id, text): header-repeated, bytes-replaced
    notes: list[tuple[str, str]] = field(default_factory=list)
    # the tables whose rows DuckDB checks and sums as a register's (line items, or many rows)
    register: SheetRows | None = None


@dataclass(frozen=True)
class Column:
    index: int
    label: str
    field: str  # a HEADER_ALIASES field, or "amount" with a stage
    stage: str | None = None
    scale: str | None = None  # "miliar", "juta", "ribu" from the header
    body: str | None = None  # an amount column of one body (a table with a column a body)


def normalise_header(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


def allocation_id(file_sha256: str, locator: str) -> str:
    """Stable id of a record: its file's content hash and its place in the file."""
    return hashlib.sha256(f"{file_sha256}:{locator}".encode()).hexdigest()[:16]
