import datetime as dt

from tests.rules.conftest import alloc, ids, run


def test_return_within_three_months_holds(build):
    con = build([alloc(stage="returned", as_of=dt.date(2025, 4, 10))])
    assert run(con, "return-late").empty


def test_late_return_fails_and_a_regions_own_anchor_counts(build):
    late = alloc(stage="returned", region_code="35.77", as_of=dt.date(2025, 4, 28))
    ngawi = alloc(stage="returned", region_code="35.21", as_of=dt.date(2025, 4, 15))
    anchors = [
        {
            "region_code": "35.21",
            "anchor_date": dt.date(2025, 1, 16),
            "basis": "ratification proposal",
            "source": None,
        }
    ]
    rows = run(build([late, ngawi], anchors=anchors), "return-late")
    assert ids(rows) == [late["allocation_id"]]
    assert rows[["observed", "expected", "difference", "detail"]].values.tolist() == [
        ["2025-04-28", "2025-04-10", 18, "from the default anchor date 2025-01-10"]
    ]


def test_a_late_return_says_which_anchor_it_counts_from(build):
    late = alloc(stage="returned", region_code="35.21", as_of=dt.date(2025, 4, 30))
    anchors = [
        {
            "region_code": "35.21",
            "anchor_date": dt.date(2025, 1, 16),
            "basis": "ratification proposal",
            "source": None,
        }
    ]
    rows = run(build([late], anchors=anchors), "return-late")
    assert rows[["expected", "detail"]].values.tolist() == [
        ["2025-04-16", "from ratification proposal, 2025-01-16"]
    ]
