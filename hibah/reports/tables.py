"""Builders: frames in, great-tables objects out. Pure, so they are tested on small frames.

Source-derived text (names as written, outlets, evidence, messages) goes into cells as plain
strings, which great-tables escapes. The only markup passed through (`fmt_markdown`) is
links this module writes itself from validated values: amounts it formats, Kemendagri codes
(digits and a dot), bodies and stages from the fixed vocabulary, rule ids (`finding_links`),
and publication addresses, escaped into an attribute or else as text (`source_link`). The sources table's group
headings pass through too, so their labels are escaped here (`build_sources`).
"""

from __future__ import annotations

import html
import json
import re
from urllib.parse import urlparse

import pandas as pd
from great_tables import GT, _tbl_data, loc, style

from hibah.parse.vocabulary import BODIES, STAGES, is_province_code, is_region_code

# great-tables fills each rendered cell into a frame of pandas' "string" dtype, one `.iloc`
# assignment at a time; pandas validates each one, which made drawing a page of a few
# thousand rows take seconds (half the time of the site). Cells of an object frame take the
# same values without the check: the same pages, drawn in about half the time
# (tests/test_reports.py compares the two).
OBJECT_CELLS = True
_string_cells = _tbl_data.create_empty_frame.dispatch(pd.DataFrame)


@_tbl_data.create_empty_frame.register
def _empty_cells(frame: pd.DataFrame) -> pd.DataFrame:
    if not OBJECT_CELLS:
        return _string_cells(frame)
    return pd.DataFrame(pd.NA, index=frame.index, columns=frame.columns, dtype=object)


NOT_DISCLOSED = "tidak diungkap"
STAGE_LABELS = {
    "nphd": "NPHD (perjanjian hibah)", "budget": "Anggaran (budget)",
    "tranche_1": "Tahap I (tranche 1)", "tranche_2": "Tahap II (tranche 2)",
    "disbursed": "Pencairan (disbursed)", "realized": "Realisasi (realized)",
    "returned": "Pengembalian (returned)",
}  # fmt: skip


def wib(moment) -> str:
    """A run's time as auditors read it: Western Indonesia Time, to the minute."""
    stamp = pd.Timestamp(moment)
    if stamp.tzinfo is None:
        stamp = stamp.tz_localize("UTC")
    return stamp.tz_convert("Asia/Jakarta").strftime("%Y-%m-%d %H:%M WIB")


def format_idr(value) -> str | None:
    """Rp13.825.543.000; None for a missing figure."""
    if value is None or pd.isna(value):
        return None
    sign = "-" if value < 0 else ""
    return f"{sign}Rp{abs(int(value)):,}".replace(",", ".")


def anchor(region_code: str, body: str, stage: str) -> str:
    """Id of a figure's source list: f-65-03-KPU-nphd. Built from validated values only."""
    if not is_region_code(region_code) or body not in BODIES or stage not in STAGES:
        raise ValueError(f"not a figure key: {region_code!r} {body!r} {stage!r}")
    return f"f-{region_code.replace('.', '-')}-{body}-{stage}"


def sources_page(province_code: str) -> str:
    if not is_province_code(province_code):
        raise ValueError(f"not a province code: {province_code!r}")
    return f"sources-{province_code}.html"


def province_page(province_code: str) -> str:
    if not is_province_code(province_code):
        raise ValueError(f"not a province code: {province_code!r}")
    return f"province-{province_code}.html"


def figure_link(value, region_code: str, body: str, stage: str) -> str | None:
    """A formatted amount linking to the records that make it up."""
    text = format_idr(value)
    if text is None:
        return None
    href = f"{sources_page(region_code[:2])}#{anchor(region_code, body, stage)}"
    return f"[{text}]({href})"


_RULE_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_ALLOCATION_ID = re.compile(r"^[0-9a-f]{16}$")


