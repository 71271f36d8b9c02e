"""Importing a Who's On First repository, a small one written by the test (folder and .tar.gz)."""

from __future__ import annotations

import json
import math
import tarfile
import time

import pytest

from geonews.errors import InputError
from geonews.places.gazetteer import Gazetteer
from geonews.places.matcher import Matcher
from geonews.places.names import is_arabic
from geonews.places.wof import import_wof, read_places
from tests.conftest import SHARED, assert_clean_error

LB_COUNTRY, SOUTH, TYRE_KAZA = 85632533, 990000010, 990000020
NEW_VILLAGE, TWIN, HOOD, SRIFA, TYRE, BIG_TOWN = (990000101, 990000102, 990000103, 990000104,
                                                  990000105, 990000106)
GONE, SUPERSEDED, CEASED = 990000201, 990000202, 990000203


def square(lon: float, lat: float, half: float) -> dict:
    ring = [[lon - half, lat - half], [lon + half, lat - half], [lon + half, lat + half],
            [lon - half, lat + half], [lon - half, lat - half]]
    return {"type": "Polygon", "coordinates": [ring]}


def feature(wof_id: int, placetype: str, name: str, lat: float, lon: float, *,
            names: dict | None = None, geometry: dict | None = None,
            hierarchy: dict | None = None, **props) -> dict:
    properties = {"wof:id": wof_id, "wof:placetype": placetype, "wof:name": name,
                  "wof:country": "LB", "geom:latitude": lat, "geom:longitude": lon,
                  "wof:hierarchy": [hierarchy or {"country_id": LB_COUNTRY}],
                  "wof:superseded_by": [], "edtf:cessation": "uuuu", "mz:is_current": -1}
    for key, values in (names or {}).items():
        properties[f"name:{key}"] = values
    properties.update(props)
    return {"type": "Feature", "id": wof_id, "properties": properties,
            "geometry": geometry or {"type": "Point", "coordinates": [lon, lat]}}


def in_tyre(**extra) -> dict:
    return {"country_id": LB_COUNTRY, "region_id": SOUTH, "county_id": TYRE_KAZA, **extra}


# Made-up villages and a made-up kaza (names of this test's own) among real places near Tyre.
FEATURES = [
    feature(LB_COUNTRY, "country", "Lebanon", 33.9, 35.9,
            names={"fra_x_preferred": ["Liban"], "eng_x_unknown": ["LB"]}),
    feature(SOUTH, "region", "South Lebanon", 33.3, 35.35, geometry=square(35.35, 33.3, 0.3),
            names={"eng_x_preferred": ["South Lebanon"], "fra_x_preferred": ["Liban-Sud"],
                   "ara_x_preferred": ["محافظة الجنوب"]},
            hierarchy={"country_id": LB_COUNTRY, "region_id": SOUTH}),
    feature(TYRE_KAZA, "county", "Tajriba", 33.25, 35.3, geometry=square(35.3, 33.25, 0.12),
            names={"eng_x_variant": ["Tajriba District"], "fra_x_preferred": ["Caza de Tajriba"],
                   "ara_x_preferred": ["قضاء التجربة"]},
            hierarchy={"country_id": LB_COUNTRY, "region_id": SOUTH, "county_id": TYRE_KAZA}),
    feature(NEW_VILLAGE, "locality", "Qaryat Ikhtibar", 33.2500, 35.3200,
            names={"ara_x_preferred": ["قرية اختبار"], "fra_x_preferred": ["Karyet Ikhtibar"],
                   "eng_x_variant": ["Ikhtibar Village"], "und_x_variant": ["Qaryat al Ikhtibār"]},
            hierarchy=in_tyre(locality_id=NEW_VILLAGE)),
    # The same village filed twice, 800 m apart (as WOF does for some Lebanese villages).
    feature(TWIN, "locality", "Qaryet Ikhtibar", 33.2572, 35.3200,
            names={"ara_x_preferred": ["قرية اختبار"], "und_x_variant": ["Qariyat Ikhtibar"]},
            hierarchy=in_tyre(locality_id=TWIN)),
    feature(HOOD, "neighbourhood", "Hay al-Tajriba", 33.2510, 35.3210,
            names={"ara_x_preferred": ["حي التجربة"]},
            hierarchy=in_tyre(locality_id=NEW_VILLAGE, neighbourhood_id=HOOD)),
    # GeoNames id 267099 is Srîfa, which ships: the record lends it its names.
    feature(SRIFA, "locality", "Srifa", 33.2814, 35.3967,
            names={"ara_x_preferred": ["صريفا"], "fra_x_preferred": ["Sréifa"],
                   "eng_x_preferred": ["Srifa"]},
            hierarchy=in_tyre(locality_id=SRIFA), **{"wof:concordances": {"gn:id": 267099}}),
    # No concordance: the same name 1 km from the shipped Tyre is Tyre.
    feature(TYRE, "locality", "Tyre", 33.2705, 35.2038,
            names={"fra_x_preferred": ["Tyr"], "ara_x_preferred": ["صور"],
                   "fra_x_variant": ["Sour-sur-Mer"]},
            hierarchy=in_tyre(locality_id=TYRE)),
    feature(BIG_TOWN, "locality", "Madinat Tajriba", 33.2300, 35.2700,
            names={"ara_x_preferred": ["مدينة تجربة"]}, hierarchy=in_tyre(locality_id=BIG_TOWN),
            **{"wof:population": 64000}),
    feature(GONE, "locality", "Deprecatedville", 33.2400, 35.3000,
            hierarchy=in_tyre(), **{"edtf:deprecated": "2019-03-01"}),
    feature(SUPERSEDED, "locality", "Supersededville", 33.2450, 35.3050,
            hierarchy=in_tyre(), **{"wof:superseded_by": [NEW_VILLAGE]}),
    feature(CEASED, "locality", "Ceasedville", 33.2460, 35.3060,
            hierarchy=in_tyre(), **{"edtf:cessation": "2018-09-06", "mz:is_current": 0}),
]
# An alternative geometry of the new village, elsewhere and with a name of its own: ignored.
ALT = ("%s-alt-quattroshapes" % NEW_VILLAGE,
       feature(NEW_VILLAGE, "locality", "Altgeometryville", 33.5, 35.6))


