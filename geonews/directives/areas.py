"""The areas an order describes rather than names: "north of the Awali", "eastern Khan
Younis", "within a one-mile radius of X", "the area between X and Y".

:class:`AreaFinder` reads the words just before a place (windows matched by the
lexicon's relative-area tables) and cuts the area from the place's geometry or from
the outline of the region it lies in (:mod:`geonews.zones.relative` does the geometry).
"""

from __future__ import annotations

import re
from types import EllipsisType

from ..lang import lexicon, side
from ..lang.rules import Text
from ..mentions.model import Mention
from ..places.gazetteer import Gazetteer
from ..roles import Role
from ..zones.relative import Zone, between, part_of, radius_around, side_of

#: kinds of places that are broad areas (they frame others rather than being left)
BROAD_KINDS = frozenset({"country", "region", "governorate", "county"})
#: kinds drawn as lines: a side of them is an area, a part of them is not
LINE_KINDS = frozenset({"road", "river", "zone", "crossing"})
_WINDOW = 60  # characters before a place that may describe its area
_BOUND = 4096  # remembered cuts and outlines: a corpus of the world's places stays bounded


def zone(description: str, geometry, role: Role, *basis: str) -> Zone | None:
    """A zone, or None for an empty area."""
    if geometry is None or geometry.is_empty:
        return None
    return Zone(" ".join(description.split()), geometry, role, tuple(basis))


class AreaFinder:
    """Finds the area the words before a place describe, in any region."""

    def __init__(self, gazetteer: Gazetteer):
        self.gazetteer = gazetteer
        self._containers: dict[tuple, object] = {}
        self._cuts: dict[tuple[str, str, str], object] = {}
        self._margins: dict[str, object] = {}

    def before(self, text: Text, sent, mention: Mention) -> str:
        """The words before a place that may describe its area."""
        return text.text[max(sent.start, mention.start - _WINDOW):mention.start]

    def zone(self, text: Text, sent, mention: Mention, role: Role,
             sentence_mentions: list[Mention], window: Text | None = None,
             radius: re.Match | None | EllipsisType = ...) -> Zone | None:
        """The area the words before ``mention`` describe, or None when they describe none.
        ``window``: those words (:meth:`before`), and ``radius``: the radius table's match
        in them, when the caller has them already."""
        lex = lexicon()
        place = mention.place
        if place is None:
            return None
        if window is None:
            window = Text(self.before(text, sent, mention))
        before = window.text
        if radius is ...:
            radius = lex.radius_of.search(window)
        if not place.has_geometry and radius is None and self.container(place) is None:
            return None
        if lex.between.search(window):
            area = self._between(text, sent, mention, role, before, sentence_mentions)
            if area is not None:
                return area
        if radius:
            amount = radius.group(1).lower()
            metres = float(lex.number_words.get(" ".join(amount.split()), 0) or amount) * \
                lex.unit_metres[radius.group(2).lower().rstrip("s") or "m"]
            if 0 < metres <= 200_000:
                area = radius_around(self.gazetteer.geometry(place), metres)
                start = mention.start - (len(before) - radius.start())
                return zone(text.text[start:mention.end], area, role, place.id)
        side_m = lex.side_of.search(window)
        if side_m:
            if self.container(place) is None:
                return None
            area = self.cut("side", place, side(side_m))
            desc = text.text[mention.start - (len(before) - side_m.start()):mention.end]
            return zone(desc, area, role, place.id)
        part_m = lex.part_of.search(window) or lex.directional.search(window)
        if part_m and place.kind not in BROAD_KINDS | LINE_KINDS:
            area = self.cut("part", place, side(part_m))
            if area is None:
                return None
            start = mention.start - (len(before) - part_m.start())
            return zone(text.text[start:mention.end], area, role, place.id)
        return None

    def _between(self, text: Text, sent, mention: Mention, role: Role, before: str,
                 sentence_mentions: list[Mention]) -> Zone | None:
        """"between X and Y": the part of the region between the two places or lines."""
        lex = lexicon()
        joint = lex.between_and.match(text, mention.end)
        if joint is None:
            return None
        other = next((m for m in sentence_mentions
                      if m.start == joint.end() and m.place is not None
                      and sent.start <= m.start < sent.end), None)
        if other is None:
            return None
        container = self.container(mention.place)
        if container is None:
            return None
        area = between(container, self.gazetteer.geometry(mention.place),
                       self.gazetteer.geometry(other.place))
        if area is None:
            return None
        start = mention.start - (len(before) - lex.between.search(Text(before)).start())
        return zone(text.text[start:other.end], area, role, mention.place.id, other.place.id)

    def cut(self, how: str, place, compass: str):
        """The area "``compass`` of" the place (``how="side"``) or its ``compass`` part,
        remembered: news repeats "eastern Khan Younis" and "east of Salah al-Din Road" day
        after day, and shapely geometries are immutable, so one cut serves every article."""
        key = (how, place.id, compass)
        if key not in self._cuts:
            geom = self.gazetteer.geometry(place)
            if how == "side":
                area = side_of(self.container(place), geom, compass)
            else:
                area = part_of(geom, compass) if geom.area > 0 else None
            if len(self._cuts) >= _BOUND:
                self._cuts.clear()
            self._cuts[key] = area
        return self._cuts[key]

    def _margin(self, region_id: str, outline):
        """The region's outline grown by a small margin, built and prepared once per region
        (buffering a country's outline for each new place was most of the cost of an
        article with many places)."""
        import shapely

        if region_id not in self._margins:
            margin = outline.buffer(0.02)
            shapely.prepare(margin)
            self._margins[region_id] = margin
        return self._margins[region_id]

    def container(self, place):
        """The area a "north of X" is cut from: the outline of the region the place lies in
        (the Gaza Strip for its places, Lebanon for the Awali), None where none is known."""
        key = (round(place.lon, 2), round(place.lat, 2), place.country)
        if key not in self._containers:
            from ..places.regions import region_for  # (an import statement costs each run)

            reg = region_for([(place.lon, place.lat, place.country)], self.gazetteer)
            outline = reg.outline_geometry(self.gazetteer)
            if outline is not None and not self._margin(reg.id, outline).intersects(
                    self.gazetteer.geometry(place)):
                outline = None  # a place outside the region's outline: no frame to cut
            if len(self._containers) >= _BOUND:
                self._containers.clear()
            self._containers[key] = outline
        return self._containers[key]
