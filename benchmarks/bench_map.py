"""Map rendering time and size for the seed article, beside a bare ``import folium``.

    python benchmarks/bench_map.py

Prints the median wall time of ``geonews map`` on the seed article (default and
--self-contained) over several runs, the time of ``python -c "import folium"``
(the floor any folium map pays), and the sizes of the two HTML files.
Targets: ≤ 1.5 s from the CLI, ≤ 2 MB for the seed map.  Nothing here asserts.
"""

from __future__ import annotations

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


def main() -> None:
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
