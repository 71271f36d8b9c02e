"""``geonews cache``: what geonews keeps in the user cache, and removing it.

The cache holds the mention index (one file; a run that finds none scans without it and
leaves a background process building it) and the online-geocoding answers; everything
in it can be deleted at any time.  ``info`` says when an index is being built;
``clear`` waits for such a build to end first (a second or two), since the index it
writes would otherwise land in the cache just cleared.
This module owns its typer app; ``geonews.cli`` adds it as the ``cache`` command.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import typer

from .common import Command, command, warn

#: how long ``cache clear`` waits for a mention index being built (it takes seconds)
BUILD_WAIT_S = 120.0

app = typer.Typer(name="cache",
                  help="Show or clear the user cache (mention index, online answers).",
                  no_args_is_help=True, add_completion=False,
                  pretty_exceptions_enable=False, rich_markup_mode=None)


@dataclass(frozen=True)
class CacheFile:
    path: Path
    size: int


def cache_files(directory: Path) -> list[CacheFile]:
    """The files in the cache directory (none when it does not exist)."""
    if not directory.is_dir():
        return []
    out = []
    for p in sorted(directory.rglob("*")):
        try:
            if p.is_file() and not p.is_symlink():
                out.append(CacheFile(p, p.stat().st_size))
        except OSError:
            continue  # removed meanwhile
    return out


def human_size(n: int) -> str:
    """Bytes for people.

    >>> human_size(512), human_size(55_938_546)
    ('512 B', '53.3 MB')
    """
    size = float(n)
    for unit in ("B", "kB", "MB"):
        if size < 1024 or unit == "MB":
            break
        size /= 1024
    return f"{n} B" if unit == "B" else f"{size:.1f} {unit}"


@app.command("info", cls=Command)
@command
def info() -> None:
    """Where the cache is, its files and their sizes."""
    from ..paths import user_cache_dir

    directory = user_cache_dir()
    files = cache_files(directory)
    typer.echo(f"cache: {directory}")
    for f in files:
        typer.echo(f"  {human_size(f.size):>9}  {f.path.relative_to(directory)}")
    total = sum(f.size for f in files)
    typer.echo(f"{len(files)} file{'s' if len(files) != 1 else ''}, {human_size(total)}")
    from ..mentions.index import index_builds

    for build in index_builds(directory):
        typer.echo(f"building: {build}")


@app.command("clear", cls=Command)
@command
def clear() -> None:
    """Remove every file in the cache (rebuilt or fetched again when needed)."""
    from ..paths import user_cache_dir

    from ..mentions.index import index_builds, wait_for_index_builds

    directory = user_cache_dir()
    running = index_builds(directory)
    if running:
        typer.echo(f"waiting: {running[0]}", err=True)
        for build in wait_for_index_builds(directory, BUILD_WAIT_S):
            warn(f"{build}, still after {BUILD_WAIT_S:.0f} s: it may write the index "
                 "again after this clear")
    removed = freed = 0
    for f in cache_files(directory):
        try:
            f.path.unlink()
        except FileNotFoundError:
            continue
        removed += 1
        freed += f.size
    typer.echo(f"removed {removed} file{'s' if removed != 1 else ''} "
               f"({human_size(freed)}) from {directory}")
