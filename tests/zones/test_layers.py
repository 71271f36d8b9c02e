"""Zone layers: every kind of input becomes the same table; bad layers are refused clearly."""

import json

import geopandas as gpd
import pytest
from shapely.geometry import Point, Polygon, box

from geonews.errors import InputError
from geonews.zones.layers import COLUMNS, LayerReport, read_layer, read_zones
from geonews.zones.measure import area_km2

SQUARE = box(34.30, 31.30, 34.32, 31.32)  # inside the Strip, near Khan Younis


def test_articles_give_affected_places_and_destinations_with_their_sentence():
    z = read_zones(["On 3 March 2025 the army told residents of Abasan to leave for Rafah."])
    assert list(z.columns) == COLUMNS
    assert dict(zip(z.name, z.role)) == {"Abasan al-Kabira": "affected", "Rafah": "destination"}
    assert set(z.date) == {"2025-03-03"}
    assert all("residents of Abasan" in s for s in z.sentence)


def test_blocks_named_in_an_article_become_their_polygons():
    z = read_zones(["The army ordered residents of blocks 64 and 112 to evacuate."])
    assert sorted(z.block.dropna()) == [64, 112]
    assert set(z.geometry.geom_type) == {"Polygon"}


def test_a_projected_layer_is_reprojected_and_keeps_its_area(tmp_path):
    layer = gpd.GeoDataFrame({"name": ["square"], "date": ["2025-05-01"]}, geometry=[SQUARE],
                             crs="EPSG:4326").to_crs("EPSG:32636")
    layer.to_file(tmp_path / "utm.gpkg", layer="orders")
    z, report = read_layer(tmp_path / "utm.gpkg")
    assert z.crs.to_epsg() == 4326
    assert z.geometry.iloc[0].bounds == pytest.approx(SQUARE.bounds, abs=1e-6)
    assert area_km2(z.geometry.iloc[0]) == pytest.approx(area_km2(SQUARE), rel=1e-4)
    assert z.date.iloc[0] == "2025-05-01" and z.role.iloc[0] == "affected"


def test_a_self_intersecting_polygon_is_repaired_and_reported(tmp_path):
    bowtie = Polygon([(34.30, 31.30), (34.32, 31.32), (34.32, 31.30), (34.30, 31.32)])
    assert not bowtie.is_valid
    gpd.GeoDataFrame({"name": ["bowtie"]}, geometry=[bowtie], crs=4326).to_file(
        tmp_path / "bad.geojson")
    z, report = read_layer(tmp_path / "bad.geojson")
    assert z.geometry.iloc[0].is_valid and z.geometry.iloc[0].area > 0
    assert report.repaired == 1
    assert "1 invalid polygon(s) repaired" in report.warnings()[0]


def test_csv_layers_with_wkt_latlon_or_block_numbers(tmp_path):
    (tmp_path / "wkt.csv").write_text(f'name,date,wkt\nsq,2025-01-02,"{SQUARE.wkt}"\n')
    z, _ = read_layer(tmp_path / "wkt.csv")
    assert z.geometry.iloc[0].equals(SQUARE) and z.date.iloc[0] == "2025-01-02"
    (tmp_path / "pts.csv").write_text("name,lat,lon\nRafah,31.28,34.25\n")
    z, _ = read_layer(tmp_path / "pts.csv")
    assert z.geometry.iloc[0].equals(Point(34.25, 31.28))
    (tmp_path / "blocks.csv").write_text("date,COD_mod\n2025-03-18,64\n2025-03-18,99999\n")
    z, report = read_layer(tmp_path / "blocks.csv")
    assert list(z.block) == [64] and z.kind.iloc[0] == "block"
    assert report.unknown_blocks == (99999,)


def test_the_shipped_block_orders_are_a_dated_layer():
    z = read_zones(["gazetteer:block-orders"])
    assert len(z) > 3000
    assert set(z.role) == {"affected", "destination"}
    assert z.date.min() >= "2023-10-01"


def test_geonews_own_geojson_export_reads_back(tmp_path, geonews_cli):
    (tmp_path / "a.txt").write_text("Residents of Bani Suhaila and Ma'an were told to go to "
                                    "Rafah.\n")
    assert geonews_cli("extract", "a.txt", "-f", "geojson", "-o", "a.geojson").code == 0
    z = read_zones([tmp_path / "a.geojson"])
    assert {"Bani Suheila", "Rafah"} <= set(z.name)
    assert set(z.role) <= {"affected", "destination", "exemption"}


@pytest.mark.parametrize("content, problem", [
    (b"", "empty file"),
    (b"\x00\x01binary junk\xff" * 50, "cannot be read as a GIS layer"),
    (b'{"type": "FeatureCollection", "features": [', "cannot be read as a GIS layer"),
])
def test_bad_files_are_refused_with_the_reason(tmp_path, content, problem):
    (tmp_path / "bad.geojson").write_bytes(content)
    with pytest.raises(InputError, match=problem):
        read_layer(tmp_path / "bad.geojson")


def test_mixed_geometry_types_are_refused(tmp_path):
    gpd.GeoDataFrame({"name": ["a", "b"]}, geometry=[SQUARE, Point(34.3, 31.3)],
                     crs=4326).to_file(tmp_path / "mixed.gpkg")
    with pytest.raises(InputError, match="mixed geometry types"):
        read_layer(tmp_path / "mixed.gpkg")


def test_a_layer_without_crs_needs_one(tmp_path):
    with pytest.warns(UserWarning, match="crs"):
        gpd.GeoDataFrame({"name": ["a"]}, geometry=[box(650000, 3460000, 652000, 3462000)]
                         ).to_file(tmp_path / "nocrs.shp")
    with pytest.raises(InputError, match="no CRS"):
        read_layer(tmp_path / "nocrs.shp")
    z, _ = read_layer(tmp_path / "nocrs.shp", crs="EPSG:32636")
    assert 34 < z.geometry.iloc[0].centroid.x < 35


def test_coordinates_in_the_wrong_order_are_caught(tmp_path):
    fc = {"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {},
          "geometry": {"type": "Polygon", "coordinates": [[[31.3, 134.3], [31.32, 134.3],
                                                            [31.32, 134.32], [31.3, 134.3]]]}}]}
    (tmp_path / "swapped.geojson").write_text(json.dumps(fc))
    with pytest.raises(InputError, match="outside longitude/latitude"):
        read_layer(tmp_path / "swapped.geojson")


def test_a_corrupt_geopackage_is_refused(tmp_path):
    gpd.GeoDataFrame({"name": ["a"]}, geometry=[SQUARE], crs=4326).to_file(tmp_path / "ok.gpkg")
    data = (tmp_path / "ok.gpkg").read_bytes()
    (tmp_path / "cut.gpkg").write_bytes(data[:1024] + b"\x00" * 2048)
    with pytest.raises(InputError):
        read_layer(tmp_path / "cut.gpkg")


def test_layer_report_says_nothing_when_all_is_well():
    assert LayerReport("x").warnings() == []
