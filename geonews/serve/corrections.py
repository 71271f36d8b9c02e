"""Analysts' corrections, applied to the machine's extraction.

The machine's extraction (the ``geonews extract`` JSON contract) is kept as it came;
a correction is a separate record, with who made it and when, and the *corrected*
extraction — the one every map and export uses — is the machine's with the
article's corrections applied in the order they were made (a later correction of
the same place wins).

A place in an extraction is named by a **reference**: ``"start:end"``, the character
offsets of its mention in the article (the same span in the mentions and in every
directive), or ``"add:<id>"`` for a place an analyst added by name.

Kinds of correction:

* ``role`` — ``{"role": "affected" | "destination" | "exemption" | "none" | "not_place"}``
  (``exempt`` is read as ``exemption``):
  the place moves to that role in its directive(s) (``none``: mentioned, no role;
  ``not_place``: not a place at all, dropped from mentions too).  A mention in no
  directive goes to the directive whose sentence holds it, or to a new one made from
  its sentence.
* ``place`` — ``{"place_id": "…"}``: the name is another place (another candidate).
* ``add`` — ``{"name": "…", "role": "…", "place": {…}, "directive": n}``: a place the
  machine missed, in that role (a new directive if the article had none).
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable

from ..errors import InputError
from ..roles import Role
from .storage import Correction

ROLE_KEYS = {Role.AFFECTED.value: "affected", Role.DESTINATION.value: "destinations",
             Role.EXEMPTION.value: "exemptions"}
ROLES = (*ROLE_KEYS, "none", "not_place")
ANALYST_TRIGGER = "analyst correction"
#: the fields of a place in a directive, as the extraction schema allows them
PLACE_FIELDS = ("text", "start", "end", "name", "place_id", "name_ar", "kind", "country",
                "lat", "lon", "confidence")


def ref_of(item: dict) -> str | None:
    """The reference of a mention or a place in a directive.

    >>> ref_of({"text": "Rafah", "start": 10, "end": 15}), ref_of({"text": "Rafah"})
    ('10:15', None)
    """
    if isinstance(item.get("start"), int) and isinstance(item.get("end"), int):
        return f"{item['start']}:{item['end']}"
    return item.get("ref")


def place_fields(place) -> dict:
    """The schema's place fields of a gazetteer place (no text or offsets)."""
    return {"name": place.name, "place_id": place.id, "name_ar": place.name_ar,
            "kind": place.kind, "country": place.country, "lat": round(place.lat, 6),
            "lon": round(place.lon, 6)}


def apply_corrections(extraction: dict, corrections: Iterable[Correction], *,
                      text: str = "", lookup: Callable[[str], dict | None] | None = None
                      ) -> dict:
    """The corrected extraction: a copy of ``extraction`` with ``corrections`` applied.

    ``text`` is the article (to make a directive from a mention's sentence);
    ``lookup`` gives the place fields of a place id (for ``place`` corrections).

    >>> ex = {"date": "2023-12-02", "mentions": [
    ...     {"text": "Rafah", "start": 20, "end": 25, "section": "body", "place_id": "p:r",
    ...      "name": "Rafah", "kind": "city", "country": "PS", "lat": 31.3, "lon": 34.2,
    ...      "confidence": 1.0}],
    ...   "directives": [{"sentence": "Leave now, go to Rafah.", "start": 0, "end": 26,
    ...      "issuer": None, "date": None, "affected": [], "blocks": [], "zones": [],
    ...      "exemptions": [], "destinations": [{"text": "Rafah", "start": 20, "end": 25,
    ...      "name": "Rafah", "place_id": "p:r", "kind": "city", "lat": 31.3, "lon": 34.2}]}]}
    >>> out = apply_corrections(ex, [Correction("role", "20:25", {"role": "affected"})])
    >>> [p["name"] for p in out["directives"][0]["affected"]], out["directives"][0]["destinations"]
    (['Rafah'], [])
    >>> ex["directives"][0]["affected"]   # the machine's output is left as it was
    []
    """
    out = copy.deepcopy(extraction)
    out.setdefault("mentions", [])
    out.setdefault("directives", [])
    for c in corrections:
        if c.kind == "role":
            _set_role(out, c.target, c.value.get("role"), text)
        elif c.kind == "place":
            place = c.value.get("place") or (lookup(c.value.get("place_id")) if lookup else None)
            if place is None:
                continue  # the place left the gazetteer since: the correction stays recorded
            _set_place(out, c.target, place)
        elif c.kind == "add":
            _add_place(out, c, text)
    return out


