from tests.rules.conftest import alloc, ids, run


def test_tranches_within_a_rounded_nphd_hold(build):
    # Maluku Utara KPU: "Rp 145 miliar" and tranches 58.342.616.800 + 87.513.925.200.
    con = build(
        [
            alloc(region_code="82", amount_idr=145_000_000_000, amount_precision_idr=1_000_000_000),
            alloc(region_code="82", stage="tranche_1", amount_idr=58_342_616_800),
            alloc(region_code="82", stage="tranche_2", amount_idr=87_513_925_200),
        ]
    )
    assert run(con, "tranches-exceed-nphd").empty


def test_tranches_above_the_nphd_fail(build):
    # Kota Probolinggo KPU: Rp 23 miliar, tranches Rp 1,3 + Rp 22,8 miliar = 24,1.
    t2 = alloc(
        region_code="35.74",
        stage="tranche_2",
        amount_idr=22_800_000_000,
        amount_precision_idr=100_000_000,
    )
    con = build(
        [
            alloc(
                region_code="35.74", amount_idr=23_000_000_000, amount_precision_idr=1_000_000_000
            ),
            alloc(
                region_code="35.74",
                stage="tranche_1",
                amount_idr=1_300_000_000,
                amount_precision_idr=100_000_000,
            ),
            t2,
        ]
    )
    rows = run(con, "tranches-exceed-nphd")
    assert ids(rows) == [t2["allocation_id"]]
    assert rows[["observed", "expected", "difference"]].values.tolist() == [
        ["24100000000", "23000000000", 1_100_000_000]
    ]


def test_a_coarse_figure_of_another_stage_does_not_hide_an_excess(build):
    t2 = alloc(region_code="35.74", stage="tranche_2", amount_idr=22_800_000_000)
    con = build(
        [
            alloc(region_code="35.74", amount_idr=23_000_000_000),
            alloc(region_code="35.74", stage="tranche_1", amount_idr=1_300_000_000),
            t2,
            # a budget line stated to the Rp 10 miliar says nothing of the tranches
            alloc(
                region_code="35.74",
                stage="budget",
                amount_idr=30_000_000_000,
                amount_precision_idr=10_000_000_000,
            ),
        ]
    )
    assert ids(run(con, "tranches-exceed-nphd")) == [t2["allocation_id"]]
