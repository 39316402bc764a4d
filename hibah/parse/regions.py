"""Region names and codes as disclosures write them → Kemendagri codes.

`Gazetteer` is built from the region reference (code, name, level, province) handed to it;
it does no I/O. `match` tolerates ``Kab.``/``Kabupaten``/``Pemkab``/``Pemkot``/``Pemprov``,
case, spacing and hyphens (``Tanjung Balai``/``Tanjungbalai``, ``Toli-Toli``/``Tolitoli``),
the short forms the press uses (Kukar, Kutim, PPU, Kaltara, Jabar, Sulsel, NTB ...), and
small typos. Every match says how it was made (``method``) and how sure it is
(``confidence``); a name that fits several regions (``Pekalongan``: the regency and the
city) comes back with its candidates and a lower confidence, never a silent pick.

Codes: `Gazetteer.read_code` reads the code a table gives, checked against the name beside
it. What real tables write:

- Kemendagri codes of the 2025 edition, dotted (``65.03`` Nunukan), which the reference uses.
- The 2022 edition in force during the election, in which Papua Barat Daya's regencies kept
  their Papua Barat codes (92.xx); the 2025 list gives them 96.xx (`to_current_code`).
- BPS codes, plain (``6503`` is Tana Tidung, ``6504`` Nunukan), through BPS's own bridge to
  Kemendagri codes (raw/reference/bps-kemendagri.csv). KPU documents write Kemendagri codes
  without the dot too ("…/6503/2024" is Nunukan), so a plain four-digit code is read both
  ways; the table's header (Kode BPS, Kode Kemendagri) or the region's name must decide when
  the two readings differ. The bridge predates the 2022 split of Papua, so a BPS code there
  is read only when the name confirms it.
- A spreadsheet that kept a code as a number writes 65.10 as 65.1: the zero is put back.

A code that contradicts its name is refused, never silently preferred.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from hibah.parse.region_names import (
    BPS_SPLIT_PROVINCES,
    FORMER_NAMES,
    PAPUA_BARAT_DAYA_2022_TO_2025,
    SHORT_FORMS,
)
from hibah.parse.vocabulary import is_region_code

_PREFIXES: list[tuple[re.Pattern[str], str]] = [
    (
        re.compile(r"^(?:pemerintah\s+)?(?:provinsi|prov|pemprov|pemerintah provinsi)\b\.?\s*"),
        "provinsi",
    ),
    (
        re.compile(r"^(?:pemerintah\s+)?(?:kabupaten|kab|pemkab|pemerintah kabupaten)\b\.?\s*"),
        "kabupaten",
    ),
    (re.compile(r"^(?:pemerintah\s+)?(?:kota|pemkot|pemerintah kota)\b\.?\s*"), "kota"),
]
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
    method: str  # exact | short-form | former-name | spelling | fuzzy | ambiguous | none
    confidence: float
    candidates: tuple[str, ...] = field(default=())


_METHOD_WORDS = {
    "exact": "name matched exactly",
    "short-form": "short form",
    "former-name": "former name",
    "spelling": "spelling variant",
    "fuzzy": "close spelling",
    "ambiguous": "ambiguous name",
    "none": "no name matched",
    "unit-area": "the area of the unit named, as no grantor is",
}


def describe(match: RegionMatch) -> str:
    """How a region was found, for a record's note: "name matched exactly (1.00)"."""
    return f"{_METHOD_WORDS.get(match.method, match.method)} ({match.confidence:.2f})"


@dataclass(frozen=True)
class CodeReading:
    """What a code cell (with the name beside it) says. ``rule_id`` is set when the row must
    be refused: region-code-ambiguous or region-code-conflict, with ``expected``/``detail``
    for the message. Otherwise ``code`` is the Kemendagri code to load; an unreadable code
    comes back as written for the schema to refuse."""

    code: str | None
    # kemendagri, kemendagri-2022 (translated to 2025), kemendagri-plain (no dot),
    # kemendagri-zero (last zero put back), bps, or as-written (nothing read)
    method: str
    note: str | None = None
    # below 1 for a plain code read the one way that fits, or a code missing its last zero
    confidence: float = 1.0
    rule_id: str | None = None
    expected: str = ""
    detail: str = ""


def normalise(name: str) -> tuple[str | None, str]:
    """(level hint, bare key) of a name: "Pemkab Kutai  Kartanegara" → ("kabupaten", ...)."""
    s = re.sub(r"[^\w\s-]", " ", name.lower())
    s = re.sub(r"\bkep\b", "kepulauan", s)  # "Kep. Riau", "Kab. Kep. Siau Tagulandang Biaro"
    s = re.sub(r"\s+", " ", s).strip()
    level = None
    for pattern, hint in _PREFIXES:
        if pattern.match(s):
            level, s = hint, pattern.sub("", s, count=1).strip()
            break
    return level, s


