"""dot-thousands-before-scale on amounts as written, read by the table reader."""

from tests.rules.conftest import ids, read, run

NUNUKAN = "65.03;Kabupaten Nunukan"


def test_decimals_before_a_scale_word_hold(build, tmp_path):
    records = read(
        tmp_path,
        [
            f"1;{NUNUKAN};KPU;KPU;NPHD;Rp 34,5 miliar",
            f"2;{NUNUKAN};Polri;Polri;NPHD;Rp5.9 miliar",  # one decimal: a decimal point
            f"3;{NUNUKAN};TNI;TNI;NPHD;Rp 1.028.290.000",
        ],
    )
    assert run(build(records), "dot-thousands-before-scale").empty


def test_a_dot_and_three_digits_before_a_scale_word_fails(build, tmp_path):
    # "Rp1.104 miliar": a decimal point by the rule (1,104 miliar), but also how a thousands
    # separator looks (1.104 miliar = 1,1 triliun): read as a decimal, flagged
    records = read(
        tmp_path,
        [
            f"1;{NUNUKAN};KPU;KPU;NPHD;Rp 34 miliar",
            f"2;{NUNUKAN};Bawaslu;Bawaslu;NPHD;Rp1.104 miliar",
        ],
    )
    rows = run(build(records), "dot-thousands-before-scale")
    assert ids(rows) == [r["allocation_id"] for r in records if r["body"] == "Bawaslu"]