def record_path(wof_id: int | str) -> str:
    digits = str(wof_id).split("-")[0]
    parts = [digits[i:i + 3] for i in range(0, len(digits), 3)]
    return "/".join(["data", *parts, f"{wof_id}.geojson"])


def write_repo(root, features=FEATURES, alt=ALT, extra: dict | None = None):
    files = {record_path(f["properties"]["wof:id"]): json.dumps(f, ensure_ascii=False).encode()
             for f in features}
    if alt:
        files[record_path(alt[0])] = json.dumps(alt[1]).encode()
    files.update(extra or {})
    files["README.md"] = b"A Who's On First repository written by a test.\n"
    for rel, data in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return root


def write_tar(path, root):
    with tarfile.open(path, "w:gz") as tar:
        tar.add(root, arcname="whosonfirst-data-admin-zz")
    return path


@pytest.fixture
def repo(tmp_path):
    return write_repo(tmp_path / "whosonfirst-data-admin-zz")


def region_places(region: str) -> dict[str, object]:
    return {p.id: p for p in Gazetteer().places(region=region)}


def test_a_repository_folder_becomes_a_region_of_the_right_places(home, repo):
    report = import_wof(repo)
    assert report.region == "wof-zz" and report.path == home / "data/regions/wof-zz.sqlite"
    places = region_places("wof-zz")
    names = {p.name for p in places.values()}
    assert not names & {"Deprecatedville", "Supersededville", "Ceasedville", "Altgeometryville"}
    assert report.skipped_why == {"alternative geometry": 1, "deprecated": 1, "superseded": 1,
                                  "not current": 1}
    kinds = {p.name: p.kind for p in places.values()}
    assert places["admin1:LB:liban-sud"].kind == "region" and kinds["Tajriba"] == "county"
    assert kinds["Qaryat Ikhtibar"] == "village" and kinds["Madinat Tajriba"] == "city"
    assert kinds["Hay al-Tajriba"] == "neighbourhood"


def test_every_name_in_every_language_is_a_name_of_the_place(home, repo):
    import_wof(repo)
    gaz = Gazetteer()
    village = gaz.get(f"wof:{NEW_VILLAGE}")
    names = set(gaz.names(village))
    assert {("قرية اختبار", "ar"), ("Karyet Ikhtibar", "fr"), ("Ikhtibar Village", "en"),
            ("Qaryat al Ikhtibār", None)} <= names
    assert village.name_ar == "قرية اختبار"
    m = Matcher(gaz)
    for spelling in ("Karyet Ikhtibar", "قرية اختبار", "Qaryat al Ikhtibar", "Ikhtibar Village"):
        assert m.resolve_one(spelling).place.id == village.id, spelling


