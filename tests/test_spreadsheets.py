"""Spreadsheets as offices publish them: encodings, separators, sheets, title rows, merged
two-row headers, totals rows, numbers stored as text, scaled columns.

The tables are synthetic (built here, for these traps) on real figures: Lampung's NPHD
(daswati.id, 10 Nov 2023) and Banjar's security grants (kanalkalimantan.com, 24 Mar 2024).
"""

from __future__ import annotations

import codecs
import io
import zipfile

import pytest
from openpyxl import Workbook

from hibah.ingest.files import RawFile
from hibah.ingest.reference import gazetteer_from_csv, read_regions, region_lookup
from hibah.ingest.tabular import FileReadError, read_table
from tests.conftest import RAW, ROOT

HEADER = "Kode Wilayah;Pemerintah Daerah;Penerima Hibah;Lembaga;Tahap;Nilai"
ROWS = [
    "18;Provinsi Lampung;KPU Provinsi Lampung;KPU;NPHD;Rp295.956.908.000",
    "18;Provinsi Lampung;Bawaslu Provinsi Lampung;Bawaslu;NPHD;Rp68.064.646.000",
]


@pytest.fixture(scope="module")
def reference():
    file = RawFile(
        "reference/regions.csv", RAW / "reference" / "regions.csv", "x", 0, "csv", "reference"
    )
    regions = read_regions(file)
    return region_lookup(regions), gazetteer_from_csv(RAW / "reference" / "regions.csv")


def read(data: bytes, name: str, reference):
    fmt = name.rsplit(".", 1)[1]
    file = RawFile(name, RAW / name, "sha", len(data), fmt, "allocations")
    return read_table(file, *reference, data=data)


def column(rows: list[dict], name: str) -> list:
    return [row[name] for row in rows]


def figures(table):
    return sorted((r["body"], r["amount_idr"]) for r in table.records)


LAMPUNG = [("Bawaslu", 68_064_646_000), ("KPU", 295_956_908_000)]


@pytest.mark.parametrize(
    ("encoding", "sep"),
    [
        ("utf-8", ";"),
        ("utf-8-sig", ";"),
        ("cp1252", ";"),
        ("utf-8", ","),
        ("utf-8", "\t"),
        ("utf-16", "\t"),  # Excel's "Unicode Text": a byte order mark, then UTF-16 LE
        ("utf-16", ";"),
    ],
)
def test_csv_encodings_and_separators(reference, encoding, sep):
    lines = [HEADER, *ROWS]
    if sep != ";":
        lines = [sep.join(f'"{c}"' if "," in c else c for c in line.split(";")) for line in lines]
    lines[1] = lines[1].replace("Provinsi Lampung;", "Provinsi Lampung;", 1)
    data = ("\n".join(lines) + "\n").encode(encoding)
    table = read(data, "t.csv", reference)
    assert figures(table) == LAMPUNG
    assert column(table.records, "locator") == ["row 2", "row 3"]


def test_utf16_text_is_read_as_written_and_bytes_that_are_not_utf16_are_noted(reference):
    # big-endian, lines ending CR LF, an en dash, and an odd byte last (a file cut short)
    text = "\r\n".join([HEADER + ";Keterangan", ROWS[0] + ";Novotel – Jumat", ROWS[1] + ";"])
    data = codecs.BOM_UTF16_BE + (text + "\r\n").encode("utf-16-be") + b"\x00"
    table = read(data, "t.csv", reference)
    assert figures(table) == LAMPUNG
    assert column(table.records, "note") == ["Novotel – Jumat", None]
    assert column(table.records, "evidence")[0] == ROWS[0] + ";Novotel – Jumat"
    assert table.notes == [
        (
            "bytes-replaced",
            "t.csv: read as UTF-16 (its byte order mark); 1 character(s) are U+FFFD, bytes "
            "that are not UTF-16 text",
        )
    ]
    assert read(data[:-1], "t.csv", reference).notes == []


