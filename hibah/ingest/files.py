"""The inventory of raw/: which files there are, what they are, and where they came from."""

from __future__ import annotations

import codecs
import contextlib
import csv
import hashlib
import io
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import BinaryIO, cast

MANIFEST = "sources.csv"
REFERENCE_DIR = "reference"
TABULAR_SUFFIXES = {".csv", ".tsv", ".xlsx", ".xlsm", ".xls"}
PRESS_SUFFIXES = {".txt", ".md", ".html", ".htm"}
DELIMITED_SUFFIXES = {".csv", ".tsv"}
CHUNK_BYTES = 1 << 20
THREADED_HASH_BYTES = 64 << 20  # below this, threads cost more than they save
THREADED_CHUNK_BYTES = 4 << 20  # fewer handovers of the GIL than 1 MiB (0.6 s against 0.75)
HEAD_TEXT_BYTES = 1 << 16  # of a text file, to tell a table from prose


@dataclass(frozen=True)
class LineScan:
    """What one pass over a delimited file's bytes tells: its lines, which of them are blank
    (1-based), whether it holds a quote character anywhere, and whether all of it is UTF-8
    (a register saved from Excel in cp1252 may be ASCII for megabytes, then hold one
    en dash)."""

    lines: int
    blank_lines: tuple[int, ...] | None  # None: not looked for (scan_lines looks)
    has_quote: bool
    utf8: bool = True
    # characters `decode` makes U+FFFD: bytes cp1252 has none for (not UTF-8), or bytes
    # that are not UTF-16 (``utf16``)
    replaced: int = 0
    # how its lines end: "lf", "crlf" (every newline after a carriage return), "mixed" (some
    # after one, some not), "cr" (every one in a carriage return alone: no newline
    # anywhere), "cr and lf" (a carriage return not before a newline somewhere, and newlines)
    line_ends: str = "lf"
    # its lines as Python's csv reader ends them: at a newline, CR LF or a carriage return
    # alone (``lines`` counts newlines); None: not counted
    python_lines: int | None = None
    # UTF-16 (a byte order mark first: Excel's "Unicode Text", Notepad's "Unicode"): all
    # the above is told of its text in UTF-8 (`open_utf8`)
    utf16: bool = False


