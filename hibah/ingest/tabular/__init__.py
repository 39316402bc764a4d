"""Tables of grant figures as offices publish them → rows as read + records.

CSV (UTF-8 with or without BOM, cp1252 or UTF-16; ``;`` ``,`` or tab separated), XLSX and
XLS (every sheet). The header is found wherever it is: title rows above it are skipped with that
reason, a header over two rows (a merged "Pencairan" over "Tahap I" and "Tahap II") is read
as one, and merged cells are filled in. Two layouts are read:

- long: one figure per row, with a stage column (``Tahap``) and an amount column (``Nilai``);
- wide: one row per recipient with an amount column per stage (``Nilai NPHD``,
  ``Tahap I``, ``Tahap II``, ``Realisasi``, ``Pengembalian``): one figure per filled cell.

Every cell is read as text and parsed by hibah.parse (type inference would turn region code
``65.10`` into ``65.1``); numbers stored as numbers and as text read alike, and a header that
states a scale (``Nilai (Rp juta)``) scales its column. The unit of accounting is the figure's
place (``row 5``, or ``row 5, Tahap II`` in a wide table): each ends up as exactly one of a
candidate record, a reject with the rule it broke, or a skip with its reason.
"""

from __future__ import annotations

from hibah.ingest.files import RawFile, replaced_note
from hibah.ingest.tabular.header import HEADER_ALIASES, _find_header, distinct_labels
from hibah.ingest.tabular.model import (
    Column,
    FileReadError,
    Sheet,
    TableRead,
    allocation_id,
    normalise_header,
)
from hibah.ingest.tabular.records import _read_sheet
from hibah.ingest.tabular.sheets import _csv_sheet, _xls_sheets, _xlsx_sheets, collector_paused
from hibah.parse.regions import Gazetteer

__all__ = [
    "HEADER_ALIASES",
    "Column",
    "FileReadError",
    "Sheet",
    "TableRead",
    "_csv_sheet",
    "_find_header",
    "allocation_id",
    "distinct_labels",
    "normalise_header",
    "read_table",
]


def read_table(
    file: RawFile,
    regions: dict[str, dict[str, str]],
    gazetteer: Gazetteer | None = None,
    data: bytes | None = None,
    bulk_min_rows: int | None = None,
) -> TableRead:
    """Read one table file; raise `FileReadError` when no sheet of it can be read. With
    ``bulk_min_rows``, the tables with a line-item column or that many rows are not read
    row by row but handed to DuckDB as a register's rows (`TableRead.register`)."""
    from hibah.ingest.bulk import plan_sheets  # it reads headers with this package

    data = data if data is not None else file.abs_path.read_bytes()
    with collector_paused():
        read = (
            _xlsx_sheets(file, data)
            if file.format in ("xlsx", "xlsm")
            else _xls_sheets(file, data)
            if file.format == "xls"
            else iter([_csv_sheet(file, data)])
        )
        register, sheets = (
            plan_sheets(file, read, bulk_min_rows)
            if bulk_min_rows is not None
            else (None, list(read))
        )
    reads, errors = [], []
    for sheet in sheets:
        try:
            reads.append(_read_sheet(file, sheet, regions, gazetteer))
        except FileReadError as exc:
            errors.append(str(exc))
    if not reads and register is None:
        raise FileReadError(errors[0] if len(errors) == 1 else "; ".join(errors))
    return TableRead(
        register=register,
        rows=[x for r in reads for x in r.rows],
        records=[x for r in reads for x in r.records],
        rejects=[x for r in reads for x in r.rejects],
        skipped=[x for r in reads for x in r.skipped],
        sheet_notes=errors,
        notes=[
            *(replaced_note(file, data) if file.format in ("csv", "tsv") else []),
            *(x for r in reads for x in r.notes),
            *(register.notes if register else []),
        ],
    )
