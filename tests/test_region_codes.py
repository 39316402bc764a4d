"""Region codes as tables write them: Kemendagri codes of two editions, dotted or plain, and
BPS codes through BPS's bridge (raw/reference/bps-kemendagri.csv), each checked against the
name beside it."""

from __future__ import annotations

import csv

import pytest

from hibah.catalogue import message
from hibah.ingest.files import RawFile
from hibah.ingest.reference import (
    BPS_CODES_FILE,
    gazetteer_from_csv,
    read_bps_codes,
    read_regions,
    reference_file,
    region_lookup,
)
from hibah.ingest.tabular import read_table
from tests.conftest import RAW

REGIONS = RAW / "reference" / "regions.csv"
BRIDGE = RAW / BPS_CODES_FILE


@pytest.fixture(scope="module")
def gazetteer():
    return gazetteer_from_csv(REGIONS)


def bridge_rows() -> list[dict[str, str]]:
    with BRIDGE.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter=";"))


def test_the_bridge_covers_every_province_and_regency_once():
    regions = read_regions(reference_file(REGIONS))
    bridge = read_bps_codes(reference_file(BRIDGE), regions)
    assert len(bridge) == len(regions) - 4 == 548  # all but the four provinces formed in 2022
    missing = set(regions["region_code"]) - set(bridge["region_code"])
    assert missing == {"93", "94", "95", "96"}  # Papua Selatan, Tengah, Pegunungan, Barat Daya
    assert bridge["bps_code"].is_unique and bridge["region_code"].is_unique


def test_the_issue_example_and_the_papua_moves():
    by_bps = {r["kode_bps"]: r for r in bridge_rows()}
    assert by_bps["6503"]["kode_wilayah"] == "65.04"  # Tana Tidung
    assert by_bps["6504"]["kode_wilayah"] == "65.03"  # Nunukan
    assert by_bps["1101"]["kode_wilayah"] == "11.09"  # Simeulue (Kemendagri 11.01: Aceh Selatan)
    assert by_bps["94"]["kode_wilayah"] == "91"  # Papua: BPS 94, Kemendagri 91
    assert by_bps["91"]["kode_wilayah"] == "92"  # Papua Barat: BPS 91, Kemendagri 92
    # The bridge's 2020 codes carried into the 2025 edition.
    assert (by_bps["9401"]["kode_kemendagri_2020"], by_bps["9401"]["kode_wilayah"]) == (
        "91.01",
        "93.01",
    )  # Merauke, now Papua Selatan
    assert (by_bps["9107"]["kode_kemendagri_2020"], by_bps["9107"]["kode_wilayah"]) == (
        "92.01",
        "96.01",
    )  # Kabupaten Sorong, now Papua Barat Daya
    # The trailing zero the source's CSV dropped is back.
    assert by_bps["1102"]["kode_kemendagri_2020"] == "11.10"


def test_every_bps_name_is_the_name_of_the_region_it_is_bridged_to(gazetteer):
    for row in bridge_rows():
        bps = row["kode_bps"]
        level = "provinsi" if len(bps) == 2 else "kota" if bps[2] == "7" else "kabupaten"
        found = gazetteer.match(row["nama_bps"], level=level, province=row["kode_wilayah"][:2])
        assert found.code == row["kode_wilayah"], (bps, row["nama_bps"], found)


def test_a_bridge_row_that_drifts_from_the_region_reference_stops_the_run(tmp_path):
    text = BRIDGE.read_text(encoding="utf-8").replace(
        "6503;TANA TIDUNG;65.04;65.04;Kabupaten Tana Tidung",
        "6503;TANA TIDUNG;65.04;65.03;Kabupaten Tana Tidung",
    )
    path = tmp_path / "bps-kemendagri.csv"
    path.write_text(text, encoding="utf-8")
    regions = read_regions(reference_file(REGIONS))
    with pytest.raises(
        ValueError,
        match=r"bps-kemendagri\.csv: row \d+: kode_wilayah '65\.03' is "
        r"'Kabupaten Nunukan' in the region reference",
    ):
        read_bps_codes(reference_file(path), regions)


