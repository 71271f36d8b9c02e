"""geonews: evacuation orders in the news, turned into maps.

The pipeline, one subpackage per stage::

    text → mentions → places → directives → zones → maps / tables

The functions analysts call from a notebook are importable from here; they are
loaded on first use so that ``import geonews`` stays cheap.  They check what they
are given: ``extract`` takes an article's text as ``str`` (or a Document),
``geocode`` a name or an iterable of names as ``str``; bytes, None, NaN or numbers
are a TypeError that says what is accepted, not a guess.

>>> import geonews
>>> geonews.geocode(["Khan Younis"]).iloc[0]["name"]
'Khan Yunis'
"""

from __future__ import annotations

__version__ = "0.1.0"

_API = {
    "extract": "geonews.pipeline",
    "Extraction": "geonews.pipeline",
    "Extractor": "geonews.pipeline",
    "geocode": "geonews.places.geocode",
    "map_articles": "geonews.maps.render",
    "map_zones": "geonews.maps.render",
    "read_zones": "geonews.zones.layers",
    "Gazetteer": "geonews.places.gazetteer",
    "Matcher": "geonews.places.matcher",
    "Place": "geonews.places.model",
    "Resolution": "geonews.places.model",
}

__all__ = [*_API, "__version__"]


def __getattr__(name: str):
    if name in _API:
        import importlib

        return getattr(importlib.import_module(_API[name]), name)
    raise AttributeError(f"module 'geonews' has no attribute {name!r}")


def __dir__():
    return sorted(__all__)
