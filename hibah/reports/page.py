"""Pages: tables assembled into self-contained HTML (no external URL, no script), and the one
function that writes them. The page and its sections come from the Jinja2 templates beside
this module, which escape every string put in them; a table's HTML goes in as markup
(great-tables escapes its own cells: hibah/reports/tables.py), and so does a fragment built
here with Markup.format, which escapes what it is given."""

from __future__ import annotations

import functools
import os
import re
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from great_tables import GT
from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from hibah.reports import tables
from hibah.reports.data import ROWS_LISTED, ReportData

NAV = [
    ("index.html", "Ringkasan"),
    ("comparison.html", "Perbandingan"),
    ("conflicts.html", "Sumber berbeda"),
    ("findings.html", "Temuan"),
    ("tranches.html", "Tahap pencairan"),
]


_TEMPLATES = Environment(
    loader=PackageLoader("hibah.reports", "templates"),
    autoescape=True,
    undefined=StrictUndefined,
)


@dataclass(frozen=True)
class Part:
    """A part of a page: a section with a heading (``title``), or bare content."""

    content: Markup
    title: str | None = None
    anchor: str = ""
    css_class: str = ""
    about: tuple[Markup | str, ...] = ()  # paragraphs under the heading


def shell(title: str, lead: str, parts: list[Part]) -> str:
    """A page: title, the site's navigation, a lead line, its parts."""
    page = _TEMPLATES.get_template("page.html")
    return page.render(title=title, lead=lead, nav=NAV, parts=parts) + "\n"


def _section(anchor: str, title: str, content: Markup) -> Part:
    return Part(content, title, anchor)


def _table(table: GT) -> Markup:
    """A table's HTML, put in the page as it is: great-tables escapes its cells."""
    return Markup(table.as_raw_html())


def _empty(text: str) -> Markup:
    return Markup(_TEMPLATES.get_template("empty.html").render(text=text))


# Rows listed per rule and of the quarantine: a page grows with rules, not with defective rows
# (a national register with 0.5% defects has tens of thousands). The rest are counted, and all
# are in exports/findings.csv and the warehouse (audit.findings, audit.quarantine).


def _listed(frame: pd.DataFrame, where: str) -> tuple[pd.DataFrame, Markup]:
    """The first `ROWS_LISTED` rows of ``frame`` and a line saying where the others are."""
    if len(frame) <= ROWS_LISTED:
        return frame, Markup("")
    return frame.head(ROWS_LISTED), _empty(
        f"The first {ROWS_LISTED} of {len(frame):,} are listed; every one is in {where}."
    )


def _quarantine(data: ReportData) -> Markup:
    listed, more = _listed(data.quarantine, "audit.quarantine and exports/findings.csv")
    return _table(tables.build_quarantine(listed)) + more


def _lead(data: ReportData) -> str:
    run = data.run
    return (
        f"Run {run['run_id']} · {tables.wib(run['finished_at'])} · {run['loaded']} angka dimuat "
        f"(figures loaded), {run['quarantined']} dikarantina, {run['errors']} error, "
        f"{run['warnings']} warning, {run['infos']} info"
    )


