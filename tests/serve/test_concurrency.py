"""Many analysts at once: no article lost or stored twice, no "database is locked"."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))

from bench_serve import articles, run_load, stored_ids  # noqa: E402

from .conftest import start_server  # noqa: E402


def renamed(batches, prefix):
    return [[{**a, "id": f"{prefix}-{a['id']}"} for a in b] for b in batches]


def test_four_clients_posting_200_articles_each_at_once(server):
    batches = renamed(articles(4, 200), "c4")
    load = run_load(server.url, batches)
    print(f"\n{load.summary()}")
    assert load.errors == [] and load.statuses == {201: 800}
    ids = [i for i in stored_ids(server.url) if i.startswith("c4-")]
    assert sorted(ids) == sorted(a["id"] for b in batches for a in b)   # none lost, none twice


def test_four_clients_sending_the_same_articles_store_each_once(server):
    same = renamed(articles(1, 40, seed=11), "same")[0]
    load = run_load(server.url, [same] * 4)
    assert load.errors == []
    assert load.statuses[201] == 40 and load.statuses[200] == 120
    ids = [i for i in stored_ids(server.url) if i.startswith("same-")]
    assert len(ids) == len(set(ids)) == 40


@pytest.mark.slow
def test_two_servers_on_one_collection_file_wait_for_each_other(server, tmp_path):
    """Another process on the same SQLite file: WAL and the busy timeout, not errors."""
    second = start_server(tmp_path, db=server.db)
    try:
        import threading

        batches = renamed(articles(4, 60, seed=3), "two")
        results = {}

        def load(name, url, part):
            results[name] = run_load(url, part)

        threads = [threading.Thread(target=load, args=("a", server.url, batches[:2])),
                   threading.Thread(target=load, args=("b", second.url, batches[2:]))]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert results["a"].errors == [] and results["b"].errors == []
        ids = [i for i in stored_ids(second.url) if i.startswith("two-")]
        assert sorted(ids) == sorted(a["id"] for b in batches for a in b)
        assert "locked" not in second.log.read_text() + server.log.read_text()
    finally:
        second.stop()
