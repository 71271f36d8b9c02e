"""Batch throughput and memory: 1 and 2 local workers, a Dask LocalCluster, 10k vs 100k.

    python benchmarks/bench_batch.py [--small 10000] [--large 100000] [--workdir /tmp/gb]

Makes two synthetic corpora with ``make_corpus.py`` (0.2 % broken records), then
times ``run_batch`` on each configuration, from a cold start (workers load the
gazetteer and the name index) to the last line written, zones table excluded
(timed apart).  Each configuration runs in a fresh Python process.  Memory is the
peak proportional set size (PSS: shared pages such as the memory-mapped gazetteer
counted once, split between the processes that map them) of that process and
every worker, sampled every 50 ms; the peak RSS sum (shared pages counted in every
process) is printed beside it.  The baseline is one worker in-process.  Target: ≥ 1,000 articles/s on this machine's 2 cores;
memory flat from 10k to 100k articles.  Nothing here asserts.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))


class TreeMemory:
    """Peak RSS of this process and its children, sampled in a thread."""

    def __init__(self, every: float = 0.05):
        import psutil

        self.every, self.peak, self.peak_rss, self._stop = every, 0, 0, threading.Event()
        self._me = psutil.Process()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        import psutil

        while not self._stop.is_set():
            pss = rss = 0
            for p in [self._me, *self._me.children(recursive=True)]:
                try:
                    info = p.memory_full_info()
                    pss, rss = pss + info.pss, rss + info.rss
                except psutil.Error:
                    pass
            self.peak, self.peak_rss = max(self.peak, pss), max(self.peak_rss, rss)
            time.sleep(self.every)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()


def measure(corpus: Path, out: Path, **kwargs) -> dict:
    """One configuration, in this (fresh) process."""
    from geonews.batch import run_batch

    shutil.rmtree(out, ignore_errors=True)
    with TreeMemory() as mem:
        t = time.perf_counter()
        s = run_batch(corpus, out, zones=False, **kwargs)
        wall = time.perf_counter() - t
    return {"extracted": s.extracted, "errors": s.errors, "wall": wall,
            "pss": mem.peak / 2**20, "rss": mem.peak_rss / 2**20}


def in_fresh_process(corpus: Path, out: Path, kwargs: dict) -> dict:
    import json
    import subprocess

    code = (f"import json, sys; sys.path.insert(0, {str(ROOT / 'benchmarks')!r}); "
            f"from bench_batch import measure; from pathlib import Path; "
            f"print(json.dumps(measure(Path({str(corpus)!r}), Path({str(out)!r}), "
            f"**{kwargs!r})))")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True, cwd=ROOT)
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--small", type=int, default=10_000)
    ap.add_argument("--large", type=int, default=100_000)
    ap.add_argument("--workdir", type=Path, default=Path("/tmp/geonews-bench-batch"))
    args = ap.parse_args()
    from make_corpus import write_corpus

    args.workdir.mkdir(parents=True, exist_ok=True)
    corpora = {}
    for n in (args.small, args.large):
        path = args.workdir / f"corpus-{n}.jsonl.gz"
        if not path.exists():
            t = time.perf_counter()
            write_corpus(path, n, bad=0.002)
            print(f"made {path.name}: {n:,} articles in {time.perf_counter() - t:.1f} s")
        corpora[n] = path

    runs = [
        (f"1 worker (in-process), {args.small:,}", corpora[args.small], {"workers": 1}),
        (f"2 local workers, {args.small:,}", corpora[args.small], {"workers": 2}),
        (f"Dask LocalCluster, 2 workers, {args.small:,}", corpora[args.small],
         {"engine": "dask", "workers": 2}),
        (f"2 local workers, {args.large:,}", corpora[args.large], {"workers": 2}),
    ]
    rows = []
    for label, corpus, kwargs in runs:
        rows.append((label, in_fresh_process(corpus, args.workdir / "out", kwargs)))
    from geonews.batch import write_zones_table

    t = time.perf_counter()
    zones = write_zones_table(args.workdir / "out" / "extractions.jsonl",
                              args.workdir / "out" / "zones.parquet")
    t_zones = time.perf_counter() - t

    base = (rows[0][1]["extracted"] + rows[0][1]["errors"]) / rows[0][1]["wall"]
    print()
    print(f"{'run':<42}{'articles':>9}{'errors':>7}{'wall s':>8}{'art/s':>7}{'× base':>7}"
          f"{'PSS MB':>8}{'RSS MB':>8}")
    for label, r in rows:
        rate = (r["extracted"] + r["errors"]) / r["wall"]
        print(f"{label:<42}{r['extracted']:>9,}{r['errors']:>7,}{r['wall']:>8.1f}{rate:>7,.0f}"
              f"{rate / base:>7.2f}{r['pss']:>8,.0f}{r['rss']:>8,.0f}")
    print(f"zones.parquet of the {args.large:,}-article run: {zones:,} rows in {t_zones:.1f} s")
    small, large = rows[1][1], rows[-1][1]
    print(f"peak memory (PSS), 2 workers: {small['pss']:,.0f} MB at {args.small:,} vs "
          f"{large['pss']:,.0f} MB at {args.large:,} articles")


if __name__ == "__main__":
    main()
