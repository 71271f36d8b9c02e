"""Maps of whole corpora: one feature per thing and date, cost linear in the corpus."""

import json
import time
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pytest

import geonews
from geonews.maps.render import build_map
from tests.maps.test_browser import CHROMIUM, rendered_dom

ORDERS = [
    "The army ordered residents of Bani Suhaila and Abasan to leave for al-Mawasi.",
    "Residents of blocks 64, 65 and 112 were told to go to Deir al-Balah.",
    "People in Khuza'a and eastern Khan Younis must move west to shelters in Rafah.",
    "The military told residents of Jabalia and Beit Lahia to head south to Gaza City.",
]


def write_results(path: Path, n: int, dates: int = 60) -> Path:
    """A batch-style results log of ``n`` extractions over ``dates`` days."""
    base = [geonews.extract(t).to_dict() for t in ORDERS]
    with path.open("w", encoding="utf-8") as fh:
        for k in range(n):
            record = dict(base[k % len(base)])
            record.pop("id", None)
            day = date(2023, 1, 1) + timedelta(days=k % dates)
            record.update(title=f"Article {k}", date=day.isoformat())
            fh.write(json.dumps({"id": f"a{k}", **record}, separators=(",", ":")) + "\n")
    return path


def test_a_place_named_by_many_articles_is_drawn_once_with_their_count(tmp_path):
    one = write_results(tmp_path / "one.jsonl", 4, dates=1)
    many = write_results(tmp_path / "many.jsonl", 800, dates=1)
    m1, f1 = build_map([one], tiles=False)
    m2, f2 = build_map([many], tiles=False)
    assert len(f1) == len(f2)
    bani = next(f for f in f2 if f.name == "Bani Suheila" and f.role == "affected")
    assert bani.articles == 200 and 1 <= len(bani.quotes) <= 3
    size1, size2 = len(m1.get_root().render()), len(m2.get_root().render())
    assert size2 < 1.2 * size1  # the page does not grow with the number of articles


def test_map_building_time_grows_linearly_with_the_corpus(tmp_path):
    sizes, times = [500, 1000, 2000, 4000], []
    for n in sizes:
        path = write_results(tmp_path / f"c{n}.jsonl", n)
        best = float("inf")
        for _ in range(2):
            # CPU time: on a shared machine the wait for a core is no cost of the code
            t = time.process_time()
            m, _ = build_map([path], tiles=False, cumulative=True)
            m.get_root().render()
            best = min(best, time.process_time() - t)
        times.append(best)
    slope = np.polyfit(np.log(sizes), np.log(times), 1)[0]
    assert slope < 1.3, (sizes, times, slope)


def test_progress_is_reported_while_a_corpus_is_read(tmp_path):
    path = write_results(tmp_path / "c.jsonl", 1200)
    seen = []
    build_map([path], tiles=False, progress=seen.append)
    assert seen[-1] == 1200 and seen[0] == 500 and seen == sorted(seen)


@pytest.mark.skipif(CHROMIUM is None, reason="needs chromium")
def test_a_map_of_thousands_of_articles_opens_in_the_browser(tmp_path):
    path = write_results(tmp_path / "c.jsonl", 6000, dates=900)
    m, features = build_map([path], tiles=False, cumulative=True)
    assert len(features) > 2000  # the corpus form of the page
    page = tmp_path / "corpus.html"
    from geonews.maps import save_map

    save_map(m, page, self_contained=True)
    dom = rendered_dom(page, tmp_path)
    assert "<canvas" in dom  # shapes drawn on one canvas
    assert "geonews-timeline" in dom and "6,000 articles" in dom


