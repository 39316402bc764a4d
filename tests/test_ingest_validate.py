"""Reading tables and validating records, on the stage functions (no Prefect)."""

from __future__ import annotations

import datetime as dt
import shutil

import pandas as pd

from hibah import stages
from hibah.ingest.files import inventory
from tests.conftest import RAW


def test_shipped_raw_reads_completely():
    ingested = stages.ingest(RAW)
    checked = stages.validate(ingested)
    allocations = checked.allocations
    assert len(ingested.raw_rows) == len(allocations) + len(checked.quarantine) + len(
        ingested.skipped
    )
    assert checked.quarantine.empty
    # Real figures from at least 8 regions of at least 3 provinces.
    assert len(allocations) >= 30
    assert allocations["region_code"].nunique() >= 8
    assert allocations["province_code"].nunique() >= 3
    assert allocations["source_url"].str.startswith("https://").all()


def test_nunukan_press_release_figures():
    allocations = stages.validate(stages.ingest(RAW)).allocations
    release = allocations[
        allocations["source_url"].str.contains("nunukankab.go.id", regex=False)
        & (allocations["source_file"] == "kaltara-2024.csv")
    ].set_index("body")
    assert release["amount_idr"].to_dict() == {
        "KPU": 34_000_000_000,
        "Bawaslu": 13_825_000_543,  # "13 miliar 825 juta 543 rupiah", read literally
        "Polri": 5_971_710_000,
        "TNI": 1_028_290_000,
    }
    assert set(release["region_name"]) == {"Kabupaten Nunukan"}
    assert set(release["stage"]) == {"nphd"}
    assert set(release["election"]) == {"bupati"}
    assert set(release["as_of"]) == {dt.date(2024, 10, 31)}
    assert release.at["Bawaslu", "flags"] == ["word-amount-not-round"]


def test_defects_are_quarantined_with_reason_and_row(defect_raw):
    ingested = stages.ingest(defect_raw)
    checked = stages.validate(ingested)
    quarantined = checked.quarantine.set_index("row_number")
    assert sorted(quarantined.index) == [3, 4, 5, 7]
    assert quarantined.at[3, "rule_ids"] == ["amount-not-positive"]
    assert quarantined.at[4, "rule_ids"] == ["body-unknown"]
    assert quarantined.at[5, "rule_ids"] == ["region-code-format"]
    assert quarantined.at[7, "rule_ids"] == ["amount-unreadable"]
    assert "Satpol PP" in quarantined.at[4, "reasons"][0]
    assert "'65.3'" in quarantined.at[5, "reasons"][0]
    assert set(quarantined["source_file"]) == {"defects.csv"}
    assert checked.allocations["row_number"].tolist() == [2]
    assert sorted((s["row_number"], s["reason"]) for s in ingested.skipped) == [
        (6, "blank row"),
        (8, "totals row (not a grant)"),
    ]
    errors = checked.findings[checked.findings["severity"] == "error"]
    assert sorted(zip(errors["row_number"], errors["rule_id"], strict=True)) == [
        (3, "amount-not-positive"),
        (4, "body-unknown"),
        (5, "region-code-format"),
        (7, "amount-unreadable"),
    ]


def test_unreadable_file_is_reported_and_the_run_goes_on(raw_copy):
    (raw_copy / "broken.csv").write_text("Wilayah;Keterangan\nNunukan;tanpa angka\n")
    ingested = stages.ingest(raw_copy)
    assert list(ingested.read_errors) == ["broken.csv"]
    assert ingested.read_errors["broken.csv"].startswith("broken.csv: row 1: header")
    assert "\n" not in ingested.read_errors["broken.csv"]
    rules = {(f["rule_id"], f["source_file"]) for f in ingested.file_findings}
    assert ("file-unreadable", "broken.csv") in rules
    assert ("provenance-missing", "broken.csv") in rules
    assert len(stages.validate(ingested).allocations) >= 30


def test_region_code_keeps_its_trailing_zero(defect_raw):
    # Type inference would read 65.10 as 65.1; cells are read as text.
    table = defect_raw / "defects.csv"
    lines = table.read_text().splitlines()
    lines[1] = lines[1].replace(";65.03;", ";65.10;")  # no such regency in Kalimantan Utara
    table.write_text("\n".join(lines) + "\n")
    checked = stages.validate(stages.ingest(defect_raw))
    row2 = checked.quarantine[checked.quarantine["row_number"] == 2]
    assert row2["region_code"].tolist() == ["65.10"]
    assert row2["rule_ids"].tolist() == [["region-unknown"]]


