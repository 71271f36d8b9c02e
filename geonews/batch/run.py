"""A batch run: stream a corpus through an engine into resumable result logs, then
build the table of every directive zone.

Output directory::

    extractions.jsonl   one line per article: the `geonews extract` JSON contract
    errors.jsonl        one line per article that could not be extracted: id, reason
    zones.parquet       GeoParquet: every affected / destination / exempted place,
                        block and described zone, with article id, date, role, block

Re-running the same command skips every article already in either log; a run
killed at any point leaves complete lines only (a torn last line is cut off on
restart), so the final logs hold exactly one line per article.

One run at a time writes a directory: a run holds a lock on ``.geonews-batch.lock``
there from start to end, and a second run refuses.  The lock is a POSIX record lock,
which the kernel drops when its process dies (``kill -9`` included) and which forked
workers do not inherit, so the lock of a killed run never blocks the next one — and
whatever temporary file that run left is removed by the next.
"""

from __future__ import annotations

import errno
import functools
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext, suppress
from dataclasses import dataclass, field
from pathlib import Path

from .corpus import (BadArticle, article_key, count_corpus, count_lines, iter_tasks,
                     split_task, task_size)
from .engines import Engine, make_engine
from .results import KeySet, ResultLog, holds, iter_results, result_line

EXTRACTIONS, ERRORS, ZONES = "extractions.jsonl", "errors.jsonl", "zones.parquet"
LOCK = ".geonews-batch.lock"
#: mkstemp's name for the zones table being written: what a killed run leaves behind.
_ZONES_TMP_PREFIX, _ZONES_TMP_SUFFIX = f".{ZONES}.", ".tmp"


@dataclass
class RunStats:
    """Where a run's time went (for tuning and ``benchmarks/bench_batch.py``; written
    nowhere).  On 2 cores, 2 workers beat one only by as much as this process stays
    out of their way: its CPU, before the first task (start-up, when a worker idles)
    and during the run (when it takes a core from a worker), is here beside theirs."""

    tasks: int = 0
    task_cpu: float = 0.0  # workers' CPU in the tasks themselves (the extraction)
    waited: float = 0.0  # workers' seconds between two tasks: results sent, work awaited
    sent_bytes: int = 0  # article bytes sent to workers
    received_bytes: int = 0  # result bytes sent back
    startup_cpu: float = 0.0  # this process's CPU until its first task was handed out
    parent_cpu: float = 0.0  # this process's CPU for the whole run, every thread
    tail: float = 0.0  # seconds the first worker to finish for good waited for the last
    _ends: dict = field(default_factory=dict, repr=False)  # last task's end by worker

    def add(self, r) -> None:
        """A task's result (``engines.TaskResult``)."""
        self.tasks += 1
        self.task_cpu += r.cpu
        if r.worker in self._ends:  # before its first task here, a worker was starting
            self.waited += r.waited
        self._ends[r.worker] = r.ended
        self.received_bytes += (len(r.extracted) + len(r.failed) + len(r.extracted_keys)
                                + len(r.failed_keys))

    def finish(self) -> None:
        # Monotonic clocks of one machine agree; a remote cluster's tail means nothing.
        ends = self._ends.values()
        self.tail = max(ends) - min(ends) if len(ends) > 1 else 0.0


@dataclass
class BatchSummary:
    """What a run did (figures also printed by the CLI)."""

    extracted: int = 0
    errors: int = 0
    skipped: int = 0  # done by an earlier run
    duplicates: int = 0  # ids seen twice in this corpus (first kept)
    seconds: float = 0.0
    total: int | None = None
    engine: str = ""
    workers: int = 1
    zones: int | None = None
    repaired_bytes: int = 0
    out_dir: Path = field(default_factory=Path)
    stats: RunStats = field(default_factory=RunStats)

    @property
    def rate(self) -> float:
        done = self.extracted + self.errors
        return done / self.seconds if self.seconds > 0 else 0.0


Progress = Callable[[BatchSummary], None]


