"""Pages: tables assembled into self-contained HTML, written atomically."""

from __future__ import annotations

import html
import os
from pathlib import Path

from flows.reports import tables
from flows.reports.data import ReportData

_CSS = """
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif;
       margin: 2rem auto; max-width: 1200px; padding: 0 1rem; color: #1f2933; }
h1 { margin-bottom: .2rem; } nav a { margin-right: 1rem; }
section { margin: 2.5rem 0; } p.lead { color: #52606d; margin-top: 0; }
.empty { color: #52606d; font-style: italic; }
"""


def render_index(data: ReportData) -> str:
    """The run's page: summary, files, NPHD comparison, findings, quarantine."""
    sections = [
        ("ringkasan", "Ringkasan (summary)", tables.build_run_summary(data.run).as_raw_html()),
        ("berkas", "Berkas (files)", tables.build_files(data.files).as_raw_html()),
        (
            "perbandingan",
            "Perbandingan NPHD (comparison)",
            tables.build_comparison(data.totals).as_raw_html()
            if (data.totals["stage"] == "nphd").any()
            else '<p class="empty">Belum ada angka NPHD (no NPHD figures yet).</p>',
        ),
        (
            "temuan",
            "Temuan (findings)",
            tables.build_findings_by_rule(data.findings_by_rule).as_raw_html()
            + _omitted(data)
            + tables.build_findings(data.findings).as_raw_html()
            if not data.findings_by_rule.empty
            else '<p class="empty">Tidak ada temuan (no findings).</p>',
        ),
        (
            "karantina",
            "Karantina (quarantine)",
            tables.build_quarantine(data.quarantine).as_raw_html()
            if not data.quarantine.empty
            else '<p class="empty">Tidak ada baris dikarantina (nothing quarantined).</p>',
        ),
    ]
    nav = "".join(f'<a href="#{anchor}">{html.escape(title)}</a>' for anchor, title, _ in sections)
    body = "".join(
        f'<section id="{anchor}"><h2>{html.escape(title)}</h2>{content}</section>'
        for anchor, title, content in sections
    )
    run = data.run
    lead = (
        f"Run {run['run_id']} · {run['finished_at']} · {run['loaded']} angka dimuat "
        f"(figures loaded), {run['quarantined']} dikarantina, {run['errors']} error, "
        f"{run['warnings']} warning"
    )
    return (
        '<!DOCTYPE html>\n<html lang="id">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        "<title>hibah: Hibah Pilkada 2024</title>\n"
        f"<style>{_CSS}</style>\n</head>\n<body>\n"
        "<h1>hibah · Hibah Pilkada 2024</h1>\n"
        f'<p class="lead">{html.escape(lead)}</p>\n<nav>{nav}</nav>\n{body}\n'
        "</body>\n</html>\n"
    )


def _omitted(data: ReportData) -> str:
    listed = data.findings.groupby("rule_id").size()
    rows = [
        f"{r.rule_id} ({r.findings})"
        for r in data.findings_by_rule.itertuples()
        if listed.get(r.rule_id, 0) < r.findings
    ]
    if not rows:
        return ""
    return (
        '<p class="empty">Counted above, not listed below (query audit.findings for every '
        f"row): {html.escape(', '.join(rows))}.</p>"
    )


def write_html(text: str, path: Path) -> None:
    """Write a page so that a reader never sees half of it: temp file, then rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)
