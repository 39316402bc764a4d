"""Comparison tables: regions by body for one stage, provinces, national totals by body."""

from __future__ import annotations

import re

import pandas as pd
from great_tables import GT, loc, style

from hibah.parse.vocabulary import BODIES
from hibah.reports.tables.cells import (
    NOT_DISCLOSED,
    STAGE_LABELS,
    figure_link,
    finding_href,
    format_idr,
    province_page,
)


def _bodies_where(flags: pd.DataFrame, index: pd.Index) -> list[list[str]]:
    """Per row of ``index``, the bodies whose flag is true (missing counts as false)."""
    values = flags.reindex(index=index, columns=list(BODIES)).to_numpy(dtype=object)
    return [
        [b for b, v in zip(BODIES, row, strict=True) if pd.notna(v) and bool(v)] for row in values
    ]


def comparison_frame(totals: pd.DataFrame, stage: str = "nphd") -> pd.DataFrame:
    """Regions by body for one stage; absent cells stay missing (never zero)."""
    rows = totals[totals["stage"] == stage]
    keys = ["province_code", "province_name", "level", "region_code", "region_name"]
    if rows.empty:
        return pd.DataFrame(
            columns=[*keys, *BODIES, "total", "disagree", "approx", "flagged", "disputed"]
        )
    wide = rows.pivot_table(index=keys, columns="body", values="amount_idr", aggfunc="first")
    wide = wide.reindex(columns=list(BODIES)).astype("Int64")
    # Figures whose literal reading is in doubt: body -> (probable figure, its records)
    disputed = rows[rows["disputed"].fillna(False).astype(bool)] if "disputed" in rows else rows[:0]
    probable: dict[tuple, dict[str, tuple[int, list[str]]]] = {k: {} for k in wide.index}
    for r in disputed.itertuples():
        key = tuple(getattr(r, k) for k in keys)
        probable[key][r.body] = (int(r.amount_probable_idr), list(r.allocation_ids))
    disagree = rows.assign(d=~rows["sources_agree"].astype(bool)).pivot_table(
        index=keys, columns="body", values="d", aggfunc="any"
    )
    approx = rows.pivot_table(index=keys, columns="body", values="approximate", aggfunc="any")
    flagged = (
        rows.pivot_table(index=keys, columns="body", values="flagged", aggfunc="any")
        if "flagged" in rows
        else pd.DataFrame(index=approx.index)
    )
    wide["total"] = wide[list(BODIES)].sum(axis=1, min_count=1).astype("Int64")
    wide["disagree"] = _bodies_where(disagree, wide.index)
    wide["approx"] = _bodies_where(approx, wide.index)
    wide["flagged"] = _bodies_where(flagged, wide.index)
    wide["disputed"] = [probable[k] for k in wide.index]
    wide = wide.reset_index()
    wide["level_order"] = (wide["level"] != "provinsi").astype(int)
    wide = wide.sort_values(["province_code", "level_order", "region_code"])
    return wide.drop(columns="level_order").reset_index(drop=True)


DISPUTE_RULE = "word-amount-not-round"  # the rule that finds doubtful readings


def disputed_cell(link: str, probable: int, ids: list[str], listed: frozenset) -> str:
    """A figure whose literal reading is in doubt: as written (linking to its sources), a
    flag linking to its finding, and the probable reading under it."""
    target = next((i for i in ids if (DISPUTE_RULE, i) in listed), ids[0] if ids else None)
    href = finding_href(DISPUTE_RULE, target, listed)
    return f"{link} [⚑]({href})  \n*mungkin (probably)* {format_idr(probable)}"


def _total_cell(row: pd.Series) -> str | None:
    """The disclosed total; with a disputed figure in it, also the total read as meant."""
    if pd.isna(row["total"]):
        return None
    if not row["disputed"]:
        return format_idr(row["total"])
    probable = int(row["total"]) + sum(p - int(row[b]) for b, (p, _) in row["disputed"].items())
    return f"{format_idr(row['total'])}  \n*mungkin (probably)* {format_idr(probable)}"


