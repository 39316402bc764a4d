"""juta-below-peers on amounts as written, read by the table reader: a figure in juta far
below the others of its document ("KPU Rp 34 juta" beside miliar figures)."""

from tests.rules.conftest import ids, read, run

NUNUKAN = "65.03;Kabupaten Nunukan"


def test_figures_of_one_order_hold(build, tmp_path):
    records = read(
        tmp_path,
        [
            f"1;{NUNUKAN};KPU;KPU;NPHD;Rp 34 miliar",
            f"2;{NUNUKAN};Bawaslu;Bawaslu;NPHD;Rp 13,8 miliar",
            f"3;{NUNUKAN};Polri;Polri;NPHD;Rp 900 juta",  # in juta, but of the peers' order
            f"4;{NUNUKAN};TNI;TNI;NPHD;Rp 1,2 miliar",
        ],
    )
    assert run(build(records), "juta-below-peers").empty


def test_juta_written_for_miliar_fails(build, tmp_path):
    records = read(
        tmp_path,
        [
            f"1;{NUNUKAN};KPU;KPU;NPHD;Rp 34 juta",
            f"2;{NUNUKAN};Bawaslu;Bawaslu;NPHD;Rp 13,8 miliar",
            f"3;{NUNUKAN};Polri;Polri;NPHD;Rp 8 miliar",
            f"4;{NUNUKAN};TNI;TNI;NPHD;Rp 7 miliar",  # 34 juta is 200 times below the median
        ],
    )
    rows = run(build(records), "juta-below-peers")
    assert ids(rows) == [r["allocation_id"] for r in records if r["body"] == "KPU"]
