"""The nightly flow: ingest → validate → warehouse → reports, then publish. Orchestration only:
each task calls one plain function from the stages, which are tested on their own."""

from __future__ import annotations

import datetime as dt
import functools
import secrets
import shutil
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar, cast

from prefect import flow, get_run_logger, task, unmapped
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE
from prefect.runtime import flow_run
from prefect.utilities.annotations import quote

from hibah import publish, stages, warehouse
from hibah.ingest.files import RawFile, inventory
from hibah.ingest.reference import REGIONS_FILE
from hibah.lock import run_lock
from hibah.reports import data as report_data
from hibah.reports import page
from hibah.validate import Validated

T = TypeVar("T")

CACHE_DIR = ".hibah-cache"  # beside the warehouse


@dataclass
class RunSummary:
    run_id: str
    counts: dict
    accounting: list[dict]
    db_path: Path
    report_path: Path
    confirmed: str | None = None  # the run whose figures this one confirmed, if it did


@task(name="inventory", cache_policy=NO_CACHE)
def inventory_task(raw_dir: Path) -> list[RawFile]:
    files = inventory(raw_dir)
    if not any(f.path == REGIONS_FILE for f in files):
        raise FileNotFoundError(f"{raw_dir / REGIONS_FILE}: region reference not found")
    return files


@task(name="prepare", cache_policy=NO_CACHE)
def prepare_task(files: list[RawFile], cache_dir: Path) -> stages.ReadContext:
    regions = next(f for f in files if f.path == REGIONS_FILE)
    return stages.prepare(files, regions, cache_dir)


# Files are read in batches, one task each: one batch by default (a Prefect task costs about
# 0.1 s, more than reading a press release), and several when a Dask task runner spreads
# them over processes (`hibah run --workers N`). Reading is deterministic: a retry would
# fail the same way, so there is none.
@task(name="read", task_run_name="read {label}", cache_policy=NO_CACHE)
def read_task(batch: Batch, context: stages.ReadContext, label: str) -> stages.ReadBatch:
    files_log = FilesLog(get_run_logger().info)
    with files_log.watching():
        read = stages.read_batch(batch.files, context, files_log.reading)
    files_log.done()
    return read


class FilesLog:
    """The files a read task reads, each named in its log, in a line a second at most:
    the file being read, and those read since the last line. A line a file cost more than
    the reading (1-2 ms each through Prefect's log handler against about 0.7 ms to read a
    press release: 2-3 s of a run on 2,000 releases). A file read for a second or more is
    named while it is read (`tick`, from a thread `watching` starts), so a task stuck on
    a file says which."""

    def __init__(self, log: Callable[..., None], every: float = 1.0, clock=time.monotonic):
        self.log, self.every, self.clock = log, every, clock
        self.read: list[str] = []  # read since the last line
        self.current: str | None = None  # being read
        self.named: str | None = None  # the file the last line said was being read
        self.last: float | None = None  # when the last line was written
        self.lock = threading.Lock()

    def reading(self, file: RawFile) -> None:
        """Told of each file before it is read."""
        if file.role not in ("allocations", "press"):
            return
        with self.lock:
            if self.current is not None:
                self.read.append(self.current)
            self.current = file.path
            self._line()

    def tick(self) -> None:
        """The file being read, named if it was not yet and a second has passed."""
        with self.lock:
            if self.current != self.named:
                self._line()

    def done(self) -> None:
        with self.lock:
            if self.current is not None:
                self.read.append(self.current)
            if self.read:
                self.log("read: %s", ", ".join(self.read))
            self.read, self.current = [], None

    @contextmanager
    def watching(self) -> Iterator[None]:
        stop = threading.Event()
        watcher = threading.Thread(target=self._watch, args=(stop,), daemon=True)
        watcher.start()
        try:
            yield
        finally:
            stop.set()
            watcher.join()

    def _watch(self, stop: threading.Event) -> None:
        while not stop.wait(self.every):
            self.tick()

    def _line(self) -> None:
        now = self.clock()
        if self.last is not None and now - self.last < self.every:
            return
        before = f"; read before it: {', '.join(self.read)}" if self.read else ""
        self.log("reading %s%s", self.current, before)
        self.read, self.named, self.last = [], self.current, now


class Batch:
    """The files one read task reads, in a plain object: Prefect walks a task's list and
    dataclass arguments looking for futures, each file of them, in the flow and again in
    the worker (0.2 s a thousand files), and passes other objects on as they are."""

    __slots__ = ("files",)

    def __init__(self, files: list[RawFile]):
        self.files = files


