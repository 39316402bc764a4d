"""What a figure is not: figures of other elections, of the national budget or of pay rates,
totals over or split between bodies, changes, estimates and ranges."""

from __future__ import annotations

import datetime as dt
import itertools
import re

from hibah.parse.amounts import NUMBER_WORD, Amount, AmountParseError, parse_amount
from hibah.parse.press.bodies import _RIGHT_ATTACH, BodyMention, _names_body
from hibah.parse.press.records import PressRecord, Skipped
from hibah.parse.press.text import _ABBR_SCALE, _AMOUNT, _WORD_SCALE, _is_money
from hibah.parse.regions import Gazetteer
from hibah.parse.vocabulary import BODIES, body_pattern

_PREVIOUS = re.compile(
    r"\b(?:(?:pilkada|pemilihan|periode|anggaran|usulan|hibah)\s+(?:\w+\s+){0,2}sebelumnya|"
    r"(?:pilkada|pemilu|pilgub|pilbup|pilwalkot)(?:\s+serentak)?\s+20(?:1\d|20)|dibanding|"
    # "lebih besar dari Rp 37 miliar lewat APBD 2020": what the figure is compared with
    r"lebih\s+(?:besar|kecil|tinggi|rendah|banyak|sedikit)\s+(?:dari|daripada))\b",
    re.I,
)


