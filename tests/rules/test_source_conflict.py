import datetime as dt

from tests.rules.conftest import alloc, ids, run

B = 1_000_000_000


def test_rounding_and_truncation_are_not_conflicts(build):
    # 5.971.710.000 published elsewhere as "Rp5,9 miliar" (precision 100 juta).
    exact = alloc(body="Polri", amount_idr=5_971_710_000, amount_precision_idr=1)
    rounded = alloc(body="Polri", amount_idr=5_900_000_000, amount_precision_idr=100_000_000)
    assert run(build([exact, rounded]), "source-conflict").empty


def test_immaterial_difference_is_not_reported(build):
    # Rp128,028 miliar against 128.029.355.800: beyond precision, below 1%.
    exact = alloc(amount_idr=128_029_355_800)
    other = alloc(amount_idr=128_028_000_000, amount_precision_idr=1_000_000)
    assert run(build([exact, other]), "source-conflict").empty


def test_material_disagreement_fails_with_the_difference(build):
    # Aceh Barat Daya: Rp24,1 miliar (ANTARA Aceh) against Rp22,5 miliar (ANTARA).
    a = alloc(
        region_code="11.12",
        amount_idr=24_100_000_000,
        amount_precision_idr=100_000_000,
        source_url="https://antara-aceh",
        as_of=dt.date(2024, 8, 1),
    )  # the later one
    b = alloc(
        region_code="11.12",
        amount_idr=22_500_000_000,
        amount_precision_idr=100_000_000,
        source_url="https://antara",
        as_of=dt.date(2024, 7, 1),
    )
    rows = run(build([a, b]), "source-conflict")
    assert ids(rows) == [b["allocation_id"]]
    assert rows[["observed", "expected", "difference", "detail"]].values.tolist() == [
        ["22500000000", "24100000000", -1_600_000_000, "https://antara"]
    ]


def test_thresholds_are_parameters(build):
    a = alloc(amount_idr=100 * B, source_url="https://a")
    b = alloc(amount_idr=100 * B + 500_000_000, source_url="https://b")
    con = build([a, b])
    assert len(run(con, "source-conflict")) == 0  # 0.5% < 1%
    assert len(run(con, "source-conflict", conflict_min_relative=0.001)) == 1
