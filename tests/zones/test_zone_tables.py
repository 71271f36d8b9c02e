"""A batch's zones table (GeoParquet) read back: each shape once, however many rows."""

import json

import geopandas as gpd
import numpy as np
import shapely

from geonews.batch.run import write_zones_table
from geonews.zones.layers import distinct, read_zones
from geonews.zones.measure import timeline
from tests.maps.test_corpus_maps import write_results


def zones_table(tmp_path, n, dates=30):
    results = write_results(tmp_path / f"r{n}.jsonl", n, dates=dates)
    table = tmp_path / f"z{n}.parquet"
    write_zones_table(results, table)
    return table


def test_rows_that_hold_the_same_shape_share_one_geometry_object(tmp_path):
    zones = read_zones([zones_table(tmp_path, 400)])
    shapes, _ = distinct(zones.geometry.to_numpy())
    wkbs = {g.wkb for g in zones.geometry}
    assert len(zones) > 1000
    assert len(shapes) == len(wkbs)  # one object per distinct shape, not per row


def test_the_table_reads_as_geopandas_reads_it(tmp_path):
    path = zones_table(tmp_path, 60)
    ours = read_zones([path])
    theirs = read_zones([gpd.read_parquet(path)])  # geopandas' reader, row by row
    assert ours.drop(columns="geometry").equals(theirs.drop(columns="geometry"))
    assert shapely.equals_exact(ours.geometry.to_numpy(), theirs.geometry.to_numpy(),
                                tolerance=0).all()


def test_the_timeline_of_the_table_is_that_of_its_rows_read_one_by_one(tmp_path):
    path = zones_table(tmp_path, 120)
    ours = timeline(read_zones([path]))
    theirs = timeline(read_zones([gpd.read_parquet(path)]))
    assert ours.equals(theirs)


def test_a_table_with_rows_without_geometry_keeps_the_others(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = zones_table(tmp_path, 8)
    table = pq.read_table(path)
    geoms = table.column("geometry").to_pylist()
    geoms[0] = None
    table = table.set_column(table.schema.get_field_index("geometry"), "geometry",
                             pa.array(geoms, type=pa.binary()))
    pq.write_table(table, tmp_path / "holes.parquet")
    zones = read_zones([tmp_path / "holes.parquet"])
    assert len(zones) == len(geoms) - 1


def test_geometry_objects_read_grow_with_the_distinct_shapes_not_the_rows(tmp_path):
    # The exponent of distinct objects over rows: 0 when shapes are shared, 1 when every
    # row had its own copy (as geopandas reads it).
    rows, objects = [], []
    for n in (50, 200, 800):
        zones = read_zones([zones_table(tmp_path, n)])
        rows.append(len(zones))
        objects.append(len({id(g) for g in zones.geometry}))
    slope = np.polyfit(np.log(rows), np.log(objects), 1)[0]
    assert slope < 0.2, (rows, objects)
