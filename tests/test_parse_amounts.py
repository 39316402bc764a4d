"""Amount cells as Indonesian tables and releases write them, with the values written out."""

from __future__ import annotations

import pytest

from hibah.parse.amounts import AmountParseError, parse_amount

EXACT = [
    # (text as published, rupiah, approximate, precision)
    ("Rp 13.825.543.000,00", 13_825_543_000, False, 1),
    ("Rp34.000.000.000", 34_000_000_000, False, 1),
    ("Rp2,073,953,000", 2_073_953_000, False, 1),
    ("Rp 5.000.000,-", 5_000_000, False, 1),
    ("RpRp 5.000.000", 5_000_000, False, 1),
    ("IDR 5,000,000", 5_000_000, False, 1),
    ("13825543000", 13_825_543_000, False, 1),
    ("Rp 51,345 miliar", 51_345_000_000, False, 1_000_000),
    ("Rp3.50 miliar", 3_500_000_000, False, 10_000_000),
    ("1.75 miliar", 1_750_000_000, False, 10_000_000),
    ("Rp6,4 M", 6_400_000_000, False, 100_000_000),
    ("Rp8,3M", 8_300_000_000, False, 100_000_000),
    ("Rp 500 jt", 500_000_000, False, 1_000_000),
    ("Rp 651 juta", 651_000_000, False, 1_000_000),
    ("Rp1,27 triliun", 1_270_000_000_000, False, 10_000_000_000),
    ("Rp. 52 Miliar", 52_000_000_000, False, 1_000_000_000),
    ("34 milyar rupiah", 34_000_000_000, False, 1_000_000_000),
    ("Rp 41,3 miluar", 41_300_000_000, False, 100_000_000),
    ("Rp 12 milar", 12_000_000_000, False, 1_000_000_000),
    ("Rp 49,9 miliad", 49_900_000_000, False, 100_000_000),
    ("Rp 2 milyard", 2_000_000_000, False, 1_000_000_000),
    ("Rp295, 956 Miliar", 295_956_000_000, False, 1_000_000),
    ("5 miliar 971 juta 710 ribu rupiah", 5_971_710_000, False, 1_000),
    ("1 miliar 28 juta 290 ribu rupiah", 1_028_290_000, False, 1_000),
    ("Rp13,8 miliar lebih", 13_800_000_000, True, 100_000_000),
    ("sekitar Rp 705,95 miliar", 705_950_000_000, True, 10_000_000),
    ("kurang lebih 30 Milyar", 30_000_000_000, True, 1_000_000_000),
    ("Rp 30-an miliar", 30_000_000_000, True, 1_000_000_000),
    ("Rp2,5 miliaran", 2_500_000_000, True, 100_000_000),
    ("Rp500 jutaan", 500_000_000, True, 1_000_000),
    # thousands set off by spaces: plain, no-break, narrow no-break
    ("34 000 000 000", 34_000_000_000, False, 1),
    ("Rp 13\u00a0825\u00a0543\u00a0000,00", 13_825_543_000, False, 1),
    ("Rp 5\u202f971\u202f710\u202f000", 5_971_710_000, False, 1),
    ("Rp 5.000.000,\u2013", 5_000_000, False, 1),  # ",-" typeset as an en dash
    # Excel's scientific notation, known to the mantissa's last digit (a CSV of a narrow
    # column, in either locale)
    ("3,40957E+11", 340_957_000_000, False, 1_000_000),
    ("3.4E+10", 34_000_000_000, False, 1_000_000_000),
    ("1.02829E+09", 1_028_290_000, False, 10_000),
]


@pytest.mark.parametrize(("text", "value", "approximate", "precision"), EXACT)
def test_reads_published_forms(text, value, approximate, precision):
    amount = parse_amount(text)
    assert (amount.value, amount.approximate, amount.precision) == (value, approximate, precision)
    assert amount.flags == ()


def test_word_built_amount_not_round_is_read_literally_and_flagged():
    # The seed's Bawaslu figure: 13.825.543.000 was almost surely meant.
    amount = parse_amount("13 miliar 825 juta 543 rupiah")
    assert amount.value == 13_825_000_543
    assert amount.word_built
    assert amount.flags == ("word-amount-not-round",)
    # the digit groups say what was meant: 543 after "juta", the thousands left empty
    assert amount.probable == 13_825_543_000
    assert amount.probable_basis == (
        "543 follows 'juta' with no scale word and the ribu left empty: read as 543 ribu, "
        "the figure is 13.825.543.000 and round like every grant"
    )


