"""Publishing a run: its warehouse and its site switch in together, in one atomic step.

Each run builds into a folder of its own beside the warehouse, `.hibah-runs/<run id>/`,
holding `hibah.duckdb` and `site/`. The published run is the one the link
`.hibah-runs/current` names. `hibah.duckdb` is a link to `.hibah-runs/current/hibah.duckdb`,
and each page of `reports/` (and `reports/exports`) a link to its namesake in
`.hibah-runs/current/site/`. Renaming a new `current` link over the old one, one
`os.replace`, therefore switches the warehouse and every page at once: a crash before it
leaves the previous run whole, a crash after it the new one, never a mix.

Links for pages a new run adds are made before the switch (until then they lead nowhere,
and no page of the published run links to them); links of pages it no longer has go after
it. Run folders other than the new run's and the one before it are removed after the
switch (a reader that opened the one before keeps reading it), and a run first removes
folders that killed runs left (under the warehouse's lock, hibah/lock.py).

A warehouse and a reports folder of the earlier layout (plain files) are taken over on the
first publish: their files are replaced by links.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

RUNS = ".hibah-runs"
CURRENT = "current"
SITE = "site"


def runs_dir(db_path: Path) -> Path:
    return Path(db_path).parent / RUNS


def run_folder(db_path: Path, run_id: str) -> Path:
    """Where a run builds its warehouse (`hibah.duckdb`) and its site (`site/`)."""
    return runs_dir(db_path) / run_id


def staging_db(db_path: Path, run_id: str) -> Path:
    return run_folder(db_path, run_id) / Path(db_path).name


def staging_site(db_path: Path, run_id: str) -> Path:
    return run_folder(db_path, run_id) / SITE


def current_run(db_path: Path) -> str | None:
    """The run whose warehouse and site are published, if any run is."""
    link = runs_dir(db_path) / CURRENT
    return os.readlink(link) if link.is_symlink() else None


def _link(target: str, at: Path) -> None:
    """Make ``at`` a link to ``target`` in one rename (replacing a file or link there)."""
    tmp = at.with_name(f".{at.name}.{os.getpid()}.link")
    tmp.unlink(missing_ok=True)
    os.symlink(target, tmp)
    os.replace(tmp, at)


def _ensure_link(target: str, at: Path) -> None:
    if at.is_symlink() and os.readlink(at) == target:
        return
    if at.is_dir() and not at.is_symlink():  # a folder of the earlier layout (exports/)
        shutil.rmtree(at)
    _link(target, at)


def publish(
    db_path: Path,
    reports_dir: Path,
    run_id: str,
    progress: Callable[[str], None] | None = None,
) -> Path:
    """Switch the warehouse at ``db_path`` and the pages in ``reports_dir`` to run
    ``run_id``'s folder (built complete beforehand). Returns the index page."""
    db_path, reports_dir = Path(db_path), Path(reports_dir)
    say = progress or (lambda _: None)
    runs = runs_dir(db_path)
    current = runs / CURRENT
    site = run_folder(db_path, run_id) / SITE
    names = sorted(p.name for p in site.iterdir())
    reports_dir.mkdir(parents=True, exist_ok=True)
    say("publish: links for the new site's pages")
    for name in names:
        _ensure_link(os.path.relpath(current / SITE / name, reports_dir), reports_dir / name)
    say("publish: link for the warehouse")
    db_path.with_name(db_path.name + ".wal").unlink(missing_ok=True)  # the earlier layout's
    _ensure_link(os.path.relpath(current / db_path.name, db_path.parent), db_path)
    before = current_run(db_path)
    say("publish: switch")
    _link(run_id, current)  # the one step that publishes
    say("publish: links of pages the run no longer has")
    prefix = os.path.relpath(current / SITE, reports_dir) + os.sep
    for entry in reports_dir.iterdir():
        if entry.name in names:
            continue
        ours = entry.is_symlink() and os.readlink(entry).startswith(prefix)
        earlier = not entry.is_symlink() and entry.suffix == ".html"  # the earlier layout's
        if ours or (earlier and entry.is_file()):
            entry.unlink()
        elif entry.name == "exports" and entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry)
    say("publish: earlier run folders")
    prune(db_path, keep={run_id, before})
    return reports_dir / "index.html"


def prune(db_path: Path, keep: set[str | None] | None = None) -> list[Path]:
    """Remove run folders but the current run's and those in ``keep``: earlier runs, and
    the folders of runs killed before they published. Only under the warehouse's lock."""
    runs = runs_dir(db_path)
    if not runs.is_dir():
        return []
    kept = {current_run(db_path), *(keep or set())}
    removed = []
    for folder in runs.iterdir():
        half_made = folder.is_symlink() and folder.name.startswith(".")  # a killed switch's
        if folder.name == CURRENT or folder.name in kept or (folder.is_symlink() and not half_made):
            continue
        if folder.is_symlink() or not folder.is_dir():
            folder.unlink(missing_ok=True)  # a half-made link of a killed publish
        else:
            shutil.rmtree(folder, ignore_errors=True)
        removed.append(folder)
    return removed


def clear_leftovers(db_path: Path, reports_dir: Path) -> list[Path]:
    """Remove what killed runs left behind: their run folders, half-made links, and the
    staging files of the earlier layout. Only under the warehouse's lock, when no other
    run is building."""
    db_path, reports_dir = Path(db_path), Path(reports_dir)
    found = [
        *db_path.parent.glob(f".{db_path.name}.*.building*"),
        *db_path.parent.glob(f".{db_path.name}.*.link"),
    ]
    if reports_dir.is_dir():
        found += [*reports_dir.glob(".*.building"), *reports_dir.glob(".*.link")]
        # links made for the pages of a run killed before its switch, leading nowhere
        found += [p for p in reports_dir.iterdir() if p.is_symlink() and not p.exists()]
    for path in found:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
    return found + prune(db_path)
