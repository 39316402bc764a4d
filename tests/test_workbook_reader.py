"""The XLSX reader: calamine reads a workbook's cells as openpyxl does, and only a workbook
whose cells are proven to lie near A1 (a far cell would make calamine's grid abort the
process); any other is read by openpyxl's sheet parser.

The workbooks are synthetic: random cells of every type a register holds, and the traps
(far cells, cells without their reference, errors, long whole numbers) edited into their XML.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import threading
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.utils import get_column_letter

from hibah.ingest.files import RawFile
from hibah.ingest.tabular import FileReadError, sheets
from tests.conftest import RAW

FILE = RawFile("t.xlsx", RAW / "t.xlsx", "sha", 0, "xlsx", "allocations")

# text as typed, line breaks (Alt+Enter) and tabs among it
TEXT = st.text(
    st.one_of(
        st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), st.sampled_from("\n\t")
    ),
    max_size=12,
)
NUMBER_FORMATS = st.sampled_from(["General", "0.00", "#,##0", "0%"])
DATE_FORMATS = st.sampled_from(["dd/mm/yyyy", "d mmmm yyyy", "yyyy-mm-dd hh:mm"])
# Cells as registers hold them, each with a number format (None: the writer's own). Dates
# are those Excel shows as dates, from 1 March 1900 (serial 61): before it, Excel's serials
# count a 29 February 1900 that never was, and the two readers disagree on what to show.
CELLS = st.one_of(
    st.tuples(st.one_of(TEXT, TEXT.map(lambda t: f"  {t} ")), st.none()),
    st.tuples(st.integers(-(2**53) + 1, 2**53 - 1), NUMBER_FORMATS),
    st.tuples(
        st.floats(allow_nan=False, allow_infinity=False).filter(lambda f: abs(f) < 2**53),
        NUMBER_FORMATS,
    ),
    # 1 March 1900 to 31 December 9999, to the second (within a second, calamine rounds to
    # the millisecond and openpyxl to the microsecond: 59.879 against 59.878)
    st.tuples(st.integers(61 * 86_400, 2_958_465 * 86_400).map(lambda s: s / 86_400), DATE_FORMATS),
    st.tuples(st.booleans(), st.none()),
    st.tuples(st.sampled_from(["#N/A", "#DIV/0!", "#REF!", "#VALUE!", "#NAME?"]), st.none()),
    st.tuples(st.dates(dt.date(1900, 3, 1)), st.none()),
    st.tuples(
        st.datetimes(dt.datetime(1900, 3, 1)).map(lambda d: d.replace(microsecond=0)), st.none()
    ),
    st.tuples(st.times().map(lambda t: t.replace(microsecond=0)), st.none()),
)


def _bytes(book: Workbook) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _edited(data: bytes, edit, part: str = "xl/worksheets/sheet1.xml") -> bytes:
    """The workbook with a sheet's XML edited (what openpyxl would not write)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == part:
                content = edit(content)
            target.writestr(item, content)
    return out.getvalue()


def _rows(read: list[sheets.Sheet]) -> list:
    return [(sheet.name, sheet.rows) for sheet in read]


@st.composite
def workbooks(draw) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for number in range(draw(st.integers(1, 3))):
        sheet = book.create_sheet(f"Lembar {number + 1}")
        if number:  # the first stays visible: a workbook needs one
            sheet.sheet_state = draw(st.sampled_from(["visible", "hidden"]))
        cells = draw(
            st.dictionaries(st.tuples(st.integers(1, 40), st.integers(1, 30)), CELLS, max_size=60)
        )
        for (row, column), (value, number_format) in cells.items():
            cell = sheet.cell(row, column, value)
            if number_format:
                cell.number_format = number_format
        taken: set[tuple[int, int]] = set()
        for _ in range(draw(st.integers(0, 3))):  # merged ranges that do not overlap
            top, left = draw(st.integers(1, 40)), draw(st.integers(1, 30))
            bottom, right = top + draw(st.integers(0, 4)), left + draw(st.integers(0, 3))
            area = {(r, c) for r in range(top, bottom + 1) for c in range(left, right + 1)}
            if len(area) > 1 and not area & taken:
                taken |= area
                sheet.merge_cells(
                    f"{get_column_letter(left)}{top}:{get_column_letter(right)}{bottom}"
                )
    if draw(st.booleans()):  # not a worksheet: neither reader reads it
        chart = BarChart()
        chart.add_data(Reference(book.worksheets[0], min_col=1, min_row=1, max_row=3))
        book.create_chartsheet("Grafik").add_chart(chart)
    return _bytes(book)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(workbooks())
