"""Zone tables written for QGIS read back with geopandas, attributes intact."""

import json

import geopandas as gpd
import pandas as pd
import pytest

from geonews.errors import OutputError
from geonews.tables.layers import write_layers
from geonews.zones.layers import read_zones
from geonews.zones.measure import union

ARTICLE = ("On 18 March 2025 the army ordered residents of Bani Suhaila and blocks 64 and 112 "
           "to evacuate to al-Mawasi. Other shelters: =cmd|' /C calc'!A0")


@pytest.fixture(scope="module")
def zones():
    return read_zones([ARTICLE])


def test_geopackage_holds_every_table_as_a_named_layer(zones, tmp_path):
    out = write_layers({"union": union(zones), "zones": zones}, tmp_path / "o.gpkg")
    import pyogrio

    assert [n for n, _ in pyogrio.list_layers(out)] == ["union", "zones"]
    back = gpd.read_file(out, layer="zones")
    assert back.crs.to_epsg() == 4326
    assert set(back.role) == {"affected", "destination"}
    assert sorted(back.block.dropna().astype(int)) == [64, 112]
    assert set(back.date.dt.strftime("%Y-%m-%d")) == {"2025-03-18"}
    assert {"Bani Suheila", "Block 64"} <= set(back.name)
    assert set(back.kind) >= {"block", "town"}
    assert back.source.notna().all()
    assert back.geometry.geom_equals(zones.geometry).all()


def test_geojson_is_rfc7946(zones, tmp_path):
    out = write_layers({"zones": zones}, tmp_path / "o.geojson")
    fc = json.loads(out.read_text())
    assert fc["type"] == "FeatureCollection" and "crs" not in fc
    assert {f["properties"]["role"] for f in fc["features"]} == {"affected", "destination"}
    back = gpd.read_file(out)
    assert len(back) == len(zones)


def test_csv_has_wkt_geometry_and_no_live_formulas(zones, tmp_path):
    table = zones.assign(sentence=["=cmd|' /C calc'!A0"] * len(zones))
    out = write_layers({"zones": table}, tmp_path / "o.csv")
    back = pd.read_csv(out)
    assert back.wkt.str.startswith(("POLYGON", "MULTIPOLYGON", "POINT")).all()
    assert back.sentence.str.startswith("'=").all()
    geoms = gpd.GeoSeries.from_wkt(back.wkt)
    assert geoms.is_valid.all()


def test_outputs_are_never_inputs_and_unknown_formats_refused(zones, tmp_path):
    with pytest.raises(OutputError, match="refusing to overwrite an input"):
        write_layers({"z": zones}, tmp_path / "in.gpkg", inputs=[tmp_path / "in.gpkg"])
    with pytest.raises(OutputError, match="unknown output format"):
        write_layers({"z": zones}, tmp_path / "o.txt")


def test_a_failed_write_leaves_no_file_behind(zones, tmp_path):
    with pytest.raises(OutputError):
        write_layers({"z": zones}, tmp_path / "missing-dir" / "o.gpkg")
    assert list(tmp_path.iterdir()) == []


def _field_types(gpkg, layer):
    import sqlite3

    with sqlite3.connect(gpkg) as db:
        sql = db.execute("SELECT sql FROM sqlite_master WHERE name = ?", (layer,)).fetchone()[0]
        kind = db.execute("SELECT geometry_type_name FROM gpkg_geometry_columns "
                          "WHERE table_name = ?", (layer,)).fetchone()[0]
    return sql, kind


def test_geopackage_layers_have_one_geometry_type_and_real_dates(tmp_path):
    from shapely.geometry import Point, box

    table = gpd.GeoDataFrame(
        {"name": ["area", "spot", "area 2"], "date": ["2024-05-06", "2024-05-07", None],
         "role": ["affected"] * 3},
        geometry=[box(34.30, 31.30, 34.31, 31.31), Point(34.25, 31.28),
                  box(34.32, 31.30, 34.33, 31.31).union(box(34.34, 31.30, 34.35, 31.31))],
        crs=4326)
    stamped = table.assign(date=["2024-05-06T07:22:00Z", "2024-05-07T00:00:00+03:00", None])
    out = write_layers({"zones": table, "log": stamped}, tmp_path / "o.gpkg")
    import pyogrio

    assert [n for n, _ in pyogrio.list_layers(out)] == ["zones", "zones_points", "log",
                                                       "log_points"]
    sql, kind = _field_types(out, "zones")
    assert kind == "MULTIPOLYGON" and '"date" DATE' in sql
    assert _field_types(out, "zones_points")[1] == "MULTIPOINT"
    assert '"date" DATETIME' in _field_types(out, "log")[0]
    back = gpd.read_file(out, layer="log_points")
    assert back.date.iloc[0] == pd.Timestamp("2024-05-06T21:00:00Z")
    # A date column holding anything but dates stays text.
    out = write_layers({"z": table.assign(date=["2024-05-06", "soon", None])},
                       tmp_path / "t.gpkg")
    assert '"date" TEXT' in _field_types(out, "z")[0]
