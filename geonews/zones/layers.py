"""Zone layers: the areas of orders, from articles, extractions or GIS files, in one table.

Every source becomes a GeoDataFrame in WGS 84 with the same columns
(:data:`COLUMNS`), so that unions, break-downs, comparisons and timelines never
care where a zone came from:

* articles and extraction JSON: the affected places, blocks and described zones
  of their directives (and destinations, exemptions), each with its sentence;
* GIS layers (GeoJSON, GeoPackage, Shapefile, KML, FlatGeobuf): the layer's own
  CRS is honoured and reprojected; attribute columns named like ``date``,
  ``role``/``status``, ``name`` or ``block`` are carried over;
* CSV: geometry from a WKT column, lat/lon columns, or a block-number column
  (each block becomes its polygon from the gazetteer's IDF grid);
* ``gazetteer:block-orders``: the dated block orders shipped in the gazetteer.

Layers are checked as they are read: a file that is not geographic, is empty,
has no CRS, mixes areas with points or lines, or cannot be opened raises an
:class:`~geonews.errors.InputError` naming the file and the problem.  Invalid
polygons (self-intersections) are repaired with ``make_valid`` and counted.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from ..places.gazetteer import Gazetteer
from ..roles import Role

#: The columns of every zone table, in order.
COLUMNS = ["source", "date", "role", "kind", "name", "place_id", "block", "description",
           "sentence", "geometry"]
#: The roles a zone can have.
ROLES = tuple(r.value for r in Role)
BUILTIN_ORDERS = "gazetteer:block-orders"

_LAYER_SUFFIXES = {".geojson", ".gpkg", ".shp", ".kml", ".fgb", ".gml", ".zip", ".parquet"}
_ARTICLE_SUFFIXES = {".txt", ".html", ".htm", ".jsonl", ".md", ""}
_DATE_COLUMNS = ("date", "order_date", "issued", "date_start", "start_date", "day")
_ROLE_COLUMNS = ("role", "status", "type")
_NAME_COLUMNS = ("name", "place", "title", "label", "area")
_BLOCK_COLUMNS = ("block", "blocks", "block_number", "block_id", "cod_mod", "code")
_WKT_COLUMNS = ("wkt", "geometry", "geom", "the_geom", "shape")
_LAT_COLUMNS = ("lat", "latitude", "y")
_LON_COLUMNS = ("lon", "lng", "long", "longitude", "x")
_ROLE_WORDS = {"affected": "affected", "displaced": "affected", "evacuate": "affected",
               "evacuation": "affected", "block": "affected", "ordered": "affected",
               "destination": "destination", "safe": "destination", "shelter": "destination",
               "humanitarian": "destination", "exempt": "exemption", "exemption": "exemption"}


@dataclass
class LayerReport:
    """What reading a layer had to fix or leave out (shown to the user as warnings)."""

    source: str
    rows: int = 0
    repaired: int = 0
    dropped_empty: int = 0
    unknown_blocks: tuple[int, ...] = ()

    def warnings(self) -> list[str]:
        out = []
        if self.repaired:
            out.append(f"{self.source}: {self.repaired} invalid polygon(s) repaired "
                       "(self-intersections fixed with make_valid)")
        if self.dropped_empty:
            out.append(f"{self.source}: {self.dropped_empty} feature(s) without geometry left out")
        if self.unknown_blocks:
            shown = ", ".join(map(str, self.unknown_blocks[:10]))
            out.append(f"{self.source}: block number(s) not in the IDF grid left out: {shown}"
                       + (" …" if len(self.unknown_blocks) > 10 else ""))
        return out


def empty_zones():
    """A zone table with no rows (and the right columns).

    >>> list(empty_zones().columns) == COLUMNS
    True
    """
    import geopandas as gpd

    return gpd.GeoDataFrame({c: [] for c in COLUMNS[:-1]}, geometry=[], crs="EPSG:4326")


def read_zones(inputs: Iterable, *, crs: str | None = None, gazetteer: Gazetteer | None = None,
               reports: list[LayerReport] | None = None):
    """One zone table from many inputs: paths (articles, extraction JSON, GIS layers,
    CSV, ``gazetteer:block-orders``), Extraction objects or GeoDataFrames.

    ``crs`` is the CRS to assume for layers that do not state one (CSV, bare
    GeoJSON objects are WGS 84 already).

    >>> z = read_zones(["Residents of Abasan were told to leave for Rafah."])
    >>> sorted(z.role), sorted(z.name)
    (['affected', 'destination'], ['Abasan al-Kabira', 'Rafah'])
    """
    import pandas as pd

    from ..pipeline import Extraction

    gazetteer = gazetteer or Gazetteer.default()
    check_crs(crs)
    tables = []
    for item in inputs:
        report = None
        if isinstance(item, Extraction):
            table = zones_from_extractions([item], gazetteer)
        elif hasattr(item, "geometry") and hasattr(item, "crs"):
            table, report = normalise_layer(item, source="(GeoDataFrame)", gazetteer=gazetteer)
        else:
            table, report = _read_one(item, crs=crs, gazetteer=gazetteer)
        if report is not None and reports is not None:
            reports.append(report)
        tables.append(table)
    tables = [t for t in tables if len(t)]
    if not tables:
        return empty_zones()
    import geopandas as gpd

    return gpd.GeoDataFrame(pd.concat(tables, ignore_index=True), geometry="geometry",
                            crs="EPSG:4326")[COLUMNS]


def _read_one(item, *, crs: str | None, gazetteer: Gazetteer):
    from ..maps.render import load_extractions

    text = str(item)
    if text == BUILTIN_ORDERS:
        return block_orders_layer(gazetteer), None
    path = Path(text)
    suffix = path.suffix.lower()
    if not path.exists() and "\n" not in text and suffix:
        raise InputError(f"{path}: no such file")
    if suffix in _LAYER_SUFFIXES or suffix == ".csv" or _is_feature_collection(path):
        return read_layer(path, crs=crs, gazetteer=gazetteer)
    if suffix in _ARTICLE_SUFFIXES or suffix == ".json" or not path.exists():
        return zones_from_extractions(load_extractions([item], gazetteer), gazetteer), None
    raise InputError(f"{path}: not a zone layer or article (expected GeoJSON, GeoPackage, "
                     "Shapefile, KML, CSV, article text/HTML or extraction JSON)")


def _is_feature_collection(path: Path) -> bool:
    """A ``.json`` file holding GeoJSON rather than an article or an extraction."""
    if path.suffix.lower() != ".json" or not path.is_file():
        return False
    with open(path, "rb") as fh:
        head = fh.read(4096).decode("utf-8", "replace")
    return re.search(r'"type"\s*:\s*"(FeatureCollection|Feature|Polygon|MultiPolygon)"',
                     head) is not None


def zones_from_extractions(extractions: Sequence, gazetteer: Gazetteer | None = None):
    """The zones of extracted directives: places in their roles, blocks, described zones.

    Places known only as points keep their point (they have no area: measures leave
    them out and say so).
    """
    import geopandas as gpd

    geometry_of = GeometryLookup(gazetteer or Gazetteer.default())
    rows = [row for ex in extractions for row in zone_rows(ex.to_dict(), geometry_of)]
    if not rows:
        return empty_zones()
    table = gpd.GeoDataFrame(rows, geometry="geometry", crs="EPSG:4326")
    table["block"] = table["block"].astype("Int64")
    return table[COLUMNS]


def zone_rows(record: dict, geometry_of: GeometryLookup) -> list[dict]:
    """The zone rows of one extraction in its JSON form (the ``extract`` contract): one
    per place in a role, block and described zone, with article id, title and sentence.
    ``geometry_of`` gives each its shape (shapely, or WKB for the batch table)."""
    from shapely.geometry import shape

    base = {"article_id": record.get("id"), "title": record.get("title"),
            "source": record.get("source") or record.get("title") or record.get("id")}
    out = []
    for d in record.get("directives", []):
        common = {**base, "date": _iso_date(d.get("date") or record.get("date")),
                  "sentence": d.get("sentence"), "block": None, "description": None}
        for role, key in ((Role.AFFECTED.value, "affected"),
                          (Role.DESTINATION.value, "destinations"),
                          (Role.EXEMPTION.value, "exemptions")):
            for p in d.get(key, []):
                geom = geometry_of(p["place_id"]) if p.get("place_id") else None
                if geom is not None:
                    out.append({**common, "role": role, "kind": p.get("kind"),
                                "name": p.get("name"), "place_id": p["place_id"],
                                "geometry": geom})
        for n in d.get("blocks", []):
            geom = geometry_of(block=int(n))
            if geom is not None:
                out.append({**common, "role": "affected", "kind": "block", "name": f"Block {n}",
                            "place_id": f"block:{n}", "block": int(n), "geometry": geom})
        for z in d.get("zones", []):
            if z.get("geometry"):
                out.append({**common, "role": _role(z.get("role")), "kind": "zone",
                            "name": z.get("description"), "place_id": None,
                            "description": z.get("description"),
                            "geometry": geometry_of.convert(shape(z["geometry"]))})
    return out


class GeometryLookup:
    """Shapes of gazetteer places and blocks by id, remembered (news names the same
    places over and over); as shapely objects, or as WKB with ``wkb=True``."""

    def __init__(self, gazetteer: Gazetteer, *, wkb: bool = False, size: int = 20_000):
        self.gazetteer, self.wkb, self.size, self._cache = gazetteer, wkb, size, {}

    def convert(self, geom):
        return geom.wkb if self.wkb else geom

    def __call__(self, place_id: str | None = None, block: int | None = None):
        key = place_id if block is None else f"block:{block}"
        if key in self._cache:
            return self._cache[key]
        place = self.gazetteer.block(block) if block is not None else self.gazetteer.get(key)
        geom = self.convert(self.gazetteer.geometry(place)) if place is not None else None
        if len(self._cache) < self.size:
            self._cache[key] = geom
        return geom


def block_orders_layer(gazetteer: Gazetteer | None = None):
    """The dated IDF block orders shipped in the gazetteer (gazamaps.com records), as zones:
    "displaced" orders are affected blocks, "safe" ones destinations."""
    import geopandas as gpd

    gazetteer = gazetteer or Gazetteer.default()
    geoms: dict[int, object] = {}
    rows = []
    for order in gazetteer.block_orders():
        if order.block not in geoms:
            block = gazetteer.block(order.block)
            geoms[order.block] = gazetteer.geometry(block) if block is not None else None
        if geoms[order.block] is None:
            continue
        rows.append({"source": order.source_url or BUILTIN_ORDERS, "date": _iso_date(order.date),
                     "role": "destination" if order.status == "safe" else "affected",
                     "kind": "block", "name": f"Block {order.block}",
                     "place_id": f"block:{order.block}", "block": order.block,
                     "description": order.order_ref, "sentence": None,
                     "geometry": geoms[order.block]})
    if not rows:
        return empty_zones()
    table = gpd.GeoDataFrame(rows, geometry="geometry", crs="EPSG:4326")
    table["block"] = table["block"].astype("Int64")
    return table[COLUMNS]


def read_layer(path: Path | str, *, crs: str | None = None, gazetteer: Gazetteer | None = None,
               layer: str | None = None):
    """A GIS layer or CSV as a zone table (WGS 84), with a :class:`LayerReport`.

    GeoPackages with several layers are read whole (every layer, in order) unless
    ``layer`` names one.
    """
    path = Path(path)
    gazetteer = gazetteer or Gazetteer.default()
    check_crs(crs)
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    if path.stat().st_size == 0:
        raise InputError(f"{path}: empty file")
    if path.suffix.lower() in (".geojson", ".json"):
        _check_declared_crs(path)
    if path.suffix.lower() == ".csv":
        frame = _read_csv_layer(path, crs=crs, gazetteer=gazetteer)
        return normalise_layer(frame, source=path.name, gazetteer=gazetteer)
    if path.suffix.lower() == ".parquet":
        return normalise_layer(_read_parquet(path), source=path.name, gazetteer=gazetteer)
    frames = []
    for name in _layer_names(path, layer):
        frames.append(_read_gis(path, name))
    import pandas as pd
    import geopandas as gpd

    frame = frames[0] if len(frames) == 1 else gpd.GeoDataFrame(
        pd.concat([f.to_crs("EPSG:4326") for f in frames], ignore_index=True),
        geometry="geometry", crs="EPSG:4326")
    if frame.crs is None:
        if crs is None:
            raise InputError(f"{path}: the layer has no CRS; say which with --crs "
                             "(e.g. --crs EPSG:4326 or EPSG:32636)")
        frame = frame.set_crs(crs)
    return normalise_layer(frame, source=path.name, gazetteer=gazetteer)


def check_crs(crs: str | None, what: str = "--crs") -> None:
    """Refuse a CRS that PROJ does not know, with one line (pyproj's error is a page).

    >>> check_crs("EPSG:32636")
    >>> check_crs("EPSG:999999")
    Traceback (most recent call last):
    ...
    geonews.errors.InputError: --crs 'EPSG:999999': not a CRS that PROJ knows
    """
    if crs is None:
        return
    from pyproj import CRS
    from pyproj.exceptions import CRSError

    try:
        CRS.from_user_input(crs)
    except CRSError:
        raise InputError(f"{what} {crs!r}: not a CRS that PROJ knows") from None


#: A GeoJSON ``crs`` member (RFC 7946 dropped it; GDAL still honours it).
_CRS_MEMBER = re.compile(rb'"crs"\s*:\s*\{')


def _check_declared_crs(path: Path) -> None:
    """Refuse a GeoJSON file whose ``crs`` member names a CRS nobody knows.

    GDAL reads such a file as WGS 84 without a word, which puts projected coordinates
    in the wrong place (or the layer in the wrong hemisphere).  The member is found by
    scanning the mapped file, so a big layer is not parsed twice.
    """
    import json
    import mmap

    with open(path, "rb") as fh:
        try:
            data = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
        except ValueError:  # an empty file: refused elsewhere
            return
        with data:
            for match in _CRS_MEMBER.finditer(data):
                start = match.end() - 1
                text = data[start:start + 4096].decode("utf-8", "replace")
                try:
                    member, _ = json.JSONDecoder().raw_decode(text)
                except ValueError:
                    continue
                props = member.get("properties") if isinstance(member, dict) else None
                name = props.get("name") if isinstance(props, dict) else None
                # Only a CRS member counts: a feature property that happens to be called
                # "crs" holds something else.
                if member.get("type") == "name" and isinstance(name, str):
                    check_crs(name, f"{path}: the layer declares the CRS")
                    return


def _read_parquet(path: Path):
    """A GeoParquet table (``geonews batch`` writes its zones as one)."""
    import geopandas as gpd

    try:
        frame = _read_wkb_parquet(path)
        return gpd.read_parquet(path) if frame is None else frame
    except Exception as exc:  # pyarrow's ArrowInvalid, geopandas' ValueError on plain Parquet
        raise InputError(f"{path}: cannot be read as GeoParquet ({_gdal_reason(exc)})") from None


def _read_wkb_parquet(path: Path):
    """A GeoParquet table with WKB geometry, each distinct shape decoded once and shared by
    the rows that hold it; None for other encodings (geopandas reads those).

    A batch's zones table repeats a few thousand shapes over hundreds of thousands of
    rows: decoded row by row (geopandas) its 100k-article table took 4.5 GB and 28 s,
    most of it copies of the same polygons.  The geometry column is read as Parquet's
    own dictionary, so only its distinct values per row group are decoded."""
    import json

    import numpy as np
    import pyarrow as pa
    import pyarrow.parquet as pq
    import shapely
    import geopandas as gpd

    schema = pq.read_schema(path)
    geo = json.loads((schema.metadata or {}).get(b"geo", b"null"))
    column = geo.get("primary_column") if isinstance(geo, dict) else None
    info = (geo.get("columns") or {}).get(column) if column else None
    if not isinstance(info, dict) or str(info.get("encoding", "")).upper() != "WKB" or \
            schema.get_field_index(column) < 0 or \
            schema.field(column).type not in (pa.binary(), pa.large_binary()):
        return None
    table = pq.read_table(path, read_dictionary=[column])
    shapes: dict[bytes, object] = {}
    parts = []
    for chunk in table.column(column).chunks:
        if not isinstance(chunk, pa.DictionaryArray):
            chunk = chunk.dictionary_encode()
        local = np.empty(len(chunk.dictionary) + 1, dtype=object)  # the last: no geometry
        for k, wkb in enumerate(chunk.dictionary.to_pylist()):
            if wkb is not None:
                local[k] = shapes.get(wkb)
                if local[k] is None:
                    local[k] = shapes[wkb] = shapely.from_wkb(wkb)
        indices = chunk.indices.fill_null(len(chunk.dictionary)).to_numpy(zero_copy_only=False)
        parts.append(local[indices])
    geoms = np.concatenate(parts) if parts else np.empty(0, dtype=object)
    frame = table.drop_columns([column]).to_pandas()
    # GeoParquet: no "crs" key means OGC:CRS84; an explicit null, an unknown CRS.
    crs = info.get("crs", "OGC:CRS84")
    return gpd.GeoDataFrame(frame, geometry=gpd.GeoSeries(geoms, index=frame.index, crs=crs))


def distinct(geoms):
    """The distinct geometry objects of ``geoms`` and, for each row, the index of its own:
    rows that share an object (a zones table read from GeoParquet) are worked on once.

    >>> from shapely.geometry import box
    >>> a, b = box(0, 0, 1, 1), box(0, 0, 1, 1)
    >>> shapes, rows = distinct([a, b, a, a])
    >>> len(shapes), all(s is g for s, g in zip(shapes[rows], [a, b, a, a]))
    (2, True)
    """
    import numpy as np

    geoms = np.asarray(geoms, dtype=object)
    ids = np.fromiter(map(id, geoms), dtype=np.uint64, count=len(geoms))
    _, first, inverse = np.unique(ids, return_index=True, return_inverse=True)
    return geoms[first], inverse.reshape(-1)


def _layer_names(path: Path, layer: str | None) -> list[str | None]:
    import pyogrio

    try:
        listed = pyogrio.list_layers(path)
    except Exception as exc:  # pyogrio raises its own DataSourceError and friends
        raise InputError(f"{path}: cannot be read as a GIS layer ({_gdal_reason(exc)})") from None
    names = [str(n) for n, _ in listed]
    if layer is not None:
        if layer not in names:
            raise InputError(f"{path}: no layer {layer!r} (layers: {', '.join(names)})")
        return [layer]
    if not names:
        raise InputError(f"{path}: holds no layer")
    return names if path.suffix.lower() == ".gpkg" else [names[0]]


def _read_gis(path: Path, layer: str | None):
    import geopandas as gpd

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return gpd.read_file(path, layer=layer, engine="pyogrio")
    except Exception as exc:
        raise InputError(f"{path}: cannot be read as a GIS layer ({_gdal_reason(exc)})") from None


def _gdal_reason(exc: Exception) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:200]


def _column(columns: Sequence[str], wanted: Sequence[str]) -> str | None:
    lowered = {c.lower(): c for c in columns}
    for w in wanted:
        if w in lowered:
            return lowered[w]
    return None


def _read_csv_layer(path: Path, *, crs: str | None, gazetteer: Gazetteer):
    import geopandas as gpd
    import pandas as pd
    import shapely

    from ..text.decode import read_text

    try:
        import io

        frame = pd.read_csv(io.StringIO(read_text(path)), dtype=str, keep_default_na=False)
    except (ValueError, pd.errors.ParserError) as exc:
        raise InputError(f"{path}: not a readable CSV ({_gdal_reason(exc)})") from None
    cols = list(frame.columns)
    wkt, lat, lon = _column(cols, _WKT_COLUMNS), _column(cols, _LAT_COLUMNS), \
        _column(cols, _LON_COLUMNS)
    block = _column(cols, _BLOCK_COLUMNS)
    if wkt is not None:
        try:
            geoms = shapely.from_wkt(frame[wkt].replace("", None), on_invalid="raise")
        except shapely.errors.GEOSException as exc:
            raise InputError(f"{path}: column {wkt!r} holds text that is not WKT "
                             f"({_gdal_reason(exc)})") from None
    elif lat is not None and lon is not None:
        try:
            ys = pd.to_numeric(frame[lat].replace("", None), errors="raise")
            xs = pd.to_numeric(frame[lon].replace("", None), errors="raise")
        except ValueError as exc:
            raise InputError(f"{path}: non-numeric coordinates in {lat!r}/{lon!r} ({exc})") \
                from None
        geoms = shapely.points(xs.to_numpy(), ys.to_numpy())
    elif block is not None:
        return _blocks_from_column(frame, block, path, gazetteer)
    else:
        raise InputError(f"{path}: no geometry column (expected one of WKT/geometry, "
                         "lat+lon, or a block number column)")
    attributes = frame.drop(columns=[wkt]) if wkt is not None else frame
    return gpd.GeoDataFrame(attributes, geometry=list(geoms), crs=crs or "EPSG:4326")


def _blocks_from_column(frame, column: str, path: Path, gazetteer: Gazetteer):
    """Rows keyed by IDF block number (the OCHA dashboard's ``COD_mod``): each its polygon."""
    import geopandas as gpd

    geoms, unknown = {}, []
    numbers = []
    for raw in frame[column]:
        try:
            n = int(str(raw).strip())
        except ValueError:
            raise InputError(f"{path}: block column {column!r} holds {raw!r}, not a number") \
                from None
        if n not in geoms:
            place = gazetteer.block(n)
            geoms[n] = gazetteer.geometry(place) if place is not None else None
            if place is None:
                unknown.append(n)
        numbers.append(n)
    out = gpd.GeoDataFrame(frame.assign(block=numbers, kind="block",
                                        name=[f"Block {n}" for n in numbers],
                                        place_id=[f"block:{n}" for n in numbers]),
                           geometry=[geoms[n] for n in numbers], crs="EPSG:4326")
    out.attrs["unknown_blocks"] = tuple(unknown)
    out.attrs["unknown_rows"] = sum(geoms[n] is None for n in numbers)
    return out


def normalise_layer(frame, *, source: str, gazetteer: Gazetteer | None = None):
    """Any GeoDataFrame as a zone table: WGS 84, geometry checked and repaired, the
    attributes mapped onto :data:`COLUMNS`.  Returns ``(table, LayerReport)``."""
    import geopandas as gpd
    import pandas as pd
    import shapely

    report = LayerReport(source, unknown_blocks=tuple(frame.attrs.get("unknown_blocks", ())))
    if frame.crs is None:
        raise InputError(f"{source}: the layer has no CRS; say which with --crs")
    raw = len(frame)
    frame = frame[_present(frame.geometry)]
    report.dropped_empty = raw - len(frame) - frame.attrs.get("unknown_rows", 0)
    if len(frame) == 0:
        raise InputError(f"{source}: the layer holds no features with geometry")
    # Each distinct shape is reprojected, checked and repaired once, then shared again by
    # its rows (row by row, a batch's table would be copied once per article).
    geoms, rows = distinct(frame.geometry.to_numpy())
    try:
        geoms = gpd.GeoSeries(geoms, crs=frame.crs).to_crs("EPSG:4326").to_numpy()
    except Exception as exc:
        raise InputError(f"{source}: cannot reproject from {frame.crs} ({exc})") from None
    geoms = flatten_collections(geoms)
    coords = shapely.get_coordinates(geoms)
    if len(coords) and (not ((abs(coords[:, 0]) <= 180) & (abs(coords[:, 1]) <= 90)).all()):
        raise InputError(f"{source}: coordinates outside longitude/latitude range after "
                         "reprojection (NaN, swapped axes or a wrong --crs?)")
    families = {_family(t) for t in shapely.get_type_id(geoms)}
    if len(families) > 1 and not _is_geonews_table(frame):
        raise InputError(f"{source}: mixed geometry types ({', '.join(sorted(families))}); "
                         "a zone layer holds areas — split it by geometry type")
    if "area" in families:
        invalid = ~shapely.is_valid(geoms)
        report.repaired = int(invalid[rows].sum())  # rows, as the report says
        if invalid.any():
            geoms = geoms.copy()
            geoms[invalid] = [_polygonal(g) for g in shapely.make_valid(geoms[invalid])]
    geoms = geoms[rows]
    cols = list(frame.columns)

    def pick(wanted, default=None):
        c = _column([x for x in cols if x != frame.geometry.name], wanted)
        return frame[c].to_numpy() if c is not None else [default] * len(frame)

    role_col = _column(cols, _ROLE_COLUMNS)
    roles = [_role(r) for r in frame[role_col]] if role_col else ["affected"] * len(frame)
    block_col = _column([x for x in cols if x != frame.geometry.name], _BLOCK_COLUMNS)
    blocks = pd.array([_block_number(b, source, block_col) for b in pick(_BLOCK_COLUMNS)],
                      dtype="Int64")
    dates = [_iso_date(d) for d in pick(_DATE_COLUMNS)]
    names = pick(_NAME_COLUMNS)
    kinds = pick(("kind",), None)
    table = gpd.GeoDataFrame({
        "source": [s if s not in (None, "") else source
                   for s in pick(("source", "source_url", "article"), None)],
        "date": dates, "role": roles,
        "kind": [k if k not in (None, "") else ("block" if b is not pd.NA else "area")
                 for k, b in zip(kinds, blocks)],
        "name": [n if n not in (None, "") else (f"Block {b}" if b is not pd.NA else None)
                 for n, b in zip(names, blocks)],
        "place_id": pick(("place_id",)), "block": blocks,
        "description": pick(("description", "descriptio", "notes")),
        "sentence": pick(("sentence",)),
    }, geometry=list(geoms), crs="EPSG:4326")
    table = table[_present(table.geometry)]
    report.rows = len(table)
    for c in ("source", "role", "kind", "name", "place_id", "description", "sentence"):
        table[c] = table[c].astype(object).where(table[c].notna(), None)
        table[c] = [None if v is None else str(v) for v in table[c]]
    return table[COLUMNS].reset_index(drop=True), report


def _present(geoms):
    """Which geometries exist and are not empty."""
    import numpy as np
    import shapely

    geoms = np.asarray(geoms, dtype=object)
    return ~shapely.is_missing(geoms) & ~shapely.is_empty(geoms)


def _family(type_id: int) -> str:
    return {0: "point", 4: "point", 1: "line", 2: "line", 5: "line", 3: "area", 6: "area"}.get(
        int(type_id), "collection")


def _polygonal(geom):
    """The areas of a geometry: its polygons, from any depth of collections (make_valid
    may add stray lines or points); an empty polygon if it has none.

    >>> from shapely.geometry import GeometryCollection, Point, box
    >>> _polygonal(GeometryCollection([box(0, 0, 1, 1), Point(5, 5)])).wkt
    'POLYGON ((1 0, 1 1, 0 1, 0 0, 1 0))'
    """
    import shapely

    if geom.geom_type in ("Polygon", "MultiPolygon"):
        return geom
    parts = _leaves(geom)
    polygons = parts[shapely.get_type_id(parts) == 3]
    return shapely.union_all(polygons) if len(polygons) else shapely.Polygon()


def _leaves(geom):
    """The single points, lines and polygons inside a geometry, however nested."""
    import shapely

    parts = shapely.get_parts(geom)
    while len(parts) and (shapely.get_type_id(parts) >= 4).any():
        parts = shapely.get_parts(parts)
    return parts


def flatten_collections(geoms):
    """GeometryCollections as the zone they describe: their polygons when they hold any
    (the points and lines beside them have no area), else their points or their lines
    as one multi-geometry.  Other geometries are returned as they are.

    >>> from shapely.geometry import GeometryCollection, Point, box
    >>> [g.geom_type for g in flatten_collections([GeometryCollection([box(0, 0, 1, 1),
    ...     Point(5, 5)]), GeometryCollection([Point(1, 1), Point(2, 2)]), box(0, 0, 2, 2)])]
    ['Polygon', 'MultiPoint', 'Polygon']
    """
    import numpy as np
    import shapely

    geoms = np.asarray(geoms, dtype=object)
    collections = np.flatnonzero(shapely.get_type_id(geoms) == 7)
    if len(collections) == 0:
        return geoms
    geoms = geoms.copy()
    for i in collections:
        parts = _leaves(geoms[i])
        kinds = set(shapely.get_type_id(parts).tolist())
        if 3 in kinds:
            geoms[i] = _polygonal(geoms[i])
        elif kinds == {0}:
            geoms[i] = shapely.multipoints(parts)
        elif kinds == {1} or kinds == {2} or kinds == {1, 2}:
            geoms[i] = shapely.multilinestrings(parts)
    return geoms


def _is_geonews_table(frame) -> bool:
    """geonews's own exports mix polygons with points (places known only as points)."""
    return "role" in frame.columns and ("place_id" in frame.columns or "kind" in frame.columns)


def _role(value) -> str:
    """A role word from any layer's vocabulary.

    >>> [_role(v) for v in ("zone:affected", "Displaced", "safe", None, "exemption")]
    ['affected', 'affected', 'destination', 'affected', 'exemption']
    """
    if value is None or (isinstance(value, float) and value != value):
        return "affected"
    word = str(value).strip().lower().split(":")[-1]
    return _ROLE_WORDS.get(word) or _ROLE_WORDS.get(word.rstrip("s"), "affected")


#: Block numbers are small whole numbers; past 2**53 a float no longer holds one exactly.
_MAX_BLOCK = 2 ** 53


def _block_number(value, source: str, column: str | None) -> int | None:
    """A block cell as a block number: None when empty or a label (a ``code`` column may
    hold names); InputError for a number that is no block number (inf, 12.5, 1e30).

    >>> [_block_number(v, "x", "block") for v in ("64", 64.0, "", None, "north", float("nan"))]
    [64, 64, None, None, None, None]
    >>> _block_number("inf", "orders.geojson", "block")
    Traceback (most recent call last):
    ...
    geonews.errors.InputError: orders.geojson: column 'block' holds 'inf', not a block number
    """
    if value is None or value == "" or (isinstance(value, float) and value != value):
        return None
    try:
        import pandas as pd

        if value is pd.NA:
            return None
        number = float(value)
    except (TypeError, ValueError):
        return None
    except OverflowError:  # an integer too large for a float
        number = float("inf")
    if number != number:  # the text "nan": an empty cell written out
        return None
    if not (abs(number) < _MAX_BLOCK and number == int(number)):
        raise InputError(f"{source}: column {column!r} holds {value!r}, not a block number")
    return int(number)


def _iso_date(value) -> str | None:
    """A date cell as ISO ``YYYY-MM-DD``, or None.

    >>> _iso_date("2025-03-18T10:00:00Z"), _iso_date("18 March 2025"), _iso_date(None)
    ('2025-03-18', '2025-03-18', None)
    """
    from ..text.readers import parse_date

    if value is None or (isinstance(value, float) and value != value):
        return None
    if hasattr(value, "date") and callable(value.date):
        try:
            return value.date().isoformat()
        except (TypeError, ValueError):
            return None
    return parse_date(str(value))