def test_the_hierarchy_gives_parents_and_admin1(home, repo):
    import_wof(repo)
    gaz = Gazetteer()
    village, hood = gaz.get(f"wof:{NEW_VILLAGE}"), gaz.get(f"wof:{HOOD}")
    kaza = gaz.get(f"wof:{TYRE_KAZA}")
    assert hood.parent == village.id and village.parent == kaza.id
    # The governorate is the shipped admin-1 area of the same name ("Liban-Sud").
    south = gaz.get("admin1:LB:liban-sud")
    assert kaza.parent == south.id and south.parent == "country:LB"
    assert village.admin1 == south.name


def test_polygons_are_kept_where_wof_has_them(home, repo):
    import_wof(repo)
    gaz = Gazetteer()
    kaza = gaz.geometry(f"wof:{TYRE_KAZA}")
    assert kaza.geom_type == "Polygon" and kaza.contains(gaz.geometry(f"wof:{NEW_VILLAGE}"))
    assert gaz.geometry(f"wof:{NEW_VILLAGE}").geom_type == "Point"
    # The governorate had no polygon before a WOF record gave it one (in the region's
    # copy, or already in the shipped gazetteer, which is built from WOF Lebanon).
    assert gaz.geometry("admin1:LB:liban-sud").geom_type in ("Polygon", "MultiPolygon")
    m = Matcher(gaz)
    assert m.resolve_one("Tajriba District").place.id == f"wof:{TYRE_KAZA}"


def test_duplicates_add_names_to_the_known_place_instead_of_a_second_place(home, repo):
    report = import_wof(repo)
    places = region_places("wof-zz")
    # By GeoNames id: the shipped Srîfa, now with the record's French name.
    assert f"wof:{SRIFA}" not in places and "geonames:267099" in places
    gaz = Gazetteer()
    assert ("Sréifa", "fr") in gaz.names("geonames:267099")
    assert Matcher(gaz).resolve_one("Sréifa").place.id == "geonames:267099"
    # By name within 2 km: the shipped Tyre.
    assert f"wof:{TYRE}" not in places and "geonames:267008" in places
    assert Matcher(gaz).resolve_one("Sour-sur-Mer").place.id == "geonames:267008"
    # The country record is the shipped country.
    assert f"wof:{LB_COUNTRY}" not in places and ("Liban", "fr") in gaz.names("country:LB")
    assert f"wof:{SOUTH}" not in places and ("محافظة الجنوب", "ar") in gaz.names(
        "admin1:LB:liban-sud")
    assert ("LB", None) not in gaz.names("country:LB")  # "unknown" names are codes
    # The same village twice in the repository: one place with both names.
    assert f"wof:{TWIN}" not in places
    assert Matcher(gaz).resolve_one("Qariyat Ikhtibar").place.id == f"wof:{NEW_VILLAGE}"
    assert report.duplicates == 1 and report.merged >= 3
    # Each known place is the region's copy only once, and lookups see one place.
    assert [c.place.id for c in gaz.lookup("Sréifa")] == ["geonames:267099"]


def test_an_arabic_only_village_takes_the_latin_name_of_its_wof_record(home, tmp_path):
    gaz = Gazetteer()
    label = next(p for p in gaz.places(region="lebanon")
                 if p.id.startswith("ilmap:") and is_arabic(p.name))
    record = feature(990000301, "locality", "Qaryat Lafita", label.lat + 0.005, label.lon,
                     names={"ara_x_preferred": [label.name], "fra_x_preferred": ["Karyet Lafita"]})
    import_wof(write_repo(tmp_path / "whosonfirst-data-admin-yy", [record], alt=None))
    after = Gazetteer().get(label.id)
    assert after.region == "wof-yy" and after.name == "Qaryat Lafita"
    assert after.name_ar == label.name
    assert len(region_places("wof-yy")) == 1


