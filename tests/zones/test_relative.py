"""Relative areas cut from the gazetteer's geometry."""

import pytest
from shapely.geometry import LineString, Point, box

from geonews.places.gazetteer import Gazetteer
from geonews.zones import part_of, side_of


def test_sides_of_a_line_split_an_area_without_overlap():
    area = box(0, 0, 10, 10)
    line = LineString([(0, 4), (5, 6), (10, 4)])
    north, south = side_of(area, line, "north"), side_of(area, line, "south")
    assert north.area + south.area == pytest.approx(100)
    assert north.intersection(south).area == pytest.approx(0)
    assert north.contains(Point(5, 9)) and south.contains(Point(5, 1))


def test_sides_of_a_point_and_of_an_area():
    area = box(0, 0, 10, 10)
    assert side_of(area, Point(3, 3), "east").bounds == (3.0, 0.0, 10.0, 10.0)
    assert side_of(area, box(2, 2, 4, 4), "north").bounds == (0.0, 4.0, 10.0, 10.0)
    assert side_of(area, Point(20, 20), "north") is None


def test_wadi_gaza_splits_the_strip():
    gaz = Gazetteer.default()
    strip = gaz.geometry("ps:gaza-strip")
    wadi = gaz.geometry("curated:wadi-gaza")
    south = side_of(strip, wadi, "south")
    assert 0.6 < south.area / strip.area < 0.8  # the south is most of the Strip
    assert south.contains(Point(gaz.get("osm:relation/10522702").lon,
                                gaz.get("osm:relation/10522702").lat))  # Rafah


def test_parts_of_an_area():
    area = box(0, 0, 10, 4)
    assert part_of(area, "west").bounds == (0.0, 0.0, 5.0, 4.0)
    assert part_of(area, "north").bounds == (0.0, 2.0, 10.0, 4.0)
    assert part_of(Point(1, 1), "east") is None
    with pytest.raises(ValueError):
        side_of(area, Point(1, 1), "up")