def finding_anchor(rule_id: str, allocation_id: str) -> str:
    """Id of one finding on findings.html: finding-<rule>-<record>. Validated values only."""
    if not _RULE_ID.match(str(rule_id)) or not _ALLOCATION_ID.match(str(allocation_id)):
        raise ValueError(f"not a finding key: {rule_id!r} {allocation_id!r}")
    return f"finding-{rule_id}-{allocation_id}"


def finding_href(rule_id: str, allocation_id, listed: frozenset) -> str:
    """Where a record's finding is: its own row on findings.html when the page lists it,
    else the rule's section (which says where the rest are)."""
    if not _RULE_ID.match(str(rule_id)):
        raise ValueError(f"not a rule id: {rule_id!r}")
    if (rule_id, allocation_id) in listed:
        return f"findings.html#{finding_anchor(rule_id, allocation_id)}"
    return f"findings.html#rule-{rule_id}"


def finding_links(rule_ids, allocation_id=None, listed: frozenset = frozenset()) -> str:
    """Markdown links from a record to the findings of the rules that flag it. Rule ids come
    from the rule catalogue; anything else is refused."""
    ids = list(rule_ids) if rule_ids is not None and not isinstance(rule_ids, float) else []
    return " · ".join(f"[⚑ {r}]({finding_href(r, allocation_id, listed)})" for r in ids)


def date_text(values) -> list[str]:
    """Dates as 2024-10-31; a missing date as an empty cell."""
    out = []
    for v in values:
        missing = v is None or (not isinstance(v, str) and pd.isna(v))
        out.append("" if missing else str(v)[:10])
    return out


def breakable(text) -> str:
    """A long address that may wrap after / - _ ? & = (a zero-width space; still plain text)."""
    if not isinstance(text, str):
        return ""
    return re.sub(r"([/\-_?&=.])", "\\1\u200b", text)


def shown_evidence(evidence, cells=None, url=None) -> str:
    """The original text of a record as a reader takes it in: a table row as its cells by
    header ("Kode Wilayah: 65.03 · Nilai: 34 miliar rupiah"), not the raw line with its
    separators; the address is left out where the page shows it beside. Plain text."""
    if isinstance(cells, str) and cells:
        try:
            by_header = json.loads(cells)
        except ValueError:
            by_header = None
        if isinstance(by_header, dict):
            shown = [f"{k}: {v}" for k, v in by_header.items()
                     if isinstance(v, str) and v.strip() and v.strip() != (url or "")]  # fmt: skip
            if shown:
                return " · ".join(shown)
    return evidence if isinstance(evidence, str) else ""


_HOST = re.compile(r"^[A-Za-z0-9.\-]+(:\d+)?$")


def markdown_text(text: str) -> str:
    """Any text as markdown that renders exactly as that text: every ASCII punctuation
    character backslash-escaped (CommonMark), so nothing in it becomes markup."""
    return re.sub(r"([!-/:-@\[-`{-~])", r"\\\1", text)


def source_link(url) -> str:
    """A publication's address as a short link (its host, then …) instead of a URL wrapped
    over ten lines; markdown for `fmt_markdown`. A link is made only of an http(s) address
    with a plain host name, the address escaped into the attribute; anything else is shown
    as text (`markdown_text`)."""
    if not isinstance(url, str) or not url:
        return ""
    parts = urlparse(url)
    if parts.scheme not in ("http", "https") or not _HOST.match(parts.netloc):
        return markdown_text(url)
    label = parts.netloc.removeprefix("www.")
    more = "/…" if parts.path.strip("/") or parts.query else ""
    href = html.escape(url, quote=True)
    return f'<a href="{href}" title="{href}" rel="noreferrer">{label}{more}</a>'


