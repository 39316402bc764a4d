import datetime as dt

from tests.rules.conftest import run


def report(code, body, filed):
    return {"region_code": code, "body": body, "filed_on": filed, "source_url": "https://x"}


def test_reports_on_time_hold(build):
    con = build([], reports=[report("33.13", "KPU", dt.date(2025, 4, 10))])
    assert run(con, "report-late").empty


def test_late_report_fails(build):
    con = build(
        [],
        reports=[
            report("33.13", "KPU", dt.date(2025, 4, 9)),
            report("64.09", "Bawaslu", dt.date(2025, 5, 2)),
        ],
    )
    rows = run(con, "report-late")
    assert rows[["region_code", "body", "observed", "expected", "difference"]].values.tolist() == [
        ["64.09", "Bawaslu", "2025-05-02", "2025-04-10", 22]
    ]
    assert rows["detail"].tolist() == [
        "from the default anchor date 2025-01-10; filing reported at https://x"
    ]
