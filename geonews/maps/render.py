"""Drawing extractions as a folium map: where people were told to leave, and where to go.

Layers (each in the layer control): affected areas (red), destinations (green),
evacuation blocks (labelled), movement (affected → destination), other places
mentioned (grey, hidden at first) and a quiet reference of the Strip and its
governorates.  Every feature's popup names the place in English and Arabic and
quotes the sentence that put it there.

Article text is untrusted.  folium writes popup HTML into a JavaScript template
literal, so :func:`safe_html` escapes not only ``< > & "`` but also the
backtick, ``$`` and the backslash, which would otherwise run as code there.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..pipeline import Extraction
from ..places.gazetteer import Gazetteer

AFFECTED, DESTINATION, BLOCK, ZONE, MOVEMENT = "#c0392b", "#1e8449", "#7d3c98", "#e67e22", "#34495e"
SIMPLIFY_DEGREES = 0.0001  # about 10 m: right at street scale, a fraction of the vertices
ATTRIBUTION = ("Places: © OpenStreetMap contributors (ODbL), GeoNames (CC BY 4.0), PCBS/OCHA; "
               "evacuation blocks: IDF grid via bothness/gaza-geojson, orders via gazamaps.com; "
               "map: geonews")


def safe_html(text: object) -> str:
    """Text made inert for HTML and for a JavaScript template literal.

    >>> safe_html("<img src=x onerror=alert(1)> ${alert(2)} `x` \\\\u003c")
    '&lt;img src=x onerror=alert(1)&gt; &#36;{alert(2)} &#96;x&#96; &#92;u003c'
    """
    escaped = html.escape("" if text is None else str(text), quote=True)
    return escaped.replace("`", "&#96;").replace("$", "&#36;").replace("\\", "&#92;")


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


def _popup(f: MapFeature) -> str:
    role = {"affected": "ordered to leave", "destination": "told to go here",
            "exemption": "exempted from the order", "block": "evacuation block",
            "zone": "area named in the order", "mention": "mentioned"}.get(f.role, f.role)
    parts = [f"<b>{safe_html(f.name)}</b>"]
    if f.name_ar:
        parts.append(f'<span dir="rtl" lang="ar">{safe_html(f.name_ar)}</span>')
    parts.append(f"<i>{safe_html(f.kind or '')}</i> — {safe_html(role)}")
    if f.sentence:
        sentence = safe_html(f.sentence)
        if f.surface:
            marked = safe_html(f.surface)
            sentence = sentence.replace(marked, f"<mark>{marked}</mark>", 1)
        parts.append(f"<blockquote>{sentence}</blockquote>")
    meta = [x for x in (f.issuer and f"issued by {f.issuer}", f.date) if x]
    if meta:
        parts.append(safe_html(" · ".join(meta)))
    if f.title or f.source:
        parts.append(f"<small>{safe_html(f.title or f.source)}</small>")
    return "<br>".join(parts)


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
                                      surface=ref.mention.text, **common))
            for n in d.blocks:
                block = gazetteer.block(n)
                if block is not None:
                    out.append(MapFeature("block", f"Block {n}", geometry_of(block),
                                          block.name_ar, "block", surface=str(n), **common))
            for z in d.zones:
                out.append(MapFeature("zone", z.description, z.geometry.simplify(
                    SIMPLIFY_DEGREES, preserve_topology=True), kind=f"zone ({z.role})",
                    surface=z.description, **common))
        for m in ex.mentions:
            if m.section != "body" or m.place is None or m.place.id in roles:
                continue
            roles.add(m.place.id)
            out.append(MapFeature("mention", m.place.name, Point(m.place.lon, m.place.lat),
                                  m.place.name_ar, m.place.kind, title=doc.title,
                                  source=doc.source))
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


def _assemble(features: list[MapFeature], *, gazetteer: Gazetteer, tiles: bool, title: str,
              timeline: bool, cumulative: bool):
    import folium

    m = folium.Map(location=[31.42, 34.38], zoom_start=11, tiles=None, control_scale=True,
                   prefer_canvas=False, attribution_control=True)
    if tiles:
        folium.TileLayer("OpenStreetMap", name="OpenStreetMap", attr=ATTRIBUTION,
                         control=False).add_to(m)
    else:
        _basemap(m, gazetteer)
    _reference_layer(m, gazetteer, features)
    groups = {
        "affected": folium.FeatureGroup("Affected areas (ordered to leave)"),
        "destination": folium.FeatureGroup("Destinations (told to go)"),
        "exemption": folium.FeatureGroup("Exempted places"),
        "block": folium.FeatureGroup("Evacuation blocks"),
        "zone": folium.FeatureGroup("Areas described in orders"),
        "movement": folium.FeatureGroup("Movement"),
        "mention": folium.FeatureGroup("Other places mentioned", show=False),
    }
    colours = {"affected": AFFECTED, "destination": DESTINATION, "exemption": "#2e86c1",
               "block": BLOCK, "zone": ZONE, "mention": "#7f8c8d"}
    entries: list[tuple[str | None, object, list]] = []
    for f in features:
        made = _draw(f, groups[f.role], colours[f.role])
        if f.role != "mention":
            entries.append((f.date, groups[f.role], made))
    for date, made in _movement(groups["movement"], features):
        entries.append((date, groups["movement"], made))
    for g in groups.values():
        if g._children:
            g.add_to(m)
    folium.LayerControl(collapsed=False).add_to(m)
    _legend(m, title)
    if timeline:
        _timeline_control(m, entries, cumulative)
    drawn = [f.geometry for f in features if f.role != "mention"] or [
        f.geometry for f in features]
    if drawn:
        import shapely

        minx, miny, maxx, maxy = shapely.union_all(drawn).bounds
        pad = 0.01
        m.fit_bounds([[miny - pad, minx - pad], [maxy + pad, maxx + pad]])
    return m


def _draw(f: MapFeature, group, colour: str) -> list:
    """Draw one feature into its layer; returns the folium objects made (for the timeline)."""
    import folium
    from shapely.geometry import mapping

    popup = folium.Popup(_popup(f), max_width=360)
    tooltip = folium.Tooltip(safe_html(f.name))
    if f.geometry.geom_type == "Point":
        marker = folium.CircleMarker([f.geometry.y, f.geometry.x],
                                     radius=7 if f.role != "mention" else 4, color=colour,
                                     fill=True, fill_color=colour, fill_opacity=0.7, weight=2,
                                     popup=popup, tooltip=tooltip)
        marker.add_to(group)
        if f.role == "mention":
            return [marker]
        # Affected places and destinations known only as points are labelled on the map.
        label = folium.Marker([f.geometry.y, f.geometry.x], icon=folium.DivIcon(
            html=f'<div class="geonews-point-label" style="color:{colour}">'
                 f'{safe_html(f.name)}</div>', icon_size=(160, 14), icon_anchor=(-9, 7)))
        label.add_to(group)
        return [marker, label]
    style = {"color": colour, "weight": 2, "fillColor": colour,
             "fillOpacity": 0.25 if f.role != "block" else 0.15}
    if f.geometry.geom_type in ("LineString", "MultiLineString"):
        style = {"color": colour, "weight": 4}
    gj = folium.GeoJson(mapping(f.geometry), style_function=lambda _x, s=style: s,
                        highlight_function=lambda _x: {"weight": 4}, tooltip=tooltip)
    gj.add_child(popup)
    gj.add_to(group)
    drawn = [gj]
    if f.role == "block":
        c = f.geometry.representative_point()
        label = folium.Marker([c.y, c.x], icon=folium.DivIcon(
            html=f'<div class="geonews-block-label">{safe_html(f.surface)}</div>',
            icon_size=(30, 14), icon_anchor=(15, 7)))
        label.add_to(group)
        drawn.append(label)
    return drawn


def _movement(group, features: list[MapFeature]) -> list[tuple[str | None, list]]:
    """A line with an arrowhead from each affected place to each destination of its order."""
    import folium

    drawn: list[tuple[str | None, list]] = []
    by_sentence: dict[str, dict[str, list[MapFeature]]] = {}
    for f in features:
        if f.role in ("affected", "destination", "block", "zone") and f.sentence:
            key = "destination" if f.role == "destination" else "affected"
            by_sentence.setdefault(f.sentence, {}).setdefault(key, []).append(f)
    pairs = set()
    for roles in by_sentence.values():
        for a in roles.get("affected", []):
            for d in roles.get("destination", []):
                if (a.name, d.name, a.date) in pairs:
                    continue  # one arrow per movement and date
                pairs.add((a.name, d.name, a.date))
                pa, pd = a.geometry.representative_point(), d.geometry.representative_point()
                line = folium.PolyLine([[pa.y, pa.x], [pd.y, pd.x]], color=MOVEMENT, weight=2,
                                       dash_array="6 6", opacity=0.8,
                                       tooltip=folium.Tooltip(
                                           safe_html(f"{a.name} \u2192 {d.name}")))
                head = folium.Polygon(_arrowhead(pa, pd), color=MOVEMENT, weight=1, fill=True,
                                      fill_color=MOVEMENT, fill_opacity=0.9)
                line.add_to(group)
                head.add_to(group)
                drawn.append((a.date, [line, head]))
    return drawn


def _arrowhead(a, b, size: float = 0.004) -> list[list[float]]:
    """A small triangle at ``b`` pointing away from ``a`` (lat/lon pairs; no plugin needed)."""
    import math

    dx, dy = b.x - a.x, b.y - a.y
    length = math.hypot(dx, dy) or 1.0
    ux, uy = dx / length, dy / length
    back_x, back_y = b.x - ux * size * 1.8, b.y - uy * size * 1.8
    left = (back_x - uy * size, back_y + ux * size)
    right = (back_x + uy * size, back_y - ux * size)
    return [[b.y, b.x], [left[1], left[0]], [right[1], right[0]]]


def _reference_layer(m, gazetteer: Gazetteer, features: list[MapFeature]) -> None:
    import folium
    from shapely.geometry import mapping

    group = folium.FeatureGroup("Reference: Gaza Strip and governorates")
    strip = gazetteer.geometry("ps:gaza-strip").simplify(0.0005, preserve_topology=True)
    folium.GeoJson(mapping(strip), style_function=lambda _x: {
        "color": "#555555", "weight": 1.5, "fill": False}, control=False).add_to(group)
    for gov in gazetteer.places(kind="governorate", region="gaza"):
        geom = gazetteer.geometry(gov).simplify(0.0005, preserve_topology=True)
        folium.GeoJson(mapping(geom), style_function=lambda _x: {
            "color": "#999999", "weight": 0.8, "dashArray": "4 4", "fill": False},
            tooltip=folium.Tooltip(safe_html(f"{gov.name} · {gov.name_ar or ''}")),
            control=False).add_to(group)
    group.add_to(m)


def _basemap(m, gazetteer: Gazetteer) -> None:
    """A plain basemap from shipped boundaries, for maps that must work offline: land of
    the Strip on a neutral ground, municipalities labelled, attribution on the map."""
    import folium
    from branca.element import Element
    from shapely.geometry import mapping

    m.get_root().header.add_child(Element(
        "<style>.leaflet-container{background:#dfe6ea}"
        ".geonews-place-label{font:11px sans-serif;color:#333;white-space:nowrap;"
        "text-shadow:0 0 3px #fff}</style>"))
    base = folium.FeatureGroup("Basemap (offline)", control=False)
    strip = gazetteer.geometry("ps:gaza-strip").simplify(0.0005, preserve_topology=True)
    folium.GeoJson(mapping(strip), style_function=lambda _x: {
        "color": "#b0a990", "weight": 1, "fillColor": "#f7f4ea", "fillOpacity": 1},
        control=False, interactive=False).add_to(base)
    for p in gazetteer.places(region="gaza"):
        if p.id.startswith("osm:") and p.kind in ("city", "town"):
            folium.Marker([p.lat, p.lon], icon=folium.DivIcon(
                html=f'<div class="geonews-place-label">{safe_html(p.name)}</div>',
                icon_size=(120, 14), icon_anchor=(0, 7)), interactive=False).add_to(base)
    base.add_to(m)
    m.get_root().html.add_child(Element(
        '<div style="position:fixed;bottom:2px;right:4px;z-index:9999;font:10px sans-serif;'
        f'background:rgba(255,255,255,.8);padding:1px 4px">{safe_html(ATTRIBUTION)}</div>'))


def _timeline_control(m, timeline: list, cumulative: bool) -> None:
    """A slider and a play button that show the orders date by date (plain Leaflet: no
    plugin, so it also works in self-contained maps).  The page opens on all orders;
    ``#date=K`` at the end of its address opens on the K-th date."""
    import json

    from branca.element import MacroElement, Template

    dates = sorted({d for d, _, _ in timeline if d})
    entries = []
    for date, group, made in timeline:
        index = dates.index(date) if date in dates else 0
        for obj in made:
            entries.append(f"[{index}, {obj.get_name()}, {group.get_name()}]")
    script = (
        "(function(){"
        f"var map = {m.get_name()}; var dates = {json.dumps(dates)};"
        f"var items = [{', '.join(entries)}]; var cumulative = {json.dumps(cumulative)};"
        "function show(k){items.forEach(function(it){var on = cumulative ? it[0] <= k : it[0] === k;"
        "if (on) { it[2].addLayer(it[1]); } else { it[2].removeLayer(it[1]); }});"
        "label.textContent = dates[k] + (cumulative ? ' (and before)' : '');"
        "slider.value = k;}"
        "var box = L.DomUtil.create('div', 'geonews-timeline leaflet-bar');"
        "box.style.cssText = 'background:white;padding:6px 8px;font:12px sans-serif';"
        "var play = L.DomUtil.create('button', '', box); play.textContent = '\u25b6';"
        "var slider = L.DomUtil.create('input', '', box); slider.type = 'range';"
        "slider.min = 0; slider.max = dates.length - 1; slider.step = 1;"
        "slider.style.verticalAlign = 'middle';"
        "var label = L.DomUtil.create('span', 'geonews-timeline-date', box);"
        "label.style.marginLeft = '6px';"
        "L.DomEvent.disableClickPropagation(box);"
        "slider.addEventListener('input', function(){ show(parseInt(slider.value, 10)); });"
        "var timer = null; play.addEventListener('click', function(){"
        "if (timer) { clearInterval(timer); timer = null; play.textContent = '\u25b6'; return; }"
        "play.textContent = '\u275a\u275a'; var k = 0; show(k);"
        "timer = setInterval(function(){ k += 1; if (k >= dates.length) {"
        "clearInterval(timer); timer = null; play.textContent = '\u25b6'; return; } show(k); },"
        " 1500); });"
        "var control = L.control({position: 'bottomright'});"
        "control.onAdd = function(){ return box; }; control.addTo(map);"
        # The page opens on every order; "#date=K" in the address opens date K.
        "var wanted = /#date=(\\d+)/.exec(window.location.hash);"
        "if (wanted && parseInt(wanted[1], 10) < dates.length) { show(parseInt(wanted[1], 10)); }"
        "else { slider.value = dates.length - 1; label.textContent = 'all dates'; }"
        "})();")
    macro = MacroElement()
    macro._template = Template("{% macro script(this, kwargs) %}" + script + "{% endmacro %}")
    m.add_child(macro)


