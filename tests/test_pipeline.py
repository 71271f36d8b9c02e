"""The whole pipeline on the seed article, and the JSON contract other tools rely on."""

import json
from importlib.resources import files
from pathlib import Path

import jsonschema
import pytest

import geonews
from geonews.text.readers import read_documents

REPO = Path(__file__).resolve().parents[1]
SEED = next((REPO / "seeds").glob("*.txt"))
SCHEMA = json.loads(files("geonews").joinpath("schemas/extraction.schema.json").read_text())


@pytest.fixture(scope="module")
def seed():
    (doc,) = read_documents(SEED)
    return geonews.extract(doc)


def test_the_seed_article_affected_places_and_destination(seed):
    affected = {r.mention.place.name for d in seed.directives for r in d.affected}
    destinations = {r.mention.place.name for d in seed.directives for r in d.destinations}
    assert affected == {"Khan Yunis", "al-Qarara", "Khuza'a", "Abasan al-Kabira", "Bani Suheila",
                        "Ma'an"}
    assert destinations == {"Rafah"}
    assert all(r.mention.place.country == "PS" for d in seed.directives
               for r in d.affected + d.destinations)


def test_nothing_from_the_seed_headline_list_is_a_directive_or_body(seed):
    boilerplate = {m.text for m in seed.mentions if m.section == "boilerplate"}
    assert {"Bournemouth", "London", "Madrid"} & boilerplate >= {"Bournemouth", "London"}
    body = {m.text for m in seed.mentions if m.section == "body"}
    assert not body & {"Bournemouth", "London", "Madrid", "Yellowstone", "Washington"}
    sentences = " ".join(d.sentence for d in seed.directives)
    assert "Bournemouth" not in sentences and "Picture" not in sentences


def test_the_seed_metadata(seed):
    assert seed.document.date == "2023-12-02"
    assert seed.document.title.startswith("Talks to restart Israel-Hamas truce")


def test_every_feature_is_traceable_to_its_sentence(seed):
    text = seed.document.text
    for d in seed.directives:
        assert text[d.start:d.end] in d.sentence or d.sentence.startswith(text[d.start:d.start
                                                                                 + 20])
        for r in d.affected + d.destinations:
            assert d.start <= r.mention.start < d.end
            assert text[r.mention.start:r.mention.end] == r.mention.text


def test_output_validates_against_the_json_schema(seed):
    jsonschema.validate(seed.to_dict(), SCHEMA)
    ex = geonews.extract("Residents of blocks 64 and 112, east of Salah al-Din Road, must leave "
                         "for al-Mawasi. The order does not apply to Nasser Hospital.")
    data = ex.to_dict()
    jsonschema.validate(data, SCHEMA)
    assert data["directives"][0]["blocks"] == [64, 112]
    assert data["directives"][0]["zones"][0]["geometry"]["type"] in ("Polygon", "MultiPolygon")


def test_the_schema_rejects_a_broken_extraction(seed):
    data = seed.to_dict()
    data["mentions"][0]["start"] = -1
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, SCHEMA)


def test_to_geodataframe_has_roles_and_geometries(seed):
    gdf = seed.to_geodataframe()
    assert gdf.crs.to_epsg() == 4326
    assert set(gdf["role"]) == {"affected", "destination"}
    assert gdf.loc[gdf["role"] == "affected", "geometry"].geom_type.isin(
        ["Polygon", "MultiPolygon", "Point"]).all()
    assert "sentence" in gdf.columns and gdf["sentence"].str.len().min() > 10
    assert len(seed.to_geodataframe(include_mentions=True)) > len(gdf)
