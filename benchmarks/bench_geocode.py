"""Geocoding speed, measured beside a naive baseline in the same run.

    python benchmarks/bench_geocode.py [--quick]

Prints, for the shipped gazetteer:
* exact/variant lookups per second: distinct names (every lookup new) and a
  news-like stream (names repeat with a Zipf distribution, as in a corpus);
* fuzzy (typo) lookups per second;
* the CLI's cold start for one name (median of several runs) beside a bare
  ``python -c pass``;
* the naive baseline: a linear scan over all name keys with rapidfuzz.
Targets (2-core machine): ≥ 50,000 exact/variant lookups/s, ≥ 2,000 fuzzy/s,
cold start ≤ 1 s.  Nothing here asserts: the figures are for reading.
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from geonews.paths import shipped_gazetteer  # noqa: E402
from geonews.places.gazetteer import Gazetteer  # noqa: E402
from geonews.places.matcher import Matcher  # noqa: E402
from geonews.places.names import loose_key  # noqa: E402


def sample_names(n: int, seed: int = 7) -> list[str]:
    """Real spellings: every Gaza name plus world place names, shuffled."""
    db = sqlite3.connect(shipped_gazetteer())
    gaza = [r[0] for r in db.execute(
        "SELECT a.name FROM alt_names a JOIN places p ON p.id = a.place "
        "WHERE p.region = 'gaza' AND p.kind != 'block' AND a.lang IS NOT 'he'")]
    world = [r[0] for r in db.execute(
        "SELECT name FROM places WHERE region = 'world' AND population > 5000 "
        "ORDER BY id LIMIT ?", (n,))]
    names = list(dict.fromkeys(gaza + world))
    random.Random(seed).shuffle(names)
    return names[:n]


def typo(name: str, rng: random.Random) -> str:
    """One keyboard slip: swap two neighbouring letters, or drop or double one."""
    chars = list(name)
    i = rng.randrange(1, max(2, len(chars) - 1))
    op = rng.choice(["swap", "drop", "double"])
    if op == "swap" and i + 1 < len(chars):
        chars[i], chars[i + 1] = chars[i + 1], chars[i]
    elif op == "drop":
        del chars[i]
    else:
        chars.insert(i, chars[i])
    return "".join(chars)


def rate(func, items) -> float:
    t = time.perf_counter()
    for x in items:
        func(x)
    return len(items) / (time.perf_counter() - t)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true", help="smaller samples")
    args = ap.parse_args()
    n = 5_000 if args.quick else 20_000

    names = sample_names(n)
    print(f"gazetteer: {shipped_gazetteer()} ({shipped_gazetteer().stat().st_size / 1e6:.0f} MB)")
    print(f"sample: {len(names):,} distinct real spellings")

    gaz = Gazetteer(include_user=False)
    for name in names[:500]:
        gaz.lookup(name)  # touch the index pages once, as any running process would
    gaz.lookup.cache_clear()
    distinct = rate(gaz.lookup, names)
    rng = random.Random(3)
    weights = [1 / (i + 1) for i in range(len(names))]
    stream = rng.choices(names, weights=weights, k=n * 5)
    gaz.lookup.cache_clear()
    news_like = rate(gaz.lookup, stream)
    matcher = Matcher(gaz)
    gaz.lookup.cache_clear()
    resolve = rate(matcher.resolve_one, names[-2000:])

    gaza_names = [x for x in names if x.isascii() and len(x) > 5][:2000]
    typos = [typo(x, rng) for x in gaza_names]
    gaz.fuzzy("warm up the typo index")
    fuzzy = rate(gaz.fuzzy, typos)

    from rapidfuzz import fuzz, process

    db = sqlite3.connect(shipped_gazetteer())
    all_keys = [r[0] for r in db.execute("SELECT DISTINCT key FROM names WHERE form < 2")]
    baseline_sample = names[:40]
    baseline = rate(lambda q: process.extractOne(loose_key(q), all_keys, scorer=fuzz.ratio),
                    baseline_sample)

    def cold(cmd: list[str], runs: int = 5) -> float:
        times = []
        for _ in range(runs):
            t = time.perf_counter()
            subprocess.run(cmd, capture_output=True, check=True)
            times.append(time.perf_counter() - t)
        return statistics.median(times)

    cli = cold([sys.executable, "-m", "geonews", "geocode", "Khan Younis", "-f", "json"])
    bare = cold([sys.executable, "-c", "pass"])

    print()
    print(f"{'measure':48} {'geonews':>14} {'baseline':>14}")
    print(f"{'exact/variant lookups/s, distinct names':48} {distinct:14,.0f} {baseline:14,.0f}")
    print(f"{'exact/variant lookups/s, news-like repeats':48} {news_like:14,.0f} {baseline:14,.0f}")
    print(f"{'resolve (lookup + ranking)/s, distinct names':48} {resolve:14,.0f} {'':>14}")
    print(f"{'fuzzy (typo) lookups/s':48} {fuzzy:14,.0f} {baseline:14,.0f}")
    print(f"{'CLI cold start, one name (s)':48} {cli:14.3f} {bare:14.3f}")
    print()
    print("baseline: a linear rapidfuzz scan over all "
          f"{len(all_keys):,} name keys for lookups; a bare 'python -c pass' for cold start")
    print(f"speed-up over the linear scan: exact/variant ×{distinct / baseline:,.0f}, "
          f"fuzzy ×{fuzzy / baseline:,.0f}")


if __name__ == "__main__":
    main()
