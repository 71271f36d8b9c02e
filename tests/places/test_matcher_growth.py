"""Resolving a list costs time in proportion to its length (each name is ranked by the
others' winners, found in a k-d tree, not by comparing every name with every other)."""

import sqlite3
import time

import numpy as np

from geonews.paths import shipped_gazetteer
from geonews.places.matcher import Matcher


def real_names(n: int) -> list[str]:
    """``n`` real place names in random order, so that every prefix of the list is alike
    (the same mix of regions and of ambiguous names)."""
    import random

    db = sqlite3.connect(shipped_gazetteer())
    rows = db.execute("SELECT name FROM places WHERE kind IN ('city', 'town', 'village') "
                      "ORDER BY id LIMIT ?", (4 * n,)).fetchall()
    return random.Random(5).sample([r[0] for r in rows], n)


def test_resolving_a_list_grows_linearly_with_its_length():
    names = real_names(16000)
    matcher = Matcher()
    matcher.resolve(names[:500])  # warm the lookups' caches alike for every size
    sizes, times = [2000, 4000, 8000, 16000], []
    import gc

    gc.disable()  # as timeit does: a collection landing in one run would skew the fit
    try:
        _time_sizes(matcher, names, sizes, times)
    finally:
        gc.enable()
    slope = np.polyfit(np.log(sizes), np.log(times), 1)[0]
    assert slope < 1.3, (sizes, times, slope)


def _time_sizes(matcher, names, sizes, times) -> None:
    for n in sizes:
        best = float("inf")
        for _ in range(3):  # the best of three: a busy machine slows some runs, not all
            matcher.gazetteer.lookup.cache_clear()
            # CPU time, not the wait for a core (as the other growth tests): names' parts
            # are kept, and a repeated list's tenths of a second drown in a busy machine's.
            t = time.process_time()
            matcher.resolve(names[:n])
            best = min(best, time.process_time() - t)
        times.append(best)


def test_the_other_names_still_decide_between_namesakes():
    # Rafah next to Khan Younis is in Gaza; next to Cairo and Ismailia, in Egypt.
    gaza = Matcher().resolve(["Rafah", "Khan Younis", "Bani Suhaila"])
    egypt = Matcher().resolve(["Rafah", "Arish", "Ismailia", "Sheikh Zuweid"])
    assert gaza[0].place.country == "PS" and egypt[0].place.country == "EG"
