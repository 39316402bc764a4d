from tests.rules.conftest import alloc, ids, run

B = 1_000_000_000


def peers():
    return [
        alloc(region_code=c, amount_idr=a)
        for c, a in (("33.26", 32 * B), ("35.11", 52 * B), ("64.02", 76 * B))
    ]


def test_peers_of_the_same_scale_hold(build):
    assert run(build([*peers(), alloc(amount_idr=34 * B)]), "scale-suspect").empty


def test_a_figure_a_thousand_times_off_fails(build):
    odd = alloc(amount_idr=34_000_000, amount_text="Rp 34 juta")
    rows = run(build([*peers(), odd]), "scale-suspect")
    assert ids(rows) == [odd["allocation_id"]]
    assert rows[["observed", "expected", "detail"]].values.tolist() == [
        ["34000000", "52000000000", "1529"]
    ]


def test_too_few_peers_say_nothing(build):
    assert run(build([peers()[0], alloc(amount_idr=34_000_000)]), "scale-suspect").empty
