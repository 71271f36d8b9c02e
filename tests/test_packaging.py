"""geonews works from a built wheel, not only from the checkout."""

from __future__ import annotations

import json
import os
import site
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
WOF_GREECE = REPO.parent / "shared/data/raw/whosonfirst/whosonfirst-data-admin-gr.tar.gz"


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                    "-q", "-w", str(out), str(REPO)], check=True, timeout=600)
    (whl,) = out.glob("geonews-*.whl")
    return whl


def test_the_wheel_carries_the_gazetteer_and_its_licences(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    assert "geonews/data/gazetteer.sqlite" in names
    assert "geonews/data/README.md" in names
    assert "geonews/data/curated/gaza_landmarks.csv" in names


def _installed(wheel: Path, tmp_path: Path) -> Path:
    """A venv with geonews from the wheel only; returns its bin/ folder."""
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    py = env_dir / "bin" / "python"
    # The dependencies come from this environment (a .pth file appends its site-packages
    # after the venv's own); geonews itself only from the wheel.
    venv_site = subprocess.run([str(py), "-c", "import sysconfig; print(sysconfig.get_paths()"
                                "['purelib'])"], capture_output=True, text=True).stdout.strip()
    Path(venv_site, "deps-from-test-env.pth").write_text("\n".join(site.getsitepackages()))
    subprocess.run([str(py), "-m", "pip", "install", "-q", "--no-deps", "--ignore-installed",
                    str(wheel)], check=True,
                   timeout=300)
    return env_dir / "bin"


@pytest.mark.slow
def test_an_installed_wheel_geocodes_from_another_directory(wheel, tmp_path):
    env_dir = tmp_path / "venv"
    _installed(wheel, tmp_path)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["GEONEWS_HOME"] = str(tmp_path / "home")
    run = subprocess.run([str(env_dir / "bin" / "geonews"), "geocode", "Rafah", "-f", "json"],
                         cwd=elsewhere, env=env, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout)[0]["country"] == "PS"
    run = subprocess.run([str(env_dir / "bin" / "geonews"), "gazetteer", "info", "-f", "json"],
                         cwd=elsewhere, env=env, capture_output=True, text=True, timeout=120)
    path = json.loads(run.stdout)[0]["path"]
    assert path.startswith(str(env_dir)) and path.endswith("geonews/data/gazetteer.sqlite")


@pytest.mark.slow
@pytest.mark.skipif(not WOF_GREECE.exists(), reason="needs ../shared/data/raw/whosonfirst")
def test_an_installed_wheel_imports_a_who_s_on_first_repository(wheel, tmp_path):
    geonews = str(_installed(wheel, tmp_path) / "geonews")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["GEONEWS_HOME"] = str(tmp_path / "home")

    def run(*args):
        return subprocess.run([geonews, *args], cwd=tmp_path, env=env, capture_output=True,
                              text=True, timeout=600)

    def geocode(name):
        out = run("geocode", name, "-f", "json")
        assert out.returncode == 0, out.stderr
        return json.loads(out.stdout)[0]

    # Greece ships as countries and GeoNames towns only: its villages come with the import.
    assert geocode("Kalythies")["place_id"] is None
    assert geocode("Kiotari")["country"] != "GR"
    done = run("gazetteer", "import", "wof", str(WOF_GREECE))
    assert done.returncode == 0, done.stderr
    assert "into region 'wof-gr'" in done.stdout
    info = json.loads(run("gazetteer", "info", "-f", "json").stdout)
    assert [s["region"] for s in info] == ["gaza+world", "wof-gr"]
    assert info[1]["places"] > 14_000 and info[1]["kinds"]["village"] > 10_000
    for name in ("Kalythies", "Καλυθιές", "Kiotari"):
        place = geocode(name)
        assert place["country"] == "GR" and place["admin1"] == "South Aegean", (name, place)
        assert place["place_id"].startswith("wof:")
