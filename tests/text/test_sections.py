"""Page furniture is told apart from the article."""

from hypothesis import given, settings
from hypothesis import strategies as st

from geonews.text.readers import make_document
from geonews.text.sections import find_sections
from geonews.text.sentences import split_sentences

PAGE = """Orders for eastern Khan Younis

Read more: Truce talks stall in Doha

The army told residents of Bani Suhaila to leave.
Families walk past a school in Rafah
Families walk past a school in Rafah. Picture: Getty

Listen to this article

They were told to go to shelters in Rafah.

More Latest News

Storm floods Bournemouth seafront
Madrid transport strike ends
"""


def kinds(text):
    """(kind, line) for every non-blank line of the text."""
    return [(s.kind, line.strip()) for s in find_sections(text)
            for line in text[s.start:s.end].splitlines() if line.strip()]


def test_captions_links_and_headline_lists_are_boilerplate():
    sections = kinds(PAGE)
    assert ("boilerplate", "Read more: Truce talks stall in Doha") in sections
    assert ("boilerplate", "Families walk past a school in Rafah") in sections
    assert ("boilerplate", "Listen to this article") in sections
    assert ("boilerplate", "More Latest News") in sections
    assert ("body", "The army told residents of Bani Suhaila to leave.") in sections
    assert ("body", "They were told to go to shelters in Rafah.") in sections


def test_sections_cover_the_text_in_order():
    sections = find_sections(PAGE)
    assert sections[0].start == 0 and sections[-1].end == len(PAGE)
    assert all(a.end == b.start for a, b in zip(sections, sections[1:]))


def test_sentences_split_on_lines_punctuation_and_not_on_abbreviations():
    doc = make_document("BEIRUT\nMr. Adraee said the U.S. envoy left. Residents of Tyre "
                        "must leave\nnow, he said! Another one.")
    got = [doc.text[s.start:s.end] for s in split_sentences(doc)]
    assert got == ["BEIRUT", "Mr. Adraee said the U.S. envoy left.",
                   "Residents of Tyre must leave\nnow, he said!", "Another one."]


# The quick test before the credit pattern may let a line through that the pattern then
# refuses, never the other way round: built from the pattern's own pieces, with Unicode
# spaces and case, lines that are credits must all pass it.
_PIECES = ["Picture", "PHOTO", "Photograph", "image", "Credit", "Photo credit", "ſource",
           "Getty Images", "AFP via Getty Images", "Reuters", "AP Photo", "Alamy", "EPA",
           "Shutterstock", ":", " : ", "(", ")", "/", "/ Staff", ".", ". ", " ", "\u00a0",
           "\u2003", "\t", "Rafah", "x", "é", "_", "5", "”", "Families walk past a school"]


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), min_size=1, max_size=8))
def test_every_credit_line_passes_the_quick_test(pieces):
    from geonews.text.sections import _CREDIT, _may_be_credit

    line = "".join(pieces).strip()
    if _CREDIT.search(line):
        assert _may_be_credit(line), line
