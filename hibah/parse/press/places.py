"""Which region grants a figure: the regions a text names, its dateline, the units' areas."""

from __future__ import annotations

import re

from hibah.parse.regions import Gazetteer, RegionMatch

_REGION_MENTION = re.compile(
    r"\b(?P<kind>Pemkab|Pemkot|Pemprov|Pemerintah (?:Kabupaten|Kota|Provinsi)|Kabupaten|Kab\.|"
    r"Kota|Provinsi|Bupati|Wali ?kota|Gubernur|Pilgub|Pilbup|Pilwalkot|"
    # a regional office named after its region: "Kepala Bakesbangpol Lampung Barat"
    r"Ba?kesbangpol(?:inmas)?|B(?:PK|K|P)AD|Bappeda|Sekda|Setda)\s+"
    r"(?P<name>[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*){0,3})"
)


_BODY_PLACE = re.compile(
    r"\b(?:KPUD?|KIP|Bawaslu|Panwaslih)\s+(?:(?P<level>Provinsi|Kabupaten|Kota)\s+)?"
    r"(?P<name>[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*){0,3})"
)
_LEVEL_OF_KIND = {
    "pemkab": "kabupaten",
    "pemerintah kabupaten": "kabupaten",
    "kabupaten": "kabupaten",
    "kab.": "kabupaten",
    "bupati": "kabupaten",
    "pilbup": "kabupaten",
    "pemkot": "kota",
    "pemerintah kota": "kota",
    "kota": "kota",
    "walikota": "kota",
    "wali kota": "kota",
    "pilwalkot": "kota",
    "pemprov": "provinsi",
    "pemerintah provinsi": "provinsi",
    "provinsi": "provinsi",
    "gubernur": "provinsi",
    "pilgub": "provinsi",
}
_DATELINE = re.compile(
    r"^[\s#*_]*(?P<name>[A-Z][A-Za-z]+(?: [A-Z][A-Za-z]+){0,2})\s*(?:\(|[,\u2013-])"
)


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
        provinces = [
            r
            for _, r in _region_mentions(text[s_start:s_end], gazetteer)
            if r.code and "." not in r.code
        ]
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
