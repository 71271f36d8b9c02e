"""Faults: processes killed mid-write, two writers on one cache, a full disk, a read-only
output directory.  Whatever happens, nothing is lost or half-written."""

import json
import random
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import geopandas as gpd
import pytest
from shapely.geometry import box

from geonews.places.geocoders.nominatim import AnswerCache
from tests.batch.test_run import lines_by_id, write_corpus
from tests.conftest import assert_clean_error

WRITER = """
import sys, time
from geonews.places.geocoders.nominatim import AnswerCache
cache = AnswerCache(sys.argv[1])
prefix, n = sys.argv[2], int(sys.argv[3])
for i in range(n):
    cache.put(f"{prefix}-{i}", [{"name": "x" * (i % 500), "lat": 31.0, "lon": 34.0}])
    cache.put(f"shared-{i % 50}", [{"by": prefix}])
print("done")
"""


def test_a_cache_killed_mid_write_reopens_whole(tmp_path):
    path = tmp_path / "cache.sqlite"
    rng = random.Random(5)
    for round_ in range(5):
        proc = subprocess.Popen([sys.executable, "-c", WRITER, str(path), f"r{round_}",
                                 "100000"], stdout=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.3, 1.2))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        db = sqlite3.connect(path)
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        db.close()
        cache = AnswerCache(path)
        assert cache.get(f"r{round_}-0") is not None  # what was committed is there
        cache.put("after", [1])
        assert cache.get("after") == [1]


def test_several_processes_create_and_write_the_same_cache(tmp_path):
    path = tmp_path / "cache.sqlite"  # not there yet: they race to create it
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, str(path), p, "400"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE)
             for p in "abcd"]
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0 and b"done" in out, err.decode()[-500:]
        assert b"not being cached" not in err, err.decode()[-500:]
    cache = AnswerCache(path)
    assert all(cache.get(f"{p}-{i}") is not None for p in "abcd" for i in range(400))
    assert all(cache.get(f"shared-{i}")[0]["by"] in "abcd" for i in range(50))


def test_a_cache_that_cannot_be_written_only_warns(tmp_path):
    path = tmp_path / "cache.sqlite"
    path.write_bytes(b"")
    cache = AnswerCache(path)
    cache.get("x")  # opens the database
    cache._local.db.close()
    cache._local.db = sqlite3.connect("file:" + str(path) + "?mode=ro", uri=True)
    with pytest.warns(UserWarning, match="not being cached"):
        cache.put("k", [1])


@contextmanager
def small_disk(path: Path, size: str):
    """A tmpfs of ``size`` mounted at ``path`` (root only; skipped elsewhere)."""
    path.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)],
                      capture_output=True).returncode != 0:
        pytest.skip("cannot mount a tmpfs here (needs root)")
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], capture_output=True)


def leftovers(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.rglob("*"))


def test_a_full_disk_fails_cleanly_and_keeps_no_partial_file(geonews_cli, tmp_path):
    (tmp_path / "long.jsonl").write_text("".join(
        json.dumps({"id": f"a{i}", "text": "Residents of Bani Suhaila, Abasan and Khuza'a "
                                           "were told to leave for Rafah. " * 20}) + "\n"
        for i in range(40)))
    gpd.GeoDataFrame({"name": ["z"]}, geometry=[box(34.3, 31.3, 34.32, 31.32)], crs=4326
                     ).to_file(tmp_path / "z.gpkg")
    with small_disk(tmp_path / "disk", "64k") as disk:
        (disk / "keep.txt").write_text("an older file")
        run = geonews_cli("extract", "long.jsonl", "-o", str(disk / "out.json"))
        assert_clean_error(run, "No space left on device")
        run = geonews_cli("overlay", "union", "z.gpkg", "-o", str(disk / "u.gpkg"))
        assert run.code == 2 and "Traceback" not in run.err
        run = geonews_cli("map", "long.jsonl", "-o", str(disk / "m.html"))
        assert_clean_error(run, "No space left on device")
        assert leftovers(disk) == ["keep.txt"]
        assert (disk / "keep.txt").read_text() == "an older file"


def test_a_batch_run_on_a_full_disk_stops_and_finishes_once_there_is_room(geonews_cli,
                                                                           tmp_path):
    ids = write_corpus(tmp_path / "c.jsonl", 300)
    with small_disk(tmp_path / "disk", "128k") as disk:
        run = geonews_cli("batch", "c.jsonl", "-o", str(disk / "out"), "-q")
        assert_clean_error(run, "No space left on device")
        counts = lines_by_id(disk / "out")
        assert all(v == 1 for v in counts.values()) and len(counts) < len(ids)
        subprocess.run(["mount", "-o", "remount,size=16m", str(disk)], check=True)
        run = geonews_cli("batch", "c.jsonl", "-o", str(disk / "out"), "-q")
        assert run.code == 0, run.err
        assert lines_by_id(disk / "out") == {i: 1 for i in ids}


def test_a_read_only_output_directory_is_a_clear_error(geonews_cli, tmp_path):
    (tmp_path / "a.txt").write_text("Residents of Abasan were told to leave for Rafah.\n")
    with small_disk(tmp_path / "ro", "1m") as ro:
        subprocess.run(["mount", "-o", "remount,ro", str(ro)], check=True)
        assert_clean_error(geonews_cli("extract", "a.txt", "-o", str(ro / "x.json")),
                           "cannot write here")
        assert_clean_error(geonews_cli("overlay", "union", "a.txt", "-o", str(ro / "x.gpkg")))
        assert_clean_error(geonews_cli("batch", "a.txt", "-o", str(ro / "out")),
                           "Read-only file system")
        assert leftovers(ro) == []
