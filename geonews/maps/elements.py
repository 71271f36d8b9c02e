"""The pieces of a geonews map, one small folium element each, with text passed as data.

Article text, titles, layer attributes and imported place names are hostile.  folium
renders every element twice: an element's output is wrapped in a new
:class:`branca.element.Element` *as template source* and rendered again with the
page, so any ``{{ … }}`` that reached an element's output would run as Jinja2 code.
Two rules keep text inert here:

* the JavaScript and HTML of each element is a fixed template asset shipped in
  ``geonews/maps/assets/``; text never becomes part of a template, only of the
  JSON value that the asset reads (:func:`script_json`), and the page builds its DOM
  from that value with ``textContent``, never ``innerHTML``;
* :class:`DataElement` hands its rendered output to the page as a value
  (:class:`Verbatim`), so it is never parsed as a template a second time.

Untrusted text must not be given to folium's own elements (``Popup``, ``Tooltip``,
``DivIcon``, ``TileLayer(attr=…)``): they re-render it.  Everything with words in it
goes through the classes below.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources

from branca.element import Element, Figure, MacroElement, Template

_JINJA_OPENERS = re.compile(r"\{(?=[{%#])")
_SCRIPT_UNSAFE = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "'": "\\u0027",
                  "\u2028": "\\u2028", "\u2029": "\\u2029"}


def script_json(value: object) -> str:
    """``value`` as JSON that is inert inside a ``<script>`` element and a Jinja2 template.

    ``<``, ``>``, ``&`` and ``'`` become ``\\u`` escapes (no ``</script>``, no HTML
    comment), and so does a ``{`` that would open a Jinja2 tag; JSON's own braces never
    stand side by side, so only braces inside strings are changed.  JavaScript reads
    the same string back.

    >>> script_json({"name": "</script>{{ 7*7 }}{% x %}"})
    '{"name": "\\\\u003c/script\\\\u003e\\\\u007b{ 7*7 }}\\\\u007b% x %}"}'
    >>> json.loads(script_json(["{{ 7*7 }}", "a<b"])) == ["{{ 7*7 }}", "a<b"]
    True
    """
    text = json.dumps(value, ensure_ascii=False, allow_nan=False, default=str)
    text = re.sub("[<>&'\u2028\u2029]", lambda m: _SCRIPT_UNSAFE[m.group()], text)
    return _JINJA_OPENERS.sub(r"\\u007b", text)


@lru_cache(maxsize=None)
def asset(name: str) -> str:
    """The text of a template asset shipped in ``geonews/maps/assets/``."""
    return resources.files("geonews.maps").joinpath("assets", name).read_text(encoding="utf-8")


class Verbatim(Element):
    """Already-rendered output placed in the page as a value: never parsed as a template."""

    _template = Template("{{ this.text }}")

    def __init__(self, text: str):
        super().__init__()
        self._name = "Verbatim"
        self.text = text


class DataElement(MacroElement):
    """A :class:`MacroElement` whose template is a shipped asset and whose words are data.

    Subclasses name their asset (``_asset``, a JavaScript file run once the map
    exists) and set ``self.data``; the asset reads it as ``{{ this.data }}``, already
    :func:`script_json`-encoded.
    """

    _asset = ""

    def __init__(self, data: object):
        super().__init__()
        self._name = type(self).__name__
        self.data = script_json(data)
        self._template = Template("{% macro script(this, kwargs) %}" + asset(self._asset)
                                  + "{% endmacro %}")

    def render(self, **kwargs) -> None:
        figure = self.get_root()
        if not isinstance(figure, Figure):
            raise TypeError(f"{self._name} can only be rendered inside a folium Figure")
        script = self._template.module.__dict__["script"]
        figure.script.add_child(Verbatim(str(script(self, kwargs))), name=self.get_name())

    def map_name(self) -> str:
        """The JavaScript name of the map this element belongs to (a folium identifier)."""
        parent = self._parent
        while parent is not None and not type(parent).__name__ == "Map":
            parent = getattr(parent, "_parent", None)
        if parent is None:
            raise ValueError(f"{self._name} must be added to a folium Map or one of its layers")
        return parent.get_name()


class Features(DataElement):
    """The features of one layer (a :class:`folium.FeatureGroup`): points, areas, lines.

    ``features`` is a list of GeoJSON features whose properties say how each is drawn
    (``colour``, ``radius``, ``label``…) and what its popup says (``name``,
    ``sentence``, ``surface``…); see ``assets/features.js``.  A feature with a
    ``date_index`` joins the map's timeline.
    """

    _asset = "features.js"

    def __init__(self, features: list[dict], defaults: dict | None = None,
                 things: dict[str, dict] | None = None):
        # Properties every feature of the layer shares are sent once, as ``defaults``,
        # and those of the thing a feature draws once per thing (``things``, keyed by
        # the feature's ``shape``); empty properties are not sent at all.
        # A feature that only says which shape, date and article count it is travels as a
        # row of three numbers: a corpus map has tens of thousands of them.
        defaults = defaults or {}
        slim, rows = [], []
        for f in features:
            props = {k: v for k, v in f["properties"].items()
                     if v is not None and v != [] and defaults.get(k) != v}
            if f.get("geometry") is None and set(props) <= {"shape", "date_index", "articles"} \
                    and "shape" in props:
                rows.append([props["shape"], props.get("date_index", -1),
                             props.get("articles", defaults.get("articles", 1))])
            else:
                slim.append({**f, "properties": props})
        super().__init__({"type": "FeatureCollection", "features": slim, "rows": rows,
                          "defaults": defaults, "things": things or {}})


class Shapes(DataElement):
    """Every shape a map draws, once, keyed by what it is; :class:`Features` refer to them
    by key, so a place named by ten thousand articles costs its polygon once."""

    _asset = "shapes.js"

    def __init__(self, shapes: list):
        import shapely

        super().__init__([json.loads(shapely.to_geojson(_rounded(geom))) for geom in shapes])


def _rounded(geom):
    """Coordinates to 1e-6° (about 0.1 m): all a map needs, a third of the digits."""
    import shapely

    try:
        rounded = shapely.set_precision(geom, 1e-6)
    except shapely.errors.GEOSException:
        return geom
    return geom if rounded.is_empty and not geom.is_empty else rounded


class Legend(DataElement):
    """The legend: a title and one row per kind of thing drawn (bottom left, above the
    scale).  ``rows`` are ``{"colour": …, "label": …, "line": bool}``."""

    _asset = "legend.js"

    def __init__(self, title: str, rows: list[dict]):
        super().__init__({"title": title, "rows": rows})


class Notice(DataElement):
    """A message over the map, e.g. that no evacuation directive was found."""

    _asset = "notice.js"

    def __init__(self, message: str):
        super().__init__({"message": message})


class Attribution(DataElement):
    """The sources of everything drawn, in the map's attribution line."""

    _asset = "attribution.js"

    def __init__(self, text: str):
        super().__init__({"text": text})


class Timeline(DataElement):
    """A slider and a play button that show the orders date by date (plain Leaflet, so it
    also works in self-contained maps).  The page opens on all orders; ``#date=K`` at
    the end of its address opens on the K-th date."""

    _asset = "timeline.js"

    def __init__(self, dates: list[str], cumulative: bool):
        super().__init__({"dates": dates, "cumulative": bool(cumulative)})


class Style(DataElement):
    """The page's CSS for geonews' labels and panels (fixed text, set from a value)."""

    _asset = "style.js"

    def __init__(self, background: str | None = None):
        super().__init__({"background": background})
