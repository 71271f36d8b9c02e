"""Where ``geonews serve`` keeps its collection: articles, their extractions, the analysts'
corrections and the zones they add up to.

Two backends behind one small interface (:class:`Store`):

* an embedded SQLite file (the default; in the user data directory), in WAL mode so
  that readers never wait for the writer, with writes serialised in the process and a
  busy timeout between processes;
* PostgreSQL with PostGIS (``--db postgresql://…``), through psycopg, for a team: the
  zones' geometries are PostGIS geometries and the region filter is ``ST_Intersects``.

Every value reaches SQL as a parameter, never inside the statement: article text,
titles and names are hostile.  The machine's extraction is stored as it came and never
changed; corrections are rows of their own, and the zones of an article are rebuilt
from the extraction *with* its corrections each time either changes.
"""

from __future__ import annotations

from abc import ABC, abstractmethod

import json
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from ..errors import InputError

#: The columns of a stored zone, as :func:`geonews.zones.layers.zone_rows` gives them,
#: plus which article, directive and place reference they came from.
ZONE_FIELDS = ("article_id", "directive", "ref", "role", "kind", "name", "place_id", "block",
               "date", "sentence", "description", "title", "source")


def now() -> str:
    """The time of a change, in UTC, to the second (ISO 8601)."""
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


@dataclass
class Article:
    """One stored article: its text, the machine's extraction, when and by whom it came."""

    id: str
    text: str
    extraction: dict
    title: str | None = None
    date: str | None = None
    url: str | None = None
    added_by: str | None = None
    added_at: str | None = None

    def summary(self) -> dict:
        return {"id": self.id, "title": self.title, "date": self.date, "url": self.url,
                "added_by": self.added_by, "added_at": self.added_at,
                "directives": len(self.extraction.get("directives", []))}


@dataclass
class Correction:
    """An analyst's change to one article's extraction (see :mod:`geonews.serve.corrections`)."""

    kind: str               # "role" | "place" | "add"
    target: str | None      # the place reference it changes ("2513:2522"), None for "add"
    value: dict
    who: str | None = None
    at: str | None = None
    id: int | None = None
    article_id: str | None = None

    def to_dict(self) -> dict:
        return {"id": self.id, "article_id": self.article_id, "kind": self.kind,
                "target": self.target, "value": self.value, "who": self.who, "at": self.at}


@dataclass
class ZoneQuery:
    """A selection of zones: by date (inclusive, ISO days), role and region."""

    since: str | None = None
    until: str | None = None
    roles: Sequence[str] = ()
    region: object | None = None      # a shapely geometry in WGS 84
    article_ids: Sequence[str] = ()
    limit: int | None = None

    @property
    def bbox(self) -> tuple[float, float, float, float] | None:
        return None if self.region is None else tuple(self.region.bounds)


@dataclass
class ZoneRow:
    fields: dict
    geometry: object = field(repr=False)


class Conflict(InputError):
    """An article id that is already stored with another text."""


