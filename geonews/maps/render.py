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

from collections.abc import Callable, Iterable, Iterator

from ..pipeline import Extraction
from ..places.gazetteer import Gazetteer
from ..roles import Role
from .features import QUOTES_KEPT, FeatureCollector, MapFeature, Movement, collect_features

__all__ = ["MapFeature", "build_map", "collect_features", "iter_extractions",
           "load_extractions", "map_articles", "map_zones"]

AFFECTED, DESTINATION, BLOCK, ZONE, MOVEMENT = "#c0392b", "#1e8449", "#7d3c98", "#e67e22", "#34495e"
EXEMPTION, MENTION = "#2e86c1", "#7f8c8d"
BASEMAP_WATER = "#dfe6ea"  # the ground around the shipped land outlines
LAND = "#f7f4ea"
BASE_ATTRIBUTION = ("Places: © OpenStreetMap contributors (ODbL), GeoNames (CC BY 4.0); "
                    "country outlines: mledoze/countries (ODbL)")
#: what static pictures of Gaza zones credit (see :mod:`geonews.maps.static`)
ATTRIBUTION = ("Places: © OpenStreetMap contributors (ODbL), GeoNames (CC BY 4.0), PCBS/OCHA; "
               "evacuation blocks: IDF grid via bothness/gaza-geojson, orders via gazamaps.com; "
               "map: geonews")


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
              title: str | None = None, cumulative: bool = False,
              progress: Callable[[int], None] | None = None,
              drawing: Callable[[], None] | None = None):
    """:func:`map_articles`, also returning the features drawn (for a summary).

    Extractions are read one at a time and aggregated as they come
    (:class:`~geonews.maps.features.FeatureCollector`), so a corpus of any size maps in
    memory that grows with its distinct places; ``progress`` is called with the number
    of extractions read so far, ``drawing`` once they are all read and the map is
    being drawn.
    """
    from ..errors import InputError

    gazetteer = gazetteer or Gazetteer.default()
    collector = FeatureCollector(gazetteer)
    first = None
    for ex in iter_extractions(inputs, gazetteer):
        first = first or ex
        collector.add(ex)
        if progress is not None and collector.extractions % 500 == 0:
            progress(collector.extractions)
    if first is None:
        raise InputError("no articles to map")
    if progress is not None:
        progress(collector.extractions)
    if drawing is not None:
        drawing()
    features = collector.features()
    if title is None:
        title = first.document.title or first.document.source or "Article" \
            if collector.extractions == 1 else f"{collector.extractions:,} articles"
    m = _assemble(collector, gazetteer=gazetteer, tiles=tiles, title=title,
                  timeline=len(collector.dates) >= 2, cumulative=cumulative)
    if not any(f.role != "mention" for f in features):
        _notice(m, "No evacuation directive was found in "
                   + (", ".join(collector.sources) or "the input") + ". Places mentioned are "
                   "under \u201cOther places mentioned\u201d.")
    return m, features


def map_zones(zones, *, gazetteer: Gazetteer | None = None, tiles: bool = True,
              title: str = "Zones", cumulative: bool = True,
              progress: Callable[[int, int], None] | None = None):
    """A folium Map of a zone table (see :mod:`geonews.zones.layers`), with a time control
    when its zones carry two dates or more.  Rows with the same role, shape and date are
    drawn once, with the number of rows behind them.  ``progress`` is called with the
    rows read so far and their total.

    >>> from geonews.zones.layers import read_zones
    >>> type(map_zones(read_zones(["Residents of Abasan were told to go to Rafah."]))).__name__
    'Map'
    """
    gazetteer = gazetteer or Gazetteer.default()
    collector = FeatureCollector(gazetteer)
    # A batch's table shares each shape between the rows that hold it: its key (a digest
    # of its WKB) is worked out once per shape, not once per row.  ``keys`` is by object
    # id, which is safe while ``zones`` keeps every geometry alive.
    keys: dict[int, tuple] = {}
    zones = zones.to_crs("EPSG:4326")
    total = len(zones)
    for i, row in enumerate(zones.itertuples()):
        if progress is not None and i % 5000 == 0:
            progress(i, total)
        key = keys.get(id(row.geometry))
        if key is None:
            key = keys[id(row.geometry)] = collector.zone_key(row.geometry)
        role = "block" if row.kind == "block" and row.role == Role.AFFECTED else \
            _role_word(row.role)
        block = None if _missing(row.block) else int(row.block)
        name = next((v for v in (row.name, row.description) if not _missing(v)), role)
        date = None if _missing(row.date) else str(row.date)
        if date:
            collector.dates.add(date)
        collector.add_feature(MapFeature(
            role, str(name), None, kind=row.kind,
            sentence=None if _missing(row.sentence) else row.sentence,
            surface=str(block) if block is not None else str(name), date=date,
            source=None if _missing(row.source) else row.source), row.geometry, key)
    if progress is not None:
        progress(total, total)
    return _assemble(collector, gazetteer=gazetteer, tiles=tiles, title=title,
                     timeline=len(collector.dates) >= 2, cumulative=cumulative)


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
_ZONE_ROLES = {r.value: r.value for r in Role} | {"exempt": Role.EXEMPTION.value}


