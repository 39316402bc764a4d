"""Reports: builders on small frames, and the whole site built from a real warehouse —
escaping, links that lead to their sources, exports, snapshots, and a real browser."""

from __future__ import annotations

import csv
import datetime as dt
import os
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from hibah import stages, warehouse
from hibah.reports import data as report_data
from hibah.reports import tables
from hibah.reports.exports import neutralise
from hibah.reports.page import write_site
from tests.conftest import RAW, ROOT

SNAPSHOTS = ROOT / "tests" / "snapshots"
XSS = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>"]


def build_site(raw: Path, out: Path) -> Path:
    """Warehouse and report site for ``raw`` under ``out`` (plain functions, no Prefect)."""
    ingested = stages.ingest(raw)
    checked = stages.validate(ingested)
    db = out / "hibah.duckdb"
    run = warehouse.RunInfo("r1", None, dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    stages.build_warehouse(db, run, ingested, checked)
    site = out / "reports"
    write_site(report_data.load(db), site)
    return site


@pytest.fixture(scope="module")
def shipped_site(tmp_path_factory) -> Path:
    return build_site(RAW, tmp_path_factory.mktemp("site"))


# --- builders ---------------------------------------------------------------------------------


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


def test_comparison_html_formats_links_and_says_not_disclosed():
    voters = pd.DataFrame(
        {"region_code": ["65.03"], "body": ["KPU"], "idr_per_voter": [34_000_000_000 / 153_204]}
    )
    html = tables.build_comparison(sample_totals(), "nphd", voters).as_raw_html()
    assert '<a href="sources-65.html#f-65-03-KPU-nphd">Rp34.000.000.000</a>' in html
    assert "Rp35.028.290.000" in html and "Rp221.926" in html  # total; KPU per voter
    # two of four bodies disclosed: no shares of a partial total ("KPU 97% · TNI 3%" was shown)
    assert "2/4 lembaga diungkap (partial total: no shares)" in html and "KPU 97%" not in html
    assert tables.NOT_DISCLOSED in html and "Rp0" not in html


def test_shares_are_shown_where_all_four_bodies_disclosed():
    rows = [
        (*NUNUKAN, body, "nphd", amount, False, 1, amount, amount, True)
        for body, amount in (
            ("KPU", 34_000_000_000),
            ("Bawaslu", 13_825_543_000),
            ("Polri", 5_971_710_000),
            ("TNI", 1_028_290_000),
        )
    ]
    html = tables.build_comparison(totals(*rows), "nphd").as_raw_html()
    assert "KPU 62% · Bawaslu 25% · Polri 11% · TNI 2%" in html
    # and drawn: one bar segment per body, as wide as its share
    assert re.search(r'title="KPU 62%" style="[^"]*width:62\.\d%', html)
    assert html.count('<span title="') == 4


def test_tranche_progress_is_drawn_against_the_nphd():
    half = tables._tranche_bar(1_000, 400, 100)
    assert 'title="tahap I 40%"' in half and "width:40.0%" in half and half.endswith(" 50.0%")
    over = tables._tranche_bar(1_000, 700, 500)  # more paid than agreed: red, full
    assert tables.OVER_COLOUR in over and over.endswith(" 120.0%")
    assert tables._tranche_bar(None, 400, 100) == ""
    assert tables._tranche_bar(1_000, None, None) == ""
    with pytest.raises(ValueError):
        tables.bar([('x" onmouseover="alert(1)', 0.5, "#000000")])


def test_a_disputed_figure_shows_both_readings_and_links_to_its_finding():
    frame = sample_totals()
    frame["disputed"] = [False, True, False, False]
    frame["amount_probable_idr"] = [None, 1_028_290_900, None, None]
    frame["allocation_ids"] = [["aa"], ["0123456789abcdef"], ["bb"], ["cc"]]
    listed = frozenset({("word-amount-not-round", "0123456789abcdef")})
    html = tables.build_comparison(frame, "nphd", listed=listed).as_raw_html()
    tni = html.split('href="sources-65.html#f-65-03-TNI-nphd"')[1].split("</td>")[0]
    assert 'href="findings.html#finding-word-amount-not-round-0123456789abcdef">⚑</a>' in tni
    assert "<em>mungkin (probably)</em> Rp1.028.290.900" in tni
    # the row's total is shown as written and as probably meant
    assert "Rp35.028.290.000<br />\n<em>mungkin (probably)</em> Rp35.028.290.900" in html


def test_figure_keys_accept_only_validated_values():
    assert tables.anchor("65.03", "KPU", "nphd") == "f-65-03-KPU-nphd"
    for bad in [("65.03<x", "KPU", "nphd"), ("65.03", 'KPU"', "nphd"), ("65", "KPU", "x")]:
        with pytest.raises(ValueError):
            tables.anchor(*bad)


def test_formula_cells_are_neutralised():
    assert [neutralise(v) for v in ["=HYPERLINK(1)", "+1", "-2", "@SUM(A1)", "Rp1", 5]] == [
        "'=HYPERLINK(1)",
        "'+1",
        "'-2",
        "'@SUM(A1)",
        "Rp1",
        5,
    ]


# --- the site from the shipped raw/ ---------------------------------------------------------


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[tuple[str, str]] = []
        self._href = None

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self._href = dict(attrs).get("href")

    def handle_data(self, data):
        if self._href:
            self.links.append((self._href, data))
            self._href = None


def test_every_page_is_written_and_self_contained(shipped_site):
    pages = sorted(p.name for p in shipped_site.glob("*.html"))
    assert {
        "index.html",
        "comparison.html",
        "conflicts.html",
        "findings.html",
        "tranches.html",
        "province-65.html",
        "sources-65.html",
    } <= set(pages)
    for page in shipped_site.glob("*.html"):
        text = page.read_text(encoding="utf-8")
        # nothing is loaded from elsewhere; the only outside addresses are links to the
        # publications a figure comes from, which send no referrer
        assert not re.search(r"""src=["']?(https?:)?//""", text), page.name
        assert not re.search(r"""<link[^>]*href=["']?(https?:)?//""", text), page.name
        for link in re.findall(r"""<a [^>]*href=["']?(?:https?:)?//[^>]*>""", text):
            assert 'rel="noreferrer"' in link, (page.name, link)
        assert "@import" not in text and "<script" not in text, page.name
    exports = sorted(p.name for p in (shipped_site / "exports").iterdir())
    assert exports == sorted(
        f"{name}.{suffix}"
        for name in ("allocations", "conflicts", "findings")
        for suffix in ("csv", "xlsx", "parquet")
    )


def test_every_link_leads_somewhere(shipped_site):
    data = report_data.load(shipped_site.parent / "hibah.duckdb")
    publications = set(data.figures["source_url"].dropna())
    for page in shipped_site.glob("*.html"):
        parser = Links()
        parser.feed(page.read_text(encoding="utf-8"))
        for href, _ in parser.links:
            if href.startswith(("https://", "http://")):  # a publication a figure comes from
                assert href in publications, href
                continue
            target, _, fragment = href.partition("#")
            assert (shipped_site / target).exists(), (page.name, href)
            if fragment:
                assert f'id="{fragment}"' in (shipped_site / target).read_text(), href


def test_a_figure_links_to_records_that_sum_to_it(shipped_site):
    parser = Links()
    parser.feed((shipped_site / "province-64.html").read_text(encoding="utf-8"))
    # Kutai Kartanegara's Polri NPHD: Polres Kukar Rp 8 miliar + Polres Bontang Rp 1 miliar.
    href, label = next((h, t) for h, t in parser.links if h.endswith("f-64-02-Polri-nphd"))
    assert label == "Rp9.000.000.000"
    page, _, fragment = href.partition("#")
    text = (shipped_site / page).read_text(encoding="utf-8")
    # The figure's row group: its heading is the anchor; its rows run to the next heading.
    heading, section = text.split(f'id="{fragment}"')[1].split("</th>", 1)
    assert "Kabupaten Kutai Kartanegara · Polri · NPHD" in heading
    rows = section.split("gt_group_heading_row")[0].split("</tr>")
    used = [r for r in rows if "✓" in r]
    amounts = [
        int(re.search(r'gt_right">Rp([\d.]+)<', r).group(1).replace(".", "")) for r in used
    ]  # the amount cell, not the group id in each cell's headers
    assert sum(amounts) == 9_000_000_000 and len(amounts) == 2


def test_a_flagged_figures_sources_name_the_flag_and_link_to_it(shipped_site):
    text = (shipped_site / "sources-65.html").read_text(encoding="utf-8")
    group = text.split('id="f-65-03-Bawaslu-nphd"')[1].split("gt_group_heading_row")[0]
    link = re.search(r'href="findings.html#(finding-word-amount-not-round-[0-9a-f]{16})"', group)
    assert link and "⚑ word-amount-not-round" in group
    # the link leads to that finding's own row
    findings = (shipped_site / "findings.html").read_text(encoding="utf-8")
    assert f'id="{link.group(1)}"' in findings
    assert "⚑ <em>mungkin</em> Rp13.825.543.000" in group  # the record's probable reading


def test_nunukans_bawaslu_grant_is_shown_as_disputed_wherever_it_appears(shipped_site):
    # "13 miliar 825 juta 543 rupiah": literally Rp13.825.000.543, probably Rp13.825.543.000
    province = (shipped_site / "province-65.html").read_text(encoding="utf-8")
    cell = province.split('href="sources-65.html#f-65-03-Bawaslu-nphd"')[1].split("</td>")[0]
    assert ">Rp13.825.000.543</a>" in cell
    assert "<em>mungkin (probably)</em> Rp13.825.543.000" in cell
    assert re.search(r'href="findings.html#finding-word-amount-not-round-[0-9a-f]{16}">⚑', cell)
    # Nunukan's total, as written and as probably meant
    assert "Rp54.825.000.543<br />\n<em>mungkin (probably)</em> Rp54.825.543.000" in province
    # the national Bawaslu total says it holds a doubtful figure, and what it would be
    index = (shipped_site / "index.html").read_text(encoding="utf-8")
    assert "a figure in it reads doubtfully" in index
    # the exports carry both readings and why
    figures = pd.read_csv(
        shipped_site / "exports" / "allocations.csv",
        encoding="utf-8-sig",
        dtype=str,
        keep_default_na=False,
    )
    seed = figures[figures["amount_text"] == "13 miliar 825 juta 543 rupiah"]
    assert set(seed["amount_idr"]) == {"13825000543"}
    assert set(seed["amount_probable_idr"]) == {"13825543000"}
    assert all("543 follows 'juta'" in b for b in seed["reading_basis"])


def test_conflicts_page_shows_the_real_disagreements(shipped_site):
    text = (shipped_site / "conflicts.html").read_text(encoding="utf-8")
    for cell in (
        "Kabupaten Aceh Barat Daya · KPU",
        "Kabupaten Gayo Lues · KPU",
        "Provinsi Sumatera Utara · Bawaslu",
    ):
        assert cell in text
    assert "-Rp8.200.000.000" in text and "ya (material)" in text


def test_findings_page_gives_each_rule_its_basis_and_records(shipped_site):
    text = (shipped_site / "findings.html").read_text(encoding="utf-8")
    # messages are shown filled in, never as their templates
    assert not re.search(r"\{(region_name|body|stage|observed|expected|detail)\}", text)
    assert 'id="rule-tranche-share"' in text and "Pasal 16(4)" in text
    assert "50.2% of the NPHD" in text  # Kutai Kartanegara's Bawaslu: 7,045 of 14,033 miliar
    # Sumatera Utara's Bawaslu, 78,33 of 223,8 miliar, is 35.0%: at the tolerance's edge, kept
    assert "35.0% of the NPHD" not in text
    assert "Rp1.200.000.000 was paid out, more than the NPHD of Rp1.028.290.000" in text


def test_exports_open_in_a_spreadsheet(shipped_site):
    with (shipped_site / "exports" / "allocations.csv").open(encoding="utf-8") as f:
        assert f.read(1) == "\ufeff"  # BOM: Excel reads UTF-8
    with (shipped_site / "exports" / "allocations.csv").open(encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    assert {"allocation_id", "amount_idr", "source_url", "locator", "evidence"} <= set(rows[0])
    sheet = load_workbook(shipped_site / "exports" / "findings.xlsx").active
    assert sheet.cell(1, 1).value == "rule_id" and sheet.max_row > 1


def test_xlsx_exports_are_laid_out_for_an_auditor(shipped_site):
    sheet = load_workbook(shipped_site / "exports" / "allocations.xlsx").active
    header = [c.value for c in sheet[1]]
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == sheet.dimensions
    amount = header.index("amount_idr") + 1
    column = sheet.cell(1, amount).column_letter
    # Excel showed 184400000000 as 1.844E+11 in the General format
    assert {sheet.cell(r, amount).number_format for r in range(2, sheet.max_row + 1)} == {"#,##0"}
    # widths in characters as Excel shows them (the file holds 60 as 60.71: Excel's padding)
    assert 14 <= int(sheet.column_dimensions[column].width) <= 60
    evidence = sheet.cell(1, header.index("evidence") + 1).column_letter
    assert int(sheet.column_dimensions[evidence].width) == 60


def test_exports_carry_flags_and_what_each_finding_is_about(shipped_site):
    import pandas as pd

    exports = shipped_site / "exports"
    figures = pd.read_csv(
        exports / "allocations.csv", encoding="utf-8-sig", dtype=str, keep_default_na=False
    )
    nunukan_tni = figures[
        (figures["region_code"] == "65.03")
        & (figures["body"] == "TNI")
        & (figures["stage"] == "disbursed")
    ]
    assert nunukan_tni["flags"].tolist() == ["disbursed-exceeds-nphd"]
    seed = figures.loc[figures["amount_text"] == "13 miliar 825 juta 543 rupiah", "flags"]
    assert len(seed) == 2 and all("word-amount-not-round" in f.split("; ") for f in seed)
    findings = pd.read_csv(
        exports / "findings.csv", encoding="utf-8-sig", dtype=str, keep_default_na=False
    )
    assert {"region_code", "region_name", "body", "stage"} <= set(findings.columns)
    # not-disclosed names its region only in columns now, not only inside the message
    missing = findings[findings["rule_id"] == "not-disclosed"]
    assert (missing["region_code"] != "").all() and (missing["region_name"] != "").all()
    # a reading finding gets them from its record
    word = findings[findings["rule_id"] == "word-amount-not-round"]
    assert word[["region_name", "body", "stage"]].values.tolist() == [
        ["Kabupaten Nunukan", "Bawaslu", "nphd"]
    ] * len(word)
    conflicts = pd.read_csv(
        exports / "conflicts.csv", encoding="utf-8-sig", dtype=str, keep_default_na=False
    )
    assert {"difference_idr", "material"} <= set(conflicts.columns)
    assert "-8200000000" in set(conflicts["difference_idr"])
    assert "True" in set(conflicts["material"])


# --- hostile input ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    """A raw folder whose region name, outlet and evidence carry markup and formulas."""
    out = tmp_path_factory.mktemp("hostile")
    raw = out / "raw"
    (raw / "reference").mkdir(parents=True)
    regions = (RAW / "reference" / "regions.csv").read_text(encoding="utf-8")
    regions = regions.replace(";Kabupaten Nunukan;", f";Kabupaten Nunukan {XSS[0]};")
    (raw / "reference" / "regions.csv").write_text(regions, encoding="utf-8")
    host = f"https://x{XSS[1]}.example/"
    (raw / "t.csv").write_text(
        "Kode Wilayah;Penerima Hibah;Lembaga;Tahap;Nilai;Sumber;Keterangan\n"
        f"65.03;KPU {XSS[0]};KPU;NPHD;Rp 34.000.000.000;{host};{XSS[1]}\n"
        f'65.03;=HYPERLINK("http://x");Bawaslu;NPHD;Rp 13 miliar;{host}a;@SUM(1)\n'
        f"65.03;KPU;KPU;NPHD;Rp 30 miliar;https://other.example/;-1+1\n",
        encoding="utf-8",
    )
    (raw / "sources.csv").write_text("file;title\nt.csv;" + XSS[0] + "\n", encoding="utf-8")
    return build_site(raw, out)


def test_markup_in_source_text_is_escaped_on_every_page(hostile_site):
    pages = list(hostile_site.glob("*.html"))
    assert len(pages) >= 7
    for page in pages:
        text = page.read_text(encoding="utf-8")
        for payload in XSS:
            assert payload not in text, page.name
    assert "&lt;script&gt;" in (hostile_site / "province-65.html").read_text(encoding="utf-8")


def test_xlsx_cells_keep_their_type_and_text_is_never_a_formula(tmp_path):
    from hibah.reports.exports import write_xlsx

    frame = pd.DataFrame(
        {
            "evidence": ["=1+1", "https://example.org/a", "", None],
            "amount_idr": [13_825_543_000, 1, 2, None],
            "as_of": pd.to_datetime(["2023-11-10", None, "2024-06-20", None]),
            "sources_agree": [True, False, True, False],
        }
    )
    write_xlsx(frame, tmp_path / "t.xlsx", "t")  # written as it is: no neutralising here
    sheet = load_workbook(tmp_path / "t.xlsx").active
    rows = list(sheet.iter_rows(min_row=2))
    assert [(c.value, c.data_type) for c in rows[0][:1]] == [("=1+1", "s")]  # text, not run
    assert rows[1][0].value == "https://example.org/a" and rows[1][0].hyperlink is None
    assert rows[2][0].value is None and rows[3][1].value is None  # empty and missing: no cell
    assert (rows[0][1].value, rows[0][1].number_format) == (13_825_543_000, "#,##0")
    assert (
        rows[0][2].value == dt.datetime(2023, 11, 10) and rows[0][2].number_format == "yyyy-mm-dd"
    )
    assert [r[3].value for r in rows] == [True, False, True, False]


def test_formulas_in_source_text_are_neutralised_in_every_export(hostile_site):
    for path in (hostile_site / "exports").glob("*.csv"):
        with path.open(encoding="utf-8-sig") as f:
            for row in csv.reader(f):
                assert not any(c.startswith(("=", "+", "@")) for c in row), (path.name, row)
                assert not any(c.startswith("-") and not re.fullmatch(r"-\d+", c) for c in row)
    for path in (hostile_site / "exports").glob("*.xlsx"):
        for row in load_workbook(path).active.iter_rows(values_only=True):
            assert not any(isinstance(c, str) and c.startswith(("=", "+", "-", "@")) for c in row)


# --- snapshots --------------------------------------------------------------------------------


def normalise(html: str) -> str:
    """GT's random table ids and its long style block out; what is left is layout."""
    html = re.sub(r'id="[a-z]{10}"', 'id="ID"', html)
    html = re.sub(r"<style>.*?</style>", "", html, flags=re.S)
    return re.sub(r"\s+\n", "\n", html).strip() + "\n"


@pytest.mark.parametrize(
    ("name", "build"),
    [
        ("comparison", lambda: tables.build_comparison(sample_totals())),
        (
            "rule_overview",
            lambda: tables.build_rule_overview(
                pd.DataFrame(
                    {
                        "rule_id": ["amount-unreadable", "source-conflict", "tranche-share"],
                        "severity": ["error", "warning", "warning"],
                        "checked": ["reading or schema", "sql", "sql"],
                        "title": [
                            "Amount cannot be read",
                            "Sources disagree on a figure",
                            "Tranche 1 is not about 40% of the NPHD",
                        ],
                    }
                ),
                pd.DataFrame(
                    {"rule_id": ["source-conflict"], "severity": ["warning"], "findings": [3]}
                ),
            ),
        ),
    ],
)
def test_snapshot(name, build):
    html = normalise(build().as_raw_html())
    path = SNAPSHOTS / f"{name}.html"
    if os.environ.get("UPDATE_SNAPSHOTS") == "1":  # then review the diff before committing
        path.write_text(html, encoding="utf-8")
    assert path.exists(), f"no snapshot {path.name}: run with UPDATE_SNAPSHOTS=1 and review it"
    assert html == path.read_text(encoding="utf-8")


# --- a real browser ---------------------------------------------------------------------------


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.skipif(CHROMIUM is None, reason="no chromium on PATH (.ci/run installs it)")
@pytest.mark.parametrize("page", ["index.html", "province-65.html"])
def test_pages_render_in_a_headless_browser(shipped_site, tmp_path, page):
    data = report_data.load(shipped_site.parent / "hibah.duckdb")
    nphd = data.provinces[(data.provinces["stage"] == "nphd") & (data.provinces["body"] == "KPU")]
    figure = {
        # the national KPU total of the governors' grants, as the warehouse has it
        "index.html": tables.format_idr(nphd["province_idr"].sum()),
        "province-65.html": "Rp34.000.000.000",  # Nunukan's KPU grant
    }[page]
    flags = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        f"--user-data-dir={tmp_path / 'profile'}",
        "--window-size=1300,1600",
    ]
    url = (shipped_site / page).as_uri()
    shot = tmp_path / "shot.png"
    subprocess.run(
        [CHROMIUM, *flags, f"--screenshot={shot}", url],
        check=True,
        capture_output=True,
        timeout=120,
    )
    png = shot.read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert len(png) > 30_000  # a blank 1300x1600 page compresses to a few kilobytes
    dom = subprocess.run(
        [CHROMIUM, *flags, "--dump-dom", url],
        check=True,
        capture_output=True,
        text=True,
        timeout=120,
    ).stdout
    assert figure in dom
    if page == "province-65.html":  # Nunukan's Bawaslu grant, as written and as meant
        cell = dom.split('href="sources-65.html#f-65-03-Bawaslu-nphd"')[1].split("</td>")[0]
        assert "Rp13.825.000.543" in cell and "Rp13.825.543.000" in cell


_MEASURE = """<script>
const wide = [...document.querySelectorAll("table.gt_table")].filter(
    t => t.parentElement.scrollWidth > t.parentElement.clientWidth + 1).length;
const cut = [...document.querySelectorAll("td")].filter(
    td => td.scrollWidth > td.clientWidth + 1).length;
document.body.setAttribute("data-measured", wide + "/" + cut);
</script>"""


@pytest.mark.skipif(CHROMIUM is None, reason="no chromium on PATH (.ci/run installs it)")
@pytest.mark.parametrize("page", ["conflicts.html", "findings.html", "sources-65.html"])
def test_tables_fit_a_1400_pixel_window(shipped_site, tmp_path, page):
    # the conflicts and findings tables ran off the page there, their original text cut
    probe = tmp_path / page  # a copy with a measuring script: the site itself has none
    probe.write_text(
        (shipped_site / page).read_text(encoding="utf-8").replace("</body>", _MEASURE + "</body>"),
        encoding="utf-8",
    )
    flags = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        f"--user-data-dir={tmp_path / 'profile'}",
        "--window-size=1400,1000",
    ]
    dom = subprocess.run(
        [CHROMIUM, *flags, "--dump-dom", probe.as_uri()],
        check=True,
        capture_output=True,
        text=True,
        timeout=120,
    ).stdout
    measured = re.search(r'data-measured="(\d+)/(\d+)"', dom)
    assert measured, dom[:500]
    assert measured.groups() == ("0", "0"), f"tables too wide / cells cut: {measured.groups()}"


