"""Page furniture is told apart from the article."""

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