def test_any_workbook_reads_as_openpyxl_reads_it(data):
    # calamine reads it, or fails (a number formatted as a date past its calendar makes
    # its Rust panic) and openpyxl does
    proof = sheets._calamine_proof(data)
    assert proof is not None and proof.extent <= sheets.DENSE_CELLS
    assert _rows(list(sheets._xlsx_sheets(FILE, data))) == _rows(
        sheets._openpyxl_sheets(FILE, data)
    )


def test_the_shipped_workbook_reads_alike_by_both():
    data = (RAW / "rekap-provinsi-2023-2024.xlsx").read_bytes()
    assert sheets._calamine_proof(data) == (26 * 999_999, {})
    calamine = list(sheets._calamine_sheets(data, {}))
    assert _rows(calamine) == _rows(sheets._openpyxl_sheets(FILE, data))
    assert sum(len(sheet.rows) for sheet in calamine) > 10


def _register() -> Workbook:
    book = Workbook()
    sheet = book.active
    sheet.append(["Kode Wilayah", "Pemerintah Daerah", "Lembaga", "Tahap", "Nilai"])
    sheet.append(["65.03", "Kabupaten Nunukan", "KPU", "NPHD", 34_000_000_000])
    return book


def _reader(monkeypatch) -> list[str]:
    """Which reader `_xlsx_sheets` uses: the names of those called, in order."""
    called: list[str] = []
    for name in ("_calamine_sheets", "_openpyxl_sheets"):
        original = getattr(sheets, name)

        def spy(*args, _original=original, _name=name):
            called.append(_name)
            return _original(*args)

        monkeypatch.setattr(sheets, name, spy)
    return called


def test_a_workbook_near_a1_is_read_by_calamine(monkeypatch):
    called = _reader(monkeypatch)
    read = list(sheets._xlsx_sheets(FILE, _bytes(_register())))
    rows = read[0].rows
    assert called == ["_calamine_sheets"]
    assert rows[1] == (2, ["65.03", "Kabupaten Nunukan", "KPU", "NPHD", "34000000000"], rows[1][2])


@pytest.mark.parametrize(
    "cell",
    [
        "Z300",  # columns A to Z, rows below 1,000,000: proven in one search
        "AB300",  # a wide sheet: how deep it goes is read
    ],
)
def test_a_workbook_within_the_grid_calamine_may_build_is_read_by_it(monkeypatch, cell):
    book = _register()
    for row in range(3, 300):
        book.active.append(["65.03", "Kabupaten Nunukan", "KPU", "NPHD", row])
    book.active[cell] = "catatan"
    data = _bytes(book)
    proof = sheets._calamine_proof(data)
    assert proof is not None and proof.extent <= sheets.DENSE_CELLS
    called = _reader(monkeypatch)
    read = list(sheets._xlsx_sheets(FILE, data))
    assert called == ["_calamine_sheets"]
    assert read[0].rows[-1][1][-1] == "catatan"


def _extent(rows: list[bytes]) -> int:
    """`_part_extent` of a sheet of these <row> elements."""
    xml = b"<worksheet><sheetData>%s</sheetData></worksheet>" % b"".join(rows)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("xl/worksheets/sheet1.xml", xml)
    with zipfile.ZipFile(buffer) as archive:
        return sheets._part_extent(archive, archive.getinfo("xl/worksheets/sheet1.xml"))[0]


def _row(number: int, *columns: str) -> bytes:
    cells = b"".join(b'<c r="%s%d"><v>1</v></c>' % (c.encode(), number) for c in columns)
    return b'<row r="%d">%s</row>' % (number, cells)


def test_how_far_a_sheets_cells_may_reach_is_proven_from_its_xml():
    near = [_row(n, "A", "G") for n in range(1, 300)]
    assert _extent(near) == 26 * 999_999  # whatever the sheet holds: one search
    assert _extent([*near, _row(300, "A", "AB")]) == 28 * 300
    # Excel's last row, every row filled, columns A to G: a full register
    assert _extent([_row(n, "G") for n in range(1, 1_048_577)]) == 26 * 1_048_576
    assert _extent([*near, _row(400, "XFD")]) == 16_384 * 400  # past DENSE_CELLS
    with pytest.raises(ValueError, match="far fewer cells than rows"):
        _extent([*near, _row(5_000, "A")])  # a stray cell far below: mostly blank