BODY_COLOURS = {"KPU": "#1c7ed6", "Bawaslu": "#f59f00", "Polri": "#495057", "TNI": "#2f9e44"}


def bar(parts: list[tuple[str, float, str]], width_px: int = 140) -> str:
    """A small horizontal bar drawn in HTML and CSS (no script, no image): one segment per
    (label, fraction of the whole, colour), fractions clipped to the bar. Built from numbers
    and fixed labels only; the labels show as the segments' tooltips."""
    segments = []
    for label, fraction, colour in parts:
        if not re.fullmatch(r"[A-Za-z0-9 %.,()+·-]+", label) or not re.fullmatch(
            r"#[0-9a-f]{6}", colour
        ):
            raise ValueError(f"not a bar segment: {label!r} {colour!r}")
        percent = max(0.0, min(float(fraction), 1.0)) * 100
        segments.append(
            f'<span title="{label}" style="display:inline-block;height:10px;'
            f'width:{percent:.1f}%;background:{colour}"></span>'
        )
    track = (
        f'<span style="display:inline-block;width:{width_px}px;height:10px;'
        'background:#e9ecef;white-space:nowrap;line-height:0">'
    )
    return f"{track}{''.join(segments)}</span>"


def _shares(row: pd.Series) -> str:
    """Each body's share of the total, in words and as a bar, only where all four bodies
    disclosed: a share of a partial total ("KPU 100%" where only KPU disclosed) misleads."""
    disclosed = [b for b in BODIES if not pd.isna(row[b])]
    if pd.isna(row["total"]) or not row["total"]:
        return ""
    if len(disclosed) < len(BODIES):
        return f"{len(disclosed)}/{len(BODIES)} lembaga diungkap (partial total: no shares)"
    shares = [(b, int(row[b]) / int(row["total"])) for b in BODIES]
    words = " · ".join(f"{b} {share:.0%}" for b, share in shares)
    drawn = bar([(f"{b} {share:.0%}", share, BODY_COLOURS[b]) for b, share in shares])
    return f"{words}  \n{drawn}"


def build_comparison(
    totals: pd.DataFrame,
    stage: str = "nphd",
    voters: pd.DataFrame | None = None,
    listed: frozenset = frozenset(),
) -> GT:
    """One stage by region and body, grouped by province: amounts linking to their sources,
    the disclosed total, each body's share of it, and KPU's cost per registered voter. A
    disputed figure shows its probable reading beside it, and so does its row's total."""
    wide = comparison_frame(totals, stage)
    table = _comparison_cells(wide, stage, voters, listed)
    gt = (
        GT(
            table.drop(columns="region_code"),
            rowname_col="region_name",
            groupname_col="province_name",
        )
        .tab_header(
            title="Hibah Pilkada 2024 per daerah dan penerima",
            subtitle=f"{STAGE_LABELS.get(stage, stage)} · grants by region and recipient body",
        )
        .tab_stubhead("Daerah (grantor)")
        .cols_label(
            total="Jumlah diungkap", shares="Porsi (share)", per_voter="KPU per pemilih (DPT)"
        )
        .tab_spanner("Penyelenggara (election bodies)", columns=["KPU", "Bawaslu"])
        .tab_spanner("Keamanan (security)", columns=["Polri", "TNI"])
        .fmt_markdown(columns=[*BODIES, "total", "shares"])
        .sub_missing(columns=[*BODIES, "total"], missing_text=NOT_DISCLOSED)
        .sub_missing(columns=["per_voter"], missing_text="-")
        .cols_align(align="right", columns=[*BODIES, "total", "per_voter"])
        .tab_source_note(
            "Setiap angka tertaut ke sumbernya (every figure links to the records it is made "
            "of). Sel kuning: sumber-sumber berbeda di luar presisi yang dinyatakan (sources "
            "disagree; the most exact one is shown). Miring: angka berpagar 'lebih'/'sekitar' "
            f"(hedged). Garis oranye: ada temuan warning (a warning finding concerns the "
            f"figure; see findings.html). ⚑ mungkin: the figure as written reads doubtfully "
            "(13 miliar 825 juta 543 rupiah); the reading probably meant is shown under it, "
            "the flag links to the finding, and the total shows both. "
            f"'{NOT_DISCLOSED}' = no figure found, never zero. "
            "Jumlah diungkap = sum of the disclosed bodies only; shares only where all four "
            "bodies disclosed."
        )
    )
    return _mark_cells(gt, wide)


