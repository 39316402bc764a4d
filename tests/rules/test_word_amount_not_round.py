from tests.rules.conftest import alloc, ids, run


def test_records_without_the_flag_hold(build):
    assert run(build([alloc(), alloc(flags=["other-flag"])]), "word-amount-not-round").empty


def test_flagged_records_fail(build):
    flagged = alloc(flags=["word-amount-not-round"])
    rows = run(build([alloc(), flagged]), "word-amount-not-round")
    assert ids(rows) == [flagged["allocation_id"]]
