"""The Python API says what it takes: a wrong type is a TypeError naming what is accepted,
never a nonsense answer or an error from deep inside."""

import datetime
import math

import pytest

import geonews
from geonews.places.matcher import Matcher
from geonews.text.readers import make_document


@pytest.mark.parametrize("names, wrong", [
    ([None], "item 0 is None"),
    ([2.5], "item 0 is float"),
    (["Rafah", math.nan], "item 1 is float (NaN)"),
    ([b"Rafah"], "item 0 is bytes"),
    (b"Rafah", "not bytes"),
    (5, "not int"),
])
def test_geocode_refuses_what_is_not_a_name(names, wrong):
    with pytest.raises(TypeError, match=r"geocode\(\) takes a name \(str\) or an iterable") as err:
        geonews.geocode(names)
    assert wrong in str(err.value)


def test_geocode_says_how_to_mend_bytes_and_missing_values():
    with pytest.raises(TypeError, match="decode"):
        geonews.geocode(b"Rafah")
    with pytest.raises(TypeError, match="dropna"):
        geonews.geocode(["Rafah", None])


def test_geocode_takes_one_name_a_list_or_a_series_of_strings():
    import pandas as pd

    assert geonews.geocode("Rafah")["name"].tolist() == ["Rafah"]
    assert geonews.geocode(pd.Series(["Rafah", "Khan Younis"]))["name"].tolist() == [
        "Rafah", "Khan Yunis"]
    assert geonews.geocode(n for n in ["Rafah"])["name"].tolist() == ["Rafah"]


@pytest.mark.parametrize("text", [b"Residents of Rafah were told to leave.", None, 42,
                                  ["Residents of Rafah were told to leave."]])
def test_extract_takes_text_or_a_document(text):
    wrong = "None" if text is None else type(text).__name__
    with pytest.raises(TypeError, match=r"extract\(\) takes the article text as str, or a "
                                        r"Document, not " + wrong):
        geonews.extract(text)


def test_extract_checks_its_metadata():
    with pytest.raises(TypeError, match=r"extract\(\) takes date as str, datetime.date or None"):
        geonews.extract("Leave Rafah.", date=20240303)
    with pytest.raises(TypeError, match=r"extract\(\) takes title as str or None, not bytes"):
        geonews.extract("Leave Rafah.", title=b"Orders")
    assert geonews.extract("Leave Rafah.", date=datetime.date(2024, 3, 3)).document.date == \
        "2024-03-03"


def test_the_extractor_and_reader_check_their_text_too():
    with pytest.raises(TypeError, match=r"Extractor.extract\(\) takes text as str, not bytes"):
        geonews.Extractor().extract(b"Leave Rafah.")
    with pytest.raises(TypeError, match=r"Extractor.extract\(\) got unexpected keyword"):
        geonews.Extractor().extract("Leave Rafah.", author="me")
    with pytest.raises(TypeError, match=r"extract_document\(\) takes a geonews Document"):
        geonews.Extractor().extract_document("Leave Rafah.")
    with pytest.raises(TypeError, match=r"make_document\(\) takes text as str, not bytes"):
        make_document(b"Leave Rafah.")


def test_the_matcher_is_given_names_not_letters():
    with pytest.raises(TypeError, match=r"for one name use Matcher.resolve_one\(\)"):
        Matcher().resolve("Rafah")
    with pytest.raises(TypeError, match=r"Matcher.resolve_one\(\) takes a name as str, not None"):
        Matcher().resolve_one(None)
