"""``overlay compare/breakdown`` per unit: zones that share a unit's border, slivers,
and only the units the zones touch."""

import csv
import json

import geopandas as gpd
from shapely.geometry import box

from geonews.zones.units import units

ARTICLE = ("On 2 December 2023 the army ordered residents of Bani Suhaila, Abasan and "
           "Khuza'a to leave for shelters in Rafah.\n")


def _layer(path, geoms):
    gpd.GeoDataFrame({"name": [f"z{i}" for i in range(len(geoms))]}, geometry=geoms,
                     crs=4326).to_file(path)


def _square_inside(geom, half=0.002):
    p = geom.representative_point()
    return box(p.x - half, p.y - half, p.x + half, p.y + half)


def test_compare_per_unit_when_a_zone_runs_along_a_units_border(geonews_cli, tmp_path):
    # A holds a whole unit (Jabalia, North Gaza) and a square inside its neighbour: A's
    # part of the neighbour is the square plus the shared border line, and B is far away.
    for level, unit, neighbour in (
            ("municipality", "osm:relation/10521481", "osm:relation/10521507"),
            ("governorate", "ps:gov:PS0255", "ps:gov:PS0260")):
        table = units(level).set_index("unit_id")
        _layer(tmp_path / "news.geojson", [table.geometry[neighbour],
                                           _square_inside(table.geometry[unit])])
        _layer(tmp_path / "reference.geojson", [box(34.24, 31.28, 34.26, 31.30)])  # Rafah
        run = geonews_cli("overlay", "compare", "-a", "news.geojson", "-b",
                          "reference.geojson", "--level", level, "-f", "json")
        assert run.code == 0, run.err
        rows = {r["unit"]: r for r in json.loads(run.out)}
        part = rows[table.unit[unit]]
        assert 0.1 < part["area_a_km2"] < 0.3 and part["area_b_km2"] == 0
        assert part["both_km2"] == 0 and part["iou"] == 0


def test_compare_by_block_lists_only_the_blocks_a_or_b_touch(geonews_cli, tmp_path):
    blocks = units("block").set_index("block")
    _layer(tmp_path / "a.geojson", [blocks.geometry[64], blocks.geometry[65]])
    _layer(tmp_path / "b.geojson", [blocks.geometry[65], blocks.geometry[66]])
    run = geonews_cli("overlay", "compare", "-a", "a.geojson", "-b", "b.geojson",
                      "--level", "block", "-f", "json")
    assert run.code == 0, run.err
    rows = json.loads(run.out)
    assert [r["unit"] for r in rows] == ["all", "Block 64", "Block 65", "Block 66"]
    assert rows[2]["iou"] == 1.0
    run = geonews_cli("overlay", "compare", "-a", "a.geojson", "-b", "b.geojson",
                      "--level", "block", "-f", "table")
    assert run.code == 0, run.err
    assert f"{len(blocks) - 3:,} block units that neither A nor B touches" in run.out


def test_breakdown_only_touched_applies_to_the_file_and_ignores_slivers(geonews_cli,
                                                                      tmp_path):
    # A whole governorate under orders touches its neighbours along the border only.
    govs = units("governorate").set_index("unit_id")
    _layer(tmp_path / "ky.geojson", [govs.geometry["ps:gov:PS0270"]])  # Khan Younis
    run = geonews_cli("overlay", "breakdown", "ky.geojson", "--only-touched",
                      "-o", "b.csv", "-f", "json")
    assert run.code == 0, run.err
    assert [r["unit"] for r in json.loads(run.out)] == ["Khan Younis Governorate"]
    rows = list(csv.DictReader((tmp_path / "b.csv").open()))
    assert [r["unit"] for r in rows] == ["Khan Younis Governorate"]
    run = geonews_cli("overlay", "breakdown", "ky.geojson", "-o", "all.csv", "-f", "json")
    assert len(list(csv.DictReader((tmp_path / "all.csv").open()))) == 5
