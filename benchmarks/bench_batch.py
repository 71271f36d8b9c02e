"""Batch throughput and memory: 1 worker, 2 local workers and a Dask LocalCluster of 2
workers, at 10k and 100k articles; and the zones table's memory at 2k vs 20k articles.

    python benchmarks/bench_batch.py [--sizes 10000 100000] [--repeat 1]
                                     [--zones-sizes 2000 20000] [--workdir /tmp/gb]
                                     [--corpus corpus-100k.jsonl]

Makes synthetic corpora with ``make_corpus.py`` (0.2 % broken records), or takes one
made before (``--corpus``, its size counted, ``--sizes`` then ignored), then times
``run_batch`` for each configuration, each run in a fresh Python process, from a cold
start (workers load the gazetteer and the name index; Dask starts its cluster) to the
last line written, zones table excluded (measured apart).  Configurations alternate
within each repeat, so a busy spell of the machine falls on all of them alike.

Baselines, in the same run: one worker in-process (the best one process does: no
copying, no start-up of workers), against which 2 local workers are compared (target
≥ 1.8×); and 2 local workers, against which Dask on the same cores is compared (target:
within 10 %).  On a machine shared with other work, wall time is noisy: the CPU time of
the run (this process and its workers) per article is printed beside it, with the load
average before and after each run; CPU time does not depend on the wait for a core.

What a wall ratio is made of, robust to a busy machine (CPU time does not count the
wait for a core), is printed for each configuration: this process's CPU before the
first task (start-up: the other core idles) and per article after it (the reader and
writer, taking a core from a worker), the workers' CPU per article in the tasks and
around them (IPC, Dask's event loops), the bytes sent to and from workers per article,
the workers' waits between tasks and the tail (how long the first worker to finish
waited for the last).  From these, the ratio 2 free cores would give:
``C1 / (S + (C2 - S) / 2)``, with ``C1`` the one-worker run's CPU, ``C2`` the
two-worker run's (all processes) and ``S`` its start-up, serial.  CPU time per
article is not immune to a busy machine either: other work evicting the caches raised
it by up to 10 % between two runs here, so a difference of that size between
configurations run one after the other is only a hint; run them at the same time
(each then suffers the same) or repeat (``--repeat``, medians).

Memory is the peak proportional set size (PSS: shared pages such as the memory-mapped
gazetteer counted once, split between the processes that map them) of the run's
process tree, sampled every 0.5 s or more rarely: reading smaps_rollup walks each
process's page tables (~5 ms a process), and with 2 workers on 2 cores that CPU is
taken from a worker, while the one-worker run has a core to spare for it — sampled
every 0.5 s it biased the ratio by ~3 %.  The sampler keeps to 0.5 % of a core, and
its CPU time is left out of the run's.  The zones table is built in a fresh process
from the first 2k and 20k lines of the largest run's extractions; its peak RSS
(``ru_maxrss``) is printed for each.  Nothing here asserts.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

CONFIGS = [("1 worker (in-process)", {"workers": 1}),
           ("2 local workers", {"workers": 2}),
           ("Dask LocalCluster, 2 workers", {"engine": "dask", "workers": 2})]


class TreeMemory:
    """Peak PSS (and RSS) of this process and its children, sampled in a thread."""

    def __init__(self, every: float = 0.5, share: float = 0.005):
        import psutil

        self.every, self.peak, self.peak_rss, self._stop = every, 0, 0, threading.Event()
        self.share = share  # of one core, at most: a sample costing 10 ms waits 2 s
        self.cpu = 0.0  # this thread's own CPU time: reading smaps is not the run's work
        self._me = psutil.Process()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        import psutil

        while not self._stop.is_set():
            before = time.thread_time()
            pss = rss = 0
            for p in [self._me, *self._me.children(recursive=True)]:
                try:
                    info = p.memory_full_info()
                    pss, rss = pss + info.pss, rss + info.rss
                except psutil.Error:
                    pass
            self.peak, self.peak_rss = max(self.peak, pss), max(self.peak_rss, rss)
            self.cpu = time.thread_time()
            self._stop.wait(max(self.every, (self.cpu - before) / self.share))

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()


def measure(corpus: str, out: str, **kwargs) -> dict:
    """One configuration, in this (fresh) process: wall and CPU time, peak memory."""
    import resource

    from geonews.batch import run_batch

    shutil.rmtree(out, ignore_errors=True)
    load = os.getloadavg()[0]
    with TreeMemory() as mem:
        t = time.perf_counter()
        s = run_batch(corpus, out, zones=False, **kwargs)
        wall = time.perf_counter() - t
    # The workers have ended (the engine is closed): their CPU is in RUSAGE_CHILDREN.
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(
        resource.RUSAGE_CHILDREN)
    st = s.stats
    here = s.engine == "in-process"  # the tasks ran in this process, not in workers
    return {"extracted": s.extracted, "errors": s.errors, "wall": wall,
            "workers": s.workers, "startup_cpu": st.startup_cpu,
            "loop_cpu": st.parent_cpu - st.startup_cpu - here * st.task_cpu,
            "around_cpu": (kids.ru_utime + kids.ru_stime) - (not here) * st.task_cpu,
            "task_cpu": st.task_cpu, "waited": st.waited, "tail": st.tail,
            "tasks": st.tasks, "sent_bytes": st.sent_bytes,
            "received_bytes": st.received_bytes,
            # Without the sampler's CPU (it read smaps for the whole run: at 100k on a
            # busy machine, 10-20 s, which would be counted against the run).
            "cpu_parent": me.ru_utime + me.ru_stime - mem.cpu, "cpu_sampler": mem.cpu,
            "cpu_workers": kids.ru_utime + kids.ru_stime,
            "pss": mem.peak / 2**20, "rss": mem.peak_rss / 2**20,
            "load": (load, os.getloadavg()[0])}


def measure_zones(extractions: str, out: str) -> dict:
    """zones.parquet of one extractions file, in this (fresh) process."""
    import resource

    from geonews.batch import write_zones_table

    t = time.perf_counter()
    rows = write_zones_table(Path(extractions), Path(out))
    return {"rows": rows, "wall": time.perf_counter() - t,
            "peak_rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**10}


def in_fresh_process(function: str, *args: str, **kwargs) -> dict:
    """``bench_batch.function(*args, **kwargs)`` in a fresh Python process (its JSON)."""
    code = (f"import json, sys; sys.path.insert(0, {str(ROOT / 'benchmarks')!r}); "
            f"sys.path.insert(0, {str(ROOT)!r}); import bench_batch; "
            f"print(json.dumps(bench_batch.{function}(*{args!r}, **{kwargs!r})))")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}  # this checkout, not an installed one
    # Dask's spawned workers re-import the main module: a -c string is none, so safe.
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True, cwd=ROOT, env=env)
    return json.loads(proc.stdout.strip().splitlines()[-1])


def summarise(runs: list[dict]) -> dict:
    """The best wall time of the repeats (the least disturbed), the median CPU times."""
    best = min(runs, key=lambda r: r["wall"])
    n = best["extracted"] + best["errors"]

    def med(key):
        return statistics.median(key(r) for r in runs)

    cpu = med(lambda r: r["cpu_parent"] + r["cpu_workers"])
    startup = med(lambda r: r["startup_cpu"])
    return {**best, "n": n, "rate": n / best["wall"], "cpu": cpu,
            "cpu_parent_med": med(lambda r: r["cpu_parent"]), "startup": startup,
            # What 2 free cores would take: the start-up alone, then the rest shared
            # by the workers (one worker runs it all alone).
            "ideal_wall": startup + (cpu - startup) / min(best["workers"], 2),
            "loop_ms": 1e3 * med(lambda r: r["loop_cpu"]) / n,
            "task_ms": 1e3 * med(lambda r: r["task_cpu"]) / n,
            # Worker processes' CPU outside the tasks: start-up, IPC, event loops.
            "around_ms": 1e3 * med(lambda r: r["around_cpu"]) / n,
            "waited_med": med(lambda r: r["waited"]), "tail_med": med(lambda r: r["tail"]),
            "loads": [r["load"] for r in runs], "walls": [r["wall"] for r in runs]}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--zones-sizes", type=int, nargs="*", default=[2_000, 20_000])
    ap.add_argument("--workdir", type=Path, default=Path("/tmp/geonews-bench-batch"))
    ap.add_argument("--corpus", type=Path, help="a corpus made before (make_corpus.py)")
    args = ap.parse_args()
    if args.corpus:
        from geonews.batch.corpus import count_lines

        args.sizes = [count_lines(args.corpus)]
    from make_corpus import write_corpus

    args.workdir.mkdir(parents=True, exist_ok=True)
    print(f"{os.cpu_count()} cores; load average {os.getloadavg()[0]:.2f} at the start")
    results: dict[int, dict[str, dict]] = {}
    for n in args.sizes:
        corpus = args.corpus or args.workdir / f"corpus-{n}.jsonl.gz"
        if not corpus.exists():
            t = time.perf_counter()
            write_corpus(corpus, n, bad=0.002)
            print(f"made {corpus.name}: {n:,} articles in {time.perf_counter() - t:.1f} s")
        runs: dict[str, list[dict]] = {label: [] for label, _ in CONFIGS}
        for _ in range(args.repeat):
            for label, kwargs in CONFIGS:
                out = args.workdir / f"out-{n}-{kwargs.get('engine', 'local')}-{kwargs['workers']}"
                runs[label].append(in_fresh_process("measure", str(corpus), str(out),
                                                    **kwargs))
        results[n] = {label: summarise(r) for label, r in runs.items()}
        print_table(n, results[n])

    zones_rows = []
    if args.zones_sizes:
        largest = max(args.sizes)
        source = args.workdir / f"out-{largest}-local-2" / "extractions.jsonl"
        for k in args.zones_sizes:
            head = args.workdir / f"extractions-{k}.jsonl"
            with open(source, "rb") as src, open(head, "wb") as dst:
                for i, line in enumerate(src):
                    if i >= k:
                        break
                    dst.write(line)
            zones_rows.append((k, in_fresh_process("measure_zones", str(head),
                                                   str(args.workdir / f"zones-{k}.parquet"))))
    print()
    for n, by in results.items():
        one, local, dask = (by[label] for label, _ in CONFIGS)
        print(f"{n:,} articles: 2 local workers {local['rate']:,.0f}/s = "
              f"{local['rate'] / one['rate']:.2f}× 1 worker ({one['rate']:,.0f}/s; target ≥ 1.8×); "
              f"Dask {dask['rate']:,.0f}/s = {dask['rate'] / local['rate'] - 1:+.0%} vs local "
              f"(target within -10 %)")
        print(f"  CPU per article: 1 worker {1e3 * one['cpu'] / one['n']:.2f} ms, 2 local "
              f"{1e3 * local['cpu'] / local['n']:.2f} ms (this process {local['loop_ms']:.3f} "
              f"ms after a {local['startup']:.1f} s start-up, workers {local['task_ms']:.2f} "
              f"ms in tasks + {local['around_ms']:.3f} around them), Dask "
              f"{1e3 * dask['cpu'] / dask['n']:.2f} ms (this process {dask['loop_ms']:.3f}, "
              f"workers {dask['task_ms']:.2f} + {dask['around_ms']:.3f})")
        print(f"  so on 2 free cores (CPU, start-up serial): 2 local = "
              f"{one['cpu'] / local['ideal_wall']:.2f}× 1 worker (wall here "
              f"{local['rate'] / one['rate']:.2f}×), Dask "
              f"{local['ideal_wall'] / dask['ideal_wall'] - 1:+.0%} vs local (wall here "
              f"{dask['rate'] / local['rate'] - 1:+.0%})")
    for k, z in zones_rows:
        print(f"zones.parquet of {k:,} articles: {z['rows']:,} rows in {z['wall']:.1f} s, "
              f"peak RSS {z['peak_rss']:,.0f} MB")
    if len(zones_rows) >= 2:
        print(f"zones.parquet peak memory, {zones_rows[0][0]:,} → {zones_rows[-1][0]:,} "
              f"articles: {zones_rows[-1][1]['peak_rss'] - zones_rows[0][1]['peak_rss']:+,.0f} MB")
    if len(results) >= 2:
        sizes = sorted(results)
        small, large = results[sizes[0]]["2 local workers"], results[sizes[-1]]["2 local workers"]
        print(f"peak memory (PSS), 2 local workers: {small['pss']:,.0f} MB at {sizes[0]:,} vs "
              f"{large['pss']:,.0f} MB at {sizes[-1]:,} articles")


def print_table(n: int, by: dict[str, dict]) -> None:
    one, local = by[CONFIGS[0][0]], by[CONFIGS[1][0]]
    print()
    print(f"{n:,} articles")
    print(f"{'run':<30}{'wall s':>8}{'art/s':>7}{'× 1w':>6}{'× local':>8}{'CPU s':>7}"
          f"{'parent':>7}{'ms/art':>7}{'PSS MB':>7}{'RSS MB':>7}  load avg (1 min)")
    for label, r in by.items():
        loads = ", ".join(f"{a:.1f}→{b:.1f}" for a, b in r["loads"])
        print(f"{label:<30}{r['wall']:>8.1f}{r['rate']:>7,.0f}{r['rate'] / one['rate']:>6.2f}"
              f"{r['rate'] / local['rate']:>8.2f}{r['cpu']:>7.1f}{r['cpu_parent_med']:>7.1f}"
              f"{1e3 * r['cpu'] / r['n']:>7.2f}{r['pss']:>7,.0f}{r['rss']:>7,.0f}  {loads}")
    print(f"{'':<30}{'start s':>8}{'parent ms/art':>14}{'task ms/art':>12}{'around':>8}"
          f"{'KB/art out':>11}{'back':>6}{'tasks':>6}{'waits s':>8}{'tail s':>7}"
          f"{'ideal s':>8}")
    for label, r in by.items():
        print(f"{label:<30}{r['startup']:>8.2f}{r['loop_ms']:>14.3f}{r['task_ms']:>12.3f}"
              f"{r['around_ms']:>8.3f}{r['sent_bytes'] / r['n'] / 1e3:>11.2f}"
              f"{r['received_bytes'] / r['n'] / 1e3:>6.2f}{r['tasks']:>6}"
              f"{r['waited_med']:>8.2f}{r['tail_med']:>7.2f}{r['ideal_wall']:>8.1f}")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
