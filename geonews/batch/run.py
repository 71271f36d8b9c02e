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
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import nullcontext, suppress
from dataclasses import dataclass, field
from pathlib import Path

from .corpus import BadArticle, article_key, count_corpus, count_lines, iter_corpus
from .engines import Engine, make_engine
from .results import KeySet, ResultLog, iter_results, result_line

EXTRACTIONS, ERRORS, ZONES = "extractions.jsonl", "errors.jsonl", "zones.parquet"


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

    @property
    def rate(self) -> float:
        done = self.extracted + self.errors
        return done / self.seconds if self.seconds > 0 else 0.0


Progress = Callable[[BatchSummary], None]


def run_batch(corpus: Path | str, out_dir: Path | str, *, workers: int = 1,
              engine: str | Engine = "local", scheduler: str | None = None,
              batch_size: int = 64, zones: bool = True, progress: Progress | None = None,
              count: bool = True) -> BatchSummary:
    """Extract every article of ``corpus`` not already done into ``out_dir``."""
    from ..errors import OutputError

    out_dir = Path(out_dir)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"{out_dir}: cannot create the output directory ({exc.strerror})") \
            from None
    summary = BatchSummary(out_dir=out_dir, total=count_corpus(corpus) if count else None)
    if count and summary.total is None and Path(corpus).is_file():
        _count_while_running(Path(corpus), summary)
    results, errors = ResultLog(out_dir / EXTRACTIONS), ResultLog(out_dir / ERRORS)
    done = results.open() | errors.open()
    summary.repaired_bytes = results.repaired_bytes + errors.repaired_bytes
    own = engine if isinstance(engine, Engine) else make_engine(engine, workers=workers,
                                                                scheduler=scheduler)
    summary.engine, summary.workers = own.name, own.workers
    start = time.perf_counter()
    last_report = 0.0
    try:
        def batches() -> Iterator[list[dict]]:
            batch: list[dict] = []
            for item in iter_corpus(corpus):
                key = article_key(item.id)
                if key in done:
                    if key in dispatched:
                        summary.duplicates += 1
                    else:
                        summary.skipped += 1
                    continue
                done.add(key)
                dispatched.add(key)
                if isinstance(item, BadArticle):
                    errors.append(result_line(item.id, {"reason": item.reason,
                                                        "source": item.source}))
                    summary.errors += 1
                    continue
                batch.append(item.to_record())
                if len(batch) >= batch_size:
                    yield batch
                    batch = []
            if batch:
                yield batch

        dispatched = KeySet()
        # An engine the caller passed in is theirs to close.
        with own if own is not engine else nullcontext(own):
            for finished in own.run(batches()):
                for _, ok, line in finished:
                    (results if ok else errors).append(line)
                    if ok:
                        summary.extracted += 1
                    else:
                        summary.errors += 1
                now = time.perf_counter()
                if progress is not None and now - last_report >= 0.2:
                    summary.seconds = now - start
                    progress(summary)
                    last_report = now
    finally:
        results.close()
        errors.close()
        summary.seconds = time.perf_counter() - start
    if progress is not None:
        progress(summary)
    if zones:
        summary.zones = write_zones_table(out_dir / EXTRACTIONS, out_dir / ZONES)
    return summary


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


def write_zones_table(extractions: Path, out: Path, *, chunk: int = 2000) -> int:
    """Stream ``extractions.jsonl`` into a GeoParquet table of zones (one row group per
    ``chunk`` articles, memory flat); written beside ``out`` and renamed over it."""
    import os
    import tempfile

    import pyarrow.parquet as pq

    from ..places.gazetteer import Gazetteer
    from ..zones.layers import GeometryLookup, zone_rows

    gazetteer = Gazetteer.default()
    geometry_of = GeometryLookup(gazetteer, wkb=True)
    import pyarrow as pa

    from ..errors import OutputError

    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent)
    except OSError as exc:
        raise OutputError(f"{out}: cannot write here ({exc.strerror})") from None
    os.close(fd)
    writer = None
    rows_total = 0
    try:
        rows: list[dict] = []

        def flush():
            nonlocal writer
            table = _arrow_table(rows)
            if writer is None:
                writer = pq.ParquetWriter(tmp, table.schema, compression="zstd")
            writer.write_table(table)
            rows.clear()

        articles = 0
        for record in iter_results(extractions):
            rows.extend(zone_rows(record, geometry_of))
            articles += 1
            if articles % chunk == 0 and rows:
                rows_total += len(rows)
                flush()
        rows_total += len(rows)
        if rows or writer is None:
            flush()
        writer.close()
        os.replace(tmp, out)
    except (OSError, pa.ArrowException) as exc:
        _discard(writer, tmp)
        raise OutputError(f"{out}: write failed ({getattr(exc, 'strerror', None) or exc})") \
            from None
    except BaseException:
        _discard(writer, tmp)
        raise
    return rows_total


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


def _crs84() -> dict:
    """OGC:CRS84 (WGS 84 longitude/latitude) as PROJJSON, as GeoParquet 1.0 asks."""
    from pyproj import CRS

    return CRS("OGC:CRS84").to_json_dict()