def _refs_in_roles(d: dict, ref: str) -> list[tuple[str, dict]]:
    return [(key, p) for key in ROLE_KEYS.values() for p in d.get(key, []) if ref_of(p) == ref]


def _find_place(ex: dict, ref: str) -> dict | None:
    for m in ex["mentions"]:
        if ref_of(m) == ref:
            return m
    for d in ex["directives"]:
        for _, p in _refs_in_roles(d, ref):
            return p
    return None


def role_word(role: str | None) -> str | None:
    """A correction's role as written, or its one spelling ("exempt" → "exemption")."""
    if role in ("none", "not_place") or role is None:
        return role
    try:
        return Role.parse(role).value
    except ValueError:
        return role


def _set_role(ex: dict, ref: str | None, role: str | None, text: str) -> None:
    role = role_word(role)
    if role not in ROLES:
        raise InputError(f"unknown role {role!r} (one of {', '.join(ROLES)})")
    item = _find_place(ex, ref) if ref else None
    if item is None:
        return  # a place no longer there (a later correction removed it)
    place = {k: item[k] for k in PLACE_FIELDS if k in item and item[k] is not None}
    place.setdefault("text", item.get("text") or item.get("name") or "")
    if ref.startswith("add:"):
        place["ref"] = ref
    holders = [d for d in ex["directives"] if _refs_in_roles(d, ref)]
    for d in holders:
        for key in ROLE_KEYS.values():
            d[key] = [p for p in d.get(key, []) if ref_of(p) != ref]
    if role == "not_place":
        ex["mentions"] = [m for m in ex["mentions"] if ref_of(m) != ref]
        return
    if role == "none":
        return
    if not holders:
        holders = [_directive_for(ex, item, text)]
    for d in holders:
        d[ROLE_KEYS[role]].append(_schema_place(place))


def _schema_place(place: dict) -> dict:
    """A place as the extraction schema has it (``name`` required, the ``ref`` of an added
    place kept only while the page needs it: it is dropped on export)."""
    out = {k: place.get(k) for k in PLACE_FIELDS if k in place}
    out.setdefault("name", place.get("text") or "")
    for k in ("place_id", "kind", "lat", "lon"):
        out.setdefault(k, None)
    if place.get("ref"):
        out["ref"] = place["ref"]
    return out


def _directive_for(ex: dict, item: dict, text: str) -> dict:
    """The directive whose sentence holds ``item``, or a new one made from its sentence."""
    start = item.get("start")
    if isinstance(start, int):
        for d in ex["directives"]:
            if d["start"] <= start < d["end"]:
                return d
    sentence, s, e = _sentence_around(text, start) if isinstance(start, int) and text \
        else (item.get("text") or item.get("name") or "place", 0, 1)
    d = {"sentence": sentence, "start": s, "end": e, "trigger": ANALYST_TRIGGER,
         "issuer": None, "date": ex.get("date"), "affected": [], "destinations": [],
         "blocks": [], "zones": [], "exemptions": []}
    ex["directives"].append(d)
    ex["directives"].sort(key=lambda x: x["start"])
    return d


