from tests.rules.conftest import alloc, ids, run


def test_holds_when_each_source_gives_a_figure_once(build):
    con = build([alloc(source_url="https://a"), alloc(source_url="https://b")])
    assert run(con, "duplicate-record").empty


def test_second_copy_from_the_same_source_fails(build):
    first = alloc(source_url="https://a", source_file="a.csv")
    copy = alloc(source_url="https://a", source_file="press/a.txt")
    rows = run(
        build([first, copy, alloc(body="Bawaslu", source_url="https://a")]), "duplicate-record"
    )
    assert ids(rows) == [copy["allocation_id"]]
    assert rows[["observed", "detail"]].values.tolist() == [["34000000000", "https://a"]]


def test_two_units_of_one_body_with_equal_amounts_are_not_copies(build):
    a = alloc(body="Polri", recipient_unit="Polres Kukar", amount_idr=10**9, source_url="https://k")
    b = alloc(
        body="Polri", recipient_unit="Polres Bontang", amount_idr=10**9, source_url="https://k"
    )
    assert run(build([a, b]), "duplicate-record").empty