def _comparison_cells(
    wide: pd.DataFrame, stage: str, voters: pd.DataFrame | None, listed: frozenset
) -> pd.DataFrame:
    """The comparison's cells: each body's figure as a link to its records (a disputed one
    with its probable reading), the row's total and shares, and KPU's cost per voter."""
    table = wide[["province_name", "region_code", "region_name"]].copy()
    for body in BODIES:
        cells = []
        for v, code, disputed in zip(
            wide[body], wide["region_code"], wide["disputed"], strict=True
        ):
            link = figure_link(v, code, body, stage)
            if link is not None and body in disputed:
                meant, ids = disputed[body]
                link = disputed_cell(link, meant, ids, listed)
            cells.append(link)
        table[body] = cells
    table["total"] = [_total_cell(row) for _, row in wide.iterrows()]
    table["shares"] = [_shares(row) for _, row in wide.iterrows()]
    per_voter = {}
    if voters is not None and not voters.empty and stage == "nphd":
        kpu = voters[voters["body"] == "KPU"]
        per_voter = dict(zip(kpu["region_code"], kpu["idr_per_voter"], strict=True))
    table["per_voter"] = [
        format_idr(round(per_voter[c])) if c in per_voter else None for c in wide["region_code"]
    ]
    return table


def _mark_cells(gt: GT, wide: pd.DataFrame) -> GT:
    """Yellow where sources disagree, italic where hedged, an orange edge where a warning
    finding concerns the figure."""
    for body in BODIES:
        flagged = [i for i, bodies in enumerate(wide["disagree"]) if body in bodies]
        if flagged:
            gt = gt.tab_style(style.fill(color="#fff3b0"), loc.body(columns=body, rows=flagged))
        hedged = [i for i, bodies in enumerate(wide["approx"]) if body in bodies]
        if hedged:
            gt = gt.tab_style(style.text(style="italic"), loc.body(columns=body, rows=hedged))
        warned = [i for i, bodies in enumerate(wide["flagged"]) if body in bodies]
        if warned:
            gt = gt.tab_style(
                style.borders(sides="left", color="#d9480f", weight="4px"),
                loc.body(columns=body, rows=warned),
            )
    return gt


def national_frame(provinces: pd.DataFrame) -> pd.DataFrame:
    """Per province: its own NPHD per body, and how many regencies/cities disclose one."""
    nphd = provinces[provinces["stage"] == "nphd"]
    names = provinces.drop_duplicates("province_code").set_index("province_code")
    out = pd.DataFrame({"province_code": sorted(provinces["province_code"].unique())})
    out["province_name"] = out["province_code"].map(names["province_name"])
    for body in BODIES:
        rows = nphd[nphd["body"] == body].set_index("province_code")
        out[body] = out["province_code"].map(rows["province_idr"]).astype("Int64")
        out[f"{body}_probable"] = out["province_code"].map(rows["province_probable_idr"])
        disclosed = out["province_code"].map(rows["regencies_disclosed"]).fillna(0).astype(int)
        out[f"{body}_regencies"] = [
            f"{d}/{v}"
            for d, v in zip(
                disclosed,
                out["province_code"].map(names["regencies_voting"]).fillna(0).astype(int),
                strict=True,
            )
        ]
    return out


