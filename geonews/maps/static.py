"""Static pictures for reports (matplotlib, no web tiles): zones over the Strip and its
governorates, and the timeline chart of the area under orders.

Drawn in the same equal-area projection the areas are measured in, so what looks
twice as large is twice as large.  PNG or SVG, chosen by the file's suffix.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import OutputError
from ..files import atomic_open, check_output
from ..places.gazetteer import Gazetteer
from ..roles import Role
from .render import AFFECTED, ATTRIBUTION, DESTINATION, attribution_for

_ROLE_COLOURS = {Role.AFFECTED: AFFECTED, Role.DESTINATION: DESTINATION,
                 Role.EXEMPTION: "#2e86c1"}
_ROLE_LABELS = {Role.AFFECTED: "under evacuation orders", Role.DESTINATION: "destinations named",
                Role.EXEMPTION: "exempted"}


def _role_of(word) -> Role | None:
    """A table's role cell as a Role (None for an unknown word)."""
    try:
        return Role.parse(str(word))
    except ValueError:
        return None


_IMAGE_SUFFIXES = {".png": "png", ".svg": "svg", ".pdf": "pdf"}


def _figure_format(path: Path) -> str:
    fmt = _IMAGE_SUFFIXES.get(path.suffix.lower())
    if fmt is None:
        raise OutputError(f"{path}: pictures are written as .png, .svg or .pdf")
    return fmt


def _save(fig, path: Path, inputs=()) -> Path:
    import matplotlib.pyplot as plt

    path = check_output(path, inputs)
    fmt = _figure_format(path)
    try:
        with atomic_open(path, "wb", encoding=None) as fh:
            fig.savefig(fh, format=fmt, dpi=150, bbox_inches="tight")
    finally:
        plt.close(fig)
    return path


