"""Areas are right at every size, from a block to the whole Earth.

Reference values do not come from the code under test: boxes bounded by meridians
and parallels have an exact area on the WGS 84 ellipsoid (the area of the zone
between two parallels, times the share of longitude), and for irregular polygons
pyproj's geodesic area (Karney's algorithm) is the yardstick.
"""

from __future__ import annotations

import json
import math
import random

import geopandas as gpd
import pytest
import shapely
import shapely.affinity
from pyproj import Geod
from shapely.geometry import Polygon, box, mapping

from geonews.places.gazetteer import Gazetteer
from geonews.zones.measure import area_km2, breakdown, equal_area_crs, timeline, union
from geonews.zones.units import frame_of

WGS84_A, WGS84_F = 6378137.0, 1 / 298.257223563
EARTH_KM2 = 510_065_621.724  # the WGS 84 ellipsoid's surface


def box_km2(west: float, south: float, east: float, north: float) -> float:
    """The exact area of a longitude/latitude box on the WGS 84 ellipsoid, in km²."""
    e2 = WGS84_F * (2 - WGS84_F)
    e = math.sqrt(e2)
    b2 = (WGS84_A * (1 - WGS84_F)) ** 2

    def from_equator(lat: float) -> float:  # per radian of longitude
        s = math.sin(math.radians(lat))
        return b2 / 2 * (s / (1 - e2 * s * s) + math.log((1 + e * s) / (1 - e * s)) / (2 * e))

    return (from_equator(north) - from_equator(south)) * math.radians(east - west) / 1e6


def geodesic_km2(geom) -> float:
    return abs(Geod(ellps="WGS84").geometry_area_perimeter(geom)[0]) / 1e6


def zones_of(*geoms):
    return gpd.GeoDataFrame({"role": ["affected"] * len(geoms), "date": [None] * len(geoms),
                             "source": ["test"] * len(geoms)}, geometry=list(geoms),
                            crs="EPSG:4326")


def test_the_reference_formula_gives_the_earth():
    assert box_km2(-180, -90, 180, 90) == pytest.approx(EARTH_KM2, rel=1e-9)


def test_a_whole_world_polygon_is_the_whole_earth():
    assert area_km2(box(-180, -90, 180, 90)) == pytest.approx(EARTH_KM2, rel=1e-6)


def test_a_box_of_most_of_the_world_is_measured_the_long_way_round():
    # Edges run along the parallels ±80° and the meridians ±170° (GeoJSON's straight
    # lines in longitude/latitude), so the box covers 340° of longitude.
    expected = box_km2(-170, -80, 170, 80)
    assert expected == pytest.approx(474.35e6, rel=1e-3)
    assert area_km2(box(-170, -80, 170, 80)) == pytest.approx(expected, rel=1e-6)


def test_a_one_degree_cell_at_the_equator():
    # 12,308 km² on the ellipsoid (a sphere of radius 6,371 km would say 12,364).
    assert box_km2(0, 0, 1, 1) == pytest.approx(12_308.46, abs=0.01)
    assert area_km2(box(0, 0, 1, 1)) == pytest.approx(box_km2(0, 0, 1, 1), rel=1e-4)
    assert area_km2(box(0, 0, 1, 1)) == pytest.approx(geodesic_km2(box(0, 0, 1, 1)), rel=1e-4)


def test_the_gaza_strip_keeps_its_area():
    strip = Gazetteer.default().geometry("ps:gaza-strip")
    assert area_km2(strip) == pytest.approx(365.0, rel=0.005)
    assert area_km2(strip) == pytest.approx(geodesic_km2(strip), rel=1e-5)


@pytest.mark.parametrize("west,south,east,north", [
    (34.2, 31.2, 34.6, 31.6), (0, 0, 1, 1), (10, 70, 11, 71), (-75, -56, -65, -20),
    (20, -35, 50, 35), (-180, 60, 180, 90), (-180, -90, 180, -60), (100, -10, 160, 10),
    (-170, -80, 170, 80), (-180, -90, 180, 90)])
def test_boxes_anywhere_and_of_any_size(west, south, east, north):
    assert area_km2(box(west, south, east, north)) == pytest.approx(
        box_km2(west, south, east, north), rel=1e-4)


def test_irregular_polygons_agree_with_the_geodesic_area():
    rng = random.Random(11)
    for _ in range(40):
        lon, lat = rng.uniform(-170, 160), rng.uniform(-70, 60)
        size = rng.choice([0.01, 0.1, 1, 5])
        ring = [(lon + size * math.cos(t) * rng.uniform(0.5, 1),
                 lat + size * math.sin(t) * rng.uniform(0.5, 1))
                for t in (2 * math.pi * k / 12 for k in range(12))]
        poly = Polygon(ring)
        assert area_km2(poly) == pytest.approx(geodesic_km2(poly), rel=1e-3), poly.wkt


