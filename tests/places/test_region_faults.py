"""Bad regions: a dump with absurd numbers, and files in the regions directory that are
not gazetteers.  Each is one warning or one error line, never an internal error."""

from __future__ import annotations

import sqlite3

import pytest

from geonews.errors import InputError
from geonews.places.gazetteer import Gazetteer
from geonews.places.importers import import_geonames
from tests.conftest import assert_clean_error
from tests.places.test_importers import DUMP_ROWS, write_dump

HUGE_POPULATION = 1234567890123456789012345  # 25 digits: more than SQLite's 64-bit integers


def _row(gid: str, population: int) -> tuple:
    return (gid, "Qarya Kabira", "Qarya Kabira", "", 33.40, 35.45, "P", "PPL", "LB", population)


def test_a_25_digit_population_is_a_malformed_row_skipped(home, tmp_path):
    dump = write_dump(tmp_path / "LB.txt", [*DUMP_ROWS, _row("9100099", HUGE_POPULATION)])
    report = import_geonames(dump, region="south-lebanon")
    assert report.places == len(DUMP_ROWS) and report.skipped == 1
    assert Gazetteer().get("geonames:9100099") is None


@pytest.mark.parametrize("population", [HUGE_POPULATION, -5, 10 ** 11])
def test_a_dump_of_only_impossible_populations_is_refused(home, tmp_path, population):
    with pytest.raises(InputError, match="no usable GeoNames rows"):
        import_geonames(write_dump(tmp_path / "LB.txt", [_row("1", population)]),
                        region="bad")


def test_cli_a_25_digit_population_is_one_error_line(geonews_cli, tmp_path):
    dump = write_dump(tmp_path / "LB.txt", [_row("9100099", HUGE_POPULATION)])
    run = geonews_cli("gazetteer", "import", "geonames", str(dump), "-r", "big",
                      env={"GEONEWS_HOME": str(tmp_path / "home")})
    assert_clean_error(run, "LB.txt", "no usable GeoNames rows")


def _empty(path):
    path.write_bytes(b"")


def _foreign(path):
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE photos (id INTEGER PRIMARY KEY, caption TEXT)")
    db.commit()
    db.close()


def _foreign_with_meta(path):  # another program's database that happens to have a meta table
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    db.execute("INSERT INTO meta VALUES ('region', 'photos')")
    db.commit()
    db.close()


def _not_sqlite(path):
    path.write_bytes(b"these are notes, not a database\n" * 40)


BAD_FILES = {"empty": _empty, "foreign": _foreign, "foreign-meta": _foreign_with_meta,
             "not-sqlite": _not_sqlite}


@pytest.mark.parametrize("kind", BAD_FILES)
def test_a_bad_file_in_the_regions_directory_is_skipped_with_a_warning(home, tmp_path, kind):
    good = import_geonames(write_dump(tmp_path / "LB.txt"), region="south-lebanon").path
    bad = good.parent / "stray.sqlite"
    BAD_FILES[kind](bad)
    before = bad.read_bytes()
    with pytest.warns(UserWarning, match="stray.sqlite") as caught:
        gaz = Gazetteer()
    assert len(caught) == 1 and "skipped" in str(caught[0].message)
    assert [s.region for s in gaz.sources] == ["gaza+world", "south-lebanon"]
    assert gaz.lookup("Kfar Jouz") and gaz.lookup("Rafah")
    assert bad.read_bytes() == before  # left as it was: never deleted or rewritten


def test_a_gazetteer_file_named_explicitly_must_still_be_one(tmp_path):
    path = tmp_path / "x.sqlite"
    _foreign(path)
    with pytest.raises(Exception, match="not a geonews gazetteer"):
        Gazetteer([path])


@pytest.mark.parametrize("kind", BAD_FILES)
def test_cli_every_command_still_works_beside_a_bad_region_file(geonews_cli, tmp_path, kind):
    regions = tmp_path / "home" / "data" / "regions"
    regions.mkdir(parents=True)
    BAD_FILES[kind](regions / "stray.sqlite")
    run = geonews_cli("geocode", "-f", "json", "Rafah",
                      env={"GEONEWS_HOME": str(tmp_path / "home")})
    assert run.code == 0, run.err
    assert '"match": "exact"' in run.out
    lines = run.err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("geonews: warning: ")
    assert str(regions / "stray.sqlite") in lines[0]