def _evidence_column(frame: pd.DataFrame, with_url: bool = False) -> list[str]:
    """`shown_evidence` for each row of a frame with evidence (and cells, source_url)."""
    cells = frame["cells"] if "cells" in frame else [None] * len(frame)
    urls = frame["source_url"] if with_url and "source_url" in frame else [None] * len(frame)
    return [shown_evidence(e, c, u)
            for e, c, u in zip(frame["evidence"], cells, urls, strict=True)]  # fmt: skip


# --- comparison -----------------------------------------------------------------------------


def _bodies_where(flags: pd.DataFrame, index: pd.Index) -> list[list[str]]:
    """Per row of ``index``, the bodies whose flag is true (missing counts as false)."""
    values = flags.reindex(index=index, columns=list(BODIES)).to_numpy(dtype=object)
    return [[b for b, v in zip(BODIES, row, strict=True) if pd.notna(v) and bool(v)]
            for row in values]  # fmt: skip


def comparison_frame(totals: pd.DataFrame, stage: str = "nphd") -> pd.DataFrame:
    """Region × body matrix of one stage; absent cells stay missing (never zero)."""
    rows = totals[totals["stage"] == stage]
    keys = ["province_code", "province_name", "level", "region_code", "region_name"]
    if rows.empty:
        return pd.DataFrame(columns=[*keys, *BODIES, "total", "disagree", "approx", "flagged",
                                     "disputed"])  # fmt: skip
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
        segments.append(f'<span title="{label}" style="display:inline-block;height:10px;'
                        f'width:{percent:.1f}%;background:{colour}"></span>')  # fmt: skip
    return (f'<span style="display:inline-block;width:{width_px}px;height:10px;'
            f'background:#e9ecef;white-space:nowrap;line-height:0">{"".join(segments)}</span>')  # fmt: skip


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
    table = wide[["province_name", "region_code", "region_name"]].copy()
    for body in BODIES:
        cells = []
        for v, code, disputed in zip(wide[body], wide["region_code"], wide["disputed"],
                                     strict=True):  # fmt: skip
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
    table["per_voter"] = [format_idr(round(per_voter[c])) if c in per_voter else None
                          for c in wide["region_code"]]  # fmt: skip
    gt = (
        GT(table.drop(columns="region_code"), rowname_col="region_name",
           groupname_col="province_name")  # fmt: skip
        .tab_header(
            title="Hibah Pilkada 2024 per daerah dan penerima",
            subtitle=f"{STAGE_LABELS.get(stage, stage)} · grants by region and recipient body",
        )
        .tab_stubhead("Daerah (grantor)")
        .cols_label(total="Jumlah diungkap", shares="Porsi (share)",
                    per_voter="KPU per pemilih (DPT)")  # fmt: skip
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
    for body in BODIES:
        flagged = [i for i, bodies in enumerate(wide["disagree"]) if body in bodies]
        if flagged:
            gt = gt.tab_style(style.fill(color="#fff3b0"), loc.body(columns=body, rows=flagged))
        hedged = [i for i, bodies in enumerate(wide["approx"]) if body in bodies]
        if hedged:
            gt = gt.tab_style(style.text(style="italic"), loc.body(columns=body, rows=hedged))
        warned = [i for i, bodies in enumerate(wide["flagged"]) if body in bodies]
        if warned:
            gt = gt.tab_style(style.borders(sides="left", color="#d9480f", weight="4px"),
                              loc.body(columns=body, rows=warned))  # fmt: skip
    return gt


def national_frame(provinces: pd.DataFrame) -> pd.DataFrame:
    """Per province: its own NPHD per body, and how many regencies/cities disclose one."""
    nphd = provinces[provinces["stage"] == "nphd"]
    names = provinces.drop_duplicates("province_code").set_index("province_code")
    out = pd.DataFrame({"province_code": sorted(provinces["province_code"].unique())})
    out["province_name"] = out["province_code"].map(names["region_name"])
    for body in BODIES:
        rows = nphd[nphd["body"] == body].set_index("province_code")
        out[body] = out["province_code"].map(rows["province_idr"]).astype("Int64")
        out[f"{body}_probable"] = out["province_code"].map(rows["province_probable_idr"])
        disclosed = out["province_code"].map(rows["regencies_disclosed"]).fillna(0).astype(int)
        out[f"{body}_regencies"] = [
            f"{d}/{v}" for d, v in zip(disclosed, out["province_code"].map(
                names["regencies_voting"]).fillna(0).astype(int), strict=True)
        ]  # fmt: skip
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
            if pd.notna(v) else None
            for v, p, c in zip(frame[body], frame[f"{body}_probable"], frame["province_code"],
                               strict=True)
        ]  # fmt: skip
        table[f"{body}_regencies"] = frame[f"{body}_regencies"]
    gt = (
        GT(table, rowname_col="province_name")
        .tab_header(
            title="Hibah Pilkada 2024 per provinsi",
            subtitle="NPHD pemilihan gubernur per penerima · kab/kota yang mengungkap NPHD "
            "(regencies and cities disclosing an NPHD, of those that voted)",
        )
        .tab_stubhead("Provinsi")
        .cols_label(cases={"page": "Halaman", **{b: "Provinsi" for b in BODIES},
                           **{f"{b}_regencies": "kab/kota" for b in BODIES}})  # fmt: skip
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
        rows.append({
            "body": body,
            "provinces": _sum_text(part, "province"),
            "provinces_n": int(part["province_idr"].notna().sum()),
            "regencies": _sum_text(part, "regencies"),
            "regencies_n": int(part["regencies_disclosed"].sum()),
        })  # fmt: skip
    return (
        GT(pd.DataFrame(rows), rowname_col="body")
        .tab_header(title="NPHD nasional per penerima (national totals, disclosed figures)")
        .cols_label(provinces="Provinsi", provinces_n="jumlah", regencies="Kab/kota",
                    regencies_n="jumlah")  # fmt: skip
        .tab_spanner("Pemilihan gubernur", columns=["provinces", "provinces_n"])
        .tab_spanner("Pemilihan bupati/wali kota", columns=["regencies", "regencies_n"])
        .sub_missing(columns=["provinces", "regencies"], missing_text=NOT_DISCLOSED)
        .cols_align(align="right", columns=["provinces", "regencies"])
        .tab_source_note(
            "Sums of the figures disclosed so far; regions that disclose nothing add nothing. "
            "See the findings (not-disclosed) for what is missing."
        )
    )


# --- run, files, findings -------------------------------------------------------------------


def build_run_summary(run: dict) -> GT:
    """The run in numbers: what was read and what became of it."""
    items = [
        ("Run", str(run["run_id"])),
        ("Prefect flow run", str(run.get("flow_run_id") or "-")),
        ("Mulai (started)", wib(run["started_at"])),
        ("Selesai (finished)", wib(run["finished_at"])),
    ]
    source = run.get("figures_from_run")
    if source and source != run["run_id"]:
        note = f"{source}: no input changed since; the other pages are as it drew them"
        items.append(("Angka dari run (figures read by run)", note))
    items += [
        ("Berkas (files)", run["files"]),
        ("Baris dibaca (rows read)", run["rows_read"]),
        ("Dimuat (loaded)", run["loaded"]),
        ("Karantina (quarantined)", run["quarantined"]),
        ("Dilewati (skipped, with reason)", run["skipped"]),
        ("Temuan error", run["errors"]),
        ("Temuan warning", run["warnings"]),
        ("Temuan info", run["infos"]),
    ]
    frame = pd.DataFrame({"item": [k for k, _ in items], "value": [str(v) for _, v in items]})
    return GT(frame).tab_header(title="Ringkasan proses (run summary)").cols_label(item="", value="")


def build_files(files: pd.DataFrame) -> GT:
    """Every file read, its provenance, and its row accounting."""
    frame = files.assign(
        title=files["title"].fillna(""),
        publisher=files["publisher"].fillna(""),
        status=files["read_error"].fillna(""),
    )[["source_file", "role", "title", "publisher", "rows_read", "loaded", "quarantined",
       "skipped", "status"]]  # fmt: skip
    for col in ("rows_read", "loaded", "quarantined", "skipped"):
        frame[col] = frame[col].astype("Int64")
    return (
        GT(frame)
        .tab_header(
            title="Berkas sumber (source files)",
            subtitle="rows read = loaded + quarantined + skipped, per file",
        )
        .cols_label(
            source_file="Berkas", role="Peran", title="Judul", publisher="Penerbit",
            rows_read="Dibaca", loaded="Dimuat", quarantined="Karantina", skipped="Dilewati",
            status="Galat baca",
        )  # fmt: skip
        .sub_missing(columns=["rows_read", "loaded", "quarantined", "skipped"], missing_text="-")
    )


SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}
SEVERITY_FILL = {"error": "#ffe3e3", "warning": "#fff4e6", "info": "#e7f5ff"}
SEVERITY_EDGE = {"error": "#c92a2a", "warning": "#e67700", "info": "#1971c2"}
PASS_FILL = "#ebfbee"