#: Articles per task: local workers get a task in a few IPC messages whatever its size,
#: a Dask task costs a scheduler round trip and a few ms of its event loops each, hence
#: fewer, larger ones (about 2.5 s of work).  The last tasks of a run are cut smaller
#: either way (:func:`finishing_together`).
BATCH_SIZE = {"local": 256, "dask": 1024}


def run_batch(corpus: Path | str, out_dir: Path | str, *, workers: int = 1,
              engine: str | Engine = "local", scheduler: str | None = None,
              batch_size: int | None = None, zones: bool = True,
              progress: Progress | None = None, count: bool = True) -> BatchSummary:
    """Extract every article of ``corpus`` not already done into ``out_dir``
    (``batch_size``: articles per task, by default :data:`BATCH_SIZE` of the engine)."""
    from ..errors import OutputError

    out_dir = Path(out_dir)
    refuse_own_output(Path(corpus), out_dir)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"{out_dir}: cannot create the output directory ({exc.strerror})") \
            from None
    with lock_output(out_dir):
        remove_stale_temp_files(out_dir)
        return _run_locked(corpus, out_dir, workers=workers, engine=engine,
                           scheduler=scheduler, batch_size=batch_size, zones=zones,
                           progress=progress, count=count)


def _run_locked(corpus: Path | str, out_dir: Path, *, workers: int, engine: str | Engine,
                scheduler: str | None, batch_size: int | None, zones: bool,
                progress: Progress | None, count: bool) -> BatchSummary:
    cpu_start = time.process_time()
    summary = BatchSummary(out_dir=out_dir, total=count_corpus(corpus) if count else None)
    stats = summary.stats
    if count and summary.total is None and Path(corpus).is_file():
        _count_while_running(Path(corpus), summary)
    results, errors = ResultLog(out_dir / EXTRACTIONS), ResultLog(out_dir / ERRORS)
    done = results.open() | errors.open()
    summary.repaired_bytes = results.repaired_bytes + errors.repaired_bytes
    own = engine if isinstance(engine, Engine) else make_engine(engine, workers=workers,
                                                                scheduler=scheduler)
    summary.engine, summary.workers = own.name, own.workers
    if batch_size is None:
        batch_size = BATCH_SIZE["dask" if own.name == "dask" else "local"]
    # What was done before this run: every worker gets one copy and skips those itself;
    # ``done`` grows with this run's lines, to drop an id the corpus repeats.
    before = done.sorted_keys()
    start = time.perf_counter()
    last_report = 0.0

    def write(log: ResultLog, lines: bytes, keys: bytes) -> int:
        """Append a worker's lines but those whose id an earlier task already wrote
        (the first in corpus order is kept); return how many were written."""
        import numpy as np

        if not lines:
            return 0
        fresh = done.add_many(np.frombuffer(keys, dtype=np.uint64))
        written = int(fresh.sum())
        if written < len(fresh):  # rare: the line-by-line path
            summary.duplicates += len(fresh) - written
            lines = b"".join(line + b"\n" for line, new in zip(lines.split(b"\n"), fresh)
                             if new)
        if lines:
            log.append(lines)
        return written

    try:
        def tasks():
            for task in iter_tasks(corpus, batch=batch_size):
                if not isinstance(task, BadArticle):
                    if not stats.sent_bytes:  # the first task
                        stats.startup_cpu = time.process_time() - cpu_start
                    stats.sent_bytes += task_size(task)[1]
                    yield task
                    continue
                # Bad before parsing (a cut gzip, an over-long line): rare, written here.
                key = article_key(task.id)
                if holds(before, key):
                    summary.skipped += 1
                elif key in done:
                    summary.duplicates += 1
                else:
                    done.add(key)
                    errors.append(result_line(task.id, {"reason": task.reason,
                                                        "source": task.source}))
                    summary.errors += 1

        # An engine the caller passed in is theirs to close.
        with own if own is not engine else nullcontext(own):
            for r in own.run(finishing_together(tasks(), own.workers, batch_size), before):
                stats.add(r)
                summary.extracted += write(results, r.extracted, r.extracted_keys)
                summary.errors += write(errors, r.failed, r.failed_keys)
                summary.skipped += r.skipped
                summary.duplicates += r.duplicates
                now = time.perf_counter()
                if progress is not None and now - last_report >= 0.2:
                    summary.seconds = now - start
                    progress(summary)
                    last_report = now
    finally:
        results.close()
        errors.close()
        summary.seconds = time.perf_counter() - start
        stats.parent_cpu = time.process_time() - cpu_start
        stats.finish()
    if progress is not None:
        progress(summary)
    if zones:
        summary.zones = write_zones_table(out_dir / EXTRACTIONS, out_dir / ZONES,
                                          progress=ZonesLines() if progress is not None
                                          else None)
    return summary


