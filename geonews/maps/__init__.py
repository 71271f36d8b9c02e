"""The last stage: maps — folium maps of affected areas and destinations."""

from .elements import script_json
from .render import collect_features, load_extractions, map_articles, map_zones

__all__ = ["collect_features", "load_extractions", "map_articles", "map_zones", "script_json",
           "save_map"]


def save_map(m, path, inputs=(), *, self_contained: bool = False) -> None:
    """Write a folium map as one HTML file, atomically, never over an input.

    ``self_contained`` writes Leaflet and jQuery into the page (see
    :mod:`geonews.maps.offline`); draw the map with ``tiles=False`` for it to need
    no network at all.
    """
    from ..files import atomic_open, check_output

    check_output(path, [str(i) for i in inputs if not hasattr(i, "document")])
    html = m.get_root().render()
    if self_contained:
        from .offline import inline_assets

        html = inline_assets(html)
    with atomic_open(path) as fh:
        fh.write(html)
