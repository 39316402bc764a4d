"""The pipeline's stages as plain functions: tested directly, wrapped as tasks by pipeline.py."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from flows import warehouse
from flows.ingest.bulk import BULK_MIN_ROWS, BulkPlan, plan_bulk
from flows.ingest.cache import ReadCache
from flows.ingest.files import RawFile, inventory
from flows.ingest.press import read_press
from flows.ingest.reference import (
    ACCOUNTABILITY_FILE,
    ANCHORS_FILE,
    BPS_CODES_FILE,
    REGIONS_FILE,
    VOTERS_FILE,
    gazetteer,
    read_accountability,
    read_anchors,
    read_bps_codes,
    read_regions,
    read_voters,
    region_lookup,
)
from flows.ingest.tabular import FileReadError, TableRead, read_table
from flows.parse.regions import Gazetteer
from flows.validate import Validated, file_finding, records_frame, validate_records
from schemas.reference import RawUnitSchema

UNIT_COLUMNS = ["source_file", "row_number", "locator", "line_text", "cells"]


@dataclass
class Ingested:
    """Everything read from raw/, before validation."""

    files: list[RawFile]
    regions: pd.DataFrame
    raw_rows: pd.DataFrame
    records: pd.DataFrame
    rejects: list[dict] = field(default_factory=list)
    skipped: list[dict] = field(default_factory=list)
    file_findings: list[dict] = field(default_factory=list)
    read_errors: dict[str, str] = field(default_factory=dict)
    references: dict[str, pd.DataFrame] = field(default_factory=dict)  # core table → rows
    unchanged: list[str] = field(default_factory=list)  # files read from the cache
    bulk: list[BulkPlan] = field(default_factory=list)  # registers DuckDB reads at load time
    gazetteer: Gazetteer | None = None  # to read the bulk registers' region values


def ingest(
    raw_dir: Path,
    cache_dir: Path | None = None,
    progress: Callable[[str], None] | None = None,
    bulk_min_rows: int = BULK_MIN_ROWS,
) -> Ingested:
    """Read every file under ``raw_dir``. A file that cannot be read is reported and skipped.
    With ``cache_dir``, a file unchanged since the last run is not parsed again."""
    files = inventory(raw_dir)
    by_path = {f.path: f for f in files}
    if REGIONS_FILE not in by_path:
        raise FileNotFoundError(f"{Path(raw_dir) / REGIONS_FILE}: region reference not found")
    return ingest_files(
        files, by_path[REGIONS_FILE], cache_dir, progress, bulk_min_rows=bulk_min_rows
    )


def ingest_files(
    files: list[RawFile],
    regions_file: RawFile,
    cache_dir: Path | None = None,
    progress: Callable[[str], None] | None = None,
    reference_files: list[RawFile] | None = None,
    bulk_min_rows: int = BULK_MIN_ROWS,
) -> Ingested:
    """Read ``files`` against the region reference. The reference files among them
    (raw/reference/), or in ``reference_files`` (read, not reported on), fill their core
    tables; BPS's code bridge among them is used to read codes."""
    by_path = {f.path: f for f in [*(reference_files or []), *files]}
    regions = read_regions(regions_file)
    bridge_file = by_path.get(BPS_CODES_FILE)
    bps_codes = read_bps_codes(bridge_file, regions) if bridge_file else None
    references = {
        table: reader(by_path[path])
        for table, path, reader in (
            ("core.voters", VOTERS_FILE, read_voters),
            ("core.anchors", ANCHORS_FILE, read_anchors),
            ("core.accountability_reports", ACCOUNTABILITY_FILE, read_accountability),
        )
        if path in by_path
    }
    if bps_codes is not None:
        references["core.region_codes_bps"] = bps_codes
    lookup = region_lookup(regions)
    names = gazetteer(regions, bps_codes)
    context = regions_file.sha256 + (bridge_file.sha256 if bridge_file else "")
    cache = ReadCache(cache_dir, context) if cache_dir else None

    def read(file: RawFile) -> TableRead:
        if file.role == "press":
            return read_press(file, names)
        return read_table(file, lookup, names)

    rows, records, rejects, skipped, findings, errors = [], [], [], [], [], {}
    unchanged: list[str] = []
    bulk: list[BulkPlan] = []
    for number, file in enumerate(files, start=1):
        if progress and file.role in ("allocations", "press"):
            progress(f"[{number}/{len(files)}] {file.path}")
        if not file.provenance and file.role in ("allocations", "press", "reference"):
            findings.append(file_finding("provenance-missing", file.path, observed=file.path))
        if file.role == "unsupported":
            findings.append(file_finding("file-format-unsupported", file.path, file.path))
            continue
        if file.role not in ("allocations", "press"):
            continue
        plan = plan_bulk(file, bulk_min_rows) if file.role == "allocations" else None
        if plan is not None:
            bulk.append(plan)  # read by DuckDB when the warehouse is built
            continue
        try:
            if cache is None:
                table = read(file)
            else:
                table, hit = cache.read(file, lambda file=file: read(file))
                if hit:
                    unchanged.append(file.path)
        except (FileReadError, UnicodeError, ValueError) as exc:
            message = str(exc) if str(exc).startswith(file.path) else f"{file.path}: {exc}"
            errors[file.path] = message
            findings.append(file_finding("file-unreadable", file.path, observed=message))
            continue
        findings.extend(
            file_finding("sheet-without-table", file.path, observed=note)
            for note in table.sheet_notes
        )
        rows.append(table.rows)
        records.extend(table.records.to_dict("records"))
        rejects.extend(table.rejects)
        skipped.extend(table.skipped)
    raw_rows = pd.concat(rows, ignore_index=True) if rows else pd.DataFrame(columns=UNIT_COLUMNS)
    raw_rows = raw_rows.astype({"source_file": "str", "locator": "str", "line_text": "str",
                                "cells": "str", "row_number": "int64"})  # fmt: skip
    RawUnitSchema.validate(raw_rows)  # a reader bug, not a data finding, if this fails
    if cache is not None:
        cache.prune()
    return Ingested(
        files=files,
        regions=regions,
        raw_rows=raw_rows,
        records=records_frame(records),
        rejects=rejects,
        skipped=skipped,
        file_findings=findings,
        read_errors=errors,
        references=references,
        unchanged=unchanged,
        bulk=bulk,
        gazetteer=names,
    )


def build_warehouse(
    path: Path,
    run: warehouse.RunInfo,
    ingested: Ingested,
    checked: Validated,
    previous: Path | None = None,
    rule_params: dict[str, object] | None = None,
) -> dict:
    """The warehouse of what was read and checked, built at ``path`` (see warehouse.build)."""
    return warehouse.build(
        path,
        run=run,
        previous=previous,
        files=ingested.files,
        read_errors=ingested.read_errors,
        regions=ingested.regions,
        raw_rows=ingested.raw_rows,
        skipped=ingested.skipped,
        allocations=checked.allocations,
        quarantine=checked.quarantine,
        findings=checked.findings,
        references=ingested.references,
        rule_params=rule_params,
        unchanged=ingested.unchanged,
        bulk=ingested.bulk,
        gazetteer=ingested.gazetteer,
    )


def validate(ingested: Ingested) -> Validated:
    """Schema checks over all records, parse rejects and file problems folded in."""
    return validate_records(
        ingested.records,
        ingested.rejects,
        region_codes=ingested.regions["region_code"],
        file_findings=ingested.file_findings,
    )
