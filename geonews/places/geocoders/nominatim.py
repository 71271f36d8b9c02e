"""OpenStreetMap Nominatim through geopy, polite and cached.

Nominatim's usage policy asks for an identifying User-Agent and at most one
request per second, and forbids hammering it with repeats.  So every answer
(including "nothing found") is kept in an on-disk cache, a query is never sent
twice, and geopy's RateLimiter spaces requests at least ``min_delay_seconds``
apart (never less than one second for the public server).
"""

from __future__ import annotations

import json
import math
import sqlite3
import threading
import time
from functools import partial
from pathlib import Path

from ... import __version__
from ...paths import user_cache_dir
from ..model import Candidate, Place
from .base import Geocoder

PUBLIC_DOMAIN = "nominatim.openstreetmap.org"

# Nominatim's addresstype / type → geonews kinds.
_KINDS = {
    "country": "country", "state": "region", "region": "region", "province": "region",
    "county": "county", "state_district": "governorate", "city": "city", "town": "town",
    "village": "village", "hamlet": "village", "suburb": "neighbourhood",
    "neighbourhood": "neighbourhood", "quarter": "neighbourhood", "city_district": "neighbourhood",
    "hospital": "hospital", "road": "road", "river": "river", "border_control": "crossing",
}


class AnswerCache:
    """Answers of an online geocoder by query, in SQLite (safe across processes).

    A write is one transaction, so a process killed mid-write leaves the previous
    state; WAL mode lets several processes read and write the same file.
    """

    def __init__(self, path: Path | None = None):
        self.path = Path(path) if path else user_cache_dir() / "online-geocoding.sqlite"
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._local = threading.local()

    def _db(self) -> sqlite3.Connection:
        db = getattr(self._local, "db", None)
        if db is None:
            db = self._open()
            self._local.db = db
        return db

    def _open(self) -> sqlite3.Connection:
        for attempt in range(40):
            db = sqlite3.connect(self.path, timeout=30)
            try:
                db.execute("PRAGMA journal_mode=WAL")
                db.execute("CREATE TABLE IF NOT EXISTS answers (key TEXT PRIMARY KEY, "
                           "value TEXT NOT NULL, fetched REAL NOT NULL)")
                db.commit()
                return db
            except sqlite3.OperationalError:
                # Another process is creating the file or switching it to WAL: wait.
                db.close()
                time.sleep(0.05 * (attempt + 1))
            except sqlite3.DatabaseError:
                # A cache that is not a database (truncated, overwritten) is rebuilt:
                # it holds nothing that cannot be asked again.
                db.close()
                self.path.unlink(missing_ok=True)
        raise sqlite3.OperationalError(f"{self.path}: locked by another process")

    def get(self, key: str) -> list | None:
        try:
            row = self._db().execute("SELECT value FROM answers WHERE key = ?", (key,)).fetchone()
            return json.loads(row[0]) if row else None
        except (sqlite3.DatabaseError, ValueError, RecursionError):
            return None  # unreadable: asked again, and overwritten by the new answer

    def put(self, key: str, value: list) -> None:
        """Remember an answer.  The cache only saves requests: a full disk or a locked,
        read-only or broken file costs a warning, never the answer."""
        try:
            db = self._db()
            with db:
                db.execute("INSERT OR REPLACE INTO answers VALUES (?, ?, ?)",
                           (key, json.dumps(value, ensure_ascii=False), time.time()))
        except (sqlite3.Error, OSError) as exc:
            if not getattr(self, "_warned", False):
                import warnings

                warnings.warn(f"online answers are not being cached in {self.path}: {exc}",
                              stacklevel=2)
                self._warned = True


