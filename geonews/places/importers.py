"""Adding a region: a GeoNames country dump or a GeoJSON (or any OGR) layer of named areas.

Imported regions are stored as gazetteer files in the user's data directory
(``geonews gazetteer info`` shows where), never inside the installed package,
and are searched together with the shipped gazetteer from then on.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from ..paths import regions_dir
from .store import GazetteerWriter, PlaceRecord

REGION_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
_ARABIC = re.compile(r"[\u0600-\u06FF]")
#: No place has more people than this (the world has about eight billion): a larger
#: population is a corrupt row.
MAX_POPULATION = 10_000_000_000


@dataclass(frozen=True)
class ImportReport:
    region: str
    path: Path
    places: int
    skipped: int


def _target(region: str) -> Path:
    if not REGION_NAME.match(region):
        raise InputError(f"region name {region!r}: use lower-case letters, digits, - and _ "
                         "(e.g. south-lebanon)")
    return regions_dir() / f"{region}.sqlite"


def _new_target(region: str, replace: bool) -> Path:
    """Where an import of ``region`` goes; an existing region is replaced only when asked
    (re-using a name by mistake would silently drop the places imported under it)."""
    target = _target(region)
    if target.exists() and not replace:
        raise InputError(f"region {region!r} exists already ({target}): add --replace to "
                         "replace it, or choose another --region")
    return target


def _kind_for_geonames(fclass: str, fcode: str, country: str, population: int) -> str:
    if fclass == "A":
        if fcode.startswith("PCL"):
            return "country"
        if fcode == "ADM1":
            return "region"
        if fcode == "ADM2":
            return "county" if country == "US" else "governorate"
        return "region"
    if fclass == "P":
        if fcode == "PPLX":
            return "neighbourhood"
        if population >= 50_000 or fcode in ("PPLC", "PPLA"):
            return "city"
        return "town" if population >= 10_000 else "village"
    if fclass == "H":
        return "river" if fcode in ("STM", "STMI", "WAD", "STMS") else "landmark"
    if fclass == "S":
        return {"HSP": "hospital", "HSPC": "hospital", "HSPD": "hospital", "BDG": "landmark",
                "PSTB": "crossing", "CSTM": "crossing"}.get(fcode, "landmark")
    if fclass == "R":
        return "road"
    if fclass == "L":
        return "zone"
    return "landmark"


def _read_geonames_lines(path: Path) -> list[str]:
    try:
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as zf:
                members = [m for m in zf.namelist() if m.endswith(".txt") and "readme" not in
                           m.lower()]
                if not members:
                    raise InputError(f"{path}: zip file without a GeoNames .txt dump inside")
                info = zf.getinfo(members[0])
                if info.file_size > 2_000_000_000:
                    raise InputError(f"{path}: {members[0]} is too large to import")
                data = zf.read(members[0])
        else:
            data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except (zipfile.BadZipFile, OSError) as exc:
        raise InputError(f"{path}: cannot read ({exc})") from None
    if b"\x00" in data[:65536]:
        raise InputError(f"{path}: not a GeoNames dump (binary data)")
    try:
        text = data.decode("utf-8")  # GeoNames dumps are UTF-8 by specification
    except UnicodeDecodeError:
        raise InputError(f"{path}: not a GeoNames dump (GeoNames files are UTF-8 text)") from None
    return text.splitlines()


def import_geonames(path: Path | str, *, region: str, min_population: int = 0,
                    feature_classes: str = "PAHLSTR", replace: bool = False) -> ImportReport:
    """Import a GeoNames dump (``LB.txt``, ``LB.zip`` or ``allCountries.txt``) as a region.

    Only places of the given feature classes and population are kept; all their
    alternate names become searchable.  An existing region of that name is replaced
    only with ``replace``.
    """
    path = Path(path)
    target = _new_target(region, replace)
    lines = _read_geonames_lines(path)
    kept = skipped = 0
    with GazetteerWriter(target, region=region, description=f"GeoNames dump {path.name}",
                         sources=["GeoNames (CC BY 4.0)"]) as w:
        for line in lines:
            if not line.strip() or line.startswith("#"):
                continue
            cols = line.split("\t")
            if len(cols) < 15:
                skipped += 1
                continue
            try:
                gid, name, ascii_name, alts = cols[0], cols[1], cols[2], cols[3]
                lat, lon = float(cols[4]), float(cols[5])
                fclass, fcode, cc = cols[6], cols[7], cols[8]
                population = int(cols[14] or 0)
                int(gid)
            except ValueError:
                skipped += 1
                continue
            if not 0 <= population <= MAX_POPULATION:
                skipped += 1  # a corrupt row (and SQLite's integers end at 2**63)
                continue
            if not (-90 <= lat <= 90 and -180 <= lon <= 180) or not name.strip():
                skipped += 1
                continue
            if fclass not in feature_classes or population < min_population:
                continue
            rec = PlaceRecord(f"geonames:{gid}", name, _kind_for_geonames(fclass, fcode, cc,
                                                                          population),
                              lat, lon, "GeoNames (CC BY 4.0)", region, country=cc or None,
                              code=fcode or None, population=population or None)
            rec.add_name(name)
            rec.add_name(ascii_name)
            for alt in alts.split(","):
                if alt and len(alt) <= 120 and not alt.startswith("http"):
                    rec.add_name(alt, "ar" if _ARABIC.search(alt) else None, 0.95)
            rec.name_ar = next((n for n, _, _ in rec.names if _ARABIC.search(n)), None)
            added = _add_once(w, rec)
            kept, skipped = kept + added, skipped + (not added)
        if kept == 0:
            raise InputError(f"{path}: no usable GeoNames rows (is this a GeoNames dump? "
                             f"{skipped} malformed lines)")
    return ImportReport(region, target, kept, skipped)


def import_layer(path: Path | str, *, region: str, name_field: str, kind: str = "zone",
                 kind_field: str | None = None, alt_names_field: str | None = None,
                 name_ar_field: str | None = None, country: str | None = None,
                 id_field: str | None = None, replace: bool = False) -> ImportReport:
    """Import a vector layer of named features (GeoJSON, GeoPackage, Shapefile, KML…).

    The layer's CRS is honoured (reprojected to WGS 84); invalid polygons are
    repaired.  ``alt_names_field`` may hold several names separated by ``;`` or ``|``.
    An existing region of that name is replaced only with ``replace``.
    """
    import geopandas as gpd
    import shapely

    from .model import KINDS

    path = Path(path)
    _new_target(region, replace)
    if not path.exists():
        raise InputError(f"{path}: no such file")
    if kind not in KINDS:
        raise InputError(f"--kind {kind!r}: choose one of {', '.join(KINDS)}")
    try:
        layer = gpd.read_file(path)
    except Exception as exc:  # pyogrio raises several types for unreadable files
        raise InputError(f"{path}: not a readable vector layer ({_short(exc)})") from None
    if layer.empty:
        raise InputError(f"{path}: the layer has no features")
    for field in filter(None, [name_field, kind_field, alt_names_field, name_ar_field, id_field]):
        if field not in layer.columns:
            cols = ", ".join(c for c in layer.columns if c != "geometry")
            raise InputError(f"{path}: no field {field!r} (fields: {cols})")
    if layer.crs is None:
        raise InputError(f"{path}: the layer has no CRS; set one (e.g. EPSG:4326) first")
    layer = layer.to_crs(4326)
    target = _target(region)
    kept = skipped = 0
    with GazetteerWriter(target, region=region, description=f"layer {path.name}",
                         sources=[f"user layer {path.name}"]) as w:
        for i, row in layer.iterrows():
            geom = row.geometry
            name = row[name_field]
            if geom is None or geom.is_empty or not isinstance(name, str) or not name.strip():
                skipped += 1
                continue
            if not geom.is_valid:
                geom = shapely.make_valid(geom)
            rp = geom.representative_point()
            this_kind = str(row[kind_field]) if kind_field and row[kind_field] in KINDS else kind
            ident = row[id_field] if id_field else i
            rec = PlaceRecord(f"{region}:{ident}", name.strip(), this_kind, rp.y, rp.x,
                              f"user layer {path.name}", region, country=country,
                              geometry=None if geom.geom_type == "Point" else geom)
            rec.add_name(name.strip())
            if alt_names_field and isinstance(row[alt_names_field], str):
                for alt in re.split(r"[;|]", row[alt_names_field]):
                    rec.add_name(alt.strip(), "ar" if _ARABIC.search(alt) else None, 0.95)
            if name_ar_field and isinstance(row[name_ar_field], str):
                rec.name_ar = row[name_ar_field].strip() or None
                rec.add_name(rec.name_ar, "ar")
            added = _add_once(w, rec)
            kept, skipped = kept + added, skipped + (not added)
        if kept == 0:
            raise InputError(f"{path}: no feature has a name in field {name_field!r}")
    return ImportReport(region, target, kept, skipped)


def _add_once(writer: GazetteerWriter, rec: PlaceRecord) -> bool:
    """Add a record unless its id was seen already (a dump listing a place twice)."""
    if rec.gid in writer:
        return False
    writer.add(rec)
    return True


def remove_region(region: str) -> Path:
    """Delete an imported region; the shipped gazetteer cannot be removed."""
    target = _target(region)
    if not target.exists():
        raise InputError(f"no imported region called {region!r}")
    target.unlink()
    return target


def _short(exc: Exception) -> str:
    text = " ".join(str(exc).split())
    return text[:200]


__all__ = ["ImportReport", "import_geonames", "import_layer", "remove_region"]