def rule_overview_frame(rules: pd.DataFrame, by_rule: pd.DataFrame) -> pd.DataFrame:
    """Every rule the run checked with its count of findings (0: it holds), those that
    fired first, worst first."""
    counts = dict(zip(by_rule["rule_id"], by_rule["findings"], strict=True))
    frame = rules[["rule_id", "severity", "checked", "title"]].copy()
    frame["findings"] = frame["rule_id"].map(counts).fillna(0).astype(int)
    frame["order"] = frame["severity"].map(SEVERITY_ORDER)
    frame = frame.sort_values(["findings", "order", "rule_id"], ascending=[False, True, True],
                              key=lambda c: (c > 0) if c.name == "findings" else c)  # fmt: skip
    return frame.drop(columns="order").reset_index(drop=True)


def build_rule_overview(rules: pd.DataFrame, by_rule: pd.DataFrame) -> GT:
    """Pass or fail per rule, as a data-quality report gives it: what each rule checks,
    where, its severity, and how many findings it made (linking to them)."""
    frame = rule_overview_frame(rules, by_rule)
    for rule_id in frame["rule_id"]:
        if not _RULE_ID.match(str(rule_id)):
            raise ValueError(f"not a rule id: {rule_id!r}")
    table = pd.DataFrame(
        {
            "rule": [f"[{r}](findings.html#rule-{r})" if n else r
                     for r, n in zip(frame["rule_id"], frame["findings"], strict=True)],
            "title": frame["title"],
            "checked": frame["checked"],
            "severity": frame["severity"],
            "result": [f"{n:,} temuan".replace(",", ".") if n else "lulus (holds)"
                       for n in frame["findings"]],
        }
    )  # fmt: skip
    gt = (
        GT(table)
        .tab_header(
            title="Aturan dan hasilnya (every rule checked, and what it found)",
            subtitle="error: record quarantined · warning: kept and flagged · info: review item",
        )
        .cols_label(rule="Aturan (rule)", title="Memeriksa (checks)", checked="Di mana (where)",
                    severity="Tingkat", result="Hasil (result)")  # fmt: skip
        .fmt_markdown(columns="rule")
    )
    passed = [i for i, n in enumerate(frame["findings"]) if not n]
    if passed:
        gt = gt.tab_style(style.fill(color=PASS_FILL), loc.body(columns="result", rows=passed))
    for severity, fill in SEVERITY_FILL.items():
        rows = [i for i, (s, n) in enumerate(zip(frame["severity"], frame["findings"],
                                                 strict=True)) if n and s == severity]  # fmt: skip
        if rows:
            gt = gt.tab_style(style.fill(color=fill), loc.body(columns="result", rows=rows))
    return gt


