"""A Directive: an order or call to move, with the places it names in each role."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from ..mentions.model import Mention
from ..roles import Role
from ..zones.relative import Zone


@dataclass(frozen=True, slots=True)
class PlaceRef:
    """A place in a directive role, traceable to the words that named it."""

    mention: Mention

    @property
    def place(self):
        return self.mention.place

    def to_dict(self) -> dict:
        m = self.mention
        p = m.place
        return {
            "text": m.text, "start": m.start, "end": m.end,
            "name": p.name if p else m.text, "place_id": p.id if p else None,
            "name_ar": p.name_ar if p else None, "kind": p.kind if p else None,
            "country": p.country if p else None,
            "lat": round(p.lat, 6) if p else None, "lon": round(p.lon, 6) if p else None,
            "confidence": round(m.confidence, 3),
        }


@dataclass
class Directive:
    """One evacuation directive found in a sentence (and, at times, the one after it).

    ``affected`` are the places people are told to leave, ``destinations`` where
    they are told to go, ``exemptions`` places an order says it does not cover.
    """

    sentence: str
    start: int
    end: int
    trigger: str
    issuer: str | None = None
    date: str | None = None
    affected: list[PlaceRef] = field(default_factory=list)
    destinations: list[PlaceRef] = field(default_factory=list)
    exemptions: list[PlaceRef] = field(default_factory=list)
    blocks: list[int] = field(default_factory=list)
    zones: list[Zone] = field(default_factory=list)

    def roles(self) -> Iterator[tuple[Role, PlaceRef]]:
        """Every place of the directive with its role: affected, destination or exemption."""
        for role in Role:
            for ref in self.refs(role):
                yield role, ref

    def refs(self, role: Role | str) -> list[PlaceRef]:
        """The list of places in one role (to add to it)."""
        role = Role(role)
        if role is Role.AFFECTED:
            return self.affected
        return self.destinations if role is Role.DESTINATION else self.exemptions

    def to_dict(self) -> dict:
        return {
            "sentence": self.sentence, "start": self.start, "end": self.end,
            "trigger": self.trigger, "issuer": self.issuer, "date": self.date,
            "affected": [p.to_dict() for p in self.affected],
            "destinations": [p.to_dict() for p in self.destinations],
            "blocks": list(self.blocks),
            "zones": [z.to_dict() for z in self.zones],
            "exemptions": [p.to_dict() for p in self.exemptions],
        }
