"""Great-circle distance (distance_km) is the haversine formula, as written with
math.radians, to the last bit."""

import math

from hypothesis import given
from hypothesis import strategies as st

from geonews.places.matcher import distance_km
from geonews.places.model import Place

lats = st.floats(min_value=-90, max_value=90, allow_nan=False)
lons = st.floats(min_value=-180, max_value=180, allow_nan=False)


def haversine_km(a: Place, b: Place) -> float:
    p1, p2 = math.radians(a.lat), math.radians(b.lat)
    dp, dl = p2 - p1, math.radians(b.lon - a.lon)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 12742.0 * math.asin(min(1.0, math.sqrt(h)))


@given(lats, lons, lats, lons)
def test_distance_km_is_the_haversine_formula_to_the_last_bit(lat1, lon1, lat2, lon2):
    a, b = Place("a", "A", "town", None, lat1, lon1), Place("b", "B", "town", None, lat2, lon2)
    assert distance_km(a, b) == haversine_km(a, b)


def test_antipodes_are_half_the_circumference_apart():
    a, b = Place("a", "A", "town", None, 0.0, 0.0), Place("b", "B", "town", None, 0.0, 180.0)
    assert distance_km(a, b) == haversine_km(a, b) == 12742.0 * math.asin(1.0)
