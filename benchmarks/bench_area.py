"""Speed of measuring many polygons: geonews's equal-area measure beside pyproj's geodesic
area, polygon by polygon.

    python benchmarks/bench_area.py [--polygons 100000]

The polygons: the 620 IDF blocks, copied with small random shifts until there are
``--polygons`` of them (all distinct).  Timed, in one process:

* the projected measure the zone measures use: ``to_crs(equal_area_crs(...)).area``;
* ``areas_km2`` (edges cut to 1° first, projection chosen by extent) when the
  geonews on the path has it;
* ``pyproj.Geod.geometry_area_perimeter``, one polygon at a time;
* ``union(zones)`` over all of them.

Run it with another checkout first on ``PYTHONPATH`` to compare versions.  Nothing
here asserts.
"""

from __future__ import annotations

import argparse
import random
import time


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--polygons", type=int, default=100_000)
    args = ap.parse_args()

    import geopandas as gpd
    import numpy as np
    import shapely
    from pyproj import Geod

    from geonews.zones import measure
    from geonews.zones.units import units

    blocks = units("block").geometry.to_numpy()
    rng = random.Random(5)
    shifts = np.array([(rng.uniform(-0.002, 0.002), rng.uniform(-0.002, 0.002))
                       for _ in range(args.polygons)])
    geoms = np.array([shapely.affinity.translate(blocks[i % len(blocks)], dx, dy)
                      for i, (dx, dy) in enumerate(shifts)], dtype=object)
    series = gpd.GeoSeries(geoms, crs="EPSG:4326")
    print(f"{len(geoms):,} polygons, {len(shapely.get_coordinates(geoms)):,} vertices")

    rows = []
    t = time.perf_counter()
    projected = series.to_crs(measure.equal_area_crs(series)).area.to_numpy() / 1e6
    rows.append(("to_crs(equal_area_crs).area", time.perf_counter() - t))
    if hasattr(measure, "areas_km2"):
        t = time.perf_counter()
        new = measure.areas_km2(geoms)
        rows.append(("areas_km2 (by extent, edges ≤ 1°)", time.perf_counter() - t))
        print(f"largest difference from the projected measure: "
              f"{np.max(np.abs(new - projected) / projected):.1e} (relative)")
    geod = Geod(ellps="WGS84")
    t = time.perf_counter()
    geodesic = np.array([abs(geod.geometry_area_perimeter(g)[0]) for g in geoms]) / 1e6
    rows.append(("pyproj Geod, one polygon at a time", time.perf_counter() - t))
    print(f"largest difference from the geodesic area: "
          f"{np.max(np.abs(geodesic - projected) / geodesic):.1e} (relative)")
    zones = gpd.GeoDataFrame({"role": "affected", "date": None, "source": "bench"},
                             index=range(len(geoms)), geometry=geoms, crs="EPSG:4326")
    t = time.perf_counter()
    result = measure.union(zones, workers=1)
    rows.append(("union(zones), one thread", time.perf_counter() - t))
    print(f"union: {result.area_km2.iloc[0]:.2f} km²")
    print()
    for name, seconds in rows:
        print(f"{name:<40}{seconds:>8.2f} s")


if __name__ == "__main__":
    main()