def _role_word(word) -> str:
    """A zone table's role as the map's word for it (older tables said "exempt")."""
    return _ZONE_ROLES.get(str(word), str(word))
_LEGEND_LABELS = {"affected": "ordered to leave", "destination": "told to go",
                  "exemption": "exempted", "block": "evacuation block",
                  "zone": "area named in an order", "mention": "other place mentioned"}


def _assemble(collector: FeatureCollector, *, gazetteer: Gazetteer, tiles: bool, title: str,
              timeline: bool, cumulative: bool):
    import folium

    from .elements import Attribution, Features, Legend, Shapes, Style, Timeline

    features = collector.features()
    reg = frame_of_features(features, gazetteer)
    bounds = _bounds(_in_view(features, reg.outline_geometry(gazetteer)))
    view = _padded(bounds)
    centre = [(view[1] + view[3]) / 2, (view[0] + view[2]) / 2] if view else [20.0, 0.0]
    # Tens of thousands of shapes (a corpus) draw on one canvas; fewer stay SVG elements.
    m = folium.Map(location=centre, zoom_start=9 if view else 2, tiles=None,
                   control_scale=True, prefer_canvas=len(features) > 2_000,
                   attribution_control=True)
    Style(background=None if tiles else BASEMAP_WATER).add_to(m)
    # Every shape once, referenced by the features that draw it.
    shape_ids = {key: i for i, key in enumerate(dict.fromkeys(f.shape for f in features))}
    Shapes([collector.shapes[key] for key in shape_ids]).add_to(m)
    if tiles:
        # folium re-renders a tile layer's options as a template: only fixed words here,
        # the sources of what geonews draws come through :class:`Attribution`.
        folium.TileLayer("OpenStreetMap", name="OpenStreetMap", control=False,
                         attr="\u00a9 OpenStreetMap contributors").add_to(m)
    else:
        _basemap(m, gazetteer, reg, view, drawn={f.name for f in features})
    _reference_layer(m, gazetteer, reg)
    dates = sorted({f.date for f in features if f.date}) if timeline else []
    index = {d: k for k, d in enumerate(dates)}
    many = len(features) > 2_000  # a corpus: quotes per thing, sentences shortened
    of_role: dict[str, list[MapFeature]] = {}
    for f in features:
        of_role.setdefault(f.role, []).append(f)
    by_role: dict[str, tuple[list[dict], dict]] = {
        role: _layer(fs, shape_ids, index if timeline else None, many)
        for role, fs in of_role.items()}
    movement = _movement_features(collector.movements(), collector.shapes,
                                  index if timeline else None, many, collector.pair_counts)
    if movement:
        by_role["movement"] = (movement, {})
    for role in ("affected", "destination", "exemption", "block", "zone", "movement",
                 "mention"):
        if role in by_role:
            group = folium.FeatureGroup(_LAYER_NAMES[role], show=role != "mention")
            layer, things = by_role[role]
            Features(layer, things=things, defaults={
                "colour": _COLOURS[role], "role_label": _ROLE_LABELS.get(role),
                "popup": role != "movement", "articles": 1}).add_to(group)
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
    Attribution(attribution_for(reg)).add_to(m)
    if timeline and dates:
        Timeline(dates, cumulative).add_to(m)
    if bounds is not None:
        minx, miny, maxx, maxy = bounds
        pad = 0.01
        m.fit_bounds([[miny - pad, minx - pad], [maxy + pad, maxx + pad]])
    return m


def _layer(features: list[MapFeature], shape_ids: dict[tuple, int],
           index: dict[str, int] | None, many: bool) -> tuple[list[dict], dict[int, dict]]:
    """The GeoJSON features of one layer and the table of the things they draw.

    What belongs to a thing — its names, kind, label, style — is sent once per thing
    (keyed by its shape); a feature adds its date, its article count and its quotes.
    With ``many`` (a corpus), quotes too are kept per thing: a few sentences from any
    date, cut at 240 characters, instead of every date's own.
    """
    things: dict[int, dict] = {}
    out: list[dict] = []
    for f in features:
        key = shape_ids[f.shape]
        thing = things.get(key)
        if thing is None:
            thing = things[key] = _thing(f)
            if many:
                # Tens of thousands of labels would bury a corpus map (and the browser):
                # names are in the tooltips and popups.
                for k in ("label", "label_at", "label_colour", "label_class", "label_size",
                          "label_anchor", "declutter"):
                    thing.pop(k, None)
        quotes = [_quote(q, many) for q in f.quotes]
        props: dict = {"shape": key, "articles": f.articles,
                       "date_index": None if index is None or f.role == "mention"
                       else index.get(f.date, 0)}
        if many:
            kept = thing.setdefault("quotes", [])
            kept += [q for q in quotes if len(kept) < QUOTES_KEPT
                     and all(q["sentence"] != k["sentence"] for k in kept)]
        elif quotes:
            props["quotes"] = quotes
        out.append({"type": "Feature", "geometry": None, "properties": props})
    return out, things


