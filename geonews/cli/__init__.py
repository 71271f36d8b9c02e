"""The ``geonews`` command: a thin layer over the Python API.

Every command turns bad input into one ``geonews: error: …`` line and exit
code 2; warnings (unknown names, an unreachable server) go to stderr as
``geonews: warning: …`` lines.  Heavy libraries are imported inside commands,
so ``geonews --help`` and a one-name lookup start fast.
"""

from __future__ import annotations

import functools
import os
import sys
import warnings

import typer

from ..errors import GeonewsError

app = typer.Typer(
    name="geonews",
    help="Turn news about evacuation orders into maps: find places and directives in "
         "articles, geocode place names, combine and export zones.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def error(message: str, code: int = 2) -> typer.Exit:
    """Print one error line and return the Exit to raise."""
    sys.stderr.write(f"geonews: error: {message}\n")
    return typer.Exit(code)


def warn(message: str) -> None:
    sys.stderr.write(f"geonews: warning: {message}\n")


def _show_warning(message, category, filename, lineno, file=None, line=None):
    warn(str(message))


def command(func):
    """Decorate a command so that user errors exit 2 with one line, never a traceback."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        warnings.showwarning = _show_warning
        try:
            return func(*args, **kwargs)
        except GeonewsError as exc:
            raise error(str(exc)) from None
        except ValueError as exc:  # option values rejected by the API
            raise error(str(exc)) from None
        except KeyboardInterrupt:
            raise error("interrupted", 130) from None
        except BrokenPipeError:
            # The reader went away (`geonews … | head`): not an error of ours.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            raise typer.Exit(0) from None
        except MemoryError:
            raise error("out of memory (input too large?)") from None
        except OSError as exc:
            # The machine said no (a full disk, a read-only or vanished directory, a dead
            # device): the user's to fix, so one line, not a bug report.
            where = f"{exc.filename}: " if exc.filename else ""
            raise error(f"{where}{exc.strerror or exc}") from None
        except typer.Exit:
            raise
        except Exception as exc:  # a bug: say so plainly, keep the traceback for debugging
            if os.environ.get("GEONEWS_DEBUG"):
                raise
            raise error(f"internal error: {type(exc).__name__}: {exc} "
                        "(set GEONEWS_DEBUG=1 to see the traceback)", 1) from None

    return wrapper


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", help="Show the version and exit.",
                                 is_eager=True),
) -> None:
    if version:
        from .. import __version__

        typer.echo(f"geonews {__version__}")
        raise typer.Exit(0)


from . import extract as _extract  # noqa: E402,F401  (registers commands)
from . import gazetteer as _gazetteer  # noqa: E402,F401
from . import geocode as _geocode  # noqa: E402,F401
from . import map as _map  # noqa: E402,F401
from . import overlay as _overlay  # noqa: E402,F401
from . import batch as _batch  # noqa: E402,F401
from .serve import app as _serve_app  # noqa: E402
from .cache import app as _cache_app  # noqa: E402

app.add_typer(_serve_app, name="serve")
app.add_typer(_cache_app, name="cache")


def main() -> None:
    """Console-script entry point."""
    app()