_ISLANDS = r"(?:Sumatera|Sumatra|Jawa|Kalimantan|Sulawesi|Maluku|Papua|Bali|Nusa Tenggara)"
_SENTENCE_EXCLUDE = re.compile(
    r"\b(?:digabung|dana kampanye|sumbangan|LPSDK|LADK|R?APBN|Kementerian Keuangan|Kemenkeu|"
    r"secara nasional|(?:di\s+)?(?:seluruh\s+)?Tanah Air|seluruh Indonesia|se-Indonesia|"
    r"(?:dana\s+)?cadangan|"  # reserve funds are saved towards a grant, not granted
    # a grouping of islands, not a region: "wilayah Kalimantan, Sulawesi dan Maluku"
    r"(?:wilayah|kawasan|regional)\s+(?:Indonesia\s+(?:Timur|Barat|Tengah)|"
    + _ISLANDS
    + r"(?:\s*(?:,|dan|serta)\s*"
    + _ISLANDS
    + r")+))\b",
    re.I,
)
# A text that names no regional grant (no hibah, NPHD or APBD) but the national budget or
# pay rates: its figures are the central budget's or per person, never a region's grant.
# (a regional government giving the money is one too: "Pemkab Berau mengalokasikan Rp55,9
# miliar untuk penyelenggaraan Pilkada 2024 ... bagi KPU dan Bawaslu")
_GRANT_WORD = re.compile(
    r"\b(?:hibah|NPHD|APB[DK]\w*|Pem(?:kab|kot|prov|da)|"
    r"pemerintah\s+(?:kabupaten|kota|provinsi|daerah))\b",
    re.I,
)
_NOT_A_GRANT_TEXT = re.compile(
    r"\b(?:R?APBN|Kementerian Keuangan|Kemenkeu|honor\w*|upah|gaji)\b", re.I
)
# The central budget: a grant named in its sentence is named as what the money is not
# ("dananya bersumber dari APBN, berbeda dengan daerah lain yang membiayai pilkada dengan
# dana hibah pemerintah daerah masing-masing").
_CENTRAL_BUDGET = re.compile(r"\b(?:R?APBN|Kementerian Keuangan|Kemenkeu)\b", re.I)
# A year of an earlier election in the clause before a figure: "pada 2020 KPU hanya
# memperoleh Rp26,5 miliar", "Pada pilkada 2019 silam KPU mendapat Rp 31 miliar"; not when
# the clause goes on to now ("... menjadi Rp40 M").
_PAST_YEAR_CLAUSE = re.compile(
    r"\b(?:pada|tahun|TA\.?)\s+(?:(?:pilkada|pemilu|pemilihan|pilgub|pilbup|pilwalkot)"
    r"(?:\s+serentak)?\s+)?20(?:0\d|1\d|20)\b(?P<rest>[^;:]*)$",
    re.I,
)
_NOW = re.compile(r"\b(?:menjadi|kini|sekarang|tahun ini|2024)\b", re.I)
# The earliest document about the 2024 grants: reserve funds were planned from 2022.
FIRST_YEAR = 2022
_CHANGE_NOUN = r"\b(?:penambahan|tambahan|kenaikan|penurunan|pengurangan|pemangkasan|penghematan)"
_CHANGE_BEFORE = re.compile(
    _CHANGE_NOUN + r"(?:\s+(?:\w+\s+){0,2}?)?\s*(?:sebesar\s*|senilai\s*)?$", re.I
)
_BEFORE_EXCLUDE = re.compile(
    r"(?:\bgabungan\b|\bnaik dari\b|\bdari rencana(?:\s+\w+){0,2}\s*$|"
    r"\bturun\b(?!\s+(?:lagi\s+|kembali\s+)?menjadi)|"  # "turun (lagi) menjadi Rp73 M": a value
    r"\bkenaikan\b|\bselisih\b|\b(?:diperkirakan|perkiraan)\b|"
    # the interest the grant's account earned: "sisa Rp6,5 miliar, dan jasa giro Rp294 juta"
    r"\b(?:jasa\s+giro|bunga\s+(?:bank|deposito|rekening))\s*(?:sebesar\s*|senilai\s*)?$|"
    # a shortfall is money not granted: "masih ada kekurangan sebesar Rp 14 miliar lebih",
    # "sehingga ada defisit sekitar Rp216 miliar"
    r"\b(?:kekurangan(?:nya)?|defisit)\s*(?:sekitar\s*|hanya\s*)?(?:sebesar\s*|senilai\s*)?$|"
    r"\bmenelan\b|\bantara\s*$|\bhingga\s*$|\bsampai\s*$|\bper orang\b|"
    r"\bpaling(?:\s+\w+)?\s*$|"  # a bound: "paling banyak Rp", "paling sejuta dua juta"
    # a change: "naik sekitar Rp2,5 M", "dipangkas Rp 9 miliar", "KPU menghemat Rp1,19 miliar"
    r"\b(?:naik|bertambah|berkurang|membengkak|dipangkas|dipotong|(?:meng|di)hemat)"
    r"\s*(?:sebesar\s*|senilai\s*)?$|"
    # "Ada penambahan anggaran Rp 3 miliar untuk KPU", "Ada penghematan Rp 6,019 miliar"
    + _CHANGE_NOUN
    + r"(?:\s+(?:\w+\s+){0,2}?)?\s*(?:sebesar\s*|senilai\s*)?$)",
    re.I,
)
# (a range's upper end follows "hingga"; a story goes on after "hingga akhirnya")
# a rate, not a grant: "Rp 1,9 juta per TPS", "Rp9.618,00 per suara sah"; a part for pay
# or running costs ("Rp 5 miliar untuk honor KPPS"), not when other kinds of item follow in
# its list: "Rp 68 miliar untuk honor badan ad hoc (PPK, PPS, KPPS), ATK dan logistik" is
# the whole (the list looked for within 80 characters: it bounds the work)
_AFTER_EXCLUDE = re.compile(
    r"^\s*(?:,\s*)?(?:untuk\s+(?:KPPS|TPS|honor|operasional)"
    r"(?![^.;]{0,80}?(?:,|\bdan\b|\bserta\b)\s*(?:ATK|alat\s+tulis|logistik|sosialisasi)\b)|"
    r"(?:per|/)\s*(?:TPS|orang|suara|pemilih|jiwa|petugas|anggota|desa|kelurahan|kecamatan|"
    r"bulan|hari)\b|"
    r"(?:hingga|sampai)\b(?!\s+(?:akhirnya|kemudian)\b))",
    re.I,
)
_SPLIT_TOTAL = re.compile(
    r"^\s*,?\s*(?:(?:yang|ini|itu)\s+)?(?:dibagi(?:\s+dua)?|yakni|yaitu|"
    r"terdiri(?:\s+(?:dari|atas))?|meliputi|masing-masing)"
    r"\s*:?\s*(?:(?:sebesar|untuk|bagi|kepada|ke)\s+)?"
    r"(?:Rp|" + "|".join(body_pattern(b) for b in BODIES) + ")",
    re.I,
)
# "totalnya Rp40 miliar": a sum, unless said of one body ("KPU Pesbar totalnya Rp18 M")
_TOTAL_OF = re.compile(r"\b(?:totalnya|seluruhnya|jumlahnya)\b", re.I)
_TOTAL_WORD = re.compile(
    r"\b(?:total|keduanya|ketiganya|keempatnya|"
    r"(?:kedua|ketiga|keempat)\s+(?:lembaga|instansi|institusi|penyelenggara|satuan))\b",
    re.I,
)
# "Rp40 miliar lebih untuk penyelenggaraan dan pengamanan Pilkada": for several bodies
_FUNCTION = r"(?:penyelenggaraan|pengawasan|pengamanan)"
_FOR_FUNCTIONS = re.compile(
    r"^\s*(?:lebih\s+)?(?:,\s*)?(?:untuk|bagi)\s+(?:(?:biaya|dana|anggaran|kegiatan)\s+)?"
    + _FUNCTION
    + r"\s*(?:,|dan|serta)\s*"
    + _FUNCTION,
    re.I,
)
# "Rp96,3 miliar sisanya disalurkan ke 13 KPU kabupaten dan kota": for the bodies of many
# regions, not one region's grant
_FOR_REGIONS = re.compile(
    r"^\s*(?:[\w,]+\s+){0,3}?(?:untuk|ke|bagi|kepada)\s+(?:\d+\s+)?"
    r"(?:KPU|KIP|Bawaslu|Panwaslih|Polres|Kodim)\s+(?:se-?)?(?:kabupaten|kab\.?)\s*(?:/|dan)\s*kota\b",
    re.I,
)
# A balance the body still holds, or spends again, is not money returned: "Di KPU masih ada
# Silpa Rp8,3 miliar dan di Bawaslu Rp2,4 miliar" (each figure after the words in their
# sentence), "masih tersisa Rp 9,6 miliar yang kemudian dipakai lagi".
_HELD_BEFORE = re.compile(r"\bmasih\s+ada\s+(?:sisa|silpa)\b", re.I)
_USED_AGAIN = re.compile(
    r"^\s*,?\s*(?:yang\s+(?:kemudian\s+)?(?:di)?(?:pakai|gunakan)\s+(?:lagi|kembali)|"
    # "tersisa mencapai Rp2,5 miliar, tetapi sebagian masih dipakai untuk pleno"
    r"(?:tetapi|tapi|namun)\s+(?:sebagian\s+)?masih\s+(?:di)?(?:pakai|gunakan))\b",
    re.I,
)
# A number of regions in the figure's clause before it: "Total anggaran yang diajukan 11
# kabupaten ... tembus Rp600 miliar" is theirs together (not one: "satu kabupaten").
_COUNT = rf"(?!(?:satu|nol)\s)(?:[2-9]|[1-9]\d{{1,2}}|(?:{NUMBER_WORD})(?:\s+(?:{NUMBER_WORD}))*)"
_REGION_NOUN = r"(?:kabupaten(?:\s*/\s*kota)?|kota|daerah|provinsi)\b"
_REGIONS_COUNTED = re.compile(
    rf"\b{_COUNT}\s+{_REGION_NOUN}|"
    # the regencies and cities together: "anggaran yang tersisa di tingkat kabupaten/kota
    # hanya Rp35,8 miliar"
    r"\btingkat\s+kabupaten\s*/\s*kota\b",
    re.I,
)
# ... or names them after it: "kebutuhan anggaran PSU Rp486,3 miliar, untuk 24 daerah"
_FOR_REGIONS_COUNTED = re.compile(
    rf"^\s*(?:lebih\s+)?,?\s*(?:untuk|bagi|di|ke)\s+{_COUNT}\s+{_REGION_NOUN}", re.I
)


