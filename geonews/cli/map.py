"""``geonews map``: an HTML map of where people were told to leave and where to go."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from .common import Command, command, warn

app = typer.Typer(rich_markup_mode=None, pretty_exceptions_enable=False)


@app.command("map", cls=Command)
@command
def map_command(
    inputs: Annotated[list[Path], typer.Argument(
        help="Articles (anything `geonews extract` reads) or extraction JSON files; "
             "- for standard input.", show_default=False, metavar="FILE...")],
    output: Annotated[Path, typer.Option(
        "--output", "-o", metavar="FILE",
        help="The HTML file to write (atomically; never over an input).")]
    = Path("map.html"),
    title: Annotated[Optional[str], typer.Option(
        "--title", metavar="TEXT", help="Title in the legend (default: the article's headline).")] = None,
    cumulative: Annotated[bool, typer.Option(
        "--cumulative", help="With orders of several dates, the timeline keeps earlier "
                             "orders on the map.")] = False,
    self_contained: Annotated[bool, typer.Option(
        "--self-contained", help="One HTML file that renders with no network: Leaflet inlined, "
                                 "a plain basemap of the shipped boundaries instead of web "
                                 "tiles.")] = False,
) -> None:
    """Draw the affected areas, destinations, blocks and movements as an HTML map."""
    from ..errors import InputError
    from ..files import check_output

    check_output(output, inputs)
    if output.suffix.lower() not in (".html", ".htm"):
        # A browser page is the only thing this command draws: writing it under another
        # name would leave, say, a .png no viewer opens.
        raise InputError(f"{output}: geonews map writes an HTML page; name it .html (a "
                         "picture of the zones: geonews overlay union … --png FILE)")
    from ..maps import save_map
    from ..maps.render import build_map

    m, features = build_map(inputs, title=title, tiles=not self_contained,
                            cumulative=cumulative)
    if not any(f.role != "mention" for f in features):
        warn("no evacuation directive found: the map shows only the places mentioned")
    save_map(m, output, inputs, self_contained=self_contained)
    counts = {}
    for f in features:
        counts[f.role] = counts.get(f.role, 0) + 1
    summary = ", ".join(f"{n} {role}" for role, n in sorted(counts.items()))
    typer.echo(f"wrote {output} ({summary or 'no places'})")
