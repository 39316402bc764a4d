"""Reference tables shipped under raw/reference/."""

from __future__ import annotations

import csv
import hashlib
import io
from pathlib import Path

import pandas as pd

from flows.ingest.files import RawFile, decode, sniff_delimiter
from flows.parse.regions import Gazetteer, Region
from flows.parse.vocabulary import is_region_code, level_of_code

REGIONS_FILE = "reference/regions.csv"
_REGION_COLUMNS = {
    "kode_wilayah": "region_code",
    "nama_wilayah": "region_name",
    "kode_provinsi": "province_code",
    "tingkat": "level",
    "pilkada_2024": "votes_2024",
}


def read_regions(file: RawFile) -> pd.DataFrame:
    """core.regions from raw/reference/regions.csv; a bad row stops the run (it is our file)."""
    text = decode(file.abs_path.read_bytes())
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(text))
    missing = set(_REGION_COLUMNS) - set(reader.fieldnames or ())
    if missing:
        raise ValueError(f"{file.path}: row 1: missing column(s) {', '.join(sorted(missing))}")
    rows = []
    for row in reader:
        where = f"{file.path}: row {reader.line_num}"
        code = row["kode_wilayah"].strip()
        if not is_region_code(code):
            raise ValueError(f"{where}: {code!r} is not a dotted Kemendagri code")
        if row["tingkat"].strip() != level_of_code(code):
            raise ValueError(f"{where}: level {row['tingkat']!r} does not match code {code}")
        votes = row["pilkada_2024"].strip().lower()
        if votes not in ("ya", "tidak"):
            raise ValueError(f"{where}: pilkada_2024 must be 'ya' or 'tidak', not {votes!r}")
        rows.append(
            {
                "region_code": code,
                "region_name": row["nama_wilayah"].strip(),
                "province_code": row["kode_provinsi"].strip(),
                "level": row["tingkat"].strip(),
                "votes_2024": votes == "ya",
            }
        )
    frame = pd.DataFrame(rows, columns=list(_REGION_COLUMNS.values()))
    duplicated = frame["region_code"][frame["region_code"].duplicated()]
    if not duplicated.empty:
        raise ValueError(f"{file.path}: duplicate region code(s) {', '.join(duplicated)}")
    return frame


def region_lookup(regions: pd.DataFrame) -> dict[str, dict[str, str]]:
    """region_code → its row, for the readers."""
    return {r["region_code"]: r for r in regions.to_dict("records")}


def gazetteer(regions: pd.DataFrame) -> Gazetteer:
    """The name matcher over core.regions."""
    return Gazetteer(
        Region(r.region_code, r.region_name, r.level, r.province_code) for r in regions.itertuples()
    )


def gazetteer_from_csv(path: Path) -> Gazetteer:
    """The name matcher straight from a regions reference file (for tools and benches)."""
    data = path.read_bytes()
    file = RawFile(path.name, path, hashlib.sha256(data).hexdigest(), len(data), "csv",
                   "reference")  # fmt: skip
    return gazetteer(read_regions(file))