def test_a_figure_with_a_warning_is_marked():
    flagged = sample_totals().assign(flagged=[False, True, False, False])
    wide = tables.comparison_frame(flagged)
    assert wide.iloc[1]["flagged"] == ["TNI"] and wide.iloc[0]["flagged"] == []
    html = tables.build_comparison(flagged).as_raw_html()
    assert html.count("border-left: 4px solid #d9480f") == 1


def test_not_disclosed_is_counted_by_province():
    roster = pd.DataFrame(
        {
            "region_code": ["34.01", "65", "65.01", "65.02", "65.03"],
            "region_name": [
                "Kabupaten Kulon Progo",
                "Provinsi Kalimantan Utara",
                "Kabupaten Bulungan",
                "Kabupaten Malinau",
                "Kabupaten Nunukan",
            ],
            "province_code": ["34", "65", "65", "65", "65"],
            "province_name": [
                "Provinsi Daerah Istimewa Yogyakarta",
                *["Provinsi Kalimantan Utara"] * 4,
            ],
        }
    )
    # Kulon Progo and Bulungan disclose nothing; Malinau lacks TNI; the rest disclose all.
    findings = pd.DataFrame({"locator": ["34.01"] * 4 + ["65.01"] * 4 + ["65.02"]})
    frame = tables.not_disclosed_frame(findings, roster)
    assert frame.to_dict("records") == [
        {
            "province_name": "Provinsi Daerah Istimewa Yogyakarta",
            "voting": 1,
            "none": 1,
            "some": 0,
            "findings": 4,
        },
        {
            "province_name": "Provinsi Kalimantan Utara",
            "voting": 4,
            "none": 1,
            "some": 1,
            "findings": 5,
        },
    ]


