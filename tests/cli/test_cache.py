"""`geonews cache info` and `geonews cache clear`."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest

# What the detached builder does, played by a process of the test's own: it holds the
# lock (with its process id), writes the index a little later, then drops the lock.
BUILDER = """
import os, pathlib, sys, time
cache = pathlib.Path(sys.argv[1])
lock = cache / ".mention-index.build-test"
lock.write_text(str(os.getpid()))
time.sleep(float(sys.argv[2]))
(cache / "mention-index-v9-late.pickle").write_bytes(b"z" * 100)
lock.unlink()
"""


def _start_builder(cache, seconds):
    builder = subprocess.Popen([sys.executable, "-c", BUILDER, str(cache), str(seconds)])
    deadline = time.monotonic() + 30
    while not (cache / ".mention-index.build-test").exists() and time.monotonic() < deadline:
        time.sleep(0.02)
    return builder



@pytest.fixture
def home(tmp_path):
    h = tmp_path / "home"
    (h / "cache").mkdir(parents=True)
    (h / "cache" / "mention-index-v9-abc.pickle").write_bytes(b"x" * 2048)
    (h / "cache" / "online-geocoding.sqlite").write_bytes(b"y" * 10)
    return h


def test_info_prints_the_path_each_file_and_its_size(geonews_cli, home):
    run = geonews_cli("cache", "info", env={"GEONEWS_HOME": str(home)})
    assert run.code == 0, run.err
    lines = run.out.splitlines()
    assert lines[0] == f"cache: {home / 'cache'}"
    assert any("2.0 kB" in ln and "mention-index-v9-abc.pickle" in ln for ln in lines)
    assert any("10 B" in ln and "online-geocoding.sqlite" in ln for ln in lines)
    assert lines[-1] == "2 files, 2.0 kB"


def test_clear_removes_every_file_and_says_so_in_one_line(geonews_cli, home):
    run = geonews_cli("cache", "clear", env={"GEONEWS_HOME": str(home)})
    assert run.code == 0, run.err
    assert run.out.splitlines() == [f"removed 2 files (2.0 kB) from {home / 'cache'}"]
    assert list((home / "cache").iterdir()) == []
    again = geonews_cli("cache", "info", env={"GEONEWS_HOME": str(home)})
    assert again.out.splitlines()[-1] == "0 files, 0 B"


def test_info_and_clear_on_a_cache_never_made(geonews_cli, tmp_path):
    env = {"GEONEWS_HOME": str(tmp_path / "nowhere")}
    assert geonews_cli("cache", "info", env=env).out.splitlines()[-1] == "0 files, 0 B"
    run = geonews_cli("cache", "clear", env=env)
    assert run.code == 0 and run.out.startswith("removed 0 files (0 B)")
    assert not (tmp_path / "nowhere").exists()


def test_extract_then_info_lists_one_mention_index(geonews_cli, tmp_path):
    env = {"GEONEWS_HOME": str(tmp_path / "h")}
    article = tmp_path / "a.txt"
    article.write_text("Residents of Rafah were told to leave for Khan Younis.\n")
    assert geonews_cli("extract", str(article), env=env).code == 0
    # The first run leaves a background process writing the index; it holds a lock file
    # until the index is in place.
    deadline = time.monotonic() + 120
    while list((tmp_path / "h").glob("cache/.mention-index.build-*")) and \
            time.monotonic() < deadline:
        time.sleep(0.1)
    run = geonews_cli("cache", "info", env=env)
    assert sum("mention-index-" in ln for ln in run.out.splitlines()) == 1


def test_info_says_an_index_is_being_built_and_by_which_process(geonews_cli, home):
    builder = _start_builder(home / "cache", 20)
    try:
        run = geonews_cli("cache", "info", env={"GEONEWS_HOME": str(home)})
    finally:
        builder.kill()
        builder.wait()
    assert run.code == 0, run.err
    assert f"building: the mention index is being built by process {builder.pid}" in run.out


def test_clear_waits_for_a_build_so_that_its_index_does_not_land_after(geonews_cli, home):
    builder = _start_builder(home / "cache", 1.5)
    run = geonews_cli("cache", "clear", env={"GEONEWS_HOME": str(home)})
    builder.wait(timeout=60)
    assert run.code == 0, run.err
    assert run.err.startswith("waiting: the mention index is being built")
    assert run.out.splitlines() == [f"removed 3 files (2.1 kB) from {home / 'cache'}"]
    assert list((home / "cache").iterdir()) == []


def test_a_lock_left_by_a_builder_that_died_is_no_build(geonews_cli, home):
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    (home / "cache" / ".mention-index.build-old").write_text(str(gone.pid))
    started = time.monotonic()
    run = geonews_cli("cache", "clear", env={"GEONEWS_HOME": str(home)})
    assert run.code == 0 and run.err == "" and time.monotonic() - started < 30
    assert run.out.startswith("removed 3 files")
