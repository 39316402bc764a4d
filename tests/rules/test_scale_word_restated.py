"""scale-word-restated on amounts as written, read by the table reader."""

from tests.rules.conftest import ids, read, run

SULSEL = "73;Provinsi Sulawesi Selatan"


def test_scaled_amounts_and_full_rupiah_hold(build, tmp_path):
    records = read(
        tmp_path,
        [
            f"1;{SULSEL};KPU;KPU;NPHD;Rp387,09 miliar",
            f"2;{SULSEL};Bawaslu;Bawaslu;NPHD;Rp173.697.046.000",
            f"3;{SULSEL};Polri;Polri;NPHD;Rp 1.500 juta",
        ],
    )
    assert run(build(records), "scale-word-restated").empty


def test_a_scale_word_after_the_rupiah_in_full_fails(build, tmp_path):
    # "Rp154.837.072.751,2 miliar" (Sindo Makassar, 2 May 2024): the digits are the amount,
    # the word repeats the unit; read as Rp154.837.072.751 and flagged
    records = read(
        tmp_path,
        [
            f"1;{SULSEL};KPU;KPU;NPHD;Rp387.092.681.878 miliar",
            f"2;{SULSEL};KPU;KPU;Tahap 1;Rp154.837.072.751,2 miliar",
            f"3;{SULSEL};Bawaslu;Bawaslu;NPHD;Rp173.697.046.000",
        ],
    )
    assert sorted(r["amount_idr"] for r in records if r["body"] == "KPU") == [
        154_837_072_751,
        387_092_681_878,
    ]
    rows = run(build(records), "scale-word-restated")
    assert sorted(ids(rows)) == sorted(r["allocation_id"] for r in records if r["body"] == "KPU")
