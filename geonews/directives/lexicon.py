"""The words of evacuation orders, in English and Arabic.

Patterns are grouped by what they tell the extractor:

* triggers — a sentence reports an order or call to move;
* hedges — the sentence is about a past, hypothetical or denied order;
* role cues — the places after them are left (affected), gone to
  (destination) or spared (exemption);
* issuers — who gave the order.
"""

from __future__ import annotations

import re

from ..text.patterns import KeywordPattern

_I = re.IGNORECASE
MOTION = (r"(?:leave|evacuate|flee|move|relocate|head|go|vacate|depart|get\s+out|"
          r"seek\s+(?:refuge|shelter)|shelter|make\s+(?:their|your|his|her)\s+way|proceed|"
          r"clear\s+out|abandon)")
# Verb forms only: "order" and "warning" are also nouns ("Monday's order in … to leave").
ORDER_VERB = (r"(?:told|tells|telling|ordered|ordering|instruct(?:ed|s|ing)|"
              r"urg(?:ed|es|ing|e)|call(?:ed|s|ing)?\s+(?:on|upon)|warn(?:ed|s)|"
              r"ask(?:ed|s|ing)|direct(?:ed|s|ing)|command(?:ed|s)|demand(?:ed|s|ing)|"
              r"advis(?:ed|es|ing)|requir(?:ed|es)|forc(?:ed|es|ing))")

# Words one of which each trigger needs (lower case): the regex runs only if one is there.
TRIGGER_WORDS = {
    "order to move": ("told", "tell", "order", "instruct", "urg", "call", "warn", "ask", "direct",
                      "command", "demand", "advis", "requir", "forc", "invit"),
    "warning to residents": ("warning", "call", "appeal", "message"),
    "evacuation order": ("evacuation", "displacement", "relocation"),
    "ordered evacuation": ("evacuation",),
    "order to evacuate": ("order", "call", "instruction", "warning"),
    "must move": ("must", "should", "need", "have to", "has to", "are to", "were to", "is to",
                  "required"),
    "mandatory evacuation": ("mandatory", "compulsory", "obligatory", "forced"),
    "imperative": ("evacuate", "leave", "move", "head", "go ", "flee", "relocate", "vacate"),
    "leaflets": ("leaflet",),
    "إخلاء": ("خلاء", "خلوا", "توجه", "انتقل", "انتقال", "غادر", "مغادرة", "نذار", "النزوح"),
    "evacuation warning": ("evacuation warning",),
    "نداء للسكان": ("عاجل", "تحذير", "إنذار", "انذار", "بيان", "نداء"),
    # French-only spellings, so that English sentences never run the French patterns.
    "ordre d'évacuation": ("ordre", "avis d", "avis à", "avertissement", "appel à", "appels à",
                           "appel d", "consigne", "alerte", "injonction", "mise en garde",
                           "mises en garde", "appels similaires", "appel similaire"),
    "appel à quitter": ("appelé", "appelle", "appeler", "appelant", "appelait", "exhort",
                        "sommé", "somme l", "invité", "invitant", "invite l", "demandé",
                        "demande a", "ordonn", "enjoin", "pressé", "intimé", "conseill",
                        "prié", "priés", "priées"),
    "doivent évacuer": ("doiv", "devez", "doit", "devront", "tenus", "tenues"),
    "évacuation ordonnée": ("ordonn", "décr", "annonc", "imposé", "imposée"),
    "impératif": ("évacuez", "evacuez", "quittez", "dirigez", "partez", "rendez-vous"),
}

