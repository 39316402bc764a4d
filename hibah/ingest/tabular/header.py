"""The header of a table, wherever it is: column labels to fields, stages and scales; two-row
headers; repeated labels."""

from __future__ import annotations

import re
from dataclasses import replace

from hibah.ingest.files import RawFile
from hibah.ingest.tabular.model import Column, FileReadError, Sheet, normalise_header
from hibah.parse.amounts import AmountParseError, parse_amount
from hibah.parse.vocabulary import parse_body, stage_named_in, stages_named_in

# Normalised header text → canonical field. Headers are lower-cased and reduced to words.
HEADER_ALIASES: dict[str, str] = {
    "no": "row_no",
    "nomor": "row_no",
    "no urut": "row_no",
    "kode wilayah": "region_code",
    "kode": "region_code",
    "kode daerah": "region_code",
    "kode pemda": "region_code",
    "kode kemendagri": "region_code_kemendagri",
    "kode dagri": "region_code_kemendagri",
    "kode wilayah kemendagri": "region_code_kemendagri",
    "kode bps": "region_code_bps",
    "kode wilayah bps": "region_code_bps",
    "kode bps kabupaten kota": "region_code_bps",
    "pemerintah daerah": "region_name",
    "pemda": "region_name",
    "wilayah": "region_name",
    "daerah": "region_name",
    "nama daerah": "region_name",
    "pemberi hibah": "region_name",
    "kabupaten kota": "region_name",
    "provinsi kabupaten kota": "region_name",
    "penerima hibah": "recipient_unit",
    "penerima": "recipient_unit",
    "nama penerima": "recipient_unit",
    "lembaga": "body",
    "instansi": "body",
    "jenis penerima": "body",
    "tahap": "stage",
    "tahapan": "stage",
    "nilai": "amount",
    "nilai rp": "amount",
    "nilai hibah": "amount",
    "nilai hibah rp": "amount",
    "jumlah": "amount",
    "jumlah rp": "amount",
    "anggaran": "amount",
    "anggaran rp": "amount",
    "nominal": "amount",
    "tanggal": "as_of",
    "tgl": "as_of",
    "tanggal nphd": "as_of",
    "sumber": "source_url",
    "sumber berita": "source_url",
    "url": "source_url",
    "tautan": "source_url",
    "alamat sumber": "source_url",
    "keterangan": "note",
    "catatan": "note",
    "ket": "note",
    # A line-item register (LPJ, RKA): each row is a part of one figure, summed per region,
    # body, stage and source (hibah/ingest/bulk.py).
    "uraian": "line_item",
    "uraian kegiatan": "line_item",
    "rincian": "line_item",
    "rincian belanja": "line_item",
    "kegiatan": "line_item",
    "kode rekening": "line_item",
    "uraian belanja": "line_item",
    "rincian kegiatan": "line_item",
    "line item": "line_item",
    # The canonical record's own column names (DESIGN.md, and hibah's exports).
    "region code": "region_code",
    "region name": "region_name",
    "body": "body",
    "recipient unit": "recipient_unit",
    "stage": "stage",
    "amount idr": "amount",
    "amount": "amount",
    "as of": "as_of",
    "source url": "source_url",
}


_HEADER_SCALE = re.compile(
    r"\b(?:rp\s*)?(miliar|milyar|juta|ribu)\b|\bdalam (miliar|jutaan|ribuan)"
)


HEADER_SEARCH_ROWS = 20

# Words of header labels not in HEADER_ALIASES, read by what they are made of (`_field_of`):
# tables are laid out by hand, and their labels vary ("Nama Pemerintah Daerah", "Kab/Kota",
# "Jumlah Dana Hibah (Rupiah)").
_CURRENCY_WORDS = {"rp", "rupiah", "idr"}
_REGION_WORDS = {
    "pemerintah", "daerah", "pemda", "pemkab", "pemkot", "pemprov", "wilayah", "wil",
    "provinsi", "prov", "kabupaten", "kab", "kota",
}  # fmt: skip
_PROVINCE_WORDS = {"provinsi", "prov", "nama"}  # a province's column, beside a regency's
_BODY_WORDS = {"lembaga", "instansi"}
_RECIPIENT_WORDS = {"penerima", "satker", "satuan", "kerja", "unit"}
_LINE_ITEM_WORDS = {"uraian", "rincian", "kegiatan", "belanja", "pekerjaan", "komponen"}
_STAGE_WORDS = {"tahap", "tahapan"}
_AMOUNT_HEADS = {"nilai", "jumlah", "besaran", "nominal"}
_AMOUNT_WORDS = _AMOUNT_HEADS | {"total", "hibah", "dana", "bantuan", "anggaran", "uang"}
_NOT_OURS = ""  # a label read as no field: an agreement's number, a year, a percentage


