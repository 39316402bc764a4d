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


def test_the_deadline_is_one_parameter_the_rule_and_the_mart_both_read(build):
    # a later deadline moves the rule and marts.tranche_compliance together (the mart had
    # the date as a literal of its own)
    t2 = alloc(stage="tranche_2", as_of=dt.date(2024, 7, 4))
    for deadline, late in (("2024-06-27", True), ("2024-07-31", False)):
        con = build([alloc(), t2], params={"tranche_2_deadline": deadline})
        assert (not run(con, "tranche-2-late").empty) is late
        mart = con.execute(
            "select tranche_2_deadline::varchar, tranche_2_late from marts.tranche_compliance"
        ).fetchall()
        assert mart == [(deadline, late)]
