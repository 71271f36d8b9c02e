"""Sentence boundaries: the same as the plain pattern gives, without its backtracking."""

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from geonews.text.document import Document, Section
from geonews.text.sentences import _END, split_sentences

# The pattern as first written: clear, but it backtracks through every prefix of a run of
# marks that no space follows, from every mark of the run (quadratic in the run's length).
PLAIN_END = re.compile(r"[.!?؟。]+[\"'”’)\]]*(?=\s|$)|\n\s*\n|\n(?!\s*[a-z])")


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=".!?؟。\"'”’)] \n\tabA", max_size=30))
def test_sentence_ends_are_those_of_the_plain_pattern(text):
    assert [m.span() for m in _END.finditer(text)] == [m.span() for m in PLAIN_END.finditer(text)]


def _sentences(text: str) -> list[str]:
    doc = Document(text, sections=[Section(0, len(text), "body")])
    return [text[s.start:s.end] for s in split_sentences(doc)]


def test_runs_of_marks_end_one_sentence():
    assert _sentences("Leave now?! Go south... Shelters are full.") == [
        "Leave now?!", "Go south...", "Shelters are full."]


def test_a_run_of_marks_glued_to_a_word_ends_nothing():
    assert _sentences("Wait...what. Next.") == ["Wait...what.", "Next."]


@settings(max_examples=1000, deadline=None)
@given(st.text(alphabet="mrsunoc.A É_ 1-\n", max_size=14))  # "mr", "u.s", "no", "co"…
def test_abbreviations_and_initials_are_what_the_end_anchored_searches_find(text):
    from geonews.text.sentences import _ABBREV, _INITIAL, _LAST_WORD, _abbreviation, _initial

    before = text + "."
    word = _LAST_WORD.search(before)
    assert _abbreviation(before) == bool(word and word.group(1).lower() in _ABBREV)
    assert _initial(before) == bool(_INITIAL.search(before))



@settings(max_examples=1000, deadline=None)
@given(st.text(alphabet=" \t\n\u00a0\u2003\u200bxé.\u3000\x1c", max_size=20),
       st.integers(0, 20), st.integers(0, 20))
def test_a_piece_is_bounded_where_strip_would_cut_it(chunk, start, end):
    from geonews.text.sentences import _TEXT

    start, end = min(start, len(chunk)), min(max(start, end), len(chunk))
    piece = chunk[start:end]
    found = _TEXT.search(chunk, start, end)
    if not piece.strip():
        assert found is None
    else:
        assert found.span() == (start + len(piece) - len(piece.lstrip()),
                                end - (len(piece) - len(piece.rstrip())))
