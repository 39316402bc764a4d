"""Which stage a figure is at: the words near it, then what the whole text says."""

from __future__ import annotations

import re

from hibah.parse.press.bodies import BodyMention
from hibah.parse.press.records import PressRecord

# Spent, said right after the figure: "Rp15,26 miliar terpakai", "Rp75 miliar lebih telah
# terealisasi" (of a grant already named). Before the next figure with nothing between,
# the word is that figure's: "hibah Rp9,6 miliar terpakai Rp8,3 miliar".
_SPENT_AFTER = re.compile(
    r"^\s*(?:lebih\s+)?(?:,\s*)?(?:yang\s+)?(?:(?:telah|sudah|baru)\s+)?"
    r"(?:terpakai|terserap|terealisasi|dibelanjakan|digunakan)\b(?P<rest>.*)",
    re.I | re.S,
)


RECEIVED = "received"  # a stage cue _stages_by_document resolves
PREPARED = "prepared"  # so is this one
_STAGE_CUES: list[tuple[str, re.Pattern[str]]] = [
    (
        "returned",
        re.compile(
            r"\b(?:dikembalikan|(?:me)?ngembalikan|kembalikan|"
            r"menyetor(?:kan)? (?:balik|sisa)|menyetorkan|"
            r"(?:di)?setor(?:an|kan)? (?:balik|kembali)|pengembalian|"
            r"sisa(?! dari)(?: hibah| dana| anggaran)?|"  # "sisa dari hibah Rp50 M": the whole
            r"(?:ditransfer|dikirim|diserahkan) (?:balik|kembali)|tersisa|"
            r"menyisakan|SiLPA|silva|"
            # money that goes to the regional treasury goes back: "Yang disetor ke kas daerah"
            r"(?:ke|kepada)\s+(?:rekening\s+)?(?:kas\s+(?:umum\s+)?daerah|kasda|RKUD)|"
            # "saldo hibah yang belum terserap Rp 1 miliar": the unspent rest, to go back
            # (not the whole of which "sebagian tak terpakai": "Rp15 miliar, dan sebagian")
            r"(?<!sebagian )(?:belum|tidak|tak)\s+(?:terserap|terpakai))\b",
            re.I,
        ),
    ),
    # (tahun ini, tahun lalu, tahun depan: read as years by the text's date, see _stage)
    (
        "tranche_1",
        re.compile(
            r"\b(?:(?:tahap|pencairan|termin) (?:pertama|kesatu|satu|awal|I|1)|"
            r"40 persen(?:nya)?|tahun lalu|pada 2023|"
            r"(?:pada|akhir|awal)\s+(?:bulan\s+)?(?:Januari|Februari|Maret|April|Mei|Juni|Juli|"
            r"Agustus|September|Oktober|November|Desember)\s+2023|"
            # the 2023 budget, amended: APBD (APBK in Aceh) Perubahan, "anggaran perubahan 2023"
            r"(?:APB[DK]|anggaran)(?:-P| [Pp]erubahan)? 2023|P-APB[DK] 2023|"
            r"(?:Tahun Anggaran|TA\.?) 2023)\b|\b40\s?%|\(2023\)",
            re.I,
        ),
    ),
    (
        "tranche_2",
        re.compile(
            # (a third instalment is the second tranche's: "tahap tiga", "tahap ketiga")
            r"\b(?:(?:tahap|pencairan|termin) (?:kedua|dua|II|2|ketiga|tiga|III|3)|"
            r"60 persen(?:nya)?|sisanya|tahun ini|tahun depan|pada 2024|"
            r"menyusul|(?:Tahun Anggaran|TA\.?) 2024|"
            # the 2024 budget as the main one, against the 2023 amendment: "APBD murni 2024"
            r"(?:APB[DK]|anggaran)\s+(?:murni|induk|pokok)\s+(?:tahun\s+)?2024)\b|\b60\s?%|\(2024\)",
            re.I,
        ),
    ),
    (
        "realized",
        re.compile(
            r"(?<!tak )(?<!tidak )(?<!belum )"  # "sebagian tak terpakai" is not what was spent
            r"\b(?:terpakai|terserap|dibelanjakan|membelanjakan|"
            r"realisasi (?:belanja|penggunaan)(?:nya)?|"
            # "KPU Manokwari hanya menggunakan Rp27,8 miliar": what it used
            r"(?:hanya|baru|telah|sudah)\s+(?:menggunakan|memakai))\b",
            re.I,
        ),
    ),
    (
        "disbursed",
        re.compile(
            r"\b(?:dicairkan|disalurkan|menyalurkan|tersalur|cair|(?:di|mem)bayar(?:kan)?|"
            # "pembayaran tahap I dan II ... Rp30 miliar", "sudah kami bayar ke Polres Rp3 M"
            r"pembayaran|(?:sudah|telah)\s+(?:kami\s+|kita\s+)?bayar(?:kan)?|"
            r"(?:di|me)realisasikan|terealisasi|realisasi|ditransfer|"
            r"baru\s+(?:menerima|diterima))\b",  # "baru menerima": received so far, paid
            re.I,
        ),
    ),
    # what a body received: paid, in a text that accounts for what was spent or returned;
    # the agreed grant in one that announces it (_stages_by_document decides)
    # (a grant handed over, "diserahkan", is so too: its handover is often the agreement's
    # signing, "Penyerahan ditandai penandatanganan NPHD", and the money follows)
    (
        RECEIVED,
        re.compile(r"\b(?:menerima|diterima(?:nya)?|terima(?!\s+kasih)|diserahkan)\b", re.I),
    ),
    # money already set aside ("telah menyiapkan anggaran ... sebesar Rp 5.620.873.200 untuk
    # Polres"): the agreed grant in a text that tells of its signing, else a plan
    # (_stages_by_document decides)
    (
        PREPARED,
        re.compile(
            r"\b(?:telah|sudah)\s+(?:menyiapkan|disiapkan)"
            r"(?!\s+(?:proses\s+)?(?:pencairan|penyaluran))\b",
            re.I,
        ),
    ),
    (
        "budget",
        re.compile(
            r"\b(?:usulan|(?:meng|di)?usulkan|(?:meng|di)?ajukan|pengajuan|"
            r"meminta|permohonan|dianggarkan|menganggarkan|estimasi|"
            # (preparing a payment is not planning the grant: "menyiapkan pencairan")
            r"(?:menyiapkan|disiapkan)(?!\s+(?:proses\s+)?(?:pencairan|penyaluran))|"
            r"dirasionalisasi|diakomodasi|"
            r"rencana)\b",
            re.I,
        ),
    ),
    (
        "nphd",
        re.compile(
            r"\b(?:NPHD|perjanjian hibah|diteken|ditandatangani|menandatangani|"
            r"meneken|disepakati|disetujui|pagu|ditetapkan)\b",
            re.I,
        ),
    ),
]
_STAGE_PATTERN = dict(_STAGE_CUES)
# "Rp34,5 miliar yang cair dua tahap", "12,775 miliar yang juga dicairkan bertahap": a figure
# paid in instalments is the whole grant, not one payment. Its stage is then the whole's,
# which the text as a whole tells (agreed, planned, paid in full): _stage says WHOLE.
WHOLE = "whole"
_IN_INSTALMENTS = re.compile(
    r"\b(?:cair|dicairkan|disalurkan|ditransfer|diberikan)\s+(?:secara\s+)?"
    r"(?:bertahap|(?:dalam\s+)?(?:dua|tiga|2|3)\s+(?:tahap|termin|kali))\b|"
    # "Hibah Rp24 miliar itu dibagi menjadi dua termin"
    r"\b(?:dibagi|terbagi)\s+(?:menjadi\s+|dalam\s+)?(?:dua|tiga|2|3)\s+(?:tahap|termin)\b",
    re.I,
)
# "dua tahap: Rp25 miliar ... dan Rp50 miliar": the instalments a figure list gives
_INSTALMENT_LIST = re.compile(
    r"\b(?:dua|2|tiga|3)\s+(?:tahap|termin|kali)\s*(?::|,?\s*(?:yakni|yaitu))\s*$", re.I
)
# A stage word just before the next figure is that figure's: "Rp12,2 miliar dengan tahap
# pertama Rp5,7 miliar", "Rp 30 miliar dari pagu Rp 50 miliar".
# So is a return named just before it: "Rp15,24 miliar (Hibah pengamanan) dengan
# pengembalian ke Kasda Rp5,63 miliar".
_CUE_OF_NEXT = re.compile(
    r"(?:(?:tahap|pencairan|termin)\s+\w+|\bdari\s+(?:total\s+)?pagu|"
    r"\b(?:dengan\s+)?pengembalian(?:\s+(?:ke|kepada)\s+[\w\s]{1,30}?)?)"
    r"\s*(?:sebesar|senilai)?\s*$",
    re.I,
)
_RELATIVE_YEAR = {"tahun lalu": -1, "tahun ini": 0, "tahun depan": 1}
# (not "untuk sementara", for the time being: "untuk sementara hanya dibayarkan Rp7,2 M")
_CLAUSE_SPLIT = re.compile(
    r"[,;:]|\s(?:dan|sedangkan|serta|adapun|(?:hingga|sampai)\s+akhirnya)\s|(?<!untuk)\ssementara\s"
)
_APPOSITION = re.compile(r"^\s*(?:lebih\s*)?,\s*(?:yakni|yaitu|atau)\s", re.I)
_SIGNING_WORDS = r"diteken|ditandatangani|menandatangani|meneken|penandatanganan"
_AGREEMENT = re.compile(rf"\b(?:NPHD|naskah perjanjian|perjanjian hibah|{_SIGNING_WORDS})\b", re.I)
_ALL_OF_IT = r"(?:100\s*(?:persen|%)|seratus\s+persen)"
_FULLY_PAID = re.compile(
    r"(?<!belum )(?<!tidak )(?<!tak )"  # "belum cair seluruhnya": not yet paid in full
    r"\b(?:terealisasi|realisasi|tersalur(?:kan)?|disalurkan|dicairkan|cair|dikucurkan|"
    r"menyalurkan|mencairkan|mengucurkan)\s+(?:\w+\s+)?"
    rf"(?:{_ALL_OF_IT}|penuh|seluruhnya|sepenuhnya|semua(?:nya)?)|"
    # "hibah itu sudah seratus persen dikucurkan": the share first
    rf"\b(?:sudah|telah)\s+{_ALL_OF_IT}\s+(?:di|ter)?(?:salur|cair|kucur|realisasi)\w*|"
    # "menuntaskan pencairan hibah", "pencairan ... tuntas": every payment made
    r"\b(?:menuntaskan|menyelesaikan|tuntas(?:kan)?)\s+(?:pencairan|penyaluran)\b|"
    r"\b(?:pencairan|penyaluran)\s+(?:\w+\s+){0,3}(?:sudah\s+|telah\s+)?tuntas\b|"
    r"\bsemua(?:nya)?\s+(?:sudah|telah)\s+(?:kami\s+|kita\s+)?(?:di|ter)?(?:salur|cair)\w*|"
    # "berita acara serah terima dana hibah": the money handed over
    r"\bserah\s+terima\s+(?:dana\s+)?hibah\b|"
    # "telah menerima seluruh anggaran", "sudah kita terima semuanya": all of it received
    r"\b(?:menerima|diterima)\s+(?:seluruh|semua)\w*|"
    r"\b(?:sudah|telah)\s+(?:kami\s+|kita\s+)?(?:di)?terima\s+semua(?:nya)?\b|"
    # "Dana ini sudah disalurkan kepada KPU dan Bawaslu": the money just told of, all of it
    # (not "sudah dicairkan 40 persen", "... tahap pertama", "... sebesar Rp")
    # ("Dana tersebut sudah kita realisasikan": paid, in the grantor's words)
    r"\b(?:dana|anggaran|hibah)\s+(?:ini|itu|tersebut)\s+(?:sudah|telah)\s+(?:kami\s+|kita\s+)?"
    r"(?:di)?(?:salurkan|cairkan|transfer|realisasikan)\w*"
    r"(?!\s+(?:\d|sebagian|tahap|sebesar|senilai|Rp))",
    re.I,
)
# A payment told as a condition or a plan, in its clause before it: "Pencairan ... dilakukan
# setelah penandatanganan berita acara serah terima dana hibah"
_CONDITION_BEFORE = re.compile(r"\b(?:setelah|sesudah|sebelum|akan|menunggu)\b[^.;,]*$", re.I)


