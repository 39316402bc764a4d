"""The README stays true: its commands, options and rules exist."""

from __future__ import annotations

import datetime as dt
import importlib.util
import re
import shlex
import subprocess
from pathlib import Path

import duckdb
import pytest

from hibah import stages, warehouse
from hibah.cli import build_parser
from hibah.rules import rules_markdown
from tests.conftest import RAW, ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_quick_start_is_two_make_targets_that_exist():
    block = re.search(r"## Quick start.*?```sh\n(.*?)```", README, re.S).group(1)
    commands = [line.split("#")[0].strip() for line in block.strip().splitlines()]
    assert commands == ["make run", "make test"]
    makefile = (ROOT / "Makefile").read_text()
    assert re.search(r"^run:", makefile, re.M) and re.search(r"^test:", makefile, re.M)


def test_rule_table_is_generated_from_the_catalogue_and_rule_files():
    block = README.split("<!-- rules:start -->\n")[1].split("<!-- rules:end -->")[0]
    assert block == rules_markdown()


def test_documented_options_exist():
    commands = next(a for a in build_parser()._actions if a.dest == "command").choices
    options = {s for sub in commands.values() for a in sub._actions for s in a.option_strings}
    hibah_lines = [line for line in README.splitlines() if "hibah " in line]
    documented = {o for line in hibah_lines for o in re.findall(r"\s\[?(--[a-z]+)", line)}
    assert documented <= options, documented - options
    for name in re.findall(r"(?:`|uv run |bin/)hibah (\w+)", README):
        assert name in commands, name


# --- every command and query the README shows works ------------------------------------------


def _blocks(lang: str) -> list[str]:
    return re.findall(rf"```{lang}\n(.*?)```", README, re.S)


@pytest.fixture(scope="module")
def shipped_warehouse(tmp_path_factory) -> Path:
    """The warehouse of the shipped raw/, built by the stage functions (no Prefect)."""
    ingested = stages.ingest(RAW)
    checked = stages.validate(ingested)
    folder = tmp_path_factory.mktemp("readme")
    run = warehouse.RunInfo("r1", None, dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    stages.build_warehouse(folder / "hibah.duckdb", run, ingested, checked)
    return folder


def test_every_query_in_the_readme_runs_on_the_shipped_warehouse(shipped_warehouse):
    queries = _blocks("sql")
    assert len(queries) >= 5
    con = duckdb.connect(str(shipped_warehouse / "hibah.duckdb"), read_only=True)
    try:
        for query in queries:
            rows = con.execute(query).fetchall()
            # a first run has no previous one to compare with; every other query finds rows
            assert rows or "changes_since_last_run" in query, query
    finally:
        con.close()


def test_the_readmes_python_example_runs(shipped_warehouse, monkeypatch, capsys):
    (example,) = _blocks("python")
    monkeypatch.chdir(shipped_warehouse)
    exec(compile(example, "README.md", "exec"), {})
    assert "Kabupaten Nunukan" in capsys.readouterr().out


def test_every_shell_command_in_the_readme_works():
    hibah = ROOT / ".venv" / "bin" / "hibah"
    if not hibah.exists():
        pytest.skip("no .venv/bin/hibah: make run or make test creates it")
    lines = [line.split("  #")[0].strip() for block in _blocks("sh") for line in block.splitlines()]
    lines = [line for line in lines if line and not line.startswith("make ")]
    assert lines
    for line in lines:
        words = shlex.split(line.split("|")[-1])
        assert words[0] == "./.venv/bin/hibah", line  # commands run from .venv/bin, as said
        if words[1] in ("run", "serve"):  # long-running: the flow and serve tests run them
            build_parser().parse_args(words[1:])
            continue
        done = subprocess.run(
            line, shell=True, cwd=ROOT, capture_output=True, text=True, timeout=120
        )
        assert done.returncode in (0, 1), (line, done.stderr[-2000:])  # 1: errors found
        assert done.stdout.strip(), line


def test_every_script_the_readme_names_exists():
    for path in re.findall(r"\./\.venv/bin/(?:python|pytest) ((?:bench|tests)/\S+\.py)", README):
        assert (ROOT / path).exists(), path
    for module in re.findall(r"\./\.venv/bin/python -m ([\w.]+)", README):
        assert importlib.util.find_spec(module), module