def render_zones(zones, path: Path | str, *, title: str = "Areas under evacuation orders",
                 gazetteer: Gazetteer | None = None, inputs=()) -> Path:
    """Draw ``zones`` (a zone table, any roles) over the outline of the region they lie in
    and its reference units (the Strip and its governorates; Lebanon and its
    governorates…).

    Affected areas in red, destinations in green; places known only as points as
    dots; units outlined and labelled; legend, scale and attribution.
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.patches import Patch

    from ..zones.measure import dissolve, equal_area_crs
    from ..errors import GeonewsError
    from ..zones.units import frame_of, region_of_zones, units

    path = Path(path)
    _figure_format(path)
    gazetteer = gazetteer or Gazetteer.default()
    reg = region_of_zones(zones, gazetteer)
    _, strip = frame_of(gazetteer, region=reg)
    crs = equal_area_crs(strip, zones) if len(zones) else equal_area_crs(strip)
    import geopandas as gpd

    try:
        govs = units(reg.reference, gazetteer, reg).to_crs(crs) if reg.reference else None
    except GeonewsError:  # a country whose admin areas the gazetteer has no polygons of
        govs = None
    if govs is None:
        govs = gpd.GeoDataFrame({"unit": []}, geometry=[], crs=crs)
    outline = gpd.GeoSeries([strip], crs="EPSG:4326").to_crs(crs)
    fig, ax = plt.subplots(figsize=(7, 8.5))
    outline.plot(ax=ax, color="#f2efe9", edgecolor="#444444", linewidth=1.2, zorder=1)
    govs.boundary.plot(ax=ax, color="#888888", linewidth=0.7, linestyle="--", zorder=2)
    handles = []
    projected = zones.to_crs(crs) if len(zones) else zones
    for role in Role:
        mine = projected[projected["role"].map(_role_of) == role] if len(zones) else projected
        if not len(mine):
            continue
        areas = mine[mine.geometry.geom_type.isin(("Polygon", "MultiPolygon"))]
        points = mine[mine.geometry.geom_type.isin(("Point", "MultiPoint"))]
        colour = _ROLE_COLOURS[role]
        if len(areas):
            gpd.GeoSeries([dissolve(areas.geometry.to_numpy())], crs=crs).plot(
                ax=ax, color=colour, alpha=0.45, edgecolor=colour, linewidth=0.8, zorder=3)
        if len(points):
            points.plot(ax=ax, color=colour, markersize=30, edgecolor="white", zorder=5)
            for p, name in zip(points.geometry, points["name"]):
                # Names are data: "$…$" in one must not be parsed as mathtext.
                ax.annotate(str(name), (p.x, p.y), xytext=(5, 3), textcoords="offset points",
                            fontsize=7, color=colour, zorder=6, parse_math=False)
        handles.append(Patch(facecolor=colour, alpha=0.45, edgecolor=colour,
                             label=_ROLE_LABELS[role]))
    for gov in govs.itertuples():
        c = gov.geometry.representative_point()
        ax.annotate(str(gov.unit).replace(" Governorate", ""), (c.x, c.y), ha="center",
                    parse_math=False, fontsize=8, color="#333333", zorder=7,
                    bbox={"boxstyle": "round,pad=0.2", "fc": "white", "ec": "none", "alpha": 0.7})
    if len(govs):
        handles.append(Patch(facecolor="none", edgecolor="#888888", linestyle="--",
                             label=f"{reg.reference} boundary"))
    ax.legend(handles=handles, loc="upper left", fontsize=8, framealpha=0.9)
    _scale_bar(ax)
    ax.set_title(title, fontsize=11, parse_math=False)
    ax.set_axis_off()
    ax.set_aspect("equal")
    fig.text(0.01, 0.005, attribution_for(reg), fontsize=5.5, color="#555555", wrap=True)
    return _save(fig, path, inputs)


def _scale_bar(ax, km: int = 5) -> None:
    """A plain 5 km bar in the lower right (the axes are in metres)."""
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    x = x1 - (x1 - x0) * 0.08 - km * 1000
    y = y0 + (y1 - y0) * 0.04
    ax.plot([x, x + km * 1000], [y, y], color="black", linewidth=2, zorder=8)
    ax.text(x + km * 500, y + (y1 - y0) * 0.01, f"{km} km", ha="center", fontsize=7, zorder=8)


def timeline_chart(table, path: Path | str, *, title: str = "Area under evacuation orders",
                   inputs=()) -> Path:
    """A step chart of the cumulative area under orders (km², and % of the Strip)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.dates as mdates
    import matplotlib.pyplot as plt
    import pandas as pd

    path = Path(path)
    _figure_format(path)
    if table.empty:
        raise OutputError(f"{path}: no dated zones to chart")
    days = pd.to_datetime(table["date"])
    fig, ax = plt.subplots(figsize=(8, 4))
    ax.step(days, table["area_km2"], where="post", color=AFFECTED, linewidth=1.8)
    ax.fill_between(days, table["area_km2"], step="post", color=AFFECTED, alpha=0.15)
    ax.set_ylabel("km² under orders (cumulative)")
    ax.set_ylim(bottom=0)
    share = ax.secondary_yaxis("right", functions=(
        lambda v: v / _frame_area(table), lambda s: s * _frame_area(table)))
    share.set_ylabel(f"share of {table.attrs.get('frame', 'the frame')}")
    share.yaxis.set_major_formatter(matplotlib.ticker.PercentFormatter(1.0))
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(mdates.AutoDateLocator()))
    ax.grid(alpha=0.3)
    ax.set_title(title, fontsize=11, parse_math=False)
    fig.text(0.01, 0.005, "geonews · " + ATTRIBUTION, fontsize=5.5, color="#555555", wrap=True)
    return _save(fig, path, inputs)


def _frame_area(table) -> float:
    if table.attrs.get("frame_area_km2"):
        return float(table.attrs["frame_area_km2"])
    known = table[table["share"] > 0]
    return float(known["area_km2"].iloc[-1] / known["share"].iloc[-1]) if len(known) else 1.0
