"""Where figures come from: sources that disagree, tranche compliance, each figure's records."""

from __future__ import annotations

import html

import pandas as pd
from great_tables import GT, loc, style

from hibah.reports.tables.cells import (
    NOT_DISCLOSED,
    STAGE_LABELS,
    _evidence_column,
    anchor,
    breakable,
    date_text,
    figure_link,
    finding_links,
    format_idr,
    source_link,
)
from hibah.reports.tables.comparison import bar


def build_conflicts(figures: pd.DataFrame) -> GT:
    """Every publication's figure for cells whose sources disagree, side by side."""
    rows = figures[~figures["sources_agree"].astype(bool)].copy()
    rows["cell"] = (
        rows["region_name"] + " · " + rows["body"] + " · " + rows["stage"].map(STAGE_LABELS)
    )
    table = pd.DataFrame(
        {
            "cell": rows["cell"],
            "shown": ["ditampilkan" if x else "" for x in rows["in_total"]],
            "amount": [format_idr(v) for v in rows["amount_idr"]],
            "as_written": rows["amount_text"],
            "as_of": date_text(rows["as_of"]),
            "outlet": rows["source_url"].map(source_link),
            "difference": [format_idr(v) for v in rows["difference_idr"]],
            "material": ["ya (material)" if x else "" for x in rows["material"]],
            "where": (rows["source_file"] + " · " + rows["locator"]).map(breakable),
            "evidence": _evidence_column(rows, with_url=True),
        }
    )
    return (
        GT(table, groupname_col="cell")
        .tab_header(
            title="Sumber yang berbeda (sources that disagree)",
            subtitle="Each publication's figure beside the one shown; the difference is against "
            "the figure shown; material = beyond both thresholds (source-conflict)",
        )
        .cols_label(
            shown="Dipakai",
            amount="Angka",
            as_written="Tertulis",
            as_of="Tanggal",
            outlet="Media (alamat)",
            difference="Selisih",
            material="Material",
            where="Berkas",
            evidence="Teks asli",
        )
        .fmt_markdown(columns="outlet")
        .cols_align(align="right", columns=["amount", "difference"])
        .tab_options(table_font_size="13px")
    )


# What tranche 2's date says against the deadline (the date of the figure's source: a figure
# dated before the deadline is not shown late, which is not proof it was paid on time).
_DEADLINE = {
    True: "terlambat (dated after the deadline)",
    False: "sebelum tenggat (dated before it)",
    None: "tanpa tanggal (no date)",
}


TRANCHE_COLOURS = ("#1c7ed6", "#74c0fc")  # tranche 1, tranche 2


OVER_COLOUR = "#e03131"


def _tranche_bar(nphd, tranche_1, tranche_2) -> str:
    """Tranches 1 and 2 as parts of the NPHD, as a bar; red when they pay out more."""
    if pd.isna(nphd) or not nphd or (pd.isna(tranche_1) and pd.isna(tranche_2)):
        return ""
    t1 = 0 if pd.isna(tranche_1) else int(tranche_1)
    t2 = 0 if pd.isna(tranche_2) else int(tranche_2)
    paid = (t1 + t2) / int(nphd)
    if paid > 1:
        return bar([(f"I + II {paid:.1%} of the NPHD", 1.0, OVER_COLOUR)]) + f" {paid:.1%}"
    parts = [
        (f"tahap I {t1 / int(nphd):.0%}", t1 / int(nphd), TRANCHE_COLOURS[0]),
        (f"tahap II {t2 / int(nphd):.0%}", t2 / int(nphd), TRANCHE_COLOURS[1]),
    ]
    return bar(parts) + f" {paid:.1%}"