@pytest.mark.parametrize(
    ("code", "name", "system", "expected", "method"),
    [
        ("65.03", "", None, "65.03", "kemendagri"),
        ("65.03", "Kabupaten Nunukan", None, "65.03", "kemendagri"),
        ("65", "Pemprov Kaltara", None, "65", "kemendagri"),
        ("6503", "", "bps", "65.04", "bps"),
        ("6503", "Kab. Tana Tidung", None, "65.04", "bps"),
        ("6503", "Nunukan", None, "65.03", "kemendagri-plain"),
        ("6503", "", "kemendagri", "65.03", "kemendagri-plain"),
        ("3201", "", None, "32.01", "kemendagri-plain"),  # BPS 3201 is Bogor too
        ("1101", "Simeulue", None, "11.09", "bps"),
        ("92.01", "", None, "96.01", "kemendagri-2022"),  # Kabupaten Sorong
        ("92.71", "Kota Sorong", None, "96.71", "kemendagri-2022"),
        ("9401", "Merauke", "bps", "93.01", "bps"),
        ("94", "Provinsi Papua", "bps", "91", "bps"),
        ("12.12", "Kabupaten Toba Samosir", None, "12.12", "kemendagri"),  # its former name
        ("33.26", "Pekalongan", None, "33.26", "kemendagri"),  # a name of two regions
        ("12.1", "Labuhanbatu", None, "12.10", "kemendagri-zero"),  # 12.10 as a number
        ("11.1", "", None, "11.10", "kemendagri-zero"),
        ("92.1", "Maybrat", None, "96.05", "kemendagri-2022"),
    ],
)
def test_codes_that_read_one_way(gazetteer, code, name, system, expected, method):
    reading = gazetteer.read_code(code, name, system)
    assert (reading.code, reading.method, reading.rule_id) == (expected, method, None)


def test_notes_say_how_a_code_was_read(gazetteer):
    assert gazetteer.read_code("65.03").note is None
    assert gazetteer.read_code("6503", "Tana Tidung").note == (
        "region code 6503 read as a BPS code: 65.04 Kabupaten Tana Tidung, name agrees"
    )
    assert gazetteer.read_code("92.01").note == (
        "region code 92.01 of the 2022 edition is 96.01 Kabupaten Sorong since 2025"
    )
    # Kemendagri 64.11 and BPS 6411 are both Mahakam Ulu: certain without a name.
    both = gazetteer.read_code("6411")
    assert (both.code, both.confidence) == ("64.11", 1.0)
    # BPS has no 9601 (its bridge predates Papua Barat Daya): Kemendagri's is the only reading.
    only = gazetteer.read_code("9601")
    assert (only.code, only.method, only.confidence) == ("96.01", "kemendagri-plain", 0.9)
    assert only.note == (
        "region code 9601 read as a Kemendagri code: 96.01 Kabupaten Sorong "
        "(0.90: no other reading fits)"
    )


def explain(gazetteer, code, name="", system=None):
    reading = gazetteer.read_code(code, name, system)
    assert reading.code is None
    return reading.rule_id, message(
        reading.rule_id, observed=code, expected=reading.expected, detail=reading.detail
    )


def test_a_plain_code_that_reads_as_two_regions_is_refused(gazetteer):
    assert explain(gazetteer, "6503") == (
        "region-code-ambiguous",
        "region code '6503' is Kabupaten Nunukan (65.03) as a Kemendagri code or Kabupaten "
        "Tana Tidung (65.04) as a BPS code: say which in the header (Kode BPS or Kode "
        "Kemendagri) or give the region's name",
    )
    # Kemendagri 94.01 is Nabire, BPS 9401 Merauke.
    assert explain(gazetteer, "9401")[0] == "region-code-ambiguous"


def test_a_bps_code_in_papua_needs_its_name(gazetteer):
    rule, text = explain(gazetteer, "9401", system="bps")
    assert rule == "region-code-ambiguous"
    assert "predates the 2022 split of Papua" in text and "Kabupaten Merauke (93.01)" in text


def test_a_dotted_code_in_a_bps_column_needs_its_name(gazetteer):
    rule, text = explain(gazetteer, "65.03", system="bps")
    assert rule == "region-code-ambiguous"
    assert text.endswith("a BPS code has no dot; give the region's name")
    assert gazetteer.read_code("65.03", "Tana Tidung", "bps").code == "65.04"


def test_a_code_missing_its_last_zero_is_read_with_less_confidence(gazetteer):
    reading = gazetteer.read_code("11.1")
    assert reading.confidence == 0.95
    assert reading.note == (
        "region code 11.1 read as 11.10 Kabupaten Aceh Singkil "
        "(0.95: a spreadsheet number drops a code's last zero)"
    )
    assert gazetteer.read_code("11.1", "Aceh Singkil").confidence == 1.0
    rule, text = explain(gazetteer, "12.1", "Nunukan")
    assert rule == "region-code-conflict"
    assert "Kabupaten Labuhanbatu (12.10) with its last zero put back" in text