def test_a_batch_file_maps_as_its_extractions_do(tmp_path):
    """Reading a batch's file (fast path) draws what the extractions it holds draw."""
    from geonews.pipeline import extraction_from_dict

    path = write_results(tmp_path / "c.jsonl", 40, dates=5)
    records = [json.loads(line) for line in path.read_text().splitlines()]
    from geonews.places.gazetteer import Gazetteer

    gaz = Gazetteer.default()
    _, from_file = build_map([path], tiles=False)
    _, from_objects = build_map([extraction_from_dict(r, gaz) for r in records], tiles=False)

    def summary(features):
        return sorted((f.role, f.name, f.date or "", f.articles, f.geometry.wkb)
                      for f in features)

    assert summary(from_file) == summary(from_objects)


def test_a_zone_named_by_many_articles_is_one_shape_in_the_map(tmp_path):
    from geonews.maps.features import FeatureCollector
    from geonews.maps.render import iter_extractions
    from geonews.places.gazetteer import Gazetteer

    path = write_results(tmp_path / "c.jsonl", 200, dates=1)
    collector = FeatureCollector(Gazetteer.default())
    for ex in iter_extractions([path], collector.gazetteer):
        collector.add(ex)
    zones = [z.geometry for ex in iter_extractions([path], collector.gazetteer)
             for d in ex.directives for z in d.zones]
    assert zones and len({id(g) for g in zones}) == len({g.wkb for g in zones})
    assert len([k for k in collector.shapes if k[0] == "zone"]) == len({g.wkb for g in zones})


def test_a_line_orjson_refuses_is_still_read(tmp_path):
    plain = write_results(tmp_path / "plain.jsonl", 4, dates=1)
    lines = plain.read_text().splitlines()
    lines[1] = lines[1][:-1] + ',"score":NaN}'  # Python's json writes NaN; orjson refuses it
    odd = tmp_path / "odd.jsonl"
    odd.write_text("\n".join(lines) + "\n")
    _, expected = build_map([plain], tiles=False)
    seen = []
    _, features = build_map([odd], tiles=False, progress=seen.append)
    assert seen[-1] == 4
    assert sorted((f.role, f.name, f.articles) for f in features) == \
        sorted((f.role, f.name, f.articles) for f in expected)


def test_a_lone_surrogate_in_a_batch_line_reads_as_a_replacement_character(tmp_path):
    path = write_results(tmp_path / "c.jsonl", 2, dates=1)
    lines = path.read_bytes().splitlines(keepends=True)
    # An older geonews wrote a lone surrogate as its three "UTF-8" bytes.
    lines[0] = lines[0].replace(b'"title":"Article 0"', b'"title":"Article \xed\xa0\x80 0"')
    path.write_bytes(b"".join(lines))
    from geonews.maps.render import iter_extractions
    from geonews.places.gazetteer import Gazetteer

    titles = [ex.document.title for ex in iter_extractions([path], Gazetteer.default())]
    assert titles == ["Article \ufffd 0", "Article 1"]


def test_a_few_far_namesakes_do_not_widen_the_first_view(tmp_path):
    """The view fits the region that holds nearly all the articles; the rare stray (a
    place read as a namesake on another continent) is drawn, a zoom out away."""
    import folium
    import geopandas as gpd
    from shapely.geometry import box

    from geonews.maps.render import map_zones

    gaza = box(34.30, 31.30, 34.40, 31.40)
    far = box(120.0, 30.0, 120.1, 30.1)

    def first_view(strays):
        rows = [gaza] * 300 + [far] * strays
        zones = gpd.GeoDataFrame({"source": "t", "date": "2024-01-01", "role": "affected",
                                  "kind": "area", "name": [f"z{k % 2}" for k in range(len(rows))],
                                  "place_id": None, "block": None, "description": None,
                                  "sentence": None}, geometry=rows, crs="EPSG:4326")
        m = map_zones(zones, tiles=False)
        fit = next(c for c in m._children.values() if isinstance(c, folium.map.FitBounds))
        return fit.bounds

    (south, west), (north, east) = first_view(strays=1)
    assert east < 36 and west > 33  # Gaza fills the view
    (south, west), (north, east) = first_view(strays=30)  # a tenth is no stray
    assert east > 120
