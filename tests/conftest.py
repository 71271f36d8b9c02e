"""Fixtures shared across the test suite."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


@dataclass
class Run:
    code: int
    out: str
    err: str


@pytest.fixture
def geonews_cli(tmp_path):
    """Run the real ``geonews`` command in a subprocess, as a user would."""

    def run(*args: str, stdin: bytes | str | None = None, cwd: Path | None = None,
            env: dict | None = None, timeout: float = 120) -> Run:
        full_env = {**os.environ, **(env or {})}
        data = stdin.encode() if isinstance(stdin, str) else stdin
        proc = subprocess.run([sys.executable, "-m", "geonews", *args], input=data,
                              capture_output=True, cwd=cwd or tmp_path, env=full_env,
                              timeout=timeout)
        return Run(proc.returncode, proc.stdout.decode("utf-8", "replace"),
                   proc.stderr.decode("utf-8", "replace"))

    return run


def assert_clean_error(run: Run, *fragments: str) -> None:
    """Exit 2, exactly one error line naming the problem, and no traceback."""
    assert run.code == 2, (run.code, run.err)
    assert "Traceback" not in run.err and "Traceback" not in run.out
    lines = [ln for ln in run.err.splitlines() if ln.strip()]
    assert len(lines) == 1, run.err
    assert lines[0].startswith("geonews: error: ")
    for frag in fragments:
        assert frag in lines[0], (frag, lines[0])
