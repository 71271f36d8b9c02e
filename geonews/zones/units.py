"""Reporting units for break-downs — governorates, municipalities, camps, blocks — and
the population surface that population estimates are drawn from.

Population estimates (:func:`population_surface`) are areal interpolation of the
PCBS 2017 census, the only population figures with a usable licence:

1. each of the 8 refugee camps with a polygon carries its own census population;
2. each municipality polygon (OSM boundary, PCBS population) carries its
   population on its area outside the camps;
3. what remains of each governorate carries the governorate's population not
   counted in 1–2 (villages known only as points, municipalities without a figure);
   should 1–2 exceed the governorate figure, they are scaled down to it, and where
   1–2 cover the whole governorate they are scaled to its figure.

Within each piece people are assumed evenly spread.  Pieces tile the Strip and sum
to the governorates' total (1,813,941 in 2017).  An estimate of who *lived* in an
area in 2017 — not of who is there now, after mass displacement.
"""

from __future__ import annotations

from functools import lru_cache

from ..errors import GeonewsError
from ..places.gazetteer import Gazetteer

LEVELS = ("governorate", "municipality", "camp", "block")  # Gaza's; other regions have their own
POPULATION_NOTE = ("population_estimate: PCBS 2017 census figures of camps, municipalities "
                   "and governorates spread evenly over their areas (areal interpolation); "
                   "an estimate of residents in 2017, not of people present now. It can "
                   "differ from a unit's own census figure (population): camps inside it and "
                   "villages known only as points are counted where they lie")


def no_population_note(reg) -> str:
    return (f"population_estimate: none for {reg.name} (geonews ships no population source "
            "for it; population is the unit's own figure where the gazetteer has one)")


def _region(reg, gazetteer: Gazetteer):
    from ..places.regions import Region, region

    if reg is None:
        return region("gaza", gazetteer)
    return reg if isinstance(reg, Region) else region(str(reg), gazetteer)


def region_of_zones(zones, gazetteer: Gazetteer | None = None):
    """The region a zone table lies in (see :func:`geonews.places.regions.region_for`).

    >>> from geonews.zones.layers import read_zones
    >>> region_of_zones(read_zones(["Residents of Abasan were told to go to Rafah."])).id
    'gaza'
    """
    from ..places.regions import region_for

    gazetteer = gazetteer or Gazetteer.default()
    if zones is None or not len(zones):
        return _region(None, gazetteer)
    geoms = zones.to_crs("EPSG:4326").geometry
    geoms = geoms[~geoms.is_empty]
    if len(geoms) > 2000:  # a sample is as good a vote as all of them
        geoms = geoms.sample(2000, random_state=0)
    points = geoms.representative_point()
    return region_for([(p.x, p.y, None) for p in points], gazetteer)


def units(level: str, gazetteer: Gazetteer | None = None, region=None):
    """The polygons of one reporting level of a region (Gaza's unless told), with their
    census population where known.

    >>> g = units("governorate")
    >>> len(g), int(g.population.sum())
    (5, 1813941)
    """
    gazetteer = gazetteer or Gazetteer.default()
    reg = _region(region, gazetteer)
    if level not in reg.levels:
        raise GeonewsError(f"unknown unit level {level!r} for {reg.name} (choose from "
                           f"{', '.join(reg.levels) or 'none: no admin polygons'})")
    return _units(gazetteer, level, reg.id).copy()


@lru_cache(maxsize=16)
def _units(gazetteer: Gazetteer, level: str, region_id: str):
    import geopandas as gpd

    from ..places.regions import unit_places

    reg = _region(region_id, gazetteer)
    rows = []
    for p in unit_places(reg, level, gazetteer):
        rows.append({"unit_id": p.id, "unit": p.name, "unit_ar": p.name_ar,
                     "unit_kind": p.kind, "parent": p.parent, "code": p.code,
                     "population": p.population, "geometry": gazetteer.geometry(p)})
    if not rows:
        raise GeonewsError(f"the gazetteer has no {level} polygons for {reg.name}")
    table = gpd.GeoDataFrame(rows, geometry="geometry", crs="EPSG:4326")
    table["population"] = table["population"].astype("Int64")
    if level == "block":
        table["block"] = table["code"].astype(int)
        table = table.sort_values("block")
    return table.reset_index(drop=True)


