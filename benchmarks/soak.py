"""Soak: many hostile inputs and injected faults, counted.  Nothing here asserts; it prints.

    python benchmarks/soak.py [--fuzz 20000] [--kills 50] [--cache-kills 20] [--seed 1]

* fuzz: mutated files through every command in this process (the rules of
  ``tests/robustness/fuzz.py``: a result, or one clear error line and exit 2);
* kills: a 2-worker ``geonews batch`` on a 120,000-article corpus, SIGKILLed at a random
  moment ``--kills`` times, then run to the end; the result must hold exactly one
  whole line per article;
* cache kills: a process writing the online-answer cache SIGKILLed mid-write; the
  cache must pass SQLite's integrity check and keep working;
* templates: random template, HTML and script payloads in every field that reaches a
  map page (titles, sentences, names, issuers, dates, sources, layer attributes); the
  page must render and carry each payload back, verbatim, as data, and no payload may
  run (a canary file that one would create);
* poisoned corpora: batches mixing ordinary articles with ones that broke geonews
  before (year-1 dates, lone surrogates, NULs, deep nesting, huge or empty texts); every
  article must end up in exactly one of the two result files;
* concurrent runs: two batches started at once on one output directory; one must win,
  the other refuse with exit 2, and the result hold one line per article;
* growing inputs: every input shape of ``tests/robustness/test_growth.py`` through the
  whole extraction at sizes up to the 2,000,000-character limit, with the fitted
  exponent of time against size (the tests stop at smaller sizes);
* hostile servers: the online fallback against local servers that trickle, flood,
  redirect away or answer garbage, again and again; every lookup must end by its
  deadline with a warning, and nothing bad may reach the cache.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def soak_fuzz(n: int, seed: int, tmp: Path) -> Counter:
    from typer.testing import CliRunner

    from geonews.cli import app
    from tests.robustness.fuzz import cases, check, run_in_process

    runner, tally = CliRunner(), Counter()
    examples = {}
    for label, args in cases(tmp, n, seed=seed):
        result = run_in_process(runner, app, args, seconds=120)
        outcome = check(label, args, result.exit_code, result.stdout, result.stderr,
                        result.exception)
        key = "problem: " + outcome.problem[:80] if outcome.problem else \
            ("result (exit 0)" if outcome.code == 0 else "clear error (exit 2)")
        tally[key] += 1
        examples.setdefault(key, label)
        for f in tmp.glob("case*"):
            f.unlink()
        for f in tmp.glob("out*"):
            f.unlink() if f.is_file() else None
    for key in tally:
        if key.startswith("problem"):
            print(f"  e.g. {examples[key]}")
    return tally


def soak_kills(kills: int, seed: int, tmp: Path) -> tuple[int, int, bool, float]:
    from tests.batch.test_run import lines_by_id, write_corpus
    from tests.robustness.fuzz import start_and_kill

    ids = write_corpus(tmp / "c.jsonl", 120_000, seed=seed, bad_every=101)
    rng = random.Random(seed)
    cmd = [sys.executable, "-m", "geonews", "batch", "c.jsonl", "-o", "out", "--workers", "2",
           "--batch-size", "16", "--no-zones", "-q"]
    injected = duplicates = 0
    progress: list[int] = []
    for _ in range(kills):
        injected += start_and_kill(cmd, tmp, rng.uniform(1.0, 4.0))
        if (tmp / "out").exists():
            try:
                counts = lines_by_id(tmp / "out")
            except AssertionError:  # a torn tail: allowed until the next run cuts it off
                continue
            duplicates += sum(v - 1 for v in counts.values())
            progress.append(len(counts))
    t = time.perf_counter()
    subprocess.run(cmd, cwd=tmp, check=True)
    final = lines_by_id(tmp / "out")
    print(f"  articles done when each kill struck: {progress[:8]} … {progress[-3:]}")
    return injected, duplicates, final == {i: 1 for i in ids}, time.perf_counter() - t


def soak_cache(kills: int, seed: int, tmp: Path) -> tuple[int, int]:
    from tests.robustness.test_faults import WRITER

    from geonews.places.geocoders.nominatim import AnswerCache

    rng, path, healthy = random.Random(seed), tmp / "cache.sqlite", 0
    for k in range(kills):
        proc = subprocess.Popen([sys.executable, "-c", WRITER, str(path), f"k{k}", "1000000"],
                                stdout=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.2, 1.0))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        db = sqlite3.connect(path)
        ok = db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        db.close()
        cache = AnswerCache(path)
        cache.put("probe", [k])
        healthy += ok and cache.get("probe") == [k]
    return kills, healthy


TEMPLATE_PIECES = ["{{ 7*7 }}", "{{", "}}", "{%", "%}", "{#", "#}", "{% raw %}",
                   "{% endraw %}", "{{ this }}", "{{ kwargs }}", "{%- if 1 -%}", "{% endif %}",
                   "{{ lipsum.__globals__.os.popen('touch CANARY').read() }}",
                   "{{ cycler.__init__.__globals__.os.system('touch CANARY') }}", "${7*7}",
                   "#{7*7}", "<%= 7*7 %>", "</script><script>", "<img src=x onerror=alert(1)>",
                   "`", "\\", "'", '"', "<!--", "\u2028", "&amp;", " "]


def _payload(rng: random.Random, canary: Path) -> str:
    return "".join(rng.choice(TEMPLATE_PIECES) for _ in range(rng.randint(1, 6))).replace(
        "CANARY", str(canary))


def soak_templates(n: int, seed: int, tmp: Path) -> Counter:
    """Maps of extractions and zone layers whose every field is a template payload."""
    import json as _json

    import geopandas as gpd
    from shapely.geometry import box

    import geonews
    from geonews.maps import map_articles, map_zones, save_map
    from geonews.maps.elements import Features
    from geonews.pipeline import extraction_from_dict

    rng, tally, canary = random.Random(seed), Counter(), tmp / "pwned"
    base = geonews.extract("On 5 May 2024 the army told residents of Abasan and block 64 to "
                           "leave for Rafah.", title="t").to_dict()

    def words_in(m) -> set[str]:
        """Every string the page's feature layers carry: own, per-thing and quoted."""
        out = set()

        def strings(value):
            if isinstance(value, str):
                out.add(value)
            elif isinstance(value, dict):
                for v in value.values():
                    strings(v)
            elif isinstance(value, list):
                for v in value:
                    strings(v)

        for child in m._children.values():
            for element in getattr(child, "_children", {}).values():
                if isinstance(element, Features):
                    strings(_json.loads(element.data))
        return out

    for k in range(n):
        w = [_payload(rng, canary) for _ in range(6)]
        try:
            if k % 2 == 0:
                data = _json.loads(_json.dumps(base))
                data.update(title=w[0], source=w[1])
                for d in data["directives"]:
                    d.update(sentence=w[2], issuer=w[3], date=w[4])
                    for ref in d["affected"] + d["destinations"]:
                        ref.update(kind=w[5])
                m = map_articles([extraction_from_dict(data)], tiles=False, title=w[0])
                expected = {w[2], f"issued by {w[3]} \u00b7 {w[4]}"}
            else:
                layer = gpd.GeoDataFrame({"name": w[:3], "description": w[3:], "source": w[:3],
                                          "date": ["2025-01-01", "2025-01-02", w[4]]},
                                         geometry=[box(34.3, 31.3, 34.31, 31.31)] * 3, crs=4326)
                from geonews.zones.layers import read_zones

                m = map_zones(read_zones([layer]), tiles=False, title=w[5])
                expected = set(w[:3])
            save_map(m, tmp / "m.html", self_contained=bool(k % 3 == 0))
            missing = expected - words_in(m)
            if canary.exists():
                tally["problem: a payload ran"] += 1
                canary.unlink()
            elif missing:
                tally["problem: a payload did not come back verbatim"] += 1
            else:
                tally["page rendered, every payload data"] += 1
        except Exception as exc:  # noqa: BLE001 - counted: any failure is a finding
            tally[f"problem: {type(exc).__name__}: {str(exc)[:60]}"] += 1
    return tally


