"""Grant records from prose: what is read, what is left out and why.

The texts below are the real passages' sentences (figures as published); the last test runs
the whole shared corpus when it is present.
"""

from __future__ import annotations

import ast
import datetime as dt
import json
import subprocess
import sys

import pytest

from hibah.ingest.reference import gazetteer_from_csv
from hibah.parse.press import Skipped, extract, sentences
from tests.conftest import CORPUS, RAW, ROOT


@pytest.fixture(scope="module")
def gazetteer():
    return gazetteer_from_csv(RAW / "reference" / "regions.csv")


def read(text, gazetteer, published=None):
    skipped: list[Skipped] = []
    records = extract(text, gazetteer, published, skipped)
    got = [(r.body, r.amount.value, r.stage, r.region.code) for r in records]
    return got, {s.text: s.reason for s in skipped}, records


def test_seed_release_yields_the_four_nunukan_grants(gazetteer):
    text = (RAW / "press" / "nunukan-2024-10-31.txt").read_text(encoding="utf-8")
    got, _, records = read(text, gazetteer)
    assert got == [
        ("KPU", 34_000_000_000, "nphd", "65.03"),
        ("Bawaslu", 13_825_000_543, "nphd", "65.03"),
        ("Polri", 5_971_710_000, "nphd", "65.03"),
        ("TNI", 1_028_290_000, "nphd", "65.03"),
    ]
    assert [r.flags for r in records] == [[], ["word-amount-not-round"], [], []]
    assert {r.as_of for r in records} == {dt.date(2024, 10, 31)}
    bawaslu = records[1]
    assert text[bawaslu.start : bawaslu.end] == "13 miliar 825 juta 543 rupiah"
    assert bawaslu.sentence.startswith("Diantaranya dengan mengalokasikan hibah")


def test_several_units_and_pairs_in_one_sentence(gazetteer):
    text = (
        "TENGGARONG – NPHD pengamanan Pilkada 2024 Kabupaten Kutai Kartanegara (Kukar) telah "
        "diteken. Kepala Kesbangpol Rinda Desianti merinci, Polres Kukar menerima Rp 8 "
        "miliar dan Kodim 0906/Kukar Rp 2 miliar, adapun Polres Bontang dan Kodim 0908/Bontang "
        "masing-masing Rp 1 miliar dan Rp 600 juta."
    )
    got, _, records = read(text, gazetteer)
    assert [(b, a) for b, a, _, _ in got] == [
        ("Polri", 8_000_000_000),
        ("TNI", 2_000_000_000),
        ("Polri", 1_000_000_000),
        ("TNI", 600_000_000),
    ]
    assert {code for *_, code in got} == {"64.02"}  # Kukar grants, whatever the unit's town
    assert [r.recipient_unit for r in records][2:] == ["Polres Bontang", "Kodim 0908/Bontang"]


def test_hedged_scale_words_and_a_doubled_symbol_are_read_whole(gazetteer):
    """ "miliaran", "jutaan" (about so many): the scale is kept, the figure approximate; a
    symbol typed twice does not cut the amount off."""
    text = (
        "Pemerintah Kabupaten Nunukan menandatangani NPHD dengan KPU Kabupaten Nunukan "
        "senilai Rp2,5 miliaran, sementara Bawaslu Kabupaten Nunukan menerima Rp500 jutaan. "
        "Polres Nunukan menerima hibah Rp Rp.185.000.000."
    )
    got, _, records = read(text, gazetteer)
    assert [(b, a) for b, a, _, _ in got] == [
        ("KPU", 2_500_000_000),
        ("Bawaslu", 500_000_000),
        ("Polri", 185_000_000),
    ]
    assert [r.amount.approximate for r in records] == [True, True, False]


def test_previous_elections_changes_and_estimates_are_left_out(gazetteer):
    text = (
        "MANADO – Hibah Pemilihan Gubernur Sulut 2024 bagi KPU Sulut ditetapkan Rp82,5 miliar "
        "sesuai NPHD yang diteken Selasa (12/12/2023). Angka itu jauh lebih kecil dibanding "
        "Pilkada 2020 yang menelan Rp220 miliar, atau turun sekitar Rp137,5 miliar."
    )
    got, skipped, _ = read(text, gazetteer)
    assert got == [("KPU", 82_500_000_000, "nphd", "71")]
    assert set(skipped) == {"Rp220 miliar", "sekitar Rp137,5 miliar"}


def test_totals_split_between_bodies_are_left_out_and_parts_kept(gazetteer):
    text = (
        "SOFIFI – Di samping itu, pengamanan dianggarkan Rp 50 miliar, yakni Polda Maluku "
        "Utara sebesar Rp 35 miliar dan Korem 152/Babullah sebesar Rp 15 miliar."
    )
    got, skipped, _ = read(text, gazetteer)
    assert [(b, a) for b, a, _, _ in got] == [("Polri", 35_000_000_000), ("TNI", 15_000_000_000)]
    assert skipped == {"Rp 50 miliar": "total split between bodies or units"}


def test_tranches_carry_the_body_and_take_their_stage(gazetteer):
    text = (
        "KPU Provinsi Lampung memperoleh Rp295.956.908.000, dengan tahap pertama 40% atau "
        "Rp118.382.763.200 dan tahap kedua 60% atau Rp177.574.144.800."
    )
    got, _, _ = read(text, gazetteer)
    assert [(b, a, s) for b, a, s, _ in got] == [
        ("KPU", 295_956_908_000, "nphd"),
        ("KPU", 118_382_763_200, "tranche_1"),
        ("KPU", 177_574_144_800, "tranche_2"),
    ]
    assert {code for *_, code in got} == {"18"}


def test_the_whole_a_share_is_taken_of_is_the_agreement(gazetteer):
    # ANTARA on Papua Barat: the 30 percent is disbursed; Rp75 miliar is the agreed whole.
    text = (
        "Hibah Bawaslu Papua Barat sudah terealisasi penuh sebesar Rp55,04 miliar, sementara "
        "Polda Papua Barat baru menerima 30 persen dari alokasi Rp75 miliar, dan Kodam "
        "XVIII/Kasuari mendapat Rp7,5 miliar."
    )
    got, _, _ = read(text, gazetteer)
    assert [(b, a, s) for b, a, s, _ in got] == [
        ("Bawaslu", 55_040_000_000, "disbursed"),
        ("Polri", 75_000_000_000, "nphd"),
        ("TNI", 7_500_000_000, "nphd"),
    ]


def test_returned_and_spent_funds(gazetteer):
    text = (
        "Ketua KPU Kota Madiun Pita Anjarsari mengatakan pada Senin (28/4) bahwa pihaknya "
        "mendapat hibah Rp21,5 miliar dari Pemkot Madiun; sebanyak Rp15,26 miliar terpakai dan "
        "Rp6,23 miliar dikembalikan ke kas daerah."
    )
    got, skipped, _ = read(text, gazetteer, dt.date(2025, 5, 1))
    # what was spent is the realized stage, which with the remainder returned must add up
    # to what was received: beside them, the grant is what was disbursed
    assert [(b, a, s) for b, a, s, _ in got] == [
        ("KPU", 21_500_000_000, "disbursed"),
        ("KPU", 15_260_000_000, "realized"),
        ("KPU", 6_230_000_000, "returned"),
    ]
    assert got[0][3] == "35.77" and not skipped
    text = (
        "Ketua Bawaslu menyebut hibah pengawasan dari Pemkot Madiun Rp 9,6 miliar terpakai "
        "Rp 8,3 miliar, dan sisa Rp 1,3 miliar sudah disetor balik ke kas daerah."
    )
    got, _, _ = read(text, gazetteer, dt.date(2025, 5, 1))
    assert [(a, s) for _, a, s, _ in got] == [
        (9_600_000_000, "disbursed"),
        (8_300_000_000, "realized"),
        (1_300_000_000, "returned"),
    ]


def test_a_figure_told_again_is_one_figure(gazetteer):
    # Gatra on Batanghari: the agreement's figure, then the chair quoting it
    text = (
        "Batanghari – KPU Kabupaten Batanghari mengantongi hibah Pilkada 2024 sebesar Rp23,7 "
        'miliar. "Kami sudah meneken NPHD; dana Pilkada 2024 sebesar Rp23,7 miliar," ujar '
        "Ketua KPU Batanghari Ahmad Halim, Rabu (20/3)."
    )
    got, skipped, records = read(text, gazetteer, dt.date(2024, 3, 20))
    assert got == [("KPU", 23_700_000_000, "nphd", "15.04")]
    assert records[0].start == text.index("Rp23,7")
    assert list(skipped.values()) == ["the same figure told again"]


def test_a_figure_told_again_at_another_stage_or_region_stays(gazetteer):
    # the agreement's Rp 20 miliar and the Rp 20 miliar paid in 2024 are two figures
    text = (
        "Hibah Polda Jatim Rp 130 miliar dan Kodam V/Brawijaya Rp 20 miliar. Pada tahap kedua "
        "Kodam V/Brawijaya menerima Rp 20 miliar."
    )
    got, _, _ = read(text, gazetteer)
    assert [(b, a, s) for b, a, s, _ in got if b == "TNI"] == [
        ("TNI", 20_000_000_000, "nphd"),
        ("TNI", 20_000_000_000, "tranche_2"),
    ]
    # in a text of several regions, equal figures may be two regions', even where the
    # region of one of them is read wrong (Belitung Timur's, here)
    text = (
        "PANGKALPINANG – Urutan kedua Bangka Selatan, kurang lebih Rp31miliar, yakni KPU Rp24 "
        "miliar lebih dan Bawaslu Rp6 miliar lebih. Kota Pangkalpinang ketiga dengan Rp30 "
        "miliar, terbagi untuk KPU Rp23 miliar lebih dan Bawaslu Rp6 miliar lebih. Yang "
        "terkecil Belitung Timur: KPU Rp16 miliar dan Bawaslu Rp6 miliar."
    )
    got, _, _ = read(text, gazetteer)
    assert [(b, a) for b, a, _, _ in got].count(("Bawaslu", 6_000_000_000)) == 3


def test_the_body_of_the_sentence_before_goes_on(gazetteer):
    # KRjogja on Karanganyar: the figures' sentence names the body only as its speaker
    text = (
        "KARANGANYAR – KPU Karanganyar akan mengembalikan sisa hibah Pilkada 2024 ke kas "
        "daerah. Dari hibah sebesar Rp35 miliar, masih tersisa Rp3,5 miliar yang tidak "
        "terpakai, kata Ketua KPU Karanganyar Daryono. Bawaslu Karanganyar justru mengaku tak "
        'punya sisa. "Kami mendapat hibah Rp7 miliar dan semuanya habis. Kalaupun ada sisa, '
        'paling sejuta dua juta," kata Ketua Bawaslu.'
    )
    got, skipped, records = read(text, gazetteer, dt.date(2025, 2, 18))
    assert [(b, a) for b, a, _, _ in got] == [
        ("KPU", 35_000_000_000),
        ("KPU", 3_500_000_000),
        ("Bawaslu", 7_000_000_000),
    ]
    assert [r.basis for r in records] == ["previous sentence", "carried", "previous sentence"]
    assert got[1][2] == "returned"
    assert skipped == {"dua juta": "total, change, spending, estimate or range"}
    # two bodies in the sentence before: neither is taken
    text = "KPU dan Bawaslu Karanganyar meneken NPHD. Nilainya Rp35 miliar."
    assert read(text, gazetteer)[0] == []


def test_parts_by_year_beside_their_sum_are_left_out(gazetteer):
    # Merdeka on Sigi: spending by year, then its sum; the tranches before stay
    text = (
        "Bawaslu Kabupaten Sigi menerima hibah Rp10 miliar dalam dua tahap: tahap pertama "
        "Rp4 miliar dan tahap kedua Rp6 miliar. Dari jumlah itu Bawaslu Sigi memakai Rp8,1 "
        "miliar pada 2024 dan Rp1,6 miliar pada 2025, sehingga total belanja mencapai Rp9,7 "
        "miliar."
    )
    got, skipped, _ = read(text, gazetteer, dt.date(2025, 5, 10))
    assert [(a, s) for _, a, s, _ in got][1:3] == [
        (4_000_000_000, "tranche_1"),
        (6_000_000_000, "tranche_2"),
    ]
    assert [a for _, a, _, _ in got] == [
        10_000_000_000,
        4_000_000_000,
        6_000_000_000,
        9_700_000_000,
    ]
    assert skipped == {
        "Rp8,1 miliar": "part of the sum after it",
        "Rp1,6 miliar": "part of the sum after it",
    }


def test_bodies_written_as_one_national_figures_pay_and_changes_are_left_out(gazetteer):
    text = (
        "Biak – Rinciannya, KPU Supiori Rp11,8 miliar, Bawaslu Rp3,6 miliar, dan pengamanan "
        "Polri/TNI Rp2 miliar. Anggaran NPHD untuk TNI secara nasional sebesar Rp456,61 "
        "miliar. Honor PPS di 173 desa senilai Rp1,2 miliar belum terbayar. Hibah KPU "
        "Supiori naik sekitar Rp2,5 miliar. Bawaslu Supiori mengajukan Rp10 miliar, sehingga "
        "jumlahnya Rp40 miliar."
    )
    got, skipped, _ = read(text, gazetteer, dt.date(2024, 6, 1))
    assert [(b, a) for b, a, _, _ in got] == [
        ("KPU", 11_800_000_000),
        ("Bawaslu", 3_600_000_000),
        ("Bawaslu", 10_000_000_000),
    ]
    assert skipped == {
        "Rp2 miliar": "total over several bodies",
        "Rp456,61 miliar": "combined, campaign, reserve-fund or national figure",
        "Rp1,2 miliar": "pay of election staff, not a grant",
        "sekitar Rp2,5 miliar": "total, change, spending, estimate or range",
        "Rp40 miliar": "total, change, spending, estimate or range",
    }


def test_a_total_split_by_year_keeps_its_parts_when_another_body_follows(gazetteer):
    # GoWest on Kepri: the KPU's grant by budget year; Bawaslu in the next clause
    text = (
        "KPU Kepri menerima Rp141.660.000.000, terdiri dari Rp56.664.000.000 dari APBD 2023 "
        "dan Rp84.996.000.000 dari APBD 2024; Bawaslu Kepri mendapat Rp57.461.041.000."
    )
    got, _, _ = read(text, gazetteer, dt.date(2024, 7, 9))
    assert [(b, a, s) for b, a, s, _ in got] == [
        ("KPU", 141_660_000_000, "nphd"),
        ("KPU", 56_664_000_000, "tranche_1"),
        ("KPU", 84_996_000_000, "tranche_2"),  # the next year's budget after the first
        ("Bawaslu", 57_461_041_000, "nphd"),
    ]
    assert {code for *_, code in got} == {"21"}


def test_stage_words_returned_proposed_unspent_and_an_agreement_to_come(gazetteer):
    # the whole a remainder is taken from is what was paid out
    text = "Polres Jembrana mengembalikan Rp 200 ribu dari hibah Rp 5,6 miliar."
    got, _, _ = read(text, gazetteer, dt.date(2025, 4, 8))
    assert [(a, s) for _, a, s, _ in got] == [(200_000, "returned"), (5_600_000_000, "disbursed")]
    text = (
        'KPUD Jembrana telah mengembalikan Rp 7,2 miliar. "Dari Rp242 miliar yang kami '
        'ajukan, Bawaslu Jembrana akhirnya mendapat Rp155 miliar." Hibah KPU Jembrana '
        "dialokasikan sebesar Rp15 miliar, dan sebagian tak terpakai."
    )
    got, _, _ = read(text, gazetteer, dt.date(2025, 4, 8))
    assert [(a, s) for _, a, s, _ in got][:2] == [
        (7_200_000_000, "returned"),
        (242_000_000_000, "budget"),
    ]
    assert got[3][2] != "realized"
    # an agreement still to be signed: the figures are a budget, not the agreement's
    text = (
        'Kudus – Pemkab Kudus menyiapkan hibah Pilkada 2024 bagi KPU dan Bawaslu. "Untuk KPU '
        'Kudus Rp33,73 miliar, untuk Bawaslu Kudus Rp8,75 miliar," kata Kepala Kesbangpol. '
        "Penandatanganan NPHD dijadwalkan Rabu (8/11)."
    )
    got, _, _ = read(text, gazetteer, dt.date(2023, 11, 6))
    assert [s for _, _, s, _ in got] == ["budget", "budget"]
    signed = text.replace("dijadwalkan Rabu (8/11)", "digelar Rabu (8/11)")
    assert [s for _, _, s, _ in read(signed, gazetteer, dt.date(2023, 11, 9))[0]] == ["nphd"] * 2


def test_the_milliard_misspelt_is_read_whole_and_a_total_divided_left_out(gazetteer):
    # Tribun Kaltara on Malinau: "milliar" in the lead, "dibagi ke" in the quote
    text = (
        "Dana hibah Pilkada Malinau sebesar Rp 47,5 milliar ini dibagi dua untuk KPU Malinau "
        'Rp 32,5 milliar dan Bawaslu Malinau Rp 15 milliar. "Besarnya Rp 47,5 miliar, dibagi '
        'ke KPU Malinau Rp 32,5 miliar dan Bawaslu Malinau Rp 15 miliar," kata Muliyadi.'
    )
    got, skipped, _ = read(text, gazetteer, dt.date(2023, 11, 4))
    assert [(b, a) for b, a, _, _ in got] == [
        ("KPU", 32_500_000_000),
        ("Bawaslu", 15_000_000_000),
    ]
    assert (
        skipped["Rp 47,5 milliar"]
        == skipped["Rp 47,5 miliar"]
        == ("total split between bodies or units")
    )


@pytest.mark.parametrize(
    "text",
    [
        # campaign funds
        "Kepahiang – Seluruh sumbangan dana kampanye berasal dari calon: Paslon nomor urut 1 "
        "melaporkan Rp800,1 juta, Paslon nomor urut 2 Rp30 juta.",
        # a national total
        "Jakarta – Kementerian Keuangan mencatat dana Pilkada yang sudah disalurkan lewat NPHD "
        "mencapai Rp 37,43 triliun atau 99,75 persen dari total Rp 37,52 triliun.",
        # the 2020 elections
        "Pekanbaru (ANTARA) - Pemprov Riau bersiap menyalurkan hibah Rp364 miliar untuk "
        "Pilkada serentak 2020. Bengkalis memperoleh Rp40 miliar untuk KPU dan Rp10 miliar "
        "untuk Bawaslu.",
        # amounts not named
        "Madiun – Pj Bupati Madiun menyerahkan NPHD pengamanan kepada Polres Madiun dan Kodim "
        "0803/Madiun, Senin, (8/1/24), tanpa menyebut nominalnya.",
    ],
)
def test_negative_texts_yield_nothing(gazetteer, text):
    assert read(text, gazetteer)[0] == []


