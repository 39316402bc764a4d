"""Meta-tests: every rule file is well formed, unique, and has its own test module."""

from __future__ import annotations

import pytest

from hibah.catalogue import RULES
from hibah.rules import SQL_RULES, RuleFileError, load_rules, parse_rule, reads, sql_code
from tests.conftest import ROOT


def test_every_rule_file_has_a_well_formed_header():
    rules = load_rules()
    assert len(rules) == len(list(SQL_RULES.glob("*.sql")))
    for rule in rules:
        assert rule.message and rule.severity in ("error", "warning", "info")


def test_every_rule_file_has_a_test_module():
    for rule in load_rules():
        module = ROOT / "tests" / "rules" / f"test_{rule.id.replace('-', '_')}.py"
        assert module.exists(), f"{rule.path.name} has no {module.name}"
        text = module.read_text()
        assert text.count("def test_") >= 2, f"{module.name} needs a passing and a failing case"


def test_findings_flow_one_way():
    """The views the rules read are built on what was read and checked, never on findings:
    no intermediate view reads audit.findings or a mart, and a rule that reads either is
    refused (test_malformed_headers_are_refused). The build creates the marts, which read the
    findings, only after the rules (hibah/warehouse/build.py `_check_dataset`)."""
    for path in sorted((SQL_RULES.parent / "intermediate").glob("*.sql")):
        sql = path.read_text()
        assert set(reads(sql)) <= {"core", "audit", "intermediate"}, path.name
        assert "audit.findings" not in sql_code(sql), path.name
    assert [r for r in load_rules() if "intermediate" in reads(r.sql)]  # they are read


def test_rule_ids_are_unique_across_sql_and_catalogue():
    sql_ids = [r.id for r in load_rules()]
    assert not set(sql_ids) & set(RULES)


HEAD = "-- id: {id}\n-- title: t\n-- severity: {severity}\n{message}-- legal-basis:\n-- params:\n"


@pytest.mark.parametrize(
    ("header", "error"),
    [
        (
            HEAD.format(id="other", severity="warning", message="-- message: m\n"),
            "does not match the file name",
        ),
        (HEAD.format(id="x", severity="fatal", message="-- message: m\n"), "severity 'fatal'"),
        (HEAD.format(id="x", severity="warning", message=""), "header lacks message"),
        (
            HEAD.format(id="x", severity="warning", message="-- message: m\n")
            + "select $limit as n",
            "the query uses ['limit']",
        ),
        (
            HEAD.format(id="x", severity="warning", message="-- message: m\n")
            + "select * from marts.region_body_totals -- core.allocations\n",
            "reads marts; a rule reads only raw, core, intermediate",
        ),
        (
            HEAD.format(id="x", severity="warning", message="-- message: m\n")
            + "select * from core.allocations where allocation_id in "
            "(select allocation_id from audit.findings)",
            "reads audit; a rule reads only",
        ),
    ],
)
def test_malformed_headers_are_refused(tmp_path, header, error):
    path = tmp_path / "x.sql"
    path.write_text(header + "select 1\n")
    with pytest.raises(RuleFileError, match=error.replace("[", r"\[").replace("]", r"\]")):
        parse_rule(path)
