"""Drawing extractions as a folium map: where people were told to leave, and where to go.

Layers (each in the layer control): affected areas (red), destinations (green),
evacuation blocks (labelled), movement (affected → destination), other places
mentioned (grey, hidden at first) and a quiet reference of the Strip and its
governorates.  Every feature's popup names the place in English and Arabic and
quotes the sentence that put it there.

Article text is untrusted.  It never reaches a template or HTML source: each layer is
a :class:`~geonews.maps.elements.Features` element whose words travel as JSON data
and become DOM text in the browser (see :mod:`geonews.maps.elements`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..pipeline import Extraction
from ..places.gazetteer import Gazetteer

AFFECTED, DESTINATION, BLOCK, ZONE, MOVEMENT = "#c0392b", "#1e8449", "#7d3c98", "#e67e22", "#34495e"
EXEMPTION, MENTION = "#2e86c1", "#7f8c8d"
BASEMAP_WATER = "#dfe6ea"  # the ground around the shipped land outlines
SIMPLIFY_DEGREES = 0.0001  # about 10 m: right at street scale, a fraction of the vertices
LAND = "#f7f4ea"
BASE_ATTRIBUTION = ("Places: © OpenStreetMap contributors (ODbL), GeoNames (CC BY 4.0); "
                    "country outlines: mledoze/countries (ODbL)")
#: what static pictures of Gaza zones credit (see :mod:`geonews.maps.static`)
ATTRIBUTION = ("Places: © OpenStreetMap contributors (ODbL), GeoNames (CC BY 4.0), PCBS/OCHA; "
               "evacuation blocks: IDF grid via bothness/gaza-geojson, orders via gazamaps.com; "
               "map: geonews")


@dataclass
class MapFeature:
    """One thing drawn: a place in a role, a block or a zone, with the words behind it."""

    role: str  # affected | destination | exemption | block | zone | mention
    name: str
    geometry: object  # shapely, WGS 84
    name_ar: str | None = None
    kind: str | None = None
    sentence: str | None = None
    surface: str | None = None  # the words of the sentence that named it
    issuer: str | None = None
    date: str | None = None
    title: str | None = None
    source: str | None = None
    country: str | None = None  # of the place, where known: it helps find the map's frame
    zone_role: str | None = None  # for described zones: affected, destination or exempt


def collect_features(extractions: Sequence[Extraction], gazetteer: Gazetteer
                     ) -> list[MapFeature]:
    """The features of all extractions (boilerplate mentions are never drawn)."""
    from shapely.geometry import Point

    def geometry_of(place):
        geom = gazetteer.geometry(place)  # its shape, or its point
        if geom.geom_type in ("Polygon", "MultiPolygon", "LineString", "MultiLineString"):
            geom = geom.simplify(SIMPLIFY_DEGREES, preserve_topology=True)
        return geom

    out: list[MapFeature] = []
    for ex in extractions:
        doc = ex.document
        roles: set[str] = set()
        for d in ex.directives:
            common = dict(sentence=d.sentence, issuer=d.issuer, date=d.date or doc.date,
                          title=doc.title, source=doc.source)
            for role, ref in d.roles():
                p = ref.place
                if p is None:
                    continue
                roles.add(p.id)
                out.append(MapFeature(role, p.name, geometry_of(p), p.name_ar, p.kind,
                                      surface=ref.mention.text, country=p.country, **common))
            for n in d.blocks:
                block = gazetteer.block(n)
                if block is not None:
                    out.append(MapFeature("block", f"Block {n}", geometry_of(block),
                                          block.name_ar, "block", surface=str(n),
                                          country=block.country, **common))
            for z in d.zones:
                out.append(MapFeature("zone", z.description, z.geometry.simplify(
                    SIMPLIFY_DEGREES, preserve_topology=True), kind=f"zone ({z.role})",
                    surface=z.description, zone_role=z.role, **common))
        for m in ex.mentions:
            if m.section != "body" or m.place is None or m.place.id in roles:
                continue
            roles.add(m.place.id)
            out.append(MapFeature("mention", m.place.name, Point(m.place.lon, m.place.lat),
                                  m.place.name_ar, m.place.kind, title=doc.title,
                                  source=doc.source, country=m.place.country))
    return _distinct(out)


def _distinct(features: list[MapFeature]) -> list[MapFeature]:
    """Each thing drawn once: a bulletin repeating a sentence (or an article pasted twice)
    names the same place in the same words, and drawing it again only slows the page."""
    seen, out = set(), []
    for f in features:
        key = (f.role, f.name, f.kind, f.sentence, f.date, f.source)
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out


def map_articles(inputs: Iterable, *, gazetteer: Gazetteer | None = None, tiles: bool = True,
                 title: str | None = None, cumulative: bool = False):
    # ``tiles=False`` draws the offline basemap instead of web tiles (self-contained maps);
    # with orders of two or more dates, a timeline plays them in date order, each date
    # alone or, with ``cumulative``, with the dates before it.
    """A folium Map of the evacuation orders in ``inputs``.

    ``inputs``: :class:`Extraction` objects, article texts, or paths of articles or
    extraction JSON files (anything ``geonews extract`` reads or writes).

    >>> m = map_articles(["Residents of Abasan were told to go to Rafah."])
    >>> type(m).__name__
    'Map'
    """
    return build_map(inputs, gazetteer=gazetteer, tiles=tiles, title=title,
                     cumulative=cumulative)[0]


def build_map(inputs: Iterable, *, gazetteer: Gazetteer | None = None, tiles: bool = True,
              title: str | None = None, cumulative: bool = False):
    """:func:`map_articles`, also returning the features drawn (for a summary)."""
    gazetteer = gazetteer or Gazetteer.default()
    extractions = load_extractions(inputs, gazetteer)
    features = collect_features(extractions, gazetteer)
    dated = len({e.document.date for e in extractions if e.document.date}) >= 2
    m = _assemble(features, gazetteer=gazetteer, tiles=tiles, title=title or _title(extractions),
                  timeline=dated, cumulative=cumulative)
    if not any(f.role != "mention" for f in features):
        _notice(m, "No evacuation directive was found in "
                   + (", ".join(e.document.source or "the text" for e in extractions[:3])
                      or "the input") + ". Places mentioned are under "
                   "\u201cOther places mentioned\u201d.")
    return m, features


def map_zones(zones, *, gazetteer: Gazetteer | None = None, tiles: bool = True,
              title: str = "Zones", cumulative: bool = True):
    """A folium Map of a zone table (see :mod:`geonews.zones.layers`), with a time control
    when its zones carry two dates or more.

    >>> from geonews.zones.layers import read_zones
    >>> type(map_zones(read_zones(["Residents of Abasan were told to go to Rafah."]))).__name__
    'Map'
    """
    gazetteer = gazetteer or Gazetteer.default()
    features = []
    for row in zones.to_crs("EPSG:4326").itertuples():
        role = "block" if row.kind == "block" and row.role == "affected" else \
            {"exempt": "exemption"}.get(row.role, row.role)
        geom = row.geometry
        if geom.geom_type not in ("Point", "MultiPoint"):
            geom = geom.simplify(SIMPLIFY_DEGREES, preserve_topology=True)
        block = None if _missing(row.block) else int(row.block)
        name = next((v for v in (row.name, row.description) if not _missing(v)), role)
        features.append(MapFeature(role, str(name), geom, kind=row.kind,
                                   sentence=None if _missing(row.sentence) else row.sentence,
                                   surface=str(block) if block is not None else str(name),
                                   date=None if _missing(row.date) else str(row.date),
                                   source=None if _missing(row.source) else row.source))
    dated = zones["date"].dropna().nunique() >= 2 if len(zones) else False
    return _assemble(_distinct(features), gazetteer=gazetteer, tiles=tiles, title=title,
                     timeline=dated, cumulative=cumulative)


def _missing(value) -> bool:
    import pandas as pd

    return value is None or bool(pd.isna(value))


_ROLE_LABELS = {"affected": "ordered to leave", "destination": "told to go here",
                "exemption": "exempted from the order", "block": "evacuation block",
                "zone": "area named in the order", "mention": "mentioned"}
_LAYER_NAMES = {
    "affected": "Affected areas (ordered to leave)",
    "destination": "Destinations (told to go)",
    "exemption": "Exempted places",
    "block": "Evacuation blocks",
    "zone": "Areas described in orders",
    "movement": "Movement",
    "mention": "Other places mentioned",
}
_COLOURS = {"affected": AFFECTED, "destination": DESTINATION, "exemption": EXEMPTION,
            "block": BLOCK, "zone": ZONE, "mention": MENTION, "movement": MOVEMENT}
_ZONE_ROLES = {"affected": "affected", "destination": "destination", "exempt": "exemption"}
_LEGEND_LABELS = {"affected": "ordered to leave", "destination": "told to go",
                  "exemption": "exempted", "block": "evacuation block",
                  "zone": "area named in an order", "mention": "other place mentioned"}


def _assemble(features: list[MapFeature], *, gazetteer: Gazetteer, tiles: bool, title: str,
              timeline: bool, cumulative: bool):
    import folium

    from .elements import Attribution, Features, Legend, Style, Timeline

    reg = frame_of_features(features, gazetteer)
    view = _view(features)
    centre = [(view[1] + view[3]) / 2, (view[0] + view[2]) / 2] if view else [20.0, 0.0]
    m = folium.Map(location=centre, zoom_start=9 if view else 2, tiles=None,
                   control_scale=True, prefer_canvas=False, attribution_control=True)
    Style(background=None if tiles else BASEMAP_WATER).add_to(m)
    if tiles:
        # folium re-renders a tile layer's options as a template: only fixed words here,
        # the sources of what geonews draws come through :class:`Attribution`.
        folium.TileLayer("OpenStreetMap", name="OpenStreetMap", control=False,
                         attr="\u00a9 OpenStreetMap contributors").add_to(m)
    else:
        _basemap(m, gazetteer, reg, view)
    _reference_layer(m, gazetteer, reg)
    dates = sorted({f.date for f in features if f.date}) if timeline else []
    index = {d: k for k, d in enumerate(dates)}
    by_role: dict[str, list[dict]] = {}
    for f in features:
        date_index = index.get(f.date, 0) if timeline and f.role != "mention" else None
        by_role.setdefault(f.role, []).extend(_geojson_features(f, date_index))
    movement = _movement(features, index if timeline else None)
    if movement:
        by_role["movement"] = movement
    for role in ("affected", "destination", "exemption", "block", "zone", "movement",
                 "mention"):
        if by_role.get(role):
            group = folium.FeatureGroup(_LAYER_NAMES[role], show=role != "mention")
            Features(by_role[role]).add_to(group)
            group.add_to(m)
    folium.LayerControl(collapsed=False).add_to(m)
    present = set(by_role) | {_ZONE_ROLES.get(f.zone_role, "affected") for f in features
                              if f.role == "zone"}
    rows = [{"colour": _COLOURS[r], "label": _LEGEND_LABELS[r]}
            for r in ("affected", "destination", "exemption", "block", "mention")
            if r in present]
    if by_role.get("zone"):
        rows.append({"colour": "#555555", "label": _LEGEND_LABELS["zone"] + " (dashed edge)",
                     "dashed": True})
    if movement:
        rows.append({"colour": MOVEMENT, "label": "movement ordered", "line": True})
    Legend(title, rows).add_to(m)
    Attribution(_attribution(reg)).add_to(m)
    if timeline and dates:
        Timeline(dates, cumulative).add_to(m)
    drawn = [f.geometry for f in features if f.role != "mention"] or [
        f.geometry for f in features]
    if drawn:
        import shapely

        minx, miny, maxx, maxy = shapely.union_all(drawn).bounds
        pad = 0.01
        m.fit_bounds([[miny - pad, minx - pad], [maxy + pad, maxx + pad]])
    return m


def _geojson_features(f: MapFeature, date_index: int | None) -> list[dict]:
    """The GeoJSON feature drawing ``f``, with the words of its popup as properties."""
    from shapely.geometry import mapping

    # Role decides colour everywhere: a described zone takes the colour of its role.
    colour = _COLOURS[_ZONE_ROLES.get(f.zone_role, "zone")] if f.role == "zone" else \
        _COLOURS[f.role]
    meta = " \u00b7 ".join(x for x in (f.issuer and f"issued by {f.issuer}", f.date) if x)
    props: dict = {"name": f.name, "name_ar": f.name_ar, "kind": f.kind or "",
                   "role_label": _ROLE_LABELS.get(f.role, f.role), "sentence": f.sentence,
                   "surface": f.surface, "meta": meta or None,
                   "article": f.title or f.source, "colour": colour, "popup": True,
                   "tooltip": f.name, "date_index": date_index}
    geom = f.geometry
    if geom.geom_type == "Point":
        props["radius"] = 7 if f.role != "mention" else 4
        if f.role != "mention":
            # Affected places and destinations known only as points are labelled on the map.
            props.update(label=f.name, label_at=[geom.y, geom.x], label_colour=colour,
                         declutter=2 if f.role != "mention" else 1)
    elif geom.geom_type in ("LineString", "MultiLineString"):
        props.update(weight=4, fill=False)
    else:
        props["fill_opacity"] = 0.25 if f.role != "block" else 0.15
        if f.role == "zone":
            props["dash"] = "6 4"  # described, not a named place: a dashed edge
        if f.role == "block":
            c = geom.representative_point()
            props.update(label=f.surface, label_at=[c.y, c.x], label_class="geonews-block-label",
                         label_size=[30, 14], label_anchor=[15, 7])
    return [{"type": "Feature", "geometry": mapping(geom), "properties": props}]


def _movement(features: list[MapFeature], index: dict[str, int] | None) -> list[dict]:
    """A dashed line with an arrowhead from each affected place to each destination of its
    order, as GeoJSON features."""
    from shapely.geometry import LineString, Polygon, mapping

    by_sentence: dict[str, dict[str, list[MapFeature]]] = {}
    for f in features:
        if f.role in ("affected", "destination", "block", "zone") and f.sentence:
            key = "destination" if f.role == "destination" else "affected"
            by_sentence.setdefault(f.sentence, {}).setdefault(key, []).append(f)
    out: list[dict] = []
    pairs = set()
    for roles in by_sentence.values():
        for a in roles.get("affected", []):
            for d in roles.get("destination", []):
                if (a.name, d.name, a.date) in pairs:
                    continue  # one arrow per movement and date
                pairs.add((a.name, d.name, a.date))
                pa, pd = a.geometry.representative_point(), d.geometry.representative_point()
                date_index = None if index is None else index.get(a.date, 0)
                common = {"colour": MOVEMENT, "date_index": date_index, "interactive": True}
                out.append({"type": "Feature", "geometry": mapping(LineString([pa, pd])),
                            "properties": {**common, "weight": 2, "dash": "6 6", "opacity": 0.8,
                                           "fill": False,
                                           "tooltip": f"{a.name} \u2192 {d.name}"}})
                out.append({"type": "Feature",
                            "geometry": mapping(Polygon(_arrowhead(pa, pd))),
                            "properties": {**common, "weight": 1, "fill_opacity": 0.9,
                                           "interactive": False}})
    return out


def _arrowhead(a, b, size: float = 0.004) -> list[tuple[float, float]]:
    """A small triangle at ``b`` pointing away from ``a`` (lon/lat pairs; no plugin needed).

    >>> from shapely.geometry import Point
    >>> _arrowhead(Point(0, 0), Point(1, 0), size=0.1)
    [(1.0, 0.0), (0.82, 0.1), (0.82, -0.1)]
    """
    import math

    dx, dy = b.x - a.x, b.y - a.y
    length = math.hypot(dx, dy) or 1.0
    ux, uy = dx / length, dy / length
    back_x, back_y = b.x - ux * size * 1.8, b.y - uy * size * 1.8
    return [(b.x, b.y), (round(back_x - uy * size, 12), round(back_y + ux * size, 12)),
            (round(back_x + uy * size, 12), round(back_y - ux * size, 12))]


def _outline(geom, *, colour: str, weight: float, dash: str | None = None,
             tooltip: str | None = None, fill_colour: str | None = None) -> dict:
    from shapely.geometry import mapping

    props = {"colour": colour, "weight": weight, "dash": dash, "fill": fill_colour is not None,
             "tooltip": tooltip, "interactive": tooltip is not None}
    if fill_colour is not None:
        props.update(fill_colour=fill_colour, fill_opacity=1)
    return {"type": "Feature", "geometry": mapping(geom.simplify(0.0005, preserve_topology=True)),
            "properties": props}


def frame_of_features(features: list[MapFeature], gazetteer: Gazetteer):
    """The region the drawn features lie in (see :func:`geonews.places.regions.region_for`)."""
    from ..places.regions import region_for

    shown = [f for f in features if f.role != "mention"] or features
    points = []
    for f in shown:
        c = f.geometry.representative_point() if not f.geometry.is_empty else None
        if c is not None:
            points.append((c.x, c.y, f.country))
    return region_for(points, gazetteer)


def _view(features: list[MapFeature]) -> tuple[float, float, float, float] | None:
    """The area the map opens on: the drawn features with a margin."""
    import shapely

    drawn = [f.geometry for f in features if f.role != "mention"] or [
        f.geometry for f in features]
    drawn = [g for g in drawn if not g.is_empty]
    if not drawn:
        return None
    minx, miny, maxx, maxy = shapely.union_all(drawn).bounds
    pad = max(0.05, 0.3 * max(maxx - minx, maxy - miny))
    return (minx - pad, miny - pad, maxx + pad, maxy + pad)


def _reference_layer(m, gazetteer: Gazetteer, reg) -> None:
    """The region's outline and its reference units (e.g. governorates), quietly."""
    import folium

    from ..places.regions import unit_places
    from .elements import Features

    outlines = []
    outline = reg.outline_geometry(gazetteer)
    if outline is not None:
        outlines.append(_outline(outline, colour="#555555", weight=1.5))
    units = unit_places(reg, reg.reference, gazetteer) if reg.reference else []
    for unit in units:
        label = f"{unit.name} \u00b7 {unit.name_ar}" if unit.name_ar else unit.name
        outlines.append(_outline(gazetteer.geometry(unit), colour="#999999", weight=0.8,
                                 dash="4 4", tooltip=label))
    if not outlines:
        return
    name = f"Reference: {reg.name}" + (f" and {reg.reference} boundaries" if units else "")
    group = folium.FeatureGroup(name)
    Features(outlines).add_to(group)
    group.add_to(m)