def test_a_rows_text_is_its_own_line_though_a_cell_before_holds_a_line_separator(reference):
    # str.splitlines ends a line at U+2028 and a form feed; the csv reader does not
    rows = [ROWS[0] + ";kutipan\u2028dari web", ROWS[1] + ";hal\x0c2"]
    table = read(("\n".join([HEADER + ";Keterangan", *rows]) + "\n").encode(), "t.csv", reference)
    assert column(table.records, "evidence") == rows


def test_cp1252_text_survives(reference):
    data = (HEADER + ";Keterangan\n" + ROWS[0] + ";ditandatangani di Novotel – Jumat\n").encode(
        "cp1252"
    )
    table = read(data, "t.csv", reference)
    assert column(table.records, "note") == ["ditandatangani di Novotel – Jumat"]


def workbook() -> bytes:
    wb = Workbook()
    notes = wb.active
    notes.title = "Catatan"
    notes["A1"] = "Sheet ini hanya berisi catatan, tanpa tabel."
    nphd = wb.create_sheet("NPHD")
    # Two title rows above the header
    nphd["A1"] = "REKAPITULASI NPHD PILKADA 2024"
    nphd["A2"] = "Provinsi Lampung"
    # A header over two rows: "Pencairan" merged over Tahap I and Tahap II;
    # the other labels merged vertically over both rows.
    for col, label in zip(
        "ABCDE",
        ["No", "Pemerintah Daerah", "Penerima Hibah", "Nilai NPHD (Rp)", "Pencairan"],
        strict=True,
    ):
        nphd[f"{col}3"] = label
    nphd["E4"], nphd["F4"] = "Tahap I", "Tahap II"
    for col in "ABCD":
        nphd.merge_cells(f"{col}3:{col}4")
    nphd.merge_cells("E3:F3")
    nphd.append(
        [
            1,
            "Provinsi Lampung",
            "KPU Provinsi Lampung",
            295956908000,
            "118.382.763.200",
            177574144800,
        ]
    )  # numbers as numbers and as text
    nphd.append([2, "Provinsi Lampung", "Bawaslu Provinsi Lampung", "Rp68.064.646.000", None, None])
    nphd.append([None, "Jumlah", None, 364021554000, None, None])
    pam = wb.create_sheet("Pengamanan")
    pam.append(["Kode", "Pemda", "Penerima", "Tahap", "Nilai (Rp juta)"])
    pam.append(["63.03", "Kabupaten Banjar", "Polres Banjar", "NPHD", 5492])
    pam.append(["63.03", "Kabupaten Banjar", "Polres Banjarbaru", "NPHD", "651"])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def test_xlsx_sheets_titles_merged_headers_totals_and_numbers_as_text(reference):
    table = read(workbook(), "rekap.xlsx", reference)
    got = sorted(
        zip(
            column(table.records, "locator"),
            column(table.records, "body"),
            column(table.records, "stage"),
            column(table.records, "amount_idr"),
            column(table.records, "region_code"),
            strict=True,
        )
    )
    assert got == [
        ("sheet 'NPHD' row 5, Nilai NPHD (Rp)", "KPU", "nphd", 295_956_908_000, "18"),
        ("sheet 'NPHD' row 5, Pencairan Tahap I", "KPU", "tranche_1", 118_382_763_200, "18"),
        ("sheet 'NPHD' row 5, Pencairan Tahap II", "KPU", "tranche_2", 177_574_144_800, "18"),
        ("sheet 'NPHD' row 6, Nilai NPHD (Rp)", "Bawaslu", "nphd", 68_064_646_000, "18"),
        ("sheet 'Pengamanan' row 2", "Polri", "nphd", 5_492_000_000, "63.03"),
        ("sheet 'Pengamanan' row 3", "Polri", "nphd", 651_000_000, "63.03"),
    ]
    skipped = sorted((s["locator"], s["reason"]) for s in table.skipped)
    assert skipped == [
        ("sheet 'NPHD' row 1", "title row above the header"),
        ("sheet 'NPHD' row 2", "title row above the header"),
        ("sheet 'NPHD' row 7", "totals row (not a grant)"),
    ]
    # Every unit read is a record or a skip here (no rejects), none twice.
    assert len(table.rows) == len(table.records) + len(table.skipped)
    assert len({r["locator"] for r in table.rows}) == len(table.rows)


