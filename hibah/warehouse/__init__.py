"""The DuckDB warehouse: the only code that writes it.

A run builds a complete new warehouse in its own run folder, checks the accounting,
checkpoints and closes it; hibah/publish.py switches it in together with the run's site.
A crash before the switch leaves the previous warehouse as it was; an analyst's read-only
connection keeps the file it opened.
"""

from hibah.warehouse.accounting import AccountingError
from hibah.warehouse.build import amount_readings, build, discard
from hibah.warehouse.confirm import confirm, confirmable, inputs_fingerprint
from hibah.warehouse.history import WarehouseBusy
from hibah.warehouse.layout import RunInfo, sql_files

__all__ = [
    "AccountingError",
    "RunInfo",
    "WarehouseBusy",
    "amount_readings",
    "build",
    "confirm",
    "confirmable",
    "discard",
    "inputs_fingerprint",
    "sql_files",
]
