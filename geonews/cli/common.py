"""What every command module shares: one-line errors and warnings, and the decorator that
turns a user's mistake into exit status 2 instead of a traceback."""

from __future__ import annotations

import functools
import os
import sys
import warnings

import typer

from ..errors import GeonewsError


def error(message: str, code: int = 2) -> typer.Exit:
    """Print one error line and return the Exit to raise."""
    sys.stderr.write(f"geonews: error: {message}\n")
    return typer.Exit(code)


_warned: set[str] = set()


def warn(message: str, *, once: bool = False) -> None:
    """One ``geonews: warning: …`` line; with ``once``, only the first time in this run."""
    if once:
        if message in _warned:
            return
        _warned.add(message)
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


class _ReadableArgument(typer.core.TyperArgument):
    """An argument shown by its metavar alone (``FILE...``): typer ≥ 0.2x prints the Python
    annotation beside it (``<list[Path]>``, ``{files}...``), which no reader needs."""

    def display_type_rich(self, ctx):
        return None

    def _usage_display_name(self) -> str:
        return self.metavar if self.required else f"[{self.metavar}]"


class Command(typer.core.TyperCommand):
    """typer's command, with arguments that have a metavar shown as :class:`_ReadableArgument`.

    Every command is declared with ``@app.command(name, cls=Command)``.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for param in self.params:
            if type(param) is typer.core.TyperArgument and param.metavar:
                param.__class__ = _ReadableArgument