def _told_paid(text: str) -> bool:
    """Whether the text says the grants are paid in full (`_FULLY_PAID`), not as a
    condition or plan of something else (`_CONDITION_BEFORE`, in the 80 characters before
    it: the clause, with the work per match bounded)."""
    return any(
        not _CONDITION_BEFORE.search(text, max(0, m.start() - 80), m.start())
        for m in _FULLY_PAID.finditer(text)
    )


_USE_REPORTED = re.compile(r"\b(?:melaporkan|menyerahkan\s+laporan)\s+penggunaan\b", re.I)
_AGREEMENT_NAMED = re.compile(
    r"\b(?:NPHD|naskah perjanjian|nota perjanjian|perjanjian hibah)\b", re.I
)
_MINUTES_NAMED = re.compile(r"\bberita acara\b", re.I)
_PLAN = re.compile(r"\b(?:berita acara|dipatok|kebutuhan|rancangan)\b", re.I)
# "40 persen dari (nilai NPHD / pagu / alokasi / kebutuhan total) Rp...": the figure is the
# whole agreed amount the share is taken of.
_SHARE_OF = re.compile(
    r"\bpersen\s+(?:\w+\s+){0,3}?dari\s+(?:[\w-]+\s+){0,4}?"
    r"(?:sebesar\s+|sebanyak\s+|senilai\s+)?$",
    re.I,
)