def _quote(q, many: bool) -> dict:
    meta = " \u00b7 ".join(x for x in (q.issuer and f"issued by {q.issuer}", q.date) if x)
    return {"sentence": _shortened(q.sentence, q.surface) if many else q.sentence,
            "surface": q.surface, "meta": meta or None, "article": q.article}


def _thing(f: MapFeature) -> dict:
    """How one thing is drawn and named, whatever the date."""
    # Role decides colour everywhere: a described zone takes the colour of its role.
    colour = _COLOURS[_ZONE_ROLES.get(f.zone_role, "zone")] if f.role == "zone" else \
        _COLOURS[f.role]
    props: dict = {"name": f.name, "name_ar": f.name_ar, "kind": f.kind or "",
                   "tooltip": f.name, "colour": colour,
                   "article": None if f.quotes else f.title or f.source}
    geom = f.geometry
    if geom.geom_type == "Point":
        props["radius"] = 7 if f.role != "mention" else 4
        if f.role != "mention":
            # Affected places and destinations known only as points are labelled on the map.
            props.update(label=f.name, label_at=[round(geom.y, 6), round(geom.x, 6)],
                         label_colour=colour, declutter=2)
    elif geom.geom_type in ("LineString", "MultiLineString"):
        props.update(weight=4, fill=False)
    else:
        props["fill_opacity"] = 0.25 if f.role != "block" else 0.15
        if f.role == "zone":
            props["dash"] = "6 4"  # described, not a named place: a dashed edge
        if f.role == "block":
            c = geom.representative_point()
            props.update(label=f.surface, label_at=[round(c.y, 6), round(c.x, 6)],
                         label_class="geonews-block-label", label_size=[30, 14],
                         label_anchor=[15, 7])
    return {k: v for k, v in props.items() if v is not None}


def _shortened(sentence: str | None, surface: str | None, width: int = 240) -> str | None:
    """A long sentence cut to ``width`` characters around the words it is quoted for.

    >>> _shortened("a " * 200 + "Rafah" + " b" * 200, "Rafah", 20)
    '… a a a Rafah b b b …'
    """
    if sentence is None or len(sentence) <= width:
        return sentence
    at = sentence.find(surface) if surface else -1
    at = max(at, 0)
    half = max(0, (width - len(surface or "")) // 2)
    start, end = max(0, at - half), min(len(sentence), at + len(surface or "") + half)
    return ("\u2026 " if start else "") + sentence[start:end].strip() + \
        (" \u2026" if end < len(sentence) else "")


MOST_ARROWS = 1_000  # on a map of a corpus: the most often ordered movements


def _movement_features(movements: list[Movement], shapes: dict,
                       index: dict[str, int] | None, many: bool = False,
                       pair_counts: dict | None = None) -> list[dict]:
    """An arrow from each affected place to each destination of its order (drawn by the
    page from the two points, so that each costs a few numbers).  With ``many`` (a
    corpus), one arrow per pair of places, from the first date it was ordered on, for
    the :data:`MOST_ARROWS` pairs ordered most often (a block's own arrows would bury
    the map: its orders are in its popup)."""
    if many:
        first: dict[tuple, Movement] = {}
        for mv in sorted(movements, key=lambda mv: mv.date or ""):
            if mv.origin[0] == "place" and str(mv.origin[1]).startswith("block:"):
                continue
            first.setdefault((mv.origin, mv.destination), mv)
        counts = pair_counts or {}
        movements = sorted(first.values(), key=lambda mv: -counts.get(
            (mv.origin, mv.destination), 0))[:MOST_ARROWS]
    points: dict[tuple, object] = {}

    def point(key):
        if key not in points:
            points[key] = shapes[key].representative_point()
        return points[key]

    out: list[dict] = []
    for mv in movements:
        pa, pd = point(mv.origin), point(mv.destination)
        if pa.equals(pd):
            continue
        out.append({"type": "Feature", "geometry": None, "properties": {
            "arrow": [round(pa.y, 5), round(pa.x, 5), round(pd.y, 5), round(pd.x, 5)],
            "tooltip": mv.label, "date_index": None if index is None else index.get(mv.date, 0)}})
    return out


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


def _bounds(features: list[MapFeature]) -> tuple[float, float, float, float] | None:
    """The bounds of what is drawn (the places mentioned, when nothing else is)."""
    drawn = [f.geometry for f in features if f.role != "mention"] or [
        f.geometry for f in features]
    boxes = [g.bounds for g in {id(g): g for g in drawn}.values() if not g.is_empty]
    if not boxes:
        return None
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes),
            max(b[3] for b in boxes))


