"""Every code block of the README runs as written: the shell commands, in order, in one
directory holding the seed article and the small inputs an analyst would have (made here),
and the Python snippets; each with only what geonews declares as its dependencies
importable, as in a fresh virtual environment after ``pip install .``.

Only what needs a cluster or the network is left out, each named in :data:`SKIPPED`.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import shlex
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
README = (REPO / "README.md").read_text(encoding="utf-8")

#: Commands not run, and why: the only ones that need a cluster or the network.
SKIPPED = {
    'pip install ".[test]" && python -m pytest': "installs from the package registry "
                                                 "(network), then runs this very suite",
    "dask scheduler": "a Dask cluster",
    "dask worker tcp://10.0.0.5:8786 --nthreads 1": "a Dask cluster",
    "geonews batch corpus.jsonl.gz -o results/ --scheduler tcp://10.0.0.5:8786": "a Dask "
                                                                                 "cluster",
    "geonews serve --db postgresql://geonews:PASSWORD@dbhost/geonews": "a PostgreSQL "
                                                                      "server elsewhere",
    'geonews serve --host 0.0.0.0 --token "$(openssl rand -hex 16)"': "listens beyond this "
                                                                      "machine",
}
#: Runs until stopped: started in the background, and the README's curl lines after it
#: are sent to it.
SERVER = "geonews serve"
#: A prefix that installs geonews: this environment has it already (from the checkout),
#: and installing needs the package registry.  What follows it runs.
INSTALL = re.compile(r"^pip install \S+ && ")


def code_blocks(text: str) -> list[tuple[str, str]]:
    """(language, code) of every fenced block.

    >>> code_blocks("x\\n```python\\nprint(1)\\n```\\n```\\nls\\n```\\n")
    [('python', 'print(1)\\n'), ('', 'ls\\n')]
    """
    return [(m.group(1), m.group(2)) for m in
            re.finditer(r"^```(\w*)\n(.*?)^```", text, flags=re.M | re.S)]


def shell_commands(code: str) -> list[str]:
    """The commands of a shell block: continuation lines joined, trailing comments cut.

    >>> shell_commands("geonews a x  # note\\ngeonews b \\\\\\n    --c d\\n")
    ['geonews a x', 'geonews b --c d']
    """
    joined = re.sub(r"\\\n\s*", "", code)
    commands = []
    for line in joined.splitlines():
        line = re.split(r"\s{2,}#\s", line)[0].strip()
        if line:
            commands.append(line)
    return commands


SHELL = [c for lang, code in code_blocks(README) if lang in ("", "sh", "bash", "shell")
         for c in shell_commands(code)]
PYTHON = [code for lang, code in code_blocks(README) if lang == "python"]


def test_the_readme_has_the_blocks_this_test_runs():
    assert len(SHELL) > 30 and len(PYTHON) >= 2
    assert set(SKIPPED) <= set(SHELL), set(SKIPPED) - set(SHELL)  # the list is not stale


# --- a fresh environment: only declared dependencies importable ---------------------

def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def declared_closure() -> set[str]:
    """geonews's dependencies (pyproject), with theirs, transitively, as installed here."""
    from importlib import metadata

    from packaging.requirements import Requirement

    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    todo = [Requirement(r) for r in project["dependencies"]]
    seen: set[str] = set()
    while todo:
        req = todo.pop()
        name = _normal(req.name)
        if name in seen:
            continue
        seen.add(name)
        try:
            requires = metadata.requires(req.name) or []
        except metadata.PackageNotFoundError:
            continue
        for text in requires:
            sub = Requirement(text)
            extras = req.extras or {""}
            if sub.marker is None or any(sub.marker.evaluate({"extra": e}) for e in extras):
                todo.append(sub)
    return seen


GUARD = '''
"""Installed by tests/test_readme.py: importing a distribution that geonews does not
declare fails, as it would in a fresh environment."""
import json, os, re, sys
from importlib import metadata

_ALLOWED = set(json.loads(os.environ["GEONEWS_README_ALLOWED"]))
_OWNERS = metadata.packages_distributions()


class _FreshEnvironment:
    def find_spec(self, name, path=None, target=None):
        top = name.partition(".")[0]
        if top in sys.stdlib_module_names or top == "geonews" or top in sys.modules:
            return None
        owners = [re.sub(r"[-_.]+", "-", d).lower() for d in _OWNERS.get(top, ())]
        if owners and not _ALLOWED.intersection(owners):
            raise ModuleNotFoundError(f"No module named {top!r} (from {owners[0]}, which "
                                      "geonews does not declare)", name=top)
        return None


sys.meta_path.insert(0, _FreshEnvironment())
'''


