"""The nightly flow: ingest → validate → warehouse → reports, then publish. Orchestration only:
each task calls one plain function from the stages, which are tested on their own."""

from __future__ import annotations

import datetime as dt
import secrets
import shutil
from dataclasses import dataclass
from pathlib import Path

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE
from prefect.runtime import flow_run

from flows import stages, warehouse
from flows.reports import data as report_data
from flows.reports import page
from flows.validate import Validated

CACHE_DIR = ".hibah-cache"  # beside the warehouse


@dataclass
class RunSummary:
    run_id: str
    counts: dict
    accounting: list[dict]
    db_path: Path
    report_path: Path


@task(name="ingest", cache_policy=NO_CACHE, retries=2, retry_delay_seconds=10)
def ingest_task(raw_dir: Path, cache_dir: Path) -> stages.Ingested:
    logger = get_run_logger()
    ingested = stages.ingest(raw_dir, cache_dir, progress=logger.info)
    for error in ingested.read_errors.values():
        logger.warning("%s", error)
    logger.info(
        "read %d files (%d unchanged since the last run, not parsed again), %d rows",
        len(ingested.files), len(ingested.unchanged), len(ingested.raw_rows),
    )  # fmt: skip
    return ingested


@task(name="validate", cache_policy=NO_CACHE)
def validate_task(ingested: stages.Ingested) -> Validated:
    checked = stages.validate(ingested)
    get_run_logger().info(
        "validated: %d records valid, %d rows quarantined",
        len(checked.allocations), len(checked.quarantine),
    )  # fmt: skip
    return checked


@task(name="build-warehouse", cache_policy=NO_CACHE)
def build_task(
    staging: Path,
    db_path: Path,
    run: warehouse.RunInfo,
    ingested: stages.Ingested,
    checked: Validated,
) -> dict:
    return stages.build_warehouse(staging, run, ingested, checked, previous=db_path)


@task(name="build-reports", cache_policy=NO_CACHE, retries=1, retry_delay_seconds=5)
def reports_task(staging_db: Path, staging_reports: Path) -> Path:
    return page.write_site(report_data.load(staging_db), staging_reports)


@task(name="publish", cache_policy=NO_CACHE)
def publish_task(staging_db: Path, db_path: Path, staging_reports: Path, reports_dir: Path) -> Path:
    warehouse.publish(staging_db, db_path)
    page.publish_site(staging_reports, reports_dir)
    return reports_dir / "index.html"


def _artifact(run_id: str, counts: dict, index: Path) -> str:
    c = counts
    return (
        f"# hibah run {run_id}\n\n"
        f"| files | unchanged | rows read | loaded | quarantined | skipped |\n"
        f"|---|---|---|---|---|---|\n"
        f"| {c['files']} | {c['files_unchanged']} | {c['rows_read']} | {c['loaded']} | "
        f"{c['quarantined']} | {c['skipped']} |\n\n"
        f"Findings: {c['errors']} error, {c['warnings']} warning, {c['infos']} info.\n\n"
        f"Report: `{index.resolve()}`\n"
    )


@flow(name="hibah-nightly", log_prints=False)
def hibah_flow(raw_dir: Path, db_path: Path, reports_dir: Path) -> RunSummary:
    """Read raw/, check it, build the warehouse and the reports, and publish both."""
    raw_dir, db_path, reports_dir = Path(raw_dir), Path(db_path), Path(reports_dir)
    started = dt.datetime.now(dt.UTC)
    run = warehouse.RunInfo(
        run_id=started.strftime("%Y%m%dT%H%M%SZ-") + secrets.token_hex(3),
        flow_run_id=flow_run.get_id(),
        started_at=started,
    )
    db_path.parent.mkdir(parents=True, exist_ok=True)
    staging_db = warehouse.staging_path(db_path, run.run_id)
    staging_reports = reports_dir / f".{run.run_id}.building"
    try:
        ingested = ingest_task(raw_dir, db_path.parent / CACHE_DIR)
        checked = validate_task(ingested)
        counts = build_task(staging_db, db_path, run, ingested, checked)
        accounting = counts.pop("accounting")
        reports_task(staging_db, staging_reports)
        index = publish_task(staging_db, db_path, staging_reports, reports_dir)
    finally:
        warehouse.discard(staging_db)
        shutil.rmtree(staging_reports, ignore_errors=True)
    create_markdown_artifact(
        key="hibah-run",
        markdown=_artifact(run.run_id, counts, index),
        description="What the run read, loaded and found, and where its report is.",
    )
    get_run_logger().info(
        "run %s: %d rows read, %d loaded, %d quarantined, %d skipped",
        run.run_id,
        counts["rows_read"],
        counts["loaded"],
        counts["quarantined"],
        counts["skipped"],
    )
    return RunSummary(
        run_id=run.run_id,
        counts=counts,
        accounting=accounting,
        db_path=db_path,
        report_path=index,
    )
