"""Read access to the gazetteer: the shipped database plus the user's regions.

>>> gaz = Gazetteer.default()
>>> [c.place.name for c in gaz.lookup("Khan Yunis") if c.place.kind == "city"]
['Khan Yunis']
"""

from __future__ import annotations

import json
import sqlite3
import threading
import warnings
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..collector import no_gc_pauses
from ..paths import regions_dir, shipped_gazetteer
from .model import Candidate, Place
from .names import cross_key, exact_key, is_arabic, loose_key, skeleton_key
from .store import connect_readonly

_PLACE_COLUMNS = ("id, gid, name, name_ar, kind, country, admin1, parent, code, lat, lon, "
                  "population, source, region, minx, miny, maxx, maxy, geometry IS NOT NULL")

#: Names worth looking for in running text: every name of the regions covered in depth
#: (not block numbers: those have their own grammar); from the world, countries,
#: regions, counties, curated seas and rivers, and places of a given population.
MENTION_NAMES_SQL = (
    "SELECT a.name FROM alt_names a JOIN places p ON p.id = a.place "
    "WHERE p.kind != 'block' AND (a.lang IS NULL OR a.lang != 'he') AND ("
    "  p.region != 'world' OR ("
    "    (p.kind IN ('country', 'region', 'county') OR p.population >= ? "
    "     OR p.gid LIKE 'feature:%')"
    # GeoNames' short alternate names of world places are mostly codes and abbreviations
    # ("MP", "VE", "Dec"): only own names and curated aliases.
    "    AND (length(a.name) > 3 OR a.name = p.name OR a.lang = 'en')"
    # In Arabic text no capital marks a name, and many small places are called by
    # common words ("بيان", statement): big places only.
    "    AND (a.lang IS NOT 'ar' OR p.kind IN ('country', 'region') "
    "         OR p.population >= 100000)))")

_LOOKUP_SQL = ("SELECT n.key, n.form, n.place, n.weight, p.id, p.gid, p.name, p.name_ar, p.kind, "
               "p.country, p.admin1, p.parent, p.code, p.lat, p.lon, p.population, p.source, "
               "p.region, p.minx, p.miny, p.maxx, p.maxy, p.geometry IS NOT NULL "
               "FROM names n JOIN places p ON p.id = n.place "
               "WHERE n.key IN (?, ?) AND n.form < 2")
#: names whose keys one query of :meth:`Gazetteer.lookup_many` asks for (SQLite allows
#: 32,766 parameters; past a few hundred a longer statement saves nothing more)
LOOKUP_BATCH = 500

#: how much a variant match is worth next to an exact one
VARIANT_LOOSE = 0.95
VARIANT_SKELETON_MIN_SIMILARITY = 75.0
MIN_SKELETON = 3
MIN_CROSS = 3
CROSS_SCRIPT = 0.75
QUALIFIERS = frozenset({"city", "town", "village", "area", "areas", "municipality"})
FUZZY_MIN_SCORE = 82.0
# Typos are forgiven for the regions covered in depth and for the world's larger
# places; a typo that lands on a small foreign village is more likely a wrong guess.
FUZZY_WORLD_POP = 15_000


@dataclass(frozen=True)
class BlockOrder:
    """One dated IDF order touching one evacuation block (gazamaps.com records)."""

    block: int
    date: str
    status: str  # "displaced" (ordered to leave) or "safe" (named a humanitarian area)
    order_ref: str | None
    source_url: str | None
    map_url: str | None


@dataclass
class GazetteerSource:
    """One database file the gazetteer reads."""

    path: Path
    db: sqlite3.Connection
    region: str
    description: str
    shipped: bool
    source_text: dict[int, str]


def _typo_similarity(a: str, b: str) -> float:
    """0–100: the better of indel similarity and transposition-aware edit similarity.

    >>> round(_typo_similarity("rafha", "rafah"))
    80
    """
    from rapidfuzz import fuzz
    from rapidfuzz.distance import OSA

    return max(fuzz.ratio(a, b), OSA.normalized_similarity(a, b) * 100)