# "Bawaslu Maluku belum meneken NPHD karena menunggu jadwal Gubernur": this body has not
# signed, whoever else has
_UNSIGNED = re.compile(
    r"\bbelum\s+(?:\w+\s+)?(?:meneken|menandatangani|menandatangan|teken|"
    r"tanda\s*tangan\w*)\s+(?:NPHD|naskah|nota|perjanjian)",
    re.I,
)


# "NPHD dengan KPU sudah diteken Sabtu, sedangkan bersama Bawaslu masih menunggu jadwal":
# the body the contrast names, right before words of waiting, has not signed yet
_STILL_WAITING = re.compile(
    r"\b(?:sedangkan|sementara|adapun)\s+(?:dengan|bersama|untuk)\s+$", re.I
)
_WAITING_AFTER = re.compile(r"\s*(?:masih\s+menunggu|belum)\b", re.I)


def _unsigned_bodies(text: str, bodies: list[BodyMention]) -> set[str]:
    """The bodies the text says have not signed their agreement yet: the body named last
    before "belum meneken NPHD" in its clause; and, in a text that names a signed
    agreement, one a contrast says is still waiting ("sedangkan bersama Bawaslu masih
    menunggu jadwal")."""
    unsigned = set()
    if _AGREEMENT_NAMED.search(text):
        for b in bodies:
            if _STILL_WAITING.search(text, max(0, b.start - 40), b.start) and _WAITING_AFTER.match(
                text, b.end
            ):
                unsigned.add(b.body)
    for m in _UNSIGNED.finditer(text):
        # (a point between digits is a thousands separator, no end of a clause)
        breaks = [b.end() for b in re.finditer(r"(?<!\d)[.;:]|[.;:](?!\d)", text[: m.start()])]
        clause_start = breaks[-1] if breaks else 0
        named = [b for b in bodies if clause_start <= b.start < m.start()]
        if named:
            unsigned.add(named[-1].body)
    return unsigned


