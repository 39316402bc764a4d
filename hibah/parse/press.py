"""Grant figures in prose: press releases and news items → allocation records.

Reads the way a careful auditor does. For every rupiah amount in a text it decides whether it
is a grant to one body (KPU incl. KIP, Bawaslu incl. Panwaslih, Polri units, TNI units), and
if so which body, which stage, which granting region and which date, keeping the sentence
and the character span it came from. Figures that are not grants to one body are left out,
with the reason kept for review: previous elections' grants, totals split between bodies,
spending, cost estimates, increases and decreases, ranges, campaign funds, national totals.

The rules are plain and ordered; each decision is named in the record's ``basis`` so a
reviewer can see why a figure was read the way it was.
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import re
from dataclasses import dataclass, field

from hibah.parse.amounts import Amount, AmountParseError, juta_below_peers, parse_amount
from hibah.parse.dates import find_dates
from hibah.parse.regions import Gazetteer, RegionMatch
from hibah.parse.vocabulary import BODIES, body_pattern

# --- amounts in running text -------------------------------------------------------------
# Bounded: a figure has at most 19 digits in a row and a few groups; unbounded repeats made
# a run of "1.1.1.1…" cost time quadratic in its length (66 s for 30 KB).
_NUM = r"\d{1,19}(?:[.,]\s?\d{1,3}){0,8}"
# "-an" hedges the scale word: "Rp2,5 miliaran", "Rp500 jutaan" (about that much)
_WORD_SCALE = r"(?:triliun|trilyun|miliar|milyar|milar|miluar|juta|ribu)(?:an)?"
_ABBR_SCALE = r"(?:M|T|jt|rb)"
_SPELLED = (
    r"(?:(?:nol|satu|dua|tiga|empat|lima|enam|tujuh|delapan|sembilan|sepuluh|sebelas|belas|"
    r"puluh|ratus|seratus|seribu|koma|triliun|miliar|milyar|juta|ribu)\s+)+"
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

# --- bodies ---------------------------------------------------------------------------------
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

# --- what a figure is not -------------------------------------------------------------------
_PREVIOUS = re.compile(
    r"\b(?:(?:pilkada|pemilihan|periode|anggaran|usulan|hibah)\s+(?:\w+\s+){0,2}sebelumnya|"
    r"(?:pilkada|pemilu|pilgub|pilbup|pilwalkot)(?:\s+serentak)?\s+20(?:1\d|20)|dibanding)\b",
    re.I,
)
_SENTENCE_EXCLUDE = re.compile(
    r"\b(?:digabung|dana kampanye|sumbangan|LPSDK|LADK|R?APBN|Kementerian Keuangan|Kemenkeu|"
    r"(?:dana\s+)?cadangan)\b",  # reserve funds are saved towards a grant, not granted
    re.I,
)
# A text that names no regional grant (no hibah, NPHD or APBD) but the national budget or
# pay rates: its figures are the central budget's or per person, never a region's grant.
_GRANT_WORD = re.compile(r"\b(?:hibah|NPHD|APBD\w*)\b", re.I)
_NOT_A_GRANT_TEXT = re.compile(
    r"\b(?:R?APBN|Kementerian Keuangan|Kemenkeu|honor\w*|upah|gaji)\b", re.I
)
# A year of an earlier election in the clause before a figure: "pada 2020 KPU hanya
# memperoleh Rp26,5 miliar"; not when the clause goes on to now ("... menjadi Rp40 M").
_PAST_YEAR_CLAUSE = re.compile(
    r"\b(?:pada|tahun|TA\.?)\s+20(?:0\d|1\d|20)\b(?P<rest>[^;:]*)$", re.I
)
_NOW = re.compile(r"\b(?:menjadi|kini|sekarang|tahun ini|2024)\b", re.I)
# The earliest document about the 2024 grants: reserve funds were planned from 2022.
FIRST_YEAR = 2022
_BEFORE_EXCLUDE = re.compile(
    r"(?:\btotalnya\b|\bseluruhnya\b|\bgabungan\b|\bnaik dari\b|\bdari rencana\b|\bturun\b|"
    r"\bkenaikan\b|\bselisih\b|\bdiperkirakan\b|"
    r"\bmenelan\b|\bantara\s*$|\bhingga\s*$|\bsampai\s*$|\bper orang\b)",
    re.I,
)
_AFTER_EXCLUDE = re.compile(
    r"^\s*(?:,\s*)?(?:untuk\s+(?:KPPS|TPS|honor|operasional)|hingga\b|sampai\b)", re.I
)
# Spent, said right after the figure: "Rp15,26 miliar terpakai", "Rp75 miliar lebih telah
# terealisasi" (of a grant already named). Before the next figure with nothing between,
# the word is that figure's: "hibah Rp9,6 miliar terpakai Rp8,3 miliar".
_SPENT_AFTER = re.compile(
    r"^\s*(?:lebih\s+)?(?:,\s*)?(?:yang\s+)?(?:(?:telah|sudah|baru)\s+)?"
    r"(?:terpakai|terserap|terealisasi|dibelanjakan|digunakan)\b(?P<rest>.*)",
    re.I | re.S,
)
_SPLIT_TOTAL = re.compile(
    r"^\s*,?\s*(?:yang\s+)?(?:dibagi(?:\s+dua)?|yakni|yaitu|terdiri(?:\s+(?:dari|atas))?|"
    r"meliputi|masing-masing)"
    r"\s*:?\s*(?:(?:sebesar|untuk|bagi|kepada)\s+)?"
    r"(?:Rp|\b(?:KPU|KIP|Bawaslu|Polri|Polda|Polres|TNI|Kodim|Korem|Kodam)\b)",
    re.I,
)
_TOTAL_WORD = re.compile(
    r"\b(?:total|keduanya|ketiganya|keempatnya|"
    r"(?:kedua|ketiga|keempat)\s+(?:lembaga|instansi|institusi|penyelenggara|satuan))\b",
    re.I,
)
_LIST_JOIN = re.compile(r"\s*(?:,|,?\s*(?:dan|serta))\s*", re.I)
_CLAUSE_BREAK = re.compile(r"[;:]|\b(?:sedangkan|sementara|berbeda|adapun|milik)\b", re.I)
# "Rp 49,2 miliar ..., masing-masing sebesar Rp 37,2 miliar untuk KPU dan ...": parts follow
_PARTS_FOLLOW = re.compile(r"\bmasing-masing\s*(?:sebesar\s*|senilai\s*)?$", re.I)
_BREAKDOWN_OPEN = re.compile(r"\bdari\s+(?:total|jumlah)\s*$", re.I)
_AGGREGATE = re.compile(r"\b(?:kumulatif|se-[A-Z]\w+|se-provinsi|seluruh kabupaten)", re.I)
_RIGHT_ATTACH = re.compile(
    r"^\s*(?:(?:diberikan|diserahkan|dialokasikan|disalurkan|dihibahkan|ditransfer)\s+)?"
    r"(?:untuk|bagi|kepada|ke)\s+(?:para\s+)?",
    re.I,
)

# --- stages ----------------------------------------------------------------------------------
_STAGE_CUES: list[tuple[str, re.Pattern[str]]] = [
    ("returned", re.compile(r"\b(?:dikembalikan|menyetor(?:kan)? (?:balik|sisa)|menyetorkan|"
                            r"(?:di)?setor(?:an|kan)? (?:balik|kembali)|pengembalian|sisa hibah|"
                            r"(?:ditransfer|dikirim|diserahkan) (?:balik|kembali)|tersisa|"
                            r"menyisakan|SiLPA|silva)\b", re.I)),
    # (tahun ini, tahun lalu, tahun depan: read as years by the text's date, see _stage)
    ("tranche_1", re.compile(r"\b(?:(?:tahap|pencairan|termin) (?:pertama|awal|I|1)|"
                             r"40 persen(?:nya)?|tahun lalu|pada 2023|"
                             r"APBD(?:-P| Perubahan)? 2023|P-APBD 2023|"
                             r"(?:Tahun Anggaran|TA\.?) 2023)\b|\b40\s?%|\(2023\)", re.I)),
    ("tranche_2", re.compile(r"\b(?:(?:tahap|pencairan|termin) (?:kedua|II|2)|"
                             r"60 persen(?:nya)?|sisanya|tahun ini|tahun depan|pada 2024|"
                             r"menyusul|(?:Tahun Anggaran|TA\.?) 2024)\b|\b60\s?%|\(2024\)",
                             re.I)),
    ("realized", re.compile(r"\b(?:terpakai|terserap|dibelanjakan|membelanjakan|"
                            r"realisasi (?:belanja|penggunaan))\b", re.I)),
    ("disbursed", re.compile(r"\b(?:dicairkan|disalurkan|menyalurkan|tersalur|cair|"
                             r"direalisasikan|terealisasi|realisasi|ditransfer|diserahkan)\b",
                             re.I)),
    ("budget", re.compile(r"\b(?:usulan|mengusulkan|diusulkan|mengajukan|diajukan|pengajuan|"
                          r"meminta|permohonan|dianggarkan|menganggarkan|"
                          r"menyiapkan|disiapkan|dirasionalisasi|diakomodasi|"
                          r"rencana)\b", re.I)),
    ("nphd", re.compile(r"\b(?:NPHD|perjanjian hibah|diteken|ditandatangani|menandatangani|"
                        r"meneken|disepakati|pagu|ditetapkan)\b", re.I)),
]  # fmt: skip

_STAGE_PATTERN = dict(_STAGE_CUES)
# "Rp34,5 miliar yang cair dua tahap", "12,775 miliar yang juga dicairkan bertahap": a figure
# paid in instalments is the whole grant, not one payment.
_IN_INSTALMENTS = re.compile(
    r"\b(?:cair|dicairkan|disalurkan|ditransfer|diberikan)\s+(?:secara\s+)?"
    r"(?:bertahap|(?:dalam\s+)?(?:dua|tiga|2|3)\s+(?:tahap|termin))\b",
    re.I,
)
# A stage word just before the next figure is that figure's: "Rp12,2 miliar dengan tahap
# pertama Rp5,7 miliar".
_CUE_OF_NEXT = re.compile(r"(?:tahap|pencairan|termin)\s+\w+\s*(?:sebesar|senilai)?\s*$", re.I)
_RELATIVE_YEAR = {"tahun lalu": -1, "tahun ini": 0, "tahun depan": 1}
_CLAUSE_SPLIT = re.compile(r"[,;:]|\s(?:dan|sedangkan|sementara|serta|adapun)\s")
_APPOSITION = re.compile(r"^\s*(?:lebih\s*)?,\s*(?:yakni|yaitu|atau)\s", re.I)
_AGREEMENT = re.compile(
    r"\b(?:NPHD|naskah perjanjian|perjanjian hibah|diteken|ditandatangani|menandatangani|"
    r"meneken|penandatanganan)\b",
    re.I,
)
_FULLY_PAID = re.compile(
    r"\b(?:terealisasi|tersalur(?:kan)?|disalurkan|dicairkan|cair)\s+(?:\w+\s+)?"
    r"(?:100\s*(?:persen|%)|penuh|seluruhnya|sepenuhnya)",
    re.I,
)
_PLAN = re.compile(r"\b(?:berita acara|dipatok|kebutuhan|rancangan)\b", re.I)

# "40 persen dari (nilai NPHD / pagu / alokasi / kebutuhan total) Rp...": the figure is the
# whole agreed amount the share is taken of.
_SHARE_OF = re.compile(
    r"\bpersen\s+(?:\w+\s+){0,3}?dari\s+(?:[\w-]+\s+){0,4}?"
    r"(?:sebesar\s+|sebanyak\s+|senilai\s+)?$",
    re.I,
)

_REGION_MENTION = re.compile(
    r"\b(?P<kind>Pemkab|Pemkot|Pemprov|Pemerintah (?:Kabupaten|Kota|Provinsi)|Kabupaten|Kab\.|"
    r"Kota|Provinsi|Bupati|Wali ?kota|Gubernur|Pilgub|Pilbup|Pilwalkot)\s+"
    r"(?P<name>[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*){0,3})"
)
_BODY_PLACE = re.compile(
    r"\b(?:KPUD?|KIP|Bawaslu|Panwaslih)\s+(?:(?P<level>Provinsi|Kabupaten|Kota)\s+)?"
    r"(?P<name>[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*){0,3})"
)
_LEVEL_OF_KIND = {
    "pemkab": "kabupaten", "pemerintah kabupaten": "kabupaten", "kabupaten": "kabupaten",
    "kab.": "kabupaten", "bupati": "kabupaten", "pilbup": "kabupaten",
    "pemkot": "kota", "pemerintah kota": "kota", "kota": "kota", "walikota": "kota",
    "wali kota": "kota", "pilwalkot": "kota",
    "pemprov": "provinsi", "pemerintah provinsi": "provinsi", "provinsi": "provinsi",
    "gubernur": "provinsi", "pilgub": "provinsi",
}  # fmt: skip
_DATELINE = re.compile(
    r"^[\s#*_]*(?P<name>[A-Z][A-Za-z]+(?: [A-Z][A-Za-z]+){0,2})\s*(?:\(|[,\u2013-])"
)


@dataclass(frozen=True)
class BodyMention:
    body: str
    start: int
    end: int
    text: str


@dataclass
class PressRecord:
    """One grant figure read from prose, with where and why."""

    body: str
    amount: Amount
    stage: str
    region: RegionMatch
    as_of: dt.date | None
    start: int  # character span of the amount in the text
    end: int
    sentence: str
    sentence_start: int
    recipient_unit: str | None
    flags: list[str] = field(default_factory=list)
    basis: str = ""  # how the body was found: left, right, anaphora, carried, document
    stage_cued: bool = True  # False: no word of its own or of the figure before said the stage


@dataclass(frozen=True)
class Skipped:
    """An amount read but not taken as a grant, and why."""

    text: str
    start: int
    reason: str


MAX_SENTENCE = 2_000  # characters; no sentence a person writes is longer


def sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans: a full stop, ! or ? followed by space and a capital, or a blank line.
    Decimal points, "Rp." and abbreviations such as "Pj." or "S.I.Kom" do not end one.
    A span longer than `MAX_SENTENCE` is cut at a space: each figure is read with the words
    around it, so the work per figure stays bounded whatever the text."""
    spans, start = [], 0
    for m in re.finditer(r"(?<=[.!?])[\"”']?\s+(?=[A-Z\"“(])|\n\s*\n", text):
        before = text[max(start, m.start() - 6) : m.start()]
        if re.search(r"\b(?:Rp|Pj|Pjs|Plt|No|Kab|Prov|Dr|Drs|Ir|H|Hj|St|Jl|dkk)\.$", before):
            continue
        spans.append((start, m.start()))
        start = m.end()
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


