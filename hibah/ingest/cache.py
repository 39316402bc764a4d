"""Reading results kept between runs, so a file whose content has not changed is not parsed
again. An entry is keyed by the file's SHA-256, its provenance, the region references'
SHA-256s and the reading code itself; any change to one of them reads the file afresh.

Entries are JSON (`encode` / `decode`): data only, so an entry planted in the folder can at
worst give wrong readings of its file's key, never run code (a pickle can). An entry that
does not decode is dropped and the file read afresh.
"""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import functools
import hashlib
import json
import os
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

from hibah.ingest.bulk import SheetRows
from hibah.ingest.files import RawFile
from hibah.ingest.tabular import TableRead

FORMAT = 6  # of the JSON entries; a new format reads every file again

_CODE = Path(__file__).resolve().parent.parent  # the hibah package


def code_files() -> list[Path]:
    """The reading and parsing code: every module of ingest/ and parse/, subpackages too."""
    return sorted([*(_CODE / "ingest").rglob("*.py"), *(_CODE / "parse").rglob("*.py")])


@functools.cache
def code_version() -> str:
    """Hash of the reading and parsing code: a new version reads every file again."""
    digest = hashlib.sha256()
    for path in code_files():
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


class ReadCache:
    """A folder of reading results; `read` returns (result, whether it came from the cache)."""

    def __init__(self, folder: Path, context: str):
        self.folder = folder
        self.context = context  # e.g. the region references' hashes
        self.used: set[Path] = set()

    def key(self, file: RawFile) -> str:
        parts = [
            code_version(),
            self.context,
            file.sha256,
            file.path,
            json.dumps(file.provenance, sort_keys=True),
        ]
        return hashlib.sha256("|".join(parts).encode()).hexdigest()

    def entry(self, file: RawFile) -> Path:
        """Where the reading of ``file`` is kept."""
        return self.folder / f"{self.key(file)}.json"

    def read(self, file: RawFile, reader: Callable[[], TableRead]) -> tuple[TableRead, bool]:
        path = self.entry(file)
        self.used.add(path)
        if path.exists():
            try:
                return decode(path.read_bytes()), True
            except (ValueError, KeyError, TypeError):
                path.unlink(missing_ok=True)  # damaged, outdated or not ours: read afresh
        result = reader()
        self.folder.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_bytes(encode(result))
        os.replace(tmp, path)
        return result, False

    def prune(self, used: set[Path] | None = None) -> None:
        """Drop entries this run did not use (files changed or gone). Reads done in other
        processes name the entries they used in ``used``."""
        used = self.used | (used or set())
        if self.folder.exists():
            for entry in [*self.folder.glob("*.json"), *self.folder.glob("*.pickle")]:
                if entry not in used:
                    entry.unlink(missing_ok=True)


# --- the entries' format: JSON, with dates tagged; rows and records as lists of objects --


def _plain(value):
    """A value of a reading as JSON can hold it."""
    if isinstance(value, dt.datetime | pd.Timestamp):
        raise TypeError(f"a timestamp in a reading: {value!r}")
    if isinstance(value, dt.date):
        return {"$date": value.isoformat()}
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.bool_):
        return bool(value)
    if isinstance(value, np.floating):
        return None if np.isnan(value) else float(value)
    if isinstance(value, float) and value != value:  # NaN: missing
        return None
    if isinstance(value, np.ndarray):
        return [_plain(v) for v in value.tolist()]
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if value is None or value is pd.NA or isinstance(value, str | int | bool | float):
        return None if value is pd.NA else value
    raise TypeError(f"cannot keep {type(value).__name__} in a cache entry")


def _tagged(obj: dict):
    if set(obj) == {"$date"}:
        return dt.date.fromisoformat(obj["$date"])
    return obj


def encode(table: TableRead) -> bytes:
    """A reading as JSON bytes."""
    entry = {
        "format": FORMAT,
        "rows": _plain(table.rows),
        "records": _plain(table.records),
        "rejects": _plain(table.rejects),
        "skipped": _plain(table.skipped),
        "sheet_notes": _plain(table.sheet_notes),
        "notes": _plain(table.notes),
        "register": _register_entry(table.register) if table.register else None,
    }
    return json.dumps(entry, ensure_ascii=False).encode()


def decode(data: bytes) -> TableRead:
    """The reading `encode` wrote; ValueError (or KeyError, TypeError) for anything else."""
    entry = json.loads(data, object_hook=_tagged)
    if not isinstance(entry, dict) or entry.get("format") != FORMAT:
        raise ValueError("not a cache entry of this format")
    return TableRead(
        rows=_rows(entry["rows"]),
        records=_rows(entry["records"]),
        rejects=list(entry["rejects"]),
        skipped=list(entry["skipped"]),
        sheet_notes=list(entry["sheet_notes"]),
        notes=[tuple(note) for note in entry["notes"]],
        register=_register(entry["register"]),
    )


def _register_entry(register: SheetRows) -> dict:
    """A register's fields as JSON holds them. Its cells (text or None, a million and more)
    go column by column, coded (`_coded`), never through `_plain` and
    `dataclasses.asdict`: walking them so cost more than a quarter of reading a
    100,000-line workbook."""
    fields = {f.name: getattr(register, f.name) for f in dataclasses.fields(register)}
    entry = {name: _plain(v) for name, v in fields.items() if name != "cells"}
    return entry | {"cells": {column: _coded(cells) for column, cells in register.cells.items()}}


def _coded(cells: list[str | None]) -> dict:
    """A column of cells as each distinct text once, and each cell as its text's place (-1:
    none), the places as little-endian int32 in base64: a register's regions, bodies, stages
    and dates repeat on every row. A million rows' entry is 54 MB, not 118 as texts, and
    read back in 0.3 s, not 0.5, its cells share their texts again, as they did when read
    (as JSON strings, each cell was a string of its own: 370 MB more)."""
    codes, texts = pd.factorize(np.asarray(cells, dtype=object), use_na_sentinel=True)
    at = base64.b64encode(codes.astype("<i4").tobytes()).decode("ascii")
    return {"texts": texts.tolist(), "at": at}


def _cells(kept) -> list[str | None]:
    """A column of cells `_coded` kept."""
    if not isinstance(kept, dict) or not isinstance(kept.get("texts"), list):
        raise ValueError("cells of a cache entry are not coded texts")
    texts = np.asarray([*kept["texts"], None], dtype=object)  # place -1: none
    at = np.frombuffer(base64.b64decode(kept["at"], validate=True), dtype="<i4")
    if len(at) and (at.min() < -1 or at.max() >= len(texts) - 1):
        raise ValueError("cells of a cache entry name texts it does not hold")
    return texts[at].tolist()


def _register(kept) -> SheetRows | None:
    if kept is None:
        return None
    if not isinstance(kept, dict):
        raise ValueError("a register of a cache entry is not an object")
    if not isinstance(kept.get("cells"), dict):
        raise ValueError("a register of a cache entry has no cells")
    return SheetRows(
        **kept
        | {
            "cells": {column: _cells(cells) for column, cells in kept["cells"].items()},
            "segments": [tuple(segment) for segment in kept["segments"]],
            "notes": [tuple(note) for note in kept["notes"]],
        }
    )


def _rows(kept) -> list[dict]:
    if not isinstance(kept, list) or not all(isinstance(row, dict) for row in kept):
        raise ValueError("rows of a cache entry are not a list of objects")
    return kept