class _LineCounter:
    """Counts lines and finds blank ones in chunks of bytes, as they stream past, and checks
    they are UTF-8; with ``utf16``, of the text of UTF-16 bytes, in UTF-8."""

    def __init__(self, find_blanks: bool = True, utf16: bool = False) -> None:
        self.lines, self.quote, self.carry = 0, False, b""
        self.cr, self.crlf, self.last = 0, 0, b""  # carriage returns, those before a newline
        self.blanks: list[int] = []
        self.find_blanks = find_blanks
        # None once a byte is not UTF-8
        self.utf8: codecs.IncrementalDecoder | None = codecs.getincrementaldecoder("utf-8")()
        self.undefined = 0  # of the bytes cp1252 has no character for
        self.utf16 = _Utf16() if utf16 else None

    def feed(self, chunk: bytes) -> None:
        self._feed(chunk if self.utf16 is None else self.utf16.utf8(chunk))

    def _feed(self, chunk: bytes) -> None:  # of UTF-8 (or cp1252) bytes
        self._check_utf8(chunk)
        if b"\r" in chunk or self.last == b"\r":  # most registers hold none
            self.cr += chunk.count(b"\r")
            self.crlf += chunk.count(b"\r\n") + (self.last == b"\r" and chunk[:1] == b"\n")
        self.last = chunk[-1:] or self.last
        if not self.find_blanks:  # no copies: lines are newlines, plus a last one without
            self.lines += chunk.count(b"\n")
            self.quote = self.quote or b'"' in chunk
            self.carry = b"" if chunk.endswith(b"\n") else chunk[-1:]
            return
        buffer = self.carry + chunk
        end = buffer.rfind(b"\n") + 1
        complete, self.carry = buffer[:end], buffer[end:]
        self.quote = self.quote or b'"' in complete
        # A blank line starts the buffer (which always starts a line) or follows a newline.
        starts = [0] if complete[:1] == b"\n" or complete[:2] == b"\r\n" else []
        for blank in (b"\n\n", b"\n\r\n"):
            at = complete.find(blank)
            while at >= 0:
                starts.append(at + 1)
                at = complete.find(blank, at + 1)
        for start in sorted(starts):
            self.blanks.append(self.lines + complete.count(b"\n", 0, start) + 1)
        self.lines += complete.count(b"\n")

    def _check_utf8(self, chunk: bytes) -> None:
        """ASCII (most of a register) is let through at memory speed; in other chunks the
        bytes cp1252 has no character for are counted, and the chunk decoded, a piece at a
        time, the text dropped."""
        if chunk.isascii() and (self.utf8 is None or not self.utf8.getstate()[0]):
            return
        self.undefined += _cp1252_undefined(chunk)
        if self.utf8 is None:
            return
        view = memoryview(chunk)
        try:
            for start in range(0, len(view), CHUNK_BYTES):
                self.utf8.decode(view[start : start + CHUNK_BYTES])
        except UnicodeDecodeError:
            self.utf8 = None

    def result(self) -> LineScan:
        if self.utf16 is not None and (rest := self.utf16.utf8(b"", final=True)):
            self._feed(rest)  # bytes cut off at the end: a U+FFFD
        lines, blanks = self.lines, list(self.blanks)
        if self.carry:  # a last line without its newline
            lines += 1
            if self.carry == b"\r":
                blanks.append(lines)
        quote = self.quote or b'"' in self.carry
        utf8 = self.utf8 is not None
        if self.utf8 is not None:
            try:
                self.utf8.decode(b"", final=True)  # a character cut off at the end
            except UnicodeDecodeError:
                utf8 = False
        blanks_found = tuple(blanks) if self.find_blanks else None
        # every newline, every carriage return alone, and a last line without either
        python_lines = self.lines + self.cr - self.crlf + (self.last not in (b"", b"\n", b"\r"))
        replaced = 0 if utf8 else self.undefined  # in UTF-16, the U+FFFD made of its bytes
        replaced = self.utf16.replaced if self.utf16 is not None else replaced
        return LineScan(
            lines,
            blanks_found,
            quote,
            utf8,
            replaced,
            self._line_ends(),
            python_lines,
            self.utf16 is not None,
        )

    def _line_ends(self) -> str:  # self.lines: the newlines
        if self.cr > self.crlf:
            return "cr and lf" if self.lines else "cr"
        if self.crlf == 0:
            return "lf"
        return "crlf" if self.crlf == self.lines else "mixed"


UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_REPLACEMENT = "\ufffd".encode()


class _Utf16:
    """UTF-16 bytes (its byte order mark first) to UTF-8, a chunk at a time; bytes that are
    not UTF-16 (a lone surrogate, an odd byte last) become U+FFFD, and are counted."""

    def __init__(self) -> None:
        self.decoder = codecs.getincrementaldecoder("utf-16")("replace")
        self.replaced = 0

    def utf8(self, chunk: bytes, final: bool = False) -> bytes:
        data = self.decoder.decode(chunk, final).encode()
        self.replaced += data.count(_REPLACEMENT)
        return data


class _Utf8Reader:
    """A UTF-16 file's text read as UTF-8 bytes, ``size`` of them at a time (`open_utf8`)."""

    def __init__(self, handle: BinaryIO) -> None:
        self.handle, self.utf16, self.held, self.done = handle, _Utf16(), b"", False

    def read(self, size: int = -1) -> bytes:
        while not self.done and (size < 0 or len(self.held) < size):
            data = self.handle.read(CHUNK_BYTES)
            self.done = not data
            self.held += self.utf16.utf8(data, final=self.done)
        size = len(self.held) if size < 0 else size
        out, self.held = self.held[:size], self.held[size:]
        return out


