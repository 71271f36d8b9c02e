"""CSV out: a cell stays one cell on one line, and no line of the file can start a formula,
whatever the text of the articles holds (carriage returns, line feeds, formula signs)."""

import csv
import io
import json

import pandas as pd
import pytest

from geonews.tables.writers import csv_safe, write_csv

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
#: Cells an article can smuggle in: a formula after a bare CR, LF, CRLF, or other breaks.
HOSTILE = ["Orders\r=SUM(1+1)*cmd|calc", "Orders\n=1+1", "Orders\r\n+cmd|' /C calc'!A0",
           "a\r\r\n\n@SUM(A1)", "\r-2+3", "\n=1", "tab\t\n\t=1", "x\u2028=1", "v\x0b=1",
           "=already first", "plain Rafah", "رفح\r=1"]


def _physical_lines(data: bytes) -> list[bytes]:
    """Every line of the file as any reader may split it: at CR, LF and CRLF."""
    return data.replace(b"\r\n", b"\n").replace(b"\r", b"\n").split(b"\n")


def _assert_no_line_starts_a_formula(data: bytes) -> None:
    for line in _physical_lines(data):
        # A quoted field starts with '"': what follows the quote is what a spreadsheet sees.
        assert not line.lstrip(b'"').decode("utf-8").startswith(FORMULA_START), line
    for line in data.decode("utf-8").splitlines():  # str.splitlines: also U+2028, VT…
        assert not line.lstrip('"').startswith(FORMULA_START), line


@pytest.mark.parametrize("value", HOSTILE)
def test_a_cell_is_one_line_and_never_starts_a_formula(value):
    safe = csv_safe(value)
    assert safe.splitlines() == [safe], safe
    assert not safe.startswith(FORMULA_START)


def test_numbers_and_harmless_text_are_left_alone():
    assert csv_safe(-34.25) == -34.25 and csv_safe(3) == 3
    assert csv_safe("Khan Younis, south") == "Khan Younis, south"


def test_hostile_cells_and_headers_give_one_row_each_read_back_by_csv_and_pandas(tmp_path):
    rows = [{"title": v, "n": i, "lon": -34.25} for i, v in enumerate(HOSTILE)]
    out = tmp_path / "t.csv"
    write_csv(rows, out, columns=["title", "n", "lon", "=HYPERLINK(\"x\")"])
    data = out.read_bytes()
    _assert_no_line_starts_a_formula(data)
    assert b"\r" not in data and data.count(b"\n") == len(rows) + 1  # header and one per row
    back = list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))
    assert len(back) == len(rows) + 1 and {len(r) for r in back} == {4}
    assert back[0][3].startswith("'=")
    for row, value in zip(back[1:], HOSTILE):
        assert not row[0].startswith(FORMULA_START) and "\n" not in row[0]
        assert "".join(value.split()) in "".join(row[0].lstrip("'").split())  # text kept
    frame = pd.read_csv(out)
    assert len(frame) == len(rows) and frame.n.tolist() == list(range(len(rows)))
    assert (frame.lon == -34.25).all()  # numbers stay numbers


def test_every_csv_output_of_extract_is_safe(geonews_cli, tmp_path):
    article = {"id": "a1", "title": "Orders\r=SUM(1+1)*cmd|calc",
               "text": "On 3 May 2025 the army ordered residents of Rafah to evacuate to "
                       "Khan Younis.\r=1+1 they said."}
    (tmp_path / "a.json").write_text(json.dumps(article))
    run = geonews_cli("extract", "a.json", "-f", "csv", "-o", "a.csv")
    assert run.code == 0, run.err
    data = (tmp_path / "a.csv").read_bytes()
    _assert_no_line_starts_a_formula(data)
    frame = pd.read_csv(tmp_path / "a.csv")
    assert len(frame) >= 3 and frame.title.str.startswith("Orders").all()
    assert frame.article_id.eq("a1").all()


def test_overlay_csv_of_a_hostile_source_name_is_safe(geonews_cli, tmp_path):
    name = "Orders\r=SUM(1+1)*cmd|calc.txt"  # a file name is a source, and a cell
    (tmp_path / name).write_text("On 3 May 2025 the army ordered residents of Rafah to "
                                 "evacuate to Khan Younis.\n")
    run = geonews_cli("overlay", "union", name, "--by", "source", "-o", "u.csv")
    assert run.code == 0, run.err
    _assert_no_line_starts_a_formula((tmp_path / "u.csv").read_bytes())
    assert len(pd.read_csv(tmp_path / "u.csv")) == 1
    printed = geonews_cli("overlay", "union", name, "--by", "source", "-f", "csv")
    assert printed.code == 0, printed.err
    _assert_no_line_starts_a_formula(printed.out.encode())
    assert len(list(csv.DictReader(io.StringIO(printed.out, newline="")))) == 1