def _count_of_regions(text: str, s_start: int, a_start: int) -> bool:
    """Whether the figure's clause (since the last comma, semicolon or colon) counts regions
    before it (`_REGIONS_COUNTED`)."""
    breaks = [m.end() for m in re.finditer(r"[,;:]", text[s_start:a_start])]
    clause = s_start + (breaks[-1] if breaks else 0)
    return bool(_REGIONS_COUNTED.search(text, clause, a_start))


# A list of items, in a sentence that names no body: "Belanjanya antara lain peralatan ...
# Rp468 juta, pengadaan mebel Rp400 juta", "Dalam RKB tercatat antara lain Distrik Jila Rp
# 65.000.000": what the money bought or is planned for, item by item.
_ITEMS_BEFORE = re.compile(r"\bantara\s+lain\b", re.I)


RANGE = "a range, not one figure"
_SCALED = re.compile(rf"{_WORD_SCALE}|\b{_ABBR_SCALE}\b", re.I)


def _unscaled_short(amount: str) -> bool:
    """An amount written without a scale and with few digits ("Rp140"), as the lower end of
    a range whose scale comes after the upper end is; not a whole amount in digits."""
    return not _SCALED.search(amount) and len(re.sub(r"\D", "", amount)) <= 4


# The election's ad hoc committees, staffed by the people a grant pays: a figure right after
# one of them is a pay rate ("PPS Rp 1.900.000"), never a grant to a body.
_AD_HOC_JUST_BEFORE = re.compile(
    r"\b(?:PPK|PPS|KPPS|PPDP|[Pp]antarlih|PTPS|Panwascam|Panwaslu\s+Kecamatan|PKD)\b"
    # ("dengan seribuan pantarlih saja, sekitar Rp1 milyar")
    r"(?:\s+\w+){0,2}?[\s,]*(?:sekitar\s*|kurang\s+lebih\s*)?(?:sebesar\s*|senilai\s*)?$"
)
# The lower end of a range whose scale is written once, after its upper end ("sekitar
# Rp140-150 miliar", "di kisaran Rp140 atau Rp150 miliar"): ranges are no figures.
_RANGE_TO_SCALED = re.compile(
    rf"^\s*(?:-|–|atau|hingga|sampai)\s*(?:Rp\.?\s*)?\d[\d.,]*\s*(?:{_WORD_SCALE}|\b{_ABBR_SCALE}\b)",
    re.I,
)
_PAY = re.compile(r"\b(?:honor(?:arium)?|gaji|upah)\b", re.I)
# (after a body's acronym in brackets: "Komisi Pemilihan Umum (KPU) dan Badan Pengawas ...")
_LIST_JOIN = re.compile(r"\)?\s*(?:,|,?\s*(?:dan|serta))\s*", re.I)
_CLAUSE_BREAK = re.compile(r"[;:]|\b(?:sedangkan|sementara|berbeda|adapun|milik)\b", re.I)
# "Rp 49,2 miliar ..., masing-masing sebesar Rp 37,2 miliar untuk KPU dan ...": parts follow
_PARTS_FOLLOW = re.compile(r"\bmasing-masing\s*(?:sebesar\s*|senilai\s*)?$", re.I)
_BREAKDOWN_OPEN = re.compile(r"\bdari\s+(?:total|jumlah)\s*$", re.I)
_AGGREGATE = re.compile(r"\b(?:kumulatif|se-[A-Z]\w+|se-provinsi|seluruh kabupaten)", re.I)


def _alone_in_clause(text: str, s_start: int, s_end: int, a_start: int, a_end: int) -> bool:
    """Whether the figure is the only one of its clause (`_CLAUSE_BREAK` bounds it within its
    sentence): "TNI dan Polri mengusulkan ... Rp13,4 miliar, sementara KPU dan Bawaslu NTB
    diberikan Rp174 miliar" has two clauses of one figure each."""
    breaks = [m.end() for m in _CLAUSE_BREAK.finditer(text, s_start, a_start)]
    lo = breaks[-1] if breaks else s_start
    after = _CLAUSE_BREAK.search(text, a_end, s_end)
    hi = after.start() if after else s_end
    return sum(1 for m in _AMOUNT.finditer(text, lo, hi) if _is_money(m.group(0))) == 1


def _one_figure_for_several(
    text: str, a_start: int, a_end: int, in_sentence: list[BodyMention]
) -> bool:
    """The one figure of a clause (`_alone_in_clause`), in a list of bodies of two kinds ("A, B
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


def _bodies_as_one(
    text: str, span: tuple[int, int], before: str, after: str, in_sentence: list[BodyMention]
) -> bool:
    """The figure's clause names, last before it, two bodies written as one ("pengamanan
    Polri/TNI Rp2 miliar", "TNI-Polri senilai Rp2 miliar", "Untuk pengamanan TNI/Polri,
    Pemkot menyiapkan lebih dari Rp1 miliar"): it is theirs together. Not across a clause
    break, nor when the figure's own body follows it ("TNI-Polri, lalu Rp5 miliar untuk
    KPU")."""
    a_start, a_end = span
    named = [b for b in in_sentence if a_start - len(before) <= b.start < a_start]
    if len(named) < 2 or named[-1].body == named[-2].body:
        return False
    if not re.fullmatch(r"\s*[/&-]\s*", text[named[-2].end : named[-1].start]):
        return False
    if _CLAUSE_BREAK.search(text, named[-1].end, a_start):
        return False
    attach = _RIGHT_ATTACH.match(after)
    return not (attach and any(b.start == a_end + attach.end() for b in in_sentence))


def _pair_right_after(text: str, a_end: int, after: str, in_sentence: list[BodyMention]) -> bool:
    """The figure's recipient, named right after it, is two bodies written as one: "Rp 11,3
    M untuk TNI-Polri selaku pihak pengamanan" is theirs together."""
    attach = _RIGHT_ATTACH.match(after)
    if attach is None:
        return False
    first = next((b for b in in_sentence if b.start == a_end + attach.end()), None)
    if first is None:
        return False
    return any(
        b.body != first.body and re.fullmatch(r"\s*[/&-]\s*", text[first.end : b.start])
        for b in in_sentence
        if b.start > first.end
    )