def test_a_code_that_contradicts_its_name_is_refused(gazetteer):
    assert explain(gazetteer, "65.03", "Kabupaten Tana Tidung") == (
        "region-code-conflict",
        "region code '65.03' is Kabupaten Nunukan (65.03), but the row names 'Kabupaten Tana "
        "Tidung', which is Kabupaten Tana Tidung (65.04); 6503 is its BPS code",
    )
    rule, text = explain(gazetteer, "33.26", "Banjar")
    assert rule == "region-code-conflict"
    assert text.endswith("which is Kota Banjar (32.79) or Kabupaten Banjar (63.03)")


def test_an_unknown_code_is_left_for_the_schema(gazetteer):
    for code in ("6599", "65.3", "65-03"):
        reading = gazetteer.read_code(code, "Nunukan")
        assert (reading.code, reading.method, reading.rule_id) == (code, "as-written", None)


def test_a_name_that_cannot_be_read_does_not_overrule_the_code(gazetteer):
    reading = gazetteer.read_code("65.03", "Kantor Bupati")
    assert (reading.code, reading.rule_id) == ("65.03", None)


# Tables synthesised for the code traps, on real figures: Kaltara's NPHD with KPU
# (mitraperbatasan.com, 14 May 2024) and Nunukan's (berita.nunukankab.go.id, 31 Oct 2024).
# The Sorong row's figure is synthetic.
def table(header: str, *rows: str):
    data = ("\n".join([header, *rows]) + "\n").encode("utf-8")
    file = RawFile("codes.csv", RAW / "codes.csv", "sha", len(data), "csv", "allocations")
    regions = read_regions(reference_file(REGIONS))
    return read_table(file, region_lookup(regions), gazetteer_from_csv(REGIONS), data=data)


def test_a_table_of_bps_codes_loads_under_kemendagri_codes():
    read = table(
        "Kode BPS;Lembaga;Tahap;Nilai",
        "65;KPU;NPHD;Rp128.029.355.800",
        "6504;KPU;NPHD;34 miliar rupiah",
    )
    assert read.rejects == []
    records = {r["amount_idr"]: r for r in read.records}
    assert records[128_029_355_800]["region_code"] == "65"
    assert records[34_000_000_000]["region_code"] == "65.03"
    assert records[34_000_000_000]["region_name"] == "Kabupaten Nunukan"
    assert records[34_000_000_000]["note"] == (
        "region code 6504 read as a BPS code: 65.03 Kabupaten Nunukan"
    )


def test_a_table_refuses_rows_whose_code_is_ambiguous_or_contradicts_the_name():
    read = table(
        "Kode;Pemerintah Daerah;Lembaga;Tahap;Nilai",
        "6503;;KPU;NPHD;34 miliar rupiah",
        "65.03;Kabupaten Tana Tidung;KPU;NPHD;34 miliar rupiah",
        "6503;Kabupaten Nunukan;KPU;NPHD;34 miliar rupiah",
        "92.01;Kabupaten Sorong;KPU;NPHD;Rp 1.000.000.000",
    )
    assert sorted((r["row_number"], r["rule_id"]) for r in read.rejects) == [
        (2, "region-code-ambiguous"),
        (3, "region-code-conflict"),
    ]
    assert sorted((r["row_number"], r["region_code"]) for r in read.records) == [
        (4, "65.03"),
        (5, "96.01"),
    ]


def test_a_workbook_whose_codes_are_numbers(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["Kode Wilayah", "Pemerintah Daerah", "Lembaga", "Tahap", "Nilai"])
    # Synthetic figures; the codes are numbers, as Excel keeps 12.10 and 6503 when typed.
    sheet.append([12.1, "Kabupaten Labuhanbatu", "KPU", "NPHD", 30_000_000_000])
    sheet.append([6503, "Kabupaten Tana Tidung", "KPU", "NPHD", 20_000_000_000])
    path = tmp_path / "codes.xlsx"
    book.save(path)
    data = path.read_bytes()
    file = RawFile("codes.xlsx", path, "sha", len(data), "xlsx", "allocations")
    regions = read_regions(reference_file(REGIONS))
    read = read_table(file, region_lookup(regions), gazetteer_from_csv(REGIONS), data=data)
    assert read.rejects == []
    assert [r["region_code"] for r in read.records] == ["12.10", "65.04"]


def test_a_new_bridge_reads_every_file_again(raw_copy, tmp_path):
    from hibah import stages

    cache = tmp_path / "cache"
    stages.ingest(raw_copy, cache)
    assert stages.ingest(raw_copy, cache).unchanged  # nothing changed: read from the cache
    bridge = raw_copy / BPS_CODES_FILE
    bridge.write_text(bridge.read_text(encoding="utf-8").replace(";S I A K;", ";SIAK;"), "utf-8")
    again = stages.ingest(raw_copy, cache)
    assert again.unchanged == []
    assert len(again.references["core.region_codes_bps"]) == 548
