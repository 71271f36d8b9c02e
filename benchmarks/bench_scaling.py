"""Scaling curves: time and peak memory against list length and names per article.

    python benchmarks/bench_scaling.py [--quick] [--skip-cold] [--skip-cli]

Prints, each beside a baseline from the same run:

* **lists** of 1,000 / 10,000 / 100,000 names, resolved in-process
  (``Matcher.resolve``) and end to end (``python -m geonews geocode -i list.txt -f csv
  -o out.csv``): wall and CPU seconds, names/s, peak resident memory.  Baseline: the
  exact pairwise ranking (every candidate measured against every anchor, which the
  k-d tree approximates), with the share of names both resolve to the same place.
* **articles** naming 500 / 1,000 / 2,000 / 4,000 distinct places, extracted warm
  (``Extractor.extract``, index loaded): median seconds of 5 runs, peak Python memory
  of one extraction (tracemalloc) and the process's peak RSS.  Baseline: the article
  focus measured by the plain Python scan over all its points (the code path before
  the numpy scan).
* the growth exponent of each curve (slope of log time against log size);
* **cold start**: ``geonews extract`` on the seed with an empty cache (a fresh
  ``GEONEWS_HOME``), the median of 5 runs, beside warm runs (after the detached process
  the cold run leaves has written the index), that process alone and a bare interpreter.

Each size runs in a child process of its own, so that its peak memory is its own.
The machine is shared: ``uptime``'s load is printed at the start and end, and CPU
seconds beside wall seconds.  Targets (issue 14): 100,000 names in ≤ 15 s through the
CLI; 4,000 distinct names in one article in ≤ 0.5 s; a cold run ≤ 1.5 s.  Nothing here
asserts.

Lists are made from the shipped gazetteer's real spellings (every name of the
regions covered in depth, in every language but Hebrew, and world places of more
than 5,000 people), with what a real sheet of names holds: 30 % of rows repeat an
earlier name and 5 % carry one keyboard slip (a swap, a dropped or a doubled letter).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_geocode import sample_names, typo  # noqa: E402

from geonews.paths import shipped_gazetteer  # noqa: E402

LIST_SIZES = (1_000, 10_000, 100_000)
ARTICLE_SIZES = (500, 1_000, 2_000, 4_000)
REPEAT_SHARE, TYPO_SHARE = 0.30, 0.05


def make_list(n: int, seed: int = 11) -> list[str]:
    """``n`` rows of names: real spellings, 30 % repeats of earlier rows, 5 % typos."""
    pool = sample_names(n)
    rng = random.Random(seed)
    rows: list[str] = []
    fresh = iter(pool * (n // max(1, len(pool)) + 1))
    for _ in range(n):
        r = rng.random()
        if rows and r < REPEAT_SHARE:
            rows.append(rng.choice(rows))
        elif r < REPEAT_SHARE + TYPO_SHARE:
            rows.append(typo(rng.choice(pool), rng))
        else:
            rows.append(next(fresh))
    return rows


def make_article(n: int, seed: int = 3) -> str:
    """An article naming ``n`` distinct places, four to a sentence in orders to leave:
    the places of the regions covered in depth and world towns and cities, shuffled."""
    db = sqlite3.connect(shipped_gazetteer())
    detailed = [r[0] for r in db.execute(
        "SELECT DISTINCT name FROM places WHERE region != 'world' AND kind != 'block'")]
    world = [r[0] for r in db.execute(
        "SELECT DISTINCT name FROM places WHERE region = 'world' AND population >= 15000 "
        "AND kind IN ('city', 'town') ORDER BY population DESC LIMIT 20000")]
    names = list(dict.fromkeys(detailed + world))
    random.Random(seed).shuffle(names)
    names = names[:n]
    sentences = []
    for i in range(0, len(names), 4):
        group = names[i:i + 4]
        if len(group) == 1:
            sentences.append(f"Strikes hit {group[0]}.")
        else:
            sentences.append(f"The army ordered residents of {', '.join(group[:-1])} and "
                             f"{group[-1]} to leave for the shelters.")
    return "\n\n".join(" ".join(sentences[j:j + 5]) for j in range(0, len(sentences), 5))


def peak_rss_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def exponent(sizes, times) -> float:
    import numpy as np

    return float(np.polyfit(np.log(sizes), np.log(times), 1)[0])


def load() -> str:
    return "load average " + ", ".join(f"{x:.2f}" for x in os.getloadavg())


# ---------------------------------------------------------------- children
def _exact_context_class():
    """RequestContext with the exact pairwise nearest-anchor search at every size."""
    import numpy as np

    from geonews.places.matcher import RequestContext

    class ExactContext(RequestContext):
        def _nearest_km(self, places, own):
            lat = np.array([p.lat for p in places])
            lon = np.array([p.lon for p in places])
            own = np.array(own)
            near = np.empty(len(places))
            step = max(1, 2_000_000 // max(1, len(self.places)))
            for s in range(0, len(places), step):
                la, lo = lat[s:s + step, None], lon[s:s + step, None]
                mid = np.radians((la + self._lat) / 2)
                km = 111.2 * np.hypot((lo - self._lon) * np.cos(mid), la - self._lat)
                o = own[s:s + step]
                mine = np.flatnonzero(o >= 0)  # a name's own anchor is no context of it
                km[mine, o[mine]] = np.inf
                near[s:s + step] = km.min(axis=1)
            for i, p in enumerate(places):
                if p.bbox is not None and p.kind in ("region", "governorate", "country",
                                                     "county"):
                    minx, miny, maxx, maxy = p.bbox
                    inside = np.flatnonzero((self._lon >= minx) & (self._lon <= maxx)
                                            & (self._lat >= miny) & (self._lat <= maxy))
                    if np.any(inside != own[i]):
                        near[i] = 0.0
            return near

    return ExactContext


def child_list(n: int, path: str, exact: bool) -> dict:
    from geonews.places import matcher as m

    names = [ln.strip() for ln in open(path, encoding="utf-8") if ln.strip()]
    before = peak_rss_mb()
    matcher = m.Matcher()
    if exact:
        m.RequestContext = _exact_context_class()
    t, c = time.perf_counter(), time.process_time()
    out = matcher.resolve(names)
    wall, cpu = time.perf_counter() - t, time.process_time() - c
    return {"wall": wall, "cpu": cpu, "rss": peak_rss_mb(), "rss_before": before,
            "answers": [r.place.id if r.place else None for r in out]}


def child_article(n: int, plain_scan: bool) -> dict:
    import tracemalloc

    from geonews.pipeline import Extractor
    from geonews.places.matcher import Focus

    if plain_scan:
        Focus.MANY_POINTS = math.inf
    text = make_article(n)
    extractor = Extractor()
    extractor.extract("Residents of Rafah were told to leave.")  # load the index
    extractor.extract(text)  # warm: the names' lookups cached, as in a long run
    before = peak_rss_mb()
    walls, cpus = [], []
    for _ in range(5):
        t, c = time.perf_counter(), time.process_time()
        result = extractor.extract(text)
        walls.append(time.perf_counter() - t)
        cpus.append(time.process_time() - c)
    tracemalloc.start()
    extractor.extract(text)
    peak = tracemalloc.get_traced_memory()[1] / 1e6
    tracemalloc.stop()
    return {"wall": statistics.median(walls), "cpu": statistics.median(cpus),
            "py_peak": peak, "rss": peak_rss_mb(), "rss_before": before,
            "mentions": len(result.mentions), "resolved": sum(
                1 for x in result.mentions if x.place is not None),
            "directives": len(result.directives), "chars": len(text),
            "answers": [(x.start, x.place.id if x.place else None) for x in result.mentions]}


def run_child(*args: str) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child", *args], capture_output=True,
                         text=True, check=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
    return json.loads(out.stdout.splitlines()[-1])


def run_timed(cmd: list[str], env: dict | None = None) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds and peak RSS (MB) of one command."""
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{cmd[:5]} failed ({proc.returncode})")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


