"""``geonews extract``: articles in, the JSON contract (or GeoJSON / CSV) out."""

import csv
import json

from tests.conftest import assert_clean_error

ARTICLE = ("Orders for Khan Younis\n\nThe army told residents of Bani Suhaila and Abasan to leave "
           "for shelters in Rafah.\n")


def test_one_text_file_gives_one_json_object(geonews_cli, tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE)
    run = geonews_cli("extract", "a.txt")
    assert run.code == 0, run.err
    data = json.loads(run.out)
    assert data["title"] == "Orders for Khan Younis"
    (d,) = data["directives"]
    assert [p["name"] for p in d["affected"]] == ["Bani Suheila", "Abasan al-Kabira"]
    assert [p["name"] for p in d["destinations"]] == ["Rafah"]


def test_several_files_give_a_list_or_jsonl(geonews_cli, tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE)
    (tmp_path / "b.jsonl").write_text(json.dumps({"id": "b1", "text": ARTICLE}) + "\n"
                                      + json.dumps({"id": "b2", "text": "Nothing here."}) + "\n")
    run = geonews_cli("extract", "a.txt", "b.jsonl")
    assert [d["id"] for d in json.loads(run.out)] == ["a", "b1", "b2"]
    assert "b.jsonl:2: no places found" in run.err
    run = geonews_cli("extract", "a.txt", "b.jsonl", "-f", "jsonl")
    assert [json.loads(line)["id"] for line in run.out.splitlines()] == ["a", "b1", "b2"]


def test_stdin_geojson_and_csv(geonews_cli, tmp_path):
    run = geonews_cli("extract", "-", "-f", "geojson", stdin=ARTICLE)
    fc = json.loads(run.out)
    roles = {f["properties"]["role"] for f in fc["features"]}
    assert {"affected", "destination", "mention"} <= roles
    assert all(f["properties"]["sentence"] for f in fc["features"]
               if f["properties"]["role"] != "mention")
    run = geonews_cli("extract", "-", "-f", "csv", "-o", "out.csv", stdin=ARTICLE)
    assert run.code == 0
    rows = list(csv.DictReader((tmp_path / "out.csv").open()))
    assert {"affected", "destination", "mention"} <= {r["role"] for r in rows}


def test_an_article_without_directive_warns_but_succeeds(geonews_cli, tmp_path):
    (tmp_path / "n.txt").write_text("Strikes hit Rafah and Khan Younis overnight.\n")
    run = geonews_cli("extract", "n.txt")
    assert run.code == 0 and json.loads(run.out)["directives"] == []
    assert "no evacuation directive found" in run.err


def test_bad_inputs(geonews_cli, tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    assert_clean_error(geonews_cli("extract", "empty.txt"), "empty")
    (tmp_path / "bin.txt").write_bytes(b"\x00\xff" * 1000)
    assert_clean_error(geonews_cli("extract", "bin.txt"), "binary")
    (tmp_path / "bad.json").write_text("{")
    assert_clean_error(geonews_cli("extract", "bad.json"), "not valid JSON")
    assert_clean_error(geonews_cli("extract", "missing.txt"), "no such file")
    (tmp_path / "a.txt").write_text(ARTICLE)
    assert_clean_error(geonews_cli("extract", "a.txt", "-o", "a.txt"), "overwrite an input")
    assert (tmp_path / "a.txt").read_text() == ARTICLE


def test_html_input(geonews_cli, tmp_path):
    body = " ".join(["The army told residents of Bani Suhaila to leave for Rafah."] * 3)
    (tmp_path / "p.html").write_text(f"<html><head><title>Orders</title></head><body><nav>"
                                     f"Home | Madrid</nav><article><p>{body}</p></article>"
                                     f"</body></html>")
    run = geonews_cli("extract", "p.html")
    assert run.code == 0, run.err
    assert json.loads(run.out)["directives"][0]["destinations"][0]["name"] == "Rafah"


def test_the_output_format_follows_the_extension(geonews_cli, tmp_path):
    import csv as _csv

    from openpyxl import load_workbook

    (tmp_path / "a.txt").write_text(ARTICLE)
    assert geonews_cli("extract", "a.txt", "-o", "x.csv").code == 0
    rows = list(_csv.DictReader((tmp_path / "x.csv").open()))
    assert {"affected", "destination"} <= {r["role"] for r in rows}
    assert geonews_cli("extract", "a.txt", "-o", "x.geojson").code == 0
    assert json.loads((tmp_path / "x.geojson").read_text())["type"] == "FeatureCollection"
    assert geonews_cli("extract", "a.txt", "-o", "x.xlsx").code == 0
    sheet = load_workbook(tmp_path / "x.xlsx")["extract"]
    assert next(sheet.iter_rows(values_only=True))[:2] == ("source", "article_id")
    assert geonews_cli("extract", "a.txt", "-o", "x.json", "-f", "geojson").code == 0
    assert_clean_error(geonews_cli("extract", "a.txt", "-o", "y.csv", "-f", "json"),
                       "-f json contradicts y.csv")
    assert_clean_error(geonews_cli("extract", "a.txt", "-o", "y.png"), "y.png")
    assert not list(tmp_path.glob("y.*"))


def test_map_writes_only_html(geonews_cli, tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE)
    assert_clean_error(geonews_cli("map", "a.txt", "-o", "out.png"), "out.png", ".html")
    assert not (tmp_path / "out.png").exists()