def _parts_follow(after: str, a_end: int, in_sentence: list[BodyMention]) -> bool:
    """ "Rp 49,2 miliar dijadwalkan cair Mei, masing-masing sebesar Rp 37,2 miliar untuk
    KPU ...": the figure is the sum of the parts after it, unless a body is named between
    ("Kodim Rp 2 miliar, adapun Polres dan Kodim masing-masing Rp 1 miliar ...")."""
    parts = _PARTS_FOLLOW.search(after)
    return (
        parts is not None
        and not _names_body(in_sentence, a_end, a_end + len(after))
        # "Rp 58,3 miliar, sedangkan 60 persen ... masing-masing Rp 35 miliar dan ...": the
        # parts of another clause's figure
        and not _CLAUSE_BREAK.search(after, 0, parts.start())
    )


def _heads_a_list_of_bodies(
    text: str, a_end: int, s_start: int, s_end: int, in_sentence: list[BodyMention]
) -> bool:
    """The figure stands before a colon whose list gives figures to two or more kinds of
    body, in a sentence naming none before that colon, or several ("KPU dan Bawaslu ...
    mengembalikan ... Rp 1,88 miliar: KPU Rp 888,56 juta dan Bawaslu Rp 1 miliar"): it is
    their total ("mencairkan tahap pertama Rp 30 miliar dari pagu Rp 50 miliar: Polda Malut
    Rp 20 miliar ... dan Korem 152 Rp 10 miliar")."""
    colon = text.find(":", a_end, s_end)
    if colon < 0 or len({b.body for b in in_sentence if s_start <= b.start < colon}) == 1:
        return False
    return len({b.body for b in in_sentence if b.start > colon}) >= 2


def _pair_heads_the_list(
    text: str, a_start: int, s_start: int, s_end: int, in_sentence: list[BodyMention]
) -> bool:
    """The figure is an item of a list after a colon that a pair of bodies of two kinds
    heads ("Rincian hibah untuk KPU dan Bawaslu: Provinsi Bali Rp197 miliar; Kabupaten
    Bangli Rp37 miliar; ..."), no body named in the list, and the list gives more figures
    than the pair has bodies (two figures would be theirs in turn): each is the pair's."""
    colon = text.rfind(":", s_start, a_start)
    if colon < 0 or _names_body(in_sentence, colon, s_end):
        return False
    head = [b for b in in_sentence if b.start < colon]
    if len(head) < 2 or head[-1].body == head[-2].body:
        return False
    if not _LIST_JOIN.fullmatch(text[head[-2].end : head[-1].start]):
        return False
    listed = sum(1 for m in _AMOUNT.finditer(text, colon, s_end) if _is_money(m.group(0)))
    return listed > 2


def _past_year_clause(before_in_sentence: str) -> bool:
    clause = re.split(r"[;:]", before_in_sentence)[-1]
    m = _PAST_YEAR_CLAUSE.search(clause)
    return m is not None and not _NOW.search(m.group("rest"))


_WHOLE_OF_THE_FIGURE_BEFORE = re.compile(r"\s*dari\s+(?:total|jumlah)\s*", re.I)


def _total_over_bodies(before: str, a_start: int, in_sentence: list[BodyMention]) -> bool:
    """ "dari total kesepakatan Rp52,7 miliar" in a sentence naming several bodies, with no
    body between "total" and the amount ("total untuk KPU Rp35 miliar" is KPU's), nor one
    body just before it ("yang memberi KPU Kotim total Rp50 miliar dan Bawaslu Rp10 miliar")."""
    totals = list(_TOTAL_WORD.finditer(before))
    if not totals or len({b.body for b in in_sentence}) < 2:
        return False
    if _WHOLE_OF_THE_FIGURE_BEFORE.fullmatch(before):
        return False  # "Polda Malut Rp 20 miliar dari total Rp 35 miliar": that figure's whole
    clause_start = a_start - len(before)
    after_total = clause_start + totals[-1].start()
    if _one_body_just_before(clause_start, after_total, in_sentence, before):
        return False
    return not any(after_total <= b.start < a_start for b in in_sentence)


def _body_right_after(a_end: int, after: str, in_sentence: list[BodyMention]) -> bool:
    """Whether one body is named right after the figure, as its recipient ("Total hibah ...
    senilai Rp46 miliar lebih kepada KPU dan Rp10,7 miliar lebih untuk Bawaslu"), and no
    body of another kind before the next figure ("senilai total Rp2,27 miliar untuk Polres
    Magelang Kota dan Kodim 0705" is theirs together)."""
    attach = _RIGHT_ATTACH.match(after)
    if attach is None or not any(b.start == a_end + attach.end() for b in in_sentence):
        return False
    return len({b.body for b in in_sentence if a_end <= b.start < a_end + len(after)}) == 1


def _one_body_just_before(
    clause_start: int, word_start: int, in_sentence: list[BodyMention], before: str
) -> bool:
    """Whether the bodies named in the clause (since the last comma) before a word of sum
    ("total", "totalnya") are of one kind, the last of them at most two words before it:
    the sum is that body's ("Hibah untuk KPU Pesbar totalnya sebesar Rp18 Miliar")."""
    head = before[: word_start - clause_start]
    breaks = [m.end() for m in re.finditer(r"[,;:]", head)]
    clause_start += breaks[-1] if breaks else 0
    named = [b for b in in_sentence if clause_start <= b.start < word_start]
    if not named or len({b.body for b in named}) > 1:
        return False
    gap = head[named[-1].end - (word_start - len(head)) :]
    return bool(re.fullmatch(r"\s*(?:[\w.'/-]+\s+){0,2}", gap))


def _total_of_several(before: str, a_start: int, in_sentence: list[BodyMention]) -> bool:
    """ "totalnya", "seluruhnya", "jumlahnya" before the figure: a sum over bodies or parts,
    unless it is said of one body named just before it."""
    words = list(_TOTAL_OF.finditer(before))
    if not words:
        return False
    clause_start = a_start - len(before)
    return not _one_body_just_before(
        clause_start, clause_start + words[-1].start(), in_sentence, before
    )


