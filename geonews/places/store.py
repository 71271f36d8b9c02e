"""The gazetteer's on-disk form: one SQLite file per region source.

The shipped gazetteer and every region a user imports share this schema, so
one reader serves both.  A lookup touches a handful of index pages, never the
whole world: the ``names`` table is a covering index of name keys, and
geometries are WKB blobs read only when asked for.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .names import cross_key, keys


def name_keys(name: str) -> tuple[str, str, str]:
    """The keys under which a name is stored and looked up (exact key without spaces).

    >>> name_keys("Khan Younis")
    ('khanyounis', 'khanyounis', 'khns')
    """
    exact, loose, skeleton = keys(name)
    return exact.replace(" ", ""), loose, skeleton

SCHEMA_VERSION = "1"

SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE places (
    id INTEGER PRIMARY KEY,
    gid TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    name_ar TEXT,
    kind TEXT NOT NULL,
    country TEXT,
    admin1 TEXT,
    parent TEXT,
    code TEXT,
    lat REAL NOT NULL,
    lon REAL NOT NULL,
    population INTEGER,
    source INTEGER NOT NULL REFERENCES sources (id),
    region TEXT NOT NULL,
    fuzzy INTEGER NOT NULL,
    minx REAL, miny REAL, maxx REAL, maxy REAL,
    geometry BLOB
);
CREATE INDEX places_code ON places (kind, code) WHERE code IS NOT NULL;
CREATE TABLE sources (id INTEGER PRIMARY KEY, text TEXT NOT NULL UNIQUE);
-- form: 0 exact key (spaces removed), 1 loose key, 2 skeleton key, 3 cross-script key
-- (geonews.places.names);
-- a looser key equal to a stricter one of the same place is not stored again.
CREATE TABLE names (
    key TEXT NOT NULL, form INTEGER NOT NULL, place INTEGER NOT NULL, weight REAL NOT NULL,
    PRIMARY KEY (key, form, place)
) WITHOUT ROWID;
CREATE TABLE alt_names (
    place INTEGER NOT NULL, name TEXT NOT NULL, lang TEXT,
    PRIMARY KEY (place, name)
) WITHOUT ROWID;
CREATE TABLE block_orders (
    block INTEGER NOT NULL, date TEXT NOT NULL, status TEXT NOT NULL,
    order_ref TEXT, source_url TEXT, map_url TEXT
);
CREATE INDEX block_orders_block ON block_orders (block, date);
"""


@dataclass
class PlaceRecord:
    """A place as a builder or importer hands it to :class:`GazetteerWriter`."""

    gid: str
    name: str
    kind: str
    lat: float
    lon: float
    source: str
    region: str
    country: str | None = None
    admin1: str | None = None
    parent: str | None = None
    code: str | None = None
    population: int | None = None
    name_ar: str | None = None
    geometry: object | None = None  # a shapely geometry, or None for a point
    #: whether spelling-tolerant (skeleton) keys are stored for this place
    fuzzy: bool = True
    #: whether cross-script keys (Arabic name ↔ Latin transliteration) are stored
    cross: bool = False
    #: every name the place is known by: (name, lang or None, weight 0–1)
    names: list[tuple[str, str | None, float]] = field(default_factory=list)

    def add_name(self, name: str | None, lang: str | None = None, weight: float = 1.0) -> None:
        if not name or not isinstance(name, str):
            return
        name = " ".join(name.split())
        if name and all(n != name for n, _, _ in self.names):
            self.names.append((name, lang, weight))


