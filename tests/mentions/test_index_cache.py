"""The mention index in the user cache: built fast from the shipped names, one file per
cache, stale ones removed; a first run leaves the building to a detached process."""

from __future__ import annotations

import gzip
import os
import pickle
import subprocess
import time

import pytest

from geonews.mentions import index as mi
from geonews.mentions.index import MentionIndex
from geonews.paths import shipped_gazetteer
from geonews.places.gazetteer import Gazetteer, _open_source


@pytest.fixture
def cache_home(tmp_path, monkeypatch):
    monkeypatch.setenv("GEONEWS_HOME", str(tmp_path / "home"))
    monkeypatch.setattr(MentionIndex, "_cache", {})
    # No test may leave a builder running after it; the tests of the builder call it.
    monkeypatch.setattr(mi, "BUILD_IN_BACKGROUND", False)
    return tmp_path / "home" / "cache"


@pytest.fixture(scope="module")
def gazetteer():
    return Gazetteer(include_user=False)


TEXT = " residents of khan younis and rafah left for al mawasi "


def test_shipped_names_are_current_and_equal_the_gazetteers_own():
    """The shipped list is what folding the shipped gazetteer's names gives; if this fails,
    the gazetteer, the query or the folding changed: run `python -m geonews.mentions`."""
    shipped = mi.read_shipped_names(shipped_gazetteer())
    assert shipped is not None, "stale shipped_names.txt.gz: run `python -m geonews.mentions`"
    source = _open_source(shipped_gazetteer(), shipped=True)
    try:
        assert shipped == mi._query_keys(source)
    finally:
        source.db.close()


def test_shipped_variant_skeletons_are_current(gazetteer):
    """Likewise the skeletons of the detailed names (if this fails, the skeleton code or
    the gazetteer changed: run `python -m geonews.mentions`)."""
    shipped = mi.read_shipped_variants(shipped_gazetteer())
    assert shipped is not None, "stale shipped_names.txt.gz: run `python -m geonews.mentions`"
    assert set(shipped) == mi.variant_keys(gazetteer.detailed_names())


def test_shipped_lines_are_sorted_by_their_bytes():
    """The first run bisects them."""
    data = gzip.decompress(mi.SHIPPED_NAMES.read_bytes())
    names, _, variants = data.partition(mi._VARIANTS_HEADER.encode())
    for section in (names.split(b"\n")[1:-1], variants.split(b"\n")[1:-1]):
        assert section == sorted(section) and len(section) > 1000


def test_names_made_from_another_gazetteer_are_not_used(tmp_path):
    out = tmp_path / "names.txt.gz"
    mi.write_shipped_names(shipped_gazetteer(), out)
    assert mi.read_shipped_names(shipped_gazetteer(), out) is not None
    assert mi.read_shipped_variants(shipped_gazetteer(), out) is not None
    header, rest = gzip.decompress(out.read_bytes()).split(b"\n", 1)
    names, _, variants = rest.partition(mi._VARIANTS_HEADER.encode())
    vheader, vrest = variants.split(b"\n", 1)
    out.write_bytes(gzip.compress(header[:-4] + b"0000\n" + names + mi._VARIANTS_HEADER.encode()
                                  + vheader[:-4] + b"0000\n" + vrest))
    assert mi.read_shipped_names(shipped_gazetteer(), out) is None
    assert mi.read_shipped_variants(shipped_gazetteer(), out) is None


def test_the_index_from_shipped_names_equals_the_one_folded_from_the_gazetteer(
        gazetteer, monkeypatch):
    fast = MentionIndex.build(gazetteer)
    monkeypatch.setattr(mi, "read_shipped_names", lambda *a, **k: None)
    monkeypatch.setattr(mi, "read_shipped_variants", lambda *a, **k: None)
    slow = MentionIndex.build(gazetteer)
    assert dict(fast.automaton.items()) == dict(slow.automaton.items())
    assert dict(fast.variants.items()) == dict(slow.variants.items())