def test_sentences_survive_decimals_and_abbreviations():
    text = "Pj. Gubernur menyebut Rp. 52 Miliar. Dana Rp 1,3 miliar cair. Selesai."
    assert [text[a:b] for a, b in sentences(text)] == [
        "Pj. Gubernur menyebut Rp. 52 Miliar.",
        "Dana Rp 1,3 miliar cair.",
        "Selesai.",
    ]


@pytest.mark.skipif(not (CORPUS / "passages.jsonl").exists(), reason="shared corpus not present")
def test_corpus_f1_at_least_095_and_nothing_from_negative_passages():
    out = subprocess.run(
        [
            sys.executable,
            str(ROOT / "bench" / "extraction.py"),
            "--corpus",
            str(CORPUS),
            "--file",
            "passages.jsonl",
        ],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    ).stdout
    f1 = float(out.split("F1 ")[1].split()[0])
    assert f1 >= 0.95, out
    assert "negative passages with records: none" in out, out


@pytest.mark.parametrize(
    ("name", "floor", "known_negatives_hit"),
    [
        ("passages-3.jsonl", 0.95, set()),
        ("passages-4.jsonl", 0.95, set()),
        ("passages-5.jsonl", 0.95, set()),
        ("passages-8.jsonl", 0.95, set()),
        ("passages-9.jsonl", 0.95, set()),
        ("passages-10.jsonl", 0.95, set()),
        ("passages-12.jsonl", 0.95, set()),
        ("passages-13.jsonl", 0.95, set()),
        ("passages-14.jsonl", 0.95, set()),
        ("passages-15.jsonl", 0.95, set()),
        ("passages-17.jsonl", 0.95, set()),
        ("passages-18.jsonl", 0.95, set()),
        # misprinted tranches ("Rp 3.756.000" for 3,756 miliar) are read as written, and
        # the warehouse's tranche rules flag them: below the 0.95 of the others
        ("passages-19.jsonl", 0.90, set()),
        ("passages-20.jsonl", 0.90, set()),
        ("passages-21.jsonl", 0.95, set()),
        ("passages-22.jsonl", 0.95, set()),
        ("passages-23.jsonl", 0.95, set()),
        ("passages-24.jsonl", 0.95, set()),
        # two misprints read as written (Rp8,8 miliar for 40% of Rp52 miliar, Rp28.296.513.000
        # for tranches adding up to Rp28.196.513.000), and a figure whose body no sentence names
        ("passages-25.jsonl", 0.85, set()),
        ("passages-26.jsonl", 0.95, set()),
        ("passages-27.jsonl", 0.90, set()),  # a misprinted first tranche read as written
        # one figure told twice, the second time as a ceiling ("pagu"); a remainder's part
        ("passages-28.jsonl", 0.90, set()),
        # bodies named after their figures, a misprint (Rp5 miliar for the Rp50 miliar told
        # twice), a remainder told with no body near it: 0.789
        ("passages-29.jsonl", 0.75, set()),
        # a re-vote's needs in a text that never says grant: 0.875
        ("passages-30.jsonl", 0.85, set()),
        # held out in the rounds before (first read 0.640 and 0.783), development files now
        ("passages-31.jsonl", 0.95, set()),
        # one recipient's name lost in the published text, its figures taken by another: 0.909
        ("passages-32.jsonl", 0.85, set()),
        ("passages-33.jsonl", 0.95, set()),
        # held out in the round before (first read 0.778): a grant for two purposes whose
        # election part is named after the whole, ad hoc lines of a cost plan, spending of
        # one year: 0.800
        ("passages-34.jsonl", 0.75, set()),
        ("passages-35.jsonl", 0.95, set()),
        # held out in the round before (first read 0.826): two figures published without
        # their last three zeros: 0.884
        ("passages-36.jsonl", 0.85, set()),
        ("passages-37.jsonl", 0.95, set()),
        ("passages-39.jsonl", 0.95, set()),
        ("passages-41.jsonl", 0.95, set()),
        # a security grant told again exactly, with its budget year, read twice: 0.957
        ("passages-43.jsonl", 0.90, set()),
        ("passages-45.jsonl", 0.95, set()),
        # a shared need of a regency and its province read as the KPU's: 0.957
        ("passages-47.jsonl", 0.90, set()),
        # a restated whole taking the stage of another body's figure before it: 0.950
        ("passages-49.jsonl", 0.90, set()),
        # held out: no rule was written from their misses (bench/corpus/README.md); the
        # floor guards what they score, it is not a target
        ("passages-6.jsonl", 0.90, set()),
        ("passages-7.jsonl", 0.90, set()),
        ("passages-11.jsonl", 0.90, set()),
        ("passages-16.jsonl", 0.85, set()),
        ("passages-38.jsonl", 0.90, set()),  # 0.929 as first read, 0.963 now
        ("passages-40.jsonl", 0.80, set()),  # 0.862, as first read
        ("passages-42.jsonl", 0.85, set()),  # 0.933, as first read
        ("passages-44.jsonl", 0.50, set()),  # 0.571, as first read
        ("passages-46.jsonl", 0.80, set()),  # 0.842, as first read
        ("passages-48.jsonl", 0.65, set()),  # 0.700, as first read
        ("passages-50.jsonl", 0.80, set()),  # 0.857, as first read
    ],
)
def test_this_projects_passages_f1_floor(name, floor, known_negatives_hit):
    out = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "extraction.py"), "--file", name],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    ).stdout
    assert float(out.split("F1 ")[1].split()[0]) >= floor, out
    hit = out.split("negative passages with records: ")[1].splitlines()[0]
    found = set() if hit == "none" else set(ast.literal_eval(hit))
    assert found <= known_negatives_hit, out


def test_a_total_said_of_one_body_is_that_bodys(gazetteer):
    text = (
        "Hibah untuk Bawaslu Sanggau totalnya Rp14 miliar, tahap I Rp5,6 miliar dan tahap II "
        "Rp8,4 miliar. Naskah itu memberi KPU Sanggau total Rp42 miliar dan Bawaslu Rp14 "
        "miliar. Untuk KPU dan Bawaslu totalnya Rp56 miliar."
    )
    got, skipped, _ = read(text, gazetteer, dt.date(2024, 5, 7))
    assert [(b, a, s) for b, a, s, _ in got] == [
        ("Bawaslu", 14_000_000_000, "nphd"),
        ("Bawaslu", 5_600_000_000, "tranche_1"),
        ("Bawaslu", 8_400_000_000, "tranche_2"),
        ("KPU", 42_000_000_000, "nphd"),
    ]  # Bawaslu's Rp14 miliar told again is read once
    assert skipped["Rp56 miliar"] == "total, change, spending, estimate or range"


def test_an_earlier_election_two_functions_and_islands_are_no_ones(gazetteer):
    text = (
        "Pada pilkada 2019 silam KPU Boyolali mendapat Rp 31 miliar. Untuk Pilkada 2024 Pemkab "
        "mengalokasikan Rp40 miliar untuk penyelenggaraan dan pengamanan. Lalu Rp 36 miliar "
        "untuk penyelenggaraan. Untuk wilayah Kalimantan, Sulawesi dan Maluku, alokasi "
        "pengamanan TNI tercatat Rp164,62 miliar."
    )
    got, skipped, _ = read(text, gazetteer, dt.date(2023, 10, 16))
    assert [(b, a) for b, a, _, _ in got] == [("KPU", 36_000_000_000)]
    assert skipped["Rp 31 miliar"] == "previous election or comparison"
    assert skipped["Rp40 miliar"] == "total over several bodies"
    assert skipped["Rp164,62 miliar"] == "combined, campaign, reserve-fund or national figure"


def test_minutes_signed_or_an_agreement_in_process_is_no_agreement(gazetteer):
    text = (
        "KPU Boyolali dan Pemkab sepakat di angka Rp36 miliar yang dicairkan dua tahap. "
        "Baru penandatanganan berita acara kesepakatan besaran hibah; NPHD masih proses."
    )
    got, _, _ = read(text, gazetteer, dt.date(2023, 10, 16))
    assert [(b, a, s) for b, a, s, _ in got] == [("KPU", 36_000_000_000, "budget")]
    signed = text.replace("NPHD masih proses", "NPHD diteken Senin")
    assert [s for _, _, s, _ in read(signed, gazetteer, dt.date(2023, 10, 16))[0]] == ["nphd"]
    minutes = "KPU Boyolali mendapat Rp36 miliar. Berita acara kesepakatan itu diteken Senin."
    assert [s for _, _, s, _ in read(minutes, gazetteer, dt.date(2023, 10, 16))[0]] == ["budget"]


def test_a_grant_paid_in_instalments_is_at_the_stage_of_the_texts_grants(gazetteer):
    paid = "Hibah KPU Pesisir Barat Rp18 miliar dicairkan dua tahap dan kini tersalur 100 persen."
    assert [s for _, _, s, _ in read(paid, gazetteer, dt.date(2024, 8, 1))[0]] == ["disbursed"]
    signed = "NPHD diteken: hibah KPU Pesisir Barat Rp18 miliar dicairkan dua tahap."
    assert [s for _, _, s, _ in read(signed, gazetteer, dt.date(2023, 11, 1))[0]] == ["nphd"]


def test_the_clause_heading_a_breakdown_gives_its_stage(gazetteer):
    text = (
        'NPHD diteken Jumat. "Tahun ini 40%, yakni untuk KPU Sragen Rp15,6 miliar dan '
        "Bawaslu Rp4,32 miliar. Sisanya 60% pada 2024, yakni KPU Rp23,4 miliar dan Bawaslu "
        'Rp6,48 miliar," kata Bupati.'
    )
    got, _, _ = read(text, gazetteer, dt.date(2023, 11, 10))
    assert [(b, s) for b, _, s, _ in got] == [
        ("KPU", "tranche_1"),
        ("Bawaslu", "tranche_1"),
        ("KPU", "tranche_2"),
        ("Bawaslu", "tranche_2"),
    ]


def test_extract_command_prints_json_lines(capsys):
    from hibah.cli import main

    assert main(["extract", str(RAW / "press" / "lampung-nphd-2023-11-10.html")]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    keys = {
        "body",
        "amount_idr",
        "stage",
        "region_code",
        "region_name",
        "approximate",
        "as_of",
        "evidence",
        "flags",
    }
    assert all(keys <= set(line) for line in lines)
    assert [(x["body"], x["amount_idr"], x["stage"]) for x in lines] == [
        ("KPU", 295_956_908_000, "nphd"),
        ("KPU", 118_382_763_200, "tranche_1"),
        ("KPU", 177_574_144_800, "tranche_2"),
        ("Bawaslu", 68_064_646_000, "nphd"),
    ]
    assert {x["region_code"] for x in lines} == {"18"}
    assert {x["as_of"] for x in lines} == {"2023-11-10"}


def test_extract_reads_a_bare_text_from_stdin(monkeypatch, capsys):
    import io

    from hibah.cli import main

    text = "Nilai yang dihibahkan kepada Polres Halmahera Selatan berjumlah Rp 7,6 miliar."
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text.encode())))
    assert main(["extract", "-", "--skipped"]) == 0
    (line,) = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert (line["body"], line["amount_idr"], line["region_code"]) == (
        "Polri",
        7_600_000_000,
        "82.04",
    )
    assert line["as_of"] is None


def test_a_text_saved_as_utf16_reads_as_the_same_text():
    # Notepad's "Unicode": a byte order mark, then UTF-16 LE
    from hibah.ingest.files import RawFile
    from hibah.ingest.press import document_text

    path = RAW / "press" / "nunukan-2024-10-31.txt"
    text = path.read_text(encoding="utf-8")
    data = text.encode("utf-16")
    file = RawFile("press/n.txt", path, "x", len(data), "txt", "press")
    assert document_text(file, data) == text


def test_html_is_read_as_its_visible_text():
    from hibah.ingest.files import RawFile
    from hibah.ingest.press import document_text

    page = (
        b"<html><head><script>var x = 'Rp 9 miliar';</script></head><body>"
        b"<p>KPU menerima Rp 1 miliar &amp; Bawaslu Rp 2 miliar.</p></body></html>"
    )
    file = RawFile("p.html", ROOT / "p.html", "x", len(page), "html", "press")
    text = document_text(file, page)
    assert "Rp 9 miliar" not in text
    assert "KPU menerima Rp 1 miliar & Bawaslu Rp 2 miliar." in text


def test_reserve_funds_and_the_national_budget_are_not_grants(gazetteer):
    """Money saved towards a grant (dana cadangan), the national budget (APBN, RAPBN) and pay
    rates per person are not a region's grant, in a text that names a grant or in one
    that names none."""
    saved = (
        "SLEMAN – Pemkab Sleman menyisihkan dana cadangan Rp 15 miliar pada 2022 untuk "
        "Pilkada 2024. NPHD dengan KPU Sleman senilai Rp 44 miliar diteken Jumat (10/11/2023)."
    )
    got, skipped, _ = read(saved, gazetteer)
    assert [(b, a) for b, a, _, _ in got] == [("KPU", 44_000_000_000)]
    assert "cadangan" in skipped["Rp 15 miliar"] or "reserve" in skipped["Rp 15 miliar"]
    national = (
        "Anggaran KPU dalam RAPBN 2025 dipatok Rp 8,6 triliun, sedangkan Bawaslu "
        "Rp 2,1 triliun. Pilkada serentak tetap digelar November 2024."
    )
    got, skipped, _ = read(national, gazetteer, dt.date(2024, 8, 20))
    assert got == [] and set(skipped) == {"Rp 8,6 triliun", "Rp 2,1 triliun"}
    rates = (
        "Honor badan ad hoc Pilkada 2024 naik: Ketua PPK Rp 2,5 juta, anggota KPPS Rp 850 "
        "ribu per bulan, kata Ketua KPU, Senin (8/8/2022)."
    )
    got, skipped, _ = read(rates, gazetteer)
    assert got == [] and all("pay rates" in why for why in skipped.values())


def test_a_text_dated_before_the_2024_cycle_yields_nothing(gazetteer):
    """Remainders returned in 2018 are another election's, though no year follows the
    word pilkada."""
    text = (
        "TIGARAKSA – Polresta Tangerang mengembalikan sisa dana pengamanan Pilkada ke kas "
        "daerah, Senin (13/8/18): dari hibah Rp 3.500.000.000 terserap Rp 2.400.000.000."
    )
    got, skipped, _ = read(text, gazetteer)
    assert got == [] and set(skipped.values()) == {"past election"}
    assert read(text.replace("13/8/18", "13/8/24"), gazetteer)[0] != []


def test_a_total_split_by_year_stays_the_bodys_and_past_years_are_left_out(gazetteer):
    """A total split between bodies is not a record; split by year, it is the body's. In a
    clause that starts from an earlier election's year, the figures are that election's."""
    text = (
        "BANTUL – NPHD Pilkada 2024 Kabupaten Bantul diteken Selasa (14/11/2023). KPU Bantul "
        "memperoleh Rp 38 miliar, terdiri atas Rp 15,2 miliar pada 2023 dan Rp 22,8 miliar "
        "pada 2024. Pengamanan Rp 9 miliar, masing-masing Rp 6 miliar untuk Polres Bantul dan "
        "Rp 3 miliar untuk Kodim 0729/Bantul; pada 2020 Polres hanya menerima Rp 4 miliar."
    )
    got, skipped, _ = read(text, gazetteer)
    amounts = [(b, a) for b, a, _, _ in got]
    assert ("KPU", 38_000_000_000) in amounts
    assert ("Polri", 6_000_000_000) in amounts and ("TNI", 3_000_000_000) in amounts
    assert skipped["Rp 9 miliar"] == "total split between bodies or units"
    assert skipped["Rp 4 miliar"] == "previous election or comparison"


def test_bodies_by_their_function_and_totals_over_several(gazetteer):
    """A figure said to be for organising or supervising the election is the election
    body's or the supervisor's; one for security is shared by Polri and TNI, no one body's.
    One figure for a list of bodies, a figure whose parts follow ("masing-masing") and a sum
    for "keduanya" are totals, not any body's grant."""
    text = (
        "MAMUJU – Pj Gubernur meneken NPHD Pilgub 2024 bersama Ketua KPU Sulbar dan Ketua "
        "Bawaslu Sulbar, Jumat 13 Oktober 2023. Dananya disiapkan penuh: Rp 43 miliar untuk "
        "penyelenggaraan, Rp 9,5 miliar untuk pengawasan, dan Rp 10 miliar untuk pengamanan."
    )
    got, skipped, records = read(text, gazetteer)
    assert [(b, a) for b, a, _, _ in got] == [("KPU", 43_000_000_000), ("Bawaslu", 9_500_000_000)]
    assert {r.basis for r in records} == {"function"} and "Rp 10 miliar" in skipped
    text = (
        "KOLAKA – Pemkab Kolaka Utara, KPU, Bawaslu dan Forkopimda menandatangani NPHD Pilkada "
        "sebesar Rp56 miliar, Senin (6/11/2023). Tahap kedua senilai Rp 49,2 miliar cair Mei, "
        "masing-masing sebesar Rp 37,2 miliar untuk KPU dan Rp 12 miliar untuk Bawaslu. "
        "Naskah itu menetapkan Rp 1.495.299.900 untuk Kodim 0206/Dairi dan Rp 3.980.000.000 "
        "untuk Kepolisian Resort Kolaka Utara, sehingga yang diterima keduanya Rp 5.475.299.900."
    )
    got, skipped, _ = read(text, gazetteer)
    assert [(b, a) for b, a, _, _ in got] == [
        ("KPU", 37_200_000_000),
        ("Bawaslu", 12_000_000_000),
        ("TNI", 1_495_299_900),
        ("Polri", 3_980_000_000),
    ]
    assert {skipped[t] for t in ("Rp56 miliar", "Rp 49,2 miliar", "Rp 5.475.299.900")} == {
        "total over several bodies"
    }


