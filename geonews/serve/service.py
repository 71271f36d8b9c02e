"""What ``geonews serve`` does, apart from HTTP: read articles, extract, store, correct,
select zones, export and map them — each through geonews's own Python API.

The HTTP layer (:mod:`geonews.serve.app`) only turns requests into these calls and
their results (or :class:`ServeError`) into responses.
"""

from __future__ import annotations

import hashlib
import io
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path, PurePath

from ..errors import GeonewsError, InputError
from ..roles import Role
from ..text.decode import MAX_INPUT_BYTES
from ..text.readers import MAX_ARTICLE_CHARS
from .corrections import (ROLE_KEYS, ROLES, annotated, apply_corrections, for_schema,
                          place_fields, place_refs, ref_of, role_word)
from .storage import Article, Conflict, Correction, Store, ZoneQuery, ZoneRow

MAX_QUERY_CHARS = 1_000
MAX_NAME_CHARS = 500
EXPORT_FORMATS = ("gpkg", "csv", "geojson", "xlsx")
ZONE_ROLES = tuple(r.value for r in Role)


class ServeError(GeonewsError):
    """A request the server refuses, with the HTTP status that says why."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.status = status


@dataclass
class Incoming:
    """An article as a request brings it: text and what is known about it."""

    text: str
    title: str | None = None
    date: str | None = None
    url: str | None = None
    id: str | None = None
    source: str | None = None


def check_text_size(text: str, what: str = "the article") -> None:
    if len(text) > MAX_ARTICLE_CHARS:
        raise ServeError(f"{what} has {len(text):,} characters, over the limit of "
                         f"{MAX_ARTICLE_CHARS:,} for one article", 413)


def safe_label(filename: str | None) -> str:
    """An uploaded file's name as a label for messages: its last part only, never a path
    that anything opens.

    >>> safe_label("../../etc/passwd"), safe_label(None), safe_label("a\\nb.txt")
    ('passwd', 'upload', 'a b.txt')
    """
    name = PurePath((filename or "").replace("\\", "/")).name
    name = "".join(ch if ch.isprintable() else " " for ch in name)[:200].strip()
    return name or "upload"


def documents_from_upload(data: bytes, filename: str | None):
    """The articles of an uploaded file, read like ``geonews extract`` reads a file: any
    encoding; text, HTML, JSON or JSON Lines by the name's suffix or the content."""
    from ..text.decode import decode_bytes
    from ..text.readers import (documents_from_html, documents_from_json,
                                documents_from_jsonl, make_document)

    label = safe_label(filename)
    if len(data) > MAX_INPUT_BYTES:
        raise ServeError(f"{label}: {len(data):,} bytes, over the limit of "
                         f"{MAX_INPUT_BYTES:,} for one file", 413)
    text = decode_bytes(data, label=label)
    if not text.strip():
        raise InputError(f"{label}: empty input, no text")
    suffix = PurePath(label).suffix.lower()
    head = text.lstrip()[:500].lower()
    if suffix in (".html", ".htm", ".xhtml") or head.startswith(("<!doctype html", "<html")) \
            or "<body" in head:
        docs = list(documents_from_html(text, label))
    elif suffix in (".jsonl", ".ndjson") or (head.startswith("{") and "\n{" in text.strip()):
        docs = list(documents_from_jsonl(text, label))
    elif suffix == ".json" or head.startswith(("{", "[")):
        docs = list(documents_from_json(text, label))
    else:
        check_text_size(text, label)
        docs = [make_document(text, source=label, id=PurePath(label).stem)]
    for d in docs:
        check_text_size(d.text, d.source or label)
    return docs


def article_id_for(text: str, given: str | None) -> str:
    """The stored id: the one given, else one made from the text, so that sending the same
    article twice stores it once.

    >>> article_id_for("Leave Rafah.", None) == article_id_for("Leave Rafah.", None)
    True
    >>> article_id_for("x", "my-id")
    'my-id'
    """
    if given is not None and str(given).strip():
        return str(given).strip()[:MAX_NAME_CHARS]
    return "a-" + hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:20]