# (Over the 2,000,000-character article limit but under the 5 MB record limit, so that the
# record is read and its error line carries its id; a record over 5 MB is not parsed and
# is reported by its line, "c.jsonl:148", as the README says.)
POISON = [{"text": "On Sunday residents of Abasan were told to leave.", "date": "0001-01-01"},
          {"text": "Residents of Rafah \ud800 were told to leave."},
          {"text": "Residents of\u0000 Abasan were told to leave."},
          {"text": ""}, {"text": "x" * 2_500_000}, {"text": ["not", "text"]},
          {"text": "Residents of Khan\u00a0Younis were told to go to al-Mawasi."},
          {"text": "." * 50_000 + "x"}, {"text": "Rafah: evacuate now\n" * 5_000}]


def soak_poisoned(runs: int, seed: int, tmp: Path) -> tuple[int, int, int]:
    """Batches that mix ordinary and poisoned articles; returns (runs, articles, whole)."""
    import json as _json

    from tests.batch.test_run import write_corpus

    rng, whole, total = random.Random(seed), 0, 0
    for r in range(runs):
        run_dir = tmp / f"r{r}"
        run_dir.mkdir()
        ids = write_corpus(run_dir / "c.jsonl", 300, seed=seed + r)
        lines = (run_dir / "c.jsonl").read_text().splitlines()
        for k in range(rng.randint(5, 20)):
            record = dict(rng.choice(POISON), id=f"poison-{k}")
            raw = _json.dumps(record).replace("\\\\ud800", "\\ud800")
            lines.insert(rng.randrange(len(lines)), raw)
            ids.append(record["id"])
        (run_dir / "c.jsonl").write_text("\n".join(lines) + "\n")
        proc = subprocess.run([sys.executable, "-m", "geonews", "batch", "c.jsonl", "-o", "out",
                               "-q", "--no-zones"], cwd=run_dir, capture_output=True, text=True)
        seen = Counter()
        for name in ("extractions.jsonl", "errors.jsonl"):
            with open(run_dir / "out" / name, encoding="utf-8") as fh:
                seen.update(_json.loads(line)["id"] for line in fh)
        total += len(ids)
        whole += proc.returncode == 0 and "Traceback" not in proc.stderr and \
            seen == Counter(ids)
    return runs, total, whole