def test_stages_no_word_near_a_figure_gives_come_from_the_whole_text(gazetteer):
    """Where no word near a figure says its stage: a plan in a text that speaks of no
    signed agreement, the agreement where one is signed; the parts of a tranche are that
    tranche."""
    plan = (
        "SANGGAU – Biaya Pilkada 2024 Kabupaten Sanggau dipatok Rp62 miliar, kata Kepala "
        "Kesbangpol, Selasa (7/5/2024). Rinciannya: KPU Rp42 miliar dan Bawaslu Rp14 miliar."
    )
    assert {s for _, _, s, _ in read(plan, gazetteer)[0]} == {"budget"}
    signed = plan.replace("kata Kepala", "dalam NPHD yang diteken Kepala")
    assert {s for _, _, s, _ in read(signed, gazetteer)[0]} == {"nphd"}
    paid = signed.replace("Rinciannya:", "Hibah itu sudah tersalur 100 persen. Rinciannya:")
    assert {s for _, _, s, _ in read(paid, gazetteer)[0]} == {"disbursed"}
    proposed = (
        "KPU Kota Jambi menganggarkan Rp24,4 miliar, KPU Tebo Rp27,9 miliar, Selasa (31/10/2023)."
    )
    assert {s for _, _, s, _ in read(proposed, gazetteer)[0]} == {"budget"}
    tranche = (
        "MOJOKERTO – NPHD Pilkada 2024 Kabupaten Mojokerto diteken 2023. Tahap kedua senilai "
        "Rp 49,2 miliar cair Mei, masing-masing sebesar Rp 37,2 miliar untuk KPU dan Rp 12 "
        "miliar untuk Bawaslu."
    )
    assert [(b, s) for b, _, s, _ in read(tranche, gazetteer)[0]] == [
        ("KPU", "tranche_2"),
        ("Bawaslu", "tranche_2"),
    ]


def test_a_figure_set_off_by_commas_takes_the_stage_of_its_clause(gazetteer):
    """ "sisanya, Rp 22,8 miliar, ..." is the rest (the second tranche), and ", yakni 40
    persen dari ..." after a figure says it is the first."""
    text = (
        "PROBOLINGGO – NPHD Pilkada 2024 Kota Probolinggo diteken Senin (4/12/2023). Pada tahap "
        "awal, KPU Kota Probolinggo menerima Rp 1,3 miliar dari P-APBD 2023, sementara sisanya, "
        "Rp 22,8 miliar, paling lambat 10 Januari 2024. Bawaslu Kota Probolinggo memperoleh "
        "Rp 4 miliar, yakni 40 persen dari kebutuhan total."
    )
    got, _, _ = read(text, gazetteer)
    assert [(a, s) for _, a, s, _ in got] == [
        (1_300_000_000, "tranche_1"),
        (22_800_000_000, "tranche_2"),
        (4_000_000_000, "tranche_1"),
    ]


def test_instalments_relative_years_and_the_next_figures_stage_word(gazetteer):
    """A figure paid in instalments is the whole grant; "tahun ini" is the text's year (the
    first tranche in 2023); "(40%)" marks a tranche; a stage word just before the next
    figure is that figure's; a semicolon ends the stage a figure passes on."""
    text = (
        "GORONTALO – NPHD Pilkada 2024 Kabupaten Gorontalo diteken Rabu (22/11/2023). KPU "
        "memperoleh 29,724 miliar rupiah yang dicairkan dua tahap, yaitu 11,889 miliar rupiah "
        "(40%) tahun ini dan 17,834 miliar rupiah (60%) tahun depan. Bawaslu Rp12,2 miliar "
        "dengan tahap pertama Rp5,7 miliar; Polres Gorontalo Rp3 miliar."
    )
    got, _, _ = read(text, gazetteer)
    assert [(b, a, s) for b, a, s, _ in got] == [
        ("KPU", 29_724_000_000, "nphd"),
        ("KPU", 11_889_000_000, "tranche_1"),
        ("KPU", 17_834_000_000, "tranche_2"),
        ("Bawaslu", 12_200_000_000, "nphd"),
        ("Bawaslu", 5_700_000_000, "tranche_1"),
        ("Polri", 3_000_000_000, "nphd"),
    ]
    # in a text of 2024, "tahun ini" is the second tranche's year
    in_2024 = text.replace("(22/11/2023)", "(22/1/2024)").replace("(40%) ", "")
    assert [s for _, _, s, _ in read(in_2024, gazetteer)[0]][1] == "tranche_2"


def test_every_way_a_body_is_found_has_words_for_the_record_note():
    import re

    from hibah.ingest.press import BASIS_WORDS

    source = (ROOT / "hibah" / "parse" / "press" / "bodies.py").read_text(encoding="utf-8")
    bases = set(re.findall(r'return [^\n]*, "([a-z ]+)"(?: if body else "")?\n', source))
    assert bases >= {"right", "pair", "left", "function", "carried", "previous sentence"}
    assert bases <= set(BASIS_WORDS), bases - set(BASIS_WORDS)


def test_what_a_body_received_is_paid_where_the_text_accounts_for_it(gazetteer):
    accounts = (
        "KPU Sigi mengembalikan sisa hibah Rp5,7 juta dari total Rp30 miliar. KPU Sigi "
        "menerima hibah Rp30 miliar, sementara Kodim 1306 yang menerima Rp1,1 miliar "
        "menghabiskan seluruhnya."
    )
    got, skipped, _ = read(accounts, gazetteer, dt.date(2025, 4, 8))
    assert [(b, a, s) for b, a, s, _ in got] == [
        ("KPU", 5_700_000, "returned"),
        ("KPU", 30_000_000_000, "disbursed"),
        ("TNI", 1_100_000_000, "disbursed"),
    ]  # the Rp30 miliar received is the whole the remainder came from, told again
    assert skipped["Rp30 miliar"] == "the same figure told again"
    announced = "NPHD diteken Jumat: KPU Sigi menerima hibah Rp30 miliar."
    assert [s for _, _, s, _ in read(announced, gazetteer, dt.date(2023, 11, 10))[0]] == ["nphd"]
    so_far = "Hibah KPU Rp 145 miliar dianggarkan; Bawaslu Sigi baru menerima Rp 27 miliar."
    assert [s for _, _, s, _ in read(so_far, gazetteer, dt.date(2024, 7, 4))[0]] == [
        "budget",
        "disbursed",
    ]


def test_instalments_listed_and_a_remainder_still_to_pay_are_tranches(gazetteer):
    text = (
        "MANOKWARI – Pemprov Papua Barat menyerahkan hibah Rp 75 miliar kepada Polda Papua "
        "Barat, ditandai penandatanganan NPHD. Alokasi Rp75 miliar itu dari APBD 2024. "
        "Pencairannya dua tahap: Rp25 miliar pada Juni 2024 dan Rp50 miliar pada Agustus 2024."
    )
    got, skipped, _ = read(text, gazetteer, dt.date(2024, 5, 2))
    assert [(a, s) for _, a, s, _ in got] == [
        (75_000_000_000, "nphd"),
        (25_000_000_000, "tranche_1"),
        (50_000_000_000, "tranche_2"),
    ]  # the dateline and "Papua" inside "Papua Barat" name no other region
    assert skipped["Rp75 miliar"] == "the same figure told again"
    rest = "Sisa hibah sebesar Rp 8,5 miliar untuk KPU Lebong akan disalurkan pada Agustus."
    assert [s for _, _, s, _ in read(rest, gazetteer, dt.date(2024, 6, 1))[0]] == ["tranche_2"]
    whole = (
        "KPU Ponorogo menyetor sisa anggaran Rp4,4 miliar. Uang itu sisa dari hibah Rp50 "
        "miliar yang dikucurkan Pemkab."
    )
    assert [s for _, _, s, _ in read(whole, gazetteer, dt.date(2025, 5, 6))[0]] == [
        "returned",
        "disbursed",
    ]


def test_the_next_years_budget_after_a_first_tranche_is_the_second(gazetteer):
    text = (
        "Dana itu cair dua kali: tahun ini KPU Kudus menerima Rp13,55 miliar dan lewat APBD "
        "2024 Rp20,18 miliar."
    )
    got, _, _ = read(text, gazetteer, dt.date(2023, 11, 6))
    assert [s for _, _, s, _ in got] == ["tranche_1", "tranche_2"]


def test_lines_linking_to_other_items_are_not_the_texts_figures(gazetteer):
    from hibah.ingest.files import RawFile
    from hibah.ingest.press import document_text

    page = (
        "<html><body><p>LABUAN BAJO – KPU Kabupaten Manggarai Timur menerima hibah Rp28 miliar "
        "sesuai NPHD, Rabu (24/4/2024).</p><p><strong>Baca juga:</strong> <a href='/x'>KPU: "
        "Anggaran Pilkada Sumba Barat baru sebesar Rp3 miliar</a></p><p>BACA JUGA:Puluhan "
        "Masjid Dapat Dana Hibah Rp 1,5 Miliar</p><p>Dana itu untuk badan ad hoc; Bawaslu "
        "Manggarai Timur menerima Rp 9 miliar.</p></body></html>"
    ).encode()
    file = RawFile("p.html", ROOT / "p.html", "x", len(page), "html", "press")
    text = document_text(file, page)
    got, _, _ = read(text, gazetteer, dt.date(2024, 4, 24))
    assert [(b, a, c) for b, a, _, c in got] == [
        ("KPU", 28_000_000_000, "53.19"),
        ("Bawaslu", 9_000_000_000, "53.19"),
    ]
    skipped: list[Skipped] = []
    extract(text, gazetteer, dt.date(2024, 4, 24), skipped)
    assert [(s.text, text[s.start : s.start + len(s.text)], s.reason) for s in skipped] == [
        ("Rp3 miliar", "Rp3 miliar", "a link to another item"),
        ("Rp 1,5 Miliar", "Rp 1,5 Miliar", "a link to another item"),
    ]


def test_a_bare_link_heading_links_the_bullets_or_the_headline_under_it(gazetteer):
    text = (
        "KPU Kabupaten Ngada menerima hibah Rp 28 miliar sesuai NPHD.\n\nBERITA TERKAIT\n"
        "- Polres Ngada dapat hibah Rp 4 miliar\n- Kodim 1625 Rp 1,5 miliar\n\n"
        "Baca juga:\n\nBawaslu Sikka terima Rp 7 miliar\n\n"
        "Bawaslu Ngada menerima Rp 4,8 miliar.\n\nBaca juga:\n\nKPU Ngada menyebut, "
        "tahap pertama Rp 11 miliar sudah cair."
    )
    got, skipped, _ = read(text, gazetteer, dt.date(2023, 11, 15))
    assert [(b, a) for b, a, _, _ in got] == [
        ("KPU", 28_000_000_000),
        ("Bawaslu", 4_800_000_000),
        ("KPU", 11_000_000_000),  # a sentence after a bare heading is the text's own
    ]
    assert {a: r for a, r in skipped.items() if r == "a link to another item"} == {
        "Rp 4 miliar": "a link to another item",
        "Rp 1,5 miliar": "a link to another item",
        "Rp 7 miliar": "a link to another item",
    }


def test_a_grant_for_the_general_election_is_not_a_regional_one(gazetteer):
    pemilu = (
        "KEEROM – Pemkab Keerom dan Polres meneken berita acara hibah pengamanan Pemilu 2024. "
        "Anggarannya Rp 8.178.538.000; tahap satu Rp 3.271.415.200 cair pada 2023."
    )
    got, skipped, _ = read(pemilu, gazetteer, dt.date(2023, 10, 12))
    assert got == []
    assert set(skipped.values()) == {"the general election (Pemilu), not a regional one"}
    both = pemilu.replace("Pemilu 2024", "Pemilu dan Pilkada 2024")
    assert [a for _, a, _, _ in read(both, gazetteer, dt.date(2023, 10, 12))[0]] == [
        8_178_538_000,
        3_271_415_200,
    ]


def test_a_total_with_one_body_right_after_it_is_that_bodys(gazetteer):
    text = (
        'Hibah tahap II juga diserahkan. "Total hibah yang kita serahkan untuk Pilkada 2024 '
        'senilai Rp46 miliar lebih kepada KPU dan Rp10,7 miliar lebih untuk Bawaslu," ujar '
        "Wali Kota Padang. Total hibah Rp2,27 miliar untuk Polres Padang dan Kodim "
        "0312/Padang diteken Senin, sementara KPU Padang menerima Rp18,4 miliar."
    )
    got, skipped, _ = read(text, gazetteer, dt.date(2024, 5, 8))
    assert [(b, a) for b, a, _, _ in got] == [
        ("KPU", 46_000_000_000),
        ("Bawaslu", 10_700_000_000),
        ("KPU", 18_400_000_000),
    ]
    assert skipped["Rp2,27 miliar"] == "total over several bodies"


def test_spent_paid_in_full_and_a_contrast_read_as_written(gazetteer):
    spent = (
        "Bawaslu Kepri mengembalikan sisa hibah Rp20.258.707.019. Bawaslu Kepri menerima "
        "hibah Rp57.461.041.000, dan realisasi penggunaannya Rp37.202.333.981."
    )
    assert [s for _, _, s, _ in read(spent, gazetteer, dt.date(2025, 3, 27))[0]] == [
        "returned",
        "disbursed",
        "realized",
    ]
    paid = (
        "Kesbangpol Kota Makassar telah menuntaskan pencairan hibah Pilkada 2024: KPU Kota "
        "Makassar Rp64,1 miliar dan Bawaslu Rp18,4 miliar."
    )
    assert [s for _, _, s, _ in read(paid, gazetteer, dt.date(2024, 8, 2))[0]] == [
        "disbursed",
        "disbursed",
    ]
    contrast = (
        "Hibah yang diteken untuk Bawaslu Polman senilai Rp 11 miliar. Sebelumnya Bawaslu "
        "Polman mengajukan Rp16 miliar, tetapi kemampuan Pemda hanya Rp11 miliar."
    )
    got, skipped, _ = read(contrast, gazetteer, dt.date(2023, 12, 11))
    assert [(a, s) for _, a, s, _ in got] == [(11_000_000_000, "nphd"), (16_000_000_000, "budget")]
    assert skipped["Rp11 miliar"] == "the same figure told again"


def test_parts_of_a_figure_by_source_after_it_are_not_figures(gazetteer):
    text = (
        "Anggaran Pilkada KIP Aceh Timur disepakati Rp 46,5 miliar dalam NPHD. Dana itu dari "
        "dua sumber: Rp 45 miliar dari APBK dan Rp 1,5 miliar dari DOKA. Pencairannya dua "
        "tahap: pertama Rp 18,6 miliar pada 2023, sisanya Rp 27,9 miliar lewat APBK 2024."
    )
    got, skipped, _ = read(text, gazetteer, dt.date(2023, 11, 19))
    assert [(a, s) for _, a, s, _ in got] == [
        (46_500_000_000, "nphd"),
        (18_600_000_000, "tranche_1"),
        (27_900_000_000, "tranche_2"),
    ]
    assert skipped["Rp 45 miliar"] == skipped["Rp 1,5 miliar"] == "part of a figure already given"


def test_a_text_of_plans_gives_budget_figures_and_preparing_a_payment_is_no_plan(gazetteer):
    plans = (
        "KPU PPU memperoleh alokasi Rp22,9 miliar untuk membiayai Pilkada 2024, dianggarkan "
        'Pemkab PPU dalam APBD 2023. "Alokasi anggaran Pilkada PPU telah ditetapkan sebesar '
        'Rp22,9 miliar," kata Ketua KPUD. Penyalurannya dijadwalkan November 2023 lewat '
        "penandatanganan Naskah Perjanjian Hibah Daerah (NPHD)."
    )
    got, skipped, _ = read(plans, gazetteer, dt.date(2023, 5, 4))
    assert [(a, s) for _, a, s, _ in got] == [(22_900_000_000, "budget")]
    assert list(skipped.values()) == ["the same figure told again"]
    paying = (
        "Kesbangpol Nunukan menyiapkan pencairan 60 persen hibah Pilkada. Hibah ke KPU Nunukan "
        "kurang lebih 30 Milyar dan Bawaslu kurang lebih 16 milyar."
    )
    assert [s for _, _, s, _ in read(paying, gazetteer, dt.date(2024, 5, 3))[0]] == [
        "nphd",
        "nphd",
    ]
    paid = (
        'Kesbangpol Tana Tidung menyalurkan hibah Pilkada 2024. "Semuanya sudah kami '
        'salurkan," katanya. Usulan awal lebih tinggi: KPU Tana Tidung Rp 16 miliar dan '
        "Polres Tana Tidung Rp 2,5 miliar."
    )
    assert [s for _, _, s, _ in read(paid, gazetteer, dt.date(2024, 10, 17))[0]] == [
        "disbursed",
        "disbursed",
    ]


def test_shares_heading_a_list_months_of_2023_and_a_plan_named_in_passing(gazetteer):
    text = (
        "Tahun 2023 juga disebut dalam rencana kebutuhan. Pada 2023 sudah disalurkan 40 persen, "
        "yakni KPU Cirebon Rp10 miliaran dan Bawaslu Rp1,8 miliar. Sisanya, 60 persen, masih "
        "harus dipindahbukukan: "
        "KPU Rp15,1 miliar dan Bawaslu Rp2,82 miliar. Pada Desember 2023 sudah diambil KPU "
        "Rp40 miliar."
    )
    got, _, _ = read(text, gazetteer, dt.date(2024, 5, 21))
    assert [(a, s) for _, a, s, _ in got] == [
        (10_000_000_000, "tranche_1"),
        (1_800_000_000, "tranche_1"),
        (15_100_000_000, "tranche_2"),
        (2_820_000_000, "tranche_2"),
        (40_000_000_000, "tranche_1"),
    ]
    verb = (
        "NPHD diteken Jumat. Gubernur memastikan uangnya sudah disiapkan penuh: Rp 43 miliar "
        "untuk KPU Sulbar dan Rp 9,5 miliar untuk Bawaslu Sulbar."
    )
    assert [s for _, _, s, _ in read(verb, gazetteer, dt.date(2023, 10, 13))[0]] == [
        "nphd",
        "nphd",
    ]


