"""Beyond Gaza, end to end: an order's region decides its frame, basemap and break-down."""

import json
from pathlib import Path

import pytest

import geonews
from tests.maps.test_browser import ARTEFACTS, CHROMIUM, rendered_dom, screenshot

# An order of our own for 25 south-Lebanese villages: English and French-style
# spellings, particles, one alternative name in parentheses.
LEBANON = ("Army orders residents of southern villages to leave\n\n"
           "The army on Tuesday told the residents of the following villages to leave their "
           "homes immediately and move north of the Awali River: Srifa, Kfar Kila, Khiam, "
           "Aadloun, Bint Jbeil, Aita al-Shaab, Yaroun, Maroun al-Ras, Aitaroun, Houla, "
           "Markaba, Mays al-Jabal, Taybeh, Qantara, Deir Mimas, Kfar Shouba, Hasbaya, "
           "Tebnine, Qana (Qana al-Jalil), Majdal Selm, Borj El Chmali, Chehabiyeh, Maarakeh "
           "and Marjayoun.\n")
CALIFORNIA = ("Wildfire forces evacuations\n\nThe Los Angeles County Sheriff ordered everyone "
              "within a one-mile radius of Altadena to evacuate, and residents of Sierra "
              "Madre were told to go to shelters in Arcadia and Burbank.\n")
GERMANY = ("Floods in the Eifel\n\nResidents within 2 km of Schuld and the people of "
           "Bad Münstereifel were ordered to leave their homes for emergency shelters in "
           "Euskirchen.\n")


@pytest.fixture(scope="module")
def lebanon():
    return geonews.extract(LEBANON, date="2024-10-01")


def test_every_village_of_a_long_lebanese_list_is_affected_and_in_lebanon(lebanon):
    (order,) = [d for d in lebanon.directives if d.affected]
    placed = [r.place for r in order.affected if r.place is not None]
    assert len(placed) >= 22 and {p.country for p in placed} == {"LB"}
    assert len(order.affected) >= 24  # the unresolved are still reported, never dropped


def test_north_of_the_awali_is_the_destination_drawn_as_an_area(lebanon):
    zones = [z for d in lebanon.directives for z in d.zones]
    (north,) = [z for z in zones if "Awali" in z.description]
    assert north.role == "destination" and north.geometry.geom_type in ("Polygon",
                                                                       "MultiPolygon")
    lb = geonews.places.Gazetteer.default().geometry("country:LB")
    assert north.geometry.within(lb.buffer(0.01))
    assert north.geometry.bounds[1] > 33.5  # all of it north of the river's mouth


def test_a_lebanese_break_down_is_by_kaza_with_km2(geonews_cli, tmp_path):
    (tmp_path / "order.txt").write_text(LEBANON, encoding="utf-8")
    run = geonews_cli("overlay", "breakdown", "order.txt", "--role", "destination",
                      "--level", "kaza", "--only-touched", "-f", "csv")
    assert run.code == 0, run.err
    lines = run.out.strip().splitlines()
    assert len(lines) > 5 and "Chouf" in run.out  # the kazas north of the Awali
    from geonews.zones import read_zones, union

    result = union(read_zones([tmp_path / "order.txt"]), role="destination")
    assert result.attrs["frame"] == "Lebanon"  # the share is of Lebanon, not of the Strip
    assert 0.3 < result.share.iloc[0] < 0.9


@pytest.mark.parametrize("text, country, places", [
    (CALIFORNIA, "US", {"Sierra Madre", "Arcadia", "Burbank"}),
    (GERMANY, "DE", {"Bad Münstereifel", "Euskirchen"}),
])
def test_orders_elsewhere_frame_themselves(text, country, places, geonews_cli, tmp_path):
    ex = geonews.extract(text)
    named = {r.mention.text for d in ex.directives for _, r in d.roles()}
    assert places <= named
    assert {r.place.country for d in ex.directives for _, r in d.roles() if r.place} == {country}
    (disc,) = [z for d in ex.directives for z in d.zones]
    assert disc.role == "affected" and disc.geometry.area > 0
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    run = geonews_cli("overlay", "breakdown", "a.txt", "-f", "csv")
    assert run.code == 0, run.err
    rows = run.out.strip().splitlines()
    assert len(rows) == 2 and float(rows[1].split(",")[3]) > 5  # km² of the disc, per country
    from geonews.zones import breakdown, read_zones

    parts = breakdown(read_zones([tmp_path / "a.txt"]), "country")
    assert "none for" in parts.attrs["note"]  # no population source: said, not invented
    assert parts.population_estimate.isna().all()
    from geonews.maps.render import frame_of_features
    from geonews.maps.features import collect_features

    reg = frame_of_features(collect_features([ex], geonews.places.Gazetteer.default()),
                            geonews.places.Gazetteer.default())
    assert reg.country == country


@pytest.mark.skipif(CHROMIUM is None, reason="needs chromium")
def test_the_self_contained_lebanese_map_shows_lebanon_and_its_towns(lebanon, tmp_path):
    from geonews.maps import map_articles, save_map

    page = tmp_path / "lebanon.html"
    save_map(map_articles([lebanon], tiles=False), page, self_contained=True)
    ARTEFACTS.mkdir(exist_ok=True)
    screenshot(page, ARTEFACTS / "lebanon-map.png", tmp_path)
    dom = rendered_dom(page, tmp_path)
    assert "Reference: Lebanon" in dom and "Gaza" not in dom.split("<body", 1)[1]
    assert dom.count("geonews-place-label") >= 10 and "Srifa" in dom
    assert (ARTEFACTS / "lebanon-map.png").stat().st_size > 20_000
