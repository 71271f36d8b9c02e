"""Where the extraction runs: in this process, in local worker processes, or on a Dask
cluster.  One interface — :meth:`Engine.run` maps :func:`extract_task` over tasks of
raw corpus lines (or files) and yields the results in task order, keeping only a
few tasks in flight, so memory stays flat however long the corpus.

The work per article is all in the worker: parsing the JSON line, the resume check,
the extraction and the result line, ready to write.  The process that reads the
corpus and writes the logs (on 2 cores, it shares a core with a worker) only cuts
lines and appends bytes.

Every worker loads the gazetteer and the name index once, before its first task.
"""

from __future__ import annotations

import os
import time
from abc import ABC, abstractmethod
from collections import deque
from collections.abc import Iterable, Iterator
from typing import NamedTuple

from .corpus import Task, articles_of, article_key
from .results import holds, result_line


class TaskResult(NamedTuple):
    """What a worker sends back for a task: the log lines, ready to append, and the
    keys of their ids in the same order (for the writer's duplicate check)."""

    extracted: bytes  # lines for extractions.jsonl
    failed: bytes  # lines for errors.jsonl
    extracted_keys: bytes  # uint64 article keys, one per line of ``extracted``
    failed_keys: bytes
    skipped: int  # done by an earlier run
    duplicates: int  # ids met twice within this task (first kept)
    # How the worker spent its time, for the run's figures (``RunStats``): CPU seconds
    # of the thread that ran the task, seconds it waited since its previous task ended
    # (sending that result, waiting for this task), its process id and when it ended
    # (``time.monotonic``, one clock for every process of a machine).
    cpu: float = 0.0
    waited: float = 0.0
    worker: int = 0
    ended: float = 0.0


_EXTRACTOR = None
#: When this worker process last finished a task (see ``TaskResult.waited``).
_LAST_END: float | None = None
#: A worker's copy of the keys done before the run (a sorted uint64 array), set by the
#: pool initialiser of local workers.
_SKIP = None


def _extractor():
    global _EXTRACTOR
    if _EXTRACTOR is None:
        from ..pipeline import Extractor

        _EXTRACTOR = Extractor()
        _EXTRACTOR.prepare_for_long_run()
    return _EXTRACTOR


def load_extractor() -> None:
    """Load this process's extractor now (what the first task would do otherwise)."""
    _extractor()


def _set_skip(skip) -> None:
    global _SKIP
    _SKIP = skip


def extract_task(task: Task, skip=None) -> TaskResult:
    """Parse and extract the articles of a task; skip those whose key ``skip`` (a sorted
    uint64 array; by default this worker's copy) holds; a failure of one article
    becomes its error line and never loses the others.

    Any exception of one article is caught here, in the worker: a bug that only some
    article triggers (a year-1 date, say) becomes that article's ``errors.jsonl`` line
    and the run goes on — and resumes past it, since the article is then done.  On Dask
    nothing escapes the task, so distributed prints no traceback either.
    """
    global _LAST_END
    started, cpu_start = time.monotonic(), time.thread_time()
    import numpy as np

    from ..text.readers import make_document
    from .corpus import BadArticle

    skip = _SKIP if skip is None else skip
    extractor = _extractor()
    ok: list[bytes] = []
    bad: list[bytes] = []
    ok_keys: list[int] = []
    bad_keys: list[int] = []
    seen: set[int] = set()
    skipped = duplicates = 0
    for item in articles_of(task):
        key = article_key(item.id)
        if skip is not None and len(skip) and holds(skip, key):
            skipped += 1
            continue
        if key in seen:
            duplicates += 1
            continue
        seen.add(key)
        if isinstance(item, BadArticle):
            bad.append(result_line(item.id, {"reason": item.reason, "source": item.source}))
            bad_keys.append(key)
            continue
        try:
            doc = make_document(item.text, id=item.id, title=item.title, date=item.date,
                                url=item.url, source=item.source)
            ok.append(result_line(item.id, extractor.extract_document(doc).to_dict()))
            ok_keys.append(key)
        except Exception as exc:  # noqa: BLE001 - one article's bug must not stop the corpus
            bad.append(result_line(item.id, {"reason": failure_reason(exc),
                                             "source": item.source}))
            bad_keys.append(key)
    waited = started - _LAST_END if _LAST_END is not None else 0.0
    _LAST_END = time.monotonic()
    return TaskResult(b"".join(ok), b"".join(bad), np.array(ok_keys, np.uint64).tobytes(),
                      np.array(bad_keys, np.uint64).tobytes(), skipped, duplicates,
                      time.thread_time() - cpu_start, waited, os.getpid(), _LAST_END)


def failure_reason(exc: BaseException) -> str:
    """Why an article failed, on one line: the exception's type and message.

    >>> failure_reason(OverflowError("date value\\n out of range"))
    'OverflowError: date value out of range'
    """
    message = " ".join(str(exc).split())[:300]
    return f"{type(exc).__name__}: {message}" if message else type(exc).__name__


class Engine(ABC):
    """Runs :func:`extract_task` over tasks; yields each task's result, in task order
    (so that of two articles with one id, the first in the corpus is kept)."""

    name = "engine"
    workers = 1

    @abstractmethod
    def run(self, tasks: Iterable[Task], skip) -> Iterator[TaskResult]:
        """Each task's result, in order; ``skip`` is the sorted uint64 array of the keys
        done before the run (each worker gets one copy)."""

    def close(self) -> None:
        """Release workers and connections (nothing to release in-process)."""

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class InProcessEngine(Engine):
    """This process, one core: no start-up, no copying — the best a single process does
    (the benchmark's one-worker baseline)."""

    name = "in-process"

    def run(self, tasks, skip):
        _extractor()  # before the first task is read: start-up, as for the other engines
        for task in tasks:
            yield extract_task(task, skip)


