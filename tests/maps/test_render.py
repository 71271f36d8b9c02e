"""Maps of orders: layers, popups traceable to sentences, untrusted text kept inert."""

import json
import re
from pathlib import Path

import folium
import pytest

import geonews
from geonews.maps import map_articles
from geonews.maps.render import collect_features, load_extractions
from geonews.places.gazetteer import Gazetteer
from tests.conftest import assert_clean_error

SEED = next((Path(__file__).resolve().parents[2] / "seeds").glob("*.txt"))


@pytest.fixture(scope="module")
def seed_html():
    return map_articles([SEED]).get_root().render()


def page_values(html: str, asset: str) -> list:
    """The JSON values handed to one of geonews' map assets in a rendered page."""
    from geonews.maps.elements import asset as asset_text

    first_line = asset_text(asset).splitlines()[0]  # each asset opens with its own comment
    values = []
    for chunk in html.split(first_line)[1:]:
        start = chunk.index("var data = ") + len("var data = ")
        values.append(json.JSONDecoder().raw_decode(chunk[start:])[0])
    return values


def legend_titles(html: str) -> list[str]:
    return [v["title"] for v in page_values(html, "legend.js")]


def drawn_features(m) -> dict[str, list[dict]]:
    """Layer name -> the properties of each feature geonews draws in it, as the page puts
    them together: the layer's defaults, then its thing's, then its own."""
    from geonews.maps.elements import Features

    out = {}
    for child in m._children.values():
        for element in getattr(child, "_children", {}).values():
            if isinstance(element, Features):
                data = json.loads(element.data)
                own = [f["properties"] for f in data["features"]] + [
                    {"shape": shape, "date_index": None if date < 0 else date,
                     "articles": articles} for shape, date, articles in data["rows"]]
                out[child.layer_name] = [
                    {**data["defaults"], **data["things"].get(str(p.get("shape")), {}), **p}
                    for p in own]
    return out


def test_the_seed_map_has_affected_and_destination_layers(seed_html):
    assert "Affected areas (ordered to leave)" in seed_html
    assert "Destinations (told to go)" in seed_html
    assert "Reference: Gaza Strip and governorate boundaries" in seed_html
    for name in ("Bani Suheila", "Abasan al-Kabira", "Khan Yunis", "Rafah"):
        assert name in seed_html
    assert "OpenStreetMap contributors" in seed_html and "gazamaps.com" in seed_html


def test_popups_quote_the_sentence_and_the_words_that_named_the_place():
    props = drawn_features(map_articles([SEED]))["Affected areas (ordered to leave)"]
    bani = next(p for p in props if p["name"] == "Bani Suheila")
    (quote,) = bani["quotes"]
    assert quote["surface"] == "Bani Suhaila" and quote["surface"] in quote["sentence"]
    assert quote["sentence"].startswith(
        "The first order to evacuate came for people living in the areas of")
    assert bani["role_label"] == "ordered to leave" and bani["popup"]


def test_boilerplate_places_are_never_drawn(seed_html):
    for name in ("Bournemouth", "Yellowstone", "Madrid"):
        assert name not in seed_html


def test_the_seed_map_is_small():
    assert len(map_articles([SEED]).get_root().render()) < 2_000_000


def test_features_follow_roles():
    ex = geonews.extract("Residents of blocks 64 and 112 and of Abasan must leave for Rafah, "
                         "east of Salah al-Din Road.")
    roles = {f.role for f in collect_features([ex], Gazetteer.default())}
    assert {"affected", "destination", "block"} <= roles


@pytest.mark.parametrize("hostile", [
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "${alert(1)}", "`+alert(1)+`",
    "\\u003cscript\\u003ealert(1)", "</script><script>alert(1)</script>", "<!--",
])
def test_article_text_reaches_the_page_only_as_data(hostile):
    text = f"Residents of Abasan {hostile} were told to leave for Rafah {hostile}."
    m = map_articles([geonews.extract(text, title=f"Orders {hostile}")])
    html = m.get_root().render()
    assert "<script>alert" not in html and "<img" not in html and "<!--" not in html
    assert "</script><script>" not in html
    # The words come back exactly from the page's data: escaped, not lost.
    sentences = {q["sentence"] for fs in drawn_features(m).values() for f in fs
                 for q in f.get("quotes", [])}
    assert text in sentences
    assert f"Orders {hostile}" in legend_titles(html)


def test_an_article_without_orders_gets_a_notice():
    html = map_articles(["Strikes hit Rafah and Khan Younis overnight."]).get_root().render()
    assert "No evacuation directive was found" in html
    assert "Other places mentioned" in html


def test_extraction_json_is_a_map_input(tmp_path):
    ex = geonews.extract("Residents of Abasan were told to go to shelters in Rafah.")
    path = tmp_path / "ex.json"
    path.write_text(json.dumps(ex.to_dict()))
    (again,) = load_extractions([path], Gazetteer.default())
    assert [r.mention.place.name for r in again.directives[0].destinations] == ["Rafah"]
    assert isinstance(map_articles([path]), folium.Map)


def test_the_map_command(geonews_cli, tmp_path):
    (tmp_path / "a.txt").write_text(SEED.read_text(encoding="utf-8"), encoding="utf-8")
    run = geonews_cli("map", "a.txt", "-o", "map.html")
    assert run.code == 0, run.err
    assert re.search(r"wrote map.html \(.*6 affected.*\)", run.out)
    assert (tmp_path / "map.html").stat().st_size > 10_000
    run = geonews_cli("map", "a.txt", "-o", "a.txt")
    assert_clean_error(run, "overwrite an input")
    (tmp_path / "n.txt").write_text("Strikes hit Rafah overnight.\n")
    run = geonews_cli("map", "n.txt", "-o", "n.html")
    assert run.code == 0 and "no evacuation directive found" in run.err
    (tmp_path / "bin.txt").write_bytes(b"\x00\x01" * 500)
    assert_clean_error(geonews_cli("map", "bin.txt", "-o", "b.html"), "binary")
    assert not (tmp_path / "b.html").exists()