def render_index(data: ReportData) -> str:
    """The run: counts, files and provenance, findings by rule, national totals, links."""
    links = [*NAV[1:], *((tables.province_page(c), str(n)) for c, n in _provinces(data))]
    pages = Markup(_TEMPLATES.get_template("list.html").render(links=links))
    sections = [
        _section("ringkasan", "Ringkasan (summary)", _table(tables.build_run_summary(data.run))),
        _section("halaman", "Halaman (pages)", pages),
        _section(
            "nasional",
            "Total nasional (national totals)",
            _table(tables.build_body_totals(data.provinces))
            if data.provinces is not None and not data.provinces.empty
            else _empty("Belum ada angka (no figures yet)."),
        ),
        _section(
            "perbandingan",
            "Perbandingan NPHD (comparison)",
            _table(tables.build_comparison(data.totals, "nphd", data.per_voter, data.listed))
            if (data.totals["stage"] == "nphd").any()
            else _empty("Belum ada angka NPHD (no NPHD figures yet)."),
        ),
        _section("berkas", "Berkas (files)", _table(tables.build_files(data.files))),
        _section(
            "temuan",
            "Temuan per aturan (findings by rule)",
            _table(tables.build_rule_overview(data.rules, data.findings_by_rule))
            + _empty("Every finding, with its source: findings.html."),
        ),
        _section(
            "karantina",
            "Karantina (quarantine)",
            _quarantine(data)
            if not data.quarantine.empty
            else _empty("Tidak ada baris dikarantina (nothing quarantined)."),
        ),
        _section("perubahan", "Perubahan (changes since the previous run)", _changes(data)),
    ]
    return shell("hibah · Hibah Pilkada 2024", _lead(data), sections)


def _changes(data: ReportData) -> Markup:
    if int(data.run.get("files") or 0) == 0:
        return _empty("Belum ada (nothing yet).")
    parts = []
    if not data.statuses.empty:
        parts.append(_table(tables.build_statuses(data.statuses)))
    if not data.changes.empty:
        parts.append(_table(tables.build_changes(data.changes)))
    else:
        parts.append(
            _empty(
                "Tidak ada angka yang berubah (no figure appeared, changed or "
                "vanished since the previous run, or this is the first run)."
            )
        )
    return Markup("").join(parts)


def _provinces(data: ReportData) -> list[tuple[str, str]]:
    seen = data.totals.drop_duplicates("province_code")
    return list(zip(seen["province_code"], seen["province_name"], strict=True))


def _stages(totals: pd.DataFrame) -> list[str]:
    present = set(totals["stage"])
    return [s for s in tables.STAGE_LABELS if s in present]


def render_comparison(data: ReportData) -> str:
    """The national page: provinces, and the NPHD matrix of every region."""
    body = [
        _section("provinsi", "Provinsi (provinces)", _table(tables.build_national(data.provinces))),
        _section(
            "nphd",
            "NPHD per daerah (all regions)",
            _table(tables.build_comparison(data.totals, "nphd", data.per_voter, data.listed))
            if (data.totals["stage"] == "nphd").any()
            else _empty("Belum ada angka NPHD (no NPHD figures yet)."),
        ),
    ]
    return shell("Perbandingan nasional (national comparison)", _lead(data), body)


def render_province(data: ReportData, code: str, name: str) -> str:
    """One province: regions by body, a table per stage, NPHD first."""
    totals = data.totals[data.totals["province_code"] == code]
    body = [
        _section(
            stage,
            tables.STAGE_LABELS[stage],
            _table(tables.build_comparison(totals, stage, data.per_voter, data.listed)),
        )
        for stage in _stages(totals)
    ]
    return shell(f"{name} · hibah Pilkada 2024", _lead(data), body)


def render_conflicts(data: ReportData) -> str:
    figures = data.figures
    disagree = figures[~figures["sources_agree"].astype(bool)]
    content = (
        _table(tables.build_conflicts(figures))
        if not disagree.empty
        else _empty("Semua sumber sepakat (no sources disagree).")
    )
    return shell("Sumber yang berbeda (conflicts)", _lead(data), [Part(content)])