TRIGGERS = [
    ("order to move", None),  # ORDER_VERB … "to" + MOTION: see order_to_move()
    ("warning to residents", re.compile(
        r"\b(?:urgent\s+|evacuation\s+|new\s+)?(?:warning|call|appeal|message)\s+to\s+(?:the\s+)?"
        r"(?:residents|inhabitants|people|citizens|population)\b", _I)),
    # Words that are verbs or nouns ("orders", "calls", "warns", "invite"): a close object only.
    ("order to move", re.compile(
        rf"\b(?:orders|order|calls|called|warns|invites?|invited|inviting|tell|ask|urge)\s+"
        rf"(?:[\w'’-]+\s+){{0,4}}?to\s+[“\"']?(?:\w+ly\s+)?{MOTION}\b", _I)),
    ("evacuation order", re.compile(
        r"\b(?:evacuation|displacement|relocation)\s+(?:orders?|notices?|calls?|"
        r"directives?|instructions?|maps?|alerts?|demands?|notifications?)\b", _I)),
    ("ordered evacuation", re.compile(
        r"\b(?:ordered|orders|demanded|announced|declared|issued)\s+(?:an?\s+|the\s+)?"
        r"(?:immediate\s+|full\s+|complete\s+|mandatory\s+|new\s+|fresh\s+)?"
        r"(?:evacuation|evacuations)\b", _I)),
    ("order to evacuate", re.compile(r"\b(?:orders?|call|calls|instructions?|warning)\s+to\s+"
                                     rf"{MOTION}\b", _I)),
    ("must move", re.compile(
        rf"\b(?:must|should|need\s+to|needs\s+to|have\s+to|has\s+to|are\s+to|were\s+to|"
        rf"is\s+to|are\s+required\s+to|were\s+required\s+to)\s+(?:immediately\s+|urgently\s+)?"
        rf"{MOTION}\b", _I)),
    ("mandatory evacuation", re.compile(r"\b(?:mandatory|compulsory|obligatory|forced)\s+"
                                        r"evacuations?\b", _I)),
    ("imperative", re.compile(
        r"(?:^|[\"“«:‘']\s*)(?:Evacuate|Leave|Move|Head|Go|Flee|Relocate|Vacate)\b"
        r"(?:\s+(?:immediately|now|your|to|south|north|west|east|at once))", 0)),
    ("leaflets", re.compile(r"\bleaflets?\b[^.;!?]{0,120}\b(?:evacuat|leave|move|head|flee)", _I)),
    ("إخلاء", re.compile(
        r"(?:إخلاء|اخلاء|بإخلاء|بالإخلاء|الإخلاء|أخلوا|اخلوا|إخلوا|توجهوا|التوجه|بالتوجه|"
        r"انتقلوا|الانتقال|بالانتقال|غادروا|مغادرة|بمغادرة|إنذار|انذار|النزوح\s+(?:إلى|نحو))")),
    # "عاجل إلى جميع السكان المتواجدين في …", "إنذار إلى سكان …": an urgent message to residents.
    ("نداء للسكان", re.compile(
        r"(?:عاجل|تحذير|إنذار|انذار|بيان|نداء)\s*[:：]?\s*(?:إلى|الى|ل)\s*(?:جميع\s+)?"
        r"(?:سكان|السكان|المواطنين|المتواجدين|الموجودين|القاطنين)")),
    # Last among the English triggers: where warnings are a tier below orders (US counties:
    # "evacuation warning" = get ready), a sentence with only a warning is no order; see
    # WARNING_TIER.  Elsewhere (the IDF's "evacuation warning to residents") it is one.
    ("evacuation warning", re.compile(r"\bevacuation\s+warnings?\b", _I)),
    # French: "ordre d'évacuation", "appelé les habitants … à quitter", "doivent évacuer".
    ("ordre d'évacuation", re.compile(
        r"\b(?:ordres?|avis|avertissements?|appels?|consignes?|alertes?|injonctions?)\s+"
        r"(?:urgents?\s+|immédiats?\s+|nouveaux?\s+)?(?:d['’]|à\s+(?:l['’])?)"
        r"(?:évacu|evacu|quitter|partir)"
        # "Des mises en garde similaires ont été émises pour les quartiers de …"
        r"|\b(?:mises?\s+en\s+garde|avertissements?|alertes?|appels?)\s+(?:similaires?\s+)?"
        r"(?:ont|a)\s+été\s+(?:émis|émises?|lancée?s?|adressée?s?|publiée?s?)\s+(?:pour|aux?|à)\b",
        _I)),
    ("appel à quitter", re.compile(
        r"\b(?:appel(?:é|ée|és|ées|le|lent|er|ant|ait)?|exhort\w*|somm(?:é|ée|és|ées|e|ent)|"
        r"invit\w*|demand(?:é|ée|és|ées|e|ent|ait)|ordonn\w*|enjoin\w*|pressé\w*|intim\w*|"
        r"conseill\w*|pri(?:é|ée|és|ées))\b"
        r"[^.;!?]{0,300}?\b(?:à|a|de|d['’])\s*(?:immédiatement\s+|rapidement\s+)?(?:quitter|"
        r"évacuer|evacuer|partir|fuir|se\s+diriger|se\s+rendre|rejoindre|se\s+déplacer|"
        r"s['’]éloigner|abandonner|gagner|se\s+réfugier)\b", _I)),
    ("doivent évacuer", re.compile(
        r"\b(?:doivent|devez|doit|devront|sont\s+tenu(?:e)?s\s+de)\s+(?:immédiatement\s+)?"
        r"(?:évacuer|evacuer|quitter|partir|se\s+diriger|se\s+rendre)\b", _I)),
    ("évacuation ordonnée", re.compile(
        r"\b(?:ordonn(?:é|ée|e|ent|ait)|décrét(?:é|ée)|décrète|annonc(?:é|ée|e)|imposée?)\s+"
        r"(?:l['’]|une\s+|la\s+)?(?:évacuation|evacuation)", _I)),
    ("impératif", re.compile(
        r"(?:^|[\"“«:‘']\s*)(?:évacuez|evacuez|quittez|dirigez-vous|partez|rendez-vous)\b", _I)),
]

