"""Rupiah amounts as Indonesian disclosures write them.

`parse_amount` reads digits with dot or comma thousands (``Rp 13.825.543.000,00``,
``Rp2,073,953,000``), decimals before a scale word (``Rp 51,345 miliar``, ``Rp3.50 miliar``),
abbreviations (``Rp6,4 M``, ``Rp 500 jt``, ``Rp1,27 T``), scale words mixed with digits
(``13 miliar 825 juta 543 rupiah``), common misspellings (``milyar``, ``milar``, ``miluar``,
``miliad``, ``milyard``), stray spaces (``Rp295, 956 Miliar``) and hedges (``lebih``,
``sekitar``, ``kurang lebih``).

It returns the exact integer and says how far to trust it: ``approximate`` when the source
hedged, ``precision`` for the unit of the last digit stated (``Rp5,9 miliar`` is known to
100 million), and ``flags`` for readings that are probably not what the writer meant.
Input it cannot read raises `AmountParseError`; it never guesses a number. Where a reading is
probably not what was meant and the digit groups say what was, ``probable`` gives that
figure beside the literal one, with its ``probable_basis``; the value stays the literal one.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass

SCALES: dict[str, int] = {
    "triliun": 12,
    "miliar": 9,
    "juta": 6,
    "ribu": 3,
}

# The milliard as it is spelt, misspellings included: miliar, milyar, milar, miluar,
# milliar, miliad, milyard (hibah.parse.press finds amounts by it too).
MILIAR_SPELLING = r"m[i1]l+[iy]*u?a?(?:rd?|d)"
# Spellings seen in real publications, typos included, mapped to their scale word.
_SCALE_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^(?:tr[iy]l[iy]*[ou]n|t|tn|trl)$"), "triliun"),
    (re.compile(rf"^(?:{MILIAR_SPELLING}|m|mi?l|mlr|mly|b)$"), "miliar"),
    (re.compile(r"^(?:juta|jt|jta)$"), "juta"),
    (re.compile(r"^(?:ribu|rb)$"), "ribu"),
]

_HEDGES = re.compile(
    r"\b(?:kurang\s+lebih|lebih\s+dari|lebih|sekitar|sekira|kira-kira|kira\s+kira|hampir|"
    r"mencapai\s+sekitar|kisaran|di\s+atas|sedikitnya|setidaknya)\b|±|\+/-|~"
)
_CURRENCY = re.compile(r"\b(?:(?:rp|idr)\.?\s*)+(?![a-z])")
_RUPIAH_WORD = re.compile(r"\brupiah\b")
_GROUP = re.compile(r"(?P<number>\d+(?:\s?[.,]\s?\d+)*)\s*(?P<scale>[a-z]+)?")
# thousands set off by spaces (a no-break or thin space in some exports): 34 000 000 000
_SPACE_GROUPED = re.compile(r"\d{1,3}(?: \d{3})+(?:,\d{1,2})?")
# a number as Excel shows it in scientific notation, and saves it so in a CSV, when its
# column is narrow or its format General: 3,40957E+11, the digits past the mantissa's lost
_SCIENTIFIC = re.compile(r"(\d+)(?:[.,](\d+))?e\+?(\d{1,2})")

_DIGIT_WORDS = {
    "nol": 0,
    "satu": 1,
    "dua": 2,
    "tiga": 3,
    "empat": 4,
    "lima": 5,
    "enam": 6,
    "tujuh": 7,
    "delapan": 8,
    "sembilan": 9,
}
_UNIT_WORDS = _DIGIT_WORDS | {"se": 1, "sepuluh": 10, "sebelas": 11}
# The words that write a number below a thousand ("dua", "sebelas", "tiga puluh", "seratus"),
# for whatever else reads numbers in words (press text, counts of regions).
NUMBER_WORD = "|".join([*_DIGIT_WORDS, "sepuluh", "sebelas", "belas", "puluh", "ratus", "seratus"])
_WORD_TOKEN = re.compile(rf"\b(?:{NUMBER_WORD}|seribu|sejuta|semiliar|semilyar|setriliun|koma)\b")

# An amount cell holding a dash alone (``-``, ``Rp -``, ``-,-``), as Excel's Accounting format
# shows zero, and so as a CSV saved from it writes it: a cell without a figure, not an
# unreadable one. Of a cell's text stripped; the same pattern in SQL (raw.is_nil).
NIL_PATTERN = "(?:(?:rp|idr)\\.?[ ]*)?[-\u2013\u2014]+(?:[ ]*,[ ]*[-\u2013\u2014]+)?"
_NIL = re.compile(NIL_PATTERN, re.IGNORECASE)


def amount_written(text: str | None) -> bool:
    """Whether an amount cell holds a figure to read: anything but blanks or a dash alone."""
    stripped = (text or "").strip()
    return bool(stripped) and not _NIL.fullmatch(stripped)


# Plausibility bound: no single grant is above a few trillion rupiah.
MAX_PLAUSIBLE_IDR = 5 * 10**12
# What a warehouse amount (BIGINT) can hold at all: beyond it a text is no amount to keep.
BIGINT_LIMIT = 2**63


class AmountParseError(ValueError):
    """The text is not an amount this parser can read without guessing."""


@dataclass(frozen=True)
class Amount:
    """One amount as read: the exact integer and how far to trust it."""

    value: int
    approximate: bool
    precision: int
    word_built: bool
    flags: tuple[str, ...]
    text: str
    probable: int | None = None  # what was probably meant, where the literal reading is doubtful
    probable_basis: str | None = None  # why

    def is_sum_of(self, parts: Sequence[Amount]) -> bool:
        """Whether ``parts`` add up to this amount, to the precision all are written with
        ("Rp656,1 miliar ... dan Rp319,8 miliar" of Rp975.977.308.550: each to Rp100 juta;
        "Rp300 juta ..., Rp877,7 juta ..., Rp15,7 juta" of Rp1,19 miliar, itself to Rp10
        juta)."""
        slack = sum(p.precision for p in parts) // 2 + self.precision // 2
        return abs(sum(p.value for p in parts) - self.value) <= slack

    def restates(self, value: int) -> bool:
        """Whether this amount gives ``value`` again, rounded or cut to its own last digit
        ("Rp6,8 M" for 6.831.757.241, "Rp1,84 miliar" for 1.849.269.126)."""
        step = max(self.precision, 1)
        return self.value in (value // step * step, (value + step // 2) // step * step)


_SCALE_HEDGED = re.compile(r"\b(triliun|trilyun|miliar|milyar|juta|ribu)an\b")


def dotted(n: int) -> str:
    """A whole number as Indonesians write it: 13.825.543.000."""
    return f"{n:,}".replace(",", ".")


def rupiah(n: int) -> str:
    """Whole rupiah as Indonesians write them: Rp13.825.543.000, -Rp5.000."""
    return f"{'-' if n < 0 else ''}Rp{dotted(abs(n))}"


def parse_amount(text: str) -> Amount:
    """Read one rupiah amount; raise `AmountParseError` when it cannot be read safely."""
    if text is None or not str(text).strip():
        raise AmountParseError("empty amount")
    original = str(text)
    s = original.strip().lower()
    for space in ("\u00a0", "\u202f", "\u2009"):  # no-break, narrow no-break, thin
        s = s.replace(space, " ")

    negative = False
    if s.startswith("(") and s.endswith(")"):
        negative, s = True, s[1:-1].strip()
    s = _CURRENCY.sub(" ", s)
    s = re.sub(r"\s+", " ", s).strip()
    if s.startswith(("-", "minus ")):
        negative = True
        s = s.removeprefix("minus ").lstrip("- ").strip()
    s = _CURRENCY.sub(" ", s).strip()

    approximate = bool(_HEDGES.search(s))
    s = _HEDGES.sub(" ", s)
    # "30-an miliar", "ratusan juta": a hedge welded onto the number.
    if re.search(r"\d-an\b", s):
        approximate = True
        s = re.sub(r"(\d)-an\b", r"\1", s)
    # "Rp2,5 miliaran", "Rp500 jutaan": the hedge welded onto the scale word.
    if _SCALE_HEDGED.search(s):
        approximate = True
        s = _SCALE_HEDGED.sub(r"\1", s)
    s = _RUPIAH_WORD.sub(" ", s)
    s = re.sub(r",[-\u2013\u2014]$|,[-\u2013\u2014]\s", " ", s)  # ",-" (or a dash for it)
    s = re.sub(r"\s+", " ", s).strip(" .")
    if not s:
        raise AmountParseError(f"no number in {original!r}")
    if _SPACE_GROUPED.fullmatch(s):
        s = s.replace(" ", "")

    flags: list[str] = []
    tail: tuple[int, int] | None
    if scientific := _SCIENTIFIC.fullmatch(s):
        total, precision = _read_scientific(scientific, original)
        word_built, tail = False, None
    elif _WORD_TOKEN.search(s):
        total, precision, tail = _read_words(s, original)
        word_built = True
    else:
        total, precision, word_built, tail = _read_digit_groups(s, original, flags)
    if total >= BIGINT_LIMIT:
        raise AmountParseError(
            f"{original!r} is {len(str(total))} digits long, more than any amount a register "
            "holds (a warehouse amount stops at 19 digits)"
        )
    probable = basis = None
    if word_built and total % 100 != 0:
        flags.append("word-amount-not-round")
        probable, basis = _probable_reading(total, tail)
    sign = -1 if negative else 1
    return Amount(
        value=sign * total,
        approximate=approximate,
        precision=precision,
        word_built=word_built,
        flags=tuple(flags),
        text=original,
        probable=None if probable is None else sign * probable,
        probable_basis=basis,
    )


_SCALE_WORD = {exp: word for word, exp in SCALES.items()}


def _probable_reading(total: int, tail: tuple[int, int] | None) -> tuple[int | None, str | None]:
    """What a word-built amount ending in a bare group probably meant.

    ``tail`` is (bare group, exponent of the scale word before it). "13 miliar 825 juta 543
    rupiah" ends in 543 right after "juta", with the thousands left empty: written out in
    full the figure would say "543 ribu", and grants are round to the hundred, so the writer
    most likely dropped "ribu" (13.825.543.000), not meant 543 rupiah (13.825.000.543). Only
    a bare group of one to three digits after juta or above is read so: after "ribu" there
    is no empty slot to move it to.
    """
    if tail is None:
        return None, None
    bare, exp = tail
    if not 0 < bare < 1000 or exp < 6:
        return None, None
    probable = total - bare + bare * 10 ** (exp - 3)
    figure = dotted(probable)
    basis = (
        f"{bare} follows '{_SCALE_WORD[exp]}' with no scale word and the "
        f"{_SCALE_WORD[exp - 3]} left empty: read as {bare} {_SCALE_WORD[exp - 3]}, the "
        f"figure is {figure} and round like every grant"
    )
    return probable, basis


def juta_below_peers(amounts: list[Amount], factor: int = 200) -> list[bool]:
    """Which amounts are written in juta yet sit ``factor`` times or more below the median
    of the other amounts in the same document: "juta" probably written for "miliar"
    ("KPU Rp 34 juta" beside "Bawaslu Rp 13,8 miliar")."""
    positive = sorted(a.value for a in amounts if a.value > 0)  # sorted once, not per amount
    out = []
    for amount in amounts:
        in_juta = bool(re.search(r"\b(?:juta|jt)\b", amount.text, re.I)) and not re.search(
            r"miliar|milyar|triliun", amount.text, re.I
        )
        if not in_juta or amount.value <= 0 or len(positive) - 1 < 2:
            out.append(False)
            continue
        # the median of the others: the positive values without this one
        mid = (len(positive) - 1) // 2
        at = bisect.bisect_left(positive, amount.value)
        median = positive[mid + 1] if at <= mid else positive[mid]
        out.append(median >= factor * amount.value)
    return out


def _read_digit_groups(
    s: str, original: str, flags: list[str]
) -> tuple[int, int, bool, tuple[int, int] | None]:
    """Digits, each group optionally followed by a scale word: "13 miliar 825 juta 543".
    Returns the total, its precision, whether it had several groups, and, when it ends in a
    bare group after a scaled one, (that group, the exponent of the scale before it)."""
    groups = _split_groups(s, original)
    total = 0
    last_exp: int | None = None
    precision = 1
    tail = None
    for number, scale in groups:
        if scale is None:
            value, precision_here = _read_full_number(number, original)
            exp = 0
        else:
            exp = SCALES[scale]
            value, precision_here, flag = _read_scaled_number(number, exp, original)
            if flag:
                flags.append(flag)
        if last_exp is not None and exp >= last_exp:
            raise AmountParseError(f"scale words out of order in {original!r}")
        if scale is None and last_exp is not None:
            tail = (value, last_exp)
        last_exp = exp
        total += value
        precision = precision_here
    return total, precision, len(groups) > 1, tail


def _read_words(s: str, original: str) -> tuple[int, int, tuple[int, int] | None]:
    """Spelled-out numbers, digits allowed in place of words: "tiga puluh empat miliar",
    "seratus dua puluh delapan miliar dua puluh sembilan juta", "13 miliar lima ratus juta".
    Returns the total, its precision and the bare tail as `_read_digit_groups` does.
    One loop over the words (long for that reason): what a word adds depends on the group,
    the scale and the precision of the words before it.
    """
    tokens = re.findall(r"\d+|[a-z]+", s.replace("-", " "))
    total, group, current = 0, 0, 0
    last_exp: int | None = None
    precision = 1
    fraction: str | None = None  # digits after "koma", spoken one by one
    for token in tokens:
        if fraction is not None:
            if token in _DIGIT_WORDS:
                fraction += str(_DIGIT_WORDS[token])
                continue
            if token.isdigit():
                fraction += token
                continue
        scale = _scale_of(token) if token not in _UNIT_WORDS else None
        if token.isdigit():
            current += int(token)
        elif token in _UNIT_WORDS:
            current += _UNIT_WORDS[token]
        elif token == "belas":
            group, current = group + current + 10, 0
        elif token == "puluh":
            group, current = group + current * 10, 0
        elif token == "ratus":
            group, current = group + current * 100, 0
        elif token == "seratus":
            group, current = group + 100, 0
        elif token == "koma":
            fraction = ""
        elif token.startswith("se") and (scale := _scale_of(token[2:])):
            # seribu, sejuta, semiliar: one of that scale
            exp = SCALES[scale]
            total, group, current, last_exp = _close_group(
                total, group + 1, 0, exp, last_exp, original
            )
            precision = 10**exp
        elif scale is not None:
            exp = SCALES[scale]
            whole = group + current
            if fraction is not None:
                if len(fraction) > exp:
                    raise AmountParseError(
                        f"more decimals than the scale word allows in {original!r}"
                    )
                value = int(str(whole) + fraction.ljust(exp, "0")) if fraction else whole * 10**exp
                if last_exp is not None and exp >= last_exp:
                    raise AmountParseError(f"scale words out of order in {original!r}")
                total, group, current, last_exp = total + value, 0, 0, exp
                precision = 10 ** (exp - len(fraction))
                fraction = None
                continue
            total, group, current, last_exp = _close_group(total, whole, 0, exp, last_exp, original)
            precision = 10**exp
        else:
            raise AmountParseError(f"unknown word {token!r} in {original!r}")
    if fraction is not None:
        raise AmountParseError(f"decimals without a scale word in {original!r}")
    rest = group + current
    tail = None
    if rest:
        if last_exp is not None and rest >= 1000:
            raise AmountParseError(f"cannot read {original!r}")
        if last_exp is not None:
            tail = (rest, last_exp)
        total += rest
        precision = 1
    if total == 0 and "nol" not in tokens:
        raise AmountParseError(f"no number in {original!r}")
    return total, precision, tail


def _close_group(
    total: int, whole: int, current: int, exp: int, last_exp: int | None, original: str
) -> tuple[int, int, int, int]:
    if whole == 0:
        raise AmountParseError(f"scale word without a number in {original!r}")
    if last_exp is not None and exp >= last_exp:
        raise AmountParseError(f"scale words out of order in {original!r}")
    return total + whole * 10**exp, 0, current, exp


def _split_groups(s: str, original: str) -> list[tuple[str, str | None]]:
    """Split "13 miliar 825 juta 543" into (number, scale word) pairs."""
    groups: list[tuple[str, str | None]] = []
    pos = 0
    while pos < len(s):
        if s[pos] == " ":
            pos += 1
            continue
        m = _GROUP.match(s, pos)
        if not m:
            raise AmountParseError(f"cannot read {original!r} (at {s[pos:]!r})")
        number = re.sub(r"\s+", "", m.group("number")).rstrip(".,")
        word = m.group("scale")
        scale = None
        if word is not None:
            scale = _scale_of(word)
            if scale is None:
                raise AmountParseError(f"unknown word {word!r} in {original!r}")
        groups.append((number, scale))
        pos = m.end()
    if not groups:
        raise AmountParseError(f"no number in {original!r}")
    return groups


def _scale_of(word: str) -> str | None:
    for pattern, scale in _SCALE_PATTERNS:
        if pattern.match(word):
            return scale
    return None


def _read_scientific(match: re.Match[str], original: str) -> tuple[int, int]:
    """A number in scientific notation (`_SCIENTIFIC`), known to the unit of the last digit
    of its mantissa: 3,40957E+11 is 340.957.000.000, known to the million, as "Rp 340,957
    miliar" would be."""
    whole, decimals, exp = match[1], match[2] or "", int(match[3])
    if len(decimals) > exp:
        raise AmountParseError(f"fraction of a rupiah in {original!r}")
    return int(whole + decimals.ljust(exp, "0")), 10 ** (exp - len(decimals))


