"""Who's On First: a country repository read as gazetteer places, and imported as a region.

Every Who's On First (WOF) country repository (``whosonfirst-data-admin-XX``) has
one GeoJSON Feature per place under ``data/NNN/NNN/…/<wof:id>.geojson``, with
its placetype, its names in many languages (``name:ara_x_preferred``,
``name:fra_x_variant``…), its place in the hierarchy (``wof:hierarchy``) and its
ids in other gazetteers (``wof:concordances``, e.g. the GeoNames ``gn:id``).

This module reads such a repository, as a folder or a ``.tar.gz`` read member by
member (nothing is extracted to disk), into :class:`~geonews.places.store.PlaceRecord`
objects, and folds each record into the place it duplicates when one is known
already (same GeoNames id; or same name close by).  The build script uses it for
the shipped Lebanon and Israel, and ``geonews gazetteer import wof`` for any other
country.  Names and every other field of a record are data from outside: they
only ever travel as values (SQL parameters, JSON), never as paths or code.
"""

from __future__ import annotations

import json
import math
import re
import sqlite3
import tarfile
import unicodedata
import zlib
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError
from .names import exact_key, is_arabic, loose_key, skeleton_key
from .store import PlaceRecord, name_keys

#: Source text of places made from Who's On First records.
SOURCE = "Who's On First (CC0; incl. GeoNames CC BY 4.0)"
#: What maps and the gazetteer's ``sources`` meta must show.
ATTRIBUTION = ("Data from Who's On First (whosonfirst.org/docs/licenses), "
               "incl. GeoNames (CC BY 4.0)")
#: Appended to the source of a known place that a WOF record lent its names to.
NAMES_FROM = "names from Who's On First"

BIG_CITY_POP = 50_000
# Two records of one populated place rarely lie further apart than this (WOF itself
# lists some villages twice about 1 km apart; GeoNames and map labels differ by ~1 km).
MERGE_METRES = 2_500
# A town's records lie further apart: a town centre, a centroid, a station (Naqoura 7 km).
TOWN_MERGE_METRES = 8_000
# An area known only by a point (a population-weighted median) is compared with an
# area of the same name this far off, when the area has no polygon to test against.
ADMIN_MERGE_METRES = 30_000
MAX_NAME_LENGTH = 120
# A single record above this is no place file but an attack or an accident.
MAX_MEMBER_BYTES = 256 * 1024 * 1024

# WOF placetype → gazetteer kind ("locality" is decided by population).
PLACETYPE_KIND = {
    "country": "country", "dependency": "country",
    "macroregion": "region", "region": "region",
    "macrocounty": "county", "county": "county", "localadmin": "county",
    "locality": "",
    "borough": "neighbourhood", "macrohood": "neighbourhood", "neighbourhood": "neighbourhood",
    "microhood": "neighbourhood",
    "campus": "landmark",
}
# From the smallest to the largest: the order in which a record's ancestors are tried.
LEVELS = ("campus", "microhood", "neighbourhood", "macrohood", "borough", "locality",
          "localadmin", "county", "macrocounty", "region", "macroregion", "dependency", "country")
# The kinds of known places that a record of each placetype may duplicate.
_POPULATED = frozenset({"city", "town", "village", "neighbourhood", "camp"})
COMPATIBLE = {
    "country": frozenset({"country"}), "dependency": frozenset({"country"}),
    "macroregion": frozenset({"region", "governorate"}),
    "region": frozenset({"region", "governorate"}),
    "macrocounty": frozenset({"county", "governorate"}),
    "county": frozenset({"county", "governorate"}),
    "localadmin": frozenset({"county", "governorate"}),
    "locality": _POPULATED,
    "borough": _POPULATED - {"city"}, "macrohood": _POPULATED - {"city"},
    "neighbourhood": _POPULATED - {"city"}, "microhood": _POPULATED - {"city"},
    "campus": frozenset({"landmark", "hospital", "crossing"}),
}
_AREA_KINDS = frozenset({"country", "region", "governorate", "county"})
_ADMIN = frozenset({"country", "dependency", "macroregion", "region", "macrocounty", "county",
                    "localadmin"})

# How much each kind of WOF name is worth next to the preferred one.
QUALIFIER_WEIGHT = {"preferred": 1.0, "variant": 0.9, "colloquial": 0.9, "historical": 0.8}
_NAME_FIELD = re.compile(r"^name:([a-z]{2,3})(?:_[a-z]{2,4})?_x_([a-z]+)$")