def test_findings_page_counts_not_disclosed_instead_of_listing_it(shipped_site):
    text = (shipped_site / "findings.html").read_text(encoding="utf-8")
    section = text.split('id="rule-not-disclosed"')[1].split("</section>")[0]
    assert "Tidak diungkap per provinsi" in section and "exports/findings.csv" in section
    assert "no NPHD figure for TNI has been found" not in section


def test_processes_taking_turns_draw_every_part_of_the_site_once(shipped_site, tmp_path):
    """`hibah run --workers N`: N processes take the site's parts in turn (heaviest first);
    each part is drawn by one of them; a part claimed by a process lost on the way is
    left for the flow to draw; the site is the one `write_site` writes."""
    from concurrent.futures import ThreadPoolExecutor

    from hibah.reports import page

    data = report_data.load(shipped_site.parent / "hibah.duckdb")
    parts = page.draw_order(data)
    assert parts[:4] == [page.EXPORTS, "conflicts.html", "index.html", "comparison.html"]
    assert sorted(parts[1:]) == sorted(page.page_names(data)) and len(set(parts)) == len(parts)

    folder = tmp_path / "turns"
    lost = "sources-65.html"  # claimed by a process that never finished it
    (folder / page.CLAIMS).mkdir(parents=True)
    (folder / page.CLAIMS / lost).touch()
    with ThreadPoolExecutor(2) as pool:
        drawn = list(pool.map(lambda _: page.draw_unclaimed(data, folder, parts), range(2)))
    assert sorted(drawn[0] + drawn[1]) == sorted(p for p in parts if p != lost)
    assert page.undrawn(folder, parts) == [lost] and not (folder / lost).exists()
    page.draw_parts(data, folder, [lost])
    page.clear_claims(folder)

    whole = page.write_site(data, tmp_path / "whole").parent

    def files(root: Path) -> dict[str, object]:
        """Pages by size (they differ only in table ids); workbooks by their cells, as a
        workbook's zip stamps the time it was written."""

        def seen(path: Path) -> object:
            if path.suffix == ".xlsx":
                book = load_workbook(path, read_only=True)
                cells = {sheet.title: list(sheet.values) for sheet in book.worksheets}
                book.close()
                return cells
            return path.stat().st_size

        return {str(p.relative_to(root)): seen(p) for p in root.rglob("*") if p.is_file()}

    assert files(folder) == files(whole) and len(files(folder)) > 10