def render_findings(data: ReportData) -> str:
    """Per rule: its title, legal basis and count, and every finding (its message filled in)
    with its source."""
    parts = [Part(_table(tables.build_rule_overview(data.rules, data.findings_by_rule)))]
    rules = data.rules.set_index("rule_id")
    for rule_id, group in data.all_findings.groupby("rule_id", sort=False):
        rule = rules.loc[rule_id] if rule_id in rules.index else None
        about: list[Markup | str] = []
        if rule is not None:
            about.append(
                Markup("<strong>{}</strong> · {} · {} temuan").format(
                    rule["title"], rule["severity"], len(group)
                )
            )
            if isinstance(rule["legal_basis"], str) and rule["legal_basis"]:
                about.append(f"Dasar hukum: {rule['legal_basis']}")
        if rule_id == "not-disclosed":
            # One finding per region and body that voted without a figure: counted here,
            # listed in full in exports/findings.csv and shown on the comparison page.
            about.append(
                Markup(
                    "Counted by province here; every one is listed in "
                    '<a href="exports/findings.csv">exports/findings.csv</a> and shown as '
                    "<em>tidak diungkap</em> on the "
                    '<a href="comparison.html">comparison</a>.'
                )
            )
            table = tables.build_not_disclosed(tables.not_disclosed_frame(group, data.roster))
            more = Markup("")
        else:
            listed, more = _listed(group, "exports/findings.csv and audit.findings")
            table = tables.build_findings(listed, rule_id)
        parts.append(
            Part(_table(table) + more, str(rule_id), f"rule-{rule_id}", "rule", tuple(about))
        )
    if not data.quarantine.empty:
        parts.append(
            _section("karantina", "Karantina (quarantined rows, all reasons)", _quarantine(data))
        )
    return shell("Temuan (findings)", _lead(data), parts)


def render_tranches(data: ReportData) -> str:
    content = (
        _table(tables.build_tranches(data.tranches, data.parameters))
        if not data.tranches.empty
        else _empty("Belum ada angka tahap (no tranche figures yet).")
    )
    return shell("Tahap pencairan (tranche compliance)", _lead(data), [Part(content)])


def render_sources(data: ReportData, code: str, name: str) -> str:
    """One province's figures, each with the records that make it up, by anchor."""
    figures = data.figures[data.figures["province_code"] == code]
    title = f"Sumber angka · {name}"
    return shell(
        title, _lead(data), [Part(_table(tables.build_sources(figures, title, data.listed)))]
    )


def site(data: ReportData) -> Iterator[tuple[str, str]]:
    """(file name, page) for every page of the report."""
    for name, render in _pages(data):
        yield name, render()


def _national_pages(data: ReportData) -> list[tuple[str, Callable[[], str]]]:
    """The pages that grow with all the figures, the index first."""
    return [
        ("index.html", lambda: render_index(data)),
        ("comparison.html", lambda: render_comparison(data)),
        ("conflicts.html", lambda: render_conflicts(data)),
        ("findings.html", lambda: render_findings(data)),
        ("tranches.html", lambda: render_tranches(data)),
    ]


def _pages(data: ReportData) -> list[tuple[str, Callable[[], str]]]:
    pages = _national_pages(data)
    for code, name in _provinces(data):
        province = functools.partial(render_province, data, code, name)
        sources = functools.partial(render_sources, data, code, name)
        pages += [(tables.province_page(code), province), (tables.sources_page(code), sources)]
    return pages


_LEAD = re.compile(r'<p class="lead">[^<]*</p>')


def refresh_site(data: ReportData, published: Path, folder: Path, last_run: str) -> bool:
    """Into ``folder``, the site of a run that confirmed the figures of ``last_run``
    (hibah/warehouse/confirm.py), made from the published site instead of drawn again:
    the index anew (the run, its history); every other page as published but for its lead
    line, which names the run; the exports as they are (they hold no run). False, and
    nothing written, when ``published`` is not ``last_run``'s whole site."""
    from hibah.reports.exports import export_names

    names = page_names(data)
    exports = [Path("exports") / name for name in export_names(data)]
    index = published / "index.html"
    if not index.exists() or f"Run {last_run} " not in index.read_text(encoding="utf-8"):
        return False
    wanted: list[str | Path] = [*names, *exports]
    if not all((published / rel).is_file() for rel in wanted):
        return False
    lead = Markup('<p class="lead">{}</p>').format(_lead(data))  # as the template escapes it
    pages = {}
    for name in names[1:]:
        text = (published / name).read_text(encoding="utf-8")
        leads = _LEAD.findall(text)
        if len(leads) != 1 or f"Run {last_run} " not in leads[0]:
            return False  # drawn for another run (a publish cut short): draw them all
        pages[name] = _LEAD.sub(lambda _: lead, text)
    pages["index.html"] = render_index(data)
    for name, text in pages.items():
        write_html(text, folder / name)
    for rel in exports:
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(published / rel, folder / rel)
    return True