def test_parts_by_round_to_their_precision_and_figures_for_many_regions(gazetteer):
    rounds = (
        "KPU DKI Jakarta menerima hibah Rp975.977.308.550. Hibah itu dialokasikan untuk dua "
        "putaran: Rp656,1 miliar untuk putaran pertama dan Rp319,8 miliar untuk putaran kedua."
    )
    got, skipped, _ = read(rounds, gazetteer, dt.date(2025, 5, 1))
    assert [a for _, a, _, _ in got] == [975_977_308_550]
    assert skipped["Rp656,1 miliar"] == "part of a figure already given"
    life = (
        "Bawaslu Agam menerima hibah Rp11,9 miliar. Dari jumlah itu terserap Rp10,613 miliar, "
        "sedangkan sisanya Rp1,286 miliar dikembalikan ke kas daerah."
    )
    assert [s for _, _, s, _ in read(life, gazetteer, dt.date(2025, 4, 9))[0]] == [
        "disbursed",
        "realized",
        "returned",
    ]
    by_year = (
        "Bawaslu Sigi mengembalikan sisa Rp209 juta. Total belanja Bawaslu Sigi Rp9,7 miliar: "
        "logistik terpakai Rp8,1 miliar dan operasional terpakai Rp1,6 miliar."
    )
    got, skipped, _ = read(by_year, gazetteer, dt.date(2025, 5, 10))
    assert skipped["Rp8,1 miliar"] == skipped["Rp1,6 miliar"] == "part of a figure already given"
    planned = (
        "Pada 2023 disalurkan 40 persen dari rencana kebutuhan, yakni KPU Cirebon Rp10 miliar."
    )
    assert [a for _, a, _, _ in read(planned, gazetteer, dt.date(2024, 5, 21))[0]] == [
        10_000_000_000
    ]
    regions = (
        "NPHD diteken Selasa. Hibah KPU Kalsel Rp131.722.890.540; Rp96,3 miliar darinya "
        "disalurkan ke 13 KPU kabupaten dan kota."
    )
    got, skipped, _ = read(regions, gazetteer, dt.date(2023, 11, 7))
    assert [a for _, a, _, _ in got] == [131_722_890_540]
    assert skipped["Rp96,3 miliar"] == "total over several bodies"


def test_the_corpus_score_counts_an_amount_labelled_at_two_stages_once_each(monkeypatch, capsys):
    """bench/extraction.py: one amount labelled twice (agreed, then paid) is two records; each
    extracted record agrees with one label at most, whatever the order."""
    import importlib.util
    from types import SimpleNamespace

    spec = importlib.util.spec_from_file_location("extraction", ROOT / "bench" / "extraction.py")
    assert spec is not None and spec.loader is not None
    extraction = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(extraction)

    def record(stage):
        return SimpleNamespace(
            body="KPU",
            amount=SimpleNamespace(value=73_000_000_000),
            region=SimpleNamespace(name="Kota Depok"),
            stage=stage,
        )

    label = {"region": "Kota Depok", "body": "KPU", "amount_idr": 73_000_000_000}
    passage = {
        "id": "d1",
        "text": "",
        "records": [label | {"stage": "nphd"}, label | {"stage": "disbursed"}],
    }
    for got, agreed in ((["disbursed", "nphd"], 2), (["nphd", "nphd"], 1)):
        monkeypatch.setattr(extraction, "extract", lambda *a, got=got: [record(s) for s in got])
        extraction.score([passage], None, verbose=False)
        assert f"stage of matched records: {agreed}/2 agree" in capsys.readouterr().out


def test_a_figure_heading_a_list_of_bodies_or_listed_under_a_pair_is_no_ones(gazetteer):
    text = (
        "Pemprov Maluku Utara baru mencairkan tahap pertama, sedikitnya Rp 30 miliar dari pagu "
        "Rp 50 miliar: Polda Malut Rp 20 miliar dari total Rp 35 miliar, dan Korem 152 Rp 10 "
        "miliar."
    )
    got, skipped, _ = read(text, gazetteer, dt.date(2024, 7, 13))
    assert [(b, a, s) for b, a, s, _ in got][:2] == [
        ("Polri", 20_000_000_000, "tranche_1"),  # the head's stage, not its pagu's
        ("Polri", 35_000_000_000, "nphd"),  # the whole of the figure before it
    ]
    assert [(b, a) for b, a, _, _ in got][2:] == [("TNI", 10_000_000_000)]
    assert skipped["Rp 30 miliar"] == skipped["Rp 50 miliar"] == "total over several bodies"
    listed = (
        "Rincian hibah untuk KPU dan Bawaslu: Kabupaten Bangli Rp37.334.792.900; Kabupaten "
        "Tabanan Rp50.384.791.000; Kabupaten Badung Rp48.746.986.000."
    )
    got, skipped, _ = read(listed, gazetteer, dt.date(2023, 11, 11))
    assert got == []
    assert set(skipped.values()) == {"total over several bodies"}
    in_turn = "Hibah Kabupaten Bangli untuk KPU dan Bawaslu: Rp30 miliar dan Rp10 miliar."
    got, _, _ = read(in_turn, gazetteer, dt.date(2023, 11, 11))
    assert [a for _, a, _, _ in got] == [30_000_000_000, 10_000_000_000]  # theirs in turn


def test_parts_of_another_clauses_figure_leave_a_figure_alone(gazetteer):
    text = (
        "Untuk KPU Kota Ternate, 40 persen cair senilai Rp 8 miliar, sedangkan 60 persen "
        "sisanya dalam dua tahap, masing-masing Rp 5 miliar dan Rp 7 miliar."
    )
    got, _, _ = read(text, gazetteer, dt.date(2024, 7, 13))
    assert [(b, a) for b, a, _, _ in got] == [
        ("KPU", 8_000_000_000),
        ("KPU", 5_000_000_000),
        ("KPU", 7_000_000_000),
    ]
    assert got[0][2] == "tranche_1"


def test_a_total_broken_down_next_or_told_again_stays_a_total(gazetteer):
    text = (
        "KPU Kabupaten Tuban menandatangani NPHD Pilkada 2024. Pemkab menyiapkan hibah Rp60 "
        "miliar lewat APBD 2023 dan 2024. Rinciannya, KPU Tuban Rp45 miliar dan Bawaslu Rp15 "
        "miliar."
    )
    got, skipped, _ = read(text, gazetteer, dt.date(2023, 11, 1))
    assert [(b, a) for b, a, _, _ in got] == [("KPU", 45_000_000_000), ("Bawaslu", 15_000_000_000)]
    assert skipped["Rp60 miliar"] == "total over several bodies"
    by_tranche = text.replace("KPU Tuban Rp45 miliar dan Bawaslu", "tahap pertama Rp45 miliar dan")
    got, _, _ = read(by_tranche, gazetteer, dt.date(2023, 11, 1))
    assert ("KPU", 60_000_000_000) in [(b, a) for b, a, _, _ in got]  # one body's, in tranches
    again = (
        "Pemprov Sumatera Barat mengalokasikan Rp200 miliar yang dihibahkan kepada KPU dan "
        "Bawaslu Sumbar. KPU Sumbar mengusulkan Rp152 miliar. Menurut Ketua KPU, Rp200 miliar "
        "itu bisa jadi bukan untuk KPU Sumbar saja."
    )
    got, skipped, _ = read(again, gazetteer, dt.date(2023, 6, 1))
    assert [(b, a) for b, a, _, _ in got] == [("KPU", 152_000_000_000)]
    assert skipped["Rp200 miliar"] == "total over several bodies"


def test_the_whole_a_remainder_came_from_and_the_agreements_own_figures(gazetteer):
    text = (
        "Bawaslu Kota Kendari mengembalikan sisa hibah Pilkada 2024 senilai Rp120 juta. Ketua "
        "Bawaslu mengatakan sisa itu berasal dari hibah total Rp9 miliar."
    )
    got, _, _ = read(text, gazetteer, dt.date(2025, 4, 10))
    assert [(b, a, s) for b, a, s, _ in got] == [
        ("Bawaslu", 120_000_000, "returned"),
        ("Bawaslu", 9_000_000_000, "disbursed"),
    ]
    paid = (
        "Hibah Pilkada 2024 dari Pemprov Sulawesi Tenggara sudah cair 100 persen. Menurut "
        "Nota Perjanjian Hibah Daerah (NPHD), anggaran itu terdiri atas Rp 90 miliar untuk KPU "
        "dan Rp 30 miliar untuk Bawaslu."
    )
    got, _, _ = read(paid, gazetteer, dt.date(2024, 7, 13))
    assert [(b, s) for b, _, s, _ in got] == [("KPU", "nphd"), ("Bawaslu", "nphd")]


def test_an_agreement_scheduled_after_its_full_name_is_still_to_come(gazetteer):
    text = (
        "Pemkab Sidoarjo mengalokasikan hibah Pilkada 2024: KPU Sidoarjo Rp 90 miliar dan "
        "Bawaslu Rp 20 miliar. Bawaslu mengajukan Rp 30 miliar. Penandatanganan Naskah "
        "Perjanjian Hibah Daerah (NPHD) dijadwalkan 14 Oktober."
    )
    got, _, _ = read(text, gazetteer, dt.date(2023, 10, 11))
    assert [s for _, _, s, _ in got] == ["budget", "budget", "budget"]
    signed = text.replace("dijadwalkan 14 Oktober", "diteken 14 Oktober")
    assert [s for _, _, s, _ in read(signed, gazetteer, dt.date(2023, 10, 11))[0]] == [
        "nphd",
        "nphd",
        "budget",
    ]


def test_pay_of_ad_hoc_staff_changes_in_a_list_and_ranges_are_no_grants(gazetteer):
    text = (
        "KPU Kota Kediri memperoleh hibah Rp 29,8 miliar. Honor ad hoc naik: ketua PPK kini "
        "Rp 2.500.000, dan PPS Rp 1.900.000. Ada penambahan anggaran Rp 3 miliar untuk KPU dan "
        "Rp 2 miliar untuk Bawaslu. Ada penghematan Rp 6,019 miliar. Hibah Bawaslu semula Rp 9 "
        "miliar, lalu turun menjadi Rp 8 miliar."
    )
    got, skipped, _ = read(text, gazetteer, dt.date(2023, 10, 31))
    assert [(b, a) for b, a, _, _ in got] == [
        ("KPU", 29_800_000_000),
        ("Bawaslu", 9_000_000_000),
        ("Bawaslu", 8_000_000_000),  # the new figure, not a change
    ]
    assert skipped["Rp 1.900.000"] == "pay of election staff, not a grant"
    change = "total, change, spending, estimate or range"
    assert skipped["Rp 3 miliar"] == skipped["Rp 2 miliar"] == skipped["Rp 6,019 miliar"] == change
    ranged = (
        "KPU Sulsel akan mengembalikan sekitar Rp140-150 miliar, dan Bawaslu Sulsel Rp32,5 "
        "miliar. Itu sisa dari Rp975.977.308.550 atau Rp975 miliar hibah KPU Sulsel."
    )
    got, skipped, _ = read(ranged, gazetteer, dt.date(2025, 4, 29))
    assert [(b, a, s) for b, a, s, _ in got][:1] == [("Bawaslu", 32_500_000_000, "returned")]
    assert skipped["sekitar Rp140"] == skipped["150 miliar"] == "a range, not one figure"
    assert 975_977_308_550 in [a for _, a, _, _ in got]  # in digits, not a range's end


def test_minutes_the_only_thing_signed_and_an_agreement_before_or_targeted(gazetteer):
    text = (
        "KPU dan Bawaslu Kabupaten Kuningan menandatangani berita acara kesepakatan hibah "
        "Pilkada 2024. Hibah yang disepakati Rp 33,5 miliar untuk KPU dan Rp 10 miliar untuk "
        "Bawaslu. Penandatanganan berlangsung Kamis (19/10/2023)."
    )
    got, _, _ = read(text, gazetteer, dt.date(2023, 10, 19))
    assert [s for _, _, s, _ in got] == ["budget", "budget"]
    named = text.replace("Penandatanganan berlangsung", "Penandatanganan NPHD berlangsung")
    assert [s for _, _, s, _ in read(named, gazetteer, dt.date(2023, 10, 19))[0]] == [
        "nphd",
        "nphd",
    ]
    before = (
        "Pemkab Lebong menetapkan hibah Pilkada 2024: KPU Rp 20,5 miliar dan Bawaslu Rp 7 "
        "miliar. Sebelum NPHD diteken, Pemkab berkonsultasi ke Kemendagri, yang meminta 40 "
        "persen dianggarkan pada 2023."
    )
    assert [s for _, _, s, _ in read(before, gazetteer, dt.date(2023, 11, 17))[0]] == [
        "budget",
        "budget",
    ]


def test_money_handed_to_the_grantor_what_is_not_yet_paid_and_a_payment_told_again(gazetteer):
    text = (
        "KPU Provinsi Sulawesi Barat mengembalikan sisa hibah Pilkada 2024. Ketua KPU "
        "menyerahkan secara simbolis Rp12.114.944.081 kepada Gubernur Suhardi Duka. "
        "Sebelumnya KPU Sulbar menerima hibah Rp43 miliar; yang terpakai sekitar Rp 31 miliar."
    )
    got, _, _ = read(text, gazetteer, dt.date(2025, 3, 25))
    assert got[0][1:3] == (12_114_944_081, "returned")
    given = text.replace("Ketua KPU menyerahkan secara simbolis", "Pemprov menyerahkan")
    given = given.replace("kepada Gubernur Suhardi Duka", "kepada KPU Sulbar")
    assert read(given, gazetteer, dt.date(2025, 3, 25))[0][0][2] != "returned"  # to the body
    unpaid = (
        "Hibah Pilkada 2024 untuk KPU Kabupaten Pangandaran belum cair seluruhnya. Hibah yang "
        "semestinya diterima KPU Rp 23 miliar, tetapi baru cair 40 persen atau sekitar Rp 9 "
        'miliar. "Saat ini baru cair Rp 9 miliar, jadi yang belum itu Rp 14 miliar," katanya.'
    )
    got, _, _ = read(unpaid, gazetteer, dt.date(2024, 7, 11))
    assert [(a, s) for _, a, s, _ in got] == [
        (23_000_000_000, "nphd"),  # not paid in full: the grant is the agreed one
        (9_000_000_000, "tranche_1"),  # told again as paid: one figure
        (14_000_000_000, "tranche_2"),  # the part not yet paid
    ]


def test_a_sentence_set_in_an_earlier_election_initials_and_a_share_of_a_proposal(gazetteer):
    text = (
        "KPU Kota Sawahlunto mengajukan hibah Pilkada 2024 sebesar Rp 13,6 milyar, kurang "
        "lebih sama dengan hibah Pilkada 2018. Kala itu KPU Sawahlunto hanya memakai Rp 10 "
        "milyar dan mengembalikan Rp 700 juta. KPU RI meminta NPHD diteken 1 Oktober 2023. "
        "Ketua KPU M. Hamdani menyebut 70 persen dari Rp 13,6 milyar yang diajukan itu untuk "
        "badan ad hoc."
    )
    got, skipped, _ = read(text, gazetteer, dt.date(2023, 8, 19))
    assert [(b, a, s) for b, a, s, _ in got] == [("KPU", 13_600_000_000, "budget")]
    assert skipped["Rp 10 milyar"] == skipped["Rp 700 juta"] == "previous election or comparison"
    assert (
        len(sentences("Ketua KPU Sidoarjo M. Iskak menjelaskan. Lalu pencairan tahap I. Ia")) == 3
    )


def test_the_police_by_its_common_name_a_pair_heading_a_list_and_a_breakdown_by_item(gazetteer):
    text = (
        "Pemkot Kupang juga mengusulkan dana pengamanan Pilkada 2024 sebesar Rp1,5 miliar: "
        "kepolisian Rp1 miliar dan TNI Rp500 juta."
    )
    got, skipped, _ = read(text, gazetteer, dt.date(2023, 11, 21))
    assert [(b, a) for b, a, _, _ in got] == [("Polri", 1_000_000_000), ("TNI", 500_000_000)]
    assert skipped["Rp1,5 miliar"] == "total over several bodies"
    pair = (
        "KPU dan Bawaslu Kabupaten Bima mengembalikan sisa hibah ke kas Pemkab Bima, lebih dari "
        "Rp 1,88 miliar: KPU Rp 888,56 juta dan Bawaslu Rp 1 miliar lebih."
    )
    got, skipped, _ = read(pair, gazetteer, dt.date(2025, 5, 5))
    assert [(b, a) for b, a, _, _ in got] == [("KPU", 888_560_000), ("Bawaslu", 1_000_000_000)]
    one = (
        "KPU Kabupaten Bima mengembalikan Rp 1,88 miliar: KPU Rp 888,56 juta dan Bawaslu Rp 1 "
        "miliar."
    )
    assert ("KPU", 1_880_000_000) in [(b, a) for b, a, _, _ in read(one, gazetteer)[0]]
    items = (
        "KPU Kabupaten Kulon Progo mendapat hibah Pilkada 2024 sebesar Rp32,38 miliar. "
        "Rinciannya, Rp32,38 miliar itu untuk persiapan Rp10,19 miliar, operasional Rp6,71 "
        "miliar dan kelompok kerja Rp285 juta."
    )
    got, skipped, _ = read(items, gazetteer, dt.date(2023, 10, 12))
    assert [(b, a) for b, a, _, _ in got] == [("KPU", 32_380_000_000)]
    assert skipped["Rp285 juta"] == "part of a total already given"
    by_body = items.replace("untuk persiapan Rp10,19 miliar", "untuk KPU Rp10,19 miliar")
    assert ("KPU", 10_190_000_000) in [(b, a) for b, a, _, _ in read(by_body, gazetteer)[0]]


def test_totals_the_bodies_after_add_up_to_and_two_bodies_named_as_one(gazetteer):
    text = (
        "Sesuai NPHD, Pemkot Ambon memberi KPU Rp35 miliar dan Bawaslu Rp9,4 miliar. Pada 2023 "
        "anggaran terealisasi Rp7,9 miliar, untuk KPU Rp5,8 miliar dan Bawaslu Rp2,1 miliar. "
        "Untuk pengamanan TNI/Polri, Pemkot menyiapkan lebih dari Rp1 miliar."
    )
    got, skipped, _ = read(text, gazetteer, dt.date(2024, 4, 25))
    assert [(b, a) for b, a, _, _ in got] == [
        ("KPU", 35_000_000_000),
        ("Bawaslu", 9_400_000_000),
        ("KPU", 5_800_000_000),
        ("Bawaslu", 2_100_000_000),
    ]
    assert skipped["Rp7,9 miliar"] == "total over several bodies"  # 5,8 + 2,1
    assert skipped["lebih dari Rp1 miliar"] == "total over several bodies"
    # a figure whose own body is named stays, whatever the others add up to
    named = (
        "Hibah Pilkada 2024 Pemkab Bone: KPU Rp10 miliar, Bawaslu Rp6 miliar dan Polres Rp4 miliar."
    )
    assert len(read(named, gazetteer)[0]) == 3
    # parts that do not add up to it still make it theirs together: it takes no body from
    # the sentence before, whose figures were two bodies'
    apart = text.replace("Rp2,1 miliar", "Rp2,5 miliar")
    got, skipped, _ = read(apart, gazetteer)
    assert 7_900_000_000 not in [a for _, a, _, _ in got]
    assert skipped["Rp7,9 miliar"] == "total over several bodies"
    # one body's tranches add up to its grant, which stays its own
    tranches = (
        "KPU Kota Sabang menerima hibah Pilkada 2024 dari Pemkot. Hibahnya Rp10 miliar, "
        "dicairkan Rp4 miliar pada 2023 dan Rp6 miliar pada 2024."
    )
    assert [(a, s) for _, a, s, _ in read(tranches, gazetteer)[0]] == [
        (10_000_000_000, "nphd"),
        (4_000_000_000, "tranche_1"),
        (6_000_000_000, "tranche_2"),
    ]
    # two bodies as one, then a figure whose body follows it: that body's
    after = "Untuk pengamanan TNI/Polri, Pemkot lalu menyiapkan Rp5 miliar untuk KPU."
    assert [(b, a) for b, a, _, _ in read(after, gazetteer)[0]] == [("KPU", 5_000_000_000)]