class _FuzzyIndex:
    """Name keys bucketed by their first and last letters.

    A typo rarely hits both ends of a name, so comparing the query with the keys
    that share its start or its end finds it while scoring a few hundred keys
    instead of all of them.  Every key is filed under its first and last two and
    three letters; a query uses three letters when it is long enough, else two.
    Buckets hold ready-made choice lists, so a query costs two C-speed scans.
    """

    def __init__(self, rows: Sequence[tuple[str, int, int, float]]):
        buckets: dict[str, tuple[list[str], list[tuple[int, int, float]]]] = {}
        for key, src, pid, weight in rows:
            ref = (src, pid, weight)  # one tuple shared by the key's four buckets
            for b in ("^" + key[:2], key[-2:] + "$", "^" + key[:3], key[-3:] + "$"):
                got = buckets.get(b)
                if got is None:
                    buckets[b] = ([key], [ref])
                else:
                    got[0].append(key)
                    got[1].append(ref)
        self.buckets = buckets

    def search(self, key: str, limit: int) -> list[tuple[float, int, int, float]]:
        from rapidfuzz import fuzz, process

        n = 3 if len(key) >= 7 else 2
        best: dict[tuple[int, int], tuple[float, int, int, float]] = {}
        for b in ("^" + key[:n], key[-n:] + "$"):
            keys, refs = self.buckets.get(b, ((), ()))
            # Indel ratio runs in C over the bucket; only its short list is re-scored
            # with transpositions counted ("rafha" is one swap from "rafah").
            for choice, _, pos in process.extract(key, keys, scorer=fuzz.ratio,
                                                  score_cutoff=FUZZY_MIN_SCORE - 12,
                                                  limit=limit * 6):
                score = _typo_similarity(key, choice)
                src, pid, weight = refs[pos]
                if score >= FUZZY_MIN_SCORE and best.get((src, pid), (0,))[0] < score:
                    best[(src, pid)] = (score, src, pid, weight)
        return sorted(best.values(), key=lambda r: -r[0])[: limit * 3]