_SECURITY_PARTY = re.compile(r"\b(?:pengamanan|Forkopimda)\b", re.I)
_SIGNING = re.compile(rf"\b(?:{_SIGNING_WORDS})\b", re.I)


def _security_not_party(
    text: str, bodies: list[BodyMention], spans: list[tuple[int, int]]
) -> set[str]:
    """The police and the army, when every signing the text (its sentences ``spans``) tells
    of names its parties and they are the election bodies alone: "Pemkab ... bersama KPU dan
    Bawaslu menandatangani NPHD" signs nothing with them, and their figures in that text are
    a budget still ("Hibah pengamanan untuk TNI dan Polri baru akan diberikan pada 2024"). A
    signing for security ("NPHD pengamanan") or with the Forkopimda is theirs."""
    parties: set[str] = set()
    for m in _AGREEMENT.finditer(text):
        if not _signed(text, m):
            continue
        start, end = next(((a, b) for a, b in spans if a <= m.start() < b), (0, len(text)))
        if _SECURITY_PARTY.search(text, start, end):
            return set()  # "NPHD dana pengamanan": theirs
        if not _SIGNING.search(text, start, end):
            continue  # "sesuai NPHD": an agreement named, not its signing
        named = {b.body for b in bodies if start <= b.start < end}
        if not named:
            return set()  # a signing whose parties the text does not name: anyone's
        parties |= named
    return {"Polri", "TNI"} - parties if parties else set()


def _stages_by_document(
    text: str,
    records: list[PressRecord],
    bodies: list[BodyMention] | None = None,
    spans: list[tuple[int, int]] | None = None,
) -> None:
    """Stages for figures that no word near them placed, from the whole text: beside what a
    body spent or returned, its grant is what it received (disbursed); in a text that never
    speaks of a signed agreement but of plans (menyiapkan, usulan, berita acara), a budget;
    in one that says the grants are paid in full, what was paid; otherwise the agreement
    (nphd). A figure a body received (RECEIVED) was paid in a text that accounts for
    spending, returns or full payment, and is at the text's stage otherwise; money already
    set aside (PREPARED) is the agreed grant in a text that tells of a signed agreement,
    and a budget otherwise. In a text of plans, an amount set or agreed (ditetapkan,
    disepakati) is a budget figure too. Where the text says a body has not signed yet
    (`_unsigned_bodies`), that body's figures are a budget though others have signed; so are
    the police's and the army's where every signing told of is the election bodies' alone
    (`_security_not_party`). A figure that tells an earlier one of its body again, rounded
    ("Rp6.831.757.241 ... Jumlahnya Rp6,8 M"), is at that one's stage (`_rounded_from`)."""
    spent_or_returned = {r.body for r in records if r.stage in ("realized", "returned")}
    # (a report of how the grants were used tells of money paid: "para penerima
    # melaporkan penggunaan belanja hibah itu")
    fully_paid = _told_paid(text) or bool(_USE_REPORTED.search(text))
    # what a text that never names the agreement but minutes signs is the minutes:
    # "menandatangani berita acara kesepakatan ... Penandatanganan berlangsung Kamis"
    only_minutes = not _AGREEMENT_NAMED.search(text) and _MINUTES_NAMED.search(text)
    signed = not only_minutes and any(_signed(text, m) for m in _AGREEMENT.finditer(text))
    if fully_paid:
        default = "disbursed"
    elif signed:
        default = "nphd"
    elif _STAGE_PATTERN["budget"].search(text) or _PLAN.search(text):
        default = "budget"
    else:
        default = "nphd"
    accounts = fully_paid or bool(spent_or_returned)
    unsigned = _unsigned_bodies(text, bodies or [])
    if default == "nphd":
        unsigned |= _security_not_party(text, bodies or [], spans or [(0, len(text))])
    for record in records:
        own = "budget" if record.body in unsigned else default
        if record.stage == RECEIVED:
            record.stage = "disbursed" if accounts else own
        elif record.stage == PREPARED:
            record.stage = "nphd" if signed and own != "budget" else "budget"
        elif not record.stage_cued:
            told = _rounded_from(record, records)
            if told is not None:
                record.stage = told.stage
            else:
                record.stage = "disbursed" if record.body in spent_or_returned else own
        elif record.stage == "nphd" and default == "budget":
            record.stage = "budget"  # "ditetapkan", "disepakati" with no agreement signed