def test_cells_filled_the_fast_way_give_the_same_pages(shipped_site, monkeypatch, tmp_path):
    from hibah.reports import page

    data = report_data.load(shipped_site.parent / "hibah.duckdb")
    names = ["index.html", "conflicts.html", "findings.html", "sources-65.html"]

    def drawn(fast_cells: bool) -> dict[str, str]:
        monkeypatch.setattr(tables.cells, "FAST_CELLS", fast_cells)
        page.write_pages(data, tmp_path / str(fast_cells), names)
        out = {}
        for name in names:  # great-tables draws a random id per table: number them instead
            text = (tmp_path / str(fast_cells) / name).read_text(encoding="utf-8")
            for number, table_id in enumerate(re.findall(r'<div id="([a-z]{10})"', text)):
                text = text.replace(table_id, f"table-{number}")
            out[name] = text
        return out

    assert drawn(True) == drawn(False)
    # and the fast way is the one great-tables takes for pandas frames
    from great_tables import _tbl_data

    for hook in ("create_empty_frame", "_get_cell", "_set_cell"):
        assert getattr(_tbl_data, hook).dispatch(pd.DataFrame).__module__ == tables.cells.__name__


def test_pages_give_times_in_wib_and_every_tranche_a_deadline_reading(shipped_site):
    index = (shipped_site / "index.html").read_text(encoding="utf-8")
    lead = re.search(r'<p class="lead">([^<]*)</p>', index)
    assert lead and re.search(r"· \d{4}-\d\d-\d\d \d\d:\d\d WIB ·", lead.group(1)), lead
    assert "2026-01-01 07:00 WIB" in index  # the run started at midnight UTC
    assert not re.search(r"\d\d:\d\d:\d\d\.\d{6}", index)  # no microseconds
    tranches = (shipped_site / "tranches.html").read_text(encoding="utf-8")
    # Sumatera Utara's tranche 2 is dated 27 March 2024, Lombok Tengah's not at all
    assert "sebelum tenggat (dated before it)" in tranches
    assert "tanpa tanggal (no date)" in tranches


