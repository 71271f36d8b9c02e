"""Hostile text: script in every field that reaches a page, tricks in paths and ids,
formulas in every CSV export."""

import csv
import io
import json
import os
from pathlib import Path

import geopandas as gpd
import pytest
from shapely.geometry import box

from geonews.maps import map_articles, map_zones, save_map
from tests.conftest import assert_clean_error
from tests.maps.test_browser import CHROMIUM, rendered_dom

PAYLOADS = ["<script>document.body.setAttribute('data-pwned','s')</script>",
            "<img src=x onerror=\"document.body.setAttribute('data-pwned','i')\">",
            "${document.body.setAttribute('data-pwned','t')}",
            "`;document.body.setAttribute('data-pwned','b');`",
            "</div><svg onload=\"document.body.setAttribute('data-pwned','v')\">",
            "\\u003cscript\\u003edocument.body.setAttribute('data-pwned','u')\\u003c/script\\u003e"]
HOSTILE = " ".join(PAYLOADS)


def assert_inert(dom: str) -> None:
    body_tag = dom.split("<body", 1)[1].split(">", 1)[0]
    assert "data-pwned" not in body_tag, body_tag
    assert '<img src="x"' not in dom and "<svg onload" not in dom
    assert "leaflet-container" in dom  # the page did run: the test is not vacuous


@pytest.fixture
def imported_region(tmp_path, monkeypatch):
    """A user region whose place names and Arabic names are script."""
    from geonews.places.gazetteer import Gazetteer
    from geonews.places.importers import import_layer

    monkeypatch.setenv("GEONEWS_HOME", str(tmp_path / "home"))
    layer = gpd.GeoDataFrame(
        {"name": ["Qaryat Zarqa"], "alt": [f"Zarqa Village;{PAYLOADS[1]}"],
         "name_ar": [PAYLOADS[0]]},
        geometry=[box(35.30, 33.20, 35.32, 33.22)], crs=4326)
    layer.to_file(tmp_path / "region.geojson")
    import_layer(tmp_path / "region.geojson", region="test-hostile", name_field="name",
                 alt_names_field="alt", name_ar_field="name_ar", kind="village", country="LB")
    Gazetteer.reset_default()
    yield
    Gazetteer.reset_default()


@pytest.mark.skipif(CHROMIUM is None, reason="needs chromium")
def test_imported_names_file_names_and_titles_run_no_script(tmp_path, imported_region):
    name = "<img src=x onerror=alert(1)>.txt"
    article = tmp_path / name
    article.write_text(f"{PAYLOADS[2]}\n\nResidents of Qaryat Zarqa {PAYLOADS[3]} were told "
                       f"to leave for Tyre. {PAYLOADS[4]}\n")
    m = map_articles([article], tiles=False, title=HOSTILE)
    page = tmp_path / "hostile.html"
    save_map(m, page, self_contained=True)
    html = page.read_text()
    assert "Qaryat Zarqa" in html  # the imported place is on the map, its names escaped
    assert_inert(rendered_dom(page, tmp_path))


@pytest.mark.skipif(CHROMIUM is None, reason="needs chromium")
def test_zone_layer_attributes_run_no_script(tmp_path):
    from geonews.zones.layers import read_zones

    layer = gpd.GeoDataFrame(
        {"name": [PAYLOADS[0], PAYLOADS[1]], "description": [PAYLOADS[4], PAYLOADS[5]],
         "source": [PAYLOADS[2], PAYLOADS[3]], "date": ["2025-03-01", "2025-03-02"]},
        geometry=[box(34.30, 31.30, 34.32, 31.32), box(34.33, 31.33, 34.35, 31.35)], crs=4326)
    layer.to_file(tmp_path / "evil'<b>.geojson")
    zones = read_zones([tmp_path / "evil'<b>.geojson"])
    page = tmp_path / "zones.html"
    save_map(map_zones(zones, tiles=False, title=HOSTILE), page, self_contained=True)
    assert_inert(rendered_dom(page, tmp_path))


