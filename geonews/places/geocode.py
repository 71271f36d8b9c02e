"""``geonews.geocode``: names in, a GeoDataFrame of places out."""

from __future__ import annotations

from collections.abc import Iterable

from ..arguments import check_names
from .gazetteer import Gazetteer
from .matcher import Area, Matcher
from .model import Resolution


def resolution_record(res: Resolution) -> dict:
    """A flat, JSON-ready record of one resolution (no geometry).

    >>> from geonews.places.matcher import Matcher
    >>> resolution_record(Matcher().resolve_one("Bani Suhaila"))["kind"]
    'town'
    """
    p = res.place
    return {
        "query": res.query,
        "place_id": p.id if p else None,
        "name": p.name if p else None,
        "name_ar": p.name_ar if p else None,
        "kind": p.kind if p else None,
        "country": p.country if p else None,
        "admin1": p.admin1 if p else None,
        "lat": round(p.lat, 6) if p else None,
        "lon": round(p.lon, 6) if p else None,
        "match": res.match,
        "confidence": res.confidence,
        "alternatives": [
            {"place_id": c.place.id, "name": c.place.name, "kind": c.place.kind,
             "country": c.place.country, "lat": round(c.place.lat, 6),
             "lon": round(c.place.lon, 6), "match": c.match, "score": round(c.score, 3)}
            for c in res.alternatives
        ],
    }


def alternatives_text(record: dict) -> str:
    """The alternatives of a record as one readable cell: ``Rafaḩ (EG town); …``."""
    return "; ".join(f"{a['name']} ({a['country'] or '?'} {a['kind']}, {a['place_id']})"
                     for a in record["alternatives"])


def geocode(names: str | Iterable[str], *, country: str | Iterable[str] | None = None,
            within: str | Area | None = None, online: bool = False,
            user_agent: str | None = None, gazetteer: Gazetteer | None = None,
            alternatives: int = 3, geometry: bool = True):
    """Resolve place names to a GeoDataFrame, one row per name, in input order.

    Columns: query, place_id, name, name_ar, kind, country, admin1, lat, lon,
    match (exact | variant | fuzzy | online | none), confidence, alternatives and
    geometry (the place's polygon or line where the gazetteer has one, else its
    point; None for unresolved names).  CRS is EPSG:4326.

    Takes one name (``str``) or an iterable of them (a list, a pandas Series of
    strings); anything else (bytes, None, NaN, numbers) is a TypeError that says which
    item is wrong.  A query that cannot be a name ("N/A", "=1+1", "-") is unresolved.

    >>> df = geocode(["Khan Yunis", "Rafah", "Nowhere-at-all"])
    >>> df["match"].tolist()
    ['exact', 'exact', 'none']
    >>> df.crs.to_epsg()
    4326
    """
    import geopandas as gpd

    # Names only: str(None) is "None", a village in Italy; str(b"Rafah") no name at all.
    names = check_names(names, function="geocode()")
    gazetteer = gazetteer or Gazetteer.default()
    online_geocoder = None
    if online:
        from .geocoders.nominatim import NominatimGeocoder

        online_geocoder = NominatimGeocoder(user_agent=user_agent)
    matcher = Matcher(gazetteer, online=online_geocoder)
    resolutions = matcher.resolve(names, country=country, within=within,
                                  alternatives=alternatives)
    records, geoms = [], []
    for res in resolutions:
        rec = resolution_record(res)
        rec["alternatives"] = alternatives_text(rec)
        records.append(rec)
        if res.place is None:
            geoms.append(None)
        elif geometry and res.place.has_geometry:
            geoms.append(gazetteer.geometry(res.place))
        else:
            from shapely.geometry import Point

            geoms.append(Point(res.place.lon, res.place.lat))
    columns = ["query", "place_id", "name", "name_ar", "kind", "country", "admin1", "lat", "lon",
               "match", "confidence", "alternatives"]
    return gpd.GeoDataFrame(records, columns=columns, geometry=geoms, crs="EPSG:4326")
