"""Static pictures for reports: PNG/SVG of zones and of the timeline, no web tiles."""

import pytest

from geonews.errors import OutputError
from geonews.maps.static import render_zones, timeline_chart
from geonews.zones.layers import read_zones
from geonews.zones.measure import timeline


@pytest.fixture(scope="module")
def zones():
    return read_zones(["Residents of Bani Suhaila and Ma'an were told to go to Rafah."])


def test_zones_picture_is_a_png_with_legend_and_attribution(zones, tmp_path):
    out = render_zones(zones, tmp_path / "z.png")
    data = out.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000
    svg = render_zones(zones, tmp_path / "z.svg").read_text()
    for text in ("under evacuation orders", "destinations named", "OpenStreetMap",
                 "Khan Younis", "5 km"):
        assert text in svg, text


def test_timeline_chart(tmp_path):
    import geopandas as gpd
    import pandas as pd

    z = gpd.GeoDataFrame(pd.concat([
        read_zones(["On 1 May 2025 residents of Abasan were told to leave."]),
        read_zones(["On 9 May 2025 residents of Khuza'a were told to leave."])]), crs=4326)
    table = timeline(z)
    svg = timeline_chart(table, tmp_path / "t.svg").read_text()
    assert "km² under orders" in svg and "share of Gaza Strip" in svg


def test_pictures_need_a_picture_suffix(zones, tmp_path):
    with pytest.raises(OutputError, match=".png, .svg or .pdf"):
        render_zones(zones, tmp_path / "z.gif")
    assert not (tmp_path / "z.gif").exists()


def test_names_and_titles_are_drawn_as_written_not_as_mathtext(tmp_path):
    """A layer's names are data: "$\\foo$" is neither parsed (matplotlib would fail on it)
    nor typeset, but written out."""
    import geopandas as gpd
    from shapely.geometry import Point

    z = gpd.GeoDataFrame({"name": ["$\\foo{$ Camp"], "role": ["affected"], "kind": ["camp"]},
                         geometry=[Point(34.30, 31.35)], crs=4326)
    svg = render_zones(z, tmp_path / "z.svg", title="$x^{$ orders").read_text()
    assert "<!-- $\\foo{$ Camp -->" in svg and "<!-- $x^{$ orders -->" in svg