def write_site(data: ReportData, folder: Path) -> Path:
    """Every page and export into ``folder``; returns the index page."""
    from hibah.reports.exports import write_exports

    write_pages(data, folder, page_names(data))
    write_exports(data, folder / "exports")
    return folder / "index.html"


def page_names(data: ReportData) -> list[str]:
    """The file names of the site's pages, in the order drawn: first those that grow with
    all the figures (index, comparison, conflicts, findings), then each province's."""
    return [name for name, _ in _pages(data)]


EXPORTS = "exports/"  # the part of the site that is every export, not a page
CLAIMS = ".claims"  # under the site's folder while several processes draw it


def draw_order(data: ReportData) -> list[str]:
    """The parts of the site to draw apart (the exports and each page), heaviest first, so
    that processes taking them in turn end together: the exports and the heaviest pages
    that grow with all the figures (as measured on 2,000 releases), the other such pages,
    then the provinces' pages, light and many."""
    national = [name for name, _ in _national_pages(data)]
    provinces = page_names(data)[len(national) :]
    heaviest = ["conflicts.html", "index.html", "comparison.html"]
    national.sort(key=lambda name: heaviest.index(name) if name in heaviest else len(heaviest))
    return [EXPORTS, *national, *provinces]


def draw_unclaimed(data: ReportData, folder: Path, parts: list[str]) -> list[str]:
    """Draw into ``folder`` each of ``parts`` (draw_order) that no other process drawing the
    same site has claimed, in turn; returns those this one drew. A part is claimed by
    creating its file under ``folder/.claims`` (exclusively: one process wins it), and
    marked done there once drawn. A process of every worker calls this with the same
    parts: each takes the next part free when it is done with one, so the work spreads
    itself however the parts weigh, in as many tasks as there are workers."""
    claims = folder / CLAIMS
    claims.mkdir(parents=True, exist_ok=True)
    drawn = []
    for part in parts:
        try:
            os.close(os.open(claims / _claim_name(part), os.O_CREAT | os.O_EXCL | os.O_WRONLY))
        except FileExistsError:
            continue
        draw_parts(data, folder, [part])
        (claims / f"{_claim_name(part)}.done").touch()
        drawn.append(part)
    return drawn


def undrawn(folder: Path, parts: list[str]) -> list[str]:
    """The parts not marked done under ``folder/.claims``: claimed by a process lost while
    drawing them, or never claimed."""
    claims = folder / CLAIMS
    return [part for part in parts if not (claims / f"{_claim_name(part)}.done").exists()]


def clear_claims(folder: Path) -> None:
    shutil.rmtree(folder / CLAIMS, ignore_errors=True)


def _claim_name(part: str) -> str:
    return "exports" if part == EXPORTS else part


def draw_parts(data: ReportData, folder: Path, parts: list[str]) -> None:
    """The ``parts`` (draw_order) of the site into ``folder``."""
    from hibah.reports.exports import write_exports

    if EXPORTS in parts:
        write_exports(data, folder / "exports")
    write_pages(data, folder, [part for part in parts if part != EXPORTS])


def write_pages(data: ReportData, folder: Path, names: list[str]) -> None:
    """The pages ``names`` of the site into ``folder`` (the flow spreads them over workers)."""
    wanted = set(names)
    for name, render in _pages(data):
        if name in wanted:
            write_html(render(), folder / name)


def write_html(text: str, path: Path) -> None:
    """Write a page so that a reader never sees half of it: temp file, then rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)
