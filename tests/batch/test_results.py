"""Result logs: whole lines only; a torn tail is cut off and the ids read back."""

from geonews.batch.corpus import article_key
from geonews.batch.results import ResultLog, iter_results, line_id, result_line


def test_lines_start_with_the_id_and_end_with_a_newline():
    line = result_line("ä/1", {"id": "ignored", "x": [1]})
    assert line == '{"id":"ä/1","x":[1]}\n'.encode()
    assert line_id(line) == "ä/1"


def test_reopening_reads_back_the_ids_and_cuts_a_torn_line(tmp_path):
    path = tmp_path / "r.jsonl"
    with ResultLog(path) as log:
        assert len(log.open()) == 0
        log.append(result_line("a", {"v": 1}))
        log.append(result_line("b", {"v": 2}))
    with open(path, "ab") as fh:
        fh.write(result_line("c", {"v": 3})[:7])  # killed mid-write
    log = ResultLog(path)
    keys = log.open()
    assert len(keys) == 2 and article_key("a") in keys and article_key("b") in keys
    assert log.repaired_bytes == 7
    log.append(result_line("c", {"v": 3}))
    log.close()
    assert [r["id"] for r in iter_results(path)] == ["a", "b", "c"]
    assert path.read_bytes().count(b"\n") == 3


def test_a_file_that_is_only_a_torn_line_is_emptied(tmp_path):
    path = tmp_path / "r.jsonl"
    path.write_bytes(b'{"id":"a","v":')
    log = ResultLog(path)
    assert len(log.open()) == 0
    log.close()
    assert path.read_bytes() == b""
