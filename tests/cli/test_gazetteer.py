"""``geonews gazetteer``: a summary a person reads, the user data path, and imports that
never replace a region by accident."""

import csv
import io

from tests.cli.terminal import run_on_terminal
from tests.conftest import assert_clean_error
from tests.places.test_importers import DUMP_ROWS, write_dump


def test_info_summarises_per_source_and_kind(geonews_cli, tmp_path):
    env = {"GEONEWS_HOME": str(tmp_path / "home")}
    shown = run_on_terminal("gazetteer", "info", cwd=tmp_path, columns=100, env=env)
    assert shown.code == 0, shown.err
    lines = shown.out.splitlines()
    assert len(lines) < 60, len(lines)
    assert lines[0].startswith(f"user data: {tmp_path / 'home' / 'data'}")
    assert "IDF evacuation-block grid via bothness/gaza-geojson" in shown.out
    assert "area 0.174 km²" not in shown.out  # one line per source, not per block
    verbose = run_on_terminal("gazetteer", "info", "--verbose", cwd=tmp_path, columns=100,
                              env=env)
    assert "area 0.174 km²" in verbose.out and len(verbose.out.splitlines()) > 300


def test_info_in_a_pipe_is_csv_of_the_same_counts(geonews_cli):
    run = geonews_cli("gazetteer", "info")
    assert run.code == 0, run.err
    rows = list(csv.DictReader(io.StringIO(run.out)))
    kinds = {r["name"]: int(r["places"]) for r in rows if r["count"] == "kind"}
    sources = [r for r in rows if r["count"] == "source"]
    assert kinds["block"] == 620 and len(sources) < 20
    assert sum(int(r["places"]) for r in sources) == sum(kinds.values())


def test_importing_over_an_existing_region_needs_replace(geonews_cli, tmp_path):
    env = {"GEONEWS_HOME": str(tmp_path / "home")}
    first = write_dump(tmp_path / "LB.txt")
    run = geonews_cli("gazetteer", "import", "geonames", str(first), "-r", "south-lebanon",
                      env=env)
    assert run.code == 0, run.err
    stored = tmp_path / "home" / "data" / "regions" / "south-lebanon.sqlite"
    before = stored.read_bytes()
    fewer = write_dump(tmp_path / "LB2.txt", DUMP_ROWS[:2])
    run = geonews_cli("gazetteer", "import", "geonames", str(fewer), "-r", "south-lebanon",
                      env=env)
    assert_clean_error(run, "region 'south-lebanon' exists already", "--replace")
    assert stored.read_bytes() == before
    layer = tmp_path / "l.geojson"
    layer.write_text('{"type": "FeatureCollection", "features": [{"type": "Feature", '
                     '"properties": {"name": "Qwzx Hill"}, "geometry": {"type": "Point", '
                     '"coordinates": [35.4, 33.4]}}]}')
    assert_clean_error(geonews_cli("gazetteer", "import", "layer", str(layer), "-r",
                                   "south-lebanon", env=env), "exists already")
    run = geonews_cli("gazetteer", "import", "geonames", str(fewer), "-r", "south-lebanon",
                      "--replace", env=env)
    assert run.code == 0, run.err
    assert run.out.startswith("replaced region 'south-lebanon': imported 2 places")
    import sqlite3

    db = sqlite3.connect(stored)
    kept = {gid for (gid,) in db.execute("SELECT gid FROM places")}
    db.close()
    assert kept == {"geonames:9100001", "geonames:9100002"}  # the region as imported anew
