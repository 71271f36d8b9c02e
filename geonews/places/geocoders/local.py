"""The local gazetteer as a geocoder."""

from __future__ import annotations

from collections.abc import Callable

from ..gazetteer import Gazetteer
from ..model import Candidate, Place
from .base import Geocoder


class GazetteerGeocoder(Geocoder):
    """Exact and variant matches from the gazetteer, then typo-tolerant ones.

    >>> [c.place.name for c in GazetteerGeocoder().geocode("Khan Yonis")][:1]
    ['Khan Yunis']
    """

    name = "gazetteer"

    def __init__(self, gazetteer: Gazetteer | None = None, *, fuzzy: bool = True):
        self.gazetteer = gazetteer or Gazetteer.default()
        self.fuzzy = fuzzy

    def geocode(self, query: str, *, countries: frozenset[str] | None = None,
                accept: Callable[[Place], bool] | None = None) -> list[Candidate]:
        """Exact and variant candidates; typo-tolerant ones only when none passes ``accept``."""

        def ok(c: Candidate) -> bool:
            if countries and (c.place.country or "").upper() not in countries:
                return False
            return accept is None or accept(c.place)

        found = [c for c in self.gazetteer.lookup(query) if ok(c)]
        if not found and self.fuzzy:
            found = [c for c in self.gazetteer.fuzzy(query) if ok(c)]
        return found
