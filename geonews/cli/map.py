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
    from ..maps.steps import Steps

    with Steps("map") as steps:
        read = steps.step("reading articles", total=_count(inputs))
        m, features = build_map(inputs, title=title, tiles=not self_contained,
                                cumulative=cumulative, progress=read,
                                drawing=lambda: steps.step("drawing the map"))
        steps.step(f"writing {output.name}")
        save_map(m, output, inputs, self_contained=self_contained)
    if not any(f.role != "mention" for f in features):
        warn("no evacuation directive found: the map shows only the places mentioned")
    counts = {}
    for f in features:
        counts[f.role] = counts.get(f.role, 0) + 1
    summary = ", ".join(f"{n} {role}" for role, n in sorted(counts.items()))
    typer.echo(f"wrote {output} ({summary or 'no places'})")


def _count(inputs: list[Path]) -> int | None:
    """How many records the inputs hold, when they are all JSONL files (a batch's
    extractions: one pass over the file, a second or so for 100,000 articles), for the
    bar's total; None otherwise (the bar then counts without a total)."""
    from ..batch.corpus import count_lines

    if not inputs or any(p.suffix.lower() != ".jsonl" or not p.is_file() for p in inputs):
        return None
    return sum(count_lines(p) for p in inputs)
