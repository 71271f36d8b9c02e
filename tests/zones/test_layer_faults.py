"""Layers that used to be misread or crash: a block number of "inf", a CRS nobody knows,
polygons inside a GeometryCollection."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
import shapely
from shapely.geometry import box, mapping

from geonews.errors import InputError
from geonews.zones.layers import read_layer
from geonews.zones.measure import union
from tests.conftest import assert_clean_error

CELL = box(34.40, 31.45, 34.45, 31.50)  # a few km² inside the Strip


def write_layer(path, features, crs: str | None = None):
    doc = {"type": "FeatureCollection",
           "features": [{"type": "Feature", "properties": props, "geometry": geometry}
                        for props, geometry in features]}
    if crs is not None:
        doc["crs"] = {"type": "name", "properties": {"name": crs}}
    path.write_text(json.dumps(doc))
    return path


# ------------------------------------------------------------------ block numbers
@pytest.mark.parametrize("value", ["inf", "-inf", "Infinity", 1e30, "12.5", 2 ** 70])
def test_a_block_value_that_is_no_block_number_is_refused(tmp_path, value):
    path = write_layer(tmp_path / "orders.geojson", [({"block": value}, mapping(CELL))])
    with pytest.raises(InputError, match="orders.geojson") as caught:
        read_layer(path)
    assert "block" in str(caught.value) and "not a block number" in str(caught.value)


@pytest.mark.parametrize("value,expected", [("64", 64), (64.0, 64), ("", None), (None, None),
                                            ("north", None)])
def test_block_values_that_are_numbers_or_labels_still_read(tmp_path, value, expected):
    path = write_layer(tmp_path / "orders.geojson", [({"block": value}, mapping(CELL))])
    table, _ = read_layer(path)
    got = table.block.iloc[0]
    assert pd.isna(got) if expected is None else got == expected


def test_cli_a_block_of_inf_is_one_error_line(tmp_path, geonews_cli):
    path = write_layer(tmp_path / "orders.geojson", [({"block": "inf"}, mapping(CELL))])
    assert_clean_error(geonews_cli("overlay", "union", str(path)), "orders.geojson", "'inf'")


# ------------------------------------------------------------------ unknown CRS
def test_a_layer_declaring_an_unknown_crs_is_refused(tmp_path):
    path = write_layer(tmp_path / "zones.geojson", [({}, mapping(CELL))], crs="EPSG:999999")
    with pytest.raises(InputError, match="EPSG:999999"):
        read_layer(path)


def test_cli_an_unknown_crs_is_one_error_line(tmp_path, geonews_cli):
    path = write_layer(tmp_path / "zones.geojson", [({}, mapping(CELL))], crs="EPSG:999999")
    assert_clean_error(geonews_cli("overlay", "union", str(path)), "zones.geojson",
                       "EPSG:999999")


def test_cli_an_unknown_crs_option_is_one_error_line(tmp_path, geonews_cli):
    path = tmp_path / "zones.csv"
    path.write_text(f'name,wkt\ncell,"{CELL.wkt}"\n')
    assert_clean_error(geonews_cli("overlay", "union", "--crs", "EPSG:999999", str(path)),
                       "EPSG:999999")


@pytest.mark.parametrize("crs", ["EPSG:4326", "urn:ogc:def:crs:OGC:1.3:CRS84"])
def test_a_layer_declaring_a_known_crs_still_reads(tmp_path, crs):
    path = write_layer(tmp_path / "zones.geojson", [({}, mapping(CELL))], crs=crs)
    table, _ = read_layer(path)
    assert table.geometry.iloc[0].equals(CELL)


def test_a_layer_declaring_a_projected_crs_is_reprojected(tmp_path):
    from pyproj import Transformer

    to_utm = Transformer.from_crs("EPSG:4326", "EPSG:32636", always_xy=True)
    projected = shapely.transform(CELL, lambda c: np.column_stack(
        to_utm.transform(c[:, 0], c[:, 1])))
    path = write_layer(tmp_path / "zones.geojson", [({}, mapping(projected))],
                       crs="urn:ogc:def:crs:EPSG::32636")
    table, _ = read_layer(path)
    assert table.geometry.iloc[0].bounds == pytest.approx(CELL.bounds, abs=1e-6)


def test_a_property_named_crs_is_not_taken_for_the_layers(tmp_path):
    path = write_layer(tmp_path / "zones.geojson",
                       [({"crs": "EPSG:999999", "name": "cell"}, mapping(CELL))])
    table, _ = read_layer(path)
    assert len(table) == 1


# ------------------------------------------------------------------ geometry collections
def test_a_geometry_collection_keeps_its_polygons(tmp_path):
    collection = {"type": "GeometryCollection", "geometries": [
        mapping(CELL), {"type": "Point", "coordinates": [34.3, 31.3]},
        {"type": "LineString", "coordinates": [[34.3, 31.3], [34.35, 31.35]]}]}
    path = write_layer(tmp_path / "zones.geojson", [({"name": "cell"}, collection)])
    table, _ = read_layer(path)
    assert table.geometry.iloc[0].geom_type in ("Polygon", "MultiPolygon")
    assert table.geometry.iloc[0].equals(CELL)
    result = union(table)
    assert result.points.iloc[0] == 0
    assert result.area_km2.iloc[0] == pytest.approx(union(
        table.set_geometry([CELL], crs="EPSG:4326")).area_km2.iloc[0], rel=1e-9)
    assert result.area_km2.iloc[0] > 20


def test_a_geometry_collection_beside_plain_polygons_is_no_mix_of_types(tmp_path):
    collection = {"type": "GeometryCollection", "geometries": [mapping(CELL)]}
    other = box(34.30, 31.35, 34.33, 31.38)
    path = write_layer(tmp_path / "zones.geojson", [({}, collection), ({}, mapping(other))])
    table, _ = read_layer(path)
    assert len(table) == 2 and set(table.geometry.geom_type) <= {"Polygon", "MultiPolygon"}


def test_a_geometry_collection_of_points_only_stays_a_point_zone(tmp_path):
    collection = {"type": "GeometryCollection", "geometries": [
        {"type": "Point", "coordinates": [34.3, 31.3]}]}
    path = write_layer(tmp_path / "zones.geojson", [({}, collection)])
    table, _ = read_layer(path)
    result = union(table)
    assert result.points.iloc[0] == 1 and result.area_km2.iloc[0] == 0


def test_a_geometry_collection_given_directly_is_measured(tmp_path):
    import geopandas as gpd

    zones = gpd.GeoDataFrame({"role": ["affected"]}, crs="EPSG:4326",
                             geometry=[shapely.GeometryCollection([CELL, CELL.centroid])])
    assert union(zones).area_km2.iloc[0] > 20
