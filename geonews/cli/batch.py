"""``geonews batch``: a whole corpus, resumable, on local cores or a Dask cluster."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from .common import Command, command, warn

app = typer.Typer(rich_markup_mode=None, pretty_exceptions_enable=False)


class EngineName(str, Enum):
    local = "local"
    dask = "dask"


@app.command("batch", cls=Command)
@command
def batch_command(
    corpus: Annotated[Path, typer.Argument(
        help="A directory of articles (.txt .html .json .jsonl, optionally .gz) or a JSONL "
             "file (optionally .gz), one article per line: id, text, title?, date?, url?.",
        show_default=False, metavar="CORPUS")],
    output: Annotated[Path, typer.Option(
        "--output", "-o", metavar="DIR", help="Directory for extractions.jsonl, errors.jsonl and "
                               "zones.parquet; re-run the same command to resume.")]
    = Path("geonews-batch"),
    workers: Annotated[int, typer.Option(
        "--workers", "-w", metavar="N", help="Processes (local) or LocalCluster workers (dask).", min=1)]
    = 1,
    engine: Annotated[EngineName, typer.Option(
        "--engine", help="local: this machine's processes; dask: a Dask cluster (a local "
                         "one unless --scheduler is given).")] = EngineName.local,
    scheduler: Annotated[Optional[str], typer.Option(
        "--scheduler", metavar="ADDRESS", help="Address of a running Dask scheduler, e.g. tcp://10.0.0.5:8786 "
                            "(implies --engine dask).")] = None,
    batch_size: Annotated[Optional[int], typer.Option(
        "--batch-size", metavar="N", help="Articles sent to a worker at a time (raw lines; "
                                          "the worker parses them; default 256 locally, "
                                          "1024 on Dask).", min=1, show_default=False)] = None,
    zones: Annotated[bool, typer.Option(
        "--zones/--no-zones", help="Build zones.parquet (GeoParquet) at the end.")] = True,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress output.")] = False,
) -> None:
    """Extract every article of a corpus into JSONL and a GeoParquet table of zones.

    Articles already in the output are skipped, so an interrupted run (Ctrl-C, kill -9,
    a reboot) is finished by running the same command again: the result holds exactly
    one line per article.  Articles that cannot be read go to errors.jsonl with the reason.
    """
    from ..batch import run_batch
    from ..errors import InputError

    if not corpus.exists():
        raise InputError(f"{corpus}: no such file or directory")
    if output.exists() and not output.is_dir():
        raise InputError(f"{output}: exists and is not a directory")
    report = None if quiet else (_BarProgress() if sys.stderr.isatty() else _LineProgress())
    try:
        summary = run_batch(corpus, output, workers=workers, engine=engine.value,
                            scheduler=scheduler, batch_size=batch_size, zones=zones,
                            progress=report)
    finally:
        if isinstance(report, _BarProgress):
            report.stop()
    if summary.repaired_bytes:
        warn(f"an earlier run was cut off mid-line: {summary.repaired_bytes} bytes of a torn "
             "last line removed (that article is extracted again)")
    if summary.extracted + summary.errors + summary.skipped == 0:
        warn(f"{corpus}: no articles found")
    typer.echo(
        f"{summary.extracted:,} extracted, {summary.errors:,} errors, {summary.skipped:,} "
        f"already done, {summary.duplicates:,} duplicate ids; {summary.rate:,.0f} articles/s "
        f"on {summary.engine} ({summary.workers} worker{'s' * (summary.workers > 1)}); "
        + (f"{summary.zones:,} zones; " if summary.zones is not None else "")
        + f"results in {output}/")


class _LineProgress:
    """A line every few seconds when stderr is not a terminal (logs, CI)."""

    def __init__(self, every: float = 5.0):
        import time

        self.every, self._last, self._clock = every, time.monotonic(), time.monotonic

    def __call__(self, s) -> None:
        now = self._clock()
        if now - self._last < self.every:
            return
        self._last = now
        done = s.extracted + s.errors
        total = f"/{s.total - s.skipped:,}" if s.total else ""
        sys.stderr.write(f"geonews: batch: {done:,}{total} articles, {s.errors:,} errors, "
                         f"{s.rate:,.0f}/s\n")
        sys.stderr.flush()


class _BarProgress:
    """A rich progress bar with rate and ETA on a terminal."""

    def __init__(self):
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        self._progress = Progress(TextColumn("extracting"), BarColumn(), MofNCompleteColumn(),
                                  TextColumn("{task.fields[rate]}/s"),
                                  TextColumn("{task.fields[errors]} errors"),
                                  TimeElapsedColumn(), TimeRemainingColumn(), transient=False)
        self._task = None

    def __call__(self, s) -> None:
        total = (s.total - s.skipped) if s.total else None
        if self._task is None:
            self._progress.start()
            self._task = self._progress.add_task("batch", total=total, rate="0", errors=0)
        # A gzipped corpus is counted while the run goes on: its total comes later.
        self._progress.update(self._task, total=total, completed=s.extracted + s.errors,
                              rate=f"{s.rate:,.0f}", errors=s.errors)

    def stop(self) -> None:
        if self._task is not None:
            self._progress.stop()