def _rounded_from(record: PressRecord, records: list[PressRecord]) -> PressRecord | None:
    """The last figure of the same body before ``record`` that ``record`` gives rounded or cut
    to its own last digit, told more exactly there."""
    found = None
    for earlier in records:
        if earlier is record:
            return found
        if (
            earlier.body == record.body
            and earlier.amount.precision < record.amount.precision
            and record.amount.restates(earlier.amount.value)
        ):
            found = earlier
    return found


# An agreement still to come: "NPHD dijadwalkan diteken Rabu", "belum meneken NPHD",
# "NPHD-nya masih berproses"; or only likely: "Penandatanganan NPHD kemungkinan serentak
# di 27 kabupaten/kota", "NPHD bakal diteken".
_NOT_YET = re.compile(
    r"\b(?:belum|akan|bakal|sebelum|dijadwalkan|direncanakan|ditargetkan|rencananya|"
    r"menunggu|kemungkinan|mungkin|masih\s+(?:dalam\s+)?(?:ber)?proses)\b",
    re.I,
)
# The rest of the agreement's name after the word found: "(penandatanganan) Naskah
# Perjanjian Hibah Daerah (NPHD)", "(Naskah Perjanjian) Hibah Daerah (NPHD)".
_NAME_REST = re.compile(
    r"(?:\s+(?:naskah|nota))?(?:\s+perjanjian)?(?:\s+hibah)?(?:\s+daerah)?"
    r"(?:\s*\(\s*NPHD\s*\)|\s+NPHD\b)?",
    re.I,
)
# What was signed was the record of an agreed amount, not the agreement: "penandatanganan
# berita acara kesepakatan besaran hibah", "berita acara (BA) hibah yang diteken".
_MINUTES = re.compile(r"\bberita acara\b[^.;]{0,60}$", re.I)


def _signed(text: str, agreement: re.Match[str]) -> bool:
    """Whether the agreement ``text`` names there is one signed, not one still to come nor
    the minutes of an amount agreed."""
    # in its sentence: up to 100 characters before it ("Penyalurannya dijadwalkan November
    # 2023 lewat penandatanganan Naskah Perjanjian Hibah Daerah (NPHD)"), 25 after the
    # agreement's full name ("Penandatanganan Naskah Perjanjian Hibah Daerah (NPHD)
    # dijadwalkan 14 Oktober")
    lo = max(0, agreement.start() - 100)
    stops = [m.end() for m in re.finditer(r"[.;]", text[lo : agreement.start()])]
    lo += stops[-1] if stops else 0
    rest = _NAME_REST.match(text, agreement.end())  # "Naskah Perjanjian" + "Hibah Daerah ..."
    name_end = rest.end() if rest else agreement.end()
    if _NOT_YET.search(text, lo, name_end + 25):
        return False
    word = agreement.group(0).lower()
    if word in ("nphd", "naskah perjanjian", "perjanjian hibah"):
        return True
    after = text[agreement.end() : agreement.end() + 30]
    return not (
        _MINUTES.search(text, max(0, agreement.start() - 60), agreement.start())
        or re.match(r"\s+berita acara\b", after, re.I)
    )


