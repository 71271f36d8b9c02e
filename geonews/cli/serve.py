"""``geonews serve``: the local web app and HTTP API (see :mod:`geonews.serve`).

This module owns its typer app; ``geonews.cli`` adds it as the ``serve`` command.
"""

from __future__ import annotations

import os
from typing import Annotated, Optional

import typer

from .common import command, error

app = typer.Typer(add_completion=False, pretty_exceptions_enable=False, rich_markup_mode=None)

TOKEN_ENV = "GEONEWS_TOKEN"


def check_binding(host: str, token: str | None) -> None:
    """Listening beyond this machine needs a token: the collection could be read and
    changed by anyone who reaches the port."""
    from ..serve.app import _is_loopback

    if not _is_loopback(host) and not token:
        raise error(f"refusing to listen on {host} without --token (or {TOKEN_ENV}): "
                    "anyone who can reach it could read and change the collection")


def check_port(host: str, port: int) -> None:
    """A port that cannot be bound is one error line, before the pipeline loads."""
    import socket

    family = socket.AF_INET6 if ":" in host.strip("[]") else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((host.strip("[]"), port))
        except OSError as exc:
            raise error(f"cannot listen on {host}:{port} ({exc.strerror or exc})") from None


@app.command("serve")
@command
def serve_command(
    host: Annotated[str, typer.Option(
        "--host", metavar="ADDRESS", help="Address to listen on. Anything but this machine (127.0.0.1, ::1, "
                       "localhost) needs --token.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", metavar="PORT", min=1, max=65535,
                                                 help="Port to listen on.")] = 8765,
    db: Annotated[Optional[str], typer.Option(
        "--db", metavar="FILE|URL", help="The collection: a SQLite file (default: collection.sqlite in the user "
                     "data directory) or postgresql://user:pass@host/dbname (PostGIS).")]
    = None,
    token: Annotated[Optional[str], typer.Option(
        "--token", metavar="TOKEN", envvar=TOKEN_ENV, show_envvar=True,
        help="Every request must carry this token (Authorization: Bearer …; in a browser, "
             "open /?token=… once).")] = None,
    allow_fetch: Annotated[bool, typer.Option(
        "--allow-fetch", help="Let POST /extract and /articles fetch an article by its "
                              "\"url\" (off: the server fetches nothing).")] = False,
) -> None:
    """A local web app and HTTP API: paste articles, see and correct their orders on a
    map, export the collection (GeoPackage, CSV, GeoJSON, Excel)."""
    token = token or None
    check_binding(host, token)
    check_port(host, port)
    from ..serve.app import create_app
    from ..serve.service import Service
    from ..serve.storage import open_store

    store = open_store(db)
    service = Service(store, allow_fetch=allow_fetch)
    service.warm_up()
    asgi = create_app(service, token=token, host=host)
    import uvicorn

    shown = f"[{host}]" if ":" in host and not host.startswith("[") else host
    typer.echo(f"geonews serve: http://{shown}:{port}/ (collection: "
               f"{getattr(store, 'redacted', lambda: store.url)()}; API docs at /docs)",
               err=True)
    try:
        uvicorn.run(asgi, host=host.strip("[]"), port=port, log_level=os.environ.get(
            "GEONEWS_SERVE_LOG", "warning"), access_log=False, server_header=False)
    finally:
        store.close()
