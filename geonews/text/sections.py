"""Telling the article from the page around it.

Text pasted from news sites carries photo captions ("… Picture: Getty"),
"Read more:" links, audio-player labels and, at the end, lists of unrelated
headlines ("More Latest News").  Places named there are not part of the story.
The rules work on lines, so they are cheap and explainable.
"""

from __future__ import annotations

import re

from .document import Section

# A line that is a photo caption or a credit.
_CREDIT = re.compile(
    r"(?:\b(?:Picture|Photo|Photograph|Image|Credit|Photo credit|Source)\s*:\s*[^.]{1,60}\.?\s*$)"
    r"|(?:\((?:Photo|Image|Picture)[^)]{0,80}\)\s*$)"
    r"|(?:\b(?:Getty Images|AFP via Getty Images|Reuters|AP Photo|Alamy|EPA|Shutterstock)"
    r"(?:/[\w ]+)?\s*\)?\s*$)", re.IGNORECASE)
# A line that is a link or page furniture.
_FURNITURE = re.compile(
    r"^\s*(?:read more|read also|see also|related|recommended|watch|listen|advertisement|"
    r"sponsored|sign up|subscribe|share this|follow us|click here|more:|also read|"
    r"loading audio|listen to this article|اقرأ أيضا|اقرأ أيضًا|شاهد أيضا|اقرأ المزيد)\b",
    re.IGNORECASE)
# A heading after which the rest of the page is lists of other stories.
_TAIL = re.compile(
    r"^\s*(?:more latest news|latest news|more from|most read|most popular|trending|"
    r"related (?:articles|stories|news)|you may also like|more stories|more news|"
    r"recommended for you|top stories|editor'?s picks|الأكثر قراءة|أخبار ذات صلة|"
    r"مواضيع ذات صلة)\b[^.!?]{0,60}$", re.IGNORECASE)


# One of these is in every match of the credit pattern (casefolded, as IGNORECASE
# compares "ſ" with "s"): a paragraph without them skips it.  A colon or a parenthesis
# was the test before, and they are in most paragraphs, which the pattern then tried at
# every position (most of the time of this module).
_CREDIT_WORDS = ("picture", "photo", "image", "credit", "source", "getty", "reuters",
                 "alamy", "epa", "shutterstock")


def _may_be_credit(line: str) -> bool:
    """A cheap first test for the credit pattern on a stripped line: its shape, then one of
    its words.

    Every match of the pattern ends the line, and ends it with ")" or a word character,
    unless it is "<word>: <credit>", which holds a colon.  Most paragraphs end with a full
    stop or a quotation mark and hold no colon: they are let go before the ten word
    searches, which cost more than the rest of this module together.

    >>> [_may_be_credit(s) for s in ("Picture: Getty", "(Photo by AFP)", "Getty Images",
    ...                              "Sources said he left.", "Reuters photo.")]
    [True, True, True, False, False]
    """
    last = line[-1:]
    # (a character \w matches: what str.isalnum() says, or "_")
    if ":" not in line and last != ")" and not (last.isalnum() or last == "_"):
        return False
    low = line.casefold()
    return any(w in low for w in _CREDIT_WORDS)



def find_sections(text: str) -> list[Section]:
    """Split ``text`` into body and boilerplate sections (covering it all, in order).

    >>> t = "Residents were told to leave.\\nA street in Rafah. Picture: Getty\\nMore Latest News\\nFire in Bournemouth"
    >>> [(s.kind, t[s.start:s.end].strip()) for s in find_sections(t)]  # doctest: +NORMALIZE_WHITESPACE
    [('body', 'Residents were told to leave.'),
     ('boilerplate', 'A street in Rafah. Picture: Getty\\nMore Latest News\\nFire in Bournemouth')]
    """
    lines = text.splitlines(keepends=True)
    kinds: list[str] = []
    stripped = [ln.strip() for ln in lines]
    tail_from = None
    for i, s in enumerate(stripped):
        if _TAIL.match(s):
            tail_from = i
            break
    for i, s in enumerate(stripped):
        if tail_from is not None and i >= tail_from:
            kinds.append("boilerplate")
        elif s and (_may_be_credit(s) and _CREDIT.search(s) or _FURNITURE.match(s)):
            kinds.append("boilerplate")
        else:
            kinds.append("body")
    # A caption is often printed twice: bare, then with its credit.  The bare copy
    # is the same line without the credit.
    for i, s in enumerate(stripped):
        if kinds[i] == "boilerplate" and _CREDIT.search(s):
            bare = _CREDIT.sub("", s).strip()
            for j in range(i - 1, max(-1, i - 3), -1):
                if stripped[j] and bare and (stripped[j] == bare or bare.startswith(stripped[j])):
                    kinds[j] = "boilerplate"
                    break
    sections: list[Section] = []
    pos = 0
    for line, kind in zip(lines, kinds):
        end = pos + len(line)
        if not line.strip() and sections:
            kind = sections[-1].kind  # blank lines belong to what they follow
        if sections and sections[-1].kind == kind:
            sections[-1] = Section(sections[-1].start, end, kind)  # type: ignore[arg-type]
        else:
            sections.append(Section(pos, end, kind))  # type: ignore[arg-type]
        pos = end
    if not sections:
        sections.append(Section(0, len(text), "body"))
    return sections