def _stage(
    sentence: str,
    before: str,
    after: str,
    figures_in_sentence: int,
    year: int | None = None,
    next_follows: bool = False,
) -> str | None:
    """The stage cue nearest the figure in its own clause (a disbursement that the clause
    places in a tranche is that tranche); the sentence's when it holds this figure alone;
    else None (the caller falls back to the figure before it, then to nphd). ``after`` runs
    to the next figure when ``next_follows``, else to the sentence's end; ``year`` is the
    text's, which "tahun ini" means. WHOLE: the figure is a whole grant, at the stage the
    text gives its grants (_stages_by_document)."""
    if year is not None:  # "tahun ini" in a text of 2023 is 2023: the first tranche
        before, after, sentence = (_absolute_years(t, year) for t in (before, after, sentence))
    if _IN_INSTALMENTS.search(after.split(".")[0]):
        return WHOLE
    # both tranches named together ("pembayaran tahap I dan II ... Rp30 miliar") are no one
    # tranche, nor two clauses: the figure is what was paid of both
    before, after = _BOTH_TRANCHES.sub("", before), _BOTH_TRANCHES.sub("", after)
    after = _CUE_OF_NEXT.sub("", after) if next_follows else after
    # "tahap pertama (40% dari nilai NPHD) sebesar Rp93.324.091.326": the agreement a share
    # is taken of, not the figure's stage
    before = _SHARE_OF_THE_AGREEMENT.sub(" ", before)
    whole_before, whole_after = before, after
    # (the sentence's first figure only: a later one's breakdown follows a figure)
    head = _HEAD_OF_BREAKDOWN.match(before) if sentence.startswith(before) else None
    spent = _SPENT_AFTER.match(after)
    if spent and _NOT_ALL.search(before):
        # "tidak semua dana Pilkada yang diterima, Rp 705 milliar, terpakai": what was not
        # all spent is the whole, not the spending
        after, spent = "", None
    if spent:
        if spent.group("rest").strip(" ,") or not next_follows:
            return "realized"
        after = ""  # "Rp9,6 miliar terpakai Rp8,3 miliar": the spending is the next figure's
    pieces = _CLAUSE_SPLIT.split(before)
    if not pieces[-1].strip() and before.rstrip().endswith(","):
        # "sementara sisanya, Rp 22,8 miliar, ...": set off by commas, the figure is the
        # clause's before them
        pieces = [p for p in pieces if p.strip()] or [""]
    if len(pieces) > 1 and _HEDGE_ONLY.fullmatch(pieces[-1]):
        # "mencairkan tahap pertama, sedikitnya Rp 30 miliar": a hedge is no clause
        pieces[-1] = pieces[-2] + pieces[-1]
    before = pieces[-1]
    # ", yakni 40 persen dari ...": what follows the figure in apposition describes it
    after = _CLAUSE_SPLIT.split(_APPOSITION.sub(" ", after, count=1), maxsplit=1)[0]
    if _SHARE_OF.search(before):
        # "40 persen dari nilai NPHD Rp200 miliar": the whole the share is of, the agreed
        # one unless its clause says it is proposed ("70 persen dari Rp 13,6 M yang diajukan")
        return "budget" if _nearest_cue("", after) == "budget" else "nphd"
    found = _nearest_cue(before, after)
    if found == "returned" and _STILL_TO_PAY.search(after) and _REMAINDER.search(before + after):
        found = "tranche_2"  # "Sisa hibah sebesar Rp 8,5 miliar ... akan disalurkan Agustus"
    if (
        found in (None, "disbursed", RECEIVED)
        and _HANDED.search(before)
        and _TO_GRANTOR.match(after)
    ):
        found = "returned"  # "menyerahkan secara simbolis Rp12,1 miliar kepada Gubernur"
    if _NOT_YET_PAID.search(before):
        found = "tranche_2"  # "baru cair Rp 9 miliar, jadi yang belum itu Rp 14 miliar"
    if head and found in (None, "disbursed", RECEIVED):
        # "Tahun ini 40%, yakni untuk KPU Rp15,6 miliar dan ...", "Tahap pertama tahun 2023:
        # KPU Jatim menerima Rp488.645.617.000": a payment in the tranche the head names
        share = _nearest_cue(head.group("head"), "")
        if share in ("tranche_1", "tranche_2"):  # a share, not a verb
            found = share
    if found in ("returned", "realized") and _WHOLE_OF_TAIL.search(before):
        found = "disbursed"  # "sisa itu berasal dari hibah total Rp11 miliar": the whole
    if found is None and figures_in_sentence == 1:
        found = _nearest_cue(whole_before, whole_after)  # the sentence's, nearest the figure
    if found is None and _PER_AGREEMENT.match(sentence):
        found = "nphd"  # "Menurut NPHD, anggaran ... terdiri atas Rp X untuk KPU ..."
    if found == "nphd" and _UNSIGNED.search(sentence):
        found = "budget"  # "... belum meneken NPHD, tetapi anggaran Bawaslu ... sebesar Rp X"
    return found


