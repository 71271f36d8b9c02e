"""The web page in real Chromium (Debian's, driven by Playwright), with every request to
anything but the server blocked and recorded."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
playwright = pytest.importorskip("playwright.sync_api")
pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(CHROMIUM is None, reason="needs Debian's chromium")]
ARTEFACTS = Path(__file__).resolve().parents[2] / "test-artefacts"
HOSTILE = "<img src=x onerror=\"window.pwned=1\">{{ 7*7 }}${7*7}<script>window.pwned=2</script>"


@pytest.fixture(scope="module")
def browser():
    with playwright.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"], headless=True)
        yield b
        b.close()


@pytest.fixture
def page(browser, server):
    context = browser.new_context(viewport={"width": 1400, "height": 900},
                                  accept_downloads=True)
    outside: list[str] = []

    def only_the_server(route):
        if route.request.url.startswith(server.url):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    context.route("**/*", only_the_server)
    pg = context.new_page()
    pg.dialogs = []
    pg.on("dialog", lambda d: (pg.dialogs.append(d.message), d.dismiss()))
    pg.errors = []
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    yield pg
    assert outside == [], f"the page reached beyond the server: {outside[:5]}"
    context.close()


def test_paste_map_correct_reload_and_download(page, server, seed_text, tmp_path):
    page.goto(server.url + "/")
    page.wait_for_function("() => window.geonewsReady === true")
    page.fill("#analyst", "Browser Analyst")
    page.dispatch_event("#analyst", "change")
    page.fill("#article-text", seed_text)
    page.click("#add-article")
    page.wait_for_function("() => document.getElementById('detail-title').textContent"
                           ".startsWith('Talks to restart')", timeout=60_000)
    page.wait_for_function("() => document.getElementById('map').dataset.article !== ''")
    # the affected polygons appear (red, drawn by Leaflet as SVG paths)
    page.wait_for_function(
        "() => document.querySelectorAll('path.geonews-affected').length >= 5", timeout=60_000)
    assert page.locator("path.geonews-destination").count() >= 1
    assert "Talks to restart" in page.inner_text("#articles")
    row = page.locator("#places tr", has=page.locator("td", has_text="Rafah")).filter(
        has=page.locator("select.role-select option:checked", has_text="destination"))
    assert row.count() == 1
    ref = row.get_attribute("data-ref")
    # change a role: Rafah is taken as affected
    row.locator("select.role-select").select_option("affected")
    page.wait_for_function("() => document.getElementById('status').textContent.includes('saved')")
    page.wait_for_function("() => document.querySelectorAll('path.geonews-destination').length === 0")
    # reload: the change is kept, with who made it
    page.reload()
    page.wait_for_selector(f'#places tr[data-ref="{ref}"]')
    assert page.locator(f'#places tr[data-ref="{ref}"] select.role-select').input_value() \
        == "affected"
    assert "Browser Analyst" in page.inner_text("#corrections")
    ARTEFACTS.mkdir(exist_ok=True)
    page.wait_for_timeout(300)
    page.screenshot(path=str(ARTEFACTS / "serve-page.png"))
    assert (ARTEFACTS / "serve-page.png").stat().st_size > 30_000
    # download the GeoPackage and open it with geopandas
    with page.expect_download() as download:
        page.click("text=GeoPackage")
    gpkg = tmp_path / "download.gpkg"
    download.value.save_as(gpkg)
    import geopandas as gpd

    zones = gpd.read_file(gpkg, layer="zones")
    seed = zones[zones.title.fillna("").str.startswith("Talks to restart")]
    assert set(seed.loc[seed.name == "Rafah", "role"]) == {"affected"}
    assert {"Bani Suheila", "Abasan al-Kabira"} <= set(seed.name)
    assert page.dialogs == [] and page.errors == []


def test_hostile_titles_and_sentences_are_shown_as_text(page, server):
    import httpx

    text = (f"{HOSTILE}\n\nResidents of Abasan were told to leave for Rafah {HOSTILE} "
            "on Saturday.")
    r = httpx.post(server.url + "/articles", json={"text": text, "title": HOSTILE,
                                                    "id": "hostile-" + HOSTILE[:20]})
    assert r.status_code == 201, r.text
    aid = r.json()["article"]["id"]
    page.goto(server.url + "/")
    page.wait_for_function("() => window.geonewsReady === true")
    page.locator("#articles li", has_text="{{ 7*7 }}").first.click()
    page.wait_for_function("() => document.getElementById('detail-title').textContent.includes('{{')")
    # open every popup and tooltip the selected article draws
    page.wait_for_function("(id) => document.getElementById('map').dataset.article === id",
                           arg=aid)
    first = page.locator("path.geonews-affected").first
    # The events go to the path itself: a pointer aimed at its centre while the map still
    # pans to the article, or where another feature lies on top, may miss it.
    first.dispatch_event("mouseover")
    page.wait_for_selector(".leaflet-tooltip")
    first.dispatch_event("click")
    page.wait_for_selector(".leaflet-popup-content")
    popup = page.locator(".leaflet-popup-content")
    assert popup.count() >= 1 and "<script>" in popup.last.inner_text()
    assert "{{ 7*7 }}" in popup.last.inner_text()
    assert page.evaluate("() => window.pwned") is None
    assert page.locator("#articles img, #detail img, .leaflet-popup img").count() == 0
    assert page.locator("body script").count() == 2   # Leaflet and the page's own
    title = page.inner_text("#detail-title")
    assert title == HOSTILE and "49" not in title
    assert "{{ 7*7 }}" in page.inner_text("#directives")
    assert page.dialogs == [] and page.errors == [], (page.dialogs, page.errors)
    assert aid