def finishing_together(tasks: Iterator, workers: int, batch_size: int) -> Iterator:
    """The tasks as they come, except the last ``workers`` of them, which are cut into
    pieces of ``batch_size // 8`` articles, so that the workers finish within a small
    task of each other (with whole tasks, one worker idled for up to a task at the end
    while the other finished its last: 0.6 s of 256 articles, 2.5 s of 1,024).

    The end is found by reading ``workers`` tasks ahead (a few hundred KB), not by
    counting the corpus, so it works on gzip and directory corpora alike.  One worker
    has nobody to wait for: its tasks pass as they are.

    >>> from geonews.batch.corpus import LinesTask
    >>> ts = [LinesTask("c", "c", list(range(i, i + 16)), [b"x"] * 16) for i in (1, 17, 33)]
    >>> [len(t.lines) for t in finishing_together(iter(ts), 2, 16)]
    [16, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2]
    """
    from collections import deque

    if workers < 2 or batch_size < 8:
        yield from tasks
        return
    held: deque = deque()
    for task in tasks:
        held.append(task)
        if len(held) > workers:
            yield held.popleft()
    for task in held:
        yield from split_task(task, batch_size // 8)


def refuse_own_output(corpus: Path, out_dir: Path) -> None:
    """Refuse a corpus that is one of the run's outputs, or a directory the outputs
    would be written into: the run would read its own results back as articles."""
    from ..errors import InputError

    corpus_at, out_at = corpus.resolve(), out_dir.resolve()
    if corpus.is_dir():
        if out_at == corpus_at or corpus_at in out_at.parents:
            raise InputError(f"{corpus}: the output directory {out_dir} is inside this corpus; "
                             "its results would be read back as articles (give -o a "
                             "directory outside it)")
        return
    for name in (EXTRACTIONS, ERRORS, ZONES):
        output = out_dir / name
        same = corpus_at == output.resolve()
        if not same and output.exists():
            with suppress(OSError):
                same = os.path.samefile(corpus, output)  # a hard link, say
        if same:
            raise InputError(f"{corpus}: is an output of this run ({output}); copy it "
                             "elsewhere, or give -o another directory")


@contextmanager
def lock_output(out_dir: Path) -> Iterator[None]:
    """Hold the output directory for this run, or refuse if another run holds it.

    A POSIX record lock (``lockf``), not ``flock``: it belongs to this process only, so
    forked workers that outlive a ``kill -9`` of the run do not keep it held.  A run
    that ends removes the lock file (a killed one leaves it, unlocked); the file is
    removed while still locked, and a run whose locked file was removed under it
    takes the new one, so two runs never both hold the directory.
    """
    path = out_dir / LOCK
    fd = _take_lock(path, out_dir)
    try:
        with suppress(OSError):  # who holds it, for a curious reader; the lock is what counts
            os.ftruncate(fd, 0)
            os.write(fd, f"{os.getpid()}\n".encode())
        yield
    finally:
        with suppress(OSError):
            path.unlink()
        os.close(fd)  # closing drops the lock


def _take_lock(path: Path, out_dir: Path) -> int:
    import fcntl

    from ..errors import OutputError

    while True:
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise OutputError(f"{path}: cannot write ({exc.strerror})") from None
        try:
            fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            os.close(fd)
            if exc.errno not in (errno.EACCES, errno.EAGAIN):
                raise OutputError(f"{path}: cannot lock ({exc.strerror})") from None
            raise OutputError(f"{out_dir}: another geonews batch is writing there; wait for "
                              "it to finish (or stop it), then run again") from None
        try:
            held, named = os.fstat(fd), os.stat(path)
            if (held.st_dev, held.st_ino) == (named.st_dev, named.st_ino):
                return fd
        except FileNotFoundError:
            pass
        os.close(fd)  # the run before removed this file as it ended: lock the new one


def remove_stale_temp_files(out_dir: Path) -> int:
    """Remove the half-written zones tables of killed runs; call with the lock held (no
    live run writes here then).  Returns how many were removed."""
    removed = 0
    for path in out_dir.glob(f"{_ZONES_TMP_PREFIX}*{_ZONES_TMP_SUFFIX}"):
        with suppress(OSError):
            path.unlink()
            removed += 1
    return removed


def _count_while_running(corpus: Path, summary: BatchSummary):
    """Count a gzipped (or huge) corpus in a thread while the run goes on: the progress
    report gains its total, and so an ETA, when the count is done.  Decompression
    releases the GIL, and the workers are other processes: the count costs the run
    next to nothing."""
    import threading

    def count() -> None:
        with suppress(Exception):  # a corpus that cannot be counted has no ETA, that is all
            summary.total = count_lines(corpus)

    thread = threading.Thread(target=count, name="geonews-count", daemon=True)
    thread.start()
    return thread


#: Zones progress: (articles read, articles in all, rows written so far).
ZonesProgress = Callable[[int, int, int], None]


class GeometryCache:
    """WKB shapes by place id, least recently used dropped past ``budget`` bytes: news
    names the same places over and over, but a corpus of many regions must not keep
    every outline it ever met (memory grew with the corpus before)."""

    def __init__(self, lookup, budget: int = 16 << 20):
        from collections import OrderedDict

        self.lookup, self.budget, self.size = lookup, budget, 0
        self._items: OrderedDict[tuple, bytes | None] = OrderedDict()

    def convert(self, geom) -> bytes:
        """A described zone's own shape as WKB (see ``GeometryLookup.convert``)."""
        return self.lookup.convert(geom)

    def __call__(self, place_id: str | None = None, block: int | None = None):
        key = (place_id, block)
        items = self._items
        if key in items:
            items.move_to_end(key)
            return items[key]
        geom = self.lookup(place_id, block=block)
        cost = len(geom or b"") + 100  # the key and the entry count too
        if cost <= self.budget:
            items[key] = geom
            self.size += cost
            while self.size > self.budget:
                _, old = items.popitem(last=False)
                self.size -= len(old or b"") + 100
        return geom


def write_zones_table(extractions: Path, out: Path, *, chunk: int = 1000,
                      max_group_bytes: int = 8 << 20,
                      progress: ZonesProgress | None = None) -> int:
    """Stream ``extractions.jsonl`` into a GeoParquet table of zones, written beside
    ``out`` and renamed over it.  A row group is flushed every ``chunk`` articles or
    once its shapes reach ``max_group_bytes``, and shapes are cached within a byte
    budget, so memory stays flat however long the corpus.

    A group is held three times while it is flushed (the rows, the Arrow table, the
    encoded pages): at 32 MB of shapes a group took the peak from ~80 to ~200 MB,
    hence groups of 8 MB; Arrow's pool gives back what it freed after each."""
    import tempfile

    import pyarrow as pa
    import pyarrow.parquet as pq

    from ..errors import OutputError
    from ..places.gazetteer import Gazetteer
    from ..zones.layers import GeometryLookup, zone_rows

    geometry_of = GeometryCache(GeometryLookup(Gazetteer.default(), wkb=True, size=0))
    total = count_lines(extractions) if progress is not None and extractions.exists() else 0
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", suffix=_ZONES_TMP_SUFFIX,
                                   dir=out.parent)
    except OSError as exc:
        raise OutputError(f"{out}: cannot write here ({exc.strerror})") from None
    os.close(fd)
    writer = None
    rows_total = 0
    try:
        rows: list[dict] = []
        group_bytes = 0

        def flush():
            nonlocal writer, rows_total, group_bytes
            table = _arrow_table(rows)
            if writer is None:
                writer = pq.ParquetWriter(tmp, table.schema, compression="zstd")
            writer.write_table(table)
            rows_total += len(rows)
            rows.clear()
            group_bytes = 0
            del table
            pa.default_memory_pool().release_unused()

        articles = 0
        last_report = time.monotonic()
        for record in iter_results(extractions):
            for row in zone_rows(record, geometry_of):
                rows.append(row)
                group_bytes += len(row["geometry"] or b"")
            articles += 1
            if rows and (articles % chunk == 0 or group_bytes >= max_group_bytes):
                flush()
            if progress is not None and time.monotonic() - last_report >= 0.2:
                progress(articles, max(total, articles), rows_total + len(rows))
                last_report = time.monotonic()
        if rows or writer is None:
            flush()
        writer.close()
        from ..files import _file_mode

        os.chmod(tmp, _file_mode(out))  # mkstemp made it 0600: outputs follow the umask
        os.replace(tmp, out)
    except (OSError, pa.ArrowException) as exc:
        _discard(writer, tmp)
        raise OutputError(f"{out}: write failed ({getattr(exc, 'strerror', None) or exc})") \
            from None
    except BaseException:
        _discard(writer, tmp)
        raise
    if progress is not None:
        progress(articles, max(total, articles), rows_total)
    return rows_total


