"""KeywordPattern: the same matches as the regular expression, found faster."""

import re

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


STATE_WORDS = ["Ga.", "Gaza", "Ga", "Pa.", "Palestinian", "N.C.", "N.Y.", "W.Va.", "B.C.", "R.I.",
               "S.D.", "Calif.", "Paradise,", "Man.", "Manitoba", "Mo.", "Mosque", ".", "x", "3"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(STATE_WORDS), max_size=30),
       st.lists(st.sampled_from([" ", ", ", "\n", "", "."]), min_size=1, max_size=30))
def test_state_abbreviations_are_found_as_the_regex_finds_them(words, gaps):
    text = "".join(w + gaps[i % len(gaps)] for i, w in enumerate(words))
    rx = finder._STATE_ABBREVIATION
    assert spans(rx.finditer(text)) == spans(rx.regex.finditer(text))