_NOT_ALL = re.compile(r"\b(?:tidak|tak|belum)\s+(?:semua|seluruh)\w*\b", re.I)
_SHARE_OF_THE_AGREEMENT = re.compile(
    r"\b\d+\s*(?:%|persen)\s+dari\s+(?:nilai\s+|total\s+|pagu\s+)?NPHD\b", re.I
)
# Words that do not make a clause of their own between a comma and a figure.
_HEDGE_ONLY = re.compile(
    r"\s*(?:(?:sedikitnya|setidaknya|sekitar|kurang\s+lebih|hanya|baru|sebesar|senilai)\s*)+",
    re.I,
)
# A sentence that gives the agreement's figures: "Menurut Nota Perjanjian Hibah Daerah
# (NPHD), anggaran ...", "Berdasarkan NPHD, ...", "Sesuai dengan NPHD, ..."
_PER_AGREEMENT = re.compile(
    r"\s*(?:menurut|berdasarkan|sesuai(?:\s+dengan)?)\s+(?:(?:naskah|nota)\s+)?"
    r"(?:NPHD|perjanjian\s+hibah)\b",
    re.I,
)
# Money a body hands to the government that granted it goes back: it is returned.
_HANDED = re.compile(r"\b(?:menyerahkan|menyetor(?:kan)?|mentransfer(?:kan)?)\b", re.I)
_TO_GRANTOR = re.compile(
    r"\s*(?:\w+\s+){0,3}?(?:kepada|ke)\s+(?:Gubernur|Bupati|Wali\s*Kota|Walikota|Pemprov|"
    r"Pemkab|Pemkot|Pemda|pemerintah\s+(?:provinsi|kabupaten|kota|daerah)|kas\s+daerah|"
    r"rekening\s+(?:kas|pemda|daerah))\b",
    re.I,
)
# "yang belum (cair) itu", "Sisa yang belum terealisasi, ": the part not yet paid, said
# before its figure; so is the rest of a payment ("pembayaran yang tersisa Rp14 miliar")
_NOT_YET_PAID = re.compile(
    r"(?:\byang\s+belum(?:\s+(?:(?:di)?(?:cair|cairkan|salurkan|transfer|bayar|realisasi)\w*|"
    r"terealisasi))?|"
    r"\b(?:pembayaran|pencairan|penyaluran)\s+(?:yang\s+)?(?:tersisa|sisa))"
    r"(?:\s+(?:itu|ini))?\s*(?:sebesar\s*|senilai\s*)?$",
    re.I,
)
# A remainder still to be paid is the rest of the grant, not money returned.
_REMAINDER = re.compile(r"\bsisa(?:nya)?\b", re.I)
_STILL_TO_PAY = re.compile(
    r"\b(?:(?:akan|segera)\s+(?:di)?(?:salurkan|cairkan|transfer|bayarkan)\w*|"
    r"belum\s+(?:di)?(?:salurkan|cairkan|cair|transfer)\w*)",
    re.I,
)


# The first figure of a breakdown that a clause heads: "Tahun ini 40%, yakni untuk KPU",
# "Sisanya 60% pada 2024, yaitu KPU", "Sisanya, 60 persen, dipindahbukukan: KPU". The
# share the head names (a tranche) is the breakdown's; a verb there ("uangnya sudah
# disiapkan penuh: Rp 43 miliar untuk ...") describes the whole, not the parts.
_HEAD_OF_BREAKDOWN = re.compile(
    r"^(?P<head>[^;:]+?)(?::|[,:]\s*(?:yakni|yaitu|rinciannya|terdiri\s+(?:dari|atas)|"
    r"masing-masing|untuk)\b)[^,;:]*$",  # "Tahap kedua, 60 persen, untuk KPU Rp ..."
    re.I,
)


# "mengembalikan Rp 200 ribu dari hibah Rp 5,6 miliar": the whole a part is taken from
_WHOLE_WORDS = r"(?:(?:total|hibah|dana|anggaran|jumlah|pagu)\s+)"
_WHOLE_OF = re.compile(rf"^\s*dari\s+{_WHOLE_WORDS}*(?:sebesar\s+|senilai\s+)?$", re.I)
# the same at the end of a clause, a word of the whole named: "sisa itu berasal dari hibah "
_WHOLE_OF_TAIL = re.compile(rf"\bdari\s+{_WHOLE_WORDS}+(?:sebesar\s+|senilai\s+)?$", re.I)
_NEXT_YEAR_BUDGET = re.compile(r"^\s*(?:dari|melalui|lewat|pada)\s+APBD\s+(?:\w+\s+)?2024\b", re.I)
_NEXT_YEAR_BUDGET_BEFORE = re.compile(
    r"\b(?:dari|melalui|lewat|pada|dan)\s+APBD\s+(?:\w+\s+)?2024\s*(?:sebesar|senilai)?\s*$",
    re.I,
)


# A value changed to: "nilainya turun menjadi Rp83 miliar, kemudian turun lagi menjadi"
_CHANGED_TO = re.compile(
    r"\b(?:turun|naik|berkurang|bertambah|dipangkas|direvisi)\s+(?:lagi\s+|kembali\s+)?"
    r"menjadi\s*(?:sebesar\s*|senilai\s*)?$",
    re.I,
)


def _proposal_revised(
    before: str, body: str, earlier: list[PressRecord], in_sentence: list[PressRecord]
) -> bool:
    """Whether the figure, of no stage word of its own, is a value the figure before it of
    its body was changed to (``in_sentence`` then ``earlier``, the last first), that one a
    proposal: "KPU Bangkalan awalnya mengajukan Rp93 miliar. Setelah harmonisasi, nilainya
    turun menjadi Rp83 miliar" is a proposal still, until the text says it is agreed
    ("hingga akhirnya disepakati sebesar Rp53 miliar")."""
    if not _CHANGED_TO.search(before):
        return False
    told = (r for r in (*reversed(in_sentence), *reversed(earlier)) if r.body == body)
    last = next(told, None)
    return last is not None and last.stage == "budget"


