"""Dates in cells and in prose, with the weekday checked and the year inferred."""

from __future__ import annotations

import datetime as dt

import pytest

from hibah.parse.dates import DateParseError, find_dates, parse_date, read_date

D = dt.date


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("31/10/2024", D(2024, 10, 31)),
        ("9-11-2023", D(2023, 11, 9)),
        ("2024-06-27", D(2024, 6, 27)),
        ("31 Oktober 2024", D(2024, 10, 31)),
        ("03 JULI 2023", D(2023, 7, 3)),
        ("17 Agt 2024", D(2024, 8, 17)),
        ("1 Des. 2023", D(2023, 12, 1)),
        ("5 Okt 2023", D(2023, 10, 5)),
        ("Kamis, 31/10/2024", D(2024, 10, 31)),
        ("SENIN, 03 JULI 2023 | 23:11 WIB", D(2023, 7, 3)),
        ("17 Agst 2024", D(2024, 8, 17)),
        # as databases, pandas and other systems write a date: year first, a time after it
        ("2024/10/31", D(2024, 10, 31)),
        ("2024-10-31 00:00:00", D(2024, 10, 31)),
        ("2024-6-27T09:30:00.5", D(2024, 6, 27)),
        # as Excel writes them to a CSV: dd-mmm-yy in either language, and a date's number
        ("31-Okt-24", D(2024, 10, 31)),
        ("27-Jun-2024", D(2024, 6, 27)),
        ("1-Dec-23", D(2023, 12, 1)),
        ("45231", D(2023, 11, 1)),
        ("45470.75", D(2024, 6, 27)),
    ],
)
def test_cells(text, date):
    assert parse_date(text) == date


@pytest.mark.parametrize(
    "text",
    [
        "",
        "31/02/2024",
        "besok",
        "2024/31/10",
        "31 Okto 2024",
        "2024-10/31",  # two separators
        "31-Foo-24",
        "12345",  # a number, but no day of 2000 to 2099
        "73051",
        "2024-02-30 00:00:00",
    ],
)
def test_unreadable_cells_raise(text):
    with pytest.raises(DateParseError):
        parse_date(text)


def test_a_date_written_month_first_is_refused_and_said_so():
    with pytest.raises(DateParseError, match=r"month 31; the month first, as US software"):
        parse_date("10/31/2024")
    assert parse_date("10/11/2024") == D(2024, 11, 10)  # day first, as Indonesia writes it


def test_cell_with_a_wrong_weekday_is_read_and_flagged():
    mention = read_date("Kamis, 1/11/2024")  # 1 November 2024 was a Friday
    assert (mention.date, mention.weekday_ok) == (D(2024, 11, 1), False)


PROSE = [
    # (text, document date, [(date, weekday as written, weekday ok, year inferred)])
    ("pungkasnya, Kamis (31/10/2024).", None, [(D(2024, 10, 31), "Kamis", True, False)]),
    ("Kamis (31/10/24).", None, [(D(2024, 10, 31), "Kamis", True, False)]),
    (
        "di kantor Bupati, Jum\u2019at (01/11/2024) dan",
        None,
        [(D(2024, 11, 1), "Jum\u2019at", True, False)],
    ),
    ("SENIN, 03 JULI 2023 | 23:11 WIB", None, [(D(2023, 7, 3), "SENIN", True, False)]),
    ("pada Senin 2 Oktober 2023 bahwa", None, [(D(2023, 10, 2), "Senin", True, False)]),
    ("Ahad (3/11/2024)", None, [(D(2024, 11, 3), "Ahad", True, False)]),
    ("paling lambat 10 Januari 2024.", None, [(D(2024, 1, 10), None, None, False)]),
    ("pada Minggu (16/6) bahwa", D(2024, 6, 20), [(D(2024, 6, 16), "Minggu", True, True)]),
    ("pada Kamis (9/11).", D(2023, 11, 11), [(D(2023, 11, 9), "Kamis", True, True)]),
    # December in a January article: the year before.
    ("sejak (20/12) lalu", D(2024, 1, 15), [(D(2023, 12, 20), None, None, True)]),
    ("Kamis (1/11/2024)", None, [(D(2024, 11, 1), "Kamis", False, False)]),
    ("rasio 4/12 dan skor 2-1", None, []),
    ("Senin (26/9)", None, []),  # no document date: no year to give it
]


@pytest.mark.parametrize(("text", "reference", "expected"), PROSE)
def test_prose(text, reference, expected):
    found = [
        (m.date, m.weekday, m.weekday_ok, m.year_inferred) for m in find_dates(text, reference)
    ]
    assert found == expected


def test_mention_carries_its_span():
    text = "Hal itu disampaikan pada Rabu (27/3/2024) di Medan."
    (mention,) = find_dates(text)
    assert text[mention.start : mention.end] == mention.text == "Rabu (27/3/2024)"