def find_bodies(text: str) -> list[BodyMention]:
    """Every mention of a body or unit, in order; "TNI-Polri" is two mentions."""
    found = []
    for body, pattern in _BODY_PATTERNS:
        for m in pattern.finditer(text):
            tail = _UNIT_TAIL.match(text, m.end())
            end = tail.end() if tail and body in ("Polri", "TNI") else m.end()
            found.append(BodyMention(body, m.start(), end, text[m.start() : end]))
    return sorted(found, key=lambda b: b.start)


def extract(
    text: str,
    gazetteer: Gazetteer,
    published: dt.date | None = None,
    skipped: list[Skipped] | None = None,
) -> list[PressRecord]:
    """Grant records in ``text``. ``published`` dates the document (and years "(20/3)").

    Pass a list as ``skipped`` to learn which amounts were left out and why.
    """
    skipped = skipped if skipped is not None else []
    dates = find_dates(text, published)
    doc_date = next((d.date for d in dates), published)
    why_none = _why_no_grants(text, published or doc_date)
    if why_none:
        skipped.extend(Skipped(m.group(0), m.start(), why_none) for m in _AMOUNT.finditer(text))
        return []
    bodies = find_bodies(text)
    doc_body = _document_body(bodies)
    doc_region = _document_region(text, gazetteer)
    date_flags = ["weekday-mismatch"] if dates and dates[0].weekday_ok is False else []

    records: list[PressRecord] = []
    for s_start, s_end in sentences(text):
        sentence = text[s_start:s_end]
        if _SENTENCE_EXCLUDE.search(sentence):
            skipped.extend(
                Skipped(
                    m.group(0),
                    s_start + m.start(),
                    "combined, campaign, reserve-fund or national figure",
                )
                for m in _AMOUNT.finditer(sentence)
            )
            continue
        records.extend(
            _sentence_records(
                text, s_start, s_end, bodies, doc_body, doc_region, doc_date,
                gazetteer, records, skipped,
            )
        )  # fmt: skip
    records = _drop_sums_of_following_parts(records, skipped)
    _stages_by_document(text, records)
    for record, suspect in zip(records, juta_below_peers([r.amount for r in records]), strict=True):
        record.flags.extend(date_flags)
        if suspect:
            record.flags.append("juta-below-peers")
    return records


