"""Region names and codes as disclosures write them → Kemendagri codes.

`Gazetteer` is built from the region reference (code, name, level, province) handed to it;
it does no I/O. `match` tolerates ``Kab.``/``Kabupaten``/``Pemkab``/``Pemkot``/``Pemprov``,
case, spacing and hyphens (``Tanjung Balai``/``Tanjungbalai``, ``Toli-Toli``/``Tolitoli``),
the short forms the press uses (Kukar, Kutim, PPU, Kaltara, Jabar, Sulsel, NTB ...), and
small typos. Every match says how it was made (``method``) and how sure it is
(``confidence``); a name that fits several regions (``Pekalongan``: the regency and the
city) comes back with its candidates and a lower confidence, never a silent pick.

Code editions: during the 2024 election the 2022 Kemendagri list was in force, in which
Papua Barat Daya's regencies kept their Papua Barat codes (92.xx); the 2025 list gives them
96.xx. `to_current_code` maps the old codes to the ones the reference uses.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

# Papua Barat Daya, 2022 edition (92.xx, in force during the election) → 2025 edition (96.xx).
PAPUA_BARAT_DAYA_2022_TO_2025: dict[str, str] = {
    "92.01": "96.01",  # Kabupaten Sorong
    "92.04": "96.02",  # Kabupaten Sorong Selatan
    "92.05": "96.03",  # Kabupaten Raja Ampat
    "92.09": "96.04",  # Kabupaten Tambrauw
    "92.10": "96.05",  # Kabupaten Maybrat
    "92.71": "96.71",  # Kota Sorong
}
PAPUA_BARAT_DAYA_2025_TO_2022 = {v: k for k, v in PAPUA_BARAT_DAYA_2022_TO_2025.items()}

# Short forms used by officials and the press → (level, name as in the reference).
SHORT_FORMS: dict[str, tuple[str, str]] = {
    # provinces
    "jabar": ("provinsi", "Jawa Barat"), "jateng": ("provinsi", "Jawa Tengah"),
    "jatim": ("provinsi", "Jawa Timur"), "diy": ("provinsi", "Daerah Istimewa Yogyakarta"),
    "dki": ("provinsi", "Daerah Khusus Ibukota Jakarta"),
    "sumut": ("provinsi", "Sumatera Utara"), "sumbar": ("provinsi", "Sumatera Barat"),
    "sumsel": ("provinsi", "Sumatera Selatan"), "babel": ("provinsi", "Kepulauan Bangka Belitung"),
    "kepri": ("provinsi", "Kepulauan Riau"), "kalbar": ("provinsi", "Kalimantan Barat"),
    "kalteng": ("provinsi", "Kalimantan Tengah"), "kalsel": ("provinsi", "Kalimantan Selatan"),
    "kaltim": ("provinsi", "Kalimantan Timur"), "kaltara": ("provinsi", "Kalimantan Utara"),
    "sulut": ("provinsi", "Sulawesi Utara"), "sulteng": ("provinsi", "Sulawesi Tengah"),
    "sulsel": ("provinsi", "Sulawesi Selatan"), "sultra": ("provinsi", "Sulawesi Tenggara"),
    "sulbar": ("provinsi", "Sulawesi Barat"), "ntb": ("provinsi", "Nusa Tenggara Barat"),
    "ntt": ("provinsi", "Nusa Tenggara Timur"), "malut": ("provinsi", "Maluku Utara"),
    "pbd": ("provinsi", "Papua Barat Daya"), "papbar": ("provinsi", "Papua Barat"),
    # regencies
    "kukar": ("kabupaten", "Kutai Kartanegara"), "kutim": ("kabupaten", "Kutai Timur"),
    "kubar": ("kabupaten", "Kutai Barat"), "ppu": ("kabupaten", "Penajam Paser Utara"),
    "mahulu": ("kabupaten", "Mahakam Ulu"), "kotim": ("kabupaten", "Kotawaringin Timur"),
    "kobar": ("kabupaten", "Kotawaringin Barat"), "hss": ("kabupaten", "Hulu Sungai Selatan"),
    "hst": ("kabupaten", "Hulu Sungai Tengah"), "hsu": ("kabupaten", "Hulu Sungai Utara"),
    "kotabaru": ("kabupaten", "Kotabaru"), "tanbu": ("kabupaten", "Tanah Bumbu"),
    "batola": ("kabupaten", "Barito Kuala"), "muba": ("kabupaten", "Musi Banyuasin"),
    "mura": ("kabupaten", "Musi Rawas"), "muratara": ("kabupaten", "Musi Rawas Utara"),
    "oku": ("kabupaten", "Ogan Komering Ulu"), "oki": ("kabupaten", "Ogan Komering Ilir"),
    "oku timur": ("kabupaten", "Ogan Komering Ulu Timur"),
    "oku selatan": ("kabupaten", "Ogan Komering Ulu Selatan"),
    "pali": ("kabupaten", "Penukal Abab Lematang Ilir"),
    "babar": ("kabupaten", "Bangka Barat"), "bateng": ("kabupaten", "Bangka Tengah"),
    "basel": ("kabupaten", "Bangka Selatan"), "beltim": ("kabupaten", "Belitung Timur"),
    "lotim": ("kabupaten", "Lombok Timur"), "loteng": ("kabupaten", "Lombok Tengah"),
    "lobar": ("kabupaten", "Lombok Barat"), "klu": ("kabupaten", "Lombok Utara"),
    "ksb": ("kabupaten", "Sumbawa Barat"), "halsel": ("kabupaten", "Halmahera Selatan"),
    "halut": ("kabupaten", "Halmahera Utara"), "halbar": ("kabupaten", "Halmahera Barat"),
    "halteng": ("kabupaten", "Halmahera Tengah"), "haltim": ("kabupaten", "Halmahera Timur"),
    "tts": ("kabupaten", "Timor Tengah Selatan"), "ttu": ("kabupaten", "Timor Tengah Utara"),
    "sbd": ("kabupaten", "Sumba Barat Daya"), "abdya": ("kabupaten", "Aceh Barat Daya"),
    "agara": ("kabupaten", "Aceh Tenggara"), "aceh tamiang": ("kabupaten", "Aceh Tamiang"),
    "labura": ("kabupaten", "Labuhanbatu Utara"), "labusel": ("kabupaten", "Labuhanbatu Selatan"),
    "paluta": ("kabupaten", "Padang Lawas Utara"), "madina": ("kabupaten", "Mandailing Natal"),
    "tapsel": ("kabupaten", "Tapanuli Selatan"), "taput": ("kabupaten", "Tapanuli Utara"),
    "tapteng": ("kabupaten", "Tapanuli Tengah"), "sergai": ("kabupaten", "Serdang Bedagai"),
    "humbahas": ("kabupaten", "Humbang Hasundutan"), "bolmong": ("kabupaten", "Bolaang Mongondow"),
    "minut": ("kabupaten", "Minahasa Utara"), "minsel": ("kabupaten", "Minahasa Selatan"),
    "mitra": ("kabupaten", "Minahasa Tenggara"), "konsel": ("kabupaten", "Konawe Selatan"),
    "konut": ("kabupaten", "Konawe Utara"), "kolut": ("kabupaten", "Kolaka Utara"),
    "koltim": ("kabupaten", "Kolaka Timur"), "pangkep": ("kabupaten", "Pangkajene dan Kepulauan"),
    "sidrap": ("kabupaten", "Sidenreng Rappang"), "tator": ("kabupaten", "Tana Toraja"),
    "torut": ("kabupaten", "Toraja Utara"), "lutra": ("kabupaten", "Luwu Utara"),
    "lutim": ("kabupaten", "Luwu Timur"), "kkt": ("kabupaten", "Kepulauan Tanimbar"),
    "sbb": ("kabupaten", "Seram Bagian Barat"), "sbt": ("kabupaten", "Seram Bagian Timur"),
    "ktt": ("kabupaten", "Tana Tidung"), "tanjabbar": ("kabupaten", "Tanjung Jabung Barat"),
    "tanjabtim": ("kabupaten", "Tanjung Jabung Timur"), "kkr": ("kabupaten", "Kubu Raya"),
    "inhil": ("kabupaten", "Indragiri Hilir"), "inhu": ("kabupaten", "Indragiri Hulu"),
    "kuansing": ("kabupaten", "Kuantan Singingi"), "rohil": ("kabupaten", "Rokan Hilir"),
    "rohul": ("kabupaten", "Rokan Hulu"), "meranti": ("kabupaten", "Kepulauan Meranti"),
    "pasbar": ("kabupaten", "Pasaman Barat"), "pesisel": ("kabupaten", "Pesisir Selatan"),
    "lamsel": ("kabupaten", "Lampung Selatan"), "lamtim": ("kabupaten", "Lampung Timur"),
    "lamteng": ("kabupaten", "Lampung Tengah"), "lampura": ("kabupaten", "Lampung Utara"),
    "lambar": ("kabupaten", "Lampung Barat"), "tuba": ("kabupaten", "Tulang Bawang"),
    "tubaba": ("kabupaten", "Tulang Bawang Barat"), "pesibar": ("kabupaten", "Pesisir Barat"),
    "bengkulu selatan": ("kabupaten", "Bengkulu Selatan"),
    # cities
    "jakpus": ("kota", "Jakarta Pusat"), "jaksel": ("kota", "Jakarta Selatan"),
    "tangsel": ("kota", "Tangerang Selatan"), "banjarbaru": ("kota", "Banjarbaru"),
}  # fmt: skip

_PREFIXES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^(?:pemerintah\s+)?(?:provinsi|prov|pemprov|pemerintah provinsi)\b\.?\s*"),
     "provinsi"),
    (re.compile(r"^(?:pemerintah\s+)?(?:kabupaten|kab|pemkab|pemerintah kabupaten)\b\.?\s*"),
     "kabupaten"),
    (re.compile(r"^(?:pemerintah\s+)?(?:kota|pemkot|pemerintah kota)\b\.?\s*"), "kota"),
]  # fmt: skip
_LEVEL_PREFIX = re.compile(r"^(provinsi|kabupaten|kota)\s+(?:administrasi\s+)?")


@dataclass(frozen=True)
class Region:
    code: str
    name: str  # canonical: "Kabupaten Nunukan", "Provinsi Kalimantan Utara"
    level: str
    province_code: str


@dataclass(frozen=True)
class RegionMatch:
    code: str | None  # None when nothing fits or several fit equally
    name: str | None
    method: str  # exact | short-form | spelling | fuzzy | ambiguous | none
    confidence: float
    candidates: tuple[str, ...] = field(default=())


def normalise(name: str) -> tuple[str | None, str]:
    """(level hint, bare key) of a name: "Pemkab Kutai  Kartanegara" → ("kabupaten", ...)."""
    s = re.sub(r"[^\w\s-]", " ", name.lower())
    s = re.sub(r"\s+", " ", s).strip()
    level = None
    for pattern, hint in _PREFIXES:
        if pattern.match(s):
            level, s = hint, pattern.sub("", s, count=1).strip()
            break
    return level, s


def _compact(key: str) -> str:
    return re.sub(r"[\s-]+", "", key)


class Gazetteer:
    """Names → regions, over the region reference handed to it."""

    def __init__(self, regions: Iterable[Region]):
        self.regions = {r.code: r for r in regions}
        self._by_key: dict[str, list[Region]] = {}
        self._by_compact: dict[str, list[Region]] = {}
        for region in self.regions.values():
            bare = _LEVEL_PREFIX.sub("", region.name.lower())
            key = normalise(bare)[1]
            self._by_key.setdefault(key, []).append(region)
            self._by_compact.setdefault(_compact(key), []).append(region)

    def match(
        self, name: str, level: str | None = None, province: str | None = None
    ) -> RegionMatch:
        """Best region for ``name``; ``level``/``province`` narrow it when the text says so."""
        hint, key = normalise(name)
        level = level or hint
        if not key:
            return RegionMatch(None, None, "none", 0.0)
        if key in SHORT_FORMS and (level is None or SHORT_FORMS[key][0] == level):
            short_level, short_name = SHORT_FORMS[key]
            found = self._pick(self._by_compact.get(_compact(normalise(short_name)[1]), []),
                               short_level, province)  # fmt: skip
            if found.code:
                return RegionMatch(found.code, found.name, "short-form", 0.95)
        for table, method, confidence in (
            (self._by_key, "exact", 1.0),
            (self._by_compact, "spelling", 0.97),
        ):
            lookup = key if table is self._by_key else _compact(key)
            if lookup in table:
                found = self._pick(table[lookup], level, province)
                if found.code or found.method == "ambiguous":
                    return (
                        found
                        if found.method == "ambiguous"
                        else RegionMatch(found.code, found.name, method, confidence)
                    )
        close = difflib.get_close_matches(_compact(key), self._by_compact, n=2, cutoff=0.88)
        if close:
            found = self._pick(self._by_compact[close[0]], level, province)
            if found.code:
                ratio = difflib.SequenceMatcher(None, _compact(key), close[0]).ratio()
                return RegionMatch(found.code, found.name, "fuzzy", round(0.9 * ratio, 3))
        return RegionMatch(None, None, "none", 0.0)

    def _pick(self, regions: list[Region], level: str | None, province: str | None) -> RegionMatch:
        pool = [r for r in regions if level is None or r.level == level]
        if province:
            pool = [r for r in pool if r.province_code == province] or pool
        if len(pool) == 1:
            r = pool[0]
            return RegionMatch(r.code, r.name, "exact", 1.0)
        if len(pool) > 1:
            # Without a level, a province name means the province ("Riau", "Lampung")
            # only when no regency or city shares it; otherwise say it is ambiguous.
            codes = tuple(sorted(r.code for r in pool))
            return RegionMatch(None, None, "ambiguous", 0.5, codes)
        return RegionMatch(None, None, "none", 0.0)


def to_current_code(code: str) -> tuple[str, bool]:
    """(code in the 2025 edition, whether it was translated from the 2022 edition)."""
    if code in PAPUA_BARAT_DAYA_2022_TO_2025:
        return PAPUA_BARAT_DAYA_2022_TO_2025[code], True
    return code, False