# The regional elections by any of their names, and the general election (Pemilu: the
# legislative and presidential votes of February 2024), which regions also gave grants for
_REGIONAL_ELECTION = re.compile(
    r"pilkada|pemilukada|pemilihan\s+(?:kepala\s+daerah|gubernur|bupati|wali\s*kota|walikota)|"
    r"pilgub|pilbup|pilwa(?:li)?kot|pilwali|pilwako|pemilihan\s+serentak",
    re.I,
)
_GENERAL_ELECTION = re.compile(r"\b(?:pemilu|pemilihan umum|pileg|pilpres)\b", re.I)


def _why_no_grants(text: str, dated: dt.date | None, spans: list[tuple[int, int]]) -> str | None:
    """Why no figure of ``text`` (its sentences ``spans``) can be a grant for the 2024
    regional elections, if none can: a past election; the national budget; a grant for the
    general election (Pemilu) in a text that never names a regional one ("hibah pengamanan
    Pemilu 2024")."""
    if _only_past_elections(text) or (dated is not None and dated.year < FIRST_YEAR):
        return "past election"
    # a grant named in a sentence of the central budget is named as what the money is not
    if not _a_sentence_with(text, spans, _GRANT_WORD, lacking=_CENTRAL_BUDGET) and (
        _NOT_A_GRANT_TEXT.search(text)
    ):
        return "national budget or pay rates, no regional grant named"
    if (
        _GENERAL_ELECTION.search(text)
        and not _REGIONAL_ELECTION.search(text)
        # a region's agreement with the KPU or the Bawaslu is for its own election, whatever
        # the text calls it ("untuk pemilu 2024 ... NPHD sudah kami teken dengan KPU dan
        # Bawaslu"); the general election's are paid from the central budget
        and not _a_sentence_with(text, spans, _AGREEMENT_WORD, also=_ELECTION_BODY)
    ):
        return "the general election (Pemilu), not a regional one"
    return None


_AGREEMENT_WORD = re.compile(r"\b(?:NPHD|naskah perjanjian hibah|perjanjian hibah)\b", re.I)
_ELECTION_BODY = re.compile(r"\b(?:KPU\w*|KIP|Bawaslu|Panwaslih)\b")


def _a_sentence_with(
    text: str,
    spans: list[tuple[int, int]],
    word: re.Pattern[str],
    lacking: re.Pattern[str] | None = None,
    also: re.Pattern[str] | None = None,
) -> bool:
    """Whether a sentence of ``text`` (``spans``) has ``word``, and ``also`` if given, but
    not ``lacking``."""
    return any(
        word.search(text, start, end)
        and (also is None or also.search(text, start, end))
        and not (lacking is not None and lacking.search(text, start, end))
        for start, end in spans
    )


def _only_past_elections(text: str) -> bool:
    """Whether every election the text dates is before 2024; or, dating none, whether every
    budget it names is of a year before the first of the 2024 grants, and no year since is
    named at all ("APBD 2019 sebesar Rp 246 juta ... Rp 37 miliar lewat APBD 2020")."""
    years = set(
        re.findall(r"\b(?:pilkada|pemilihan|pilgub|pemilu)[^.]{0,20}?\b(20\d\d)\b", text, re.I)
    )
    if years:
        return not years & {"2024", "2025"}
    budgets = {int(y) for y in _BUDGET_YEAR.findall(text)}
    named = {int(y) for y in re.findall(r"\b(20\d\d)\b", text)}
    return bool(budgets) and max(named) < FIRST_YEAR


_BUDGET_YEAR = re.compile(
    r"\b(?:APB[DKN](?:-?P| [Pp]erubahan| [Mm]urni| [Ii]nduk| [Pp]okok)?|[Tt]ahun [Aa]nggaran|TA\.?)"
    r"\s+(?:tahun\s+)?(20\d\d)\b"
)


def _drop_sums_of_following_parts(
    records: list[PressRecord], skipped: list[Skipped]
) -> list[PressRecord]:
    """Drop a figure that the next two or more figures of the same body add up to exactly:
    it is the total of the units that follow ("senilai Rp 6,143 miliar. Polres Banjar
    memperoleh Rp 5,492 miliar, sedangkan Polres Banjarbaru Rp 651 juta"). Not when they
    are parts of it by source, of its one unit (`_by_source`): those go instead."""
    keep = []
    for i, r in enumerate(records):
        parts: list[PressRecord] = []
        for nxt in records[i + 1 :]:
            if nxt.body != r.body or nxt.stage != r.stage:
                break
            parts.append(nxt)
            if sum(p.amount.value for p in parts) >= r.amount.value:
                break
        total = sum(p.amount.value for p in parts)
        if len(parts) >= 2 and total == r.amount.value and not _by_source(parts):
            skipped.append(Skipped(r.amount.text, r.start, "total of the units that follow"))
            continue
        keep.append(r)
    return keep


def _by_source(parts: list[PressRecord]) -> bool:
    """Whether figures of one body are parts of one unit's figure (by source, year or item),
    not figures of units each named: one unit for all, the body carried to some."""
    return len({p.recipient_unit for p in parts}) == 1 and any(p.basis == "carried" for p in parts)


