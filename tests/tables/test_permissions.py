"""Outputs get the permissions any new file gets: 0666 less the umask, never mkstemp's
private 0600 (a shared results directory must be readable by the team)."""

import os
import stat
import subprocess
import sys

import pytest

ARTICLE = ("On 2 December 2023 the army ordered residents of Bani Suhaila and Abasan to leave "
           "for shelters in Rafah.\n")


def _run_with_umask(mask, *args, cwd):
    code = (f"import os, sys; os.umask({mask:#o}); sys.argv = ['geonews', *sys.argv[1:]]; "
            "from geonews.cli import main; main()")
    return subprocess.run([sys.executable, "-c", code, *args], cwd=cwd, capture_output=True,
                          text=True, timeout=300)


@pytest.mark.parametrize("mask", [0o022, 0o027])
def test_every_output_follows_the_umask(tmp_path, mask):
    (tmp_path / "a.txt").write_text(ARTICLE)
    (tmp_path / "corpus.jsonl").write_text('{"id": "a1", "text": "%s"}\n' % ARTICLE.strip())
    for args in (["batch", "corpus.jsonl", "-o", "results", "-q"],
                 ["extract", "a.txt", "-o", "a.json"],
                 ["overlay", "union", "a.txt", "-o", "u.gpkg", "-f", "csv"],
                 ["overlay", "union", "a.txt", "-o", "u.csv", "-f", "csv"]):
        run = _run_with_umask(mask, *args, cwd=tmp_path)
        assert run.returncode == 0, run.stderr
    expected = 0o666 & ~mask
    for name in ("results/zones.parquet", "results/extractions.jsonl", "a.json", "u.gpkg",
                 "u.csv"):
        mode = stat.S_IMODE(os.stat(tmp_path / name).st_mode)
        assert mode == expected, (name, oct(mode), oct(expected))
