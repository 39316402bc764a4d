"""Bodies, stages and region codes as tables write them."""

from __future__ import annotations

import pytest

from hibah.parse.vocabulary import is_region_code, level_of_code, parse_body, parse_stage


@pytest.mark.parametrize(
    ("text", "body"),
    [
        ("KPU Kabupaten Nunukan", "KPU"),
        ("KIP Aceh Besar", "KPU"),
        ("Bawaslu", "Bawaslu"),
        ("Panwaslih Aceh", "Bawaslu"),
        ("Polres Konawe", "Polri"),
        ("Polresta Kendari", "Polri"),
        ("Kodim 0807/Tulungagung", "TNI"),
        ("Lanal Nunukan", "TNI"),
        ("Satpol PP", None),
        ("Dinas Kesehatan", None),
    ],
)
def test_bodies(text, body):
    assert parse_body(text) == body


@pytest.mark.parametrize(
    ("text", "stage"),
    [
        ("NPHD", "nphd"),
        ("Tahap I", "tranche_1"),
        ("tahap II", "tranche_2"),
        ("Pencairan", "disbursed"),
        ("Realisasi", "realized"),
        ("Pengembalian", "returned"),
        ("Anggaran", "budget"),
        ("tranche 2", "tranche_2"),
        ("usulan KPU", None),
    ],
)
def test_stages(text, stage):
    assert parse_stage(text) == stage


@pytest.mark.parametrize(
    ("code", "level"),
    [
        ("65", "provinsi"),
        ("65.03", "kabupaten"),
        ("65.71", "kota"),
        ("6503", None),
        ("65.3", None),
        ("65-03", None),
        ("65.10", "kabupaten"),
    ],
)
def test_region_codes(code, level):
    assert level_of_code(code) == level
    assert is_region_code(code) == (level is not None)
