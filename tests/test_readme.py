"""The README stays true: its commands, options and rules exist."""

from __future__ import annotations

import re

from flows.catalogue import RULES
from flows.cli import build_parser
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_quick_start_is_two_make_targets_that_exist():
    block = re.search(r"## Quick start.*?```sh\n(.*?)```", README, re.S).group(1)
    commands = [line.split("#")[0].strip() for line in block.strip().splitlines()]
    assert commands == ["make run", "make test"]
    makefile = (ROOT / "Makefile").read_text()
    assert re.search(r"^run:", makefile, re.M) and re.search(r"^test:", makefile, re.M)


def test_every_rule_is_listed_with_its_severity():
    listed = dict(re.findall(r"^\| `([a-z0-9-]+)` \| (error|warning|info) \|", README, re.M))
    assert listed == {rule.id: rule.severity for rule in RULES.values()}


def test_documented_run_options_exist():
    run = next(a for a in build_parser()._actions if a.dest == "command").choices["run"]
    options = {s for a in run._actions for s in a.option_strings}
    documented = set(re.findall(r"(--[a-z]+)", README.split("## Reading the report")[0]))
    assert documented <= options