def test_schema_passes_a_valid_record_and_names_each_failure():
    from hibah.validate import records_frame, validate_records

    good = {
        "allocation_id": "a1",
        "region_code": "65.03",
        "region_name": "Kabupaten Nunukan",
        "province_code": "65",
        "grantor_level": "kabupaten",
        "election": "bupati",
        "body": "KPU",
        "recipient_unit": "KPU Kabupaten Nunukan",
        "stage": "nphd",
        "amount_idr": 34_000_000_000,
        "amount_precision_idr": 1_000_000_000,
        "approximate": False,
        "as_of": dt.date(2024, 10, 31),
        "amount_text": "34 miliar",
        "source_url": "https://berita.nunukankab.go.id/",
        "source_file": "t.csv",
        "row_number": 2,
        "locator": "row 2",
        "evidence": "...",
        "region_as_written": None,
        "note": None,
        "flags": [],
    }
    bad = [
        good | {"allocation_id": "b1", "stage": "usulan", "row_number": 3},
        good | {"allocation_id": "b2", "amount_idr": 9 * 10**12, "row_number": 4},
        good | {"allocation_id": "b3", "as_of": dt.date(2022, 12, 31), "row_number": 5},
        good | {"allocation_id": "b4", "grantor_level": "provinsi", "row_number": 6},
        good | {"allocation_id": "b5", "region_code": "65.05", "row_number": 7},
    ]
    checked = validate_records(
        records_frame([good, *bad]), rejects=[], region_codes=["65", "65.03"]
    )
    assert checked.allocations["allocation_id"].tolist() == ["a1"]
    failures = checked.findings[["allocation_id", "rule_id", "severity"]]
    assert failures.sort_values("allocation_id").values.tolist() == [
        ["b1", "stage-unknown", "error"],
        ["b2", "amount-implausible", "error"],
        ["b3", "date-outside-calendar", "error"],
        ["b4", "grantor-level-mismatch", "error"],
        ["b5", "region-unknown", "error"],
    ]
    assert isinstance(checked.quarantine, pd.DataFrame)
    assert len(checked.quarantine) == 5


def test_progress_numbers_the_tables_and_texts_without_gaps():
    from hibah import stages
    from tests.conftest import RAW

    said: list[str] = []
    stages.ingest(RAW, progress=said.append)
    numbers = [line.split("]")[0].lstrip("[") for line in said]
    assert numbers == [f"{i}/{len(said)}" for i in range(1, len(said) + 1)]
    assert len(said) == 12  # the shipped tables and press texts, not the references


def test_files_read_in_batches_give_what_one_pass_gives():
    """The flow reads files in batches (one a worker) and puts the batches together: any
    split gives the rows, records, rejects and skips of reading them in one pass."""
    from hibah.ingest.files import inventory
    from hibah.ingest.reference import REGIONS_FILE
    from hibah.pipeline import batches

    files = inventory(RAW)
    regions = next(f for f in files if f.path == REGIONS_FILE)
    whole = stages.ingest_files(files, regions)
    context = stages.prepare(files, regions)
    for count in (2, 3, len(files)):
        parts = [stages.read_batch(group, context) for group in batches(files, count)]
        split = stages.combine(files, context, parts)
        # batches hold files by size, not in path order: compare the rows in file order
        for frame in ("raw_rows", "records"):
            pd.testing.assert_frame_equal(
                _in_file_order(getattr(split, frame)), _in_file_order(getattr(whole, frame))
            )
        for listed in ("rejects", "skipped", "file_findings"):
            assert sorted(map(repr, getattr(split, listed))) == sorted(
                map(repr, getattr(whole, listed))
            )
        assert split.read_errors == whole.read_errors


def _in_file_order(frame: pd.DataFrame) -> pd.DataFrame:
    keys = ["source_file", "row_number", "locator"]
    return frame.sort_values(keys, kind="stable").reset_index(drop=True)


def test_a_file_saved_twice_is_read_once_and_named(raw_copy):
    # the same download under two names (``rekap (1).csv``): one file's records, not two
    once = stages.validate(stages.ingest(raw_copy)).allocations
    shutil.copy(raw_copy / "kaltara-2024.csv", raw_copy / "kaltara-2024 (1).csv")
    ingested = stages.ingest(raw_copy)
    twice = stages.validate(ingested).allocations
    assert sorted(twice["allocation_id"]) == sorted(once["allocation_id"])
    duplicates = [f for f in ingested.file_findings if f["rule_id"] == "file-duplicate"]
    # the one raw/sources.csv lists is read, though the other comes first by name
    assert [(f["source_file"], f["message"]) for f in duplicates] == [
        (
            "kaltara-2024 (1).csv",
            "kaltara-2024 (1).csv: the same bytes as kaltara-2024.csv; read once, as "
            "kaltara-2024.csv",
        )
    ]
    assert set(twice["source_file"]) == set(once["source_file"])


def test_a_text_file_of_tab_separated_cells_is_read_as_a_table(raw_copy):
    # Excel saves "Unicode Text" (UTF-16) and "Text (Tab delimited)" as .txt
    header = "Kode Wilayah\tPemerintah Daerah\tLembaga\tTahap\tNilai (Rp)\tSumber"
    row = "65.03\tKabupaten Nunukan\tKPU\tNPHD\t34.000.000.000\thttps://example.org/unicode-text"
    (raw_copy / "nphd-unicode.txt").write_bytes(f"{header}\r\n{row}\r\n".encode("utf-16"))
    # a press text with a tab in it stays a press text
    (raw_copy / "press" / "tab.txt").write_text("Nunukan -\tHibah KPU Rp 34 miliar.\n")
    files = {f.path: f for f in inventory(raw_copy)}
    assert (files["nphd-unicode.txt"].role, files["nphd-unicode.txt"].format) == (
        "allocations",
        "tsv",
    )
    assert (files["press/tab.txt"].role, files["press/tab.txt"].format) == ("press", "txt")
    allocations = stages.validate(stages.ingest(raw_copy)).allocations
    read = allocations[allocations["source_file"] == "nphd-unicode.txt"]
    assert read[["region_code", "body", "amount_idr", "locator"]].values.tolist() == [
        ["65.03", "KPU", 34_000_000_000, "row 2"]
    ]
