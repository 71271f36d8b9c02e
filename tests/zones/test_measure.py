"""Measures: areas are equal-area km², overlaps are never counted twice, shares add up."""

import geopandas as gpd
import pytest
from shapely.geometry import box

from geonews.places.gazetteer import Gazetteer
from geonews.zones.layers import read_zones
from geonews.zones.measure import area_km2, breakdown, compare, dissolve, timeline, union
from geonews.zones.units import units

GAZ = Gazetteer.default()


def blocks(*numbers, date=None, role="affected"):
    geoms = [GAZ.geometry(GAZ.block(n)) for n in numbers]
    return gpd.GeoDataFrame({"role": [role] * len(geoms), "date": [date] * len(geoms),
                             "source": ["test"] * len(geoms), "block": list(numbers)},
                            geometry=geoms, crs="EPSG:4326")


def test_the_strip_measures_about_365_km2():
    assert area_km2(GAZ.geometry("ps:gaza-strip")) == pytest.approx(365, abs=1.5)


def test_a_whole_governorate_under_orders_is_its_own_share_of_the_strip():
    gov = units("governorate").set_index("unit_id").loc["ps:gov:PS0275"]  # Rafah
    zones = gpd.GeoDataFrame({"role": ["affected"], "date": [None], "source": ["t"]},
                             geometry=[gov.geometry], crs="EPSG:4326")
    u = union(zones).iloc[0]
    assert u.area_km2 == pytest.approx(area_km2(gov.geometry), rel=1e-6)
    assert 0.15 < u.share < 0.20  # Rafah governorate is about 64 of the Strip's 365 km²
    b = breakdown(zones).set_index("unit_id")
    assert b.loc["ps:gov:PS0275", "share"] == pytest.approx(1.0, abs=1e-6)
    assert b.loc["ps:gov:PS0270", "share"] < 0.01
    assert b.loc["ps:gov:PS0275", "population_estimate"] == pytest.approx(233_878, rel=0.01)


def test_overlapping_and_repeated_blocks_are_not_double_counted():
    once = union(blocks(64, 112)).area_km2.iloc[0]
    again = union(blocks(64, 112, 64, 112, 64)).area_km2.iloc[0]
    assert again == pytest.approx(once, rel=1e-9)
    a = area_km2(GAZ.geometry(GAZ.block(64)))
    b = area_km2(GAZ.geometry(GAZ.block(112)))
    assert once == pytest.approx(a + b, rel=1e-3)  # neighbours share an edge, not an area


def test_overlapping_boxes_union_to_their_covered_area():
    left, right = box(34.30, 31.30, 34.32, 31.32), box(34.31, 31.30, 34.33, 31.32)
    zones = gpd.GeoDataFrame({"role": ["affected"] * 2, "date": [None] * 2,
                              "source": ["t"] * 2}, geometry=[left, right], crs="EPSG:4326")
    total = union(zones).area_km2.iloc[0]
    assert total == pytest.approx(area_km2(left.union(right)), rel=1e-4)
    assert total < area_km2(left) + area_km2(right) * 0.9


def test_union_per_date_and_only_the_role_asked_for():
    zones = blocks(64, date="2025-03-18")
    zones = gpd.GeoDataFrame(
        __import__("pandas").concat([zones, blocks(112, date="2025-03-20"),
                                     blocks(5, date="2025-03-20", role="destination")]),
        crs="EPSG:4326")
    per_day = union(zones, by="date").set_index("group")
    assert list(per_day.index) == ["2025-03-18", "2025-03-20"]
    assert per_day.loc["2025-03-20", "zones"] == 1  # the destination is not an affected zone
    assert union(zones, role="destination").zones.iloc[0] == 1


def test_points_have_no_area_and_are_counted_apart():
    zones = read_zones(["Residents of Ma'an were told to leave."])
    u = union(zones).iloc[0]
    assert u.points == 1 and u.area_km2 == 0


