"""Corrections: stored beside the machine's output, used by every export and map, and
exported as evaluation data."""

from __future__ import annotations

import io

import pytest

ORDER = ("The army told residents of Abasan and Bani Suhaila to leave for Rafah. "
         "Families from Khuza'a also fled.")


@pytest.fixture
def article(client):
    # A text of its own per test (the collection is shared by the session).
    import uuid

    text = ORDER + f" Report {uuid.uuid4().hex}."
    r = client.post("/articles", json={"text": text, "date": "2023-12-05", "title": "Fix me"})
    assert r.status_code == 201, r.text
    return r.json()["article"]["id"], text


def ref_of(view: dict, text: str) -> str:
    return next(p["ref"] for p in view["places"] if p["text"] == text)


def roles_of(view: dict) -> dict[str, list[str]]:
    return {p["name"]: p["roles"] for p in view["places"]}


def correct(client, aid: str, **body) -> dict:
    r = client.post(f"/articles/{aid}/corrections", json=body)
    assert r.status_code == 201, r.text
    return r.json()


def zones_of(client, aid: str) -> set[tuple[str, str]]:
    fc = client.get("/zones", params={"article": aid}).json()
    return {(f["properties"]["name"], f["properties"]["role"]) for f in fc["features"]}


def test_a_role_change_is_kept_beside_the_machines_output(client, article):
    aid, text = article
    view = client.get(f"/articles/{aid}").json()
    assert roles_of(view)["Rafah"] == ["destination"]
    rafah = ref_of(view, "Rafah")
    assert text[slice(*map(int, rafah.split(":")))] == "Rafah"
    out = correct(client, aid, kind="role", target=rafah, value={"role": "affected"},
                  who="Analyst A")
    assert out["correction"]["who"] == "Analyst A" and out["correction"]["at"]
    again = client.get(f"/articles/{aid}").json()
    assert roles_of(again)["Rafah"] == ["affected"]
    # both kept: the machine's extraction as it was, the correction on its own
    machine = again["machine"]["directives"][0]
    assert [p["name"] for p in machine["destinations"]] == ["Rafah"]
    assert [c["kind"] for c in again["corrections"]] == ["role"]
    assert ("Rafah", "affected") in zones_of(client, aid)
    assert ("Rafah", "destination") not in zones_of(client, aid)
    # a later correction of the same place wins
    # "exempt" is read as the one word for the role, "exemption"
    correct(client, aid, kind="role", target=rafah, value={"role": "exempt"})
    assert ("Rafah", "exemption") in zones_of(client, aid)


def test_not_a_place_and_no_role_take_a_place_off_the_map(client, article):
    aid, _ = article
    view = client.get(f"/articles/{aid}").json()
    correct(client, aid, kind="role", target=ref_of(view, "Abasan"), value={"role": "not_place"})
    correct(client, aid, kind="role", target=ref_of(view, "Bani Suhaila"),
            value={"role": "none"})
    after = client.get(f"/articles/{aid}").json()
    assert "Abasan al-Kabira" not in roles_of(after)          # gone from the mentions too
    assert roles_of(after)["Bani Suheila"] == []                # still mentioned, no role
    names = {n for n, _ in zones_of(client, aid)}
    assert "Abasan al-Kabira" not in names and "Bani Suheila" not in names and "Rafah" in names


def test_a_mention_in_no_directive_can_be_given_a_role(client, article):
    aid, text = article
    view = client.get(f"/articles/{aid}").json()
    khuzaa = next(p for p in view["places"] if p["text"] == "Khuza'a")
    assert khuzaa["roles"] == []
    out = correct(client, aid, kind="role", target=khuzaa["ref"], value={"role": "affected"})
    assert roles_of(out)["Khuza'a"] == ["affected"]
    # it went to a directive made from its own sentence
    d = next(d for d in out["corrected"]["directives"]
             if any(p["name"] == "Khuza'a" for p in d["affected"]))
    assert d["sentence"] == "Families from Khuza'a also fled." and \
        text[d["start"]:d["end"]] == d["sentence"]


def test_another_candidate_replaces_a_mis_resolved_place(client, article):
    aid, _ = article
    view = client.get(f"/articles/{aid}").json()
    rafah = ref_of(view, "Rafah")
    egypt = next(a for a in client.get("/geocode", params={"q": "Rafah"}).json()["alternatives"]
                 if a["country"] == "EG")
    out = correct(client, aid, kind="place", target=rafah, value={"place_id": egypt["place_id"]})
    place = next(p for p in out["places"] if p["ref"] == rafah)
    assert place["place_id"] == egypt["place_id"] and place["country"] == "EG"
    zone = next(f for f in client.get("/zones", params={"article": aid}).json()["features"]
                if f["properties"]["ref"] == rafah)
    assert zone["properties"]["place_id"] == egypt["place_id"]
    r = client.post(f"/articles/{aid}/corrections",
                    json={"kind": "place", "target": rafah, "value": {"place_id": "no:such"}})
    assert r.status_code == 422 and "gazetteer" in r.json()["error"]


