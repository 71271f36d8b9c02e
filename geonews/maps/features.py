"""What a map draws: one feature per place (or block, zone) in a role on a date.

A corpus of 100,000 articles names the same few hundred places again and again, so
features are aggregated as extractions stream past (:class:`FeatureCollector`): one
feature per role, thing and date, counting the articles behind it and keeping a few of
their sentences as quotes.  Each shape is simplified once and stored once, keyed by
what it is (a place id, a block number, a zone's geometry), however many features use
it.  Memory grows with the number of distinct features, not of articles.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..pipeline import Extraction
from ..places.gazetteer import Gazetteer

SIMPLIFY_DEGREES = 0.0001  # about 10 m: right at street scale, a fraction of the vertices
QUOTES_KEPT = 3  # sentences quoted in a popup; the rest are counted


@dataclass(frozen=True)
class Quote:
    """A sentence that put a feature on the map, and where it came from."""

    sentence: str | None
    surface: str | None  # the words of the sentence that named the thing
    issuer: str | None = None
    date: str | None = None
    article: str | None = None  # the article's title or source


@dataclass
class MapFeature:
    """One thing drawn: a place in a role, a block or a zone, with the words behind it."""

    role: str  # affected | destination | exemption | block | zone | mention
    name: str
    geometry: object  # shapely, WGS 84
    name_ar: str | None = None
    kind: str | None = None
    sentence: str | None = None
    surface: str | None = None  # the words of the sentence that named it
    issuer: str | None = None
    date: str | None = None
    title: str | None = None
    source: str | None = None
    country: str | None = None  # of the place, where known: it helps find the map's frame
    zone_role: str | None = None  # for described zones: affected, destination or exempt
    #: what the feature is, independent of words: ("place", id), ("block", n), ("zone", hash)
    shape: tuple = ()
    articles: int = 1  # how many articles put it there
    quotes: list[Quote] = field(default_factory=list)

    def quote(self) -> Quote:
        return Quote(self.sentence, self.surface, self.issuer, self.date,
                     self.title or self.source)


@dataclass(frozen=True)
class Movement:
    """People told to go from one drawn thing to another (an arrow on the map)."""

    origin: tuple  # a MapFeature.shape
    destination: tuple
    label: str
    date: str | None


class FeatureCollector:
    """Aggregates the features of extractions as they stream past.

    >>> import geonews
    >>> c = FeatureCollector(Gazetteer.default())
    >>> for text in ["Residents of Abasan were told to go to Rafah."] * 3:
    ...     c.add(geonews.extract(text))
    >>> [(f.role, f.name, f.articles) for f in c.features()]
    [('affected', 'Abasan al-Kabira', 3), ('destination', 'Rafah', 3)]
    """

    def __init__(self, gazetteer: Gazetteer):
        self.gazetteer = gazetteer
        self.shapes: dict[tuple, object] = {}
        self._zone_keys: dict[int, tuple[object, tuple]] = {}
        self._features: dict[tuple, MapFeature] = {}
        self._movements: dict[tuple, Movement] = {}
        #: how many directives ordered each (origin, destination) movement
        self.pair_counts: dict[tuple, int] = {}
        self.extractions = 0
        self.dates: set[str] = set()
        self.sources: list[str] = []

    # ------------------------------------------------------------------ shapes
    def _place_shape(self, place) -> tuple:
        key = ("place", place.id)
        if key not in self.shapes:
            self.shapes[key] = _simplified(self.gazetteer.geometry(place))
        return key

    def _zone_shape(self, geometry) -> tuple:
        # A batch read back hands the same shape object to every article that names the
        # zone: its digest is taken once (the entry holds the object, so its id stays its).
        known = self._zone_keys.get(id(geometry))
        if known is not None and known[0] is geometry:
            return known[1]
        key = self.zone_key(geometry)
        self._zone_keys[id(geometry)] = (geometry, key)
        if key not in self.shapes:
            self.shapes[key] = _simplified(geometry)
        return key

    # ------------------------------------------------------------------ features
    def add(self, ex: Extraction) -> None:
        """Count one extraction's places, blocks, zones and movements."""
        doc = ex.document
        self.extractions += 1
        if doc.date:
            self.dates.add(doc.date)
        if len(self.sources) < 3:
            self.sources.append(doc.source or "the text")
        counted: set[tuple] = set()  # the features this article has been counted in
        drawn: set[str] = set()
        for d in ex.directives:
            date = d.date or doc.date
            common = dict(sentence=d.sentence, issuer=d.issuer, date=date, title=doc.title,
                          source=doc.source)
            origins, destinations = [], []
            for role, ref in d.roles():
                p = ref.place
                if p is None:
                    continue
                drawn.add(p.id)
                shape = self._place_shape(p)
                self._count(MapFeature(role.value, p.name, None, p.name_ar, p.kind,
                                       surface=ref.mention.text, country=p.country,
                                       shape=shape, **common), counted)
                (destinations if role == "destination" else
                 origins if role == "affected" else []).append((shape, p.name))
            for n in d.blocks:
                block = self.gazetteer.block(n)
                if block is not None:
                    shape = self._place_shape(block)
                    self._count(MapFeature("block", f"Block {n}", None, block.name_ar, "block",
                                           surface=str(n), country=block.country,
                                           shape=shape, **common), counted)
                    origins.append((shape, f"Block {n}"))
            for z in d.zones:
                shape = self._zone_shape(z.geometry)
                self._count(MapFeature("zone", z.description, None, kind=f"zone ({z.role})",
                                       surface=z.description, zone_role=z.role, shape=shape,
                                       **common), counted)
                (destinations if z.role == "destination" else origins).append(
                    (shape, z.description))
            for a_shape, a_name in origins:
                for d_shape, d_name in destinations:
                    pair = (a_shape, d_shape)
                    self.pair_counts[pair] = self.pair_counts.get(pair, 0) + 1
                    key = (a_shape, d_shape, date)  # one arrow per movement and date
                    self._movements.setdefault(key, Movement(
                        a_shape, d_shape, f"{a_name} \u2192 {d_name}", date))
        for m in ex.mentions:
            if m.section != "body" or m.place is None or m.place.id in drawn:
                continue  # boilerplate is never drawn; a place in a role is drawn as such
            drawn.add(m.place.id)
            p = m.place
            key = ("mention", p.id)
            if key not in self.shapes:
                from shapely.geometry import Point

                self.shapes[key] = Point(p.lon, p.lat)
            self._count(MapFeature("mention", p.name, None, p.name_ar, p.kind,
                                   title=doc.title, source=doc.source, country=p.country,
                                   shape=key), counted, dated=False)

    def add_feature(self, f: MapFeature, geometry, key: tuple | None = None) -> None:
        """Count a feature that comes with its own geometry (a row of a zone layer);
        ``key``: :meth:`zone_key` of that geometry, when the caller knows it already."""
        key = key or self.zone_key(geometry)
        if key not in self.shapes:
            self.shapes[key] = _simplified(geometry)
        f.shape = key
        self._count(f, set())

    @staticmethod
    def zone_key(geometry) -> tuple:
        """What a zone is, whatever row or article it came from: a digest of its shape."""
        return ("zone", hashlib.blake2b(geometry.wkb, digest_size=12).hexdigest())

    def _count(self, f: MapFeature, counted: set, dated: bool = True) -> None:
        key = (f.role, f.shape, f.date if dated else None)
        hit = self._features.get(key)
        if hit is None:
            f.quotes = [f.quote()] if f.role != "mention" else []
            f.geometry = self.shapes[f.shape]
            self._features[key] = f
            counted.add(key)
            return
        if key not in counted:
            counted.add(key)
            hit.articles += 1
        q = f.quote()
        if f.role != "mention" and len(hit.quotes) < QUOTES_KEPT and \
                all(q.sentence != k.sentence for k in hit.quotes):
            hit.quotes.append(q)

    def features(self) -> list[MapFeature]:
        return list(self._features.values())

    def movements(self) -> list[Movement]:
        return list(self._movements.values())


def _simplified(geom):
    if geom.geom_type in ("Polygon", "MultiPolygon", "LineString", "MultiLineString"):
        return geom.simplify(SIMPLIFY_DEGREES, preserve_topology=True)
    return geom


def collect_features(extractions: Iterable[Extraction], gazetteer: Gazetteer
                     ) -> list[MapFeature]:
    """The features of all extractions, aggregated (boilerplate mentions are never drawn)."""
    collector = FeatureCollector(gazetteer)
    for ex in extractions:
        collector.add(ex)
    return collector.features()