class Store(ABC):
    """What the app needs of a database; see :class:`SQLiteStore` and :class:`PostgresStore`."""

    #: how a statement marks a parameter ("?" for SQLite, "%s" for psycopg)
    placeholder = "?"
    url: str = ""

    # -- connection handling, per backend -------------------------------------------------
    @abstractmethod
    def _read(self) -> Iterator:
        """A context manager giving a cursor to read with."""

    @abstractmethod
    def _write(self) -> Iterator:
        """A context manager giving a cursor whose work is committed as one transaction."""

    def _sql(self, statement: str) -> str:
        return statement if self.placeholder == "?" else statement.replace("?", "%s")

    # -- one connection per thread, all closed together --------------------------------------
    def _start_connections(self) -> None:
        self._local = threading.local()
        self._connections: list = []
        self._connections_lock = threading.Lock()

    def _keep(self, conn):
        """Remember a new connection as this thread's (and for :meth:`close`)."""
        self._local.conn = conn
        with self._connections_lock:
            self._connections.append(conn)
        return conn

    def close(self) -> None:
        with self._connections_lock:
            for conn in self._connections:
                conn.close()
            self._connections.clear()
        self._local = threading.local()

    # -- articles --------------------------------------------------------------------------
    def add_article(self, article: Article, zones: list[ZoneRow]) -> tuple[Article, bool]:
        """Store an article with its zones; ``(stored, created)``.

        The same id with the same text is the same article (a client's retry): it is
        returned as stored, not added twice.  The same id with another text is refused.
        """
        article.added_at = article.added_at or now()
        with self._write() as cur:
            # Insert-or-nothing in one statement: two servers (or threads of a PostgreSQL
            # server) adding the same article at once meet in the database, not in Python.
            cur.execute(self._sql(
                "INSERT INTO articles (id, title, date, url, text, extraction, added_by, "
                "added_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING"),
                (article.id, article.title, article.date, article.url, article.text,
                 json.dumps(article.extraction, ensure_ascii=False), article.added_by,
                 article.added_at))
            created = cur.rowcount == 1
            if created:
                self._insert_zones(cur, article.id, zones)
            else:
                cur.execute(self._sql("SELECT text FROM articles WHERE id = ?"), (article.id,))
                if cur.fetchone()[0] != article.text:
                    raise Conflict(f"article {article.id!r} is already stored with another text")
        return (self.article(article.id) if not created else article), created

    def article(self, article_id: str) -> Article | None:
        with self._read() as cur:
            cur.execute(self._sql(
                "SELECT id, text, extraction, title, date, url, added_by, added_at "
                "FROM articles WHERE id = ?"), (article_id,))
            row = cur.fetchone()
        if row is None:
            return None
        return Article(row[0], row[1], json.loads(row[2]), *row[3:])

    def articles(self, *, since: str | None = None, until: str | None = None,
                 limit: int = 1000, offset: int = 0) -> list[Article]:
        """Articles in the order they were added, with their extractions (for lists, maps
        and exports); ``since``/``until`` select by the article's date."""
        where, params = self._date_filter("date", since, until)
        with self._read() as cur:
            cur.execute(self._sql(
                "SELECT id, text, extraction, title, date, url, added_by, added_at FROM "
                f"articles{where} ORDER BY seq LIMIT ? OFFSET ?"), (*params, limit, offset))
            rows = cur.fetchall()
        return [Article(r[0], r[1], json.loads(r[2]), *r[3:]) for r in rows]

    def count_articles(self) -> int:
        with self._read() as cur:
            cur.execute("SELECT COUNT(*) FROM articles")
            return int(cur.fetchone()[0])

    def article_ids(self) -> list[str]:
        with self._read() as cur:
            cur.execute("SELECT id FROM articles ORDER BY seq")
            return [r[0] for r in cur.fetchall()]

    # -- corrections -----------------------------------------------------------------------
    def add_correction(self, article_id: str, correction: Correction,
                       rebuild) -> Correction:
        """Store a correction and replace the article's zones by ``rebuild(corrections)``
        (all the article's corrections, this one last), in one transaction."""
        correction.at = correction.at or now()
        correction.article_id = article_id
        with self._write() as cur:
            cur.execute(self._sql(
                "INSERT INTO corrections (article_id, kind, target, value, who, at) "
                "VALUES (?, ?, ?, ?, ?, ?)"),
                (article_id, correction.kind, correction.target,
                 json.dumps(correction.value, ensure_ascii=False), correction.who,
                 correction.at))
            cur.execute(self._sql("SELECT MAX(id) FROM corrections WHERE article_id = ?"),
                        (article_id,))
            correction.id = int(cur.fetchone()[0])
            zones = rebuild(self._corrections(cur, article_id))
            cur.execute(self._sql("DELETE FROM zones WHERE article_id = ?"), (article_id,))
            self._insert_zones(cur, article_id, zones)
        return correction

    def corrections(self, article_id: str | None = None) -> list[Correction]:
        with self._read() as cur:
            return self._corrections(cur, article_id)

    def _corrections(self, cur, article_id: str | None) -> list[Correction]:
        where, params = ("", ()) if article_id is None else (" WHERE article_id = ?",
                                                             (article_id,))
        cur.execute(self._sql("SELECT id, article_id, kind, target, value, who, at FROM "
                              f"corrections{where} ORDER BY id"), params)
        return [Correction(r[2], r[3], json.loads(r[4]), r[5], r[6], int(r[0]), r[1])
                for r in cur.fetchall()]

    # -- zones -----------------------------------------------------------------------------
    @abstractmethod
    def _insert_zones(self, cur, article_id: str, zones: list[ZoneRow]) -> None:
        """Store an article's zones (with their geometry, as the backend indexes it)."""

    @abstractmethod
    def zones(self, query: ZoneQuery) -> list[ZoneRow]:
        """The zones a query selects (the backend filters by area its own way)."""

    def _zone_filter(self, query: ZoneQuery) -> tuple[list[str], list]:
        clauses, params = [], []
        if query.since:
            clauses.append("date >= ?")
            params.append(query.since)
        if query.until:
            clauses.append("date <= ?")
            params.append(query.until)
        if query.roles:
            clauses.append("role IN (" + ", ".join("?" for _ in query.roles) + ")")
            params += list(query.roles)
        if query.article_ids:
            clauses.append("article_id IN (" + ", ".join("?" for _ in query.article_ids) + ")")
            params += list(query.article_ids)
        return clauses, params

    @staticmethod
    def _date_filter(column: str, since: str | None, until: str | None) -> tuple[str, list]:
        clauses, params = [], []
        if since:
            clauses.append(f"{column} >= ?")
            params.append(since)
        if until:
            clauses.append(f"{column} <= ?")
            params.append(until)
        return ((" WHERE " + " AND ".join(clauses)) if clauses else ""), params