def _within(bodies: list[BodyMention], start: int, end: int) -> list[BodyMention]:
    """The mentions (in text order) that begin in [start, end), found by bisection: a text
    of many sentences costs no more per sentence than a short one."""
    lo = bisect.bisect_left(bodies, start, key=lambda b: b.start)
    hi = bisect.bisect_left(bodies, end, key=lambda b: b.start)
    return bodies[lo:hi]


def _sentence_records(
    text, s_start, s_end, bodies, doc_body, doc_region, doc_date, gazetteer, records, skipped
) -> list[PressRecord]:
    sentence = text[s_start:s_end]
    mentions = [m for m in _AMOUNT.finditer(sentence) if _is_money(m.group(0))]
    in_sentence = _within(bodies, s_start, s_end)
    consumed: set[int] = set()
    out: list[PressRecord] = []
    pending: list[BodyMention] = []  # "X dan Y masing-masing A dan B"
    previous_seen = False
    breakdown = False
    total_stage: str | None = None  # of the last total over bodies: its parts follow it
    year = doc_date.year if doc_date else None
    seg_start = s_start
    for i, m in enumerate(mentions):
        a_start, a_end = s_start + m.start(), s_start + m.end()
        before = text[seg_start:a_start]
        after_end = s_start + mentions[i + 1].start() if i + 1 < len(mentions) else s_end
        after = text[a_end:after_end]
        seg_start = a_end
        try:
            amount = parse_amount(m.group(0))
        except AmountParseError as exc:
            skipped.append(Skipped(m.group(0), a_start, f"unreadable: {exc}"))
            continue
        reason = None
        cues = list(_PREVIOUS.finditer(before))
        cue = cues[-1] if cues else None
        # A previous election or comparison covers the figures after it, until a body is
        # named again: "... sisa anggaran pilkada sebelumnya, yang dicairkan ke KPU Rp45 M".
        since = a_start - len(before) + cue.end() if cue is not None else a_start - len(before)
        named_since = any(since <= b.start < a_start for b in in_sentence)
        if cue is not None:
            previous_seen = not named_since
        elif named_since:
            previous_seen = False
        window = text[a_end : min(s_end, a_end + 80)]
        if breakdown:
            reason = "part of a total already given"
        elif previous_seen:
            reason = "previous election or comparison"
        elif _BEFORE_EXCLUDE.search(before) or _AFTER_EXCLUDE.search(after):
            reason = "total, change, spending, estimate or range"
        elif i > 0 and re.fullmatch(r"\s*dari\s*", before, re.I):
            reason = "the whole a part is taken from, already given"  # "Rp 93 M dari Rp 145 M"
        elif _SPLIT_TOTAL.search(window) and _names_body(bodies, a_end, min(s_end, a_end + 160)):
            # split between bodies; split by year or tranche, the total stays the body's
            reason = "total split between bodies or units"
        elif _past_year_clause(text[s_start:a_start]):
            reason = "previous election or comparison"
        elif (
            _total_over_bodies(before, a_start, in_sentence)
            or (i + 1 < len(mentions) and _parts_follow(after, a_end, in_sentence))
            or (len(mentions) == 1 and _one_figure_for_several(text, a_start, a_end, in_sentence))
        ):
            reason = "total over several bodies"
        if _BREAKDOWN_OPEN.search(before) and re.match(r"^\s*itu\b", after):
            breakdown = True
        if reason in ("total over several bodies", "total split between bodies or units"):
            total_stage = _stage(sentence, before, after, len(mentions), year)
        if reason:
            skipped.append(Skipped(m.group(0), a_start, reason))
            continue

        body, unit, basis = _body_for(
            text, a_start, a_end, before, after, bodies, in_sentence, consumed, pending,
            out or records, s_start, doc_body,
        )  # fmt: skip
        if body is None:
            skipped.append(Skipped(m.group(0), a_start, "no body named"))
            continue
        region = _region_for(text, a_start - len(before), a_start, s_start, s_end,
                             unit, doc_region, gazetteer)  # fmt: skip
        stage = _stage(sentence, before, after, len(mentions), year)
        # a figure without a stage word of its own is at the stage of the one before it in
        # the sentence, within one clause ("KPU Rp21 miliar, Bawaslu Rp7 miliar"), not
        # across a semicolon
        carried = out[-1] if out and ";" not in text[out[-1].end : a_start] else None
        if stage is None and total_stage is not None and not out:
            stage = total_stage  # "Tahap pertama Rp 32,8 miliar, yaitu Rp 24,8 miliar bagi KPU"
        flags = list(amount.flags)
        if _AGGREGATE.search(text[s_start:a_start]):
            flags.append("aggregate-figure")
        out.append(
            PressRecord(
                body=body,
                amount=amount,
                stage=stage or (carried.stage if carried else "nphd"),
                region=region,
                as_of=doc_date,  # the document's first date, else its publication date
                start=a_start,
                end=a_end,
                sentence=sentence.strip(),
                sentence_start=s_start,
                recipient_unit=unit,
                flags=flags,
                basis=basis,
                stage_cued=bool(stage) or bool(carried and carried.stage_cued),
            )
        )
    return out


