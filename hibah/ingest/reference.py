"""Reference tables shipped under raw/reference/: regions (required), BPS's code bridge,
registered voters, anchor dates and accountability filings (optional). They are the
project's own files: a bad row stops the run with the file and row named."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from hibah.ingest.files import RawFile, decode, sniff_delimiter
from hibah.parse.regions import Gazetteer, Region
from hibah.schemas.reference import (
    AccountabilitySchema,
    AnchorSchema,
    BpsCodeSchema,
    RegionSchema,
    VoterSchema,
)

REGIONS_FILE = "reference/regions.csv"
BPS_CODES_FILE = "reference/bps-kemendagri.csv"
VOTERS_FILE = "reference/dpt.csv"
ANCHORS_FILE = "reference/anchors.csv"
ACCOUNTABILITY_FILE = "reference/accountability.csv"


def _rows(file: RawFile, columns: dict[str, str]) -> tuple[list[dict], list[int]]:
    text = decode(file.abs_path.read_bytes())
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(text))
    missing = set(columns) - set(reader.fieldnames or ())
    if missing:
        raise ValueError(f"{file.path}: row 1: missing column(s) {', '.join(sorted(missing))}")
    rows, lines = [], []
    for row in reader:
        rows.append({columns[k]: (row[k] or "").strip() for k in columns})
        lines.append(reader.line_num)
    return rows, lines


def _validated(file: RawFile, frame: pd.DataFrame, schema, lines: list[int]) -> pd.DataFrame:
    try:
        return schema.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as exc:
        case = exc.failure_cases.iloc[0]
        index = case["index"]
        row = lines[int(index)] if index is not None and not pd.isna(index) else 1
        raise ValueError(
            f"{file.path}: row {row}: {case['column']} {case['failure_case']!r} fails "
            f"{case['check']}"
        ) from exc


def _typed(file, rows, lines, convert: dict[str, Callable]) -> list[dict]:
    out = []
    for row, line in zip(rows, lines, strict=True):
        try:
            out.append(
                {k: (convert[k](v) if k in convert and v else (v or None)) for k, v in row.items()}
            )
        except ValueError as exc:
            raise ValueError(f"{file.path}: row {line}: {exc}") from exc
    return out


def read_regions(file: RawFile) -> pd.DataFrame:
    """core.regions from raw/reference/regions.csv."""
    columns = {
        "kode_wilayah": "region_code",
        "nama_wilayah": "region_name",
        "kode_provinsi": "province_code",
        "tingkat": "level",
        "pilkada_2024": "votes_2024",
    }
    rows, lines = _rows(file, columns)
    for row, line in zip(rows, lines, strict=True):
        if row["votes_2024"] not in ("ya", "tidak"):
            raise ValueError(f"{file.path}: row {line}: pilkada_2024 must be 'ya' or 'tidak'")
        row["votes_2024"] = row["votes_2024"] == "ya"
    frame = pd.DataFrame(rows, columns=list(columns.values()))
    frame["votes_2024"] = frame["votes_2024"].astype(bool)
    return _validated(file, frame, RegionSchema, lines)


def read_bps_codes(file: RawFile, regions: pd.DataFrame) -> pd.DataFrame:
    """core.region_codes_bps from raw/reference/bps-kemendagri.csv: every Kemendagri code it
    names must be in the region reference under the name it gives."""
    columns = {
        "kode_bps": "bps_code",
        "nama_bps": "bps_name",
        "kode_kemendagri_2020": "kemendagri_2020_code",
        "kode_wilayah": "region_code",
        "nama_wilayah": "region_name",
    }
    rows, lines = _rows(file, columns)
    names = dict(zip(regions["region_code"], regions["region_name"], strict=True))
    for row, line in zip(rows, lines, strict=True):
        known = names.get(row["region_code"])
        if known != row["region_name"]:
            raise ValueError(
                f"{file.path}: row {line}: kode_wilayah {row['region_code']!r} is "
                + (
                    f"{known!r} in the region reference, not {row['region_name']!r}"
                    if known
                    else "not in the region reference"
                )
            )
    frame = pd.DataFrame(rows, columns=list(columns.values())).drop(columns="region_name")
    return _validated(file, frame, BpsCodeSchema, lines)


def read_voters(file: RawFile) -> pd.DataFrame:
    """core.voters from raw/reference/dpt.csv."""
    columns = {"kode_wilayah": "region_code", "dpt": "dpt", "tanggal": "as_of", "sumber": "source"}
    rows, lines = _rows(file, columns)
    typed = _typed(file, rows, lines, {"dpt": int, "as_of": dt.date.fromisoformat})
    frame = pd.DataFrame(typed, columns=list(columns.values()))
    frame["dpt"] = frame["dpt"].astype("int64")
    return _validated(file, frame, VoterSchema, lines)


def read_anchors(file: RawFile) -> pd.DataFrame:
    """core.anchors from raw/reference/anchors.csv."""
    columns = {
        "kode_wilayah": "region_code",
        "tanggal": "anchor_date",
        "dasar": "basis",
        "sumber": "source",
    }
    return _read_dated(file, columns, "anchor_date", AnchorSchema)


def read_accountability(file: RawFile) -> pd.DataFrame:
    """core.accountability_reports from raw/reference/accountability.csv."""
    columns = {
        "kode_wilayah": "region_code",
        "lembaga": "body",
        "tanggal": "filed_on",
        "sumber": "source_url",
    }
    return _read_dated(file, columns, "filed_on", AccountabilitySchema)


def _read_dated(file: RawFile, columns: dict[str, str], date: str, schema) -> pd.DataFrame:
    """A reference table whose ``date`` column is an ISO date, checked by ``schema``."""
    rows, lines = _rows(file, columns)
    typed = _typed(file, rows, lines, {date: dt.date.fromisoformat})
    return _validated(file, pd.DataFrame(typed, columns=list(columns.values())), schema, lines)


def region_lookup(regions: pd.DataFrame) -> dict[str, dict[str, str]]:
    """region_code → its row, for the readers."""
    return {r["region_code"]: r for r in regions.to_dict("records")}


def gazetteer(regions: pd.DataFrame, bps_codes: pd.DataFrame | None = None) -> Gazetteer:
    """The name and code reader over core.regions (and core.region_codes_bps when given)."""
    bridge = (
        {}
        if bps_codes is None
        else dict(zip(bps_codes["bps_code"], bps_codes["region_code"], strict=True))
    )
    return Gazetteer(
        (
            Region(r.region_code, r.region_name, r.level, r.province_code)
            for r in regions.itertuples()
        ),
        bridge,
    )


def reference_file(path: Path, rel: str | None = None) -> RawFile:
    """A reference file outside an inventory (for tools, benches and tests)."""
    data = path.read_bytes()
    return RawFile(
        rel or path.name, path, hashlib.sha256(data).hexdigest(), len(data), "csv", "reference"
    )


def gazetteer_from_csv(path: Path) -> Gazetteer:
    """The name and code reader straight from a regions reference file, with the BPS bridge
    beside it when there is one (for tools and benches)."""
    regions = read_regions(reference_file(path))
    bridge = path.with_name(Path(BPS_CODES_FILE).name)
    bps = read_bps_codes(reference_file(bridge), regions) if bridge.exists() else None
    return gazetteer(regions, bps)
