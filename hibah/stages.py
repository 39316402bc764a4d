"""The pipeline's stages as plain functions: tested directly, wrapped as tasks by pipeline.py."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd

from hibah import warehouse
from hibah.ingest.bulk import BULK_MIN_ROWS, BulkPlan, plan_bulk
from hibah.ingest.cache import ReadCache
from hibah.ingest.files import RawFile, inventory
from hibah.ingest.press import published_date, read_press
from hibah.ingest.reference import (
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
from hibah.ingest.tabular import FileReadError, TableRead, read_table
from hibah.parse.regions import Gazetteer
from hibah.schemas.reference import UNIT_COLUMNS, RawUnitSchema
from hibah.validate import Validated, file_finding, records_frame, validate_records


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


@dataclass
class ReadContext:
    """What reading a file needs besides the file: the region reference, the gazetteer and
    the read cache. Plain data, so a worker process can be handed it."""

    regions: pd.DataFrame
    references: dict[str, pd.DataFrame]
    lookup: dict[str, dict[str, str]]
    names: Gazetteer
    cache: ReadCache | None
    bulk_min_rows: int = BULK_MIN_ROWS


@dataclass
class FileRead:
    """What reading one file gave: a table read row by row, or a plan to load it in bulk,
    or the reason it could not be read; and the file's own findings."""

    file: RawFile
    table: TableRead | None = None
    plan: BulkPlan | None = None
    error: str | None = None
    findings: list[dict] = field(default_factory=list)
    cache_hit: bool = False
    cache_entry: Path | None = None


def ingest_files(
    files: list[RawFile],
    regions_file: RawFile,
    cache_dir: Path | None = None,
    progress: Callable[[str], None] | None = None,
    reference_files: list[RawFile] | None = None,
    bulk_min_rows: int = BULK_MIN_ROWS,
) -> Ingested:
    """Read ``files`` against the region reference, one after the other (the flow maps
    `read_file` over them instead). The reference files among them (raw/reference/), or in
    ``reference_files`` (read, not reported on), fill their core tables; BPS's code bridge
    among them is used to read codes."""
    context = prepare(files, regions_file, cache_dir, reference_files, bulk_min_rows)
    read = [f for f in files if f.role in ("allocations", "press")]
    numbers = {f.path: f"[{i}/{len(read)}] {f.path}" for i, f in enumerate(read, 1)}

    def on_file(file: RawFile) -> None:
        if progress and file.path in numbers:
            progress(numbers[file.path])

    return combine(files, context, [read_batch(files, context, on_file)])


def prepare(
    files: list[RawFile],
    regions_file: RawFile,
    cache_dir: Path | None = None,
    reference_files: list[RawFile] | None = None,
    bulk_min_rows: int = BULK_MIN_ROWS,
) -> ReadContext:
    """The region reference, the other reference tables and the gazetteer, read once."""
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
    cache_context = regions_file.sha256 + (bridge_file.sha256 if bridge_file else "")
    return ReadContext(
        regions=regions,
        references=references,
        lookup=region_lookup(regions),
        names=gazetteer(regions, bps_codes),
        cache=ReadCache(cache_dir, cache_context) if cache_dir else None,
        bulk_min_rows=bulk_min_rows,
    )


