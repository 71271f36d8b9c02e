"""Union and break-down speed on a big order log, beside a naive per-polygon loop.

    python benchmarks/bench_overlay.py [--polygons 2000] [--dates 100] [--naive-dates 3]

The log: ``--dates`` days, each with ``--polygons`` block polygons — the 620 IDF blocks
cut into quarters (2,480 pieces, so that there are enough distinct polygons), a random
choice each day.  Timed, in one process:

* geonews: ``union(zones, by="date")`` in one thread and on every core (dask-geopandas),
  ``breakdown(zones, "governorate", by="date")`` and the cumulative ``timeline``;
* naive: for each day, fold the polygons into one with ``a = a.union(p)`` one at a
  time, then intersect the result with each governorate.  It is run on
  ``--naive-dates`` days only and scaled up to all days (printed as such).

Both give the same areas (checked on the days both ran).  Nothing here asserts.
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def quarters(geom):
    from shapely.geometry import box

    minx, miny, maxx, maxy = geom.bounds
    mx, my = (minx + maxx) / 2, (miny + maxy) / 2
    for b in (box(minx, miny, mx, my), box(mx, miny, maxx, my), box(minx, my, mx, maxy),
              box(mx, my, maxx, maxy)):
        part = geom.intersection(b)
        if not part.is_empty and part.area > 0:
            yield part


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--polygons", type=int, default=2000)
    ap.add_argument("--dates", type=int, default=100)
    ap.add_argument("--naive-dates", type=int, default=3)
    args = ap.parse_args()

    import geopandas as gpd
    import shapely

    from geonews.zones.measure import breakdown, equal_area_crs, timeline, union
    from geonews.zones.units import units

    blocks = units("block")
    pieces = [(int(b), q) for b, g in zip(blocks.block, blocks.geometry) for q in quarters(g)]
    rng = random.Random(7)
    rows = []
    for day in range(args.dates):
        date = f"2025-{1 + day // 28:02d}-{1 + day % 28:02d}"
        for block, geom in rng.sample(pieces, min(args.polygons, len(pieces))):
            rows.append({"date": date, "role": "affected", "source": "bench", "block": block,
                         "geometry": geom})
    zones = gpd.GeoDataFrame(rows, geometry="geometry", crs="EPSG:4326")
    print(f"order log: {len(zones):,} polygons ({args.dates} dates × {args.polygons}); "
          f"{len(pieces):,} distinct pieces")

    t = time.perf_counter()
    union(zones, by="date", workers=1)
    t_union_1 = time.perf_counter() - t
    t = time.perf_counter()
    per_day = union(zones, by="date")
    t_union = time.perf_counter() - t
    t = time.perf_counter()
    parts = breakdown(zones, "governorate", by="date")
    t_breakdown = time.perf_counter() - t
    t = time.perf_counter()
    timeline(zones)
    t_timeline = time.perf_counter() - t

    # The naive way, on a few days.
    crs = equal_area_crs(zones)
    projected = zones.to_crs(crs)
    govs = units("governorate").to_crs(crs)
    naive_days = sorted(projected.date.unique())[: args.naive_dates]
    t = time.perf_counter()
    naive_areas = {}
    for day in naive_days:
        acc = shapely.Polygon()
        for geom in projected[projected.date == day].geometry:
            acc = acc.union(geom)
        naive_areas[day] = acc.area / 1e6
        for gov in govs.geometry:
            acc.intersection(gov).area
    t_naive = (time.perf_counter() - t) / len(naive_days) * args.dates
    check = per_day.set_index("group").area_km2
    worst = max(abs(check[d] - a) / a for d, a in naive_areas.items())

    print()
    print(f"{'measure':<44}{'seconds':>10}")
    print(f"{'geonews union, per date, one thread':<44}{t_union_1:>10.2f}")
    print(f"{'geonews union, per date (dask-geopandas)':<44}{t_union:>10.2f}")
    print(f"{'geonews break-down by governorate, per date':<44}{t_breakdown:>10.2f}")
    print(f"{'geonews union + break-down':<44}{t_union + t_breakdown:>10.2f}")
    print(f"{'geonews cumulative timeline':<44}{t_timeline:>10.2f}")
    print(f"{'naive loop, union + break-down (scaled)':<44}{t_naive:>10.2f}"
          f"   ({args.naive_dates} of {args.dates} dates run)")
    print(f"speed-up over the naive loop: ×{t_naive / (t_union + t_breakdown):.1f}")
    print(f"largest difference in area from the naive loop: {worst:.2e} (relative)")
    print(f"break-down rows: {len(parts):,}")
    print(f"peak memory (RSS): {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
