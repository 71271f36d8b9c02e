"""KeywordPattern: the same matches as the regular expression, found faster."""

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geonews.mentions import finder
from geonews.text.patterns import KeywordPattern

SLOT_PATTERNS = [finder._SLOT, finder._SLOT_BEFORE_CAPITAL, finder._WEAK_SLOT]
WORDS = ["residents", "of", "the", "village", "villages", "town", "townspeople", "cities",
         "city", "in", "from", "including", "such", "as", "namely", "left", "fled", "areas",
         "neighbourhood", "neighborhoods", ":", ",", "x", "camp", "counties", "the\t", "the\n"]


def spans(matches):
    return [m.span() for m in matches]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=40),
       st.lists(st.sampled_from([" ", "  ", "\n", ", ", "-", ""]), min_size=1, max_size=40))
def test_slot_patterns_find_exactly_what_the_regex_finds(words, gaps):
    text = "".join(w + gaps[i % len(gaps)] for i, w in enumerate(words))
    for rx in SLOT_PATTERNS:
        assert spans(rx.finditer(text)) == spans(rx.regex.finditer(text)), rx.pattern


def test_matches_inside_an_earlier_match_are_skipped_like_finditer():
    rx = KeywordPattern(r"\bab(?:cab)?", ["ab", "cab"])
    text = "abcab cab ab"
    assert spans(rx.finditer(text)) == spans(re.finditer(r"\bab(?:cab)?", text))


def test_a_keyword_inside_a_word_is_no_match_when_the_pattern_wants_a_boundary():
    rx = KeywordPattern(r"\bpeople\s+of", ["people"])
    assert [m.group() for m in rx.finditer("townspeople of x; people of y")] == ["people of"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["ab", "abab", "b", "ba", " ", "c"]), max_size=20))
def test_starts_are_where_each_keyword_begins_overlaps_included(parts):
    text = "".join(parts)
    rx = KeywordPattern(r"ab|bab|b\b", ["ab", "bab", "b"])
    expected = sorted({i for w in rx.keywords for i in range(len(text))
                       if text.startswith(w, i)})
    assert rx.starts(text) == expected


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=40))
def test_the_first_match_from_the_starts_is_what_a_search_finds(words):
    text = " ".join(words)
    for rx in SLOT_PATTERNS:
        first = rx.first_from(text, rx.starts(text))
        found = rx.regex.search(text)
        assert (first and first.span()) == (found and found.span()), rx.pattern


@pytest.mark.parametrize("words", [["ab"], ["ab", "bab", "b"], ["ab", "bab", "b", "aba", "c"]])
@settings(max_examples=200, deadline=None)
@given(parts=st.lists(st.sampled_from(["ab", "abab", "b", "ba", " ", "c", "aba"]), max_size=20))
def test_few_keywords_by_str_find_or_many_by_the_automaton_start_where_each_begins(words, parts):
    text = "".join(parts)
    expected = sorted({i for w in words for i in range(len(text)) if text.startswith(w, i)})
    assert KeywordPattern(r"x", words).starts(text) == expected


STATE_WORDS = ["Ga.", "Gaza", "Ga", "Pa.", "Palestinian", "N.C.", "N.Y.", "W.Va.", "B.C.", "R.I.",
               "S.D.", "Calif.", "Paradise,", "Man.", "Manitoba", "Mo.", "Mosque", ".", "x", "3"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(STATE_WORDS), max_size=30),
       st.lists(st.sampled_from([" ", ", ", "\n", "", "."]), min_size=1, max_size=30))
def test_state_abbreviations_are_found_as_the_regex_finds_them(words, gaps):
    text = "".join(w + gaps[i % len(gaps)] for i, w in enumerate(words))
    rx = finder._STATE_ABBREVIATION
    assert spans(rx.finditer(text)) == spans(rx.regex.finditer(text))
