"""Property-based fuzzing of each stage's entry points: any input gives a result or a
:class:`~geonews.errors.GeonewsError`, never another exception."""

import math
import warnings

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geonews.batch.corpus import Article, BadArticle, _article_from_line, article_key
from geonews.batch.results import ResultLog, result_line
from geonews.errors import GeonewsError, InputError
from geonews.places.matcher import Matcher
from geonews.places.names import cross_key, keys
from geonews.text.decode import decode_bytes
from geonews.text.readers import read_documents

SLOW = settings(max_examples=120, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
MATCHER = Matcher()
SPELLINGS = ["Khan Younis", "خان يونس", "Rafah", "Bani Suhaila", "Ma'an", "Gaza", "Tyre", "",
             "ALLCAPS", "O'Neil", "x" * 300, "\u200f", "🙂", "Jabalia camp", "block 64"]


@given(st.text())
def test_name_keys_of_any_text(text):
    assert all(isinstance(k, str) for k in keys(text))
    assert isinstance(cross_key(text), str)


@SLOW
@given(st.lists(st.one_of(st.sampled_from(SPELLINGS), st.text(max_size=30)), max_size=12),
       st.sampled_from([None, "PS", "LB,PS", "Egypt"]))
def test_the_matcher_resolves_any_names(names, country):
    for r in MATCHER.resolve(names, country=country):
        assert 0.0 <= r.confidence <= 1.0
        if r.place is not None:
            assert -90 <= r.place.lat <= 90 and -180 <= r.place.lon <= 180
            assert not (country == "PS" and r.place.country not in (None, "PS"))


@given(st.binary(max_size=3000))
def test_decoding_any_bytes_gives_text_or_a_clear_error(data):
    try:
        assert isinstance(decode_bytes(data), str)
    except InputError as exc:
        assert str(exc)


@SLOW
@given(st.sampled_from([".txt", ".html", ".json", ".jsonl", ".md", ""]),
       st.one_of(st.binary(max_size=2000),
                 st.text(max_size=1500).map(lambda t: t.encode("utf-8", "surrogatepass")),
                 st.recursive(st.none() | st.booleans() | st.floats() | st.text(max_size=40),
                              lambda c: st.lists(c, max_size=4) |
                              st.dictionaries(st.sampled_from(["id", "text", "title", "date",
                                                               "url", "x"]), c, max_size=5),
                              max_leaves=20).map(lambda v: __import__("json").dumps(v).encode())))
def test_every_reader_gives_documents_or_a_clear_error(tmp_path_factory, suffix, data):
    path = tmp_path_factory.mktemp("r") / f"input{suffix}"
    path.write_bytes(data)
    try:
        docs = read_documents(path)
    except GeonewsError as exc:
        assert str(exc).startswith(str(path))
        return
    for d in docs:
        assert isinstance(d.text, str)
        for s in d.sections:
            assert 0 <= s.start <= s.end <= len(d.text)


@given(st.binary(max_size=500) | st.text(max_size=300).map(str.encode))
def test_a_corpus_line_is_an_article_or_a_bad_article_with_a_reason(line):
    item = _article_from_line(line, "c.jsonl:1", "c.jsonl")
    assert isinstance(item, (Article, BadArticle))
    if isinstance(item, BadArticle):
        assert item.reason
    else:
        assert item.text.strip() and item.id


@SLOW
@given(st.lists(st.text(min_size=1, max_size=20), min_size=1, max_size=20, unique=True),
       st.data())
def test_a_result_log_cut_anywhere_reopens_with_exactly_the_whole_lines(tmp_path_factory, ids,
                                                                        data):
    path = tmp_path_factory.mktemp("log") / "r.jsonl"
    lines = [result_line(i, {"n": n, "s": "é" * n}) for n, i in enumerate(ids)]
    blob = b"".join(lines)
    cut = data.draw(st.integers(0, len(blob)))
    path.write_bytes(blob[:cut])
    complete = [i for i, end in zip(ids, _ends(lines)) if end <= cut]
    log = ResultLog(path)
    found = log.open()
    log.close()
    assert len(found) == len(complete)
    assert all(article_key(i) in found for i in complete)
    assert path.read_bytes() == b"".join(lines[:len(complete)])


def _ends(lines):
    total = 0
    for line in lines:
        total += len(line)
        yield total


coordinate = st.one_of(st.floats(allow_nan=True, allow_infinity=True),
                       st.floats(-200, 200), st.floats(30, 36))


@SLOW
@given(st.lists(st.tuples(coordinate, coordinate), min_size=3, max_size=8))
def test_any_polygon_coordinates_give_a_zone_or_a_clear_error(points):
    import geopandas as gpd
    from shapely.geometry import Polygon

    from geonews.zones.layers import normalise_layer

    import shapely

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)  # shapely on NaN coordinates
            poly = Polygon(points)
    except (ValueError, TypeError, shapely.errors.GEOSException):
        return  # not a polygon at all: nothing for a layer reader to see
    frame = gpd.GeoDataFrame({"name": ["z"]}, geometry=[poly], crs="EPSG:4326")
    try:
        table, report = normalise_layer(frame, source="fuzz.geojson")
    except InputError as exc:
        assert "fuzz.geojson" in str(exc)
        return
    for g in table.geometry:
        assert g.is_valid
        assert all(math.isfinite(v) for v in shapely.get_coordinates(g).ravel())
