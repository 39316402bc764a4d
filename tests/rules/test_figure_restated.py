import datetime as dt

from tests.rules.conftest import alloc, run


def previous(con, amount, source="https://a"):
    con.execute(
        "insert into audit.previous_figures values "
        "('r0', '65.03', 'KPU', 'nphd', $source, '', $amount, 't.csv', 'row 2')",
        {"source": source, "amount": str(amount)},
    )


def test_an_unchanged_figure_holds(build):
    con = build([alloc(source_url="https://a")])
    previous(con, 34_000_000_000)
    assert run(con, "figure-restated").empty


def test_a_first_run_has_nothing_to_compare(build):
    assert run(
        build([alloc(source_url="https://a", as_of=dt.date(2024, 1, 1))]), "figure-restated"
    ).empty


def test_a_changed_figure_from_the_same_source_fails(build):
    record = alloc(source_url="https://a", amount_idr=35_000_000_000)
    con = build([record])
    previous(con, 34_000_000_000)
    rows = run(con, "figure-restated")
    assert rows[["allocation_id", "observed", "expected"]].values.tolist() == [
        [record["allocation_id"], "35000000000", "34000000000"]
    ]