def build_findings(findings: pd.DataFrame, title: str = "Temuan (findings)") -> GT:
    """Findings with their rule, message, source location and the original text. A finding
    about a record carries the anchor `finding_anchor` gives, which flagged cells link to."""
    frame = findings.assign(
        where=findings["source_file"].fillna("") + " · " + findings["locator"].fillna(""),
        evidence=_evidence_column(findings),
        rule_id=[
            f'<span id="{finding_anchor(r, a)}"></span>{r}' if isinstance(a, str) else r
            for r, a in zip(findings["rule_id"], findings["allocation_id"], strict=True)
        ],
    )[["severity", "rule_id", "message", "where", "evidence"]]
    gt = (
        GT(frame, groupname_col="severity")
        .fmt_markdown(columns="rule_id")
        .tab_header(
            title=title,
            subtitle="error: record quarantined · warning: kept and flagged · info: review item",
        )
        .cols_label(
            rule_id="Aturan (rule)", message="Pesan", where="Lokasi sumber", evidence="Teks asli"
        )
    )
    for severity, edge in SEVERITY_EDGE.items():  # each finding's row in its severity's colour
        rows = [i for i, s in enumerate(frame["severity"]) if s == severity]
        if rows:
            gt = gt.tab_style(
                [style.fill(color=SEVERITY_FILL[severity]),
                 style.borders(sides="left", color=edge, weight="4px")],
                loc.body(columns="rule_id", rows=rows),
            )  # fmt: skip
    return gt


