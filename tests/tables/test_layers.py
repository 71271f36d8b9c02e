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
    assert set(back.date) == {"2025-03-18"}
    assert {"Bani Suheila", "Block 64"} <= set(back.name)
    assert set(back.kind) >= {"block", "town"}
    assert back.source.notna().all()
    assert back.geometry.geom_equals_exact(zones.geometry, tolerance=1e-9).all()


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
        write_layers({"z": zones}, tmp_path / "o.xlsx")


def test_a_failed_write_leaves_no_file_behind(zones, tmp_path):
    with pytest.raises(OutputError):
        write_layers({"z": zones}, tmp_path / "missing-dir" / "o.gpkg")
    assert list(tmp_path.iterdir()) == []
