"""Region names as disclosures write them → Kemendagri codes, with method and confidence."""

from __future__ import annotations

import pytest

from hibah.ingest.reference import gazetteer_from_csv
from hibah.parse.region_names import FORMER_NAMES, SHORT_FORMS
from hibah.parse.regions import to_current_code
from tests.conftest import RAW


@pytest.fixture(scope="module")
def gazetteer():
    return gazetteer_from_csv(RAW / "reference" / "regions.csv")


@pytest.mark.parametrize(
    ("name", "code", "method"),
    [
        ("Kabupaten Nunukan", "65.03", "exact"),
        ("Kab. Nunukan", "65.03", "exact"),
        ("Pemkab Nunukan", "65.03", "exact"),
        ("NUNUKAN", "65.03", "exact"),
        ("Pemkot  Probolinggo", "35.74", "exact"),
        ("Pemprov Jawa Barat", "32", "exact"),
        ("Tanjung Balai", "12.74", "spelling"),
        ("Kota Tanjungbalai", "12.74", "exact"),
        ("Toli-Toli", "72.04", "exact"),
        ("Tolitoli", "72.04", "spelling"),
        ("Fakfak", "92.03", "spelling"),
        ("Kota Baubau", "74.72", "spelling"),
        ("Kukar", "64.02", "short-form"),
        ("Kutim", "64.08", "short-form"),
        ("Kotim", "62.02", "short-form"),
        ("PPU", "64.09", "short-form"),
        ("Kaltara", "65", "short-form"),
        ("Jabar", "32", "short-form"),
        ("Jateng", "33", "short-form"),
        ("Jatim", "35", "short-form"),
        ("Sulsel", "73", "short-form"),
        ("NTB", "52", "short-form"),
        ("NTT", "53", "short-form"),
        ("Pemprov Sumut", "12", "short-form"),
        ("Nunukn", "65.03", "fuzzy"),
        ("Kep. Riau", "21", "exact"),
        ("KEP. BANGKA BELITUNG", "19", "exact"),
        ("Riau", "14", "exact"),
        ("DKI Jakarta", "31", "short-form"),
        ("DI Yogyakarta", "34", "short-form"),
        ("Selayar", "73.01", "short-form"),  # Kabupaten Kepulauan Selayar
        ("Kabupaten Talaud", "71.04", "short-form"),
        ("Siau Tagulandang Biaro", "71.09", "short-form"),
        ("Sitaro", "71.09", "short-form"),
        ("Toba Samosir", "12.12", "former-name"),  # Kabupaten Toba since 2020
        ("Kab. Mamuju Utara", "76.01", "former-name"),  # Pasangkayu since 2017
        ("Maluku Tenggara Barat", "81.03", "former-name"),  # Kepulauan Tanimbar since 2019
    ],
)
def test_names(gazetteer, name, code, method):
    found = gazetteer.match(name)
    assert (found.code, found.method) == (code, method)
    assert 0 < found.confidence <= 1


def test_a_name_of_two_regions_is_ambiguous_until_the_level_is_known(gazetteer):
    found = gazetteer.match("Pekalongan")
    assert (found.code, found.method, found.candidates) == (None, "ambiguous", ("33.26", "33.75"))
    assert found.confidence < 1
    assert gazetteer.match("Pekalongan", level="kota").code == "33.75"
    assert gazetteer.match("Kabupaten Pekalongan").code == "33.26"
    # Kabupaten Banjar (Kalimantan Selatan) or Kota Banjar (Jawa Barat): the province decides.
    assert gazetteer.match("Banjar", province="63").code == "63.03"


@pytest.mark.parametrize(
    ("name", "code", "candidates"),
    [
        ("Kabupaten Nunukan, Kalimantan Utara", "65.03", ()),
        ("Kab. Nunukan (Kaltara)", "65.03", ()),
        ("Kab. Nunukan Prov. Kaltara", "65.03", ()),
        ("Nunukn, Prov. Kalimantan Utara", "65.03", ()),
        ("Banjar, Kalimantan Selatan", "63.03", ()),  # the province decides, as above
        ("Banjar (Jawa Barat)", "32.79", ()),
        ("Kabupaten Nunukan, Jawa Barat", None, ()),  # another province's: no match
        ("Bima, Nusa Tenggara Barat", None, ("52.06", "52.72")),  # not the province
        ("Kabupaten Nunukan, Sebatik", "65.03", ()),  # a district after it, left out
        ("Kota Baubau (Bau-Bau)", "74.72", ()),
    ],
)
def test_a_name_with_its_province_after_it(gazetteer, name, code, candidates):
    found = gazetteer.match(name)
    assert (found.code, found.candidates) == (code, candidates)


def test_unknown_names_do_not_match(gazetteer):
    assert gazetteer.match("Jakarta").code is None
    assert gazetteer.match("Dinas Kesehatan").method == "none"


def test_every_short_form_and_former_name_resolves(gazetteer):
    for short, (level, _) in (SHORT_FORMS | FORMER_NAMES).items():
        found = gazetteer.match(short)
        assert found.code, short
        assert ("." not in found.code) == (level == "provinsi"), short


def test_papua_barat_daya_codes_of_the_2022_edition_map_to_2025():
    assert to_current_code("92.01") == ("96.01", True)  # Kabupaten Sorong
    assert to_current_code("92.71") == ("96.71", True)  # Kota Sorong
    assert to_current_code("92.02") == ("92.02", False)  # Manokwari stayed in Papua Barat
    assert to_current_code("65.03") == ("65.03", False)