def starts_utf16(path: Path) -> bool:
    """Whether the file at ``path`` begins with a UTF-16 byte order mark."""
    with path.open("rb") as handle:
        return _starts_utf16(handle)


def _starts_utf16(handle: BinaryIO) -> bool:  # read from its start, and left there
    utf16 = handle.read(2) in UTF16_BOMS
    handle.seek(0)
    return utf16


@contextlib.contextmanager
def open_utf8(path: Path) -> Iterator[BinaryIO]:
    """The bytes of the file at ``path`` to read, as the readers of delimited text take them:
    as they are (UTF-8 or cp1252), or, for a UTF-16 file, its text in UTF-8."""
    with path.open("rb") as handle:
        yield cast(BinaryIO, _Utf8Reader(handle)) if _starts_utf16(handle) else handle


def scan_lines(path: Path, newlines: bool = False) -> LineScan:
    """Lines and blank lines of a file (`open_utf8`), in one streaming pass; with
    ``newlines``, of its bytes with every line end a newline (`chunks`): its lines as
    Python's csv reader counts them."""
    counter = _LineCounter()
    with open_utf8(path) as handle:
        for chunk in chunks(handle, newlines):
            counter.feed(chunk)
        scan = counter.result()
        if isinstance(handle, _Utf8Reader):
            scan = replace(scan, utf16=True, replaced=handle.utf16.replaced)
    return scan


def chunks(handle: BinaryIO, newlines: bool = False, size: int = CHUNK_BYTES) -> Iterator[bytes]:
    """The bytes of ``handle`` a chunk at a time; with ``newlines``, every line end a
    newline: CR LF, and a carriage return alone (as classic Mac OS and Excel's "CSV
    (Macintosh)" end lines), each become one. Line for line: Python's csv reader ends a
    line at each of the three, and DuckDB's reader takes one line end for a whole file."""
    if not newlines:
        yield from iter(partial(handle.read, size), b"")
        return
    held = b""  # a carriage return at a chunk's end may be the first half of CR LF
    while chunk := handle.read(size):
        chunk = held + chunk
        held = b"\r" if chunk.endswith(b"\r") else b""
        yield chunk[: len(chunk) - len(held)].replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    if held:
        yield b"\n"


@dataclass(frozen=True)
class RawFile:
    """One file under raw/, identified by its path relative to raw/ and its content hash."""

    path: str  # relative to raw/, with forward slashes: the id every record points back to
    abs_path: Path
    sha256: str
    size_bytes: int
    format: str
    role: str  # allocations (tables) | press (prose) | reference | manifest | unsupported
    #   | outside (a link out of the raw folder: never read) | duplicate (of ``same_as``)
    provenance: dict[str, str] = field(default_factory=dict)
    lines: LineScan | None = None  # delimited text: counted while hashing, for bulk reading
    same_as: str = ""  # role "duplicate": the file read in its place (the same bytes)


def inventory(raw_dir: Path) -> list[RawFile]:
    """Every file under ``raw_dir`` (hidden files excepted), with role and provenance."""
    raw_dir = Path(raw_dir)
    if not raw_dir.is_dir():
        raise FileNotFoundError(f"{raw_dir}: raw folder not found")
    manifest = read_manifest(raw_dir / MANIFEST)
    root = raw_dir.resolve()
    files = []
    for path in sorted(p for p in raw_dir.rglob("*") if p.is_file()):
        rel = path.relative_to(raw_dir).as_posix()
        if any(part.startswith(".") for part in Path(rel).parts):
            continue
        if leaves(path, root):
            files.append(refused(path, rel, manifest.get(rel, {})))
        else:
            files.append(raw_file(path, rel, manifest.get(rel, {})))
    return _duplicates(files)


