"""The interface every geocoder adapter implements."""

from __future__ import annotations

import warnings
from abc import ABC, abstractmethod

from ..model import Candidate


class GeocoderWarning(UserWarning):
    """A geocoder could not answer (timeout, refusal, no network); the lookup goes on."""


class Geocoder(ABC):
    """Turns one name into candidate places.

    Subclasses answer :meth:`geocode`; ranking among candidates, and between
    geocoders, is the :class:`~geonews.places.matcher.Matcher`'s job.
    """

    #: short name used in ids and messages
    name: str = "geocoder"

    @abstractmethod
    def geocode(self, query: str, *, countries: frozenset[str] | None = None) -> list[Candidate]:
        """Candidates for ``query``, best first; an empty list when nothing matches."""

    def warn(self, message: str) -> None:
        warnings.warn(f"{self.name}: {message}", GeocoderWarning, stacklevel=3)