# --- the analyst's directory ----------------------------------------------------------

ARTICLE = ("Residents told to leave eastern Khan Younis\n\nOn 2 December 2023 the army "
           "ordered residents of Bani Suhaila, Abasan and Khuza'a to leave for shelters in "
           "Rafah.\n")
SECOND = ("On 3 December 2023 the army told residents of blocks 64 and 112 to evacuate "
          "towards al-Mawasi.\n")
DUMP = [("9100001", "Kfar Jouz", 33.3968, 35.4745, 2500), ("9100002", "Zefta", 33.3860,
                                                           35.4035, 3100)]


def _make_inputs(d: Path) -> None:
    import geopandas as gpd
    from shapely.geometry import box

    (d / "seeds").mkdir()
    for seed in (REPO / "seeds").iterdir():
        (d / "seeds" / seed.name).write_bytes(seed.read_bytes())
    for name, text in (("article.txt", ARTICLE), ("a.txt", ARTICLE), ("b.txt", SECOND)):
        (d / name).write_text(text)
    (d / "b.html").write_text(f"<html><head><title>Orders</title></head><body><nav>Home</nav>"
                              f"<article><p>{SECOND}</p></article></body></html>")
    (d / "page.html").write_text((d / "b.html").read_text())
    import geonews

    (d / "extraction.json").write_text(json.dumps(geonews.extract(SECOND).to_dict()))
    (d / "story.json").write_text(json.dumps({"id": "s1", "text": ARTICLE, "date": "2023-12-02"}))
    records = [{"id": "c1", "text": ARTICLE, "date": "2023-12-02"},
               {"id": "c2", "text": SECOND, "date": "2023-12-03"}]
    lines = "".join(json.dumps(r) + "\n" for r in records)
    (d / "more.jsonl").write_text(lines)
    (d / "corpus.jsonl").write_text(lines)
    with gzip.open(d / "corpus.jsonl.gz", "wt") as fh:
        fh.write(lines)
    (d / "articles").mkdir()
    (d / "articles" / "one.txt").write_text(ARTICLE)
    (d / "articles" / "two.json").write_text(json.dumps({"id": "two", "text": SECOND}))
    gpd.GeoDataFrame({"name": ["checkpoint area"], "date": ["2023-12-04"]},
                     geometry=[box(34.30, 31.30, 34.32, 31.32)], crs=4326
                     ).to_file(d / "orders.gpkg", driver="GPKG")
    gpd.GeoDataFrame({"name": ["east of the road"], "date": ["2023-12-02"]},
                     geometry=[box(34.31, 31.30, 34.36, 31.36)], crs=4326
                     ).to_file(d / "news.geojson", driver="GeoJSON")
    (d / "reference.csv").write_text("date,block\n2023-12-02,64\n2023-12-02,112\n"
                                     "2023-12-03,65\n")
    (d / "places.txt").write_text("Khan Younis\nRafah\n# a comment\nShejaiya\n")
    (d / "places.csv").write_text("id,town\n1,Khan Yunis\n2,Deir al-Balah\n")
    dump = "".join("\t".join([gid, name, name, name, str(lat), str(lon), "P", "PPL", "LB", "",
                              "04", "", "", "", str(pop), "", "300", "Asia/Beirut",
                              "2024-10-01"]) + "\n" for gid, name, lat, lon, pop in DUMP)
    with zipfile.ZipFile(d / "LB.zip", "w") as zf:
        zf.writestr("LB.txt", dump)
    (d / "lebanon-order.txt").write_text(
        "The army told the residents of Srifa and Khiam to leave and move north of the "
        "Awali River.\n")
    from tests.places.test_wof import write_repo, write_tar

    write_tar(d / "whosonfirst-data-admin-gr.tar.gz", write_repo(d / "wof-small"))
    (d / "fire_zones.geojson").write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"ZONE_NAME": "Qwzx Canyon Zone", "ALIASES": "QC-1"},
         "geometry": {"type": "Polygon", "coordinates": [[[-118.6, 34.1], [-118.5, 34.1],
                                                          [-118.5, 34.2], [-118.6, 34.1]]]}}]}))


