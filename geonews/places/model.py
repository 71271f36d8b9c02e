"""The place-level vocabulary: a Place, the Candidates a name could mean, and a Resolution."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

MatchKind = Literal["exact", "variant", "fuzzy", "online", "none"]

#: Kinds a place can have.  They follow the vocabulary of evacuation news, not
#: of any one source: a municipality polygon and a GeoNames point both become "city".
KINDS = (
    "country", "region", "governorate", "county", "city", "town", "village", "neighbourhood",
    "camp", "landmark", "hospital", "crossing", "road", "river", "zone", "block",
)


@dataclass(frozen=True, slots=True)
class Place:
    """One gazetteer entry.

    ``id`` is stable across gazetteer builds (it is derived from the source's own
    identifier: ``geonames:281133``, ``osm:relation/1234``, ``block:64``).
    """

    id: str
    name: str
    kind: str
    country: str | None
    lat: float
    lon: float
    admin1: str | None = None
    parent: str | None = None
    population: int | None = None
    source: str = ""
    region: str = "world"
    code: str | None = None
    name_ar: str | None = None
    bbox: tuple[float, float, float, float] | None = None
    has_geometry: bool = False

    def to_dict(self) -> dict:
        """A plain, JSON-ready dict of the place (without geometry)."""
        return {
            "place_id": self.id, "name": self.name, "name_ar": self.name_ar, "kind": self.kind,
            "country": self.country, "admin1": self.admin1, "parent": self.parent,
            "lat": round(self.lat, 6), "lon": round(self.lon, 6), "population": self.population,
            "source": self.source, "region": self.region, "code": self.code,
        }


@dataclass(frozen=True, slots=True)
class Candidate:
    """A place a name could mean, with how the name matched it.

    ``quality`` (0–1) says how well the *name* matched; ``score`` adds what the
    matcher knows about the place (kind, population, the request's context).
    """

    place: Place
    match: MatchKind
    quality: float
    score: float = 0.0


@dataclass(frozen=True, slots=True)
class Resolution:
    """What one query resolved to: the chosen place (or None) and the runners-up."""

    query: str
    place: Place | None
    match: MatchKind
    confidence: float
    alternatives: tuple[Candidate, ...] = field(default_factory=tuple)

    @property
    def resolved(self) -> bool:
        return self.place is not None