def _compact(key: str) -> str:
    return re.sub(r"[\s-]+", "", key)


_PLAIN = re.compile(r"^[0-9]{2}(?:[0-9]{2})?$")  # BPS: 65, 6503
_ZERO_DROPPED = re.compile(r"^\d{2}\.\d$")  # 65.10 kept as a number by a spreadsheet: 65.1


# A region's name, then its province: after a comma, in parentheses, or after "Prov."
_QUALIFIED = re.compile(
    r"(?P<name>.+?)\s*(?:,|\(|\s(?=prov(?:insi)?\b))\s*(?P<province>[^,()]+?)\s*\)?",
    re.IGNORECASE,
)


class Gazetteer:
    """Names and codes → regions, over the region reference (and BPS bridge) handed to it."""

    def __init__(self, regions: Iterable[Region], bps: dict[str, str] | None = None):
        self.regions = {r.code: r for r in regions}
        self.bps = dict(bps or {})  # BPS code → Kemendagri code (2025 edition)
        self._by_key: dict[str, list[Region]] = {}
        self._by_compact: dict[str, list[Region]] = {}
        for region in self.regions.values():
            bare = _LEVEL_PREFIX.sub("", region.name.lower())
            key = normalise(bare)[1]
            self._by_key.setdefault(key, []).append(region)
            self._by_compact.setdefault(_compact(key), []).append(region)
        # Other names → (level, name in the reference, method): short forms, former names,
        # and island regencies without "Kepulauan" ("Selayar", "Sangihe") where that is unique.
        self._aliases: dict[str, tuple[str, str, str]] = {
            **{k: (lv, n, "short-form") for k, (lv, n) in SHORT_FORMS.items()},
            **{k: (lv, n, "former-name") for k, (lv, n) in FORMER_NAMES.items()},
        }
        for key, found in self._by_key.items():
            island = key.removeprefix("kepulauan ")
            if island != key and island not in self._by_key and found[0].level != "provinsi":
                self._aliases.setdefault(island, (found[0].level, found[0].name, "short-form"))

    def match(
        self, name: str, level: str | None = None, province: str | None = None
    ) -> RegionMatch:
        """Best region for ``name``; ``level``/``province`` narrow it when the text says so,
        and so does a province the name itself gives after it (``Kabupaten Nunukan,
        Kalimantan Utara``, ``Kab. Nunukan (Kaltara)``, ``Kab. Nunukan Prov. Kaltara``): a
        region of another province is no match. Words after a comma or in parentheses that
        name no province are left out when the whole name matches nothing."""
        found = self._match(name, level, province)
        if found.code and found.method != "fuzzy":
            return found
        qualified = _QUALIFIED.fullmatch(name.strip())
        if qualified:
            where = self._match(qualified["province"], "provinsi", None)
            if where.code:  # the name's own province decides, fuzzy reading or none
                inner = self._match(qualified["name"], level, where.code)
                if inner.code and self.regions[inner.code].province_code == where.code:
                    return inner
                if inner.method == "ambiguous":
                    return inner
                return RegionMatch(None, None, "none", 0.0)
            if found.method == "none":  # what follows is no province: "Kota Baubau (Bau-Bau)"
                return self._match(qualified["name"], level, province)
        return found

    def _match(self, name: str, level: str | None, province: str | None) -> RegionMatch:
        hint, key = normalise(name)
        level = level or hint
        if not key:
            return RegionMatch(None, None, "none", 0.0)
        if key in self._aliases and (level is None or self._aliases[key][0] == level):
            alias_level, alias_of, method = self._aliases[key]
            bare = normalise(_LEVEL_PREFIX.sub("", alias_of.lower()))[1]
            found = self._pick(self._by_compact.get(_compact(bare), []), alias_level, province)
            if found.code:
                return RegionMatch(found.code, found.name, method, 0.95)
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

    def read_code(self, text: str, name: str = "", system: str | None = None) -> CodeReading:
        """The Kemendagri code a table's code cell means, checked against the row's name.

        ``system`` is what the column header says: "kemendagri", "bps" or None (unsaid).
        """
        code = text.strip()
        readings = [r for r in self._readings(code, system) if r[0] in self.regions]
        if not readings:  # nothing known: the schema says what is wrong with it
            return CodeReading(code, "as-written")
        named = self.match(name) if name.strip() else None
        fits = set(named.candidates) | ({named.code} if named.code else set()) if named else set()
        agreeing = [r for r in readings if r[0] in fits]
        if agreeing:
            found, method = agreeing[0]
            return CodeReading(found, method, self._note(code, found, method, confirmed=True))
        if named and (named.method == "ambiguous" or named.confidence >= 0.95):
            return CodeReading(
                None,
                "conflict",
                rule_id="region-code-conflict",
                expected=" or ".join(self._describe(c, m) for c, m in readings),
                detail=f"{name.strip()!r}, which is {self._describe_name(named)}"
                + self._bps_hint(code, fits),
            )
        codes = {c for c, _ in readings}
        if len(codes) > 1:
            return CodeReading(
                None,
                "ambiguous",
                rule_id="region-code-ambiguous",
                expected=" or ".join(self._describe(c, m) for c, m in readings),
                detail="a BPS code has no dot; give the region's name"
                if system == "bps"
                else "say which in the header (Kode BPS or Kode Kemendagri) or give the "
                "region's name",
            )
        found, method = readings[0]
        if method == "bps" and code[:2] in BPS_SPLIT_PROVINCES:
            return CodeReading(
                None,
                "ambiguous",
                rule_id="region-code-ambiguous",
                expected=self._describe(found, method),
                detail="BPS's bridge predates the 2022 split of Papua, so a BPS code there "
                "needs the region's name to confirm it",
            )
        # A plain code that nothing names the system of, read the only way that fits (the
        # other system has no such code), and a code missing its last zero: likely, not
        # certain.
        if _ZERO_DROPPED.match(code):
            confidence, why = 0.95, "a spreadsheet number drops a code's last zero"
        elif system is None and _PLAIN.match(code) and len(code) == 4 and len(readings) == 1:
            confidence, why = 0.9, "no other reading fits"
        else:
            confidence, why = 1.0, ""
        note = self._note(code, found, method, confirmed=False)
        if note and why:
            note += f" ({confidence:.2f}: {why})"
        return CodeReading(found, method, note, confidence)

    def _readings(self, code: str, system: str | None) -> list[tuple[str, str]]:
        """(Kemendagri code, method) for each way the code can be read. A dotted code is
        Kemendagri's form wherever it stands (with one digit after the dot, a number that lost
        its last zero); a plain one is BPS's when the header says so, and either when
        nothing says and it has four digits."""
        if _ZERO_DROPPED.match(code) and system != "bps":
            current, translated = to_current_code(code + "0")
            return [(current, "kemendagri-2022" if translated else "kemendagri-zero")]
        if not (is_region_code(code) or _PLAIN.match(code)):
            return []
        out: list[tuple[str, str]] = []
        if system != "bps" or "." in code:
            dotted = code if len(code) == 2 or "." in code else f"{code[:2]}.{code[2:]}"
            current, translated = to_current_code(dotted)
            method = "kemendagri-plain" if len(code) == 4 else "kemendagri"
            out.append((current, "kemendagri-2022" if translated else method))
        plain = code.replace(".", "")
        if (system == "bps" or (system is None and len(code) == 4)) and plain in self.bps:
            out.append((self.bps[plain], "bps"))
        return out

    def _describe(self, code: str, method: str) -> str:
        how = {
            "bps": "as a BPS code",
            "kemendagri-plain": "as a Kemendagri code",
            "kemendagri-2022": "in the 2022 edition",
            "kemendagri-zero": "with its last zero put back",
        }.get(method, "")
        return f"{self.regions[code].name} ({code}){' ' + how if how else ''}"

    def _describe_name(self, named: RegionMatch) -> str:
        if named.code:
            return f"{named.name} ({named.code})"
        return " or ".join(f"{self.regions[c].name} ({c})" for c in named.candidates)

    def _bps_hint(self, code: str, fits: set[str]) -> str:
        """A dotted code that is the named region's BPS code with a dot put in."""
        plain = code.replace(".", "")
        if "." in code and self.bps.get(plain) in fits:
            return f"; {plain} is its BPS code"
        return ""

    def _note(self, code: str, found: str, method: str, confirmed: bool) -> str | None:
        region = f"{found} {self.regions[found].name}" + (", name agrees" if confirmed else "")
        if method == "bps":
            return f"region code {code} read as a BPS code: {region}"
        if method == "kemendagri-plain":
            return f"region code {code} read as a Kemendagri code: {region}"
        if method == "kemendagri-2022":
            return f"region code {code} of the 2022 edition is {region} since 2025"
        if method == "kemendagri-zero":
            return f"region code {code} read as {region}"
        return None


def to_current_code(code: str) -> tuple[str, bool]:
    """(code in the 2025 edition, whether it was translated from the 2022 edition)."""
    if code in PAPUA_BARAT_DAYA_2022_TO_2025:
        return PAPUA_BARAT_DAYA_2022_TO_2025[code], True
    return code, False