def _read_full_number(number: str, original: str) -> tuple[int, int]:
    """Digits without a scale word: every separator is thousands, except cents at the end."""
    integer, fraction = _split_decimal(number, scaled=False)
    if not integer.isdigit():
        raise AmountParseError(f"cannot read number {number!r} in {original!r}")
    if fraction and int(fraction) != 0:
        raise AmountParseError(f"fraction of a rupiah in {original!r}")
    return int(integer), 1


def _read_scaled_number(number: str, exp: int, original: str) -> tuple[int, int, str | None]:
    """Digits before a scale word: one separator is a decimal point ("51,345 miliar").
    Returns the value, its precision and a flag of how it was read, if one is due."""
    dot_thousands = bool(re.fullmatch(r"\d{1,3}\.\d{3}", number))
    integer, fraction = _split_decimal(number, scaled=True)
    if not integer.isdigit() or (fraction and not fraction.isdigit()):
        raise AmountParseError(f"cannot read number {number!r} in {original!r}")
    if _FULL_RUPIAH.fullmatch(number) and int(integer) * 10**exp >= SCALE_RESTATED_AT:
        # "Rp387.092.681.878 miliar", "Rp154.837.072.751,2 miliar": the rupiah in full,
        # then the scale word again; read as that many rupiah (sen rounded), flagged
        return int(integer) + (fraction[:1] >= "5"), 1, "scale-word-restated"
    if len(fraction) > exp:
        raise AmountParseError(f"more decimals than the scale word allows in {original!r}")
    value = int(integer + fraction.ljust(exp, "0")) if exp else int(integer)
    precision = 10 ** (exp - len(fraction))
    return value, precision, "dot-thousands-before-scale" if dot_thousands else None