def _duplicates(files: list[RawFile]) -> list[RawFile]:
    """``files`` with each table or press text that holds the same bytes as another (a
    download saved twice: ``rekap (1).csv``) marked a duplicate of the one read in its
    place: the one raw/sources.csv lists, else the first by path. Both would give the same
    records, ids and all (`allocation_id` hashes the content)."""
    kept: dict[str, RawFile] = {}
    for file in files:
        if file.role in ("allocations", "press"):
            other = kept.setdefault(file.sha256, file)
            if (not file.provenance, file.path) < (not other.provenance, other.path):
                kept[file.sha256] = file
    return [
        replace(file, role="duplicate", same_as=kept[file.sha256].path)
        if file.role in ("allocations", "press") and kept[file.sha256] is not file
        else file
        for file in files
    ]


def leaves(path: Path, root: Path) -> bool:
    """Whether ``path`` (a link, or a link on the way to it) ends outside ``root``."""
    return not path.resolve().is_relative_to(root)


def refused(path: Path, rel: str, provenance: dict[str, str] | None = None) -> RawFile:
    """A file that is not read at all: a link out of the raw folder. Nothing of it is
    opened, not even to hash it; it is reported (file-outside-raw)."""
    return RawFile(
        path=rel,
        abs_path=path,
        sha256="",
        size_bytes=0,
        format=path.suffix.lower().lstrip(".") or "unknown",
        role="outside",
        provenance=provenance or {},
    )


def raw_file(path: Path, rel: str, provenance: dict[str, str] | None = None) -> RawFile:
    """One file as the pipeline sees it: ``rel`` is the id records point back to."""
    suffix = path.suffix.lower()
    if suffix == ".txt" and _tab_table(path):
        suffix = ".tsv"  # Excel's "Text (Tab delimited)" and "Unicode Text" are saved so
    # lines only: blank lines are looked for when a bulk load finds a gap (most files have none)
    delimited = suffix in DELIMITED_SUFFIXES
    counter = _LineCounter(find_blanks=False, utf16=starts_utf16(path)) if delimited else None
    digest, size = _hash_and_count(path, counter)
    return RawFile(
        path=rel,
        abs_path=path,
        sha256=digest,
        size_bytes=size,
        format=suffix.lstrip(".") or "unknown",
        role=_role(rel, suffix),
        provenance=provenance or {},
        lines=counter.result() if counter else None,
    )


def _tab_table(path: Path, lines: int = 10) -> bool:
    """Whether a text file is a table with its cells separated by tabs: at least two of its
    first ``lines`` lines that are not blank, and four in five of them, hold two tabs or
    more (prose holds a tab or none)."""
    with open_utf8(path) as handle:
        data = handle.read(HEAD_TEXT_BYTES)
    head = decode(data).splitlines()
    if len(data) == HEAD_TEXT_BYTES:
        head.pop()  # the last line may go on past the bytes read
    firsts = [line for line in head if line.strip()][:lines]
    tabbed = sum(line.count("\t") >= 2 for line in firsts)
    return tabbed >= 2 and tabbed * 5 >= len(firsts) * 4


def _hash_and_count(path: Path, counter: _LineCounter | None) -> tuple[str, int]:
    """SHA-256 and size of the file at ``path``, its lines fed to ``counter`` on the way, in
    chunks (a national register need not fit in memory). A large file's lines are counted in
    a thread while this one hashes, each on a core of its own: hashlib lets go of the GIL as
    it hashes, which the thread counting takes (the other way round, the hash thread waits
    for the GIL each chunk). On a register of 800 MB: 0.6 s instead of 1.05 s."""
    digest, size = hashlib.sha256(), 0
    with path.open("rb") as handle:
        if counter is None or path.stat().st_size < THREADED_HASH_BYTES:
            while chunk := handle.read(CHUNK_BYTES):
                digest.update(chunk)
                size += len(chunk)
                if counter:
                    counter.feed(chunk)
            return digest.hexdigest(), size
        with ThreadPoolExecutor(1, thread_name_prefix="count-lines") as pool:
            while chunk := handle.read(THREADED_CHUNK_BYTES):
                counted = pool.submit(counter.feed, chunk)
                digest.update(chunk)
                size += len(chunk)
                counted.result()  # chunk by chunk: the counter sees them in order
    return digest.hexdigest(), size


