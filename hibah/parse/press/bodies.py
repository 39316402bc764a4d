"""Which body a figure goes to: the bodies and units a text names, and the rules that tie a
figure to one of them."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from hibah.parse.vocabulary import BODIES, body_pattern

# Names as written (proper nouns: case counts, "kip" is not KIP); Bawaslu in any case.
_BODY_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (body, re.compile(body_pattern(body), re.I if body == "Bawaslu" else 0)) for body in BODIES
]


# What a figure is for, said in place of the body: "Rp 43 miliar untuk penyelenggaraan,
# Rp 9,5 miliar untuk pengawasan" (the election body, the supervisory body). Security
# ("pengamanan") is shared by Polri and TNI: no one body.
_FOR_FUNCTION = re.compile(
    r"^\s*(?:,\s*)?(?:untuk|bagi)\s+(?:(?:biaya|dana|anggaran|kegiatan)\s+)?"
    r"(?P<function>penyelenggaraan|pengawasan|pengamanan)\b",
    re.I,
)
_BODY_OF_FUNCTION = {"penyelenggaraan": "KPU", "pengawasan": "Bawaslu", "pengamanan": None}
# Words that point back to the body last named: "lembaganya memperoleh", "penyelenggara".
_ANAPHORA = re.compile(r"\b(?:lembaganya|pihaknya|penyelenggara)\b", re.I)
_UNIT_TAIL = re.compile(
    r"\s*(?:(?:Provinsi|Kabupaten|Kota|Kab\.)\s+)?(?:[IVXL]+/|\d{3,4}/)?"
    r"[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*){0,3}"
)
_RIGHT_ATTACH = re.compile(
    r"^\s*(?:(?:diberikan|diserahkan|dialokasikan|disalurkan|dihibahkan|ditransfer)\s+)?"
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


def _body_for(
    text,
    a_start,
    a_end,
    before,
    after,
    bodies,
    in_sentence,
    consumed,
    pending,
    previous,
    s_start,
    doc_body,
) -> tuple[str | None, str | None, str]:
    # 1. "Rp 23 miliar bagi Polda Kalimantan Selatan": the body named right after.
    attach = _RIGHT_ATTACH.match(after)
    if attach:
        target = a_end + attach.end()
        for b in in_sentence:
            if b.start == target:
                consumed.add(b.start)
                return b.body, b.text, "right"
    # 2. Pairs: "Polres Bontang dan Kodim 0908/Bontang masing-masing Rp 1 miliar dan Rp 600 juta"
    if pending:
        b = pending.pop(0)
        return b.body, b.text, "pair"
    left = [
        b
        for b in in_sentence
        if a_start - len(before) <= b.start < a_start and b.start not in consumed
    ]
    if left and re.search(r"masing-masing\s*(?:sebesar\s*)?$", before, re.I) and len(left) > 1:
        pending.extend(left[1:])
        return left[0].body, left[0].text, "pair"
    # 3. The body named last before the amount in its clause.
    if left:
        b = left[-1]
        return b.body, b.text, "left"
    # 3b. No body before it: "Rp 9,5 miliar untuk pengawasan", the body of that function.
    function = _FOR_FUNCTION.match(after)
    if function:
        body = _BODY_OF_FUNCTION[function.group("function").lower()]
        return body, None, "function" if body else ""
    # 4. A clause with no body continues the figure before it in the same sentence
    #    ("Rp 7,045 miliar dari anggaran Rp 14,033 miliar").
    if previous and previous[-1].sentence_start == s_start:
        return previous[-1].body, previous[-1].recipient_unit, "carried"
    # 5. "lembaganya", "pihaknya": the body last named; "penyelenggara": the election body.
    anaphora = list(_ANAPHORA.finditer(text, s_start, a_start))
    if anaphora:
        word = anaphora[-1]
        allowed = ("KPU", "Bawaslu") if word.group(0).lower() == "penyelenggara" else None
        earlier = [
            b for b in bodies if b.start < word.start() and (allowed is None or b.body in allowed)
        ]
        if earlier:
            b = earlier[-1]
            return b.body, b.text, "anaphora"
    # 6. A sentence naming no body continues the figure before it (tranches of one grant).
    if previous and not [b for b in in_sentence if b.start < a_start]:
        last = previous[-1]
        if a_start - last.end < 400:
            return last.body, last.recipient_unit, "carried"
    # 7. A document about one body only.
    if doc_body:
        return doc_body, None, "document"
    return None, None, ""


def _document_body(bodies: list[BodyMention]) -> str | None:
    kinds = {b.body for b in bodies}
    return kinds.pop() if len(kinds) == 1 else None
