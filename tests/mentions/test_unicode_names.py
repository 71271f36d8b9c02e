"""Names written with Unicode spaces or invisible characters are the same names.

No-break and thin spaces, zero-width spaces, soft hyphens and joiners print as a
space or as nothing; a name written with them is found as the name it shows, and
its mention's offsets slice the text as it was given.
"""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import geonews
from geonews.text.normalise import normalise

SPACES = ["\u00a0", "\u2009", "\u202f", "\u2002", "\u3000"]
INVISIBLE = ["\u200b", "\u00ad", "\u200c", "\u200d", "\u2060", "\ufeff", "\u200e"]


def _places(text: str) -> list[tuple[str, str | None, str | None]]:
    return [(m.text, m.place.name if m.place else None, m.place.country if m.place else None)
            for m in geonews.extract(text).mentions]


@pytest.mark.parametrize("written", ["Khan\u00a0Younis", "Khan\u2009Younis", "Kha\u200bn Younis",
                                     "Khan\u200b Younis", "Khan \u2060Younis"])
def test_khan_younis_with_an_odd_space_or_invisible_character_is_khan_younis(written):
    assert _places(f"Shelling hit {written} on Monday.") == [(written, "Khan Yunis", "PS")]


@pytest.mark.parametrize("invisible", ["\u00ad", "\u200d", "\u200c", "\u200b"])
def test_an_invisible_character_inside_a_name_keeps_the_name(invisible):
    assert _places(f"Shelling hit Ra{invisible}fah on Monday.") == [
        (f"Ra{invisible}fah", "Rafah", "PS")]


def test_a_destination_written_with_a_no_break_space_is_the_right_place():
    ex = geonews.extract("Residents of Bani Suhaila were told to leave for Khan\u00a0Younis.")
    (order,) = ex.directives
    assert [(p.mention.place.name, p.mention.place.country) for p in order.destinations] == [
        ("Khan Yunis", "PS")]


def test_invisible_characters_around_a_name_are_not_part_of_its_mention():
    text = "Shelling hit \u200bRafah\u00ad on Monday."
    (m,) = geonews.extract(text).mentions
    assert (m.text, m.start, m.end) == ("Rafah", 14, 19)


WORDS = ["Khan Younis", "Rafah", "Deir al-Balah", "Bani Suhaila", "al-Mawasi", "Gaza City",
         "residents of", "were told to leave for", "the army said", "and", "on Monday", ",", "."]


@st.composite
def disguised(draw):
    """A clean text, and the same text with odd spaces and invisible characters."""
    clean = " ".join(draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=12)))
    out = []
    for ch in clean:
        if draw(st.integers(0, 5)) == 0:
            out.append(draw(st.sampled_from(INVISIBLE)))
        out.append(draw(st.sampled_from(SPACES)) if ch == " " and draw(st.booleans()) else ch)
    return clean, "".join(out)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(disguised())
def test_a_disguised_text_has_the_mentions_of_the_clean_one_at_its_own_offsets(pair):
    clean, text = pair
    assert normalise(text).text == clean  # the disguise is only spaces and invisibles
    found, expected = geonews.extract(text).mentions, geonews.extract(clean).mentions
    for m in found:
        assert text[m.start:m.end] == m.text  # offsets into the text as given
    assert [(normalise(m.text).text, m.place and m.place.id) for m in found] == [
        (m.text, m.place and m.place.id) for m in expected]
