"""Progress of the slow steps of ``geonews map`` and ``geonews overlay timeline --map``.

A map of a 100,000-article batch reads half a gigabyte of extractions, then draws and
writes the page: a minute during which a silent command looks hung.  Each step shows
what it does while it does it — on a terminal, a bar (or, for a step that cannot count,
a running clock) left on screen with its time; elsewhere (a pipe, a log) a line once a
step has run two seconds, and one every five seconds after.
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable


class Steps:
    """Named steps, one after the other, reported on stderr.

    On a terminal each step is a rich bar from its start.  Elsewhere a step says nothing
    for its first ``after`` seconds (a quick map leaves a pipe or a log as it was, and an
    error stays the only line), then one line, and one more every ``every`` seconds:

    >>> import io, time
    >>> out = io.StringIO()
    >>> with Steps("map", terminal=False, stream=out, after=0.05, every=60) as steps:
    ...     report = steps.step("reading articles", total=2)
    ...     report(1); time.sleep(1)
    ...     _ = steps.step("drawing the map")
    >>> print(out.getvalue().strip())
    geonews: map: reading articles (1/2)
    """

    def __init__(self, command: str, *, terminal: bool | None = None, stream=None,
                 after: float = 2.0, every: float = 5.0):
        self.command = command
        self.stream = stream or sys.stderr
        self.terminal = self.stream.isatty() if terminal is None else terminal
        self.after, self.every = after, every
        self._bar = None
        self._task = None
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread = None
        self._state: list | None = None  # [description, done, total, next line due]

    def __enter__(self) -> Steps:
        if self.terminal:
            from rich.console import Console
            from rich.progress import (
                BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn)

            self._bar = Progress(TextColumn("{task.description}"), BarColumn(),
                                 MofNCompleteColumn(), TimeElapsedColumn(),
                                 console=Console(file=self.stream))
            self._bar.start()  # redraws on its own: a step that cannot count still ticks
        else:
            # A step that cannot report (reading a table, rendering the page) still gets
            # its line: a thread looks at the clock.
            self._thread = threading.Thread(target=self._watch, daemon=True)
            self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._finish()
        if self._bar is not None:
            self._bar.stop()
        self._stop.set()
        if self._thread is not None:
            self._thread.join()

    def _finish(self) -> None:
        if self._bar is not None and self._task is not None:
            task = self._bar.tasks[-1]
            done = task.total if task.total is not None else 1
            self._bar.update(self._task, total=done, completed=done)
            self._bar.stop_task(self._task)  # its clock stops at the step's own time
        with self._lock:
            self._state = None

    def step(self, description: str, total: int | None = None) -> Callable[..., None]:
        """Start a step (ending the one before); returns ``report(done, total=None)``."""
        self._finish()
        if self._bar is not None:
            task = self._task = self._bar.add_task(description, total=total)
        else:
            task = None
            with self._lock:
                state = self._state = [description, 0, total, time.monotonic() + self.after]

        def report(done: int, new_total: int | None = None) -> None:
            if task is not None:
                self._bar.update(task, completed=done,
                                 **({"total": new_total} if new_total is not None else {}))
                return
            with self._lock:
                state[1] = done
                if new_total is not None:
                    state[2] = new_total

        return report

    def _watch(self) -> None:
        while not self._stop.wait(0.1):
            with self._lock:
                state = self._state
                if state is None or time.monotonic() < state[3]:
                    continue
                state[3] = time.monotonic() + self.every
                description, done, total = state[:3]
                counted = f" ({done:,}/{total:,})" if total else f" ({done:,})" if done else ""
                self.stream.write(f"geonews: {self.command}: {description}{counted}\n")
                self.stream.flush()