def _stages_by_document(text: str, records: list[PressRecord]) -> None:
    """Stages for figures that no word near them placed, from the whole text: beside what a
    body spent or returned, its grant is what it received (disbursed); in a text that never
    speaks of a signed agreement but of plans (menyiapkan, usulan, berita acara), a budget;
    in one that says the grants are paid in full, what was paid; otherwise the agreement
    (nphd)."""
    spent_or_returned = {r.body for r in records if r.stage in ("realized", "returned")}
    if _FULLY_PAID.search(text):
        default = "disbursed"
    elif _AGREEMENT.search(text):
        default = "nphd"
    elif _STAGE_PATTERN["budget"].search(text) or _PLAN.search(text):
        default = "budget"
    else:
        default = "nphd"
    for record in records:
        if not record.stage_cued:
            record.stage = "disbursed" if record.body in spent_or_returned else default


def _one_figure_for_several(
    text: str, a_start: int, a_end: int, in_sentence: list[BodyMention]
) -> bool:
    """The one figure of a sentence, in the clause of a list of bodies of two kinds ("A, B
    dan C"), none with a share of its own: "Pemkab, KPU, Bawaslu dan Forkopimda menandatangani
    NPHD sebesar Rp56 miliar", "Rp5,4 miliar ... diterima Kodim 0206/Dairi dan Polres"."""
    ordered = sorted(in_sentence, key=lambda b: b.start)
    for first, second in itertools.pairwise(ordered):
        if first.body == second.body:
            continue
        between = text[first.end : second.start]
        if not _LIST_JOIN.fullmatch(between):
            continue
        lo, hi = min(first.start, a_start), max(second.start, a_end)
        if not _CLAUSE_BREAK.search(text, lo, hi) and "masing-masing" not in text[lo:hi]:
            return True
    return False


