"""``geonews batch`` under faults: an article that breaks the pipeline, two runs on one
output directory, lone surrogates, colliding file names, a corpus that is its own
output, and the temporary files of a killed run."""

from __future__ import annotations

import gzip
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from geonews.batch import engines, run_batch
from geonews.batch.corpus import Article, iter_corpus
from geonews.batch.results import result_line
from tests.batch.test_run import lines_by_id, write_corpus
from tests.conftest import assert_clean_error

REPO = Path(__file__).resolve().parents[2]
RAFAH = "On 3 May 2025 the army ordered residents of Rafah to evacuate to Khan Younis."
#: 0001-01-01 is a Monday: "on Sunday" asks for 31 December of year 0, which no date holds.
YEAR_ONE = {"id": "year-one", "date": "0001-01-01",
            "text": "On Sunday the army ordered residents of Rafah to evacuate to Khan Younis."}


def _env() -> dict:
    return {**os.environ, "PYTHONPATH": f"{REPO}{os.pathsep}{os.environ.get('PYTHONPATH', '')}"}


def _write_jsonl(path: Path, records: list[dict]) -> None:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")


def _errors(out: Path) -> dict[str, str]:
    p = out / "errors.jsonl"
    if not p.exists():
        return {}
    return {r["id"]: r["reason"] for r in map(json.loads, p.read_text("utf-8").splitlines())}


class _FaultyExtractor:
    """The real extractor, except that an article with BOOM in its text hits a bug."""

    def __init__(self, real):
        self._real = real

    def extract_document(self, doc):
        if "BOOM" in doc.text:
            raise KeyError("a bug deep in the pipeline")
        return self._real.extract_document(doc)


def _install_fault() -> None:
    """Make this process's (or this Dask worker's) extractor faulty."""
    engines._EXTRACTOR = _FaultyExtractor(engines._extractor())


def _faulty_corpus(path: Path) -> None:
    _write_jsonl(path, [{"id": "before", "text": RAFAH},
                        {"id": "bug", "text": "BOOM. Residents of Abasan were told to leave."},
                        {"id": "after", "text": RAFAH.replace("Rafah", "Jabalia")}])


# An article that raises something unexpected ---------------------------------------------

@pytest.mark.parametrize("workers", [1, 2])
def test_an_article_that_hits_a_bug_is_an_error_line_and_the_run_goes_on(
        tmp_path, monkeypatch, workers):
    _faulty_corpus(tmp_path / "c.jsonl")
    monkeypatch.setattr(engines, "_EXTRACTOR", _FaultyExtractor(engines._extractor()))
    s = run_batch(tmp_path / "c.jsonl", tmp_path / "out", workers=workers, batch_size=1)
    assert (s.extracted, s.errors) == (2, 1)
    assert lines_by_id(tmp_path / "out") == {"before": 1, "bug": 1, "after": 1}
    assert _errors(tmp_path / "out") == {"bug": "KeyError: 'a bug deep in the pipeline'"}
    again = run_batch(tmp_path / "c.jsonl", tmp_path / "out", workers=workers)
    assert (again.extracted, again.errors, again.skipped) == (0, 0, 3)  # resume moves past it


def test_an_article_that_hits_a_bug_on_dask_is_an_error_line_without_traceback(
        tmp_path, capfd):
    _faulty_corpus(tmp_path / "c.jsonl")
    engine = engines.DaskEngine(workers=1)
    try:
        engine._client.run(_install_fault)
        s = run_batch(tmp_path / "c.jsonl", tmp_path / "out", engine=engine, batch_size=1)
    finally:
        engine.close()
    assert (s.extracted, s.errors) == (2, 1)
    assert _errors(tmp_path / "out") == {"bug": "KeyError: 'a bug deep in the pipeline'"}
    err = capfd.readouterr().err
    assert "Traceback" not in err and "KeyError" not in err, err


def test_an_article_dated_year_one_does_not_stop_the_run(geonews_cli, tmp_path):
    _write_jsonl(tmp_path / "c.jsonl", [YEAR_ONE, {"id": "next", "text": RAFAH}])
    for _ in range(2):  # and the rerun does not stop at the same article either
        run = geonews_cli("batch", "c.jsonl", "-o", "out")
        assert run.code == 0, run.err
        assert "Traceback" not in run.err
    assert lines_by_id(tmp_path / "out") == {"year-one": 1, "next": 1}
    reason = _errors(tmp_path / "out").get("year-one")
    assert reason is None or reason.startswith("OverflowError: ")  # extracted once fixed


@pytest.mark.slow
def test_an_article_dated_year_one_on_dask_prints_no_traceback(geonews_cli, tmp_path):
    _write_jsonl(tmp_path / "c.jsonl", [YEAR_ONE, {"id": "next", "text": RAFAH}])
    run = geonews_cli("batch", "c.jsonl", "-o", "out", "--engine", "dask", "--workers", "1",
                      timeout=300)
    assert run.code == 0, run.err
    assert "Traceback" not in run.err and "OverflowError" not in run.err, run.err
    assert lines_by_id(tmp_path / "out") == {"year-one": 1, "next": 1}


