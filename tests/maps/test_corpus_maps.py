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
            t = time.perf_counter()
            m, _ = build_map([path], tiles=False, cumulative=True)
            m.get_root().render()
            best = min(best, time.perf_counter() - t)
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
