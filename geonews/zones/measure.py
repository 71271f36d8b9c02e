"""Measuring zones: union, break-down by unit, comparison of two layers, timeline.

Areas are computed in an equal-area projection (never in degrees), chosen by the
extent of what is measured (:func:`equal_area_crs`): a Lambert azimuthal equal-area
centred on the data for a region — at the Strip's size its areas are exact to well
under 0.1 % — and a cylindrical equal-area one for anything spanning a good part of
the globe, up to the whole Earth (which an azimuthal projection tears apart at the
far side).  Edges longer than :data:`MAX_EDGE_DEGREES` are cut before projecting, so
that an edge is read the way GeoJSON means it, straight in longitude and latitude,
whatever the projection does to it.  The same projection serves the unions and
intersections (GEOS works in a plane) and the measuring.

Zones overlap (the same block ordered twice, a town and its blocks): measures
always dissolve them first, so nothing is counted twice.  Zones known only as
points or lines have no area; they are left out and counted in ``points``.

>>> from shapely.geometry import box
>>> import geopandas as gpd
>>> z = gpd.GeoDataFrame({"role": ["affected"] * 2, "date": [None] * 2},
...                      geometry=[box(34.30, 31.30, 34.31, 31.31), box(34.305, 31.30, 34.315, 31.31)],
...                      crs="EPSG:4326")
>>> round(float(union(z).area_km2.iloc[0]), 2)   # 1.5 boxes of ~1.05 km² each, not 2
1.58
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date as _date
from datetime import timedelta

from ..errors import GeonewsError
from ..places.gazetteer import Gazetteer

UNDATED = "undated"

#: A unit is *touched* by zones only if the part of it they cover is at least this large
#: (km²) and at least :data:`SLIVER_SHARE` of the unit: below either, it is a sliver that
#: two tracings of one border leave (a zone drawn to a unit's edge, cut by its
#: neighbour), not an order.
SLIVER_KM2 = 1e-4
SLIVER_SHARE = 1e-4

#: Edges longer than this (degrees) are cut before projecting: a 1° edge bends by a few
#: metres at most in the projections below, an error of some 1e-5 of an area.
MAX_EDGE_DEGREES = 1.0
#: Extents spanning more than this (degrees of longitude or latitude) are measured in
#: the cylindrical equal-area projection instead of an azimuthal one centred on them.
REGIONAL_SPAN_DEGREES = 60.0
#: Lambert's cylindrical equal-area projection on WGS 84: one-to-one on the whole
#: longitude/latitude rectangle, poles included, so the whole Earth is a rectangle of
#: the Earth's area.
GLOBAL_EQUAL_AREA = "+proj=cea +lon_0=0 +lat_ts=0 +datum=WGS84 +units=m +no_defs"


def _wgs84_bounds(obj):
    """(minx, miny, maxx, maxy) in degrees of a GeoDataFrame/GeoSeries (any CRS) or a WGS 84
    shapely geometry; None when it is empty."""
    import math

    if hasattr(obj, "crs"):
        if len(obj) == 0:
            return None
        bounds = obj.to_crs("EPSG:4326").total_bounds if obj.crs is not None else obj.total_bounds
    else:
        bounds = obj.bounds
    return None if any(math.isnan(b) for b in bounds) else tuple(bounds)


def equal_area_crs(obj, *others):
    """An equal-area CRS to measure ``obj`` (and ``others``) in: GeoDataFrames/GeoSeries in
    any CRS, or WGS 84 shapely geometries.

    While everything fits in :data:`REGIONAL_SPAN_DEGREES`, a Lambert azimuthal
    equal-area CRS centred on ``obj`` (rounded to 0.1°, so that layers of one region
    share one CRS); beyond, the cylindrical equal-area CRS of the whole globe.

    >>> strip = Gazetteer.default().geometry("ps:gaza-strip")
    >>> equal_area_crs(strip).srs
    '+proj=laea +lat_0=31.4 +lon_0=34.4 +datum=WGS84 +units=m +no_defs +type=crs'
    >>> from shapely.geometry import box
    >>> equal_area_crs(strip, box(-170, -80, 170, 80)).srs.split()[0]
    '+proj=cea'
    """
    from pyproj import CRS

    centre = _wgs84_bounds(obj)
    extents = [b for b in (centre, *(_wgs84_bounds(o) for o in others)) if b is not None]
    if centre is None or not extents:
        return CRS.from_proj4(GLOBAL_EQUAL_AREA)
    span_x = max(b[2] for b in extents) - min(b[0] for b in extents)
    span_y = max(b[3] for b in extents) - min(b[1] for b in extents)
    if span_x > REGIONAL_SPAN_DEGREES or span_y > REGIONAL_SPAN_DEGREES:
        return CRS.from_proj4(GLOBAL_EQUAL_AREA)
    lon = round((centre[0] + centre[2]) / 2, 1)
    lat = round((centre[1] + centre[3]) / 2, 1)
    return CRS.from_proj4(f"+proj=laea +lat_0={lat} +lon_0={lon} +datum=WGS84 +units=m +no_defs")


def short_edges(geoms):
    """WGS 84 geometries with no edge longer than :data:`MAX_EDGE_DEGREES` (only those
    large enough to have such an edge are rebuilt).

    >>> from shapely.geometry import box
    >>> [len(g.exterior.coords) for g in short_edges([box(0, 0, 0.5, 0.5), box(0, 0, 3, 1)])]
    [5, 9]
    """
    import numpy as np
    import shapely

    geoms = np.asarray(geoms, dtype=object)
    bounds = shapely.bounds(geoms)
    # An edge longer than the limit needs a bounding box at least limit/√2 wide or high.
    big = np.flatnonzero(np.fmax(bounds[:, 2] - bounds[:, 0], bounds[:, 3] - bounds[:, 1])
                         > MAX_EDGE_DEGREES / 2 ** 0.5)
    if len(big):
        geoms = geoms.copy()
        geoms[big] = shapely.segmentize(geoms[big], MAX_EDGE_DEGREES)
    return geoms


def to_equal_area(frame, crs):
    """A GeoDataFrame or GeoSeries (any CRS) in the equal-area ``crs``, long edges cut first."""
    import geopandas as gpd

    if frame.crs is not None and not frame.crs.equals("EPSG:4326"):
        frame = frame.to_crs("EPSG:4326")
    from .layers import distinct

    geoms = frame.geometry if isinstance(frame, gpd.GeoDataFrame) else frame
    # Rows sharing a shape (a batch's zones table) share its projection too.
    shapes, rows = distinct(geoms.to_numpy())
    projected = gpd.GeoSeries(short_edges(shapes), crs="EPSG:4326").to_crs(crs)
    out = gpd.GeoSeries(projected.to_numpy()[rows], index=geoms.index, crs=projected.crs)
    if isinstance(frame, gpd.GeoDataFrame):
        frame = frame.copy()
        frame[geoms.name] = out
        return frame.set_crs(projected.crs, allow_override=True)
    return out


def areas_km2(geoms, crs=None):
    """Areas in km² of many WGS 84 shapely geometries, in ``crs`` (by default the
    equal-area CRS their extent calls for); 0 for points and lines.

    >>> from shapely.geometry import box
    >>> [round(float(a)) for a in areas_km2([box(0, 0, 1, 1), box(-180, -90, 180, 90)])]
    [12308, 510065622]
    """
    import geopandas as gpd
    import numpy as np

    series = gpd.GeoSeries(np.asarray(geoms, dtype=object), crs="EPSG:4326")
    return to_equal_area(series, crs or equal_area_crs(series)).area.to_numpy() / 1e6


def area_km2(geom, crs=None) -> float:
    """Area of a WGS 84 shapely geometry in km² (computed equal-area, see :func:`areas_km2`).

    >>> round(area_km2(Gazetteer.default().geometry("ps:gaza-strip")))
    365
    """
    return float(areas_km2([geom], crs)[0])


def dissolve(geoms):
    """One geometry covering ``geoms`` (projected or not), each identical shape used once.

    Orders name the same blocks day after day: dropping repeats before the union is
    what makes it fast on long order logs.
    """
    import numpy as np
    import shapely

    geoms = np.asarray([g for g in geoms if g is not None], dtype=object)
    if len(geoms) == 0:
        return shapely.Polygon()
    _, first = np.unique(shapely.to_wkb(geoms), return_index=True)
    return shapely.union_all(geoms[np.sort(first)])


#: Below this many polygons a grouped union runs in one thread: dask would only add overhead.
DASK_MIN_POLYGONS = 20_000


def dissolve_groups(polys, keys, *, workers: int | None = None) -> dict:
    """One dissolved geometry per key (``keys``: a label per polygon of ``polys``, a
    GeoSeries or GeoDataFrame).  Identical shapes within a group count once.  Big tables
    are dissolved with dask-geopandas on ``workers`` threads (GEOS releases the GIL),
    which pays from tens of thousands of polygons on; small ones in this thread.
    """
    import os

    import geopandas as gpd
    import shapely

    geoms = polys.geometry.to_numpy() if hasattr(polys, "geometry") else polys.to_numpy()
    frame = gpd.GeoDataFrame({"group": list(keys), "wkb": shapely.to_wkb(geoms)},
                             geometry=list(geoms), crs=getattr(polys, "crs", None))
    frame = frame.drop_duplicates(["group", "wkb"])
    workers = workers or os.cpu_count() or 1
    if workers > 1 and len(frame) >= DASK_MIN_POLYGONS:
        import dask_geopandas

        parts = dask_geopandas.from_geopandas(frame[["group", "geometry"]],
                                              npartitions=workers * 4)
        out = parts.dissolve(by="group").compute(scheduler="threads", num_workers=workers)
        return dict(zip(out.index, out.geometry))
    return {k: shapely.union_all(g.geometry.to_numpy()) for k, g in frame.groupby("group")}


def is_touched(area_km2, unit_area_km2):
    """Whether ``area_km2`` of a unit of ``unit_area_km2`` is more than a sliver (element-wise
    on arrays).

    >>> bool(is_touched(8e-10, 60.0)), bool(is_touched(0.5, 60.0)), bool(is_touched(0.004, 60.0))
    (False, True, False)
    """
    import numpy as np

    area = np.asarray(area_km2, dtype=float)
    unit = np.asarray(unit_area_km2, dtype=float)
    share = np.divide(area, unit, out=np.zeros_like(area), where=unit > 0)
    return (area >= SLIVER_KM2) & (share >= SLIVER_SHARE)


def area_part(geom, other):
    """The polygons of ``geom ∩ other``: where two areas touch along an edge GEOS returns a
    collection holding the shared line too, and a later overlay of such a collection with
    an empty geometry fails in GEOS ≥ 3.12 ("Unable to determine overlay result geometry
    dimension").  An area's part is an area, so the lines and points are dropped.

    >>> from shapely.geometry import box
    >>> area_part(box(0, 0, 1, 1).union(box(2, 0, 3, 1)), box(1, 0, 2.5, 1)).wkt
    'POLYGON ((2.5 1, 2.5 0, 2 0, 2 1, 2.5 1))'
    """
    from .layers import _polygonal

    return _polygonal(geom.intersection(other))


def _areal(zones):
    """The zones with an area: they alone decide the projection (a far-away place known
    only as a point is never measured)."""
    return zones[zones.geometry.geom_type.isin(("Polygon", "MultiPolygon")).to_numpy()]


def _areas_only(zones, crs):
    """The zones with an area, projected to ``crs``; and how many were points or lines."""
    kept = zones[zones.geometry.geom_type.isin(("Polygon", "MultiPolygon"))]
    return to_equal_area(kept, crs), len(zones) - len(kept)


def _select(zones, role: str | None):
    for column in ("role", "date", "source"):  # tables made by hand may lack them
        if column not in zones.columns:
            zones = zones.assign(**{column: "affected" if column == "role" else None})
    zones = _without_collections(zones)
    if role in (None, "all"):
        return zones
    from ..roles import Role

    try:
        wanted = Role.parse(str(role))
    except ValueError:
        raise GeonewsError(f"unknown role {role!r} (affected, destination, exemption or all)"
                           ) from None
    # tables written before roles were one type said "exempt"
    return zones[zones["role"].isin([wanted.value] + (["exempt"] if wanted is Role.EXEMPTION
                                                      else []))]


def _without_collections(zones):
    """Zones whose GeometryCollections are replaced by their polygons (or points/lines),
    so that a collection holding a polygon is measured as that polygon."""
    import shapely

    from .layers import flatten_collections

    geoms = zones.geometry.to_numpy()
    if not (shapely.get_type_id(geoms) == 7).any():
        return zones
    import geopandas as gpd

    out = zones.copy()
    out[zones.geometry.name] = gpd.GeoSeries(flatten_collections(geoms), index=zones.index,
                                             crs=zones.crs)
    return out


def _dissolve_by(zones, by: str | None, crs, workers: int | None) -> dict:
    """Group label → the dissolved areas of that group's zones, in ``crs``."""
    areas = zones.geometry.geom_type.isin(("Polygon", "MultiPolygon")).to_numpy()
    keys = _group_keys(zones, by).to_numpy()[areas]
    return dissolve_groups(to_equal_area(zones[areas], crs), keys, workers=workers)


def _group_keys(zones, by: str | None):
    """The group label of every zone (a Series on the zones' index)."""
    import pandas as pd

    if by is None:
        return pd.Series("all", index=zones.index)
    if by not in ("date", "source"):
        raise GeonewsError(f"cannot group by {by!r} (date or source)")
    return zones[by].fillna(UNDATED).astype(str)


def _groups(zones, by: str | None):
    if by is None:
        yield "all", zones
        return
    keys = _group_keys(zones, by)
    for key in sorted(keys.unique(), key=lambda k: (k == UNDATED, k)):
        yield key, zones[keys == key]


def union(zones, *, by: str | None = None, role: str | None = "affected",
          frame=None, gazetteer: Gazetteer | None = None, workers: int | None = None):
    """The dissolved zones (per date or source with ``by``), with their area in km² and
    their share of the frame (the Gaza Strip unless ``frame`` is another area).

    Returns a GeoDataFrame (WGS 84): ``group, zones, points, area_km2, share, dates,
    sources, geometry``.
    """
    import geopandas as gpd

    gazetteer = gazetteer or Gazetteer.default()
    frame_place, frame_geom = frame if frame is not None else _default_frame(gazetteer, zones)
    zones = _select(zones, role)
    crs = equal_area_crs(frame_geom, _areal(zones))
    frame_area = area_km2(frame_geom, crs)
    merged = _dissolve_by(zones, by, crs, workers)
    rows = []
    for key, group in _groups(zones, by):
        geom = merged.get(key)
        if geom is None:
            import shapely

            geom = shapely.Polygon()
        points = int((~group.geometry.geom_type.isin(("Polygon", "MultiPolygon"))).sum())
        rows.append({"group": key, "zones": len(group), "points": points,
                     "area_km2": geom.area / 1e6, "share": geom.area / 1e6 / frame_area,
                     "dates": _span(group["date"]), "sources": group["source"].nunique(),
                     "geometry": geom})
    out = gpd.GeoDataFrame(rows, geometry="geometry", crs=crs).to_crs("EPSG:4326")
    out.attrs.update(frame=frame_place.name, frame_area_km2=frame_area)
    return out


def _default_frame(gazetteer: Gazetteer, *layers):
    """The outline of the region the zones lie in (the Gaza Strip for Gaza's zones,
    Lebanon for Lebanese villages…)."""
    import pandas as pd

    from .units import frame_of, region_of_zones

    present = [z for z in layers if z is not None and len(z)]
    both = pd.concat(present) if len(present) > 1 else (present[0] if present else None)
    return frame_of(gazetteer, region=region_of_zones(both, gazetteer))


def _span(dates) -> str | None:
    known = sorted(d for d in dates.dropna().astype(str) if d)
    if not known:
        return None
    return known[0] if known[0] == known[-1] else f"{known[0]}/{known[-1]}"


def breakdown(zones, level: str = "governorate", *, by: str | None = None,
              role: str | None = "affected", gazetteer: Gazetteer | None = None,
              workers: int | None = None, region=None):
    """For each unit of a level of the zones' region (Gaza: governorate, municipality,
    camp or block; Lebanon: governorate, kaza; any country: region, county): its area,
    the area of it under orders, the share, and — where the region has a population
    source (Gaza: the PCBS 2017 census) — an estimate of the population living there.

    Returns a GeoDataFrame (WGS 84, geometry = the part of the unit under orders):
    ``group, unit_id, unit, unit_ar, unit_area_km2, area_km2, share, population,
    population_estimate, touched, geometry``.  Units with nothing under orders are listed
    with 0; ``touched`` says whether the part under orders is more than a sliver
    (:func:`is_touched`).
    """
    import geopandas as gpd
    import shapely

    from .units import (POPULATION_NOTE, no_population_note, population_surface,
                        region_of_zones, units)

    gazetteer = gazetteer or Gazetteer.default()
    reg = region if region is not None else region_of_zones(zones, gazetteer)
    table = units(level, gazetteer, reg)
    zones = _select(zones, role)
    crs = equal_area_crs(table, _areal(zones))
    table = to_equal_area(table, crs)
    unit_geoms = table.geometry.to_numpy()
    unit_areas = shapely.area(unit_geoms) / 1e6
    tree = shapely.STRtree(unit_geoms)
    from ..places.regions import region as region_by_id

    reg = reg if not isinstance(reg, str) else region_by_id(reg, gazetteer)
    surface = population_surface(gazetteer) if reg.has_population else None
    merged = _dissolve_by(zones, by, crs, workers)
    rows = []
    for key, _group in _groups(zones, by):
        covered = merged.get(key, shapely.Polygon())
        parts = [shapely.Polygon()] * len(table)
        for i in tree.query(covered, predicate="intersects"):
            parts[i] = area_part(unit_geoms[i], covered)
        estimates = estimate_population(parts, crs, surface) if surface is not None \
            else [None] * len(parts)
        for i, unit in enumerate(table.itertuples()):
            area = parts[i].area / 1e6
            rows.append({"group": key, "unit_id": unit.unit_id, "unit": unit.unit,
                         "unit_ar": unit.unit_ar, "unit_area_km2": unit_areas[i],
                         "area_km2": area, "share": area / unit_areas[i] if unit_areas[i] else 0.0,
                         "population": unit.population,
                         "population_estimate": estimates[i], "geometry": parts[i]})
    out = gpd.GeoDataFrame(rows, geometry="geometry", crs=crs).to_crs("EPSG:4326")
    out["population"] = out["population"].astype("Int64")
    out.insert(out.columns.get_loc("geometry"), "touched",
               is_touched(out["area_km2"].to_numpy(), out["unit_area_km2"].to_numpy()))
    out.attrs["note"] = POPULATION_NOTE if surface is not None else no_population_note(reg)
    out.attrs["region"] = reg.name
    return out


def estimate_population(geoms: Sequence, crs, surface=None) -> list[float]:
    """Estimated 2017 residents of each geometry (in ``crs``): the census population of
    every piece of the population surface, times the share of the piece it covers."""
    import geopandas as gpd
    import shapely

    from .units import population_surface

    surface = population_surface() if surface is None else surface
    if not geoms:
        return []
    series = gpd.GeoSeries(list(geoms), crs=crs)
    if series.crs != surface.crs:
        series = series.to_crs(surface.crs)
    pieces = surface.geometry.to_numpy()
    pops, areas = surface.population.to_numpy(), shapely.area(pieces)
    tree = shapely.STRtree(pieces)
    out = []
    for g in series:
        if g is None or g.is_empty:
            out.append(0.0)
            continue
        total = 0.0
        for j in tree.query(g, predicate="intersects"):
            if areas[j] > 0:
                total += pops[j] * shapely.intersection(pieces[j], g).area / areas[j]
        out.append(total)
    return out


def compare(a, b, *, level: str | None = None, role: str | None = "affected",
            gazetteer: Gazetteer | None = None, only_touched: bool = True):
    """How two zone layers agree: area of each, of both, only in A, only in B, and the
    intersection-over-union — overall, or per unit with ``level``.

    Per unit, only the units that A or B touch (more than a sliver, :func:`is_touched`)
    are listed, unless ``only_touched`` is False; ``attrs["untouched"]`` counts the others.

    Returns a GeoDataFrame (WGS 84, geometry = the unit, or the union of A and B):
    ``unit_id, unit, area_a_km2, area_b_km2, both_km2, only_a_km2, only_b_km2, iou``.
    """
    import geopandas as gpd
    import shapely

    from .units import units

    gazetteer = gazetteer or Gazetteer.default()
    _, frame_geom = _default_frame(gazetteer, a, b)
    a, b = _select(a, role), _select(b, role)
    crs = equal_area_crs(frame_geom, _areal(a), _areal(b))
    ga = dissolve(_areas_only(a, crs)[0].geometry.to_numpy())
    gb = dissolve(_areas_only(b, crs)[0].geometry.to_numpy())
    if level is None:
        frames = [("all", "all", shapely.union(ga, gb))]
    else:
        from .units import region_of_zones

        import pandas as pd

        both = pd.concat([x for x in (a, b) if len(x)]) if len(a) or len(b) else a
        table = to_equal_area(units(level, gazetteer, region_of_zones(both, gazetteer)), crs)
        frames = list(zip(table.unit_id, table.unit, table.geometry))
    rows, untouched = [], 0
    for uid, name, unit in frames:
        pa, pb = (ga, gb) if level is None else (area_part(ga, unit), area_part(gb, unit))
        if (level is not None and only_touched
                and not is_touched(max(pa.area, pb.area) / 1e6, unit.area / 1e6)):
            untouched += 1
            continue
        both = area_part(pa, pb).area / 1e6
        either = pa.union(pb).area / 1e6
        rows.append({"unit_id": uid, "unit": name, "area_a_km2": pa.area / 1e6,
                     "area_b_km2": pb.area / 1e6, "both_km2": both,
                     "only_a_km2": pa.difference(pb).area / 1e6,
                     "only_b_km2": pb.difference(pa).area / 1e6,
                     "iou": both / either if either > 0 else None, "geometry": unit})
    columns = ["unit_id", "unit", "area_a_km2", "area_b_km2", "both_km2", "only_a_km2",
               "only_b_km2", "iou", "geometry"]
    out = gpd.GeoDataFrame(rows, columns=columns, geometry="geometry",
                           crs=crs).to_crs("EPSG:4326")
    out.attrs["untouched"] = untouched
    return out


def timeline(zones, *, role: str | None = "affected", daily: bool = True,
             gazetteer: Gazetteer | None = None):
    """The cumulative area under orders per day, from the first dated zone to the last.

    Orders are taken to stand once given (news rarely reports their end): the area on a
    day is the union of every zone dated that day or earlier.  With ``daily``, days
    without orders are listed too (carrying the area forward).

    Returns a DataFrame: ``date, zones, new_km2, area_km2, share`` (``new_km2``: area
    first put under orders that day).
    """
    import pandas as pd

    gazetteer = gazetteer or Gazetteer.default()
    frame_place, frame_geom = _default_frame(gazetteer, zones)
    zones = _select(zones, role)
    dated = zones[zones["date"].notna()]
    crs = equal_area_crs(frame_geom, _areal(dated))
    frame_area = area_km2(frame_geom, crs)
    columns = ["date", "zones", "new_km2", "area_km2", "share"]
    if dated.empty:
        empty = pd.DataFrame(columns=columns)
        empty.attrs.update(frame_area_km2=frame_area, frame=frame_place.name)
        return empty
    polys, _ = _areas_only(dated, crs)
    by_day = {d: g.geometry.to_numpy() for d, g in polys.groupby("date")}
    counts = dated.groupby("date").size().to_dict()
    days = sorted(counts)
    if daily:
        first, last = _date.fromisoformat(days[0]), _date.fromisoformat(days[-1])
        days = [(first + timedelta(days=k)).isoformat() for k in range((last - first).days + 1)]
    import shapely

    cumulative, area = shapely.Polygon(), 0.0
    seen: set[bytes] = set()
    seen_objects: set[int] = set()
    rows = []
    for day in days:
        before = area
        # Order logs repeat the same blocks day after day: only shapes not seen before
        # can add area.
        fresh = []
        for geom in by_day.get(day, ()):
            if id(geom) in seen_objects:  # a shared shape (by_day keeps it alive)
                continue
            seen_objects.add(id(geom))
            key = geom.wkb
            if key not in seen:
                seen.add(key)
                fresh.append(geom)
        if fresh:
            cumulative = shapely.union(cumulative, dissolve(fresh))
            # A union can lose 1e-13 of its area to rounding: the total never goes down.
            area = max(before, cumulative.area)
        rows.append({"date": day, "zones": counts.get(day, 0), "new_km2": (area - before) / 1e6,
                     "area_km2": area / 1e6, "share": area / 1e6 / frame_area})
    out = pd.DataFrame(rows, columns=columns)
    out.attrs.update(frame_area_km2=frame_area, frame=frame_place.name)
    return out
