"""Adding a region: a GeoNames dump or a layer of named polygons, stored in the user's data dir."""

from __future__ import annotations

import json
import zipfile

import pytest

from geonews.errors import InputError
from geonews.places.gazetteer import Gazetteer
from geonews.places.importers import import_geonames, import_layer, remove_region
from geonews.places.matcher import Matcher
from tests.conftest import assert_clean_error

# A hand-written GeoNames-format dump (19 tab-separated columns) of a few villages
# of southern Lebanon, the kind of place the shipped world data lacks.
DUMP_ROWS = [
    ("9100001", "Kfar Jouz", "Kfar Jouz", "Kfarjoz,Kfar Jouz,Kafr Jawz,كفرجوز", 33.3968, 35.4745,
     "P", "PPL", "LB", 2500),
    ("9100002", "Zefta", "Zefta", "Zifta,Zefta,زفتا", 33.3860, 35.4035, "P", "PPL", "LB", 3100),
    ("9100003", "Houmine el Tahta", "Houmine el Tahta", "Houmine al-Tahta,Humin at Tahta,حومين التحتا",
     33.4460, 35.4700, "P", "PPL", "LB", 1800),
    ("9100004", "Nahr el Litani", "Nahr el Litani", "Litani River,Litani,نهر الليطاني",
     33.3380, 35.2500, "H", "STM", "LB", 0),
]


def write_dump(path, rows=DUMP_ROWS):
    lines = []
    for gid, name, ascii_name, alts, lat, lon, fclass, fcode, cc, pop in rows:
        cols = [gid, name, ascii_name, alts, str(lat), str(lon), fclass, fcode, cc, "", "04", "",
                "", "", str(pop), "", "300", "Asia/Beirut", "2024-10-01"]
        lines.append("\t".join(cols))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_a_geonames_dump_becomes_a_searchable_region(home, tmp_path):
    report = import_geonames(write_dump(tmp_path / "LB.txt"), region="south-lebanon")
    assert report.places == 4 and report.path.parent == home / "data" / "regions"
    gaz = Gazetteer()
    assert [s.region for s in gaz.sources] == ["gaza+world", "south-lebanon"]
    m = Matcher(gaz)
    for spelling in ("Kfarjoz", "Kfar Jouz", "كفرجوز", "Kafr Jawz"):
        place = m.resolve_one(spelling).place
        assert place.name == "Kfar Jouz" and place.region == "south-lebanon", spelling
    assert m.resolve_one("Litani River").place.kind == "river"
    assert m.resolve_one("Houmine al-Tahta").place.country == "LB"


def test_a_zipped_dump_imports_too(home, tmp_path):
    dump = write_dump(tmp_path / "LB.txt")
    with zipfile.ZipFile(tmp_path / "LB.zip", "w") as zf:
        zf.write(dump, "LB.txt")
        zf.writestr("readme.txt", "GeoNames readme")
    assert import_geonames(tmp_path / "LB.zip", region="lb").places == 4


def test_the_shipped_data_is_never_written_to(home, tmp_path):
    from geonews.paths import shipped_gazetteer

    before = shipped_gazetteer().stat().st_mtime_ns
    import_geonames(write_dump(tmp_path / "LB.txt"), region="lb")
    assert shipped_gazetteer().stat().st_mtime_ns == before
    assert not str(Gazetteer().sources[1].path).startswith(str(shipped_gazetteer().parent))


def test_a_geojson_layer_of_named_polygons_becomes_a_region(home, tmp_path):
    layer = {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "properties": {"NAME": "Pine Ridge Evacuation Zone",
                                                "ALT": "Zone PR-1|PR-1"},
             "geometry": {"type": "Polygon", "coordinates": [[[-118.60, 34.10], [-118.50, 34.10],
                                                              [-118.50, 34.20], [-118.60, 34.20],
                                                              [-118.60, 34.10]]]}},
            {"type": "Feature", "properties": {"NAME": "Bowtie Zone", "ALT": None},
             # self-intersecting: repaired on import
             "geometry": {"type": "Polygon", "coordinates": [[[-118.4, 34.0], [-118.3, 34.1],
                                                              [-118.3, 34.0], [-118.4, 34.1],
                                                              [-118.4, 34.0]]]}},
            {"type": "Feature", "properties": {"NAME": None}, "geometry": None},
        ],
    }
    path = tmp_path / "zones.geojson"
    path.write_text(json.dumps(layer))
    report = import_layer(path, region="wildfire", name_field="NAME", alt_names_field="ALT",
                          kind="zone", country="US")
    assert (report.places, report.skipped) == (2, 1)
    gaz = Gazetteer()
    res = Matcher(gaz).resolve_one("Zone PR-1")
    assert res.place.name == "Pine Ridge Evacuation Zone" and res.place.kind == "zone"
    geom = gaz.geometry(res.place)
    assert geom.geom_type == "Polygon" and geom.contains(geom.representative_point())
    assert gaz.geometry(Matcher(gaz).resolve_one("Bowtie Zone").place).is_valid