def test_finding_links_refuse_anything_but_a_rule_id():
    from hibah.reports.tables import finding_links

    assert finding_links(["tranche-share"]) == "[⚑ tranche-share](findings.html#rule-tranche-share)"
    for bad in ("<b>x</b>", "x)(javascript:alert(1)", "Tranche share"):
        with pytest.raises(ValueError):
            finding_links([bad])


def test_the_history_counts_the_same_findings_as_the_lead_line(shipped_site):
    # two files read from one publication give two findings with one fingerprint: the
    # history counted fingerprints (21 warnings) against 22 in every page's lead line
    data = report_data.load(shipped_site.parent / "hibah.duckdb")
    current = data.statuses[data.statuses["status"] != "resolved"]
    by_severity = current.groupby("severity")["findings"].sum().to_dict()
    assert by_severity.get("warning", 0) == data.run["warnings"] == 22
    assert by_severity.get("info", 0) == data.run["infos"]


def test_findings_open_with_every_rules_result_and_rows_in_their_severitys_colour(shipped_site):
    text = (shipped_site / "findings.html").read_text(encoding="utf-8")
    overview = text.split("Aturan dan hasilnya")[1].split("</table>")[0]
    data = report_data.load(shipped_site.parent / "hibah.duckdb")
    # every rule of the catalogue is listed, the ones that found nothing as holding
    assert overview.count("<tr>") == len(data.rules)
    fired = set(data.findings_by_rule["rule_id"])
    assert overview.count("lulus (holds)") == len(data.rules) - len(fired)
    assert '<a href="findings.html#rule-source-conflict">source-conflict</a>' in overview
    # a warning's row is marked in the warning colour
    section = text.split('id="rule-source-conflict"')[1].split("</section>")[0]
    assert "border-left: 4px solid #e67700" in section
    index = (shipped_site / "index.html").read_text(encoding="utf-8")
    assert "Aturan dan hasilnya" in index