def test_the_election_of_next_year_a_grant_handed_over_and_the_rest_not_yet_paid(gazetteer):
    text = (
        "Bupati Banyuwangi menyebut hibah daerah untuk pilkada tahun depan itu diserahkan "
        "kepada KPU senilai Rp90,2 miliar dan Bawaslu sebesar Rp21,34 miliar. Sesuai regulasi, "
        '40 persen hibah dicairkan paling lama 14 hari setelah penandatanganan NPHD. "Dengan '
        'penandatanganan NPHD, kami segera memulai persiapan," kata Ketua KPU.'
    )
    got, _, _ = read(text, gazetteer, dt.date(2023, 11, 11))
    # the year of the election is no tranche; a grant handed over at the agreement's
    # signing is the agreement's
    assert [(a, s) for _, a, s, _ in got] == [
        (90_200_000_000, "nphd"),
        (21_340_000_000, "nphd"),
    ]
    paid = text.replace("untuk pilkada tahun depan itu diserahkan", "itu dicairkan tahun depan")
    assert {s for _, _, s, _ in read(paid, gazetteer, dt.date(2023, 11, 11))[0]} == {"tranche_2"}
    returned = (
        "Hibah Pilkada 2024 sebesar Rp10 miliar diserahkan kepada Bawaslu Kota Sabang. Bawaslu "
        "Sabang kemudian mengembalikan sisa hibah Rp1 miliar ke kas daerah."
    )
    got, _, _ = read(returned, gazetteer, dt.date(2025, 4, 1))
    assert [(a, s) for _, a, s, _ in got] == [
        (10_000_000_000, "disbursed"),  # beside what was returned, what was handed over is paid
        (1_000_000_000, "returned"),
    ]
    # handed over is a word of the figure's own, nearer than a share in its sentence
    handed = (
        "NPHD hibah Pilkada 2024 Kota Sabang diteken Jumat. Hibah Rp10 miliar diserahkan "
        "kepada KPU Sabang; 40 persen cair pada 2023."
    )
    assert read(handed, gazetteer)[0][0][2] == "nphd"
    rest = (
        "Pemkot Ambon sudah mencairkan sebagian hibah KPU dan Bawaslu. Sisa yang belum "
        "terealisasi, Rp27 miliar, yakni Bawaslu Rp5,6 miliar dan KPU Rp21,3 miliar, akan "
        "dicairkan bertahap sebelum pemungutan suara November."
    )
    got, skipped, _ = read(rest, gazetteer, dt.date(2024, 4, 25))
    assert [(b, a, s) for b, a, s, _ in got] == [
        ("Bawaslu", 5_600_000_000, "tranche_2"),
        ("KPU", 21_300_000_000, "tranche_2"),  # a tranche's part, paid in instalments
    ]
    assert skipped["Rp27 miliar"] == "total split between bodies or units"


def test_a_regional_governments_grant_paid_used_and_tranches_by_other_names(gazetteer):
    text = (
        "Berau – Pemkab Berau mengalokasikan Rp55,9 miliar untuk penyelenggaraan Pilkada 2024, "
        "diperuntukkan bagi KPU dan Bawaslu Berau. Dana itu terbagi atas Rp37,9 miliar untuk "
        "KPU Berau dan Rp18 miliar untuk Bawaslu "
        'Berau. "Dana ini sudah disalurkan kepada KPU dan Bawaslu," jelas Salim. Anggaran itu '
        "untuk honor PPK dan KPPS, tidak termasuk gaji komisioner."
    )
    got, _, _ = read(text, gazetteer)
    # no "hibah" word, but a regional government gives it: a grant, paid in full
    assert [(b, a, s) for b, a, s, _ in got] == [
        ("KPU", 37_900_000_000, "disbursed"),
        ("Bawaslu", 18_000_000_000, "disbursed"),
    ]
    partly = text.replace("sudah disalurkan kepada", "sudah dicairkan 40 persen kepada")
    assert {s for _, _, s, _ in read(partly, gazetteer)[0]} == {"nphd"}
    national = "Kemenkeu mencairkan Rp 5 triliun untuk honor KPPS, kata pejabat Kemenkeu."
    assert read(national, gazetteer)[0] == []
    used = (
        "KPU Kabupaten Manokwari mengembalikan sisa hibah Pilkada 2024. Dari total Rp41,1 "
        "miliar yang diterima, KPU Manokwari hanya menggunakan Rp27,8 miliar."
    )
    assert read(used, gazetteer)[0][-1][1:3] == (27_800_000_000, "realized")
    tranches = (
        "NPHD hibah Pilkada Banjarnegara diteken Jumat. Bawaslu menerima Rp 8,1 miliar dengan "
        "dua tahap pencairan: tahap kesatu Rp 3,2 miliar dan tahap kedua Rp 4,8 miliar. KIP "
        "Aceh Jaya menerima Rp20 miliar, direalisasikan dua tahapan: pertama Rp5 miliar dari "
        "anggaran perubahan 2023, dan sisanya Rp15 miliar melalui APBK murni 2024."
    )
    got, _, _ = read(tranches, gazetteer)
    assert [(a, s) for _, a, s, _ in got] == [
        (8_100_000_000, "nphd"),
        (3_200_000_000, "tranche_1"),
        (4_800_000_000, "tranche_2"),
        (20_000_000_000, "nphd"),
        (5_000_000_000, "tranche_1"),
        (15_000_000_000, "tranche_2"),
    ]
    head = (
        "NPHD hibah Pilkada Maluku Tengah sudah diteken. Tahap kedua, 60 persen, untuk KPU "
        "Rp 26.456.230.000 dan Bawaslu Rp 10.500.000.000, disalurkan paling lambat 10 Juli 2024."
    )
    assert {s for _, _, s, _ in read(head, gazetteer)[0]} == {"tranche_2"}


def test_an_amount_approved_told_again_and_a_total_after_the_bodies(gazetteer):
    text = (
        "Pemkab Aceh Jaya meneken nota persetujuan hibah daerah dengan KIP Aceh Jaya. "
        '"Jumlahnya Rp20 miliar," kata Pj Bupati. KIP semula mengusulkan Rp21 miliar dan hanya '
        "disetujui Rp20 miliar sesuai kemampuan daerah."
    )
    got, _, _ = read(text, gazetteer)
    # approved is agreed: the Rp20 miliar told again at the agreement's stage is one figure
    # (its first telling, "Jumlahnya", is the sum of this one body's grant, not of several)
    assert sorted((a, s) for _, a, s, _ in got) == [
        (20_000_000_000, "nphd"),
        (21_000_000_000, "budget"),
    ]
    total = (
        "Pemkab Sampang menghibahkan Rp 4 miliar untuk Polres Sampang dan Rp 2 miliar untuk "
        "Kodim 0828. Sementara KPU Sampang mendapat anggaran Rp 49,9 miliad dan Bawaslu Rp 10 "
        'miliar. "Total yang dihibahkan Pemkab Sampang sekitar Rp 66 miliar," katanya.'
    )
    got, skipped, _ = read(total, gazetteer)
    assert ("KPU", 49_900_000_000) in [(b, a) for b, a, _, _ in got]  # "miliad": miliar
    assert skipped["sekitar Rp 66 miliar"] == "total over several bodies"
    # after a sentence about one body, a total is that body's
    one = (
        "KPU Kota Sabang mengembalikan sisa hibah Rp1 miliar ke kas daerah. Total hibah yang "
        "diterima Rp30 miliar."
    )
    assert [(b, a) for b, a, _, _ in read(one, gazetteer)[0]] == [
        ("KPU", 1_000_000_000),
        ("KPU", 30_000_000_000),
    ]
    # a total smaller than the figures before it is no total over them, nor the last of
    # their bodies': a sentence with no body after figures of two bodies takes neither's
    small = total.replace("sekitar Rp 66 miliar", "sekitar Rp 6 miliar")
    assert 6_000_000_000 not in [a for _, a, _, _ in read(small, gazetteer)[0]]


def test_a_body_that_has_not_signed_yet_has_a_budget(gazetteer):
    text = (
        "CILEGON – Pemkot Cilegon mengucurkan hibah Pilkada 2024: KPU Cilegon Rp 32.856.891.000 "
        'dan Bawaslu Cilegon Rp 11.586.891.000. "Pada 14 September kami telah meneken NPHD '
        'dengan KPU," katanya. Bawaslu Cilegon belum meneken NPHD karena menunggu pendelegasian, '
        '"tetapi anggaran Bawaslu Cilegon untuk Pilkada ini sebesar Rp 11.586.891.000," jelasnya.'
    )
    got, _, _ = read(text, gazetteer, dt.date(2023, 9, 18))
    assert [(b, s) for b, _, s, _ in got] == [("KPU", "nphd"), ("Bawaslu", "budget")]
    # once it has signed, its figure is the agreement's too
    # the body named last before "belum" in its clause is the one that has not signed
    both = text.replace(
        "Bawaslu Cilegon belum meneken NPHD",
        "KPU Cilegon sudah meneken, sedangkan Bawaslu Cilegon belum meneken NPHD",
    )
    assert [s for _, _, s, _ in read(both, gazetteer, dt.date(2023, 9, 18))[0]] == [
        "nphd",
        "budget",
    ]
    # a figure between the body and "belum" ends no clause at its thousands separators
    between = (
        "Pemkot Cilegon meneken NPHD dengan KPU Cilegon. Hibahnya: KPU Cilegon Rp "
        "32.856.891.000 dan Bawaslu Cilegon Rp 11.586.891.000. Bawaslu Cilegon, dengan 1.200 "
        "pengawas TPS, belum meneken NPHD."
    )
    got = read(between, gazetteer, dt.date(2023, 9, 18))[0]
    assert [(b, s) for b, _, s, _ in got] == [("KPU", "nphd"), ("Bawaslu", "budget")]
    signed = text.replace(
        "Bawaslu Cilegon belum meneken NPHD", "Bawaslu Cilegon sudah meneken NPHD"
    )
    assert {s for _, _, s, _ in read(signed, gazetteer, dt.date(2023, 9, 18))[0]} == {"nphd"}


def test_all_received_the_grant_told_again_as_a_total_and_pay_rates_in_a_clause(gazetteer):
    text = (
        "Sipirok – KPU Tapanuli Selatan telah menerima seluruh anggaran Pilkada 2024 sebesar "
        'Rp36,8 miliar. "Tahap pertama 60 persen dan tahap kedua 40 persen. Totalnya NPHD itu '
        'sebesar Rp36,8 miliar, dan sudah kita terima semuanya," ujarnya.'
    )
    got, _, _ = read(text, gazetteer)
    # all received: paid; the total in a text about one body is its grant, told again
    assert [(a, s) for _, a, s, _ in got] == [
        (36_800_000_000, "disbursed"),
        (36_800_000_000, "nphd"),
    ]
    # either way of saying all of it was received is enough
    said_once = text.replace(", dan sudah kita terima semuanya", "")
    assert read(said_once, gazetteer)[0][0][2] == "disbursed"
    said_in_quote = text.replace(
        "telah menerima seluruh anggaran", "telah menerima sebagian anggaran"
    )
    assert read(said_in_quote, gazetteer)[0][0][2] == "disbursed"
    partly = text.replace("telah menerima seluruh anggaran", "telah menerima sebagian anggaran")
    partly = partly.replace(", dan sudah kita terima semuanya", "")
    assert read(partly, gazetteer)[0][0][2] == "nphd"
    # a total of two sources of one body's money, given by no figure before, stays a sum
    sources = (
        "Ketua KPU Kabupaten Pangandaran menuturkan angka usulan hampir disepakati di kisaran "
        "Rp 25 miliar. Jika ditambah dana sharing dari Pemprov Jawa Barat sebesar Rp 8 miliar, "
        "totalnya menjadi sekitar Rp 33 miliar lebih."
    )
    _, skipped, _ = read(sources, gazetteer)
    assert skipped["sekitar Rp 33 miliar lebih"] == "total, change, spending, estimate or range"
    # in a text about several bodies, a total told again stays a total
    several = (
        "Pemkab menyiapkan hibah Rp 50 miliar untuk KPU dan Bawaslu. Rinciannya KPU Rp 40 miliar "
        "dan Bawaslu Rp 10 miliar, totalnya Rp 50 miliar."
    )
    assert [a for _, a, _, _ in read(several, gazetteer)[0]] == [40_000_000_000, 10_000_000_000]
    pay = (
        "Pemkot Manado dan Bawaslu Kota Manado meneken NPHD sebesar Rp 13,5 Miliar. Bawaslu "
        "mengusulkan penyesuaian karena honorarium pengawas TPS naik dari Rp. 500.000 menjadi "
        "Rp. 880.000."
    )
    got, skipped, _ = read(pay, gazetteer, dt.date(2023, 12, 28))
    assert [(b, a) for b, a, _, _ in got] == [("Bawaslu", 13_500_000_000)]
    assert skipped["Rp. 880.000"] == "pay of election staff, not a grant"
    # a body named after the pay word: the figure is its grant
    grant = (
        "Dari hibah Pilkada 2024, anggaran terbesar untuk honor badan ad hoc, sedangkan KPU "
        "Manado mendapat Rp 30 miliar."
    )
    assert [(b, a) for b, a, _, _ in read(grant, gazetteer)[0]] == [("KPU", 30_000_000_000)]


def test_security_named_in_a_list_and_a_figure_given_its_body_in_the_next_sentence(gazetteer):
    text = (
        "BANJARBARU – Dana hibah Pilkada 2024 dialokasikan untuk KPU Banjarbaru sebesar Rp22,3 "
        'miliar, Bawaslu Rp7,5 miliar, dan keamanan Rp2,8 miliar. "Yang Rp2,8 miliar untuk '
        'keamanan juga dari APBD murni 2024," ujarnya.'
    )
    got, skipped, _ = read(text, gazetteer)
    # security is the police's and the army's together: no one body's, in the list or after
    assert [(b, a) for b, a, _, _ in got] == [("KPU", 22_300_000_000), ("Bawaslu", 7_500_000_000)]
    assert list(skipped.values()) == ["no body named"]  # (both mentions have the same text)
    assert read(text.replace("keamanan Rp2,8", "pengawasan Rp2,8"), gazetteer)[0][2][:2] == (
        "Bawaslu",
        2_800_000_000,
    )
    # the figure just told, given to one body at the start of the next sentence, is its
    approved = (
        "KAYUAGUNG – Dana Pilkada 2024 Kabupaten Ogan Komering Ilir yang disetujui sebesar "
        "Rp 88 Miliar. Dana sebesar itu untuk KPU, sedangkan untuk Bawaslu sebesar Rp 18 Miliar."
    )
    got, _, _ = read(approved, gazetteer)
    assert [(b, a) for b, a, _, _ in got] == [("KPU", 88_000_000_000), ("Bawaslu", 18_000_000_000)]
    # given to two bodies, it is their total; broken down with figures of its own, too
    both = approved.replace(
        "untuk KPU, sedangkan untuk Bawaslu sebesar Rp 18 Miliar", "untuk KPU dan Bawaslu"
    )
    _, skipped, _ = read(both, gazetteer)
    assert skipped["Rp 88 Miliar"] == "no body named"
    # (the second body named by its unit too: "untuk KPU dan Polres OKI")
    units = both.replace("untuk KPU dan Bawaslu", "untuk KPU dan Polres OKI")
    assert read(units, gazetteer)[1]["Rp 88 Miliar"] == "no body named"
    broken = approved.replace("untuk KPU, sedangkan", "untuk KPU sebesar Rp 70 Miliar, sedangkan")
    got, skipped, _ = read(broken, gazetteer)
    assert skipped["Rp 88 Miliar"] == "no body named"
    assert [b for b, _, _, _ in got] == ["KPU", "Bawaslu"]


def test_the_main_budget_of_2024_is_the_second_tranche_and_paid_in_the_grantors_words(gazetteer):
    text = (
        "Pada APBD Perubahan 2023 KPU Banjarbaru menerima hibah Rp8,92 miliar. Lalu di APBD "
        "murni 2024 Pemkot Banjarbaru menghibahkan Rp13,3 miliar untuk KPU."
    )
    got, _, _ = read(text, gazetteer)
    assert [(a, s) for _, a, s, _ in got] == [
        (8_920_000_000, "tranche_1"),
        (13_300_000_000, "tranche_2"),
    ]
    for main in ("APBD induk 2024", "APBD pokok tahun 2024"):
        assert read(text.replace("APBD murni 2024", main), gazetteer)[0][1][2] == "tranche_2"
    # the 2024 budget alone names no tranche: a grant paid at once may come from it
    assert read(text.replace("APBD murni 2024", "APBD 2024"), gazetteer)[0][1][2] != "tranche_2"
    grant = (
        "TARUTUNG – Hibah Pilkada diberikan ke KPU Tapanuli Utara sebesar Rp38.552.372.500 dan "
        'Bawaslu sebesar Rp15.924.114.000. "Dana tersebut sudah kita realisasikan," kata Sekda.'
    )
    assert {s for _, _, s, _ in read(grant, gazetteer)[0]} == {"disbursed"}
    said_by_the_body = grant.replace(
        "Dana tersebut sudah kita realisasikan", "NPHD sudah realisasi semua dari Pemkab"
    )
    assert {s for _, _, s, _ in read(said_by_the_body, gazetteer)[0]} == {"disbursed"}
    not_yet = grant.replace("sudah kita realisasikan", "akan kita realisasikan")
    assert {s for _, _, s, _ in read(not_yet, gazetteer)[0]} == {"nphd"}
    partly = grant.replace("sudah kita realisasikan", "sudah kita realisasikan sebagian")
    assert {s for _, _, s, _ in read(partly, gazetteer)[0]} == {"nphd"}