def batches(files: list[RawFile], count: int) -> list[list[RawFile]]:
    """``files`` in ``count`` batches of similar total size of the files to read (largest
    first, each to the lightest batch). The reference tables and the manifest weigh
    nothing there: read once before, they weighed 300 releases on 2,000."""
    out: list[list[RawFile]] = [[] for _ in range(max(1, min(count, len(files))))]
    sizes = [0] * len(out)
    for file in sorted(files, key=_read_weight, reverse=True):
        lightest = sizes.index(min(sizes))
        out[lightest].append(file)
        sizes[lightest] += _read_weight(file)
    return [sorted(batch, key=lambda f: f.path) for batch in out if batch]


def _read_weight(file: RawFile) -> int:
    return file.size_bytes if file.role in ("allocations", "press") else 0


@task(name="combine", cache_policy=NO_CACHE)
def combine_task(
    files: list, context: stages.ReadContext, batches: list[stages.ReadBatch]
) -> stages.Ingested:
    logger = get_run_logger()
    ingested = stages.combine(files, context, batches)
    for error in ingested.read_errors.values():
        logger.warning("%s", error)
    logger.info(
        "read %d files (%d unchanged since the last run, not parsed again; %d registers "
        "for DuckDB to load), %d rows",
        len(ingested.files),
        len(ingested.unchanged),
        len(ingested.bulk),
        len(ingested.raw_rows),
    )
    return ingested


@task(name="validate", cache_policy=NO_CACHE)
def validate_task(ingested: stages.Ingested) -> Validated:
    checked = stages.validate(ingested)
    get_run_logger().info(
        "validated: %d records valid, %d rows quarantined",
        len(checked.allocations),
        len(checked.quarantine),
    )
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


@task(name="confirm-warehouse", cache_policy=NO_CACHE)
def confirm_task(
    staging: Path, db_path: Path, run: warehouse.RunInfo, files: list[RawFile], last: str
) -> dict:
    get_run_logger().info(
        "every input is as run %s read it: its figures and findings are confirmed, no file "
        "is read again",
        last,
    )
    return warehouse.confirm(staging, run=run, previous=db_path, files=files)


@task(name="refresh-reports", cache_policy=NO_CACHE)
def refresh_reports_task(
    staging_db: Path, reports_dir: Path, staging_reports: Path, last: str
) -> bool:
    return page.refresh_site(report_data.load(staging_db), reports_dir, staging_reports, last)


@task(name="build-reports", cache_policy=NO_CACHE)  # deterministic: a retry fails alike
def reports_task(staging_db: Path, staging_reports: Path) -> Path:
    return page.write_site(report_data.load(staging_db), staging_reports)


# With a Dask task runner the site is drawn by one task a worker, each taking the next part
# (the exports, a page) no other has taken: drawing great tables is most of a run on many
# small files (bench/workers.py).
@task(name="draw-site", task_run_name="draw {label}", cache_policy=NO_CACHE)
def draw_task(staging_db: Path, staging_reports: Path, label: str) -> list[str]:
    """Draw the parts of the site no other task has taken; returns every part of it."""
    data = _report_data(staging_db)
    parts = page.draw_order(data)
    drawn = page.draw_unclaimed(data, staging_reports, parts)
    get_run_logger().info("drew %d of %d parts: %s", len(drawn), len(parts), ", ".join(drawn))
    return parts


def _report_data(staging_db: Path) -> report_data.ReportData:
    """The report data of a finished warehouse, loaded once a process (a worker of a cluster
    with fewer workers than draw tasks runs several of them)."""
    stat = staging_db.stat()
    return _load_report_data(staging_db, stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=1)
def _load_report_data(staging_db: Path, mtime_ns: int, size: int) -> report_data.ReportData:
    return report_data.load(staging_db)


def draw_in_parallel(staging_db: Path, staging_reports: Path, count: int) -> None:
    """The site as `reports_task` writes it, by ``count`` tasks, one a worker, that take
    its parts (the exports, each page) in turn, heaviest first, until none is left: the
    parts weigh from 0.01 to 2 s, and shares fixed in advance left one worker waiting for
    the other, and cost a Prefect task each (0.2-0.4 s on a worker). Each task loads the
    report data and finds the parts itself: the flow loading them first held the workers
    back (0.3-0.4 s on 2,000 releases). A part a lost worker left undrawn is drawn here."""
    labels = [f"({i}/{count})" for i in range(1, count + 1)]
    parts = draw_task.map(unmapped(staging_db), unmapped(staging_reports), labels).result()[0]
    left = page.undrawn(staging_reports, parts)
    if left:
        get_run_logger().warning("drawing here what no worker finished: %s", ", ".join(left))
        page.draw_parts(_report_data(staging_db), staging_reports, left)
    page.clear_claims(staging_reports)