def frame_of(gazetteer: Gazetteer | None = None, place: str | None = None, region=None):
    """The outline that shares are measured against: ``place`` (an id or a name) if
    given, else the region's outline (Gaza's unless told)."""
    gazetteer = gazetteer or Gazetteer.default()
    if place is None:
        reg = _region(region, gazetteer)
        if reg.outline is None or reg.outline_geometry(gazetteer) is None:
            # Zones on no known country (or on many): their share is of the whole Earth.
            from shapely.geometry import box

            from ..places.model import Place

            return Place("world", "the world", "region", None, 0.0, 0.0), \
                box(-180, -90, 180, 90)
        place = reg.outline
    found = gazetteer.get(place)
    if found is None:
        hits = [c.place for c in gazetteer.lookup(place) if c.place.has_geometry]
        if not hits:
            raise GeonewsError(f"--frame: no area called {place!r} in the gazetteer")
        found = hits[0]
    return found, gazetteer.geometry(found)


def population_surface(gazetteer: Gazetteer | None = None):
    """Pieces tiling the Strip, each with the census population living on it (see the
    module's docstring for how), in an equal-area CRS.

    >>> s = population_surface()
    >>> int(round(s.population.sum()))
    1813941
    """
    return _surface(gazetteer or Gazetteer.default()).copy()


@lru_cache(maxsize=4)
def _surface(gazetteer: Gazetteer):
    import geopandas as gpd
    import pandas as pd
    import shapely

    from .measure import equal_area_crs

    govs = units("governorate", gazetteer)
    crs = equal_area_crs(govs)
    govs = govs.to_crs(crs)
    camps = units("camp", gazetteer).to_crs(crs)
    towns = units("municipality", gazetteer).to_crs(crs)
    pieces = []
    for gov in govs.itertuples():
        gov_geom = gov.geometry
        mine_camps = camps[camps.geometry.representative_point().within(gov_geom)]
        mine_towns = towns[(towns.parent == gov.unit_id) & towns.population.notna()]
        camp_union = shapely.union_all(mine_camps.geometry.to_numpy()) if len(mine_camps) \
            else shapely.Polygon()
        local = []
        for c in mine_camps.itertuples():
            if not pd.isna(c.population):
                local.append((c.unit, c.geometry.intersection(gov_geom), int(c.population)))
        for t in mine_towns.itertuples():
            local.append((t.unit, t.geometry.intersection(gov_geom).difference(camp_union),
                          int(t.population)))
        counted = sum(p for _, _, p in local)
        total = counted if pd.isna(gov.population) else int(gov.population)
        covered = shapely.union_all([g for _, g, _ in local]) if local else shapely.Polygon()
        rest = gov_geom.difference(covered)
        if rest.area < 0.01 * gov_geom.area and counted:
            # Municipalities cover the governorate: they carry all of its people.
            scale, rest_population = total / counted, 0.0
        else:
            scale = min(1.0, total / counted) if counted else 1.0
            rest_population = max(0.0, total - counted * scale)
        for name, geom, pop in local:
            pieces.append({"piece": name, "governorate": gov.unit, "population": pop * scale,
                           "geometry": geom})
        if not rest.is_empty:
            pieces.append({"piece": f"rest of {gov.unit}", "governorate": gov.unit,
                           "population": rest_population, "geometry": rest})
    table = gpd.GeoDataFrame(pieces, geometry="geometry", crs=crs)
    table = table[~table.geometry.is_empty]
    table["area_km2"] = table.geometry.area / 1e6
    table["density"] = table.population / table.area_km2.where(table.area_km2 > 0)
    return table.reset_index(drop=True)

