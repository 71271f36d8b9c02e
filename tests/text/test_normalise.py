"""Unicode spaces and invisible characters: normalised, with every offset kept."""

import re
import sys
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from geonews.text.normalise import INVISIBLE, LINE_BREAKS, SPACES, normalise


def _in_class(chars: str) -> set[str]:
    rx = re.compile(f"[{chars}]")
    return {ch for ch in map(chr, range(sys.maxunicode + 1)) if rx.fullmatch(ch)}


def _of_category(*categories: str) -> set[str]:
    return {ch for ch in map(chr, range(sys.maxunicode + 1))
            if unicodedata.category(ch) in categories}


def test_the_character_classes_are_those_of_the_unicode_database():
    assert _in_class(SPACES) == _of_category("Zs") - {" "}
    assert _in_class(LINE_BREAKS) == _of_category("Zl", "Zp")
    assert _in_class(INVISIBLE) == _of_category("Cf")


def _reference(text: str) -> str:
    """Character by character, what normalising means."""
    out = []
    for ch in text:
        category = unicodedata.category(ch)
        if category == "Cf":
            continue
        out.append(" " if category == "Zs" else "\n" if category in ("Zl", "Zp") else ch)
    return "".join(out)


ODD = "\u00a0\u2009\u202f\u3000\u2028\u200b\u200c\u200d\u00ad\ufeff\u2060\u200e\u0600"


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=st.one_of(st.sampled_from(ODD), st.characters()), max_size=40))
def test_normalising_is_the_character_by_character_rule_and_keeps_every_offset(text):
    n = normalise(text)
    assert n.text == _reference(text)
    for i, ch in enumerate(n.text):
        assert _reference(text[n.original_offset(i)]) == ch
    for start in range(len(n.text) + 1):
        for end in range(start, len(n.text) + 1):
            s, e = n.original_span(start, end)
            assert _reference(text[s:e]) == n.text[start:end]
            if e > s:  # no invisible character at either edge of a span
                assert unicodedata.category(text[s]) != "Cf"
                assert unicodedata.category(text[e - 1]) != "Cf"


def test_plain_ascii_is_left_as_it_is_without_a_copy():
    text = "Residents of Rafah were told to leave."
    n = normalise(text)
    assert n.text is text and n.removed == ()


def test_the_last_text_lowered_is_lowered_once():
    from geonews.text.normalise import lower_keeping_offsets

    text = "Residents of Gaza’s North İdlib"
    first = lower_keeping_offsets(text)
    assert first == "residents of gaza’s north İdlib"
    assert lower_keeping_offsets(text) is first  # remembered, not lowered again
    other = "Rafah’s " + "Camp"
    assert lower_keeping_offsets(other) == "rafah’s camp"
    assert lower_keeping_offsets(text) == first  # another text in between: lowered anew