def read_file(file: RawFile, context: ReadContext) -> FileRead:
    """Read one file: a table or a press text row by row (from the cache when unchanged), or
    a plan for DuckDB to load a register in bulk. A file that cannot be read is a finding."""
    out = FileRead(file)
    if not file.provenance and file.role in ("allocations", "press", "reference"):
        out.findings.append(file_finding("provenance-missing", file.path, observed=file.path))
    if file.role == "press":
        problem = published_date(file)[1]
        if problem:
            out.findings.append(file_finding("published-date-unusable", file.path, problem))
    if file.role == "outside":
        out.findings.append(file_finding("file-outside-raw", file.path, file.path))
        return out
    if file.role == "duplicate":
        out.findings.append(file_finding("file-duplicate", file.path, file.path, file.same_as))
        return out
    if file.role == "unsupported":
        out.findings.append(file_finding("file-format-unsupported", file.path, file.path))
        return out
    if file.role not in ("allocations", "press"):
        return out
    if file.role == "allocations":
        out.plan = plan_bulk(file, context.bulk_min_rows)
        if out.plan is not None:  # read by DuckDB when the warehouse is built
            out.findings.extend(  # what reading it noted: header-repeated, bytes-replaced
                file_finding(rule_id, file.path, observed=note) for rule_id, note in out.plan.notes
            )
            return out

    def read() -> TableRead:
        if file.role == "press":
            return read_press(file, context.names)
        return read_table(file, context.lookup, context.names, bulk_min_rows=context.bulk_min_rows)

    try:
        if context.cache is None:
            out.table = read()
        else:
            out.table, out.cache_hit = context.cache.read(file, read)
            out.cache_entry = context.cache.entry(file)
    except (FileReadError, UnicodeError, OSError) as exc:  # the documented reading errors
        # (anything else is a bug in a reader: it fails the run, with its traceback)
        message = str(exc) if str(exc).startswith(file.path) else f"{file.path}: {exc}"
        out.error = message
        out.findings.append(file_finding("file-unreadable", file.path, observed=message))
        return out
    if out.table.register is not None:  # tables DuckDB checks and sums when it loads them
        out.plan = out.table.register.plan(file)
        out.table.register = None
    out.findings.extend(
        file_finding("sheet-without-table", file.path, observed=note)
        for note in out.table.sheet_notes
    )
    out.findings.extend(  # what the reader noted: header-repeated, bytes-replaced
        file_finding(rule_id, file.path, observed=note) for rule_id, note in out.table.notes
    )
    return out


@dataclass
class ReadBatch:
    """What reading some files gave, their tables put together: two frames, built once from
    the rows of dicts the readers give, to hand back from a worker and to concatenate. (Two
    frames a file, built, pickled and concatenated, took longer than reading the files:
    2,000 press releases were ingested in 4.3 s that way, in 1.6 s this way.)"""

    reads: list[FileRead]  # each file's read, its table moved into the fields below
    rows: pd.DataFrame | None = None
    records: pd.DataFrame | None = None
    rejects: list[dict] = field(default_factory=list)
    skipped: list[dict] = field(default_factory=list)


def read_batch(
    files: list[RawFile],
    context: ReadContext,
    on_file: Callable[[RawFile], None] | None = None,
) -> ReadBatch:
    """Read ``files`` one after the other (`read_file`; ``on_file`` is told of each before
    it is read) and put their tables together."""
    reads = []
    for file in files:
        if on_file:
            on_file(file)
        reads.append(read_file(file, context))
    tables = [r.table for r in reads if r.table is not None]
    if not tables:
        return ReadBatch(reads)
    return ReadBatch(
        reads=[replace(r, table=None) for r in reads],
        rows=pd.DataFrame([x for t in tables for x in t.rows], columns=UNIT_COLUMNS),
        records=pd.DataFrame([x for t in tables for x in t.records]),
        rejects=[x for t in tables for x in t.rejects],
        skipped=[x for t in tables for x in t.skipped],
    )


def combine(files: list[RawFile], context: ReadContext, batches: list[ReadBatch]) -> Ingested:
    """What the files gave, put together; cache entries no file used any more are dropped."""
    reads = [r for batch in batches for r in batch.reads]
    rows = [b.rows for b in batches if b.rows is not None]
    records = [b.records for b in batches if b.records is not None]
    raw_rows = pd.concat(rows, ignore_index=True) if rows else pd.DataFrame(columns=UNIT_COLUMNS)
    raw_rows = raw_rows.astype(
        {
            "source_file": "str",
            "locator": "str",
            "line_text": "str",
            "cells": "str",
            "row_number": "int64",
        }
    )
    RawUnitSchema.validate(raw_rows)  # a reader bug, not a data finding, if this fails
    if context.cache is not None:
        context.cache.prune({r.cache_entry for r in reads if r.cache_entry is not None})
    return Ingested(
        files=files,
        regions=context.regions,
        raw_rows=raw_rows,
        records=records_frame(pd.concat(records, ignore_index=True) if records else []),
        rejects=[x for b in batches for x in b.rejects],
        skipped=[x for b in batches for x in b.skipped],
        file_findings=[f for r in reads for f in r.findings],
        read_errors={r.file.path: r.error for r in reads if r.error},
        references=context.references,
        unchanged=[r.file.path for r in reads if r.cache_hit],
        bulk=[r.plan for r in reads if r.plan is not None],
        gazetteer=context.names,
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
