"""How a run cuts its work into tasks and what it reports about them: the last tasks are
cut small so that the workers finish together, which changes no result; the run's
figures (``BatchSummary.stats``) count what really went to and from the workers."""

from __future__ import annotations

from geonews.batch import run_batch
from geonews.batch.corpus import LinesTask, iter_corpus, iter_tasks, split_task, task_size
from geonews.batch.run import finishing_together
from tests.batch.test_run import write_corpus


def _sizes(tasks) -> list[int]:
    return [task_size(t)[0] for t in tasks]


def test_only_the_last_tasks_are_cut_and_no_line_is_lost_or_moved(tmp_path):
    write_corpus(tmp_path / "c.jsonl", 1000)
    whole = list(iter_tasks(tmp_path / "c.jsonl", batch=64))
    cut = list(finishing_together(iter(whole), 2, 64))
    sizes = _sizes(cut)
    assert sizes[:len(whole) - 2] == _sizes(whole)[:-2]  # 64 each, as they came
    assert max(sizes[len(whole) - 2:]) == 8 and sum(sizes) == 1000
    numbers = [n for t in cut for n in t.numbers]
    assert numbers == list(range(1, 1001))


def test_one_worker_gets_the_tasks_as_they_are(tmp_path):
    write_corpus(tmp_path / "c.jsonl", 300)
    whole = list(iter_tasks(tmp_path / "c.jsonl", batch=64))
    assert _sizes(finishing_together(iter(whole), 1, 64)) == _sizes(whole)


def test_a_split_task_reads_as_the_whole(tmp_path):
    write_corpus(tmp_path / "c.jsonl", 50, bad_every=7)
    (task,) = iter_tasks(tmp_path / "c.jsonl", batch=64)
    assert isinstance(task, LinesTask)
    from geonews.batch.corpus import articles_of

    pieces = [a for piece in split_task(task, 6) for a in articles_of(piece)]
    assert pieces == list(iter_corpus(tmp_path / "c.jsonl"))


def test_two_workers_with_cut_tasks_write_what_one_worker_writes(tmp_path):
    write_corpus(tmp_path / "c.jsonl", 90, bad_every=31)
    one = run_batch(tmp_path / "c.jsonl", tmp_path / "one", zones=False, batch_size=16)
    two = run_batch(tmp_path / "c.jsonl", tmp_path / "two", workers=2, zones=False,
                    batch_size=16)
    assert (one.extracted, one.errors) == (two.extracted, two.errors) == (88, 2)
    for name in ("extractions.jsonl", "errors.jsonl"):
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes()
    # 90 lines in tasks of 16: the first 4 whole, the last two (16 and 10 lines) in
    # pieces of 2 (the run reads 2 tasks ahead to know which are the last).
    assert two.stats.tasks == 4 + 8 + 5
    assert one.stats.tasks == 6


def test_the_run_counts_the_bytes_each_way_and_the_workers_time(tmp_path):
    write_corpus(tmp_path / "c.jsonl", 40)
    s = run_batch(tmp_path / "c.jsonl", tmp_path / "out", workers=2, zones=False,
                  batch_size=8)
    out = tmp_path / "out"
    written = sum((out / n).stat().st_size for n in ("extractions.jsonl", "errors.jsonl"))
    corpus_lines = sum(len(line.rstrip(b"\n"))
                       for line in (tmp_path / "c.jsonl").read_bytes().splitlines(True))
    st = s.stats
    assert st.sent_bytes == corpus_lines
    assert st.received_bytes == written + 8 * 40  # the lines and a uint64 key each
    assert st.task_cpu > 0 and st.parent_cpu >= st.startup_cpu > 0
    assert st.waited >= 0 and st.tail >= 0


def test_the_reading_and_writing_process_stays_out_of_the_workers_way(tmp_path):
    """On 2 cores the process that reads and writes shares a core with a worker: after
    its start-up (loading the extractor the workers inherit) it may take a small share
    of what the workers spend, or 2 workers cannot be twice one.  CPU time, not wall:
    waiting for a core on a busy machine counts in neither.  (It takes ~1 % at 20k
    articles; the 10 % allowed here covers the fork and the pool's start and end,
    which weigh more on 600 articles.)"""
    write_corpus(tmp_path / "c.jsonl", 600)
    s = run_batch(tmp_path / "c.jsonl", tmp_path / "out", workers=2, zones=False)
    st = s.stats
    assert s.extracted == 600 and st.task_cpu > 0
    assert st.parent_cpu - st.startup_cpu < 0.1 * st.task_cpu, st
