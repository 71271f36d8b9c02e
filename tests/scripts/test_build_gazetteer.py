"""The shipped gazetteer is what the build script makes from the raw sources."""

import sqlite3
import subprocess
import sys

import pytest

from geonews.paths import shipped_gazetteer
from tests.conftest import REPO, SHARED

RAW = SHARED / "data" / "raw"


@pytest.mark.skipif(not RAW.is_dir(), reason="needs ../shared/data/raw beside the checkout")
def test_a_gaza_only_rebuild_matches_the_shipped_gaza_places(tmp_path):
    out = tmp_path / "gaza.sqlite"
    subprocess.run([sys.executable, str(REPO / "scripts" / "build_gazetteer.py"), "--raw",
                    str(RAW), "--out", str(out), "--no-world"], check=True, timeout=300,
                   capture_output=True)
    query = ("SELECT gid, name, kind, round(lat, 5), round(lon, 5), population "
             "FROM places WHERE region = 'gaza' ORDER BY gid")
    rebuilt = sqlite3.connect(out).execute(query).fetchall()
    shipped = sqlite3.connect(shipped_gazetteer()).execute(query).fetchall()
    assert len(rebuilt) > 650
    assert rebuilt == shipped
    orders = "SELECT count(*) FROM block_orders"
    assert (sqlite3.connect(out).execute(orders).fetchone()
            == sqlite3.connect(shipped_gazetteer()).execute(orders).fetchone())