def build_tranches(tranches: pd.DataFrame, parameters: dict[str, str]) -> GT:
    """NPHD against tranche 1 and 2: the share, and tranche 2's date against the deadline
    (both from the run's ``parameters``, audit.parameters)."""
    t = tranches
    share = float(parameters["tranche_1_share"])
    deadline = pd.Timestamp(parameters["tranche_2_deadline"])
    table = pd.DataFrame(
        {
            "province_name": t["province_name"],
            "region": t["region_name"] + " · " + t["body"],
            "nphd": [
                figure_link(v, c, b, "nphd")
                for v, c, b in zip(t["nphd_idr"], t["region_code"], t["body"], strict=True)
            ],
            "t1": [
                figure_link(v, c, b, "tranche_1")
                for v, c, b in zip(t["tranche_1_idr"], t["region_code"], t["body"], strict=True)
            ],
            "share": [f"{v:.1%}" if not pd.isna(v) else None for v in t["tranche_1_share"]],
            "t2": [
                figure_link(v, c, b, "tranche_2")
                for v, c, b in zip(t["tranche_2_idr"], t["region_code"], t["body"], strict=True)
            ],
            "t2_date": [d or None for d in date_text(t["tranche_2_as_of"])],
            "late": [_DEADLINE[None if pd.isna(x) else bool(x)] for x in t["tranche_2_late"]],
            "over": [
                format_idr(v) if not pd.isna(v) and v > 0 else "" for v in t["tranches_minus_nphd"]
            ],
            "progress": [
                _tranche_bar(n, a, b)
                for n, a, b in zip(
                    t["nphd_idr"], t["tranche_1_idr"], t["tranche_2_idr"], strict=True
                )
            ],
        }
    )
    return (
        GT(table, rowname_col="region", groupname_col="province_name")
        .tab_header(
            title="Kepatuhan tahap pencairan (tranche compliance)",
            subtitle=f"Tahap I ≈ {share:.0%} of the NPHD; tahap II by "
            f"{deadline.day} {deadline.month_name()} {deadline.year}, five months before "
            "voting day (Permendagri 41/2020, reported as Pasal 16(4))",
        )
        .cols_label(
            nphd="NPHD",
            t1="Tahap I",
            share="Porsi I",
            t2="Tahap II",
            t2_date="Tanggal II",
            late="Tenggat",
            over="I + II melebihi NPHD",
            progress="Dicairkan dari NPHD (paid of the NPHD)",
        )
        .fmt_markdown(columns=["nphd", "t1", "t2", "progress"])
        .sub_missing(columns=["nphd", "t1", "t2", "share", "t2_date"], missing_text=NOT_DISCLOSED)
        .cols_align(align="right", columns=["nphd", "t1", "t2", "share"])
    )


def build_sources(figures: pd.DataFrame, title: str, listed: frozenset = frozenset()) -> GT:
    """One province's figures in one table: a row group per figure (region · body · stage ·
    the figure shown), holding the records it is made of and the other publications'
    figures for it. Each group's heading carries the figure's anchor as its id, which the
    amounts elsewhere link to."""
    figures = figures.reset_index(drop=True)
    groups = [anchor(r.region_code, r.body, r.stage) for r in figures.itertuples()]
    # great-tables makes a group's id from its value and shows the label text_transform
    # returns as is: the value is the anchor (validated), the label is escaped here.
    labels = dict(
        zip(
            groups,
            (
                figures["region_name"]
                + " · "
                + figures["body"]
                + " · "
                + figures["stage"].map(lambda v: STAGE_LABELS.get(v, v))
                + " · angka ditampilkan (figure shown) "
                + figures["total_idr"].map(lambda v: format_idr(v) or NOT_DISCLOSED)
            ).map(html.escape),
            strict=True,
        )
    )
    table = _source_rows(figures, groups, listed)
    return (
        GT(table, groupname_col="figure")
        .fmt_markdown(columns=["flags", "address", "amount"])
        .text_transform(loc.row_groups(), lambda group: labels[group])
        .tab_style(style.text(weight="bold"), loc.row_groups())
        .tab_header(
            title=title,
            subtitle="Each figure shown in the report is the sum of its ✓ records; "
            "the other rows are the other publications' figures for it.",
        )
        .cols_label(
            used="Dipakai",
            amount="Angka",
            as_written="Tertulis",
            unit="Penerima",
            as_of="Tanggal",
            where="Berkas · lokasi",
            address="Alamat",
            evidence="Teks asli",
            note="Catatan",
            flags="Temuan",
        )
        .cols_align(align="right", columns=["amount"])
        .tab_options(table_font_size="13px")
    )


def _source_rows(figures: pd.DataFrame, groups: list[str], listed: frozenset) -> pd.DataFrame:
    """One row per record: whether the figure shown uses it, its amount (and the reading
    probably meant), where it is, its address, text, note and findings."""
    return pd.DataFrame(
        {
            "figure": groups,
            "used": ["✓" if x else "" for x in figures["in_total"]],
            "amount": [
                format_idr(v) if pd.isna(p) else f"{format_idr(v)}  \n⚑ *mungkin* {format_idr(p)}"
                for v, p in zip(figures["amount_idr"], figures["amount_probable_idr"], strict=True)
            ],
            "as_written": figures["amount_text"],
            "unit": figures["recipient_unit"].fillna(""),
            "as_of": date_text(figures["as_of"]),
            "where": (figures["source_file"] + " · " + figures["locator"]).map(breakable),
            "address": figures["source_url"].map(source_link),
            "evidence": _evidence_column(figures, with_url=True),
            "note": figures["note"].fillna(""),
            "flags": [
                finding_links(f, a, listed)
                for f, a in zip(figures["flags"], figures["allocation_id"], strict=True)
            ],
        }
    )
