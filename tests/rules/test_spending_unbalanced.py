from tests.rules.conftest import alloc, ids, run


def test_spent_and_returned_adding_up_to_what_was_paid_hold(build):
    # Kota Madiun's KPU as published (merdeka.com): Rp21,5 miliar received, Rp15,26 miliar
    # used, Rp6,23 miliar returned: 21,49 against 21,5 is within the stated precision.
    con = build(
        [
            alloc(
                region_code="35.77",
                stage="disbursed",
                amount_idr=21_500_000_000,
                amount_precision_idr=100_000_000,
            ),
            alloc(
                region_code="35.77",
                stage="realized",
                amount_idr=15_260_000_000,
                amount_precision_idr=10_000_000,
            ),
            alloc(
                region_code="35.77",
                stage="returned",
                amount_idr=6_230_000_000,
                amount_precision_idr=10_000_000,
            ),
        ]
    )
    assert run(con, "spending-unbalanced").empty


def test_truncated_figures_are_allowed_their_truncation(build):
    # KPU Kalimantan Tengah as published: Rp87,610 miliar lebih received, Rp75,327 miliar
    # lebih realised, Rp12,282 miliar lebih returned: each truncated to Rp 1 juta.
    to_juta = {"region_code": "62", "amount_precision_idr": 1_000_000, "approximate": True}
    con = build(
        [
            alloc(**to_juta, stage="disbursed", amount_idr=87_610_000_000),
            alloc(**to_juta, stage="realized", amount_idr=75_327_000_000),
            alloc(**to_juta, stage="returned", amount_idr=12_282_000_000),
        ]
    )
    assert run(con, "spending-unbalanced").empty


def test_tranches_stand_for_the_paid_out_figure_when_none_is_disclosed(build):
    realized = alloc(stage="realized", amount_idr=20_000_000_000)
    con = build(
        [
            alloc(stage="tranche_1", amount_idr=13_600_000_000),
            alloc(stage="tranche_2", amount_idr=20_400_000_000),
            realized,
            alloc(stage="returned", amount_idr=4_000_000_000),
        ]
    )
    rows = run(con, "spending-unbalanced")
    assert rows[["observed", "expected", "detail"]].values.tolist() == [
        ["24000000000", "34000000000", "tranche 1 + tranche 2"]
    ]


def test_a_gap_between_spent_returned_and_disbursed_fails(build):
    realized = alloc(stage="realized", amount_idr=30_000_000_000)
    con = build(
        [
            alloc(stage="disbursed", amount_idr=34_000_000_000),
            realized,
            alloc(stage="returned", amount_idr=3_000_000_000),
        ]
    )
    rows = run(con, "spending-unbalanced")
    assert ids(rows) == [realized["allocation_id"]]
    assert rows[["observed", "expected", "difference", "detail"]].values.tolist() == [
        ["33000000000", "34000000000", -1_000_000_000, "the disbursed figure"]
    ]


def test_a_gap_within_the_stated_precision_is_rounding(build):
    # "Rp 34 miliar" disbursed (to Rp 1 miliar) against 33,6 + 0,3 = 33,9 miliar.
    con = build(
        [
            alloc(stage="disbursed", amount_idr=34_000_000_000, amount_precision_idr=1_000_000_000),
            alloc(stage="realized", amount_idr=33_600_000_000),
            alloc(stage="returned", amount_idr=300_000_000),
        ]
    )
    assert run(con, "spending-unbalanced").empty
