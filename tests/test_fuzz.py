"""Every parser entry point on arbitrary text and bytes: it answers or raises its own
documented error, never anything else, and pathological inputs stay cheap. Found failures
are kept below as regression cases (REGRESSIONS)."""

from __future__ import annotations

import contextlib
import datetime as dt
import itertools
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hibah.ingest.files import RawFile, sniff_delimiter
from hibah.ingest.reference import gazetteer_from_csv, read_regions, region_lookup
from hibah.ingest.tabular import FileReadError, read_table
from hibah.parse.amounts import BIGINT_LIMIT, AmountParseError, parse_amount
from hibah.parse.dates import DateParseError, find_dates, read_date
from hibah.parse.press import MAX_SENTENCE, Skipped, extract, sentences
from tests.conftest import RAW

# Text that looks like what the parsers read: digits, separators, scale words, dates.
PIECES = [
    "Rp",
    "Rp.",
    " ",
    "1",
    "9",
    "0",
    ".",
    ",",
    "-",
    "miliar",
    "juta",
    "ribu",
    "triliun",
    "M",
    "jt",
    "rupiah",
    "lebih",
    "sekitar",
    "(",
    ")",
    "/",
    "20/3",
    "31/10/2024",
    "Kamis",
    "KPU",
    "Bawaslu",
    "Polri",
    "TNI",
    "Kabupaten Nunukan",
    "\n",
    "\x00",
    "٣",
    "tiga",
    "puluh",
    "koma",
    ";",
    "an",
    "-an",
]
texts = st.one_of(
    st.text(max_size=300), st.lists(st.sampled_from(PIECES), max_size=60).map("".join)
)
dates = st.one_of(st.none(), st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)))

# Inputs that failed once: each must keep answering as documented.
REGRESSIONS = [
    "Rp 1234567890123456789012345678901234567890",  # past BIGINT: OverflowError once
    "Rp 99999999 triliun",
    "1." * 5000 + "1",  # a digit run: quadratic once
    "Rp 1\x00 miliar",
]


@pytest.fixture(scope="module")
def gazetteer():
    return gazetteer_from_csv(RAW / "reference" / "regions.csv")


@given(texts)
def test_amounts_answer_or_raise_their_own_error(text):
    try:
        amount = parse_amount(text)
    except AmountParseError:
        return
    assert abs(amount.value) < BIGINT_LIMIT


@pytest.mark.parametrize("text", REGRESSIONS)
def test_amount_regressions(text):
    with contextlib.suppress(AmountParseError):
        assert abs(parse_amount(text).value) < BIGINT_LIMIT


@given(texts, dates)
def test_dates_answer_or_raise_their_own_error(text, reference):
    for mention in find_dates(text, reference):
        assert isinstance(mention.date, dt.date)
    with contextlib.suppress(DateParseError):
        read_date(text, reference)


@settings(max_examples=60, deadline=None)
@given(texts, dates)
def test_press_extraction_never_fails(gazetteer, text, reference):
    for record in extract(text, gazetteer, reference):
        assert 0 < record.amount.value < BIGINT_LIMIT or record.amount.value <= 0
        assert 0 <= record.start <= record.end <= len(text)


@given(st.text(max_size=5000))
def test_sentences_are_bounded_and_cover_the_text_in_order(text):
    spans = sentences(text)
    assert all(0 <= a < b <= len(text) and b - a <= MAX_SENTENCE for a, b in spans)
    assert all(b1 <= a2 for (_, b1), (a2, _) in itertools.pairwise(spans))


def test_pathological_press_texts_are_read_through(gazetteer):
    # 5,000 figures in one sentence, a 100,000-character digit run, and 2,000 sentences:
    # each read completely (it took minutes, or memory, before sentences were bounded);
    # a figure told again is read once, the others listed as left out
    many = "KPU Kabupaten Nunukan menerima " + "".join(f"Rp{i} miliar, " for i in range(1, 5_001))
    assert len(extract(many + ".", gazetteer)) == 5_000
    assert extract("Dana hibah " + "1." * 50_000 + "1 untuk KPU.", gazetteer) == []
    repeated = "KPU Kabupaten Nunukan menerima hibah Rp 34 miliar. " * 2_000
    skipped: list[Skipped] = []
    assert len(extract(repeated, gazetteer, skipped=skipped)) == 1
    assert [s.reason for s in skipped] == ["the same figure told again"] * 1_999


@given(texts)
def test_the_delimiter_is_always_one_of_three(text):
    assert sniff_delimiter(text) in (";", ",", "\t")


@pytest.fixture(scope="module")
def reference():
    file = RawFile(
        "reference/regions.csv", RAW / "reference" / "regions.csv", "x", 0, "csv", "reference"
    )
    return region_lookup(read_regions(file)), gazetteer_from_csv(RAW / "reference" / "regions.csv")


HEADER = b"Kode Wilayah;Pemerintah Daerah;Lembaga;Tahap;Nilai\n"


@settings(max_examples=80, deadline=None)
@given(
    st.one_of(
        st.binary(max_size=400),
        st.binary(max_size=300).map(lambda b: HEADER + b),
        texts.map(lambda t: HEADER + t.encode("utf-8", "surrogatepass")),
    )
)
def test_any_bytes_as_a_table_are_read_or_refused_as_documented(reference, data):
    file = RawFile("fuzz.csv", Path("fuzz.csv"), "sha", len(data), "csv", "allocations")
    try:
        table = read_table(file, *reference, data=data)
    except (FileReadError, UnicodeError):  # what stages.read_file reports; a bug fails
        return
    # every unit read became a record, a reject or a skip with its reason
    units = {r["locator"] for r in table.rows}
    records = {r["locator"] for r in table.records}
    told = records | {r["locator"] for r in table.rejects} | {s["locator"] for s in table.skipped}
    assert units == told