def _openpyxl_reads(monkeypatch, data: bytes) -> list[sheets.Sheet]:
    called = _reader(monkeypatch)
    read = list(sheets._xlsx_sheets(FILE, data))
    assert called == ["_openpyxl_sheets"]
    return read


@pytest.mark.parametrize(
    ("trap", "edit"),
    [
        # a stray cell at the far corner: calamine's grid would be 17 billion cells
        (
            "far corner",
            lambda x: x.replace(
                b"</row></sheetData>",
                b'</row><row r="1048576">'
                b'<c r="XFD1048576" t="inlineStr"><is><t>x</t></is>'
                b"</c></row></sheetData>",
            ),
        ),
        # a cell whose reference is not its first attribute: not proven where it lies
        # wide and deep: 27 columns to Excel's last row
        (
            "wide and deep",
            lambda x: x.replace(
                b"</row></sheetData>",
                b'</row><row r="1048576">'
                b'<c r="AA1048576" t="inlineStr"><is><t>x</t></is>'
                b"</c></row></sheetData>",
            ),
        ),
        ("reference second", lambda x: re.sub(rb'<c r="(B2)" t="(\w+)"', rb'<c t="\2" r="\1"', x)),
        ("reference quoted with '", lambda x: x.replace(b'<c r="B2"', b"<c r='B2'")),
        ("no reference", lambda x: re.sub(rb'<c r="E2" t="n">', b'<c t="n">', x)),
        ("row past Excel's last", lambda x: x.replace(b'r="A2"', b'r="A99999999"')),
        (
            "namespace prefix, far",
            lambda x: (
                x.replace(b"<c r=", b"<x:c r=")
                .replace(b"</c>", b"</x:c>")
                .replace(b'x:c r="A2"', b'x:c r="AAA2000000"')
                .replace(
                    b"<worksheet ",
                    b'<worksheet xmlns:x="http://schemas.openxmlformats.org/'
                    b'spreadsheetml/2006/main" ',
                )
            ),
        ),
    ],
)
def test_a_workbook_not_proven_near_a1_is_read_by_openpyxl(monkeypatch, trap, edit):
    data = _edited(_bytes(_register()), edit)
    proof = sheets._calamine_proof(data)
    assert proof is None or proof.extent > sheets.DENSE_CELLS
    read = _openpyxl_reads(monkeypatch, data)
    assert any("Kabupaten Nunukan" in row[1] for row in read[0].rows), trap


def test_error_cells_are_read_as_their_error_not_as_blank(monkeypatch):
    # calamine reads #N/A as an empty cell: the proof finds the error cells in the XML and
    # puts them back, so that the findings name the error
    book = _register()
    book.create_sheet("Rekap")["C3"] = "#DIV/0!"  # openpyxl writes it as an error cell
    data = _edited(
        _bytes(book),
        lambda x: re.sub(rb'<c r="E2" t="n"><v>\d+</v></c>', b'<c r="E2" t="e"><v>#N/A</v></c>', x),
    )
    proof = sheets._calamine_proof(data)
    assert proof is not None and proof.errors == {
        "xl/worksheets/sheet1.xml": [(2, 5, "#N/A")],
        "xl/worksheets/sheet2.xml": [(3, 3, "#DIV/0!")],
    }
    called = _reader(monkeypatch)
    read = list(sheets._xlsx_sheets(FILE, data))
    assert called == ["_calamine_sheets"]
    assert _rows(read) == _rows(sheets._openpyxl_sheets(FILE, data))
    assert read[0].rows[1][1][-1] == "#N/A" and read[1].rows[2][1] == ["", "", "#DIV/0!"]


def test_an_error_cell_without_a_value_puts_back_nothing():
    data = _edited(
        _bytes(_register()),
        lambda x: x.replace(
            b"</row></sheetData>",
            b'<c r="F2" t="e" s="0"/><c r="G2"><v>7</v></c></row></sheetData>',
        ),
    )
    proof = sheets._calamine_proof(data)
    assert proof is not None and proof.errors == {}  # not the 7 of the cell after it
    read = list(sheets._xlsx_sheets(FILE, data))
    assert _rows(read) == _rows(sheets._openpyxl_sheets(FILE, data))
    assert read[0].rows[1][1][-2:] == ["", "7"]


def test_an_error_cell_not_read_whole_leaves_the_workbook_to_openpyxl(monkeypatch):
    data = _edited(
        _bytes(_register()),
        lambda x: re.sub(rb'<c r="E2" t="n"><v>\d+</v></c>', b'<c t="e" r="E2"><v>#N/A</v></c>', x),
    )
    assert sheets._calamine_proof(data) is None
    assert _openpyxl_reads(monkeypatch, data)[0].rows[1][1][-1] == "#N/A"


