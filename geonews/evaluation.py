"""Measuring the extractor on annotated articles (``../shared/eval/dev``; schema in its README).

Scores, summed over all articles (micro-averages):

* toponyms — distinct surfaces found vs annotated (case, marks, apostrophes and a
  leading "the" folded);
* geocoding — for annotated toponyms with coordinates that were found, whether
  the chosen place lies within the kind's radius of the annotation (5 km for
  towns and neighbourhoods, 15 km for governorates and roads, 40 km for regions,
  the same country for countries);
* end-to-end geocoding — the same test over *all* annotated toponyms with
  coordinates: a name that was not found, or found but not placed, is a miss.
  It is what a map drawn from the article gets right, recall and geocoding in
  one figure (geocoding alone ignores the names the finder missed);
* affected, destinations — places in those roles; a found place matches an
  annotated one by name (any of its annotated surfaces) or by lying within
  1.5 km of its annotated point;
* blocks — block numbers;
* directive detection — whether an article reports an order, over all
  articles and over the negative ones.

The same run scores a baseline: geotext's city and country finder for
toponyms, geocoded naively by the most populous GeoNames place of that name.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .places.names import exact_key, loose_key

RADIUS_KM = {"city": 5, "town": 5, "village": 5, "neighbourhood": 5, "camp": 5, "landmark": 5,
             "hospital": 5, "crossing": 5, "governorate": 15, "road": 15, "zone": 15,
             "region": 40}
POINT_MATCH_KM = 1.5


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, tp: int, fp: int, fn: int) -> None:
        self.tp += tp
        self.fp += fp
        self.fn += fn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": round(self.precision, 3),
                "recall": round(self.recall, 3), "f1": round(self.f1, 3)}


@dataclass
class Accuracy:
    right: int = 0
    total: int = 0

    @property
    def value(self) -> float:
        return self.right / self.total if self.total else 1.0

    def as_dict(self) -> dict:
        return {"right": self.right, "total": self.total, "accuracy": round(self.value, 3)}


@dataclass
class Report:
    toponyms: Score = field(default_factory=Score)
    geocoding: Accuracy = field(default_factory=Accuracy)
    geocoding_e2e: Accuracy = field(default_factory=Accuracy)
    affected: Score = field(default_factory=Score)
    destinations: Score = field(default_factory=Score)
    blocks: Score = field(default_factory=Score)
    directive: Accuracy = field(default_factory=Accuracy)
    negatives: Accuracy = field(default_factory=Accuracy)
    articles: int = 0
    details: list[dict] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"articles": self.articles, "toponyms": self.toponyms.as_dict(),
                "geocoding": self.geocoding.as_dict(),
                "geocoding_end_to_end": self.geocoding_e2e.as_dict(),
                "affected": self.affected.as_dict(),
                "destinations": self.destinations.as_dict(), "blocks": self.blocks.as_dict(),
                "directive_detection": self.directive.as_dict(),
                "negatives_without_directive": self.negatives.as_dict()}


def surface_key(text: str) -> str:
    """How surfaces are compared: folded, without a leading "the" or a possessive."""
    key = exact_key(text)
    if key.startswith("the "):
        key = key[4:]
    return key.replace(" ", "")


def km(lat1, lon1, lat2, lon2) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = (math.sin((p2 - p1) / 2) ** 2
         + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2)
    return 12742 * math.asin(min(1.0, math.sqrt(h)))


def placed_right(gold: dict, mention: dict) -> bool:
    """Whether a found mention lies within the gold toponym's radius (its country, for a
    country).

    >>> g = {"kind": "town", "lat": 31.34, "lon": 34.30, "country": "PS"}
    >>> placed_right(g, {"lat": 31.35, "lon": 34.31}), placed_right(g, {"lat": None})
    (True, False)
    """
    if mention.get("lat") is None:
        return False
    if gold["kind"] == "country":
        return (mention.get("country") or "").upper() == (gold.get("country") or "").upper()
    return km(gold["lat"], gold["lon"], mention["lat"], mention["lon"]) <= RADIUS_KM.get(
        gold["kind"], 5)


def load_articles(directory: Path | str) -> list[dict]:
    files = sorted(Path(directory).glob("*.json"))
    if not files:
        from .errors import InputError

        raise InputError(f"{directory}: no annotated articles (*.json)")
    out = []
    for f in files:
        try:
            data = json.loads(f.read_text(encoding="utf-8"))
            data["text"], data["gold"]  # noqa: B018 - required fields
        except (ValueError, KeyError) as exc:
            from .errors import InputError

            raise InputError(f"{f}: not an annotated article ({exc})") from None
        data.setdefault("id", f.stem)
        out.append(data)
    return out


class _GoldPlaces:
    """The annotated places of one article, by canonical name, with all their surfaces."""

    def __init__(self, toponyms: list[dict]):
        self.keys: dict[str, set[str]] = {}
        self.points: dict[str, list[tuple[float, float]]] = {}
        for t in toponyms:
            place = t["place"]
            self.keys.setdefault(place, {surface_key(place), loose_key(place)}).update(
                {surface_key(t["surface"]), loose_key(t["surface"])})
            if t.get("lat") is not None and t.get("lon") is not None:
                self.points.setdefault(place, []).append((t["lat"], t["lon"]))

    def matches(self, canonical: str, item: dict) -> bool:
        keys = self.keys.get(canonical, {surface_key(canonical), loose_key(canonical)})
        names = [item.get("text"), item.get("name")]
        if any(n and (surface_key(n) in keys or loose_key(n) in keys) for n in names):
            return True
        if item.get("lat") is None:
            return False
        return any(km(lat, lon, item["lat"], item["lon"]) <= POINT_MATCH_KM
                   for lat, lon in self.points.get(canonical, []))


def _score_roles(gold_names: list[str], found: list[dict], gold: _GoldPlaces, score: Score
                 ) -> dict:
    matched_gold, matched_found = set(), set()
    for i, item in enumerate(found):
        for g in gold_names:
            if g not in matched_gold and gold.matches(g, item):
                matched_gold.add(g)
                matched_found.add(i)
                break
    tp = len(matched_gold)
    fp = len(found) - len(matched_found)
    fn = len(gold_names) - tp
    score.add(tp, fp, fn)
    return {"missed": [g for g in gold_names if g not in matched_gold],
            "extra": [found[i].get("text") for i in range(len(found)) if i not in matched_found]}


def _distinct_role_places(extraction: dict, role: str) -> list[dict]:
    seen, out = set(), []
    for d in extraction["directives"]:
        for item in d[role]:
            key = item.get("place_id") or surface_key(item["text"])
            if key not in seen:
                seen.add(key)
                out.append(item)
    return out


def evaluate(articles: Iterable[dict], extract) -> Report:
    """Score ``extract`` (text, date → extraction dict) on annotated articles."""
    report = Report()
    for art in articles:
        gold = art["gold"]
        result = extract(art["text"], art.get("date"))
        report.articles += 1
        gold_places = _GoldPlaces(gold["toponyms"])
        # toponyms
        gold_surfaces = {surface_key(t["surface"]): t for t in gold["toponyms"]}
        found: dict[str, dict] = {}
        for m in result["mentions"]:
            found.setdefault(surface_key(m["text"]), m)
        tp = [k for k in found if k in gold_surfaces]
        report.toponyms.add(len(tp), len(found) - len(tp), len(gold_surfaces) - len(tp))
        # geocoding, of the names found and end to end (a name not found is a miss)
        for k, g in gold_surfaces.items():
            if g.get("lat") is None:
                continue
            m = found.get(k)
            ok = m is not None and placed_right(g, m)
            report.geocoding_e2e.total += 1
            report.geocoding_e2e.right += ok
            if m is not None:
                report.geocoding.total += 1
                report.geocoding.right += ok
        # roles
        detail = {"id": art["id"],
                  "missed_toponyms": sorted(g["surface"] for k, g in gold_surfaces.items()
                                            if k not in found),
                  "extra_toponyms": sorted(m["text"] for k, m in found.items()
                                           if k not in gold_surfaces)}
        detail["affected"] = _score_roles(gold["affected"], _distinct_role_places(
            result, "affected"), gold_places, report.affected)
        detail["destinations"] = _score_roles(gold["destinations"], _distinct_role_places(
            result, "destinations"), gold_places, report.destinations)
        found_blocks = {b for d in result["directives"] for b in d["blocks"]}
        gold_blocks = set(gold.get("blocks", []))
        report.blocks.add(len(found_blocks & gold_blocks), len(found_blocks - gold_blocks),
                          len(gold_blocks - found_blocks))
        has = bool(result["directives"])
        report.directive.total += 1
        report.directive.right += has == bool(gold["has_directive"])
        if not gold["has_directive"]:
            report.negatives.total += 1
            report.negatives.right += not has
        detail["has_directive"] = {"gold": gold["has_directive"], "found": has}
        report.details.append(detail)
    return report


def geotext_baseline(articles: list[dict]) -> Report:
    """geotext finds city and country names; the most populous namesake is the geocode."""
    from geotext import GeoText

    from .places.gazetteer import Gazetteer

    gaz = Gazetteer.default()

    def extract(text: str, date):
        geo = GeoText(text)
        mentions = []
        for name in dict.fromkeys([*geo.cities, *geo.countries]):
            cands = sorted(gaz.lookup(name), key=lambda c: -(c.place.population or 0))
            p = cands[0].place if cands else None
            mentions.append({"text": name, "lat": p.lat if p else None,
                             "lon": p.lon if p else None, "country": p.country if p else None})
        return {"mentions": mentions, "directives": []}

    return evaluate(articles, extract)


def format_report(report: Report, baseline: Report | None = None) -> str:
    rows = [("toponyms F1", report.toponyms.f1, baseline.toponyms.f1 if baseline else None),
            ("toponyms precision", report.toponyms.precision,
             baseline.toponyms.precision if baseline else None),
            ("toponyms recall", report.toponyms.recall,
             baseline.toponyms.recall if baseline else None),
            ("geocoding accuracy", report.geocoding.value,
             baseline.geocoding.value if baseline else None),
            ("geocoding end to end", report.geocoding_e2e.value,
             baseline.geocoding_e2e.value if baseline else None),
            ("affected F1", report.affected.f1, baseline.affected.f1 if baseline else None),
            ("affected precision", report.affected.precision, None),
            ("affected recall", report.affected.recall, None),
            ("destinations F1", report.destinations.f1,
             baseline.destinations.f1 if baseline else None),
            ("destinations precision", report.destinations.precision, None),
            ("destinations recall", report.destinations.recall, None),
            ("blocks F1", report.blocks.f1, baseline.blocks.f1 if baseline else None),
            ("directive detection accuracy", report.directive.value,
             baseline.directive.value if baseline else None),
            ("negatives without a directive", report.negatives.value, None)]
    lines = [f"{report.articles} articles", f"{'measure':32} {'geonews':>9} {'geotext':>9}"]
    for label, value, base in rows:
        b = f"{base:9.3f}" if base is not None else f"{'':>9}"
        lines.append(f"{label:32} {value:9.3f} {b}")
    return "\n".join(lines)