def _field_of(norm: str) -> str | None:
    """The field a normalised header label names: HEADER_ALIASES, with or without a currency
    word (``Nilai (Rupiah)``) or ``Nama`` (``Nama Lembaga``); else by its words, each rule
    asking that every word of the label be one it knows, so that a label it does not know
    is left alone. `_NOT_OURS` for a label that is not a figure's though its words look so
    (``Nomor NPHD``, ``Tahun Anggaran``: the amount rule would take them); None for a label
    left to the stage rule of `_columns` (``Realisasi Belanja``)."""
    words = [w for w in norm.split() if w not in _CURRENCY_WORDS]
    for key in (norm, " ".join(words), " ".join(w for w in words if w != "nama")):
        if key in HEADER_ALIASES:
            return HEADER_ALIASES[key]
    tokens = set(words)
    if not tokens:
        return None
    if tokens & {"tanggal", "tgl", "waktu"}:
        return "as_of"
    if tokens & {"nomor", "no"} or tokens & {"persentase", "persen", "prosentase"}:
        return _NOT_OURS  # "No" and "No Urut" alone are aliases
    if tokens <= {"tahun", "anggaran", "ta"}:
        return _NOT_OURS
    if tokens & {"keterangan", "catatan", "ket"}:
        return "note"
    if tokens & {"url", "link", "tautan", "laman", "website"} or (
        "sumber" in tokens and not tokens & {"dana", "anggaran", "pendanaan"}
    ):
        return "source_url"
    if "kode" in tokens:
        if tokens & {"rekening", "akun"}:
            return "line_item"
        if not tokens - {"kode", "kemendagri", "dagri", "bps"} <= _REGION_WORDS:
            return _NOT_OURS  # a work unit's code (Kode Satker), not a region's
        if "bps" in tokens:
            return "region_code_bps"
        return "region_code_kemendagri" if tokens & {"kemendagri", "dagri"} else "region_code"
    if tokens & _LINE_ITEM_WORDS and tokens <= _LINE_ITEM_WORDS | {"nama", "jenis", "sub"}:
        return "line_item"
    if tokens & _BODY_WORDS and tokens <= _BODY_WORDS | {"nama", "penerima", "hibah", "jenis"}:
        return "body"
    recipient = tokens & {"penerima", "satker", "unit"} or tokens == {"satuan", "kerja"}
    if recipient and tokens <= _RECIPIENT_WORDS | {"nama", "hibah", "dana"}:
        return "recipient_unit"
    if tokens & _REGION_WORDS and tokens <= _REGION_WORDS | {"nama", "pemberi", "hibah"}:
        return "region_province" if tokens <= _PROVINCE_WORDS else "region_name"
    if tokens & _STAGE_WORDS and tokens <= _STAGE_WORDS | {"jenis", "pencairan", "penyaluran"}:
        return "stage"
    if tokens & _AMOUNT_HEADS and tokens <= _AMOUNT_WORDS:
        return "amount"
    return None


