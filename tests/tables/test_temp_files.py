"""A layer written after a killed write removes what the dead writer left beside the output,
and nothing a live writer is still writing."""

import os
import subprocess
import sys

import geopandas as gpd
from shapely.geometry import Point

from geonews.tables.layers import write_layers


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_a_write_removes_the_temporary_files_of_a_dead_writer_only(tmp_path):
    table = gpd.GeoDataFrame({"name": ["Rafah"]}, geometry=[Point(34.25, 31.28)], crs=4326)
    dead, live = _dead_pid(), os.getpid()
    stale = [tmp_path / f".un.{dead}.k1ll3d00.gpkg", tmp_path / f".un.{dead}.k1ll3d00.gpkg-journal",
             tmp_path / f".un.{dead}.abc_de12.gpkg-wal"]
    kept = [tmp_path / f".un.{live}.b3ing0n0.gpkg",  # a write still going on
            tmp_path / f".other.{dead}.k1ll3d00.gpkg",  # another output's
            tmp_path / f".un.{dead}.k1ll3d00.geojson",  # the same name, another format
            tmp_path / "un.backup.gpkg"]
    for p in stale + kept:
        p.write_bytes(b"SQLite format 3\x00 half a file")
    write_layers({"union": table}, tmp_path / "un.gpkg")
    assert not [p.name for p in stale if p.exists()]
    assert all(p.exists() for p in kept)
    assert gpd.read_file(tmp_path / "un.gpkg").name.tolist() == ["Rafah"]
    assert {p.name for p in tmp_path.iterdir()} == {"un.gpkg", *(p.name for p in kept)}


def test_the_temporary_file_names_the_process_writing_it(tmp_path, monkeypatch):
    """What makes a killed writer's file recognisable: its pid in the name."""
    table = gpd.GeoDataFrame({"name": ["Rafah"]}, geometry=[Point(34.25, 31.28)], crs=4326)
    seen = []
    real = gpd.GeoDataFrame.to_file

    def spy(self, filename, *args, **kwargs):
        seen.append(os.path.basename(filename))
        return real(self, filename, *args, **kwargs)

    monkeypatch.setattr(gpd.GeoDataFrame, "to_file", spy)
    write_layers({"union": table}, tmp_path / "un.gpkg")
    assert seen and all(n.startswith(f".un.{os.getpid()}.") and n.endswith(".gpkg") for n in seen)