def _title(extractions: Sequence[Extraction]) -> str:
    if len(extractions) == 1:
        return extractions[0].document.title or extractions[0].document.source or "Article"
    return f"{len(extractions)} articles"


def _legend(m, title: str) -> None:
    from branca.element import MacroElement, Template

    swatch = ('<span style="display:inline-block;width:12px;height:12px;background:{};'
              'opacity:.7;margin-right:6px;border:1px solid #333"></span>{}<br>')
    rows = "".join(swatch.format(c, label) for c, label in (
        (AFFECTED, "ordered to leave"), (DESTINATION, "told to go"),
        (BLOCK, "evacuation block"), (ZONE, "area named in an order"),
        ("#7f8c8d", "other place mentioned")))
    body = (f'<div class="geonews-legend" style="position:fixed;bottom:28px;left:10px;'
            f'z-index:9999;background:white;padding:8px 10px;border:1px solid #999;'
            f'border-radius:4px;font:12px/1.4 sans-serif;max-width:280px">'
            f'<b>{safe_html(title)}</b><br>{rows}'
            f'<span style="color:{MOVEMENT}">- - \u25b6</span> movement ordered</div>'
            '<style>.geonews-block-label{font:bold 10px sans-serif;color:#4a235a;'
            'text-align:center;text-shadow:0 0 2px #fff}.geonews-point-label{font:bold 11px '
            'sans-serif;white-space:nowrap;text-shadow:0 0 3px #fff}</style>')
    macro = MacroElement()
    macro._template = Template("{% macro html(this, kwargs) %}" + body + "{% endmacro %}")
    m.get_root().add_child(macro)


def _notice(m, message: str) -> None:
    from branca.element import MacroElement, Template

    body = (f'<div class="geonews-notice" style="position:fixed;top:10px;left:50px;'
            f'z-index:9999;background:#fff3cd;border:1px solid #c9a227;padding:8px 12px;'
            f'font:13px sans-serif;max-width:420px">{safe_html(message)}</div>')
    macro = MacroElement()
    macro._template = Template("{% macro html(this, kwargs) %}" + body + "{% endmacro %}")
    m.get_root().add_child(macro)


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
