"""Hostile inputs for every command, and the rule each run must obey.

Used by ``tests/robustness/test_cli_fuzz.py`` (a few thousand cases in CI) and by
``benchmarks/soak.py`` (as many as you like).  Inputs are made here, from seeds of our
own, by mutation: truncation, flipped bytes, NULs, invalid UTF-8, foreign encodings,
binary junk, deep nesting, NaN and swapped coordinates, huge lines, gzip bombs.
"""

from __future__ import annotations

import gzip
import json
import random
import os
import signal
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

ARTICLE = ("Khan Younis orders\n2 March 2025\n\nThe army told residents of Bani Suhaila, "
           "Abasan and blocks 64 and 112 to leave for shelters in al-Mawasi. "
           "They were told to go to Rafah.\nPicture: Getty\n")
SEEDS: dict[str, bytes] = {
    "txt": ARTICLE.encode(),
    "html": (f"<html><head><title>Orders</title></head><body><nav>Home | World</nav><article>"
             f"<h1>Orders</h1><p>{ARTICLE}</p><p>{ARTICLE}</p></article></body></html>").encode(),
    "json": json.dumps({"id": "a1", "title": "Orders", "date": "2025-03-02",
                        "text": ARTICLE}).encode(),
    "jsonl": b"\n".join(json.dumps({"id": f"a{i}", "text": ARTICLE}).encode()
                        for i in range(3)) + b"\n",
    "csv": "name,note\nKhan Younis,a\nبني سهيلا,b\nRafah,c\n".encode(),
    "geojson": json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"name": "zone", "date": "2025-03-02"},
         "geometry": {"type": "Polygon", "coordinates": [[[34.30, 31.30], [34.32, 31.30],
                                                          [34.32, 31.32], [34.30, 31.30]]]}}]}
                          ).encode(),
}
#: Which commands each kind of file goes to.
COMMANDS = {
    "txt": [["extract", "{f}", "-o", "{out}.json"]],
    "html": [["extract", "{f}", "-f", "csv", "-o", "{out}.csv"]],
    "json": [["extract", "{f}", "-f", "geojson", "-o", "{out}.geojson"],
             ["overlay", "union", "{f}", "-f", "json"]],
    "jsonl": [["extract", "{f}", "-f", "jsonl", "-o", "{out}.jsonl"]],
    "csv": [["geocode", "-i", "{f}", "-f", "csv", "-o", "{out}.csv"],
            ["overlay", "breakdown", "{f}", "-f", "csv"]],
    "geojson": [["overlay", "union", "{f}", "-o", "{out}.gpkg"]],
}


def mutate(data: bytes, rng: random.Random) -> tuple[str, bytes]:
    """One hostile variant of ``data``, with the name of what was done."""
    how = rng.choice(["truncate", "flip", "nul", "invalid-utf8", "utf16", "cp1256", "junk",
                      "empty", "bom", "duplicate", "splice", "whitespace", "long-line"])
    if how == "truncate":
        return how, data[: rng.randrange(len(data) + 1)]
    if how == "flip":
        b = bytearray(data)
        for _ in range(rng.randint(1, 20)):
            i = rng.randrange(len(b))
            b[i] = rng.randrange(256)
        return how, bytes(b)
    if how == "nul":
        i = rng.randrange(len(data) + 1)
        return how, data[:i] + b"\x00" * rng.randint(1, 50) + data[i:]
    if how == "invalid-utf8":
        i = rng.randrange(len(data) + 1)
        return how, data[:i] + rng.choice([b"\xc3\x28", b"\xa0\xa1", b"\xf0\x28\x8c\x28",
                                           b"\xed\xa0\x80", b"\xff"]) + data[i:]
    if how == "utf16":
        return how, data.decode("utf-8", "replace").encode("utf-16")
    if how == "cp1256":
        return how, data.decode("utf-8", "replace").encode("cp1256", "replace")
    if how == "junk":
        return how, bytes(rng.randrange(256) for _ in range(rng.randint(1, 4000)))
    if how == "empty":
        return how, rng.choice([b"", b" ", b"\n\n\n", b"\t"])
    if how == "bom":
        return how, b"\xef\xbb\xbf" + data
    if how == "duplicate":
        return how, data * rng.randint(2, 50)
    if how == "splice":
        i = rng.randrange(len(data) + 1)
        return how, data[:i] + SEEDS[rng.choice(list(SEEDS))] + data[i:]
    if how == "whitespace":
        return how, bytes(c if c not in b" \n" else rng.choice(b" \n\r\t\x0b\x0c") for c in data)
    return how, data.replace(b"\n", b" ") * rng.randint(200, 2000)  # one long line


