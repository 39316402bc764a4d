"""Shared fixtures: paths, defect tables, and one Prefect test server for the flow tests."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from hypothesis import settings

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "raw"
CORPUS = ROOT.parent / "shared" / "corpus"

# `pytest --hypothesis-profile=thorough` for the long round-trip runs the notes report.
settings.register_profile("thorough", max_examples=20_000, deadline=None)

HEADER = "No;Kode Wilayah;Pemerintah Daerah;Penerima Hibah;Lembaga;Tahap;Nilai;Tanggal;Sumber"


@pytest.fixture
def raw_copy(tmp_path: Path) -> Path:
    """A writable copy of the shipped raw/ folder."""
    target = tmp_path / "raw"
    shutil.copytree(RAW, target)
    return target


@pytest.fixture
def defect_raw(tmp_path: Path) -> Path:
    """A raw/ folder with the shipped reference and one table of broken rows.

    Synthetic rows (for defect tests), built on a real figure: Nunukan's KPU grant.
    """
    raw = tmp_path / "raw"
    (raw / "reference").mkdir(parents=True)
    shutil.copy(RAW / "reference" / "regions.csv", raw / "reference" / "regions.csv")
    src = "https://example.org/synthetic-defects"
    nunukan = "Kabupaten Nunukan"
    rows = [
        ["1", "65.03", nunukan, "KPU Kabupaten Nunukan", "KPU", "NPHD", "Rp 34.000.000.000,00"],
        ["2", "65.03", nunukan, "KPU Kabupaten Nunukan", "KPU", "NPHD", "-Rp 5.000.000,00"],
        ["3", "65.03", nunukan, "Satpol PP Nunukan", "Satpol PP", "NPHD", "Rp 1.000.000.000,00"],
        ["4", "65.3", nunukan, "Polres Nunukan", "Polri", "NPHD", "Rp 5.971.710.000,00"],
        None,  # a blank row
        ["5", "65.03", nunukan, "TNI", "TNI", "NPHD", "n/a"],
        ["Jumlah", "", "", "", "", "", "Rp 34.000.000.000,00", "", ""],
    ]
    lines = [HEADER] + [
        ";" * 8 if row is None else ";".join(row if len(row) == 9 else [*row, "31/10/2024", src])
        for row in rows
    ]
    (raw / "defects.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (raw / "sources.csv").write_text(
        "file;title;publisher;kind;edition;licence;source_url;notes\n"
        "defects.csv;Synthetic defects;hibah tests;synthetic;;;;"
        "synthetic rows for defect tests\n"
        "reference/regions.csv;Regions;Kemendagri;reference;2025;MIT;;\n",
        encoding="utf-8",
    )
    return raw


@pytest.fixture(scope="session")
def prefect_server():
    """One temporary Prefect server for every flow test of the session (~30 s to start)."""
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("DO_NOT_TRACK", "1")
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield
