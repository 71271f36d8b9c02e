"""Template payloads in every field that reaches a page: shown as the words they are,
never run.  folium renders each element's output again as a Jinja2 template, so text
that reached a template could run Python on the analyst's machine (issue 11)."""

import json

import geopandas as gpd
import pytest
from shapely.geometry import box

from geonews.maps import map_articles, map_zones, save_map
from tests.maps.test_browser import CHROMIUM, opened_dom, rendered_dom

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="needs Debian's chromium")


def payloads(canary) -> list[str]:
    """Template syntax of every kind: expressions, statements, comments, raw blocks, the
    halves that make a parser fail, and attacks that would leave a file behind."""
    touch = f"touch {canary}"
    return [
        "{{ 7*7 }}", "{{7*'7'}}", "{% if 1 %}IFTRUE{% endif %}", "{# hidden #}",
        "{{ .", "{%", "{{", "{#", "}}", "{% raw %}", "{% endraw %}", "{{ this }}",
        "{{ kwargs }}", "{%- set x = 1 -%}", "{{ lipsum.__globals__.os.popen('" + touch
        + "').read() }}", "{{ cycler.__init__.__globals__.os.system('" + touch + "') }}",
        "{% for c in [].__class__.__base__.__subclasses__() %}{% endfor %}",
        "${7*7}", "#{7*7}", "<%= 7*7 %>", "[[7*7]]",
    ]


def assert_shown_verbatim(dom: str, words: list[str], canary) -> None:
    """Each payload is in what the page shows (its DOM less its scripts), whole."""
    import html
    import re

    text = html.unescape(re.sub(r"<script\b.*?</script>", "", dom, flags=re.S))
    assert not canary.exists(), "a template payload ran a command"
    assert "IFTRUE" not in text.replace("{% if 1 %}IFTRUE{% endif %}", "")
    for w in words:
        assert w in text, w


def test_payloads_in_titles_sentences_names_and_dates_are_shown_as_text(geonews_cli,
                                                                          tmp_path):
    canary = tmp_path / "pwned"
    words = payloads(canary)
    body = " ".join(f"Residents of Abasan {w} were told to leave for Rafah." for w in words)
    article = {"id": "{{ 7*7 }}", "title": "Orders " + " ".join(words), "text": body,
               "url": "https://example.org/{{7*7}}", "date": "2024-05-06"}
    (tmp_path / "a.json").write_text(json.dumps(article))
    run = geonews_cli("map", "a.json", "--self-contained", "-o", "m.html")
    assert run.code == 0, run.err
    dom = opened_dom(tmp_path / "m.html", tmp_path)
    assert_shown_verbatim(dom, words, canary)
    assert dom.count("Orders {{ 7*7 }}") >= 1  # the legend's title, as written


def test_payloads_in_an_extraction_file_reach_the_page_as_text(geonews_cli, tmp_path):
    """Extraction JSON (``geonews extract`` output, batch results) is input too: its
    place names, kinds, issuers, dates and sources may have been edited by anyone."""
    canary = tmp_path / "pwned"
    words = payloads(canary)
    run = geonews_cli("extract", "-", "-o", "ex.json",
                      stdin="Residents of Abasan were told by the army to leave for Rafah.")
    assert run.code == 0, run.err
    ex = json.loads((tmp_path / "ex.json").read_text())
    for i, w in enumerate(words):
        other = json.loads(json.dumps(ex))
        other.update(title=w, source=w, date=f"2024-05-{i % 28 + 1:02d}")
        for d in other["directives"]:
            d["sentence"] = f"Residents of Abasan {w} were told to leave for Rafah."
            d["issuer"] = w
            d["date"] = w if i % 2 else None  # a date is text too; the timeline shows it
            for ref in d["affected"] + d["destinations"]:
                ref.update(kind=w)
        with (tmp_path / "results.jsonl").open("a") as fh:
            other.pop("id")
            fh.write(json.dumps({"id": w, **other}, separators=(",", ":")) + "\n")  # as batch
    run = geonews_cli("map", "results.jsonl", "--self-contained", "--cumulative",
                      "-o", "m.html")
    assert run.code == 0, run.err
    dom = opened_dom(tmp_path / "m.html", tmp_path)
    assert_shown_verbatim(dom, words, canary)


def test_payloads_in_file_names_reach_the_notice_as_text(geonews_cli, tmp_path):
    canary = tmp_path / "pwned"
    name = "{{ 7*7 }} {% if 1 %}IFTRUE{% endif %}.txt"
    (tmp_path / name).write_text("Strikes hit Rafah overnight.\n")
    run = geonews_cli("map", name, "--self-contained", "-o", "m.html")
    assert run.code == 0, run.err
    dom = rendered_dom(tmp_path / "m.html", tmp_path)
    assert "geonews-notice" in dom
    assert_shown_verbatim(dom, [name], canary)


@pytest.fixture
def template_region(tmp_path, monkeypatch):
    """A user region whose place names are template payloads."""
    from geonews.places.gazetteer import Gazetteer
    from geonews.places.importers import import_layer

    monkeypatch.setenv("GEONEWS_HOME", str(tmp_path / "home"))
    layer = gpd.GeoDataFrame(
        {"name": ["Qwerty Camp {{ 7*7 }}"], "alt": ["Qwerty Camp"],
         "name_ar": ["{% if 1 %}IFTRUE{% endif %}"]},
        geometry=[box(35.30, 33.20, 35.32, 33.22)], crs=4326)
    layer.to_file(tmp_path / "region.geojson")
    import_layer(tmp_path / "region.geojson", region="test-templates", name_field="name",
                 alt_names_field="alt", name_ar_field="name_ar", kind="camp", country="LB")
    Gazetteer.reset_default()
    yield
    Gazetteer.reset_default()


def test_payloads_in_imported_place_names_are_shown_as_text(tmp_path, template_region):
    canary = tmp_path / "pwned"
    m = map_articles(["Residents of Qwerty Camp were told to leave for Tyre."], tiles=False)
    page = tmp_path / "m.html"
    save_map(m, page, self_contained=True)
    dom = opened_dom(page, tmp_path)
    assert_shown_verbatim(dom, ["Qwerty Camp {{ 7*7 }}", "{% if 1 %}IFTRUE{% endif %}"],
                          canary)


def test_payloads_in_zone_layer_attributes_are_shown_as_text(geonews_cli, tmp_path):
    canary = tmp_path / "pwned"
    words = payloads(canary)[:12]
    layer = gpd.GeoDataFrame(
        {"name": words, "description": words[::-1], "source": words,
         "kind": ["{{ 7*7 }}"] * len(words),
         "date": [f"2025-03-{i + 1:02d}" for i in range(len(words))]},
        geometry=[box(34.30 + i / 200, 31.30, 34.304 + i / 200, 31.304)
                  for i in range(len(words))], crs=4326)
    layer.to_file(tmp_path / "zones.geojson")
    run = geonews_cli("overlay", "timeline", "zones.geojson", "--map", "t.html",
                      "--self-contained", "-o", "t.csv")
    if run.code == 2 and "--self-contained" in run.err:  # the option is map's only
        run = geonews_cli("overlay", "timeline", "zones.geojson", "--map", "t.html",
                          "-o", "t.csv")
    assert run.code == 0, run.err
    dom = opened_dom(tmp_path / "t.html", tmp_path)
    assert_shown_verbatim(dom, words, canary)

    from geonews.zones.layers import read_zones

    page = tmp_path / "z.html"
    save_map(map_zones(read_zones([tmp_path / "zones.geojson"]), tiles=False,
                       title="{{ 7*7 }} {# x #}"), page, self_contained=True)
    assert_shown_verbatim(opened_dom(page, tmp_path), ["{{ 7*7 }} {# x #}"], canary)
