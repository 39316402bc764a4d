"""Builders: a frame in, a great-tables object out. Pure, so they are tested on small frames.

Source-derived text goes into cells as plain strings, which great-tables escapes; nothing
here passes source text through md(), html() or fmt_markdown.
"""

from __future__ import annotations

import pandas as pd
from great_tables import GT, loc, style

from flows.parse.vocabulary import BODIES

NOT_DISCLOSED = "tidak diungkap"
SEVERITY_ORDER = ("error", "warning", "info")


def idr(gt: GT, columns: list[str]) -> GT:
    """Amounts as Indonesian rupiah without sen: Rp13.825.543.000."""
    return gt.fmt_currency(columns=columns, currency="IDR", locale="id", use_subunits=False)


def comparison_frame(totals: pd.DataFrame, stage: str = "nphd") -> pd.DataFrame:
    """Region × body matrix of one stage; absent cells stay missing (never zero)."""
    rows = totals[totals["stage"] == stage]
    keys = ["province_code", "province_name", "level", "region_code", "region_name"]
    if rows.empty:
        return pd.DataFrame(columns=[*keys, *BODIES, "total", "disagree", "approx"])
    wide = rows.pivot_table(index=keys, columns="body", values="amount_idr", aggfunc="first")
    wide = wide.reindex(columns=list(BODIES)).astype("Int64")
    disagree = rows.assign(d=~rows["sources_agree"].astype(bool)).pivot_table(
        index=keys, columns="body", values="d", aggfunc="any"
    )
    approx = rows.pivot_table(index=keys, columns="body", values="approximate", aggfunc="any")
    wide["total"] = wide[list(BODIES)].sum(axis=1, min_count=1).astype("Int64")
    wide["disagree"] = [
        [b for b in BODIES if b in disagree.columns and disagree.at[i, b] is True]
        for i in wide.index
    ]
    wide["approx"] = [
        [b for b in BODIES if b in approx.columns and approx.at[i, b] is True] for i in wide.index
    ]
    wide = wide.reset_index()
    wide["level_order"] = (wide["level"] != "provinsi").astype(int)
    wide = wide.sort_values(["province_code", "level_order", "region_code"])
    return wide.drop(columns="level_order").reset_index(drop=True)


def build_comparison(totals: pd.DataFrame, stage: str = "nphd") -> GT:
    """NPHD by region and body, grouped by province, with the disclosed total."""
    wide = comparison_frame(totals, stage)
    table = wide[["province_name", "region_name", *BODIES, "total"]]
    gt = (
        GT(table, rowname_col="region_name", groupname_col="province_name")
        .tab_header(
            title="Hibah Pilkada 2024 per daerah dan penerima",
            subtitle=f"Tahap {stage.upper()} · grants by region and recipient body",
        )
        .tab_stubhead("Daerah (grantor)")
        .cols_label(total="Jumlah diungkap")
        .tab_spanner("Penyelenggara (election bodies)", columns=["KPU", "Bawaslu"])
        .tab_spanner("Keamanan (security)", columns=["Polri", "TNI"])
        .sub_missing(columns=[*BODIES, "total"], missing_text=NOT_DISCLOSED)
        .tab_source_note(
            "Sel kuning: sumber-sumber memberi angka berbeda (sources disagree; the most exact "
            "one is shown). Miring: angka berpagar 'lebih'/'sekitar' (hedged). "
            f"'{NOT_DISCLOSED}' = no NPHD figure found, never zero. Jumlah diungkap = sum of "
            "the disclosed bodies only."
        )
    )
    gt = idr(gt, [*BODIES, "total"])
    for body in BODIES:
        flagged = [i for i, bodies in enumerate(wide["disagree"]) if body in bodies]
        if flagged:
            gt = gt.tab_style(style.fill(color="#fff3b0"), loc.body(columns=body, rows=flagged))
        hedged = [i for i, bodies in enumerate(wide["approx"]) if body in bodies]
        if hedged:
            gt = gt.tab_style(style.text(style="italic"), loc.body(columns=body, rows=hedged))
    return gt


def build_run_summary(run: dict) -> GT:
    """The run in numbers: what was read and what became of it."""
    items = [
        ("Run", str(run["run_id"])),
        ("Prefect flow run", str(run.get("flow_run_id") or "-")),
        ("Mulai (started)", str(run["started_at"])),
        ("Selesai (finished)", str(run["finished_at"])),
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
    return (
        GT(frame)
        .tab_header(title="Ringkasan proses (run summary)")
        .cols_label(item="", value="")
    )


def build_files(files: pd.DataFrame) -> GT:
    """Every file read, its provenance, and its row accounting."""
    frame = files.assign(
        title=files["title"].fillna(""),
        publisher=files["publisher"].fillna(""),
        status=files["read_error"].fillna(""),
    )[["source_file", "role", "title", "publisher", "rows_read", "loaded", "quarantined",
       "skipped", "status"]]
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
        )
        .sub_missing(columns=["rows_read", "loaded", "quarantined", "skipped"], missing_text="-")
    )


def build_findings_by_rule(by_rule: pd.DataFrame) -> GT:
    """How many findings each rule produced, worst first."""
    return (
        GT(by_rule[["severity", "rule_id", "findings"]])
        .tab_header(title="Temuan per aturan (findings by rule)")
        .cols_label(severity="Tingkat", rule_id="Aturan (rule)", findings="Jumlah")
        .fmt_integer(columns="findings", sep_mark=".")
    )


def build_findings(findings: pd.DataFrame) -> GT:
    """Every finding with its rule, message and source location."""
    frame = findings.assign(
        where=findings["source_file"].fillna("") + " · " + findings["locator"].fillna(""),
        evidence=findings["evidence"].fillna(""),
    )[["severity", "rule_id", "message", "where", "evidence"]]
    return (
        GT(frame, groupname_col="severity")
        .tab_header(
            title="Temuan (findings)",
            subtitle="error: record quarantined · warning: kept and flagged · info: review item",
        )
        .cols_label(
            rule_id="Aturan (rule)", message="Pesan", where="Lokasi sumber", evidence="Teks asli"
        )
    )


def build_quarantine(quarantine: pd.DataFrame) -> GT:
    """Rows refused by an error rule, with all their reasons and the original text."""
    frame = pd.DataFrame(
        {
            "where": quarantine["source_file"] + " · " + quarantine["locator"],
            "rules": quarantine["rule_ids"].map(", ".join),
            "reasons": quarantine["reasons"].map("; ".join),
            "evidence": quarantine["evidence"],
        }
    )
    return (
        GT(frame)
        .tab_header(title="Karantina (quarantined rows)")
        .cols_label(where="Lokasi sumber", rules="Aturan", reasons="Alasan", evidence="Teks asli")
    )
