import datetime as dt

from tests.rules.conftest import alloc, ids, run


def test_tranche_2_by_the_deadline_holds(build):
    con = build([alloc(stage="tranche_2", as_of=dt.date(2024, 6, 27)), alloc(as_of=None)])
    assert run(con, "tranche-2-late").empty


def test_tranche_2_after_the_deadline_fails(build):
    late = alloc(stage="tranche_2", as_of=dt.date(2024, 7, 4))
    rows = run(build([late, alloc(stage="tranche_2", as_of=None)]), "tranche-2-late")
    assert ids(rows) == [late["allocation_id"]]
    assert rows[["observed", "expected", "difference"]].values.tolist() == [
        ["2024-07-04", "2024-06-27", 7]
    ]
