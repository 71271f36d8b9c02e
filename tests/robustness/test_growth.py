"""Every stage costs time in proportion to its input, whatever the input's shape.

For each stage (reading and decoding a file, splitting sentences, finding mentions,
extracting directives, the whole ``extract``) and each input shape (ordinary news,
and shapes that once made a stage quadratic), the stage is timed at sizes growing
geometrically, and the exponent of time against size is fitted on a log-log scale.
A linear stage has slope 1; a quadratic one, 2.  No wall-clock threshold is used:
a slow or busy machine scales every time alike and leaves the slope as it is.

Times are the best of a few repeats, each repeat looping until it has run long
enough to be measured, with the garbage collector paused (as ``timeit`` does).
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pytest

from geonews.pipeline import Extractor
from geonews.text.readers import make_document, read_documents
from geonews.text.sentences import split_sentences

MAX_SLOPE = 1.3
REPEATS = 3
ATTEMPTS = 3  # times a size series is measured again when its slope is too steep
MIN_RUN_SECONDS = 0.02  # a repeat shorter than this is looped, so that its time is measurable

ARTICLE = """\
Displaced families fill the coast after new orders
3 March 2024

The army told residents of Bani Suhaila and al-Qarara to leave their homes on Sunday and go to
shelters in Rafah, a spokesman said. Those in blocks 64 and 112 were named in the order.
A woman from Khan Younis said she had already moved twice. "We have nowhere left," she said.
Aid groups in Deir al-Balah said the roads south of Wadi Gaza were crowded by noon.
A street in Rafah after the strikes. Picture: Reuters
Read more: talks resume in Cairo
The order does not apply to Abasan al-Kabira, the statement added.

