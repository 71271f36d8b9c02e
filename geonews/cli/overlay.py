"""``geonews overlay``: combine, measure, compare and export zones.

Inputs to every subcommand are any mix of articles, extraction JSON, zone layers
(GeoJSON, GeoPackage, Shapefile, KML, CSV with WKT / lat-lon / block columns) and
``gazetteer:block-orders`` (the dated block orders shipped with geonews).
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from ..roles import Role
from .common import Command, command, warn

app = typer.Typer(
    name="overlay", no_args_is_help=True, rich_markup_mode=None, pretty_exceptions_enable=False,
    help="Combine zones from articles and layers: union and area, break-down by "
         "governorate / municipality / block with population estimates, comparison of two "
         "layers, timeline; export to GeoPackage, GeoJSON or CSV and draw PNG pictures.")
overlay_app = app


class RoleChoice(str, Enum):
    """``--role``: one :class:`~geonews.roles.Role`, or all of them."""

    affected = "affected"
    destination = "destination"
    exemption = "exemption"
    exempt = "exempt"  # the word zone tables used before roles were one type
    all = "all"

    def matches(self, zones):
        """The rows of a zone table this choice keeps."""
        if self is RoleChoice.all:
            return zones
        wanted = Role.parse(self.value)
        return zones[zones.role.map(_role_value) == wanted.value]


def _role_value(word) -> str | None:
    try:
        return Role.parse(str(word)).value
    except ValueError:
        return None


class By(str, Enum):
    date = "date"
    source = "source"


def _complete_level(incomplete: str) -> list[str]:
    """The break-down levels of every region geonews knows, for shell completion."""
    from ..places.regions import DEFAULT_LEVELS, known_regions

    names = dict.fromkeys([lv for r in known_regions() for lv in r.levels] + list(DEFAULT_LEVELS))
    return [n for n in names if n.startswith(incomplete)]


RegionOpt = Annotated[Optional[str], typer.Option(
    "--region", metavar="REGION", help="The region whose units to use: gaza, LB, or any "
                                       "country's two-letter code (default: the region the "
                                       "zones lie in).")]


Inputs = Annotated[list[str], typer.Argument(
    help="Articles, extraction JSON, zone layers (.geojson .gpkg .shp .kml .csv) or "
         "gazetteer:block-orders.", show_default=False, metavar="INPUT...")]
OutputOpt = Annotated[Optional[Path], typer.Option(
    "--output", "-o", metavar="FILE", help="Write the result: .gpkg (every table as a layer), .geojson "
                           "(RFC 7946), .csv (WKT geometry) or .xlsx (every table as a "
                           "sheet).")]
PngOpt = Annotated[Optional[Path], typer.Option(
    "--png", metavar="FILE", help="Also draw a picture for reports (.png, .svg or .pdf).")]
RoleOpt = Annotated[RoleChoice, typer.Option(
    "--role", help="Which zones to measure: affected (ordered to leave), destination, "
                   "exemption, or all.")]
CrsOpt = Annotated[Optional[str], typer.Option(
    "--crs", metavar="CRS", help="CRS of layers that do not state one, e.g. EPSG:32636.")]
SinceOpt = Annotated[Optional[str], typer.Option(
    "--since", metavar="DATE", help="Only zones dated on or after this day (YYYY-MM-DD); undated zones are "
                    "left out when a date range is given.")]
UntilOpt = Annotated[Optional[str], typer.Option(
    "--until", metavar="DATE", help="Only zones dated on or before this day (YYYY-MM-DD).")]
WorkersOpt = Annotated[Optional[int], typer.Option(
    "--workers", "-w", min=1, metavar="N", help="Threads for dissolving big zone tables (dask-geopandas, "
                                   "from 20,000 polygons on); default: every core.")]
class PrintFormat(str, Enum):
    table = "table"
    csv = "csv"
    json = "json"
    xlsx = "xlsx"


FormatOpt = Annotated[Optional[PrintFormat], typer.Option(
    "--format", "-f", help="How to print the result: table, csv, json or xlsx (to a pipe). "
                           "Default: a table on a terminal, CSV otherwise.",
    show_default=False)]


def _zones(inputs: list[str], crs: str | None, since: str | None = None,
           until: str | None = None):
    from ..zones.layers import LayerReport, read_zones

    if not inputs:
        from ..errors import InputError

        raise InputError("no input: give articles, extraction JSON or zone layers")
    reports: list[LayerReport] = []
    zones = read_zones(inputs, crs=crs, reports=reports)
    for r in reports:
        for message in r.warnings():
            warn(message)
    if since or until:
        zones = _between(zones, since, until)
    if not len(zones):
        warn("no zones in the input (no directives found, empty layers, or none in the "
             "date range)")
    return zones


def _between(zones, since: str | None, until: str | None):
    from datetime import date

    from ..errors import GeonewsError

    for name, value in (("--since", since), ("--until", until)):
        if value is not None:
            try:
                date.fromisoformat(value)
            except ValueError:
                raise GeonewsError(f"{name}: {value!r} is not a date (YYYY-MM-DD)") from None
    dates = zones["date"]
    keep = dates.notna()
    if since:
        keep &= dates.fillna("") >= since
    if until:
        keep &= dates.fillna("") <= until
    return zones[keep]


def _check_outputs(inputs: list[str], *paths: Path | None) -> None:
    from ..files import check_output
    from ..tables.layers import FORMATS

    for p in paths:
        if p is not None:
            check_output(p, inputs)
    if paths and paths[0] is not None and paths[0].suffix.lower() not in FORMATS:
        from ..errors import OutputError

        raise OutputError(f"{paths[0]}: unknown output format "
                          "(use .gpkg, .geojson, .csv or .xlsx)")


def _print(table, fmt: str | None, columns: list[str], note: str | None = None) -> None:
    """The result as a table on a terminal, CSV in a pipe, or the -f format."""
    from .output import print_rows, table_format

    rows = [{c: _plain(r.get(c)) for c in columns} for r in table.to_dict("records")]
    right = [c for c in columns if rows and isinstance(rows[0].get(c), (int, float))]
    print_rows(rows, columns, table_format(fmt.value if fmt else None), note=note, cell=_cell,
               right=right)


def _plain(value):
    import math

    import pandas as pd

    if value is None or value is pd.NA:
        return None
    if isinstance(value, float):
        return None if math.isnan(value) else round(value, 4)
    if hasattr(value, "item"):
        return value.item()
    return value


def _cell(value, column: str) -> str:
    if value is None:
        return ""
    if column == "share" or column == "iou":
        return f"{value:.1%}"
    if column.startswith("population"):
        return f"{value:,.0f}"
    if isinstance(value, float):
        return f"{value:,.2f}"
    return str(value)


def _write_table(table, output: Path, fmt: str) -> None:
    """A plain table (no geometry) to a .csv, .xlsx or .json file."""
    rows = [{c: _plain(v) for c, v in r.items()} for r in table.to_dict("records")]
    columns = list(table.columns)
    if fmt == "xlsx":
        from ..tables.xlsx import write_xlsx

        write_xlsx(rows, output, columns, sheet="timeline")
    elif fmt == "json":
        from ..tables.writers import write_json

        write_json(rows, output)
    else:
        from ..tables.writers import write_csv

        write_csv(rows, output, columns)


def _write(layers: dict, output: Path | None, main: str, inputs: list[str]) -> None:
    if output is None:
        return
    from ..tables.layers import write_layers

    write_layers(layers, output, main=main, inputs=inputs)
    typer.echo(f"wrote {output}", err=True)


def _picture(zones, role: RoleChoice, png: Path | None, inputs: list[str], **kwargs) -> None:
    """The --png picture of the zones in ``role`` (all roles with --role all)."""
    if png is None:
        return
    from ..maps.static import render_zones

    render_zones(role.matches(zones), png,
                 inputs=inputs, **kwargs)
    typer.echo(f"wrote {png}", err=True)


@app.command("union", cls=Command)
@command
def union_command(
    inputs: Inputs,
    by: Annotated[Optional[By], typer.Option(
        "--by", help="One union per date or per source instead of one overall.")] = None,
    role: RoleOpt = RoleChoice.affected,
    frame: Annotated[Optional[str], typer.Option(
        "--frame", help="Area that shares are measured against (a gazetteer place id or "
                        "name; default: the outline of the region the zones lie in, e.g. "
                        "the Gaza Strip or Lebanon).", metavar="PLACE")] = None,
    output: OutputOpt = None,
    png: PngOpt = None,
    workers: WorkersOpt = None,
    crs: CrsOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    fmt: FormatOpt = None,
) -> None:
    """Dissolve the zones and report their area (km², equal-area) and their share of the
    region they lie in (or of --frame)."""
    from ..zones.measure import union
    from ..zones.units import frame_of

    _check_outputs(inputs, output, png)
    zones = _zones(inputs, crs, since, until)
    result = union(zones, by=by.value if by else None, role=role.value,
                   frame=frame_of(place=frame) if frame else None, workers=workers)
    _print(result, fmt, ["group", "zones", "points", "area_km2", "share", "dates", "sources"],
           note=f"share: of {result.attrs['frame']} "
                f"({result.attrs['frame_area_km2']:.1f} km²); points: zones known only as "
                "points, with no area")
    _write({"union": result, "zones": zones}, output, "union", inputs)
    _picture(zones, role, png, inputs)


@app.command("breakdown", cls=Command)
@command
def breakdown_command(
    inputs: Inputs,
    level: Annotated[str, typer.Option(
        "--level", "-l", metavar="LEVEL", autocompletion=_complete_level,
        help="Units to break the zones down by: a level of the zones' region (Gaza: "
                         "governorate, municipality, camp, block; Lebanon: governorate, kaza; "
                         "any other country: region, county).")] = "governorate",
    region: RegionOpt = None,
    by: Annotated[Optional[By], typer.Option(
        "--by", help="One break-down per date or per source.")] = None,
    role: RoleOpt = RoleChoice.affected,
    only_touched: Annotated[bool, typer.Option(
        "--only-touched", help="List only units with some area under orders.")] = False,
    output: OutputOpt = None,
    png: PngOpt = None,
    workers: WorkersOpt = None,
    crs: CrsOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    fmt: FormatOpt = None,
) -> None:
    """Area and share of each unit under orders, with an estimate of the population living
    there where the region has a population source (Gaza: PCBS 2017 census figures spread
    evenly over each municipality and camp)."""
    from ..zones.measure import breakdown

    _check_outputs(inputs, output, png)
    zones = _zones(inputs, crs, since, until)
    if level == "governorate":
        from ..places.regions import available_levels
        from ..places.regions import region as region_by_id
        from ..zones.units import region_of_zones

        found = region_by_id(region) if region else region_of_zones(zones)
        levels = available_levels(found)
        if "governorate" not in levels and levels:
            level = levels[0]  # the default is the region's first level with polygons
    result = breakdown(zones, level, by=by.value if by else None, role=role.value,
                       workers=workers, region=region)
    # A sliver (two tracings of one border) is not a unit under orders: see is_touched.
    shown = result[result["touched"]] if only_touched else result
    _print(shown, fmt, ["group", "unit", "unit_area_km2", "area_km2", "share", "population",
                        "population_estimate"], note=result.attrs["note"])
    _write({"breakdown": shown, "zones": zones}, output, "breakdown", inputs)
    _picture(zones, role, png, inputs)


@app.command("compare", cls=Command)
@command
def compare_command(
    a: Annotated[list[str], typer.Option(
        "--a", "-a", metavar="LAYER", help="Layer A (repeat for several inputs), e.g. zones from the news.",
        show_default=False)],
    b: Annotated[list[str], typer.Option(
        "--b", "-b", metavar="LAYER", help="Layer B (repeat for several inputs), e.g. a reference layer.",
        show_default=False)],
    level: Annotated[Optional[str], typer.Option(
        "--level", "-l", metavar="LEVEL", autocompletion=_complete_level,
        help="Also compare unit by unit (a level of the "
                                               "layers' region, as for breakdown).")] = None,
    role: RoleOpt = RoleChoice.affected,
    output: OutputOpt = None,
    png: PngOpt = None,
    crs: CrsOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    fmt: FormatOpt = None,
) -> None:
    """Intersection-over-union of two layers, area only in A, only in B (km²)."""
    import pandas as pd

    from ..zones.measure import compare

    _check_outputs(a + b, output, png)
    za, zb = _zones(a, crs, since, until), _zones(b, crs, since, until)
    result = compare(za, zb, role=role.value)
    if level is not None:
        units = compare(za, zb, level=level, role=role.value)
        result = pd.concat([result, units], ignore_index=True)
        note = (f"{units.attrs['untouched']:,} {level} units that neither A nor B "
                "touches are not listed") if units.attrs["untouched"] else None
    else:
        note = None
    _print(result, fmt, ["unit", "area_a_km2", "area_b_km2", "both_km2", "only_a_km2",
                         "only_b_km2", "iou"], note=note)
    _write({"compare": result, "a": za, "b": zb}, output, "compare", a + b)
    both = pd.concat([za.assign(role="affected"), zb.assign(role="destination")],
                     ignore_index=True).set_geometry("geometry")
    _picture(both, RoleChoice.all, png, a + b, title="A (red) and B (green); overlap in brown")


@app.command("timeline", cls=Command)
@command
def timeline_command(
    inputs: Inputs,
    role: RoleOpt = RoleChoice.affected,
    output: Annotated[Optional[Path], typer.Option(
        "--output", "-o", metavar="FILE", help="The daily table: .csv, .xlsx or .json.")]
    = None,
    chart: Annotated[Optional[Path], typer.Option(
        "--chart", metavar="FILE", help="A chart of the cumulative area (.png, .svg or .pdf).")] = None,
    map_path: Annotated[Optional[Path], typer.Option(
        "--map", metavar="FILE", help="An HTML map with a time control (one date at a time, or with "
                      "--cumulative everything up to it).")] = None,
    cumulative: Annotated[bool, typer.Option(
        "--cumulative/--single-day", help="How the map's time control shows zones.")] = True,
    self_contained: Annotated[bool, typer.Option(
        "--self-contained", help="The map needs no network (see `geonews map`).")] = False,
    crs: CrsOpt = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    fmt: FormatOpt = None,
) -> None:
    """Cumulative area under orders per day, from dated articles or order layers."""
    from ..files import check_output
    from ..zones.measure import timeline
    from .output import choose_format, table_format

    for p in (output, chart, map_path):
        if p is not None:
            check_output(p, inputs)
    file_format = choose_format(None, output, offered=("csv", "xlsx", "json"), stdout="csv")
    printed = table_format(fmt.value if fmt else None)
    from ..maps.steps import Steps

    # The table is printed after the steps: a bar redrawn under it would garble it.
    with Steps("overlay timeline") as steps:
        steps.step("reading zones")
        zones = _zones(inputs, crs, since, until)
        steps.step("measuring the area per day")
        table = timeline(zones, role=role.value)
        m = None
        if map_path is not None:
            from ..maps import save_map
            from ..maps.render import map_zones

            m = map_zones(role.matches(zones), tiles=not self_contained,
                          cumulative=cumulative, title="Zones under orders, by date",
                          progress=steps.step("drawing the map"))
            steps.step(f"writing {map_path.name}")
            save_map(m, map_path, inputs, self_contained=self_contained)
    if table.empty:
        warn("no dated zones: nothing to put on a timeline")
    if output is None and chart is None and map_path is None or printed != "table":
        _print(table, fmt, list(table.columns))
    else:  # the file has every day: the terminal gets the days with orders
        _print(table[table.zones > 0], fmt, list(table.columns),
               note=f"{len(table)} days, {int((table.zones > 0).sum())} with orders")
    if output is not None:
        _write_table(table, output, file_format)
        typer.echo(f"wrote {output}", err=True)
    if chart is not None and not table.empty:
        from ..maps.static import timeline_chart

        timeline_chart(table, chart, inputs=inputs)
        typer.echo(f"wrote {chart}", err=True)
    if map_path is not None:
        typer.echo(f"wrote {map_path}", err=True)