def _whole_spent_from(before_stage: str, before: str) -> bool:
    """Whether the figure is the whole that the figure before it, spent or returned, is a
    share of: "terserap sekitar Rp8 miliar atau 67 persen dari total dana hibah Rp11,9
    miliar" (the grant received, not the one agreed, as a share paid is of:
    "baru menerima 30 persen dari alokasi Rp75 miliar")."""
    return before_stage in ("returned", "realized") and bool(_SHARE_OF.search(before))


def _stage_beside(before_stage: str, same_body: bool, before: str, after: str) -> str | None:
    """The stage of a figure with no word of its own, from the figure before it in its
    sentence (at ``before_stage``): the whole that a remainder returned or a sum spent is
    taken from is what was paid out ("mengembalikan Rp 200 ribu dari hibah Rp 5,6 miliar");
    the same body's part of the next year's budget after its first tranche is the second
    ("Rp56.664.000.000 dari APBD 2023 dan Rp84.996.000.000 dari APBD 2024", "Rp13,55
    miliar, sedangkan melalui APBD 2024 sebesar Rp20,18 miliar", "perubahan APBD 2023 Rp1,8
    miliar dan APBD 2024 Rp48,7 miliar")."""
    if before_stage in ("returned", "realized") and _WHOLE_OF.match(before):
        return "disbursed"
    if before_stage in ("tranche_1", "tranche_2", "disbursed") and (
        _WHOLE_OF.match(before) or (same_body and _WHOLE_OF_TAIL.search(before))
    ):
        # "Polda Malut Rp 20 miliar dari total Rp 35 miliar", "baru merealisasikan Rp 32,87
        # miliar ke KPU dari total dana hibah Rp 82,16 miliar": the agreed whole
        return "nphd"
    if (
        before_stage == "tranche_1"
        and same_body
        and (_NEXT_YEAR_BUDGET.match(after) or _NEXT_YEAR_BUDGET_BEFORE.search(before))
    ):
        return "tranche_2"
    return None


# An election named by its year: "untuk pilkada tahun depan" dates the election, not a payment
_ELECTION_OF = (
    r"(?P<election>\b(?:pilkada|pemilihan|pemilu|pilgub|pilbup|pilwalkot)(?:\s+serentak)?\s+)?"
)


def _absolute_years(text: str, year: int) -> str:
    """ "tahun ini" as the year it means: "pada 2023", a time, which the tranche cues read;
    after an election's name only the year ("pilkada 2024"), which they do not."""

    def absolute(m: re.Match[str]) -> str:
        when = year + _RELATIVE_YEAR[m.group("relative").lower()]
        return f"{m.group('election')}{when}" if m.group("election") else f"pada {when}"

    return re.sub(
        _ELECTION_OF + r"\b(?P<relative>tahun (?:lalu|ini|depan))\b", absolute, text, flags=re.I
    )


# A year's share budgeted, told before its figure: "pada 2023 dianggarkan Rp15,6 miliar
# untuk KPU" is the first tranche of a grant paid over two budget years, not a plan (not
# "Rp22,9 miliar ..., dianggarkan dalam APBD 2023": the whole, budgeted in one year).
_BUDGETED = re.compile(r"^(?:di|meng)anggarkan$", re.I)


_BOTH_TRANCHES = re.compile(
    r"\b(?:tahap|termin)\s+(?:pertama|kesatu|satu|I|1)\s+(?:dan|serta|&)\s+"
    r"(?:(?:tahap|termin)\s+)?(?:kedua|dua|II|2)\b",
    re.I,
)


def _nearest_cue(before: str, after: str) -> str | None:
    """The stage of the cue nearest the figure in ``before`` and ``after``; a payment that a
    tranche cue there places, or a year's share budgeted before the figure, is that
    tranche."""
    hits: list[tuple[int, int, str, str, bool]] = []
    for priority, (stage, cue) in enumerate(_STAGE_CUES):
        hits += [(len(before) - m.end(), priority, stage, m[0], True) for m in cue.finditer(before)]
        hits += [(m.start(), priority, stage, m[0], False) for m in cue.finditer(after)]
    if not hits:
        return None
    _, _, stage, word, told_before = min(hits)
    tranches = sorted(h for h in hits if h[2] in ("tranche_1", "tranche_2"))
    if tranches and (
        stage in ("disbursed", RECEIVED)
        or (stage == "budget" and told_before and _BUDGETED.match(word))
    ):
        _, _, stage, word, _ = tranches[0]
    if stage in ("tranche_1", "tranche_2") and _SHARE_WORD.match(word):
        # the share is the weakest sign of the tranche: the budget year, the tranche's
        # number or the rest say which ("60 persen atau sekitar Rp9 miliar melalui APBD
        # Perubahan 2023" is the first: a grantor may pay 60 percent first)
        other = [h for h in tranches if h[2] != stage and not _SHARE_WORD.match(h[3])]
        if other:
            return other[0][2]
    return stage


_SHARE_WORD = re.compile(r"^\d+\s?(?:persen|%)", re.I)