class Gazetteer:
    """Places by name, id or block number, from one or more gazetteer files.

    The default gazetteer is the shipped one plus every region the user imported
    (see :mod:`geonews.places.importers`).  Opening it reads no place data;
    lookups read only the index pages they need.
    """

    def __init__(self, paths: Sequence[Path | str] | None = None, *, include_user: bool = True):
        try:
            shipped_path: Path | None = shipped_gazetteer().resolve()
        except FileNotFoundError:
            if paths is None:
                raise
            shipped_path = None
        found: list[Path] = []
        if paths is None:
            paths = [shipped_path]
            if include_user and regions_dir().is_dir():
                found = sorted(regions_dir().glob("*.sqlite"))
                paths += found
        self.sources: list[GazetteerSource] = []
        for p in paths:
            p = Path(p)
            try:
                self.sources.append(_open_source(p, shipped=p.resolve() == shipped_path))
            except GazetteerError as exc:
                if p not in found:
                    raise
                # A stray file in the regions directory (an empty one, another program's
                # database) must not break every command: it is left out, and said so.
                warnings.warn(f"{exc}; skipped (remove it, or import the region again)",
                              stacklevel=2)
        self._places: OrderedDict[tuple[int, int], Place] = OrderedDict()
        self._lock = threading.Lock()
        self._fuzzy: _FuzzyIndex | None = None
        self._cross: frozenset[str] | None = None
        # Rows fetched ahead by lookup_many for this thread's lookups: {source: {key: rows}}
        self._ahead = threading.local()

    _default: Gazetteer | None = None

    @classmethod
    def default(cls) -> Gazetteer:
        """The process-wide gazetteer (shipped data plus the user's regions)."""
        if cls._default is None:
            cls._default = cls()
        return cls._default

    @classmethod
    def reset_default(cls) -> None:
        """Forget the process-wide gazetteer (after a region was imported or removed)."""
        cls._default = None

    # ------------------------------------------------------------------ places
    def _place(self, src: int, row: Sequence) -> Place:
        bbox = tuple(row[14:18]) if row[14] is not None else None
        return Place(id=row[1], name=row[2], name_ar=row[3], kind=row[4], country=row[5],
                     admin1=row[6], parent=row[7], code=row[8], lat=row[9], lon=row[10],
                     population=row[11], source=self.sources[src].source_text.get(row[12], ""),
                     region=row[13], bbox=bbox,
                     has_geometry=bool(row[18]))

    def _places_by_rowid(self, src: int, ids: Sequence[int]) -> dict[int, Place]:
        out: dict[int, Place] = {}
        missing = []
        for pid in ids:
            hit = self._places.get((src, pid))
            if hit is None:
                missing.append(pid)
            else:
                out[pid] = hit
        if missing:
            marks = ",".join("?" * len(missing))
            rows = self.sources[src].db.execute(
                f"SELECT {_PLACE_COLUMNS} FROM places WHERE id IN ({marks})", missing)
            for row in rows:
                out[row[0]] = self._remember(src, row[0], self._place(src, row))
        return out

    def _remember(self, src: int, rowid: int, place: Place) -> Place:
        """Keep a place for the next lookups; the oldest go first past 50,000."""
        with self._lock:
            self._places[(src, rowid)] = place
            while len(self._places) > 50_000:
                self._places.popitem(last=False)
        return place

    @lru_cache(maxsize=65536)  # noqa: B019 - the gazetteer lives as long as the process
    def get(self, place_id: str) -> Place | None:
        """The place with this id, or None (the user's regions first).

        >>> Gazetteer.default().get("block:64").name
        'Block 64'
        """
        for i, s in reversed(list(enumerate(self.sources))):
            row = s.db.execute(f"SELECT {_PLACE_COLUMNS} FROM places WHERE gid = ?",
                               (place_id,)).fetchone()
            if row:
                return self._place(i, row)
        return None

    def _locate(self, place_id: str) -> tuple[GazetteerSource, int] | None:
        for s in reversed(self.sources):
            row = s.db.execute("SELECT id FROM places WHERE gid = ?", (place_id,)).fetchone()
            if row:
                return s, row[0]
        return None

    def geometry(self, place: Place | str):
        """The place's shape (polygon or line) if known, else its point, as shapely.

        >>> Gazetteer.default().geometry("ps:gaza-strip").geom_type
        'Polygon'
        """
        import shapely
        from shapely.geometry import Point

        pid = place if isinstance(place, str) else place.id
        loc = self._locate(pid)
        if loc is None:
            raise KeyError(pid)
        s, rowid = loc
        wkb, lat, lon = s.db.execute("SELECT geometry, lat, lon FROM places WHERE id = ?",
                                     (rowid,)).fetchone()
        return shapely.from_wkb(wkb) if wkb is not None else Point(lon, lat)

    def names(self, place: Place | str) -> list[tuple[str, str | None]]:
        """Every name the place is known by, with its language where known."""
        pid = place if isinstance(place, str) else place.id
        loc = self._locate(pid)
        if loc is None:
            raise KeyError(pid)
        s, rowid = loc
        return [(n, lang) for n, lang in
                s.db.execute("SELECT name, lang FROM alt_names WHERE place = ?", (rowid,))]

    def places(self, *, kind: str | None = None, region: str | None = None) -> Iterator[Place]:
        """All places, optionally of one kind and/or one region ("gaza", "world", a user's)."""
        where, params = [], []
        if kind:
            where.append("kind = ?")
            params.append(kind)
        if region:
            where.append("region = ?")
            params.append(region)
        sql = f"SELECT {_PLACE_COLUMNS} FROM places"
        if where:
            sql += " WHERE " + " AND ".join(where)
        for i, s in enumerate(self.sources):
            for row in s.db.execute(sql, params):
                yield self._place(i, row)

    def places_in(self, bbox: tuple[float, float, float, float], *,
                  kinds: Sequence[str] | None = None, limit: int | None = None
                  ) -> list[Place]:
        """Places whose point lies in ``bbox`` (min lon, min lat, max lon, max lat), the most
        populous first; ``kinds`` keeps only those kinds.

        >>> [p.name for p in Gazetteer.default().places_in((34.2, 31.2, 34.6, 31.6),
        ...                                                kinds=["country"])]
        []
        """
        minx, miny, maxx, maxy = (float(v) for v in bbox)
        sql = f"SELECT {_PLACE_COLUMNS} FROM places WHERE lon BETWEEN ? AND ? AND lat BETWEEN ? AND ?"
        params: list = [minx, maxx, miny, maxy]
        if kinds:
            sql += f" AND kind IN ({','.join('?' * len(kinds))})"
            params += list(kinds)
        sql += " ORDER BY COALESCE(population, 0) DESC"
        if limit is not None:
            sql += " LIMIT ?"
            params.append(int(limit))
        out = [self._place(i, row) for i, s in enumerate(self.sources)
               for row in s.db.execute(sql, params)]
        out.sort(key=lambda p: -(p.population or 0))
        return out[:limit] if limit is not None else out

    def shapes_over(self, bbox: tuple[float, float, float, float], *, kinds: Sequence[str]
                    ) -> list[Place]:
        """Places of ``kinds`` that have a shape whose bounding box meets ``bbox``.

        >>> [p.id for p in Gazetteer.default().shapes_over((34.3, 31.3, 34.31, 31.31),
        ...                                                kinds=["governorate"])]
        ['ps:gov:PS0270', 'ps:gov:PS0275']
        """
        minx, miny, maxx, maxy = (float(v) for v in bbox)
        sql = (f"SELECT {_PLACE_COLUMNS} FROM places WHERE geometry IS NOT NULL "
               f"AND kind IN ({','.join('?' * len(kinds))}) "
               "AND minx <= ? AND maxx >= ? AND miny <= ? AND maxy >= ?")
        params = [*kinds, maxx, minx, maxy, miny]
        return [self._place(i, row) for i, s in enumerate(self.sources)
                for row in s.db.execute(sql, params)]

    def mention_names(self, world_min_population: int) -> Iterator[str]:
        """Names worth looking for in running text (see :data:`MENTION_NAMES_SQL`)."""
        for s in self.sources:
            yield from (n for (n,) in s.db.execute(MENTION_NAMES_SQL, (world_min_population,)))

    def detailed_names(self) -> Iterator[str]:
        """Every Latin-script name of the regions covered in depth (not the world)."""
        for s in self.sources:
            yield from (n for (n,) in s.db.execute(
                "SELECT a.name FROM alt_names a JOIN places p ON p.id = a.place "
                "WHERE p.region != 'world' AND p.kind != 'block' AND (a.lang IS NULL "
                "OR a.lang NOT IN ('ar', 'he'))"))

    @lru_cache(maxsize=4096)  # noqa: B019 - the gazetteer lives as long as the process
    def block(self, number: int) -> Place | None:
        """The IDF evacuation block with this number (remembered: reading an article's
        directives asks it of every block number in the text, a query each).

        >>> Gazetteer.default().block(64).kind
        'block'
        """
        for i, s in enumerate(self.sources):
            row = s.db.execute(f"SELECT {_PLACE_COLUMNS} FROM places WHERE kind = 'block' "
                               "AND code = ?", (str(int(number)),)).fetchone()
            if row:
                return self._place(i, row)
        return None

    def block_orders(self, number: int | None = None) -> list[BlockOrder]:
        """Dated orders for one block (or all blocks), oldest first."""
        out: list[BlockOrder] = []
        for s in self.sources:
            sql = "SELECT block, date, status, order_ref, source_url, map_url FROM block_orders"
            params: tuple = ()
            if number is not None:
                sql += " WHERE block = ?"
                params = (int(number),)
            out += [BlockOrder(*r) for r in s.db.execute(sql + " ORDER BY date, block", params)]
        return out

    # ------------------------------------------------------------------ names
    @lru_cache(maxsize=65536)  # noqa: B019 - the gazetteer lives as long as the process
    def lookup(self, name: str) -> tuple[Candidate, ...]:
        """Places whose names match ``name`` exactly or as a spelling variant.

        Each candidate's ``quality`` says how the name matched: 1.0 for an exact
        match on a preferred name, less for alternate names and variants.
        """
        exact, loose = self._lookup_keys(name)
        if not exact:
            return ()
        best: dict[tuple[int, int], tuple[str, float]] = {}
        for si, s in enumerate(self.sources):
            rows = self._rows_ahead(si, exact, loose)
            if rows is None:  # one round trip: the matching keys with their places' rows
                rows = s.db.execute(_LOOKUP_SQL, (exact, loose)).fetchall()
            for row in rows:
                if (si, row[2]) not in self._places:
                    self._remember(si, row[2], self._place(si, row[4:]))
            for key, form, pid, weight, *_ in rows:
                if key == exact and form == 0:
                    hit = ("exact", weight)
                else:
                    hit = ("variant", VARIANT_LOOSE * weight)
                prev = best.get((si, pid))
                if prev is None or prev[1] < hit[1]:
                    best[(si, pid)] = hit
        skeleton_hits: list[tuple[int, int, float]] = []
        if not best:
            # Only when nothing matched more closely: a skeleton hit is a guess that needs
            # checking against the place's names, and that costs more than the rest.
            skeleton = skeleton_key(name)
            if len(skeleton) < MIN_SKELETON:
                skeleton = exact  # "Gaza" → "gz" would match half the world's short names
            for si, s in enumerate(self.sources):
                skeleton_hits += [(si, pid, w) for pid, w in s.db.execute(
                    "SELECT place, weight FROM names WHERE key = ? AND form < 3", (skeleton,))]
        cross = cross_key(name) if not is_arabic(name) else ""
        if len(cross) >= MIN_CROSS and cross in self._cross_keys():
            # A place known only by its Arabic name, written in English ("Kfarjoz"); asked
            # even after an exact hit, since "Zefta" is a town in Egypt and a village in
            # Lebanon, and only the article can tell which.
            for si, s in enumerate(self.sources):
                for pid, w in s.db.execute(
                        "SELECT place, weight FROM names WHERE key = ? AND form = 3", (cross,)):
                    best.setdefault((si, pid), ("variant", CROSS_SCRIPT * w))
        if skeleton_hits:
            sims = self._best_similarities(skeleton_hits, loose)
            for si, pid, weight in skeleton_hits:
                sim = sims.get((si, pid), 0.0)
                if sim >= VARIANT_SKELETON_MIN_SIMILARITY:
                    quality = weight * (0.5 + 0.4 * sim / 100)
                    if best.get((si, pid), ("", 0.0))[1] < quality:
                        best[(si, pid)] = ("variant", quality)
        found = self._candidates(best)
        words = name.split()
        if len(words) > 1 and words[-1].lower() in QUALIFIERS and not any(
                c.match == "exact" for c in found):
            # "Rafah city", "Jabalia town": the qualifier is no part of the name.
            bare = self.lookup(" ".join(words[:-1]))
            known = {c.place.id for c in found}
            found += tuple(Candidate(c.place, "variant", round(c.quality * VARIANT_LOOSE, 4))
                           for c in bare if c.place.id not in known)
        return found

    def lookup_many(self, names: Sequence[str]) -> list[tuple[Candidate, ...]]:
        """:meth:`lookup` of each name, with the same answers, in fewer queries.

        A long list (a sheet of 100,000 names) spent a fifth of its time on one round
        trip to SQLite per name; here the keys of ``LOOKUP_BATCH`` names go in one
        ``key IN (...)`` query, and each name's rows are handed to :meth:`lookup`
        (whose cache then holds the answers) in the order its own query returns them:
        by key, then form and place, the primary key's order.

        >>> g = Gazetteer.default()
        >>> g.lookup_many(["Rafah", "Khan Yunis"]) == [g.lookup("Rafah"), g.lookup("Khan Yunis")]
        True
        """
        out: list[tuple[Candidate, ...]] = []
        for start in range(0, len(names), LOOKUP_BATCH):
            chunk = names[start:start + LOOKUP_BATCH]
            keys = sorted({k for n in chunk for k in self._lookup_keys(n) if k})
            marks = ",".join("?" * len(keys))
            sql = _LOOKUP_SQL.replace("IN (?, ?)", f"IN ({marks})")
            ahead: list[dict[str, list]] = []
            for s in self.sources:
                by_key: dict[str, list] = {}
                if keys:
                    for row in s.db.execute(sql, keys):
                        by_key.setdefault(row[0], []).append(row)
                ahead.append(by_key)
            self._ahead.rows = (frozenset(keys), ahead)
            try:
                out += [self.lookup(n) for n in chunk]
            finally:
                self._ahead.rows = None
        return out

    @staticmethod
    def _lookup_keys(name: str) -> tuple[str, str]:
        return exact_key(name).replace(" ", ""), loose_key(name)

    def _rows_ahead(self, si: int, exact: str, loose: str) -> list | None:
        """The rows lookup_many fetched for these keys, as their own query would return
        them; None for keys it did not fetch ("Rafah" of "Rafah city", asked by lookup)."""
        ahead = getattr(self._ahead, "rows", None)
        if ahead is None or exact not in ahead[0] or loose not in ahead[0]:
            return None
        by_key = ahead[1][si]
        return [row for key in sorted({exact, loose}) for row in by_key.get(key, ())]

    def _cross_keys(self) -> frozenset[str]:
        """Every cross-script key of every source: few (the places known only in Arabic),
        so a set in memory spares most lookups a query."""
        if self._cross is None:
            self._cross = frozenset(k for s in self.sources for (k,) in s.db.execute(
                "SELECT key FROM names WHERE form = 3"))
        return self._cross

    def _candidates(self, best: dict[tuple[int, int], tuple[str, float]]) -> tuple[Candidate, ...]:
        by_src: dict[int, list[int]] = {}
        for si, pid in best:
            by_src.setdefault(si, []).append(pid)
        # A place imported by the user may also ship (a GeoNames id): keep one, the
        # user's copy (later source) on a tie, since it is the one they curated.
        found: dict[str, Candidate] = {}
        for si in sorted(by_src):
            places = self._places_by_rowid(si, by_src[si])
            for pid in by_src[si]:
                match, quality = best[(si, pid)]
                cand = Candidate(places[pid], match, round(quality, 4))  # type: ignore[arg-type]
                prev = found.get(cand.place.id)
                if prev is None or prev.quality <= cand.quality:
                    found[cand.place.id] = cand
        return tuple(sorted(found.values(), key=lambda c: (-c.quality, c.place.id)))

    def _best_similarities(self, hits: list[tuple[int, int, float]], loose: str
                           ) -> dict[tuple[int, int], float]:
        """For each (source, place), the best similarity of ``loose`` to one of its names."""
        from rapidfuzz import fuzz

        by_src: dict[int, list[int]] = {}
        for si, pid, _ in hits:
            by_src.setdefault(si, []).append(pid)
        out: dict[tuple[int, int], float] = {}
        for si, pids in by_src.items():
            marks = ",".join("?" * len(pids))
            for pid, n in self.sources[si].db.execute(
                    f"SELECT place, name FROM alt_names WHERE place IN ({marks})", pids):
                sim = fuzz.ratio(loose, loose_key(n))
                if sim > out.get((si, pid), -1.0):
                    out[(si, pid)] = sim
        return out

    def _fuzzy_index(self) -> _FuzzyIndex:
        # A quarter of a million rows and a million bucket entries, all kept: with the
        # collector on, its passes over them took more than half of the build.
        with no_gc_pauses():
            rows = []
            for si, s in enumerate(self.sources):
                rows += [(k, si, p, w) for k, p, w in s.db.execute(
                    "SELECT n.key, n.place, n.weight FROM names n JOIN places p "
                    "ON p.id = n.place WHERE n.form < 2 AND p.fuzzy = 1 AND n.weight > 0 "
                    "AND (p.region != 'world' OR p.population >= ? "
                    "OR p.kind IN ('country', 'region', 'county'))", (FUZZY_WORLD_POP,))]
            return _FuzzyIndex(rows)

    def fuzzy(self, name: str, limit: int = 5) -> tuple[Candidate, ...]:
        """Places whose names are close to ``name`` (typos), best first.

        Only the regions covered in depth and world places of 15,000 people or more
        are searched (the index is built on first use, in about a second).
        """
        loose = loose_key(name)
        if len(loose) < 4:
            return ()
        if self._fuzzy is None:
            self._fuzzy = self._fuzzy_index()
        best: dict[tuple[int, int], tuple[str, float]] = {}
        for score, si, pid, weight in self._fuzzy.search(loose, limit):
            quality = 0.8 * weight * score / 100
            if best.get((si, pid), ("", 0.0))[1] < quality:
                best[(si, pid)] = ("fuzzy", quality)
        return self._candidates(best)[: limit * 2]

    # ------------------------------------------------------------------ info
    def info(self) -> list[dict]:
        """What is loaded, from where, with counts per source and kind."""
        out = []
        for s in self.sources:
            meta = dict(s.db.execute("SELECT key, value FROM meta").fetchall())
            kinds = dict(s.db.execute("SELECT kind, count(*) FROM places GROUP BY kind "
                                      "ORDER BY count(*) DESC").fetchall())
            by_source = dict(s.db.execute(
                "SELECT s.text, count(*) FROM places p JOIN sources s ON s.id = p.source "
                "GROUP BY s.text ORDER BY count(*) DESC").fetchall())
            names = s.db.execute("SELECT count(*) FROM alt_names").fetchone()[0]
            orders = s.db.execute("SELECT count(*) FROM block_orders").fetchone()[0]
            out.append({
                "path": str(s.path), "region": s.region, "description": s.description,
                "shipped": s.shipped, "built": meta.get("built"),
                "sources": json.loads(meta.get("sources", "[]")),
                "places": sum(kinds.values()), "names": names, "block_orders": orders,
                "kinds": kinds, "by_source": by_source,
                "size_mb": round(s.path.stat().st_size / 1e6, 1),
            })
        return out


#: The tables every gazetteer file has (see :data:`geonews.places.store.SCHEMA`).
_TABLES = frozenset({"meta", "places", "sources", "names", "alt_names", "block_orders"})


def _open_source(path: Path, *, shipped: bool) -> GazetteerSource:
    """One gazetteer file, opened for reading; GazetteerError if it is not one."""
    db = None
    try:
        db = connect_readonly(path, immutable=shipped)
        tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if _TABLES - tables:
            raise GazetteerError(f"{path}: not a geonews gazetteer (no table "
                                 f"{', '.join(sorted(_TABLES - tables))})")
        meta = dict(db.execute("SELECT key, value FROM meta").fetchall())
        source_text = dict(db.execute("SELECT id, text FROM sources").fetchall())
    except (sqlite3.Error, GazetteerError) as exc:
        if db is not None:
            db.close()
        if isinstance(exc, GazetteerError):
            raise
        raise GazetteerError(f"{path}: not a geonews gazetteer ({exc})") from None
    return GazetteerSource(path, db, meta.get("region", path.stem), meta.get("description", ""),
                           shipped, source_text)


class GazetteerError(Exception):
    """A gazetteer file that cannot be read, or an import that cannot be done."""