class Service:
    """The collection and the pipeline, shared by every request of one server."""

    def __init__(self, store: Store, *, allow_fetch: bool = False):
        from ..pipeline import Extractor
        from ..zones.layers import GeometryLookup

        self.store = store
        self.allow_fetch = allow_fetch
        self.extractor = Extractor()
        self.gazetteer = self.extractor.gazetteer
        self._geometry = GeometryLookup(self.gazetteer)
        # The pipeline is CPU-bound Python: one article at a time costs nothing under the
        # GIL and keeps its caches single-writer.
        self._pipeline = threading.Lock()

    def warm_up(self) -> None:
        """Load the gazetteer and name index now, not in the first analyst's request."""
        self.extract_document(self.document(Incoming(
            "Residents of Bani Suhaila were told to leave for Rafah.")))

    # -- reading and extracting --------------------------------------------------------------
    def document(self, item: Incoming):
        from ..text.readers import make_document

        check_text_size(item.text)
        if not item.text.strip():
            raise ServeError("empty article: no text", 400)
        return make_document(item.text, title=item.title, date=item.date, url=item.url,
                             id=item.id, source=item.source)

    def fetch(self, url: str):
        """The article at ``url`` (only with ``--allow-fetch``): http(s), 50 MB at most."""
        if not self.allow_fetch:
            raise ServeError("this server fetches no URLs: send the article's text, or "
                             "start it with --allow-fetch", 400)
        from urllib.parse import urlsplit

        import httpx

        if urlsplit(url).scheme not in ("http", "https"):
            raise ServeError(f"only http and https URLs are fetched, not {url[:100]!r}", 400)
        chunks, size = [], 0
        try:
            with httpx.stream("GET", url, timeout=20, follow_redirects=False) as resp:
                if resp.status_code != 200:
                    raise ServeError(f"{url[:200]}: the site answered {resp.status_code}", 400)
                for chunk in resp.iter_bytes():
                    size += len(chunk)
                    if size > MAX_INPUT_BYTES:
                        raise ServeError(f"{url[:200]}: over {MAX_INPUT_BYTES:,} bytes", 413)
                    chunks.append(chunk)
        except httpx.HTTPError as exc:
            raise ServeError(f"{url[:200]}: cannot fetch ({type(exc).__name__})", 400) from None
        docs = documents_from_upload(b"".join(chunks), PurePath(urlsplit(url).path).name
                                     or "page.html")
        for d in docs:
            d.url = d.url or url
        return docs

    def extract_document(self, doc):
        with self._pipeline:
            return self.extractor.extract_document(doc)

    # -- the collection ----------------------------------------------------------------------
    def add(self, doc, who: str | None = None) -> tuple[Article, bool, dict]:
        """Extract and store one article; ``(article, created, extraction)``."""
        ex = self.extract_document(doc).to_dict()
        article = Article(article_id_for(doc.text, doc.id), doc.text, ex, title=doc.title,
                          date=doc.date, url=doc.url, added_by=_short(who))
        ex["id"] = article.id
        try:
            stored, created = self.store.add_article(article, self.zone_rows(article.id, ex))
        except Conflict as exc:
            raise ServeError(str(exc), 409) from None
        return stored, created, stored.extraction

    def get(self, article_id: str) -> Article:
        article = self.store.article(article_id)
        if article is None:
            raise ServeError(f"no article {article_id[:200]!r} in the collection", 404)
        return article

    def corrected(self, article: Article, corrections: list[Correction] | None = None) -> dict:
        if corrections is None:
            corrections = self.store.corrections(article.id)
        return apply_corrections(article.extraction, corrections, text=article.text,
                                 lookup=self.place_lookup)

    def place_lookup(self, place_id: str | None) -> dict | None:
        place = self.gazetteer.get(place_id) if place_id else None
        return place_fields(place) if place is not None else None

    def view(self, article: Article) -> dict:
        """An article with the machine's extraction, its corrections and the result."""
        corrections = self.store.corrections(article.id)
        corrected = self.corrected(article, corrections)
        return {"article": article.summary(), "text": article.text,
                "machine": article.extraction, "corrections": [c.to_dict() for c in corrections],
                "corrected": for_schema(corrected), "places": place_refs(corrected)}

    def correct(self, article_id: str, kind: str, target: str | None, value: dict,
                who: str | None) -> dict:
        """Check and store one correction; the article's zones follow it."""
        article = self.get(article_id)
        current = self.corrected(article)
        refs = {e["ref"] for e in place_refs(current)}
        if kind == "role":
            if role_word(value.get("role")) not in ROLES:
                raise ServeError(f"role must be one of {', '.join(ROLES)}", 422)
            if target not in refs:
                raise ServeError(f"no place {str(target)[:100]!r} in this article", 404)
            value = {"role": role_word(value["role"])}
        elif kind == "place":
            if target not in refs:
                raise ServeError(f"no place {str(target)[:100]!r} in this article", 404)
            place = self.place_lookup(str(value.get("place_id") or ""))
            if place is None:
                raise ServeError(f"no place {str(value.get('place_id'))[:100]!r} in the "
                                 "gazetteer", 422)
            # The place's fields are kept with the correction: it stands as made.
            value = {"place_id": place["place_id"], "place": place}
        elif kind == "add":
            value = self._added(value, current)
            target = None
        else:
            raise ServeError("kind must be role, place or add", 422)
        correction = Correction(kind, target, value, who=_short(who))

        def rebuild(corrections: list[Correction]) -> list[ZoneRow]:
            return self.zone_rows(article.id, self.corrected(article, corrections))

        self.store.add_correction(article.id, correction, rebuild)
        return {"correction": correction.to_dict(), **self.view(article)}

    def _added(self, value: dict, current: dict) -> dict:
        name = str(value.get("name") or "").strip()
        role = role_word(value.get("role", "affected"))
        if not name or len(name) > MAX_NAME_CHARS:
            raise ServeError(f"an added place needs a name (at most {MAX_NAME_CHARS} "
                             "characters)", 422)
        if role not in ROLE_KEYS:
            raise ServeError("an added place's role is affected, destination or exemption", 422)
        if value.get("place_id"):
            place = self.place_lookup(str(value["place_id"]))
        else:
            res = self.resolve(name, alternatives=0)[0]
            place = place_fields(res.place) if res.place is not None else None
        if place is None:
            raise ServeError(f"no place named {name[:100]!r} in the gazetteer", 422)
        directive = value.get("directive")
        if directive is not None and not (isinstance(directive, int) and
                                          0 <= directive < len(current["directives"])):
            raise ServeError(f"no directive {directive!r} in this article", 422)
        return {"name": name, "role": role, "place": place, "directive": directive}

    def resolve(self, name: str, *, alternatives: int = 5, country=None):
        from ..places.matcher import Matcher

        with self._pipeline:
            return Matcher(self.gazetteer).resolve([name], country=country,
                                                   alternatives=alternatives)

    # -- zones -------------------------------------------------------------------------------
    def zone_rows(self, article_id: str, record: dict) -> list[ZoneRow]:
        """The zones of one (corrected) extraction, each with the directive and place
        reference it came from (see :func:`geonews.zones.layers.zone_rows`)."""
        from ..zones.layers import zone_rows

        record = {**record, "id": article_id}
        out: list[ZoneRow] = []
        for i, d in enumerate(record.get("directives", [])):
            bare = {**d, **{k: [] for k in (*ROLE_KEYS.values(), "blocks", "zones")}}
            parts = [({**bare, key: [p]}, ref_of(p)) for key in ROLE_KEYS.values()
                     for p in d.get(key, [])]
            parts.append(({**bare, "blocks": d.get("blocks", []), "zones": d.get("zones", [])},
                          None))
            for part, ref in parts:
                for row in zone_rows({**record, "directives": [part]}, self._geometry):
                    geom = row.pop("geometry")
                    out.append(ZoneRow({**row, "article_id": article_id, "directive": i,
                                        "ref": ref}, geom))
        return out

    def region(self, text: str | None):
        """The area a ``region=`` names: ``minx,miny,maxx,maxy`` or a place name or id."""
        if not text:
            return None
        from shapely.geometry import box

        parts = text.split(",")
        if len(parts) == 4:
            try:
                minx, miny, maxx, maxy = (float(p) for p in parts)
            except ValueError:
                pass
            else:
                if not (-180 <= minx < maxx <= 180 and -90 <= miny < maxy <= 90):
                    raise ServeError("region box must be minlon,minlat,maxlon,maxlat in "
                                     "degrees, min below max", 400)
                return box(minx, miny, maxx, maxy)
        if len(text) > MAX_QUERY_CHARS:
            raise ServeError("region: too long", 400)
        place = self.gazetteer.get(text)
        if place is None:
            place = self.resolve(text, alternatives=0)[0].place
        if place is None:
            raise ServeError(f"region: no place named {text[:100]!r}", 400)
        return self.gazetteer.geometry(place)

    def query(self, since=None, until=None, role=None, region=None, article=None,
              limit=None) -> ZoneQuery:
        from ..text.readers import parse_date

        dates = []
        for name, value in (("since", since), ("until", until)):
            if value:
                iso = parse_date(value)
                if iso is None or len(value) > 40:
                    raise ServeError(f"{name}: not a date (use YYYY-MM-DD)", 400)
                dates.append(iso)
            else:
                dates.append(None)
        roles = _roles(role)
        return ZoneQuery(since=dates[0], until=dates[1], roles=roles,
                         region=self.region(region),
                         article_ids=[article] if article else (), limit=limit)

    def zones_table(self, query: ZoneQuery):
        """A zone table (the columns of :mod:`geonews.zones.layers`, with article id and
        title) of the zones selected."""
        import geopandas as gpd

        from ..zones.layers import COLUMNS

        rows = self.store.zones(query)
        columns = ["article_id", "title", *COLUMNS[:-1], "directive", "ref"]
        table = gpd.GeoDataFrame([{c: z.fields.get(c) for c in columns} for z in rows],
                                 columns=columns, geometry=[z.geometry for z in rows],
                                 crs="EPSG:4326")
        table["block"] = table["block"].astype("Int64")
        return table

    def zones_geojson(self, query: ZoneQuery) -> dict:
        from shapely.geometry import mapping

        rows = self.store.zones(query)
        return {"type": "FeatureCollection", "features": [
            {"type": "Feature", "geometry": mapping(z.geometry),
             "properties": {k: z.fields.get(k) for k in (
                 "article_id", "title", "directive", "ref", "role", "kind", "name", "place_id",
                 "block", "date", "sentence", "description", "source")}}
            for z in rows]}

    def export(self, fmt: str, query: ZoneQuery) -> tuple[bytes, str]:
        """The selected zones as a file: ``(bytes, media type)``."""
        from ..tables.layers import write_layers

        table = self.zones_table(query)
        if fmt == "xlsx":
            return _xlsx(table), ("application/vnd.openxmlformats-officedocument."
                                  "spreadsheetml.sheet")
        with tempfile.TemporaryDirectory(prefix="geonews-export-") as tmp:
            out = Path(tmp) / f"zones.{fmt}"
            if fmt == "geojson" and table.empty:
                # GDAL writes no file for an empty layer.
                import json

                return json.dumps({"type": "FeatureCollection", "features": []}).encode(), \
                    "application/geo+json"
            write_layers({"zones": table}, out)
            media = {"gpkg": "application/geopackage+sqlite3", "csv": "text/csv; charset=utf-8",
                     "geojson": "application/geo+json"}[fmt]
            return out.read_bytes(), media

    def map_html(self, query: ZoneQuery, title: str = "geonews collection") -> str:
        """The self-contained map (no network) of the selected zones."""
        from ..maps import map_zones
        from ..maps.offline import inline_assets

        m = map_zones(self.zones_table(query), gazetteer=self.gazetteer, tiles=False,
                      title=title)
        return inline_assets(m.get_root().render())

    # -- annotated JSON (the evaluation schema) ----------------------------------------------
    def annotated(self, article: Article) -> dict:
        corrections = self.store.corrections(article.id)
        corrected = self.corrected(article, corrections)
        return annotated(article.text, {"id": article.id, "date": article.date,
                                        "url": article.url}, corrected, corrections)


