"""The whole pipeline for one article: text → mentions → places → directives → zones.

>>> import geonews
>>> ex = geonews.extract("Residents of Bani Suhaila were told to leave for shelters in Rafah.")
>>> [p.place.name for p in ex.directives[0].affected], [p.place.name for p in ex.directives[0].destinations]
(['Bani Suheila'], ['Rafah'])
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .arguments import check_date, check_optional, check_text
from .directives.extractor import DirectiveExtractor
from .directives.model import Directive
from .mentions.finder import MentionFinder
from .mentions.model import Mention
from .places.gazetteer import Gazetteer
from .text.document import Document
from .text.readers import make_document

SCHEMA_VERSION = "1.0"


@dataclass
class Extraction:
    """What geonews found in one article."""

    document: Document
    mentions: list[Mention] = field(default_factory=list)
    directives: list[Directive] = field(default_factory=list)

    @property
    def has_directive(self) -> bool:
        return bool(self.directives)

    def to_dict(self) -> dict:
        """The JSON contract (see ``geonews/schemas/extraction.schema.json``)."""
        d = self.document
        return {
            "schema": SCHEMA_VERSION, "source": d.source, "id": d.id, "title": d.title,
            "date": d.date, "url": d.url,
            "mentions": [m.to_dict() for m in self.mentions],
            "directives": [x.to_dict() for x in self.directives],
        }

    def features(self, *, include_mentions: bool = True) -> list[dict]:
        """GeoJSON features: affected / destination / exemption places, blocks, zones, mentions."""
        from shapely.geometry import Point, mapping

        gaz = Gazetteer.default()
        base = {"source": self.document.source, "article_id": self.document.id,
                "title": self.document.title}
        feats = []
        for i, d in enumerate(self.directives):
            common = {**base, "directive": i, "sentence": d.sentence, "issuer": d.issuer,
                      "date": d.date}
            for role, ref in d.roles():
                if ref.place is not None:
                    feats.append(_feature(gaz.geometry(ref.place),  # its shape, or its point
                                          {**common, **ref.to_dict(), "role": role.value}))
            for n in d.blocks:
                block = gaz.block(n)
                if block is not None:
                    feats.append(_feature(gaz.geometry(block), {
                        **common, "role": "block", "block": n, "name": block.name,
                        "place_id": block.id, "kind": "block"}))
            for z in d.zones:
                feats.append({"type": "Feature", "geometry": mapping(z.geometry),
                              "properties": {**common, "role": f"zone:{z.role}",
                                             "description": z.description,
                                             "basis": list(z.basis), "kind": "zone"}})
        if include_mentions:
            for m in self.mentions:
                if m.place is None:
                    continue
                feats.append(_feature(Point(m.place.lon, m.place.lat),
                                      {**base, **m.to_dict(), "role": "mention"}))
        return feats

    def to_geodataframe(self, *, include_mentions: bool = False):
        """The directive places, blocks and zones (and mentions) as a GeoDataFrame (EPSG:4326)."""
        import geopandas as gpd

        feats = self.features(include_mentions=include_mentions)
        if not feats:
            return gpd.GeoDataFrame({"role": []}, geometry=[], crs="EPSG:4326")
        return gpd.GeoDataFrame.from_features(feats, crs="EPSG:4326")


def _feature(geom, props: dict) -> dict:
    from shapely.geometry import mapping

    return {"type": "Feature", "geometry": mapping(geom), "properties": props}


_SHAPES: dict[bytes, object] = {}


def _zone_shape(geometry: dict):
    """A zone's shapely geometry from its GeoJSON, remembered: a corpus repeats the same
    few hundred zones ("east of Salah al-Din Road") and building polygons from nested
    lists costs more than reading them.  Shapes are immutable, so sharing them is safe,
    and a map of a batch keys each shared object once (``FeatureCollector``).  Keyed by
    orjson's bytes: ``json.dumps`` took a quarter of the time of a 100k-article map."""
    import orjson
    import shapely

    try:
        key = orjson.dumps(geometry)
    except TypeError:  # what orjson cannot write (an integer over 64 bits)
        import json

        key = json.dumps(geometry, separators=(",", ":")).encode()
    hit = _SHAPES.get(key)
    if hit is None:
        hit = shapely.from_geojson(key)
        if len(_SHAPES) >= 4096:
            _SHAPES.clear()
        _SHAPES[key] = hit
    return hit