# ---------------------------------------------------------------- sections
def lists_section(sizes, work: Path, cli: bool) -> None:
    print(f"\n== lists ({load()})")
    print(f"{'names':>8} {'path':28} {'wall s':>8} {'cpu s':>8} {'names/s':>9} "
          f"{'peak MB':>8} {'agree':>7}")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    curve = []
    for n in sizes:
        path = work / f"list{n}.txt"
        path.write_text("\n".join(make_list(n)) + "\n", encoding="utf-8")
        ours = run_child("list", str(n), str(path), "tree")
        exact = run_child("list", str(n), str(path), "exact")
        same = sum(a == b for a, b in zip(ours["answers"], exact["answers"])) / n
        curve.append((n, ours["wall"], ours["rss"]))
        for label, r, agree in (("in-process (k-d tree)", ours, f"{same:7.2%}"),
                                ("in-process exact pairwise", exact, "")):
            print(f"{n:8,} {label:28} {r['wall']:8.2f} {r['cpu']:8.2f} "
                  f"{n / r['wall']:9,.0f} {r['rss']:8.0f} {agree:>7}")
        if cli:
            walls = []
            for _ in range(3 if n <= 10_000 else 2):
                walls.append(run_timed([sys.executable, "-m", "geonews", "geocode", "-i",
                                        str(path), "-f", "csv", "-o", str(work / "out.csv")],
                                       env))
            wall, cpu, rss = sorted(walls)[len(walls) // 2]
            print(f"{n:8,} {'CLI end to end (median)':28} {wall:8.2f} {cpu:8.2f} "
                  f"{n / wall:9,.0f} {rss:8.0f}")
    if len(curve) > 1:
        print(f"growth exponent, in-process time: "
              f"{exponent([c[0] for c in curve], [c[1] for c in curve]):.2f}; "
              f"peak RSS: {exponent([c[0] for c in curve], [c[2] for c in curve]):.2f}")


def articles_section(sizes) -> None:
    print(f"\n== articles, warm ({load()})")
    print(f"{'names':>6} {'chars':>8} {'path':18} {'median s':>9} {'cpu s':>7} "
          f"{'py peak MB':>10} {'RSS MB':>7} {'mentions':>8} {'resolved':>8} {'same':>5}")
    curve, base = [], []
    for n in sizes:
        ours = run_child("article", str(n), "numpy")
        plain = run_child("article", str(n), "plain")
        same = "yes" if ours["answers"] == plain["answers"] else "NO"
        curve.append(ours["wall"])
        base.append(plain["wall"])
        for label, r, s in (("geonews", ours, same), ("plain focus scan", plain, "")):
            print(f"{n:6,} {r['chars']:8,} {label:18} {r['wall']:9.3f} {r['cpu']:7.3f} "
                  f"{r['py_peak']:10.1f} {r['rss']:7.0f} {r['mentions']:8,} "
                  f"{r['resolved']:8,} {s:>5}")
    if len(sizes) > 1:
        print(f"growth exponent: geonews {exponent(sizes, curve):.2f}, "
              f"plain focus scan {exponent(sizes, base):.2f}")


def cold_section(runs: int = 5) -> None:
    print(f"\n== cold start: geonews extract on the seed ({load()})")
    seed = sorted((ROOT / "seeds").glob("*.txt"))[0]
    cmd = [sys.executable, "-m", "geonews", "extract", str(seed)]
    cold, warm, builds = [], [], []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as home:
            env = {**os.environ, "PYTHONPATH": str(ROOT), "GEONEWS_HOME": home}
            cold.append(run_timed(cmd, env))
            # The cold run leaves a detached process building the index into the cache
            # (it holds a lock file meanwhile): the warm run is the one after it.
            deadline = time.monotonic() + 120
            while list(Path(home).glob("cache/.mention-index.build-*")) and \
                    time.monotonic() < deadline:
                time.sleep(0.1)
            warm.append(run_timed(cmd, env))
        with tempfile.TemporaryDirectory() as home:  # that builder alone, timed
            env = {**os.environ, "PYTHONPATH": str(ROOT), "GEONEWS_HOME": home}
            builds.append(run_timed([sys.executable, "-m", "geonews.mentions", "--cache-index",
                                     str(Path(home) / "lock"), str(shipped_gazetteer())], env))
    bare = [run_timed([sys.executable, "-c", "pass"]) for _ in range(runs)]
    imports = [run_timed([sys.executable, "-c", "import geonews.pipeline, geonews.cli"],
                         {**os.environ, "PYTHONPATH": str(ROOT)}) for _ in range(runs)]
    print(f"{'run':34} {'median s':>9} {'min s':>7} {'max s':>7} {'cpu s':>7} {'peak MB':>8}")
    for label, rows in (("cold (empty cache)", cold), ("warm (index cached)", warm),
                        ("detached index build (after cold)", builds),
                        ("imports only", imports), ("bare python -c pass", bare)):
        walls = sorted(r[0] for r in rows)
        print(f"{label:34} {statistics.median(walls):9.3f} {walls[0]:7.3f} {walls[-1]:7.3f} "
              f"{statistics.median(r[1] for r in rows):7.3f} "
              f"{statistics.median(r[2] for r in rows):8.0f}")


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        kind, n = sys.argv[2], int(sys.argv[3])
        if kind == "list":
            result = child_list(n, sys.argv[4], exact=sys.argv[5] == "exact")
        else:
            result = child_article(n, plain_scan=sys.argv[4] == "plain")
        print(json.dumps(result))
        return
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true", help="lists up to 10,000 names only")
    ap.add_argument("--skip-cold", action="store_true")
    ap.add_argument("--skip-cli", action="store_true")
    ap.add_argument("--only", choices=["lists", "articles", "cold"])
    args = ap.parse_args()
    print(f"start: {load()} on {os.cpu_count()} cores")
    with tempfile.TemporaryDirectory() as tmp:
        if args.only in (None, "lists"):
            lists_section(LIST_SIZES[:2] if args.quick else LIST_SIZES, Path(tmp),
                          cli=not args.skip_cli)
        if args.only in (None, "articles"):
            articles_section(ARTICLE_SIZES)
        if args.only in (None, "cold") and not args.skip_cold:
            cold_section()
    print(f"\nend: {load()}")


if __name__ == "__main__":
    main()
