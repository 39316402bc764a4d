from tests.rules.conftest import alloc, ids, run


def test_spending_within_the_nphd_holds(build):
    con = build(
        [
            alloc(amount_idr=34_000_000_000),
            alloc(stage="realized", amount_idr=33_250_000_000),
        ]
    )
    assert run(con, "realized-exceeds-nphd").empty


def test_spending_beyond_the_nphd_fails(build):
    # e.g. the line items of an accountability report summed beyond the agreement
    realized = alloc(stage="realized", amount_idr=34_500_000_000)
    con = build([alloc(amount_idr=34_000_000_000), realized])
    rows = run(con, "realized-exceeds-nphd")
    assert ids(rows) == [realized["allocation_id"]]
    assert rows[["observed", "expected", "difference"]].values.tolist() == [
        ["34500000000", "34000000000", 500_000_000]
    ]


def test_a_coarse_nphd_is_not_exceeded_by_rounding(build):
    con = build(
        [
            alloc(amount_idr=34_000_000_000, amount_precision_idr=1_000_000_000),
            alloc(stage="realized", amount_idr=34_400_000_000),
        ]
    )
    assert run(con, "realized-exceeds-nphd").empty