def _drop_parts_after_their_whole(
    records: list[PressRecord], skipped: list[Skipped]
) -> list[PressRecord]:
    """Drop two or more figures of one sentence, of one body, one unit (carried, not each
    named) and one stage, that add up, to the precision they are written with
    (`Amount.is_sum_of`), to a figure of that body given before them, in an earlier sentence or
    in theirs: parts of it by source, item or round ("Rp 46,5 miliar ... Dana itu dari dua
    sumber: Rp 45 miliar dari APBK dan Rp 1,5 miliar dari DOKA"). Figures at different
    stages stay: tranches, and what was
    spent and returned of a grant ("terserap Rp10,613 miliar ..., sisanya Rp1,286 miliar
    dikembalikan"), which add up to it by the grant's own identity; so do units each named
    ("Polres Banjar ... Polres Banjarbaru"): `_drop_sums_of_following_parts` keeps those and
    drops their sum."""
    drop: set[int] = set()
    given: dict[tuple, list[Amount]] = {}  # the amounts given so far, by body and region
    i = 0
    while i < len(records):
        j = i
        while (
            j + 1 < len(records)
            and records[j + 1].sentence_start == records[i].sentence_start
            and records[j + 1].body == records[i].body
            and records[j + 1].recipient_unit == records[i].recipient_unit
        ):
            j += 1
        key = (records[i].body, records[i].region.code)
        wholes = list(given.get(key, []))
        for w in range(i - 1, j - 1):  # the whole's place: before the sentence, or in it
            if w >= i:
                wholes.append(records[w].amount)
            parts = records[w + 1 : j + 1]
            if (
                len(parts) >= 2
                # of one stage, as their words tell it (spent + returned is not; a figure
                # no word placed took the text's stage): "KPU mengembalikan Rp300 juta;
                # efisiensi ... menyisakan Rp877,7 juta; ... perjalanan dinas Rp15,7 juta"
                and len({r.stage for r in parts if r.stage_cued}) <= 1
                and not any(r.stage in ("tranche_1", "tranche_2") for r in parts)
                and _by_source(parts)
                and any(whole.is_sum_of([r.amount for r in parts]) for whole in wholes)
            ):
                drop.update(range(j + 1 - len(parts), j + 1))
                break
        for r in records[i : j + 1]:
            given.setdefault((r.body, r.region.code), []).append(r.amount)
        i = j + 1
    return _without(records, drop, skipped, "part of a figure already given")


_SUM_BEFORE = re.compile(r"\b(?:sehingga|hingga|dengan)\s+(?:total|jumlah)\b[^.;]*$", re.I)


def _drop_parts_before_their_sum(
    text: str, records: list[PressRecord], skipped: list[Skipped]
) -> list[PressRecord]:
    """Drop two or more figures of one body that the next figure adds up, said as their sum
    ("memakai Rp8,1 miliar pada 2024 dan Rp1,6 miliar pada 2025, sehingga total belanja
    mencapai Rp9,7 miliar"): parts by year or item beside their total are not figures of
    their own. The first and second tranches are (their stages say so), and stay."""
    drop: set[int] = set()
    for j, total in enumerate(records):
        if not _SUM_BEFORE.search(text[total.sentence_start : total.start]):
            continue
        parts, i = 0, j - 1
        while i >= 0 and records[i].body == total.body and parts < total.amount.value:
            parts += records[i].amount.value
            i -= 1
        chosen = records[i + 1 : j]
        if (
            len(chosen) >= 2
            and parts == total.amount.value
            and [r.stage for r in chosen] != ["tranche_1", "tranche_2"]
        ):
            drop.update(range(i + 1, j))
    return _without(records, drop, skipped, "part of the sum after it")


# A sentence that opens by breaking down a figure: "Rinciannya, KPU ...", "Adapun
# rinciannya: ..." (`_drop_totals_broken_down_next`, and a breakdown by item in
# `_sentence_records`)
BREAKDOWN_OPENER = r"\s*(?:adapun\s+)?(?:rinciannya|perinciannya|dengan\s+rincian|rincian\s*:)"
_BREAKDOWN_NEXT = re.compile(BREAKDOWN_OPENER, re.I)


def _drop_totals_broken_down_next(
    text: str,
    records: list[PressRecord],
    spans: list[tuple[int, int]],
    bodies: list[BodyMention],
    skipped: list[Skipped],
) -> list[PressRecord]:
    """Drop a figure whose sentence names no body (it took the body of the sentence before)
    when the next sentence opens by breaking it down between two or more kinds of body:
    "Pemkab Gresik mengalokasikan hibah Rp84 miliar ... . Rinciannya, KPU Gresik Rp65,677
    miliar dan Bawaslu Rp19,156 miliar" — it is their total."""
    following = {this[0]: nxt for this, nxt in itertools.pairwise(spans)}
    keep = []
    for r in records:
        nxt = following.get(r.sentence_start)
        if (
            r.basis == "previous sentence"
            and nxt is not None
            and _BREAKDOWN_NEXT.match(text, nxt[0])
            and len({b.body for b in bodies if nxt[0] <= b.start < nxt[1]}) >= 2
        ):
            skipped.append(Skipped(r.amount.text, r.start, "total over several bodies"))
            continue
        keep.append(r)
    return keep


# How a figure's body was found when the figure names it itself (bodies.py `_body_for`): a
# body just before or after it, a pair's, a function's ("untuk pengawasan"); not carried
_OWN_BODY = ("left", "right", "pair", "function")


def _without(
    records: list[PressRecord], drop: set[int], skipped: list[Skipped], reason: str
) -> list[PressRecord]:
    """``records`` but those at the places in ``drop``, each noted in ``skipped``."""
    for k in sorted(drop):
        skipped.append(Skipped(records[k].amount.text, records[k].start, reason))
    return [r for k, r in enumerate(records) if k not in drop]


def _drop_totals_of_the_bodies_after(
    records: list[PressRecord], skipped: list[Skipped]
) -> list[PressRecord]:
    """Drop a figure whose body its sentence does not name before it (it was carried, or
    taken from the sentence before) when the next figures of its sentence, given to two or
    more kinds of body, add up to it to the precision they are written with (`Amount.is_sum_of`):
    "Pada 2023 anggaran terealisasi Rp7,9 miliar, untuk KPU Rp5,8 miliar dan Bawaslu Rp2,1
    miliar" — it is their total. A figure with its own body named ("KPU Rp10 miliar,
    Bawaslu Rp6 miliar dan Polres Rp4 miliar") stays, whatever the others add up to."""
    drop: set[int] = set()
    for i, r in enumerate(records):
        if r.basis in _OWN_BODY:
            continue
        parts: list[PressRecord] = []
        for nxt in records[i + 1 :]:
            if nxt.sentence_start != r.sentence_start:
                break
            parts.append(nxt)
            several = len(parts) >= 2 and len({p.body for p in parts}) >= 2
            if several and r.amount.is_sum_of([p.amount for p in parts]):
                drop.add(i)
                break
            if sum(p.amount.value for p in parts) > r.amount.value:
                break
    return _without(records, drop, skipped, "total over several bodies")


