"""Amounts and sentences in running text: where a figure is, and the sentence it stands in."""

from __future__ import annotations

import re

from hibah.parse.amounts import MILIAR_SPELLING, NUMBER_WORD

# Bounded: a figure has at most 19 digits in a row and a few groups; unbounded repeats made
# a run of "1.1.1.1…" cost time quadratic in its length (66 s for 30 KB).
_NUM = r"\d{1,19}(?:[.,]\s?\d{1,3}){0,8}"


# "-an" hedges the scale word: "Rp2,5 miliaran", "Rp500 jutaan" (about that much)
# (the milliard spelt in any way hibah.parse.amounts reads)
_WORD_SCALE = rf"(?:triliun|trilyun|{MILIAR_SPELLING}|juta|ribu)(?:an)?"
_ABBR_SCALE = r"(?:M|T|jt|rb)"
_SPELLED = (
    rf"(?:(?:{NUMBER_WORD}|seribu|koma|triliun|miliar|milyar|juta|ribu)\s+)+"
    r"(?:triliun|miliar|milyar|juta|ribu|rupiah)"
)
_HEDGE_BEFORE = r"(?:(?:sekitar|sekira|kurang\s+lebih|lebih\s+dari|hampir|kisaran)\s+)?"
_AMOUNT = re.compile(
    _HEDGE_BEFORE
    + r"(?:"
    # Rp with digits, optional scale chain: "Rp 13.825.543.000,00", "Rp 51,345 miliar", "Rp6,4 M"
    + r"(?:(?:Rp|IDR)\.?\s*){1,2}"  # "Rp Rp.185.000.000": the symbol typed twice
    + _NUM
    + r"(?:\s*(?:"
    + _WORD_SCALE
    + "|"
    + _ABBR_SCALE
    + r")\b(?:\s+"
    + _NUM
    + r"\s*"
    + _WORD_SCALE
    + r"\b)*(?:\s+"
    + _NUM
    + r"(?=\s+rupiah))?)?"
    # digits with a scale word, no Rp: "34 miliar rupiah", "13 miliar 825 juta 543 rupiah";
    # never starting inside a run of digits
    + r"|(?<![\d.,])"
    + _NUM
    + r"\s*"
    + _WORD_SCALE
    + r"\b(?:\s+"
    + _NUM
    + r"\s*"
    + _WORD_SCALE
    + r"\b)*"
    + r"(?:\s+"
    + _NUM
    + r"(?=\s+rupiah))?"
    # spelled out: "tiga puluh empat miliar rupiah"
    + r"|\b"
    + _SPELLED
    + r"\b"
    + r")(?:\s+rupiah)?(?:,-)?(?:\s+lebih\b)?",
    re.IGNORECASE,
)
MAX_SENTENCE = 2_000  # characters; no sentence a person writes is longer
# The mark a line of a list starts with: a bullet or a number ("-", "•", "4.", "2)")
BULLET_MARK = r"(?:[-*\u2022\u00b7]|\d{1,2}[.)])"
_BREAK = re.compile(r"(?<=[.!?])[\"”']?\s+(?=[A-Z\"“(])|\n\s*\n")
# A line of a list that gives a figure to what it names, bulleted, numbered or neither:
# "KPU Banyuasin: Rp38,19 miliar", "4. Kodim 1013 Muara Teweh: Rp4.400.000.000". Each is a
# sentence of its own, the line after the last one too.
_LIST_LINE = re.compile(
    rf"^[ \t]*(?:{BULLET_MARK}[ \t]*)?[A-Z][^\n:]{{0,60}}:[ \t]*(?:Rp|IDR|\d)"
    r"[^\n]*",
    re.M,
)


def sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans: a full stop, ! or ? followed by space and a capital, a blank line, or a
    line break before or after a line of a list that names something and gives it a figure
    (`_LIST_LINE`).
    Decimal points, "Rp.", abbreviations such as "Pj." or "S.I.Kom" and initials ("M. Iskak")
    do not end one.
    A span longer than `MAX_SENTENCE` is cut at a space: each figure is read with the words
    around it, so the work per figure stays bounded whatever the text."""
    breaks = [(m.start(), m.end()) for m in _BREAK.finditer(text)]
    # the line breaks before and after each line of a list
    for m in _LIST_LINE.finditer(text):
        breaks += [(i, i + 1) for i in (m.start() - 1, m.end()) if text[i : i + 1] == "\n"]
    spans, start = [], 0
    for b_start, b_end in sorted(set(breaks)):
        if b_start < start:
            continue  # within a break taken already ("\n\n" and its line's own)
        before = text[max(start, b_start - 6) : b_start]
        if re.search(r"\b(?:Rp|Pj|Pjs|Plt|No|Kab|Prov|Dr|Drs|Ir|H|Hj|St|Jl|dkk)\.$", before):
            continue
        if re.search(r"\b[A-HJ-UWYZ]\.$", before):  # an initial ("M. Iskak"), not "tahap I."
            continue
        if re.fullmatch(r"[ \t]*\d{1,2}\.", text[text.rfind("\n", 0, b_start) + 1 : b_start]):
            continue  # the number of a list's line: "1. KPU Barito Utara: Rp15.184.460.550"
        spans.append((start, b_start))
        start = b_end
    spans.append((start, len(text)))
    out = []
    for a, b in spans:
        while b - a > MAX_SENTENCE:
            cut = text.rfind(" ", a + MAX_SENTENCE // 2, a + MAX_SENTENCE)
            cut = cut if cut > a else a + MAX_SENTENCE
            out.append((a, cut))
            a = cut
        out.append((a, b))
    return [(a, b) for a, b in out if text[a:b].strip()]


def _is_money(text: str) -> bool:
    t = text.lower()
    return bool(re.search(r"\b(?:rp|idr)|" + _WORD_SCALE, t))


# A line that links to another item, as news pages print them between paragraphs ("Baca
# juga: KPU Sumba Barat baru terima Rp3 miliar", "BACA JUGA:Puluhan Masjid ... Rp 1,5
# Miliar"): its figures are that item's headline, not this text's. A heading alone
# ("BERITA TERKAIT", "Baca juga:") links the list of bullets under it, or the one short line
# after it that does not end as a sentence does.
_LINK_HEAD = (
    r"^[ \t>*\u2022\u00b7-]*(?:(?:baca|simak|lihat)\s+(?:juga|pula)\b|baca\s*:|"
    r"(?:berita|artikel)\s+(?:terkait|lainnya)\b)"
)
_LINK_LINE = re.compile(_LINK_HEAD + r"[^\n]*", re.IGNORECASE | re.MULTILINE)
_BARE_HEAD = re.compile(_LINK_HEAD + r"[\s:]*$", re.IGNORECASE)
_BULLET = re.compile(rf"^\s*{BULLET_MARK}\s+\S")
_HEADLINE_MAX = 150
# The same link run into a paragraph, after a sentence ("... Kamis. Baca juga: Pemkab Lebak
# Gelontorkan Anggaran Hibah Rp 70 Miliar untuk Pilkada 2024. Menurut ..."): up to the end
# of its headline, the first full stop that ends a sentence (not one between digits).
_INLINE_LINK = re.compile(
    r"(?<=[.!?\"\u201d])[ \t]+(?P<link>(?:baca|simak|lihat)\s+(?:juga|pula)\s*:[^\n]*?"
    r"(?:\.(?=\s|$)|(?=\n)|$))",
    re.IGNORECASE,
)


def link_lines(text: str) -> list[tuple[int, int]]:
    """The spans of the lines of ``text`` that link to other items (`_LINK_LINE`), of what
    a bare heading links (`_BARE_HEAD`), and of links run into a paragraph (`_INLINE_LINK`)."""
    spans = [m.span("link") for m in _INLINE_LINK.finditer(text)]
    for m in _LINK_LINE.finditer(text):
        spans.append(m.span())
        if not _BARE_HEAD.match(m.group(0)):
            continue
        pos, first = m.end(), True
        while pos < len(text):
            end = text.find("\n", pos + 1)
            end = len(text) if end < 0 else end
            line = text[pos:end].strip("\n")
            start = end - len(line)
            if not line.strip():
                pos = end
                continue
            if _BULLET.match(line):
                spans.append((start, end))
            elif (
                first
                and len(line) <= _HEADLINE_MAX
                and not line.rstrip().endswith((".", "!", "?", '"', "\u201d"))
            ):
                spans.append((start, end))
                break
            else:
                break
            pos, first = end, False
    return spans


def without_links(text: str) -> str:
    """``text`` with its link lines blanked (spaces, same length: offsets hold)."""
    chars = list(text)
    for start, end in link_lines(text):
        chars[start:end] = " " * (end - start)
    return "".join(chars)