def _columns(labels: list[str]) -> list[Column]:
    """The columns ``labels`` name, one a field (the first; a province's name only where no
    other column names the region: a table of regencies may give their province too),
    amount columns with the stage and scale their labels state."""
    columns = []
    for i, label in enumerate(labels):
        norm = normalise_header(label)
        scale_match = _HEADER_SCALE.search(norm)
        scale = None
        if scale_match:
            word = scale_match.group(1) or scale_match.group(2)
            scale = {"milyar": "miliar", "jutaan": "juta", "ribuan": "ribu"}.get(word, word)
            norm = normalise_header(_HEADER_SCALE.sub(" ", norm))
        field = _field_of(norm)
        if field == _NOT_OURS:
            continue
        if field and field != "amount":
            columns.append(Column(i, label, field))
            continue
        stage = stage_named_in(norm)
        body = _body_named(norm) if field is None else None
        if (
            field == "amount"
            or body
            or (
                stage
                and re.search(
                    r"\b(?:nilai|jumlah|rp|hibah|tahap|"
                    r"pencairan|realisasi|pengembalian|sisa|"
                    r"nphd|pagu|anggaran|termin)\b",
                    norm,
                )
            )
        ):
            columns.append(Column(i, label, "amount", stage, scale, body))
    return _one_a_field(_bodies_as_columns(columns))


def _body_named(norm: str) -> str | None:
    """The body an amount column's label names, its other words amount, stage or currency
    words (``KPU``, ``Polres (Rp)``, ``Nilai Hibah Bawaslu``, ``NPHD TNI``), or None."""
    words = [w for w in norm.split() if w not in _CURRENCY_WORDS | _AMOUNT_WORDS]
    rest = stages_named_in(" ".join(words))[1].strip()
    return parse_body(rest) if rest else None


def _bodies_as_columns(columns: list[Column]) -> list[Column]:
    """A table of regions with an amount column for each body (``Kab/Kota | KPU |
    Bawaslu | Polres | Kodim | Jumlah``): its body columns are its amounts, and an amount
    column naming no body there is the row's total (not read). Where fewer than two bodies
    name columns, a column naming one is not an amount."""
    bodies = {c.body for c in columns if c.body}
    if len(bodies) < 2:  # as if no body were named: a stage makes it an amount still
        return [replace(c, body=None) if c.body else c for c in columns if not c.body or c.stage]
    return [c for c in columns if c.field != "amount" or c.body]


def _one_a_field(columns: list[Column]) -> list[Column]:
    """``columns`` with the first column of each field but amount (the rest unread), a
    province's column read as the region only where no other column names one."""
    fields = {c.field for c in columns}
    if fields & {"region_name", "region_code", "region_code_kemendagri", "region_code_bps"}:
        columns = [c for c in columns if c.field != "region_province"]
    seen: set[str] = set()
    out = []
    for column in columns:
        field = "region_name" if column.field == "region_province" else column.field
        if field == "amount" or field not in seen:
            seen.add(field)
            out.append(column if field == column.field else replace(column, field=field))
    return out


def _usable(columns: list[Column]) -> list[str]:
    """What the header lacks to be read, as words for the error message."""
    fields = {c.field for c in columns}
    amounts = [c for c in columns if c.field == "amount"]
    missing = []
    if not fields & {"region_code", "region_code_kemendagri", "region_code_bps", "region_name"}:
        missing.append("region (Kode Wilayah, Kode BPS or Pemerintah Daerah)")
    if not amounts:
        missing.append("amount (Nilai)")
    elif "stage" not in fields and any(c.stage is None for c in amounts):
        missing.append("stage (Tahap, or a stage in the amount header or the title)")
    if not fields & {"body", "recipient_unit"} and not (amounts and all(c.body for c in amounts)):
        missing.append("body or recipient (Lembaga or Penerima Hibah)")
    return missing


def _titled(columns: list[Column], titles: list[list[str]]) -> list[Column]:
    """``columns`` with the stage the title rows above the header name (``REKAPITULASI NPHD
    PILKADA 2024``) given to each amount column naming none, where no column holds the
    stage and the titles name one stage only (``APBD`` aside, beside another)."""
    if any(c.field == "stage" for c in columns):
        return columns
    named = {stage for cells in titles for cell in cells for stage in _stages_of(cell)}
    if len(named) > 1:  # "... bersumber dari APBD": the budget it comes from, no stage
        named.discard("budget")
    if len(named) != 1:
        return columns
    stage = named.pop()
    return [replace(c, stage=stage) if c.field == "amount" and not c.stage else c for c in columns]


def _stages_of(cell: str) -> list[str]:
    return stages_named_in(normalise_header(cell))[0]


