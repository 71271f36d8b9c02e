"""OpenStreetMap Nominatim through geopy, polite and cached.

Nominatim's usage policy asks for an identifying User-Agent and at most one
request per second, and forbids hammering it with repeats.  So every answer
(including "nothing found") is kept in an on-disk cache, a query is never sent
twice, and geopy's RateLimiter spaces requests at least ``min_delay_seconds``
apart (never less than one second for the public server).
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
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
        except (sqlite3.DatabaseError, ValueError):
            return None

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
                 cache: AnswerCache | None = None, limit: int = 5):
        from geopy.adapters import URLLibAdapter
        from geopy.extra.rate_limiter import RateLimiter
        from geopy.geocoders import Nominatim

        if domain == PUBLIC_DOMAIN:
            min_delay_seconds = max(1.0, min_delay_seconds)  # the usage policy's ceiling
        self.domain = domain
        self.limit = limit
        self.cache = cache or AnswerCache()
        ua = user_agent or f"geonews/{__version__} (evacuation-order mapping)"
        # urllib, not requests: requests' adapter retries behind our back, which would
        # send a query several times and break the one-request-per-second promise.
        self._client = Nominatim(user_agent=ua, domain=domain, scheme=scheme, timeout=timeout,
                                 adapter_factory=URLLibAdapter)
        self._call = RateLimiter(self._client.geocode, min_delay_seconds=min_delay_seconds,
                                 max_retries=0, swallow_exceptions=False)
        self.requests_sent = 0
        self._offline_reason: str | None = None

    def _key(self, query: str, countries: frozenset[str] | None) -> str:
        return json.dumps([self.domain, query.strip().casefold(), sorted(countries or [])])

    def geocode(self, query: str, *, countries: frozenset[str] | None = None) -> list[Candidate]:
        key = self._key(query, countries)
        raw = self.cache.get(key)
        if raw is None:
            if self._offline_reason:
                return []  # one warning per run is enough when the server is unreachable
            raw = self._fetch(query, countries)
            if raw is None:
                return []
            self.cache.put(key, raw)
        return [self._candidate(r) for r in raw if _valid(r)]

    def _fetch(self, query: str, countries: frozenset[str] | None) -> list | None:
        from geopy import exc as geopy_exc

        self.requests_sent += 1
        try:
            found = self._call(query, exactly_one=False, limit=self.limit, addressdetails=True,
                               language="en",
                               country_codes=sorted(c.lower() for c in countries) if countries
                               else None)
        except geopy_exc.GeocoderTimedOut:
            self.warn(f"timed out looking up {query!r}; skipped")
            return None
        except geopy_exc.GeocoderRateLimited:
            self.warn(f"the server refused {query!r} (HTTP 429, too many requests); skipped")
            return None
        except geopy_exc.GeocoderUnavailable as e:
            self._offline_reason = str(e)
            self.warn(f"server unreachable ({_short(e)}); online lookups are off for this run")
            return None
        except geopy_exc.GeocoderServiceError as e:
            if _network_failure(e):
                self._offline_reason = str(e)
                self.warn(f"server unreachable ({_short(e)}); online lookups are off for this run")
            else:
                self.warn(f"server error for {query!r} ({_short(e)}); skipped")
            return None
        except (ValueError, TypeError, KeyError) as e:
            self.warn(f"unreadable answer for {query!r} ({_short(e)}); skipped")
            return None
        return [loc.raw for loc in (found or []) if isinstance(getattr(loc, "raw", None), dict)]

    def _candidate(self, raw: dict) -> Candidate:
        address = raw.get("address") or {}
        kind = _KINDS.get(raw.get("addresstype") or raw.get("type") or "", "landmark")
        osm_type, osm_id = raw.get("osm_type"), raw.get("osm_id")
        pid = f"osm:{osm_type}/{osm_id}" if osm_type and osm_id else f"nominatim:{raw.get('place_id')}"
        name = raw.get("name") or str(raw.get("display_name", "")).split(",")[0]
        bbox = None
        if isinstance(raw.get("boundingbox"), list) and len(raw["boundingbox"]) == 4:
            s, n, w, e = (float(v) for v in raw["boundingbox"])
            bbox = (w, s, e, n)
        place = Place(id=pid, name=name, kind=kind,
                      country=(address.get("country_code") or "").upper() or None,
                      lat=float(raw["lat"]), lon=float(raw["lon"]),
                      admin1=address.get("state"), source=f"Nominatim ({self.domain}), OSM (ODbL)",
                      region="online", bbox=bbox)
        importance = raw.get("importance")
        quality = 0.7 + 0.2 * float(importance) if isinstance(importance, (int, float)) else 0.8
        return Candidate(place, "online", round(min(quality, 0.9), 3))


def _valid(raw: object) -> bool:
    try:
        lat, lon = float(raw["lat"]), float(raw["lon"])  # type: ignore[index]
    except (KeyError, TypeError, ValueError):
        return False
    return -90 <= lat <= 90 and -180 <= lon <= 180


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
