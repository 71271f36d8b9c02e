"""Areas described relative to a place or a line: "south of Wadi Gaza", "east of
Salah al-Din Road", "the eastern neighbourhoods of Khan Younis".

Each becomes a polygon derived from the gazetteer's own geometry: the
containing area (the Gaza Strip, or the place itself) cut by a half-plane
through the reference.  Shapes are in WGS 84 lon/lat; the cuts are straight
lines of latitude or longitude, or the reference line itself extended to the
edges.

>>> from shapely.geometry import box, LineString
>>> square = box(0, 0, 10, 10)
>>> side_of(square, LineString([(0, 5), (10, 5)]), "north").bounds
(0.0, 5.0, 10.0, 10.0)
>>> part_of(square, "east").bounds
(5.0, 0.0, 10.0, 10.0)
"""

from __future__ import annotations

from dataclasses import dataclass, field

from shapely.geometry import LineString, MultiLineString, Polygon, box, mapping
from shapely.ops import linemerge

from ..roles import Role

SIDES = ("north", "south", "east", "west")
_FAR = 5.0  # degrees: farther than any region this is used on


@dataclass
class Zone:
    """An area a directive names without naming a place: a side of a line, a part of a town."""

    description: str
    geometry: object  # shapely (Multi)Polygon, WGS 84
    role: Role = Role.AFFECTED
    basis: tuple[str, ...] = field(default_factory=tuple)  # ids of the places it is cut from

    def to_dict(self) -> dict:
        return {"description": self.description, "role": Role(self.role).value,
                "basis": list(self.basis),
                "geometry": mapping(self.geometry) if self.geometry is not None else None}


def _as_line(geom) -> LineString | None:
    if isinstance(geom, LineString):
        return geom
    if isinstance(geom, MultiLineString):
        merged = linemerge(geom)
        if isinstance(merged, LineString):
            return merged
        return max(merged.geoms, key=lambda g: g.length)
    return None


def _half_plane(reference, side: str, frame) -> Polygon:
    """The part of the plane on ``side`` of ``reference`` (a line, a point or an area)."""
    minx, miny, maxx, maxy = frame.bounds
    minx, miny, maxx, maxy = minx - _FAR, miny - _FAR, maxx + _FAR, maxy + _FAR
    line = _as_line(reference)
    if line is not None and len(line.coords) >= 2:
        coords = list(line.coords)
        if side in ("north", "south"):
            coords.sort(key=lambda c: c[0])
            edge = [(minx, coords[0][1]), *coords, (maxx, coords[-1][1])]
            far = maxy if side == "north" else miny
            return Polygon([*edge, (maxx, far), (minx, far)]).buffer(0)
        coords.sort(key=lambda c: c[1])
        edge = [(coords[0][0], miny), *coords, (coords[-1][0], maxy)]
        far = maxx if side == "east" else minx
        return Polygon([*edge, (far, maxy), (far, miny)]).buffer(0)
    # A point or an area: the band beyond its edge.
    rminx, rminy, rmaxx, rmaxy = reference.bounds
    if side == "north":
        return box(minx, rmaxy, maxx, maxy)
    if side == "south":
        return box(minx, miny, maxx, rminy)
    if side == "east":
        return box(rmaxx, miny, maxx, maxy)
    return box(minx, miny, rminx, maxy)


def side_of(region, reference, side: str):
    """The part of ``region`` that lies ``side`` of ``reference``; None if nothing does."""
    if side not in SIDES:
        raise ValueError(f"side must be one of {SIDES}")
    part = region.intersection(_half_plane(reference, side, region.union(reference.envelope)))
    return None if part.is_empty or part.area == 0 else part


def radius_around(reference, metres: float):
    """The area within ``metres`` of a place or a line (WGS 84 in, WGS 84 out), drawn in
    a local azimuthal equidistant projection so that a mile is a mile at any latitude.

    >>> from shapely.geometry import Point
    >>> disc = radius_around(Point(-118.14, 34.19), 1609.344)   # one mile around Altadena
    >>> round(disc.bounds[3] - 34.19, 4)
    0.0145
    """
    import numpy as np
    import pyproj
    import shapely

    c = reference.centroid if reference.geom_type != "Point" else reference
    local = pyproj.CRS.from_proj4(f"+proj=aeqd +lat_0={c.y} +lon_0={c.x} +datum=WGS84 +units=m")
    to_local = pyproj.Transformer.from_crs("EPSG:4326", local, always_xy=True)
    back = pyproj.Transformer.from_crs(local, "EPSG:4326", always_xy=True)

    def through(t):
        return lambda xy: np.column_stack(t.transform(xy[:, 0], xy[:, 1]))

    disc = shapely.transform(reference, through(to_local)).buffer(metres, quad_segs=32)
    return shapely.transform(disc, through(back))


def between(region, a, b):
    """The part of ``region`` between two places or lines ("between the Litani and the
    Awali"): beyond the southern one to the north and short of the northern one (or the
    same west to east, when they lie side by side).  None if nothing is between them.

    >>> from shapely.geometry import LineString, box
    >>> square = box(0, 0, 10, 10)
    >>> between(square, LineString([(0, 2), (10, 2)]), LineString([(0, 7), (10, 7)])).bounds
    (0.0, 2.0, 10.0, 7.0)
    """
    ca, cb = a.centroid, b.centroid
    extents = [(g.bounds[2] - g.bounds[0], g.bounds[3] - g.bounds[1]) for g in (a, b)
               if g.geom_type != "Point"]
    if extents:  # lines and areas: those running west to east part north from south
        north_south = max(w for w, _ in extents) >= max(h for _, h in extents)
    else:  # two points: the way from one to the other
        north_south = abs(cb.y - ca.y) >= abs(cb.x - ca.x)
    if north_south:
        low, high = (a, b) if ca.y <= cb.y else (b, a)
        first, second = side_of(region, low, "north"), side_of(region, high, "south")
    else:
        low, high = (a, b) if ca.x <= cb.x else (b, a)
        first, second = side_of(region, low, "east"), side_of(region, high, "west")
    if first is None or second is None:
        return None
    part = first.intersection(second)
    return None if part.is_empty or part.area == 0 else part


def part_of(area, side: str):
    """The ``side`` half of an area, cut through its centroid ("eastern Khan Younis")."""
    if side not in SIDES or area.area == 0:
        return None
    c = area.centroid
    minx, miny, maxx, maxy = area.bounds
    cut = {"north": box(minx, c.y, maxx, maxy), "south": box(minx, miny, maxx, c.y),
           "east": box(c.x, miny, maxx, maxy), "west": box(minx, miny, c.x, maxy)}[side]
    part = area.intersection(cut)
    return None if part.is_empty else part
