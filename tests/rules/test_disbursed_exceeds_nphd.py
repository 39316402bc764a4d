from tests.rules.conftest import alloc, ids, run


def test_paid_out_within_the_agreement_holds(build):
    # a disbursement stated to the Rp 100 juta of an NPHD stated to the rupiah
    con = build(
        [
            alloc(body="TNI", amount_idr=1_028_290_000),
            alloc(
                body="TNI",
                stage="disbursed",
                amount_idr=1_100_000_000,
                amount_precision_idr=100_000_000,
            ),
        ]
    )
    assert run(con, "disbursed-exceeds-nphd").empty


def test_paid_out_beyond_the_agreement_fails(build):
    # Nunukan TNI: Rp1,2 miliar disbursed against an agreed Rp1.028.290.000
    disbursed = alloc(
        body="TNI", stage="disbursed", amount_idr=1_200_000_000, amount_precision_idr=100_000_000
    )
    con = build([alloc(body="TNI", amount_idr=1_028_290_000), disbursed])
    rows = run(con, "disbursed-exceeds-nphd")
    assert ids(rows) == [disbursed["allocation_id"]]
    assert rows[["observed", "expected", "difference"]].values.tolist() == [
        ["1200000000", "1028290000", 171_710_000]
    ]
