from tests.rules.conftest import alloc, ids, run


def test_records_without_the_flag_hold(build):
    assert run(build([alloc(), alloc(flags=["other-flag"])]), "weekday-mismatch").empty


def test_flagged_records_fail(build):
    flagged = alloc(flags=["weekday-mismatch"])
    rows = run(build([alloc(), flagged]), "weekday-mismatch")
    assert ids(rows) == [flagged["allocation_id"]]
