"""The HTTP API of ``geonews serve``, against the real server on 127.0.0.1."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

SCHEMA = json.loads((Path(__file__).resolve().parents[2] / "geonews" / "schemas" /
                     "extraction.schema.json").read_text(encoding="utf-8"))
ORDER = "Residents of Abasan were told to leave for Rafah."


def valid(extraction: dict) -> dict:
    import jsonschema

    jsonschema.validate(extraction, SCHEMA)
    return extraction


def assert_error(resp, status: int, *fragments: str) -> None:
    """A JSON error with that status and one clear message, never a stack trace."""
    assert resp.status_code == status, (resp.status_code, resp.text[:500])
    assert resp.headers["content-type"].startswith("application/json")
    body = resp.json()
    assert set(body) == {"error"} and isinstance(body["error"], str) and body["error"]
    assert "Traceback" not in resp.text and 'File "' not in resp.text
    for f in fragments:
        assert f in body["error"], (f, body["error"])


# ----------------------------------------------------------------------------- /extract

def test_extract_takes_json_text_and_files_and_answers_the_contract(client, seed_text):
    from_json = valid(client.post("/extract", json={"text": ORDER, "date": "2023-12-02"}).json())
    d = from_json["directives"][0]
    assert [p["name"] for p in d["affected"]] == ["Abasan al-Kabira"]
    assert [p["name"] for p in d["destinations"]] == ["Rafah"]
    assert from_json["date"] == "2023-12-02"

    plain = valid(client.post("/extract", content=ORDER.encode("utf-16"),
                              headers={"Content-Type": "text/plain",
                                       "X-Geonews-Request": "1"}).json())
    assert plain["directives"][0]["affected"] == d["affected"]

    upload = client.post("/extract", files={"file": ("seed.txt", seed_text.encode())},
                         headers={"X-Geonews-Request": "1"})
    seed = valid(upload.json())
    assert {p["name"] for x in seed["directives"] for p in x["affected"]} >= {
        "Bani Suheila", "Abasan al-Kabira", "Khan Yunis"}
    # the same as `geonews extract --format json` gives
    import geonews

    assert seed["directives"] == geonews.extract(seed_text, id="seed").to_dict()["directives"]


def test_extract_reads_html_and_json_lines_uploads(client):
    html = ("<html><head><title>Orders</title></head><body><nav>Home | World</nav><article>"
            "<h1>Orders in the south</h1><p>" + ORDER + " The army said so on Saturday, "
            "in a statement sent to reporters.</p></article></body></html>")
    r = client.post("/extract", files={"file": ("page.html", html.encode())},
                    headers={"X-Geonews-Request": "1"})
    assert r.status_code == 200, r.text
    assert valid(r.json())["directives"][0]["destinations"][0]["name"] == "Rafah"
    lines = "\n".join(json.dumps({"id": f"n{i}", "text": ORDER}) for i in range(3))
    r = client.post("/extract", files={"file": ("c.jsonl", lines.encode())},
                    headers={"X-Geonews-Request": "1"})
    assert [valid(x)["id"] for x in r.json()] == ["n0", "n1", "n2"]


@pytest.mark.parametrize("body, ctype, status, fragment", [
    (b"{not json", "application/json", 400, "not valid JSON"),
    (b'{"title": "no text"}', "application/json", 422, "\"text\""),
    (b'{"text": 12}', "application/json", 422, "\"text\""),
    (b'{"text": "x", "date": {"a": 1}}', "application/json", 422, "date"),
    (b"[]", "application/json", 422, "list of 1 to 1000"),
    (b'{"text": "   "}', "application/json", 400, "empty"),
    (b"[" * 100_000 + b"]" * 100_000, "application/json", 400, "not valid JSON"),
    (b"\x00\x01\x02binary", "text/plain", 400, "binary"),
    (b"a,b", "application/x-weird", 415, "cannot read"),
])
def test_bad_bodies_are_json_errors_with_the_right_status(client, body, ctype, status, fragment):
    r = client.post("/extract", content=body, headers={"Content-Type": ctype,
                                                        "X-Geonews-Request": "1"})
    assert_error(r, status, fragment)


def test_an_article_over_two_million_characters_is_413(client):
    r = client.post("/extract", json={"text": "Rafah " * 340_000})
    assert_error(r, 413, "2,000,000")
    r = client.post("/articles", files={"file": ("big.txt", b"a " * 1_000_001)},
                    headers={"X-Geonews-Request": "1"})
    assert_error(r, 413, "2,000,000")


def test_a_body_over_fifty_megabytes_is_refused_while_it_arrives(client):
    big = b"x" * (52 * 1024 * 1024)

    def chunks():  # no Content-Length: the server must count what it reads
        for i in range(0, len(big), 1 << 20):
            yield big[i:i + (1 << 20)]

    r = client.post("/extract", content=chunks(), headers={"Content-Type": "text/plain",
                                                            "X-Geonews-Request": "1"})
    assert_error(r, 413, "50 MB")
    r = client.post("/extract", files={"file": ("big.txt", big)},
                    headers={"X-Geonews-Request": "1"})
    assert_error(r, 413)
    assert client.get("/health").json()["ok"]


# ---------------------------------------------------------------------------- /articles

def test_an_article_is_stored_once_however_often_it_is_sent(client):
    text = "Residents of Bani Suhaila were told to leave for Rafah on 3 December 2023."
    first = client.post("/articles", json={"text": text, "title": "Once"})
    assert first.status_code == 201
    again = client.post("/articles", json={"text": text, "title": "Once"})
    assert again.status_code == 200 and again.json()["created"] is False
    aid = first.json()["article"]["id"]
    assert again.json()["article"]["id"] == aid
    ids = [a["id"] for a in client.get("/articles").json()["articles"]]
    assert ids.count(aid) == 1
    view = client.get(f"/articles/{aid}").json()
    assert view["text"] == text and view["article"]["title"] == "Once"
    assert valid(view["machine"])["directives"][0]["affected"][0]["name"] == "Bani Suheila"


def test_the_same_id_with_another_text_is_a_conflict(client):
    assert client.post("/articles", json={"id": "twice", "text": ORDER}).status_code == 201
    assert_error(client.post("/articles", json={"id": "twice", "text": ORDER + " More."}),
                 409, "another text")


def test_hostile_ids_and_titles_are_only_data(client, server):
    import sqlite3

    evil = "x'); DROP TABLE articles; --"
    r = client.post("/articles", json={"id": evil, "title": evil, "text": ORDER + " (evil)"})
    assert r.status_code == 201, r.text
    from urllib.parse import quote

    assert client.get("/articles/" + quote(evil, safe="")).json()["article"]["title"] == evil
    db = sqlite3.connect(server.db)
    assert db.execute("SELECT COUNT(*) FROM articles WHERE id = ?", (evil,)).fetchone() == (1,)
    # a file name is a label, never a path
    r = client.post("/articles", files={"file": ("../../../../etc/passwd", ORDER.encode() +
                                                 b" (a path)")},
                    headers={"X-Geonews-Request": "1"})
    assert r.status_code == 201 and r.json()["article"]["id"] == "passwd"
    assert_error(client.post("/articles", json={"id": "a/b", "text": ORDER + "!"}), 422, "'/'")


def test_unknown_things_are_404(client):
    assert_error(client.get("/articles/no-such-article"), 404, "no-such-article")
    assert_error(client.get("/nowhere"), 404, "/nowhere")
    assert_error(client.get("/export.shp"), 404, "gpkg")
    assert_error(client.post("/articles/no-such/corrections",
                             json={"kind": "role", "target": "1:2", "value": {"role": "none"}}),
                 404)


# ------------------------------------------------------------------- /geocode and /zones

def test_geocode_answers_json_with_alternatives_and_geojson(client):
    rec = client.get("/geocode", params={"q": "Rafah"}).json()
    assert rec["name"] == "Rafah" and rec["country"] == "PS"
    assert any(a["country"] == "EG" for a in rec["alternatives"])
    fc = client.get("/geocode", params={"q": "Khan Younis", "format": "geojson"})
    assert fc.headers["content-type"].startswith("application/geo+json")
    assert fc.json()["features"][0]["geometry"]["type"] in ("Polygon", "MultiPolygon")
    assert client.get("/geocode", params={"q": "Qwxzyvillage"}).json()["place_id"] is None
    assert_error(client.get("/geocode", params={"q": "R" * 1001}), 422, "q")
    assert_error(client.get("/geocode"), 422, "q")
    assert_error(client.get("/geocode", params={"q": "Rafah", "format": "kml"}), 422)


def test_zones_select_by_date_role_and_region(client):
    for day, text in (("2023-12-02", "Residents of Abasan were told to leave for Rafah."),
                      ("2024-05-06", "Residents of Jabalia were told to leave for "
                                     "Deir al-Balah.")):
        assert client.post("/articles", json={"text": text, "date": day}).status_code in (200,
                                                                                          201)

    def names(**params):
        fc = client.get("/zones", params=params).json()
        return {(f["properties"]["name"], f["properties"]["role"]) for f in fc["features"]}

    assert ("Rafah", "destination") in names(until="2023-12-31")
    assert not any(n == "Jabalia" for n, _ in names(until="2023-12-31"))
    in_2024 = names(since="2024-01-01", role="affected")
    assert {r for _, r in in_2024} == {"affected"} and any("Jabal" in n for n, _ in in_2024)
    # a region: only zones that touch it (a place's outline, or a box)
    rafah = names(region="Rafah Governorate")
    assert ("Rafah", "destination") in rafah and not any("Jabal" in n for n, _ in rafah)
    north = names(region="34.40,31.50,34.60,31.60")
    assert any("Jabal" in n for n, _ in north) and ("Rafah", "destination") not in north
    assert_error(client.get("/zones", params={"since": "yesterday-ish"}), 400, "since")
    assert_error(client.get("/zones", params={"role": "victim"}), 400, "role")
    assert_error(client.get("/zones", params={"region": "Nowhereville Xq"}), 400, "region")
    assert_error(client.get("/zones", params={"region": "1,2,0,0"}), 400, "region")


def test_the_map_is_one_self_contained_page(client):
    client.post("/articles", json={"text": ORDER, "date": "2023-12-02"})
    r = client.get("/map", params={"until": "2023-12-31"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    import re

    assert not re.search(r'<(?:script|link)[^>]*(?:src|href)="https?://', r.text)
    assert "Rafah" in r.text and "default-src 'none'" in r.headers["content-security-policy"]


def test_the_api_docs_work_with_no_network(client):
    spec = client.get("/openapi.json").json()
    assert {"/extract", "/geocode", "/articles", "/zones", "/export.{fmt}", "/map"} <= set(
        spec["paths"])
    docs = client.get("/docs").text
    import re

    urls = re.findall(r"""(?:src|href)=["']([^"']+)["']""", docs) + re.findall(
        r"url: ?'([^']+)'", docs)
    assert urls and not [u for u in urls if u.startswith(("http:", "https:", "//"))], urls
    for u in urls:
        assert client.get(u).status_code == 200, u