def _sentence_around(text: str, offset: int) -> tuple[str, int, int]:
    """The sentence of ``text`` that holds ``offset`` (geonews's own sentence splitter).

    >>> _sentence_around("Calm today. Residents of Rafah must leave. More later.", 25)
    ('Residents of Rafah must leave.', 12, 42)
    """
    from ..text.readers import make_document
    from ..text.sentences import split_sentences

    for s in split_sentences(make_document(text)):
        if s.start <= offset < s.end:
            return text[s.start:s.end], s.start, s.end
    start = max(0, offset - 200)
    return text[start:offset + 200].strip() or text[offset:offset + 1], start, \
        min(len(text), offset + 200)


def _set_place(ex: dict, ref: str | None, place: dict) -> None:
    fields = {k: place.get(k) for k in ("name", "place_id", "name_ar", "kind", "country", "lat",
                                        "lon")}
    for m in ex["mentions"]:
        if ref_of(m) == ref:
            m.update(fields, confidence=1.0, match="exact")
    for d in ex["directives"]:
        for _, p in _refs_in_roles(d, ref):
            p.update(fields, confidence=1.0)


def _add_place(ex: dict, c: Correction, text: str) -> None:
    role = role_word(c.value.get("role", "affected"))
    if role not in ROLE_KEYS:
        raise InputError(f"an added place needs a role: affected, destination or exemption, "
                         f"not {role!r}")
    place = dict(c.value.get("place") or {})
    name = str(c.value.get("name") or place.get("name") or "")
    item = {**place, "text": name, "ref": f"add:{c.id}", "confidence": 1.0}
    n = c.value.get("directive")
    directives = ex["directives"]
    if isinstance(n, int) and 0 <= n < len(directives):
        d = directives[n]
    else:
        # The first directive that names any place, else the first, else a new one.
        d = next((x for x in directives if any(x.get(k) for k in ROLE_KEYS.values())),
                 directives[0] if directives else None)
        if d is None:
            d = _directive_for(ex, item, text)
            d["sentence"] = f"{name} (added by an analyst)"
            d["start"], d["end"] = 0, max(1, len(d["sentence"]))
    d[ROLE_KEYS[role]].append(_schema_place(item))


def for_schema(extraction: dict) -> dict:
    """The corrected extraction as the JSON contract has it (the page's ``ref`` of added
    places dropped)."""
    out = copy.deepcopy(extraction)
    for d in out.get("directives", []):
        for key in ROLE_KEYS.values():
            for p in d.get(key, []):
                p.pop("ref", None)
    return out


def place_refs(extraction: dict) -> list[dict]:
    """Every place of an extraction once, with its reference, its role(s) and its
    directive — what the page lists for correction."""
    seen: dict[str, dict] = {}
    for i, d in enumerate(extraction.get("directives", [])):
        for role, key in ROLE_KEYS.items():
            for p in d.get(key, []):
                ref = ref_of(p)
                if ref is None:
                    continue
                entry = seen.setdefault(ref, {**_brief(p), "ref": ref, "roles": [],
                                              "directive": i})
                if role not in entry["roles"]:
                    entry["roles"].append(role)
    for m in extraction.get("mentions", []):
        if m.get("section") != "body":
            continue
        ref = ref_of(m)
        if ref not in seen:
            seen[ref] = {**_brief(m), "ref": ref, "roles": [], "directive": None}
    # Places with a role first (what the map shows), then the other mentions, in text order.
    return sorted(seen.values(), key=lambda e: (not e["roles"], e.get("start") is None,
                                                e.get("start") or 0))


def _brief(p: dict) -> dict:
    return {k: p.get(k) for k in ("text", "start", "end", "name", "name_ar", "place_id", "kind",
                                  "country", "lat", "lon")}


# ------------------------------------------------------------------------------ evaluation

#: gazetteer kinds in the evaluation schema's words (see ../shared/eval/README.md)
EVAL_KINDS = {"city": "city", "town": "town", "village": "village",
              "neighbourhood": "neighbourhood", "camp": "camp", "governorate": "governorate",
              "region": "region", "country": "country", "road": "road",
              "crossing": "crossing", "hospital": "hospital", "zone": "zone", "block": "zone",
              "county": "region", "river": "region"}