@pytest.mark.parametrize(
    ("text", "probable"),
    [
        (
            "tiga belas miliar delapan ratus dua puluh lima juta lima ratus empat puluh tiga "
            "rupiah",
            13_825_543_000,
        ),  # the same misprint in words
        ("2 miliar 7 rupiah", 2_007_000_000),  # a bare group after miliar: juta left empty
        ("Rp 1 triliun 250 rupiah", 1_250_000_000_000),  # miliar left empty
        ("5 ribu 543 rupiah", None),  # after ribu there is no empty slot: as written
        ("1 miliar 28 juta 290 ribu rupiah", None),  # round: nothing in doubt
        ("13 miliar 825 juta 543 ribu rupiah", None),
    ],
)
def test_a_doubtful_word_reading_says_what_was_probably_meant(text, probable):
    amount = parse_amount(text)
    assert amount.probable == probable
    assert (amount.probable_basis is None) == (probable is None)


def test_dot_and_three_digits_before_scale_word_is_flagged():
    amount = parse_amount("Rp1.104 triliun")
    assert amount.value == 1_104_000_000_000
    assert amount.flags == ("dot-thousands-before-scale",)


@pytest.mark.parametrize(
    ("text", "value"), [("-Rp 5.000.000", -5_000_000), ("(Rp 1.000.000)", -1_000_000)]
)
def test_negative_amounts_keep_their_sign(text, value):
    assert parse_amount(text).value == value


@pytest.mark.parametrize(
    "text",
    [
        "",
        "n/a",
        "-",
        "abc",
        "Rp 1,5",
        "Rp 12 kilo",
        "1.2.3 miliar",
        "Rp 12.34.567",
        "Rp 5 juta 3 miliar",
        "Rp 1,2345678912 miliar",
        "34 00",  # not groups of three
        "1 000 00",
        "1.23456E+2",  # a fraction of a rupiah
        "1,5E-3",
    ],
)
def test_unreadable_input_raises_never_guesses(text):
    with pytest.raises(AmountParseError):
        parse_amount(text)


def test_a_juta_figure_far_below_its_peers_is_flagged():
    from hibah.parse.amounts import juta_below_peers

    amounts = [
        parse_amount(t)
        for t in ("Rp34 miliar", "Rp 13,8 juta", "Rp5,9 miliar", "Rp 651 juta", "Rp1 miliar")
    ]
    # 13,8 juta beside figures in miliar: 'juta' probably stands for 'miliar'. Rp 651 juta
    # is a real figure (Polres Banjarbaru) and stays unflagged: less than 200 times below.
    assert juta_below_peers(amounts) == [False, True, False, False, False]


def test_a_scale_word_after_the_rupiah_in_full_restates_the_unit():
    # "Rp387.092.681.878 miliar" (Sindo Makassar): the digits are the amount; as written it
    # would be 21 digits, more than any grant; read as the digits, sen rounded, and flagged
    for text, value in (
        ("Rp387.092.681.878 miliar", 387_092_681_878),
        ("Rp154.837.072.751,2 miliar", 154_837_072_751),
        ("Rp232.255.609.126,8 miliar", 232_255_609_127),
        ("Rp 1.000.000 miliar", 1_000_000),
        ("Rp 1.000.000,5 miliar", 1_000_001),
    ):
        amount = parse_amount(text)
        assert (amount.value, amount.flags, amount.precision) == (
            value,
            ("scale-word-restated",),
            1,
        )
    # grouped once, or small enough scaled: the scale word counts
    assert parse_amount("Rp 5.500.000 juta").value == 5_500_000_000_000
    assert parse_amount("Rp3.325,1 triliun").value == 3_325_100_000_000_000
    assert parse_amount("Rp 999.999.999 juta").value == 999_999_999_000_000
    assert parse_amount("Rp 999.999.999 juta").flags == ()


def test_parts_add_up_to_a_whole_to_the_precision_both_are_written_with():
    whole = parse_amount("Rp1,19 miliar")  # known to Rp10 juta
    parts = [parse_amount(t) for t in ("Rp300 juta", "Rp877,7 juta", "Rp15,7 juta")]
    assert whole.is_sum_of(parts)  # 1.193,4 juta
    assert not whole.is_sum_of([*parts, parse_amount("Rp10 juta")])  # 1.203,4 juta
    exact = parse_amount("Rp1.190.000.000")  # known to the rupiah
    assert not exact.is_sum_of(parts)
    # the parts' own rounding counts too: Rp656,1 and Rp319,8 miliar, each to Rp100 juta
    told = [parse_amount("Rp656,1 miliar"), parse_amount("Rp319,8 miliar")]
    assert parse_amount("Rp975.977.308.550").is_sum_of(told)