class NominatimGeocoder(Geocoder):
    """Names the gazetteer lacks, from a Nominatim server.

    >>> NominatimGeocoder(domain="127.0.0.1:1", scheme="http").name
    'nominatim'
    """

    name = "nominatim"

    def __init__(self, *, user_agent: str | None = None, domain: str = PUBLIC_DOMAIN,
                 scheme: str = "https", timeout: float = 10.0, min_delay_seconds: float = 1.0,
                 cache: AnswerCache | None = None, limit: int = 5,
                 max_bytes: int | None = None):
        """``timeout``: seconds for a whole request (connection, headers and body), not
        per read; ``max_bytes``: the largest answer accepted (default 5 MB, see
        :mod:`.http`)."""
        # geopy takes a fifth of a second to import: only when going online.
        from geopy.extra.rate_limiter import RateLimiter
        from geopy.geocoders import Nominatim

        from .http import MAX_ANSWER_BYTES, GuardedURLLibAdapter

        if domain == PUBLIC_DOMAIN:
            min_delay_seconds = max(1.0, min_delay_seconds)  # the usage policy's ceiling
        self.domain = domain
        self.limit = limit
        self.cache = cache or AnswerCache()
        ua = user_agent or f"geonews/{__version__} (evacuation-order mapping)"
        self.timeout = timeout
        # urllib, not requests: requests' adapter retries behind our back, which would
        # send a query several times and break the one-request-per-second promise.
        self._client = Nominatim(user_agent=ua, domain=domain, scheme=scheme, timeout=timeout,
                                 adapter_factory=partial(
                                     GuardedURLLibAdapter,
                                     max_bytes=MAX_ANSWER_BYTES if max_bytes is None
                                     else max_bytes))
        self._call = RateLimiter(self._client.geocode, min_delay_seconds=min_delay_seconds,
                                 max_retries=0, swallow_exceptions=False)
        self.requests_sent = 0
        self._offline_reason: str | None = None

    def _key(self, query: str, countries: frozenset[str] | None) -> str:
        return json.dumps([self.domain, query.strip().casefold(), sorted(countries or [])])

    def geocode(self, query: str, *, countries: frozenset[str] | None = None) -> list[Candidate]:
        key = self._key(query, countries)
        records = _readable(self.cache.get(key))
        if records is None:  # not asked yet, or remembered by an older version unreadable
            if self._offline_reason:
                return []  # one warning per run is enough when the server is unreachable
            records = self._fetch(query, countries)
            if records is None:
                return []
            # Only an answer that parsed is remembered: a bad one is asked again next
            # time, rather than failing every later run without asking.
            self.cache.put(key, records)
        return [self._candidate(r) for r in records]

    def _fetch(self, query: str, countries: frozenset[str] | None) -> list[dict] | None:
        """The checked records of the server's answer; None (and a warning) without one."""
        from geopy import exc as geopy_exc

        from .http import AnswerTooLarge, RedirectRefused

        self.requests_sent += 1
        try:
            found = self._call(query, exactly_one=False, limit=self.limit, addressdetails=True,
                               language="en",
                               country_codes=sorted(c.lower() for c in countries) if countries
                               else None)
            return [clean_record(getattr(loc, "raw", None)) for loc in (found or [])]
        except geopy_exc.GeocoderTimedOut as e:
            self.warn(f"timed out looking up {query!r} ({_short(e)}); skipped")
        except geopy_exc.GeocoderRateLimited:
            self.warn(f"the server refused {query!r} (HTTP 429, too many requests); skipped")
        except (AnswerTooLarge, RedirectRefused) as e:
            self.warn(f"answer for {query!r} refused: {_short(e)}; skipped")
        except geopy_exc.GeocoderParseError as e:
            self.warn(f"unreadable answer for {query!r} ({_short(e)}); skipped")
        except geopy_exc.GeocoderUnavailable as e:
            self._offline_reason = str(e)
            self.warn(f"server unreachable ({_short(e)}); online lookups are off for this run")
        except geopy_exc.GeocoderServiceError as e:
            if _network_failure(e):
                self._offline_reason = str(e)
                self.warn(f"server unreachable ({_short(e)}); online lookups are off for this run")
            else:
                self.warn(f"server error for {query!r} ({_short(e)}); skipped")
        # geopy's parsing of an answer of the wrong shape fails in any of these ways;
        # clean_record raises ValueError.
        except (ValueError, TypeError, KeyError, AttributeError, RecursionError) as e:
            self.warn(f"unreadable answer for {query!r} ({_short(e)}); skipped")
        return None

    def _candidate(self, record: dict) -> Candidate:
        """A candidate from a record checked by :func:`clean_record`."""
        kind = _KINDS.get(record["addresstype"] or record["type"] or "", "landmark")
        osm_type, osm_id = record["osm_type"], record["osm_id"]
        pid = (f"osm:{osm_type}/{osm_id}" if osm_type and osm_id
               else f"nominatim:{record['place_id']}")
        name = record["name"] or (record["display_name"] or "").split(",")[0]
        bbox = None
        if record["boundingbox"] is not None:
            s, n, w, e = record["boundingbox"]
            bbox = (w, s, e, n)
        address = record["address"]
        place = Place(id=pid, name=name, kind=kind,
                      country=(address.get("country_code") or "").upper() or None,
                      lat=record["lat"], lon=record["lon"], admin1=address.get("state"),
                      source=f"Nominatim ({self.domain}), OSM (ODbL)", region="online",
                      bbox=bbox)
        importance = record["importance"]
        quality = 0.7 + 0.2 * importance if importance is not None else 0.8
        return Candidate(place, "online", round(min(quality, 0.9), 3))


