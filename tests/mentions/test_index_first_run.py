"""A first run scans without the automata (geonews.mentions.index._Lookup): it must find
exactly what they find — the same tuples in the same order (by end, the longest first),
for the names, the not-place terms, the Arabic clitic forms and the variant skeletons,
with the shipped gazetteer and with an imported region beside it."""

from __future__ import annotations

import json

import pytest

from geonews.mentions import index as mi
from geonews.mentions.finder import MentionFinder, tokenize
from geonews.paths import shipped_gazetteer
from geonews.places.gazetteer import Gazetteer
from tests.conftest import SHARED


def _articles() -> list[str]:
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    texts = [p.read_text(encoding="utf-8") for p in sorted((root / "seeds").glob("*.txt"))]
    for folder in ("dev", "dev2"):
        for p in sorted((SHARED / "eval" / folder).glob("*.json")):
            texts.append(json.loads(p.read_text(encoding="utf-8"))["text"])
    return texts


# Overlaps ("gaza city" over "gaza"), an organisation swallowing a place, Arabic clitics
# (و and, ب in, لل to the, ولل and to the), words at either end without a space, double spaces, runs
# that begin a long key and break off, names written together.
EDGE_TEXTS = [
    " gaza city and gaza strip and north gaza ",
    " the israel defense forces struck khan younis ",
    " وغزة بغزة ولغزة للمواصي وللنصيرات والنصيرات المواصي ",
    "gaza ",
    " gaza",
    " gaza  city  rafah ",
    " ",
    "",
    " khan ",
    " khan younis khan younis camp tal as sultan ",
    " ben sen she qu bu lu ke lin xiao xiang gang guang dong di yi ",
    " ben sen she qu bu lu ke lin xiao xiang gang guang dong di ",
]


def _streams(texts):
    """The two token streams the finder hands the index, of each text."""
    out = []
    for text in texts:
        exact, skeleton = MentionFinder._streams(tokenize(text))
        out.append((exact.text, skeleton.text))
    return out


@pytest.fixture(scope="module")
def shipped():
    gazetteer = Gazetteer(include_user=False)
    return mi._Lookup.of(gazetteer), mi.MentionIndex.build(gazetteer)


def _assert_same(lookup, index, pairs):
    hits = 0
    for exact, skeleton in pairs:
        assert lookup.scan(exact) == index.scan(exact), exact[:80]
        assert lookup.scan_variants(skeleton) == index.scan_variants(skeleton), skeleton[:80]
        hits += len(lookup.scan(exact))
    return hits


def test_the_first_run_finds_what_the_automata_find_in_real_articles(shipped):
    lookup, index = shipped
    pairs = _streams(_articles())
    assert _assert_same(lookup, index, pairs) > 1000


def test_and_at_the_edges(shipped):
    lookup, index = shipped
    pairs = [(t, t) for t in EDGE_TEXTS] + _streams(EDGE_TEXTS)
    _assert_same(lookup, index, pairs)
    text = " israel defense forces struck khan younis "
    found = [(e, mi.unpack(v)) for e, v in lookup.scan(text)]
    assert [(text[e - length + 2:e], flag) for e, (flag, _, length) in found] == [
        ("israel", 0), ("israel defense forces", mi.NOT_PLACE), ("khan", 0),
        ("khan younis", 0)]
    arabic, _ = _streams([EDGE_TEXTS[2]])[0]
    assert {mi.unpack(v)[1] for _, v in lookup.scan(arabic)} == {0, 1, 2, 3}


def test_and_on_every_key_written_in_a_row(shipped):
    """Every shipped key once, as one text: all of them, and each one's overlaps."""
    lookup, index = shipped
    keys = sorted(mi.read_shipped_names(shipped_gazetteer()))
    for i in range(0, len(keys), 20_000):
        text = " " + " ".join(keys[i:i + 20_000]) + " "
        assert lookup.scan(text) == index.scan(text)


def test_with_an_imported_region_beside_the_shipped_gazetteer(tmp_path, monkeypatch):
    from geonews.places.importers import import_geonames
    from tests.places.test_importers import write_dump

    monkeypatch.setenv("GEONEWS_HOME", str(tmp_path / "home"))
    import_geonames(write_dump(tmp_path / "LB.txt"), region="south-lebanon")
    gazetteer = Gazetteer()
    assert len(gazetteer.sources) == 2
    lookup, index = mi._Lookup.of(gazetteer), mi.MentionIndex.build(gazetteer)
    texts = ["Residents of Kfarjoz, Zefta and Houmine al-Tahta fled north of the Litani River "
             "towards Nabatieh and Tyre.", "غادر سكان كفرجوز وزفتا وبكفرجوز إلى صور",
             *EDGE_TEXTS]
    pairs = _streams(texts)
    assert _assert_same(lookup, index, pairs) >= 5
    assert lookup.scan(pairs[0][0])
