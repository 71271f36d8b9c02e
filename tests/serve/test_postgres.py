"""``geonews serve --db postgresql://…`` against a real PostgreSQL + PostGIS, started by
the test on 127.0.0.1 (Debian's postgresql and postgis; .ci/run installs them)."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

from .conftest import free_port, start_server

pytestmark = pytest.mark.slow
ORDER = "Residents of Abasan were told to leave for Rafah."


def _pg_bin(name: str) -> str | None:
    found = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"))
    return str(found[-1]) if found else shutil.which(name)


def _as_postgres(cmd: list[str], **kw) -> subprocess.CompletedProcess:
    """Run as the ``postgres`` user when we are root (PostgreSQL refuses to run as root)."""
    if os.geteuid() == 0:
        cmd = ["runuser", "-u", "postgres", "--", *cmd]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120, **kw)


@pytest.fixture(scope="module")
def postgres():
    initdb, pg_ctl = _pg_bin("initdb"), _pg_bin("pg_ctl")
    if not initdb or not pg_ctl:
        pytest.skip("PostgreSQL is not installed (apt-get install postgresql postgis)")
    share = Path(subprocess.run([_pg_bin("pg_config") or "pg_config", "--sharedir"],
                                capture_output=True, text=True).stdout.strip() or "/nonexistent")
    if not (share / "extension" / "postgis.control").exists():
        pytest.skip("PostGIS is not installed (apt-get install postgis)")
    if os.geteuid() == 0 and shutil.which("runuser") is None:
        pytest.skip("running as root without runuser")
    base = Path(tempfile.mkdtemp(prefix="geonews-pg-"))
    data = base / "data"
    if os.geteuid() == 0:
        shutil.chown(base, "postgres")
    init = _as_postgres([initdb, "-D", str(data), "-U", "postgres", "--auth=trust",
                         "--no-sync", "-E", "UTF8"])
    if init.returncode != 0:
        shutil.rmtree(base, ignore_errors=True)
        pytest.skip(f"initdb failed: {init.stderr[-300:]}")
    port = free_port()
    opts = f"-c listen_addresses=127.0.0.1 -p {port} -c unix_socket_directories={base} " \
           "-c fsync=off -c max_connections=60"
    start = _as_postgres([pg_ctl, "-D", str(data), "-o", opts, "-l", str(base / "log"), "-w",
                          "-t", "60", "start"])
    if start.returncode != 0:
        shutil.rmtree(base, ignore_errors=True)
        pytest.skip(f"PostgreSQL did not start: {start.stderr[-300:]}")
    try:
        created = _as_postgres([_pg_bin("createdb") or "createdb", "-h", "127.0.0.1", "-p",
                                str(port), "-U", "postgres", "geonews"])
        assert created.returncode == 0, created.stderr
        yield f"postgresql://postgres@127.0.0.1:{port}/geonews"
    finally:
        _as_postgres([pg_ctl, "-D", str(data), "-m", "immediate", "-w", "stop"])
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture(scope="module")
def pg_server(postgres, tmp_path_factory):
    s = start_server(tmp_path_factory.mktemp("pg"), db=postgres)
    yield s
    s.stop()


def test_the_collection_lives_in_postgis(pg_server, postgres, seed_text, tmp_path):
    import geopandas as gpd
    import psycopg

    with pg_server.client() as c:
        assert c.get("/health").json()["database"] == "postgres"
        r = c.post("/articles", json={"text": seed_text, "id": "seed", "date": "2023-12-02"})
        assert r.status_code == 201, r.text
        assert c.post("/articles", json={"text": ORDER, "date": "2024-01-05",
                                         "title": "x'); DROP TABLE zones; --"}).status_code == 201
        view = c.get("/articles/seed").json()
        rafah = next(p["ref"] for p in view["places"] if p["text"] == "Rafah" and
                     p["roles"] == ["destination"])
        r = c.post("/articles/seed/corrections", json={"kind": "role", "target": rafah,
                                                       "value": {"role": "affected"},
                                                       "who": "pg"})
        assert r.status_code == 201, r.text
        # region filter by PostGIS: only zones touching Khan Younis Governorate
        fc = c.get("/zones", params={"region": "Khan Younis Governorate",
                                     "role": "affected"}).json()
        names = {f["properties"]["name"] for f in fc["features"]}
        assert {"Bani Suheila", "Abasan al-Kabira"} <= names
        box = c.get("/zones", params={"region": "34.40,31.50,34.60,31.60"}).json()
        assert box["features"] == []
        since = c.get("/zones", params={"since": "2024-01-01"}).json()
        assert {f["properties"]["article_id"] for f in since["features"]} != {"seed"}
        (tmp_path / "z.gpkg").write_bytes(c.get("/export.gpkg").content)
        zones = gpd.read_file(tmp_path / "z.gpkg", layer="zones")
        assert set(zones.loc[(zones.article_id == "seed") & (zones.name == "Rafah"), "role"]) \
            == {"affected"}
    with psycopg.connect(postgres) as db:
        kinds = db.execute("SELECT DISTINCT GeometryType(geometry) FROM zones").fetchall()
        assert {k[0] for k in kinds} <= {"POLYGON", "MULTIPOLYGON", "POINT"}
        assert db.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == 2
        assert db.execute("SELECT who FROM corrections").fetchall() == [("pg",)]


def test_concurrent_clients_on_postgres_lose_and_duplicate_nothing(pg_server):
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
    from bench_serve import articles, run_load, stored_ids

    batches = [[{**a, "id": "pg-" + a["id"]} for a in b] for b in articles(4, 50, seed=5)]
    t = time.perf_counter()
    load = run_load(pg_server.url, batches + [batches[0]])   # one client repeats another
    print(f"\npostgres: {load.summary()} ({time.perf_counter() - t:.1f} s)")
    assert load.errors == [] and load.statuses == {201: 200, 200: 50}
    ids = [i for i in stored_ids(pg_server.url) if i.startswith("pg-")]
    assert sorted(ids) == sorted(a["id"] for b in batches for a in b)


def test_an_unreachable_database_is_one_error_line(geonews_cli):
    from tests.conftest import assert_clean_error

    run = geonews_cli("serve", "--port", str(free_port()), "--db",
                      f"postgresql://nobody:secret@127.0.0.1:{free_port()}/none")
    assert_clean_error(run, "cannot connect")
    assert "secret" not in run.err