HEDGES = [
    ("background", re.compile(
        r"\bhad\s+(?:already\s+|\w+ly\s+)?(?:been\s+)?(?:already\s+|\w+ly\s+)?"
        r"(?:told|ordered|instructed|"
        r"urged|asked|forced|evacuated|fled|displaced|warned)\b"
        r"|\bavai(?:t|ent)\s+(?:déjà\s+)?(?:été\s+)?(?:appelé|ordonné|sommé|demandé|adressé|"
        r"exhorté)", _I)),
    ("hypothetical", re.compile(
        r"\bin\s+(?:the\s+)?case\s+of\b|\bif\s+(?:an?\s+|the\s+)?(?:evacuation|order)|"
        r"\b(?:would|could|may|might)\s+(?:soon\s+)?(?:be\s+)?(?:order|told|evacuat|forced)|"
        r"\bthreat(?:en|ens|ened)?\s+to\s+(?:order|evacuate)|\bplans?\s+to\s+(?:order|evacuate)|"
        r"\bwhether\b|^\W*when\b", _I)),
    ("reference", None),  # "this evacuation order was his fourth": see is_reference()
    ("negation", re.compile(
        r"\b(?:no|never|without)\s+(?:new\s+|further\s+|fresh\s+)?(?:evacuation|order)|"
        r"\b(?:did|does|do|has|have|had|was|were)\s*n[o']t\s+(?:been\s+)?(?:order|tell|told|ask|"
        r"issue|instruct)|\bnot\s+(?:been\s+)?(?:ordered|told|asked|instructed)\b|"
        r"\bno\s+(?:place|where)\s+(?:to\s+go|safe)|\bnowhere\s+(?:to\s+go|safe)", _I)),
]

_ORDER_VERB = re.compile(rf"\b{ORDER_VERB}\b", _I)
_TO_MOTION = re.compile(rf"\bto\s+[“\"']?(?:\w+ly\s+|now\s+|pack\s+(?:up\s+)?and\s+)?{MOTION}\b",
                        _I)
_STOP = re.compile(r"[.;!?]")


def order_to_move(text: str, *, lowered: bool = False):
    """An order verb followed, within 120 characters of the same clause, by "to" + a verb
    of motion ("told residents of Rafah to leave").  Two small searches instead of one
    pattern with a lazy gap, which is many times slower on long sentences.  ``lowered``:
    the text is lower-cased already (the case-sensitive twins are used)."""
    verbs, to_motion = (_ORDER_VERB_LOWER, _TO_MOTION_LOWER) if lowered else (_ORDER_VERB,
                                                                                _TO_MOTION)
    for verb in verbs.finditer(text):
        window = text[verb.end(): verb.end() + 2000]
        stop = _STOP.search(window)
        if stop:
            window = window[:stop.start()]
        m = to_motion.search(window)
        # "told the residents of <thirty villages> to evacuate": a list of names is one
        # object, however long; only the words around it count towards the distance.
        if m and (m.start() <= 120 or len(_LIST_RUN.sub(" ", window[:m.start()])) <= 120):
            return verb
    return None


# Two or more short items (up to four words) joined by commas, "and", "et", و: a list.
_LIST_RUN = re.compile(r"(?:[^\s,،()]+(?:[ \t]+[^\s,،()]+){0,3}(?:[ \t]*\([^()]{0,60}\))?"
                       r"[ \t]*(?:,|،)[ \t]*(?:(?:and|et|or)[ \t]+)?){2,}"
                       r"[^\s,،()]+(?:[ \t]+[^\s,،()]+){0,3}")


_DEMONSTRATIVE_ORDER = re.compile(r"\b(?:this|that|the\s+same)\s+(?:evacuation\s+)?orders?\b",
                                  _I)
_ORDER_VERBS = re.compile(r"\b(?:told|ordered|instructed|urged|called|warned)\b", _I)


def is_reference(text: str) -> bool:
    """The sentence only refers back to an order ("this evacuation order…") and gives none."""
    return bool(_DEMONSTRATIVE_ORDER.search(text)) and not _ORDER_VERBS.search(text)


def _keyword_automaton():
    import ahocorasick

    automaton = ahocorasick.Automaton()
    by_word: dict[str, set[str]] = {}
    for name, words in TRIGGER_WORDS.items():
        for w in words:
            by_word.setdefault(w, set()).add(name)
    for w, names in by_word.items():
        automaton.add_word(w, frozenset(names))
    automaton.make_automaton()
    return automaton


_TRIGGER_KEYWORDS = _keyword_automaton()


def possible_triggers(low: str) -> set[str]:
    """The triggers whose keywords occur in the lower-cased sentence (one automaton pass);
    only their patterns need to run."""
    found: set[str] = set()
    for _, names in _TRIGGER_KEYWORDS.iter(low):
        found |= names
    return found