def test_the_folder_and_the_tar_gz_give_the_same_region(home, repo, tmp_path):
    import_wof(repo, region="from-folder")
    tar = write_tar(tmp_path / "whosonfirst-data-admin-zz.tar.gz", repo)
    report = import_wof(tar)
    assert report.region == "wof-zz"

    def rows(region):
        gaz = Gazetteer()
        return sorted((p.id, p.name, p.kind, p.parent, tuple(sorted(map(str, gaz.names(p)))))
                      for p in gaz.places(region=region))

    assert rows("from-folder") == rows("wof-zz") and len(rows("wof-zz")) >= 8


def test_the_tar_is_read_as_a_stream_never_extracted(home, repo, tmp_path, monkeypatch):
    tar = write_tar(tmp_path / "whosonfirst-data-admin-zz.tar.gz", repo)

    def no_extraction(*args, **kwargs):
        raise AssertionError("extracted to disk")

    monkeypatch.setattr(tarfile.TarFile, "extract", no_extraction)
    monkeypatch.setattr(tarfile.TarFile, "extractall", no_extraction)
    assert len(list(read_places(tar, region="x"))) == len(FEATURES) - 3  # gone ones


def test_importing_again_replaces_the_region(home, repo):
    first = import_wof(repo)
    second = import_wof(repo)
    assert (first.places, first.new, first.merged) == (second.places, second.new, second.merged)
    assert len(list((home / "data/regions").iterdir())) == 1


def test_hostile_names_stay_names(home, tmp_path):
    hostile = ["'; DROP TABLE places; --", "../../../etc/passwd", "{{ 7*7 }}", "<script>x</script>"]
    record = feature(990000401, "locality", hostile[0], 10.0, -150.0,
                     names={"eng_x_variant": hostile[1:], "fra_x_variant": ["bad\x00name"]})
    import_wof(write_repo(tmp_path / "whosonfirst-data-admin-xx", [record], alt=None))
    gaz = Gazetteer()
    place = gaz.get("wof:990000401")
    assert place.name == hostile[0]
    assert {n for n, _ in gaz.names(place)} == set(hostile)
    assert sum(1 for _ in gaz.places(kind="block")) == 620  # the shipped tables are intact
    assert sorted(p.name for p in (home / "data/regions").iterdir()) == ["wof-xx.sqlite"]


# ------------------------------------------------------------------ bad inputs, via the CLI
def run_import(geonews_cli, home, path):
    return geonews_cli("gazetteer", "import", "wof", str(path), env={"GEONEWS_HOME": str(home)})


def test_a_good_import_through_the_cli(geonews_cli, home, repo):
    run = run_import(geonews_cli, home, repo)
    assert run.code == 0, run.err
    assert "into region 'wof-zz'" in run.out and "1 duplicate" in run.out
    info = geonews_cli("gazetteer", "info", "-f", "json", env={"GEONEWS_HOME": str(home)})
    assert [s["region"] for s in json.loads(info.out)] == ["gaza+world", "wof-zz"]


def _written(path, data: bytes):
    path.write_bytes(data)
    return path


def _empty_data_folder(folder):
    (folder / "data").mkdir()
    return folder


@pytest.mark.parametrize("make, fragment", [
    (lambda d: d, "no data/ folder"),
    (_empty_data_folder, "no data/**.geojson"),
    (lambda d: _written(d / "x.geojson", b"{}"), "not a Who's On First repository"),
    (lambda d: _written(d / "x.tar.gz", b"\x1f\x8b not really gzip"), "not a readable .tar.gz"),
    (lambda d: d / "missing.tar.gz", "no such file"),
])
def test_what_is_not_a_repository_is_one_error_line(geonews_cli, home, tmp_path, make, fragment):
    target = tmp_path / "input"
    target.mkdir()
    run = run_import(geonews_cli, home, make(target))
    assert_clean_error(run, fragment)
    assert not (home / "data/regions").exists() or not any((home / "data/regions").iterdir())


