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


WORDS = ["Gaza's", "Khuza'a", "Khān", "Yūnis", "Rafah", "rafah’s", "al-Mawasi", "ʿAbasan",
         "خان", "يونس", "Ǆemal", "İdlib", "don't", "the", "of", "Deir", "el-Balah", "l`est", "—",
         "“", "é", "x" * 61, "12", "O'Neil's"]
WORDS += "Residents of Bani Suhaila were told to leave".split() * 4  # mostly plain English


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(WORDS), max_size=25),
       st.lists(st.sampled_from([" ", ", ", "\n", "-", ". "]), min_size=1, max_size=25))
def test_folding_only_the_odd_words_gives_the_tokens_of_folding_them_all(words, gaps):
    from geonews.mentions.finder import _TOKEN, _folded, tokenize

    text = "".join(w + gaps[i % len(gaps)] for i, w in enumerate(words))
    low = text.lower()
    if len(low) != len(text):
        return  # "İ": handled apart (offsets kept by lowering letter by letter)
    every_word = [t for m in _TOKEN.finditer(low) for t in _folded(text, m.start(), m.end(),
                                                                      m.group())]
    plain_long = {(s, e) for s, e, w in tokenize(text) if e - s > 60}
    # Long plain words may be kept (they match no name); everything else is the same.
    assert [t for t in tokenize(text) if (t[0], t[1]) not in plain_long] == every_word


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab Z_9'’-é.\nخ")), max_size=40) | st.text())
def test_words_split_in_c_are_the_words_the_token_pattern_finds(text):
    from geonews.mentions.finder import _TOKEN, _words

    assert _words(text) == [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)]


# The capitalised-name pattern as first written: finder._CAP_NAME is a faster form of it.
PLAIN_CAP_NAME = (r"(?:(?:al|el|an|as|ash|az|ad|at|ar)[-\s])?[A-Z][\w'’ʿʾ]*"
                  r"(?:(?:[-\s](?:al|el|an|as|ash|az|ad|at|ar|de|la|of)[-\s]|[-\s])[A-Z][\w'’ʿʾ]*)"
                  r"{0,3}")
NAME_PIECES = ["al", "el", "an", "as", "ash", "az", "ad", "at", "ar", "a", "e", "de", "la", "of",
               "Gaza", "Khan", "Y", "S", "ash-", "al-", "el ", "-", " ", "\n", "'s", "’", "é", "x"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(NAME_PIECES), max_size=20).map("".join) | st.text(max_size=30))
def test_the_capitalised_name_pattern_finds_what_its_plain_form_finds(text):
    import re

    from geonews.mentions.finder import _CAP_NAME

    plain = re.compile(PLAIN_CAP_NAME)
    assert [m.span() for m in _CAP_NAME.finditer(text)] == \
        [m.span() for m in plain.finditer(text)]
    for pos in range(len(text)):  # matched at an offset, as the slot and list readers do
        got, want = _CAP_NAME.match(text, pos), plain.match(text, pos)
        assert (got and got.span()) == (want and want.span())


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["fleuve", "rivière", "riviere", "camp", "de", "Sud", "sud", "d",
                                 "Nord", "nord", "نهر", "مخيم", "Rivière", " ", "x", "è"]),
                max_size=8).map("".join))
def test_words_before_a_name_are_looked_for_where_the_hint_pattern_found_them(text):
    import re

    from geonews.mentions.finder import _WORD_BEFORE_HINTS

    hint = re.compile(r"fleuve|rivi[eè]re|camp de|[Ss]ud d|[Nn]ord d|نهر|مخيم")
    assert any(map(text.__contains__, _WORD_BEFORE_HINTS)) == bool(hint.search(text))


PLAIN_NAME_BEFORE = (r"(?:(?:al|el|an|ad|as|ash|at|az|ar)[-‐])?[A-Z][\w'’ʿʾ]*(?:[-‐][A-Z][\w'’ʿʾ]*)*"
                     r"(?:(?:[ \t](?:al|el|an|ad|as|ash|at|az|ar|de|du|la|bin|ibn|abu)[-‐ \t]|"
                     r"[ \t]|[-‐])[A-Z][\w'’ʿʾ]*){0,3}$")


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(NAME_PIECES + ["‐", "\t", "bin ", "du", "Street"]), max_size=16)
       .map("".join), st.data())
def test_the_name_before_a_kind_word_is_found_as_its_plain_form_finds_it(text, data):
    import re

    from geonews.mentions.finder import _NAME_BEFORE

    plain = re.compile(PLAIN_NAME_BEFORE)
    end = data.draw(st.integers(0, len(text)))
    start = data.draw(st.integers(0, end))  # searched in a window, as the finder does
    got, want = _NAME_BEFORE.search(text, start, end), plain.search(text, start, end)
    assert (got and got.span()) == (want and want.span())