def _basemap(m, gazetteer: Gazetteer, reg, view) -> None:
    """A plain basemap from shipped boundaries, for maps that must work offline: the
    countries in view on a neutral ground, the region's land, towns labelled."""
    import folium

    from .elements import Features

    land = []
    if view is not None:
        for country in gazetteer.shapes_over(view, kinds=["country"]):
            land.append(_outline(gazetteer.geometry(country), colour="#b0a990", weight=1,
                                 fill_colour=LAND))
    outline = reg.outline_geometry(gazetteer)
    if outline is not None:
        land.append(_outline(outline, colour="#b0a990", weight=1, fill_colour=LAND))
    for p in _labelled_places(gazetteer, reg, view):
        land.append({"type": "Feature",
                     "geometry": {"type": "Point", "coordinates": [p.lon, p.lat]},
                     "properties": {"marker": False, "label": p.name,
                                    "label_at": [p.lat, p.lon], "declutter": 1,
                                    "label_class": "geonews-place-label",
                                    "label_size": [120, 14], "label_anchor": [0, 7]}})
    base = folium.FeatureGroup("Basemap (offline)", control=False)
    Features(land).add_to(base)
    base.add_to(m)


def _labelled_places(gazetteer: Gazetteer, reg, view) -> list:
    """Towns worth a label on the offline basemap: the region's own list where it has one
    (e.g. Gaza's municipalities), else the most populous places in view, one per name."""
    rule = reg.labels or {}
    if rule:
        return [p for p in gazetteer.places(region=rule.get("region"))
                if p.kind in rule.get("kinds", ()) and p.id.startswith(rule.get("id_prefix", ""))]
    if view is None:
        return []
    seen, out = set(), []
    for p in gazetteer.places_in(view, kinds=["city", "town", "village"], limit=400):
        if p.name not in seen:
            seen.add(p.name)
            out.append(p)
        if len(out) >= 80:
            break
    return out


