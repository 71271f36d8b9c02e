"""A Mention: a span of text that names a place, and the place it was resolved to."""

from __future__ import annotations

from dataclasses import dataclass

from ..places.model import Place


@dataclass(frozen=True, slots=True)
class Mention:
    """``text == document.text[start:end]``; ``place`` is None when unresolved.

    ``section`` is "body" or "boilerplate" (captions, link lists): boilerplate
    mentions are reported but never become directives or map features.
    """

    text: str
    start: int
    end: int
    section: str
    place: Place | None
    confidence: float
    match: str = "exact"

    def to_dict(self) -> dict:
        p = self.place
        return {
            "text": self.text, "start": self.start, "end": self.end, "section": self.section,
            "place_id": p.id if p else None, "name": p.name if p else None,
            "name_ar": p.name_ar if p else None, "kind": p.kind if p else None,
            "country": p.country if p else None,
            "lat": round(p.lat, 6) if p else None, "lon": round(p.lon, 6) if p else None,
            "confidence": round(self.confidence, 3), "match": self.match,
        }
