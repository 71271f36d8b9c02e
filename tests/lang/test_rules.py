"""Every rule of every language proves itself on its own sentences, and what the engine
derives from a pattern (keywords, leading words, lower-case twin) never loses a match."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geonews.lang import LANGUAGES, TABLES, language, lexicon, rules
from geonews.lang.rules import Compiled, Rule, Text, cased_sets, compile_rule, keyword_sets

CASES = [(code, table, rule) for table in TABLES for code in LANGUAGES
         for rule in rules(table, (code,))]


def _id(case) -> str:
    code, table, rule = case
    return f"{code}:{table}:{rule.name}"


def _applies(rule: Rule, table: str, text: str) -> bool:
    compiled = compile_rule(rule)
    use = TABLES[table].use
    if use == "match":
        return compiled.match(Text(text)) is not None
    if use == "fullmatch":
        return compiled.fullmatch(Text(text)) is not None
    return compiled.search(Text(text)) is not None


@pytest.mark.parametrize("case", CASES, ids=_id)
def test_a_rule_matches_its_examples_and_not_its_counterexamples(case):
    code, table, rule = case
    assert rule.examples and rule.counterexamples, "every rule shows what it is for"
    for sentence in rule.examples:
        assert _applies(rule, table, sentence), sentence
    for sentence in rule.counterexamples:
        assert not _applies(rule, table, sentence), sentence


def test_every_language_module_only_has_known_tables():
    for code in LANGUAGES:
        module = language(code)
        tables = {n for n, v in vars(module).items() if n.isupper() and isinstance(v, tuple)
                  and v and isinstance(v[0], Rule)}
        tables |= {f"CUES.{k}" for k in getattr(module, "CUES", {})}
        assert tables <= set(TABLES), (code, tables - set(TABLES))


def test_the_merged_lexicon_finds_every_example_of_its_tables():
    lex = lexicon()
    for table, spec in TABLES.items():
        if spec.ordered:
            continue
        compiled = lex.cue[table[5:]] if table.startswith("CUES.") else getattr(lex, table.lower())
        for rule in rules(table):
            for sentence in rule.examples:
                assert compiled.apply(Text(sentence), spec.use) is not None, (table, sentence)


ALL_COMPILED = [c for c in (*lexicon().triggers, *lexicon().hedges, *lexicon().issuers)] + \
    [c for c, _ in lexicon().cues] + [compile_rule(r) for _, _, r in CASES]


@pytest.mark.parametrize("compiled", ALL_COMPILED, ids=lambda c: c.name)
@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_derived_words_are_in_every_match(compiled, data):
    """A generated match of the pattern always holds a keyword, and begins with a
    leading word: the filters the engine derives can only skip texts that cannot match."""
    # A lookahead at the end asks for text after the match, a lookbehind for text before
    # it: generate that text as part of the string, then check the match the real
    # pattern finds in it.
    source = re.compile(compiled.regex.pattern.replace("(?=", "(?:").replace("(?<=", "(?:"),
                        compiled.regex.flags)
    generated = data.draw(st.from_regex(source, fullmatch=True))
    m = compiled.regex.match(generated) or compiled.regex.search(generated)
    if m is None:
        return  # hypothesis ignores some assertions (\b, lookbehinds): not a match
    text = m.group()
    # a case-sensitive pattern's words as written are in the match as written
    for words in cased_sets(compiled.regex.pattern, compiled.regex.flags):
        assert any(w in text for w in words), (text, sorted(words))
    low = text.lower()
    if low != text.casefold() or len(low) != len(text):
        return  # letters whose lower case is not their fold (ſ, İ): outside the contract
    if compiled.keywords is not None:
        assert any(w in low for w in compiled.keywords), (text, sorted(compiled.keywords))
    # the further sets an Automaton asks for too ("told" and "leave" in "told … to leave"),
    # and those of single characters a search looks for first
    pattern, flags = compiled.regex.pattern, compiled.regex.flags
    for words in (*keyword_sets(pattern, flags), *keyword_sets(pattern, flags, shortest=1)):
        assert any(w in low for w in words), (text, sorted(words))
    if compiled.leading is not None:
        assert any(low.startswith(w) for w in compiled.leading), (text, sorted(compiled.leading))


SENTENCES = sorted({s for _, _, r in CASES for s in (*r.examples, *r.counterexamples)})


@pytest.mark.parametrize("compiled", [c for c in ALL_COMPILED if c.twin is not None],
                         ids=lambda c: c.name)
def test_lower_case_twins_find_what_the_patterns_find(compiled):
    for sentence in SENTENCES:
        for variant in (sentence, sentence.upper(), sentence.title()):
            low = variant.lower()
            if len(low) != len(variant):
                continue
            assert [m.span() for m in compiled.regex.finditer(variant)] == \
                [m.span() for m in compiled.twin.finditer(low)], variant


@pytest.mark.parametrize("compiled", [c for c, _ in lexicon().cues if c.leading],
                         ids=lambda c: c.name)
def test_cue_scans_find_what_the_regex_finds(compiled):
    text = " ".join(SENTENCES).lower()
    assert [m.span() for m in compiled.finditer(Text(text))] == \
        [m.span() for m in compiled.twin.finditer(text)]


def test_a_rule_is_a_candidate_only_with_a_word_of_each_of_its_keyword_sets():
    from geonews.lang.rules import Automaton

    must = Compiled("must", r"\b(?:must|should)\s+(?:leave|evacuate)", re.IGNORECASE)
    index = Automaton([must])
    assert index.candidates(Text("Residents must leave now.")) == [0]
    assert index.candidates(Text("Residents must stay; the others leave.")) == [0]
    assert index.candidates(Text("Residents must stay at home.")) == []
    assert index.candidates(Text("Residents were told to leave.")) == []


def test_one_pass_for_all_cue_kinds_finds_what_each_finds_alone():
    finder = lexicon().cue_finder
    for text in (" ".join(SENTENCES), " ".join(SENTENCES).lower(), "Gaza İstanbul to Rafah"):
        together = finder.findall(Text(text))
        alone = [list(c.finditer(Text(text))) for c, _ in lexicon().cues]
        assert [[m.span() for m in ms] for ms in together] == \
            [[m.span() for m in ms] for ms in alone]
        assert any(together)


def test_a_union_needs_one_case_handling():
    from geonews.lang.rules import compile_union

    with pytest.raises(ValueError):
        compile_union("mixed", [Rule("a", "a"), Rule("b", "B", case_sensitive=True)])


def test_a_sequence_rule_lets_a_long_list_of_names_count_as_one_object():
    order = next(c for c in lexicon().triggers if c.then is not None)
    names = ", ".join(f"Name{i} Hill" for i in range(30))
    assert order.search(Text(f"The army told the residents of {names} and Oak to leave."))
    assert not order.search(Text("The army told reporters " + "x " * 80 + "to leave."))


INDEXES = {"triggers": lexicon().trigger_index, "hedges": lexicon().hedge_index,
           "issuers": lexicon().issuer_index}
INDEX_WORDS = sorted({w for index in INDEXES.values() for c in index.compiled
                      for words in c._sets for w in words})


@pytest.mark.parametrize("name", INDEXES)
@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(INDEX_WORDS + ["x", " ", "-", "Q"]), max_size=30))
def test_an_index_s_candidates_are_the_rules_with_a_word_of_each_keyword_set(name, words):
    index = INDEXES[name]
    t = Text("".join(words))
    expected = [i for i, c in enumerate(index.compiled)
                if all(any(w in t.low for w in words) for words in c._sets)]
    assert index.candidates(t) == expected


def test_a_sequence_rule_is_a_candidate_only_with_a_word_of_its_tail_too():
    from geonews.lang.rules import Automaton

    told = Compiled("told", r"\btold\b", re.IGNORECASE, then=r"\bto\s+(?:leave|flee)\b")
    index = Automaton([told])
    assert index.candidates(Text("The army told residents to flee.")) == [0]
    assert index.candidates(Text("The army told reporters about the strikes.")) == []
    assert not told.search(Text("The army told reporters about the strikes."))


def test_a_case_sensitive_rule_is_searched_only_where_its_words_occur_as_written():
    address = Compiled("address", r"(?:^|: )To\s+(?:residents|people)\b", 0)
    assert address.search(Text("To residents of Rafah: leave.")) is not None
    assert address.search(Text("Residents were told to leave"), checked=True) is None
    assert address._cased and not address.possible(Text("they spoke to residents"))


LINE_PATTERNS = [lexicon().label,
                 Compiled("line", r"(?m:^[ \t]*(?:Zone|area) ?[A-Z]:[ \t]+\S)", re.IGNORECASE),
                 Compiled("branch", r"(?m:^x:|^[ \t]*y\b[^\n]*)|\Az", 0)]


@pytest.mark.parametrize("compiled", LINE_PATTERNS, ids=lambda c: c.name)
@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["Lee County", "zone B", "Area c", "x", "y", "z", ":", ": ",
                                 "\t", " ", "\n", "\n\n", "İ", "10:30"]), max_size=25))
def test_a_line_anchored_scan_finds_what_the_regex_finds(compiled, parts):
    assert compiled._lines
    text = "".join(parts)
    assert [m.span() for m in compiled.finditer(Text(text))] == \
        [m.span() for m in compiled.regex.finditer(text)]


def test_patterns_that_may_match_elsewhere_or_across_lines_are_not_line_anchored():
    from geonews.lang.rules import line_anchored

    assert line_anchored(r"(?m:^[^:\n]+:)") and line_anchored(r"\A\d+\.")
    assert line_anchored(r"(?m:^x.*)")  # "." is no line break, unless DOTALL
    for pattern in (r"(?m:^\s+x)", r"(?ms:^x.)", r"(?m:^x|y)", r"^x", r"x$",
                    r"(?m:^[^:]+:)", r"(?m:^(a)\1)"):
        assert not line_anchored(pattern), pattern


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["Name", "Hill", " ", ", ", "،", " and ", "(x)", "\n", "to"]),
                max_size=20))
def test_a_gap_without_two_commas_holds_no_list(parts):
    from geonews.lang.rules import _LIST_RUN, _without_lists

    gap = "".join(parts)
    assert _without_lists(gap) == len(_LIST_RUN.sub(" ", gap))


@pytest.mark.parametrize("compiled", [c for c in ALL_COMPILED + [
    getattr(lexicon(), name.lower()) for name, t in TABLES.items()
    if not t.ordered and not name.startswith("CUES.")] if c._first is not None],
    ids=lambda c: c.name)
def test_a_search_from_the_first_words_finds_what_the_regex_finds(compiled):
    """Tried only at the text's start and where a first word begins, a search finds the
    pattern's first match (anchored alternatives nested in a union of rules too)."""
    for sentence in SENTENCES:
        for variant in (sentence, "  " + sentence, "Then: " + sentence, sentence.upper()):
            if len(variant.lower()) != len(variant):
                continue
            found, expected = compiled._search(Text(variant)), compiled.regex.search(variant)
            assert (found and found.span()) == (expected and expected.span()), variant


def test_a_union_with_an_anchored_rule_searches_from_its_first_words():
    from geonews.lang.rules import first_words

    words, at_start = first_words(r"(?:\bmaps?\s+of\b|\blisted\b)|(?:^\W*(?:les|ces)\s)")
    assert sorted(words) == ["listed", "map"] and at_start
    assert first_words(r"(?:\bmaps?\b)|(?:(?m:^\W*les))") is None  # any line's start
    assert first_words(r"(?:\bmaps?\b)|(?:x?^les)") is None  # unsure what begins it
