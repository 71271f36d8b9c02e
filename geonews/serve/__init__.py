"""``geonews serve``: a local web app and HTTP API where analysts map, correct and share
evacuation orders — built on geonews's Python API (extract, geocode, zone rows, maps,
table writers), with the collection in SQLite (default) or PostgreSQL + PostGIS.

* :mod:`geonews.serve.storage` — the collection: articles, corrections, zones;
* :mod:`geonews.serve.corrections` — corrections applied to the machine's extraction,
  and the annotated (evaluation-schema) export;
* :mod:`geonews.serve.service` — what the server does, apart from HTTP;
* :mod:`geonews.serve.app` — the FastAPI app, its guards and the web page.
"""

from __future__ import annotations

__all__ = ["create_app", "open_store", "Service"]


def __getattr__(name: str):
    if name == "create_app":
        from .app import create_app

        return create_app
    if name == "open_store":
        from .storage import open_store

        return open_store
    if name == "Service":
        from .service import Service

        return Service
    raise AttributeError(name)