def distinct_labels(labels: list[str]) -> tuple[list[str], list[str]]:
    """Header labels made distinct ("Nilai", "Nilai" → "Nilai", "Nilai (2)"), so that every
    cell keeps its own place, and the labels that were repeated."""
    seen: dict[str, int] = {}
    out, repeated = [], []
    for label in labels:
        key = label.strip()
        if not key:
            out.append(label)
            continue
        seen[key] = seen.get(key, 0) + 1
        if seen[key] == 2:
            repeated.append(key)
        out.append(label if seen[key] == 1 else f"{key} ({seen[key]})")
    return out, repeated


def _find_header(
    file: RawFile, sheet: Sheet
) -> tuple[int, int, list[Column], list[str], list[str]]:
    """Indexes of the header's first and last rows in ``sheet.rows``, its columns, all its
    labels (made distinct: `distinct_labels`) and the labels it gives more than once."""
    first_problem = None
    for i, (_, cells, _) in enumerate(sheet.rows[:HEADER_SEARCH_ROWS]):
        if not any(c.strip() for c in cells):
            continue
        candidates = [(i, cells)]
        if i + 1 < len(sheet.rows) and _sub_header(cells, sheet.rows[i + 1][1]):
            # A header over two rows: parent label + sub-label ("Pencairan" + "Tahap I").
            below = sheet.rows[i + 1][1]
            width = max(len(cells), len(below))  # spreadsheet rows end at their last cell
            joined = [
                a if a == b or not b else (b if not a else f"{a} {b}")
                for a, b in zip(
                    cells + [""] * (width - len(cells)),
                    below + [""] * (width - len(below)),
                    strict=True,
                )
            ]
            candidates.insert(0, (i + 1, joined))
        for last, given in candidates:
            labels, repeated = distinct_labels(given)
            columns = _titled(_columns(labels), [cells for _, cells, _ in sheet.rows[:i]])
            missing = _usable(columns)
            if not missing:
                return i, last, columns, labels, repeated
            if first_problem is None and len(columns) >= 2:
                first_problem = (sheet.rows[i][0], labels, missing)
    where = f"{file.path}" + (f": sheet {sheet.name!r}" if sheet.name else "")
    if first_problem:
        row, labels, missing = first_problem
        raise FileReadError(
            f"{where}: row {row}: header {labels!r} lacks column(s) for {', '.join(missing)}"
        )
    raise FileReadError(f"{where}: no header row with a region, an amount and a body found")


# A cell of the row that numbers the columns under a header, as official formats have it:
# 1, (2), 5=3-4 (a column computed from others).
_COLUMN_NUMBER = re.compile(r"\(?(\d{1,2})\)?(?:\s*=.*)?")
COLUMN_NUMBERS = "column numbers under the header"


def numbers_columns(sheet: Sheet, header_at: int) -> bool:
    """Whether the row below the header (``sheet.rows[header_at]``) numbers its columns
    (``1 | 2 | 3 | 4``, ``(1) | (2) | (3)``), as official formats print it: its filled
    cells, two or more, counting up from 1 by one. Such a row is skipped with that reason."""
    if header_at + 1 >= len(sheet.rows):
        return False
    found = [_COLUMN_NUMBER.fullmatch(c.strip()) for c in sheet.rows[header_at + 1][1] if c.strip()]
    numbers = [int(m[1]) for m in found if m]
    return (
        len(found) >= 2 and len(numbers) == len(found) and numbers == list(range(1, len(found) + 1))
    )


def _sub_header(above: list[str], below: list[str]) -> bool:
    """Whether ``below`` holds sub-labels of ``above`` rather than data: some of its cells
    differ from the cell above and read as a column label, and none reads as an amount."""
    if sum(1 for a in above if a.strip()) < 2 or not _columns(above):
        return False  # a title row, not the upper half of a header
    labels = [b for a, b in zip(above, below, strict=False) if b.strip() and b != a]
    if not labels or not _columns(labels):
        return False
    for cell in below:
        try:
            if parse_amount(cell).value >= 1000:
                return False
        except AmountParseError:
            continue
    return True