def build_national(provinces: pd.DataFrame) -> GT:
    """Provinces: the governor-election grants by body, and the regencies disclosing one."""
    frame = national_frame(provinces)
    table = pd.DataFrame({"province_name": frame["province_name"]})
    table["page"] = [f"[{c}]({province_page(c)})" for c in frame["province_code"]]
    for body in BODIES:
        table[body] = [
            (figure_link(v, c, body, "nphd") or "")
            + (f"  \n*⚑ mungkin (probably)* {format_idr(p)}" if pd.notna(p) and p != v else "")
            if pd.notna(v)
            else None
            for v, p, c in zip(
                frame[body], frame[f"{body}_probable"], frame["province_code"], strict=True
            )
        ]
        table[f"{body}_regencies"] = frame[f"{body}_regencies"]
    gt = (
        GT(table, rowname_col="province_name")
        .tab_header(
            title="Hibah Pilkada 2024 per provinsi",
            subtitle="NPHD pemilihan gubernur per penerima · kab/kota yang mengungkap NPHD "
            "(regencies and cities disclosing an NPHD, of those that voted)",
        )
        .tab_stubhead("Provinsi")
        .cols_label(
            cases={
                "page": "Halaman",
                **{b: "Provinsi" for b in BODIES},
                **{f"{b}_regencies": "kab/kota" for b in BODIES},
            }
        )
        .fmt_markdown(columns=["page", *BODIES])
        .sub_missing(columns=list(BODIES), missing_text=NOT_DISCLOSED)
        .cols_align(align="right", columns=list(BODIES))
    )
    for body in BODIES:
        gt = gt.tab_spanner(body, columns=[body, f"{body}_regencies"])
    return gt


def _sum_text(part: pd.DataFrame, level: str) -> str | None:
    """A national sum of marts.province_totals; where a figure in it reads doubtfully, the
    sum as written and the sum with it read as probably meant."""
    total = part[f"{level}_idr"].sum(min_count=1)
    if pd.isna(total):
        return None
    text = format_idr(total) or ""
    probable = part[f"{level}_probable_idr"]
    if probable.notna().any():
        meant = part[f"{level}_idr"].where(probable.isna(), probable).sum()
        if meant != total:
            text += f" (⚑ mungkin {format_idr(meant)}: a figure in it reads doubtfully)"
    return text


def build_body_totals(provinces: pd.DataFrame) -> GT:
    """National NPHD by body: governors' grants and the regencies'/cities', disclosed only."""
    nphd = provinces[provinces["stage"] == "nphd"]
    rows = []
    for body in BODIES:
        part = nphd[nphd["body"] == body]
        rows.append(
            {
                "body": body,
                "provinces": _sum_text(part, "province"),
                "provinces_n": int(part["province_idr"].notna().sum()),
                "regencies": _sum_text(part, "regencies"),
                "regencies_n": int(part["regencies_disclosed"].sum()),
            }
        )
    return (
        GT(pd.DataFrame(rows), rowname_col="body")
        .tab_header(title="NPHD nasional per penerima (national totals, disclosed figures)")
        .cols_label(
            provinces="Provinsi", provinces_n="jumlah", regencies="Kab/kota", regencies_n="jumlah"
        )
        .tab_spanner("Pemilihan gubernur", columns=["provinces", "provinces_n"])
        .tab_spanner("Pemilihan bupati/wali kota", columns=["regencies", "regencies_n"])
        .sub_missing(columns=["provinces", "regencies"], missing_text=NOT_DISCLOSED)
        .cols_align(align="right", columns=["provinces", "regencies"])
        .tab_source_note(
            "Sums of the figures disclosed so far; regions that disclose nothing add nothing. "
            "See the findings (not-disclosed) for what is missing."
        )
    )
