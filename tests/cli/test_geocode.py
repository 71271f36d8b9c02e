"""``geonews geocode`` from the command line: names in, places out, bad input refused."""

import csv
import io
import json

import pytest

from tests.conftest import assert_clean_error


def test_names_as_arguments_give_csv_when_piped(geonews_cli):
    run = geonews_cli("geocode", "Khan Younis", "Bani Suhaila", "خان يونس")
    assert run.code == 0, run.err
    rows = list(csv.DictReader(io.StringIO(run.out)))
    assert [r["name"] for r in rows] == ["Khan Yunis", "Bani Suheila", "Khan Yunis"]
    assert rows[0]["match"] == "exact" and float(rows[0]["lat"]) == pytest.approx(31.34, abs=0.02)
    assert "Khan Younis Governorate" in rows[0]["alternatives"]


def test_names_from_stdin_one_per_line(geonews_cli):
    run = geonews_cli("geocode", "-", "--format", "json", stdin="Rafah\n\n# a comment\nAbasan\n")
    assert run.code == 0, run.err
    data = json.loads(run.out)
    assert [d["query"] for d in data] == ["Rafah", "Abasan"]
    assert data[0]["country"] == "PS" and data[0]["alternatives"][0]["place_id"]


def test_unknown_name_is_a_row_and_a_warning_not_a_crash(geonews_cli):
    run = geonews_cli("geocode", "Rafah", "Qwxzzvtplk")
    assert run.code == 0
    rows = list(csv.DictReader(io.StringIO(run.out)))
    assert rows[1]["match"] == "none" and rows[1]["name"] == ""
    assert "geonews: warning: no place found for 'Qwxzzvtplk'" in run.err
    assert "Traceback" not in run.err


def test_strict_exits_non_zero_on_unmatched_names(geonews_cli):
    assert geonews_cli("geocode", "--strict", "Rafah").code == 0
    run = geonews_cli("geocode", "--strict", "Rafah", "Qwxzzvtplk")
    assert run.code == 1 and "Qwxzzvtplk" in run.err


def test_csv_column_round_trip_keeps_the_other_columns(geonews_cli, tmp_path):
    src = tmp_path / "places.csv"
    src.write_text("id,place,note,name\n1,Khan Younis,city,x\n2,Nuseirat,camp town,y\n"
                   "3,Qwxzzvtplk,?,z\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    run = geonews_cli("geocode", "--input", str(src), "--column", "place", "-o", str(out))
    assert run.code == 0, run.err
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert list(rows[0])[:4] == ["id", "place", "note", "name"]
    assert [r["note"] for r in rows] == ["city", "camp town", "?"]
    assert rows[0]["name"] == "x" and rows[0]["geo_name"] == "Khan Yunis"
    assert rows[1]["geo_name"] == "Nuseirat" and rows[2]["match"] == "none"


def test_geojson_output_carries_polygons_where_known(geonews_cli, tmp_path):
    out = tmp_path / "places.geojson"
    run = geonews_cli("geocode", "Khan Younis", "Nasser Hospital", "Block 64", "-o", str(out))
    assert run.code == 0, run.err
    fc = json.loads(out.read_text())
    assert fc["type"] == "FeatureCollection"
    kinds = [f["geometry"]["type"] for f in fc["features"]]
    assert kinds[0] in ("Polygon", "MultiPolygon") and kinds[1] == "Point"
    assert kinds[2] in ("Polygon", "MultiPolygon")
    assert fc["features"][2]["properties"]["kind"] == "block"


def test_country_and_within_options(geonews_cli):
    run = geonews_cli("geocode", "Rafah", "--country", "EG", "--format", "json")
    assert json.loads(run.out)[0]["country"] == "EG"
    run = geonews_cli("geocode", "Ma'an", "--within", "Khan Younis Governorate", "-f", "json")
    assert json.loads(run.out)[0]["country"] == "PS"


def test_table_format_is_readable(geonews_cli):
    run = geonews_cli("geocode", "Rafah", "--format", "table")
    assert run.code == 0 and "Rafah" in run.out and "PS" in run.out and "exact" in run.out


def test_csv_export_neutralises_formulas(geonews_cli, tmp_path):
    src = tmp_path / "evil.txt"
    src.write_text("=cmd|' /C calc'!A0\n", encoding="utf-8")
    run = geonews_cli("geocode", "--input", str(src))
    assert run.code == 0
    rows = list(csv.DictReader(io.StringIO(run.out)))
    assert rows[0]["query"].startswith("'=")


class TestBadInput:
    def test_empty_file(self, geonews_cli, tmp_path):
        (tmp_path / "empty.txt").write_bytes(b"")
        assert_clean_error(geonews_cli("geocode", "-i", "empty.txt"), "empty.txt", "empty")

    def test_binary_file(self, geonews_cli, tmp_path):
        (tmp_path / "junk.bin").write_bytes(bytes(range(256)) * 40)
        assert_clean_error(geonews_cli("geocode", "-i", "junk.bin"), "junk.bin", "binary")

    def test_missing_file(self, geonews_cli):
        assert_clean_error(geonews_cli("geocode", "-i", "nope.txt"), "nope.txt", "no such file")

    def test_missing_column(self, geonews_cli, tmp_path):
        (tmp_path / "p.csv").write_text("a,b\n1,2\n")
        assert_clean_error(geonews_cli("geocode", "-i", "p.csv", "-c", "name"),
                           "no column 'name'", "a, b")

    def test_header_only_csv(self, geonews_cli, tmp_path):
        (tmp_path / "p.csv").write_text("name\n")
        assert_clean_error(geonews_cli("geocode", "-i", "p.csv"), "no rows")

    def test_no_names_at_all(self, geonews_cli):
        assert_clean_error(geonews_cli("geocode"), "no names")

    def test_bad_within(self, geonews_cli):
        assert_clean_error(geonews_cli("geocode", "Rafah", "--within", "Qwxzzvtplk"),
                           "--within")

    def test_output_over_input_is_refused_and_input_kept(self, geonews_cli, tmp_path):
        src = tmp_path / "names.txt"
        src.write_text("Rafah\n")
        assert_clean_error(geonews_cli("geocode", "-i", "names.txt", "-o", "names.txt"),
                           "overwrite an input")
        assert src.read_text() == "Rafah\n"

    def test_output_into_missing_directory(self, geonews_cli):
        assert_clean_error(geonews_cli("geocode", "Rafah", "-o", "no/such/dir/out.csv"),
                           "does not exist")


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "cp1252", "cp1256"])
def test_wrong_encodings_are_detected(geonews_cli, tmp_path, encoding):
    text = "Khan Younis\nDeir al-Balah\n" + ("خان يونس\n" if encoding != "cp1252" else "Café\n")
    (tmp_path / "names.txt").write_bytes(text.encode(encoding))
    run = geonews_cli("geocode", "-i", "names.txt", "-f", "json")
    assert run.code == 0, run.err
    data = json.loads(run.out)
    assert data[0]["name"] == "Khan Yunis" and data[1]["name"] == "Deir el-Balah"
    if encoding != "cp1252":
        assert data[2]["name"] == "Khan Yunis"