# --------------------------------------------------------------------------------- SQLite

_SQLITE_SCHEMA = """
CREATE TABLE IF NOT EXISTS articles (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    title TEXT, date TEXT, url TEXT,
    text TEXT NOT NULL,
    extraction TEXT NOT NULL,
    added_by TEXT, added_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS articles_date ON articles (date);
CREATE TABLE IF NOT EXISTS corrections (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    kind TEXT NOT NULL, target TEXT, value TEXT NOT NULL,
    who TEXT, at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS corrections_article ON corrections (article_id);
CREATE TABLE IF NOT EXISTS zones (
    article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    directive INTEGER, ref TEXT, role TEXT, kind TEXT, name TEXT, place_id TEXT,
    block INTEGER, date TEXT, sentence TEXT, description TEXT, title TEXT, source TEXT,
    minx REAL, miny REAL, maxx REAL, maxy REAL,
    geometry BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS zones_article ON zones (article_id);
CREATE INDEX IF NOT EXISTS zones_date ON zones (date);
"""


class SQLiteStore(Store):
    """The collection in one SQLite file (WAL mode: readers never block on the writer).

    Writes of this process take a lock first, so that its threads never meet SQLite's
    "database is locked"; other processes on the same file wait up to ``busy_timeout``.
    """

    placeholder = "?"

    def __init__(self, path: Path | str):
        self.path = Path(path)
        self.url = str(self.path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise InputError(f"{self.path.parent}: cannot create the database directory "
                             f"({exc.strerror})") from None
        self._start_connections()
        self._write_lock = threading.Lock()
        conn = self._connection()
        try:
            conn.executescript(_SQLITE_SCHEMA)
        except sqlite3.DatabaseError as exc:
            raise InputError(f"{self.path}: not a geonews collection ({exc})") from None

    def _connection(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            try:
                conn = sqlite3.connect(self.path, timeout=60, isolation_level=None,
                                       check_same_thread=False)
                conn.execute("PRAGMA journal_mode=WAL")
            except sqlite3.DatabaseError as exc:
                raise InputError(f"{self.path}: cannot open the database ({exc})") from None
            conn.execute("PRAGMA foreign_keys=ON")
            conn.execute("PRAGMA synchronous=NORMAL")  # WAL: durable at checkpoints, fast
            self._keep(conn)
        return conn

    @contextmanager
    def _read(self):
        cur = self._connection().cursor()
        try:
            yield cur
        finally:
            cur.close()

    @contextmanager
    def _write(self):
        conn = self._connection()
        with self._write_lock:
            cur = conn.cursor()
            cur.execute("BEGIN IMMEDIATE")  # take the write lock now, not half-way
            try:
                yield cur
            except BaseException:
                conn.rollback()
                raise
            else:
                conn.commit()
            finally:
                cur.close()

    def _insert_zones(self, cur, article_id: str, zones: list[ZoneRow]) -> None:
        cur.executemany(
            "INSERT INTO zones (" + ", ".join(ZONE_FIELDS) + ", minx, miny, maxx, maxy, "
            "geometry) VALUES (" + ", ".join("?" for _ in range(len(ZONE_FIELDS) + 5)) + ")",
            [(*(z.fields.get(f) if f != "article_id" else article_id for f in ZONE_FIELDS),
              *z.geometry.bounds, z.geometry.wkb) for z in zones])

    def zones(self, query: ZoneQuery) -> list[ZoneRow]:
        from shapely import wkb

        clauses, params = self._zone_filter(query)
        if query.bbox is not None:
            # The boxes first (in SQL), the exact shapes after.
            minx, miny, maxx, maxy = query.bbox
            clauses.append("maxx >= ? AND minx <= ? AND maxy >= ? AND miny <= ?")
            params += [minx, maxx, miny, maxy]
        where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
        with self._read() as cur:
            cur.execute("SELECT " + ", ".join(ZONE_FIELDS) + ", geometry FROM zones" + where
                        + " ORDER BY rowid", params)
            rows = cur.fetchall()
        out = []
        for r in rows:
            geom = wkb.loads(r[-1])
            if query.region is not None and not geom.intersects(query.region):
                continue
            out.append(ZoneRow(dict(zip(ZONE_FIELDS, r[:-1])), geom))
            if query.limit is not None and len(out) >= query.limit:
                break
        return out


# ----------------------------------------------------------------------------- PostgreSQL

_POSTGRES_SCHEMA = [
    "CREATE EXTENSION IF NOT EXISTS postgis",
    """CREATE TABLE IF NOT EXISTS articles (
        seq BIGSERIAL PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        title TEXT, date TEXT, url TEXT,
        text TEXT NOT NULL,
        extraction TEXT NOT NULL,
        added_by TEXT, added_at TEXT NOT NULL)""",
    "CREATE INDEX IF NOT EXISTS articles_date ON articles (date)",
    """CREATE TABLE IF NOT EXISTS corrections (
        id BIGSERIAL PRIMARY KEY,
        article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
        kind TEXT NOT NULL, target TEXT, value TEXT NOT NULL,
        who TEXT, at TEXT NOT NULL)""",
    "CREATE INDEX IF NOT EXISTS corrections_article ON corrections (article_id)",
    """CREATE TABLE IF NOT EXISTS zones (
        zid BIGSERIAL PRIMARY KEY,
        article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
        directive INTEGER, ref TEXT, role TEXT, kind TEXT, name TEXT, place_id TEXT,
        block INTEGER, date TEXT, sentence TEXT, description TEXT, title TEXT, source TEXT,
        geometry geometry(Geometry, 4326) NOT NULL)""",
    "CREATE INDEX IF NOT EXISTS zones_article ON zones (article_id)",
    "CREATE INDEX IF NOT EXISTS zones_date ON zones (date)",
    "CREATE INDEX IF NOT EXISTS zones_geometry ON zones USING GIST (geometry)",
]


class PostgresStore(Store):
    """The collection in PostgreSQL + PostGIS (one connection per server thread)."""

    placeholder = "%s"

    def __init__(self, url: str):
        try:
            import psycopg
        except ImportError:
            raise InputError("--db postgresql://… needs psycopg: pip install "
                             "'geonews[postgres]'") from None
        self._psycopg = psycopg
        self.url = url
        self._start_connections()
        conn = self._connection()
        try:
            with conn.transaction():
                # One creator at a time: two servers starting together on one database.
                conn.execute("SELECT pg_advisory_xact_lock(726561)")
                for statement in _POSTGRES_SCHEMA:
                    conn.execute(statement)
        except psycopg.Error as exc:
            raise InputError(f"{self.redacted()}: cannot set up the collection "
                             f"({_first_line(exc)})") from None

    def redacted(self) -> str:
        """The URL without its password, for messages."""
        from urllib.parse import urlsplit, urlunsplit

        parts = urlsplit(self.url)
        if parts.password:
            host = parts.hostname or ""
            netloc = f"{parts.username}:***@{host}" + (f":{parts.port}" if parts.port else "")
            parts = parts._replace(netloc=netloc)
        return urlunsplit(parts)

    def _connection(self):
        conn = getattr(self._local, "conn", None)
        if conn is None or conn.closed:
            try:
                conn = self._psycopg.connect(self.url, autocommit=True, connect_timeout=10)
            except self._psycopg.Error as exc:
                raise InputError(f"{self.redacted()}: cannot connect ({_first_line(exc)})"
                                 ) from None
            self._keep(conn)
        return conn

    @contextmanager
    def _read(self):
        with self._connection().cursor() as cur:
            yield cur

    @contextmanager
    def _write(self):
        conn = self._connection()
        with conn.transaction(), conn.cursor() as cur:
            yield cur

    def _insert_zones(self, cur, article_id: str, zones: list[ZoneRow]) -> None:
        if not zones:
            return
        cur.executemany(
            "INSERT INTO zones (" + ", ".join(ZONE_FIELDS) + ", geometry) VALUES ("
            + ", ".join("%s" for _ in ZONE_FIELDS) + ", ST_GeomFromWKB(%s, 4326))",
            [(*(z.fields.get(f) if f != "article_id" else article_id for f in ZONE_FIELDS),
              z.geometry.wkb) for z in zones])

    def zones(self, query: ZoneQuery) -> list[ZoneRow]:
        from shapely import wkb

        clauses, params = self._zone_filter(query)
        if query.region is not None:
            clauses.append("ST_Intersects(geometry, ST_GeomFromWKB(?, 4326))")
            params.append(query.region.wkb)
        where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
        limit = ""
        if query.limit is not None:
            limit = " LIMIT ?"
            params.append(query.limit)
        with self._read() as cur:
            cur.execute(self._sql("SELECT " + ", ".join(ZONE_FIELDS) + ", ST_AsBinary(geometry) "
                                  "FROM zones" + where + " ORDER BY zid" + limit), params)
            rows = cur.fetchall()
        return [ZoneRow(dict(zip(ZONE_FIELDS, r[:-1])), wkb.loads(bytes(r[-1]))) for r in rows]


def _first_line(exc: Exception) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0][:300]


def default_db_path() -> Path:
    """The collection of ``geonews serve`` when no ``--db`` is given."""
    from ..paths import user_data_dir

    return user_data_dir() / "serve" / "collection.sqlite"


def open_store(db: str | Path | None) -> Store:
    """The store a ``--db`` value names: a PostgreSQL URL, or a SQLite file path.

    >>> import tempfile, pathlib
    >>> type(open_store(pathlib.Path(tempfile.mkdtemp()) / "c.sqlite")).__name__
    'SQLiteStore'
    """
    if db is None:
        return SQLiteStore(default_db_path())
    text = str(db)
    if text.startswith(("postgresql://", "postgres://")):
        return PostgresStore(text)
    if "://" in text:
        raise InputError(f"--db: unknown database URL {text.split('://')[0]}:// (use a file "
                         "path or postgresql://…)")
    return SQLiteStore(Path(text).expanduser())
