"""``geonews overlay``: union, breakdown, compare, timeline from the command line."""

import csv
import json
from pathlib import Path

import geopandas as gpd
import pytest
from shapely.geometry import Point, box

from tests.conftest import SHARED, assert_clean_error

REFERENCE = SHARED / "data/reference/ocha_evacuation_orders_2025_by_block.csv"
SEED = next((SHARED / "seeds").glob("*"), None)
ARTICLE = ("On 2 December 2023 the army ordered residents of Bani Suhaila, Abasan and "
           "Khuza'a to leave for shelters in Rafah.\n")


def test_union_of_an_article_prints_area_and_share_and_exports(geonews_cli, tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE)
    run = geonews_cli("overlay", "union", "a.txt", "-f", "json", "-o", "u.gpkg",
                      "--png", "u.png")
    assert run.code == 0, run.err
    (row,) = json.loads(run.out)
    assert 20 < row["area_km2"] < 35 and row["zones"] == 3
    assert row["share"] == pytest.approx(row["area_km2"] / 365, rel=0.01)
    zones = gpd.read_file(tmp_path / "u.gpkg", layer="zones")
    assert zones[zones.role == "affected"].name.tolist() == [
        "Bani Suheila", "Abasan al-Kabira", "Khuza'a"]
    assert zones[zones.role == "destination"].name.tolist() == ["Rafah"]
    assert (tmp_path / "u.png").stat().st_size > 10_000


def test_breakdown_by_governorate_as_csv(geonews_cli, tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE)
    run = geonews_cli("overlay", "breakdown", "a.txt", "--level", "governorate", "-f", "csv")
    assert run.code == 0, run.err
    rows = {r["unit"]: r for r in csv.DictReader(run.out.splitlines())}
    assert len(rows) == 5
    ky = rows["Khan Younis Governorate"]
    assert 0.2 < float(ky["share"]) < 0.5 and float(ky["population_estimate"]) > 50_000
    assert float(rows["North Gaza Governorate"]["area_km2"]) == 0


@pytest.mark.skipif(not REFERENCE.exists(), reason="needs ../shared/data/reference")
def test_timeline_of_the_ocha_reference_log(geonews_cli, tmp_path):
    run = geonews_cli("overlay", "timeline", str(REFERENCE), "-o", "t.csv", "--chart", "t.svg",
                      "--map", "t.html", "--self-contained")
    assert run.code == 0, run.err
    rows = list(csv.DictReader((tmp_path / "t.csv").open()))
    assert rows[0]["date"] == "2025-01-01" and rows[-1]["date"] == "2025-09-13"
    areas = [float(r["area_km2"]) for r in rows]
    assert areas == sorted(areas)
    # By September 2025 OCHA counted most of the Strip under orders.
    assert 0.7 < float(rows[-1]["share"]) < 0.95
    html = (tmp_path / "t.html").read_text()
    assert "geonews-timeline" in html and "2025-09-13" in html


@pytest.mark.skipif(not REFERENCE.exists(), reason="needs ../shared/data/reference")
def test_compare_shipped_orders_with_the_reference(geonews_cli, tmp_path):
    (tmp_path / "ref2025.csv").write_text(
        "".join(line for line in REFERENCE.read_text().splitlines(True)[:200]))
    run = geonews_cli("overlay", "compare", "-a", str(REFERENCE), "-b", "ref2025.csv",
                      "--level", "governorate", "-f", "json", "-o", "c.gpkg")
    assert run.code == 0, run.err
    rows = json.loads(run.out)
    whole = rows[0]
    assert whole["unit"] == "all" and whole["only_b_km2"] == pytest.approx(0, abs=0.01)
    assert 0 < whole["iou"] < 1
    assert {r["unit"] for r in rows[1:]} >= {"Rafah Governorate", "Gaza Governorate"}
    assert [n for n, _ in __import__("pyogrio").list_layers(tmp_path / "c.gpkg")] == [
        "compare", "a", "b"]


def _bad_layers(tmp: Path) -> dict[str, str]:
    (tmp / "notgeo.geojson").write_text("hello, this is not a map\n")
    (tmp / "empty.gpkg").write_bytes(b"")
    gpd.GeoDataFrame({"n": ["a", "b"]}, geometry=[box(34.3, 31.3, 34.31, 31.31),
                                                   Point(34.3, 31.3)], crs=4326
                     ).to_file(tmp / "mixed.geojson")
    gpd.GeoDataFrame({"n": ["a"]}, geometry=[box(34.3, 31.3, 34.31, 31.31)], crs=4326
                     ).to_file(tmp / "ok.gpkg")
    (tmp / "corrupt.gpkg").write_bytes((tmp / "ok.gpkg").read_bytes()[:3000])
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        gpd.GeoDataFrame({"n": ["a"]}, geometry=[box(0, 0, 1, 1)]).to_file(tmp / "nocrs.shp")
    (tmp / "nogeom.csv").write_text("name,date\nRafah,2025-01-01\n")
    return {"notgeo.geojson": "cannot be read", "empty.gpkg": "empty file",
            "mixed.geojson": "mixed geometry types", "corrupt.gpkg": "corrupt.gpkg",
            "nocrs.shp": "no CRS", "nogeom.csv": "no geometry column",
            "missing.gpkg": "no such file"}


