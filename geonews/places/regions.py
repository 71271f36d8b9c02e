"""Regions: the frame an article or a zone layer is seen in.

Shares ("42 % of the Strip"), break-downs, map references and offline basemaps all
need a frame.  It is found from the places themselves (:func:`region_for`): a
region known in depth whose outline holds most of them (the Gaza Strip), else the
country most of them lie in.  What geonews knows of a region — its outline, its
reporting levels, whether a population source exists — is data, in
``data/curated/regions.json``; any other country gets its outline and its admin
polygons (admin-1 ``region``, admin-2 ``county``) as levels.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache

from ..paths import shipped_data_dir
from .gazetteer import Gazetteer

#: Reporting levels of a country known only through the world data.
DEFAULT_LEVELS: Mapping[str, tuple[str, ...]] = {"region": ("region",), "county": ("county",),
                                                 "country": ("country",)}


@dataclass(frozen=True)
class Region:
    """A frame: an outline, the levels it is broken down by, what sources it has."""

    id: str
    name: str
    country: str | None = None
    #: gazetteer id of the place whose shape is the region's outline
    outline: str | None = None
    #: break-down level -> the gazetteer kinds of its units
    levels: Mapping[str, tuple[str, ...]] = field(default_factory=lambda: dict(DEFAULT_LEVELS))
    #: units are the places of this gazetteer region (None: the shapes inside the outline)
    place_region: str | None = None
    #: the level drawn as a quiet reference on maps
    reference: str | None = "region"
    #: the population source of estimates; None where there is none
    population: str | None = None
    #: which places the offline basemap labels (gazetteer region, kinds, id prefix)
    labels: Mapping[str, object] | None = None
    attribution: str | None = None

    def outline_geometry(self, gazetteer: Gazetteer | None = None):
        """The region's outline (shapely, WGS 84), or None if the gazetteer has no shape."""
        gazetteer = gazetteer or Gazetteer.default()
        if self.outline is None:
            return None
        place = gazetteer.get(self.outline)
        if place is None or not place.has_geometry:
            return None
        geom = gazetteer.geometry(place)
        return geom if geom.geom_type in ("Polygon", "MultiPolygon") else None

    @property
    def has_population(self) -> bool:
        return self.population is not None


WORLD = Region("world", "the world", outline=None, levels={}, reference=None)


@lru_cache(maxsize=1)
def _known() -> dict[str, Region]:
    raw = json.loads((shipped_data_dir() / "curated" / "regions.json").read_text("utf-8"))
    out = {}
    for rid, spec in raw.items():
        if rid.startswith("_"):
            continue
        levels = {k: tuple(v) for k, v in spec.get("levels", DEFAULT_LEVELS).items()}
        out[rid] = Region(rid, spec["name"], spec.get("country"), spec.get("outline"), levels,
                          spec.get("place_region"), spec.get("reference"),
                          spec.get("population"), spec.get("labels"), spec.get("attribution"))
    return out


def known_regions() -> list[Region]:
    """The regions described in ``regions.json`` (Gaza, Lebanon…).

    >>> "gaza" in [r.id for r in known_regions()]
    True
    """
    return list(_known().values())


def region(region_id: str, gazetteer: Gazetteer | None = None) -> Region:
    """The region with this id: one of :func:`known_regions`, or a country by ISO code.

    >>> region("gaza").outline, region("LB").levels["kaza"], region("DE").name
    ('ps:gaza-strip', ('county',), 'Germany')
    """
    known = _known()
    if region_id in known:
        return known[region_id]
    code = region_id.upper()
    if code in known:
        return known[code]
    gazetteer = gazetteer or Gazetteer.default()
    country = gazetteer.get(f"country:{code}")
    if country is None:
        from ..errors import GeonewsError

        choices = ", ".join(sorted(known))
        raise GeonewsError(f"unknown region {region_id!r} (one of {choices}, or a country's "
                           "two-letter code)")
    return Region(code, country.name, code, country.id)