@task(name="publish", cache_policy=NO_CACHE)
def publish_task(db_path: Path, reports_dir: Path, run_id: str) -> Path:
    """Warehouse and site switch to this run's folder in one step (hibah/publish.py)."""
    return publish.publish(db_path, reports_dir, run_id, get_run_logger().info)


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
def hibah_flow(
    raw_dir: Path, db_path: Path, reports_dir: Path, parts: int = 1, wait: bool = False
) -> RunSummary:
    """Read raw/, check it, build the warehouse and the reports, and publish both.
    ``parts`` splits the reading, and the drawing of the pages, into that many tasks (for a
    Dask task runner). One run at a time per warehouse: another one running, this one
    fails at once naming it (`RunLocked`), or with ``wait`` waits for it."""
    db_path = Path(db_path)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    logger = get_run_logger()
    with run_lock(db_path, wait, lambda who: logger.info("waiting for the run of %s", who)):
        return _run(Path(raw_dir), db_path, Path(reports_dir), parts)


def _quoted(value: T) -> T:
    """``value`` for a task Prefect does not walk through (`prefect.utilities.annotations.quote`;
    the task gets ``value`` itself)."""
    return cast(T, quote(value))


def _read_and_build(
    files: list[RawFile], staging_db: Path, db_path: Path, run: warehouse.RunInfo, parts: int
) -> dict:
    """Read every file (in ``parts`` batches, on the flow's task runner), validate what was
    read, and build the run's warehouse at ``staging_db``; the build's counts. The files and
    what is read of them are passed quoted to the tasks the flow calls: Prefect would
    otherwise walk every record of them looking for futures (a second a task on 2,000 press
    releases). A mapped task gets its files in a `Batch`, which Prefect does not walk (a
    quoted list the Dask runner hands on still quoted)."""
    context = prepare_task(_quoted(files), db_path.parent / CACHE_DIR)
    groups = batches(files, parts)
    labels = [f"{len(g)} files ({i}/{len(groups)})" for i, g in enumerate(groups, 1)]
    reads = read_task.map([Batch(g) for g in groups], context=unmapped(context), label=labels)
    done = reads.result()
    ingested = combine_task(_quoted(files), _quoted(context), _quoted(done))
    checked = validate_task(_quoted(ingested))
    return build_task(staging_db, db_path, run, _quoted(ingested), _quoted(checked))


def _run(raw_dir: Path, db_path: Path, reports_dir: Path, parts: int) -> RunSummary:
    """The flow's body, under the warehouse's lock."""
    started = dt.datetime.now(dt.UTC)
    run = warehouse.RunInfo(
        run_id=started.strftime("%Y%m%dT%H%M%SZ-") + secrets.token_hex(3),
        flow_run_id=flow_run.get_id(),
        started_at=started,
    )
    publish.clear_leftovers(db_path, reports_dir)
    staging_db = publish.staging_db(db_path, run.run_id)
    staging_reports = publish.staging_site(db_path, run.run_id)
    staging_reports.mkdir(parents=True)
    try:
        files = inventory_task(raw_dir)
        # a run whose inputs are all as the last run read them confirms its figures
        last = warehouse.confirmable(db_path, files) if reports_dir.is_dir() else None
        if last is not None:
            counts = confirm_task(staging_db, db_path, run, _quoted(files), last)
            refreshed = refresh_reports_task(staging_db, reports_dir, staging_reports, last)
        else:
            counts = _read_and_build(files, staging_db, db_path, run, parts)
            refreshed = False
        accounting = counts.pop("accounting")
        if not refreshed and parts > 1:
            draw_in_parallel(staging_db, staging_reports, parts)
        elif not refreshed:
            reports_task(staging_db, staging_reports)
        index = publish_task(db_path, reports_dir, run.run_id)
    finally:
        # a run that failed removes its folder, unless it is the published one (a failure
        # after the switch, while tidying up)
        if publish.current_run(db_path) != run.run_id:
            shutil.rmtree(publish.run_folder(db_path, run.run_id), ignore_errors=True)
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
        confirmed=last,
    )


def with_runner(flow_fn, address: str | None):
    """The flow with its files read and its pages drawn on the Dask cluster at ``address``
    (hibah.cluster.local_cluster starts a local one), or as it is."""
    if not address:
        return flow_fn
    from prefect_dask import DaskTaskRunner

    return flow_fn.with_options(task_runner=DaskTaskRunner(address=address))