EXEMPTION_WORDS = ("not", "n't", "exclu", "مشمول", "except", "exclud", "exempt", "apart from",
                   "باستثناء", "عدا", "يشمل", "exception", "sauf", "hormis", "ne concerne",
                   "ne s'", "ne s’", "ne vise")


#: one pass for "does the sentence hold an exemption word" (lower-cased sentence)
EXEMPTION_WORD = re.compile("|".join(map(re.escape, EXEMPTION_WORDS)))
# Role cues: the role applies to the places that follow, up to the next cue.
DESTINATION_CUES = re.compile(
    r"\b(?:towards?|toward|into)\b"
    r"|\bshelters?\s+(?:in|at)\b|\b(?:humanitarian|safe)\s+(?:zones?|areas?)\s+(?:in|of|at)\b"
    r"|\b(?:move|moving|head|heading|go|going|relocate|relocating|evacuate|evacuating|flee|"
    r"proceed|return)\s+(?:\S+\s+){0,4}?(?:to|towards?|into)\b"
    r"|\b(?:move|head|go|relocate|evacuate|flee|proceed)\s+(?:immediately\s+)?"
    r"(?:north|south|east|west)(?:wards?)?\s+of\b"
    r"|\b(?:leave|left|leaving|head|headed|heading|depart|departed|set\s+off|make)\s+for\b"
    r"|(?:إلى|الى|نحو|باتجاه|صوب|لمنطقة|للمنطقة|لمناطق)"
    r"|\bvers\b|\ben\s+direction\s+d(?:e|u|es)\b|\b(?:se|vous|nous)\s+(?:rendre|diriger|"
    r"réfugier)\s+(?:à|au|aux|vers|dans|en)\b|\brejoindre\b"
    r"|\b(?:rendez|dirigez|réfugiez)-vous\s+(?:à|au|aux|vers|dans|en)\b", _I)
# A bare "to" points at a destination only when a place follows at once ("to Rafah",
# "to the town of al-Mawasi", "to areas north of the Awali"), not in "orders to residents".
TO_PLACE = re.compile(r"\bto\b", _I)
TO_FILLER = re.compile(
    r"^\s*(?:the\s+)?(?:so-called\s+|designated\s+|adjusted\s+|coastal\s+|western\s+|"
    r"southern\s+)*(?:(?:town|city|village|area|areas|region|neighbou?rhoods?|zone|camp|"
    r"humanitarian\s+(?:zone|area)|shelters?)\s+(?:of|in|at)\s+(?:the\s+)?)?"
    r"(?:areas?\s+)?(?:(?:north|south|east|west)(?:ern)?\s+of\s+(?:the\s+)?)?$", _I)
# "…al-Mawasi area, west of Khan Younis", "in the southwest of the island of Chios",
# "Livadia, Chios": a reference point or a qualifier, not an area in the order.
REFERENCE_BEFORE = re.compile(
    r"(?:,\s*|\bin\s+the\s+)(?:(?:north|south|east|west|north-?east|north-?west|south-?east|"
    r"south-?west)(?:ern|ward)?\s+(?:part\s+|side\s+|edge\s+)?of\s+(?:the\s+)?"
    r"(?:(?:island|city|town|village|region)\s+of\s+)?)$"
    r"|\bnear\s+(?:the\s+)?$|\bclose\s+to\s+(?:the\s+)?$", _I)
QUALIFIER_BEFORE = re.compile(r"^\s*,\s*$")
# "Youssef Abu Taimah, from the town of Al-Qarara in Khan Yunis, told AFP": a speaker's home.
ATTRIBUTION = re.compile(r",\s*(?:a\s+[\w-]+\s+)?(?:from|of)\s+[^,]{2,80},\s*(?:told|said|says|"
                         r"added|recalled|explained)\b", _I)