def not_disclosed_frame(findings: pd.DataFrame, roster: pd.DataFrame) -> pd.DataFrame:
    """not-disclosed counted by province: of the regions that voted, how many disclose no
    NPHD figure at all and how many leave out some of the four bodies."""
    missing = findings.groupby("locator").size()  # a not-disclosed finding's locator: region
    frame = roster.assign(missing=roster["region_code"].map(missing).fillna(0).astype(int))
    summary = (
        frame.assign(none=frame["missing"] == len(BODIES),
                     some=frame["missing"].between(1, len(BODIES) - 1))  # fmt: skip
        .groupby(["province_code", "province_name"])
        .agg(voting=("region_code", "size"), none=("none", "sum"), some=("some", "sum"),
             findings=("missing", "sum"))  # fmt: skip
        .reset_index()
    )
    return summary[summary["findings"] > 0].drop(columns="province_code").reset_index(drop=True)


def build_not_disclosed(summary: pd.DataFrame) -> GT:
    """The table of `not_disclosed_frame`."""
    return (
        GT(summary)
        .tab_header(
            title="Tidak diungkap per provinsi (not disclosed, by province)",
            subtitle="Regions that voted, those with no NPHD figure for any body, those "
            "missing some bodies, and the findings (one per region and body)",
        )
        .cols_label(province_name="Provinsi", voting="Daerah memilih", none="Tanpa angka",
                    some="Sebagian", findings="Temuan")  # fmt: skip
        .fmt_integer(columns=["voting", "none", "some", "findings"], sep_mark=".")
    )


def build_quarantine(quarantine: pd.DataFrame) -> GT:
    """Rows refused by an error rule, with all their reasons and the original text."""
    frame = pd.DataFrame(
        {
            "where": quarantine["source_file"] + " · " + quarantine["locator"],
            "rules": quarantine["rule_ids"].map(", ".join),
            "reasons": quarantine["reasons"].map("; ".join),
            "evidence": _evidence_column(quarantine),
        }
    )
    return (
        GT(frame)
        .tab_header(title="Karantina (quarantined rows)")
        .cols_label(where="Lokasi sumber", rules="Aturan", reasons="Alasan", evidence="Teks asli")
    )


