"""The maps in a real browser (Debian's chromium, headless), with every network access blocked."""

import shutil
import subprocess
from pathlib import Path

import pytest

import geonews
from geonews.maps import map_articles, save_map

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="needs Debian's chromium (.ci/run "
                                                          "installs it)")
SEED = next((Path(__file__).resolve().parents[2] / "seeds").glob("*.txt"))


def rendered_dom(page: Path, tmp_path: Path, fragment: str = "") -> str:
    """The page's DOM after its scripts ran, with the network unreachable."""
    run = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
         "--no-first-run", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", f"--user-data-dir={tmp_path / 'profile'}",
         "--proxy-server=127.0.0.1:9", "--host-resolver-rules=MAP * ~NOTFOUND",
         "--virtual-time-budget=8000", "--dump-dom", page.resolve().as_uri() + fragment],
        capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr[-2000:]
    return run.stdout


# Appended to a copy of a page: opens every popup and tooltip once the map is drawn and
# keeps a copy of what they showed, so that the dumped DOM holds all the words the page
# can show (and anything a payload in them could have done has had its chance to run).
OPEN_EVERYTHING = """<script>
window.addEventListener('load', function () { setTimeout(function () {
  var map = window[document.querySelector('.folium-map').id];
  var box = document.createElement('div');
  box.id = 'geonews-test-opened';
  document.body.appendChild(box);
  var layers = [];
  map.eachLayer(function (l) { layers.push(l); });
  layers.forEach(function (l) {
    [['getPopup', 'openPopup', 'closePopup'], ['getTooltip', 'openTooltip', 'closeTooltip']]
      .forEach(function (api) {
        if (!l[api[0]] || !l[api[0]]()) { return; }
        l[api[1]]();
        var shown = l[api[0]]().getElement();
        if (shown) { box.appendChild(shown.cloneNode(true)); }
        l[api[2]]();
      });
  });
  box.setAttribute('data-opened', String(box.childNodes.length));
}, 500); });
</script>"""


def opened_dom(page: Path, tmp_path: Path) -> str:
    """The DOM of ``page`` after every popup and tooltip was opened (see OPEN_EVERYTHING)."""
    copy = page.with_name("opened-" + page.name)
    copy.write_text(page.read_text(encoding="utf-8").replace(
        "</body>", OPEN_EVERYTHING + "</body>"), encoding="utf-8")
    dom = rendered_dom(copy, tmp_path)
    assert 'id="geonews-test-opened"' in dom, "the page's map did not load"
    return dom


ARTEFACTS = Path(__file__).resolve().parents[2] / "test-artefacts"


def screenshot(page: Path, png: Path, tmp_path: Path) -> None:
    subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         f"--user-data-dir={tmp_path / 'shot-profile'}", "--proxy-server=127.0.0.1:9",
         "--host-resolver-rules=MAP * ~NOTFOUND", "--window-size=1200,900",
         "--virtual-time-budget=8000", f"--screenshot={png}", page.resolve().as_uri()],
        capture_output=True, timeout=120, check=True)


def test_the_self_contained_seed_map_renders_offline(tmp_path):
    page = tmp_path / "seed.html"
    save_map(map_articles([SEED], tiles=False), page, self_contained=True)
    # The picture an analyst would see, kept as a test artefact (test-artefacts/).
    ARTEFACTS.mkdir(exist_ok=True)
    screenshot(page, ARTEFACTS / "seed-map.png", tmp_path)
    assert (ARTEFACTS / "seed-map.png").stat().st_size > 20_000
    dom = rendered_dom(page, tmp_path)
    assert "leaflet-container" in dom  # Leaflet ran, from the page itself
    paths = dom.count('class="leaflet-interactive"')
    assert paths >= 7 + 5  # 6 affected + 1 destination areas, movement lines, arrowheads
    assert dom.count("geonews-place-label") >= 10  # the offline basemap's town names
    assert "Bani Suheila" in dom and "Rafah" in dom
    assert "geonews-legend" in dom and "OpenStreetMap contributors" in dom


def test_popups_quote_the_sentence_with_the_place_marked(tmp_path):
    page = tmp_path / "seed.html"
    save_map(map_articles([SEED], tiles=False), page, self_contained=True)
    dom = opened_dom(page, tmp_path)
    assert "<mark>Bani Suhaila</mark>" in dom
    assert "The first order to evacuate came for people living in the areas of" in dom
    assert '<span dir="rtl" lang="ar">' in dom  # Arabic names, right to left


def test_hostile_article_text_runs_no_script_in_the_browser(tmp_path):
    payloads = ["<script>document.body.setAttribute('data-pwned','1')</script>",
                "<img src=x onerror=\"document.body.setAttribute('data-pwned','2')\">",
                "${document.body.setAttribute('data-pwned','3')}",
                "`;document.body.setAttribute('data-pwned','4');`"]
    text = " ".join(f"Residents of Abasan {p} were told to leave for Rafah {p}." for p in payloads)
    ex = geonews.extract(text, title="Orders " + payloads[0])
    page = tmp_path / "xss.html"
    save_map(map_articles([ex], tiles=False), page, self_contained=True)
    dom = rendered_dom(page, tmp_path)
    assert "leaflet-container" in dom
    assert "data-pwned" not in dom.split("<body", 1)[1].split(">", 1)[0]
    assert '<img src="x"' not in dom


def test_the_timeline_shows_one_date_or_all_dates_up_to_it(tmp_path):
    articles = [
        ("2024-05-06", "The army ordered residents of Rafah to evacuate to al-Mawasi."),
        ("2024-07-01", "The army ordered residents of Bani Suhaila and Abasan to leave for "
                       "Deir al-Balah."),
        ("2024-07-22", "Residents of Khuza'a were told to move to al-Mawasi."),
    ]
    extractions = [geonews.extract(text, date=date, title=f"Order of {date}")
                   for date, text in articles]
    counts = {}
    for cumulative in (False, True):
        page = tmp_path / f"timeline-{cumulative}.html"
        save_map(map_articles(extractions, tiles=False, cumulative=cumulative), page,
                 self_contained=True)
        every = rendered_dom(page, tmp_path)
        assert "geonews-timeline" in every and "all dates" in every
        for k in range(3):
            dom = rendered_dom(page, tmp_path, f"#date={k}")
            assert "2024-" in dom.split('class="geonews-timeline-date"', 1)[1][:40]
            counts[(cumulative, k)] = dom.count('class="leaflet-interactive"')
        counts[(cumulative, "all")] = every.count('class="leaflet-interactive"')
    # Date by date: each order alone; cumulative: the orders up to that date.
    assert counts[(True, 2)] == counts[(True, "all")] > counts[(False, 2)] > 0
    assert counts[(True, 0)] == counts[(False, 0)] < counts[(True, 1)] < counts[(True, 2)]