def test_a_stale_index_of_another_gazetteer_or_version_is_removed(cache_home, gazetteer):
    cache_home.mkdir(parents=True)
    older = cache_home / "mention-index-e022e1b342356976b131.pickle"  # before versions
    other = cache_home / "mention-index-v9-0123456789abcdef0123.pickle"
    for p in (older, other):
        p.write_bytes(b"x" * 1000)
    unrelated = cache_home / "online-geocoding.sqlite"
    unrelated.write_bytes(b"kept")
    index = MentionIndex.for_gazetteer(gazetteer, lazy=False)
    assert mi.cached_indexes(cache_home) == [MentionIndex.cache_path(index.fingerprint)]
    assert unrelated.read_bytes() == b"kept"


def test_the_cache_never_holds_more_than_one_index(cache_home, gazetteer, monkeypatch):
    for fp in ("aaaaaaaaaaaaaaaaaaaa", "bbbbbbbbbbbbbbbbbbbb", "aaaaaaaaaaaaaaaaaaaa"):
        monkeypatch.setattr(MentionIndex, "fingerprint_of", staticmethod(lambda g, fp=fp: fp))
        MentionIndex._cache.clear()
        MentionIndex.for_gazetteer(gazetteer, lazy=False)
        assert mi.cached_indexes(cache_home) == [MentionIndex.cache_path(fp)]


def test_the_next_process_loads_the_index_instead_of_building_it(cache_home, gazetteer,
                                                                 monkeypatch):
    built = MentionIndex.for_gazetteer(gazetteer, lazy=False)
    MentionIndex._cache.clear()

    def no_build(g):
        raise AssertionError("rebuilt although cached")

    monkeypatch.setattr(MentionIndex, "_build_automata", staticmethod(no_build))
    monkeypatch.setattr(mi._Lookup, "of", classmethod(lambda cls, g: no_build(g)))
    loaded = MentionIndex.for_gazetteer(gazetteer)
    assert loaded._automaton is not None
    assert loaded.scan(TEXT) == built.scan(TEXT) != []


def test_a_truncated_index_is_rebuilt_and_replaced(cache_home, gazetteer):
    fp = MentionIndex.fingerprint_of(gazetteer)
    path = MentionIndex.cache_path(fp)
    path.parent.mkdir(parents=True)
    path.write_bytes(pickle.dumps((1, 2))[:5])
    index = MentionIndex.for_gazetteer(gazetteer, lazy=False)
    assert index.scan(" gaza city ")
    automaton, _ = pickle.loads(path.read_bytes())
    assert len(automaton) == len(index.automaton)


def test_a_first_run_writes_nothing_into_the_cache_while_it_scans(cache_home, gazetteer):
    index = MentionIndex.for_gazetteer(gazetteer)
    assert index.scan(TEXT) != []
    assert mi.cached_indexes(cache_home) == []


def test_a_first_run_leaves_a_detached_process_building_the_index(cache_home, gazetteer):
    index = MentionIndex.for_gazetteer(gazetteer)
    found = index.scan(TEXT)
    index._build_in_background()
    lock = index._lock_path()
    assert lock.exists()  # the builder holds it until the index is written
    index._build_in_background()  # a second run meanwhile starts no second builder
    deadline = time.monotonic() + 300
    while lock.exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    path = MentionIndex.cache_path(index.fingerprint)
    assert mi.cached_indexes(cache_home) == [path] and not lock.exists()
    MentionIndex._cache.clear()
    loaded = MentionIndex.for_gazetteer(gazetteer)
    assert loaded._automaton is not None and loaded.scan(TEXT) == found


