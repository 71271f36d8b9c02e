"""Soak: many hostile inputs and injected faults, counted.  Nothing here asserts; it prints.

    python benchmarks/soak.py [--fuzz 20000] [--kills 50] [--cache-kills 20] [--seed 1]

* fuzz: mutated files through every command in this process (the rules of
  ``tests/robustness/fuzz.py``: a result, or one clear error line and exit 2);
* kills: a 2-worker ``geonews batch`` on a 120,000-article corpus, SIGKILLed at a random
  moment ``--kills`` times, then run to the end; the result must hold exactly one
  whole line per article;
* cache kills: a process writing the online-answer cache SIGKILLed mid-write; the
  cache must pass SQLite's integrity check and keep working.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def soak_fuzz(n: int, seed: int, tmp: Path) -> Counter:
    from typer.testing import CliRunner

    from geonews.cli import app
    from tests.robustness.fuzz import cases, check, run_in_process

    runner, tally = CliRunner(), Counter()
    examples = {}
    for label, args in cases(tmp, n, seed=seed):
        result = run_in_process(runner, app, args, seconds=120)
        outcome = check(label, args, result.exit_code, result.stdout, result.stderr,
                        result.exception)
        key = "problem: " + outcome.problem[:80] if outcome.problem else \
            ("result (exit 0)" if outcome.code == 0 else "clear error (exit 2)")
        tally[key] += 1
        examples.setdefault(key, label)
        for f in tmp.glob("case*"):
            f.unlink()
        for f in tmp.glob("out*"):
            f.unlink() if f.is_file() else None
    for key in tally:
        if key.startswith("problem"):
            print(f"  e.g. {examples[key]}")
    return tally


def soak_kills(kills: int, seed: int, tmp: Path) -> tuple[int, int, bool, float]:
    from tests.batch.test_run import lines_by_id, write_corpus
    from tests.robustness.fuzz import start_and_kill

    ids = write_corpus(tmp / "c.jsonl", 120_000, seed=seed, bad_every=101)
    rng = random.Random(seed)
    cmd = [sys.executable, "-m", "geonews", "batch", "c.jsonl", "-o", "out", "--workers", "2",
           "--batch-size", "16", "--no-zones", "-q"]
    injected = duplicates = 0
    progress: list[int] = []
    for _ in range(kills):
        injected += start_and_kill(cmd, tmp, rng.uniform(1.0, 4.0))
        if (tmp / "out").exists():
            try:
                counts = lines_by_id(tmp / "out")
            except AssertionError:  # a torn tail: allowed until the next run cuts it off
                continue
            duplicates += sum(v - 1 for v in counts.values())
            progress.append(len(counts))
    t = time.perf_counter()
    subprocess.run(cmd, cwd=tmp, check=True)
    final = lines_by_id(tmp / "out")
    print(f"  articles done when each kill struck: {progress[:8]} … {progress[-3:]}")
    return injected, duplicates, final == {i: 1 for i in ids}, time.perf_counter() - t


def soak_cache(kills: int, seed: int, tmp: Path) -> tuple[int, int]:
    from tests.robustness.test_faults import WRITER

    from geonews.places.geocoders.nominatim import AnswerCache

    rng, path, healthy = random.Random(seed), tmp / "cache.sqlite", 0
    for k in range(kills):
        proc = subprocess.Popen([sys.executable, "-c", WRITER, str(path), f"k{k}", "1000000"],
                                stdout=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.2, 1.0))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        db = sqlite3.connect(path)
        ok = db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        db.close()
        cache = AnswerCache(path)
        cache.put("probe", [k])
        healthy += ok and cache.get("probe") == [k]
    return kills, healthy


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--fuzz", type=int, default=20_000)
    ap.add_argument("--kills", type=int, default=50)
    ap.add_argument("--cache-kills", type=int, default=20)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    os.environ.setdefault("GEONEWS_HOME", tempfile.mkdtemp(prefix="geonews-soak-home-"))
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        t = time.perf_counter()
        (tmp / "fuzz").mkdir()
        tally = soak_fuzz(args.fuzz, args.seed, tmp / "fuzz")
        print(f"fuzz: {sum(tally.values()):,} command runs on {args.fuzz:,} mutated files in "
              f"{time.perf_counter() - t:.0f} s; peak RSS "
              f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
        for key, n in tally.most_common():
            print(f"  {n:>7,}  {key}")
        (tmp / "kills").mkdir()
        injected, dups, exact, finish = soak_kills(args.kills, args.seed, tmp / "kills")
        print(f"batch: {injected} kill -9 injected in {args.kills} runs; duplicate lines seen "
              f"between runs: {dups}; final result exactly one line per article: {exact} "
              f"(last run {finish:.0f} s)")
        (tmp / "cache").mkdir()
        tried, healthy = soak_cache(args.cache_kills, args.seed, tmp / "cache")
        print(f"cache: {tried} writers killed mid-write; cache whole and working after: "
              f"{healthy}/{tried}")


if __name__ == "__main__":
    main()
