"""Holding off Python's cyclic garbage collector while a long job builds objects that
all stay alive.

The collector runs whenever enough objects were made since its last pass, and each
pass walks every object of the generations it collects.  A job that makes millions of
long-lived, acyclic objects (rows, places, candidates, index buckets) pays for those
walks again and again and finds nothing; :func:`no_gc_pauses` spares it that.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_gc_lock = threading.Lock()
_gc_holders = 0
_gc_was_enabled = False


@contextmanager
def no_gc_pauses() -> Iterator[None]:
    """Hold off the cyclic garbage collector while a long request builds its results.

    Resolving 100,000 names allocates millions of small objects (rows, places,
    candidates) that all stay alive; every full collection walks them all again, and
    with the collector on, a 100,000-name list spent 40 % of its time there.  None of
    them form cycles, so nothing is left for the collector to find: it runs again when
    the request ends.  Nested and concurrent requests (the server's threads) share one
    pause, lifted when the last of them ends, and only if the collector was on before.

    When the pause ends, everything made during it is moved to the oldest generation
    (``gc.freeze`` then ``gc.unfreeze``: two list splices).  Left in the youngest, the
    first allocation after the pause made the collector walk all of it at once (0.7 s
    at the end of a 100,000-name list); in the oldest it is walked at the next full
    collection, as anything long-lived is, so a cycle among it is still found.  (Not
    when the process froze objects of its own, see ``Extractor.prepare_for_long_run``:
    unfreezing would hand those back to the collector.)
    """
    global _gc_holders, _gc_was_enabled
    with _gc_lock:
        if _gc_holders == 0:
            _gc_was_enabled = gc.isenabled()
            gc.disable()
        _gc_holders += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_holders -= 1
            if _gc_holders == 0 and _gc_was_enabled:
                if gc.get_freeze_count() == 0:  # a freeze of the caller's own is kept
                    gc.freeze()
                    gc.unfreeze()
                gc.enable()