# ISO 639-3 (what WOF and mledoze/countries use) → the two-letter codes of the gazetteer.
ISO639_1 = {
    "ara": "ar", "eng": "en", "fra": "fr", "heb": "he", "ell": "el", "deu": "de", "spa": "es",
    "ita": "it", "por": "pt", "rus": "ru", "tur": "tr", "fas": "fa", "per": "fa", "urd": "ur",
    "zho": "zh", "jpn": "ja", "kor": "ko", "nld": "nl", "pol": "pl", "swe": "sv", "fin": "fi",
    "ces": "cs", "slk": "sk", "hrv": "hr", "srp": "sr", "bos": "bs", "hun": "hu", "est": "et",
    "bre": "br", "ukr": "uk", "bul": "bg", "ron": "ro", "cat": "ca", "dan": "da", "nor": "no",
    "nob": "nb", "nno": "nn", "lit": "lt", "lav": "lv", "slv": "sl", "mkd": "mk", "sqi": "sq",
    "hye": "hy", "kat": "ka", "aze": "az", "kur": "ku", "hin": "hi", "ben": "bn", "vie": "vi",
    "ind": "id", "msa": "ms", "tha": "th", "eus": "eu", "glg": "gl", "cym": "cy", "gle": "ga",
    "isl": "is", "epo": "eo", "lat": "la", "bel": "be", "kaz": "kk", "uzb": "uz", "yid": "yi",
    "afr": "af", "swa": "sw", "tgl": "tl", "pus": "ps", "kir": "ky", "tat": "tt", "ltz": "lb",
    "oci": "oc", "cos": "co", "ast": "ast", "sco": "sco", "ceb": "ceb",
}
# Arabic in all its spoken forms is one language to this tool (the script is what matters).
_ARABIC_VARIETIES = frozenset({"ara", "arz", "apc", "ajp", "acm", "ary", "aeb", "arq", "ars",
                               "afb", "ayl", "acq", "abv", "shu", "arb"})
# Languages that are written in one script only: a name in another script under their
# tag ("Al Biqa'" filed as Arabic) is a transliteration, of no known language.
_SCRIPT_OF = {"ar": "ARABIC", "fa": "ARABIC", "ur": "ARABIC", "ps": "ARABIC", "he": "HEBREW",
              "yi": "HEBREW", "el": "GREEK", "ru": "CYRILLIC", "uk": "CYRILLIC",
              "bg": "CYRILLIC", "mk": "CYRILLIC", "be": "CYRILLIC", "en": "LATIN",
              "fr": "LATIN", "de": "LATIN", "es": "LATIN", "it": "LATIN"}
_SCRIPT_LANG = {"ARABIC": "ar", "HEBREW": "he", "GREEK": "el"}


def kind_for_population(pop: int | None, default: str = "town") -> str:
    """The kind of a populated place of this many people.

    >>> kind_for_population(120_000), kind_for_population(12_000), kind_for_population(800)
    ('city', 'town', 'village')
    >>> kind_for_population(None, "village")
    'village'
    """
    if pop is None:
        return default
    if pop >= BIG_CITY_POP:
        return "city"
    return "town" if pop >= 10_000 else "village"


def script(text: str) -> str | None:
    """The script of a name's first letter (LATIN, ARABIC, GREEK…), or None.

    >>> script("Srifa"), script("صريفا"), script("Αθήνα"), script("123")
    ('LATIN', 'ARABIC', 'GREEK', None)
    """
    for ch in text:
        if ch.isalpha():
            return unicodedata.name(ch, "?").split(" ")[0]
    return None


def language(code: str, name: str) -> str | None:
    """The gazetteer's language code for a name WOF files under an ISO 639-3 ``code``.

    "und" (undetermined) is told by its script; a name in a script its language
    does not use is a transliteration, of no known language.

    >>> language("ara", "صريفا"), language("ara", "Al Biqa'"), language("und", "صريفا")
    ('ar', None, 'ar')
    >>> language("fra", "Tyr"), language("arz", "صور"), language("und", "Srîfa")
    ('fr', 'ar', None)
    """
    written = script(name)
    if code in ("und", "unk", "mul", "zxx", "mis", ""):
        return _SCRIPT_LANG.get(written or "")
    lang = "ar" if code in _ARABIC_VARIETIES else ISO639_1.get(code, code)
    expected = _SCRIPT_OF.get(lang)
    if expected is not None and written != expected:
        return None
    return lang


def clean_name(value: object) -> str | None:
    """A name as the gazetteer may keep it, or None (not text, too long, control characters).

    Invisible marks (left-to-right marks in Arabic names) are dropped; spaces collapse.

    >>> clean_name("  Kfar\u200e  Kila "), clean_name("a\\x00b"), clean_name(7)
    ('Kfar Kila', None, None)
    """
    if not isinstance(value, str):
        return None
    text = "".join(ch for ch in value if unicodedata.category(ch) != "Cf")
    text = " ".join(text.split())
    if not text or len(text) > MAX_NAME_LENGTH or text.lower().startswith(("http:", "https:")):
        return None
    if any(unicodedata.category(ch) in ("Cc", "Cs", "Co") for ch in text):
        return None
    return text


