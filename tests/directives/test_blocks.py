"""Block numbers: every way news writes them, and the numbers that are not blocks."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geonews.directives import blocks
from geonews.directives.blocks import find_blocks
from geonews.places.gazetteer import Gazetteer

exists = lambda n: Gazetteer.default().block(n) is not None  # noqa: E731


@pytest.mark.parametrize("text,numbers", [
    ("Residents of blocks 64 and 112 must leave.", [64, 112]),
    ("Block 5 is to be evacuated.", [5]),
    ("Residents of areas 47, 48 and 53 in Gaza City must evacuate.", [47, 48, 53]),
    ("blocks 1–5 and 9", [1, 2, 3, 4, 5, 9]),
    ("blocks 1 to 3", [1, 2, 3]),
    ("block numbers 129, 130", [129, 130]),
    ("البلوكات 36، 54-38", [36, *range(38, 55)]),
    ("بلوك رقم ٦٤", [64]),
])
def test_block_numbers(text, numbers):
    found = [n for b in find_blocks(text, exists) for n in b.numbers]
    assert found == numbers


@pytest.mark.parametrize("text", [
    "Call the emergency number 112 now.",
    "a six-block area near the port",
    "zones A, B and C were emptied",
    "at 10:30 on 12 October",
    "Hillsborough has 400 shelters in 60 areas",
])
def test_numbers_that_are_not_blocks(text):
    assert find_blocks(text, exists) == []


def test_numbers_not_in_the_grid_are_dropped():
    assert find_blocks("blocks 64 and 99999", exists)[0].numbers == (64,)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["البلوكات", "والبلوك", "مربعات", "المناطق", "رقم", ":", "،",
                                 "64", "٣٦", "-", "و", "blocks", "area", "zone", "“", " "]),
                max_size=12))
def test_the_arabic_pattern_is_skipped_only_where_none_of_its_words_occur(parts):
    text = " ".join(parts).translate(blocks._ARABIC_DIGITS)
    if blocks._ARABIC.search(text):
        assert any(w in text for w in blocks._ARABIC_WORDS)


def test_arabic_and_english_blocks_in_one_sentence_with_curly_quotes():
    found = find_blocks("“Blocks 64 and 112” — البلوكات ٣٦", exists)
    assert [b.numbers for b in found] == [(64, 112), (36,)]
