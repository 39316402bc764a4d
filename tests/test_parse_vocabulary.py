"""Dates, bodies, stages and region codes as tables write them."""

from __future__ import annotations

import datetime as dt

import pytest

from flows.parse.dates import DateParseError, parse_date
from flows.parse.vocabulary import is_region_code, level_of_code, parse_body, parse_stage


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("31/10/2024", dt.date(2024, 10, 31)),
        ("9-11-2023", dt.date(2023, 11, 9)),
        ("2024-06-27", dt.date(2024, 6, 27)),
        ("31 Oktober 2024", dt.date(2024, 10, 31)),
        ("03 JULI 2023", dt.date(2023, 7, 3)),
        ("17 Agt 2024", dt.date(2024, 8, 17)),
        ("1 Des. 2023", dt.date(2023, 12, 1)),
    ],
)
def test_dates(text, date):
    assert parse_date(text) == date


@pytest.mark.parametrize("text", ["", "31/02/2024", "besok", "2024/31/10", "31 Okto 2024"])
def test_unreadable_dates_raise(text):
    with pytest.raises(DateParseError):
        parse_date(text)


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