def test_an_xls_workbook_reads_as_the_same_workbook_saved_as_xlsx(reference):
    # tests/fixtures/xls/rekap.xls is `workbook()` as Excel 97-2003 saves it (its script
    # writes it): titles, a header over two rows with merged cells, numbers as numbers and
    # as text, a totals row, a scaled column, a sheet of notes
    xls = read((ROOT / "tests" / "fixtures" / "xls" / "rekap.xls").read_bytes(), "r.xls", reference)
    xlsx = read(workbook(), "r.xlsx", reference)
    fields = ["locator", "region_code", "body", "stage", "amount_idr", "recipient_unit", "evidence"]
    assert [[r[f] for f in fields] for r in xls.records] == [
        [r[f] for f in fields] for r in xlsx.records
    ]
    assert len(xls.records) == 6
    skipped = [[s[f] for f in ("locator", "evidence", "reason")] for s in xls.skipped]
    assert skipped == [[s[f] for f in ("locator", "evidence", "reason")] for s in xlsx.skipped]
    assert xls.sheet_notes == [n.replace("r.xlsx", "r.xls") for n in xlsx.sheet_notes]


def test_a_damaged_xls_workbook_is_named_in_one_line(reference):
    data = (ROOT / "tests" / "fixtures" / "xls" / "rekap.xls").read_bytes()
    with pytest.raises(FileReadError, match=r"^r\.xls: not a readable XLS workbook \(.*\)$"):
        read(data[: len(data) // 2], "r.xls", reference)


# Header labels as tables word them, each with the field it is read as (None: not read).
# Those of LABELS_HELD_OUT were written before the rules of `_field_of`, to measure them on;
# the rules were written on LABELS.
LABELS = [
    ("Nama Pemerintah Daerah", "region_name"),
    ("Nama Pemda", "region_name"),
    ("Pemerintah Provinsi/Kabupaten/Kota", "region_name"),
    ("Kab/Kota", "region_name"),
    ("Kab./Kota", "region_name"),
    ("Provinsi", "region_name"),
    ("Nama Wilayah", "region_name"),
    ("Pemkab/Pemkot", "region_name"),
    ("Kode Prov/Kab/Kota", "region_code"),
    ("Kode Wil.", "region_code"),
    ("Nama Lembaga", "body"),
    ("Instansi Penerima", "body"),
    ("Lembaga Penerima", "body"),
    ("Nama Penerima Hibah", "recipient_unit"),
    ("Satuan Kerja", "recipient_unit"),
    ("Penerima Dana Hibah", "recipient_unit"),
    ("Tahap Pencairan", "stage"),
    ("Jumlah Hibah", "amount"),
    ("Besaran Hibah", "amount"),
    ("Nilai Hibah (Rupiah)", "amount"),
    ("Jumlah (Rupiah)", "amount"),
    ("Jumlah Dana", "amount"),
    ("Jumlah Anggaran (Rp)", "amount"),
    ("Tanggal Pencairan", "as_of"),
    ("Tanggal Penandatanganan", "as_of"),
    ("Tgl NPHD", "as_of"),
    ("Sumber Data", "source_url"),
    ("Link", "source_url"),
    ("Keterangan/Catatan", "note"),
    ("Nama Kegiatan", "line_item"),
    ("Sumber Dana", None),
    ("Total", None),
    ("Nilai Kontrak", None),
]
LABELS_HELD_OUT = [
    ("Nama Kabupaten/Kota", "region_name"),
    ("Pemerintah Kabupaten/Kota", "region_name"),
    ("Kota/Kabupaten", "region_name"),
    ("Daerah Pemberi Hibah", "region_name"),
    ("Nama Provinsi", "region_name"),
    ("Kode Kab/Kota", "region_code"),
    ("Kode Provinsi", "region_code"),
    ("Nama Instansi", "body"),
    ("Lembaga Penerima Hibah", "body"),
    ("Nama Satker Penerima", "recipient_unit"),
    ("Unit Penerima", "recipient_unit"),
    ("Tahap Penyaluran", "stage"),
    ("Jenis Tahapan", "stage"),
    ("Besaran Dana Hibah (Rp)", "amount"),
    ("Jumlah Dana Hibah", "amount"),
    ("Nilai Bantuan (Rp)", "amount"),
    ("Total Nilai (Rp)", "amount"),
    ("Jumlah Nilai (Rupiah)", "amount"),
    ("Nilai (dalam ribuan rupiah)", "amount"),
    ("Nilai NPHD (Rp Juta)", "amount"),
    ("Tanggal Penyaluran", "as_of"),
    ("Tgl. Penandatanganan NPHD", "as_of"),
    ("Waktu Pencairan", "as_of"),
    ("Sumber Informasi", "source_url"),
    ("Link Berita", "source_url"),
    ("Keterangan Tambahan", "note"),
    ("Uraian Pekerjaan", "line_item"),
    ("Jenis Belanja", "line_item"),
    ("Sumber Dana", None),
    ("Kode Satker", None),
    ("Nomor NPHD", None),  # the agreement's number, not its amount
    ("No. NPHD", None),
    ("Tahun Anggaran", None),  # a year, not an amount
    ("Persentase (%)", None),
]


@pytest.mark.parametrize(("label", "field"), LABELS + LABELS_HELD_OUT)
def test_a_header_label_is_read_by_its_words(label, field):
    from hibah.ingest.tabular.header import _columns

    columns = _columns([label])
    assert (columns[0].field if columns else None) == field


@pytest.mark.parametrize(
    ("labels", "amounts"),
    [
        # a column for each body; the row's total not read
        (
            ["Kab/Kota", "KPU", "Bawaslu (Rp)", "Polres", "Kodim", "Jumlah"],
            [("KPU", None), ("Bawaslu", None), ("Polri", None), ("TNI", None)],
        ),
        (["Kab/Kota", "NPHD KPU", "NPHD Bawaslu"], [("KPU", "nphd"), ("Bawaslu", "nphd")]),
        # one body's name is no table of bodies: no amount, or one read as before
        (["Pemda", "Lembaga", "Tahap", "KPU"], []),
        (["Pemda", "Lembaga", "NPHD KPU"], [(None, "nphd")]),
    ],
)
def test_a_column_for_each_body_is_an_amount_of_that_body(labels, amounts):
    from hibah.ingest.tabular.header import _columns

    got = [(c.body, c.stage) for c in _columns(labels) if c.field == "amount"]
    assert got == amounts


@pytest.mark.parametrize(
    ("titles", "stage"),
    [
        ([["REKAPITULASI NPHD PILKADA 2024"]], "nphd"),
        ([["Realisasi Dana Hibah"], ["Provinsi Kalimantan Utara"]], "realized"),
        ([["NPHD dan Pencairan Tahap I"]], None),  # two stages: none is the table's
        ([["Rekapitulasi Pencairan Tahap I"], ["Hibah dari APBD 2024"]], "tranche_1"),
        ([], None),
    ],
)
def test_the_title_gives_the_stage_no_column_gives(titles, stage):
    from hibah.ingest.tabular.header import _columns, _titled

    columns = _titled(_columns(["Kab/Kota", "KPU", "Bawaslu"]), titles)
    assert {c.stage for c in columns if c.field == "amount"} == {stage}
    with_column = _titled(_columns(["Kab/Kota", "Tahap", "KPU", "Bawaslu"]), titles)
    assert {c.stage for c in with_column if c.field == "amount"} == {None}


def test_a_table_headed_in_words_of_its_own_is_read(reference):
    # a regency table giving its province too, the agreement's number and year, the stage
    # in a column of its own, and a date column whose label names a stage
    header = (
        "No.;Provinsi;Nama Kabupaten/Kota;Lembaga Penerima;Nomor NPHD;Tahun Anggaran;"
        "Tahap Pencairan;Jumlah Dana Hibah (Rupiah);Tanggal Pencairan"
    )
    rows = [
        "1;Kalimantan Utara;Kabupaten Nunukan;KPU;NPHD/123/2023;2024;Tahap I;"
        "13.600.000.000;15/01/2024",
        "2;Kalimantan Utara;Kabupaten Nunukan;KPU;NPHD/123/2023;2024;Tahap II;"
        "20.400.000.000;10/05/2024",
    ]
    table = read(("\n".join([header, *rows]) + "\n").encode(), "t.csv", reference)
    got = [
        (r["region_code"], r["body"], r["stage"], r["amount_idr"], str(r["as_of"]))
        for r in table.records
    ]
    assert got == [
        ("65.03", "KPU", "tranche_1", 13_600_000_000, "2024-01-15"),
        ("65.03", "KPU", "tranche_2", 20_400_000_000, "2024-05-10"),
    ]


def test_a_table_without_a_readable_header_names_the_file_and_row(reference):
    with pytest.raises(FileReadError, match=r"^t\.csv: row 1: header .* lacks column\(s\)"):
        read(b"Wilayah;Keterangan\nNunukan;tanpa angka\n", "t.csv", reference)
    with pytest.raises(FileReadError, match=r"^t\.xlsx: not a readable XLSX workbook"):
        read(b"this is not a zip", "t.xlsx", reference)


def test_region_names_without_codes_are_matched(reference):
    data = (
        b"Pemerintah Daerah;Penerima Hibah;Tahap;Nilai\n"
        b"Kab. Bangka Barat;Polres Bangka Barat;NPHD;Rp3 miliar\n"
        b"Kabupaten Antah Berantah;Kodim 0431;NPHD;Rp1 miliar\n"
    )
    table = read(data, "t.csv", reference)
    assert column(table.records, "region_code") == ["19.05"]
    assert column(table.records, "note") == ["region from its name: name matched exactly (1.00)"]
    assert [(r["locator"], r["rule_id"]) for r in table.rejects] == [("row 3", "region-unresolved")]


def _workbook_bytes(book: Workbook) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _lampung_sheet() -> Workbook:
    book = Workbook()
    ws = book.active
    for line in [HEADER, *ROWS]:
        ws.append(line.split(";"))
    return book


def test_a_cell_at_the_sheets_far_corner_allocates_nothing_between(reference):
    # a 12 KB file whose one cell at XFD1048576 took 7.8 GB: the sheet's cost follows what it
    # holds, not its declared size
    book = _lampung_sheet()
    book.active["XFD1048576"] = "x"
    table = read(_workbook_bytes(book), "corner.xlsx", reference)
    assert column(table.records, "amount_idr") == [295_956_908_000, 68_064_646_000]
    assert len(table.rows) <= 4  # header, two figures, the far cell: no million blank rows
    assert max(len(cells) for cells in column(table.rows, "line_text")) < 200_000


def test_a_merged_range_to_the_sheets_end_fills_only_the_cells_in_use(reference):
    book = _lampung_sheet()
    ws = book.active
    ws["A5"] = "catatan"
    ws["XFD1048576"] = "x"  # and a cell at the far corner: the range fills the sheet's extent
    ws.merge_cells("A5:B5")  # openpyxl itself cannot write the range below: edit its XML
    data = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(_workbook_bytes(book))) as source,
        zipfile.ZipFile(data, "w") as target,
    ):
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename.startswith("xl/worksheets/"):
                content = content.replace(b'ref="A5:B5"', b'ref="A5:XFD1048576"')
            target.writestr(item, content)
    assert b"A5:XFD1048576" in zipfile.ZipFile(data).read("xl/worksheets/sheet1.xml")
    table = read(data.getvalue(), "merged.xlsx", reference)  # it took 5.9 GB
    assert column(table.records, "amount_idr") == [295_956_908_000, 68_064_646_000]
    assert len(table.rows) <= 6  # header, figures, a blank row, the note, the far cell
