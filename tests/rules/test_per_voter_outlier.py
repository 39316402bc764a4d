from tests.rules.conftest import alloc, ids, run

B = 1_000_000_000


def voters(*pairs):
    return [{"region_code": c, "dpt": n, "as_of": None, "source": "test"} for c, n in pairs]


REGENCIES = [("33.26", 32 * B, 700_000), ("35.11", 52 * B, 600_000), ("64.02", 76 * B, 600_000)]


def test_costs_near_the_peers_hold(build):
    records = [alloc(region_code=c, amount_idr=a) for c, a, _ in REGENCIES]
    records.append(alloc(amount_idr=34 * B))
    con = build(records, voters=voters(*[(c, n) for c, _, n in REGENCIES], ("65.03", 153_204)))
    assert run(con, "per-voter-outlier").empty  # Nunukan: Rp221.926 per voter, 2.5x


def test_a_cost_far_from_the_peers_is_a_review_item(build):
    records = [alloc(region_code=c, amount_idr=a) for c, a, _ in REGENCIES]
    far = alloc(amount_idr=80 * B)
    con = build(
        [*records, far], voters=voters(*[(c, n) for c, _, n in REGENCIES], ("65.03", 153_204))
    )
    rows = run(con, "per-voter-outlier")
    assert ids(rows) == [far["allocation_id"]]
    assert rows[["observed", "expected", "detail"]].values.tolist() == [["522180", "86667", "6.0"]]
