"""zones.parquet is written in row groups of bounded size, with a bounded shape cache and
progress, and stays valid GeoParquet whatever the grouping."""

from __future__ import annotations

import io

import geopandas as gpd
import pyarrow.parquet as pq
import pytest

from geonews.batch import run_batch
from geonews.batch.run import ZONES, GeometryCache, ZonesLines, write_zones_table
from tests.batch.test_run import write_corpus


@pytest.fixture(scope="module")
def extractions(tmp_path_factory):
    d = tmp_path_factory.mktemp("zones")
    write_corpus(d / "c.jsonl", 60)
    run_batch(d / "c.jsonl", d / "out", zones=False)
    return d / "out" / "extractions.jsonl"


def test_row_groups_are_bounded_and_the_table_is_the_same_however_grouped(extractions,
                                                                          tmp_path):
    whole, grouped = tmp_path / "whole.parquet", tmp_path / "grouped.parquet"
    n = write_zones_table(extractions, whole, chunk=10_000)
    assert write_zones_table(extractions, grouped, chunk=10_000, max_group_bytes=1) == n > 0
    assert pq.ParquetFile(whole).num_row_groups == 1
    assert pq.ParquetFile(grouped).num_row_groups > 10  # a group per article with shapes
    a, b = gpd.read_parquet(whole), gpd.read_parquet(grouped)
    assert len(a) == n and a.crs == b.crs and a.crs.equals("OGC:CRS84")
    assert a.to_wkb().equals(b.to_wkb())


def test_progress_counts_articles_up_to_the_total_and_rows_at_the_end(extractions, tmp_path):
    seen = []
    n = write_zones_table(extractions, tmp_path / "z.parquet", progress=lambda *a: seen.append(a))
    articles = sum(1 for _ in open(extractions, encoding="utf-8"))
    assert seen[-1] == (articles, articles, n)
    assert [s[0] for s in seen] == sorted(s[0] for s in seen)


def test_the_progress_line_names_the_table_and_its_counts():
    out = io.StringIO()
    lines = ZonesLines(every=3600, stream=out)
    lines(5, 10, 7)  # too soon after the start: nothing
    lines(10, 10, 12)  # done: always said
    assert out.getvalue() == f"geonews: batch: {ZONES}: 10/10 articles, 12 rows\n"


def test_the_shape_cache_stays_within_its_budget_and_keeps_the_recent_ones():
    calls = []

    def lookup(place_id=None, block=None):
        calls.append(place_id)
        return b"x" * 900

    cache = GeometryCache(lookup, budget=3000)
    for pid in ["a", "b", "c", "a", "d", "a"]:
        assert cache(pid) == b"x" * 900
        assert cache.size <= 3000
    assert calls == ["a", "b", "c", "d"]  # "a" stayed (used again), "b" made room for "d"
    assert cache("b") and calls[-1] == "b"


def test_a_batch_run_with_progress_reports_the_zones_table(tmp_path, capsys):
    write_corpus(tmp_path / "c.jsonl", 5)
    run_batch(tmp_path / "c.jsonl", tmp_path / "out", progress=lambda s: None)
    assert f"geonews: batch: {ZONES}: 5/5 articles" in capsys.readouterr().err