def test_a_grant_paid_in_two_goes_is_whole_and_a_scale_word_after_full_rupiah(gazetteer):
    text = (
        "SLAWI – Pemkab Tegal akan memberikan dana hibah kepada KPU sebanyak Rp52 miliar, yang "
        "dicairkan dua kali. Pencairan pertama sebanyak 40 persen atau Rp20,8 miliar diberikan "
        "tahun 2023 ini, dan pencairan kedua 60 persen atau Rp31,2 miliar pada 2024."
    )
    got, _, _ = read(text, gazetteer, dt.date(2023, 12, 24))
    # paid in two goes, the figure is the whole grant, not a payment
    assert [(a, s) for _, a, s, _ in got] == [
        (52_000_000_000, "nphd"),
        (20_800_000_000, "tranche_1"),
        (31_200_000_000, "tranche_2"),
    ]
    once = text.replace("yang dicairkan dua kali", "yang dicairkan")
    assert read(once, gazetteer, dt.date(2023, 12, 24))[0][0][2] == "disbursed"
    sulsel = (
        "MAKASSAR – Nilai 40 persen yang sudah diterima KPU Sulsel yakni Rp154.837.072.751,2 "
        "miliar. Sisa 60 persen yang masih ditunggu ialah Rp232.255.609.126,8 miliar dari "
        "APBD Pokok 2024."
    )
    got, _, records = read(sulsel, gazetteer, dt.date(2024, 5, 2))
    assert [(b, a, s) for b, a, s, _ in got] == [
        ("KPU", 154_837_072_751, "tranche_1"),
        ("KPU", 232_255_609_127, "tranche_2"),
    ]
    assert [r.flags for r in records] == [["scale-word-restated"], ["scale-word-restated"]]


def test_instalments_named_in_words_and_paid_in_full_in_words(gazetteer):
    text = (
        "BOLMONG – Pencairan untuk KPU dilakukan tiga tahap. Untuk KPU, tahap pertama pada 31 "
        "Desember 2023 sebesar Rp5,5 miliar, tahap dua pada 31 Mei 2024 Rp11,5 miliar, dan "
        "tahap tiga pada 12 Juli 2024 sebesar Rp25,5 miliar."
    )
    got, _, _ = read(text, gazetteer, dt.date(2024, 8, 1))
    assert [s for _, _, s, _ in got] == ["tranche_1", "tranche_2", "tranche_2"]
    named = text.replace("tahap pertama", "tahap satu").replace("tahap tiga", "tahap ketiga")
    assert [s for _, _, s, _ in read(named, gazetteer, dt.date(2024, 8, 1))[0]] == [
        "tranche_1",
        "tranche_2",
        "tranche_2",
    ]
    # a third instalment is of the second tranche, whatever was paid before it
    third = text.replace("tahap dua pada 31 Mei 2024 Rp11,5 miliar, dan ", "")
    assert [s for _, _, s, _ in read(third, gazetteer, dt.date(2024, 8, 1))[0]] == [
        "tranche_1",
        "tranche_2",
    ]
    paid = (
        "SELUMA – Pemkab Seluma sudah menyalurkan seratus persen hibah kepada KPU dan "
        "Bawaslu, totalnya Rp 35 miliar. Sekda merinci, Rp 26 miliar hibah untuk KPU dan Rp 9 "
        "miliar untuk Bawaslu, sesuai naskah perjanjian hibah daerah."
    )
    got, skipped, _ = read(paid, gazetteer)
    assert [(b, a, s) for b, a, s, _ in got] == [
        ("KPU", 26_000_000_000, "disbursed"),
        ("Bawaslu", 9_000_000_000, "disbursed"),
    ]
    assert "Rp 35 miliar" in skipped
    share_first = paid.replace(
        "sudah menyalurkan seratus persen hibah", "hibahnya sudah seratus persen dikucurkan"
    )
    assert {s for _, _, s, _ in read(share_first, gazetteer)[0]} == {"disbursed"}
    # a rise of a hundred percent pays nothing
    risen = paid.replace(
        "sudah menyalurkan seratus persen hibah", "menandatangani NPHD; honor naik seratus persen"
    )
    assert {s for _, _, s, _ in read(risen, gazetteer)[0]} == {"nphd"}


def test_the_unspent_balance_goes_back_and_an_estimate_or_interest_is_no_grant(gazetteer):
    text = (
        "LEBAK – Hibah untuk KPU Lebak totalnya Rp 50 miliar. Menurut Asda, perkiraan sisa "
        "Rp 2 miliar harus dikembalikan. Sekretaris KPU Lebak menyebut saldo hibah yang belum "
        "terserap Rp 1 miliar."
    )
    got, skipped, _ = read(text, gazetteer, dt.date(2025, 2, 27))
    assert [(a, s) for _, a, s, _ in got] == [
        (50_000_000_000, "disbursed"),
        (1_000_000_000, "returned"),
    ]
    assert "estimate" in skipped["Rp 2 miliar"]
    # a part left unused is said of the whole, which is not what went back
    whole = (
        "Hibah dari APBD itu dialokasikan untuk KPU Gunungkidul sebesar Rp15 miliar, dan "
        "sebagian tak terpakai."
    )
    assert read(whole, gazetteer)[0][0][2] == "nphd"
    interest = (
        "Hibah kepada KPU Pamekasan: pagu total Rp50 miliar, realisasi Rp43.463.026.663, sisa "
        "Rp6.536.973.137, dan jasa giro Rp294.784.007."
    )
    got, skipped, _ = read(interest, gazetteer)
    assert 294_784_007 not in [a for _, a, _, _ in got]
    assert "Rp294.784.007" in skipped


def test_a_link_run_into_a_paragraph_is_not_the_texts_figure(gazetteer):
    text = (
        "LEBAK – Sisa hibah KPU Lebak diperkirakan kecil, kata Asda, Kamis 27 Februari 2025. "
        "Baca juga: Pemkab Lebak Gelontorkan Anggaran Hibah Rp 70 Miliar untuk Pilkada 2024. "
        "Menurut dia, total yang diberikan kepada KPU Lebak Rp 50 miliar."
    )
    got, skipped, _ = read(text, gazetteer)
    assert [a for _, a, _, _ in got] == [50_000_000_000]
    assert skipped["Rp 70 Miliar"] == "a link to another item"


def test_two_kinds_of_body_share_the_one_figure_of_their_clause(gazetteer):
    text = (
        "MATARAM – TNI dan Polri mengusulkan anggaran pengamanan Pilkada 2024 di Nusa Tenggara "
        "Barat sebesar Rp13,4 miliar, sementara KPU dan Bawaslu NTB diberikan Rp174 miliar. "
        "Dari usulan itu, Polda NTB meminta Rp10,5 miliar dan Korem 162/Wira Bhakti Rp2,9 "
        "miliar."
    )
    got, skipped, _ = read(text, gazetteer)
    assert [(b, a) for b, a, _, _ in got] == [("Polri", 10_500_000_000), ("TNI", 2_900_000_000)]
    assert skipped["Rp13,4 miliar"] == skipped["Rp174 miliar"] == "total over several bodies"
    # two figures in the clause are not one sum of both bodies
    turn = "KPU dan Bawaslu Kota Bima menerima Rp 20 miliar dan Rp 5 miliar."
    assert sorted(a for _, a, _, _ in read(turn, gazetteer)[0]) == [5_000_000_000, 20_000_000_000]


def test_a_figure_told_again_rounded_in_a_text_of_one_body_is_a_record(gazetteer):
    text = (
        "PAMEKASAN – KPU Kabupaten Pamekasan mengembalikan sisa hibah Pilkada 2024 sebesar "
        'Rp6.831.757.241. "Jumlahnya Rp6,8 M," katanya.'
    )
    got, _, _ = read(text, gazetteer)
    assert [(a, s) for _, a, s, _ in got] == [
        (6_831_757_241, "returned"),
        (6_800_000_000, "returned"),
    ]
    # a sum of two sources for the one body is no figure of one grantor
    sum_of_sources = (
        "KPU Pangandaran menyebut usulan hampir disepakati Rp 25 miliar. Jika ditambah dana "
        "sharing dari Pemprov sebesar Rp 8 miliar, totalnya menjadi sekitar Rp 33 miliar."
    )
    assert 33_000_000_000 not in [a for _, a, _, _ in read(sum_of_sources, gazetteer)[0]]


def test_money_already_set_aside_is_the_agreed_grant_once_it_is_signed(gazetteer):
    text = (
        "NEGARA – Pemkab Jembrana menandatangani NPHD pengamanan Pilkada 2024 bersama Polres "
        "Jembrana. Pemerintah daerah telah menyiapkan anggaran operasional pengamanan sebesar "
        "Rp 5.620.873.200 untuk Polres Jembrana."
    )
    assert read(text, gazetteer)[0][0][2] == "nphd"
    unsigned = text.replace("menandatangani NPHD", "membahas")
    assert read(unsigned, gazetteer)[0][0][2] == "budget"
    # preparing it, not yet set aside, is a plan whatever was signed
    plan = text.replace("telah menyiapkan", "menyiapkan")
    assert read(plan, gazetteer)[0][0][2] == "budget"


def test_each_line_of_a_list_is_its_own_and_a_return_named_before_its_figure(gazetteer):
    text = (
        "BANYUASIN – BPK menyoroti hibah Pilkada 2024 untuk KPU, Bawaslu, Polres dan Kodim.\n"
        "Rincian Dana Hibah Pilkada Banyuasin 2024\n"
        "KPU Banyuasin: Rp38,19 miliar (Hibah Uang Tahap II)\n"
        "Bawaslu Banyuasin: Rp9,6 miliar (Hibah Uang Tahap II)\n"
        "Polres Banyuasin: Rp15,24 miliar (Hibah pengamanan)\n"
        "dengan pengembalian ke Kasda Rp5,63 miliar\n"
        "Kodim Banyuasin: Rp5 miliar (Hibah pengamanan)"
    )
    got, _, _ = read(text, gazetteer)
    assert [(b, a, s) for b, a, s, _ in got] == [
        ("KPU", 38_190_000_000, "tranche_2"),
        ("Bawaslu", 9_600_000_000, "tranche_2"),
        ("Polri", 15_240_000_000, "disbursed"),  # the grant a return came from
        ("Polri", 5_630_000_000, "returned"),
        ("TNI", 5_000_000_000, "nphd"),
    ]
    # a line that goes on a sentence is not a list's
    wrapped = "Pemkab Kukar mengalokasikan dana sebesar\nRp62 miliar untuk KPU Kukar."
    assert [a for _, a, _, _ in read(wrapped, gazetteer)[0]] == [62_000_000_000]


def test_a_balance_still_held_and_a_total_over_counted_regions_are_no_grants(gazetteer):
    text = (
        "SERANG – Pemkab Serang menganggarkan dana PSU. Di KPU Kabupaten Serang masih ada "
        "Silpa Rp8,3 miliar dan di Bawaslu Kabupaten Serang Rp2,4 miliar. KPU Kabupaten "
        "Pasuruan menyebut serapan 87 persen; masih tersisa Rp 9,6 miliar yang kemudian "
        "dipakai lagi sepanjang 2025."
    )
    got, skipped, _ = read(text, gazetteer)
    assert got == []
    assert {skipped[t] for t in ("Rp8,3 miliar", "Rp2,4 miliar", "Rp 9,6 miliar")} == {
        "a balance still held, not returned"
    }
    # a remainder still there that goes back is returned
    back = (
        "KPU Karanganyar: dari hibah sebesar Rp35 miliar, masih tersisa Rp3,5 miliar yang akan "
        "dikembalikan."
    )
    assert ("KPU", 3_500_000_000, "returned") in [
        (b, a, s) for b, a, s, _ in read(back, gazetteer)[0]
    ]
    regions = (
        "JAYAPURA – Menurut KPU Papua, total anggaran yang diajukan 11 kabupaten penyelenggara "
        "Pilkada tembus Rp600 miliar untuk dana hibah."
    )
    got, skipped, _ = read(regions, gazetteer)
    assert got == [] and skipped["Rp600 miliar"] == "total over several regions"
    for many in ("sebelas", "dua puluh tiga"):
        assert read(regions.replace("11", many), gazetteer)[0] == []
    one = regions.replace(
        "total anggaran yang diajukan 11 kabupaten", "anggaran yang diajukan satu kabupaten"
    )
    assert [a for _, a, _, _ in read(one, gazetteer)[0]] == [600_000_000_000]


def test_security_with_where_it_goes_an_estimate_and_money_to_the_treasury(gazetteer):
    text = (
        "SERANG – Rinciannya, kebutuhan KPU Kabupaten Serang Rp38 miliar, Bawaslu Kabupaten "
        "Serang Rp9,9 miliar, dan pengamanan di tiga polres serta dua kodim Rp1,83 miliar."
    )
    got, skipped, _ = read(text, gazetteer)
    assert [(b, a) for b, a, _, _ in got] == [("KPU", 38_000_000_000), ("Bawaslu", 9_900_000_000)]
    assert skipped["Rp1,83 miliar"] == "no body named"
    estimate = (
        'MAGETAN – PSU Pilkada digelar di empat TPS. "Estimasi KPU Rp 403 juta," kata Rudy. '
        "NPHD Pilkada sebelumnya masih cukup."
    )
    assert read(estimate, gazetteer)[0][0][2] == "budget"
    treasury = (
        "PASURUAN – KPU Kabupaten Pasuruan menepati janji. Yang disetor ke kas daerah "
        "seluruhnya Rp 4.773.304.804. Sisa itu bagian dari hibah Rp 75 miliar dalam NPHD."
    )
    got, _, _ = read(treasury, gazetteer)
    assert [(a, s) for _, a, s, _ in got] == [
        (4_773_304_804, "returned"),
        (75_000_000_000, "nphd"),
    ]


def test_a_grant_named_only_as_what_central_money_is_not_and_a_figure_told_again(gazetteer):
    # Kompas on Papua's four new provinces: the governor elections are paid from the central
    # budget; the one grant the text names is other regions' way of paying
    text = (
        "JAKARTA – Anggaran Pilgub 2024 di empat daerah otonomi baru Papua berjumlah Rp 974 "
        "miliar, tepatnya Rp 974.358.715.000. Rinciannya:\n"
        "1. Papua Tengah Rp 247.810.109.000 (Rp 247,8 miliar)\n"
        "2. Papua Selatan Rp 138.507.942.000 (Rp 138,5 miliar)\n"
        "Menurut Drajat, khusus di empat provinsi baru itu dananya bersumber dari APBN, "
        "berbeda dengan daerah lain yang membiayai pilkada dengan dana hibah pemerintah daerah "
        "masing-masing. Angka itu hasil rasionalisasi anggaran KPU."
    )
    got, skipped, _ = read(text, gazetteer)
    assert got == []
    assert skipped["Rp 974 miliar"] == "national budget or pay rates, no regional grant named"
    # a grant named in a sentence of its own is one, the central budget named elsewhere
    granted = text + " Pemprov Papua memberi hibah Rp 155 miliar kepada KPU Papua."
    assert [(b, a) for b, a, _, _ in read(granted, gazetteer)[0]][-1] == (
        "KPU",
        155_000_000_000,
    )
    # the figure told again more exactly goes as the one before it went
    need = (
        "Fatoni berharap semua daerah menganggarkan hibah lewat APBD. Biaya Pilkada 2024 di "
        "545 provinsi dan kabupaten/kota mencapai Rp35,8 triliun, atau tepatnya "
        "Rp35.817.670. 991.000."
    )
    got, skipped, _ = read(need, gazetteer)
    assert got == []
    assert skipped["Rp35,8 triliun"] == skipped["Rp35.817.670. 991.000"]
    assert skipped["Rp35,8 triliun"] == "total over several regions"


def test_a_tranche_heading_a_list_and_the_line_after_a_numbered_list(gazetteer):
    text = (
        "SURABAYA – Gubernur Jawa Timur meneken NPHD Pilgub 2024: KPU Jatim Rp845.000.000.000 "
        "dan Bawaslu Jatim Rp111.354.383.000. Tahap pertama tahun 2023: KPU Jatim menerima "
        "Rp488.645.617.000 atau 58 persen dan Bawaslu Jatim Rp111.354.383.000 atau 100 persen. "
        "Tahap 2 tahun 2024: KPU Jatim menerima Rp356.354.383.000 atau 42 persen."
    )
    got, _, _ = read(text, gazetteer)
    assert [(b, a, s) for b, a, s, _ in got] == [
        ("KPU", 845_000_000_000, "nphd"),
        ("Bawaslu", 111_354_383_000, "nphd"),
        ("KPU", 488_645_617_000, "tranche_1"),
        ("Bawaslu", 111_354_383_000, "tranche_1"),
        ("KPU", 356_354_383_000, "tranche_2"),
    ]
    # the last line of a numbered list ends there: the next line's "beberapa tahun lalu"
    # (2024, in a text of 2025) is not a tranche of the army's grant
    listed = (
        "MUARA TEWEH – Pemkab Barito Utara menandatangani Adendum NPHD untuk PSU 2025. "
        "Dialokasikan kepada:\n"
        "1. KPU Barito Utara: Rp15.184.460.550\n"
        "2. Kodim 1013 Muara Teweh: Rp4.400.000.000\n"
        "Dananya dari APBD yang dialokasikan sejak beberapa tahun lalu, termasuk 2025."
    )
    got, _, _ = read(listed, gazetteer, dt.date(2025, 6, 19))
    assert [(b, s) for b, _, s, _ in got] == [("KPU", "nphd"), ("TNI", "nphd")]
    assert len(sentences(listed)) == 5