_TEXT_FIELDS = ("name", "display_name", "addresstype", "type", "osm_type")
_ADDRESS_FIELDS = ("country_code", "state")


def clean_record(raw: object) -> dict:
    """The fields geonews uses from one Nominatim result, checked and typed; ValueError
    when the result is malformed.  What is cached, and read back from the cache.

    >>> r = clean_record({"lat": "31.3", "lon": "34.25", "name": "Rafah", "osm_id": 7,
    ...                   "boundingbox": ["31.2", "31.4", "34.2", "34.3"], "extra": [[[]]]})
    >>> r["lat"], r["boundingbox"], "extra" in r
    (31.3, [31.2, 31.4, 34.2, 34.3], False)
    >>> clean_record({"lat": "31.3", "lon": "34.2", "boundingbox": ["a", "b", "c", "d"]})
    Traceback (most recent call last):
    ...
    ValueError: boundingbox: 'a' is not a number
    """
    if not isinstance(raw, dict):
        raise ValueError(f"a result is {type(raw).__name__}, not an object")
    lat, lon = _number(raw.get("lat"), "lat"), _number(raw.get("lon"), "lon")
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise ValueError(f"coordinates {lat}, {lon} out of range")
    bbox = raw.get("boundingbox")
    if bbox is not None:
        if not isinstance(bbox, list) or len(bbox) != 4:
            raise ValueError("boundingbox is not a list of 4 numbers")
        bbox = [_number(v, "boundingbox") for v in bbox]
        s, n, w, e = bbox
        if not (-90 <= s <= n <= 90 and -180 <= w <= 180 and -180 <= e <= 180):
            raise ValueError(f"boundingbox {bbox} out of range")
    address = raw.get("address") or {}
    if not isinstance(address, dict):
        raise ValueError("address is not an object")
    record: dict = {f: _text(raw.get(f), f) for f in _TEXT_FIELDS}
    record.update(lat=lat, lon=lon, boundingbox=bbox,
                  address={f: _text(address.get(f), f"address.{f}") for f in _ADDRESS_FIELDS
                           if address.get(f) is not None},
                  osm_id=_ident(raw.get("osm_id"), "osm_id"),
                  place_id=_ident(raw.get("place_id"), "place_id"),
                  importance=None if raw.get("importance") is None
                  else _number(raw.get("importance"), "importance"))
    return record


def _readable(cached: object) -> list[dict] | None:
    """A cached answer's records, or None if it is absent or does not parse."""
    if not isinstance(cached, list):
        return None
    try:
        return [clean_record(r) for r in cached]
    except ValueError:
        return None


def _number(value: object, what: str) -> float:
    """A finite number, from a number or the text of one (Nominatim sends strings)."""
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise ValueError(f"{what}: {value!r:.40} is not a number")
    try:
        number = float(value)
    except (ValueError, OverflowError):
        raise ValueError(f"{what}: {value!r:.40} is not a number") from None
    if not math.isfinite(number):
        raise ValueError(f"{what}: {value!r:.40} is not a finite number")
    return number


def _text(value: object, what: str) -> str | None:
    if value is None or isinstance(value, str):
        return value
    raise ValueError(f"{what}: {value!r:.40} is not text")


def _ident(value: object, what: str) -> int | str | None:
    if value is None or isinstance(value, str) or (isinstance(value, int)
                                                  and not isinstance(value, bool)):
        return value
    raise ValueError(f"{what}: {value!r:.40} is not an id")


def _network_failure(exc: BaseException) -> bool:
    """True when the server could not be reached at all (refused, no route, no DNS)."""
    import socket
    import urllib.error

    seen = exc
    while seen is not None:
        if isinstance(seen, (ConnectionError, socket.gaierror)):
            return True
        if isinstance(seen, urllib.error.URLError) and isinstance(seen.reason, OSError):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def _short(exc: Exception) -> str:
    text = " ".join(str(exc).split())
    return text[:160] + ("…" if len(text) > 160 else "")