def soak_concurrent(runs: int, seed: int, tmp: Path) -> tuple[int, int]:
    """Two batches at once on one output directory; returns (runs, runs that held)."""
    from tests.batch.test_run import lines_by_id, write_corpus

    held = 0
    for r in range(runs):
        run_dir = tmp / f"r{r}"
        run_dir.mkdir()
        ids = write_corpus(run_dir / "c.jsonl", 3_000, seed=seed + r)
        cmd = [sys.executable, "-m", "geonews", "batch", "c.jsonl", "-o", "out", "-q",
               "--no-zones"]
        procs = [subprocess.Popen(cmd, cwd=run_dir, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.PIPE, text=True) for _ in range(2)]
        codes = sorted(p.wait() for p in procs)
        errors = [p.stderr.read() for p in procs]
        refused = codes == [0, 2] and any("another geonews batch" in e for e in errors)
        finished_both = codes == [0, 0]  # the second started after the first had finished
        held += (refused or finished_both) and lines_by_id(run_dir / "out") == {
            i: 1 for i in ids}
    return runs, held


def soak_growth(largest: int) -> list[tuple[str, list[float], float]]:
    """(shape, seconds per size, slope) for the whole extraction of each shape."""
    from tests.robustness.test_growth import SHAPES, best_time

    from geonews.pipeline import Extractor

    import numpy as np

    extractor = Extractor()
    sizes = [largest // 8, largest // 4, largest // 2, largest]
    out = []
    for shape, make in SHAPES.items():
        times = []
        for n in sizes:
            text = make(n)
            times.append(best_time(lambda text=text: extractor.extract(text)))
        out.append((shape, times, float(np.polyfit(np.log(sizes), np.log(times), 1)[0])))
    return out


def soak_servers(rounds: int, tmp: Path) -> Counter:
    """Lookups against hostile local servers; counts how each ended."""
    import warnings

    from tests.places.test_nominatim_limits import LocalServer, send_json

    from geonews.places.geocoders.nominatim import AnswerCache, NominatimGeocoder

    def trickle(h):
        h.send_response(200)
        h.send_header("Content-Type", "application/json")
        h.end_headers()
        for _ in range(200):
            h.wfile.write(b" ")
            h.wfile.flush()
            time.sleep(0.02)

    def flood(h):
        h.send_response(200)
        h.send_header("Content-Type", "application/json")
        h.end_headers()
        chunk = b"[" * 65536
        for _ in range(200):  # 13 MB, over the 5 MB cap
            h.wfile.write(chunk)

    def redirect(h):
        h.send_response(302)
        h.send_header("Location", "http://127.0.0.2:9/elsewhere")
        h.end_headers()

    answers = {
        "trickle": trickle, "flood": flood, "redirect": redirect,
        "nested": lambda h: send_json(h, "[" * 100_000 + "]" * 100_000),
        "bad bbox": lambda h: send_json(h, [{"lat": "31.3", "lon": "34.3",
                                             "boundingbox": ["x", "y", "z", "w"],
                                             "display_name": "Zqvx"}]),
        "not json": lambda h: send_json(h, "<html>busy</html>"),
        "nan": lambda h: send_json(h, '[{"lat": NaN, "lon": 1, "display_name": "Zqvx"}]'),
    }
    tally: Counter = Counter()
    cache_path = tmp / "cache.sqlite"
    for r in range(rounds):
        for label, answer in answers.items():
            server = LocalServer(answer)
            g = NominatimGeocoder(domain=server.domain, scheme="http", timeout=1.0,
                                  min_delay_seconds=0.0, cache=AnswerCache(cache_path),
                                  user_agent="geonews-soak/1.0")
            t = time.monotonic()
            try:
                with warnings.catch_warnings(record=True) as caught:
                    warnings.simplefilter("always")
                    found = g.geocode(f"Zqvx {label} {r}")
                took = time.monotonic() - t
                if took > 3.0:
                    tally[f"problem: {label} took {took:.1f} s"] += 1
                elif found:
                    tally[f"problem: {label} gave an answer"] += 1
                elif not caught:
                    tally[f"problem: {label} ended without a warning"] += 1
                else:
                    tally["ended by its deadline with a warning, nothing cached"] += 1
            except Exception as exc:  # noqa: BLE001 - counted: any failure is a finding
                tally[f"problem: {label}: {type(exc).__name__}"] += 1
            finally:
                server.close()
    db = sqlite3.connect(cache_path)
    try:
        cached = db.execute("SELECT COUNT(*) FROM sqlite_master WHERE type='table'").fetchone()
        rows = sum(db.execute(f"SELECT COUNT(*) FROM {name}").fetchone()[0]
                   for (name,) in db.execute("SELECT name FROM sqlite_master "
                                             "WHERE type='table'"))
    finally:
        db.close()
    if rows:
        tally[f"problem: {rows} answers cached ({cached[0]} tables)"] += 1
    return tally


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--fuzz", type=int, default=20_000)
    ap.add_argument("--kills", type=int, default=50)
    ap.add_argument("--cache-kills", type=int, default=20)
    ap.add_argument("--templates", type=int, default=2_000)
    ap.add_argument("--poisoned", type=int, default=10)
    ap.add_argument("--concurrent", type=int, default=10)
    ap.add_argument("--largest", type=int, default=2_000_000)
    ap.add_argument("--server-rounds", type=int, default=20)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    os.environ.setdefault("GEONEWS_HOME", tempfile.mkdtemp(prefix="geonews-soak-home-"))
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        t = time.perf_counter()
        (tmp / "fuzz").mkdir()
        tally = soak_fuzz(args.fuzz, args.seed, tmp / "fuzz")
        print(f"fuzz: {sum(tally.values()):,} command runs on {args.fuzz:,} mutated files in "
              f"{time.perf_counter() - t:.0f} s; peak RSS "
              f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
        for key, n in tally.most_common():
            print(f"  {n:>7,}  {key}")
        (tmp / "kills").mkdir()
        injected, dups, exact, finish = soak_kills(args.kills, args.seed, tmp / "kills")
        print(f"batch: {injected} kill -9 injected in {args.kills} runs; duplicate lines seen "
              f"between runs: {dups}; final result exactly one line per article: {exact} "
              f"(last run {finish:.0f} s)")
        (tmp / "cache").mkdir()
        tried, healthy = soak_cache(args.cache_kills, args.seed, tmp / "cache")
        print(f"cache: {tried} writers killed mid-write; cache whole and working after: "
              f"{healthy}/{tried}")
        (tmp / "templates").mkdir()
        t = time.perf_counter()
        tally = soak_templates(args.templates, args.seed, tmp / "templates")
        print(f"templates: {sum(tally.values()):,} maps with payloads in every field in "
              f"{time.perf_counter() - t:.0f} s")
        for key, n in tally.most_common():
            print(f"  {n:>7,}  {key}")
        (tmp / "poisoned").mkdir()
        runs, articles, whole = soak_poisoned(args.poisoned, args.seed, tmp / "poisoned")
        print(f"poisoned corpora: {runs} batches, {articles:,} articles; every article in "
              f"exactly one result file, exit 0, no traceback: {whole}/{runs}")
        (tmp / "concurrent").mkdir()
        runs, held = soak_concurrent(args.concurrent, args.seed, tmp / "concurrent")
        print(f"concurrent runs: {runs} pairs of batches on one output; one refused or both "
              f"done in turn, one line per article: {held}/{runs}")
        print(f"growing inputs: whole extraction up to {args.largest:,} characters")
        for shape, times, slope in soak_growth(args.largest):
            print(f"  {shape:<13} {' '.join(f'{t:.2f}' for t in times)} s   slope {slope:.2f}")
        (tmp / "servers").mkdir()
        tally = soak_servers(args.server_rounds, tmp / "servers")
        print(f"hostile servers: {sum(tally.values()):,} lookups")
        for key, n in tally.most_common():
            print(f"  {n:>7,}  {key}")


if __name__ == "__main__":
    main()