def _parts_follow(after: str, a_end: int, in_sentence: list[BodyMention]) -> bool:
    """ "Rp 49,2 miliar dijadwalkan cair Mei, masing-masing sebesar Rp 37,2 miliar untuk
    KPU ...": the figure is the sum of the parts after it, unless a body is named between
    ("Kodim Rp 2 miliar, adapun Polres dan Kodim masing-masing Rp 1 miliar ...")."""
    return bool(_PARTS_FOLLOW.search(after)) and not _names_body(
        in_sentence, a_end, a_end + len(after)
    )


def _names_body(bodies: list[BodyMention], start: int, end: int) -> bool:
    return any(start <= b.start < end for b in bodies)


def _past_year_clause(before_in_sentence: str) -> bool:
    clause = re.split(r"[;:]", before_in_sentence)[-1]
    m = _PAST_YEAR_CLAUSE.search(clause)
    return m is not None and not _NOW.search(m.group("rest"))


def _total_over_bodies(before: str, a_start: int, in_sentence: list[BodyMention]) -> bool:
    """ "dari total kesepakatan Rp52,7 miliar" in a sentence naming several bodies, with no
    body between "total" and the amount ("total untuk KPU Rp35 miliar" is KPU's)."""
    totals = list(_TOTAL_WORD.finditer(before))
    if not totals or len({b.body for b in in_sentence}) < 2:
        return False
    after_total = a_start - len(before) + totals[-1].end()
    return not any(after_total <= b.start < a_start for b in in_sentence)