def test_a_shortfall_a_whole_spent_from_and_a_list_of_items(gazetteer):
    # Florespedia on Sikka: paid so far, and what is still owed (no grant)
    text = (
        "MAUMERE – Anggaran Pilkada 2024 yang disepakati antara Pemkab Sikka dan KPU Sikka "
        "sebesar Rp 21,7 miliar lebih. Dari jumlah itu, Pemkab Sikka sudah merealisasikan "
        "setoran dana hibah sebesar Rp 7 miliar dan masih ada kekurangan sebesar Rp 14 miliar "
        "lebih."
    )
    got, skipped, _ = read(text, gazetteer)
    assert [(a, s) for _, a, s, _ in got] == [
        (21_700_000_000, "nphd"),
        (7_000_000_000, "disbursed"),
    ]
    assert skipped["Rp 14 miliar lebih"] == "total, change, spending, estimate or range"
    deficit = "Kebutuhan pengawasan Rp251 miliar, sehingga ada defisit sekitar Rp216 miliar."
    assert "sekitar Rp216 miliar" in read("Hibah Bawaslu. " + deficit, gazetteer)[1]
    # the whole a share spent is of: received; the whole a share paid is of: agreed
    spent = (
        "BARABAI – Bawaslu HST mengembalikan sisa hibah Rp3,9 miliar ke kas daerah. Hibah "
        "yang terserap sekitar Rp8 miliar atau 67 persen dari total dana hibah Rp11,9 miliar "
        "yang dialokasikan Pemkab HST."
    )
    got, _, _ = read(spent, gazetteer)
    assert [(a, s) for _, a, s, _ in got] == [
        (3_900_000_000, "returned"),
        (8_000_000_000, "realized"),
        (11_900_000_000, "disbursed"),
    ]
    paid = "Polda Papua Barat baru menerima 30 persen dari alokasi Rp75 miliar dalam NPHD."
    assert [s for _, _, s, _ in read(paid, gazetteer)[0]] == ["nphd"]
    # what the money bought, item by item, in a sentence naming no body
    items = (
        "KOTABUMI – Sisa hibah KPU Lampung Utara dipakai memperbaiki kantor. Belanjanya antara "
        "lain peralatan Rp468 juta, pengadaan mebel Rp400 juta, dan rehabilitasi gedung Rp350 "
        "juta."
    )
    got, skipped, _ = read(items, gazetteer)
    assert got == []
    assert skipped["Rp400 juta"] == "an item of a list, not a body's grant"
    # a body named in the sentence: its figures are its own, "antara lain" or not
    named = "Pemkab memberi hibah antara lain kepada KPU Rp10 miliar dan Bawaslu Rp3 miliar."
    assert len(read(named, gazetteer)[0]) == 2


def test_no_body_after_two_bodies_figures_and_regions_together(gazetteer):
    # after the figures of two bodies, a figure of a sentence naming none is neither's
    text = (
        "SERANG – Pemkab Serang menganggarkan hibah PSU. Rinciannya, kebutuhan KPU Kabupaten "
        "Serang Rp38 miliar dan Bawaslu Kabupaten Serang Rp9,9 miliar. Anggaran sementara dari "
        "Pemkab Serang Rp11,5 miliar berasal dari Belanja Tak Terduga APBD."
    )
    got, skipped, _ = read(text, gazetteer)
    assert [a for _, a, _, _ in got] == [38_000_000_000, 9_900_000_000]
    assert skipped["Rp11,5 miliar"] == "no body named"
    # whose it is, the figures after it tell, and they take its stage
    ambon = (
        "Sesuai NPHD, Pemkot Ambon memberi KPU Rp35 miliar dan Bawaslu Rp9,4 miliar. Pada 2023 "
        "anggaran terealisasi Rp7,9 miliar, untuk KPU Rp5,8 miliar dan Bawaslu Rp2,1 miliar."
    )
    got, skipped, _ = read(ambon, gazetteer)
    assert [(a, s) for _, a, s, _ in got][2:] == [
        (5_800_000_000, "tranche_1"),
        (2_100_000_000, "tranche_1"),
    ]
    assert skipped["Rp7,9 miliar"] == "total over several bodies"
    # after one body's, it goes on as that body's (a tranche of its grant)
    one = (
        "Pemkab Tegal memberi hibah kepada Bawaslu Rp13,5 miliar. Pada 2024 dicairkan Rp8,1 miliar."
    )
    assert [(b, a) for b, a, _, _ in read(one, gazetteer)[0]][-1] == ("Bawaslu", 8_100_000_000)
    # regions together: at the level of every regency and city, or counted after the figure
    regions = (
        "PALOPO – Hibah Pilkada yang tersisa di tingkat kabupaten/kota hanya Rp35,8 miliar. "
        "Ketua KPU menyebut kebutuhan anggaran PSU Rp486,3 miliar, untuk 24 daerah."
    )
    got, skipped, _ = read(regions, gazetteer)
    assert got == []
    assert skipped["Rp35,8 miliar"] == skipped["Rp486,3 miliar"] == "total over several regions"


def test_a_proposal_lowered_step_by_step_and_a_body_still_waiting_to_sign(gazetteer):
    # Indograf on Bangkalan: each value the request was lowered to is a request still;
    # "hingga akhirnya" goes on to the agreed figure, no range
    text = (
        "Pemkab Bangkalan dan KPU meneken NPHD Pilkada 2024. KPU Bangkalan awalnya mengajukan "
        "permohonan dana pilkada sebesar Rp93 miliar. Setelah harmonisasi, nilainya turun "
        "menjadi Rp83 miliar, kemudian turun lagi menjadi Rp73 miliar hingga akhirnya "
        "disepakati sebesar Rp53 miliar."
    )
    got, _, _ = read(text, gazetteer)
    assert [(a, s) for _, a, s, _ in got] == [
        (93_000_000_000, "budget"),
        (83_000_000_000, "budget"),
        (73_000_000_000, "budget"),
        (53_000_000_000, "nphd"),
    ]
    # a value changed to after an agreed one is at the stage the text gives it
    agreed = (
        "NPHD KPU diteken sebesar Rp60 miliar. Setelah evaluasi, nilainya turun menjadi "
        "Rp55 miliar."
    )
    assert [s for _, _, s, _ in read(agreed, gazetteer)[0]] == ["nphd", "nphd"]
    # Lajur on Buton Selatan: signed with the KPU; the Bawaslu, the contrast says, still waits
    waiting = (
        "Pj Bupati mengatakan NPHD bersama KPUD Busel sudah diteken pada Sabtu (28/10/2023), "
        "sedangkan bersama Bawaslu masih menunggu jadwal yang cocok. Besaran dana yang "
        "disepakati dengan KPU ada Rp29 miliar. Untuk Bawaslu, hasil kesepakatan dana Pilkada "
        "senilai Rp11 miliar."
    )
    got, _, _ = read(waiting, gazetteer)
    assert [(b, s) for b, _, s, _ in got] == [("KPU", "nphd"), ("Bawaslu", "budget")]


def test_the_budget_told_after_its_agreement_a_dateline_and_a_balance_still_used(gazetteer):
    # Antara on Kota Serang: the amount the city budgeted, told after the agreement, is it
    text = (
        "Serang (ANTARA) – KPU Kota Serang menerima hibah Rp28 miliar untuk Pilkada 2024 "
        'lewat NPHD dengan Pemkot Serang. "Anggaran Pilkada yang sudah dianggarkan Pemkot '
        'Serang sebanyak Rp28 miliar untuk semua tahapan," ujarnya.'
    )
    assert [(a, s) for _, a, s, _ in read(text, gazetteer)[0]] == [(28_000_000_000, "nphd")]
    # a request told first and an agreement of the same amount are two figures
    asked = (
        "KPU mengusulkan Rp28 miliar kepada Pemkot Serang. NPHD diteken, disetujui Rp28 "
        "miliar untuk KPU."
    )
    assert [s for _, _, s, _ in read(asked, gazetteer)[0]] == ["budget", "nphd"]
    # a dateline in mixed case names no other region: the figure told twice is one
    ambon = (
        "Ambon – Bawaslu Maluku akan menerima hibah pengawasan sebesar Rp85,3 miliar dari "
        'Pemprov Maluku. "Bawaslu Maluku menerima dana hibah sebesar Rp.85,3 miliar," kata '
        "Ketua Bawaslu Maluku. Bawaslu Maluku belum meneken NPHD."
    )
    assert len(read(ambon, gazetteer)[0]) == 1
    # a balance partly still in use is not returned
    held = (
        "KPU PPU memastikan sisa anggaran dikembalikan ke kas daerah. Hingga akhir 2024 "
        "anggaran yang tersisa mencapai Rp2,5 miliar, tetapi sebagian masih dipakai untuk "
        "pleno penetapan."
    )
    got, skipped, _ = read(held, gazetteer)
    assert got == []
    assert skipped["Rp2,5 miliar"] == "a balance still held, not returned"


def test_the_whole_a_return_is_taken_from_first_told_as_received(gazetteer):
    # Eksekutor on Jembrana: what each body received is first told as the whole of its return
    text = (
        "NEGARA – KPUD Jembrana telah mengembalikan Rp 7,2 miliar dari Rp 24,7 miliar yang "
        "diterimanya, sedangkan Bawaslu Jembrana belum menyetor sisa Rp 1,5 miliar dari Rp 6,6 "
        "miliar yang diterimanya."
    )
    got, _, _ = read(text, gazetteer)
    assert [(b, a, s) for b, a, s, _ in got] == [
        ("KPU", 7_200_000_000, "returned"),
        ("KPU", 24_700_000_000, "disbursed"),
        ("Bawaslu", 1_500_000_000, "returned"),
        ("Bawaslu", 6_600_000_000, "disbursed"),
    ]
    # a whole not said to be received, or told before, is not a figure again
    bare = "Realisasi untuk KPU baru 64 persen atau sekitar Rp 93 miliar dari Rp 145 miliar."
    assert [a for _, a, _, _ in read(bare, gazetteer)[0]] == [93_000_000_000]
    again = (
        "NPHD KPU diteken Rp 24,7 miliar. KPUD mengembalikan Rp 7,2 miliar dari Rp 24,7 "
        "miliar yang diterimanya."
    )
    assert [a for _, a, _, _ in read(again, gazetteer)[0]] == [24_700_000_000, 7_200_000_000]


def test_an_agreement_with_the_election_bodies_is_for_the_regional_election(gazetteer):
    # Antara on Teluk Wondama: its regent says "pemilu 2024"; the NPHD with the KPU and
    # the Bawaslu says which election
    text = (
        "Pemkab Teluk Wondama mengalokasikan Rp60,5 miliar dari APBD untuk pemilu 2024. Ia "
        'merinci: KPU Teluk Wondama Rp35 miliar, Bawaslu Teluk Wondama Rp17 miliar. "NPHD '
        'sudah kami teken dengan KPU dan Bawaslu," kata Bupati.'
    )
    got, _, _ = read(text, gazetteer)
    assert [(b, a) for b, a, _, _ in got] == [("KPU", 35_000_000_000), ("Bawaslu", 17_000_000_000)]
    # a security grant for the general election stays out
    security = (
        "KEEROM – Pemkab Keerom dan Polres meneken berita acara kesepakatan hibah pengamanan "
        "Pemilu 2024 sebesar Rp3 miliar untuk Polres Keerom."
    )
    got, skipped, _ = read(security, gazetteer)
    assert got == []
    assert skipped["Rp3 miliar"] == "the general election (Pemilu), not a regional one"
    # so does an agreement with the police alone, and help to the KPU with no agreement
    police = "Pemkab Keerom dan Polres Keerom meneken NPHD pengamanan Pemilu 2024 Rp3 miliar."
    assert read(police, gazetteer)[0] == []
    helped = "Untuk Pemilu 2024, Pemkab Keerom membantu KPU Keerom Rp2 miliar bagi gudang logistik."
    assert read(helped, gazetteer)[0] == []


def test_a_share_of_the_agreement_a_handover_a_use_reported_and_security_as_a_pair(gazetteer):
    # Detik Sultra: the first tranche described as a share of the agreement is a tranche
    share = (
        "KENDARI – Dengan kesepakatan NPHD ini, KPU Sultra akan menerima hibah sebesar Rp233,3 "
        "miliar. Pencairannya bertahap, dengan tahap pertama (40% dari nilai NPHD) sebesar "
        "Rp93.324.091.326."
    )
    assert [s for _, _, s, _ in read(share, gazetteer)[0]] == ["nphd", "tranche_1"]
    # Waspada on Medan: the whole a payment so far is taken from is the agreed grant
    medan = (
        "MEDAN – Pemko Medan baru merealisasikan Rp 32,87 miliar ke KPU dari total dana hibah "
        "Rp 82,16 miliar."
    )
    assert [(a, s) for _, a, s, _ in read(medan, gazetteer)[0]] == [
        (32_870_000_000, "disbursed"),
        (82_160_000_000, "nphd"),
    ]
    # Inpost on Bangka Barat: money handed over (serah terima) was paid
    handed = (
        "BANGKA BARAT – Berita acara serah terima dana hibah pengamanan Pilkada 2024 "
        "ditandatangani Kamis. Dana hibah yang dikucurkan kepada Polres Bangka Barat sebesar "
        "Rp 3 miliar, sedangkan untuk Kodim 0431/BB sebesar Rp 1 miliar."
    )
    assert [s for _, _, s, _ in read(handed, gazetteer)[0]] == ["disbursed", "disbursed"]
    # Posmetro on Tanah Datar: the recipients report how they used the grants given them
    used = (
        "TANAHDATAR – Pemkab Tanah Datar memberikan dana hibah Pilkada kepada Bawaslu Rp "
        "12.507.691.000 dan Polres Tanah Datar sebesar Rp 2 miliar, sesuai NPHD. Para penerima "
        "melaporkan penggunaan belanja hibah itu kepada Bupati, Jumat (9/5)."
    )
    assert [s for _, _, s, _ in read(used, gazetteer)[0]] == ["disbursed", "disbursed"]
    # Mediasi on Konawe: security heading a list line, and security for the police and the
    # army written as one after its figure, are theirs together; a pantarlih's pay is none
    konawe = (
        "- KPU Rp 68,3 M\n- Bawaslu Rp 24,9 M\n- Pengamanan Rp 11,3 M\nNPHD Pilkada Konawe "
        "diteken: Rp 68,3 M untuk KPU Konawe, Rp 24,9 M untuk Bawaslu Konawe, serta Rp 11,3 M "
        "untuk TNI-Polri selaku pihak pengamanan. Untuk pantarlih, dengan seribuan pantarlih "
        "saja, sekitar Rp1 milyar."
    )
    got, skipped, _ = read(konawe, gazetteer)
    assert [(b, a) for b, a, _, _ in got] == [
        ("KPU", 68_300_000_000),
        ("Bawaslu", 24_900_000_000),
    ]
    assert skipped["sekitar Rp1 milyar"] == "pay of election staff, not a grant"
    # a dateline with the outlet's name after a comma names no region
    told = (
        "PANGKALPINANG, LASPELA – Bawaslu Bangka menerima hibah Rp9,2 miliar lewat NPHD. "
        '"Kita (Bawaslu Bangka) kebagian Rp9,2 miliar dana hibah sesuai rencana kerja," '
        "ujarnya."
    )
    assert len(read(told, gazetteer)[0]) == 1


def test_two_bodies_named_in_full_with_their_acronyms_share_their_clause_figure(gazetteer):
    # Solopos on Wonogiri: "(KPU) dan" joins the list as "KPU dan" does
    text = (
        "WONOGIRI — Pemkab Wonogiri menghibahkan Rp47,2 miliar kepada Komisi Pemilihan Umum "
        "(KPU) dan Badan Pengawas Pemilu (Bawaslu) untuk Pilkada 2024. Hibah itu dibagikan "
        "kepada KPU Wonogiri senilai Rp36,1 miliar dan Bawaslu Wonogiri senilai Rp11,1 miliar."
    )
    got, skipped, _ = read(text, gazetteer)
    assert [(b, a) for b, a, _, _ in got] == [
        ("KPU", 36_100_000_000),
        ("Bawaslu", 11_100_000_000),
    ]
    assert skipped["Rp47,2 miliar"] == "total over several bodies"


def test_rates_remainders_between_bodies_payments_for_now_and_a_years_share(gazetteer):
    # Serayu News on Banyumas: a cost per polling station is a rate, not a grant
    rates = (
        "KPU Banyumas menerima total anggaran Rp 56 miliar untuk Pilkada 2024. Biaya "
        "operasional TPS hanya Rp 1,9 juta per TPS, lebih kecil dari Pemilu sebelumnya yang "
        "mencapai Rp4,5 juta/TPS."
    )
    got, skipped, _ = read(rates, gazetteer)
    assert [a for _, a, _, _ in got] == [56_000_000_000]
    assert set(skipped) == {"Rp 1,9 juta", "Rp4,5 juta"}
    # Banten Raya on Pandeglang: the rest of a sum split between bodies is no tranche
    rest = (
        "Pemkab Pandeglang menyiapkan hibah pengamanan Rp 2 miliar. Masing-masing untuk Polres "
        "Pandeglang sebesar Rp 1,5 miliar, kemudian sisanya Rp 500 juta untuk Kodim 0601."
    )
    got, _, _ = read(rest, gazetteer)
    assert [(b, s) for b, _, s, _ in got] == [("Polri", "budget"), ("TNI", "budget")]
    # ... the rest of one body's grant still is: "sisanya Rp 15 miliar" after its first part
    tranche = "KPU Pandeglang menerima tahap pertama Rp 10 miliar, sisanya Rp 15 miliar."
    assert [s for _, _, s, _ in read(tranche, gazetteer)[0]] == ["tranche_1", "tranche_2"]
    # Jendela Satu on Sinjai: "untuk sementara" (for now) opens no clause of its own, and
    # what was paid ("dibayarkan") in the first tranche is that tranche
    paid = (
        "SINJAI – Ketua KPU Sinjai telah meneken hibah Rp22 Miliar, Sabtu (2/12/2023); dari "
        "jumlah itu, pencairan tahap pertama untuk sementara hanya dibayarkan Rp7,2 Miliar."
    )
    assert [s for _, _, s, _ in read(paid, gazetteer)[0]] == ["nphd", "tranche_1"]
    assert [s for _, _, s, _ in read("KPU Sinjai dibayarkan Rp2 Miliar.", gazetteer)[0]] == [
        "disbursed"
    ]
    # Batam Pos on Batam: a year's share budgeted, told before its figure, is that tranche
    shares = (
        "Rinciannya, pada 2023 dianggarkan Rp15,6 miliar untuk KPU dan Rp5,9 miliar untuk "
        "Bawaslu, sementara pada 2024 Rp23,4 miliar untuk KPU dan Rp8,8 miliar untuk Bawaslu."
    )
    got, _, _ = read(shares, gazetteer)
    assert [s for _, _, s, _ in got] == ["tranche_1", "tranche_1", "tranche_2", "tranche_2"]
    # ... not the whole budgeted in one year, told after its figure
    whole = (
        "KPU PPU memperoleh alokasi Rp22,9 miliar untuk membiayai Pilkada 2024, dianggarkan "
        "Pemkab PPU dalam APBD 2023."
    )
    assert [s for _, _, s, _ in read(whole, gazetteer)[0]] == ["budget"]


