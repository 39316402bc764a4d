"""A run whose inputs are the last run's: confirmed from the published warehouse without
reading a file again."""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import shutil
from collections.abc import Iterable
from pathlib import Path

import duckdb

from hibah.duck import one_row, scalar
from hibah.ingest.files import RawFile
from hibah.warehouse.history import PREVIOUS_FIGURES, record_run, update_finding_history
from hibah.warehouse.layout import PACKAGE, SQL_DIR, RunInfo, sql_files

# What the figures and pages depend on besides raw/: the code that reads, checks, sums and
# draws them, and the libraries it calls on.
_CODE_DIRS = (PACKAGE, PACKAGE / "schemas", SQL_DIR)


_LIBRARIES = ("duckdb", "pandas", "pandera", "openpyxl", "python-calamine", "great_tables")


def inputs_fingerprint(files: Iterable[RawFile]) -> str:
    """SHA-256 of everything a run's figures follow from: each file under raw/ (path and
    content), the code that reads, checks and sums them, and the libraries' versions."""
    digest = hashlib.sha256(_code_fingerprint().encode())
    for file in sorted(files, key=lambda f: f.path):
        digest.update(f"\n{file.path}\t{file.sha256}".encode())
    return digest.hexdigest()


@functools.cache
def _code_fingerprint() -> str:
    digest = hashlib.sha256()
    for folder in _CODE_DIRS:
        for path in sorted(folder.rglob("*")):
            if path.suffix in (".py", ".sql", ".csv") and path.is_file():
                digest.update(str(path.relative_to(PACKAGE)).encode() + b"\0" + path.read_bytes())
    for name in _LIBRARIES:
        digest.update(f"{name}={importlib.metadata.version(name)}".encode())
    return digest.hexdigest()


def confirmable(db_path: Path, files: Iterable[RawFile]) -> str | None:
    """The published warehouse's last run, when this run would give exactly its figures
    and findings: the same inputs, and no finding that compares with the run before it
    (a rule reading intermediate.figure_changes, which a new run would not repeat)."""
    if not db_path.exists():
        return None
    fingerprint = inputs_fingerprint(files)
    comparing = [p.stem for p in sql_files("rules") if "figure_changes" in p.read_text()]
    try:
        con = duckdb.connect(str(db_path), read_only=True)
    except duckdb.Error:
        return None  # the full run reports what is wrong with it
    try:
        last = con.execute(
            "select run_id, inputs_sha256 from audit.runs order by started_at desc limit 1"
        ).fetchone()
        if last is None or last[1] != fingerprint:
            return None
        compared = scalar(
            con,
            "select count(*) from audit.findings where run_id = $run_id "
            "and list_contains($rules, rule_id)",
            {"run_id": last[0], "rules": comparing},
        )
    except duckdb.Error:
        return None  # an older warehouse, without the columns: read everything
    finally:
        con.close()
    return last[0] if compared == 0 else None


def confirm(path: Path, *, run: RunInfo, previous: Path, files: list[RawFile]) -> dict:
    """Build at ``path`` the warehouse of a run whose inputs are those of ``previous``'s
    last run (`confirmable`): a copy of it in which this run takes the last run's findings,
    quarantine and accounting, the finding history moves on a run, and the figures become
    the ones the next run compares with. What a full run would build, without reading a
    file again. Returns the counts as `build` does."""
    for leftover in (path, path.with_name(path.name + ".wal")):
        leftover.unlink(missing_ok=True)
    shutil.copyfile(previous, path)
    con = duckdb.connect(str(path))
    try:
        last, figures_from = one_row(
            con,
            "select run_id, coalesce(figures_from_run, run_id) from audit.runs "
            "order by started_at desc limit 1",
        )
        for table in ("audit.findings", "audit.quarantine", "audit.file_accounting"):
            con.execute(
                f"update {table} set run_id = $run_id where run_id = $last",
                {"run_id": run.run_id, "last": last},
            )
        con.execute("delete from audit.previous_figures")
        con.execute(PREVIOUS_FIGURES.format(db=""))
        update_finding_history(con, run.run_id)
        accounting = con.execute(
            "select * from audit.file_accounting where run_id = $run_id order by source_file",
            {"run_id": run.run_id},
        ).df()
        data_files = sum(f.role in ("allocations", "press") for f in files)
        counts = record_run(
            con, run, files, accounting, data_files, inputs_fingerprint(files), figures_from
        )
        con.execute("checkpoint")
    finally:
        con.close()
    return counts | {"accounting": accounting.to_dict("records")}
