from tests.rules.conftest import alloc, ids, run


def test_records_without_the_flag_hold(build):
    assert run(build([alloc(), alloc(flags=["other-flag"])]), "dot-thousands-before-scale").empty


def test_flagged_records_fail(build):
    flagged = alloc(flags=["dot-thousands-before-scale"])
    rows = run(build([alloc(), flagged]), "dot-thousands-before-scale")
    assert ids(rows) == [flagged["allocation_id"]]
