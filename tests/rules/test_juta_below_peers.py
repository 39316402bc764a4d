from tests.rules.conftest import alloc, ids, run


def test_records_without_the_flag_hold(build):
    assert run(build([alloc(), alloc(flags=["other-flag"])]), "juta-below-peers").empty


def test_flagged_records_fail(build):
    flagged = alloc(flags=["juta-below-peers"])
    rows = run(build([alloc(), flagged]), "juta-below-peers")
    assert ids(rows) == [flagged["allocation_id"]]