#: the share of the articles behind a map that may lie outside its region's outline and
#: still not widen the first view to them (a corpus names a far namesake now and then)
STRAYS = 0.01


def _in_view(features: list[MapFeature], outline) -> list[MapFeature]:
    """The features the first view is fitted to: those within a degree of the region's
    outline when they carry all but :data:`STRAYS` of the articles, else all of them.

    A 100k-article batch drew Gaza a few pixels wide in a view from Egypt to Bali, for a
    few destinations read as far namesakes; those stay drawn, a zoom out away."""
    if outline is None:
        return features
    minx, miny, maxx, maxy = outline.bounds
    near, weight, total = [], 0, 0
    for f in features:
        if f.role == "mention" or f.geometry.is_empty:
            continue
        total += f.articles
        x0, y0, x1, y1 = f.geometry.bounds
        if x0 >= minx - 1 and x1 <= maxx + 1 and y0 >= miny - 1 and y1 <= maxy + 1:
            near.append(f)
            weight += f.articles
    return near if near and weight >= (1 - STRAYS) * total else features


def _padded(bounds) -> tuple[float, float, float, float] | None:
    """The area the basemap covers: the drawn features with a margin."""
    if bounds is None:
        return None
    minx, miny, maxx, maxy = bounds
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


def _basemap(m, gazetteer: Gazetteer, reg, view, drawn: set[str] = frozenset()) -> None:
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
        if p.name in drawn:
            continue  # labelled already, in its role's colour
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


def attribution_for(reg) -> str:
    return "; ".join(x for x in (BASE_ATTRIBUTION, reg.attribution, "map: geonews") if x)


def _notice(m, message: str) -> None:
    from .elements import Notice

    Notice(message).add_to(m)


def load_extractions(inputs: Iterable, gazetteer: Gazetteer) -> list[Extraction]:
    """Extractions from Extraction objects, texts, article files or extraction JSON files."""
    from ..errors import InputError

    out = list(iter_extractions(inputs, gazetteer))
    if not out:
        raise InputError("no articles to map")
    return out


def iter_extractions(inputs: Iterable, gazetteer: Gazetteer) -> Iterator[Extraction]:
    """:func:`load_extractions` one at a time (a batch's results are read line by line)."""
    import json
    from pathlib import Path

    from ..pipeline import Extractor, extraction_from_dict
    from ..text.readers import read_documents

    extractor = None
    for item in inputs:
        if isinstance(item, Extraction):
            yield item
            continue
        extractor = extractor or Extractor(gazetteer)
        if isinstance(item, str) and not Path(item).suffix and "\n" not in item and \
                not Path(item).exists() and item != "-":
            yield extractor.extract(item)
            continue
        path = Path(item)
        if path.suffix.lower() == ".jsonl" and path.exists() and _holds_extractions(path):
            yield from (extraction_from_dict(r, gazetteer) for r in _results(path))
            continue
        if path.suffix.lower() == ".json" and path.exists():
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
            except (ValueError, UnicodeDecodeError):
                data = None
            records = data if isinstance(data, list) else [data]
            if records and all(isinstance(r, dict) and "directives" in r for r in records):
                yield from (extraction_from_dict(r, gazetteer) for r in records)
                continue
        yield from (extractor.extract_document(d) for d in read_documents(item))


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


def _results(path):
    """:func:`geonews.batch.results.iter_results`, parsed with orjson: reading is most of
    the time a map of a batch takes, and orjson parses a batch's lines about three times
    as fast as :mod:`json`.  What orjson refuses (NaN, huge integers) is parsed by
    :mod:`json`, as before."""
    import json

    import orjson

    from ..batch.results import line_id, replace_lone_surrogates
    with open(path, "rb") as fh:
        for line in fh:
            if line_id(line) is None:
                continue
            # A lone surrogate is written as bytes ED A0-BF: without a byte ED the line
            # has none, and the search over all its text (Arabic makes it non-ASCII)
            # is skipped (a tenth of the reading time).
            text = line.decode("utf-8", "surrogatepass")
            if b"\xed" in line:
                text = replace_lone_surrogates(text)
            try:
                yield orjson.loads(text)
            except orjson.JSONDecodeError:
                yield json.loads(text)
