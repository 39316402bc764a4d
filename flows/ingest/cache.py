"""Reading results kept between runs, so a file whose content has not changed is not parsed
again. An entry is keyed by the file's SHA-256, its provenance, the region references'
SHA-256s and the reading code itself; any change to one of them reads the file afresh.

Entries are pickles this tool writes into its own folder beside the warehouse; they are
never taken from anywhere else.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import pickle
from collections.abc import Callable
from pathlib import Path

from flows.ingest.files import RawFile

_CODE = Path(__file__).resolve().parent.parent  # flows/


@functools.cache
def code_version() -> str:
    """Hash of the reading and parsing code: a new version reads every file again."""
    digest = hashlib.sha256()
    for path in sorted([*(_CODE / "ingest").glob("*.py"), *(_CODE / "parse").glob("*.py")]):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


class ReadCache:
    """A folder of reading results; `read` returns (result, whether it came from the cache)."""

    def __init__(self, folder: Path, context: str):
        self.folder = folder
        self.context = context  # e.g. the region references' hashes
        self.used: set[Path] = set()

    def key(self, file: RawFile) -> str:
        parts = [code_version(), self.context, file.sha256, file.path,
                 json.dumps(file.provenance, sort_keys=True)]  # fmt: skip
        return hashlib.sha256("|".join(parts).encode()).hexdigest()

    def entry(self, file: RawFile) -> Path:
        """Where the reading of ``file`` is kept."""
        return self.folder / f"{self.key(file)}.pickle"

    def read(self, file: RawFile, reader: Callable[[], object]) -> tuple[object, bool]:
        path = self.entry(file)
        self.used.add(path)
        if path.exists():
            try:
                return pickle.loads(path.read_bytes()), True
            except (pickle.UnpicklingError, EOFError, AttributeError, ImportError):
                path.unlink(missing_ok=True)  # a damaged or outdated entry: read afresh
        result = reader()
        self.folder.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_bytes(pickle.dumps(result))
        os.replace(tmp, path)
        return result, False

    def prune(self, used: set[Path] | None = None) -> None:
        """Drop entries this run did not use (files changed or gone). Reads done in other
        processes name the entries they used in ``used``."""
        used = self.used | (used or set())
        if self.folder.exists():
            for entry in self.folder.glob("*.pickle"):
                if entry not in used:
                    entry.unlink(missing_ok=True)