AFFECTED_CUES = re.compile(
    r"\b(?:residents|people|inhabitants|population|civilians|families|those|everyone|anyone|"
    r"palestinians|gazans|lebanese|citizens|locals|households|visitors|displaced)"
    r"\s+(?:of|in|living\s+in|staying\s+in|present\s+in|from|sheltering\s+in)\b"
    r"|\bfrom\b|\b(?:leave|evacuate|vacate|flee|evacuation\s+of|evacuations?\s+(?:in|for))\b"
    r"|\b(?:orders?|warnings?|call)\s+(?:for|covering|in)\b"
    r"|\b(?:issued|announced|declared|imposed)\s+(?:for|on)\b"
    r"|\b(?:leaflets|flyers|fliers|pamphlets)\s+(?:\w+\s+)?(?:over|on|in|across)\b"
    r"|\b(?:present|living|staying|sheltering|located)\s+in\b"
    r"|\b(?:residents|people|inhabitants|population|civilians|families|those|everyone|anyone|"
    r"everybody)\s+(?:living\s+|staying\s+|present\s+)?(?=(?:north|south|east|west)(?:ern)?"
    r"\s+of\b)"
    r"|\b(?:cover(?:ed|s|ing)?|includ(?:ed|es|ing)|affect(?:ed|s|ing))\b"
    r"|\b(?:comprennent|comprend|incluent|inclut|concernent|concerne)\b"
    r"|(?:سكان|لسكان|من|إخلاء|اخلاء|بإخلاء|أحياء|مناطق|بلدات|قرى|في)(?=\s)"
    r"|\b(?:habitants|résidents|populations?|personnes|civils)\s+(?:se\s+trouvant\s+(?:toujours\s+|"
    r"encore\s+)?)?(?:de|des|du|à|dans|d['’])\b|\bse\s+trouvant\s+(?:toujours\s+|encore\s+)?"
    r"(?:à|dans)\b|\b(?:quitter|évacuer|évacuation\s+d(?:e|u|es))\b", _I)
# "the areas of X", "villages in X", "such as X": the places keep the role they had,
# or are affected when nothing came before.
# Cues that are just prepositions: inside a relative clause they do not revive the order.
WEAK_CUE = re.compile(r"(?:from|to|towards?|toward|into|في|من|إلى|الى)", _I)
# "villages in southern Lebanon", "areas in northern Gaza": a broad area framing others.
FRAME_BEFORE = re.compile(r"\b(?:areas?|villages?|towns?|neighbou?rhoods?|parts?|places|"
                          r"communities|localities)\s+(?:in|of|across)\s+(?:the\s+)?$", _I)
# "Charlotte County: … evacuation orders …", a bulletin's list item: the label is the area.
LABEL = re.compile(r"^[ \t]*(?P<label>[^:\n]{2,60}?)[ \t]*:[ \t]+\S", re.MULTILINE)
EVACUATION_WORD = re.compile(r"evacuat|إخلاء|اخلاء|displacement order", _I)

NEUTRAL_CUES = re.compile(
    r"\b(?:areas?|neighbou?rhoods?|villages?|towns?|city|cities|districts?|parts?|half|blocks?|"
    r"region|camps?|zone)\s+(?:of|in)\b|\bincluding\b|\bsuch\s+as\b|\bnamely\b"
    r"|\b(?:quartiers?|villages?|localités|communes?|zones?|régions?)\s+d(?:e|u|es|['’])", _I)
# A clause that leaves the order behind: the places in it take no role.
CLAUSE_BREAKS = re.compile(
    r",\s+(?:which|who|where|whose|when|while|as(?!\s+well\s+as)|after|before|although|but)\b"
    r"|;|\s[—–]\s"
    r"|[”\"»]\s*,?\s*(?:he|she|they|it|the\s+\w+|(?-i:[A-Z])[\w.]+(?:\s+(?-i:[A-Z])[\w.]+){0,4})\s+"
    r"(?:said|says|added|wrote|posted|mentioned|stated|told|continued)\b", _I)
# A sentence that details the areas of the order just reported ("The army will operate
# in the areas of Jabalya and Nazla").
AREA_DETAIL = re.compile(r"\b(?:in|across)\s+the\s+(?:areas?|neighbou?rhoods?|villages?|towns?)"
                         r"\s+of\b|\bthe\s+areas?\s+(?:of|including)\b"
                         r"|\b(?:affected|evacuated|targeted|designated|listed)\s+(?:areas?|"
                         r"villages?|towns?|neighbou?rhoods?|blocks?|communities)\b"
                         # "The villages include A, B…", "The areas are: …", "Les villages sont"
                         r"|^\W*(?:the|these|those|les|ces)\s+(?:\w+\s+)?(?:villages?|towns?|"
                         r"areas?|neighbou?rhoods?|communities|localities|localités|quartiers|"
                         r"communes)\s+(?:include|includes|included|are|were|listed|named|"
                         r"concerned|concerné(?:e)?s|sont|comprennent)\b"
                         # "…listed the areas, including A, B", "The list also included C"
                         r"|\blisted\s+the\s+(?:areas?|villages?|towns?|neighbou?rhoods?)\b"
                         r"|\bthe\s+list\s+(?:also\s+)?(?:includ\w*|compris\w*|contain\w*)\b"
                         r"|\bla\s+liste\s+(?:comprend|inclut)\b", _I)
