"""Bodies, stages and region codes as tables write them."""

from __future__ import annotations

import pytest

from hibah.parse.vocabulary import (
    is_region_code,
    level_of_code,
    parse_body,
    parse_stage,
    stage_named_in,
)


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
        # the body's office or its head first, as an agreement names its party
        ("Sekretariat KPU Kabupaten Nunukan", "KPU"),
        ("Setjen Bawaslu", "Bawaslu"),
        ("Satker Polres Bulungan", "Polri"),
        ("Kapolres Nunukan", "Polri"),
        ("Dandim 0911/Nunukan", "TNI"),
        ("Satbrimob Polda Kaltara", "Polri"),
        ("Koramil 0911-01", "TNI"),
        ("Sekretariat Daerah", None),  # the regional government's own office
        ("Kepala Daerah", None),
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
        # as tables dress a stage: its share, an ordinal, a hyphen, a year, words around it
        ("Tahap I (40%)", "tranche_1"),
        ("Tahap II 60 persen", "tranche_2"),
        ("Tahap ke-2", "tranche_2"),
        ("Tahap-I.", "tranche_1"),
        ("Penyaluran Tahap II", "tranche_2"),
        ("Penandatanganan NPHD", "nphd"),
        ("Pengembalian Sisa Dana", "returned"),
        ("APBD 2023", "budget"),
        ("NPHD dan Tahap I", None),  # two stages
        ("Realisasi Tahap I", None),
        ("Tahap III", None),
        ("Tahap Akhir", None),
    ],
)
def test_stages(text, stage):
    assert parse_stage(text) == stage


@pytest.mark.parametrize(
    "label",
    ["NPHD", "Tahap I", "Pencairan Tahap II", "Realisasi Belanja", "Sisa Dikembalikan", "Pagu"],
)
def test_a_stage_cell_and_an_amount_header_read_one_vocabulary(label):
    """What names a stage in a Tahap cell names it in an amount column's header too."""
    assert parse_stage(label) is not None
    assert stage_named_in(f"nilai {label.lower()} rp") == parse_stage(label)


def test_anggaran_is_the_budget_in_a_stage_cell_but_any_amount_in_a_header():
    assert parse_stage("Anggaran") == "budget"
    assert stage_named_in("jumlah anggaran") is None
    assert stage_named_in("tahun anggaran 2024") is None


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
