"""The read cache keeps data only: every shipped file's reading comes back equal, and an
entry planted in the cache folder can never run code."""

from __future__ import annotations

import base64
import json
import pickle

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hibah.ingest.cache import ReadCache, _cells, _coded, decode, encode
from hibah.ingest.files import inventory
from hibah.stages import prepare, read_file
from tests.conftest import RAW, ROOT


def _readings():
    files = inventory(RAW)
    by_path = {f.path: f for f in files}
    context = prepare(files, by_path["reference/regions.csv"], None, None, 10**9)
    for file in files:
        table = read_file(file, context).table
        if table is not None:
            yield file, table


def test_every_shipped_reading_comes_back_from_an_entry_as_it_was():
    seen = 0
    for file, table in _readings():
        back = decode(encode(table))
        for name in ("rows", "records"):  # as the frames of a batch: values and types alike
            pd.testing.assert_frame_equal(
                pd.DataFrame(getattr(back, name)), pd.DataFrame(getattr(table, name)), obj=file.path
            )
        assert (back.rejects, back.skipped, back.sheet_notes, back.notes) == (
            table.rejects,
            table.skipped,
            table.sheet_notes,
            table.notes,
        )
        seen += 1
    assert seen >= 10


class _Planted:
    """Unpickling this runs code: it writes a marker file."""

    def __init__(self, marker):
        self.marker = marker

    def __reduce__(self):
        return (open, (str(self.marker), "w"))


def test_a_planted_entry_never_runs_code(tmp_path):
    file, table = next((f, t) for f, t in _readings() if f.path == "kaltara-2024.csv")
    cache = ReadCache(tmp_path / "cache", "context")
    marker = tmp_path / "ran"
    cache.folder.mkdir()
    # a pickle planted where the entry of this very file goes, and where the old format put it
    for path in (cache.entry(file), cache.entry(file).with_suffix(".pickle")):
        path.write_bytes(pickle.dumps(_Planted(marker)))
    result, from_cache = cache.read(file, lambda: table)
    assert not marker.exists()  # the entry was refused, not run
    assert not from_cache and result is table  # the file was read afresh ...
    again, from_cache = cache.read(file, lambda: None)
    assert from_cache  # ... and its reading kept, as JSON
    assert again.records == table.records and again.rows == table.rows
    cache.prune()
    assert not cache.entry(file).with_suffix(".pickle").exists()  # old entries go


def test_the_cache_is_keyed_on_every_module_that_reads():
    """A change to any reading or parsing module, in a subpackage too (press extraction's
    rules), reads every file again."""
    from hibah.ingest.cache import code_files

    names = {p.relative_to(ROOT / "hibah").as_posix() for p in code_files()}
    assert {"ingest/tabular/header.py", "parse/amounts.py", "parse/press/stages.py"} <= names


@settings(max_examples=50, deadline=None)
@given(
    st.lists(
        st.one_of(st.none(), st.sampled_from(["KPU", "Bawaslu", "", " "]), st.text(max_size=8)),
        max_size=300,
    )
)
def test_a_registers_cells_come_back_from_an_entry_as_they_were_each_text_once(cells):
    # a column of a register's cells is kept as its distinct texts and each cell's place:
    # back, the cells are equal, and cells of one text are one string (as read)
    back = _cells(json.loads(json.dumps(_coded(cells))))
    assert back == cells
    assert all(type(cell) is str for cell in back if cell is not None)
    firsts: dict[str, str] = {}
    assert all(firsts.setdefault(cell, cell) is cell for cell in back if cell is not None)


def test_an_entry_whose_cells_name_texts_it_does_not_hold_is_refused():
    kept = _coded(["KPU", None, "Bawaslu"])
    for damaged in (
        kept | {"at": base64.b64encode(np.array([0, 2], "<i4").tobytes()).decode()},
        kept | {"at": base64.b64encode(np.array([-2], "<i4").tobytes()).decode()},
        kept | {"at": "not base64!"},
        kept | {"at": "AAA="},  # two bytes: no whole place
        kept | {"texts": None},
    ):
        with pytest.raises(ValueError):
            _cells(damaged)
