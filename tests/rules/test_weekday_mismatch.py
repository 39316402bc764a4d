"""weekday-mismatch on dates as written, read by the table reader."""

from tests.rules.conftest import ids, read, run

NUNUKAN = "65.03;Kabupaten Nunukan"
SRC = "https://example.org/synthetic-rule-test"


def test_a_weekday_that_fits_its_date_holds(build, tmp_path):
    # 31 October 2024 was a Thursday (Kamis), as the seed release says
    records = read(
        tmp_path, [f"1;{NUNUKAN};KPU;KPU;NPHD;34 miliar rupiah;Kamis (31/10/2024);{SRC}"]
    )
    assert run(build(records), "weekday-mismatch").empty


def test_a_weekday_that_does_not_fit_fails(build, tmp_path):
    records = read(
        tmp_path,
        [
            f"1;{NUNUKAN};KPU;KPU;NPHD;34 miliar rupiah;Kamis (31/10/2024);{SRC}",
            f"2;{NUNUKAN};TNI;TNI;NPHD;1 miliar rupiah;Jumat (31/10/2024);{SRC}",
        ],
    )
    rows = run(build(records), "weekday-mismatch")
    assert ids(rows) == [r["allocation_id"] for r in records if r["body"] == "TNI"]