def region_for(points: Iterable[tuple[float, float, str | None]],
               gazetteer: Gazetteer | None = None) -> Region:
    """The frame of a set of places, given as ``(lon, lat, country code or None)``.

    A region known in depth holds the frame when most of the places lie inside its
    outline; otherwise the country most of them belong to (by their country code,
    or, for bare points, by the country outline that holds them).

    >>> region_for([(34.30, 31.34, "PS"), (34.25, 31.29, "PS")]).id
    'gaza'
    >>> region_for([(35.35, 33.27, "LB"), (35.20, 33.27, "LB"), (34.3, 31.3, "PS")]).id
    'LB'
    >>> region_for([]).id
    'world'
    """
    import shapely

    gazetteer = gazetteer or Gazetteer.default()
    pts = [(float(x), float(y), c) for x, y, c in points]
    if not pts:
        return WORLD
    for known in _known().values():
        if known.place_region is None:
            continue  # a whole country: decided by country below
        margin = _outline_margin(known, gazetteer)
        if margin is None:
            continue
        inside = shapely.contains_xy(margin, [p[0] for p in pts], [p[1] for p in pts])
        if inside.sum() * 2 > len(pts):
            return known
    countries = Counter(c or _country_at(x, y, gazetteer) for x, y, c in pts)
    countries.pop(None, None)
    if not countries:
        return WORLD
    from ..errors import GeonewsError

    try:
        return region(countries.most_common(1)[0][0], gazetteer)
    except GeonewsError:  # a code the gazetteer has no country for
        return WORLD


_MARGINS: dict[tuple[str, int], tuple[Gazetteer, object]] = {}


def _outline_margin(known: Region, gazetteer: Gazetteer):
    """A region's outline grown by a small margin, prepared, built once per gazetteer:
    every article asks which frame its places are in, and buffering an outline each
    time was most of the cost of finding its relative areas."""
    import shapely

    key = (known.id, id(gazetteer))
    hit = _MARGINS.get(key)
    if hit is not None and hit[0] is gazetteer:
        return hit[1]
    outline = known.outline_geometry(gazetteer)
    margin = None if outline is None else outline.buffer(0.01)
    if margin is not None:
        shapely.prepare(margin)
    if len(_MARGINS) >= 64:
        _MARGINS.clear()
    _MARGINS[key] = (gazetteer, margin)
    return margin


def _country_at(lon: float, lat: float, gazetteer: Gazetteer) -> str | None:
    """The country whose outline holds the point (None at sea or without outlines)."""
    import shapely

    for place in gazetteer.shapes_over((lon, lat, lon, lat), kinds=["country"]):
        if shapely.contains_xy(gazetteer.geometry(place), lon, lat):
            return place.country
    return None


def unit_places(reg: Region, level: str, gazetteer: Gazetteer | None = None) -> list:
    """The places with polygons that are the units of ``level`` in ``reg``.

    >>> sorted(p.name for p in unit_places(region("gaza"), "governorate"))[:2]
    ['Deir al-Balah Governorate', 'Gaza Governorate']
    """
    gazetteer = gazetteer or Gazetteer.default()
    kinds = reg.levels.get(level)
    if not kinds:
        from ..errors import GeonewsError

        choices = ", ".join(reg.levels) or "none"
        raise GeonewsError(f"{reg.name} has no {level!r} level (levels: {choices})")
    if reg.place_region is not None:
        found = [p for k in kinds for p in gazetteer.places(kind=k, region=reg.place_region)]
    else:
        outline = reg.outline_geometry(gazetteer)
        place = gazetteer.get(reg.outline) if reg.outline else None
        bbox = outline.bounds if outline is not None else (place.bbox if place else None)
        if bbox is None:
            return []
        found = [p for p in gazetteer.shapes_over(bbox, kinds=list(kinds))
                 if reg.country is None or p.country == reg.country]
    return [p for p in found if p.has_geometry and
            gazetteer.geometry(p).geom_type in ("Polygon", "MultiPolygon")]


def available_levels(reg: Region, gazetteer: Gazetteer | None = None) -> list[str]:
    """The levels of ``reg`` the gazetteer has polygons for (a country whose admin areas
    are known only as points can still be broken down by ``country``).

    >>> available_levels(region("gaza"))
    ['governorate', 'municipality', 'camp', 'block']
    """
    return [level for level in reg.levels if unit_places(reg, level, gazetteer)]