@pytest.fixture(scope="module")
def analyst(tmp_path_factory):
    """The analyst's directory and environment: inputs, a ``geonews`` command, a fresh-
    environment import guard, and a user data directory of its own."""
    d = tmp_path_factory.mktemp("analyst")
    _make_inputs(d)
    tools = tmp_path_factory.mktemp("tools")
    (tools / "sitecustomize.py").write_text(GUARD)
    (tools / "geonews").write_text(f"#!/bin/sh\nexec {shlex.quote(sys.executable)} -m geonews "
                                   '"$@"\n')
    (tools / "geonews").chmod(0o755)
    (tools / "python").symlink_to(sys.executable)
    env = {k: v for k, v in os.environ.items() if not k.startswith("GEONEWS_")}
    env.update(PATH=f"{tools}{os.pathsep}{env.get('PATH', '')}",
               PYTHONPATH=os.pathsep.join([str(tools), str(REPO)]),
               GEONEWS_HOME=str(tmp_path_factory.mktemp("home")),
               GEONEWS_README_ALLOWED=json.dumps(sorted(declared_closure())),
               MPLBACKEND="Agg")
    return d, env


def _run(command: str, cwd: Path, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(["bash", "-c", f"set -o pipefail; {command}"], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=600)


def test_every_shell_command_runs_as_written(analyst):
    d, env = analyst
    failures = []
    server = None
    try:
        for command in SHELL:
            if command in SKIPPED:
                continue
            if command == SERVER:
                server = _start_server(d, env)
                continue
            if command.startswith("curl") and "/ID/" in command:
                # "ID" stands for an article's id: the first one the server stored.
                import urllib.request

                with urllib.request.urlopen("http://127.0.0.1:8765/articles") as answer:
                    first = json.loads(answer.read())
                first = first[0] if isinstance(first, list) else first["articles"][0]
                command = command.replace("/ID/", f"/{first['id']}/")
            failures += _checked(command, d, env)
    finally:
        if server is not None:
            server.terminate()
            server.wait(30)
    assert not failures, "\n".join(failures)
    assert (d / "map.html").stat().st_size > 10_000 and (d / "cmp.gpkg").exists()
    assert (d / "results" / "zones.parquet").exists() and (d / "days.png").exists()


def _start_server(d: Path, env: dict):
    """``geonews serve`` in the background, once it answers."""
    import time
    import urllib.request

    proc = subprocess.Popen(["geonews", "serve"], cwd=d, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    for _ in range(240):
        try:
            urllib.request.urlopen("http://127.0.0.1:8765/openapi.json", timeout=1).close()
            return proc
        except OSError:
            time.sleep(0.5)
    proc.terminate()
    raise AssertionError("geonews serve did not answer on 127.0.0.1:8765")


def _checked(command: str, d: Path, env: dict) -> list[str]:
    if command.startswith("curl"):
        command = command.replace("curl ", "curl -sS --fail-with-body ", 1)
    run = _run(INSTALL.sub("", command), d, env)
    if run.returncode != 0 or "Traceback" in run.stderr or "error:" in run.stderr:
        return [f"$ {command}\n  exit {run.returncode}: {run.stderr.strip()[-600:]}"]
    return []


def test_the_guard_refuses_what_geonews_does_not_declare(analyst):
    d, env = analyst
    run = _run("python -c 'import pytest'", d, env)
    assert run.returncode != 0 and "does not declare" in run.stderr
    assert _run("python -c 'import shapely, folium, mapclassify'", d, env).returncode == 0


@pytest.mark.parametrize("index", range(len(PYTHON)))
def test_every_python_snippet_runs_as_written(analyst, index):
    d, env = analyst
    # The snippets' inputs are files of the analyst's directory (article.txt, orders.gpkg).
    run = subprocess.run([sys.executable, "-c", PYTHON[index]], cwd=d, env=env,
                         capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, f"{PYTHON[index]}\n{run.stderr[-2000:]}"
