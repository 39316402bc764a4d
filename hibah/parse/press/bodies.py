"""Which body a figure goes to: the bodies and units a text names, and the rules that tie a
figure to one of them."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from hibah.parse.amounts import AmountParseError, parse_amount
from hibah.parse.press.text import _AMOUNT, BULLET_MARK, _is_money
from hibah.parse.vocabulary import BODIES, body_pattern

# Names as written (proper nouns: case counts, "kip" is not KIP); Bawaslu in any case, and
# the police by the common noun too ("untuk kepolisian Rp1 miliar dan TNI Rp500 juta").
# ("Polisi" alone: "8 miliar untuk Polisi (Polres)"; the military police is the army's)
_COMMON_NOUNS = {"Polri": r"|\bkepolisian\b|\b[Pp]olisi\b(?!\s+[Mm]iliter)"}
_BODY_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (
        body,
        re.compile(
            body_pattern(body) + _COMMON_NOUNS.get(body, ""), re.I if body == "Bawaslu" else 0
        ),
    )
    for body in BODIES
]


# What a figure is for, said in place of the body: "Rp 43 miliar untuk penyelenggaraan,
# Rp 9,5 miliar untuk pengawasan" (the election body, the supervisory body). Security
# ("pengamanan") is shared by Polri and TNI: no one body.
_FOR_FUNCTION = re.compile(
    r"^\s*(?:,\s*)?(?:untuk|bagi)\s+(?:(?:biaya|dana|anggaran|kegiatan)\s+)?"
    r"(?P<function>penyelenggaraan|pengawasan|pengamanan|keamanan)\b",
    re.I,
)
_BODY_OF_FUNCTION = {
    "penyelenggaraan": "KPU",
    "pengawasan": "Bawaslu",
    "pengamanan": None,  # the police and the army together: no one body's
    "keamanan": None,
}
# The same, named as the figure's own item of a list: "KPU Rp22,3 miliar, Bawaslu Rp7,5
# miliar, dan keamanan Rp2,8 miliar" (not the body of the figure before it), with a few
# words of where or by whom that name no body: "dan pengamanan di tiga polres serta dua
# kodim Rp1,83 miliar"
_FUNCTION_BEFORE = re.compile(
    rf"(?:^|[,;]|\b(?:dan|serta))\s*(?:{BULLET_MARK}\s*)?(?:(?:biaya|dana|anggaran|kegiatan)\s+)?"
    r"(?P<function>pengawasan|pengamanan|keamanan)\b(?:\s+(?:di|oleh|untuk|bagi)\s[^,;:.\d]{0,50}?)?"
    r"\s*(?:sebesar|senilai|sebanyak)?\s*$",
    re.I,
)
# The figure just told, given to a body at the start of the next sentence: "Dana sebesar
# itu untuk KPU", "Anggaran tersebut diperuntukkan bagi Bawaslu"
_GIVEN_NEXT = re.compile(
    r"\s*(?:Dana|Anggaran|Hibah|Nilai)\s+(?:(?:sebesar|senilai)\s+)?(?:itu|tersebut|ini)\s+"
    r"(?:(?:diberikan|diperuntukkan|dialokasikan)\s+)?(?:untuk|bagi|kepada)\s+"
)
# a second body after the first ("untuk KPU dan Bawaslu", "... KPU, Polres"): their total
_AND = re.compile(r"\s*(?:,|dan|serta|&)\s*")
# ... nor one that gives the body a figure of its own: "Dana itu dialokasikan untuk KPU
# sebesar Rp22,3 miliar, Bawaslu ..." breaks the figure before down
_OWN_FIGURE = re.compile(r"[^,.;:]*\d")
# Words that point back to the body last named: "lembaganya memperoleh", "penyelenggara".
_ANAPHORA = re.compile(r"\b(?:lembaganya|pihaknya|penyelenggara)\b", re.I)
_UNIT_TAIL = re.compile(
    r"\s*(?:(?:Provinsi|Kabupaten|Kota|Kab\.)\s+)?(?:[IVXL]+/|\d{3,4}/)?"
    r"[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*){0,3}"
)
_RIGHT_ATTACH = re.compile(
    # "Rp 26 miliar hibah untuk KPU": the money named again before its recipient
    r"^\s*(?:(?:hibah|dana|anggaran)\s+)?"
    r"(?:(?:diberikan|diserahkan|dialokasikan|disalurkan|dihibahkan|ditransfer)\s+)?"
    r"(?:untuk|bagi|kepada|ke)\s+(?:para\s+)?",
    re.I,
)


@dataclass(frozen=True)
class BodyMention:
    body: str
    start: int
    end: int
    text: str


def find_bodies(text: str) -> list[BodyMention]:
    """Every mention of a body or unit, in order; "TNI-Polri" is two mentions."""
    found = []
    for body, pattern in _BODY_PATTERNS:
        for m in pattern.finditer(text):
            tail = _UNIT_TAIL.match(text, m.end())
            end = tail.end() if tail and body in ("Polri", "TNI") else m.end()
            found.append(BodyMention(body, m.start(), end, text[m.start() : end]))
    return sorted(found, key=lambda b: b.start)


def _within(bodies: list[BodyMention], start: int, end: int) -> list[BodyMention]:
    """The mentions (in text order) that begin in [start, end), found by bisection: a text
    of many sentences costs no more per sentence than a short one."""
    lo = bisect.bisect_left(bodies, start, key=lambda b: b.start)
    hi = bisect.bisect_left(bodies, end, key=lambda b: b.start)
    return bodies[lo:hi]


def _names_body(bodies: list[BodyMention], start: int, end: int) -> bool:
    return any(start <= b.start < end for b in bodies)


@dataclass(frozen=True)
class Figure:
    """A figure in its sentence: where it stands, the text since the figure before it, and
    the text up to the next."""

    start: int
    end: int
    before: str
    after: str


@dataclass
class SentenceBodies:
    """What the figures of one sentence share as their bodies are found, in order: the text's
    bodies, those of this sentence, the ones already given a figure, a pair still to be
    given theirs ("X dan Y masing-masing A dan B"), and the records read before."""

    text: str
    start: int
    end: int
    bodies: list[BodyMention]  # every body the text names
    doc_body: str | None  # the only body the text names, if it names one
    earlier: list  # the text's records before this sentence (PressRecord)
    previous_start: int | None = None  # where the sentence before this one starts
    out: list = field(default_factory=list)  # this sentence's records so far
    consumed: set[int] = field(default_factory=set)
    pending: list[BodyMention] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.in_sentence = _within(self.bodies, self.start, self.end)

    @property
    def previous(self) -> list:
        return self.out or self.earlier


def _body_for(f: Figure, s: SentenceBodies) -> tuple[str | None, str | None, str]:
    """The body of figure ``f``, the unit as written, and how it was found (see BASIS_WORDS
    in ingest/press.py): the first of these rules that applies."""
    # 1. "Rp 23 miliar bagi Polda Kalimantan Selatan": the body named right after.
    attach = _RIGHT_ATTACH.match(f.after)
    if attach:
        target = f.end + attach.end()
        for b in s.in_sentence:
            if b.start == target:
                s.consumed.add(b.start)
                return b.body, b.text, "right"
    # 2. Pairs: "Polres Bontang dan Kodim 0908/Bontang masing-masing Rp 1 miliar dan Rp 600 juta"
    if s.pending:
        b = s.pending.pop(0)
        return b.body, b.text, "pair"
    left = [
        b
        for b in s.in_sentence
        if f.start - len(f.before) <= b.start < f.start and b.start not in s.consumed
    ]
    if left and re.search(r"masing-masing\s*(?:sebesar\s*)?$", f.before, re.I) and len(left) > 1:
        s.pending.extend(left[1:])
        return left[0].body, left[0].text, "pair"
    # 3. The body named last before the amount in its clause.
    if left:
        b = left[-1]
        return b.body, b.text, "left"
    # 3b. No body before it: "Rp 9,5 miliar untuk pengawasan", the body of that function.
    #     Or the function named as the figure's own item of a list: "..., dan keamanan Rp2,8 M".
    function = _FOR_FUNCTION.match(f.after) or _FUNCTION_BEFORE.search(f.before)
    if function:
        body = _BODY_OF_FUNCTION[function.group("function").lower()]
        return body, None, "function" if body else ""
    # 3c. The sentence's last figure, whose body the next sentence gives it: "... disetujui
    #     sebesar Rp 88 Miliar. Dana sebesar itu untuk KPU, sedangkan ..." (one body only)
    if f.end + len(f.after) >= s.end:
        given = _GIVEN_NEXT.match(s.text, s.end)
        named = _within(s.bodies, given.end(), given.end() + 1) if given else []
        if named and not _OWN_FIGURE.match(s.text, named[0].end):
            gap = _AND.match(s.text, named[0].end)
            if not (gap and _within(s.bodies, gap.end(), gap.end() + 1)):
                return named[0].body, named[0].text, "next sentence"
    # 4. A clause with no body continues the figure before it in the same sentence
    #    ("Rp 7,045 miliar dari anggaran Rp 14,033 miliar").
    if s.previous and s.previous[-1].sentence_start == s.start:
        return s.previous[-1].body, s.previous[-1].recipient_unit, "carried"
    # 5. "lembaganya", "pihaknya": the body last named; "penyelenggara": the election body.
    anaphora = list(_ANAPHORA.finditer(s.text, s.start, f.start))
    if anaphora:
        word = anaphora[-1]
        allowed = ("KPU", "Bawaslu") if word.group(0).lower() == "penyelenggara" else None
        earlier = [
            b for b in s.bodies if b.start < word.start() and (allowed is None or b.body in allowed)
        ]
        if earlier:
            b = earlier[-1]
            return b.body, b.text, "anaphora"
        if allowed:
            # "memberi hibah kepada penyelenggara Pilkada, yang berkisar Rp 90 miliar": the
            # election bodies, none named: not the security body named before them
            return None, None, ""
    # 6. A sentence naming no body before the figure, after one naming one body only:
    #    its subject goes on, whatever figure came before ("KPU Karanganyar akan
    #    mengembalikan sisa hibah ... . Dari hibah sebesar Rp35 miliar, masih tersisa
    #    Rp3,5 miliar ..., kata Ketua KPU").
    if s.previous_start is not None and not [b for b in s.in_sentence if b.start < f.start]:
        named = _within(s.bodies, s.previous_start, s.start)
        if len({b.body for b in named}) == 1:
            return named[-1].body, named[-1].text, "previous sentence"
    # 6b. Else a sentence naming no body continues the figure before it (tranches of one
    #     grant), when that figure's sentence gave figures to one kind of body: after
    #     "kebutuhan KPU Rp38 miliar, Bawaslu Rp9,9 miliar, dan ..." a figure of no body
    #     named ("Anggaran sementara dari Pemkab Serang Rp11,5 miliar") may be any of
    #     theirs, or all of theirs.
    if s.previous and not [b for b in s.in_sentence if b.start < f.start]:
        last = s.previous[-1]
        kinds = {r.body for r in s.previous if r.sentence_start == last.sentence_start}
        if f.start - last.end < 400 and len(kinds) == 1:
            return last.body, last.recipient_unit, "carried"
    # 6c. A sentence naming no body whose figures, two or more, add up to an earlier figure
    #     of one body only, to the precision all are written with: its parts ("Alokasi
    #     untuk KPU Rp50,5 miliar ... Alokasi hibah dibebankan pada dua tahun anggaran, yaitu
    #     perubahan APBD 2023 Rp1,8 miliar dan APBD 2024 Rp48,7 miliar").
    whose = _whose_parts(s)
    if whose is not None:
        return whose.body, whose.recipient_unit, "sum"
    # 7. A document about one body only.
    if s.doc_body:
        return s.doc_body, None, "document"
    return None, None, ""


def _whose_parts(s: SentenceBodies):
    """The one earlier record whose amount the figures of a sentence that names no body add
    up to (see rule 6c of `_body_for`), or None."""
    if s.in_sentence:
        return None
    parts = []
    for m in _AMOUNT.finditer(s.text, s.start, s.end):
        if _is_money(m.group(0)):
            try:
                parts.append(parse_amount(m.group(0)))
            except AmountParseError:
                return None
    if len(parts) < 2:
        return None
    wholes = [r for r in s.earlier if r.amount.is_sum_of(parts)]
    return wholes[-1] if len({r.body for r in wholes}) == 1 else None


def _document_body(bodies: list[BodyMention]) -> str | None:
    kinds = {b.body for b in bodies}
    return kinds.pop() if len(kinds) == 1 else None
