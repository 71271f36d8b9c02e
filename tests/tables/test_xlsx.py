"""Excel workbooks: untrusted text stays text, numbers stay numbers, dates are dates."""

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from geonews.errors import OutputError
from geonews.tables.xlsx import workbook_bytes, write_xlsx


def _cells(path_or_bytes, sheet=None):
    book = load_workbook(io.BytesIO(path_or_bytes) if isinstance(path_or_bytes, bytes)
                         else path_or_bytes)
    ws = book[sheet] if sheet else book.worksheets[0]
    return [[c for c in row] for row in ws.iter_rows()]


def test_a_formula_in_a_cell_is_stored_as_text(tmp_path):
    rows = [{"name": "=1+1", "note": "@SUM(A1)", "n": -3, "x": 2.5},
            {"name": "+cmd|' /C calc'!A0", "note": "-2", "n": 0, "x": None}]
    write_xlsx(rows, tmp_path / "t.xlsx", ["name", "note", "n", "x"])
    header, first, second = _cells(tmp_path / "t.xlsx")
    assert [c.value for c in header] == ["name", "note", "n", "x"]
    assert (first[0].value, first[0].data_type) == ("=1+1", "s")
    assert (first[1].value, first[1].data_type) == ("@SUM(A1)", "s")
    assert (second[0].data_type, second[1].value, second[1].data_type) == ("s", "-2", "s")
    assert (first[2].value, first[2].data_type, first[3].value) == (-3, "n", 2.5)
    import zipfile

    sheet = zipfile.ZipFile(tmp_path / "t.xlsx").read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet  # no formula element anywhere


def test_dates_in_date_columns_become_dates_and_times():
    data = workbook_bytes({"t": ([{"date": "2023-12-02", "order_date": "2023-12-02T07:22:00Z",
                                   "text": "2023-12-02", "dates": "2023-12-02/2023-12-05"}],
                                 ["date", "order_date", "text", "dates"])})
    _, row = _cells(data)
    assert row[0].value == dt.datetime(2023, 12, 2) and row[0].is_date
    assert row[0].number_format == "yyyy-mm-dd"
    assert row[1].value == dt.datetime(2023, 12, 2, 7, 22) and row[1].is_date
    # Outside a date column, and for a span, the text is kept as written.
    assert (row[2].value, row[2].data_type) == ("2023-12-02", "s")
    assert row[3].value == "2023-12-02/2023-12-05"


def test_control_characters_and_huge_cells_do_not_break_the_workbook():
    data = workbook_bytes({"t": ([{"a": "bell\x07 and nul\x00", "b": "x" * 40_000}], ["a", "b"])})
    _, row = _cells(data)
    assert row[0].value == "bell  and nul " and len(row[1].value) == 32_767


def test_xlsx_is_not_written_to_a_terminal(monkeypatch):
    monkeypatch.setattr("sys.stdout.isatty", lambda: True)
    with pytest.raises(OutputError, match="binary"):
        write_xlsx([{"a": 1}], None)