def _is_money(text: str) -> bool:
    t = text.lower()
    return bool(re.search(r"\b(?:rp|idr)|" + _WORD_SCALE, t))


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
    left = [b for b in in_sentence
            if a_start - len(before) <= b.start < a_start and b.start not in consumed]  # fmt: skip
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
        earlier = [b for b in bodies if b.start < word.start()
                   and (allowed is None or b.body in allowed)]  # fmt: skip
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


def _stage(
    sentence: str, before: str, after: str, figures_in_sentence: int, year: int | None = None
) -> str | None:
    """The stage cue nearest the figure in its own clause (a disbursement that the clause
    places in a tranche is that tranche); the sentence's when it holds this figure alone;
    else None (the caller falls back to the figure before it, then to nphd). ``after`` runs
    to the next figure, if any; ``year`` is the text's, which "tahun ini" means."""
    if year is not None:  # "tahun ini" in a text of 2023 is 2023: the first tranche
        before, after, sentence = (_absolute_years(t, year) for t in (before, after, sentence))
    if _IN_INSTALMENTS.search(after.split(".")[0]):
        return "nphd"
    after = _CUE_OF_NEXT.sub("", after) if figures_in_sentence > 1 else after
    spent = _SPENT_AFTER.match(after)
    if spent:
        if spent.group("rest").strip(" ,") or figures_in_sentence == 1:
            return "realized"
        after = ""  # "Rp9,6 miliar terpakai Rp8,3 miliar": the spending is the next figure's
    pieces = _CLAUSE_SPLIT.split(before)
    if not pieces[-1].strip() and before.rstrip().endswith(","):
        # "sementara sisanya, Rp 22,8 miliar, ...": set off by commas, the figure is the
        # clause's before them
        pieces = [p for p in pieces if p.strip()] or [""]
    before = pieces[-1]
    # ", yakni 40 persen dari ...": what follows the figure in apposition describes it
    after = _CLAUSE_SPLIT.split(_APPOSITION.sub(" ", after, count=1), maxsplit=1)[0]
    if _SHARE_OF.search(before):
        return "nphd"  # "40 persen dari nilai NPHD Rp200 miliar": the whole the share is of
    found = _nearest_cue(before, after)
    if found is None and figures_in_sentence == 1:
        found = _nearest_cue(sentence, "")
    return found


