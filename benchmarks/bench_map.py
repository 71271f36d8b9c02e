"""Map rendering time and size for the seed article, beside a bare ``import folium``;
with ``--extractions``, maps of a whole batch.

    python benchmarks/bench_map.py
    python benchmarks/bench_map.py --extractions geonews-batch/extractions.jsonl \
        --sizes 10000 100000 [--old /path/to/an/older/checkout]

Prints the median wall time of ``geonews map`` on the seed article (default and
--self-contained) over several runs, the time of ``python -c "import folium"``
(the floor any folium map pays), and the sizes of the two HTML files.
Targets: ≤ 1.5 s from the CLI, ≤ 2 MB for the seed map.  Nothing here asserts.

The corpus section takes the first N lines of a batch's extractions for each size,
builds their zones table (``write_zones_table``, as ``geonews batch`` does; not timed)
and times, as a user runs them, ``geonews map … --cumulative --self-contained`` and
``geonews overlay timeline zones.parquet --map``: wall time, CPU time (user + system)
and peak RSS of the command, and the page's size.  The smallest size is the baseline in
the same run (CPU per article beside it); ``--old`` runs an older checkout's commands
on the same files, one after the other, so that old and new share the machine's load.
Target: ≤ 60 s and ≤ 10 MB for either page at 100,000 articles.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def wall(cmd: list[str], runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True, cwd=ROOT)
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def measured(cmd: list[str], cwd: Path, env: dict) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds (user + system) and peak RSS (MB) of one command."""
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t
    if status != 0:
        raise SystemExit(f"failed ({status}): {' '.join(cmd)}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def corpus(extractions: Path, sizes: list[int], old: Path | None) -> None:
    sys.path.insert(0, str(ROOT))
    from geonews.batch.run import write_zones_table

    work = Path(tempfile.mkdtemp(prefix="bench-map-"))
    checkouts = [("new", ROOT)] + ([("old", old.resolve())] if old else [])
    print(f"{'articles':>9} {'command':18} {'tree':4} {'wall s':>7} {'CPU s':>7} "
          f"{'CPU ms/art':>10} {'peak MB':>8} {'page MB':>8}")
    for n in sizes:
        part = work / f"x{n}.jsonl"
        with extractions.open("rb") as src, part.open("wb") as dst:
            for k, line in enumerate(src):
                if k >= n:
                    break
                dst.write(line)
        n = sum(1 for _ in part.open("rb"))
        zones = work / f"z{n}.parquet"
        write_zones_table(part, zones)
        for label, tree in checkouts:
            env = {**os.environ, "PYTHONPATH": str(tree)}
            runs = {
                "map": ["map", str(part), "--cumulative", "--self-contained",
                        "-o", str(work / f"map-{label}-{n}.html")],
                "timeline --map": ["overlay", "timeline", str(zones), "--self-contained", "-o",
                                   str(work / f"t-{label}-{n}.csv"), "--map",
                                   str(work / f"timeline-{label}-{n}.html")],
            }
            for name, args in runs.items():
                wall, cpu, peak = measured([sys.executable, "-m", "geonews", *args], tree, env)
                page = Path(args[args.index("--map") + 1] if "--map" in args else args[-1])
                print(f"{n:9,} {name:18} {label:4} {wall:7.1f} {cpu:7.1f} "
                      f"{1000 * cpu / n:10.3f} {peak:8.0f} {page.stat().st_size / 1e6:8.2f}",
                      flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--extractions", type=Path, help="a batch's extractions.jsonl")
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    ap.add_argument("--old", type=Path, help="an older checkout to run beside this one")
    args = ap.parse_args()
    if args.extractions:
        corpus(args.extractions, args.sizes, args.old)
        return
    seed = next((ROOT / "seeds").glob("*.txt"))
    out = Path(tempfile.mkdtemp())
    cli = [sys.executable, "-m", "geonews", "map", str(seed)]
    default = wall([*cli, "-o", str(out / "map.html")])
    offline = wall([*cli, "--self-contained", "-o", str(out / "offline.html")])
    folium_only = wall([sys.executable, "-c", "import folium"])
    print(f"{'measure':40} {'seconds':>9}")
    print(f"{'geonews map seed (web tiles)':40} {default:9.3f}")
    print(f"{'geonews map seed --self-contained':40} {offline:9.3f}")
    label = 'baseline: python -c "import folium"'
    print(f"{label:40} {folium_only:9.3f}")
    print()
    print(f"seed map size: {(out / 'map.html').stat().st_size / 1e3:.0f} kB (web tiles), "
          f"{(out / 'offline.html').stat().st_size / 1e3:.0f} kB (self-contained)")


if __name__ == "__main__":
    main()