class ZonesLines:
    """A progress line on stderr every few seconds while zones.parquet is built, and one
    when it is done (the run's progress report covers extraction only)."""

    def __init__(self, every: float = 5.0, stream=None):
        import sys

        self.every, self.stream = every, stream or sys.stderr
        self._last = time.monotonic()

    def __call__(self, articles: int, total: int, rows: int) -> None:
        now = time.monotonic()
        if articles < total and now - self._last < self.every:
            return
        self._last = now
        self.stream.write(f"geonews: batch: {ZONES}: {articles:,}/{total:,} articles, "
                          f"{rows:,} rows\n")
        self.stream.flush()


def _discard(writer, tmp: str) -> None:
    """Close a half-written Parquet file and remove it."""
    # Closing a file on a full disk may fail again: it is removed anyway.
    with suppress(Exception):
        if writer is not None:
            writer.close()
    Path(tmp).unlink(missing_ok=True)


ZONE_FIELDS = ["article_id", "source", "title", "date", "role", "kind", "name", "place_id",
               "block", "description", "sentence"]


def _arrow_table(rows: list[dict]):
    import json

    import pyarrow as pa

    columns = {f: [r.get(f) for r in rows] for f in ZONE_FIELDS}
    arrays = {f: pa.array(v, type=pa.int64() if f == "block" else pa.string())
              for f, v in columns.items()}
    arrays["geometry"] = pa.array([r["geometry"] for r in rows], type=pa.binary())
    geo = {"version": "1.0.0", "primary_column": "geometry",
           "columns": {"geometry": {"encoding": "WKB", "geometry_types": [],
                                    "crs": _crs84()}}}
    schema = pa.schema([(f, arrays[f].type) for f in [*ZONE_FIELDS, "geometry"]],
                       metadata={b"geo": json.dumps(geo).encode()})
    return pa.Table.from_arrays([arrays[f] for f in [*ZONE_FIELDS, "geometry"]], schema=schema)


@functools.lru_cache(maxsize=1)
def _crs84() -> dict:
    """OGC:CRS84 (WGS 84 longitude/latitude) as PROJJSON, as GeoParquet 1.0 asks."""
    from pyproj import CRS

    return CRS("OGC:CRS84").to_json_dict()