def test_a_projected_layer_is_reprojected(home, tmp_path):
    import geopandas as gpd
    from shapely.geometry import box

    utm = gpd.GeoDataFrame({"name": ["Qwxzz District"]},
                           geometry=[box(630000, 3480000, 635000, 3485000)], crs=32636)
    utm.to_file(tmp_path / "utm.gpkg", driver="GPKG")
    import_layer(tmp_path / "utm.gpkg", region="utm", name_field="name")
    place = Matcher(Gazetteer()).resolve_one("Qwxzz District").place
    assert 31.4 < place.lat < 31.5 and 34.3 < place.lon < 34.5


def test_removing_a_region(home, tmp_path):
    import_geonames(write_dump(tmp_path / "LB.txt"), region="lb")
    remove_region("lb")
    assert len(Gazetteer().sources) == 1
    with pytest.raises(InputError, match="no imported region"):
        remove_region("lb")


@pytest.mark.parametrize("content,message", [
    (b"", "no usable GeoNames rows"),
    (b"\x00\x01\x02" * 100, "not a GeoNames dump"),
    (b"just some text\nwithout tabs\n", "no usable GeoNames rows"),
])
def test_bad_dumps_are_refused(home, tmp_path, content, message):
    (tmp_path / "bad.txt").write_bytes(content)
    with pytest.raises(InputError, match=message):
        import_geonames(tmp_path / "bad.txt", region="bad")
    assert not (home / "data" / "regions" / "bad.sqlite").exists()


def test_bad_layers_are_refused(home, tmp_path):
    (tmp_path / "broken.geojson").write_text('{"type": "FeatureCollection", "features": [')
    with pytest.raises(InputError, match="not a readable vector layer"):
        import_layer(tmp_path / "broken.geojson", region="x", name_field="name")
    (tmp_path / "ok.geojson").write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"title": "A"},
         "geometry": {"type": "Point", "coordinates": [35.0, 33.0]}}]}))
    with pytest.raises(InputError, match="no field 'name' \\(fields: title\\)"):
        import_layer(tmp_path / "ok.geojson", region="x", name_field="name")
    with pytest.raises(InputError, match="region name"):
        import_layer(tmp_path / "ok.geojson", region="../../etc", name_field="title")


def test_cli_import_info_and_remove(geonews_cli, tmp_path):
    env = {"GEONEWS_HOME": str(tmp_path / "home")}
    dump = write_dump(tmp_path / "LB.txt")
    run = geonews_cli("gazetteer", "import", "geonames", str(dump), "--region", "south-lebanon",
                      env=env)
    assert run.code == 0 and "imported 4 places" in run.out, run.err
    run = geonews_cli("gazetteer", "info", "--format", "json", env=env)
    info = json.loads(run.out)
    assert [i["region"] for i in info] == ["gaza+world", "south-lebanon"]
    assert info[1]["places"] == 4 and info[1]["kinds"]["village"] == 3
    run = geonews_cli("geocode", "Kfarjoz", "-f", "json", env=env)
    assert json.loads(run.out)[0]["name"] == "Kfar Jouz"
    run = geonews_cli("gazetteer", "info", env=env)
    assert "south-lebanon" in run.out and "block" in run.out
    assert geonews_cli("gazetteer", "remove", "south-lebanon", env=env).code == 0
    assert_clean_error(geonews_cli("gazetteer", "remove", "south-lebanon", env=env),
                       "no imported region")
    assert_clean_error(geonews_cli("gazetteer", "import", "geonames", "missing.txt",
                                   "--region", "x", env=env), "no such file")