# "Reception centres are being set up in Calgary", "Evacuees can also stop for shelter at
# McBride": where people leaving under the order before are told to go.
DESTINATION_DETAIL = re.compile(
    r"\b(?:reception|evacuation|welcome|evacuee|relief|registration)\s+(?:centres?|centers?|"
    r"points?|sites?)\b"
    r"|\bevacuees\s+(?:can|could|should|may|are\s+asked\s+to)\s+(?:also\s+)?(?:go|stop|head|"
    r"stay|shelter|register|report)\b"
    r"|\b(?:people|residents)\s+(?:can|should|may)\s+(?:also\s+)?(?:go|head|report)\s+to\b"
    r"|\bshelters?\s+(?:has|have|had)\s+(?:been\s+)?(?:opened|set\s+up)\b"
    r"|\bcentres?\s+d['’](?:accueil|hébergement)\b|مراكز\s+(?:الإيواء|الايواء)", _I)
#: one of which DESTINATION_DETAIL needs (as written: a cheap test before the pattern)
DESTINATION_DETAIL_WORDS = ("entre", "enter", "vacuees", "helter", "مراكز", "can go", "can head",
                            "should go", "can report", "should report", "accueil", "hébergement",
                            "points", "sites")
DESTINATION_DETAIL_WORD = re.compile("|".join(map(re.escape, DESTINATION_DETAIL_WORDS)))
# "That zone, in the coastal area of Al Mawasi, …": the place a previous order's
# unnamed destination turns out to be.
ZONE_ANAPHORA = re.compile(r"^\W*(?:that|this|the)\s+(?:humanitarian\s+|safe\s+)?"
                           r"(?:zone|area)\b", _I)
UNNAMED_DESTINATION = re.compile(r"\b(?:to|towards?|into)\s+(?:the\s+)?(?:\S+\s+){0,3}?"
                                 r"[\"“]?(?:humanitarian|safe)\s+(?:zone|area)", _I)
EXEMPTION_CUES = re.compile(
    r"\b(?:does|do|did|will|would)\s*(?:not|n't)\s+(?:apply|include|cover|affect)\s*(?:to\s+)?"
    r"|\bexcept(?:\s+for)?\b|\bexcluding\b|\bwith\s+the\s+exception\s+of\b|\bapart\s+from\b"
    r"|\bexempt(?:ed|s)?\b|\bnot\s+(?:included|covered)\b|باستثناء|ما\s+عدا|لا\s+يشمل"
    r"|\bà\s+l['’]exception\s+d(?:e|u|es)\b|\bsauf\b|\bhormis\b"
    r"|\bne\s+(?:concerne|s['’]applique|vise)\s+pas\b", _I)
# "Nasser Hospital is not included in the order": the places *before* the cue are spared.
EXEMPTION_PASSIVE = re.compile(
    r"\b(?:is|are|was|were|will\s+be|would\s+be|remains?)\s+(?:not\s+(?:included|covered|"
    r"affected|part\s+of|subject\s+to)|exempt(?:ed)?|excluded)\b"
    r"|\bn['’](?:est|sont)\s+pas\s+(?:concerné|inclus|visé)|\bsont\s+exclu(?:e)?s\b"
    r"|\best\s+exclu(?:e)?\b|\bغير\s+مشمول", _I)
# "Charlotte County, north of Fort Myers, has issued mandatory evacuations for …": a local
# authority's orders are for its own area.
ISSUING_PLACE_AFTER = re.compile(
    r"(?:\s*,[^,.;]{0,60},|\s+in\s+the\s+[\w\s-]{1,40}?)?\s+(?:officials\s+|authorities\s+)?"
    r"(?:has\s+|have\s+|had\s+|"
    r"on\s+\w+\s+)?(?:issued|ordered|announced|declared|expanded|extended|updated|imposed)\b", _I)
# A place right before these is affected ("Khan Younis residents were told…").
AFFECTED_AFTER = re.compile(r"^\s*(?:residents|inhabitants|people|civilians|families)\b", _I)

# Relative areas.
SIDE_OF = re.compile(r"\b(north|south|east|west)(?:ern|wards?)?\s+of\s+(?:the\s+)?$", _I)
PART_OF = re.compile(
    r"\b(?:the\s+)?(north|south|east|west)(?:ern)?\s+(?:parts?|areas?|neighbou?rhoods?|"
    r"outskirts|districts?|sections?|side|edges?|suburbs?|half)\s+of\s+(?:the\s+)?$", _I)
DIRECTIONAL = re.compile(r"\b(north|south|east|west)(?:ern)?\s+$", _I)
#: "the area between X and Y": before X, and between X and Y
BETWEEN = re.compile(r"\bbetween\s+(?:the\s+)?$", _I)
BETWEEN_AND = re.compile(r"\s*(?:,\s*)?and\s+(?:the\s+)?", _I)
#: "within a one-mile radius of X", "within 2 km of X", "a 5-kilometre radius around X"
RADIUS_OF = re.compile(
    r"\b(?:within\s+)?(?:an?\s+)?(\d+(?:\.\d+)?|one|two|three|four|five|six|seven|eight|nine|"
    r"ten|half\s+a|a\s+half)[\s-]*(miles?|mi|kilomet(?:er|re)s?|km|met(?:er|re)s?|m)\b"
    r"(?:[\s-]+radius)?\s+(?:of|around|from)\s+(?:the\s+)?$", _I)
NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                "eight": 8, "nine": 9, "ten": 10, "half a": 0.5, "a half": 0.5}
UNIT_METRES = {"mile": 1609.344, "mi": 1609.344, "kilometer": 1000.0, "kilometre": 1000.0,
               "km": 1000.0, "meter": 1.0, "metre": 1.0, "m": 1.0}
ARABIC_SIDE = re.compile(r"(شمال|جنوب|شرق|غرب)(?:ي|ى)?\s+$")
ARABIC_SIDES = {"شمال": "north", "جنوب": "south", "شرق": "east", "غرب": "west"}

ISSUERS = [
    re.compile(r"\b(?:Avichay\s+)?Adraee\b|أفيخاي\s+أدرعي|أدرعي|ادرعي"),
    re.compile(r"\bthe\s+Israel[i]?\s+(?:military|army|Defen[cs]e\s+Forces|forces|"
               r"army's\s+Arabic[- ]language\s+spokes(?:person|man))\b", _I),
    re.compile(r"\b(?:Israeli\s+(?:military|army|forces|troops|authorities|officials))\b", _I),
    re.compile(r"\bIDF\b|\bIsrael\s+Defen[cs]e\s+Forces\b"),
    re.compile(r"جيش\s+الاحتلال(?:\s+الإسرائيلي)?|الجيش\s+الإسرائيلي|الاحتلال\s+الإسرائيلي"),
    re.compile(r"\b(?:[A-Z][a-z]+\s+){0,2}(?:authorities|officials|government|police|"
               r"fire\s+(?:service|department|brigade)|sheriff(?:'s\s+office)?|"
               r"civil\s+protection|emergency\s+management)\b"),
    re.compile(r"\bIsrael\b(?=\s+(?:has\s+|had\s+|on\s+\w+\s+)?(?:ordered|told|issued|warned|"
               r"instructed|urged|called|dropped|demanded))"),
    re.compile(r"\b(?:the\s+)?(?:military|army)\b", _I),
]

# US-style tiers: an "evacuation warning" that asks people to get ready is no order.
WARNING_TIER = re.compile(r"\b(?:prepare[ds]?|preparing|be\s+ready|get\s+ready|ready\s+to\s+"
                          r"(?:leave|evacuate|go|move)|be\s+set|get\s+set|level\s+2|"
                          r"be\s+prepared)\b", _I)
# "evacuation orders for A and evacuation warnings for B": B is not told to leave.
WARNING_CUE = re.compile(r"\bevacuation\s+warnings?\s+(?:(?:remain|remains|is|are|was|were)\s+"
                         r"in\s+(?:place|effect)\s+)?(?:for|in|covering|issued\s+for)\b", _I)

# Dates written in French or Arabic (the English ones are read by text.readers.parse_date).
FOREIGN_MONTHS = {
    **{m: i for i, ms in enumerate([
        "janvier", "février fevrier févr", "mars", "avril", "mai", "juin", "juillet",
        "août aout", "septembre sept", "octobre oct", "novembre nov", "décembre decembre déc"], 1)
        for m in ms.split()},
    # Levantine and Iraqi month names, then the Egyptian / Gulf ones.
    **{m: i for i, ms in enumerate([
        "كانون_الثاني يناير", "شباط فبراير", "آذار اذار مارس", "نيسان أبريل ابريل إبريل",
        "أيار ايار مايو", "حزيران يونيو يونيه", "تموز يوليو يوليه", "آب اب أغسطس اغسطس",
        "أيلول ايلول سبتمبر", "تشرين_الأول تشرين_الاول أكتوبر اكتوبر",
        "تشرين_الثاني نوفمبر", "كانون_الأول كانون_الاول ديسمبر"], 1)
        for m in ms.split()},
}
_MONTH_ALTERNATION = "|".join(sorted((m.replace("_", r"\s+") for m in FOREIGN_MONTHS),
                                     key=len, reverse=True))
FOREIGN_DATE = re.compile(rf"(?<!\d)(\d{{1,2}})(?:er)?\s+({_MONTH_ALTERNATION})(?![\w])"
                          rf"(?:\s*(?:،|,)?\s*(\d{{4}}))?", _I)
_FRENCH_MONTH_HINT = re.compile(r"\d(?:er)?\s+(?:janvier|fevrier|mars|avril|mai|juin|juillet|"
                                r"aout|septembre|octobre|novembre|decembre|sept|oct|nov)\b", _I)
_ARABIC_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")