def test_a_missed_place_is_added_by_name(client, article):
    aid, _ = article
    out = correct(client, aid, kind="add", value={"name": "Deir al-Balah", "role": "destination"},
                  who="B")
    added = next(p for p in out["places"] if p["ref"].startswith("add:"))
    assert added["name"] == "Deir el-Balah" and added["roles"] == ["destination"]
    assert ("Deir el-Balah", "destination") in zones_of(client, aid)
    # the added place can be corrected in turn
    correct(client, aid, kind="role", target=added["ref"], value={"role": "affected"})
    assert ("Deir el-Balah", "affected") in zones_of(client, aid)
    for body, fragment in (({"kind": "add", "value": {"name": "Qwxzyvillage"}}, "no place"),
                           ({"kind": "add", "value": {"name": ""}}, "name"),
                           ({"kind": "add", "value": {"name": "Rafah", "role": "x"}}, "role"),
                           ({"kind": "role", "target": "0:1", "value": {"role": "x"}}, "role"),
                           ({"kind": "role", "target": "9999:10000",
                             "value": {"role": "none"}}, "no place"),
                           ({"kind": "rename", "value": {}}, "kind")):
        r = client.post(f"/articles/{aid}/corrections", json=body)
        assert r.status_code in (404, 422) and fragment in r.json()["error"], (body, r.text)


def test_every_export_and_the_map_use_the_corrections(client, article, tmp_path):
    import geopandas as gpd
    import openpyxl

    aid, _ = article
    view = client.get(f"/articles/{aid}").json()
    correct(client, aid, kind="role", target=ref_of(view, "Rafah"), value={"role": "affected"})
    params = {"article": aid}
    gpkg = tmp_path / "z.gpkg"
    gpkg.write_bytes(client.get("/export.gpkg", params=params).content)
    table = gpd.read_file(gpkg, layer="zones")
    assert set(table.loc[table.name == "Rafah", "role"]) == {"affected"}
    assert table.crs.to_epsg() == 4326 and set(table.article_id) == {aid}
    csv = client.get("/export.csv", params=params).text
    assert "Rafah" in csv and ",destination," not in csv
    geo = client.get("/export.geojson", params=params).json()
    assert {f["properties"]["role"] for f in geo["features"]} == {"affected"}
    book = openpyxl.load_workbook(io.BytesIO(client.get("/export.xlsx", params=params).content))
    rows = list(book["zones"].values)
    role = rows[0].index("role")
    assert {r[role] for r in rows[1:]} == {"affected"}
    page = client.get("/map", params=params).text
    assert "Affected areas (ordered to leave)" in page and "Rafah" in page
    assert "Destinations (told to go)" not in page   # Rafah was the only destination


def test_an_empty_selection_still_exports(client):
    for fmt in ("gpkg", "csv", "geojson", "xlsx"):
        r = client.get(f"/export.{fmt}", params={"since": "1990-01-01", "until": "1990-01-02"})
        assert r.status_code == 200, (fmt, r.text[:300])
    assert client.get("/map", params={"until": "1990-01-02"}).status_code == 200


def test_corrections_become_evaluation_data(client, article, tmp_path):
    """The annotated export is read by `geonews evaluate`: the corrected extraction scores
    perfectly against it, the machine's does not (it still has Rafah as a destination)."""
    import json

    from geonews.evaluation import evaluate, load_articles

    aid, text = article
    view = client.get(f"/articles/{aid}").json()
    correct(client, aid, kind="role", target=ref_of(view, "Rafah"), value={"role": "affected"},
            who="Analyst A")
    ann = client.get(f"/articles/{aid}/annotated.json").json()
    assert ann["text"] == text and ann["id"] == aid
    assert set(ann["gold"]["affected"]) == {"Abasan al-Kabira", "Bani Suheila", "Rafah"}
    assert ann["gold"]["destinations"] == [] and ann["gold"]["has_directive"] is True
    assert "Analyst A" in ann["notes"]
    assert all(t["surface"] in text for t in ann["gold"]["toponyms"])
    (tmp_path / f"{aid}.json").write_text(json.dumps(ann), encoding="utf-8")
    articles = load_articles(tmp_path)
    corrected = client.get(f"/articles/{aid}").json()["corrected"]
    machine = view["machine"]
    good = evaluate(articles, lambda t, d: corrected)
    bad = evaluate(articles, lambda t, d: machine)
    assert good.affected.f1 == 1.0 and good.toponyms.f1 == 1.0
    assert bad.affected.f1 < 1.0 and bad.destinations.f1 < 1.0
    listed = client.get("/annotated.json", params={"corrected_only": "true"}).json()
    assert aid in {a["id"] for a in listed}
