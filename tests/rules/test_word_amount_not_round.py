"""word-amount-not-round on amounts as written, read by the table reader: the deciding
(the parser's reading and its probable one) is tested with the rule, not set by hand."""

from tests.rules.conftest import ids, read, run

NUNUKAN = "65.03;Kabupaten Nunukan"


def test_round_word_built_and_digit_amounts_hold(build, tmp_path):
    records = read(
        tmp_path,
        [
            f"1;{NUNUKAN};KPU;KPU;NPHD;34 miliar rupiah",
            f"2;{NUNUKAN};Polri;Polri;NPHD;5 miliar 971 juta 710 ribu rupiah",
            f"3;{NUNUKAN};TNI;TNI;NPHD;Rp 1.028.290.543",  # digits: exact, not word-built
        ],
    )
    assert run(build(records), "word-amount-not-round").empty


def test_the_seeds_misprint_fails_with_its_probable_reading(build, tmp_path):
    records = read(
        tmp_path,
        [
            f"1;{NUNUKAN};KPU;KPU;NPHD;34 miliar rupiah",
            f"2;{NUNUKAN};Bawaslu;Bawaslu;NPHD;13 miliar 825 juta 543 rupiah",
        ],
    )
    con = build(records)
    rows = run(con, "word-amount-not-round")
    bawaslu = [r["allocation_id"] for r in records if r["body"] == "Bawaslu"]
    assert ids(rows) == bawaslu
    row = rows.iloc[0]
    assert (row["observed"], row["expected"], row["difference"]) == (
        "13 miliar 825 juta 543 rupiah",
        "13825543000",
        13_825_543_000 - 13_825_000_543,
    )
    assert row["detail"].startswith("Rp13.825.000.543; probably Rp13.825.543.000 was meant")
    # the totals show the figure as disputed, with both readings
    assert con.execute(
        "select amount_idr, disputed, amount_probable_idr from marts.region_body_totals "
        "where body = 'Bawaslu'"
    ).fetchall() == [(13_825_000_543, True, 13_825_543_000)]


def test_a_doubtful_amount_with_no_clear_meaning_fails_as_written(build, tmp_path):
    records = read(tmp_path, [f"1;{NUNUKAN};KPU;KPU;NPHD;34 miliar 5 ribu 543 rupiah"])
    rows = run(build(records), "word-amount-not-round")
    assert rows["expected"].tolist() == ["34000005543"] and rows["difference"].tolist() == [0]
    assert "not a round figure" in rows["detail"].iloc[0]