def foreign_date(text: str, article_date: str | None = None) -> str | None:
    """The first French or Arabic date of ``text`` as ISO; the article's year when none is
    written.

    >>> foreign_date("أنذر الجيش يوم ٢٠ تشرين الأول ٢٠٢٣ السكان")
    '2023-10-20'
    >>> foreign_date("le 2 octobre, l'armée", "2024-10-03"), foreign_date("20 أكتوبر", None)
    ('2024-10-02', None)
    """
    from datetime import date

    if text.isascii() and not _FRENCH_MONTH_HINT.search(text):
        return None  # English: its dates are parse_date's
    m = FOREIGN_DATE.search(text.translate(_ARABIC_DIGITS))
    if not m:
        return None
    month_name = re.sub(r"\s+", "_", m.group(2).lower())
    month = FOREIGN_MONTHS.get(month_name)
    year = int(m.group(3)) if m.group(3) else (int(article_date[:4]) if article_date else None)
    if month is None or year is None:
        return None
    try:
        return date(year, month, int(m.group(1))).isoformat()
    except ValueError:
        return None


WEEKDAYS = {d: i for i, d in enumerate(
    ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"])}
WEEKDAY = re.compile(r"\bon\s+(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b", _I)


# The role cues, each with the role it gives the places after it.
ROLE_PATTERNS = ((AFFECTED_CUES, "affected"), (DESTINATION_CUES, "destination"),
                 (EXEMPTION_CUES, "exemption"), (NEUTRAL_CUES, "same"), (TO_PLACE, "to"),
                 (CLAUSE_BREAKS, "break"))


def lowercase_twin(rx: re.Pattern) -> re.Pattern:
    """The same pattern without IGNORECASE, to run on lower-cased text: Python's engine is
    much faster on literal letters than on case-folded ones.  Only for patterns whose
    literals are all lower case (tests/directives/test_lexicon.py checks they agree)."""
    return re.compile(rx.pattern, rx.flags & ~re.IGNORECASE) if rx.flags & re.IGNORECASE else rx


#: trigger name → its positions in TRIGGERS (a name may have several patterns)
TRIGGER_INDICES: dict[str, list[int]] = {}
for _i, (_name, _) in enumerate(TRIGGERS):
    TRIGGER_INDICES.setdefault(_name, []).append(_i)
#: trigger name → pattern to run on the lower-cased sentence (None: order_to_move)
LOWER_TRIGGERS = [(name, None if rx is None else (rx if name == "imperative"
                                                   else lowercase_twin(rx)))
                  for name, rx in TRIGGERS]
LOWER_HEDGES = [(name, None if rx is None else lowercase_twin(rx)) for name, rx in HEDGES]
#: words one of which each hedge needs (lower case): the pattern runs only if one is there
HEDGE_WORDS = {
    "background": ("had", "avai"),
    "hypothetical": ("case of", "if ", "would", "could", "may ", "might", "threat", "plan",
                     "whether", "when"),
    "negation": ("no ", "never", "without", "n't", "not ", "nowhere"),
}
#: role → the words every match of its cue pattern begins with (lower case)
ROLE_CUE_WORDS = {
    "affected": ("residents people inhabitants population civilians families those every anyone "
                 "palestinians gazans lebanese citizens locals households visitors displaced "
                 "from leave evacuat vacate flee order warning call issued announced declared "
                 "imposed leaflets flyers fliers pamphlets present living staying sheltering "
                 "located cover includ affect سكان لسكان من إخلاء اخلاء بإخلاء أحياء مناطق بلدات "
                 "قرى في habitants résidents population personnes se trouvant quitter "
                 "évacu comprenn comprend inclu concern civils").split(),
    "destination": ("toward into shelter humanitarian safe move moving head go relocat evacuat "
                    "flee proceed return leav left depart set make إلى الى نحو باتجاه صوب لمنطقة "
                    "للمنطقة لمناطق vers en direction se rendre se diriger se réfugier rejoindre "
                    "vous nous "
                    "rendez dirigez réfugiez").split(),
    "exemption": ("do did will would except excluding with apart exempt not باستثناء ما لا "
                  "sauf hormis").split() + ["à l'exception", "à l’exception", "ne concerne",
                                            "ne s'applique", "ne s’applique", "ne vise"],
    "same": ("area neighbo village town cit district part half block region camp zone including "
             "such namely quartier localit commune région").split(),
    "to": ["to"],
}
#: the role cues to run on the lower-cased sentence: only where their first words occur
#: (clause breaks, whose speaker names need case, on the sentence as written)
LOWER_ROLE_PATTERNS = tuple((rx if role == "break" else
                             KeywordPattern(lowercase_twin(rx), ROLE_CUE_WORDS[role]), role)
                            for rx, role in ROLE_PATTERNS)
_ORDER_VERB_LOWER = lowercase_twin(_ORDER_VERB)
_TO_MOTION_LOWER = lowercase_twin(_TO_MOTION)
