"""The command line: help texts, one-line usage errors, exit codes."""

from __future__ import annotations

import re

import pytest

from hibah.cli import build_parser, main
from tests.conftest import ROOT


def test_help_explains_every_command(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["--help"])
    assert exit_.value.code == 0
    assert "run" in capsys.readouterr().out
    subparsers = next(a for a in build_parser()._actions if a.dest == "command")
    for name, sub in subparsers.choices.items():
        with pytest.raises(SystemExit):
            main([name, "--help"])
        text = capsys.readouterr().out
        assert sub.description and sub.description.split()[0] in text
        if name == "run":
            for option in ("--raw", "--db", "--reports"):
                assert option in text


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["frobnicate"],
        ["run", "--nope"],
        ["run", "--raw"],
        ["run", "--workers", "0"],
        ["run", "--workers", "two"],
    ],
)
def test_usage_errors_are_one_line_exit_2(argv, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(argv)
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("hibah") and ": error: " in err


def test_missing_raw_folder_is_a_usage_error(tmp_path, capsys):
    assert main(["run", "--raw", str(tmp_path / "nowhere")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "nowhere" in err


@pytest.mark.parametrize(
    ("command", "options", "said"),
    [
        ("run", ["--raw", "{empty}"], "holds no region reference reference/regions.csv"),
        ("run", ["--raw", "{file}"], "is a file; --raw takes the folder"),
        ("run", ["--db", "{tmp}/nowhere/x.duckdb"], "folder {tmp}/nowhere does not exist (--db)"),
        ("run", ["--reports", "{tmp}/nowhere/r"], "does not exist (--reports)"),
        ("run", ["--db", "{empty}"], "is a folder; --db takes the warehouse file"),
        ("serve", ["--db", "{tmp}/nowhere/x.duckdb"], "does not exist (--db)"),
        ("serve", ["--cron", "61 2 * * *"], "--cron: Invalid cron string"),
    ],
)
def test_run_and_serve_check_their_arguments_before_starting(
    command, options, said, tmp_path, capsys
):
    from tests.conftest import RAW

    empty, file = tmp_path / "empty", tmp_path / "file.txt"
    empty.mkdir()
    file.write_text("x")
    names = {"empty": empty, "file": file, "tmp": tmp_path}
    argv = [
        command,
        "--raw",
        str(RAW),
        "--db",
        str(tmp_path / "h.duckdb"),
        "--reports",
        str(tmp_path / "r"),
        *(o.format(**names) for o in options),
    ]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and said.format(**names) in err, err
    assert not (tmp_path / "nowhere").exists()  # nothing created, no server started


def test_check_prints_findings_by_rule_and_exits_by_severity(capsys, defect_raw):
    from tests.conftest import RAW

    assert main(["check", str(RAW / "aceh-kip-nphd.csv")]) == 0
    out = capsys.readouterr().out
    assert "source-conflict (warning): 2" in out
    assert "aceh-kip-nphd.csv row 11: Kabupaten Gayo Lues KPU nphd" in out

    assert main(["check", str(defect_raw / "defects.csv")]) == 1
    out = capsys.readouterr().out
    assert "body-unknown (error): 1\n  defects.csv row 4: body 'Satpol PP'" in out
    assert "rows read 7 = loaded 1 + quarantined 4 + skipped 2" in out


def test_check_lists_not_disclosed_only_for_the_regions_the_files_cover(capsys):
    from tests.conftest import RAW

    assert main(["check", str(RAW / "kaltara-2024.csv")]) == 0
    out = capsys.readouterr().out
    # The file gives Nunukan all four bodies and the province KPU and Bawaslu.
    assert (
        "not-disclosed (info): 2\n  65: Provinsi Kalimantan Utara: no NPHD figure for Polri" in out
    )
    assert "Kabupaten Aceh Selatan" not in out
    more = re.search(r"not-disclosed: (\d+) more for regions these files give no figure", out)
    assert more and int(more.group(1)) > 2000


def test_check_reads_the_anchor_dates_beside_the_region_reference(capsys):
    from tests.conftest import RAW

    assert main(["check", str(RAW / "pengembalian-jawa-timur-2025.csv")]) == 0
    out = capsys.readouterr().out
    # Ngawi's own anchor (16 Jan 2025) makes its return of 11 April on time; Nganjuk has
    # no published anchor, so the default counts, and the message says so.
    assert "return-late (warning): 3" in out and "Kabupaten Ngawi KPU" not in out
    assert (
        "Kabupaten Nganjuk KPU: unused funds returned on 2025-04-30, after the due date "
        "of 2025-04-10 (from the default anchor date 2025-01-10)"
    ) in out


def test_check_usage_errors_exit_2(tmp_path, capsys):
    assert main(["check", str(tmp_path / "missing.csv")]) == 2
    assert capsys.readouterr().err.count("\n") == 1
    # checking nothing does not pass: an empty folder, or only a file it cannot read
    (tmp_path / "empty").mkdir()
    (tmp_path / "scan.pdf").write_bytes(b"%PDF-1.4")
    for paths in ([tmp_path / "empty"], [tmp_path / "scan.pdf"]):
        assert main(["check", *map(str, paths)]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "nothing to check" in err


def test_check_and_extract_name_the_file_a_usage_error_is_about(capsys):
    from tests.conftest import RAW

    assert main(["check", "--regions", str(ROOT / "README.md"), str(RAW / "kaltara-2024.csv")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and f"{ROOT / 'README.md'}: not a region reference" in err
    assert main(["extract", str(RAW / "press")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "is a folder; extract reads one file" in err


def test_extract_refuses_what_is_not_a_press_text(tmp_path, capsys):
    from tests.conftest import RAW

    # a table, a spreadsheet and an image: extract used to print nothing (exit 0) or
    # "records" whose evidence was raw CSV lines
    picture = tmp_path / "scan.png"
    picture.write_bytes(b"\x89PNG\r\n\x1a\n")
    for path in (RAW / "kaltara-2024.csv", RAW / "rekap-provinsi-2023-2024.xlsx", picture):
        assert main(["extract", str(path)]) == 2
        out, err = capsys.readouterr()
        assert out == "" and err.count("\n") == 1
        assert f"{path}: not a press text" in err and "hibah check" in err


def test_check_finds_a_files_provenance_in_the_sources_above_it(capsys):
    from tests.conftest import RAW

    for path in (RAW / "press" / "nunukan-2024-10-31.txt", RAW / "press"):
        main(["check", str(path)])
        out = capsys.readouterr().out
        assert "provenance-missing" not in out, out
        assert "press/nunukan-2024-10-31.txt" in out  # the id raw/sources.csv lists


def test_a_read_task_names_each_file_in_a_line_a_second_and_the_one_being_read():
    from hibah.ingest.files import RawFile
    from hibah.pipeline import FilesLog

    now = [0.0]
    lines: list[str] = []
    files_log = FilesLog(lambda text, *args: lines.append(text % args), clock=lambda: now[0])
    files = [RawFile("sources.csv", ROOT / "sources.csv", "x", 1, "csv", "manifest")] + [
        RawFile(f"press/r{i}.txt", ROOT / f"r{i}.txt", "x", 1, "txt", "press") for i in range(7)
    ]
    for file in files:  # each file takes 0.4 s to read, but r5: 3.2 s
        files_log.reading(file)
        for _ in range(8 if file.path == "press/r5.txt" else 1):
            now[0] += 0.4
            files_log.tick()  # as the thread `watching` starts does (every second)
    files_log.done()
    assert lines == [
        "reading press/r0.txt",
        "reading press/r2.txt; read before it: press/r0.txt, press/r1.txt",
        # the slow one, named as it is read (by a tick)
        "reading press/r5.txt; read before it: press/r2.txt, press/r3.txt, press/r4.txt",
        "reading press/r6.txt; read before it: press/r5.txt",
        "read: press/r6.txt",
    ]


def test_files_are_read_in_batches_of_similar_size_each_once():
    from hibah.ingest.files import RawFile
    from hibah.pipeline import batches

    sizes = [900, 100, 100, 100, 400, 300, 200, 50]
    files = [
        RawFile(f"f{i}.txt", ROOT / f"f{i}.txt", "x", n, "txt", "press")
        for i, n in enumerate(sizes)
    ]
    groups = batches(files, 3)
    assert sorted(f.path for g in groups for f in g) == sorted(f.path for f in files)
    assert sorted(sum(f.size_bytes for f in g) for g in groups) == [600, 650, 900]
    assert batches(files, 1) == [sorted(files, key=lambda f: f.path)]
    assert len(batches(files[:2], 8)) == 2
    # a manifest or reference table is read before, once: it weighs nothing in a batch
    listed = [RawFile("sources.csv", ROOT / "sources.csv", "x", 5000, "csv", "manifest"), *files]
    groups = batches(listed, 3)
    assert sorted(f.path for g in groups for f in g) == sorted(f.path for f in listed)
    read = [sum(f.size_bytes for f in g if f.role == "press") for g in groups]
    assert sorted(read) == [600, 650, 900]


THREAD_THAT_CANNOT_BEGIN = """
import threading
from hibah import supervise

supervise.guard()


class Starved(threading.Thread):
    def _bootstrap_inner(self):  # as when the new thread's lock cannot be allocated
        raise MemoryError


Starved().start()  # without the guard: waits for ever for the thread to begin
print("started")
"""


def test_a_watched_run_whose_thread_cannot_begin_ends_at_once(tmp_path):
    """Out of memory as a thread starts, the error is only printed and the starter would
    wait for the thread for ever; a watched run ends at once instead, with the exit code
    its watcher reports as out of memory."""
    import subprocess
    import sys

    from hibah.supervise import OUT_OF_MEMORY

    script = tmp_path / "starved.py"
    script.write_text(THREAD_THAT_CANNOT_BEGIN)
    done = subprocess.run(
        [sys.executable, str(script)],
        env={"PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert (done.returncode, done.stdout) == (OUT_OF_MEMORY, ""), done.stderr


def test_a_failed_runs_line_is_its_last():
    """What a failed run's leftover tasks warn of as the process ends comes after nothing:
    the failure line stays the last the user sees."""
    import subprocess
    import sys

    script = (
        "import warnings\n"
        "from hibah.runlog import failed\n"
        "failed(MemoryError(), 'details: x.log')\n"
        "warnings.warn(\"coroutine 'Task.run' was never awaited\", RuntimeWarning)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        env={"PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.stderr == "hibah: run failed: MemoryError: out of memory (details: x.log)\n"
