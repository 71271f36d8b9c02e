"""``geonews gazetteer``: what is loaded, and adding or removing a region."""

from __future__ import annotations

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
    json = "json"


@gazetteer_app.command("info", cls=Command)
@command
def info(
    fmt: Annotated[InfoFormat, typer.Option("--format", "-f", help="table or json")] =
    InfoFormat.table,
) -> None:
    """Say what is loaded, from where, with counts per source and kind."""
    from ..places.gazetteer import Gazetteer

    data = Gazetteer().info()
    if fmt is InfoFormat.json:
        from ..tables import write_json

        write_json(data, None)
        return
    from rich.console import Console
    from rich.table import Table

    console = Console()
    for src in data:
        label = "shipped" if src["shipped"] else "imported region"
        console.print(f"[bold]{src['region']}[/bold] ({label}): {src['path']} "
                      f"— {src['size_mb']} MB, built {src['built'] or '?'}")
        console.print(f"  {src['places']:,} places, {src['names']:,} names, "
                      f"{src['block_orders']:,} block-order records")
        t = Table("kind", "places", box=None, pad_edge=False)
        for k, n in src["kinds"].items():
            t.add_row(k, f"{n:,}")
        s = Table("source", "places", box=None, pad_edge=False)
        for k, n in src["by_source"].items():
            s.add_row(k, f"{n:,}")
        console.print(t)
        console.print(s)
        console.print()


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
) -> None:
    """Import a GeoNames country dump as a region."""
    from ..places.gazetteer import Gazetteer
    from ..places.importers import import_geonames

    report = import_geonames(dump, region=region, min_population=min_population,
                             feature_classes=feature_classes.upper())
    Gazetteer.reset_default()
    typer.echo(f"imported {report.places:,} places into region {report.region!r} "
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
) -> None:
    """Import a layer of named areas (polygons, lines or points) as a region."""
    from ..places.gazetteer import Gazetteer
    from ..places.importers import import_layer

    report = import_layer(layer, region=region, name_field=name_field, kind=kind,
                          kind_field=kind_field, alt_names_field=alt_names_field,
                          name_ar_field=name_ar_field,
                          country=country.upper() if country else None, id_field=id_field)
    Gazetteer.reset_default()
    typer.echo(f"imported {report.places:,} features into region {report.region!r} "
               f"({report.path}); {report.skipped:,} skipped (no name or geometry)")


# ---- Who's On First (a self-contained block: geonews.places.wof does the work)
@import_app.command("wof", cls=Command)
@command
def import_wof_command(
    repository: Annotated[Path, typer.Argument(metavar="REPOSITORY", help="A Who's On First repository "
                                                    "(whosonfirst-data-admin-XX): its folder or a "
                                                    ".tar.gz of it, with data/**.geojson.")],
    region: Annotated[Optional[str], typer.Option(
        "--region", "-r", help="Name for the region (default: wof-XX from the repository's "
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
