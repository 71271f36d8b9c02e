"""Where the extraction runs: in this process, in local worker processes, or on a Dask
cluster.  One interface — :meth:`Engine.run` maps :func:`extract_batch` over batches
of articles and yields the results as they complete, keeping only a bounded number
of batches in flight, so memory stays flat however long the corpus.

Every worker loads the gazetteer and the name index once, on its first batch.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator

from .results import result_line

#: One result: (article id, ok, the log line).
Result = tuple[str, bool, bytes]

_EXTRACTOR = None


def _extractor():
    global _EXTRACTOR
    if _EXTRACTOR is None:
        from ..pipeline import Extractor

        _EXTRACTOR = Extractor()
        _EXTRACTOR.prepare_for_long_run()
    return _EXTRACTOR


def extract_batch(records: list[dict]) -> list[Result]:
    """Extract a batch of article records (``Article.to_record()``); a failure of one
    article becomes its error line and never loses the others.

    Any exception of one article is caught here, in the worker: a bug that only some
    article triggers (a year-1 date, say) becomes that article's ``errors.jsonl`` line
    and the run goes on — and resumes past it, since the article is then done.  On Dask
    nothing escapes the task, so distributed prints no traceback either.
    """
    from ..text.readers import make_document

    extractor = _extractor()
    out: list[Result] = []
    for r in records:
        try:
            doc = make_document(r["text"], id=r["id"], title=r.get("title"), date=r.get("date"),
                                url=r.get("url"), source=r.get("source"))
            payload = extractor.extract_document(doc).to_dict()
            out.append((r["id"], True, result_line(r["id"], payload)))
        except Exception as exc:  # noqa: BLE001 - one article's bug must not stop the corpus
            out.append((r["id"], False, result_line(r["id"], {
                "reason": failure_reason(exc), "source": r.get("source")})))
    return out


def failure_reason(exc: BaseException) -> str:
    """Why an article failed, on one line: the exception's type and message.

    >>> failure_reason(OverflowError("date value\\n out of range"))
    'OverflowError: date value out of range'
    """
    message = " ".join(str(exc).split())[:300]
    return f"{type(exc).__name__}: {message}" if message else type(exc).__name__


class Engine(ABC):
    """Runs :func:`extract_batch` over batches; yields each batch's results when done."""

    name = "engine"
    workers = 1

    @abstractmethod
    def run(self, batches: Iterable[list[dict]]) -> Iterator[list[Result]]:
        """Each batch's results, as batches complete (in any order)."""

    def close(self) -> None:
        """Release workers and connections (nothing to release in-process)."""

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()


class InProcessEngine(Engine):
    """This process, one core: no start-up, no copying."""

    name = "in-process"

    def run(self, batches):
        for batch in batches:
            yield extract_batch(batch)


class ProcessEngine(Engine):
    """``workers`` local processes (``concurrent.futures``), forked after the parent has
    loaded nothing heavy; at most ``4 × workers`` batches in flight."""

    name = "processes"

    def __init__(self, workers: int):
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        self.workers = workers
        self._pool = ProcessPoolExecutor(max_workers=workers,
                                         mp_context=multiprocessing.get_context("fork"))

    def run(self, batches):
        from concurrent.futures import FIRST_COMPLETED, wait

        pending = set()
        for batch in batches:
            pending.add(self._pool.submit(extract_batch, batch))
            if len(pending) >= 4 * self.workers:
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                for f in done:
                    yield f.result()
        while pending:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for f in done:
                yield f.result()

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


class DaskEngine(Engine):
    """A Dask distributed cluster: an existing scheduler (``tcp://host:port``) or, without
    one, a ``LocalCluster`` of ``workers`` single-threaded processes.  Futures over
    batches, at most ``4 × workers`` in flight; results come back to this process,
    which alone writes the logs (so resume works exactly as locally)."""

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
            self._cluster = LocalCluster(n_workers=workers, threads_per_worker=1,
                                         processes=True, host="127.0.0.1",
                                         dashboard_address=None)
            self._client = Client(self._cluster)
        self.workers = max(1, len(self._client.scheduler_info().get("workers", {})) or workers)

    def run(self, batches):
        from distributed import as_completed

        window = as_completed()
        in_flight = 0
        for batch in batches:
            window.add(self._client.submit(extract_batch, batch, pure=False))
            in_flight += 1
            if in_flight >= 4 * self.workers:
                future = next(window)
                in_flight -= 1
                yield future.result()
                future.release()
        for future in window:
            yield future.result()
            future.release()

    def close(self) -> None:
        self._client.close()
        if self._cluster is not None:
            self._cluster.close()


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
