"""Recipient bodies, stages and region codes: the words disclosures use, mapped to the
canonical vocabulary of the allocation record."""

from __future__ import annotations

import re

BODIES = ("KPU", "Bawaslu", "Polri", "TNI")
STAGES = ("budget", "nphd", "tranche_1", "tranche_2", "disbursed", "realized", "returned")
LEVELS = ("provinsi", "kabupaten", "kota")
ELECTION_OF_LEVEL = {"provinsi": "gubernur", "kabupaten": "bupati", "kota": "walikota"}

# The names a body and its units go by, as written: the first words of a table's body cell,
# the names press text uses. Aceh's KPU is KIP and its Bawaslu is Panwaslih; Polri grants go
# to Polda/Polres/Polresta units, TNI grants to Kodam, Korem, Kodim, Lanal, Lanud and the
# military police.
BODY_NAMES: dict[str, tuple[str, ...]] = {
    "KPU": ("KPU", "KPUD", "KIP", "Komisi Pemilihan Umum", "Komisi Independen Pemilihan"),
    "Bawaslu": (
        "Bawaslu",
        "Panwaslih",
        "Panwaslu",
        "Badan Pengawas Pemilu",
        "Badan Pengawas Pemilihan Umum",
    ),
    "Polri": (
        "Polri",
        "Polda",
        "Polres",
        "Polresta",
        "Polrestabes",
        "Kepolisian Daerah",
        "Kepolisian Resor",
        "Kepolisian Resort",
        "Kepolisian Negara",
        "Kepolisian",
        "Satbrimob",
        "Brimob",
    ),
    "TNI": (
        "TNI",
        "Kodam",
        "Korem",
        "Kodim",
        "Lanal",
        "Lanud",
        "Lantamal",
        "Subdenpom",
        "Denpom",
        "Pomdam",
        "Satradar",
        "Yonif",
        "Koramil",
        "Komando Daerah Militer",
        "Komando Resor Militer",
        "Komando Distrik Militer",
    ),
}


def body_pattern(body: str) -> str:
    """A regular expression (no flags) for the names of ``body``, longest first."""
    names = sorted(BODY_NAMES[body], key=len, reverse=True)
    escaped = (r"\s+".join(re.escape(word) for word in n.split()) for n in names)
    return r"\b(?:" + "|".join(escaped) + r")\b"


# A table's body or recipient cell may name the body's office or its head first
# ("Sekretariat KPU Kabupaten Nunukan", "Satker Polres Bulungan"), or its head alone
# ("Kapolres Nunukan", "Dandim 0911"): such words are read in cells, not in press text,
# where a police chief is more often the one speaking than the one paid.
_OFFICE = (
    r"(?:(?:sekretariat(?:\s+jenderal)?|setjen|kantor|satker|satuan\s+kerja|ketua|kepala)\s+)?"
)
_HEADS = {
    "Polri": ("Kapolri", "Kapolda", "Kapolres", "Kapolresta", "Kapolrestabes"),
    "TNI": ("Panglima", "Pangdam", "Danrem", "Dandim", "Danlanal", "Danlanud"),
}


def _cell_pattern(body: str) -> re.Pattern[str]:
    """A table cell naming ``body``: its name or unit first (after its office), or its head."""
    pattern = "^" + _OFFICE + body_pattern(body)
    if body in _HEADS:
        pattern += "|^(?:" + "|".join(_HEADS[body]) + r")\b"
    return re.compile(pattern, re.I)


_BODY_PATTERNS = [(_cell_pattern(b), b) for b in BODY_NAMES]

# The words that name a stage in a table: a stage cell ("Tahap II", "Pengembalian") is one
# of them whole, an amount column's header ("Nilai NPHD", "Realisasi Tahap I") holds one.
# In order of precedence: "Pencairan Tahap I" is tranche 1, not disbursed. (Press releases
# signal stages in running text instead, with verbs and shares: parse/press/stages.py.)
STAGE_TERMS: dict[str, str] = {
    "tranche_1": r"tranche_1|(?:(?:pencairan|penyaluran) )?(?:tahap|termin) (?:i|1|pertama)",
    "tranche_2": r"tranche_2|(?:(?:pencairan|penyaluran) )?(?:tahap|termin) (?:ii|2|kedua)",
    "returned": r"returned|pengembalian(?: sisa)?|(?:sisa )?dikembalikan|sisa",
    "realized": r"realized|realisasi(?: belanja)?",
    "disbursed": r"disbursed|pencairan|penyaluran|disalurkan|dicairkan|tersalur",
    "nphd": r"nphd|(?:naskah )?perjanjian(?: hibah(?: daerah)?)?",
    "budget": r"budget|usulan|pagu|apbd|dianggarkan",
}
# A stage cell "Anggaran" names the budget; in a header, "Anggaran" is any amount.
_BUDGET_CELL = "anggaran"
_STAGE_TERMS = [(re.compile(rf"\b(?:{terms})\b"), stage) for stage, terms in STAGE_TERMS.items()]

