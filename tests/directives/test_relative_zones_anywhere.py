"""Areas described relative to places and lines, in any country."""

import geonews
from geonews.places.gazetteer import Gazetteer


def zones(text: str):
    return [z for d in geonews.extract(text).directives for z in d.zones]


def test_the_area_between_two_rivers_is_the_band_between_them():
    (z,) = zones("The army ordered residents of the area between the Litani and the Awali "
                 "River to leave immediately.")
    assert z.role == "affected" and z.basis == ("feature:litani-river", "feature:awali-river")
    minx, miny, maxx, maxy = z.geometry.bounds
    assert 33.25 < miny and maxy < 33.75  # north of the Litani's mouth, south of the Awali
    assert z.geometry.within(Gazetteer.default().geometry("country:LB").buffer(0.01))


def test_a_radius_around_a_place_is_a_disc_of_that_size():
    (z,) = zones("Officials told everyone within a two-mile radius of Altadena to evacuate.")
    # A disc of two miles: π r² ≈ 32.5 km², measured in an equal-area projection.
    from geonews.zones.measure import area_km2

    assert abs(area_km2(z.geometry) - 32.5) < 1.0


def test_north_of_a_river_is_cut_from_its_own_country():
    (z,) = zones("Residents were told to move north of the Awali River.")
    assert z.role == "destination"
    assert z.geometry.within(Gazetteer.default().geometry("country:LB").buffer(0.01))
