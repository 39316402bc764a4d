"""Report builders on small frames, and the page they make."""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd

from flows.reports import tables
from flows.reports.data import ReportData
from flows.reports.page import render_index, write_html


def totals(*rows) -> pd.DataFrame:
    cols = [
        "region_code",
        "region_name",
        "province_code",
        "province_name",
        "level",
        "body",
        "stage",
        "amount_idr",
        "approximate",
        "n_sources",
        "amount_min",
        "amount_max",
        "sources_agree",
    ]
    return pd.DataFrame(rows, columns=cols)


NUNUKAN = ("65.03", "Kabupaten Nunukan", "65", "Provinsi Kalimantan Utara", "kabupaten")
KALTARA = ("65", "Provinsi Kalimantan Utara", "65", "Provinsi Kalimantan Utara", "provinsi")


def sample_totals() -> pd.DataFrame:
    return totals(
        (*NUNUKAN, "KPU", "nphd", 34_000_000_000, False, 2, 34_000_000_000, 34_000_000_000, True),
        (*NUNUKAN, "TNI", "nphd", 1_028_290_000, False, 2, 1_028_290_000, 1_200_000_000, False),
        (*NUNUKAN, "Bawaslu", "disbursed", 13_800_000_000, True, 1, 0, 0, True),
        (*KALTARA, "Bawaslu", "nphd", 23_723_122_000, True, 1, 0, 0, True),
    )


def test_comparison_matrix_keeps_missing_as_missing():
    wide = tables.comparison_frame(sample_totals())
    assert wide["region_name"].tolist() == ["Provinsi Kalimantan Utara", "Kabupaten Nunukan"]
    nunukan = wide.iloc[1]
    assert nunukan["KPU"] == 34_000_000_000
    assert pd.isna(nunukan["Bawaslu"])  # disbursed only: no NPHD figure, not zero
    assert nunukan["total"] == 35_028_290_000
    assert nunukan["disagree"] == ["TNI"]
    assert wide.iloc[0]["approx"] == ["Bawaslu"]


def test_comparison_html_formats_rupiah_and_says_not_disclosed():
    html = tables.build_comparison(sample_totals()).as_raw_html()
    assert "Rp34.000.000.000" in html
    assert "Rp1.028.290.000" in html
    assert "Rp35.028.290.000" in html
    assert tables.NOT_DISCLOSED in html
    assert "Provinsi Kalimantan Utara" in html
    assert "Rp0" not in html


def test_source_text_is_escaped():
    evil = "<script>alert(1)</script>"
    findings = pd.DataFrame(
        [
            {
                "rule_id": "body-unknown",
                "severity": "error",
                "message": f"body {evil!r}",
                "source_file": "x.csv",
                "row_number": 2,
                "locator": "row 2",
                "evidence": f"1;65.03;{evil};<img src=x onerror=alert(1)>",
            }
        ]
    )
    html = tables.build_findings(findings).as_raw_html()
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;" in html


def test_index_page_is_self_contained_and_complete(tmp_path):
    run = {
        "run_id": "r1",
        "flow_run_id": None,
        "started_at": dt.datetime(2026, 1, 1),
        "finished_at": dt.datetime(2026, 1, 1, 0, 1),
        "files": 2,
        "rows_read": 5,
        "loaded": 3,
        "quarantined": 1,
        "skipped": 1,
        "errors": 1,
        "warnings": 0,
        "infos": 0,
    }
    files = pd.DataFrame(
        [
            {
                "source_file": "a.csv",
                "role": "allocations",
                "title": "A",
                "publisher": "P",
                "read_error": None,
                "rows_read": 5,
                "loaded": 3,
                "quarantined": 1,
                "skipped": 1,
            }
        ]
    )
    quarantine = pd.DataFrame(
        [
            {
                "source_file": "a.csv",
                "row_number": 3,
                "locator": "row 3",
                "rule_ids": ["body-unknown"],
                "reasons": ["body 'Satpol PP' is not one of ..."],
                "evidence": "3;65.03;...;Satpol PP",
            }
        ]
    )
    findings = pd.DataFrame(
        columns=[
            "rule_id",
            "severity",
            "message",
            "source_file",
            "row_number",
            "locator",
            "evidence",
        ]
    )
    by_rule = pd.DataFrame({"rule_id": ["body-unknown"], "severity": ["error"], "findings": [1]})
    text = render_index(ReportData(run, files, sample_totals(), findings, quarantine, by_rule))
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", text)  # no external resources
    assert "@import" not in text
    for anchor in ("ringkasan", "berkas", "perbandingan", "temuan", "karantina"):
        assert f'id="{anchor}"' in text
    assert "Satpol PP" in text and "Rp34.000.000.000" in text
    write_html(text, tmp_path / "out" / "index.html")
    assert (tmp_path / "out" / "index.html").read_text(encoding="utf-8") == text
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["index.html"]
