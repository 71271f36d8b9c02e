"""The shipped gazetteer: Gaza in depth, the world coarsely, stored for fast lookups."""

import pytest
from shapely.geometry import Point

from geonews.places.gazetteer import Gazetteer

UTM36N = 32636


@pytest.fixture(scope="module")
def gaz():
    return Gazetteer(include_user=False)


def area_km2(geom):
    import geopandas as gpd

    return float(gpd.GeoSeries([geom], crs=4326).to_crs(UTM36N).area.iloc[0] / 1e6)


def test_the_strip_has_its_outline_and_real_area(gaz):
    strip = gaz.get("ps:gaza-strip")
    assert strip.kind == "region" and strip.has_geometry
    assert 355 < area_km2(gaz.geometry(strip)) < 375


def test_five_governorates_tile_the_strip(gaz):
    govs = list(gaz.places(kind="governorate", region="gaza"))
    assert sorted(g.code for g in govs) == ["PS0255", "PS0260", "PS0265", "PS0270", "PS0275"]
    total = sum(area_km2(gaz.geometry(g)) for g in govs)
    assert 355 < total < 380
    assert all(g.population and g.population > 100_000 for g in govs)


def test_all_620_evacuation_blocks_are_polygons_keyed_by_number(gaz):
    blocks = list(gaz.places(kind="block"))
    assert len(blocks) == 620
    assert len({b.code for b in blocks}) == 620
    b64 = gaz.block(64)
    assert b64.name == "Block 64" and gaz.geometry(b64).geom_type in ("Polygon", "MultiPolygon")
    strip = gaz.geometry("ps:gaza-strip").buffer(0.01)
    assert all(strip.contains(Point(b.lon, b.lat)) for b in blocks)


def test_blocks_carry_their_dated_order_history(gaz):
    orders = gaz.block_orders()
    assert len(orders) > 2000
    assert {o.status for o in orders} == {"displaced", "safe"}
    assert orders[0].date < "2023-10-31" and orders[-1].date > "2025-09-01"
    assert all(o.date[:4] in ("2023", "2024", "2025") for o in orders)


def test_every_gaza_place_lies_in_the_strip(gaz):
    strip = gaz.geometry("ps:gaza-strip").buffer(0.03)  # crossings sit on the fence
    for p in gaz.places(region="gaza"):
        assert strip.contains(Point(p.lon, p.lat)), p


def test_curated_landmarks_carry_their_source(gaz):
    curated = [p for p in gaz.places(region="gaza") if p.id.startswith("curated:")]
    assert len(curated) >= 30
    assert all("osm.org" in p.source or "bothness" in p.source for p in curated)


def test_places_keep_all_their_names_in_english_arabic_and_hebrew(gaz):
    names = dict(gaz.names(gaz.lookup("Khan Younis")[0].place))
    assert "خان يونس" in names and "ח'אן יונס" in names and "Khān Yūnis" in names


def test_the_world_resolves_coarsely(gaz):
    assert gaz.lookup("Qatar")[0].place.kind == "country"
    assert any(c.place.country == "US" for c in gaz.lookup("Washington"))
    assert any(c.place.country == "LB" for c in gaz.lookup("Tyre"))
    assert any(c.place.kind == "county" for c in gaz.lookup("Charlotte County"))


def test_info_counts_places_per_source_and_kind(gaz):
    (info,) = gaz.info()
    assert info["shipped"] and info["places"] > 200_000
    assert info["kinds"]["block"] == 620
    assert any("GeoNames" in s for s in info["by_source"])


def test_a_lookup_does_not_load_the_world(gaz):
    import tracemalloc

    tracemalloc.start()
    Gazetteer(include_user=False).lookup("Bani Suhaila")
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < 5_000_000  # bytes; the database is ~65 MB


def test_the_typo_index_is_built_with_the_collector_held_off(monkeypatch):
    import gc

    from geonews.places import gazetteer as module

    seen = []
    real = module._FuzzyIndex.__init__

    def init(self, rows):
        seen.append(gc.isenabled())
        real(self, rows)

    monkeypatch.setattr(module._FuzzyIndex, "__init__", init)
    fresh = Gazetteer(include_user=False)
    assert [c.place.country for c in fresh.fuzzy("Khan Yunsi")][:1] == ["PS"]
    assert seen == [False] and gc.isenabled()


def test_a_block_is_read_once_and_a_missing_block_stays_missing():
    gazetteer = Gazetteer.default()
    assert gazetteer.block(64) is gazetteer.block(64)  # remembered, not read again
    assert gazetteer.block(64) == Gazetteer().block(64)
    assert gazetteer.block(987654) is None and gazetteer.block(987654) is None
