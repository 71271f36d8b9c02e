"""Reading articles: plain text, HTML pages, JSON and JSON Lines, or standard input.

>>> docs = list(documents_from_json('{"id": "a1", "text": "Leave Rafah now.", "date": "2024-05-06"}', "x.json"))
>>> docs[0].id, docs[0].date, docs[0].sections[0].kind
('a1', '2024-05-06', 'body')
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from itertools import islice
from datetime import date as _date
from pathlib import Path

from ..arguments import check_text
from ..errors import InputError
from .decode import decode_bytes, read_bytes
from .document import Document
from .sections import find_sections

_MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"], 1)}
_MONTHS.update({m[:3]: i for m, i in list(_MONTHS.items())})
_MONTHS["sept"] = 9
_DMY = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]{3,9})\.?,?\s+(\d{4})\b")
_MDY = re.compile(r"\b([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b")
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})(?!\d)")
_YEAR = re.compile(r"\d{4}")  # every date form above has one: a cheap first test


def parse_date(text: str | None) -> str | None:
    """The first date written in ``text``, as ISO ``YYYY-MM-DD``.

    >>> parse_date("2 December 2023, 13:20"), parse_date("Dec. 1, 2023"), parse_date("none")
    ('2023-12-02', '2023-12-01', None)
    """
    if not text or not _YEAR.search(text):
        return None
    found = []
    for m in _ISO.finditer(text):
        found.append((m.start(), int(m.group(1)), int(m.group(2)), int(m.group(3))))
    for m in _DMY.finditer(text):
        month = _MONTHS.get(m.group(2).lower())
        if month:
            found.append((m.start(), int(m.group(3)), month, int(m.group(1))))
    for m in _MDY.finditer(text):
        month = _MONTHS.get(m.group(1).lower())
        if month:
            found.append((m.start(), int(m.group(3)), month, int(m.group(2))))
    for _, y, mo, d in sorted(found):
        try:
            return _date(y, mo, d).isoformat()
        except ValueError:
            continue
    return None


#: Longest single article (characters).  The longest news stories are ~100,000; beyond
#: this a text is a corpus or junk, and its extraction would take minutes and gigabytes.
MAX_ARTICLE_CHARS = 2_000_000


def make_document(text: str, *, id: str | None = None, title: str | None = None,
                  date: str | None = None, url: str | None = None,
                  source: str | None = None) -> Document:
    """A Document from raw text: sections found, title and date guessed when not given.

    A pasted page usually starts with its headline and, within a few lines, its date.
    """
    check_text(text, function="make_document()")
    if len(text) > MAX_ARTICLE_CHARS:
        raise InputError(f"{source or 'text'}: one article of {len(text):,} characters is over "
                         f"the {MAX_ARTICLE_CHARS:,} limit; split it into articles (JSONL) "
                         "or use geonews batch")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    # The head of the page is all that title and date are looked for in.
    lines = list(islice(filter(None, map(str.strip, text.split("\n"))), 8))
    if title is None and lines and len(lines[0]) <= 200 and not lines[0].endswith("."):
        title = lines[0]
    if date is not None:
        date = parse_date(str(date)) or None
    if date is None:
        date = parse_date("\n".join(lines))
    return Document(text=text, id=id, title=title, date=date, url=url, source=source,
                    sections=find_sections(text))


def documents_from_html(html: str, source: str) -> Iterator[Document]:
    import trafilatura

    found = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False,
                                        include_tables=False, favor_precision=True)
    data = found.as_dict() if hasattr(found, "as_dict") else (found or {})
    text = (data.get("text") or "").strip()
    if not text:
        raise InputError(f"{source}: no article text found in this HTML page")
    yield make_document(text, title=data.get("title"), date=data.get("date"),
                        url=data.get("url"), source=source, id=data.get("id"))


def _document_from_record(record: object, source: str) -> Document:
    if not isinstance(record, dict):
        raise InputError(f"{source}: expected an object with a \"text\" field")
    text = record.get("text")
    if not isinstance(text, str):
        raise InputError(f"{source}: no \"text\" string field")
    meta = {k: record.get(k) for k in ("id", "title", "date", "url")}
    meta = {k: (str(v) if v is not None else None) for k, v in meta.items()}
    return make_document(text, source=source, **meta)


def documents_from_json(text: str, source: str) -> Iterator[Document]:
    """A JSON object with ``text`` (and optional id, title, date, url), or a list of them."""
    try:
        data = json.loads(text)
    except (json.JSONDecodeError, RecursionError) as exc:
        raise InputError(f"{source}: not valid JSON ({_short(exc)})") from None
    records = data if isinstance(data, list) else [data]
    if not records:
        raise InputError(f"{source}: empty JSON list, no articles")
    for i, rec in enumerate(records):
        yield _document_from_record(rec, source if len(records) == 1 else f"{source}[{i}]")


def documents_from_jsonl(text: str, source: str) -> Iterator[Document]:
    """One JSON object per line; blank lines are skipped."""
    seen = False
    for n, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except (json.JSONDecodeError, RecursionError) as exc:
            raise InputError(f"{source}:{n}: not valid JSON ({_short(exc)})") from None
        seen = True
        yield _document_from_record(rec, f"{source}:{n}")
    if not seen:
        raise InputError(f"{source}: no articles (empty file)")


def _kind(path: str, text: str) -> str:
    suffix = Path(path).suffix.lower()
    if suffix in (".html", ".htm", ".xhtml"):
        return "html"
    if suffix == ".jsonl" or suffix == ".ndjson":
        return "jsonl"
    if suffix == ".json":
        return "json"
    if suffix in (".txt", ".text", ".md"):
        return "text"
    head = text.lstrip()[:500].lower()
    if head.startswith("<!doctype html") or head.startswith("<html") or "<body" in head:
        return "html"
    if head.startswith("{") or head.startswith("["):
        return "jsonl" if "\n{" in text.strip() and head.startswith("{") else "json"
    return "text"


def read_documents(path: str | Path) -> list[Document]:
    """All articles in a file (``-`` for standard input), whatever its format and encoding."""
    label = "stdin" if str(path) == "-" else str(path)
    data = read_bytes(path, label=label, hint="split it or use geonews batch")
    text = decode_bytes(data, label=label)
    if not text.strip():
        raise InputError(f"{label}: empty input, no text")
    kind = _kind(label, text)
    if kind == "html":
        return list(documents_from_html(text, label))
    if kind == "json":
        return list(documents_from_json(text, label))
    if kind == "jsonl":
        return list(documents_from_jsonl(text, label))
    return [make_document(text, source=label, id=Path(label).stem if label != "stdin" else None)]


def _short(exc: Exception) -> str:
    return " ".join(str(exc).split())[:160]