def test_equal_area_crs_is_chosen_by_extent():
    strip = Gazetteer.default().geometry("ps:gaza-strip")
    assert "+proj=laea" in equal_area_crs(strip).srs  # as before for a region
    assert "+proj=cea" in equal_area_crs(box(-170, -80, 170, 80)).srs
    # the frame's own projection while the zones stay near it
    near = zones_of(box(35.1, 33.0, 35.6, 33.4))
    assert equal_area_crs(strip, near).srs == equal_area_crs(strip).srs
    assert "+proj=cea" in equal_area_crs(strip, zones_of(box(-120, 30, -110, 40))).srs


# ------------------------------------------------------------------ the measures
def test_the_union_of_a_whole_world_zone_is_the_earth():
    result = union(zones_of(box(-180, -90, 180, 90)))
    assert result.area_km2.iloc[0] == pytest.approx(EARTH_KM2, rel=1e-6)
    # Zones on no one country are measured against the whole Earth.
    assert result.attrs["frame"] == "the world"
    assert result.attrs["frame_area_km2"] == pytest.approx(EARTH_KM2, rel=1e-6)


def test_the_union_of_a_box_of_most_of_the_world():
    result = union(zones_of(box(-170, -80, 170, 80), box(0, 0, 1, 1)))  # the cell is inside
    assert result.area_km2.iloc[0] == pytest.approx(box_km2(-170, -80, 170, 80), rel=1e-5)


def test_zones_far_from_the_frame_are_measured_right():
    result = union(zones_of(box(120, 0, 121, 1), box(-60, -10, -59, -9)))
    assert result.area_km2.iloc[0] == pytest.approx(
        box_km2(120, 0, 121, 1) + box_km2(-60, -10, -59, -9), rel=1e-4)


def test_a_layer_of_the_whole_world_read_from_geojson(tmp_path):
    from geonews.zones.layers import read_zones

    path = tmp_path / "world.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {}, "geometry": mapping(box(-180, -90, 180, 90))}]}))
    result = union(read_zones([str(path)]))
    assert result.area_km2.iloc[0] == pytest.approx(EARTH_KM2, rel=1e-6)


def test_gaza_figures_are_unchanged():
    strip = Gazetteer.default().geometry("ps:gaza-strip")
    result = union(zones_of(strip))
    assert result.area_km2.iloc[0] == pytest.approx(365.0, rel=0.005)
    assert result.share.iloc[0] == pytest.approx(1.0, rel=1e-6)


def test_a_whole_world_zone_covers_every_governorate():
    parts = breakdown(zones_of(box(-180, -90, 180, 90)), "governorate", region="gaza")
    assert len(parts) == 5
    assert parts.share.tolist() == pytest.approx([1.0] * 5, rel=1e-4)
    strip = breakdown(zones_of(Gazetteer.default().geometry("ps:gaza-strip")), "governorate")
    assert parts.unit_area_km2.tolist() == pytest.approx(strip.unit_area_km2.tolist(), rel=1e-4)
    assert parts.area_km2.tolist() == pytest.approx(strip.area_km2.tolist(), rel=1e-4)


def test_the_timeline_of_large_zones():
    zones = zones_of(box(0, 0, 1, 1), box(-170, -80, 170, 80))
    zones["date"] = ["2025-01-01", "2025-01-02"]
    table = timeline(zones, daily=False)
    assert table.area_km2.tolist() == pytest.approx(
        [box_km2(0, 0, 1, 1), box_km2(-170, -80, 170, 80)], rel=1e-5)


def test_a_frame_far_away_is_measured_in_its_own_projection():
    place, geom = frame_of(Gazetteer.default())
    far = (place, shapely.affinity.translate(geom, xoff=-100))
    result = union(zones_of(shapely.affinity.translate(geom, xoff=-100)), frame=far)
    assert result.share.iloc[0] == pytest.approx(1.0, rel=1e-6)


def test_a_far_away_point_does_not_change_how_the_strip_is_measured():
    strip = Gazetteer.default().geometry("ps:gaza-strip")
    alone = union(zones_of(strip)).area_km2.iloc[0]
    with_point = union(zones_of(strip, shapely.Point(-77.04, 38.90)))
    assert with_point.area_km2.iloc[0] == pytest.approx(alone, rel=1e-9)
    assert with_point.points.iloc[0] == 1
