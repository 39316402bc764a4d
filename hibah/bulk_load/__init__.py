"""Loading a register in bulk into the warehouse under construction (hibah/warehouse/ calls
this; it is the only other code that writes the warehouse).

One pass of DuckDB's CSV reader writes every data row's cells into raw.line_rows, with the
amount already read where SQL can read it. Python then reads each *distinct* region, body,
stage, date and remaining amount text once, with the same parsers every other table uses,
into the small raw.read_* tables; raw.line_records joins them back. The record checks are the
Pandera model's, compiled to SQL (schemas/sql.py); the rows of a line-item register are
checked in units of rows alike in every cell but the line item, amount, date and note, so
that a register of millions of lines costs one grouping scan. What fails is written to
audit.findings and audit.quarantine in SQL, in the shape validate.py gives any other table's
(messages by validate.finding_text, once per distinct rule and value).
"""

from hibah.bulk_load.register import load_register, sql_amount
from hibah.bulk_load.units import check_and_sum

__all__ = ["check_and_sum", "load_register", "sql_amount"]
