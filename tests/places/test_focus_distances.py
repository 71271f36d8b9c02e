"""An article's focus is the first most common country of its places below the level
of a region, with their points; distances to it worked out in blocks (Focus.prepare) are
the very numbers the plain scan gives, ties and points of the focus itself included."""

import math
import random
from collections import Counter

from hypothesis import given
from hypothesis import strategies as st

from geonews.places.matcher import Focus
from geonews.places.model import Place


def plain_km(focus: Focus, place: Place) -> float:
    """The plain scan over every point of the focus (the measure of Focus.km_to)."""
    scale = math.cos(math.radians(place.lat)) ** 2
    return 111.2 * math.sqrt(min((lat - place.lat) ** 2 + (lon - place.lon) ** 2 * scale
                                 for lat, lon in focus.points))


def towns(n, rng, lat=(33.0, 34.5), lon=(35.1, 36.5), country="LB"):
    return [Place(f"{country}{i}", f"T{i}", "town", country, round(rng.uniform(*lat), 4),
                  round(rng.uniform(*lon), 4)) for i in range(n)]


def test_prepared_distances_are_those_of_the_plain_scan():
    rng = random.Random(7)
    focus = Focus.of(towns(600, rng))
    assert len(focus.points) > Focus.MANY_POINTS  # else prepare leaves it to the scan
    # Near and far places, places of the focus itself (distance 0), and midpoints
    # between two focus points (two nearest points at one distance).
    asked = towns(300, rng, lat=(-40.0, 70.0), lon=(-120.0, 150.0), country="XX")
    asked += [Place(f"f{i}", "F", "town", "LB", lat, lon)
              for i, (lat, lon) in enumerate(focus.points[:50])]
    a, b = focus.points[0], focus.points[1]
    asked.append(Place("mid", "M", "town", "LB", (a[0] + b[0]) / 2, (a[1] + b[1]) / 2))
    focus.prepare(asked[:200])
    focus.prepare(asked)  # a second call adds the rest
    for place in asked:
        assert focus.km(place) == plain_km(focus, place)
    assert focus.km(asked[-2]) == 0.0


def test_a_small_focus_needs_no_preparing():
    focus = Focus.of(towns(10, random.Random(1)))
    far = Place("x", "X", "town", "FR", 48.85, 2.35)
    focus.prepare([far])
    assert focus._known is None
    assert focus.km(far) == plain_km(focus, far)


@given(st.lists(st.tuples(st.sampled_from(["LB", "PS", "SY", None]),
                          st.sampled_from(["town", "city", "region", "country", "village"]),
                          st.integers(0, 5)), max_size=30))
def test_the_focus_country_is_the_first_most_common_below_the_regions(rows):
    places = [Place(f"p{i}", "P", kind, cc, 33.0 + k / 10, 35.0 + k / 10)
              for i, (cc, kind, k) in enumerate(rows)]
    small = [p for p in places if p.kind not in ("country", "region")]
    focus = Focus.of(places + [None])
    if not small:
        assert focus == Focus((), None)
        return
    country = Counter(p.country for p in small).most_common(1)[0][0]
    assert focus.country == country
    assert focus.points == tuple(dict.fromkeys((p.lat, p.lon) for p in small
                                               if p.country == country))
