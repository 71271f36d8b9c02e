"""A batch run costs time in proportion to its corpus: the exponent of time against the
number of articles, fitted on a log-log scale, is that of a linear cost (1), not of a
quadratic one (2) — for a first run (read, extract, write, drop repeated ids) and for
a resumed one (every article skipped by the resume index).

No wall-clock threshold: times are this process's CPU time (the in-process engine
runs everything here), so waiting for a core on a busy machine does not count, and a
machine uniformly slower leaves the slope as it is.  A size series whose slope comes
out too steep is measured again, as a spell of contention can still slow one size.
"""

from __future__ import annotations

import shutil
import time

import numpy as np

from geonews.batch import run_batch
from geonews.batch.engines import _extractor
from tests.batch.test_run import write_corpus

MAX_SLOPE = 1.3
ATTEMPTS = 3


def slope(sizes: list[int], seconds: list[float]) -> float:
    """The fitted exponent of ``seconds`` against ``sizes``.

    >>> round(slope([1, 2, 4], [1.0, 4.0, 16.0]), 6), round(slope([1, 2, 4], [3, 6, 12]), 6)
    (2.0, 1.0)
    """
    return float(np.polyfit(np.log(sizes), np.log(seconds), 1)[0])


def cpu_seconds(run) -> float:
    """The best of two runs' CPU time (the least disturbed)."""
    best = float("inf")
    for _ in range(2):
        t = time.process_time()
        run()
        best = min(best, time.process_time() - t)
    return best


def fitted(sizes: list[int], time_at) -> tuple[float, list[float]]:
    """The slope of ``time_at(n)`` over ``sizes``, measured again while too steep."""
    for _ in range(ATTEMPTS):
        seconds = [time_at(n) for n in sizes]
        found = slope(sizes, seconds)
        if found < MAX_SLOPE:
            break
    return found, seconds


def test_a_first_run_grows_linearly_with_the_corpus(tmp_path):
    _extractor()  # loaded once, as a long run would: its start-up is not the corpus's
    sizes = [150, 300, 600, 1200]
    for n in sizes:
        # Every 50th line repeats an earlier id: the duplicate check runs too.
        write_corpus(tmp_path / f"c{n}.jsonl", n)
        with open(tmp_path / f"c{n}.jsonl", "a") as fh:
            fh.writelines(f'{{"id": "art-{i}", "text": "Again."}}\n' for i in range(0, n, 50))

    def time_at(n: int) -> float:
        def run():
            shutil.rmtree(tmp_path / "out", ignore_errors=True)
            s = run_batch(tmp_path / f"c{n}.jsonl", tmp_path / "out", zones=False, count=False)
            assert (s.extracted, s.duplicates) == (n, len(range(0, n, 50)))
        return cpu_seconds(run)

    found, seconds = fitted(sizes, time_at)
    assert found < MAX_SLOPE, f"slope {found:.2f}: {dict(zip(sizes, seconds))}"


def test_a_resumed_run_grows_linearly_with_what_is_done(tmp_path):
    _extractor()
    sizes = [2_000, 4_000, 8_000, 16_000]
    # Tiny articles: extraction is quick, so the first runs stay short; what is timed
    # is the resumed run, where every line is read, parsed and skipped.
    for n in sizes:
        with open(tmp_path / f"c{n}.jsonl", "w") as fh:
            fh.writelines(f'{{"id": "a{i}", "text": "Rain."}}\n' for i in range(n))
        run_batch(tmp_path / f"c{n}.jsonl", tmp_path / f"out{n}", zones=False, count=False)

    def time_at(n: int) -> float:
        def run():
            s = run_batch(tmp_path / f"c{n}.jsonl", tmp_path / f"out{n}", zones=False,
                          count=False)
            assert (s.extracted, s.skipped) == (0, n)
        return cpu_seconds(run)

    found, seconds = fitted(sizes, time_at)
    assert found < MAX_SLOPE, f"slope {found:.2f}: {dict(zip(sizes, seconds))}"