def metres(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Distance in metres (equirectangular; fine at village scale).

    >>> round(metres(33.0, 35.0, 33.01, 35.0))
    1106
    """
    lat = math.radians((lat1 + lat2) / 2)
    return math.hypot((lon1 - lon2) * math.cos(lat) * 111_320, (lat1 - lat2) * 110_574)


# --------------------------------------------------------------------------- reading
@dataclass
class WofPlace:
    """One WOF record as a gazetteer place, with what is needed to place it in its hierarchy."""

    wof_id: int
    placetype: str
    record: PlaceRecord
    #: ids of the record's ancestors, nearest first (from ``wof:hierarchy``)
    ancestors: list[int] = field(default_factory=list)
    #: the id of its region (admin-1) ancestor, whose name is the place's ``admin1``
    region_id: int | None = None
    geonames_id: int | None = None

    @property
    def level(self) -> int:
        """Larger areas have higher levels: they are merged before what lies in them."""
        return LEVELS.index(self.placetype)


@dataclass
class ReadStats:
    """What was read from a repository, and why records were left out."""

    files: int = 0
    places: int = 0
    skipped: Counter = field(default_factory=Counter)


def _record_files_in_dir(root: Path) -> Iterator[tuple[str, bytes]]:
    data = root / "data"
    if not data.is_dir():
        raise InputError(f"{root}: not a Who's On First repository (no data/ folder)")
    for path in sorted(data.rglob("*.geojson")):
        if not path.is_file():
            continue
        name = path.relative_to(root).as_posix()
        if path.stat().st_size > MAX_MEMBER_BYTES:
            raise InputError(f"{root}: {name!r} is too large for a place record")
        yield name, path.read_bytes()


def _is_record_member(name: str) -> bool:
    parts = name.split("/")
    return name.endswith(".geojson") and "data" in parts[:-1]


def _record_files_in_tar(path: Path) -> Iterator[tuple[str, bytes]]:
    try:
        # Stream mode: members are read in order, once, straight from the compressed file.
        with tarfile.open(path, mode="r|*") as tar:
            for member in tar:
                if not member.isfile() or not _is_record_member(member.name):
                    continue
                if member.size > MAX_MEMBER_BYTES:
                    raise InputError(f"{path}: {member.name!r} is too large for a place record")
                handle = tar.extractfile(member)
                if handle is not None:
                    yield member.name, handle.read()
    except (tarfile.TarError, EOFError, zlib.error, OSError) as exc:
        raise InputError(f"{path}: not a readable .tar.gz archive ({_short(exc)})") from None


def record_files(path: Path | str) -> Iterator[tuple[str, bytes]]:
    """``(name inside the repository, bytes)`` of every ``data/**.geojson`` record file."""
    path = Path(path)
    if path.is_dir():
        yield from _record_files_in_dir(path)
    elif not path.exists():
        raise InputError(f"{path}: no such file or folder")
    elif path.name.endswith((".tar.gz", ".tgz", ".tar", ".tar.bz2", ".tar.xz")):
        yield from _record_files_in_tar(path)
    else:
        raise InputError(f"{path}: not a Who's On First repository (give its folder or a "
                         ".tar.gz of it)")


def _int(value: object) -> int | None:
    try:
        number = int(value)  # type: ignore[call-overload]
    except (TypeError, ValueError, OverflowError):
        return None
    return number if number > 0 else None


def _float(value: object) -> float | None:
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError, OverflowError):
        return None
    return number if math.isfinite(number) else None


def _population(props: dict) -> int | None:
    for key in ("wof:population", "gn:population", "statoids:population"):
        pop = _int(props.get(key))
        if pop:
            return pop
    return None


def _gone(props: dict) -> str | None:
    """Why a record no longer stands for a current place, if it does not."""
    if props.get("edtf:deprecated") not in (None, "", "uuuu"):
        return "deprecated"
    if props.get("wof:superseded_by"):
        return "superseded"
    if props.get("mz:is_current") in (0, "0"):
        return "not current"
    cessation = props.get("edtf:cessation")
    if isinstance(cessation, str) and re.match(r"^\d{4}", cessation):
        return "not current"
    return None


def _names(props: dict) -> list[tuple[str, str | None, float]]:
    """Every name of the record, preferred names first, as (name, language, weight)."""
    out: list[tuple[str, str | None, float]] = []
    for key in sorted(props, key=lambda k: (not k.endswith("_x_preferred"), k)):
        m = _NAME_FIELD.match(key)
        if not m or m.group(2) not in QUALIFIER_WEIGHT:
            continue  # "unknown" names are codes ("LB", "LBN"), not names
        values = props[key]
        for value in values if isinstance(values, list) else [values]:
            name = clean_name(value)
            if name:
                out.append((name, language(m.group(1), name), QUALIFIER_WEIGHT[m.group(2)]))
    return out


def _ancestors(props: dict, placetype: str, own: int) -> tuple[list[int], int | None]:
    hierarchy = props.get("wof:hierarchy")
    first = hierarchy[0] if isinstance(hierarchy, list) and hierarchy and \
        isinstance(hierarchy[0], dict) else {}
    above = LEVELS[LEVELS.index(placetype) + 1:]
    ids = [i for i in (_int(first.get(f"{level}_id")) for level in above) if i and i != own]
    parent = _int(props.get("wof:parent_id"))
    if parent and parent != own and parent not in ids:
        ids.insert(0, parent)
    return ids, _int(first.get("region_id"))


def _geometry(geojson: object, tolerance: float):
    """A polygon or line as shapely (valid, lightly simplified), or None for a point."""
    import shapely
    from shapely.geometry import shape

    if not isinstance(geojson, dict) or geojson.get("type") in (None, "Point", "MultiPoint"):
        return None
    try:
        geom = shape(geojson)
    except (ValueError, TypeError, AttributeError, KeyError, IndexError):
        return None
    if geom.is_empty:
        return None
    if tolerance > 0:
        geom = geom.simplify(tolerance, preserve_topology=True)
    if not geom.is_valid:
        geom = shapely.make_valid(geom)
    return None if geom.is_empty else geom


def _location(props: dict, feature: dict, geom) -> tuple[float, float] | None:
    for lat_key, lon_key in (("lbl:latitude", "lbl:longitude"), ("mps:latitude", "mps:longitude"),
                             ("geom:latitude", "geom:longitude")):
        lat, lon = _float(props.get(lat_key)), _float(props.get(lon_key))
        if lat is not None and lon is not None:
            break
    else:
        lat = lon = None
        coords = (feature.get("geometry") or {}).get("coordinates") \
            if isinstance(feature.get("geometry"), dict) else None
        if (feature.get("geometry") or {}).get("type") == "Point" and isinstance(coords, list) \
                and len(coords) >= 2:
            lon, lat = _float(coords[0]), _float(coords[1])
        elif geom is not None:
            rp = geom.representative_point()
            lat, lon = rp.y, rp.x
    if lat is None or lon is None or not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return None
    return lat, lon


def parse_record(name: str, data: bytes, *, where: str = "") -> dict:
    """One record file as a GeoJSON Feature dict; bad JSON is an :class:`InputError`."""
    try:
        feature = json.loads(data)
    except UnicodeDecodeError:
        raise InputError(f"{where}{name!r} is not UTF-8 text") from None
    except json.JSONDecodeError as exc:
        raise InputError(f"{where}{name!r} is not valid GeoJSON ({exc.msg} at line "
                         f"{exc.lineno})") from None
    except RecursionError:
        raise InputError(f"{where}{name!r} is nested too deeply to be GeoJSON") from None
    if not isinstance(feature, dict):
        raise InputError(f"{where}{name!r} is not a GeoJSON Feature")
    return feature


def to_place(feature: dict, *, region: str, source: str = SOURCE, cross_script: bool = True,
             tolerance: float = 0.0) -> WofPlace | str:
    """A record as a :class:`WofPlace`, or the reason it is left out."""
    props = feature.get("properties")
    if not isinstance(props, dict):
        return "no properties"
    wof_id = _int(props.get("wof:id"))
    placetype = props.get("wof:placetype")
    if wof_id is None or not isinstance(placetype, str):
        return "not a WOF place record"
    gone = _gone(props)
    if gone:
        return gone
    if placetype not in PLACETYPE_KIND:
        return f"placetype {placetype[:30]}"
    names = _names(props)
    primary = clean_name(props.get("wof:name")) or next((n for n, _, _ in names), None)
    if not primary:
        return "no name"
    if primary.isupper() and len(primary) > 4:
        # Some imports name places in capitals ("ΚΑΛΥΘΙΑΙ"): a preferred name written
        # as names are written displays better.
        primary = next((n for n, _, w in names if w >= 1.0 and not n.isupper()), primary)
    geom = _geometry(feature.get("geometry"), tolerance)
    where = _location(props, feature, geom)
    if where is None:
        return "no location"
    population = _population(props)
    kind = PLACETYPE_KIND[placetype] or kind_for_population(population, "village")
    country = props.get("wof:country") or props.get("iso:country")
    country = country.upper() if isinstance(country, str) and re.fullmatch(
        r"[A-Za-z]{2}", country) else None
    concordances = props.get("wof:concordances")
    concordances = concordances if isinstance(concordances, dict) else {}
    code = None
    if placetype in _ADMIN:
        code = next((c for c in (concordances.get("iso:code"), concordances.get("hasc:id"))
                     if isinstance(c, str) and len(c) <= 16), None)
    rec = PlaceRecord(f"wof:{wof_id}", primary, kind, where[0], where[1], source, region,
                      country=country, code=code, population=population, geometry=geom)
    rec.add_name(primary, language("und", primary))
    own = clean_name(props.get("wof:name"))
    if own:
        rec.add_name(own, language("und", own))
    for name, lang, weight in names:
        rec.add_name(name, lang, weight)
    rec.name_ar = next((n for n, lang, _ in rec.names if lang == "ar"), None)
    # Cross-script keys are for a place known by its Arabic name only ("كفرجوز" found
    # from "Kfarjoz"); a place with Latin names of its own is found by those, and the
    # consonants of every Latin name would meet unrelated words ("Musetti", "Mastita").
    rec.cross = cross_script and rec.name_ar is not None and not any(
        _latin(n) for n, _, _ in rec.names)
    ancestors, region_id = _ancestors(props, placetype, wof_id)
    gn = _int(concordances.get("gn:id")) or _int(props.get("gn:geonameid"))
    return WofPlace(wof_id, placetype, rec, ancestors, region_id, gn)


def read_places(path: Path | str, *, region: str, source: str = SOURCE,
                placetypes: Iterable[str] | None = None, cross_script: bool = True,
                tolerance: float = 0.0, stats: ReadStats | None = None) -> Iterator[WofPlace]:
    """The current places of a WOF repository (a folder or a ``.tar.gz``), one by one.

    Alternative geometries (``*-alt-*.geojson``), deprecated, superseded and
    ceased records are left out, and so are placetypes the gazetteer has no kind
    for (and, if ``placetypes`` is given, all others); ``stats`` counts why.
    """
    stats = stats if stats is not None else ReadStats()
    wanted = set(placetypes) if placetypes is not None else None
    path = Path(path)
    found_any = False
    for name, data in record_files(path):
        stats.files += 1
        found_any = True
        if "-alt-" in name.rsplit("/", 1)[-1]:
            stats.skipped["alternative geometry"] += 1
            continue
        feature = parse_record(name, data, where=f"{path}: ")
        if wanted is not None:
            placetype = (feature.get("properties") or {}).get("wof:placetype") \
                if isinstance(feature.get("properties"), dict) else None
            if placetype not in wanted:
                stats.skipped["placetype not wanted"] += 1
                continue
        place = to_place(feature, region=region, source=source, cross_script=cross_script,
                         tolerance=tolerance)
        if isinstance(place, str):
            stats.skipped[place] += 1
            continue
        stats.places += 1
        yield place
    if not found_any:
        raise InputError(f"{path}: not a Who's On First repository (no data/**.geojson "
                         "record files)")


# --------------------------------------------------------------------------- merging
def _name_keys(names: Iterable[str]) -> set[str]:
    return {k for k in (loose_key(n) for n in names) if len(k) >= 3}


def _strong_keys(rec: PlaceRecord) -> set[str]:
    """Keys of the names a place is chiefly known by: its own and its preferred ones
    (weight 1), and the consonant skeleton of its own name.

    Variant names are no evidence of sameness: GeoNames and WOF file the names of
    neighbouring villages and common words ("Al Mazra'ah", the farm) as variants.

    >>> r = PlaceRecord("x", "Jmaijme", "village", 33.3, 35.4, "t", "t")
    >>> r.add_name("جميجمة", "ar"); r.add_name("Al Mazra'ah", None, 0.9)
    >>> sorted(_strong_keys(r))
    ['jmaijme', '~jmjm', 'جميجمه']
    """
    keys = _name_keys(_strong_names(rec))
    skeleton = skeleton_key(rec.name)
    if len(skeleton) >= 4:
        keys.add("~" + skeleton)
    return keys


# Words that tell apart neighbouring places of one name (Upper and Lower Nabatieh, Ano and
# Kato Lefkadi): two names with opposite ones are two places, however close.
_OPPOSITES = [
    ({"faouqa", "fawqa", "fouqa", "foqa", "faouqani", "fawqani", "foqani", "fouqani", "upper",
      "ulya", "olya", "ano", "epano", "الفوقا", "الفوقى", "الفوقاني", "العليا", "ανω", "επανω"},
     {"tahta", "tahtani", "tahtaniye", "lower", "sufla", "kato", "التحتا", "التحتى", "التحتاني",
      "السفلى", "κατω"}),
    ({"kabir", "kabire", "kbire", "kebir", "kabira", "kbir", "greater", "megalo", "megali", "megas",
      "الكبير", "الكبيره", "μεγαλο", "μεγαλη"},
     {"saghir", "sghir", "saghire", "sghire", "zghir", "zghire", "saghira", "lesser", "mikro",
      "mikri", "الصغير", "الصغيره", "μικρο", "μικρη"}),
    ({"jdide", "jdideh", "jadide", "jadida", "jedide", "new", "nea", "neo", "neos", "الجديد",
      "الجديده", "νεα", "νεο"},
     {"qadime", "qadimeh", "qadima", "old", "palaio", "palaia", "palia", "palaios", "القديم",
      "القديمه", "παλαια", "παλαιο"}),
]


def _qualifiers(names: Iterable[str]) -> set[tuple[int, int]]:
    words = {w for n in names for w in exact_key(n).split()}
    return {(i, side) for i, pair in enumerate(_OPPOSITES) for side in (0, 1)
            if words & pair[side]}


def opposed(a: Iterable[str], b: Iterable[str]) -> bool:
    """Whether two sets of names carry opposite qualifiers (upper/lower, big/small, new/old).

    >>> opposed(["Baqaoun el Faouqa"], ["Baqaoun et Tahta", "البقعون"])
    True
    >>> opposed(["Nabatieh"], ["Nabatîyé et Tahta"]), opposed(["Ano Lefkadi"], ["Lefkadi"])
    (False, False)
    """
    qa, qb = _qualifiers(a), _qualifiers(b)
    return any((i, 1 - side) in qb for i, side in qa)


def _strong_names(rec: PlaceRecord) -> list[str]:
    return [rec.name, *(n for n, _, w in rec.names if w >= 1.0)]


class PlaceIndex:
    """Known places by id and by name key: where a WOF record finds its duplicate.

    >>> a = PlaceRecord("geonames:1", "Srîfa", "village", 33.2814, 35.3967, "t", "world",
    ...                 country="LB")
    >>> a.add_name("Srîfa")
    >>> index = PlaceIndex([a])
    >>> b = PlaceRecord("wof:9", "Srifa", "village", 33.2900, 35.3967, "t", "lebanon",
    ...                 country="LB")
    >>> b.add_name("Srifa"); b.add_name("صريفا", "ar")
    >>> index.match(WofPlace(9, "locality", b)).gid
    'geonames:1'
    """

    def __init__(self, records: Iterable[PlaceRecord] = ()):
        self.by_gid: dict[str, PlaceRecord] = {}
        #: populated places by the keys of their own and preferred names
        self.by_strong: dict[str, list[PlaceRecord]] = defaultdict(list)
        #: areas by the loose and skeleton keys of all their names
        self.areas: dict[str, list[PlaceRecord]] = defaultdict(list)
        for rec in records:
            self.add(rec)

    def add(self, rec: PlaceRecord) -> None:
        """Index a place, or index again a place that gained names."""
        self.by_gid[rec.gid] = rec
        if rec.kind in _AREA_KINDS:
            names = [n for n, _, w in rec.names if w > 0] + [rec.name]
            for key in _name_keys(names) | {"~" + skeleton_key(n) for n in names}:
                if len(key) >= 3:
                    _append_once(self.areas[key], rec)
        else:
            for key in _strong_keys(rec):
                _append_once(self.by_strong[key], rec)

    def match(self, place: WofPlace) -> PlaceRecord | None:
        """The known place this record duplicates, or None.

        The same country, or the same GeoNames id, or, with a kind the placetype
        allows and in the same country: for a populated place, one of its own or
        preferred names (or the skeleton of its own) within 2.5 km (8 km when one is a
        town of 10,000 people or more); for an area
        with a polygon, any name in common and the place's point inside it (an
        area known by a point only: within 30 km).
        """
        return self.match_by_id(place) or self.match_by_name(place)

    def match_by_id(self, place: WofPlace) -> PlaceRecord | None:
        """The known place with the record's country code or GeoNames id."""
        rec = place.record
        if place.placetype in ("country", "dependency") and rec.country:
            return self.by_gid.get(f"country:{rec.country}")
        if place.geonames_id:
            hit = self.by_gid.get(f"geonames:{place.geonames_id}")
            if hit is not None and hit.kind in COMPATIBLE[place.placetype]:
                return hit
        return None

    def match_by_name(self, place: WofPlace) -> PlaceRecord | None:
        """The nearest known place close enough that shares a name the record is known by."""
        rec = place.record
        allowed = COMPATIBLE[place.placetype]
        if place.placetype in ("country", "dependency"):
            return None
        if place.placetype in _ADMIN:
            names = [n for n, _, w in rec.names if w > 0]
            keys = _name_keys(names) | {"~" + skeleton_key(n) for n in names}
            pool = {id(r): r for k in keys for r in self.areas.get(k, ())}
        else:
            pool = {id(r): r for k in _strong_keys(rec) for r in self.by_strong.get(k, ())}
        best: tuple[float, PlaceRecord] | None = None
        mine = _strong_names(rec)
        for other in pool.values():
            if other is rec or other.kind not in allowed:
                continue
            if rec.country and other.country and rec.country != other.country:
                continue
            if opposed(mine, _strong_names(other)):
                continue
            d = metres(rec.lat, rec.lon, other.lat, other.lon)
            if place.placetype not in _ADMIN:
                town = max(rec.population or 0, other.population or 0) >= 10_000
                close = d <= (TOWN_MERGE_METRES if town else MERGE_METRES)
            elif rec.geometry is not None and rec.geometry.geom_type != "Point":
                close = _contains(rec.geometry, other.lon, other.lat)
            else:
                close = d <= ADMIN_MERGE_METRES
            if close and (best is None or d < best[0]):
                best = (d, other)
        return best[1] if best else None


def _append_once(bucket: list[PlaceRecord], rec: PlaceRecord) -> None:
    # By identity: records are mutable, and two distinct places may compare equal.
    if all(r is not rec for r in bucket):
        bucket.append(rec)


def _contains(geom, lon: float, lat: float) -> bool:
    import shapely

    return bool(shapely.intersects_xy(geom, lon, lat)) or \
        geom.distance(shapely.Point(lon, lat)) < 0.01


def _latin(text: str) -> bool:
    return script(text) == "LATIN"


def merge_into(target: PlaceRecord, place: WofPlace, *, claim: str | None = None) -> None:
    """Give a known place what a WOF record of it adds: names, a polygon, a population.

    The place keeps its id, kind and point.  A place known only by an Arabic name
    (a map label) takes the record's Latin name as its display name.  ``claim``
    moves a world place into the region being built in depth.
    """
    rec = place.record
    if not _latin(target.name) and _latin(rec.name):
        if is_arabic(target.name):
            target.name_ar = target.name_ar or target.name
        target.name = rec.name
    weights = {n: i for i, (n, _, _) in enumerate(target.names)}
    for name, lang, weight in rec.names:
        i = weights.get(name)
        if i is None:
            target.add_name(name, lang, weight)
        elif target.names[i][2] < weight:
            # A name one source files as a variant and another as preferred ("صور" for
            # Tyre) is preferred.
            target.names[i] = (name, target.names[i][1] or lang, weight)
    if target.geometry is None and rec.geometry is not None:
        target.geometry = rec.geometry
    target.name_ar = target.name_ar or rec.name_ar
    if target.population is None and rec.population and target.kind in ("city", "town", "village"):
        # A place first known without a population (a map label, a second WOF record) is
        # as big as the record says.
        target.kind = kind_for_population(rec.population, target.kind)
    target.population = target.population or rec.population
    target.country = target.country or rec.country
    target.cross = target.cross or rec.cross
    if NAMES_FROM not in target.source and not target.source.startswith("Who's On First"):
        target.source = f"{target.source}; {NAMES_FROM}"
    if claim and target.region == "world" and target.kind != "country":
        target.region = claim


@dataclass
class Combined:
    """The outcome of folding WOF places into known ones."""

    new: list[PlaceRecord]
    #: known places that records added names to (each once)
    merged: list[PlaceRecord]
    #: records that duplicated another record of the same repository
    duplicates: int


def combine(places: Iterable[WofPlace], index: PlaceIndex, *,
            claim: str | None = None) -> Combined:
    """Fold each WOF place into the known place it duplicates, or keep it as new; then
    give every place its parent (the nearest ancestor kept) and admin-1 name.

    Records with a known country code or GeoNames id fold first, so that the names
    they bring are there when the others are compared by name.  Then larger areas
    go first, so a repository's own duplicates (one village twice, 1 km apart) fold
    into the first; every record joins the index as it goes.
    """
    ordered = sorted(places, key=lambda p: (-p.level, p.wof_id))
    final: dict[int, PlaceRecord] = {}
    new: list[PlaceRecord] = []
    merged: dict[str, PlaceRecord] = {}
    created: set[str] = set()
    duplicates = 0

    def fold(place: WofPlace, target: PlaceRecord) -> None:
        nonlocal duplicates
        merge_into(target, place, claim=claim)
        index.add(target)
        final[place.wof_id] = target
        if target.gid in created:
            duplicates += 1
        else:
            merged[target.gid] = target

    for place in ordered:
        target = index.match_by_id(place)
        if target is not None:
            fold(place, target)
    for place in ordered:
        if place.wof_id in final:
            continue
        target = index.match_by_name(place)
        if target is not None:
            fold(place, target)
            continue
        index.add(place.record)
        new.append(place.record)
        created.add(place.record.gid)
        final[place.wof_id] = place.record
    for place in ordered:
        rec = final[place.wof_id]
        if rec.parent is None:
            rec.parent = next((final[a].gid for a in place.ancestors
                               if a in final and final[a] is not rec), None)
        if rec.admin1 is None and place.region_id in final and final[place.region_id] is not rec:
            rec.admin1 = final[place.region_id].name
    towns = _towns_by_name(index)
    for rec in {id(r): r for r in final.values()}.values():
        demote_town_names(rec, towns)
    return Combined(new, list(merged.values()), duplicates)


#: The weight of an area's name that is also the name of a town inside it.
AREA_TOWN_WEIGHT = 0.75


def _towns_by_name(index: PlaceIndex) -> dict[str, list[PlaceRecord]]:
    """Populated places of the index by the loose keys of all their names."""
    towns: dict[str, list[PlaceRecord]] = defaultdict(list)
    for rec in index.by_gid.values():
        if rec.kind in ("city", "town", "village"):
            for key in _name_keys([rec.name, *(n for n, _, w in rec.names if w > 0)]):
                towns[key].append(rec)
    return towns


def demote_town_names(area: PlaceRecord, towns: dict[str, list[PlaceRecord]]) -> None:
    """An area named after a town inside it (the Nabatieh governorate and kaza, the
    Athens municipality) keeps that bare name at a lower weight: news that says
    "Nabatieh" means the town nearly always, and the area ranks second, not never.

    >>> town = PlaceRecord("t", "Nabatieh", "city", 33.378, 35.484, "s", "r")
    >>> town.add_name("Nabatieh")
    >>> area = PlaceRecord("a", "Nabatieh", "county", 33.37, 35.5, "s", "r")
    >>> area.add_name("Nabatieh"); area.add_name("Nabatieh District")
    >>> demote_town_names(area, _towns_by_name(PlaceIndex([town])))
    >>> area.names
    [('Nabatieh', None, 0.75), ('Nabatieh District', None, 1.0)]
    """
    if area.kind not in ("region", "governorate", "county"):
        return
    names = []
    for name, lang, weight in area.names:
        if weight > AREA_TOWN_WEIGHT:
            key = loose_key(name)
            if any(_within_area(area, t) for t in towns.get(key, ())):
                weight = AREA_TOWN_WEIGHT
        names.append((name, lang, weight))
    area.names = names


def _within_area(area: PlaceRecord, place: PlaceRecord) -> bool:
    if area.geometry is not None and area.geometry.geom_type in ("Polygon", "MultiPolygon"):
        return _contains(area.geometry, place.lon, place.lat)
    return metres(area.lat, area.lon, place.lat, place.lon) <= ADMIN_MERGE_METRES


# --------------------------------------------------------------------------- the importer
def known_places(sources: Iterable[tuple[sqlite3.Connection, dict[int, str]]],
                 bbox: tuple[float, float, float, float],
                 countries: Iterable[str] = ()) -> list[PlaceRecord]:
    """The places of existing gazetteer files inside ``bbox`` (and the ``country:XX``
    places of ``countries``), as records one can add names to.

    A place found in several files is taken from the last (the user's copy).
    """
    import shapely

    minx, miny, maxx, maxy = bbox
    gids = [f"country:{c}" for c in sorted(set(countries))]
    gid_marks = ",".join("?" * len(gids)) or "NULL"
    out: dict[str, PlaceRecord] = {}
    for db, source_text in sources:
        rows = db.execute(
            "SELECT id, gid, name, name_ar, kind, country, admin1, parent, code, lat, lon, "
            "population, source, region, fuzzy, geometry FROM places WHERE kind != 'block' "
            f"AND ((lat BETWEEN ? AND ? AND lon BETWEEN ? AND ?) OR gid IN ({gid_marks}))",
            (miny, maxy, minx, maxx, *gids)).fetchall()
        by_id: dict[int, PlaceRecord] = {}
        for (rowid, gid, name, name_ar, kind, country, admin1, parent, code, lat, lon, pop, src,
             region, fuzzy, wkb) in rows:
            by_id[rowid] = PlaceRecord(
                gid, name, kind, lat, lon, source_text.get(src, ""), region, country=country,
                admin1=admin1, parent=parent, code=code, population=pop, name_ar=name_ar,
                geometry=shapely.from_wkb(wkb) if wkb is not None else None, fuzzy=bool(fuzzy))
        ids = list(by_id)
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            marks = ",".join("?" * len(chunk))
            weights: dict[tuple[int, str], float] = {}
            for place, key, form, weight in db.execute(
                    f"SELECT place, key, form, weight FROM names WHERE place IN ({marks}) "
                    "AND form IN (0, 3)", chunk):
                if form == 3:
                    by_id[place].cross = True
                else:
                    weights[(place, key)] = weight
            for place, name, lang in db.execute(
                    f"SELECT place, name, lang FROM alt_names WHERE place IN ({marks})", chunk):
                # A name with no key of its own is kept for display only (weight 0).
                weight = weights.get((place, name_keys(name)[0]), 0.0)
                by_id[place].names.append((name, lang, weight))
        for rec in by_id.values():
            out[rec.gid] = rec
    return list(out.values())


def default_region(path: Path | str) -> str:
    """The region name an import gets when none is given: ``wof-`` and the repository's
    country part.

    >>> default_region("raw/whosonfirst-data-admin-gr.tar.gz")
    'wof-gr'
    >>> default_region("/tmp/whosonfirst-data-admin-lb")
    'wof-lb'
    """
    name = Path(path).name.lower()
    for suffix in (".tar.gz", ".tgz", ".tar.bz2", ".tar.xz", ".tar"):
        if name.endswith(suffix):
            name = name[: -len(suffix)]
            break
    m = re.fullmatch(r"whosonfirst-data-(?:admin-)?([a-z0-9-]+?)(?:-master|-main|-latest)?", name)
    return f"wof-{m.group(1)}" if m else re.sub(r"[^a-z0-9_-]+", "-", name).strip("-_")


@dataclass(frozen=True)
class WofImportReport:
    """What ``import_wof`` did."""

    region: str
    path: Path
    #: places written to the region: new ones and known ones that gained names
    places: int
    new: int
    merged: int
    duplicates: int
    skipped: int
    skipped_why: dict[str, int]


def import_wof(path: Path | str, *, region: str | None = None,
               tolerance: float = 0.0002) -> WofImportReport:
    """Import a Who's On First repository (folder or ``.tar.gz``) as a user region.

    Records that duplicate a place the gazetteer knows (shipped or imported) lend
    it their names instead: the region holds that place, under its own id, with
    the names of both.  Polygons are simplified by ``tolerance`` degrees (about
    20 m), which keeps village outlines and makes country-sized ones small.
    """
    from .gazetteer import Gazetteer
    from .importers import _add_once, _target
    from .store import GazetteerWriter

    path = Path(path)
    region = region or default_region(path)
    target = _target(region)
    stats = ReadStats()
    places = list(read_places(path, region=region, tolerance=tolerance, stats=stats))
    if not places:
        why = ", ".join(f"{n} {k}" for k, n in stats.skipped.most_common(3))
        raise InputError(f"{path}: no current place records to import ({why or 'none read'})")
    lats = [p.record.lat for p in places]
    lons = [p.record.lon for p in places]
    bbox = (min(lons) - 0.05, min(lats) - 0.05, max(lons) + 0.05, max(lats) + 0.05)
    gazetteer = Gazetteer()
    old = target.resolve() if target.exists() else None
    sources = [(s.db, s.source_text) for s in gazetteer.sources if s.path.resolve() != old]
    countries = {p.record.country for p in places if p.record.country}
    index = PlaceIndex(known_places(sources, bbox, countries))
    result = combine(places, index)
    kept = 0
    with GazetteerWriter(target, region=region, description=f"Who's On First repository "
                         f"{path.name}", sources=[ATTRIBUTION]) as writer:
        for rec in result.new + result.merged:
            rec.region = region
            kept += _add_once(writer, rec)
    for s in gazetteer.sources:
        s.db.close()
    return WofImportReport(region, target, kept, len(result.new), len(result.merged),
                           result.duplicates, sum(stats.skipped.values()),
                           dict(stats.skipped))


def _short(exc: BaseException) -> str:
    return " ".join(str(exc).split())[:200] or type(exc).__name__


__all__ = ["ATTRIBUTION", "SOURCE", "Combined", "PlaceIndex", "ReadStats", "WofImportReport",
           "WofPlace", "combine", "default_region", "import_wof", "kind_for_population",
           "known_places", "language", "merge_into", "read_places", "record_files", "to_place"]
