"""Every command against thousands of hostile files: a result or one clear error line."""

import os
import resource
import subprocess
import sys
from collections import Counter

import pytest
from typer.testing import CliRunner

from geonews.cli import app
from tests.robustness.fuzz import cases, check, run_in_process, special_cases

CASES = int(os.environ.get("GEONEWS_FUZZ_CASES", "1800"))


def test_thousands_of_mutated_inputs_never_crash_or_hang(tmp_path):
    runner = CliRunner()
    outcomes = []
    for label, args in cases(tmp_path, CASES, seed=20261125):
        result = run_in_process(runner, app, args, seconds=60)
        outcomes.append(check(label, args, result.exit_code, result.stdout, result.stderr,
                              result.exception))
    bad = [o for o in outcomes if o.problem]
    assert not bad, "\n".join(f"{o.case}: {o.problem} ({' '.join(o.args)})" for o in bad[:10])
    codes = Counter(o.code for o in outcomes)
    # The mutations must actually reach both outcomes, or this test tests nothing.
    assert codes[0] > CASES * 0.2 and codes[2] > CASES * 0.1, codes
    # Refused inputs leave no output and no temporary file behind.
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.startswith(".")]
    assert not leftovers, leftovers[:5]


def _limited(limit_bytes: int):
    def apply():
        resource.setrlimit(resource.RLIMIT_AS, (limit_bytes, limit_bytes))
    return apply


@pytest.mark.slow
def test_huge_nested_and_bomb_inputs_stay_within_memory_and_time(tmp_path):
    problems = []
    for label, args in special_cases(tmp_path):
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        proc = subprocess.run([sys.executable, "-m", "geonews", *args], capture_output=True,
                              text=True, timeout=300, cwd=tmp_path,
                              preexec_fn=_limited(6 * 1024**3))
        peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        outcome = check(label, args, proc.returncode, proc.stdout, proc.stderr)
        if outcome.problem:
            problems.append(f"{label}: {outcome.problem}")
        if peak_mb > max(before / 1024, 1500):
            problems.append(f"{label}: peak memory {peak_mb:.0f} MB")
    assert not problems, problems
    errors = (tmp_path / "bomb-out" / "errors.jsonl").read_text()
    assert "zip bomb" in errors or "longer than" in errors