def _absolute_years(text: str, year: int) -> str:
    return re.sub(
        r"\btahun (?:lalu|ini|depan)\b",
        lambda m: f"pada {year + _RELATIVE_YEAR[m.group(0).lower()]}",
        text,
        flags=re.I,
    )


def _nearest_cue(before: str, after: str) -> str | None:
    hits: list[tuple[int, int, str]] = []
    for priority, (stage, cue) in enumerate(_STAGE_CUES):
        hits += [(len(before) - m.end(), priority, stage) for m in cue.finditer(before)]
        hits += [(m.start(), priority, stage) for m in cue.finditer(after)]
    if not hits:
        return None
    stage = min(hits)[2]
    if stage == "disbursed":
        tranches = sorted(h for h in hits if h[2] in ("tranche_1", "tranche_2"))
        if tranches:
            return tranches[0][2]
    return stage


def _document_body(bodies: list[BodyMention]) -> str | None:
    kinds = {b.body for b in bodies}
    return kinds.pop() if len(kinds) == 1 else None


def _why_no_grants(text: str, dated: dt.date | None) -> str | None:
    """Why no figure of ``text`` can be a grant for the 2024 elections, if none can."""
    if _only_past_elections(text) or (dated is not None and dated.year < FIRST_YEAR):
        return "past election"
    if not _GRANT_WORD.search(text) and _NOT_A_GRANT_TEXT.search(text):
        return "national budget or pay rates, no regional grant named"
    return None