def test_a_whole_split_in_two_the_budget_year_over_the_share_and_the_police_by_name(gazetteer):
    # MaduraPost on Sumenep: a figure split into two instalments is the whole grant, told
    # again, not the first instalment
    whole = (
        "SUMENEP – Bawaslu Sumenep menerima hibah Pilkada 2024 sebesar Rp24 miliar, kata "
        "Ketua Bawaslu. Hibah Rp24 miliar itu dibagi menjadi dua termin: 40 persen sudah "
        "terserap pada 2023, dan 60 persen pada 2024 masih dalam proses."
    )
    got, skipped, _ = read(whole, gazetteer)
    assert [(a, s) for _, a, s, _ in got] == [(24_000_000_000, "nphd")]
    assert skipped == {"Rp24 miliar": "the same figure told again"}
    # Antara on Bintan: the budget year, not the share, says which tranche
    years = (
        "Ketua KPU Bintan Haris Daulay mengatakan yang disetujui untuk KPU Rp15 miliar. "
        "Menurut Haris, Pemkab telah mengalokasikan 60 persen atau sekitar Rp9 miliar melalui "
        "APBD Perubahan 2023, sedangkan sisanya 40 persen atau sekitar Rp6 miliar pada APBD "
        "Murni 2024."
    )
    assert [s for _, _, s, _ in read(years, gazetteer)[0]] == ["nphd", "tranche_1", "tranche_2"]
    # ... and so does the tranche's number
    second = "KPU Bintan menerima tahap kedua 40 persen sebesar Rp6 miliar."
    assert [s for _, _, s, _ in read(second, gazetteer)[0]] == ["tranche_2"]
    # Limadetik on Sumenep: the police by their common name; the election bodies as
    # "penyelenggara", neither named, are not the army named before them
    police = (
        "Hibah pengamanan 10 miliar ini terbagi dua, 8 miliar untuk Polisi (Polres) dan 2 "
        "miliar untuk TNI (Kodim). Selain pengamanan, Pemkab juga memberi hibah kepada "
        "penyelenggara Pilkada, yang berkisar Rp 90 miliar lebih."
    )
    got, skipped, _ = read(police, gazetteer)
    assert [(b, a) for b, a, _, _ in got] == [("Polri", 8_000_000_000), ("TNI", 2_000_000_000)]
    assert skipped["Rp 90 miliar lebih"] == "no body named"
    after_one = (
        "Polres Sumenep mendapat hibah pengamanan Rp8 miliar. Pemkab juga memberi hibah "
        "kepada penyelenggara Pilkada, yang berkisar Rp 90 miliar lebih."
    )
    assert [b for b, _, _, _ in read(after_one, gazetteer)[0]] == ["Polri"]
    # ... but the military police is the army's
    military = (
        "Polres Lamandau menerima Rp 5,5 miliar, Kodim 1017/LMD Rp 3 miliar, dan Polisi "
        "Militer Daerah Militer XII/Tanjungpura Rp 283.160.000."
    )
    assert [b for b, _, _, _ in read(military, gazetteer)[0]] == ["Polri", "TNI", "TNI"]


def test_security_outside_an_agreement_signed_with_the_election_bodies_alone(gazetteer):
    # Surabaya Pagi on Sampang: the agreement signed is the KPU's; the police's and the
    # army's figures are a budget still
    sampang = (
        "SAMPANG – Pemkab Sampang menggelontorkan hibah Rp 6 miliar untuk pengamanan Pilkada "
        "2024. NPHD Pilkada telah ditandatangani pemerintah daerah dan KPU setempat pada 9 "
        "November 2023. Untuk Polres Sampang dana yang kami hibahkan sebesar Rp 4 miliar, dan "
        "untuk Kodim Rp 2 miliar."
    )
    assert [(b, s) for b, _, s, _ in read(sampang, gazetteer)[0]] == [
        ("Polri", "budget"),
        ("TNI", "budget"),
    ]
    # ... not when the agreement is for security ("NPHD dana pengamanan")
    palu = (
        "PALU – Pemprov menyepakati NPHD dana pengamanan Pilgub 2024: Polda Sulawesi Tengah "
        "memperoleh Rp20 miliar dan Korem 132/Tadulako Rp7.141.232.000. Naskahnya "
        "ditandatangani Gubernur bersama Karo Ops Polda, Kamis (4/4/2024)."
    )
    assert {s for _, _, s, _ in read(palu, gazetteer)[0]} == {"nphd"}
    # ... nor when the signing names no party, or the agreement is named, not its signing
    security = " Polres memperoleh Rp 4 miliar dan Kodim Rp 2 miliar."
    for told in (
        "NPHD Pilkada telah ditandatangani, Kamis (9/11/2023).",
        "KPU memperoleh hibah Rp 40 miliar sesuai NPHD.",
    ):
        assert {s for _, _, s, _ in read(told + security, gazetteer)[0]} == {"nphd"}
    forkopimda = "Pemkab, KPU, Bawaslu dan Forkopimda menandatangani NPHD Pilkada, Senin."
    assert {s for _, _, s, _ in read(forkopimda + security, gazetteer)[0]} == {"nphd"}
    two = "Pemkab dan KPU menandatangani NPHD, Senin. NPHD kedua ditandatangani Kamis."
    assert {s for _, _, s, _ in read(two + security, gazetteer)[0]} == {"nphd"}
    # ... and in a text of grants paid in full, they were paid
    paid = "Pemkab dan KPU menandatangani NPHD pada 2023." + security
    paid += " Hibah itu sudah disalurkan seluruhnya."
    assert {s for _, _, s, _ in read(paid, gazetteer)[0]} == {"disbursed"}


def test_budgets_of_past_years_alone_and_a_figure_compared_with(gazetteer):
    # Murianews on Grobogan's 2020 election: no election dated, every budget before the
    # 2024 grants and no later year named: a past election
    past = (
        "GROBOGAN – Hibah bagi kedua penyelenggara mencapai Rp 46,8 miliar: untuk KPU sekitar "
        "Rp 37,2 miliar dan Bawaslu Rp 9,6 miliar. Dana KPU disalurkan lewat APBD 2019 "
        "sebesar Rp 246 juta dan Rp 37 miliar lewat APBD 2020."
    )
    got, skipped, _ = read(past, gazetteer)
    assert got == []
    assert set(skipped.values()) == {"past election"}
    # ... not where a later year is named: the past budget is a comparison
    compared = (
        "KPU Grobogan menerima hibah Rp 50 miliar, Kamis (9/11/2023), lebih besar dari Rp 37 "
        "miliar lewat APBD 2020."
    )
    got, skipped, _ = read(compared, gazetteer)
    assert [a for _, a, _, _ in got] == [50_000_000_000]
    assert skipped == {"Rp 37 miliar": "previous election or comparison"}
    # ... nor where an earlier year is named without a budget of it
    earlier = "KPU Sinjai menerima hibah Rp22 miliar, jumlah yang naik sejak tahun 2020."
    assert [a for _, a, _, _ in read(earlier, gazetteer)[0]] == [22_000_000_000]


def test_a_regional_office_names_its_region_and_a_handover_told_as_a_condition(gazetteer):
    # Tribun Lampung on three regions in one item: the office names the region of the
    # figures after it, a sentence naming none goes on in the region of the figure before
    # it, and a handover told as what a payment waits for is no payment made
    text = (
        "Kabid Anggaran BPKAD Kota Bandar Lampung mengatakan anggaran pilwakot 2024 Rp 62 M. "
        "Kepala Bakesbangpol Lampung Barat mengatakan anggaran pilkada di daerahnya Rp 36,38 "
        "miliar, untuk KPU Rp 22,40 miliar dan Bawaslu Lampung Barat Rp 13,98 miliar. "
        "Pencairannya dilakukan setelah penandatanganan berita acara serah terima dana "
        "hibah. Terpisah, Kepala BPKAD Kabupaten Mesuji menjelaskan anggaran pilkada di "
        "Mesuji untuk KPU Mesuji Rp 28.209.992.715. Anggaran pengamanannya untuk Polres "
        "mencapai Rp 1.300.000.000 dan Kodim Rp 400.000.000."
    )
    _, _, records = read(text, gazetteer)
    assert [(r.body, r.region.name, r.stage) for r in records] == [
        ("KPU", "Kabupaten Lampung Barat", "budget"),
        ("Bawaslu", "Kabupaten Lampung Barat", "budget"),
        ("KPU", "Kabupaten Mesuji", "budget"),
        ("Polri", "Kabupaten Mesuji", "budget"),
        ("TNI", "Kabupaten Mesuji", "budget"),
    ]
    # ... a handover told as done is a payment
    done = (
        "KPU Tanah Datar menerima hibah Rp 26,5 miliar. Berita acara serah terima dana hibah "
        "diteken Jumat (9/5)."
    )
    assert [s for _, _, s, _ in read(done, gazetteer)[0]] == ["disbursed"]


def test_a_whole_not_all_spent_is_no_spending(gazetteer):
    # Tribun Medan on Sumatera Utara: what was not all spent is the whole received
    text = (
        "MEDAN - Ketua KPU Sumut Agus Arifin mengatakan tidak semua dana Pilkada yang "
        "diterima, Rp 705 milliar, terpakai, dan sisanya akan dikembalikan ke kas daerah."
    )
    got, _, _ = read(text, gazetteer)
    assert [(b, a) for b, a, _, _ in got] == [("KPU", 705_000_000_000)]
    assert got[0][2] != "realized"
    # ... what was spent is
    spent = "KPU Sumut menerima Rp 705 miliar; dana yang tidak sedikit, Rp 650 miliar terpakai."
    assert [s for _, _, s, _ in read(spent, gazetteer)[0]][-1] == "realized"


def test_an_agreement_only_likely_is_none_signed_and_a_cut_is_no_grant(gazetteer):
    # TAKtik on Karawang: an amount agreed while the agreement's signing is only likely
    # ("kemungkinan serentak") is a budget, and the cut from the proposal is no figure
    text = (
        "KARAWANG — Dana penyelenggaraan Pilkada 2024 dari APBD sudah disepakati Rp 71 miliar. "
        '"Kami mengajukan Rp 80 miliar, ternyata dipangkas Rp 9 miliar," kata KPU Karawang. '
        "Penandatanganan NPHD kemungkinan serentak di 27 kabupaten/kota se-Jawa Barat."
    )
    got, skipped, _ = read(text, gazetteer)
    assert [(b, a, s) for b, a, s, _ in got] == [
        ("KPU", 71_000_000_000, "budget"),
        ("KPU", 80_000_000_000, "budget"),
    ]
    assert skipped["Rp 9 miliar"] == "total, change, spending, estimate or range"
    # ... signed, the agreed amount is the agreement
    signed = text.replace("kemungkinan serentak", "diteken serentak")
    assert read(signed, gazetteer)[0][0][2] == "nphd"
    # ... one that will be signed ("bakal") or may be ("mungkin") is a budget still
    coming = text.replace("kemungkinan serentak", "bakal diteken serentak")
    assert read(coming, gazetteer)[0][0][2] == "budget"
    maybe = text.replace("kemungkinan serentak", "mungkin diteken serentak")
    assert read(maybe, gazetteer)[0][0][2] == "budget"


@pytest.mark.parametrize(
    "change",
    ["dipangkas Rp 9 miliar", "dipotong sebesar Rp 9 miliar", "dihemat Rp 9 miliar"],
)
def test_a_cut_or_a_saving_is_no_grant(gazetteer, change):
    text = f"KPU Karawang menerima hibah Rp 71 miliar, setelah usulannya {change}."
    got, skipped, _ = read(text, gazetteer)
    assert [a for _, a, _, _ in got] == [71_000_000_000]
    assert list(skipped.values()) == ["total, change, spending, estimate or range"]


def test_a_saving_told_after_the_return_is_no_figure_of_its_own(gazetteer):
    # Teropong Media on Karawang: what the KPU saved is the return told again, as a change
    text = (
        "KPU Kabupaten Karawang menyetor kembali sisa anggaran Pilkada 2024 sebesar Rp1,19 "
        "miliar ke kas daerah. Pilkada Karawang 2024 menganggarkan dana Rp71,3 miliar, dan "
        "dari jumlah itu KPU menghemat Rp1,19 miliar."
    )
    got, _, _ = read(text, gazetteer)
    assert [a for _, a, _, _ in got] == [1_190_000_000, 71_300_000_000]
    assert got[0][2] == "returned"


def test_parts_of_a_return_by_item_add_up_to_it_as_rounded(gazetteer):
    # Teropong Media on Karawang: the parts of a return by item, one of them placed by no
    # word of its own, add up to the return told before them as it is rounded (Rp1,19
    # miliar: to Rp10 juta)
    text = (
        "KPU Kabupaten Karawang menyetor kembali sisa anggaran Pilkada 2024 sebesar Rp1,19 "
        "miliar ke kas daerah. Sisa itu datang dari beberapa pos: dari pos sengketa KPU "
        "mengembalikan Rp300 juta; efisiensi sosialisasi dan logistik menyisakan Rp877,7 "
        "juta; operasional kantor dan perjalanan dinas Rp15,7 juta."
    )
    got, skipped, _ = read(text, gazetteer)
    assert [(a, s) for _, a, s, _ in got] == [(1_190_000_000, "returned")]
    assert set(skipped.values()) == {"part of a figure already given"}
    # ... parts that do not add up to it stay
    more = text.replace("Rp15,7 juta", "Rp25,7 juta")
    assert len(read(more, gazetteer)[0]) == 4
    # ... and so do parts told at two stages, spent and returned
    spent = text.replace("menyisakan Rp877,7", "membelanjakan Rp877,7")
    assert len(read(spent, gazetteer)[0]) == 4
    # ... and so do parts of which one is a tranche
    tranche = (
        "KPU Sigi menerima hibah Rp10 miliar. Dana itu Rp4 miliar, kemudian tahap II Rp6 miliar."
    )
    assert [s for _, _, s, _ in read(tranche, gazetteer)[0]] == ["nphd", "nphd", "tranche_2"]


def test_a_figure_for_pay_and_other_items_is_the_whole(gazetteer):
    # detikSulsel on Bone: a proposal for pay, stationery and logistics is the whole
    text = (
        "Ketua KPU Bone mengatakan pihaknya mengusulkan hibah Rp 68 miliar untuk honor badan "
        "ad hoc (PPK, PPS, KPPS), ATK dan logistik."
    )
    assert [a for _, a, _, _ in read(text, gazetteer)[0]] == [68_000_000_000]
    for other in ("serta alat tulis kantor", "serta sosialisasi", "dan ATK", "logistik"):
        listed = text.replace("ATK dan logistik", other)
        assert [a for _, a, _, _ in read(listed, gazetteer)[0]] == [68_000_000_000], other
    # ... one for pay alone is a part
    pay = "KPU Bone menerima hibah Rp 60 miliar, dengan Rp 20 miliar untuk honor PPK dan PPS."
    assert [a for _, a, _, _ in read(pay, gazetteer)[0]] == [60_000_000_000]


def test_a_sentence_naming_no_body_whose_figures_add_up_to_one_bodys(gazetteer):
    # Disway Jateng on Pemalang: the two years' shares, no body named, add up to the KPU's
    # agreement told before them, not the Bawaslu's named last; the 2024 budget's is the
    # second tranche
    text = (
        "Bupati Pemalang menandatangani NPHD. Alokasi hibah untuk KPU Rp50,5 miliar, Bawaslu "
        "Rp10,8 miliar. Alokasi hibah dibebankan pada dua tahun anggaran, yaitu perubahan APBD "
        "2023 Rp1,8 miliar dan APBD 2024 Rp48,7 miliar."
    )
    _, _, records = read(text, gazetteer)
    assert [(r.body, r.amount.value, r.stage, r.basis) for r in records][2:] == [
        ("KPU", 1_800_000_000, "tranche_1", "sum"),
        ("KPU", 48_700_000_000, "tranche_2", "carried"),
    ]
    # ... to the precision the whole is written with (Rp50,5 miliar: to Rp100 juta)
    exact = text.replace("Rp1,8 miliar", "Rp1.800.000.000").replace(
        "Rp48,7 miliar", "Rp48.730.000.000"
    )
    assert [r.body for r in read(exact, gazetteer)[2]][2:] == ["KPU", "KPU"]
    # ... not figures that add up to no one figure, nor to the figures of two bodies alike
    for other in (
        text.replace("Rp48,7 miliar", "Rp47,7 miliar"),
        text.replace("Bawaslu Rp10,8 miliar", "Bawaslu Rp50,5 miliar"),
    ):
        got, skipped, _ = read(other, gazetteer)
        assert len(got) == 2
        assert set(skipped.values()) == {"no body named"}
    # ... nor one figure alone, nor the figures of a sentence that names a body, nor of
    # one with a figure that cannot be read
    years = "perubahan APBD 2023 Rp1,8 miliar dan APBD 2024 Rp48,7 miliar"
    alone = text.replace(years, "Rp50,5 miliar")
    assert read(alone, gazetteer)[1] == {"Rp50,5 miliar": "no body named"}
    named = text.replace("Rp48,7 miliar.", "Rp48,7 miliar, kata Bawaslu.")
    assert set(read(named, gazetteer)[1].values()) == {"no body named"}
    unread = text.replace("Rp1,8 miliar", "Rp1,8 miliar, Rp 1.2.3")
    assert len(read(unread, gazetteer)[0]) == 2


def test_payments_of_both_tranches_paid_by_us_and_the_rest_of_a_payment(gazetteer):
    # Antara Papua on Kabupaten Jayapura: a payment of both tranches is paid, not the first;
    # "sudah kami bayar" is paid; the rest of a payment is still to be paid, not returned
    text = (
        "Pemkab Jayapura mencairkan hibah bertahap. Menurut Toffir, pembayaran tahap I dan II "
        'kepada KPU Kabupaten Jayapura sebesar Rp30 miliar. "Untuk Bawaslu, pembayaran yang '
        'tersisa Rp14 miliar," ujarnya. "Sejauh ini sudah kami bayar ke Polres Jayapura Rp3 '
        'miliar," katanya.'
    )
    got, _, _ = read(text, gazetteer)
    assert [(b, s) for b, _, s, _ in got] == [
        ("KPU", "disbursed"),
        ("Bawaslu", "tranche_2"),
        ("Polri", "disbursed"),
    ]
    for both in ("tahap pertama dan kedua", "termin 1 serta termin 2"):
        told = text.replace("tahap I dan II", both)
        assert read(told, gazetteer)[0][0][2] == "disbursed", both
    # ... one tranche named is that tranche
    first = text.replace("tahap I dan II", "tahap I")
    assert read(first, gazetteer)[0][0][2] == "tranche_1"
    # ... the rest of a disbursement too, and one paid by the grantor
    for rest, paid in (
        ("pencairan yang tersisa", "telah kita bayarkan"),
        ("penyaluran sisa", "sudah bayar"),
    ):
        told = text.replace("pembayaran yang tersisa", rest).replace("sudah kami bayar", paid)
        assert [s for _, _, s, _ in read(told, gazetteer)[0]][1:] == ["tranche_2", "disbursed"]