def read_manifest(path: Path) -> dict[str, dict[str, str]]:
    """raw/sources.csv: one row per file (column ``file``) with its title, publisher, notes."""
    if not path.exists():
        return {}
    text = decode(path.read_bytes())
    reader = csv.DictReader(io.StringIO(text), delimiter=sniff_delimiter(text))
    if "file" not in (reader.fieldnames or ()):
        raise ValueError(f"{path.name}: row 1: no 'file' column")
    manifest = {}
    for row in reader:
        if None in row or None in row.values():
            raise ValueError(
                f"{path.name}: row {reader.line_num}: the row does not have the header's "
                f"{len(reader.fieldnames or ())} cells (a ';' inside a note?)"
            )
        manifest[row["file"].strip()] = {k: (v or "").strip() for k, v in row.items()}
    return manifest


def decode(data: bytes) -> str:
    """Text of a file as Indonesian offices save it: UTF-8 (with or without BOM) or cp1252;
    or UTF-16 when a byte order mark says so (Excel's "Unicode Text", Notepad's "Unicode").
    The five bytes cp1252 has no character for, and bytes that are not UTF-16, become
    U+FFFD (`replaced_note` counts them, for a finding)."""
    if data.startswith(UTF16_BOMS):
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


_CP1252_UNDEFINED = (0x81, 0x8D, 0x8F, 0x90, 0x9D)


def _cp1252_undefined(data: bytes) -> int:
    """How many bytes of ``data`` cp1252 has no character for."""
    return sum(data.count(bytes([b])) for b in _CP1252_UNDEFINED)


def replaced_note(file: RawFile, data: bytes) -> list[tuple[str, str]]:
    """A reading note (bytes-replaced) when `decode` shows bytes of ``data`` as U+FFFD:
    none for UTF-8; for UTF-16, the characters of its text that are U+FFFD; for other text,
    the bytes cp1252 has no character for. Readers call it on the bytes they already hold,
    so the note travels (and is cached) with the reading."""
    if data.startswith(UTF16_BOMS):
        return replaced_count_note(file, decode(data).count("\ufffd"), utf16=True)
    try:
        data.decode("utf-8-sig")
        return []
    except UnicodeDecodeError:
        return replaced_count_note(file, _cp1252_undefined(data), utf16=False)


def replaced_count_note(file: RawFile, replaced: int, utf16: bool) -> list[tuple[str, str]]:
    """The bytes-replaced note of a file `decode` shows ``replaced`` characters of as U+FFFD:
    bytes cp1252 has no character for, in a file not in UTF-8; or, with ``utf16``, bytes
    that are not UTF-16 (a register read in bulk counts them as it is hashed:
    `LineScan.replaced`)."""
    if not replaced:
        return []
    if utf16:
        said = (
            f"read as UTF-16 (its byte order mark); {replaced} character(s) are U+FFFD, "
            "bytes that are not UTF-16 text"
        )
    else:
        said = (
            f"not UTF-8, read as Windows-1252; {replaced} byte(s) that have no character "
            "there are shown as U+FFFD"
        )
    return [("bytes-replaced", f"{file.path}: {said}")]


def sniff_delimiter(text: str) -> str:
    """The separator of a delimited text: ``;``, ``,`` or tab, judged from the first line
    that holds any (a title line above the header may hold none)."""
    lines = text.split("\n", 20)[:20]
    header = next((line for line in lines if any(sep in line for sep in ";\t,")), "")
    counts = {sep: header.count(sep) for sep in (";", "\t", ",")}
    best = max(counts, key=counts.__getitem__)
    return best if counts[best] else ","


def _role(rel: str, suffix: str) -> str:
    if rel == MANIFEST:
        return "manifest"
    if rel.startswith(REFERENCE_DIR + "/"):
        return "reference"
    if suffix in TABULAR_SUFFIXES:
        return "allocations"
    if suffix in PRESS_SUFFIXES:
        return "press"
    return "unsupported"