def _attribution(reg) -> str:
    return "; ".join(x for x in (BASE_ATTRIBUTION, reg.attribution, "map: geonews") if x)


def _title(extractions: Sequence[Extraction]) -> str:
    if len(extractions) == 1:
        return extractions[0].document.title or extractions[0].document.source or "Article"
    return f"{len(extractions)} articles"


def _notice(m, message: str) -> None:
    from .elements import Notice

    Notice(message).add_to(m)


def load_extractions(inputs: Iterable, gazetteer: Gazetteer) -> list[Extraction]:
    """Extractions from Extraction objects, texts, article files or extraction JSON files."""
    import json
    from pathlib import Path

    from ..errors import InputError
    from ..pipeline import Extractor, extraction_from_dict
    from ..text.readers import read_documents

    extractor = None
    out: list[Extraction] = []
    for item in inputs:
        if isinstance(item, Extraction):
            out.append(item)
            continue
        extractor = extractor or Extractor(gazetteer)
        if isinstance(item, str) and not Path(item).suffix and "\n" not in item and \
                not Path(item).exists() and item != "-":
            out.append(extractor.extract(item))
            continue
        path = Path(item)
        if path.suffix.lower() == ".jsonl" and path.exists() and _holds_extractions(path):
            from ..batch.results import iter_results

            out += [extraction_from_dict(r, gazetteer) for r in iter_results(path)]
            continue
        if path.suffix.lower() == ".json" and path.exists():
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
            except (ValueError, UnicodeDecodeError):
                data = None
            records = data if isinstance(data, list) else [data]
            if records and all(isinstance(r, dict) and "directives" in r for r in records):
                out += [extraction_from_dict(r, gazetteer) for r in records]
                continue
        out += [extractor.extract_document(d) for d in read_documents(item)]
    if not out:
        raise InputError("no articles to map")
    return out


def _holds_extractions(path) -> bool:
    """A JSONL file of extraction results (``geonews batch``), not of articles."""
    import json

    with open(path, "rb") as fh:
        first = fh.readline(1 << 20)
    try:
        record = json.loads(first)
    except ValueError:
        return False
    return isinstance(record, dict) and "directives" in record and "text" not in record