def test_a_truncated_tar_is_one_error_line(geonews_cli, home, repo, tmp_path):
    tar = write_tar(tmp_path / "whosonfirst-data-admin-zz.tar.gz", repo)
    data = tar.read_bytes()
    tar.write_bytes(data[: len(data) // 2])
    assert_clean_error(run_import(geonews_cli, home, tar), "not a readable .tar.gz")
    assert not (home / "data/regions/wof-zz.sqlite").exists()


def test_a_broken_geojson_file_is_one_error_line_naming_it(geonews_cli, home, tmp_path):
    broken = {record_path(990000501): b'{"type": "Feature", "properties": {"wof:id": 9'}
    repo = write_repo(tmp_path / "whosonfirst-data-admin-zz", extra=broken)
    assert_clean_error(run_import(geonews_cli, home, repo), "990000501.geojson",
                       "not valid GeoJSON")
    tar = write_tar(tmp_path / "whosonfirst-data-admin-zz.tar.gz", repo)
    assert_clean_error(run_import(geonews_cli, home, tar), "not valid GeoJSON")
    assert not (home / "data/regions").exists() or not any((home / "data/regions").iterdir())


def test_records_that_are_not_places_are_one_error_line(geonews_cli, home, tmp_path):
    junk = {record_path(990000601): b'{"type": "Feature", "properties": {"name": "x"}}'}
    repo = write_repo(tmp_path / "whosonfirst-data-admin-zz", features=[], alt=None, extra=junk)
    assert_clean_error(run_import(geonews_cli, home, repo), "no current place records")


def test_a_bad_region_name_is_one_error_line(geonews_cli, home, repo):
    run = geonews_cli("gazetteer", "import", "wof", str(repo), "--region", "../x",
                      env={"GEONEWS_HOME": str(home)})
    assert_clean_error(run, "region name")


def test_errors_are_input_errors_in_the_api(home, tmp_path):
    with pytest.raises(InputError, match="not a readable"):
        (tmp_path / "x.tar.gz").write_bytes(b"junk")
        import_wof(tmp_path / "x.tar.gz", region="x")


# ------------------------------------------------------------------ growth
def test_import_time_grows_linearly_with_the_repository(home, tmp_path):
    """Villages in an empty corner of the ocean: the time is the importer's own."""
    sizes = [250, 500, 1000, 2000]
    times = []
    for n in sizes:
        features = [feature(991000000 + i, "locality", f"Village {i} of {n}",
                            -40.0 + (i % 50) * 0.01, -120.0 + (i // 50) * 0.01,
                            names={"fra_x_preferred": [f"Village {i}"]}) for i in range(n)]
        root = write_repo(tmp_path / f"whosonfirst-data-admin-g{n}", features, alt=None)
        best = math.inf
        for _ in range(2):
            start = time.perf_counter()
            import_wof(root, region=f"g{n}")
            best = min(best, time.perf_counter() - start)
        times.append(best)
    xs = [math.log(s) for s in sizes]
    ys = [math.log(t) for t in times]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)
    assert slope < 1.3, (slope, times)


@pytest.mark.skipif(not (SHARED / "data/raw/whosonfirst").is_dir(), reason="needs ../shared")
def test_the_real_lebanese_repository_reads_as_documented():
    """SOURCES.md: ~3,320 localities, 30 kazas and 11 governorates, deprecated ones left out."""
    from geonews.places.wof import ReadStats

    stats = ReadStats()
    places = list(read_places(SHARED / "data/raw/whosonfirst/whosonfirst-data-admin-lb.tar.gz",
                              region="lebanon", stats=stats))
    kinds = {}
    for p in places:
        kinds[p.placetype] = kinds.get(p.placetype, 0) + 1
    assert 3_200 < kinds["locality"] < 3_400 and kinds["neighbourhood"] > 60
    assert stats.skipped["deprecated"] > 0 and stats.skipped["alternative geometry"] > 0
    srifa = next(p for p in places if p.record.name == "Srifa")
    assert srifa.geonames_id == 267099 and srifa.record.name_ar == "صريفا"


# ------------------------------------------------------------------ merging rules
def _place(wof_id, placetype, name, lat, lon, names=(), population=None):
    from geonews.places.store import PlaceRecord
    from geonews.places.wof import WofPlace

    rec = PlaceRecord(f"wof:{wof_id}", name, "village", lat, lon, "test", "t", country="LB",
                      population=population)
    rec.add_name(name)
    for n, lang, w in names:
        rec.add_name(n, lang, w)
    return WofPlace(wof_id, placetype, rec)


def test_upper_and_lower_villages_of_one_name_stay_two_places():
    from geonews.places.wof import PlaceIndex, combine

    upper = _place(1, "locality", "Baqaoun el Faouqa", 34.40, 36.00, [("البقعون", "ar", 1.0)])
    lower = _place(2, "locality", "Baqaoun et Tahta", 34.405, 36.00, [("البقعون", "ar", 1.0)])
    assert len(combine([upper, lower], PlaceIndex()).new) == 2


def test_a_shared_variant_name_is_no_evidence_of_sameness():
    from geonews.places.wof import PlaceIndex, combine

    a = _place(1, "locality", "Mazraat Louzid", 34.40, 36.00, [("Al Wardiyah", None, 0.9)])
    b = _place(2, "locality", "El Ouardiye", 34.41, 36.00, [("Al Wardiyah", None, 0.9)])
    assert len(combine([a, b], PlaceIndex()).new) == 2


def test_a_town_folds_its_records_from_further_away_than_a_village():
    from geonews.places.wof import PlaceIndex, combine

    town = [_place(1, "locality", "Naqoura", 33.118, 35.140, [("الناقورة", "ar", 1.0)], 25_000),
            _place(2, "locality", "Enn Naqoura", 33.167, 35.185, [("الناقورة", "ar", 1.0)])]
    village = [_place(3, "locality", "Kfar Test", 33.118, 35.140, [("كفر تست", "ar", 1.0)]),
               _place(4, "locality", "Kfar Test", 33.167, 35.185, [("كفر تست", "ar", 1.0)])]
    assert len(combine(town, PlaceIndex()).new) == 1
    assert len(combine(village, PlaceIndex()).new) == 2


def test_a_name_preferred_by_one_record_is_preferred_after_the_merge():
    from geonews.places.wof import PlaceIndex, combine

    a = _place(1, "locality", "Tyre", 33.273, 35.194, [("صور", "ar", 0.9)])
    b = _place(2, "locality", "Tyre", 33.270, 35.204, [("صور", "ar", 1.0)])
    (tyre,) = combine([a, b], PlaceIndex()).new
    assert ("صور", "ar", 1.0) in tyre.names


def test_an_area_named_after_its_town_keeps_the_bare_name_at_a_lower_weight():
    from geonews.places.wof import AREA_TOWN_WEIGHT, PlaceIndex, combine
    from shapely.geometry import shape

    town = _place(1, "locality", "Nabatieh", 33.378, 35.484, [("النبطية", "ar", 1.0)], 60_000)
    kaza = _place(2, "county", "Nabatieh", 33.37, 35.50,
                  [("النبطية", "ar", 1.0), ("Nabatieh District", "en", 1.0)])
    kaza.record.kind = "county"
    kaza.record.geometry = shape(square(35.5, 33.37, 0.1))
    combine([town, kaza], PlaceIndex())
    weights = {n: w for n, _, w in kaza.record.names}
    assert weights == {"Nabatieh": AREA_TOWN_WEIGHT, "النبطية": AREA_TOWN_WEIGHT,
                       "Nabatieh District": 1.0}
    assert {w for _, _, w in town.record.names} == {1.0}


def test_a_name_in_capitals_gives_way_to_a_preferred_name_for_display():
    from geonews.places.wof import to_place

    record = feature(990000701, "locality", "ΚΑΛΥΘΙΑΙ", 36.37, 28.17,
                     names={"ell_x_preferred": ["Καλυθιές"], "eng_x_variant": ["Kalythies"]})
    place = to_place(record, region="t")
    assert place.record.name == "Καλυθιές"
    assert {n for n, _, _ in place.record.names} >= {"ΚΑΛΥΘΙΑΙ", "Καλυθιές", "Kalythies"}


def test_only_places_known_by_arabic_names_alone_get_cross_script_keys(home, tmp_path):
    from geonews.places.wof import to_place

    arabic_only = feature(990000801, "locality", "كفرتجربة", 33.30, 35.45,
                          names={"ara_x_preferred": ["كفرتجربة"]})
    with_latin = feature(990000802, "locality", "Mastaba", 33.31, 35.46,
                         names={"ara_x_preferred": ["مصطبة"]})
    assert to_place(arabic_only, region="t").record.cross
    assert not to_place(with_latin, region="t").record.cross
    import_wof(write_repo(tmp_path / "whosonfirst-data-admin-ww", [arabic_only, with_latin],
                          alt=None))
    m = Matcher(Gazetteer())
    assert m.resolve_one("Kfartajriba").place.id == "wof:990000801"  # its Arabic, in English
    found = m.resolve_one("Mostapha").place
    assert found is None or found.id != "wof:990000802"