@pytest.mark.parametrize("command", ["union", "breakdown"])
def test_bad_layers_exit_2_with_one_line_and_no_output(geonews_cli, tmp_path, command):
    for name, fragment in _bad_layers(tmp_path).items():
        run = geonews_cli("overlay", command, name, "-o", "out.gpkg", "--png", "out.png")
        assert_clean_error(run, name, fragment)
        assert not (tmp_path / "out.gpkg").exists() and not (tmp_path / "out.png").exists()
        assert not list(tmp_path.glob(".out*")), "no temporary file left behind"


def test_an_output_that_is_an_input_is_refused(geonews_cli, tmp_path):
    gpd.GeoDataFrame({"n": ["a"]}, geometry=[box(34.3, 31.3, 34.31, 31.31)], crs=4326
                     ).to_file(tmp_path / "z.gpkg")
    before = (tmp_path / "z.gpkg").read_bytes()
    run = geonews_cli("overlay", "union", "z.gpkg", "-o", "z.gpkg")
    assert_clean_error(run, "refusing to overwrite an input")
    assert (tmp_path / "z.gpkg").read_bytes() == before


@pytest.mark.skipif(SEED is None, reason="needs ../shared/seeds")
def test_the_seed_article_overlay(geonews_cli, tmp_path):
    run = geonews_cli("overlay", "breakdown", str(SEED), "--level", "municipality",
                      "--only-touched", "-f", "json")
    assert run.code == 0, run.err
    units = {r["unit"] for r in json.loads(run.out)}
    assert {"Khan Yunis", "al-Qarara", "Bani Suheila", "Khuza'a", "Abasan al-Kabira"} <= units
    assert "Rafah" not in units  # a destination, not an area under orders


@pytest.mark.skipif(not REFERENCE.exists(), reason="needs ../shared/data/reference")
def test_compare_the_shipped_orders_with_ocha_over_the_same_months(geonews_cli):
    run = geonews_cli("overlay", "compare", "-a", "gazetteer:block-orders", "-b", str(REFERENCE),
                      "--since", "2025-01-01", "--until", "2025-09-13", "-f", "json")
    assert run.code == 0, run.err
    whole = json.loads(run.out)[0]
    # Two independent records of the same orders: what the shipped (gazamaps) log holds
    # for 2025, OCHA recorded too; OCHA's log is the fuller of the two.
    assert whole["both_km2"] / whole["area_a_km2"] > 0.85
    assert whole["area_b_km2"] > whole["area_a_km2"] and 0.3 < whole["iou"] < 0.9
    run = geonews_cli("overlay", "union", "gazetteer:block-orders", "--since", "2025-13-01")
    assert_clean_error(run, "--since", "not a date")


def test_kml_layers_are_read(geonews_cli, tmp_path):
    gpd.GeoDataFrame({"name": ["sq"], "date": ["2025-02-01"]},
                     geometry=[box(34.3, 31.3, 34.32, 31.32)], crs=4326).to_file(
        tmp_path / "sq.kml", driver="KML")
    run = geonews_cli("overlay", "union", "sq.kml", "-f", "json")
    assert run.code == 0, run.err
    assert json.loads(run.out)[0]["dates"] == "2025-02-01"


def test_timeline_of_the_shipped_block_orders_is_by_day(geonews_cli, tmp_path):
    # The shipped records carry times ("2023-12-02T07:22:00Z"): zones are dated by day.
    run = geonews_cli("overlay", "timeline", "gazetteer:block-orders", "-o", "days.csv",
                      "--until", "2024-01-31")
    assert run.code == 0, run.err
    rows = list(csv.DictReader((tmp_path / "days.csv").open()))
    assert all(len(r["date"]) == 10 for r in rows)
    days = [r["date"] for r in rows]
    assert days == sorted(set(days)) and days[-1] <= "2024-01-31"
    run = geonews_cli("overlay", "union", "gazetteer:block-orders", "--by", "date",
                      "--until", "2024-01-31", "-f", "json")
    assert run.code == 0, run.err
    groups = [r["group"] for r in json.loads(run.out)]
    assert groups == sorted(set(groups)) and all(len(g) == 10 for g in groups)
