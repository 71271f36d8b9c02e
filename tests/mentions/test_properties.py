"""Any text at all: the extractor never fails, and every offset slices to its mention."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import geonews

NAMES = ["Khan Younis", "خان يونس", "Rafah", "al-Mawasi", "Bani Suhaila", "blocks 64 and 112",
         "Gaza's", "residents of", "told to leave", "to", "إخلاء", "إلى", "\n", ", ", ". "]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text())
def test_any_unicode_text(text):
    ex = geonews.extract(text)
    for m in ex.mentions:
        assert text[m.start:m.end] == m.text
    for d in ex.directives:
        assert 0 <= d.start < d.end <= len(text)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(st.sampled_from(NAMES), st.text(max_size=8)), max_size=30))
def test_news_like_fragments(parts):
    text = " ".join(parts)
    ex = geonews.extract(text)
    for m in ex.mentions:
        assert text[m.start:m.end] == m.text
    for d in ex.directives:
        for ref in d.affected + d.destinations + d.exemptions:
            assert text[ref.mention.start:ref.mention.end] == ref.mention.text
        assert all(isinstance(b, int) and b > 0 for b in d.blocks)
