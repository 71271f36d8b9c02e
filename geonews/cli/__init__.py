"""The ``geonews`` command: a thin layer over the Python API.

Every command turns bad input into one ``geonews: error: …`` line and exit
code 2; warnings (unknown names, an unreachable server) go to stderr as
``geonews: warning: …`` lines.  Heavy libraries are imported inside commands,
so ``geonews --help`` and a one-name lookup start fast.

Each command module owns its typer app; this module only puts them together.
"""

from __future__ import annotations

import re
import sys
from typing import Annotated

import typer

from . import batch, cache, extract, gazetteer, geocode, overlay, serve
from . import map as map_module
from .common import command, error, warn

__all__ = ["app", "command", "error", "main", "warn"]

app = typer.Typer(
    name="geonews",
    help="Turn news about evacuation orders into maps: find places and directives in "
         "articles, geocode place names, combine and export zones.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _print_version(value: bool) -> None:
    if value:
        from .. import __version__

        typer.echo(__version__)
        raise typer.Exit(0)


@app.callback()
def _root(
    version: Annotated[bool, typer.Option(
        "--version", help="Show the version and exit.", is_eager=True,
        callback=_print_version, expose_value=False)] = False,
) -> None:
    """Turn news about evacuation orders into maps: find places and directives in articles,
    geocode place names, combine and export zones."""


for _module in (extract, map_module, geocode, overlay, gazetteer, batch, serve, cache):
    app.add_typer(_module.app)


#: pydantic's prefix on a ValueError's message, which typer (≥ 0.16) passes on in its
#: "Invalid value" errors ("Value error, 'x' is not one of …").
_PYDANTIC_PREFIX = re.compile(r"(?:^|(?<=: ))Value error, ")


def main(argv: list[str] | None = None) -> None:
    """Console-script entry point (also ``python -m geonews``)."""
    cli = typer.main.get_command(app)
    try:
        code = cli.main(args=argv, prog_name="geonews", standalone_mode=False)
    except typer.TyperException as exc:  # typer's usage errors: its own text, exit 2
        exc.message = _PYDANTIC_PREFIX.sub("", exc.message)
        exc.show()
        sys.exit(exc.exit_code)
    except typer.Abort:
        sys.stderr.write("Aborted!\n")
        sys.exit(1)
    sys.exit(code if isinstance(code, int) else 0)