def _drop_totals_after_the_bodies(
    text: str, records: list[PressRecord], skipped: list[Skipped]
) -> list[PressRecord]:
    """Drop a figure said as a total ("Total yang dihibahkan ... sekitar Rp 66 miliar") in a
    sentence naming no body, when the sentence before gave figures to two or more kinds of
    body and the figure is at least their sum: it is a total over them, not the last one's
    ("KPU Sampang mendapat Rp 49,9 miliar dan Bawaslu Rp 10 miliar. \"Total ... Rp 66
    miliar\""). After a sentence about one body it stays that body's."""
    drop: set[int] = set()
    for i, r in enumerate(records):
        if r.basis in _OWN_BODY:
            continue
        if not _TOTAL_WORD.search(text, r.sentence_start, r.start):
            continue
        earlier = [e for e in records[:i] if e.sentence_start < r.sentence_start]
        if not earlier:
            continue
        before = [e for e in earlier if e.sentence_start == earlier[-1].sentence_start]
        if len({e.body for e in before}) >= 2 and r.amount.value >= sum(
            e.amount.value for e in before
        ):
            drop.add(i)
    return _without(records, drop, skipped, "total over several bodies")


def _drop_totals_told_again(
    text: str, records: list[PressRecord], skipped: list[Skipped]
) -> list[PressRecord]:
    """Drop a figure pointed back to ("Rp200 miliar itu", "dana Rp200 miliar tersebut") whose
    amount an earlier sentence gave as a total over several bodies: it is that total again,
    whatever body its sentence names."""
    totals = {
        (s.start, _amount_value(s.text))
        for s in skipped
        if s.reason in ("total over several bodies", "total split between bodies or units")
    }
    keep = []
    for r in records:
        if re.match(r"\s*(?:itu|tersebut)\b", text[r.end : r.end + 12], re.I) and any(
            start < r.sentence_start and value == r.amount.value for start, value in totals
        ):
            skipped.append(Skipped(r.amount.text, r.start, "total over several bodies"))
            continue
        keep.append(r)
    return keep


def _amount_value(text: str) -> int | None:
    try:
        return parse_amount(text).value
    except AmountParseError:
        return None


def _drop_restatements(
    records: list[PressRecord], skipped: list[Skipped], gazetteer: Gazetteer
) -> list[PressRecord]:
    """Drop a figure that says again what an earlier one of the text said: the same body,
    region and amount, at the same stage or at none of its own ("mengantongi hibah Rp23,7
    miliar ... 'dana Pilkada 2024 sebesar Rp23,7 miliar'"). One grant told twice is one
    figure. Said again at another stage it is another figure: the agreement's Rp 20 miliar
    and the Rp 20 miliar paid in 2024. So is one whose sentence, or the first's, names
    another region than theirs: in a text that lists regions, equal figures are as likely
    two regions' as one told twice, even where the region of one was read wrong
    ("Bangka Selatan ... Bawaslu Rp6 miliar ... Belitung Timur: ... Bawaslu Rp6 miliar")."""
    keep: list[PressRecord] = []
    kept: dict[tuple, list[PressRecord]] = {}  # the figures kept, by body, amount, region
    for r in records:
        key = (r.body, r.amount.value, r.region.code)
        told = [e for e in kept.get(key, []) if not _other_region_named(e, gazetteer)]
        if (
            told
            and (not r.stage_cued or any(_same_stage(e.stage, r.stage) for e in told))
            and not _other_region_named(r, gazetteer)
        ):
            skipped.append(Skipped(r.amount.text, r.start, "the same figure told again"))
            continue
        keep.append(r)
        kept.setdefault(key, []).append(r)
    return keep


def _same_stage(told: str, again: str) -> bool:
    """Whether a figure said again at ``again`` is at the stage it was told at: the same,
    paid said of a tranche ("cair 40 persen atau sekitar Rp 9 miliar ... baru cair Rp 9
    miliar"), or budgeted said of the agreement told before."""
    return (
        told == again
        or (again == "disbursed" and told in ("tranche_1", "tranche_2"))
        # "NPHD ... Rp28 miliar ... 'yang sudah dianggarkan Pemkot Serang sebanyak Rp28
        # miliar'": the amount budgeted, told after its agreement, is that agreement's
        or (again == "budget" and told == "nphd")
    )


_CAPITALISED = re.compile(r"[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+)*")
# Where the news was written, not what it is about: "MANOKWARI – ", "Sigi (ANTARA) - "
_DATELINE = re.compile(
    r"^\s*(?:[A-Z][A-Z .,'-]+|[A-Z][\w .'-]*\s*\([^)]{1,40}\)|"  # "PANGKALPINANG, LASPELA –"
    r"[A-Z][A-Za-z]+(?: [A-Z][A-Za-z]+){0,2})\s*[–—-]\s"  # "Ambon – Bawaslu Maluku ..."
)
_SURE = ("exact", "short-form", "former-name", "spelling")


def _other_region_named(record: PressRecord, gazetteer: Gazetteer) -> bool:
    """Whether the record's sentence names, in any run of capitalised words, a region that
    is neither the record's nor its province (its dateline aside). The longest name wins:
    "Papua Barat" is not also Papua."""
    code = record.region.code or ""
    for run in _CAPITALISED.finditer(_DATELINE.sub("", record.sentence, count=1)):
        words = run.group(0).split()
        named: set[int] = set()  # the words of a name already found
        for n in range(min(3, len(words)), 0, -1):
            for i in range(len(words) - n + 1):
                if named & set(range(i, i + n)):
                    continue
                found = gazetteer.match(" ".join(words[i : i + n]))
                if not (found.code and found.method in _SURE):
                    continue
                named |= set(range(i, i + n))
                if not (found.code == code or code.startswith(f"{found.code}.")):
                    return True
    return False


# What adds sums of several sources or bodies: "Jika ditambah dana sharing dari Pemprov ...
# totalnya menjadi sekitar Rp 33 miliar".
_ADDED = re.compile(r"\b(?:di|ter)?(?:tambah|jumlah|gabung)(?:kan)?\b", re.I)