# An amount in full rupiah, grouped by thousands at least twice, with sen after a comma:
# before a scale word that would make it this large, the word restates the unit (no grant
# comes near a thousand triliun).
_FULL_RUPIAH = re.compile(r"\d{1,3}(?:\.\d{3}){2,}(?:,\d{1,2})?")
SCALE_RESTATED_AT = 10**15


def _split_decimal(number: str, *, scaled: bool) -> tuple[str, str]:
    """Tell thousands separators from the decimal separator.

    With both "." and ",", the one that comes last is the decimal separator. With one kind
    used once: before a scale word it is a decimal point ("7,6 miliar", "3.50 miliar");
    without one, it is a decimal only when followed by one or two digits ("1.000,00" has
    both; "5.971.710.000" and "2,073,953,000" are thousands).
    """
    dots, commas = number.count("."), number.count(",")
    if dots and commas:
        decimal_sep = "," if number.rfind(",") > number.rfind(".") else "."
        thousands_sep = "." if decimal_sep == "," else ","
        integer, _, fraction = number.rpartition(decimal_sep)
        if number.count(decimal_sep) > 1:
            return "x", ""
        return integer.replace(thousands_sep, ""), fraction
    sep = "." if dots else "," if commas else ""
    if not sep:
        return number, ""
    parts = number.split(sep)
    if len(parts) > 2:
        if all(len(p) == 3 for p in parts[1:]):
            return "".join(parts), ""
        return "x", ""
    head, tail = parts
    if scaled or len(tail) != 3:
        return head, tail
    return head + tail, ""
