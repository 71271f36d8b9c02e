"""Extraction speed and memory on real articles, beside a bare multi-pattern scan.

    python benchmarks/bench_extract.py [--eval-dir ../shared/eval/dev] [--mb 10]

The dev articles are read from ../shared at run time (never copied here) and
repeated until the corpus holds at least ``--mb`` megabytes of text.  Printed:

* articles per second and MB per second on one core (this process, one thread): the
  median of ``--repeat`` passes over the corpus, with the slowest and fastest;
* peak resident memory of the process, and its growth during the run;
* the baseline: one Aho-Corasick pass of the same name automaton over the same
  lower-cased text, which is as fast as any name finder could go.

Target: ≥ 500 articles/s per core.  Nothing here asserts.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--eval-dir", type=Path, default=ROOT.parent / "shared/eval/dev")
    ap.add_argument("--mb", type=float, default=10.0)
    ap.add_argument("--repeat", type=int, default=3, help="timed passes over the corpus")
    args = ap.parse_args()

    articles = [json.loads(p.read_text(encoding="utf-8"))
                for p in sorted(args.eval_dir.glob("*.json"))]
    if not articles:
        raise SystemExit(f"no articles in {args.eval_dir}")
    corpus: list[tuple[str, str | None]] = []
    size = 0
    while size < args.mb * 1e6:
        for a in articles:
            corpus.append((a["text"], a.get("date")))
            size += len(a["text"].encode("utf-8"))

    from geonews.pipeline import Extractor

    t = time.perf_counter()
    extractor = Extractor()
    extractor.extract("Residents of Rafah were told to leave.")  # load the index
    startup = time.perf_counter() - t
    before = rss_mb()

    half = corpus[: len(corpus) // 2]
    t = time.perf_counter()
    for text, date in half:
        extractor.extract(text, date=date)
    plain = len(half) / (time.perf_counter() - t)

    extractor.prepare_for_long_run()  # as the CLI and batch do for many articles
    # This machine's speed drifts from minute to minute: the corpus is run --repeat times
    # and the median reported, with the spread.
    rates = []
    for _ in range(args.repeat):
        t = time.perf_counter()
        directives = 0
        for text, date in corpus:
            directives += len(extractor.extract(text, date=date).directives)
        rates.append(len(corpus) / (time.perf_counter() - t))
    rates.sort()
    rate = rates[len(rates) // 2]
    after = rss_mb()

    automaton = extractor.mentions.index.automaton
    t = time.perf_counter()
    hits = 0
    for text, _ in corpus:
        for _ in automaton.iter(" " + text.lower() + " "):
            hits += 1
    scan = time.perf_counter() - t

    n = len(corpus)
    print(f"corpus: {n:,} articles, {size / 1e6:.1f} MB ({len(articles)} dev articles repeated)")
    print(f"start-up (gazetteer and name index loaded): {startup:.2f} s")
    print()
    print(f"{'measure':34} {'geonews':>12} {'bare scan':>12}")
    print(f"{'articles/s, one core (median)':34} {rate:12,.0f} {n / scan:12,.0f}")
    print(f"{'  slowest / fastest pass':34} {f'{rates[0]:,.0f} / {rates[-1]:,.0f}':>12}")
    print(f"{'  (without prepare_for_long_run)':34} {plain:12,.0f}")
    mb = size / 1e6
    print(f"{'MB of text/s, one core':34} {mb * rate / n:12,.2f} {mb / scan:12,.2f}")
    print(f"{'peak memory (RSS, MB)':34} {after:12,.0f}")
    print(f"{'memory growth during the run (MB)':34} {after - before:12,.0f}")
    print(f"directives found: {directives:,}; bare-scan pattern hits: {hits:,}")


if __name__ == "__main__":
    main()
