"""What the two writers of the warehouse (warehouse.py, bulk_load.py) share."""

from __future__ import annotations

import duckdb
import pandas as pd


def insert_frame(con: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame) -> None:
    """Insert ``frame`` into ``table`` (one of ours) by column name; nothing when empty."""
    if frame.empty:
        return
    con.register("incoming_frame", frame)
    try:
        con.execute(f"insert into {table} by name select * from incoming_frame")
    finally:
        con.unregister("incoming_frame")
