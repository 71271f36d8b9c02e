"""Make a synthetic news corpus for batch runs: JSONL (optionally .gz), one article per line.

    python benchmarks/make_corpus.py 100000 -o corpus.jsonl.gz [--seed 1] [--bad 0.002]

Articles are written from this file's own templates (no real article text) and the
shipped gazetteer's names — Gaza towns, camps, neighbourhoods in their many
spellings, numbered blocks, Arabic names, and world places for the unrelated
stories — with what scraped news really carries: a headline, a dateline, photo
captions, "Read more" links, a "More latest news" list, curly quotes, stray
whitespace, and a share of articles with no order at all.  ``--bad`` adds a
fraction of broken records (invalid JSON, empty text, wrong types, binary junk).
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import sys
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

ORDERS = [
    "The Israeli military ordered residents of {a}, {b} and {c} to leave their homes and move "
    "to {d}.",
    "In a post on X, the army's Arabic-language spokesman told people in blocks {n1}, {n2} and "
    "{n3} to evacuate immediately to the humanitarian area in {d}.",
    "Leaflets dropped over {a} on {weekday} called on residents to head south to shelters in {d}.",
    "The evacuation order covers {a} and parts of {b}, the military said, urging families to go "
    "to {d}.",
    "Residents of the eastern neighbourhoods of {a} were instructed to relocate west of "
    "Salah al-Din Road.",
    "توجهوا فورا إلى {d_ar} — قال المتحدث باسم الجيش لسكان {a_ar}.",
]
CONTEXT = [
    "Aid groups said the shelters in {d} were already overcrowded, with {k} families sleeping "
    "in the open.",
    "“There is nowhere safe to go,” said a mother of {k2} who fled {a} last year.",
    "The UN humanitarian office estimated that {k}0,000 people had been displaced from {b} "
    "since the start of the month.",
    "Strikes were reported overnight near {c}, according to the civil defence.",
    "Hospitals in {b} warned that fuel would run out within {k2} days.",
    "Talks in {world1} and {world2} on a ceasefire made little progress, officials said.",
]
UNRELATED = [
    "Flooding closed roads across {world1} on {weekday}, and schools in {world2} stayed shut.",
    "The festival in {world1} drew record crowds, organisers said.",
    "Markets in {world2} fell after the central bank held rates.",
]
TAILS = ["Picture: Getty Images", "Read more: Aid convoys stuck at the crossing",
         "More Latest News\n{world1} council votes on new park\nStorm heads towards {world2}\n"
         "Transfer news: striker joins {world1} club"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def gazetteer_names():
    """Spellings of Gaza places (English and Arabic) and big world places, from the gazetteer."""
    from geonews.places.gazetteer import Gazetteer

    g = Gazetteer.default()
    latin, arabic = [], []
    for kind in ("city", "town", "village", "camp", "neighbourhood"):
        for p in g.places(kind=kind, region="gaza"):
            for name, lang in g.names(p):
                if lang == "ar":
                    arabic.append(name)
                elif lang not in ("he",) and name.isascii() and len(name) > 3:
                    latin.append(name)
    world = sorted({p.name for p in g.places(kind="city", region="world")
                    if (p.population or 0) > 2_000_000 and p.name.isascii()})
    blocks = [int(p.code) for p in g.places(kind="block")]
    return sorted(set(latin)), sorted(set(arabic)), world, blocks


def make_article(rng: random.Random, names, day: date, i: int) -> dict:
    latin, arabic, world, blocks = names
    a, b, c, d = rng.sample(latin, 4)
    fill = dict(a=a, b=b, c=c, d=d, a_ar=rng.choice(arabic), d_ar=rng.choice(arabic),
                n1=rng.choice(blocks), n2=rng.choice(blocks), n3=rng.choice(blocks),
                k=rng.randint(2, 90), k2=rng.randint(2, 9), weekday=rng.choice(WEEKDAYS),
                world1=rng.choice(world), world2=rng.choice(world))
    paragraphs = []
    kind = rng.random()
    if kind < 0.7:  # an evacuation story
        paragraphs.append(rng.choice(ORDERS[:5]).format(**fill))
        paragraphs += [rng.choice(CONTEXT).format(**fill) for _ in range(rng.randint(3, 8))]
        if rng.random() < 0.3:
            paragraphs.append(rng.choice(ORDERS).format(**fill))
    elif kind < 0.85:  # war news without an order
        paragraphs += [rng.choice(CONTEXT).format(**fill) for _ in range(rng.randint(3, 7))]
    else:  # unrelated news
        paragraphs += [rng.choice(UNRELATED).format(**fill) for _ in range(rng.randint(2, 5))]
    if rng.random() < 0.5:
        paragraphs.insert(rng.randint(0, len(paragraphs)), rng.choice(TAILS[:2]))
    if rng.random() < 0.3:
        paragraphs.append(TAILS[2].format(**fill))
    headline = f"{a}: " + rng.choice(["evacuation orders widen", "families flee again",
                                      "latest updates", "what we know"])
    dateline = f"{day.day} {day.strftime('%B %Y')}"
    sep = rng.choice(["\n\n", "\n", "\n \n"])
    text = headline + sep + dateline + sep + sep.join(paragraphs)
    return {"id": f"synthetic-{i:08d}", "title": headline, "date": day.isoformat(),
            "url": f"https://news.example.org/{day.isoformat()}/{i}", "text": text}


def bad_record(rng: random.Random, i: int) -> bytes:
    choice = rng.randrange(4)
    if choice == 0:
        return b'{"id": "broken-%d", "text": "unterminated' % i
    if choice == 1:
        return json.dumps({"id": f"empty-{i}", "text": ""}).encode()
    if choice == 2:
        return json.dumps({"id": f"typed-{i}", "text": 12345}).encode()
    return bytes(rng.randrange(256) for _ in range(200)).replace(b"\n", b" ")


def write_corpus(path: Path, n: int, *, seed: int = 1, bad: float = 0.0) -> None:
    rng = random.Random(seed)
    names = gazetteer_names()
    opener = gzip.open if path.suffix == ".gz" else open
    start = date(2024, 10, 1)
    with opener(path, "wb") as fh:
        for i in range(n):
            if bad and rng.random() < bad:
                fh.write(bad_record(rng, i) + b"\n")
                continue
            day = start + timedelta(days=i * 365 // max(n, 1))
            fh.write(json.dumps(make_article(rng, names, day, i), ensure_ascii=False)
                     .encode("utf-8") + b"\n")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("n", type=int, help="number of articles")
    ap.add_argument("-o", "--output", type=Path, required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--bad", type=float, default=0.0, help="fraction of broken records")
    args = ap.parse_args()
    write_corpus(args.output, args.n, seed=args.seed, bad=args.bad)
    print(f"wrote {args.n:,} articles to {args.output} ({args.output.stat().st_size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
