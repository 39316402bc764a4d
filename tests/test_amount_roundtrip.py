"""Round trips: an independent generator writes amounts as Indonesian words and digits; the
parser must read every one back exactly.

The default profile runs a few hundred examples; for a thorough run:
    uv run pytest tests/test_amount_roundtrip.py --hypothesis-profile=thorough   (20,000 each)
"""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from indonesian_number_normalizer import create_normalizer

from hibah.parse.amounts import parse_amount

# The generator fails at 10**15 and above (it has no word for a thousand trillion).
amounts = st.integers(min_value=1, max_value=10**15 - 1)
spell = create_normalizer().number_to_words


@given(amounts)
def test_spelled_out_words_read_back_exactly(value):
    words = spell(value)  # "tiga belas milyar delapan ratus dua puluh lima juta ..."
    amount = parse_amount(f"{words} rupiah")
    assert amount.value == value
    assert ("word-amount-not-round" in amount.flags) == (value % 100 != 0)
    # a probable reading is only offered for a doubtful one, and is itself round
    if amount.probable is not None:
        assert value % 100 != 0 and amount.probable % 1000 == 0


@given(amounts)
def test_indonesian_digits_read_back_exactly(value):
    dotted = f"{value:,}".replace(",", ".")
    assert parse_amount(f"Rp {dotted},00").value == value
    assert parse_amount(f"Rp{value:,}").value == value  # English separators


@given(amounts)
def test_digit_groups_with_scale_words_read_back_exactly(value):
    parts, rest = [], value
    for word, size in (("triliun", 10**12), ("miliar", 10**9), ("juta", 10**6), ("ribu", 10**3)):
        count, rest = divmod(rest, size)
        if count:
            parts.append(f"{count} {word}")
    if rest:
        parts.append(str(rest))
    assert parse_amount(" ".join(parts) + " rupiah").value == value