def special_cases(tmp: Path) -> list[tuple[str, list[str]]]:
    """Hand-made hostile files, each with the command it goes to."""
    cases = []

    def put(name: str, data: bytes) -> Path:
        p = tmp / name
        p.write_bytes(data)
        return p

    nested = b"[" * 200_000 + b"]" * 200_000
    cases.append(("nested.json", ["extract", str(put("nested.json", nested))]))
    cases.append(("nested.geojson", ["overlay", "union", str(put("nested.geojson", nested))]))
    big = b"word " * (11 * 1024 * 1024 // 5)  # an 11 MB single line
    cases.append(("ten-mb-line.txt", ["extract", str(put("ten-mb-line.txt", big))]))
    huge = put("over-limit.txt", b"x" * (51 * 1024 * 1024))
    cases.append(("over-limit.txt", ["extract", str(huge)]))

    def polygon(coords):
        return json.dumps({"type": "FeatureCollection", "features": [
            {"type": "Feature", "properties": {},
             "geometry": {"type": "Polygon", "coordinates": [coords]}}]}).encode()

    swapped = [[31.30, 34.30], [31.30, 94.32], [31.32, 94.32], [31.30, 34.30]]
    cases.append(("swapped.geojson", ["overlay", "union", str(put(
        "swapped.geojson", polygon(swapped)))]))
    nan = polygon([[34.3, 31.3], [float("nan"), 31.3], [34.32, 31.32], [34.3, 31.3]])
    cases.append(("nan.geojson", ["overlay", "union", str(put("nan.geojson", nan))]))
    inf = polygon([[34.3, 31.3], [float("inf"), 31.3], [34.32, 31.32], [34.3, 31.3]])
    cases.append(("inf.geojson", ["overlay", "breakdown", str(put("inf.geojson", inf))]))
    wrong = json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": None, "geometry": {"type": "Polygon",
                                                             "coordinates": "nope"}}]}).encode()
    cases.append(("wrong-types.geojson", ["overlay", "union", str(put("wrong-types.geojson",
                                                                      wrong))]))
    bomb = tmp / "bomb.jsonl.gz"
    with gzip.open(bomb, "wb", compresslevel=9) as fh:
        fh.write(json.dumps({"id": "x", "text": ARTICLE}).encode() + b"\n")
        chunk = b"\x00" * (1 << 20)
        for _ in range(200):  # 200 MB of NULs on one line, ~200 kB compressed
            fh.write(chunk)
    cases.append(("bomb.jsonl.gz", ["batch", str(bomb), "-o", str(tmp / "bomb-out"), "-q"]))
    empty_gz = put("empty.jsonl.gz", b"")
    cases.append(("empty.jsonl.gz", ["batch", str(empty_gz), "-o", str(tmp / "e-out"), "-q"]))
    return cases


@dataclass
class Outcome:
    case: str
    args: list[str]
    code: int
    stderr: str
    problem: str | None  # None: the run obeyed the rule


def check(case: str, args: list[str], code: int, stdout: str, stderr: str,
          exception: BaseException | None = None) -> Outcome:
    """The rule: a result (exit 0) or exactly one clear error line (exit 2); never a
    traceback, an internal error, or an exception escaping."""
    problem = None
    if exception is not None and not isinstance(exception, SystemExit):
        problem = f"exception escaped: {type(exception).__name__}: {exception}"
    elif code not in (0, 2):
        problem = f"exit {code}"
    elif "Traceback" in stderr or "Traceback" in stdout:
        problem = "traceback"
    elif "internal error" in stderr:
        problem = "internal error"
    elif code == 2:
        errors = [ln for ln in stderr.splitlines() if ln.startswith("geonews: error: ")]
        other = [ln for ln in stderr.splitlines()
                 if ln.strip() and not ln.startswith("geonews: ")]
        if len(errors) != 1 or other:
            problem = f"not one clear error line: {stderr[-300:]!r}"
    return Outcome(case, args, code, stderr, problem)


class Timeout(Exception):
    pass


def _alarm(signum, frame):
    raise Timeout("no result within the time limit (a hang)")


def run_in_process(runner, app, args: list[str], seconds: int = 60):
    """Invoke the CLI in this process, failing if it runs longer than ``seconds``."""
    old = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(seconds)
    try:
        return runner.invoke(app, args, catch_exceptions=True)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def cases(tmp: Path, n: int, seed: int = 0):
    """``n`` mutated files with their commands: (label, args, output path stem)."""
    rng = random.Random(seed)
    kinds = list(SEEDS)
    for i in range(n):
        kind = kinds[i % len(kinds)]
        how, data = mutate(SEEDS[kind], rng)
        f = tmp / f"case{i}.{kind}"
        f.write_bytes(data)
        out = tmp / f"out{i}"
        for template in COMMANDS[kind]:
            args = [a.format(f=f, out=out) for a in template]
            yield f"{kind}/{how}#{i}", args


def start_and_kill(cmd: list[str], cwd: Path, seconds: float) -> bool:
    """Run ``cmd`` and SIGKILL its whole process group after ``seconds`` (workers too);
    True if it was still running and got killed."""
    proc = subprocess.Popen(cmd, cwd=cwd, start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(seconds)
    killed = proc.poll() is None
    if killed:
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    return killed
