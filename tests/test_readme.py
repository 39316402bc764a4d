"""The README stays true: its commands, options and rules exist."""

from __future__ import annotations

import re

from flows.cli import build_parser
from flows.rules import rules_markdown
from tests.conftest import ROOT

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