def test_breakdown_by_municipality_estimates_population_and_labels_it():
    zones = read_zones(["Residents of Bani Suhaila were told to leave."])
    b = breakdown(zones, "municipality").set_index("unit")
    row = b.loc["Bani Suheila"]
    assert row.share == pytest.approx(1.0, abs=1e-6)
    assert row.population == 41439
    assert 41439 <= row.population_estimate < 60000  # scaled to the governorate's total
    assert (b.drop(index="Bani Suheila").area_km2 < 0.2).all()  # edges may touch neighbours
    assert "estimate" in b.attrs["note"] and "2017" in b.attrs["note"]


def test_population_estimates_of_the_whole_strip_add_up_to_the_census():
    strip = gpd.GeoDataFrame({"role": ["affected"], "date": [None], "source": ["t"]},
                             geometry=[GAZ.geometry("ps:gaza-strip")], crs="EPSG:4326")
    b = breakdown(strip, "governorate")
    assert b.population_estimate.sum() == pytest.approx(1_813_941, rel=0.001)


def test_compare_identical_layers_gives_iou_one_and_disjoint_zero():
    a, b = blocks(64, 112), blocks(64, 112)
    assert compare(a, b).iou.iloc[0] == pytest.approx(1.0)
    c = compare(blocks(64), blocks(2376))
    assert c.iou.iloc[0] == 0 and c.only_a_km2.iloc[0] > 0 and c.only_b_km2.iloc[0] > 0
    half = compare(blocks(64), blocks(64, 112)).iloc[0]
    assert half.only_a_km2 == pytest.approx(0, abs=1e-9)
    assert half.iou == pytest.approx(half.area_a_km2 / half.area_b_km2)


def test_compare_per_governorate_sums_to_the_whole():
    per = compare(blocks(64, 112, 2376), blocks(112), level="governorate")
    whole = compare(blocks(64, 112, 2376), blocks(112)).iloc[0]
    assert per.area_a_km2.sum() == pytest.approx(whole.area_a_km2, rel=0.02)


def test_timeline_is_cumulative_daily_and_never_shrinks():
    import pandas as pd

    zones = gpd.GeoDataFrame(pd.concat([blocks(64, date="2025-03-18"),
                                        blocks(64, 112, date="2025-03-21")]), crs="EPSG:4326")
    t = timeline(zones)
    assert list(t.date) == ["2025-03-18", "2025-03-19", "2025-03-20", "2025-03-21"]
    assert list(t.zones) == [1, 0, 0, 2]
    assert t.area_km2.is_monotonic_increasing
    assert t.new_km2.iloc[3] == pytest.approx(area_km2(GAZ.geometry(GAZ.block(112))), rel=1e-3)
    assert timeline(blocks(64)).empty  # undated zones make no timeline


def test_dissolve_of_nothing_is_empty():
    assert dissolve([]).is_empty


def test_big_tables_are_dissolved_with_dask_geopandas_to_the_same_areas(monkeypatch):
    import pandas as pd

    import geonews.zones.measure as measure

    zones = gpd.GeoDataFrame(pd.concat([blocks(64, 112, 7, date="2025-03-18"),
                                        blocks(112, 5, 6, date="2025-03-19")],
                                       ignore_index=True), crs="EPSG:4326")
    serial = union(zones, by="date", workers=1).set_index("group").area_km2
    monkeypatch.setattr(measure, "DASK_MIN_POLYGONS", 1)
    calls = []
    import dask_geopandas

    real = dask_geopandas.from_geopandas
    monkeypatch.setattr(dask_geopandas, "from_geopandas",
                        lambda *a, **k: calls.append(1) or real(*a, **k))
    parallel = union(zones, by="date", workers=2).set_index("group").area_km2
    assert calls, "dask-geopandas was not used"
    assert parallel.to_dict() == pytest.approx(serial.to_dict(), rel=1e-9)
