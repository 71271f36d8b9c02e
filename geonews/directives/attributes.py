"""Who gave an order and when: the attributes of a directive.

The issuer is the first rule of the lexicon's issuer table that matches the sentence
(or one of the two before it); the date is the first date written in the sentence —
English by :func:`~geonews.text.readers.parse_date`, French and Arabic month names and
digits by :func:`foreign_date` — else the weekday it names, counted back from the
article's date, else the article's date.
"""

from __future__ import annotations

import re
from datetime import date as _date
from datetime import timedelta
from functools import lru_cache

from ..lang import lexicon
from ..lang.rules import Text
from ..text.readers import parse_date

_ARTICLE = re.compile(r"^(?:the|The)\s+")


def issuer(text: str) -> str | None:
    """Who the sentence says gave the order.

    >>> issuer("On Monday the Israeli military told residents to leave.")
    'Israeli military'
    >>> issuer("Marin County officials ordered the coast evacuated.")
    'Marin County officials'
    """
    t = Text(text)
    lex = lexicon()
    for i in lex.issuer_index.candidates(t):
        m = lex.issuers[i].search(t, checked=True)
        if m:
            # the words as written (a rule may have matched the lower-cased text)
            return _ARTICLE.sub("", " ".join(text[m.start():m.end()].split()))
    return None


def issuer_before(sentences: list[str]) -> str | None:
    """The issuer named in the nearest of the sentences before (latest last)."""
    for text in reversed(sentences):
        found = issuer(text)
        if found:
            return found
    return None


_DIGIT = re.compile(r"\d")  # any script's digit, as the date patterns' \d


@lru_cache(maxsize=1)
def _foreign_patterns():
    lex = lexicon()
    alternation = "|".join(sorted((m.replace("_", r"\s+") for m in lex.months),
                                  key=len, reverse=True))
    full = re.compile(rf"(?<!\d)(\d{{1,2}})(?:er)?\s+({alternation})(?![\w])"
                      rf"(?:\s*(?:،|,)?\s*(\d{{4}}))?", re.IGNORECASE)
    latin = sorted({m for m in lex.months if m.isascii() and "_" not in m}, key=len,
                   reverse=True)
    hint = re.compile(rf"\d(?:er)?\s+(?:{'|'.join(latin)})\b", re.IGNORECASE)
    return full, hint


def foreign_date(text: str, article_date: str | None = None) -> str | None:
    """The first French or Arabic date of ``text`` as ISO; the article's year when none is
    written.

    >>> foreign_date("أنذر الجيش يوم ٢٠ تشرين الأول ٢٠٢٣ السكان")
    '2023-10-20'
    >>> foreign_date("le 2 octobre, l'armée", "2024-10-03"), foreign_date("20 أكتوبر", None)
    ('2024-10-02', None)
    """
    if not _DIGIT.search(text):
        # Every date has a digit, and the digits translated are digits already: a
        # sentence without one (most, curly quotes making them non-ASCII) has none.
        return None
    full, hint = _foreign_patterns()
    if text.isascii() and not hint.search(text):
        return None  # English: its dates are parse_date's
    lex = lexicon()
    m = full.search(text.translate(lex.digits))
    if not m:
        return None
    month = lex.months.get(re.sub(r"\s+", "_", m.group(2).lower()))
    year = int(m.group(3)) if m.group(3) else (int(article_date[:4]) if article_date else None)
    if month is None or year is None:
        return None
    try:
        return _date(year, month, int(m.group(1))).isoformat()
    except ValueError:
        return None


def order_date(text: str, article_date: str | None) -> str | None:
    """When the order of a sentence was given.

    >>> order_date("On Sunday the army told them to leave.", "2024-10-02")
    '2024-09-29'
    """
    explicit = parse_date(text) or foreign_date(text, article_date)
    if explicit:
        return explicit
    if article_date:
        lex = lexicon()
        m = lex.weekday.search(Text(text))
        if m:
            day = _date.fromisoformat(article_date)
            back = (day.weekday() - lex.weekdays[m.group(1).lower()]) % 7
            if day.toordinal() > back:  # "Sunday" before 1 January of year 1 is no date
                return (day - timedelta(days=back)).isoformat()
    return article_date