"""


def _repeat(unit: str, n: int) -> str:
    """``unit`` repeated to exactly ``n`` characters."""
    return (unit * (n // len(unit) + 1))[:n]


#: Input shapes: a function from a size (characters) to a text of that size.
SHAPES: dict[str, Callable[[int], str]] = {
    "article": lambda n: _repeat(ARTICLE, n),
    # A run of full stops with no space after it: the sentence splitter once backtracked.
    "dots": lambda n: "." * (n - 1) + "x",
    "interrobangs": lambda n: _repeat("?!", n - 1) + "x",
    # A label line per place: bulletin items once scanned every mention per line.
    "bulletin": lambda n: _repeat("Rafah: evacuate now\n", n),
    # A foreign town name again and again: each mention once copied the rest of the text.
    "springfield": lambda n: _repeat("Springfield ", n - 1) + "\U0001f600",
    # Unicode spaces and invisible characters inside names, to be normalised.
    "unicode": lambda n: _repeat("Shelling hit Khan\u00a0Younis and Ra\u00adfah; "
                                 "Kha\u200bn Younis too.\n", n),
}

#: The sizes (characters) each stage is timed at, per shape; the largest runs ~0.1-0.5 s.
SIZES: dict[str, dict[str, list[int]]] = {
    "read": {shape: [250_000, 500_000, 1_000_000, 2_000_000] for shape in SHAPES},
    "sentences": {shape: [50_000, 100_000, 200_000, 400_000] for shape in SHAPES},
    "mentions": {"article": [20_000, 40_000, 80_000, 160_000],
                 "dots": [100_000, 200_000, 400_000, 800_000],
                 "interrobangs": [100_000, 200_000, 400_000, 800_000],
                 "bulletin": [20_000, 40_000, 80_000, 160_000],
                 "springfield": [30_000, 60_000, 120_000, 240_000],
                 "unicode": [20_000, 40_000, 80_000, 160_000]},
    "directives": {"article": [20_000, 40_000, 80_000, 160_000],
                   "dots": [100_000, 200_000, 400_000, 800_000],
                   "interrobangs": [100_000, 200_000, 400_000, 800_000],
                   "bulletin": [20_000, 40_000, 80_000, 160_000],
                   "springfield": [30_000, 60_000, 120_000, 240_000],
                   "unicode": [20_000, 40_000, 80_000, 160_000]},
    "extract": {"article": [10_000, 20_000, 40_000, 80_000],
                "dots": [100_000, 200_000, 400_000, 800_000],
                "interrobangs": [100_000, 200_000, 400_000, 800_000],
                "bulletin": [10_000, 20_000, 40_000, 80_000],
                "springfield": [20_000, 40_000, 80_000, 160_000],
                "unicode": [10_000, 20_000, 40_000, 80_000]},
}


@dataclass
class Growth:
    """Times of one stage at growing sizes, and the fitted exponent."""

    sizes: list[int]
    seconds: list[float]

    @property
    def slope(self) -> float:
        """The exponent k of time ~ size**k, fitted on the log-log scale.

        >>> round(Growth([1, 2, 4], [1.0, 4.0, 16.0]).slope, 6)
        2.0
        """
        return float(np.polyfit(np.log(self.sizes), np.log(self.seconds), 1)[0])

    def report(self) -> str:
        rows = ", ".join(f"{n:,}: {s * 1000:.1f} ms" for n, s in zip(self.sizes, self.seconds))
        return f"slope {self.slope:.2f} ({rows})"


def best_time(run: Callable[[], object]) -> float:
    """Seconds per call: the best of a few repeats, each looped to be long enough to time."""
    best = float("inf")
    enabled = gc.isenabled()
    gc.disable()
    try:
        for _ in range(REPEATS):
            calls, start = 0, time.perf_counter()
            while True:
                run()
                calls += 1
                elapsed = time.perf_counter() - start
                if elapsed >= MIN_RUN_SECONDS:
                    break
            best = min(best, elapsed / calls)
    finally:
        if enabled:
            gc.enable()
    return best


def measure(sizes: list[int], prepare: Callable[[int], Callable[[], object]]) -> Growth:
    """Time ``prepare(n)()`` at each size; what ``prepare`` does itself is not timed.

    A busy machine can slow one size and steepen the slope: then every size is timed
    again, keeping each size's best time.  A stage that is really superlinear stays so
    however often it is timed; noise does not repeat at the same size.
    """
    runs = [prepare(n) for n in sizes]
    seconds = [float("inf")] * len(sizes)
    for _ in range(ATTEMPTS):
        seconds = [min(best, best_time(run)) for best, run in zip(seconds, runs)]
        growth = Growth(sizes, seconds)
        if growth.slope < MAX_SLOPE:
            break
    return growth


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    ex = Extractor()
    ex.extract(ARTICLE)  # warm every cache before anything is timed
    return ex



class TestGrowth:
    """Time per character does not grow with the input, for any stage and shape."""

    @pytest.mark.parametrize("shape", SHAPES)
    def test_reading_and_decoding_a_file(self, shape, tmp_path):
        def prepare(n: int):
            path = tmp_path / f"{shape}-{n}.txt"
            path.write_bytes(SHAPES[shape](n).encode("utf-8"))
            return lambda: read_documents(path)

        self._check(measure(SIZES["read"][shape], prepare))

    @pytest.mark.parametrize("shape", SHAPES)
    def test_splitting_sentences(self, shape):
        def prepare(n: int):
            doc = make_document(SHAPES[shape](n))
            return lambda: split_sentences(doc)

        self._check(measure(SIZES["sentences"][shape], prepare))

    @pytest.mark.parametrize("shape", SHAPES)
    def test_finding_mentions(self, shape, extractor):
        def prepare(n: int):
            doc = make_document(SHAPES[shape](n))
            return lambda: extractor.mentions.find(doc)

        self._check(measure(SIZES["mentions"][shape], prepare))

    @pytest.mark.parametrize("shape", SHAPES)
    def test_extracting_directives(self, shape, extractor):
        def prepare(n: int):
            doc = make_document(SHAPES[shape](n))
            mentions = extractor.mentions.find(doc)
            return lambda: extractor.directives.extract(doc, mentions)

        self._check(measure(SIZES["directives"][shape], prepare))

    @pytest.mark.parametrize("shape", SHAPES)
    def test_the_whole_extraction(self, shape, extractor):
        def prepare(n: int):
            text = SHAPES[shape](n)
            return lambda: extractor.extract(text)

        self._check(measure(SIZES["extract"][shape], prepare))

    @staticmethod
    def _check(growth: Growth) -> None:
        assert growth.slope < MAX_SLOPE, growth.report()