# Kemendagri code, dotted: 65 (province) or 65.03 (regency/city), ASCII digits only (so that
# Python and SQL agree: schemas/sql.py compiles the same pattern for DuckDB).
PROVINCE_CODE_PATTERN = r"[0-9]{2}"  # Kemendagri: 65
REGION_CODE_PATTERN = r"[0-9]{2}(\.[0-9]{2})?"  # a province (65) or a regency or city (65.03)
_REGION_CODE = re.compile(REGION_CODE_PATTERN)
_PROVINCE_CODE = re.compile(PROVINCE_CODE_PATTERN)


def parse_body(text: str) -> str | None:
    """Canonical body for a body or recipient-unit name, or None when it is none of the four."""
    s = re.sub(r"\s+", " ", str(text or "").strip().lower())
    for pattern, body in _BODY_PATTERNS:
        if pattern.match(s):
            return body
    return None


def parse_stage(text: str) -> str | None:
    """Canonical stage for a stage label (``NPHD``, ``Tahap II``, ``Pengembalian``), or None;
    also as tables dress one: with its share (``Tahap I (40%)``), an ordinal (``Tahap
    ke-2``), a hyphen or a full stop (``Tahap-I.``), a year (``APBD 2023``), words that
    name no stage (``Penandatanganan NPHD``, ``Sisa Dana``), when one stage is named."""
    s = re.sub(r"[\s_]+", " ", str(text or "").strip().lower())
    s = s.replace("tranche ", "tranche_")
    if s == _BUDGET_CELL:
        return "budget"
    exact = next((stage for pattern, stage in _STAGE_TERMS if pattern.fullmatch(s)), None)
    if exact or not s:
        return exact
    s = re.sub(r"\([^)]*\)|\d+(?:[.,]\d+)?\s*(?:%|persen)|\b(?:19|20)\d{2}\b", " ", s)
    s = re.sub(r"\bke\s*-?\s*(?=\d|i\b|ii\b)", "", s)
    named, rest = stages_named_in(re.sub(r"\s+", " ", re.sub(r"[-.,:;/]", " ", s)).strip())
    if named[:1] in (["tranche_1"], ["tranche_2"]) and "disbursed" in named:
        named.remove("disbursed")  # a tranche is paid out: "Pencairan Tahap I"
    if len(named) != 1 or set(rest.split()) - _STAGE_FILLER:
        return None
    return named[0]


# Words around a stage in a table's stage cell that name none.
_STAGE_FILLER = {"penandatanganan", "kesepakatan", "dana", "hibah", "nilai", "transfer"}


def stages_named_in(text: str) -> tuple[list[str], str]:
    """Every stage a text names, in precedence (``Pencairan Tahap I`` names tranche 1 only,
    not also disbursed), and the text left without their words."""
    named = []
    for pattern, stage in _STAGE_TERMS:
        if pattern.search(text):
            named.append(stage)
            text = pattern.sub(" ", text)
    return named, text


def stage_named_in(text: str) -> str | None:
    """The stage a header names among its words (``Nilai NPHD (Rp)`` → nphd), or None."""
    return next((stage for pattern, stage in _STAGE_TERMS if pattern.search(text)), None)


def is_region_code(code: str) -> bool:
    """True for a dotted Kemendagri province (``65``) or regency/city (``65.03``) code."""
    return bool(_REGION_CODE.fullmatch(code or ""))


def is_province_code(code: str) -> bool:
    """True for a Kemendagri province code (``65``)."""
    return bool(_PROVINCE_CODE.fullmatch(code or ""))


def level_of_code(code: str) -> str | None:
    """``provinsi`` for ``65``, ``kota`` for ``65.71`` (city codes from 71), else ``kabupaten``."""
    if not is_region_code(code):
        return None
    if "." not in code:
        return "provinsi"
    return "kota" if int(code.split(".")[1]) >= 71 else "kabupaten"