def _roles(role: str | None) -> list[str]:
    if not role:
        return []
    roles = [role_word(r.strip()) for r in role.split(",") if r.strip()]
    for r in roles:
        if r not in ZONE_ROLES:
            raise ServeError(f"role: {r[:50]!r} is not one of {', '.join(ZONE_ROLES)}", 400)
    return roles


def _short(who: str | None) -> str | None:
    if who is None:
        return None
    who = " ".join(str(who).split())[:100]
    return who or None


def _xlsx(table) -> bytes:
    """The table as an Excel sheet, geometry as WKT, text cells formula-safe (a cell such
    as ``=HYPERLINK(…)`` from an article would otherwise run in Excel)."""
    import pandas as pd

    from ..tables import csv_safe

    frame = pd.DataFrame(table.drop(columns=table.geometry.name))
    frame["wkt"] = [g.wkt if g is not None else None for g in table.geometry]
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    for c in frame.columns:
        if frame[c].dtype == object:
            frame[c] = [csv_safe(ILLEGAL_CHARACTERS_RE.sub(" ", v)) if isinstance(v, str) else v
                        for v in frame[c]]
    frame["block"] = frame["block"].astype(object).where(frame["block"].notna(), None)
    buf = io.BytesIO()
    # Excel's cell limit is 32,767 characters; WKT of a big polygon can pass it.
    frame["wkt"] = [w if w is None or len(w) <= 32_767 else None for w in frame["wkt"]]
    frame.to_excel(buf, index=False, sheet_name="zones", engine="openpyxl")
    return buf.getvalue()