def build_statuses(statuses: pd.DataFrame) -> GT:
    """Findings by status since the previous run: new, persisting, regressed, resolved."""
    wide = statuses.pivot_table(index="status", columns="severity", values="findings",
                                aggfunc="sum", fill_value=0)  # fmt: skip
    wide = wide.reindex(index=["new", "persisting", "regressed", "resolved"],
                        columns=["error", "warning", "info"], fill_value=0)  # fmt: skip
    frame = wide.reset_index()
    frame["status"] = frame["status"].map({
        "new": "baru (new)", "persisting": "berlanjut (persisting)",
        "regressed": "muncul lagi (regressed)", "resolved": "selesai (resolved)",
    })  # fmt: skip
    return (
        GT(frame, rowname_col="status")
        .tab_header(title="Temuan dibanding proses sebelumnya (findings since the previous run)")
        .fmt_integer(columns=["error", "warning", "info"], sep_mark=".")
    )


def build_changes(changes: pd.DataFrame) -> GT:
    """Figures that appeared, changed or vanished since the previous run."""
    def amounts(text):
        if not isinstance(text, str):
            return None
        return ", ".join(format_idr(int(a)) for a in text.split(","))

    table = pd.DataFrame(
        {
            "change": changes["change"].map({"appeared": "baru (appeared)",
                                             "changed": "berubah (changed)",
                                             "vanished": "hilang (vanished)"}),
            "cell": changes["region_name"].fillna(changes["region_code"]) + " · "
            + changes["body"] + " · " + changes["stage"].map(STAGE_LABELS),
            "before": changes["previous_amounts"].map(amounts),
            "now": changes["current_amounts"].map(amounts),
            "source": changes["source"].map(breakable),
            "where": (changes["source_file"] + " · " + changes["locator"]).map(breakable),
        }
    )  # fmt: skip
    return (
        GT(table, groupname_col="change")
        .tab_header(title="Angka yang berubah (figures changed since the previous run)")
        .cols_label(cell="Daerah · penerima · tahap", before="Sebelumnya", now="Sekarang",
                    source="Sumber", where="Berkas")  # fmt: skip
        .sub_missing(columns=["before", "now"], missing_text="-")
        .cols_align(align="right", columns=["before", "now"])
        .tab_options(table_font_size="13px")
    )


# --- conflicts, tranches, sources -----------------------------------------------------------


def build_conflicts(figures: pd.DataFrame) -> GT:
    """Every publication's figure for cells whose sources disagree, side by side."""
    rows = figures[~figures["sources_agree"].astype(bool)].copy()
    rows["cell"] = (rows["region_name"] + " · " + rows["body"] + " · "
                    + rows["stage"].map(STAGE_LABELS))  # fmt: skip
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
        .cols_label(shown="Dipakai", amount="Angka", as_written="Tertulis", as_of="Tanggal",
                    outlet="Media (alamat)", difference="Selisih",
                    material="Material", where="Berkas", evidence="Teks asli")  # fmt: skip
        .fmt_markdown(columns="outlet")
        .tab_style(style.css("white-space: nowrap"),
                   loc.body(columns=["amount", "difference", "as_of"]))  # fmt: skip
        .cols_align(align="right", columns=["amount", "difference"])
        .tab_options(table_font_size="13px")
    )


