"""`hibah check`: validate files the way a run would, without touching the warehouse.

The files are read, checked by the schema and by every SQL rule in a throwaway warehouse in
a temporary folder, and the findings printed grouped by rule, with their locations.
Publishers can run it before they publish. The reference files beside the region reference
(BPS's bridge, voters, anchor dates, filings) are read as a run reads them. not-disclosed, a
rule over the whole roster, is listed only for the regions the files give figures for; the
rest are counted.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Iterator
from pathlib import Path

import duckdb

from hibah import stages, warehouse
from hibah.duck import scalar
from hibah.ingest.files import leaves, raw_file, read_manifest, refused
from hibah.ingest.reference import (
    ACCOUNTABILITY_FILE,
    ANCHORS_FILE,
    BPS_CODES_FILE,
    REGIONS_FILE,
    VOTERS_FILE,
)

INFO_LISTED = 10


class NothingToCheck(ValueError):
    """No table or press text among the paths given: checking nothing must not pass."""


def collect(paths: list[Path]) -> list[tuple[Path, str, Path | None]]:
    """(file, id, folder) for every file named or under a folder named. An id is the file's
    path from the nearest folder at or above it that holds a sources.csv (raw/press/x.txt
    is press/x.txt, as raw/sources.csv lists it), else from the folder named (or its name).
    ``folder`` is the folder named (resolved), None for a file named."""
    out: list[tuple[Path, str, Path | None]] = []
    for path in paths:
        if path.is_dir():
            root = path.resolve()
            base = _manifest_folder(path) or root
            out += [
                (p, (root.relative_to(base) / p.relative_to(path)).as_posix(), root)
                for p in sorted(path.rglob("*"))
                if p.is_file() and not any(s.startswith(".") for s in p.parts)
            ]
        else:
            above = _manifest_folder(path.parent)
            rel = path.resolve().relative_to(above).as_posix() if above else path.name
            out.append((path, rel, None))
    return out


def _manifest_folder(folder: Path) -> Path | None:
    """The nearest folder at or above ``folder`` that holds a sources.csv (resolved)."""
    folder = folder.resolve()
    for candidate in [folder, *folder.parents]:
        if (candidate / "sources.csv").is_file():
            return candidate
    return None


def check(paths: list[Path], regions_csv: Path) -> tuple[list[str], int]:
    """Output lines and the number of error findings."""
    manifests: dict[str, dict[str, str]] = {}
    for path in paths:
        folder = _manifest_folder(path if path.is_dir() else path.parent)
        if folder is not None:
            manifests |= read_manifest(folder / "sources.csv")
    files = [  # a link out of a folder named is reported, never read
        refused(p, rel, manifests.get(rel))
        if root and leaves(p, root)
        else raw_file(p, rel, manifests.get(rel))
        for p, rel, root in collect(paths)
    ]
    if not any(f.role in ("allocations", "press") for f in files):
        raise NothingToCheck(
            "no table (CSV, XLSX) or press text (TXT, MD, HTML) among "
            + ", ".join(str(p) for p in paths)
        )
    regions_file = raw_file(regions_csv, REGIONS_FILE)
    # The other reference files beside the region reference (BPS's bridge, voters, anchor
    # dates, filings) are read as a run reads them.
    references = [
        raw_file(regions_csv.with_name(Path(rel).name), rel)
        for rel in (BPS_CODES_FILE, VOTERS_FILE, ANCHORS_FILE, ACCOUNTABILITY_FILE)
        if regions_csv.with_name(Path(rel).name).exists()
    ]
    ingested = stages.ingest_files(files, regions_file, reference_files=references)
    checked = stages.validate(ingested)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "check.duckdb"
        stages.build_warehouse(
            db, warehouse.RunInfo("check", None, dt.datetime.now(dt.UTC)), ingested, checked
        )
        with duckdb.connect(str(db), read_only=True) as con:
            # not-disclosed is about the whole roster; here only the regions these files
            # give figures for count (which of their bodies the files leave out).
            findings = con.execute(
                """
                with covered as (
                    select region_code from core.allocations
                    union select region_code from audit.quarantine
                )
                select rule_id, severity, message, source_file, locator
                from audit.findings
                where rule_id <> 'not-disclosed'
                   or locator in (select region_code from covered)
                order by case severity when 'error' then 0 when 'warning' then 1 else 2 end,
                         rule_id, source_file, row_number, locator
                """
            ).df()
            elsewhere = scalar(
                con, "select count(*) from audit.findings where rule_id = 'not-disclosed'"
            ) - int((findings["rule_id"] == "not-disclosed").sum())
            counts = con.execute(
                "select sum(rows_read), sum(loaded), sum(quarantined), sum(skipped) "
                "from audit.file_accounting"
            ).fetchone()
    lines = list(_report(findings, len(files), counts, elsewhere))
    return lines, int((findings["severity"] == "error").sum())


def _report(findings, n_files: int, counts, elsewhere: int = 0) -> Iterator[str]:
    for (rule_id, severity), group in findings.groupby(["rule_id", "severity"], sort=False):
        yield f"{rule_id} ({severity}): {len(group)}"
        shown = group if severity != "info" else group.head(INFO_LISTED)
        for f in shown.itertuples():
            where = " ".join(str(x) for x in (f.source_file, f.locator) if x and x == x)
            yield f"  {where}: {f.message}"
        if len(shown) < len(group):
            yield f"  ... and {len(group) - len(shown)} more"
    if elsewhere:
        yield (
            f"not-disclosed: {elsewhere} more for regions these files give no figure for "
            "(a run lists every one in exports/findings.csv)"
        )
    read, loaded, quarantined, skipped = (int(c or 0) for c in counts)
    by = findings["severity"].value_counts()
    yield (
        f"{n_files} files · rows read {read} = loaded {loaded} + quarantined {quarantined} "
        f"+ skipped {skipped} · findings: {by.get('error', 0)} error, "
        f"{by.get('warning', 0)} warning, {by.get('info', 0)} info"
    )
