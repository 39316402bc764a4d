"""hibah's command line: argument parsing, exit codes and the closing summary."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

USAGE_ERROR = 2


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
        "-v", "--verbose", action="store_true", help="show Prefect's task logs as the run goes"
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "run":
        return _run(args)
    return USAGE_ERROR  # pragma: no cover - argparse rejects unknown commands


def _run(args: argparse.Namespace) -> int:
    if not args.raw.is_dir():
        sys.stderr.write(f"hibah: error: {args.raw}: no such folder (see hibah run --help)\n")
        return USAGE_ERROR
    _prefect_settings(verbose=args.verbose)
    from flows.pipeline import hibah_flow  # Prefect reads its settings at import

    try:
        summary = hibah_flow(raw_dir=args.raw, db_path=args.db, reports_dir=args.reports)
    except Exception as exc:  # a pipeline failure, not a data finding
        sys.stderr.write(f"hibah: run failed: {type(exc).__name__}: {exc}\n")
        return 1
    c = summary.counts
    print(f"run {summary.run_id}")
    print(
        f"files: {c['files']} · rows read: {c['rows_read']} = loaded {c['loaded']} "
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


def _prefect_settings(*, verbose: bool) -> None:
    """No telemetry; only warnings on the console unless asked; and time for the temporary
    server's first start, which creates its database (over 20 s, Prefect's default wait)."""
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("DO_NOT_TRACK", "1")
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")
    if not verbose:
        os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")


if __name__ == "__main__":
    sys.exit(main())