def test_no_builder_is_left_while_another_one_runs_but_a_dead_ones_lock_is_taken_over(
        cache_home, gazetteer, monkeypatch):
    from types import SimpleNamespace

    started = []
    monkeypatch.setattr(subprocess, "Popen",
                        lambda args, **kw: started.append(args) or SimpleNamespace(pid=1))
    index = MentionIndex.for_gazetteer(gazetteer)
    lock = index._lock_path()
    lock.parent.mkdir(parents=True)
    lock.touch()
    index._build_in_background()
    assert started == []
    os.utime(lock, (time.time() - 2 * mi._ABANDONED_AFTER_S,) * 2)
    index._build_in_background()
    assert len(started) == 1 and started[0][-1] == str(gazetteer.sources[0].path)
    assert lock.read_text() == "1"  # the lock names the builder, not the process leaving


def test_a_long_run_moves_to_the_automaton_and_writes_it(cache_home, gazetteer, monkeypatch):
    monkeypatch.setattr(mi, "_LOAD_AFTER_CHARS", len(TEXT))
    monkeypatch.setattr(mi, "_UPGRADE_AFTER_CHARS", 3 * len(TEXT))
    index = MentionIndex.for_gazetteer(gazetteer)
    first = index.scan(TEXT)
    assert index.scan(TEXT) == first and index._automaton is None  # not long yet
    assert index.scan(TEXT) == index.scan(TEXT) == first
    assert index._automaton is not None and index._lookup is None
    assert mi.cached_indexes(cache_home) == [MentionIndex.cache_path(index.fingerprint)]
    assert not index._lock_path().exists()


def test_a_long_run_loads_an_index_another_process_wrote(cache_home, gazetteer, monkeypatch):
    monkeypatch.setattr(mi, "_LOAD_AFTER_CHARS", len(TEXT))
    index = MentionIndex.for_gazetteer(gazetteer)
    first = index.scan(TEXT)
    automata = MentionIndex._build_automata(gazetteer)
    mi._save(MentionIndex.cache_path(index.fingerprint), pickle.dumps(automata))

    def no_build(g):
        raise AssertionError("built although another process wrote the index")

    monkeypatch.setattr(MentionIndex, "_build_automata", staticmethod(no_build))
    assert index.scan(TEXT) == first and index._automaton is not None


def test_a_long_run_does_not_build_while_another_process_does(cache_home, gazetteer,
                                                              monkeypatch):
    monkeypatch.setattr(mi, "_LOAD_AFTER_CHARS", 0)
    monkeypatch.setattr(mi, "_UPGRADE_AFTER_CHARS", 0)
    index = MentionIndex.for_gazetteer(gazetteer)
    index._lock_path().parent.mkdir(parents=True)
    index._lock_path().touch()  # a forked batch worker beside, building
    assert index.scan(TEXT) != [] and index._automaton is None


def test_asking_a_first_runs_index_for_its_automaton_gives_it(cache_home, gazetteer):
    index = MentionIndex.for_gazetteer(gazetteer)
    assert len(index.automaton) > 200_000 and len(index.variants) > 1000


def test_abandoned_partial_writes_are_removed_but_fresh_ones_kept(tmp_path):
    import os

    keep = tmp_path / "mention-index-v9-x.pickle"
    keep.write_bytes(b"k")
    old, fresh = tmp_path / ".mention-index.old", tmp_path / ".mention-index.new"
    old.write_bytes(b"o")
    fresh.write_bytes(b"n")
    os.utime(old, (time.time() - 2 * mi._ABANDONED_AFTER_S,) * 2)
    assert mi.remove_stale(keep) == [old]
    assert keep.exists() and fresh.exists() and not old.exists()


def test_a_build_lock_names_its_process_and_one_whose_process_died_is_taken_over(tmp_path):
    lock = tmp_path / ".mention-index.build-x"
    assert mi._take_lock(lock) == lock
    assert lock.read_text() == str(os.getpid())
    assert mi._take_lock(lock) is mi._BUSY  # alive: this very process
    assert [b.pid for b in mi.index_builds(tmp_path)] == [os.getpid()]
    gone = subprocess.Popen(["true"])
    gone.wait()
    lock.write_text(str(gone.pid))
    assert mi.index_builds(tmp_path) == []
    assert mi._take_lock(lock) == lock  # no hour to wait for a builder that is gone
