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