class ProcessEngine(Engine):
    """``workers`` local processes (``concurrent.futures``), forked when the run starts,
    once this process has loaded the extractor: the workers share its gazetteer and
    name index copy-on-write (frozen out of the garbage collector's sight, so its
    passes do not copy them), and none of them spends a second building its own — on
    2 cores that start-up was CPU taken from the other worker.  The resume keys reach
    them by the fork too, not by pickling.  ``2 × workers + 2`` tasks in flight: one
    running and one queued per worker, one being written, and as many again so that
    a worker that got quicker tasks goes on while the parent waits for an older result
    (results are taken in corpus order); a few MB of results held."""

    name = "processes"

    def __init__(self, workers: int):
        self.workers = workers
        self._pool = None

    def run(self, tasks, skip):
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        self.close()  # a second run of this engine gets workers with its own keys
        _extractor()
        self._pool = ProcessPoolExecutor(max_workers=self.workers,
                                         mp_context=multiprocessing.get_context("fork"),
                                         initializer=_set_skip, initargs=(skip,))
        window: deque = deque()
        for task in tasks:
            window.append(self._pool.submit(extract_task, task))
            if len(window) >= 2 * self.workers + 2:
                yield window.popleft().result()
        while window:
            yield window.popleft().result()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


#: Dask settings of the LocalCluster ``--engine dask`` starts (workers of a cluster given
#: by ``--scheduler`` keep their own; see the README for the same as environment).
LOCAL_CLUSTER_CONFIG = {"distributed.worker.profile.enabled": False,
                        "distributed.admin.tick.interval": "500ms",
                        # The system monitor feeds a dashboard this cluster does not
                        # have, and a memory check each second is enough for a run
                        # whose memory is flat.  With Dask's defaults an idle cluster
                        # of 2 workers took 25 ms/s of CPU in this process and 10 ms/s
                        # in each worker; with these, 8.5 and 3 (work stealing, which
                        # evens out the workers' queues, costs nothing measurable).
                        "distributed.admin.system-monitor.interval": "5s",
                        "distributed.worker.memory.monitor-interval": "1s"}


class DaskEngine(Engine):
    """A Dask distributed cluster: an existing scheduler (``tcp://host:port``) or, without
    one, a ``LocalCluster`` of ``workers`` single-threaded processes.  Futures over
    tasks of raw lines, ``2 × workers + 1`` in flight; the resume keys are scattered to
    every worker once; results come back to this process in order, which alone writes
    the logs (so resume works exactly as locally)."""

    name = "dask"

    def __init__(self, scheduler: str | None = None, workers: int = 2):
        try:
            from distributed import Client, LocalCluster
        except ImportError:  # pragma: no cover - dask is a dependency
            from ..errors import GeonewsError

            raise GeonewsError("the dask engine needs the 'distributed' package") from None
        self._cluster = None
        if scheduler:
            from ..errors import GeonewsError

            try:
                self._client = Client(scheduler, timeout="10s")
            except (OSError, TimeoutError) as exc:
                raise GeonewsError(f"--scheduler {scheduler}: cannot connect ({exc})") from None
        else:
            import dask

            # The workers inherit this config.  Their statistical profiler walks the
            # task's stack every 10 ms and the event-loop tick wakes every 20 ms: both
            # take the GIL from the extraction, on cores this run wants whole.
            with dask.config.set(LOCAL_CLUSTER_CONFIG):
                self._cluster = LocalCluster(n_workers=workers, threads_per_worker=1,
                                             processes=True, host="127.0.0.1",
                                             dashboard_address=None)
            self._client = Client(self._cluster)
        self.workers = max(1, len(self._client.scheduler_info().get("workers", {})) or workers)

    def run(self, tasks, skip):
        self._load_extractors()
        # An empty array scatters too: every task then names the same small object.
        shared = self._client.scatter(skip, broadcast=True, hash=False)
        window: deque = deque()
        try:
            for task in tasks:
                window.append(self._client.submit(extract_task, task, shared, pure=False))
                if len(window) >= 2 * self.workers + 1:
                    yield _take(window.popleft())
            while window:
                yield _take(window.popleft())
        finally:
            for future in window:
                future.cancel()
            shared.release()

    def _load_extractors(self) -> None:
        """Every worker loads the gazetteer and the name index once, all at the same
        time, before the first task (in a task, not by ``Client.run``, which would hold
        the worker's event loop for the seconds it takes).  A worker that already has
        them (a cluster reused from an earlier run) returns at once."""
        from distributed import wait

        futures = [self._client.submit(load_extractor, workers=[address], pure=False,
                                       allow_other_workers=False)
                   for address in self._client.scheduler_info().get("workers", {})]
        wait(futures)
        for future in futures:
            future.release()

    def close(self) -> None:
        self._client.close()
        if self._cluster is not None:
            self._cluster.close()


def _take(future) -> TaskResult:
    """A finished future's result; the cluster forgets it at once (memory stays flat)."""
    result = future.result()
    future.release()
    return result


def make_engine(engine: str = "local", *, workers: int = 1,
                scheduler: str | None = None) -> Engine:
    """``local`` (this process for one worker, processes for more) or ``dask``."""
    from ..errors import GeonewsError

    if workers < 1:
        raise GeonewsError("--workers must be at least 1")
    if scheduler or engine == "dask":
        return DaskEngine(scheduler, workers=max(workers, 1))
    if engine != "local":
        raise GeonewsError(f"unknown engine {engine!r} (local or dask)")
    return InProcessEngine() if workers == 1 else ProcessEngine(workers)
