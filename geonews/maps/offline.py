"""One HTML file that renders with no network at all (``geonews map --self-contained``).

Leaflet (BSD-2-Clause) and jQuery (MIT) come from the XStatic-Leaflet and
XStatic-jQuery packages on PyPI, which ship the libraries' own release files, so
a fresh machine gets them with ``pip install``.  Both are written into the page;
the other resources folium links by default (Bootstrap, Font Awesome, the
awesome-markers plugin) are not used by geonews maps and are dropped.  Leaflet's
CSS images become data URIs.  Instead of web tiles, the map draws a plain
basemap from the shipped boundaries (see :func:`geonews.maps.render.map_articles`).
"""

from __future__ import annotations

import base64
import re
from functools import lru_cache
from pathlib import Path

_SCRIPT = re.compile(r'<script\s+src="(?P<url>[^"]+)"\s*>\s*</script>')
_LINK = re.compile(r'<link\s+rel="stylesheet"\s+href="(?P<url>[^"]+)"\s*/?>')


@lru_cache(maxsize=1)
def _assets() -> dict[str, str]:
    import xstatic.pkg.jquery as jquery
    import xstatic.pkg.leaflet as leaflet

    base = Path(leaflet.BASE_DIR)
    css = (base / "leaflet.css").read_text(encoding="utf-8")
    for image in (base / "images").glob("*.png"):
        uri = "data:image/png;base64," + base64.b64encode(image.read_bytes()).decode()
        css = css.replace(f"images/{image.name}", uri)
    return {
        "leaflet.js": (base / "leaflet.js").read_text(encoding="utf-8"),
        "leaflet.css": css,
        "jquery.js": (Path(jquery.BASE_DIR) / "jquery.min.js").read_text(encoding="utf-8"),
        "versions": f"Leaflet {leaflet.VERSION} (BSD-2-Clause), jQuery {jquery.VERSION} (MIT)",
    }


def _inline_script(code: str) -> str:
    return "<script>" + code.replace("</script", "<\\/script") + "</script>"


def inline_assets(html: str) -> str:
    """Replace every external script and stylesheet of a folium page by what it needs inline.

    >>> page = '<link rel="stylesheet" href="https://cdn/bootstrap.css"/><script src="https://cdn/x/leaflet.js"></script>'
    >>> out = inline_assets(page)
    >>> bool(re.search(r'<(?:script|link)[^>]*(?:src|href)="https?://', out)), "leafletjs.com" in out
    (False, True)
    """
    assets = _assets()

    def script(m: re.Match) -> str:
        url = m.group("url").lower()
        if url.endswith("leaflet.js") or url.endswith("leaflet-src.js"):
            return _inline_script(assets["leaflet.js"])
        if "jquery" in url:
            return _inline_script(assets["jquery.js"])
        return ""  # Bootstrap, awesome-markers: not used by geonews maps

    def link(m: re.Match) -> str:
        if m.group("url").lower().endswith("leaflet.css"):
            return "<style>" + assets["leaflet.css"] + "</style>"
        return ""

    html = _SCRIPT.sub(script, html)
    html = _LINK.sub(link, html)
    return html.replace("</head>", f"<!-- inlined: {assets['versions']} -->\n</head>", 1)