# What tranche 2's date says against the deadline (the date of the figure's source: a figure
# dated before the deadline is not shown late, which is not proof it was paid on time).
_DEADLINE = {True: "terlambat (dated after the deadline)",
             False: "sebelum tenggat (dated before it)",
             None: "tanpa tanggal (no date)"}  # fmt: skip


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
    parts = [(f"tahap I {t1 / int(nphd):.0%}", t1 / int(nphd), TRANCHE_COLOURS[0]),
             (f"tahap II {t2 / int(nphd):.0%}", t2 / int(nphd), TRANCHE_COLOURS[1])]  # fmt: skip
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
            "nphd": [figure_link(v, c, b, "nphd") for v, c, b in
                     zip(t["nphd_idr"], t["region_code"], t["body"], strict=True)],
            "t1": [figure_link(v, c, b, "tranche_1") for v, c, b in
                   zip(t["tranche_1_idr"], t["region_code"], t["body"], strict=True)],
            "share": [f"{v:.1%}" if not pd.isna(v) else None for v in t["tranche_1_share"]],
            "t2": [figure_link(v, c, b, "tranche_2") for v, c, b in
                   zip(t["tranche_2_idr"], t["region_code"], t["body"], strict=True)],
            "t2_date": [d or None for d in date_text(t["tranche_2_as_of"])],
            "late": [_DEADLINE[None if pd.isna(x) else bool(x)] for x in t["tranche_2_late"]],
            "over": [format_idr(v) if not pd.isna(v) and v > 0 else "" for v in
                     t["tranches_minus_nphd"]],
            "progress": [_tranche_bar(n, a, b) for n, a, b in
                         zip(t["nphd_idr"], t["tranche_1_idr"], t["tranche_2_idr"], strict=True)],
        }
    )  # fmt: skip
    return (
        GT(table, rowname_col="region", groupname_col="province_name")
        .tab_header(
            title="Kepatuhan tahap pencairan (tranche compliance)",
            subtitle=f"Tahap I ≈ {share:.0%} of the NPHD; tahap II by "
            f"{deadline.day} {deadline.month_name()} {deadline.year}, five months before "
            "voting day (Permendagri 41/2020, reported as Pasal 16(4))",
        )
        .cols_label(nphd="NPHD", t1="Tahap I", share="Porsi I", t2="Tahap II",
                    t2_date="Tanggal II", late="Tenggat", over="I + II melebihi NPHD",
                    progress="Dicairkan dari NPHD (paid of the NPHD)")  # fmt: skip
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
    labels = dict(zip(groups, (
        figures["region_name"] + " · " + figures["body"] + " · "
        + figures["stage"].map(lambda v: STAGE_LABELS.get(v, v))
        + " · angka ditampilkan (figure shown) "
        + figures["total_idr"].map(lambda v: format_idr(v) or NOT_DISCLOSED)
    ).map(html.escape), strict=True))  # fmt: skip
    table = pd.DataFrame(
        {
            "figure": groups,
            "used": ["✓" if x else "" for x in figures["in_total"]],
            "amount": [
                format_idr(v) if pd.isna(p) else f"{format_idr(v)}  \n⚑ *mungkin* {format_idr(p)}"
                for v, p in zip(figures["amount_idr"], figures["amount_probable_idr"],
                                strict=True)
            ],  # fmt: skip
            "as_written": figures["amount_text"],
            "unit": figures["recipient_unit"].fillna(""),
            "as_of": date_text(figures["as_of"]),
            "where": (figures["source_file"] + " · " + figures["locator"]).map(breakable),
            "address": figures["source_url"].map(source_link),
            "evidence": _evidence_column(figures, with_url=True),
            "note": figures["note"].fillna(""),
            "flags": [finding_links(f, a, listed)
                      for f, a in zip(figures["flags"], figures["allocation_id"], strict=True)],  # fmt: skip
        }
    )
    return (
        GT(table, groupname_col="figure")
        .fmt_markdown(columns=["flags", "address", "amount"])
        .text_transform(loc.row_groups(), lambda group: labels[group])
        .tab_style(style.text(weight="bold"), loc.row_groups())
        .tab_header(title=title,
                    subtitle="Each figure shown in the report is the sum of its ✓ records; "
                    "the other rows are the other publications' figures for it.")
        .cols_label(used="Dipakai", amount="Angka", as_written="Tertulis", unit="Penerima",
                    as_of="Tanggal", where="Berkas · lokasi", address="Alamat",
                    evidence="Teks asli", note="Catatan", flags="Temuan")  # fmt: skip
        .tab_style(style.css("white-space: nowrap"), loc.body(columns=["amount", "as_of"]))
        .cols_align(align="right", columns=["amount"])
        .tab_options(table_font_size="13px")
    )