def test_article_ids_cannot_steer_batch_output_paths(geonews_cli, tmp_path):
    ids = ["../../escape", "/etc/passwd", "a\u0000b", "..", "CON", "x" * 5000, "ok"]
    (tmp_path / "c.jsonl").write_text("".join(
        json.dumps({"id": i, "text": "Residents of Rafah were told to leave."}) + "\n"
        for i in ids))
    before = set(Path(tmp_path.parent).iterdir())
    run = geonews_cli("batch", "c.jsonl", "-o", "out", "-q")
    assert run.code == 0, run.err
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "errors.jsonl", "extractions.jsonl", "zones.parquet"]
    assert set(Path(tmp_path.parent).iterdir()) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c.jsonl", "out"]
    got = [json.loads(line)["id"] for line in (tmp_path / "out/extractions.jsonl").open()]
    assert sorted(got) == sorted(ids)


def test_an_output_reached_through_a_symlink_to_an_input_is_refused(geonews_cli, tmp_path):
    (tmp_path / "a.txt").write_text("Residents of Abasan were told to leave.\n")
    os.symlink(tmp_path / "a.txt", tmp_path / "link.json")
    run = geonews_cli("extract", "a.txt", "-o", "link.json")
    assert_clean_error(run, "refusing to overwrite an input")
    assert (tmp_path / "a.txt").read_text().startswith("Residents")
    assert_clean_error(geonews_cli("extract", "a.txt", "-o", "."), "is a directory")


FORMULAS = ["=cmd|' /C calc'!A0", "+SUM(A1:A9)", "-2+3+cmd|' /C calc'!A0", "@SUM(1)",
            "\t=1+1", "=HYPERLINK(\"http://x\")"]


def _cells(text: str) -> list[str]:
    return [c for row in csv.reader(io.StringIO(text)) for c in row]


def _assert_no_live_formula(cells: list[str]) -> None:
    for c in cells:
        if c[:1] in ("=", "+", "-", "@", "\t", "\r"):
            float(c)  # only numbers may start like a formula


def test_no_csv_export_carries_a_live_formula(geonews_cli, tmp_path):
    text = (f"{FORMULAS[0]}\n\nResidents of Abasan ({FORMULAS[1]}) were told to leave for "
            f"Rafah {FORMULAS[2]}.\n")
    (tmp_path / "a.txt").write_text(text)
    run = geonews_cli("extract", "a.txt", "-f", "csv")
    assert run.code == 0 and "Abasan" in run.out
    _assert_no_live_formula(_cells(run.out))

    (tmp_path / "names.csv").write_text("name,note,other\n" + "".join(
        f"Rafah,\"{f}\",{f.replace(',', ' ')}\n" for f in FORMULAS))
    run = geonews_cli("geocode", "-i", "names.csv", "-f", "csv")
    assert run.code == 0 and "Rafah" in run.out
    _assert_no_live_formula(_cells(run.out))

    layer = gpd.GeoDataFrame({"name": FORMULAS, "source": FORMULAS,
                              "date": ["2025-01-0%d" % (i + 1)
                                                         for i in range(len(FORMULAS))]},
                             geometry=[box(34.30 + i / 100, 31.3, 34.305 + i / 100, 31.305)
                                       for i in range(len(FORMULAS))], crs=4326)
    layer.to_file(tmp_path / "f.geojson")
    for args in (["overlay", "union", "f.geojson", "--by", "source", "-f", "csv"],
                 ["overlay", "breakdown", "f.geojson", "-f", "csv"]):
        run = geonews_cli(*args)
        assert run.code == 0, run.err
        _assert_no_live_formula(_cells(run.out))
    for args, out in ((["overlay", "union", "f.geojson", "--by", "source", "-o", "u.csv"],
                       "u.csv"),
                      (["overlay", "timeline", "f.geojson", "-o", "t.csv"], "t.csv")):
        assert geonews_cli(*args).code == 0
        cells = _cells((tmp_path / out).read_text())
        _assert_no_live_formula(cells)
    # The formulas did reach the file, as text.
    assert "'=cmd|' /C calc'!A0" in _cells((tmp_path / "u.csv").read_text())
