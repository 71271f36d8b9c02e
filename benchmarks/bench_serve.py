"""Load on ``geonews serve``: several clients posting articles at once.

    python benchmarks/bench_serve.py [--clients 4] [--articles 200] [--db postgresql://…]

Starts the real server (``geonews serve``) on a free port of 127.0.0.1 with a fresh
collection, lets each client post its own synthetic articles (benchmarks/make_corpus.py)
to ``POST /articles`` at the same time, then checks that every article is stored exactly
once and prints throughput and latency percentiles.  Baseline in the same run: the same
articles extracted in-process by one ``Extractor``, no HTTP and no database.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))


def articles(clients: int, per_client: int, seed: int = 7) -> list[list[dict]]:
    """Distinct synthetic articles, one list per client."""
    from make_corpus import gazetteer_names, make_article

    rng, names = random.Random(seed), gazetteer_names()
    out = []
    for c in range(clients):
        batch = []
        for i in range(per_client):
            a = make_article(rng, names, date(2023, 10, 13) + timedelta(days=i % 400),
                             c * per_client + i)
            a["id"] = f"load-{c}-{i}"
            batch.append(a)
        out.append(batch)
    return out


@dataclass
class Load:
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)

    @property
    def requests(self) -> int:
        return len(self.latencies)

    def percentile(self, p: float) -> float:
        xs = sorted(self.latencies)
        return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))] if xs else float("nan")

    def summary(self) -> str:
        return (f"{self.requests} requests in {self.seconds:.1f} s: "
                f"{self.requests / self.seconds:.0f} articles/s; latency median "
                f"{statistics.median(self.latencies) * 1000:.0f} ms, p95 "
                f"{self.percentile(95) * 1000:.0f} ms, max {max(self.latencies) * 1000:.0f} ms; "
                f"errors {len(self.errors)}")


def run_load(url: str, batches: list[list[dict]], headers: dict | None = None) -> Load:
    """Each batch posted by its own client thread, all starting together."""
    import httpx

    load = Load()
    lock = threading.Lock()
    start = threading.Barrier(len(batches))

    def client(batch: list[dict]) -> None:
        with httpx.Client(base_url=url, timeout=120, headers=headers or {}) as c:
            start.wait()
            for a in batch:
                t = time.perf_counter()
                try:
                    r = c.post("/articles", json=a)
                    status, error = r.status_code, (None if r.status_code < 300 else r.text[:300])
                except httpx.HTTPError as exc:
                    status, error = 0, f"{type(exc).__name__}: {exc}"
                with lock:
                    load.latencies.append(time.perf_counter() - t)
                    load.statuses[status] = load.statuses.get(status, 0) + 1
                    if error:
                        load.errors.append(error)

    threads = [threading.Thread(target=client, args=(b,)) for b in batches]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    load.seconds = time.perf_counter() - t0
    return load


def stored_ids(url: str, headers: dict | None = None) -> list[str]:
    import httpx

    ids, offset = [], 0
    while True:
        page = httpx.get(url + "/articles", params={"limit": 1000, "offset": offset},
                         headers=headers or {}, timeout=60).json()["articles"]
        ids += [a["id"] for a in page]
        if len(page) < 1000:
            return ids
        offset += 1000


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--clients", type=int, default=4)
    ap.add_argument("--articles", type=int, default=200, help="per client")
    ap.add_argument("--db", help="a database URL (default: a fresh SQLite file)")
    args = ap.parse_args()

    sys.path.insert(0, str(ROOT / "tests" / "serve"))
    from conftest import start_server

    batches = articles(args.clients, args.articles)
    with tempfile.TemporaryDirectory() as tmp:
        server = start_server(Path(tmp), db=args.db)
        try:
            load = run_load(server.url, batches)
            ids = stored_ids(server.url)
        finally:
            server.stop()
    sent = [a["id"] for b in batches for a in b]
    lost = set(sent) - set(ids)
    dup = len(ids) - len(set(ids))
    print(f"geonews serve, {args.clients} clients × {args.articles} articles "
          f"({args.db or 'SQLite'}): {load.summary()}")
    print(f"  stored {len(ids)} of {len(sent)}: lost {len(lost)}, duplicated {dup}; "
          f"statuses {dict(sorted(load.statuses.items()))}")

    from geonews.pipeline import Extractor

    ex = Extractor()
    ex.extract("Residents of Rafah were told to leave for al-Mawasi.")
    flat = [a for b in batches for a in b]
    t = time.perf_counter()
    for a in flat:
        ex.extract(a["text"], date=a.get("date"))
    base = time.perf_counter() - t
    print(f"  baseline, in-process Extractor alone: {len(flat) / base:.0f} articles/s")
    if lost or dup or load.errors:
        sys.exit(1)


if __name__ == "__main__":
    os.environ.setdefault("GEONEWS_SERVE_LOG", "warning")
    main()