class GazetteerWriter:
    """Writes a gazetteer database atomically (a temporary file renamed at the end).

    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "mini.sqlite"
    >>> with GazetteerWriter(path, region="mini", description="doctest") as w:
    ...     r = PlaceRecord("x:1", "Springfield", "town", 40.0, -89.0, "doctest", "mini")
    ...     r.add_name("Springfield")
    ...     _ = w.add(r)
    >>> path.exists()
    True
    """

    def __init__(self, path: Path, *, region: str, description: str, sources: Iterable[str] = ()):
        self.path = Path(path)
        self.tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        self.meta = {"schema": SCHEMA_VERSION, "region": region, "description": description,
                     "sources": json.dumps(list(sources))}
        self._next_id = 1
        self._gids: dict[str, int] = {}
        self._sources: dict[str, int] = {}

    def __enter__(self) -> GazetteerWriter:
        self.tmp.parent.mkdir(parents=True, exist_ok=True)
        self.tmp.unlink(missing_ok=True)
        self.db = sqlite3.connect(self.tmp)
        self.db.execute("PRAGMA journal_mode=OFF")
        self.db.execute("PRAGMA synchronous=OFF")
        self.db.executescript(SCHEMA)
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is not None:
            self.db.close()
            self.tmp.unlink(missing_ok=True)
            return
        self.db.executemany("INSERT INTO meta VALUES (?, ?)", sorted(self.meta.items()))
        self.db.commit()
        self.db.execute("ANALYZE")
        self.db.execute("VACUUM")
        self.db.close()
        os.replace(self.tmp, self.path)

    def __contains__(self, gid: str) -> bool:
        return gid in self._gids

    def add(self, rec: PlaceRecord) -> int:
        """Insert one place with its names and name keys; returns its row id."""
        if rec.gid in self._gids:
            raise ValueError(f"duplicate place id {rec.gid!r}")
        rowid = self._next_id
        self._next_id += 1
        self._gids[rec.gid] = rowid
        bbox: tuple = (None, None, None, None)
        wkb = None
        if rec.geometry is not None and not rec.geometry.is_empty:
            bbox = tuple(rec.geometry.bounds)
            wkb = rec.geometry.wkb
        if not any(n == rec.name for n, _, _ in rec.names):
            rec.names.insert(0, (rec.name, None, 1.0))
        self.db.execute(
            "INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (rowid, rec.gid, rec.name, rec.name_ar, rec.kind, rec.country, rec.admin1, rec.parent,
             rec.code, float(rec.lat), float(rec.lon), rec.population, self._source_id(rec.source),
             rec.region, int(rec.fuzzy), *bbox, wkb),
        )
        self.db.executemany("INSERT OR IGNORE INTO alt_names VALUES (?,?,?)",
                            [(rowid, n, lang) for n, lang, _ in rec.names])
        best: dict[tuple[str, int], float] = {}
        forms = 3 if rec.fuzzy else 2
        for n, _, weight in rec.names:
            if weight <= 0:
                continue  # a display-only name
            seen: set[str] = set()
            for form, key in enumerate(name_keys(n)[:forms]):
                if key and key not in seen and best.get((key, form), -1.0) < weight:
                    best[(key, form)] = weight
                seen.add(key)
        if rec.cross:
            for n, _, weight in rec.names:
                key = cross_key(n)
                if weight > 0 and len(key) >= 3 and best.get((key, 3), -1.0) < weight:
                    best[(key, 3)] = weight
        self.db.executemany("INSERT INTO names VALUES (?,?,?,?)",
                            [(k, f, rowid, w) for (k, f), w in best.items()])
        return rowid

    def _source_id(self, text: str) -> int:
        sid = self._sources.get(text)
        if sid is None:
            sid = self._sources[text] = len(self._sources) + 1
            self.db.execute("INSERT INTO sources VALUES (?, ?)", (sid, text))
        return sid

    def add_block_orders(self, rows: Iterable[tuple]) -> None:
        """Rows of (block, date ISO, status, order_ref, source_url, map_url)."""
        self.db.executemany("INSERT INTO block_orders VALUES (?,?,?,?,?,?)", rows)


def connect_readonly(path: Path, *, immutable: bool) -> sqlite3.Connection:
    """Open a gazetteer file for reading only.

    ``immutable`` (for the shipped file) lets SQLite skip locking altogether,
    which is also what makes it readable from a read-only site-packages.
    """
    uri = Path(path).resolve().as_uri() + ("?mode=ro&immutable=1" if immutable else "?mode=ro")
    db = sqlite3.connect(uri, uri=True, check_same_thread=False)
    # Map the file instead of copying pages through SQLite's small default cache: the
    # operating system shares the mapped pages between processes and loads only those
    # a lookup touches.
    db.execute("PRAGMA mmap_size = 268435456")
    db.execute("PRAGMA cache_size = -16384")
    return db
