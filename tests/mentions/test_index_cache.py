"""The mention index in the user cache: built fast from the shipped names, one file per
cache, stale ones removed."""

from __future__ import annotations

import gzip
import pickle

import pytest

from geonews.mentions import index as mi
from geonews.mentions.index import MentionIndex
from geonews.paths import shipped_gazetteer
from geonews.places.gazetteer import Gazetteer, _open_source


@pytest.fixture
def cache_home(tmp_path, monkeypatch):
    monkeypatch.setenv("GEONEWS_HOME", str(tmp_path / "home"))
    monkeypatch.setattr(MentionIndex, "_cache", {})
    return tmp_path / "home" / "cache"


@pytest.fixture(scope="module")
def gazetteer():
    return Gazetteer(include_user=False)


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


def test_names_made_from_another_gazetteer_are_not_used(tmp_path):
    out = tmp_path / "names.txt.gz"
    mi.write_shipped_names(shipped_gazetteer(), out)
    assert mi.read_shipped_names(shipped_gazetteer(), out) is not None
    header, rest = gzip.decompress(out.read_bytes()).split(b"\n", 1)
    out.write_bytes(gzip.compress(header[:-4] + b"0000\n" + rest))
    assert mi.read_shipped_names(shipped_gazetteer(), out) is None


def test_the_index_from_shipped_names_equals_the_one_folded_from_the_gazetteer(
        gazetteer, monkeypatch):
    fast = MentionIndex.build(gazetteer)
    monkeypatch.setattr(mi, "read_shipped_names", lambda *a, **k: None)
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
    index = MentionIndex.for_gazetteer(gazetteer)
    assert mi.cached_indexes(cache_home) == [MentionIndex.cache_path(index.fingerprint)]
    assert unrelated.read_bytes() == b"kept"


def test_the_cache_never_holds_more_than_one_index(cache_home, gazetteer, monkeypatch):
    for fp in ("aaaaaaaaaaaaaaaaaaaa", "bbbbbbbbbbbbbbbbbbbb", "aaaaaaaaaaaaaaaaaaaa"):
        monkeypatch.setattr(MentionIndex, "fingerprint_of", staticmethod(lambda g, fp=fp: fp))
        MentionIndex._cache.clear()
        MentionIndex.for_gazetteer(gazetteer)
        assert mi.cached_indexes(cache_home) == [MentionIndex.cache_path(fp)]


def test_the_next_process_loads_the_index_instead_of_building_it(cache_home, gazetteer,
                                                                 monkeypatch):
    built = MentionIndex.for_gazetteer(gazetteer)
    MentionIndex._cache.clear()

    def no_build(g):
        raise AssertionError("rebuilt although cached")

    monkeypatch.setattr(MentionIndex, "build", classmethod(lambda cls, g: no_build(g)))
    loaded = MentionIndex.for_gazetteer(gazetteer)
    text = " residents of khan younis and rafah left for al mawasi "
    assert loaded.scan(text) == built.scan(text) != []


def test_a_truncated_index_is_rebuilt_and_replaced(cache_home, gazetteer):
    fp = MentionIndex.fingerprint_of(gazetteer)
    path = MentionIndex.cache_path(fp)
    path.parent.mkdir(parents=True)
    path.write_bytes(pickle.dumps((1, 2))[:5])
    index = MentionIndex.for_gazetteer(gazetteer)
    assert index.scan(" gaza city ")
    automaton, _ = pickle.loads(path.read_bytes())
    assert len(automaton) == len(index.automaton)


def test_abandoned_partial_writes_are_removed_but_fresh_ones_kept(tmp_path):
    import os
    import time

    keep = tmp_path / "mention-index-v9-x.pickle"
    keep.write_bytes(b"k")
    old, fresh = tmp_path / ".mention-index.old", tmp_path / ".mention-index.new"
    old.write_bytes(b"o")
    fresh.write_bytes(b"n")
    os.utime(old, (time.time() - 2 * mi._ABANDONED_AFTER_S,) * 2)
    assert mi.remove_stale(keep) == [old]
    assert keep.exists() and fresh.exists() and not old.exists()
