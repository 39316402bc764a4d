"""hibah's command line: argument parsing, exit codes and the closing summary."""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import os
import sys
from contextlib import ExitStack
from pathlib import Path

from hibah.runlog import failed, log_beside, prefect_settings
from hibah.serve import DEFAULT_CRON

USAGE_ERROR = 2
DEFAULT_REGIONS = Path("raw") / "reference" / "regions.csv"  # as --raw: from where hibah runs


class _Parser(argparse.ArgumentParser):
    """Usage errors as one line on stderr, exit 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        sys.stderr.write(f"{self.prog}: error: {message} (see {self.prog} --help)\n")
        sys.exit(USAGE_ERROR)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="hibah",
        description=(
            "Validate, reconcile and report the regional grants (hibah) that fund Indonesia's "
            "2024 regional elections: raw disclosures in, a DuckDB warehouse and HTML reports out."
        ),
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    commands.required = True
    for add in (_add_run, _add_serve, _add_check, _add_extract):
        add(commands)
    return parser


def _add_run(commands) -> None:
    run = commands.add_parser(
        "run",
        help="run the pipeline once on raw/ and publish the warehouse and reports",
        description=(
            "Run the Prefect flow in-process (a temporary Prefect server starts by itself): "
            "read every file under --raw, check it, build the warehouse at --db and the "
            "reports in --reports, then swap both in. Data problems are findings, not "
            "failures: the run succeeds and reports them."
        ),
    )
    run.add_argument(
        "--raw",
        type=Path,
        default=Path("raw"),
        metavar="DIR",
        help="folder of input files and raw/sources.csv (default: raw)",
    )
    run.add_argument(
        "--db",
        type=Path,
        default=Path("hibah.duckdb"),
        metavar="PATH",
        help="DuckDB warehouse to publish (default: hibah.duckdb)",
    )
    run.add_argument(
        "--reports",
        type=Path,
        default=Path("reports"),
        metavar="DIR",
        help="folder for the HTML reports (default: reports)",
    )
    run.add_argument(
        "--workers",
        type=_positive,
        default=1,
        metavar="N",
        help="read files in N processes of a local Dask cluster (default: 1, no Dask)",
    )
    run.add_argument(
        "--dask",
        metavar="ADDRESS",
        help="read files on an existing Dask cluster (scheduler address, e.g. tcp://host:8786)",
    )
    run.add_argument(
        "--wait",
        action="store_true",
        help="when another run is writing the same warehouse, wait for it instead of "
        "refusing (one run at a time per warehouse)",
    )
    run.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        help="show progress (each stage and file) when not on a terminal too",
    )


def _add_serve(commands) -> None:
    serve = commands.add_parser(
        "serve",
        help="run the flow every night on a schedule, on a real Prefect server",
        description=(
            "Serve the nightly flow on a cron schedule in Asia/Jakarta time (default 02:00) "
            "until interrupted. Uses the Prefect server named by PREFECT_API_URL when set; "
            "otherwise starts `prefect server start` on 127.0.0.1 --port, waits for it, and "
            "stops it on exit. Runs, logs and artifacts show in the server's UI."
        ),
    )
    serve.add_argument(
        "--cron",
        default=DEFAULT_CRON,
        help=f"cron schedule in Asia/Jakarta time (default: {DEFAULT_CRON!r})",
    )
    serve.add_argument(
        "--port",
        type=int,
        default=4200,
        help="port of the local server started when PREFECT_API_URL is unset",
    )
    for name, default, what in (
        ("--raw", "raw", "input folder"),
        ("--db", "hibah.duckdb", "warehouse"),
        ("--reports", "reports", "reports folder"),
    ):
        serve.add_argument(
            name, type=Path, default=Path(default), help=f"{what} (default: {default})"
        )


def _add_check(commands) -> None:
    check = commands.add_parser(
        "check",
        help="validate files without touching the warehouse; exit 1 when any has an error",
        description=(
            "Read the files (or every file under the folders) given, check them by the same "
            "schema and SQL rules as a run, and print the findings grouped by rule with "
            "their locations. Nothing is written. Exit 0 when no finding is an error, 1 when "
            "one is, 2 on a usage error. Publishers can run it before they publish."
        ),
    )
    check.add_argument(
        "paths",
        nargs="+",
        type=Path,
        metavar="PATH",
        help="a table (CSV, XLSX), a press text (TXT, MD, HTML) or a folder",
    )
    check.add_argument(
        "--regions",
        type=Path,
        default=DEFAULT_REGIONS,
        metavar="CSV",
        help="region reference (default: raw/reference/regions.csv)",
    )


def _add_extract(commands) -> None:
    extract = commands.add_parser(
        "extract",
        help="print the grant records a press release or news text holds, as JSON lines",
        description=(
            "Read a press release or news item (text, Markdown or HTML; PATH or - for "
            "standard input) and print one JSON object per grant record found: body, "
            "amount_idr, stage, region_code, region_name, approximate, as_of, evidence, "
            "flags, and where in the text it stands. Needs no metadata; --published gives "
            "the year to dates written without one, such as (20/3)."
        ),
    )
    extract.add_argument("path", metavar="PATH", help="file to read, or - for standard input")
    extract.add_argument(
        "--published",
        type=_iso_date,
        metavar="YYYY-MM-DD",
        help="publication date of the text (default: the first date in it)",
    )
    extract.add_argument(
        "--regions",
        type=Path,
        default=DEFAULT_REGIONS,
        metavar="CSV",
        help="region reference (default: raw/reference/regions.csv)",
    )
    extract.add_argument(
        "--skipped", action="store_true", help="also print the amounts left out, with the reason"
    )


def _iso_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from exc


def entry() -> int:
    """The `hibah` command. A run is watched from a parent process that says how it ended
    when it could not say so itself (hibah/supervise.py); the rest runs here."""
    from hibah.supervise import guard, supervised, watch

    argv = sys.argv[1:]
    args = build_parser().parse_args(argv)
    if args.command == "run":
        if not supervised():
            return watch(argv, args.db, args.reports)
        guard()
    return main(argv)


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "run":
        return _run(args)
    if args.command == "extract":
        return _extract(args)
    if args.command == "check":
        return _check(args)
    if args.command == "serve":
        return _serve(args)
    return USAGE_ERROR  # pragma: no cover - argparse rejects unknown commands


def _run(args: argparse.Namespace) -> int:
    problem = _paths_problem(args.raw, args.db, args.reports)
    if problem:
        sys.stderr.write(f"hibah: error: {problem} (see hibah run --help)\n")
        return USAGE_ERROR
    from hibah.lock import RunLocked, run_lock

    def waiting(who: str) -> None:
        sys.stderr.write(f"hibah: waiting for the run writing {args.db} ({who})\n")

    try:  # one run at a time: refused (or waiting) before Prefect starts
        with run_lock(args.db, args.wait, waiting):
            return _run_flow(args)
    except RunLocked as exc:
        sys.stderr.write(f"hibah: error: {exc}\n")
        return 1


def _run_flow(args: argparse.Namespace) -> int:
    prefect_settings(verbose=args.verbose or sys.stderr.isatty())
    local = args.workers > 1 and not args.dask
    if local:  # the workers' fork server imports hibah while this process does
        from hibah.cluster import start_fork_server

        start_fork_server()
    try:  # Prefect reads its settings, and sets up its logging, at import
        from hibah.pipeline import hibah_flow, with_runner
    except Exception as exc:  # out of memory, a broken install
        return failed(exc, "while starting")
    details = log_beside(args.db)
    try:
        with ExitStack() as stack:
            address = args.dask
            if local:
                from hibah.cluster import local_cluster

                address = stack.enter_context(local_cluster(args.workers))
            summary = with_runner(hibah_flow, address)(
                raw_dir=args.raw,
                db_path=args.db,
                reports_dir=args.reports,
                # a local cluster: a share of the work a worker (a task costs more than it
                # balances); a cluster of unknown size: shares for it to balance
                parts=4 * max(args.workers, 2) if args.dask else args.workers,
            )
    except Exception as exc:  # a pipeline failure, not a data finding
        logging.getLogger("hibah").error("run failed", exc_info=exc)
        return failed(exc, details)
    c = summary.counts
    print(f"run {summary.run_id}")
    data = len(summary.accounting)
    if summary.confirmed:
        print(f"every input as run {summary.confirmed} read it: its figures are confirmed")
    print(
        f"files: {data} tables and texts ({c['files_unchanged']} unchanged since the last run, "
        f"not read again) and {c['files'] - data} reference and provenance files · "
        f"rows read: {c['rows_read']} = loaded {c['loaded']} "
        f"+ quarantined {c['quarantined']} + skipped {c['skipped']}"
    )
    for row in summary.accounting:
        print(
            f"  {row['source_file']}: read {row['rows_read']}, loaded {row['loaded']}, "
            f"quarantined {row['quarantined']}, skipped {row['skipped']}"
        )
    print(f"findings: {c['errors']} error, {c['warnings']} warning, {c['infos']} info")
    print(f"warehouse: {summary.db_path}")
    print(f"report: {summary.report_path}")
    return 0


def _paths_problem(raw: Path, db: Path, reports: Path) -> str | None:
    """What is wrong with a run's folders, checked before anything starts; None if nothing.
    Nothing is created: a warehouse or reports folder goes only where its folder exists."""
    from hibah.ingest.reference import REGIONS_FILE

    if not raw.exists():
        return f"{raw}: no such folder"
    if not raw.is_dir():
        return f"{raw}: is a file; --raw takes the folder of input files"
    if not (raw / REGIONS_FILE).is_file():
        return f"{raw}: holds no region reference {REGIONS_FILE}"
    for path, option in ((db, "--db"), (reports, "--reports")):
        if not path.parent.is_dir():
            return f"{path}: its folder {path.parent} does not exist ({option})"
    if db.is_dir():
        return f"{db}: is a folder; --db takes the warehouse file"
    if reports.exists() and not reports.is_dir():
        return f"{reports}: is a file; --reports takes a folder"
    return None


def _regions_problem(path: Path) -> str | None:
    """What is wrong with a --regions file, naming that file; None if it reads."""
    if not path.is_file():
        return f"{path}: region reference not found"
    from hibah.ingest.files import raw_file
    from hibah.ingest.reference import REGIONS_FILE, read_regions

    try:
        read_regions(raw_file(path, REGIONS_FILE))
    except (ValueError, UnicodeError) as exc:
        reason = str(exc).removeprefix(f"{REGIONS_FILE}: ")
        return f"{path}: not a region reference: {reason}"
    return None


def _cron_problem(cron: str) -> str | None:
    from prefect.schedules import Cron

    from hibah.serve import TIMEZONE

    try:
        Cron(cron, timezone=TIMEZONE)
    except ValueError as exc:
        return f"--cron: {exc}"
    return None


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of 1 or more")
    return int(text)


def _serve(args: argparse.Namespace) -> int:
    prefect_settings(verbose=True)  # before Prefect is imported (it reads them at import)
    problem = _paths_problem(args.raw, args.db, args.reports) or _cron_problem(args.cron)
    if problem:
        sys.stderr.write(f"hibah: error: {problem} (see hibah serve --help)\n")
        return USAGE_ERROR
    from hibah.serve import local_home, serve

    if not os.environ.get("PREFECT_API_URL"):  # this process talks to the server it starts
        os.environ["PREFECT_HOME"] = str(local_home(args.db))
    try:
        serve(args.raw, args.db, args.reports, args.cron, args.port)
    except KeyboardInterrupt:
        return 0
    except (TimeoutError, ValueError) as exc:
        sys.stderr.write(f"hibah: serve failed: {exc}\n")
        return 1
    return 0


def _check(args: argparse.Namespace) -> int:
    missing = [p for p in args.paths if not p.exists()]
    if missing:
        sys.stderr.write(f"hibah: error: {missing[0]}: no such file or folder\n")
        return USAGE_ERROR
    problem = _regions_problem(args.regions)
    if problem:
        sys.stderr.write(f"hibah: error: {problem} (see hibah check --help)\n")
        return USAGE_ERROR
    from hibah.check import NothingToCheck, check

    try:
        lines, errors = check(args.paths, args.regions)
    except NothingToCheck as exc:
        sys.stderr.write(f"hibah: error: nothing to check: {exc}\n")
        return USAGE_ERROR
    except (ValueError, OSError) as exc:
        sys.stderr.write(f"hibah: check failed: {exc}\n")
        return 1
    print("\n".join(lines))
    return 1 if errors else 0


def _extract(args: argparse.Namespace) -> int:
    from hibah.extract import extract_json_lines
    from hibah.ingest.files import PRESS_SUFFIXES

    if args.path == "-":
        data, name = sys.stdin.buffer.read(), "<stdin>.txt"
    else:
        path = Path(args.path)
        if not path.is_file():
            what = "is a folder; extract reads one file" if path.is_dir() else "no such file"
            sys.stderr.write(f"hibah: error: {path}: {what} (see hibah extract --help)\n")
            return USAGE_ERROR
        if path.suffix.lower() not in PRESS_SUFFIXES:
            sys.stderr.write(
                f"hibah: error: {path}: not a press text; extract reads "
                f"{', '.join(sorted(PRESS_SUFFIXES))} (tables go to hibah check)\n"
            )
            return USAGE_ERROR
        data, name = path.read_bytes(), path.name
    problem = _regions_problem(args.regions)
    if problem:
        sys.stderr.write(f"hibah: error: {problem} (see hibah extract --help)\n")
        return USAGE_ERROR
    for line in extract_json_lines(data, name, args.regions, args.published, args.skipped):
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(entry())
