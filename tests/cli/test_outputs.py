"""Every command that prints a table: a table on a terminal, CSV in a pipe (or the -f
format); files in the format their extension names, Excel included."""

import csv
import io
import json

import pytest
from openpyxl import load_workbook

from tests.cli.terminal import run_on_terminal
from tests.conftest import assert_clean_error

ARTICLE = ("On 2 December 2023 the army ordered residents of Bani Suhaila, Abasan and "
           "Khuza'a to leave for shelters in Rafah.\n")


@pytest.fixture
def article(tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE)
    return "a.txt"


@pytest.mark.parametrize("args", [("overlay", "union", "a.txt"),
                                  ("overlay", "breakdown", "a.txt", "--only-touched"),
                                  ("gazetteer", "info")])
def test_a_pipe_gets_csv_and_a_terminal_a_table(geonews_cli, tmp_path, article, args):
    piped = geonews_cli(*args)
    assert piped.code == 0, piped.err
    rows = list(csv.DictReader(io.StringIO(piped.out)))
    assert rows and "─" not in piped.out and "┃" not in piped.out
    shown = run_on_terminal(*args, cwd=tmp_path, columns=120)
    assert shown.code == 0, shown.err
    assert "━" in shown.out or "─" in shown.out
    assert not shown.out.startswith(",".join(rows[0]))


def test_tty_compatible_forces_a_table_as_rich_does(geonews_cli, article):
    run = geonews_cli("overlay", "union", "a.txt", env={"TTY_COMPATIBLE": "1"})
    assert run.code == 0 and "km²" in run.out and "━" in run.out


def test_an_explicit_format_wins_in_a_pipe(geonews_cli, article):
    run = geonews_cli("overlay", "union", "a.txt", "-f", "json")
    assert json.loads(run.out)[0]["zones"] == 3
    run = geonews_cli("overlay", "union", "a.txt", "-f", "table")
    assert "━" in run.out


def test_overlay_writes_every_table_as_an_excel_sheet(geonews_cli, tmp_path, article):
    run = geonews_cli("overlay", "union", "a.txt", "-o", "u.xlsx", "-f", "csv")
    assert run.code == 0, run.err
    book = load_workbook(tmp_path / "u.xlsx")
    assert book.sheetnames == ["union", "zones"]
    zones = list(book["zones"].iter_rows(values_only=True))
    header = zones[0]
    dates = {r[header.index("date")] for r in zones[1:]}
    assert dates == {__import__("datetime").datetime(2023, 12, 2)}
    assert all(r[header.index("wkt")].startswith(("POLYGON", "MULTIPOLYGON", "POINT"))
               for r in zones[1:])


def test_overlay_prints_xlsx_into_a_pipe(geonews_cli, tmp_path, article):
    import subprocess
    import sys

    proc = subprocess.run([sys.executable, "-m", "geonews", "overlay", "breakdown", "a.txt",
                           "-f", "xlsx"], cwd=tmp_path, capture_output=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    rows = list(load_workbook(io.BytesIO(proc.stdout)).worksheets[0].iter_rows(values_only=True))
    assert rows[0][:2] == ("group", "unit") and len(rows) == 6


def test_timeline_file_follows_its_extension(geonews_cli, tmp_path):
    run = geonews_cli("overlay", "timeline", "gazetteer:block-orders", "--until", "2023-12-10",
                      "-o", "days.xlsx", "-f", "csv")
    assert run.code == 0, run.err
    rows = list(load_workbook(tmp_path / "days.xlsx")["timeline"].iter_rows(values_only=True))
    assert rows[0][0] == "date" and rows[1][0].year == 2023
    assert_clean_error(geonews_cli("overlay", "timeline", "gazetteer:block-orders",
                                   "-o", "days.png"), "days.png", ".csv")
