"""The collector pause: long jobs hold off Python's cyclic garbage collector."""

import gc
import subprocess
import sys
import textwrap
import threading

from geonews.collector import no_gc_pauses


def test_what_a_pause_made_is_not_left_for_the_next_young_collection():
    # A collection walks its generation in full: left in the youngest, the objects of a
    # long request were all walked on the first allocation after it.  In the oldest, they
    # wait for the next full collection, as anything long-lived does.  Run in a fresh
    # interpreter: the freeze is process-wide, and a CLI test earlier in the session may
    # have frozen the test process (Extractor.prepare_for_long_run), which the pause keeps.
    script = textwrap.dedent("""
        import gc
        from geonews.collector import no_gc_pauses
        with no_gc_pauses():
            made = [[i] for i in range(50_000)]
        oldest = {id(o) for o in gc.get_objects(generation=2)}
        print(id(made[0]) in oldest, gc.get_freeze_count(), gc.is_tracked(made[0]))
    """)
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         check=True)
    assert run.stdout.split() == ["True", "0", "True"], run.stdout + run.stderr


def test_a_freeze_of_the_callers_own_outlives_a_pause():
    kept = [[i] for i in range(1000)]
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        with no_gc_pauses():
            [[i] for i in range(10_000)]
        assert gc.get_freeze_count() == frozen and gc.isenabled()
    finally:
        gc.unfreeze()
    del kept


def test_the_collector_comes_back_after_nested_and_concurrent_requests():
    assert gc.isenabled()
    with no_gc_pauses():
        assert not gc.isenabled()
        with no_gc_pauses():
            pass
        assert not gc.isenabled()  # the outer request still runs
    assert gc.isenabled()
    started, release = threading.Barrier(3), threading.Event()

    def hold():
        with no_gc_pauses():
            started.wait()
            release.wait()

    threads = [threading.Thread(target=hold) for _ in range(2)]
    for t in threads:
        t.start()
    started.wait()
    assert not gc.isenabled()
    release.set()
    for t in threads:
        t.join()
    assert gc.isenabled()
