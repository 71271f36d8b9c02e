"""``geonews geocode`` as an analyst sees it: a readable table on an 80-column terminal,
one format per file extension, Excel, and the Nominatim policy."""

import json
import re

from openpyxl import load_workbook

from tests.cli.terminal import run_on_terminal
from tests.conftest import assert_clean_error

NAMES = ["Ma'an", "Rafah", "Khan Younis", "Bani Suhaila", "Deir al-Balah Governorate",
         "Nuseirat refugee camp"]


def test_an_80_column_terminal_gets_whole_words_one_line_per_place(tmp_path):
    run = run_on_terminal("geocode", *NAMES, cwd=tmp_path, columns=80)
    assert run.code == 0, run.err
    lines = run.out.rstrip("\n").splitlines()
    assert all(len(line) <= 80 for line in lines), lines
    header = lines[0].split()
    assert header[:2] == ["query", "name"]
    # Headers are whole words ("country", not "countr" over "y").
    assert set(header) <= {"query", "name", "kind", "country", "admin1", "lat", "lon", "match",
                           "confidence", "alternatives"}
    rows = lines[1:1 + len(NAMES)]
    assert [r.split("  ")[0].strip() for r in rows][:3] == ["Ma'an", "Rafah", "Khan Younis"]
    assert "Deir al-Balah Gover…" in run.out  # a long name is cut, not wrapped
    assert "--wide" in lines[-1] or lines[-1].endswith("every column)")


def test_wide_shows_every_column(tmp_path):
    run = run_on_terminal("geocode", "Rafah", "--wide", cwd=tmp_path, columns=200)
    header = run.out.splitlines()[0].split()
    assert header == ["query", "name", "kind", "country", "admin1", "lat", "lon", "match",
                      "confidence", "alternatives"]


def test_alternatives_name_a_place_once(tmp_path):
    run = run_on_terminal("geocode", "Ma'an", "--wide", cwd=tmp_path, columns=250)
    row = run.out.splitlines()[1]
    alternatives = row.split("exact")[-1].split(maxsplit=1)[1].strip()
    labels = [a.strip() for a in alternatives.split(";")]
    assert len(labels) == len(set(labels)), labels
    names = [re.sub(r" \(.*", "", a) + a[a.index("(") + 1:a.index("(") + 3] for a in labels]
    assert len(names) == len(set(names)), labels  # one entry per name and country


def test_the_file_format_follows_the_extension(geonews_cli, tmp_path):
    run = geonews_cli("geocode", "Rafah", "=1+1", "-o", "places.xlsx")
    assert run.code == 0, run.err
    ws = load_workbook(tmp_path / "places.xlsx").worksheets[0]
    rows = list(ws.iter_rows())
    assert rows[0][0].value == "query" and rows[1][0].value == "Rafah"
    assert (rows[2][0].value, rows[2][0].data_type) == ("=1+1", "s")
    run = geonews_cli("geocode", "Rafah", "-o", "places.json")
    assert json.loads((tmp_path / "places.json").read_text())[0]["country"] == "PS"
    assert_clean_error(geonews_cli("geocode", "Rafah", "-f", "json", "-o", "p.csv"),
                       "-f json contradicts p.csv")
    assert_clean_error(geonews_cli("geocode", "Rafah", "-o", "p.txt"), "p.txt", ".csv")
    assert_clean_error(geonews_cli("geocode", "Rafah", "-f", "table", "-o", "p.csv"),
                       "-f table prints to the terminal")
    assert not any(tmp_path.glob("p.*"))


def test_online_without_a_user_agent_warns_once(geonews_cli):
    # The names are in the gazetteer: nothing is sent to the (closed) server.
    args = ("geocode", "Rafah", "Khan Younis", "--online", "--nominatim-url",
            "http://127.0.0.1:9", "-f", "json")
    env = {"GEONEWS_USER_AGENT": ""}
    run = geonews_cli(*args, env=env)
    assert run.code == 0, run.err
    assert run.err.count("usage policy") == 1 and "--user-agent" in run.err
    run = geonews_cli(*args, "--user-agent", "newsroom-test (desk@example.org)", env=env)
    assert "usage policy" not in run.err
