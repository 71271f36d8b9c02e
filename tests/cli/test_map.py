"""`geonews map` and `geonews overlay timeline --map` of a batch say what they are doing:
on a terminal, a bar per step with its time; on a pipe, nothing unless a step is slow
(see tests/maps/test_steps.py)."""

from geonews.batch.run import write_zones_table
from tests.cli.terminal import run_on_terminal
from tests.maps.test_corpus_maps import write_results


def on_terminal(*args, cwd):
    """Run geonews with stderr on a terminal; return (exit code, what it showed there)."""
    run = run_on_terminal(*args, cwd=cwd, columns=120, timeout=180, stream="stderr")
    return run.code, run.err


def test_a_quick_map_to_a_pipe_prints_no_progress(geonews_cli, tmp_path):
    results = write_results(tmp_path / "r.jsonl", 50, dates=3)
    run = geonews_cli("map", str(results), "--cumulative", "-o", "m.html")
    assert run.code == 0 and run.err == "", run.err
    assert run.out.startswith("wrote m.html")


def test_map_on_a_terminal_shows_each_step_as_a_bar_with_its_time(tmp_path):
    results = write_results(tmp_path / "r.jsonl", 50, dates=3)
    code, screen = on_terminal("map", str(results), "-o", "m.html", cwd=tmp_path)
    assert code == 0, screen
    for step in ("reading articles", "drawing the map", "writing m.html"):
        assert step in screen
    assert "50/50" in screen and "0:00:0" in screen  # counted against the file's lines, timed


def test_timeline_map_on_a_terminal_shows_each_step(tmp_path):
    write_zones_table(write_results(tmp_path / "r.jsonl", 50, dates=3), tmp_path / "z.parquet")
    code, screen = on_terminal("overlay", "timeline", "z.parquet", "--map", "t.html",
                               "-o", "t.csv", cwd=tmp_path)
    assert code == 0, screen
    shown = [s for s in ("reading zones", "measuring the area per day", "drawing the map",
                         "writing t.html") if s in screen]
    assert len(shown) == 4 and (tmp_path / "t.html").stat().st_size > 0
    rows = sum(1 for _ in open(tmp_path / "t.csv")) - 1
    assert rows == 3  # one per day
