"""What the two writers of the warehouse (warehouse/, bulk_load/) share."""

from __future__ import annotations

import duckdb
import pandas as pd


def one_row(con: duckdb.DuckDBPyConnection, sql: str, params: object = None) -> tuple:
    """The one row ``sql`` gives; a query that gives none is a defect, said with the query."""
    rows = con.execute(sql, params).fetchall()  # all: a result left open blocks register()
    if not rows:
        raise LookupError(f"no row from: {sql.strip()[:80]}")
    return rows[0]


def scalar(con: duckdb.DuckDBPyConnection, sql: str, params: object = None):
    """The first value of the one row ``sql`` gives (a count, a sum)."""
    return one_row(con, sql, params)[0]


def insert_frame(con: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame) -> None:
    """Insert ``frame`` into ``table`` (one of ours) by column name; nothing when empty."""
    if frame.empty:
        return
    con.register("incoming_frame", frame)
    try:
        con.execute(f"insert into {table} by name select * from incoming_frame")
    finally:
        con.unregister("incoming_frame")