def test_a_long_whole_number_keeps_its_digits(monkeypatch):
    # 16 digits or more: a float (calamine's every number) loses the last; openpyxl keeps
    # them. The sheet before it is calamine's, the sheets from it on openpyxl's
    book = _register()
    book.move_sheet(book.create_sheet("Rekap"), offset=-1)
    book["Rekap"]["A1"] = "ringkasan"
    data = _edited(
        _bytes(book),
        lambda x: re.sub(rb'(<c r="E2" t="n"><v>)\d+', rb"\g<1>12345678901234567890", x),
        "xl/worksheets/sheet2.xml",
    )
    called = _reader(monkeypatch)
    read = list(sheets._xlsx_sheets(FILE, data))
    assert called == ["_calamine_sheets", "_openpyxl_sheets"]
    assert [sheet.name for sheet in read] == ["Rekap", "Sheet"]
    assert read[1].rows[1][1][-1] == "12345678901234567890"
    assert _rows(read) == _rows(sheets._openpyxl_sheets(FILE, data))


def test_the_scan_finds_far_and_error_cells_across_its_pieces(monkeypatch):
    book = _register()
    for row in range(3, 400):
        book.active.append(["65.03", "Kabupaten Nunukan", "KPU", "NPHD", row])
    book.active["AB390"] = "x"
    book.active["B5"] = "#N/A"
    with zipfile.ZipFile(io.BytesIO(_bytes(book))) as archive:
        part = archive.getinfo("xl/worksheets/sheet1.xml")
        whole = sheets._part_extent(archive, part)
        monkeypatch.setattr(sheets, "_CHUNK", 397)  # a few rows a piece
        assert sheets._part_extent(archive, part) == whole == (28 * 399, [(5, 2, "#N/A")])


def test_a_damaged_workbook_gets_its_one_line_error():
    book = _register()
    for row in range(3, 2_000):
        book.active.append(["65.03", "Kabupaten Nunukan", "KPU", "NPHD", row])
    data = bytearray(_bytes(book))
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        part = archive.getinfo("xl/worksheets/sheet1.xml")
    start = part.header_offset + 30 + len(part.filename) + len(part.extra)
    for at in range(start + 200, start + 260):  # the sheet's deflated bytes, garbled
        data[at] ^= 0x55
    with pytest.raises(FileReadError, match=r"^t\.xlsx: not a readable XLSX workbook \("):
        list(sheets._xlsx_sheets(FILE, bytes(data)))


def test_the_next_sheet_is_parsed_while_this_one_is_taken_and_no_further(monkeypatch):
    # calamine parses a sheet without Python's lock: the next sheet's grid is built while
    # this one's rows are taken, and at most two grids are held (the third sheet is not
    # parsed before the first was taken). Sheets come in the workbook's order, as openpyxl
    # reads them, a chart sheet left out.
    import python_calamine

    book = _register()
    for name in ("Jawa Barat", "Papua"):
        sheet = book.create_sheet(name)
        sheet.append(["Kode Wilayah", "Pemerintah Daerah", "Lembaga", "Tahap", "Nilai"])
        sheet.append(["32.01", "Kabupaten Bogor", "Bawaslu", "NPHD", len(name)])
    book.create_chartsheet("Grafik", 1).add_chart(BarChart())
    data = _bytes(book)
    events: list[str] = []
    second = threading.Event()
    opened = python_calamine.CalamineWorkbook.from_filelike

    class Spied:
        def __init__(self, workbook):
            self.workbook = workbook

        def __getattr__(self, name):
            return getattr(self.workbook, name)

        def get_sheet_by_name(self, name):
            events.append(f"parse {name}")
            if name == "Jawa Barat":
                second.set()
            return self.workbook.get_sheet_by_name(name)

    monkeypatch.setattr(
        python_calamine.CalamineWorkbook, "from_filelike", lambda f: Spied(opened(f))
    )
    read = []
    for sheet in sheets._calamine_sheets(data, {}):
        events.append(f"took {sheet.name}")
        read.append(sheet)
        if sheet.name == "Sheet":  # the next is parsed before it is asked for
            assert second.wait(timeout=60)
    assert _rows(read) == _rows(sheets._openpyxl_sheets(FILE, data))
    assert [e for e in events if e.startswith("took")] == [
        "took Sheet",
        "took Jawa Barat",
        "took Papua",
    ]
    assert events.index("parse Papua") > events.index("took Sheet")
