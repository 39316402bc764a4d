"""The figures, findings and conflicts as CSV (UTF-8 with BOM, so Excel reads it right) and
XLSX, for auditors who work in a spreadsheet, and as Parquet, for analysts' tools.

Cells that a spreadsheet would take for a formula (starting with =, +, -, @, a tab or a
carriage return) are neutralised with a leading apostrophe in CSV and XLSX: source text must
never run, and characters a spreadsheet refuses (NUL and other control characters) are shown
as U+FFFD. Parquet is not opened by spreadsheets and keeps every value as the warehouse has it.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

import duckdb
import pandas as pd

from hibah.reports.data import ReportData

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """A text cell a spreadsheet will show as text, never evaluate."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


# Characters a spreadsheet refuses (XML 1.0 control characters: NUL and the like).
_REFUSED = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def cleaned(value):
    """Text a spreadsheet takes: each character it would refuse shown as U+FFFD (the
    warehouse and the Parquet export keep the original)."""
    if isinstance(value, str) and _REFUSED.search(value):
        return _REFUSED.sub("\ufffd", value)
    return value


def safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame as a spreadsheet should get it: lists (flags) as "a; b", characters it
    refuses replaced, text that would run as a formula neutralised."""
    out = frame.copy()
    for col in out.columns:
        if out[col].dtype == object or str(out[col].dtype) in ("str", "string"):
            out[col] = out[col].map(_as_cell).map(cleaned).map(neutralise)
    return out


def _as_cell(value):
    if isinstance(value, list | tuple) or hasattr(value, "tolist"):
        return "; ".join(str(v) for v in list(value))
    return value


# Spreadsheet layout: amounts as whole rupiah with thousands separators (never 1.844E+11),
# dates as dates, a frozen, filterable header, and widths that fit the content.
AMOUNT_FORMAT = "#,##0"
DATE_FORMAT = "yyyy-mm-dd"
MAX_WIDTH = 60
_WIDTH_SAMPLE = 2000  # rows looked at to size a column


def _is_amount(frame: pd.DataFrame, col: str) -> bool:
    return col.endswith("_idr") and pd.api.types.is_numeric_dtype(frame[col])


def write_xlsx(frame: pd.DataFrame, path: Path, sheet: str) -> None:
    """One sheet, laid out for an auditor: see AMOUNT_FORMAT above. Written row by row by
    XlsxWriter in its constant-memory mode, each cell by its type: text always as text
    (never read as a formula or a link), amounts and dates with their formats."""
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path), {"constant_memory": True, "nan_inf_to_errors": True})
    try:
        ws = book.add_worksheet(sheet)
        amount = book.add_format({"num_format": AMOUNT_FORMAT})
        date = book.add_format({"num_format": DATE_FORMAT})
        sample = frame.head(_WIDTH_SAMPLE)
        formats = []
        for i, col in enumerate(frame.columns):
            if _is_amount(frame, col):
                number_format = amount
                texts = [f"{v:,.0f}" for v in sample[col].dropna()]
            elif pd.api.types.is_datetime64_any_dtype(frame[col]):
                number_format, texts = date, ["2024-10-31"]
            else:
                number_format, texts = None, [str(v) for v in sample[col].dropna()]
            formats.append(number_format)
            longest = max([len(str(col)), *map(len, texts)])
            ws.set_column(i, i, min(MAX_WIDTH, longest + 2))
        ws.freeze_panes(1, 0)
        ws.autofilter(0, 0, len(frame), max(0, frame.shape[1] - 1))
        ws.write_row(0, 0, [str(col) for col in frame.columns], book.add_format({"bold": True}))
        columns = [_cell_values(frame[col]) for col in frame.columns]
        for r, row in enumerate(zip(*columns, strict=True), start=1):
            for c, value in enumerate(row):
                if value is None or value == "":  # an empty cell, as a spreadsheet has it
                    continue
                if isinstance(value, str):
                    ws.write_string(r, c, value)
                elif isinstance(value, bool):
                    ws.write_boolean(r, c, value)
                elif isinstance(value, dt.date):  # datetime too
                    ws.write_datetime(r, c, value, formats[c])
                else:
                    ws.write_number(r, c, value, formats[c])
    finally:
        book.close()


def _cell_values(column: pd.Series) -> list:
    """A column's values as the sheet takes them: Python scalars, datetimes for timestamps,
    None (an empty cell) for a missing value (lists are text by now: `safe_frame`)."""
    if pd.api.types.is_datetime64_any_dtype(column):
        column = column.dt.to_pydatetime()
    return [None if pd.isna(v) else v for v in column.astype(object).tolist()]


def tables_for_export(data: ReportData) -> dict[str, pd.DataFrame]:
    # raw.rows.cells is only how the pages show a row; the exports keep the row as written
    figures = data.figures.drop(columns=["n_sources", "cells"], errors="ignore")
    return {
        "allocations": figures,
        "findings": data.all_findings.drop(columns=["cells"], errors="ignore"),
        "conflicts": figures[~figures["sources_agree"].astype(bool)],
    }


_FORMATS = ("parquet", "csv", "xlsx")


def export_names(data: ReportData) -> list[str]:
    """The files `write_exports` writes, by name."""
    return [f"{name}.{suffix}" for name in tables_for_export(data) for suffix in _FORMATS]


def write_exports(data: ReportData, folder: Path) -> list[Path]:
    """Write every export into ``folder``; each file appears whole or not at all."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, frame in tables_for_export(data).items():
        path, tmp = folder / f"{name}.parquet", folder / f".{name}.parquet.tmp"
        con = duckdb.connect()  # DuckDB writes Parquet: no other engine needed
        try:
            con.register("export", frame)
            dates = [  # pandas holds DATE columns as timestamps: give them back their type
                f'"{col}"::date as "{col}"'
                for col in frame.columns
                if pd.api.types.is_datetime64_any_dtype(frame[col])
                and (frame[col].dropna() == frame[col].dropna().dt.normalize()).all()
            ]
            replace = f" replace ({', '.join(dates)})" if dates else ""
            con.execute(
                f"copy (select *{replace} from export) to $path (format parquet)",
                {"path": str(tmp)},
            )
        finally:
            con.close()
        os.replace(tmp, path)
        written.append(path)
        safe = safe_frame(frame)
        for suffix in ("csv", "xlsx"):
            path = folder / f"{name}.{suffix}"
            tmp = folder / f".{name}.{suffix}.tmp"
            if suffix == "csv":
                safe.to_csv(tmp, index=False, encoding="utf-8-sig")
            else:
                write_xlsx(safe, tmp, name)
            os.replace(tmp, path)
            written.append(path)
    return written