def extraction_from_dict(data: dict, gazetteer: Gazetteer | None = None) -> Extraction:
    """An Extraction rebuilt from its JSON form (places looked up again by id)."""
    from shapely.errors import ShapelyError

    from .directives.model import PlaceRef
    from .errors import InputError
    from .zones.relative import Zone

    gazetteer = gazetteer or Gazetteer.default()
    try:
        doc = Document(text="", id=data.get("id"), title=data.get("title"), date=data.get("date"),
                       url=data.get("url"), source=data.get("source"))

        def mention(item: dict, section: str = "body") -> Mention:
            place = gazetteer.get(item["place_id"]) if item.get("place_id") else None
            return Mention(item.get("text") or item.get("name") or "", item.get("start", 0),
                           item.get("end", 0), item.get("section", section), place,
                           item.get("confidence", 0.0), item.get("match", "exact"))

        mentions = [mention(m) for m in data.get("mentions", [])]
        directives = []
        for x in data.get("directives", []):
            d = Directive(x["sentence"], x["start"], x["end"], x.get("trigger", ""),
                          issuer=x.get("issuer"), date=x.get("date"),
                          affected=[PlaceRef(mention(p)) for p in x.get("affected", [])],
                          destinations=[PlaceRef(mention(p)) for p in x.get("destinations", [])],
                          exemptions=[PlaceRef(mention(p)) for p in x.get("exemptions", [])],
                          blocks=[int(b) for b in x.get("blocks", [])],
                          zones=[Zone(z["description"], _zone_shape(z["geometry"]),
                                      z.get("role", "affected"), tuple(z.get("basis", [])))
                                 for z in x.get("zones", []) if z.get("geometry")])
            directives.append(d)
    except (KeyError, TypeError, ValueError, AttributeError, ShapelyError) as exc:
        raise InputError(f"not a geonews extraction ({type(exc).__name__}: {exc})") from None
    return Extraction(doc, mentions, directives)


class Extractor:
    """Reusable pipeline: load the gazetteer and the name index once, extract many articles."""

    def __init__(self, gazetteer: Gazetteer | None = None):
        self.gazetteer = gazetteer or Gazetteer.default()
        self.mentions = MentionFinder(self.gazetteer)
        self.directives = DirectiveExtractor(self.gazetteer)

    def prepare_for_long_run(self) -> None:
        """Before extracting many articles in one process (CLI, batch): load everything,
        then move the loaded objects (gazetteer caches, name index) into the garbage
        collector's permanent generation, so its passes stop walking them (~15–20 % faster
        on long runs).  A process-wide setting: libraries embedding geonews may prefer
        not to call it."""
        import gc

        self.extract("Residents of Rafah were told to leave for al-Mawasi.")
        gc.collect()
        gc.freeze()

    def extract_document(self, doc: Document) -> Extraction:
        """What geonews finds in a :class:`Document` (from ``geonews.text.readers``)."""
        if not isinstance(doc, Document):
            raise TypeError(f"extract_document() takes a geonews Document, not "
                            f"{type(doc).__name__}; for text use extract()")
        mentions = self.mentions.find(doc)
        directives = self.directives.extract(doc, mentions)
        return Extraction(doc, mentions, directives)

    def extract(self, text: str, **meta) -> Extraction:
        """What geonews finds in one article's text; ``meta``: title, date, url, id, source."""
        check_text(text, function="Extractor.extract()")
        meta = _checked_meta(meta, "Extractor.extract()")
        return self.extract_document(make_document(text, **meta))


def _checked_meta(meta: dict, function: str) -> dict:
    """The article metadata, refused unless each item is of a type it can be."""
    unknown = set(meta) - {"title", "date", "url", "id", "source"}
    if unknown:
        raise TypeError(f"{function} got unexpected keyword arguments: "
                        f"{', '.join(sorted(unknown))} (it takes title, date, url, id, source)")
    for key, value in meta.items():
        if key == "date":
            check_date(value, function=function)
        else:
            check_optional(value, function=function, argument=key)
    return meta


_default: Extractor | None = None


def extract(text: str | Document, *, title: str | None = None, date: str | None = None,
            url: str | None = None, id: str | None = None,
            gazetteer: Gazetteer | None = None) -> Extraction:
    """Places and evacuation directives of one article.

    Takes the article's text as ``str`` (bytes: decode them first, e.g. with
    ``geonews.text.decode_bytes``) or a :class:`Document`; ``title``, ``url`` and ``id``
    as ``str`` or None, ``date`` as ``str``, ``datetime.date`` or None.  Anything else
    is a TypeError that says so.
    """
    global _default
    if not isinstance(text, Document):
        check_text(text, function="extract()", takes="the article text as str, or a Document")
        _checked_meta({"title": title, "date": date, "url": url, "id": id}, "extract()")
    if gazetteer is not None and not isinstance(gazetteer, Gazetteer):
        raise TypeError(f"extract() takes gazetteer as a geonews Gazetteer or None, not "
                        f"{type(gazetteer).__name__}")
    if gazetteer is not None:
        extractor = Extractor(gazetteer)
    else:
        if _default is None:
            _default = Extractor()
        extractor = _default
    if isinstance(text, Document):
        return extractor.extract_document(text)
    return extractor.extract(text, title=title, date=date, url=url, id=id)
