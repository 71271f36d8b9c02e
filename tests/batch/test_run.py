"""``geonews batch``: every article once, resumable after kill -9, on processes or Dask."""

import json
import random
import subprocess
import sys
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest

from geonews.batch import run_batch
from tests.conftest import assert_clean_error
from tests.robustness.fuzz import start_and_kill

PLACES = ["Bani Suhaila", "Abasan", "Khuza'a", "al-Qarara", "Jabalia", "Beit Lahia", "Rafah",
          "Deir al-Balah", "Nuseirat", "Khan Younis"]
TEMPLATES = [
    "On {day} May 2025 the army ordered residents of {a} and {b} to leave for shelters in {c}.",
    "Residents of blocks {n} and {m} were told to evacuate to al-Mawasi.",
    "Heavy rain fell over {a} on {day} May 2025; no order was issued.",
]


def write_corpus(path: Path, n: int, *, seed: int = 1, bad_every: int = 0) -> list[str]:
    rng = random.Random(seed)
    ids = []
    with open(path, "w", encoding="utf-8") as fh:
        for i in range(n):
            if bad_every and i % bad_every == bad_every - 1:
                fh.write("{broken json\n")
                ids.append(f"{path.name}:{i + 1}")
                continue
            a, b, c = rng.sample(PLACES, 3)
            text = " ".join(rng.choice(TEMPLATES).format(a=a, b=b, c=c, day=rng.randint(1, 28),
                                                         n=rng.randint(1, 300),
                                                         m=rng.randint(1, 300))
                            for _ in range(rng.randint(2, 6)))
            fh.write(json.dumps({"id": f"art-{i}", "title": f"Report {i}", "text": text}) + "\n")
            ids.append(f"art-{i}")
    return ids


def lines_by_id(out: Path) -> dict[str, int]:
    counts: dict[str, int] = {}
    for name in ("extractions.jsonl", "errors.jsonl"):
        p = out / name
        if not p.exists():
            continue
        data = p.read_bytes()
        assert not data or data.endswith(b"\n"), f"{name} ends in a torn line"
        for line in data.splitlines():
            rid = json.loads(line)["id"]
            counts[rid] = counts.get(rid, 0) + 1
    return counts


def test_a_corpus_with_bad_lines_gives_one_line_per_article(tmp_path):
    ids = write_corpus(tmp_path / "c.jsonl", 120, bad_every=40)
    s = run_batch(tmp_path / "c.jsonl", tmp_path / "out", workers=2)
    assert (s.extracted, s.errors) == (117, 3)
    assert lines_by_id(tmp_path / "out") == {i: 1 for i in ids}
    errors = pd.read_json(tmp_path / "out" / "errors.jsonl", lines=True)
    assert errors.reason.str.startswith("not valid JSON").all()
    extractions = pd.read_json(tmp_path / "out" / "extractions.jsonl", lines=True)
    assert {"id", "mentions", "directives", "title"} <= set(extractions.columns)
    zones = gpd.read_parquet(tmp_path / "out" / "zones.parquet")
    assert zones.crs.equals("OGC:CRS84") or zones.crs.to_epsg() == 4326
    assert {"article_id", "date", "role", "name", "block", "geometry"} <= set(zones.columns)
    assert set(zones.role) == {"affected", "destination"}
    assert zones.block.dropna().between(1, 3261).all()
    assert set(zones.article_id) <= set(ids)


def test_rerunning_skips_what_is_done_and_counts_duplicates(tmp_path):
    write_corpus(tmp_path / "c.jsonl", 30)
    run_batch(tmp_path / "c.jsonl", tmp_path / "out")
    with open(tmp_path / "c.jsonl", "a") as fh:  # the feed grew, and repeated an article
        fh.write(json.dumps({"id": "new", "text": "Residents of Rafah were told to leave."}) + "\n")
        fh.write(json.dumps({"id": "new", "text": "The same id again."}) + "\n")
    s = run_batch(tmp_path / "c.jsonl", tmp_path / "out")
    assert (s.extracted, s.skipped, s.duplicates) == (1, 30, 1)
    assert lines_by_id(tmp_path / "out")["new"] == 1


def test_an_empty_corpus_is_a_warning_not_a_failure(geonews_cli, tmp_path):
    (tmp_path / "empty").mkdir()
    run = geonews_cli("batch", "empty", "-o", "out")
    assert run.code == 0, run.err
    assert "no articles found" in run.err
    assert gpd.read_parquet(tmp_path / "out" / "zones.parquet").empty


def test_cli_errors_are_one_line(geonews_cli, tmp_path):
    assert_clean_error(geonews_cli("batch", "missing.jsonl"), "no such file")
    (tmp_path / "c.jsonl").write_text('{"id": "a", "text": "x"}\n')
    (tmp_path / "f").write_text("a file")
    assert_clean_error(geonews_cli("batch", "c.jsonl", "-o", "f"), "not a directory")


def test_cli_progress_is_line_oriented_without_a_terminal(geonews_cli, tmp_path):
    write_corpus(tmp_path / "c.jsonl", 20)
    run = geonews_cli("batch", "c.jsonl", "-o", "out", "--workers", "2")
    assert run.code == 0, run.err
    assert "20 extracted, 0 errors" in run.out
    assert "\r" not in run.err and "\x1b[" not in run.err


@pytest.mark.slow
def test_killed_again_and_again_then_finished_gives_exactly_one_line_each(tmp_path):
    ids = write_corpus(tmp_path / "c.jsonl", 8000, seed=3, bad_every=97)
    rng = random.Random(11)
    cmd = [sys.executable, "-m", "geonews", "batch", "c.jsonl", "-o", "out", "--workers", "2",
           "--batch-size", "16", "--no-zones", "-q"]
    kills = 0
    for _ in range(6):
        kills += start_and_kill(cmd, tmp_path, rng.uniform(0.7, 1.8))
        counts = lines_by_id(tmp_path / "out") if (tmp_path / "out").exists() else {}
        assert all(v == 1 for v in counts.values()), "a duplicate after a kill"
    assert kills >= 3
    final = subprocess.run(cmd, cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert final.returncode == 0, final.stderr
    assert lines_by_id(tmp_path / "out") == {i: 1 for i in ids}


@pytest.mark.slow
def test_a_real_dask_cluster_on_localhost_gives_the_same_result(tmp_path, geonews_cli):
    from distributed import LocalCluster

    ids = write_corpus(tmp_path / "c.jsonl", 200, bad_every=50)
    run_batch(tmp_path / "c.jsonl", tmp_path / "local", workers=1)
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=None) as cluster:
        assert cluster.scheduler_address.startswith("tcp://127.0.0.1:")
        run = geonews_cli("batch", "c.jsonl", "-o", "dask", "--scheduler",
                          cluster.scheduler_address, timeout=300)
    assert run.code == 0, run.err
    assert "on dask (2 workers)" in run.out
    assert lines_by_id(tmp_path / "dask") == {i: 1 for i in ids}

    def directives(out):
        rows = pd.read_json(out / "extractions.jsonl", lines=True)
        return dict(zip(rows.id, rows.directives.map(json.dumps)))

    assert directives(tmp_path / "dask") == directives(tmp_path / "local")


def test_an_unreachable_scheduler_is_a_clear_error(geonews_cli, tmp_path):
    write_corpus(tmp_path / "c.jsonl", 3)
    run = geonews_cli("batch", "c.jsonl", "--scheduler", "tcp://127.0.0.1:9", timeout=120)
    assert_clean_error(run, "--scheduler", "cannot connect")