def _only_past_elections(text: str) -> bool:
    years = set(
        re.findall(r"\b(?:pilkada|pemilihan|pilgub|pemilu)[^.]{0,20}?\b(20\d\d)\b", text, re.I)
    )
    return bool(years) and not years & {"2024", "2025"}


def _match_name(name: str, level: str | None, gazetteer: Gazetteer) -> RegionMatch | None:
    words = name.split()
    for n in range(len(words), 0, -1):
        found = gazetteer.match(" ".join(words[:n]), level=level)
        if found.code:
            return found
    return None


def _region_mentions(text: str, gazetteer: Gazetteer) -> list[tuple[int, RegionMatch]]:
    out = []
    for m in _REGION_MENTION.finditer(text):
        level = _LEVEL_OF_KIND.get(m.group("kind").lower())
        found = _match_name(m.group("name"), level, gazetteer)
        if found:
            out.append((m.start(), found))
    for m in _BODY_PLACE.finditer(text):
        level = m.group("level").lower() if m.group("level") else None
        found = _match_name(m.group("name"), level, gazetteer)
        if found:
            out.append((m.start(), found))
    return sorted(out, key=lambda x: x[0])


def _document_region(text: str, gazetteer: Gazetteer) -> RegionMatch:
    mentions = _region_mentions(text, gazetteer)
    if mentions:
        return mentions[0][1]
    dateline = _DATELINE.match(text)
    if dateline:
        found = _match_name(dateline.group("name"), None, gazetteer)
        if found:
            return found
    return RegionMatch(None, None, "none", 0.0)


def _region_for(text, seg_start, a_start, s_start, s_end, unit, doc_region, gazetteer):
    # A region named in the figure's own clause ("Kabupaten Aceh Selatan sebanyak Rp36,4
    # miliar", "dana sharing dari Pemprov Jawa Barat"), else the election body's own region
    # ("KPU Lombok Tengah"), else the sentence's, else the document's. Police and military
    # units are named after their area, not after the grantor (Polres Bontang, Kukar's grant).
    clause = [r for pos, r in _region_mentions(text[seg_start:a_start], gazetteer)]
    if clause:
        return clause[-1]
    if unit and not re.match(r"(?:Pol|TNI|Kod|Kor|Lan|Sub)", unit):
        found = [r for _, r in _region_mentions(unit, gazetteer)]
        if found:
            return found[-1]
    if re.search(r"\bdari provinsi\b", text[s_start:a_start], re.I):
        provinces = [r for _, r in _region_mentions(text[s_start:s_end], gazetteer)
                     if r.code and "." not in r.code]  # fmt: skip
        if provinces:
            return provinces[0]
    sentence = [r for _, r in _region_mentions(text[s_start:a_start], gazetteer)]
    if sentence:
        return sentence[-1]
    if doc_region.code is None and unit:
        # Nothing names the grantor: the unit's area is the best guess, and says so.
        place = re.sub(r"^\S+\s+(?:[IVXL]+/|\d{3,4}/)?", "", unit)
        found = _match_name(place, None, gazetteer) if place else None
        if found:
            return RegionMatch(found.code, found.name, "unit-area", 0.6)
    return doc_region


def _drop_sums_of_following_parts(
    records: list[PressRecord], skipped: list[Skipped]
) -> list[PressRecord]:
    """Drop a figure that the next two or more figures of the same body add up to exactly:
    it is the total of the units that follow ("senilai Rp 6,143 miliar. Polres Banjar
    memperoleh Rp 5,492 miliar, sedangkan Polres Banjarbaru Rp 651 juta")."""
    keep = []
    for i, r in enumerate(records):
        parts, total = 0, 0
        for nxt in records[i + 1 :]:
            if nxt.body != r.body or nxt.stage != r.stage:
                break
            total += nxt.amount.value
            parts += 1
            if total >= r.amount.value:
                break
        if parts >= 2 and total == r.amount.value:
            skipped.append(Skipped(r.amount.text, r.start, "total of the units that follow"))
            continue
        keep.append(r)
    return keep
