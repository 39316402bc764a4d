"""The run's tables: its summary, its files, the rules and their findings, the quarantine and
what changed since the previous run."""

from __future__ import annotations

import pandas as pd
from great_tables import GT, loc, style

from hibah.parse.amounts import dotted
from hibah.parse.vocabulary import BODIES
from hibah.reports.tables.cells import (
    _RULE_ID,
    STAGE_LABELS,
    _evidence_column,
    breakable,
    finding_anchor,
    format_idr,
    wib,
)


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
    return (
        GT(frame).tab_header(title="Ringkasan proses (run summary)").cols_label(item="", value="")
    )


def build_files(files: pd.DataFrame) -> GT:
    """Every file read, its provenance, and its row accounting."""
    frame = files.assign(
        title=files["title"].fillna(""),
        publisher=files["publisher"].fillna(""),
        status=files["read_error"].fillna(""),
    )[
        [
            "source_file",
            "role",
            "title",
            "publisher",
            "rows_read",
            "loaded",
            "quarantined",
            "skipped",
            "status",
        ]
    ]
    for col in ("rows_read", "loaded", "quarantined", "skipped"):
        frame[col] = frame[col].astype("Int64")
    return (
        GT(frame)
        .tab_header(
            title="Berkas sumber (source files)",
            subtitle="rows read = loaded + quarantined + skipped, per file",
        )
        .cols_label(
            source_file="Berkas",
            role="Peran",
            title="Judul",
            publisher="Penerbit",
            rows_read="Dibaca",
            loaded="Dimuat",
            quarantined="Karantina",
            skipped="Dilewati",
            status="Galat baca",
        )
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
    frame = frame.sort_values(
        ["findings", "order", "rule_id"],
        ascending=[False, True, True],
        key=lambda c: (c > 0) if c.name == "findings" else c,
    )
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
            "rule": [
                f"[{r}](findings.html#rule-{r})" if n else r
                for r, n in zip(frame["rule_id"], frame["findings"], strict=True)
            ],
            "title": frame["title"],
            "checked": frame["checked"],
            "severity": frame["severity"],
            "result": [f"{dotted(n)} temuan" if n else "lulus (holds)" for n in frame["findings"]],
        }
    )
    gt = (
        GT(table)
        .tab_header(
            title="Aturan dan hasilnya (every rule checked, and what it found)",
            subtitle="error: record quarantined · warning: kept and flagged · info: review item",
        )
        .cols_label(
            rule="Aturan (rule)",
            title="Memeriksa (checks)",
            checked="Di mana (where)",
            severity="Tingkat",
            result="Hasil (result)",
        )
        .fmt_markdown(columns="rule")
    )
    passed = [i for i, n in enumerate(frame["findings"]) if not n]
    if passed:
        gt = gt.tab_style(style.fill(color=PASS_FILL), loc.body(columns="result", rows=passed))
    for severity, fill in SEVERITY_FILL.items():
        rows = [
            i
            for i, (s, n) in enumerate(zip(frame["severity"], frame["findings"], strict=True))
            if n and s == severity
        ]
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
                [
                    style.fill(color=SEVERITY_FILL[severity]),
                    style.borders(sides="left", color=edge, weight="4px"),
                ],
                loc.body(columns="rule_id", rows=rows),
            )
    return gt


def not_disclosed_frame(findings: pd.DataFrame, roster: pd.DataFrame) -> pd.DataFrame:
    """not-disclosed counted by province: of the regions that voted, how many disclose no
    NPHD figure at all and how many leave out some of the four bodies."""
    missing = findings.groupby("locator").size()  # a not-disclosed finding's locator: region
    frame = roster.assign(missing=roster["region_code"].map(missing).fillna(0).astype(int))
    summary = (
        frame.assign(
            none=frame["missing"] == len(BODIES), some=frame["missing"].between(1, len(BODIES) - 1)
        )
        .groupby(["province_code", "province_name"])
        .agg(
            voting=("region_code", "size"),
            none=("none", "sum"),
            some=("some", "sum"),
            findings=("missing", "sum"),
        )
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
        .cols_label(
            province_name="Provinsi",
            voting="Daerah memilih",
            none="Tanpa angka",
            some="Sebagian",
            findings="Temuan",
        )
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
    wide = statuses.pivot_table(
        index="status", columns="severity", values="findings", aggfunc="sum", fill_value=0
    )
    wide = wide.reindex(
        index=["new", "persisting", "regressed", "resolved"],
        columns=["error", "warning", "info"],
        fill_value=0,
    )
    frame = wide.reset_index()
    frame["status"] = frame["status"].map(
        {
            "new": "baru (new)",
            "persisting": "berlanjut (persisting)",
            "regressed": "muncul lagi (regressed)",
            "resolved": "selesai (resolved)",
        }
    )
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
            "change": changes["change"].map(
                {
                    "appeared": "baru (appeared)",
                    "changed": "berubah (changed)",
                    "vanished": "hilang (vanished)",
                }
            ),
            "cell": changes["region_name"].fillna(changes["region_code"])
            + " · "
            + changes["body"]
            + " · "
            + changes["stage"].map(STAGE_LABELS),
            "before": changes["previous_amounts"].map(amounts),
            "now": changes["current_amounts"].map(amounts),
            "source": changes["source"].map(breakable),
            "where": (changes["source_file"] + " · " + changes["locator"]).map(breakable),
        }
    )
    return (
        GT(table, groupname_col="change")
        .tab_header(title="Angka yang berubah (figures changed since the previous run)")
        .cols_label(
            cell="Daerah · penerima · tahap",
            before="Sebelumnya",
            now="Sekarang",
            source="Sumber",
            where="Berkas",
        )
        .sub_missing(columns=["before", "now"], missing_text="-")
        .cols_align(align="right", columns=["before", "now"])
        .tab_options(table_font_size="13px")
    )
