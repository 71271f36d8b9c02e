"""Corpora are streamed article by article; bad items are reported, never fatal."""

import gzip
import json

import pytest

from geonews.batch.corpus import (MAX_ARTICLE_BYTES, Article, BadArticle, count_corpus,
                                  count_lines, iter_corpus)
from geonews.errors import InputError


def test_jsonl_gz_lines_become_articles_with_their_ids(tmp_path):
    with gzip.open(tmp_path / "c.jsonl.gz", "wt", encoding="utf-8") as fh:
        fh.write(json.dumps({"id": "x1", "text": "Leave Rafah now.", "date": "2025-05-01"}) + "\n")
        fh.write("\n")
        fh.write(json.dumps({"text": "No id here."}) + "\n")
    items = list(iter_corpus(tmp_path / "c.jsonl.gz"))
    assert [i.id for i in items] == ["x1", "c.jsonl:3"]
    assert items[0].date == "2025-05-01" and isinstance(items[1], Article)


def test_bad_lines_are_bad_articles_with_a_reason(tmp_path):
    lines = [b'{"id": "ok", "text": "Fine."}', b"not json", b'{"id": "e", "text": ""}',
             b'{"id": "n", "text": 5}', b"[1, 2]", b'{"id": "u", "text": "\xff\xfe"}',
             b"[" * 100_000]
    (tmp_path / "c.jsonl").write_bytes(b"\n".join(lines) + b"\n")
    items = list(iter_corpus(tmp_path / "c.jsonl"))
    bad = {i.id: i.reason for i in items if isinstance(i, BadArticle)}
    assert [i.id for i in items if isinstance(i, Article)] == ["ok"]
    assert bad["c.jsonl:2"].startswith("not valid JSON")
    assert bad["e"] == "empty text" and bad["n"] == 'no "text" string field'
    assert bad["c.jsonl:5"] == "not a JSON object"
    assert bad["c.jsonl:6"] == "not UTF-8"
    assert "c.jsonl:7" in bad  # 100,000 nested brackets: refused, not a crash


def test_an_overlong_line_is_skipped_without_reading_it_whole(tmp_path):
    with open(tmp_path / "c.jsonl", "wb") as fh:
        fh.write(b'{"id": "big", "text": "' + b"a" * (MAX_ARTICLE_BYTES + 10) + b'"}\n')
        fh.write(b'{"id": "after", "text": "Still read."}\n')
    items = list(iter_corpus(tmp_path / "c.jsonl"))
    assert isinstance(items[0], BadArticle) and "longer than" in items[0].reason
    assert items[1].id == "after"


def test_a_truncated_gzip_ends_with_an_error_item(tmp_path):
    data = gzip.compress(b"".join(json.dumps({"id": f"a{i}", "text": "x " * 50}).encode() + b"\n"
                                  for i in range(200)))
    (tmp_path / "cut.jsonl.gz").write_bytes(data[: len(data) // 2])
    items = list(iter_corpus(tmp_path / "cut.jsonl.gz"))
    assert isinstance(items[-1], BadArticle) and "truncated" in items[-1].reason
    assert all(isinstance(i, Article) for i in items[:-1]) and len(items) > 1


def test_a_directory_of_mixed_files_in_sorted_order(tmp_path):
    (tmp_path / "b.txt").write_text("Residents of Abasan were told to leave.")
    (tmp_path / "a.html").write_text("<html><body><article><p>" + "Residents of Rafah were "
                                     "told to leave for al-Mawasi. " * 5 +
                                     "</p></article></body></html>")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "c.txt").write_bytes("Sfax".encode("utf-16"))
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "junk.txt").write_bytes(b"\x00\x01\x02" * 1000)
    (tmp_path / ".hidden.txt").write_text("skip me")
    items = list(iter_corpus(tmp_path))
    assert [i.id for i in items] == ["a.html", "b.txt", "empty.txt", "junk.txt", "sub/c.txt"]
    kinds = {i.id: type(i).__name__ for i in items}
    assert kinds == {"a.html": "Article", "b.txt": "Article", "empty.txt": "BadArticle",
                     "junk.txt": "BadArticle", "sub/c.txt": "Article"}
    assert count_corpus(tmp_path) == 5


def test_a_missing_corpus_is_a_user_error(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        list(iter_corpus(tmp_path / "nope"))


def test_a_gzip_bomb_is_stopped_early_and_reported(tmp_path, monkeypatch):
    import geonews.batch.corpus as corpus

    monkeypatch.setattr(corpus, "BOMB_FLOOR", 1 << 20)
    first = json.dumps({"id": "real", "text": "Residents of Rafah were told to leave."}) + "\n"
    with gzip.open(tmp_path / "bomb.jsonl.gz", "wb") as fh:
        fh.write(first.encode())
        for _ in range(64):  # 64 MB of blank lines, ~64 kB compressed
            fh.write(b"\n" * (1 << 20))
    assert (tmp_path / "bomb.jsonl.gz").stat().st_size < 200_000
    items = list(iter_corpus(tmp_path / "bomb.jsonl.gz"))
    assert items[0].id == "real"
    assert isinstance(items[-1], BadArticle) and "zip bomb" in items[-1].reason


def test_a_gzipped_corpus_is_counted_while_the_run_goes_on(tmp_path):
    from geonews.batch.run import BatchSummary, _count_while_running

    lines = [json.dumps({"id": f"a{i}", "text": "Leave Rafah."}) for i in range(1234)]
    (tmp_path / "c.jsonl.gz").write_bytes(gzip.compress("\n".join(lines).encode()))
    assert count_corpus(tmp_path / "c.jsonl.gz") is None  # not cheap: not counted up front
    summary = BatchSummary()
    _count_while_running(tmp_path / "c.jsonl.gz", summary).join(timeout=60)
    assert summary.total == 1234  # the last line has no newline and still counts
    assert count_lines(tmp_path / "c.jsonl.gz") == 1234


def test_counting_a_gzip_bomb_stops_early(tmp_path, monkeypatch):
    import geonews.batch.corpus as corpus

    monkeypatch.setattr(corpus, "BOMB_FLOOR", 1 << 20)
    (tmp_path / "bomb.jsonl.gz").write_bytes(gzip.compress(b"\n" * (64 << 20)))
    with pytest.raises(corpus.ZipBombError):
        count_lines(tmp_path / "bomb.jsonl.gz")
