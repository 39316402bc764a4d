"""The figures, findings and conflicts as CSV (UTF-8 with BOM, so Excel reads it right) and
XLSX, for auditors who work in a spreadsheet, and as Parquet, for analysts' tools.

Cells that a spreadsheet would take for a formula (starting with =, +, -, @, a tab or a
carriage return) are neutralised with a leading apostrophe in CSV and XLSX: source text must
never run. Parquet is not opened by spreadsheets and keeps every value as the warehouse has it.
"""

from __future__ import annotations

import os
from pathlib import Path

import duckdb
import pandas as pd

from flows.reports.data import ReportData

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """A text cell a spreadsheet will show as text, never evaluate."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for col in out.columns:
        if out[col].dtype == object or str(out[col].dtype) in ("str", "string"):
            out[col] = out[col].map(neutralise)
    return out


def tables_for_export(data: ReportData) -> dict[str, pd.DataFrame]:
    figures = data.figures.drop(columns=["n_sources"], errors="ignore")
    return {
        "allocations": figures,
        "findings": data.all_findings,
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
                safe.to_excel(tmp, index=False, sheet_name=name, engine="openpyxl")
            os.replace(tmp, path)
            written.append(path)
    return written
