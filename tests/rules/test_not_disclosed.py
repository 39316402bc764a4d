from tests.rules.conftest import alloc, run


def test_every_voting_region_without_an_nphd_figure_is_listed(build):
    bodies = ["KPU", "Bawaslu", "Polri", "TNI"]
    con = build([alloc(body=b) for b in bodies] + [alloc(region_code="65", body="KPU")])
    rows = run(con, "not-disclosed")
    listed = set(zip(rows["region_code"], rows["body"], strict=True))
    assert not {("65.03", b) for b in bodies} & listed  # Nunukan disclosed all four
    assert ("65", "KPU") not in listed and ("65", "Bawaslu") in listed
    assert ("34", "KPU") not in listed  # DI Yogyakarta did not vote
    assert ("31.71", "KPU") not in listed  # nor Jakarta's administrative cities
    assert len(rows) == 545 * 4 - 5
    assert rows["allocation_id"].isna().all()


def test_a_figure_of_another_stage_does_not_count_as_disclosed(build):
    rows = run(build([alloc(stage="disbursed")]), "not-disclosed")
    assert ("65.03", "KPU") in set(zip(rows["region_code"], rows["body"], strict=True))
