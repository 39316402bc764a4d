from tests.rules.conftest import alloc, ids, run

# KPU Kabupaten Ngada as published (TribunFlores, 1 Aug 2024): tranche 1 Rp.11.278.605.200 and
# tranche 2 Rp16.917.907.800, "total ... terealisasi 100 persen ... Rp.28.296.513.000"
NGADA = {"region_code": "53.09"}


def test_paid_out_within_its_tranches_holds(build):
    con = build(
        [
            alloc(**NGADA, stage="tranche_1", amount_idr=11_278_605_200),
            alloc(**NGADA, stage="tranche_2", amount_idr=16_917_907_800),
            alloc(**NGADA, stage="disbursed", amount_idr=28_196_513_000),
            # tranche 1 paid so far: less than both tranches is no finding
            alloc(stage="tranche_1", amount_idr=13_600_000_000),
            alloc(stage="tranche_2", amount_idr=20_400_000_000),
            alloc(stage="disbursed", amount_idr=13_600_000_000),
        ]
    )
    assert run(con, "disbursed-exceeds-tranches").empty


def test_more_paid_out_than_the_tranches_fails_beyond_their_precision(build):
    paid = alloc(**NGADA, stage="disbursed", amount_idr=28_296_513_000)
    con = build(
        [
            alloc(**NGADA, stage="tranche_1", amount_idr=11_278_605_200),
            alloc(**NGADA, stage="tranche_2", amount_idr=16_917_907_800),
            paid,
            # Rp 50 juta above tranches of 13,6 + 20,4 miliar, told to Rp 100 juta: rounding
            alloc(stage="tranche_1", amount_idr=13_600_000_000),
            alloc(stage="tranche_2", amount_idr=20_400_000_000),
            alloc(stage="disbursed", amount_idr=34_050_000_000, amount_precision_idr=100_000_000),
        ]
    )
    rows = run(con, "disbursed-exceeds-tranches")
    assert ids(rows) == [paid["allocation_id"]]
    assert rows[["observed", "expected", "difference"]].values.tolist() == [
        ["28296513000", "28196513000", 100_000_000]
    ]