def annotated(article_text: str, meta: dict, corrected: dict,
              corrections: list[Correction]) -> dict:
    """One article in the evaluation schema, its gold taken from the corrected extraction,
    so that an analyst's corrections become test data for ``geonews evaluate``.

    >>> a = annotated("Leave Rafah.", {"id": "a1", "date": None, "url": None},
    ...     {"mentions": [{"text": "Rafah", "start": 6, "end": 11, "section": "body",
    ...                    "name": "Rafah", "kind": "city", "country": "PS",
    ...                    "lat": 31.3, "lon": 34.2}],
    ...      "directives": [{"affected": [{"text": "Rafah", "name": "Rafah"}],
    ...                      "destinations": [], "blocks": [], "exemptions": [], "zones": []}]},
    ...     [])
    >>> a["gold"]["affected"], a["gold"]["toponyms"][0]["surface"], a["gold"]["has_directive"]
    (['Rafah'], 'Rafah', True)
    """
    toponyms: dict[str, dict] = {}
    for m in corrected.get("mentions", []):
        if m.get("section", "body") != "body" or not m.get("text"):
            continue
        toponyms.setdefault(m["text"], {
            "surface": m["text"], "place": m.get("name") or m["text"],
            "country": m.get("country"), "lat": m.get("lat"), "lon": m.get("lon"),
            "kind": EVAL_KINDS.get(m.get("kind") or "", "region")})

    def names(key: str) -> list[str]:
        out: list[str] = []
        for d in corrected.get("directives", []):
            for p in d.get(key, []):
                name = p.get("name") or p.get("text")
                if name and name not in out:
                    out.append(name)
                surface = p.get("text")
                # An added place is a toponym of the article where its name occurs in it.
                if surface and surface not in toponyms and surface in article_text:
                    toponyms[surface] = {"surface": surface, "place": name,
                                         "country": p.get("country"), "lat": p.get("lat"),
                                         "lon": p.get("lon"),
                                         "kind": EVAL_KINDS.get(p.get("kind") or "", "region")}
        return out

    affected, destinations = names("affected"), names("destinations")
    blocks = sorted({int(b) for d in corrected.get("directives", []) for b in d.get("blocks", [])})
    who = sorted({c.who for c in corrections if c.who})
    notes = (f"gold from geonews's extraction with {len(corrections)} analyst correction(s)"
             + (f" by {', '.join(who)}" if who else "")
             + (f", last {max(c.at for c in corrections if c.at)}" if corrections else ""))
    return {"id": meta.get("id"), "url": meta.get("url"), "outlet": None,
            "date": meta.get("date"), "language": _language(article_text),
            "region": _region(corrected), "text": article_text,
            "gold": {"toponyms": list(toponyms.values()), "affected": affected,
                     "destinations": destinations, "blocks": blocks,
                     "has_directive": bool(corrected.get("directives"))},
            "notes": notes, "corrections": [c.to_dict() for c in corrections]}


def _language(text: str) -> str:
    """``en``, ``ar`` or ``en+ar`` by the share of Arabic letters.

    >>> _language("Leave Rafah"), _language("إخلاء رفح"), _language("Leave Rafah رفح")
    ('en', 'ar', 'en+ar')
    """
    letters = [ch for ch in text if ch.isalpha()]
    arabic = sum(1 for ch in letters if "\u0600" <= ch <= "\u06ff")
    if not letters or arabic == 0:
        return "en"
    if arabic / len(letters) > 0.8:
        return "ar"
    return "en+ar"


def _region(corrected: dict) -> str:
    countries = [p.get("country") for d in corrected.get("directives", [])
                 for k in ROLE_KEYS.values() for p in d.get(k, [])]
    if "PS" in countries:
        return "gaza"
    if "LB" in countries:
        return "lebanon"
    return "other"