def _one_bodys_sum(text: str, s_start: int, a_start: int, bodies: list[BodyMention]) -> bool:
    """In a text about one body, "seluruhnya", "totalnya", "jumlahnya" sum that body's own
    money ("Yang disetor ke kas daerah seluruhnya Rp 4.773.304.804"), unless its sentence
    adds other money to it."""
    return len({b.body for b in bodies}) == 1 and not _ADDED.search(text, s_start, a_start)


def _grant_told_again(text: str, a_start: int, m_text: str, bodies: list[BodyMention]) -> bool:
    """In a text about one body, a total ("Totalnya NPHD itu sebesar Rp36,8 miliar") that
    an earlier figure of the text gave already ("telah menerima seluruh anggaran ... sebesar
    Rp36,8 miliar"), or gave more exactly ("Rp6.831.757.241 ... Jumlahnya Rp6,8 M"): its
    grant told again, not a sum of others."""
    if len({b.body for b in bodies}) != 1:
        return False
    try:
        amount = parse_amount(m_text)
    except AmountParseError:
        return False
    return any(
        value is not None and amount.restates(value)
        for value in (_amount_value(m.group(0)) for m in _AMOUNT.finditer(text, 0, a_start))
    )


# The whole a part is taken from, said to be what the body received or was given: "dari
# Rp 24,7 miliar yang diterimanya", "dari hibah Rp 5,6 miliar yang diberikan"
_RECEIVED_WHOLE = re.compile(
    r"^\s*(?:yang\s+(?:(?:telah|sudah)\s+)?(?:di)?(?:terima|berikan|alokasikan|hibahkan)\w*|"
    r"diterimanya)\b",
    re.I,
)


def _given_before(text: str, a_start: int, amount: str) -> bool:
    """Whether the amount was given before in the text. The whole a part is taken from,
    first told where a body is said to have received it ("mengembalikan Rp 7,2 miliar dari
    Rp 24,7 miliar yang diterimanya"), is a figure of its own; told before, or not said to
    be received ("Rp 93 miliar dari Rp 145 miliar"), it is not."""
    value = _amount_value(amount)
    return value is None or any(
        _is_money(m.group(0)) and _amount_value(m.group(0)) == value
        for m in _AMOUNT.finditer(text, 0, a_start)
    )


def _left_out(
    text: str,
    sentence: tuple[int, int],
    span: tuple[int, int],
    before: str,
    after: str,
    index: int,
    figures: int,
    bodies: list[BodyMention],
    in_sentence: list[BodyMention],
) -> str | None:
    """Why the figure at ``span`` is not one body's grant, if it is not: ``before`` and
    ``after`` run to the figures either side, ``index`` is its place among the sentence's
    ``figures``."""
    (s_start, s_end), (a_start, a_end) = sentence, span
    m_text = text[a_start:a_end]
    window = text[a_end : min(s_end, a_end + 80)]
    if (_RANGE_TO_SCALED.match(text[a_end : a_end + 40]) and _unscaled_short(m_text)) or (
        index > 0 and re.fullmatch(r"\s*[-–]\s*", before)  # "Rp140-150 miliar"
    ):
        return RANGE
    if (
        _BEFORE_EXCLUDE.search(before)
        or _AFTER_EXCLUDE.search(after)
        or (
            _total_of_several(before, a_start, in_sentence)
            and not _grant_told_again(text, a_start, m_text, bodies)
            and not _one_bodys_sum(text, s_start, a_start, bodies)
        )
    ):
        return "total, change, spending, estimate or range"
    if _HELD_BEFORE.search(text, s_start, a_start) or _USED_AGAIN.match(after):
        return "a balance still held, not returned"
    if _count_of_regions(text, s_start, a_start) or _FOR_REGIONS_COUNTED.match(after):
        return "total over several regions"
    if not in_sentence and _ITEMS_BEFORE.search(text, s_start, a_start):
        return "an item of a list, not a body's grant"
    if _AD_HOC_JUST_BEFORE.search(before):  # "ketua PPK Rp 2.500.000 ..., dan PPS Rp 1.900.000"
        return "pay of election staff, not a grant"
    # "honor PPS ... senilai Rp1,2 miliar"; in the figure's clause, past a figure before it:
    # "honorarium pengawas TPS naik dari Rp. 500.000 menjadi Rp. 880.000"
    breaks = [m.end() for m in re.finditer(r"[;:]", text[s_start:a_start])]
    clause = s_start + (breaks[-1] if breaks else 0)
    pay = list(_PAY.finditer(text, clause, a_start))
    if pay and not _names_body(in_sentence, pay[-1].end(), a_start):
        return "pay of election staff, not a grant"
    if (
        index > 0
        and re.fullmatch(r"\s*dari\s*", before, re.I)
        and not (_RECEIVED_WHOLE.match(after) and not _given_before(text, a_start, m_text))
    ):
        return "the whole a part is taken from, already given"  # "Rp 93 M dari Rp 145 M"
    clause_end = text.find(";", a_end, s_end)  # "KPU Rp141 M, terdiri dari ... ; Bawaslu"
    split_end = min(s_end if clause_end < 0 else clause_end, a_end + 160)
    if _SPLIT_TOTAL.search(window) and _names_body(bodies, a_end, split_end):
        # split between bodies; split by year or tranche, the total stays the body's
        return "total split between bodies or units"
    if _past_year_clause(text[s_start:a_start]):
        return "previous election or comparison"
    if (
        (
            _total_over_bodies(before, a_start, in_sentence)
            and not _body_right_after(a_end, after, in_sentence)
        )
        or _bodies_as_one(text, span, before, after, in_sentence)
        or _pair_right_after(text, a_end, after, in_sentence)
        or _FOR_FUNCTIONS.match(after)
        or _FOR_REGIONS.match(after)
        or (index + 1 < figures and _parts_follow(after, a_end, in_sentence))
        or (  # (the bodies first: counting the clause's figures reads it again)
            _one_figure_for_several(text, a_start, a_end, in_sentence)
            and _alone_in_clause(text, s_start, s_end, a_start, a_end)
        )
        or _heads_a_list_of_bodies(text, a_end, s_start, s_end, in_sentence)
        or _pair_heads_the_list(text, a_start, s_start, s_end, in_sentence)
    ):
        return "total over several bodies"
    return None
