from tests.rules.conftest import alloc, ids, run


def test_forty_percent_holds(build):
    # Lampung KPU: Rp295.956.908.000, tranche 1 Rp118.382.763.200 (40%).
    nphd = alloc(region_code="18", amount_idr=295_956_908_000)
    con = build([nphd, alloc(region_code="18", stage="tranche_1", amount_idr=118_382_763_200)])
    assert run(con, "tranche-share").empty


def test_share_outside_tolerance_fails(build):
    # Kutai Kartanegara Bawaslu: Rp 7,045 miliar of Rp 14,033 miliar is 50.2%.
    t1 = alloc(region_code="64.02", body="Bawaslu", stage="tranche_1", amount_idr=7_045_000_000)
    con = build([alloc(region_code="64.02", body="Bawaslu", amount_idr=14_033_000_000), t1])
    rows = run(con, "tranche-share")
    assert ids(rows) == [t1["allocation_id"]]
    assert rows[["observed", "expected"]].values.tolist() == [["50.2%", "40%"]]
    assert run(con, "tranche-share", tranche_share_tolerance=0.15).empty


def test_the_edge_of_the_tolerance_is_compared_exactly(build):
    # Sumatera Utara Bawaslu: tranche 1 Rp 78,33 miliar of Rp223,8 miliar is exactly 35.0%,
    # 5 points from 40%: inside the tolerance (in floating point 0.35 - 0.40 is
    # 0.050000000000000044)
    con = build(
        [
            alloc(region_code="12", body="Bawaslu", amount_idr=223_800_000_000),
            alloc(region_code="12", body="Bawaslu", stage="tranche_1", amount_idr=78_330_000_000),
        ]
    )
    assert run(con, "tranche-share").empty
    # one rupiah less is outside it
    t1 = alloc(region_code="12", body="Bawaslu", stage="tranche_1", amount_idr=78_329_999_999)
    con = build([alloc(region_code="12", body="Bawaslu", amount_idr=223_800_000_000), t1])
    assert ids(run(con, "tranche-share")) == [t1["allocation_id"]]