# Two runs on one output directory -----------------------------------------------------------

def _start_batch(cwd: Path, *args: str) -> subprocess.Popen:
    cmd = [sys.executable, "-m", "geonews", "batch", "c.jsonl", "-o", "out", "-q", *args]
    return subprocess.Popen(cmd, cwd=cwd, env=_env(), start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _wait_for_first_lines(proc: subprocess.Popen, out: Path, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    log = out / "extractions.jsonl"
    while not (log.exists() and log.stat().st_size > 0):
        assert proc.poll() is None, "the first run ended before writing"
        assert time.monotonic() < deadline, "the first run wrote nothing"
        time.sleep(0.02)


def test_a_second_run_on_the_same_output_refuses_while_the_first_writes(
        geonews_cli, tmp_path):
    ids = write_corpus(tmp_path / "c.jsonl", 3000)
    first = _start_batch(tmp_path, "--no-zones", "--batch-size", "16")
    try:
        _wait_for_first_lines(first, tmp_path / "out")
        os.killpg(first.pid, signal.SIGSTOP)  # it holds the directory, it cannot finish
        second = geonews_cli("batch", "c.jsonl", "-o", "out")
        assert_clean_error(second, "another geonews batch", "out")
    finally:
        os.killpg(first.pid, signal.SIGCONT)
    assert first.wait(timeout=300) == 0, first.stderr.read()
    assert lines_by_id(tmp_path / "out") == {i: 1 for i in ids}
    assert sorted(os.listdir(tmp_path / "out")) == ["errors.jsonl", "extractions.jsonl"]


def test_the_lock_of_a_killed_run_does_not_block_the_next(geonews_cli, tmp_path):
    ids = write_corpus(tmp_path / "c.jsonl", 3000)
    first = _start_batch(tmp_path, "--no-zones", "--batch-size", "16")
    _wait_for_first_lines(first, tmp_path / "out")
    os.killpg(first.pid, signal.SIGKILL)
    first.wait()
    run = geonews_cli("batch", "c.jsonl", "-o", "out", "--no-zones", timeout=300)
    assert run.code == 0, run.err
    assert lines_by_id(tmp_path / "out") == {i: 1 for i in ids}
    assert sorted(os.listdir(tmp_path / "out")) == ["errors.jsonl", "extractions.jsonl"]


# Lone surrogates --------------------------------------------------------------------------

#: A lone high surrogate (as JSON writes it), next to Arabic and an emoji written as a pair.
SURROGATE_LINE = ('{"id": "s\\ud800", "title": "Rafah \\ud800 \\u0631\\u0641\\u062d", '
                  '"text": "On 3 May 2025 the army ordered residents of Rafah \\udfff to evacuate '
                  'to Khan Younis \\ud83d\\ude00."}\n')


def test_a_lone_surrogate_is_replaced_and_every_other_character_kept(tmp_path):
    (tmp_path / "c.jsonl").write_text(SURROGATE_LINE, encoding="ascii")
    (article,) = iter_corpus(tmp_path / "c.jsonl")
    assert isinstance(article, Article)
    assert article.id == "s\ufffd"
    assert article.title == "Rafah \ufffd رفح"
    assert "Rafah \ufffd to evacuate" in article.text and "Khan Younis 😀." in article.text


def test_a_result_line_is_valid_utf8_whatever_it_is_given():
    line = result_line("a\ud800", {"reason": "bad \udc80 byte", "ok": "😀"})
    assert json.loads(line.decode("utf-8")) == {"id": "a\ufffd", "reason": "bad \ufffd byte",
                                                "ok": "😀"}


def test_results_with_lone_surrogates_rerun_map_and_overlay(geonews_cli, tmp_path):
    (tmp_path / "c.jsonl").write_text(SURROGATE_LINE, encoding="ascii")
    (tmp_path / "dir").mkdir()
    (tmp_path / "dir" / "a.json").write_text(SURROGATE_LINE, encoding="ascii")
    for corpus, out in (("c.jsonl", "out"), ("dir", "out-dir")):
        run = geonews_cli("batch", corpus, "-o", out)
        assert run.code == 0, run.err
        assert "1 extracted, 0 errors" in run.out
        for name in ("extractions.jsonl", "errors.jsonl"):
            (tmp_path / out / name).read_bytes().decode("utf-8")  # strict: valid UTF-8
        rerun = geonews_cli("batch", corpus, "-o", out)
        assert rerun.code == 0 and "1 already done" in rerun.out, rerun.err
    record = json.loads((tmp_path / "out" / "extractions.jsonl").read_text("utf-8"))
    assert record["id"] == "s\ufffd" and "😀" in json.dumps(record, ensure_ascii=False)
    mapped = geonews_cli("map", "out/extractions.jsonl", "--cumulative", "-o", "all.html")
    assert mapped.code == 0, mapped.err
    overlaid = geonews_cli("overlay", "union", "out/zones.parquet", "-o", "u.gpkg")
    assert overlaid.code == 0, overlaid.err
    timeline = geonews_cli("overlay", "timeline", "out/zones.parquet", "--map", "days.html")
    assert timeline.code == 0, timeline.err


def test_a_log_an_older_geonews_wrote_with_surrogates_still_builds_its_zones(tmp_path):
    _write_jsonl(tmp_path / "c.jsonl", [{"id": "a", "title": "Orders", "text": RAFAH}])
    run_batch(tmp_path / "c.jsonl", tmp_path / "out")
    log = tmp_path / "out" / "extractions.jsonl"
    log.write_bytes(log.read_bytes().replace(b'"Orders"', '"Orders \ud800"'.encode(
        "utf-8", "surrogatepass")))  # what result_line used to write
    s = run_batch(tmp_path / "c.jsonl", tmp_path / "out")
    assert (s.skipped, s.zones) == (1, 2)
    import geopandas as gpd

    assert set(gpd.read_parquet(tmp_path / "out" / "zones.parquet").title) == {"Orders \ufffd"}


def test_file_names_that_are_not_utf8_stay_distinct_ids_in_valid_utf8(tmp_path):
    d = tmp_path / "articles"
    d.mkdir()
    for raw in (b"\xff.txt", b"\xfe.txt"):
        with open(os.path.join(os.fsencode(d), raw), "w") as fh:
            fh.write(RAFAH)
    s = run_batch(d, tmp_path / "out", zones=False)
    assert (s.extracted, s.duplicates) == (2, 0)
    text = (tmp_path / "out" / "extractions.jsonl").read_bytes().decode("utf-8")
    assert sorted(json.loads(line)["id"] for line in text.splitlines()) == [
        "\\xfe.txt", "\\xff.txt"]


# Article files of one directory with the same stem ---------------------------------------

def test_files_that_differ_only_in_extension_keep_distinct_ids(tmp_path):
    d = tmp_path / "articles"
    d.mkdir()
    (d / "a.txt").write_text(RAFAH)
    (d / "a.html").write_text(f"<html><body><article><p>{RAFAH * 3}</p></article></body></html>")
    (d / "a.json").write_text(json.dumps({"text": RAFAH}))
    (d / "a.txt.gz").write_bytes(gzip.compress(RAFAH.encode()))
    (d / "b.jsonl").write_text(json.dumps({"text": RAFAH}) + "\n")
    (d / "b.jsonl.gz").write_bytes(gzip.compress(json.dumps({"text": RAFAH}).encode() + b"\n"))
    ids = [i.id for i in iter_corpus(d)]
    assert ids == ["a.html", "a.json", "a.txt", "a.txt.gz", "b.jsonl:1", "b.jsonl.gz:1"]
    s = run_batch(d, tmp_path / "out", zones=False)
    assert (s.extracted, s.errors, s.duplicates) == (6, 0, 0)
    assert lines_by_id(tmp_path / "out") == {i: 1 for i in ids}


# A corpus that is (or holds) the output --------------------------------------------------

def test_the_output_log_as_corpus_is_refused(geonews_cli, tmp_path):
    _write_jsonl(tmp_path / "c.jsonl", [{"id": "a", "text": RAFAH}])
    assert geonews_cli("batch", "c.jsonl", "-o", "out", "--no-zones").code == 0
    before = (tmp_path / "out" / "extractions.jsonl").read_bytes()
    for name in ("extractions.jsonl", "errors.jsonl"):
        assert_clean_error(geonews_cli("batch", f"out/{name}", "-o", "out"),
                           "is an output of this run")
        assert_clean_error(geonews_cli("batch", f"./out/../out/{name}", "-o", "./out/"),
                           "is an output of this run")
    assert (tmp_path / "out" / "extractions.jsonl").read_bytes() == before


def test_a_corpus_directory_holding_the_output_is_refused(geonews_cli, tmp_path):
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "a.txt").write_text(RAFAH)
    for out in ("articles", "articles/results", "articles/.hidden/results"):
        assert_clean_error(geonews_cli("batch", "articles", "-o", out), "output")
    assert sorted(p.name for p in (tmp_path / "articles").iterdir()) == ["a.txt"]


# Temporary files of a killed run ---------------------------------------------------------

def test_a_run_removes_the_temporary_files_a_killed_run_left(tmp_path):
    _write_jsonl(tmp_path / "c.jsonl", [{"id": "a", "text": RAFAH}])
    out = tmp_path / "out"
    out.mkdir()
    stale = [out / ".zones.parquet.k1ll3d00.tmp", out / ".zones.parquet.x_y-z123.tmp"]
    for p in stale:
        p.write_bytes(b"PAR1 half a table")
    unrelated = [out / "notes.tmp", out / ".zones.parquet.keep", out / "zones.parquet.tmp"]
    for p in unrelated:
        p.write_text("mine")
    run_batch(tmp_path / "c.jsonl", out)
    assert not any(p.exists() for p in stale)
    assert all(p.exists() for p in unrelated)
    assert (out / "zones.parquet").exists()
